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

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

long store_elapsed_ms(const struct timespec *t0)
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

/* SQLite's busy handler when a wait function is set: wait in short naps,
 * asking the function between them whether to go on. */
static int busy_wait(void *p, int count)
{
	struct store *st = p;
	long now = now_ms(), until, nap;

	if (count == 0) {
		st->wait_gave_up = 0;
		if (st->wait_until == 0 || st->wait_t0 == 0)
			st->wait_t0 = now;
	}
	until = st->wait_until ? st->wait_until : st->wait_t0 + st->busy_ms;
	if (now >= until)
		return 0;
	if (st->wait_fn(st->wait_ctx, now - st->wait_t0) != 0) {
		st->wait_gave_up = 1;
		return 0;
	}
	nap = until - now < 20 ? until - now : 20;
	pause_ms(nap);
	return 1;
}

void store_set_wait(struct store *st, store_wait_fn fn, void *ctx)
{
	st->wait_fn = fn;
	st->wait_ctx = ctx;
	st->wait_until = 0;
	st->wait_t0 = 0;
	if (fn != NULL)
		sqlite3_busy_handler(st->db, busy_wait, st);
	else
		sqlite3_busy_timeout(st->db, st->busy_ms);
}

int store_gave_up(const struct store *st)
{
	return st->wait_gave_up;
}

void store_wait_budget(struct store *st, long ms)
{
	if (st->wait_fn == NULL) {
		sqlite3_busy_timeout(st->db, (int)ms);
		return;
	}
	st->wait_until = ms > 0 ? now_ms() + ms : 0;
}

int store_tx_take_turn(struct store *st)
{
	struct timespec t0;
	long left;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (store_turn_take(st, st->busy_ms) != STORE_OK)
		return STORE_ERROR;
	left = st->busy_ms - store_elapsed_ms(&t0);
	store_wait_budget(st, left > 0 ? left : 1);
	return STORE_OK;
}

int store_tx_run(struct store *st, int (*fn)(struct store *st, void *ctx),
		 void *ctx)
{
	struct timespec t0;
	int attempt, rc = STORE_ERROR;
	long long mark;
	long left;

	if (st->in_tx)
		return fn(st, ctx);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	st->wait_gave_up = 0;
	st->wait_t0 = 0;
	/* The turn is held across the retries. */
	if (store_tx_take_turn(st) != STORE_OK)
		return STORE_ERROR;
	st->turn_pinned = 1;
	for (attempt = 0; attempt < TX_ATTEMPTS; attempt++) {
		if (st->wait_gave_up)
			break;
		if (attempt > 0) {
			left = st->busy_ms - store_elapsed_ms(&t0);
			if (left <= 0)
				break;
			pause_ms(5L * attempt < left ? 5L * attempt : left);
			left = st->busy_ms - store_elapsed_ms(&t0);
			if (left <= 0)
				break;
			store_wait_budget(st, left);
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
		mark = store_bell_mark(st);
		if (store_exec(st, "COMMIT") == STORE_OK) {
			store_committed(st, mark);
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
	st->turn_pinned = 0;
	store_turn_give(st);
	if (st->wait_fn != NULL) {
		st->wait_until = 0;
		st->wait_t0 = 0;
	} else {
		sqlite3_busy_timeout(st->db, st->busy_ms);
	}
	if (rc == STORE_OK)
		store_escalate_after_write(st);
	return rc;
}
