/*
 * timeline.c: everything a customer did with the company, newest first,
 * and the same history cut by channel.
 *
 * The timeline is one UNION ALL of per-kind queries (interactions, orders,
 * survey answers, complaints opened, complaints resolved), each reading its
 * own (customer_id, time) index, merged by time and paged with LIMIT and
 * OFFSET, so only the visible page leaves SQLite.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/customer.h"
#include "temas/i18n.h"

/* Columns: kind, at, ref_id, channel, direction, agent login, title,
 * status, amount, currency, text.  An interaction's status is its
 * delivery state (queued, sending, sent, failed; '' when it delivers
 * nothing) and its amount the number of its attachments.  Ties at one second: the kind order
 * below, then the newest row first. */
#define TIMELINE_UNION \
	" SELECT 0 AS kind, i.at AS at, i.id AS ref, i.channel, i.direction," \
	"  coalesce(ag.login,''), coalesce(i.subject,'')," \
	"  coalesce((SELECT o.state FROM outbox o WHERE o.interaction_id=i.id),'')," \
	"  (SELECT count(*) FROM attachments a WHERE a.interaction_id=i.id)," \
	"  '', i.body" \
	"  FROM interactions i LEFT JOIN agents ag ON ag.id=i.agent_id" \
	"  WHERE i.customer_id=?1" \
	" UNION ALL SELECT 1, placed_at, id, '', '', '', number, status, total," \
	"  currency, '' FROM orders WHERE customer_id=?1" \
	" UNION ALL SELECT 2, at, id, coalesce(channel,''), '', '', kind, ''," \
	"  score, '', coalesce(comment,'') FROM surveys WHERE customer_id=?1" \
	" UNION ALL SELECT 3, opened_at, id, channel, '', '', subject, priority," \
	"  0, '', '' FROM complaints WHERE customer_id=?1" \
	" UNION ALL SELECT 4, resolved_at, id, channel, '', '', subject, status," \
	"  0, '', coalesce(resolution,'') FROM complaints" \
	"  WHERE customer_id=?1 AND resolved_at IS NOT NULL"

static const char sql_timeline[] =
	"SELECT * FROM (" TIMELINE_UNION ")"
	" ORDER BY at DESC, kind DESC, ref DESC LIMIT ?2 OFFSET ?3";
static const char sql_timeline_count[] =
	"SELECT (SELECT count(*) FROM interactions WHERE customer_id=?1)"
	" + (SELECT count(*) FROM orders WHERE customer_id=?1)"
	" + (SELECT count(*) FROM surveys WHERE customer_id=?1)"
	" + (SELECT count(*) FROM complaints WHERE customer_id=?1)"
	" + (SELECT count(*) FROM complaints WHERE customer_id=?1"
	"    AND resolved_at IS NOT NULL)";

static const char sql_channel_stats[] =
	"SELECT ch.code, ch.name, count(i.id), coalesce(max(i.at),0)"
	" FROM channels ch LEFT JOIN interactions i"
	"  ON i.customer_id=?1 AND i.channel=ch.code"
	" GROUP BY ch.code ORDER BY ch.sort, ch.code";
static const char sql_thread_count[] =
	"SELECT count(*) FROM interactions WHERE customer_id=?1 AND channel=?2";
static const char sql_thread[] =
	"SELECT i.id, i.customer_id, coalesce(i.complaint_id,0), i.channel,"
	" i.direction, coalesce(i.agent_id,0), coalesce(ag.login,''), i.at,"
	" coalesce(i.subject,''), i.body"
	" FROM interactions i LEFT JOIN agents ag ON ag.id=i.agent_id"
	" WHERE i.customer_id=?1 AND i.channel=?2"
	" ORDER BY i.at DESC, i.id DESC LIMIT ?3 OFFSET ?4";

void timeline_item_clear(struct timeline_item *it)
{
	free(it->text);
	it->text = NULL;
}

static enum direction direction_of(const unsigned char *s)
{
	if (s == NULL)
		return DIR_IN;
	if (strcmp((const char *)s, "out") == 0)
		return DIR_OUT;
	if (strcmp((const char *)s, "note") == 0)
		return DIR_NOTE;
	return DIR_IN;
}

int store_timeline_count(struct store *st, long long customer_id, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_timeline_count);

	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, customer_id);
	return store_step_count(st, s, n, _("cannot count the timeline"));
}

int store_timeline_list(struct store *st, long long customer_id, int offset,
			int limit, struct timeline_item *rows, int *n)
{
	sqlite3_stmt *s;
	int rc = SQLITE_DONE, i;

	*n = 0;
	if (offset < 0 || limit < 0)
		return STORE_INVALID;
	s = store_stmt(st, sql_timeline);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, customer_id);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int(s, 3, offset);
	while (*n < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct timeline_item *t = &rows[*n];

		memset(t, 0, sizeof *t);
		t->kind = (enum timeline_kind)sqlite3_column_int(s, 0);
		t->at = sqlite3_column_int64(s, 1);
		t->ref_id = sqlite3_column_int64(s, 2);
		store_col_text(s, 3, t->channel, sizeof t->channel);
		t->direction = direction_of(sqlite3_column_text(s, 4));
		t->agent_login = store_col_str(st, s, 5);
		t->title = store_col_str(st, s, 6);
		store_col_text(s, 7, t->status, sizeof t->status);
		t->amount = sqlite3_column_int64(s, 8);
		store_col_text(s, 9, t->currency, sizeof t->currency);
		t->text = store_col_strdup(s, 10);
		(*n)++;
		if (t->text == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		for (i = 0; i < *n; i++)
			timeline_item_clear(&rows[i]);
		*n = 0;
		return store_fail_sqlite(st, _("cannot read the timeline"));
	}
	return STORE_OK;
}

int store_channel_stats(struct store *st, long long customer_id,
			struct channel_stat **rows, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_channel_stats);
	struct channel_stat *v = NULL;
	int cap = 0, rc;

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, customer_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct channel_stat *c;

		if (store_grow(st, (void **)&v, *n, &cap, sizeof *v) != STORE_OK) {
			sqlite3_reset(s);
			free(v);
			*n = 0;
			return STORE_ERROR;
		}
		c = &v[(*n)++];
		memset(c, 0, sizeof *c);
		store_col_text(s, 0, c->code, sizeof c->code);
		c->name = store_col_str(st, s, 1);
		c->count = sqlite3_column_int(s, 2);
		c->last_at = sqlite3_column_int64(s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(v);
		*n = 0;
		return store_fail_sqlite(st, _("cannot read the channels"));
	}
	*rows = v;
	return STORE_OK;
}

int store_channel_list(struct store *st, struct channel_stat **rows, int *n)
{
	/* No customer has id 0, so every count is 0. */
	return store_channel_stats(st, 0, rows, n);
}

int store_channel_thread_count(struct store *st, long long customer_id,
			       const char *channel, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_thread_count);

	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, customer_id);
	store_bind_text(s, 2, channel, 0);
	return store_step_count(st, s, n, _("cannot count the thread"));
}

int store_channel_thread(struct store *st, long long customer_id,
			 const char *channel, int offset, int limit,
			 struct interaction *rows, int *n)
{
	sqlite3_stmt *s;
	int rc = SQLITE_DONE, i;

	*n = 0;
	if (offset < 0 || limit < 0)
		return STORE_INVALID;
	s = store_stmt(st, sql_thread);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, customer_id);
	store_bind_text(s, 2, channel, 0);
	sqlite3_bind_int(s, 3, limit);
	sqlite3_bind_int(s, 4, offset);
	while (*n < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct interaction *it = &rows[*n];

		memset(it, 0, sizeof *it);
		it->id = sqlite3_column_int64(s, 0);
		it->customer_id = sqlite3_column_int64(s, 1);
		it->complaint_id = sqlite3_column_int64(s, 2);
		store_col_text(s, 3, it->channel, sizeof it->channel);
		it->direction = direction_of(sqlite3_column_text(s, 4));
		it->agent_id = sqlite3_column_int64(s, 5);
		it->agent_login = store_col_str(st, s, 6);
		it->at = sqlite3_column_int64(s, 7);
		it->subject = store_col_str(st, s, 8);
		it->body = store_col_strdup(s, 9);
		(*n)++;
		if (it->body == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		for (i = 0; i < *n; i++)
			interaction_clear(&rows[i]);
		*n = 0;
		return store_fail_sqlite(st, _("cannot read the thread"));
	}
	return STORE_OK;
}
