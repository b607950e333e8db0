/*
 * claim.c: `temas claim|release|assign|status|resolve`: taking complaints
 * and moving them through their states from a shell, under the same rules
 * as the console.  Each takes several complaints, or --filter EXPR for
 * those of the queue it picks; each complaint is its own transaction, so
 * one refused (taken meanwhile by another agent) is named on stderr and
 * the others are still done (exit status 6 when some were and some not).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/complaint.h"
#include "temas/i18n.h"
#include "temas/store.h"
#include "temas/survey.h"

/* Commands of the form NAME ID... [ARG] [--filter EXPR] [--as LOGIN]
 * [--note TEXT]. */
struct many {
	struct agent me;
	long long *ids;
	int n;
	char **pos;
	const char *arg;      /* the LOGIN of assign, the STATE of status */
	const char *note;
	enum complaint_status to;
};

static int prepare(struct cli *c, int argc, char **argv, int with_arg,
		   int note, const char *usage, struct many *m)
{
	const char *as = NULL, *filter = NULL;
	int npos, rc;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ "--filter", &filter, NULL },
		{ note ? "--note" : NULL, &m->note, NULL },
		{ NULL, NULL, NULL },
	};

	memset(m, 0, sizeof *m);
	m->pos = calloc((size_t)argc + 1, sizeof *m->pos);
	if (m->pos == NULL) {
		cli_error(c, "%s", _("out of memory"));
		return EXIT_FAIL;
	}
	rc = cli_parse(c, argc, argv, opts, m->pos, with_arg, argc, &npos, usage);
	if (rc == EXIT_OK && with_arg)
		m->arg = m->pos[--npos];
	if (rc == EXIT_OK && npos == 0 && filter == NULL) {
		cli_error(c, _("give complaint numbers or --filter EXPR; usage: %s"),
			  usage);
		rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &m->me);
	if (rc == EXIT_OK)
		rc = cli_targets(c, m->pos, npos, filter, &m->me, &m->ids, &m->n);
	if (rc != EXIT_OK) {
		free(m->pos);
		m->pos = NULL;
	}
	return rc;
}

/* fn on every complaint; a refusal is named and the rest still done. */
static int run_all(struct cli *c, struct many *m,
		   int (*fn)(struct cli *c, struct many *m, long long id))
{
	int i, rc, done = 0, failed = 0, first = EXIT_OK;

	for (i = 0; i < m->n; i++) {
		rc = fn(c, m, m->ids[i]);
		fflush(stdout);
		if (rc == STORE_OK) {
			done++;
			continue;
		}
		rc = cli_store_exit(c, rc);
		if (failed++ == 0)
			first = rc;
	}
	free(m->ids);
	free(m->pos);
	return cli_targets_exit(done, failed, first);
}

static int claim_one(struct cli *c, struct many *m, long long id)
{
	char holder[64];
	int rc = store_complaint_claim(c->st, &m->me, id, holder, sizeof holder);

	if (rc != STORE_OK)
		return rc;
	/* With --as the complaint is the other agent's, and named so. */
	if (strcmp(m->me.login, c->login) != 0) {
		if (holder[0] != '\0')
			printf(_("complaint %lld is already held by %s\n"), id, m->me.login);
		else
			printf(_("complaint %lld claimed for %s\n"), id, m->me.login);
	} else if (holder[0] != '\0') {
		printf(_("complaint %lld is already yours\n"), id);
	} else {
		printf(_("complaint %lld is yours\n"), id);
	}
	return STORE_OK;
}

int cli_claim(struct cli *c, int argc, char **argv)
{
	struct many m;
	int rc = prepare(c, argc, argv, 0, 0,
			 "temas claim ID...|--filter EXPR [--as LOGIN]", &m);

	return rc != EXIT_OK ? rc : run_all(c, &m, claim_one);
}

static int release_one(struct cli *c, struct many *m, long long id)
{
	int rc = store_complaint_release(c->st, &m->me, id);

	if (rc == STORE_OK)
		printf(_("complaint %lld is back in the queue\n"), id);
	return rc;
}

int cli_release(struct cli *c, int argc, char **argv)
{
	struct many m;
	int rc = prepare(c, argc, argv, 0, 0,
			 "temas release ID...|--filter EXPR [--as LOGIN]", &m);

	return rc != EXIT_OK ? rc : run_all(c, &m, release_one);
}

static int assign_one(struct cli *c, struct many *m, long long id)
{
	int rc = store_complaint_assign(c->st, &m->me, id, m->arg);

	if (rc == STORE_OK)
		printf(_("complaint %lld assigned to %s\n"), id, m->arg);
	return rc;
}

int cli_assign(struct cli *c, int argc, char **argv)
{
	struct many m;
	int rc = prepare(c, argc, argv, 1, 0,
			 "temas assign ID...|--filter EXPR LOGIN [--as LOGIN]", &m);

	return rc != EXIT_OK ? rc : run_all(c, &m, assign_one);
}

static int move_one(struct cli *c, struct many *m, long long id)
{
	int rc = store_complaint_set_status(c->st, &m->me, id, m->to, m->note);

	if (rc != STORE_OK)
		return rc;
	printf(_("complaint %lld is %s\n"), id, store_status_name(m->to));
	if (store_csat_queued(c->st) > 0) {
		char when[64];

		cli_time(c, store_csat_queued(c->st), when, sizeof when);
		printf(_("satisfaction question queued; it goes out from %s\n"), when);
	}
	return STORE_OK;
}

int cli_status(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"temas status ID...|--filter EXPR new|open|pending|escalated|resolved|closed [--note TEXT]";
	struct many m;
	int rc = prepare(c, argc, argv, 1, 1, usage, &m);

	if (rc != EXIT_OK)
		return rc;
	if (store_status_parse(m.arg, &m.to) != STORE_OK) {
		cli_error(c, _("'%s' is not a state; usage: %s"), m.arg, usage);
		free(m.ids);
		free(m.pos);
		return EXIT_USAGE;
	}
	return run_all(c, &m, move_one);
}

int cli_resolve(struct cli *c, int argc, char **argv)
{
	struct many m;
	int rc = prepare(c, argc, argv, 0, 1,
			 "temas resolve ID...|--filter EXPR --note TEXT", &m);

	if (rc != EXIT_OK)
		return rc;
	m.to = ST_RESOLVED;
	return run_all(c, &m, move_one);
}
