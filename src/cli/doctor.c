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

static void put_file(const char *label, const char *f, int *problems)
{
	struct stat sb;
	struct passwd *pw;
	struct group *gr;
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
	if (S_ISLNK(sb.st_mode)) {
		printf("  %s", _("<- a symbolic link"));
		(*problems)++;
	} else if (S_ISDIR(sb.st_mode) && (sb.st_mode & S_IWOTH)) {
		printf("  %s", _("<- anyone may write here"));
		(*problems)++;
	} else if (!S_ISDIR(sb.st_mode) && (sb.st_mode & S_IRWXO)) {
		printf("  %s", _("<- open to others"));
		(*problems)++;
	} else if (!S_ISDIR(sb.st_mode) && (sb.st_mode & 0060) != 0060 &&
		   strcmp(label, "database") != 0) {
		/* An agent's chmod 600 on the journal locks the others out. */
		printf("  %s", _("<- the group cannot read and write it"));
		(*problems)++;
	}
	putchar('\n');
}

int cli_doctor(struct cli *c, int argc, char **argv)
{
	static const char *const sfx[] = { "", "-wal", "-shm" };
	static const char *const label[] = { "database", "wal", "shm" };
	char dir[4096], f[4096 + 8], err[1024], mode[32];
	struct store *st = NULL;
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
	put_file("directory", dir, &problems);
	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(f, sizeof f, "%s%s", c->db_path, sfx[i]);
		put_file(label[i], f, &problems);
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
	if (problems > 0) {
		printf(_("%d problem(s) found\n"), problems);
		return EXIT_FAIL;
	}
	printf(_("no problem found\n"));
	return EXIT_OK;
}
