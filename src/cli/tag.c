/*
 * tag.c: `temas tag ID... [add|remove TAG...]` and `temas tags`: tags on
 * complaints from a shell.  Several complaints take the same change; each
 * is its own transaction, so one that is refused (taken by someone else
 * meanwhile) is reported and the others are still done.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/complaint.h"
#include "temas/i18n.h"
#include "temas/store.h"
#include "temas/tag.h"

static const char usage[] =
	"temas tag ID... [add|remove TAG...] [--as LOGIN]";

int cli_tag(struct cli *c, int argc, char **argv)
{
	const char *as = NULL, **tags;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ NULL, NULL, NULL },
	};
	char **pos = calloc((size_t)argc + 1, sizeof *pos);
	long long *ids = calloc((size_t)argc + 1, sizeof *ids);
	struct agent me;
	int npos, nids = 0, verb = -1, add = 0, rc, i, worst = EXIT_OK;

	if (pos == NULL || ids == NULL) {
		free(pos);
		free(ids);
		cli_error(c, "%s", _("out of memory"));
		return EXIT_FAIL;
	}
	rc = cli_parse(c, argc, argv, opts, pos, 1, argc, &npos, usage);
	for (i = 0; rc == EXIT_OK && i < npos && verb < 0; i++) {
		if (strcmp(pos[i], "add") == 0 || strcmp(pos[i], "remove") == 0) {
			verb = i;
			add = pos[i][0] == 'a';
		} else {
			rc = cli_parse_ref(c, pos[i], 1, &ids[nids++]);
		}
	}
	if (rc == EXIT_OK && (nids == 0 || (verb >= 0 && verb == npos - 1))) {
		cli_error(c, _("tag: give complaint numbers, then add or remove and the tags; usage: %s"),
			  usage);
		rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &me);
	if (rc != EXIT_OK || verb < 0) {
		/* Without add or remove: each complaint's tags. */
		for (i = 0; rc == EXIT_OK && i < nids; i++) {
			const char *t;

			if (store_complaint_tags(c->st, ids[i], &t) != STORE_OK)
				rc = cli_store_exit(c, STORE_ERROR);
			else
				printf("%lld\t%s\n", ids[i], t);
		}
		free(pos);
		free(ids);
		return rc;
	}
	/* Every complaint named must exist before any is changed. */
	for (i = 0; i < nids; i++) {
		struct complaint k;

		rc = store_complaint_get(c->st, ids[i], &k);
		if (rc != STORE_OK) {
			free(pos);
			free(ids);
			return cli_store_exit(c, rc);
		}
	}
	tags = (const char **)(pos + verb + 1);
	for (i = 0; i < nids; i++) {
		rc = store_complaint_tag(c->st, &me, ids[i],
					 add ? tags : NULL, add ? npos - verb - 1 : 0,
					 add ? NULL : tags, add ? 0 : npos - verb - 1);
		if (rc == STORE_INVALID) {
			cli_error(c, "%s", store_errmsg(c->st));
			worst = EXIT_USAGE;
			break;
		}
		if (rc != STORE_OK) {
			rc = cli_store_exit(c, rc);
			if (worst == EXIT_OK)
				worst = rc;
			continue;
		}
		printf(add ? _("complaint %lld tagged\n")
			   : _("complaint %lld untagged\n"), ids[i]);
	}
	free(pos);
	free(ids);
	return worst;
}

int cli_tags(struct cli *c, int argc, char **argv)
{
	struct tag_count *rows;
	int n, i, rc;

	if (argc > 1) {
		cli_error(c, "%s", _("tags: takes no arguments; usage: temas tags"));
		return EXIT_USAGE;
	}
	rc = store_tag_list(c->st, &rows, &n);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	for (i = 0; i < n; i++)
		printf("%s\t%d\t%d\n", rows[i].tag, rows[i].open, rows[i].total);
	if (n == 0)
		printf("%s\n", _("no complaint has a tag"));
	free(rows);
	return EXIT_OK;
}
