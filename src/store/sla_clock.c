/*
 * sla_clock.c: the SLA clock stops while a complaint is pending on the
 * customer and starts again when it leaves that state (the customer
 * answered, or an agent moved it on).
 *
 * Pausing notes the moment; resuming moves each due time that had not
 * passed by then on by the time the complaint waited: in working time on
 * a channel with a business-hours calendar (what was left of it is kept),
 * on the wall clock otherwise.  A due time already passed when the wait
 * began stays breached.  Every write that changes a complaint's state
 * calls store_sla_clock_sync in its transaction, so any process keeps the
 * rule, and calling it twice changes nothing.
 *
 * A new priority brings its own targets, counted from the opening as the
 * policy counts them; the time the complaint has already waited on the
 * customer (how far its due times stand past the old priority's targets)
 * is kept, in working time where the channel has a calendar.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/calendar.h"
#include "temas/i18n.h"
#include "temas/sla.h"

static const char sql_clock[] =
	"SELECT c.status='pending', coalesce(c.paused_at,0), c.channel,"
	" c.first_response_due, c.resolution_due, c.first_response_at IS NULL,"
	" ch.same_day FROM complaints c JOIN channels ch ON ch.code=c.channel"
	" WHERE c.id=?1";
static const char sql_pause[] =
	"UPDATE complaints SET paused_at=?2 WHERE id=?1 AND paused_at IS NULL";
static const char sql_resume[] =
	"UPDATE complaints SET paused_at=NULL, first_response_due=?2,"
	" resolution_due=?3 WHERE id=?1";

/* `base` moved on by the time from a to b: working time with a calendar,
 * the wall clock without. */
static int add_span(struct calendar *cal, temas_time base, temas_time a,
		    temas_time b, temas_time *out)
{
	long long span;

	if (cal == NULL) {
		*out = base + (b - a);
		return STORE_OK;
	}
	if (calendar_between(cal, a, b, &span) != STORE_OK)
		return STORE_ERROR;
	return calendar_add(cal, base, span, out);
}

/* The due time `due` of a clock stopped at `from` and started at `now`:
 * what was left of it then, counted from now. */
static int moved(struct calendar *cal, temas_time from, temas_time now,
		 temas_time due, temas_time *out)
{
	*out = due;
	if (due <= from || now <= from)
		return STORE_OK;
	return add_span(cal, now, from, due, out);
}

int store_sla_clock_sync(struct store *st, long long id)
{
	sqlite3_stmt *s = store_stmt(st, sql_clock);
	struct calendar *cal = NULL;
	long long pending, paused, fr, res, waiting, same_day;
	temas_time now = store_now(st), nfr, nres;
	const char *channel;
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? STORE_OK
			: store_fail_sqlite(st, _("cannot read the complaint"));
	}
	pending = sqlite3_column_int64(s, 0);
	paused = sqlite3_column_int64(s, 1);
	channel = store_col_str(st, s, 2);
	fr = sqlite3_column_int64(s, 3);
	res = sqlite3_column_int64(s, 4);
	waiting = sqlite3_column_int64(s, 5);
	same_day = sqlite3_column_int64(s, 6);
	sqlite3_reset(s);
	if (pending && paused == 0) {
		if ((s = store_stmt(st, sql_pause)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, now);
		return store_step_done(st, s, _("cannot change the complaint's state"));
	}
	if (pending || paused == 0)
		return STORE_OK;
	/* A same-day channel's waits count on the wall clock, as its due
	 * times do. */
	if (!same_day && (channel == NULL ||
			  store_calendar_of_channel(st, channel, &cal) != STORE_OK))
		return STORE_ERROR;
	nfr = fr;
	rc = waiting ? moved(cal, paused, now, fr, &nfr) : STORE_OK;
	if (rc == STORE_OK)
		rc = moved(cal, paused, now, res, &nres);
	calendar_free(cal);
	if (rc != STORE_OK)
		return store_fail(st, _("no working time left in the channel's calendar"));
	if ((s = store_stmt(st, sql_resume)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, nfr);
	sqlite3_bind_int64(s, 3, nres);
	return store_step_done(st, s, _("cannot change the complaint's state"));
}

/* ---- targets by priority ---- */

static const char sql_sla[] =
	"SELECT p.first_response_secs, p.resolution_secs, c.same_day"
	" FROM sla_policies p JOIN channels c ON c.code=p.channel"
	" WHERE p.channel=?1 AND p.priority=?2";
static const char sql_targets[] =
	"SELECT priority, channel, opened_at, first_response_due, resolution_due"
	" FROM complaints WHERE id=?1";
static const char sql_retarget[] =
	"UPDATE complaints SET priority=?2, first_response_due=?3,"
	" resolution_due=?4 WHERE id=?1";

int store_sla_policy(struct store *st, const char *channel, const char *priority,
		     struct sla_policy *pol)
{
	sqlite3_stmt *s = store_stmt(st, sql_sla);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, priority, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		pol->first_response_secs = sqlite3_column_int64(s, 0);
		pol->resolution_secs = sqlite3_column_int64(s, 1);
		pol->same_day = sqlite3_column_int(s, 2);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot read the SLA policy"));
	return STORE_OK;
}

int store_sla_due(struct store *st, const char *channel, const char *priority,
		  long long opened, long long *fr, long long *res)
{
	struct sla_policy pol;
	struct calendar *cal;
	int rc = store_sla_policy(st, channel, priority, &pol);

	if (rc != STORE_OK)
		return rc;
	if (store_calendar_of_channel(st, channel, &cal) != STORE_OK)
		return STORE_ERROR;
	rc = sla_compute(opened, &pol, cal, fr, res);
	calendar_free(cal);
	return rc == STORE_OK ? STORE_OK : STORE_NOTFOUND;
}

/* `target` moved as far on as `was` stood past `old_target`. */
static int keep_wait(struct calendar *cal, long long old_target, long long was,
		     long long target, long long *out)
{
	*out = target;
	if (was <= old_target)
		return STORE_OK;
	return add_span(cal, target, old_target, was, out);
}

int store_sla_set_priority(struct store *st, long long id, const char *priority,
			   int *changed)
{
	sqlite3_stmt *s = store_stmt(st, sql_targets);
	struct sla_policy now_pol, old_pol;
	struct calendar *cal = NULL;
	long long opened = 0, fr = 0, res = 0, ofr, ores, nfr, nres;
	char *old = NULL, *channel = NULL;
	int rc, had_old;

	*changed = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		old = store_col_strdup(s, 0);
		channel = store_col_strdup(s, 1);
		opened = sqlite3_column_int64(s, 2);
		fr = sqlite3_column_int64(s, 3);
		res = sqlite3_column_int64(s, 4);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return store_refuse(st, STORE_NOTFOUND, _("no complaint %lld"), id);
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot read the complaint"));
	if (old == NULL || channel == NULL) {
		rc = store_fail(st, "%s", _("out of memory"));
		goto out;
	}
	if (strcmp(old, priority) == 0) {
		rc = STORE_OK;
		goto out;
	}
	rc = store_sla_policy(st, channel, priority, &now_pol);
	if (rc == STORE_NOTFOUND)
		rc = store_refuse(st, STORE_INVALID,
				  _("no SLA policy for channel '%s' and priority '%s'"),
				  channel, priority);
	if (rc != STORE_OK)
		goto out;
	/* Without the old targets (a policy removed since) nothing is known
	 * of a wait: the new targets stand as they are. */
	rc = store_sla_policy(st, channel, old, &old_pol);
	if (rc != STORE_OK && rc != STORE_NOTFOUND)
		goto out;
	had_old = rc == STORE_OK;
	/* One calendar for both targets; a same-day channel counts on the
	 * wall clock (sla_compute). */
	if (!now_pol.same_day &&
	    store_calendar_of_channel(st, channel, &cal) != STORE_OK) {
		rc = STORE_ERROR;
		goto out;
	}
	if (sla_compute(opened, &now_pol, cal, &nfr, &nres) != STORE_OK ||
	    (had_old &&
	     (sla_compute(opened, &old_pol, cal, &ofr, &ores) != STORE_OK ||
	      keep_wait(cal, ofr, fr, nfr, &nfr) != STORE_OK ||
	      keep_wait(cal, ores, res, nres, &nres) != STORE_OK))) {
		rc = store_fail(st, _("no working time left in the channel's calendar"));
		goto out;
	}
	if ((s = store_stmt(st, sql_retarget)) == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, priority, 0);
	sqlite3_bind_int64(s, 3, nfr);
	sqlite3_bind_int64(s, 4, nres);
	rc = store_step_done(st, s, _("cannot change the priority"));
	*changed = rc == STORE_OK;
out:
	calendar_free(cal);
	free(old);
	free(channel);
	return rc;
}
