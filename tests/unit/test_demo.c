/*
 * test_demo.c: the demo database generator.
 *
 * The figures asserted are ranges around what the generator aims for (an
 * exact count would only restate the hash), plus invariants that must hold
 * for every row: totals equal their lines, deadlines follow the SLA table,
 * times never lie in the future, the file passes SQLite's own checks.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "temas/demo.h"
#include "temas/search.h"
#include "temas/store.h"

#define NOW 1760000000LL   /* pinned clock: 2025-10-09 */

static char path[512];
static char path2[512];

static void setup(void)
{
	fixture_mkdir("demo");
	fixture_file("a.db", path, sizeof path);
	fixture_file("b.db", path2, sizeof path2);
}

static void teardown(void)
{
	fixture_rmdir();
}

static struct store *open_db(const char *p)
{
	struct store *st;
	char err[512];

	ck_assert_int_eq(store_open(&st, p, STORE_CREATE, err, sizeof err), STORE_OK);
	store_set_clock(st, NOW);
	return st;
}

/* Generate n customers into a new file p; returns the status. */
static int gen(const char *p, long long n, unsigned long long seed,
	       struct demo_counts *counts)
{
	struct store *st = open_db(p);
	struct demo_options o = { .customers = n, .seed = seed, .login = "tester" };
	int rc = store_demo_generate(st, &o, counts);

	store_close(st);
	return rc;
}

static long long raw_int(const char *p, const char *sql)
{
	return fixture_raw_int(p, 1, sql);
}

/* All rows of a query as one string (for small results). */
static void raw_text(const char *p, const char *sql, char *out, size_t n)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	size_t len = 0;

	out[0] = '\0';
	ck_assert_int_eq(sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		int i;

		for (i = 0; i < sqlite3_column_count(s); i++) {
			const char *v = (const char *)sqlite3_column_text(s, i);
			int w = snprintf(out + len, n - len, "%s|", v ? v : "NULL");

			ck_assert(w >= 0 && (size_t)w < n - len);
			len += (size_t)w;
		}
		ck_assert(len + 1 < n);
		out[len++] = '\n';
		out[len] = '\0';
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* Entries of a directory, "." and ".." aside. */
static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;

	while (n--)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}

/* A hash of every row of every table, in rowid order. */
static uint64_t content_hash(const char *p, const char *only_table)
{
	sqlite3 *db;
	sqlite3_stmt *tables, *s;
	uint64_t h = 0xcbf29ce484222325ULL;

	ck_assert_int_eq(sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db,
		"SELECT name FROM sqlite_schema WHERE type='table'"
		" AND name NOT LIKE 'sqlite_%'"
		/* A full-text table is read through its shadow tables, which
		 * are hashed; temas's tokenizer is not loaded here. */
		" AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name", -1, &tables, NULL), SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tables, 0);
		char *sql;

		if (only_table && strcmp(t, only_table) != 0)
			continue;
		h = fnv(h, t, strlen(t));
		sql = sqlite3_mprintf("SELECT * FROM \"%w\" ORDER BY 1", t);
		ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
		sqlite3_free(sql);
		while (sqlite3_step(s) == SQLITE_ROW) {
			int i;

			for (i = 0; i < sqlite3_column_count(s); i++) {
				const unsigned char *v = sqlite3_column_text(s, i);
				int type = sqlite3_column_type(s, i);

				h = fnv(h, &type, sizeof type);
				if (v)
					h = fnv(h, v, (size_t)sqlite3_column_bytes(s, i));
			}
		}
		sqlite3_finalize(s);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	return h;
}

START_TEST(counts_and_ratios)
{
	struct demo_counts c;
	const long long n = 600;

	ck_assert_int_eq(gen(path, n, 7, &c), STORE_OK);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM customers"), n);
	ck_assert_int_eq(c.customers, n);
	ck_assert_int_eq(c.orders, raw_int(path, "SELECT count(*) FROM orders"));
	ck_assert_int_eq(c.interactions, raw_int(path, "SELECT count(*) FROM interactions"));
	ck_assert_int_eq(c.complaints, raw_int(path, "SELECT count(*) FROM complaints"));
	ck_assert_int_eq(c.surveys, raw_int(path, "SELECT count(*) FROM surveys"));
	ck_assert_int_eq(c.order_lines, raw_int(path, "SELECT count(*) FROM order_lines"));
	/* ~3 orders, ~2 lines each, ~10 contacts, ~0.2 complaints per customer */
	ck_assert(c.orders >= 2 * n && c.orders <= 4 * n);
	ck_assert(c.order_lines >= 3 * c.orders / 2 && c.order_lines <= 5 * c.orders / 2);
	ck_assert(c.interactions >= 7 * n && c.interactions <= 13 * n);
	ck_assert(c.complaints >= n / 10 && c.complaints <= n / 3);
	ck_assert_int_eq(raw_int(path, "SELECT max(n) <= 8 FROM (SELECT count(*) AS n"
				       " FROM orders GROUP BY customer_id)"), 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM customers c WHERE NOT EXISTS"
				       " (SELECT 1 FROM orders WHERE customer_id = c.id)") > 0, 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(DISTINCT n) FROM (SELECT count(*) AS n"
				       " FROM order_lines GROUP BY order_id)"), 4);
}
END_TEST

START_TEST(every_channel_and_direction)
{
	ck_assert_int_eq(gen(path, 300, 7, NULL), STORE_OK);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM channels WHERE code NOT IN"
				       " (SELECT channel FROM interactions)"), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(DISTINCT direction) FROM interactions"), 3);
	/* Agents speak, customers do not carry an agent. */
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM interactions WHERE"
				       " (direction = 'in') <> (agent_id IS NULL)"), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM interactions"
				       " WHERE body LIKE '%SP-____-%'") > 0, 1);
	/* No template placeholder left behind. */
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM interactions"
				       " WHERE instr(body, '%') > 0 OR body = ''"), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM interactions i JOIN customers c"
				       " ON c.id = i.customer_id WHERE c.lang = 'en'"
				       " AND i.direction = 'in' AND i.body GLOB '*[ğışİ]*'"), 0);
}
END_TEST

START_TEST(complaints_in_every_state)
{
	ck_assert_int_eq(gen(path, 800, 7, NULL), STORE_OK);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints WHERE is_open") > 0, 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(DISTINCT status) FROM complaints"), 6);
	ck_assert_int_eq(raw_int(path, "SELECT count(DISTINCT category) FROM complaints"), 7);
	/* Past due, due within two hours, and not due for a while. */
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints"
				       " WHERE is_open AND due_at < 1760000000") > 0, 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints WHERE is_open"
				       " AND due_at BETWEEN 1760000000 AND 1760000000 + 7200") > 0, 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints WHERE is_open"
				       " AND due_at > 1760000000 + 7200") > 0, 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints"
				       " WHERE is_open AND assignee_id IS NULL") > 0, 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints c JOIN agents a"
				       " ON a.id = c.assignee_id WHERE c.is_open"
				       " AND a.login = 'tester'") > 0, 1);
	/* Deadlines come from the SLA table. */
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints c JOIN sla_policies p"
				       " ON p.channel = c.channel AND p.priority = c.priority"
				       " WHERE c.first_response_due <> c.opened_at + p.first_response_secs"
				       " OR c.resolution_due <> c.opened_at + p.resolution_secs"), 0);
	/* Settled ones are complete; open ones are not settled. */
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints WHERE NOT is_open AND"
				       " (resolution IS NULL OR resolved_at IS NULL"
				       "  OR first_response_at IS NULL OR resolved_at < first_response_at"
				       "  OR first_response_at < opened_at)"), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints WHERE is_open AND"
				       " (resolved_at IS NOT NULL OR resolution IS NOT NULL"
				       "  OR (status = 'new') <> (first_response_at IS NULL))"), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints WHERE"
				       " (status = 'closed') <> (closed_at IS NOT NULL)"), 0);
	/* Each opens with the customer's message, on the complaint's channel. */
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints c WHERE NOT EXISTS"
				       " (SELECT 1 FROM interactions i WHERE i.complaint_id = c.id"
				       "  AND i.direction = 'in' AND i.at = c.opened_at"
				       "  AND i.channel = c.channel)"), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints c WHERE"
				       " first_response_at IS NOT NULL AND NOT EXISTS"
				       " (SELECT 1 FROM interactions i WHERE i.complaint_id = c.id"
				       "  AND i.direction = 'out')"), 0);
	/* A linked order belongs to the complaining customer. */
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints c JOIN orders o"
				       " ON o.id = c.order_id WHERE o.customer_id <> c.customer_id"), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints"
				       " WHERE order_id IS NOT NULL") > 0, 1);
}
END_TEST

START_TEST(agents_and_current_user)
{
	struct store *st = open_db(path);
	struct demo_options o = { .customers = 20, .seed = 1, .login = "boss",
				  .name = "Büşra Kaya", .supervisor = 1 };

	ck_assert_int_eq(store_demo_generate(st, &o, NULL), STORE_OK);
	store_close(st);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM agents WHERE login = 'boss'"
				       " AND role = 'supervisor' AND name = 'Büşra Kaya'"), 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM agents WHERE login = 'mudur'"
				       " AND role = 'supervisor'"), 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM agents WHERE role = 'agent'"), 8);

	ck_assert_int_eq(gen(path2, 20, 1, NULL), STORE_OK);
	ck_assert_int_eq(raw_int(path2, "SELECT count(*) FROM agents WHERE login = 'tester'"
				       " AND role = 'agent' AND active = 1"), 1);
}
END_TEST

START_TEST(orders_add_up)
{
	ck_assert_int_eq(gen(path, 400, 3, NULL), STORE_OK);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM orders o WHERE total <>"
				       " (SELECT sum(qty * unit_price) FROM order_lines"
				       "  WHERE order_id = o.id)"), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM orders"
				       " WHERE number NOT GLOB 'SP-20[0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'"
				       " OR substr(number, 4, 4) <> strftime('%Y', placed_at, 'unixepoch')"), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(DISTINCT status) FROM orders"), 5);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM orders o JOIN customers c"
				       " ON c.id = o.customer_id WHERE o.placed_at < c.created_at"
				       " OR o.placed_at > 1760000000"), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM order_lines l1 JOIN order_lines l2"
				       " ON l1.order_id = l2.order_id AND l1.id < l2.id"
				       " AND l1.sku = l2.sku"), 0);
}
END_TEST

START_TEST(customers_look_real)
{
	ck_assert_int_eq(gen(path, 500, 5, NULL), STORE_OK);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM customers"
				       " WHERE (first_name || last_name) GLOB '*[çğıİöşüÇŞÖÜ]*'") > 100, 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(DISTINCT first_name || ' ' || last_name)"
				       " FROM customers") > 400, 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM customers WHERE email IS NOT NULL"
				       " AND (email GLOB '*[^a-z0-9._@-]*' OR email NOT LIKE '%_@_%._%')"), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM customers WHERE phone IS NOT NULL"
				       " AND phone NOT GLOB '+90 5[0-9][0-9] [0-9][0-9][0-9] [0-9][0-9] [0-9][0-9]'"), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(DISTINCT tier) FROM customers"), 4);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM customers WHERE tier = 'standard'")
			 > raw_int(path, "SELECT count(*) FROM customers WHERE tier <> 'standard'"), 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM customers WHERE lang = 'en'") > 0, 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM customers WHERE lang = 'tr'") > 400, 1);
	/* Joined over about six years, none in the future. */
	ck_assert_int_eq(raw_int(path, "SELECT max(created_at) < 1760000000"
				       " AND min(created_at) < 1760000000 - 5 * 365 * 86400"
				       " AND min(created_at) >= 1760000000 - 6 * 366 * 86400"
				       " FROM customers"), 1);
	ck_assert_int_eq(raw_int(path, "SELECT max(at) <= 1760000000 FROM interactions"), 1);
}
END_TEST

START_TEST(surveys_are_skewed_like_real_ones)
{
	ck_assert_int_eq(gen(path, 1000, 9, NULL), STORE_OK);
	ck_assert_int_eq(raw_int(path, "SELECT sum(score >= 9) > sum(score <= 6)"
				       " AND sum(score <= 6) > 0 AND sum(score BETWEEN 7 AND 8) > 0"
				       " FROM surveys WHERE kind = 'nps'"), 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM surveys WHERE kind = 'csat'"
				       " AND complaint_id IS NOT NULL") > 0, 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM surveys s JOIN complaints c"
				       " ON c.id = s.complaint_id WHERE s.at < c.resolved_at"
				       " OR s.customer_id <> c.customer_id"), 0);
}
END_TEST

START_TEST(file_passes_checks_and_schema_is_unchanged)
{
	struct store *st;
	char err[512];
	static char a[262144], b[262144];   /* the whole schema text */
	static const char schema[] =
		"SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name";

	ck_assert_int_eq(gen(path, 300, 7, NULL), STORE_OK);
	ck_assert_int_eq(store_open(&st, path2, STORE_CREATE, err, sizeof err), STORE_OK);
	store_close(st);
	raw_text(path, schema, a, sizeof a);
	raw_text(path2, schema, b, sizeof b);
	ck_assert_str_eq(a, b);
	raw_text(path, "PRAGMA integrity_check", a, sizeof a);
	ck_assert_str_eq(a, "ok|\n");
	raw_text(path, "PRAGMA foreign_key_check", a, sizeof a);
	ck_assert_str_eq(a, "");
	raw_text(path, "PRAGMA journal_mode", a, sizeof a);
	ck_assert_str_eq(a, "wal|\n");
	raw_text(path, "SELECT name FROM sqlite_temp_schema", a, sizeof a);
	ck_assert_str_eq(a, "");
}
END_TEST

/*
 * The generator sets the change-counting triggers aside while it fills
 * the tables and steps the counters once at the end: they must read as if
 * every row had stepped them (schema.c, migration 14), and the triggers
 * must be back and counting.
 */
START_TEST(change_counters_count_every_row)
{
	ck_assert_int_eq(gen(path, 300, 5, NULL), STORE_OK);
	ck_assert_int_eq(raw_int(path, "SELECT n FROM changes WHERE concern = 'customer'"),
			 raw_int(path, "SELECT (SELECT count(*) FROM customers)"
				 " + (SELECT count(*) FROM orders)"
				 " + (SELECT count(*) FROM order_lines)"
				 " + (SELECT count(*) FROM interactions)"
				 " + (SELECT count(*) FROM surveys)"));
	ck_assert_int_eq(raw_int(path, "SELECT n FROM changes WHERE concern = 'queue'"),
			 raw_int(path, "SELECT (SELECT count(*) FROM complaints)"
				 " + (SELECT count(*) FROM agents)"));
	ck_assert_int_eq(raw_int(path, "SELECT n FROM changes WHERE concern = 'presence'"), 0);
	ck_assert_int_gt(raw_int(path, "SELECT n FROM changes WHERE concern = 'queue'"),
			 raw_int(path, "SELECT count(*) FROM agents"));
	fixture_raw_int(path, 0, "UPDATE customers SET city = city WHERE id = 1");
	fixture_raw_int(path, 0, "UPDATE complaints SET priority = priority WHERE id = 1");
	ck_assert_int_eq(raw_int(path, "SELECT n FROM changes WHERE concern = 'customer'"),
			 raw_int(path, "SELECT (SELECT count(*) FROM customers)"
				 " + (SELECT count(*) FROM orders)"
				 " + (SELECT count(*) FROM order_lines)"
				 " + (SELECT count(*) FROM interactions)"
				 " + (SELECT count(*) FROM surveys) + 1"));
	ck_assert_int_eq(raw_int(path, "SELECT n FROM changes WHERE concern = 'queue'"),
			 raw_int(path, "SELECT (SELECT count(*) FROM complaints)"
				 " + (SELECT count(*) FROM agents) + 1"));
}
END_TEST

/*
 * A run killed half-way (here at the contacts, after the tables filled so
 * far may have reached the file) leaves a file every temas refuses, with
 * a message that names it and says what to do; a finished run leaves no
 * mark.
 */
static void die_at_contacts(void *arg, enum demo_stage s)
{
	(void)arg;
	if (s == DEMO_STAGE_INTERACTIONS)
		_exit(3);
}

START_TEST(stopped_run_leaves_a_file_marked_unfinished)
{
	struct demo_options o = { .customers = 300, .seed = 1, .login = "tester",
				  .progress = die_at_contacts };
	struct store *st;
	char err[512];
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		st = open_db(path);
		store_demo_generate(st, &o, NULL);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 3);
	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_ERROR);
	ck_assert_ptr_nonnull(strstr(err, path));
	ck_assert_ptr_nonnull(strstr(err, "stopped before it finished"));
	ck_assert_int_eq(store_open(&st, path, STORE_READONLY, err, sizeof err),
			 STORE_ERROR);
	/* Finished, the other file opens and bears no mark. */
	ck_assert_int_eq(gen(path2, 20, 1, NULL), STORE_OK);
	ck_assert_int_eq(raw_int(path2, "PRAGMA application_id"), 0);
	st = open_db(path2);
	store_close(st);
}
END_TEST

/*
 * The messages' index is built on a thread of its own while the demo's
 * connection builds the rest, and copied into the file: what it copies
 * is, table for table, what a rebuild on one connection writes.
 */
static const char *const message_index_rows[] = {
	/* The structure record's first four bytes count the changes to the
	 * index's settings, which a rebuild of a filled index makes again. */
	"SELECT id, CASE id WHEN 10 THEN substr(block, 5) ELSE block END"
	" FROM search_interaction_data ORDER BY id",
	"SELECT * FROM search_interaction_idx ORDER BY segid, term",
	"SELECT * FROM search_interaction_docsize ORDER BY id",
	"SELECT * FROM search_interaction_config ORDER BY k",
	"SELECT * FROM search_terms ORDER BY term",
	"SELECT count(*) FROM search_queue",
	"SELECT * FROM search_state",
};
#define NMESSAGE_INDEX (sizeof message_index_rows / sizeof message_index_rows[0])

/* A hash of the rows of one query. */
static uint64_t rows_hash(const char *p, const char *sql)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	sqlite3_stmt *s;
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		int i;

		for (i = 0; i < sqlite3_column_count(s); i++) {
			const void *v = sqlite3_column_blob(s, i);
			int type = sqlite3_column_type(s, i);

			h = fnv(h, &type, sizeof type);
			if (v)
				h = fnv(h, v, (size_t)sqlite3_column_bytes(s, i));
		}
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return h;
}

START_TEST(message_index_is_what_a_rebuild_writes)
{
	uint64_t built[NMESSAGE_INDEX];
	struct store *st;
	size_t i;

	ck_assert_int_eq(gen(path, 400, 5, NULL), STORE_OK);
	ck_assert_int_gt(raw_int(path, "SELECT count(*) FROM search_interaction_docsize"), 1000);
	ck_assert_int_gt(raw_int(path, "SELECT count(*) FROM search_terms"), 100);
	for (i = 0; i < NMESSAGE_INDEX; i++)
		built[i] = rows_hash(path, message_index_rows[i]);
	st = open_db(path);
	ck_assert_int_eq(store_search_rebuild(st, NULL, NULL), STORE_OK);
	store_close(st);
	for (i = 0; i < NMESSAGE_INDEX; i++)
		ck_assert_msg(built[i] == rows_hash(path, message_index_rows[i]),
			      "differs from a rebuild's: %s", message_index_rows[i]);
}
END_TEST

/*
 * A stop (Ctrl-C: store_interrupt) while the search index is built, even
 * at a moment when only the thread building the messages' index is at
 * work, ends the run: its transaction is rolled back and the new file
 * is left empty and unmarked, ready for another run.
 */
static void stop_at_search(void *arg, enum demo_stage s)
{
	if (s == DEMO_STAGE_SEARCH)
		store_interrupt(arg);
}

START_TEST(stop_while_the_search_index_is_built)
{
	struct demo_options o = { .customers = 300, .seed = 1, .login = "tester",
				  .progress = stop_at_search };
	struct store *st = open_db(path);
	char ok[64];

	o.progress_arg = st;
	ck_assert_int_ne(store_demo_generate(st, &o, NULL), STORE_OK);
	store_close(st);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM customers"), 0);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM search_interaction_docsize"), 0);
	ck_assert_int_eq(raw_int(path, "PRAGMA application_id"), 0);
	raw_text(path, "PRAGMA integrity_check", ok, sizeof ok);
	ck_assert_str_eq(ok, "ok|\n");
	ck_assert_int_eq(gen(path, 30, 1, NULL), STORE_OK);
}
END_TEST

/*
 * Killed while the thread builds the messages' index: the file is
 * refused like any unfinished one, and the thread's database leaves no
 * file behind, in the directory of temporary files or elsewhere.
 */
static void die_at_search(void *arg, enum demo_stage s)
{
	(void)arg;
	if (s == DEMO_STAGE_SEARCH)
		_exit(3);
}

START_TEST(killed_while_the_search_index_is_built)
{
	struct demo_options o = { .customers = 300, .seed = 1, .login = "tester",
				  .progress = die_at_search };
	struct store *st;
	char err[512], tmp[600];
	int status;
	pid_t pid;

	snprintf(tmp, sizeof tmp, "%s/tmp", fixture_dir);
	ck_assert_int_eq(mkdir(tmp, 0700), 0);
	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		setenv("SQLITE_TMPDIR", tmp, 1);
		st = open_db(path);
		store_demo_generate(st, &o, NULL);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 3);
	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_ERROR);
	ck_assert_ptr_nonnull(strstr(err, "stopped before it finished"));
	ck_assert_int_eq(count_files(tmp), 0);
	/* Only the file and its journal files in its directory. */
	ck_assert_int_le(count_files(fixture_dir), 4);
}
END_TEST

START_TEST(same_seed_same_data)
{
	ck_assert_int_eq(gen(path, 250, 42, NULL), STORE_OK);
	ck_assert_int_eq(gen(path2, 250, 42, NULL), STORE_OK);
	ck_assert(content_hash(path, NULL) == content_hash(path2, NULL));
	ck_assert(content_hash(path, "interactions") == content_hash(path2, "interactions"));
}
END_TEST

START_TEST(other_seed_other_data)
{
	ck_assert_int_eq(gen(path, 250, 42, NULL), STORE_OK);
	ck_assert_int_eq(gen(path2, 250, 43, NULL), STORE_OK);
	ck_assert(content_hash(path, "customers") != content_hash(path2, "customers"));
	ck_assert(content_hash(path, "interactions") != content_hash(path2, "interactions"));
	ck_assert(content_hash(path, "complaints") != content_hash(path2, "complaints"));
}
END_TEST

START_TEST(refuses_a_file_with_data)
{
	struct store *st;
	struct demo_options o = { .customers = 10, .seed = 1, .login = "tester" };
	char want[1024];
	uint64_t before;

	ck_assert_int_eq(gen(path, 30, 1, NULL), STORE_OK);
	before = content_hash(path, NULL);
	st = open_db(path);
	ck_assert_int_eq(store_demo_generate(st, &o, NULL), STORE_DENIED);
	snprintf(want, sizeof want, "%s: already has data; demo data goes into a new file", path);
	ck_assert_str_eq(store_errmsg(st), want);
	store_close(st);
	ck_assert(content_hash(path, NULL) == before);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM customers"), 30);
}
END_TEST

START_TEST(refuses_one_real_customer)
{
	struct store *st = open_db(path);
	struct demo_options o = { .customers = 10, .seed = 1, .login = "tester" };
	sqlite3 *db;
	uint64_t before;

	store_close(st);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO customers(first_name, last_name,"
					  " created_at) VALUES('Ayşe', 'Yılmaz', 1)",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	before = content_hash(path, NULL);
	st = open_db(path);
	ck_assert_int_eq(store_demo_generate(st, &o, NULL), STORE_DENIED);
	store_close(st);
	ck_assert(content_hash(path, NULL) == before);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM agents"), 0);
}
END_TEST

/* A file with agents but no customers is filled the careful way and the
 * existing agents keep their names. */
START_TEST(keeps_existing_agents)
{
	struct store *st = open_db(path);
	sqlite3 *db;
	char buf[4096];

	store_close(st);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO agents(login, name, created_at)"
					  " VALUES('ayse', 'Ayşe Kara', 1)", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(gen(path, 50, 1, NULL), STORE_OK);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM agents WHERE login = 'ayse'"
				       " AND name = 'Ayşe Kara'"), 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM customers"), 50);
	raw_text(path, "PRAGMA integrity_check", buf, sizeof buf);
	ck_assert_str_eq(buf, "ok|\n");
	raw_text(path, "PRAGMA foreign_key_check", buf, sizeof buf);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(bad_customer_counts)
{
	static const long long bad[] = { 0, -1, DEMO_MAX_CUSTOMERS + 1 };
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct store *st = open_db(path);
		struct demo_options o = { .customers = bad[i], .seed = 1, .login = "tester" };

		ck_assert_int_eq(store_demo_generate(st, &o, NULL), STORE_INVALID);
		ck_assert_ptr_nonnull(strstr(store_errmsg(st), "from 1 to 10000000"));
		store_close(st);
		ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM agents"), 0);
		ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM customers"), 0);
	}
}
END_TEST

START_TEST(one_customer_still_shows_work)
{
	ck_assert_int_eq(gen(path, 1, 1, NULL), STORE_OK);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM customers"), 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM complaints WHERE is_open"), 1);
}
END_TEST

static Suite *demo_suite(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("demo");

	tcase_add_checked_fixture(tc, setup, teardown);
	/* Sanitizer builds on a busy machine are slow; there is no speed
	 * assertion here. */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, counts_and_ratios);
	tcase_add_test(tc, every_channel_and_direction);
	tcase_add_test(tc, complaints_in_every_state);
	tcase_add_test(tc, agents_and_current_user);
	tcase_add_test(tc, orders_add_up);
	tcase_add_test(tc, customers_look_real);
	tcase_add_test(tc, surveys_are_skewed_like_real_ones);
	tcase_add_test(tc, file_passes_checks_and_schema_is_unchanged);
	tcase_add_test(tc, change_counters_count_every_row);
	tcase_add_test(tc, stopped_run_leaves_a_file_marked_unfinished);
	tcase_add_test(tc, message_index_is_what_a_rebuild_writes);
	tcase_add_test(tc, stop_while_the_search_index_is_built);
	tcase_add_test(tc, killed_while_the_search_index_is_built);
	tcase_add_test(tc, same_seed_same_data);
	tcase_add_test(tc, other_seed_other_data);
	tcase_add_test(tc, refuses_a_file_with_data);
	tcase_add_test(tc, refuses_one_real_customer);
	tcase_add_test(tc, keeps_existing_agents);
	tcase_add_test(tc, bad_customer_counts);
	tcase_add_test(tc, one_customer_still_shows_work);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return harness_run(demo_suite());
}
