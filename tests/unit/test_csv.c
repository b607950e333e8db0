/*
 * test_csv.c: the RFC 4180 reader, every edge case and every error with
 * the physical line it names, and the field writer reading back.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "temas/csv.h"

struct fixture {
	FILE *f;
	struct csv *c;
	char **fields;
	size_t *lens;
	size_t n;
};

static void open_text(struct fixture *x, const char *text)
{
	x->f = fmemopen((void *)text, strlen(text), "r");
	ck_assert_ptr_nonnull(x->f);
	x->c = csv_new(x->f);
	ck_assert_ptr_nonnull(x->c);
}

static void close_text(struct fixture *x)
{
	csv_free(x->c);
	fclose(x->f);
}

static int next(struct fixture *x)
{
	return csv_read(x->c, &x->fields, &x->lens, &x->n);
}

START_TEST(plain_records_lf)
{
	struct fixture x;

	open_text(&x, "a,b,c\n1,2,3\n");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_uint_eq(x.n, 3);
	ck_assert_str_eq(x.fields[0], "a");
	ck_assert_str_eq(x.fields[2], "c");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_str_eq(x.fields[1], "2");
	ck_assert_int_eq(csv_line(x.c), 2);
	ck_assert_int_eq(next(&x), CSV_EOF);
	close_text(&x);
}
END_TEST

START_TEST(crlf_and_no_final_newline)
{
	struct fixture x;

	open_text(&x, "a,b\r\n1,2\r\n3,4");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_str_eq(x.fields[1], "b");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_str_eq(x.fields[1], "2");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_str_eq(x.fields[0], "3");
	ck_assert_str_eq(x.fields[1], "4");
	ck_assert_int_eq(csv_line(x.c), 3);
	ck_assert_int_eq(next(&x), CSV_EOF);
	close_text(&x);
}
END_TEST

START_TEST(quoted_comma_quote_newline)
{
	struct fixture x;

	open_text(&x, "k,v\n1,\"a,b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,x\n");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_str_eq(x.fields[1], "a,b");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_str_eq(x.fields[1], "say \"hi\"");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_str_eq(x.fields[1], "two\nlines");
	ck_assert_int_eq(csv_line(x.c), 4);
	ck_assert_int_eq(next(&x), CSV_RECORD);
	/* The record after a two-line field starts on physical line 6. */
	ck_assert_int_eq(csv_line(x.c), 6);
	ck_assert_str_eq(x.fields[1], "x");
	close_text(&x);
}
END_TEST

START_TEST(quoted_crlf_kept_inside_field)
{
	struct fixture x;

	open_text(&x, "v\r\n\"a\r\nb\"\r\n");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_str_eq(x.fields[0], "a\r\nb");
	ck_assert_int_eq(next(&x), CSV_EOF);
	close_text(&x);
}
END_TEST

START_TEST(empty_fields_and_empty_quoted)
{
	struct fixture x;

	open_text(&x, "a,b,c\n,,\n\"\",x,\"\"\n");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_uint_eq(x.n, 3);
	ck_assert_str_eq(x.fields[0], "");
	ck_assert_str_eq(x.fields[2], "");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_str_eq(x.fields[0], "");
	ck_assert_str_eq(x.fields[1], "x");
	ck_assert_str_eq(x.fields[2], "");
	close_text(&x);
}
END_TEST

START_TEST(bom_skipped)
{
	struct fixture x;

	open_text(&x, "\xEF\xBB\xBFname,city\nAyşe,İzmir\n");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_str_eq(x.fields[0], "name");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_str_eq(x.fields[1], "İzmir");
	close_text(&x);
}
END_TEST

START_TEST(first_field_starting_like_a_bom_is_text)
{
	struct fixture x;

	/* U+FF03 and U+FEFE start with EF, as a byte-order mark does. */
	open_text(&x, "\xEF\xBC\x83no,ad\n1,2\n");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_str_eq(x.fields[0], "\xEF\xBC\x83no");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	close_text(&x);
	open_text(&x, "\xEF\xBB\xBE,x\n");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_str_eq(x.fields[0], "\xEF\xBB\xBE");
	ck_assert_int_eq(csv_line(x.c), 1);
	close_text(&x);
	open_text(&x, "\xEF\xBB");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_str_eq(x.fields[0], "\xEF\xBB");
	ck_assert_int_eq(next(&x), CSV_EOF);
	close_text(&x);
}
END_TEST

START_TEST(blank_lines_skipped_with_line_numbers)
{
	struct fixture x;

	open_text(&x, "a,b\n\n1,2\r\n\r\n3,4\n\n");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_int_eq(csv_line(x.c), 3);
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_int_eq(csv_line(x.c), 5);
	ck_assert_int_eq(next(&x), CSV_EOF);
	close_text(&x);
}
END_TEST

START_TEST(bare_quote_in_unquoted_field)
{
	struct fixture x;

	open_text(&x, "a,b\n1,2\nab\"c,3\n");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_int_eq(next(&x), CSV_SYNTAX);
	ck_assert_int_eq(csv_error_line(x.c), 3);
	ck_assert_str_eq(csv_errmsg(x.c), "quote inside an unquoted field");
	close_text(&x);
}
END_TEST

START_TEST(unterminated_quote_names_its_line)
{
	struct fixture x;

	open_text(&x, "a,b\n1,2\n3,\"open\nstill open\nand more\n");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_int_eq(next(&x), CSV_SYNTAX);
	ck_assert_int_eq(csv_error_line(x.c), 3);
	ck_assert_str_eq(csv_errmsg(x.c),
			 "quoted field not closed before the end of the file");
	close_text(&x);
}
END_TEST

START_TEST(text_after_closing_quote)
{
	struct fixture x;

	open_text(&x, "a,b\n\"x\"y,2\n");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_int_eq(next(&x), CSV_SYNTAX);
	ck_assert_int_eq(csv_error_line(x.c), 2);
	ck_assert_str_eq(csv_errmsg(x.c), "text after a closing quote");
	close_text(&x);
}
END_TEST

START_TEST(wrong_field_count_is_recoverable)
{
	struct fixture x;

	open_text(&x, "a,b,c\n1,2\n1,2,3,4\n\"multi\nline\",2\n5,6,7\n");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_int_eq(next(&x), CSV_BADCOUNT);
	ck_assert_int_eq(csv_error_line(x.c), 2);
	ck_assert_str_eq(csv_errmsg(x.c), "expected 3 fields, found 2");
	ck_assert_int_eq(next(&x), CSV_BADCOUNT);
	ck_assert_int_eq(csv_error_line(x.c), 3);
	ck_assert_str_eq(csv_errmsg(x.c), "expected 3 fields, found 4");
	ck_assert_int_eq(next(&x), CSV_BADCOUNT);
	ck_assert_int_eq(csv_error_line(x.c), 4);
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_int_eq(csv_line(x.c), 6);
	ck_assert_str_eq(x.fields[2], "7");
	close_text(&x);
}
END_TEST

START_TEST(bare_carriage_return)
{
	struct fixture x;

	open_text(&x, "a,b\n1,2\r3,4\n");
	ck_assert_int_eq(next(&x), CSV_RECORD);
	ck_assert_int_eq(next(&x), CSV_SYNTAX);
	ck_assert_int_eq(csv_error_line(x.c), 2);
	ck_assert_str_eq(csv_errmsg(x.c), "carriage return not followed by a line feed");
	close_text(&x);
}
END_TEST

START_TEST(nul_byte_shortens_field_length)
{
	static const char data[] = "a,b\nx\0y,2\n";
	FILE *f = fmemopen((void *)data, sizeof data - 1, "r");
	struct csv *c = csv_new(f);
	char **fields;
	size_t *lens, n;

	ck_assert_int_eq(csv_read(c, &fields, &lens, &n), CSV_RECORD);
	ck_assert_int_eq(csv_read(c, &fields, &lens, &n), CSV_RECORD);
	/* The field holds 3 bytes; strlen stops at the NUL: callers compare. */
	ck_assert_uint_eq(lens[0], 3);
	ck_assert_uint_ne(strlen(fields[0]), lens[0]);
	csv_free(c);
	fclose(f);
}
END_TEST

START_TEST(record_too_long_is_refused)
{
	size_t big = CSV_MAX_RECORD + 10, i;
	char *data = malloc(big + 8);
	FILE *f;
	struct csv *c;
	char **fields;
	size_t *lens, n;

	ck_assert_ptr_nonnull(data);
	memcpy(data, "a\n", 2);
	for (i = 2; i < big; i++)
		data[i] = 'x';
	data[big] = '\n';
	f = fmemopen(data, big + 1, "r");
	c = csv_new(f);
	ck_assert_int_eq(csv_read(c, &fields, &lens, &n), CSV_RECORD);
	ck_assert_int_eq(csv_read(c, &fields, &lens, &n), CSV_SYNTAX);
	ck_assert_str_eq(csv_errmsg(c), "record too long");
	ck_assert_int_eq(csv_error_line(c), 2);
	csv_free(c);
	fclose(f);
	free(data);
}
END_TEST

START_TEST(writer_round_trips)
{
	static const char *const vals[] = {
		"plain", "with,comma", "say \"hi\"", "two\nlines", "", "Çağrı İş"
	};
	char *buf = NULL;
	size_t sz = 0, i, n;
	FILE *w = open_memstream(&buf, &sz);
	struct fixture x;

	ck_assert_ptr_nonnull(w);
	for (i = 0; i < 6; i++) {
		if (i)
			fputc(',', w);
		csv_write_field(w, vals[i]);
	}
	fputc('\n', w);
	fclose(w);
	open_text(&x, buf);
	ck_assert_int_eq(next(&x), CSV_RECORD);
	n = x.n;
	ck_assert_uint_eq(n, 6);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(x.fields[i], vals[i]);
	close_text(&x);
	free(buf);
}
END_TEST

START_TEST(empty_file_is_eof)
{
	struct fixture x;

	open_text(&x, "");
	ck_assert_int_eq(next(&x), CSV_EOF);
	close_text(&x);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("csv");

	tcase_add_test(tc, plain_records_lf);
	tcase_add_test(tc, crlf_and_no_final_newline);
	tcase_add_test(tc, quoted_comma_quote_newline);
	tcase_add_test(tc, quoted_crlf_kept_inside_field);
	tcase_add_test(tc, empty_fields_and_empty_quoted);
	tcase_add_test(tc, bom_skipped);
	tcase_add_test(tc, first_field_starting_like_a_bom_is_text);
	tcase_add_test(tc, blank_lines_skipped_with_line_numbers);
	tcase_add_test(tc, bare_quote_in_unquoted_field);
	tcase_add_test(tc, unterminated_quote_names_its_line);
	tcase_add_test(tc, text_after_closing_quote);
	tcase_add_test(tc, wrong_field_count_is_recoverable);
	tcase_add_test(tc, bare_carriage_return);
	tcase_add_test(tc, nul_byte_shortens_field_length);
	tcase_add_test(tc, record_too_long_is_refused);
	tcase_add_test(tc, writer_round_trips);
	tcase_add_test(tc, empty_file_is_eof);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
