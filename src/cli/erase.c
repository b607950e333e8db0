/*
 * erase.c: `temas erase customer ID`, personal data removed on the
 * customer's request.  It cannot be undone, so a person at a terminal
 * types the id back; a script must say --yes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "temas/cli.h"
#include "temas/customer.h"
#include "temas/i18n.h"
#include "temas/ingest.h"
#include "temas/parse.h"
#include "temas/store.h"

int cli_erase(struct cli *c, int argc, char **argv)
{
	const char *what = NULL, *idtext = NULL, *why;
	long long id, *merged = NULL;
	int yes = 0, i, rc, nmerged = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--yes") == 0 || strcmp(argv[i], "-y") == 0) {
			yes = 1;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf(_("Usage: temas erase customer ID [--yes]\n\n"
				 "Erase a customer's personal data on request: the name becomes\n"
				 "\"Silindi ID\", e-mail, phone and city are cleared, and every\n"
				 "message, survey comment, complaint subject and resolution of\n"
				 "theirs becomes \"[erased]\".  Orders keep their amounts and dates.\n"
				 "Records merged into the customer (temas merge customer) are\n"
				 "erased with it; a record merged into another is erased with that one.\n"
				 "The erasure is written to the audit log and cannot be undone.\n"
				 "At a terminal you confirm by typing the id; elsewhere give --yes.\n"));
			return EXIT_OK;
		} else if (argv[i][0] == '-') {
			cli_error(c, _("erase: unknown option '%s' (see 'temas erase --help')"),
				  argv[i]);
			return EXIT_USAGE;
		} else if (what == NULL) {
			what = argv[i];
		} else if (idtext == NULL) {
			idtext = argv[i];
		} else {
			cli_error(c, _("erase: too many arguments (see 'temas erase --help')"));
			return EXIT_USAGE;
		}
	}
	if (what == NULL || strcmp(what, "customer") != 0 || idtext == NULL) {
		cli_error(c, _("erase: give 'customer ID' (see 'temas erase --help')"));
		return EXIT_USAGE;
	}
	if (text_parse_int(idtext, &id, &why) != 0 || id <= 0) {
		cli_error(c, _("erase: '%s' is not a customer id"), idtext);
		return EXIT_USAGE;
	}
	if (!yes) {
		char line[64];
		size_t n;

		if (!isatty(STDIN_FILENO)) {
			cli_error(c, _("erase: not at a terminal; give --yes to erase customer %lld"),
				  id);
			return EXIT_USAGE;
		}
		fprintf(stderr, _("This erases the personal data of customer %lld and cannot be "
				  "undone.\nType the customer id to confirm: "), id);
		if (fgets(line, sizeof line, stdin) == NULL)
			line[0] = '\0';
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (strcmp(line, idtext) != 0) {
			cli_error(c, _("erase: not confirmed; nothing erased"));
			return EXIT_FAIL;
		}
	}
	/* The records merged into it go with it: named once it is done. */
	if (store_customer_merged(c->st, id, &merged, &nmerged) != STORE_OK) {
		cli_error(c, _("erase: %s"), store_errmsg(c->st));
		return EXIT_FAIL;
	}
	rc = store_customer_erase(c->st, id, c->login);
	if (rc == STORE_NOTFOUND) {
		free(merged);
		cli_error(c, _("erase: no customer with id %lld"), id);
		return EXIT_NOTFOUND;
	}
	if (rc != STORE_OK) {
		free(merged);
		cli_error(c, _("erase: %s"), store_errmsg(c->st));
		return rc == STORE_DENIED ? EXIT_DENIED : EXIT_FAIL;
	}
	if (store_warning(c->st))
		cli_error(c, "%s", store_warning(c->st));
	printf(_("customer %lld erased\n"), id);
	if (nmerged > 0) {
		printf("%s", _("and the records merged into it:"));
		for (i = 0; i < nmerged; i++)
			printf(" %lld", merged[i]);
		printf("\n");
	}
	free(merged);
	return EXIT_OK;
}
