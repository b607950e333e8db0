/*
 * test_config.c: the configuration file parser: what it accepts, the one
 * line it prints for each kind of mistake, and that a bad file changes
 * nothing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "temas/config.h"

static struct config *cfg;
static char err[1024];

static void setup(void)
{
	cfg = config_new();
	ck_assert_ptr_nonnull(cfg);
	err[0] = '\0';
}

static void teardown(void)
{
	config_free(cfg);
}

static int parse(const char *text)
{
	return config_parse(cfg, "cfg", text, err, sizeof err);
}

START_TEST(test_keys_comments_blanks)
{
	ck_assert_int_eq(parse("# team settings\n"
			       "\n"
			       "database = /srv/temas/team.db\n"
			       "   theme=mono   \n"
			       "\t# indented comment\n"
			       "churn_days = 90\n"
			       "date_format = \"%d.%m.%Y %H:%M \"\n"), CONFIG_OK);
	ck_assert_str_eq(config_get(cfg, "database"), "/srv/temas/team.db");
	ck_assert_str_eq(config_get(cfg, "theme"), "mono");
	ck_assert_str_eq(config_get(cfg, "churn_days"), "90");
	ck_assert_str_eq(config_get(cfg, "date_format"), "%d.%m.%Y %H:%M ");
	ck_assert_ptr_null(config_get(cfg, "colour"));
	ck_assert_int_eq((int)config_binding_count(cfg), 0);
}
END_TEST

START_TEST(test_crlf_and_no_final_newline)
{
	ck_assert_int_eq(parse("theme = dark\r\nchurn_days = 30"), CONFIG_OK);
	ck_assert_str_eq(config_get(cfg, "theme"), "dark");
	ck_assert_str_eq(config_get(cfg, "churn_days"), "30");
}
END_TEST

START_TEST(test_later_value_wins)
{
	ck_assert_int_eq(parse("theme = dark\n"), CONFIG_OK);
	ck_assert_int_eq(config_parse(cfg, "user", "theme = mono\n", err, sizeof err),
			 CONFIG_OK);
	ck_assert_str_eq(config_get(cfg, "theme"), "mono");
}
END_TEST

START_TEST(test_unknown_key)
{
	ck_assert_int_eq(parse("theme = dark\n\ncolour = red\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:3: unknown key 'colour'");
}
END_TEST

START_TEST(test_not_key_value)
{
	ck_assert_int_eq(parse("# ok\ntheme dark\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:2: expected 'key = value'");
	ck_assert_int_eq(parse("= dark\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: expected 'key = value'");
}
END_TEST

START_TEST(test_missing_value)
{
	ck_assert_int_eq(parse("database =\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: database: missing value");
}
END_TEST

START_TEST(test_date_format_errors)
{
	ck_assert_int_eq(parse("date_format = %d.%m.%Q\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: date_format: unknown conversion '%Q'");
	ck_assert_int_eq(parse("date_format = %d %\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: date_format: format ends with a lone '%'");
	ck_assert_int_eq(parse("date_format = %d%n%m\n"), CONFIG_ERROR);
	ck_assert_str_eq(err,
		"cfg:1: date_format: '%n' puts a line break or tab in a screen line");
	ck_assert_int_eq(parse("date_format = %c%c%c%c%c%c\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: date_format: a date is longer than 64 bytes in this format");
	/* Flags, widths and E/O modifiers are part of strftime. */
	ck_assert_int_eq(parse("date_format = %-d %Ey %Om %_5H %%\n"), CONFIG_OK);
}
END_TEST

START_TEST(test_churn_days_range)
{
	ck_assert_int_eq(parse("churn_days = 0\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: churn_days: expected a whole number of days from 1 to 36500");
	ck_assert_int_eq(parse("churn_days = 12x\n"), CONFIG_ERROR);
	ck_assert_int_eq(parse("churn_days = -5\n"), CONFIG_ERROR);
	ck_assert_int_eq(parse("churn_days = 36501\n"), CONFIG_ERROR);
	ck_assert_int_eq(parse("churn_days = 36500\n"), CONFIG_OK);
}
END_TEST

START_TEST(test_mail_keys)
{
	ck_assert_int_eq(parse("from = Müşteri Hizmetleri <destek@example.com.tr>\n"
			       "sendmail = /usr/sbin/sendmail -t -oi\n"
			       "give_up_hours = 48\n"), CONFIG_OK);
	ck_assert_str_eq(config_get(cfg, "from"), "Müşteri Hizmetleri <destek@example.com.tr>");
	ck_assert_str_eq(config_get(cfg, "sendmail"), "/usr/sbin/sendmail -t -oi");
	ck_assert_str_eq(config_get(cfg, "give_up_hours"), "48");
	ck_assert_int_eq(parse("from = Destek\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: from: expected an address such as "
			 "Destek <destek@example.com.tr>");
	ck_assert_int_eq(parse("from = D <d@x.tr\n"), CONFIG_ERROR);
	ck_assert_int_eq(parse("sendmail = sendmail -t\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: sendmail: expected an absolute path to the "
			 "program, then its arguments");
	ck_assert_int_eq(parse("give_up_hours = 0\n"), CONFIG_ERROR);
	ck_assert_int_eq(parse("give_up_hours = 8761\n"), CONFIG_ERROR);
	ck_assert_int_eq(parse("give_up_hours = 3h\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: give_up_hours: expected a whole number of hours "
			 "from 1 to 8760");
}
END_TEST

START_TEST(test_csat_keys)
{
	ck_assert_int_eq(parse("csat = on\ncsat_delay = 1h30m\ncsat_template = csat-2\n"),
			 CONFIG_OK);
	ck_assert_str_eq(config_get(cfg, "csat"), "on");
	ck_assert_str_eq(config_get(cfg, "csat_delay"), "1h30m");
	ck_assert_str_eq(config_get(cfg, "csat_template"), "csat-2");
	ck_assert_int_eq(parse("csat = off\ncsat_delay = 0\n"), CONFIG_OK);
	ck_assert_int_eq(parse("csat = yes\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: csat: expected on or off");
	ck_assert_int_eq(parse("csat_delay = 2\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: csat_delay: not a duration (use 90s, 30m, 2h, 1d or 1h30m)");
	ck_assert_int_eq(parse("csat_delay = 400d\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: csat_delay: longer than a year");
	ck_assert_int_eq(parse("csat_template = Bad Name\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: csat_template: expected a template name (a-z, 0-9, _ - .)");
}
END_TEST

START_TEST(test_bindings)
{
	const char *k, *a;

	ck_assert_int_eq(parse("bind j down\n"
			       "bind C-r   reply\n"
			       "bind\tq quit\n"
			       "bind F5  filter channel=email  \n"
			       "bind j next-row\n"), CONFIG_OK);
	ck_assert_int_eq((int)config_binding_count(cfg), 4);
	ck_assert_int_eq(config_binding(cfg, 0, &k, &a), CONFIG_OK);
	ck_assert_str_eq(k, "j");
	ck_assert_str_eq(a, "next-row");
	ck_assert_int_eq(config_binding(cfg, 1, &k, &a), CONFIG_OK);
	ck_assert_str_eq(k, "C-r");
	ck_assert_str_eq(a, "reply");
	ck_assert_int_eq(config_binding(cfg, 2, &k, &a), CONFIG_OK);
	ck_assert_str_eq(k, "q");
	/* A key binds a whole command line, arguments and all. */
	ck_assert_int_eq(config_binding(cfg, 3, &k, &a), CONFIG_OK);
	ck_assert_str_eq(k, "F5");
	ck_assert_str_eq(a, "filter channel=email");
	ck_assert_int_eq(config_binding(cfg, 4, &k, &a), CONFIG_ERROR);
}
END_TEST

/* The program names a binding's file and line when it does not know the
 * key or action; a later file's binding of a key brings its own place. */
START_TEST(test_binding_origin)
{
	const char *k, *a, *file;
	long line;

	ck_assert_int_eq(parse("bind j down\n\n# keys\nbind k up\n"), CONFIG_OK);
	ck_assert_int_eq(config_parse(cfg, "user", "\nbind j first\n", err,
				      sizeof err), CONFIG_OK);
	ck_assert_int_eq(config_binding(cfg, 0, &k, &a), CONFIG_OK);
	ck_assert_str_eq(a, "first");
	ck_assert_int_eq(config_binding_origin(cfg, 0, &file, &line), CONFIG_OK);
	ck_assert_str_eq(file, "user");
	ck_assert_int_eq(line, 2);
	ck_assert_int_eq(config_binding_origin(cfg, 1, &file, &line), CONFIG_OK);
	ck_assert_str_eq(file, "cfg");
	ck_assert_int_eq(line, 4);
	ck_assert_int_eq(config_binding_origin(cfg, 2, &file, &line), CONFIG_ERROR);
}
END_TEST

START_TEST(test_bad_binding)
{
	ck_assert_int_eq(parse("bind j\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: expected 'bind KEY COMMAND'");
	ck_assert_int_eq(parse("bind j   \t\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: expected 'bind KEY COMMAND'");
	/* The command line's words are the console's to check. */
	ck_assert_int_eq(parse("bind j down up\n"), CONFIG_OK);
}
END_TEST

START_TEST(test_control_character)
{
	ck_assert_int_eq(parse("theme = da\033[2Jrk\n"), CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:1: control character in line");
}
END_TEST

START_TEST(test_bad_file_changes_nothing)
{
	ck_assert_int_eq(parse("theme = dark\nbind j down\n"), CONFIG_OK);
	ck_assert_int_eq(parse("theme = mono\nbind k up\nbind j x\nwhat\n"),
			 CONFIG_ERROR);
	ck_assert_str_eq(err, "cfg:4: expected 'key = value'");
	ck_assert_str_eq(config_get(cfg, "theme"), "dark");
	ck_assert_int_eq((int)config_binding_count(cfg), 1);
}
END_TEST

static char dir[256];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void mkdirs(const char *sub)
{
	char p[512];

	snprintf(p, sizeof p, "%s/%s", dir, sub);
	ck_assert_int_eq(mkdir(p, 0700), 0);
}

START_TEST(test_user_overrides_system)
{
	char sys[512], user[512], xdg[512];

	snprintf(dir, sizeof dir, "/tmp/temas-config-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	mkdirs("etc");
	mkdirs("etc/temas");
	mkdirs("xdg");
	mkdirs("xdg/temas");
	snprintf(sys, sizeof sys, "%s/etc/temas/config", dir);
	snprintf(user, sizeof user, "%s/xdg/temas/config", dir);
	snprintf(xdg, sizeof xdg, "%s/xdg", dir);
	write_file(sys, "theme = dark\nchurn_days = 60\nbind q quit\n");
	write_file(user, "theme = mono\nbind q confirm-quit\n");
	setenv("XDG_CONFIG_HOME", xdg, 1);
	snprintf(sys, sizeof sys, "%s/etc", dir);
	ck_assert_int_eq(config_load_default(cfg, sys, err, sizeof err), CONFIG_OK);
	ck_assert_str_eq(config_get(cfg, "theme"), "mono");
	ck_assert_str_eq(config_get(cfg, "churn_days"), "60");
	ck_assert_int_eq((int)config_binding_count(cfg), 1);
	{
		const char *k, *a;

		ck_assert_int_eq(config_binding(cfg, 0, &k, &a), CONFIG_OK);
		ck_assert_str_eq(a, "confirm-quit");
	}
	/* A broken user file is named in the message. */
	write_file(user, "theme = mono\nfont = big\n");
	ck_assert_int_eq(config_load_default(cfg, sys, err, sizeof err), CONFIG_ERROR);
	{
		char want[700];

		snprintf(want, sizeof want, "%s:2: unknown key 'font'", user);
		ck_assert_str_eq(err, want);
	}
	unlink(user);
	snprintf(sys, sizeof sys, "%s/etc/temas/config", dir);
	unlink(sys);
	snprintf(sys, sizeof sys, "%s/etc/temas", dir);
	rmdir(sys);
	snprintf(sys, sizeof sys, "%s/etc", dir);
	rmdir(sys);
	snprintf(sys, sizeof sys, "%s/xdg/temas", dir);
	rmdir(sys);
	rmdir(xdg);
	rmdir(dir);
}
END_TEST

START_TEST(test_missing_file_is_empty)
{
	ck_assert_int_eq(config_load_file(cfg, "/nonexistent/temas/config", err,
					  sizeof err), CONFIG_OK);
	ck_assert_ptr_null(config_get(cfg, "theme"));
}
END_TEST

START_TEST(test_user_path)
{
	char buf[512];

	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	setenv("HOME", "/home/ayse", 1);
	ck_assert_int_eq(config_user_path(buf, sizeof buf), CONFIG_OK);
	ck_assert_str_eq(buf, "/x/conf/temas/config");
	/* A relative XDG directory is ignored, as the XDG rules say. */
	setenv("XDG_CONFIG_HOME", "conf", 1);
	ck_assert_int_eq(config_user_path(buf, sizeof buf), CONFIG_OK);
	ck_assert_str_eq(buf, "/home/ayse/.config/temas/config");
	unsetenv("XDG_CONFIG_HOME");
	ck_assert_int_eq(config_user_path(buf, sizeof buf), CONFIG_OK);
	ck_assert_str_eq(buf, "/home/ayse/.config/temas/config");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_keys_comments_blanks);
	tcase_add_test(tc, test_crlf_and_no_final_newline);
	tcase_add_test(tc, test_later_value_wins);
	tcase_add_test(tc, test_unknown_key);
	tcase_add_test(tc, test_not_key_value);
	tcase_add_test(tc, test_missing_value);
	tcase_add_test(tc, test_date_format_errors);
	tcase_add_test(tc, test_churn_days_range);
	tcase_add_test(tc, test_mail_keys);
	tcase_add_test(tc, test_bindings);
	tcase_add_test(tc, test_bad_binding);
	tcase_add_test(tc, test_control_character);
	tcase_add_test(tc, test_bad_file_changes_nothing);
	tcase_add_test(tc, test_user_overrides_system);
	tcase_add_test(tc, test_missing_file_is_empty);
	tcase_add_test(tc, test_user_path);
	tcase_add_test(tc, test_binding_origin);
	tcase_add_test(tc, test_csat_keys);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
