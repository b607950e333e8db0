/*
 * deliver.h: handing queued e-mail replies to the system's MTA through
 * the sendmail(8) interface (`sendmail -t -oi`, which Postfix, Exim,
 * OpenSMTPD and msmtp all provide).  Used by `temas send` and by the
 * console, in the background, right after a reply is committed.
 */
#ifndef TEMAS_DELIVER_H
#define TEMAS_DELIVER_H

#include <stddef.h>

struct config;
struct store;

#define DELIVER_SENDMAIL "/usr/sbin/sendmail -t -oi"
#define DELIVER_GIVE_UP_HOURS 120
#define DELIVER_LEASE 600

struct deliver_conf {
	const char *sendmail;    /* the command, split at blanks (no shell) */
	const char *from;        /* the team's address; NULL: not configured */
	long long give_up;       /* seconds after queuing a message fails */
	long long lease;         /* a claim older than this is a dead sender's */
};

struct deliver_stats {
	int sent, retry, failed, lost;   /* lost: the claim outlived its lease */
};

/* The configuration's sendmail, from and give_up_hours, with defaults. */
void deliver_conf_from(struct deliver_conf *dc, const struct config *cfg);

/*
 * Deliver due messages, at most max (0: until none is due).  -1 with a
 * reason in err when delivery cannot run at all (no From configured, a
 * database error); the counts say what happened to each message.
 */
int deliver_mail(struct store *st, const struct deliver_conf *dc, int max,
		 struct deliver_stats *ds, char *err, size_t errsz);

/* The same for one reply's message only (interaction_id), when it is due:
 * what the console hands on right after its own reply, leaving the rest
 * of the queue to `temas send`. */
int deliver_reply(struct store *st, const struct deliver_conf *dc,
		  long long interaction_id, struct deliver_stats *ds, char *err,
		  size_t errsz);

/* Seconds before the next attempt after `attempts` temporary failures. */
long long deliver_backoff(int attempts);

#endif
