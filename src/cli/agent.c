/*
 * agent.c: `temas agent add|list`, and deciding which agent runs a command.
 *
 * The agent is the Unix account: the login the system vouches for.  The
 * one exception, `--as LOGIN`, lets a supervisor act for another agent
 * (to cover a shift, and to drive many agents from one account in tests);
 * it is refused to everyone else and written to the audit log.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/agent.h"
#include "temas/config.h"
#include "temas/i18n.h"
#include "temas/store.h"
#include "temas/text.h"

int cli_parse(struct cli *c, int argc, char **argv, const struct cli_opt *opts,
	      char **pos, int minpos, int maxpos, int *npos, const char *usage)
{
	int i;

	*npos = 0;
	for (i = 1; i < argc; i++) {
		const struct cli_opt *o;
		const char *a = argv[i], *eq;
		size_t alen;

		if (strcmp(a, "--") == 0) {
			for (i++; i < argc; i++) {
				if (*npos >= maxpos)
					goto too_many;
				pos[(*npos)++] = argv[i];
			}
			break;
		}
		if (a[0] != '-' || a[1] == '\0') {
			if (*npos >= maxpos)
				goto too_many;
			pos[(*npos)++] = argv[i];
			continue;
		}
		eq = strchr(a, '=');
		alen = eq ? (size_t)(eq - a) : strlen(a);
		for (o = opts; o && o->name; o++)
			if (strlen(o->name) == alen && strncmp(o->name, a, alen) == 0)
				break;
		if (o == NULL || o->name == NULL) {
			cli_error(c, _("%s: unknown option '%s'; usage: %s"), argv[0],
				  a, usage);
			return EXIT_USAGE;
		}
		if (o->flag != NULL) {
			if (eq) {
				cli_error(c, _("%s: option %s takes no value"), argv[0],
					  o->name);
				return EXIT_USAGE;
			}
			*o->flag = 1;
		} else if (eq) {
			*o->value = eq + 1;
		} else if (i + 1 < argc) {
			*o->value = argv[++i];
		} else {
			cli_error(c, _("%s: option %s needs a value"), argv[0], o->name);
			return EXIT_USAGE;
		}
	}
	if (*npos < minpos) {
		cli_error(c, _("usage: %s"), usage);
		return EXIT_USAGE;
	}
	return EXIT_OK;
too_many:
	cli_error(c, _("%s: unexpected argument '%s'; usage: %s"), argv[0],
		  argv[i], usage);
	return EXIT_USAGE;
}

int cli_store_exit(struct cli *c, int rc)
{
	if (rc == STORE_OK)
		return EXIT_OK;
	cli_error(c, "%s", store_errmsg(c->st));
	switch (rc) {
	case STORE_NOTFOUND: return EXIT_NOTFOUND;
	case STORE_CONFLICT: return EXIT_CONFLICT;
	case STORE_DENIED: return EXIT_DENIED;
	default: return EXIT_FAIL;
	}
}

int cli_parse_id(struct cli *c, const char *s, const char *what, long long *id)
{
	char *end;

	errno = 0;
	*id = strtoll(s, &end, 10);
	if (errno || end == s || *end != '\0' || *id <= 0) {
		cli_error(c, _("'%s' is not a %s number"), s, what);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

void cli_time(const struct cli *c, temas_time t, char *buf, size_t n)
{
	const char *fmt = config_get(c->cfg, "date_format");

	if (fmt == NULL)
		fmt = text_locale_date_format();
	if (t <= 0 || text_format_time(t, fmt, buf, n) < 0)
		snprintf(buf, n, "-");
}

int cli_whoami(struct cli *c, const char *as, struct agent *me)
{
	struct agent self;
	char detail[160];
	int rc = store_agent_by_login(c->st, c->login, &self);

	if (rc == STORE_NOTFOUND) {
		cli_error(c, _("you (%s) are not a temas agent; a supervisor can add you with 'temas agent add %s'"),
			  c->login, c->login);
		return EXIT_DENIED;
	}
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	if (as == NULL || strcmp(as, self.login) == 0) {
		*me = self;
		return EXIT_OK;
	}
	if (self.role != ROLE_SUPERVISOR) {
		cli_error(c, _("only a supervisor can act as another agent (--as %s)"), as);
		return EXIT_DENIED;
	}
	rc = store_agent_by_login(c->st, as, me);
	if (rc == STORE_NOTFOUND) {
		cli_error(c, _("no active agent '%s'"), as);
		return EXIT_NOTFOUND;
	}
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	snprintf(detail, sizeof detail, "as %s", me->login);
	return cli_store_exit(c, store_audit(c->st, &self, "act-as", 0, 0, detail));
}

static int agent_add(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "temas agent add LOGIN [--name NAME] [--supervisor]";
	const char *name = NULL;
	int supervisor = 0, npos, rc, n;
	char *pos[1];
	struct agent me, first;
	long long id;
	const struct cli_opt opts[] = {
		{ "--name", &name, NULL },
		{ "--supervisor", NULL, &supervisor },
		{ NULL, NULL, NULL },
	};

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos, usage)) != EXIT_OK)
		return rc;
	if ((rc = store_agent_list(c->st, &first, 1, &n)) != STORE_OK)
		return cli_store_exit(c, rc);
	if (n > 0) {
		/* Once there is an agent, only a supervisor adds more. */
		if ((rc = cli_whoami(c, NULL, &me)) != EXIT_OK)
			return rc;
		if (me.role != ROLE_SUPERVISOR) {
			cli_error(c, _("only a supervisor can add agents"));
			return EXIT_DENIED;
		}
	}
	rc = store_agent_upsert(c->st, pos[0], name,
				supervisor ? ROLE_SUPERVISOR : ROLE_AGENT, &id);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	rc = store_audit(c->st, n > 0 ? &me : NULL, "agent-add", 0, 0, pos[0]);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("agent %s added (%s)\n"), pos[0],
	       supervisor ? _("supervisor") : _("agent"));
	return EXIT_OK;
}

static int agent_list(struct cli *c, int argc, char **argv)
{
	struct agent rows[256];
	char *pos[1];
	int n, i, npos, rc;

	if ((rc = cli_parse(c, argc, argv, NULL, pos, 0, 0, &npos,
			    "temas agent list")) != EXIT_OK)
		return rc;
	if ((rc = store_agent_list(c->st, rows, 256, &n)) != STORE_OK)
		return cli_store_exit(c, rc);
	for (i = 0; i < n; i++) {
		printf("%-16s %-10s %s%s\n", rows[i].login,
		       rows[i].role == ROLE_SUPERVISOR ? "supervisor" : "agent",
		       rows[i].name, rows[i].active ? "" : _(" (inactive)"));
	}
	return EXIT_OK;
}

int cli_agent(struct cli *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return agent_add(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return agent_list(c, argc - 1, argv + 1);
	cli_error(c, _("usage: temas agent add LOGIN [--name NAME] [--supervisor] | temas agent list"));
	return EXIT_USAGE;
}

void cli_put_safe(FILE *f, const char *s, const char *indent)
{
	char *safe = text_sanitize(s, s ? strlen(s) : 0, TEXT_KEEP_NEWLINES);
	const char *p;

	fputs(indent, f);
	for (p = safe ? safe : ""; *p; p++) {
		fputc(*p, f);
		if (*p == '\n' && p[1] != '\0')
			fputs(indent, f);
	}
	fputc('\n', f);
	free(safe);
}

void cli_put_field(FILE *f, const char *s)
{
	char *safe = text_sanitize(s, s ? strlen(s) : 0, 0);
	char *p;

	for (p = safe; p && *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = ' ';
	fputs(safe ? safe : "", f);
	free(safe);
}

int cli_read_text(struct cli *c, const char *path, char **out)
{
	enum { MAX = 256 * 1024 };
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf;
	size_t got;

	*out = NULL;
	if (f == NULL) {
		cli_error(c, _("%s: cannot open: %s"), path, strerror(errno));
		return EXIT_FAIL;
	}
	buf = malloc(MAX + 1);
	if (buf == NULL) {
		if (f != stdin)
			fclose(f);
		cli_error(c, _("out of memory"));
		return EXIT_FAIL;
	}
	got = fread(buf, 1, MAX + 1, f);
	if (f != stdin)
		fclose(f);
	if (got > MAX) {
		free(buf);
		cli_error(c, _("%s: longer than %d bytes"), path, MAX);
		return EXIT_FAIL;
	}
	buf[got] = '\0';
	if (strlen(buf) != got || !text_validate_utf8(buf, got)) {
		free(buf);
		cli_error(c, _("%s: not UTF-8 text"), path);
		return EXIT_FAIL;
	}
	*out = buf;
	return EXIT_OK;
}
