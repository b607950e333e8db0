/*
 * ingest.h: filing one inbound message (an e-mail from the mail server,
 * a social-media or web message as JSON) as an interaction, and erasing a
 * customer's personal data on request.
 */
#ifndef TEMAS_INGEST_H
#define TEMAS_INGEST_H

#include <stddef.h>

#include "temas/assign.h"

struct store;

struct ingest_attachment {
	const char *name;        /* already made safe (mail_safe_filename) */
	const char *type;
	const char *data;        /* NULL: over the size limit, only listed */
	size_t len;
};

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
	/* Thread: ids this message answers (In-Reply-To first, then
	 * References newest first), and a [#N] tag from the subject. */
	const char *const *thread_ids;
	size_t nthread_ids;
	long long tag_complaint;
	const struct ingest_attachment *att;
	size_t natt;
	/* A gateway's history (ingest --json): */
	int outbound;            /* the company's own message, already sent */
	const char *customer_ext;  /* the customer's id in the other system */
	int rating;              /* 1-5 satisfaction (CSAT) for the complaint; 0 none */
	int resolved;            /* the other system closed the matter */
	int auto_reply;          /* an out-of-office reply: never a CSAT answer */
};

struct ingest_result {
	long long complaint_id;
	long long customer_id;
	long long interaction_id;
	int duplicate;           /* message id seen before: nothing written */
	int new_customer;
	int new_complaint;
	int threaded;            /* joined its complaint by a thread reference */
	struct assign_outcome assigned;   /* a new complaint: its channel's rule */
	int csat_score;          /* 1-5: it answered the satisfaction question */
	int rating_unkept;       /* a gateway's rating of an unresolved complaint */
};

/*
 * Match the sender to a customer (e-mail without regard to case, or phone
 * by its national digits), create one if unknown, attach to their open
 * complaint on this channel or open a new one with SLA due times from
 * the policy, and add the interaction — in one transaction.
 * STORE_INVALID (message in store_errmsg) for an unknown channel or a
 * message with neither address nor phone.  An outbound message joins a
 * complaint (its thread or the customer's open one) and never opens one;
 * it is history, not queued.  A rating adds a CSAT answer; resolved
 * resolves the complaint with the text as its resolution.  A reply to
 * temas's satisfaction question that starts with a score 1 to 5 is
 * recorded as its answer (survey.h) and does not reopen the complaint.
 */
int store_ingest(struct store *st, const struct ingest_msg *m,
		 struct ingest_result *out);

/*
 * An e-mail that must not open a complaint (an auto-reply, a loop, bulk
 * mail, a bounce for no message of ours), kept whole for a supervisor.
 * key is its Message-ID (or a digest of it), so the same message twice
 * is held once.  *id gets the row.
 */
int store_quarantine_add(struct store *st, const char *key, const char *reason,
			 const char *from_addr, const char *subject,
			 const char *raw, size_t len, long long *id);

struct quarantine_row {
	long long id;
	long long at;
	char reason[24];
	char *from_addr;
	char *subject;
};
/* Held messages (not released), newest first; free with quarantine_rows_free. */
int store_quarantine_list(struct store *st, struct quarantine_row **rows, int *n);
void quarantine_rows_free(struct quarantine_row *rows, int n);
/*
 * Release a held message: marked released by login, its raw text in *raw
 * (malloc'd) for the caller to file in the same transaction (store_tx_begin
 * first).  STORE_NOTFOUND for no such held message.
 */
int store_quarantine_release(struct store *st, long long id, const char *login,
			     char **raw, size_t *len);

/* An attachment of a message: metadata, and the bytes when kept. */
struct attachment_row {
	long long id;
	long long interaction_id;
	char *name;
	char *type;
	long long size;
	int kept;                /* 0: it was over the size limit */
	char *data;              /* the bytes, from store_attachment_rows_of only */
};
int store_attachment_list(struct store *st, long long complaint_id,
			  struct attachment_row **rows, int *n);
void attachment_rows_free(struct attachment_row *rows, int n);
/* The attachments of one message with their bytes (the kept ones). */
int store_attachment_rows_of(struct store *st, long long interaction_id,
			     struct attachment_row **rows, int *n);

/*
 * Attach a file to the reply (note 0) or the note (note 1) an agent is
 * writing on a complaint; it goes with that one when they send it
 * (store_complaint_reply), never with the other: a note's file is the
 * team's, not the customer's.
 */
int store_draft_attach(struct store *st, long long agent_id, long long complaint_id,
		       int note, const char *name, const char *type, const char *data,
		       size_t len);
/* The names of the files attached so far to the reply or the note,
 * comma-separated, in *names (malloc'd; "" when none). */
int store_draft_attachment_names(struct store *st, long long agent_id,
				 long long complaint_id, int note, char **names);

/* The bytes of one attachment (malloc'd).  STORE_NOTFOUND when there is no
 * such attachment, STORE_DENIED when it was not kept. */
int store_attachment_data(struct store *st, long long id, struct attachment_row *meta,
			  char **data);

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
