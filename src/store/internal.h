/*
 * internal.h: what the files of src/store/ share and nobody else sees.
 *
 * The connection, a cache of prepared statements keyed by their SQL text's
 * address (every statement is a string literal, so the address is stable),
 * and helpers that turn SQLite failures into one-line messages.
 */
#ifndef TEMAS_STORE_INTERNAL_H
#define TEMAS_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include "temas/model.h"
#include "temas/store.h"

#define STORE_STMT_CACHE 96

/* The application_id of a file a demo run is filling without a journal
 * on disk ("temd"; demo.c): until it is cleared the file is unfinished,
 * and store_open refuses it. */
#define STORE_DEMO_UNFINISHED 0x74656d64

struct store_stmt_slot {
	const char *sql;
	sqlite3_stmt *stmt;
};

/* Slots of struct store's ext[]: which module keeps what there. */
enum {
	EXT_SEARCH_CACHE,       /* search.c: compiled queries */
	EXT_TOKENIZER           /* search_tok.c: the temas_tr tokenizer's state */
};

struct store {
	sqlite3 *db;
	char path[4096];
	char errmsg[1024];
	char warning[512];
	long long fixed_clock;       /* 0: use time() */
	long long (*clock_fn)(void *ctx);   /* store_set_clock_source */
	void *clock_ctx;
	int readonly;
	int in_tx;
	atomic_int interrupted;      /* store_interrupt was called (demo) */
	int busy_ms;                 /* the whole wait a write may take */
	long long commits;           /* write transactions committed */
	long long bell_mark;         /* bell.c: counters when this one began */
	long long rings;             /* bells rung */
	sqlite3_stmt *bell_stmt;     /* bell.c: the counters' sum */
	int bell_fd, bell_dir;       /* bell.c: listening; -1: not */
	long long escalate_next;     /* escalate.c: when writes run the rules next */
	int escalating;
	long long assign_done;       /* assign.c: arrivals given to an agent */
	long long assign_nobody;     /* and left unassigned by a rule */
	int metrics_full_scan;       /* metrics.c: figures from the rows */
	store_wait_fn wait_fn;       /* called while waiting for a lock */
	void *wait_ctx;
	long wait_t0;                /* when this wait began (ms, monotonic) */
	long wait_until;             /* a transaction's deadline; 0: none */
	int wait_gave_up;            /* wait_fn said so */
	int turn_id;                 /* turn.c: the semaphore set */
	int turn_wanted;             /* commands take turns */
	int turn_on;                 /* and the set is found */
	int turn_held;
	int turn_wal_frames;         /* the WAL's size after the last commit */
	int turn_pinned;             /* store_tx_run gives it back, not COMMIT */
	struct store_audit_pending *pending;   /* agent.c: store_audit_defer */
	int npending, cappending;
	struct store_stmt_slot stmts[STORE_STMT_CACHE];
	int nstmts;
	const char *plan_log;        /* store_set_plan_log */
	void *ext[4];                /* per-module state: EXT_* above */
	int csat_on;                 /* survey.c: ask after a resolution */
	long long csat_delay;
	char csat_template[64];
	long long csat_queued;       /* due time of the question just queued */
	int import_staged;           /* import.c: customers read, not yet written */
	struct store_interned *interned;   /* intern.c */
	size_t ninterned, capinterned;
};

/* intern.c: one copy of each distinct text the store hands out in rows,
 * kept until store_close; "" when memory runs out. */
const char *store_intern(struct store *st, const char *s, size_t len);
/* The text of a result column, interned ("" for NULL). */
const char *store_col_str(struct store *st, sqlite3_stmt *s, int col);
void store_intern_free(struct store *st);

/* bell.c: the change counters' sum (-1: none); ringing the bell; and
 * the end of a commit, which rings it when the counters moved. */
long long store_bell_mark(struct store *st);
void store_bell_ring(struct store *st);
void store_bell_close(struct store *st);
void store_committed(struct store *st, long long mark);

/* db.c: 1 for a statfs f_type of a network file system, where WAL's
 * shared-memory index cannot work and a rollback journal is used. */
int store_fs_is_network(unsigned long f_type);
/* 1 when the file at path is on a network file system. */
int store_path_is_network(const char *path);

/* turn.c: first come, first served among writing commands.  Start
 * after opening; take before BEGIN (waiting at most ms), give after
 * COMMIT or ROLLBACK; close before sqlite3_close. */
void store_turn_start(struct store *st);
int store_turn_take(struct store *st, long ms);
void store_turn_give(struct store *st);
void store_turn_close(struct store *st);

/* tx.c: milliseconds since t0 (CLOCK_MONOTONIC). */
long store_elapsed_ms(const struct timespec *t0);
/* tx.c: take the turn within the busy time, and leave what is left of it
 * to SQLite's wait (store_wait_budget). */
int store_tx_take_turn(struct store *st);

/* tx.c: how long the next lock wait may last (ms); with a wait function
 * the store's own busy handler keeps the time, else SQLite's timeout. */
void store_wait_budget(struct store *st, long ms);
/* agent.c: the deferred audit rows, written first by every write
 * transaction (store_tx_begin) until one commits (store_tx_finish). */
int store_audit_write_pending(struct store *st);
void store_audit_pending_done(struct store *st);
void store_audit_pending_free(struct store *st);
/* db.c: a write transaction committed: count it and drop the deferred
 * rows it carried. */
void store_tx_finish(struct store *st);


/* tag.c: in *out, tag as the team spells it (tag_names), or tag itself
 * when there is none yet (the store's text, or tag); with keep, tag is
 * first kept as the spelling of its key when that key has none.  Every
 * writer of complaint_tags goes through it (tag.c, escalate.c) and the
 * queue's tag filter reads it. */
int store_tag_spelling(struct store *st, const char *tag, int keep,
		       const char **out);

/* The name a customer is shown by, everywhere: first and last name, or
 * when a team's file had none, the e-mail or phone masked as the screen
 * shows them until revealed, the team's id, or temas's number.  Each
 * name is made safe on its own (temas_safe) before they are joined, so a
 * sequence left open at the end of the first cannot swallow the last. */
#define STORE_CUSTOMER_NAME(R) \
	"coalesce(nullif(trim(temas_safe(" R ".first_name) || ' ' || " \
	"temas_safe(" R ".last_name)), ''), " \
	"nullif(temas_mask_email(" R ".email), ''), " \
	"nullif(temas_mask_phone(" R ".phone), ''), " R ".ext_id, '#' || " R ".id)"

/* A stored phone's digits, the separators people write dropped: the
 * expression the index customers_phone is built on (migration 36).  SQLite
 * uses an index on an expression only for that very expression, so a
 * change here needs a migration that builds the index again. */
#define STORE_PHONE_DIGITS \
	"replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), " \
	"'(', ''), ')', ''), '+', ''), '.', '')"

/* The records merged into customer C, an SQL expression: a number a look
 * at a customer's orders keeps (struct history_look), read the same way
 * by the console and show customer (store_customer_look), the reply's
 * check (store_complaint_look) and show customer's mark. */
#define STORE_MERGES_INTO(C) \
	"(SELECT count(*) FROM customer_merges WHERE into_id=" C ")"
/* The changes made to customer C's orders and their lines (migration
 * 43), kept by the look the same way. */
#define STORE_ORDER_CHANGES(C) \
	"coalesce((SELECT n FROM order_changes WHERE customer_id=" C "), 0)"

/* The record whose address, phone or handle complaint K's replies go to:
 * the one it came from when a merge moved it or a merged record's address
 * opened it (migration 38), else its customer C. */
#define STORE_CONTACT_OF(K, C) \
	"coalesce((SELECT cc.customer_id FROM complaint_contacts cc" \
	" WHERE cc.complaint_id=" K "), " C ")"

/* survey.c, inside the caller's transaction: queue the satisfaction
 * question for a complaint just resolved, when it is on, its channel
 * delivers and the complaint was never asked. */
int store_csat_ask(struct store *st, const struct agent *who, long long id);
/* An inbound message that answers a question not yet answered: its
 * complaint, customer, score and comment (into body).  STORE_NOTFOUND
 * when it is no answer. */
int store_csat_match(struct store *st, const char *const *ids, size_t nids,
		     long long tag, const char *subject, const char *body,
		     long long *complaint, long long *customer, int *score,
		     const char **comment, size_t *clen);
/* Record the answer to the complaint's question. */
int store_csat_record(struct store *st, long long complaint, int score,
		      const char *comment, size_t clen, long long at);

/* schema.c */
const char *store_schema_migration(int version);

/* search.c: the tokenizer and functions the search index's triggers use;
 * every connection needs them before it touches the indexed tables. */
int store_search_register(struct store *st);
/* search_tok.c: the temas_tr tokenizer of the messages' index; release
 * finalizes the statement it keeps, before the connection is closed. */
int store_search_tokenizer_register(struct store *st, fts5_api *api);
/* The tokenizer forgets which words it put in search_terms (some were
 * taken out). */
void store_search_tokenizer_forget(struct store *st);
void store_search_tokenizer_release(struct store *st);
/* The same for a connection without a store (search_side.c): *out is
 * the tokenizer's state, released before the connection is closed. */
struct tr_ctx;
int search_tok_register(sqlite3 *db, fts5_api *api, struct tr_ctx **out);
void search_tok_release(sqlite3 *db, struct tr_ctx *t);
/* search.c: the FTS5 interface of a connection, or NULL. */
fts5_api *search_fts5_api(sqlite3 *db);
/* search_lift.c: temas_fts_lift(block), which moves the one segment of an
 * index just merged by 'optimize' to a level no write merges again
 * (FTS5_OPTIMIZE in search_sql.h), registered on a connection; and the
 * move itself: the new structure record in *out (malloc'd) and its
 * length, or 0 when the record is left as it is. */
int search_lift_register(sqlite3 *db);
size_t search_lift_record(const unsigned char *in, size_t n,
			  unsigned char **out);
/*
 * search_side.c: the messages' index built on a thread of its own while
 * the caller's connection, inside its transaction, builds the rest (the
 * demo).  Start, feed it the messages' text, then finish: the index's
 * tables and search_terms are copied into the file and side is freed.
 * Free stops and frees a side not finished.
 */
struct search_side;
int store_search_side_start(struct store *st, struct search_side **side);
int store_search_side_feed(struct store *st, struct search_side *side);
int store_search_side_finish(struct store *st, struct search_side *side);
void store_search_side_free(struct search_side *side);
/* search.c: inside the caller's transaction, rebuild the indexes of the
 * kinds in the mask (1 << enum search_kind), with search left suspended;
 * resume ends the suspension, once every index is whole. */
int store_search_rebuild_kinds(struct store *st, unsigned kinds);
int store_search_resume(struct store *st);
/* search.c: drop what search keeps between calls (store_close). */
void store_search_forget(struct store *st);
/* search.c: index what other programs queued (search_queue) and, on a
 * connection that may write, index what this one queues as it commits. */
int store_search_attach(struct store *st);
/*
 * search_terms must not outlive an erasure: the words of a customer's
 * messages are gathered before they are erased (*terms, freed by the
 * prune), and after it, within the same transaction, those no message
 * holds any more are taken out.
 */
int store_search_terms_gather(struct store *st, long long customer_id,
			      void **terms);
int store_search_terms_prune(struct store *st, void *terms);
void store_search_terms_free(void *terms);

/*
 * A prepared statement for sql (a string literal), reset and with bindings
 * cleared, ready to bind and step.  NULL on failure (message set).
 */
sqlite3_stmt *store_stmt(struct store *st, const char *sql);

/* Grow *rows (a malloc'd array of elements of size sz, room for *cap)
 * to hold at least n + 1; STORE_ERROR with a message when out of memory. */
int store_grow(struct store *st, void **rows, int n, int *cap, size_t sz);

/* Record a failure: printf-style message; returns STORE_ERROR. */
int store_fail(struct store *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Record a refusal by a rule or a lost race: the message, and status
 * (STORE_INVALID, STORE_CONFLICT, ...) returned. */
int store_refuse(struct store *st, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* agent.c: the refusal of a write in the name of login, an agent no
 * longer (STORE_DENIED). */
int store_refuse_removed(struct store *st, const char *login);
/* Record a SQLite failure while doing `what`; returns STORE_ERROR. */
int store_fail_sqlite(struct store *st, const char *what);


/*
 * Step s once and reset it, for a write: STORE_OK when it ran to the end,
 * otherwise a failure while doing `what`.
 */
int store_step_done(struct store *st, sqlite3_stmt *s, const char *what);
/* Run the cached statement sql, which takes ?1 = a and ?2 = b, to its end
 * (a move of rows from one owner to another); *changed (may be NULL) gets
 * the rows it changed; what names a failure, as in store_step_done. */
int store_run_pair(struct store *st, const char *sql, long long a, long long b,
		   int *changed, const char *what);
/*
 * Step s once for a one-row answer of integers: columns 0..n-1 into out[],
 * then reset s.  STORE_OK for a row, STORE_NOTFOUND for none (out[] left
 * alone), otherwise a failure while doing `what`.
 */
int store_step_ints(struct store *st, sqlite3_stmt *s, long long *out, int n,
		    const char *what);
/* Step s to the end: column 0 of every row, any number of them, into a
 * new array *ids[0..*n) (NULL for none) that the caller frees; reset s. */
int store_step_ids(struct store *st, sqlite3_stmt *s, long long **ids, int *n,
		   const char *what);
/* The same for count(*) and other answers that always have a row: a
 * missing row is a failure too. */
int store_step_count(struct store *st, sqlite3_stmt *s, int *out,
		     const char *what);

/*
 * A complaint row as every list and look-up reads it: the columns for a
 * query over complaints c joined with customers cu and, LEFT, agents a,
 * and store_complaint_read (complaint.c) that fills a struct complaint
 * from them.  A query may add its own columns after these.
 */
#define STORE_COMPLAINT_COLUMNS \
	"c.id, c.customer_id, coalesce(c.order_id,0), c.channel," \
	" c.priority, c.category, c.subject, c.status," \
	" coalesce(c.assignee_id,0), coalesce(a.login,'')," \
	" " STORE_CUSTOMER_NAME("cu") ", c.opened_at," \
	" c.first_response_due, c.resolution_due, c.due_at," \
	" coalesce(c.first_response_at,0), coalesce(c.resolved_at,0)," \
	" coalesce(c.closed_at,0), coalesce(c.snoozed_until,0)," \
	" coalesce((SELECT login FROM agents WHERE id=c.snoozed_by),'')," \
	" coalesce(c.snooze_note,'')"
#define STORE_COMPLAINT_NCOLS 21
void store_complaint_read(struct store *st, sqlite3_stmt *s,
			  struct complaint *c);

/* sla_clock.c: stop the complaint's SLA clock when it is pending on the
 * customer, start it again (due times moved on) when it is not; inside
 * the transaction that changed its state. */
int store_sla_clock_sync(struct store *st, long long id);
/* The channel's SLA policy for `priority`, with its same-day rule;
 * STORE_NOTFOUND when there is none (or no such channel). */
struct sla_policy;
int store_sla_policy(struct store *st, const char *channel, const char *priority,
		     struct sla_policy *pol);
/* The due times the channel's policy for `priority` gives a complaint
 * opened at `opened`; STORE_NOTFOUND when there is no such policy. */
int store_sla_due(struct store *st, const char *channel, const char *priority,
		  long long opened, long long *fr, long long *res);
/* Set a complaint's priority in the caller's transaction and move its due
 * times to the new priority's targets (sla_clock.c); *changed says whether
 * the priority was another. */
int store_sla_set_priority(struct store *st, long long id, const char *priority,
			   int *changed);

/* complaint.c: claim's compare-and-set inside the caller's transaction:
 * the complaint is who's afterwards, or the refusal claim gives; *fresh
 * when it was taken just now (audited as a claim). */
int store_complaint_take_tx(struct store *st, const struct agent *who,
			    long long id, int *fresh);

/* snooze.c: someone acted on the complaint (its state changed): a
 * snooze whose time has come is done, its mark goes. */
int store_snooze_acted(struct store *st, long long id);

/* escalate.c: after a write of this process, run the escalation rules
 * that are due (at most once a minute; never fails the write). */
void store_escalate_after_write(struct store *st);

/* assign.c: agent (process pid) is online now, inside the caller's
 * transaction; stale heartbeats are purged. */
int store_agent_seen(struct store *st, long long agent_id, long long pid);
/*
 * summary.c, for the bulk paths: suspend the summary triggers inside the
 * load's transaction, then refill every summary table once at its end
 * (which turns them on again).
 */
int store_summaries_suspend(struct store *st);
int store_summaries_refill(struct store *st);

/*
 * customer_merge.c: store_customer_merge without its check of the role,
 * for a caller that made its own (an import, whose rights are the
 * import's), in the caller's transaction when there is one.  flags:
 * STORE_MERGE_ERASED_PAIR lets two erased records be merged (a merge an
 * export recorded: an erasure takes the merged records along).  by: a
 * merge made before (an export's), recorded as made at at by by, while
 * the audit rows are who's, now, and name that time and login; NULL for
 * a merge made now by who.
 */
#define STORE_MERGE_ERASED_PAIR 1
struct customer_merge_counts;
int store_customer_merge_as(struct store *st, const struct agent *who,
			    long long src, long long into, int flags,
			    long long at, const char *by,
			    struct customer_merge_counts *n);

/* Run SQL without results (no user text in it). */
int store_exec(struct store *st, const char *sql);

/* Copy a text column into a fixed buffer, cut on a UTF-8 boundary. */
void store_col_text(sqlite3_stmt *s, int col, char *buf, size_t n);
/* A malloc'd copy of a text column ("" for NULL); NULL on OOM. */
char *store_col_strdup(sqlite3_stmt *s, int col);

/* Bind helpers: NULL or empty string binds SQL NULL when null_if_empty. */
int store_bind_text(sqlite3_stmt *s, int idx, const char *v, int null_if_empty);

#endif
