/*
 * agent.h: agents (keyed by Unix login), the audit log, and the record of
 * which agent had a complaint's order history on screen.
 */
#ifndef TEMAS_AGENT_H
#define TEMAS_AGENT_H

#include "temas/model.h"

struct store;

/* STORE_NOTFOUND when no active agent has this login. */
int store_agent_by_login(struct store *st, const char *login, struct agent *out);
int store_agent_by_id(struct store *st, long long id, struct agent *out);
/* Add or update (name, role, active=1).  Returns the id in *id_out.
 * STORE_DENIED when it would demote the last active supervisor. */
int store_agent_upsert(struct store *st, const char *login, const char *name,
		       enum agent_role role, long long *id_out);
/* Add a new agent, or bring back an inactive one with this name and role.
 * STORE_CONFLICT, changing nothing, when the login is an active agent. */
int store_agent_add(struct store *st, const char *login, const char *name,
		    enum agent_role role, long long *id_out);
/* Change an active agent's name (NULL keeps it) and role (-1 keeps it).
 * STORE_NOTFOUND when no active agent has the login; STORE_DENIED when it
 * would demote the last active supervisor. */
int store_agent_set(struct store *st, const char *login, const char *name, int role);
/*
 * A supervisor (who) takes an agent off the team, in one transaction:
 * the open complaints they hold go back to the queue (each released in
 * the audit log, their number in *released), they leave every complaint's
 * presence, and they can no longer act: the store refuses any write in
 * their name (store_audit) until 'agent add' brings them back.  Their
 * replies, notes and audit rows stay theirs.  STORE_NOTFOUND when no
 * active agent has the login, STORE_DENIED for the last active
 * supervisor.
 */
int store_agent_remove(struct store *st, const struct agent *who,
		       const char *login, long long *released);
/* Take a gateway account off: STORE_NOTFOUND when there is none. */
int store_gateway_remove(struct store *st, const char *login);
/* Longest agent name accepted, in bytes. */
#define STORE_NAME_MAX 127

/* 1 when login follows the Unix login rules (letters, digits, '.', '_',
 * '-', at most 32 bytes, no leading '-'); such a login is safe to print. */
int store_login_valid(const char *login);
/* 1 when name is valid UTF-8 of at most STORE_NAME_MAX bytes with no
 * control characters. */
int store_name_valid(const char *name);
/* *n gets the number of agents, active or not. */
int store_agent_count(struct store *st, long long *n);

/* Gateway accounts may file incoming messages (temas ingest) without being
 * agents: a mail server's pipe, a chat gateway. */
int store_gateway_add(struct store *st, const char *login);
int store_gateway_is(struct store *st, const char *login, int *is);
/* fn for each gateway login in order; a non-zero return stops. */
int store_gateway_each(struct store *st,
		       int (*fn)(void *ctx, const char *login), void *ctx);

/* Up to max agents ordered by login; *n gets the count. */
int store_agent_list(struct store *st, struct agent *rows, int max, int *n);

/*
 * Append to the audit log.  agent may be NULL for system actions (login is
 * then "system").  complaint_id / customer_id 0 mean none.  detail may be
 * NULL.  Runs inside the caller's transaction when one is open.
 */
int store_audit(struct store *st, const struct agent *agent, const char *action,
		long long complaint_id, long long customer_id, const char *detail);

/*
 * The same row, written by this connection's next write transaction as its
 * first statement (a command's "act-as" goes with the action it covers, one
 * transaction, not two).  store_audit_flush writes what is still waiting,
 * in a transaction of its own, when the command wrote nothing or failed.
 */
int store_audit_defer(struct store *st, const struct agent *agent,
		      const char *action, long long complaint_id,
		      long long customer_id, const char *detail);
int store_audit_flush(struct store *st);

/* The same in the name of a Unix login: its agent row when it has one,
 * else the login alone (an administrator, or anyone on a new file). */
int store_audit_login(struct store *st, const char *login, const char *action,
		      long long complaint_id, long long customer_id, const char *detail);

/* The agent had the customer's orders on screen for this complaint. */
int store_history_mark_seen(struct store *st, long long agent_id,
			    long long complaint_id);
/* The same, at a given time (UTC; 0 now). */
int store_history_mark_seen_at(struct store *st, long long agent_id,
			       long long complaint_id, long long at);
/* *at gets when (0 when never). */
int store_history_seen_at(struct store *st, long long agent_id,
			  long long complaint_id, long long *at);

#endif
