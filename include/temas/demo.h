/*
 * demo.h: a realistic, repeatable demo database.
 *
 * Turkish customers with orders, contacts over every channel, complaints in
 * every state (some past their deadline), and survey answers, generated in
 * bulk inside the store.  The same seed and the same clock (store_now) give
 * the same data, byte for byte.
 */
#ifndef TEMAS_DEMO_H
#define TEMAS_DEMO_H

struct store;

#define DEMO_MAX_CUSTOMERS 10000000LL
#define DEMO_DEFAULT_CUSTOMERS 2000LL
#define DEMO_DEFAULT_SEED 1ULL

/* The steps of a run, reported in this order through the progress hook. */
enum demo_stage {
	DEMO_STAGE_CUSTOMERS = 0,   /* agents and customers */
	DEMO_STAGE_ORDERS,
	DEMO_STAGE_COMPLAINTS,
	DEMO_STAGE_INTERACTIONS,
	DEMO_STAGE_SURVEYS,
	DEMO_STAGE_INDEXES,
	DEMO_STAGE_SEARCH,          /* the full-text index, in one pass */
	DEMO_STAGE_COUNT
};

struct demo_options {
	long long customers;          /* 1 .. DEMO_MAX_CUSTOMERS */
	unsigned long long seed;
	const char *login;            /* the person running temas: made an agent */
	const char *name;             /* their display name; NULL: the login */
	int supervisor;               /* make that agent a supervisor */
	/* Called as each stage starts; may be NULL. */
	void (*progress)(void *arg, enum demo_stage stage);
	void *progress_arg;
};

struct demo_counts {
	long long agents;
	long long customers;
	long long orders;
	long long order_lines;
	long long complaints;
	long long open_complaints;
	long long interactions;
	long long surveys;
};

/*
 * Fill a database that has no data yet.  STORE_DENIED (nothing changed)
 * when it already has customers, orders, complaints or contacts;
 * STORE_INVALID for a customer count out of range.  All or nothing: one
 * transaction.  counts may be NULL.
 */
int store_demo_generate(struct store *st, const struct demo_options *o,
			struct demo_counts *counts);

#endif
