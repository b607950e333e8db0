/*
 * ingest.h: filing one inbound message (an e-mail from the mail server,
 * a social-media or web message as JSON) as an interaction, and erasing a
 * customer's personal data on request.
 */
#ifndef TEMAS_INGEST_H
#define TEMAS_INGEST_H

struct store;

struct ingest_msg {
	const char *channel;     /* a channel code: email, social, ... */
	const char *from_addr;   /* sender's e-mail, may be NULL */
	const char *phone;       /* sender's phone, may be NULL */
	const char *name;        /* display name, may be NULL */
	const char *subject;     /* may be NULL */
	const char *body;
	long long at;            /* when sent; 0 = now */
	const char *message_id;  /* makes ingest idempotent; may be NULL */
	const char *category;    /* for a new complaint: refund, invoice, ... */
};

struct ingest_result {
	long long complaint_id;
	long long customer_id;
	long long interaction_id;
	int duplicate;           /* message id seen before: nothing written */
	int new_customer;
	int new_complaint;
};

/*
 * Match the sender to a customer (e-mail without regard to case, or phone
 * by its national digits), create one if unknown, attach to their open
 * complaint on this channel or open a new one with SLA due times from
 * the policy, and add the interaction — in one transaction.
 * STORE_INVALID (message in store_errmsg) for an unknown channel or a
 * message with neither address nor phone.
 */
int store_ingest(struct store *st, const struct ingest_msg *m,
		 struct ingest_result *out);

/* "+90 (532) 111-22-33", "05321112233" → "5321112233"; buf >= 32 bytes.
 * Returns the number of digits kept (0 when there are none). */
int store_phone_national(const char *phone, char *buf, int n);

/*
 * Erase a customer's personal data: name becomes "Silindi"/"Erased" and
 * the id, e-mail, phone and city are cleared, every message text, survey
 * comment, complaint subject and resolution of theirs becomes "[erased]",
 * their drafts are deleted.  Orders keep amounts and dates.  Audited as
 * "erase" by login.  STORE_NOTFOUND when no such customer.
 */
int store_customer_erase(struct store *st, long long id, const char *login);

#endif
