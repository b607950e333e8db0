/*
 * backup.c: a consistent copy of a live database.
 *
 * Copying the file with cp(1) while agents write can catch it between the
 * main file and the WAL and give a damaged copy.  SQLite's online backup
 * copies every page under one read transaction, so the copy is the database
 * as of one commit while writers go on.  The copy is made under a temporary
 * name beside the target, checked, switched to a plain rollback journal (one
 * self-contained file) and only then linked to its name, so a failed or
 * interrupted backup never leaves a half file under the name asked for and
 * never replaces an existing file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "temas/i18n.h"

static int copy_into(struct store *st, const char *tmp, long long *pages)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	sqlite3_stmt *s = NULL;
	int rc, ok = 0;

	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		store_fail(st, _("%s: cannot open the copy: %s"), tmp,
			   dst ? sqlite3_errmsg(dst) : _("out of memory"));
		sqlite3_close(dst);
		return STORE_ERROR;
	}
	sqlite3_busy_timeout(dst, 5000);
	b = sqlite3_backup_init(dst, "main", st->db, "main");
	if (b == NULL) {
		store_fail(st, _("cannot start the backup: %s"), sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return STORE_ERROR;
	}
	/* All pages in one step: one read transaction, one snapshot. */
	rc = sqlite3_backup_step(b, -1);
	*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		store_fail(st, _("the backup stopped: %s"), sqlite3_errstr(rc));
		sqlite3_close(dst);
		return STORE_ERROR;
	}
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(dst, "PRAGMA quick_check", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0)
		ok = 1;
	sqlite3_finalize(s);
	if (!ok)
		store_fail(st, _("%s: the copy does not pass its check: %s"), tmp,
			   sqlite3_errmsg(dst));
	if (sqlite3_close(dst) != SQLITE_OK && ok) {
		store_fail(st, _("%s: cannot finish the copy"), tmp);
		ok = 0;
	}
	return ok ? STORE_OK : STORE_ERROR;
}

int store_backup(struct store *st, const char *dest, long long *pages)
{
	struct stat sb;
	char *tmp;
	size_t n = strlen(dest) + sizeof ".XXXXXX";
	int fd, rc;

	*pages = 0;
	if (lstat(dest, &sb) == 0)
		return store_fail(st, _("%s: already exists; a backup never replaces a file "
					"(remove it or choose another name)"), dest);
	tmp = malloc(n);
	if (tmp == NULL)
		return store_fail(st, "%s", _("out of memory"));
	snprintf(tmp, n, "%s.XXXXXX", dest);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = store_fail(st, _("%s: cannot create: %s"), dest, strerror(errno));
		free(tmp);
		return rc;
	}
	/* Customer data: readable by its owner only until they choose more. */
	(void)fchmod(fd, 0600);
	close(fd);
	rc = copy_into(st, tmp, pages);
	if (rc == STORE_OK && link(tmp, dest) != 0)
		rc = store_fail(st, _("%s: cannot create: %s"), dest, strerror(errno));
	unlink(tmp);
	free(tmp);
	return rc;
}
