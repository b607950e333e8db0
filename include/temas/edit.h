/*
 * edit.h: the text being composed: a UTF-8 buffer with a cursor that moves
 * by characters and, over wrapped lines, by display columns.
 *
 * Kept apart from curses so that editing Turkish (and wide) text can be
 * tested alone; the compose pane draws it with text_wrap.
 */
#ifndef TEMAS_EDIT_H
#define TEMAS_EDIT_H

#include <stddef.h>

struct text_edit {
	char *buf;          /* NUL-terminated, well-formed UTF-8 */
	size_t len, cap;
	size_t cur;         /* byte offset, always on a character boundary */
	int goal;           /* column kept while moving up and down; -1 none */
};

/* Start with text (sanitised copy) and the cursor at byte cursor (clamped
 * back to a character boundary).  -1 on out of memory. */
int text_edit_init(struct text_edit *e, const char *text, size_t cursor);
void text_edit_free(struct text_edit *e);

/* Insert n bytes at the cursor; controls other than '\n' are dropped and
 * ill-formed bytes become U+FFFD.  -1 on out of memory. */
int text_edit_insert(struct text_edit *e, const char *s, size_t n);
/* Delete the character before / under the cursor (with its combining marks). */
void text_edit_backspace(struct text_edit *e);
void text_edit_delete(struct text_edit *e);

void text_edit_left(struct text_edit *e);
void text_edit_right(struct text_edit *e);
/* Visual moves over the text wrapped at cols columns. */
void text_edit_up(struct text_edit *e, int cols);
void text_edit_down(struct text_edit *e, int cols);
void text_edit_home(struct text_edit *e, int cols);
void text_edit_end(struct text_edit *e, int cols);

/* Where the cursor is drawn in the text wrapped at cols: line and column
 * (both from 0); the column never exceeds cols. */
void text_edit_cursor(const struct text_edit *e, int cols, int *line, int *col);

#endif
