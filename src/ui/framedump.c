/*
 * framedump.c: with TEMAS_FRAME_FILE set, each finished frame is written to
 * that file: a header line, then the screen's lines as the console drew
 * them (UTF-8, line-drawing characters as the terminal shows them,
 * trailing blanks dropped).  The screen tests compare whole
 * screens with it, and know from the header that the keys they sent have
 * all been handled and at what size the console believes it draws, which
 * a terminal's own copy of the screen cannot tell (it clips to its window).
 *
 *   keys N size COLSxLINES layout COLSxLINES cursor Y,X writes N loads N
 *   others N clock T
 *
 * (clock: the time, UTC seconds, at which this frame looked for changes).
 *
 * The file is written beside and renamed into place, so a reader never
 * sees half a frame.  A frame that cannot be written is left out, nothing
 * else.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "internal.h"
#include "temas/store.h"

/* The line-drawing characters curses keeps as letters, as the terminal
 * shows them. */
static wchar_t acs_char(wchar_t c)
{
	static const char from[] = "xqlkmjtuvwn";
	static const wchar_t to[] = L"\u2502\u2500\u250c\u2510\u2514\u2518"
				    L"\u251c\u2524\u2534\u252c\u253c";
	const char *p = c > 0 && c < 128 ? strchr(from, (int)c) : NULL;

	return p != NULL ? to[p - from] : c;
}

/* Line y into w (room for COLS cells of CCHARW_MAX characters), cell by
 * cell: a wide character's second cell is the terminal's, not a blank. */
static int dump_line(FILE *f, int y, wchar_t *w)
{
	wchar_t cell[CCHARW_MAX + 1];
	char mb[MB_LEN_MAX];
	mbstate_t ps;
	cchar_t cc;
	attr_t attr;
	short pair;
	size_t n, len = 0, end, k;
	int x, cw;

	for (x = 0; x < COLS; x += cw) {
		if (mvwin_wch(stdscr, y, x, &cc) == ERR ||
		    getcchar(&cc, cell, &attr, &pair, NULL) == ERR ||
		    cell[0] == L'\0') {
			cell[0] = L' ';
			cell[1] = L'\0';
			attr = 0;
		}
		if (attr & A_ALTCHARSET)
			cell[0] = acs_char(cell[0]);
		cw = wcwidth(cell[0]);
		if (cw < 1)
			cw = 1;
		for (k = 0; cell[k] != L'\0' && k < CCHARW_MAX; k++)
			w[len++] = cell[k];
	}
	end = len;
	while (end > 0 && w[end - 1] == L' ')
		end--;
	memset(&ps, 0, sizeof ps);
	for (k = 0; k < end; k++) {
		n = wcrtomb(mb, w[k], &ps);
		if (n == (size_t)-1) {
			mb[0] = '?';
			n = 1;
			memset(&ps, 0, sizeof ps);
		}
		if (fwrite(mb, 1, n, f) != n)
			return -1;
	}
	return putc('\n', f) == EOF ? -1 : 0;
}

void ui_frame_dump(const struct ui *ui)
{
	size_t plen = strlen(ui->frame_file);
	char *tmp = malloc(plen + 5);
	wchar_t *w = malloc(((size_t)COLS * CCHARW_MAX + 1) * sizeof *w);
	FILE *f = NULL;
	int y, x, i, bad = 0;

	if (tmp == NULL || w == NULL)
		goto out;
	memcpy(tmp, ui->frame_file, plen);
	memcpy(tmp + plen, ".new", 5);
	f = fopen(tmp, "w");
	if (f == NULL)
		goto out;
	getyx(stdscr, y, x);
	if (fprintf(f, "keys %lu size %dx%d layout %dx%d cursor %d,%d writes %lld"
		    " loads %lu others %lu clock %lld\n",
		    ui->keys_handled, COLS, LINES, ui->cols, ui->lines, y, x,
		    store_tx_count(ui->st), ui->loads, ui->commits_seen,
		    ui->clock_seen) < 0)
		bad = 1;
	for (i = 0; i < LINES && !bad; i++)
		bad = dump_line(f, i, w) != 0;
	wmove(stdscr, y, x);
	if (fclose(f) != 0 || bad || rename(tmp, ui->frame_file) != 0)
		remove(tmp);
out:
	free(tmp);
	free(w);
}
