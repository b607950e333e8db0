/*
 * escalate.c: escalation rules and running them.
 *
 * A rule is due for an open complaint that is not waiting on the customer
 * (paused_at) when the rule's due time, less its warning time, has come:
 * the first response's while there is none yet, or the resolution's.
 * Acting inserts (rule, complaint) into escalations_fired first: its
 * primary key makes a second process's insert do nothing, and that
 * process then leaves the complaint alone, so each rule acts once per
 * complaint however many processes run it at the same moment.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/escalate.h"
#include "temas/i18n.h"
#include "temas/tag.h"
#include "temas/text.h"

/* Complaints acted on per transaction, and transactions per run: a new
 * rule over a large backlog is worked through in short writes. */
#define BATCH 200
#define ROUNDS 100

static const char *const prios[] = { "low", "normal", "high", "urgent" };
/* By enum escalate_action, as the table stores them. */
static const char *const actions[] = { "priority", "assign", "tag" };

static enum escalate_action action_parse(const char *s)
{
	if (s != NULL && strcmp(s, "assign") == 0)
		return ESC_ASSIGN;
	if (s != NULL && strcmp(s, "tag") == 0)
		return ESC_TAG;
	return ESC_PRIORITY;
}

static int prio_rank(const char *p)
{
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(p, prios[i]) == 0)
			return i;
	return -1;
}

/* ---- rules ---- */

static const char sql_add[] =
	"INSERT INTO escalation_rules(name, target, before_secs, channel, action,"
	" arg, created_at, created_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	" ON CONFLICT(name) DO NOTHING";
static const char sql_channel[] = "SELECT 1 FROM channels WHERE code=?1";
static const char sql_supervisor[] =
	"SELECT 1 FROM agents WHERE login=?1 AND role='supervisor' AND active";

struct add_ctx {
	const char *login;
	const struct escalate_rule *r;
};

static int exists(struct store *st, const char *sql, const char *v)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	long long one;
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, v, 0);
	rc = store_step_ints(st, s, &one, 1, _("cannot read the rules"));
	return rc;
}

static int do_add(struct store *st, void *vctx)
{
	struct add_ctx *c = vctx;
	const struct escalate_rule *r = c->r;
	sqlite3_stmt *s;
	char detail[512];
	int rc;

	if (r->channel != NULL && *r->channel != '\0') {
		rc = exists(st, sql_channel, r->channel);
		if (rc == STORE_NOTFOUND)
			return store_refuse(st, STORE_INVALID, _("unknown channel '%s'"), r->channel);
		if (rc != STORE_OK)
			return rc;
	}
	if (r->action == ESC_ASSIGN) {
		rc = exists(st, sql_supervisor, r->arg);
		if (rc == STORE_NOTFOUND)
			return store_refuse(st, STORE_INVALID,
				      _("'%s' is not an active supervisor"), r->arg);
		if (rc != STORE_OK)
			return rc;
	}
	if ((s = store_stmt(st, sql_add)) == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, r->name, 0);
	sqlite3_bind_text(s, 2, r->target == ESC_FIRST_RESPONSE ? "first_response"
			  : "resolution", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, r->before_secs);
	store_bind_text(s, 4, r->channel, 1);
	sqlite3_bind_text(s, 5, actions[r->action], -1, SQLITE_STATIC);
	store_bind_text(s, 6, r->arg, 0);
	sqlite3_bind_int64(s, 7, store_now(st));
	store_bind_text(s, 8, c->login, 0);
	if (store_step_done(st, s, _("cannot save the rule")) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(st->db) == 0)
		return store_refuse(st, STORE_INVALID, _("there is already a rule '%s'"), r->name);
	snprintf(detail, sizeof detail, "%.64s on %s before %llds channel %.32s %s %.64s",
		 r->name, r->target == ESC_FIRST_RESPONSE ? "first_response" : "resolution",
		 r->before_secs, r->channel && *r->channel ? r->channel : "*",
		 actions[r->action], r->arg);
	return store_audit_login(st, c->login, "escalation-add", 0, 0, detail);
}

int store_escalate_add(struct store *st, const char *login,
		       const struct escalate_rule *r)
{
	struct add_ctx c = { login, r };
	size_t i, n = r->name ? strlen(r->name) : 0;

	for (i = 0; i < n; i++)
		if (!((r->name[i] >= 'a' && r->name[i] <= 'z') ||
		      (r->name[i] >= '0' && r->name[i] <= '9') ||
		      r->name[i] == '-' || r->name[i] == '_'))
			break;
	if (n == 0 || n > 64 || i < n)
		return store_refuse(st, STORE_INVALID,
			      _("'%s' is not a rule name (a-z, 0-9, - and _)"),
			      r->name ? r->name : "");
	if (r->before_secs < 0)
		return store_refuse(st, STORE_INVALID, _("%s: the warning time cannot be negative"),
			      r->name);
	if (r->action != ESC_PRIORITY && r->action != ESC_ASSIGN && r->action != ESC_TAG)
		return store_refuse(st, STORE_INVALID, _("%s: no such action"), r->name);
	if (r->arg == NULL || (r->action == ESC_PRIORITY && strcmp(r->arg, "raise") != 0 &&
			       prio_rank(r->arg) < 0))
		return store_refuse(st, STORE_INVALID,
			      _("'%s' is not a priority (raise, low, normal, high, urgent)"),
			      r->arg ? r->arg : "");
	if (r->action == ESC_TAG) {
		const char *why;

		if (text_tag_check(r->arg, &why) != 0) {
			char *safe = text_sanitize(r->arg, strlen(r->arg), 0);

			snprintf(st->errmsg, sizeof st->errmsg, _("bad tag '%s': %s"),
				 safe ? safe : "?", why);
			free(safe);
			return STORE_INVALID;
		}
	}
	return store_tx_run(st, do_add, &c);
}

static const char sql_remove[] = "DELETE FROM escalation_rules WHERE name=?1";

struct remove_ctx {
	const char *login, *name;
};

static int do_remove(struct store *st, void *vctx)
{
	struct remove_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_remove);

	if (s == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, c->name, 0);
	if (store_step_done(st, s, _("cannot remove the rule")) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(st->db) == 0)
		return store_refuse(st, STORE_NOTFOUND, _("no rule '%s'"), c->name);
	return store_audit_login(st, c->login, "escalation-remove", 0, 0, c->name);
}

int store_escalate_remove(struct store *st, const char *login, const char *name)
{
	struct remove_ctx c = { login, name };

	return store_tx_run(st, do_remove, &c);
}

static const char sql_list[] =
	"SELECT name, target='resolution', before_secs, coalesce(channel,''),"
	" action, arg,"
	" (SELECT count(*) FROM escalations_fired f WHERE f.rule_id=r.id)"
	" FROM escalation_rules r ORDER BY name";

int store_escalate_list(struct store *st, struct escalate_rule **out, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_list);
	struct escalate_rule *rows = NULL;
	int cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&rows, *n, &cap, sizeof *rows) != STORE_OK) {
			sqlite3_reset(s);
			free(rows);
			*n = 0;
			return STORE_ERROR;
		}
		rows[*n].name = store_col_str(st, s, 0);
		rows[*n].target = sqlite3_column_int(s, 1) ? ESC_RESOLUTION : ESC_FIRST_RESPONSE;
		rows[*n].before_secs = sqlite3_column_int64(s, 2);
		rows[*n].channel = store_col_str(st, s, 3);
		rows[*n].action = action_parse((const char *)sqlite3_column_text(s, 4));
		rows[*n].arg = store_col_str(st, s, 5);
		rows[*n].fired = sqlite3_column_int64(s, 6);
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(rows);
		*n = 0;
		return store_fail_sqlite(st, _("cannot read the rules"));
	}
	*out = rows;
	return STORE_OK;
}

/* ---- running ---- */

#define SQL_DUE \
	" FROM escalation_rules r JOIN complaints c ON c.is_open" \
	"  AND c.paused_at IS NULL" \
	"  AND (r.channel IS NULL OR c.channel=r.channel)" \
	"  AND CASE r.target WHEN 'first_response' THEN" \
	"   c.first_response_at IS NULL AND c.first_response_due - r.before_secs <= ?1" \
	"   ELSE c.resolution_due - r.before_secs <= ?1 END" \
	" WHERE NOT EXISTS (SELECT 1 FROM escalations_fired f" \
	"  WHERE f.rule_id=r.id AND f.complaint_id=c.id)"

static const char sql_any_due[] = "SELECT EXISTS(SELECT 1" SQL_DUE ")";
static const char sql_due[] =
	"SELECT r.id, r.name, r.action, r.arg, c.id, c.customer_id, c.priority,"
	" r.before_secs" SQL_DUE " ORDER BY r.id, c.id LIMIT " "200";
static const char sql_fire[] =
	"INSERT INTO escalations_fired(rule_id, complaint_id, at) VALUES(?1, ?2, ?3)"
	" ON CONFLICT DO NOTHING";
static const char sql_priority[] = "SELECT priority FROM complaints WHERE id=?1";
static const char sql_add_tag[] =
	"INSERT OR IGNORE INTO complaint_tags(complaint_id, tag, added_at)"
	" VALUES(?1, ?2, ?3)";
/* Only to an agent still on the team (agent remove). */
static const char sql_set_assignee[] =
	"UPDATE complaints SET assignee_id=(SELECT id FROM agents WHERE login=?2 AND active)"
	" WHERE id=?1 AND EXISTS (SELECT 1 FROM agents WHERE login=?2 AND active)";

struct due_row {
	long long rule, id, customer, before;
	const char *name, *arg, *prio;
	enum escalate_action action;
};

static int act(struct store *st, const struct due_row *d, int *did)
{
	sqlite3_stmt *s = store_stmt(st, sql_fire);
	char detail[512];
	const char *to = NULL, *now_prio = d->prio;
	int from, want;

	*did = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, d->rule);
	sqlite3_bind_int64(s, 2, d->id);
	sqlite3_bind_int64(s, 3, store_now(st));
	if (store_step_done(st, s, _("cannot escalate")) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(st->db) == 0)
		return STORE_OK;        /* another process acted first */
	*did = 1;
	if (d->action == ESC_PRIORITY) {
		/* Another rule may have raised it in this transaction. */
		if ((s = store_stmt(st, sql_priority)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, d->id);
		if (sqlite3_step(s) == SQLITE_ROW)
			now_prio = store_col_str(st, s, 0);
		sqlite3_reset(s);
		from = prio_rank(now_prio);
		want = strcmp(d->arg, "raise") == 0 ? from + 1 : prio_rank(d->arg);
		if (want > 3)
			want = 3;
		if (want > from && from >= 0) {
			int moved;

			to = prios[want];
			/* The new priority's targets: its due times move too. */
			if (store_sla_set_priority(st, d->id, to, &moved) != STORE_OK)
				return STORE_ERROR;
		}
		snprintf(detail, sizeof detail, "rule %.64s (%s): priority %s -> %s",
			 d->name, d->before > 0 ? "warning" : "breach", now_prio,
			 to != NULL ? to : now_prio);
	} else if (d->action == ESC_TAG) {
		const char *tag;

		/* Under the spelling the team uses, kept first if new; a tag
		 * an agent put there already stays as it is. */
		if (store_tag_spelling(st, d->arg, 1, &tag) != STORE_OK ||
		    (s = store_stmt(st, sql_add_tag)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, d->id);
		store_bind_text(s, 2, tag, 0);
		sqlite3_bind_int64(s, 3, store_now(st));
		if (store_step_done(st, s, _("cannot escalate")) != STORE_OK)
			return STORE_ERROR;
		snprintf(detail, sizeof detail, "rule %.64s (%s): tag +%.140s",
			 d->name, d->before > 0 ? "warning" : "breach", d->arg);
	} else {
		if ((s = store_stmt(st, sql_set_assignee)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, d->id);
		store_bind_text(s, 2, d->arg, 0);
		if (store_step_done(st, s, _("cannot escalate")) != STORE_OK)
			return STORE_ERROR;
		snprintf(detail, sizeof detail, sqlite3_changes(st->db) > 0
			 ? "rule %.64s (%s): assigned to %.64s"
			 : "rule %.64s (%s): not assigned: %.64s is no longer an agent",
			 d->name, d->before > 0 ? "warning" : "breach", d->arg);
	}
	return store_audit(st, NULL, "escalate", d->id, d->customer, detail);
}

struct run_ctx {
	int fired, more;
};

static int do_run(struct store *st, void *vctx)
{
	struct run_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_due);
	struct due_row *rows;
	int n = 0, i, rc, did;

	c->more = 0;
	if (s == NULL)
		return STORE_ERROR;
	if ((rows = calloc(BATCH, sizeof *rows)) == NULL)
		return store_fail(st, _("out of memory"));
	sqlite3_bind_int64(s, 1, store_now(st));
	while (n < BATCH && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		rows[n].rule = sqlite3_column_int64(s, 0);
		rows[n].name = store_col_str(st, s, 1);
		rows[n].action = action_parse((const char *)sqlite3_column_text(s, 2));
		rows[n].arg = store_col_str(st, s, 3);
		rows[n].id = sqlite3_column_int64(s, 4);
		rows[n].customer = sqlite3_column_int64(s, 5);
		rows[n].prio = store_col_str(st, s, 6);
		rows[n].before = sqlite3_column_int64(s, 7);
		n++;
	}
	if (n < BATCH && rc != SQLITE_DONE) {
		sqlite3_reset(s);
		free(rows);
		return store_fail_sqlite(st, _("cannot read the rules"));
	}
	sqlite3_reset(s);
	for (i = 0; i < n; i++) {
		if (act(st, &rows[i], &did) != STORE_OK) {
			free(rows);
			return STORE_ERROR;
		}
		c->fired += did;
	}
	c->more = n == BATCH;
	free(rows);
	return STORE_OK;
}

int store_escalate_run(struct store *st, int *fired)
{
	sqlite3_stmt *s;
	struct run_ctx c = { 0, 0 };
	long long any = 0;
	int rc = STORE_OK, round, was;

	if (fired != NULL)
		*fired = 0;
	/* Reading first: with nothing due no write is made at all. */
	if ((s = store_stmt(st, sql_any_due)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, store_now(st));
	if ((rc = store_step_ints(st, s, &any, 1, _("cannot read the rules"))) != STORE_OK)
		return rc;
	/* Its own writes must not start it again (store_tx_run's hook). */
	was = st->escalating;
	st->escalating = 1;
	for (round = 0; any && round < ROUNDS; round++) {
		if ((rc = store_tx_run(st, do_run, &c)) != STORE_OK || !c.more)
			break;
	}
	st->escalating = was;
	if (fired != NULL)
		*fired = c.fired;
	return rc;
}

/* Once a minute is often enough for a due time counted in minutes, and
 * keeps the check off every keystroke's write. */
#define AFTER_WRITE_SECS 60

void store_escalate_after_write(struct store *st)
{
	char keep[sizeof st->errmsg];
	temas_time now = store_now(st);

	if (st->escalating || st->readonly || now < st->escalate_next)
		return;
	st->escalate_next = now + AFTER_WRITE_SECS;
	memcpy(keep, st->errmsg, sizeof keep);
	/* The write that called this has committed: a failure here (an old
	 * schema, a lock) waits for the next write, and says nothing. */
	(void)store_escalate_run(st, NULL);
	memcpy(st->errmsg, keep, sizeof keep);
}
