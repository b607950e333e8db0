/*
 * assign_rule.c: auto-assignment from the shell: `temas assign-rule list |
 * set CHANNEL MODE [--skill channel,language]` and the agents' side of it,
 * `temas agent capacity LOGIN N|none` and `temas agent skills LOGIN
 * [--channels LIST] [--languages LIST]`.  Supervisors change them, audited;
 * any agent may list them.  Bad input is refused by name before anything
 * is written.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/assign.h"
#include "temas/i18n.h"
#include "temas/parse.h"
#include "temas/store.h"
#include "temas/text.h"

static int rule_list(struct cli *c, int argc, char **argv)
{
	struct assign_rule *rules;
	struct assign_agent *agents;
	char *pos[1], load[32];
	int npos, rc, n, i;

	if ((rc = cli_parse(c, argc, argv, NULL, pos, 0, 0, &npos,
			    "temas assign-rule list")) != EXIT_OK)
		return rc;
	if ((rc = store_assign_rules(c->st, &rules, &n)) != STORE_OK)
		return cli_store_exit(c, rc);
	printf("%-12s %-13s %s\n", _("channel"), _("rule"), _("skills"));
	for (i = 0; i < n; i++) {
		char sk[32];

		snprintf(sk, sizeof sk, "%s%s%s",
			 rules[i].skills & ASSIGN_SKILL_CHANNEL ? "channel" : "",
			 rules[i].skills == (ASSIGN_SKILL_CHANNEL | ASSIGN_SKILL_LANG) ? "," : "",
			 rules[i].skills & ASSIGN_SKILL_LANG ? "language" : "");
		printf("%-12s %-13s %s\n", rules[i].channel,
		       assign_mode_name(rules[i].mode), *sk ? sk : "-");
	}
	free(rules);
	if ((rc = store_assign_agents(c->st, &agents, &n)) != STORE_OK)
		return cli_store_exit(c, rc);
	printf("\n%-16s %-10s %-6s %-9s %-20s %s\n", _("agent"), _("role"), _("online"),
	       _("load/cap"), _("channels"), _("languages"));
	for (i = 0; i < n; i++) {
		const struct assign_agent *a = &agents[i];
		char *login, *chans, *langs;

		if (a->capacity >= 0)
			snprintf(load, sizeof load, "%d/%d", a->load, a->capacity);
		else
			snprintf(load, sizeof load, "%d/-", a->load);
		/* Written by other programs too: printed clean. */
		login = text_sanitize(a->login, strlen(a->login), 0);
		chans = text_sanitize(a->channels, strlen(a->channels), 0);
		langs = text_sanitize(a->langs, strlen(a->langs), 0);

		printf("%-16s %-10s %-6s %-9s %-20s %s\n", login ? login : "",
		       a->role == ROLE_SUPERVISOR ? "supervisor" : "agent",
		       a->online ? _("yes") : _("no"), load,
		       chans && *chans ? chans : "-", langs && *langs ? langs : "-");
		free(login);
		free(chans);
		free(langs);
	}
	free(agents);
	return EXIT_OK;
}

static int rule_set(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"temas assign-rule set CHANNEL round-robin|least-loaded|off"
		" [--skill channel,language]";
	const char *skill = NULL;
	char *pos[2];
	int npos, rc, mode, skills = 0;
	const struct cli_opt opts[] = { { "--skill", &skill, NULL }, { NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 2, 2, &npos, usage)) != EXIT_OK)
		return rc;
	if ((mode = assign_mode_parse(pos[1])) < 0) {
		char *safe = text_sanitize(pos[1], strlen(pos[1]), 0);

		cli_error(c, _("assign-rule set: '%s' is not a rule; give round-robin, "
			       "least-loaded or off"), safe ? safe : "");
		free(safe);
		return EXIT_USAGE;
	}
	if (skill != NULL && assign_skills_parse(skill, &skills) != 0) {
		char *safe = text_sanitize(skill, strlen(skill), 0);

		cli_error(c, _("assign-rule set: --skill '%s': give channel, language "
			       "or channel,language"), safe ? safe : "");
		free(safe);
		return EXIT_USAGE;
	}
	if (skill != NULL && mode == ASSIGN_OFF) {
		cli_error(c, "%s", _("assign-rule set: --skill needs a rule, not off"));
		return EXIT_USAGE;
	}
	if ((rc = cli_need_supervisor(c, _("only a supervisor can change assignment rules"))) != EXIT_OK)
		return rc;
	rc = store_assign_rule_set(c->st, c->login, pos[0], (enum assign_mode)mode, skills);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	if (mode == ASSIGN_OFF)
		printf(_("%s: auto-assignment off\n"), pos[0]);
	else
		printf(_("%s: new complaints are assigned %s\n"), pos[0],
		       mode == ASSIGN_ROUND_ROBIN ? _("round-robin") : _("to the least loaded agent"));
	return EXIT_OK;
}

int cli_assign_rule(struct cli *c, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "list", rule_list }, { "set", rule_set },
	};

	return cli_run_sub(c, argc, argv, subs, sizeof subs / sizeof subs[0],
			   _("usage: temas assign-rule list | set CHANNEL "
			     "round-robin|least-loaded|off [--skill channel,language]"));
}

int cli_agent_capacity(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "temas agent capacity LOGIN N|none";
	char *pos[2], *end;
	long n = -1;
	int npos, rc;

	if ((rc = cli_parse(c, argc, argv, NULL, pos, 2, 2, &npos, usage)) != EXIT_OK)
		return rc;
	if (strcmp(pos[1], "none") != 0) {
		errno = 0;
		n = strtol(pos[1], &end, 10);
		if (errno || end == pos[1] || *end != '\0' || n < 0 || n > 100000) {
			char *safe = text_sanitize(pos[1], strlen(pos[1]), 0);

			cli_error(c, _("agent capacity: '%s' is not a number of complaints "
				       "(0 to 100000) or none"), safe ? safe : "");
			free(safe);
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_need_supervisor(c, _("only a supervisor can set an agent's capacity"))) != EXIT_OK)
		return rc;
	if ((rc = store_agent_set_capacity(c->st, c->login, pos[0], (int)n)) != STORE_OK)
		return cli_store_exit(c, rc);
	if (n >= 0)
		printf(_("%s: at most %ld open complaints by auto-assignment\n"), pos[0], n);
	else
		printf(_("%s: no limit of open complaints\n"), pos[0]);
	return EXIT_OK;
}

/* Split a comma-separated list into *out (pointers into list, which is
 * changed); "" gives none. */
static int split_list(char *list, char ***out, int *n)
{
	char *p;
	int cap = 1;

	for (p = list; *p; p++)
		cap += *p == ',';
	*n = 0;
	if ((*out = calloc((size_t)cap, sizeof **out)) == NULL)
		return -1;
	if (*list == '\0')
		return 0;
	for (p = list;; p++) {
		(*out)[(*n)++] = list;
		p = strchr(list, ',');
		if (p == NULL)
			break;
		*p = '\0';
		list = p + 1;
	}
	return 0;
}

static int set_skills(struct cli *c, const char *login, const char *opt,
		      const char *kind, const char *arg)
{
	char *copy = strdup(arg), **vals = NULL, *safe;
	int n = 0, i, rc = EXIT_OK;

	if (copy == NULL || split_list(copy, &vals, &n) != 0) {
		cli_error(c, _("out of memory"));
		free(copy);
		return EXIT_FAIL;
	}
	for (i = 0; i < n && rc == EXIT_OK; i++) {
		char *p;

		for (p = vals[i]; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (*vals[i] != '\0' && (strcmp(kind, "channel") == 0 ||
					 text_lang_tag_valid(vals[i])))
			continue;
		safe = text_sanitize(vals[i], strlen(vals[i]), 0);
		if (strcmp(kind, "channel") == 0)
			cli_error(c, _("agent skills: %s: '%s' is not a channel code"), opt,
				  safe ? safe : "");
		else
			cli_error(c, _("agent skills: %s: '%s' is not a language tag "
				       "(BCP 47: tr, en, pt-BR)"), opt, safe ? safe : "");
		free(safe);
		rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK) {
		rc = store_agent_set_skills(c->st, c->login, login, kind,
					    (const char *const *)vals, n);
		if (rc == STORE_INVALID) {
			cli_error(c, _("agent skills: %s: %s"), opt, store_errmsg(c->st));
			rc = EXIT_USAGE;
		} else {
			rc = cli_store_exit(c, rc);
		}
	}
	free(vals);
	free(copy);
	return rc;
}

int cli_agent_skills(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"temas agent skills LOGIN [--channels LIST] [--languages LIST]";
	const char *channels = NULL, *langs = NULL;
	char *pos[1];
	int npos, rc;
	const struct cli_opt opts[] = {
		{ "--channels", &channels, NULL }, { "--languages", &langs, NULL },
		{ NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos, usage)) != EXIT_OK)
		return rc;
	if (channels == NULL && langs == NULL) {
		cli_error(c, _("usage: %s"), usage);
		return EXIT_USAGE;
	}
	if ((rc = cli_need_supervisor(c, _("only a supervisor can set an agent's skills"))) != EXIT_OK)
		return rc;
	/* Both lists in one transaction: a bad second list changes nothing. */
	if (store_tx_begin(c->st) != STORE_OK)
		return cli_store_exit(c, STORE_ERROR);
	if (channels != NULL)
		rc = set_skills(c, pos[0], "--channels", "channel", channels);
	if (rc == EXIT_OK && langs != NULL)
		rc = set_skills(c, pos[0], "--languages", "lang", langs);
	if (rc != EXIT_OK) {
		store_tx_rollback(c->st);
		return rc;
	}
	if (store_tx_commit(c->st) != STORE_OK)
		return cli_store_exit(c, STORE_ERROR);
	printf(_("%s: skills saved\n"), pos[0]);
	return EXIT_OK;
}
