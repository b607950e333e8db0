/*
 * bell.c: telling idle consoles that something they may show changed,
 * without any of them waking up to ask.
 *
 * PRAGMA data_version answers only when asked, so a console that must see
 * another agent's claim within a second would have to ask twice a second,
 * two hundred consoles four hundred times a second, for nothing most of
 * the time.  Instead a transaction that moved one of the change counters
 * (schema.c: what any screen shows) rings a bell as it commits: it sets
 * the database file's time stamps to now.  A console listens for that on
 * the directory (Linux directory notification, delivered as SIGIO and
 * read from a signalfd), so it sleeps until a bell or its own next
 * deadline.  A heartbeat that only renews the time moves no counter and
 * rings nothing; writes to the WAL change no time stamp that is listened
 * for.  Writers that do not ring (the sqlite3 shell, an older temas) are
 * still seen: the console asks data_version now and then as before.
 *
 * Listening blocks SIGIO in the whole process (the signalfd reads it); a
 * child the console starts should unblock it.  Where directory
 * notification is missing, store_bell_open returns -1 and the console
 * asks data_version twice a second as before.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/signalfd.h>
#endif

#include "internal.h"

/* The sum of the change counters, or -1 when there are none to read (a
 * database before they existed: every commit rings then). */
long long store_bell_mark(struct store *st)
{
	long long v = -1;

	/* Prepared here rather than through store_stmt: a database without
	 * the counters is no error to report. */
	if (st->bell_stmt == NULL &&
	    sqlite3_prepare_v3(st->db, "SELECT sum(n) FROM changes", -1,
			       SQLITE_PREPARE_PERSISTENT, &st->bell_stmt,
			       NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st->bell_stmt) == SQLITE_ROW &&
	    sqlite3_column_type(st->bell_stmt, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st->bell_stmt, 0);
	sqlite3_reset(st->bell_stmt);
	return v;
}

void store_bell_ring(struct store *st)
{
	if (st->path[0] != '\0' && strcmp(st->path, ":memory:") != 0)
		(void)utimensat(AT_FDCWD, st->path, NULL, 0);
	st->rings++;
}

long long store_bell_rings(const struct store *st)
{
	return st->rings;
}

#if defined(__linux__) && defined(F_NOTIFY) && defined(DN_MULTISHOT)
int store_bell_open(struct store *st)
{
	char dir[sizeof st->path];
	char *slash;
	sigset_t io;
	int d, s;

	if (st->bell_fd >= 0)
		return st->bell_fd;
	snprintf(dir, sizeof dir, "%s", st->path);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	sigemptyset(&io);
	sigaddset(&io, SIGIO);
	if (sigprocmask(SIG_BLOCK, &io, NULL) != 0)
		return -1;
	s = signalfd(-1, &io, SFD_NONBLOCK | SFD_CLOEXEC);
	if (s < 0)
		goto fail;
	d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d < 0) {
		close(s);
		goto fail;
	}
	if (fcntl(d, F_NOTIFY, DN_ATTRIB | DN_MULTISHOT) != 0) {
		close(d);
		close(s);
		goto fail;
	}
	st->bell_dir = d;
	st->bell_fd = s;
	return s;
fail:
	sigprocmask(SIG_UNBLOCK, &io, NULL);
	return -1;
}

int store_bell_drain(struct store *st)
{
	struct signalfd_siginfo si;
	int n = 0;

	if (st->bell_fd < 0)
		return 0;
	while (read(st->bell_fd, &si, sizeof si) == (ssize_t)sizeof si)
		n++;
	return n;
}
#else
int store_bell_open(struct store *st)
{
	(void)st;
	return -1;
}

int store_bell_drain(struct store *st)
{
	(void)st;
	return 0;
}
#endif

void store_bell_close(struct store *st)
{
	if (st->bell_stmt != NULL)
		sqlite3_finalize(st->bell_stmt);
	st->bell_stmt = NULL;
	if (st->bell_dir >= 0)
		close(st->bell_dir);
	if (st->bell_fd >= 0)
		close(st->bell_fd);
	st->bell_dir = st->bell_fd = -1;
}
