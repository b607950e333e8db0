/*
 * cmdline.c: the console prompt's logic that needs no terminal: words,
 * completion candidates, "did you mean", and the history files.
 *
 * History files are plain UTF-8, one entry a line, oldest first, so a
 * person can read or trim them.  Every entry is written at once (read the
 * file again, merge, write a temporary file, rename): a console killed a
 * moment later has lost nothing, and two consoles of the same agent do not
 * erase each other's lines.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "temas/cmdline.h"
#include "temas/text.h"

int cmdline_word(const char *line, size_t *pos, char *out, size_t n)
{
	size_t p = *pos, start, len;

	while (line[p] == ' ' || line[p] == '\t')
		p++;
	if (line[p] == '\0') {
		*pos = p;
		if (n > 0)
			out[0] = '\0';
		return 0;
	}
	start = p;
	while (line[p] != '\0' && line[p] != ' ' && line[p] != '\t')
		p++;
	len = p - start;
	if (n > 0) {
		if (len >= n)
			len = n - 1;
		memcpy(out, line + start, len);
		out[len] = '\0';
	}
	while (line[p] == ' ' || line[p] == '\t')
		p++;
	*pos = p;
	return 1;
}

/* Bytes of a and b that are equal, backed up to a character boundary. */
int cmdline_split(const char *line, char ***argvp, int *argcp, size_t *col)
{
	size_t len = strlen(line), r = 0, open_at = 0, nmax = 1, i;
	char **argv, *w;
	int argc = 0;

	*argvp = NULL;
	*argcp = 0;
	*col = 0;
	/* At most one word per blank-to-non-blank step: the pointers and the
	 * words' bytes (never more than the line's) in one block. */
	for (i = 0; i < len; i++)
		if ((line[i] == ' ' || line[i] == '\t') && line[i + 1] != ' ' &&
		    line[i + 1] != '\t')
			nmax++;
	argv = malloc((nmax + 1) * sizeof *argv + len + 1);
	if (argv == NULL)
		return -2;
	w = (char *)(argv + nmax + 1);
	for (;;) {
		while (line[r] == ' ' || line[r] == '\t')
			r++;
		if (line[r] == '\0' || line[r] == '#')
			break;
		argv[argc++] = w;
		/* One word: unquoted runs, '...' and "..." next to each other. */
		while (line[r] != '\0' && line[r] != ' ' && line[r] != '\t') {
			open_at = r;
			if (line[r] == '\\') {
				if (line[r + 1] == '\0')
					goto open;
				*w++ = line[r + 1];
				r += 2;
			} else if (line[r] == '\'') {
				for (r++; line[r] != '\'' && line[r] != '\0'; r++)
					*w++ = line[r];
				if (line[r] == '\0')
					goto open;
				r++;
			} else if (line[r] == '"') {
				for (r++; line[r] != '"' && line[r] != '\0'; r++) {
					if (line[r] == '\\' && line[r + 1] != '\0' &&
					    strchr("\"\\$`", line[r + 1]) != NULL)
						r++;
					*w++ = line[r];
				}
				if (line[r] == '\0')
					goto open;
				r++;
			} else {
				*w++ = line[r++];
			}
		}
		*w++ = '\0';
	}
	argv[argc] = NULL;
	if (argc == 0) {
		free(argv);
		argv = NULL;
	}
	*argvp = argv;
	*argcp = argc;
	return 0;
open:
	free(argv);
	*col = text_utf8_chars(line, open_at) + 1;
	return -1;
}

static size_t common_len(const char *a, const char *b)
{
	size_t i = 0;

	while (a[i] != '\0' && a[i] == b[i])
		i++;
	while (i > 0 && ((unsigned char)a[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static int folded_prefix(const char *fword, size_t flen, const char *cand)
{
	char buf[512];
	size_t need = text_fold_tr_buf(cand, strlen(cand), buf, sizeof buf);

	if (need < flen || (need >= sizeof buf && flen >= sizeof buf))
		return 0;
	return strncmp(buf, fword, flen) == 0;
}

int cmdline_complete(const char *word, const char *const *cands, int ncand,
		     int *match, int max, char *common, size_t commonsz)
{
	char fword[512];
	size_t flen, clen = 0;
	const char *first = NULL;
	int i, n = 0;

	flen = text_fold_tr_buf(word, strlen(word), fword, sizeof fword);
	if (flen >= sizeof fword)
		flen = sizeof fword - 1;
	for (i = 0; i < ncand; i++) {
		if (cands[i] == NULL || !folded_prefix(fword, flen, cands[i]))
			continue;
		if (first == NULL) {
			first = cands[i];
			clen = strlen(first);
		} else {
			size_t c = common_len(first, cands[i]);

			if (c < clen)
				clen = c;
		}
		if (n < max && match != NULL)
			match[n] = i;
		n++;
	}
	if (commonsz > 0) {
		if (first == NULL)
			clen = 0;
		if (clen >= commonsz)
			clen = commonsz - 1;
		while (clen > 0 && first &&
		       ((unsigned char)first[clen] & 0xC0) == 0x80)
			clen--;
		if (first != NULL)
			memcpy(common, first, clen);
		common[clen] = '\0';
	}
	return n;
}

/* Levenshtein distance of two short byte strings, capped at 99. */
static int distance(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b), i, j;
	int prev[33], cur[33];

	if (la > 32 || lb > 32)
		return 99;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			int d = prev[j - 1] + (a[i - 1] != b[j - 1]);

			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			cur[j] = d;
		}
		memcpy(prev, cur, sizeof cur);
	}
	return prev[lb];
}

int cmdline_suggest(const char *word, const char *const *cands, int ncand)
{
	int i, best = -1, bestd = 3, m[2];

	if (word[0] == '\0')
		return -1;
	if (cmdline_complete(word, cands, ncand, m, 2, NULL, 0) == 1)
		return m[0];
	for (i = 0; i < ncand; i++) {
		int d = distance(word, cands[i]);

		if (d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

/* ---- history ---- */

void cmdline_history_init(struct cmdline_history *h, int max)
{
	h->line = NULL;
	h->n = 0;
	h->max = max > 0 ? max : CMDLINE_HISTORY_MAX;
}

void cmdline_history_free(struct cmdline_history *h)
{
	int i;

	for (i = 0; i < h->n; i++)
		free(h->line[i]);
	free(h->line);
	h->line = NULL;
	h->n = 0;
}

static int keepable(const char *line)
{
	size_t len = strlen(line), i;

	if (len == 0 || len > CMDLINE_LINE_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			return 0;
	return text_validate_utf8(line, len);
}

int cmdline_history_add(struct cmdline_history *h, const char *line)
{
	char *copy, **grown;
	int i;

	if (!keepable(line))
		return 1;
	copy = strdup(line);
	if (copy == NULL)
		return -1;
	for (i = 0; i < h->n; i++) {
		if (strcmp(h->line[i], line) == 0) {
			free(h->line[i]);
			memmove(h->line + i, h->line + i + 1,
				sizeof *h->line * (size_t)(h->n - i - 1));
			h->n--;
			break;
		}
	}
	if (h->n >= h->max) {
		int drop = h->n - h->max + 1;

		for (i = 0; i < drop; i++)
			free(h->line[i]);
		memmove(h->line, h->line + drop,
			sizeof *h->line * (size_t)(h->n - drop));
		h->n -= drop;
	}
	grown = realloc(h->line, sizeof *grown * (size_t)(h->n + 1));
	if (grown == NULL) {
		free(copy);
		return -1;
	}
	h->line = grown;
	h->line[h->n++] = copy;
	return 0;
}

int cmdline_history_load(struct cmdline_history *h, const char *path)
{
	char buf[CMDLINE_LINE_MAX + 2];
	FILE *f = fopen(path, "r");
	int rc = 0, skipping = 0;

	if (f == NULL)
		return errno == ENOENT ? 0 : -1;
	while (fgets(buf, sizeof buf, f) != NULL) {
		size_t len = strlen(buf);
		int whole = len > 0 && buf[len - 1] == '\n';

		if (whole)
			buf[--len] = '\0';
		/* The tail of an overlong line is not a line of its own. */
		if (!skipping && whole && cmdline_history_add(h, buf) < 0) {
			rc = -1;
			break;
		}
		skipping = !whole;
	}
	if (ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

/* mkdir -p for the directory part of path, 0700. */
static int make_parent(const char *path)
{
	char dir[4096];
	size_t i, len = strlen(path);

	if (len >= sizeof dir) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(dir, path, len + 1);
	for (i = len; i > 0 && dir[i] != '/'; i--)
		;
	if (i == 0)
		return 0;
	dir[i] = '\0';
	for (i = 1; dir[i] != '\0'; i++) {
		if (dir[i] != '/')
			continue;
		dir[i] = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return -1;
		dir[i] = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

int cmdline_history_save(const struct cmdline_history *h, const char *path)
{
	char tmp[4200];
	FILE *f;
	int fd, i, err;

	if (make_parent(path) != 0)
		return -1;
	if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (f == NULL) {
		err = errno;
		close(fd);
		unlink(tmp);
		errno = err;
		return -1;
	}
	for (i = 0; i < h->n; i++)
		fprintf(f, "%s\n", h->line[i]);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		err = errno;
		fclose(f);
		unlink(tmp);
		errno = err;
		return -1;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		err = errno;
		unlink(tmp);
		errno = err;
		return -1;
	}
	return 0;
}

int cmdline_history_record(struct cmdline_history *h, const char *path,
			   const char *line)
{
	struct cmdline_history merged;

	cmdline_history_init(&merged, h->max);
	if (cmdline_history_load(&merged, path) != 0) {
		cmdline_history_free(&merged);
		cmdline_history_add(h, line);
		return -1;
	}
	cmdline_history_add(&merged, line);
	cmdline_history_free(h);
	*h = merged;
	return cmdline_history_save(h, path);
}

int cmdline_history_path(const char *kind, char *out, size_t n)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	int w;

	/* The XDG rule: a relative path is to be ignored. */
	if (state != NULL && state[0] == '/')
		w = snprintf(out, n, "%s/temas/history-%s", state, kind);
	else if (home != NULL && home[0] != '\0')
		w = snprintf(out, n, "%s/.local/state/temas/history-%s", home,
			     kind);
	else
		return -1;
	return w > 0 && (size_t)w < n ? 0 : -1;
}
