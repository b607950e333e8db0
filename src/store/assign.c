/*
 * assign.c: auto-assignment on arrival: channels' rules, agents' capacity
 * and skills, the consoles' heartbeat that says who is online, and the
 * choice itself.
 *
 * The choice runs inside the transaction that creates the complaint, which
 * holds SQLite's write lock from its start (BEGIN IMMEDIATE): the loads it
 * counts and the round-robin cursor it reads cannot change under it, so
 * two processes filing complaints at once see each other's assignments in
 * turn and never put an agent over capacity or give a complaint twice.
 * The assignment itself is the claim's compare-and-set.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/assign.h"
#include "temas/draft.h"
#include "temas/i18n.h"

static const char *const mode_names[] = { "off", "round-robin", "least-loaded" };

const char *assign_mode_name(enum assign_mode m)
{
	return m >= ASSIGN_OFF && m <= ASSIGN_LEAST_LOADED ? mode_names[m] : NULL;
}

int assign_mode_parse(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < 3; i++)
		if (strcmp(name, mode_names[i]) == 0)
			return i;
	return -1;
}

int assign_skills_parse(const char *list, int *skills)
{
	const char *p = list;

	*skills = 0;
	if (list == NULL || *list == '\0')
		return -1;
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == 7 && strncmp(p, "channel", n) == 0)
			*skills |= ASSIGN_SKILL_CHANNEL;
		else if ((n == 8 && strncmp(p, "language", n) == 0) ||
			 (n == 4 && strncmp(p, "lang", n) == 0))
			*skills |= ASSIGN_SKILL_LANG;
		else
			return -1;
		p += n;
		if (*p == ',' && *++p == '\0')
			return -1;
	}
	return 0;
}

static void skills_text(int skills, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s", skills & ASSIGN_SKILL_CHANNEL ? "channel" : "",
		 skills == (ASSIGN_SKILL_CHANNEL | ASSIGN_SKILL_LANG) ? "," : "",
		 skills & ASSIGN_SKILL_LANG ? "language" : "");
}

/* ---- rules ---- */

static const char sql_channel[] = "SELECT 1 FROM channels WHERE code=?1";
static const char sql_rule_set[] =
	"INSERT INTO assign_rules(channel, mode, skill_channel, skill_lang,"
	" updated_at, updated_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
	" ON CONFLICT(channel) DO UPDATE SET mode=excluded.mode,"
	" skill_channel=excluded.skill_channel, skill_lang=excluded.skill_lang,"
	" updated_at=excluded.updated_at, updated_by=excluded.updated_by";
static const char sql_rule_del[] = "DELETE FROM assign_rules WHERE channel=?1";
static const char sql_rules[] =
	"SELECT ch.code, coalesce(r.mode, 'off'), coalesce(r.skill_channel, 0),"
	" coalesce(r.skill_lang, 0) FROM channels ch"
	" LEFT JOIN assign_rules r ON r.channel=ch.code ORDER BY ch.sort, ch.code";

struct rule_ctx {
	const char *login, *channel;
	enum assign_mode mode;
	int skills;
};

static int do_rule_set(struct store *st, void *vctx)
{
	struct rule_ctx *c = vctx;
	sqlite3_stmt *s;
	long long one;
	char detail[160], sk[32];
	int rc;

	if ((s = store_stmt(st, sql_channel)) == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, c->channel, 0);
	rc = store_step_ints(st, s, &one, 1, _("cannot read channels"));
	if (rc == STORE_NOTFOUND)
		return store_refuse(st, STORE_INVALID, _("unknown channel '%s'"), c->channel);
	if (rc != STORE_OK)
		return rc;
	if ((s = store_stmt(st, c->mode == ASSIGN_OFF ? sql_rule_del : sql_rule_set)) == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, c->channel, 0);
	if (c->mode != ASSIGN_OFF) {
		sqlite3_bind_text(s, 2, mode_names[c->mode], -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, (c->skills & ASSIGN_SKILL_CHANNEL) != 0);
		sqlite3_bind_int(s, 4, (c->skills & ASSIGN_SKILL_LANG) != 0);
		sqlite3_bind_int64(s, 5, store_now(st));
		store_bind_text(s, 6, c->login, 0);
	}
	if (store_step_done(st, s, _("cannot save the rule")) != STORE_OK)
		return STORE_ERROR;
	skills_text(c->skills, sk, sizeof sk);
	snprintf(detail, sizeof detail, "%.32s %s%s%s", c->channel, mode_names[c->mode],
		 *sk && c->mode != ASSIGN_OFF ? " skills=" : "",
		 c->mode != ASSIGN_OFF ? sk : "");
	return store_audit_login(st, c->login, "assign-rule", 0, 0, detail);
}

int store_assign_rule_set(struct store *st, const char *login,
			  const char *channel, enum assign_mode mode, int skills)
{
	struct rule_ctx c = { login, channel, mode, skills };

	if (assign_mode_name(mode) == NULL)
		return store_refuse(st, STORE_INVALID, "%s", _("unknown assignment mode"));
	return store_tx_run(st, do_rule_set, &c);
}

int store_assign_rules(struct store *st, struct assign_rule **rows, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_rules);
	struct assign_rule *out = NULL, *p;
	int cap = 0, rc;

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&out, *n, &cap, sizeof *out) != STORE_OK)
			break;
		p = &out[(*n)++];
		p->channel = store_col_str(st, s, 0);
		p->mode = (enum assign_mode)assign_mode_parse(
			(const char *)sqlite3_column_text(s, 1));
		if ((int)p->mode < 0)
			p->mode = ASSIGN_OFF;
		p->skills = (sqlite3_column_int(s, 2) ? ASSIGN_SKILL_CHANNEL : 0) |
			    (sqlite3_column_int(s, 3) ? ASSIGN_SKILL_LANG : 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(out);
		*n = 0;
		return rc == SQLITE_ROW ? STORE_ERROR
			: store_fail_sqlite(st, _("cannot read the assignment rules"));
	}
	*rows = out;
	return STORE_OK;
}

/* ---- agents: capacity, skills, who is online ---- */

/* An agent (alias t) is online: a console's heartbeat, or a presence on a
 * complaint, at or after ?1. */
#define ONLINE_SQL \
	"(EXISTS(SELECT 1 FROM agent_seen s WHERE s.agent_id=t.id AND s.seen_at>=?1)" \
	" OR EXISTS(SELECT 1 FROM presence p WHERE p.agent_id=t.id" \
	"  AND p.heartbeat_at>=?1))"
#define LOAD_SQL \
	"(SELECT count(*) FROM complaints c WHERE c.assignee_id=t.id AND c.is_open)"

static const char sql_agents[] =
	"SELECT t.id, t.login, t.role, coalesce(t.capacity, -1), " LOAD_SQL ","
	" " ONLINE_SQL ","
	" coalesce((SELECT group_concat(value, ',') FROM (SELECT value FROM agent_skills"
	"  WHERE agent_id=t.id AND kind='channel' ORDER BY value)), ''),"
	" coalesce((SELECT group_concat(value, ',') FROM (SELECT value FROM agent_skills"
	"  WHERE agent_id=t.id AND kind='lang' ORDER BY value)), '')"
	" FROM agents t WHERE t.active ORDER BY t.login";

int store_assign_agents(struct store *st, struct assign_agent **rows, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_agents);
	struct assign_agent *out = NULL, *p;
	int cap = 0, rc;

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, store_now(st) - PRESENCE_STALE_SECS);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&out, *n, &cap, sizeof *out) != STORE_OK)
			break;
		p = &out[(*n)++];
		p->id = sqlite3_column_int64(s, 0);
		p->login = store_col_str(st, s, 1);
		p->role = strcmp(store_col_str(st, s, 2), "supervisor") == 0
			  ? ROLE_SUPERVISOR : ROLE_AGENT;
		p->capacity = sqlite3_column_int(s, 3);
		p->load = sqlite3_column_int(s, 4);
		p->online = sqlite3_column_int(s, 5);
		p->channels = store_col_str(st, s, 6);
		p->langs = store_col_str(st, s, 7);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(out);
		*n = 0;
		return rc == SQLITE_ROW ? STORE_ERROR
			: store_fail_sqlite(st, _("cannot read the agents"));
	}
	*rows = out;
	return STORE_OK;
}

static const char sql_agent_id[] =
	"SELECT id FROM agents WHERE login=?1 AND active";
static const char sql_capacity[] =
	"UPDATE agents SET capacity=?2 WHERE id=?1";
static const char sql_skills_del[] =
	"DELETE FROM agent_skills WHERE agent_id=?1 AND kind=?2";
static const char sql_skill_add[] =
	"INSERT OR IGNORE INTO agent_skills(agent_id, kind, value) VALUES(?1, ?2, ?3)";

struct agent_ctx {
	const char *by, *login, *kind;
	int capacity;
	const char *const *values;
	int n;
};

static int agent_id(struct store *st, const char *login, long long *id)
{
	sqlite3_stmt *s = store_stmt(st, sql_agent_id);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, login, 0);
	rc = store_step_ints(st, s, id, 1, _("cannot read the agents"));
	if (rc == STORE_NOTFOUND)
		return store_refuse(st, STORE_NOTFOUND, _("no active agent '%s'"), login);
	return rc;
}

static int do_capacity(struct store *st, void *vctx)
{
	struct agent_ctx *c = vctx;
	sqlite3_stmt *s;
	long long id;
	char detail[96];
	int rc;

	if ((rc = agent_id(st, c->login, &id)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_capacity)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	if (c->capacity >= 0)
		sqlite3_bind_int(s, 2, c->capacity);
	if (store_step_done(st, s, _("cannot save the capacity")) != STORE_OK)
		return STORE_ERROR;
	if (c->capacity >= 0)
		snprintf(detail, sizeof detail, "%.40s %d", c->login, c->capacity);
	else
		snprintf(detail, sizeof detail, "%.40s none", c->login);
	return store_audit_login(st, c->by, "agent-capacity", 0, 0, detail);
}

int store_agent_set_capacity(struct store *st, const char *by,
			     const char *login, int capacity)
{
	struct agent_ctx c = { by, login, NULL, capacity, NULL, 0 };

	return store_tx_run(st, do_capacity, &c);
}

static int do_skills(struct store *st, void *vctx)
{
	struct agent_ctx *c = vctx;
	sqlite3_stmt *s;
	long long id, one;
	char *detail;
	size_t len = 64;
	int i, rc;

	if ((rc = agent_id(st, c->login, &id)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_skills_del)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, c->kind, -1, SQLITE_STATIC);
	if (store_step_done(st, s, _("cannot save the skills")) != STORE_OK)
		return STORE_ERROR;
	for (i = 0; i < c->n; i++) {
		if (strcmp(c->kind, "channel") == 0) {
			if ((s = store_stmt(st, sql_channel)) == NULL)
				return STORE_ERROR;
			store_bind_text(s, 1, c->values[i], 0);
			rc = store_step_ints(st, s, &one, 1, _("cannot read channels"));
			if (rc == STORE_NOTFOUND)
				return store_refuse(st, STORE_INVALID, _("unknown channel '%s'"),
					      c->values[i]);
			if (rc != STORE_OK)
				return rc;
		}
		if ((s = store_stmt(st, sql_skill_add)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, c->kind, -1, SQLITE_STATIC);
		store_bind_text(s, 3, c->values[i], 0);
		if (store_step_done(st, s, _("cannot save the skills")) != STORE_OK)
			return STORE_ERROR;
		len += strlen(c->values[i]) + 1;
	}
	if ((detail = malloc(len)) == NULL)
		return store_fail(st, _("out of memory"));
	len = (size_t)sprintf(detail, "%.40s %s=", c->login, c->kind);
	for (i = 0; i < c->n; i++)
		len += (size_t)sprintf(detail + len, "%s%s", i ? "," : "", c->values[i]);
	rc = store_audit_login(st, c->by, "agent-skills", 0, 0, detail);
	free(detail);
	return rc;
}

int store_agent_set_skills(struct store *st, const char *by, const char *login,
			   const char *kind, const char *const *values, int n)
{
	struct agent_ctx c = { by, login, kind, 0, values, n };

	if (strcmp(kind, "channel") != 0 && strcmp(kind, "lang") != 0)
		return store_refuse(st, STORE_INVALID, _("unknown kind of skill '%s'"), kind);
	return store_tx_run(st, do_skills, &c);
}

static const char sql_alive[] =
	"INSERT INTO agent_seen(agent_id, pid, seen_at) VALUES(?1, ?2, ?3)"
	" ON CONFLICT(agent_id, pid) DO UPDATE SET seen_at=excluded.seen_at";
static const char sql_seen_purge[] =
	"DELETE FROM agent_seen WHERE seen_at < ?1";
static const char sql_gone[] =
	"DELETE FROM agent_seen WHERE agent_id=?1 AND pid=?2";

struct seen_ctx {
	long long agent_id, pid;
	int alive;
};

static int do_seen(struct store *st, void *vctx)
{
	struct seen_ctx *c = vctx;
	sqlite3_stmt *s;

	if (c->alive) {
		if ((s = store_stmt(st, sql_seen_purge)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, store_now(st) - PRESENCE_STALE_SECS);
		if (store_step_done(st, s, _("cannot record presence")) != STORE_OK)
			return STORE_ERROR;
	}
	if ((s = store_stmt(st, c->alive ? sql_alive : sql_gone)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, c->agent_id);
	sqlite3_bind_int64(s, 2, c->pid);
	if (c->alive)
		sqlite3_bind_int64(s, 3, store_now(st));
	return store_step_done(st, s, _("cannot record presence"));
}

int store_agent_seen(struct store *st, long long agent_id, long long pid)
{
	struct seen_ctx c = { agent_id, pid, 1 };

	return do_seen(st, &c);
}

int store_agent_alive(struct store *st, long long agent_id, long long pid)
{
	struct seen_ctx c = { agent_id, pid, 1 };

	return store_tx_run(st, do_seen, &c);
}

int store_agent_gone(struct store *st, long long agent_id, long long pid)
{
	struct seen_ctx c = { agent_id, pid, 0 };

	return store_tx_run(st, do_seen, &c);
}

/* ---- the choice ---- */

static const char sql_arrival[] =
	"SELECT c.channel, cu.lang, r.mode, r.skill_channel, r.skill_lang,"
	" r.cursor, c.customer_id FROM complaints c"
	" JOIN customers cu ON cu.id=c.customer_id"
	" JOIN assign_rules r ON r.channel=c.channel"
	" WHERE c.id=?1 AND c.assignee_id IS NULL AND c.is_open";
/* Round-robin: the first qualifying agent after the cursor, wrapping
 * round; least-loaded: the fewest open complaints, ties in the same turn. */
static const char sql_pick[] =
	"SELECT id, login FROM ("
	" SELECT t.id, t.login, t.capacity, " LOAD_SQL " AS load FROM agents t"
	" WHERE t.active AND (t.role='agent' OR t.capacity IS NOT NULL)"
	"  AND " ONLINE_SQL
	"  AND (?4=0 OR EXISTS(SELECT 1 FROM agent_skills k WHERE k.agent_id=t.id"
	"   AND k.kind='channel' AND k.value=?5))"
	"  AND (?6=0 OR EXISTS(SELECT 1 FROM agent_skills k WHERE k.agent_id=t.id"
	"   AND k.kind='lang' AND (k.value=lower(?7) OR lower(?7) LIKE k.value || '-%'))))"
	" WHERE capacity IS NULL OR load < capacity"
	" ORDER BY CASE WHEN ?2 THEN load END, id <= ?3, id LIMIT 1";
static const char sql_give[] =
	"UPDATE complaints SET assignee_id=?1"
	" WHERE id=?2 AND assignee_id IS NULL AND is_open";
static const char sql_cursor[] =
	"UPDATE assign_rules SET cursor=?1 WHERE channel=?2";

int store_assign_arrival(struct store *st, long long complaint_id,
			 struct assign_outcome *out)
{
	sqlite3_stmt *s;
	char channel[64], lang[64], sk[32], rule[128], detail[256];
	long long cursor, customer_id, agent = 0;
	int mode, skills, rc;

	memset(out, 0, sizeof *out);
	if ((s = store_stmt(st, sql_arrival)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, complaint_id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? STORE_OK
			: store_fail_sqlite(st, _("cannot read the assignment rules"));
	}
	store_col_text(s, 0, channel, sizeof channel);
	store_col_text(s, 1, lang, sizeof lang);
	mode = assign_mode_parse((const char *)sqlite3_column_text(s, 2));
	skills = (sqlite3_column_int(s, 3) ? ASSIGN_SKILL_CHANNEL : 0) |
		 (sqlite3_column_int(s, 4) ? ASSIGN_SKILL_LANG : 0);
	cursor = sqlite3_column_int64(s, 5);
	customer_id = sqlite3_column_int64(s, 6);
	sqlite3_reset(s);
	if (mode <= ASSIGN_OFF)
		return STORE_OK;
	out->mode = (enum assign_mode)mode;

	if ((s = store_stmt(st, sql_pick)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, store_now(st) - PRESENCE_STALE_SECS);
	sqlite3_bind_int(s, 2, mode == ASSIGN_LEAST_LOADED);
	sqlite3_bind_int64(s, 3, cursor);
	sqlite3_bind_int(s, 4, (skills & ASSIGN_SKILL_CHANNEL) != 0);
	sqlite3_bind_text(s, 5, channel, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, (skills & ASSIGN_SKILL_LANG) != 0);
	sqlite3_bind_text(s, 7, lang, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		agent = sqlite3_column_int64(s, 0);
		store_col_text(s, 1, out->login, sizeof out->login);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot choose an agent"));

	skills_text(skills, sk, sizeof sk);
	snprintf(rule, sizeof rule, "%s %s%s%s", channel, mode_names[mode],
		 *sk ? " skills=" : "", sk);
	if (agent == 0) {
		out->result = ASSIGN_NOBODY;
		st->assign_nobody++;
		snprintf(detail, sizeof detail,
			 "left unassigned: no agent online below capacity (rule %s)", rule);
		return store_audit(st, NULL, "auto-assign", complaint_id, customer_id,
				   detail);
	}
	if ((s = store_stmt(st, sql_give)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, agent);
	sqlite3_bind_int64(s, 2, complaint_id);
	if (store_step_done(st, s, _("cannot assign the complaint")) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(st->db) != 1)
		return store_fail(st, _("complaint %lld was taken while it was assigned"),
				  complaint_id);
	if ((s = store_stmt(st, sql_cursor)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, agent);
	sqlite3_bind_text(s, 2, channel, -1, SQLITE_STATIC);
	if (store_step_done(st, s, _("cannot save the assignment rule")) != STORE_OK)
		return STORE_ERROR;
	out->result = ASSIGN_DONE;
	out->agent_id = agent;
	st->assign_done++;
	snprintf(detail, sizeof detail, "auto-assigned to %s by rule %s", out->login, rule);
	return store_audit(st, NULL, "auto-assign", complaint_id, customer_id, detail);
}

void store_assign_counts(struct store *st, int reset, long long *done,
			 long long *nobody)
{
	if (done != NULL)
		*done = st->assign_done;
	if (nobody != NULL)
		*nobody = st->assign_nobody;
	if (reset)
		st->assign_done = st->assign_nobody = 0;
}
