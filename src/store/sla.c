/*
 * sla.c: SLA due times from a policy and the time a complaint was opened.
 *
 * No SQL here: the store reads the policy and calls these, and the unit
 * tests call them directly with any TZ.  On social media and complaint
 * portals "a reply later than the same day has lost its value", so those
 * channels' due times are capped at the end of the local day.  Other
 * channels count their durations in a business-hours calendar's working
 * time when they have one (calendar.c), else on the wall clock.
 */
#include "config.h"

#include <time.h>

#include "temas/calendar.h"
#include "temas/sla.h"
#include "temas/store.h"

int sla_local_day_at(temas_time t, int days, int hour, int min, int sec,
		     temas_time *out)
{
	time_t tt = (time_t)t, at;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return STORE_ERROR;
	tm.tm_mday += days;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	at = mktime(&tm);
	if (at == (time_t)-1)
		return STORE_ERROR;
	*out = (temas_time)at;
	return STORE_OK;
}

temas_time sla_end_of_local_day(temas_time t)
{
	temas_time end;

	if (sla_local_day_at(t, 0, 23, 59, 59, &end) != STORE_OK || end < t)
		return t;
	return end;
}

int sla_compute(temas_time opened, const struct sla_policy *p,
		struct calendar *cal, temas_time *first_response_due,
		temas_time *resolution_due)
{
	temas_time fr, res;
	int rc;

	if (p->first_response_secs <= 0 || p->resolution_secs <= 0)
		return STORE_INVALID;
	if (cal != NULL && !p->same_day) {
		if ((rc = calendar_zone_enter(cal)) != STORE_OK)
			return rc;
		rc = calendar_add(cal, opened, p->first_response_secs, &fr);
		if (rc == STORE_OK)
			rc = calendar_add(cal, opened, p->resolution_secs, &res);
		calendar_zone_leave(cal);
		if (rc != STORE_OK)
			return rc;
		*first_response_due = fr;
		*resolution_due = res;
		return STORE_OK;
	}
	fr = opened + p->first_response_secs;
	res = opened + p->resolution_secs;
	if (p->same_day) {
		temas_time cap = sla_end_of_local_day(opened);

		if (fr > cap)
			fr = cap;
		if (res > cap)
			res = cap;
	}
	*first_response_due = fr;
	*resolution_due = res;
	return STORE_OK;
}
