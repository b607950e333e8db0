/*
 * test_locale.c: amounts and dates follow the locale: Turkish conventions
 * only when the matching category is Turkish.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "temas/text.h"

static const char *tr_name;

START_TEST(test_c_locale_is_not_turkish)
{
	char buf[64];

	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C"));
	ck_assert_int_eq(text_locale_turkish(LC_MONETARY), 0);
	ck_assert_int_eq(text_locale_turkish(LC_TIME), 0);
	ck_assert_str_eq(text_locale_date_format(), "%Y-%m-%d %H:%M");
	ck_assert_str_eq(text_locale_day_format(), "%Y-%m-%d");
	ck_assert_int_gt(text_format_money(123456, "TRY", text_locale_turkish(LC_MONETARY),
					   buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "1,234.56 TRY");
}
END_TEST

START_TEST(test_turkish_locale)
{
	char buf[64];

	ck_assert_ptr_nonnull(setlocale(LC_ALL, tr_name));
	ck_assert_int_ne(text_locale_turkish(LC_MONETARY), 0);
	ck_assert_int_ne(text_locale_turkish(LC_MESSAGES), 0);
	ck_assert_str_eq(text_locale_date_format(), "%d.%m.%Y %H:%M");
	ck_assert_str_eq(text_locale_day_format(), "%d.%m.%Y");
	ck_assert_int_gt(text_format_money(123456, "TRY", text_locale_turkish(LC_MONETARY),
					   buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "1.234,56 TL");
	setlocale(LC_ALL, "C");
}
END_TEST

START_TEST(test_categories_are_separate)
{
	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C"));
	ck_assert_ptr_nonnull(setlocale(LC_MONETARY, tr_name));
	ck_assert_int_ne(text_locale_turkish(LC_MONETARY), 0);
	ck_assert_int_eq(text_locale_turkish(LC_TIME), 0);
	ck_assert_str_eq(text_locale_date_format(), "%Y-%m-%d %H:%M");
	setlocale(LC_ALL, "C");
}
END_TEST

/* Places that show a day alone take the date part of a configured
 * date-and-time format. */
START_TEST(test_day_format)
{
	static const struct { const char *fmt, *day; } cases[] = {
		{ "%d.%m.%Y %H:%M", "%d.%m.%Y" },
		{ "%d/%m/%Y", "%d/%m/%Y" },
		{ "%a %d %b, %I:%M %p", "%a %d %b" },
		{ "%Y-%m-%d %-H.%M", "%Y-%m-%d" },
		{ "%e %B %Y %R", "%e %B %Y" },
		{ "%d.%m.", "%d.%m." },
		{ "%F %EX", "%F" },
		{ "%H:%M %d.%m.%Y", "%H:%M %d.%m.%Y" },
		{ "at %H", "at %H" },
		{ "100%% %d", "100%% %d" },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_int_eq(text_day_format(cases[i].fmt, buf, sizeof buf), 0);
		ck_assert_str_eq(buf, cases[i].day);
	}
	ck_assert_int_eq(text_day_format("%d.%m.%Y %H:%M", buf, 8), -1);
	ck_assert_int_eq(text_day_format("%d.%m.%Y %H:%M", buf, 9), 0);
	ck_assert_str_eq(buf, "%d.%m.%Y");
}
END_TEST

int main(void)
{
	static const char *const names[] = { "tr_TR.UTF-8", "tr_TR.utf8" };
	Suite *s = suite_create("locale");
	TCase *tc = tcase_create("locale");
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0] && tr_name == NULL; i++)
		if (setlocale(LC_ALL, names[i]) != NULL)
			tr_name = names[i];
	setlocale(LC_ALL, "C");
	tcase_add_test(tc, test_c_locale_is_not_turkish);
	tcase_add_test(tc, test_day_format);
	if (tr_name != NULL) {
		tcase_add_test(tc, test_turkish_locale);
		tcase_add_test(tc, test_categories_are_separate);
	} else {
		harness_skip("test_turkish_locale", "the tr_TR.UTF-8 locale is "
			     "missing (sh scripts/deps makes it)");
		harness_skip("test_categories_are_separate", "the tr_TR.UTF-8 "
			     "locale is missing (sh scripts/deps makes it)");
	}
	suite_add_tcase(s, tc);
	return harness_run(s);
}
