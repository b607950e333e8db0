/*
 * escalation.c: `temas escalation list | add NAME ... | remove NAME | run`:
 * the rules that act when a complaint's due time comes (or a set time
 * before it): raise the priority, hand it to a supervisor, or tag it.  Supervisors add and remove rules, audited; anyone on the
 * team may list them or run the due ones now (every process that writes
 * runs them anyway).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/escalate.h"
#include "temas/i18n.h"
#include "temas/store.h"

static int esc_list(struct cli *c, int argc, char **argv)
{
	struct escalate_rule *rows;
	char *pos[1];
	int npos, rc, n, i;
	const struct cli_opt opts[] = { { NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, 0, &npos,
			    "temas escalation list")) != EXIT_OK)
		return rc;
	if ((rc = store_escalate_list(c->st, &rows, &n)) != STORE_OK)
		return cli_store_exit(c, rc);
	if (n == 0)
		printf("%s\n", _("no escalation rules: temas escalation add NAME ..."));
	for (i = 0; i < n; i++) {
		const struct escalate_rule *r = &rows[i];

		printf(_("%-16s %-14s %5lld min before  channel %-10s %-8s %-12s acted on %lld\n"),
		       r->name, r->target == ESC_FIRST_RESPONSE ? "first-response" : "resolution",
		       r->before_secs / 60, *r->channel ? r->channel : "*",
		       r->action == ESC_PRIORITY ? "priority" : r->action == ESC_TAG ? "tag"
		       : "assign", r->arg, r->fired);
	}
	free(rows);
	return EXIT_OK;
}

static int esc_add(struct cli *c, int argc, char **argv)
{
	const char *on = NULL, *before = NULL, *channel = NULL, *prio = NULL,
		   *assign = NULL, *tag = NULL;
	int raise = 0, npos, rc;
	char *pos[1], *end;
	struct escalate_rule r;
	const char *usage = "temas escalation add NAME --on first-response|resolution"
		" [--before MINUTES] [--channel CODE]"
		" (--raise-priority | --priority P | --assign LOGIN | --tag TAG)";
	const struct cli_opt opts[] = {
		{ "--on", &on, NULL }, { "--before", &before, NULL },
		{ "--channel", &channel, NULL }, { "--priority", &prio, NULL },
		{ "--assign", &assign, NULL }, { "--raise-priority", NULL, &raise },
		{ "--tag", &tag, NULL },
		{ NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos, usage)) != EXIT_OK)
		return rc;
	memset(&r, 0, sizeof r);
	r.name = pos[0];
	r.channel = channel;
	if (on != NULL && strcmp(on, "first-response") == 0)
		r.target = ESC_FIRST_RESPONSE;
	else if (on != NULL && strcmp(on, "resolution") == 0)
		r.target = ESC_RESOLUTION;
	else {
		cli_error(c, _("--on: give first-response or resolution"));
		return EXIT_USAGE;
	}
	if (before != NULL) {
		long long m = strtoll(before, &end, 10);

		if (*before == '\0' || *end != '\0' || m < 0 || m > 525600) {
			cli_error(c, _("--before: '%s' is not a number of minutes"), before);
			return EXIT_USAGE;
		}
		r.before_secs = m * 60;
	}
	if ((raise != 0) + (prio != NULL) + (assign != NULL) + (tag != NULL) != 1) {
		cli_error(c, _("give one action: --raise-priority, --priority P, --assign LOGIN or --tag TAG"));
		return EXIT_USAGE;
	}
	r.action = assign != NULL ? ESC_ASSIGN : tag != NULL ? ESC_TAG : ESC_PRIORITY;
	r.arg = assign != NULL ? assign : tag != NULL ? tag : prio != NULL ? prio : "raise";
	if ((rc = cli_need_supervisor(c, _("only a supervisor can change escalation rules"))) != EXIT_OK)
		return rc;
	if ((rc = store_escalate_add(c->st, c->login, &r)) != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("escalation rule %s added\n"), r.name);
	return EXIT_OK;
}

static int esc_remove(struct cli *c, int argc, char **argv)
{
	char *pos[1];
	int npos, rc;
	const struct cli_opt opts[] = { { NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos,
			    "temas escalation remove NAME")) != EXIT_OK)
		return rc;
	if ((rc = cli_need_supervisor(c, _("only a supervisor can change escalation rules"))) != EXIT_OK)
		return rc;
	if ((rc = store_escalate_remove(c->st, c->login, pos[0])) != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("escalation rule %s removed\n"), pos[0]);
	return EXIT_OK;
}

static int esc_run(struct cli *c, int argc, char **argv)
{
	char *pos[1];
	int npos, rc, fired = 0;
	const struct cli_opt opts[] = { { NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, 0, &npos,
			    "temas escalation run")) != EXIT_OK)
		return rc;
	if ((rc = store_escalate_run(c->st, &fired)) != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("%d escalations\n"), fired);
	return EXIT_OK;
}

int cli_escalation(struct cli *c, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "list", esc_list }, { "add", esc_add },
		{ "remove", esc_remove }, { "run", esc_run },
	};

	return cli_run_sub(c, argc, argv, subs, sizeof subs / sizeof subs[0],
			   _("usage: temas escalation list | add NAME --on first-response|resolution "
		       "[--before MINUTES] [--channel CODE] (--raise-priority | --priority P | "
		       "--assign LOGIN | --tag TAG) | remove NAME | run"));
}
