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
#include "temas/text.h"

/* Parameters everywhere: ?1 agent (me), ?2 now, ?3 channel or NULL, ?4 limit,
 * ?5 offset, ?6 tag or NULL, ?9 status, ?10 assignee's login, ?11 the
 * customer's language, ?12 text folded (each NULL for any). */
#define PAGE_COLUMNS \
	"SELECT " STORE_COMPLAINT_COLUMNS "," \
	" (SELECT group_concat(pa.login, ',') FROM presence p" \
	"   JOIN agents pa ON pa.id=p.agent_id" \
	"   WHERE p.complaint_id=c.id AND p.agent_id<>?1" \
	"   AND p.heartbeat_at>=?2-" QUEUE_FRESH_SQL ")," \
	" (SELECT group_concat(tag, ' ') FROM (SELECT tag FROM complaint_tags" \
	"   WHERE complaint_id=c.id ORDER BY tag))" \
	" FROM page JOIN complaints c ON c.id=page.id" \
	" JOIN customers cu ON cu.id=c.customer_id" \
	" LEFT JOIN agents a ON a.id=c.assignee_id" \
	" ORDER BY c.due_at, c.id"

#define STR_(x) #x
#define STR(x) STR_(x)
#define QUEUE_FRESH_SQL STR(QUEUE_PRESENCE_FRESH)

/* The active queue leaves out what is asleep: a short list read from
 * the snooze index, so the walk still picks ids from its index alone. */
#define CH_TERM " AND (?3 IS NULL OR channel=?3)" \
	" AND (?6 IS NULL OR EXISTS(SELECT 1 FROM complaint_tags t" \
	"  WHERE t.complaint_id=complaints.id AND t.tag=?6))" \
	" AND (?9 IS NULL OR status=?9)" \
	" AND (?10 IS NULL OR assignee_id=" \
	"  (SELECT id FROM agents WHERE login=?10))" \
	" AND (?11 IS NULL OR EXISTS(SELECT 1 FROM customers u" \
	"  WHERE u.id=complaints.customer_id AND u.lang=?11))" \
	" AND (?12 IS NULL OR instr(temas_fold(subject), ?12)" \
	"  OR EXISTS(SELECT 1 FROM customers u WHERE u.id=complaints.customer_id" \
	"  AND instr(temas_fold(u.first_name || ' ' || u.last_name), ?12)))"
#define ASLEEP_IDS "SELECT id FROM complaints" \
	" WHERE snoozed_until IS NOT NULL AND snoozed_until>?2"
#define AWAKE " AND id NOT IN (" ASLEEP_IDS ")"
#define ACTIVE CH_TERM AWAKE

static const char sql_page_all[] =
	"WITH page(id) AS (SELECT id FROM complaints WHERE is_open" ACTIVE
	" ORDER BY due_at, id LIMIT ?4 OFFSET ?5) " PAGE_COLUMNS;
static const char sql_page_mine[] =
	"WITH page(id) AS (SELECT id FROM complaints WHERE is_open"
	" AND assignee_id=?1" ACTIVE
	" ORDER BY due_at, id LIMIT ?4 OFFSET ?5) " PAGE_COLUMNS;
static const char sql_page_unassigned[] =
	"WITH page(id) AS (SELECT id FROM complaints WHERE is_open"
	" AND assignee_id IS NULL" ACTIVE
	" ORDER BY due_at, id LIMIT ?4 OFFSET ?5) " PAGE_COLUMNS;
static const char sql_page_breached[] =
	"WITH page(id) AS (SELECT id FROM complaints WHERE is_open"
	" AND due_at<?2" ACTIVE
	" ORDER BY due_at, id LIMIT ?4 OFFSET ?5) " PAGE_COLUMNS;
static const char sql_page_snoozed[] =
	"WITH page(id) AS (SELECT id FROM complaints WHERE is_open"
	" AND snoozed_until IS NOT NULL AND snoozed_until>?2" CH_TERM
	" ORDER BY due_at, id LIMIT ?4 OFFSET ?5) " PAGE_COLUMNS;

/* A parameter a statement does not use is bound in vain, harmlessly.
 * A total is the open ones of the filter less those asleep, each count
 * read from one index (a NOT IN over every row costs more). */
#define TOTAL(cond) \
	"SELECT (SELECT count(*) FROM complaints WHERE is_open" cond CH_TERM \
	") - (SELECT count(*) FROM complaints WHERE is_open" cond CH_TERM \
	" AND snoozed_until IS NOT NULL AND snoozed_until>?2)"
static const char sql_total_all[] = TOTAL("");
static const char sql_total_mine[] = TOTAL(" AND assignee_id=?1");
static const char sql_total_unassigned[] = TOTAL(" AND assignee_id IS NULL");
static const char sql_total_breached[] = TOTAL(" AND due_at<?2");
static const char sql_total_snoozed[] =
	"SELECT count(*) FROM complaints WHERE is_open"
	" AND snoozed_until IS NOT NULL AND snoozed_until>?2" CH_TERM;

/* One complaint, by its primary key: ?7 the filter, ?8 the id; one
 * asleep is in the snoozed filter only. */
static const char sql_has[] =
	"SELECT count(*) FROM complaints WHERE id=?8 AND is_open" CH_TERM
	" AND (?7=4) = (snoozed_until IS NOT NULL AND snoozed_until>?2)"
	" AND (?7=0 OR ?7=4 OR (?7=1 AND assignee_id=?1)"
	"  OR (?7=2 AND assignee_id IS NULL) OR (?7=3 AND due_at<?2))";

/* Each count reads one partial index only; what is asleep, read from
 * the snooze index, is taken off each. */
static const char sql_counts[] =
	"SELECT (SELECT count(*) FROM complaints WHERE is_open) - z.n,"
	" (SELECT count(*) FROM complaints WHERE is_open AND assignee_id=?1)"
	"  - z.mine,"
	" (SELECT count(*) FROM complaints WHERE is_open AND assignee_id IS NULL)"
	"  - z.unassigned,"
	" (SELECT count(*) FROM complaints WHERE is_open AND due_at<?2)"
	"  - z.breached,"
	" z.n, z.wake,"
	" (SELECT coalesce(min(due_at),0) FROM complaints"
	"  WHERE is_open AND due_at>=?2)"
	" FROM (SELECT count(*) AS n, coalesce(sum(assignee_id=?1),0) AS mine,"
	"  coalesce(sum(assignee_id IS NULL),0) AS unassigned,"
	"  coalesce(sum(due_at<?2),0) AS breached,"
	"  coalesce(min(snoozed_until),0) AS wake"
	"  FROM complaints WHERE snoozed_until IS NOT NULL"
	"  AND snoozed_until>?2 AND is_open) z";

static void read_row(struct store *st, sqlite3_stmt *s, struct queue_row *r)
{
	memset(r, 0, sizeof *r);
	store_complaint_read(st, s, &r->c);
	r->watchers = store_col_str(st, s, STORE_COMPLAINT_NCOLS);
	r->tags = store_col_str(st, s, STORE_COMPLAINT_NCOLS + 1);
}

static void bind_query(struct store *st, sqlite3_stmt *s,
		       const struct queue_query *q)
{
	const char *tag;

	sqlite3_bind_int64(s, 1, q->agent_id);
	sqlite3_bind_int64(s, 2, store_now(st));
	store_bind_text(s, 3, q->channel, 1);
	/* The tag as the team spells it (tag.c); as typed if that cannot
	 * be read. */
	if (q->tag[0] == '\0' || store_tag_spelling(st, q->tag, 0, &tag) != STORE_OK)
		tag = q->tag;
	store_bind_text(s, 6, tag, 1);
	store_bind_text(s, 9, q->status, 1);
	store_bind_text(s, 10, q->assignee, 1);
	store_bind_text(s, 11, q->lang, 1);
	if (q->text[0]) {
		char folded[QUEUE_TEXT_MAX * 4];

		text_fold_tr_buf(q->text, strlen(q->text), folded, sizeof folded);
		sqlite3_bind_text(s, 12, folded, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(s, 12);
	}
}

/* Walk the filtered queue from offset, at most limit rows (-1: all). */
static int walk(struct store *st, const struct queue_query *q, int offset,
		int limit, int (*cb)(void *ctx, const struct queue_row *r),
		void *ctx)
{
	static const char *const sql[QUEUE_FILTER_COUNT] = {
		sql_page_all, sql_page_mine, sql_page_unassigned, sql_page_breached,
		sql_page_snoozed
	};
	sqlite3_stmt *s;
	struct queue_row row;
	int rc, stop = 0;

	if ((unsigned)q->filter >= QUEUE_FILTER_COUNT)
		return STORE_INVALID;
	s = store_stmt(st, sql[q->filter]);
	if (s == NULL)
		return STORE_ERROR;
	bind_query(st, s, q);
	sqlite3_bind_int(s, 4, limit);
	sqlite3_bind_int(s, 5, offset);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		read_row(st, s, &row);
		stop = cb(ctx, &row);
		if (stop)
			break;
	}
	sqlite3_reset(s);
	if (stop)
		return stop;
	if (rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read the queue"));
	return STORE_OK;
}

struct page {
	struct queue_row *rows;
	int *n;
	int limit;
};

static int add_to_page(void *ctx, const struct queue_row *r)
{
	struct page *p = ctx;

	p->rows[(*p->n)++] = *r;
	return *p->n >= p->limit;
}

int store_queue_list(struct store *st, const struct queue_query *q,
		     int offset, int limit, struct queue_row *rows, int *n)
{
	struct page p = { rows, n, limit };
	int rc;

	*n = 0;
	if (offset < 0 || limit < 0)
		return STORE_INVALID;
	rc = walk(st, q, offset, limit, add_to_page, &p);
	return rc > 0 ? STORE_OK : rc;
}

int store_queue_each(struct store *st, const struct queue_query *q, int limit,
		     int (*cb)(void *ctx, const struct queue_row *r), void *ctx)
{
	return walk(st, q, 0, limit > 0 ? limit : -1, cb, ctx);
}

int store_queue_total(struct store *st, const struct queue_query *q, int *total)
{
	static const char *const sql[QUEUE_FILTER_COUNT] = {
		sql_total_all, sql_total_mine, sql_total_unassigned,
		sql_total_breached, sql_total_snoozed
	};
	sqlite3_stmt *s;

	*total = 0;
	if ((unsigned)q->filter >= QUEUE_FILTER_COUNT)
		return STORE_INVALID;
	s = store_stmt(st, sql[q->filter]);
	if (s == NULL)
		return STORE_ERROR;
	bind_query(st, s, q);
	return store_step_count(st, s, total, _("cannot count the queue"));
}

int store_queue_has(struct store *st, const struct queue_query *q,
		    long long id, int *in)
{
	sqlite3_stmt *s;

	*in = 0;
	if ((unsigned)q->filter >= QUEUE_FILTER_COUNT)
		return STORE_INVALID;
	s = store_stmt(st, sql_has);
	if (s == NULL)
		return STORE_ERROR;
	bind_query(st, s, q);
	sqlite3_bind_int(s, 7, (int)q->filter);
	sqlite3_bind_int64(s, 8, id);
	return store_step_count(st, s, in, _("cannot read the queue"));
}

int store_queue_counts(struct store *st, long long agent_id,
		       struct queue_counts *out)
{
	sqlite3_stmt *s = store_stmt(st, sql_counts);
	long long v[7];
	int rc;

	memset(out, 0, sizeof *out);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, agent_id);
	sqlite3_bind_int64(s, 2, store_now(st));
	rc = store_step_ints(st, s, v, 7, _("cannot count the queue"));
	if (rc == STORE_NOTFOUND)
		return store_fail_sqlite(st, _("cannot count the queue"));
	if (rc != STORE_OK)
		return rc;
	out->open = (int)v[0];
	out->mine = (int)v[1];
	out->unassigned = (int)v[2];
	out->breached = (int)v[3];
	out->snoozed = (int)v[4];
	out->next_wake = v[5];
	out->next_due = v[6];
	return STORE_OK;
}
