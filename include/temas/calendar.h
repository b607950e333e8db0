/*
 * calendar.h: business-hours calendars (working hours per weekday, a time
 * zone, holidays and half days) and the working-time arithmetic the SLA
 * due times are computed with.  No database here: the store keeps a
 * calendar as its text and parses it with calendar_parse; the unit tests
 * call these directly.  The file format is in temas(1), CALENDAR FILES.
 */
#ifndef TEMAS_CALENDAR_H
#define TEMAS_CALENDAR_H

#include <stddef.h>

#include "temas/model.h"

struct calendar;

/*
 * Parse a calendar's text; `file` names it in messages.  On a bad line
 * NULL, and err holds "FILE:LINE: what".  Free with calendar_free.
 */
struct calendar *calendar_parse(const char *text, const char *file,
				char *err, size_t errsz);
void calendar_free(struct calendar *cal);

/* The time zone the hours are in ("Europe/Istanbul"). */
const char *calendar_zone(const struct calendar *cal);
/* Holidays and half days listed (every-year ones count once). */
int calendar_holiday_count(const struct calendar *cal);
/* The years the file's dated (moving) holidays are given for, from its
 * `years` line; 0 and 0 when it has none. */
void calendar_years(const struct calendar *cal, int *first, int *last);

/*
 * Work in the calendar's time zone for several computations in a row (the
 * zone is the process's TZ until calendar_zone_leave, which puts the old
 * one back).  Optional: each computation below enters and leaves by itself
 * otherwise, which costs a reading of the zone file each time.
 */
int calendar_zone_enter(struct calendar *cal);
void calendar_zone_leave(struct calendar *cal);

/*
 * The moment `secs` of working time after `from` (from itself when secs is
 * 0 and from is working time, else the next opening).  STORE_INVALID when
 * the calendar gives no working time within ten years.
 */
int calendar_add(struct calendar *cal, temas_time from, long long secs,
		 temas_time *out);

/* The working seconds in [a, b); 0 when b <= a. */
int calendar_between(struct calendar *cal, temas_time a, temas_time b,
		     long long *secs);

/* ---- kept in the database (src/store/calendar_store.c) ---- */

struct store;

/* The strings are kept by the store until it is closed, except zone and
 * channels, which calendar_info_free frees. */
struct calendar_info {
	const char *name;
	char *zone;                 /* "?" when the stored text no longer parses */
	int holidays;
	int year_first, year_last;  /* 0 when the file has no `years` line */
	char *channels;             /* "phone email" ("" for none) */
	temas_time updated_at;
	const char *updated_by;
};

/*
 * Store (add or replace) calendar `name` from its text, in the name of
 * `login`, audited.  A bad line: STORE_INVALID, store_errmsg() says
 * "FILE:LINE: what", and nothing is changed.
 */
int store_calendar_set(struct store *st, const char *login, const char *name,
		       const char *text, const char *file);
/* Every calendar, by name; free with calendar_info_free. */
int store_calendar_list(struct store *st, struct calendar_info **rows, int *n);
void calendar_info_free(struct calendar_info *rows, int n);
/* The stored text of a calendar (malloc'd); STORE_NOTFOUND if none. */
int store_calendar_text(struct store *st, const char *name, char **text);
/* Count working time on `channel` by calendar `name` (NULL: no calendar,
 * the clock always runs), in the name of `login`, audited.  Complaints
 * opened from then on get due times by it. */
int store_calendar_assign(struct store *st, const char *login,
			  const char *channel, const char *name);
/* The parsed calendar of a channel in *cal, NULL when it has none. */
int store_calendar_of_channel(struct store *st, const char *channel,
			      struct calendar **cal);

#endif
