/*
 * intern.c: the text the store hands out in rows, one copy of each value.
 *
 * Rows (struct customer, struct complaint, ...) are plain values that the
 * console copies and keeps; their text fields point here, so no field has
 * a length limit and no row owns anything to free.  The table keeps each
 * distinct value once, until the store is closed: a console that shows a
 * hundred thousand complaints in a day keeps a few megabytes.  A batch,
 * which may show millions in a shift, forgets them after each command.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/text.h"

struct store_interned {
	uint64_t hash;
	size_t len;
	char *text;             /* NULL: free slot */
};

static int grow(struct store *st)
{
	size_t cap = st->capinterned ? st->capinterned * 2 : 1024, i, j;
	struct store_interned *t = calloc(cap, sizeof *t);

	if (t == NULL)
		return -1;
	for (i = 0; i < st->capinterned; i++) {
		if (st->interned[i].text == NULL)
			continue;
		for (j = st->interned[i].hash & (cap - 1); t[j].text != NULL;
		     j = (j + 1) & (cap - 1))
			;
		t[j] = st->interned[i];
	}
	free(st->interned);
	st->interned = t;
	st->capinterned = cap;
	return 0;
}

const char *store_intern(struct store *st, const char *s, size_t len)
{
	uint64_t h;
	size_t j;
	char *copy;

	if (s == NULL || len == 0)
		return "";
	if ((st->ninterned + 1) * 4 > st->capinterned * 3 && grow(st) != 0)
		return "";
	h = text_hash(s, len);
	for (j = h & (st->capinterned - 1); st->interned[j].text != NULL;
	     j = (j + 1) & (st->capinterned - 1)) {
		const struct store_interned *e = &st->interned[j];

		if (e->hash == h && e->len == len && memcmp(e->text, s, len) == 0)
			return e->text;
	}
	copy = malloc(len + 1);
	if (copy == NULL)
		return "";
	memcpy(copy, s, len);
	copy[len] = '\0';
	st->interned[j].hash = h;
	st->interned[j].len = len;
	st->interned[j].text = copy;
	st->ninterned++;
	return copy;
}

const char *store_col_str(struct store *st, sqlite3_stmt *s, int col)
{
	const char *v = (const char *)sqlite3_column_text(s, col);

	return store_intern(st, v, v ? (size_t)sqlite3_column_bytes(s, col) : 0);
}

void store_intern_free(struct store *st)
{
	size_t i;

	for (i = 0; i < st->capinterned; i++)
		free(st->interned[i].text);
	free(st->interned);
	st->interned = NULL;
	st->ninterned = st->capinterned = 0;
}

void store_forget_texts(struct store *st)
{
	store_intern_free(st);
}
