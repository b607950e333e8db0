/*
 * claim.c: `temas claim|release|assign|status|resolve`: taking a complaint
 * and moving it through its states from a shell, under the same rules as
 * the console.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "flow.h"
#include "temas/complaint.h"
#include "temas/i18n.h"
#include "temas/store.h"
#include "temas/survey.h"

/* Commands of the form NAME ID [ARG] [--as LOGIN] [--note TEXT]. */
struct simple {
	struct agent me;
	long long id;
	char *pos[2];
	const char *note;
};

static int prepare(struct cli *c, int argc, char **argv, int nargs, int note,
		   const char *usage, struct simple *s)
{
	const char *as = NULL;
	int npos, rc;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ note ? "--note" : NULL, &s->note, NULL },
		{ NULL, NULL, NULL },
	};

	memset(s, 0, sizeof *s);
	rc = cli_parse(c, argc, argv, opts, s->pos, nargs, nargs, &npos, usage);
	if (rc != EXIT_OK)
		return rc;
	if ((rc = cli_parse_ref(c, s->pos[0], 1, &s->id)) != EXIT_OK)
		return rc;
	return cli_whoami(c, as, &s->me);
}

int cli_claim(struct cli *c, int argc, char **argv)
{
	struct simple s;
	char holder[64];
	int rc = prepare(c, argc, argv, 1, 0, "temas claim ID [--as LOGIN]", &s);

	if (rc != EXIT_OK)
		return rc;
	rc = store_complaint_claim(c->st, &s.me, s.id, holder, sizeof holder);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	if (holder[0] != '\0')
		printf(_("complaint %lld is already yours\n"), s.id);
	else
		printf(_("complaint %lld is yours\n"), s.id);
	return EXIT_OK;
}

int cli_release(struct cli *c, int argc, char **argv)
{
	struct simple s;
	int rc = prepare(c, argc, argv, 1, 0, "temas release ID [--as LOGIN]", &s);

	if (rc != EXIT_OK)
		return rc;
	rc = store_complaint_release(c->st, &s.me, s.id);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("complaint %lld is back in the queue\n"), s.id);
	return EXIT_OK;
}

int cli_assign(struct cli *c, int argc, char **argv)
{
	struct simple s;
	int rc = prepare(c, argc, argv, 2, 0, "temas assign ID LOGIN [--as LOGIN]", &s);

	if (rc != EXIT_OK)
		return rc;
	rc = store_complaint_assign(c->st, &s.me, s.id, s.pos[1]);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("complaint %lld assigned to %s\n"), s.id, s.pos[1]);
	return EXIT_OK;
}

static int move(struct cli *c, struct simple *s, enum complaint_status to)
{
	int rc = store_complaint_set_status(c->st, &s->me, s->id, to, s->note);

	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("complaint %lld is %s\n"), s->id, store_status_name(to));
	if (store_csat_queued(c->st) > 0) {
		char when[64];

		cli_time(c, store_csat_queued(c->st), when, sizeof when);
		printf(_("satisfaction question queued; it goes out from %s\n"), when);
	}
	return EXIT_OK;
}

int cli_status(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"temas status ID new|open|pending|escalated|resolved|closed [--note TEXT]";
	struct simple s;
	enum complaint_status to;
	int rc = prepare(c, argc, argv, 2, 1, usage, &s);

	if (rc != EXIT_OK)
		return rc;
	if (store_status_parse(s.pos[1], &to) != STORE_OK) {
		cli_error(c, _("'%s' is not a state; usage: %s"), s.pos[1], usage);
		return EXIT_USAGE;
	}
	return move(c, &s, to);
}

int cli_resolve(struct cli *c, int argc, char **argv)
{
	struct simple s;
	int rc = prepare(c, argc, argv, 1, 1, "temas resolve ID --note TEXT", &s);

	if (rc != EXIT_OK)
		return rc;
	return move(c, &s, ST_RESOLVED);
}
