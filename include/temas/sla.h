/*
 * sla.h: the SLA due times of a complaint, computed without a database so
 * that the rules can be tested alone.
 */
#ifndef TEMAS_SLA_H
#define TEMAS_SLA_H

#include "temas/model.h"

struct sla_policy {
	long long first_response_secs;
	long long resolution_secs;
	int same_day;   /* the channel's answers lose their value after today */
};

/*
 * The local time hour:min:sec on the day `days` after t's local day, in
 * the current TZ (a time the clocks skip that day moves on, as mktime
 * does).  STORE_ERROR (from store.h) when the C library cannot say.
 */
int sla_local_day_at(temas_time t, int days, int hour, int min, int sec,
		     temas_time *out);

/* The last second (23:59:59) of t's local day, in the current TZ. */
temas_time sla_end_of_local_day(temas_time t);

struct calendar;

/*
 * Due times for a complaint opened at `opened`: the policy's durations
 * counted in cal's working time, or on the wall clock when cal is NULL; on
 * a same-day channel (cal not used) both are capped at the end of the
 * local day.  STORE_INVALID (from store.h) for a non-positive duration or
 * a calendar with no working time.
 */
int sla_compute(temas_time opened, const struct sla_policy *p,
		struct calendar *cal, temas_time *first_response_due,
		temas_time *resolution_due);

#endif
