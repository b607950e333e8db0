/*
 * queue.c: the open-complaint queue, read a page at a time.
 *
 * Each filter has its own statement so that SQLite can walk the partial
 * index that fits it (complaints_queue for all and breached,
 * complaints_assignee for mine and unassigned) in due order and stop after
 * the page: the ids of the page are picked from the index alone, and only
 * those rows are joined with customers, agents and presence.  The channel
 * filter is an extra term on the same walk.
 */
#include "config.h"

#include <string.h>

#include "internal.h"
#include "temas/i18n.h"
#include "temas/queue.h"

/* Parameters everywhere: ?1 agent (me), ?2 now, ?3 channel or NULL, ?4 limit, ?5 offset. */
#define PAGE_COLUMNS \
	"SELECT c.id, c.customer_id, coalesce(c.order_id,0), c.channel," \
	" c.priority, c.category, c.subject, c.status," \
	" coalesce(c.assignee_id,0), coalesce(a.login,'')," \
	" cu.first_name || ' ' || cu.last_name, c.opened_at," \
	" c.first_response_due, c.resolution_due, c.due_at," \
	" coalesce(c.first_response_at,0), coalesce(c.resolved_at,0)," \
	" coalesce(c.closed_at,0)," \
	" (SELECT group_concat(pa.login, ',') FROM presence p" \
	"   JOIN agents pa ON pa.id=p.agent_id" \
	"   WHERE p.complaint_id=c.id AND p.agent_id<>?1" \
	"   AND p.heartbeat_at>=?2-" QUEUE_FRESH_SQL ")" \
	" FROM page JOIN complaints c ON c.id=page.id" \
	" JOIN customers cu ON cu.id=c.customer_id" \
	" LEFT JOIN agents a ON a.id=c.assignee_id" \
	" ORDER BY c.due_at, c.id"

#define STR_(x) #x
#define STR(x) STR_(x)
#define QUEUE_FRESH_SQL STR(QUEUE_PRESENCE_FRESH)

#define CH_TERM " AND (?3 IS NULL OR channel=?3)"

static const char sql_page_all[] =
	"WITH page(id) AS (SELECT id FROM complaints WHERE is_open" CH_TERM
	" ORDER BY due_at, id LIMIT ?4 OFFSET ?5) " PAGE_COLUMNS;
static const char sql_page_mine[] =
	"WITH page(id) AS (SELECT id FROM complaints WHERE is_open"
	" AND assignee_id=?1" CH_TERM
	" ORDER BY due_at, id LIMIT ?4 OFFSET ?5) " PAGE_COLUMNS;
static const char sql_page_unassigned[] =
	"WITH page(id) AS (SELECT id FROM complaints WHERE is_open"
	" AND assignee_id IS NULL" CH_TERM
	" ORDER BY due_at, id LIMIT ?4 OFFSET ?5) " PAGE_COLUMNS;
static const char sql_page_breached[] =
	"WITH page(id) AS (SELECT id FROM complaints WHERE is_open"
	" AND due_at<?2" CH_TERM
	" ORDER BY due_at, id LIMIT ?4 OFFSET ?5) " PAGE_COLUMNS;

/* A parameter a statement does not use is bound in vain, harmlessly. */
static const char sql_total_all[] =
	"SELECT count(*) FROM complaints WHERE is_open" CH_TERM;
static const char sql_total_mine[] =
	"SELECT count(*) FROM complaints WHERE is_open AND assignee_id=?1"
	CH_TERM;
static const char sql_total_unassigned[] =
	"SELECT count(*) FROM complaints WHERE is_open AND assignee_id IS NULL"
	CH_TERM;
static const char sql_total_breached[] =
	"SELECT count(*) FROM complaints WHERE is_open AND due_at<?2" CH_TERM;

/* Each count reads one partial index only. */
static const char sql_counts[] =
	"SELECT (SELECT count(*) FROM complaints WHERE is_open),"
	" (SELECT count(*) FROM complaints WHERE is_open AND assignee_id=?1),"
	" (SELECT count(*) FROM complaints WHERE is_open AND assignee_id IS NULL),"
	" (SELECT count(*) FROM complaints WHERE is_open AND due_at<?2)";

static const char *const status_names[ST_COUNT] = {
	"new", "open", "pending", "escalated", "resolved", "closed"
};

const char *queue_filter_name(enum queue_filter f)
{
	static const char *const names[QUEUE_FILTER_COUNT] = {
		"all", "mine", "unassigned", "breached"
	};

	return (unsigned)f < QUEUE_FILTER_COUNT ? names[f] : "all";
}

static enum complaint_status status_of(const unsigned char *s)
{
	int i;

	for (i = 0; s != NULL && i < ST_COUNT; i++)
		if (strcmp((const char *)s, status_names[i]) == 0)
			return (enum complaint_status)i;
	return ST_OPEN;
}

static void read_row(sqlite3_stmt *s, struct queue_row *r)
{
	struct complaint *c = &r->c;

	memset(r, 0, sizeof *r);
	c->id = sqlite3_column_int64(s, 0);
	c->customer_id = sqlite3_column_int64(s, 1);
	c->order_id = sqlite3_column_int64(s, 2);
	store_col_text(s, 3, c->channel, sizeof c->channel);
	store_col_text(s, 4, c->priority, sizeof c->priority);
	store_col_text(s, 5, c->category, sizeof c->category);
	store_col_text(s, 6, c->subject, sizeof c->subject);
	c->status = status_of(sqlite3_column_text(s, 7));
	c->assignee_id = sqlite3_column_int64(s, 8);
	store_col_text(s, 9, c->assignee_login, sizeof c->assignee_login);
	store_col_text(s, 10, c->customer_name, sizeof c->customer_name);
	c->opened_at = sqlite3_column_int64(s, 11);
	c->first_response_due = sqlite3_column_int64(s, 12);
	c->resolution_due = sqlite3_column_int64(s, 13);
	c->due_at = sqlite3_column_int64(s, 14);
	c->first_response_at = sqlite3_column_int64(s, 15);
	c->resolved_at = sqlite3_column_int64(s, 16);
	c->closed_at = sqlite3_column_int64(s, 17);
	store_col_text(s, 18, r->watchers, sizeof r->watchers);
}

static void bind_query(struct store *st, sqlite3_stmt *s,
		       const struct queue_query *q)
{
	sqlite3_bind_int64(s, 1, q->agent_id);
	sqlite3_bind_int64(s, 2, store_now(st));
	store_bind_text(s, 3, q->channel, 1);
}

int store_queue_list(struct store *st, const struct queue_query *q,
		     int offset, int limit, struct queue_row *rows, int *n)
{
	static const char *const sql[QUEUE_FILTER_COUNT] = {
		sql_page_all, sql_page_mine, sql_page_unassigned, sql_page_breached
	};
	sqlite3_stmt *s;
	int rc = SQLITE_DONE;

	*n = 0;
	if ((unsigned)q->filter >= QUEUE_FILTER_COUNT || offset < 0 || limit < 0)
		return STORE_INVALID;
	s = store_stmt(st, sql[q->filter]);
	if (s == NULL)
		return STORE_ERROR;
	bind_query(st, s, q);
	sqlite3_bind_int(s, 4, limit);
	sqlite3_bind_int(s, 5, offset);
	while (*n < limit && (rc = sqlite3_step(s)) == SQLITE_ROW)
		read_row(s, &rows[(*n)++]);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read the queue"));
	return STORE_OK;
}

static int one_int(struct store *st, sqlite3_stmt *s, int *out)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot count the queue"));
	return STORE_OK;
}

int store_queue_total(struct store *st, const struct queue_query *q, int *total)
{
	static const char *const sql[QUEUE_FILTER_COUNT] = {
		sql_total_all, sql_total_mine, sql_total_unassigned,
		sql_total_breached
	};
	sqlite3_stmt *s;

	*total = 0;
	if ((unsigned)q->filter >= QUEUE_FILTER_COUNT)
		return STORE_INVALID;
	s = store_stmt(st, sql[q->filter]);
	if (s == NULL)
		return STORE_ERROR;
	bind_query(st, s, q);
	return one_int(st, s, total);
}

int store_queue_counts(struct store *st, long long agent_id,
		       struct queue_counts *out)
{
	sqlite3_stmt *s = store_stmt(st, sql_counts);
	int rc;

	memset(out, 0, sizeof *out);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, agent_id);
	sqlite3_bind_int64(s, 2, store_now(st));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->open = sqlite3_column_int(s, 0);
		out->mine = sqlite3_column_int(s, 1);
		out->unassigned = sqlite3_column_int(s, 2);
		out->breached = sqlite3_column_int(s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot count the queue"));
	return STORE_OK;
}
