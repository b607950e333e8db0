/*
 * relate.h: complaints that belong together: merging a duplicate into the
 * complaint that stays, linking two related ones, and splitting a
 * message off into a complaint of its own.
 *
 * A merge moves the duplicate's interactions (their attachments with
 * them), its outgoing messages and survey answers to the target, closes
 * the duplicate with a pointer to the target, and audits both, in one
 * transaction.  A link is shown on both complaints.
 */
#ifndef TEMAS_RELATE_H
#define TEMAS_RELATE_H

#include "temas/model.h"

struct store;

/*
 * Merge complaint src into complaint into.  Refused (STORE_DENIED) into
 * itself, when either is already merged, when the
 * target is resolved or closed, when an agent who is not a supervisor
 * does not hold both (or they are unassigned), and when the two belong to
 * different customers unless other_customer is set by a supervisor.
 * *moved gets the number of interactions moved.
 */
int store_complaint_merge(struct store *st, const struct agent *who,
			  long long src, long long into, int other_customer,
			  int *moved);

/*
 * Link a and b (either order, any customers; STORE_DENIED for a = b).
 * *already is 1 when they
 * were linked before (nothing changes then).
 */
int store_complaint_link(struct store *st, const struct agent *who,
			 long long a, long long b, int *already);

/*
 * What a complaint is tied to: *merged_into (0 when none) and every
 * linked complaint, lowest id first, in (*links)[0..*n), which the caller
 * frees (NULL when there is none).
 */
int store_complaint_relations(struct store *st, long long id,
			      long long *merged_into, long long **links, int *n);

/*
 * Split a customer's message off its complaint into a new complaint of
 * the same customer, order, priority and category (subject: the given
 * one, else the message's, else the complaint's), opened at the
 * message's time with due times from the SLA policy.  The agent who held
 * the old complaint holds the new one; the two are linked; both audited;
 * one transaction.  Refused (STORE_DENIED) for a reply or note, for the
 * only message of its complaint, for a merged complaint, and when the
 * complaint is held by someone else and the agent is not a supervisor.
 * *from gets the old complaint, *id the new one.
 */
int store_interaction_split(struct store *st, const struct agent *who,
			    long long interaction, const char *subject,
			    long long *from, long long *id);

/*
 * Other open complaints of the same customer about the same order as
 * complaint id, leaving out those linked with it (linking says "they are
 * separate on purpose") and merged ones; lowest id first, all of them
 * in (*ids)[0..*n), which the caller frees (NULL when there is none).
 */
int store_complaint_same_order(struct store *st, long long id, long long **ids,
			       int *n);

/* "merged into #3  linked #7 #9" (or "" when none) for the screen. */
void store_relations_describe(long long merged_into, const long long *links,
			      int n, char *buf, size_t size);

#endif
