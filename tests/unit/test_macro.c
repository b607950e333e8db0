/*
 * test_macro.c: macros: the file parser (a good file, and every kind of
 * bad line named by file and line with nothing kept), writing a macro
 * back as a file says it, and in the database: saving all or nothing,
 * applying one to a complaint in one transaction (every action or none,
 * audited, the reply through the order-history rule and the outbox).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "fixture.h"
#include "../../src/store/internal.h"
#include "temas/agent.h"
#include "temas/complaint.h"
#include "temas/customer.h"
#include "temas/draft.h"
#include "temas/macro.h"
#include "temas/store.h"
#include "temas/tag.h"

static const char good[] =
	"# shipped\n"
	"\n"
	"macro wrong-item\n"
	"description Yanlış ürün / wrong item\n"
	"  tag yanlis-urun\n"
	"priority high\n"
	"note Değişim başlatıldı.\n"
	"\n"
	"macro çözüldü\r\n"
	"status resolved İade yapıldı.\r\n"
	"reply resolved\r\n"
	"untag yanlis-urun\n"
	"assign me\n"
	"status\tpending";

START_TEST(parses_a_good_file)
{
	struct macro *ms;
	char err[512], *text;
	int n;

	ck_assert_msg(macro_parse(good, strlen(good), "f", &ms, &n, err, sizeof err) == 0,
		      "%s", err);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(ms[0].name, "wrong-item");
	ck_assert_str_eq(ms[0].description, "Yanlış ürün / wrong item");
	ck_assert_int_eq(ms[0].line, 3);
	ck_assert_int_eq(ms[0].nacts, 3);
	ck_assert_int_eq(ms[0].acts[0].kind, MACRO_TAG);
	ck_assert_str_eq(ms[0].acts[0].arg, "yanlis-urun");
	ck_assert_int_eq(ms[0].acts[1].kind, MACRO_PRIORITY);
	ck_assert_int_eq(ms[0].acts[2].kind, MACRO_NOTE);
	ck_assert_ptr_null(ms[0].acts[2].arg);
	ck_assert_str_eq(ms[0].acts[2].text, "Değişim başlatıldı.");
	ck_assert_str_eq(ms[1].name, "çözüldü");
	ck_assert_str_eq(ms[1].description, "");
	ck_assert_int_eq(ms[1].nacts, 5);
	ck_assert_int_eq(ms[1].acts[0].kind, MACRO_STATUS);
	ck_assert_str_eq(ms[1].acts[0].arg, "resolved");
	ck_assert_str_eq(ms[1].acts[0].text, "İade yapıldı.");
	ck_assert_int_eq(ms[1].acts[0].line, 10);
	ck_assert_int_eq(ms[1].acts[1].kind, MACRO_REPLY);
	ck_assert_int_eq(ms[1].acts[3].kind, MACRO_ASSIGN);
	ck_assert_int_eq(ms[1].acts[4].kind, MACRO_STATUS);
	ck_assert_str_eq(ms[1].acts[4].arg, "pending");
	ck_assert_ptr_null(ms[1].acts[4].text);
	/* Written back, it reads the same. */
	ck_assert_int_eq(macro_format(&ms[1], &text), 0);
	ck_assert_str_eq(text, "macro çözüldü\nstatus resolved İade yapıldı.\n"
			 "reply resolved\nuntag yanlis-urun\nassign me\nstatus pending\n");
	free(text);
	ck_assert_int_eq(macro_format(&ms[0], &text), 0);
	ck_assert_str_eq(text, "macro wrong-item\ndescription Yanlış ürün / wrong item\n"
			 "tag yanlis-urun\npriority high\nnote Değişim başlatıldı.\n");
	free(text);
	macro_free_all(ms, n);
}
END_TEST

/* A name of any length is one macro name. */
START_TEST(long_name)
{
	size_t len = 5000;
	char *buf = malloc(len + 64), err[512];
	struct macro *ms;
	int n;

	ck_assert_ptr_nonnull(buf);
	memcpy(buf, "macro ", 6);
	memset(buf + 6, 'x', len);
	strcpy(buf + 6 + len, "\ntag a\n");
	ck_assert_msg(macro_parse(buf, strlen(buf), "f", &ms, &n, err, sizeof err) == 0,
		      "%s", err);
	ck_assert_uint_eq(strlen(ms[0].name), len);
	macro_free_all(ms, n);
	free(buf);
}
END_TEST

static const struct {
	const char *text, *want;
} bad[] = {
	{ "tag x\n", "m.txt:1: 'tag' before any 'macro NAME' line" },
	{ "macro a\nfrobnicate x\n",
	  "m.txt:2: unknown word 'frobnicate'; a line starts with macro, description, status, priority, tag, untag, assign, note or reply" },
	{ "macro\n", "m.txt:1: 'macro' needs a name" },
	{ "macro two words\ntag a\n",
	  "m.txt:1: 'two words' is not a macro name (one word, no control character, not starting with '-')" },
	{ "macro -x\ntag a\n",
	  "m.txt:1: '-x' is not a macro name (one word, no control character, not starting with '-')" },
	{ "macro a\n\n# nothing\nmacro b\ntag x\n", "m.txt:1: macro 'a' has no actions" },
	{ "macro a\ntag x\nmacro b\n", "m.txt:3: macro 'b' has no actions" },
	{ "macro a\ntag x\nmacro a\ntag y\n",
	  "m.txt:3: macro 'a' is defined twice (first on line 1)" },
	{ "macro a\ntag\n", "m.txt:2: 'tag' needs a value" },
	{ "macro a\ntag two words\n", "m.txt:2: 'tag' takes one word, not 'two words'" },
	{ "macro a\ntag ,x\n", "m.txt:2: bad tag ',x': " },
	{ "macro a\npriority asap\n",
	  "m.txt:2: 'asap' is not a priority (low, normal, high, urgent)" },
	{ "macro a\nstatus done\n",
	  "m.txt:2: 'done' is not a state (new, open, pending, escalated, resolved, closed)" },
	{ "macro a\nstatus resolved\n",
	  "m.txt:2: 'status resolved' needs the resolution note after it" },
	{ "macro a\nstatus pending later\n",
	  "m.txt:2: only 'status resolved' takes a note; write the note on a 'note' line" },
	{ "macro a\ndescription x\ndescription y\ntag t\n",
	  "m.txt:3: macro 'a' has a description already" },
	{ "macro a\nnote bell\a\n", "m.txt:2: control character 0x07 in the line" },
	{ "macro a\nnote \x1b[2J\n", "m.txt:2: control character 0x1b in the line" },
	{ "macro a\nnote \xff\xfe\n", "m.txt:2: the line is not UTF-8 text" },
	{ "macro a\nassign two logins\n", "m.txt:2: 'assign' takes one word, not 'two logins'" },
	{ "macro a\nreply\n", "m.txt:2: 'reply' needs a value" },
	{ "# only a comment\n",
	  "m.txt:1: no macro in the file (a macro starts with a 'macro NAME' line)" },
	{ "", "m.txt:1: no macro in the file (a macro starts with a 'macro NAME' line)" },
};

START_TEST(bad_line_named)
{
	struct macro *ms = (struct macro *)1;
	char err[512];
	int n = 7;

	ck_assert_int_eq(macro_parse(bad[_i].text, strlen(bad[_i].text), "m.txt",
				     &ms, &n, err, sizeof err), -1);
	ck_assert_msg(strncmp(err, bad[_i].want, strlen(bad[_i].want)) == 0,
		      "case %d: got '%s', want '%s'", _i, err, bad[_i].want);
	ck_assert_ptr_null(ms);
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(nul_byte_named)
{
	static const char buf[] = "macro a\ntag x\nnote a\0b\n";
	struct macro *ms;
	char err[512];
	int n;

	ck_assert_int_eq(macro_parse(buf, sizeof buf - 1, "m.txt", &ms, &n, err, sizeof err), -1);
	ck_assert_str_eq(err, "m.txt:3: a NUL byte: this is not a text file");
}
END_TEST

/* ---- in the database ---- */

#define T0 1796392800LL

static struct store *st;
static char path[300];
static struct agent ayse, can, sup;

static void setup(void)
{
	char err[512];
	long long id;

	fixture_mkdir("macro");
	fixture_file("t.db", path, sizeof path);
	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_set_clock(st, T0);
	ck_assert_int_eq(store_agent_upsert(st, "sup", "Şule", ROLE_SUPERVISOR, &id), STORE_OK);
	ck_assert_int_eq(store_agent_upsert(st, "ayse", "Ayşe", ROLE_AGENT, &id), STORE_OK);
	ck_assert_int_eq(store_agent_upsert(st, "can", "Can", ROLE_AGENT, &id), STORE_OK);
	ck_assert_int_eq(store_agent_by_login(st, "ayse", &ayse), STORE_OK);
	ck_assert_int_eq(store_agent_by_login(st, "can", &can), STORE_OK);
	ck_assert_int_eq(store_agent_by_login(st, "sup", &sup), STORE_OK);
	ck_assert_int_eq(store_exec(st,
		"INSERT INTO customers(id, first_name, last_name, email, lang, created_at)"
		" VALUES(1, 'İpek', 'Işıklı', 'ipek@example.com', 'tr', 1600000000);"
		"INSERT INTO templates(name, channel, lang, subject, body) VALUES"
		" ('resolved', 'email', 'tr', 'Çözüldü', 'Sayın {customer.name}, çözüldü.');"),
		STORE_OK);
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

static long long open_one(const char *channel)
{
	struct complaint_new in = { 0 };
	long long id = 0;

	in.customer_id = 1;
	in.channel = channel;
	in.subject = "Kargo";
	ck_assert_int_eq(store_complaint_open(st, &in, &id), STORE_OK);
	return id;
}

static void load(const char *text, int replace)
{
	struct macro *ms;
	char err[512];
	int n;

	ck_assert_msg(macro_parse(text, strlen(text), "m", &ms, &n, err, sizeof err) == 0,
		      "%s", err);
	ck_assert_msg(store_macro_save(st, "sup", ms, n, replace, "m") == STORE_OK, "%s",
		      store_errmsg(st));
	macro_free_all(ms, n);
}

static int try_load(const char *text, int replace)
{
	struct macro *ms;
	char err[512];
	int n, rc;

	ck_assert_msg(macro_parse(text, strlen(text), "m", &ms, &n, err, sizeof err) == 0,
		      "%s", err);
	rc = store_macro_save(st, "sup", ms, n, replace, "m");
	macro_free_all(ms, n);
	return rc;
}

START_TEST(save_all_or_nothing)
{
	struct macro m, *ms;
	int n;

	load("macro a\ndescription first\ntag x\npriority high\n", 0);
	/* The second macro names no agent: neither is kept. */
	ck_assert_int_eq(try_load("macro b\ntag y\nmacro c\nassign nosuch\n", 0), STORE_INVALID);
	ck_assert_str_eq(store_errmsg(st),
			 "m:4: no active agent 'nosuch' (assign takes me, nobody or a login)");
	ck_assert_int_eq(try_load("macro d\nreply nosuch\n", 0), STORE_INVALID);
	ck_assert_str_eq(store_errmsg(st), "m:2: no reply template 'nosuch' ('temas templates list')");
	ck_assert_int_eq(try_load("macro a\ntag z\n", 0), STORE_INVALID);
	ck_assert_str_eq(store_errmsg(st),
			 "m:1: there is already a macro 'a' (load with --replace to change it)");
	ck_assert_int_eq(raw_int("SELECT count(*) FROM macros"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM macro_actions"), 2);
	load("macro a\ntag z\n", 1);
	ck_assert_int_eq(store_macro_get(st, "a", &m), STORE_OK);
	ck_assert_int_eq(m.nacts, 1);
	ck_assert_str_eq(m.acts[0].arg, "z");
	ck_assert_str_eq(m.description, "");
	macro_free(&m);
	ck_assert_int_eq(store_macro_list(st, &ms, &n), STORE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(ms[0].nacts, 1);
	macro_free_all(ms, n);
	ck_assert_int_eq(store_macro_get(st, "nope", &m), STORE_NOTFOUND);
	ck_assert_str_eq(store_errmsg(st), "no macro 'nope' ('temas macro list')");
	ck_assert_int_eq(store_macro_remove(st, "sup", "a"), STORE_OK);
	ck_assert_int_eq(store_macro_remove(st, "sup", "a"), STORE_NOTFOUND);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM macro_actions"), 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='macro-add'"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='macro-replace'"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='macro-remove'"), 1);
}
END_TEST

START_TEST(apply_does_every_action)
{
	struct macro_result r;
	const char *tags;
	long long id = open_one("email");

	load("macro wrong-item\ntag yanlis-urun\npriority high\nassign me\n"
	     "note Değişim başlatıldı.\n", 0);
	ck_assert_msg(store_macro_apply(st, &ayse, "wrong-item", id, NULL, &r) == STORE_OK,
		      "%s", store_errmsg(st));
	ck_assert_int_eq(r.nacts, 4);
	ck_assert_int_eq(r.reply_id, 0);
	ck_assert_int_eq(store_complaint_tags(st, id, &tags), STORE_OK);
	ck_assert_str_eq(tags, "yanlis-urun");
	ck_assert_int_eq(raw_int("SELECT priority='high' AND assignee_id=2 FROM complaints"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM interactions WHERE direction='note'"
				 " AND body='Değişim başlatıldı.'"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='macro' AND detail="
				 "'wrong-item: tag yanlis-urun, priority high, assign me, note'"), 1);
	/* The actions' own audit rows too, as when done one by one. */
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action IN"
				 " ('tag','claim','note')"), 3);
}
END_TEST

/* One action refused: nothing of the macro is left on the complaint. */
START_TEST(apply_all_or_nothing)
{
	long long id = open_one("email"), changes;

	load("macro fix\ntag x\npriority urgent\nstatus closed\n", 0);
	changes = raw_int("SELECT n FROM changes WHERE concern='queue'");
	ck_assert_int_eq(store_macro_apply(st, &ayse, "fix", id, NULL, NULL), STORE_DENIED);
	ck_assert_msg(strstr(store_errmsg(st), "cannot go from new to closed") != NULL,
		      "%s", store_errmsg(st));
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaint_tags"), 0);
	ck_assert_int_eq(raw_int("SELECT priority='normal' FROM complaints"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action IN ('macro','tag')"), 0);
	ck_assert_int_eq(raw_int("SELECT n FROM changes WHERE concern='queue'"), changes);
}
END_TEST

START_TEST(apply_held_by_another)
{
	long long id = open_one("email"), changes;
	char holder[64];

	load("macro m\nnote x\n", 0);
	ck_assert_int_eq(store_complaint_claim(st, &can, id, holder, sizeof holder), STORE_OK);
	ck_assert_int_eq(store_macro_apply(st, &ayse, "m", id, NULL, NULL), STORE_CONFLICT);
	ck_assert_str_eq(store_errmsg(st), "complaint 1 is held by can");
	/* A supervisor may. */
	/* A macro that only writes a note still counts as a queue change. */
	changes = raw_int("SELECT n FROM changes WHERE concern='queue'");
	ck_assert_int_eq(store_macro_apply(st, &sup, "m", id, NULL, NULL), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT n FROM changes WHERE concern='queue'"), changes + 1);
	ck_assert_int_eq(store_macro_apply(st, &ayse, "nope", id, NULL, NULL), STORE_NOTFOUND);
	ck_assert_int_eq(store_macro_apply(st, &ayse, "m", 99, NULL, NULL), STORE_NOTFOUND);
	ck_assert_str_eq(store_errmsg(st), "no complaint 99");
}
END_TEST

/* A reply goes the way every reply goes: order history first, outbox. */
START_TEST(apply_reply_needs_order_history)
{
	struct macro_result r;
	struct history_look look = { 0, 0, 0, 0 }, stale;
	long long id = open_one("email"), other = open_one("phone");

	load("macro done\nreply resolved\nstatus resolved Ödendi.\n", 0);
	ck_assert_int_eq(store_macro_apply(st, &ayse, "done", id, NULL, &r), STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st), "open the customer's order history first");
	ck_assert_int_eq(raw_int("SELECT count(*) FROM interactions WHERE direction='out'"), 0);
	ck_assert_int_eq(raw_int("SELECT status FROM complaints WHERE id=1 AND status='resolved'"), -1);
	/* The console's memory of orders drawn before another record was
	 * merged into the customer is refused, as a reply's is. */
	ck_assert_int_eq(store_complaint_look(st, id, &stale), STORE_OK);
	stale.at = T0 - 5;
	ck_assert_int_eq(store_exec(st,
		"INSERT INTO customers(id, first_name, last_name, created_at)"
		" VALUES(2, 'İpek', 'Eski', 1500000000)"), STORE_OK);
	ck_assert_int_eq(store_customer_merge(st, &sup, 2, 1, NULL), STORE_OK);
	ck_assert_int_eq(store_macro_apply(st, &ayse, "done", id, &stale, &r), STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st), "another record was merged into this customer "
			 "since their order history was on screen; open the customer's "
			 "order history again first");
	ck_assert_int_eq(raw_int("SELECT count(*) FROM interactions WHERE direction='out'"), 0);
	/* The console's memory that the orders were on screen counts. */
	ck_assert_int_eq(store_complaint_look(st, id, &look), STORE_OK);
	look.at = T0 - 5;
	ck_assert_msg(store_macro_apply(st, &ayse, "done", id, &look, &r) == STORE_OK, "%s",
		      store_errmsg(st));
	ck_assert_int_gt(r.reply_id, 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM outbox"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM interactions WHERE direction='out'"
				 " AND body='Sayın İpek Işıklı, çözüldü.'"), 1);
	ck_assert_int_eq(raw_int("SELECT status='resolved' AND resolution='Ödendi.'"
				 " FROM complaints WHERE id=1"), 1);
	/* No template for the channel: refused by name. */
	ck_assert_int_eq(store_complaint_look(st, other, &look), STORE_OK);
	look.at = T0 - 5;
	ck_assert_int_eq(store_macro_apply(st, &ayse, "done", other, &look, &r), STORE_NOTFOUND);
}
END_TEST

START_TEST(apply_keeps_a_draft)
{
	long long id = open_one("email");

	load("macro n\ntag t\nnote from the macro\n", 0);
	ck_assert_int_eq(store_draft_save(st, ayse.id, id, DRAFT_NOTE, "half a note", 4), STORE_OK);
	ck_assert_int_eq(store_macro_apply(st, &ayse, "n", id, NULL, NULL), STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st),
			 "complaint 1: you have a note draft on it; send or discard it first");
	ck_assert_int_eq(raw_int("SELECT count(*) FROM drafts"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaint_tags"), 0);
}
END_TEST

START_TEST(apply_keeps_a_resolution_draft)
{
	long long id = open_one("email");

	load("macro r\nstatus resolved İade yapıldı.\n", 0);
	ck_assert_int_eq(store_draft_save(st, ayse.id, id, DRAFT_RESOLUTION, "Müşteriyle", 4),
			 STORE_OK);
	ck_assert_int_eq(store_macro_apply(st, &ayse, "r", id, NULL, NULL), STORE_DENIED);
	ck_assert_str_eq(store_errmsg(st),
			 "complaint 1: you have a resolution note draft on it; resolve with it or discard it first");
	ck_assert_int_eq(raw_int("SELECT count(*) FROM drafts"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM complaints WHERE status='resolved'"), 0);
	/* Another kind of draft is no reason to refuse. */
	ck_assert_int_eq(store_draft_delete(st, ayse.id, id, DRAFT_RESOLUTION), STORE_OK);
	ck_assert_int_eq(store_draft_save(st, ayse.id, id, DRAFT_REPLY, "Sayın", 4), STORE_OK);
	ck_assert_msg(store_macro_apply(st, &ayse, "r", id, NULL, NULL) == STORE_OK, "%s",
		      store_errmsg(st));
	ck_assert_int_eq(raw_int("SELECT count(*) FROM drafts WHERE kind='reply'"), 1);
}
END_TEST

/* An agent hands a complaint up to a supervisor, never to another agent. */
START_TEST(apply_assign)
{
	long long id = open_one("email");

	load("macro up\nassign sup\nmacro across\nassign can\nmacro back\nassign nobody\n", 0);
	ck_assert_int_eq(store_macro_apply(st, &ayse, "across", id, NULL, NULL), STORE_DENIED);
	ck_assert_int_eq(raw_int("SELECT assignee_id IS NULL FROM complaints"), 1);
	ck_assert_int_eq(store_macro_apply(st, &ayse, "up", id, NULL, NULL), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT assignee_id FROM complaints"), sup.id);
	ck_assert_int_eq(store_macro_apply(st, &sup, "across", id, NULL, NULL), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT assignee_id FROM complaints"), can.id);
	ck_assert_int_eq(store_macro_apply(st, &can, "back", id, NULL, NULL), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT assignee_id IS NULL FROM complaints"), 1);
	ck_assert_int_eq(store_macro_apply(st, &can, "back", id, NULL, NULL), STORE_OK);
}
END_TEST

static Suite *macro_suite(void)
{
	Suite *s = suite_create("macro");
	TCase *file = tcase_create("file");
	TCase *db = tcase_create("db");

	tcase_add_test(file, parses_a_good_file);
	tcase_add_test(file, long_name);
	tcase_add_loop_test(file, bad_line_named, 0, (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(file, nul_byte_named);
	suite_add_tcase(s, file);
	tcase_add_checked_fixture(db, setup, teardown);
	tcase_add_test(db, save_all_or_nothing);
	tcase_add_test(db, apply_does_every_action);
	tcase_add_test(db, apply_all_or_nothing);
	tcase_add_test(db, apply_held_by_another);
	tcase_add_test(db, apply_reply_needs_order_history);
	tcase_add_test(db, apply_keeps_a_draft);
	tcase_add_test(db, apply_keeps_a_resolution_draft);
	tcase_add_test(db, apply_assign);
	suite_add_tcase(s, db);
	return s;
}

int main(void)
{
	return harness_run(macro_suite());
}
