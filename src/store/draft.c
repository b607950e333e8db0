/*
 * draft.c: drafts of replies, notes and resolution notes, saved as they are typed so that a
 * killed terminal loses at most the last seconds of writing.
 */
#include "config.h"

#include <stdlib.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/draft.h"
#include "temas/i18n.h"

/* Written in an agent's name only while they are one (agent.c's audit
 * row is written the same way): a removed agent's open console writes
 * nothing.  The WHERE also tells SQLite the ON CONFLICT is an upsert. */
static const char sql_save[] =
	"INSERT INTO drafts(agent_id, complaint_id, kind, body, cursor, updated_at)"
	" SELECT ?1, ?2, ?3, ?4, ?5, ?6"
	" WHERE (SELECT active FROM agents WHERE id=?1)"
	" ON CONFLICT(agent_id, complaint_id, kind) DO UPDATE SET"
	" body=excluded.body, cursor=excluded.cursor, updated_at=excluded.updated_at";
static const char sql_load[] =
	"SELECT body, cursor, updated_at FROM drafts"
	" WHERE agent_id=?1 AND complaint_id=?2 AND kind=?3";
static const char sql_delete[] =
	"DELETE FROM drafts WHERE agent_id=?1 AND complaint_id=?2 AND kind=?3"
	" AND (SELECT active FROM agents WHERE id=?1)";

const char *store_draft_kind_name(enum draft_kind kind)
{
	switch (kind) {
	case DRAFT_NOTE:
		return "note";
	case DRAFT_RESOLUTION:
		return "resolution";
	default:
		return "reply";
	}
}

/* Nothing written: refused in agent.c's words when the agent is no
 * longer one, else there was nothing to write (deleting) or nobody to
 * write for (saving: an error). */
static int refuse_removed(struct store *st, long long agent_id, int saving)
{
	struct agent a;
	int rc = store_agent_by_id(st, agent_id, &a);

	if (rc == STORE_OK)
		return a.active ? STORE_OK : store_refuse_removed(st, a.login);
	if (rc == STORE_NOTFOUND)
		return saving ? store_fail(st, "%s", _("cannot save the draft")) : STORE_OK;
	return rc;
}

struct save_ctx {
	long long agent_id, complaint_id, cursor;
	enum draft_kind kind;
	const char *body;
};

static int do_save(struct store *st, void *vctx)
{
	struct save_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_save);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, c->agent_id);
	sqlite3_bind_int64(s, 2, c->complaint_id);
	sqlite3_bind_text(s, 3, store_draft_kind_name(c->kind), -1, SQLITE_STATIC);
	store_bind_text(s, 4, c->body ? c->body : "", 0);
	sqlite3_bind_int64(s, 5, c->cursor);
	sqlite3_bind_int64(s, 6, store_now(st));
	if (store_step_done(st, s, _("cannot save the draft")) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(st->db) > 0)
		return STORE_OK;
	return refuse_removed(st, c->agent_id, 1);
}

int store_draft_save(struct store *st, long long agent_id, long long complaint_id,
		     enum draft_kind kind, const char *body, long long cursor)
{
	struct save_ctx c = { agent_id, complaint_id, cursor < 0 ? 0 : cursor,
			      kind, body };

	return store_tx_run(st, do_save, &c);
}

int store_draft_load(struct store *st, long long agent_id, long long complaint_id,
		     enum draft_kind kind, char **body, long long *cursor,
		     temas_time *updated_at)
{
	sqlite3_stmt *s = store_stmt(st, sql_load);
	int rc;

	*body = NULL;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, agent_id);
	sqlite3_bind_int64(s, 2, complaint_id);
	sqlite3_bind_text(s, 3, store_draft_kind_name(kind), -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*body = store_col_strdup(s, 0);
		if (cursor != NULL)
			*cursor = sqlite3_column_int64(s, 1);
		if (updated_at != NULL)
			*updated_at = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot read the draft"));
	if (*body == NULL)
		return store_fail(st, _("out of memory"));
	return STORE_OK;
}

static int do_delete(struct store *st, void *vctx)
{
	struct save_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_delete);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, c->agent_id);
	sqlite3_bind_int64(s, 2, c->complaint_id);
	sqlite3_bind_text(s, 3, store_draft_kind_name(c->kind), -1, SQLITE_STATIC);
	if (store_step_done(st, s, _("cannot delete the draft")) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(st->db) > 0)
		return STORE_OK;
	return refuse_removed(st, c->agent_id, 0);
}

int store_draft_delete(struct store *st, long long agent_id,
		       long long complaint_id, enum draft_kind kind)
{
	struct save_ctx c = { agent_id, complaint_id, 0, kind, NULL };

	return store_tx_run(st, do_delete, &c);
}
