/*
 * test_search.c: the search index and store_search.
 *
 * Rows are written with plain SQL through the store's own connection (the
 * entity write functions live elsewhere), which is exactly what the
 * triggers must cope with: any writer, not only the search code, keeps
 * the index current.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "../../src/store/internal.h"
#include "temas/ingest.h"
#include "temas/search.h"
#include "temas/store.h"

static char dir[256];
static char path[512];
static struct store *st;

static void open_db(int flags)
{
	char e[1024];

	ck_assert_msg(store_open(&st, path, flags, e, sizeof e) == STORE_OK,
		      "%s", e);
}

static void setup(void)
{
	snprintf(dir, sizeof dir, "%s/temas-search-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	open_db(STORE_CREATE);
}

static void teardown(void)
{
	char cmd[600];

	store_close(st);
	st = NULL;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void sql(const char *q)
{
	ck_assert_msg(store_exec(st, q) == STORE_OK, "%s: %s", q,
		      store_errmsg(st));
}

static long long add_customer(const char *first, const char *last,
			      const char *email, const char *phone)
{
	sqlite3_stmt *s;

	ck_assert_int_eq(sqlite3_prepare_v2(st->db,
		"INSERT INTO customers(first_name, last_name, email, phone,"
		" created_at) VALUES(?1, ?2, ?3, ?4, 1700000000)", -1, &s, NULL),
		SQLITE_OK);
	sqlite3_bind_text(s, 1, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, last, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, email, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, phone, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	return sqlite3_last_insert_rowid(st->db);
}

static long long add_order(long long customer, const char *number)
{
	sqlite3_stmt *s;

	ck_assert_int_eq(sqlite3_prepare_v2(st->db,
		"INSERT INTO orders(customer_id, number, status, total, placed_at)"
		" VALUES(?1, ?2, 'delivered', 12345, 1700000100)", -1, &s, NULL),
		SQLITE_OK);
	sqlite3_bind_int64(s, 1, customer);
	sqlite3_bind_text(s, 2, number, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	return sqlite3_last_insert_rowid(st->db);
}

static long long add_interaction(long long customer, const char *subject,
				 const char *body)
{
	sqlite3_stmt *s;

	ck_assert_int_eq(sqlite3_prepare_v2(st->db,
		"INSERT INTO interactions(customer_id, channel, direction, at,"
		" subject, body) VALUES(?1, 'email', 'in', 1700000200, ?2, ?3)",
		-1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, customer);
	sqlite3_bind_text(s, 2, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, body, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	return sqlite3_last_insert_rowid(st->db);
}

/* Ids of the hits of one kind for query q, as " 3 7" (in result order). */
static const char *ids(const char *q, enum search_kind kind)
{
	static char buf[512];
	struct search_results r;
	size_t n = 0;
	int i;

	ck_assert_msg(store_search(st, q, 20, &r) == STORE_OK, "%s: %s", q,
		      store_errmsg(st));
	buf[0] = '\0';
	for (i = 0; i < r.nhits; i++)
		if (r.hits[i].kind == kind)
			n += (size_t)snprintf(buf + n, sizeof buf - n, " %lld",
					      r.hits[i].id);
	search_results_free(&r);
	return buf;
}

/* Sorted ids, for sets where rank order is not the point. */
static const char *id_set(const char *q, enum search_kind kind)
{
	static char out[512];
	long long v[64], t;
	int n = 0, i, j;
	const char *p = ids(q, kind);
	size_t o = 0;

	while (*p && n < 64) {
		char *end;

		v[n++] = strtoll(p, &end, 10);
		p = end;
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (v[j] < v[i]) {
				t = v[i]; v[i] = v[j]; v[j] = t;
			}
	out[0] = '\0';
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(out + o, sizeof out - o, " %lld", v[i]);
	return out;
}

static void index_is_sound(void)
{
	sql("INSERT INTO search_customer(search_customer, rank)"
	    " VALUES('integrity-check', 0)");
	sql("INSERT INTO search_order(search_order, rank)"
	    " VALUES('integrity-check', 0)");
	sql("INSERT INTO search_interaction(search_interaction, rank)"
	    " VALUES('integrity-check', 0)");
}

START_TEST(dotted_and_dotless_i_in_every_combination)
{
	static const char *const spellings[] = {
		"isik", "ISIK", "ışık", "IŞIK", "Işık", "işık", "İŞİK", "İşık",
		"ısık", "IsIk", "ışik", "İSİK"
	};
	char want[64];
	long long a, b, c, d;
	size_t i;

	a = add_customer("IŞIK", "Yılmaz", NULL, NULL);
	b = add_customer("ışık", "Demir", NULL, NULL);
	c = add_customer("Işık", "Kaya", NULL, NULL);
	d = add_customer("İsmail", "Işıl", NULL, NULL);
	snprintf(want, sizeof want, " %lld %lld %lld", a, b, c);
	for (i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
		ck_assert_msg(strcmp(id_set(spellings[i], SEARCH_CUSTOMERS),
				     want) == 0,
			      "'%s' found%s, want%s", spellings[i],
			      id_set(spellings[i], SEARCH_CUSTOMERS), want);
	snprintf(want, sizeof want, " %lld", d);
	ck_assert_str_eq(id_set("ISMAIL", SEARCH_CUSTOMERS), want);
	ck_assert_str_eq(id_set("ışıl", SEARCH_CUSTOMERS), want);
	ck_assert_str_eq(id_set("isil ismail", SEARCH_CUSTOMERS), want);
}
END_TEST

START_TEST(every_turkish_letter_folds)
{
	static const char *const queries[] = {
		"cig", "ÇIĞ", "çığ", "ogun", "ÖĞÜN", "suphe", "ŞÜPHE", "asik",
		"ÂŞIK", "iman", "ÎMAN", "ufuk", "ÛFUK", "gorusme", "GÖRÜŞME"
	};
	char want[32];
	long long c = add_customer("Ali", "Veli", NULL, NULL), i1;
	size_t i;

	i1 = add_interaction(c, "Görüşme notu",
			     "Çığ öğün şüphe âşık îman ûfuk");
	add_interaction(c, "Another", "nothing relevant here");
	snprintf(want, sizeof want, " %lld", i1);
	for (i = 0; i < sizeof queries / sizeof queries[0]; i++)
		ck_assert_msg(strcmp(ids(queries[i], SEARCH_INTERACTIONS),
				     want) == 0, "'%s' found%s, want%s",
			      queries[i], ids(queries[i], SEARCH_INTERACTIONS),
			      want);
}
END_TEST

START_TEST(turkish_and_english_words)
{
	char want[32];
	long long c = add_customer("Ayşe", "Yılmaz", NULL, NULL);
	long long i1 = add_interaction(c, "Çağrı merkezi", "İADE talebi: order delivered LATE");
	long long i2 = add_interaction(c, "Siparişim gelmedi", "kargo nerede?");

	snprintf(want, sizeof want, " %lld", i1);
	ck_assert_str_eq(ids("cagri", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(ids("iade", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(ids("IADE", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(ids("delivered late", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(ids("ORDER", SEARCH_INTERACTIONS), want);
	snprintf(want, sizeof want, " %lld", i2);
	ck_assert_str_eq(ids("sipari*", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(ids("SİPARİŞ*", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(ids("siparisim", SEARCH_INTERACTIONS), want);
	/* Implicit AND: both words must be in the same row. */
	ck_assert_str_eq(ids("iade kargo", SEARCH_INTERACTIONS), "");
	/* A prefix must be a prefix, not a substring. */
	ck_assert_str_eq(ids("iparis*", SEARCH_INTERACTIONS), "");
}
END_TEST

START_TEST(phrase_search)
{
	char want[32];
	long long c = add_customer("Ali", "Veli", NULL, NULL);
	long long i1 = add_interaction(c, NULL, "Kargo çok geç geldi, kutu ezik.");

	add_interaction(c, NULL, "Geç geldi ama kargo çok iyiydi.");
	snprintf(want, sizeof want, " %lld", i1);
	ck_assert_str_eq(ids("\"kargo cok gec\"", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(ids("\"KARGO ÇOK\" ezik", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(ids("\"geldi kutu\"", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(ids("\"cok kargo\"", SEARCH_INTERACTIONS), "");
	ck_assert_str_eq(id_set("kargo cok", SEARCH_INTERACTIONS),
			 id_set("geldi", SEARCH_INTERACTIONS));
}
END_TEST

START_TEST(prefix_words_inside_a_phrase)
{
	char want[32];
	long long c = add_customer("Ali", "Veli", NULL, NULL);
	long long i1 = add_interaction(c, NULL, "Kredi kartımdan iki kez çekildi.");
	long long i2 = add_interaction(c, NULL, "KREDİ KARTLARIM bloke oldu");

	add_interaction(c, NULL, "Kartımı kaybettim, kredi başvurusu yaptım.");
	add_interaction(c, NULL, "Kredi için kartvizit istedim");
	snprintf(want, sizeof want, " %lld %lld", i1, i2);
	ck_assert_str_eq(id_set("\"kredi kart*\"", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(id_set("\"KREDİ KART*\"", SEARCH_INTERACTIONS),
			 want);
	ck_assert_str_eq(id_set("\"kred* kart*\"", SEARCH_INTERACTIONS), want);
	snprintf(want, sizeof want, " %lld", i1);
	ck_assert_str_eq(id_set("\"kredi kart* iki\"", SEARCH_INTERACTIONS),
			 want);
	ck_assert_str_eq(id_set("\"KREDİ KARTIM*\"", SEARCH_INTERACTIONS),
			 want);
	ck_assert_str_eq(id_set("\"kart* kredi\"", SEARCH_INTERACTIONS), "");
	/* Without the star the words stand for their Turkish forms, not for
	 * every word they begin ("kartvizit"). */
	snprintf(want, sizeof want, " %lld %lld", i1, i2);
	ck_assert_str_eq(id_set("\"kredi kart\"", SEARCH_INTERACTIONS), want);
}
END_TEST

START_TEST(phone_email_and_order_number)
{
	static const char *const phones[] = {
		"5321234512", "532 123 45 12", "05321234512", "0532 123 45 12",
		"905321234512", "+90 532 123 45 12", "(532) 123-45-12"
	};
	char want[32];
	long long a = add_customer("Ali", "Veli", "ali.veli@example.com",
				   "+90 532 123 45 12");
	long long b = add_customer("Can", "Su", "can@ornek.com.tr", "0532 999 88 77");
	long long o;
	size_t i;

	snprintf(want, sizeof want, " %lld", a);
	for (i = 0; i < sizeof phones / sizeof phones[0]; i++)
		ck_assert_msg(strcmp(ids(phones[i], SEARCH_CUSTOMERS), want) == 0,
			      "'%s' found%s", phones[i],
			      ids(phones[i], SEARCH_CUSTOMERS));
	ck_assert_str_eq(ids("ali.veli@example.com", SEARCH_CUSTOMERS), want);
	ck_assert_str_eq(ids("EXAMPLE", SEARCH_CUSTOMERS), want);
	snprintf(want, sizeof want, " %lld", b);
	ck_assert_str_eq(ids("5329998877", SEARCH_CUSTOMERS), want);
	ck_assert_str_eq(ids("ornek.com.tr", SEARCH_CUSTOMERS), want);
	ck_assert_str_eq(ids("5321234513", SEARCH_CUSTOMERS), "");

	o = add_order(a, "TM-2024-000123");
	add_order(b, "TM-2024-000124");
	snprintf(want, sizeof want, " %lld", o);
	ck_assert_str_eq(ids("TM-2024-000123", SEARCH_ORDERS), want);
	ck_assert_str_eq(ids("tm-2024-000123", SEARCH_ORDERS), want);
	ck_assert_str_eq(ids("2024000123", SEARCH_ORDERS), want);
	ck_assert_str_eq(ids("2024 000123", SEARCH_ORDERS), want);
	ck_assert_str_eq(ids("000123", SEARCH_ORDERS), want);
	ck_assert_str_eq(id_set("TM-2024*", SEARCH_ORDERS),
			 id_set("tm 2024", SEARCH_ORDERS));
}
END_TEST

START_TEST(results_are_grouped_and_open_the_customer)
{
	struct search_results r;
	long long a = add_customer("Deniz", "Kargo", NULL, NULL);
	long long b = add_customer("Ece", "Ak", NULL, NULL), o, it, k;
	int i, last = -1;

	o = add_order(b, "KARGO-77");
	it = add_interaction(b, "kargo", "Kargo hasarlı geldi");
	sql("INSERT INTO complaints(customer_id, channel, subject, opened_at,"
	    " first_response_due, resolution_due) VALUES(2, 'email', 'x',"
	    " 1700000000, 1700003600, 1700090000)");
	k = sqlite3_last_insert_rowid(st->db);
	ck_assert_int_eq(store_search(st, "kargo", 10, &r), STORE_OK);
	ck_assert_int_eq(r.nhits, 3);
	ck_assert_int_eq(r.count[SEARCH_CUSTOMERS], 1);
	ck_assert_int_eq(r.count[SEARCH_ORDERS], 1);
	ck_assert_int_eq(r.count[SEARCH_INTERACTIONS], 1);
	for (i = 0; i < r.nhits; i++) {
		ck_assert_int_ge((int)r.hits[i].kind, last);
		last = (int)r.hits[i].kind;
	}
	ck_assert_int_eq(r.hits[0].customer_id, a);
	ck_assert_int_eq(r.hits[0].complaint_id, 0);
	ck_assert_str_eq(r.hits[0].customer_name, "Deniz Kargo");
	ck_assert_int_eq(r.hits[1].id, o);
	ck_assert_int_eq(r.hits[1].customer_id, b);
	ck_assert_int_eq(r.hits[1].complaint_id, k);
	ck_assert_str_eq(r.hits[1].title, "KARGO-77");
	ck_assert_str_eq(r.hits[1].detail, "delivered");
	ck_assert_int_eq(r.hits[1].amount, 12345);
	ck_assert_str_eq(r.hits[1].currency, "TRY");
	ck_assert_int_eq(r.hits[2].id, it);
	ck_assert_int_eq(r.hits[2].customer_id, b);
	ck_assert_int_eq(r.hits[2].complaint_id, k);
	ck_assert_str_eq(r.hits[2].channel, "email");
	ck_assert_str_eq(r.hits[2].detail, "Kargo hasarlı geldi");
	search_results_free(&r);
}
END_TEST

START_TEST(ranking_and_limit)
{
	struct search_results r;
	long long c = add_customer("Ali", "Veli", NULL, NULL), best;
	int i;

	for (i = 0; i < 5; i++)
		add_interaction(c, NULL, "iade lorem ipsum dolor sit amet consectetur"
				" adipiscing elit sed do eiusmod tempor");
	best = add_interaction(c, "iade", "iade iade");
	for (i = 0; i < 5; i++)
		add_interaction(c, NULL, "ipsum iade lorem ipsum dolor sit amet"
				" consectetur adipiscing elit sed do eiusmod");
	ck_assert_int_eq(store_search(st, "iade", 3, &r), STORE_OK);
	ck_assert_int_eq(r.count[SEARCH_INTERACTIONS], 3);
	ck_assert_int_eq(r.more[SEARCH_INTERACTIONS], 1);
	ck_assert_int_eq(r.more[SEARCH_CUSTOMERS], 0);
	ck_assert_int_eq(r.hits[0].id, best);
	search_results_free(&r);
	ck_assert_int_eq(store_search(st, "iade", 11, &r), STORE_OK);
	ck_assert_int_eq(r.count[SEARCH_INTERACTIONS], 11);
	ck_assert_int_eq(r.more[SEARCH_INTERACTIONS], 0);
	search_results_free(&r);
}
END_TEST

START_TEST(very_common_word_still_answers)
{
	struct search_results r;
	long long c = add_customer("Ali", "Veli", NULL, NULL);
	int i;

	sql("BEGIN");
	for (i = 0; i < 2500; i++)
		add_interaction(c, NULL, i % 2 ? "merhaba kargo" : "merhaba");
	sql("COMMIT");
	ck_assert_int_eq(store_search(st, "merhaba", 50, &r), STORE_OK);
	ck_assert_int_eq(r.count[SEARCH_INTERACTIONS], 50);
	ck_assert_int_eq(r.more[SEARCH_INTERACTIONS], 1);
	search_results_free(&r);
	ck_assert_int_eq(store_search(st, "merhaba kargo", 5, &r), STORE_OK);
	ck_assert_int_eq(r.count[SEARCH_INTERACTIONS], 5);
	for (i = 0; i < r.nhits; i++)
		ck_assert_int_eq(r.hits[i].id % 2, 0);
	search_results_free(&r);
}
END_TEST

START_TEST(index_follows_update_and_delete)
{
	char want[32];
	long long a = add_customer("Zeynep", "Öz", "z@ornek.com", "05551112233");
	long long it = add_interaction(a, "Fatura", "fatura hatalı");
	long long o = add_order(a, "TM-1");

	sql("UPDATE customers SET last_name='Çelik', phone='05554443322' WHERE id=1");
	ck_assert_str_eq(ids("oz", SEARCH_CUSTOMERS), "");
	ck_assert_str_eq(ids("5551112233", SEARCH_CUSTOMERS), "");
	snprintf(want, sizeof want, " %lld", a);
	ck_assert_str_eq(ids("zeynep celik", SEARCH_CUSTOMERS), want);
	ck_assert_str_eq(ids("5554443322", SEARCH_CUSTOMERS), want);
	/* A change to columns that are not indexed leaves the index alone. */
	sql("UPDATE customers SET city='İzmir', tier='gold' WHERE id=1");
	ck_assert_str_eq(ids("zeynep", SEARCH_CUSTOMERS), want);

	sql("UPDATE interactions SET body='fatura düzeltildi' WHERE id=1");
	ck_assert_str_eq(ids("hatali", SEARCH_INTERACTIONS), "");
	snprintf(want, sizeof want, " %lld", it);
	ck_assert_str_eq(ids("duzeltildi", SEARCH_INTERACTIONS), want);
	sql("UPDATE orders SET number='TM-2', status='shipped' WHERE id=1");
	ck_assert_str_eq(ids("TM-1", SEARCH_ORDERS), "");
	snprintf(want, sizeof want, " %lld", o);
	ck_assert_str_eq(ids("TM-2", SEARCH_ORDERS), want);

	sql("DELETE FROM interactions WHERE id=1");
	ck_assert_str_eq(ids("fatura", SEARCH_INTERACTIONS), "");
	sql("DELETE FROM orders WHERE id=1");
	ck_assert_str_eq(ids("TM-2", SEARCH_ORDERS), "");
	sql("DELETE FROM customers WHERE id=1");
	ck_assert_str_eq(ids("zeynep", SEARCH_CUSTOMERS), "");
	index_is_sound();
}
END_TEST

/* The true count of every match, past the ranked window, and more hits
 * of one kind on request. */
START_TEST(count_and_limits_per_kind)
{
	struct search_results r;
	long long total[SEARCH_NKINDS], c = add_customer("Ali", "Veli", NULL, NULL);
	int limits[SEARCH_NKINDS] = { 5, 5, 40 }, i;

	sql("BEGIN");
	for (i = 0; i < 1234; i++)
		add_interaction(c, NULL, i % 2 ? "merhaba kargo" : "merhaba");
	sql("COMMIT");
	add_order(c, "MERHABA-1");
	ck_assert_int_eq(store_search_count(st, "merhaba", total), STORE_OK);
	ck_assert_int_eq(total[SEARCH_CUSTOMERS], 0);
	ck_assert_int_eq(total[SEARCH_ORDERS], 1);
	/* Counting stops past SEARCH_COUNT_MAX: "1,000+". */
	ck_assert_int_eq(total[SEARCH_INTERACTIONS], SEARCH_COUNT_MAX + 1);
	ck_assert_int_eq(store_search_count(st, "merhaba kargo", total), STORE_OK);
	ck_assert_int_eq(total[SEARCH_INTERACTIONS], 617);
	ck_assert_int_eq(store_search_count(st, "ali", total), STORE_OK);
	ck_assert_int_eq(total[SEARCH_CUSTOMERS], 1);
	ck_assert_int_eq(store_search_count(st, "iade \"kargo", total),
			 STORE_INVALID);
	ck_assert_int_eq(store_search_limits(st, "merhaba", limits, &r), STORE_OK);
	ck_assert_int_eq(r.count[SEARCH_ORDERS], 1);
	ck_assert_int_eq(r.count[SEARCH_INTERACTIONS], 40);
	ck_assert_int_eq(r.more[SEARCH_INTERACTIONS], 1);
	search_results_free(&r);
	limits[SEARCH_INTERACTIONS] = 0;
	ck_assert_int_eq(store_search_limits(st, "merhaba", limits, &r),
			 STORE_INVALID);
	/* An erased customer's rows are not counted either. */
	sql("UPDATE customers SET erased_at=1700000500 WHERE id=1");
	ck_assert_int_eq(store_search_count(st, "merhaba", total), STORE_OK);
	ck_assert_int_eq(total[SEARCH_INTERACTIONS], 0);
	ck_assert_int_eq(total[SEARCH_ORDERS], 0);
	/* The customers' count, read from their index alone, drops her too,
	 * and counts none written already erased. */
	ck_assert_int_eq(store_search_count(st, "ali", total), STORE_OK);
	ck_assert_int_eq(total[SEARCH_CUSTOMERS], 0);
	sql("INSERT INTO customers(first_name, last_name, created_at, erased_at)"
	    " VALUES('Ali', 'Kaya', 1700000000, 1700000600)");
	add_customer("Ali", "Demir", NULL, NULL);
	ck_assert_int_eq(store_search_count(st, "ali", total), STORE_OK);
	ck_assert_int_eq(total[SEARCH_CUSTOMERS], 1);
	ck_assert_int_eq(store_search_count(st, "al*", total), STORE_OK);
	ck_assert_int_eq(total[SEARCH_CUSTOMERS], 1);
}
END_TEST

START_TEST(erased_customer_is_not_found)
{
	long long a = add_customer("Selin", "Aksoy", "selin@ornek.com", "05321112233");

	add_interaction(a, "Selin hanım", "Aksoy ailesi için not");
	add_order(a, "TM-55");
	ck_assert_str_ne(ids("selin", SEARCH_CUSTOMERS), "");
	/* Erasure may keep or blank the fields: either way she is gone. */
	sql("UPDATE customers SET erased_at=1700000500 WHERE id=1");
	ck_assert_str_eq(ids("selin", SEARCH_CUSTOMERS), "");
	ck_assert_str_eq(ids("5321112233", SEARCH_CUSTOMERS), "");
	ck_assert_str_eq(ids("aksoy", SEARCH_INTERACTIONS), "");
	ck_assert_str_eq(ids("TM-55", SEARCH_ORDERS), "");
	sql("UPDATE customers SET first_name='', last_name='', email=NULL,"
	    " phone=NULL WHERE id=1");
	ck_assert_str_eq(ids("selin", SEARCH_CUSTOMERS), "");
	index_is_sound();
}
END_TEST

START_TEST(suspend_and_rebuild)
{
	char want[32];
	long long a;

	store_search_suspend(st);
	a = add_customer("Burak", "Toprak", NULL, NULL);
	add_interaction(a, NULL, "toplu yükleme");
	ck_assert_str_eq(ids("burak", SEARCH_CUSTOMERS), "");
	ck_assert_int_eq(store_search_rebuild(st, NULL, NULL), STORE_OK);
	snprintf(want, sizeof want, " %lld", a);
	ck_assert_str_eq(ids("burak", SEARCH_CUSTOMERS), want);
	ck_assert_str_eq(ids("yukleme", SEARCH_INTERACTIONS), " 1");
	/* Indexing resumes after the rebuild. */
	a = add_customer("Cem", "Toprak", NULL, NULL);
	ck_assert_str_eq(ids("cem", SEARCH_CUSTOMERS), " 2");
	index_is_sound();
}
END_TEST

static void count_progress(enum search_kind kind, long long done,
			   long long total, void *ctx)
{
	long long *last = ctx;

	ck_assert_int_le(done, total);
	if (done == total)
		last[kind] = total;
}

START_TEST(rebuild_repairs_a_stale_index)
{
	long long last[SEARCH_NKINDS] = { -1, -1, -1 };
	long long a = add_customer("Derya", "Kurt", NULL, NULL);

	add_interaction(a, NULL, "eski metin");
	add_order(a, "TM-9");
	/* What another tool would leave: rows the index never saw. */
	sql("INSERT INTO search_customer(search_customer) VALUES('delete-all')");
	sql("INSERT INTO search_interaction(search_interaction) VALUES('delete-all')");
	ck_assert_str_eq(ids("derya", SEARCH_CUSTOMERS), "");
	ck_assert_int_eq(store_search_rebuild(st, count_progress, last), STORE_OK);
	ck_assert_int_eq(last[SEARCH_CUSTOMERS], 1);
	ck_assert_int_eq(last[SEARCH_ORDERS], 1);
	ck_assert_int_eq(last[SEARCH_INTERACTIONS], 1);
	ck_assert_str_eq(ids("derya", SEARCH_CUSTOMERS), " 1");
	ck_assert_str_eq(ids("eski", SEARCH_INTERACTIONS), " 1");
	ck_assert_str_eq(ids("TM-9", SEARCH_ORDERS), " 1");
	/* Rebuilding twice gives the same index, not duplicates. */
	ck_assert_int_eq(store_search_rebuild(st, NULL, NULL), STORE_OK);
	ck_assert_str_eq(ids("derya", SEARCH_CUSTOMERS), " 1");
	index_is_sound();
}
END_TEST

/* The ids FTS5 itself gives for a prefix of the messages' index. */
/* The rows FTS5 itself matches: all, oldest first, or the n newest,
 * newest first (as ids() writes them). */
/* The rowids sql (with match as ?1 and n as ?2) gives, as " 3 7". */
static const char *rowids(const char *sql, const char *match, int n)
{
	static char buf[2048];
	sqlite3_stmt *s;
	size_t o = 0;

	ck_assert_int_eq(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, n);
	buf[0] = '\0';
	while (sqlite3_step(s) == SQLITE_ROW && o < sizeof buf - 24)
		o += (size_t)snprintf(buf + o, sizeof buf - o, " %lld",
				      sqlite3_column_int64(s, 0));
	sqlite3_finalize(s);
	return buf;
}

static const char *native_rows(const char *match, int newest)
{
	return rowids(newest > 0 ?
		"SELECT rowid FROM search_interaction WHERE search_interaction"
		" MATCH ?1 ORDER BY rowid DESC LIMIT ?2" :
		"SELECT rowid FROM search_interaction WHERE search_interaction"
		" MATCH ?1 ORDER BY rowid LIMIT -1 + 0 * ?2", match, newest);
}

static const char *native_ids(const char *match)
{
	return native_rows(match, 0);
}

static int term_kept(const char *w)
{
	sqlite3_stmt *s;
	int found;

	ck_assert_int_eq(sqlite3_prepare_v2(st->db,
		"SELECT 1 FROM search_terms WHERE term = ?1", -1, &s, NULL),
		SQLITE_OK);
	sqlite3_bind_text(s, 1, w, -1, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

/*
 * A prefix is answered from the words the index holds (search_terms), the
 * same messages FTS5's own prefix finds.
 */
START_TEST(prefix_is_the_words_it_begins)
{
	long long c = add_customer("Ali", "Veli", NULL, NULL);
	long long total[SEARCH_NKINDS];
	char want[2048], body[32];
	size_t n = 0;
	int i;

	add_interaction(c, NULL, "Siparişim gelmedi");
	add_interaction(c, NULL, "SİPARİŞLERİM eksik");
	add_interaction(c, NULL, "sipariş iptal");
	add_interaction(c, NULL, "Sipahi geldi");
	add_interaction(c, "Sipa", "kısa");
	add_interaction(c, NULL, "kargo");
	ck_assert(term_kept("siparisim"));
	ck_assert(term_kept("siparislerim"));
	ck_assert(term_kept("sipahi"));
	ck_assert_str_eq(id_set("sipari*", SEARCH_INTERACTIONS), " 1 2 3");
	ck_assert_str_eq(id_set("sipari*", SEARCH_INTERACTIONS),
			 native_ids("\"sipari\" *"));
	ck_assert_str_eq(id_set("SİPA*", SEARCH_INTERACTIONS), " 1 2 3 4 5");
	ck_assert_str_eq(id_set("sipa* geldi", SEARCH_INTERACTIONS), " 4");
	ck_assert_str_eq(id_set("\"sipa* geldi\"", SEARCH_INTERACTIONS), " 4");
	ck_assert_str_eq(id_set("siparisl*", SEARCH_INTERACTIONS), " 2");
	ck_assert_str_eq(id_set("sipz*", SEARCH_INTERACTIONS), "");
	/* The words kept are what answers: one taken out is not found. */
	sql("DELETE FROM search_terms WHERE term LIKE 'sipah%'");
	ck_assert_str_eq(id_set("sipa*", SEARCH_INTERACTIONS), " 1 2 3 5");
	ck_assert_str_eq(id_set("\"sipa* geldi\"", SEARCH_INTERACTIONS), "");
	/* A new word is kept as it is indexed. */
	add_interaction(c, NULL, "sipahilik");
	ck_assert(term_kept("sipahilik"));
	ck_assert_str_eq(id_set("sipahil*", SEARCH_INTERACTIONS), " 7");
	/* Seventy words that begin alike: all of them are found. */
	sql("BEGIN");
	for (i = 0; i < 70; i++) {
		snprintf(body, sizeof body, "zq%03d", i);
		n += (size_t)snprintf(want + n, sizeof want - n, " %lld",
				      add_interaction(c, NULL, body));
	}
	sql("COMMIT");
	ck_assert_str_eq(native_ids("\"zq\" *"), want);
	ck_assert_int_eq(store_search_count(st, "zq*", total), STORE_OK);
	ck_assert_int_eq(total[SEARCH_INTERACTIONS], 70);
	ck_assert_int_eq(store_search_count(st, "zq00*", total), STORE_OK);
	ck_assert_int_eq(total[SEARCH_INTERACTIONS], 10);
}
END_TEST

static const char *native_newest(const char *match, int n)
{
	return native_rows(match, n);
}

/* The best message hit of q, as " 42". */
static const char *first_id(const char *q)
{
	static char buf[32];
	const char *all = ids(q, SEARCH_INTERACTIONS);
	size_t n = strcspn(all + 1, " ") + 1;

	snprintf(buf, sizeof buf, "%.*s", (int)n, all);
	return buf;
}

/* How many of a kind the search counts for q. */
static long long kind_count(const char *q, enum search_kind kind)
{
	long long total[SEARCH_NKINDS];

	ck_assert_msg(store_search_count(st, q, total) == STORE_OK, "%s: %s", q,
		      store_errmsg(st));
	return total[kind];
}

static long long message_count(const char *q)
{
	return kind_count(q, SEARCH_INTERACTIONS);
}

static long long order_count(const char *q)
{
	return kind_count(q, SEARCH_ORDERS);
}

/*
 * A prefix that begins more words than are written out is answered from
 * the newest messages, where it stands for the words found there, and
 * finds what FTS5's own prefix finds: the same count (up to "1,000+"),
 * the same newest hits, whether the window holds enough matches, has to
 * grow to the oldest message, or holds none of them.  (Prefixes of four
 * characters and more: shorter ones have entries of their own.)
 */
START_TEST(wide_prefix_answered_from_the_newest)
{
	/* query, FTS5's own expression for it, how many it finds */
	static const struct {
		const char *q, *native;
		long long count;
	} cases[] = {
		{ "7707*", "\"7707\" *", SEARCH_COUNT_MAX + 1 },
		{ "7707* kargo", "\"7707\" * AND kargo", 80 },
		{ "\"7707* kargo\"", "\"7707\" * + \"kargo\"", 80 },
		{ "77079*", "\"77079\" *", 300 },
	};
	long long c = add_customer("Ali", "Veli", NULL, NULL);
	struct store *other;
	char body[64], want[32], err[256];
	size_t k;
	int i;

	sql("BEGIN");
	for (i = 0; i < 300; i++) {
		snprintf(body, sizeof body, "77079%03d eski", i);
		add_interaction(c, NULL, body);
	}
	for (i = 0; i < 1600; i++) {
		if (i % 20 == 0)
			snprintf(body, sizeof body, "7707%04d kargo", i);
		else
			snprintf(body, sizeof body, "7707 dolgu");
		add_interaction(c, NULL, body);
	}
	sql("COMMIT");
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		ck_assert_int_eq(message_count(cases[k].q), cases[k].count);
		ck_assert_str_eq(ids(cases[k].q, SEARCH_INTERACTIONS),
				 native_newest(cases[k].native, 20));
	}
	ck_assert_int_eq(message_count("770790* eski"), 100);
	ck_assert_int_eq(message_count("7707* eski"), 300);
	ck_assert_int_eq(message_count("7707* dolgu"), SEARCH_COUNT_MAX + 1);
	/* What was worked out for a query is kept only while nothing is
	 * written, here or by another program. */
	ck_assert_str_eq(first_id("7707*"), " 1900");
	snprintf(want, sizeof want, " %lld", add_interaction(c, NULL, "77079999 yeni"));
	ck_assert_str_eq(first_id("7707*"), want);
	ck_assert_int_eq(store_open(&other, path, 0, err, sizeof err), STORE_OK);
	ck_assert_int_eq(sqlite3_exec(other->db,
		"INSERT INTO interactions(customer_id, channel, direction, at, body)"
		" VALUES(1, 'chat', 'in', 1700000300, '77078888 baska')", NULL, NULL,
		NULL), SQLITE_OK);
	snprintf(want, sizeof want, " %lld", sqlite3_last_insert_rowid(other->db));
	store_close(other);
	ck_assert_str_eq(first_id("7707*"), want);
}
END_TEST

static long long raw_count(const char *q)
{
	sqlite3_stmt *s;
	long long n;

	ck_assert_int_eq(sqlite3_prepare_v2(st->db, q, -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* Statements run that read the messages themselves (the window). */
static int window_reads;

static int count_window_reads(unsigned mask, void *ctx, void *p, void *x)
{
	const char *text = sqlite3_sql(p);

	(void)mask;
	(void)ctx;
	(void)x;
	if (text != NULL && strstr(text, "FROM interactions i WHERE i.id <") != NULL)
		window_reads++;
	return 0;
}

/*
 * A prefix of one to three characters has entries of its own in every
 * index: "10*", "s*" or "ali*" is walked as a word is, newest first,
 * whatever the number of words it begins, and never read from the
 * messages themselves; a longer one too wide to write out still is.  It
 * finds exactly what FTS5's own prefix finds.
 */
START_TEST(short_prefix_has_entries_of_its_own)
{
	static const char *const shorts[] = { "10*", "1*", "105*", "\"10* kargo\"",
					      "10* kargo" };
	long long c = add_customer("Mehmet", "Kaya", "mehmetkaya@ornek.com", NULL);
	long long total[SEARCH_NKINDS];
	char body[64];
	size_t k;
	int i;

	/* Order numbers quoted in messages: a word of their own each, more
	 * than are ever written out, too rare among the newest messages for
	 * a window to hold enough of them. */
	sql("BEGIN");
	for (i = 0; i < 400; i++) {
		snprintf(body, sizeof body, "SP-2024-10%05d kargo", i);
		add_interaction(c, NULL, body);
	}
	for (i = 0; i < 1600; i++)
		add_interaction(c, NULL, "dolgu metin");
	for (i = 0; i < 40; i++) {
		snprintf(body, sizeof body, "SP-2024-105%04d iade", i);
		add_interaction(c, NULL, body);
	}
	sql("COMMIT");
	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, count_window_reads, NULL);
	for (k = 0; k < sizeof shorts / sizeof shorts[0]; k++) {
		window_reads = 0;
		ck_assert_int_eq(store_search_count(st, shorts[k], total), STORE_OK);
		ck_assert_msg(window_reads == 0, "%s read the messages", shorts[k]);
	}
	ck_assert_int_eq(message_count("10*"), 440);
	ck_assert_int_eq(message_count("105*"), 40);
	ck_assert_int_eq(message_count("1*"), 440);
	ck_assert_int_eq(message_count("10* kargo"), 400);
	ck_assert_int_eq(message_count("\"10* iade\""), 40);
	ck_assert_str_eq(ids("10*", SEARCH_INTERACTIONS), native_newest("\"10\" *", 20));
	ck_assert_str_eq(ids("\"10* kargo\"", SEARCH_INTERACTIONS),
			 native_newest("\"10\" * + kargo", 20));
	/* Four characters, more words than are written out, but in fewer
	 * than SEARCH_COUNT_MAX messages in all: FTS5's own prefix, which
	 * gathers those few, and no message is read. */
	window_reads = 0;
	ck_assert_int_eq(message_count("1000*"), 400);
	ck_assert_int_eq(window_reads, 0);
	ck_assert_str_eq(ids("1000*", SEARCH_INTERACTIONS), native_newest("\"1000\" *", 20));
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	/* The customers' index has entries up to eight characters, so a
	 * common first name typed whole ("mustafa*") is walked too. */
	ck_assert_str_eq(ids("mehm*", SEARCH_CUSTOMERS), " 1");
	ck_assert_str_eq(ids("mehmet*", SEARCH_CUSTOMERS), " 1");
	ck_assert_str_eq(ids("mehmetk*", SEARCH_CUSTOMERS), " 1");
	ck_assert_str_eq(ids("mehmetkay*", SEARCH_CUSTOMERS), " 1");
	ck_assert_str_eq(ids("mehmez*", SEARCH_CUSTOMERS), "");
	ck_assert_int_eq(raw_count("SELECT count(*) FROM sqlite_master WHERE"
		" name = 'search_customer' AND sql LIKE '%prefix=''1 2 3 4 5 6 7 8''%'"), 1);
	ck_assert_int_eq(raw_count("SELECT count(*) FROM sqlite_master WHERE"
		" name = 'search_interaction' AND sql LIKE '%prefix=''1 2 3''%'"), 1);
	index_is_sound();
}
END_TEST

/* Statements that asked the messages' index (or own_index) for FTS5's
 * own prefix, or for what own_needle is, and messages read one by one. */
static const char *own_index = "search_interaction MATCH";
static const char *own_needle = "\" *";
static int own_prefix_asks, messages_read_by_id;

static int count_own_prefix(unsigned mask, void *ctx, void *p, void *x)
{
	char *text = sqlite3_expanded_sql(p);

	(void)mask;
	(void)ctx;
	(void)x;
	if (text != NULL && strstr(text, own_index) != NULL &&
	    strstr(text, own_needle) != NULL)
		own_prefix_asks++;
	if (text != NULL && strstr(text, "FROM interactions i WHERE i.id = ") != NULL)
		messages_read_by_id++;
	if (text != NULL && strstr(text, "FROM interactions i WHERE i.id <") != NULL)
		window_reads++;
	sqlite3_free(text);
	return 0;
}

/*
 * A prefix too long for entries of its own that begins no word of the
 * messages finds none there, and the index is not asked to walk the words
 * that begin so; one that begins a word still finds it.
 */
START_TEST(prefix_of_no_word_is_looked_up_once)
{
	long long c = add_customer("İbrahim", "Er", NULL, NULL);
	long long total[SEARCH_NKINDS];
	char want[32];

	snprintf(want, sizeof want, " %lld", add_interaction(c, NULL, "İbrahimoğlu aradı"));
	add_interaction(c, NULL, "kargo");
	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, count_own_prefix, NULL);
	own_prefix_asks = 0;
	ck_assert_int_eq(store_search_count(st, "zzqq*", total), STORE_OK);
	ck_assert_int_eq(total[SEARCH_INTERACTIONS], 0);
	ck_assert_int_eq(store_search_count(st, "\"kargo zzqq*\"", total), STORE_OK);
	ck_assert_int_eq(total[SEARCH_INTERACTIONS], 0);
	ck_assert_int_eq(own_prefix_asks, 0);
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	ck_assert_str_eq(ids("ibrahim*", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(ids("ibrahimo*", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(ids("ibrahimz*", SEARCH_INTERACTIONS), "");
	ck_assert_str_eq(ids("ibrahim*", SEARCH_CUSTOMERS), " 1");
}
END_TEST

/* FTS5's own prefix, ranked as the search ranks (hits_sql): the newest
 * 500 matches by temas_rank, then the newest first, n of them, as " 3 7". */
static const char *native_ranked(const char *match, int n)
{
	return rowids("SELECT rowid FROM search_interaction WHERE search_interaction"
		" MATCH ?1 AND rowid >= coalesce((SELECT rowid FROM"
		"  search_interaction WHERE search_interaction MATCH ?1"
		"  ORDER BY rowid DESC LIMIT 1 OFFSET 499), -9223372036854775807 - 1)"
		" ORDER BY temas_rank(search_interaction, 2.0, 1.0), rowid DESC"
		" LIMIT ?2", match, n);
}

/*
 * A prefix of four characters and more that begins more words than are
 * written out and is too rare among the newest messages for a window
 * ("2023*" when the newest messages quote orders of other years) is the
 * word itself, walked lazily, and its narrower prefixes ("20230*" ...),
 * which begin few words each: FTS5's own prefix, which gathers every
 * match of every word, is never asked for it (unless its words are in
 * fewer than SEARCH_COUNT_MAX messages in all, a few to gather), the
 * newest messages are not read one after another (a number is tried so
 * before a window), and only the messages that a narrower prefix matches
 * among the newest matches are read.  It finds
 * what FTS5's own prefix finds, in the same order: the same count (up to
 * "1,000+"), the same best hits, alone, with other words, in a phrase,
 * or typed as SP-7707*.
 */
START_TEST(wide_rare_prefix_walks_the_word_and_narrower_prefixes)
{
	static const struct {
		const char *q, *native, *needle;
		long long count;
		int read, own;
	} cases[] = {
		{ "7707*", "\"7707\" *", "'\"7707\" *'", SEARCH_COUNT_MAX + 1, 83, 0 },
		/* No order number of its own right after "SP": none read. */
		{ "SP-7707*", "\"sp 7707\" *", "'\"sp-7707\" *'",
		  SEARCH_COUNT_MAX + 1, 0, 0 },
		{ "\"sp 7707*\"", "\"sp 7707\" *", "'\"sp 7707\" *'",
		  SEARCH_COUNT_MAX + 1, 0, 0 },
		{ "7707* iade", "\"7707\" * AND iade", "'\"7707\" * AND", 600, 100, 0 },
		/* A hundred messages in all: FTS5's own prefix gathers them. */
		{ "77070*", "\"77070\" *", "'\"77070\" *'", 100, 0, 1 },
	};
	long long c = add_customer("Ali", "Veli", NULL, NULL);
	char body[96];
	size_t k;
	int i;

	/* 1,200 old messages quote an order of "year" 7707, one in twelve
	 * also an order number of its own (7707000 ...): a hundred words
	 * that begin with 7707.  The 1,600 newest quote none. */
	sql("BEGIN");
	for (i = 0; i < 1200; i++) {
		if (i % 12 == 0)
			snprintf(body, sizeof body, "SP-7707-%04d %s, 7707%03d", i,
				 i % 2 ? "kargo" : "iade", i / 12);
		else
			snprintf(body, sizeof body, "SP-7707-%04d %s", i,
				 i % 2 ? "kargo" : "iade");
		add_interaction(c, NULL, body);
	}
	for (i = 0; i < 1600; i++)
		add_interaction(c, NULL, "dolgu metin");
	sql("COMMIT");
	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, count_own_prefix, NULL);
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		own_needle = cases[k].needle;
		own_prefix_asks = 0;
		messages_read_by_id = 0;
		window_reads = 0;
		ck_assert_int_eq(message_count(cases[k].q), cases[k].count);
		ck_assert_msg((own_prefix_asks > 0) == cases[k].own,
			      "%s asked FTS5's own prefix %d times", cases[k].q,
			      own_prefix_asks);
		ck_assert_msg(window_reads == 0, "%s read the newest messages",
			      cases[k].q);
		ck_assert_msg(messages_read_by_id == cases[k].read,
			      "%s read %d messages", cases[k].q, messages_read_by_id);
		ck_assert_str_eq(ids(cases[k].q, SEARCH_INTERACTIONS),
				 native_ranked(cases[k].native, 20));
	}
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	own_needle = "\" *";
	/* The messages with two words of the prefix rank first, as FTS5's
	 * own prefix ranks them: the newest is 1189 (i = 1188). */
	ck_assert_str_eq(first_id("7707*"), " 1189");
	index_is_sound();
}
END_TEST

/* FTS5's own prefix on the orders, ranked as the search ranks them. */
static const char *native_orders_ranked(const char *match, int n)
{
	return rowids("SELECT rowid FROM search_order WHERE search_order"
		" MATCH ?1 AND rowid >= coalesce((SELECT rowid FROM"
		"  search_order WHERE search_order MATCH ?1"
		"  ORDER BY rowid DESC LIMIT 1 OFFSET 499), -9223372036854775807 - 1)"
		" ORDER BY temas_rank(search_order, 1.0), rowid DESC"
		" LIMIT ?2", match, n);
}

/*
 * The orders' index has prefix entries up to four characters and no
 * list of its words: "77070*", the "year" of many order numbers and the
 * beginning of a few more, is the word walked lazily and the narrower
 * prefixes, found in the index's own list of words, never FTS5's own
 * prefix, and finds what it finds in the same order, a number that holds
 * the word twice or two words of the prefix ranked alike.
 */
START_TEST(order_prefix_walks_the_word_and_narrower_prefixes)
{
	static const struct {
		const char *q, *native, *needle;
		long long count;
	} cases[] = {
		{ "77070*", "\"77070\" *", "'\"77070\" *'", 402 },
		{ "SP-77070*", "\"sp 77070\" *", "'\"sp-77070\" *'", 302 },
		{ "770701*", "\"770701\" *", "'\"770701\" *'", 110 },
		{ "77070* 0005", "\"77070\" * AND \"0005\"", "'\"77070\" * AND", 1 },
	};
	long long c = add_customer("Ali", "Veli", NULL, NULL);
	long long total[SEARCH_NKINDS];
	char number[64];
	size_t k;
	int i;

	sql("BEGIN");
	for (i = 0; i < 300; i++) {
		if (i % 10 == 0)
			snprintf(number, sizeof number, "SP-77070-77070%03d", i);
		else if (i % 10 == 5)
			snprintf(number, sizeof number, "SP-77070-77070-%04d", i);
		else
			snprintf(number, sizeof number, "SP-77070-%04d", i);
		add_order(c, number);
	}
	for (i = 100; i < 200; i++) {
		snprintf(number, sizeof number, "SP-2024-77070%03d", i);
		add_order(c, number);
	}
	for (i = 0; i < 200; i++) {
		snprintf(number, sizeof number, "SP-2024-%07d", i);
		add_order(c, number);
	}
	/* As many words each, two of the prefix: different ones, or the
	 * same twice.  FTS5's own prefix ranks them alike (the newer first),
	 * as one phrase; counted as two phrases the first would win. */
	add_order(c, "SP-77070-77070001");
	add_order(c, "SP-77070-77070");
	sql("COMMIT");
	own_index = "search_order MATCH";
	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, count_own_prefix, NULL);
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		own_needle = cases[k].needle;
		own_prefix_asks = 0;
		ck_assert_int_eq(store_search_count(st, cases[k].q, total), STORE_OK);
		ck_assert_int_eq(total[SEARCH_ORDERS], cases[k].count);
		ck_assert_msg(own_prefix_asks == 0, "%s asked FTS5's own prefix",
			      cases[k].q);
		ck_assert_str_eq(ids(cases[k].q, SEARCH_ORDERS),
				 native_orders_ranked(cases[k].native, 20));
	}
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	own_index = "search_interaction MATCH";
	own_needle = "\" *";
	/* A prefix that begins no word, or one only: no narrower ones. */
	ck_assert_str_eq(ids("77080*", SEARCH_ORDERS), "");
	ck_assert_str_eq(ids("770700*", SEARCH_ORDERS),
			 native_orders_ranked("\"770700\" *", 20));
	ck_assert_str_eq(ids("77070000*", SEARCH_ORDERS), " 1");
	ck_assert_int_eq(strncmp(ids("77070*", SEARCH_ORDERS), " 602 601", 8), 0);
	/* Four characters (a year) have entries of their own. */
	ck_assert_int_eq(order_count("7707*"), 402);
	ck_assert_str_eq(ids("7707*", SEARCH_ORDERS),
			 native_orders_ranked("\"7707\" *", 20));
	ck_assert_int_eq(raw_count("SELECT count(*) FROM sqlite_master WHERE"
		" name = 'search_order' AND sql LIKE '%prefix=''1 2 3 4''%'"), 1);
	index_is_sound();
}
END_TEST

/* The indexes built again with their prefix entries hold every row once,
 * those another program had only queued included. */
START_TEST(prefix_migration_keeps_every_row_once)
{
	sqlite3 *other;
	int v;

	store_close(st);
	ck_assert_int_eq(unlink(path), 0);
	open_db(STORE_CREATE | STORE_NO_MIGRATE);
	ck_assert_int_eq(store_migrate_to(st, 26), STORE_OK);
	add_customer("Mehmet", "Kara", "mehmetkara@ornek.com", "0532 000 11 22");
	add_interaction(1, NULL, "kargo 1012345 gelmedi");
	add_interaction(1, NULL, "kargom geldi");
	store_close(st);
	ck_assert_int_eq(sqlite3_open_v2(path, &other, SQLITE_OPEN_READWRITE, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other,
		"INSERT INTO interactions(customer_id, channel, direction, at, body)"
		" VALUES(1, 'chat', 'in', 1700000300, 'kargo 1019999 nerede');"
		"DELETE FROM interactions WHERE id = 2;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	open_db(0);
	ck_assert_int_eq(store_schema_version(st, &v), STORE_OK);
	ck_assert_int_eq(v, store_schema_latest());
	ck_assert_int_eq(raw_count("SELECT count(*) FROM search_queue"), 0);
	ck_assert_str_eq(id_set("kargo", SEARCH_INTERACTIONS), " 1 3");
	ck_assert_str_eq(id_set("ka*", SEARCH_INTERACTIONS), " 1 3");
	ck_assert_str_eq(id_set("101*", SEARCH_INTERACTIONS), " 1 3");
	ck_assert_int_eq(message_count("10*"), 2);
	ck_assert_str_eq(ids("mehme*", SEARCH_CUSTOMERS), " 1");
	ck_assert_str_eq(ids("053*", SEARCH_CUSTOMERS), " 1");
	index_is_sound();
}
END_TEST

START_TEST(migration_indexes_existing_rows)
{
	int v;

	store_close(st);
	ck_assert_int_eq(unlink(path), 0);
	open_db(STORE_CREATE | STORE_NO_MIGRATE);
	ck_assert_int_eq(store_migrate_to(st, 1), STORE_OK);
	add_customer("Hülya", "Er", NULL, "0532 000 11 22");
	add_interaction(1, "Eski", "göç öncesi kayıt");
	add_order(1, "OLD-1");
	store_close(st);
	open_db(0);
	ck_assert_int_eq(store_schema_version(st, &v), STORE_OK);
	ck_assert_int_eq(v, store_schema_latest());
	ck_assert_str_eq(ids("hulya", SEARCH_CUSTOMERS), " 1");
	ck_assert_str_eq(ids("5320001122", SEARCH_CUSTOMERS), " 1");
	ck_assert_str_eq(ids("goc kayit", SEARCH_INTERACTIONS), " 1");
	ck_assert_str_eq(ids("old-1", SEARCH_ORDERS), " 1");
	/* The words of what was indexed before search_terms existed. */
	ck_assert(term_kept("kayit"));
	ck_assert(term_kept("oncesi"));
	ck_assert_str_eq(ids("kayi*", SEARCH_INTERACTIONS), " 1");
}
END_TEST

/* What an agent types finds the words customers wrote with suffixes, and
 * not the words that only begin the same way. */
START_TEST(turkish_roots_find_inflected_words)
{
	long long a = add_customer("Ece", "Su", NULL, NULL);
	long long refund = add_interaction(a, NULL, "İadem hâlâ yapılmadı");
	long long account = add_interaction(a, NULL, "HESABIMDAN iki kez çekildi");
	long long eagle = add_interaction(a, NULL, "Kartal fotoğrafı bozuk");
	long long card = add_interaction(a, NULL, "kredi kartımdan para çekildi");
	long long orders = add_interaction(a, "Siparişlerde gecikme", "yine");
	char want[64];

	snprintf(want, sizeof want, " %lld", refund);
	ck_assert_str_eq(id_set("iade", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(id_set("iadesi", SEARCH_INTERACTIONS), want);
	snprintf(want, sizeof want, " %lld", account);
	ck_assert_str_eq(id_set("hesap", SEARCH_INTERACTIONS), want);
	snprintf(want, sizeof want, " %lld", card);
	ck_assert_str_eq(id_set("kart", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(id_set("\"kredi kartı\"", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(id_set("\"kredi kart*\"", SEARCH_INTERACTIONS), want);
	snprintf(want, sizeof want, " %lld", eagle);
	ck_assert_str_eq(id_set("kartal", SEARCH_INTERACTIONS), want);
	snprintf(want, sizeof want, " %lld %lld", eagle, card);
	ck_assert_str_eq(id_set("kart*", SEARCH_INTERACTIONS), want);
	snprintf(want, sizeof want, " %lld", orders);
	ck_assert_str_eq(id_set("siparişimi", SEARCH_INTERACTIONS), want);
	ck_assert_str_eq(id_set("gecikmesi", SEARCH_INTERACTIONS), want);
	index_is_sound();
}
END_TEST

/* A program without temas's tokenizer (the sqlite3 shell, a team's own
 * script) writes messages: the triggers queue them, and the next search
 * indexes the queue in order, updates and deletions included. */
START_TEST(other_programs_writes_are_indexed)
{
	sqlite3 *other;
	long long a = add_customer("Oya", "Tan", NULL, NULL);
	char want[64];
	sqlite3_stmt *s;
	int queued;

	add_interaction(a, NULL, "kargom gelmedi");
	ck_assert_int_eq(sqlite3_open_v2(path, &other, SQLITE_OPEN_READWRITE, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other,
		"INSERT INTO interactions(customer_id, channel, direction, at, body)"
		" VALUES(1, 'chat', 'in', 1700000300, 'faturamı bulamıyorum');"
		"INSERT INTO interactions(customer_id, channel, direction, at, body)"
		" VALUES(1, 'chat', 'in', 1700000400, 'ödemem iki kez alındı');"
		"UPDATE interactions SET body = 'kargom geldi, teşekkürler' WHERE id = 1;"
		"DELETE FROM interactions WHERE id = 3;",
		NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	ck_assert_str_eq(id_set("fatura", SEARCH_INTERACTIONS), " 2");
	ck_assert_str_eq(id_set("kargo", SEARCH_INTERACTIONS), " 1");
	ck_assert_str_eq(id_set("gelmedi", SEARCH_INTERACTIONS), "");
	ck_assert_str_eq(id_set("tesekkur", SEARCH_INTERACTIONS), " 1");
	ck_assert_str_eq(id_set("teşekkürler", SEARCH_INTERACTIONS), " 1");
	ck_assert_str_eq(id_set("odeme", SEARCH_INTERACTIONS), "");
	ck_assert_int_eq(sqlite3_prepare_v2(st->db,
		"SELECT count(*) FROM search_queue", -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	queued = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	ck_assert_int_eq(queued, 0);
	/* What this connection writes is indexed as it is written. */
	snprintf(want, sizeof want, " %lld",
		 add_interaction(a, NULL, "ürünlerim kırık"));
	ck_assert_str_eq(id_set("ürün", SEARCH_INTERACTIONS), want);
	index_is_sound();
}
END_TEST

/*
 * The tokenizer remembers the roots of the words it saw last, a slot per
 * word: whatever came before (other words in the same slots, long words
 * and numbers that bypass it), a message is indexed under the same words.
 * The same messages indexed in opposite orders on two connections give
 * the same index, and thousands of words share its thousand slots.
 */
static void make_word(int i, char *out, size_t n)
{
	static const char cons[] = "bcdgklmnprstyz";
	static const char vow[] = "aeiou";
	static const char *const suffix[] = { "", "ler", "lerimizden", "imde",
		"ndan", "si", "leri", "dir" };
	char stem[8];

	snprintf(stem, sizeof stem, "%c%c%c%c", cons[i % 14], vow[i / 14 % 5],
		 cons[i / 70 % 14], vow[i / 980 % 5]);
	if (i % 17 == 0)
		snprintf(out, n, "%d", 1000000 + i);
	else if (i % 13 == 0)   /* longer than a slot holds */
		snprintf(out, n, "%s%s%s%s%s%slerinden", stem, stem, stem, stem,
			 stem, stem);
	else
		snprintf(out, n, "%s%s", stem, suffix[i * 7 / 3 % 8]);
}

static void add_messages(struct store *to, int backwards)
{
	sqlite3_stmt *s;
	char body[512], w[64];
	int k, j, m;
	size_t o;

	ck_assert_int_eq(sqlite3_exec(to->db,
		"INSERT INTO customers(id, first_name, last_name, created_at)"
		" VALUES(1, 'Ece', 'Su', 1700000000)", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(to->db,
		"INSERT INTO interactions(id, customer_id, channel, direction, at,"
		" body) VALUES(?1, 1, 'email', 'in', 1700000200, ?2)", -1, &s, NULL),
		SQLITE_OK);
	for (m = 0; m < 600; m++) {
		k = backwards ? 599 - m : m;
		o = 0;
		body[0] = '\0';
		/* Words from all over the list: each message meets many slots. */
		for (j = 0; j < 8; j++) {
			make_word((k * 8 + j) * 37 % 4800, w, sizeof w);
			o += (size_t)snprintf(body + o, sizeof body - o, "%s%s",
					      j ? " " : "", w);
		}
		sqlite3_bind_int(s, 1, k + 1);
		sqlite3_bind_text(s, 2, body, -1, SQLITE_TRANSIENT);
		ck_assert_int_eq(sqlite3_step(s), SQLITE_DONE);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
}

static long long count_of(const char *q)
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

START_TEST(words_indexed_alike_whatever_came_before)
{
	struct store *other;
	char other_path[600], e[1024], attach[700];

	snprintf(other_path, sizeof other_path, "%s/u.db", dir);
	ck_assert_msg(store_open(&other, other_path, STORE_CREATE, e, sizeof e) ==
		      STORE_OK, "%s", e);
	add_messages(st, 0);
	add_messages(other, 1);
	store_close(other);
	snprintf(attach, sizeof attach, "ATTACH '%s' AS u", other_path);
	sql(attach);
	sql("CREATE VIRTUAL TABLE temp.v_main USING"
	    " fts5vocab(main, search_interaction, instance);"
	    "CREATE VIRTUAL TABLE temp.v_u USING"
	    " fts5vocab(u, search_interaction, instance)");
	/* Roots were indexed: more entries than words. */
	ck_assert_int_gt(count_of("SELECT count(*) FROM temp.v_main"), 600 * 8 + 1000);
	ck_assert_int_gt(count_of("SELECT count(*) FROM temp.v_main"
				  " WHERE term LIKE '%lerimizden'"), 100);
	/* The roots: four-letter stems, none of which is written alone. */
	ck_assert_int_gt(count_of("SELECT count(DISTINCT term) FROM temp.v_main"
				  " WHERE length(term) = 4"), 500);
	ck_assert_int_eq(count_of(
		"SELECT (SELECT count(*) FROM (SELECT * FROM temp.v_main"
		"  EXCEPT SELECT * FROM temp.v_u))"
		" + (SELECT count(*) FROM (SELECT * FROM temp.v_u"
		"  EXCEPT SELECT * FROM temp.v_main))"), 0);
	ck_assert_int_eq(count_of(
		"SELECT (SELECT count(*) FROM (SELECT term FROM main.search_terms"
		"  EXCEPT SELECT term FROM u.search_terms))"
		" + (SELECT count(*) FROM (SELECT term FROM u.search_terms"
		"  EXCEPT SELECT term FROM main.search_terms))"), 0);
	sql("DROP TABLE temp.v_main; DROP TABLE temp.v_u; DETACH u");
	index_is_sound();
}
END_TEST

/*
 * The tokenizer remembers which words it put in search_terms, in a
 * bounded table and block of text that it empties when either fills:
 * more distinct words than the table holds (numbers), and long words
 * whose text overflows the block, some of them met again after it was
 * emptied, must all be in search_terms, each once.
 */
START_TEST(every_word_kept_past_a_full_memory_of_words)
{
	sqlite3_stmt *s;
	char *body, w[64];
	size_t o, cap = 8192;
	int m, j, k;

	body = malloc(cap);
	ck_assert_ptr_nonnull(body);
	sql("INSERT INTO customers(id, first_name, last_name, created_at)"
	    " VALUES(1, 'Ece', 'Su', 1700000000)");
	ck_assert_int_eq(sqlite3_prepare_v2(st->db,
		"INSERT INTO interactions(customer_id, channel, direction, at, body)"
		" VALUES(1, 'email', 'in', 1700000200, ?1)", -1, &s, NULL), SQLITE_OK);
	sql("BEGIN");
	for (m = 0; m < 1400; m++) {
		o = 0;
		/* 50 numbers never seen before: 70,000 in all. */
		for (j = 0; j < 50; j++)
			o += (size_t)snprintf(body + o, cap - o, "%d ",
					      7000000 + m * 50 + j);
		/* A word of 1,000 to 1,300 letters, different each time:
		 * over 1.5 MB of text in all. */
		if (m % 2 == 0) {
			for (k = 0; k < 1000 + m % 300 && o + 16 < cap; k++)
				body[o++] = (char)('a' + (m / 2 + k * k) % 26);
			o += (size_t)snprintf(body + o, cap - o, "%dx ", m);
		}
		/* And words of the first messages again. */
		snprintf(w, sizeof w, "%d kargo", 7000000 + (m * 37) % 2000);
		snprintf(body + o, cap - o, "%s", w);
		sqlite3_bind_text(s, 1, body, -1, SQLITE_TRANSIENT);
		ck_assert_int_eq(sqlite3_step(s), SQLITE_DONE);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	sql("COMMIT");
	free(body);
	sql("CREATE VIRTUAL TABLE temp.v_words USING"
	    " fts5vocab(main, search_interaction, row)");
	ck_assert_int_ge(count_of("SELECT count(*) FROM temp.v_words"), 70000 + 700);
	ck_assert_int_eq(count_of("SELECT count(*) FROM temp.v_words"
				  " WHERE term NOT IN (SELECT term FROM main.search_terms)"), 0);
	ck_assert_int_eq(count_of("SELECT count(*) FROM temp.v_words"
				  " WHERE length(term) > 1000"), 700);
	sql("DROP TABLE temp.v_words");
	index_is_sound();
}
END_TEST

/*
 * A word this connection put in search_terms in a transaction that was
 * rolled back (a write retried after a busy commit) is put there again
 * when the retry indexes it: the tokenizer does not trust its memory of
 * words across a rollback.
 */
START_TEST(words_of_a_rolled_back_write_are_kept_again)
{
	static const char ins[] =
		"INSERT INTO search_interaction(rowid, subject, body)"
		" VALUES(%d, '', 'zumrutyesili paket 4711085')";
	char q[160];

	sql("BEGIN");
	snprintf(q, sizeof q, ins, 900001);
	sql(q);
	ck_assert_int_eq(count_of("SELECT count(*) FROM search_terms"
				  " WHERE term IN ('zumrutyesili', '4711085')"), 2);
	sql("ROLLBACK");
	ck_assert_int_eq(count_of("SELECT count(*) FROM search_terms"
				  " WHERE term IN ('zumrutyesili', '4711085')"), 0);
	snprintf(q, sizeof q, ins, 900002);
	sql(q);
	ck_assert_int_eq(count_of("SELECT count(*) FROM search_terms"
				  " WHERE term IN ('zumrutyesili', '4711085')"), 2);
}
END_TEST

START_TEST(malformed_query_is_refused_cleanly)
{
	struct search_results r;

	ck_assert_int_eq(store_search(st, "iade \"kargo", 10, &r), STORE_INVALID);
	ck_assert_str_eq(store_errmsg(st), "search: unclosed quote at column 6");
	ck_assert_ptr_null(r.hits);
	ck_assert_int_eq(store_search(st, "*", 10, &r), STORE_INVALID);
	ck_assert_str_eq(store_errmsg(st),
			 "search: '*' needs a word before it (column 1)");
	/* Full-text syntax typed by a user is searched for, not obeyed. */
	add_customer("Ali", "Veli", NULL, NULL);
	ck_assert_str_eq(ids("ali OR nobody", SEARCH_CUSTOMERS), "");
	ck_assert_str_eq(ids("NEAR(ali veli)", SEARCH_CUSTOMERS), "");
	ck_assert_str_eq(ids("ali:veli", SEARCH_CUSTOMERS), " 1");
	ck_assert_str_eq(ids("name:ali", SEARCH_CUSTOMERS), "");
}
END_TEST

START_TEST(completion_of_names_and_order_numbers)
{
	char out[8][SEARCH_COMPLETION_LEN];
	int n;

	add_customer("Ayşe", "Yılmaz", NULL, NULL);
	add_customer("Ayşe", "Yılmaz", NULL, NULL);
	add_customer("Aydın", "Kaya", NULL, NULL);
	add_customer("Can", "Aysu", NULL, NULL);
	add_customer("Deniz", "Öz", "ayse@ornek.com", NULL);
	add_order(1, "TM-100");
	add_order(1, "TM-101");
	add_order(2, "TM-200");
	add_order(2, "TX-1");

	ck_assert_int_eq(store_complete_customer_names(st, "AYS", out, 8, &n),
			 STORE_OK);
	/* Newest first, each name once, any word of the name, not e-mail. */
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(out[0], "Can Aysu");
	ck_assert_str_eq(out[1], "Ayşe Yılmaz");
	ck_assert_int_eq(store_complete_customer_names(st, "ay", out, 2, &n),
			 STORE_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(store_complete_customer_names(st, "\"", out, 8, &n),
			 STORE_OK);
	ck_assert_int_eq(n, 0);

	ck_assert_int_eq(store_complete_order_numbers(st, "TM-1", out, 8, &n),
			 STORE_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(out[0], "TM-100");
	ck_assert_str_eq(out[1], "TM-101");
	ck_assert_int_eq(store_complete_order_numbers(st, "T", out, 3, &n),
			 STORE_OK);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(out[2], "TM-200");
	ck_assert_int_eq(store_complete_order_numbers(st, "TM-3", out, 8, &n),
			 STORE_OK);
	ck_assert_int_eq(n, 0);
}
END_TEST

/* The words an index holds with their rows and counts (fts5vocab), as
 * one string, to compare the index with another state of it. */
static char *index_words(const char *table)
{
	char q[512];
	sqlite3_stmt *s;
	char *out;

	snprintf(q, sizeof q, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.words_%s"
		 " USING fts5vocab(main, %s, row)", table, table);
	sql(q);
	snprintf(q, sizeof q, "SELECT coalesce(group_concat(w, ' '), '') FROM"
		 " (SELECT term || ':' || doc || ':' || cnt AS w FROM temp.words_%s"
		 "  ORDER BY term)", table);
	ck_assert_int_eq(sqlite3_prepare_v2(st->db, q, -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	out = strdup((const char *)sqlite3_column_text(s, 0));
	ck_assert_ptr_nonnull(out);
	sqlite3_finalize(s);
	return out;
}

/* The orders' and messages' indexes, as the writes left them, hold what
 * a rebuild from the tables gives: no row more, none less (a contentless
 * index told to remove a row it does not hold would count it less). */
static void index_is_rebuilt_alike(const char *when)
{
	static const char *const tables[] = { "search_order", "search_interaction" };
	char *before[2], *after;
	int k;

	for (k = 0; k < 2; k++)
		before[k] = index_words(tables[k]);
	ck_assert_int_eq(store_search_rebuild(st, NULL, NULL), STORE_OK);
	for (k = 0; k < 2; k++) {
		after = index_words(tables[k]);
		ck_assert_msg(strcmp(before[k], after) == 0,
			      "%s: %s holds\n%s\nwhere a rebuild holds\n%s", when,
			      tables[k], before[k], after);
		free(before[k]);
		free(after);
	}
	index_is_sound();
}

/* Rows the index itself matches, as FTS5 counts them. */
static long long native_count(const char *table, const char *match)
{
	char q[256];
	sqlite3_stmt *s;
	long long n;

	snprintf(q, sizeof q, "SELECT count(*) FROM %s WHERE %s MATCH ?1",
		 table, table);
	ck_assert_int_eq(sqlite3_prepare_v2(st->db, q, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, match, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/*
 * An erased customer's messages and orders leave the indexes as she is
 * erased, whoever erases her (the erasure, or any writer marking her),
 * and come back if the mark is taken off; a message or an order moved to
 * or from her, or deleted, follows; a bulk load's deferred indexing does
 * the same.  So the index itself finds none of hers, the counts are
 * exact, and the index is always what a rebuild gives.
 */
START_TEST(erased_customers_rows_leave_the_indexes)
{
	long long a = add_customer("Selin", "Aksoy", NULL, NULL);
	long long b = add_customer("Deniz", "Kara", NULL, NULL), c, first_b = 0, m;
	char body[64];
	int i;

	sql("BEGIN");
	for (i = 0; i < 500; i++) {
		snprintf(body, sizeof body, "merhaba siparis %d %s", i,
			 i % 5 < 3 ? "aksoy" : "kara");
		m = add_interaction(i % 5 < 3 ? a : b, NULL, body);
		if (i % 5 == 3 && first_b == 0)
			first_b = m;
	}
	sql("COMMIT");
	add_order(a, "SP-4711-1");
	add_order(a, "SP-4711-2");
	add_order(b, "SP-4711-3");
	ck_assert_int_eq(message_count("merhaba"), 500);
	ck_assert_int_eq(order_count("SP-4711*"), 3);

	/* Any writer marks her erased: her rows leave both indexes. */
	sql("UPDATE customers SET erased_at = 1700000500 WHERE id = 1");
	ck_assert_int_eq(message_count("merhaba"), 200);
	ck_assert_int_eq(message_count("aksoy"), 0);
	ck_assert_int_eq(native_count("search_interaction", "merhaba"), 200);
	ck_assert_int_eq(native_count("search_interaction", "aksoy"), 0);
	ck_assert_int_eq(order_count("SP-4711*"), 1);
	ck_assert_int_eq(native_count("search_order", "\"sp 4711\""), 1);
	index_is_rebuilt_alike("marked erased");

	/* The mark taken off: back. */
	sql("UPDATE customers SET erased_at = NULL WHERE id = 1");
	ck_assert_int_eq(message_count("merhaba"), 500);
	ck_assert_int_eq(order_count("SP-4711*"), 3);
	index_is_rebuilt_alike("mark taken off");

	/* The erasure: her blanked messages are not indexed either. */
	ck_assert_int_eq(store_customer_erase(st, a, "yonetici"), STORE_OK);
	ck_assert_int_eq(message_count("merhaba"), 200);
	ck_assert_int_eq(message_count("erased"), 0);
	ck_assert_int_eq(native_count("search_interaction", "erased"), 0);
	ck_assert_int_eq(native_count("search_interaction", "merhaba"), 200);
	ck_assert_int_eq(order_count("SP-4711*"), 1);
	index_is_rebuilt_alike("erased");

	/* A message and an order moved to her leave; one of hers deleted
	 * and one moved away are handled as what they were. */
	snprintf(body, sizeof body, "UPDATE interactions SET customer_id = 1"
		 " WHERE id = %lld", first_b);
	sql(body);
	sql("UPDATE orders SET customer_id = 1 WHERE number = 'SP-4711-3'");
	ck_assert_int_eq(message_count("merhaba"), 199);
	ck_assert_int_eq(order_count("SP-4711*"), 0);
	sql("DELETE FROM interactions WHERE id = 1");
	sql("UPDATE interactions SET customer_id = 2 WHERE id = 2");
	sql("UPDATE orders SET customer_id = 2 WHERE number = 'SP-4711-1'");
	ck_assert_int_eq(message_count("merhaba"), 199);
	ck_assert_int_eq(message_count("erased"), 1);
	ck_assert_int_eq(order_count("SP-4711*"), 1);
	index_is_rebuilt_alike("moved and deleted");

	/* A bulk load, its indexing deferred to its end: a customer erased
	 * in it, with messages and orders before and after. */
	sql("BEGIN");
	ck_assert_int_eq(store_search_defer(st), STORE_OK);
	c = add_customer("Cem", "Yurt", NULL, NULL);
	for (i = 0; i < 40; i++)
		add_interaction(c, NULL, "merhaba toplu");
	add_order(c, "SP-4711-4");
	snprintf(body, sizeof body, "UPDATE customers SET erased_at = 1700000600"
		 " WHERE id = %lld", c);
	sql(body);
	for (i = 0; i < 10; i++)
		add_interaction(c, NULL, "merhaba toplu sonra");
	add_order(c, "SP-4711-5");
	add_interaction(b, NULL, "merhaba toplu kara");
	ck_assert_int_eq(store_search_settle(st, 1), STORE_OK);
	sql("COMMIT");
	ck_assert_int_eq(message_count("toplu"), 1);
	ck_assert_int_eq(message_count("merhaba"), 200);
	ck_assert_int_eq(order_count("SP-4711*"), 1);
	index_is_rebuilt_alike("bulk load");
}
END_TEST

/* Tables a statement prepared while it is set reads (the authorizer). */
static int read_rows_of_tables;

static int note_table_read(void *ctx, int action, const char *table,
			   const char *column, const char *db, const char *via)
{
	(void)ctx;
	(void)column;
	(void)db;
	(void)via;
	if (action == SQLITE_READ && table != NULL &&
	    (strcmp(table, "interactions") == 0 || strcmp(table, "customers") == 0 ||
	     strcmp(table, "orders") == 0))
		read_rows_of_tables++;
	return SQLITE_OK;
}

/*
 * A count is read from the indexes alone, however many rows match: no
 * statement it runs reads the customers, orders or messages (which cost
 * a row or two read per match, scattered over the file).
 */
START_TEST(count_reads_the_indexes_alone)
{
	long long cust[3], total[SEARCH_NKINDS];
	static const char *const queries[] = {
		"merhaba", "merhaba kargo", "\"merhaba kargo\"", "SP-2023*", "2023*",
		"ka*", "mer*"
	};
	char body[64];
	size_t k;
	int i;

	for (i = 0; i < 3; i++)
		cust[i] = add_customer("Ali", "Veli", NULL, NULL);
	sql("BEGIN");
	for (i = 0; i < 1500; i++) {
		snprintf(body, sizeof body, "merhaba %s", i % 2 ? "kargo" : "iade");
		add_interaction(cust[i % 3], NULL, body);
	}
	for (i = 0; i < 1200; i++) {
		snprintf(body, sizeof body, "SP-2023-%05d", i);
		add_order(cust[i % 3], body);
	}
	sql("COMMIT");
	/* A connection of its own, whose statements are all prepared as it
	 * counts. */
	store_close(st);
	open_db(0);
	sqlite3_set_authorizer(st->db, note_table_read, NULL);
	for (k = 0; k < sizeof queries / sizeof queries[0]; k++) {
		read_rows_of_tables = 0;
		ck_assert_int_eq(store_search_count(st, queries[k], total), STORE_OK);
		ck_assert_msg(read_rows_of_tables == 0,
			      "%s: the count read a table's rows", queries[k]);
	}
	sqlite3_set_authorizer(st->db, NULL, NULL);
	ck_assert_int_eq(message_count("merhaba"), SEARCH_COUNT_MAX + 1);
	ck_assert_int_eq(message_count("merhaba kargo"), 750);
	ck_assert_int_eq(order_count("SP-2023*"), SEARCH_COUNT_MAX + 1);
	ck_assert_int_eq(order_count("SP-2023-001*"), 100);
}
END_TEST

/*
 * A database from before erased customers' rows left the indexes: its
 * erased customers' messages and orders, those other programs wrote and
 * queued included, leave them as it is opened, and nothing else.
 */
START_TEST(migration_takes_erased_customers_rows_out)
{
	sqlite3 *other;
	int v, i;

	store_close(st);
	ck_assert_int_eq(unlink(path), 0);
	open_db(STORE_CREATE | STORE_NO_MIGRATE);
	ck_assert_int_eq(store_migrate_to(st, 27), STORE_OK);
	add_customer("Selin", "Aksoy", NULL, NULL);
	add_customer("Deniz", "Kara", NULL, NULL);
	for (i = 0; i < 30; i++)
		add_interaction(1 + i % 2, NULL, i % 2 ? "merhaba kara" : "merhaba aksoy");
	add_order(1, "SP-4711-1");
	add_order(2, "SP-4711-2");
	sql("UPDATE customers SET erased_at = 1700000500 WHERE id = 1");
	store_close(st);
	ck_assert_int_eq(sqlite3_open_v2(path, &other, SQLITE_OPEN_READWRITE, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other,
		"INSERT INTO interactions(customer_id, channel, direction, at, body)"
		" VALUES(1, 'chat', 'in', 1700000300, 'merhaba aksoy sonra');"
		"INSERT INTO interactions(customer_id, channel, direction, at, body)"
		" VALUES(2, 'chat', 'in', 1700000300, 'merhaba kara sonra');",
		NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	open_db(0);
	ck_assert_int_eq(store_schema_version(st, &v), STORE_OK);
	ck_assert_int_eq(v, store_schema_latest());
	ck_assert_int_eq(raw_count("SELECT count(*) FROM search_queue"), 0);
	ck_assert_int_eq(native_count("search_interaction", "merhaba"), 16);
	ck_assert_int_eq(native_count("search_interaction", "aksoy"), 0);
	ck_assert_int_eq(native_count("search_order", "\"sp 4711\""), 1);
	ck_assert_int_eq(message_count("merhaba"), 16);
	ck_assert_int_eq(message_count("sonra"), 1);
	ck_assert_int_eq(order_count("SP-4711*"), 1);
	index_is_rebuilt_alike("migrated");
}
END_TEST

/*
 * A number prefix whose words, more than are ever written out, are in
 * fewer than SEARCH_COUNT_MAX messages in all (each message quoting an
 * order number of its own: 3051000 ... 3051899) is FTS5's own prefix,
 * which gathers only those messages' words: alone, with another word,
 * in the middle of a phrase, or next to another such prefix, no message
 * is read, neither the newest one after another nor any by its id, and
 * the count and the best hits are FTS5's own.
 */
START_TEST(rare_number_prefix_reads_no_message)
{
	static const struct {
		const char *q, *native;
		long long count;
	} cases[] = {
		{ "3051*", "\"3051\" *", 900 },
		{ "3051* kargo", "\"3051\" * AND kargo", 450 },
		{ "\"2025 3051* kargo\"", "\"2025 3051\" * + \"kargo\"", 450 },
		{ "3051* 3052*", "\"3051\" * AND \"3052\" *", 300 },
		{ "SP-2025-3051*", "\"sp 2025 3051\" *", 900 },
	};
	long long c = add_customer("Ali", "Veli", NULL, NULL);
	char body[96];
	size_t k;
	int i;

	sql("BEGIN");
	for (i = 0; i < 1600; i++)
		add_interaction(c, NULL, "dolgu metin");
	for (i = 0; i < 900; i++) {
		if (i % 3 == 0)
			snprintf(body, sizeof body, "SP-2025-3051%03d %s, 3052%03d", i,
				 i % 2 ? "kargo" : "iade", i);
		else
			snprintf(body, sizeof body, "SP-2025-3051%03d %s", i,
				 i % 2 ? "kargo" : "iade");
		add_interaction(c, NULL, body);
	}
	sql("COMMIT");
	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, count_own_prefix, NULL);
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		messages_read_by_id = 0;
		window_reads = 0;
		ck_assert_int_eq(message_count(cases[k].q), cases[k].count);
		ck_assert_int_eq(native_count("search_interaction", cases[k].native), cases[k].count);
		ck_assert_msg(window_reads == 0, "%s read the newest messages",
			      cases[k].q);
		ck_assert_msg(messages_read_by_id == 0, "%s read %d messages",
			      cases[k].q, messages_read_by_id);
		ck_assert_str_eq(ids(cases[k].q, SEARCH_INTERACTIONS),
				 native_ranked(cases[k].native, 20));
	}
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
}
END_TEST

/* Statements run that walk each index with a query: "... FROM search_x
 * WHERE search_x MATCH". */
static int index_walks[SEARCH_NKINDS];

static int count_index_walks(unsigned mask, void *ctx, void *p, void *x)
{
	static const char *const table[SEARCH_NKINDS] = {
		"search_customer WHERE search_customer MATCH",
		"search_order WHERE search_order MATCH",
		"search_interaction WHERE search_interaction MATCH",
	};
	const char *text = sqlite3_sql(p);
	int k;

	(void)mask;
	(void)ctx;
	(void)x;
	for (k = 0; text != NULL && k < SEARCH_NKINDS; k++)
		if (strstr(text, table[k]) != NULL)
			index_walks[k]++;
	return 0;
}

/*
 * The console counts a query and then shows it: each index is walked
 * once for both, the count, the newest matches and their ranking (and
 * once more, from where that walk ended, to count past the ranked ones
 * when there are more), since FTS5 walks words that rarely meet (a year
 * each, in most of the rows) from their start to find the first row
 * they share, whatever rowid the statement starts from.  The same rows
 * in the same order as FTS5 ranks them itself, and the same counts.
 */
START_TEST(count_and_hits_walk_each_index_once)
{
	static const struct {
		const char *q, *native;
		long long count;
		int walks;
	} cases[] = {
		{ "yil2023 yil2024", "yil2023 AND yil2024", 4, 1 },
		{ "\"yil2023 yil2024\"", "\"yil2023 yil2024\"", 4, 1 },
		{ "yil2023", "yil2023", 650, 2 },
		{ "merhaba", "merhaba", SEARCH_COUNT_MAX + 1, 2 },
	};
	static const int screen[SEARCH_NKINDS] = { 20, 20, 20 };
	long long c = add_customer("Ali", "Veli", NULL, NULL);
	long long total[SEARCH_NKINDS], native;
	struct search_results r;
	char body[64];
	size_t k;
	int i, kind;

	/* A year each, and both in four. */
	sql("BEGIN");
	for (i = 0; i < 1300; i++) {
		snprintf(body, sizeof body, "merhaba %s%s", i % 2 ? "yil2023" : "yil2024",
			 i % 400 == 7 ? " yil2023 yil2024" : "");
		add_interaction(c, NULL, body);
	}
	sql("COMMIT");
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		const char *want = native_ranked(cases[k].native, 20);
		char *got;

		store_search_forget(st);
		memset(index_walks, 0, sizeof index_walks);
		sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, count_index_walks, NULL);
		ck_assert_int_eq(store_search_count(st, cases[k].q, total), STORE_OK);
		ck_assert_int_eq(store_search_limits(st, cases[k].q, screen, &r), STORE_OK);
		sqlite3_trace_v2(st->db, 0, NULL, NULL);
		ck_assert_int_eq(total[SEARCH_INTERACTIONS], cases[k].count);
		native = native_count("search_interaction", cases[k].native);
		ck_assert_int_eq(native > SEARCH_COUNT_MAX ? SEARCH_COUNT_MAX + 1 : native,
				 cases[k].count);
		for (kind = 0; kind < SEARCH_NKINDS; kind++)
			ck_assert_msg(index_walks[kind] <= (kind == SEARCH_INTERACTIONS ?
							    cases[k].walks : 1),
				      "%s: the index of kind %d walked %d times",
				      cases[k].q, kind, index_walks[kind]);
		search_results_free(&r);
		got = strdup(ids(cases[k].q, SEARCH_INTERACTIONS));
		ck_assert_str_eq(got, want);
		free(got);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("search");
	TCase *tc = tcase_create("search");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, dotted_and_dotless_i_in_every_combination);
	tcase_add_test(tc, every_turkish_letter_folds);
	tcase_add_test(tc, turkish_and_english_words);
	tcase_add_test(tc, phrase_search);
	tcase_add_test(tc, prefix_words_inside_a_phrase);
	tcase_add_test(tc, phone_email_and_order_number);
	tcase_add_test(tc, results_are_grouped_and_open_the_customer);
	tcase_add_test(tc, ranking_and_limit);
	tcase_add_test(tc, very_common_word_still_answers);
	tcase_add_test(tc, index_follows_update_and_delete);
	tcase_add_test(tc, count_and_limits_per_kind);
	tcase_add_test(tc, erased_customer_is_not_found);
	tcase_add_test(tc, suspend_and_rebuild);
	tcase_add_test(tc, rebuild_repairs_a_stale_index);
	tcase_add_test(tc, migration_indexes_existing_rows);
	tcase_add_test(tc, prefix_is_the_words_it_begins);
	tcase_add_test(tc, wide_prefix_answered_from_the_newest);
	tcase_add_test(tc, short_prefix_has_entries_of_its_own);
	tcase_add_test(tc, wide_rare_prefix_walks_the_word_and_narrower_prefixes);
	tcase_add_test(tc, order_prefix_walks_the_word_and_narrower_prefixes);
	tcase_add_test(tc, prefix_migration_keeps_every_row_once);
	tcase_add_test(tc, prefix_of_no_word_is_looked_up_once);
	tcase_add_test(tc, turkish_roots_find_inflected_words);
	tcase_add_test(tc, other_programs_writes_are_indexed);
	tcase_add_test(tc, words_indexed_alike_whatever_came_before);
	tcase_add_test(tc, every_word_kept_past_a_full_memory_of_words);
	tcase_add_test(tc, words_of_a_rolled_back_write_are_kept_again);
	tcase_add_test(tc, count_and_hits_walk_each_index_once);
	tcase_add_test(tc, malformed_query_is_refused_cleanly);
	tcase_add_test(tc, completion_of_names_and_order_numbers);
	tcase_add_test(tc, erased_customers_rows_leave_the_indexes);
	tcase_add_test(tc, count_reads_the_indexes_alone);
	tcase_add_test(tc, migration_takes_erased_customers_rows_out);
	tcase_add_test(tc, rare_number_prefix_reads_no_message);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return harness_run(suite());
}
