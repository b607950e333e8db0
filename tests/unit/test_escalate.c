/*
 * test_escalate.c: escalation rules: a warning before the due time and an
 * action at the breach, each once per complaint even with two connections
 * (two processes) running them, never while the complaint waits on the
 * customer, run by any write of the process, and bad rules refused; a
 * rule that tags, and rules kept across the upgrade that allowed it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "fixture.h"
#include "../../src/store/internal.h"
#include "temas/agent.h"
#include "temas/complaint.h"
#include "temas/escalate.h"
#include "temas/store.h"
#include "temas/tag.h"

#define T0 1796392800LL
#define H 3600LL

static struct store *st;
static char path[300];

static void setup(void)
{
	char err[512];
	long long id;

	fixture_mkdir("escalate");
	fixture_file("t.db", path, sizeof path);
	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_set_clock(st, T0);
	ck_assert_int_eq(store_agent_upsert(st, "sup", "Şule", ROLE_SUPERVISOR, &id), STORE_OK);
	ck_assert_int_eq(store_agent_upsert(st, "ayse", "Ayşe", ROLE_AGENT, &id), STORE_OK);
	ck_assert_int_eq(store_exec(st,
		"INSERT INTO customers(id, first_name, last_name, lang, created_at)"
		" VALUES(1, 'İpek', 'Işıklı', 'tr', 1600000000);"), STORE_OK);
}

static void teardown(void)
{
	store_close(st);
	st = NULL;
	fixture_rmdir();
}

static long long raw_int(const char *sql)
{
	return fixture_raw_int(path, 1, sql);
}

static long long open_on(const char *channel, const char *prio)
{
	struct complaint_new in = { 0 };
	long long id = 0;

	in.customer_id = 1;
	in.channel = channel;
	in.priority = prio;
	in.subject = "Kargo";
	ck_assert_int_eq(store_complaint_open(st, &in, &id), STORE_OK);
	return id;
}

static void add_rule(const char *name, enum escalate_target t, long long before,
		     enum escalate_action a, const char *arg)
{
	struct escalate_rule r = { name, t, before, NULL, a, arg, 0 };

	ck_assert_msg(store_escalate_add(st, "sup", &r) == STORE_OK, "%s", store_errmsg(st));
}

START_TEST(warning_then_breach_once_each)
{
	int fired;

	open_on("email", "normal");     /* first response due T0 + 8h */
	add_rule("warn", ESC_FIRST_RESPONSE, H, ESC_PRIORITY, "raise");
	add_rule("late", ESC_FIRST_RESPONSE, 0, ESC_ASSIGN, "sup");
	store_set_clock(st, T0 + 7 * H - 1);
	ck_assert_int_eq(store_escalate_run(st, &fired), STORE_OK);
	ck_assert_int_eq(fired, 0);
	store_set_clock(st, T0 + 7 * H);
	ck_assert_int_eq(store_escalate_run(st, &fired), STORE_OK);
	ck_assert_int_eq(fired, 1);
	ck_assert_int_eq(raw_int("SELECT priority='high' AND assignee_id IS NULL"
				 " FROM complaints WHERE id=1"), 1);
	/* High's target is 4 hours from the opening: passed, so the breach
	 * rule acts at the next run, and only once. */
	ck_assert_int_eq(raw_int("SELECT first_response_due FROM complaints WHERE id=1"),
			 T0 + 4 * H);
	ck_assert_int_eq(store_escalate_run(st, &fired), STORE_OK);
	ck_assert_int_eq(fired, 1);
	ck_assert_int_eq(raw_int("SELECT a.login='sup' FROM complaints c"
				 " JOIN agents a ON a.id=c.assignee_id WHERE c.id=1"), 1);
	store_set_clock(st, T0 + 8 * H);
	ck_assert_int_eq(store_escalate_run(st, &fired), STORE_OK);
	ck_assert_int_eq(fired, 0);
	store_set_clock(st, T0 + 100 * H);
	ck_assert_int_eq(store_escalate_run(st, &fired), STORE_OK);
	ck_assert_int_eq(fired, 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='escalate'"
				 " AND login='system' AND complaint_id=1"), 2);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM escalations_fired"), 2);
}
END_TEST

START_TEST(raise_stops_at_urgent_and_never_lowers)
{
	int fired;

	open_on("email", "urgent");
	open_on("email", "high");
	add_rule("r1", ESC_RESOLUTION, 0, ESC_PRIORITY, "raise");
	add_rule("to-normal", ESC_RESOLUTION, 0, ESC_PRIORITY, "normal");
	store_set_clock(st, T0 + 400 * H);
	ck_assert_int_eq(store_escalate_run(st, &fired), STORE_OK);
	ck_assert_int_eq(fired, 4);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaints WHERE priority='urgent'"), 2);
}
END_TEST

START_TEST(two_processes_act_once)
{
	struct store *other;
	char err[512];
	int a = 0, b = 0, i;

	for (i = 0; i < 450; i++)
		open_on("phone", "normal");
	add_rule("late", ESC_FIRST_RESPONSE, 0, ESC_PRIORITY, "raise");
	ck_assert_int_eq(store_open(&other, path, 0, err, sizeof err), STORE_OK);
	store_set_clock(st, T0 + 9 * H);
	store_set_clock(other, T0 + 9 * H);
	/* Interleaved batches of two connections over the same backlog. */
	for (i = 0; i < 3; i++) {
		int x = 0, y = 0;

		ck_assert_int_eq(store_escalate_run(other, &y), STORE_OK);
		ck_assert_int_eq(store_escalate_run(st, &x), STORE_OK);
		a += x;
		b += y;
	}
	store_close(other);
	ck_assert_int_eq(a + b, 450);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='escalate'"), 450);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaints WHERE priority='high'"), 450);
}
END_TEST

START_TEST(pending_is_not_escalated)
{
	struct agent sup;
	int fired;

	ck_assert_int_eq(store_agent_by_login(st, "sup", &sup), STORE_OK);
	open_on("phone", "normal");
	add_rule("late", ESC_FIRST_RESPONSE, 0, ESC_PRIORITY, "raise");
	store_set_clock(st, T0 + H);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, 1, ST_PENDING, NULL), STORE_OK);
	store_set_clock(st, T0 + 20 * H);
	ck_assert_int_eq(store_escalate_run(st, &fired), STORE_OK);
	ck_assert_int_eq(fired, 0);
	/* back after 19h: 7h were left, so due at T0 + 27h */
	ck_assert_int_eq(store_complaint_set_status(st, &sup, 1, ST_OPEN, NULL), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT first_response_due FROM complaints WHERE id=1"),
			 T0 + 27 * H);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM escalations_fired"), 0);
}
END_TEST

START_TEST(any_write_runs_due_rules)
{
	open_on("phone", "normal");
	add_rule("late", ESC_FIRST_RESPONSE, 0, ESC_PRIORITY, "raise");
	/* the rule was added at T0: this process's next run is a minute on */
	store_set_clock(st, T0 + 9 * H);
	open_on("email", "low");        /* a write: the rules run after it */
	ck_assert_int_eq(raw_int("SELECT priority='high' FROM complaints WHERE id=1"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='escalate'"), 1);
}
END_TEST

START_TEST(bad_rules_refused)
{
	struct escalate_rule r = { "Bad Name", ESC_RESOLUTION, 0, NULL, ESC_PRIORITY, "raise", 0 };

	ck_assert_int_eq(store_escalate_add(st, "sup", &r), STORE_INVALID);
	r.name = "ok";
	r.arg = "asap";
	ck_assert_int_eq(store_escalate_add(st, "sup", &r), STORE_INVALID);
	ck_assert_str_eq(store_errmsg(st),
			 "'asap' is not a priority (raise, low, normal, high, urgent)");
	r.action = ESC_ASSIGN;
	r.arg = "ayse";
	ck_assert_int_eq(store_escalate_add(st, "sup", &r), STORE_INVALID);
	ck_assert_str_eq(store_errmsg(st), "'ayse' is not an active supervisor");
	r.arg = "sup";
	r.channel = "fax";
	ck_assert_int_eq(store_escalate_add(st, "sup", &r), STORE_INVALID);
	r.channel = NULL;
	ck_assert_int_eq(store_escalate_add(st, "sup", &r), STORE_OK);
	ck_assert_int_eq(store_escalate_add(st, "sup", &r), STORE_INVALID);
	ck_assert_str_eq(store_errmsg(st), "there is already a rule 'ok'");
	ck_assert_int_eq(store_escalate_remove(st, "sup", "nope"), STORE_NOTFOUND);
	ck_assert_int_eq(store_escalate_remove(st, "sup", "ok"), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM escalation_rules"), 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action LIKE 'escalation-%'"), 2);
}
END_TEST

START_TEST(tag_rule_tags_once)
{
	struct agent ayse;
	const char *tags;
	const char *del[] = { "geç-kaldı" };
	int fired;

	ck_assert_int_eq(store_agent_by_login(st, "ayse", &ayse), STORE_OK);
	open_on("email", "normal");     /* first response due T0 + 8h */
	open_on("email", "normal");
	add_rule("late-tag", ESC_FIRST_RESPONSE, 0, ESC_TAG, "geç-kaldı");
	store_set_clock(st, T0 + 8 * H - 1);
	ck_assert_int_eq(store_escalate_run(st, &fired), STORE_OK);
	ck_assert_int_eq(fired, 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaint_tags"), 0);
	store_set_clock(st, T0 + 8 * H);
	ck_assert_int_eq(store_escalate_run(st, &fired), STORE_OK);
	ck_assert_int_eq(fired, 2);
	ck_assert_int_eq(store_complaint_tags(st, 1, &tags), STORE_OK);
	ck_assert_str_eq(tags, "geç-kaldı");
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='escalate'"
				 " AND detail='rule late-tag (breach): tag +geç-kaldı'"), 2);
	/* An agent takes the tag off: the rule has acted, it does not come back. */
	ck_assert_int_eq(store_complaint_tag(st, &ayse, 1, NULL, 0, del, 1), STORE_OK);
	store_set_clock(st, T0 + 50 * H);
	ck_assert_int_eq(store_escalate_run(st, &fired), STORE_OK);
	ck_assert_int_eq(fired, 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaint_tags WHERE complaint_id=1"), 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaint_tags WHERE complaint_id=2"), 1);
}
END_TEST

START_TEST(tag_rule_refuses_a_bad_tag)
{
	struct escalate_rule r = { "t", ESC_RESOLUTION, 0, NULL, ESC_TAG, "two words", 0 };

	ck_assert_int_eq(store_escalate_add(st, "sup", &r), STORE_INVALID);
	ck_assert_msg(strncmp(store_errmsg(st), "bad tag 'two words': ", 21) == 0,
		      "%s", store_errmsg(st));
	r.arg = "";
	ck_assert_int_eq(store_escalate_add(st, "sup", &r), STORE_INVALID);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM escalation_rules"), 0);
}
END_TEST

/* The rebuilt tables keep the rules of a database made before tags could
 * be a rule's action, and what they did. */
START_TEST(rules_survive_the_upgrade)
{
	char err[512];
	int fired = 0;

	store_close(st);
	unlink(path);
	ck_assert_int_eq(store_open(&st, path, STORE_CREATE | STORE_NO_MIGRATE, err,
				    sizeof err), STORE_OK);
	ck_assert_int_eq(store_migrate_to(st, 15), STORE_OK);
	store_close(st);
	fixture_raw_exec(path,
		"INSERT INTO customers(id, first_name, last_name, lang, created_at)"
		" VALUES(1, 'İpek', 'Işıklı', 'tr', 1600000000);"
		"INSERT INTO complaints(id, customer_id, channel, subject, opened_at,"
		" first_response_due, resolution_due) VALUES(1, 1, 'email', 'x', 1, 2, 3),"
		" (2, 1, 'email', 'y', 1, 2, 3);"
		"INSERT INTO escalation_rules(id, name, target, action, arg, created_at,"
		" created_by) VALUES(5, 'old', 'resolution', 'priority', 'raise', 1, 'sup');"
		"INSERT INTO escalations_fired VALUES(5, 1, 9);");
	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_OK);
	store_set_clock(st, T0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM escalation_rules WHERE id=5"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM escalations_fired WHERE rule_id=5"), 1);
	ck_assert_int_eq(store_escalate_run(st, &fired), STORE_OK);
	ck_assert_int_eq(fired, 1);      /* complaint 2 only: 1 was done before */
	ck_assert_int_eq(store_escalate_remove(st, "sup", "old"), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM escalations_fired"), 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM pragma_foreign_key_check"), 0);
}
END_TEST

static Suite *escalate_suite(void)
{
	Suite *s = suite_create("escalate");
	TCase *db = tcase_create("db");

	tcase_add_checked_fixture(db, setup, teardown);
	tcase_add_test(db, warning_then_breach_once_each);
	tcase_add_test(db, raise_stops_at_urgent_and_never_lowers);
	tcase_add_test(db, two_processes_act_once);
	tcase_add_test(db, pending_is_not_escalated);
	tcase_add_test(db, any_write_runs_due_rules);
	tcase_add_test(db, bad_rules_refused);
	tcase_add_test(db, tag_rule_tags_once);
	tcase_add_test(db, tag_rule_refuses_a_bad_tag);
	tcase_add_test(db, rules_survive_the_upgrade);
	suite_add_tcase(s, db);
	return s;
}

int main(void)
{
	return harness_run(escalate_suite());
}
