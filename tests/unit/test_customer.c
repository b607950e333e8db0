/*
 * test_customer.c: the customer header figures (lifetime value, last NPS,
 * recent complaints, churn risk), orders and lines newest first with
 * paging, the merged timeline, and the per-channel view.
 */
#include "config.h"

#include "harness.h"
#include "minidb.h"
#include "temas/customer.h"

#define N "1700000000"
static const char fixture[] =
	"INSERT INTO agents(id,login,name,created_at) VALUES (1,'ayse','Ayşe',0);"
	"INSERT INTO customers(id,first_name,last_name,email,phone,tier,"
	" created_at) VALUES"
	" (1,'Zeynep','Kaya','zeynep@example.com','+90 532 123 45 12','gold',1),"
	" (2,'Ali','Öz',NULL,NULL,'standard',2),"
	" (3,'Can','Ak',NULL,NULL,'silver',3);"
	"INSERT INTO orders(id,customer_id,number,status,total,placed_at) VALUES"
	" (1,1,'S-1','delivered',10000," N "-100*86400),"
	" (2,1,'S-2','cancelled',5000," N "-50*86400),"
	" (3,1,'S-3','returned',2000," N "-10*86400),"
	" (4,1,'S-4','placed',3000," N "-1*86400),"
	" (5,3,'S-5','delivered',700," N "-3*86400);"
	"INSERT INTO order_lines(id,order_id,sku,product,qty,unit_price) VALUES"
	" (1,1,'A','Çay',2,3000),(2,1,'B','Kahve',1,4000),(3,4,'C','Su',3,1000);"
	"INSERT INTO surveys(id,customer_id,channel,kind,score,comment,at) VALUES"
	" (1,1,'email','nps',9,'iyi'," N "-200*86400),"
	" (2,1,'email','nps',3,'kötü'," N "-20*86400),"
	" (3,1,'chat','csat',2,NULL," N "-5*86400),"
	" (4,3,'phone','nps',7,NULL," N "-5*86400),"
	" (5,2,'phone','nps',6,NULL," N "-500*86400);"
	"INSERT INTO complaints(id,customer_id,channel,subject,status,opened_at,"
	" first_response_due,resolution_due,resolved_at,resolution) VALUES"
	" (1,1,'phone','Eski sorun','resolved'," N "-100*86400,0,0,"
	"   " N "-95*86400,'Para iadesi'),"
	" (2,1,'email','Kargo','open'," N "-30*86400,0,0,NULL,NULL),"
	" (3,3,'phone','Geç','open'," N "-3*86400,0,0,NULL,NULL);"
	"INSERT INTO interactions(id,customer_id,complaint_id,channel,direction,"
	" agent_id,at,subject,body) VALUES"
	" (1,1,2,'email','in',NULL," N "-30*86400,'Kargo','Nerede?'),"
	" (2,1,2,'email','out',1," N "-29*86400,'Re: Kargo','Yolda.'),"
	" (3,1,NULL,'phone','in',NULL," N "-2*86400,NULL,'Aradım');";

static void setup(void) { minidb_open(fixture); }
static void teardown(void) { minidb_close(); }

/* The check asked before a person confirms a merge gives the merge's own
 * refusals, and changes nothing either way. */
START_TEST(merge_check_refuses_as_the_merge_does)
{
	struct agent agent = { 1, "ayse", "Ayşe", ROLE_AGENT, 1 };
	struct agent sup = { 1, "ayse", "Ayşe", ROLE_SUPERVISOR, 1 };
	struct customer c;
	long long *ids;
	int n;

	ck_assert_int_eq(store_customer_merge_check(minidb_st, &agent, 2, 1),
			 STORE_DENIED);
	ck_assert_str_eq(store_errmsg(minidb_st),
			 "only a supervisor can merge customers");
	ck_assert_int_eq(store_customer_merge_check(minidb_st, &sup, 1, 1),
			 STORE_DENIED);
	ck_assert_int_eq(store_customer_merge_check(minidb_st, &sup, 99, 1),
			 STORE_NOTFOUND);
	ck_assert_str_eq(store_errmsg(minidb_st), "no customer with id 99");
	ck_assert_int_eq(store_customer_merge_check(minidb_st, &sup, 2, 1),
			 STORE_OK);
	ck_assert_int_eq(store_customer_get(minidb_st, 2, &c), STORE_OK);
	ck_assert_int_eq(c.merged_into, 0);
	ck_assert_int_eq(store_customer_merged(minidb_st, 1, &ids, &n), STORE_OK);
	ck_assert_int_eq(n, 0);
	/* Once merged, the check refuses what the merge would. */
	ck_assert_int_eq(store_customer_merge(minidb_st, &sup, 2, 1, NULL),
			 STORE_OK);
	ck_assert_int_eq(store_customer_merge_check(minidb_st, &sup, 2, 3),
			 STORE_DENIED);
	ck_assert_str_eq(store_errmsg(minidb_st),
			 "customer 2 is already merged into 1");
	ck_assert_int_eq(store_customer_merge_check(minidb_st, &sup, 3, 2),
			 STORE_DENIED);
	ck_assert_str_eq(store_errmsg(minidb_st),
			 "customer 2 was merged into 1; merge into 1 instead");
}
END_TEST

START_TEST(customer_by_id)
{
	struct customer c;

	ck_assert_int_eq(store_customer_get(minidb_st, 1, &c), STORE_OK);
	ck_assert_str_eq(c.first_name, "Zeynep");
	ck_assert_str_eq(c.tier, "gold");
	ck_assert_str_eq(c.phone, "+90 532 123 45 12");
	ck_assert_int_eq(store_customer_get(minidb_st, 2, &c), STORE_OK);
	ck_assert_str_eq(c.email, "");
	ck_assert_int_eq(store_customer_get(minidb_st, 99, &c), STORE_NOTFOUND);
}
END_TEST

/* A batch forgets the rows' text between commands; rows read after that
 * have their text again, and forgetting twice is harmless. */
START_TEST(rows_read_again_after_their_text_is_forgotten)
{
	struct customer c;

	ck_assert_int_eq(store_customer_get(minidb_st, 1, &c), STORE_OK);
	ck_assert_str_eq(c.last_name, "Kaya");
	store_forget_texts(minidb_st);
	store_forget_texts(minidb_st);
	ck_assert_int_eq(store_customer_get(minidb_st, 2, &c), STORE_OK);
	ck_assert_str_eq(c.first_name, "Ali");
	ck_assert_str_eq(c.last_name, "Öz");
	ck_assert_int_eq(store_customer_get(minidb_st, 1, &c), STORE_OK);
	ck_assert_str_eq(c.first_name, "Zeynep");
	ck_assert_str_eq(c.email, "zeynep@example.com");
	store_forget_texts(minidb_st);
}
END_TEST

START_TEST(summary_with_churn_risk)
{
	struct customer_summary s;

	ck_assert_int_eq(store_customer_summary(minidb_st, 1, &s), STORE_OK);
	/* Cancelled S-2 is not revenue; returned S-3 still counts. */
	ck_assert_int_eq(s.lifetime_value, 10000 + 2000 + 3000);
	ck_assert_str_eq(s.currency, "TRY");
	ck_assert_int_eq(s.orders, 4);
	ck_assert_int_eq(s.last_order_at, MINIDB_NOW - 1 * DAY);
	ck_assert_int_eq(s.last_nps, 3);
	ck_assert_int_eq(s.complaints_90d, 1);
	/* One recent complaint plus one recent detractor answer. */
	ck_assert_int_eq(s.negative_experiences, 2);
	ck_assert_int_eq(s.churn_risk, 1);
}
END_TEST

START_TEST(summary_without_risk)
{
	struct customer_summary s;

	ck_assert_int_eq(store_customer_summary(minidb_st, 3, &s), STORE_OK);
	ck_assert_int_eq(s.last_nps, 7);          /* a passive, not negative */
	ck_assert_int_eq(s.complaints_90d, 1);
	ck_assert_int_eq(s.negative_experiences, 1);
	ck_assert_int_eq(s.churn_risk, 0);
	ck_assert_int_eq(store_customer_summary(minidb_st, 2, &s), STORE_OK);
	ck_assert_int_eq(s.lifetime_value, 0);
	ck_assert_int_eq(s.orders, 0);
	ck_assert_int_eq(s.last_nps, 6);
	/* That detractor answer is older than the window. */
	ck_assert_int_eq(s.negative_experiences, 0);
	ck_assert_int_eq(s.churn_risk, 0);
}
END_TEST

START_TEST(summary_no_survey)
{
	struct customer_summary s;

	minidb_exec("DELETE FROM surveys WHERE customer_id=2");
	ck_assert_int_eq(store_customer_summary(minidb_st, 2, &s), STORE_OK);
	ck_assert_int_eq(s.last_nps, -1);
}
END_TEST

START_TEST(orders_newest_first_paged)
{
	struct order o[8];
	int n, total;

	ck_assert_int_eq(store_order_count(minidb_st, 1, &total), STORE_OK);
	ck_assert_int_eq(total, 4);
	ck_assert_int_eq(store_order_list(minidb_st, 1, 0, 8, o, &n), STORE_OK);
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(o[0].number, "S-4");
	ck_assert_str_eq(o[1].number, "S-3");
	ck_assert_str_eq(o[3].number, "S-1");
	ck_assert_str_eq(o[3].status, "delivered");
	ck_assert_int_eq(o[3].total, 10000);
	ck_assert_int_eq(store_order_list(minidb_st, 1, 1, 2, o, &n), STORE_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(o[0].number, "S-3");
	ck_assert_str_eq(o[1].number, "S-2");
	ck_assert_int_eq(store_order_get(minidb_st, 5, &o[0]), STORE_OK);
	ck_assert_int_eq(o[0].customer_id, 3);
	ck_assert_int_eq(store_order_get(minidb_st, 42, &o[0]), STORE_NOTFOUND);
}
END_TEST

START_TEST(order_lines)
{
	struct order_line l[4];
	int n, total;

	ck_assert_int_eq(store_order_line_count(minidb_st, 1, &total), STORE_OK);
	ck_assert_int_eq(total, 2);
	ck_assert_int_eq(store_order_lines(minidb_st, 1, 0, 4, l, &n), STORE_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(l[0].product, "Çay");
	ck_assert_int_eq(l[0].qty, 2);
	ck_assert_int_eq(l[1].unit_price, 4000);
	ck_assert_int_eq(store_order_lines(minidb_st, 2, 0, 4, l, &n), STORE_OK);
	ck_assert_int_eq(n, 0);
}
END_TEST

/* kind:at-in-days for the whole timeline of customer 1, newest first. */
static void timeline_string(int offset, int limit, char *out, size_t sz)
{
	struct timeline_item t[32];
	int n, i;
	size_t len = 0;

	ck_assert_int_eq(store_timeline_list(minidb_st, 1, offset, limit, t, &n),
			 STORE_OK);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		len += (size_t)snprintf(out + len, sz - len, "%s%d:%lld",
					i ? " " : "", (int)t[i].kind,
					(MINIDB_NOW - t[i].at) / DAY);
		timeline_item_clear(&t[i]);
	}
}

START_TEST(timeline_merged_newest_first)
{
	char s[512];
	int total;

	ck_assert_int_eq(store_timeline_count(minidb_st, 1, &total), STORE_OK);
	ck_assert_int_eq(total, 3 + 4 + 3 + 2 + 1);
	timeline_string(0, 32, s, sizeof s);
	/* 0 interaction, 1 order, 2 survey, 3 complaint opened, 4 resolved. */
	ck_assert_str_eq(s, "1:1 0:2 2:5 1:10 2:20 0:29 3:30 0:30 1:50 "
			    "4:95 3:100 1:100 2:200");
	timeline_string(5, 3, s, sizeof s);
	ck_assert_str_eq(s, "0:29 3:30 0:30");
}
END_TEST

START_TEST(timeline_item_fields)
{
	struct timeline_item t[16];
	int n, i;

	ck_assert_int_eq(store_timeline_list(minidb_st, 1, 0, 16, t, &n), STORE_OK);
	ck_assert_int_eq(n, 13);
	ck_assert_str_eq(t[0].title, "S-4");
	ck_assert_int_eq(t[0].amount, 3000);
	ck_assert_str_eq(t[0].status, "placed");
	ck_assert_str_eq(t[1].channel, "phone");
	ck_assert_str_eq(t[1].text, "Aradım");
	ck_assert_int_eq(t[5].direction, DIR_OUT);
	ck_assert_str_eq(t[5].agent_login, "ayse");
	ck_assert_str_eq(t[4].title, "nps");
	ck_assert_int_eq(t[4].amount, 3);
	ck_assert_str_eq(t[4].text, "kötü");
	ck_assert_str_eq(t[9].text, "Para iadesi");
	for (i = 0; i < n; i++)
		timeline_item_clear(&t[i]);
}
END_TEST

START_TEST(channel_stats_and_thread)
{
	struct channel_stat *c;
	struct interaction it[4];
	int n, i, total;

	ck_assert_int_eq(store_channel_stats(minidb_st, 1, &c, &n), STORE_OK);
	ck_assert_int_eq(n, 9);
	ck_assert_str_eq(c[0].code, "phone");
	ck_assert_int_eq(c[0].count, 1);
	ck_assert_int_eq(c[0].last_at, MINIDB_NOW - 2 * DAY);
	ck_assert_str_eq(c[1].code, "email");
	ck_assert_int_eq(c[1].count, 2);
	ck_assert_int_eq(c[1].last_at, MINIDB_NOW - 29 * DAY);
	ck_assert_str_eq(c[3].code, "chat");
	ck_assert_int_eq(c[3].count, 0);
	ck_assert_int_eq(c[3].last_at, 0);
	free(c);

	ck_assert_int_eq(store_channel_thread_count(minidb_st, 1, "email", &total),
			 STORE_OK);
	ck_assert_int_eq(total, 2);
	ck_assert_int_eq(store_channel_thread(minidb_st, 1, "email", 0, 4, it, &n),
			 STORE_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(it[0].body, "Yolda.");
	ck_assert_int_eq(it[0].direction, DIR_OUT);
	ck_assert_str_eq(it[0].agent_login, "ayse");
	ck_assert_str_eq(it[1].body, "Nerede?");
	ck_assert_int_eq(it[1].complaint_id, 2);
	for (i = 0; i < n; i++)
		interaction_clear(&it[i]);
	ck_assert_int_eq(store_channel_thread(minidb_st, 1, "email", 1, 4, it, &n),
			 STORE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(it[0].body, "Nerede?");
	interaction_clear(&it[0]);
}
END_TEST

/* However many channels a company has, every one is read. */
START_TEST(channel_list_reads_every_channel)
{
	struct channel_stat *c;
	int n;

	ck_assert_int_eq(store_exec(minidb_st,
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
		" WHERE i < 291) INSERT INTO channels(code, name, sort)"
		" SELECT printf('k%03d', i), 'Kanal ' || i, 100 + i FROM n"),
		STORE_OK);
	ck_assert_int_eq(store_channel_list(minidb_st, &c, &n), STORE_OK);
	ck_assert_int_eq(n, 300);
	ck_assert_str_eq(c[0].code, "phone");
	ck_assert_str_eq(c[299].code, "k291");
	ck_assert_str_eq(c[299].name, "Kanal 291");
	ck_assert_int_eq(c[299].count, 0);
	free(c);
	ck_assert_int_eq(store_channel_stats(minidb_st, 1, &c, &n), STORE_OK);
	ck_assert_int_eq(n, 300);
	ck_assert_int_eq(c[0].count, 1);
	free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("customer");
	TCase *tc = tcase_create("customer");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, customer_by_id);
	tcase_add_test(tc, merge_check_refuses_as_the_merge_does);
	tcase_add_test(tc, rows_read_again_after_their_text_is_forgotten);
	tcase_add_test(tc, summary_with_churn_risk);
	tcase_add_test(tc, summary_without_risk);
	tcase_add_test(tc, summary_no_survey);
	tcase_add_test(tc, orders_newest_first_paged);
	tcase_add_test(tc, order_lines);
	tcase_add_test(tc, timeline_merged_newest_first);
	tcase_add_test(tc, timeline_item_fields);
	tcase_add_test(tc, channel_stats_and_thread);
	tcase_add_test(tc, channel_list_reads_every_channel);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
