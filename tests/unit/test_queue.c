/*
 * test_queue.c: the open-complaint queue: due order, each filter, the
 * count line, paging, and who else is looking.
 */
#include "config.h"

#include "harness.h"
#include "minidb.h"
#include "temas/complaint.h"
#include "temas/queue.h"
#include "temas/snooze.h"

/*
 * Complaint ids and their due_at relative to now (1700000000):
 *   2 phone  -600  ayse      breached
 *   6 email   -60  mehmet    breached
 *   5 social +600  -         pending
 *   1 email +3600  -
 *   4 email +7200  mehmet    answered, so the resolution due counts
 *   3 email -9000  ayse      resolved: not in the queue
 */
static const char fixture[] =
	"INSERT INTO agents(id,login,name,created_at) VALUES"
	" (1,'ayse','Ayşe',0),(2,'mehmet','Mehmet',0);"
	"INSERT INTO customers(id,first_name,last_name,created_at) VALUES"
	" (1,'Zeynep','Kaya',0),(2,'Ali','Öz',0),(3,'Can','Ak',0);"
	"INSERT INTO complaints(id,customer_id,channel,priority,subject,status,"
	" assignee_id,opened_at,first_response_due,resolution_due,"
	" first_response_at,resolved_at) VALUES"
	" (1,1,'email','normal','Kargo gecikti','new',NULL,0,"
	"   1700000000+3600,1700000000+86400,NULL,NULL),"
	" (2,2,'phone','high','Fatura hatalı','open',1,0,"
	"   1700000000-600,1700000000+3600,NULL,NULL),"
	" (3,3,'email','low','Eski','resolved',1,0,"
	"   1700000000-9000,1700000000-8000,NULL,1700000000-100),"
	" (4,3,'email','normal','İade','open',2,0,"
	"   1700000000-5000,1700000000+7200,1700000000-6000,NULL),"
	" (5,1,'social','urgent','Şikayet','pending',NULL,0,"
	"   1700000000+600,1700000000+4000,NULL,NULL),"
	" (6,2,'email','normal','Ürün kırık','escalated',2,0,"
	"   1700000000-60,1700000000+100,NULL,NULL);"
	"INSERT INTO presence(agent_id,complaint_id,activity,pid,heartbeat_at)"
	" VALUES (2,1,'viewing',1,1700000000-10),(1,1,'viewing',2,1700000000-5),"
	" (2,5,'typing',1,1700000000-1000);";

static void setup(void) { minidb_open(fixture); }
static void teardown(void) { minidb_close(); }

/* The ids of the whole filtered queue as "2,6,5". */
static void ids_of(const struct queue_query *q, int offset, int limit,
		   char *out, size_t n)
{
	struct queue_row rows[16];
	int got, i;
	size_t len = 0;

	ck_assert_int_eq(store_queue_list(minidb_st, q, offset, limit, rows, &got),
			 STORE_OK);
	out[0] = '\0';
	for (i = 0; i < got; i++)
		len += (size_t)snprintf(out + len, n - len, "%s%lld",
					i ? "," : "", rows[i].c.id);
}

static void query(struct queue_query *q, enum queue_filter f, long long me,
		  const char *channel)
{
	memset(q, 0, sizeof *q);
	q->filter = f;
	q->agent_id = me;
	snprintf(q->channel, sizeof q->channel, "%s", channel);
}

START_TEST(ordered_by_due_time)
{
	struct queue_query q;
	char ids[64];

	query(&q, QUEUE_ALL, 1, "");
	ids_of(&q, 0, 16, ids, sizeof ids);
	ck_assert_str_eq(ids, "2,6,5,1,4");
}
END_TEST

START_TEST(row_fields_joined)
{
	struct queue_query q;
	struct queue_row rows[2];
	int n;

	query(&q, QUEUE_ALL, 1, "");
	ck_assert_int_eq(store_queue_list(minidb_st, &q, 0, 2, rows, &n), STORE_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(rows[0].c.customer_name, "Ali Öz");
	ck_assert_str_eq(rows[0].c.assignee_login, "ayse");
	ck_assert_str_eq(rows[0].c.channel, "phone");
	ck_assert_str_eq(rows[0].c.priority, "high");
	ck_assert_int_eq(rows[0].c.due_at, MINIDB_NOW - 600);
	ck_assert_int_eq(rows[0].c.status, ST_OPEN);
	ck_assert_int_eq(rows[1].c.status, ST_ESCALATED);
	ck_assert_str_eq(rows[1].c.assignee_login, "mehmet");
}
END_TEST

START_TEST(answered_complaint_due_is_resolution)
{
	struct queue_query q;
	struct queue_row rows[8];
	int n;

	query(&q, QUEUE_ALL, 1, "");
	ck_assert_int_eq(store_queue_list(minidb_st, &q, 4, 8, rows, &n), STORE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(rows[0].c.id, 4);
	ck_assert_int_eq(rows[0].c.due_at, MINIDB_NOW + 7200);
	ck_assert_int_eq(rows[0].c.first_response_at, MINIDB_NOW - 6000);
	ck_assert_str_eq(rows[0].c.assignee_login, "mehmet");
}
END_TEST

/* Each filter's ids in order and its total. */
struct filter_case {
	enum queue_filter f;
	long long me;
	const char *channel, *want;
	int total;
};

static void check_filters(const struct filter_case *cases, size_t n)
{
	struct queue_query q;
	char ids[64];
	int total;
	size_t i;

	for (i = 0; i < n; i++) {
		query(&q, cases[i].f, cases[i].me, cases[i].channel);
		ids_of(&q, 0, 16, ids, sizeof ids);
		ck_assert_msg(strcmp(ids, cases[i].want) == 0,
			      "filter %s/%s: got %s, want %s",
			      queue_filter_name(cases[i].f), cases[i].channel,
			      ids, cases[i].want);
		ck_assert_int_eq(store_queue_total(minidb_st, &q, &total), STORE_OK);
		ck_assert_int_eq(total, cases[i].total);
	}
}

START_TEST(each_filter)
{
	static const struct filter_case cases[] = {
		{ QUEUE_MINE, 1, "", "2", 1 },
		{ QUEUE_MINE, 2, "", "6,4", 2 },
		{ QUEUE_UNASSIGNED, 1, "", "5,1", 2 },
		{ QUEUE_BREACHED, 1, "", "2,6", 2 },
		{ QUEUE_ALL, 1, "email", "6,1,4", 3 },
		{ QUEUE_BREACHED, 1, "email", "6", 1 },
		{ QUEUE_UNASSIGNED, 2, "social", "5", 1 },
		{ QUEUE_MINE, 2, "phone", "", 0 },
	};

	check_filters(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(count_line)
{
	struct queue_counts c;

	ck_assert_int_eq(store_queue_counts(minidb_st, 1, &c), STORE_OK);
	ck_assert_int_eq(c.open, 5);
	ck_assert_int_eq(c.mine, 1);
	ck_assert_int_eq(c.unassigned, 2);
	ck_assert_int_eq(c.breached, 2);
	ck_assert_int_eq(store_queue_counts(minidb_st, 2, &c), STORE_OK);
	ck_assert_int_eq(c.mine, 2);
	/* Time moves on: the complaint due in 600 s is now breached too. */
	store_set_clock(minidb_st, MINIDB_NOW + 601);
	ck_assert_int_eq(store_queue_counts(minidb_st, 2, &c), STORE_OK);
	ck_assert_int_eq(c.breached, 3);
}
END_TEST

/* Snoozed complaints leave every filter but snoozed until their time;
 * the counts leave them out and say when the first comes back. */
START_TEST(snoozed_left_out)
{
	static const struct filter_case cases[] = {
		{ QUEUE_ALL, 1, "", "2,5,4", 3 },
		{ QUEUE_MINE, 2, "", "4", 1 },
		{ QUEUE_UNASSIGNED, 1, "", "5", 1 },
		{ QUEUE_BREACHED, 1, "", "2", 1 },
		{ QUEUE_SNOOZED, 1, "", "6,1", 2 },
		{ QUEUE_SNOOZED, 1, "phone", "", 0 },
		{ QUEUE_ALL, 1, "email", "4", 1 },
	};
	struct queue_query q;
	struct queue_counts c;
	struct queue_row rows[8];
	char ids[64];
	int n;

	/* 6 and 1 asleep; 5 back already (its time has passed). */
	minidb_exec("UPDATE complaints SET snoozed_until=1700000000+1000 WHERE id=6;"
		    "UPDATE complaints SET snoozed_until=1700000000+500 WHERE id=1;"
		    "UPDATE complaints SET snoozed_until=1700000000-10 WHERE id=5;");
	check_filters(cases, sizeof cases / sizeof cases[0]);
	ck_assert_int_eq(store_queue_counts(minidb_st, 2, &c), STORE_OK);
	ck_assert_int_eq(c.open, 3);
	ck_assert_int_eq(c.mine, 1);
	ck_assert_int_eq(c.unassigned, 1);
	ck_assert_int_eq(c.breached, 1);
	ck_assert_int_eq(c.snoozed, 2);
	ck_assert_int_eq(c.next_wake, MINIDB_NOW + 500);
	/* The row says which is asleep and which is back. */
	query(&q, QUEUE_ALL, 1, "");
	ck_assert_int_eq(store_queue_list(minidb_st, &q, 0, 8, rows, &n), STORE_OK);
	ck_assert_int_eq(snooze_state_of(&rows[1].c, MINIDB_NOW), SNOOZE_BACK);
	ck_assert_int_eq(snooze_state_of(&rows[0].c, MINIDB_NOW), SNOOZE_NONE);
	/* 1's time comes: back in its place; 6 is next. */
	store_set_clock(minidb_st, MINIDB_NOW + 500);
	ids_of(&q, 0, 16, ids, sizeof ids);
	ck_assert_str_eq(ids, "2,5,1,4");
	ck_assert_int_eq(store_queue_counts(minidb_st, 2, &c), STORE_OK);
	ck_assert_int_eq(c.snoozed, 1);
	ck_assert_int_eq(c.next_wake, MINIDB_NOW + 1000);
	/* Resolved, it keeps no snooze. */
	minidb_exec("UPDATE complaints SET status='resolved' WHERE id=6");
	ck_assert_int_eq(store_queue_counts(minidb_st, 2, &c), STORE_OK);
	ck_assert_int_eq(c.snoozed, 0);
	ck_assert_int_eq(c.next_wake, 0);
}
END_TEST

START_TEST(snooze_refuses_bad_input)
{
	struct agent ayse = { 1, "ayse", "Ayşe", ROLE_AGENT, 1 };
	struct queue_counts c;
	struct complaint cp;
	char note[SNOOZE_NOTE_MAX + 2];
	int claimed = 7;

	ck_assert_int_eq(store_complaint_snooze(minidb_st, &ayse, 2, MINIDB_NOW,
						NULL, &claimed), STORE_INVALID);
	ck_assert_int_eq(claimed, 0);
	memset(note, 'x', sizeof note - 1);
	note[sizeof note - 1] = '\0';
	ck_assert_int_eq(store_complaint_snooze(minidb_st, &ayse, 2, MINIDB_NOW + 60,
						note, NULL), STORE_INVALID);
	ck_assert_int_eq(store_complaint_snooze(minidb_st, &ayse, 2, MINIDB_NOW + 60,
						"\xff", NULL), STORE_INVALID);
	ck_assert_int_eq(store_complaint_snooze(minidb_st, &ayse, 6, MINIDB_NOW + 60,
						NULL, NULL), STORE_DENIED);
	ck_assert_int_eq(store_complaint_snooze(minidb_st, &ayse, 3, MINIDB_NOW + 60,
						NULL, NULL), STORE_DENIED);
	ck_assert_int_eq(store_complaint_snooze(minidb_st, &ayse, 99, MINIDB_NOW + 60,
						NULL, NULL), STORE_NOTFOUND);
	ck_assert_int_eq(store_queue_counts(minidb_st, 1, &c), STORE_OK);
	ck_assert_int_eq(c.snoozed, 0);
	ck_assert_int_eq(store_complaint_get(minidb_st, 2, &cp), STORE_OK);
	ck_assert_int_eq(cp.snoozed_until, 0);
	/* An unassigned one: claimed with the snooze. */
	ck_assert_int_eq(store_complaint_snooze(minidb_st, &ayse, 1, MINIDB_NOW + 60,
						"ara", &claimed), STORE_OK);
	ck_assert_int_eq(claimed, 1);
	ck_assert_int_eq(store_complaint_get(minidb_st, 1, &cp), STORE_OK);
	ck_assert_int_eq(cp.assignee_id, 1);
	ck_assert_int_eq(cp.snoozed_until, MINIDB_NOW + 60);
	ck_assert_str_eq(cp.snoozed_by, "ayse");
	ck_assert_str_eq(cp.snooze_note, "ara");
}
END_TEST

START_TEST(paging)
{
	struct queue_query q;
	char ids[64];

	query(&q, QUEUE_ALL, 1, "");
	ids_of(&q, 1, 2, ids, sizeof ids);
	ck_assert_str_eq(ids, "6,5");
	ids_of(&q, 3, 2, ids, sizeof ids);
	ck_assert_str_eq(ids, "1,4");
	ids_of(&q, 5, 2, ids, sizeof ids);
	ck_assert_str_eq(ids, "");
	query(&q, QUEUE_ALL, 1, "email");
	ids_of(&q, 1, 1, ids, sizeof ids);
	ck_assert_str_eq(ids, "1");
}
END_TEST

START_TEST(bad_page_refused)
{
	struct queue_query q;
	struct queue_row rows[1];
	int n;

	query(&q, QUEUE_ALL, 1, "");
	ck_assert_int_eq(store_queue_list(minidb_st, &q, -1, 1, rows, &n),
			 STORE_INVALID);
	q.filter = QUEUE_FILTER_COUNT;
	ck_assert_int_eq(store_queue_list(minidb_st, &q, 0, 1, rows, &n),
			 STORE_INVALID);
}
END_TEST

struct walked {
	char ids[64];
	size_t len;
	int stop_at;
};

static int collect(void *ctx, const struct queue_row *r)
{
	struct walked *w = ctx;

	w->len += (size_t)snprintf(w->ids + w->len, sizeof w->ids - w->len,
				   "%s%lld", w->len ? "," : "", r->c.id);
	return r->c.id == w->stop_at ? 42 : 0;
}

static void walk_ids(const struct queue_query *q, int limit, int stop_at,
		     int want_rc, const char *want)
{
	struct walked w = { "", 0, stop_at };

	ck_assert_int_eq(store_queue_each(minidb_st, q, limit, collect, &w),
			 want_rc);
	ck_assert_str_eq(w.ids, want);
}

/* The walk gives what the pages give, in the same order; 0 is no limit,
 * and a callback's non-zero answer stops it and comes back. */
START_TEST(each_walks_like_the_pages)
{
	struct queue_query q;

	query(&q, QUEUE_ALL, 1, "");
	walk_ids(&q, 0, 0, STORE_OK, "2,6,5,1,4");
	walk_ids(&q, 2, 0, STORE_OK, "2,6");
	walk_ids(&q, 0, 5, 42, "2,6,5");
	query(&q, QUEUE_MINE, 2, "email");
	walk_ids(&q, 0, 0, STORE_OK, "6,4");
	query(&q, QUEUE_BREACHED, 1, "phone");
	walk_ids(&q, 0, 0, STORE_OK, "2");
	query(&q, QUEUE_UNASSIGNED, 1, "");
	walk_ids(&q, 1, 0, STORE_OK, "5");
	q.filter = QUEUE_FILTER_COUNT;
	walk_ids(&q, 0, 0, STORE_INVALID, "");
}
END_TEST

START_TEST(watchers_are_others_with_fresh_presence)
{
	struct queue_query q;
	struct queue_row rows[8];
	int n, i;

	query(&q, QUEUE_ALL, 1, "");
	ck_assert_int_eq(store_queue_list(minidb_st, &q, 0, 8, rows, &n), STORE_OK);
	for (i = 0; i < n; i++) {
		if (rows[i].c.id == 1)
			ck_assert_str_eq(rows[i].watchers, "mehmet");
		else
			ck_assert_str_eq(rows[i].watchers, "");
	}
	query(&q, QUEUE_ALL, 2, "");
	ck_assert_int_eq(store_queue_list(minidb_st, &q, 3, 1, rows, &n), STORE_OK);
	ck_assert_int_eq(rows[0].c.id, 1);
	ck_assert_str_eq(rows[0].watchers, "ayse");
}
END_TEST

START_TEST(claim_elsewhere_seen_on_next_read)
{
	struct queue_counts c;
	long long v1, v2;

	ck_assert_int_eq(store_data_version(minidb_st, &v1), STORE_OK);
	minidb_exec("UPDATE complaints SET assignee_id=1 WHERE id=1");
	ck_assert_int_eq(store_data_version(minidb_st, &v2), STORE_OK);
	ck_assert_int_ne(v1, v2);
	ck_assert_int_eq(store_queue_counts(minidb_st, 1, &c), STORE_OK);
	ck_assert_int_eq(c.mine, 2);
	ck_assert_int_eq(c.unassigned, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("queue");
	TCase *tc = tcase_create("queue");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, ordered_by_due_time);
	tcase_add_test(tc, row_fields_joined);
	tcase_add_test(tc, answered_complaint_due_is_resolution);
	tcase_add_test(tc, each_filter);
	tcase_add_test(tc, count_line);
	tcase_add_test(tc, snoozed_left_out);
	tcase_add_test(tc, snooze_refuses_bad_input);
	tcase_add_test(tc, paging);
	tcase_add_test(tc, bad_page_refused);
	tcase_add_test(tc, each_walks_like_the_pages);
	tcase_add_test(tc, watchers_are_others_with_fresh_presence);
	tcase_add_test(tc, claim_elsewhere_seen_on_next_read);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
