/*
 * relate.c: `temas merge SRC INTO`, `temas merge customer SRC INTO`,
 * `temas link A B`, `temas split`, and
 * the warning every way of opening a complaint gives when the customer
 * already has one open about the same order.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flow.h"
#include "temas/complaint.h"
#include "temas/customer.h"
#include "temas/i18n.h"
#include "temas/relate.h"
#include "temas/store.h"
#include "temas/text.h"

int cli_same_order(struct cli *c, long long id, long long **ids, int *n)
{
	if (store_complaint_same_order(c->st, id, ids, n) != STORE_OK) {
		cli_error(c, "%s", store_errmsg(c->st));
		return -1;
	}
	return 0;
}

void cli_say_same_order(struct cli *c, const char *where, long long id,
			const long long *ids, int n)
{
	struct complaint cp;
	struct order o;
	char *list, *num = NULL;
	size_t used = 0, room;
	int i;

	if (n <= 0)
		return;
	/* Every one of them: 20 digits, a sign and ", " each at most. */
	room = (size_t)n * 24 + 1;
	if ((list = malloc(room)) == NULL) {
		cli_error(c, "%s", _("out of memory"));
		return;
	}
	list[0] = '\0';
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(list + used, room - used, "%s%lld",
					 i ? ", " : "", ids[i]);
	/* The number is data (imported): made harmless before it is shown. */
	if (store_complaint_get(c->st, id, &cp) == STORE_OK && cp.order_id > 0 &&
	    store_order_get(c->st, cp.order_id, &o) == STORE_OK && o.number != NULL)
		num = text_sanitize(o.number, strlen(o.number), 0);
	cli_error(c, P_("%s: complaint %lld is about order %s, as open complaint %s "
			"of the same customer is: merge them (temas merge %lld %lld), "
			"or link them if they are separate (temas link)",
			"%s: complaint %lld is about order %s, as open complaints %s "
			"of the same customer are: merge them (temas merge %lld %lld), "
			"or link them if they are separate (temas link)", n),
		  where, id, num ? num : "-", list, id, ids[0]);
	free(num);
	free(list);
}

int cli_warn_same_order(struct cli *c, const char *where, long long id)
{
	long long *ids;
	int n;

	if (cli_same_order(c, id, &ids, &n) != 0)
		return -1;
	cli_say_same_order(c, where, id, ids, n);
	free(ids);
	return n;
}

/* Two complaint references and the agent acting. */
static int two_refs(struct cli *c, char **pos, long long *a, long long *b)
{
	int rc = cli_parse_ref(c, pos[0], 1, a);

	if (rc == EXIT_OK)
		rc = cli_parse_ref(c, pos[1], 1, b);
	return rc;
}

/* One side of a merge, as the prompt names it: "12 (Ayşe Yılmaz)". */
static int merge_side(struct cli *c, long long id, char **label)
{
	struct customer cu;
	char *name;
	int rc = store_customer_get(c->st, id, &cu), n;

	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	name = text_sanitize(text_or(cu.name), strlen(text_or(cu.name)), 0);
	n = snprintf(NULL, 0, "%lld (%s)", id, name ? name : "");
	if (n < 0 || (*label = malloc((size_t)n + 1)) == NULL) {
		free(name);
		cli_error(c, "%s", _("out of memory"));
		return EXIT_FAIL;
	}
	snprintf(*label, (size_t)n + 1, "%lld (%s)", id, name ? name : "");
	free(name);
	return EXIT_OK;
}

/* At a terminal: what the store would refuse said before anything is
 * asked, else the two records named and SRC's number typed back. */
static int merge_confirm(struct cli *c, const struct agent *me, long long src,
			 long long into)
{
	char line[64], want[32], *a = NULL, *b = NULL;
	int rc;

	if ((rc = store_customer_merge_check(c->st, me, src, into)) != STORE_OK)
		return cli_store_exit(c, rc);
	if ((rc = merge_side(c, src, &a)) != EXIT_OK ||
	    (rc = merge_side(c, into, &b)) != EXIT_OK) {
		free(a);
		return rc;
	}
	fprintf(stderr, _("This moves every order, complaint and message of "
			  "customer %s to customer %s and cannot be undone.\n"
			  "Type %lld to confirm: "), a, b, src);
	free(a);
	free(b);
	if (fgets(line, sizeof line, stdin) == NULL)
		line[0] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	snprintf(want, sizeof want, "%lld", src);
	if (strcmp(line, want) != 0) {
		cli_error(c, "%s", _("merge: not confirmed; nothing merged"));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/*
 * `temas merge customer SRC INTO`: two records of one person made one
 * (store_customer_merge).  It cannot be undone, so a person at a terminal
 * types SRC's number back; a script says --yes.
 */
static int merge_customer(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"temas merge customer SRC INTO [--yes] [--as LOGIN]";
	const char *as = NULL;
	int yes = 0, npos, rc;
	char *pos[2];
	long long src, into;
	struct agent me;
	struct customer_merge_counts n;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ "--yes", NULL, &yes },
		{ NULL, NULL, NULL },
	};

	rc = cli_parse(c, argc, argv, opts, pos, 2, 2, &npos, usage);
	if (rc == EXIT_OK)
		rc = cli_parse_customer_record(c, pos[0], &src);
	if (rc == EXIT_OK)
		rc = cli_parse_customer_record(c, pos[1], &into);
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &me);
	if (rc != EXIT_OK)
		return rc;
	if (!yes && !isatty(STDIN_FILENO)) {
		cli_error(c, _("merge: not at a terminal; give --yes to merge "
			       "customer %lld into %lld"), src, into);
		return EXIT_USAGE;
	}
	if (!yes && (rc = merge_confirm(c, &me, src, into)) != EXIT_OK)
		return rc;
	rc = store_customer_merge(c->st, &me, src, into, &n);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("customer %lld merged into %lld (moved: orders %d, complaints %d, "
		 "messages %d, surveys %d)\n"),
	       src, into, n.orders, n.complaints, n.messages, n.surveys);
	return EXIT_OK;
}

int cli_merge(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"temas merge SRC INTO [--other-customer] [--as LOGIN]";
	const char *as = NULL;
	int other = 0, npos, moved = 0, rc;
	char *pos[2];
	long long src, into;
	struct agent me;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ "--other-customer", NULL, &other },
		{ NULL, NULL, NULL },
	};

	if (argc > 1 && strcmp(argv[1], "customer") == 0) {
		/* Messages about its options name "merge customer". */
		static char name[] = "merge customer";
		char **sub = malloc(sizeof *sub * (size_t)argc);
		int i;

		if (sub == NULL) {
			cli_error(c, "%s", _("out of memory"));
			return EXIT_FAIL;
		}
		sub[0] = name;
		for (i = 2; i < argc; i++)
			sub[i - 1] = argv[i];
		sub[argc - 1] = NULL;
		rc = merge_customer(c, argc - 1, sub);
		free(sub);
		return rc;
	}
	if (argc > 1 && strcmp(argv[1], "complaint") == 0) {
		argc--;
		argv++;
	}
	rc = cli_parse(c, argc, argv, opts, pos, 2, 2, &npos, usage);
	if (rc == EXIT_OK)
		rc = two_refs(c, pos, &src, &into);
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &me);
	if (rc != EXIT_OK)
		return rc;
	rc = store_complaint_merge(c->st, &me, src, into, other, &moved);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	printf(P_("complaint %lld merged into %lld (%d interaction moved)\n",
		  "complaint %lld merged into %lld (%d interactions moved)\n",
		  moved), src, into, moved);
	return EXIT_OK;
}

int cli_link(struct cli *c, int argc, char **argv)
{
	const char *as = NULL;
	int npos, already = 0, rc;
	char *pos[2];
	long long a, b;
	struct agent me;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ NULL, NULL, NULL },
	};

	rc = cli_parse(c, argc, argv, opts, pos, 2, 2, &npos,
		       "temas link A B [--as LOGIN]");
	if (rc == EXIT_OK)
		rc = two_refs(c, pos, &a, &b);
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &me);
	if (rc != EXIT_OK)
		return rc;
	rc = store_complaint_link(c->st, &me, a, b, &already);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	if (already)
		printf(_("complaints %lld and %lld were already linked\n"), a, b);
	else
		printf(_("complaints %lld and %lld are linked\n"), a, b);
	return EXIT_OK;
}

int cli_split(struct cli *c, int argc, char **argv)
{
	const char *as = NULL, *subject = NULL;
	int npos, rc;
	char *pos[1];
	long long msg, from = 0, id = 0;
	struct agent me;
	const struct cli_opt opts[] = {
		{ "--as", &as, NULL },
		{ "--subject", &subject, NULL },
		{ NULL, NULL, NULL },
	};

	rc = cli_parse(c, argc, argv, opts, pos, 1, 1, &npos,
		       "temas split MESSAGE [--subject TEXT] [--as LOGIN]");
	if (rc == EXIT_OK)
		rc = cli_parse_id(c, pos[0], _("message"), &msg);
	if (rc == EXIT_OK)
		rc = cli_whoami(c, as, &me);
	if (rc != EXIT_OK)
		return rc;
	rc = store_interaction_split(c->st, &me, msg, subject, &from, &id);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	printf(_("message %lld split off complaint %lld into new complaint %lld (the two are linked)\n"),
	       msg, from, id);
	/* The two are linked; another open one about the order is said. */
	cli_warn_same_order(c, "split", id);
	return EXIT_OK;
}
