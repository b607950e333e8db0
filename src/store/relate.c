/*
 * relate.c: merge and link (see temas/relate.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/complaint.h"
#include "temas/i18n.h"
#include "temas/relate.h"
#include "temas/text.h"

struct side {
	long long id, customer_id, assignee_id, merged_into;
	enum complaint_status status;
	const char *login;
};

static const char sql_side[] =
	"SELECT c.customer_id, coalesce(c.assignee_id,0), c.status,"
	" coalesce(c.merged_into,0), coalesce(a.login,'')"
	" FROM complaints c LEFT JOIN agents a ON a.id=c.assignee_id"
	" WHERE c.id=?1";

static int read_side(struct store *st, long long id, struct side *sd)
{
	sqlite3_stmt *s = store_stmt(st, sql_side);
	enum complaint_status stt = ST_NEW;
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc == SQLITE_DONE) {
			store_fail(st, _("no complaint %lld"), id);
			return STORE_NOTFOUND;
		}
		return store_fail_sqlite(st, _("cannot read the complaint"));
	}
	sd->id = id;
	sd->customer_id = sqlite3_column_int64(s, 0);
	sd->assignee_id = sqlite3_column_int64(s, 1);
	store_status_parse((const char *)sqlite3_column_text(s, 2), &stt);
	sd->status = stt;
	sd->merged_into = sqlite3_column_int64(s, 3);
	sd->login = store_col_str(st, s, 4);
	sqlite3_reset(s);
	return STORE_OK;
}

struct merge_ctx {
	const struct agent *who;
	long long src, into;
	int other_customer;
	int moved;
};

static const char sql_move_interactions[] =
	"UPDATE interactions SET complaint_id=?2 WHERE complaint_id=?1";
static const char sql_move_outbox[] =
	"UPDATE outbox SET complaint_id=?2 WHERE complaint_id=?1";
static const char sql_move_surveys[] =
	"UPDATE surveys SET complaint_id=?2 WHERE complaint_id=?1";
/* Unsent text goes with the messages: a draft left on the closed
 * complaint was on no screen any more.  One agent's two drafts of a kind
 * cannot become one without a choice of theirs. */
static const char sql_draft_clash[] =
	"SELECT a.login, d.kind FROM drafts d JOIN drafts e ON e.agent_id=d.agent_id"
	" AND e.kind=d.kind AND e.complaint_id=?2 JOIN agents a ON a.id=d.agent_id"
	" WHERE d.complaint_id=?1 ORDER BY a.login LIMIT 1";
static const char sql_move_drafts[] =
	"UPDATE drafts SET complaint_id=?2 WHERE complaint_id=?1";
static const char sql_move_draft_files[] =
	"UPDATE draft_attachments SET complaint_id=?2 WHERE complaint_id=?1";
static const char sql_close_merged[] =
	"UPDATE complaints SET status='closed', merged_into=?2, closed_at=?3,"
	" resolved_at=coalesce(resolved_at, ?3), resolution=?4 WHERE id=?1";

static int may_touch(struct store *st, const struct agent *who,
		     const struct side *sd)
{
	if (who->role == ROLE_SUPERVISOR || sd->assignee_id == 0 ||
	    sd->assignee_id == who->id)
		return STORE_OK;
	return store_refuse(st, STORE_DENIED,
			    _("complaint %lld is held by %s; only they or a supervisor can merge it"),
			    sd->id, sd->login);
}

static int move_rows(struct store *st, const char *sql, long long from,
		     long long to, int *changed)
{
	return store_run_pair(st, sql, from, to, changed,
			      _("cannot merge the complaints"));
}

static int check_merge(struct store *st, const struct merge_ctx *ctx,
		       const struct side *a, const struct side *b)
{
	int rc;

	if (a->merged_into)
		return store_refuse(st, STORE_DENIED,
				    _("complaint %lld is already merged into %lld"),
				    a->id, a->merged_into);
	if (b->merged_into)
		return store_refuse(st, STORE_DENIED,
				    _("complaint %lld was merged into %lld; merge into %lld instead"),
				    b->id, b->merged_into, b->merged_into);
	if (b->status == ST_RESOLVED || b->status == ST_CLOSED)
		return store_refuse(st, STORE_DENIED,
				    _("complaint %lld is %s; merge only into an open complaint"),
				    b->id, store_status_name(b->status));
	if (a->customer_id != b->customer_id) {
		if (!ctx->other_customer)
			return store_refuse(st, STORE_DENIED,
					    _("complaints %lld and %lld belong to different customers (%lld, %lld); a supervisor may merge them with --other-customer"),
					    a->id, b->id, a->customer_id, b->customer_id);
		if (ctx->who->role != ROLE_SUPERVISOR)
			return store_refuse(st, STORE_DENIED, "%s",
					    _("only a supervisor can merge complaints of different customers"));
	}
	if ((rc = may_touch(st, ctx->who, a)) != STORE_OK)
		return rc;
	return may_touch(st, ctx->who, b);
}

static int do_merge(struct store *st, void *vctx)
{
	struct merge_ctx *ctx = vctx;
	struct side a, b;
	sqlite3_stmt *s;
	char detail[96], why[96];
	int rc;

	if ((rc = read_side(st, ctx->src, &a)) != STORE_OK ||
	    (rc = read_side(st, ctx->into, &b)) != STORE_OK)
		return rc;
	if ((rc = check_merge(st, ctx, &a, &b)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_draft_clash)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, a.id);
	sqlite3_bind_int64(s, 2, b.id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *login = store_col_str(st, s, 0), *kind = store_col_str(st, s, 1);

		sqlite3_reset(s);
		return store_refuse(st, STORE_CONFLICT,
				    _("%s has a %s draft on both %lld and %lld; it is sent or "
				    "discarded on one of them before they are merged"),
				    login, kind, a.id, b.id);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot merge the complaints"));
	if ((rc = move_rows(st, sql_move_interactions, a.id, b.id,
			    &ctx->moved)) != STORE_OK ||
	    (rc = move_rows(st, sql_move_outbox, a.id, b.id, NULL)) != STORE_OK ||
	    (rc = move_rows(st, sql_move_surveys, a.id, b.id, NULL)) != STORE_OK ||
	    (rc = move_rows(st, sql_move_drafts, a.id, b.id, NULL)) != STORE_OK ||
	    (rc = move_rows(st, sql_move_draft_files, a.id, b.id, NULL)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_close_merged)) == NULL)
		return STORE_ERROR;
	snprintf(why, sizeof why, "merged into %lld", b.id);
	sqlite3_bind_int64(s, 1, a.id);
	sqlite3_bind_int64(s, 2, b.id);
	sqlite3_bind_int64(s, 3, store_now(st));
	sqlite3_bind_text(s, 4, why, -1, SQLITE_TRANSIENT);
	if (store_step_done(st, s, _("cannot merge the complaints")) != STORE_OK)
		return STORE_ERROR;
	snprintf(detail, sizeof detail, "into %lld, %d interactions", b.id,
		 ctx->moved);
	if ((rc = store_audit(st, ctx->who, "merge", a.id, a.customer_id,
			      detail)) != STORE_OK)
		return rc;
	snprintf(detail, sizeof detail, "from %lld, %d interactions", a.id,
		 ctx->moved);
	return store_audit(st, ctx->who, "merged-in", b.id, b.customer_id, detail);
}

int store_complaint_merge(struct store *st, const struct agent *who,
			  long long src, long long into, int other_customer,
			  int *moved)
{
	struct merge_ctx ctx = { who, src, into, other_customer, 0 };
	int rc;

	if (src == into)
		return store_refuse(st, STORE_DENIED,
				    _("complaint %lld cannot be merged into itself"), src);
	rc = store_tx_run(st, do_merge, &ctx);
	if (moved != NULL)
		*moved = ctx.moved;
	return rc;
}

/* ---- links ---- */

struct link_ctx {
	const struct agent *who;
	long long a, b;
	int already;
};

static const char sql_link[] =
	"INSERT OR IGNORE INTO complaint_links(a, b, at, login)"
	" VALUES(min(?1,?2), max(?1,?2), ?3, ?4)";

static int do_link(struct store *st, void *vctx)
{
	struct link_ctx *ctx = vctx;
	struct side a, b;
	sqlite3_stmt *s;
	char detail[64];
	int rc;

	if ((rc = read_side(st, ctx->a, &a)) != STORE_OK ||
	    (rc = read_side(st, ctx->b, &b)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_link)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, a.id);
	sqlite3_bind_int64(s, 2, b.id);
	sqlite3_bind_int64(s, 3, store_now(st));
	sqlite3_bind_text(s, 4, ctx->who->login, -1, SQLITE_TRANSIENT);
	if (store_step_done(st, s, _("cannot link the complaints")) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(st->db) == 0) {
		ctx->already = 1;
		return STORE_OK;
	}
	snprintf(detail, sizeof detail, "with %lld", b.id);
	if ((rc = store_audit(st, ctx->who, "link", a.id, a.customer_id,
			      detail)) != STORE_OK)
		return rc;
	snprintf(detail, sizeof detail, "with %lld", a.id);
	return store_audit(st, ctx->who, "link", b.id, b.customer_id, detail);
}

int store_complaint_link(struct store *st, const struct agent *who,
			 long long a, long long b, int *already)
{
	struct link_ctx ctx = { who, a, b, 0 };
	int rc;

	if (a == b)
		return store_refuse(st, STORE_DENIED,
				    _("complaint %lld cannot be linked to itself"), a);
	rc = store_tx_run(st, do_link, &ctx);
	if (already != NULL)
		*already = ctx.already;
	return rc;
}

static const char sql_merged_into[] =
	"SELECT coalesce(merged_into,0) FROM complaints WHERE id=?1";
static const char sql_links[] =
	"SELECT b FROM complaint_links WHERE a=?1"
	" UNION SELECT a FROM complaint_links WHERE b=?1 ORDER BY 1";

int store_complaint_relations(struct store *st, long long id,
			      long long *merged_into, long long **links, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_merged_into);
	int rc;

	*merged_into = 0;
	*links = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = store_step_ints(st, s, merged_into, 1, _("cannot read the complaint"));
	if (rc == STORE_NOTFOUND) {
		store_fail(st, _("no complaint %lld"), id);
		return rc;
	}
	if (rc != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_links)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return store_step_ids(st, s, links, n, _("cannot read the complaint's links"));
}

void store_relations_describe(long long merged_into, const long long *links,
			      int n, char *buf, size_t size)
{
	if (size == 0)
		return;
	buf[0] = '\0';
	if (merged_into &&
	    (size_t)snprintf(buf, size, _("merged into #%lld"), merged_into) >= size)
		return;
	text_append_ids(buf, size, "  ", _("linked "), links, n);
}

/* ---- split ---- */

struct split_ctx {
	const struct agent *who;
	long long interaction, from, id;
	const char *subject;
};

static const char sql_split_source[] =
	"SELECT i.complaint_id, i.direction, i.channel, i.at,"
	" coalesce(nullif(i.subject,''), c.subject), coalesce(c.order_id,0),"
	" c.priority, c.category,"
	" (SELECT count(*) FROM interactions j WHERE j.complaint_id=i.complaint_id)"
	" FROM interactions i JOIN complaints c ON c.id=i.complaint_id"
	" WHERE i.id=?1";
static const char sql_split_loose[] =
	"SELECT 1 FROM interactions WHERE id=?1";
static const char sql_split_move[] =
	"UPDATE interactions SET complaint_id=?2 WHERE id=?1";
static const char sql_split_hold[] =
	"UPDATE complaints SET assignee_id=?2,"
	" status=CASE WHEN status='new' THEN 'open' ELSE status END WHERE id=?1";

/* The interaction's row, read for the split; refusals named. */
static int split_read(struct store *st, struct split_ctx *ctx,
		      struct complaint_new *cn, char *dir, size_t dirsz,
		      long long *count)
{
	sqlite3_stmt *s = store_stmt(st, sql_split_source);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, ctx->interaction);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_fail_sqlite(st, _("cannot read the message"));
		if ((s = store_stmt(st, sql_split_loose)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, ctx->interaction);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc == SQLITE_ROW)
			return store_refuse(st, STORE_DENIED,
					    _("message %lld belongs to no complaint; there is nothing to split it from"),
					    ctx->interaction);
		return store_refuse(st, STORE_NOTFOUND, _("no message %lld"),
				    ctx->interaction);
	}
	ctx->from = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, dir, dirsz);
	cn->channel = store_col_str(st, s, 2);
	cn->opened_at = sqlite3_column_int64(s, 3);
	cn->subject = ctx->subject != NULL && *ctx->subject ? ctx->subject :
		      store_col_str(st, s, 4);
	cn->order_id = sqlite3_column_int64(s, 5);
	cn->priority = store_col_str(st, s, 6);
	cn->category = store_col_str(st, s, 7);
	*count = sqlite3_column_int64(s, 8);
	sqlite3_reset(s);
	return STORE_OK;
}

static int do_split(struct store *st, void *vctx)
{
	struct split_ctx *ctx = vctx;
	struct complaint_new cn;
	struct side from;
	struct link_ctx link;
	long long count = 0;
	char dir[8], detail[96];
	sqlite3_stmt *s;
	int rc;

	memset(&cn, 0, sizeof cn);
	if ((rc = split_read(st, ctx, &cn, dir, sizeof dir, &count)) != STORE_OK ||
	    (rc = read_side(st, ctx->from, &from)) != STORE_OK)
		return rc;
	if (strcmp(dir, "in") != 0)
		return store_refuse(st, STORE_DENIED,
				    _("message %lld is not the customer's (it is a reply or a note); only a customer's message can open a complaint"),
				    ctx->interaction);
	if (from.merged_into)
		return store_refuse(st, STORE_DENIED,
				    _("complaint %lld is merged into %lld; split from %lld instead"),
				    from.id, from.merged_into, from.merged_into);
	if (count < 2)
		return store_refuse(st, STORE_DENIED,
				    _("message %lld is the only one of complaint %lld; there is nothing to split off"),
				    ctx->interaction, from.id);
	if (!(ctx->who->role == ROLE_SUPERVISOR || from.assignee_id == 0 ||
	      from.assignee_id == ctx->who->id))
		return store_refuse(st, STORE_DENIED,
				    _("complaint %lld is held by %s; only they or a supervisor can split it"),
				    from.id, from.login);
	cn.customer_id = from.customer_id;
	/* A held conversation's half stays with its agent (below); an
	 * unheld one is an arrival like any other. */
	cn.no_auto_assign = from.assignee_id != 0;
	if ((rc = store_complaint_open(st, &cn, &ctx->id)) != STORE_OK)
		return rc;
	if ((rc = move_rows(st, sql_split_move, ctx->interaction, ctx->id,
			    NULL)) != STORE_OK)
		return rc;
	/* The agent who held the conversation keeps both halves. */
	if (from.assignee_id != 0) {
		if ((s = store_stmt(st, sql_split_hold)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, ctx->id);
		sqlite3_bind_int64(s, 2, from.assignee_id);
		if (store_step_done(st, s, _("cannot split the complaint")) != STORE_OK)
			return STORE_ERROR;
	}
	if ((rc = store_sla_clock_sync(st, from.id)) != STORE_OK)
		return rc;
	link.who = ctx->who;
	link.a = from.id;
	link.b = ctx->id;
	link.already = 0;
	if ((rc = do_link(st, &link)) != STORE_OK)
		return rc;
	snprintf(detail, sizeof detail, "message %lld to %lld",
		 ctx->interaction, ctx->id);
	if ((rc = store_audit(st, ctx->who, "split", from.id, from.customer_id,
			      detail)) != STORE_OK)
		return rc;
	snprintf(detail, sizeof detail, "message %lld from %lld",
		 ctx->interaction, from.id);
	return store_audit(st, ctx->who, "split-from", ctx->id,
			   from.customer_id, detail);
}

int store_interaction_split(struct store *st, const struct agent *who,
			    long long interaction, const char *subject,
			    long long *from, long long *id)
{
	struct split_ctx ctx = { who, interaction, 0, 0, subject };
	int rc = store_tx_run(st, do_split, &ctx);

	if (rc == STORE_OK) {
		if (from != NULL)
			*from = ctx.from;
		if (id != NULL)
			*id = ctx.id;
	}
	return rc;
}

/* ---- the same order twice ---- */

static const char sql_same_order[] =
	"SELECT o.id FROM complaints c JOIN complaints o"
	" ON o.customer_id=c.customer_id AND o.order_id=c.order_id AND o.id<>c.id"
	" WHERE c.id=?1 AND o.is_open AND o.merged_into IS NULL"
	" AND NOT EXISTS(SELECT 1 FROM complaint_links l"
	"  WHERE l.a=min(c.id,o.id) AND l.b=max(c.id,o.id))"
	" ORDER BY o.id";

int store_complaint_same_order(struct store *st, long long id, long long **ids,
			       int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_same_order);

	*ids = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return store_step_ids(st, s, ids, n, _("cannot read the customer's complaints"));
}
