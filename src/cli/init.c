/*
 * init.c: `temas init`, a new database for a team that shares one host.
 *
 * Agents run temas under their own Unix accounts, so the file, its WAL
 * files and its directory must be readable and writable by a group: the
 * file 0660, the directory 02770 (set-group-ID, so the WAL files SQLite
 * creates later belong to the group too).  Everything is checked before
 * anything is created, and what was created is removed again on failure.
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "temas/agent.h"
#include "temas/cli.h"
#include "temas/i18n.h"
#include "temas/path.h"
#include "temas/store.h"

#define FILE_MODE 0660
#define DIR_MODE 02770
#define PARENT_MODE 02750

struct init_opts {
	const char *group;
	const char *supervisor;
};

static int parse_args(const struct cli *c, int argc, char **argv,
		      struct init_opts *o)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **dst = NULL;
		const char *val = NULL;

		if (strcmp(a, "--group") == 0 || strcmp(a, "-g") == 0)
			dst = &o->group;
		else if (strcmp(a, "--supervisor") == 0 || strcmp(a, "-s") == 0)
			dst = &o->supervisor;
		else if (strncmp(a, "--group=", 8) == 0)
			dst = &o->group, val = a + 8;
		else if (strncmp(a, "--supervisor=", 13) == 0)
			dst = &o->supervisor, val = a + 13;
		if (dst == NULL) {
			cli_error(c, _("init: unknown argument '%s'"), a);
			return EXIT_USAGE;
		}
		if (val == NULL) {
			if (i + 1 >= argc) {
				cli_error(c, _("init: option %s needs a value"), a);
				return EXIT_USAGE;
			}
			val = argv[++i];
		}
		if (*val == '\0') {
			cli_error(c, _("init: option %s needs a value"), a);
			return EXIT_USAGE;
		}
		*dst = val;
	}
	return EXIT_OK;
}

static int in_group(gid_t gid)
{
	gid_t *groups;
	int n, i, found = 0;

	if (geteuid() == 0 || getegid() == gid)
		return 1;
	/* However many groups the user is in (a directory's users may be
	 * in hundreds). */
	if ((n = getgroups(0, NULL)) <= 0 ||
	    (groups = calloc((size_t)n, sizeof *groups)) == NULL)
		return 0;
	n = getgroups(n, groups);
	for (i = 0; i < n && !found; i++)
		found = groups[i] == gid;
	free(groups);
	return found;
}

/* The directories init created, outermost first, to share or remove. */
struct made_dirs {
	char path[4096];
	size_t ends[32];     /* length of path for each created directory */
	int n;
};

/* Create dir and any missing parents, recording which were created. */
static int make_dirs(const struct cli *c, const char *dir, struct made_dirs *m)
{
	char *p;
	struct stat sb;

	m->n = 0;
	if (stat(dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode)) {
			cli_error(c, _("init: %s is not a directory"), dir);
			return EXIT_FAIL;
		}
		return EXIT_OK;
	}
	if (snprintf(m->path, sizeof m->path, "%s", dir) >= (int)sizeof m->path) {
		cli_error(c, _("init: %.64s...: path is too long"), dir);
		return EXIT_FAIL;
	}
	for (p = m->path + 1; ; p++) {
		char save = *p;

		if (save != '/' && save != '\0')
			continue;
		*p = '\0';
		if (mkdir(m->path, 0750) == 0) {
			if (m->n == (int)(sizeof m->ends / sizeof m->ends[0])) {
				*p = save;
				cli_error(c, _("init: %.64s...: too many directories to create"), dir);
				return EXIT_FAIL;
			}
			m->ends[m->n++] = (size_t)(p - m->path);
		} else if (errno != EEXIST) {
			cli_error(c, _("init: cannot create directory %s: %s"),
				  m->path, strerror(errno));
			*p = save;
			return EXIT_FAIL;
		}
		*p = save;
		if (save == '\0')
			break;
	}
	return EXIT_OK;
}

static void made_dir_path(const struct made_dirs *m, int i, char *buf, size_t n)
{
	snprintf(buf, n, "%.*s", (int)m->ends[i], m->path);
}

static void remove_made_dirs(const struct made_dirs *m)
{
	char buf[4096];
	int i;

	for (i = m->n - 1; i >= 0; i--) {
		made_dir_path(m, i, buf, sizeof buf);
		(void)rmdir(buf);
	}
}

/* Give path to the group with mode; quiet when path does not exist. */
static int share_file(const struct cli *c, const char *path, mode_t mode,
		      const struct group *gr)
{
	if (access(path, F_OK) != 0)
		return EXIT_OK;
	if (gr != NULL && chown(path, (uid_t)-1, gr->gr_gid) != 0) {
		cli_error(c, _("init: cannot give %s to group '%s': %s"), path,
			  gr->gr_name, strerror(errno));
		return EXIT_FAIL;
	}
	/* chmod after chown: chown may clear the set-group-ID bit. */
	if (chmod(path, mode) != 0) {
		cli_error(c, _("init: cannot set the permissions of %s: %s"), path,
			  strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/*
 * The database's own directory becomes the group's workspace; parents
 * init created only let the group through to it.
 */
static int share_made_dirs(const struct cli *c, const struct made_dirs *m,
			   const struct group *gr)
{
	char buf[4096];
	int i;

	for (i = 0; i < m->n; i++) {
		made_dir_path(m, i, buf, sizeof buf);
		if (share_file(c, buf, i == m->n - 1 ? DIR_MODE : PARENT_MODE,
			       gr) != EXIT_OK)
			return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int share_db_files(const struct cli *c, const char *path,
			  const struct group *gr)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char buf[4200];
	size_t i;

	for (i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(buf, sizeof buf, "%s%s", path, suffix[i]);
		if (share_file(c, buf, FILE_MODE, gr) != EXIT_OK)
			return EXIT_FAIL;
	}
	return EXIT_OK;
}

static void remove_db_files(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char buf[4200];
	size_t i;

	for (i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(buf, sizeof buf, "%s%s", path, suffix[i]);
		(void)unlink(buf);
	}
}

/* An existing directory the group cannot write to will lock agents out. */
static void warn_dir(const struct cli *c, const char *dir, const struct group *gr)
{
	struct stat sb;

	if (gr == NULL || stat(dir, &sb) != 0)
		return;
	if (sb.st_gid != gr->gr_gid || (sb.st_mode & 070) != 070)
		cli_error(c, _("warning: directory %s is not readable and writable by group '%s'; other agents cannot open the database until it is (chgrp %s %s; chmod 2770 %s)"),
			  dir, gr->gr_name, gr->gr_name, dir, dir);
}

static void display_name(const struct passwd *pw, char *buf, size_t n)
{
	const char *g = pw->pw_gecos;
	size_t len = g ? strcspn(g, ",") : 0;

	if (len == 0)
		snprintf(buf, n, "%s", pw->pw_name);
	else
		snprintf(buf, n, "%.*s", (int)len, g);
}

static int fill(const struct cli *c, struct store *st, const struct passwd *pw,
		const struct init_opts *o)
{
	char name[128], detail[256];
	long long id;
	int v;

	if (store_schema_version(st, &v) != STORE_OK ||
	    (v < store_schema_latest() &&
	     store_migrate_to(st, store_schema_latest()) != STORE_OK))
		goto fail;
	display_name(pw, name, sizeof name);
	snprintf(detail, sizeof detail, "supervisor=%s group=%s", pw->pw_name,
		 o->group ? o->group : "");
	if (store_tx_begin(st) != STORE_OK)
		goto fail;
	if (store_agent_upsert(st, pw->pw_name, name, ROLE_SUPERVISOR, &id) != STORE_OK ||
	    store_audit(st, NULL, "init", 0, 0, detail) != STORE_OK) {
		store_tx_rollback(st);
		goto fail;
	}
	if (store_tx_commit(st) != STORE_OK)
		goto fail;
	if (cli_load_default_templates(c, st) < 0 ||
	    cli_load_default_macros(c, st) < 0)
		return EXIT_FAIL;
	return EXIT_OK;
fail:
	cli_error(c, "%s", store_errmsg(st));
	return EXIT_FAIL;
}

int cli_init(struct cli *c, int argc, char **argv)
{
	struct init_opts o = { 0 };
	const struct group *gr = NULL;
	struct passwd *pw;
	struct store *st = NULL;
	char dir[4096], err[1024];
	struct made_dirs made = { .n = 0 };
	int rc, existed, has = 0, v = 0;
	const char *path = c->db_path;

	rc = parse_args(c, argc, argv, &o);
	if (rc != EXIT_OK)
		return rc;
	if (path == NULL || *path == '\0') {
		cli_error(c, _("init: give the new database with -d FILE"));
		return EXIT_USAGE;
	}
	if (o.group != NULL) {
		gr = getgrnam(o.group);
		if (gr == NULL) {
			cli_error(c, _("init: unknown group '%s'"), o.group);
			return EXIT_USAGE;
		}
		if (!in_group(gr->gr_gid)) {
			cli_error(c, _("init: not permitted to give files to group '%s' (you are not a member of it)"),
				  o.group);
			return EXIT_DENIED;
		}
	}
	pw = getpwnam(o.supervisor ? o.supervisor : c->login);
	if (pw == NULL) {
		cli_error(c, _("init: unknown user '%s' (the supervisor must be a Unix login)"),
			  o.supervisor ? o.supervisor : c->login);
		return EXIT_USAGE;
	}
	/* A link at the path would put the team's data wherever its owner
	 * chose (or turn a private file into a group database). */
	{
		struct stat lsb;

		if (lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
			cli_error(c, _("init: %s is a symbolic link; give the real path of the "
				       "new database"), path);
			return EXIT_DENIED;
		}
	}
	existed = access(path, F_OK) == 0;
	text_path_dir(path, dir, sizeof dir);
	if (!existed && make_dirs(c, dir, &made) != EXIT_OK)
		return EXIT_FAIL;
	rc = store_open(&st, path, STORE_CREATE | STORE_NO_MIGRATE, err, sizeof err);
	if (rc != STORE_OK) {
		cli_error(c, "%s", err);
		rc = EXIT_FAIL;
		goto undo;
	}
	if (store_schema_version(st, &v) != STORE_OK ||
	    (v > 0 && store_has_data(st, &has) != STORE_OK)) {
		cli_error(c, "%s", store_errmsg(st));
		rc = EXIT_FAIL;
		goto undo;
	}
	if (has) {
		cli_error(c, _("init: %s: already initialised (it holds a team's data; nothing was changed)"),
			  path);
		store_close(st);
		return EXIT_FAIL;
	}
	if (share_made_dirs(c, &made, gr) != EXIT_OK ||
	    share_db_files(c, path, gr) != EXIT_OK) {
		rc = EXIT_FAIL;
		goto undo;
	}
	rc = fill(c, st, pw, &o);
	if (rc != EXIT_OK)
		goto undo;
	/* The WAL files exist while the database is open: share them too. */
	if (share_db_files(c, path, gr) != EXIT_OK) {
		rc = EXIT_FAIL;
		goto undo;
	}
	store_close(st);
	if (made.n == 0)
		warn_dir(c, dir, gr);
	if (gr != NULL)
		printf(_("Created %s for group '%s'; supervisor: %s\n"), path,
		       gr->gr_name, pw->pw_name);
	else
		printf(_("Created %s; supervisor: %s\n"), path, pw->pw_name);
	return EXIT_OK;
undo:
	store_close(st);
	if (!existed) {
		remove_db_files(path);
		remove_made_dirs(&made);
	}
	return rc;
}
