/*
 * store.h: the database as the rest of temas sees it.
 *
 * Everything that touches SQLite lives behind this header and the entity
 * headers next to it (model.h and friends); no sqlite3 type or SQL string
 * leaves src/store/, so a server backend can replace the file later.
 * Every function that can fail returns a STORE_* status; the human-readable
 * reason is then in store_errmsg().
 */
#ifndef TEMAS_STORE_H
#define TEMAS_STORE_H

#include <stddef.h>

struct store;

enum store_status {
	STORE_OK = 0,
	STORE_ERROR = -1,      /* see store_errmsg() */
	STORE_NOTFOUND = -2,   /* the row asked for does not exist */
	STORE_CONFLICT = -3,   /* a compare-and-set lost, e.g. claim taken */
	STORE_DENIED = -4,     /* a rule of the product refuses it */
	STORE_INVALID = -5,    /* bad argument from the caller or user */
};

/* store_open flags */
enum {
	STORE_CREATE = 1 << 0,    /* create and initialise a missing/empty file */
	STORE_READONLY = 1 << 1,  /* open for reading only */
	STORE_NO_MIGRATE = 1 << 2 /* tests: leave the schema where it is */
};

/* The schema version this build writes and understands. */
int store_schema_latest(void);

/*
 * Open (and migrate) the database at path.  On failure returns a status and
 * writes a one-line message naming the file and the problem into err.
 */
int store_open(struct store **out, const char *path, int flags,
	       char *err, size_t errsz);
void store_close(struct store *st);
/* A second connection to the database of like, with its clock: for work
 * done on another thread while like goes on. */
int store_open_like(struct store **out, const struct store *like, char *err,
		    size_t errsz);

/* Rows hand out text the store keeps, one copy of each value, until it
 * is closed.  A caller that keeps no row past this point (a batch between
 * two commands) frees that text here. */
void store_forget_texts(struct store *st);

/* Make the statement running on st stop as soon as it can, and any
 * started before it has stopped; its transaction is rolled back.  Safe
 * to call from a signal handler. */
void store_interrupt(struct store *st);

const char *store_path(const struct store *st);
const char *store_errmsg(const struct store *st);
/* A non-fatal remark made while opening (e.g. network file system). */
const char *store_warning(const struct store *st);

int store_schema_version(struct store *st, int *version);
/*
 * What would make temas refuse a file of a database: sb is lstat's answer
 * for the directory, the database, its -wal or its -shm; db is the
 * database's own stat (NULL when unknown: ownership is then not judged).
 */
enum store_file_fault {
	STORE_FILE_SOUND = 0,
	STORE_FILE_LINK,       /* a symbolic link */
	STORE_FILE_DIR_OPEN,   /* a directory anyone may write */
	STORE_FILE_OPEN,       /* a file others may read or write */
	STORE_FILE_OUTSIDER,   /* owned by neither the database's owner nor its group */
};
struct stat;
enum store_file_fault store_file_fault(const struct stat *sb, const struct stat *db);

/*
 * Copy the open database to dest, a new file (never replaced), as of one
 * commit while others write; *pages gets the page count.  The copy is one
 * self-contained file with a rollback journal, mode 0600.
 */
int store_backup(struct store *st, const char *dest, long long *pages);

/* *has = 1 when any agent, customer, complaint, interaction or audit row exists. */
int store_has_data(struct store *st, int *has);
/* Apply migrations up to target (tests use it to build older schemas). */
int store_migrate_to(struct store *st, int target);

/* Changes whenever another connection commits; cheap to poll. */
int store_data_version(struct store *st, long long *version);

/* What changed, per concern: each counter grows with every commit that
 * changes what it covers (kept by triggers, whoever writes). */
struct store_changes {
	long long queue;       /* complaints, agents, channels, SLA policies */
	long long customer;    /* customers, orders, interactions, surveys, outbox */
	long long presence;    /* who looks at or writes on which complaint */
};
int store_changes_read(struct store *st, struct store_changes *out);

/*
 * The bell: a commit that moves a change counter rings it, and a console
 * listening sleeps until it rings instead of asking data_version again
 * and again.  store_bell_open returns a descriptor that becomes readable
 * when another process rang (poll it; store_bell_drain empties it and
 * says how many rings it held), or -1 where nothing can be listened for.
 * Listening blocks SIGIO in the process: a child started afterwards
 * should unblock it.  store_bell_rings: bells this connection rang.
 */
int store_bell_open(struct store *st);
int store_bell_drain(struct store *st);
long long store_bell_rings(const struct store *st);

/* Clock used for every timestamp written; tests and demo data pin it. */
long long store_now(const struct store *st);
void store_set_clock(struct store *st, long long fixed_utc);

/* A command run from a shell waits longer for another process's write
 * than the console does (a minute in all, unless TEMAS_BUSY_TIMEOUT_MS
 * says otherwise): a script would rather wait than fail. */
void store_wait_for_commands(struct store *st);
/* The clock from fn(ctx) instead, asked at each store_now (a test's clock
 * that moves on while a console runs); a value <= 0 falls back. */
void store_set_clock_source(struct store *st, long long (*fn)(void *ctx),
			    void *ctx);

/* For the test suite: every request the store prepares from then on is
 * written to the file at path, with SQLite's plan for it (EXPLAIN QUERY
 * PLAN), so a test can find the requests that read a whole table.  The
 * file is appended to; path must outlive st.  NULL stops. */
void store_set_plan_log(struct store *st, const char *path);

/*
 * While another process holds a lock the store needs, call fn every few
 * tens of milliseconds with how long this wait has lasted; fn returns
 * nonzero to give up, and the operation then fails with "you gave up
 * waiting for the database", changing nothing.  The whole wait is still
 * bounded by the busy timeout.  The console uses it to stay responsive;
 * NULL waits without calling anything (the default).
 */
typedef int (*store_wait_fn)(void *ctx, long waited_ms);
void store_set_wait(struct store *st, store_wait_fn fn, void *ctx);
/* 1 if the last failure was the wait function giving up. */
int store_gave_up(const struct store *st);

/*
 * Run fn(st, ctx) as one short write transaction (BEGIN IMMEDIATE), commit
 * when it returns STORE_OK and roll back otherwise.  If SQLite still
 * reports the database busy or locked, the whole transaction is run again,
 * so no user ever sees SQLITE_BUSY: fn must say nothing before its run is
 * committed.  Inside an open transaction fn simply joins it.
 */
int store_tx_run(struct store *st, int (*fn)(struct store *st, void *ctx),
		 void *ctx);

/* Explicit transactions for multi-step work such as imports. */
int store_tx_begin(struct store *st);
int store_tx_commit(struct store *st);
int store_tx_rollback(struct store *st);
/* Write transactions this connection has committed: how tests and the
 * benchmark see what a console writes while the agent only looks. */
long long store_tx_count(const struct store *st);

/* The default database path: $TEMAS_DB, else $XDG_DATA_HOME/temas/temas.db. */
int store_default_path(char *buf, size_t n);

/* Run PRAGMA integrity_check; STORE_OK when the file is sound. */
int store_check_integrity(struct store *st);
/* "wal", "delete", ... into buf. */
int store_journal_mode(struct store *st, char *buf, size_t n);

/* The write turns of the database at path (turn.c), as `temas doctor`
 * shows them; nothing is made or changed.  found: a semaphore set has
 * the file's key; then id, key, value (1: free), waiting, trusted (temas
 * would use it), ungiven (its maker died before giving it its unit) and
 * cuid (its maker).  STORE_ERROR: no key (no such file, no System V IPC). */
struct store_turn_state {
	int found, id, value, waiting, trusted, ungiven;
	long key;
	unsigned long cuid;
};
int store_turn_state(const char *path, struct store_turn_state *out);

#endif
