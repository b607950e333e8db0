/*
 * edit.c: a small UTF-8 editing buffer for the compose pane.
 *
 * The cursor is a byte offset that only ever stops on a character
 * boundary, and never between a letter and its combining marks, so that
 * deleting "ş" written as s + U+0327 removes both.  Up and down keep the
 * display column they started from (the goal), like any editor.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "temas/edit.h"
#include "temas/text.h"

static int reserve(struct text_edit *e, size_t extra)
{
	size_t cap = e->cap ? e->cap : 256;
	char *p;

	if (e->len + extra + 1 <= e->cap)
		return 0;
	while (cap < e->len + extra + 1)
		cap *= 2;
	p = realloc(e->buf, cap);
	if (p == NULL)
		return -1;
	e->buf = p;
	e->cap = cap;
	return 0;
}

static uint32_t cp_at(const struct text_edit *e, size_t off, size_t *n)
{
	uint32_t cp;

	*n = text_decode_utf8(e->buf + off, e->len - off, &cp);
	return cp;
}

static int is_mark(uint32_t cp)
{
	return cp != '\n' && cp != '\t' && text_width_cp(cp) == 0;
}

/* Start of the character before off (skipping back over combining marks). */
static size_t prev_char(const struct text_edit *e, size_t off)
{
	while (off > 0) {
		size_t n;

		off--;
		while (off > 0 && ((unsigned char)e->buf[off] & 0xC0) == 0x80)
			off--;
		if (!is_mark(cp_at(e, off, &n)))
			break;
	}
	return off;
}

/* End of the character at off (with the combining marks after it). */
static size_t next_char(const struct text_edit *e, size_t off)
{
	size_t n;

	if (off >= e->len)
		return e->len;
	cp_at(e, off, &n);
	off += n;
	while (off < e->len && is_mark(cp_at(e, off, &n)))
		off += n;
	return off;
}

int text_edit_init(struct text_edit *e, const char *text, size_t cursor)
{
	char *clean = text_sanitize(text, text ? strlen(text) : 0, TEXT_KEEP_NEWLINES);

	memset(e, 0, sizeof *e);
	e->goal = -1;
	if (clean == NULL)
		return -1;
	e->buf = clean;
	e->len = strlen(clean);
	e->cap = e->len + 1;
	if (cursor > e->len)
		cursor = e->len;
	while (cursor > 0 && cursor < e->len &&
	       ((unsigned char)e->buf[cursor] & 0xC0) == 0x80)
		cursor--;
	e->cur = cursor;
	return 0;
}

void text_edit_free(struct text_edit *e)
{
	free(e->buf);
	memset(e, 0, sizeof *e);
}

int text_edit_insert(struct text_edit *e, const char *s, size_t n)
{
	char *clean = text_sanitize(s, n, TEXT_KEEP_NEWLINES);
	size_t k;

	if (clean == NULL)
		return -1;
	k = strlen(clean);
	if (reserve(e, k) != 0) {
		free(clean);
		return -1;
	}
	memmove(e->buf + e->cur + k, e->buf + e->cur, e->len - e->cur + 1);
	memcpy(e->buf + e->cur, clean, k);
	e->len += k;
	e->cur += k;
	e->goal = -1;
	free(clean);
	return 0;
}

static void cut(struct text_edit *e, size_t from, size_t to)
{
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	e->cur = from;
	e->goal = -1;
}

void text_edit_backspace(struct text_edit *e)
{
	if (e->cur > 0)
		cut(e, prev_char(e, e->cur), e->cur);
}

void text_edit_delete(struct text_edit *e)
{
	if (e->cur < e->len)
		cut(e, e->cur, next_char(e, e->cur));
}

void text_edit_left(struct text_edit *e)
{
	e->cur = prev_char(e, e->cur);
	e->goal = -1;
}

void text_edit_right(struct text_edit *e)
{
	e->cur = next_char(e, e->cur);
	e->goal = -1;
}

/*
 * The wrapped lines (malloc'd) and their count; NULL on out of memory.
 * A final newline opens an empty line the cursor can stand on.
 */
static struct text_line *wrap(const struct text_edit *e, int cols, int *n)
{
	struct text_line *l;
	int extra = e->len > 0 && e->buf[e->len - 1] == '\n';

	*n = text_wrap(e->buf, cols, NULL, 0);
	l = malloc(sizeof *l * (size_t)(*n + extra));
	if (l == NULL)
		return NULL;
	text_wrap(e->buf, cols, l, *n);
	if (extra) {
		l[*n].off = e->len;
		l[*n].len = 0;
		l[*n].width = 0;
		(*n)++;
	}
	return l;
}

/* The wrapped line the cursor is on: the last one starting at or before it. */
static int line_of(const struct text_line *l, int n, size_t cur)
{
	int i = 0;

	while (i + 1 < n && l[i + 1].off <= cur)
		i++;
	return i;
}

static int col_of(const struct text_edit *e, const struct text_line *l,
		  size_t cur, int cols)
{
	int w = text_width_len(e->buf + l->off, cur - l->off);

	return w > cols ? cols : w;
}

/* The offset in line l closest to column goal without passing it. */
static size_t offset_at(const struct text_edit *e, const struct text_line *l,
			int goal)
{
	size_t off = l->off, end = l->off + l->len;

	while (off < end) {
		size_t nx = next_char(e, off);

		if (nx > end ||
		    text_width_len(e->buf + l->off, nx - l->off) > goal)
			break;
		off = nx;
	}
	return off;
}

static void vertical(struct text_edit *e, int cols, int delta)
{
	struct text_line *l;
	int n, i;

	if ((l = wrap(e, cols, &n)) == NULL)
		return;
	i = line_of(l, n, e->cur);
	if (e->goal < 0)
		e->goal = col_of(e, &l[i], e->cur, cols);
	if (i + delta < 0)
		e->cur = 0;
	else if (i + delta >= n)
		e->cur = e->len;
	else
		e->cur = offset_at(e, &l[i + delta], e->goal);
	free(l);
}

void text_edit_up(struct text_edit *e, int cols)
{
	vertical(e, cols, -1);
}

void text_edit_down(struct text_edit *e, int cols)
{
	vertical(e, cols, 1);
}

void text_edit_home(struct text_edit *e, int cols)
{
	struct text_line *l;
	int n;

	if ((l = wrap(e, cols, &n)) == NULL)
		return;
	e->cur = l[line_of(l, n, e->cur)].off;
	e->goal = -1;
	free(l);
}

void text_edit_end(struct text_edit *e, int cols)
{
	struct text_line *l;
	int n, i;

	if ((l = wrap(e, cols, &n)) == NULL)
		return;
	i = line_of(l, n, e->cur);
	if (i + 1 >= n)
		e->cur = e->len;
	else if (e->buf[l[i + 1].off - 1] == '\n')
		e->cur = l[i + 1].off - 1;    /* before the line's newline */
	else
		e->cur = l[i].off + l[i].len; /* before a soft break */
	e->goal = -1;
	free(l);
}

void text_edit_cursor(const struct text_edit *e, int cols, int *line, int *col)
{
	struct text_line *l;
	int n, i;

	*line = *col = 0;
	if ((l = wrap(e, cols, &n)) == NULL)
		return;
	i = line_of(l, n, e->cur);
	*line = i;
	*col = col_of(e, &l[i], e->cur, cols);
	free(l);
}
