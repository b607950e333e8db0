/*
 * mailbox.c: `temas quarantine` (the e-mail held back from the queue:
 * auto-replies, loops, bulk mail, stray bounces; a supervisor releases
 * one into the queue) and `temas attachment` (the files that came with
 * a complaint's messages, saved to a file that is never overwritten
 * without --force).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flow.h"
#include "temas/agent.h"
#include "temas/i18n.h"
#include "temas/ingest.h"
#include "temas/store.h"

/* The reasons a message is held, as an agent reads them. */
const char *cli_quarantine_reason(const char *code)
{
	if (strcmp(code, "auto-submitted") == 0)
		return _("automatic reply");
	if (strcmp(code, "bulk") == 0)
		return _("bulk or list mail");
	if (strcmp(code, "loop") == 0)
		return _("mail loop");
	if (strcmp(code, "own") == 0)
		return _("from our own address");
	if (strcmp(code, "mailer-daemon") == 0)
		return _("from a mail system");
	return code;
}

static int quarantine_list(struct cli *c)
{
	struct quarantine_row *rows;
	char when[64];
	int n, i, rc = store_quarantine_list(c->st, &rows, &n);

	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	for (i = 0; i < n; i++) {
		cli_time(c, rows[i].at, when, sizeof when);
		printf("%lld\t%s\t%s\t", rows[i].id, when,
		       cli_quarantine_reason(rows[i].reason));
		cli_put_field(stdout, rows[i].from_addr);
		putchar('\t');
		cli_put_field(stdout, rows[i].subject);
		putchar('\n');
	}
	quarantine_rows_free(rows, n);
	return EXIT_OK;
}

int cli_quarantine(struct cli *c, int argc, char **argv)
{
	const char *usage = "temas quarantine [list] | quarantine release ID";
	const struct cli_opt opts[] = { { NULL, NULL, NULL } };
	char *pos[2];
	long long id;
	int npos, rc;

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, 2, &npos, usage)) != EXIT_OK)
		return rc;
	if (npos == 0 || (npos == 1 && strcmp(pos[0], "list") == 0))
		return quarantine_list(c);
	if (npos != 2 || strcmp(pos[0], "release") != 0) {
		cli_error(c, _("usage: %s"), usage);
		return EXIT_USAGE;
	}
	if ((rc = cli_parse_id(c, pos[1], _("held message"), &id)) != EXIT_OK)
		return rc;
	return cli_release_held(c, id, 0);
}

struct release {
	struct cli *c;
	long long id, complaint;
	const char *login;
	int filed;              /* the filing's exit; -1: the release failed */
};

/* Released and filed together, or neither; said nothing yet (the run
 * may be tried again). */
static int release_run(struct store *st, void *p)
{
	struct release *r = p;
	char *raw;
	size_t len;
	int rc;

	r->filed = -1;
	r->complaint = 0;
	cli_held_clear(r->c->held);
	if ((rc = store_quarantine_release(st, r->id, r->login, &raw, &len)) != STORE_OK)
		return rc;
	r->filed = cli_file_released(r->c, raw, len, 1, &r->complaint);
	free(raw);
	/* Trouble that may pass is tried again when it was a lock. */
	return r->filed == 0 ? STORE_OK : r->filed == EX_TEMPFAIL_CODE ?
	       STORE_ERROR : STORE_INVALID;
}

int cli_release_held(struct cli *c, long long id, int quiet)
{
	struct release r = { c, id, 0, NULL, -1 };
	struct agent me;
	struct cli_held said = { NULL, 0, 0 }, *outer = c->held;
	int rc;

	if ((rc = cli_whoami(c, NULL, &me)) != EXIT_OK)
		return rc;
	if (me.role != ROLE_SUPERVISOR) {
		cli_error(c, _("only a supervisor can release a held message"));
		return EXIT_DENIED;
	}
	r.login = me.login;
	/* What the filing says is kept until the run is over, and said once:
	 * a run tried again would say it twice, a run rolled back would
	 * name a complaint that is not there. */
	c->held = &said;
	rc = store_tx_run(c->st, release_run, &r);
	c->held = outer;
	cli_held_say(c, &said);
	if (rc != STORE_OK)
		return r.filed > 0 ? EXIT_FAIL : cli_store_exit(c, rc);
	if (!quiet)
		printf("%lld\n", r.complaint);
	return EXIT_OK;
}

static int attachment_list(struct cli *c, long long complaint)
{
	struct attachment_row *rows;
	int n, i, rc = store_attachment_list(c->st, complaint, &rows, &n);

	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	for (i = 0; i < n; i++) {
		printf("%lld\t%lld\t%lld\t%s\t", rows[i].id, rows[i].interaction_id,
		       rows[i].size, rows[i].kept ? ""
		       : rows[i].size == 0 ? _("not kept (could not be read)")
		       : _("not kept (over the limit)"));
		cli_put_field(stdout, rows[i].type);
		putchar('\t');
		cli_put_field(stdout, rows[i].name);
		putchar('\n');
	}
	attachment_rows_free(rows, n);
	return EXIT_OK;
}

static int attachment_save(struct cli *c, long long id, const char *file, int force)
{
	struct attachment_row meta;
	char *data = NULL;
	int rc = store_attachment_data(c->st, id, &meta, &data), fd;
	size_t off = 0;

	free(meta.name);
	free(meta.type);
	if (rc != STORE_OK)
		return cli_store_exit(c, rc);
	fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL), 0640);
	if (fd < 0) {
		if (errno == EEXIST)
			cli_error(c, _("attachment: %s exists; give --force to overwrite it"), file);
		else
			cli_error(c, _("attachment: %s: %s"), file, strerror(errno));
		free(data);
		return errno == EEXIST ? EXIT_CONFLICT : EXIT_FAIL;
	}
	while (off < (size_t)meta.size) {
		ssize_t w = write(fd, data + off, (size_t)meta.size - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(data);
	if (off < (size_t)meta.size || close(fd) != 0) {
		cli_error(c, _("attachment: cannot write %s: %s"), file, strerror(errno));
		return EXIT_FAIL;
	}
	printf(_("attachment %lld saved to %s (%lld bytes)\n"), id, file, meta.size);
	return EXIT_OK;
}

int cli_attachment(struct cli *c, int argc, char **argv)
{
	const char *usage = "temas attachment list COMPLAINT | attachment save ID FILE [--force]";
	int force = 0;
	const struct cli_opt opts[] = { { "--force", NULL, &force }, { NULL, NULL, NULL } };
	char *pos[3];
	long long id;
	int npos, rc;

	if ((rc = cli_parse(c, argc, argv, opts, pos, 2, 3, &npos, usage)) != EXIT_OK)
		return rc;
	if (strcmp(pos[0], "list") == 0 && npos == 2 && !force) {
		if ((rc = cli_parse_ref(c, pos[1], 1, &id)) != EXIT_OK)
			return rc;
		return attachment_list(c, id);
	}
	if (strcmp(pos[0], "save") != 0 || npos != 3) {
		cli_error(c, _("usage: %s"), usage);
		return EXIT_USAGE;
	}
	if ((rc = cli_parse_id(c, pos[1], _("attachment"), &id)) != EXIT_OK)
		return rc;
	return attachment_save(c, id, pos[2], force);
}
