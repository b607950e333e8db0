/*
 * view.c: saved views (view.h): named queue filters, an agent's own or a
 * supervisor's shared with the team.  A view changes no complaint, so it
 * is not audited; sharing is a supervisor's, checked here.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/filter.h"
#include "temas/i18n.h"
#include "temas/tag.h"
#include "temas/view.h"

static const char sql_save[] =
	"INSERT INTO views(name, owner_id, shared, filter, created_at)"
	" VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(owner_id, name)"
	" DO UPDATE SET shared=excluded.shared, filter=excluded.filter";
static const char sql_remove[] =
	"DELETE FROM views WHERE owner_id=?1 AND name=?2";
/* Own first for each name, so the own one wins when both exist. */
static const char sql_list[] =
	"SELECT v.name, a.login, v.shared, v.filter FROM views v"
	" JOIN agents a ON a.id=v.owner_id"
	" WHERE v.owner_id=?1 OR v.shared"
	" ORDER BY v.name, v.owner_id<>?1, a.login";

struct save_ctx {
	const struct agent *who;
	const char *name;
	const char *filter;
	int shared;
};

static int do_save(struct store *st, void *vctx)
{
	struct save_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_save);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, c->who->id);
	sqlite3_bind_int(s, 3, c->shared);
	sqlite3_bind_text(s, 4, c->filter, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, store_now(st));
	return store_step_done(st, s, _("cannot save the view"));
}

int store_view_save(struct store *st, const struct agent *who,
		    const char *name, const char *filter, int shared)
{
	struct queue_query q;
	struct save_ctx c = { who, name, NULL, shared != 0 };
	char err[512], canon[512];
	const char *why;

	if (text_tag_check(name, &why) != 0)
		return store_refuse(st, STORE_INVALID, _("bad view name '%s': %s"),
			      name, why);
	memset(&q, 0, sizeof q);
	if (filter_parse(filter, &q, err, sizeof err) != 0)
		return store_refuse(st, STORE_INVALID, "%s", err);
	if (filter_format(&q, canon, sizeof canon) != 0)
		return store_refuse(st, STORE_INVALID, "%s", _("the filter is too long"));
	if (shared && who->role != ROLE_SUPERVISOR)
		return store_refuse(st, STORE_DENIED, "%s",
			      _("only a supervisor can share a view"));
	c.filter = canon;
	return store_tx_run(st, do_save, &c);
}

struct remove_ctx {
	const struct agent *who;
	const char *name;
};

static int do_remove(struct store *st, void *vctx)
{
	struct remove_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_remove);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, c->who->id);
	sqlite3_bind_text(s, 2, c->name, -1, SQLITE_STATIC);
	if (store_step_done(st, s, _("cannot remove the view")) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(st->db) == 0)
		return store_refuse(st, STORE_NOTFOUND, _("you have no view '%s'"),
			      c->name);
	return STORE_OK;
}

int store_view_remove(struct store *st, const struct agent *who,
		      const char *name)
{
	struct remove_ctx c = { who, name };

	return store_tx_run(st, do_remove, &c);
}

void store_view_list_free(struct saved_view *v, int n)
{
	int i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].name);
		free(v[i].owner);
		free(v[i].filter);
	}
	free(v);
}

int store_view_list(struct store *st, const struct agent *who,
		    struct saved_view **out, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_list);
	struct saved_view *v = NULL;
	int cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, who->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);

		/* Own first: a shared one of the same name is hidden. */
		if (*n > 0 && name != NULL && strcmp(v[*n - 1].name, name) == 0)
			continue;
		if (store_grow(st, (void **)&v, *n, &cap, sizeof *v) != STORE_OK) {
			rc = SQLITE_NOMEM;
			break;
		}
		v[*n].name = store_col_strdup(s, 0);
		v[*n].owner = store_col_strdup(s, 1);
		v[*n].shared = sqlite3_column_int(s, 2);
		v[*n].filter = store_col_strdup(s, 3);
		(*n)++;
		if (!v[*n - 1].name || !v[*n - 1].owner || !v[*n - 1].filter) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_view_list_free(v, *n);
		*n = 0;
		return rc == SQLITE_NOMEM ? store_fail(st, "%s", _("out of memory"))
			: store_fail_sqlite(st, _("cannot read the views"));
	}
	*out = v;
	return STORE_OK;
}

const struct saved_view *store_view_find(const struct saved_view *v, int n,
					 const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}
