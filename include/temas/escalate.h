/*
 * escalate.h: escalation rules: when a complaint's first response or
 * resolution is due (or a set time before, as a warning), a rule raises
 * its priority, hands it to a supervisor or tags it.  Each rule acts once per
 * complaint, whichever process notices first: every process that writes
 * runs the due rules after its own writes (at most once a minute), and
 * `temas escalation run` does it on demand.
 */
#ifndef TEMAS_ESCALATE_H
#define TEMAS_ESCALATE_H

#include "temas/model.h"

struct store;

enum escalate_target { ESC_FIRST_RESPONSE = 0, ESC_RESOLUTION = 1 };
enum escalate_action { ESC_PRIORITY = 0, ESC_ASSIGN = 1, ESC_TAG = 2 };

struct escalate_rule {
	const char *name;           /* a-z, 0-9, - and _ */
	enum escalate_target target;
	long long before_secs;      /* 0: at the breach; > 0: a warning */
	const char *channel;        /* NULL or "": every channel */
	enum escalate_action action;
	/* ESC_PRIORITY: "raise" (one step) or low|normal|high|urgent (never
	 * lowers); ESC_ASSIGN: the login of the supervisor to hand it to;
	 * ESC_TAG: the tag to put on it (temas/tag.h says what a tag is). */
	const char *arg;
	long long fired;            /* list: complaints it has acted on */
};

/* Add rule r in the name of `login`, audited; STORE_INVALID with a
 * message for a bad name, channel, priority, login or tag, or a name
 * taken. */
int store_escalate_add(struct store *st, const char *login,
		       const struct escalate_rule *r);
/* Remove rule `name` (what it did stays), audited; STORE_NOTFOUND if none. */
int store_escalate_remove(struct store *st, const char *login, const char *name);
/* The rules, by name (strings kept by the store); free with free(). */
int store_escalate_list(struct store *st, struct escalate_rule **rows, int *n);
/* Act on every complaint a rule is due for; *fired counts (may be NULL). */
int store_escalate_run(struct store *st, int *fired);

#endif
