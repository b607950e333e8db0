/*
 * survey.h: the satisfaction question temas asks after a complaint is
 * resolved, and the answers that come back.
 *
 * When it is on, resolving a complaint on a channel that delivers (e-mail,
 * web, chat, social media, a portal) queues one CSAT question in the
 * outbox, due after a delay, in the resolution's own transaction; a
 * complaint is asked once, however often it is reopened and resolved.
 * A reply in the question's thread that starts with a score 1 to 5 is a
 * survey answer (store_ingest), not a message that reopens the complaint.
 */
#ifndef TEMAS_SURVEY_H
#define TEMAS_SURVEY_H

struct store;

#define CSAT_TEMPLATE_DEFAULT "satisfaction"
#define CSAT_DELAY_DEFAULT (2 * 3600LL)

struct csat_conf {
	int on;                       /* 0: no question is asked */
	long long delay;              /* seconds after the resolution */
	char template_name[64];       /* the reply template asked */
};

/* What this process asks from now on (each process reads its own
 * configuration: keep it in the system file so that all agree). */
void store_csat_set(struct store *st, const struct csat_conf *conf);

/*
 * Whether the last status change of this process queued a question, and
 * when it goes out (UTC).  0 when it did not.
 */
long long store_csat_queued(const struct store *st);

#endif
