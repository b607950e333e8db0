/*
 * tx.c: running one short write transaction to the end.
 *
 * BEGIN IMMEDIATE and the busy timeout make SQLITE_BUSY rare, but a lock
 * held past the timeout (a checkpoint, a long import) must not reach the
 * agent as an error: the transaction is simply tried again.
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

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

int store_tx_run(struct store *st, int (*fn)(struct store *st, void *ctx),
		 void *ctx)
{
	int attempt, rc = STORE_ERROR;

	if (st->in_tx)
		return fn(st, ctx);
	for (attempt = 0; attempt < TX_ATTEMPTS; attempt++) {
		if (attempt > 0)
			pause_ms(5L * attempt);
		if (store_tx_begin(st) != STORE_OK) {
			if (is_busy(st))
				continue;
			return STORE_ERROR;
		}
		rc = fn(st, ctx);
		if (rc != STORE_OK) {
			int busy = rc == STORE_ERROR && is_busy(st);

			store_tx_rollback(st);
			if (busy)
				continue;
			return rc;
		}
		if (store_exec(st, "COMMIT") == STORE_OK) {
			st->in_tx = 0;
			return STORE_OK;
		}
		{
			int busy = is_busy(st);

			store_tx_rollback(st);
			if (!busy)
				return STORE_ERROR;
		}
	}
	return rc;
}
