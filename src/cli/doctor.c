/*
 * doctor.c: `temas doctor`, what a supervisor needs to see to fix a team
 * database that others cannot open: each file's owner, group and mode, the
 * directory's, and then what the database itself says (journal mode,
 * schema version, integrity).  It opens nothing for writing and goes on
 * past every problem it finds, so one run shows them all.
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "temas/cli.h"
#include "temas/i18n.h"
#include "temas/path.h"
#include "temas/store.h"

/* One line for f: mode, owner, group, and what temas thinks of it (the
 * same rule that decides whether it opens the database). */
static void put_file(const char *label, const char *f, const struct stat *db,
		     int journal, int *problems)
{
	static const char *const why[] = {
		[STORE_FILE_LINK] = N_("<- a symbolic link"),
		[STORE_FILE_DIR_OPEN] = N_("<- anyone may write here"),
		[STORE_FILE_OPEN] = N_("<- open to others"),
		[STORE_FILE_OUTSIDER] = N_("<- owned outside the team"),
	};
	struct stat sb;
	struct passwd *pw;
	struct group *gr;
	enum store_file_fault fault;
	char u[32], g[32];

	if (lstat(f, &sb) != 0) {
		if (errno == ENOENT)
			printf("%-9s %s: %s\n", label, f, _("absent"));
		else
			printf("%-9s %s: %s\n", label, f, strerror(errno));
		return;
	}
	pw = getpwuid(sb.st_uid);
	gr = getgrgid(sb.st_gid);
	snprintf(u, sizeof u, "%ld", (long)sb.st_uid);
	snprintf(g, sizeof g, "%ld", (long)sb.st_gid);
	printf("%-9s %s: %s%04o %s:%s", label, f, S_ISLNK(sb.st_mode) ? "link " : "",
	       (unsigned)(sb.st_mode & 07777), pw ? pw->pw_name : u, gr ? gr->gr_name : g);
	fault = store_file_fault(&sb, db);
	if (fault != STORE_FILE_SOUND) {
		printf("  %s", _(why[fault]));
		(*problems)++;
	} else if (journal && (sb.st_mode & 0060) != 0060) {
		/* An agent's chmod 600 on the journal locks the others out. */
		printf("  %s", _("<- the group cannot read and write it"));
		(*problems)++;
	}
	putchar('\n');
}

/* The write turns: free or held and how many wait, or a set temas does
 * not trust (commands then write without turns), which is a problem. */
static void put_turns(const char *path, int *problems)
{
	struct store_turn_state t;

	if (store_turn_state(path, &t) != STORE_OK)
		return;
	printf("%-9s ", "turns");
	if (!t.found) {
		printf("%s\n", _("none: no command is writing"));
		return;
	}
	if (!t.trusted) {
		printf(_("semaphore %d (key 0x%lx), made by uid %lu, is not one temas trusts (another program's, or open to others): commands write without turns"),
		       t.id, (unsigned long)t.key, t.cuid);
		printf("  ");
		printf(_("<- remove it: ipcrm -s %d"), t.id);
		(*problems)++;
	} else if (t.ungiven) {
		printf(_("semaphore %d (key 0x%lx) was never given its turn: the next command removes it"),
		       t.id, (unsigned long)t.key);
	} else if (t.value > 0) {
		printf(_("semaphore %d (key 0x%lx): free, %d waiting"),
		       t.id, (unsigned long)t.key, t.waiting);
	} else {
		printf(_("semaphore %d (key 0x%lx): a command writes, %d waiting"),
		       t.id, (unsigned long)t.key, t.waiting);
	}
	putchar('\n');
}

int cli_doctor(struct cli *c, int argc, char **argv)
{
	static const char *const sfx[] = { "", "-wal", "-shm" };
	static const char *const label[] = { "database", "wal", "shm" };
	char dir[4096], f[4096 + 8], err[1024], mode[32];
	struct store *st = NULL;
	struct stat db, *dbp;
	int problems = 0, version = 0;
	size_t i;

	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
			printf(_("Usage: temas [-d FILE] doctor\n\n"
				 "Show the database's files (owner, group, mode), its directory,\n"
				 "journal mode, schema version and integrity, with what is wrong.\n"));
			return EXIT_OK;
		}
		cli_error(c, _("doctor: takes no arguments (see 'temas doctor --help')"));
		return EXIT_USAGE;
	}
	text_path_dir(c->db_path, dir, sizeof dir);
	dbp = stat(c->db_path, &db) == 0 ? &db : NULL;
	put_file("directory", dir, NULL, 0, &problems);
	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(f, sizeof f, "%s%s", c->db_path, sfx[i]);
		put_file(label[i], f, dbp, i > 0, &problems);
	}
	if (store_open(&st, c->db_path, STORE_READONLY, err, sizeof err) != STORE_OK) {
		printf("%-9s %s\n", "open", err);
		problems++;
	} else {
		if (store_journal_mode(st, mode, sizeof mode) == STORE_OK)
			printf("%-9s %s\n", "journal", mode);
		if (store_schema_version(st, &version) == STORE_OK)
			printf("%-9s %d\n", "schema", version);
		if (store_check_integrity(st) == STORE_OK) {
			printf("%-9s %s\n", "integrity", "ok");
		} else {
			printf("%-9s %s\n", "integrity", store_errmsg(st));
			problems++;
		}
		store_close(st);
	}
	put_turns(c->db_path, &problems);
	if (problems > 0) {
		printf(_("%d problem(s) found\n"), problems);
		return EXIT_FAIL;
	}
	printf(_("no problem found\n"));
	return EXIT_OK;
}
