/*
 * agent.c: agents, the append-only audit log, and the history-seen record
 * that backs the product's rule "no reply without the order history seen".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/i18n.h"
#include "temas/text.h"

static const char sql_by_login[] =
	"SELECT id, login, name, role, active FROM agents"
	" WHERE login=?1 AND active=1";
static const char sql_by_id[] =
	"SELECT id, login, name, role, active FROM agents WHERE id=?1";
static const char sql_list[] =
	"SELECT id, login, name, role, active FROM agents ORDER BY login";
static const char sql_upsert[] =
	"INSERT INTO agents(login, name, role, active, created_at)"
	" VALUES(?1, ?2, ?3, 1, ?4)"
	" ON CONFLICT(login) DO UPDATE SET name=excluded.name,"
	"  role=excluded.role, active=1"
	" RETURNING id";
/* An agent brought back keeps the name they had unless given one (?5). */
static const char sql_insert[] =
	"INSERT INTO agents(login, name, role, active, created_at)"
	" VALUES(?1, ?2, ?3, 1, ?4)"
	" ON CONFLICT(login) DO UPDATE SET name=CASE WHEN ?5 THEN excluded.name ELSE name END,"
	"  role=excluded.role, active=1 WHERE active=0"
	" RETURNING id";
static const char sql_set[] =
	"UPDATE agents SET name=coalesce(?2, name), role=coalesce(?3, role)"
	" WHERE id=?1";
static const char sql_other_supervisors[] =
	"SELECT count(*) FROM agents"
	" WHERE role='supervisor' AND active=1 AND login<>?1";
static const char sql_count[] = "SELECT count(*) FROM agents";
static const char sql_gateway_add[] =
	"INSERT INTO gateways(login, created_at) VALUES(?1, ?2)"
	" ON CONFLICT(login) DO NOTHING";
static const char sql_gateway_is[] =
	"SELECT 1 FROM gateways WHERE login=?1";
static const char sql_gateway_list[] =
	"SELECT login FROM gateways ORDER BY login";
/* A row in the name of an agent taken off the team is not written
 * (store_agent_remove): nothing is done in their name any more. */
static const char sql_audit[] =
	"INSERT INTO audit(at, agent_id, login, action, complaint_id,"
	" customer_id, detail) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7"
	" WHERE ?2 IS NULL OR (SELECT active FROM agents WHERE id=?2)";
static const char sql_held_open[] =
	"SELECT id, customer_id FROM complaints"
	" WHERE assignee_id=?1 AND is_open ORDER BY id";
static const char sql_unassign[] =
	"UPDATE complaints SET assignee_id=NULL WHERE id=?1";
static const char sql_deactivate[] =
	"UPDATE agents SET active=0 WHERE id=?1";
static const char sql_presence_gone[] =
	"DELETE FROM presence WHERE agent_id=?1";
static const char sql_gateway_remove[] =
	"DELETE FROM gateways WHERE login=?1";
static const char sql_seen[] =
	"INSERT INTO history_seen(agent_id, complaint_id, at) VALUES(?1, ?2, ?3)"
	" ON CONFLICT(agent_id, complaint_id) DO UPDATE SET at=excluded.at";
static const char sql_seen_at[] =
	"SELECT at FROM history_seen WHERE agent_id=?1 AND complaint_id=?2";

static void read_agent(struct store *st, sqlite3_stmt *s, struct agent *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(s, 0);
	a->login = store_col_str(st, s, 1);
	a->name = store_col_str(st, s, 2);
	a->role = strcmp((const char *)sqlite3_column_text(s, 3), "supervisor") == 0
			  ? ROLE_SUPERVISOR : ROLE_AGENT;
	a->active = sqlite3_column_int(s, 4);
}

static int get_one(struct store *st, sqlite3_stmt *s, struct agent *out)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW) {
		read_agent(st, s, out);
		sqlite3_reset(s);
		return STORE_OK;
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return store_fail_sqlite(st, _("cannot read agents"));
}

int store_agent_by_login(struct store *st, const char *login, struct agent *out)
{
	sqlite3_stmt *s = store_stmt(st, sql_by_login);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, login, -1, SQLITE_TRANSIENT);
	return get_one(st, s, out);
}

int store_agent_by_id(struct store *st, long long id, struct agent *out)
{
	sqlite3_stmt *s = store_stmt(st, sql_by_id);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return get_one(st, s, out);
}

/* A login refused by store_login_valid, named in the message. */
static int fail_login(struct store *st, const char *login)
{
	return store_fail(st, _("'%s' is not a Unix login (letters, digits, '.', '_', '-'; "
				"at most 32 characters; not starting with '-')"),
			  login ? login : "");
}

struct upsert_ctx {
	const char *login, *name;
	enum agent_role role;
	long long *id_out;
};

/*
 * STORE_DENIED when login is an active supervisor and no other active
 * supervisor is left: the team would have no one to add or change agents.
 */
static int keep_a_supervisor(struct store *st, const char *login)
{
	sqlite3_stmt *s = store_stmt(st, sql_other_supervisors);
	struct agent cur;
	long long others = 0;
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	rc = store_agent_by_login(st, login, &cur);
	if (rc == STORE_NOTFOUND || (rc == STORE_OK && cur.role != ROLE_SUPERVISOR))
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_text(s, 1, login, -1, SQLITE_TRANSIENT);
	if ((rc = store_step_ints(st, s, &others, 1, _("cannot read agents"))) != STORE_OK)
		return rc;
	if (others > 0)
		return STORE_OK;
	return store_refuse(st, STORE_DENIED,
			    _("%s is the last active supervisor and stays one; "
			      "make another agent a supervisor first"), login);
}

/* Insert or update the agent of c with s (sql_upsert or sql_insert):
 * login, name (the login when none), role, now; its id into c->id_out.
 * The step's result code. */
static int step_agent(struct store *st, sqlite3_stmt *s,
		      const struct upsert_ctx *c)
{
	int rc;

	sqlite3_bind_text(s, 1, c->login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, c->name && *c->name ? c->name : c->login, -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, c->role == ROLE_SUPERVISOR ? "supervisor" : "agent",
			  -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, store_now(st));
	if (sqlite3_bind_parameter_count(s) >= 5)
		sqlite3_bind_int(s, 5, c->name != NULL && *c->name != '\0');
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && c->id_out != NULL)
		*c->id_out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc;
}

static int do_upsert(struct store *st, void *vctx)
{
	struct upsert_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_upsert);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	if (c->role != ROLE_SUPERVISOR &&
	    (rc = keep_a_supervisor(st, c->login)) != STORE_OK)
		return rc;
	rc = step_agent(st, s, c);
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot save agent"));
	return STORE_OK;
}

static int check_login_name(struct store *st, const char *login, const char *name)
{
	if (!store_login_valid(login))
		return fail_login(st, login);
	if (name != NULL && !store_name_valid(name))
		return store_fail(st, _("an agent's name must be UTF-8 text of at most %d bytes "
					"without control characters"), STORE_NAME_MAX);
	return STORE_OK;
}

int store_agent_upsert(struct store *st, const char *login, const char *name,
		       enum agent_role role, long long *id_out)
{
	struct upsert_ctx c = { login, name, role, id_out };
	int rc = check_login_name(st, login, name);

	if (rc != STORE_OK)
		return rc;
	return store_tx_run(st, do_upsert, &c);
}

static int do_add(struct store *st, void *vctx)
{
	struct upsert_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_insert);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	rc = step_agent(st, s, c);
	if (rc == SQLITE_DONE) {
		/* The login is an active agent: the WHERE kept its row. */
		struct agent cur;

		if ((rc = store_agent_by_login(st, c->login, &cur)) != STORE_OK)
			return rc;
		return store_refuse(st, STORE_CONFLICT,
				    _("%s is already an agent (%s, %s); 'temas agent set' "
				      "changes a name or a role"), c->login,
				    cur.role == ROLE_SUPERVISOR ? _("supervisor") : _("agent"),
				    cur.name);
	}
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot save agent"));
	return STORE_OK;
}

int store_agent_add(struct store *st, const char *login, const char *name,
		    enum agent_role role, long long *id_out)
{
	struct upsert_ctx c = { login, name, role, id_out };
	int rc = check_login_name(st, login, name);

	return rc != STORE_OK ? rc : store_tx_run(st, do_add, &c);
}

struct set_ctx {
	const char *login, *name;
	int role;
};

static int do_set(struct store *st, void *vctx)
{
	struct set_ctx *c = vctx;
	struct agent cur;
	sqlite3_stmt *s;
	int rc = store_agent_by_login(st, c->login, &cur);

	if (rc == STORE_NOTFOUND)
		return store_refuse(st, STORE_NOTFOUND, _("no active agent '%s'"), c->login);
	if (rc != STORE_OK)
		return rc;
	if (c->role == ROLE_AGENT && (rc = keep_a_supervisor(st, c->login)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_set)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, cur.id);
	if (c->name != NULL)
		sqlite3_bind_text(s, 2, c->name, -1, SQLITE_TRANSIENT);
	if (c->role >= 0)
		sqlite3_bind_text(s, 3, c->role == ROLE_SUPERVISOR ? "supervisor" : "agent",
				  -1, SQLITE_STATIC);
	return store_step_done(st, s, _("cannot save agent"));
}

int store_agent_set(struct store *st, const char *login, const char *name, int role)
{
	struct set_ctx c = { login, name, role };
	int rc = check_login_name(st, login, name);

	return rc != STORE_OK ? rc : store_tx_run(st, do_set, &c);
}

struct remove_ctx {
	const struct agent *who;
	const char *login;
	long long released;
};

/* The open complaints agent holds, as pairs of complaint and customer
 * ids, into a new array of 2 * *n. */
static int held_open(struct store *st, long long agent, long long **out,
		     int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_held_open);
	int cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, agent);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)out, *n, &cap, 2 * sizeof **out) != STORE_OK) {
			sqlite3_reset(s);
			return STORE_ERROR;
		}
		(*out)[2 * *n] = sqlite3_column_int64(s, 0);
		(*out)[2 * *n + 1] = sqlite3_column_int64(s, 1);
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read the complaints an agent holds"));
	return STORE_OK;
}

static int step_id(struct store *st, const char *sql, long long id,
		   const char *what)
{
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return store_step_done(st, s, what);
}

static int do_remove(struct store *st, void *vctx)
{
	struct remove_ctx *c = vctx;
	struct agent cur;
	long long *held = NULL;
	int n = 0, i, rc = store_agent_by_login(st, c->login, &cur);

	c->released = 0;
	if (rc == STORE_NOTFOUND)
		return store_refuse(st, STORE_NOTFOUND, _("no active agent '%s'"), c->login);
	if (rc == STORE_OK)
		rc = keep_a_supervisor(st, c->login);
	if (rc == STORE_OK)
		rc = held_open(st, cur.id, &held, &n);
	/* Every row is written before the agent leaves: a supervisor may
	 * take themselves off, and nothing is written in a removed name. */
	for (i = 0; rc == STORE_OK && i < n; i++) {
		rc = step_id(st, sql_unassign, held[2 * i], _("cannot release the complaint"));
		if (rc == STORE_OK)
			rc = store_audit(st, c->who, "release", held[2 * i],
					 held[2 * i + 1], cur.login);
	}
	free(held);
	if (rc == STORE_OK)
		rc = store_audit(st, c->who, "agent-remove", 0, 0, cur.login);
	if (rc == STORE_OK)
		rc = step_id(st, sql_presence_gone, cur.id, _("cannot save agent"));
	if (rc == STORE_OK)
		rc = step_id(st, sql_deactivate, cur.id, _("cannot save agent"));
	if (rc == STORE_OK)
		c->released = (long long)n;
	return rc;
}

int store_agent_remove(struct store *st, const struct agent *who,
		       const char *login, long long *released)
{
	struct remove_ctx c = { who, login, 0 };
	int rc;

	if (!store_login_valid(login))
		return fail_login(st, login);
	if (who == NULL || who->role != ROLE_SUPERVISOR)
		return store_refuse(st, STORE_DENIED,
				    _("only a supervisor can take agents off the team"));
	rc = store_tx_run(st, do_remove, &c);
	if (released != NULL)
		*released = rc == STORE_OK ? c.released : 0;
	return rc;
}

static int do_gateway_remove(struct store *st, void *login)
{
	sqlite3_stmt *s = store_stmt(st, sql_gateway_remove);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, login, -1, SQLITE_TRANSIENT);
	if (store_step_done(st, s, _("cannot remove a gateway account")) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(st->db) == 0)
		return store_refuse(st, STORE_NOTFOUND, _("no gateway account '%s'"),
				    (const char *)login);
	return STORE_OK;
}

/* fn on a gateway login, in a transaction, once the login is checked. */
static int gateway_tx(struct store *st, const char *login,
		      int (*fn)(struct store *, void *))
{
	if (!store_login_valid(login))
		return fail_login(st, login);
	return store_tx_run(st, fn, (void *)login);
}

int store_gateway_remove(struct store *st, const char *login)
{
	return gateway_tx(st, login, do_gateway_remove);
}

/*
 * The rules useradd(8) and POSIX hold a portable login to: letters, digits,
 * '.', '_' and '-', not starting with '-', at most 32 bytes (a trailing '$'
 * is allowed for machine accounts).  A login that passes can be printed
 * anywhere without escaping.
 */
int store_login_valid(const char *login)
{
	size_t i, n = login ? strlen(login) : 0;

	if (n == 0 || n > 32 || login[0] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)login[i];

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-')
			continue;
		if (ch == '$' && i == n - 1 && n > 1)
			continue;
		return 0;
	}
	return strcmp(login, ".") != 0 && strcmp(login, "..") != 0;
}

int store_name_valid(const char *name)
{
	size_t n = strlen(name);
	const unsigned char *p;

	if (n > STORE_NAME_MAX || !text_validate_utf8(name, n))
		return 0;
	for (p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	/* C1 controls (U+0080..U+009F) are C2 80..C2 9F in UTF-8. */
	for (p = (const unsigned char *)name; *p; p++)
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
	return 1;
}

int store_agent_count(struct store *st, long long *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_count);

	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	return store_step_ints(st, s, n, 1, _("cannot read agents"));
}

static int do_gateway_add(struct store *st, void *login)
{
	sqlite3_stmt *s = store_stmt(st, sql_gateway_add);
	struct agent cur;
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	/* An active agent may file messages already: one login, one kind. */
	rc = store_agent_by_login(st, login, &cur);
	if (rc == STORE_OK && cur.active)
		return store_refuse(st, STORE_CONFLICT,
				    _("%s is already an agent, who may file messages too; "
				      "a gateway account is a login of its own"),
				    (const char *)login);
	if (rc != STORE_OK && rc != STORE_NOTFOUND)
		return rc;
	sqlite3_bind_text(s, 1, login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, store_now(st));
	if (store_step_done(st, s, _("cannot add a gateway account")) != STORE_OK)
		return STORE_ERROR;
	/* Said "added" only when it was not there. */
	if (sqlite3_changes(st->db) == 0)
		return store_refuse(st, STORE_CONFLICT,
				    _("%s is already a gateway account"),
				    (const char *)login);
	return STORE_OK;
}

int store_gateway_add(struct store *st, const char *login)
{
	return gateway_tx(st, login, do_gateway_add);
}

int store_gateway_is(struct store *st, const char *login, int *is)
{
	sqlite3_stmt *s = store_stmt(st, sql_gateway_is);
	int rc;

	*is = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, login, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		*is = 1;
	else if (rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read gateway accounts"));
	return STORE_OK;
}

int store_gateway_each(struct store *st,
		       int (*fn)(void *ctx, const char *login), void *ctx)
{
	sqlite3_stmt *s = store_stmt(st, sql_gateway_list);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, (const char *)sqlite3_column_text(s, 0)) != 0) {
			sqlite3_reset(s);
			return STORE_OK;
		}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read gateway accounts"));
	return STORE_OK;
}

int store_agent_list(struct store *st, struct agent *rows, int max, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_list);
	int rc = SQLITE_DONE;

	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW)
		read_agent(st, s, &rows[(*n)++]);
	sqlite3_reset(s);
	/* A damaged page or an I/O error ends the loop like the last row. */
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read agents"));
	return STORE_OK;
}

struct audit_ctx {
	const struct agent *agent;
	const char *action;
	long long complaint_id, customer_id;
	const char *detail;
};

static int do_audit(struct store *st, void *vctx)
{
	struct audit_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_audit);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, store_now(st));
	if (c->agent != NULL && c->agent->id > 0)
		sqlite3_bind_int64(s, 2, c->agent->id);
	sqlite3_bind_text(s, 3, c->agent ? c->agent->login : "system", -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, c->action, -1, SQLITE_TRANSIENT);
	if (c->complaint_id > 0)
		sqlite3_bind_int64(s, 5, c->complaint_id);
	if (c->customer_id > 0)
		sqlite3_bind_int64(s, 6, c->customer_id);
	store_bind_text(s, 7, c->detail, 1);
	if (store_step_done(st, s, _("cannot write the audit log")) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(st->db) == 0)
		return store_refuse_removed(st, c->agent->login);
	return STORE_OK;
}

int store_refuse_removed(struct store *st, const char *login)
{
	return store_refuse(st, STORE_DENIED,
			    _("%s is no longer an agent of this team; a supervisor "
			      "can add them back with 'temas agent add %s'"),
			    login, login);
}

/* Inside another write's transaction this is one more statement of it;
 * alone (a customer opened, a reveal) it is its own transaction, retried
 * on busy like every other write. */
int store_audit(struct store *st, const struct agent *agent, const char *action,
		long long complaint_id, long long customer_id, const char *detail)
{
	struct audit_ctx c = { agent, action, complaint_id, customer_id, detail };

	return store_tx_run(st, do_audit, &c);
}

/*
 * Rows for the next write: "act-as" is said once per command, and the
 * command's own transaction carries it, so that a command is one write
 * and not two (the row goes first, as if written before the action).  A
 * transaction that rolls back leaves them for the next one, or for
 * store_audit_flush when the command wrote nothing.
 */
struct store_audit_pending {
	long long agent_id, complaint_id, customer_id;
	char *login, *action, *detail;
};

static char *dup_or_null(const char *s, int *oom)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = strdup(s);
	if (d == NULL)
		*oom = 1;
	return d;
}

static void pending_free(struct store_audit_pending *p)
{
	free(p->login);
	free(p->action);
	free(p->detail);
}

int store_audit_defer(struct store *st, const struct agent *agent,
		      const char *action, long long complaint_id,
		      long long customer_id, const char *detail)
{
	struct store_audit_pending *p;
	int oom = 0;

	if (store_grow(st, (void **)&st->pending, st->npending, &st->cappending,
		       sizeof *st->pending) != STORE_OK)
		return STORE_ERROR;
	p = &st->pending[st->npending];
	p->agent_id = agent ? agent->id : 0;
	p->complaint_id = complaint_id;
	p->customer_id = customer_id;
	p->login = dup_or_null(agent ? agent->login : "system", &oom);
	p->action = dup_or_null(action, &oom);
	p->detail = dup_or_null(detail, &oom);
	if (oom) {
		pending_free(p);
		return store_fail(st, "%s", _("out of memory"));
	}
	st->npending++;
	return STORE_OK;
}

int store_audit_write_pending(struct store *st)
{
	int i;

	for (i = 0; i < st->npending; i++) {
		struct store_audit_pending *p = &st->pending[i];
		struct agent who = { .id = p->agent_id, .login = p->login };
		struct audit_ctx c = { &who, p->action, p->complaint_id,
				       p->customer_id, p->detail };

		if (do_audit(st, &c) != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

void store_audit_pending_done(struct store *st)
{
	int i;

	for (i = 0; i < st->npending; i++)
		pending_free(&st->pending[i]);
	st->npending = 0;
}

void store_audit_pending_free(struct store *st)
{
	store_audit_pending_done(st);
	free(st->pending);
	st->pending = NULL;
	st->cappending = 0;
}

static int write_nothing(struct store *st, void *ctx)
{
	(void)st;
	(void)ctx;
	return STORE_OK;
}

int store_audit_flush(struct store *st)
{
	if (st->npending == 0)
		return STORE_OK;
	/* store_tx_begin writes the rows; the transaction has nothing else. */
	return store_tx_run(st, write_nothing, NULL);
}

int store_audit_login(struct store *st, const char *login, const char *action,
		      long long complaint_id, long long customer_id, const char *detail)
{
	struct agent who;
	int rc = store_agent_by_login(st, login, &who);

	if (rc == STORE_NOTFOUND) {
		memset(&who, 0, sizeof who);
		who.login = login;
	} else if (rc != STORE_OK) {
		return rc;
	}
	return store_audit(st, &who, action, complaint_id, customer_id, detail);
}

struct seen_ctx {
	long long agent_id, complaint_id, at;
};

static int do_mark_seen(struct store *st, void *vctx)
{
	struct seen_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_seen);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, c->agent_id);
	sqlite3_bind_int64(s, 2, c->complaint_id);
	sqlite3_bind_int64(s, 3, c->at > 0 ? c->at : store_now(st));
	return store_step_done(st, s, _("cannot record that the order history was seen"));
}

int store_history_mark_seen_at(struct store *st, long long agent_id,
			       long long complaint_id, long long at)
{
	struct seen_ctx c = { agent_id, complaint_id, at };

	return store_tx_run(st, do_mark_seen, &c);
}

int store_history_mark_seen(struct store *st, long long agent_id,
			    long long complaint_id)
{
	return store_history_mark_seen_at(st, agent_id, complaint_id, 0);
}

int store_history_seen_at(struct store *st, long long agent_id,
			  long long complaint_id, long long *at)
{
	sqlite3_stmt *s = store_stmt(st, sql_seen_at);
	int rc;

	*at = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, agent_id);
	sqlite3_bind_int64(s, 2, complaint_id);
	rc = store_step_ints(st, s, at, 1,
			     _("cannot read the order-history record"));
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}
