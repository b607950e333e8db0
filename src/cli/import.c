/*
 * import.c: `temas import`, customers, orders, order lines, interactions,
 * complaints and survey answers from CSV or JSON lines.
 *
 * An import is one transaction: every row is checked and written, and if
 * any row was refused the transaction is rolled back, so the database is
 * either fully updated or untouched.  Rows are streamed, never held in
 * memory (but for a file converted with --encoding); only the keys seen so
 * far are kept, to catch a key given twice in one file.  Each refusal is
 * reported as FILE:LINE: field 'x': reason.  A team's own column names
 * are renamed (--column, --map) or left out (--ignore-column); a file in
 * a legacy Turkish encoding is named as such once, not row by row.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "flow.h"
#include "temas/cli.h"
#include "temas/csv.h"
#include "temas/assign.h"
#include "temas/i18n.h"
#include "temas/import.h"
#include "temas/json.h"
#include "temas/parse.h"
#include "temas/path.h"
#include "temas/store.h"
#include "temas/text.h"

#define MAX_ERRORS 20
#define PROGRESS_EVERY 100000
#define JSONL_MAX_LINE (8u << 20)
#define BULK_BYTES (16L << 20)

/* Keys seen in this file: open addressing over offsets into one arena. */
struct keyset {
	uint64_t *hash;
	size_t *off;          /* into arena, +1; 0 = empty slot */
	long *line;
	size_t cap, n;
	char *arena;
	size_t alen, acap;
};

/* A file's column named as temas's (--column TARGET=SOURCE, --map). */
struct rename {
	const char *target, *source;
	const char *where;      /* "--column" or "MAPFILE:LINE" */
	int used;
};

struct run {
	struct cli *c;
	const char *file;
	int errors;
	int fatal;
	long rows;
	long counts[IMP_NKINDS];
	struct keyset keys;
	int tty;
	const char *encoding;   /* --encoding: the file was converted */
	struct rename *renames;
	size_t nrenames;
	const char **ignore;    /* --ignore-column */
	size_t nignore;
	/* New open complaints about an order the customer already has an
	 * open complaint about: said once the import is committed. */
	struct same_order *same;
	size_t nsame, capsame;
	/* Customers rows with a merged_into: merged once every row is in.
	 * msrc: their keys, each with its index here. */
	struct pending_merge *merges;
	size_t nmerges, capmerges;
	struct keyset msrc;
	long merged;
};

struct pending_merge {
	long line;
	char *src, *into;
	long long at;           /* merged_at, when by is given */
	char *by;               /* merged_by, or NULL: made now by who imports */
};

struct same_order {
	long line;
	long long id;
	long long *others;      /* all of them */
	int n;
};

/* A complaint the row opened: the others about its order, kept for the
 * warning after the commit.  -1 when out of memory or the store failed. */
static int note_same_order(struct run *r, long line, long long id)
{
	struct same_order *so;

	if (r->nsame == r->capsame) {
		so = realloc(r->same, (r->capsame * 2 + 8) * sizeof *so);
		if (so == NULL) {
			cli_error(r->c, _("out of memory"));
			return -1;
		}
		r->same = so;
		r->capsame = r->capsame * 2 + 8;
	}
	so = &r->same[r->nsame];
	so->line = line;
	so->id = id;
	if (cli_same_order(r->c, id, &so->others, &so->n) != 0)
		return -1;
	if (so->n > 0)
		r->nsame++;
	else
		free(so->others);
	return 0;
}

/* FILE:LINE: complaint N is about order X, as open complaint M is ... */
static void say_same_order(struct run *r)
{
	char *file = text_sanitize(r->file, strlen(r->file), 0), *where;
	size_t i, room = (file ? strlen(file) : 0) + 24;

	where = malloc(room);
	for (i = 0; where != NULL && i < r->nsame; i++) {
		snprintf(where, room, "%s:%ld", file ? file : "", r->same[i].line);
		cli_say_same_order(r->c, where, r->same[i].id, r->same[i].others,
				   r->same[i].n);
	}
	free(where);
	free(file);
}

static void keyset_free(struct keyset *k)
{
	free(k->hash);
	free(k->off);
	free(k->line);
	free(k->arena);
	memset(k, 0, sizeof *k);
}

static int keyset_grow(struct keyset *k)
{
	size_t ncap = k->cap ? k->cap * 2 : 4096, i;
	uint64_t *nh = calloc(ncap, sizeof *nh);
	size_t *no = calloc(ncap, sizeof *no);
	long *nl = calloc(ncap, sizeof *nl);

	if (nh == NULL || no == NULL || nl == NULL) {
		free(nh);
		free(no);
		free(nl);
		return -1;
	}
	for (i = 0; i < k->cap; i++) {
		size_t j;

		if (k->off[i] == 0)
			continue;
		for (j = k->hash[i] & (ncap - 1); no[j]; j = (j + 1) & (ncap - 1))
			;
		nh[j] = k->hash[i];
		no[j] = k->off[i];
		nl[j] = k->line[i];
	}
	free(k->hash);
	free(k->off);
	free(k->line);
	k->hash = nh;
	k->off = no;
	k->line = nl;
	k->cap = ncap;
	return 0;
}

/*
 * Add key (n bytes, may hold the 0x1f separator).  Returns 0 when new,
 * 1 when seen before (*first = its line), -1 when out of memory.
 */
static int keyset_add(struct keyset *k, const char *key, size_t n, long line,
		      long *first)
{
	uint64_t h = text_hash(key, n);
	size_t j;

	if ((k->n + 1) * 4 >= k->cap * 3 && keyset_grow(k) != 0)
		return -1;
	for (j = h & (k->cap - 1); k->off[j]; j = (j + 1) & (k->cap - 1)) {
		const char *s = k->arena + k->off[j] - 1;

		if (k->hash[j] == h && strlen(s) == n && memcmp(s, key, n) == 0) {
			*first = k->line[j];
			return 1;
		}
	}
	if (k->alen + n + 1 > k->acap) {
		size_t nc = k->acap ? k->acap * 2 : 1 << 16;
		char *na;

		while (nc < k->alen + n + 1)
			nc *= 2;
		na = realloc(k->arena, nc);
		if (na == NULL)
			return -1;
		k->arena = na;
		k->acap = nc;
	}
	memcpy(k->arena + k->alen, key, n);
	k->arena[k->alen + n] = '\0';
	k->hash[j] = h;
	k->off[j] = k->alen + 1;
	k->line[j] = line;
	k->alen += n + 1;
	k->n++;
	return 0;
}

/* What key was added with (keyset_add's line), or -1 when it was not. */
static long keyset_find(const struct keyset *k, const char *key, size_t n)
{
	uint64_t h;
	size_t j;

	if (k->cap == 0)
		return -1;
	h = text_hash(key, n);
	for (j = h & (k->cap - 1); k->off[j]; j = (j + 1) & (k->cap - 1)) {
		const char *s = k->arena + k->off[j] - 1;

		if (k->hash[j] == h && strlen(s) == n && memcmp(s, key, n) == 0)
			return k->line[j];
	}
	return -1;
}

/* Messages echo file content: keep control bytes and broken UTF-8 off
 * the terminal. */
static void print_safe(FILE *f, const char *s)
{
	char *clean = text_sanitize(s, strlen(s), 0);

	fputs(clean ? clean : "?", f);
	free(clean);
}

static void row_error(struct run *r, long line, const char *field,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void row_error(struct run *r, long line, const char *field,
		      const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (r->tty)
		fputc('\n', stderr);
	fprintf(stderr, "%s: ", r->c->prog);
	print_safe(stderr, r->file);
	fprintf(stderr, ":%ld: ", line);
	if (field != NULL) {
		fputs(_("field '"), stderr);
		print_safe(stderr, field);
		fputs("': ", stderr);
	}
	print_safe(stderr, msg);
	fputc('\n', stderr);
	r->errors++;
}

/*
 * Bytes that are not UTF-8.  When they look like a legacy Turkish
 * encoding the whole file is in it: one message, naming the encoding and
 * how to convert, and the import stops (nothing is written anyway).
 */
static void not_utf8(struct run *r, long line, const char *field,
		     const char *s, size_t len, size_t bad)
{
	const char *enc = r->encoding ? NULL : text_legacy_guess(s, len);

	if (enc == NULL) {
		row_error(r, line, field, _("invalid UTF-8 (byte %zu)"), bad + 1);
		return;
	}
	row_error(r, line, NULL,
		  _("the file is not UTF-8: it looks like %s (a byte 0x%02X); convert it with 'iconv -f %s -t UTF-8 %s > %s.utf8', or import it with --encoding %s"),
		  enc, (unsigned char)s[bad], enc, r->file, r->file, enc);
	r->fatal = 1;
}

/* A UTF-16 or UTF-32 file (enc: its iconv name), seen at its start. */
static void wide_file(struct run *r, const char *enc)
{
	row_error(r, 1, NULL,
		  _("the file is %s, not UTF-8: import it with --encoding %s, or convert it with 'iconv -f %s -t UTF-8 %s > %s.utf8'"),
		  enc, enc, enc, r->file, r->file);
	r->fatal = 1;
}

static void choices_text(const char *const *ch, char *buf, size_t n)
{
	size_t used = 0;

	buf[0] = '\0';
	for (; *ch && used < n; ch++) {
		int k = snprintf(buf + used, n - used, "%s%s", used ? ", " : "", *ch);

		if (k < 0)
			break;
		used += (size_t)k;
	}
}

/* Columns whose values have a form of their own, whatever the kind. */
static const struct {
	const char *col;
	int (*check)(const char *s, const char **why);
} value_forms[] = {
	{ "email", text_email_check },
	{ "phone", text_phone_check },
};

/* Amounts that cannot be below zero (an order's total or a line's price
 * may be, for a refund or a discount). */
static const char *const never_negative[] = { "acquisition_cost" };

/* Times of a complaint that cannot come before it was opened. */
static const char *const after_opening[] = {
	"first_response_at", "resolved_at", "closed_at"
};

/*
 * Check one value's form and fill *out.  present: the column exists in
 * the file (CSV header or JSON member).  Returns 0, or -1 after reporting.
 */
static int check_value(struct run *r, long line, const struct imp_column *col,
		       const char *s, size_t len, int present, struct imp_value *out)
{
	const char *why;
	size_t bad, i;

	out->s = NULL;
	out->i = 0;
	if (!present || s == NULL || len == 0) {
		if (!col->required)
			return 0;
		row_error(r, line, col->name, present ? _("required, but empty")
						      : _("required, but missing"));
		return -1;
	}
	if (strlen(s) != len) {
		row_error(r, line, col->name, _("contains a NUL byte"));
		return -1;
	}
	if (text_utf8_check(s, len, &bad) != 0) {
		not_utf8(r, line, col->name, s, len, bad);
		return -1;
	}
	if (col->choices != NULL) {
		const char *const *ch;
		char list[256];

		for (ch = col->choices; *ch; ch++)
			if (strcmp(*ch, s) == 0)
				break;
		if (*ch == NULL) {
			choices_text(col->choices, list, sizeof list);
			row_error(r, line, col->name, _("'%s' is not one of: %s"), s, list);
			return -1;
		}
	}
	switch (col->type) {
	case IMP_TEXT:
		break;
	case IMP_LANG:
		if (!text_lang_tag_valid(s)) {
			row_error(r, line, col->name,
				  _("'%s' is not a language tag (BCP 47: tr, en, pt-BR, zh-Hant-TW)"), s);
			return -1;
		}
		break;
	case IMP_TIME:
		if (text_parse_iso_time(s, &out->i, &why) != 0) {
			row_error(r, line, col->name, "'%s': %s", s, why);
			return -1;
		}
		break;
	case IMP_MONEY:
		if (text_parse_amount(s, &out->i, &why) != 0) {
			row_error(r, line, col->name, "'%s': %s", s, why);
			return -1;
		}
		break;
	case IMP_INT:
		if (text_parse_int(s, &out->i, &why) != 0) {
			row_error(r, line, col->name, "'%s': %s", s, why);
			return -1;
		}
		break;
	}
	for (i = 0; i < sizeof value_forms / sizeof value_forms[0]; i++) {
		if (strcmp(col->name, value_forms[i].col) == 0 &&
		    value_forms[i].check(s, &why) != 0) {
			row_error(r, line, col->name, "'%s': %s", s, why);
			return -1;
		}
	}
	for (i = 0; i < sizeof never_negative / sizeof never_negative[0]; i++) {
		if (strcmp(col->name, never_negative[i]) == 0 && out->i < 0) {
			row_error(r, line, col->name, _("'%s': cannot be below zero"), s);
			return -1;
		}
	}
	out->s = s;
	return 0;
}

/* A complaint's times in their order: nothing answered, resolved or
 * closed before it was opened.  0, or -1 after reporting. */
static int check_times(struct run *r, long line, const struct imp_kind_info *ki,
		       const struct imp_value *v)
{
	int i, j, opened = -1;

	for (i = 0; i < ki->ncols; i++)
		if (strcmp(ki->cols[i].name, "opened_at") == 0)
			opened = i;
	if (opened < 0 || v[opened].s == NULL)
		return 0;
	for (i = 0; i < ki->ncols; i++) {
		for (j = 0; j < (int)(sizeof after_opening / sizeof after_opening[0]); j++) {
			if (strcmp(ki->cols[i].name, after_opening[j]) != 0 ||
			    v[i].s == NULL || v[i].i >= v[opened].i)
				continue;
			row_error(r, line, ki->cols[i].name,
				  _("'%s' is before opened_at '%s'"), v[i].s,
				  v[opened].s);
			return -1;
		}
	}
	return 0;
}

static void progress(struct run *r)
{
	if (r->rows % PROGRESS_EVERY != 0)
		return;
	if (r->tty) {
		fputc('\r', stderr);
		fprintf(stderr, _("%s: %s: %ld rows read"), r->c->prog, r->file, r->rows);
	}
	else
		fprintf(stderr, _("%s: %s: %ld rows read\n"), r->c->prog, r->file, r->rows);
}

/* A customers row that names the record it was merged into: kept for
 * apply_merges, with when and by whom the merge was made when the row
 * says so (merged_at and merged_by, the two together, only with a
 * merged_into).  -1 when out of memory. */
static int note_merge(struct run *r, const struct imp_kind_info *ki, long line,
		      const struct imp_value *v)
{
	struct pending_merge *pm;
	const struct imp_value *into = NULL, *at = NULL, *by = NULL;
	const char *src = v[ki->key[0]].s;
	long first;
	int j;

	for (j = 0; j < ki->ncols; j++) {
		if (strcmp(ki->cols[j].name, "merged_into") == 0)
			into = &v[j];
		else if (strcmp(ki->cols[j].name, "merged_at") == 0)
			at = &v[j];
		else if (strcmp(ki->cols[j].name, "merged_by") == 0)
			by = &v[j];
	}
	if (into == NULL || at == NULL || by == NULL)
		return 0;
	if (into->s == NULL && (at->s != NULL || by->s != NULL)) {
		row_error(r, line, at->s != NULL ? "merged_at" : "merged_by",
			  _("given, but merged_into is empty: only a record merged "
			    "into another has a merge's time and login"));
		return 0;
	}
	if ((at->s == NULL) != (by->s == NULL)) {
		row_error(r, line, at->s == NULL ? "merged_at" : "merged_by",
			  _("empty, while %s is given: a merge's time and who made "
			    "it come together"), at->s == NULL ? "merged_by" : "merged_at");
		return 0;
	}
	if (into->s == NULL)
		return 0;
	if (r->nmerges == r->capmerges) {
		pm = realloc(r->merges, (r->capmerges * 2 + 8) * sizeof *pm);
		if (pm == NULL)
			goto oom;
		r->merges = pm;
		r->capmerges = r->capmerges * 2 + 8;
	}
	pm = &r->merges[r->nmerges];
	pm->line = line;
	pm->src = strdup(src);
	pm->into = strdup(into->s);
	pm->at = at->i;
	pm->by = by->s != NULL ? strdup(by->s) : NULL;
	if (pm->src == NULL || pm->into == NULL || (by->s != NULL && pm->by == NULL) ||
	    keyset_add(&r->msrc, src, strlen(src), (long)r->nmerges, &first) < 0) {
		free(pm->src);
		free(pm->into);
		free(pm->by);
		goto oom;
	}
	r->nmerges++;
	return 0;
oom:
	cli_error(r->c, _("out of memory"));
	return -1;
}

/*
 * Once every row of the file is in, each customers row's merged_into:
 * followed through the file's own merged_into to its end (A into B and
 * B into C is A into C), then merged by the store.  A chain that comes
 * round again is refused, as is a missing key or the row itself.  -1 on
 * a fatal error.
 */
static int apply_merges(struct run *r)
{
	struct imp_error e;
	size_t i, steps;
	long j;
	int merged, rc;

	for (i = 0; i < r->nmerges && r->errors < MAX_ERRORS; i++) {
		const struct pending_merge *pm = &r->merges[i];
		const char *to = pm->into;

		j = -1;
		if (strcmp(pm->src, pm->into) != 0) {
			for (steps = 0; steps <= r->nmerges; steps++) {
				j = keyset_find(&r->msrc, to, strlen(to));
				if (j < 0 || (size_t)j == i)
					break;
				to = r->merges[j].into;
			}
		}
		if (j >= 0) {
			row_error(r, pm->line, "merged_into",
				  _("'%s' leads round to a record merged into it, by the "
				    "file's merged_into: the chain has no end"), pm->into);
			continue;
		}
		rc = store_import_merge(r->c->st, r->c->login, pm->src, to, pm->at,
					pm->by, &merged, &e);
		if (rc == STORE_INVALID) {
			row_error(r, pm->line, store_import_kind(IMP_CUSTOMER)->cols[e.col].name,
				  "%s", e.msg);
			continue;
		}
		if (rc != STORE_OK) {
			cli_error(r->c, "%s:%ld: %s", r->file, pm->line, store_errmsg(r->c->st));
			r->fatal = 1;
			return -1;
		}
		r->merged += merged;
	}
	return 0;
}

/* Duplicate check, then the store.  Returns -1 on a fatal error. */
static int write_row(struct run *r, enum imp_kind k, long line, struct imp_value *v)
{
	const struct imp_kind_info *ki = store_import_kind(k);
	struct imp_error e;
	char *key;
	size_t kn, room = 16;
	long first;
	int rc, j;

	if (check_times(r, line, ki, v) != 0)
		return 0;
	/* The key whole, however long its parts: a key cut short would call
	 * two rows the same. */
	for (j = 0; j < 4 && ki->alt_key[j] >= 0; j++)
		room += (v[ki->alt_key[j]].s ? strlen(v[ki->alt_key[j]].s) : 0) + 24;
	for (j = 0; j < 2 && ki->key[j] >= 0; j++)
		room += (v[ki->key[j]].s ? strlen(v[ki->key[j]].s) : 0) + 2;
	if ((key = malloc(room)) == NULL) {
		cli_error(r->c, _("out of memory"));
		return -1;
	}
	if (v[ki->key[0]].s == NULL) {
		/* No key of its own: its natural key (alt_key) stands in. */
		kn = (size_t)snprintf(key, room, "%d\x1e", (int)k);
		for (j = 0; j < 4 && ki->alt_key[j] >= 0; j++) {
			const struct imp_value *a = &v[ki->alt_key[j]];

			if (ki->cols[ki->alt_key[j]].type == IMP_TEXT || a->s == NULL)
				kn += (size_t)snprintf(key + kn, room - kn, "\x1f%s",
						       a->s ? a->s : "");
			else
				kn += (size_t)snprintf(key + kn, room - kn, "\x1f%lld",
						       a->i);
		}
	} else {
		kn = (size_t)snprintf(key, room, "%d\x1f%s", (int)k, v[ki->key[0]].s);
		if (ki->key[1] >= 0)
			kn += (size_t)snprintf(key + kn, room - kn, "\x1f%s",
					       v[ki->key[1]].s);
	}
	rc = keyset_add(&r->keys, key, kn, line, &first);
	free(key);
	if (rc < 0) {
		cli_error(r->c, _("out of memory"));
		return -1;
	}
	if (rc == 1) {
		int col = ki->key[1] >= 0 ? ki->key[1] : ki->key[0];

		if (v[ki->key[0]].s == NULL)
			row_error(r, line, NULL,
				  _("the same answer (customer, complaint, kind and time) appears twice in the file (first on line %ld)"),
				  first);
		else if (ki->key[1] >= 0)
			row_error(r, line, ki->cols[col].name,
				  _("'%s' appears twice for %s '%s' (first on line %ld)"),
				  v[col].s, ki->cols[ki->key[0]].name, v[ki->key[0]].s, first);
		else
			row_error(r, line, ki->cols[col].name,
				  _("'%s' appears twice in the file (first on line %ld)"),
				  v[col].s, first);
		return 0;
	}
	rc = store_import_row(r->c->st, k, v, &e);
	if (rc == STORE_INVALID) {
		row_error(r, line, e.col >= 0 ? ki->cols[e.col].name : NULL, "%s", e.msg);
		return 0;
	}
	if (rc != STORE_OK) {
		cli_error(r->c, "%s:%ld: %s", r->file, line, store_errmsg(r->c->st));
		r->fatal = 1;
		return -1;
	}
	r->counts[k]++;
	if (k == IMP_CUSTOMER && note_merge(r, ki, line, v) != 0) {
		r->fatal = 1;
		return -1;
	}
	if (e.opened != 0 && note_same_order(r, line, e.opened) != 0) {
		r->fatal = 1;
		return -1;
	}
	return 0;
}

static int find_col(const struct imp_kind_info *ki, const char *name)
{
	int j;

	for (j = 0; j < ki->ncols; j++)
		if (strcmp(name, ki->cols[j].name) == 0)
			return j;
	return -1;
}

/* The header line: each of the file's columns as temas's column (map[i],
 * -1 for one left out), every rename and ignore checked against it. */
static int header_map(struct run *r, const struct imp_kind_info *ki,
		      struct csv *c, char **fields, size_t *lens, size_t n,
		      int *map, int *have)
{
	size_t i, k;
	size_t bad;

	for (k = 0; k < r->nrenames; k++)
		if (find_col(ki, r->renames[k].target) < 0)
			row_error(r, csv_line(c), NULL,
				  _("%s: '%s' is not a column of %s (see 'temas import --help')"),
				  r->renames[k].where, r->renames[k].target, ki->name);
	for (i = 0; i < n; i++) {
		const char *name = fields[i];
		int ignored = 0;

		map[i] = -1;
		if (text_utf8_check(fields[i], lens[i], &bad) != 0) {
			not_utf8(r, csv_line(c), NULL, fields[i], lens[i], bad);
			if (r->fatal)
				return -1;
			continue;
		}
		for (k = 0; k < r->nignore; k++)
			if (strcmp(fields[i], r->ignore[k]) == 0)
				ignored = 1;
		if (ignored)
			continue;
		for (k = 0; k < r->nrenames; k++)
			if (strcmp(fields[i], r->renames[k].source) == 0) {
				name = r->renames[k].target;
				r->renames[k].used = 1;
			}
		map[i] = find_col(ki, name);
		if (map[i] < 0) {
			row_error(r, csv_line(c), NULL,
				  _("unknown column '%s' for %s (rename it with --column COLUMN=%s or --map FILE, or leave it out with --ignore-column %s)"),
				  fields[i], ki->name, fields[i], fields[i]);
		} else if (have[map[i]]++) {
			row_error(r, csv_line(c), NULL, _("column '%s' appears twice"),
				  name);
		}
	}
	for (k = 0; k < r->nrenames; k++)
		if (!r->renames[k].used)
			row_error(r, csv_line(c), NULL, _("%s: the file has no column '%s'"),
				  r->renames[k].where, r->renames[k].source);
	return r->errors ? -1 : 0;
}

static int import_csv(struct run *r, enum imp_kind k, FILE *f)
{
	const struct imp_kind_info *ki = store_import_kind(k);
	int map[CSV_MAX_FIELDS], have[32] = { 0 };
	struct imp_value v[32];
	struct csv *c = csv_new(f);
	char **fields;
	size_t *lens, n, i, nmap;
	int rc, j, bad;

	if (c == NULL) {
		cli_error(r->c, _("out of memory"));
		return -1;
	}
	rc = csv_read(c, &fields, &lens, &n);
	if (rc == CSV_EOF) {
		row_error(r, 1, NULL, _("empty file: the first line must name the columns"));
		goto out;
	}
	if (rc != CSV_RECORD) {
		if (rc == CSV_NOMEM)
			cli_error(r->c, _("out of memory"));
		else if (rc == CSV_WIDE)
			wide_file(r, csv_errmsg(c));
		else
			row_error(r, csv_error_line(c), NULL, "%s", csv_errmsg(c));
		goto out;
	}
	nmap = n;
	if (header_map(r, ki, c, fields, lens, n, map, have) != 0)
		goto out;
	for (j = 0; j < ki->ncols; j++)
		if (ki->cols[j].required && !have[j])
			row_error(r, csv_line(c), NULL, _("required column '%s' is missing"),
				  ki->cols[j].name);
	if (r->errors)
		goto out;
	for (;;) {
		rc = csv_read(c, &fields, &lens, &n);
		if (rc == CSV_EOF)
			break;
		if (rc == CSV_NOMEM) {
			cli_error(r->c, _("out of memory"));
			r->fatal = 1;
			break;
		}
		if (rc != CSV_RECORD) {
			row_error(r, csv_error_line(c), NULL, "%s", csv_errmsg(c));
			if (rc == CSV_SYNTAX || r->errors >= MAX_ERRORS)
				break;
			continue;
		}
		r->rows++;
		for (j = 0; j < ki->ncols; j++) {
			v[j].s = NULL;
			v[j].i = 0;
		}
		bad = 0;
		for (i = 0; i < n && !bad; i++)
			if (i < nmap && map[i] >= 0)
				bad = check_value(r, csv_line(c), &ki->cols[map[i]],
						  fields[i], lens[i], 1, &v[map[i]]) != 0;
		for (j = 0; j < ki->ncols && !bad; j++)
			if (!have[j])
				bad = check_value(r, csv_line(c), &ki->cols[j], NULL, 0, 0,
						  &v[j]) != 0;
		if (!bad && write_row(r, k, csv_line(c), v) != 0)
			break;
		if (r->errors >= MAX_ERRORS || r->fatal)
			break;
		progress(r);
	}
out:
	csv_free(c);
	return r->fatal ? -1 : 0;
}

static int jsonl_row(struct run *r, long line, const char *s, size_t len)
{
	const struct imp_kind_info *ki;
	struct json_object o;
	struct imp_value v[32];
	const struct json_member *tm;
	char err[256];
	size_t i;
	int k, j, rc = 0;

	if (json_parse_object(s, len, &o, err, sizeof err) != 0) {
		row_error(r, line, NULL, "%s", err);
		return 0;
	}
	tm = json_get(&o, "type");
	if (tm == NULL || tm->type != JSON_STRING) {
		row_error(r, line, "type", _("required, but missing"));
		goto out;
	}
	k = store_import_kind_find(tm->value);
	if (k < 0 || strcmp(store_import_kind(k)->type, tm->value) != 0) {
		row_error(r, line, "type",
			  _("unknown type '%s' (customer, order, order_line, interaction, complaint, survey)"),
			  tm->value);
		goto out;
	}
	ki = store_import_kind(k);
	for (i = 0; i < o.n; i++) {
		if (strcmp(o.m[i].key, "type") == 0)
			continue;
		for (j = 0; j < ki->ncols; j++)
			if (strcmp(o.m[i].key, ki->cols[j].name) == 0)
				break;
		if (j == ki->ncols) {
			row_error(r, line, o.m[i].key, _("unknown field for type %s"), ki->type);
			goto out;
		}
		if (o.m[i].type == JSON_TRUE || o.m[i].type == JSON_FALSE) {
			row_error(r, line, o.m[i].key, _("expected a string or number, not %s"),
				  o.m[i].value);
			goto out;
		}
	}
	r->rows++;
	for (j = 0; j < ki->ncols; j++) {
		const struct json_member *m = json_get(&o, ki->cols[j].name);
		const char *val = m ? m->value : NULL;

		if (check_value(r, line, &ki->cols[j], val, val ? strlen(val) : 0,
				m != NULL, &v[j]) != 0)
			goto out;
	}
	rc = write_row(r, (enum imp_kind)k, line, v);
	progress(r);
out:
	json_object_free(&o);
	return rc;
}

static int import_jsonl(struct run *r, FILE *f)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t got;
	long line = 0;
	int rc = 0;

	while ((got = getline(&buf, &cap, f)) >= 0) {
		size_t len = (size_t)got;

		line++;
		if (line == 1 && text_wide_guess(buf, len) != NULL) {
			wide_file(r, text_wide_guess(buf, len));
			break;
		}
		if ((size_t)got > JSONL_MAX_LINE) {
			row_error(r, line, NULL, _("line too long"));
			break;
		}
		if (len > 0 && buf[len - 1] == '\n')
			len--;
		if (len > 0 && buf[len - 1] == '\r')
			len--;
		if (line == 1 && len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
			memmove(buf, buf + 3, len - 3);
			len -= 3;
		}
		if (strspn(buf, " \t") >= len)
			continue;
		if (memchr(buf, '\0', len) != NULL) {
			row_error(r, line, NULL, _("line holds a NUL byte"));
		} else if (jsonl_row(r, line, buf, len) != 0) {
			rc = -1;
			break;
		}
		if (r->errors >= MAX_ERRORS)
			break;
	}
	if (ferror(f)) {
		cli_error(r->c, _("%s: cannot read: %s"), r->file, strerror(errno));
		r->fatal = 1;
		rc = -1;
	}
	free(buf);
	return rc;
}

static void import_help(FILE *out)
{
	int k, j;

	fprintf(out, _("Usage: temas import [--dry-run] [OPTIONS] KIND FILE.csv\n"
		       "       temas import [--dry-run] --jsonl FILE\n\n"
		       "Add or update rows from a CSV file (RFC 4180, UTF-8, first line naming\n"
		       "the columns in any order) or a JSON lines file (one object per line with\n"
		       "\"type\" and the same fields).  FILE may be - for standard input.  Rows\n"
		       "are matched by their key, so importing a file twice changes nothing.\n"
		       "The import is one transaction: if any row is wrong, nothing is imported\n"
		       "and the first %d problems are listed as FILE:LINE: field 'x': problem.\n\n"
		       "Times: 2025-03-01, 2025-03-01T10:00:00Z or 2025-03-01T13:00:00+03:00.\n"
		       "Amounts: 1234.56 or 1234,56 (at most two decimals, no thousands marks).\n"
		       "An empty field clears a value, or keeps the stored one where the field\n"
		       "has a default.\n\n"
		       "  --dry-run   check every row, change nothing\n"), MAX_ERRORS);
	fprintf(out, "%s", _("  --column COLUMN=NAME   the file's column NAME is COLUMN (repeatable)\n"
			     "  --map FILE             the same from a file: one 'COLUMN = NAME' a line\n"
			     "  --ignore-column NAME   leave the file's column NAME out (repeatable)\n"
			     "  --encoding NAME        the file is in NAME (ISO-8859-9, WINDOWS-1254,\n"
			     "                         any iconv name), converted to UTF-8 as it is read\n\n"
			     "Kinds and columns (* required):\n"));
	for (k = 0; k < IMP_NKINDS; k++) {
		const struct imp_kind_info *ki = store_import_kind(k);

		fprintf(out, "\n  %s (JSON type \"%s\")\n", ki->name, ki->type);
		for (j = 0; j < ki->ncols; j++) {
			const struct imp_column *col = &ki->cols[j];
			char list[256] = "";

			if (col->choices)
				choices_text(col->choices, list, sizeof list);
			if (!col->choices && !col->help) {
				fprintf(out, "    %s%s\n", col->required ? "*" : " ", col->name);
				continue;
			}
			fprintf(out, "    %s%-20s %s%s%s\n", col->required ? "*" : " ", col->name,
				col->choices ? list : "",
				col->choices && col->help ? "; " : "",
				col->help ? _(col->help) : "");
		}
	}
	fprintf(out, _("\nImport customers first, then orders, order lines, complaints,\n"
		       "interactions and surveys: rows refer to earlier ones by their keys.\n"));
}

static int add_rename(struct run *r, const char *target, const char *source,
		      const char *where)
{
	struct rename *n = realloc(r->renames, (r->nrenames + 1) * sizeof *n);

	if (n == NULL)
		return -1;
	r->renames = n;
	n[r->nrenames].target = target;
	n[r->nrenames].source = source;
	n[r->nrenames].where = where;
	n[r->nrenames].used = 0;
	r->nrenames++;
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/*
 * A map file: one "COLUMN = FILE'S COLUMN" a line, # comments and blank
 * lines allowed.  Its text is kept in *text for the names to point into;
 * each line's place ("FILE:LINE") too.  -1 after a message.
 */
static int read_map(struct run *r, const char *path, char **text, char ***places,
		    size_t *nplaces)
{
	char err[512];
	FILE *f = text_path_open_read(path, err, sizeof err);
	char *buf = NULL, *line, *next, *eq, *target, *source;
	size_t cap = 0, len = 0, got;
	long no = 0;

	if (f == NULL) {
		cli_error(r->c, "--map %s", err);
		return -1;
	}
	do {
		if (len + 4096 > cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 8192);

			if (nb == NULL) {
				free(buf);
				fclose(f);
				cli_error(r->c, _("out of memory"));
				return -1;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
	} while (got > 0);
	fclose(f);
	buf[len] = '\0';
	*text = buf;
	if (!text_validate_utf8(buf, len) || strlen(buf) != len) {
		cli_error(r->c, _("%s: not UTF-8 text"), path);
		return -1;
	}
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		char **p;

		no++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		line = trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		eq = strchr(line, '=');
		if (eq != NULL)
			*eq = '\0';
		target = eq ? trim(line) : NULL;
		source = eq ? trim(eq + 1) : NULL;
		if (eq == NULL || *target == '\0' || *source == '\0') {
			cli_error(r->c, _("%s:%ld: expected 'COLUMN = the file's column'"),
				  path, no);
			return -1;
		}
		p = realloc(*places, (*nplaces + 1) * sizeof *p);
		if (p == NULL)
			return -1;
		*places = p;
		if (asprintf(&p[*nplaces], "%s:%ld", path, no) < 0)
			return -1;
		if (add_rename(r, target, source, p[(*nplaces)++]) != 0)
			return -1;
	}
	return 0;
}

/* --encoding: the whole input converted to UTF-8, read from memory. */
static FILE *converted(struct run *r, FILE *f, const char *enc, char **mem)
{
	char *buf = NULL, *out;
	size_t cap = 0, len = 0, got, outlen, bad;
	int rc;

	do {
		if (len == cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 65536);

			if (nb == NULL) {
				free(buf);
				cli_error(r->c, _("out of memory"));
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	rc = text_to_utf8(enc, buf, len, &out, &outlen, &bad);
	if (rc == -3) {
		long line = 1;
		size_t i;

		for (i = 0; i < bad; i++)
			line += buf[i] == '\n';
		cli_error(r->c, _("%s:%ld: a byte that is not %s text (0x%02X)"), r->file,
			  line, enc, (unsigned char)buf[bad]);
	} else if (rc == -1) {
		cli_error(r->c, _("--encoding: unknown encoding '%s' (iconv -l lists them; for Turkish files ISO-8859-9 or WINDOWS-1254)"),
			  enc);
	} else if (rc != 0) {
		cli_error(r->c, _("out of memory"));
	}
	free(buf);
	if (rc != 0)
		return NULL;
	*mem = out;
	f = fmemopen(out, outlen ? outlen : 1, "rb");
	if (f == NULL)
		cli_error(r->c, _("out of memory"));
	return f;
}

/* What an import holds until it ends, freed by cli_import. */
struct import_hold {
	char *maptext, **places, *mem;
	size_t nplaces;
};

static int import_main(struct cli *c, int argc, char **argv, struct run *rp,
		       struct import_hold *h)
{
	const char *kind = NULL, *file = NULL, *map = NULL;
	int jsonl = 0, dry = 0, bulk = 0, i, k = -1, rc;
	struct run r = *rp;
	FILE *f;
	long total = 0;
	long long assigned = 0, waiting = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			import_help(stdout);
			return EXIT_OK;
		} else if (strcmp(argv[i], "--dry-run") == 0 || strcmp(argv[i], "-n") == 0) {
			dry = 1;
		} else if ((strcmp(argv[i], "--encoding") == 0 ||
			    strcmp(argv[i], "--map") == 0 ||
			    strcmp(argv[i], "--column") == 0 ||
			    strcmp(argv[i], "--ignore-column") == 0) && i + 1 >= argc) {
			cli_error(c, _("import: %s needs a value (see 'temas import --help')"),
				  argv[i]);
			return EXIT_USAGE;
		} else if (strcmp(argv[i], "--encoding") == 0) {
			r.encoding = argv[++i];
		} else if (strcmp(argv[i], "--map") == 0) {
			if (map != NULL) {
				cli_error(c, "%s", _("import: one --map file at a time (add --column for more)"));
				return EXIT_USAGE;
			}
			map = argv[++i];
		} else if (strcmp(argv[i], "--column") == 0) {
			char *eq = strchr(argv[++i], '=');

			if (eq == NULL || eq == argv[i] || eq[1] == '\0') {
				cli_error(c, _("import: --column takes COLUMN=FILE'S-COLUMN, not '%s'"),
					  argv[i]);
				return EXIT_USAGE;
			}
			*eq = '\0';
			if (add_rename(&r, argv[i], eq + 1, "--column") != 0) {
				*rp = r;
				return EXIT_FAIL;
			}
		} else if (strcmp(argv[i], "--ignore-column") == 0) {
			const char **ig = realloc(r.ignore, (r.nignore + 1) * sizeof *ig);

			if (ig == NULL) {
				*rp = r;
				return EXIT_FAIL;
			}
			r.ignore = ig;
			ig[r.nignore++] = argv[++i];
		} else if (strcmp(argv[i], "--jsonl") == 0) {
			jsonl = 1;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			cli_error(c, _("import: unknown option '%s' (see 'temas import --help')"),
				  argv[i]);
			return EXIT_USAGE;
		} else if (!jsonl && kind == NULL) {
			kind = argv[i];
		} else if (file == NULL) {
			file = argv[i];
		} else {
			cli_error(c, _("import: too many arguments (see 'temas import --help')"));
			return EXIT_USAGE;
		}
	}
	if (jsonl && kind != NULL && file == NULL) {
		file = kind;
		kind = NULL;
	}
	if (!jsonl) {
		if (kind == NULL || file == NULL) {
			cli_error(c, _("import: give a kind and a file (see 'temas import --help')"));
			return EXIT_USAGE;
		}
		k = store_import_kind_find(kind);
		if (k < 0 || strcmp(store_import_kind(k)->name, kind) != 0) {
			cli_error(c, _("import: unknown kind '%s' (customers, orders, order-lines, "
				       "interactions, complaints, surveys)"), kind);
			return EXIT_USAGE;
		}
	} else if (file == NULL || kind != NULL) {
		cli_error(c, _("import: --jsonl takes one file (see 'temas import --help')"));
		return EXIT_USAGE;
	}
	if (cli_stdin_refused(c, "import", file))
		return EXIT_USAGE;
	if (strcmp(file, "-") == 0) {
		f = stdin;
	} else {
		struct stat sb;
		char err[512];

		f = text_path_open_read(file, err, sizeof err);
		if (f == NULL) {
			cli_error(c, "%s", err);
			return EXIT_FAIL;
		}
		/* Big files: index for search once at the end, not row by row. */
		bulk = fstat(fileno(f), &sb) == 0 && sb.st_size >= BULK_BYTES;
	}
	r.file = strcmp(file, "-") == 0 ? _("(standard input)") : file;
	r.tty = isatty(STDERR_FILENO);
	*rp = r;
	if (map != NULL && read_map(rp, map, &h->maptext, &h->places, &h->nplaces) != 0) {
		if (f != stdin)
			fclose(f);
		return EXIT_USAGE;
	}
	r = *rp;
	if (r.encoding != NULL) {
		FILE *conv = converted(&r, f, r.encoding, &h->mem);

		if (f != stdin)
			fclose(f);
		if (conv == NULL) {
			cli_error(c, _("%s: nothing imported"), r.file);
			return EXIT_FAIL;
		}
		f = conv;
	}
	if (store_import_begin(c->st, bulk) != STORE_OK) {
		cli_error(c, "%s", store_errmsg(c->st));
		if (f != stdin)
			fclose(f);
		return EXIT_FAIL;
	}
	rc = jsonl ? import_jsonl(&r, f) : import_csv(&r, (enum imp_kind)k, f);
	if (f != stdin)
		fclose(f);
	if (rc == 0 && r.errors == 0 && !r.fatal && apply_merges(&r) != 0)
		rc = -1;
	keyset_free(&r.keys);
	keyset_free(&r.msrc);
	*rp = r;
	if (r.tty && r.rows >= PROGRESS_EVERY)
		fputc('\n', stderr);
	if (rc != 0 || r.errors > 0 || dry) {
		if (store_import_finish(c->st, 0, bulk) != STORE_OK)
			cli_error(c, "%s", store_errmsg(c->st));
		if (rc != 0 || r.fatal) {
			cli_error(c, _("%s: nothing imported"), r.file);
			return EXIT_FAIL;
		}
		if (r.errors > 0) {
			if (r.errors >= MAX_ERRORS)
				cli_error(c, _("%s: stopped after %d problems; nothing imported"),
					  r.file, r.errors);
			else
				cli_error(c, _("%s: %d problem(s); nothing imported"),
					  r.file, r.errors);
			return EXIT_FAIL;
		}
		printf(_("%s: %ld rows are valid; nothing imported (dry run)\n"), r.file, r.rows);
		return EXIT_OK;
	}
	/* One audit row for the whole file, in the import's transaction:
	 * who brought what in, and how much of it. */
	{
		char counts[IMP_NKINDS * 40] = "";
		size_t used = 0;

		for (k = 0; k < IMP_NKINDS; k++)
			if (r.counts[k] > 0 && used < sizeof counts)
				used += (size_t)snprintf(counts + used, sizeof counts - used,
							 " %s=%ld", store_import_kind(k)->name,
							 r.counts[k]);
		if (r.merged > 0 && used < sizeof counts)
			snprintf(counts + used, sizeof counts - used, " merged=%ld", r.merged);
		if (cli_audit_self(c, "import", "file=%s kind=%s%s", r.file,
				   jsonl ? "jsonl" : kind, counts) != EXIT_OK) {
			store_import_finish(c->st, 0, bulk);
			cli_error(c, _("%s: nothing imported"), r.file);
			return EXIT_FAIL;
		}
	}
	if (store_import_finish(c->st, 1, bulk) != STORE_OK) {
		cli_error(c, "%s", store_errmsg(c->st));
		return EXIT_FAIL;
	}
	printf(_("%s: imported"), r.file);
	for (k = 0; k < IMP_NKINDS; k++) {
		if (r.counts[k] == 0)
			continue;
		printf("%s %ld %s", total ? "," : "", r.counts[k], store_import_kind(k)->name);
		total += r.counts[k];
	}
	if (total == 0)
		printf(_(" nothing (no rows)"));
	putchar('\n');
	if (r.merged > 0)
		printf(P_("%s: %ld customer record merged into the record that stays\n",
			  "%s: %ld customer records merged into the records that stay\n",
			  r.merged), r.file, r.merged);
	fflush(stdout);
	say_same_order(&r);
	store_assign_counts(c->st, 1, &assigned, &waiting);
	if (assigned + waiting > 0)
		printf(_("%s: new open complaints auto-assigned %lld, left unassigned "
			 "(no agent online below capacity) %lld\n"), r.file, assigned, waiting);
	return EXIT_OK;
}

int cli_import(struct cli *c, int argc, char **argv)
{
	struct import_hold h = { NULL, NULL, NULL, 0 };
	struct run r;
	size_t i;
	int rc;

	memset(&r, 0, sizeof r);
	r.c = c;
	rc = import_main(c, argc, argv, &r, &h);
	free(r.renames);
	free(r.ignore);
	for (i = 0; i < r.nsame; i++)
		free(r.same[i].others);
	free(r.same);
	for (i = 0; i < r.nmerges; i++) {
		free(r.merges[i].src);
		free(r.merges[i].into);
		free(r.merges[i].by);
	}
	free(r.merges);
	keyset_free(&r.msrc);
	for (i = 0; i < h.nplaces; i++)
		free(h.places[i]);
	free(h.places);
	free(h.maptext);
	free(h.mem);
	return rc;
}
