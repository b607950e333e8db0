/*
 * templates.c: `temas templates load FILE | list [--channel C]`.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/i18n.h"
#include "temas/store.h"
#include "temas/template.h"
#include "temas/text.h"

static int tmpl_load(struct cli *c, int argc, char **argv)
{
	const char *as = NULL;
	char *pos[1], err[1024];
	struct agent me;
	int npos, rc, n = 0;
	const struct cli_opt opts[] = { { "--as", &as, NULL }, { NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos,
			    "temas templates load FILE")) != EXIT_OK)
		return rc;
	if ((rc = cli_whoami(c, as, &me)) != EXIT_OK)
		return rc;
	if (me.role != ROLE_SUPERVISOR) {
		cli_error(c, _("only a supervisor can load templates"));
		return EXIT_DENIED;
	}
	rc = store_template_load_file(c->st, pos[0], &n, err, sizeof err);
	if (rc != STORE_OK) {
		cli_error(c, "%s", err);
		return rc == STORE_NOTFOUND ? EXIT_NOTFOUND : EXIT_FAIL;
	}
	printf(_("%d templates loaded from %s\n"), n, pos[0]);
	return EXIT_OK;
}

static int tmpl_list(struct cli *c, int argc, char **argv)
{
	struct template_row *rows;
	const char *channel = NULL;
	char *pos[1];
	int npos, rc, n, i;
	const struct cli_opt opts[] = {
		{ "--channel", &channel, NULL }, { NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, 0, &npos,
			    "temas templates list [--channel CODE]")) != EXIT_OK)
		return rc;
	if ((rc = store_template_list(c->st, channel, &rows, &n)) != STORE_OK)
		return cli_store_exit(c, rc);
	rc = EXIT_OK;
	for (i = 0; i < n; i++) {
		char *line, *safe = NULL;

		/* Template files are staff-written, but still data: never let
		 * them send escape sequences to the terminal. */
		if (asprintf(&line, "%-20s %-10s %-4s %s", rows[i].name,
			     rows[i].channel, rows[i].lang, rows[i].subject) >= 0) {
			safe = text_sanitize(line, strlen(line), 0);
			free(line);
		}
		if (safe == NULL) {
			cli_error(c, _("out of memory"));
			rc = EXIT_FAIL;
			break;
		}
		puts(safe);
		free(safe);
	}
	template_rows_free(rows, n);
	return rc;
}

int cli_templates(struct cli *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "load") == 0)
		return tmpl_load(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return tmpl_list(c, argc - 1, argv + 1);
	cli_error(c, _("usage: temas templates load FILE | temas templates list [--channel CODE]"));
	return EXIT_USAGE;
}
