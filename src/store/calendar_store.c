/*
 * calendar_store.c: business-hours calendars in the database.
 *
 * A calendar is kept as the text a supervisor imported, so that `temas
 * calendar show` gives back exactly what was written, comments and the
 * source of the dates included; it is parsed (calendar.c) where a due time
 * is computed.  Each channel names the calendar its due times count
 * working time in.
 */
#include "config.h"

#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "temas/agent.h"
#include "temas/calendar.h"
#include "temas/i18n.h"

#define CALENDAR_TEXT_MAX (1024 * 1024)

static int name_ok(const char *s)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') ||
		      s[n] == '-' || s[n] == '_'))
			return 0;
	return n > 0 && n < 64;
}

static const char sql_set[] =
	"INSERT INTO calendars(name, body, updated_at, updated_by)"
	" VALUES(?1, ?2, ?3, ?4) ON CONFLICT(name) DO UPDATE SET"
	" body=excluded.body, updated_at=excluded.updated_at,"
	" updated_by=excluded.updated_by";

struct set_ctx {
	const char *login, *name, *text, *file;
	const struct calendar *cal;
};

static int do_set(struct store *st, void *vctx)
{
	struct set_ctx *c = vctx;
	sqlite3_stmt *s = store_stmt(st, sql_set);
	char detail[256];
	int y1, y2;

	if (s == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, c->name, 0);
	store_bind_text(s, 2, c->text, 0);
	sqlite3_bind_int64(s, 3, store_now(st));
	store_bind_text(s, 4, c->login, 0);
	if (store_step_done(st, s, _("cannot save the calendar")) != STORE_OK)
		return STORE_ERROR;
	calendar_years(c->cal, &y1, &y2);
	snprintf(detail, sizeof detail, "%s zone=%s holidays=%d years=%d-%d",
		 c->name, calendar_zone(c->cal), calendar_holiday_count(c->cal),
		 y1, y2);
	return store_audit_login(st, c->login, "calendar-set", 0, 0, detail);
}

int store_calendar_set(struct store *st, const char *login, const char *name,
		       const char *text, const char *file)
{
	struct set_ctx c = { login, name, text, file, NULL };
	struct calendar *cal;
	int rc;

	if (!name_ok(name)) {
		snprintf(st->errmsg, sizeof st->errmsg,
			 _("'%s' is not a calendar name (a-z, 0-9, - and _)"), name);
		return STORE_INVALID;
	}
	if (strlen(text) > CALENDAR_TEXT_MAX) {
		snprintf(st->errmsg, sizeof st->errmsg,
			 _("%s: file is larger than %d bytes"), file, CALENDAR_TEXT_MAX);
		return STORE_INVALID;
	}
	cal = calendar_parse(text, file, st->errmsg, sizeof st->errmsg);
	if (cal == NULL)
		return STORE_INVALID;
	c.cal = cal;
	rc = store_tx_run(st, do_set, &c);
	calendar_free(cal);
	return rc;
}

static const char sql_list[] =
	"SELECT k.name, k.body, k.updated_at, k.updated_by,"
	" coalesce((SELECT group_concat(code, ' ') FROM"
	"   (SELECT code FROM channels WHERE calendar=k.name ORDER BY sort)), '')"
	" FROM calendars k ORDER BY k.name";

void calendar_info_free(struct calendar_info *rows, int n)
{
	int i;

	if (rows == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(rows[i].channels);
		free(rows[i].zone);
	}
	free(rows);
}

int store_calendar_list(struct store *st, struct calendar_info **out, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_list);
	struct calendar_info *rows = NULL;
	int cap = 0, rc;
	char err[256];

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct calendar_info *r;
		struct calendar *cal;
		const char *body = (const char *)sqlite3_column_text(s, 1);

		if (store_grow(st, (void **)&rows, *n, &cap, sizeof *rows) != STORE_OK)
			goto fail;
		r = &rows[*n];
		memset(r, 0, sizeof *r);
		r->name = store_col_str(st, s, 0);
		r->updated_at = sqlite3_column_int64(s, 2);
		r->updated_by = store_col_str(st, s, 3);
		(*n)++;
		if (r->name == NULL || r->updated_by == NULL ||
		    (r->channels = store_col_strdup(s, 4)) == NULL)
			goto oom;
		cal = calendar_parse(body ? body : "", r->name, err, sizeof err);
		/* A zone the system's data no longer has, say: shown as "?". */
		r->zone = strdup(cal != NULL ? calendar_zone(cal) : "?");
		if (cal != NULL) {
			r->holidays = calendar_holiday_count(cal);
			calendar_years(cal, &r->year_first, &r->year_last);
			calendar_free(cal);
		}
		if (r->zone == NULL)
			goto oom;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		calendar_info_free(rows, *n);
		*n = 0;
		return store_fail_sqlite(st, _("cannot read the calendars"));
	}
	*out = rows;
	return STORE_OK;
oom:
	store_fail(st, "%s", _("out of memory"));
fail:
	sqlite3_reset(s);
	calendar_info_free(rows, *n);
	*n = 0;
	return STORE_ERROR;
}

static const char sql_text[] = "SELECT body FROM calendars WHERE name=?1";

int store_calendar_text(struct store *st, const char *name, char **text)
{
	sqlite3_stmt *s = store_stmt(st, sql_text);
	int rc;

	*text = NULL;
	if (s == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, name, 0);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*text = store_col_strdup(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE) {
		snprintf(st->errmsg, sizeof st->errmsg, _("no calendar '%s'"), name);
		return STORE_NOTFOUND;
	}
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot read the calendars"));
	return *text != NULL ? STORE_OK : store_fail(st, _("out of memory"));
}

static const char sql_has_channel[] = "SELECT 1 FROM channels WHERE code=?1";
static const char sql_has_calendar[] = "SELECT 1 FROM calendars WHERE name=?1";
static const char sql_assign[] = "UPDATE channels SET calendar=?2 WHERE code=?1";

struct assign_ctx {
	const char *login, *channel, *name;
};

static int do_assign(struct store *st, void *vctx)
{
	struct assign_ctx *c = vctx;
	sqlite3_stmt *s;
	long long one;
	char detail[160];
	int rc;

	if ((s = store_stmt(st, sql_has_channel)) == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, c->channel, 0);
	rc = store_step_ints(st, s, &one, 1, _("cannot read channels"));
	if (rc == STORE_NOTFOUND) {
		snprintf(st->errmsg, sizeof st->errmsg, _("unknown channel '%s'"),
			 c->channel);
		return STORE_NOTFOUND;
	}
	if (rc != STORE_OK)
		return rc;
	if (c->name != NULL) {
		if ((s = store_stmt(st, sql_has_calendar)) == NULL)
			return STORE_ERROR;
		store_bind_text(s, 1, c->name, 0);
		rc = store_step_ints(st, s, &one, 1, _("cannot read the calendars"));
		if (rc == STORE_NOTFOUND) {
			snprintf(st->errmsg, sizeof st->errmsg, _("no calendar '%s'"),
				 c->name);
			return STORE_NOTFOUND;
		}
		if (rc != STORE_OK)
			return rc;
	}
	if ((s = store_stmt(st, sql_assign)) == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, c->channel, 0);
	store_bind_text(s, 2, c->name, 1);
	if (store_step_done(st, s, _("cannot change the channel")) != STORE_OK)
		return STORE_ERROR;
	snprintf(detail, sizeof detail, "%s %s", c->channel,
		 c->name != NULL ? c->name : "-");
	return store_audit_login(st, c->login, "calendar-assign", 0, 0, detail);
}

int store_calendar_assign(struct store *st, const char *login,
			  const char *channel, const char *name)
{
	struct assign_ctx c = { login, channel, name };

	return store_tx_run(st, do_assign, &c);
}

static const char sql_of_channel[] =
	"SELECT k.name, k.body FROM channels c JOIN calendars k ON k.name=c.calendar"
	" WHERE c.code=?1";

int store_calendar_of_channel(struct store *st, const char *channel,
			      struct calendar **cal)
{
	sqlite3_stmt *s = store_stmt(st, sql_of_channel);
	int rc;

	*cal = NULL;
	if (s == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, channel, 0);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *body = (const char *)sqlite3_column_text(s, 1);
		const char *name = (const char *)sqlite3_column_text(s, 0);

		*cal = calendar_parse(body ? body : "", name ? name : "", st->errmsg,
				      sizeof st->errmsg);
		sqlite3_reset(s);
		return *cal != NULL ? STORE_OK : STORE_INVALID;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read the calendars"));
	return STORE_OK;
}
