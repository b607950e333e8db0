/*
 * show.c: `temas show complaint ID` and `temas show customer ID`.
 *
 * Showing a customer prints their order history, so it counts as the
 * agent having seen it: their open complaints of that customer may then be
 * answered.  The complaint view prints the conversation, not the orders.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/complaint.h"
#include "temas/customer.h"
#include "temas/i18n.h"
#include "temas/relate.h"
#include "temas/snooze.h"
#include "temas/store.h"
#include "temas/text.h"
#include "temas/when.h"

#define SHOW_PAGE 200     /* orders read at a time */

static const char *const dir_names[] = { "in", "out", "note" };

/* Imported fields are printed too: none may carry a control character.
 * *hold owns the cleaned copy until the next call with it. */
static const char *safe(char **hold, const char *s)
{
	free(*hold);
	*hold = text_sanitize(s, strlen(s), 0);
	return *hold ? *hold : "";
}

/* "Merged into: 3", "Linked: 7 9" and other open complaints about the
 * same order, when there are such. */
static int show_relations(struct cli *c, long long id)
{
	long long into, *links;
	int n, i, rc = store_complaint_relations(c->st, id, &into, &links, &n);

	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	if (into)
		printf(_("Merged into: %lld (temas show complaint %lld)\n"), into,
		       into);
	if (n > 0) {
		printf(_("Linked:  "));
		for (i = 0; i < n; i++)
			printf(" %lld", links[i]);
		printf("\n");
	}
	free(links);
	rc = store_complaint_same_order(c->st, id, &links, &n);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	if (n > 0) {
		printf(_("Same order, also open:"));
		for (i = 0; i < n; i++)
			printf(" %lld", links[i]);
		printf(_("  (temas merge, or temas link if they are separate)\n"));
	}
	free(links);
	return EXIT_OK;
}

static int show_complaint(struct cli *c, struct agent *me, long long id)
{
	struct complaint cp;
	struct interaction *rows;
	char t1[TEXT_DATE_MAX], t2[TEXT_DATE_MAX], t3[TEXT_DATE_MAX];
	char *hold = NULL;
	int rc, n, i;

	(void)me;
	if ((rc = store_complaint_get(c->st, id, &cp)) != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("Complaint %lld  [%s]  %s  %s  %s\n"), cp.id,
	       store_status_name(cp.status), cp.channel, cp.priority,
	       safe(&hold, cp.category));
	free(hold);
	printf(_("Subject:  "));
	cli_put_safe(stdout, cp.subject, "");
	printf(_("Customer: "));
	cli_put_safe(stdout, cp.customer_name, "");
	printf(_("          (%lld; orders: temas show customer %lld)\n"),
	       cp.customer_id, cp.customer_id);
	printf(_("Holder:   %s\n"), cp.assignee_id ? cp.assignee_login : "-");
	cli_time(c, cp.opened_at, t1, sizeof t1);
	cli_time(c, cp.first_response_due, t2, sizeof t2);
	cli_time(c, cp.resolution_due, t3, sizeof t3);
	printf(_("Opened:   %s  first response due %s  resolution due %s\n"),
	       t1, t2, t3);
	cli_time(c, cp.first_response_at, t1, sizeof t1);
	cli_time(c, cp.resolved_at, t2, sizeof t2);
	cli_time(c, cp.closed_at, t3, sizeof t3);
	printf(_("Answered: %s  resolved %s  closed %s\n"), t1, t2, t3);
	if (cp.resolution[0]) {
		printf(_("Resolution: "));
		cli_put_safe(stdout, cp.resolution, "");
	}
	if (cp.snoozed_until != 0) {
		long long now = store_now(c->st);

		text_when_format(cp.snoozed_until, now, t1, sizeof t1);
		if (snooze_state_of(&cp, now) == SNOOZE_ASLEEP)
			printf(_("Snoozed:  until %s, by %s"), t1, cp.snoozed_by);
		else
			printf(_("Snoozed:  back since %s (snoozed by %s)"), t1,
			       cp.snoozed_by);
		if (cp.snooze_note[0]) {
			printf(": ");
			cli_put_safe(stdout, cp.snooze_note, "");
		} else {
			printf("\n");
		}
	}
	if ((rc = show_relations(c, id)) != EXIT_OK)
		return rc;
	rc = store_complaint_interactions(c->st, id, &rows, &n);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("\nTimeline:\n"));
	for (i = 0; i < n; i++) {
		cli_time(c, rows[i].at, t1, sizeof t1);
		printf("%s  %-4s  %-8s  %s  ", t1, dir_names[rows[i].direction],
		       rows[i].channel,
		       rows[i].agent_login[0] ? rows[i].agent_login : _("(customer)"));
		printf(_("(message %lld)\n"), rows[i].id);
		cli_put_safe(stdout, rows[i].body, "    ");
		free(rows[i].body);
	}
	free(rows);
	return EXIT_OK;
}

/* Every order of the customer, newest first, a page at a time. */
static int show_orders(struct cli *c, long long id, char **hold)
{
	struct order *orders = calloc(SHOW_PAGE, sizeof *orders);
	char t[TEXT_DATE_MAX], m[48];
	int rc, total, n, i, off = 0;

	if (orders == NULL) {
		cli_error(c, _("out of memory"));
		return EXIT_FAIL;
	}
	if ((rc = store_order_count(c->st, id, &total)) != STORE_OK) {
		free(orders);
		return cli_store_exit(c, rc);
	}
	printf(_("\nOrders (%d):\n"), total);
	do {
		rc = store_order_list(c->st, id, off, SHOW_PAGE, orders, &n);
		if (rc != STORE_OK) {
			free(orders);
			return cli_store_exit(c, rc);
		}
		for (i = 0; i < n; i++) {
			cli_time(c, orders[i].placed_at, t, sizeof t);
			if (text_format_money(orders[i].total, orders[i].currency,
					      text_locale_turkish(LC_MONETARY), m,
					      sizeof m) < 0)
				snprintf(m, sizeof m, "%lld", orders[i].total);
			printf("  %-14s %s  %-10s %16s\n", safe(hold, orders[i].number),
			       t, orders[i].status, m);
		}
		off += n;
	} while (n == SHOW_PAGE);
	free(orders);
	return EXIT_OK;
}

static int show_customer(struct cli *c, struct agent *me, long long id)
{
	struct customer cu;
	struct customer_merge_made *made;
	struct history_look look;
	long long *ids;
	char t[TEXT_DATE_MAX], *hold = NULL;
	int rc, n, i, marked = 0;

	if ((rc = store_customer_get(c->st, id, &cu)) != STORE_OK)
		return cli_store_exit(c, rc);
	/* A record merged into another is shown as that one. */
	if (cu.merged_into != 0) {
		printf(_("Customer %lld was merged into customer %lld.\n"), id,
		       cu.merged_into);
		id = cu.merged_into;
		if ((rc = store_customer_get(c->st, id, &cu)) != STORE_OK)
			return cli_store_exit(c, rc);
	}
	printf(_("Customer %lld  "), cu.id);
	/* Each part made safe on its own: an escape sequence left open in
	 * one cannot swallow the other. */
	if (!cu.erased_at && (text_or(cu.first_name)[0] || text_or(cu.last_name)[0])) {
		char *hold2 = NULL;

		printf("%s ", safe(&hold, cu.first_name));
		printf("%s\n", safe(&hold2, cu.last_name));
		free(hold2);
	} else {
		cli_put_safe(stdout, cu.erased_at ? _("(erased)") : text_or(cu.name), "");
	}
	if (!cu.erased_at && (text_or(cu.email)[0] || text_or(cu.phone)[0])) {
		char em[1024], ph[1024], *hold2 = NULL;

		text_mask_email(cu.email, em, sizeof em);
		text_mask_phone(cu.phone, ph, sizeof ph);
		printf(_("Contact: %s  %s\n"), safe(&hold, em),
		       safe(&hold2, ph));
		free(hold2);
	}
	cli_time(c, cu.created_at, t, sizeof t);
	printf(_("Tier: %s  language: %s  customer since %s\n"), cu.tier,
	       safe(&hold, cu.lang), t);
	/* Each record merged into this one, with when and by whom: the
	 * merge's own, an imported one's too. */
	if ((rc = store_customer_merges_made(c->st, id, &made, &n)) != STORE_OK) {
		free(hold);
		return cli_store_exit(c, rc);
	}
	if (n > 0) {
		printf("%s", _("Merged into this record:"));
		for (i = 0; i < n; i++) {
			cli_time(c, made[i].at, t, sizeof t);
			printf(_(" %lld (%s, by %s)"), made[i].id, t,
			       safe(&hold, made[i].login));
		}
		printf("\n");
	}
	store_customer_merges_free(made, n);
	/* Read before the orders: a merge or a change to the orders that
	 * lands while they are printed leaves them unmarked. */
	if ((rc = store_customer_look(c->st, id, &look)) != STORE_OK) {
		free(hold);
		return cli_store_exit(c, rc);
	}
	rc = show_orders(c, id, &hold);
	free(hold);
	if (rc != EXIT_OK)
		return rc;
	rc = store_history_mark_customer(c->st, me, &look, &marked);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	if ((rc = store_complaint_open_ids(c->st, id, &ids, &n)) != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("\nOpen complaints (%d):"), n);
	for (i = 0; i < n; i++)
		printf(" %lld", ids[i]);
	printf("\n");
	free(ids);
	return EXIT_OK;
}

int cli_show(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "temas show complaint|customer ID [--as LOGIN]";
	const char *as = NULL;
	struct agent me;
	char *pos[2];
	long long id;
	int npos, rc, complaint;
	const struct cli_opt opts[] = { { "--as", &as, NULL }, { NULL, NULL, NULL } };

	if ((rc = cli_parse(c, argc, argv, opts, pos, 2, 2, &npos, usage)) != EXIT_OK)
		return rc;
	complaint = strcmp(pos[0], "complaint") == 0;
	if (!complaint && strcmp(pos[0], "customer") != 0) {
		cli_error(c, _("cannot show '%s'; usage: %s"), pos[0], usage);
		return EXIT_USAGE;
	}
	if ((rc = cli_parse_ref(c, pos[1], complaint, &id)) != EXIT_OK)
		return rc;
	if ((rc = cli_whoami(c, as, &me)) != EXIT_OK)
		return rc;
	return complaint ? show_complaint(c, &me, id) : show_customer(c, &me, id);
}
