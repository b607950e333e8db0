/*
 * assign.h: auto-assignment on arrival.  A supervisor gives a channel a
 * rule (round-robin or least-loaded, optionally matching skills: the
 * complaint's channel, its customer's language); each new complaint on
 * that channel goes, in the transaction that creates it, to an agent who
 * is online and below their capacity (a limit of open complaints), or
 * stays unassigned in the queue when nobody qualifies.  Claiming by hand
 * is unchanged.
 */
#ifndef TEMAS_ASSIGN_H
#define TEMAS_ASSIGN_H

#include "temas/model.h"

struct store;

enum assign_mode { ASSIGN_OFF = 0, ASSIGN_ROUND_ROBIN, ASSIGN_LEAST_LOADED };

/* Skills a rule matches (bits). */
#define ASSIGN_SKILL_CHANNEL 1
#define ASSIGN_SKILL_LANG 2

/* "off", "round-robin", "least-loaded"; NULL for no such mode. */
const char *assign_mode_name(enum assign_mode m);
/* -1 for an unknown name. */
int assign_mode_parse(const char *name);
/* "channel,language" into bits (*skills); -1 naming nothing known. */
int assign_skills_parse(const char *list, int *skills);

struct assign_rule {
	const char *channel;
	enum assign_mode mode;        /* ASSIGN_OFF: the channel has none */
	int skills;
};

/* Set (or, with ASSIGN_OFF, remove) a channel's rule in the name of
 * login, audited.  STORE_INVALID for an unknown channel. */
int store_assign_rule_set(struct store *st, const char *login,
			  const char *channel, enum assign_mode mode, int skills);
/* Every channel with its rule (mode ASSIGN_OFF when none), in the
 * channels' order; free(*rows). */
int store_assign_rules(struct store *st, struct assign_rule **rows, int *n);

/* An agent as assignment sees them. */
struct assign_agent {
	long long id;
	const char *login;
	enum agent_role role;
	int capacity;                 /* -1: no limit */
	int load;                     /* open complaints assigned to them */
	int online;
	const char *channels;         /* skills, comma-separated; "" none */
	const char *langs;
};
/* The active agents by login; free(*rows). */
int store_assign_agents(struct store *st, struct assign_agent **rows, int *n);

/* An agent's capacity (-1: no limit), by login, audited in the name of
 * `by`.  STORE_NOTFOUND when no active agent has that login. */
int store_agent_set_capacity(struct store *st, const char *by,
			     const char *login, int capacity);
/* Replace an agent's skills of one kind ("channel" or "lang") with
 * values[0..n-1] (n 0 clears them), audited.  STORE_INVALID naming an
 * unknown channel; STORE_NOTFOUND for no such agent. */
int store_agent_set_skills(struct store *st, const char *by, const char *login,
			   const char *kind, const char *const *values, int n);

/* What became of a new complaint. */
enum assign_result {
	ASSIGN_NO_RULE = 0,           /* its channel has no rule */
	ASSIGN_DONE,                  /* given to login */
	ASSIGN_NOBODY,                /* a rule, but nobody qualified */
};
struct assign_outcome {
	enum assign_result result;
	enum assign_mode mode;
	long long agent_id;
	char login[64];
};

/*
 * Inside the transaction that created open, unassigned complaint id: apply
 * its channel's rule.  The choice and the compare-and-set that records it
 * happen under the write lock, so concurrent arrivals never give one
 * complaint twice nor push an agent past capacity.  Audited either way.
 */
int store_assign_arrival(struct store *st, long long complaint_id,
			 struct assign_outcome *out);

/* Arrivals this connection gave to an agent, and left unassigned because
 * nobody qualified, since the last reset (an import's report). */
void store_assign_counts(struct store *st, int reset, long long *done,
			 long long *nobody);

/* A console's heartbeat: agent (process pid) is online now; and gone. */
int store_agent_alive(struct store *st, long long agent_id, long long pid);
int store_agent_gone(struct store *st, long long agent_id, long long pid);

#endif
