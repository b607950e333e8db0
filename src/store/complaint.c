/*
 * complaint.c: complaints from opening to closing: SLA due times, the
 * compare-and-set claim, the state table, replies and notes.
 *
 * Each action is one short transaction that also writes its audit row, so
 * the log never says something happened that did not, or the reverse.
 * Rules refuse with STORE_DENIED and a sentence an agent can read; a lost
 * race is STORE_CONFLICT naming who won.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "temas/mail.h"
#include "temas/agent.h"
#include "temas/assign.h"
#include "temas/complaint.h"
#include "temas/customer.h"
#include "temas/draft.h"
#include "temas/i18n.h"
#include "temas/calendar.h"
#include "temas/sla.h"

/* ---- the state table ---- */

static const char *const status_names[ST_COUNT] = {
	"new", "open", "pending", "escalated", "resolved", "closed",
};

/* Every allowed move; anything not listed is refused. */
static const struct {
	enum complaint_status from, to;
} transitions[] = {
	{ ST_NEW, ST_OPEN }, { ST_NEW, ST_PENDING }, { ST_NEW, ST_ESCALATED },
	{ ST_NEW, ST_RESOLVED },
	{ ST_OPEN, ST_PENDING }, { ST_OPEN, ST_ESCALATED }, { ST_OPEN, ST_RESOLVED },
	{ ST_PENDING, ST_OPEN }, { ST_PENDING, ST_ESCALATED },
	{ ST_PENDING, ST_RESOLVED },
	{ ST_ESCALATED, ST_OPEN }, { ST_ESCALATED, ST_PENDING },
	{ ST_ESCALATED, ST_RESOLVED },
	{ ST_RESOLVED, ST_OPEN }, { ST_RESOLVED, ST_CLOSED },
};

const char *store_status_name(enum complaint_status s)
{
	return (s >= 0 && s < ST_COUNT) ? status_names[s] : "?";
}

int store_status_parse(const char *name, enum complaint_status *out)
{
	int i;

	for (i = 0; i < ST_COUNT; i++) {
		if (name != NULL && strcmp(name, status_names[i]) == 0) {
			*out = (enum complaint_status)i;
			return STORE_OK;
		}
	}
	return STORE_INVALID;
}

int store_status_allowed(enum complaint_status from, enum complaint_status to)
{
	size_t i;

	for (i = 0; i < sizeof transitions / sizeof transitions[0]; i++)
		if (transitions[i].from == from && transitions[i].to == to)
			return 1;
	return 0;
}

void store_status_targets(enum complaint_status from, char *buf, size_t n)
{
	size_t i, used = 0;

	if (n == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < sizeof transitions / sizeof transitions[0]; i++) {
		int w;

		if (transitions[i].from != from)
			continue;
		w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "",
			     status_names[transitions[i].to]);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
	if (used == 0)
		snprintf(buf, n, "%s", _("none"));
}

/* ---- reading ---- */

static const char sql_get[] =
	"SELECT " STORE_COMPLAINT_COLUMNS ", c.resolution"
	" FROM complaints c JOIN customers cu ON cu.id=c.customer_id"
	" LEFT JOIN agents a ON a.id=c.assignee_id WHERE c.id=?1";

void store_complaint_read(struct store *st, sqlite3_stmt *s, struct complaint *c)
{
	enum complaint_status stt = ST_OPEN;

	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(s, 0);
	c->customer_id = sqlite3_column_int64(s, 1);
	c->order_id = sqlite3_column_int64(s, 2);
	store_col_text(s, 3, c->channel, sizeof c->channel);
	store_col_text(s, 4, c->priority, sizeof c->priority);
	c->category = store_col_str(st, s, 5);
	c->subject = store_col_str(st, s, 6);
	store_status_parse((const char *)sqlite3_column_text(s, 7), &stt);
	c->status = stt;
	c->assignee_id = sqlite3_column_int64(s, 8);
	c->assignee_login = store_col_str(st, s, 9);
	c->customer_name = store_col_str(st, s, 10);
	c->opened_at = sqlite3_column_int64(s, 11);
	c->first_response_due = sqlite3_column_int64(s, 12);
	c->resolution_due = sqlite3_column_int64(s, 13);
	c->due_at = sqlite3_column_int64(s, 14);
	c->first_response_at = sqlite3_column_int64(s, 15);
	c->resolved_at = sqlite3_column_int64(s, 16);
	c->closed_at = sqlite3_column_int64(s, 17);
	c->snoozed_until = sqlite3_column_int64(s, 18);
	c->snoozed_by = store_col_str(st, s, 19);
	c->snooze_note = store_col_str(st, s, 20);
}

int store_complaint_get(struct store *st, long long id, struct complaint *out)
{
	sqlite3_stmt *s = store_stmt(st, sql_get);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return store_refuse(st, STORE_NOTFOUND, _("no complaint %lld"), id);
		return store_fail_sqlite(st, _("cannot read the complaint"));
	}
	store_complaint_read(st, s, out);
	out->resolution = store_col_str(st, s, STORE_COMPLAINT_NCOLS);
	sqlite3_reset(s);
	return STORE_OK;
}

static const char sql_interactions[] =
	"SELECT i.id, i.customer_id, i.complaint_id, i.channel, i.direction,"
	" i.agent_id, a.login, i.at, i.subject, i.body"
	" FROM interactions i LEFT JOIN agents a ON a.id=i.agent_id"
	" WHERE i.complaint_id=?1 ORDER BY i.at, i.id";

static void interactions_free(struct interaction *rows, int n)
{
	while (n > 0)
		free(rows[--n].body);
	free(rows);
}

int store_complaint_interactions(struct store *st, long long id,
				 struct interaction **out, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_interactions);
	struct interaction *rows = NULL;
	int rc = SQLITE_DONE, cap = 0;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct interaction *it;
		const char *dir = (const char *)sqlite3_column_text(s, 4);

		if (store_grow(st, (void **)&rows, *n, &cap, sizeof *rows) != STORE_OK) {
			sqlite3_reset(s);
			interactions_free(rows, *n);
			*n = 0;
			return STORE_ERROR;
		}
		it = &rows[*n];
		memset(it, 0, sizeof *it);
		it->id = sqlite3_column_int64(s, 0);
		it->customer_id = sqlite3_column_int64(s, 1);
		it->complaint_id = sqlite3_column_int64(s, 2);
		store_col_text(s, 3, it->channel, sizeof it->channel);
		it->direction = strcmp(dir, "out") == 0 ? DIR_OUT
				: strcmp(dir, "note") == 0 ? DIR_NOTE : DIR_IN;
		it->agent_id = sqlite3_column_int64(s, 5);
		it->agent_login = store_col_str(st, s, 6);
		it->at = sqlite3_column_int64(s, 7);
		it->subject = store_col_str(st, s, 8);
		it->body = store_col_strdup(s, 9);
		if (it->body == NULL) {
			sqlite3_reset(s);
			interactions_free(rows, *n);
			*n = 0;
			return store_fail(st, "%s", _("out of memory"));
		}
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		interactions_free(rows, *n);
		*n = 0;
		return store_fail_sqlite(st, _("cannot read the interactions"));
	}
	*out = rows;
	return STORE_OK;
}

static const char sql_open_ids[] =
	"SELECT id FROM complaints WHERE customer_id=?1 AND is_open"
	" ORDER BY opened_at, id";

int store_complaint_open_ids(struct store *st, long long customer_id,
			     long long **ids, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_open_ids);

	*ids = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, customer_id);
	return store_step_ids(st, s, ids, n, _("cannot read the complaints"));
}

/* The open complaints who may reply to: theirs, nobody's, and for a
 * supervisor (?3) anybody's. */
static const char sql_mine_or_free[] =
	"SELECT id FROM complaints WHERE customer_id=?1 AND is_open"
	" AND (assignee_id IS NULL OR assignee_id=?2 OR ?3) ORDER BY id";

struct seen_ctx {
	const struct agent *who;
	const struct history_look *look;   /* as read before the orders */
	int marked;
};

/* The records merged into customer ?1, the changes to its orders, and
 * whether it is merged itself. */
static const char sql_merge_state[] =
	"SELECT " STORE_MERGES_INTO("?1") ", " STORE_ORDER_CHANGES("?1") ","
	" EXISTS(SELECT 1 FROM customer_merges WHERE customer_id=?1)";

static int do_mark_customer(struct store *st, void *vctx)
{
	struct seen_ctx *ctx = vctx;
	sqlite3_stmt *s;
	long long *ids = NULL, v[3] = { 0, 0, 0 };
	int n = 0, i, rc;

	ctx->marked = 0;
	/* The orders shown were read after the count: a merge into the
	 * customer, or of it into another, committed since is not in them. */
	if ((s = store_stmt(st, sql_merge_state)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, ctx->look->customer_id);
	if (store_step_ints(st, s, v, 3, _("cannot read the customer")) != STORE_OK)
		return STORE_ERROR;
	if (v[0] != ctx->look->merges || v[2] != 0)
		return store_refuse(st, STORE_CONFLICT,
			      _("customer %lld was merged with another record while "
				"the orders were read; nothing was marked as seen: "
				"show the customer again"), ctx->look->customer_id);
	if (v[1] != ctx->look->orders)
		return store_refuse(st, STORE_CONFLICT,
			      _("the orders of customer %lld changed while they were "
				"read; nothing was marked as seen: show the customer "
				"again"), ctx->look->customer_id);
	if ((s = store_stmt(st, sql_mine_or_free)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, ctx->look->customer_id);
	sqlite3_bind_int64(s, 2, ctx->who->id);
	sqlite3_bind_int(s, 3, ctx->who->role == ROLE_SUPERVISOR);
	/* Every one of them: 64 were marked, the rest said nothing. */
	if (store_step_ids(st, s, &ids, &n, _("cannot read the complaints")) != STORE_OK)
		return STORE_ERROR;
	rc = store_audit(st, ctx->who, "view-customer", 0, ctx->look->customer_id, NULL);
	for (i = 0; rc == STORE_OK && i < n; i++) {
		rc = store_history_mark_seen(st, ctx->who->id, ids[i]);
		if (rc == STORE_OK)
			rc = store_audit(st, ctx->who, "history-seen", ids[i],
					 ctx->look->customer_id, NULL);
		if (rc == STORE_OK)
			ctx->marked++;
	}
	free(ids);
	return rc;
}

int store_history_mark_customer(struct store *st, const struct agent *who,
				const struct history_look *look, int *marked)
{
	struct seen_ctx ctx = { who, look, 0 };
	int rc = store_tx_run(st, do_mark_customer, &ctx);

	if (marked != NULL)
		*marked = rc == STORE_OK ? ctx.marked : 0;
	return rc;
}

/* ---- opening ---- */

static const char sql_channel[] =
	"SELECT 1 FROM channels WHERE code=?1";
static const char sql_customer_exists[] =
	"SELECT 1 FROM customers WHERE id=?1";
static const char sql_order_owner[] =
	"SELECT customer_id FROM orders WHERE id=?1";
static const char sql_insert[] =
	"INSERT INTO complaints(ext_id, customer_id, order_id, channel, priority,"
	" category, subject, status, opened_at, first_response_due,"
	" resolution_due) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 'new', ?8, ?9, ?10)"
	" RETURNING id";
static const char sql_insert_in[] =
	"INSERT INTO interactions(customer_id, complaint_id, channel, direction,"
	" at, subject, body) VALUES(?1, ?2, ?3, 'in', ?4, ?5, ?6)";

/* Step a statement expected to give at most one integer; *found says. */
static int one_int(struct store *st, sqlite3_stmt *s, long long *v, int *found,
		   const char *what)
{
	int rc = store_step_ints(st, s, v, 1, what);

	*found = rc == STORE_OK;
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

struct open_ctx {
	const struct complaint_new *in;
	long long id;
	struct assign_outcome *assigned;
};

static int do_open(struct store *st, void *vctx)
{
	struct open_ctx *ctx = vctx;
	const struct complaint_new *in = ctx->in;
	const char *prio = in->priority && *in->priority ? in->priority : "normal";
	temas_time opened = in->opened_at > 0 ? in->opened_at : store_now(st);
	struct sla_policy pol = { 0, 0, 0 };
	struct calendar *cal;
	temas_time fr_due, res_due;
	long long v = 0;
	int found, rc;
	sqlite3_stmt *s;
	char detail[160];

	if (in->subject == NULL || *in->subject == '\0')
		return store_refuse(st, STORE_INVALID, _("a complaint needs a subject"));
	if ((s = store_stmt(st, sql_customer_exists)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, in->customer_id);
	if (one_int(st, s, &v, &found, _("cannot read customers")) != STORE_OK)
		return STORE_ERROR;
	if (!found)
		return store_refuse(st, STORE_NOTFOUND, _("no customer %lld"), in->customer_id);
	if (in->order_id > 0) {
		if ((s = store_stmt(st, sql_order_owner)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, in->order_id);
		if (one_int(st, s, &v, &found, _("cannot read orders")) != STORE_OK)
			return STORE_ERROR;
		if (!found || v != in->customer_id)
			return store_refuse(st, STORE_INVALID,
				      _("order %lld is not an order of customer %lld"),
				      in->order_id, in->customer_id);
	}
	if ((s = store_stmt(st, sql_channel)) == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, in->channel, 0);
	if (one_int(st, s, &v, &found, _("cannot read channels")) != STORE_OK)
		return STORE_ERROR;
	if (!found)
		return store_refuse(st, STORE_INVALID, _("unknown channel '%s'"),
			      in->channel ? in->channel : "");
	rc = store_sla_policy(st, in->channel, prio, &pol);
	if (rc == STORE_ERROR)
		return rc;
	if (rc == STORE_NOTFOUND)
		return store_refuse(st, STORE_INVALID,
			      _("no SLA policy for channel '%s' and priority '%s'"),
			      in->channel, prio);
	if (store_calendar_of_channel(st, in->channel, &cal) != STORE_OK)
		return STORE_ERROR;
	rc = sla_compute(opened, &pol, cal, &fr_due, &res_due);
	calendar_free(cal);
	if (rc != STORE_OK)
		return store_refuse(st, STORE_INVALID, _("bad SLA policy for channel '%s'"),
			      in->channel);

	if ((s = store_stmt(st, sql_insert)) == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, in->ext_id, 1);
	sqlite3_bind_int64(s, 2, in->customer_id);
	if (in->order_id > 0)
		sqlite3_bind_int64(s, 3, in->order_id);
	store_bind_text(s, 4, in->channel, 0);
	store_bind_text(s, 5, prio, 0);
	store_bind_text(s, 6, in->category && *in->category ? in->category : "other", 0);
	store_bind_text(s, 7, in->subject, 0);
	sqlite3_bind_int64(s, 8, opened);
	sqlite3_bind_int64(s, 9, fr_due);
	sqlite3_bind_int64(s, 10, res_due);
	if (one_int(st, s, &ctx->id, &found, _("cannot save the complaint")) != STORE_OK)
		return STORE_ERROR;
	if (in->body != NULL && *in->body != '\0') {
		if ((s = store_stmt(st, sql_insert_in)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, in->customer_id);
		sqlite3_bind_int64(s, 2, ctx->id);
		store_bind_text(s, 3, in->channel, 0);
		sqlite3_bind_int64(s, 4, opened);
		store_bind_text(s, 5, in->subject, 0);
		store_bind_text(s, 6, in->body, 0);
		if (store_step_done(st, s, _("cannot save the customer's message")) != STORE_OK)
			return STORE_ERROR;
	}
	snprintf(detail, sizeof detail, "%s %s", in->channel, prio);
	if (store_audit(st, NULL, "open", ctx->id, in->customer_id, detail) != STORE_OK)
		return STORE_ERROR;
	if (in->no_auto_assign) {
		memset(ctx->assigned, 0, sizeof *ctx->assigned);
		return STORE_OK;
	}
	return store_assign_arrival(st, ctx->id, ctx->assigned);
}

int store_complaint_open_assign(struct store *st, const struct complaint_new *in,
				long long *id_out, struct assign_outcome *assigned)
{
	struct assign_outcome none;
	struct open_ctx ctx = { in, 0, assigned ? assigned : &none };
	int rc = store_tx_run(st, do_open, &ctx);

	if (rc == STORE_OK && id_out != NULL)
		*id_out = ctx.id;
	return rc;
}

int store_complaint_open(struct store *st, const struct complaint_new *in,
			 long long *id_out)
{
	return store_complaint_open_assign(st, in, id_out, NULL);
}

/* ---- claim, release, assign ---- */

static const char sql_claim[] =
	"UPDATE complaints SET assignee_id=?1,"
	" status=CASE WHEN status='new' THEN 'open' ELSE status END"
	" WHERE id=?2 AND assignee_id IS NULL AND is_open";
static const char sql_holder[] =
	"SELECT c.status, c.assignee_id, a.login, c.customer_id"
	" FROM complaints c LEFT JOIN agents a ON a.id=c.assignee_id"
	" WHERE c.id=?1";
static const char sql_set_assignee[] =
	"UPDATE complaints SET assignee_id=?1 WHERE id=?2";

struct holder {
	enum complaint_status status;
	long long assignee_id;
	const char *login;
	long long customer_id;
};

static int read_holder(struct store *st, long long id, struct holder *h)
{
	sqlite3_stmt *s = store_stmt(st, sql_holder);
	enum complaint_status stt = ST_NEW;
	char status[16];
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return store_refuse(st, STORE_NOTFOUND, _("no complaint %lld"), id);
		return store_fail_sqlite(st, _("cannot read the complaint"));
	}
	store_col_text(s, 0, status, sizeof status);
	store_status_parse(status, &stt);
	h->status = stt;
	h->assignee_id = sqlite3_column_int64(s, 1);
	h->login = store_col_str(st, s, 2);
	h->customer_id = sqlite3_column_int64(s, 3);
	sqlite3_reset(s);
	return STORE_OK;
}

static int is_open_status(enum complaint_status s)
{
	return s != ST_RESOLVED && s != ST_CLOSED;
}

/* The CAS itself; shared by claim and by a reply to an unclaimed complaint. */
static int claim_in_tx(struct store *st, const struct agent *who, long long id,
		       struct holder *h, int *fresh)
{
	sqlite3_stmt *s = store_stmt(st, sql_claim);
	int rc, changed;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, who->id);
	sqlite3_bind_int64(s, 2, id);
	if (store_step_done(st, s, _("cannot claim the complaint")) != STORE_OK)
		return STORE_ERROR;
	changed = sqlite3_changes(st->db);
	*fresh = changed > 0;
	rc = read_holder(st, id, h);
	if (rc != STORE_OK)
		return rc;
	if (changed == 0) {
		if (h->assignee_id == who->id)
			return STORE_OK;
		if (h->assignee_id != 0)
			return store_refuse(st, STORE_CONFLICT,
				      _("complaint %lld is already taken by %s"),
				      id, h->login);
		return store_refuse(st, STORE_DENIED,
			      _("complaint %lld is %s; only open complaints can be claimed"),
			      id, store_status_name(h->status));
	}
	return store_audit(st, who, "claim", id, h->customer_id, NULL);
}

int store_complaint_take_tx(struct store *st, const struct agent *who,
			    long long id, int *fresh)
{
	struct holder h;

	return claim_in_tx(st, who, id, &h, fresh);
}

struct claim_ctx {
	const struct agent *who;
	long long id;
	struct holder h;
	const char *arg;
	enum complaint_status to;
	int fresh;      /* the claim took it just now */
};

static int do_claim(struct store *st, void *vctx)
{
	struct claim_ctx *ctx = vctx;
	return claim_in_tx(st, ctx->who, ctx->id, &ctx->h, &ctx->fresh);
}

int store_complaint_claim(struct store *st, const struct agent *who,
			  long long id, char *holder, size_t holdersz)
{
	struct claim_ctx ctx = { who, id, { ST_NEW, 0, "", 0 }, NULL, ST_NEW, 0 };
	int rc = store_tx_run(st, do_claim, &ctx);

	if (holder != NULL && holdersz > 0)
		snprintf(holder, holdersz, "%s", ctx.fresh ? "" : ctx.h.login);
	return rc;
}

static int do_release(struct store *st, void *vctx)
{
	struct claim_ctx *ctx = vctx;
	sqlite3_stmt *s;
	int rc;

	rc = read_holder(st, ctx->id, &ctx->h);
	if (rc != STORE_OK)
		return rc;
	if (ctx->h.assignee_id == 0)
		return store_refuse(st, STORE_DENIED,
			      _("complaint %lld is not assigned to anyone"), ctx->id);
	if (ctx->h.assignee_id != ctx->who->id && ctx->who->role != ROLE_SUPERVISOR)
		return store_refuse(st, STORE_DENIED,
			      _("complaint %lld is held by %s; only they or a supervisor can release it"),
			      ctx->id, ctx->h.login);
	if ((s = store_stmt(st, sql_set_assignee)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_null(s, 1);
	sqlite3_bind_int64(s, 2, ctx->id);
	if (store_step_done(st, s, _("cannot release the complaint")) != STORE_OK)
		return STORE_ERROR;
	return store_audit(st, ctx->who, "release", ctx->id, ctx->h.customer_id,
			   ctx->h.login);
}

int store_complaint_release(struct store *st, const struct agent *who,
			    long long id)
{
	struct claim_ctx ctx = { who, id, { ST_NEW, 0, "", 0 }, NULL, ST_NEW, 0 };

	return store_tx_run(st, do_release, &ctx);
}

static int do_assign(struct store *st, void *vctx)
{
	struct claim_ctx *ctx = vctx;
	struct agent to;
	sqlite3_stmt *s;
	char detail[160];
	int rc;

	if (ctx->who->role != ROLE_SUPERVISOR)
		return store_refuse(st, STORE_DENIED,
			      _("only a supervisor can assign complaints"));
	rc = read_holder(st, ctx->id, &ctx->h);
	if (rc != STORE_OK)
		return rc;
	if (!is_open_status(ctx->h.status))
		return store_refuse(st, STORE_DENIED,
			      _("complaint %lld is %s; only open complaints can be assigned"),
			      ctx->id, store_status_name(ctx->h.status));
	rc = store_agent_by_login(st, ctx->arg, &to);
	if (rc == STORE_NOTFOUND)
		return store_refuse(st, STORE_NOTFOUND, _("no active agent '%s'"), ctx->arg);
	if (rc != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_set_assignee)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, to.id);
	sqlite3_bind_int64(s, 2, ctx->id);
	if (store_step_done(st, s, _("cannot assign the complaint")) != STORE_OK)
		return STORE_ERROR;
	snprintf(detail, sizeof detail, "%s -> %s",
		 ctx->h.assignee_id ? ctx->h.login : "-", to.login);
	return store_audit(st, ctx->who, "assign", ctx->id, ctx->h.customer_id,
			   detail);
}

int store_complaint_assign(struct store *st, const struct agent *who,
			   long long id, const char *login)
{
	struct claim_ctx ctx = { who, id, { ST_NEW, 0, "", 0 }, login, ST_NEW, 0 };

	return store_tx_run(st, do_assign, &ctx);
}

/* ---- states ---- */

static const char sql_draft_gone[] =
	"DELETE FROM drafts WHERE agent_id=?1 AND complaint_id=?2 AND kind=?3";

static const char sql_status[] =
	"UPDATE complaints SET status=?2,"
	" resolution=CASE WHEN ?2='resolved' THEN ?3 ELSE resolution END,"
	" resolved_at=CASE WHEN ?2='resolved' THEN ?4"
	"  WHEN ?2='closed' THEN resolved_at ELSE NULL END,"
	" closed_at=CASE WHEN ?2='closed' THEN ?4 ELSE NULL END"
	" WHERE id=?1";

static int blank(const char *s)
{
	if (s == NULL)
		return 1;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

static int do_status(struct store *st, void *vctx)
{
	struct claim_ctx *ctx = vctx;
	sqlite3_stmt *s;
	char allowed[128], *detail;
	const char *note;
	size_t room;
	int rc;

	st->csat_queued = 0;
	rc = read_holder(st, ctx->id, &ctx->h);
	if (rc != STORE_OK)
		return rc;
	if (!store_status_allowed(ctx->h.status, ctx->to)) {
		store_status_targets(ctx->h.status, allowed, sizeof allowed);
		return store_refuse(st, STORE_DENIED,
			      _("complaint %lld cannot go from %s to %s; from %s it can go to: %s"),
			      ctx->id, store_status_name(ctx->h.status),
			      store_status_name(ctx->to),
			      store_status_name(ctx->h.status), allowed);
	}
	if (ctx->h.assignee_id != 0 && ctx->h.assignee_id != ctx->who->id &&
	    ctx->who->role != ROLE_SUPERVISOR)
		return store_refuse(st, STORE_DENIED,
			      _("complaint %lld is held by %s; only they or a supervisor can change it"),
			      ctx->id, ctx->h.login);
	if (ctx->to == ST_RESOLVED && blank(ctx->arg))
		return store_refuse(st, STORE_DENIED,
			      _("complaint %lld cannot be resolved without a resolution note"),
			      ctx->id);
	if ((s = store_stmt(st, sql_status)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, ctx->id);
	sqlite3_bind_text(s, 2, store_status_name(ctx->to), -1, SQLITE_STATIC);
	store_bind_text(s, 3, ctx->arg, 1);
	sqlite3_bind_int64(s, 4, store_now(st));
	if (store_step_done(st, s, _("cannot change the complaint's state")) != STORE_OK ||
	    store_sla_clock_sync(st, ctx->id) != STORE_OK ||
	    store_snooze_acted(st, ctx->id) != STORE_OK)
		return STORE_ERROR;
	/* The satisfaction question is queued with the resolution itself. */
	if (ctx->to == ST_RESOLVED && store_csat_ask(st, ctx->who, ctx->id) != STORE_OK)
		return STORE_ERROR;
	/* The note written is the one resolving: its draft goes with it. */
	if (ctx->to == ST_RESOLVED) {
		if ((s = store_stmt(st, sql_draft_gone)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, ctx->who->id);
		sqlite3_bind_int64(s, 2, ctx->id);
		sqlite3_bind_text(s, 3, store_draft_kind_name(DRAFT_RESOLUTION),
				  -1, SQLITE_STATIC);
		if (store_step_done(st, s, _("cannot delete the draft")) != STORE_OK)
			return STORE_ERROR;
	}
	/* The note whole in the audit row: it was cut at 600 bytes. */
	note = blank(ctx->arg) ? "" : ctx->arg;
	room = 64 + strlen(note);
	if ((detail = malloc(room)) == NULL)
		return store_fail(st, "%s", _("out of memory"));
	snprintf(detail, room, "%s -> %s%s%s",
		 store_status_name(ctx->h.status), store_status_name(ctx->to),
		 *note ? ": " : "", note);
	rc = store_audit(st, ctx->who, "status", ctx->id, ctx->h.customer_id,
			 detail);
	free(detail);
	return rc;
}

int store_complaint_set_status(struct store *st, const struct agent *who,
			       long long id, enum complaint_status to,
			       const char *note)
{
	struct claim_ctx ctx = { who, id, { ST_NEW, 0, "", 0 }, note, to, 0 };

	if (to < 0 || to >= ST_COUNT)
		return store_refuse(st, STORE_INVALID, _("no such state"));
	return store_tx_run(st, do_status, &ctx);
}

/* ---- replies and notes ---- */

static const char sql_reply_info[] =
	"SELECT customer_id, channel, subject FROM complaints WHERE id=?1";
static const char sql_insert_out[] =
	"INSERT INTO interactions(customer_id, complaint_id, channel, direction,"
	" agent_id, at, subject, body, history_seen_at)"
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id";
static const char sql_first_response[] =
	"UPDATE complaints SET first_response_at=coalesce(first_response_at, ?2),"
	" status=CASE WHEN status='new' THEN 'open' ELSE status END"
	" WHERE id=?1";
/* Whether a reply on channel ?1 to complaint ?3 of customer ?2 goes by
 * mail, and to what address. */
static const char sql_mail_to[] =
	"SELECT ch.delivery IS 'mail', cu.email FROM channels ch, customers cu"
	" WHERE ch.code=?1 AND cu.id=" STORE_CONTACT_OF("?3", "?2");
/* A reply on a channel that delivers waits in the outbox. */
static const char sql_queue_out[] =
	"INSERT INTO outbox(interaction_id, complaint_id, channel, transport,"
	" queued_at, next_at)"
	" SELECT ?1, ?2, code, delivery, ?3, ?3 FROM channels"
	" WHERE code=?4 AND delivery IS NOT NULL";
/* The files the agent attached go with what was written. */
static const char sql_take_attachments[] =
	"INSERT INTO attachments(interaction_id, name, content_type, size, data)"
	" SELECT ?1, name, content_type, size, data FROM draft_attachments"
	" WHERE agent_id=?2 AND complaint_id=?3 AND kind=?4 ORDER BY id";
static const char sql_drop_draft_attachments[] =
	"DELETE FROM draft_attachments WHERE agent_id=?1 AND complaint_id=?2 AND kind=?3";

struct reply_ctx {
	const struct agent *who;
	long long id;
	enum direction dir;
	const char *body;
	const struct history_look *look; /* the console's memory; NULL none */
	long long interaction_id;
};

static int do_reply(struct store *st, void *vctx)
{
	struct reply_ctx *ctx = vctx;
	const int reply = ctx->dir == DIR_OUT;
	struct holder h;
	sqlite3_stmt *s;
	char detail[128], when[32];
	const char *subject, *channel;
	long long seen = 0, customer_id;
	time_t tt;
	struct tm tm;
	int rc, found;

	rc = read_holder(st, ctx->id, &h);
	if (rc != STORE_OK)
		return rc;
	if (h.status == ST_CLOSED)
		return store_refuse(st, STORE_DENIED,
			      _("complaint %lld is closed: it takes no more replies or notes, "
				"and a closed complaint is never reopened"),
			      ctx->id);
	if (reply) {
		if (h.assignee_id != 0 && h.assignee_id != ctx->who->id &&
		    ctx->who->role != ROLE_SUPERVISOR)
			return store_refuse(st, STORE_DENIED,
				      _("complaint %lld is held by %s; only they can reply"),
				      ctx->id, h.login);
		if (store_history_seen_at(st, ctx->who->id, ctx->id, &seen) != STORE_OK)
			return STORE_ERROR;
		/*
		 * A row of history_seen is younger than every merge into the
		 * complaint's customer: a merge deletes the rows of the
		 * complaints it touches, in its own transaction.  The console's
		 * memory is not, when another process merged: orders drawn
		 * before a merge into the customer, or before the customer was
		 * merged into another record, are not the history the complaint
		 * has now.  The pair the console read before the orders says
		 * which; clocks, whole seconds and how long a merge took play
		 * no part.  A look timed after now (the clock was set back
		 * since) is recorded as now: the orders were on screen by then.
		 */
		if (seen == 0 && ctx->look != NULL && ctx->look->at > 0) {
			struct history_look now;
			long long at = ctx->look->at;
			const char *why;

			if ((rc = store_complaint_look(st, ctx->id, &now)) != STORE_OK)
				return rc;
			if ((why = store_history_look_stale(ctx->look, &now)) != NULL)
				return store_refuse(st, STORE_DENIED, "%s", why);
			if (at > store_now(st))
				at = store_now(st);
			if (store_history_mark_seen_at(st, ctx->who->id, ctx->id, at) != STORE_OK)
				return STORE_ERROR;
			seen = at;
		}
		if (seen == 0)
			return store_refuse(st, STORE_DENIED, "%s",
				      _("open the customer's order history first"));
		/* A look recorded at a time the clock has since been set back
		 * from came before this reply all the same. */
		if (seen > store_now(st))
			seen = store_now(st);
		if (h.assignee_id == 0 && is_open_status(h.status)) {
			int fresh;

			rc = claim_in_tx(st, ctx->who, ctx->id, &h, &fresh);
			if (rc != STORE_OK)
				return rc;
		}
	}
	if ((s = store_stmt(st, sql_reply_info)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, ctx->id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail_sqlite(st, _("cannot read the complaint"));
	}
	customer_id = sqlite3_column_int64(s, 0);
	channel = store_col_str(st, s, 1);
	/* The subject whole: a reply's was cut at 255 bytes. */
	subject = store_col_str(st, s, 2);
	sqlite3_reset(s);
	/* A reply by mail to no address would sit queued, then fail: said
	 * now, while the agent can still call instead. */
	if (reply && (s = store_stmt(st, sql_mail_to)) != NULL) {
		const char *to = NULL;
		int by_mail = 0;

		store_bind_text(s, 1, channel, 0);
		sqlite3_bind_int64(s, 2, customer_id);
		sqlite3_bind_int64(s, 3, ctx->id);
		if (sqlite3_step(s) == SQLITE_ROW) {
			by_mail = sqlite3_column_int(s, 0);
			to = (const char *)sqlite3_column_text(s, 1);
			by_mail = by_mail && !mail_address_ok(to);
		}
		sqlite3_reset(s);
		if (by_mail)
			return store_refuse(st, STORE_DENIED,
					    _("complaint %lld: the customer has no e-mail address a "
					      "reply can go to; call them and write a note, or correct "
					      "their address first"), ctx->id);
	} else if (reply) {
		return STORE_ERROR;
	}

	if ((s = store_stmt(st, sql_insert_out)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, customer_id);
	sqlite3_bind_int64(s, 2, ctx->id);
	store_bind_text(s, 3, channel, 0);
	sqlite3_bind_text(s, 4, reply ? "out" : "note", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, ctx->who->id);
	sqlite3_bind_int64(s, 6, store_now(st));
	store_bind_text(s, 7, subject, 1);
	store_bind_text(s, 8, ctx->body, 0);
	if (seen > 0)
		sqlite3_bind_int64(s, 9, seen);
	if (one_int(st, s, &ctx->interaction_id, &found,
		    _("cannot save the message")) != STORE_OK)
		return STORE_ERROR;
	if (reply) {
		if ((s = store_stmt(st, sql_queue_out)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, ctx->interaction_id);
		sqlite3_bind_int64(s, 2, ctx->id);
		sqlite3_bind_int64(s, 3, store_now(st));
		store_bind_text(s, 4, channel, 0);
		if (store_step_done(st, s, _("cannot queue the reply")) != STORE_OK)
			return STORE_ERROR;
		if ((s = store_stmt(st, sql_first_response)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, ctx->id);
		sqlite3_bind_int64(s, 2, store_now(st));
		if (store_step_done(st, s, _("cannot update the complaint")) != STORE_OK)
			return STORE_ERROR;
	}
	if ((s = store_stmt(st, sql_take_attachments)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, ctx->interaction_id);
	sqlite3_bind_int64(s, 2, ctx->who->id);
	sqlite3_bind_int64(s, 3, ctx->id);
	sqlite3_bind_text(s, 4, reply ? "reply" : "note", -1, SQLITE_STATIC);
	if (store_step_done(st, s, _("cannot save the message")) != STORE_OK)
		return STORE_ERROR;
	if ((s = store_stmt(st, sql_drop_draft_attachments)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, ctx->who->id);
	sqlite3_bind_int64(s, 2, ctx->id);
	sqlite3_bind_text(s, 3, reply ? "reply" : "note", -1, SQLITE_STATIC);
	if (store_step_done(st, s, _("cannot save the message")) != STORE_OK)
		return STORE_ERROR;
	if ((s = store_stmt(st, sql_draft_gone)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, ctx->who->id);
	sqlite3_bind_int64(s, 2, ctx->id);
	sqlite3_bind_text(s, 3, store_draft_kind_name(reply ? DRAFT_REPLY : DRAFT_NOTE),
			  -1, SQLITE_STATIC);
	if (store_step_done(st, s, _("cannot delete the draft")) != STORE_OK)
		return STORE_ERROR;
	if (reply) {
		tt = (time_t)seen;
		if (gmtime_r(&tt, &tm) == NULL ||
		    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
			snprintf(when, sizeof when, "%lld", seen);
		snprintf(detail, sizeof detail,
			 "interaction %lld; order history seen at %s",
			 ctx->interaction_id, when);
	} else {
		snprintf(detail, sizeof detail, "interaction %lld",
			 ctx->interaction_id);
	}
	return store_audit(st, ctx->who, reply ? "reply" : "note", ctx->id,
			   customer_id, detail);
}

int store_complaint_reply(struct store *st, const struct agent *who,
			  long long id, enum direction dir, const char *body,
			  long long *interaction_id)
{
	return store_complaint_reply_seen(st, who, id, dir, body, NULL,
					  interaction_id);
}

static const char sql_look[] =
	"SELECT c.customer_id, " STORE_MERGES_INTO("c.customer_id") ", "
	STORE_ORDER_CHANGES("c.customer_id")
	" FROM complaints c WHERE c.id=?1";
static const char sql_customer_look[] =
	"SELECT ?1, " STORE_MERGES_INTO("?1") ", " STORE_ORDER_CHANGES("?1");

static int read_look(struct store *st, const char *sql, long long id,
		     struct history_look *look, const char *what)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	long long v[3] = { 0, 0, 0 };
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = store_step_ints(st, s, v, 3, what);
	look->customer_id = v[0];
	look->merges = v[1];
	look->orders = v[2];
	return rc;
}

int store_complaint_look(struct store *st, long long id,
			 struct history_look *look)
{
	return read_look(st, sql_look, id, look, _("cannot read the complaint"));
}

int store_customer_look(struct store *st, long long id,
			struct history_look *look)
{
	return read_look(st, sql_customer_look, id, look,
			 _("cannot read the customer"));
}

const char *store_history_look_stale(const struct history_look *was,
				     const struct history_look *now)
{
	if (now->customer_id != was->customer_id)
		return _("the complaint has moved to another customer record since "
			 "the order history was on screen; open the customer's order "
			 "history again first");
	if (now->merges != was->merges)
		return _("another record was merged into this customer since their "
			 "order history was on screen; open the customer's order "
			 "history again first");
	if (now->orders != was->orders)
		return _("the customer's orders changed since their order history "
			 "was on screen; open the customer's order history again "
			 "first");
	return NULL;
}

int store_complaint_reply_seen(struct store *st, const struct agent *who,
			       long long id, enum direction dir,
			       const char *body, const struct history_look *look,
			       long long *interaction_id)
{
	struct reply_ctx ctx = { who, id, dir, body, look, 0 };
	int rc;

	if (dir != DIR_OUT && dir != DIR_NOTE)
		return store_refuse(st, STORE_INVALID, _("an agent writes replies and notes only"));
	if (blank(body))
		return store_refuse(st, STORE_INVALID,
			      dir == DIR_OUT ? _("the reply is empty") : _("the note is empty"));
	rc = store_tx_run(st, do_reply, &ctx);
	if (rc == STORE_OK && interaction_id != NULL)
		*interaction_id = ctx.interaction_id;
	return rc;
}
