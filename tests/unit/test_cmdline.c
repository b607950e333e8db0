/*
 * test_cmdline.c: the prompt's pure logic: words, completion candidates
 * (Turkish folding, common prefixes), "did you mean", and the history
 * files (bounded, no duplicates, merged with another session's lines,
 * private modes).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "temas/cmdline.h"

static const char *const names[] = {
	"assign", "claim", "customer", "filter", "help", "order", "q", "quit",
	"release", "reveal", "status", "theme"
};
#define NNAMES ((int)(sizeof names / sizeof names[0]))

START_TEST(words_split_on_spaces)
{
	const char *line = "  status  resolved  kargo geldi ";
	char w[16];
	size_t pos = 0;

	ck_assert_int_eq(cmdline_word(line, &pos, w, sizeof w), 1);
	ck_assert_str_eq(w, "status");
	ck_assert_int_eq(cmdline_word(line, &pos, w, sizeof w), 1);
	ck_assert_str_eq(w, "resolved");
	/* The rest of the line starts where the next word does. */
	ck_assert_str_eq(line + pos, "kargo geldi ");
	ck_assert_int_eq(cmdline_word(line, &pos, w, 4), 1);
	ck_assert_str_eq(w, "kar");
	ck_assert_int_eq(cmdline_word(line, &pos, w, sizeof w), 1);
	ck_assert_int_eq(cmdline_word(line, &pos, w, sizeof w), 0);
	ck_assert_str_eq(w, "");
}
END_TEST

/* The words of line joined by '|', or "ERR@col". */
static void split_str(const char *line, char *out, size_t n)
{
	char **argv;
	int argc, i, rc;
	size_t col, used = 0;

	rc = cmdline_split(line, &argv, &argc, &col);
	if (rc != 0) {
		snprintf(out, n, "ERR%d@%zu", rc, col);
		return;
	}
	out[0] = '\0';
	for (i = 0; i < argc; i++)
		used += (size_t)snprintf(out + used, n - used, "%s%s", i ? "|" : "",
					 argv[i]);
	ck_assert_ptr_null(argc ? argv[argc] : NULL);
	free(argv);
}

/* Each line and its words joined by '|', or ERR-1@COLUMN. */
static const char *const splits[][2] = {
	{ "claim 12 --as ayse", "claim|12|--as|ayse" },
	{ "\t note  7\t--text  \"Kargo 'geç' geldi\"  ", "note|7|--text|Kargo 'geç' geldi" },
	/* Quotes next to each other and to bare text make one word. */
	{ "a'b c'\"d e\"f", "ab cd ef" },
	/* Inside "...", a backslash keeps " \ $ ` and is kept elsewhere. */
	{ "\"say \\\"hi\\\" \\\\ \\$HOME \\n\"", "say \"hi\" \\ $HOME \\n" },
	/* Inside '...' nothing is special; outside, a backslash keeps one. */
	{ "'\\n $x' it\\'s a\\ b", "\\n $x|it's|a b" },
	/* An empty quote is an empty word; # starts a comment only where a
	 * word starts. */
	{ "tag 5 add '' x#y # the rest", "tag|5|add||x#y" },
	/* An open quote or a final backslash is named by its column, in
	 * characters: "Çağrı " is six. */
	{ "note \"Çağrı açık", "ERR-1@6" },
	{ "Çağrı 'x", "ERR-1@7" },
	{ "a b\\", "ERR-1@4" },
	/* A closed quote before an open one: the open one is named. */
	{ "'ok' \"no", "ERR-1@6" },
};

START_TEST(split_as_a_shell_quotes)
{
	char out[256], **argv = (char **)1;
	int argc = -1;
	size_t col = 0;

	split_str(splits[_i][0], out, sizeof out);
	ck_assert_str_eq(out, splits[_i][1]);
	/* Nothing but blanks or a comment: no words, no array. */
	ck_assert_int_eq(cmdline_split("  \t # hi", &argv, &argc, &col), 0);
	ck_assert_int_eq(argc, 0);
	ck_assert_ptr_null(argv);
}
END_TEST

START_TEST(split_keeps_long_lines_whole)
{
	size_t n = 200000, col, i;
	char *line = malloc(n + 16), **argv;
	int argc;

	ck_assert_ptr_nonnull(line);
	memcpy(line, "x '", 3);
	for (i = 3; i < n; i++)
		line[i] = (char)('a' + i % 26);
	memcpy(line + n, "' y", 4);
	ck_assert_int_eq(cmdline_split(line, &argv, &argc, &col), 0);
	ck_assert_int_eq(argc, 3);
	ck_assert_uint_eq(strlen(argv[1]), n - 3);
	ck_assert_str_eq(argv[2], "y");
	/* The line itself is left as it was. */
	ck_assert_int_eq(line[2], '\'');
	free(argv);
	free(line);
}
END_TEST

START_TEST(complete_unique_prefix)
{
	char common[64];
	int m[NNAMES];

	ck_assert_int_eq(cmdline_complete("fil", names, NNAMES, m, NNAMES,
					  common, sizeof common), 1);
	ck_assert_str_eq(names[m[0]], "filter");
	ck_assert_str_eq(common, "filter");
}
END_TEST

START_TEST(complete_common_prefix_of_several)
{
	char common[64];
	int m[NNAMES];

	ck_assert_int_eq(cmdline_complete("re", names, NNAMES, m, NNAMES,
					  common, sizeof common), 2);
	ck_assert_str_eq(common, "re");
	ck_assert_int_eq(cmdline_complete("c", names, NNAMES, m, NNAMES,
					  common, sizeof common), 2);
	ck_assert_str_eq(common, "c");
	ck_assert_int_eq(cmdline_complete("", names, NNAMES, m, NNAMES,
					  common, sizeof common), NNAMES);
	ck_assert_int_eq(cmdline_complete("x", names, NNAMES, m, NNAMES,
					  common, sizeof common), 0);
	ck_assert_str_eq(common, "");
}
END_TEST

START_TEST(complete_folds_turkish)
{
	const char *const people[] = { "Ayşe Yılmaz", "Ayşe Yıldız", "Işık Sarı",
				       "Ali Öztürk" };
	char common[64];
	int m[4];

	ck_assert_int_eq(cmdline_complete("ays", people, 4, m, 4, common,
					  sizeof common), 2);
	/* The shared prefix stops before the first differing character,
	 * never inside a UTF-8 sequence. */
	ck_assert_str_eq(common, "Ayşe Yıl");
	ck_assert_int_eq(cmdline_complete("ISIK", people, 4, m, 4, common,
					  sizeof common), 1);
	ck_assert_str_eq(common, "Işık Sarı");
	ck_assert_int_eq(cmdline_complete("öz", people, 4, m, 4, common,
					  sizeof common), 0);
	ck_assert_int_eq(cmdline_complete("ali oz", people, 4, m, 4, common,
					  sizeof common), 1);
}
END_TEST

START_TEST(common_prefix_on_character_boundary)
{
	/* ş is C5 9F, ğ is C4 9F: the first byte differs; ç C3 A7 and
	 * ö C3 B6 share their first byte, which must not be kept alone. */
	const char *const w[] = { "açık", "aöık" };
	char common[16];
	int m[2];

	ck_assert_int_eq(cmdline_complete("a", w, 2, m, 2, common,
					  sizeof common), 2);
	ck_assert_str_eq(common, "a");
}
END_TEST

START_TEST(suggest_closest_command)
{
	ck_assert_str_eq(names[cmdline_suggest("clam", names, NNAMES)], "claim");
	ck_assert_str_eq(names[cmdline_suggest("stauts", names, NNAMES)],
			 "status");
	ck_assert_str_eq(names[cmdline_suggest("filte", names, NNAMES)],
			 "filter");
	ck_assert_int_eq(cmdline_suggest("xyzzy", names, NNAMES), -1);
	ck_assert_int_eq(cmdline_suggest("", names, NNAMES), -1);
}
END_TEST

START_TEST(history_unique_and_bounded)
{
	struct cmdline_history h;
	char line[16];
	int i;

	cmdline_history_init(&h, 3);
	ck_assert_int_eq(cmdline_history_add(&h, "a"), 0);
	ck_assert_int_eq(cmdline_history_add(&h, "b"), 0);
	ck_assert_int_eq(cmdline_history_add(&h, "a"), 0);
	ck_assert_int_eq(h.n, 2);
	ck_assert_str_eq(h.line[0], "b");
	ck_assert_str_eq(h.line[1], "a");
	for (i = 0; i < 5; i++) {
		snprintf(line, sizeof line, "l%d", i);
		cmdline_history_add(&h, line);
	}
	ck_assert_int_eq(h.n, 3);
	ck_assert_str_eq(h.line[0], "l2");
	ck_assert_str_eq(h.line[2], "l4");
	cmdline_history_free(&h);
}
END_TEST

START_TEST(history_refuses_junk)
{
	struct cmdline_history h;
	char *big = malloc(CMDLINE_LINE_MAX + 2);

	ck_assert_ptr_nonnull(big);
	memset(big, 'x', CMDLINE_LINE_MAX + 1);
	big[CMDLINE_LINE_MAX + 1] = '\0';
	cmdline_history_init(&h, 10);
	ck_assert_int_eq(cmdline_history_add(&h, ""), 1);
	ck_assert_int_eq(cmdline_history_add(&h, "a\nb"), 1);
	ck_assert_int_eq(cmdline_history_add(&h, "\033[2J"), 1);
	ck_assert_int_eq(cmdline_history_add(&h, "bad \xff utf8"), 1);
	ck_assert_int_eq(cmdline_history_add(&h, big), 1);
	ck_assert_int_eq(h.n, 0);
	cmdline_history_free(&h);
	free(big);
}
END_TEST

static char dir[256];

static void make_dir(void)
{
	snprintf(dir, sizeof dir, "%s/cmdline.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
	char cmd[300];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(history_file_roundtrip_private)
{
	struct cmdline_history h, back;
	char path[400];
	struct stat sb;

	make_dir();
	snprintf(path, sizeof path, "%s/state/temas/history-search", dir);
	cmdline_history_init(&h, 10);
	cmdline_history_add(&h, "Işık Sarı");
	cmdline_history_add(&h, "FX-1001");
	ck_assert_int_eq(cmdline_history_save(&h, path), 0);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	snprintf(path, sizeof path, "%s/state/temas", dir);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0700);
	snprintf(path, sizeof path, "%s/state/temas/history-search", dir);
	cmdline_history_init(&back, 10);
	ck_assert_int_eq(cmdline_history_load(&back, path), 0);
	ck_assert_int_eq(back.n, 2);
	ck_assert_str_eq(back.line[0], "Işık Sarı");
	ck_assert_str_eq(back.line[1], "FX-1001");
	cmdline_history_free(&back);
	cmdline_history_free(&h);
	remove_dir();
}
END_TEST

START_TEST(history_missing_file_is_empty)
{
	struct cmdline_history h;

	cmdline_history_init(&h, 10);
	ck_assert_int_eq(cmdline_history_load(&h, "/nonexistent/temas/h"), 0);
	ck_assert_int_eq(h.n, 0);
	cmdline_history_free(&h);
}
END_TEST

START_TEST(history_record_merges_other_session)
{
	struct cmdline_history mine, other, back;
	char path[400];

	make_dir();
	snprintf(path, sizeof path, "%s/h", dir);
	cmdline_history_init(&mine, 10);
	cmdline_history_init(&other, 10);
	ck_assert_int_eq(cmdline_history_record(&mine, path, "claim"), 0);
	ck_assert_int_eq(cmdline_history_record(&other, path, "filter mine"), 0);
	ck_assert_int_eq(cmdline_history_record(&mine, path, "claim"), 0);
	/* The other session's line survives; the repeat moved to the end. */
	cmdline_history_init(&back, 10);
	ck_assert_int_eq(cmdline_history_load(&back, path), 0);
	ck_assert_int_eq(back.n, 2);
	ck_assert_str_eq(back.line[0], "filter mine");
	ck_assert_str_eq(back.line[1], "claim");
	ck_assert_int_eq(mine.n, 2);
	cmdline_history_free(&mine);
	cmdline_history_free(&other);
	cmdline_history_free(&back);
	remove_dir();
}
END_TEST

START_TEST(history_load_skips_overlong_lines)
{
	struct cmdline_history h;
	char path[400];
	FILE *f;
	int i;

	make_dir();
	snprintf(path, sizeof path, "%s/h", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("first\n", f);
	for (i = 0; i < CMDLINE_LINE_MAX * 3; i++)
		fputc('y', f);
	fputs("\nlast\n", f);
	fclose(f);
	cmdline_history_init(&h, 10);
	ck_assert_int_eq(cmdline_history_load(&h, path), 0);
	ck_assert_int_eq(h.n, 2);
	ck_assert_str_eq(h.line[0], "first");
	ck_assert_str_eq(h.line[1], "last");
	cmdline_history_free(&h);
	remove_dir();
}
END_TEST

START_TEST(history_path_follows_xdg)
{
	char path[256];

	setenv("XDG_STATE_HOME", "/s", 1);
	setenv("HOME", "/h", 1);
	ck_assert_int_eq(cmdline_history_path("search", path, sizeof path), 0);
	ck_assert_str_eq(path, "/s/temas/history-search");
	setenv("XDG_STATE_HOME", "relative", 1);
	ck_assert_int_eq(cmdline_history_path("commands", path, sizeof path), 0);
	ck_assert_str_eq(path, "/h/.local/state/temas/history-commands");
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	ck_assert_int_eq(cmdline_history_path("commands", path, sizeof path), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cmdline");
	TCase *tc = tcase_create("cmdline");

	tcase_add_test(tc, words_split_on_spaces);
	tcase_add_loop_test(tc, split_as_a_shell_quotes, 0,
			    (int)(sizeof splits / sizeof splits[0]));
	tcase_add_test(tc, split_keeps_long_lines_whole);
	tcase_add_test(tc, complete_unique_prefix);
	tcase_add_test(tc, complete_common_prefix_of_several);
	tcase_add_test(tc, complete_folds_turkish);
	tcase_add_test(tc, common_prefix_on_character_boundary);
	tcase_add_test(tc, suggest_closest_command);
	tcase_add_test(tc, history_unique_and_bounded);
	tcase_add_test(tc, history_refuses_junk);
	tcase_add_test(tc, history_file_roundtrip_private);
	tcase_add_test(tc, history_missing_file_is_empty);
	tcase_add_test(tc, history_record_merges_other_session);
	tcase_add_test(tc, history_load_skips_overlong_lines);
	tcase_add_test(tc, history_path_follows_xdg);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
