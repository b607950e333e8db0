/*
 * test_writers.c: the writers' queue (DB-lock) and one write per command.
 *
 * Real processes (fork) write to one file at once.  Nothing here reads a
 * clock: the work is bounded by processes, writes and rounds, and where a
 * process must be seen waiting in the queue, /proc/locks says so (a
 * bounded number of looks).  A busy timeout is shortened only where the
 * right behaviour finishes long before it and the wrong one runs into it.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "temas/agent.h"
#include "temas/complaint.h"
#include "temas/store.h"
#include "../../src/store/internal.h"

#define WRITERS 8
#define WRITES 25
#define ROUNDS 3

static char path[512], lockpath[600];

static void setup(void)
{
	struct store *st;
	char err[512];

	fixture_mkdir("writers");
	fixture_file("t.db", path, sizeof path);
	snprintf(lockpath, sizeof lockpath, "%s-lock", path);
	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_close(st);
	unsetenv("TEMAS_BUSY_TIMEOUT_MS");
}

static void teardown(void)
{
	unsetenv("TEMAS_BUSY_TIMEOUT_MS");
	fixture_rmdir();
}

static long long raw_int(const char *sql)
{
	return fixture_raw_int(path, 0, sql);
}

static struct store *open_store(void)
{
	struct store *st;
	char err[512];

	ck_assert_msg(store_open(&st, path, 0, err, sizeof err) == STORE_OK, "%s", err);
	return st;
}

static void nap(void)
{
	struct timespec ts = { 0, 5 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/* Whether pid waits for a lock on the file of inode ino (/proc/locks
 * lists a waiter as "N: -> FLOCK ADVISORY WRITE PID MAJ:MIN:INODE ..."). */
static int waits_on(pid_t pid, unsigned long ino)
{
	FILE *f = fopen("/proc/locks", "r");
	char line[512];
	int found = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL) {
		char *arrow = strstr(line, "->");
		long p;
		unsigned long i;
		unsigned maj, min;

		if (arrow == NULL)
			continue;
		if (sscanf(arrow, "-> %*s %*s %*s %ld %x:%x:%lu", &p, &maj, &min, &i) == 4 &&
		    p == (long)pid && i == ino)
			found = 1;
	}
	fclose(f);
	return found;
}

static unsigned long lock_inode(void)
{
	struct stat sb;

	ck_assert_int_eq(stat(lockpath, &sb), 0);
	return (unsigned long)sb.st_ino;
}

/* Up to 2,000 looks (seconds on any machine) until pid waits in the queue. */
static int seen_waiting(pid_t pid)
{
	unsigned long ino = lock_inode();
	int i;

	for (i = 0; i < 2000; i++) {
		if (waits_on(pid, ino))
			return 1;
		nap();
	}
	return 0;
}

static int exit_code(pid_t pid)
{
	int status;

	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* ---- many writers ---- */

static int writer(int w, int rfd)
{
	struct store *st = open_store();
	char detail[64], go;
	int r, i;

	for (r = 0; r < ROUNDS; r++) {
		/* Each round starts when the parent lets every writer go. */
		if (read(rfd, &go, 1) != 1)
			return 3;
		for (i = 0; i < WRITES; i++) {
			snprintf(detail, sizeof detail, "w%d r%d i%d", w, r, i);
			if (store_audit(st, NULL, "load", 0, 0, detail) != STORE_OK) {
				fprintf(stderr, "writer %d: %s\n", w, store_errmsg(st));
				return 1;
			}
		}
	}
	if (!store_writers_queued(st))
		return 2;
	store_close(st);
	return 0;
}

START_TEST(rounds_of_writers_lose_nothing)
{
	pid_t kids[WRITERS];
	int go[2], w, r;

	/* Far longer than any turn in the queue takes; a writer that keeps
	 * the queue after its transaction makes the others run into it. */
	ck_assert_int_eq(setenv("TEMAS_BUSY_TIMEOUT_MS", "10000", 1), 0);
	ck_assert_int_eq(pipe(go), 0);
	for (w = 0; w < WRITERS; w++) {
		kids[w] = fork();
		ck_assert_int_ge(kids[w], 0);
		if (kids[w] == 0) {
			close(go[1]);
			_exit(writer(w, go[0]));
		}
	}
	close(go[0]);
	for (r = 0; r < ROUNDS; r++)
		for (w = 0; w < WRITERS; w++)
			ck_assert_int_eq(write(go[1], "g", 1), 1);
	close(go[1]);
	for (w = 0; w < WRITERS; w++)
		ck_assert_msg(exit_code(kids[w]) == 0,
			      "writer %d failed (1: a write failed, 2: not queued)", w);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='load'"),
			 WRITERS * WRITES * ROUNDS);
	ck_assert_int_eq(raw_int("SELECT count(DISTINCT detail) FROM audit WHERE action='load'"),
			 WRITERS * WRITES * ROUNDS);
}
END_TEST

/*
 * A child process that runs start(), says so, waits until *ctl is written
 * to (or for ever, to be killed, when ctl is NULL), runs end() and exits
 * 0 when both said 0.  Returns its pid once start() is done.  (Children
 * are forked with no connection open in the parent: SQLite's locks do
 * not survive a fork.)
 */
static pid_t child(int (*start)(void **state), int (*end)(void *state), int *ctl)
{
	int fds[2], cmd[2];
	pid_t pid;
	char c;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(pipe(cmd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		void *state = NULL;

		close(fds[0]);
		close(cmd[1]);
		if (start(&state) != 0 || write(fds[1], "x", 1) != 1)
			_exit(1);
		if (read(cmd[0], &c, 1) != 1)
			for (;;)
				pause();
		_exit(end(state) != 0);
	}
	close(fds[1]);
	close(cmd[0]);
	ck_assert_int_eq(read(fds[0], &c, 1), 1);
	close(fds[0]);
	if (ctl != NULL)
		*ctl = cmd[1];
	else
		close(cmd[1]);
	return pid;
}

/* Holding a write transaction: the queue and SQLite's lock. */
static int hold_tx(void **state)
{
	struct store *st = open_store();

	*state = st;
	return store_tx_begin(st) != STORE_OK ||
	       store_audit(st, NULL, "held", 0, 0, NULL) != STORE_OK;
}

static int commit_tx(void *state)
{
	return store_tx_commit(state) != STORE_OK;
}

/* Holding a bare flock on DB-lock. */
static int hold_flock(void **state)
{
	int fd = open(lockpath, O_RDONLY);

	(void)state;
	return fd < 0 || flock(fd, LOCK_EX) != 0;
}

static int nothing(void *state)
{
	(void)state;
	return 0;
}

/* A child that takes the queue, with a transaction when tx, until *ctl
 * is written to (then it commits) or it is killed. */
static pid_t hold_queue(int tx, int *ctl)
{
	return tx ? child(hold_tx, commit_tx, ctl) : child(hold_flock, nothing, ctl);
}

/* ---- in turn ---- */

/* A process that writes one audit row, detail d, and exits 0 on success. */
static pid_t spawn_writer(const char *d)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct store *st = open_store();
		int rc = store_audit(st, NULL, "turn", 0, 0, d);

		store_close(st);
		_exit(rc == STORE_OK ? 0 : 1);
	}
	return pid;
}

static int turn_of(const char *d)
{
	char sql[200];

	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit WHERE action='turn' AND id <="
		 " (SELECT id FROM audit WHERE action='turn' AND detail='%s')", d);
	return (int)raw_int(sql);
}

START_TEST(waiting_writers_go_in_turn)
{
	static const char *const names[] = { "first", "second", "third", "fourth" };
	pid_t holder, kids[4];
	int ctl, i;

	/* One process holds a write transaction; the others queue behind
	 * it one after another, each seen waiting before the next is
	 * started.  When it commits they must go in that order. */
	holder = hold_queue(1, &ctl);
	for (i = 0; i < 4; i++) {
		kids[i] = spawn_writer(names[i]);
		ck_assert_msg(seen_waiting(kids[i]), "%s writer never waited in the queue",
			      names[i]);
	}
	ck_assert_int_eq(write(ctl, "c", 1), 1);
	close(ctl);
	ck_assert_int_eq(exit_code(holder), 0);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(exit_code(kids[i]), 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='held'"), 1);
	for (i = 0; i < 4; i++)
		ck_assert_msg(turn_of(names[i]) == i + 1, "%s writer went in as %d",
			      names[i], turn_of(names[i]));
}
END_TEST

/* ---- a holder killed ---- */

START_TEST(killed_holder_lets_others_in)
{
	struct store *st;
	pid_t pid;
	int tx;

	for (tx = 0; tx <= 1; tx++) {
		/* While the holder lives, the queue is honoured: a write with
		 * a short wait gives up, saying the database is locked. */
		pid = hold_queue(tx, NULL);
		ck_assert_int_eq(setenv("TEMAS_BUSY_TIMEOUT_MS", "100", 1), 0);
		st = open_store();
		ck_assert_int_eq(store_audit(st, NULL, "early", 0, 0, NULL), STORE_ERROR);
		ck_assert_ptr_nonnull(strstr(store_errmsg(st), "database is locked"));
		store_close(st);
		/* Killed in the middle of its turn: the kernel takes its lock
		 * away, and the next writer goes in at once. */
		kill(pid, SIGKILL);
		ck_assert_int_eq(exit_code(pid), 128 + SIGKILL);
		ck_assert_int_eq(setenv("TEMAS_BUSY_TIMEOUT_MS", "5000", 1), 0);
		st = open_store();
		ck_assert_int_eq(store_audit(st, NULL, "after", 0, 0, NULL), STORE_OK);
		ck_assert_int_eq(store_writers_queued(st), 1);
		store_close(st);
	}
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='after'"), 2);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action IN ('early','held')"), 0);
}
END_TEST

/* ---- between writes ---- */

/* Every way a write ends, then idle. */
static int write_then_idle(void **state)
{
	struct store *st = open_store();
	struct agent me;
	char holder[64];
	long long id = 0;

	*state = st;
	return store_audit(st, NULL, "idle", 0, 0, NULL) != STORE_OK ||
	       store_tx_begin(st) != STORE_OK ||
	       store_agent_upsert(st, "idle", "Idle", ROLE_AGENT, &id) != STORE_OK ||
	       store_tx_commit(st) != STORE_OK ||
	       store_tx_begin(st) != STORE_OK || store_tx_rollback(st) != STORE_OK ||
	       store_agent_by_id(st, id, &me) != STORE_OK ||
	       store_complaint_claim(st, &me, 999999, holder, sizeof holder) == STORE_OK;
}

static int close_store(void *state)
{
	store_close(state);
	return 0;
}

START_TEST(idle_writer_holds_nothing)
{
	struct store *st;
	pid_t pid;
	int ctl;

	/* A console that has written, every way a write ends, and sits
	 * idle: the next writer goes in without waiting for it. */
	pid = child(write_then_idle, close_store, &ctl);
	ck_assert_int_eq(setenv("TEMAS_BUSY_TIMEOUT_MS", "100", 1), 0);
	st = open_store();
	ck_assert_msg(store_audit(st, NULL, "next", 0, 0, NULL) == STORE_OK, "%s",
		      store_errmsg(st));
	store_close(st);
	ck_assert_int_eq(write(ctl, "q", 1), 1);
	close(ctl);
	ck_assert_int_eq(exit_code(pid), 0);
}
END_TEST

/* ---- readers ---- */

START_TEST(readers_never_queue)
{
	struct store *st, *ro;
	struct agent rows[4];
	char err[512];
	int n;
	pid_t pid;

	/* Someone holds the queue (and nothing else): reading goes on. */
	pid = hold_queue(0, NULL);
	ck_assert_int_eq(setenv("TEMAS_BUSY_TIMEOUT_MS", "100", 1), 0);
	st = open_store();
	ck_assert_int_eq(store_agent_list(st, rows, 4, &n), STORE_OK);
	ck_assert_int_eq(store_writers_queued(st), 0);
	ck_assert_int_eq(store_open(&ro, path, STORE_READONLY, err, sizeof err), STORE_OK);
	ck_assert_int_eq(store_agent_list(ro, rows, 4, &n), STORE_OK);
	store_close(ro);
	/* And a write still waits its turn. */
	ck_assert_int_eq(store_audit(st, NULL, "early", 0, 0, NULL), STORE_ERROR);
	store_close(st);
	kill(pid, SIGKILL);
	exit_code(pid);
}
END_TEST

/* ---- no queue to be had ---- */

static void write_without_queue(const char *what)
{
	struct store *st;
	pid_t holder, pid;
	int ctl;

	ck_assert_int_eq(setenv("TEMAS_BUSY_TIMEOUT_MS", "5000", 1), 0);
	/* Writers still take turns, on SQLite's own lock: a write waits for
	 * another process's transaction instead of failing. */
	holder = hold_queue(1, &ctl);
	pid = spawn_writer(what);
	ck_assert_int_eq(write(ctl, "c", 1), 1);
	close(ctl);
	ck_assert_msg(exit_code(holder) == 0, "%s: the holder failed", what);
	ck_assert_msg(exit_code(pid) == 0, "%s: the other writer failed", what);
	st = open_store();
	ck_assert_msg(store_audit(st, NULL, "fallback", 0, 0, what) == STORE_OK,
		      "%s: %s", what, store_errmsg(st));
	ck_assert_msg(store_writers_queued(st) == 0, "%s: queued anyway", what);
	store_close(st);
}

START_TEST(no_queue_file_falls_back)
{
	char sql[200], other[600];

	/* A directory where the file should be. */
	ck_assert_int_eq(unlink(lockpath), 0);
	ck_assert_int_eq(mkdir(lockpath, 0700), 0);
	write_without_queue("a directory");
	ck_assert_int_eq(rmdir(lockpath), 0);
	/* A symbolic link, even to a plain file, is not followed. */
	fixture_file("elsewhere", other, sizeof other);
	fclose(fopen(other, "w"));
	ck_assert_int_eq(symlink(other, lockpath), 0);
	write_without_queue("a symbolic link");
	ck_assert_int_eq(unlink(lockpath), 0);
	/* A FIFO, whose opening must not hang. */
	ck_assert_int_eq(mkfifo(lockpath, 0600), 0);
	write_without_queue("a FIFO");
	ck_assert_int_eq(unlink(lockpath), 0);
	if (geteuid() != 0) {
		/* A directory the file cannot be made in. */
		char dir[512];

		snprintf(dir, sizeof dir, "%s", fixture_dir);
		ck_assert_int_eq(chmod(dir, 0500), 0);
		write_without_queue("a read-only directory");
		ck_assert_int_eq(chmod(dir, 0700), 0);
	}
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action='fallback'");
	ck_assert_int_eq(raw_int(sql), geteuid() != 0 ? 4 : 3);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='turn'"),
			 geteuid() != 0 ? 4 : 3);
}
END_TEST

START_TEST(queue_file_is_the_teams)
{
	struct stat db, lk;

	/* Made with the database's mode, never open to others. */
	ck_assert_int_eq(unlink(lockpath), 0);
	ck_assert_int_eq(chmod(path, 0640), 0);
	{
		struct store *st = open_store();

		ck_assert_int_eq(store_audit(st, NULL, "x", 0, 0, NULL), STORE_OK);
		store_close(st);
	}
	ck_assert_int_eq(stat(path, &db), 0);
	ck_assert_int_eq(stat(lockpath, &lk), 0);
	ck_assert(S_ISREG(lk.st_mode));
	ck_assert_int_eq(lk.st_mode & 0777, 0640);
}
END_TEST

/* ---- one write per command ---- */

START_TEST(act_as_rides_with_the_action)
{
	struct store *st = open_store();
	struct agent boss;
	long long id = 0, before;
	char holder[64];

	ck_assert_int_eq(store_agent_upsert(st, "boss", "Boss", ROLE_SUPERVISOR, &id), STORE_OK);
	ck_assert_int_eq(store_agent_by_id(st, id, &boss), STORE_OK);

	/* Said, and written with the next write, in its transaction, first. */
	before = store_tx_count(st);
	ck_assert_int_eq(store_audit_defer(st, &boss, "act-as", 0, 0, "as can"), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='act-as'"), 0);
	ck_assert_int_eq(store_agent_upsert(st, "can", "Can", ROLE_AGENT, NULL), STORE_OK);
	ck_assert_int_eq(store_tx_count(st), before + 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='act-as'"
				 " AND login='boss' AND detail='as can'"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM agents WHERE login='can'"), 1);
	/* Written once: the next write carries nothing more. */
	ck_assert_int_eq(store_audit(st, NULL, "later", 0, 0, NULL), STORE_OK);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='act-as'"), 1);
	ck_assert_int_eq(store_audit_flush(st), STORE_OK);
	ck_assert_int_eq(store_tx_count(st), before + 2);

	/* An action refused rolls back; the act-as is still owed, and the
	 * flush at the command's end writes it on its own. */
	ck_assert_int_eq(store_audit_defer(st, &boss, "act-as", 0, 0, "as deniz"), STORE_OK);
	ck_assert_int_ne(store_complaint_claim(st, &boss, 999999, holder, sizeof holder),
			 STORE_OK);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE detail='as deniz'"), 0);
	before = store_tx_count(st);
	ck_assert_int_eq(store_audit_flush(st), STORE_OK);
	ck_assert_int_eq(store_tx_count(st), before + 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE detail='as deniz'"), 1);
	/* Nothing owed: no transaction at all. */
	ck_assert_int_eq(store_audit_flush(st), STORE_OK);
	ck_assert_int_eq(store_tx_count(st), before + 1);
	store_close(st);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("writers");
	TCase *tc = tcase_create("writers");
	FILE *f = fopen("/proc/locks", "r");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, rounds_of_writers_lose_nothing);
	if (f != NULL) {
		fclose(f);
		tcase_add_test(tc, waiting_writers_go_in_turn);
	} else {
		harness_skip("waiting_writers_go_in_turn",
			     "no /proc/locks to see a process waiting in the queue");
	}
	tcase_add_test(tc, killed_holder_lets_others_in);
	tcase_add_test(tc, idle_writer_holds_nothing);
	tcase_add_test(tc, readers_never_queue);
	tcase_add_test(tc, no_queue_file_falls_back);
	tcase_add_test(tc, queue_file_is_the_teams);
	tcase_add_test(tc, act_as_rides_with_the_action);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
