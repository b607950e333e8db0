/*
 * quarantine.c: inbound e-mail that must not open a complaint, held whole
 * (auto-replies, loops, bulk mail, bounces for no message of ours), and
 * the attachments that came with filed messages.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/i18n.h"
#include "temas/ingest.h"

static const char sql_add[] =
	"INSERT INTO quarantine(at, key, reason, from_addr, subject, raw)"
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
	" ON CONFLICT(key) DO UPDATE SET key=excluded.key RETURNING id";
static const char sql_list[] =
	"SELECT id, at, reason, from_addr, subject FROM quarantine"
	" WHERE released_at IS NULL ORDER BY at DESC, id DESC";
static const char sql_take[] =
	"UPDATE quarantine SET released_at=?2, released_by=?3"
	" WHERE id=?1 AND released_at IS NULL RETURNING raw";
static const char sql_att_list[] =
	"SELECT a.id, a.interaction_id, a.name, a.content_type, a.size,"
	" a.data IS NOT NULL FROM attachments a"
	" JOIN interactions i ON i.id=a.interaction_id"
	" WHERE i.complaint_id=?1 ORDER BY a.interaction_id, a.id";
static const char sql_att_get[] =
	"SELECT id, interaction_id, name, content_type, size, data IS NOT NULL, data"
	" FROM attachments WHERE id=?1";

struct add_ctx {
	const char *key, *reason, *from, *subject, *raw;
	size_t len;
	long long id;
};

static int add_tx(struct store *st, void *vctx)
{
	struct add_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_add);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, store_now(st));
	sqlite3_bind_text(s, 2, c->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->from ? c->from : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->subject ? c->subject : "", -1, SQLITE_STATIC);
	sqlite3_bind_blob64(s, 6, c->raw, c->len, SQLITE_STATIC);
	return store_step_ints(st, s, &c->id, 1, _("cannot hold the message"));
}

int store_quarantine_add(struct store *st, const char *key, const char *reason,
			 const char *from_addr, const char *subject,
			 const char *raw, size_t len, long long *id)
{
	struct add_ctx c = { key, reason, from_addr, subject, raw, len, 0 };
	int rc = store_tx_run(st, add_tx, &c);

	if (rc == STORE_OK && id)
		*id = c.id;
	return rc;
}

void quarantine_rows_free(struct quarantine_row *rows, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(rows[i].from_addr);
		free(rows[i].subject);
	}
	free(rows);
}

int store_quarantine_list(struct store *st, struct quarantine_row **rows, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_list);
	struct quarantine_row *v = NULL;
	int cap = 0, rc;

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&v, *n, &cap, sizeof *v) != STORE_OK) {
			rc = SQLITE_NOMEM;
			break;
		}
		v[*n].id = sqlite3_column_int64(s, 0);
		v[*n].at = sqlite3_column_int64(s, 1);
		store_col_text(s, 2, v[*n].reason, sizeof v[*n].reason);
		v[*n].from_addr = store_col_strdup(s, 3);
		v[*n].subject = store_col_strdup(s, 4);
		(*n)++;
		if (v[*n - 1].from_addr == NULL || v[*n - 1].subject == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		quarantine_rows_free(v, *n);
		*n = 0;
		return rc == SQLITE_NOMEM ? store_fail(st, "%s", _("out of memory"))
			: store_fail_sqlite(st, _("cannot read the quarantine"));
	}
	*rows = v;
	return STORE_OK;
}

int store_quarantine_release(struct store *st, long long id, const char *login,
			     char **raw, size_t *len)
{
	sqlite3_stmt *s = store_stmt(st, sql_take);
	int rc;

	*raw = NULL;
	*len = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, store_now(st));
	sqlite3_bind_text(s, 3, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_bytes(s, 0);

		*raw = malloc(n + 1);
		if (*raw != NULL) {
			if (n)
				memcpy(*raw, sqlite3_column_blob(s, 0), n);
			(*raw)[n] = '\0';
			*len = n;
		}
		rc = sqlite3_step(s);
	}
	sqlite3_reset(s);
	if (*raw == NULL && rc == SQLITE_DONE) {
		store_fail(st, _("no held message %lld in the quarantine"), id);
		return STORE_NOTFOUND;
	}
	if (rc != SQLITE_DONE || *raw == NULL) {
		free(*raw);
		*raw = NULL;
		return store_fail_sqlite(st, _("cannot release the message"));
	}
	return STORE_OK;
}

static int read_att(sqlite3_stmt *s, struct attachment_row *a)
{
	a->id = sqlite3_column_int64(s, 0);
	a->interaction_id = sqlite3_column_int64(s, 1);
	a->name = store_col_strdup(s, 2);
	a->type = store_col_strdup(s, 3);
	a->size = sqlite3_column_int64(s, 4);
	a->kept = sqlite3_column_int(s, 5);
	return a->name && a->type ? 0 : -1;
}

void attachment_rows_free(struct attachment_row *rows, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].type);
		free(rows[i].data);
	}
	free(rows);
}

static const char sql_att_of[] =
	"SELECT id, interaction_id, name, content_type, size, 1, data"
	" FROM attachments WHERE interaction_id=?1 AND data IS NOT NULL ORDER BY id";

/* The rows sql gives for id: each attachment's metadata, and with
 * with_data its bytes (column 6) too. */
static int read_rows(struct store *st, const char *sql, long long id,
		     int with_data, struct attachment_row **rows, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	struct attachment_row *v = NULL;
	int cap = 0, rc;

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		size_t len = with_data ? (size_t)sqlite3_column_bytes(s, 6) : 0;
		struct attachment_row *a;

		if (store_grow(st, (void **)&v, *n, &cap, sizeof *v) != STORE_OK) {
			rc = SQLITE_NOMEM;
			break;
		}
		a = &v[(*n)++];
		memset(a, 0, sizeof *a);
		if (with_data && (a->data = malloc(len + 1)) == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (read_att(s, a) != 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (with_data) {
			if (len)
				memcpy(a->data, sqlite3_column_blob(s, 6), len);
			a->size = (long long)len;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		attachment_rows_free(v, *n);
		*n = 0;
		return rc == SQLITE_NOMEM ? store_fail(st, "%s", _("out of memory"))
			: store_fail_sqlite(st, _("cannot read the attachments"));
	}
	*rows = v;
	return STORE_OK;
}

int store_attachment_rows_of(struct store *st, long long interaction_id,
			     struct attachment_row **rows, int *n)
{
	return read_rows(st, sql_att_of, interaction_id, 1, rows, n);
}

static const char sql_draft_attach[] =
	"INSERT INTO draft_attachments(agent_id, complaint_id, name, content_type,"
	" size, data, kind) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_draft_names[] =
	"SELECT name FROM draft_attachments WHERE agent_id=?1 AND complaint_id=?2"
	" AND kind=?3 ORDER BY id";

struct attach_ctx {
	long long agent, complaint;
	int note;
	const char *name, *type, *data;
	size_t len;
};

static int attach_tx(struct store *st, void *vctx)
{
	struct attach_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_draft_attach);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, c->agent);
	sqlite3_bind_int64(s, 2, c->complaint);
	sqlite3_bind_text(s, 3, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, (long long)c->len);
	sqlite3_bind_blob64(s, 6, c->data, c->len, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, c->note ? "note" : "reply", -1, SQLITE_STATIC);
	return store_step_done(st, s, _("cannot attach the file"));
}

int store_draft_attach(struct store *st, long long agent_id, long long complaint_id,
		       int note, const char *name, const char *type, const char *data,
		       size_t len)
{
	struct attach_ctx c = { agent_id, complaint_id, note, name, type, data, len };

	return store_tx_run(st, attach_tx, &c);
}

int store_draft_attachment_names(struct store *st, long long agent_id,
				 long long complaint_id, int note, char **names)
{
	sqlite3_stmt *s = store_stmt(st, sql_draft_names);
	char *out = calloc(1, 1);
	size_t len = 0;
	int rc;

	*names = NULL;
	if (out == NULL)
		return store_fail(st, "%s", _("out of memory"));
	if (s == NULL) {
		free(out);
		return STORE_ERROR;
	}
	sqlite3_bind_int64(s, 1, agent_id);
	sqlite3_bind_int64(s, 2, complaint_id);
	sqlite3_bind_text(s, 3, note ? "note" : "reply", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *nm = (const char *)sqlite3_column_text(s, 0);
		size_t m = nm ? strlen(nm) : 0;
		char *grown = realloc(out, len + m + 3);

		if (grown == NULL) {
			sqlite3_reset(s);
			free(out);
			return store_fail(st, "%s", _("out of memory"));
		}
		out = grown;
		if (len > 0) {
			memcpy(out + len, ", ", 2);
			len += 2;
		}
		memcpy(out + len, nm ? nm : "", m);
		len += m;
		out[len] = '\0';
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(out);
		return store_fail_sqlite(st, _("cannot read the attachments"));
	}
	*names = out;
	return STORE_OK;
}

int store_attachment_list(struct store *st, long long complaint_id,
			  struct attachment_row **rows, int *n)
{
	return read_rows(st, sql_att_list, complaint_id, 0, rows, n);
}

int store_attachment_data(struct store *st, long long id, struct attachment_row *meta,
			  char **data)
{
	sqlite3_stmt *s = store_stmt(st, sql_att_get);
	int rc;

	*data = NULL;
	memset(meta, 0, sizeof *meta);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_bytes(s, 6);

		if (read_att(s, meta) == 0 && meta->kept) {
			*data = malloc(n + 1);
			if (*data && n)
				memcpy(*data, sqlite3_column_blob(s, 6), n);
		}
		rc = meta->name == NULL || (meta->kept && *data == NULL) ? SQLITE_NOMEM
									 : STORE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = STORE_NOTFOUND;
	}
	sqlite3_reset(s);
	if (rc == STORE_NOTFOUND) {
		store_fail(st, _("no attachment %lld"), id);
		return STORE_NOTFOUND;
	}
	if (rc != STORE_OK) {
		free(*data);
		*data = NULL;
		return store_fail_sqlite(st, _("cannot read the attachment"));
	}
	if (!meta->kept) {
		store_fail(st, _("attachment %lld was larger than the limit and was not kept"), id);
		return STORE_DENIED;
	}
	return STORE_OK;
}
