/*
 * cmdline.h: the pure parts of the console's prompt, testable without a
 * terminal: splitting a command line into words, picking completion
 * candidates, suggesting the command that was meant, and the per-user
 * history files (bounded, without duplicates, merged with what other
 * sessions of the same user wrote).
 */
#ifndef TEMAS_CMDLINE_H
#define TEMAS_CMDLINE_H

#include <stddef.h>

/*
 * The word of line that starts at or after *pos: its bytes are copied to
 * out (truncated to n - 1), *pos moves past it and the spaces after it.
 * Returns 0 when there is no word left.
 */
int cmdline_word(const char *line, size_t *pos, char *out, size_t n);

/*
 * Split line into words as a POSIX shell does with its quotes
 * and nothing else: blanks separate words; a backslash keeps the next
 * character; '...' keeps everything up to the next quote; "..." keeps
 * everything but a backslash before " \ $ or `; a # that starts a word
 * begins a comment.  No variables, patterns or operators.
 *
 * 0 with *argv (NULL-terminated; one block: free *argv alone) and
 * *argc; *argv is NULL when there is no word.  -1 when a quote
 * or a final backslash is left open, with *col the 1-based character
 * column where it began; -2 when memory runs out.
 */
int cmdline_split(const char *line, char ***argv, int *argc, size_t *col);

/*
 * Completion of word against cands[0..ncand): a candidate matches when
 * word, folded the Turkish way (ı/I/i/İ, diacritics), is a prefix of it
 * folded.  match[] gets the indexes of the matches (up to max), and
 * common gets the longest prefix all of them share (whole characters
 * only; the candidate itself when one matches).  Returns the count.
 */
int cmdline_complete(const char *word, const char *const *cands, int ncand,
		     int *match, int max, char *common, size_t commonsz);

/*
 * The candidate word was probably meant to be: an unambiguous prefix, or
 * the closest one within two edits.  -1 when none is close.
 */
int cmdline_suggest(const char *word, const char *const *cands, int ncand);

/* ---- history files ---- */

#define CMDLINE_HISTORY_MAX 1000
/* Lines longer than this are not kept (a paste is not worth recalling). */
#define CMDLINE_LINE_MAX 4096

struct cmdline_history {
	char **line;     /* oldest first */
	int n;
	int max;         /* bound; oldest lines go first */
};

void cmdline_history_init(struct cmdline_history *h, int max);
void cmdline_history_free(struct cmdline_history *h);
/*
 * Append line, first removing an equal older entry, then dropping the
 * oldest beyond the bound.  Empty lines, lines with control characters
 * and overlong lines are ignored (returns 1); 0 when added, -1 when out
 * of memory.
 */
int cmdline_history_add(struct cmdline_history *h, const char *line);
/* Read the file into h (after what it holds).  A missing file is empty:
 * 0.  -1 with errno on a read error. */
int cmdline_history_load(struct cmdline_history *h, const char *path);
/*
 * Write h to path (mode 0600) through a temporary file and a rename, so a
 * crash leaves the old file or the new one, never half of one; the
 * directory is created (0700) when missing.  -1 with errno on failure.
 */
int cmdline_history_save(const struct cmdline_history *h, const char *path);
/*
 * Record line the way the prompt does after each entry: the file is read
 * again (another session may have added to it), line is added, and the
 * result written back.  h gets the merged history.  -1 with errno when
 * the file cannot be written (h still gets the line).
 */
int cmdline_history_record(struct cmdline_history *h, const char *path,
			   const char *line);
/*
 * The history file for a kind ("commands", "search"):
 * $XDG_STATE_HOME/temas/history-KIND, or ~/.local/state/temas/...
 * -1 when neither XDG_STATE_HOME nor HOME is set (no history kept).
 */
int cmdline_history_path(const char *kind, char *out, size_t n);

#endif
