/*
 * reply.c: `temas reply` and `temas note`: answer a complaint on its
 * channel, or leave an internal note, from a template, a file or the
 * command line.  The store enforces "order history first".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/agent.h"
#include "temas/complaint.h"
#include "temas/i18n.h"
#include "temas/outbox.h"
#include "temas/store.h"
#include "temas/template.h"

static int write_one(struct cli *c, int argc, char **argv, enum direction dir)
{
	const char *usage = dir == DIR_OUT
		? "temas reply ID (--template NAME | --file FILE | --text TEXT) [--as LOGIN]"
		: "temas note ID (--file FILE | --text TEXT) [--as LOGIN]";
	const char *as = NULL, *tmpl = NULL, *file = NULL, *text = NULL;
	struct agent me;
	struct complaint cp;
	long long id, iid = 0, seen = 0;
	char *pos[1], *body = NULL, state[16];
	int npos, rc, sources, by_mail = 0;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ "--file", &file, NULL },
		{ "--text", &text, NULL },
		{ dir == DIR_OUT ? "--template" : NULL, &tmpl, NULL },
		{ NULL, NULL, NULL },
	};

	if ((rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos, usage)) != EXIT_OK)
		return rc;
	sources = (tmpl != NULL) + (file != NULL) + (text != NULL);
	if (sources != 1) {
		cli_error(c, _("give exactly one of the text sources; usage: %s"), usage);
		return EXIT_USAGE;
	}
	if ((rc = cli_parse_ref(c, pos[0], 1, &id)) != EXIT_OK)
		return rc;
	if ((rc = cli_whoami(c, as, &me)) != EXIT_OK)
		return rc;
	if (tmpl != NULL) {
		rc = store_template_render(c->st, tmpl, id, &me, &body);
		if (rc != STORE_OK)
			return cli_store_exit(c, rc);
	} else if (file != NULL) {
		if ((rc = cli_read_text(c, file, &body)) != EXIT_OK)
			return rc;
	} else {
		body = strdup(text);
		if (body == NULL) {
			cli_error(c, _("out of memory"));
			return EXIT_FAIL;
		}
	}
	rc = store_complaint_reply(c->st, &me, id, dir, body, &iid);
	free(body);
	if (rc == STORE_DENIED && dir == DIR_OUT &&
	    store_history_seen_at(c->st, me.id, id, &seen) == STORE_OK && seen == 0 &&
	    store_complaint_get(c->st, id, &cp) == STORE_OK) {
		cli_error(c, _("complaint %lld: open the customer's order history first ('temas show customer %lld')"),
			  id, cp.customer_id);
		return EXIT_DENIED;
	}
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	if (dir == DIR_OUT &&
	    store_outbox_state(c->st, iid, state, sizeof state, &by_mail) == STORE_OK &&
	    !by_mail && store_complaint_get(c->st, id, &cp) == STORE_OK)
		/* Chat, social media, portals: their gateway takes it. */
		printf(_("reply %lld on complaint %lld queued in the %s gateway's outbox ('temas outbox --channel %s')\n"),
		       iid, id, cp.channel, cp.channel);
	else if (dir == DIR_OUT &&
		 store_outbox_state(c->st, iid, state, sizeof state, NULL) == STORE_OK)
		printf(_("reply %lld on complaint %lld queued for delivery ('temas send')\n"),
		       iid, id);
	else if (dir == DIR_OUT && store_complaint_get(c->st, id, &cp) == STORE_OK)
		/* Nothing left temas: what the agent said is on record. */
		printf(_("reply %lld recorded on complaint %lld (%s delivers nothing: the "
			 "customer hears it from you)\n"), iid, id, cp.channel);
	else
		printf(dir == DIR_OUT ? _("reply %lld recorded on complaint %lld\n")
				      : _("note %lld added to complaint %lld\n"),
		       iid, id);
	return EXIT_OK;
}

int cli_reply(struct cli *c, int argc, char **argv)
{
	return write_one(c, argc, argv, DIR_OUT);
}

int cli_note(struct cli *c, int argc, char **argv)
{
	return write_one(c, argc, argv, DIR_NOTE);
}
