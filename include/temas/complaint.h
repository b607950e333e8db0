/*
 * complaint.h: the life of a complaint: opening it with its SLA due times,
 * claiming it (compare-and-set, so two agents never hold one), moving it
 * through its states, and answering it.
 *
 * Every write is one short transaction with its audit row; a refusal by a
 * rule returns STORE_DENIED and a lost race STORE_CONFLICT, both with a
 * sentence in store_errmsg() that can be shown as it is.
 */
#ifndef TEMAS_COMPLAINT_H
#define TEMAS_COMPLAINT_H

#include <stddef.h>

#include "temas/model.h"

struct store;

/* What an ingest or import job knows about a new complaint. */
struct complaint_new {
	long long customer_id;
	long long order_id;       /* 0 when none */
	const char *channel;      /* channel code, e.g. "email" */
	const char *priority;     /* low, normal, high, urgent; NULL: normal */
	const char *category;     /* NULL: "other" */
	const char *subject;
	const char *body;         /* the customer's first message; NULL: none */
	const char *ext_id;       /* id in the source system; NULL: none */
	temas_time opened_at;     /* 0: now */
	int no_auto_assign;       /* 1: the channel's assignment rule is not applied */
};

/*
 * Open a complaint: due times from the channel's SLA policy, the first
 * message as an incoming interaction, an audit row, and the channel's
 * auto-assignment rule.  Joins the caller's
 * transaction when one is open (an import stays all or nothing).
 */
int store_complaint_open(struct store *st, const struct complaint_new *in,
			 long long *id_out);
/* The same, saying what the channel's assignment rule did (assign.h);
 * the rule runs in the same transaction. */
struct assign_outcome;
int store_complaint_open_assign(struct store *st, const struct complaint_new *in,
				long long *id_out, struct assign_outcome *assigned);

int store_complaint_get(struct store *st, long long id, struct complaint *out);

/*
 * Take an unassigned open complaint.  STORE_CONFLICT when someone holds it
 * (their login in holder, message "complaint 7 is already taken by ayse"),
 * STORE_DENIED when it is resolved or closed, STORE_NOTFOUND when missing.
 * Claiming one's own complaint again is STORE_OK and changes nothing; on
 * STORE_OK holder is "" when this call took it, the agent's own login when
 * it was already theirs.
 */
int store_complaint_claim(struct store *st, const struct agent *who,
			  long long id, char *holder, size_t holdersz);
/* Give it back to the queue: the holder or a supervisor only. */
int store_complaint_release(struct store *st, const struct agent *who,
			    long long id);
/* Supervisor only: hand it to another active agent. */
int store_complaint_assign(struct store *st, const struct agent *who,
			   long long id, const char *login);

/*
 * Move to state `to` if the transition table allows it.  Resolving needs a
 * non-empty note (kept as the resolution); reopening clears resolved_at.
 */
int store_complaint_set_status(struct store *st, const struct agent *who,
			       long long id, enum complaint_status to,
			       const char *note);

/*
 * Send a reply (DIR_OUT) or write an internal note (DIR_NOTE) on the
 * complaint's channel.  A reply is refused unless the agent has had the
 * customer's order history on screen for this complaint; a reply to an
 * unassigned complaint claims it.  The agent's draft of that kind is
 * deleted in the same transaction.
 */
int store_complaint_reply(struct store *st, const struct agent *who,
			  long long id, enum direction dir, const char *body,
			  long long *interaction_id);
/*
 * What a console keeps in memory of the orders it drew for a complaint:
 * when (UTC; 0 never), the record whose orders they were, how many
 * records had been merged into it and how many changes its orders and
 * their lines had had (store_customer_look, read before the orders).  A
 * merge into that record or of it into another, an order that comes in,
 * moves or changes, changes these in the transaction that makes it, so
 * orders drawn before are told apart from orders drawn after exactly, in
 * whatever second either came.
 */
struct history_look {
	long long at;
	long long customer_id;
	long long merges;
	long long orders;
};
/* The look for complaint id now: its customer, the records merged into it
 * and the changes to its orders (look->at is left as it is). */
int store_complaint_look(struct store *st, long long id,
			 struct history_look *look);
/* The same for customer id, read before its orders are. */
int store_customer_look(struct store *st, long long id,
			struct history_look *look);
/* Why orders drawn with look `was` are not the complaint's orders any
 * more, now that its pair is `now` (translated), or NULL when they are. */
const char *store_history_look_stale(const struct history_look *was,
				     const struct history_look *now);
/*
 * The same as store_complaint_reply, from a console that keeps in memory
 * when it drew the orders (look; NULL or look->at 0: none): when nothing
 * is recorded yet, look->at is recorded in the reply's own transaction and
 * counts for the check, unless the complaint's pair is no longer look's
 * (refused: the orders drawn are not the customer's orders now).
 */
int store_complaint_reply_seen(struct store *st, const struct agent *who,
			       long long id, enum direction dir,
			       const char *body, const struct history_look *look,
			       long long *interaction_id);

/*
 * The complaint's interactions, oldest first: all of them, in a new
 * array (*rows)[0..*n) (NULL when there is none).  Bodies are owned by
 * the rows: free each row's body, then the array.
 */
int store_complaint_interactions(struct store *st, long long id,
				 struct interaction **rows, int *n);

/*
 * The agent has customer look->customer_id's orders on screen, read
 * after store_customer_look gave look: each open complaint of the
 * customer that is theirs or unassigned counts as seen, audited, in one
 * transaction; the opening of the customer is audited too.  *marked gets
 * the number of complaints.  STORE_CONFLICT, nothing marked, when a record
 * has been merged into the customer since, or the customer into another,
 * or its orders changed: the orders shown may not be all of them.
 */
int store_history_mark_customer(struct store *st, const struct agent *who,
				const struct history_look *look, int *marked);

/* Open complaints of a customer, oldest first: all of them, in
 * (*ids)[0..*n), which the caller frees (NULL when there is none). */
int store_complaint_open_ids(struct store *st, long long customer_id,
			     long long **ids, int *n);

/* ---- states: a table, usable without a database ---- */

const char *store_status_name(enum complaint_status s);
/* STORE_INVALID for an unknown name. */
int store_status_parse(const char *name, enum complaint_status *out);
/* 1 when the table allows from -> to. */
int store_status_allowed(enum complaint_status from, enum complaint_status to);
/* "open, pending" (the states reachable from `from`), or "none". */
void store_status_targets(enum complaint_status from, char *buf, size_t n);

#endif
