/*
 * view.c: `temas view save|list|remove`: the saved queue filters the
 * console switches between (:view), from a shell.  Sharing a view with
 * the team is a supervisor's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/i18n.h"
#include "temas/store.h"
#include "temas/view.h"

static const char usage[] =
	"temas view save NAME FILTER... [--shared] | list | remove NAME [--as LOGIN]";

static int view_save(struct cli *c, int argc, char **argv)
{
	struct agent me;
	char **pos = calloc((size_t)argc + 1, sizeof *pos), *filter = NULL;
	const char *as = NULL;
	int shared = 0, npos, rc, i;
	size_t len = 1;
	const struct cli_opt opts[] = {
		{ "--shared", NULL, &shared },
		{ "--as", &as, NULL },
		{ NULL, NULL, NULL },
	};

	if (pos == NULL) {
		cli_error(c, "%s", _("out of memory"));
		return EXIT_FAIL;
	}
	rc = cli_parse(c, argc, argv, opts, pos, 2, argc, &npos, usage);
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &me);
	/* The filter's words, as one line: `view save late breached tag=x`. */
	for (i = 1; rc == EXIT_OK && i < npos; i++)
		len += strlen(pos[i]) + 3;
	if (rc == EXIT_OK && (filter = calloc(len, 1)) == NULL) {
		cli_error(c, "%s", _("out of memory"));
		rc = EXIT_FAIL;
	}
	for (i = 1; rc == EXIT_OK && i < npos; i++) {
		int q = strchr(pos[i], ' ') != NULL && strchr(pos[i], '"') == NULL;
		char *eq = q ? strchr(pos[i], '=') : NULL;

		if (i > 1)
			strcat(filter, " ");
		if (eq != NULL) {
			/* text=two words, one shell word: quote the value. */
			strncat(filter, pos[i], (size_t)(eq - pos[i]) + 1);
			strcat(filter, "\"");
			strcat(filter, eq + 1);
			strcat(filter, "\"");
		} else {
			strcat(filter, pos[i]);
		}
	}
	if (rc == EXIT_OK) {
		rc = store_view_save(c->st, &me, pos[0], filter, shared);
		if (rc == STORE_OK)
			printf(shared ? _("view %s saved, shared with the team\n")
				      : _("view %s saved\n"), pos[0]);
		if (rc == STORE_INVALID) {
			cli_error(c, "%s", store_errmsg(c->st));
			rc = EXIT_USAGE;
		} else {
			rc = cli_store_exit(c, rc);
		}
	}
	free(filter);
	free(pos);
	return rc;
}

static int view_list(struct cli *c, int argc, char **argv)
{
	struct saved_view *v;
	struct agent me;
	const char *as = NULL;
	char *pos[1];
	int n, i, rc;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ NULL, NULL, NULL },
	};

	rc = cli_parse(c, argc, argv, opts, pos, 0, 0, &n, usage);
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &me);
	if (rc != EXIT_OK)
		return rc;
	if ((rc = store_view_list(c->st, &me, &v, &n)) != STORE_OK)
		return cli_store_exit(c, rc);
	for (i = 0; i < n; i++) {
		cli_put_field(stdout, v[i].name);
		fputc('\t', stdout);
		cli_put_field(stdout, v[i].owner);
		printf("\t%s\t", v[i].shared ? "shared" : "own");
		cli_put_field(stdout, v[i].filter);
		fputc('\n', stdout);
	}
	if (n == 0)
		printf("%s\n", _("no saved view"));
	store_view_list_free(v, n);
	return EXIT_OK;
}

static int view_remove(struct cli *c, int argc, char **argv)
{
	struct agent me;
	const char *as = NULL;
	char *pos[1];
	int npos, rc;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ NULL, NULL, NULL },
	};

	rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos, usage);
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &me);
	if (rc != EXIT_OK)
		return rc;
	rc = store_view_remove(c->st, &me, pos[0]);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("view %s removed\n"), pos[0]);
	return EXIT_OK;
}

int cli_view(struct cli *c, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "save", view_save },
		{ "list", view_list },
		{ "remove", view_remove },
	};

	return cli_run_sub(c, argc, argv, subs, sizeof subs / sizeof *subs,
			   usage);
}
