/*
 * test_summary.c: the summary tables the supervisor's figures read stay
 * exact.  Seeded rounds of random writes (orders imported, changed and
 * deleted; complaints opened, claimed, assigned, answered, resolved,
 * tagged, recategorised; surveys added, changed and removed; replies
 * changed; customers erased; a bulk import) and after each round every
 * summary row is compared with a full recomputation and every figure of
 * the supervisor view with the full-scan queries, over periods whose ends
 * fall inside days, on day edges and within one day.
 */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "temas/agent.h"
#include "temas/complaint.h"
#include "temas/import.h"
#include "temas/ingest.h"
#include "temas/metrics.h"
#include "temas/store.h"
#include "temas/tag.h"

#define T0 1700000000LL        /* Tue 2023-11-14 22:13:20 UTC */
#define DAY 86400LL
#define ROUNDS 12
#define OPS 40                 /* writes per round */
#define NCUST 24

static char dir[256];
static char path[512];
static struct store *st;
static sqlite3 *raw;
static unsigned long long rng;
static struct agent agents[4];  /* three agents and a supervisor */

static const char *const channels[] = { "phone", "email", "web", "chat",
					"social", "portal" };
static const char *const categories[] = { "kargo", "iade", "fatura", "other" };
static const char *const tags[] = { "acil", "kargo", "vip" };
static const char *const statuses[] = { "new", "open", "pending", "escalated" };

static unsigned pick(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rng >> 33) % n;
}

static void sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void sql(const char *fmt, ...)
{
	char buf[2048];
	char *err = NULL;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (sqlite3_exec(raw, buf, NULL, NULL, &err) != SQLITE_OK)
		ck_abort_msg("%s: %s", buf, err ? err : "?");
}

/* A random row id of table (0 when empty). */
static long long any_id(const char *table, const char *where)
{
	char buf[256];
	sqlite3_stmt *s;
	long long id = 0;

	snprintf(buf, sizeof buf, "SELECT id FROM %s WHERE %s"
		 " ORDER BY id LIMIT 1 OFFSET ?1 %% max(1, (SELECT count(*) FROM %s"
		 " WHERE %s))", table, where, table, where);
	ck_assert_int_eq(sqlite3_prepare_v2(raw, buf, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int(s, 1, (int)pick(1000));
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return id;
}

static void setup(void)
{
	char err[512];
	static const char *const logins[] = { "alice", "bob", "carl", "sue" };
	int i;

	setenv("TZ", "Europe/Istanbul", 1);
	snprintf(dir, sizeof dir, "%s/temas-summary-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_set_clock(st, T0);
	ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
	sqlite3_busy_timeout(raw, 5000);
	sql("INSERT INTO agents(id, login, name, role, created_at) VALUES"
	    " (1, 'alice', 'Alice', 'agent', 0), (2, 'bob', 'Bob', 'agent', 0),"
	    " (3, 'carl', 'Carl', 'agent', 0), (4, 'sue', 'Sue', 'supervisor', 0)");
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(store_agent_by_login(st, logins[i], &agents[i]), STORE_OK);
	for (i = 1; i <= NCUST; i++)
		sql("INSERT INTO customers(id, first_name, last_name, created_at)"
		    " VALUES(%d, 'Ad%d', 'Soyad', %lld)", i, i, T0 - 900 * DAY);
}

static void teardown(void)
{
	char cmd[600];

	sqlite3_close(raw);
	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static long long now(void)
{
	return store_now(st);
}

static const char *maybe_channel(void)
{
	return pick(3) == 0 ? "NULL" : channels[pick(6)];
}

/* One random write, through the store where it has the action. */
static void one_write(void)
{
	long long id, t = now();
	char holder[64];
	const char *tag;
	const char *ch;

	switch (pick(17)) {
	case 0: case 1:   /* an order imported, some long ago */
		sql("INSERT INTO orders(customer_id, number, status, total, placed_at)"
		    " VALUES(%u, 'N%llu', '%s', %u, %lld)", 1 + pick(NCUST),
		    rng, pick(4) ? "delivered" : "cancelled", 100 + pick(5000),
		    t - (long long)pick(500) * DAY / 2 - pick(DAY));
		break;
	case 2:   /* an order changed: status, amount, time or customer */
		if ((id = any_id("orders", "1")) == 0)
			break;
		switch (pick(4)) {
		case 0: sql("UPDATE orders SET status='%s' WHERE id=%lld",
			    pick(2) ? "cancelled" : "shipped", id); break;
		case 1: sql("UPDATE orders SET total=%u WHERE id=%lld", pick(9000), id); break;
		case 2: sql("UPDATE orders SET placed_at=%lld WHERE id=%lld",
			    t - (long long)pick(800) * DAY / 2 - pick(DAY), id); break;
		default: sql("UPDATE orders SET customer_id=%u WHERE id=%lld",
			     1 + pick(NCUST), id); break;
		}
		break;
	case 3:   /* an order deleted */
		if ((id = any_id("orders", "id NOT IN (SELECT order_id FROM complaints"
				 " WHERE order_id IS NOT NULL)")) != 0)
			sql("DELETE FROM orders WHERE id=%lld", id);
		break;
	case 4: case 5: {   /* a complaint opened, now or up to 3 days ago */
		struct complaint_new in;

		memset(&in, 0, sizeof in);
		in.customer_id = 1 + pick(NCUST);
		in.channel = channels[pick(6)];
		in.category = categories[pick(4)];
		in.subject = "Kargo";
		in.body = "Nerede?";
		in.opened_at = t - pick(3 * DAY);
		ck_assert_int_eq(store_complaint_open(st, &in, &id), STORE_OK);
		break;
	}
	case 6:   /* claimed */
		if ((id = any_id("complaints", "is_open AND assignee_id IS NULL")) != 0)
			store_complaint_claim(st, &agents[pick(3)], id, holder, sizeof holder);
		break;
	case 7:   /* handed to another agent by the supervisor */
		if ((id = any_id("complaints", "is_open")) != 0)
			ck_assert_int_eq(store_complaint_assign(st, &agents[3], id,
				agents[pick(3)].login), STORE_OK);
		break;
	case 8: case 9:   /* answered, the orders seen before, after or never */
		if ((id = any_id("complaints", "is_open AND assignee_id IS NOT NULL")) != 0) {
			long long seen = pick(3) == 0 ? 0 : t - 3600 + pick(7200);
			struct history_look look;
			long long aid;
			sqlite3_stmt *s;

			sqlite3_prepare_v2(raw, "SELECT assignee_id FROM complaints WHERE id=?1",
					   -1, &s, NULL);
			sqlite3_bind_int64(s, 1, id);
			ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
			aid = sqlite3_column_int64(s, 0);
			sqlite3_finalize(s);
			look.at = seen;
			if (store_complaint_look(st, id, &look) == STORE_OK)
				store_complaint_reply_seen(st, &agents[aid - 1], id,
							   DIR_OUT, "Merhaba", &look,
							   NULL);
		}
		break;
	case 10:   /* resolved */
		if ((id = any_id("complaints", "is_open")) != 0)
			store_complaint_set_status(st, &agents[3], id, ST_RESOLVED,
						   "Çözüldü");
		break;
	case 11:   /* tagged or untagged */
		if ((id = any_id("complaints", "1")) != 0) {
			tag = tags[pick(3)];
			if (pick(3))
				store_complaint_tag(st, NULL, id, &tag, 1, NULL, 0);
			else
				store_complaint_tag(st, NULL, id, NULL, 0, &tag, 1);
		}
		break;
	case 12:   /* recategorised, moved, re-dated, set pending, reopened... */
		if ((id = any_id("complaints", "1")) == 0)
			break;
		switch (pick(8)) {
		case 0: sql("UPDATE complaints SET category='%s' WHERE id=%lld",
			    categories[pick(4)], id); break;
		case 1: sql("UPDATE complaints SET channel='%s' WHERE id=%lld",
			    channels[pick(6)], id); break;
		case 3: sql("UPDATE complaints SET status='%s' WHERE id=%lld",
			    statuses[pick(4)], id); break;
		case 4: sql("UPDATE complaints SET status='open', resolved_at=NULL"
			    " WHERE id=%lld", any_id("complaints", "NOT is_open")); break;
		case 5: sql("UPDATE complaints SET resolution_due=resolution_due + %d,"
			    " first_response_due=first_response_due - %u WHERE id=%lld",
			    (int)pick(2 * DAY) - (int)DAY, pick(DAY), id); break;
		case 6: sql("UPDATE complaints SET assignee_id=NULL WHERE id=%lld", id);
			break;
		case 7:   /* deleted, when nothing else points at it */
			sql("DELETE FROM complaints WHERE id=%lld AND id NOT IN"
			    " (SELECT complaint_id FROM interactions WHERE complaint_id"
			    " IS NOT NULL UNION SELECT complaint_id FROM complaint_tags"
			    " UNION SELECT complaint_id FROM surveys WHERE complaint_id"
			    " IS NOT NULL)", id); break;
		default: sql("UPDATE complaints SET opened_at=opened_at - %u WHERE id=%lld",
			     pick(2 * DAY), id); break;
		}
		break;
	case 13: case 14: {   /* a survey answered, on a complaint or not */
		char cid[32], chan[32];

		id = pick(2) ? any_id("complaints", "1") : 0;
		ch = maybe_channel();
		snprintf(cid, sizeof cid, id ? "%lld" : "NULL", id);
		snprintf(chan, sizeof chan, strcmp(ch, "NULL") ? "'%s'" : "%s", ch);
		if (pick(2))
			sql("INSERT INTO surveys(customer_id, complaint_id, channel, kind,"
			    " score, at) VALUES(%u, %s, %s, 'nps', %u, %lld)",
			    1 + pick(NCUST), cid, chan, pick(11), t - pick(20 * DAY));
		else
			sql("INSERT INTO surveys(customer_id, complaint_id, channel, kind,"
			    " score, at) VALUES(%u, %s, %s, 'csat', %u, %lld)",
			    1 + pick(NCUST), cid, chan, 1 + pick(5), t - pick(20 * DAY));
		break;
	}
	case 15:   /* a survey changed or removed */
		if ((id = any_id("surveys", "1")) == 0)
			break;
		switch (pick(4)) {
		case 0: sql("DELETE FROM surveys WHERE id=%lld", id); break;
		case 1: sql("UPDATE surveys SET score=CASE kind WHEN 'nps' THEN %u"
			    " ELSE %u END WHERE id=%lld", pick(11), 1 + pick(5), id); break;
		case 2: sql("UPDATE surveys SET at=at - %u WHERE id=%lld", pick(3 * DAY), id);
			break;
		default: sql("UPDATE surveys SET complaint_id=(SELECT max(id) FROM"
			     " complaints), channel=NULL WHERE id=%lld", id); break;
		}
		break;
	default:   /* a reply changed or removed; a customer erased */
		if (pick(4) == 0) {
			ck_assert_int_ne(store_customer_erase(st, 1 + pick(NCUST), "sue"),
					 STORE_ERROR);
			break;
		}
		if ((id = any_id("interactions", "direction='out'")) == 0)
			break;
		switch (pick(3)) {
		case 0: sql("UPDATE interactions SET history_seen_at=%s WHERE id=%lld",
			    pick(2) ? "NULL" : "at - 60", id); break;
		case 1: sql("UPDATE interactions SET agent_id=%u, at=at - %u WHERE id=%lld",
			    1 + pick(3), pick(DAY), id); break;
		default: sql("DELETE FROM interactions WHERE id=%lld AND id NOT IN"
			     " (SELECT interaction_id FROM outbox WHERE interaction_id"
			     " IS NOT NULL)", id); break;
		}
		break;
	}
	/* Up to half a day later: writes land on every hour and cross days. */
	store_set_clock(st, t + pick(DAY / 2));
}

/* A bulk import: the summaries off inside it, refilled at its end. */
static void bulk_import(void)
{
	struct complaint_new in;
	long long id;
	int i;

	ck_assert_int_eq(store_import_begin(st, 1), STORE_OK);
	for (i = 0; i < 5; i++) {
		memset(&in, 0, sizeof in);
		in.customer_id = 1 + pick(NCUST);
		in.channel = channels[pick(6)];
		in.category = categories[pick(4)];
		in.subject = "Toplu";
		in.opened_at = now() - pick(5 * DAY);
		ck_assert_int_eq(store_complaint_open(st, &in, &id), STORE_OK);
	}
	ck_assert_int_eq(store_import_finish(st, 1, 1), STORE_OK);
}

static int str_eq(const char *a, const char *b)
{
	return (a == NULL || b == NULL) ? a == b : strcmp(a, b) == 0;
}

/* Equal arrays of plain rows (interned texts: equal texts, equal pointers). */
#define SAME_ROWS(what, a, na, b, nb) do { \
	ck_assert_msg((na) == (nb), "%s: %d rows, full scan %d", what, (na), (nb)); \
	if ((na) > 0) \
		ck_assert_msg(memcmp((a), (b), sizeof *(a) * (size_t)(na)) == 0, \
			      "%s: rows differ from the full scan", what); \
} while (0)

static void same_figures(const struct metrics_period *p, const char *label)
{
	struct metrics_options o = { 365, 8, 20, 20 };
	struct metrics_all a, b;
	int i;

	store_metrics_full_scan(st, 0);
	ck_assert_int_eq(store_metrics_all(st, p, &o, &a), STORE_OK);
	store_metrics_full_scan(st, 1);
	ck_assert_int_eq(store_metrics_all(st, p, &o, &b), STORE_OK);
	store_metrics_full_scan(st, 0);
	for (i = 0; i < a.nqueues && i < b.nqueues; i++)
		ck_assert_msg(a.queues[i].replies_today == b.queues[i].replies_today,
			      "%s: %s replies today %d, full scan %d", label,
			      a.queues[i].login, a.queues[i].replies_today,
			      b.queues[i].replies_today);
	SAME_ROWS("queues", a.queues, a.nqueues, b.queues, b.nqueues);
	SAME_ROWS("backlog", a.backlog, a.nbacklog, b.backlog, b.nbacklog);
	ck_assert_int_eq(a.breaches_total, b.breaches_total);
	ck_assert_msg(a.sat.overall.nps_answers == b.sat.overall.nps_answers &&
		      a.sat.overall.csat_answers == b.sat.overall.csat_answers,
		      "%s: answers %d/%d, full scan %d/%d", label,
		      a.sat.overall.nps_answers, a.sat.overall.csat_answers,
		      b.sat.overall.nps_answers, b.sat.overall.csat_answers);
	SAME_ROWS("satisfaction", &a.sat.overall, 1, &b.sat.overall, 1);
	SAME_ROWS("satisfaction by channel", a.sat.by_channel, a.sat.nchannels,
		  b.sat.by_channel, b.sat.nchannels);
	SAME_ROWS("satisfaction by agent", a.sat.by_agent, a.sat.nagents,
		  b.sat.by_agent, b.sat.nagents);
	for (i = 0; i < a.sat.nweeks && i < b.sat.nweeks; i++)
		ck_assert_msg(str_eq(a.sat.weeks[i].key, b.sat.weeks[i].key) &&
			      a.sat.weeks[i].nps_answers == b.sat.weeks[i].nps_answers,
			      "%s: week %d differs", label, i);
	SAME_ROWS("weekly trend", a.sat.weeks, a.sat.nweeks, b.sat.weeks, b.sat.nweeks);
	ck_assert_msg(a.churn.base == b.churn.base && a.churn.churned == b.churn.churned,
		      "%s: churn %d of %d, full scan %d of %d", label,
		      a.churn.churned, a.churn.base, b.churn.churned, b.churn.base);
	SAME_ROWS("churn", &a.churn, 1, &b.churn, 1);
	ck_assert_int_eq(a.risk_total, b.risk_total);
	SAME_ROWS("at risk", a.risk, a.nrisk, b.risk, b.nrisk);
	SAME_ROWS("compliance", a.compliance, a.ncompliance, b.compliance,
		  b.ncompliance);
	for (i = 0; i < a.ncategories && i < b.ncategories; i++)
		ck_assert_msg(str_eq(a.categories[i].category, b.categories[i].category) &&
			      a.categories[i].count == b.categories[i].count &&
			      a.categories[i].previous == b.categories[i].previous,
			      "%s: category %s %d/%d, full scan %s %d/%d", label,
			      a.categories[i].category, a.categories[i].count,
			      a.categories[i].previous, b.categories[i].category,
			      b.categories[i].count, b.categories[i].previous);
	SAME_ROWS("categories", a.categories, a.ncategories, b.categories,
		  b.ncategories);
	metrics_all_free(&a);
	metrics_all_free(&b);
}

/* Periods ending now, inside days, on day edges, within one day, past. */
static void check_everything(void)
{
	long long t = now(), d0 = t - t % DAY, diff = -1;
	struct metrics_period p;

	ck_assert_int_eq(store_summaries_check(st, &diff), STORE_OK);
	ck_assert_msg(diff == 0, "%lld summary rows differ from the rows", diff);
	p.since = t - 30 * DAY; p.until = t;
	same_figures(&p, "last 30 days");
	p.since = t - 7 * DAY + 4321; p.until = t - 3 * 3600;
	same_figures(&p, "odd ends");
	p.since = d0 - 9 * DAY; p.until = d0;
	same_figures(&p, "whole days");
	p.since = d0 + 600; p.until = d0 + 7200;
	same_figures(&p, "within a day");
	p.since = t - 200 * DAY; p.until = t - 60 * DAY;
	same_figures(&p, "in the past");
	/* Whole hours only, hours around whole days, inside one hour. */
	p.since = d0 + 2 * 3600; p.until = d0 + 5 * 3600;
	same_figures(&p, "whole hours");
	p.since = d0 - 3 * DAY - 5 * 3600 + 17; p.until = d0 + 4 * 3600 + 1234;
	same_figures(&p, "hours around days");
	p.since = t - t % 3600 + 60; p.until = p.since + 1800;
	same_figures(&p, "within an hour");
}

START_TEST(random_writes_keep_summaries_exact)
{
	int round, op;

	rng = 0x5eed0000ULL + (unsigned long long)_i;
	store_set_clock(st, T0);
	for (round = 0; round < ROUNDS; round++) {
		for (op = 0; op < OPS; op++)
			one_write();
		if (round % 4 == 3)
			bulk_import();
		check_everything();
	}
}
END_TEST

/* The replies of p from the summaries: one fewer than in the rows. */
static void one_reply_missed(const struct metrics_period *p)
{
	struct metrics_compliance *a, *b;
	int na, nb;

	store_metrics_full_scan(st, 0);
	ck_assert_int_eq(store_metrics_compliance(st, p, &a, &na), STORE_OK);
	store_metrics_full_scan(st, 1);
	ck_assert_int_eq(store_metrics_compliance(st, p, &b, &nb), STORE_OK);
	store_metrics_full_scan(st, 0);
	ck_assert_int_eq(a[0].replies + 1, b[0].replies);
	free(a);
	free(b);
}

/*
 * A reply at `at` the summaries miss (trigger dropped) is found by the
 * check, is missing from the figures of p, and a rebuild repairs it.
 */
static void missed_reply_is_caught(const char *trigger, long long at,
				   const struct metrics_period *p)
{
	long long diff = 0;

	check_everything();
	sql("DROP TRIGGER %s", trigger);
	sql("INSERT INTO interactions(customer_id, channel, direction, agent_id, at,"
	    " body) VALUES(1, 'email', 'out', 2, %lld, 'x')", at);
	ck_assert_int_eq(store_summaries_check(st, &diff), STORE_OK);
	ck_assert_int_eq(diff, 1);
	one_reply_missed(p);
	ck_assert_int_eq(store_summaries_rebuild(st), STORE_OK);
	ck_assert_int_eq(store_summaries_check(st, &diff), STORE_OK);
	ck_assert_int_eq(diff, 0);
	same_figures(p, "after the rebuild");
}

/* A summary a trigger failed to keep is found, and a rebuild repairs it. */
START_TEST(broken_trigger_is_caught_and_rebuild_repairs)
{
	struct metrics_period p;
	int op;

	rng = 42;
	for (op = 0; op < 60; op++)
		one_write();
	p.since = now() - 60 * DAY;
	p.until = now();
	missed_reply_is_caught("summary_interaction_ai", now() - 40 * DAY, &p);
}
END_TEST

/* The replies per hour are read, checked and rebuilt as the days are. */
START_TEST(broken_hour_trigger_is_caught_and_rebuild_repairs)
{
	struct metrics_period p;
	long long d0;
	int op;

	rng = 43;
	for (op = 0; op < 60; op++)
		one_write();
	d0 = now() - now() % DAY;
	/* The reply falls in a whole hour of the period's partial first day. */
	p.since = d0 - 5 * DAY + 3605;
	p.until = now();
	missed_reply_is_caught("summary_interaction_hour_ai", d0 - 5 * DAY + 7300, &p);
}
END_TEST

/*
 * Open complaints opened and due on every edge the queues, the backlog
 * and the breach count split at: a second either side of an age bucket's
 * start, of now and of the next whole hour, with now on an hour, a second
 * after it and inside it.
 */
START_TEST(open_complaints_on_the_edges)
{
	static const long long ages[] = { 0, 3600, 14400, 86400, 259200 };
	static const long long nows[] = { 0, 1, 1799, 3599, 3600 };
	static const char *const agent_ids[] = { "1", "2", "3" };
	long long h = T0 - T0 % 3600 + 7 * DAY, t, next;
	struct metrics_period p;
	size_t i, k;
	int d, n = 0;

	for (k = 0; k < sizeof nows / sizeof nows[0]; k++) {
		t = h + nows[k];
		next = t % 3600 ? t - t % 3600 + 3600 : t;
		for (i = 0; i < sizeof ages / sizeof ages[0]; i++)
			for (d = -1; d <= 1; d++, n++)
				sql("INSERT INTO complaints(customer_id, channel, subject,"
				    " status, assignee_id, opened_at, first_response_due,"
				    " resolution_due) VALUES(%d, '%s', 'x', '%s', %s, %lld,"
				    " %lld, %lld)", 1 + n % NCUST, channels[n % 6],
				    statuses[n % 4], n % 4 ? agent_ids[n % 3] : "NULL",
				    t - ages[i] + d, (n % 2 ? t : next) + d,
				    (n % 3 ? t : next) + d + (long long)(n % 5) * 3600);
	}
	for (k = 0; k < sizeof nows / sizeof nows[0]; k++) {
		store_set_clock(st, h + nows[k]);
		p.until = h + nows[k];
		p.since = p.until - 30 * DAY;
		same_figures(&p, "on the edges");
	}
}
END_TEST

/*
 * Open complaints a trigger failed to count are found by the check, the
 * figures read the counters (not the rows), and a rebuild repairs them.
 */
START_TEST(missed_open_complaint_is_caught)
{
	struct complaint_new in;
	struct metrics_all a, b;
	struct metrics_period p;
	long long diff = 0, id;
	int op, i, na = 0, nb = 0;

	rng = 44;
	for (op = 0; op < 60; op++)
		one_write();
	check_everything();
	sql("DROP TRIGGER summary_open_ad");
	memset(&in, 0, sizeof in);
	in.customer_id = 1;
	in.channel = "web";
	in.subject = "Silinecek";
	in.opened_at = now() - 7200;
	ck_assert_int_eq(store_complaint_open(st, &in, &id), STORE_OK);
	sql("DELETE FROM complaints WHERE id=%lld", id);
	ck_assert_int_eq(store_summaries_check(st, &diff), STORE_OK);
	ck_assert_int_ge(diff, 3);
	p.until = now();
	p.since = p.until - 30 * DAY;
	ck_assert_int_eq(store_metrics_all(st, &p, NULL, &a), STORE_OK);
	store_metrics_full_scan(st, 1);
	ck_assert_int_eq(store_metrics_all(st, &p, NULL, &b), STORE_OK);
	store_metrics_full_scan(st, 0);
	for (i = 0; i < a.nbacklog; i++)
		na += a.backlog[i].total;
	for (i = 0; i < b.nbacklog; i++)
		nb += b.backlog[i].total;
	ck_assert_int_eq(na, nb + 1);
	metrics_all_free(&a);
	metrics_all_free(&b);
	ck_assert_int_eq(store_summaries_rebuild(st), STORE_OK);
	ck_assert_int_eq(store_summaries_check(st, &diff), STORE_OK);
	ck_assert_int_eq(diff, 0);
	same_figures(&p, "after the rebuild");
}
END_TEST

static void complaint_at(int customer, long long at)
{
	sql("INSERT INTO complaints(customer_id, channel, subject, status,"
	    " opened_at, first_response_due, resolution_due) VALUES(%d, 'web',"
	    " 'x', 'resolved', %lld, %lld, %lld)", customer, at, at + 3600,
	    at + DAY);
}

static void answer_at(int customer, int score, long long at)
{
	sql("INSERT INTO surveys(customer_id, kind, score, at)"
	    " VALUES(%d, 'nps', %d, %lld)", customer, score, at);
}

/*
 * The customers at churn risk from their last two complaints or detractor
 * answers: two on the period's first second, one a second before it, a
 * passive answer that does not count; an event after the period's end
 * sends the figure back to the rows; a deletion moves a customer out.
 */
START_TEST(risk_from_the_last_two_events)
{
	long long t = now(), since = t - 30 * DAY;
	struct metrics_all a;
	struct metrics_period p = { since, t };

	complaint_at(1, since);
	complaint_at(1, since + 10);
	complaint_at(2, since - 1);
	complaint_at(2, t - 5);
	complaint_at(3, t - 100);
	answer_at(3, 2, t - 50);
	answer_at(4, 6, since + 5);
	answer_at(4, 7, t - 1);
	complaint_at(5, since - 10);
	complaint_at(5, since + 1);
	complaint_at(5, t - 1);
	same_figures(&p, "last two events");
	ck_assert_int_eq(store_metrics_all(st, &p, NULL, &a), STORE_OK);
	ck_assert_int_eq(a.risk_total, 3);
	metrics_all_free(&a);
	complaint_at(6, t + 100);
	same_figures(&p, "an event after the period");
	sql("DELETE FROM complaints WHERE customer_id = 1 AND opened_at = %lld",
	    since + 10);
	p.until = t + 101;
	same_figures(&p, "after a deletion");
	ck_assert_int_eq(store_metrics_all(st, &p, NULL, &a), STORE_OK);
	ck_assert_int_eq(a.risk_total, 2);
	metrics_all_free(&a);
}
END_TEST

/* Churn over a window with later orders reads the orders themselves. */
START_TEST(churn_with_orders_after_the_window)
{
	struct metrics_churn a, b;

	sql("INSERT INTO orders(customer_id, number, status, total, placed_at) VALUES"
	    " (1, 'A', 'delivered', 10, %lld), (1, 'B', 'delivered', 10, %lld),"
	    " (2, 'C', 'delivered', 10, %lld), (3, 'D', 'delivered', 10, %lld),"
	    " (3, 'E', 'cancelled', 10, %lld)",
	    T0 - 500 * DAY, T0 - 10 * DAY, T0 - 450 * DAY, T0 - 420 * DAY,
	    T0 - 200 * DAY);
	/* Until 50 days ago: customer 1's later order does not count. */
	ck_assert_int_eq(store_metrics_churn(st, T0 - 50 * DAY, 365, &a), STORE_OK);
	store_metrics_full_scan(st, 1);
	ck_assert_int_eq(store_metrics_churn(st, T0 - 50 * DAY, 365, &b), STORE_OK);
	store_metrics_full_scan(st, 0);
	ck_assert_int_eq(a.base, 3);
	ck_assert_int_eq(a.churned, 2);
	ck_assert_int_eq(memcmp(&a, &b, sizeof a), 0);
	/* Until now, from the summary: 1 and 3 ordered in the year, 2 did not. */
	ck_assert_int_eq(store_metrics_churn(st, T0, 365, &a), STORE_OK);
	store_metrics_full_scan(st, 1);
	ck_assert_int_eq(store_metrics_churn(st, T0, 365, &b), STORE_OK);
	store_metrics_full_scan(st, 0);
	ck_assert_int_eq(a.base, 3);
	ck_assert_int_eq(a.churned, 1);
	ck_assert_int_eq(memcmp(&a, &b, sizeof a), 0);
}
END_TEST

static Suite *summary_suite(void)
{
	Suite *s = suite_create("summary");
	TCase *tc = tcase_create("summary");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, random_writes_keep_summaries_exact, 0, 3);
	tcase_add_test(tc, broken_trigger_is_caught_and_rebuild_repairs);
	tcase_add_test(tc, broken_hour_trigger_is_caught_and_rebuild_repairs);
	tcase_add_test(tc, open_complaints_on_the_edges);
	tcase_add_test(tc, missed_open_complaint_is_caught);
	tcase_add_test(tc, risk_from_the_last_two_events);
	tcase_add_test(tc, churn_with_orders_after_the_window);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return harness_run(summary_suite());
}
