/*
 * customer.h: one customer as the console shows them: the header figures,
 * the orders, the timeline across channels, and the per-channel threads.
 *
 * Lists are read a page at a time (offset, limit), newest first.
 */
#ifndef TEMAS_CUSTOMER_H
#define TEMAS_CUSTOMER_H

#include "temas/model.h"

struct store;

/* The window for "recent" complaints and detractor answers in the summary. */
#define CUSTOMER_RECENT_DAYS 90

int store_customer_get(struct store *st, long long id, struct customer *out);

/*
 * Merge customer src into customer into: two records of one person (an
 * old address, a second phone) made one.  Their orders, complaints,
 * messages and surveys move to into, which takes from src what it lacks
 * (a name, address, phone, city), the earlier "customer since" and the
 * higher tier.  src stays, marked merged into into, so its address, phone
 * and the team's id go on finding into: when a message comes in, in an
 * import, in a search.  Records merged into src before now point at into.
 * Supervisors only; refused (STORE_DENIED) into itself, when either is
 * merged already or erased; STORE_NOTFOUND when either is missing.  One
 * transaction, audited on both.  *n gets what moved (may be NULL).
 */
struct customer_merge_counts {
	int orders, complaints, messages, surveys;
	int records;   /* records merged into src before, now into into */
};
struct agent;
int store_customer_merge(struct store *st, const struct agent *who,
			 long long src, long long into,
			 struct customer_merge_counts *n);
/* What store_customer_merge would say, changing nothing: STORE_OK when
 * it would merge now, else its refusal (asked before a person confirms). */
int store_customer_merge_check(struct store *st, const struct agent *who,
			       long long src, long long into);
/* The records merged into customer id, lowest first, in (*ids)[0..*n),
 * which the caller frees (NULL when none). */
int store_customer_merged(struct store *st, long long id, long long **ids,
			  int *n);
/* The same with when each was merged and the login that merged it, in
 * (*out)[0..*n), which the caller frees with store_customer_merges_free. */
struct customer_merge_made {
	long long id, at;
	char *login;
};
int store_customer_merges_made(struct store *st, long long id,
			       struct customer_merge_made **out, int *n);
void store_customer_merges_free(struct customer_merge_made *m, int n);

/*
 * Records that may be one person, for a supervisor to merge: those with
 * one e-mail address (case aside) or one phone (its last ten digits),
 * neither erased nor merged.  fn gets each group, newest first (by its
 * newest record), at most limit of them: the address or phone as one of
 * them writes it, and their ids, lowest first; a non-zero return stops.
 * *groups gets how many groups there are in all.
 */
enum customer_dup_by { CUSTOMER_DUP_EMAIL, CUSTOMER_DUP_PHONE };
typedef int (*customer_dup_fn)(void *ctx, const char *key, const long long *ids,
			       int n);
int store_customer_duplicates(struct store *st, enum customer_dup_by by,
			      int limit, customer_dup_fn fn, void *ctx,
			      long long *groups);

/* The customer or complaint the team knows as ext (its ext_id, as
 * imported or filed); STORE_NOTFOUND when there is none.  A customer's id
 * on a record merged into another names the one it was merged into. */
int store_customer_by_ext(struct store *st, const char *ext, long long *id);
int store_complaint_by_ext(struct store *st, const char *ext, long long *id);
/* The record that holds the team's id ext itself, merged or not (to
 * merge it, where naming the record it was merged into would merge the
 * wrong one). */
int store_customer_record_by_ext(struct store *st, const char *ext, long long *id);
/*
 * Lifetime value (non-cancelled orders), order count, last NPS, complaints
 * in the last CUSTOMER_RECENT_DAYS, and negative experiences (complaints
 * plus detractor NPS answers, 0-6, in that window); churn_risk when >= 2.
 */
int store_customer_summary(struct store *st, long long id,
			   struct customer_summary *out);

int store_order_count(struct store *st, long long customer_id, int *n);
/* Newest first. */
int store_order_list(struct store *st, long long customer_id, int offset,
		     int limit, struct order *rows, int *n);
int store_order_get(struct store *st, long long order_id, struct order *out);
/* The order numbered number (as typed, else in capitals); STORE_NOTFOUND
 * when there is none.  Orders of erased customers too: they are kept. */
int store_order_by_number(struct store *st, const char *number,
			  struct order *out);
int store_order_line_count(struct store *st, long long order_id, int *n);
int store_order_lines(struct store *st, long long order_id, int offset,
		      int limit, struct order_line *rows, int *n);

enum timeline_kind {
	TL_INTERACTION = 0,
	TL_ORDER,
	TL_SURVEY,
	TL_COMPLAINT_OPENED,
	TL_COMPLAINT_RESOLVED
};

/* One event in a customer's history; which fields mean what by kind. */
struct timeline_item {
	enum timeline_kind kind;
	temas_time at;
	long long ref_id;          /* interaction, order, survey or complaint id */
	char channel[16];          /* "" for orders */
	enum direction direction;  /* interactions */
	const char *agent_login;      /* interactions by an agent */
	const char *title;           /* subject, order number, survey kind */
	char status[24];           /* order status; complaint priority */
	long long amount;          /* order total; survey score */
	char currency[8];          /* order currency */
	char *text;                /* owned: body, survey comment, resolution */
};

void timeline_item_clear(struct timeline_item *it);

int store_timeline_count(struct store *st, long long customer_id, int *n);
/* Newest first; free each row with timeline_item_clear. */
int store_timeline_list(struct store *st, long long customer_id, int offset,
			int limit, struct timeline_item *rows, int *n);

struct channel_stat {
	char code[16];
	const char *name;
	int count;                 /* the customer's interactions on it */
	temas_time last_at;        /* 0 when never */
};

/* Every channel, however many, in the channels' own order (count 0,
 * last_at 0); free *rows with free(). */
int store_channel_list(struct store *st, struct channel_stat **rows, int *n);
/* Every channel, in the channels' own order, with this customer's figures;
 * free *rows with free(). */
int store_channel_stats(struct store *st, long long customer_id,
			struct channel_stat **rows, int *n);
int store_channel_thread_count(struct store *st, long long customer_id,
			       const char *channel, int *n);
/* Newest first; free each row with interaction_clear. */
int store_channel_thread(struct store *st, long long customer_id,
			 const char *channel, int offset, int limit,
			 struct interaction *rows, int *n);

#endif
