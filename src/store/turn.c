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
 * waits for the semaphore removes it if it may (ipcs(1) lists it while
 * commands write).  One thing the queue adds: the kernel hands the turn to
 * the first waiter even if that process is stopped (Ctrl-Z), and those
 * behind it wait until it goes on or their time runs out.
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
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "temas/i18n.h"

/* ftok's project byte: the turn of the file. */
#define TURN_PROJECT 'T'
/* Semaphores in the set: one is used; the count tells temas's set from
 * another program's set that an ftok collision gives the same key. */
#define TURN_NSEMS 3
/* A set never given its unit this many seconds after it was made lost
 * its maker; it is removed and made again. */
#define TURN_UNGIVEN_S 2
/* Sets a waiter may find removed under it (by commands leaving when the
 * queue was empty a moment) and still queue on the next; past that it
 * writes without turns. */
#define TURN_REOPENS 8
/* WAL frames after which a checkpoint runs: SQLite's own default. */
#define TURN_CHECKPOINT_FRAMES 1000

#ifdef HAVE_SEMTIMEDOP

static void checkpoint(struct store *st)
{
	st->turn_wal_frames = 0;
	sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL,
				  NULL);
}

/* SQLite's commit hook for the WAL: inside a turn, note its size for the
 * checkpoint after the turn; outside one, checkpoint as SQLite would. */
static int note_wal(void *ctx, sqlite3 *db, const char *name, int frames)
{
	struct store *st = ctx;

	(void)db;
	(void)name;
	st->turn_wal_frames = frames;
	if (!st->turn_held && frames >= TURN_CHECKPOINT_FRAMES)
		checkpoint(st);
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

/* uid may write the file anyway: root, its owner, us, or one of its
 * group when the group may write it.  Such a one could hold SQLite's lock
 * as well as the turn, so trusting their semaphore opens no new door. */
static int may_write(uid_t uid, const struct stat *sb)
{
	return uid == 0 || uid == sb->st_uid || uid == geteuid() ||
	       ((sb->st_mode & 020) && in_group(uid, sb->st_gid));
}

/* The set is temas's (TURN_NSEMS), was made and is owned by someone who
 * may write the file, belongs to the file's group when its group may use
 * it, and lets in nobody the file does not. */
static int trusted(const struct semid_ds *ds, const struct stat *sb)
{
	if (ds->sem_nsems != TURN_NSEMS)
		return 0;
	if ((ds->sem_perm.mode & 0777 & ~(sb->st_mode & 0660)) != 0)
		return 0;
	if ((ds->sem_perm.mode & 060) && ds->sem_perm.gid != sb->st_gid)
		return 0;
	return may_write(ds->sem_perm.cuid, sb) &&
	       (ds->sem_perm.uid == ds->sem_perm.cuid ||
		may_write(ds->sem_perm.uid, sb));
}

/* A new set: only its maker may use it until it belongs to the file's
 * group with the file's modes, and then it is given its one unit (no
 * undo: the unit is the set's). */
static int make_set(key_t key, const struct stat *sb)
{
	struct sembuf give = { 0, 1, 0 };
	struct semid_ds ds;
	union turn_arg arg;
	int id = semget(key, TURN_NSEMS, IPC_CREAT | IPC_EXCL | 0600);

	if (id < 0)
		return -1;
	if (set_stat(id, &ds) == 0) {
		ds.sem_perm.gid = sb->st_gid;
		ds.sem_perm.mode = (unsigned short)(sb->st_mode & 0660);
		arg.buf = &ds;
		if (semctl(id, 0, IPC_SET, arg) == 0 && semop(id, &give, 1) == 0)
			return id;
	}
	semctl(id, 0, IPC_RMID);
	return -1;
}

/* The set of the file, made or found and trusted; -1 if there is none
 * to use. */
static int find_set(const char *path)
{
	struct stat sb;
	struct semid_ds ds;
	key_t key;
	int id, tries;

	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    store_path_is_network(path))
		return -1;
	if ((key = ftok(path, TURN_PROJECT)) == (key_t)-1)
		return -1;
	for (tries = 0; tries < 3; tries++) {
		if ((id = make_set(key, &sb)) >= 0)
			return id;
		if (errno != EEXIST)
			return -1;
		if ((id = semget(key, 0, 0)) < 0) {
			if (errno == ENOENT)
				continue;       /* removed meanwhile: make it */
			return -1;
		}
		if (set_stat(id, &ds) != 0 || !trusted(&ds, &sb))
			return -1;
		if (ds.sem_otime != 0 ||
		    time(NULL) - ds.sem_ctime < TURN_UNGIVEN_S)
			return id;
		/* Made and never given: its maker died between the two.
		 * Removing it (waiters get EIDRM) beats giving it a unit,
		 * which could make two if the maker only stalled. */
		semctl(id, 0, IPC_RMID);
	}
	return -1;
}

/* Asked for by commands (store_wait_for_commands); the set is looked for
 * at the first write, so that a command that only reads never does. */
void store_turn_start(struct store *st)
{
	if (st->readonly || st->path[0] == '\0' ||
	    strcmp(st->path, ":memory:") == 0)
		return;
	st->turn_wanted = 1;
}

static int turn_open(struct store *st)
{
	int id = find_set(st->path);

	if (id < 0) {
		st->turn_wanted = 0;    /* write without turns */
		return -1;
	}
	st->turn_id = id;
	st->turn_on = 1;
	sqlite3_wal_hook(st->db, note_wal, st);
	return 0;
}

int store_turn_take(struct store *st, long ms)
{
	struct sembuf take = { 0, -1, SEM_UNDO };
	struct timespec t0, left;
	long rest;
	int again = 0;

	if (st->turn_held || !st->turn_wanted)
		return STORE_OK;
	/* A reader of an old snapshot does not queue: a TRUNCATE
	 * checkpoint holding the turn could wait for it. */
	if (sqlite3_txn_state(st->db, NULL) != SQLITE_TXN_NONE)
		return STORE_OK;
	if (!st->turn_on && turn_open(st) != 0)
		return STORE_OK;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		rest = ms - store_elapsed_ms(&t0);
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
		/* Removed by one leaving (below): find or make the next,
		 * however many times that happens while others come and go
		 * (once only, a writer could lose its turn and wait behind
		 * every queued one for the lock, up to its whole time).
		 * Anything else: write without turns, as SQLite alone
		 * would. */
		st->turn_on = 0;
		if ((errno == EIDRM || errno == EINVAL) && again++ < TURN_REOPENS &&
		    turn_open(st) == 0)
			continue;
		st->turn_wanted = 0;
		return STORE_OK;
	}
	return store_fail(st, _("%s: other programs kept writing to the database for %ld s; nothing was changed"),
			  st->path, (ms + 999) / 1000);
}

void store_turn_give(struct store *st)
{
	struct sembuf give = { 0, 1, SEM_UNDO };

	/* A set removed under us is found or made again at the next take. */
	if (st->turn_held && semop(st->turn_id, &give, 1) != 0)
		st->turn_on = 0;
	st->turn_held = 0;
	if (st->turn_wal_frames >= TURN_CHECKPOINT_FRAMES)
		checkpoint(st);
}

/* Before SQLite's connection is closed.  One that leaves while nobody
 * holds the set or waits for it removes it, if it may (its maker, its
 * owner or root), so that the kernel does not keep one for every database
 * a command ever wrote.  A command still running finds it gone at its
 * next write and makes a new one; one that took the turn at that very
 * moment writes beside the next set's holder, where SQLite's own lock
 * decides. */
void store_turn_close(struct store *st)
{
	int on = st->turn_on;

	store_turn_give(st);
	st->turn_on = st->turn_wanted = 0;
	if (on && semctl(st->turn_id, 0, GETVAL) == 1 &&
	    semctl(st->turn_id, 0, GETNCNT) == 0)
		semctl(st->turn_id, 0, IPC_RMID);
}

int store_turn_state(const char *path, struct store_turn_state *out)
{
	struct semid_ds ds;
	struct stat sb;
	key_t key;
	int id;

	memset(out, 0, sizeof *out);
	out->id = -1;
	if (stat(path, &sb) != 0 || (key = ftok(path, TURN_PROJECT)) == (key_t)-1)
		return STORE_ERROR;
	out->key = (long)key;
	if ((id = semget(key, 0, 0)) < 0 || set_stat(id, &ds) != 0)
		return STORE_OK;
	out->found = 1;
	out->id = id;
	out->cuid = (unsigned long)ds.sem_perm.cuid;
	out->trusted = trusted(&ds, &sb);
	out->ungiven = ds.sem_otime == 0;
	out->value = semctl(id, 0, GETVAL);
	out->waiting = semctl(id, 0, GETNCNT);
	return STORE_OK;
}

#else   /* no semtimedop: commands write without turns */

void store_turn_start(struct store *st)
{
	(void)st;
}

int store_turn_take(struct store *st, long ms)
{
	(void)st;
	(void)ms;
	return STORE_OK;
}

void store_turn_give(struct store *st)
{
	(void)st;
}

void store_turn_close(struct store *st)
{
	(void)st;
}

int store_turn_state(const char *path, struct store_turn_state *out)
{
	(void)path;
	memset(out, 0, sizeof *out);
	return STORE_ERROR;
}

#endif
