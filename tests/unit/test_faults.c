/*
 * test_faults.c: the store under faults a deployment meets - a damaged
 * page, another process holding the lock past the busy timeout, many
 * processes writing at once, a write cut off by a file size limit, a
 * network file system.
 *
 * Each case checks the one-line message a user would read and that the
 * data committed before the fault is intact afterwards.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "temas/agent.h"
#include "temas/complaint.h"
#include "temas/store.h"
#include "../../src/store/internal.h"

static char path[512];

static void setup(void)
{
	fixture_mkdir("faults");
	fixture_file("t.db", path, sizeof path);
}

static void teardown(void)
{
	fixture_rmdir();
}

static void raw_exec(const char *sql)
{
	fixture_raw_exec(path, sql);
}

static long long raw_int(const char *sql)
{
	return fixture_raw_int(path, 0, sql);
}

static void create_db(void)
{
	struct store *st;
	char err[512];

	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_close(st);
}

/* Agents with long names, enough to fill a few hundred pages. */
static const char fill_sql[] =
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<3000)"
	" INSERT INTO agents(login, name, created_at)"
	" SELECT 'agent' || i, printf('%.120c', 'x') || i, 1 FROM n";

START_TEST(damaged_page_is_reported_on_first_read)
{
	struct store *st;
	struct agent *rows = calloc(4000, sizeof *rows);
	char err[512], want[1024], junk[65536];
	long long pages, psize, p;
	int fd, n = -1, damaged = 0;

	ck_assert_ptr_nonnull(rows);
	create_db();
	raw_exec(fill_sql);
	/* The last connection's close folds the WAL into the file. */
	ck_assert_int_eq(access(path, F_OK), 0);
	pages = raw_int("PRAGMA page_count");
	psize = raw_int("PRAGMA page_size");
	ck_assert_int_gt(pages, 60);
	memset(junk, 0xA5, sizeof junk);
	fd = open(path, O_WRONLY);
	ck_assert_int_ge(fd, 0);
	/* The agents' pages in the middle of the file; the schema's pages
	 * stay readable, wherever its growth has put them. */
	for (p = pages / 3; p < 2 * pages / 3; p++) {
		char q[128];

		snprintf(q, sizeof q, "SELECT count(*) FROM dbstat"
			 " WHERE name = 'agents' AND pageno = %lld", p + 1);
		if (raw_int(q) == 0)
			continue;
		ck_assert_int_eq(pwrite(fd, junk, (size_t)psize, (off_t)(p * psize)),
				 psize);
		damaged++;
	}
	close(fd);
	ck_assert_int_gt(damaged, 20);

	/* Opening reads only the header and the schema: it succeeds. */
	ck_assert_msg(store_open(&st, path, 0, err, sizeof err) == STORE_OK,
		      "%s", err);
	ck_assert_int_eq(store_agent_list(st, rows, 4000, &n), STORE_ERROR);
	snprintf(want, sizeof want, "%s: cannot read agents: database is corrupt", path);
	ck_assert_str_eq(store_errmsg(st), want);
	ck_assert_int_eq(store_check_integrity(st), STORE_ERROR);
	snprintf(want, sizeof want, "%s: database is corrupt: ", path);
	ck_assert_msg(strncmp(store_errmsg(st), want, strlen(want)) == 0,
		      "message: %s", store_errmsg(st));
	ck_assert_ptr_null(strchr(store_errmsg(st), '\n'));
	store_close(st);
	free(rows);
}
END_TEST

START_TEST(file_being_checkpointed_is_not_truncated)
{
	struct store *st;
	struct agent *rows = calloc(4000, sizeof *rows);
	unsigned char hdr[100];
	char err[512];
	sqlite3 *other;
	unsigned long pages;
	int fd, n = 0;

	/* Another process has committed into its WAL and is copying the pages
	 * back: page 1, with the new size, is written, the pages past the old
	 * end of the file are not yet.  That file is busy, not truncated. */
	ck_assert_ptr_nonnull(rows);
	create_db();
	ck_assert_int_eq(sqlite3_open(path, &other), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other, "PRAGMA wal_autocheckpoint=0", NULL,
				      NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other, fill_sql, NULL, NULL, NULL), SQLITE_OK);
	fd = open(path, O_RDWR);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, hdr, sizeof hdr, 0), (ssize_t)sizeof hdr);
	ck_assert_int_eq(memcmp(hdr + 24, hdr + 92, 4), 0);
	pages = ((unsigned long)hdr[28] << 24 | (unsigned long)hdr[29] << 16 |
		 (unsigned long)hdr[30] << 8 | hdr[31]) + 50;
	hdr[28] = (unsigned char)(pages >> 24);
	hdr[29] = (unsigned char)(pages >> 16);
	hdr[30] = (unsigned char)(pages >> 8);
	hdr[31] = (unsigned char)pages;
	ck_assert_int_eq(pwrite(fd, hdr, sizeof hdr, 0), (ssize_t)sizeof hdr);
	close(fd);

	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_OK);
	ck_assert_int_eq(store_agent_list(st, rows, 4000, &n), STORE_OK);
	ck_assert_int_eq(n, 3000);
	store_close(st);
	sqlite3_close(other);
	free(rows);
}
END_TEST

/* A child process that holds a write lock until killed; returns its pid. */
static pid_t hold_lock(const char *begin)
{
	int fds[2];
	pid_t pid;
	char c;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		sqlite3 *db;

		close(fds[0]);
		if (sqlite3_open(path, &db) != SQLITE_OK ||
		    sqlite3_exec(db, begin, NULL, NULL, NULL) != SQLITE_OK)
			_exit(1);
		if (write(fds[1], "x", 1) != 1)
			_exit(1);
		/* Longer than the shortened busy timeout, far shorter than the
		 * default: the test fails if the timeout is not honoured. */
		sleep(5);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		_exit(0);
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &c, 1), 1);
	close(fds[0]);
	return pid;
}

static void release_lock(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

START_TEST(write_locked_past_busy_timeout)
{
	struct store *st;
	char err[512], want[1024];
	long long id = 0;
	pid_t pid;

	create_db();
	pid = hold_lock("BEGIN EXCLUSIVE;"
			"INSERT INTO agents(login,name,created_at) VALUES('other','O',1)");
	ck_assert_int_eq(setenv("TEMAS_BUSY_TIMEOUT_MS", "200", 1), 0);
	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_OK);
	ck_assert_int_eq(store_agent_upsert(st, "ayse", "Ayşe", ROLE_AGENT, &id),
			 STORE_ERROR);
	snprintf(want, sizeof want,
		 "%s: database request failed: database is locked by another process",
		 path);
	ck_assert_str_eq(store_errmsg(st), want);
	release_lock(pid);
	/* Once the other process is gone the same write goes through. */
	ck_assert_int_eq(store_agent_upsert(st, "ayse", "Ayşe", ROLE_AGENT, &id),
			 STORE_OK);
	store_close(st);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM agents WHERE login='other'"), 0);
	unsetenv("TEMAS_BUSY_TIMEOUT_MS");
}
END_TEST

/*
 * A write on its own (the act-as audit row, a customer opened, an agent
 * or gateway saved) is a transaction of store_tx_run, which retries it on
 * busy; inside another write's transaction it is one statement more of
 * that one.  The store's commit count shows which it was.
 */
START_TEST(lone_writes_are_retried_transactions)
{
	struct store *st;
	struct agent me;
	char err[512];
	long long id = 0, before;

	create_db();
	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_OK);
	ck_assert_int_eq(store_agent_upsert(st, "ayse", "Ayşe", ROLE_SUPERVISOR, &id),
			 STORE_OK);
	ck_assert_int_eq(store_agent_by_id(st, id, &me), STORE_OK);

	before = store_tx_count(st);
	ck_assert_int_eq(store_audit(st, &me, "act-as", 0, 0, "as can"), STORE_OK);
	ck_assert_int_eq(store_tx_count(st), before + 1);
	ck_assert_int_eq(store_agent_upsert(st, "can", "Can", ROLE_AGENT, NULL),
			 STORE_OK);
	ck_assert_int_eq(store_tx_count(st), before + 2);
	ck_assert_int_eq(store_gateway_add(st, "postfix"), STORE_OK);
	ck_assert_int_eq(store_tx_count(st), before + 3);

	/* Inside an explicit transaction: no transaction of its own. */
	ck_assert_int_eq(store_tx_begin(st), STORE_OK);
	ck_assert_int_eq(store_audit(st, &me, "act-as", 0, 0, "as can"), STORE_OK);
	ck_assert_int_eq(store_tx_count(st), before + 3);
	ck_assert_int_eq(store_tx_commit(st), STORE_OK);
	ck_assert_int_eq(store_tx_count(st), before + 4);
	store_close(st);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='act-as'"), 2);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM agents WHERE login='can'"), 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM gateways"), 1);
}
END_TEST

#define WRITERS 8
#define WRITES 25
#define ROUNDS 3

static struct store *open_store(void)
{
	struct store *st;
	char err[512];

	ck_assert_msg(store_open(&st, path, 0, err, sizeof err) == STORE_OK, "%s", err);
	return st;
}

static int exit_code(pid_t pid)
{
	int status;

	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int writer(int w, int rfd)
{
	struct store *st = open_store();
	char detail[64], go;
	int r, i;

	for (r = 0; r < ROUNDS; r++) {
		/* A token from the parent per round: the writers start together. */
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
	store_close(st);
	return 0;
}

/* Many processes writing at the same moment: every write is retried
 * until it goes through, none fails, none is lost. */
START_TEST(rounds_of_writers_lose_nothing)
{
	pid_t kids[WRITERS];
	int go[2], w, r;

	create_db();
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
			      "writer %d: a write failed", w);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action='load'"),
			 WRITERS * WRITES * ROUNDS);
	ck_assert_int_eq(raw_int("SELECT count(DISTINCT detail) FROM audit WHERE action='load'"),
			 WRITERS * WRITES * ROUNDS);
}
END_TEST

/* A command's act-as row is written by the command's own transaction
 * (one write per command), or on its own when the command wrote nothing. */
START_TEST(act_as_rides_with_the_action)
{
	struct store *st;
	struct agent boss;
	long long id = 0, before;
	char holder[64];

	create_db();
	st = open_store();
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

START_TEST(open_locked_past_busy_timeout)
{
	struct store *st;
	char err[512], want[1024];
	pid_t pid;

	/* A rollback journal (as on a network file system): an exclusive
	 * lock keeps even readers out, so opening itself has to wait. */
	create_db();
	raw_exec("PRAGMA journal_mode=DELETE");
	pid = hold_lock("BEGIN EXCLUSIVE;"
			"INSERT INTO agents(login,name,created_at) VALUES('other','O',1)");
	ck_assert_int_eq(setenv("TEMAS_BUSY_TIMEOUT_MS", "200", 1), 0);
	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_ERROR);
	snprintf(want, sizeof want,
		 "%s: database request failed: database is locked by another process",
		 path);
	ck_assert_str_eq(err, want);
	release_lock(pid);
	unsetenv("TEMAS_BUSY_TIMEOUT_MS");
}
END_TEST

START_TEST(busy_timeout_setting_ignores_garbage)
{
	struct store *st;
	char err[512];
	long long id;
	pid_t pid;

	/* Not a number: the default (15 s) applies, so a lock released after
	 * 5 s is waited for instead of failing at once. */
	create_db();
	pid = hold_lock("BEGIN EXCLUSIVE;"
			"INSERT INTO agents(login,name,created_at) VALUES('other','O',1)");
	ck_assert_int_eq(setenv("TEMAS_BUSY_TIMEOUT_MS", "soon", 1), 0);
	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_OK);
	ck_assert_int_eq(store_agent_upsert(st, "ayse", "Ayşe", ROLE_AGENT, &id),
			 STORE_OK);
	store_close(st);
	release_lock(pid);
	unsetenv("TEMAS_BUSY_TIMEOUT_MS");
}
END_TEST

START_TEST(file_size_limit_rolls_back)
{
	struct store *st;
	char err[512], msg[1024] = "";
	int fds[2], status, i;
	long long before;
	pid_t pid;
	ssize_t got;

	create_db();
	raw_exec(fill_sql);
	before = raw_int("SELECT count(*) FROM agents");
	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rlimit rl = { 64 * 1024, 64 * 1024 };
		char login[32], name[200];
		int rc = STORE_OK;

		close(fds[0]);
		signal(SIGXFSZ, SIG_IGN);
		if (store_open(&st, path, 0, err, sizeof err) != STORE_OK ||
		    store_tx_begin(st) != STORE_OK)
			_exit(2);
		/* The WAL starts empty; limit it well below one batch. */
		setrlimit(RLIMIT_FSIZE, &rl);
		for (i = 0; i < 3000 && rc == STORE_OK; i++) {
			snprintf(login, sizeof login, "batch%d", i);
			snprintf(name, sizeof name, "%0120d", i);
			rc = store_agent_upsert(st, login, name, ROLE_AGENT, NULL);
		}
		if (rc == STORE_OK)
			rc = store_tx_commit(st);
		else
			store_tx_rollback(st);
		if (rc == STORE_OK)
			_exit(3);
		if (write(fds[1], store_errmsg(st), strlen(store_errmsg(st))) < 0)
			_exit(4);
		store_close(st);
		_exit(0);
	}
	close(fds[1]);
	got = read(fds[0], msg, sizeof msg - 1);
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_int_gt(got, 0);
	msg[got] = '\0';
	ck_assert_msg(strstr(msg, ": file too large (the file size limit was reached)") != NULL,
		      "message: %s", msg);
	ck_assert_ptr_null(strchr(msg, '\n'));
	ck_assert_ptr_null(strstr(msg, "SQLITE"));
	/* Nothing of the batch, everything from before. */
	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_OK);
	ck_assert_int_eq(store_check_integrity(st), STORE_OK);
	store_close(st);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM agents"), before);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM agents WHERE login LIKE 'batch%'"), 0);
}
END_TEST

START_TEST(network_file_systems_are_recognised)
{
	/* statfs(2) f_type is a signed long: CIFS's magic arrives negative. */
	ck_assert_int_eq(store_fs_is_network(0x6969), 1);                /* NFS */
	ck_assert_int_eq(store_fs_is_network(0x517B), 1);                /* SMB */
	ck_assert_int_eq(store_fs_is_network((unsigned long)(long)(int32_t)0xFF534D42u), 1);
	ck_assert_int_eq(store_fs_is_network((unsigned long)(long)(int32_t)0xFE534D42u), 1);
	ck_assert_int_eq(store_fs_is_network(0x01021997), 1);            /* 9p */
	ck_assert_int_eq(store_fs_is_network(0xEF53), 0);                /* ext4 */
	ck_assert_int_eq(store_fs_is_network(0x01021994), 0);            /* tmpfs */
	ck_assert_int_eq(store_fs_is_network(0x58465342), 0);            /* xfs */
	ck_assert_int_eq(store_fs_is_network(0x9123683E), 0);            /* btrfs */
	ck_assert_int_eq(store_fs_is_network(0), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("faults");
	TCase *tc = tcase_create("faults");

	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, damaged_page_is_reported_on_first_read);
	tcase_add_test(tc, file_being_checkpointed_is_not_truncated);
	tcase_add_test(tc, write_locked_past_busy_timeout);
	tcase_add_test(tc, open_locked_past_busy_timeout);
	tcase_add_test(tc, lone_writes_are_retried_transactions);
	tcase_add_test(tc, rounds_of_writers_lose_nothing);
	tcase_add_test(tc, act_as_rides_with_the_action);
	tcase_add_test(tc, busy_timeout_setting_ignores_garbage);
	tcase_add_test(tc, file_size_limit_rolls_back);
	tcase_add_test(tc, network_file_systems_are_recognised);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
