/*
 * search_bench.c: build a large database and time searches on it.
 *
 *   search_bench [--build] [--customers N] [--interactions M] [--triggers]
 *                [--runs K] [--console] [--warm W] DB [QUERY...]
 *
 * --build fills a new DB with generated customers (one order each) and
 * interactions, either with the index suspended and rebuilt in one pass
 * (the bulk-load path) or, with --triggers, row by row through the
 * triggers; it prints the time of each phase.  Then each QUERY (or a
 * default set: common and rare words, names, a phone number, an order
 * number, a prefix, a phrase) runs K times for the top 50 per kind, each
 * time as a new query (what a search keeps of its query while the
 * database is unchanged is forgotten first), and the median and worst
 * times are printed.  With --console each run is what
 * the console does for a search: the count (up to "1,000+") and the first
 * screen, 20 per kind.  Each query runs in a process of its own, whose
 * peak resident set size is printed with the times (wall clock, and the
 * median CPU time of a run, which a busy machine disturbs less), and the
 * CPU time of its first run apart: what a query costs the first time,
 * before SQLite's page cache holds its pages.  With --warm W that process
 * searches W once before, untimed, as a console has searched before: the
 * statements are prepared and the pages every search reads are cached,
 * so the first run is what a new query costs in a console already open.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/store/internal.h"
#include "temas/search.h"
#include "temas/store.h"

static double clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

/* CPU time of this process: on a busy machine, what a query costs
 * itself, apart from the waits for a core. */
static double cpu_ms(void)
{
	return clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

static void die(struct store *st, const char *what)
{
	fprintf(stderr, "search_bench: %s: %s\n", what, st ? store_errmsg(st) : "");
	exit(1);
}

static void run(struct store *st, const char *sql, long long n)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		die(st, sqlite3_errmsg(st->db));
	if (n >= 0)
		sqlite3_bind_int64(s, 1, n);
	if (sqlite3_step(s) != SQLITE_DONE) {
		fprintf(stderr, "%s\n", sqlite3_errmsg(st->db));
		exit(1);
	}
	sqlite3_finalize(s);
}

static const char vocab_sql[] =
	"CREATE TEMP TABLE common(id INTEGER PRIMARY KEY, w TEXT);"
	"INSERT INTO common(w) VALUES ('sipariş'),('kargo'),('iade'),('fatura'),"
	"('ödeme'),('teslimat'),('müşteri'),('ürün'),('geç'),('hasarlı'),"
	"('değişim'),('iptal'),('kart'),('para'),('hesap'),('şikâyet'),('çağrı'),"
	"('merkez'),('mağaza'),('garanti'),('servis'),('teşekkür'),('lütfen'),"
	"('merhaba'),('bilgi'),('numara'),('adres'),('telefon'),('kampanya'),"
	"('indirim'),('kupon'),('stok'),('beden'),('renk'),('kutu'),('paket'),"
	"('kurye'),('şube'),('gün'),('hafta'),('bekliyorum'),('hâlâ'),"
	"('gelmedi'),('yanlış'),('eksik'),('kırık'),('bozuk'),('çalışmıyor'),"
	"('memnun'),('değilim'),('iyi'),('kötü'),('hızlı'),('yavaş'),('acil'),"
	"('sorun'),('çözüm'),('yardım'),('ve'),('bir'),('bu'),('için'),('çok'),"
	"('ama'),('daha'),('olarak'),('ile'),('gibi'),('ne'),('zaman');"
	"CREATE TEMP TABLE syl(id INTEGER PRIMARY KEY, s TEXT);"
	"INSERT INTO syl(s) VALUES ('ka'),('le'),('mi'),('ro'),('tu'),('şe'),"
	"('ça'),('ğı'),('de'),('nu'),('pa'),('zi'),('lo'),('ve'),('sü'),('ya'),"
	"('ba'),('ke'),('di'),('mo'),('fu'),('ha'),('ri'),('so'),('te'),('gö'),"
	"('cı'),('ne'),('po'),('bü');"
	"CREATE TEMP TABLE sentence(id INTEGER PRIMARY KEY, t TEXT);"
	"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM n WHERE i < 20000*12-1)"
	" INSERT INTO sentence(id, t) SELECT i/12, group_concat(w, ' ') FROM ("
	"  SELECT i, CASE WHEN abs(random()) % 2 THEN"
	"   (SELECT w FROM common WHERE id = 1 + (abs(random()) + 0*i) % 70) ELSE"
	"   (SELECT a.s || b.s || c.s FROM syl a, syl b, syl c WHERE"
	"     a.id = 1 + (abs(random()) + 0*i) % 30"
	"     AND b.id = 1 + (abs(random()) + 0*i) % 30"
	"     AND c.id = 1 + (abs(random()) + 0*i) % 30) END AS w FROM n)"
	" GROUP BY i/12;"
	"CREATE TEMP TABLE first(id INTEGER PRIMARY KEY, n TEXT);"
	"INSERT INTO first(n) VALUES ('Mehmet'),('Ayşe'),('Mustafa'),('Fatma'),"
	"('Ahmet'),('Emine'),('Ali'),('Hatice'),('Hüseyin'),('Zeynep'),('Hasan'),"
	"('Elif'),('İbrahim'),('Şerife'),('İsmail'),('Özlem'),('Osman'),('Çiğdem'),"
	"('Yusuf'),('Gül'),('Murat'),('Sevgi'),('Ömer'),('Işıl'),('Burak'),"
	"('Derya'),('Emre'),('Ebru'),('Can'),('Selin');"
	"CREATE TEMP TABLE last(id INTEGER PRIMARY KEY, n TEXT);"
	"INSERT INTO last(n) VALUES ('Yılmaz'),('Kaya'),('Demir'),('Şahin'),"
	"('Çelik'),('Yıldız'),('Yıldırım'),('Öztürk'),('Aydın'),('Özdemir'),"
	"('Arslan'),('Doğan'),('Kılıç'),('Aslan'),('Çetin'),('Kara'),('Koç'),"
	"('Kurt'),('Özkan'),('Şimşek'),('Polat'),('Öz'),('Korkmaz'),('Güneş'),"
	"('Işık'),('Erdoğan'),('Akın'),('Uçar'),('Tekin'),('Ünal');";

static const char customers_sql[] =
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < ?1)"
	" INSERT INTO customers(first_name, last_name, email, phone, city,"
	"  created_at)"
	" SELECT f.n, l.n, 'musteri' || i || '@ornek.com.tr',"
	"  printf('+90 5%02d %03d %02d %02d', abs(random()) % 60,"
	"   abs(random()) % 1000, abs(random()) % 100, abs(random()) % 100),"
	"  'İstanbul', 1600000000 + i"
	" FROM n JOIN first f ON f.id = 1 + i % 30"
	" JOIN last l ON l.id = 1 + (i / 30 + i * 7) % 30";

static const char orders_sql[] =
	"INSERT INTO orders(customer_id, number, status, total, placed_at)"
	" SELECT id, printf('TM-%08d', id), 'delivered', 10000 + id % 90000,"
	"  1650000000 + id FROM customers WHERE id <= ?1";

static const char interactions_sql[] =
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < ?1)"
	" INSERT INTO interactions(customer_id, channel, direction, at, subject, body)"
	" SELECT 1 + abs(random()) % (SELECT max(id) FROM customers), 'email', 'in',"
	"  1700000000 + i,"
	"  (SELECT w FROM common WHERE id = 1 + (abs(random()) + 0*i) % 70) || ' ' ||"
	"  (SELECT w FROM common WHERE id = 1 + (abs(random()) + 0*i) % 70),"
	"  (SELECT t FROM sentence WHERE id = (abs(random()) + 0*i) % 20000)"
	" FROM n";

static void progress(enum search_kind kind, long long done, long long total,
		     void *ctx)
{
	(void)ctx;
	if (done == total)
		fprintf(stderr, "  indexed %lld %s\n", total, search_kind_name(kind));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One query, runs times, in a process of its own: the times, the hits
 * and the count on one line, left open for the peak memory. */
static int time_query(const char *db, const char *query, int runs, int console,
		      const char *warm)
{
	static const int screen[SEARCH_NKINDS] = { 20, 20, 20 };
	long long total[SEARCH_NKINDS], count = 0;
	double t0, c0, times[101], cpu[101], first;
	struct store *st;
	char err[1024];
	int i, kind, hits = 0;

	if (store_open(&st, db, 0, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "search_bench: %s\n", err);
		return 1;
	}
	if (warm != NULL) {
		struct search_results r;

		if ((console && store_search_count(st, warm, total) != STORE_OK) ||
		    store_search_limits(st, warm, screen, &r) != STORE_OK)
			die(st, warm);
		search_results_free(&r);
	}
	for (i = 0; i < runs; i++) {
		struct search_results r;

		/* A new query each run: what a search keeps for its query
		 * while the database is unchanged (the console's paging) is
		 * not what a search costs. */
		store_search_forget(st);
		t0 = now_ms();
		c0 = cpu_ms();
		if (console && store_search_count(st, query, total) != STORE_OK)
			die(st, query);
		if ((console ? store_search_limits(st, query, screen, &r)
			     : store_search(st, query, 50, &r)) != STORE_OK)
			die(st, query);
		times[i] = now_ms() - t0;
		cpu[i] = cpu_ms() - c0;
		hits = r.nhits;
		search_results_free(&r);
	}
	for (kind = 0; console && kind < SEARCH_NKINDS; kind++)
		count += total[kind];
	store_close(st);
	first = cpu[0];
	qsort(times, (size_t)runs, sizeof times[0], cmp_double);
	qsort(cpu, (size_t)runs, sizeof cpu[0], cmp_double);
	printf("%s\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%lld", query, times[runs / 2],
	       times[runs - 1], cpu[runs / 2], first, hits, count);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const defaults[] = {
		"kargo", "sipariş gelmedi", "mehmet", "ayşe yılmaz", "işık",
		"kalemi", "sipari*", "s*", "\"kargo geç\"", "\"kredi kart*\"",
		"TM-00123456", "musteri4242@ornek.com.tr", "zzqq", "2023*",
		"SP-2023*"
	};
	long long customers = 1000000, interactions = 10000000;
	int build = 0, triggers = 0, console = 0, runs = 21, i, k;
	const char *db = NULL, *warm = NULL;
	const char **queries = NULL;
	int nq = 0;
	struct store *st;
	char err[1024];
	double t0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--build") == 0)
			build = 1;
		else if (strcmp(argv[i], "--triggers") == 0)
			triggers = 1;
		else if (strcmp(argv[i], "--console") == 0)
			console = 1;
		else if (strcmp(argv[i], "--customers") == 0 && i + 1 < argc)
			customers = atoll(argv[++i]);
		else if (strcmp(argv[i], "--interactions") == 0 && i + 1 < argc)
			interactions = atoll(argv[++i]);
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--warm") == 0 && i + 1 < argc)
			warm = argv[++i];
		else if (db == NULL)
			db = argv[i];
		else
			break;
	}
	if (db == NULL || runs < 1 || runs > 101) {
		fprintf(stderr, "usage: search_bench [--build] [--customers N]"
			" [--interactions M] [--triggers] [--runs K] [--console]"
			" [--warm W] DB [QUERY...]\n");
		return 2;
	}
	if (i < argc) {
		queries = (const char **)(argv + i);
		nq = argc - i;
	} else {
		queries = (const char **)defaults;
		nq = (int)(sizeof defaults / sizeof defaults[0]);
	}
	if (store_open(&st, db, build ? STORE_CREATE : 0, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "search_bench: %s\n", err);
		return 1;
	}
	if (build) {
		if (sqlite3_exec(st->db, vocab_sql, NULL, NULL, NULL) != SQLITE_OK)
			die(st, sqlite3_errmsg(st->db));
		if (!triggers)
			store_search_suspend(st);
		t0 = now_ms();
		run(st, "BEGIN", -1);
		run(st, customers_sql, customers);
		run(st, orders_sql, customers);
		fprintf(stderr, "customers+orders: %.0f ms\n", now_ms() - t0);
		t0 = now_ms();
		run(st, interactions_sql, interactions);
		run(st, "COMMIT", -1);
		fprintf(stderr, "interactions: %.0f ms\n", now_ms() - t0);
		if (!triggers) {
			t0 = now_ms();
			if (store_search_rebuild(st, progress, NULL) != STORE_OK)
				die(st, "rebuild");
			fprintf(stderr, "rebuild: %.0f ms\n", now_ms() - t0);
		}
	}
	store_close(st);
	printf("query\tmedian_ms\tmax_ms\tcpu_ms\tfirst_cpu_ms\thits\tcount\tmaxrss_kb\n");
	fflush(stdout);
	for (k = 0; k < nq; k++) {
		struct rusage ru;
		int status;
		pid_t pid = fork();

		if (pid < 0) {
			perror("search_bench: fork");
			return 1;
		}
		if (pid == 0)
			_exit(time_query(db, queries[k], runs, console, warm));
		if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			return 1;
		printf("\t%ld\n", ru.ru_maxrss);
		fflush(stdout);
	}
	return 0;
}
