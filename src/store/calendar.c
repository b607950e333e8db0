/*
 * calendar.c: business-hours calendars and working-time arithmetic.
 *
 * A calendar is text (the format is in temas(1), CALENDAR FILES): a time
 * zone, working hours per weekday, holidays and half days, either every
 * year (MM-DD) or on one date (YYYY-MM-DD: the religious holidays move
 * every year).  Days are counted as civil dates, so the arithmetic walks
 * dates and asks the C library only for the UTC moment of a window's
 * opening and closing on that date, in the calendar's zone: a day the
 * clocks change is as long as it really is.
 *
 * The zone is switched through TZ because that is the only zone the C
 * library converts in; it is put back when the computation ends.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "temas/calendar.h"
#include "temas/i18n.h"
#include "temas/store.h"

#define DAY_SECS 86400
/* Longest search for working time: a calendar that has none for ten
 * years (every day a holiday) is refused, not looped on. */
#define SEARCH_DAYS 3660

struct window {
	int from, to;           /* seconds into the local day, from < to */
};

struct special {
	int key;                /* YYYYMMDD, or MMDD for every year */
	int end;                /* work ends at this second of the day; 0: none */
	int line;
};

struct calendar {
	char *zone;
	struct window *win[7];  /* by weekday, 0 = Sunday */
	int nwin[7];
	struct special *sp;
	size_t nsp, capsp;
	int year_first, year_last;
	int entered;            /* calendar_zone_enter depth */
	char *saved_tz;
	int had_tz;
};

/* ---- dates ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int weekday_of(long days)
{
	long w = (days + 4) % 7;        /* 1970-01-01 was a Thursday */

	return (int)(w < 0 ? w + 7 : w);
}

static int month_days(long y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 29;
	return n[m - 1];
}

/* ---- parsing ---- */

struct parse {
	struct calendar *cal;
	const char *file;
	int line;
	char *err;
	size_t errsz;
};

static int bad(struct parse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int bad(struct parse *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(p->err, p->errsz, "%s:%d: ", p->file, p->line);
	if (n < 0 || (size_t)n >= p->errsz)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errsz - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Next blank-separated word of *s (NUL-terminated in place), or NULL. */
static char *word(char **s)
{
	char *w = *s;

	while (*w == ' ' || *w == '\t')
		w++;
	if (*w == '\0')
		return NULL;
	*s = w;
	while (**s != '\0' && **s != ' ' && **s != '\t')
		(*s)++;
	if (**s != '\0')
		*(*s)++ = '\0';
	return w;
}

static int digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* "HH:MM" into seconds of the day; 24:00 allowed only as an end. */
static int parse_clock(const char *s, int allow_24, int *secs)
{
	int h, m;

	if (strlen(s) != 5 || s[2] != ':' || digits(s, 2, &h) || digits(s + 3, 2, &m))
		return -1;
	if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_24)))
		return -1;
	*secs = h * 3600 + m * 60;
	return 0;
}

/* "YYYY-MM-DD" (key YYYYMMDD) or "MM-DD" (key MMDD). */
static int parse_date(const char *s, int *key)
{
	int y = 0, m, d;
	size_t n = strlen(s);

	if (n == 10) {
		if (digits(s, 4, &y) || s[4] != '-')
			return -1;
		s += 5;
	} else if (n != 5) {
		return -1;
	}
	if (digits(s, 2, &m) || s[2] != '-' || digits(s + 3, 2, &d))
		return -1;
	if (m < 1 || m > 12 || d < 1)
		return -1;
	if (n == 10 && (y < 1970 || y > 9999 || d > month_days(y, m)))
		return -1;
	if (n == 5 && d > month_days(2000, m))
		return -1;
	*key = y * 10000 + m * 100 + d;
	return 0;
}

static const char *const day_names[7] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat" };

static int day_index(const char *s, size_t n)
{
	int i;

	for (i = 0; i < 7; i++)
		if (n == 3 && strncmp(s, day_names[i], 3) == 0)
			return i;
	return -1;
}

/* "mon-fri", "sat", "mon,wed,fri", "sat-sun" into a set of weekdays. */
static int parse_days(const char *s, int set[7])
{
	memset(set, 0, 7 * sizeof set[0]);
	while (*s != '\0') {
		size_t n = strcspn(s, ",");
		const char *dash = memchr(s, '-', n);
		int a, b;

		if (dash != NULL) {
			a = day_index(s, (size_t)(dash - s));
			b = day_index(dash + 1, n - (size_t)(dash - s) - 1);
		} else {
			a = b = day_index(s, n);
		}
		if (a < 0 || b < 0)
			return -1;
		/* Monday first: mon-sun covers the week, sat-sun the weekend. */
		for (;;) {
			set[a] = 1;
			if (a == b)
				break;
			a = (a + 1) % 7;
		}
		s += n;
		if (*s == ',' && *++s == '\0')
			return -1;
	}
	return 0;
}

static int do_hours(struct parse *p, char *rest)
{
	struct calendar *cal = p->cal;
	char *days = word(&rest), *r;
	struct window *w = NULL;
	int set[7], n = 0, i, closed = 0;

	if (days == NULL || parse_days(days, set) != 0)
		return bad(p, _("hours: '%s' is not a list of days (mon-fri, sat, sun, ...)"),
			   days ? days : "");
	while ((r = word(&rest)) != NULL) {
		char *dash = strchr(r, '-');
		struct window nw, *grown;

		if (strcmp(r, "closed") == 0 && n == 0 && !closed) {
			closed = 1;
			continue;
		}
		if (closed)
			goto badrange;
		if (dash == NULL)
			goto badrange;
		*dash = '\0';
		if (parse_clock(r, 0, &nw.from) || parse_clock(dash + 1, 1, &nw.to) ||
		    nw.from >= nw.to)
			goto badrange;
		if (n > 0 && nw.from < w[n - 1].to) {
			free(w);
			return bad(p, _("hours: the times must be in order and must not overlap"));
		}
		grown = realloc(w, (size_t)(n + 1) * sizeof *w);
		if (grown == NULL) {
			free(w);
			return bad(p, _("out of memory"));
		}
		w = grown;
		w[n++] = nw;
		continue;
badrange:
		free(w);
		return bad(p, _("hours: '%s' is not a time range like 09:00-18:00"), r);
	}
	if (n == 0 && !closed)
		return bad(p, _("hours: give time ranges like 09:00-18:00, or 'closed'"));
	for (i = 0; i < 7; i++) {
		if (!set[i])
			continue;
		free(cal->win[i]);
		cal->win[i] = NULL;
		cal->nwin[i] = 0;
		if (n == 0)
			continue;
		cal->win[i] = malloc((size_t)n * sizeof *w);
		if (cal->win[i] == NULL) {
			free(w);
			return bad(p, _("out of memory"));
		}
		memcpy(cal->win[i], w, (size_t)n * sizeof *w);
		cal->nwin[i] = n;
	}
	free(w);
	return 0;
}

static int add_special(struct parse *p, int key, int end)
{
	struct calendar *cal = p->cal;
	size_t i;

	for (i = 0; i < cal->nsp; i++)
		if (cal->sp[i].key == key)
			return bad(p, _("this date is already listed on line %d"),
				   cal->sp[i].line);
	if (cal->nsp == cal->capsp) {
		size_t cap = cal->capsp ? cal->capsp * 2 : 32;
		struct special *g = realloc(cal->sp, cap * sizeof *g);

		if (g == NULL)
			return bad(p, _("out of memory"));
		cal->sp = g;
		cal->capsp = cap;
	}
	cal->sp[cal->nsp].key = key;
	cal->sp[cal->nsp].end = end;
	cal->sp[cal->nsp].line = p->line;
	cal->nsp++;
	return 0;
}

/* holiday DATE[..DATE] [NAME] | halfday DATE HH:MM [NAME] */
static int do_special(struct parse *p, char *rest, int half)
{
	const char *kw = half ? "halfday" : "holiday";
	char *d = word(&rest), *dots, *t;
	int a, b, end = 0;
	long da, db, x;

	if (d == NULL)
		return bad(p, _("%s: a date is missing"), kw);
	dots = half ? NULL : strstr(d, "..");
	if (dots != NULL)
		*dots = '\0';
	if (parse_date(d, &a) != 0)
		return bad(p, _("%s: '%s' is not a date (YYYY-MM-DD, or MM-DD for every year)"),
			   kw, d);
	b = a;
	if (dots != NULL && (parse_date(dots + 2, &b) != 0 || (a > 9999) != (b > 9999) ||
			     b < a))
		return bad(p, _("%s: '%s' is not a date after %s"), kw, dots + 2, d);
	if (half) {
		t = word(&rest);
		if (t == NULL || parse_clock(t, 0, &end) != 0 || end == 0)
			return bad(p, _("halfday: '%s' is not the time work ends, like 13:00"),
				   t ? t : "");
	}
	if (a <= 9999) {
		/* Every year: MM-DD..MM-DD within one year. */
		for (x = a; x <= b; x++) {
			if (x % 100 == 0 || x % 100 > month_days(2000, (int)(x / 100)))
				continue;
			if (add_special(p, (int)x, end) != 0)
				return -1;
		}
		return 0;
	}
	da = days_from_civil(a / 10000, a / 100 % 100, a % 100);
	db = days_from_civil(b / 10000, b / 100 % 100, b % 100);
	if (db - da > 366)
		return bad(p, _("%s: a range longer than a year"), kw);
	for (x = da; x <= db; x++) {
		long y;
		int m, dd;

		civil_from_days(x, &y, &m, &dd);
		if (add_special(p, (int)(y * 10000 + m * 100 + dd), end) != 0)
			return -1;
	}
	return 0;
}

static int zone_known(const char *z)
{
	const char *dir = getenv("TZDIR");
	char *path;
	struct stat sb;
	size_t n;
	int ok;

	if (*z == '\0' || *z == '/' || strstr(z, "..") != NULL)
		return 0;
	for (n = 0; z[n] != '\0'; n++)
		if (!isalnum((unsigned char)z[n]) && strchr("/_+-", z[n]) == NULL)
			return 0;
	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	path = malloc(strlen(dir) + n + 2);
	if (path == NULL)
		return 0;
	sprintf(path, "%s/%s", dir, z);
	ok = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
	free(path);
	return ok;
}

static int do_line(struct parse *p, char *s)
{
	struct calendar *cal = p->cal;
	char *kw, *z, *y1, *y2;
	int a, b;

	for (kw = s; *kw != '\0'; kw++)
		if ((unsigned char)*kw < 0x20 && *kw != '\t')
			return bad(p, _("a control character"));
	kw = word(&s);
	if (kw == NULL || *kw == '#')
		return 0;
	if (strcmp(kw, "zone") == 0) {
		z = word(&s);
		if (z == NULL || word(&s) != NULL || !zone_known(z))
			return bad(p, _("zone: '%s' is not a known time zone (like Europe/Istanbul)"),
				   z ? z : "");
		free(cal->zone);
		if ((cal->zone = strdup(z)) == NULL)
			return bad(p, _("out of memory"));
		return 0;
	}
	if (strcmp(kw, "years") == 0) {
		y1 = word(&s);
		y2 = word(&s);
		if (y1 == NULL || y2 == NULL || word(&s) != NULL ||
		    strlen(y1) != 4 || strlen(y2) != 4 || digits(y1, 4, &a) ||
		    digits(y2, 4, &b) || a < 1970 || b < a)
			return bad(p, _("years: give the first and the last year, like 2024 2026"));
		cal->year_first = a;
		cal->year_last = b;
		return 0;
	}
	if (strcmp(kw, "hours") == 0)
		return do_hours(p, s);
	if (strcmp(kw, "holiday") == 0)
		return do_special(p, s, 0);
	if (strcmp(kw, "halfday") == 0)
		return do_special(p, s, 1);
	return bad(p, _("'%s' is not a calendar line (zone, years, hours, holiday, halfday)"),
		   kw);
}

static int cmp_special(const void *a, const void *b)
{
	const struct special *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

struct calendar *calendar_parse(const char *text, const char *file,
				char *err, size_t errsz)
{
	struct calendar *cal = calloc(1, sizeof *cal);
	struct parse p = { cal, file, 0, err, errsz };
	char *copy, *line, *next;
	int i, any = 0;

	err[0] = '\0';
	if (cal == NULL || (copy = strdup(text)) == NULL) {
		free(cal);
		snprintf(err, errsz, _("%s: out of memory"), file);
		return NULL;
	}
	for (line = copy; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		p.line++;
		if (*line != '\0' && line[strlen(line) - 1] == '\r')
			line[strlen(line) - 1] = '\0';
		if (do_line(&p, line) != 0) {
			free(copy);
			calendar_free(cal);
			return NULL;
		}
		if (next != NULL && *next == '\0')
			break;
	}
	free(copy);
	for (i = 0; i < 7; i++)
		any |= cal->nwin[i] > 0;
	if (cal->zone == NULL || !any) {
		snprintf(err, errsz, cal->zone == NULL
			 ? _("%s: no 'zone' line (the time zone the hours are in)")
			 : _("%s: no working hours (an 'hours' line)"), file);
		calendar_free(cal);
		return NULL;
	}
	if (cal->nsp > 0)
		qsort(cal->sp, cal->nsp, sizeof *cal->sp, cmp_special);
	return cal;
}

void calendar_free(struct calendar *cal)
{
	int i;

	if (cal == NULL)
		return;
	while (cal->entered > 0)
		calendar_zone_leave(cal);
	for (i = 0; i < 7; i++)
		free(cal->win[i]);
	free(cal->sp);
	free(cal->zone);
	free(cal);
}

const char *calendar_zone(const struct calendar *cal)
{
	return cal->zone;
}

int calendar_holiday_count(const struct calendar *cal)
{
	return (int)cal->nsp;
}

void calendar_years(const struct calendar *cal, int *first, int *last)
{
	*first = cal->year_first;
	*last = cal->year_last;
}

/* ---- the zone ---- */

int calendar_zone_enter(struct calendar *cal)
{
	const char *old;

	if (cal->entered++ > 0)
		return STORE_OK;
	old = getenv("TZ");
	cal->had_tz = old != NULL;
	cal->saved_tz = old != NULL ? strdup(old) : NULL;
	if ((old != NULL && cal->saved_tz == NULL) || setenv("TZ", cal->zone, 1) != 0) {
		free(cal->saved_tz);
		cal->saved_tz = NULL;
		cal->entered--;
		return STORE_ERROR;
	}
	tzset();
	return STORE_OK;
}

void calendar_zone_leave(struct calendar *cal)
{
	if (cal->entered <= 0 || --cal->entered > 0)
		return;
	if (cal->had_tz)
		setenv("TZ", cal->saved_tz, 1);
	else
		unsetenv("TZ");
	free(cal->saved_tz);
	cal->saved_tz = NULL;
	tzset();
}

/* ---- arithmetic ---- */

static const struct special *find_special(const struct calendar *cal, int key)
{
	struct special k = { key, 0, 0 };

	if (cal->nsp == 0)
		return NULL;
	return bsearch(&k, cal->sp, cal->nsp, sizeof k, cmp_special);
}

/* When work stops on that date: -1 a holiday, else the second of the day
 * (DAY_SECS when it is an ordinary day). */
static int day_end(const struct calendar *cal, long y, int m, int d)
{
	const struct special *a = find_special(cal, (int)(y * 10000 + m * 100 + d));
	const struct special *b = find_special(cal, m * 100 + d);
	int end = DAY_SECS;

	if ((a != NULL && a->end == 0) || (b != NULL && b->end == 0))
		return -1;
	if (a != NULL && a->end < end)
		end = a->end;
	if (b != NULL && b->end < end)
		end = b->end;
	return end;
}

static temas_time at_local(long y, int m, int d, int secs)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = (int)(y - 1900);
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = secs / 3600;
	tm.tm_min = secs / 60 % 60;
	tm.tm_sec = secs % 60;
	tm.tm_isdst = -1;
	return (temas_time)mktime(&tm);
}

static int local_day(temas_time t, long *day)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return -1;
	*day = days_from_civil(tm.tm_year + 1900L, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}

/*
 * Walk the working windows from the local day of `from` on, calling fn
 * with each window's UTC [a, b) until it returns nonzero (1: done).
 */
typedef int (*window_fn)(void *ctx, temas_time a, temas_time b);

static int walk(struct calendar *cal, temas_time from, long max_days,
		window_fn fn, void *ctx)
{
	long day, i;
	int rc = STORE_INVALID, entered;

	entered = calendar_zone_enter(cal) == STORE_OK;
	if (!entered)
		return STORE_ERROR;
	if (local_day(from, &day) != 0) {
		calendar_zone_leave(cal);
		return STORE_ERROR;
	}
	for (i = 0; i <= max_days; i++, day++) {
		int wd = weekday_of(day), m, d, k, end, stop = 0;
		long y;

		if (cal->nwin[wd] == 0)
			continue;
		civil_from_days(day, &y, &m, &d);
		end = day_end(cal, y, m, d);
		if (end < 0)
			continue;
		for (k = 0; k < cal->nwin[wd] && !stop; k++) {
			const struct window *w = &cal->win[wd][k];
			int to = w->to < end ? w->to : end;
			temas_time a, b;

			if (w->from >= to)
				break;
			a = at_local(y, m, d, w->from);
			b = at_local(y, m, d, to);
			if (b <= from || b <= a)
				continue;
			stop = fn(ctx, a > from ? a : from, b);
		}
		if (stop) {
			rc = STORE_OK;
			break;
		}
	}
	calendar_zone_leave(cal);
	return rc;
}

struct add_ctx {
	long long left;
	temas_time out;
};

static int add_fn(void *vctx, temas_time a, temas_time b)
{
	struct add_ctx *c = vctx;

	if (c->left <= b - a) {
		c->out = a + c->left;
		return 1;
	}
	c->left -= b - a;
	return 0;
}

int calendar_add(struct calendar *cal, temas_time from, long long secs,
		 temas_time *out)
{
	struct add_ctx c = { secs < 0 ? 0 : secs, from };
	int rc = walk(cal, from, SEARCH_DAYS, add_fn, &c);

	if (rc == STORE_OK)
		*out = c.out;
	return rc;
}

struct between_ctx {
	temas_time until;
	long long sum;
};

static int between_fn(void *vctx, temas_time a, temas_time b)
{
	struct between_ctx *c = vctx;

	if (a >= c->until)
		return 1;
	c->sum += (b < c->until ? b : c->until) - a;
	return b >= c->until;
}

int calendar_between(struct calendar *cal, temas_time a, temas_time b,
		     long long *secs)
{
	struct between_ctx c = { b, 0 };
	int rc;

	*secs = 0;
	if (b <= a)
		return STORE_OK;
	rc = walk(cal, a, (long)((b - a) / DAY_SECS) + 2, between_fn, &c);
	if (rc != STORE_OK && rc != STORE_INVALID)
		return rc;
	*secs = c.sum;
	return STORE_OK;
}
