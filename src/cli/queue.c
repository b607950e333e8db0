/*
 * queue.c: `temas queue`, the open complaints most urgent first, for a
 * person (text), a shell pipeline (tsv) or another program (json).
 * Customer text is sanitised in every format: a subject may hold escape
 * sequences meant for someone's terminal.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "temas/agent.h"
#include "temas/cli.h"
#include "temas/complaint.h"
#include "temas/filter.h"
#include "temas/i18n.h"
#include "temas/json.h"
#include "temas/parse.h"
#include "temas/queue.h"
#include "temas/snooze.h"
#include "temas/store.h"
#include "temas/tag.h"
#include "temas/text.h"
#include "temas/when.h"

enum fmt { F_TEXT, F_TSV, F_JSON };

struct qctx {
	enum fmt fmt;
	long long now;
	int rows;
	int limit;   /* rows to print, 0 for all */
	int more;    /* a row beyond the limit was there */
};

/* The space-separated tags as JSON strings, comma-separated. */
static void print_json_tags(const char *tags)
{
	const char *p = tags, *e;
	int first = 1;

	while (*p) {
		char *one;

		e = strchr(p, ' ');
		if (e == NULL)
			e = p + strlen(p);
		one = strndup(p, (size_t)(e - p));
		if (one != NULL) {
			fputs(first ? "" : ",", stdout);
			json_write_string(stdout, one);
			free(one);
			first = 0;
		}
		p = *e ? e + 1 : e;
	}
}

static int print_row(void *ctx, const struct queue_row *r)
{
	struct qctx *q = ctx;
	const struct complaint *k = &r->c;
	char *subject = text_sanitize(k->subject, strlen(k->subject), 0);
	char *name = text_sanitize(k->customer_name, strlen(k->customer_name), 0);
	char *tags = text_sanitize(text_or(r->tags), strlen(text_or(r->tags)), 0);
	char left[32], due[32], fs[256], fn[128], until[32] = "", back[64] = "";
	long long secs = k->due_at - q->now;
	enum snooze_state zz = snooze_state_of(k, q->now);
	const char *mark = zz == SNOOZE_BACK ? SNOOZE_MARK_BACK :
			   zz == SNOOZE_ASLEEP ? SNOOZE_MARK_ASLEEP :
			   secs < 0 ? "!" : " ";
	static const char *const state[] = { "", "asleep", "back" };

	/* The walk reads one row past the limit to learn that there are more. */
	if (q->limit > 0 && q->rows >= q->limit) {
		free(subject);
		free(name);
		free(tags);
		q->more = 1;
		return 1;
	}
	if (subject == NULL || name == NULL || tags == NULL) {
		free(subject);
		free(name);
		free(tags);
		return STORE_ERROR;
	}
	text_format_iso_time(k->due_at, due, sizeof due);
	if (zz != SNOOZE_NONE)
		text_format_iso_time(k->snoozed_until, until, sizeof until);
	switch (q->fmt) {
	case F_TEXT:
		text_format_duration(secs, left, sizeof left);
		text_fit(name, 20, fn, sizeof fn, 1);
		/* Asleep: when it comes back, before the tags and subject. */
		if (zz == SNOOZE_ASLEEP) {
			text_when_format(k->snoozed_until, q->now, back,
					 sizeof back - 3);
			strcat(back, " ");
		}
		if (tags[0] != '\0' || back[0] != '\0') {
			char *both = malloc(strlen(back) + strlen(tags) +
					    strlen(subject) + 4);

			if (both == NULL)
				break;
			sprintf(both, tags[0] ? "%s[%s] %s" : "%s%s%s", back,
				tags, subject);
			text_fit(both, 40, fs, sizeof fs, 0);
			free(both);
		} else {
			text_fit(subject, 40, fs, sizeof fs, 0);
		}
		printf("%6lld %-8s %s %-10s %-7s %s %-10s %s\n", k->id, left,
		       mark, k->channel, k->priority, fn,
		       k->assignee_login[0] ? k->assignee_login : "-", fs);
		break;
	case F_TSV:
		printf("%lld\t%s\t%lld\t%d\t%s\t%s\t%s\t%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", k->id, due, secs,
		       secs < 0, k->channel, k->priority, store_status_name(k->status),
		       k->customer_id, name, k->assignee_login, subject, tags,
		       until, state[zz]);
		break;
	case F_JSON:
		printf("%s{\"id\":%lld,\"due_at\":\"%s\",\"seconds_left\":%lld,\"breached\":%s,"
		       "\"channel\":", q->rows ? ",\n " : "", k->id, due, secs,
		       secs < 0 ? "true" : "false");
		json_write_string(stdout, k->channel);
		fputs(",\"priority\":", stdout);
		json_write_string(stdout, k->priority);
		fputs(",\"status\":", stdout);
		json_write_string(stdout, store_status_name(k->status));
		printf(",\"customer_id\":%lld,\"customer\":", k->customer_id);
		json_write_string(stdout, name);
		fputs(",\"assignee\":", stdout);
		if (k->assignee_login[0])
			json_write_string(stdout, k->assignee_login);
		else
			fputs("null", stdout);
		fputs(",\"subject\":", stdout);
		json_write_string(stdout, subject);
		fputs(",\"tags\":[", stdout);
		print_json_tags(tags);
		fputs("],\"snoozed_until\":", stdout);
		if (zz != SNOOZE_NONE)
			printf("\"%s\",\"snooze\":\"%s\"}", until, state[zz]);
		else
			fputs("null,\"snooze\":null}", stdout);
		break;
	}
	q->rows++;
	free(subject);
	free(name);
	free(tags);
	return 0;
}

int cli_queue(struct cli *c, int argc, char **argv)
{
	struct queue_query query;
	const char *channel = "", *tag = "", *why;
	struct qctx q = { F_TEXT, 0, 0, 0, 0 };
	long long limit = -1;
	char err[512], fchan[sizeof query.channel];
	int i, rc;

	memset(&query, 0, sizeof query);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--mine") == 0) {
			query.filter = QUEUE_MINE;
		} else if (strcmp(a, "--unassigned") == 0) {
			query.filter = QUEUE_UNASSIGNED;
		} else if (strcmp(a, "--breached") == 0) {
			query.filter = QUEUE_BREACHED;
		} else if (strcmp(a, "--snoozed") == 0) {
			query.filter = QUEUE_SNOOZED;
		} else if (strcmp(a, "--channel") == 0 && i + 1 < argc) {
			channel = argv[++i];
		} else if (strcmp(a, "--tag") == 0 && i + 1 < argc) {
			tag = argv[++i];
			if (text_tag_check(tag, &why) != 0) {
				char *safe = text_sanitize(tag, strlen(tag), 0);

				cli_error(c, _("queue: --tag '%s': %s"), safe ? safe : "?", why);
				free(safe);
				return EXIT_USAGE;
			}
			memcpy(query.tag, tag, strlen(tag) + 1);
		} else if (strcmp(a, "--filter") == 0 && i + 1 < argc) {
			/* The console's :filter grammar; later options add to it. */
			if (filter_parse(argv[++i], &query, err, sizeof err) != 0) {
				char *safe = text_sanitize(err, strlen(err), 0);

				cli_error(c, "queue: %s", safe ? safe : "?");
				free(safe);
				return EXIT_USAGE;
			}
			memcpy(fchan, query.channel, sizeof fchan);
			channel = fchan;
		} else if (strcmp(a, "--limit") == 0 && i + 1 < argc) {
			if (text_parse_int(argv[++i], &limit, &why) != 0 || limit < 0) {
				cli_error(c, _("queue: --limit '%s': give a number, 0 for all"), argv[i]);
				return EXIT_USAGE;
			}
		} else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
			const char *f = argv[++i];

			if (strcmp(f, "text") == 0)
				q.fmt = F_TEXT;
			else if (strcmp(f, "tsv") == 0)
				q.fmt = F_TSV;
			else if (strcmp(f, "json") == 0)
				q.fmt = F_JSON;
			else {
				cli_error(c, _("queue: unknown format '%s' (text, tsv or json)"), f);
				return EXIT_USAGE;
			}
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			printf(_("Usage: temas queue [--mine|--unassigned|--breached|--snoozed]\n"
				 "                   [--channel C] [--tag TAG] [--filter EXPR] [--limit N]\n"
				 "                   [--format text|tsv|json]\n\n"
				 "List open complaints, most urgent first.  The text format shows\n"
				 "50 and says how many there are; tsv and json give every row, for\n"
				 "scripts.  --limit N shows at most N (0 for all) and says so on\n"
				 "standard error when rows were left out.  Snoozed ones are left out\n"
				 "until their time (--snoozed lists them, marked z); back from a\n"
				 "snooze, a complaint is marked @.\n"
				 "tsv columns: id, due_at, seconds_left, breached, channel,\n"
				 "priority, status, customer_id, customer, assignee, subject, tags,\n"
				 "snoozed_until, snooze (asleep, back or empty).\n"));
			return EXIT_OK;
		} else {
			cli_error(c, _("queue: unknown argument '%s' (see 'temas queue --help')"), a);
			return EXIT_USAGE;
		}
	}
	if (query.filter == QUEUE_MINE) {
		struct agent me;

		rc = store_agent_by_login(c->st, c->login, &me);
		if (rc == STORE_NOTFOUND) {
			cli_error(c, _("queue: --mine: %s is not an agent here"), c->login);
			return EXIT_NOTFOUND;
		}
		if (rc != STORE_OK) {
			cli_error(c, "%s", store_errmsg(c->st));
			return EXIT_FAIL;
		}
		query.agent_id = me.id;
	}
	if (limit < 0)
		limit = q.fmt == F_TEXT ? 50 : 0;
	q.limit = limit > 1000000000 ? 0 : (int)limit;
	q.now = store_now(c->st);
	if (q.fmt == F_JSON)
		fputs("[", stdout);
	/* Every channel code fits the query's field; a longer word names none. */
	if (strlen(channel) < sizeof query.channel) {
		memcpy(query.channel, channel, strlen(channel) + 1);
		rc = store_queue_each(c->st, &query, q.limit ? q.limit + 1 : 0,
				      print_row, &q);
		if (rc > 0)
			rc = STORE_OK;
	} else {
		rc = STORE_OK;
	}
	if (q.fmt == F_JSON)
		fputs("]\n", stdout);
	if (rc != STORE_OK) {
		cli_error(c, "%s", store_errmsg(c->st));
		return EXIT_FAIL;
	}
	if (q.fmt == F_TEXT && q.rows == 0)
		printf(_("no open complaints\n"));
	if (q.more) {
		/* Counted only when rows were left out: a full count of a
		 * filtered queue reads every row the filter keeps. */
		int total = 0;

		if (store_queue_total(c->st, &query, &total) != STORE_OK) {
			cli_error(c, "%s", store_errmsg(c->st));
			return EXIT_FAIL;
		}
		if (q.fmt == F_TEXT)
			printf(_("%d of %d shown; --limit 0 shows all\n"), q.rows, total);
		else
			cli_error(c, _("queue: %d of %d shown; --limit 0 shows all"),
				  q.rows, total);
	}
	return EXIT_OK;
}
