/*
 * agent.c: `temas agent add|set|list`, and deciding which agent runs a command.
 *
 * The agent is the Unix account: the login the system vouches for.  The
 * one exception, `--as LOGIN`, lets a supervisor act for another agent
 * (to cover a shift, and to drive many agents from one account in tests);
 * it is refused to everyone else and written to the audit log, in the
 * command's own transaction.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/agent.h"
#include "temas/config.h"
#include "temas/customer.h"
#include "temas/i18n.h"
#include "temas/path.h"
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
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			printf(_("Usage: %s\n"), usage);
			return EXIT_HELP;
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
		/* Text from the command line is held to the rules of text from
		 * a file (a file name is bytes, as the system has it). */
		if (o->value != NULL && strcmp(o->name, "--file") != 0 &&
		    !text_validate_utf8(*o->value, strlen(*o->value))) {
			cli_error(c, _("%s: option %s: not valid UTF-8 text"), argv[0], o->name);
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

/* cli_parse_ref with the team's id looked up by lookup. */
static int parse_ref(struct cli *c, const char *s, int complaint,
		     int (*lookup)(struct store *, const char *, long long *),
		     long long *id)
{
	const char *ext = s;
	int rc;

	if (*s >= '0' && *s <= '9')
		return cli_parse_id(c, s, complaint ? _("complaint") : _("customer"), id);
	if (strncmp(s, "ext:", 4) == 0)
		ext = s + 4;
	if (*ext == '\0') {
		cli_error(c, "%s", _("an empty id names nothing"));
		return EXIT_USAGE;
	}
	rc = lookup(c->st, ext, id);
	if (rc == STORE_NOTFOUND) {
		char *safe = text_sanitize(ext, strlen(ext), 0);

		cli_error(c, complaint
			  ? _("no complaint with the id '%s' (temas's number or the team's ext_id)")
			  : _("no customer with the id '%s' (temas's number or the team's ext_id)"),
			  safe ? safe : "");
		free(safe);
		return EXIT_NOTFOUND;
	}
	return rc == STORE_OK ? EXIT_OK : cli_store_exit(c, rc);
}

int cli_parse_ref(struct cli *c, const char *s, int complaint, long long *id)
{
	return parse_ref(c, s, complaint,
			 complaint ? store_complaint_by_ext : store_customer_by_ext, id);
}

int cli_parse_customer_record(struct cli *c, const char *s, long long *id)
{
	return parse_ref(c, s, 0, store_customer_record_by_ext, id);
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
	/* Written with the command's own write (main flushes it otherwise). */
	return cli_store_exit(c, store_audit_defer(c->st, &self, "act-as", 0, 0, detail));
}

int cli_audit_self(struct cli *c, const char *action, const char *fmt, ...)
{
	va_list ap;
	char *detail;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (detail = malloc((size_t)n + 1)) == NULL) {
		cli_error(c, _("out of memory"));
		return EXIT_FAIL;
	}
	va_start(ap, fmt);
	vsnprintf(detail, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = store_audit_login(c->st, c->login, action, 0, 0, detail);
	free(detail);
	return cli_store_exit(c, rc);
}

int cli_require(struct cli *c, const char *cmd, enum cli_need need,
		int bootstrap)
{
	struct agent me;
	long long n;
	int rc, gw = 0;

	if (need == NEED_NOBODY)
		return EXIT_OK;
	rc = store_agent_by_login(c->st, c->login, &me);
	if (rc == STORE_OK) {
		if (need != NEED_SUPERVISOR || me.role == ROLE_SUPERVISOR)
			return EXIT_OK;
		cli_error(c, _("%s: supervisors only (you, %s, are an agent)"), cmd, c->login);
		return EXIT_DENIED;
	}
	if (rc != STORE_NOTFOUND)
		return cli_store_exit(c, rc);
	if (need == NEED_INGEST) {
		if ((rc = store_gateway_is(c->st, c->login, &gw)) != STORE_OK)
			return cli_store_exit(c, rc);
		if (gw)
			return EXIT_OK;
	}
	if (bootstrap) {
		if ((rc = store_agent_count(c->st, &n)) != STORE_OK)
			return cli_store_exit(c, rc);
		if (n == 0)
			return EXIT_OK;
	}
	if (need == NEED_INGEST)
		cli_error(c, _("%s: you (%s) are neither a temas agent nor a gateway account; "
			       "a supervisor can allow you with 'temas agent add %s --gateway'"),
			  cmd, c->login, c->login);
	else
		cli_error(c, _("%s: you (%s) are not a temas agent; a supervisor can add you "
			       "with 'temas agent add %s'"), cmd, c->login, c->login);
	return EXIT_DENIED;
}

/* EXIT_USAGE, the login named (cmd: "agent add"), unless it follows
 * the Unix login rules. */
static int login_usable(struct cli *c, const char *cmd, const char *login)
{
	char *safe;

	if (store_login_valid(login))
		return EXIT_OK;
	safe = text_sanitize(login, strlen(login), 0);
	cli_error(c, _("%s: '%s' is not a Unix login (letters, digits, '.', '_', "
		       "'-'; at most 32 characters; not starting with '-')"),
		  cmd, safe ? safe : "");
	free(safe);
	return EXIT_USAGE;
}

/* Who runs the command, into me, when a supervisor; else refused with
 * the words given. */
static int supervisor_me(struct cli *c, struct agent *me, const char *refusal)
{
	int rc = cli_whoami(c, NULL, me);

	if (rc != EXIT_OK)
		return rc;
	if (me->role != ROLE_SUPERVISOR) {
		cli_error(c, "%s", refusal);
		return EXIT_DENIED;
	}
	return EXIT_OK;
}

static int agent_add(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"temas agent add LOGIN [--name NAME] [--supervisor | --gateway]";
	const char *name = NULL;
	int supervisor = 0, gateway = 0, npos, rc, n;
	char *pos[1];
	struct agent me, first;
	long long id;
	const struct cli_opt opts[] = {
		{ "--name", &name, NULL },
		{ "--supervisor", NULL, &supervisor },
		{ "--gateway", NULL, &gateway },
		{ NULL, NULL, NULL },
	};

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos, usage)) != EXIT_OK)
		return rc;
	if (supervisor && gateway) {
		cli_error(c, _("agent add: --supervisor and --gateway exclude each other"));
		return EXIT_USAGE;
	}
	/* Checked here too so that the message names the argument. */
	if ((rc = login_usable(c, "agent add", pos[0])) != EXIT_OK)
		return rc;
	if (name != NULL && !store_name_valid(name)) {
		cli_error(c, _("agent add: --name must be UTF-8 text of at most %d bytes "
			       "without control characters"), STORE_NAME_MAX);
		return EXIT_USAGE;
	}
	if ((rc = store_agent_list(c->st, &first, 1, &n)) != STORE_OK)
		return cli_store_exit(c, rc);
	if (n > 0) {
		/* Once there is an agent, only a supervisor adds more. */
		if ((rc = supervisor_me(c, &me, _("only a supervisor can add agents"))) != EXIT_OK)
			return rc;
	}
	if (gateway) {
		if (n == 0) {
			cli_error(c, _("agent add: add a supervisor before a gateway account"));
			return EXIT_DENIED;
		}
		rc = store_gateway_add(c->st, pos[0]);
	} else {
		rc = store_agent_add(c->st, pos[0], name,
				     supervisor ? ROLE_SUPERVISOR : ROLE_AGENT, &id);
	}
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	rc = store_audit(c->st, n > 0 ? &me : NULL,
			 gateway ? "gateway-add" : "agent-add", 0, 0, pos[0]);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("agent %s added (%s)\n"), pos[0],
	       gateway ? _("gateway") : supervisor ? _("supervisor") : _("agent"));
	return EXIT_OK;
}

/* `agent set LOGIN [--name NAME] [--supervisor | --agent]`: a supervisor
 * renames an agent or changes its role; the last active supervisor stays
 * one. */
static int agent_set(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"temas agent set LOGIN [--name NAME] [--supervisor | --agent]";
	const char *name = NULL;
	int supervisor = 0, agent = 0, npos, rc;
	char *pos[1], detail[256], *safe;
	struct agent me;
	const struct cli_opt opts[] = {
		{ "--name", &name, NULL },
		{ "--supervisor", NULL, &supervisor },
		{ "--agent", NULL, &agent },
		{ NULL, NULL, NULL },
	};

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos, usage)) != EXIT_OK)
		return rc;
	if (supervisor && agent) {
		cli_error(c, _("agent set: --supervisor and --agent exclude each other"));
		return EXIT_USAGE;
	}
	if (name == NULL && !supervisor && !agent) {
		cli_error(c, _("agent set: nothing to change; usage: %s"), usage);
		return EXIT_USAGE;
	}
	if (name != NULL && (*name == '\0' || !store_name_valid(name))) {
		cli_error(c, _("agent set: --name must be UTF-8 text of at most %d bytes "
			       "without control characters"), STORE_NAME_MAX);
		return EXIT_USAGE;
	}
	if ((rc = supervisor_me(c, &me, _("only a supervisor can change agents"))) != EXIT_OK)
		return rc;
	rc = store_agent_set(c->st, pos[0], name,
			     supervisor ? ROLE_SUPERVISOR : agent ? ROLE_AGENT : -1);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	snprintf(detail, sizeof detail, "%s%s%s%s", pos[0],
		 supervisor ? " role=supervisor" : agent ? " role=agent" : "",
		 name ? " name=" : "", name ? name : "");
	if ((rc = store_audit(c->st, &me, "agent-set", 0, 0, detail)) != STORE_OK)
		return cli_store_exit(c, rc);
	if ((rc = store_agent_by_login(c->st, pos[0], &me)) != STORE_OK)
		return cli_store_exit(c, rc);
	safe = text_sanitize(me.name, strlen(me.name), 0);
	printf(_("agent %s is now %s: %s\n"), pos[0],
	       me.role == ROLE_SUPERVISOR ? _("a supervisor") : _("an agent"),
	       safe ? safe : "");
	free(safe);
	return EXIT_OK;
}

/* `agent remove LOGIN`: a supervisor takes an agent off the team (the
 * complaints they hold go back to the queue) or a gateway account off. */
static int agent_remove(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "temas agent remove LOGIN";
	char *pos[1];
	struct agent me;
	long long released = 0;
	int npos, rc, gw = 0;

	if ((rc = cli_parse(c, argc, argv, NULL, pos, 1, 1, &npos, usage)) != EXIT_OK)
		return rc;
	if ((rc = login_usable(c, "agent remove", pos[0])) != EXIT_OK ||
	    (rc = supervisor_me(c, &me, _("only a supervisor can take agents off the team"))) != EXIT_OK)
		return rc;
	rc = store_agent_remove(c->st, &me, pos[0], &released);
	if (rc == STORE_NOTFOUND) {
		if ((rc = store_gateway_is(c->st, pos[0], &gw)) != STORE_OK)
			return cli_store_exit(c, rc);
		if (!gw) {
			cli_error(c, _("no active agent or gateway account '%s'"), pos[0]);
			return EXIT_NOTFOUND;
		}
		if ((rc = store_gateway_remove(c->st, pos[0])) == STORE_OK)
			rc = store_audit(c->st, &me, "gateway-remove", 0, 0, pos[0]);
		if (rc != STORE_OK)
			return cli_store_exit(c, rc);
		printf(_("gateway account %s removed\n"), pos[0]);
		return EXIT_OK;
	}
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	printf(P_("agent %s removed; %lld complaint they held is back in the queue\n",
		  "agent %s removed; %lld complaints they held are back in the queue\n",
		  released), pos[0], released);
	return EXIT_OK;
}

/* One line of `agent list`: login, role, name, all printed clean. */
static void put_agent_line(const char *login, const char *role, const char *name,
			   const char *tail)
{
	char *safe = text_sanitize(login, strlen(login), 0);

	printf("%-16s %-10s ", safe ? safe : "", role);
	free(safe);
	cli_put_field(stdout, name);
	printf("%s\n", tail);
}

static int put_gateway(void *ctx, const char *login)
{
	(void)ctx;
	put_agent_line(login, "gateway", "", "");
	return 0;
}

static int agent_list(struct cli *c, int argc, char **argv)
{
	struct agent *rows;
	char *pos[1];
	long long total;
	int n, i, npos, rc;

	if ((rc = cli_parse(c, argc, argv, NULL, pos, 0, 0, &npos,
			    "temas agent list")) != EXIT_OK)
		return rc;
	if ((rc = store_agent_count(c->st, &total)) != STORE_OK)
		return cli_store_exit(c, rc);
	rows = calloc(total > 0 ? (size_t)total : 1, sizeof *rows);
	if (rows == NULL) {
		cli_error(c, _("out of memory"));
		return EXIT_FAIL;
	}
	if ((rc = store_agent_list(c->st, rows, (int)total, &n)) != STORE_OK) {
		free(rows);
		return cli_store_exit(c, rc);
	}
	/* Logins and names written before they were checked, or by another
	 * program, are printed clean like every customer field. */
	for (i = 0; i < n; i++)
		put_agent_line(rows[i].login,
			       rows[i].role == ROLE_SUPERVISOR ? "supervisor" : "agent",
			       rows[i].name, rows[i].active ? "" : _(" (inactive)"));
	free(rows);
	if ((rc = store_gateway_each(c->st, put_gateway, NULL)) != STORE_OK)
		return cli_store_exit(c, rc);
	return EXIT_OK;
}

int cli_agent(struct cli *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return agent_add(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "set") == 0)
		return agent_set(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return agent_list(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "remove") == 0)
		return agent_remove(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "capacity") == 0)
		return cli_agent_capacity(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "skills") == 0)
		return cli_agent_skills(c, argc - 1, argv + 1);
	cli_error(c, _("usage: temas agent add LOGIN [--name NAME] [--supervisor | --gateway] | "
		       "temas agent set LOGIN [--name NAME] [--supervisor | --agent] | "
		       "temas agent remove LOGIN | temas agent list | temas agent capacity LOGIN N|none | "
		       "temas agent skills LOGIN [--channels LIST] [--languages LIST]"));
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
	char err[512];
	FILE *f;
	char *buf;
	size_t got;

	*out = NULL;
	if (cli_stdin_refused(c, "file", path))
		return EXIT_USAGE;
	f = strcmp(path, "-") == 0 ? stdin : text_path_open_read(path, err, sizeof err);
	if (f == NULL) {
		cli_error(c, "%s", err);
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
