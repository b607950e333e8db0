/*
 * tag.c: tags on complaints: adding and removing them (one transaction,
 * one audit row per complaint), reading a complaint's tags and the tags
 * in use.  Who may tag follows the other complaint actions: the holder,
 * a supervisor, or anyone while the complaint is unassigned.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/i18n.h"
#include "temas/tag.h"
#include "temas/text.h"

static const char sql_holder[] =
	"SELECT c.customer_id, coalesce(c.assignee_id,0), coalesce(a.login,'')"
	" FROM complaints c LEFT JOIN agents a ON a.id=c.assignee_id"
	" WHERE c.id=?1";
/* A tag's spelling: the one the team uses for its folded key, kept
 * first if it is new (tag_names, migration 32). */
static const char sql_name[] =
	"INSERT OR IGNORE INTO tag_names(key, tag) VALUES(temas_fold(?1), ?1)";
static const char sql_spelling[] =
	"SELECT tag FROM tag_names WHERE key = temas_fold(?1)";
static const char sql_add[] =
	"INSERT OR IGNORE INTO complaint_tags(complaint_id, tag, added_at,"
	" added_by) VALUES(?1, ?2, ?3, ?4)";
static const char sql_del[] =
	"DELETE FROM complaint_tags WHERE complaint_id=?1 AND tag=?2";
static const char sql_tags[] =
	"SELECT coalesce((SELECT group_concat(tag, ' ') FROM (SELECT tag"
	" FROM complaint_tags WHERE complaint_id=?1 ORDER BY tag)), '')";
static const char sql_list[] =
	"SELECT t.tag, sum(c.is_open), count(*) FROM complaint_tags t"
	" JOIN complaints c ON c.id=t.complaint_id GROUP BY t.tag ORDER BY t.tag";

struct tag_ctx {
	const struct agent *who;
	long long id;
	const char *const *add, *const *del;
	int nadd, ndel;
	char *detail;           /* "+a -b": what changed, for the audit */
	size_t used;
};

/* Append "+tag" or "-tag" to the detail (room was made for all). */
static void note(struct tag_ctx *c, char sign, const char *tag)
{
	c->used += (size_t)sprintf(c->detail + c->used, "%s%c%s",
				   c->used ? " " : "", sign, tag);
}

int store_tag_spelling(struct store *st, const char *tag, int keep,
		       const char **out)
{
	sqlite3_stmt *s;
	int rc;

	*out = tag;
	if (keep) {
		if ((s = store_stmt(st, sql_name)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_text(s, 1, tag, -1, SQLITE_STATIC);
		if (store_step_done(st, s, _("cannot change the complaint's tags")) != STORE_OK)
			return STORE_ERROR;
	}
	if ((s = store_stmt(st, sql_spelling)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, tag, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = store_col_str(st, s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read the complaint's tags"));
	return STORE_OK;
}

static int change(struct store *st, const char *sql, long long id,
		  const char *typed, long long agent_id, int *changed,
		  const char **tag)
{
	sqlite3_stmt *s;
	int rc;

	if (store_tag_spelling(st, typed, sql == sql_add, tag) != STORE_OK)
		return STORE_ERROR;
	if ((s = store_stmt(st, sql)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, *tag, -1, SQLITE_STATIC);
	if (sql == sql_add) {
		sqlite3_bind_int64(s, 3, store_now(st));
		if (agent_id)
			sqlite3_bind_int64(s, 4, agent_id);
	}
	rc = store_step_done(st, s, _("cannot change the complaint's tags"));
	*changed = rc == STORE_OK && sqlite3_changes(st->db) > 0;
	return rc;
}

static int do_tag(struct store *st, void *vctx)
{
	struct tag_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_holder);
	long long customer, holder;
	const char *login;
	int rc, i, changed;
	const char *tag;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, c->id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc == SQLITE_DONE) {
			snprintf(st->errmsg, sizeof st->errmsg,
				 _("no complaint %lld"), c->id);
			return STORE_NOTFOUND;
		}
		return store_fail_sqlite(st, _("cannot read the complaint"));
	}
	customer = sqlite3_column_int64(s, 0);
	holder = sqlite3_column_int64(s, 1);
	login = store_col_str(st, s, 2);
	sqlite3_reset(s);
	if (c->who != NULL && holder != 0 && holder != c->who->id &&
	    c->who->role != ROLE_SUPERVISOR) {
		snprintf(st->errmsg, sizeof st->errmsg,
			 _("complaint %lld is held by %s; only they or a supervisor can change it"),
			 c->id, login);
		return STORE_DENIED;
	}
	/* A transaction run again starts its detail again. */
	c->used = 0;
	c->detail[0] = '\0';
	for (i = 0; i < c->nadd; i++) {
		if (change(st, sql_add, c->id, c->add[i],
			   c->who ? c->who->id : 0, &changed, &tag) != STORE_OK)
			return STORE_ERROR;
		if (changed)
			note(c, '+', tag);
	}
	for (i = 0; i < c->ndel; i++) {
		if (change(st, sql_del, c->id, c->del[i], 0, &changed,
			   &tag) != STORE_OK)
			return STORE_ERROR;
		if (changed)
			note(c, '-', tag);
	}
	/* Nothing changed, nothing to audit. */
	if (c->used == 0)
		return STORE_OK;
	return store_audit(st, c->who, "tag", c->id, customer, c->detail);
}

static int check_all(struct store *st, const char *const *tags, int n)
{
	const char *why;
	int i;

	for (i = 0; i < n; i++) {
		if (text_tag_check(tags[i], &why) != 0) {
			char *safe = text_sanitize(tags[i], strlen(tags[i]), 0);

			snprintf(st->errmsg, sizeof st->errmsg,
				 _("bad tag '%s': %s"), safe ? safe : "?", why);
			free(safe);
			return STORE_INVALID;
		}
	}
	return STORE_OK;
}

int store_complaint_tag(struct store *st, const struct agent *who,
			long long id, const char *const *add, int nadd,
			const char *const *del, int ndel)
{
	struct tag_ctx c = { who, id, add, del, nadd, ndel, NULL, 0 };
	size_t room = 1;
	int i, rc;

	if (check_all(st, add, nadd) != STORE_OK ||
	    check_all(st, del, ndel) != STORE_OK)
		return STORE_INVALID;
	if (nadd + ndel == 0) {
		snprintf(st->errmsg, sizeof st->errmsg, "%s", _("no tag given"));
		return STORE_INVALID;
	}
	/* A spelling folds to what was typed: a letter of one byte may be
	 * one of up to four in it ("a" for "â" written with a combining
	 * mark). */
	for (i = 0; i < nadd; i++)
		room += 4 * strlen(add[i]) + 2;
	for (i = 0; i < ndel; i++)
		room += 4 * strlen(del[i]) + 2;
	if ((c.detail = malloc(room)) == NULL)
		return store_fail(st, "%s", _("out of memory"));
	rc = store_tx_run(st, do_tag, &c);
	free(c.detail);
	return rc;
}

int store_complaint_tags(struct store *st, long long id, const char **tags)
{
	sqlite3_stmt *s = store_stmt(st, sql_tags);
	int rc;

	*tags = "";
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*tags = store_col_str(st, s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot read the complaint's tags"));
	return STORE_OK;
}

int store_tag_list(struct store *st, struct tag_count **rows, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_list);
	struct tag_count *out = NULL;
	int cap = 0, rc;

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&out, *n, &cap, sizeof *out) != STORE_OK) {
			sqlite3_reset(s);
			free(out);
			*n = 0;
			return STORE_ERROR;
		}
		out[*n].tag = store_col_str(st, s, 0);
		out[*n].open = sqlite3_column_int(s, 1);
		out[*n].total = sqlite3_column_int(s, 2);
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(out);
		*n = 0;
		return store_fail_sqlite(st, _("cannot list the tags"));
	}
	*rows = out;
	return STORE_OK;
}
