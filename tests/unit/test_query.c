/*
 * test_query.c: parsing the search box and writing the match expression.
 *
 * The expression is checked in full: it is what keeps user input from
 * becoming full-text syntax, so any change to it must be deliberate.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "temas/query.h"

static char expr[QUERY_MAX_EXPR];
static char err[256];

static const char *compile(const char *in)
{
	expr[0] = '\0';
	err[0] = '\0';
	if (query_compile(in, expr, sizeof expr, err, sizeof err) != 0)
		return NULL;
	return expr;
}

static void expect_expr(const char *in, const char *want)
{
	const char *got = compile(in);

	ck_assert_msg(got != NULL, "'%s' refused: %s", in, err);
	ck_assert_str_eq(got, want);
}

static void expect_error(const char *in, const char *want)
{
	ck_assert_msg(compile(in) == NULL, "'%s' accepted as %s", in, expr);
	ck_assert_str_eq(err, want);
}

START_TEST(words_are_folded_and_anded)
{
	expect_expr("IŞIK Çağrı", "\"isik\" AND \"cagri\"");
	expect_expr("  İADE\tıslak  ", "\"iade\" AND \"islak\"");
	expect_expr("Müşteri ÖDEME ğ â î û", "\"musteri\" AND \"odeme\" AND \"g\""
		    " AND \"a\" AND \"i\" AND \"u\"");
}
END_TEST

START_TEST(parse_marks_prefix_and_phrase)
{
	struct query q;

	ck_assert_int_eq(query_parse("sipari* \"Kargo GEÇ\" iade", &q, err,
				     sizeof err), 0);
	ck_assert_int_eq(q.nterms, 3);
	ck_assert_str_eq(q.terms[0].text, "sipari");
	ck_assert_int_eq(q.terms[0].prefix, 1);
	ck_assert_int_eq(q.terms[0].phrase, 0);
	ck_assert_str_eq(q.terms[1].text, "kargo gec");
	ck_assert_int_eq(q.terms[1].phrase, 1);
	ck_assert_int_eq(q.terms[1].prefix, 0);
	ck_assert_int_eq(q.terms[1].column, 10);
	ck_assert_str_eq(q.terms[2].text, "iade");
	ck_assert_int_eq(q.terms[2].column, 21);
}
END_TEST

START_TEST(prefix_and_phrase_expressions)
{
	expect_expr("sipari*", "\"sipari\" *");
	expect_expr("\"kargo geç geldi\"", "\"kargo gec geldi\"");
	expect_expr("\"kargo ge\"* iade", "\"kargo ge\" * AND \"iade\"");
}
END_TEST

START_TEST(prefix_words_inside_a_phrase)
{
	/* Each prefix word ends a part; the parts are joined into one
	 * phrase with '+'. */
	expect_expr("\"kredi kart*\"", "\"kredi kart\" *");
	expect_expr("\"Kredi KART* borç\"", "\"kredi kart\" * + \" borc\"");
	expect_expr("\"sipari* kargo* geç\" iade",
		    "\"sipari\" * + \" kargo\" * + \" gec\" AND \"iade\"");
	expect_expr("\"kredi* kart\"*", "\"kredi\" * + \" kart\" *");
	expect_expr("\"kart*\"*", "\"kart\" *");
	/* A star that does not end a word stays text, dropped as a
	 * separator by the tokenizer. */
	expect_expr("\"kredi * kart\"", "\"kredi * kart\"");
	expect_expr("\"*kart\"", "\"*kart\"");
	expect_expr("\"a*b c\"", "\"a*b c\"");
	expect_expr("\"- -* kart\"", "\"- -* kart\"");
	expect_expr("\"kart** x\"", "\"kart** x\"");
}
END_TEST

/* The words a prefix stands for, as the store would give them: every
 * word of a small vocabulary that starts with it ("aba*": a narrower
 * prefix). */
static int fake_expand(void *ctx, const char *prefix, size_t len, int phrase,
		       char *buf, size_t bufsz)
{
	static const char *const vocab[] = { "kart", "kartim", "kredi",
					     "kredisi", "ab", "aba*", "abc*",
					     NULL };
	size_t used = 0, wl;
	int i, n = 0;

	/* Told apart: a word of a phrase, or one alone. */
	ck_assert_int_eq(phrase != QUERY_ALONE, *(const int *)ctx);
	for (i = 0; vocab[i] != NULL; i++) {
		wl = strlen(vocab[i]);
		if (wl < len || memcmp(vocab[i], prefix, len) != 0)
			continue;
		if (used + wl + 1 > bufsz)
			return -1;
		memcpy(buf + used, vocab[i], wl + 1);
		used += wl + 1;
		n++;
	}
	return n;
}

static void expect_expanded(const char *in, const char *want)
{
	struct query q;
	int phrase;

	ck_assert_int_eq(query_parse(in, &q, err, sizeof err), 0);
	/* "SP-2023*" is a phrase too. */
	phrase = q.terms[0].phrase || strchr(q.terms[0].text, '-') != NULL;
	ck_assert_int_eq(query_to_match_expand(&q, fake_expand, &phrase, expr,
					       sizeof expr), 0);
	ck_assert_str_eq(expr, want);
}

/* A prefix is written as the words it stands for wherever it is: alone,
 * after a phrase, or inside one, where it stays one word of the phrase. */
START_TEST(prefix_words_written_out)
{
	expect_expanded("kart*", "\"\x01kart\x02kartim\"");
	expect_expanded("\"kredi kart\"*", "\"kredi \x01kart\x02kartim\"");
	expect_expanded("\"kredi kart*\"", "\"kredi \x01kart\x02kartim\"");
	expect_expanded("\"Kred* KART* borç\"",
			"\"\x01kredi\x02kredisi\" + \" \x01kart\x02kartim\" + \" borc\"");
	expect_expanded("\"kredi* kart\"*",
			"\"\x01kredi\x02kredisi\" + \" \x01kart\x02kartim\"");
	/* Words the store does not know, or not plain: FTS5's prefix. */
	expect_expanded("\"kredi zz*\"", "\"kredi zz\" *");
	expect_expanded("\"kredi-\xd0\xb6" "ab*\"", "\"kredi-\xd0\xb6" "ab\" *");
	expect_expanded("kart* kredi", "\"\x01kart\x02kartim\" AND \"kredi\"");
	/* Words joined by a separator are a phrase, the last a prefix. */
	expect_expanded("\"kredi-kart*\"", "\"kredi-\x01kart\x02kartim\"");
	expect_expanded("SP-kart*", "\"sp-\x01kart\x02kartim\"");
	expect_expanded("SP-zz*", "\"sp-zz\" *");
	expect_expanded("SP-*", "\"sp-\" *");
}
END_TEST

/* A prefix that stands for a word and narrower prefixes is each of them
 * in its place, joined by OR, where it is alone or ends the phrase it is
 * the only prefix of; inside a longer phrase it stays FTS5's prefix. */
START_TEST(prefix_written_as_narrower_prefixes)
{
	expect_expanded("ab*", "(\"\x01" "ab\" OR \"aba\" * OR \"abc\" *)");
	expect_expanded("ab* kart*",
			"(\"\x01" "ab\" OR \"aba\" * OR \"abc\" *) AND"
			" \"\x01kart\x02kartim\"");
	expect_expanded("\"kredi ab*\"",
			"(\"kredi \x01" "ab\" OR \"kredi aba\" * OR \"kredi abc\" *)");
	expect_expanded("SP-ab*", "(\"sp-\x01" "ab\" OR \"sp-aba\" * OR \"sp-abc\" *)");
	expect_expanded("\"kredi ab* kart\"", "\"kredi ab\" * + \" kart\"");
	expect_expanded("\"kart* ab*\"",
			"\"\x01kart\x02kartim\" + \" ab\" *");
}
END_TEST

/* Which phrases of the expression stand for one prefix, numbered as
 * FTS5 numbers them: "+" joins strings into one phrase. */
static void expect_groups(const char *in, int nphrase, int n, int first,
			  int count)
{
	struct query q;
	struct query_groups g;
	int phrase;

	ck_assert_int_eq(query_parse(in, &q, err, sizeof err), 0);
	phrase = q.terms[0].phrase || strchr(q.terms[0].text, '-') != NULL;
	ck_assert_int_eq(query_to_match_groups(&q, fake_expand, &phrase, expr,
					       sizeof expr, &g), 0);
	ck_assert_msg(g.nphrase == nphrase, "%s: %d phrases", in, g.nphrase);
	ck_assert_int_eq(g.n, n);
	if (n > 0) {
		ck_assert_int_eq(g.first[0], first);
		ck_assert_int_eq(g.count[0], count);
	}
}

START_TEST(prefix_alternatives_are_one_group)
{
	expect_groups("ab*", 3, 1, 0, 3);
	expect_groups("SP-ab*", 3, 1, 0, 3);
	expect_groups("kredi ab*", 4, 1, 1, 3);
	expect_groups("\"kart* kredi\" \"kredi ab*\"", 4, 1, 1, 3);
	expect_groups("\"kart* ab*\"", 1, 0, 0, 0);
	expect_groups("kart* kredi*", 2, 0, 0, 0);
}
END_TEST

START_TEST(syntax_in_input_stays_text)
{
	/* Operators, columns, NEAR, parentheses and carets are just words. */
	expect_expr("a OR b NOT c", "\"a\" AND \"or\" AND \"b\" AND \"not\" AND \"c\"");
	expect_expr("NEAR(x y) body:iade ^start -x +y",
		    "\"near(x\" AND \"y)\" AND \"body:iade\" AND \"^start\""
		    " AND \"-x\" AND \"+y\"");
	expect_expr("a\"b\"", "\"a\" AND \"b\"");
}
END_TEST

START_TEST(separators_between_words_are_skipped)
{
	expect_expr("iade - kargo ...", "\"iade\" AND \"kargo\"");
	expect_expr("\"\" iade", "\"iade\"");
}
END_TEST

START_TEST(numbers_match_written_together)
{
	expect_expr("532 123 45 12",
		    "((\"532\" AND \"123\" AND \"45\" AND \"12\") OR \"5321234512\")");
	expect_expr("+90 532 123 45 12",
		    "((\"+90\" AND \"532\" AND \"123\" AND \"45\" AND \"12\")"
		    " OR \"905321234512\" OR \"5321234512\")");
	expect_expr("0532-123-45-12",
		    "((\"0532-123-45-12\") OR \"05321234512\" OR \"5321234512\")");
	expect_expr("05321234512",
		    "((\"05321234512\") OR \"05321234512\" OR \"5321234512\")");
	/* Short numbers and plain ten-digit numbers stay as they are. */
	expect_expr("5321234512", "\"5321234512\"");
	expect_expr("12 adet 45", "\"12\" AND \"adet\" AND \"45\"");
	expect_expr("iade 2024 000123",
		    "\"iade\" AND ((\"2024\" AND \"000123\") OR \"2024000123\")");
}
END_TEST

START_TEST(word_characters)
{
	ck_assert_int_eq(query_is_word_cp('a'), 1);
	ck_assert_int_eq(query_is_word_cp('Z'), 1);
	ck_assert_int_eq(query_is_word_cp('7'), 1);
	ck_assert_int_eq(query_is_word_cp(0x131), 1);  /* ı */
	ck_assert_int_eq(query_is_word_cp(0x130), 1);  /* İ */
	ck_assert_int_eq(query_is_word_cp(0x15F), 1);  /* ş */
	ck_assert_int_eq(query_is_word_cp(0x307), 1);  /* combining dot */
	ck_assert_int_eq(query_is_word_cp(0x4E2D), 1); /* CJK */
	ck_assert_int_eq(query_is_word_cp(' '), 0);
	ck_assert_int_eq(query_is_word_cp('-'), 0);
	ck_assert_int_eq(query_is_word_cp('@'), 0);
	ck_assert_int_eq(query_is_word_cp('\''), 0);
	ck_assert_int_eq(query_is_word_cp(0x2019), 0); /* ’ */
	ck_assert_int_eq(query_is_word_cp(0xAB), 0);   /* « */
	ck_assert_int_eq(query_is_word_cp(0x1F600), 0);
}
END_TEST

START_TEST(malformed_queries)
{
	char longq[QUERY_MAX_BYTES + 2];
	char many[QUERY_MAX_TERMS * 3 + 8];
	int i;

	expect_error("", "search: empty query");
	expect_error(" \t ", "search: empty query");
	expect_error("- ... !!", "search: no letters or digits to search for");
	expect_error("\"--\"", "search: no letters or digits to search for");
	expect_error("iade \"kargo", "search: unclosed quote at column 6");
	/* Columns count characters, not bytes. */
	expect_error("çağrı \"x", "search: unclosed quote at column 7");
	expect_error("*", "search: '*' needs a word before it (column 1)");
	expect_error("iade *", "search: '*' needs a word before it (column 6)");
	expect_error("-*", "search: '*' needs a word before it (column 2)");
	expect_error("a*b", "search: '*' can only end a word (column 2)");
	expect_error("sip**", "search: '*' can only end a word (column 4)");
	expect_error("\"a\"b", "search: put a space after the closing quote at column 3");
	expect_error("ab\xff", "search: invalid UTF-8 at column 3");
	expect_error("ab\xc3", "search: invalid UTF-8 at column 3");

	memset(longq, 'a', sizeof longq - 1);
	longq[sizeof longq - 1] = '\0';
	expect_error(longq, "search: query is too long (more than 256 bytes)");
	longq[QUERY_MAX_BYTES] = '\0';
	ck_assert_ptr_nonnull(compile(longq));

	many[0] = '\0';
	for (i = 0; i < QUERY_MAX_TERMS; i++)
		strcat(many, "ab ");
	ck_assert_ptr_nonnull(compile(many));
	strcat(many, "ab");
	expect_error(many, "search: too many terms (at most 32)");
}
END_TEST

START_TEST(no_output_on_small_buffer)
{
	struct query q;
	char small[8];

	ck_assert_int_eq(query_parse("kargo gecikti", &q, err, sizeof err), 0);
	ck_assert_int_eq(query_to_match(&q, small, sizeof small), -1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("query");
	TCase *tc = tcase_create("query");

	tcase_add_test(tc, words_are_folded_and_anded);
	tcase_add_test(tc, parse_marks_prefix_and_phrase);
	tcase_add_test(tc, prefix_and_phrase_expressions);
	tcase_add_test(tc, prefix_words_inside_a_phrase);
	tcase_add_test(tc, syntax_in_input_stays_text);
	tcase_add_test(tc, separators_between_words_are_skipped);
	tcase_add_test(tc, numbers_match_written_together);
	tcase_add_test(tc, word_characters);
	tcase_add_test(tc, malformed_queries);
	tcase_add_test(tc, no_output_on_small_buffer);
	tcase_add_test(tc, prefix_words_written_out);
	tcase_add_test(tc, prefix_written_as_narrower_prefixes);
	tcase_add_test(tc, prefix_alternatives_are_one_group);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return harness_run(suite());
}
