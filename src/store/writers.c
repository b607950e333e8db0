/*
 * writers.c: the writers' queue in front of BEGIN IMMEDIATE.
 *
 * SQLite's busy handler lets every waiting writer sleep and try again on
 * its own; with a hundred agents writing at once nobody is served in any
 * order, and the unlucky ones poll until their timeout runs out while
 * others, arriving later, get in.  So a write first takes an exclusive
 * flock on a file next to the database (DB-lock).  The kernel keeps the
 * processes blocked on a flock in a queue and hands the lock on when it
 * is released, so waiting writers go in turn, without polling.
 *
 * The lock is held from just before BEGIN IMMEDIATE to just after COMMIT
 * or ROLLBACK, never while anyone types; a process that dies holding it
 * loses it with its file descriptors.  Readers never take it.  Where the
 * file cannot be used (a read-only directory, a network file system, a
 * name that is not a plain file) writes simply wait as before, on
 * SQLite's busy handler; so do other programs (the sqlite3 shell), which
 * know nothing of the queue and still meet the database's own lock.
 *
 * The wait is bounded by the same budget as SQLite's busy timeout: an
 * interval timer interrupts the blocked flock when the time is up.  With
 * a wait function (the console) the wait is cut in short slices so that
 * the function can watch the keyboard between them.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "temas/i18n.h"

/* The longest slice of a wait between two calls of the wait function. */
#define SLICE_MS 50

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* Open (creating it if need be) the queue's file; -1 when it cannot be
 * had, and the writes do without it. */
static int queue_open(const struct store *st)
{
	struct stat db, sb;
	struct statfs sf;
	size_t n = strlen(st->path) + sizeof "-lock";
	char *name = malloc(n);
	int fd, made = 1;

	if (name == NULL)
		return -1;
	snprintf(name, n, "%s-lock", st->path);
	if (stat(st->path, &db) != 0 ||
	    (statfs(st->path, &sf) == 0 && store_fs_is_network((unsigned long)sf.f_type))) {
		free(name);
		return -1;
	}
	/* O_NONBLOCK: a FIFO planted under the name must not hang the open. */
	fd = open(name, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK |
		  O_NOCTTY | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST) {
		made = 0;
		fd = open(name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	}
	free(name);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return -1;
	}
	/* Whoever may use the database may queue: the database's own mode,
	 * as SQLite gives its -wal and -shm, never more than the team. */
	if (made)
		(void)fchmod(fd, db.st_mode & 0660);
	return fd;
}

/* One blocking flock, cut off after ms by SIGALRM: 0 when taken, -1 when
 * the time ran out (or another signal came), -2 when a timer of the
 * program's own is running and must not be disturbed. */
static int lock_for(int fd, long ms)
{
	struct sigaction sa, old_sa;
	struct itimerval it, old_it;
	int rc, err;

	if (getitimer(ITIMER_REAL, &old_it) != 0 ||
	    old_it.it_value.tv_sec != 0 || old_it.it_value.tv_usec != 0)
		return -2;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: the alarm must end the blocked flock. */
	if (sigaction(SIGALRM, &sa, &old_sa) != 0)
		return -2;
	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = ms / 1000;
	it.it_value.tv_usec = (ms % 1000) * 1000;
	if (setitimer(ITIMER_REAL, &it, NULL) != 0) {
		sigaction(SIGALRM, &old_sa, NULL);
		return -2;
	}
	rc = flock(fd, LOCK_EX);
	err = errno;
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, NULL);
	sigaction(SIGALRM, &old_sa, NULL);
	if (rc == 0)
		return 0;
	return err == EINTR ? -1 : -3;
}

/* Try once without blocking, then nap: for when no timer can be used. */
static int lock_polling(int fd, long ms)
{
	struct timespec nap = { 0, 10 * 1000000L };

	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno != EWOULDBLOCK && errno != EINTR)
		return -3;
	if (ms < 10)
		nap.tv_nsec = ms * 1000000L;
	nanosleep(&nap, NULL);
	return -1;
}

int store_writers_enter(struct store *st, long deadline)
{
	long t0, now, ms;
	int rc;

	if (st->wq_depth > 0) {
		st->wq_depth++;
		return STORE_OK;
	}
	if (!st->wq_tried) {
		st->wq_tried = 1;
		st->wq_fd = st->readonly ? -1 : queue_open(st);
	}
	if (st->wq_fd < 0)
		return STORE_OK;
	t0 = now = now_ms();
	if (st->wait_fn != NULL && st->wait_t0 == 0)
		st->wait_t0 = t0;
	for (;;) {
		if (flock(st->wq_fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return STORE_OK;   /* no queue after all: SQLite waits */
		ms = deadline - now;
		if (ms <= 0)
			goto locked;
		if (st->wait_fn != NULL && ms > SLICE_MS)
			ms = SLICE_MS;
		rc = lock_for(st->wq_fd, ms);
		if (rc == -2)
			rc = lock_polling(st->wq_fd, ms);
		if (rc == 0)
			break;
		if (rc == -3)
			return STORE_OK;
		now = now_ms();
		if (st->wait_fn != NULL &&
		    st->wait_fn(st->wait_ctx, now - st->wait_t0) != 0) {
			st->wait_gave_up = 1;
			return store_fail(st, _("%s: %s: you gave up waiting for the database; nothing was changed"),
					  st->path, _("database request failed"));
		}
	}
	st->wq_depth = 1;
	return STORE_OK;
locked:
	return store_fail(st, "%s: %s: %s", st->path, _("database request failed"),
			  _("database is locked by another process"));
}

void store_writers_leave(struct store *st)
{
	if (st->wq_depth == 0 || --st->wq_depth > 0)
		return;
	if (st->wq_tried && st->wq_fd >= 0)
		flock(st->wq_fd, LOCK_UN);
}

void store_writers_close(struct store *st)
{
	if (st->wq_tried && st->wq_fd >= 0)
		close(st->wq_fd);
	st->wq_tried = 1;
	st->wq_fd = -1;
	st->wq_depth = 0;
}

int store_writers_queued(const struct store *st)
{
	return st->wq_tried && st->wq_fd >= 0;
}
