/*
 * turn.c: writers from the command line take their turn, first come
 * first served.
 *
 * SQLite's busy handler has no queue: every process waiting for the write
 * lock sleeps and tries again on its own, the longer it has waited the
 * longer it sleeps, so a newcomer that tries at the right moment gets the
 * lock before a process that has waited for seconds.  With two hundred
 * agents running commands back to back most commands get through at once
 * and a few starve for twenty seconds or more.  A file lock is no better:
 * Linux wakes its first waiter, but the lock is free until that waiter
 * runs, a newcomer takes it, and the waiter going back to sleep wakes
 * every waiter queued behind it, in no order.
 *
 * So a command first takes a turn: a System V semaphore of the database
 * file (its key made from the file's inode), value 1 when nobody writes.
 * The kernel queues the processes waiting on a semaphore in the order
 * they came and, on a release, hands the unit straight to the first of
 * them, so a newcomer finds it taken and queues behind; nobody polls.
 * SEM_UNDO gives the turn back if a holder dies.  Only the process holding
 * the turn asks SQLite for its write lock, where it still meets consoles
 * (which do not queue: they must answer Esc while waiting) and the sqlite3
 * shell as before.  The turn is held from BEGIN to COMMIT or ROLLBACK, a
 * few milliseconds; store_tx_run holds it across its retries.  The wait
 * counts against the command's busy time.
 *
 * A commit that grows the WAL past SQLite's checkpoint size would copy
 * it back into the database, with two fsyncs, inside the turn, and every
 * queued command would wait for it.  So a command's commits only note
 * the WAL's size, and the checkpoint runs after the turn is given,
 * beside the next writer (SQLite's "passive" checkpoint, which waits for
 * nobody).
 *
 * The turn orders writers; SQLite's locks keep the data safe whatever the
 * turn does.  So where the semaphore cannot be had (no System V IPC, a
 * network file system whose writers live on other hosts, a semaphore of
 * the same key made by someone who may not write the file), commands write
 * as before, without turns.  A command that leaves when nobody holds or
 * waits for the semaphore removes it (ipcs(1) lists it while commands
 * write).
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "temas/i18n.h"

/* ftok's project byte: the turn of the file. */
#define TURN_PROJECT 'T'
/* WAL frames after which a checkpoint runs: SQLite's own default. */
#define TURN_CHECKPOINT_FRAMES 1000

static int note_wal(void *ctx, sqlite3 *db, const char *name, int frames)
{
	struct store *st = ctx;

	(void)db;
	(void)name;
	st->turn_wal_frames = frames;
	return SQLITE_OK;
}

/* semctl's fourth argument, which callers declare (sem(7)). */
union turn_arg {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static int set_stat(int id, struct semid_ds *ds)
{
	union turn_arg arg;

	arg.buf = ds;
	return semctl(id, 0, IPC_STAT, arg);
}

/* uid is a member of group gid (its primary group or another). */
static int in_group(uid_t uid, gid_t gid)
{
	struct passwd pw, *p = NULL;
	long n = sysconf(_SC_GETPW_R_SIZE_MAX);
	size_t bufsz = n > 0 ? (size_t)n : 16384;
	char *buf = NULL;
	gid_t *groups = NULL;
	int ngroups = 64, i, yes = 0;

	for (;;) {
		char *nb = realloc(buf, bufsz);
		int rc;

		if (nb == NULL)
			goto out;
		buf = nb;
		rc = getpwuid_r(uid, &pw, buf, bufsz, &p);
		if (rc != ERANGE)
			break;
		bufsz *= 2;
	}
	if (p == NULL)
		goto out;
	if (p->pw_gid == gid) {
		yes = 1;
		goto out;
	}
	for (;;) {
		gid_t *ng = realloc(groups, (size_t)ngroups * sizeof *groups);
		int got = ngroups;

		if (ng == NULL)
			goto out;
		groups = ng;
		if (getgrouplist(p->pw_name, p->pw_gid, groups, &got) >= 0) {
			for (i = 0; i < got; i++)
				if (groups[i] == gid)
					yes = 1;
			break;
		}
		if (got <= ngroups)
			break;
		ngroups = got;
	}
out:
	free(groups);
	free(buf);
	return yes;
}

/* uid may write the file anyway: its owner, us, or one of its group when
 * the group may write it.  Such a one could hold SQLite's lock as well as
 * the turn, so trusting their semaphore opens no new door. */
static int may_write(uid_t uid, const struct stat *sb)
{
	return uid == sb->st_uid || uid == geteuid() ||
	       ((sb->st_mode & 020) && in_group(uid, sb->st_gid));
}

/* The set was made and is owned by someone who may write the file, and
 * lets in nobody the file does not. */
static int trusted(int id, const struct stat *sb)
{
	struct semid_ds ds;

	if (set_stat(id, &ds) != 0 || ds.sem_nsems != 1)
		return 0;
	if ((ds.sem_perm.mode & 0777 & ~(sb->st_mode & 0660)) != 0)
		return 0;
	return may_write(ds.sem_perm.cuid, sb) &&
	       (ds.sem_perm.uid == ds.sem_perm.cuid ||
		may_write(ds.sem_perm.uid, sb));
}

/* A set that was made and given its unit: the maker's semop sets its
 * sem_otime.  One left at 0 by a maker that died at once is given the
 * unit by whoever finds it a second later. */
static void ensure_given(int id)
{
	struct semid_ds ds;
	union turn_arg arg;

	if (set_stat(id, &ds) != 0 || ds.sem_otime != 0 ||
	    time(NULL) - ds.sem_ctime < 2)
		return;
	arg.val = 1;
	semctl(id, 0, SETVAL, arg);
}

/* A new set belongs to the file's group, so that every agent who may
 * write the file may take turns with it. */
static void give_to_group(int id, const struct stat *sb)
{
	struct semid_ds ds;
	union turn_arg arg;

	if (set_stat(id, &ds) != 0 || ds.sem_perm.gid == sb->st_gid)
		return;
	ds.sem_perm.gid = sb->st_gid;
	arg.buf = &ds;
	semctl(id, 0, IPC_SET, arg);
}

void store_turn_start(struct store *st)
{
	struct statfs sf;
	struct stat sb;
	struct sembuf give = { 0, 1, 0 };
	key_t key;
	int id;

	if (st->turn_on || st->readonly || st->path[0] == '\0' ||
	    strcmp(st->path, ":memory:") == 0)
		return;
	if (stat(st->path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    statfs(st->path, &sf) != 0 ||
	    store_fs_is_network((unsigned long)sf.f_type))
		return;
	if ((key = ftok(st->path, TURN_PROJECT)) == (key_t)-1)
		return;
	id = semget(key, 1, IPC_CREAT | IPC_EXCL | (int)(sb.st_mode & 0660));
	if (id >= 0) {
		/* Made here: give it its one unit (no undo: it is the set's). */
		give_to_group(id, &sb);
		if (semop(id, &give, 1) != 0)
			return;
	} else if (errno == EEXIST) {
		if ((id = semget(key, 1, 0)) < 0)
			return;
		ensure_given(id);
	} else {
		return;
	}
	if (!trusted(id, &sb))
		return;
	st->turn_id = id;
	st->turn_on = 1;
	sqlite3_wal_hook(st->db, note_wal, st);
}

static long since_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000L + (t.tv_nsec - t0->tv_nsec) / 1000000L;
}

int store_turn_take(struct store *st, long ms)
{
	struct sembuf take = { 0, -1, SEM_UNDO };
	struct timespec t0, left;
	long rest;
	int again = 0;

	if (!st->turn_on || st->turn_held)
		return STORE_OK;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		rest = ms - since_ms(&t0);
		if (rest <= 0)
			break;
		left.tv_sec = rest / 1000;
		left.tv_nsec = (rest % 1000) * 1000000L;
		if (semtimedop(st->turn_id, &take, 1, &left) == 0) {
			st->turn_held = 1;
			return STORE_OK;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN)
			break;
		/* Removed by the last one out (below): make or find the
		 * next.  Anything else: write without turns, as SQLite
		 * alone would. */
		st->turn_on = 0;
		if ((errno == EIDRM || errno == EINVAL) && !again++) {
			store_turn_start(st);
			if (st->turn_on)
				continue;
		}
		return STORE_OK;
	}
	return store_fail(st, _("%s: other programs kept writing to the database for %ld s; nothing was changed"),
			  st->path, (ms + 999) / 1000);
}

void store_turn_give(struct store *st)
{
	struct sembuf give = { 0, 1, SEM_UNDO };

	if (st->turn_held && semop(st->turn_id, &give, 1) != 0)
		st->turn_on = 0;
	st->turn_held = 0;
	if (st->turn_wal_frames >= TURN_CHECKPOINT_FRAMES) {
		st->turn_wal_frames = 0;
		sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
					  NULL, NULL);
	}
}

/* One that leaves while nobody holds the set or waits for it removes it,
 * so that the kernel does not keep one for every database a command ever
 * wrote.  A command still running finds it gone at its next write and
 * makes a new one; one that took the turn at that very moment writes
 * beside the next set's holder, where SQLite's own lock decides. */
void store_turn_close(struct store *st)
{
	int on = st->turn_on;

	store_turn_give(st);
	st->turn_on = 0;
	if (on && semctl(st->turn_id, 0, GETVAL) == 1 &&
	    semctl(st->turn_id, 0, GETNCNT) == 0)
		semctl(st->turn_id, 0, IPC_RMID);
}
