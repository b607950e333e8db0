/*
 * cli.c: what every subcommand shares: error printing in one format.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <string.h>

#include "flow.h"
#include "temas/cli.h"
#include "temas/i18n.h"
#include "temas/template.h"

void cli_error(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	if (c != NULL && c->errbuf != NULL && c->errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(c->errbuf, c->errsz, fmt, ap);
		va_end(ap);
		return;
	}
	fprintf(stderr, "%s: ", c && c->prog ? c->prog : "temas");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#ifndef TEMAS_TEMPLATE_SRCDIR
#define TEMAS_TEMPLATE_SRCDIR ""
#endif

/*
 * Load the shipped reply templates into a new database: from
 * $TEMAS_TEMPLATE_DIR, else the installed data directory, else the source
 * tree (so an uninstalled build works).  Returns the count loaded, 0 when
 * no template file was found, -1 on a bad file (message printed).
 */
int cli_load_default_templates(const struct cli *c, struct store *st)
{
	const char *dirs[3] = { getenv("TEMAS_TEMPLATE_DIR"),
				PKGDATADIR "/templates", TEMAS_TEMPLATE_SRCDIR };
	char path[4096], err[512];
	int i, n = 0;

	for (i = 0; i < 3; i++) {
		if (dirs[i] == NULL || *dirs[i] == '\0')
			continue;
		snprintf(path, sizeof path, "%s/default.txt", dirs[i]);
		if (access(path, R_OK) != 0)
			continue;
		if (store_template_load_file(st, path, &n, err, sizeof err) !=
		    0) {
			cli_error(c, "%s", err);
			return -1;
		}
		return n;
	}
	return 0;
}

int cli_need_supervisor(struct cli *c, const char *refusal)
{
	struct agent me;
	int rc;

	if ((rc = cli_whoami(c, NULL, &me)) != EXIT_OK)
		return rc;
	if (me.role != ROLE_SUPERVISOR) {
		cli_error(c, "%s", refusal);
		return EXIT_DENIED;
	}
	return EXIT_OK;
}

int cli_run_sub(struct cli *c, int argc, char **argv, const struct cli_sub *subs,
		size_t n, const char *usage)
{
	size_t i;

	for (i = 0; argc >= 2 && i < n; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(c, argc - 1, argv + 1);
	cli_error(c, "%s", usage);
	return EXIT_USAGE;
}
