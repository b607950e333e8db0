/*
 * fixture.h: a private scratch directory for each test, and SQL run on a
 * database file behind the store's back (to build a damaged or old file,
 * or to see what a write really left), for the store tests.
 */
#ifndef TEMAS_TEST_FIXTURE_H
#define TEMAS_TEST_FIXTURE_H

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

static char fixture_dir[256];

/* A fresh directory $TMPDIR/temas-NAME-XXXXXX, in fixture_dir. */
static inline void fixture_mkdir(const char *name)
{
	snprintf(fixture_dir, sizeof fixture_dir, "%s/temas-%s-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name);
	ck_assert_ptr_nonnull(mkdtemp(fixture_dir));
}

/* The path of file inside fixture_dir. */
static inline void fixture_file(const char *file, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", fixture_dir, file);
}

/* Remove fixture_dir and all in it. */
static inline void fixture_rmdir(void)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fixture_dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Run SQL on the file at p through a connection of its own. */
static inline void fixture_raw_exec(const char *p, const char *sql)
{
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/*
 * The first column of the first row of sql on the file at p, -1 when there
 * is no row; readonly opens the file so that looking cannot change it.
 */
static inline long long fixture_raw_int(const char *p, int readonly,
					const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long long v = -1;

	if (readonly)
		ck_assert_int_eq(sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL),
				 SQLITE_OK);
	else
		ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		ck_abort_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

#endif
