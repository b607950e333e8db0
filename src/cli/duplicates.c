/*
 * duplicates.c: `temas duplicates`, the customer records that may be one
 * person (one e-mail address, one phone), for a supervisor to merge with
 * `temas merge customer`.  Addresses and phones are shown masked, as
 * `show customer` shows them; names made safe for the terminal.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/cli.h"
#include "temas/customer.h"
#include "temas/i18n.h"
#include "temas/parse.h"
#include "temas/store.h"
#include "temas/text.h"

#define DUP_LIMIT_DEFAULT 20

struct dup_out {
	struct cli *c;
	enum customer_dup_by by;
	int tsv;
	int shown;
	int failed;
};

static void masked_key(enum customer_dup_by by, const char *key, char *buf,
		       size_t n)
{
	int rc = by == CUSTOMER_DUP_PHONE ? text_mask_phone(key, buf, n)
					  : text_mask_email(key, buf, n);

	if (rc < 0)
		snprintf(buf, n, "%s", "***");
}

static int one_group(void *vctx, const char *key, const long long *ids, int n)
{
	struct dup_out *o = vctx;
	char mk[512];
	int i;

	masked_key(o->by, key, mk, sizeof mk);
	o->shown++;
	if (o->tsv) {
		printf("%s\t", o->by == CUSTOMER_DUP_PHONE ? "phone" : "email");
		cli_put_field(stdout, mk);
		putchar('\t');
		for (i = 0; i < n; i++)
			printf("%s%lld", i ? " " : "", ids[i]);
		putchar('\n');
		return 0;
	}
	printf("  ");
	cli_put_field(stdout, mk);
	printf(":");
	for (i = 0; i < n; i++) {
		struct customer cu;
		char *name;

		if (store_customer_get(o->c->st, ids[i], &cu) != STORE_OK) {
			o->failed = 1;
			return 1;
		}
		name = text_sanitize(text_or(cu.name), strlen(text_or(cu.name)), 0);
		printf("%s #%lld %s", i ? "," : "", ids[i], name ? name : "");
		free(name);
	}
	putchar('\n');
	return 0;
}

static int list_by(struct cli *c, enum customer_dup_by by, int limit, int tsv)
{
	struct dup_out o = { c, by, tsv, 0, 0 };
	long long groups = 0;

	if (!tsv)
		printf("%s\n", by == CUSTOMER_DUP_PHONE
		       ? _("One phone (its last ten digits):")
		       : _("One e-mail address:"));
	if (store_customer_duplicates(c->st, by, limit, one_group, &o, &groups) !=
	    STORE_OK || o.failed) {
		cli_error(c, _("duplicates: %s"), store_errmsg(c->st));
		return EXIT_FAIL;
	}
	if (!tsv) {
		if (groups == 0)
			printf("  %s\n", _("none"));
		else if (groups > o.shown)
			printf(_("  ... %lld more (--limit N shows more)\n"),
			       groups - o.shown);
	} else if (groups > o.shown) {
		/* A script is told on standard error that rows were left out. */
		cli_error(c, _("duplicates: %d of %lld groups by %s shown; --limit N shows more"),
			  o.shown, groups, by == CUSTOMER_DUP_PHONE ? "phone" : "email");
	}
	return EXIT_OK;
}

int cli_duplicates(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"temas duplicates [--by email|phone] [--limit N] [--format text|tsv]";
	const char *by = NULL, *limit_s = NULL, *format = NULL, *why;
	long long limit = DUP_LIMIT_DEFAULT;
	int npos, rc, tsv = 0;
	char *pos[1];
	const struct cli_opt opts[] = {
		{ "--by", &by, NULL },
		{ "--limit", &limit_s, NULL },
		{ "--format", &format, NULL },
		{ NULL, NULL, NULL },
	};

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, 0, &npos, usage)) != EXIT_OK)
		return rc;
	if (by != NULL && strcmp(by, "email") != 0 && strcmp(by, "phone") != 0) {
		cli_error(c, _("duplicates: --by takes email or phone, not '%s'"), by);
		return EXIT_USAGE;
	}
	if (limit_s != NULL &&
	    (text_parse_int(limit_s, &limit, &why) != 0 || limit < 1 || limit > 1000000)) {
		cli_error(c, _("duplicates: --limit takes a number from 1 to 1000000, not '%s'"),
			  limit_s);
		return EXIT_USAGE;
	}
	if (format != NULL) {
		if (strcmp(format, "tsv") == 0) {
			tsv = 1;
		} else if (strcmp(format, "text") != 0) {
			cli_error(c, _("duplicates: --format takes text or tsv, not '%s'"),
				  format);
			return EXIT_USAGE;
		}
	}
	if (!tsv)
		printf("%s\n", _("Customer records that may be one person; merge a newer "
				 "one into the oldest with: temas merge customer NEWER OLDEST"));
	if (by == NULL || strcmp(by, "email") == 0)
		rc = list_by(c, CUSTOMER_DUP_EMAIL, (int)limit, tsv);
	if (rc == EXIT_OK && (by == NULL || strcmp(by, "phone") == 0))
		rc = list_by(c, CUSTOMER_DUP_PHONE, (int)limit, tsv);
	return rc;
}
