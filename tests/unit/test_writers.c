/*
 * test_writers.c: many processes writing one file at once, and one write
 * per command.
 *
 * Real processes (fork) write at the same moment, in rounds; nothing here
 * reads a clock: the work is bounded by processes, writes and rounds.
 */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

static char path[512];

static void setup(void)
{
	struct store *st;
	char err[512];

	fixture_mkdir("writers");
	fixture_file("t.db", path, sizeof path);
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

START_TEST(rounds_of_writers_lose_nothing)
{
	pid_t kids[WRITERS];
	int go[2], w, r;

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

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, rounds_of_writers_lose_nothing);
	tcase_add_test(tc, act_as_rides_with_the_action);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
