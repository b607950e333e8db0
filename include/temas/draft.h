/*
 * draft.h: what an agent is writing (kept as it is typed, so a killed
 * terminal loses at most the last seconds) and who is looking at or
 * writing on which complaint (presence, with a heartbeat).
 */
#ifndef TEMAS_DRAFT_H
#define TEMAS_DRAFT_H

#include <stddef.h>

#include "temas/model.h"

struct store;

/* What a draft is for: an agent has at most one of each per complaint. */
enum draft_kind { DRAFT_REPLY, DRAFT_NOTE, DRAFT_RESOLUTION };

/* "reply", "note", "resolution": the kind as the drafts table spells it. */
const char *store_draft_kind_name(enum draft_kind kind);

int store_draft_save(struct store *st, long long agent_id, long long complaint_id,
		     enum draft_kind kind, const char *body, long long cursor);
/* STORE_NOTFOUND when there is none; *body malloc'd. */
int store_draft_load(struct store *st, long long agent_id, long long complaint_id,
		     enum draft_kind kind, char **body, long long *cursor,
		     temas_time *updated_at);
int store_draft_delete(struct store *st, long long agent_id,
		       long long complaint_id, enum draft_kind kind);

/* A heartbeat older than this means the process is gone. */
#define PRESENCE_STALE_SECS 15

enum presence_activity { PRESENCE_VIEWING = 0, PRESENCE_TYPING = 1 };

struct presence {
	long long agent_id;
	const char *login;
	long long complaint_id;
	enum presence_activity activity;
	temas_time heartbeat_at;
};

/*
 * I (agent, process pid) am viewing or typing on this complaint; any other
 * complaint this process was on is left.  Stale rows are purged.
 */
int store_presence_beat(struct store *st, long long agent_id,
			long long complaint_id, enum presence_activity act,
			long long pid);
/* This process is on no complaint any more (on exit). */
int store_presence_clear(struct store *st, long long agent_id, long long pid);
/*
 * Others (not exclude_agent_id) on one complaint, or on every complaint
 * when complaint_id is 0 (one query for a whole queue); typing first.
 * Stale rows are left out.  Every one of them, in *rows (free() it; the
 * logins are the store's).
 */
int store_presence_list(struct store *st, long long complaint_id,
			long long exclude_agent_id, struct presence **rows,
			int *n);
/* "ayse is typing", "ayse is viewing", "ayse, can are viewing", or "";
 * past PRESENCE_NAMED of a kind, "ayse, can, ece and 4 more are
 * viewing": a line to read at a glance, which says how many it leaves
 * out. */
#define PRESENCE_NAMED 3
void store_presence_describe(const struct presence *rows, int n,
			     long long complaint_id, char *buf, size_t bufsz);

#endif
