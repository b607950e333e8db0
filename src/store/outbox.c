/*
 * outbox.c: replies on their way out, and what became of them.
 *
 * Rows are queued by store_complaint_reply (complaint.c) in the reply's
 * own transaction.  Every change of state here is a compare-and-set on
 * the state (and, for a mail sender, on its claim), so two senders or
 * a sender and a gateway never both act on one message.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/i18n.h"
#include "temas/outbox.h"

/* The condition of the partial index outbox_due (migration 5), written
 * out where a state is asked for: SQLite uses a partial index only when
 * the query repeats its condition, and "state='queued'" alone read every
 * message ever sent. */
#define OUTBOX_WAITING "state IN ('queued','sending')"

#define OUTBOX_COLUMNS \
	"o.id, o.interaction_id, o.complaint_id, i.customer_id, o.channel," \
	" o.state, o.attempts, o.queued_at, o.next_at, coalesce(o.done_at,0)," \
	" coalesce(o.exit_status,-1), coalesce(o.message_id,'')," \
	" coalesce(cu.email,''), trim(cu.first_name || ' ' || cu.last_name)," \
	" coalesce(cu.ext_id, cu.phone, cu.email, ''), coalesce(i.subject, c.subject)," \
	" i.body," \
	/* The customer's last message before the reply. */ \
	" coalesce((SELECT x.ext_id FROM interactions x" \
	"   WHERE x.complaint_id=o.complaint_id AND x.direction='in'" \
	"   AND x.ext_id IS NOT NULL AND x.id < i.id" \
	"   AND (o.transport='gateway' OR x.ext_id LIKE '%@%')" \
	"   ORDER BY x.at DESC, x.id DESC LIMIT 1),'')," \
	/* Every message id of the thread, oldest first. */ \
	" coalesce((SELECT group_concat(mid, ' ') FROM (" \
	"   SELECT x.ext_id AS mid, x.at AS t, x.id AS k FROM interactions x" \
	"   WHERE x.complaint_id=o.complaint_id AND x.direction='in'" \
	"   AND x.ext_id LIKE '%@%' AND x.id < i.id" \
	"   UNION ALL SELECT y.message_id, z.at, z.id FROM outbox y" \
	"   JOIN interactions z ON z.id=y.interaction_id" \
	"   WHERE y.complaint_id=o.complaint_id AND y.message_id IS NOT NULL" \
	"   AND y.id < o.id ORDER BY t, k)),'')," \
	" coalesce(o.error,''), coalesce(o.external_id,'')," \
	/* The satisfaction question is temas's own, not an agent's. */ \
	" EXISTS(SELECT 1 FROM csat_questions q WHERE q.interaction_id=o.interaction_id)" \
	" FROM outbox o JOIN interactions i ON i.id=o.interaction_id" \
	" JOIN complaints c ON c.id=o.complaint_id" \
	" JOIN customers cu ON cu.id=" STORE_CONTACT_OF("o.complaint_id", "i.customer_id")

static const char sql_get[] = "SELECT " OUTBOX_COLUMNS " WHERE o.id=?1";
static const char sql_release_stale[] =
	"UPDATE outbox SET state='queued', claimed_by=NULL"
	" WHERE transport='mail' AND state='sending' AND claimed_at < ?1"
	" AND " OUTBOX_WAITING;
static const char sql_next_due[] =
	"SELECT id FROM outbox WHERE transport='mail' AND state='queued'"
	" AND " OUTBOX_WAITING " AND next_at <= ?1 ORDER BY next_at, id LIMIT 1";
static const char sql_reply_due[] =
	"SELECT id FROM outbox WHERE transport='mail' AND state='queued'"
	" AND next_at <= ?1 AND interaction_id=?2";
static const char sql_claim[] =
	"UPDATE outbox SET state='sending', claimed_by=?2, claimed_at=?3,"
	" attempts=attempts+1, message_id=coalesce(message_id, ?4)"
	" WHERE id=?1 AND state='queued'";
static const char sql_finish[] =
	"UPDATE outbox SET state=?3, done_at=CASE WHEN ?3='queued' THEN NULL ELSE ?4 END,"
	" next_at=coalesce(?5, next_at), exit_status=?6, error=?7, claimed_by=NULL"
	" WHERE id=?1 AND state='sending' AND claimed_by=?2";
static const char sql_pending[] =
	"SELECT " OUTBOX_COLUMNS " WHERE o.transport='gateway' AND o.channel=?1"
	" AND o.state='queued' AND o." OUTBOX_WAITING " AND o.next_at <= ?2"
	" ORDER BY o.queued_at, o.id";
static const char sql_gateway_state[] =
	"SELECT state='queued' FROM outbox WHERE id=?1 AND transport='gateway'";
static const char sql_gateway_done[] =
	"UPDATE outbox SET state=?2, done_at=?3, external_id=?4, error=?5"
	" WHERE id=?1 AND transport='gateway' AND state='queued'";
static const char sql_bounce[] =
	"UPDATE outbox SET state='failed', done_at=?2, error=?3"
	" WHERE message_id=?1 RETURNING id";
static const char sql_failed_list[] =
	"SELECT " OUTBOX_COLUMNS " WHERE o.state='failed'"
	" ORDER BY o.done_at DESC, o.id DESC";

static const char sql_state[] =
	"SELECT state, transport='mail' FROM outbox WHERE interaction_id=?1";
static const char sql_delivers[] =
	"SELECT delivery IS NOT NULL FROM channels WHERE code=?1";

int store_channel_delivers(struct store *st, const char *code, int *delivers)
{
	sqlite3_stmt *s = store_stmt(st, sql_delivers);
	long long v = 0;
	int rc;

	*delivers = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
	rc = store_step_ints(st, s, &v, 1, _("cannot read the channels"));
	*delivers = rc == STORE_OK && v != 0;
	if (rc == STORE_NOTFOUND)
		store_fail(st, _("no channel '%s'"), code);
	return rc;
}

static const char sql_error[] =
	"SELECT nullif(error, '') FROM outbox WHERE interaction_id=?1";

char *store_outbox_error(struct store *st, long long interaction_id)
{
	sqlite3_stmt *s = store_stmt(st, sql_error);
	char *e = NULL;

	if (s == NULL)
		return NULL;
	sqlite3_bind_int64(s, 1, interaction_id);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		e = store_col_strdup(s, 0);
	sqlite3_reset(s);
	return e;
}

int store_outbox_state(struct store *st, long long interaction_id, char *buf,
		       size_t n, int *by_mail)
{
	sqlite3_stmt *s = store_stmt(st, sql_state);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, interaction_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_col_text(s, 0, buf, n);
		if (by_mail)
			*by_mail = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	return rc == SQLITE_DONE ? STORE_NOTFOUND
				 : store_fail_sqlite(st, _("cannot read the outbox"));
}

void outbox_item_clear(struct outbox_item *it)
{
	free(it->message_id);
	free(it->to_addr);
	free(it->to_name);
	free(it->handle);
	free(it->subject);
	free(it->body);
	free(it->in_reply_to);
	free(it->references);
	free(it->error);
	free(it->external_id);
	memset(it, 0, sizeof *it);
}

static int read_item(struct store *st, sqlite3_stmt *s, struct outbox_item *it)
{
	memset(it, 0, sizeof *it);
	it->id = sqlite3_column_int64(s, 0);
	it->interaction_id = sqlite3_column_int64(s, 1);
	it->complaint_id = sqlite3_column_int64(s, 2);
	it->customer_id = sqlite3_column_int64(s, 3);
	store_col_text(s, 4, it->channel, sizeof it->channel);
	store_col_text(s, 5, it->state, sizeof it->state);
	it->attempts = sqlite3_column_int(s, 6);
	it->queued_at = sqlite3_column_int64(s, 7);
	it->next_at = sqlite3_column_int64(s, 8);
	it->done_at = sqlite3_column_int64(s, 9);
	it->exit_status = sqlite3_column_int(s, 10);
	it->message_id = store_col_strdup(s, 11);
	it->to_addr = store_col_strdup(s, 12);
	it->to_name = store_col_strdup(s, 13);
	it->handle = store_col_strdup(s, 14);
	it->subject = store_col_strdup(s, 15);
	it->body = store_col_strdup(s, 16);
	it->in_reply_to = store_col_strdup(s, 17);
	it->references = store_col_strdup(s, 18);
	it->error = store_col_strdup(s, 19);
	it->external_id = store_col_strdup(s, 20);
	it->auto_generated = sqlite3_column_int(s, 21);
	if (!it->message_id || !it->to_addr || !it->to_name || !it->handle ||
	    !it->subject || !it->body || !it->in_reply_to || !it->references ||
	    !it->error || !it->external_id) {
		outbox_item_clear(it);
		return store_fail(st, "%s", _("out of memory"));
	}
	return STORE_OK;
}

static int get_one(struct store *st, long long id, struct outbox_item *out)
{
	sqlite3_stmt *s = store_stmt(st, sql_get);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		rc = read_item(st, s, out);
	else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_fail_sqlite(st, _("cannot read the outbox"));
	sqlite3_reset(s);
	return rc;
}

int store_outbox_get(struct store *st, long long id, struct outbox_item *out)
{
	int rc = get_one(st, id, out);

	if (rc == STORE_NOTFOUND)
		store_fail(st, _("no outbox message %lld"), id);
	return rc;
}

struct claim_ctx {
	const char *claimer, *message_id;
	long long lease, interaction_id;     /* 0: the next due, whoever's */
	struct outbox_item *out;
};

static int claim_tx(struct store *st, void *vctx)
{
	struct claim_ctx *ctx = vctx;
	long long now = store_now(st), id;
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, sql_release_stale)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, now - ctx->lease);
	if (store_step_done(st, s, _("cannot read the outbox")) != STORE_OK)
		return STORE_ERROR;
	if ((s = store_stmt(st, ctx->interaction_id ? sql_reply_due : sql_next_due)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, now);
	if (ctx->interaction_id)
		sqlite3_bind_int64(s, 2, ctx->interaction_id);
	rc = store_step_ints(st, s, &id, 1, _("cannot read the outbox"));
	if (rc != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_claim)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, ctx->claimer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_text(s, 4, ctx->message_id, -1, SQLITE_STATIC);
	if (store_step_done(st, s, _("cannot claim the message")) != STORE_OK)
		return STORE_ERROR;
	return get_one(st, id, ctx->out);
}

int store_outbox_claim(struct store *st, const char *claimer,
		       const char *message_id, long long lease,
		       struct outbox_item *out)
{
	struct claim_ctx ctx = { claimer, message_id, lease, 0, out };

	memset(out, 0, sizeof *out);
	return store_tx_run(st, claim_tx, &ctx);
}

int store_outbox_claim_reply(struct store *st, const char *claimer,
			     const char *message_id, long long lease,
			     long long interaction_id, struct outbox_item *out)
{
	struct claim_ctx ctx = { claimer, message_id, lease, interaction_id, out };

	memset(out, 0, sizeof *out);
	return store_tx_run(st, claim_tx, &ctx);
}

struct finish_ctx {
	long long id;
	const char *claimer, *state, *error;
	long long next_at;       /* 0: unchanged */
	int exit_status;         /* -1: none */
};

static int finish_tx(struct store *st, void *vctx)
{
	struct finish_ctx *ctx = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_finish);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, ctx->id);
	sqlite3_bind_text(s, 2, ctx->claimer, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, ctx->state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, store_now(st));
	if (ctx->next_at)
		sqlite3_bind_int64(s, 5, ctx->next_at);
	if (ctx->exit_status >= 0)
		sqlite3_bind_int(s, 6, ctx->exit_status);
	store_bind_text(s, 7, ctx->error, 1);
	if (store_step_done(st, s, _("cannot record the delivery")) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(st->db) == 0) {
		store_fail(st, _("outbox message %lld is no longer claimed by this sender"),
			   ctx->id);
		return STORE_CONFLICT;
	}
	return STORE_OK;
}

int store_outbox_sent(struct store *st, long long id, const char *claimer)
{
	struct finish_ctx ctx = { id, claimer, "sent", NULL, 0, -1 };

	return store_tx_run(st, finish_tx, &ctx);
}

int store_outbox_retry(struct store *st, long long id, const char *claimer,
		       long long next_at, int exit_status, const char *error)
{
	struct finish_ctx ctx = { id, claimer, "queued", error, next_at, exit_status };

	return store_tx_run(st, finish_tx, &ctx);
}

int store_outbox_failed(struct store *st, long long id, const char *claimer,
			int exit_status, const char *error)
{
	struct finish_ctx ctx = { id, claimer, "failed", error, 0, exit_status };

	return store_tx_run(st, finish_tx, &ctx);
}

static int read_list(struct store *st, sqlite3_stmt *s, struct outbox_item **rows,
		     int *n)
{
	struct outbox_item *v = NULL;
	int cap = 0, rc;

	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&v, *n, &cap, sizeof *v) != STORE_OK ||
		    read_item(st, s, &v[*n]) != STORE_OK) {
			rc = SQLITE_NOMEM;
			break;
		}
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		while (*n > 0)
			outbox_item_clear(&v[--(*n)]);
		free(v);
		return rc == SQLITE_NOMEM ? store_fail(st, "%s", _("out of memory"))
					  : store_fail_sqlite(st, _("cannot read the outbox"));
	}
	*rows = v;
	return STORE_OK;
}

int store_outbox_pending(struct store *st, const char *channel,
			 struct outbox_item **rows, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_pending);

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, channel, -1, SQLITE_STATIC);
	/* A message due later (a satisfaction question) is not handed over
	 * before its time. */
	sqlite3_bind_int64(s, 2, store_now(st));
	return read_list(st, s, rows, n);
}

struct gateway_ctx {
	long long id;
	const char *state, *external_id, *reason;
};

static int gateway_tx(struct store *st, void *vctx)
{
	struct gateway_ctx *ctx = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_gateway_state);
	long long queued;
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, ctx->id);
	rc = store_step_ints(st, s, &queued, 1, _("cannot read the outbox"));
	if (rc == STORE_NOTFOUND) {
		store_fail(st, _("no gateway message %lld in the outbox"), ctx->id);
		return rc;
	}
	if (rc != STORE_OK)
		return rc;
	if (!queued) {
		store_fail(st, _("outbox message %lld was acknowledged or failed before"),
			   ctx->id);
		return STORE_CONFLICT;
	}
	if ((s = store_stmt(st, sql_gateway_done)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, ctx->id);
	sqlite3_bind_text(s, 2, ctx->state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, store_now(st));
	store_bind_text(s, 4, ctx->external_id, 1);
	store_bind_text(s, 5, ctx->reason, 1);
	return store_step_done(st, s, _("cannot record the delivery"));
}

int store_outbox_ack(struct store *st, long long id, const char *external_id)
{
	struct gateway_ctx ctx = { id, "sent", external_id, NULL };

	return store_tx_run(st, gateway_tx, &ctx);
}

int store_outbox_fail(struct store *st, long long id, const char *reason)
{
	struct gateway_ctx ctx = { id, "failed", NULL, reason };

	if (reason == NULL || *reason == '\0') {
		store_fail(st, "%s", _("a failure needs a reason"));
		return STORE_INVALID;
	}
	return store_tx_run(st, gateway_tx, &ctx);
}

struct bounce_ctx {
	const char *message_id, *reason;
	long long id;
};

static int bounce_tx(struct store *st, void *vctx)
{
	struct bounce_ctx *ctx = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_bounce);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, ctx->message_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, store_now(st));
	store_bind_text(s, 3, ctx->reason, 0);
	rc = store_step_ints(st, s, &ctx->id, 1, _("cannot record the bounce"));
	if (rc == STORE_NOTFOUND)
		store_fail(st, "%s", _("the bounce is for no message of ours"));
	return rc;
}

int store_outbox_bounce(struct store *st, const char *message_id,
			const char *reason, long long *outbox_id)
{
	struct bounce_ctx ctx = { message_id, reason, 0 };
	int rc = store_tx_run(st, bounce_tx, &ctx);

	if (rc == STORE_OK && outbox_id)
		*outbox_id = ctx.id;
	return rc;
}

int store_outbox_failed_list(struct store *st, struct outbox_item **rows,
			     int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_failed_list);

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	return read_list(st, s, rows, n);
}
