/*
 * test_flow.c: the reply workflow: the state table, SLA due times, template
 * filling, the compare-and-set claim, "order history first", drafts and
 * presence.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "../../src/store/internal.h"
#include "temas/agent.h"
#include "temas/assign.h"
#include "temas/complaint.h"
#include "temas/customer.h"
#include "temas/draft.h"
#include "temas/sla.h"
#include "temas/store.h"
#include "temas/template.h"

/* A fixed "now": 2024-05-01 10:00:00 UTC. */
#define NOW 1714557600LL

static char path[512];
static struct store *st;
static struct agent ayse, can, sup;
static long long cust, order_id;

static long long raw_int(const char *sql)
{
	return fixture_raw_int(path, 0, sql);
}

static void add_agent(const char *login, const char *name, enum agent_role r,
		      struct agent *out)
{
	long long id;

	ck_assert_int_eq(store_agent_upsert(st, login, name, r, &id), STORE_OK);
	ck_assert_int_eq(store_agent_by_login(st, login, out), STORE_OK);
}

static long long open_complaint(const char *channel, const char *prio)
{
	struct complaint_new in = { 0 };
	long long id = 0;

	in.customer_id = cust;
	in.order_id = order_id;
	in.channel = channel;
	in.priority = prio;
	in.subject = "Kargo gelmedi";
	in.body = "Siparişim hâlâ gelmedi!";
	ck_assert_int_eq(store_complaint_open(st, &in, &id), STORE_OK);
	ck_assert_int_gt(id, 0);
	return id;
}

static void setup(void)
{
	char err[512];

	fixture_mkdir("flow");
	fixture_file("t.db", path, sizeof path);
	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_set_clock(st, NOW);
	add_agent("ayse", "Ayşe Kaya", ROLE_AGENT, &ayse);
	add_agent("can", "Can Öztürk", ROLE_AGENT, &can);
	add_agent("sup", "Şule Demir", ROLE_SUPERVISOR, &sup);
	/* Through the store's own connection: the search triggers need the
	 * functions it defines. */
	ck_assert_int_eq(store_exec(st,
		"INSERT INTO customers(id, first_name, last_name, email, lang, created_at)"
		" VALUES(1, 'İpek', 'Işıklı', 'ipek@example.com', 'tr', 1600000000);"
		"INSERT INTO orders(id, customer_id, number, status, total, placed_at)"
		" VALUES(1, 1, 'TR-1001', 'shipped', 123456, 1714500000)"), STORE_OK);
	cust = 1;
	order_id = 1;
	setenv("TZ", "UTC", 1);
	tzset();
}

static void teardown(void)
{
	store_close(st);
	st = NULL;
	fixture_rmdir();
}

/* ---- the state table ---- */

START_TEST(every_legal_transition)
{
	static const char *const legal[] = {
		"new open", "new pending", "new escalated", "new resolved",
		"open pending", "open escalated", "open resolved",
		"pending open", "pending escalated", "pending resolved",
		"escalated open", "escalated pending", "escalated resolved",
		"resolved open", "resolved closed",
	};
	int from, to, nlegal = 0;
	size_t i;

	for (from = 0; from < ST_COUNT; from++) {
		for (to = 0; to < ST_COUNT; to++) {
			char pair[40];
			int want = 0;

			snprintf(pair, sizeof pair, "%s %s",
				 store_status_name((enum complaint_status)from),
				 store_status_name((enum complaint_status)to));
			for (i = 0; i < sizeof legal / sizeof legal[0]; i++)
				if (strcmp(legal[i], pair) == 0)
					want = 1;
			nlegal += want;
			ck_assert_msg(store_status_allowed((enum complaint_status)from,
							   (enum complaint_status)to) == want,
				      "%s: expected %s", pair, want ? "allowed" : "refused");
		}
	}
	ck_assert_int_eq(nlegal, (int)(sizeof legal / sizeof legal[0]));
}
END_TEST

START_TEST(illegal_transitions_refused_with_names)
{
	long long id = open_complaint("email", "normal");
	char want[256];

	/* closed only from resolved */
	ck_assert_int_eq(store_complaint_set_status(st, &sup, id, ST_CLOSED, NULL),
			 STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st),
			 "complaint 1 cannot go from new to closed; from new it can go to:"
			 " open, pending, escalated, resolved");
	ck_assert_int_eq(store_complaint_set_status(st, &sup, id, ST_NEW, NULL),
			 STORE_DENIED);
	/* resolve needs a note, and a blank one is not a note */
	ck_assert_int_eq(store_complaint_set_status(st, &sup, id, ST_RESOLVED, " \n"),
			 STORE_DENIED);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaints WHERE status='new'"), 1);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, id, ST_RESOLVED,
						    "Kargo bulundu"), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT resolved_at FROM complaints"), NOW);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, id, ST_PENDING, NULL),
			 STORE_DENIED);
	snprintf(want, sizeof want, "complaint %lld cannot go from resolved to pending;"
		 " from resolved it can go to: open, closed", id);
	ck_assert_str_eq(store_errmsg(st), want);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, id, ST_CLOSED, NULL),
			 STORE_OK);
	ck_assert_int_eq(raw_int("SELECT closed_at FROM complaints"), NOW);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, id, ST_OPEN, NULL),
			 STORE_DENIED);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='status'"), 2);
}
END_TEST

START_TEST(reopen_clears_resolved_at)
{
	long long id = open_complaint("email", "normal");

	ck_assert_int_eq(store_complaint_set_status(st, &sup, id, ST_RESOLVED, "ok"),
			 STORE_OK);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, id, ST_OPEN, NULL),
			 STORE_OK);
	ck_assert_int_eq(raw_int("SELECT resolved_at IS NULL AND is_open FROM complaints"), 1);
}
END_TEST

START_TEST(only_holder_or_supervisor_moves_a_held_complaint)
{
	long long id = open_complaint("email", "normal");

	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
	ck_assert_int_eq(store_complaint_set_status(st, &can, id, ST_PENDING, NULL),
			 STORE_DENIED);
	ck_assert_int_eq(store_complaint_set_status(st, &ayse, id, ST_PENDING, NULL),
			 STORE_OK);
	ck_assert_int_eq(store_complaint_set_status(st, &sup, id, ST_ESCALATED, NULL),
			 STORE_OK);
}
END_TEST

/* ---- SLA ---- */

START_TEST(sla_policy_hours)
{
	struct sla_policy p = { 8 * 3600, 72 * 3600, 0 };
	temas_time fr, res;

	ck_assert_int_eq(sla_compute(NOW, &p, NULL, &fr, &res), STORE_OK);
	ck_assert_int_eq(fr, NOW + 8 * 3600);
	ck_assert_int_eq(res, NOW + 72 * 3600);
	p.first_response_secs = 0;
	ck_assert_int_eq(sla_compute(NOW, &p, NULL, &fr, &res), STORE_INVALID);
}
END_TEST

START_TEST(sla_same_day_cap_in_istanbul_and_utc)
{
	/* 2024-05-01 23:30 in Istanbul (UTC+3) is 20:30 UTC. */
	const temas_time late_ist = 1714595400LL;
	struct sla_policy p = { 3600, 4 * 3600, 1 };
	temas_time fr, res;

	setenv("TZ", "Europe/Istanbul", 1);
	tzset();
	ck_assert_int_eq(sla_compute(late_ist, &p, NULL, &fr, &res), STORE_OK);
	/* 23:59:59 Istanbul = 20:59:59 UTC */
	ck_assert_int_eq(fr, 1714597199LL);
	ck_assert_int_eq(res, 1714597199LL);
	/* The same instant is 20:30 in UTC: an hour still fits today. */
	setenv("TZ", "UTC", 1);
	tzset();
	ck_assert_int_eq(sla_compute(late_ist, &p, NULL, &fr, &res), STORE_OK);
	ck_assert_int_eq(fr, late_ist + 3600);
	ck_assert_int_eq(res, 1714607999LL);   /* 23:59:59 UTC */
	/* Opened at 23:30 UTC: capped at 23:59:59 the same day. */
	ck_assert_int_eq(sla_compute(1714606200LL, &p, NULL, &fr, &res), STORE_OK);
	ck_assert_int_eq(fr, 1714607999LL);
	ck_assert_int_eq(res, 1714607999LL);
	/* Not a same-day channel: no cap. */
	p.same_day = 0;
	ck_assert_int_eq(sla_compute(1714606200LL, &p, NULL, &fr, &res), STORE_OK);
	ck_assert_int_eq(fr, 1714606200LL + 3600);
}
END_TEST

START_TEST(open_uses_policy_and_channel)
{
	long long e, s;

	setenv("TZ", "Europe/Istanbul", 1);
	tzset();
	store_set_clock(st, 1714595400LL);   /* 23:30 Istanbul */
	e = open_complaint("email", "urgent");
	s = open_complaint("social", "low");
	ck_assert_int_eq(raw_int("SELECT first_response_due - opened_at FROM complaints WHERE id=1"),
			 3600);
	ck_assert_int_eq(raw_int("SELECT resolution_due - opened_at FROM complaints WHERE id=1"),
			 4 * 3600);
	ck_assert_int_eq(raw_int("SELECT first_response_due FROM complaints WHERE id=2"),
			 1714597199LL);
	ck_assert_int_eq(raw_int("SELECT resolution_due FROM complaints WHERE id=2"),
			 1714597199LL);
	ck_assert_int_eq(e + 1, s);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM interactions WHERE direction='in'"), 2);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='open'"), 2);
}
END_TEST

START_TEST(open_refuses_bad_input_and_writes_nothing)
{
	struct complaint_new in = { 0 };

	in.customer_id = cust;
	in.channel = "fax";
	in.subject = "x";
	ck_assert_int_eq(store_complaint_open(st, &in, NULL), STORE_INVALID);
	ck_assert_str_eq(store_errmsg(st), "unknown channel 'fax'");
	in.channel = "email";
	in.customer_id = 99;
	ck_assert_int_eq(store_complaint_open(st, &in, NULL), STORE_NOTFOUND);
	in.customer_id = cust;
	in.priority = "whenever";
	ck_assert_int_eq(store_complaint_open(st, &in, NULL), STORE_INVALID);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaints"), 0);
}
END_TEST

/* ---- templates ---- */

static const struct text_field fields[] = {
	{ "agent.name", "Ayşe Kaya" },
	{ "complaint.id", "42" },
	{ "complaint.subject", "Kargo gelmedi" },
	{ "customer.first_name", "İpek" },
	{ "customer.last_name", "Işıklı" },
	{ "customer.name", "İpek Işıklı" },
	{ "order.date", "30.04.2024" },
	{ "order.number", "TR-1001" },
	{ "order.total", "1.234,56 TL" },
};

START_TEST(fill_all_placeholders)
{
	char *out = NULL, err[200];

	ck_assert_int_eq(text_template_fill(
		"Sayın {customer.name} ({customer.first_name}/{customer.last_name}),\n"
		"{order.number} {order.date} {order.total} — #{complaint.id} "
		"«{complaint.subject}» {agent.name} {{literal}}",
		fields, 9, &out, err, sizeof err), 0);
	ck_assert_str_eq(out,
		"Sayın İpek Işıklı (İpek/Işıklı),\n"
		"TR-1001 30.04.2024 1.234,56 TL — #42 «Kargo gelmedi» Ayşe Kaya {literal}");
	free(out);
}
END_TEST

START_TEST(fill_unknown_placeholder_named_with_position)
{
	char *out = (char *)1, err[200];

	ck_assert_int_eq(text_template_fill("Merhaba,\nSayın ğüşİ {customer.age}!",
					    fields, 9, &out, err, sizeof err), -1);
	ck_assert_ptr_null(out);
	/* column counts characters: "Sayın ğüşİ " is 11 of them */
	ck_assert_str_eq(err, "line 2, column 12: unknown placeholder {customer.age}");
}
END_TEST

START_TEST(fill_unclosed_brace)
{
	char *out = NULL, err[200];

	ck_assert_int_eq(text_template_fill("Sayın {customer.name\nteşekkürler",
					    fields, 9, &out, err, sizeof err), -1);
	ck_assert_str_eq(err, "line 1, column 7: unclosed '{' before 'customer.name'");
	ck_assert_int_eq(text_template_fill("abc {", fields, 9, &out, err, sizeof err), -1);
	ck_assert_str_eq(err, "line 1, column 5: unclosed '{' before ''");
}
END_TEST

START_TEST(fill_known_without_value_is_an_error)
{
	struct text_field f[] = { { "order.number", NULL } };
	char *out = NULL, err[200];

	ck_assert_int_eq(text_template_fill("x {order.number}", f, 1, &out, err,
					    sizeof err), -1);
	ck_assert_str_eq(err, "line 1, column 3: no value for {order.number} in this complaint");
}
END_TEST

static void write_file(const char *name, const char *text, char *p, size_t n)
{
	FILE *f;

	fixture_file(name, p, n);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(template_file_load_and_render)
{
	char p[600], err[600], *out = NULL;
	long long id;
	int n = 0;

	write_file("t.txt",
		   "# comment\n\n=== sorry email tr\nSubject: Özür\n"
		   "Sayın {customer.name},\n{order.number} ({order.total}, {order.date})\n\n"
		   "=== sorry email en\nDear {customer.name}\n", p, sizeof p);
	ck_assert_int_eq(store_template_load_file(st, p, &n, err, sizeof err), STORE_OK);
	ck_assert_int_eq(n, 2);
	id = open_complaint("email", "normal");
	ck_assert_int_eq(store_template_render(st, "sorry", id, &ayse, &out), STORE_OK);
	ck_assert_str_eq(out, "Sayın İpek Işıklı,\nTR-1001 (1.234,56 TL, 30.04.2024)");
	free(out);
	ck_assert_int_eq(store_template_render(st, "sorry", open_complaint("chat", "low"),
					       &ayse, &out), STORE_NOTFOUND);
	ck_assert_str_eq(store_errmsg(st), "no template 'sorry' for channel chat");
}
END_TEST

START_TEST(template_file_errors_change_nothing)
{
	char p[600], err[600], want[800];
	int n = 0;

	write_file("bad.txt", "=== a email tr\nok {customer.name}\n=== b email tr\n"
		   "line\nSayın {customer.age}\n", p, sizeof p);
	ck_assert_int_eq(store_template_load_file(st, p, &n, err, sizeof err), STORE_INVALID);
	snprintf(want, sizeof want, "%s:5: column 7: unknown placeholder {customer.age}", p);
	ck_assert_str_eq(err, want);
	write_file("bad2.txt", "=== a fax tr\nhi\n", p, sizeof p);
	ck_assert_int_eq(store_template_load_file(st, p, &n, err, sizeof err), STORE_INVALID);
	snprintf(want, sizeof want, "%s:1: field 'channel': unknown channel 'fax'", p);
	ck_assert_str_eq(err, want);
	write_file("bad3.txt", "hello\n=== a email tr\nhi\n", p, sizeof p);
	ck_assert_int_eq(store_template_load_file(st, p, &n, err, sizeof err), STORE_INVALID);
	snprintf(want, sizeof want, "%s:1: text before the first '=== NAME CHANNEL LANG' line", p);
	ck_assert_str_eq(err, want);
	write_file("bad4.txt", "=== a email tr\nhi\n=== a email tr\nagain\n", p, sizeof p);
	ck_assert_int_eq(store_template_load_file(st, p, &n, err, sizeof err), STORE_INVALID);
	snprintf(want, sizeof want, "%s:3: template 'a email tr' already defined on line 1", p);
	ck_assert_str_eq(err, want);
	write_file("bad5.txt", "=== a email tr\nok\n=== b email tr\nbad \xff byte\n", p, sizeof p);
	ck_assert_int_eq(store_template_load_file(st, p, &n, err, sizeof err), STORE_INVALID);
	snprintf(want, sizeof want, "%s:4: not UTF-8 text, or control characters in it", p);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM templates"), 0);
}
END_TEST

START_TEST(shipped_templates_load)
{
	char p[600], err[600];
	int n = 0;

	snprintf(p, sizeof p, "%s/templates/default.txt",
		 getenv("TEMAS_SRCDIR") ? getenv("TEMAS_SRCDIR") : "..");
	ck_assert_msg(store_template_load_file(st, p, &n, err, sizeof err) == STORE_OK,
		      "%s", err);
	ck_assert_int_gt(n, 8);
	/* both tones, both languages */
	ck_assert_int_eq(raw_int("SELECT count(DISTINCT lang) FROM templates"), 2);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM templates WHERE channel='social'"
				 " AND name='greeting'"), 2);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM templates WHERE channel='email'"
				 " AND body LIKE 'Sayın%'"), 4);
}
END_TEST

/* ---- claims ---- */

START_TEST(claim_is_compare_and_set)
{
	long long id = open_complaint("email", "normal");
	char holder[64] = "";

	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, holder, sizeof holder),
			 STORE_OK);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaints WHERE status='open'"
				 " AND assignee_id=1"), 1);
	ck_assert_int_eq(store_complaint_claim(st, &can, id, holder, sizeof holder),
			 STORE_CONFLICT);
	ck_assert_str_eq(holder, "ayse");
	ck_assert_str_eq(store_errmsg(st), "complaint 1 is already taken by ayse");
	/* claiming one's own again changes nothing */
	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='claim'"), 1);
	ck_assert_int_eq(store_complaint_claim(st, &can, 99, NULL, 0), STORE_NOTFOUND);
}
END_TEST

START_TEST(claim_from_another_connection_loses)
{
	long long id = open_complaint("email", "normal");
	struct store *other;
	char err[256], holder[64];

	ck_assert_int_eq(store_open(&other, path, 0, err, sizeof err), STORE_OK);
	ck_assert_int_eq(store_complaint_claim(other, &can, id, NULL, 0), STORE_OK);
	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, holder, sizeof holder),
			 STORE_CONFLICT);
	ck_assert_str_eq(holder, "can");
	store_close(other);
}
END_TEST

START_TEST(release_and_assign_rules)
{
	long long id = open_complaint("email", "normal");

	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
	ck_assert_int_eq(store_complaint_release(st, &can, id), STORE_DENIED);
	ck_assert_int_eq(store_complaint_assign(st, &ayse, id, "can"), STORE_DENIED);
	ck_assert_int_eq(store_complaint_assign(st, &sup, id, "nobody"), STORE_NOTFOUND);
	ck_assert_int_eq(store_complaint_assign(st, &sup, id, "can"), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT assignee_id FROM complaints"), can.id);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='assign'"
				 " AND detail='ayse -> can'"), 1);
	ck_assert_int_eq(store_complaint_release(st, &can, id), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT assignee_id IS NULL FROM complaints"), 1);
	ck_assert_int_eq(store_complaint_release(st, &can, id), STORE_DENIED);
	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
}
END_TEST

/* What show customer does: the records merged into the customer counted,
 * its orders read, then marked seen. */
static int mark_customer(const struct agent *who, long long customer_id, int *marked)
{
	struct history_look look;

	ck_assert_int_eq(store_customer_look(st, customer_id, &look), STORE_OK);
	return store_history_mark_customer(st, who, &look, marked);
}

/* ---- replies ---- */

START_TEST(reply_needs_history_seen)
{
	long long id = open_complaint("email", "normal"), iid = 0;
	int marked = 0;

	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
	ck_assert_int_eq(store_complaint_reply(st, &ayse, id, DIR_OUT, "Merhaba", &iid),
			 STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st), "open the customer's order history first");
	ck_assert_int_eq(raw_int("SELECT count(*) FROM interactions WHERE direction='out'"), 0);
	/* a note is not a reply */
	ck_assert_int_eq(store_complaint_reply(st, &ayse, id, DIR_NOTE, "iç not", &iid),
			 STORE_OK);
	store_set_clock(st, NOW + 60);
	ck_assert_int_eq(mark_customer(&ayse, cust, &marked), STORE_OK);
	ck_assert_int_eq(marked, 1);
	store_set_clock(st, NOW + 120);
	ck_assert_int_eq(store_complaint_reply(st, &ayse, id, DIR_OUT, "Merhaba", &iid),
			 STORE_OK);
	ck_assert_int_eq(raw_int("SELECT history_seen_at FROM interactions"
				 " WHERE direction='out'"), NOW + 60);
	ck_assert_int_eq(raw_int("SELECT first_response_at FROM complaints"), NOW + 120);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='reply' AND"
				 " detail LIKE '%order history seen at 2024-05-01T10:01:00Z'"), 1);
	/* the first response time stays the first */
	store_set_clock(st, NOW + 999);
	ck_assert_int_eq(store_complaint_reply(st, &ayse, id, DIR_OUT, "Tekrar", &iid),
			 STORE_OK);
	ck_assert_int_eq(raw_int("SELECT first_response_at FROM complaints"), NOW + 120);
}
END_TEST

/* What a console remembers of the orders it drew for complaint id: when,
 * and the complaint's customer with the records merged into it, as read
 * now (before the orders, in the console). */
static struct history_look look_now(long long id, long long at)
{
	struct history_look l = { 0, 0, 0, 0 };

	ck_assert_int_eq(store_complaint_look(st, id, &l), STORE_OK);
	l.at = at;
	return l;
}

/* A console keeps when it drew the orders in memory and hands it to the
 * reply: one transaction records it, sends the reply and audits when the
 * orders were seen; none at all is refused. */
START_TEST(reply_records_history_seen_in_memory)
{
	long long id = open_complaint("email", "normal"), iid = 0, before;
	struct history_look none = { 0, 0, 0, 0 }, seen, later;

	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
	store_set_clock(st, NOW + 120);
	seen = look_now(id, NOW + 60);
	later = look_now(id, NOW + 100);
	ck_assert_int_eq(seen.customer_id, cust);
	ck_assert_int_eq(seen.merges, 0);
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "x", NULL, &iid),
			 STORE_DENIED);
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "x", &none, &iid),
			 STORE_DENIED);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM history_seen"), 0);
	before = store_tx_count(st);
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "Merhaba",
						    &seen, &iid), STORE_OK);
	ck_assert_int_eq(store_tx_count(st), before + 1);
	ck_assert_int_eq(raw_int("SELECT at FROM history_seen"), NOW + 60);
	ck_assert_int_eq(raw_int("SELECT history_seen_at FROM interactions"
				 " WHERE direction='out'"), NOW + 60);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='reply' AND"
				 " detail LIKE '%order history seen at 2024-05-01T10:01:00Z'"), 1);
	/* What is recorded stays the first time seen. */
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "Tekrar",
						    &later, &iid), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT at FROM history_seen"), NOW + 60);
}
END_TEST

/* Orders a console drew before another process merged a record into the
 * customer are not the history the complaint has now, in whatever second
 * they were drawn: the look taken before the merge is refused even with
 * a time after it (the orders read a moment before the merge committed),
 * and one taken after it counts even in the merge's own second.  A merge
 * of other records changes nothing; the merge of the customer itself into
 * a third record (its earlier merge pointed on with it) counts for the
 * complaint it moved. */
START_TEST(reply_seen_in_memory_before_a_merge_is_refused)
{
	long long id = open_complaint("email", "normal"), iid = 0;
	struct history_look before, late, after, moved, cl;
	const char *why = "another record was merged into this customer since their "
			  "order history was on screen; open the customer's order "
			  "history again first";

	ck_assert_int_eq(store_exec(st,
		"INSERT INTO customers(id, first_name, last_name, created_at)"
		" VALUES(2, 'İpek', 'Eski', 1500000000), (3, 'İpek', 'Yeni', 1650000000),"
		" (4, 'Can', 'Bir', 1500000000), (5, 'Can', 'İki', 1500000000);"
		"INSERT INTO orders(id, customer_id, number, status, total, placed_at)"
		" VALUES(2, 2, 'TR-2002', 'delivered', 5000, 1600000000)"), STORE_OK);
	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
	store_set_clock(st, NOW + 60);
	before = look_now(id, NOW + 60);
	ck_assert_int_eq(store_customer_look(st, cust, &cl), STORE_OK);
	ck_assert_int_eq(cl.merges, 0);
	store_set_clock(st, NOW + 100);
	ck_assert_int_eq(store_customer_merge(st, &sup, 2, cust, NULL), STORE_OK);
	ck_assert_int_eq(store_customer_look(st, cust, &cl), STORE_OK);
	ck_assert_int_eq(cl.merges, 1);
	after = look_now(id, NOW + 100);
	ck_assert_int_eq(after.customer_id, cust);
	ck_assert_int_eq(after.merges, 1);
	store_set_clock(st, NOW + 130);
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "x",
						    &before, &iid), STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st), why);
	/* Drawn at a time after the merge's, from a read before it. */
	late = before;
	late.at = NOW + 101;
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "x",
						    &late, &iid), STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st), why);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM history_seen"), 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM interactions WHERE direction='out'"), 0);
	/* Other records merged meanwhile are no business of this complaint. */
	ck_assert_int_eq(store_customer_merge(st, &sup, 4, 5, NULL), STORE_OK);
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "Merhaba",
						    &after, &iid), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT history_seen_at FROM interactions"
				 " WHERE direction='out'"), NOW + 100);

	/* The customer merged on, into 3: the complaint moves with it. */
	store_set_clock(st, NOW + 200);
	ck_assert_int_eq(store_customer_merge(st, &sup, cust, 3, NULL), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT merged_at FROM customer_merges"
				 " WHERE customer_id=2 AND into_id=3"), NOW + 100);
	ck_assert_int_eq(raw_int("SELECT customer_id FROM complaints"), 3);
	moved = look_now(id, NOW + 200);
	ck_assert_int_eq(moved.customer_id, 3);
	ck_assert_int_eq(moved.merges, 2);
	store_set_clock(st, NOW + 230);
	after.at = NOW + 201;
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "x",
						    &after, &iid), STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st), "the complaint has moved to another customer "
			 "record since the order history was on screen; open the "
			 "customer's order history again first");
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "Tekrar",
						    &moved, &iid), STORE_OK);
}
END_TEST

/*
 * An order that comes in, changes or moves after the console drew the
 * customer's orders makes them not all the customer's orders any more,
 * as a merge does, whoever writes it (plain SQL here, as an import or the
 * shop's own program writes): each kind of change makes the look stale,
 * a change that changes nothing, or another customer's orders, does not;
 * a stale look is refused with its own words and nothing is written, and
 * what was recorded as seen for the customer's complaints goes.
 */
START_TEST(reply_seen_in_memory_before_an_order_change_is_refused)
{
	static const char why[] = "the customer's orders changed since their order "
		"history was on screen; open the customer's order history again first";
	static const struct { const char *sql; int stale; } changes[] = {
		{ "INSERT INTO orders(id, customer_id, number, status, total, placed_at)"
		  " VALUES(7, 1, 'TR-1007', 'placed', 990, 1714600000)", 1 },
		{ "UPDATE orders SET status='delivered' WHERE id=1", 1 },
		{ "UPDATE orders SET status='delivered' WHERE id=1", 0 },
		{ "UPDATE orders SET total=991 WHERE id=7", 1 },
		{ "INSERT INTO order_lines(id, order_id, sku, product, qty, unit_price)"
		  " VALUES(1, 7, 'K-1', 'Kettle', 1, 990)", 1 },
		{ "UPDATE order_lines SET qty=2 WHERE id=1", 1 },
		{ "DELETE FROM order_lines WHERE id=1", 1 },
		/* Another customer's orders. */
		{ "INSERT INTO orders(id, customer_id, number, status, total, placed_at)"
		  " VALUES(8, 2, 'TR-1008', 'placed', 500, 1714600000)", 0 },
		{ "INSERT INTO order_lines(id, order_id, sku, product, qty, unit_price)"
		  " VALUES(2, 8, 'M-1', 'Mug', 1, 500)", 0 },
		/* Moved to this customer by an import, and back. */
		{ "UPDATE orders SET customer_id=1 WHERE id=8", 1 },
		{ "UPDATE orders SET customer_id=2 WHERE id=8", 1 },
		{ "DELETE FROM orders WHERE id=7", 1 },
	};
	long long id = open_complaint("email", "normal"), iid = 0;
	struct history_look before, now, cl;
	size_t i;
	int marked = -1;

	ck_assert_int_eq(store_exec(st,
		"INSERT INTO customers(id, first_name, last_name, created_at)"
		" VALUES(2, 'Can', 'Bir', 1500000000)"), STORE_OK);
	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
	for (i = 0; i < sizeof changes / sizeof changes[0]; i++) {
		before = look_now(id, NOW + 60);
		ck_assert_int_eq(store_exec(st, changes[i].sql), STORE_OK);
		now = look_now(id, NOW + 60);
		if (changes[i].stale)
			ck_assert_msg(store_history_look_stale(&before, &now) != NULL &&
				      strcmp(store_history_look_stale(&before, &now), why) == 0,
				      "%s: not stale", changes[i].sql);
		else
			ck_assert_msg(store_history_look_stale(&before, &now) == NULL,
				      "%s: stale", changes[i].sql);
	}

	/* The reply with the look from before an order came in. */
	before = look_now(id, NOW + 60);
	ck_assert_int_eq(store_exec(st,
		"INSERT INTO orders(id, customer_id, number, status, total, placed_at)"
		" VALUES(9, 1, 'TR-1009', 'placed', 120, 1714700000)"), STORE_OK);
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "x",
						    &before, &iid), STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st), why);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM history_seen"), 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM interactions WHERE direction='out'"), 0);
	now = look_now(id, NOW + 70);
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "Merhaba",
						    &now, &iid), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM history_seen"), 1);

	/* Recorded as seen, then an order comes in: seen no more, for the
	 * next reply as for the first. */
	ck_assert_int_eq(store_exec(st, "UPDATE orders SET status='shipped' WHERE id=9"),
			 STORE_OK);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM history_seen"), 0);
	ck_assert_int_eq(store_complaint_reply(st, &ayse, id, DIR_OUT, "Tekrar", NULL),
			 STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st), "open the customer's order history first");

	/* show customer: the orders change while they are printed. */
	ck_assert_int_eq(store_customer_look(st, cust, &cl), STORE_OK);
	ck_assert_int_eq(store_exec(st, "UPDATE orders SET status='delivered' WHERE id=9"),
			 STORE_OK);
	ck_assert_int_eq(store_history_mark_customer(st, &ayse, &cl, &marked),
			 STORE_CONFLICT);
	ck_assert_int_eq(marked, 0);
	ck_assert_str_eq(store_errmsg(st), "the orders of customer 1 changed while they "
			 "were read; nothing was marked as seen: show the customer again");
	ck_assert_int_eq(raw_int("SELECT count(*) FROM history_seen"), 0);
	ck_assert_int_eq(mark_customer(&ayse, cust, &marked), STORE_OK);
	ck_assert_int_eq(marked, 1);
	ck_assert_int_eq(store_complaint_reply(st, &ayse, id, DIR_OUT, "Tekrar", NULL),
			 STORE_OK);
}
END_TEST

/* A merge read from another database's export, made there at merged_at
 * by deniz: the order history drawn before the import is refused, even
 * with a time after the import's, and one drawn after it counts, whatever
 * time the file gives the merge. */
static void imported_merge_counts_from_the_look(long long merged_at)
{
	long long id = open_complaint("email", "normal"), iid = 0;
	struct history_look before, after;

	ck_assert_int_eq(store_exec(st,
		"INSERT INTO customers(id, first_name, last_name, created_at)"
		" VALUES(2, 'İpek', 'Eski', 1500000000);"
		"INSERT INTO orders(id, customer_id, number, status, total, placed_at)"
		" VALUES(2, 2, 'TR-2002', 'delivered', 5000, 1600000000)"), STORE_OK);
	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
	before = look_now(id, NOW + 60);
	store_set_clock(st, NOW + 100);
	ck_assert_int_eq(store_customer_merge_as(st, &sup, 2, cust, 0, merged_at,
						 "deniz", NULL), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT merged_at FROM customer_merges"
				 " WHERE customer_id=2"), merged_at);
	after = look_now(id, NOW + 100);
	store_set_clock(st, NOW + 130);
	before.at = NOW + 120;
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "x",
						    &before, &iid), STORE_DENIED);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM interactions WHERE direction='out'"), 0);
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "Merhaba",
						    &after, &iid), STORE_OK);
}

/* Made long ago. */
START_TEST(reply_seen_before_an_imported_merge_is_refused)
{
	imported_merge_counts_from_the_look(1600000000);
}
END_TEST

/* Made on a machine whose clock runs ahead: dated minutes from now here,
 * and the orders drawn after the import count before that time comes. */
START_TEST(reply_seen_after_an_imported_merge_dated_ahead)
{
	imported_merge_counts_from_the_look(NOW + 400);
}
END_TEST

/* The console's clock set back (a time server correcting a fast clock)
 * after it drew the orders: its look is timed after now, and counts as
 * seen now, not refused until the clock catches up. */
START_TEST(reply_seen_after_the_clock_went_back)
{
	long long id = open_complaint("email", "normal"), iid = 0;
	struct history_look look;

	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
	store_set_clock(st, NOW + 120);
	look = look_now(id, NOW + 420);
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "Merhaba",
						    &look, &iid), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT at FROM history_seen"), NOW + 120);
	ck_assert_int_eq(raw_int("SELECT history_seen_at FROM interactions"
				 " WHERE direction='out'"), NOW + 120);
}
END_TEST

/* The same clock set back after `show customer` recorded the orders as
 * seen: the reply goes, and what it records says the orders were seen
 * before it, not after (the supervisor's report counts a reply whose
 * orders were seen later than it as one sent without them). */
START_TEST(reply_after_show_when_the_clock_went_back)
{
	long long id = open_complaint("email", "normal"), iid = 0;

	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
	store_set_clock(st, NOW + 420);
	ck_assert_int_eq(mark_customer(&ayse, cust, NULL), STORE_OK);
	store_set_clock(st, NOW + 120);
	ck_assert_int_eq(store_complaint_reply(st, &ayse, id, DIR_OUT, "Merhaba", &iid),
			 STORE_OK);
	ck_assert_int_eq(raw_int("SELECT history_seen_at <= at FROM interactions"
				 " WHERE direction='out'"), 1);
}
END_TEST

/* A complaint moved to another customer by any writer (here the way an
 * import naming another customer for it writes it) was seen with the
 * other record's orders: the row recorded for it goes, and a console's
 * look at the record it left is refused. */
START_TEST(complaint_moved_to_another_customer_is_seen_again)
{
	long long id = open_complaint("email", "normal"), iid = 0;
	struct history_look look;

	ck_assert_int_eq(store_exec(st,
		"INSERT INTO customers(id, first_name, last_name, created_at)"
		" VALUES(2, 'Can', 'Başka', 1500000000)"), STORE_OK);
	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
	ck_assert_int_eq(mark_customer(&ayse, cust, NULL), STORE_OK);
	ck_assert_int_eq(mark_customer(&can, cust, NULL), STORE_OK);
	look = look_now(id, NOW);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM history_seen"), 1);
	store_set_clock(st, NOW + 60);
	ck_assert_int_eq(store_exec(st, "UPDATE complaints SET customer_id=2"), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM history_seen"), 0);
	ck_assert_int_eq(store_complaint_reply(st, &ayse, id, DIR_OUT, "x", &iid),
			 STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st), "open the customer's order history first");
	ck_assert_int_eq(store_complaint_reply_seen(st, &ayse, id, DIR_OUT, "x",
						    &look, &iid), STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st), "the complaint has moved to another customer "
			 "record since the order history was on screen; open the "
			 "customer's order history again first");
	/* Another column changed moves nothing. */
	ck_assert_int_eq(mark_customer(&ayse, 2, NULL), STORE_OK);
	ck_assert_int_eq(store_exec(st, "UPDATE complaints SET subject='Kargo yok'"),
			 STORE_OK);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM history_seen"), 1);
}
END_TEST

/* `show customer` counts the records merged into the customer before it
 * prints the orders, and marks them seen only if that is still so: a
 * merge that lands in between, into the customer or of it into another,
 * leaves nothing marked. */
START_TEST(mark_customer_as_of_refuses_after_a_merge)
{
	long long id = open_complaint("email", "normal");
	struct history_look n;
	int marked = -1;

	ck_assert_int_eq(store_exec(st,
		"INSERT INTO customers(id, first_name, last_name, created_at)"
		" VALUES(2, 'İpek', 'Eski', 1500000000), (3, 'İpek', 'Yeni', 1500000000)"),
		STORE_OK);
	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
	ck_assert_int_eq(store_customer_look(st, cust, &n), STORE_OK);
	ck_assert_int_eq(n.merges, 0);
	store_set_clock(st, NOW + 60);
	ck_assert_int_eq(store_customer_merge(st, &sup, 2, cust, NULL), STORE_OK);
	ck_assert_int_eq(store_history_mark_customer(st, &ayse, &n, &marked),
			 STORE_CONFLICT);
	ck_assert_int_eq(marked, 0);
	ck_assert_str_eq(store_errmsg(st), "customer 1 was merged with another record while "
			 "the orders were read; nothing was marked as seen: show the "
			 "customer again");
	ck_assert_int_eq(raw_int("SELECT count(*) FROM history_seen"), 0);
	ck_assert_int_eq(store_customer_look(st, cust, &n), STORE_OK);
	ck_assert_int_eq(n.merges, 1);
	ck_assert_int_eq(store_history_mark_customer(st, &ayse, &n, &marked),
			 STORE_OK);
	ck_assert_int_eq(marked, 1);
	/* The customer merged away: its count stays 0, it is merged all the
	 * same. */
	ck_assert_int_eq(store_customer_look(st, 3, &n), STORE_OK);
	ck_assert_int_eq(store_customer_merge(st, &sup, 3, cust, NULL),
			 STORE_OK);
	ck_assert_int_eq(store_history_mark_customer(st, &ayse, &n, &marked),
			 STORE_CONFLICT);
}
END_TEST

START_TEST(history_seen_is_per_agent)
{
	long long id = open_complaint("email", "normal");

	ck_assert_int_eq(mark_customer(&can, cust, NULL), STORE_OK);
	ck_assert_int_eq(store_complaint_reply(st, &ayse, id, DIR_OUT, "x", NULL),
			 STORE_DENIED);
	/* replying to an unclaimed complaint claims it */
	ck_assert_int_eq(store_complaint_reply(st, &can, id, DIR_OUT, "x", NULL), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT assignee_id FROM complaints"), can.id);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaints WHERE status='open'"
				 " AND first_response_at IS NOT NULL"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='claim'"), 1);
}
END_TEST

START_TEST(reply_to_someone_elses_complaint_refused)
{
	long long id = open_complaint("email", "normal");

	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
	ck_assert_int_eq(mark_customer(&can, cust, NULL), STORE_OK);
	ck_assert_int_eq(store_complaint_reply(st, &can, id, DIR_OUT, "x", NULL),
			 STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st), "complaint 1 is held by ayse; only they can reply");
	ck_assert_int_eq(store_complaint_reply(st, &ayse, id, DIR_OUT, "  ", NULL),
			 STORE_INVALID);
}
END_TEST

/* ---- drafts and presence ---- */

START_TEST(draft_round_trip_and_delete_on_send)
{
	long long id = open_complaint("email", "normal"), cur = -1;
	temas_time at = 0;
	char *body = NULL;

	ck_assert_int_eq(store_draft_load(st, ayse.id, id, DRAFT_REPLY, &body, &cur, &at),
			 STORE_NOTFOUND);
	ck_assert_int_eq(store_draft_save(st, ayse.id, id, DRAFT_REPLY, "Sayın İpek,\nçok üzgünüz",
					  7), STORE_OK);
	store_set_clock(st, NOW + 5);
	ck_assert_int_eq(store_draft_save(st, ayse.id, id, DRAFT_REPLY,
					  "Sayın İpek Hanım,\nçok üzgünüz", 19), STORE_OK);
	ck_assert_int_eq(store_draft_save(st, ayse.id, id, DRAFT_NOTE, "not", 3), STORE_OK);
	ck_assert_int_eq(store_draft_load(st, ayse.id, id, DRAFT_REPLY, &body, &cur, &at),
			 STORE_OK);
	ck_assert_str_eq(body, "Sayın İpek Hanım,\nçok üzgünüz");
	ck_assert_int_eq(cur, 19);
	ck_assert_int_eq(at, NOW + 5);
	free(body);
	ck_assert_int_eq(store_draft_load(st, can.id, id, DRAFT_REPLY, &body, &cur, &at),
			 STORE_NOTFOUND);
	ck_assert_int_eq(mark_customer(&ayse, cust, NULL), STORE_OK);
	ck_assert_int_eq(store_complaint_reply(st, &ayse, id, DIR_OUT, "Sayın İpek", NULL),
			 STORE_OK);
	ck_assert_int_eq(store_draft_load(st, ayse.id, id, DRAFT_REPLY, &body, &cur, &at),
			 STORE_NOTFOUND);
	ck_assert_int_eq(store_draft_load(st, ayse.id, id, DRAFT_NOTE, &body, &cur, &at),
			 STORE_OK);
	free(body);
	ck_assert_int_eq(store_draft_delete(st, ayse.id, id, DRAFT_NOTE), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM drafts"), 0);
}
END_TEST

/* A removed agent's drafts stay as they were: a save or a delete in
 * their name writes nothing and says why, as every other write does. */
START_TEST(removed_agent_saves_no_draft)
{
	long long id = open_complaint("email", "normal");
	const char *why = "ayse is no longer an agent of this team; a supervisor can "
			  "add them back with 'temas agent add ayse'";

	ck_assert_int_eq(store_draft_save(st, ayse.id, id, DRAFT_REPLY, "Sayın İpek", 10),
			 STORE_OK);
	ck_assert_int_eq(store_draft_delete(st, ayse.id, id, DRAFT_NOTE), STORE_OK);
	ck_assert_int_eq(store_exec(st, "UPDATE agents SET active=0 WHERE login='ayse'"),
			 STORE_OK);
	store_set_clock(st, NOW + 5);
	ck_assert_int_eq(store_draft_save(st, ayse.id, id, DRAFT_REPLY, "Sayın İpek Hanım", 16),
			 STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st), why);
	ck_assert_int_eq(store_draft_save(st, ayse.id, id, DRAFT_NOTE, "not", 3),
			 STORE_DENIED);
	ck_assert_int_eq(store_draft_delete(st, ayse.id, id, DRAFT_REPLY), STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st), why);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM drafts"), 1);
	ck_assert_int_eq(raw_int("SELECT body = 'Sayın İpek' AND updated_at = 1714557600"
				 " FROM drafts"), 1);
	/* Another agent's are theirs to write. */
	ck_assert_int_eq(store_draft_save(st, can.id, id, DRAFT_REPLY, "Merhaba", 7),
			 STORE_OK);
	ck_assert_int_eq(store_draft_delete(st, can.id, id, DRAFT_REPLY), STORE_OK);
}
END_TEST

/* A resolution note is a draft like the others; resolving takes the
 * resolver's and leaves everyone else's. */
START_TEST(resolution_draft_goes_with_the_resolution)
{
	long long id = open_complaint("email", "normal"), cur = -1;
	temas_time at = 0;
	char *body = NULL;

	ck_assert_int_eq(store_complaint_claim(st, &ayse, id, NULL, 0), STORE_OK);
	ck_assert_int_eq(store_draft_save(st, ayse.id, id, DRAFT_RESOLUTION,
					  "Müşteriyle görüşüldü", 5), STORE_OK);
	ck_assert_int_eq(store_draft_save(st, ayse.id, id, DRAFT_NOTE, "not", 3), STORE_OK);
	ck_assert_int_eq(store_draft_save(st, sup.id, id, DRAFT_RESOLUTION, "başka", 1),
			 STORE_OK);
	ck_assert_int_eq(store_draft_load(st, ayse.id, id, DRAFT_RESOLUTION, &body, &cur, &at),
			 STORE_OK);
	ck_assert_str_eq(body, "Müşteriyle görüşüldü");
	ck_assert_int_eq(cur, 5);
	free(body);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM drafts WHERE kind='resolution'"), 2);
	/* A refused resolution keeps the draft. */
	ck_assert_int_eq(store_complaint_set_status(st, &ayse, id, ST_RESOLVED, " "),
			 STORE_DENIED);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM drafts WHERE kind='resolution'"), 2);
	ck_assert_int_eq(store_complaint_set_status(st, &ayse, id, ST_RESOLVED,
						    "Müşteriyle görüşüldü, iade yapıldı."),
			 STORE_OK);
	ck_assert_int_eq(store_draft_load(st, ayse.id, id, DRAFT_RESOLUTION, &body, &cur, &at),
			 STORE_NOTFOUND);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM drafts"), 2);
	ck_assert_int_eq(store_draft_load(st, sup.id, id, DRAFT_RESOLUTION, &body, &cur, &at),
			 STORE_OK);
	free(body);
	ck_assert_int_eq(store_draft_load(st, ayse.id, id, DRAFT_NOTE, &body, &cur, &at),
			 STORE_OK);
	free(body);
}
END_TEST

START_TEST(presence_expires)
{
	long long a = open_complaint("email", "normal"), b = open_complaint("chat", "high");
	struct presence *rows;
	char text[128];
	int n = -1;

	ck_assert_int_eq(store_presence_beat(st, ayse.id, a, PRESENCE_TYPING, 100), STORE_OK);
	ck_assert_int_eq(store_presence_beat(st, can.id, a, PRESENCE_VIEWING, 200), STORE_OK);
	ck_assert_int_eq(store_presence_list(st, a, sup.id, &rows, &n), STORE_OK);
	ck_assert_int_eq(n, 2);
	store_presence_describe(rows, n, a, text, sizeof text);
	free(rows);
	ck_assert_str_eq(text, "ayse is typing; can viewing");
	/* what I do myself is not news to me */
	ck_assert_int_eq(store_presence_list(st, a, can.id, &rows, &n), STORE_OK);
	ck_assert_int_eq(n, 1);
	store_presence_describe(rows, n, a, text, sizeof text);
	free(rows);
	ck_assert_str_eq(text, "ayse is typing");
	/* can moves on to b: a no longer lists can */
	store_set_clock(st, NOW + 10);
	ck_assert_int_eq(store_presence_beat(st, can.id, b, PRESENCE_VIEWING, 200), STORE_OK);
	ck_assert_int_eq(store_presence_list(st, a, sup.id, &rows, &n), STORE_OK);
	ck_assert_int_eq(n, 1);
	free(rows);
	/* ayse's process stopped beating: stale after PRESENCE_STALE_SECS */
	store_set_clock(st, NOW + PRESENCE_STALE_SECS + 1);
	ck_assert_int_eq(store_presence_list(st, 0, sup.id, &rows, &n), STORE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].login, "can");
	ck_assert_int_eq(rows[0].complaint_id, b);
	free(rows);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM presence"), 2);
	/* the next beat purges the stale row */
	ck_assert_int_eq(store_presence_beat(st, can.id, b, PRESENCE_TYPING, 200), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM presence"), 1);
	ck_assert_int_eq(store_presence_clear(st, can.id, 200), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM presence"), 0);
}
END_TEST

/* A crowd on one complaint: every one is read (the console read eight
 * and named them without a word of the rest), the one typing is named
 * whatever the crowd, and a line names three of a kind and counts the
 * others. */
START_TEST(presence_crowd)
{
	long long a = open_complaint("email", "normal");
	struct agent ag[12];
	struct presence *rows;
	char login[16], text[256];
	int i, n = -1;

	for (i = 0; i < 12; i++) {
		snprintf(login, sizeof login, "v%02d", i);
		add_agent(login, login, ROLE_AGENT, &ag[i]);
		ck_assert_int_eq(store_presence_beat(st, ag[i].id, a, PRESENCE_VIEWING,
						     300 + i), STORE_OK);
	}
	ck_assert_int_eq(store_presence_beat(st, can.id, a, PRESENCE_TYPING, 200), STORE_OK);
	ck_assert_int_eq(store_presence_list(st, a, sup.id, &rows, &n), STORE_OK);
	ck_assert_int_eq(n, 13);
	store_presence_describe(rows, n, a, text, sizeof text);
	free(rows);
	ck_assert_str_eq(text, "can is typing; v00, v01, v02 and 9 more viewing");
	ck_assert_int_eq(store_presence_beat(st, ayse.id, a, PRESENCE_TYPING, 100), STORE_OK);
	ck_assert_int_eq(store_presence_beat(st, sup.id, a, PRESENCE_TYPING, 400), STORE_OK);
	ck_assert_int_eq(store_presence_beat(st, ag[0].id, a, PRESENCE_TYPING, 300), STORE_OK);
	ck_assert_int_eq(store_presence_list(st, a, 0, &rows, &n), STORE_OK);
	ck_assert_int_eq(n, 15);
	store_presence_describe(rows, n, a, text, sizeof text);
	free(rows);
	ck_assert_str_eq(text, "ayse, can, sup and 1 more are typing; v01, v02, v03 and 8 more viewing");
}
END_TEST

/* A commit rings the bell when it moves what a screen shows, and only
 * then: a heartbeat that renews the time rings nothing.  The bell is the
 * database file's time, heard by a connection listening on its
 * directory (here in this very process, so at once). */
START_TEST(bell_rings_for_what_screens_show)
{
	long long a = open_complaint("email", "normal"), r;
	struct timespec old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	struct store *ear;
	struct stat sb;
	char err[256];
	int fd;

	ck_assert_int_eq(store_open(&ear, path, 0, err, sizeof err), STORE_OK);
	fd = store_bell_open(ear);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(store_bell_drain(ear), 0);
	r = store_bell_rings(st);
	/* a new presence row: the queue shows who looks */
	ck_assert_int_eq(store_presence_beat(st, ayse.id, a, PRESENCE_VIEWING, 100), STORE_OK);
	ck_assert_int_eq(store_bell_rings(st), r + 1);
	ck_assert_int_eq(store_bell_drain(ear), 1);
	/* the same row renewed, and the console's own heartbeat: nothing */
	store_set_clock(st, NOW + 7);
	ck_assert_int_eq(store_presence_beat(st, ayse.id, a, PRESENCE_VIEWING, 100), STORE_OK);
	ck_assert_int_eq(store_agent_alive(st, ayse.id, 100), STORE_OK);
	ck_assert_int_eq(store_bell_rings(st), r + 1);
	ck_assert_int_eq(store_bell_drain(ear), 0);
	/* typing now: shown */
	ck_assert_int_eq(store_presence_beat(st, ayse.id, a, PRESENCE_TYPING, 100), STORE_OK);
	ck_assert_int_eq(store_bell_rings(st), r + 2);
	ck_assert_int_eq(store_bell_drain(ear), 1);
	/* a claim, from another connection: the file's time is now */
	ck_assert_int_eq(utimensat(AT_FDCWD, path, old, 0), 0);
	ck_assert_int_eq(store_bell_drain(ear), 1);
	ck_assert_int_eq(store_complaint_claim(ear, &can, a, NULL, 0), STORE_OK);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_gt((long long)sb.st_mtime, 1000000000LL);
	ck_assert_int_eq(store_bell_rings(ear), 1);
	store_close(ear);
}
END_TEST

static Suite *flow_suite(void)
{
	Suite *s = suite_create("flow");
	TCase *pure = tcase_create("pure");
	TCase *db = tcase_create("db");

	tcase_add_test(pure, every_legal_transition);
	tcase_add_test(pure, sla_policy_hours);
	tcase_add_test(pure, sla_same_day_cap_in_istanbul_and_utc);
	tcase_add_test(pure, fill_all_placeholders);
	tcase_add_test(pure, fill_unknown_placeholder_named_with_position);
	tcase_add_test(pure, fill_unclosed_brace);
	tcase_add_test(pure, fill_known_without_value_is_an_error);
	suite_add_tcase(s, pure);

	tcase_add_checked_fixture(db, setup, teardown);
	tcase_add_test(db, illegal_transitions_refused_with_names);
	tcase_add_test(db, reopen_clears_resolved_at);
	tcase_add_test(db, only_holder_or_supervisor_moves_a_held_complaint);
	tcase_add_test(db, open_uses_policy_and_channel);
	tcase_add_test(db, open_refuses_bad_input_and_writes_nothing);
	tcase_add_test(db, template_file_load_and_render);
	tcase_add_test(db, template_file_errors_change_nothing);
	tcase_add_test(db, shipped_templates_load);
	tcase_add_test(db, claim_is_compare_and_set);
	tcase_add_test(db, claim_from_another_connection_loses);
	tcase_add_test(db, release_and_assign_rules);
	tcase_add_test(db, reply_needs_history_seen);
	tcase_add_test(db, history_seen_is_per_agent);
	tcase_add_test(db, reply_records_history_seen_in_memory);
	tcase_add_test(db, reply_seen_in_memory_before_a_merge_is_refused);
	tcase_add_test(db, reply_seen_in_memory_before_an_order_change_is_refused);
	tcase_add_test(db, reply_seen_before_an_imported_merge_is_refused);
	tcase_add_test(db, reply_seen_after_an_imported_merge_dated_ahead);
	tcase_add_test(db, reply_seen_after_the_clock_went_back);
	tcase_add_test(db, complaint_moved_to_another_customer_is_seen_again);
	tcase_add_test(db, mark_customer_as_of_refuses_after_a_merge);
	tcase_add_test(db, reply_after_show_when_the_clock_went_back);
	tcase_add_test(db, reply_to_someone_elses_complaint_refused);
	tcase_add_test(db, draft_round_trip_and_delete_on_send);
	tcase_add_test(db, removed_agent_saves_no_draft);
	tcase_add_test(db, resolution_draft_goes_with_the_resolution);
	tcase_add_test(db, presence_expires);
	tcase_add_test(db, presence_crowd);
	tcase_add_test(db, bell_rings_for_what_screens_show);
	suite_add_tcase(s, db);
	return s;
}

int main(void)
{
	return harness_run(flow_suite());
}
