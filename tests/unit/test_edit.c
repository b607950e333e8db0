/*
 * test_edit.c: the compose buffer: Turkish and wide characters, combining
 * marks, and cursor moves over wrapped lines by display column.
 */
#include "config.h"

#include <check.h>
#include <string.h>

#include "harness.h"
#include "temas/edit.h"

static void type(struct text_edit *e, const char *s)
{
	ck_assert_int_eq(text_edit_insert(e, s, strlen(s)), 0);
}

static void at(const struct text_edit *e, int cols, int line, int col)
{
	int l, c;

	text_edit_cursor(e, cols, &l, &c);
	ck_assert_msg(l == line && c == col, "cursor at %d,%d, expected %d,%d",
		      l, c, line, col);
}

START_TEST(insert_and_delete_turkish)
{
	struct text_edit e;

	ck_assert_int_eq(text_edit_init(&e, "", 0), 0);
	type(&e, "Sayın İpek Işık");
	ck_assert_str_eq(e.buf, "Sayın İpek Işık");
	at(&e, 40, 0, 15);
	text_edit_backspace(&e);                 /* k */
	text_edit_left(&e);                      /* before ı */
	text_edit_backspace(&e);                 /* ş */
	ck_assert_str_eq(e.buf, "Sayın İpek Iı");
	type(&e, "ğ");
	ck_assert_str_eq(e.buf, "Sayın İpek Iğı");
	text_edit_delete(&e);
	ck_assert_str_eq(e.buf, "Sayın İpek Iğ");
	text_edit_delete(&e);                    /* at the end: nothing */
	ck_assert_str_eq(e.buf, "Sayın İpek Iğ");
	text_edit_free(&e);
}
END_TEST

START_TEST(combining_marks_move_with_their_letter)
{
	struct text_edit e;

	/* "s" + U+0327 (combining cedilla) renders as ş */
	ck_assert_int_eq(text_edit_init(&e, "as\xcc\xa7" "b", 0), 0);
	text_edit_right(&e);
	text_edit_right(&e);
	ck_assert_uint_eq(e.cur, 4);             /* after the mark, not before */
	text_edit_backspace(&e);
	ck_assert_str_eq(e.buf, "ab");
	text_edit_free(&e);
}
END_TEST

START_TEST(control_characters_never_enter)
{
	struct text_edit e;

	ck_assert_int_eq(text_edit_init(&e, "a\x1b[31mb\n", 99), 0);
	ck_assert_ptr_null(strchr(e.buf, 0x1b));
	ck_assert_uint_eq(e.cur, e.len);
	type(&e, "x\x07y\n");
	ck_assert_ptr_null(strchr(e.buf, 0x07));
	ck_assert_ptr_nonnull(strstr(e.buf, "xy\n"));
	text_edit_free(&e);
}
END_TEST

START_TEST(cursor_over_wrapped_lines)
{
	struct text_edit e;

	/* wraps at 10: "merhaba" / "dünya" / "güzel gün" */
	ck_assert_int_eq(text_edit_init(&e, "merhaba dünya\ngüzel gün", 0), 0);
	at(&e, 10, 0, 0);
	text_edit_end(&e, 10);
	at(&e, 10, 0, 7);
	text_edit_down(&e, 10);
	at(&e, 10, 1, 5);                         /* "dünya" is 5 wide */
	text_edit_down(&e, 10);
	at(&e, 10, 2, 7);                         /* the goal column 7 came back */
	ck_assert_str_eq(e.buf + e.cur, "ün");
	text_edit_home(&e, 10);
	at(&e, 10, 2, 0);
	text_edit_up(&e, 10);
	text_edit_up(&e, 10);
	at(&e, 10, 0, 0);
	text_edit_up(&e, 10);                     /* top: to the start */
	ck_assert_uint_eq(e.cur, 0);
	text_edit_end(&e, 10);
	text_edit_down(&e, 10);
	text_edit_end(&e, 10);
	ck_assert_str_eq(e.buf + e.cur, "\ngüzel gün");
	text_edit_free(&e);
}
END_TEST

START_TEST(wide_characters_by_display_column)
{
	struct text_edit e;

	/* each of 日本 is two columns wide */
	ck_assert_int_eq(text_edit_init(&e, "日本語\nabcdef", 0), 0);
	text_edit_right(&e);
	at(&e, 20, 0, 2);
	text_edit_down(&e, 20);
	at(&e, 20, 1, 2);
	ck_assert_str_eq(e.buf + e.cur, "cdef");
	text_edit_right(&e);
	text_edit_up(&e, 20);                     /* column 3 is inside 本: stop before */
	at(&e, 20, 0, 2);
	text_edit_free(&e);
}
END_TEST

START_TEST(trailing_newline_and_spaces_show_where_typed)
{
	struct text_edit e;

	ck_assert_int_eq(text_edit_init(&e, "", 0), 0);
	type(&e, "abc ");
	at(&e, 20, 0, 4);
	type(&e, "\n");
	at(&e, 20, 1, 0);
	text_edit_backspace(&e);
	at(&e, 20, 0, 4);
	text_edit_free(&e);
}
END_TEST

START_TEST(cursor_restored_on_a_boundary)
{
	struct text_edit e;

	/* a saved cursor in the middle of "ş" is moved back to its start */
	ck_assert_int_eq(text_edit_init(&e, "aş", 2), 0);
	ck_assert_uint_eq(e.cur, 1);
	text_edit_free(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("edit");
	TCase *tc = tcase_create("edit");

	tcase_add_test(tc, insert_and_delete_turkish);
	tcase_add_test(tc, combining_marks_move_with_their_letter);
	tcase_add_test(tc, control_characters_never_enter);
	tcase_add_test(tc, cursor_over_wrapped_lines);
	tcase_add_test(tc, wide_characters_by_display_column);
	tcase_add_test(tc, trailing_newline_and_spaces_show_where_typed);
	tcase_add_test(tc, cursor_restored_on_a_boundary);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
