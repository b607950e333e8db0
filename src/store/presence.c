/*
 * presence.c: who is viewing or writing on which complaint.
 *
 * Each console process beats every few seconds; a row whose heartbeat is
 * older than PRESENCE_STALE_SECS belongs to a process that died without
 * saying goodbye, so it is ignored when read and purged on the next beat.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/draft.h"
#include "temas/i18n.h"

static const char sql_beat[] =
	"INSERT INTO presence(agent_id, complaint_id, activity, pid, heartbeat_at)"
	" VALUES(?1, ?2, ?3, ?4, ?5)"
	" ON CONFLICT(agent_id, complaint_id) DO UPDATE SET"
	" activity=excluded.activity, pid=excluded.pid,"
	" heartbeat_at=excluded.heartbeat_at";
static const char sql_leave_others[] =
	"DELETE FROM presence WHERE agent_id=?1 AND pid=?2 AND complaint_id<>?3";
static const char sql_purge[] =
	"DELETE FROM presence WHERE heartbeat_at < ?1";
static const char sql_clear[] =
	"DELETE FROM presence WHERE agent_id=?1 AND pid=?2";
static const char sql_list_one[] =
	"SELECT p.agent_id, a.login, p.complaint_id, p.activity, p.heartbeat_at"
	" FROM presence p JOIN agents a ON a.id=p.agent_id"
	" WHERE p.complaint_id=?1 AND p.agent_id<>?2 AND p.heartbeat_at>=?3"
	" AND a.active"
	" ORDER BY p.activity = 'typing' DESC, a.login";
static const char sql_list_all[] =
	"SELECT p.agent_id, a.login, p.complaint_id, p.activity, p.heartbeat_at"
	" FROM presence p JOIN agents a ON a.id=p.agent_id"
	" WHERE p.agent_id<>?2 AND p.heartbeat_at>=?3 AND a.active"
	" ORDER BY p.complaint_id, p.activity = 'typing' DESC, a.login";

struct beat_ctx {
	long long agent_id, complaint_id, pid;
	enum presence_activity act;
};

static int step_done(struct store *st, sqlite3_stmt *s)
{
	return store_step_done(st, s, _("cannot record presence"));
}

static int do_beat(struct store *st, void *vctx)
{
	struct beat_ctx *c = vctx;
	sqlite3_stmt *s;

	if ((s = store_stmt(st, sql_leave_others)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, c->agent_id);
	sqlite3_bind_int64(s, 2, c->pid);
	sqlite3_bind_int64(s, 3, c->complaint_id);
	if (step_done(st, s) != STORE_OK)
		return STORE_ERROR;
	if ((s = store_stmt(st, sql_beat)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, c->agent_id);
	sqlite3_bind_int64(s, 2, c->complaint_id);
	sqlite3_bind_text(s, 3, c->act == PRESENCE_TYPING ? "typing" : "viewing",
			  -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, c->pid);
	sqlite3_bind_int64(s, 5, store_now(st));
	if (step_done(st, s) != STORE_OK)
		return STORE_ERROR;
	/* Then the stale rows go: never this one, just renewed, however
	 * late the beat (it would be a row gone and back for the others). */
	if ((s = store_stmt(st, sql_purge)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, store_now(st) - PRESENCE_STALE_SECS);
	if (step_done(st, s) != STORE_OK)
		return STORE_ERROR;
	/* The console runs: online for auto-assignment (assign.c). */
	return store_agent_seen(st, c->agent_id, c->pid);
}

int store_presence_beat(struct store *st, long long agent_id,
			long long complaint_id, enum presence_activity act,
			long long pid)
{
	struct beat_ctx c = { agent_id, complaint_id, pid, act };

	return store_tx_run(st, do_beat, &c);
}

static int do_clear(struct store *st, void *vctx)
{
	struct beat_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_clear);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, c->agent_id);
	sqlite3_bind_int64(s, 2, c->pid);
	return step_done(st, s);
}

int store_presence_clear(struct store *st, long long agent_id, long long pid)
{
	struct beat_ctx c = { agent_id, 0, pid, PRESENCE_VIEWING };

	return store_tx_run(st, do_clear, &c);
}

int store_presence_list(struct store *st, long long complaint_id,
			long long exclude_agent_id, struct presence **rows,
			int *n)
{
	const char *sql = complaint_id > 0 ? sql_list_one : sql_list_all;
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc = SQLITE_DONE, cap = 0;

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	if (complaint_id > 0)
		sqlite3_bind_int64(s, 1, complaint_id);
	sqlite3_bind_int64(s, 2, exclude_agent_id);
	sqlite3_bind_int64(s, 3, store_now(st) - PRESENCE_STALE_SECS);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct presence *p;
		const char *act = (const char *)sqlite3_column_text(s, 3);

		if (store_grow(st, (void **)rows, *n, &cap, sizeof **rows) != STORE_OK) {
			sqlite3_reset(s);
			free(*rows);
			*rows = NULL;
			*n = 0;
			return STORE_ERROR;
		}
		p = &(*rows)[(*n)++];
		memset(p, 0, sizeof *p);
		p->agent_id = sqlite3_column_int64(s, 0);
		p->login = store_col_str(st, s, 1);
		p->complaint_id = sqlite3_column_int64(s, 2);
		p->activity = act && strcmp(act, "typing") == 0 ? PRESENCE_TYPING
							       : PRESENCE_VIEWING;
		p->heartbeat_at = sqlite3_column_int64(s, 4);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read presence"));
	return STORE_OK;
}

/*
 * The logins of the rows doing act (on complaint_id, when it is not 0),
 * the first PRESENCE_NAMED of them and how many more; NULL when there are
 * none (or no memory).  *count: how many in all.
 */
static char *names(const struct presence *rows, int n, long long complaint_id,
		   enum presence_activity act, int *count)
{
	size_t room = 1, used = 0;
	int i, shown = 0;
	char *out, *more;

	*count = 0;
	for (i = 0; i < n; i++) {
		if ((complaint_id > 0 && rows[i].complaint_id != complaint_id) ||
		    rows[i].activity != act)
			continue;
		if (shown++ < PRESENCE_NAMED)
			room += strlen(rows[i].login) + 2;
		(*count)++;
	}
	if (*count == 0 || (out = malloc(room)) == NULL)
		return NULL;
	out[0] = '\0';
	for (i = 0, shown = 0; i < n && shown < PRESENCE_NAMED; i++) {
		if ((complaint_id > 0 && rows[i].complaint_id != complaint_id) ||
		    rows[i].activity != act)
			continue;
		used += (size_t)snprintf(out + used, room - used, "%s%s",
					 shown++ ? ", " : "", rows[i].login);
	}
	if (*count <= PRESENCE_NAMED)
		return out;
	/* The count of those left out: at most 20 digits. */
	room = used + strlen(_("%s and %d more")) + 24;
	if ((more = malloc(room)) != NULL)
		snprintf(more, room, _("%s and %d more"), out,
			 *count - PRESENCE_NAMED);
	free(out);
	return more;
}

/*
 * One short phrase: whoever is typing is named first because that is what
 * stops a second agent from answering the same customer.
 */
void store_presence_describe(const struct presence *rows, int n,
			     long long complaint_id, char *buf, size_t bufsz)
{
	int nt, nv;
	char *typing = names(rows, n, complaint_id, PRESENCE_TYPING, &nt);
	char *viewing = names(rows, n, complaint_id, PRESENCE_VIEWING, &nv);

	if (bufsz == 0)
		goto out;
	buf[0] = '\0';
	if (typing && viewing)
		snprintf(buf, bufsz, nt == 1 ? _("%s is typing; %s viewing")
					     : _("%s are typing; %s viewing"),
			 typing, viewing);
	else if (typing)
		snprintf(buf, bufsz, nt == 1 ? _("%s is typing") : _("%s are typing"),
			 typing);
	else if (viewing)
		snprintf(buf, bufsz, nv == 1 ? _("%s is viewing") : _("%s are viewing"),
			 viewing);
out:
	free(typing);
	free(viewing);
}
