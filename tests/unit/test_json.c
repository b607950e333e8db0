/*
 * test_json.c: the flat-object JSON parser (escapes, surrogate pairs,
 * numbers kept as text, strict errors with their column) and the writer.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "temas/json.h"

static char err[256];

static int parse(const char *s, struct json_object *o)
{
	err[0] = '\0';
	return json_parse_object(s, strlen(s), o, err, sizeof err);
}

static void refuse(const char *s, const char *msg)
{
	struct json_object o;

	ck_assert_int_eq(parse(s, &o), -1);
	ck_assert_str_eq(err, msg);
}

START_TEST(all_value_kinds)
{
	struct json_object o;

	ck_assert_int_eq(parse("{\"type\":\"customer\", \"n\": -12.5e3, \"t\":true,"
			       " \"f\":false, \"z\":null, \"e\":\"\"}", &o), 0);
	ck_assert_uint_eq(o.n, 6);
	ck_assert_str_eq(json_get(&o, "type")->value, "customer");
	ck_assert_int_eq(json_get(&o, "n")->type, JSON_NUMBER);
	ck_assert_str_eq(json_get(&o, "n")->value, "-12.5e3");
	ck_assert_int_eq(json_get(&o, "t")->type, JSON_TRUE);
	ck_assert_int_eq(json_get(&o, "f")->type, JSON_FALSE);
	ck_assert_int_eq(json_get(&o, "z")->type, JSON_NULL);
	ck_assert_ptr_null(json_get(&o, "z")->value);
	ck_assert_str_eq(json_get(&o, "e")->value, "");
	ck_assert_ptr_null(json_get(&o, "missing"));
	json_object_free(&o);
}
END_TEST

START_TEST(escapes_and_surrogates)
{
	struct json_object o;

	ck_assert_int_eq(parse("{\"s\":\"a\\\"b\\\\c\\/d\\n\\t\\u00e7\\u0130\\ud83d\\ude00\"}", &o), 0);
	ck_assert_str_eq(json_get(&o, "s")->value, "a\"b\\c/d\n\tçİ\xF0\x9F\x98\x80");
	json_object_free(&o);
}
END_TEST

START_TEST(raw_utf8_kept)
{
	struct json_object o;

	ck_assert_int_eq(parse("{\"name\":\"Şükrü Iğdır\"}", &o), 0);
	ck_assert_str_eq(json_get(&o, "name")->value, "Şükrü Iğdır");
	json_object_free(&o);
}
END_TEST

START_TEST(empty_object)
{
	struct json_object o;

	ck_assert_int_eq(parse("  { }  ", &o), 0);
	ck_assert_uint_eq(o.n, 0);
	json_object_free(&o);
}
END_TEST

START_TEST(errors_name_their_column)
{
	refuse("[1,2]", "column 1: expected '{' (one JSON object per line)");
	refuse("{\"a\":1,}", "column 8: expected a member name in quotes");
	refuse("{\"a\" 1}", "column 6: expected ':'");
	refuse("{\"a\":{\"b\":1}}", "column 6: nested objects and arrays are not accepted");
	refuse("{\"a\":[1]}", "column 6: nested objects and arrays are not accepted");
	refuse("{\"a\":1} x", "column 9: text after the object");
	refuse("{\"a\":\"x", "column 8: string not closed");
	refuse("{\"a\":01}", "column 7: expected ',' or '}'");
	refuse("{\"a\":1.}", "column 8: bad number");
	refuse("{\"a\":tru}", "column 6: unexpected character");
	refuse("{\"a\":1,\"a\":2}", "column 8: member \"a\" appears twice");
	refuse("{\"a\":\"\\x\"}", "column 8: unknown escape");
	refuse("{\"a\":\"\\ud83d\"}", "column 13: high surrogate not followed by a low one");
	refuse("{\"a\":\"\\ude00\"}", "column 7: lone low surrogate in \\u escape");
	refuse("{\"a\":\"\\u0000\"}", "column 7: \\u0000 is not allowed");
	refuse("{\"a\":\"x\ty\"}", "column 8: control character in a string (use an escape)");
	refuse("{\"a\":\"\xC3\x28\"}", "column 7: invalid UTF-8");
	refuse("{\"a\":1", "column 7: line ends inside the object");
	refuse("", "column 1: expected '{' (one JSON object per line)");
}
END_TEST

START_TEST(writer_round_trips)
{
	const char *val = "quote \" back \\ nl\n tab\t bell\x07 Çay";
	char *buf = NULL;
	size_t sz = 0;
	FILE *w = open_memstream(&buf, &sz);
	struct json_object o;

	fputs("{\"v\":", w);
	json_write_string(w, val);
	fputs("}", w);
	fclose(w);
	ck_assert_ptr_null(strchr(buf, '\n'));
	ck_assert_int_eq(parse(buf, &o), 0);
	ck_assert_str_eq(json_get(&o, "v")->value, val);
	json_object_free(&o);
	free(buf);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("json");

	tcase_add_test(tc, all_value_kinds);
	tcase_add_test(tc, escapes_and_surrogates);
	tcase_add_test(tc, raw_utf8_kept);
	tcase_add_test(tc, empty_object);
	tcase_add_test(tc, errors_name_their_column);
	tcase_add_test(tc, writer_round_trips);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
