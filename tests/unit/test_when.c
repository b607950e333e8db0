/*
 * test_when.c: the snooze times an agent types ("+2h", "tomorrow 9:00",
 * "pazartesi 10:00", "14:30", "2026-12-07 10:00") read in the local time
 * zone, and what is refused (a past time, an unknown word) with the word
 * named.
 */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "temas/when.h"

/* Thursday 3 December 2026, 14:30 in Istanbul (11:30 UTC). */
#define NOW 1796297400LL
#define H 3600LL
#define D 86400LL
/* Monday 7 December 2026 10:00 in Istanbul. */
#define MON10 1796626800LL

static void zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static long long when(const char *s)
{
	char err[256];
	long long t;
	size_t used;

	if (text_when_parse(s, NOW, &t, &used, err, sizeof err) != 0)
		ck_abort_msg("'%s' refused: %s", s, err);
	ck_assert_msg(s[used + strspn(s + used, " ")] == '\0',
		      "'%s': only %zu bytes read", s, used);
	return t;
}

/* The message for s, which must be refused. */
static const char *refused(const char *s)
{
	static char err[256];
	long long t = 42;
	size_t used;

	ck_assert_msg(text_when_parse(s, NOW, &t, &used, err, sizeof err) == -1,
		      "'%s' was accepted", s);
	ck_assert_int_eq(t, 0);
	return err;
}

START_TEST(relative)
{
	zone("Europe/Istanbul");
	ck_assert_int_eq(when("+2h"), NOW + 2 * H);
	ck_assert_int_eq(when("+30m"), NOW + 30 * 60);
	ck_assert_int_eq(when("+1d"), NOW + D);
	ck_assert_int_eq(when("+1w"), NOW + 7 * D);
	ck_assert_int_eq(when("+1h30m"), NOW + 90 * 60);
	ck_assert_int_eq(when("+90min"), NOW + 90 * 60);
	ck_assert_int_eq(when("2h"), NOW + 2 * H);
	ck_assert_int_eq(when("+2SA"), NOW + 2 * H);
	ck_assert_int_eq(when("+3g"), NOW + 3 * D);
	ck_assert_int_eq(when("  +2h  "), NOW + 2 * H);
}
END_TEST

START_TEST(days)
{
	zone("Europe/Istanbul");
	ck_assert_int_eq(when("tomorrow 9:00"), NOW - 5.5 * H + D);
	ck_assert_int_eq(when("tomorrow"), NOW - 5.5 * H + D);
	ck_assert_int_eq(when("Tomorrow 09:00"), NOW - 5.5 * H + D);
	ck_assert_int_eq(when("yarın 9"), NOW - 5.5 * H + D);
	ck_assert_int_eq(when("YARIN 9.00"), NOW - 5.5 * H + D);
	ck_assert_int_eq(when("yarin 17:45"), NOW + 3.25 * H + D);
	ck_assert_int_eq(when("today 18:00"), NOW + 3.5 * H);
	ck_assert_int_eq(when("bugün 18:00"), NOW + 3.5 * H);
}
END_TEST

START_TEST(weekdays)
{
	zone("Europe/Istanbul");
	ck_assert_int_eq(when("monday 10:00"), MON10);
	ck_assert_int_eq(when("mon 10"), MON10);
	ck_assert_int_eq(when("Monday 10"), MON10);
	ck_assert_int_eq(when("pazartesi 10:00"), MON10);
	ck_assert_int_eq(when("PAZARTESİ 10.00"), MON10);
	ck_assert_int_eq(when("Pzt 10"), MON10);
	ck_assert_int_eq(when("pzt"), MON10 - H);
	ck_assert_int_eq(when("monday"), MON10 - H);
	ck_assert_int_eq(when("salı 10"), MON10 + D);
	ck_assert_int_eq(when("sali 10"), MON10 + D);
	ck_assert_int_eq(when("SALI 10"), MON10 + D);
	ck_assert_int_eq(when("tue 10:00"), MON10 + D);
	ck_assert_int_eq(when("çarşamba 10"), MON10 + 2 * D);
	ck_assert_int_eq(when("friday 10"), MON10 - 3 * D);
	ck_assert_int_eq(when("cuma 10"), MON10 - 3 * D);
	ck_assert_int_eq(when("cumartesi 10"), MON10 - 2 * D);
	ck_assert_int_eq(when("sunday 10"), MON10 - D);
	ck_assert_int_eq(when("pazar 10"), MON10 - D);
	/* Today is Thursday: a weekday is the next one, never today, even
	 * at an hour still ahead today. */
	ck_assert_int_eq(when("thursday 10"), MON10 + 3 * D);
	ck_assert_int_eq(when("perşembe 15:00"), MON10 + 3 * D + 5 * H);
	ck_assert_int_eq(when("thu 15:00"), MON10 + 3 * D + 5 * H);
}
END_TEST

START_TEST(clock_and_dates)
{
	zone("Europe/Istanbul");
	/* Later today, or tomorrow once the hour has passed. */
	ck_assert_int_eq(when("15:00"), NOW + 0.5 * H);
	ck_assert_int_eq(when("14:00"), NOW - 0.5 * H + D);
	ck_assert_int_eq(when("14:30"), NOW + D);
	ck_assert_int_eq(when("9"), NOW - 5.5 * H + D);
	ck_assert_int_eq(when("2026-12-07 10:00"), MON10);
	ck_assert_int_eq(when("2026-12-07T10:00"), MON10);
	ck_assert_int_eq(when("2026-12-07"), MON10 - H);
	ck_assert_int_eq(when("2027-02-28 23:59"), 1803848340LL);
}
END_TEST

START_TEST(zones)
{
	/* The same words, another zone: the agent's wall clock. */
	zone("UTC");
	ck_assert_int_eq(when("tomorrow 9:00"), NOW - 2.5 * H + D);
	ck_assert_int_eq(when("monday 10:00"), MON10 + 3 * H);
	ck_assert_int_eq(when("+2h"), NOW + 2 * H);
	/* Across a change to summer time (Berlin, the night of 27 to 28
	 * March 2027): tomorrow 9:00 is 9:00 on the clock, and +1d keeps the
	 * time of day, 23 hours later. */
	zone("Europe/Berlin");
	{
		char err[256];
		long long t;
		size_t used;

		ck_assert_int_eq(text_when_parse("tomorrow 9:00", 1806157800LL, &t,
						 &used, err, sizeof err), 0);
		ck_assert_int_eq(t, 1806217200LL);
		ck_assert_int_eq(text_when_parse("+1d", 1806157800LL, &t, &used,
						 err, sizeof err), 0);
		ck_assert_int_eq(t, 1806157800LL + 23 * H);
	}
}
END_TEST

START_TEST(rest_is_left)
{
	char err[256];
	long long t;
	size_t used;
	const char *s = "monday 10:00 call back about the refund";

	zone("Europe/Istanbul");
	ck_assert_int_eq(text_when_parse(s, NOW, &t, &used, err, sizeof err), 0);
	ck_assert_int_eq(t, MON10);
	ck_assert_str_eq(s + used, " call back about the refund");
	/* A word after a day that is no time of day is the caller's. */
	s = "pzt müşteri arayacak";
	ck_assert_int_eq(text_when_parse(s, NOW, &t, &used, err, sizeof err), 0);
	ck_assert_int_eq(t, MON10 - H);
	ck_assert_str_eq(s + used, " müşteri arayacak");
}
END_TEST

START_TEST(bad_input)
{
	zone("Europe/Istanbul");
	ck_assert_str_eq(refused(""), "give a time: +2h, tomorrow 9:00, mon 10:00, 14:30 or 2026-12-07 10:00");
	ck_assert_str_eq(refused("   "), "give a time: +2h, tomorrow 9:00, mon 10:00, 14:30 or 2026-12-07 10:00");
	ck_assert_str_eq(refused("mondy 10"), "'mondy' is not a time (try +2h, tomorrow 9:00, mon 10:00)");
	ck_assert_str_eq(refused("soon"), "'soon' is not a time (try +2h, tomorrow 9:00, mon 10:00)");
	ck_assert_str_eq(refused("25:00"), "'25:00' is not a time of day (00:00 to 23:59)");
	ck_assert_str_eq(refused("10:60"), "'10:60' is not a time of day (00:00 to 23:59)");
	ck_assert_str_eq(refused("monday 25"), "'25' is not a time of day (00:00 to 23:59)");
	ck_assert_str_eq(refused("tomorrow 9:0"), "'9:0' is not a time of day (00:00 to 23:59)");
	ck_assert_str_eq(refused("123"), "'123' is not a time of day (00:00 to 23:59)");
	ck_assert_str_eq(refused("2026-02-30"), "'2026-02-30' is not a date (YYYY-MM-DD)");
	ck_assert_str_eq(refused("2026-12-7"), "'2026-12-7' is not a date (YYYY-MM-DD)");
	ck_assert_str_eq(refused("2026-12-01 10:00"), "'2026-12-01 10:00' is in the past");
	ck_assert_str_eq(refused("today 9:00"), "'today 9:00' is in the past");
	ck_assert_str_eq(refused("+0m"), "'+0m' is in the past");
	ck_assert_str_eq(refused("+2x"), "'+2x': give a number and m, h, d or w (+30m, +2h, +1d, +1w)");
	ck_assert_str_eq(refused("+"), "'+': give a number and m, h, d or w (+30m, +2h, +1d, +1w)");
	ck_assert_str_eq(refused("+h"), "'+h': give a number and m, h, d or w (+30m, +2h, +1d, +1w)");
	ck_assert_str_eq(refused("+99999h"), "'+99999h': give a number and m, h, d or w (+30m, +2h, +1d, +1w)");
	ck_assert_str_eq(refused("+400d"), "'+400d' is more than a year ahead");
	ck_assert_str_eq(refused("2028-01-01"), "'2028-01-01' is more than a year ahead");
	/* A control character never reaches the message. */
	ck_assert_ptr_null(strchr(refused("\x1b[2Jx"), '\x1b'));
}
END_TEST

START_TEST(format)
{
	char buf[64];

	zone("Europe/Istanbul");
	setlocale(LC_TIME, "C");
	text_when_format(MON10, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "Mon 7 Dec 10:00");
	text_when_format(1803848340LL, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "Sun 28 Feb 2027 23:59");
	zone("UTC");
	text_when_format(MON10, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "Mon 7 Dec 07:00");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("when");
	TCase *tc = tcase_create("when");

	if (access("/usr/share/zoneinfo/Europe/Istanbul", R_OK) != 0) {
		harness_skip("snooze times", "the time zone data (tzdata) is not installed");
		suite_add_tcase(s, tc);
		return harness_run(s);
	}
	tcase_add_test(tc, relative);
	tcase_add_test(tc, days);
	tcase_add_test(tc, weekdays);
	tcase_add_test(tc, clock_and_dates);
	tcase_add_test(tc, zones);
	tcase_add_test(tc, rest_is_left);
	tcase_add_test(tc, bad_input);
	tcase_add_test(tc, format);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
