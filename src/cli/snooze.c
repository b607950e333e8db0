/*
 * snooze.c: `temas snooze ID WHEN [--note TEXT]` and `temas unsnooze ID`:
 * a complaint out of the active queue until a time (snooze.h), the time
 * read as the console reads it (when.h), in the local time zone.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/i18n.h"
#include "temas/snooze.h"
#include "temas/store.h"
#include "temas/text.h"
#include "temas/when.h"

#define WHEN_WORDS 4

/* The words of WHEN as one line ("monday" "10:00" → "monday 10:00"). */
static char *join(char **w, int n)
{
	size_t len = 1;
	char *s;
	int i;

	for (i = 0; i < n; i++)
		len += strlen(w[i]) + 1;
	if ((s = malloc(len)) == NULL)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, w[i]);
	}
	return s;
}

int cli_snooze(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"temas snooze ID WHEN [--note TEXT] [--as LOGIN]";
	const char *as = NULL, *note = NULL, *rest;
	char *pos[1 + WHEN_WORDS], *when = NULL, err[256], shown[64];
	long long id, until, now;
	size_t used;
	struct agent me;
	int npos, claimed = 0, rc;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ "--note", &note, NULL },
		{ NULL, NULL, NULL },
	};

	rc = cli_parse(c, argc, argv, opts, pos, 2, 1 + WHEN_WORDS, &npos, usage);
	if (rc == EXIT_OK)
		rc = cli_parse_ref(c, pos[0], 1, &id);
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &me);
	if (rc != EXIT_OK)
		return rc;
	if ((when = join(pos + 1, npos - 1)) == NULL) {
		cli_error(c, "%s", _("out of memory"));
		return EXIT_FAIL;
	}
	now = store_now(c->st);
	if (text_when_parse(when, now, &until, &used, err, sizeof err) != 0) {
		cli_error(c, "snooze: %s", err);
		free(when);
		return EXIT_USAGE;
	}
	rest = when + used;
	rest += strspn(rest, " ");
	if (rest[0] != '\0') {
		char *safe = text_sanitize(rest, strlen(rest), 0);

		cli_error(c, _("snooze: '%s' after the time is not understood (a note goes after --note)"),
			  safe ? safe : "?");
		free(safe);
		free(when);
		return EXIT_USAGE;
	}
	free(when);
	rc = store_complaint_snooze(c->st, &me, id, until, note, &claimed);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	text_when_format(until, now, shown, sizeof shown);
	if (claimed && strcmp(me.login, c->login) != 0)
		printf(_("complaint %lld claimed for %s, snoozed until %s\n"), id,
		       me.login, shown);
	else if (claimed)
		printf(_("complaint %lld is yours, snoozed until %s\n"), id, shown);
	else
		printf(_("complaint %lld snoozed until %s\n"), id, shown);
	return EXIT_OK;
}

int cli_unsnooze(struct cli *c, int argc, char **argv)
{
	const char *as = NULL;
	char *pos[1], shown[64];
	long long id, was = 0;
	struct agent me;
	int npos, rc;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ NULL, NULL, NULL },
	};

	rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos,
		       "temas unsnooze ID [--as LOGIN]");
	if (rc == EXIT_OK)
		rc = cli_parse_ref(c, pos[0], 1, &id);
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &me);
	if (rc != EXIT_OK)
		return rc;
	rc = store_complaint_unsnooze(c->st, &me, id, &was);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	if (was == 0) {
		printf(_("complaint %lld was not snoozed\n"), id);
		return EXIT_OK;
	}
	text_when_format(was, store_now(c->st), shown, sizeof shown);
	printf(_("complaint %lld unsnoozed (it was until %s)\n"),
	       id, shown);
	return EXIT_OK;
}
