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

/* ---- input.c: what the terminal and the clock give the compose screen ---- */

/* A terminal delivers a UTF-8 character one byte at a time. */
struct text_input {
	char pend[4];
	int have, need;
};

/*
 * Feed one byte.  Returns the number of bytes now complete in out (1 to 4:
 * a whole character, or a single byte that was ill-formed and will become
 * U+FFFD in the buffer), 0 while a character is incomplete.  A byte that
 * cannot continue the pending character flushes it and starts over.
 */
int text_input_feed(struct text_input *in, unsigned char byte, char out[8]);

/* Debounce of the draft, in milliseconds on a monotonic clock. */
#define TEXT_DRAFT_IDLE_MS 1000
#define TEXT_DRAFT_MAX_MS 2000

/*
 * 1 when a draft changed first at first_ms and last at last_ms is due to
 * be saved at now_ms: idle for TEXT_DRAFT_IDLE_MS, or unsaved for
 * TEXT_DRAFT_MAX_MS while typing goes on.  0 when nothing is unsaved
 * (first_ms < 0).
 */
int text_draft_due(long long now_ms, long long first_ms, long long last_ms);

/*
 * The argument vector for the editor: the words of editor (split at
 * blanks, no shell, no quoting) then path, NULL-terminated.  Words are
 * copied into buf.  Returns the argument count, or -1 when editor has no
 * word or it does not fit max entries or bufsz bytes.
 */
int text_editor_argv(const char *editor, const char *path, char **argv,
		     int max, char *buf, size_t bufsz);

#endif
