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
	if (tr_name != NULL) {
		tcase_add_test(tc, test_turkish_locale);
		tcase_add_test(tc, test_categories_are_separate);
	} else {
		printf("# the tr_TR.UTF-8 locale is missing (sh scripts/deps makes it): "
		       "Turkish cases not run\n");
		fflush(stdout);
	}
	suite_add_tcase(s, tc);
	return harness_run(s);
}
