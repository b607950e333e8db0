/*
 * outbox.h: replies on their way out.  A reply on a channel that delivers
 * (e-mail and web forms by mail, chat, social media and portals through
 * a gateway) waits here from the transaction that recorded it until a
 * sender or gateway says it left (sent) or never will (failed).
 *
 * A mail sender claims one row at a time ('queued' → 'sending' in a
 * transaction), hands it to the MTA and records the outcome; a claim
 * older than the lease is taken as a sender that died and is queued
 * again (the one window where a message can go twice: the MTA accepted
 * it, and the sender died before it recorded 'sent').
 */
#ifndef TEMAS_OUTBOX_H
#define TEMAS_OUTBOX_H

#include <stddef.h>

struct store;

struct outbox_item {
	long long id;
	long long interaction_id;
	long long complaint_id;
	long long customer_id;
	char channel[16];
	char state[12];          /* queued, sending, sent, failed */
	int attempts;
	long long queued_at, next_at, done_at;
	int exit_status;         /* the MTA's, -1 when none */
	char *message_id;        /* "" until the first claim */
	char *to_addr;           /* the customer's e-mail, "" when none */
	char *to_name;
	char *handle;            /* the customer's id for a gateway */
	char *subject;           /* the complaint's subject */
	char *body;
	char *in_reply_to;       /* the customer's last message id, or "" */
	char *references;        /* the thread's message ids, oldest first */
	char *error;
	char *external_id;
};

void outbox_item_clear(struct outbox_item *it);

/*
 * Claim the next due mail message for claimer ("host:pid").  It gets
 * message_id when it has none yet (retries keep the first one).  Claims
 * older than lease seconds are released first.  STORE_NOTFOUND when
 * nothing is due.
 */
int store_outbox_claim(struct store *st, const char *claimer,
		       const char *message_id, long long lease,
		       struct outbox_item *out);
/* The same for the message of one reply (interaction_id) only, when it
 * is due: what a console hands on right after its own reply. */
int store_outbox_claim_reply(struct store *st, const char *claimer,
			     const char *message_id, long long lease,
			     long long interaction_id, struct outbox_item *out);

/*
 * The outcome of a claim.  STORE_CONFLICT when the claim is no longer
 * claimer's (it outlived the lease and was released).
 */
int store_outbox_sent(struct store *st, long long id, const char *claimer);
int store_outbox_retry(struct store *st, long long id, const char *claimer,
		       long long next_at, int exit_status, const char *error);
int store_outbox_failed(struct store *st, long long id, const char *claimer,
			int exit_status, const char *error);

/* Gateways: queued messages of a channel, oldest first (*rows malloc'd). */
int store_outbox_pending(struct store *st, const char *channel,
			 struct outbox_item **rows, int *n);
/* A gateway's result.  STORE_NOTFOUND: no such gateway message;
 * STORE_CONFLICT: it is sent or failed already. */
int store_outbox_ack(struct store *st, long long id, const char *external_id);
int store_outbox_fail(struct store *st, long long id, const char *reason);

/* One row by id (the message's details as a sender sees them). */
int store_outbox_get(struct store *st, long long id, struct outbox_item *out);

/*
 * A bounce (delivery status notification) for one of our messages: the
 * row sent with that Message-ID becomes failed with the reason.
 * STORE_NOTFOUND when the id is not ours.
 */
int store_outbox_bounce(struct store *st, const char *message_id,
			const char *reason, long long *outbox_id);

/* The state of an interaction's outbox row into buf ("queued", "sent",
 * ...) and whether it goes by mail (else by a gateway); STORE_NOTFOUND
 * when the reply is on a channel that delivers nothing (phone, store). */
int store_outbox_state(struct store *st, long long interaction_id, char *buf,
		       size_t n, int *by_mail);
/* *delivers: a reply on channel code leaves temas (by mail or a gateway);
 * STORE_NOTFOUND (said) when there is no such channel. */
int store_channel_delivers(struct store *st, const char *code, int *delivers);

/* What the mail server or a gateway said of an interaction's message
 * last, in a new string (NULL: nothing, or out of memory). */
char *store_outbox_error(struct store *st, long long interaction_id);

/* Failed deliveries, newest first, all of them (the supervisor's list),
 * in a new array (*rows)[0..*n): clear each item, then free it. */
int store_outbox_failed_list(struct store *st, struct outbox_item **rows,
			     int *n);

#endif
