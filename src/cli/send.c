/*
 * send.c: `temas send` (queued e-mail replies to the MTA, for cron or a
 * systemd timer) and `temas outbox` (the interface a gateway for chat,
 * social media or a complaint portal uses: list what waits on its
 * channel, then acknowledge or fail each message).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/deliver.h"
#include "temas/i18n.h"
#include "temas/json.h"
#include "temas/outbox.h"
#include "temas/parse.h"
#include "temas/store.h"
#include "temas/text.h"

int cli_send(struct cli *c, int argc, char **argv)
{
	const char *usage = "temas send [--max N]";
	const char *max_s = NULL;
	const struct cli_opt opts[] = { { "--max", &max_s, NULL }, { NULL, NULL, NULL } };
	struct deliver_conf dc;
	struct deliver_stats ds;
	char *pos[1], err[512], *end;
	long max = 0;
	int npos, rc;

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, 0, &npos, usage)) != EXIT_OK)
		return rc;
	if (max_s != NULL) {
		max = strtol(max_s, &end, 10);
		if (*end != '\0' || max < 1) {
			cli_error(c, _("send: --max: expected a positive number, not '%s'"), max_s);
			return EXIT_USAGE;
		}
	}
	deliver_conf_from(&dc, c->cfg);
	rc = deliver_mail(c->st, &dc, (int)max, &ds, err, sizeof err);
	printf(_("sent %d, to retry %d, failed %d\n"), ds.sent, ds.retry, ds.failed);
	if (rc != 0) {
		cli_error(c, _("send: %s"), err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static void print_item_json(const struct outbox_item *it)
{
	char when[32];

	text_format_iso_time(it->queued_at, when, sizeof when);
	printf("{\"id\":%lld,\"complaint\":%lld,\"channel\":", it->id, it->complaint_id);
	json_write_string(stdout, it->channel);
	printf(",\"customer\":");
	json_write_string(stdout, it->handle);
	printf(",\"name\":");
	json_write_string(stdout, it->to_name);
	printf(",\"text\":");
	json_write_string(stdout, it->body);
	printf(",\"thread\":");
	json_write_string(stdout, it->in_reply_to);
	printf(",\"queued_at\":\"%s\"}\n", when);
}

static int outbox_list(struct cli *c, const char *channel, const char *format)
{
	struct outbox_item *rows;
	int n, i, rc;

	if (format != NULL && strcmp(format, "jsonl") != 0 && strcmp(format, "text") != 0) {
		cli_error(c, _("outbox: --format: expected jsonl or text, not '%s'"), format);
		return EXIT_USAGE;
	}
	/* A misspelt channel lists nothing, as an empty one does: said. */
	if ((rc = store_channel_delivers(c->st, channel, &i)) != STORE_OK)
		return cli_store_exit(c, rc);
	rc = store_outbox_pending(c->st, channel, &rows, &n);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	for (i = 0; i < n; i++) {
		if (format && strcmp(format, "jsonl") == 0) {
			print_item_json(&rows[i]);
		} else {
			printf("%lld\t%lld\t", rows[i].id, rows[i].complaint_id);
			cli_put_field(stdout, rows[i].handle);
			putchar('\t');
			cli_put_field(stdout, rows[i].body);
			putchar('\n');
		}
		outbox_item_clear(&rows[i]);
	}
	free(rows);
	return EXIT_OK;
}

int cli_outbox(struct cli *c, int argc, char **argv)
{
	const char *usage = "temas outbox --channel CH [--format jsonl|text] | "
			    "outbox ack ID [--external-id X] | outbox fail ID --reason TEXT";
	const char *channel = NULL, *format = NULL, *ext = NULL, *reason = NULL;
	const struct cli_opt opts[] = {
		{ "--channel", &channel, NULL },
		{ "--format", &format, NULL },
		{ "--external-id", &ext, NULL },
		{ "--reason", &reason, NULL },
		{ NULL, NULL, NULL },
	};
	char *pos[2];
	long long id;
	int npos, rc;

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, 2, &npos, usage)) != EXIT_OK)
		return rc;
	if (npos == 0) {
		if (channel == NULL || ext || reason) {
			cli_error(c, _("usage: %s"), usage);
			return EXIT_USAGE;
		}
		return outbox_list(c, channel, format);
	}
	if (npos != 2 || channel || format ||
	    (strcmp(pos[0], "ack") == 0 && reason) ||
	    (strcmp(pos[0], "fail") == 0 && (ext || reason == NULL)) ||
	    (strcmp(pos[0], "ack") != 0 && strcmp(pos[0], "fail") != 0)) {
		cli_error(c, _("usage: %s"), usage);
		return EXIT_USAGE;
	}
	if ((rc = cli_parse_id(c, pos[1], _("outbox message"), &id)) != EXIT_OK)
		return rc;
	rc = strcmp(pos[0], "ack") == 0 ? store_outbox_ack(c->st, id, ext)
					 : store_outbox_fail(c->st, id, reason);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	printf(strcmp(pos[0], "ack") == 0 ? _("outbox message %lld sent\n")
					  : _("outbox message %lld failed\n"), id);
	return EXIT_OK;
}
