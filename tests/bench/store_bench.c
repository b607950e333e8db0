/*
 * store_bench.c: time store functions in-process, to tell the store's
 * share of a console figure (search, the supervisor figures, opening a
 * customer) from the drawing's.
 *
 *   store_bench [--runs K] [--parts] DB [WORD...]
 *
 * Prints one line per run: "figure<TAB>ms".  Figures: "search WORD" (the
 * matches counted and the top 50 of each kind), "supervisor" (every
 * figure of the supervisor view for the last 30 days, as `temas report`
 * computes it), "supervisor full scan" (the same from the rows alone,
 * as before the summary tables) and "open customer" (header, figures, first page of
 * orders and of the timeline of the customer of the first queued
 * complaint).  With --parts, each figure of the supervisor view is
 * timed on its own ("supervisor: queues", ...) instead of the searches
 * and the customer, with the process's CPU time beside (a third column).  The store is opened once, as in the console, so the first
 * run of each figure also pays for preparing its statements.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "temas/customer.h"
#include "temas/metrics.h"
#include "temas/queue.h"
#include "temas/search.h"
#include "temas/store.h"

#define PAGE 40

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* This process's CPU time: on a busy machine, the figure's own cost. */
static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int fail(struct store *st, const char *what)
{
	fprintf(stderr, "store_bench: %s: %s\n", what, store_errmsg(st));
	return 1;
}

static int bench_search(struct store *st, const char *word)
{
	struct search_results r;
	long long total[SEARCH_NKINDS];
	double t0 = now_ms();

	/* What the console asks: how many match, and the best of them. */
	if (store_search_count(st, word, total) != STORE_OK ||
	    store_search(st, word, 50, &r) != STORE_OK)
		return fail(st, word);
	printf("search %s\t%.3f\n", word, now_ms() - t0);
	search_results_free(&r);
	return 0;
}

static int bench_supervisor(struct store *st, int full_scan)
{
	struct metrics_options mo = { 365, 8, 50, 20 };
	struct metrics_period p;
	struct metrics_all m;
	double t0 = now_ms();

	p.until = store_now(st);
	p.since = p.until - 30 * 86400LL;
	store_metrics_full_scan(st, full_scan);
	if (store_metrics_all(st, &p, &mo, &m) != STORE_OK)
		return fail(st, "supervisor");
	printf("%s\t%.3f\n", full_scan ? "supervisor full scan" : "supervisor",
	       now_ms() - t0);
	metrics_all_free(&m);
	store_metrics_full_scan(st, 0);
	return 0;
}

typedef int (*part_fn)(struct store *, const struct metrics_period *,
		       struct metrics_all *);

static int part_queues(struct store *st, const struct metrics_period *p,
		       struct metrics_all *m)
{
	return store_metrics_queues(st, p, &m->queues, &m->nqueues);
}

static int part_backlog(struct store *st, const struct metrics_period *p,
			struct metrics_all *m)
{
	(void)p;
	return store_metrics_backlog(st, &m->backlog, &m->nbacklog);
}

static int part_breaches(struct store *st, const struct metrics_period *p,
			 struct metrics_all *m)
{
	(void)p;
	return store_metrics_breaches(st, 0, 100, m->breaches, &m->nbreaches,
				      &m->breaches_total);
}

static int part_satisfaction(struct store *st, const struct metrics_period *p,
			     struct metrics_all *m)
{
	return store_metrics_satisfaction(st, p, 8, &m->sat);
}

static int part_churn(struct store *st, const struct metrics_period *p,
		      struct metrics_all *m)
{
	return store_metrics_churn(st, p->until, 365, &m->churn);
}

static int part_at_risk(struct store *st, const struct metrics_period *p,
			struct metrics_all *m)
{
	return store_metrics_at_risk(st, p, m->churn.duration_years, 20,
				     &m->risk, &m->nrisk, &m->risk_total);
}

static int part_compliance(struct store *st, const struct metrics_period *p,
			   struct metrics_all *m)
{
	return store_metrics_compliance(st, p, &m->compliance, &m->ncompliance);
}

static int part_categories(struct store *st, const struct metrics_period *p,
			   struct metrics_all *m)
{
	return store_metrics_categories(st, p, &m->categories, &m->ncategories);
}

/* Each figure of the supervisor view on its own, as the console asks. */
static int bench_supervisor_parts(struct store *st)
{
	static const struct {
		const char *name;
		part_fn fn;
	} parts[] = {
		{ "queues", part_queues }, { "backlog", part_backlog },
		{ "breaches", part_breaches },
		{ "satisfaction", part_satisfaction }, { "churn", part_churn },
		{ "at risk", part_at_risk }, { "compliance", part_compliance },
		{ "categories", part_categories },
	};
	static struct complaint breaches[100];
	struct metrics_period p;
	struct metrics_all m;
	double t0, c0, all = now_ms(), call = cpu_ms();
	size_t i;

	memset(&m, 0, sizeof m);
	p.until = store_now(st);
	p.since = p.until - 30 * 86400LL;
	m.breaches = breaches;
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		t0 = now_ms();
		c0 = cpu_ms();
		if (parts[i].fn(st, &p, &m) != STORE_OK)
			return fail(st, parts[i].name);
		printf("supervisor: %s\t%.3f\t%.3f\n", parts[i].name,
		       now_ms() - t0, cpu_ms() - c0);
	}
	printf("supervisor: all\t%.3f\t%.3f\n", now_ms() - all, cpu_ms() - call);
	m.breaches = NULL;
	metrics_all_free(&m);
	return 0;
}

static int bench_open_customer(struct store *st, long long id)
{
	static struct order orders[PAGE];
	static struct timeline_item items[PAGE];
	struct customer c;
	struct customer_summary sum;
	int n, i, count;
	double t0 = now_ms();

	if (store_customer_get(st, id, &c) != STORE_OK ||
	    store_customer_summary(st, id, &sum) != STORE_OK ||
	    store_order_count(st, id, &count) != STORE_OK ||
	    store_order_list(st, id, 0, PAGE, orders, &n) != STORE_OK ||
	    store_timeline_count(st, id, &count) != STORE_OK)
		return fail(st, "open customer");
	if (store_timeline_list(st, id, 0, PAGE, items, &n) != STORE_OK)
		return fail(st, "open customer");
	printf("open customer\t%.3f\n", now_ms() - t0);
	for (i = 0; i < n; i++)
		timeline_item_clear(&items[i]);
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const defaults[] = { "kargo", "mehmet", "sipari*",
						"\"kredi kart*\"", "2023*",
						"SP-2023*" };
	static struct queue_row first[1];
	struct queue_query q = { .filter = QUEUE_ALL };
	const char *const *words = defaults;
	int nwords = 6, runs = 7, parts = 0, i, k, n, rc = 0;
	struct store *st;
	char err[1024];

	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--parts") == 0)
			parts = 1;
		else
			break;
	}
	if (i >= argc || runs < 1) {
		fprintf(stderr, "usage: store_bench [--runs K] [--parts] DB [WORD...]\n");
		return 2;
	}
	if (store_open(&st, argv[i], STORE_READONLY, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "store_bench: %s\n", err);
		return 1;
	}
	if (i + 1 < argc) {
		words = (const char *const *)(argv + i + 1);
		nwords = argc - i - 1;
	}
	if (store_queue_list(st, &q, 0, 1, first, &n) != STORE_OK) {
		rc = fail(st, "queue");
		store_close(st);
		return rc;
	}
	for (k = 0; k < runs && rc == 0 && parts; k++)
		rc = bench_supervisor_parts(st);
	for (k = 0; k < runs && rc == 0 && !parts; k++) {
		for (i = 0; i < nwords && rc == 0; i++)
			rc = bench_search(st, words[i]);
		if (rc == 0)
			rc = bench_supervisor(st, 0);
		if (rc == 0)
			rc = bench_supervisor(st, 1);
		if (rc == 0 && n == 1)
			rc = bench_open_customer(st, first[0].c.customer_id);
	}
	store_close(st);
	return rc;
}
