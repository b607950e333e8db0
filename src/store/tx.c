/*
 * tx.c: running one short write transaction to the end.
 *
 * BEGIN IMMEDIATE and the busy timeout make SQLITE_BUSY rare, but a lock
 * that turns up in the middle of a transaction (a checkpoint, another
 * writer's upgrade) must not reach the agent as an error: the transaction
 * is simply tried again.  The busy timeout is the whole wait, every retry
 * included: each attempt may wait only for what is left of it, so a write
 * never hangs for forty timeouts when another program holds the lock.
 */
#include "config.h"

#include <time.h>

#include "internal.h"

#define TX_ATTEMPTS 40

static int is_busy(struct store *st)
{
	int rc = sqlite3_extended_errcode(st->db) & 0xff;

	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000L + (t.tv_nsec - t0->tv_nsec) / 1000000L;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

long long store_tx_count(const struct store *st)
{
	return st->commits;
}

int store_tx_run(struct store *st, int (*fn)(struct store *st, void *ctx),
		 void *ctx)
{
	struct timespec t0;
	int attempt, rc = STORE_ERROR;
	long left;

	if (st->in_tx)
		return fn(st, ctx);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (attempt = 0; attempt < TX_ATTEMPTS; attempt++) {
		if (attempt > 0) {
			left = st->busy_ms - elapsed_ms(&t0);
			if (left <= 0)
				break;
			pause_ms(5L * attempt < left ? 5L * attempt : left);
			left = st->busy_ms - elapsed_ms(&t0);
			if (left <= 0)
				break;
			sqlite3_busy_timeout(st->db, (int)left);
		}
		if (store_tx_begin(st) != STORE_OK) {
			if (is_busy(st))
				continue;
			rc = STORE_ERROR;
			break;
		}
		rc = fn(st, ctx);
		if (rc != STORE_OK) {
			int busy = rc == STORE_ERROR && is_busy(st);

			store_tx_rollback(st);
			if (busy)
				continue;
			break;
		}
		if (store_exec(st, "COMMIT") == STORE_OK) {
			st->in_tx = 0;
			st->commits++;
			rc = STORE_OK;
			break;
		}
		{
			int busy = is_busy(st);

			store_tx_rollback(st);
			rc = STORE_ERROR;
			if (!busy)
				break;
		}
	}
	sqlite3_busy_timeout(st->db, st->busy_ms);
	return rc;
}
