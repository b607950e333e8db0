/*
 * metrics.h: the figures a supervisor watches, computed from the data.
 *
 * Nothing here is stored: every figure is an aggregate over complaints,
 * interactions, surveys, orders and presence, computed by SQL when asked.
 * Figures that cover a stretch of time take a period [since, until) in UTC
 * seconds; snapshot figures (queues, backlog, breaches) are as of
 * store_now().  Rows are plain structs; lists are malloc'd arrays the
 * caller frees with free().
 */
#ifndef TEMAS_METRICS_H
#define TEMAS_METRICS_H

#include "temas/model.h"

struct store;

struct metrics_period {
	temas_time since;       /* inclusive */
	temas_time until;       /* exclusive */
};

/* An agent counts as online with a presence heartbeat this recent. */
#define METRICS_ONLINE_SECS 15

/* One row per agent; agent_id 0 is the unassigned pile. */
struct metrics_agent_queue {
	long long agent_id;
	const char *login;
	const char *name;
	enum agent_role role;
	int open;                     /* open, not waiting on the customer */
	int pending;                  /* waiting on the customer */
	int breached;                 /* open or pending and past due_at */
	temas_time oldest_open_at;    /* 0 when nothing is open */
	int replies_today;            /* since local midnight */
	int first_responses;          /* complaints first answered in period */
	long long median_first_response;  /* seconds; -1 when none */
	int online;
	int capacity;                 /* auto-assignment's limit; -1 none */
};

int store_metrics_queues(struct store *st, const struct metrics_period *p,
			 struct metrics_agent_queue **rows, int *n);

/* Local midnight of the day containing t, and the next one (DST-safe). */
int metrics_local_day(temas_time t, temas_time *start, temas_time *next);

enum {
	METRICS_AGE_1H = 0,     /* < 1 h */
	METRICS_AGE_4H,         /* 1 h - < 4 h */
	METRICS_AGE_24H,        /* 4 h - < 24 h */
	METRICS_AGE_3D,         /* 1 day - < 3 days */
	METRICS_AGE_OLDER,      /* >= 3 days */
	METRICS_AGE_BUCKETS
};

/* Open complaints by channel and by age since opened_at. */
struct metrics_backlog_row {
	char channel[16];
	int count[METRICS_AGE_BUCKETS];
	int total;
};

/* Only channels with open complaints, in the channels' sort order. */
int store_metrics_backlog(struct store *st, struct metrics_backlog_row **rows,
			  int *n);
/* Label of a bucket ("< 1 h", ...), translated. */
const char *metrics_age_label(int bucket);

/*
 * Open complaints past their due time, most overdue first: up to max rows
 * from offset; *total gets the number of breaches.  Rows carry the
 * assignee's login and the customer's name.
 */
int store_metrics_breaches(struct store *st, int offset, int max,
			   struct complaint *rows, int *n, int *total);

/* NPS and CSAT over a set of answers. */
struct metrics_score {
	const char *key;        /* channel code, agent login, or "" overall */
	long long agent_id;     /* per-agent rows; 0 otherwise */
	temas_time week_start;  /* weekly trend rows; 0 otherwise */
	int nps_answers;
	int promoters, passives, detractors;
	int has_nps;            /* 0: no answers, nps is meaningless */
	int nps;                /* %promoters - %detractors, rounded, -100..100 */
	int csat_answers;
	int has_csat;
	double csat;            /* average score, 1..5 */
};

struct metrics_satisfaction {
	struct metrics_score overall;
	struct metrics_score *by_channel;   /* answers with a channel */
	int nchannels;
	struct metrics_score *by_agent;     /* assignee of the linked complaint */
	int nagents;
	struct metrics_score *weeks;        /* oldest first, weeks ending at until */
	int nweeks;
};

int store_metrics_satisfaction(struct store *st, const struct metrics_period *p,
			       int weeks, struct metrics_satisfaction *out);
void metrics_satisfaction_free(struct metrics_satisfaction *s);

/*
 * Churn: among customers who ordered before the window [until - days,
 * until), the share who placed no order inside it.  duration_years is the
 * expected customer lifetime the CLV uses: the window length over the churn
 * rate, capped at METRICS_MAX_YEARS (and that cap when nobody churned).
 */
#define METRICS_MAX_YEARS 10.0

struct metrics_churn {
	int days;
	int base;               /* customers who had ordered before the window */
	int churned;            /* of those, no order in the window */
	int has_rate;
	double rate;            /* churned / base, 0..1 */
	double duration_years;
};

int store_metrics_churn(struct store *st, temas_time until, int days,
			struct metrics_churn *out);

/*
 * A customer at churn risk: two or more negative experiences (complaints
 * opened, NPS detractor answers) in the period.  CLV = revenue_per_year x
 * duration_years - acquisition_cost, where revenue_per_year is the sum of
 * non-cancelled orders over the years as a customer (at least one).
 */
struct metrics_risk {
	long long customer_id;
	const char *name;
	char tier[24];
	int complaints;         /* opened in the period */
	int detractors;         /* detractor answers in the period */
	int open_complaints;
	long long open_ids[4];  /* the oldest open complaints */
	temas_money revenue;    /* non-cancelled orders, all time */
	char currency[8];
	double years;           /* as a customer, at least 1 */
	temas_money revenue_per_year;
	double duration_years;
	temas_money acquisition_cost;
	temas_money clv;
};

/* The top max at-risk customers by CLV; *total gets how many are at risk. */
int store_metrics_at_risk(struct store *st, const struct metrics_period *p,
			  double duration_years, int max,
			  struct metrics_risk **rows, int *n, int *total);

/* Replies sent after the agent had the order history on screen. */
struct metrics_compliance {
	long long agent_id;     /* 0 for the overall row */
	const char *login;
	int replies;
	int with_history;
	int has_share;
	double share;           /* with_history / replies, 0..1 */
};

/* rows[0] is the overall figure, then one row per agent who replied. */
int store_metrics_compliance(struct store *st, const struct metrics_period *p,
			     struct metrics_compliance **rows, int *n);

/* Complaints opened per category, this period against the one before;
 * then the same per tag (is_tag 1), after every category. */
struct metrics_category {
	const char *category;   /* or the tag */
	int is_tag;
	int count;
	int previous;
	int trend;              /* 1 up, -1 down, 0 same */
};

int store_metrics_categories(struct store *st, const struct metrics_period *p,
			     struct metrics_category **rows, int *n);

/*
 * Everything the supervisor view shows, in one call.  Free with
 * metrics_all_free().
 */
struct metrics_all {
	struct metrics_period period;
	temas_time now;
	struct metrics_agent_queue *queues;
	int nqueues;
	struct metrics_backlog_row *backlog;
	int nbacklog;
	struct complaint *breaches;
	int nbreaches, breaches_total;
	struct metrics_satisfaction sat;
	struct metrics_churn churn;
	struct metrics_risk *risk;
	int nrisk, risk_total;
	struct metrics_compliance *compliance;
	int ncompliance;
	struct metrics_category *categories;
	int ncategories;
};

struct metrics_options {
	int churn_days;         /* default 365 */
	int weeks;              /* trend length, default 8 */
	int breaches;           /* rows of the breach list, default 50 */
	int risk;               /* rows of the at-risk list, default 20 */
};

int store_metrics_all(struct store *st, const struct metrics_period *p,
		      const struct metrics_options *opt, struct metrics_all *out);
void metrics_all_free(struct metrics_all *m);

/*
 * The figures are read from summary tables that triggers keep exact.
 * With full_scan on, this store computes them from the rows themselves
 * instead: the same answers, slowly (the reference the summaries are
 * checked against).
 */
void store_metrics_full_scan(struct store *st, int on);
/* Refill every summary table from the rows, in one transaction. */
int store_summaries_rebuild(struct store *st);
/* *differences: summary rows that differ from a recomputation (0: exact). */
int store_summaries_check(struct store *st, long long *differences);

#endif
