/*
 * test_assign.c: the choice auto-assignment makes for a new complaint:
 * round-robin order kept across connections, least-loaded with ties taken
 * in turn, capacity, skills (channel, language), agents whose console is
 * not running skipped, supervisors only with a capacity, nobody left over
 * when nobody qualifies, imports, audit and the rules' own bad input.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "fixture.h"
#include "../../src/store/internal.h"
#include "temas/agent.h"
#include "temas/assign.h"
#include "temas/complaint.h"
#include "temas/import.h"
#include "temas/relate.h"
#include "temas/store.h"

#define T0 1796392800LL

static struct store *st;
static char path[300];
static long long ids[8];   /* agents a1..a4, sup */

static void setup(void)
{
	char err[512];
	const char *logins[] = { "a1", "a2", "a3", "a4" };
	int i;

	fixture_mkdir("assign");
	fixture_file("t.db", path, sizeof path);
	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_set_clock(st, T0);
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(store_agent_upsert(st, logins[i], logins[i], ROLE_AGENT,
						    &ids[i]), STORE_OK);
		ck_assert_int_eq(store_agent_alive(st, ids[i], 100 + i), STORE_OK);
	}
	ck_assert_int_eq(store_agent_upsert(st, "sup", "Şule", ROLE_SUPERVISOR, &ids[4]),
			 STORE_OK);
	ck_assert_int_eq(store_agent_alive(st, ids[4], 200), STORE_OK);
	ck_assert_int_eq(store_exec(st,
		"INSERT INTO customers(id, first_name, last_name, lang, created_at) VALUES"
		" (1, 'İpek', 'Işık', 'tr', 1600000000),"
		" (2, 'John', 'Smith', 'en-GB', 1600000000);"), STORE_OK);
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

/* Open a complaint; the login it went to ("" when nobody). */
static const char *arrive_as(long long customer, const char *channel,
			     struct assign_outcome *out)
{
	struct complaint_new in = { 0 };
	long long id = 0;

	in.customer_id = customer;
	in.channel = channel;
	in.subject = "Kargo";
	ck_assert_msg(store_complaint_open_assign(st, &in, &id, out) == STORE_OK,
		      "%s", store_errmsg(st));
	return out->result == ASSIGN_DONE ? out->login : "";
}

static char got[64];

static const char *arrive(const char *channel)
{
	struct assign_outcome out;

	snprintf(got, sizeof got, "%s", arrive_as(1, channel, &out));
	return got;
}

static void rule(const char *channel, enum assign_mode m, int skills)
{
	ck_assert_msg(store_assign_rule_set(st, "sup", channel, m, skills) == STORE_OK,
		      "%s", store_errmsg(st));
}

START_TEST(no_rule_no_assignment)
{
	struct assign_outcome out;

	ck_assert_str_eq(arrive_as(1, "email", &out), "");
	ck_assert_int_eq(out.result, ASSIGN_NO_RULE);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaints WHERE assignee_id IS NULL"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='auto-assign'"), 0);
}
END_TEST

START_TEST(round_robin_in_order_across_connections)
{
	struct store *other;
	char err[512];

	rule("email", ASSIGN_ROUND_ROBIN, 0);
	ck_assert_str_eq(arrive("email"), "a1");
	ck_assert_str_eq(arrive("email"), "a2");
	/* Another process continues the same turn: the cursor is stored. */
	ck_assert_int_eq(store_open(&other, path, 0, err, sizeof err), STORE_OK);
	store_set_clock(other, T0);
	{
		struct complaint_new in = { 0 };
		struct assign_outcome out;
		long long id;

		in.customer_id = 1;
		in.channel = "email";
		in.subject = "x";
		ck_assert_int_eq(store_complaint_open_assign(other, &in, &id, &out), STORE_OK);
		ck_assert_str_eq(out.login, "a3");
	}
	store_close(other);
	ck_assert_str_eq(arrive("email"), "a4");
	ck_assert_str_eq(arrive("email"), "a1");   /* round again; sup has no capacity */
	/* Another channel's rule has its own turn. */
	rule("chat", ASSIGN_ROUND_ROBIN, 0);
	ck_assert_str_eq(arrive("chat"), "a1");
	ck_assert_str_eq(arrive("email"), "a2");
}
END_TEST

START_TEST(least_loaded_ties_in_turn)
{
	rule("email", ASSIGN_LEAST_LOADED, 0);
	/* a1 holds two, a2 one: a3 and a4 first, in turn, then a2. */
	ck_assert_int_eq(store_exec(st,
		"INSERT INTO complaints(customer_id, channel, subject, assignee_id, opened_at,"
		" first_response_due, resolution_due) VALUES"
		" (1, 'phone', 'x', 1, 1, 2, 3), (1, 'phone', 'x', 1, 1, 2, 3),"
		" (1, 'phone', 'x', 2, 1, 2, 3),"
		/* resolved complaints are no load */
		" (1, 'phone', 'x', 3, 1, 2, 3), (1, 'phone', 'x', 3, 1, 2, 3);"
		"UPDATE complaints SET status='resolved', resolution='ok' WHERE assignee_id=3;"),
		STORE_OK);
	ck_assert_str_eq(arrive("email"), "a3");
	ck_assert_str_eq(arrive("email"), "a4");
	/* a2, a3, a4 now hold one each: the turn goes on after a4. */
	ck_assert_str_eq(arrive("email"), "a2");
	ck_assert_str_eq(arrive("email"), "a3");
	ck_assert_str_eq(arrive("email"), "a4");
	ck_assert_str_eq(arrive("email"), "a1");
}
END_TEST

START_TEST(capacity_is_never_exceeded)
{
	struct assign_outcome out;
	int i;

	rule("email", ASSIGN_ROUND_ROBIN, 0);
	ck_assert_int_eq(store_agent_set_capacity(st, "sup", "a1", 1), STORE_OK);
	ck_assert_int_eq(store_agent_set_capacity(st, "a2", "a2", 2), STORE_OK);
	ck_assert_int_eq(store_agent_set_capacity(st, "sup", "a3", 0), STORE_OK);
	ck_assert_int_eq(store_agent_set_capacity(st, "sup", "a4", 1), STORE_OK);
	ck_assert_str_eq(arrive("email"), "a1");
	ck_assert_str_eq(arrive("email"), "a2");
	ck_assert_str_eq(arrive("email"), "a4");
	ck_assert_str_eq(arrive("email"), "a2");
	for (i = 0; i < 3; i++) {
		ck_assert_str_eq(arrive_as(1, "email", &out), "");
		ck_assert_int_eq(out.result, ASSIGN_NOBODY);
		ck_assert_int_eq(out.mode, ASSIGN_ROUND_ROBIN);
	}
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaints WHERE assignee_id IS NULL"), 3);
	/* Resolving one frees a place. */
	ck_assert_int_eq(store_exec(st, "UPDATE complaints SET status='resolved',"
				    " resolution='ok' WHERE assignee_id=1"), STORE_OK);
	ck_assert_str_eq(arrive("email"), "a1");
	/* No limit again. */
	ck_assert_int_eq(store_agent_set_capacity(st, "sup", "a3", -1), STORE_OK);
	ck_assert_str_eq(arrive("email"), "a3");
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='auto-assign'"
				 " AND detail LIKE 'left unassigned%'"), 3);
}
END_TEST

START_TEST(offline_agents_skipped)
{
	struct assign_outcome out;

	rule("email", ASSIGN_ROUND_ROBIN, 0);
	ck_assert_int_eq(store_agent_gone(st, ids[0], 100), STORE_OK);
	ck_assert_str_eq(arrive("email"), "a2");
	/* A heartbeat older than the presence limit is no longer online. */
	store_set_clock(st, T0 + 16);
	ck_assert_int_eq(store_agent_alive(st, ids[3], 103), STORE_OK);
	ck_assert_str_eq(arrive("email"), "a4");
	ck_assert_str_eq(arrive("email"), "a4");
	/* A presence on a complaint counts as online too. */
	ck_assert_int_eq(store_exec(st, "INSERT INTO presence(agent_id, complaint_id,"
				    " activity, pid, heartbeat_at) VALUES(1, 1, 'viewing', 5,"
				    " 1796392816)"), STORE_OK);
	ck_assert_str_eq(arrive("email"), "a1");
	ck_assert_int_eq(store_agent_gone(st, ids[3], 103), STORE_OK);
	ck_assert_int_eq(store_exec(st, "DELETE FROM presence"), STORE_OK);
	ck_assert_str_eq(arrive_as(1, "email", &out), "");
	ck_assert_int_eq(out.result, ASSIGN_NOBODY);
	/* An inactive agent never. */
	ck_assert_int_eq(store_agent_alive(st, ids[1], 101), STORE_OK);
	ck_assert_int_eq(store_exec(st, "UPDATE agents SET active=0 WHERE login='a2'"), STORE_OK);
	ck_assert_str_eq(arrive("email"), "");
}
END_TEST

START_TEST(supervisor_only_with_capacity)
{
	rule("email", ASSIGN_ROUND_ROBIN, 0);
	ck_assert_int_eq(store_exec(st, "DELETE FROM agent_seen WHERE pid<>200"), STORE_OK);
	ck_assert_str_eq(arrive("email"), "");
	ck_assert_int_eq(store_agent_set_capacity(st, "sup", "sup", 1), STORE_OK);
	ck_assert_str_eq(arrive("email"), "sup");
	ck_assert_str_eq(arrive("email"), "");
}
END_TEST

START_TEST(skills_channel_and_language)
{
	const char *email[] = { "email" }, *tr[] = { "tr" }, *en[] = { "en" };
	struct assign_outcome out;

	rule("email", ASSIGN_ROUND_ROBIN, ASSIGN_SKILL_CHANNEL);
	ck_assert_int_eq(store_agent_set_skills(st, "sup", "a3", "channel", email, 1), STORE_OK);
	ck_assert_str_eq(arrive("email"), "a3");
	ck_assert_str_eq(arrive("email"), "a3");
	rule("email", ASSIGN_ROUND_ROBIN, ASSIGN_SKILL_CHANNEL | ASSIGN_SKILL_LANG);
	ck_assert_str_eq(arrive("email"), "");
	ck_assert_int_eq(store_agent_set_skills(st, "sup", "a3", "lang", tr, 1), STORE_OK);
	ck_assert_int_eq(store_agent_set_skills(st, "sup", "a2", "lang", en, 1), STORE_OK);
	ck_assert_int_eq(store_agent_set_skills(st, "sup", "a2", "channel", email, 1), STORE_OK);
	ck_assert_str_eq(arrive("email"), "a3");
	/* en-GB is English: the primary language tag matches. */
	ck_assert_str_eq(arrive_as(2, "email", &out), "a2");
	ck_assert_str_eq(arrive_as(2, "email", &out), "a2");
	/* Language alone. */
	rule("chat", ASSIGN_LEAST_LOADED, ASSIGN_SKILL_LANG);
	ck_assert_str_eq(arrive_as(2, "chat", &out), "a2");
	/* Clearing a skill list. */
	ck_assert_int_eq(store_agent_set_skills(st, "sup", "a2", "lang", NULL, 0), STORE_OK);
	ck_assert_str_eq(arrive_as(2, "chat", &out), "");
	ck_assert_int_eq(out.result, ASSIGN_NOBODY);
}
END_TEST

START_TEST(audited_and_counted_as_queue_change)
{
	long long before;

	rule("email", ASSIGN_LEAST_LOADED, ASSIGN_SKILL_CHANNEL);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='assign-rule'"
				 " AND login='sup' AND detail='email least-loaded skills=channel'"), 1);
	before = raw_int("SELECT n FROM changes WHERE concern='queue'");
	{
		const char *email[] = { "email" };

		ck_assert_int_eq(store_agent_set_skills(st, "sup", "a1", "channel", email, 1),
				 STORE_OK);
	}
	ck_assert_str_eq(arrive("email"), "a1");
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='auto-assign'"
				 " AND login='system' AND complaint_id=1 AND detail="
				 "'auto-assigned to a1 by rule email least-loaded skills=channel'"), 1);
	/* The assignment is a change of the queue other consoles redraw for. */
	ck_assert_int_gt(raw_int("SELECT n FROM changes WHERE concern='queue'"), before + 1);
	rule("email", ASSIGN_OFF, 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM assign_rules"), 0);
	ck_assert_str_eq(arrive("email"), "");
}
END_TEST

START_TEST(import_of_new_open_complaints)
{
	struct imp_value v[32];
	const struct imp_kind_info *k = store_import_kind(IMP_COMPLAINT);
	struct imp_error e;
	long long done, nobody;
	int i, c;

	rule("email", ASSIGN_ROUND_ROBIN, 0);
	ck_assert_int_eq(store_agent_set_capacity(st, "sup", "a1", 1), STORE_OK);
	ck_assert_int_eq(store_exec(st, "UPDATE customers SET ext_id='C1' WHERE id=1;"
				    "DELETE FROM agent_seen WHERE agent_id<>1"), STORE_OK);
	ck_assert_int_eq(store_import_begin(st, 0), STORE_OK);
	for (i = 0; i < 5; i++) {
		static const char *const ext[] = { "K1", "K5", "K2", "K2", "K3" };

		memset(v, 0, sizeof v);
		for (c = 0; c < k->ncols; c++) {
			const char *name = k->cols[c].name;

			if (strcmp(name, "ext_id") == 0)
				v[c].s = ext[i];
			else if (strcmp(name, "customer_ext_id") == 0)
				v[c].s = "C1";
			else if (strcmp(name, "channel") == 0)
				v[c].s = "email";
			else if (strcmp(name, "subject") == 0)
				v[c].s = "Kargo";
			else if (strcmp(name, "opened_at") == 0) {
				v[c].s = "x";
				v[c].i = T0 - 60;
			} else if (strcmp(name, "assignee_login") == 0 && i == 4)
				v[c].s = "a3";
			else if (strcmp(name, "status") == 0)
				v[c].s = i == 2 ? "resolved" : "open";
			else if (strcmp(name, "resolution") == 0 && i == 2)
				v[c].s = "ok";
		}
		ck_assert_msg(store_import_row(st, IMP_COMPLAINT, v, &e) == STORE_OK,
			      "%s", e.msg);
		if (i == 2)   /* room for more */
			ck_assert_int_eq(store_agent_set_capacity(st, "sup", "a1", 3), STORE_OK);
	}
	ck_assert_int_eq(store_import_finish(st, 1, 0), STORE_OK);
	store_assign_counts(st, 0, &done, &nobody);
	/* K1 to a1; K5 finds a1 full; K2 came resolved, and open again it is
	 * an update, not an arrival; K3 came with its assignee. */
	ck_assert_int_eq(done, 1);
	ck_assert_int_eq(nobody, 1);
	ck_assert_int_eq(raw_int("SELECT assignee_id FROM complaints WHERE ext_id='K1'"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaints WHERE ext_id IN ('K2', 'K5')"
				 " AND assignee_id IS NULL AND is_open"), 2);
	ck_assert_int_eq(raw_int("SELECT assignee_id FROM complaints WHERE ext_id='K3'"), 3);
}
END_TEST

START_TEST(bad_input_refused)
{
	const char *bad[] = { "email", "nochan" };
	int sk;

	ck_assert_int_eq(store_assign_rule_set(st, "sup", "nochan", ASSIGN_ROUND_ROBIN, 0),
			 STORE_INVALID);
	ck_assert_str_eq(store_errmsg(st), "unknown channel 'nochan'");
	ck_assert_int_eq(store_agent_set_capacity(st, "sup", "nobody", 3), STORE_NOTFOUND);
	ck_assert_str_eq(store_errmsg(st), "no active agent 'nobody'");
	ck_assert_int_eq(store_agent_set_skills(st, "sup", "a1", "channel", bad, 2),
			 STORE_INVALID);
	ck_assert_str_eq(store_errmsg(st), "unknown channel 'nochan'");
	/* All or nothing: the good one before it was not kept either. */
	ck_assert_int_eq(raw_int("SELECT count(*) FROM agent_skills"), 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action LIKE 'agent-%'"
				 " OR action='assign-rule'"), 0);
	ck_assert_int_eq(assign_mode_parse("round-robin"), ASSIGN_ROUND_ROBIN);
	ck_assert_int_eq(assign_mode_parse("least-loaded"), ASSIGN_LEAST_LOADED);
	ck_assert_int_eq(assign_mode_parse("off"), ASSIGN_OFF);
	ck_assert_int_eq(assign_mode_parse("fast"), -1);
	ck_assert_int_eq(assign_skills_parse("channel,language", &sk), 0);
	ck_assert_int_eq(sk, ASSIGN_SKILL_CHANNEL | ASSIGN_SKILL_LANG);
	ck_assert_int_eq(assign_skills_parse("lang", &sk), 0);
	ck_assert_int_eq(sk, ASSIGN_SKILL_LANG);
	ck_assert_int_eq(assign_skills_parse("channel,", &sk), -1);
	ck_assert_int_eq(assign_skills_parse("colour", &sk), -1);
	ck_assert_int_eq(assign_skills_parse("", &sk), -1);
}
END_TEST

START_TEST(split_off_is_an_arrival_unless_held)
{
	struct agent sup;
	long long from, id;

	ck_assert_int_eq(store_agent_by_login(st, "sup", &sup), STORE_OK);
	/* Two complaints of two messages each; the first is held by a4. */
	ck_assert_int_eq(store_exec(st,
		"INSERT INTO complaints(id, customer_id, channel, subject, assignee_id, opened_at,"
		" first_response_due, resolution_due) VALUES"
		" (1, 1, 'email', 'x', 4, 1, 2, 3), (2, 1, 'email', 'y', NULL, 1, 2, 3);"
		"INSERT INTO interactions(id, customer_id, complaint_id, channel, direction, at, body)"
		" VALUES (1, 1, 1, 'email', 'in', 1, 'a'), (2, 1, 1, 'email', 'in', 2, 'b'),"
		" (3, 1, 2, 'email', 'in', 1, 'c'), (4, 1, 2, 'email', 'in', 2, 'd');"), STORE_OK);
	rule("email", ASSIGN_ROUND_ROBIN, 0);
	ck_assert_msg(store_interaction_split(st, &sup, 2, "Fatura", &from, &id) == STORE_OK,
		      "%s", store_errmsg(st));
	ck_assert_int_eq(raw_int("SELECT assignee_id FROM complaints ORDER BY id DESC LIMIT 1"), 4);
	ck_assert_msg(store_interaction_split(st, &sup, 4, "Fatura", &from, &id) == STORE_OK,
		      "%s", store_errmsg(st));
	ck_assert_int_eq(raw_int("SELECT assignee_id FROM complaints ORDER BY id DESC LIMIT 1"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='auto-assign'"), 1);
}
END_TEST

static Suite *assign_suite(void)
{
	Suite *s = suite_create("assign");
	TCase *db = tcase_create("db");

	tcase_add_checked_fixture(db, setup, teardown);
	tcase_add_test(db, no_rule_no_assignment);
	tcase_add_test(db, round_robin_in_order_across_connections);
	tcase_add_test(db, least_loaded_ties_in_turn);
	tcase_add_test(db, capacity_is_never_exceeded);
	tcase_add_test(db, offline_agents_skipped);
	tcase_add_test(db, supervisor_only_with_capacity);
	tcase_add_test(db, skills_channel_and_language);
	tcase_add_test(db, audited_and_counted_as_queue_change);
	tcase_add_test(db, import_of_new_open_complaints);
	tcase_add_test(db, bad_input_refused);
	tcase_add_test(db, split_off_is_an_arrival_unless_held);
	suite_add_tcase(s, db);
	return s;
}

int main(void)
{
	return harness_run(assign_suite());
}
