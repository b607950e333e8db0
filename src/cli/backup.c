/*
 * backup.c: `temas backup FILE`, a consistent copy of the live database
 * for a supervisor, recorded in the audit log (the copy holds every
 * customer's personal data).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "flow.h"
#include "temas/cli.h"
#include "temas/i18n.h"
#include "temas/store.h"

int cli_backup(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "temas backup FILE";
	char *pos[1];
	long long pages;
	int npos, rc;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf(_("Usage: temas backup FILE\n\n"
			 "Copy the database to FILE, a new file, as of one moment while\n"
			 "agents go on working.  FILE is never replaced.  See temas(1),\n"
			 "BACKUP AND RESTORE.\n"));
		return EXIT_OK;
	}
	if ((rc = cli_parse(c, argc, argv, NULL, pos, 1, 1, &npos, usage)) != EXIT_OK)
		return rc;
	if (store_backup(c->st, pos[0], &pages) != STORE_OK) {
		cli_error(c, _("backup: %s; nothing written"), store_errmsg(c->st));
		return EXIT_FAIL;
	}
	if ((rc = cli_audit_self(c, "backup", "file=%s pages=%lld", pos[0], pages)) != EXIT_OK)
		return rc;
	printf(_("%s: backup written (%lld pages), checked\n"), pos[0], pages);
	return EXIT_OK;
}
