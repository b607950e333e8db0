/*
 * calendar.c: `temas calendar list | show NAME | import FILE [NAME] |
 * assign CHANNEL NAME|none`: the business-hours calendars that SLA due
 * times count working time in.  Anyone on the team may read them; only a
 * supervisor changes them, and every change is audited.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flow.h"
#include "temas/calendar.h"
#include "temas/i18n.h"
#include "temas/store.h"

#ifndef TEMAS_CALENDAR_SRCDIR
#define TEMAS_CALENDAR_SRCDIR ""
#endif

static int cal_list(struct cli *c, int argc, char **argv)
{
	struct calendar_info *rows;
	char *pos[1], when[64];
	int npos, rc, n, i;
	const struct cli_opt opts[] = { { NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, 0, &npos,
			    "temas calendar list")) != EXIT_OK)
		return rc;
	if ((rc = store_calendar_list(c->st, &rows, &n)) != STORE_OK)
		return cli_store_exit(c, rc);
	if (n == 0)
		printf("%s\n", _("no calendars: temas calendar import FILE"));
	for (i = 0; i < n; i++) {
		char years[32];

		if (rows[i].year_first > 0)
			snprintf(years, sizeof years, "%d-%d", rows[i].year_first,
				 rows[i].year_last);
		else
			snprintf(years, sizeof years, "-");
		cli_time(c, rows[i].updated_at, when, sizeof when);
		printf(_("%-12s zone %-18s %3d holidays, years %-9s channels: %s"),
		       rows[i].name, rows[i].zone, rows[i].holidays, years,
		       *rows[i].channels ? rows[i].channels : _("none"));
		printf(_(" (by %s, %s)\n"), rows[i].updated_by, when);
	}
	calendar_info_free(rows, n);
	return EXIT_OK;
}

static int cal_show(struct cli *c, int argc, char **argv)
{
	char *pos[1], *text;
	int npos, rc;
	const struct cli_opt opts[] = { { NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos,
			    "temas calendar show NAME")) != EXIT_OK)
		return rc;
	if ((rc = store_calendar_text(c->st, pos[0], &text)) != STORE_OK)
		return cli_store_exit(c, rc);
	/* Staff-written, but data: no escape sequence reaches the terminal. */
	cli_put_safe(stdout, text, "");
	free(text);
	return EXIT_OK;
}

/* The shipped calendar NAME: $TEMAS_CALENDAR_DIR, the installed data
 * directory, else the source tree (an uninstalled build). */
static char *shipped_path(const char *name)
{
	const char *dirs[3] = { getenv("TEMAS_CALENDAR_DIR"),
				PKGDATADIR "/calendars", TEMAS_CALENDAR_SRCDIR };
	int i;

	for (i = 0; i < 3; i++) {
		char *path;

		if (dirs[i] == NULL || *dirs[i] == '\0')
			continue;
		path = malloc(strlen(dirs[i]) + strlen(name) + 6);
		if (path == NULL)
			return NULL;
		sprintf(path, "%s/%s.cal", dirs[i], name);
		if (access(path, R_OK) == 0)
			return path;
		free(path);
	}
	return NULL;
}

/* "dir/tr.cal" -> "tr" (malloc'd). */
static char *name_of(const char *path)
{
	const char *base = strrchr(path, '/');
	char *name, *dot;

	name = strdup(base != NULL ? base + 1 : path);
	if (name != NULL && (dot = strrchr(name, '.')) != NULL && strcmp(dot, ".cal") == 0)
		*dot = '\0';
	return name;
}

static int cal_import(struct cli *c, int argc, char **argv)
{
	const char *shipped = NULL;
	char *pos[2], *path = NULL, *name = NULL, *text = NULL;
	int npos, rc;
	const struct cli_opt opts[] = {
		{ "--shipped", &shipped, NULL }, { NULL, NULL, NULL } };
	const char *usage = "temas calendar import FILE [NAME] | --shipped NAME";

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, 2, &npos, usage)) != EXIT_OK)
		return rc;
	if ((shipped == NULL) == (npos == 0)) {
		cli_error(c, _("usage: %s"), usage);
		return EXIT_USAGE;
	}
	if ((rc = cli_need_supervisor(c, _("only a supervisor can change calendars"))) != EXIT_OK)
		return rc;
	if (shipped != NULL) {
		if (strchr(shipped, '/') != NULL || (path = shipped_path(shipped)) == NULL) {
			cli_error(c, _("no shipped calendar '%s'"), shipped);
			return EXIT_NOTFOUND;
		}
		name = strdup(shipped);
	} else {
		path = strdup(pos[0]);
		name = npos > 1 ? strdup(pos[1]) : name_of(pos[0]);
	}
	if (path == NULL || name == NULL) {
		cli_error(c, _("out of memory"));
		rc = EXIT_FAIL;
		goto out;
	}
	if ((rc = cli_read_text(c, path, &text)) != EXIT_OK)
		goto out;
	rc = store_calendar_set(c->st, c->login, name, text, path);
	if (rc != STORE_OK) {
		rc = cli_store_exit(c, rc);
		goto out;
	}
	printf(_("calendar %s stored from %s\n"), name, path);
	rc = EXIT_OK;
out:
	free(text);
	free(path);
	free(name);
	return rc;
}

static int cal_assign(struct cli *c, int argc, char **argv)
{
	char *pos[2];
	const char *name;
	int npos, rc;
	const struct cli_opt opts[] = { { NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 2, 2, &npos,
			    "temas calendar assign CHANNEL NAME|none")) != EXIT_OK)
		return rc;
	if ((rc = cli_need_supervisor(c, _("only a supervisor can change calendars"))) != EXIT_OK)
		return rc;
	name = strcmp(pos[1], "none") == 0 ? NULL : pos[1];
	if ((rc = store_calendar_assign(c->st, c->login, pos[0], name)) != STORE_OK)
		return cli_store_exit(c, rc);
	if (name != NULL)
		printf(_("channel %s: due times count working time in calendar %s\n"),
		       pos[0], name);
	else
		printf(_("channel %s: due times count all hours\n"), pos[0]);
	return EXIT_OK;
}

int cli_calendar(struct cli *c, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "list", cal_list }, { "show", cal_show },
		{ "import", cal_import }, { "assign", cal_assign },
	};

	return cli_run_sub(c, argc, argv, subs, sizeof subs / sizeof subs[0],
			   _("usage: temas calendar list | show NAME | import FILE [NAME] | "
		       "import --shipped NAME | assign CHANNEL NAME|none"));
}
