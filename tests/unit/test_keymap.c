/*
 * test_keymap.c: keys name command lines of the one command table: key
 * names as the manual gives them, command lines checked against the
 * table (with their arguments), the FILE:LINE message for each kind of
 * mistake, bindings laid over the built-in table, and the help screen,
 * printed from the table, showing the keys that are in effect.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "../../src/ui/internal.h"

START_TEST(key_names)
{
	static const struct { const char *name; int key; } cases[] = {
		{ "j", 'j' }, { "J", 'J' }, { "?", '?' }, { "^", '^' },
		{ "#", '#' },
		{ "^F", 6 }, { "^f", 6 }, { "Ctrl-F", 6 }, { "ctrl-f", 6 },
		{ "C-f", 6 },
		{ "F1", 0 }, { "F5", 0 }, { "f12", 0 }, { "F24", 0 },
		{ "Enter", '\n' }, { "enter", '\n' }, { "Return", '\n' },
		{ "^M", '\n' }, { "^J", '\n' },
		{ "Tab", '\t' }, { "^I", '\t' }, { "Shift-Tab", KEY_BTAB },
		{ "Space", ' ' }, { "Esc", 27 },
		{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT },
		{ "Right", KEY_RIGHT }, { "PgUp", KEY_PPAGE },
		{ "PgDn", KEY_NPAGE }, { "PageDown", KEY_NPAGE },
		{ "Home", KEY_HOME }, { "End", KEY_END },
		{ "Insert", KEY_IC }, { "Delete", KEY_DC },
	};
	size_t i;
	int key;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int want = cases[i].key;

		if (want == 0)
			want = KEY_F(atoi(cases[i].name + 1));
		ck_assert_msg(keymap_parse_key(cases[i].name, &key) == 0,
			      "%s not parsed", cases[i].name);
		ck_assert_msg(key == want, "%s: %d, not %d", cases[i].name,
			      key, want);
	}
}
END_TEST

START_TEST(bad_key_names)
{
	static const char *const bad[] = {
		"", "jj", "Ctrl-", "Ctrl-1", "^1", "^FF", "F0", "F25", "F5x",
		"Fx", "Hyper-X", "\xc3\xbc", " ", "Space ", "Up-Arrow",
	};
	size_t i;
	int key = -7;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(keymap_parse_key(bad[i], &key) == -1,
			      "'%s' accepted", bad[i]);
	ck_assert_int_eq(key, -7);
}
END_TEST

/* The name the help screen shows reads back as the same key. */
START_TEST(key_names_round_trip)
{
	static const char *const names[] = {
		"j", "J", "^F", "C-x", "F5", "Enter", "Tab", "Shift-Tab",
		"Space", "Esc", "Up", "PgDn", "Home", "Delete", "~",
	};
	char shown[32];
	size_t i;
	int key, again;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		ck_assert_int_eq(keymap_parse_key(names[i], &key), 0);
		keymap_key_name(key, shown, sizeof shown);
		ck_assert_msg(keymap_parse_key(shown, &again) == 0 &&
			      again == key, "%s shown as %s", names[i], shown);
	}
	keymap_key_name(6, shown, sizeof shown);
	ck_assert_str_eq(shown, "Ctrl-F");
	keymap_key_name(KEY_F(5), shown, sizeof shown);
	ck_assert_str_eq(shown, "F5");
	keymap_key_name('\r', shown, sizeof shown);
	ck_assert_str_eq(shown, "Enter");
}
END_TEST

/* The commands of the table, as the help rows name them. */
static int command_names(char names[][32], int max)
{
	struct help_row r;
	int n = 0;

	while (n < max && commands_help_row(NULL, n, &r)) {
		sscanf(r.usage, ":%31s", names[n]);
		n++;
	}
	return n;
}

START_TEST(command_lines)
{
	static const char *const good[] = {
		"down", "page-down", "supervisor", "filter breached",
		"filter channel=email mine", "status pending", "assign ayse",
		"customer 42", "  claim  ", "help status",
	};
	static const struct { const char *line, *why; } bad[] = {
		{ "fly", "unknown command 'fly' (commands: down, up, " },
		{ "Down", "unknown command 'Down'" },
		{ "", "no command given" },
		{ "down up", ":down takes no arguments" },
		{ "claim 12", ":claim takes no arguments" },
	};
	char names[128][32], why[1024];
	const char *line;
	size_t i;
	int n, k;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		ck_assert_msg(commands_check_line(good[i], why, sizeof why) == 0,
			      "%s: %s", good[i], why);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why[0] = '\0';
		ck_assert_int_eq(commands_check_line(bad[i].line, why, sizeof why), -1);
		ck_assert_msg(strncmp(why, bad[i].why, strlen(bad[i].why)) == 0,
			      "%s: got %s", bad[i].line, why);
	}
	/* The message names every command of the table. */
	commands_check_line("fly", why, sizeof why);
	n = command_names(names, 128);
	ck_assert_int_gt(n, 30);
	for (k = 0; k < n; k++)
		ck_assert_msg(strstr(why, names[k]) != NULL, "%s not listed",
			      names[k]);
	/* Every built-in key runs a line of the table. */
	for (k = 0; (line = keymap_builtin_line(k)) != NULL; k++)
		ck_assert_msg(commands_check_line(line, why, sizeof why) == 0,
			      "built-in %s: %s", line, why);
	ck_assert_int_gt(k, 25);
}
END_TEST

START_TEST(each_error_names_file_and_line)
{
	static const struct {
		struct ui_binding b;
		const char *start;
	} cases[] = {
		{ { "J", "fly", "conf", 7 },
		  "conf:7: bind: unknown command 'fly' (commands: down, up, " },
		{ { "J", "down 3", "conf", 8 },
		  "conf:8: bind: :down takes no arguments" },
		{ { "Hyper-X", "down", "conf", 3 },
		  "conf:3: bind: unknown key 'Hyper-X' (keys: a letter or sign, ^X or Ctrl-X," },
		{ { "^C", "quit", "/etc/temas/config", 12 },
		  "/etc/temas/config:12: bind: Ctrl-C cannot be bound: the terminal keeps it" },
		{ { "Ctrl-Z", "back", "c", 1 },
		  "c:1: bind: Ctrl-Z cannot be bound" },
	};
	struct ui_binding two[2] = { { "J", "down", "a", 1 },
				     { "K", "jump", "b", 9 } };
	struct keymap km;
	char err[1024];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err[0] = '\0';
		ck_assert_int_eq(keymap_init(&km, &cases[i].b, 1,
					     commands_check_line, err, sizeof err), -1);
		ck_assert_msg(strncmp(err, cases[i].start, strlen(cases[i].start)) == 0,
			      "got: %s", err);
		ck_assert_ptr_null(km.b);
		ck_assert_int_eq(ui_check_bindings(&cases[i].b, 1, err, sizeof err), -1);
	}
	ck_assert_int_eq(ui_check_bindings(two, 2, err, sizeof err), -1);
	ck_assert_msg(strncmp(err, "b:9: bind: unknown command 'jump'", 33) == 0,
		      "got: %s", err);
	ck_assert_int_eq(ui_check_bindings(two, 1, err, sizeof err), 0);
	ck_assert_int_eq(ui_check_bindings(NULL, 0, err, sizeof err), 0);
}
END_TEST

START_TEST(bindings_over_the_table)
{
	static const struct ui_binding b[] = {
		{ "J", "down", "c", 1 },
		{ "j", "none", "c", 2 },
		{ "^F", "claim", "c", 3 },
		{ "Ctrl-F", "reply", "c", 4 },
		{ "Enter", "help", "c", 5 },
		{ "F5", "filter breached", "c", 6 },
	};
	struct keymap km;
	char err[256];

	ck_assert_str_eq(keymap_lookup(NULL, 'j', -1), "down");
	ck_assert_ptr_null(keymap_lookup(NULL, 'J', -1));
	ck_assert_int_eq(keymap_init(&km, b, sizeof b / sizeof b[0],
				     commands_check_line, err, sizeof err), 0);
	ck_assert_str_eq(keymap_lookup(&km, 'J', -1), "down");
	ck_assert_ptr_null(keymap_lookup(&km, 'j', -1));
	/* Two names of one key: the later binding wins. */
	ck_assert_str_eq(keymap_lookup(&km, 6, -1), "reply");
	ck_assert_int_eq((int)km.n, 5);
	/* Enter however the terminal sends it. */
	ck_assert_str_eq(keymap_lookup(&km, '\n', -1), "help");
	ck_assert_str_eq(keymap_lookup(&km, '\r', -1), "help");
	ck_assert_str_eq(keymap_lookup(&km, KEY_ENTER, -1), "help");
	/* A key runs a whole command line, arguments and all. */
	ck_assert_str_eq(keymap_lookup(&km, KEY_F(5), -1), "filter breached");
	/* Keys not named keep the table's command. */
	ck_assert_str_eq(keymap_lookup(&km, KEY_DOWN, -1), "down");
	ck_assert_str_eq(keymap_lookup(&km, 'k', -1), "up");
	ck_assert_str_eq(keymap_lookup(&km, 'c', -1), "claim");
	ck_assert_str_eq(keymap_lookup(&km, 27, -1), "cancel");
	/* A pane's own keys: n is the next hit in search results, a note
	 * anywhere else. */
	ck_assert_str_eq(keymap_lookup(&km, 'n', PANE_SEARCH), "next-hit");
	ck_assert_str_eq(keymap_lookup(&km, 'N', PANE_SEARCH), "previous-hit");
	ck_assert_str_eq(keymap_lookup(&km, 'n', PANE_QUEUE), "note");
	ck_assert_str_eq(keymap_lookup(&km, 'n', -1), "note");
	ck_assert_ptr_null(keymap_lookup(&km, 'N', PANE_QUEUE));
	keymap_free(&km);
	ck_assert_ptr_null(km.b);
}
END_TEST

/* The help row of a command ("" keys when it has none). */
static void help_for(const struct keymap *km, const char *usage,
		     struct help_row *out)
{
	struct help_row r;
	size_t n = strlen(usage);
	int i;

	memset(out, 0, sizeof *out);
	for (i = 0; commands_help_row(km, i, &r); i++) {
		if (strncmp(r.usage, usage, n) == 0 &&
		    (r.usage[n] == '\0' || r.usage[n] == ' ')) {
			*out = r;
			return;
		}
	}
	ck_abort_msg("no help row %s", usage);
}

START_TEST(help_shows_effective_keys)
{
	static const struct ui_binding b[] = {
		{ "J", "down", "c", 1 },
		{ "j", "up", "c", 2 },
		{ "Down", "none", "c", 3 },
	};
	struct help_row r;
	struct keymap km;
	char err[256];

	help_for(NULL, ":down", &r);
	ck_assert_str_eq(r.keys, "j, Down");
	ck_assert_str_eq(r.help, "move down");
	help_for(NULL, ":status", &r);
	ck_assert_str_eq(r.keys, "s");
	ck_assert_str_eq(r.usage, ":status [STATE [NOTE]]");
	help_for(NULL, ":customer", &r);
	ck_assert_str_eq(r.keys, "");
	/* Compose's Ctrl-O opens the command line holding attach. */
	help_for(NULL, ":attach FILE", &r);
	ck_assert_str_eq(r.keys, "Ctrl-O");
	help_for(NULL, ":command [TEXT]", &r);
	ck_assert_str_eq(r.keys, ":");
	ck_assert_int_eq(keymap_init(&km, b, 3, commands_check_line, err,
				     sizeof err), 0);
	help_for(&km, ":down", &r);
	ck_assert_str_eq(r.keys, "J");
	help_for(&km, ":up", &r);
	ck_assert_str_eq(r.keys, "j, k, Up");
	keymap_free(&km);
}
END_TEST

/* Any command a key can be bound to has a row in help to show it under. */
START_TEST(every_command_has_a_help_row)
{
	struct ui_binding b = { "F24", NULL, "c", 1 };
	struct help_row r;
	struct keymap km;
	char err[256], names[128][32];
	int k, i, n, found;

	n = command_names(names, 128);
	for (k = 0; k < n; k++) {
		b.action = names[k];
		ck_assert_int_eq(keymap_init(&km, &b, 1, commands_check_line,
					     err, sizeof err), 0);
		found = 0;
		for (i = 0; commands_help_row(&km, i, &r); i++)
			if (strcmp(r.keys, "F24") == 0 ||
			    strstr(r.keys, ", F24") != NULL)
				found++;
		ck_assert_msg(found == 1, "%s: F24 on %d help rows", b.action,
			      found);
		keymap_free(&km);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("keymap");
	TCase *tc = tcase_create("keymap");

	tcase_add_test(tc, key_names);
	tcase_add_test(tc, bad_key_names);
	tcase_add_test(tc, key_names_round_trip);
	tcase_add_test(tc, command_lines);
	tcase_add_test(tc, each_error_names_file_and_line);
	tcase_add_test(tc, bindings_over_the_table);
	tcase_add_test(tc, help_shows_effective_keys);
	tcase_add_test(tc, every_command_has_a_help_row);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
