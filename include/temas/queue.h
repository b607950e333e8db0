/*
 * queue.h: the queue of open complaints, most urgent first, as the console
 * and `temas queue` read it.
 *
 * Rows come one visible page at a time (offset, limit) so a queue of tens
 * of thousands of complaints costs no more to show than a short one.
 */
#ifndef TEMAS_QUEUE_H
#define TEMAS_QUEUE_H

#include "temas/model.h"
#include "temas/tag.h"

struct store;

enum queue_filter {
	QUEUE_ALL = 0,
	QUEUE_MINE,          /* assigned to queue_query.agent_id */
	QUEUE_UNASSIGNED,
	QUEUE_BREACHED,      /* due_at < now */
	QUEUE_SNOOZED,       /* asleep: snoozed until a time still ahead */
	QUEUE_FILTER_COUNT
};

#define QUEUE_TEXT_MAX 128

struct queue_query {
	enum queue_filter filter;
	long long agent_id;     /* "me": for QUEUE_MINE and the watchers column */
	char channel[16];       /* "" for every channel */
	char tag[TAG_MAX_BYTES]; /* "" for any; else only complaints with it */
	char status[16];        /* "" any open state; else only that one */
	char assignee[64];      /* "" anyone; else held by this login */
	char lang[16];          /* "" any; else the customer's language */
	/* "" none; else words in the subject or the customer's name,
	 * compared folded (text_fold_tr). */
	char text[QUEUE_TEXT_MAX];
};

struct queue_row {
	struct complaint c;
	/* Other agents with the complaint on screen, comma-separated logins. */
	const char *watchers;
	/* Its tags, space-separated in name order; "" for none. */
	const char *tags;
};

/* The active queue's counts (what is asleep is left out of each), the
 * number asleep, and when the first of them wakes (0: none). */
struct queue_counts {
	int open;
	int mine;
	int unassigned;
	int breached;
	int snoozed;
	temas_time next_wake;
};

/* Presence older than this many seconds is not shown as "looking". */
#define QUEUE_PRESENCE_FRESH 120

/*
 * Every filter but QUEUE_SNOOZED is the active queue: a complaint snoozed
 * until a time still ahead is left out (snooze.h).
 * Up to limit rows from offset of the filtered queue ordered by due_at, id.
 */
int store_queue_list(struct store *st, const struct queue_query *q,
		     int offset, int limit, struct queue_row *rows, int *n);
/*
 * Call cb with each row of the filtered queue in the same order, at most
 * limit rows (0 = all).  A non-zero return from cb stops the walk and is
 * returned.
 */
int store_queue_each(struct store *st, const struct queue_query *q, int limit,
		     int (*cb)(void *ctx, const struct queue_row *r), void *ctx);
/* How many rows the filtered queue has. */
int store_queue_total(struct store *st, const struct queue_query *q, int *total);
/* *in 1 when complaint id is in the filtered queue, else 0. */
int store_queue_has(struct store *st, const struct queue_query *q,
		    long long id, int *in);
/* The count line: whole queue, whatever the filter. */
int store_queue_counts(struct store *st, long long agent_id,
		       struct queue_counts *out);

/* Short names for filters ("all", "mine", ...), not translated: they are
 * also the words of the command line (filter.c, with the grammar). */
const char *queue_filter_name(enum queue_filter f);

#endif
