/*
 * search_side.c: the messages' search index built on a thread of its own.
 *
 * Building the messages' index (search_interaction) is most of what a big
 * demo run costs, one core's work while the other waits.  The demo writes
 * its rows in one transaction, which no other connection can read before
 * the commit, so the demo's own connection reads the text to index, with
 * the very expressions of the rebuild (search_sql.h), and hands it to a
 * thread in the rebuild's batches.  The thread indexes it on a connection
 * of its own, into a private temporary database (SQLite removes its file
 * as soon as it is opened, so nothing is left behind however the process
 * ends), with the table definitions read from the demo's file, the same
 * tokenizer and the rebuild's settings, while the demo's connection builds
 * the other indexes.  At the end the demo's connection copies the index's
 * tables and the words the tokenizer kept (search_terms) into the file,
 * still inside its one transaction: a run stopped or killed at any point
 * ends as it did when everything ran on one thread.
 *
 * The two threads share only the queue of batches and a few flags, under
 * one mutex, and the store's interrupt flag, which is atomic; the
 * thread's connection is read by the demo's thread only after the thread
 * has ended.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "search_sql.h"
#include "temas/i18n.h"

/* The tables the thread creates, as the file defines them. */
static const char *const side_tables[] = { "search_interaction", "search_terms" };
#define NSIDE_TABLES (sizeof side_tables / sizeof side_tables[0])

/* The index's own tables (a contentless index has no _content), then the
 * words; copied in this order. */
static const char *const copied_tables[] = {
	"search_interaction_data", "search_interaction_idx",
	"search_interaction_docsize", "search_interaction_config",
	"search_terms",
};
#define NCOPIED (sizeof copied_tables / sizeof copied_tables[0])

/* One batch of rows to index: each an id (8 bytes), the lengths of the
 * subject and the body (4 bytes each, -1 for NULL), then their text. */
struct side_batch {
	struct side_batch *next;
	size_t len, cap;
	unsigned char *data;
};

struct search_side {
	pthread_t thread;
	int running;                    /* started, not yet joined */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* Under mu: */
	struct side_batch *head, *tail;
	int fed;                        /* no more batches will come */
	int ended;                      /* the thread stopped taking them */
	/* Set under mu, read by the thread's progress handler without it. */
	atomic_int halt;
	const atomic_int *interrupted;  /* the store's (store_interrupt) */
	char *schema[NSIDE_TABLES];
	/* The thread's until it has been joined: */
	sqlite3 *db;
	struct tr_ctx *tok;
	int rc;
	char err[512];
};

static void batch_free(struct side_batch *b)
{
	if (b != NULL)
		free(b->data);
	free(b);
}

/* ---- the thread ---- */

static int side_halted(void *arg)
{
	struct search_side *sd = arg;

	return atomic_load(&sd->halt) || atomic_load(sd->interrupted);
}

/* The next batch, or NULL when there are no more (*stop: give up). */
static struct side_batch *side_take(struct search_side *sd, int *stop)
{
	struct side_batch *b;

	pthread_mutex_lock(&sd->mu);
	while (sd->head == NULL && !sd->fed && !atomic_load(&sd->halt))
		pthread_cond_wait(&sd->cv, &sd->mu);
	*stop = atomic_load(&sd->halt);
	b = *stop ? NULL : sd->head;
	if (b != NULL) {
		sd->head = b->next;
		if (sd->head == NULL)
			sd->tail = NULL;
	}
	pthread_mutex_unlock(&sd->mu);
	return b;
}

static int get_len(const unsigned char *p)
{
	int32_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

static int bind_text(sqlite3_stmt *s, int i, const unsigned char **p, int len)
{
	int rc;

	if (len < 0)
		return sqlite3_bind_null(s, i);
	rc = sqlite3_bind_text(s, i, (const char *)*p, len, SQLITE_STATIC);
	*p += len;
	return rc;
}

/* One batch in a statement savepoint of its own, as the rebuild's one
 * statement per batch: the index writes what it holds at its start. */
static int side_index(struct search_side *sd, sqlite3_stmt *ins,
		      const struct side_batch *b)
{
	const unsigned char *p = b->data, *end = b->data + b->len;
	int rc = sqlite3_exec(sd->db, "SAVEPOINT side_batch", NULL, NULL, NULL);

	while (rc == SQLITE_OK && p < end) {
		int64_t id;
		int slen, blen;

		memcpy(&id, p, sizeof id);
		slen = get_len(p + 8);
		blen = get_len(p + 12);
		p += 16;
		sqlite3_bind_int64(ins, 1, id);
		if (bind_text(ins, 2, &p, slen) != SQLITE_OK ||
		    bind_text(ins, 3, &p, blen) != SQLITE_OK)
			rc = SQLITE_ERROR;
		else if ((rc = sqlite3_step(ins)) == SQLITE_DONE)
			rc = SQLITE_OK;
		sqlite3_reset(ins);
		sqlite3_clear_bindings(ins);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(sd->db, "RELEASE side_batch", NULL, NULL, NULL);
	return rc;
}

static const char side_settings[] =
	"PRAGMA journal_mode=OFF;"
	"PRAGMA synchronous=OFF;"
	"PRAGMA cache_size=-262144";

static const char side_begin[] =
	"BEGIN;"
	"INSERT INTO search_interaction(search_interaction) VALUES('delete-all');"
	FTS_BULK("search_interaction");

static const char side_end[] =
	FTS5_OPTIMIZE("search_interaction")
	FTS_DEFAULTS("search_interaction")
	"COMMIT";

static const char side_insert[] =
	"INSERT INTO search_interaction(" SEARCH_INTERACTION_COLS ")"
	" VALUES(?1, ?2, ?3)";

static int side_build(struct search_side *sd)
{
	sqlite3_stmt *ins = NULL;
	struct side_batch *b;
	fts5_api *api;
	size_t i;
	int rc, stop = 0;

	rc = sqlite3_open_v2("", &sd->db, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_progress_handler(sd->db, 1000, side_halted, sd);
	api = search_fts5_api(sd->db);
	if (api == NULL)
		return SQLITE_ERROR;
	rc = search_tok_register(sd->db, api, &sd->tok);
	if (rc == SQLITE_OK)
		rc = search_lift_register(sd->db);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(sd->db, side_settings, NULL, NULL, NULL);
	for (i = 0; i < NSIDE_TABLES && rc == SQLITE_OK; i++)
		rc = sqlite3_exec(sd->db, sd->schema[i], NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(sd->db, side_begin, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(sd->db, side_insert, -1, &ins, NULL);
	while (rc == SQLITE_OK && (b = side_take(sd, &stop)) != NULL) {
		rc = side_index(sd, ins, b);
		batch_free(b);
	}
	sqlite3_finalize(ins);
	if (rc == SQLITE_OK && stop)
		rc = SQLITE_INTERRUPT;
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(sd->db, side_end, NULL, NULL, NULL);
	return rc;
}

static void *side_main(void *arg)
{
	struct search_side *sd = arg;

	sd->rc = side_build(sd);
	if (sd->rc != SQLITE_OK)
		snprintf(sd->err, sizeof sd->err, "%s",
			 sd->db != NULL ? sqlite3_errmsg(sd->db)
					: sqlite3_errstr(sd->rc));
	pthread_mutex_lock(&sd->mu);
	sd->ended = 1;
	pthread_mutex_unlock(&sd->mu);
	return NULL;
}

/* ---- the demo's side ---- */

void store_search_side_free(struct search_side *sd)
{
	struct side_batch *b;
	size_t i;

	if (sd == NULL)
		return;
	if (sd->running) {
		pthread_mutex_lock(&sd->mu);
		atomic_store(&sd->halt, 1);
		pthread_cond_broadcast(&sd->cv);
		pthread_mutex_unlock(&sd->mu);
		pthread_join(sd->thread, NULL);
	}
	while ((b = sd->head) != NULL) {
		sd->head = b->next;
		batch_free(b);
	}
	if (sd->db != NULL) {
		search_tok_release(sd->db, sd->tok);
		sqlite3_close(sd->db);
	}
	for (i = 0; i < NSIDE_TABLES; i++)
		free(sd->schema[i]);
	pthread_cond_destroy(&sd->cv);
	pthread_mutex_destroy(&sd->mu);
	free(sd);
}

static const char sql_schema_of[] =
	"SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1";

int store_search_side_start(struct store *st, struct search_side **out)
{
	struct search_side *sd = calloc(1, sizeof *sd);
	sqlite3_stmt *s;
	size_t i;

	*out = NULL;
	if (sd == NULL)
		return store_fail(st, _("search: out of memory"));
	pthread_mutex_init(&sd->mu, NULL);
	pthread_cond_init(&sd->cv, NULL);
	atomic_init(&sd->halt, 0);
	sd->interrupted = &st->interrupted;
	for (i = 0; i < NSIDE_TABLES; i++) {
		s = store_stmt(st, sql_schema_of);
		if (s == NULL)
			goto fail;
		sqlite3_bind_text(s, 1, side_tables[i], -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			sd->schema[i] = store_col_strdup(s, 0);
		sqlite3_reset(s);
		if (sd->schema[i] == NULL) {
			store_fail(st, _("%s: cannot read the schema"), st->path);
			goto fail;
		}
	}
	if (pthread_create(&sd->thread, NULL, side_main, sd) != 0) {
		store_fail(st, _("cannot start a thread to build the search index"));
		goto fail;
	}
	sd->running = 1;
	*out = sd;
	return STORE_OK;
fail:
	store_search_side_free(sd);
	return STORE_ERROR;
}

static int batch_put(struct side_batch *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 1u << 16;
		unsigned char *d;

		while (cap < b->len + n)
			cap *= 2;
		d = realloc(b->data, cap);
		if (d == NULL)
			return -1;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

/* Column col as length and text (-1 for NULL). */
static int batch_text(sqlite3_stmt *s, int col,
		      const unsigned char **text)
{
	*text = sqlite3_column_text(s, col);
	return *text != NULL ? sqlite3_column_bytes(s, col) : -1;
}

static int batch_row(struct side_batch *b, sqlite3_stmt *s)
{
	const unsigned char *subject, *body;
	int64_t id = sqlite3_column_int64(s, 0);
	int32_t slen = batch_text(s, 1, &subject);
	int32_t blen;

	/* The subject's text stays valid: reading column 2 converts
	 * nothing of column 1. */
	blen = batch_text(s, 2, &body);
	if (batch_put(b, &id, sizeof id) != 0 ||
	    batch_put(b, &slen, sizeof slen) != 0 ||
	    batch_put(b, &blen, sizeof blen) != 0 ||
	    (slen > 0 && batch_put(b, subject, (size_t)slen) != 0) ||
	    (blen > 0 && batch_put(b, body, (size_t)blen) != 0))
		return -1;
	return 0;
}

/* Queue b for the thread; 1 when the thread has stopped taking batches
 * (b is freed). */
static int batch_send(struct search_side *sd, struct side_batch *b)
{
	int ended;

	pthread_mutex_lock(&sd->mu);
	ended = sd->ended;
	if (!ended) {
		if (sd->tail != NULL)
			sd->tail->next = b;
		else
			sd->head = b;
		sd->tail = b;
		pthread_cond_signal(&sd->cv);
	}
	pthread_mutex_unlock(&sd->mu);
	if (ended)
		batch_free(b);
	return ended;
}

static const char sql_side_range[] =
	"SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM interactions";

static const char sql_side_rows[] =
	"SELECT " SEARCH_INTERACTION_VALUES("i") " FROM interactions i"
	" WHERE i.id BETWEEN ?1 AND ?2 AND " SEARCH_KEPT("i");

int store_search_side_feed(struct store *st, struct search_side *sd)
{
	sqlite3_stmt *s = store_stmt(st, sql_side_range);
	long long lo, hi, from;
	int rc = STORE_OK;

	if (s == NULL)
		return STORE_ERROR;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail_sqlite(st, _("rebuilding the search index failed"));
	}
	lo = sqlite3_column_int64(s, 0);
	hi = sqlite3_column_int64(s, 1);
	sqlite3_reset(s);
	for (from = lo; from <= hi && rc == STORE_OK; from += REBUILD_BATCH) {
		long long to = hi - from < REBUILD_BATCH ? hi : from + REBUILD_BATCH - 1;
		struct side_batch *b = calloc(1, sizeof *b);
		int step;

		s = store_stmt(st, sql_side_rows);
		if (b == NULL || s == NULL) {
			free(b);
			return b == NULL ? store_fail(st, _("search: out of memory"))
					 : STORE_ERROR;
		}
		sqlite3_bind_int64(s, 1, from);
		sqlite3_bind_int64(s, 2, to);
		while ((step = sqlite3_step(s)) == SQLITE_ROW)
			if (batch_row(b, s) != 0)
				break;
		sqlite3_reset(s);
		if (step == SQLITE_ROW) {
			batch_free(b);
			return store_fail(st, _("search: out of memory"));
		}
		if (step != SQLITE_DONE) {
			batch_free(b);
			return store_fail_sqlite(st, _("rebuilding the search index failed"));
		}
		/* A thread that stopped says why when it is joined. */
		if (batch_send(sd, b))
			break;
		if (to == hi)
			break;
	}
	pthread_mutex_lock(&sd->mu);
	sd->fed = 1;
	pthread_cond_signal(&sd->cv);
	pthread_mutex_unlock(&sd->mu);
	return rc;
}

/* Copy table from the thread's database into the same table of the
 * file, whose rows it replaces (search_terms: adds to). */
static int side_copy(struct store *st, struct search_side *sd, const char *table)
{
	char sql[256];
	sqlite3_stmt *from = NULL, *to = NULL;
	size_t n;
	int ncol, i, rc, wrote, terms = strcmp(table, "search_terms") == 0;

	/* Table names from the list above, not from a user. */
	snprintf(sql, sizeof sql, "DELETE FROM main.%s", table);
	if (!terms && store_exec(st, sql) != STORE_OK)
		return STORE_ERROR;
	snprintf(sql, sizeof sql, "SELECT * FROM main.%s", table);
	if (sqlite3_prepare_v2(sd->db, sql, -1, &from, NULL) != SQLITE_OK) {
		store_fail(st, _("rebuilding the search index failed: %s"),
			   sqlite3_errmsg(sd->db));
		return STORE_ERROR;
	}
	ncol = sqlite3_column_count(from);
	n = (size_t)snprintf(sql, sizeof sql, "INSERT%s INTO main.%s VALUES(?",
			     terms ? " OR IGNORE" : "", table);
	for (i = 1; i < ncol && n + 3 < sizeof sql; i++)
		n += (size_t)snprintf(sql + n, sizeof sql - n, ", ?");
	snprintf(sql + n, sizeof sql - n, ")");
	if (sqlite3_prepare_v2(st->db, sql, -1, &to, NULL) != SQLITE_OK) {
		sqlite3_finalize(from);
		return store_fail_sqlite(st, _("rebuilding the search index failed"));
	}
	while ((rc = sqlite3_step(from)) == SQLITE_ROW) {
		for (i = 0; i < ncol; i++)
			sqlite3_bind_value(to, i + 1, sqlite3_column_value(from, i));
		wrote = sqlite3_step(to);
		sqlite3_reset(to);
		if (wrote != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(to);
	if (rc == SQLITE_DONE)
		rc = STORE_OK;
	else if (rc == SQLITE_ROW)
		rc = store_fail_sqlite(st, _("rebuilding the search index failed"));
	else
		rc = store_fail(st, _("rebuilding the search index failed: %s"),
				sqlite3_errmsg(sd->db));
	sqlite3_finalize(from);
	return rc;
}

/*
 * The index is emptied through FTS5 first ('delete-all', as the rebuild
 * does), which also makes this connection forget what it knew of the
 * index's structure, and nothing reads the index until its tables hold
 * the copy.
 */
int store_search_side_finish(struct store *st, struct search_side *sd)
{
	size_t i;
	int rc = STORE_OK;

	pthread_join(sd->thread, NULL);
	sd->running = 0;
	if (sd->rc != SQLITE_OK)
		rc = store_fail(st, _("rebuilding the search index failed: %s"),
				sd->err);
	if (rc == STORE_OK)
		rc = store_exec(st, "INSERT INTO search_interaction(search_interaction)"
				    " VALUES('delete-all');"
				    "DELETE FROM search_queue");
	for (i = 0; i < NCOPIED && rc == STORE_OK; i++)
		rc = side_copy(st, sd, copied_tables[i]);
	store_search_side_free(sd);
	return rc;
}
