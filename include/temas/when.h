/*
 * when.h: the time an agent types for a snooze ("call back on Monday at
 * 10"), read in the agent's local time zone (TZ), and the short way it
 * is shown back ("Mon 7 Dec 10:00").
 *
 * Understood, case and Turkish letters folded:
 *   +30m +2h +1d +1w +1h30m   from now (d and w keep the time of day)
 *   tomorrow [TIME]  yarın [TIME]  today TIME  bugün TIME
 *   WEEKDAY [TIME]   monday mon pazartesi pzt salı sali ... : the next
 *                    such day, never today
 *   TIME             HH:MM, HH.MM, H or HH: today, or tomorrow once past
 *   YYYY-MM-DD [TIME], YYYY-MM-DDTHH:MM
 * A day without a time means WHEN_DEFAULT_HOUR:00.  The result must be
 * in the future and at most WHEN_MAX_DAYS ahead.
 */
#ifndef TEMAS_WHEN_H
#define TEMAS_WHEN_H

#include <stddef.h>

#define WHEN_DEFAULT_HOUR 9
#define WHEN_MAX_DAYS 366

/*
 * Read the words at the start of s as a time after now (UTC seconds).
 * 0: *out the time, *used how many bytes of s the time took (the words
 * after it are left to the caller: a note, or an error).  -1: err holds
 * one sentence naming the word that was wrong.
 */
int text_when_parse(const char *s, long long now, long long *out,
		    size_t *used, char *err, size_t errsz);

/* t as local "Mon 7 Dec 10:00" in the LC_TIME locale's day and month
 * names, with the year when it is not now's year. */
void text_when_format(long long t, long long now, char *buf, size_t n);

#endif
