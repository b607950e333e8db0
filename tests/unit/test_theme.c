/*
 * test_theme.c: the theme parser: a good file, each kind of bad line
 * reported as FILE:LINE, fallback to the default, lookup by name, and the
 * shipped theme files themselves.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "../../src/ui/internal.h"

static int same_theme(const struct theme *a, const struct theme *b)
{
	int i;

	for (i = 0; i < EL_COUNT; i++)
		if (a->el[i].fg != b->el[i].fg || a->el[i].bg != b->el[i].bg ||
		    a->el[i].attrs != b->el[i].attrs)
			return 0;
	return 1;
}

START_TEST(good_text)
{
	struct theme t, def;
	char err[256] = "";

	theme_default(&t);
	theme_default(&def);
	ck_assert_int_eq(theme_parse("# a comment\n\n"
				     "selected = fg=black,bg=cyan,bold\n"
				     "  breached=fg=brightred , underline  # why\n"
				     "bar = fg=colour123,bg=color7\n"
				     "dim = none\n",
				     "x.theme", &t, err, sizeof err), 0);
	ck_assert_int_eq(t.el[EL_SELECTED].fg, 0);
	ck_assert_int_eq(t.el[EL_SELECTED].bg, 6);
	ck_assert_uint_eq(t.el[EL_SELECTED].attrs, STYLE_BOLD);
	ck_assert_int_eq(t.el[EL_BREACHED].fg, 9);
	ck_assert_int_eq(t.el[EL_BREACHED].bg, COLOUR_DEFAULT);
	ck_assert_uint_eq(t.el[EL_BREACHED].attrs, STYLE_UNDERLINE);
	ck_assert_int_eq(t.el[EL_BAR].fg, 123);
	ck_assert_int_eq(t.el[EL_BAR].bg, 7);
	ck_assert_uint_eq(t.el[EL_DIM].attrs, 0);
	/* Elements the text does not name keep the default. */
	ck_assert_int_eq(memcmp(&t.el[EL_ALERT], &def.el[EL_ALERT],
				sizeof t.el[EL_ALERT]), 0);
}
END_TEST

START_TEST(each_error_names_file_and_line)
{
	static const struct { const char *text, *msg; } cases[] = {
		{ "bar = bold\nselected bold\n",
		  "t.theme:2: expected 'element = style'" },
		{ "\n\n\nsparkle = bold\n", "t.theme:4: unknown element 'sparkle'" },
		{ "bar = fg=purple\n", "t.theme:1: unknown colour 'purple'" },
		{ "bar = fg=colour256\n", "t.theme:1: unknown colour 'colour256'" },
		{ "# x\nbar = bg=\n", "t.theme:2: unknown colour ''" },
		{ "bar = sparkle\n", "t.theme:1: unknown attribute 'sparkle'" },
		{ "bar = bold,fg=red,xyz\n", "t.theme:1: unknown attribute 'xyz'" },
	};
	struct theme t, before;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		theme_default(&t);
		before = t;
		err[0] = '\0';
		ck_assert_int_eq(theme_parse(cases[i].text, "t.theme", &t, err,
					     sizeof err), -1);
		ck_assert_str_eq(err, cases[i].msg);
		/* A bad theme changes nothing, not even the good lines. */
		ck_assert(same_theme(&t, &before));
	}
}
END_TEST

static char dir[256];

static void mkdir_tmp(void)
{
	snprintf(dir, sizeof dir, "%s/temas-theme-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void rm_tmp(void)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void write_theme(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(bad_file_falls_back_to_default)
{
	struct theme t, def;
	char err[600], path[512], want[600];

	mkdir_tmp();
	write_theme("bad.theme", "selected = reverse\nbar = fg=nope\n");
	snprintf(path, sizeof path, "%s/bad.theme", dir);
	theme_default(&def);
	ck_assert_int_eq(theme_load(path, &t, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:2: unknown colour 'nope'", path);
	ck_assert_str_eq(err, want);
	ck_assert(same_theme(&t, &def));
	rm_tmp();
}
END_TEST

START_TEST(lookup_by_name)
{
	struct theme t;
	char err[600];

	mkdir_tmp();
	write_theme("plain.theme", "selected = underline\n");
	setenv("TEMAS_THEME_DIR", dir, 1);
	ck_assert_int_eq(theme_load("plain", &t, err, sizeof err), 0);
	ck_assert_str_eq(err, "");
	ck_assert_uint_eq(t.el[EL_SELECTED].attrs, STYLE_UNDERLINE);
	ck_assert_int_eq(theme_load("no-such-theme", &t, err, sizeof err), -1);
	ck_assert_str_eq(err, "theme 'no-such-theme' not found");
	ck_assert_int_eq(theme_load("../etc", &t, err, sizeof err), -1);
	ck_assert_int_eq(theme_load("a b", &t, err, sizeof err), -1);
	ck_assert_str_eq(err, "theme 'a b': not a theme name");
	unsetenv("TEMAS_THEME_DIR");
	rm_tmp();
}
END_TEST

START_TEST(missing_file)
{
	struct theme t;
	char err[600];

	ck_assert_int_eq(theme_load("/nonexistent/x.theme", &t, err, sizeof err),
			 -1);
	ck_assert_str_eq(err, "/nonexistent/x.theme: cannot open: No such file or directory");
	/* A directory reads as no bytes: it was an empty theme, the
	 * default, without a word. */
	ck_assert_int_eq(theme_load("/", &t, err, sizeof err), -1);
	ck_assert_str_eq(err, "/: is a directory");
}
END_TEST

START_TEST(shipped_themes_parse)
{
	static const char *const names[] = {
		"default", "light", "mono", "high-contrast"
	};
	const char *src = getenv("TEMAS_SRCDIR");
	struct theme t, def;
	char err[600], path[1024];
	size_t i;

	ck_assert_ptr_nonnull(src);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/themes/%s.theme", src, names[i]);
		ck_assert_msg(theme_load(path, &t, err, sizeof err) == 0, "%s", err);
	}
	/* default.theme writes out exactly the built-in default. */
	snprintf(path, sizeof path, "%s/themes/default.theme", src);
	ck_assert_int_eq(theme_load(path, &t, err, sizeof err), 0);
	theme_default(&def);
	ck_assert(same_theme(&t, &def));
	/* mono uses no colour at all. */
	snprintf(path, sizeof path, "%s/themes/mono.theme", src);
	ck_assert_int_eq(theme_load(path, &t, err, sizeof err), 0);
	for (i = 0; i < EL_COUNT; i++) {
		ck_assert_int_eq(t.el[i].fg, COLOUR_DEFAULT);
		ck_assert_int_eq(t.el[i].bg, COLOUR_DEFAULT);
	}
	ck_assert_uint_ne(t.el[EL_SELECTED].attrs, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("theme");
	TCase *tc = tcase_create("theme");

	tcase_add_test(tc, good_text);
	tcase_add_test(tc, each_error_names_file_and_line);
	tcase_add_test(tc, bad_file_falls_back_to_default);
	tcase_add_test(tc, lookup_by_name);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, shipped_themes_parse);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
