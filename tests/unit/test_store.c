/*
 * test_store.c: opening, migrating and refusing database files.
 *
 * Each bad-file case checks the exact one-line message and that the file
 * was left as it was.
 */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "temas/store.h"

static char path[512];

static void setup(void)
{
	fixture_mkdir("test");
	fixture_file("t.db", path, sizeof path);
}

static void teardown(void)
{
	fixture_rmdir();
}

static void write_file(const char *p, const void *data, size_t n)
{
	FILE *f = fopen(p, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	fclose(f);
}

static long file_size(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Run SQL directly, bypassing the store, to build or inspect files. */
static void raw_exec(const char *p, const char *sql)
{
	fixture_raw_exec(p, sql);
}

static long long raw_int(const char *p, const char *sql)
{
	return fixture_raw_int(p, 1, sql);
}

START_TEST(create_new_file_migrates_to_latest)
{
	struct store *st;
	char err[512];
	int v = -1;

	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	ck_assert_int_eq(store_schema_version(st, &v), STORE_OK);
	ck_assert_int_eq(v, store_schema_latest());
	store_close(st);
	ck_assert_int_eq(raw_int(path, "PRAGMA user_version"), store_schema_latest());
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM channels"), 9);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM sla_policies"), 36);
	/* STRICT tables reject a text amount. */
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM pragma_table_list "
				       "WHERE name='orders' AND strict=1"), 1);
}
END_TEST

START_TEST(journal_is_wal)
{
	struct store *st;
	char err[512];

	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_close(st);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM pragma_journal_mode "
				       "WHERE journal_mode='wal'"), 1);
}
END_TEST

START_TEST(migrates_from_every_earlier_version)
{
	int from;

	for (from = 0; from < store_schema_latest(); from++) {
		struct store *st;
		char err[512];
		int v = -1;

		unlink(path);
		ck_assert_int_eq(store_open(&st, path, STORE_CREATE | STORE_NO_MIGRATE,
					    err, sizeof err), STORE_OK);
		ck_assert_int_eq(store_migrate_to(st, from), STORE_OK);
		ck_assert_int_eq(store_schema_version(st, &v), STORE_OK);
		ck_assert_int_eq(v, from);
		store_close(st);
		if (from >= 1)
			raw_exec(path, "INSERT INTO customers(first_name,last_name,created_at)"
				       " VALUES('Ayşe','Yılmaz',1)");
		ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
		ck_assert_int_eq(store_schema_version(st, &v), STORE_OK);
		ck_assert_int_eq(v, store_schema_latest());
		store_close(st);
		if (from >= 1)
			ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM customers "
						       "WHERE first_name='Ayşe'"), 1);
	}
}
END_TEST

/* Migration 34 builds the drafts table again: the drafts in it stay,
 * and a resolution note may be one. */
START_TEST(drafts_survive_migration_34)
{
	struct store *st;
	char err[512];

	ck_assert_int_eq(store_open(&st, path, STORE_CREATE | STORE_NO_MIGRATE,
				    err, sizeof err), STORE_OK);
	ck_assert_int_eq(store_migrate_to(st, 33), STORE_OK);
	store_close(st);
	raw_exec(path, "INSERT INTO customers(id,first_name,last_name,created_at)"
		       " VALUES(1,'Ayşe','Yılmaz',1);"
		       "INSERT INTO agents(id,login,name,role,created_at)"
		       " VALUES(1,'ayse','Ayşe','agent',1);"
		       "INSERT INTO complaints(id,customer_id,channel,priority,status,"
		       " subject,opened_at,first_response_due,resolution_due)"
		       " VALUES(1,1,'email','normal','open','Kargo',1,2,3);"
		       "INSERT INTO drafts VALUES(1,1,'reply','Sayın İpek',5,7);"
		       "INSERT INTO drafts VALUES(1,1,'note','not',3,8)");
	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_close(st);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM drafts WHERE agent_id=1"
				       " AND complaint_id=1 AND ((kind='reply' AND"
				       " body='Sayın İpek' AND cursor=5 AND updated_at=7)"
				       " OR (kind='note' AND body='not' AND cursor=3"
				       " AND updated_at=8))"), 2);
	raw_exec(path, "INSERT INTO drafts VALUES(1,1,'resolution','İade',4,9)");
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM drafts"), 3);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}
END_TEST

START_TEST(refuses_newer_schema_and_changes_nothing)
{
	struct store *st;
	char err[512], want[1024];
	long before;

	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_close(st);
	raw_exec(path, "PRAGMA user_version=999");
	raw_exec(path, "PRAGMA wal_checkpoint(TRUNCATE)");
	before = file_size(path);
	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_ERROR);
	ck_assert_ptr_null(st);
	snprintf(want, sizeof want,
		 "%s: schema version 999 is newer than this temas understands (%d); use a newer temas",
		 path, store_schema_latest());
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(raw_int(path, "PRAGMA user_version"), 999);
	ck_assert_int_eq(file_size(path), before);
}
END_TEST

START_TEST(missing_file_without_create)
{
	struct store *st;
	char err[512], want[1024];

	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_NOTFOUND);
	snprintf(want, sizeof want,
		 "%s: no such database (create one with 'temas init' or 'temas demo')", path);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

START_TEST(missing_directory)
{
	struct store *st;
	char err[512], want[1024], p[600];

	snprintf(p, sizeof p, "%s/nope/t.db", fixture_dir);
	ck_assert_int_eq(store_open(&st, p, STORE_CREATE, err, sizeof err), STORE_ERROR);
	snprintf(want, sizeof want,
		 "%s: cannot create database: directory %s/nope does not exist", p, fixture_dir);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(empty_file)
{
	struct store *st;
	char err[512], want[1024];

	write_file(path, "", 0);
	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_ERROR);
	snprintf(want, sizeof want, "%s: file is empty, not a temas database", path);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(file_size(path), 0);
}
END_TEST

START_TEST(not_sqlite_file)
{
	static const char text[] = "name,email\nAyşe,a@example.com\n"
		"this is a CSV file, not a database, and long enough to have a header\n";
	struct store *st;
	char err[512], want[1024];

	write_file(path, text, sizeof text - 1);
	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_ERROR);
	snprintf(want, sizeof want, "%s: not a SQLite database", path);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(file_size(path), (long)sizeof text - 1);
}
END_TEST

START_TEST(short_garbage_file)
{
	struct store *st;
	char err[512], want[1024];

	write_file(path, "xyz", 3);
	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_ERROR);
	snprintf(want, sizeof want, "%s: not a SQLite database", path);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(truncated_file)
{
	struct store *st;
	char err[512], want[1024];
	long full;

	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_close(st);
	raw_exec(path, "PRAGMA journal_mode=DELETE");
	full = file_size(path);
	ck_assert_int_gt(full, 8192);
	ck_assert_int_eq(truncate(path, 8192), 0);
	ck_assert_int_eq(store_open(&st, path, 0, err, sizeof err), STORE_ERROR);
	snprintf(want, sizeof want, "%s: database file is truncated (8192 of %ld bytes)",
		 path, full);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(file_size(path), 8192);
}
END_TEST

START_TEST(foreign_sqlite_database)
{
	struct store *st;
	char err[512], want[1024];

	raw_exec(path, "CREATE TABLE photos(id INTEGER PRIMARY KEY, name TEXT)");
	ck_assert_int_eq(chmod(path, 0600), 0);
	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_ERROR);
	snprintf(want, sizeof want,
		 "%s: not a temas database (it has tables but no temas schema)", path);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM sqlite_schema"), 1);
}
END_TEST

START_TEST(directory_instead_of_file)
{
	struct store *st;
	char err[512], want[1024];

	ck_assert_int_eq(store_open(&st, fixture_dir, 0, err, sizeof err), STORE_ERROR);
	snprintf(want, sizeof want, "%s: is a directory, not a database file", fixture_dir);
	ck_assert_str_eq(err, want);
}
END_TEST

/*
 * Root writes to any file, so as root the opening is done by a child that
 * has become the unprivileged user nobody (main() reports the case as
 * skipped when even that cannot be done).  Returns what the child saw: 0
 * the expected refusal, 1 another outcome, 2 no way to drop privileges.
 */
#define NOBODY 65534
static int open_read_only(void)
{
	struct store *st;
	char err[512], want[1024];
	int rc;

	rc = store_open(&st, path, 0, err, sizeof err);
	if (rc == STORE_OK)
		store_close(st);
	snprintf(want, sizeof want, "%s: database is read-only (Permission denied)", path);
	if (rc != STORE_ERROR || strcmp(err, want) != 0) {
		fprintf(stderr, "read_only_file: %d, \"%s\"\n", rc, rc == STORE_OK ? "" : err);
		return 1;
	}
	return 0;
}

static int can_drop_privileges(void)
{
	pid_t pid;
	int status;

	if (geteuid() != 0)
		return 1;
	pid = fork();
	if (pid == 0)
		_exit(setgroups(0, NULL) == 0 && setgid(NOBODY) == 0 &&
		      setuid(NOBODY) == 0 ? 0 : 1);
	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

START_TEST(read_only_file)
{
	struct store *st;
	char err[512];
	pid_t pid;
	int status;

	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_close(st);
	/* Readable by the owner and the group, never by others: temas refuses
	 * a database others may read. */
	ck_assert_int_eq(chmod(path, 0440), 0);
	if (geteuid() != 0) {
		ck_assert_int_eq(open_read_only(), 0);
		return;
	}
	ck_assert_int_eq(chmod(fixture_dir, 0755), 0);
	ck_assert_int_eq(chown(path, 0, NOBODY), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 ||
		    setuid(NOBODY) != 0)
			_exit(2);
		_exit(open_read_only());
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

START_TEST(data_version_moves_on_foreign_commit)
{
	struct store *st;
	char err[512];
	long long v1 = 0, v2 = 0;

	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	ck_assert_int_eq(store_data_version(st, &v1), STORE_OK);
	raw_exec(path, "INSERT INTO agents(login,name,created_at) VALUES('x','X',1)");
	ck_assert_int_eq(store_data_version(st, &v2), STORE_OK);
	ck_assert_int_ne(v1, v2);
	store_close(st);
}
END_TEST

START_TEST(audit_log_is_append_only)
{
	struct store *st;
	char err[512];
	sqlite3 *db;

	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	store_close(st);
	raw_exec(path, "INSERT INTO audit(at,login,action) VALUES(1,'x','claim')");
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(db, "UPDATE audit SET login='y'", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM audit WHERE login='x'"), 1);
}
END_TEST

START_TEST(integrity_check_passes_on_new_file)
{
	struct store *st;
	char err[512];

	ck_assert_int_eq(store_open(&st, path, STORE_CREATE, err, sizeof err), STORE_OK);
	ck_assert_int_eq(store_check_integrity(st), STORE_OK);
	store_close(st);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("open");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, create_new_file_migrates_to_latest);
	tcase_add_test(tc, journal_is_wal);
	tcase_add_test(tc, migrates_from_every_earlier_version);
	tcase_add_test(tc, drafts_survive_migration_34);
	tcase_add_test(tc, refuses_newer_schema_and_changes_nothing);
	tcase_add_test(tc, missing_file_without_create);
	tcase_add_test(tc, missing_directory);
	tcase_add_test(tc, empty_file);
	tcase_add_test(tc, not_sqlite_file);
	tcase_add_test(tc, short_garbage_file);
	tcase_add_test(tc, truncated_file);
	tcase_add_test(tc, foreign_sqlite_database);
	tcase_add_test(tc, directory_instead_of_file);
	if (can_drop_privileges())
		tcase_add_test(tc, read_only_file);
	else
		harness_skip("read_only_file", "running as root and cannot "
			     "become the unprivileged user nobody");
	tcase_add_test(tc, data_version_moves_on_foreign_commit);
	tcase_add_test(tc, audit_log_is_append_only);
	tcase_add_test(tc, integrity_check_passes_on_new_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return harness_run(store_suite());
}
