/*
 * test_metrics.c: the supervisor's figures on small hand-built data whose
 * answers were worked out by hand: NPS and CSAT, churn, CLV inputs, reply
 * compliance, backlog age buckets at their exact edges, per-agent medians,
 * breaches and categories.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "temas/agent.h"
#include "temas/metrics.h"
#include "temas/store.h"

#define NOW 1700000000LL       /* Tue 2023-11-14 22:13:20 UTC */
#define DAY 86400LL
#define HOUR 3600LL

static char dir[256];
static char path[512];
static struct store *st;
static sqlite3 *raw;
static struct metrics_period month = { NOW - 30 * DAY, NOW };

static void sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void sql(const char *fmt, ...)
{
	char buf[4096];
	char *err = NULL;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (sqlite3_exec(raw, buf, NULL, NULL, &err) != SQLITE_OK)
		ck_abort_msg("%s: %s", buf, err ? err : "?");
}

static void setup(void)
{
	char err[512];

	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(dir, sizeof dir, "%s/temas-metrics-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_set_clock(st, NOW);
	ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
	sqlite3_busy_timeout(raw, 5000);
	sql("INSERT INTO agents(id, login, name, role, created_at) VALUES"
	    " (1, 'alice', 'Alice A', 'agent', 0), (2, 'bob', 'Bob B', 'agent', 0),"
	    " (3, 'sue', 'Sue S', 'supervisor', 0)");
	sql("INSERT INTO customers(id, first_name, last_name, created_at,"
	    " acquisition_cost) VALUES"
	    " (1, 'Ayşe', 'Yılmaz', %lld, 0), (2, 'Mehmet', 'Öz', %lld, 0),"
	    " (3, 'Can', 'Şen', %lld, 0), (4, 'Deniz', 'Ak', %lld, 0),"
	    " (5, 'Ece', 'Ün', %lld, 0)",
	    NOW - 1000 * DAY, NOW - 1000 * DAY, NOW - 1000 * DAY,
	    NOW - 1000 * DAY, NOW - 1000 * DAY);
}

static void teardown(void)
{
	char cmd[600];

	sqlite3_close(raw);
	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* A complaint: frd/rd are offsets from opened; fra 0 = not answered. */
static void complaint(long long id, long long cust, const char *channel,
		      const char *status, long long assignee, long long opened,
		      long long frd, long long rd, long long fra,
		      const char *category)
{
	char a[32], f[32];

	snprintf(a, sizeof a, assignee ? "%lld" : "NULL", assignee);
	snprintf(f, sizeof f, fra ? "%lld" : "NULL", fra);
	sql("INSERT INTO complaints(id, customer_id, channel, status, assignee_id,"
	    " opened_at, first_response_due, resolution_due, first_response_at,"
	    " category, subject) VALUES(%lld, %lld, '%s', '%s', %s, %lld, %lld,"
	    " %lld, %s, '%s', 'subject %lld')",
	    id, cust, channel, status, a, opened, opened + frd, opened + rd, f,
	    category, id);
}

static void survey(long long cust, long long complaint_id, const char *channel,
		   const char *kind, int score, long long at)
{
	char c[32], ch[32];

	snprintf(c, sizeof c, complaint_id ? "%lld" : "NULL", complaint_id);
	snprintf(ch, sizeof ch, channel ? "'%s'" : "NULL", channel ? channel : "");
	sql("INSERT INTO surveys(customer_id, complaint_id, channel, kind, score, at)"
	    " VALUES(%lld, %s, %s, '%s', %d, %lld)", cust, c, ch, kind, score, at);
}

static void nps_scores(const int *scores, int n, long long at)
{
	int i;

	for (i = 0; i < n; i++)
		survey(1, 0, "email", "nps", scores[i], at);
}

START_TEST(nps_only_passives_is_zero)
{
	static const int s[] = { 7, 8, 7, 8 };
	struct metrics_satisfaction m;

	nps_scores(s, 4, NOW - DAY);
	ck_assert_int_eq(store_metrics_satisfaction(st, &month, 0, &m), STORE_OK);
	ck_assert_int_eq(m.overall.has_nps, 1);
	ck_assert_int_eq(m.overall.nps_answers, 4);
	ck_assert_int_eq(m.overall.passives, 4);
	ck_assert_int_eq(m.overall.nps, 0);
	metrics_satisfaction_free(&m);
}
END_TEST

START_TEST(nps_all_promoters_is_100)
{
	static const int s[] = { 9, 10, 10 };
	struct metrics_satisfaction m;

	nps_scores(s, 3, NOW - DAY);
	ck_assert_int_eq(store_metrics_satisfaction(st, &month, 0, &m), STORE_OK);
	ck_assert_int_eq(m.overall.nps, 100);
	ck_assert_int_eq(m.overall.promoters, 3);
	metrics_satisfaction_free(&m);
}
END_TEST

START_TEST(nps_all_detractors_is_minus_100)
{
	static const int s[] = { 0, 6, 3 };
	struct metrics_satisfaction m;

	nps_scores(s, 3, NOW - DAY);
	ck_assert_int_eq(store_metrics_satisfaction(st, &month, 0, &m), STORE_OK);
	ck_assert_int_eq(m.overall.nps, -100);
	metrics_satisfaction_free(&m);
}
END_TEST

START_TEST(nps_mixed_rounds_half_away_from_zero)
{
	/* 5 promoters, 1 passive, 2 detractors: (5 - 2) / 8 = 37.5 % -> 38. */
	static const int s[] = { 10, 10, 9, 9, 9, 7, 6, 0 };
	struct metrics_satisfaction m;

	nps_scores(s, 8, NOW - DAY);
	/* Outside the period: on the exclusive end and just before the start. */
	survey(1, 0, "email", "nps", 0, NOW);
	survey(1, 0, "email", "nps", 0, month.since - 1);
	ck_assert_int_eq(store_metrics_satisfaction(st, &month, 0, &m), STORE_OK);
	ck_assert_int_eq(m.overall.nps_answers, 8);
	ck_assert_int_eq(m.overall.promoters, 5);
	ck_assert_int_eq(m.overall.passives, 1);
	ck_assert_int_eq(m.overall.detractors, 2);
	ck_assert_int_eq(m.overall.nps, 38);
	metrics_satisfaction_free(&m);
}
END_TEST

START_TEST(nps_negative_half_rounds_down)
{
	/* 1 promoter, 3 passives, 4 detractors: -3 / 8 = -37.5 % -> -38. */
	static const int s[] = { 9, 0, 0, 0, 0, 7, 7, 7 };
	struct metrics_satisfaction m;

	nps_scores(s, 8, NOW - DAY);
	ck_assert_int_eq(store_metrics_satisfaction(st, &month, 0, &m), STORE_OK);
	ck_assert_int_eq(m.overall.nps, -38);
	metrics_satisfaction_free(&m);
}
END_TEST

/* A week's report has one week of trend, its own: answers of the weeks
 * before it are not shown beside the period's figures. */
START_TEST(weekly_trend_stays_in_the_period)
{
	struct metrics_period week = { NOW - 7 * DAY, NOW };
	struct metrics_satisfaction m;

	survey(1, 0, "email", "csat", 4, NOW - 20 * DAY);
	survey(1, 0, "email", "csat", 2, NOW - 10 * DAY);
	survey(1, 0, "email", "nps", 10, NOW - DAY);
	ck_assert_int_eq(store_metrics_satisfaction(st, &week, 8, &m), STORE_OK);
	ck_assert_int_eq(m.overall.has_csat, 0);
	ck_assert_int_eq(m.nweeks, 1);
	ck_assert_int_eq(m.weeks[0].week_start, week.since);
	ck_assert_int_eq(m.weeks[0].has_csat, 0);
	ck_assert_int_eq(m.weeks[0].nps_answers, 1);
	metrics_satisfaction_free(&m);
}
END_TEST

START_TEST(empty_period_is_no_data)
{
	struct metrics_satisfaction m;

	survey(1, 0, "email", "nps", 10, NOW - 60 * DAY);
	survey(1, 0, "email", "csat", 5, NOW - 60 * DAY);
	ck_assert_int_eq(store_metrics_satisfaction(st, &month, 4, &m), STORE_OK);
	ck_assert_int_eq(m.overall.has_nps, 0);
	ck_assert_int_eq(m.overall.has_csat, 0);
	ck_assert_int_eq(m.overall.nps_answers, 0);
	ck_assert_int_eq(m.nchannels, 0);
	ck_assert_int_eq(m.nagents, 0);
	ck_assert_int_eq(m.nweeks, 4);
	ck_assert_int_eq(m.weeks[3].has_nps, 0);
	metrics_satisfaction_free(&m);
}
END_TEST

START_TEST(csat_average_overall_channel_agent)
{
	struct metrics_satisfaction m;

	complaint(1, 1, "phone", "open", 1, NOW - 5 * DAY, HOUR, DAY, 0, "x");
	complaint(2, 2, "chat", "open", 2, NOW - 5 * DAY, HOUR, DAY, 0, "x");
	/* alice (complaint 1, phone): 5, 4 and NPS 10; bob (chat): 4, 2. */
	survey(1, 1, NULL, "csat", 5, NOW - DAY);
	survey(1, 1, NULL, "csat", 4, NOW - DAY);
	survey(1, 1, NULL, "nps", 10, NOW - DAY);
	survey(2, 2, "chat", "csat", 4, NOW - DAY);
	survey(2, 2, "chat", "csat", 2, NOW - DAY);
	/* Not linked to a complaint, on e-mail: counts overall and per channel. */
	survey(3, 0, "email", "nps", 3, NOW - DAY);
	ck_assert_int_eq(store_metrics_satisfaction(st, &month, 0, &m), STORE_OK);
	ck_assert_int_eq(m.overall.csat_answers, 4);
	ck_assert_int_eq(m.overall.has_csat, 1);
	ck_assert(fabs(m.overall.csat - 3.75) < 1e-9);
	ck_assert_int_eq(m.overall.nps, 0);    /* one promoter, one detractor */
	/* Channels in their configured order: phone, email, chat. */
	ck_assert_int_eq(m.nchannels, 3);
	ck_assert_str_eq(m.by_channel[0].key, "phone");
	ck_assert(fabs(m.by_channel[0].csat - 4.5) < 1e-9);
	ck_assert_int_eq(m.by_channel[0].nps, 100);
	ck_assert_str_eq(m.by_channel[1].key, "email");
	ck_assert_int_eq(m.by_channel[1].has_csat, 0);
	ck_assert_int_eq(m.by_channel[1].nps, -100);
	ck_assert_str_eq(m.by_channel[2].key, "chat");
	ck_assert(fabs(m.by_channel[2].csat - 3.0) < 1e-9);
	ck_assert_int_eq(m.by_channel[2].has_nps, 0);
	ck_assert_int_eq(m.nagents, 2);
	ck_assert_str_eq(m.by_agent[0].key, "alice");
	ck_assert_int_eq(m.by_agent[0].agent_id, 1);
	ck_assert(fabs(m.by_agent[0].csat - 4.5) < 1e-9);
	ck_assert_str_eq(m.by_agent[1].key, "bob");
	ck_assert(fabs(m.by_agent[1].csat - 3.0) < 1e-9);
	metrics_satisfaction_free(&m);
}
END_TEST

START_TEST(weekly_trend_has_every_week)
{
	struct metrics_satisfaction m;
	long long w0 = NOW - 3 * 7 * DAY;

	survey(1, 0, "email", "nps", 10, w0);              /* week 0, first second */
	survey(1, 0, "email", "nps", 0, w0 + 7 * DAY - 1); /* week 0, last second */
	survey(1, 0, "email", "nps", 10, w0 + 14 * DAY);   /* week 2 */
	survey(1, 0, "email", "csat", 3, NOW - 1);
	survey(1, 0, "email", "nps", 10, w0 - 1);          /* before the trend */
	ck_assert_int_eq(store_metrics_satisfaction(st, &month, 3, &m), STORE_OK);
	ck_assert_int_eq(m.nweeks, 3);
	ck_assert_int_eq(m.weeks[0].week_start, w0);
	ck_assert_int_eq(m.weeks[0].nps_answers, 2);
	ck_assert_int_eq(m.weeks[0].nps, 0);
	ck_assert_int_eq(m.weeks[1].week_start, w0 + 7 * DAY);
	ck_assert_int_eq(m.weeks[1].has_nps, 0);
	ck_assert_int_eq(m.weeks[2].nps, 100);
	ck_assert_int_eq(m.weeks[2].has_csat, 1);
	ck_assert(fabs(m.weeks[2].csat - 3.0) < 1e-9);
	metrics_satisfaction_free(&m);
}
END_TEST

static void order(long long id, long long cust, const char *status,
		  long long total, long long at)
{
	sql("INSERT INTO orders(id, customer_id, number, status, total, placed_at)"
	    " VALUES(%lld, %lld, 'N%lld', '%s', %lld, %lld)",
	    id, cust, id, status, total, at);
}

START_TEST(churn_hand_made_set)
{
	struct metrics_churn c;
	long long ws = NOW - 365 * DAY;

	order(1, 1, "delivered", 100, NOW - 700 * DAY);   /* 1: churned */
	order(2, 2, "delivered", 100, NOW - 700 * DAY);   /* 2: came back */
	order(3, 2, "delivered", 100, NOW - 100 * DAY);
	order(4, 3, "delivered", 100, NOW - 100 * DAY);   /* 3: new, not in base */
	order(5, 4, "delivered", 100, ws - 1);            /* 4: ordered at ws: kept */
	order(6, 4, "delivered", 100, ws);
	order(7, 5, "delivered", 100, NOW);               /* 5: after until only */
	ck_assert_int_eq(store_metrics_churn(st, NOW, 365, &c), STORE_OK);
	ck_assert_int_eq(c.base, 3);
	ck_assert_int_eq(c.churned, 1);
	ck_assert_int_eq(c.has_rate, 1);
	ck_assert(fabs(c.rate - 1.0 / 3.0) < 1e-9);
	/* Expected lifetime: the window in years over the rate. */
	ck_assert(fabs(c.duration_years - 3.0 * 365 * DAY / 31557600.0) < 1e-9);
	/* A shorter window: customer 2's 100-day-old order is outside it. */
	ck_assert_int_eq(store_metrics_churn(st, NOW, 30, &c), STORE_OK);
	ck_assert_int_eq(c.base, 4);
	ck_assert_int_eq(c.churned, 4);
	ck_assert_int_eq(store_metrics_churn(st, NOW, 0, &c), STORE_ERROR);
}
END_TEST

START_TEST(churn_without_orders_is_no_data)
{
	struct metrics_churn c;

	ck_assert_int_eq(store_metrics_churn(st, NOW, 365, &c), STORE_OK);
	ck_assert_int_eq(c.base, 0);
	ck_assert_int_eq(c.has_rate, 0);
	ck_assert(c.duration_years == METRICS_MAX_YEARS);
}
END_TEST

START_TEST(at_risk_and_clv_inputs)
{
	struct metrics_risk *r;
	int n, total;

	/* Customer 1: two years a customer, 120000 earned (cancelled not). */
	sql("UPDATE customers SET created_at=%lld, acquisition_cost=30000"
	    " WHERE id=1", NOW - 2 * 31557600LL);
	order(1, 1, "delivered", 100000, NOW - 300 * DAY);
	order(2, 1, "cancelled", 50000, NOW - 200 * DAY);
	order(3, 1, "returned", 20000, NOW - 100 * DAY);
	complaint(1, 1, "phone", "open", 1, NOW - 3 * DAY, HOUR, DAY, 0, "x");
	complaint(2, 1, "phone", "resolved", 1, NOW - 2 * DAY, HOUR, DAY, 0, "x");
	complaint(3, 1, "phone", "pending", 1, NOW - 40 * DAY, HOUR, DAY, 0, "x");
	/* Customer 2: ten days a customer (counts as one year), one complaint
	 * and one detractor answer. */
	sql("UPDATE customers SET created_at=%lld, acquisition_cost=1000"
	    " WHERE id=2", NOW - 10 * DAY);
	order(4, 2, "delivered", 5000, NOW - 5 * DAY);
	complaint(4, 2, "email", "closed", 2, NOW - 4 * DAY, HOUR, DAY, 0, "x");
	survey(2, 0, "email", "nps", 6, NOW - DAY);
	/* Customer 3: one complaint, a passive and an old detractor: no risk. */
	complaint(5, 3, "email", "open", 2, NOW - 4 * DAY, HOUR, DAY, 0, "x");
	survey(3, 0, "email", "nps", 7, NOW - DAY);
	survey(3, 0, "email", "nps", 2, NOW - 90 * DAY);

	ck_assert_int_eq(store_metrics_at_risk(st, &month, 3.0, 20, &r, &n, &total),
			 STORE_OK);
	ck_assert_int_eq(total, 2);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(r[0].customer_id, 1);
	ck_assert_int_eq(r[0].complaints, 2);
	ck_assert_int_eq(r[0].detractors, 0);
	ck_assert_int_eq(r[0].revenue, 120000);
	ck_assert(fabs(r[0].years - 2.0) < 1e-9);
	ck_assert_int_eq(r[0].revenue_per_year, 60000);
	ck_assert_int_eq(r[0].acquisition_cost, 30000);
	ck_assert_int_eq(r[0].clv, 60000 * 3 - 30000);
	ck_assert_str_eq(r[0].currency, "TRY");
	/* Its open complaints, oldest first (the one opened 40 days ago is
	 * outside the period but still open). */
	ck_assert_int_eq(r[0].open_complaints, 2);
	ck_assert_int_eq(r[0].open_ids[0], 3);
	ck_assert_int_eq(r[0].open_ids[1], 1);
	ck_assert_int_eq(r[0].open_ids[2], 0);
	ck_assert_int_eq(r[1].customer_id, 2);
	ck_assert_int_eq(r[1].complaints, 1);
	ck_assert_int_eq(r[1].detractors, 1);
	ck_assert(fabs(r[1].years - 1.0) < 1e-9);
	ck_assert_int_eq(r[1].revenue_per_year, 5000);
	ck_assert_int_eq(r[1].clv, 5000 * 3 - 1000);
	ck_assert_int_eq(r[1].open_complaints, 0);
	free(r);
	/* The top-N cut keeps the most valuable and still counts all. */
	ck_assert_int_eq(store_metrics_at_risk(st, &month, 3.0, 1, &r, &n, &total),
			 STORE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(total, 2);
	ck_assert_int_eq(r[0].customer_id, 1);
	free(r);
}
END_TEST

static void reply(long long agent, const char *dir_, long long at, long long seen)
{
	char a[32], s[32];

	snprintf(a, sizeof a, agent ? "%lld" : "NULL", agent);
	snprintf(s, sizeof s, seen ? "%lld" : "NULL", seen);
	sql("INSERT INTO interactions(customer_id, channel, direction, agent_id,"
	    " at, body, history_seen_at) VALUES(1, 'email', '%s', %s, %lld, 'b', %s)",
	    dir_, a, at, s);
}

START_TEST(compliance_share)
{
	struct metrics_compliance *c;
	int n;

	reply(1, "out", NOW - DAY, NOW - DAY - 60);   /* seen before */
	reply(1, "out", NOW - DAY, NOW - DAY);        /* seen the same second */
	reply(1, "out", NOW - DAY, NOW - DAY + 5);    /* seen only afterwards */
	reply(2, "out", NOW - DAY, 0);                /* never seen */
	reply(0, "out", NOW - DAY, 0);                /* automatic: not an agent */
	reply(2, "note", NOW - DAY, 0);               /* a note is no reply */
	reply(0, "in", NOW - DAY, 0);
	reply(2, "out", NOW - 40 * DAY, 0);           /* before the period */
	ck_assert_int_eq(store_metrics_compliance(st, &month, &c, &n), STORE_OK);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(c[0].agent_id, 0);
	ck_assert_int_eq(c[0].replies, 4);
	ck_assert_int_eq(c[0].with_history, 2);
	ck_assert(fabs(c[0].share - 0.5) < 1e-9);
	ck_assert_str_eq(c[1].login, "alice");
	ck_assert_int_eq(c[1].replies, 3);
	ck_assert_int_eq(c[1].with_history, 2);
	ck_assert(fabs(c[1].share - 2.0 / 3.0) < 1e-9);
	ck_assert_str_eq(c[2].login, "bob");
	ck_assert_int_eq(c[2].has_share, 1);
	ck_assert(c[2].share == 0.0);
	free(c);
}
END_TEST

START_TEST(compliance_without_replies_is_no_data)
{
	struct metrics_compliance *c;
	int n;

	ck_assert_int_eq(store_metrics_compliance(st, &month, &c, &n), STORE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(c[0].replies, 0);
	ck_assert_int_eq(c[0].has_share, 0);
	free(c);
}
END_TEST

START_TEST(backlog_buckets_at_exact_edges)
{
	static const long long age[] = {
		0, 3599, 3600, 14399, 14400, 86399, 86400, 259199, 259200,
	};
	struct metrics_backlog_row *b;
	int i, n;

	for (i = 0; i < 9; i++)
		complaint(i + 1, 1, "email", "open", 0, NOW - age[i], HOUR, DAY, 0, "x");
	complaint(20, 1, "email", "resolved", 0, NOW - 10 * DAY, HOUR, DAY, 0, "x");
	complaint(21, 1, "phone", "pending", 1, NOW - 5 * DAY, HOUR, DAY, 0, "x");
	ck_assert_int_eq(store_metrics_backlog(st, &b, &n), STORE_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(b[0].channel, "phone");
	ck_assert_int_eq(b[0].count[METRICS_AGE_OLDER], 1);
	ck_assert_int_eq(b[0].total, 1);
	ck_assert_str_eq(b[1].channel, "email");
	ck_assert_int_eq(b[1].count[METRICS_AGE_1H], 2);
	ck_assert_int_eq(b[1].count[METRICS_AGE_4H], 2);
	ck_assert_int_eq(b[1].count[METRICS_AGE_24H], 2);
	ck_assert_int_eq(b[1].count[METRICS_AGE_3D], 2);
	ck_assert_int_eq(b[1].count[METRICS_AGE_OLDER], 1);
	ck_assert_int_eq(b[1].total, 9);
	free(b);
}
END_TEST

START_TEST(queues_by_agent_with_medians)
{
	struct metrics_agent_queue *q;
	int n;

	/* alice: 3 first responses in the period: 60, 300, 120 s -> 120. */
	complaint(1, 1, "email", "resolved", 1, NOW - 5 * DAY, DAY, 2 * DAY, NOW - 5 * DAY + 60, "x");
	complaint(2, 1, "email", "resolved", 1, NOW - 5 * DAY, DAY, 2 * DAY, NOW - 5 * DAY + 300, "x");
	complaint(3, 1, "email", "open", 1, NOW - 5 * DAY, DAY, 10 * DAY, NOW - 5 * DAY + 120, "x");
	/* ... and one answered before the period, which does not count. */
	complaint(4, 1, "email", "closed", 1, NOW - 50 * DAY, DAY, 2 * DAY, NOW - 50 * DAY + 9000, "x");
	/* bob: 60, 120, 180, 1000 s -> (120 + 180) / 2 = 150. */
	complaint(5, 2, "chat", "resolved", 2, NOW - 3 * DAY, DAY, 2 * DAY, NOW - 3 * DAY + 1000, "x");
	complaint(6, 2, "chat", "resolved", 2, NOW - 3 * DAY, DAY, 2 * DAY, NOW - 3 * DAY + 60, "x");
	complaint(7, 2, "chat", "pending", 2, NOW - 3 * DAY, DAY, 2 * DAY, NOW - 3 * DAY + 180, "x");
	complaint(8, 2, "chat", "open", 2, NOW - 2 * DAY, DAY, 4 * DAY, NOW - 2 * DAY + 120, "x");
	/* alice also holds a breached new one (its first response is due). */
	complaint(9, 3, "phone", "new", 1, NOW - 7 * HOUR, HOUR, DAY, 0, "x");
	/* Unassigned. */
	complaint(10, 4, "web", "new", 0, NOW - HOUR, 2 * HOUR, DAY, 0, "x");
	complaint(11, 4, "web", "escalated", 0, NOW - 30 * HOUR, 2 * HOUR, DAY, 0, "x");
	/* Replies: alice 2 today (UTC day starts at 00:00), 1 yesterday. */
	reply(1, "out", NOW - HOUR, 0);
	reply(1, "out", NOW - (NOW % DAY), 0);
	reply(1, "out", NOW - (NOW % DAY) - 1, 0);
	sql("INSERT INTO presence(agent_id, complaint_id, activity, pid, heartbeat_at)"
	    " VALUES(1, 3, 'viewing', 1, %lld), (2, 8, 'viewing', 1, %lld)",
	    NOW - 10, NOW - 100);
	ck_assert_int_eq(store_metrics_queues(st, &month, &q, &n), STORE_OK);
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(q[0].login, "alice");
	ck_assert_int_eq(q[0].open, 2);
	ck_assert_int_eq(q[0].pending, 0);
	ck_assert_int_eq(q[0].breached, 1);
	ck_assert_int_eq(q[0].oldest_open_at, NOW - 5 * DAY);
	ck_assert_int_eq(q[0].replies_today, 2);
	ck_assert_int_eq(q[0].first_responses, 3);
	ck_assert_int_eq(q[0].median_first_response, 120);
	ck_assert_int_eq(q[0].online, 1);
	ck_assert_str_eq(q[1].login, "bob");
	ck_assert_int_eq(q[1].open, 1);
	ck_assert_int_eq(q[1].pending, 1);
	ck_assert_int_eq(q[1].breached, 1);   /* complaint 7: resolution due */
	ck_assert_int_eq(q[1].first_responses, 4);
	ck_assert_int_eq(q[1].median_first_response, 150);
	ck_assert_int_eq(q[1].online, 0);
	ck_assert_str_eq(q[2].login, "sue");
	ck_assert_int_eq(q[2].open, 0);
	ck_assert_int_eq(q[2].median_first_response, -1);
	ck_assert_int_eq(q[3].agent_id, 0);
	ck_assert_int_eq(q[3].open, 2);
	ck_assert_int_eq(q[3].breached, 1);
	ck_assert_int_eq(q[3].oldest_open_at, NOW - 30 * HOUR);
	free(q);
}
END_TEST

START_TEST(median_of_two_rounds)
{
	struct metrics_agent_queue *q;
	int n;

	complaint(1, 1, "email", "resolved", 1, NOW - DAY, DAY, 2 * DAY, NOW - DAY + 60, "x");
	complaint(2, 1, "email", "resolved", 1, NOW - DAY, DAY, 2 * DAY, NOW - DAY + 121, "x");
	ck_assert_int_eq(store_metrics_queues(st, &month, &q, &n), STORE_OK);
	ck_assert_str_eq(q[0].login, "alice");
	ck_assert_int_eq(q[0].median_first_response, 91);   /* 90.5 */
	free(q);
}
END_TEST

START_TEST(breaches_most_overdue_first_paged)
{
	struct complaint rows[2];
	int n, total;

	complaint(1, 1, "email", "open", 1, NOW - 10 * HOUR, HOUR, DAY, 0, "x");    /* -9 h */
	complaint(2, 2, "phone", "open", 0, NOW - 3 * HOUR, HOUR, DAY, 0, "x");     /* -2 h */
	complaint(3, 3, "chat", "pending", 2, NOW - 30 * HOUR, HOUR, DAY, NOW - 29 * HOUR, "x"); /* -6 h */
	complaint(4, 4, "chat", "open", 2, NOW - 30 * HOUR, HOUR, 2 * DAY, NOW - 29 * HOUR, "x"); /* answered, not due */
	complaint(5, 4, "chat", "resolved", 2, NOW - 90 * HOUR, HOUR, DAY, 0, "x");
	ck_assert_int_eq(store_metrics_breaches(st, 0, 2, rows, &n, &total), STORE_OK);
	ck_assert_int_eq(total, 3);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(rows[0].id, 1);
	ck_assert_int_eq(rows[0].due_at, NOW - 9 * HOUR);
	ck_assert_str_eq(rows[0].assignee_login, "alice");
	ck_assert_str_eq(rows[0].customer_name, "Ayşe Yılmaz");
	ck_assert_int_eq(rows[1].id, 3);
	ck_assert_int_eq(rows[1].status, ST_PENDING);
	ck_assert_int_eq(store_metrics_breaches(st, 2, 2, rows, &n, &total), STORE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(rows[0].id, 2);
	ck_assert_str_eq(rows[0].assignee_login, "");
}
END_TEST

START_TEST(categories_against_previous_period)
{
	struct metrics_category *c;
	int n;
	long long prev = month.since - 10 * DAY;

	complaint(1, 1, "email", "open", 0, NOW - DAY, HOUR, DAY, 0, "delivery");
	complaint(2, 1, "email", "open", 0, NOW - 2 * DAY, HOUR, DAY, 0, "delivery");
	complaint(3, 1, "email", "open", 0, prev, HOUR, DAY, 0, "delivery");
	complaint(4, 1, "email", "open", 0, prev, HOUR, DAY, 0, "billing");
	complaint(5, 1, "email", "open", 0, prev, HOUR, DAY, 0, "billing");
	complaint(6, 1, "email", "open", 0, NOW - DAY, HOUR, DAY, 0, "billing");
	complaint(7, 1, "email", "open", 0, NOW - DAY, HOUR, DAY, 0, "damaged");
	complaint(8, 1, "email", "open", 0, prev, HOUR, DAY, 0, "damaged");
	/* Before the previous period: ignored. */
	complaint(9, 1, "email", "open", 0, month.since - 31 * DAY, HOUR, DAY, 0, "refund");
	ck_assert_int_eq(store_metrics_categories(st, &month, &c, &n), STORE_OK);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(c[0].category, "delivery");
	ck_assert_int_eq(c[0].count, 2);
	ck_assert_int_eq(c[0].previous, 1);
	ck_assert_int_eq(c[0].trend, 1);
	ck_assert_str_eq(c[1].category, "billing");
	ck_assert_int_eq(c[1].trend, -1);
	ck_assert_str_eq(c[2].category, "damaged");
	ck_assert_int_eq(c[2].trend, 0);
	free(c);
}
END_TEST

/* "Today" runs from local midnight to the next, also on the day the
 * clocks go forward (23 hours long). */
START_TEST(local_day_midnight_to_midnight)
{
	temas_time start, next;

	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	/* 2024-03-31 12:00 CEST */
	ck_assert_int_eq(metrics_local_day(1711879200LL, &start, &next), STORE_OK);
	ck_assert_int_eq(start, 1711839600LL);   /* 00:00 CET */
	ck_assert_int_eq(next, 1711922400LL);    /* 2024-04-01 00:00 CEST */
	setenv("TZ", "Europe/Istanbul", 1);
	tzset();
	/* 2024-05-01 23:30 +03 */
	ck_assert_int_eq(metrics_local_day(1714595400LL, &start, &next), STORE_OK);
	ck_assert_int_eq(start, 1714510800LL);
	ck_assert_int_eq(next, 1714597200LL);
	setenv("TZ", "UTC", 1);
	tzset();
}
END_TEST

START_TEST(all_in_one_and_bad_period)
{
	struct metrics_period bad = { NOW, NOW };
	struct metrics_all m;
	struct metrics_agent_queue *q;
	int n;

	complaint(1, 1, "email", "open", 1, NOW - 10 * HOUR, HOUR, DAY, 0, "x");
	survey(1, 1, NULL, "nps", 9, NOW - DAY);
	ck_assert_int_eq(store_metrics_all(st, &month, NULL, &m), STORE_OK);
	ck_assert_int_eq(m.breaches_total, 1);
	ck_assert_int_eq(m.nbreaches, 1);
	ck_assert_int_eq(m.sat.overall.nps, 100);
	/* The weeks of the 30-day period, not 8 reaching back before it. */
	ck_assert_int_eq(m.sat.nweeks, 5);
	ck_assert_int_eq(m.sat.weeks[0].week_start, month.since);
	ck_assert_int_eq(m.churn.days, 365);
	ck_assert_int_eq(m.nbacklog, 1);
	metrics_all_free(&m);
	ck_assert_int_eq(store_metrics_queues(st, &bad, &q, &n), STORE_INVALID);
	ck_assert_int_eq(store_metrics_all(st, &bad, NULL, &m), STORE_INVALID);
}
END_TEST

static Suite *metrics_suite(void)
{
	Suite *s = suite_create("metrics");
	TCase *tc = tcase_create("metrics");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, nps_only_passives_is_zero);
	tcase_add_test(tc, nps_all_promoters_is_100);
	tcase_add_test(tc, nps_all_detractors_is_minus_100);
	tcase_add_test(tc, nps_mixed_rounds_half_away_from_zero);
	tcase_add_test(tc, nps_negative_half_rounds_down);
	tcase_add_test(tc, empty_period_is_no_data);
	tcase_add_test(tc, csat_average_overall_channel_agent);
	tcase_add_test(tc, weekly_trend_has_every_week);
	tcase_add_test(tc, weekly_trend_stays_in_the_period);
	tcase_add_test(tc, churn_hand_made_set);
	tcase_add_test(tc, churn_without_orders_is_no_data);
	tcase_add_test(tc, at_risk_and_clv_inputs);
	tcase_add_test(tc, compliance_share);
	tcase_add_test(tc, compliance_without_replies_is_no_data);
	tcase_add_test(tc, backlog_buckets_at_exact_edges);
	tcase_add_test(tc, queues_by_agent_with_medians);
	tcase_add_test(tc, median_of_two_rounds);
	tcase_add_test(tc, breaches_most_overdue_first_paged);
	tcase_add_test(tc, categories_against_previous_period);
	tcase_add_test(tc, local_day_midnight_to_midnight);
	tcase_add_test(tc, all_in_one_and_bad_period);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return harness_run(metrics_suite());
}
