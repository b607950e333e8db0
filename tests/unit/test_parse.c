/*
 * test_parse.c: the value readers used by import (ISO 8601 times,
 * amounts in kuruş, integers, UTF-8) and the writers export uses.
 */
#include "config.h"

#include <check.h>
#include <string.h>

#include "harness.h"
#include "temas/parse.h"

START_TEST(iso_times)
{
	long long t;
	const char *why;

	ck_assert_int_eq(text_parse_iso_time("2025-03-01T10:00:00Z", &t, &why), 0);
	ck_assert_int_eq(t, 1740823200LL);
	ck_assert_int_eq(text_parse_iso_time("2025-03-01T13:00:00+03:00", &t, &why), 0);
	ck_assert_int_eq(t, 1740823200LL);
	ck_assert_int_eq(text_parse_iso_time("2025-03-01T07:30:00-02:30", &t, &why), 0);
	ck_assert_int_eq(t, 1740823200LL);
	ck_assert_int_eq(text_parse_iso_time("2025-03-01", &t, &why), 0);
	ck_assert_int_eq(t, 1740787200LL);
	ck_assert_int_eq(text_parse_iso_time("2024-02-29 23:59:59.250Z", &t, &why), 0);
	ck_assert_int_eq(t, 1709251199LL);
	ck_assert_int_eq(text_parse_iso_time("1969-12-31T23:59:59Z", &t, &why), 0);
	ck_assert_int_eq(t, -1);
}
END_TEST

START_TEST(bad_times)
{
	long long t;
	const char *why;

	ck_assert_int_eq(text_parse_iso_time("2025-02-29", &t, &why), -1);
	ck_assert_str_eq(why, "no such day in the calendar");
	ck_assert_int_eq(text_parse_iso_time("2025-13-01", &t, &why), -1);
	ck_assert_int_eq(text_parse_iso_time("01.03.2025", &t, &why), -1);
	ck_assert_str_eq(why, "not a date (use 2025-03-01 or 2025-03-01T10:00:00Z)");
	ck_assert_int_eq(text_parse_iso_time("2025-03-01T10:00:00", &t, &why), -1);
	ck_assert_str_eq(why, "time zone missing (end with Z or +03:00)");
	ck_assert_int_eq(text_parse_iso_time("2025-03-01T24:00:00Z", &t, &why), -1);
	ck_assert_str_eq(why, "time of day out of range");
	ck_assert_int_eq(text_parse_iso_time("2025-03-01T10:00:00+3", &t, &why), -1);
	ck_assert_int_eq(text_parse_iso_time("", &t, &why), -1);
	ck_assert_int_eq(text_parse_iso_time("2025-03-01Tx", &t, &why), -1);
}
END_TEST

START_TEST(format_time_inverts_parse)
{
	static const long long ts[] = { 0, 1740823200LL, 951782400LL, 4102444799LL, -86400 };
	char buf[32];
	long long back;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof ts / sizeof ts[0]; i++) {
		text_format_iso_time(ts[i], buf, sizeof buf);
		ck_assert_int_eq(text_parse_iso_time(buf, &back, &why), 0);
		ck_assert_int_eq(back, ts[i]);
	}
	text_format_iso_time(1740823200LL, buf, sizeof buf);
	ck_assert_str_eq(buf, "2025-03-01T10:00:00Z");
}
END_TEST

START_TEST(amounts)
{
	long long v;
	const char *why;

	ck_assert_int_eq(text_parse_amount("1234.56", &v, &why), 0);
	ck_assert_int_eq(v, 123456);
	ck_assert_int_eq(text_parse_amount("1234,56", &v, &why), 0);
	ck_assert_int_eq(v, 123456);
	ck_assert_int_eq(text_parse_amount("1234.5", &v, &why), 0);
	ck_assert_int_eq(v, 123450);
	ck_assert_int_eq(text_parse_amount("7", &v, &why), 0);
	ck_assert_int_eq(v, 700);
	ck_assert_int_eq(text_parse_amount("-0.05", &v, &why), 0);
	ck_assert_int_eq(v, -5);
	ck_assert_int_eq(text_parse_amount("12.345", &v, &why), -1);
	ck_assert_str_eq(why, "more than two decimals (thousands separators are not accepted)");
	ck_assert_int_eq(text_parse_amount("12a", &v, &why), -1);
	ck_assert_str_eq(why, "not an amount (use 1234.56)");
	ck_assert_int_eq(text_parse_amount("", &v, &why), -1);
	ck_assert_int_eq(text_parse_amount("1.", &v, &why), -1);
	ck_assert_int_eq(text_parse_amount(".5", &v, &why), -1);
	ck_assert_int_eq(text_parse_amount("1 000", &v, &why), -1);
	ck_assert_int_eq(text_parse_amount("99999999999999999999", &v, &why), -1);
	ck_assert_str_eq(why, "amount too large");
}
END_TEST

START_TEST(format_amount_inverts_parse)
{
	static const long long vs[] = { 0, 5, 123456, -5, -123400, 100 };
	char buf[32];
	long long back;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof vs / sizeof vs[0]; i++) {
		text_format_amount(vs[i], buf, sizeof buf);
		ck_assert_int_eq(text_parse_amount(buf, &back, &why), 0);
		ck_assert_int_eq(back, vs[i]);
	}
	text_format_amount(-5, buf, sizeof buf);
	ck_assert_str_eq(buf, "-0.05");
}
END_TEST

START_TEST(integers)
{
	long long v;
	const char *why;

	ck_assert_int_eq(text_parse_int("42", &v, &why), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(text_parse_int("-3", &v, &why), 0);
	ck_assert_int_eq(v, -3);
	ck_assert_int_eq(text_parse_int("4.0", &v, &why), -1);
	ck_assert_int_eq(text_parse_int("", &v, &why), -1);
	ck_assert_int_eq(text_parse_int("-", &v, &why), -1);
	ck_assert_int_eq(text_parse_int("99999999999999999999", &v, &why), -1);
	ck_assert_str_eq(why, "number too large");
}
END_TEST

START_TEST(durations)
{
	long long v;
	const char *why;

	ck_assert_int_eq(text_parse_duration("2h", &v, &why), 0);
	ck_assert_int_eq(v, 7200);
	ck_assert_int_eq(text_parse_duration("1h30m", &v, &why), 0);
	ck_assert_int_eq(v, 5400);
	ck_assert_int_eq(text_parse_duration("90s", &v, &why), 0);
	ck_assert_int_eq(v, 90);
	ck_assert_int_eq(text_parse_duration("1d", &v, &why), 0);
	ck_assert_int_eq(v, 86400);
	ck_assert_int_eq(text_parse_duration("0", &v, &why), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(text_parse_duration("", &v, &why), -1);
	ck_assert_int_eq(text_parse_duration("2", &v, &why), -1);
	ck_assert_int_eq(text_parse_duration("h", &v, &why), -1);
	ck_assert_int_eq(text_parse_duration("2 h", &v, &why), -1);
	ck_assert_int_eq(text_parse_duration("2w", &v, &why), -1);
	ck_assert_int_eq(text_parse_duration("99999999999d", &v, &why), -1);
	ck_assert_int_eq(text_parse_duration("367d", &v, &why), -1);
}
END_TEST

START_TEST(emails_and_phones)
{
	const char *why = NULL;

	ck_assert_int_eq(text_email_check("ayse@example.com", &why), 0);
	ck_assert_int_eq(text_email_check("a.b+c@mail.example.com.tr", &why), 0);
	ck_assert_int_eq(text_email_check("not-an-email", &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert_int_eq(text_email_check("@example.com", &why), -1);
	ck_assert_int_eq(text_email_check("a@b@example.com", &why), -1);
	ck_assert_int_eq(text_email_check("a@localhost", &why), -1);
	ck_assert_int_eq(text_email_check("a@example.", &why), -1);
	ck_assert_int_eq(text_email_check("ay se@example.com", &why), -1);
	ck_assert_int_eq(text_phone_check("+90 532 111 22 33", &why), 0);
	ck_assert_int_eq(text_phone_check("0 (533) 444-55.66", &why), 0);
	ck_assert_int_eq(text_phone_check("abc", &why), -1);
	ck_assert_int_eq(text_phone_check("1234", &why), -1);
	ck_assert_int_eq(text_phone_check("0532 111 22 33 dahili 5", &why), 0);
	ck_assert_int_eq(text_phone_check("0532 111\t22 33", &why), -1);
}
END_TEST

START_TEST(csat_replies)
{
	const char *c;
	size_t n;

	ck_assert_int_eq(text_parse_csat_reply("4 çok iyi\n> alıntı", &c, &n), 4);
	ck_assert_int_eq((int)n, (int)strlen("çok iyi"));
	ck_assert_int_eq(strncmp(c, "çok iyi", n), 0);
	ck_assert_int_eq(text_parse_csat_reply("\n  5/5 süper  \r\n", &c, &n), 5);
	ck_assert_int_eq(strncmp(c, "süper", n), 0);
	ck_assert_int_eq((int)n, (int)strlen("süper"));
	ck_assert_int_eq(text_parse_csat_reply("3 - yavaş", &c, &n), 3);
	ck_assert_int_eq(strncmp(c, "yavaş", n), 0);
	ck_assert_int_eq(text_parse_csat_reply("1", &c, &n), 1);
	ck_assert_int_eq((int)n, 0);
	ck_assert_int_eq(text_parse_csat_reply("2.", &c, &n), 2);
	ck_assert_int_eq(text_parse_csat_reply("0", &c, &n), 0);
	ck_assert_int_eq(text_parse_csat_reply("6", &c, &n), 0);
	ck_assert_int_eq(text_parse_csat_reply("45 dakika", &c, &n), 0);
	ck_assert_int_eq(text_parse_csat_reply("4.5", &c, &n), 0);
	ck_assert_int_eq(text_parse_csat_reply("3,5", &c, &n), 0);
	ck_assert_int_eq(text_parse_csat_reply("4/10", &c, &n), 0);
	ck_assert_int_eq(text_parse_csat_reply("5/50", &c, &n), 0);
	ck_assert_int_eq(text_parse_csat_reply("Teşekkürler 5", &c, &n), 0);
	ck_assert_int_eq(text_parse_csat_reply("", &c, &n), 0);
}
END_TEST

START_TEST(utf8_check)
{
	size_t bad;

	ck_assert_int_eq(text_utf8_check("çğıİöşü \xF0\x9F\x98\x80", 19, &bad), 0);
	ck_assert_int_eq(text_utf8_check("ab\xC3\x28", 4, &bad), -1);
	ck_assert_uint_eq(bad, 2);
	ck_assert_int_eq(text_utf8_check("\xC0\xAF", 2, &bad), -1);       /* overlong */
	ck_assert_int_eq(text_utf8_check("\xED\xA0\x80", 3, &bad), -1);   /* surrogate */
	ck_assert_int_eq(text_utf8_check("\xF4\x90\x80\x80", 4, &bad), -1); /* > U+10FFFF */
	ck_assert_int_eq(text_utf8_check("x\xE2\x82", 3, &bad), -1);      /* cut short */
	ck_assert_uint_eq(bad, 1);
	ck_assert_int_eq(text_utf8_check("a\0b", 3, &bad), -1);
	ck_assert_uint_eq(bad, 1);
	ck_assert_int_eq(text_utf8_check("\xFE", 1, &bad), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, iso_times);
	tcase_add_test(tc, bad_times);
	tcase_add_test(tc, format_time_inverts_parse);
	tcase_add_test(tc, amounts);
	tcase_add_test(tc, format_amount_inverts_parse);
	tcase_add_test(tc, integers);
	tcase_add_test(tc, utf8_check);
	tcase_add_test(tc, durations);
	tcase_add_test(tc, csat_replies);
	tcase_add_test(tc, emails_and_phones);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
