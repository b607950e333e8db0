/*
 * when.c: reading the time an agent types for a snooze ("monday 10:00",
 * "+2h", "yarın 9") in local time, and showing one back briefly.
 *
 * Day arithmetic goes through mktime with tm_isdst = -1, so "tomorrow
 * 9:00" is 9:00 on the wall clock whatever the zone's offset does
 * overnight.  Words are folded the Turkish way first: "SALI", "Salı"
 * and "sali" are one word.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "temas/i18n.h"
#include "temas/text.h"
#include "temas/when.h"

#define WORD_MAX 64

static const struct {
	const char *name;
	int wday;
} day_names[] = {
	{ "sunday", 0 }, { "sun", 0 }, { "pazar", 0 }, { "paz", 0 },
	{ "pzr", 0 },
	{ "monday", 1 }, { "mon", 1 }, { "pazartesi", 1 }, { "pzt", 1 },
	{ "pts", 1 },
	{ "tuesday", 2 }, { "tue", 2 }, { "tues", 2 }, { "sali", 2 },
	{ "sal", 2 },
	{ "wednesday", 3 }, { "wed", 3 }, { "carsamba", 3 }, { "car", 3 },
	{ "crs", 3 },
	{ "thursday", 4 }, { "thu", 4 }, { "thur", 4 }, { "thurs", 4 },
	{ "persembe", 4 }, { "per", 4 }, { "prs", 4 },
	{ "friday", 5 }, { "fri", 5 }, { "cuma", 5 }, { "cum", 5 },
	{ "saturday", 6 }, { "sat", 6 }, { "cumartesi", 6 }, { "cmt", 6 },
	{ "cts", 6 },
};

/* One blank-separated word of s from *pos: its bytes in raw (cut at
 * WORD_MAX - 1, which no valid word reaches) and folded; 0 at the end. */
static int next_word(const char *s, size_t *pos, size_t *end, char *raw,
		     char *folded)
{
	size_t p = *pos, q, n;

	while (s[p] == ' ' || s[p] == '\t')
		p++;
	if (s[p] == '\0')
		return 0;
	for (q = p; s[q] != '\0' && s[q] != ' ' && s[q] != '\t'; q++)
		;
	n = q - p < WORD_MAX - 1 ? q - p : WORD_MAX - 1;
	memcpy(raw, s + p, n);
	raw[n] = '\0';
	if (text_fold_tr_buf(s + p, q - p, folded, WORD_MAX) >= WORD_MAX)
		folded[0] = '\0';
	*pos = p;
	*end = q;
	return 1;
}

/* The word as the message shows it: no control characters. */
static void say(char *err, size_t errsz, const char *fmt, const char *word)
{
	char *safe = text_sanitize(word, strlen(word), 0);

	snprintf(err, errsz, fmt, safe ? safe : "?");
	free(safe);
}

/* H, HH, H:MM, HH:MM, H.MM, HH.MM; -1 for anything else or out of range. */
static int parse_clock(const char *w, int *h, int *m)
{
	size_t nd = strspn(w, "0123456789");

	if (nd < 1 || nd > 2)
		return -1;
	*h = atoi(w);
	*m = 0;
	if (w[nd] != '\0') {
		if ((w[nd] != ':' && w[nd] != '.') ||
		    strspn(w + nd + 1, "0123456789") != 2 || w[nd + 3] != '\0')
			return -1;
		*m = atoi(w + nd + 1);
	}
	return *h <= 23 && *m <= 59 ? 0 : -1;
}

/* Local time h:m, days after now's day. */
static long long at_day(const struct tm *today, int days, int h, int m)
{
	struct tm t = *today;

	t.tm_mday += days;
	t.tm_hour = h;
	t.tm_min = m;
	t.tm_sec = 0;
	t.tm_isdst = -1;
	return (long long)mktime(&t);
}

/* +2h, +1h30m, 90m, +1d, +1w: seconds and days in *secs, *days. */
static int parse_relative(const char *w, long long *secs, int *days)
{
	const char *p = w + (w[0] == '+');
	char unit[8];
	long v;
	size_t nd, nu;

	*secs = 0;
	*days = 0;
	if (*p == '\0')
		return -1;
	while (*p != '\0') {
		nd = strspn(p, "0123456789");
		if (nd < 1 || nd > 4)
			return -1;
		v = atol(p);
		p += nd;
		nu = strcspn(p, "0123456789");
		if (nu < 1 || nu >= sizeof unit)
			return -1;
		memcpy(unit, p, nu);
		unit[nu] = '\0';
		p += nu;
		if (!strcmp(unit, "m") || !strcmp(unit, "min") || !strcmp(unit, "dk"))
			*secs += v * 60;
		else if (!strcmp(unit, "h") || !strcmp(unit, "sa") || !strcmp(unit, "saat"))
			*secs += v * 3600;
		else if (!strcmp(unit, "d") || !strcmp(unit, "g") || !strcmp(unit, "gun"))
			*days += (int)v;
		else if (!strcmp(unit, "w") || !strcmp(unit, "hf") || !strcmp(unit, "hafta"))
			*days += (int)v * 7;
		else
			return -1;
	}
	return 0;
}

/* YYYY-MM-DD, with THH:MM after it when *h is to be read there too:
 * 1 date and time, 0 date alone, -1 not a date. */
static int parse_date(const char *w, struct tm *day, int *h, int *m)
{
	struct tm t;
	int y, mo, d, n = 0;

	if (strlen(w) < 10 || sscanf(w, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 ||
	    n != 10 || w[4] != '-' || w[7] != '-' ||
	    strspn(w, "0123456789-") < 10)
		return -1;
	memset(&t, 0, sizeof t);
	t.tm_year = y - 1900;
	t.tm_mon = mo - 1;
	t.tm_mday = d;
	t.tm_hour = 12;
	t.tm_isdst = -1;
	if (mktime(&t) == (time_t)-1 || t.tm_year != y - 1900 ||
	    t.tm_mon != mo - 1 || t.tm_mday != d)
		return -1;
	*day = t;
	if (w[10] == '\0')
		return 0;
	if ((w[10] != 'T' && w[10] != 't') || parse_clock(w + 11, h, m) != 0)
		return -1;
	return 1;
}

static int find_day(const char *folded)
{
	size_t i;

	for (i = 0; i < sizeof day_names / sizeof day_names[0]; i++)
		if (strcmp(folded, day_names[i].name) == 0)
			return day_names[i].wday;
	return -1;
}

/*
 * After a day word, an optional time: a word that starts with a digit
 * must be one.  *used moves past it when it is.
 */
static int day_time(const char *s, size_t *used, int *h, int *m, char *err,
		    size_t errsz)
{
	char raw[WORD_MAX], folded[WORD_MAX];
	size_t pos = *used, end;

	*h = WHEN_DEFAULT_HOUR;
	*m = 0;
	if (!next_word(s, &pos, &end, raw, folded) ||
	    !isdigit((unsigned char)raw[0]))
		return 0;
	if (parse_clock(raw, h, m) != 0) {
		say(err, errsz, _("'%s' is not a time of day (00:00 to 23:59)"), raw);
		return -1;
	}
	*used = end;
	return 0;
}

int text_when_parse(const char *s, long long now, long long *out,
		    size_t *used, char *err, size_t errsz)
{
	char raw[WORD_MAX], folded[WORD_MAX], shown[64];
	struct tm today, day;
	time_t tnow = (time_t)now;
	long long t, secs;
	size_t pos = 0, end;
	int h, m, days, wday, k;

	*out = 0;
	*used = 0;
	if (!next_word(s, &pos, &end, raw, folded)) {
		snprintf(err, errsz, "%s",
			 _("give a time: +2h, tomorrow 9:00, mon 10:00, 14:30 or 2026-12-07 10:00"));
		return -1;
	}
	if (localtime_r(&tnow, &today) == NULL) {
		snprintf(err, errsz, "%s", _("the local time cannot be read"));
		return -1;
	}
	*used = end;
	if (raw[0] == '+' || (isdigit((unsigned char)raw[0]) &&
			      strpbrk(folded, "abcdefghijklmnopqrstuvwxyz") &&
			      strchr(raw, '-') == NULL)) {
		if (parse_relative(folded, &secs, &days) != 0) {
			say(err, errsz, _("'%s': give a number and m, h, d or w (+30m, +2h, +1d, +1w)"),
			    raw);
			return -1;
		}
		if (days > WHEN_MAX_DAYS || secs > WHEN_MAX_DAYS * 86400LL) {
			say(err, errsz, _("'%s' is more than a year ahead"), raw);
			return -1;
		}
		t = now;
		if (days > 0) {
			day = today;
			day.tm_mday += days;
			day.tm_isdst = -1;
			t = (long long)mktime(&day);
		}
		t += secs;
	} else if ((k = parse_date(raw, &day, &h, &m)) >= 0) {
		if (k == 0 && day_time(s, used, &h, &m, err, errsz) != 0)
			return -1;
		t = at_day(&day, 0, h, m);
	} else if (isdigit((unsigned char)raw[0]) && strchr(raw, '-') != NULL) {
		say(err, errsz, _("'%s' is not a date (YYYY-MM-DD)"), raw);
		return -1;
	} else if (isdigit((unsigned char)raw[0])) {
		if (parse_clock(raw, &h, &m) != 0) {
			say(err, errsz, _("'%s' is not a time of day (00:00 to 23:59)"), raw);
			return -1;
		}
		t = at_day(&today, 0, h, m);
		if (t <= now)
			t = at_day(&today, 1, h, m);
	} else if (!strcmp(folded, "tomorrow") || !strcmp(folded, "yarin") ||
		   !strcmp(folded, "today") || !strcmp(folded, "bugun")) {
		if (day_time(s, used, &h, &m, err, errsz) != 0)
			return -1;
		t = at_day(&today, strcmp(folded, "tomorrow") == 0 ||
				   strcmp(folded, "yarin") == 0, h, m);
	} else if ((wday = find_day(folded)) >= 0) {
		if (day_time(s, used, &h, &m, err, errsz) != 0)
			return -1;
		days = (wday - today.tm_wday + 7) % 7;
		t = at_day(&today, days ? days : 7, h, m);
	} else {
		say(err, errsz, _("'%s' is not a time (try +2h, tomorrow 9:00, mon 10:00)"),
		    raw);
		return -1;
	}
	memcpy(shown, s + pos, *used - pos < sizeof shown ? *used - pos : sizeof shown - 1);
	shown[*used - pos < sizeof shown ? *used - pos : sizeof shown - 1] = '\0';
	if (t <= now) {
		say(err, errsz, _("'%s' is in the past"), shown);
		return -1;
	}
	if (t - now > WHEN_MAX_DAYS * 86400LL) {
		say(err, errsz, _("'%s' is more than a year ahead"), shown);
		return -1;
	}
	*out = t;
	return 0;
}

void text_when_format(long long t, long long now, char *buf, size_t n)
{
	time_t tt = (time_t)t, tn = (time_t)now;
	struct tm a, b;
	char wd[32], mon[32];

	if (n == 0)
		return;
	if (localtime_r(&tt, &a) == NULL || localtime_r(&tn, &b) == NULL) {
		snprintf(buf, n, "%lld", t);
		return;
	}
	if (strftime(wd, sizeof wd, "%a", &a) == 0)
		wd[0] = '\0';
	if (strftime(mon, sizeof mon, "%b", &a) == 0)
		mon[0] = '\0';
	if (a.tm_year != b.tm_year)
		snprintf(buf, n, "%s %d %s %d %02d:%02d", wd, a.tm_mday, mon,
			 a.tm_year + 1900, a.tm_hour, a.tm_min);
	else
		snprintf(buf, n, "%s %d %s %02d:%02d", wd, a.tm_mday, mon,
			 a.tm_hour, a.tm_min);
}
