/*
 * demo.c: the demo database generator.
 *
 * Every table is filled by a handful of INSERT ... SELECT statements over a
 * recursive CTE and small helper tables, so a million customers take
 * seconds, not the hours a row-at-a-time loop in C would.  All randomness
 * comes from demo_hash(seed, id, salt), a stateless 64-bit mix: a row's
 * values depend only on the seed, its key and the clock, so the same seed
 * and the same store_now() give the same file content.
 *
 * Row ids are chosen, not discovered: customer c's orders are o0(c) ..
 * o0(c)+norders(c)-1, with o0 carried along the recursive CTE, so later
 * statements can name a customer's orders without looking them up.
 *
 * A brand-new file is filled without a rollback journal on disk and
 * without fsync, and with the big tables' secondary indexes built once at
 * the end: a crash can only lose a file that held nothing.  Pages the
 * cache cannot hold reach the file before the commit, so until the
 * transaction has ended the file bears a mark (application_id) that every
 * temas refuses to open: a run killed half-way leaves a file that says it
 * is unfinished, not half a database that looks whole.  The schema ends
 * exactly as the migrations made it.
 *
 * The messages' search index, the biggest part of a big run, is built on
 * a second thread while this connection builds the other indexes, and is
 * copied in before the commit (search_side.c), so the run still ends in
 * one transaction.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "temas/demo.h"
#include "temas/search.h"
#include "temas/i18n.h"
#include "temas/text.h"

#include "demo_data.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Agent slots: 0 the person running temas, then the staff list. */
#define DEMO_SLOTS (COUNT(demo_staff) + 1)

_Static_assert(COUNT(demo_topics) % 4 == 0, "topics come in rows of four");
_Static_assert(COUNT(demo_complaint_subjects) == 2 * 2 * COUNT(demo_categories),
	       "two subjects per category");
_Static_assert(COUNT(demo_complaint_open) == 2 * COUNT(demo_categories),
	       "one opening per category");
_Static_assert(COUNT(demo_complaint_open_plain) == 2 * COUNT(demo_categories),
	       "one opening per category");
_Static_assert(COUNT(demo_complaint_reply) == 2 * COUNT(demo_categories),
	       "one reply per category");
_Static_assert(COUNT(demo_complaint_done) == 2 * COUNT(demo_categories),
	       "one closing answer per category");
_Static_assert(COUNT(demo_resolutions) == 3 * COUNT(demo_categories),
	       "three resolutions per category");

/* ---- word lists as SQL sees them ---- */

/*
 * A list is n rows of `stride` strings; demo_word() returns column `col`
 * of a row, or column `col_en` (when >= 0) for English, or the row of the
 * separate list `en` when the English words differ in number.
 */
struct demo_list {
	const char *name;
	const char *const *items;
	int n, stride, col, col_en;
	const struct demo_list *en;
};

#define ROWS(a, stride) (a), COUNT(a) / (stride), (stride)

static const struct demo_list list_first_en = { "first_en", ROWS(demo_first_en, 1), 0, -1, NULL };
static const struct demo_list list_last_en = { "last_en", ROWS(demo_last_en, 1), 0, -1, NULL };

static const struct demo_list demo_lists[] = {
	{ "first", ROWS(demo_first_tr, 1), 0, -1, &list_first_en },
	{ "last", ROWS(demo_last_tr, 1), 0, -1, &list_last_en },
	{ "city", ROWS(demo_cities, 1), 0, -1, NULL },
	{ "domain", ROWS(demo_domains, 1), 0, -1, NULL },
	{ "gsm", ROWS(demo_gsm, 1), 0, -1, NULL },
	{ "tier", ROWS(demo_tiers, 1), 0, -1, NULL },
	{ "priority", ROWS(demo_priorities, 1), 0, -1, NULL },
	{ "open_status", ROWS(demo_open_status, 1), 0, -1, NULL },
	{ "order_status", ROWS(demo_order_status, 1), 0, -1, NULL },
	{ "category", ROWS(demo_categories, 1), 0, -1, NULL },
	{ "channel", ROWS(demo_channels, 1), 0, -1, NULL },
	{ "complaint_channel", ROWS(demo_complaint_channels, 1), 0, -1, NULL },
	{ "survey_channel", ROWS(demo_survey_channels, 1), 0, -1, NULL },
	{ "topic_in", ROWS(demo_topics, 4), 0, 2, NULL },
	{ "topic_out", ROWS(demo_topics, 4), 1, 3, NULL },
	{ "note", ROWS(demo_notes, 1), 0, -1, NULL },
	{ "complaint_subject", ROWS(demo_complaint_subjects, 2), 0, 1, NULL },
	{ "complaint_open", ROWS(demo_complaint_open, 2), 0, 1, NULL },
	{ "complaint_open_plain", ROWS(demo_complaint_open_plain, 2), 0, 1, NULL },
	{ "complaint_reply", ROWS(demo_complaint_reply, 2), 0, 1, NULL },
	{ "complaint_done", ROWS(demo_complaint_done, 2), 0, 1, NULL },
	{ "complaint_note", ROWS(demo_complaint_notes, 1), 0, -1, NULL },
	{ "resolution", ROWS(demo_resolutions, 1), 0, -1, NULL },
	{ "chaser", ROWS(demo_chasers, 2), 0, 1, NULL },
	{ "survey_comment", ROWS(demo_survey_comments, 2), 0, 1, NULL },
};

static const struct demo_list *list_find(const char *name)
{
	int i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < COUNT(demo_lists); i++)
		if (strcmp(demo_lists[i].name, name) == 0)
			return &demo_lists[i];
	return NULL;
}

/* The list named by argument 0, remembered across rows when it is a
 * constant (SQLite keeps auxdata only for constant arguments). */
static const struct demo_list *list_arg(sqlite3_context *ctx, sqlite3_value *v)
{
	const struct demo_list *l = sqlite3_get_auxdata(ctx, 0);

	if (l != NULL)
		return l;
	l = list_find((const char *)sqlite3_value_text(v));
	if (l == NULL) {
		sqlite3_result_error(ctx, "demo: no such word list", -1);
		return NULL;
	}
	sqlite3_set_auxdata(ctx, 0, (void *)l, NULL);
	return l;
}

/* ---- SQL functions ---- */

static uint64_t mix64(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A non-negative 63-bit value from the three; distinct salts give
 * independent draws for one row. */
static uint64_t demo_hash(uint64_t seed, uint64_t id, uint64_t salt)
{
	return mix64(seed ^ mix64(id ^ mix64(salt))) >> 1;
}

static int pick_weighted(uint64_t h, const int *w, int n)
{
	uint64_t sum = 0, r;
	int i;

	for (i = 0; i < n; i++)
		sum += (uint64_t)w[i];
	r = h % sum;
	for (i = 0; i < n - 1; i++) {
		if (r < (uint64_t)w[i])
			break;
		r -= (uint64_t)w[i];
	}
	return i;
}

/*
 * Order lines, in C so that the lines SQL writes and the order totals
 * come from one definition: order o has 1-4 lines; line j sells product
 * (p(o) + 11 j) mod the product count (11 is prime to it, so no product
 * twice in one order) in quantity q(o, j).
 */
static const int line_count_w[] = { 40, 30, 20, 10 };
static const int line_qty_w[] = { 80, 12, 5, 3 };

_Static_assert(COUNT(demo_products) % 11 != 0, "line products must differ");

static int order_nlines(uint64_t seed, int64_t order)
{
	return pick_weighted(demo_hash(seed, (uint64_t)order, 20), line_count_w, 4) + 1;
}

static int line_product(uint64_t seed, int64_t order, int64_t j)
{
	return (int)((demo_hash(seed, (uint64_t)order, 21) + 11u * (uint64_t)j) %
		     (uint64_t)COUNT(demo_products));
}

static int line_qty(uint64_t seed, int64_t order, int64_t j)
{
	return pick_weighted(demo_hash(seed, (uint64_t)(order * 4 + j), 22),
			     line_qty_w, 4) + 1;
}

#define ARG_U64(i) ((uint64_t)sqlite3_value_int64(argv[i]))

/* demo_hash(seed, id, salt) */
static void fn_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_int64(ctx, (sqlite3_int64)demo_hash(ARG_U64(0), ARG_U64(1),
							   ARG_U64(2)));
}

/* demo_lines(seed, order): how many lines the order has. */
static void fn_lines(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_int(ctx, order_nlines(ARG_U64(0), sqlite3_value_int64(argv[1])));
}

/* demo_line_product(seed, order, j) and demo_line_qty(seed, order, j) */
static void fn_line_product(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_int(ctx, line_product(ARG_U64(0), sqlite3_value_int64(argv[1]),
					     sqlite3_value_int64(argv[2])));
}

static void fn_line_qty(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_int(ctx, line_qty(ARG_U64(0), sqlite3_value_int64(argv[1]),
					 sqlite3_value_int64(argv[2])));
}

/* demo_order_total(seed, order): the sum of the order's lines. */
static void fn_order_total(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	uint64_t seed = ARG_U64(0);
	int64_t order = sqlite3_value_int64(argv[1]);
	long long total = 0;
	int j, n = order_nlines(seed, order);

	(void)argc;
	for (j = 0; j < n; j++)
		total += line_qty(seed, order, j) *
			 demo_products[line_product(seed, order, j)].price;
	sqlite3_result_int64(ctx, total);
}

/* demo_year(t): the UTC calendar year of a Unix time. */
static void fn_year(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	time_t t = (time_t)sqlite3_value_int64(argv[0]);
	struct tm tm;

	(void)argc;
	if (gmtime_r(&t, &tm) == NULL) {
		sqlite3_result_error(ctx, "demo_year: time out of range", -1);
		return;
	}
	sqlite3_result_int(ctx, tm.tm_year + 1900);
}

/* demo_agent(slot): the id of the agent in that slot (see add_agents). */
static void fn_agent(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const long long *ids = sqlite3_user_data(ctx);
	sqlite3_int64 k = sqlite3_value_int64(argv[0]);

	(void)argc;
	if (k < 0 || k >= DEMO_SLOTS) {
		sqlite3_result_error(ctx, "demo_agent: no such slot", -1);
		return;
	}
	sqlite3_result_int64(ctx, ids[k]);
}

/* demo_weighted(h, w0, w1, ...): index i with probability wi / sum(w). */
static void fn_weighted(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sqlite3_int64 h = sqlite3_value_int64(argv[0]), sum = 0, r;
	int i;

	for (i = 1; i < argc; i++)
		sum += sqlite3_value_int64(argv[i]);
	if (argc < 2 || sum <= 0 || h < 0) {
		sqlite3_result_error(ctx, "demo_weighted: bad weights", -1);
		return;
	}
	r = h % sum;
	for (i = 1; i < argc - 1; i++) {
		r -= sqlite3_value_int64(argv[i]);
		if (r < 0)
			break;
	}
	sqlite3_result_int(ctx, i - 1);
}

/* demo_word(list, i [, lang]): row i (mod the list's length). */
static void fn_word(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct demo_list *l = list_arg(ctx, argv[0]);
	sqlite3_int64 i = sqlite3_value_int64(argv[1]);
	int col, en = 0;

	if (l == NULL)
		return;
	if (argc > 2) {
		const unsigned char *lang = sqlite3_value_text(argv[2]);

		en = lang != NULL && lang[0] == 'e' && lang[1] == 'n' && lang[2] == '\0';
	}
	if (en && l->en != NULL)
		l = l->en;
	col = en && l->col_en >= 0 ? l->col_en : l->col;
	if (i < 0)
		i = -i;
	sqlite3_result_text(ctx, l->items[(i % l->n) * l->stride + col], -1,
			    SQLITE_STATIC);
}

/* demo_index(list, word): the row holding word, or NULL. */
static void fn_index(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct demo_list *l = list_arg(ctx, argv[0]);
	const char *w = (const char *)sqlite3_value_text(argv[1]);
	int i;

	(void)argc;
	if (l == NULL)
		return;
	for (i = 0; w != NULL && i < l->n; i++) {
		if (strcmp(l->items[i * l->stride + l->col], w) == 0) {
			sqlite3_result_int(ctx, i);
			return;
		}
	}
	sqlite3_result_null(ctx);
}

/* demo_ascii(name): lower-case ASCII letters of a name for an e-mail
 * address ("Çağrı" -> "cagri", "O'Neill" -> "oneill"). */
static void fn_ascii(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char folded[256], out[256];
	size_t i, o = 0;

	(void)argc;
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	text_fold_tr_buf(s, strlen(s), folded, sizeof folded);
	for (i = 0; folded[i] != '\0' && o + 1 < sizeof out; i++)
		if ((folded[i] >= 'a' && folded[i] <= 'z') ||
		    (folded[i] >= '0' && folded[i] <= '9'))
			out[o++] = folded[i];
	sqlite3_result_text(ctx, out, (int)o, SQLITE_TRANSIENT);
}

struct demo_fn {
	const char *name;
	int nargs;
	void (*fn)(sqlite3_context *, int, sqlite3_value **);
};

static const struct demo_fn demo_fns[] = {
	{ "demo_agent", 1, fn_agent },
	{ "demo_hash", 3, fn_hash },
	{ "demo_lines", 2, fn_lines },
	{ "demo_line_product", 3, fn_line_product },
	{ "demo_line_qty", 3, fn_line_qty },
	{ "demo_order_total", 2, fn_order_total },
	{ "demo_year", 1, fn_year },
	{ "demo_weighted", -1, fn_weighted },
	{ "demo_word", 2, fn_word },
	{ "demo_word", 3, fn_word },
	{ "demo_index", 2, fn_index },
	{ "demo_ascii", 1, fn_ascii },
};

/* Register (on) or remove (!on) the helpers; they exist only while the
 * generator runs, so nothing stored can come to depend on them. */
static int register_fns(struct store *st, long long *agent_ids, int on)
{
	int i, rc = SQLITE_OK;

	for (i = 0; i < COUNT(demo_fns); i++) {
		int r = sqlite3_create_function_v2(
			st->db, demo_fns[i].name, demo_fns[i].nargs,
			SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
			agent_ids, on ? demo_fns[i].fn : NULL, NULL, NULL, NULL);
		if (r != SQLITE_OK)
			rc = r;
	}
	if (rc != SQLITE_OK && on)
		return store_fail_sqlite(st, _("cannot set up the demo generator"));
	return STORE_OK;
}

/* ---- the statements ---- */

static const char sql_has_data[] =
	"SELECT EXISTS(SELECT 1 FROM customers) OR EXISTS(SELECT 1 FROM orders)"
	" OR EXISTS(SELECT 1 FROM complaints) OR EXISTS(SELECT 1 FROM interactions)"
	" OR EXISTS(SELECT 1 FROM surveys)";

/* Fast mode is only for a file with nothing anybody could lose. */
static const char sql_is_blank[] =
	"SELECT NOT (EXISTS(SELECT 1 FROM agents) OR EXISTS(SELECT 1 FROM templates)"
	" OR EXISTS(SELECT 1 FROM audit))";

static const char sql_temp_tables[] =
	"CREATE TEMP TABLE demo_seq(n INTEGER PRIMARY KEY);"
	"WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < 63)"
	" INSERT INTO temp.demo_seq SELECT n FROM s;"
	"CREATE TEMP TABLE demo_product(k INTEGER PRIMARY KEY, sku TEXT, name TEXT,"
	" price INTEGER);"
	"CREATE TEMP TABLE demo_c(id INTEGER PRIMARY KEY, o0 INTEGER, norders INTEGER,"
	" created INTEGER, lang TEXT, nhist INTEGER, open_c INTEGER, nconv INTEGER);";

static const char sql_drop_temp[] =
	"DROP TABLE temp.demo_seq;"
	"DROP TABLE temp.demo_product; DROP TABLE temp.demo_c;";

static const char sql_product[] =
	"INSERT INTO temp.demo_product(k, sku, name, price) VALUES(?1, ?2, ?3, ?4)";

/* The person running temas: added, or kept as they are except for the
 * role they asked for. */
static const char sql_me[] =
	"INSERT INTO agents(login, name, role, active, created_at)"
	" VALUES(?1, ?2, CASE WHEN ?3 THEN 'supervisor' ELSE 'agent' END, 1, ?4)"
	" ON CONFLICT(login) DO UPDATE SET active = 1,"
	"  role = CASE WHEN ?3 THEN 'supervisor' ELSE role END";

static const char sql_staff[] =
	"INSERT INTO agents(login, name, role, active, created_at)"
	" VALUES(?1, ?2, CASE WHEN ?3 THEN 'supervisor' ELSE 'agent' END, 1, ?4)"
	" ON CONFLICT(login) DO NOTHING";

static const char sql_agent_id[] =
	"SELECT id FROM agents WHERE login = ?1";

/*
 * Per customer: when they joined, their language, how many orders, the
 * first order's id (a running sum carried along the CTE), past complaints
 * (only for customers older than 60 days), whether one is open now, and
 * how many everyday conversations they had.
 */
static const char sql_plan[] =
	"INSERT INTO temp.demo_c(id, o0, norders, created, lang, nhist, open_c, nconv)"
	" WITH RECURSIVE c(id, o0, k) AS ("
	"  SELECT 1, 1, demo_weighted(demo_hash(:seed, 1, 10), 8,15,20,20,15,10,6,4,2)"
	"  UNION ALL"
	"  SELECT id + 1, o0 + k,"
	"   demo_weighted(demo_hash(:seed, id + 1, 10), 8,15,20,20,15,10,6,4,2)"
	"  FROM c WHERE id < :n)"
	" SELECT id, o0, k, created,"
	"  CASE WHEN demo_hash(:seed, id, 12) % 100 < 8 THEN 'en' ELSE 'tr' END,"
	"  CASE WHEN created < :now - 60 * 86400"
	"   THEN demo_weighted(demo_hash(:seed, id, 13), 82, 15, 3) ELSE 0 END,"
	"  id = 1 OR demo_hash(:seed, id, 14) % 50 = 0,"
	"  demo_hash(:seed, id, 15) % 6 + demo_hash(:seed, id, 16) % 5"
	" FROM (SELECT id, o0, k,"
	"   :now - 86400 - demo_hash(:seed, id, 11) % (6 * 365 * 86400) AS created"
	"  FROM c)";

/* OFFSET 0 keeps a subquery from being flattened into its caller, which
 * would compute each of its columns again for every use. */
static const char sql_customers[] =
	"INSERT INTO customers(id, first_name, last_name, email, phone, city, tier,"
	" lang, created_at, acquisition_cost)"
	" SELECT id, fn, ln,"
	"  CASE WHEN h % 20 = 0 THEN NULL ELSE"
	"   CASE h / 20 % 4"
	"    WHEN 0 THEN fa || '.' || la"
	"    WHEN 1 THEN fa || la || (h / 80 % 90 + 10)"
	"    WHEN 2 THEN fa || '_' || la || (1960 + h / 80 % 45)"
	"    ELSE substr(fa, 1, 1) || la || (h / 80 % 900 + 100)"
	"   END || '@' || demo_word('domain', h / 100000) END,"
	"  CASE WHEN h2 % 33 = 0 THEN NULL ELSE"
	"   printf('+90 5%s %03d %02d %02d', demo_word('gsm', h2 / 33),"
	"    h2 / 1000 % 1000, h2 / 1000000 % 100, h2 / 100000000 % 100) END,"
	"  demo_word('city', h2 / 10000000000),"
	"  demo_word('tier', demo_weighted(h, 75, 15, 8, 2)),"
	"  lang, created,"
	"  CASE WHEN h2 / 100 % 10 < 3 THEN 0 ELSE 2000 + h / 100000000 % 58000 END"
	" FROM (SELECT *, demo_ascii(fn) AS fa, demo_ascii(ln) AS la"
	"  FROM (SELECT id, lang, created,"
	"    demo_word('first', demo_hash(:seed, id, 1), lang) AS fn,"
	"    demo_word('last', demo_hash(:seed, id, 2), lang) AS ln,"
	"    demo_hash(:seed, id, 3) AS h, demo_hash(:seed, id, 4) AS h2"
	"   FROM temp.demo_c LIMIT -1 OFFSET 0)"
	"  LIMIT -1 OFFSET 0)";

/* Customer c's orders get ids o0(c) .. o0(c)+norders(c)-1; the last order
 * of a customer with an open complaint is a recent one. */
static const char sql_orders[] =
	"INSERT INTO orders(id, customer_id, number, status, total, currency, placed_at)"
	" SELECT id, cid, printf('SP-%d-%07d', demo_year(placed), id),"
	"  CASE WHEN :now - placed < 2 * 86400"
	"    THEN CASE WHEN h % 10 < 6 THEN 'placed' ELSE 'shipped' END"
	"   WHEN :now - placed < 6 * 86400"
	"    THEN CASE WHEN h % 10 < 6 THEN 'shipped' ELSE 'delivered' END"
	"   ELSE demo_word('order_status', demo_weighted(h / 16, 88, 6, 6)) END,"
	"  demo_order_total(:seed, id), 'TRY', placed"
	" FROM (SELECT id, cid, h,"
	"   CASE WHEN last AND open_c"
	"    THEN max(created + 60, :now - 3600 - h / 1024 % (6 * 86400))"
	"    ELSE created + h / 1024 % (:now - created) END AS placed"
	"  FROM (SELECT c.o0 + s.n AS id, c.id AS cid, c.created, c.open_c,"
	"    s.n = c.norders - 1 AS last, demo_hash(:seed, c.o0 + s.n, 30) AS h"
	"   FROM temp.demo_c c CROSS JOIN temp.demo_seq s WHERE s.n < c.norders"
	"   LIMIT -1 OFFSET 0))";

static const char sql_order_lines[] =
	"INSERT INTO order_lines(order_id, sku, product, qty, unit_price)"
	" SELECT c.o0 + s.n, p.sku, p.name, demo_line_qty(:seed, c.o0 + s.n, j.n), p.price"
	" FROM temp.demo_c c CROSS JOIN temp.demo_seq s CROSS JOIN temp.demo_seq j"
	"  CROSS JOIN temp.demo_product p"
	" WHERE s.n < c.norders AND j.n < demo_lines(:seed, c.o0 + s.n)"
	"  AND p.k = demo_line_product(:seed, c.o0 + s.n, j.n)";

/*
 * Complaints, built up in layers: what it is about (category, priority,
 * channel, which order), then its SLA from sla_policies, then when it was
 * opened, answered and resolved.  A customer's last complaint is the open
 * one when they have one; it is about their most recent order.  Open
 * complaints are timed so that some are past due, some due within the
 * next ninety minutes, some just in.  Agent slot 0 (the person running
 * temas) gets a good share of the assigned open ones.
 */
static const char sql_complaints[] =
	"INSERT INTO complaints(customer_id, order_id, channel, priority, category,"
	" subject, status, assignee_id, opened_at, first_response_due, resolution_due,"
	" first_response_at, resolved_at, closed_at, resolution)"
	" SELECT cid, oid, channel, priority, demo_word('category', cat),"
	"  demo_word('complaint_subject', cat * 2 + h1 / 11 % 2, lang),"
	"  status,"
	"  CASE WHEN NOT is_open OR (status <> 'new' AND h3 / 7 % 10 < 7)"
	"    OR (status = 'new' AND h3 / 7 % 10 < 2)"
	"   THEN demo_agent(CASE WHEN status = 'escalated' AND h1 % 2 = 0 THEN 9"
	"     WHEN is_open AND h1 / 3 % 10 < 3 THEN 0 ELSE h1 / 3 % 9 END) END,"
	"  opened, opened + fr, opened + res, fr_at, res_at,"
	"  CASE WHEN status = 'closed' THEN res_at + 3600 + h2 / 10 % (3 * 86400) END,"
	"  CASE WHEN NOT is_open THEN demo_word('resolution', cat * 3 + h2 / 13 % 3) END"
	" FROM (SELECT *,"
	"   CASE WHEN is_open THEN NULL"
	"    ELSE max(fr_at + 600, opened + res * (15 + h2 / 10 % 110) / 100) END AS res_at"
	"  FROM (SELECT *,"
	"    CASE WHEN is_open THEN CASE WHEN status = 'new' THEN NULL"
	"      ELSE opened + (:now - opened) * (5 + h1 / 7 % 80) / 100 END"
	"     ELSE opened + fr * (10 + h1 / 7 % 120) / 100 END AS fr_at"
	"   FROM (SELECT *,"
	"     CASE WHEN is_open THEN cand"
	"      WHEN placed < :now - 40 * 86400 THEN cand END AS oid,"
	"     CASE WHEN is_open THEN max(created + 60, coalesce(placed, 0) + 600,"
	"       CASE WHEN h3 % 10 < 4 THEN :now - 600 - h3 / 10 % (5 * 86400)"
	"        WHEN h3 % 10 < 7 THEN :now + 300 + h3 / 10 % 5400"
	"         - CASE WHEN status = 'new' THEN fr ELSE res END"
	"        ELSE :now - 120 - h3 / 10 % 3600 END)"
	"      WHEN placed < :now - 40 * 86400 THEN placed + 3600 + h3 % (10 * 86400)"
	"      ELSE created + h3 % max(1, :now - 40 * 86400 - created) END AS opened"
	"    FROM (SELECT *,"
	"      (SELECT placed_at FROM orders WHERE id = cand) AS placed,"
	"      (SELECT first_response_secs FROM sla_policies"
	"       WHERE channel = b.channel AND priority = b.priority) AS fr,"
	"      (SELECT resolution_secs FROM sla_policies"
	"       WHERE channel = b.channel AND priority = b.priority) AS res"
	"     FROM (SELECT *,"
	"       CASE WHEN cat < :norder_cat AND norders > 0 THEN"
	"        CASE WHEN is_open THEN o0 + norders - 1 ELSE o0 + h1 % norders END END"
	"        AS cand,"
	"       CASE WHEN is_open"
	"        THEN demo_word('open_status', demo_weighted(h2, 35, 30, 20, 15))"
	"        WHEN h2 % 10 < 7 THEN 'closed' ELSE 'resolved' END AS status"
	"      FROM (SELECT c.id AS cid, c.lang, c.created, c.o0, c.norders,"
	"        s.n = c.nhist AND c.open_c AS is_open,"
	"        demo_weighted(demo_hash(:seed, c.id * 4 + s.n, 40),"
	"         30, 15, 15, 10, 12, 12, 6) AS cat,"
	"        demo_word('priority', demo_weighted(demo_hash(:seed, c.id * 4 + s.n, 41),"
	"         15, 55, 22, 8)) AS priority,"
	"        demo_word('complaint_channel', demo_hash(:seed, c.id * 4 + s.n, 42))"
	"         AS channel,"
	"        demo_hash(:seed, c.id * 4 + s.n, 43) AS h1,"
	"        demo_hash(:seed, c.id * 4 + s.n, 44) AS h2,"
	"        demo_hash(:seed, c.id * 4 + s.n, 45) AS h3"
	"       FROM temp.demo_c c CROSS JOIN temp.demo_seq s"
	"       WHERE s.n < c.nhist + c.open_c LIMIT -1 OFFSET 0)"
	"      LIMIT -1 OFFSET 0) AS b"
	"     LIMIT -1 OFFSET 0)"
	"    LIMIT -1 OFFSET 0)"
	"   LIMIT -1 OFFSET 0)"
	"  LIMIT -1 OFFSET 0)";

/*
 * The conversation on each complaint: the customer's opening message, the
 * first answer, then either the closing answer or a note on why it waits,
 * and a reminder from customers nobody has answered for four hours.
 */
static const char sql_complaint_contacts[] =
	"INSERT INTO interactions(customer_id, complaint_id, channel, direction,"
	" agent_id, at, subject, body)"
	" SELECT cp.customer_id, cp.id, cp.channel,"
	"  CASE s.n WHEN 0 THEN 'in' WHEN 1 THEN 'out'"
	"   WHEN 2 THEN CASE WHEN cp.resolved_at IS NOT NULL THEN 'out' ELSE 'note' END"
	"   ELSE 'in' END,"
	"  CASE WHEN s.n IN (1, 2) THEN coalesce(cp.assignee_id,"
	"   demo_agent(demo_hash(:seed, cp.id, 50) % 9)) END,"
	"  CASE s.n WHEN 0 THEN cp.opened_at WHEN 1 THEN cp.first_response_at"
	"   WHEN 2 THEN coalesce(cp.resolved_at,"
	"    cp.first_response_at + (:now - cp.first_response_at) / 2)"
	"   ELSE cp.opened_at + (:now - cp.opened_at) * 3 / 4 END,"
	"  CASE WHEN s.n = 0 THEN cp.subject END,"
	"  CASE s.n"
	"   WHEN 0 THEN CASE WHEN o.number IS NULL"
	"    THEN demo_word('complaint_open_plain', demo_index('category', cp.category), c.lang)"
	"    ELSE printf(demo_word('complaint_open', demo_index('category', cp.category),"
	"     c.lang), o.number) END"
	"   WHEN 1 THEN demo_word('complaint_reply', demo_index('category', cp.category), c.lang)"
	"   WHEN 2 THEN CASE WHEN cp.resolved_at IS NOT NULL"
	"    THEN demo_word('complaint_done', demo_index('category', cp.category), c.lang)"
	"    ELSE demo_word('complaint_note', (cp.status = 'escalated') * 3"
	"     + demo_hash(:seed, cp.id, 51) % 3) END"
	"   ELSE demo_word('chaser', demo_hash(:seed, cp.id, 52), c.lang) END"
	" FROM complaints cp NOT INDEXED CROSS JOIN temp.demo_c c ON c.id = cp.customer_id"
	" LEFT JOIN orders o ON o.id = cp.order_id"
	" CROSS JOIN temp.demo_seq s"
	" WHERE s.n < 4 AND (s.n = 0"
	"  OR (s.n = 1 AND cp.first_response_at IS NOT NULL)"
	"  OR (s.n = 2 AND cp.first_response_at IS NOT NULL"
	"   AND (cp.resolved_at IS NOT NULL OR cp.status IN ('pending', 'escalated')))"
	"  OR (s.n = 3 AND cp.first_response_at IS NULL AND cp.resolved_at IS NULL"
	"   AND cp.opened_at < :now - 4 * 3600))";

/*
 * Everyday contacts: conversations of a customer message and an agent's
 * answer on the same topic and channel, one in six with an internal note.
 * Customers with orders may ask about one of them by number.  One hash per
 * conversation feeds every choice: its digits are cut into independent
 * ranges.
 */
static const char sql_contacts[] =
	"INSERT INTO interactions(customer_id, channel, direction, agent_id, at, body)"
	" SELECT cid, channel,"
	"  CASE p.n WHEN 0 THEN 'in' WHEN 1 THEN 'out' ELSE 'note' END,"
	"  CASE WHEN p.n > 0 THEN demo_agent(h / 65536 % 9) END,"
	"  CASE p.n WHEN 0 THEN base"
	"   ELSE min(:now, base + 300 + h / 1048576 % 86400 + (p.n - 1) * 120) END,"
	"  CASE p.n"
	"   WHEN 2 THEN demo_word('note', h / 1125899906842624)"
	"   WHEN 0 THEN CASE WHEN number IS NULL THEN demo_word('topic_in', topic, lang)"
	"    ELSE printf(demo_word('topic_in', topic, lang), number) END"
	"   ELSE CASE WHEN number IS NULL THEN demo_word('topic_out', topic, lang)"
	"    ELSE printf(demo_word('topic_out', topic, lang), number) END END"
	" FROM (SELECT cid, lang, h, base, topic, demo_word('channel', h / 64) AS channel,"
	"   CASE WHEN topic < :ntopic_order THEN (SELECT number FROM orders"
	"    WHERE id = o0 + h / 1099511627776 % norders) END AS number"
	"  FROM (SELECT *, CASE WHEN norders > 0 THEN h % :ntopic"
	"     ELSE :ntopic_order + h % (:ntopic - :ntopic_order) END AS topic"
	"   FROM (SELECT c.id AS cid, c.lang, c.o0, c.norders,"
	"     demo_hash(:seed, c.id * 64 + s.n, 61) AS h,"
	"     c.created + demo_hash(:seed, c.id * 64 + s.n, 63)"
	"      % max(1, :now - c.created - 3600) AS base"
	"    FROM temp.demo_c c CROSS JOIN temp.demo_seq s WHERE s.n < c.nconv"
	"    LIMIT -1 OFFSET 0)"
	"   LIMIT -1 OFFSET 0)"
	"  LIMIT -1 OFFSET 0) AS cv"
	" CROSS JOIN temp.demo_seq p"
	" WHERE p.n < 2 + (cv.h / 4096 % 6 = 0)";

/* About a third of customers answered an NPS survey: mostly promoters,
 * a tail of detractors. */
static const char sql_nps[] =
	"INSERT INTO surveys(customer_id, channel, kind, score, comment, at)"
	" SELECT id, demo_word('survey_channel', h / 100), 'nps', score,"
	"  CASE WHEN h / 7 % 10 < 4 THEN demo_word('survey_comment',"
	"   (CASE WHEN score >= 9 THEN 2 WHEN score >= 7 THEN 1 ELSE 0 END) * 2"
	"    + h / 70 % 2, lang) END,"
	"  created + h2 % (:now - created)"
	" FROM (SELECT id, lang, created, demo_hash(:seed, id, 80) AS h,"
	"   demo_hash(:seed, id, 81) AS h2,"
	"   demo_weighted(demo_hash(:seed, id, 82), 3, 1, 2, 2, 2, 4, 5, 10, 15, 26, 30)"
	"    AS score"
	"  FROM temp.demo_c WHERE demo_hash(:seed, id, 83) % 100 < 35"
	"  LIMIT -1 OFFSET 0)";

/* Half of the settled complaints got a CSAT answer a little later. */
static const char sql_csat[] =
	"INSERT INTO surveys(customer_id, complaint_id, channel, kind, score, comment, at)"
	" SELECT customer_id, id, channel, 'csat', score,"
	"  CASE WHEN h / 7 % 10 < 5 THEN demo_word('survey_comment',"
	"   (CASE WHEN score >= 4 THEN 2 WHEN score = 3 THEN 1 ELSE 0 END) * 2"
	"    + h / 70 % 2, lang) END,"
	"  min(:now, resolved_at + 3600 + h / 1000 % (2 * 86400))"
	" FROM (SELECT cp.id, cp.customer_id, cp.channel, cp.resolved_at, c.lang,"
	"   demo_hash(:seed, cp.id, 90) AS h,"
	"   demo_weighted(demo_hash(:seed, cp.id, 91), 10, 10, 15, 25, 40) + 1 AS score"
	"  FROM complaints cp CROSS JOIN temp.demo_c c ON c.id = cp.customer_id"
	"  WHERE cp.resolved_at IS NOT NULL AND demo_hash(:seed, cp.id, 92) % 2 = 0"
	"  LIMIT -1 OFFSET 0)";

static const char sql_count_open[] =
	"SELECT count(*) FROM complaints WHERE is_open";

/*
 * What the generator sets aside while it fills the bulk tables, in
 * creation order, each with the statement that drops it: their secondary
 * indexes, and the triggers whose every run it knows to change nothing it
 * does not redo once at the end (see drop_bulk_schema).  Any other
 * trigger on these tables stays and runs row by row.
 */
static const char sql_bulk_schema[] =
	"SELECT printf('DROP %s main.\"%w\"', upper(type), name), sql"
	" FROM sqlite_schema WHERE sql IS NOT NULL"
	" AND tbl_name IN ('customers', 'orders', 'order_lines', 'complaints',"
	"  'interactions', 'surveys')"
	" AND (type = 'index' OR (type = 'trigger' AND (name GLOB 'changes_*'"
	"  OR name GLOB 'search_*' OR name GLOB 'summary_*' OR name GLOB 'snooze_*')))"
	" ORDER BY rowid";

/*
 * The change counters (schema.c, migration 14) as the triggers set aside
 * would have left them: one step per row written to a table, customers,
 * their orders, order lines, contacts and surveys under 'customer', the
 * complaints under 'queue'.  The bulk tables were empty before.
 */
static const char sql_changes[] =
	"UPDATE changes SET n = n + CASE concern WHEN 'customer' THEN ?1"
	" ELSE ?2 END WHERE concern IN ('customer', 'queue')";

/* ---- running it ---- */

struct demo_run {
	struct store *st;
	const struct demo_options *o;
	long long now;
	long long agent_ids[DEMO_SLOTS];
	char **schema_sql;          /* CREATE statements to run again */
	int nschema;
};

static int bind_named(sqlite3_stmt *s, const char *name, long long v)
{
	int i = sqlite3_bind_parameter_index(s, name);

	return i > 0 ? sqlite3_bind_int64(s, i, v) : SQLITE_OK;
}

/* Run one bulk statement; *changes gets the rows it inserted. */
static int run_bulk(struct demo_run *r, const char *sql, long long *changes)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(r->st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_fail_sqlite(r->st, _("cannot prepare the demo data"));
	bind_named(s, ":seed", (long long)r->o->seed);
	bind_named(s, ":now", r->now);
	bind_named(s, ":n", r->o->customers);
	bind_named(s, ":ntopic", COUNT(demo_topics) / 4);
	bind_named(s, ":ntopic_order", DEMO_ORDER_TOPICS);
	bind_named(s, ":norder_cat", DEMO_ORDER_CATEGORIES);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail_sqlite(r->st, _("cannot write the demo data"));
	if (changes)
		*changes = sqlite3_changes64(r->st->db);
	return STORE_OK;
}

static int query_int(struct store *st, const char *sql, long long *out)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	rc = store_step_ints(st, s, out, 1, _("cannot read the database"));
	if (rc == STORE_NOTFOUND)
		return store_fail_sqlite(st, _("cannot read the database"));
	return rc;
}

static void stage(struct demo_run *r, enum demo_stage which)
{
	if (r->o->progress)
		r->o->progress(r->o->progress_arg, which);
}

static int add_agents(struct demo_run *r, long long *added)
{
	struct store *st = r->st;
	const char *name = r->o->name && *r->o->name ? r->o->name : r->o->login;
	sqlite3_stmt *s;
	int i, k;

	s = store_stmt(st, sql_me);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, r->o->login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 3, r->o->supervisor != 0);
	sqlite3_bind_int64(s, 4, r->now - 400 * 86400LL);
	if (sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_reset(s);
		return store_fail_sqlite(st, _("cannot add the demo agents"));
	}
	sqlite3_reset(s);
	*added = 1;
	for (i = 0; i < COUNT(demo_staff); i++) {
		s = store_stmt(st, sql_staff);
		if (s == NULL)
			return STORE_ERROR;
		sqlite3_bind_text(s, 1, demo_staff[i].login, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, demo_staff[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, demo_staff[i].supervisor);
		sqlite3_bind_int64(s, 4, r->now - (1000 - 60 * i) * 86400LL);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_reset(s);
			return store_fail_sqlite(st, _("cannot add the demo agents"));
		}
		*added += sqlite3_changes(st->db);
		sqlite3_reset(s);
	}
	/* Slot 0 is the person running temas, 1-8 the agents, 9 the
	 * supervisor: the SQL picks agents by slot through demo_agent(). */
	for (k = 0; k < DEMO_SLOTS; k++) {
		s = store_stmt(st, sql_agent_id);
		if (s == NULL)
			return STORE_ERROR;
		sqlite3_bind_text(s, 1, k == 0 ? r->o->login : demo_staff[k - 1].login,
				  -1, SQLITE_TRANSIENT);
		if (sqlite3_step(s) != SQLITE_ROW) {
			sqlite3_reset(s);
			return store_fail_sqlite(st, _("cannot add the demo agents"));
		}
		r->agent_ids[k] = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
	}
	return STORE_OK;
}

static int add_products(struct demo_run *r)
{
	int i;

	for (i = 0; i < COUNT(demo_products); i++) {
		sqlite3_stmt *s = store_stmt(r->st, sql_product);

		if (s == NULL)
			return STORE_ERROR;
		sqlite3_bind_int(s, 1, i);
		sqlite3_bind_text(s, 2, demo_products[i].sku, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, demo_products[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, demo_products[i].price);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_reset(s);
			return store_fail_sqlite(r->st, _("cannot write the demo data"));
		}
		sqlite3_reset(s);
	}
	return STORE_OK;
}

static void free_bulk_schema(struct demo_run *r)
{
	int i;

	for (i = 0; i < r->nschema; i++)
		free(r->schema_sql[i]);
	free(r->schema_sql);
	r->schema_sql = NULL;
	r->nschema = 0;
}

/*
 * Drop the bulk tables' secondary indexes and the triggers named in
 * sql_bulk_schema, keeping their exact CREATE statements: building an
 * index once from sorted keys is much faster than updating it for every
 * row, and running the stored text again gives the schema the migrations
 * wrote.  The triggers ran once per row written, about ten million times
 * for a million customers, and changed nothing the generator does not do
 * once at the end: the search and summary triggers are suspended (the
 * index and the summaries are rebuilt whole), the snooze triggers act
 * only on snoozed complaints (the generator makes none), and the change
 * counters are stepped by the rows written (sql_changes).
 */
static int drop_bulk_schema(struct demo_run *r)
{
	sqlite3_stmt *s;
	char **names = NULL;
	int n = 0, capn = 0, caps = 0, i, rc = STORE_OK;

	if (sqlite3_prepare_v2(r->st->db, sql_bulk_schema, -1, &s, NULL) != SQLITE_OK)
		return store_fail_sqlite(r->st, _("cannot read the schema"));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(r->st, (void **)&names, n, &capn,
			       sizeof *names) != STORE_OK ||
		    store_grow(r->st, (void **)&r->schema_sql, n, &caps,
			       sizeof *r->schema_sql) != STORE_OK) {
			rc = SQLITE_NOMEM;
			break;
		}
		names[n] = store_col_strdup(s, 0);
		r->schema_sql[n] = store_col_strdup(s, 1);
		if (names[n] == NULL || r->schema_sql[n] == NULL) {
			free(names[n]);
			free(r->schema_sql[n]);
			rc = SQLITE_NOMEM;
			break;
		}
		n++;
		r->nschema = n;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		rc = store_fail(r->st, _("%s: cannot read the schema"), r->st->path);
		goto out;
	}
	rc = STORE_OK;
	/* Names come from the schema, quoted by SQLite, not from a user. */
	for (i = 0; i < n && rc == STORE_OK; i++)
		rc = store_exec(r->st, names[i]);
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int create_bulk_schema(struct demo_run *r)
{
	int i;

	for (i = 0; i < r->nschema; i++)
		if (store_exec(r->st, r->schema_sql[i]) != STORE_OK)
			return STORE_ERROR;
	return STORE_OK;
}

static int step_changes(struct demo_run *r, const struct demo_counts *n)
{
	sqlite3_stmt *s = store_stmt(r->st, sql_changes);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, n->customers + n->orders + n->order_lines +
			   n->interactions + n->surveys);
	sqlite3_bind_int64(s, 2, n->complaints);
	return store_step_done(r->st, s, _("cannot write the demo data"));
}

static int generate(struct demo_run *r, struct demo_counts *n)
{
	struct search_side *side;
	long long ignored;

	stage(r, DEMO_STAGE_CUSTOMERS);
	/* Indexing row by row would cost more than generating the rows: the
	 * search index is built in one pass at the end instead. */
	if (store_search_suspend(r->st) != STORE_OK ||
	    store_summaries_suspend(r->st) != STORE_OK ||
	    store_exec(r->st, sql_temp_tables) != STORE_OK ||
	    add_agents(r, &n->agents) != STORE_OK ||
	    add_products(r) != STORE_OK ||
	    drop_bulk_schema(r) != STORE_OK ||
	    run_bulk(r, sql_plan, &ignored) != STORE_OK ||
	    run_bulk(r, sql_customers, &n->customers) != STORE_OK)
		return STORE_ERROR;
	stage(r, DEMO_STAGE_ORDERS);
	if (run_bulk(r, sql_orders, &n->orders) != STORE_OK ||
	    run_bulk(r, sql_order_lines, &n->order_lines) != STORE_OK)
		return STORE_ERROR;
	stage(r, DEMO_STAGE_COMPLAINTS);
	if (run_bulk(r, sql_complaints, &n->complaints) != STORE_OK ||
	    query_int(r->st, sql_count_open, &n->open_complaints) != STORE_OK)
		return STORE_ERROR;
	stage(r, DEMO_STAGE_INTERACTIONS);
	if (run_bulk(r, sql_complaint_contacts, &n->interactions) != STORE_OK ||
	    run_bulk(r, sql_contacts, &ignored) != STORE_OK)
		return STORE_ERROR;
	n->interactions += ignored;
	stage(r, DEMO_STAGE_SURVEYS);
	if (run_bulk(r, sql_nps, &n->surveys) != STORE_OK ||
	    run_bulk(r, sql_csat, &ignored) != STORE_OK)
		return STORE_ERROR;
	n->surveys += ignored;
	stage(r, DEMO_STAGE_INDEXES);
	/* The messages' index, the biggest, is built on another thread
	 * meanwhile (search_side.c). */
	if (store_search_side_start(r->st, &side) != STORE_OK)
		return STORE_ERROR;
	if (store_search_side_feed(r->st, side) != STORE_OK ||
	    create_bulk_schema(r) != STORE_OK || step_changes(r, n) != STORE_OK ||
	    store_exec(r->st, sql_drop_temp) != STORE_OK ||
	    store_summaries_refill(r->st) != STORE_OK)
		goto fail;
	stage(r, DEMO_STAGE_SEARCH);
	if (store_search_rebuild_kinds(r->st, 1u << SEARCH_CUSTOMERS |
				       1u << SEARCH_ORDERS) != STORE_OK)
		goto fail;
	if (store_search_side_finish(r->st, side) != STORE_OK)
		return STORE_ERROR;
	return store_search_resume(r->st);
fail:
	store_search_side_free(side);
	return STORE_ERROR;
}

/* Connection settings the generator changes, to be put back after. */
struct demo_saved {
	char journal[16];
	long long cache_size;
	long long temp_cache_size;
	int fast;
};

static int read_pragma_text(struct store *st, const char *sql, char *buf, size_t n)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_fail_sqlite(st, _("cannot read the database settings"));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		store_col_text(s, 0, buf, n);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot read the database settings"));
	return STORE_OK;
}

static int settings_save(struct store *st, struct demo_saved *sv)
{
	char buf[32];

	memset(sv, 0, sizeof *sv);
	if (read_pragma_text(st, "PRAGMA journal_mode", sv->journal,
			     sizeof sv->journal) != STORE_OK ||
	    read_pragma_text(st, "PRAGMA cache_size", buf, sizeof buf) != STORE_OK)
		return STORE_ERROR;
	sv->cache_size = strtoll(buf, NULL, 10);
	if (read_pragma_text(st, "PRAGMA temp.cache_size", buf, sizeof buf) != STORE_OK)
		return STORE_ERROR;
	sv->temp_cache_size = strtoll(buf, NULL, 10);
	return STORE_OK;
}

/* The file's mark of a generation in progress (application_id; db.c
 * refuses to open a file that bears it), set or cleared. */
static int set_unfinished(struct store *st, int on)
{
	char sql[64];

	/* A number, not user text. */
	snprintf(sql, sizeof sql, "PRAGMA application_id=%d",
		 on ? STORE_DEMO_UNFINISHED : 0);
	return store_exec(st, sql);
}

/*
 * Bulk settings: a big page cache; foreign keys and CHECK constraints not
 * evaluated row by row (an IN-list CHECK costs as much as the insert
 * itself; the generator writes only valid values, and the tests run
 * integrity_check, which checks CHECK constraints, and foreign_key_check on
 * the result); and on a blank file no fsync and the rollback journal in
 * memory.
 */
static int settings_bulk(struct store *st, struct demo_saved *sv, int blank)
{
	char mode[16];

	if (store_exec(st, "PRAGMA foreign_keys=OFF;"
			   "PRAGMA ignore_check_constraints=ON;"
			   "PRAGMA cache_size=-1048576;"
			   "PRAGMA temp.cache_size=-524288;"
			   "PRAGMA threads=2") != STORE_OK)
		return STORE_ERROR;
	if (!blank)
		return STORE_OK;
	/* Marked before anything is written without a journal on disk, in a
	 * transaction of its own (see store_demo_generate). */
	if (set_unfinished(st, 1) != STORE_OK)
		return STORE_ERROR;
	if (read_pragma_text(st, "PRAGMA journal_mode=MEMORY", mode, sizeof mode) != STORE_OK)
		return STORE_ERROR;
	/* Another connection holding the file keeps it in WAL: stay safe. */
	if (strcmp(mode, "memory") != 0)
		return set_unfinished(st, 0);
	sv->fast = 1;
	return store_exec(st, "PRAGMA synchronous=OFF");
}

static void settings_restore(struct store *st, const struct demo_saved *sv,
			     int ended)
{
	static const char *const modes[][2] = {
		{ "wal", "PRAGMA journal_mode=WAL" },
		{ "delete", "PRAGMA journal_mode=DELETE" },
		{ "truncate", "PRAGMA journal_mode=TRUNCATE" },
		{ "persist", "PRAGMA journal_mode=PERSIST" },
	};
	char buf[64], mode[16];
	size_t i;

	if (sv->fast) {
		for (i = 0; i < sizeof modes / sizeof modes[0]; i++)
			if (strcmp(sv->journal, modes[i][0]) == 0)
				read_pragma_text(st, modes[i][1], mode, sizeof mode);
		store_exec(st, "PRAGMA synchronous=NORMAL");
		/* Committed whole or rolled back to the empty file it was. */
		if (ended)
			set_unfinished(st, 0);
	}
	/* Integers from PRAGMA replies, not user text. */
	snprintf(buf, sizeof buf, "PRAGMA cache_size=%lld", sv->cache_size);
	store_exec(st, buf);
	snprintf(buf, sizeof buf, "PRAGMA temp.cache_size=%lld", sv->temp_cache_size);
	store_exec(st, buf);
	store_exec(st, "PRAGMA threads=0; PRAGMA ignore_check_constraints=OFF;"
		       "PRAGMA foreign_keys=ON");
}

static int refuse_if_data(struct store *st)
{
	long long has = 0;

	if (query_int(st, sql_has_data, &has) != STORE_OK)
		return STORE_ERROR;
	if (has) {
		store_fail(st, _("%s: already has data; demo data goes into a new file"),
			   st->path);
		return STORE_DENIED;
	}
	return STORE_OK;
}

int store_demo_generate(struct store *st, const struct demo_options *o,
			struct demo_counts *counts)
{
	struct demo_run r = { .st = st, .o = o };
	struct demo_counts n = { 0 };
	struct demo_saved sv;
	long long blank = 0;
	int rc;

	if (o->customers < 1 || o->customers > DEMO_MAX_CUSTOMERS)
	{
		store_fail(st, _("demo: customers must be from 1 to %lld"),
			   DEMO_MAX_CUSTOMERS);
		return STORE_INVALID;
	}
	if (o->login == NULL || *o->login == '\0') {
		store_fail(st, _("demo: no login for the current agent"));
		return STORE_INVALID;
	}
	if (st->readonly) {
		store_fail(st, _("%s: database is read-only"), st->path);
		return STORE_ERROR;
	}
	/* Refuse before touching anything, settings included. */
	rc = refuse_if_data(st);
	if (rc != STORE_OK)
		return rc;
	if (query_int(st, sql_is_blank, &blank) != STORE_OK ||
	    settings_save(st, &sv) != STORE_OK)
		return STORE_ERROR;
	r.now = store_now(st);
	atomic_store(&st->interrupted, 0);
	rc = settings_bulk(st, &sv, blank != 0);
	if (rc == STORE_OK)
		rc = register_fns(st, r.agent_ids, 1);
	if (rc == STORE_OK)
		rc = store_tx_begin(st);
	if (rc == STORE_OK) {
		/* Again under the write lock: another process may have written. */
		rc = refuse_if_data(st);
		if (rc == STORE_OK)
			rc = generate(&r, &n);
		if (rc == STORE_OK)
			rc = store_tx_commit(st);
		if (rc != STORE_OK)
			store_tx_rollback(st);
	}
	free_bulk_schema(&r);
	register_fns(st, NULL, 0);
	settings_restore(st, &sv, sqlite3_get_autocommit(st->db));
	if (rc == STORE_OK && counts != NULL)
		*counts = n;
	return rc;
}
