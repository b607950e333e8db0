/*
 * relate.c: `temas merge SRC INTO` and `temas link A B`.
 */
#include "config.h"

#include <stdio.h>

#include "flow.h"
#include "temas/i18n.h"
#include "temas/relate.h"
#include "temas/store.h"

/* Two complaint references and the agent acting. */
static int two_refs(struct cli *c, char **pos, long long *a, long long *b)
{
	int rc = cli_parse_ref(c, pos[0], 1, a);

	if (rc == EXIT_OK)
		rc = cli_parse_ref(c, pos[1], 1, b);
	return rc;
}

int cli_merge(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"temas merge SRC INTO [--other-customer] [--as LOGIN]";
	const char *as = NULL;
	int other = 0, npos, moved = 0, rc;
	char *pos[2];
	long long src, into;
	struct agent me;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ "--other-customer", NULL, &other },
		{ NULL, NULL, NULL },
	};

	rc = cli_parse(c, argc, argv, opts, pos, 2, 2, &npos, usage);
	if (rc == EXIT_OK)
		rc = two_refs(c, pos, &src, &into);
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &me);
	if (rc != EXIT_OK)
		return rc;
	rc = store_complaint_merge(c->st, &me, src, into, other, &moved);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	printf(P_("complaint %lld merged into %lld (%d interaction moved)\n",
		  "complaint %lld merged into %lld (%d interactions moved)\n",
		  moved), src, into, moved);
	return EXIT_OK;
}

int cli_link(struct cli *c, int argc, char **argv)
{
	const char *as = NULL;
	int npos, already = 0, rc;
	char *pos[2];
	long long a, b;
	struct agent me;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ NULL, NULL, NULL },
	};

	rc = cli_parse(c, argc, argv, opts, pos, 2, 2, &npos,
		       "temas link A B [--as LOGIN]");
	if (rc == EXIT_OK)
		rc = two_refs(c, pos, &a, &b);
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &me);
	if (rc != EXIT_OK)
		return rc;
	rc = store_complaint_link(c->st, &me, a, b, &already);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	if (already)
		printf(_("complaints %lld and %lld were already linked\n"), a, b);
	else
		printf(_("complaints %lld and %lld are linked\n"), a, b);
	return EXIT_OK;
}

int cli_split(struct cli *c, int argc, char **argv)
{
	const char *as = NULL, *subject = NULL;
	int npos, rc;
	char *pos[1];
	long long msg, from = 0, id = 0;
	struct agent me;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ "--subject", &subject, NULL },
		{ NULL, NULL, NULL },
	};

	rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos,
		       "temas split MESSAGE [--subject TEXT] [--as LOGIN]");
	if (rc == EXIT_OK)
		rc = cli_parse_id(c, pos[0], _("message"), &msg);
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &me);
	if (rc != EXIT_OK)
		return rc;
	rc = store_interaction_split(c->st, &me, msg, subject, &from, &id);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("message %lld split off complaint %lld into new complaint %lld (the two are linked)\n"),
	       msg, from, id);
	return EXIT_OK;
}
