/*
 * db.c: opening the database file, migrating it, and the plumbing every
 * other store file uses (statement cache, transactions, error messages).
 *
 * Opening is where most bad input arrives (a missing directory, a file that
 * is not SQLite, a truncated or newer database), so each case is detected
 * here and reported as one line that names the file and the problem.
 *
 * Damage inside an otherwise sound file (a garbage page) is not looked for
 * at open: PRAGMA quick_check reads every page, seconds on a large file at
 * every start of every agent's console.  SQLite notices a bad page when a
 * query reads it (SQLITE_CORRUPT), and that query's message then says
 * "database is corrupt"; store_check_integrity() is the full check.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <mntent.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "temas/i18n.h"
#include "temas/path.h"
#include "temas/text.h"

/* How long a write waits for another process's transaction: in the
 * console, where Esc gives up sooner; a command (store_wait_for_commands)
 * waits longer, as a script would rather wait than fail.  Tests shorten
 * both with TEMAS_BUSY_TIMEOUT_MS (milliseconds). */
#define BUSY_TIMEOUT_MS 15000
#define COMMAND_TIMEOUT_MS 60000

/* statfs magic numbers of network file systems where WAL is unsafe. */
#define FS_NFS   0x6969
#define FS_SMB   0x517B
#define FS_CIFS  0xFF534D42
#define FS_SMB2  0xFE534D42
#define FS_9P    0x01021997

static void put_err(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void put_err(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errsz == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

int store_fs_is_network(unsigned long f_type)
{
	switch (f_type & 0xffffffffUL) {
	case FS_NFS: case FS_SMB: case FS_CIFS: case FS_SMB2: case FS_9P:
		return 1;
	default:
		return 0;
	}
}

int store_path_is_network(const char *path)
{
	struct statfs sf;

	if (statfs(path, &sf) != 0)
		return 0;
	return store_fs_is_network((unsigned long)sf.f_type);
}

static int busy_timeout_ms(int dflt)
{
	const char *env = getenv("TEMAS_BUSY_TIMEOUT_MS");
	char *end;
	long v;

	if (env == NULL || *env == '\0')
		return dflt;
	v = strtol(env, &end, 10);
	if (*end != '\0' || v < 0 || v > 3600000)
		return dflt;
	return (int)v;
}

void store_wait_for_commands(struct store *st)
{
	st->busy_ms = busy_timeout_ms(COMMAND_TIMEOUT_MS);
	sqlite3_busy_timeout(st->db, st->busy_ms);
	store_turn_start(st);
}

static unsigned long be32(const unsigned char *p)
{
	return ((unsigned long)p[0] << 24) | ((unsigned long)p[1] << 16) |
	       ((unsigned long)p[2] << 8) | (unsigned long)p[3];
}

/*
 * A WAL or rollback journal next to the file means another process may be
 * writing pages into it right now: a checkpoint or commit writes page 1
 * (with the new size) before the pages that make the file that long.  The
 * file is then not truncated but half-written, and SQLite sorts it out.
 */
static int has_journal(const char *path)
{
	char j[4200];

	snprintf(j, sizeof j, "%s-wal", path);
	if (access(j, F_OK) == 0)
		return 1;
	snprintf(j, sizeof j, "%s-journal", path);
	return access(j, F_OK) == 0;
}

/*
 * Read the 100-byte header and the file's size after reading it, so that
 * the size is never older than the header.
 */
static int read_header(const char *path, unsigned char hdr[100],
		       long long *size, char *err, size_t errsz)
{
	struct stat sb;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		put_err(err, errsz, _("%s: cannot read database: %s"), path,
			strerror(errno));
		return STORE_ERROR;
	}
	got = read(fd, hdr, 100);
	if (fstat(fd, &sb) != 0)
		sb.st_size = 0;
	close(fd);
	if (got < 100 || memcmp(hdr, "SQLite format 3", 16) != 0) {
		put_err(err, errsz, _("%s: not a SQLite database"), path);
		return STORE_ERROR;
	}
	*size = (long long)sb.st_size;
	return STORE_OK;
}

/*
 * The in-header size, valid only when the two change counters agree.
 */
static int header_says_longer(const char *path, const unsigned char hdr[100],
			      long long size, unsigned long long *want)
{
	unsigned long page = ((unsigned long)hdr[16] << 8) | hdr[17];
	unsigned long pages = be32(hdr + 28);

	if (has_journal(path))
		return 0;
	if (page == 1)
		page = 65536;
	*want = (unsigned long long)pages * page;
	return be32(hdr + 24) == be32(hdr + 92) && pages > 0 &&
	       (unsigned long long)size < *want;
}

/*
 * Look at the file before SQLite does: SQLite reports a non-database file
 * only at the first query and a truncated one only when a missing page is
 * read, which may be long after the screen is up.
 */
/*
 * Who may have planted or swapped a file: a database in a directory anyone
 * may write can be replaced under the team, and a -wal or -shm that someone
 * outside the team made (or made readable to all) leaks or alters what is
 * written.  uid is one of the team when it owns the database, is root, or
 * belongs to the database's group.
 */
static int in_team(uid_t uid, const struct stat *db)
{
	struct passwd *pw;
	struct group *gr;
	char **m;

	if (uid == db->st_uid || uid == 0)
		return 1;
	pw = getpwuid(uid);
	if (pw == NULL)
		return 0;
	if (pw->pw_gid == db->st_gid)
		return 1;
	gr = getgrgid(db->st_gid);
	for (m = gr ? gr->gr_mem : NULL; m && *m; m++)
		if (strcmp(*m, pw->pw_name) == 0)
			return 1;
	return 0;
}

static const char *user_name(uid_t uid, char *buf, size_t n)
{
	struct passwd *pw = getpwuid(uid);

	if (pw != NULL)
		return pw->pw_name;
	snprintf(buf, n, "uid %ld", (long)uid);
	return buf;
}

enum store_file_fault store_file_fault(const struct stat *sb, const struct stat *db)
{
	if (S_ISLNK(sb->st_mode))
		return STORE_FILE_LINK;
	if (S_ISDIR(sb->st_mode))
		return (sb->st_mode & S_IWOTH) ? STORE_FILE_DIR_OPEN : STORE_FILE_SOUND;
	if (sb->st_mode & S_IRWXO)
		return STORE_FILE_OPEN;
	if (db != NULL && !in_team(sb->st_uid, db))
		return STORE_FILE_OUTSIDER;
	return STORE_FILE_SOUND;
}

static int check_dir_safe(const char *path, char *err, size_t errsz)
{
	char dir[4096];
	struct stat sb;

	text_path_dir(path, dir, sizeof dir);
	if (stat(dir, &sb) == 0 && store_file_fault(&sb, NULL) == STORE_FILE_DIR_OPEN) {
		put_err(err, errsz,
			_("%s: refusing a database in %s, which anyone may write: another user "
			  "could replace the file (chmod o-w %s, or move the database)"),
			path, dir, dir);
		return STORE_ERROR;
	}
	return STORE_OK;
}

/* The database file, its -wal and its -shm: no symbolic link for the
 * journal files, none open to others, none owned outside the team.
 * *linked is set when the database path itself is a symbolic link. */
static int check_files_safe(const char *path, const struct stat *db, int *linked,
			    char *err, size_t errsz)
{
	static const char *const sfx[] = { "", "-wal", "-shm" };
	char f[4096 + 8], who[32];
	enum store_file_fault fault;
	struct stat sb;
	size_t i;

	*linked = 0;
	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(f, sizeof f, "%s%s", path, sfx[i]);
		if (lstat(f, &sb) != 0)
			continue;
		fault = store_file_fault(&sb, db);
		if (fault == STORE_FILE_LINK && i == 0) {
			*linked = 1;
			if (stat(f, &sb) != 0)
				continue;
			fault = store_file_fault(&sb, db);
		}
		if (fault == STORE_FILE_LINK) {
			put_err(err, errsz,
				_("%s: refusing %s, a symbolic link: remove it while no one "
				  "uses the database"), path, f);
			return STORE_ERROR;
		}
		if (fault == STORE_FILE_OPEN) {
			put_err(err, errsz,
				_("%s: refusing %s, which others may read or write (mode %04o): "
				  "chmod o= %s"), path, f, (unsigned)(sb.st_mode & 07777), f);
			return STORE_ERROR;
		}
		if (i > 0 && access(f, R_OK | W_OK) != 0 && errno == EACCES) {
			/* One agent's chmod locks out the rest: say whose file. */
			put_err(err, errsz,
				_("%s: cannot use %s (mode %04o, owner %s): its owner or a "
				  "supervisor can fix it with chmod 660 %s"), path, f,
				(unsigned)(sb.st_mode & 07777), user_name(sb.st_uid, who, sizeof who), f);
			return STORE_ERROR;
		}
		if (fault == STORE_FILE_OUTSIDER) {
			put_err(err, errsz,
				_("%s: refusing %s, which belongs to %s, who is neither the "
				  "database's owner nor in its group"), path, f,
				user_name(sb.st_uid, who, sizeof who));
			return STORE_ERROR;
		}
	}
	return STORE_OK;
}

/* store_open_like's: the file is open in this process already. */
#define STORE_OPEN_AGAIN (1 << 8)

static int precheck_file(const char *path, int flags, char *err, size_t errsz,
			 int *creating, int *linked)
{
	struct stat sb;
	char dir[4096];
	unsigned char hdr[100];
	unsigned long long want;
	long long size;
	int attempt, rc;

	*creating = 0;
	*linked = 0;
	/* Checked when it was first opened.  Read again through a descriptor
	 * of its own, the file would lose every lock this process holds on
	 * it (POSIX drops a process's locks on a file at any close of it),
	 * and the connection open already would go on unprotected. */
	if (flags & STORE_OPEN_AGAIN)
		return STORE_OK;
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT) {
			put_err(err, errsz, _("%s: cannot open database: %s"),
				path, strerror(errno));
			return STORE_ERROR;
		}
		text_path_dir(path, dir, sizeof dir);
		if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			put_err(err, errsz,
				_("%s: cannot create database: directory %s does not exist"),
				path, dir);
			return STORE_ERROR;
		}
		if (!(flags & STORE_CREATE)) {
			put_err(err, errsz,
				_("%s: no such database (create one with 'temas init' or 'temas demo')"),
				path);
			return STORE_NOTFOUND;
		}
		if (access(dir, W_OK | X_OK) != 0) {
			put_err(err, errsz,
				_("%s: cannot create database: directory %s is not writable"),
				path, dir);
			return STORE_ERROR;
		}
		if (check_dir_safe(path, err, errsz) != STORE_OK)
			return STORE_ERROR;
		*creating = 1;
		return STORE_OK;
	}
	if (S_ISDIR(sb.st_mode)) {
		put_err(err, errsz, _("%s: is a directory, not a database file"), path);
		return STORE_ERROR;
	}
	if (check_dir_safe(path, err, errsz) != STORE_OK)
		return STORE_ERROR;
	if (sb.st_size == 0) {
		if (flags & STORE_CREATE) {
			*creating = 1;
			return STORE_OK;
		}
		put_err(err, errsz,
			_("%s: file is empty, not a temas database"), path);
		return STORE_ERROR;
	}
	for (attempt = 0;; attempt++) {
		rc = read_header(path, hdr, &size, err, errsz);
		if (rc != STORE_OK)
			return rc;
		/* A checkpoint in another process may have written the new
		 * header a moment before extending the file: a short file is
		 * damage only when it stays short. */
		if (!header_says_longer(path, hdr, size, &want) || attempt == 4)
			break;
		nanosleep(&(struct timespec){ .tv_nsec = 25 * 1000 * 1000 }, NULL);
	}
	if (header_says_longer(path, hdr, size, &want)) {
		put_err(err, errsz,
			_("%s: database file is truncated (%lld of %llu bytes)"),
			path, size, want);
		return STORE_ERROR;
	}
	/* A database, not a stray file: now whether strangers can reach it. */
	return check_files_safe(path, &sb, linked, err, errsz);
}

/*
 * A write past RLIMIT_FSIZE fails with EFBIG, but SQLite's saved errno is
 * often overwritten by the rollback that follows; so look at the limit and
 * the sizes of the database and its WAL directly.
 */
static int over_size_limit(const char *path)
{
	struct rlimit rl;
	struct stat sb;
	char wal[4200];
	off_t biggest = 0;

	if (path == NULL || getrlimit(RLIMIT_FSIZE, &rl) != 0 ||
	    rl.rlim_cur == RLIM_INFINITY)
		return 0;
	if (stat(path, &sb) == 0)
		biggest = sb.st_size;
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (stat(wal, &sb) == 0 && sb.st_size > biggest)
		biggest = sb.st_size;
	/* A failed write may have been a page or more past what is there. */
	return (unsigned long long)biggest + 65536 + 24 >= (unsigned long long)rl.rlim_cur;
}

static int out_of_room(int rc, int sys_errno)
{
	return (rc & 0xff) == SQLITE_FULL ||
	       ((rc & 0xff) == SQLITE_IOERR &&
		(sys_errno == ENOSPC || sys_errno == EDQUOT));
}

/* "SOURCE on MOUNTPOINT" for the file system holding path, the way df
 * names it, or "" when the mount table cannot tell. */
static void file_system_of(const char *path, char *out, size_t n)
{
	char dir[PATH_MAX], real[PATH_MAX];
	struct mntent *m;
	size_t best = 0;
	FILE *f;

	out[0] = '\0';
	text_path_dir(path, dir, sizeof dir);
	if (realpath(dir, real) == NULL)
		return;
	f = setmntent("/proc/self/mounts", "r");
	if (f == NULL)
		return;
	while ((m = getmntent(f)) != NULL) {
		size_t len = strlen(m->mnt_dir);

		if (strncmp(real, m->mnt_dir, len) == 0 &&
		    (real[len] == '/' || real[len] == '\0' || len == 1) &&
		    len >= best) {
			best = len;
			snprintf(out, n, "%s on %s", m->mnt_fsname, m->mnt_dir);
		}
	}
	endmntent(f);
}

static const char *sqlite_problem(int rc, int sys_errno, const char *path)
{
	if (out_of_room(rc, sys_errno))
		return _("disk is full");
	switch (rc) {
	case SQLITE_READONLY_DIRECTORY:
		return _("the directory holding the database is not writable");
	case SQLITE_IOERR_WRITE:
	case SQLITE_IOERR_TRUNCATE:
	case SQLITE_IOERR_FSYNC:
		if (sys_errno == EFBIG || over_size_limit(path))
			return _("file too large (the file size limit was reached)");
		if (sys_errno == ENOSPC || sys_errno == EDQUOT)
			return _("disk is full");
		break;
	default:
		break;
	}
	switch (rc & 0xff) {
	case SQLITE_NOTADB: return _("not a SQLite database");
	case SQLITE_CORRUPT: return _("database is corrupt");
	case SQLITE_READONLY: return _("database is read-only");
	case SQLITE_CANTOPEN: return _("cannot open the database or its journal files");
	case SQLITE_FULL: return _("disk is full");
	case SQLITE_IOERR: return _("input/output error");
	case SQLITE_BUSY: return _("database is locked by another process");
	case SQLITE_PERM: return _("permission denied");
	case SQLITE_NOMEM: return _("out of memory");
	default: return NULL;
	}
}

int store_grow(struct store *st, void **rows, int n, int *cap, size_t sz)
{
	void *p;
	int ncap;

	if (n < *cap)
		return STORE_OK;
	ncap = *cap ? *cap * 2 : 16;
	p = realloc(*rows, (size_t)ncap * sz);
	if (p == NULL)
		return store_fail(st, "%s", _("out of memory"));
	*rows = p;
	*cap = ncap;
	return STORE_OK;
}

int store_fail(struct store *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->errmsg, sizeof st->errmsg, fmt, ap);
	va_end(ap);
	return STORE_ERROR;
}

int store_refuse(struct store *st, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->errmsg, sizeof st->errmsg, fmt, ap);
	va_end(ap);
	return status;
}

int store_fail_sqlite(struct store *st, const char *what)
{
	int rc = sqlite3_extended_errcode(st->db);
	int sys_errno = sqlite3_system_errno(st->db);
	const char *problem = sqlite_problem(rc, sys_errno, st->path);

	if (st->wait_gave_up && ((rc & 0xff) == SQLITE_BUSY ||
				 (rc & 0xff) == SQLITE_LOCKED))
		return store_fail(st, _("%s: %s: you gave up waiting for the database; nothing was changed"),
				  st->path, what);
	if (out_of_room(rc, sys_errno)) {
		char fs[PATH_MAX + 64];

		file_system_of(st->path, fs, sizeof fs);
		if (fs[0] != '\0')
			return store_fail(st, _("%s: %s: disk is full (%s); nothing was changed"),
					  st->path, what, fs);
		return store_fail(st, _("%s: %s: disk is full; nothing was changed"),
				  st->path, what);
	}
	if (problem != NULL)
		return store_fail(st, "%s: %s: %s", st->path, what, problem);
	return store_fail(st, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

int store_step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail_sqlite(st, what);
	return STORE_OK;
}

int store_run_pair(struct store *st, const char *sql, long long a, long long b,
		   int *changed, const char *what)
{
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, a);
	sqlite3_bind_int64(s, 2, b);
	if (store_step_done(st, s, what) != STORE_OK)
		return STORE_ERROR;
	if (changed != NULL)
		*changed = sqlite3_changes(st->db);
	return STORE_OK;
}

int store_step_ints(struct store *st, sqlite3_stmt *s, long long *out, int n,
		    const char *what)
{
	int rc = sqlite3_step(s), i;

	for (i = 0; rc == SQLITE_ROW && i < n; i++)
		out[i] = sqlite3_column_int64(s, i);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return store_fail_sqlite(st, what);
}

int store_step_ids(struct store *st, sqlite3_stmt *s, long long **ids, int *n,
		   const char *what)
{
	long long *a = NULL;
	int rc, cap = 0;

	*ids = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&a, *n, &cap, sizeof *a) != STORE_OK) {
			sqlite3_reset(s);
			free(a);
			*n = 0;
			return STORE_ERROR;
		}
		a[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(a);
		*n = 0;
		return store_fail_sqlite(st, what);
	}
	*ids = a;
	return STORE_OK;
}

int store_step_count(struct store *st, sqlite3_stmt *s, int *out,
		     const char *what)
{
	long long v;
	int rc = store_step_ints(st, s, &v, 1, what);

	if (rc == STORE_NOTFOUND)
		return store_fail_sqlite(st, what);
	if (rc == STORE_OK)
		*out = (int)v;
	return rc;
}

int store_exec(struct store *st, const char *sql)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail_sqlite(st, _("database request failed"));
	return STORE_OK;
}

void store_set_plan_log(struct store *st, const char *path)
{
	st->plan_log = path;
}

/* One request and its plan, appended to the plan log: "SQL" and the
 * request on one line, then a "PLAN" line for each step of the plan, then
 * an empty line.  A request whose plan cannot be had is written with the
 * reason; the log is for tests, so nothing here fails the request. */
static void plan_log_write(struct store *st, const char *sql)
{
	static const char eqp[] = "EXPLAIN QUERY PLAN ";
	size_t n = strlen(sql);
	char *q = malloc(sizeof eqp + n);
	sqlite3_stmt *s = NULL;
	FILE *f;
	size_t i;

	if (q == NULL)
		return;
	f = fopen(st->plan_log, "a");
	if (f == NULL) {
		free(q);
		return;
	}
	memcpy(q, eqp, sizeof eqp - 1);
	memcpy(q + sizeof eqp - 1, sql, n + 1);
	fputs("SQL ", f);
	for (i = 0; i < n; i++)
		fputc(sql[i] == '\n' ? ' ' : sql[i], f);
	fputc('\n', f);
	if (sqlite3_prepare_v2(st->db, q, -1, &s, NULL) != SQLITE_OK) {
		fprintf(f, "NOPLAN %s\n", sqlite3_errmsg(st->db));
	} else {
		while (sqlite3_step(s) == SQLITE_ROW) {
			const unsigned char *d = sqlite3_column_text(s, 3);

			fprintf(f, "PLAN %s\n", d ? (const char *)d : "");
		}
	}
	sqlite3_finalize(s);
	fputc('\n', f);
	fclose(f);
	free(q);
}

sqlite3_stmt *store_stmt(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int i;

	for (i = 0; i < st->nstmts; i++) {
		if (st->stmts[i].sql == sql) {
			s = st->stmts[i].stmt;
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return s;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s,
			       NULL) != SQLITE_OK) {
		store_fail_sqlite(st, _("cannot prepare a database request"));
		return NULL;
	}
	if (st->plan_log != NULL)
		plan_log_write(st, sql);
	if (st->nstmts < STORE_STMT_CACHE) {
		st->stmts[st->nstmts].sql = sql;
		st->stmts[st->nstmts].stmt = s;
		st->nstmts++;
	} else {
		/* Cache full: evict the oldest; its SQL is prepared again later. */
		sqlite3_finalize(st->stmts[0].stmt);
		memmove(&st->stmts[0], &st->stmts[1],
			sizeof st->stmts[0] * (STORE_STMT_CACHE - 1));
		st->stmts[STORE_STMT_CACHE - 1].sql = sql;
		st->stmts[STORE_STMT_CACHE - 1].stmt = s;
	}
	return s;
}

void store_col_text(sqlite3_stmt *s, int col, char *buf, size_t n)
{
	const unsigned char *v = sqlite3_column_text(s, col);
	size_t len;

	if (n == 0)
		return;
	if (v == NULL) {
		buf[0] = '\0';
		return;
	}
	len = (size_t)sqlite3_column_bytes(s, col);
	if (len >= n) {
		len = n - 1;
		/* Back up to the start of a UTF-8 sequence. */
		while (len > 0 && (v[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(buf, v, len);
	buf[len] = '\0';
}

char *store_col_strdup(sqlite3_stmt *s, int col)
{
	const unsigned char *v = sqlite3_column_text(s, col);
	size_t len = v ? (size_t)sqlite3_column_bytes(s, col) : 0;
	char *out = malloc(len + 1);

	if (out == NULL)
		return NULL;
	if (len)
		memcpy(out, v, len);
	out[len] = '\0';
	return out;
}

int store_bind_text(sqlite3_stmt *s, int idx, const char *v, int null_if_empty)
{
	if (v == NULL || (null_if_empty && *v == '\0'))
		return sqlite3_bind_null(s, idx);
	return sqlite3_bind_text(s, idx, v, -1, SQLITE_TRANSIENT);
}

static int read_version(struct store *st, int *version)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) !=
	    SQLITE_OK)
		return store_fail_sqlite(st, _("cannot read the schema version"));
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return store_fail_sqlite(st, _("cannot read the schema version"));
	}
	*version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return STORE_OK;
}

/* A file a demo run was filling when it stopped (demo.c): what it holds
 * is half written, whatever it looks like. */
static int refuse_unfinished(struct store *st)
{
	sqlite3_stmt *s;
	int id = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA application_id", -1, &s, NULL) !=
	    SQLITE_OK)
		return store_fail_sqlite(st, _("cannot read the database header"));
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (id == STORE_DEMO_UNFINISHED)
		return store_fail(st, _("%s: a 'temas demo' run that was filling this file was stopped before it finished; the file is incomplete: remove it and run 'temas demo' again"),
				  st->path);
	return STORE_OK;
}

static int count_tables(struct store *st, int *n)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT count(*) FROM sqlite_schema", -1, &s,
			       NULL) != SQLITE_OK)
		return store_fail_sqlite(st, _("cannot read the schema"));
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return store_fail_sqlite(st, _("cannot read the schema"));
	}
	*n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return STORE_OK;
}

int store_schema_version(struct store *st, int *version)
{
	return read_version(st, version);
}

int store_migrate_to(struct store *st, int target)
{
	int cur, v;
	char sql[64];

	if (target < 0 || target > store_schema_latest())
		return store_fail(st, _("%s: no schema version %d"), st->path, target);
	if (store_tx_begin(st) != STORE_OK)
		return STORE_ERROR;
	/* Read again inside the lock: another process may have migrated. */
	if (read_version(st, &cur) != STORE_OK)
		goto fail;
	for (v = cur + 1; v <= target; v++) {
		if (sqlite3_exec(st->db, store_schema_migration(v), NULL, NULL,
				 NULL) != SQLITE_OK) {
			char what[128];

			/* A full disk or a file size limit is named as such. */
			snprintf(what, sizeof what,
				 _("migration to schema version %d failed"), v);
			store_fail_sqlite(st, what);
			goto fail;
		}
	}
	if (target > cur) {
		snprintf(sql, sizeof sql, "PRAGMA user_version=%d", target);
		if (store_exec(st, sql) != STORE_OK)
			goto fail;
	}
	return store_tx_commit(st);
fail:
	store_tx_rollback(st);
	return STORE_ERROR;
}

/*
 * The SQL functions of one text argument that temas registers, each
 * making a new string of its argument; NULL stays NULL:
 *  - temas_fold(x): x folded the Turkish way (text_fold_tr), for the
 *    queue filter's text= ("isik" finds "IŞIK") and the tags' spellings;
 *  - temas_mask_email(x), temas_mask_phone(x): x as the screen shows it
 *    until revealed (text_mask_email, text_mask_phone), "" when it cannot
 *    be masked;
 *  - temas_safe(x): x with what a terminal would act on removed
 *    (text_sanitize).
 */
struct text_fn {
	const char *name;
	char *(*make)(const char *in, size_t len);
};

static char *fold_text(const char *in, size_t len)
{
	(void)len;
	return text_fold_tr(in);
}

/* Masking keeps at most the input and adds "***@" and "***". */
static char *masked(const char *in, size_t len,
		    int (*mask)(const char *, char *, size_t))
{
	char *out = malloc(len + 16);

	if (out != NULL && mask(in, out, len + 16) < 0)
		out[0] = '\0';
	return out;
}

static char *email_text(const char *in, size_t len)
{
	return masked(in, len, text_mask_email);
}

static char *phone_text(const char *in, size_t len)
{
	return masked(in, len, text_mask_phone);
}

static char *safe_text(const char *in, size_t len)
{
	return text_sanitize(in, len, 0);
}

static const struct text_fn text_fns[] = {
	{ "temas_fold", fold_text },
	{ "temas_mask_email", email_text },
	{ "temas_mask_phone", phone_text },
	{ "temas_safe", safe_text },
};

static void text_fn_call(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const struct text_fn *f = sqlite3_user_data(cx);
	const char *in = (const char *)sqlite3_value_text(argv[0]);
	char *out;

	(void)argc;
	if (in == NULL) {
		sqlite3_result_null(cx);
		return;
	}
	if ((out = f->make(in, (size_t)sqlite3_value_bytes(argv[0]))) == NULL) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	sqlite3_result_text(cx, out, -1, free);
}

static int configure(struct store *st, int creating)
{
	char dir[4096];
	size_t i;

	sqlite3_extended_result_codes(st->db, 1);
	for (i = 0; i < sizeof text_fns / sizeof text_fns[0]; i++)
		if (sqlite3_create_function_v2(st->db, text_fns[i].name, 1,
					       SQLITE_UTF8 | SQLITE_DETERMINISTIC,
					       (void *)&text_fns[i], text_fn_call,
					       NULL, NULL, NULL) != SQLITE_OK)
			return store_fail_sqlite(st, _("cannot open database"));
	st->busy_ms = busy_timeout_ms(BUSY_TIMEOUT_MS);
	sqlite3_busy_timeout(st->db, st->busy_ms);
	if (store_exec(st, "PRAGMA foreign_keys=ON") != STORE_OK)
		return STORE_ERROR;
	if (st->readonly)
		return STORE_OK;
	text_path_dir(st->path, dir, sizeof dir);
	if (store_path_is_network(dir)) {
		/* WAL's shared memory index works only on one host. */
		snprintf(st->warning, sizeof st->warning,
			 _("%s is on a network file system: using a rollback journal instead of WAL"),
			 st->path);
		if (store_exec(st, "PRAGMA journal_mode=DELETE") != STORE_OK)
			return STORE_ERROR;
	} else if (store_exec(st, "PRAGMA journal_mode=WAL") != STORE_OK) {
		return STORE_ERROR;
	}
	(void)creating;
	return store_exec(st, "PRAGMA synchronous=NORMAL");
}

static int start(struct store *st, int creating, int *version, int *ntables)
{
	if (configure(st, creating) != STORE_OK ||
	    store_search_register(st) != STORE_OK ||
	    read_version(st, version) != STORE_OK ||
	    refuse_unfinished(st) != STORE_OK ||
	    count_tables(st, ntables) != STORE_OK)
		return STORE_ERROR;
	return STORE_OK;
}

/*
 * A full disk before the WAL's shared-memory file exists: no connection
 * can read the usual way, since each must create that file.  One that
 * keeps the file locked to itself (exclusive locking mode) keeps the
 * index in its own memory instead, so reading still works; temas then
 * treats the database as read-only and says why.  Other processes wait
 * for it as for any lock; the commands that read are short.
 */
static int reopen_for_reading(struct store *st, int oflags)
{
	char fs[PATH_MAX + 64];

	store_search_tokenizer_release(st);
	sqlite3_close_v2(st->db);
	st->db = NULL;
	if (sqlite3_open_v2(st->path, &st->db, oflags | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK ||
	    store_exec(st, "PRAGMA locking_mode=EXCLUSIVE") != STORE_OK)
		return STORE_ERROR;
	st->readonly = 1;
	file_system_of(st->path, fs, sizeof fs);
	snprintf(st->warning, sizeof st->warning,
		 _("%s: disk is full (%s): reading only; nothing can be changed until there is room"),
		 st->path, fs[0] ? fs : st->path);
	return STORE_OK;
}

/*
 * Before the first connection: no memory statistics.  temas reads none,
 * and keeping them takes a global mutex around every allocation SQLite
 * makes (a bulk import makes several per row).  Too late once the library
 * is initialised (a test that opened a database by hand): then it stays.
 */
static void library_once(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int store_open(struct store **out, const char *path, int flags,
	       char *err, size_t errsz)
{
	struct store *st;
	int creating, linked = 0, rc, version = 0, ntables = 0;
	int oflags;

	*out = NULL;
	if (err && errsz)
		err[0] = '\0';
	if (path == NULL || *path == '\0') {
		put_err(err, errsz, _("no database file given"));
		return STORE_INVALID;
	}
	if (strlen(path) >= sizeof st->path) {
		put_err(err, errsz, _("%.64s...: database path is too long"), path);
		return STORE_INVALID;
	}
	rc = precheck_file(path, flags, err, errsz, &creating, &linked);
	if (rc != STORE_OK)
		return rc;
	if (!creating && !(flags & STORE_READONLY) && access(path, W_OK) != 0) {
		put_err(err, errsz, _("%s: database is read-only (%s)"), path,
			strerror(errno));
		return STORE_ERROR;
	}
	library_once();
	st = calloc(1, sizeof *st);
	if (st != NULL)
		st->bell_fd = st->bell_dir = -1;
	if (st == NULL) {
		put_err(err, errsz, _("%s: out of memory"), path);
		return STORE_ERROR;
	}
	snprintf(st->path, sizeof st->path, "%s", path);
	st->readonly = (flags & STORE_READONLY) != 0;
	oflags = st->readonly ? SQLITE_OPEN_READONLY
			      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		const char *p = st->db ? sqlite_problem(sqlite3_extended_errcode(st->db),
							sqlite3_system_errno(st->db),
							path)
				       : NULL;

		put_err(err, errsz, "%s: %s", path, p ? p : _("cannot open database"));
		store_close(st);
		return STORE_ERROR;
	}
	if (creating)
		(void)chmod(path, 0660);
	if (linked)
		snprintf(st->warning, sizeof st->warning,
			 _("%s is a symbolic link; temas follows it to the file it names"),
			 st->path);
	rc = start(st, creating, &version, &ntables);
	if (rc != STORE_OK && !creating && !st->readonly &&
	    out_of_room(sqlite3_extended_errcode(st->db),
			sqlite3_system_errno(st->db)) &&
	    reopen_for_reading(st, oflags) == STORE_OK)
		rc = start(st, creating, &version, &ntables);
	if (rc != STORE_OK) {
		put_err(err, errsz, "%s", st->errmsg);
		store_close(st);
		return STORE_ERROR;
	}
	if (version > store_schema_latest()) {
		put_err(err, errsz,
			_("%s: schema version %d is newer than this temas understands (%d); use a newer temas"),
			path, version, store_schema_latest());
		store_close(st);
		return STORE_ERROR;
	}
	if (version == 0 && ntables > 0) {
		put_err(err, errsz,
			_("%s: not a temas database (it has tables but no temas schema)"),
			path);
		store_close(st);
		return STORE_ERROR;
	}
	if (version == 0 && !(flags & STORE_CREATE)) {
		put_err(err, errsz, _("%s: database is empty, not a temas database"), path);
		store_close(st);
		return STORE_ERROR;
	}
	if (version < store_schema_latest() && !(flags & STORE_NO_MIGRATE)) {
		if (st->readonly) {
			put_err(err, errsz,
				_("%s: schema version %d needs upgrading but the database is opened read-only"),
				path, version);
			store_close(st);
			return STORE_ERROR;
		}
		if (store_migrate_to(st, store_schema_latest()) != STORE_OK) {
			put_err(err, errsz, "%s", st->errmsg);
			store_close(st);
			return STORE_ERROR;
		}
	}
	if (!st->readonly && store_search_attach(st) != STORE_OK) {
		put_err(err, errsz, "%s", st->errmsg);
		store_close(st);
		return STORE_ERROR;
	}
	*out = st;
	return STORE_OK;
}

void store_close(struct store *st)
{
	int i;

	if (st == NULL)
		return;
	store_bell_close(st);
	store_turn_close(st);
	store_search_forget(st);
	store_search_tokenizer_release(st);
	for (i = 0; i < st->nstmts; i++)
		sqlite3_finalize(st->stmts[i].stmt);
	if (st->db)
		sqlite3_close_v2(st->db);
	store_audit_pending_free(st);
	store_intern_free(st);
	free(st);
}

const char *store_path(const struct store *st)
{
	return st->path;
}

const char *store_errmsg(const struct store *st)
{
	return st->errmsg;
}

const char *store_warning(const struct store *st)
{
	return st->warning[0] ? st->warning : NULL;
}

int store_data_version(struct store *st, long long *version)
{
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return STORE_ERROR;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail_sqlite(st, _("cannot read the data version"));
	}
	*version = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return STORE_OK;
}

int store_changes_read(struct store *st, struct store_changes *out)
{
	static const char sql[] =
		"SELECT (SELECT n FROM changes WHERE concern = 'queue'),"
		" (SELECT n FROM changes WHERE concern = 'customer'),"
		" (SELECT n FROM changes WHERE concern = 'presence')";
	sqlite3_stmt *s = store_stmt(st, sql);
	long long v[3];

	if (s == NULL)
		return STORE_ERROR;
	if (store_step_ints(st, s, v, 3, _("cannot read what changed")) != STORE_OK)
		return STORE_ERROR;
	out->queue = v[0];
	out->customer = v[1];
	out->presence = v[2];
	return STORE_OK;
}

long long store_now(const struct store *st)
{
	long long t;

	if (st != NULL && st->clock_fn != NULL && (t = st->clock_fn(st->clock_ctx)) > 0)
		return t;
	if (st != NULL && st->fixed_clock > 0)
		return st->fixed_clock;
	return (long long)time(NULL);
}

void store_set_clock(struct store *st, long long fixed_utc)
{
	st->fixed_clock = fixed_utc;
}

int store_open_like(struct store **out, const struct store *like, char *err,
		    size_t errsz)
{
	int rc = store_open(out, like->path, STORE_OPEN_AGAIN, err, errsz);

	if (rc == STORE_OK) {
		(*out)->fixed_clock = like->fixed_clock;
		(*out)->clock_fn = like->clock_fn;
		(*out)->clock_ctx = like->clock_ctx;
	}
	return rc;
}

void store_set_clock_source(struct store *st, long long (*fn)(void *ctx),
			    void *ctx)
{
	st->clock_fn = fn;
	st->clock_ctx = ctx;
}

/* The end of a transaction begun outside store_tx_run gives the turn
 * back, and the busy time its wait shortened. */
static void tx_ended(struct store *st)
{
	if (st->turn_pinned)
		return;
	store_turn_give(st);
	if (st->turn_wanted && st->wait_fn == NULL)
		sqlite3_busy_timeout(st->db, st->busy_ms);
}

int store_tx_begin(struct store *st)
{
	/* IMMEDIATE takes the write lock up front: a deferred transaction that
	 * upgrades later can fail with SQLITE_BUSY despite the busy timeout. */
	if (st->in_tx)
		return store_fail(st, _("%s: transaction already open"), st->path);
	/* The busy time the turn's wait shortened is given back whole when
	 * the transaction ends (tx_ended). */
	if (st->turn_wanted && !st->turn_pinned && store_tx_take_turn(st) != STORE_OK)
		return STORE_ERROR;
	if (store_exec(st, "BEGIN IMMEDIATE") != STORE_OK) {
		tx_ended(st);
		return STORE_ERROR;
	}
	st->in_tx = 1;
	if (store_audit_write_pending(st) != STORE_OK) {
		store_tx_rollback(st);
		return STORE_ERROR;
	}
	st->bell_mark = store_bell_mark(st);
	return STORE_OK;
}

void store_tx_finish(struct store *st)
{
	st->in_tx = 0;
	tx_ended(st);
	st->commits++;
	store_audit_pending_done(st);
}

/* A write transaction is over: finished, and the bell rung when what it
 * wrote is something a screen shows (mark: the counters before COMMIT). */
void store_committed(struct store *st, long long mark)
{
	store_tx_finish(st);
	if (mark < 0 || st->bell_mark < 0 || mark != st->bell_mark)
		store_bell_ring(st);
}

int store_tx_commit(struct store *st)
{
	long long mark = store_bell_mark(st);

	if (store_exec(st, "COMMIT") != STORE_OK) {
		store_tx_rollback(st);
		return STORE_ERROR;
	}
	store_committed(st, mark);
	return STORE_OK;
}

void store_interrupt(struct store *st)
{
	if (st != NULL && st->db != NULL) {
		atomic_store(&st->interrupted, 1);
		sqlite3_interrupt(st->db);
	}
}

int store_tx_rollback(struct store *st)
{
	st->in_tx = 0;
	tx_ended(st);
	if (sqlite3_get_autocommit(st->db))
		return STORE_OK;
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return STORE_OK;
}

int store_default_path(char *buf, size_t n)
{
	const char *env = getenv("TEMAS_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int w;

	if (env && *env)
		w = snprintf(buf, n, "%s", env);
	else if (xdg && *xdg == '/')
		w = snprintf(buf, n, "%s/temas/temas.db", xdg);
	else if (home && *home)
		w = snprintf(buf, n, "%s/.local/share/temas/temas.db", home);
	else
		return STORE_NOTFOUND;
	return (w < 0 || (size_t)w >= n) ? STORE_INVALID : STORE_OK;
}

int store_journal_mode(struct store *st, char *buf, size_t n)
{
	sqlite3_stmt *s;
	int rc = STORE_ERROR;

	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &s, NULL) != SQLITE_OK)
		return store_fail_sqlite(st, _("cannot read the journal mode"));
	if (sqlite3_step(s) == SQLITE_ROW) {
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(s, 0));
		rc = STORE_OK;
	} else {
		store_fail_sqlite(st, _("cannot read the journal mode"));
	}
	sqlite3_finalize(s);
	return rc;
}

int store_check_integrity(struct store *st)
{
	sqlite3_stmt *s;
	int ok = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) !=
	    SQLITE_OK)
		return store_fail_sqlite(st, _("integrity check failed"));
	if (sqlite3_step(s) == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(s, 0);

		ok = v != NULL && strcmp((const char *)v, "ok") == 0;
		if (!ok) {
			/* SQLite's first finding, kept to one line. */
			store_fail(st, _("%s: database is corrupt: %s"), st->path,
				   v ? (const char *)v : "?");
			st->errmsg[strcspn(st->errmsg, "\n")] = '\0';
		}
	} else {
		store_fail_sqlite(st, _("integrity check failed"));
	}
	sqlite3_finalize(s);
	return ok ? STORE_OK : STORE_ERROR;
}
