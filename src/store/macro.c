/*
 * macro.c: macros in the database: saving a file's macros (all or
 * nothing), listing, reading and removing them, and applying one to a
 * complaint.
 *
 * Applying is one transaction that calls the complaint actions the rest
 * of the program uses (status, tag, claim, assign, note, reply): they
 * join this transaction (store_tx_run nests), so each keeps its own rule
 * and audit row, and a refusal by any of them undoes the whole macro on
 * that complaint.  Only the priority has no action of its own elsewhere;
 * it is set here, as the escalation rules set it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/complaint.h"
#include "temas/draft.h"
#include "temas/i18n.h"
#include "temas/macro.h"
#include "temas/tag.h"
#include "temas/template.h"

/* ---- saving ---- */

static const char sql_find[] = "SELECT id FROM macros WHERE name=?1";
static const char sql_drop[] = "DELETE FROM macros WHERE name=?1";
static const char sql_insert[] =
	"INSERT INTO macros(name, description, created_at, created_by)"
	" VALUES(?1, ?2, ?3, ?4) RETURNING id";
static const char sql_insert_act[] =
	"INSERT INTO macro_actions(macro_id, seq, kind, arg, text)"
	" VALUES(?1, ?2, ?3, ?4, ?5)";
static const char sql_template[] = "SELECT 1 FROM templates WHERE name=?1 LIMIT 1";

struct save_ctx {
	const char *login, *file;
	const struct macro *ms;
	int n, replace;
};

static int lookup(struct store *st, const char *sql, const char *v, long long *out)
{
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, v, 0);
	return store_step_ints(st, s, out, 1, _("cannot read the macros"));
}

/* What only the database can tell about an action: the login, the template. */
static int check_action(struct store *st, const struct save_ctx *c,
			const struct macro_action *a)
{
	struct agent ag;
	long long one;
	int rc;

	if (a->kind == MACRO_ASSIGN && strcmp(a->arg, "me") != 0 &&
	    strcmp(a->arg, "nobody") != 0) {
		rc = store_agent_by_login(st, a->arg, &ag);
		if (rc == STORE_NOTFOUND)
			return store_refuse(st, STORE_INVALID,
				      _("%s:%d: no active agent '%s' (assign takes me, nobody or a login)"),
				      c->file, a->line, a->arg);
		return rc;
	}
	if (a->kind == MACRO_REPLY) {
		rc = lookup(st, sql_template, a->arg, &one);
		if (rc == STORE_NOTFOUND)
			return store_refuse(st, STORE_INVALID,
				      _("%s:%d: no reply template '%s' ('temas templates list')"),
				      c->file, a->line, a->arg);
		return rc;
	}
	return STORE_OK;
}

static int save_one(struct store *st, const struct save_ctx *c,
		    const struct macro *m)
{
	sqlite3_stmt *s;
	long long id;
	int rc, i, existed;

	rc = lookup(st, sql_find, m->name, &id);
	existed = rc == STORE_OK;
	if (rc == STORE_OK && !c->replace)
		return store_refuse(st, STORE_INVALID,
			      _("%s:%d: there is already a macro '%s' (load with --replace to change it)"),
			      c->file, m->line, m->name);
	if (rc != STORE_OK && rc != STORE_NOTFOUND)
		return rc;
	if (rc == STORE_OK) {
		if ((s = store_stmt(st, sql_drop)) == NULL)
			return STORE_ERROR;
		store_bind_text(s, 1, m->name, 0);
		if (store_step_done(st, s, _("cannot save the macro")) != STORE_OK)
			return STORE_ERROR;
	}
	for (i = 0; i < m->nacts; i++)
		if ((rc = check_action(st, c, &m->acts[i])) != STORE_OK)
			return rc;
	if ((s = store_stmt(st, sql_insert)) == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, m->name, 0);
	store_bind_text(s, 2, m->description ? m->description : "", 0);
	sqlite3_bind_int64(s, 3, store_now(st));
	store_bind_text(s, 4, c->login ? c->login : "temas", 0);
	if (store_step_ints(st, s, &id, 1, _("cannot save the macro")) != STORE_OK)
		return STORE_ERROR;
	for (i = 0; i < m->nacts; i++) {
		const struct macro_action *a = &m->acts[i];

		if ((s = store_stmt(st, sql_insert_act)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, i + 1);
		sqlite3_bind_text(s, 3, macro_kind_name(a->kind), -1, SQLITE_STATIC);
		store_bind_text(s, 4, a->arg, 1);
		store_bind_text(s, 5, a->text, 1);
		if (store_step_done(st, s, _("cannot save the macro")) != STORE_OK)
			return STORE_ERROR;
	}
	/* The shipped set, loaded with a new database, is no one's act. */
	if (c->login == NULL)
		return STORE_OK;
	return store_audit_login(st, c->login, existed ? "macro-replace" : "macro-add",
				 0, 0, m->name);
}

static int do_save(struct store *st, void *vctx)
{
	const struct save_ctx *c = vctx;
	int i, rc;

	for (i = 0; i < c->n; i++)
		if ((rc = save_one(st, c, &c->ms[i])) != STORE_OK)
			return rc;
	return STORE_OK;
}

int store_macro_save(struct store *st, const char *login,
		     const struct macro *ms, int n, int replace,
		     const char *file)
{
	struct save_ctx c = { login, file ? file : "-", ms, n, replace };

	return store_tx_run(st, do_save, &c);
}

struct remove_ctx {
	const char *login, *name;
};

static int do_remove(struct store *st, void *vctx)
{
	struct remove_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_drop);

	if (s == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, c->name, 0);
	if (store_step_done(st, s, _("cannot remove the macro")) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(st->db) == 0)
		return store_refuse(st, STORE_NOTFOUND, _("no macro '%s' ('temas macro list')"),
			      c->name);
	return store_audit_login(st, c->login, "macro-remove", 0, 0, c->name);
}

int store_macro_remove(struct store *st, const char *login, const char *name)
{
	struct remove_ctx c = { login, name };

	return store_tx_run(st, do_remove, &c);
}

/* ---- reading ---- */

static const char sql_list[] =
	"SELECT m.name, m.description,"
	" (SELECT count(*) FROM macro_actions a WHERE a.macro_id=m.id)"
	" FROM macros m ORDER BY m.name";
static const char sql_get[] = "SELECT id, name, description FROM macros WHERE name=?1";
static const char sql_acts[] =
	"SELECT kind, arg, text FROM macro_actions WHERE macro_id=?1 ORDER BY seq";

static enum macro_kind kind_parse(const char *s)
{
	int k;

	for (k = 0; k < MACRO_KIND_COUNT; k++)
		if (s != NULL && strcmp(s, macro_kind_name((enum macro_kind)k)) == 0)
			return (enum macro_kind)k;
	return MACRO_NOTE;
}

int store_macro_list(struct store *st, struct macro **out, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_list);
	struct macro *ms = NULL;
	int cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&ms, *n, &cap, sizeof *ms) != STORE_OK)
			break;
		memset(&ms[*n], 0, sizeof ms[*n]);
		ms[*n].name = store_col_strdup(s, 0);
		ms[*n].description = store_col_strdup(s, 1);
		/* The count is shown; no actions are read for a list. */
		ms[*n].nacts = sqlite3_column_int(s, 2);
		(*n)++;
		if (ms[*n - 1].name == NULL || ms[*n - 1].description == NULL)
			break;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		macro_free_all(ms, *n);
		*n = 0;
		return rc == SQLITE_ROW ? store_fail(st, "%s", _("out of memory"))
			: store_fail_sqlite(st, _("cannot read the macros"));
	}
	*out = ms;
	return STORE_OK;
}

int store_macro_get(struct store *st, const char *name, struct macro *out)
{
	sqlite3_stmt *s = store_stmt(st, sql_get);
	long long id;
	int rc, cap = 0;

	memset(out, 0, sizeof *out);
	if (s == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, name, 0);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return store_refuse(st, STORE_NOTFOUND,
				      _("no macro '%s' ('temas macro list')"), name);
		return store_fail_sqlite(st, _("cannot read the macros"));
	}
	id = sqlite3_column_int64(s, 0);
	out->name = store_col_strdup(s, 1);
	out->description = store_col_strdup(s, 2);
	sqlite3_reset(s);
	if (out->name == NULL || out->description == NULL) {
		macro_free(out);
		return store_fail(st, "%s", _("out of memory"));
	}
	if ((s = store_stmt(st, sql_acts)) == NULL) {
		macro_free(out);
		return STORE_ERROR;
	}
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct macro_action *a;

		if (store_grow(st, (void **)&out->acts, out->nacts, &cap,
			       sizeof *out->acts) != STORE_OK)
			break;
		a = &out->acts[out->nacts++];
		memset(a, 0, sizeof *a);
		a->kind = kind_parse((const char *)sqlite3_column_text(s, 0));
		if (sqlite3_column_type(s, 1) != SQLITE_NULL &&
		    (a->arg = store_col_strdup(s, 1)) == NULL)
			break;
		if (sqlite3_column_type(s, 2) != SQLITE_NULL &&
		    (a->text = store_col_strdup(s, 2)) == NULL)
			break;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		macro_free(out);
		return rc == SQLITE_ROW ? store_fail(st, "%s", _("out of memory"))
			: store_fail_sqlite(st, _("cannot read the macros"));
	}
	return STORE_OK;
}

/* ---- applying ---- */

static const char sql_holder[] =
	"SELECT c.customer_id, coalesce(c.assignee_id,0), coalesce(a.login,''),"
	" c.status, c.priority"
	" FROM complaints c LEFT JOIN agents a ON a.id=c.assignee_id WHERE c.id=?1";
/* A macro applied counts as a change of the queue, whatever it did. */
static const char sql_queue_changed[] =
	"UPDATE changes SET n = n + 1 WHERE concern = 'queue'";

struct holder {
	long long customer, assignee;
	const char *login, *status, *priority;
};

static int read_holder(struct store *st, long long id, struct holder *h)
{
	sqlite3_stmt *s = store_stmt(st, sql_holder);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		h->customer = sqlite3_column_int64(s, 0);
		h->assignee = sqlite3_column_int64(s, 1);
		h->login = store_col_str(st, s, 2);
		h->status = store_col_str(st, s, 3);
		h->priority = store_col_str(st, s, 4);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return store_refuse(st, STORE_NOTFOUND, _("no complaint %lld"), id);
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot read the complaint"));
	return STORE_OK;
}

struct apply_ctx {
	const struct agent *who;
	const char *name;
	long long id;
	const struct history_look *look;
	struct macro m;
	struct macro_result res;
	char *detail;
	size_t used, room;
};

/* A draft the reply, note or resolution would discard: refuse rather
 * than lose it. */
static int keep_draft(struct store *st, const struct apply_ctx *c,
		      enum draft_kind kind)
{
	char *body = NULL;
	long long cursor;
	temas_time at;
	const char *p;
	int rc = store_draft_load(st, c->who->id, c->id, kind, &body, &cursor, &at);

	if (rc == STORE_NOTFOUND)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	for (p = body; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'; p++)
		;
	rc = *p != '\0';
	free(body);
	if (rc)
		return store_refuse(st, STORE_DENIED, kind == DRAFT_REPLY
			      ? _("complaint %lld: you have a reply draft on it; send or discard it first")
			      : kind == DRAFT_NOTE
			      ? _("complaint %lld: you have a note draft on it; send or discard it first")
			      : _("complaint %lld: you have a resolution note draft on it; resolve with it or discard it first"),
			      c->id);
	return STORE_OK;
}

static int do_assign(struct store *st, struct apply_ctx *c, const char *to)
{
	struct holder h;
	struct agent target, up;
	char holder[128];
	int rc;

	if (strcmp(to, "me") == 0)
		return store_complaint_claim(st, c->who, c->id, holder, sizeof holder);
	if ((rc = read_holder(st, c->id, &h)) != STORE_OK)
		return rc;
	if (strcmp(to, "nobody") == 0)
		return h.assignee == 0 ? STORE_OK
			: store_complaint_release(st, c->who, c->id);
	if (c->who->role == ROLE_SUPERVISOR)
		return store_complaint_assign(st, c->who, c->id, to);
	/* An agent may hand a complaint up to a supervisor through a macro a
	 * supervisor wrote (as an escalation rule does); never to an agent. */
	rc = store_agent_by_login(st, to, &target);
	if (rc == STORE_NOTFOUND)
		return store_refuse(st, STORE_NOTFOUND, _("no active agent '%s'"), to);
	if (rc != STORE_OK)
		return rc;
	if (target.role != ROLE_SUPERVISOR)
		return store_refuse(st, STORE_DENIED,
			      _("only a supervisor can hand a complaint to an agent; a macro an agent applies may hand it to a supervisor only"));
	up = *c->who;
	up.role = ROLE_SUPERVISOR;
	return store_complaint_assign(st, &up, c->id, to);
}

/* The new priority's targets come with it: the due times move too. */
static int do_priority(struct store *st, struct apply_ctx *c, const char *p)
{
	int changed;

	return store_sla_set_priority(st, c->id, p, &changed);
}

static int do_status(struct store *st, struct apply_ctx *c,
		     const struct macro_action *a)
{
	enum complaint_status to;
	struct holder h;
	int rc;

	if (store_status_parse(a->arg, &to) != STORE_OK)
		return store_refuse(st, STORE_INVALID, _("no such state"));
	if ((rc = read_holder(st, c->id, &h)) != STORE_OK)
		return rc;
	/* Already there: nothing to do (the state table has no self-loops). */
	if (strcmp(h.status, a->arg) == 0)
		return STORE_OK;
	if (to == ST_RESOLVED && (rc = keep_draft(st, c, DRAFT_RESOLUTION)) != STORE_OK)
		return rc;
	return store_complaint_set_status(st, c->who, c->id, to, a->text);
}

static int do_reply(struct store *st, struct apply_ctx *c,
		    const struct macro_action *a)
{
	char *body = NULL;
	long long iid = 0;
	int rc;

	if ((rc = keep_draft(st, c, DRAFT_REPLY)) != STORE_OK)
		return rc;
	if ((rc = store_template_render(st, a->arg, c->id, c->who, &body)) != STORE_OK)
		return rc;
	rc = store_complaint_reply_seen(st, c->who, c->id, DIR_OUT, body, c->look, &iid);
	free(body);
	if (rc == STORE_OK)
		c->res.reply_id = iid;
	return rc;
}

static int run_action(struct store *st, struct apply_ctx *c,
		      const struct macro_action *a)
{
	const char *one[1];
	int rc;

	switch (a->kind) {
	case MACRO_STATUS:
		return do_status(st, c, a);
	case MACRO_PRIORITY:
		return do_priority(st, c, a->arg);
	case MACRO_TAG:
	case MACRO_UNTAG:
		one[0] = a->arg;
		return store_complaint_tag(st, c->who, c->id,
					   a->kind == MACRO_TAG ? one : NULL,
					   a->kind == MACRO_TAG,
					   a->kind == MACRO_UNTAG ? one : NULL,
					   a->kind == MACRO_UNTAG);
	case MACRO_ASSIGN:
		return do_assign(st, c, a->arg);
	case MACRO_NOTE:
		if ((rc = keep_draft(st, c, DRAFT_NOTE)) != STORE_OK)
			return rc;
		return store_complaint_reply(st, c->who, c->id, DIR_NOTE, a->text, NULL);
	case MACRO_REPLY:
		return do_reply(st, c, a);
	default:
		return store_refuse(st, STORE_INVALID, "%s", _("no such action"));
	}
}

/* "wrong-item: tag wrong-item, priority high, note": what the audit keeps. */
static void note_action(struct apply_ctx *c, const struct macro_action *a)
{
	const char *arg = a->kind == MACRO_NOTE ? NULL : a->arg;
	int k = snprintf(c->detail + c->used, c->room - c->used, "%s%s%s%s",
			 c->used > strlen(c->name) + 1 ? ", " : " ",
			 macro_kind_name(a->kind), arg ? " " : "", arg ? arg : "");

	if (k > 0)
		c->used += (size_t)k < c->room - c->used ? (size_t)k : c->room - c->used - 1;
}

static int do_apply(struct store *st, void *vctx)
{
	struct apply_ctx *c = vctx;
	struct holder h;
	sqlite3_stmt *s;
	int i, rc;

	c->res.reply_id = 0;
	c->res.nacts = 0;
	if ((rc = read_holder(st, c->id, &h)) != STORE_OK)
		return rc;
	if (h.assignee != 0 && h.assignee != c->who->id &&
	    c->who->role != ROLE_SUPERVISOR)
		return store_refuse(st, STORE_CONFLICT, _("complaint %lld is held by %s"),
			      c->id, h.login);
	c->used = (size_t)snprintf(c->detail, c->room, "%s:", c->name);
	if (c->used >= c->room)
		c->used = c->room - 1;
	for (i = 0; i < c->m.nacts; i++) {
		if ((rc = run_action(st, c, &c->m.acts[i])) != STORE_OK)
			return rc;
		note_action(c, &c->m.acts[i]);
		c->res.nacts++;
	}
	if ((s = store_stmt(st, sql_queue_changed)) == NULL ||
	    store_step_done(st, s, _("cannot apply the macro")) != STORE_OK)
		return STORE_ERROR;
	return store_audit(st, c->who, "macro", c->id, h.customer, c->detail);
}

int store_macro_apply(struct store *st, const struct agent *who,
		      const char *name, long long id,
		      const struct history_look *look, struct macro_result *res)
{
	struct apply_ctx c;
	int rc, i;

	memset(&c, 0, sizeof c);
	c.who = who;
	c.name = name;
	c.id = id;
	c.look = look;
	if ((rc = store_macro_get(st, name, &c.m)) != STORE_OK)
		return rc;
	c.room = strlen(name) + 2;
	for (i = 0; i < c.m.nacts; i++)
		c.room += strlen(macro_kind_name(c.m.acts[i].kind)) + 4 +
			(c.m.acts[i].arg ? strlen(c.m.acts[i].arg) : 0);
	if ((c.detail = malloc(c.room)) == NULL) {
		macro_free(&c.m);
		return store_fail(st, "%s", _("out of memory"));
	}
	rc = store_tx_run(st, do_apply, &c);
	if (res != NULL)
		*res = c.res;
	free(c.detail);
	macro_free(&c.m);
	return rc;
}
