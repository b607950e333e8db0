/*
 * search.c: the full-text index and the search over it.
 *
 * Three contentless FTS5 tables (search_customer, search_order,
 * search_interaction; see migration 2 in schema.c) are kept current by
 * plain-SQL triggers, so every writer keeps them current.  They use
 * SQLite's unicode61 tokenizer without diacritics, which with the dotless
 * ı folded by the indexed expressions (search_sql.h) matches the query
 * folding of text_fold_tr: "IŞIK", "ışık" and "isik" are one token, in the
 * index and in the query alike.
 *
 * Separate tables per kind, rather than one table with a kind column, let
 * each kind be ranked and cut to its own top N, so a word found in a
 * million messages does not crowd out or slow down the customer it also
 * names.  Ranking every match of a very common word would cost a score per
 * match; instead the newest RANK_WINDOW matches are found by walking the
 * index backwards by rowid (cheap, it stops early) and only those are
 * ranked, with temas_rank (below) rather than bm25(), whose per-query
 * statistics alone cost a pass over every match.  Column weights: a name
 * counts more than an e-mail or phone, a subject more than a body.
 *
 * Every index has prefix entries of its own, which FTS5 walks lazily,
 * newest first, as it walks a word: the messages' for one to three
 * letters, the orders' for one to four, the customers' for one to eight
 * (migrations 24, 27 and 29).
 * A longer prefix of the messages ("sipari*", "kredi kart*") is the words
 * that start with it (search_terms, kept by the tokenizer) joined by OR,
 * walked as lazily, where FTS5's own prefix would gather every match of
 * every such word before the first (a quarter of a second and tens of
 * megabytes for a common one on a million customers).  With more than
 * EXPAND_MAX such words it is answered from the newest messages
 * (plan_window, below), or, when it is too rare there, from the word
 * itself walked lazily and the one-letter-longer prefixes that begin few
 * words each (plan_pieces); a number prefix whose words are in few
 * messages in all is FTS5's own prefix, which gathers only those
 * (plan_rare).  "SP-2023*" is the phrase "sp 2023*", its last word such
 * a prefix.  A longer prefix of the orders is written the
 * same way, the word and the narrower prefixes, from the index's own list
 * of its words (orders_write).  Counts stop at SEARCH_COUNT_MAX, for the
 * same reason.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "search_sql.h"
#include "temas/i18n.h"
#include "temas/query.h"
#include "temas/search.h"
#include "temas/text.h"

/* Matches of one kind that are ranked when a word is very common. */
#define RANK_WINDOW 500
/* Words a prefix may stand for before it is answered in a window. */
#define EXPAND_MAX 64
/* The longest prefix the messages' index has entries for (migration 27),
 * in characters. */
#define MESSAGE_PREFIX_INDEX 3
/* Room for a query with its prefixes written out. */
#define EXPANDED_EXPR (QUERY_MAX_EXPR * 8)


/*
 * temas_rank(table, weight...): bm25 without the inverse document
 * frequency, negated so that smaller is better, like bm25().  FTS5's own
 * bm25() counts, for every query, all the rows each phrase matches (its
 * IDF); for a word found in a million messages that alone takes tens of
 * milliseconds, whatever the LIMIT.  Every row returned by an AND query
 * contains every phrase, so IDF only shifts weight between the query's
 * terms; term frequency, the column weights and length normalisation,
 * which decide the order, stay.  Costs a few reads per ranked row.
 */
#define RANK_K1 1.2
#define RANK_B 0.75
#define RANK_MAX_COLS 4
#define RANK_MAX_PHRASES 128

/* Phrases counted as the first of their group: after the column weights,
 * "FIRST:COUNT ..." (query_to_match_groups), a prefix written as
 * alternatives, each a phrase of its own, counts as the one phrase it
 * stands for. */
static void rank_groups(sqlite3_value *v, int nphrase, int *group)
{
	const char *g = v != NULL ? (const char *)sqlite3_value_text(v) : NULL;
	char *end;
	long first, count, k;

	for (k = 0; k < nphrase; k++)
		group[k] = (int)k;
	while (g != NULL && *g != '\0') {
		first = strtol(g, &end, 10);
		if (*end != ':')
			return;
		count = strtol(end + 1, &end, 10);
		for (k = first; k >= 0 && k < first + count && k < nphrase; k++)
			group[k] = (int)first;
		g = end;
		while (*g == ' ')
			g++;
	}
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
		    sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	int tf[RANK_MAX_PHRASES][RANK_MAX_COLS], group[RANK_MAX_PHRASES];
	int ncol = api->xColumnCount(fts), nphrase = api->xPhraseCount(fts);
	int ninst = 0, i, p, c, col, off, len;
	sqlite3_int64 nrow = 0, total;
	double score = 0.0, avg, w, norm;

	if (ncol > RANK_MAX_COLS || nphrase > RANK_MAX_PHRASES ||
	    api->xInstCount(fts, &ninst) != SQLITE_OK ||
	    api->xRowCount(fts, &nrow) != SQLITE_OK) {
		sqlite3_result_error(ctx, "temas_rank: cannot rank", -1);
		return;
	}
	memset(tf, 0, sizeof tf);
	rank_groups(nval > ncol ? val[ncol] : NULL, nphrase, group);
	for (i = 0; i < ninst; i++) {
		if (api->xInst(fts, i, &p, &col, &off) == SQLITE_OK &&
		    p >= 0 && p < nphrase && col >= 0 && col < ncol)
			tf[group[p]][col]++;
	}
	for (c = 0; c < ncol; c++) {
		w = c < nval ? sqlite3_value_double(val[c]) : 1.0;
		if (w == 0.0 || api->xColumnTotalSize(fts, c, &total) != SQLITE_OK ||
		    api->xColumnSize(fts, c, &len) != SQLITE_OK)
			continue;
		avg = nrow > 0 && total > 0 ? (double)total / (double)nrow : 1.0;
		norm = RANK_K1 * (1.0 - RANK_B + RANK_B * (double)len / avg);
		for (p = 0; p < nphrase; p++)
			if (tf[p][c] > 0)
				score += w * tf[p][c] * (RANK_K1 + 1.0) /
					 (tf[p][c] + norm);
	}
	sqlite3_result_double(ctx, -score);
}

fts5_api *search_fts5_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api;
}

/* Called by store_open on every connection, before any migration. */
int store_search_register(struct store *st)
{
	fts5_api *api = search_fts5_api(st->db);

	if (api == NULL || api->iVersion < 2)
		return store_fail(st, _("%s: this SQLite has no full-text search (FTS5)"),
				  st->path);
	if (api->xCreateFunction(api, "temas_rank", NULL, rank_fn, NULL) !=
	    SQLITE_OK || search_lift_register(st->db) != SQLITE_OK)
		return store_fail_sqlite(st, _("cannot set up search"));
	return store_search_tokenizer_register(st, api);
}

/*
 * The messages' index uses temas's own tokenizer, which other SQLite
 * programs lack, so the triggers of the interactions table only queue the
 * text to index (search_queue, plain SQL).  On a temas connection a
 * temporary trigger indexes each queued row, and any rows queued before
 * it, as they are queued, in the same transaction: what temas writes is
 * searchable the moment it commits.  Rows other programs queued are
 * indexed before the next search (store_search_catch_up).
 */
#define SEARCH_DRAIN(UPTO) \
	"INSERT INTO search_interaction(search_interaction, " \
	SEARCH_INTERACTION_COLS ")" \
	" SELECT CASE op WHEN 'd' THEN 'delete' END, id, subject, body" \
	" FROM search_queue" UPTO " ORDER BY seq;" \
	"DELETE FROM search_queue" UPTO ";"

static const char sql_attach[] =
	"CREATE TEMP TRIGGER IF NOT EXISTS search_queue_index"
	"  AFTER INSERT ON main.search_queue BEGIN "
	SEARCH_DRAIN(" WHERE seq <= new.seq")
	" END;";

static const char sql_has_queue[] =
	"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_queue'";

int store_search_attach(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, sql_has_queue);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_OK;
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot set up search"));
	return store_exec(st, sql_attach);
}

static const char sql_queued[] = "SELECT EXISTS(SELECT 1 FROM search_queue)";

static int drain(struct store *st, void *ctx)
{
	(void)ctx;
	return store_exec(st, SEARCH_DRAIN(""));
}

/* Index what other programs queued, if anything, before a search; on a
 * read-only connection the search does without it. */
static int store_search_catch_up(struct store *st)
{
	sqlite3_stmt *s;
	int rc, queued;

	if (st->readonly)
		return STORE_OK;
	s = store_stmt(st, sql_queued);
	if (s == NULL)
		return STORE_ERROR;
	rc = sqlite3_step(s);
	queued = rc == SQLITE_ROW && sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW) {
		/* A database from before the queue: nothing to catch up. */
		return STORE_OK;
	}
	return queued ? store_tx_run(st, drain, NULL) : STORE_OK;
}


/* ---- searching ---- */

const char *search_kind_name(enum search_kind kind)
{
	switch (kind) {
	case SEARCH_CUSTOMERS: return _("Customers");
	case SEARCH_ORDERS: return _("Orders");
	case SEARCH_INTERACTIONS: return _("Interactions");
	default: return "?";
	}
}

void search_results_free(struct search_results *r)
{
	if (r == NULL)
		return;
	free(r->hits);
	memset(r, 0, sizeof *r);
}

/* ---- prefixes ---- */

static const char sql_terms[] =
	"SELECT term FROM search_terms WHERE term >= ?1 AND term < ?2"
	" ORDER BY term LIMIT ?3";

/* The words of search_terms that start with prefix, into buf: how many,
 * or -1 when there are too many. */
static int expand_prefix(struct store *st, const char *prefix, size_t len,
			 char *buf, size_t bufsz)
{
	char upper[QUERY_MAX_BYTES * 4];
	sqlite3_stmt *s;
	size_t used = 0;
	int n = 0, rc;

	/* Plain ASCII words only (query.c): the last byte can grow. */
	if (len == 0 || len >= sizeof upper)
		return -1;
	memcpy(upper, prefix, len);
	upper[len - 1]++;
	s = store_stmt(st, sql_terms);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, prefix, (int)len, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, upper, (int)len, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 3, EXPAND_MAX + 1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(s, 0);
		size_t wl = (size_t)sqlite3_column_bytes(s, 0);

		if (w == NULL || n == EXPAND_MAX || used + wl + 1 > bufsz) {
			n = -1;
			break;
		}
		memcpy(buf + used, w, wl + 1);
		used += wl + 1;
		n++;
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

/*
 * A prefix of the messages too wide to write out whole (more than
 * EXPAND_MAX words) is answered in a window: the newest messages are
 * read and split as the index splits them, and in those rows the prefix
 * is the words found there that start with it.  The query, with the rows
 * from the window's oldest up, finds exactly what
 * the prefix would find there; when that is at least WINDOW_NEED rows
 * (what the count and the ranked newest matches need) it stands for the
 * whole index.  Otherwise the window grows, up to SCAN_MAX rows, after
 * which the prefix's pieces answer (plan_pieces), as they do at once for
 * a prefix too rare in the window to reach WINDOW_NEED within SCAN_MAX
 * rows; FTS5's own prefix only when they cannot.
 *
 * A prefix alone needs only one of its words in each row of the window
 * (a cover: the shortest word of a row not covered yet, so "s*" in a
 * million messages naming orders "SP-2024-…" is mostly the one word
 * "sp"; ranking then counts the covering word of a row, not every word
 * the prefix begins there); a prefix inside a phrase needs every word,
 * since its place in the phrase counts.  Reading the window costs a few
 * microseconds a message, and its memory is bounded by WIDE_WORDS words
 * a prefix, where FTS5's own prefix would gather every match of every
 * word in memory.
 */
#define SCAN_FIRST 1536
#define SCAN_MAX 24576
#define WINDOW_NEED (SEARCH_COUNT_MAX + 1)
#define WIDE_WORDS 128
/* Letters and digits that may follow a prefix (plan_pieces). */
#define PIECES_MAX 40
/* Messages read to learn the words of the narrower prefixes. */
#define PIECES_ROWS (2 * WINDOW_NEED)

struct wide {
	char prefix[QUERY_MAX_BYTES + 1];
	size_t len;
	int phrase;
	char words[QUERY_EXPAND_BYTES];   /* each ended by '\0' */
	size_t used;
	int n;
	int row_hit;                      /* the row has one of words */
	char best[QUERY_EXPAND_BYTES];    /* its shortest word that does not */
	size_t best_len;
	int exact;                        /* the prefix is a word itself */
	char next[PIECES_MAX];            /* letters that follow it in words */
	int nnext;
};

/* What plan_expand writes for a wide prefix. */
enum plan_writing {
	PLAN_NOTING,            /* nothing: FTS5's own prefix, noted as wide */
	PLAN_WINDOW,            /* the words the window has */
	PLAN_PIECES,            /* the word itself and the narrower prefixes */
	PLAN_NARROWER           /* the narrower prefixes alone */
};

struct plan {
	struct store *st;
	enum plan_writing writing;
	int full;               /* a wide prefix has more words than fit */
	int nwide;
	struct wide wide[QUERY_MAX_TERMS];
};

static struct wide *wide_find(struct plan *p, const char *prefix, size_t len,
			      int phrase)
{
	int i;

	for (i = 0; i < p->nwide; i++)
		if (p->wide[i].len == len && p->wide[i].phrase == phrase &&
		    memcmp(p->wide[i].prefix, prefix, len) == 0)
			return &p->wide[i];
	return NULL;
}

/* The prefix written out as the one word it is, in buf: 1, or -1 when it
 * does not fit. */
static int prefix_as_word(const char *prefix, size_t len, char *buf,
			  size_t bufsz)
{
	if (len + 1 > bufsz)
		return -1;
	memcpy(buf, prefix, len);
	buf[len] = '\0';
	return 1;
}

/* The prefix as the word it is (when it is one) and the narrower
 * prefixes, "2023" "20230*" "20231*" ..., or those alone. */
static int pieces_write(const struct wide *w, int whole, char *buf,
			size_t bufsz)
{
	size_t used = 0;
	int n = 0, i;

	if (whole && w->exact) {
		if (prefix_as_word(w->prefix, w->len, buf, bufsz) < 0)
			return -1;
		used = w->len + 1;
		n++;
	}
	for (i = 0; i < w->nnext; i++) {
		if (used + w->len + 3 > bufsz)
			return -1;
		memcpy(buf + used, w->prefix, w->len);
		buf[used + w->len] = w->next[i];
		buf[used + w->len + 1] = '*';
		buf[used + w->len + 2] = '\0';
		used += w->len + 3;
		n++;
	}
	return n;
}

/* query_expand_fn of a plan. */
static int plan_expand(void *ctx, const char *prefix, size_t len, int phrase,
		       char *buf, size_t bufsz)
{
	struct plan *p = ctx;
	struct wide *w;
	int n;

	/* The index has an entry of its own for it: FTS5's own prefix. */
	if (text_utf8_chars(prefix, len) <= MESSAGE_PREFIX_INDEX)
		return -1;
	w = wide_find(p, prefix, len, phrase);
	if ((p->writing == PLAN_PIECES || p->writing == PLAN_NARROWER) &&
	    w != NULL) {
		/* Alternatives cannot stand inside a longer phrase. */
		if (phrase == QUERY_IN_PHRASE_PART) {
			p->full = 1;
			return -1;
		}
		return pieces_write(w, p->writing == PLAN_PIECES, buf, bufsz);
	}
	if (p->writing == PLAN_WINDOW && w != NULL) {
		/* None in the window: the prefix as a word, which it is not
		 * there either. */
		if (w->n == 0)
			return prefix_as_word(prefix, len, buf, bufsz);
		memcpy(buf, w->words, w->used);
		return w->n;
	}
	/* No word begins so: the prefix as a word, which is none either,
	 * one look in the index where FTS5's own prefix would walk its
	 * words to find none. */
	if ((n = expand_prefix(p->st, prefix, len, buf, bufsz)) == 0)
		return prefix_as_word(prefix, len, buf, bufsz);
	if (n > 0)
		return n;
	if (w == NULL && p->nwide < QUERY_MAX_TERMS && len < sizeof w->prefix) {
		w = &p->wide[p->nwide++];
		memset(w, 0, sizeof *w);
		memcpy(w->prefix, prefix, len);
		w->len = len;
		w->phrase = phrase;
	}
	return -1;
}

static int plan_write(struct plan *p, const struct query *q, char *out,
		      size_t outsz)
{
	return query_to_match_expand(q, plan_expand, p, out, outsz);
}

static int wide_has(const struct wide *w, const char *tok, size_t n)
{
	size_t at = 0, wl;

	for (; at < w->used; at += wl + 1) {
		wl = strlen(w->words + at);
		if (wl == n && memcmp(w->words + at, tok, n) == 0)
			return 1;
	}
	return 0;
}

static int wide_add(struct wide *w, const char *tok, size_t n)
{
	if (w->n == WIDE_WORDS || w->used + n + 1 > sizeof w->words)
		return -1;
	memcpy(w->words + w->used, tok, n);
	w->words[w->used + n] = '\0';
	w->used += n + 1;
	w->n++;
	return 0;
}

/* Each word of a row read, as the index has it. */
static int scan_token(void *ctx, int flags, const char *tok, int n, int start,
		      int end)
{
	struct plan *p = ctx;
	struct wide *w;
	int i;

	(void)flags;
	(void)start;
	(void)end;
	for (i = 0; i < p->nwide; i++) {
		w = &p->wide[i];
		if (n <= 0 || (size_t)n < w->len || memcmp(tok, w->prefix, w->len) != 0)
			continue;
		if (wide_has(w, tok, (size_t)n)) {
			w->row_hit = 1;
		} else if (w->phrase) {
			if (wide_add(w, tok, (size_t)n) != 0)
				p->full = 1;
		} else if (!w->row_hit && (w->best_len == 0 || (size_t)n < w->best_len) &&
			   (size_t)n < sizeof w->best) {
			memcpy(w->best, tok, (size_t)n);
			w->best_len = (size_t)n;
		} else if ((size_t)n >= sizeof w->best) {
			p->full = 1;
		}
	}
	return SQLITE_OK;
}

/* A row read: cover it with its shortest word where it is not yet. */
static void scan_row_done(struct plan *p)
{
	struct wide *w;
	int i;

	for (i = 0; i < p->nwide; i++) {
		w = &p->wide[i];
		if (!w->phrase && !w->row_hit && w->best_len > 0 &&
		    wide_add(w, w->best, w->best_len) != 0)
			p->full = 1;
		w->row_hit = 0;
		w->best_len = 0;
	}
}

typedef int (*token_fn)(void *, int, const char *, int, int, int);

/* The columns after the id of the row s is on, split as the index splits
 * them, each word to fn: 0, or -1 when out of memory (said). */
static int tokenize_row(struct plan *p, fts5_tokenizer *tk, Fts5Tokenizer *t,
			sqlite3_stmt *s, token_fn fn)
{
	int col, ncol = sqlite3_column_count(s);

	for (col = 1; col < ncol; col++) {
		const char *text = (const char *)sqlite3_column_text(s, col);

		if (text != NULL &&
		    tk->xTokenize(t, p, FTS5_TOKENIZE_AUX, text,
				  sqlite3_column_bytes(s, col), fn) != SQLITE_OK) {
			store_fail(p->st, _("search: out of memory"));
			return -1;
		}
	}
	return 0;
}

/* The messages newest first, with the text the index was given
 * (search_sql.h): the id, then the columns. */
static const char sql_scan[] =
	"SELECT " SEARCH_INTERACTION_VALUES("i") " FROM interactions i"
	" WHERE i.id < ?1 ORDER BY i.id DESC LIMIT ?2";

/*
 * Read up to max rows below *hi, newest first, noting the words of the
 * wide prefixes; *hi becomes the id of the oldest row read whole (its
 * words all noted), and *end is set when no row is left below.  Returns
 * the rows read, or -1.
 */
static int scan_rows(struct plan *p, fts5_tokenizer *tk, Fts5Tokenizer *t,
		     long long *hi, int max, int *end)
{
	sqlite3_stmt *s = store_stmt(p->st, sql_scan);
	int rc = SQLITE_DONE, rows = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, *hi);
	sqlite3_bind_int(s, 2, max);
	while (!p->full && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (tokenize_row(p, tk, t, s, scan_token) != 0) {
			sqlite3_reset(s);
			return -1;
		}
		scan_row_done(p);
		if (p->full)
			break;
		*hi = sqlite3_column_int64(s, 0);
		rows++;
	}
	if (!p->full && rows < max) {
		if (rc != SQLITE_DONE) {
			sqlite3_reset(s);
			store_fail_sqlite(p->st, _("search failed"));
			return -1;
		}
		*end = 1;
	}
	sqlite3_reset(s);
	return rows;
}

/* Every match, not only the ranked ones, from lo up: what "1,234 found"
 * says, up to one more than SEARCH_COUNT_MAX.  No index holds an erased
 * customer, nor their orders and messages (their triggers take them out
 * as the customer is erased, migrations 2 and 28), so the matches are
 * counted from the index alone, without reading a row of a table. */
#define COUNT_SQL(T) \
	"SELECT count(*) FROM (SELECT 1 FROM " T \
	" WHERE " T " MATCH ?1 AND rowid >= ?3 LIMIT ?2)"
static const char *const count_sql[SEARCH_NKINDS] = {
	COUNT_SQL("search_customer"),
	COUNT_SQL("search_order"),
	COUNT_SQL("search_interaction"),
};

/* One number from sql, with the match expression, n and lo bound as ?1,
 * ?2 and ?3: 1 when it gave one, 0 when no row, -1 on failure. */
static int one_number(struct store *st, const char *sql, const char *expr,
		      int n, long long lo, long long *v)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, expr, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, n);
	sqlite3_bind_int64(s, 3, lo);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail_sqlite(st, _("search failed"));
		return -1;
	}
	return rc == SQLITE_ROW;
}

static int count_from(struct store *st, int kind, const char *expr,
		      long long lo, long long *n)
{
	*n = 0;
	return one_number(st, count_sql[kind], expr, SEARCH_COUNT_MAX + 1, lo,
			  n) < 0 ? STORE_ERROR : STORE_OK;
}

/*
 * A prefix too rare among the newest messages for a window (2023*, when
 * most of the newest quote orders of other years), of which search_terms
 * knows the letters that follow it: its one-character-longer prefixes
 * ("20230*" ... "20239*") begin few words each, the word itself ("2023",
 * perhaps a million messages) is walked lazily like any word, so the
 * prefix is the word OR those narrower prefixes, which FTS5 gathers
 * cheaply.  The newest WINDOW_NEED matches of that give the window's
 * lower end; in it the prefix stands for the word and the words found in
 * the messages matched by a narrower prefix, which are read and split as
 * the index splits them, as few as they are.  So the query written then
 * is the prefix's single phrase, ranked and counted exactly as FTS5's
 * own prefix is, and no message is read that the prefix does not match.
 */

static const char sql_next_letter[] =
	"SELECT term FROM search_terms WHERE term >= ?1 AND term < ?2"
	" ORDER BY term LIMIT 1";

/* The letters that follow w's prefix in the words sql gives (the first
 * word from ?1 up to ?2, the prefix and 0xFF), and whether it is a word
 * itself: 0, or -1 when
 * one is not a plain letter or digit (or on failure, with nothing said). */
static int pieces_find(struct store *st, const char *sql, struct wide *w)
{
	char from[QUERY_MAX_BYTES + 2], upto[QUERY_MAX_BYTES + 1];
	sqlite3_stmt *s;
	int rc;
	char c;

	w->nnext = 0;
	w->exact = 0;
	/* Above every word that begins with the prefix: no byte of UTF-8
	 * is 0xFF. */
	memcpy(upto, w->prefix, w->len);
	upto[w->len] = '\xff';
	memcpy(from, w->prefix, w->len);
	from[w->len] = '\0';
	for (;;) {
		if ((s = store_stmt(st, sql)) == NULL)
			return -1;
		sqlite3_bind_text(s, 1, from, (int)strlen(from), SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, upto, (int)w->len + 1, SQLITE_TRANSIENT);
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW) {
			sqlite3_reset(s);
			if (rc != SQLITE_DONE)
				return -1;
			break;
		}
		if ((size_t)sqlite3_column_bytes(s, 0) == w->len) {
			/* The prefix itself: then what follows it. */
			sqlite3_reset(s);
			w->exact = 1;
			from[w->len] = '0';
			from[w->len + 1] = '\0';
			continue;
		}
		c = ((const char *)sqlite3_column_text(s, 0))[w->len];
		sqlite3_reset(s);
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) ||
		    w->nnext == PIECES_MAX)
			return -1;
		w->next[w->nnext++] = c;
		from[w->len] = (char)(c + 1);
		from[w->len + 1] = '\0';
	}
	return 0;
}

/* The newest matches from lo up, as the count and the ranking have
 * them. */
static const char sql_pieces_from[] =
	"SELECT rowid FROM search_interaction WHERE search_interaction MATCH ?1"
	" AND rowid >= ?2 ORDER BY rowid DESC LIMIT ?3";
/* One message, with the text the index was given. */
static const char sql_pieces_row[] =
	"SELECT " SEARCH_INTERACTION_VALUES("i") " FROM interactions i"
	" WHERE i.id = ?1";

/* Each word of a message matched by a narrower prefix: every one that
 * begins with the prefix counts, as in FTS5's own prefix. */
static int pieces_token(void *ctx, int flags, const char *tok, int n,
			int start, int end)
{
	struct plan *p = ctx;
	struct wide *w = &p->wide[0];

	(void)flags;
	(void)start;
	(void)end;
	if (n > 0 && (size_t)n >= w->len && memcmp(tok, w->prefix, w->len) == 0 &&
	    !wide_has(w, tok, (size_t)n) && wide_add(w, tok, (size_t)n) != 0)
		p->full = 1;
	return SQLITE_OK;
}

/* The words of message id that begin with the prefix, into the wide. */
static int pieces_read(struct plan *p, fts5_tokenizer *tk, Fts5Tokenizer *t,
		       long long id)
{
	sqlite3_stmt *s = store_stmt(p->st, sql_pieces_row);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && tokenize_row(p, tk, t, s, pieces_token) != 0) {
		sqlite3_reset(s);
		return STORE_ERROR;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_sqlite(p->st, _("search failed"));
	return STORE_OK;
}

/* The matches of sql from lo up, newest first, with the query written as
 * how says: up to max of them into ids, *n of them, or one more than max
 * when there are more; *n is -1 when the query cannot be written so. */
static int pieces_rows(struct plan *p, const struct query *q,
		       enum plan_writing how, const char *sql, long long lo,
		       char *expr, long long *ids, int max, int *n)
{
	sqlite3_stmt *s = store_stmt(p->st, sql);
	int rc;

	*n = -1;
	if (s == NULL)
		return STORE_ERROR;
	p->writing = how;
	if (plan_write(p, q, expr, EXPANDED_EXPR) != 0 || p->full)
		return STORE_OK;
	sqlite3_bind_text(s, 1, expr, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, lo);
	sqlite3_bind_int(s, 3, max + 1);
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n <= max) {
		if (*n < max)
			ids[*n] = sqlite3_column_int64(s, 0);
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_sqlite(p->st, _("search failed"));
	return STORE_OK;
}

/*
 * out and *lo as plan_window has them, from the pieces of the plan's one
 * wide prefix, and *done set; all left alone when it has none or they
 * find too much, and the prefix's words with them.
 */
static int plan_pieces(struct plan *p, const struct query *q,
		       fts5_tokenizer *tk, Fts5Tokenizer *t, char *out,
		       long long *lo, int *done)
{
	struct wide *w = &p->wide[0];
	long long from = LLONG_MIN, ids[PIECES_ROWS];
	char *expr = malloc(EXPANDED_EXPR);
	int rc = STORE_OK, n = 0, i;

	if (expr == NULL)
		return store_fail(p->st, _("search: out of memory"));
	p->full = 0;
	if (p->nwide != 1 || pieces_find(p->st, sql_next_letter, w) != 0 ||
	    w->nnext == 0)
		goto leave;
	/* The window: the newest matches of the word or a narrower prefix. */
	rc = pieces_rows(p, q, PLAN_PIECES, sql_pieces_from, LLONG_MIN, expr,
			 ids, WINDOW_NEED, &n);
	if (rc != STORE_OK || n < 0)
		goto leave;
	if (n >= WINDOW_NEED)
		from = ids[WINDOW_NEED - 1];
	/* The messages in it that a narrower prefix matches. */
	rc = pieces_rows(p, q, PLAN_NARROWER, sql_pieces_from, from, expr, ids,
			 PIECES_ROWS, &n);
	if (rc != STORE_OK || n < 0 || n > PIECES_ROWS)
		goto leave;
	w->used = 0;
	w->n = 0;
	p->full = 0;
	if (w->exact && wide_add(w, w->prefix, w->len) != 0)
		goto leave;
	for (i = 0; i < n && rc == STORE_OK && !p->full; i++)
		rc = pieces_read(p, tk, t, ids[i]);
	if (rc != STORE_OK || p->full)
		goto leave;
	p->writing = PLAN_WINDOW;
	if (plan_write(p, q, expr, EXPANDED_EXPR) == 0) {
		memcpy(out, expr, strlen(expr) + 1);
		*lo = from;
		*done = 1;
	}
leave:
	if (!*done) {
		w->used = 0;
		w->n = 0;
		p->full = 0;
	}
	free(expr);
	return rc;
}

/* A number ("2023", "0532"): it begins many words that are each rare
 * (order numbers, phone numbers), one or two of them common (a year), as
 * the pieces want; a word's beginning begins its common forms, which the
 * window wants. */
static int is_number(const struct wide *w);

static int pieces_first(const struct plan *p)
{
	return p->nwide == 1 && is_number(&p->wide[0]);
}

static int is_number(const struct wide *w)
{
	return strspn(w->prefix, "0123456789") == w->len;
}

/*
 * Whether the words a number prefix begins are in fewer than WINDOW_NEED
 * messages in all, counted from its pieces as plan_pieces writes them
 * (the word itself, walked lazily, and the narrower prefixes, each of
 * few words), with expr as room: *rare is 0 when they are more, or the
 * pieces cannot be written.
 */
static int wide_rare(struct store *st, struct wide *w, char *expr, int *rare)
{
	char words[QUERY_EXPAND_BYTES];
	size_t at = 0, wl, o = 0;
	long long n;
	int k, count, star;

	*rare = 0;
	if (pieces_find(st, sql_next_letter, w) != 0 ||
	    (count = pieces_write(w, 1, words, sizeof words)) <= 0)
		return STORE_OK;
	/* The word itself first, walked lazily: a common one ("2025", a
	 * year) says enough alone, and its narrower prefixes are then not
	 * looked up, which costs a read of every page of its matches (FTS5
	 * finds the words after it by reading on from where it begins). */
	if (w->exact) {
		snprintf(expr, EXPANDED_EXPR, "\"\x01%.*s\"", (int)w->len, w->prefix);
		if (count_from(st, SEARCH_INTERACTIONS, expr, LLONG_MIN, &n) != STORE_OK)
			return STORE_ERROR;
		if (n >= WINDOW_NEED)
			return STORE_OK;
	}
	/* Plain letters and digits (pieces_find): nothing to quote. */
	for (k = 0; k < count; k++, at += wl + 1) {
		wl = strlen(words + at);
		star = words[at + wl - 1] == '*';
		o += (size_t)snprintf(expr + o, EXPANDED_EXPR - o, "%s\"%s%.*s\"%s",
				      k ? " OR " : "", star ? "" : "\x01",
				      (int)(wl - (size_t)star), words + at,
				      star ? " *" : "");
		if (o >= EXPANDED_EXPR)
			return STORE_OK;
	}
	if (count_from(st, SEARCH_INTERACTIONS, expr, LLONG_MIN, &n) != STORE_OK)
		return STORE_ERROR;
	*rare = n < WINDOW_NEED;
	return STORE_OK;
}

/*
 * Wide prefixes that are all numbers whose words are in fewer than
 * WINDOW_NEED messages in all ("3051*", where every message quotes an
 * order number of its own, a thousand words): FTS5's own prefix gathers
 * the words of those few messages only, so it answers, exactly and from
 * the whole index, the prefix alone, with other words, with another such
 * prefix or inside a phrase, where a window would read the newest
 * messages for more words than it keeps and the pieces would read every
 * message they match.  out and *lo as plan_window has them, and *done
 * set, when so.
 */
static int plan_rare(struct plan *p, const struct query *q, char *out,
		     long long *lo, int *done)
{
	char *expr;
	int i, rare = 1, rc = STORE_OK;

	for (i = 0; i < p->nwide; i++)
		if (!is_number(&p->wide[i]))
			return STORE_OK;
	if ((expr = malloc(EXPANDED_EXPR)) == NULL)
		return store_fail(p->st, _("search: out of memory"));
	for (i = 0; i < p->nwide && rare && rc == STORE_OK; i++)
		rc = wide_rare(p->st, &p->wide[i], expr, &rare);
	p->writing = PLAN_NOTING;
	p->full = 0;
	if (rc == STORE_OK && rare && plan_write(p, q, expr, EXPANDED_EXPR) == 0 &&
	    !p->full) {
		memcpy(out, expr, strlen(expr) + 1);
		*lo = LLONG_MIN;
		*done = 1;
	}
	p->full = 0;
	free(expr);
	return rc;
}

/*
 * The window of a plan with wide prefixes: out and *lo become the query
 * and the lowest rowid it holds for, when its prefixes are rare numbers
 * (plan_rare), or a window of at most SCAN_MAX rows holds WINDOW_NEED
 * matches or the whole table, or else the pieces of its wide prefix do
 * (plan_pieces, tried first for a number); else both are left alone.
 */
static int plan_window(struct plan *p, const struct query *q, char *out,
		       long long *lo)
{
	fts5_api *api = search_fts5_api(p->st->db);
	fts5_tokenizer tk;
	Fts5Tokenizer *t = NULL;
	void *user = NULL;
	long long hi = LLONG_MAX, n;
	int batch = SCAN_FIRST, scanned = 0, end = 0, got, done = 0;
	int rc = STORE_OK;
	char *try = malloc(EXPANDED_EXPR);

	if (try == NULL || api == NULL ||
	    api->xFindTokenizer(api, "temas_tr", &user, &tk) != SQLITE_OK ||
	    tk.xCreate(user, NULL, 0, &t) != SQLITE_OK) {
		free(try);
		return store_fail(p->st, _("search: out of memory"));
	}
	rc = plan_rare(p, q, out, lo, &done);
	if (rc == STORE_OK && !done && pieces_first(p))
		rc = plan_pieces(p, q, &tk, t, out, lo, &done);
	p->writing = PLAN_WINDOW;
	while (rc == STORE_OK && !done) {
		got = scan_rows(p, &tk, t, &hi, batch, &end);
		if (got < 0) {
			rc = STORE_ERROR;
			break;
		}
		scanned += got;
		if (plan_write(p, q, try, EXPANDED_EXPR) != 0)
			break;
		if (end) {
			memcpy(out, try, strlen(try) + 1);
			*lo = LLONG_MIN;
			done = 1;
			break;
		}
		rc = count_from(p->st, SEARCH_INTERACTIONS, try, hi, &n);
		if (rc == STORE_OK && n >= WINDOW_NEED) {
			memcpy(out, try, strlen(try) + 1);
			*lo = hi;
			done = 1;
			break;
		}
		/* Too few here to hope for enough within SCAN_MAX rows. */
		if (rc != STORE_OK || p->full || scanned >= SCAN_MAX ||
		    n * SCAN_MAX < (long long)scanned * WINDOW_NEED)
			break;
		batch = scanned * 3 < SCAN_MAX - scanned ? scanned * 3 : SCAN_MAX - scanned;
	}
	if (rc == STORE_OK && !done && !pieces_first(p))
		rc = plan_pieces(p, q, &tk, t, out, lo, &done);
	tk.xDelete(t);
	free(try);
	return rc;
}

/* A query, as each index is asked it: expr[k] from lo[k] up. */
#define GROUPS_TEXT (QUERY_MAX_TERMS * 24)

/* What one walk of an index found (walk_kind, below): the newest
 * matches ranked, up to RANK_WINDOW, and how many there are, up to
 * SEARCH_COUNT_MAX + 1. */
struct ranked {
	long long id;
	double r;
};

struct walk {
	long long total;
	int n;
	struct ranked row[RANK_WINDOW];
};

struct compiled {
	char *expr[SEARCH_NKINDS];
	long long lo[SEARCH_NKINDS];
	char groups[SEARCH_NKINDS][GROUPS_TEXT];   /* for temas_rank */
	struct walk *walk[SEARCH_NKINDS];          /* NULL until walked */
};

/*
 * The orders' index has prefix entries of up to four characters
 * (migrations 24 and 29: "2023*", a year, is one of them) and no list of
 * its words.  A longer prefix ("20231*": an order number and the order
 * numbers that begin so) is found from the index's own list of its
 * words, read a word at a time (fts5vocab): the word itself, walked
 * lazily, and its one-letter-longer prefixes, each a few words gathered
 * by FTS5, joined by OR, which the ranking counts as the one prefix they
 * are (rank_groups).
 */
#define ORDER_PREFIX_INDEX 4

static const char sql_order_vocab[] =
	"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_order_words"
	" USING fts5vocab(main, search_order, instance)";
static const char sql_order_next[] =
	"SELECT term FROM temp.search_order_words WHERE term >= ?1 AND term <= ?2"
	" LIMIT 1";

/* query_expand_fn of the orders. */
static int orders_expand(void *ctx, const char *prefix, size_t len,
			 int phrase, char *buf, size_t bufsz)
{
	struct store *st = ctx;
	struct wide *w;
	int n = -1;

	if (text_utf8_chars(prefix, len) <= ORDER_PREFIX_INDEX ||
	    phrase == QUERY_IN_PHRASE_PART || len >= sizeof w->prefix ||
	    (w = calloc(1, sizeof *w)) == NULL)
		return -1;
	memcpy(w->prefix, prefix, len);
	w->len = len;
	if (store_exec(st, sql_order_vocab) == STORE_OK &&
	    pieces_find(st, sql_order_next, w) == 0)
		n = pieces_write(w, 1, buf, bufsz);
	free(w);
	return n;
}

/* The orders' query into out, and the groups of phrases temas_rank
 * counts as one into groups ("" for none). */
static void orders_write(struct store *st, const struct query *q, char *out,
			 char *groups)
{
	struct query_groups g;
	size_t used = 0;
	int i;

	groups[0] = '\0';
	if (query_to_match_groups(q, orders_expand, st, out, EXPANDED_EXPR,
				  &g) != 0 || g.nphrase > RANK_MAX_PHRASES) {
		query_to_match(q, out, EXPANDED_EXPR);
		return;
	}
	for (i = 0; i < g.n && used + 24 < GROUPS_TEXT; i++)
		used += (size_t)snprintf(groups + used, GROUPS_TEXT - used, "%s%d:%d",
					 i ? " " : "", g.first[i], g.count[i]);
}

static void compiled_free(struct compiled *c)
{
	int k;

	for (k = 0; k < SEARCH_NKINDS; k++) {
		free(c->expr[k]);
		free(c->walk[k]);
	}
}

static int compile(struct store *st, const char *query, struct compiled *c)
{
	struct plan *p = NULL;
	struct query q;
	char err[256];
	int kind, rc = STORE_OK;

	memset(c, 0, sizeof *c);
	for (kind = 0; kind < SEARCH_NKINDS; kind++) {
		c->lo[kind] = LLONG_MIN;
		if ((c->expr[kind] = malloc(EXPANDED_EXPR)) == NULL)
			rc = STORE_ERROR;
	}
	if (rc != STORE_OK || (p = malloc(sizeof *p)) == NULL) {
		free(p);
		compiled_free(c);
		return store_fail(st, _("search: out of memory"));
	}
	if (query_parse(query, &q, err, sizeof err) != 0 ||
	    query_to_match(&q, c->expr[0], QUERY_MAX_EXPR) != 0) {
		if (query_compile(query, c->expr[0], QUERY_MAX_EXPR, err, sizeof err) == 0)
			snprintf(err, sizeof err, "%s", _("search failed"));
		store_fail(st, "%s", err);
		free(p);
		compiled_free(c);
		return STORE_INVALID;
	}
	/* The customers' and orders' indexes have prefixes of their own
	 * (migration 24). */
	query_to_match(&q, c->expr[SEARCH_CUSTOMERS], EXPANDED_EXPR);
	orders_write(st, &q, c->expr[SEARCH_ORDERS], c->groups[SEARCH_ORDERS]);
	memset(p, 0, sizeof *p);
	p->st = st;
	if (plan_write(p, &q, c->expr[SEARCH_INTERACTIONS], EXPANDED_EXPR) != 0)
		query_to_match(&q, c->expr[SEARCH_INTERACTIONS], EXPANDED_EXPR);
	else if (p->nwide > 0)
		rc = plan_window(p, &q, c->expr[SEARCH_INTERACTIONS],
				 &c->lo[SEARCH_INTERACTIONS]);
	free(p);
	if (rc != STORE_OK)
		compiled_free(c);
	return rc;
}

/*
 * The last query compiled, kept while the database stays as it was: the
 * console counts a query and then shows it, and pages through it, with
 * one window read.  Any commit, this connection's or another's, makes it
 * stale.
 */
struct compiled_cache {
	char *query;
	long long version, changes;
	struct compiled c;
};

#define SEARCH_CACHE(st) ((struct compiled_cache *)(st)->ext[EXT_SEARCH_CACHE])

void store_search_forget(struct store *st)
{
	struct compiled_cache *k = SEARCH_CACHE(st);

	if (k == NULL)
		return;
	free(k->query);
	compiled_free(&k->c);
	free(k);
	st->ext[EXT_SEARCH_CACHE] = NULL;
}

static int compile_cached(struct store *st, const char *query,
			  struct compiled **out)
{
	struct compiled_cache *k = SEARCH_CACHE(st);
	long long version, changes = (long long)sqlite3_total_changes64(st->db);
	struct compiled c;
	int rc;

	if (store_data_version(st, &version) != STORE_OK)
		return STORE_ERROR;
	if (k != NULL && k->version == version && k->changes == changes &&
	    strcmp(k->query, query) == 0) {
		*out = &k->c;
		return STORE_OK;
	}
	store_search_forget(st);
	rc = compile(st, query, &c);
	if (rc != STORE_OK)
		return rc;
	k = calloc(1, sizeof *k);
	if (k == NULL || (k->query = strdup(query)) == NULL) {
		free(k);
		compiled_free(&c);
		return store_fail(st, _("search: out of memory"));
	}
	k->version = version;
	k->changes = changes;
	k->c = c;
	st->ext[EXT_SEARCH_CACHE] = k;
	*out = &k->c;
	return STORE_OK;
}

/*
 * One walk of each index answers both the count and the hits: the
 * newest RANK_WINDOW matches from lo down, each ranked as it is met, and
 * when there are that many, a count of the older ones up to
 * SEARCH_COUNT_MAX + 1 in all.  The hits are the best ranked of those
 * rows, read from the tables by id.  FTS5 finds the first match of an
 * AND or a phrase by walking every word from its start (or, newest
 * first, its end) until they meet, and only then skips to a rowid
 * bound; words that rarely meet (2023 2024: a year each, in a third of
 * the orders each) are walked whole by every statement that asks, so
 * the count, the window's lower end and the ranking, each a statement
 * of its own, cost three such walks where one will do.
 */
#define WALK_SQL(T, W) \
	"SELECT rowid, temas_rank(" T ", " W ", ?4) FROM " T \
	" WHERE " T " MATCH ?1 AND rowid >= ?2 ORDER BY rowid DESC LIMIT ?3"
static const char *const walk_sql[SEARCH_NKINDS] = {
	WALK_SQL("search_customer", "4.0, 2.0, 2.0"),
	WALK_SQL("search_order", "1.0"),
	WALK_SQL("search_interaction", "2.0, 1.0"),
};

/* The matches older than the ranked ones (?4), newest first, so that
 * the walk starts where the ranked ones ended. */
#define OLDER_SQL(T) \
	"SELECT count(*) FROM (SELECT 1 FROM " T " WHERE " T " MATCH ?1" \
	" AND rowid >= ?2 AND rowid < ?4 ORDER BY rowid DESC LIMIT ?3)"
static const char *const older_sql[SEARCH_NKINDS] = {
	OLDER_SQL("search_customer"),
	OLDER_SQL("search_order"),
	OLDER_SQL("search_interaction"),
};

#define OPEN_COMPLAINT(CUST) \
	"(SELECT k.id FROM complaints k WHERE k.customer_id = " CUST \
	" AND k.is_open ORDER BY k.due_at LIMIT 1)"

/* The hits: the best ranked rows (?1, their ids in order as a JSON
 * array) with what the list shows of them.  The indexes hold no erased
 * customer's rows; the few shown are checked once more, so that a row
 * an index might still hold (a reader cannot index what others queued,
 * store_search_catch_up) is never shown.  A customer record merged into
 * another stays in the index under its own name, address and phone, and
 * is shown as the record it was merged into, once. */
static const char *const hits_sql[SEARCH_NKINDS] = {
	"SELECT c.id, c.id, " OPEN_COMPLAINT("c.id") ","
	" " STORE_CUSTOMER_NAME("c") ", coalesce(c.city, ''), c.tier,"
	" '', c.created_at, 0, ''"
	" FROM json_each(?1) f JOIN customers c ON c.id = coalesce("
	"  (SELECT m.into_id FROM customer_merges m WHERE m.customer_id = f.value),"
	"  f.value)"
	" WHERE c.erased_at IS NULL GROUP BY c.id ORDER BY min(f.key)",

	"SELECT o.id, o.customer_id, " OPEN_COMPLAINT("o.customer_id") ","
	" " STORE_CUSTOMER_NAME("c") ", o.number, o.status, '',"
	" o.placed_at, o.total, o.currency"
	" FROM json_each(?1) f JOIN orders o ON o.id = f.value"
	" JOIN customers c ON c.id = o.customer_id"
	" WHERE c.erased_at IS NULL ORDER BY f.key",

	"SELECT i.id, i.customer_id, coalesce("
	"   (SELECT k.id FROM complaints k WHERE k.id = i.complaint_id AND k.is_open),"
	"   " OPEN_COMPLAINT("i.customer_id") "),"
	" " STORE_CUSTOMER_NAME("c") ", coalesce(i.subject, ''),"
	" substr(i.body, 1, 240), i.channel, i.at, 0, ''"
	" FROM json_each(?1) f JOIN interactions i ON i.id = f.value"
	" JOIN customers c ON c.id = i.customer_id"
	" WHERE c.erased_at IS NULL ORDER BY f.key",
};

static void bind_walk(sqlite3_stmt *s, const struct compiled *c, int kind,
		      int limit)
{
	sqlite3_bind_text(s, 1, c->expr[kind], -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, c->lo[kind]);
	sqlite3_bind_int(s, 3, limit);
}

/* The walk of one kind's index, once per compiled query. */
static int walk_kind(struct store *st, struct compiled *c, int kind)
{
	struct walk *w;
	sqlite3_stmt *s;
	int rc;

	if (c->walk[kind] != NULL)
		return STORE_OK;
	if ((w = calloc(1, sizeof *w)) == NULL)
		return store_fail(st, _("search: out of memory"));
	if ((s = store_stmt(st, walk_sql[kind])) == NULL) {
		free(w);
		return STORE_ERROR;
	}
	bind_walk(s, c, kind, RANK_WINDOW);
	if (c->groups[kind][0] != '\0')
		sqlite3_bind_text(s, 4, c->groups[kind], -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 4);
	while (w->n < RANK_WINDOW && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		w->row[w->n].id = sqlite3_column_int64(s, 0);
		w->row[w->n].r = sqlite3_column_double(s, 1);
		w->n++;
	}
	if (w->n == RANK_WINDOW)
		rc = SQLITE_DONE;
	sqlite3_reset(s);
	w->total = w->n;
	if (rc == SQLITE_DONE && w->n == RANK_WINDOW) {
		if ((s = store_stmt(st, older_sql[kind])) == NULL) {
			free(w);
			return STORE_ERROR;
		}
		bind_walk(s, c, kind, SEARCH_COUNT_MAX + 1 - RANK_WINDOW);
		sqlite3_bind_int64(s, 4, w->row[RANK_WINDOW - 1].id);
		if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			w->total += sqlite3_column_int64(s, 0);
			rc = SQLITE_DONE;
		}
		sqlite3_reset(s);
	}
	if (rc != SQLITE_DONE) {
		free(w);
		return store_fail_sqlite(st, _("search failed"));
	}
	c->walk[kind] = w;
	return STORE_OK;
}

/* Best first: the smaller rank, then the newer row. */
static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->r != y->r)
		return x->r < y->r ? -1 : 1;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* The ids of the best n of w, as a JSON array, into a new string. */
static char *best_ids(const struct walk *w, int n)
{
	struct ranked *sorted = malloc(sizeof *sorted * (size_t)(w->n ? w->n : 1));
	size_t size = 2 + (size_t)n * 21, used = 0;
	char *ids = malloc(size);
	int i;

	if (sorted == NULL || ids == NULL) {
		free(sorted);
		free(ids);
		return NULL;
	}
	memcpy(sorted, w->row, sizeof *sorted * (size_t)w->n);
	qsort(sorted, (size_t)w->n, sizeof *sorted, ranked_cmp);
	ids[used++] = '[';
	for (i = 0; i < n && i < w->n; i++)
		used += (size_t)snprintf(ids + used, size - used, "%s%lld",
					 i ? "," : "", sorted[i].id);
	snprintf(ids + used, size - used, "]");
	free(sorted);
	return ids;
}

/* Whether any customer record was merged into another. */
static const char sql_any_merge[] = "SELECT EXISTS(SELECT 1 FROM customer_merges)";

static int search_kind(struct store *st, struct compiled *c, int kind,
		       int per_kind, struct search_results *r)
{
	const struct walk *w;
	sqlite3_stmt *s;
	char *ids;
	int rc, got = 0, want = per_kind + 1;

	if (walk_kind(st, c, kind) != STORE_OK)
		return STORE_ERROR;
	w = c->walk[kind];
	/* Records merged into one are listed once, as the record that stays:
	 * the whole window is handed over, so that they take no place of
	 * another customer's. */
	if (kind == SEARCH_CUSTOMERS && w->n > want) {
		long long any = 0;

		if ((s = store_stmt(st, sql_any_merge)) == NULL ||
		    store_step_ints(st, s, &any, 1, _("search failed")) != STORE_OK)
			return STORE_ERROR;
		if (any)
			want = w->n;
	}
	if ((ids = best_ids(w, want)) == NULL)
		return store_fail(st, _("search: out of memory"));
	s = store_stmt(st, hits_sql[kind]);
	if (s == NULL) {
		free(ids);
		return STORE_ERROR;
	}
	sqlite3_bind_text(s, 1, ids, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct search_hit *h;

		if (got == per_kind) {
			r->more[kind] = 1;
			break;
		}
		h = &r->hits[r->nhits];
		memset(h, 0, sizeof *h);
		h->kind = (enum search_kind)kind;
		h->id = sqlite3_column_int64(s, 0);
		h->customer_id = sqlite3_column_int64(s, 1);
		h->complaint_id = sqlite3_column_int64(s, 2);
		h->customer_name = store_col_str(st, s, 3);
		h->title = store_col_str(st, s, 4);
		h->detail = store_col_str(st, s, 5);
		store_col_text(s, 6, h->channel, sizeof h->channel);
		h->at = sqlite3_column_int64(s, 7);
		h->amount = sqlite3_column_int64(s, 8);
		store_col_text(s, 9, h->currency, sizeof h->currency);
		r->nhits++;
		got++;
	}
	/* Past the ranked window, or below lo, there may be more even when
	 * the window was short. */
	if (w->n == RANK_WINDOW || c->lo[kind] != LLONG_MIN)
		r->more[kind] = 1;
	sqlite3_reset(s);
	free(ids);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("search failed"));
	r->count[kind] = got;
	return STORE_OK;
}

int store_search(struct store *st, const char *query, int per_kind,
		 struct search_results *out)
{
	int limits[SEARCH_NKINDS], kind;

	for (kind = 0; kind < SEARCH_NKINDS; kind++)
		limits[kind] = per_kind;
	return store_search_limits(st, query, limits, out);
}

int store_search_limits(struct store *st, const char *query,
			const int per_kind[SEARCH_NKINDS],
			struct search_results *out)
{
	struct compiled *c;
	size_t all = 0;
	int kind, rc;

	memset(out, 0, sizeof *out);
	if (store_search_catch_up(st) != STORE_OK)
		return STORE_ERROR;
	for (kind = 0; kind < SEARCH_NKINDS; kind++) {
		if (per_kind[kind] < 1) {
			store_fail(st, _("search: the number of results must be at least 1"));
			return STORE_INVALID;
		}
		all += (size_t)per_kind[kind];
	}
	rc = compile_cached(st, query, &c);
	if (rc != STORE_OK)
		return rc;
	out->hits = calloc(all, sizeof *out->hits);
	if (out->hits == NULL)
		rc = store_fail(st, _("search: out of memory"));
	for (kind = 0; rc == STORE_OK && kind < SEARCH_NKINDS; kind++)
		if (search_kind(st, c, kind, per_kind[kind], out) != STORE_OK)
			rc = STORE_ERROR;
	if (rc != STORE_OK)
		search_results_free(out);
	return rc;
}

int store_search_count(struct store *st, const char *query,
		       long long total[SEARCH_NKINDS])
{
	struct compiled *c;
	int kind, rc;

	if (store_search_catch_up(st) != STORE_OK)
		return STORE_ERROR;
	rc = compile_cached(st, query, &c);
	if (rc != STORE_OK)
		return rc;
	for (kind = 0; rc == STORE_OK && kind < SEARCH_NKINDS; kind++) {
		rc = walk_kind(st, c, kind);
		total[kind] = rc == STORE_OK ? c->walk[kind]->total : 0;
	}
	return rc;
}

/* ---- words of an erased customer ---- */

struct term_list {
	char **w;
	size_t n, cap;
};

static int gather_word(void *ctx, int flags, const char *tok, int n,
		       int start, int end)
{
	struct term_list *l = ctx;
	char *w;

	(void)flags;
	(void)start;
	(void)end;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **p = realloc(l->w, cap * sizeof *p);

		if (p == NULL)
			return SQLITE_NOMEM;
		l->w = p;
		l->cap = cap;
	}
	w = malloc((size_t)n + 1);
	if (w == NULL)
		return SQLITE_NOMEM;
	memcpy(w, tok, (size_t)n);
	w[n] = '\0';
	l->w[l->n++] = w;
	return SQLITE_OK;
}

static void term_list_free(struct term_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->w[i]);
	free(l->w);
	free(l);
}

void store_search_terms_free(void *terms)
{
	term_list_free(terms);
}

static const char sql_customer_texts[] =
	"SELECT coalesce(subject, '') || ' ' || body FROM interactions"
	" WHERE customer_id = ?1";

int store_search_terms_gather(struct store *st, long long customer_id,
			      void **terms)
{
	struct term_list *l = calloc(1, sizeof *l);
	fts5_api *api = search_fts5_api(st->db);
	fts5_tokenizer tok;
	Fts5Tokenizer *t = NULL;
	void *user = NULL;
	sqlite3_stmt *s;
	int rc = SQLITE_OK;

	*terms = NULL;
	if (l == NULL || api == NULL ||
	    api->xFindTokenizer(api, "temas_tr", &user, &tok) != SQLITE_OK ||
	    tok.xCreate(user, NULL, 0, &t) != SQLITE_OK) {
		term_list_free(l);
		return store_fail(st, _("search: out of memory"));
	}
	s = store_stmt(st, sql_customer_texts);
	if (s == NULL) {
		tok.xDelete(t);
		term_list_free(l);
		return STORE_ERROR;
	}
	sqlite3_bind_int64(s, 1, customer_id);
	while (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		rc = tok.xTokenize(t, l, FTS5_TOKENIZE_DOCUMENT,
				   (const char *)sqlite3_column_text(s, 0),
				   sqlite3_column_bytes(s, 0), gather_word);
	sqlite3_reset(s);
	tok.xDelete(t);
	if (rc != SQLITE_OK) {
		term_list_free(l);
		return store_fail(st, _("search: out of memory"));
	}
	*terms = l;
	return STORE_OK;
}

static const char sql_term_used[] =
	"SELECT 1 FROM search_interaction WHERE search_interaction MATCH ?1"
	" LIMIT 1";
static const char sql_term_drop[] = "DELETE FROM search_terms WHERE term = ?1";

int store_search_terms_prune(struct store *st, void *terms)
{
	struct term_list *l = terms;
	char *q;
	size_t i;
	int rc = STORE_OK, used;
	sqlite3_stmt *s;

	for (i = 0; l != NULL && i < l->n && rc == STORE_OK; i++) {
		/* The word itself, not its roots (search_tok.c). */
		q = malloc(strlen(l->w[i]) + 4);
		if (q == NULL) {
			rc = store_fail(st, _("search: out of memory"));
			break;
		}
		sprintf(q, "\"\x01%s\"", l->w[i]);
		s = store_stmt(st, sql_term_used);
		if (s == NULL) {
			free(q);
			rc = STORE_ERROR;
			break;
		}
		sqlite3_bind_text(s, 1, q, -1, SQLITE_TRANSIENT);
		used = sqlite3_step(s);
		sqlite3_reset(s);
		free(q);
		if (used == SQLITE_ROW)
			continue;
		if (used != SQLITE_DONE) {
			rc = store_fail_sqlite(st, _("search failed"));
			break;
		}
		s = store_stmt(st, sql_term_drop);
		if (s == NULL) {
			rc = STORE_ERROR;
			break;
		}
		sqlite3_bind_text(s, 1, l->w[i], -1, SQLITE_TRANSIENT);
		rc = store_step_done(st, s, _("search failed"));
		store_search_tokenizer_forget(st);
	}
	term_list_free(l);
	return rc;
}

/* ---- rebuilding ---- */

static const char *const clear_sql[SEARCH_NKINDS] = {
	"INSERT INTO search_customer(search_customer) VALUES('delete-all')",
	"INSERT INTO search_order(search_order) VALUES('delete-all')",
	"INSERT INTO search_interaction(search_interaction) VALUES('delete-all')",
};

static const char *const range_sql[SEARCH_NKINDS] = {
	"SELECT coalesce(min(id), 0), coalesce(max(id), -1), count(*) FROM customers",
	"SELECT coalesce(min(id), 0), coalesce(max(id), -1), count(*) FROM orders",
	"SELECT coalesce(min(id), 0), coalesce(max(id), -1), count(*) FROM interactions",
};

static const char *const fill_sql[SEARCH_NKINDS] = {
	"INSERT INTO search_customer(" SEARCH_CUSTOMER_COLS ")"
	" SELECT " SEARCH_CUSTOMER_VALUES("c") " FROM customers c"
	" WHERE c.id BETWEEN ?1 AND ?2 AND c.erased_at IS NULL",
	"INSERT INTO search_order(" SEARCH_ORDER_COLS ")"
	" SELECT " SEARCH_ORDER_VALUES("o") " FROM orders o"
	" WHERE o.id BETWEEN ?1 AND ?2 AND " SEARCH_KEPT("o"),
	"INSERT INTO search_interaction(" SEARCH_INTERACTION_COLS ")"
	" SELECT " SEARCH_INTERACTION_VALUES("i") " FROM interactions i"
	" WHERE i.id BETWEEN ?1 AND ?2 AND " SEARCH_KEPT("i"),
};

static const char *const optimize_sql[SEARCH_NKINDS] = {
	FTS5_OPTIMIZE("search_customer"),
	FTS5_OPTIMIZE("search_order"),
	FTS5_OPTIMIZE("search_interaction"),
};

/*
 * While a rebuild fills a table: no merging of the index's segments as
 * they are written (automerge 0, crisismerge high), since the 'optimize'
 * at the end merges them all once anyway; merged as they came, every
 * posting of a million customers' messages was written again five times
 * or more.  The pending-terms buffer (hashsize) is a few megabytes, not
 * tens: FTS5 finds a word's entry by hash and sorts all entries before
 * writing a segment, and in a buffer much larger than the processor's
 * cache every one of those steps waits for memory (with 64 MB, the
 * customers' index, whose addresses, numbers and prefix entries make
 * millions of entries, took about half as long again to build).  Then
 * FTS5's defaults are set again and the rows that hold them removed, so
 * the table's configuration is the one the migrations wrote (temas sets
 * none of these otherwise).
 */
static const char *const bulk_sql[SEARCH_NKINDS] = {
	FTS_BULK("search_customer"),
	FTS_BULK("search_order"),
	FTS_BULK("search_interaction"),
};

static const char *const defaults_sql[SEARCH_NKINDS] = {
	FTS_DEFAULTS("search_customer"),
	FTS_DEFAULTS("search_order"),
	FTS_DEFAULTS("search_interaction"),
};

static int step_done(struct store *st, sqlite3_stmt *s)
{
	if (s == NULL)
		return STORE_ERROR;
	return store_step_done(st, s, _("rebuilding the search index failed"));
}

static const char sql_suspend[] = "UPDATE search_state SET suspended=?1";

static int set_suspended(struct store *st, int on)
{
	sqlite3_stmt *s = store_stmt(st, sql_suspend);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, on);
	return step_done(st, s);
}

int store_search_suspend(struct store *st)
{
	return set_suspended(st, 1);
}

static int rebuild_kind(struct store *st, int kind, search_progress_fn progress,
			void *ctx)
{
	sqlite3_stmt *s;
	long long lo, hi, total, from, done = 0;

	if (step_done(st, store_stmt(st, clear_sql[kind])) != STORE_OK)
		return STORE_ERROR;
	/* What the triggers queued is in the tables read below. */
	if (kind == SEARCH_INTERACTIONS &&
	    step_done(st, store_stmt(st, "DELETE FROM search_queue")) != STORE_OK)
		return STORE_ERROR;
	s = store_stmt(st, range_sql[kind]);
	if (s == NULL)
		return STORE_ERROR;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail_sqlite(st, _("rebuilding the search index failed"));
	}
	lo = sqlite3_column_int64(s, 0);
	hi = sqlite3_column_int64(s, 1);
	total = sqlite3_column_int64(s, 2);
	sqlite3_reset(s);
	if (progress)
		progress((enum search_kind)kind, 0, total, ctx);
	if (store_exec(st, bulk_sql[kind]) != STORE_OK)
		return STORE_ERROR;
	for (from = lo; from <= hi; from += REBUILD_BATCH) {
		long long to = hi - from < REBUILD_BATCH ? hi : from + REBUILD_BATCH - 1;

		s = store_stmt(st, fill_sql[kind]);
		if (s == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, from);
		sqlite3_bind_int64(s, 2, to);
		if (step_done(st, s) != STORE_OK)
			return STORE_ERROR;
		/* Ids are dense in practice; report progress in id space. */
		done = total * (to - lo + 1) / (hi - lo + 1);
		if (progress)
			progress((enum search_kind)kind, done, total, ctx);
		if (to == hi)
			break;
	}
	/* One segment per table makes every later query cheaper; it is
	 * moved where later writes leave it alone (search_lift.c). */
	if (store_exec(st, optimize_sql[kind]) != STORE_OK)
		return STORE_ERROR;
	return store_exec(st, defaults_sql[kind]);
}

int store_search_rebuild_kinds(struct store *st, unsigned kinds)
{
	int kind;

	for (kind = 0; kind < SEARCH_NKINDS; kind++)
		if ((kinds & (1u << kind)) &&
		    rebuild_kind(st, kind, NULL, NULL) != STORE_OK)
			return STORE_ERROR;
	return STORE_OK;
}

int store_search_resume(struct store *st)
{
	return set_suspended(st, 0);
}

int store_search_rebuild(struct store *st, search_progress_fn progress,
			 void *ctx)
{
	int own = !st->in_tx, kind;

	if (own && store_tx_begin(st) != STORE_OK)
		return STORE_ERROR;
	for (kind = 0; kind < SEARCH_NKINDS; kind++) {
		if (rebuild_kind(st, kind, progress, ctx) != STORE_OK) {
			if (own)
				store_tx_rollback(st);
			return STORE_ERROR;
		}
	}
	if (set_suspended(st, 0) != STORE_OK) {
		if (own)
			store_tx_rollback(st);
		return STORE_ERROR;
	}
	if (own && store_tx_commit(st) != STORE_OK)
		return STORE_ERROR;
	return STORE_OK;
}

/*
 * Deferred indexing, for a transaction that writes many rows one
 * statement at a time (an import).  FTS5 writes what it holds in memory
 * to a new segment of the index at the end of every statement that opens
 * a statement journal, and every write that fires a trigger does: indexed
 * row by row, a 100,000-row import spends nearly half its time making and
 * merging 100,000 tiny segments.  Instead the persistent triggers are
 * suspended for the transaction, temporary triggers (this connection's
 * alone) note what each change means for the index, text included, in a
 * temporary table, and store_search_settle hands it all to the index in
 * one statement per table before the commit.  The temporary triggers
 * mirror the persistent ones of migrations 2, 8 and 28.
 */
#define DEFER_INTO "INSERT INTO search_defer"
#define DEFER_TRIGGER(NAME, EVENT, TABLE, WHEN, BODY) \
	"CREATE TEMP TRIGGER " NAME " AFTER " EVENT " ON main." TABLE WHEN \
	" BEGIN " BODY " END;"

static const char sql_defer[] =
	"CREATE TEMP TABLE search_defer("
	"  seq INTEGER PRIMARY KEY, t INTEGER NOT NULL, op TEXT NOT NULL,"
	"  id INTEGER NOT NULL, a TEXT, b TEXT, c TEXT);"
	DEFER_TRIGGER("search_defer_c_ai", "INSERT", "customers",
		" WHEN new.erased_at IS NULL",
		DEFER_INTO "(t, op, id, a, b, c) VALUES(0, 'i', " SEARCH_CUSTOMER_VALUES("new") ");")
	DEFER_TRIGGER("search_defer_c_ad", "DELETE", "customers",
		" WHEN old.erased_at IS NULL",
		DEFER_INTO "(t, op, id, a, b, c) VALUES(0, 'd', " SEARCH_CUSTOMER_VALUES("old") ");")
	DEFER_TRIGGER("search_defer_c_au",
		"UPDATE OF id, first_name, last_name, email, phone, erased_at",
		"customers", "",
		DEFER_INTO "(t, op, id, a, b, c) SELECT 0, 'd', " SEARCH_CUSTOMER_VALUES("old")
		" WHERE old.erased_at IS NULL;"
		DEFER_INTO "(t, op, id, a, b, c) SELECT 0, 'i', " SEARCH_CUSTOMER_VALUES("new")
		" WHERE new.erased_at IS NULL;")
	DEFER_TRIGGER("search_defer_c_erased", "UPDATE OF erased_at", "customers",
		" WHEN (old.erased_at IS NULL) <> (new.erased_at IS NULL)",
		DEFER_INTO "(t, op, id, a) SELECT 1,"
		" CASE WHEN new.erased_at IS NULL THEN 'i' ELSE 'd' END, "
		SEARCH_ORDER_VALUES("o") " FROM main.orders o"
		" WHERE o.customer_id = new.id;"
		DEFER_INTO "(t, op, id, a, b) SELECT 2,"
		" CASE WHEN new.erased_at IS NULL THEN 'i' ELSE 'd' END, "
		SEARCH_INTERACTION_VALUES("i") " FROM main.interactions i"
		" WHERE i.customer_id = new.id;")
	DEFER_TRIGGER("search_defer_o_ai", "INSERT", "orders",
		" WHEN " SEARCH_KEPT("new"),
		DEFER_INTO "(t, op, id, a) VALUES(1, 'i', " SEARCH_ORDER_VALUES("new") ");")
	DEFER_TRIGGER("search_defer_o_ad", "DELETE", "orders",
		" WHEN " SEARCH_KEPT("old"),
		DEFER_INTO "(t, op, id, a) VALUES(1, 'd', " SEARCH_ORDER_VALUES("old") ");")
	DEFER_TRIGGER("search_defer_o_au", "UPDATE OF id, customer_id, number",
		"orders", "",
		DEFER_INTO "(t, op, id, a) SELECT 1, 'd', " SEARCH_ORDER_VALUES("old")
		" WHERE " SEARCH_KEPT("old") ";"
		DEFER_INTO "(t, op, id, a) SELECT 1, 'i', " SEARCH_ORDER_VALUES("new")
		" WHERE " SEARCH_KEPT("new") ";")
	DEFER_TRIGGER("search_defer_i_ai", "INSERT", "interactions",
		" WHEN " SEARCH_KEPT("new"),
		DEFER_INTO "(t, op, id, a, b) VALUES(2, 'i', "
		SEARCH_INTERACTION_VALUES("new") ");")
	DEFER_TRIGGER("search_defer_i_ad", "DELETE", "interactions",
		" WHEN " SEARCH_KEPT("old"),
		DEFER_INTO "(t, op, id, a, b) VALUES(2, 'd', "
		SEARCH_INTERACTION_VALUES("old") ");")
	DEFER_TRIGGER("search_defer_i_au", "UPDATE OF id, customer_id, subject, body",
		"interactions", "",
		DEFER_INTO "(t, op, id, a, b) SELECT 2, 'd', "
		SEARCH_INTERACTION_VALUES("old") " WHERE " SEARCH_KEPT("old") ";"
		DEFER_INTO "(t, op, id, a, b) SELECT 2, 'i', "
		SEARCH_INTERACTION_VALUES("new") " WHERE " SEARCH_KEPT("new") ";");

#define DEFER_APPLY(T, COLS, VALS, KIND) \
	"INSERT INTO " T "(" T ", " COLS ") SELECT CASE op WHEN 'd' THEN 'delete' END, " \
	VALS " FROM temp.search_defer WHERE t = " KIND " ORDER BY seq;"

static const char sql_defer_apply[] =
	DEFER_APPLY("search_customer", SEARCH_CUSTOMER_COLS, "id, a, b, c", "0")
	DEFER_APPLY("search_order", SEARCH_ORDER_COLS, "id, a", "1")
	DEFER_APPLY("search_interaction", SEARCH_INTERACTION_COLS, "id, a, b", "2");

static const char sql_defer_drop[] =
	"DROP TRIGGER IF EXISTS temp.search_defer_c_ai;"
	"DROP TRIGGER IF EXISTS temp.search_defer_c_ad;"
	"DROP TRIGGER IF EXISTS temp.search_defer_c_au;"
	"DROP TRIGGER IF EXISTS temp.search_defer_c_erased;"
	"DROP TRIGGER IF EXISTS temp.search_defer_o_ai;"
	"DROP TRIGGER IF EXISTS temp.search_defer_o_ad;"
	"DROP TRIGGER IF EXISTS temp.search_defer_o_au;"
	"DROP TRIGGER IF EXISTS temp.search_defer_i_ai;"
	"DROP TRIGGER IF EXISTS temp.search_defer_i_ad;"
	"DROP TRIGGER IF EXISTS temp.search_defer_i_au;"
	"DROP TABLE IF EXISTS temp.search_defer;";

int store_search_defer(struct store *st)
{
	/* What others queued goes in first, so the order of changes holds. */
	if (drain(st, NULL) != STORE_OK || set_suspended(st, 1) != STORE_OK ||
	    store_exec(st, sql_defer_drop) != STORE_OK)
		return STORE_ERROR;
	return store_exec(st, sql_defer);
}

int store_search_settle(struct store *st, int apply)
{
	int rc = STORE_OK;

	if (apply && (store_exec(st, sql_defer_apply) != STORE_OK ||
		      set_suspended(st, 0) != STORE_OK))
		rc = STORE_ERROR;
	if (store_exec(st, sql_defer_drop) != STORE_OK)
		rc = STORE_ERROR;
	return rc;
}

/* ---- completion ---- */

/* Customers scanned for distinct names: the newest, most likely wanted. */
#define COMPLETE_SCAN 200

static const char sql_complete_names[] =
	"SELECT c.first_name || ' ' || c.last_name FROM"
	" (SELECT rowid AS id FROM search_customer WHERE search_customer MATCH ?1"
	"  ORDER BY rowid DESC LIMIT ?2) f"
	" JOIN customers c ON c.id = f.id WHERE c.erased_at IS NULL";

int store_complete_customer_names(struct store *st, const char *prefix,
				  char (*out)[SEARCH_COMPLETION_LEN], int max,
				  int *n)
{
	char folded[QUERY_MAX_BYTES * 2], expr[QUERY_MAX_BYTES * 4 + 32];
	size_t flen, i, o = 0;
	sqlite3_stmt *s;
	int rc, k;

	*n = 0;
	if (prefix == NULL || strlen(prefix) > QUERY_MAX_BYTES || max < 1)
		return STORE_OK;
	flen = text_fold_tr_buf(prefix, strlen(prefix), folded, sizeof folded);
	if (flen >= sizeof folded)
		return STORE_OK;
	/* A quoted prefix phrase limited to the name column; quotes doubled
	 * so the prefix stays text. */
	o = (size_t)snprintf(expr, sizeof expr, "name : \"");
	for (i = 0; i < flen && o + 8 < sizeof expr; i++) {
		if (folded[i] == '"')
			expr[o++] = '"';
		expr[o++] = folded[i];
	}
	snprintf(expr + o, sizeof expr - o, "\" *");
	{
		struct query q;
		char err[128];

		/* Nothing to match yet (empty or punctuation): offer nothing. */
		if (query_parse(prefix, &q, err, sizeof err) != 0)
			return STORE_OK;
	}
	s = store_stmt(st, sql_complete_names);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, expr, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, COMPLETE_SCAN);
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		char name[SEARCH_COMPLETION_LEN];

		store_col_text(s, 0, name, sizeof name);
		for (k = 0; k < *n; k++)
			if (strcmp(out[k], name) == 0)
				break;
		if (k == *n)
			memcpy(out[(*n)++], name, sizeof name);
	}
	if (*n < max && rc != SQLITE_DONE) {
		sqlite3_reset(s);
		return store_fail_sqlite(st, _("cannot list customer names"));
	}
	sqlite3_reset(s);
	return STORE_OK;
}

static const char sql_complete_orders[] =
	"SELECT number FROM orders WHERE number >= ?1 AND number < ?2"
	" ORDER BY number LIMIT ?3";

int store_complete_order_numbers(struct store *st, const char *prefix,
				 char (*out)[SEARCH_COMPLETION_LEN], int max,
				 int *n)
{
	char upper[SEARCH_COMPLETION_LEN];
	size_t len;
	sqlite3_stmt *s;
	int rc;

	*n = 0;
	if (prefix == NULL || max < 1 || (len = strlen(prefix)) >= sizeof upper)
		return STORE_OK;
	/* [prefix, upper) is the range of the unique index holding exactly
	 * the numbers that start with prefix: upper is prefix with its last
	 * byte that can grow grown by one. */
	memcpy(upper, prefix, len + 1);
	while (len > 0 && (unsigned char)upper[len - 1] == 0xFF)
		upper[--len] = '\0';
	if (len == 0)
		upper[0] = '\0';
	else
		upper[len - 1] = (char)((unsigned char)upper[len - 1] + 1);
	s = store_stmt(st, sql_complete_orders);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, prefix, -1, SQLITE_TRANSIENT);
	if (len == 0)
		sqlite3_bind_blob(s, 2, "\xff", 1, SQLITE_STATIC);
	else
		sqlite3_bind_text(s, 2, upper, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 3, max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		store_col_text(s, 0, out[(*n)++], SEARCH_COMPLETION_LEN);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot list order numbers"));
	return STORE_OK;
}
