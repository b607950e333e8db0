/*
 * test_calendar.c: business-hours calendars: the file format (a bad line
 * is named by file and line), working-time arithmetic across weekends,
 * holidays, half days, a year's end and a DST change, the shipped Turkish
 * calendar, and due times of complaints opened on a channel with one.
 *
 * The expected moments were computed apart from this code, from the local
 * times written beside them (Europe/Istanbul is UTC+3 all year).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "fixture.h"
#include "../../src/store/internal.h"
#include "temas/agent.h"
#include "temas/calendar.h"
#include "temas/complaint.h"
#include "temas/sla.h"
#include "temas/store.h"

static const char office[] =
	"# a test office\n"
	"zone Europe/Istanbul\n"
	"hours mon-fri 09:00-18:00\n"
	"holiday 01-01 New Year\n"
	"holiday 04-23\n"
	"halfday 10-28 13:00 eve\n"
	"holiday 10-29\n"
	"halfday 2026-03-19 13:00 arife\n"
	"holiday 2026-03-20..2026-03-22 bayram\n";

static struct calendar *parse_ok(const char *text)
{
	char err[256];
	struct calendar *cal = calendar_parse(text, "t.cal", err, sizeof err);

	ck_assert_msg(cal != NULL, "%s", err);
	return cal;
}

static temas_time add(struct calendar *cal, temas_time from, long long secs)
{
	temas_time out = 0;

	ck_assert_int_eq(calendar_add(cal, from, secs, &out), STORE_OK);
	return out;
}

#define H 3600LL

START_TEST(weekend_is_skipped)
{
	struct calendar *cal = parse_ok(office);
	long long secs;

	/* Fri 2026-12-04 17:00 + 2h: 1h Friday, 1h Monday -> Mon 10:00 */
	ck_assert_int_eq(add(cal, 1796392800LL, 2 * H), 1796626800LL);
	/* ending exactly at closing time stays on Friday (16:00 + 2h) */
	ck_assert_int_eq(add(cal, 1796389200LL, 2 * H), 1796396400LL);
	/* from Saturday noon, no time at all: Monday's opening */
	ck_assert_int_eq(add(cal, 1796461200LL, 0), 1796623200LL);
	/* and back: Fri 17:00 to Mon 10:00 is two working hours */
	ck_assert_int_eq(calendar_between(cal, 1796392800LL, 1796626800LL, &secs),
			 STORE_OK);
	ck_assert_int_eq(secs, 2 * H);
	ck_assert_int_eq(calendar_between(cal, 1796626800LL, 1796392800LL, &secs),
			 STORE_OK);
	ck_assert_int_eq(secs, 0);
	calendar_free(cal);
}
END_TEST

START_TEST(holidays_and_half_days)
{
	struct calendar *cal = parse_ok(office);

	/* Wed 2026-04-22 17:00 + 2h; Thu 23 April a holiday -> Fri 10:00 */
	ck_assert_int_eq(add(cal, 1776866400LL, 2 * H), 1777014000LL);
	/* Wed 2026-10-28 (half day to 13:00) 12:00 + 2h: 1h, Thu 29 a
	 * holiday -> Fri 30 October 10:00 */
	ck_assert_int_eq(add(cal, 1793178000LL, 2 * H), 1793343600LL);
	/* Thu 2026-03-19 (arife, to 13:00) 12:30 + 1h: 30 min, Fri a dated
	 * holiday, the weekend -> Mon 23 March 09:30 */
	ck_assert_int_eq(add(cal, 1773912600LL, H), 1774247400LL);
	calendar_free(cal);
}
END_TEST

START_TEST(year_boundary)
{
	struct calendar *cal = parse_ok(office);
	long long secs;

	/* Thu 2026-12-31 17:00 + 3h: 1h, 1 January a holiday, the weekend
	 * -> Mon 2027-01-04 11:00 */
	ck_assert_int_eq(add(cal, 1798725600LL, 3 * H), 1799049600LL);
	ck_assert_int_eq(calendar_between(cal, 1798725600LL, 1799049600LL, &secs),
			 STORE_OK);
	ck_assert_int_eq(secs, 3 * H);
	calendar_free(cal);
}
END_TEST

START_TEST(istanbul_has_no_dst_berlin_has)
{
	struct calendar *ist = parse_ok(office);
	struct calendar *ber = parse_ok("zone Europe/Berlin\nhours mon-fri 09:00-18:00\n");

	/* Fri 2026-03-27 17:00 + 2h -> Mon 30 March 10:00; Istanbul keeps
	 * UTC+3 over the last Sunday of March... */
	ck_assert_int_eq(add(ist, 1774620000LL, 2 * H), 1774854000LL);
	ck_assert_int_eq(1774854000LL - 1774620000LL, 65 * H);
	/* ...Berlin moves from UTC+1 to UTC+2 that Sunday: an hour less. */
	ck_assert_int_eq(add(ber, 1774627200LL, 2 * H), 1774857600LL);
	ck_assert_int_eq(1774857600LL - 1774627200LL, 64 * H);
	calendar_free(ist);
	calendar_free(ber);
}
END_TEST

START_TEST(the_process_zone_is_put_back)
{
	struct calendar *cal = parse_ok(office);
	struct tm tm;
	time_t t = 1796392800;

	setenv("TZ", "UTC", 1);
	tzset();
	add(cal, 1796392800LL, H);
	ck_assert_str_eq(getenv("TZ"), "UTC");
	localtime_r(&t, &tm);
	ck_assert_int_eq(tm.tm_hour, 14);
	unsetenv("TZ");
	tzset();
	ck_assert_int_eq(calendar_zone_enter(cal), STORE_OK);
	ck_assert_int_eq(calendar_zone_enter(cal), STORE_OK);
	add(cal, 1796392800LL, H);
	ck_assert_str_eq(getenv("TZ"), "Europe/Istanbul");
	calendar_zone_leave(cal);
	ck_assert_str_eq(getenv("TZ"), "Europe/Istanbul");
	calendar_zone_leave(cal);
	ck_assert_ptr_null(getenv("TZ"));
	calendar_free(cal);
}
END_TEST

START_TEST(no_working_time_is_refused_not_looped)
{
	struct calendar *cal = parse_ok("zone UTC\nhours sat 09:00-10:00\n"
					"holiday 01-01..12-31\n");
	temas_time out;

	ck_assert_int_eq(calendar_add(cal, 1796392800LL, H, &out), STORE_INVALID);
	calendar_free(cal);
}
END_TEST

struct bad_case {
	const char *text;
	const char *want;
};

START_TEST(bad_lines_are_named)
{
	static const struct bad_case cases[] = {
		{ "zone Europe/Istanbul\nhours mon-fri 09:00-18:00\nholday 01-01\n",
		  "t.cal:3: 'holday' is not a calendar line (zone, years, hours, holiday, halfday)" },
		{ "zone Europe/Istanbul\nhours mon-fry 09:00-18:00\n",
		  "t.cal:2: hours: 'mon-fry' is not a list of days (mon-fri, sat, sun, ...)" },
		{ "zone Europe/Istanbul\nhours mon 18:00-09:00\n",
		  "t.cal:2: hours: '18:00' is not a time range like 09:00-18:00" },
		{ "zone Europe/Istanbul\nhours mon 09:00-13:00 12:00-18:00\n",
		  "t.cal:2: hours: the times must be in order and must not overlap" },
		{ "zone Europe/Istanbul\nhours mon\n",
		  "t.cal:2: hours: give time ranges like 09:00-18:00, or 'closed'" },
		{ "zone Europe/Istanbul\nhours mon 09:00-18:00\n\nholiday 2026-05-01\nholiday 2026-04-30..2026-05-02\n",
		  "t.cal:5: this date is already listed on line 4" },
		{ "zone Europe/Istanbul\nhours mon 09:00-18:00\nholiday 2026-02-29\n",
		  "t.cal:3: holiday: '2026-02-29' is not a date (YYYY-MM-DD, or MM-DD for every year)" },
		{ "zone Europe/Istanbul\nhours mon 09:00-18:00\nhalfday 10-28 noon\n",
		  "t.cal:3: halfday: 'noon' is not the time work ends, like 13:00" },
		{ "zone Europe/Istanbull\n",
		  "t.cal:1: zone: 'Europe/Istanbull' is not a known time zone (like Europe/Istanbul)" },
		{ "zone ../../etc/passwd\n",
		  "t.cal:1: zone: '../../etc/passwd' is not a known time zone (like Europe/Istanbul)" },
		{ "zone UTC\nyears 2026 2024\n",
		  "t.cal:2: years: give the first and the last year, like 2024 2026" },
		{ "zone UTC\nholiday 01-01 \x1b[2J\n",
		  "t.cal:2: a control character" },
		{ "hours mon 09:00-18:00\n",
		  "t.cal: no 'zone' line (the time zone the hours are in)" },
		{ "zone UTC\nhours mon-sun closed\n",
		  "t.cal: no working hours (an 'hours' line)" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[256];
		struct calendar *cal = calendar_parse(cases[i].text, "t.cal", err,
						      sizeof err);

		ck_assert_msg(cal == NULL, "case %zu parsed", i);
		ck_assert_str_eq(err, cases[i].want);
	}
}
END_TEST

START_TEST(format_details)
{
	struct calendar *cal;
	int y1, y2;

	/* a later hours line replaces the days it names; windows with a
	 * lunch break; CRLF line ends */
	cal = parse_ok("zone UTC\r\nyears 2024 2026\r\nhours mon-fri 09:00-12:00 13:00-18:00\r\n"
		       "hours fri 09:00-12:00\r\nhours sat-sun closed\r\n");
	/* Thu 2026-12-03 11:00 UTC + 2h: 1h to 12:00, lunch, 1h -> 14:00 */
	ck_assert_int_eq(add(cal, 1796295600LL, 2 * H), 1796306400LL);
	/* Fri 2026-12-04 11:00 UTC + 2h: 1h Friday (to 12:00), Mon 10:00 */
	ck_assert_int_eq(add(cal, 1796382000LL, 2 * H), 1796637600LL);
	calendar_years(cal, &y1, &y2);
	ck_assert_int_eq(y1, 2024);
	ck_assert_int_eq(y2, 2026);
	ck_assert_str_eq(calendar_zone(cal), "UTC");
	calendar_free(cal);
}
END_TEST

static char *read_shipped(void)
{
	char p[600];
	FILE *f;
	char *buf = malloc(65536);
	size_t n;

	snprintf(p, sizeof p, "%s/calendars/tr.cal",
		 getenv("TEMAS_SRCDIR") ? getenv("TEMAS_SRCDIR") : "..");
	ck_assert_ptr_nonnull(buf);
	f = fopen(p, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", p);
	n = fread(buf, 1, 65535, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

START_TEST(shipped_turkish_calendar)
{
	char *text = read_shipped();
	struct calendar *cal = parse_ok(text);
	int y1, y2;

	ck_assert_ptr_nonnull(strstr(text, "Diyanet İşleri Başkanlığı"));
	calendar_years(cal, &y1, &y2);
	ck_assert_int_eq(y1, 2024);
	ck_assert_int_gt(y2, 2025);
	ck_assert_str_eq(calendar_zone(cal), "Europe/Istanbul");
	/* Ramazan Bayramı 2025 is 30 March - 1 April: Fri 28 March 17:00
	 * + 2h -> Wed 2 April 10:00 */
	ck_assert_int_eq(add(cal, 1743170400LL, 2 * H), 1743577200LL);
	/* Kurban Bayramı 2025 is 6-9 June, its eve Thu 5 June a half day:
	 * 12:00 + 2h -> Tue 10 June 10:00 */
	ck_assert_int_eq(add(cal, 1749114000LL, 2 * H), 1749538800LL);
	/* 2026: Ramazan 20 March (eve 19th), 23 April, 29 October (eve 28th) */
	ck_assert_int_eq(add(cal, 1773912600LL, H), 1774247400LL);
	ck_assert_int_eq(add(cal, 1776866400LL, 2 * H), 1777014000LL);
	ck_assert_int_eq(add(cal, 1793178000LL, 2 * H), 1793343600LL);
	/* Kurban Bayramı 2026: 27-30 May, eve Tue 26 May: Tue 12:00 + 2h ->
	 * 1h, Wed-Fri holidays, weekend -> Mon 1 June 10:00 */
	ck_assert_int_eq(add(cal, 1779786000LL, 2 * H), 1780297200LL);
	calendar_free(cal);
	free(text);
}
END_TEST

START_TEST(same_day_channels_keep_their_rule)
{
	struct calendar *cal = parse_ok(office);
	struct sla_policy p = { 8 * H, 72 * H, 0 };
	temas_time fr, res;

	/* Fri 2026-12-04 17:00 Istanbul, 8h and 72h of working time */
	ck_assert_int_eq(sla_compute(1796392800LL, &p, cal, &fr, &res), STORE_OK);
	ck_assert_int_eq(fr, 1796626800LL + 6 * H);           /* Mon 16:00 */
	ck_assert_int_eq(res, add(cal, 1796392800LL, 72 * H));
	ck_assert_int_eq(res, 1797429600LL);  /* 1h + 7 days of 9h + 8h: Wed 16 Dec 17:00 */
	/* a same-day channel: the end of the local day, calendar or not */
	setenv("TZ", "Europe/Istanbul", 1);
	tzset();
	p.same_day = 1;
	ck_assert_int_eq(sla_compute(1796392800LL, &p, cal, &fr, &res), STORE_OK);
	ck_assert_int_eq(fr, 1796417999LL);                    /* 23:59:59 */
	ck_assert_int_eq(res, 1796417999LL);
	calendar_free(cal);
}
END_TEST

/* ---- in the database ---- */

static struct store *st;
static char path[300];

static void setup(void)
{
	char err[512];
	long long id;

	fixture_mkdir("calendar");
	fixture_file("t.db", path, sizeof path);
	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_set_clock(st, 1796392800LL);
	ck_assert_int_eq(store_agent_upsert(st, "sup", "Şule", ROLE_SUPERVISOR, &id),
			 STORE_OK);
	ck_assert_int_eq(store_exec(st,
		"INSERT INTO customers(id, first_name, last_name, lang, created_at)"
		" VALUES(1, 'İpek', 'Işıklı', 'tr', 1600000000);"), STORE_OK);
}

static void teardown(void)
{
	store_close(st);
	st = NULL;
	fixture_rmdir();
}

static long long raw_int(const char *sql)
{
	return fixture_raw_int(path, 1, sql);
}

static long long open_on(const char *channel)
{
	struct complaint_new in = { 0 };
	long long id = 0;

	in.customer_id = 1;
	in.channel = channel;
	in.priority = "normal";
	in.subject = "Kargo";
	ck_assert_int_eq(store_complaint_open(st, &in, &id), STORE_OK);
	return id;
}

START_TEST(stored_calendar_sets_due_times)
{
	long long a, b, c;
	struct calendar_info *rows;
	char *text;
	int n;

	a = open_on("email");
	ck_assert_int_eq(store_calendar_set(st, "sup", "office", office, "office.cal"),
			 STORE_OK);
	ck_assert_int_eq(store_calendar_assign(st, "sup", "email", "office"), STORE_OK);
	ck_assert_int_eq(store_calendar_assign(st, "sup", "social", "office"), STORE_OK);
	b = open_on("email");
	c = open_on("social");
	/* before the calendar: 8h on the wall clock; after: 8 working hours
	 * from Fri 17:00 -> Mon 16:00 */
	ck_assert_int_eq(raw_int("SELECT first_response_due - opened_at FROM complaints WHERE id=1"),
			 8 * H);
	(void)a;
	ck_assert_int_eq(raw_int("SELECT first_response_due FROM complaints WHERE id=2"),
			 1796626800LL + 6 * H);
	ck_assert_int_eq(b, 2);
	/* social media keeps the same-day rule */
	ck_assert_int_le(raw_int("SELECT first_response_due - opened_at FROM complaints WHERE id=3"),
			 8 * H);
	ck_assert_int_eq(c, 3);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='calendar-assign'"), 2);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='calendar-set'"
				 " AND login='sup'"), 1);
	ck_assert_int_eq(store_calendar_list(st, &rows, &n), STORE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].channels, "email social");
	ck_assert_int_eq(rows[0].holidays, 8);
	calendar_info_free(rows, n);
	ck_assert_int_eq(store_calendar_text(st, "office", &text), STORE_OK);
	ck_assert_str_eq(text, office);
	free(text);
	/* none: the clock runs all hours again */
	ck_assert_int_eq(store_calendar_assign(st, "sup", "email", NULL), STORE_OK);
	open_on("email");
	ck_assert_int_eq(raw_int("SELECT first_response_due - opened_at FROM complaints WHERE id=4"),
			 8 * H);
}
END_TEST

START_TEST(bad_calendar_changes_nothing)
{
	ck_assert_int_eq(store_calendar_set(st, "sup", "office", office, "office.cal"),
			 STORE_OK);
	ck_assert_int_eq(store_calendar_set(st, "sup", "office",
					    "zone UTC\nhours mon 9:00-18:00\n", "new.cal"),
			 STORE_INVALID);
	ck_assert_str_eq(store_errmsg(st),
			 "new.cal:2: hours: '9:00' is not a time range like 09:00-18:00");
	ck_assert_int_eq(raw_int("SELECT count(*) FROM calendars WHERE body LIKE '# a test%'"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='calendar-set'"), 1);
	ck_assert_int_eq(store_calendar_set(st, "sup", "Bad Name", office, "x.cal"),
			 STORE_INVALID);
	ck_assert_int_eq(store_calendar_assign(st, "sup", "email", "nope"), STORE_NOTFOUND);
	ck_assert_int_eq(store_calendar_assign(st, "sup", "nope", "office"), STORE_NOTFOUND);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM channels WHERE calendar IS NOT NULL"), 0);
}
END_TEST

START_TEST(pending_stops_the_clock)
{
	struct agent sup;
	long long e, ph;

	ck_assert_int_eq(store_agent_by_login(st, "sup", &sup), STORE_OK);
	ck_assert_int_eq(store_calendar_set(st, "sup", "office", office, "office.cal"),
			 STORE_OK);
	ck_assert_int_eq(store_calendar_assign(st, "sup", "email", "office"), STORE_OK);
	e = open_on("email");           /* Fri 17:00: due Mon 16:00, Wed 16 Dec 17:00 */
	ph = open_on("phone");          /* the wall clock: +8h, +72h */
	ck_assert_int_eq(raw_int("SELECT first_response_due FROM complaints WHERE id=1"),
			 1796648400LL);
	/* pending on the customer from Fri 17:30 */
	store_set_clock(st, 1796394600LL);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, e, ST_PENDING, NULL), STORE_OK);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, ph, ST_PENDING, NULL), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT paused_at FROM complaints WHERE id=1"), 1796394600LL);
	/* the customer is back on Tuesday at 10:00 */
	store_set_clock(st, 1796713200LL);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, e, ST_OPEN, NULL), STORE_OK);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, ph, ST_OPEN, NULL), STORE_OK);
	/* 7.5 working hours were left to the first answer: Tue 17:30; 71.5
	 * to the resolution: Fri 18 December 09:30 */
	ck_assert_int_eq(raw_int("SELECT first_response_due FROM complaints WHERE id=1"),
			 1796740200LL);
	ck_assert_int_eq(raw_int("SELECT resolution_due FROM complaints WHERE id=1"),
			 1797575400LL);
	ck_assert_int_eq(raw_int("SELECT paused_at IS NULL FROM complaints WHERE id=1"), 1);
	/* the phone complaint moves by the wait on the clock */
	ck_assert_int_eq(raw_int("SELECT first_response_due - opened_at FROM complaints WHERE id=2"),
			 8 * H + (1796713200LL - 1796394600LL));
	/* an open complaint set open again (or a second resume) moves nothing */
	store_set_clock(st, 1796713200LL + 86400);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, e, ST_ESCALATED, NULL), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT first_response_due FROM complaints WHERE id=1"),
			 1796740200LL);
}
END_TEST

START_TEST(a_breach_stays_a_breach)
{
	struct agent sup;
	long long e;

	ck_assert_int_eq(store_agent_by_login(st, "sup", &sup), STORE_OK);
	e = open_on("phone");           /* due at 01:00 on Saturday */
	store_set_clock(st, 1796392800LL + 10 * H);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, e, ST_PENDING, NULL), STORE_OK);
	store_set_clock(st, 1796392800LL + 30 * H);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, e, ST_OPEN, NULL), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT first_response_due - opened_at FROM complaints WHERE id=1"),
			 8 * H);
	/* the resolution (72h) was not due yet: moved by the 20h wait */
	ck_assert_int_eq(raw_int("SELECT resolution_due - opened_at FROM complaints WHERE id=1"),
			 92 * H);
}
END_TEST

/* store_sla_set_priority in a transaction of its own: its status, and
 * whether the priority changed in *changed. */
static int set_priority(long long id, const char *p, int *changed)
{
	int rc;

	ck_assert_int_eq(store_tx_begin(st), STORE_OK);
	rc = store_sla_set_priority(st, id, p, changed);
	if (rc == STORE_OK)
		ck_assert_int_eq(store_tx_commit(st), STORE_OK);
	else
		store_tx_rollback(st);
	return rc;
}

/* A new priority brings its targets, counted from the opening; the time
 * the complaint already waited on the customer stays counted. */
START_TEST(a_new_priority_brings_its_targets)
{
	struct agent sup;
	long long e, ph;
	int changed = -1;

	ck_assert_int_eq(store_agent_by_login(st, "sup", &sup), STORE_OK);
	ck_assert_int_eq(store_calendar_set(st, "sup", "office", office, "office.cal"),
			 STORE_OK);
	ck_assert_int_eq(store_calendar_assign(st, "sup", "email", "office"), STORE_OK);
	e = open_on("email");           /* Fri 17:00, normal: due Mon 16:00 */
	ph = open_on("phone");          /* normal: +8h, +72h on the clock */
	/* pending on the customer from Fri 17:30 to Tuesday 10:00 */
	store_set_clock(st, 1796394600LL);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, e, ST_PENDING, NULL), STORE_OK);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, ph, ST_PENDING, NULL), STORE_OK);
	store_set_clock(st, 1796713200LL);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, e, ST_OPEN, NULL), STORE_OK);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, ph, ST_OPEN, NULL), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT first_response_due FROM complaints WHERE id=1"),
			 1796740200LL);  /* Tue 17:30 */

	/* high: 4 working hours, half an hour used before the wait: Tue 13:30;
	 * the resolution, 24 working hours: 23.5 from Tue 10:00, Thu 15:30 */
	ck_assert_int_eq(set_priority(e, "high", &changed), STORE_OK);
	ck_assert_int_eq(changed, 1);
	ck_assert_int_eq(raw_int("SELECT first_response_due FROM complaints WHERE id=1"),
			 1796725800LL);
	ck_assert_int_eq(raw_int("SELECT resolution_due FROM complaints WHERE id=1"),
			 1796725800LL + 2 * 86400 + 2 * H);
	ck_assert_int_eq(raw_int("SELECT priority='high' FROM complaints WHERE id=1"), 1);
	/* the same priority again: nothing moves */
	ck_assert_int_eq(set_priority(e, "high", &changed), STORE_OK);
	ck_assert_int_eq(changed, 0);
	ck_assert_int_eq(raw_int("SELECT first_response_due FROM complaints WHERE id=1"),
			 1796725800LL);
	/* back to normal: the first targets, the wait still counted */
	ck_assert_int_eq(set_priority(e, "normal", &changed), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT first_response_due FROM complaints WHERE id=1"),
			 1796740200LL);
	ck_assert_int_eq(raw_int("SELECT resolution_due FROM complaints WHERE id=1"),
			 1797575400LL);

	/* on the clock: urgent's hour after the opening, plus the wait */
	ck_assert_int_eq(set_priority(ph, "urgent", &changed), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT first_response_due - opened_at FROM complaints WHERE id=2"),
			 1 * H + (1796713200LL - 1796394600LL));
	ck_assert_int_eq(raw_int("SELECT resolution_due - opened_at FROM complaints WHERE id=2"),
			 4 * H + (1796713200LL - 1796394600LL));

	/* no policy for the priority: refused by name, nothing changes */
	ck_assert_int_eq(store_exec(st, "DELETE FROM sla_policies WHERE channel='phone'"
				    " AND priority='low'"), STORE_OK);
	ck_assert_int_eq(set_priority(ph, "low", &changed), STORE_INVALID);
	ck_assert_str_eq(store_errmsg(st),
			 "no SLA policy for channel 'phone' and priority 'low'");
	ck_assert_int_eq(raw_int("SELECT priority='urgent' FROM complaints WHERE id=2"), 1);
	ck_assert_int_eq(set_priority(99, "low", &changed), STORE_NOTFOUND);
}
END_TEST

static Suite *calendar_suite(void)
{
	Suite *s = suite_create("calendar");
	TCase *pure = tcase_create("pure");
	TCase *db = tcase_create("db");

	tcase_add_test(pure, weekend_is_skipped);
	tcase_add_test(pure, holidays_and_half_days);
	tcase_add_test(pure, year_boundary);
	tcase_add_test(pure, istanbul_has_no_dst_berlin_has);
	tcase_add_test(pure, the_process_zone_is_put_back);
	tcase_add_test(pure, no_working_time_is_refused_not_looped);
	tcase_add_test(pure, bad_lines_are_named);
	tcase_add_test(pure, format_details);
	tcase_add_test(pure, shipped_turkish_calendar);
	tcase_add_test(pure, same_day_channels_keep_their_rule);
	suite_add_tcase(s, pure);
	tcase_add_checked_fixture(db, setup, teardown);
	tcase_add_test(db, stored_calendar_sets_due_times);
	tcase_add_test(db, bad_calendar_changes_nothing);
	tcase_add_test(db, pending_stops_the_clock);
	tcase_add_test(db, a_breach_stays_a_breach);
	tcase_add_test(db, a_new_priority_brings_its_targets);
	suite_add_tcase(s, db);
	return s;
}

int main(void)
{
	return harness_run(calendar_suite());
}
