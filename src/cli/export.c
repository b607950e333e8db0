/*
 * export.c: `temas export`, the rows of one kind as CSV or JSON lines on
 * standard output, in exactly the form `temas import` reads back.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "flow.h"
#include "temas/cli.h"
#include "temas/csv.h"
#include "temas/i18n.h"
#include "temas/import.h"
#include "temas/json.h"
#include "temas/parse.h"
#include "temas/store.h"

struct exp {
	const struct imp_kind_info *ki;
	int jsonl;
	FILE *out;
	long rows;
};

static void format_value(const struct imp_column *col, const struct imp_value *v,
			 char *buf, size_t n)
{
	switch (col->type) {
	case IMP_TIME: text_format_iso_time(v->i, buf, n); break;
	case IMP_MONEY: text_format_amount(v->i, buf, n); break;
	case IMP_INT: snprintf(buf, n, "%lld", v->i); break;
	case IMP_TEXT:
	case IMP_LANG: buf[0] = '\0'; break;
	}
}

static int write_row(void *ctx, const struct imp_value *v)
{
	struct exp *e = ctx;
	char buf[64];
	int j;

	e->rows++;
	if (e->jsonl) {
		fputs("{\"type\":", e->out);
		json_write_string(e->out, e->ki->type);
	}
	for (j = 0; j < e->ki->ncols; j++) {
		const struct imp_column *col = &e->ki->cols[j];
		const char *s = v[j].s;

		if (s != NULL && col->type != IMP_TEXT && col->type != IMP_LANG) {
			format_value(col, &v[j], buf, sizeof buf);
			s = buf;
		}
		if (e->jsonl) {
			if (s == NULL)
				continue;
			putc(',', e->out);
			json_write_string(e->out, col->name);
			putc(':', e->out);
			if (col->type == IMP_MONEY || col->type == IMP_INT)
				fputs(s, e->out);
			else
				json_write_string(e->out, s);
		} else {
			if (j)
				putc(',', e->out);
			csv_write_field(e->out, s ? s : "");
		}
	}
	fputs(e->jsonl ? "}\n" : "\n", e->out);
	return ferror(e->out) ? STORE_ERROR : 0;
}

int cli_export(struct cli *c, int argc, char **argv)
{
	const char *kind = NULL, *since_s = NULL, *format = "csv";
	long long since = 0;
	const char *why;
	struct exp e;
	int i, k, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf(_("Usage: temas export KIND [--since TIME] [--format csv|jsonl]\n\n"
				 "Write every row of KIND (customers, orders, order-lines,\n"
				 "interactions, complaints, surveys) to standard output in the form\n"
				 "'temas import' reads.  --since keeps rows whose time (created,\n"
				 "placed, sent, opened, answered) is at or after TIME (2025-03-01 or\n"
				 "2025-03-01T10:00:00Z).  See 'temas import --help' for the columns.\n"));
			return EXIT_OK;
		} else if (strcmp(argv[i], "--since") == 0 && i + 1 < argc) {
			since_s = argv[++i];
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			format = argv[++i];
		} else if (strncmp(argv[i], "--since=", 8) == 0) {
			since_s = argv[i] + 8;
		} else if (strncmp(argv[i], "--format=", 9) == 0) {
			format = argv[i] + 9;
		} else if (argv[i][0] == '-') {
			cli_error(c, _("export: unknown option '%s' (see 'temas export --help')"),
				  argv[i]);
			return EXIT_USAGE;
		} else if (kind == NULL) {
			kind = argv[i];
		} else {
			cli_error(c, _("export: too many arguments (see 'temas export --help')"));
			return EXIT_USAGE;
		}
	}
	if (kind == NULL) {
		cli_error(c, _("export: give a kind (see 'temas export --help')"));
		return EXIT_USAGE;
	}
	k = store_import_kind_find(kind);
	if (k < 0 || strcmp(store_import_kind(k)->name, kind) != 0) {
		cli_error(c, _("export: unknown kind '%s' (customers, orders, order-lines, "
			       "interactions, complaints, surveys)"), kind);
		return EXIT_USAGE;
	}
	if (strcmp(format, "csv") != 0 && strcmp(format, "jsonl") != 0) {
		cli_error(c, _("export: unknown format '%s' (csv or jsonl)"), format);
		return EXIT_USAGE;
	}
	if (since_s != NULL && text_parse_iso_time(since_s, &since, &why) != 0) {
		cli_error(c, _("export: --since '%s': %s"), since_s, why);
		return EXIT_USAGE;
	}
	e.ki = store_import_kind(k);
	e.jsonl = strcmp(format, "jsonl") == 0;
	e.out = stdout;
	e.rows = 0;
	if (!e.jsonl) {
		for (i = 0; i < e.ki->ncols; i++) {
			if (i)
				putchar(',');
			fputs(e.ki->cols[i].name, stdout);
		}
		putchar('\n');
	}
	rc = store_export(c->st, (enum imp_kind)k, since, write_row, &e);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error(c, _("export: cannot write: %s"), strerror(errno));
		return EXIT_FAIL;
	}
	if (rc != STORE_OK) {
		cli_error(c, "%s", store_errmsg(c->st));
		return EXIT_FAIL;
	}
	/* Personal data left the database: recorded like a reveal. */
	return cli_audit_self(c, "export", "kind=%s format=%s rows=%ld since=%lld",
			      e.ki->name, format, e.rows, since);
}
