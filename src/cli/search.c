/*
 * search.c: `temas search` (the console's / search, for scripts and quick
 * look-ups from a shell) and `temas reindex` (rebuild the search index).
 *
 * Results are grouped by kind like on screen.  Every text that came from a
 * customer is sanitised before it is printed, in every format, so a hostile
 * message cannot reach the terminal or break a TSV row.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "temas/cli.h"
#include "temas/i18n.h"
#include "temas/metrics.h"
#include "temas/query.h"
#include "temas/search.h"
#include "temas/store.h"
#include "temas/text.h"

#define DEFAULT_PER_KIND 10
#define MAX_PER_KIND 1000

enum format { FMT_TEXT, FMT_TSV, FMT_JSON };

static const char *const kind_key[SEARCH_NKINDS] = {
	"customers", "orders", "interactions"
};

/* Sanitised copy; "" on allocation failure (nothing unsafe is printed). */
static char *clean(const char *s)
{
	char *c = text_sanitize(s, strlen(s), 0);

	return c ? c : calloc(1, 1);
}

static void print_json_string(const char *s)
{
	const unsigned char *p;

	putchar('"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void print_text_hit(const struct search_hit *h)
{
	char *name = clean(h->customer_name), *title = clean(h->title);
	char *detail = clean(h->detail), when[32], money[48], fitted[96];

	if (text_format_time(h->at, text_locale_day_format(), when, sizeof when) < 0)
		when[0] = '\0';
	switch (h->kind) {
	case SEARCH_CUSTOMERS:
		printf("  #%-7lld %s  %s  %s", h->customer_id, name, title, detail);
		break;
	case SEARCH_ORDERS:
		if (text_format_money(h->amount, h->currency,
				      text_locale_turkish(LC_MONETARY), money,
				      sizeof money) < 0)
			money[0] = '\0';
		printf("  %s  #%lld %s  %s  %s  %s", title, h->customer_id, name,
		       detail, money, when);
		break;
	default:
		text_fit(detail, 60, fitted, sizeof fitted, 0);
		printf("  %s  %-10s #%lld %s  %s%s%s", when, h->channel,
		       h->customer_id, name, title, *title ? ": " : "", fitted);
		break;
	}
	if (h->complaint_id)
		printf(_("  [open complaint #%lld]"), h->complaint_id);
	putchar('\n');
	free(name);
	free(title);
	free(detail);
}

static void print_tsv_hit(const struct search_hit *h)
{
	char *name = clean(h->customer_name), *title = clean(h->title);
	char *detail = clean(h->detail);

	printf("%s\t%lld\t%lld\t%lld\t%s\t%s\t%s\t%s\t%lld\t%lld\t%s\n",
	       kind_key[h->kind], h->id, h->customer_id, h->complaint_id, name,
	       title, detail, h->channel, h->at, h->amount, h->currency);
	free(name);
	free(title);
	free(detail);
}

static void print_json_hit(const struct search_hit *h)
{
	char *name = clean(h->customer_name), *title = clean(h->title);
	char *detail = clean(h->detail);

	printf("{\"id\":%lld,\"customer_id\":%lld,\"complaint_id\":%lld,"
	       "\"customer\":", h->id, h->customer_id, h->complaint_id);
	print_json_string(name);
	printf(",\"title\":");
	print_json_string(title);
	printf(",\"detail\":");
	print_json_string(detail);
	printf(",\"channel\":");
	print_json_string(h->channel);
	printf(",\"at\":%lld", h->at);
	if (h->kind == SEARCH_ORDERS) {
		printf(",\"amount\":%lld,\"currency\":", h->amount);
		print_json_string(h->currency);
	}
	putchar('}');
	free(name);
	free(title);
	free(detail);
}

static void print_results(const struct search_results *r, enum format fmt)
{
	int kind, i, first;

	if (fmt == FMT_JSON)
		putchar('{');
	for (kind = 0; kind < SEARCH_NKINDS; kind++) {
		if (fmt == FMT_TEXT && r->count[kind] > 0)
			printf("%s (%d%s)\n", search_kind_name(kind), r->count[kind],
			       r->more[kind] ? "+" : "");
		if (fmt == FMT_JSON)
			printf("%s\"%s\":[", kind ? "," : "", kind_key[kind]);
		first = 1;
		for (i = 0; i < r->nhits; i++) {
			if ((int)r->hits[i].kind != kind)
				continue;
			if (fmt == FMT_TEXT)
				print_text_hit(&r->hits[i]);
			else if (fmt == FMT_TSV)
				print_tsv_hit(&r->hits[i]);
			else {
				if (!first)
					putchar(',');
				print_json_hit(&r->hits[i]);
			}
			first = 0;
		}
		if (fmt == FMT_JSON)
			printf("],\"%s_more\":%s", kind_key[kind],
			       r->more[kind] ? "true" : "false");
	}
	if (fmt == FMT_JSON)
		printf("}\n");
}

static void search_usage(FILE *out)
{
	fprintf(out, _("Usage: temas search [--format text|tsv|json] [--limit N] QUERY...\n"
		       "Find customers (name, e-mail, phone), orders (number) and\n"
		       "interactions (subject, text).  Words must all match; \"two words\"\n"
		       "matches a phrase; a word ending in * matches as a prefix.\n"
		       "Case, Turkish letters and accents do not matter.\n"
		       "Exit status 3 when nothing matches.\n"));
}

int cli_search(struct cli *c, int argc, char **argv)
{
	enum format fmt = FMT_TEXT;
	int per_kind = DEFAULT_PER_KIND, i, rc, words_only = 0;
	char query[QUERY_MAX_BYTES * 2 + 2];
	size_t qlen = 0;
	struct search_results r;

	query[0] = '\0';
	/* Options anywhere among the words, as elsewhere; after "--" every
	 * argument is a word, one that begins with "--" too. */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		size_t n;

		if (words_only)
			goto word;
		if (strcmp(a, "--") == 0) {
			words_only = 1;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			search_usage(stdout);
			return EXIT_OK;
		}
		if (strncmp(a, "--format=", 9) == 0) {
			v = a + 9;
		} else if (strcmp(a, "--format") == 0) {
			if (++i >= argc) {
				cli_error(c, _("search: option --format needs a value (text, tsv or json)"));
				return EXIT_USAGE;
			}
			v = argv[i];
		}
		if (v != NULL) {
			if (strcmp(v, "text") == 0)
				fmt = FMT_TEXT;
			else if (strcmp(v, "tsv") == 0)
				fmt = FMT_TSV;
			else if (strcmp(v, "json") == 0)
				fmt = FMT_JSON;
			else {
				cli_error(c, _("search: unknown format '%s'; formats: text, tsv, json"), v);
				return EXIT_USAGE;
			}
			continue;
		}
		if (strncmp(a, "--limit=", 8) == 0 || strcmp(a, "--limit") == 0) {
			char *end;
			long lim;

			if (a[7] == '=')
				v = a + 8;
			else if (++i < argc)
				v = argv[i];
			else {
				cli_error(c, _("search: option --limit needs a number"));
				return EXIT_USAGE;
			}
			lim = strtol(v, &end, 10);
			if (*v == '\0' || *end != '\0' || lim < 1 || lim > MAX_PER_KIND) {
				cli_error(c, _("search: --limit '%s': give a number from 1 to %d"),
					  v, MAX_PER_KIND);
				return EXIT_USAGE;
			}
			per_kind = (int)lim;
			continue;
		}
		if (a[0] == '-' && a[1] == '-') {
			cli_error(c, _("search: unknown option '%s' (see 'temas search --help')"), a);
			return EXIT_USAGE;
		}
word:
		/* The words are one query: the shell has already split them. */
		n = strlen(a);
		if (qlen + n + 2 > sizeof query) {
			cli_error(c, _("search: query is too long (more than %d bytes)"),
				  QUERY_MAX_BYTES);
			return EXIT_USAGE;
		}
		if (qlen)
			query[qlen++] = ' ';
		memcpy(query + qlen, a, n + 1);
		qlen += n;
	}
	rc = store_search(c->st, query, per_kind, &r);
	if (rc == STORE_INVALID) {
		cli_error(c, "%s", store_errmsg(c->st));
		return EXIT_USAGE;
	}
	if (rc != STORE_OK) {
		cli_error(c, "%s", store_errmsg(c->st));
		return EXIT_FAIL;
	}
	print_results(&r, fmt);
	rc = r.nhits > 0 ? EXIT_OK : EXIT_NOTFOUND;
	if (r.nhits == 0 && fmt == FMT_TEXT)
		printf(_("No matches.\n"));
	search_results_free(&r);
	return rc;
}

struct reindex_ctx {
	int tty;
	long long last;
};

static void reindex_progress(enum search_kind kind, long long done,
			     long long total, void *p)
{
	struct reindex_ctx *ctx = p;

	if (ctx->tty) {
		fprintf(stderr, "\r%s: %lld/%lld\033[K", search_kind_name(kind),
			done, total);
		if (done == total)
			fputc('\n', stderr);
	} else if (done == total) {
		fprintf(stderr, _("reindex: %s: %lld rows\n"),
			search_kind_name(kind), total);
	}
	ctx->last = done;
}

/* `temas reindex --summaries [--check]`: the supervisor's summary tables. */
static int reindex_summaries(struct cli *c, int check)
{
	long long diff;

	if (!check) {
		if (store_summaries_rebuild(c->st) != STORE_OK) {
			cli_error(c, "%s", store_errmsg(c->st));
			return EXIT_FAIL;
		}
		return EXIT_OK;
	}
	if (store_summaries_check(c->st, &diff) != STORE_OK) {
		cli_error(c, "%s", store_errmsg(c->st));
		return EXIT_FAIL;
	}
	if (diff == 0) {
		printf(_("summaries: exact\n"));
		return EXIT_OK;
	}
	printf(_("summaries: %lld rows differ from the data; "
		 "'temas reindex --summaries' rebuilds them\n"), diff);
	return EXIT_FAIL;
}

int cli_reindex(struct cli *c, int argc, char **argv)
{
	struct reindex_ctx ctx = { isatty(STDERR_FILENO), 0 };
	int summaries = 0, check = 0, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			printf(_("Usage: temas reindex [--summaries [--check]]\n"
				 "Rebuild the search index from the customers, orders and\n"
				 "interactions tables (after a bulk load or a repair).\n"
				 "--summaries: rebuild instead the summary tables the supervisor's\n"
				 "figures read, in one transaction; with --check, only compare\n"
				 "them with the data (exit status 1 when they differ).\n"));
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--summaries") == 0)
			summaries = 1;
		else if (strcmp(argv[i], "--check") == 0)
			check = 1;
		else {
			cli_error(c, _("reindex: unexpected argument '%s'"), argv[i]);
			return EXIT_USAGE;
		}
	}
	if (check && !summaries) {
		cli_error(c, _("reindex: --check goes with --summaries"));
		return EXIT_USAGE;
	}
	if (summaries)
		return reindex_summaries(c, check);
	if (store_search_rebuild(c->st, reindex_progress, &ctx) != STORE_OK) {
		cli_error(c, "%s", store_errmsg(c->st));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
