/*
 * draw.c: the only way text reaches the screen.
 *
 * Every string is sanitised (text from customers may carry escape
 * sequences, controls, bidi overrides or broken UTF-8) and fitted to its
 * columns by display width, so a column never pushes the next one and no
 * character is split.  Curses gets whole UTF-8 strings (ncursesw under
 * setlocale) and only the changed cells are sent at doupdate().
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/i18n.h"
#include "temas/text.h"

#define PUT_MAX 4096

const char *ui_clean(const char *s, char *buf, size_t n)
{
	char *clean = text_sanitize(s, s ? strlen(s) : 0, 0);

	/* Wide enough never to cut; text_fit stops at a whole character
	 * when buf is full. */
	text_fit(clean ? clean : "", INT_MAX / 2, buf, n, 0);
	free(clean);
	return buf;
}

int ui_put(struct ui *ui, int y, int x, const char *s, int cols,
	   enum ui_elem el, int pad)
{
	char out[PUT_MAX];
	char *clean;
	int w;

	if (cols <= 0)
		return 0;
	if (cols > PUT_MAX / 8)
		cols = PUT_MAX / 8;
	clean = text_sanitize(s, s ? strlen(s) : 0, 0);
	text_fit(clean ? clean : "", cols, out, sizeof out, pad);
	free(clean);
	attrset(ui->attr[el]);
	mvaddstr(y, x, out);
	w = text_width(out);
	attrset(ui->attr[EL_NORMAL]);
	return w;
}

void ui_put_right(struct ui *ui, int y, int x, const char *s, int cols,
		  enum ui_elem el)
{
	char out[PUT_MAX];
	char *clean;
	int w;

	if (cols <= 0)
		return;
	clean = text_sanitize(s, s ? strlen(s) : 0, 0);
	text_fit(clean ? clean : "", cols, out, sizeof out, 0);
	free(clean);
	w = text_width(out);
	ui_fill(ui, y, x, cols - w, el);
	attrset(ui->attr[el]);
	mvaddstr(y, x + cols - w, out);
	attrset(ui->attr[EL_NORMAL]);
}

void ui_fill(struct ui *ui, int y, int x, int cols, enum ui_elem el)
{
	if (cols <= 0)
		return;
	attrset(ui->attr[el]);
	mvhline(y, x, ' ', cols);
	attrset(ui->attr[EL_NORMAL]);
}

void ui_title(struct ui *ui, const struct rect *r, const char *title,
	      int focused)
{
	enum ui_elem el = focused ? EL_TITLE_FOCUS : EL_TITLE;

	ui_fill(ui, r->y, r->x, r->w, el);
	ui_put(ui, r->y, r->x, focused ? "> " : "  ", 2, el, 0);
	ui_put(ui, r->y, r->x + 2, title, r->w - 2, el, 1);
}

void ui_time(const struct ui *ui, long long utc, char *buf, size_t n)
{
	if (utc <= 0 || text_format_time(utc, ui->time_fmt, buf, n) < 0)
		snprintf(buf, n, "-");
}

void ui_date(const struct ui *ui, long long utc, char *buf, size_t n)
{
	if (utc <= 0 || text_format_time(utc, ui->day_fmt, buf, n) < 0)
		snprintf(buf, n, "-");
}

const char *ui_label(const char *code)
{
	/* Codes are stored in English; the screen speaks the user's language. */
	static const char *const labels[][2] = {
		{ "low", N_("low") }, { "normal", N_("normal") },
		{ "high", N_("high") }, { "urgent", N_("urgent") },
		{ "placed", N_("placed") }, { "shipped", N_("shipped") },
		{ "delivered", N_("delivered") }, { "cancelled", N_("cancelled") },
		{ "returned", N_("returned") },
		{ "new", N_("new") }, { "open", N_("open") },
		{ "pending", N_("pending") }, { "escalated", N_("escalated") },
		{ "resolved", N_("resolved") }, { "closed", N_("closed") },
		{ "standard", N_("standard") }, { "silver", N_("silver") },
		{ "gold", N_("gold") }, { "platinum", N_("platinum") },
	};
	size_t i;

	for (i = 0; code != NULL && i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(code, labels[i][0]) == 0)
			return _(labels[i][1]);
	return code ? code : "";
}

void ui_money(struct ui *ui, long long minor, const char *currency,
	      char *buf, size_t n)
{
	if (text_format_money(minor, currency, ui->turkish, buf, n) < 0)
		snprintf(buf, n, "%lld", minor);
}

void ui_message(struct ui *ui, int is_error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
	ui->message_error = is_error;
}

enum ui_elem ui_row_style(int selected)
{
	return selected == 2 ? EL_SELECTED : selected == 1 ? EL_SELECTED_BLUR
							   : EL_NORMAL;
}

int ui_row_begin(struct ui *ui, const struct rect *r, int selected)
{
	enum ui_elem el = ui_row_style(selected);
	int i;

	/* Only an entry's first line shows the selection: moving it then
	 * repaints two lines, not two whole entries. */
	for (i = 0; i < r->h; i++)
		ui_fill(ui, r->y + i, r->x, r->w, selected && i == 0 ? el : EL_NORMAL);
	ui_put(ui, r->y, r->x, selected ? ">" : " ", 1, el, 0);
	return 1;
}

static const char *dir_word(enum direction d)
{
	return d == DIR_OUT ? _("out") : d == DIR_NOTE ? _("note") : _("in");
}

static enum ui_elem dir_style(enum direction d)
{
	return d == DIR_OUT ? EL_OUTBOUND : d == DIR_NOTE ? EL_NOTE : EL_INBOUND;
}

/* One line of wrapped text: bytes [off, off+len) of s. */
static void put_slice(struct ui *ui, int y, int x, const char *s, size_t len,
		      int cols, enum ui_elem el)
{
	char buf[PUT_MAX];

	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	ui_put(ui, y, x, buf, cols, el, 0);
}

void ui_draw_entry(struct ui *ui, const struct rect *r, int selected,
		   const struct ui_entry *e)
{
	enum ui_elem el = ui_row_style(selected);
	struct text_line lines[16];
	char when[TEXT_DATE_MAX];
	char *clean;
	int x = r->x + 2, end = r->x + r->w, nl, i, room = r->h - 1, w;

	ui_row_begin(ui, r, selected);
	ui_time(ui, e->at, when, sizeof when);
	x += ui_put(ui, r->y, x, when, end - x, el, 0) + 1;
	if (e->channel && *e->channel)
		x += ui_put(ui, r->y, x, e->channel, 10, el, 1) + 1;
	if (e->has_dir)
		x += ui_put(ui, r->y, x, dir_word(e->dir), 4,
			    selected ? el : dir_style(e->dir), 1) + 1;
	if (e->who && *e->who)
		x += ui_put(ui, r->y, x, e->who, 12, el, 0) + 1;
	ui_put(ui, r->y, x, e->head, end - x, selected ? el : e->head_el, 0);
	if (room <= 0 || e->text == NULL || *e->text == '\0')
		return;
	if (room > 16)
		room = 16;
	w = r->w - 4;
	clean = text_sanitize(e->text, strlen(e->text), 0);
	if (clean == NULL)
		return;
	nl = text_wrap(clean, w, lines, room);
	for (i = 0; i < nl && i < room; i++) {
		if (i == room - 1 && nl > room)
			ui_put(ui, r->y + 1 + i, r->x + 4, clean + lines[i].off, w,
			       EL_NORMAL, 0);
		else
			put_slice(ui, r->y + 1 + i, r->x + 4, clean + lines[i].off,
				  lines[i].len, w, EL_NORMAL);
	}
	free(clean);
}

void ui_draw_text(struct ui *ui, const struct rect *r, const char *text,
		  int *scroll)
{
	struct text_line *lines;
	char *clean;
	int nl, i, max;

	clean = text_sanitize(text, text ? strlen(text) : 0, TEXT_KEEP_NEWLINES);
	if (clean == NULL)
		return;
	nl = text_wrap(clean, r->w - 2, NULL, 0);
	lines = calloc((size_t)nl, sizeof *lines);
	if (lines == NULL) {
		free(clean);
		return;
	}
	text_wrap(clean, r->w - 2, lines, nl);
	max = nl - r->h;
	if (*scroll > max)
		*scroll = max;
	if (*scroll < 0)
		*scroll = 0;
	for (i = 0; i < r->h && *scroll + i < nl; i++)
		put_slice(ui, r->y + i, r->x + 1, clean + lines[*scroll + i].off,
			  lines[*scroll + i].len, r->w - 2, EL_NORMAL);
	free(lines);
	free(clean);
}

void ui_paste_mode(int on)
{
	putp(on ? "\033[?2004h" : "\033[?2004l");
	fflush(stdout);
}
