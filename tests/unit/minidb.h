/*
 * minidb.h: a fresh temas database in a private directory, filled by hand
 * with SQL on the store's own connection, for the store read tests.  The store's clock is pinned to
 * MINIDB_NOW so "breached" and "last 90 days" do not depend on the day.
 */
#ifndef TEMAS_TEST_MINIDB_H
#define TEMAS_TEST_MINIDB_H

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store/internal.h"
#include "fixture.h"
#include "temas/store.h"

#define MINIDB_NOW 1700000000LL
#define DAY 86400LL

static struct store *minidb_st;

/* SQL on a second connection, as another process would run it. */
static void minidb_exec(const char *sql)
{
	char path[512];
	sqlite3 *db;
	char *err = NULL;

	fixture_file("t.db", path, sizeof path);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		ck_abort_msg("fixture SQL failed: %s", err ? err : "?");
	sqlite3_close(db);
}

/* Create the database and run the fixture SQL on it. */
static void minidb_open(const char *fixture)
{
	char path[512], err[512];

	fixture_mkdir("test");
	fixture_file("t.db", path, sizeof path);
	ck_assert_int_eq(store_open(&minidb_st, path, STORE_CREATE, err,
				    sizeof err), STORE_OK);
	store_set_clock(minidb_st, MINIDB_NOW);
	ck_assert_msg(store_exec(minidb_st, fixture) == STORE_OK, "fixture: %s",
		      store_errmsg(minidb_st));
}

static void minidb_close(void)
{
	store_close(minidb_st);
	minidb_st = NULL;
	fixture_rmdir();
}

#endif
