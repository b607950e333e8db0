/*
 * test_turn.c: writing commands take their turn in the order they came
 * (src/store/turn.c): the queue's order, its time limit, a holder that
 * dies, a semaphore nobody should trust, and the set removed by one
 * leaving alone.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "temas/store.h"
#include "../../src/store/internal.h"

#define WRITERS 6
/* Rounds of 5 ms a test waits for another process to reach a state. */
#define ROUNDS 4000

static char path[512];

/* semctl's fourth argument, which callers declare (sem(7)). */
union sem_arg {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static void setup(void)
{
	struct store *st;
	char err[512];

	fixture_mkdir("turn");
	fixture_file("t.db", path, sizeof path);
	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_close(st);
	unsetenv("TEMAS_BUSY_TIMEOUT_MS");
}

static void teardown(void)
{
	int id = semget(ftok(path, 'T'), 1, 0);

	if (id >= 0)
		semctl(id, 0, IPC_RMID);
	fixture_rmdir();
}

static void nap(void)
{
	struct timespec t = { 0, 5000000L };

	nanosleep(&t, NULL);
}

/* The turn's semaphore set of the test's database, -1 when there is none. */
static int turn_set(void)
{
	return semget(ftok(path, 'T'), 1, 0);
}

/* Waits (counting rounds, not time) until n processes wait on the set. */
static void await_waiters(int n)
{
	int i;

	for (i = 0; i < ROUNDS; i++) {
		int id = turn_set();

		if (id >= 0 && semctl(id, 0, GETNCNT) == n)
			return;
		nap();
	}
	ck_abort_msg("%d writers never queued for the turn", n);
}

static struct store *open_command_store(void)
{
	struct store *st;
	char err[512];

	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_OK);
	store_wait_for_commands(st);
	return st;
}

static int write_agent(struct store *st, void *ctx)
{
	char sql[128];

	snprintf(sql, sizeof sql,
		 "INSERT INTO agents(login, name, created_at) VALUES('%s', '%s', 1)",
		 (const char *)ctx, (const char *)ctx);
	return store_exec(st, sql);
}

/* A child that writes agent LOGIN through the retrying runner and exits
 * 0 when the write went through. */
static pid_t writer(const char *login)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct store *st;
		char err[512];
		int rc;

		if (store_open(&st, path, 0, err, sizeof err) != STORE_OK)
			_exit(3);
		store_wait_for_commands(st);
		rc = store_tx_run(st, write_agent, (void *)login);
		store_close(st);
		_exit(rc == STORE_OK ? 0 : 1);
	}
	return pid;
}

static int exited_ok(pid_t pid)
{
	int status;

	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

/* A child that takes the turn and SQLite's write lock, says so on ready
 * and commits when told on go.  (SQLite's connections must not cross a
 * fork, so the holder is a process of its own.) */
static pid_t holder(int ready[2], int go[2])
{
	pid_t pid;

	ck_assert_int_eq(pipe(ready), 0);
	ck_assert_int_eq(pipe(go), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct store *st;
		char err[512], c = 'r';

		if (store_open(&st, path, 0, err, sizeof err) != STORE_OK)
			_exit(3);
		store_wait_for_commands(st);
		if (store_tx_begin(st) != STORE_OK ||
		    write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1 ||
		    store_tx_commit(st) != STORE_OK)
			_exit(1);
		store_close(st);
		_exit(0);
	}
	return pid;
}

START_TEST(writers_go_in_the_order_they_came)
{
	pid_t kids[WRITERS], h;
	char names[WRITERS][8], c = 'g';
	int ready[2], go[2], i;

	h = holder(ready, go);
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	ck_assert_int_ge(turn_set(), 0);
	for (i = 0; i < WRITERS; i++) {
		snprintf(names[i], sizeof names[i], "w%d", i);
		kids[i] = writer(names[i]);
		await_waiters(i + 1);
	}
	ck_assert_int_eq(write(go[1], &c, 1), 1);
	ck_assert(exited_ok(h));
	for (i = 0; i < WRITERS; i++)
		ck_assert(exited_ok(kids[i]));
	/* Their rows went in in the order the writers queued. */
	for (i = 0; i < WRITERS; i++) {
		char sql[128];

		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM agents a, agents b WHERE a.login = 'w%d' "
			 "AND b.login LIKE 'w%%' AND b.id < a.id", i);
		ck_assert_int_eq(fixture_raw_int(path, 1, sql), i);
	}
}
END_TEST

START_TEST(a_turn_not_given_in_time_is_named_and_changes_nothing)
{
	struct store *st = open_command_store(), *other;
	const char *msg;

	ck_assert_int_eq(store_tx_begin(st), STORE_OK);
	setenv("TEMAS_BUSY_TIMEOUT_MS", "300", 1);
	other = open_command_store();
	ck_assert_int_eq(store_tx_run(other, write_agent, "late"), STORE_ERROR);
	msg = store_errmsg(other);
	ck_assert_ptr_nonnull(strstr(msg, path));
	ck_assert_ptr_nonnull(strstr(msg, "other programs kept writing to the database for 1 s; nothing was changed"));
	store_close(other);
	ck_assert_int_eq(store_tx_commit(st), STORE_OK);
	store_close(st);
	ck_assert_int_eq(fixture_raw_int(path, 1,
		"SELECT count(*) FROM agents WHERE login = 'late'"), 0);
}
END_TEST

START_TEST(a_holder_that_dies_gives_its_turn_back)
{
	struct store *st;
	pid_t pid;
	int status, i;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct store *mine = open_command_store();

		if (store_tx_begin(mine) != STORE_OK)
			_exit(3);
		for (;;)
			pause();
	}
	/* Wait until the child holds the turn, then kill it. */
	for (i = 0; i < ROUNDS; i++) {
		int id = turn_set();

		if (id >= 0 && semctl(id, 0, GETVAL) == 0)
			break;
		nap();
	}
	ck_assert_int_lt(i, ROUNDS);
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	/* A short wait is enough: the kernel gave the turn back. */
	setenv("TEMAS_BUSY_TIMEOUT_MS", "2000", 1);
	st = open_command_store();
	ck_assert_int_eq(store_tx_run(st, write_agent, "after"), STORE_OK);
	store_close(st);
	ck_assert_int_eq(fixture_raw_int(path, 1,
		"SELECT count(*) FROM agents WHERE login = 'after'"), 1);
}
END_TEST

START_TEST(a_set_others_may_use_is_not_trusted)
{
	struct store *st;
	int id;
	union sem_arg arg;

	/* Someone made the set open to all and holds its unit forever. */
	id = semget(ftok(path, 'T'), 1, IPC_CREAT | IPC_EXCL | 0666);
	ck_assert_int_ge(id, 0);
	arg.val = 0;
	ck_assert_int_eq(semctl(id, 0, SETVAL, arg), 0);
	setenv("TEMAS_BUSY_TIMEOUT_MS", "2000", 1);
	st = open_command_store();
	ck_assert_int_eq(store_tx_run(st, write_agent, "free"), STORE_OK);
	store_close(st);
	ck_assert_int_eq(fixture_raw_int(path, 1,
		"SELECT count(*) FROM agents WHERE login = 'free'"), 1);
	/* Nobody removed or used a set temas did not trust. */
	ck_assert_int_eq(semctl(id, 0, GETVAL), 0);
	ck_assert_int_eq(semctl(id, 0, IPC_RMID), 0);
}
END_TEST

static int saw_set;

static int write_agent_seeing_set(struct store *st, void *ctx)
{
	saw_set = turn_set() >= 0;
	return write_agent(st, ctx);
}

START_TEST(one_leaving_alone_removes_the_set)
{
	struct store *a = open_command_store(), *b = open_command_store();

	ck_assert_int_eq(store_tx_run(a, write_agent_seeing_set, "a"), STORE_OK);
	ck_assert_int_eq(saw_set, 1);
	/* a leaves while nobody holds or waits: no set is left behind. */
	store_close(a);
	ck_assert_int_lt(turn_set(), 0);
	ck_assert_int_eq(errno, ENOENT);
	/* b, still running, makes a new one for its next write... */
	saw_set = 0;
	ck_assert_int_eq(store_tx_run(b, write_agent_seeing_set, "b"), STORE_OK);
	ck_assert_int_eq(saw_set, 1);
	ck_assert_int_eq(b->turn_on, 1);
	/* ...and removes it as it leaves. */
	store_close(b);
	ck_assert_int_lt(turn_set(), 0);
	ck_assert_int_eq(fixture_raw_int(path, 1,
		"SELECT count(*) FROM agents WHERE login IN ('a', 'b')"), 2);
}
END_TEST

/* Another user: nobody, whose group is nogroup (both 65534). */
#define NOBODY 65534

/* A process of user nobody makes the set of key with mode 0660 and
 * value val, and exits. */
static void set_made_by_nobody(key_t key, int val)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		union sem_arg arg;
		int id;

		if (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 ||
		    setuid(NOBODY) != 0)
			_exit(2);
		id = semget(key, 1, IPC_CREAT | IPC_EXCL | 0660);
		arg.val = val;
		_exit(id >= 0 && semctl(id, 0, SETVAL, arg) == 0 ? 0 : 1);
	}
	ck_assert(exited_ok(pid));
}

START_TEST(a_set_made_by_one_who_may_not_write_is_not_trusted)
{
	key_t key = ftok(path, 'T');
	struct store *st;
	int id;

	/* The file is root's and its group's (root); nobody is neither, and
	 * holds the set's unit forever. */
	ck_assert_int_eq(chown(path, 0, 0), 0);
	ck_assert_int_eq(chmod(path, 0660), 0);
	set_made_by_nobody(key, 0);
	setenv("TEMAS_BUSY_TIMEOUT_MS", "2000", 1);
	st = open_command_store();
	ck_assert_int_eq(st->turn_on, 0);
	ck_assert_int_eq(store_tx_run(st, write_agent, "unqueued"), STORE_OK);
	store_close(st);
	ck_assert_int_eq(fixture_raw_int(path, 1,
		"SELECT count(*) FROM agents WHERE login = 'unqueued'"), 1);
	id = semget(key, 1, 0);
	ck_assert_int_ge(id, 0);
	ck_assert_int_eq(semctl(id, 0, GETVAL), 0);
}
END_TEST

START_TEST(a_set_made_by_one_of_the_files_group_is_shared)
{
	key_t key = ftok(path, 'T');
	struct store *st;
	int id;

	/* nobody may write the file through its group, and made the set. */
	ck_assert_int_eq(chown(path, 0, NOBODY), 0);
	ck_assert_int_eq(chmod(path, 0660), 0);
	set_made_by_nobody(key, 1);
	st = open_command_store();
	ck_assert_int_eq(st->turn_on, 1);
	ck_assert_int_eq(store_tx_begin(st), STORE_OK);
	id = semget(key, 1, 0);
	ck_assert_int_ge(id, 0);
	ck_assert_int_eq(semctl(id, 0, GETVAL), 0);
	ck_assert_int_eq(store_tx_commit(st), STORE_OK);
	ck_assert_int_eq(semctl(id, 0, GETVAL), 1);
	store_close(st);
}
END_TEST

START_TEST(a_new_set_belongs_to_the_files_group)
{
	struct store *st;
	struct semid_ds ds;
	union sem_arg arg;

	ck_assert_int_eq(chown(path, 0, NOBODY), 0);
	ck_assert_int_eq(chmod(path, 0660), 0);
	st = open_command_store();
	ck_assert_int_eq(store_tx_begin(st), STORE_OK);
	arg.buf = &ds;
	ck_assert_int_eq(semctl(turn_set(), 0, IPC_STAT, arg), 0);
	ck_assert_int_eq(ds.sem_perm.gid, NOBODY);
	ck_assert_int_eq(ds.sem_perm.mode & 0777, 0660);
	ck_assert_int_eq(store_tx_commit(st), STORE_OK);
	store_close(st);
}
END_TEST

/* System V semaphores work here (some sandboxes leave them out). */
static int have_semaphores(void)
{
	int id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);

	if (id < 0)
		return 0;
	semctl(id, 0, IPC_RMID);
	return 1;
}

int main(void)
{
	static const char *const all[] = {
		"writers_go_in_the_order_they_came",
		"a_turn_not_given_in_time_is_named_and_changes_nothing",
		"a_holder_that_dies_gives_its_turn_back",
		"a_set_others_may_use_is_not_trusted",
		"one_leaving_alone_removes_the_set",
		"a_set_made_by_one_who_may_not_write_is_not_trusted",
		"a_set_made_by_one_of_the_files_group_is_shared",
		"a_new_set_belongs_to_the_files_group",
	};
	Suite *s = suite_create("turn");
	TCase *tc = tcase_create("turn");
	size_t i;

	if (!have_semaphores()) {
		for (i = 0; i < sizeof all / sizeof all[0]; i++)
			harness_skip(all[i], "no System V semaphores here");
		suite_add_tcase(s, tc);
		return harness_run(s);
	}
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, writers_go_in_the_order_they_came);
	tcase_add_test(tc, a_turn_not_given_in_time_is_named_and_changes_nothing);
	tcase_add_test(tc, a_holder_that_dies_gives_its_turn_back);
	tcase_add_test(tc, a_set_others_may_use_is_not_trusted);
	tcase_add_test(tc, one_leaving_alone_removes_the_set);
	if (geteuid() == 0) {
		tcase_add_test(tc, a_set_made_by_one_who_may_not_write_is_not_trusted);
		tcase_add_test(tc, a_set_made_by_one_of_the_files_group_is_shared);
		tcase_add_test(tc, a_new_set_belongs_to_the_files_group);
	} else {
		for (i = 5; i < sizeof all / sizeof all[0]; i++)
			harness_skip(all[i], "acting as another user needs root");
	}
	suite_add_tcase(s, tc);
	return harness_run(s);
}
