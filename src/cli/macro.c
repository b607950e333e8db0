/*
 * macro.c: `temas macro list | show NAME | add FILE [--replace] |
 * remove NAME | apply NAME ID...`: macros from a shell.  Supervisors add
 * and remove them; anyone on the team lists, shows and applies them.
 * Applied to several complaints, each is its own transaction: one that
 * is refused (held by someone else meanwhile) is reported, the others
 * are still done, and the exit status is that of the first refusal.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/complaint.h"
#include "temas/i18n.h"
#include "temas/macro.h"
#include "temas/outbox.h"
#include "temas/path.h"
#include "temas/store.h"

#define FILE_MAX (1024 * 1024)

static int m_list(struct cli *c, int argc, char **argv)
{
	struct macro *ms;
	char *pos[1];
	int npos, rc, n, i;
	const struct cli_opt opts[] = { { NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, 0, &npos,
			    "temas macro list")) != EXIT_OK)
		return rc;
	if ((rc = store_macro_list(c->st, &ms, &n)) != STORE_OK)
		return cli_store_exit(c, rc);
	if (n == 0)
		printf("%s\n", _("no macros: temas macro add FILE (see temas-macro(5))"));
	for (i = 0; i < n; i++) {
		cli_put_field(stdout, ms[i].name);
		printf(P_("\t%d action\t", "\t%d actions\t", ms[i].nacts), ms[i].nacts);
		cli_put_field(stdout, ms[i].description);
		putchar('\n');
	}
	macro_free_all(ms, n);
	return EXIT_OK;
}

static int m_show(struct cli *c, int argc, char **argv)
{
	struct macro m;
	char *pos[1], *text;
	int npos, rc;
	const struct cli_opt opts[] = { { NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos,
			    "temas macro show NAME")) != EXIT_OK)
		return rc;
	if ((rc = store_macro_get(c->st, pos[0], &m)) != STORE_OK)
		return cli_store_exit(c, rc);
	rc = macro_format(&m, &text);
	macro_free(&m);
	if (rc != 0) {
		cli_error(c, "%s", _("out of memory"));
		return EXIT_FAIL;
	}
	cli_put_safe(stdout, text, "");
	free(text);
	return EXIT_OK;
}

/* The whole file as bytes: the parser says which line is not text. */
static int read_file(struct cli *c, const char *path, char **out, size_t *len)
{
	char err[512];
	FILE *f;
	char *buf;

	*out = NULL;
	if (cli_stdin_refused(c, "macro", path))
		return EXIT_USAGE;
	f = strcmp(path, "-") == 0 ? stdin : text_path_open_read(path, err, sizeof err);
	if (f == NULL) {
		cli_error(c, "%s", err);
		return EXIT_FAIL;
	}
	if ((buf = malloc(FILE_MAX + 1)) == NULL) {
		if (f != stdin)
			fclose(f);
		cli_error(c, "%s", _("out of memory"));
		return EXIT_FAIL;
	}
	*len = fread(buf, 1, FILE_MAX + 1, f);
	if (f != stdin)
		fclose(f);
	if (*len > FILE_MAX) {
		free(buf);
		cli_error(c, _("%s: longer than %d bytes"), path, FILE_MAX);
		return EXIT_FAIL;
	}
	*out = buf;
	return EXIT_OK;
}

static int m_add(struct cli *c, int argc, char **argv)
{
	struct macro *ms;
	char *pos[1], *buf, err[1024];
	size_t len;
	int npos, rc, n, replace = 0;
	const struct cli_opt opts[] = { { "--replace", NULL, &replace },
					{ NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos,
			    "temas macro add FILE [--replace]")) != EXIT_OK)
		return rc;
	if ((rc = cli_need_supervisor(c, _("only a supervisor can change macros"))) != EXIT_OK)
		return rc;
	if ((rc = read_file(c, pos[0], &buf, &len)) != EXIT_OK)
		return rc;
	rc = macro_parse(buf, len, pos[0], &ms, &n, err, sizeof err);
	free(buf);
	if (rc != 0) {
		cli_error(c, "%s", err);
		return EXIT_FAIL;
	}
	rc = store_macro_save(c->st, c->login, ms, n, replace, pos[0]);
	macro_free_all(ms, n);
	if (rc != STORE_OK) {
		cli_error(c, "%s", store_errmsg(c->st));
		return rc == STORE_INVALID ? EXIT_FAIL : cli_store_exit(c, rc);
	}
	printf(P_("%d macro loaded from %s\n", "%d macros loaded from %s\n", n), n, pos[0]);
	return EXIT_OK;
}

static int m_remove(struct cli *c, int argc, char **argv)
{
	char *pos[1];
	int npos, rc;
	const struct cli_opt opts[] = { { NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos,
			    "temas macro remove NAME")) != EXIT_OK)
		return rc;
	if ((rc = cli_need_supervisor(c, _("only a supervisor can change macros"))) != EXIT_OK)
		return rc;
	if ((rc = store_macro_remove(c->st, c->login, pos[0])) != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("macro %s removed\n"), pos[0]);
	return EXIT_OK;
}

/* What the macro did to one complaint, in words that are true: a reply
 * on a channel that delivers is queued, not sent. */
static void say_applied(struct cli *c, const char *name, long long id,
			const struct macro_result *r)
{
	char state[16];
	struct complaint cp;
	int by_mail = 0;

	if (r->reply_id != 0 &&
	    store_outbox_state(c->st, r->reply_id, state, sizeof state, &by_mail) == STORE_OK &&
	    !by_mail && store_complaint_get(c->st, id, &cp) == STORE_OK)
		/* Chat, social media, portals: their gateway takes it. */
		printf(_("macro %s applied to complaint %lld; reply %lld queued in the %s gateway's outbox ('temas outbox --channel %s')\n"),
		       name, id, r->reply_id, cp.channel, cp.channel);
	else if (r->reply_id != 0 &&
		 store_outbox_state(c->st, r->reply_id, state, sizeof state, NULL) == STORE_OK)
		printf(_("macro %s applied to complaint %lld; reply %lld queued for delivery ('temas send')\n"),
		       name, id, r->reply_id);
	else if (r->reply_id != 0)
		printf(_("macro %s applied to complaint %lld; reply %lld sent\n"),
		       name, id, r->reply_id);
	else
		printf(_("macro %s applied to complaint %lld\n"), name, id);
}

/* Say why complaint id was left as it was, naming it; the exit code. */
static int say_refused(struct cli *c, long long id, int rc)
{
	const char *msg = store_errmsg(c->st);
	struct complaint cp;
	char mark[96];

	/* Most refusals name the complaint already: say it once. */
	snprintf(mark, sizeof mark, _("complaint %lld"), id);
	if (rc == STORE_DENIED && strcmp(msg, _("open the customer's order history first")) == 0 &&
	    store_complaint_get(c->st, id, &cp) == STORE_OK) {
		cli_error(c, _("complaint %lld: open the customer's order history first ('temas show customer %lld')"),
			  id, cp.customer_id);
		return EXIT_DENIED;
	}
	if (strstr(msg, mark) != NULL)
		return cli_store_exit(c, rc);
	cli_error(c, _("complaint %lld: %s"), id, msg);
	return rc == STORE_NOTFOUND ? EXIT_NOTFOUND : rc == STORE_CONFLICT ? EXIT_CONFLICT
		: rc == STORE_DENIED ? EXIT_DENIED : EXIT_FAIL;
}

static int m_apply(struct cli *c, int argc, char **argv)
{
	const char *as = NULL, *usage = "temas macro apply NAME ID... [--as LOGIN]";
	const struct cli_opt opts[] = { { "--as", &as, NULL }, { NULL, NULL, NULL } };
	char **pos = calloc((size_t)argc + 1, sizeof *pos);
	long long *ids = calloc((size_t)argc + 1, sizeof *ids);
	struct macro_result r;
	struct macro m;
	struct agent me;
	int npos, rc, i, done = 0, worst = EXIT_OK;

	if (pos == NULL || ids == NULL) {
		free(pos);
		free(ids);
		cli_error(c, "%s", _("out of memory"));
		return EXIT_FAIL;
	}
	rc = cli_parse(c, argc, argv, opts, pos, 2, argc, &npos, usage);
	/* Every complaint named must be one before any is changed. */
	for (i = 1; rc == EXIT_OK && i < npos; i++)
		rc = cli_parse_ref(c, pos[i], 1, &ids[i - 1]);
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &me);
	if (rc == EXIT_OK) {
		if ((rc = store_macro_get(c->st, pos[0], &m)) != STORE_OK)
			rc = cli_store_exit(c, rc);
		else
			macro_free(&m);
	}
	for (i = 0; rc == EXIT_OK && i < npos - 1; i++) {
		int one = store_macro_apply(c->st, &me, pos[0], ids[i], NULL, &r);

		if (one == STORE_OK) {
			say_applied(c, pos[0], ids[i], &r);
			done++;
			continue;
		}
		one = say_refused(c, ids[i], one);
		if (worst == EXIT_OK)
			worst = one;
	}
	if (rc == EXIT_OK && worst != EXIT_OK && npos > 2)
		cli_error(c, _("macro %s: %d of %d complaints done"), pos[0], done, npos - 1);
	free(pos);
	free(ids);
	return rc != EXIT_OK ? rc : worst;
}

int cli_macro(struct cli *c, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "list", m_list }, { "show", m_show }, { "add", m_add },
		{ "remove", m_remove }, { "apply", m_apply },
	};

	return cli_run_sub(c, argc, argv, subs, sizeof subs / sizeof subs[0],
			   _("usage: temas macro list | show NAME | add FILE [--replace] | "
			     "remove NAME | apply NAME ID... [--as LOGIN]"));
}
