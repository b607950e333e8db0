/*
 * framedump.c: with TEMAS_FRAME_FILE set, each finished frame is written to
 * that file: a header line, then the screen's lines as the console drew
 * them (UTF-8, trailing blanks dropped).  The screen tests compare whole
 * screens with it, and know from the header that the keys they sent have
 * all been handled and at what size the console believes it draws, which
 * a terminal's own copy of the screen cannot tell (it clips to its window).
 *
 *   keys N size COLSxLINES layout COLSxLINES cursor Y,X
 *
 * The file is written beside and renamed into place, so a reader never
 * sees half a frame.  A failure to write stops the dumps, nothing else.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "internal.h"

static int dump_line(FILE *f, int y, wchar_t *w, int cols)
{
	char mb[MB_LEN_MAX];
	mbstate_t ps;
	size_t n;
	int i, end;

	if (mvwinnwstr(stdscr, y, 0, w, cols) == ERR)
		w[0] = L'\0';
	end = (int)wcslen(w);
	while (end > 0 && w[end - 1] == L' ')
		end--;
	memset(&ps, 0, sizeof ps);
	for (i = 0; i < end; i++) {
		n = wcrtomb(mb, w[i], &ps);
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
	wchar_t *w = malloc(((size_t)COLS + 1) * sizeof *w);
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
	if (fprintf(f, "keys %lu size %dx%d layout %dx%d cursor %d,%d\n",
		    ui->keys_handled, COLS, LINES, ui->cols, ui->lines, y, x) < 0)
		bad = 1;
	for (i = 0; i < LINES && !bad; i++)
		bad = dump_line(f, i, w, COLS) != 0;
	wmove(stdscr, y, x);
	if (fclose(f) != 0 || bad || rename(tmp, ui->frame_file) != 0)
		remove(tmp);
out:
	free(tmp);
	free(w);
}
