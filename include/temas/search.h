/*
 * search.h: finding customers, orders and interactions by what an agent
 * remembers of them (a name, an e-mail, a phone number typed any way, an
 * order number, a word from a message).
 *
 * The store keeps a full-text index that folds Turkish the way people
 * type it on any keyboard (ışık, IŞIK, isik all match; see text_fold_tr).
 * The index follows every write made through the store; a database written
 * by other tools (the sqlite3 shell cannot write the indexed tables, since
 * the index needs temas's tokenizer) is repaired with store_search_rebuild
 * (`temas reindex`).
 */
#ifndef TEMAS_SEARCH_H
#define TEMAS_SEARCH_H

#include "temas/model.h"

struct store;

enum search_kind {
	SEARCH_CUSTOMERS = 0,
	SEARCH_ORDERS,
	SEARCH_INTERACTIONS,
	SEARCH_NKINDS
};

struct search_hit {
	enum search_kind kind;
	long long id;              /* customer, order or interaction id */
	long long customer_id;     /* the customer to open */
	long long complaint_id;    /* that customer's most urgent open complaint, 0 if none */
	const char *customer_name;
	const char *title;           /* city, order number, or interaction subject */
	const char *detail;          /* tier, order status, or start of the message */
	char channel[16];          /* interactions */
	temas_time at;             /* customer since, order placed, interaction time */
	temas_money amount;        /* orders: total */
	char currency[8];          /* orders */
};

struct search_results {
	struct search_hit *hits;   /* customers first, then orders, then interactions */
	int nhits;
	int count[SEARCH_NKINDS];  /* hits of each kind */
	int more[SEARCH_NKINDS];   /* 1 when that kind had more matches than shown */
};

/*
 * Run the query (see query.h for the syntax) and fill out with at most
 * per_kind hits of each kind, best first.  For words so common that they
 * match a great many rows, ranking considers the newest few hundred
 * matches of each kind, so an answer stays fast on big databases.
 * A malformed query returns STORE_INVALID with a message such as
 * "search: unclosed quote at column 7" in store_errmsg().
 */
int store_search(struct store *st, const char *query, int per_kind,
		 struct search_results *out);
/* The same with a number of hits for each kind: the console loads more
 * of one kind as the agent pages through it. */
int store_search_limits(struct store *st, const char *query,
			const int per_kind[SEARCH_NKINDS],
			struct search_results *out);
/* How many rows of each kind match the query in all (the hits above are
 * the best ranked of them), counted up to SEARCH_COUNT_MAX + 1: a total
 * above SEARCH_COUNT_MAX means "more than SEARCH_COUNT_MAX". */
#define SEARCH_COUNT_MAX 1000
int store_search_count(struct store *st, const char *query,
		       long long total[SEARCH_NKINDS]);
void search_results_free(struct search_results *r);

/* Localised plural name of a kind: "Customers", "Orders", "Interactions". */
const char *search_kind_name(enum search_kind kind);

/*
 * Progress of a rebuild: which index (a kind), rows done so far and the
 * total to do.  Called every few thousand rows.
 */
typedef void (*search_progress_fn)(enum search_kind kind, long long done,
				   long long total, void *ctx);

/*
 * Rebuild the whole index from the tables, in one transaction (or inside
 * the caller's open one), and resume keeping it current if it was
 * suspended.  Used by `temas reindex`, and by bulk loaders after
 * store_search_suspend.
 */
int store_search_rebuild(struct store *st, search_progress_fn progress,
			 void *ctx);

/*
 * Stop keeping the index current, for every connection, until
 * store_search_rebuild.  For bulk loads: inserting a million rows and
 * indexing them in one pass afterwards is several times faster than
 * indexing row by row.  Call both in the same transaction, so that no
 * other writer sees the index suspended and a crash leaves nothing behind.
 */
int store_search_suspend(struct store *st);

/*
 * For a transaction that writes many rows one by one (an import): keep
 * what the index must learn aside and give it to the index in one pass
 * at the end, by store_search_settle(st, 1) in the same transaction,
 * before the commit.  store_search_settle(st, 0) only cleans up, after a
 * rollback.  Faster than indexing row by row, and unlike
 * store_search_suspend, costs nothing for the rows already indexed.
 */
int store_search_defer(struct store *st);
int store_search_settle(struct store *st, int apply);

/*
 * Completion for the console's prompt: up to max distinct customer names
 * ("First Last") with a word starting with prefix (folded, so "ays" offers
 * "Ayşe Yılmaz"), newest customers first; and up to max order numbers
 * starting with prefix (exact bytes, in order).  Each out[i] holds at
 * least SEARCH_COMPLETION_LEN bytes.  *n gets the count.
 */
#define SEARCH_COMPLETION_LEN 196
int store_complete_customer_names(struct store *st, const char *prefix,
				  char (*out)[SEARCH_COMPLETION_LEN], int max,
				  int *n);
int store_complete_order_numbers(struct store *st, const char *prefix,
				 char (*out)[SEARCH_COMPLETION_LEN], int max,
				 int *n);

#endif
