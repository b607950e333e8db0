/*
 * sla.c: SLA due times from a policy and the time a complaint was opened.
 *
 * No SQL here: the store reads the policy and calls these, and the unit
 * tests call them directly with any TZ.  On social media and complaint
 * portals "a reply later than the same day has lost its value", so those
 * channels' due times are capped at the end of the local day.
 */
#include "config.h"

#include <time.h>

#include "temas/sla.h"
#include "temas/store.h"

temas_time sla_end_of_local_day(temas_time t)
{
	time_t tt = (time_t)t, end;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return t;
	tm.tm_hour = 23;
	tm.tm_min = 59;
	tm.tm_sec = 59;
	tm.tm_isdst = -1;
	end = mktime(&tm);
	if (end == (time_t)-1 || (temas_time)end < t)
		return t;
	return (temas_time)end;
}

int sla_compute(temas_time opened, const struct sla_policy *p,
		temas_time *first_response_due, temas_time *resolution_due)
{
	temas_time fr, res;

	if (p->first_response_secs <= 0 || p->resolution_secs <= 0)
		return STORE_INVALID;
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
