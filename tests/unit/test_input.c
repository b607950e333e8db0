/*
 * test_input.c: the compose screen's input decisions: UTF-8 put back
 * together from single terminal bytes (Turkish, wide, cut short), the
 * draft debounce, and $EDITOR split into words without a shell.
 */
#include "config.h"

#include <check.h>
#include <string.h>

#include "harness.h"
#include "temas/edit.h"

/* Feed every byte of s; return what came out, concatenated. */
static void feed_all(struct text_input *in, const char *s, char *got,
		     size_t gotsz)
{
	char out[8];
	size_t len = 0;
	int n;

	for (; *s; s++) {
		n = text_input_feed(in, (unsigned char)*s, out);
		ck_assert_int_ge(n, 0);
		ck_assert_uint_lt(len + (size_t)n, gotsz);
		memcpy(got + len, out, (size_t)n);
		len += (size_t)n;
	}
	got[len] = '\0';
}

START_TEST(turkish_bytes_make_whole_characters)
{
	struct text_input in = { { 0 }, 0, 0 };
	char out[8];

	/* ğ is C4 9F: nothing until the second byte. */
	ck_assert_int_eq(text_input_feed(&in, 0xC4, out), 0);
	ck_assert_int_eq(text_input_feed(&in, 0x9F, out), 2);
	ck_assert(memcmp(out, "\xc4\x9f", 2) == 0);
	ck_assert_int_eq(text_input_feed(&in, 'a', out), 1);
	ck_assert_int_eq(out[0], 'a');
}
END_TEST

START_TEST(every_sequence_passes_through_unchanged)
{
	struct text_input in = { { 0 }, 0, 0 };
	const char *s = "Işık çiçek İĞÜŞÖÇ 漢字 \xf0\x9f\x98\x80 end";
	char got[128];

	feed_all(&in, s, got, sizeof got);
	ck_assert_str_eq(got, s);
	ck_assert_int_eq(in.have, 0);
}
END_TEST

START_TEST(cut_short_sequence_is_flushed_not_lost)
{
	struct text_input in = { { 0 }, 0, 0 };
	char got[32];

	/* A lead byte of a three-byte character, then plain ASCII: the lead
	 * comes out (to become U+FFFD) and the 'x' is not swallowed. */
	feed_all(&in, "\xe2\x82x", got, sizeof got);
	ck_assert_str_eq(got, "\xe2\x82x");
	ck_assert_int_eq(in.have, 0);
	/* A stray continuation byte comes out alone, at once. */
	feed_all(&in, "\x9f", got, sizeof got);
	ck_assert_str_eq(got, "\x9f");
}
END_TEST

START_TEST(draft_saved_when_idle_or_too_far_behind)
{
	ck_assert_int_eq(text_draft_due(5000, -1, -1), 0);
	/* One key 500 ms ago: wait for the pause. */
	ck_assert_int_eq(text_draft_due(1500, 1000, 1000), 0);
	ck_assert_int_eq(text_draft_due(2000, 1000, 1000), 1);
	/* Typing on: the last key 100 ms ago, the first unsaved 1.9 s ago. */
	ck_assert_int_eq(text_draft_due(2900, 1000, 2800), 0);
	ck_assert_int_eq(text_draft_due(3000, 1000, 2900), 1);
}
END_TEST

START_TEST(editor_words_then_the_path_only)
{
	char *argv[8], buf[64];

	ck_assert_int_eq(text_editor_argv("vi", "/tmp/x", argv, 8, buf,
					  sizeof buf), 2);
	ck_assert_str_eq(argv[0], "vi");
	ck_assert_str_eq(argv[1], "/tmp/x");
	ck_assert_ptr_null(argv[2]);
	ck_assert_int_eq(text_editor_argv("  emacs\t-nw ", "f; rm -rf ~",
					  argv, 8, buf, sizeof buf), 3);
	ck_assert_str_eq(argv[0], "emacs");
	ck_assert_str_eq(argv[1], "-nw");
	ck_assert_str_eq(argv[2], "f; rm -rf ~");
	ck_assert_ptr_null(argv[3]);
}
END_TEST

START_TEST(editor_refused_when_empty_or_too_long)
{
	char *argv[3], buf[8];

	ck_assert_int_eq(text_editor_argv("  ", "p", argv, 3, buf, sizeof buf), -1);
	ck_assert_int_eq(text_editor_argv(NULL, "p", argv, 3, buf, sizeof buf), -1);
	ck_assert_int_eq(text_editor_argv("a b", "p", argv, 3, buf, sizeof buf), -1);
	ck_assert_int_eq(text_editor_argv("longeditor", "p", argv, 3, buf,
					  sizeof buf), -1);
	ck_assert_int_eq(text_editor_argv("ed", "p", argv, 3, buf, sizeof buf), 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("input");
	TCase *tc = tcase_create("input");

	tcase_add_test(tc, turkish_bytes_make_whole_characters);
	tcase_add_test(tc, every_sequence_passes_through_unchanged);
	tcase_add_test(tc, cut_short_sequence_is_flushed_not_lost);
	tcase_add_test(tc, draft_saved_when_idle_or_too_far_behind);
	tcase_add_test(tc, editor_words_then_the_path_only);
	tcase_add_test(tc, editor_refused_when_empty_or_too_long);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
