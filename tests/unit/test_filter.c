/*
 * test_filter.c: the queue filter grammar (filter.h): every word it
 * knows, the quotes of text=, the messages that name a bad word and its
 * column, and the text written back as a saved view keeps it.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "temas/filter.h"

static struct queue_query q;
static char err[512];

static int parse(const char *in)
{
	memset(&q, 0, sizeof q);
	q.agent_id = 7;
	err[0] = '\0';
	return filter_parse(in, &q, err, sizeof err);
}

static void expect_error(const char *in, const char *want)
{
	ck_assert_msg(parse(in) != 0, "'%s' accepted", in);
	ck_assert_str_eq(err, want);
}

static const char *format(void)
{
	static char out[512];

	ck_assert_int_eq(filter_format(&q, out, sizeof out), 0);
	return out;
}

START_TEST(every_word)
{
	ck_assert_int_eq(parse("mine channel=email tag=kargo status=pending "
			       "assignee=ayse lang=en text=gecikti"), 0);
	ck_assert_int_eq(q.filter, QUEUE_MINE);
	ck_assert_str_eq(q.channel, "email");
	ck_assert_str_eq(q.tag, "kargo");
	ck_assert_str_eq(q.status, "pending");
	ck_assert_str_eq(q.assignee, "ayse");
	ck_assert_str_eq(q.lang, "en");
	ck_assert_str_eq(q.text, "gecikti");
	/* The agent "mine" means is the caller's, untouched. */
	ck_assert_int_eq(q.agent_id, 7);
}
END_TEST

START_TEST(empty_and_all)
{
	ck_assert_int_eq(parse(""), 0);
	ck_assert_int_eq(q.filter, QUEUE_ALL);
	ck_assert_int_eq(filter_any(&q), 0);
	ck_assert_str_eq(format(), "all");
	ck_assert_int_eq(parse("  all\t"), 0);
	ck_assert_int_eq(filter_any(&q), 0);
	ck_assert_int_eq(parse("breached unassigned"), 0);
	/* The last of the who-words holds. */
	ck_assert_int_eq(q.filter, QUEUE_UNASSIGNED);
	ck_assert_int_eq(filter_any(&q), 1);
}
END_TEST

START_TEST(parse_replaces_what_was_there)
{
	ck_assert_int_eq(parse("tag=kargo"), 0);
	ck_assert_int_eq(filter_parse("breached", &q, err, sizeof err), 0);
	ck_assert_str_eq(q.tag, "");
	ck_assert_int_eq(q.filter, QUEUE_BREACHED);
	ck_assert_int_eq(filter_parse("snoozed tag=kargo", &q, err, sizeof err), 0);
	ck_assert_int_eq(q.filter, QUEUE_SNOOZED);
	ck_assert_str_eq(format(), "snoozed tag=kargo");
}
END_TEST

START_TEST(text_in_quotes)
{
	ck_assert_int_eq(parse("text=\"kredi kartı\" breached"), 0);
	ck_assert_str_eq(q.text, "kredi kartı");
	ck_assert_int_eq(q.filter, QUEUE_BREACHED);
	ck_assert_str_eq(format(), "breached text=\"kredi kartı\"");
	ck_assert_int_eq(parse("\"text=iki kelime\""), 0);
	ck_assert_str_eq(q.text, "iki kelime");
	ck_assert_int_eq(parse("text=İADE"), 0);
	ck_assert_str_eq(q.text, "İADE");
}
END_TEST

START_TEST(format_round_trips)
{
	const char *in = "unassigned channel=phone tag=iade status=new "
			 "assignee=zehra lang=pt-BR text=\"çok geç\"";
	char again[512];

	ck_assert_int_eq(parse(in), 0);
	ck_assert_str_eq(format(), in);
	snprintf(again, sizeof again, "%s", format());
	ck_assert_int_eq(parse(again), 0);
	ck_assert_str_eq(format(), in);
}
END_TEST

START_TEST(format_says_when_cut)
{
	char small[8];

	ck_assert_int_eq(parse("tag=kargo"), 0);
	ck_assert_int_eq(filter_format(&q, small, sizeof small), -1);
	ck_assert_uint_lt(strlen(small), sizeof small);
}
END_TEST

START_TEST(bad_words_are_named)
{
	expect_error("mine kargo",
		     "filter: unknown word 'kargo' (all, mine, unassigned, breached, "
		     "snoozed, channel=, tag=, status=, assignee=, lang=, text=) at column 6");
	expect_error("colour=red",
		     "filter: unknown word 'colour=red' (all, mine, unassigned, breached, "
		     "snoozed, channel=, tag=, status=, assignee=, lang=, text=) at column 1");
	expect_error("status=resolved",
		     "filter: status 'resolved': the queue holds open states only "
		     "(new, open, pending, escalated) at column 1");
	expect_error("tag=iki,kelime",
		     "filter: bad tag 'iki,kelime': a tag cannot hold blanks, commas or control characters at column 1");
	expect_error("all channel=",
		     "filter: 'channel=' needs a value at column 5");
	expect_error("text=\"açık",
		     "filter: unclosed quote in 'text=açık' at column 1");
	expect_error("assignee=a;b", "filter: bad login 'a;b' at column 1");
	expect_error("lang=t r", "filter: unknown word 'r' (all, mine, unassigned, "
		     "breached, snoozed, channel=, tag=, status=, assignee=, lang=, text=) at column 8");
	expect_error("channel=çağrı", "filter: bad channel 'çağrı' at column 1");
}
END_TEST

START_TEST(a_refused_filter_changes_nothing)
{
	ck_assert_int_eq(parse("tag=kargo"), 0);
	ck_assert_int_ne(filter_parse("mine tag=x,y", &q, err, sizeof err), 0);
	ck_assert_str_eq(q.tag, "kargo");
	ck_assert_int_eq(q.filter, QUEUE_ALL);
}
END_TEST

START_TEST(long_and_control_text)
{
	char in[300];

	memset(in, 'a', sizeof in);
	memcpy(in, "text=", 5);
	in[sizeof in - 1] = '\0';
	ck_assert_int_ne(parse(in), 0);
	ck_assert_int_ne(parse("text=a\x1b[2Jb"), 0);
	ck_assert_str_eq(err, "filter: a control character in 'text=' at column 1");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("filter");

	tcase_add_test(tc, every_word);
	tcase_add_test(tc, empty_and_all);
	tcase_add_test(tc, parse_replaces_what_was_there);
	tcase_add_test(tc, text_in_quotes);
	tcase_add_test(tc, format_round_trips);
	tcase_add_test(tc, format_says_when_cut);
	tcase_add_test(tc, bad_words_are_named);
	tcase_add_test(tc, a_refused_filter_changes_nothing);
	tcase_add_test(tc, long_and_control_text);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return harness_run(suite());
}
