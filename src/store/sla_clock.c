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
 */
#include "config.h"

#include "internal.h"
#include "temas/calendar.h"
#include "temas/i18n.h"

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

/* The due time `due` of a clock stopped at `from` and started at `now`. */
static int moved(struct calendar *cal, temas_time from, temas_time now,
		 temas_time due, temas_time *out)
{
	long long left;
	int rc;

	*out = due;
	if (due <= from || now <= from)
		return STORE_OK;
	if (cal == NULL) {
		*out = due + (now - from);
		return STORE_OK;
	}
	if ((rc = calendar_between(cal, from, due, &left)) != STORE_OK)
		return rc;
	return calendar_add(cal, now, left, out);
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
