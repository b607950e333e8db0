/*
 * test_keymap.c: the configuration's key bindings: key names and action
 * names as the manual gives them, the FILE:LINE message for each kind of
 * mistake, bindings laid over the built-in table, and the help screen
 * showing the keys that are in effect.
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

START_TEST(action_names)
{
	enum ui_action a;
	int i, named = 0;

	ck_assert_int_eq(keymap_parse_action("down", &a), 0);
	ck_assert_int_eq(a, ACT_DOWN);
	ck_assert_int_eq(keymap_parse_action("page-down", &a), 0);
	ck_assert_int_eq(a, ACT_PAGE_DOWN);
	ck_assert_int_eq(keymap_parse_action("supervisor", &a), 0);
	ck_assert_int_eq(a, ACT_SUPERVISOR);
	ck_assert_int_eq(keymap_parse_action("none", &a), 0);
	ck_assert_int_eq(a, ACT_NONE);
	ck_assert_int_eq(keymap_parse_action("fly", &a), -1);
	ck_assert_int_eq(keymap_parse_action("Down", &a), -1);
	ck_assert_int_eq(keymap_parse_action("", &a), -1);
	/* Every action has a name, and each name reads back as its action. */
	for (i = 0; i < ACT_COUNT; i++) {
		const char *name = keymap_action_name((enum ui_action)i);

		ck_assert_msg(name != NULL, "action %d has no name", i);
		ck_assert_int_eq(keymap_parse_action(name, &a), 0);
		ck_assert_int_eq(a, i);
		named++;
	}
	ck_assert_int_eq(named, ACT_COUNT);
	ck_assert_ptr_null(keymap_action_name(ACT_COUNT));
}
END_TEST

START_TEST(each_error_names_file_and_line)
{
	static const struct {
		struct ui_binding b;
		const char *start;
	} cases[] = {
		{ { "J", "fly", "conf", 7 },
		  "conf:7: bind: unknown action 'fly' (actions: none, command, search, up, down," },
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
		ck_assert_int_eq(keymap_init(&km, &cases[i].b, 1, err, sizeof err), -1);
		ck_assert_msg(strncmp(err, cases[i].start, strlen(cases[i].start)) == 0,
			      "got: %s", err);
		ck_assert_ptr_null(km.b);
		ck_assert_int_eq(ui_check_bindings(&cases[i].b, 1, err, sizeof err), -1);
	}
	/* The message lists every action the configuration may name. */
	ck_assert_int_eq(keymap_init(&km, &cases[0].b, 1, err, sizeof err), -1);
	for (i = 0; i < ACT_COUNT; i++)
		ck_assert_msg(strstr(err, keymap_action_name((enum ui_action)i)),
			      "%s not listed", keymap_action_name((enum ui_action)i));
	ck_assert_int_eq(ui_check_bindings(two, 2, err, sizeof err), -1);
	ck_assert_msg(strncmp(err, "b:9: bind: unknown action 'jump'", 32) == 0,
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
		{ "F5", "redraw", "c", 6 },
	};
	struct keymap km;
	char err[256];

	ck_assert_int_eq(keymap_lookup(NULL, 'j'), ACT_DOWN);
	ck_assert_int_eq(keymap_lookup(NULL, 'J'), ACT_NONE);
	ck_assert_int_eq(keymap_init(&km, b, sizeof b / sizeof b[0], err,
				     sizeof err), 0);
	ck_assert_int_eq(keymap_lookup(&km, 'J'), ACT_DOWN);
	ck_assert_int_eq(keymap_lookup(&km, 'j'), ACT_NONE);
	/* Two names of one key: the later binding wins. */
	ck_assert_int_eq(keymap_lookup(&km, 6), ACT_REPLY);
	ck_assert_int_eq((int)km.n, 5);
	/* Enter however the terminal sends it. */
	ck_assert_int_eq(keymap_lookup(&km, '\n'), ACT_HELP);
	ck_assert_int_eq(keymap_lookup(&km, '\r'), ACT_HELP);
	ck_assert_int_eq(keymap_lookup(&km, KEY_ENTER), ACT_HELP);
	ck_assert_int_eq(keymap_lookup(&km, KEY_F(5)), ACT_REDRAW);
	/* Keys not named keep the table's action. */
	ck_assert_int_eq(keymap_lookup(&km, KEY_DOWN), ACT_DOWN);
	ck_assert_int_eq(keymap_lookup(&km, 'k'), ACT_UP);
	ck_assert_int_eq(keymap_lookup(&km, 'c'), ACT_CLAIM);
	keymap_free(&km);
	ck_assert_ptr_null(km.b);
}
END_TEST

/* The help line that carries this text; "" when none does. */
static void help_for(const struct keymap *km, const char *text, char *out,
		     size_t n)
{
	char line[256];
	int i;

	out[0] = '\0';
	for (i = 0; keymap_help_line(km, i, line, sizeof line); i++) {
		if (strstr(line, text) != NULL) {
			snprintf(out, n, "%s", line);
			return;
		}
	}
}

START_TEST(help_shows_effective_keys)
{
	static const struct ui_binding b[] = {
		{ "J", "down", "c", 1 },
		{ "j", "up", "c", 2 },
		{ "Down", "none", "c", 3 },
	};
	struct keymap km;
	char err[256], line[256];

	help_for(NULL, "move down", line, sizeof line);
	ck_assert_int_eq(strncmp(line, "j, Down ", 8), 0);
	ck_assert_int_eq(keymap_init(&km, b, 3, err, sizeof err), 0);
	help_for(&km, "move down", line, sizeof line);
	ck_assert_msg(strncmp(line, "J ", 2) == 0, "got: %s", line);
	help_for(&km, "move up", line, sizeof line);
	ck_assert_msg(strncmp(line, "j, k, Up ", 9) == 0, "got: %s", line);
	keymap_free(&km);
}
END_TEST

/* Any action a key can be bound to has a line in help to show it under. */
START_TEST(every_action_has_a_help_line)
{
	struct ui_binding b = { "F24", NULL, "c", 1 };
	struct keymap km;
	char err[256], line[256];
	int a, i, found;

	for (a = 1; a < ACT_COUNT; a++) {
		b.action = keymap_action_name((enum ui_action)a);
		ck_assert_int_eq(keymap_init(&km, &b, 1, err, sizeof err), 0);
		found = 0;
		for (i = 0; keymap_help_line(&km, i, line, sizeof line); i++)
			if (strncmp(line, "F24", 3) == 0 || strstr(line, ", F24 "))
				found++;
		ck_assert_msg(found == 1, "%s: F24 on %d help lines", b.action,
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
	tcase_add_test(tc, action_names);
	tcase_add_test(tc, each_error_names_file_and_line);
	tcase_add_test(tc, bindings_over_the_table);
	tcase_add_test(tc, help_shows_effective_keys);
	tcase_add_test(tc, every_action_has_a_help_line);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
