/*
 * test_search_lift.c: an index merged in bulk is not merged again by the
 * writes that follow, and 'optimize' leaves the index within its levels.
 *
 * What "merged again" means is read from the index's own rows: FTS5 files
 * every page of a segment under a row id that begins with the segment's
 * id (the id shifted left by 37 bits), so the segment a bulk build made
 * is the id with the most rows, and it is untouched as long as the very
 * same rows are there.  Writes are counted, never timed.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "../../src/store/internal.h"
#include "temas/demo.h"
#include "temas/ingest.h"
#include "temas/search.h"
#include "temas/store.h"

static char path[512];
static struct store *st;

static const char *const tables[] = {
	"search_customer", "search_order", "search_interaction",
};
#define NTABLES (sizeof tables / sizeof tables[0])

static void open_db(int flags)
{
	char e[1024];

	ck_assert_msg(store_open(&st, path, flags, e, sizeof e) == STORE_OK,
		      "%s", e);
}

static void setup(void)
{
	fixture_mkdir("lift");
	fixture_file("t.db", path, sizeof path);
	open_db(STORE_CREATE);
}

static void teardown(void)
{
	store_close(st);
	st = NULL;
	fixture_rmdir();
}

static void sql(const char *q)
{
	ck_assert_msg(store_exec(st, q) == STORE_OK, "%s: %s", q,
		      store_errmsg(st));
}

static long long int_of(const char *q)
{
	sqlite3_stmt *s;
	long long n;

	ck_assert_msg(sqlite3_prepare_v2(st->db, q, -1, &s, NULL) == SQLITE_OK,
		      "%s: %s", q, sqlite3_errmsg(st->db));
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* Customer i with an order and a message, each in its own transaction
 * when no transaction is open, as an agent's writes come. */
static void add_customer_with_order_and_message(int i)
{
	char q[1024];

	snprintf(q, sizeof q,
		 "INSERT INTO customers(id, first_name, last_name, email, phone,"
		 " created_at) VALUES(%d, 'Ayşe%d', 'Yılmaz%d', 'ayse%d@ornek.com',"
		 " '0532%07d', 1700000000)", i, i % 97, i % 89, i, i);
	sql(q);
	snprintf(q, sizeof q,
		 "INSERT INTO orders(id, customer_id, number, status, total,"
		 " placed_at) VALUES(%d, %d, 'TM-%d', 'delivered', 12345,"
		 " 1700000100)", i, i, 700000 + i);
	sql(q);
	snprintf(q, sizeof q,
		 "INSERT INTO interactions(id, customer_id, channel, direction, at,"
		 " subject, body) VALUES(%d, %d, 'email', 'in', 1700000200,"
		 " 'Kargo %d', 'Siparişim TM-%d hâlâ gelmedi; kargo firması"
		 " iadesini de almadı, kredi kartımdan %d lira çekildi')",
		 i, i, i % 41, 700000 + i, 100 + i % 900);
	sql(q);
}

/* The index's largest segment: its id, and how many rows it has. */
static void largest_segment(const char *table, long long *id, long long *rows)
{
	char q[512];
	sqlite3_stmt *s;

	snprintf(q, sizeof q,
		 "SELECT id >> 37, count(*) FROM %s_data WHERE id >= (1 << 37)"
		 " GROUP BY 1 ORDER BY 2 DESC LIMIT 1", table);
	ck_assert_int_eq(sqlite3_prepare_v2(st->db, q, -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	*id = sqlite3_column_int64(s, 0);
	*rows = sqlite3_column_int64(s, 1);
	sqlite3_finalize(s);
}

/* The rows of segment id: all of them go when it is merged. */
static long long segment_rows(const char *table, long long id)
{
	char q[512];

	snprintf(q, sizeof q,
		 "SELECT count(*) FROM %s_data WHERE id BETWEEN %lld AND %lld",
		 table, id << 37, ((id + 1) << 37) - 1);
	return int_of(q);
}

/* How many levels the index's structure record says it has: the varint
 * after the four bytes of cookie, one byte while it is below 128. */
static int levels(const char *table)
{
	char q[256];
	sqlite3_stmt *s;
	const unsigned char *b;
	int n;

	snprintf(q, sizeof q, "SELECT block FROM %s_data WHERE id = 10", table);
	ck_assert_int_eq(sqlite3_prepare_v2(st->db, q, -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	b = sqlite3_column_blob(s, 0);
	ck_assert_int_gt(sqlite3_column_bytes(s, 0), 4);
	n = b[4];
	sqlite3_finalize(s);
	ck_assert_int_lt(n, 0x80);
	return n;
}

static void indexes_are_sound(void)
{
	size_t t;
	char q[256];

	for (t = 0; t < NTABLES; t++) {
		snprintf(q, sizeof q,
			 "INSERT INTO %s(%s, rank) VALUES('integrity-check', 0)",
			 tables[t], tables[t]);
		sql(q);
	}
}

static long long hits(const char *q, enum search_kind kind)
{
	struct search_results r;
	long long n = 0;
	int i;

	ck_assert_msg(store_search(st, q, 50, &r) == STORE_OK, "%s: %s", q,
		      store_errmsg(st));
	for (i = 0; i < r.nhits; i++)
		if (r.hits[i].kind == kind)
			n++;
	search_results_free(&r);
	return n;
}

/*
 * A database filled and then indexed in bulk (as the demo, reindex and
 * import leave it), then 500 writes of a customer, an order and a message
 * each, as agents and arrivals make them: the segment the bulk build made
 * is there with every one of its rows after each write.  Before the fix,
 * write 299 or so merged it whole, in its own transaction.
 */
START_TEST(bulk_index_is_not_merged_again_by_later_writes)
{
	long long id[NTABLES], rows[NTABLES];
	size_t t;
	int i;

	sql("BEGIN");
	for (i = 1; i <= 3000; i++)
		add_customer_with_order_and_message(i);
	sql("COMMIT");
	ck_assert_int_eq(store_search_rebuild(st, NULL, NULL), STORE_OK);
	for (t = 0; t < NTABLES; t++) {
		largest_segment(tables[t], &id[t], &rows[t]);
		ck_assert_int_gt(rows[t], 20);
		ck_assert_int_eq(levels(tables[t]), 17);
	}
	for (i = 3001; i <= 3500; i++) {
		add_customer_with_order_and_message(i);
		for (t = 0; t < NTABLES; t++)
			ck_assert_msg(segment_rows(tables[t], id[t]) == rows[t],
				      "write %d merged %s's bulk segment again",
				      i - 3000, tables[t]);
	}
	/* Every write is found, old and new. */
	ck_assert_int_eq(hits("ayse3499@ornek.com", SEARCH_CUSTOMERS), 1);
	ck_assert_int_eq(hits("ayse17@ornek.com", SEARCH_CUSTOMERS), 1);
	ck_assert_int_eq(hits("TM-703456", SEARCH_ORDERS), 1);
	ck_assert_int_eq(hits("TM-700017", SEARCH_ORDERS), 1);
	ck_assert_int_eq(hits("\"TM-703456\"", SEARCH_INTERACTIONS), 1);
	ck_assert_int_eq(hits("\"TM-700017\"", SEARCH_INTERACTIONS), 1);
	indexes_are_sound();
	/* And a rebuild puts it back where the writes did not take it. */
	ck_assert_int_eq(store_search_rebuild(st, NULL, NULL), STORE_OK);
	for (t = 0; t < NTABLES; t++)
		ck_assert_int_eq(levels(tables[t]), 17);
	indexes_are_sound();
}
END_TEST

/*
 * The demo builds the messages' index on a thread of its own and copies
 * it into the file: all three indexes end where a rebuild leaves them,
 * and the writes after it leave the demo's segments alone.
 */
START_TEST(demo_indexes_are_not_merged_again_by_later_writes)
{
	struct demo_options o = { .customers = 1500, .seed = 3, .login = "tester" };
	long long id[NTABLES], rows[NTABLES];
	size_t t;
	int i;

	ck_assert_msg(store_demo_generate(st, &o, NULL) == STORE_OK, "%s",
		      store_errmsg(st));
	for (t = 0; t < NTABLES; t++) {
		ck_assert_int_eq(levels(tables[t]), 17);
		largest_segment(tables[t], &id[t], &rows[t]);
	}
	for (i = 0; i < 400; i++) {
		add_customer_with_order_and_message(900000 + i);
		for (t = 0; t < NTABLES; t++)
			ck_assert_msg(segment_rows(tables[t], id[t]) == rows[t],
				      "write %d merged %s's demo segment again",
				      i + 1, tables[t]);
	}
	ck_assert_int_eq(hits("ayse900399@ornek.com", SEARCH_CUSTOMERS), 1);
	indexes_are_sound();
}
END_TEST

/*
 * Each erasure merges the indexes of customers and messages into one
 * segment, so that no erased word stays in an older one.  FTS5 puts each
 * such segment a level or two above the last, and about a thousand
 * erasures used to leave an index FTS5 took for corrupt.  Forty erasures
 * here, with writes between them: the levels stay where they were.
 */
START_TEST(erasures_leave_the_index_within_its_levels)
{
	int i;

	sql("BEGIN");
	for (i = 1; i <= 300; i++)
		add_customer_with_order_and_message(i);
	sql("COMMIT");
	ck_assert_int_eq(store_search_rebuild(st, NULL, NULL), STORE_OK);
	for (i = 1; i <= 40; i++) {
		add_customer_with_order_and_message(300 + i);
		ck_assert_msg(store_customer_erase(st, i, "tester") == STORE_OK,
			      "%s", store_errmsg(st));
		ck_assert_int_eq(levels("search_customer"), 17);
		ck_assert_int_eq(levels("search_interaction"), 17);
	}
	ck_assert_int_eq(hits("ayse7@ornek.com", SEARCH_CUSTOMERS), 0);
	ck_assert_int_eq(hits("ayse77@ornek.com", SEARCH_CUSTOMERS), 1);
	ck_assert_int_eq(hits("ayse340@ornek.com", SEARCH_CUSTOMERS), 1);
	indexes_are_sound();
}
END_TEST

/*
 * A database whose indexes an earlier temas merged and left low: opening
 * it migrates, which merges them once more and moves the segment up.
 */
START_TEST(upgrade_moves_an_index_merged_before)
{
	size_t t;
	int i, v;

	store_close(st);
	ck_assert_int_eq(unlink(path), 0);
	open_db(STORE_CREATE | STORE_NO_MIGRATE);
	ck_assert_int_eq(store_migrate_to(st, 41), STORE_OK);
	ck_assert_int_eq(store_search_attach(st), STORE_OK);
	sql("BEGIN");
	for (i = 1; i <= 200; i++)
		add_customer_with_order_and_message(i);
	sql("COMMIT");
	for (t = 0; t < NTABLES; t++) {
		char q[256];

		snprintf(q, sizeof q, "INSERT INTO %s(%s) VALUES('optimize')",
			 tables[t], tables[t]);
		sql(q);
		ck_assert_int_gt(levels(tables[t]), 0);
		ck_assert_int_lt(levels(tables[t]), 17);
	}
	add_customer_with_order_and_message(201);
	store_close(st);
	open_db(0);
	ck_assert_int_eq(store_schema_version(st, &v), STORE_OK);
	ck_assert_int_eq(v, store_schema_latest());
	for (t = 0; t < NTABLES; t++)
		ck_assert_int_eq(levels(tables[t]), 17);
	ck_assert_int_eq(hits("ayse201@ornek.com", SEARCH_CUSTOMERS), 1);
	ck_assert_int_eq(hits("TM-700150", SEARCH_ORDERS), 1);
	indexes_are_sound();
}
END_TEST

/* Varints for the records below. */
static size_t put(unsigned char *o, unsigned long long v)
{
	unsigned char t[10];
	size_t n = 0, i;

	if (v >= 1ULL << 56) {
		o[8] = (unsigned char)v;
		v >>= 8;
		for (i = 8; i-- > 0; v >>= 7)
			o[i] = (unsigned char)((v & 0x7f) | 0x80);
		return 9;
	}
	do
		t[n++] = v & 0x7f;
	while ((v >>= 7) != 0);
	for (i = 0; i < n; i++)
		o[i] = (unsigned char)(t[n - 1 - i] | (i + 1 < n ? 0x80 : 0));
	return n;
}

/* A structure record: levels given as (merging, segments) pairs, each
 * segment as id 5+k, pages 1 to 300000. */
static size_t record(unsigned char *o, unsigned long long counter, int nlevel,
		     const int *merging, const int *nseg)
{
	size_t n = 0;
	int l, k, total = 0;

	memcpy(o, "\x00\x00\x00\x07", 4);
	n = 4;
	for (l = 0; l < nlevel; l++)
		total += nseg[l];
	n += put(o + n, (unsigned long long)nlevel);
	n += put(o + n, (unsigned long long)total);
	n += put(o + n, counter);
	for (l = 0; l < nlevel; l++) {
		n += put(o + n, (unsigned long long)merging[l]);
		n += put(o + n, (unsigned long long)nseg[l]);
		for (k = 0; k < nseg[l]; k++) {
			n += put(o + n, 5 + (unsigned long long)k);
			n += put(o + n, 1);
			n += put(o + n, 300000);
		}
	}
	return n;
}

/*
 * The move itself: one segment anywhere goes to level 16 of 17 with its
 * fields and the write counter (however large) as they were; whatever is
 * not exactly such a record is left alone.
 */
START_TEST(only_a_record_of_one_segment_is_moved)
{
	static const int none[3] = { 0, 0, 0 };
	static const int low[2] = { 0, 1 };
	static const int two[2] = { 1, 1 };
	static const int merging[2] = { 0, 1 };
	static const int both[2] = { 0, 2 };
	unsigned char in[256], want[256], *out;
	size_t n, m, w;
	int l;
	int flat[17] = { 0 }, lifted[17] = { 0 };

	/* One segment on level 1 of 2, a counter of nine bytes. */
	n = record(in, 0xfedcba9876543210ULL, 2, none, low);
	flat[16] = 1;
	w = record(want, 0xfedcba9876543210ULL, 17, lifted, flat);
	m = search_lift_record(in, n, &out);
	ck_assert_uint_eq(m, w);
	ck_assert_mem_eq(out, want, w);
	free(out);
	/* Already there: left as it is. */
	ck_assert_uint_eq(search_lift_record(want, w, &out), 0);
	ck_assert_ptr_null(out);
	/* Higher than 16 (an index merged many times): brought down. */
	{
		int high[40] = { 0 }, z[40] = { 0 };

		high[39] = 1;
		n = record(in, 3, 40, z, high);
		w = record(want, 3, 17, lifted, flat);
		m = search_lift_record(in, n, &out);
		ck_assert_uint_eq(m, w);
		ck_assert_mem_eq(out, want, w);
		free(out);
	}
	/* Two segments, on one level or two, or a merge under way. */
	n = record(in, 3, 2, none, two);
	ck_assert_uint_eq(search_lift_record(in, n, &out), 0);
	n = record(in, 3, 2, none, both);
	ck_assert_uint_eq(search_lift_record(in, n, &out), 0);
	{
		int m1[2] = { 0, 1 };

		n = record(in, 3, 2, m1, merging);
		ck_assert_uint_eq(search_lift_record(in, n, &out), 0);
	}
	/* An empty index. */
	n = record(in, 3, 0, none, none);
	ck_assert_uint_eq(search_lift_record(in, n, &out), 0);
	/* Cut short anywhere, or with a byte too many. */
	n = record(in, 3, 2, none, low);
	for (l = 0; l < (int)n; l++)
		ck_assert_uint_eq(search_lift_record(in, (size_t)l, &out), 0);
	in[n] = 0;
	ck_assert_uint_eq(search_lift_record(in, n + 1, &out), 0);
	/* The longer layout a later SQLite writes for some indexes: its mark
	 * after the cookie, then the same counts. */
	n = record(in + 4, 3, 2, none, low);
	memcpy(in, in + 4, 4);
	memcpy(in + 4, "\xff\x00\x00\x01", 4);
	ck_assert_uint_eq(search_lift_record(in, n + 4, &out), 0);
	ck_assert_ptr_null(out);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("search_lift");
	TCase *tc = tcase_create("search_lift");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, bulk_index_is_not_merged_again_by_later_writes);
	tcase_add_test(tc, demo_indexes_are_not_merged_again_by_later_writes);
	tcase_add_test(tc, erasures_leave_the_index_within_its_levels);
	tcase_add_test(tc, upgrade_moves_an_index_merged_before);
	tcase_add_test(tc, only_a_record_of_one_segment_is_moved);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return harness_run(suite());
}
