/*
 * snooze.c: putting a complaint away until a time, and taking it back.
 *
 * The queue (queue.c) leaves out what is asleep; the triggers of the
 * migration that added these columns clear a snooze when a reply or note
 * is written or the complaint closes, whoever writes; a change of state
 * made through the store clears one whose time has come here.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/complaint.h"
#include "temas/i18n.h"
#include "temas/parse.h"
#include "temas/snooze.h"

static const char sql_set[] =
	"UPDATE complaints SET snoozed_until=?2, snoozed_by=?3, snooze_note=?4"
	" WHERE id=?1";
static const char sql_acted[] =
	"UPDATE complaints SET snoozed_until=NULL, snoozed_by=NULL,"
	" snooze_note=NULL WHERE id=?1 AND snoozed_until<=?2";

struct snooze_ctx {
	const struct agent *who;
	long long id;
	temas_time until;
	const char *note;
	int claimed;
	struct complaint c;     /* as read in the transaction */
};

enum snooze_state snooze_state_of(const struct complaint *c, temas_time now)
{
	if (c->snoozed_until == 0)
		return SNOOZE_NONE;
	return c->snoozed_until > now ? SNOOZE_ASLEEP : SNOOZE_BACK;
}

static int held_by_other(const struct snooze_ctx *c)
{
	return c->c.assignee_id != 0 && c->c.assignee_id != c->who->id &&
	       c->who->role != ROLE_SUPERVISOR;
}

static int do_snooze(struct store *st, void *vctx)
{
	struct snooze_ctx *c = vctx;
	sqlite3_stmt *s;
	char iso[32], *detail;
	int rc;

	c->claimed = 0;
	if ((rc = store_complaint_get(st, c->id, &c->c)) != STORE_OK)
		return rc;
	if (c->c.status == ST_RESOLVED || c->c.status == ST_CLOSED) {
		snprintf(st->errmsg, sizeof st->errmsg,
			 _("complaint %lld is %s; only open complaints can be snoozed"),
			 c->id, store_status_name(c->c.status));
		return STORE_DENIED;
	}
	if (held_by_other(c)) {
		snprintf(st->errmsg, sizeof st->errmsg,
			 _("complaint %lld is held by %s; only they or a supervisor can snooze it"),
			 c->id, c->c.assignee_login);
		return STORE_DENIED;
	}
	if (c->c.assignee_id == 0) {
		rc = store_complaint_take_tx(st, c->who, c->id, &c->claimed);
		if (rc != STORE_OK)
			return rc;
	}
	if ((s = store_stmt(st, sql_set)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, c->id);
	sqlite3_bind_int64(s, 2, c->until);
	sqlite3_bind_int64(s, 3, c->who->id);
	store_bind_text(s, 4, c->note, 1);
	if (store_step_done(st, s, _("cannot snooze the complaint")) != STORE_OK)
		return STORE_ERROR;
	text_format_iso_time(c->until, iso, sizeof iso);
	detail = sqlite3_mprintf("until %s%s%s", iso, c->note && c->note[0] ? ": " : "",
				 c->note ? c->note : "");
	if (detail == NULL)
		return store_fail(st, "%s", _("out of memory"));
	rc = store_audit(st, c->who, "snooze", c->id, c->c.customer_id, detail);
	sqlite3_free(detail);
	return rc;
}

int store_complaint_snooze(struct store *st, const struct agent *who,
			   long long id, temas_time until, const char *note,
			   int *claimed)
{
	struct snooze_ctx c;
	int rc;

	memset(&c, 0, sizeof c);
	c.who = who;
	c.id = id;
	c.until = until;
	c.note = note;
	if (claimed != NULL)
		*claimed = 0;
	st->errmsg[0] = '\0';
	if (until <= store_now(st))
		snprintf(st->errmsg, sizeof st->errmsg,
			 _("complaint %lld cannot be snoozed until a time in the past"),
			 id);
	else if (note != NULL && strlen(note) > SNOOZE_NOTE_MAX)
		snprintf(st->errmsg, sizeof st->errmsg,
			 _("the snooze note is too long (at most %d bytes)"),
			 SNOOZE_NOTE_MAX);
	else if (note != NULL && text_utf8_check(note, strlen(note), NULL) != 0)
		snprintf(st->errmsg, sizeof st->errmsg, "%s",
			 _("the snooze note is not UTF-8 text"));
	if (st->errmsg[0] != '\0')
		return STORE_INVALID;
	rc = store_tx_run(st, do_snooze, &c);
	if (rc == STORE_OK && claimed != NULL)
		*claimed = c.claimed;
	return rc;
}

static int do_unsnooze(struct store *st, void *vctx)
{
	struct snooze_ctx *c = vctx;
	sqlite3_stmt *s;
	char iso[32], detail[64];
	int rc;

	if ((rc = store_complaint_get(st, c->id, &c->c)) != STORE_OK)
		return rc;
	if (held_by_other(c)) {
		snprintf(st->errmsg, sizeof st->errmsg,
			 _("complaint %lld is held by %s; only they or a supervisor can unsnooze it"),
			 c->id, c->c.assignee_login);
		return STORE_DENIED;
	}
	if (c->c.snoozed_until == 0)
		return STORE_OK;
	if ((s = store_stmt(st, sql_set)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, c->id);
	if (store_step_done(st, s, _("cannot unsnooze the complaint")) != STORE_OK)
		return STORE_ERROR;
	text_format_iso_time(c->c.snoozed_until, iso, sizeof iso);
	snprintf(detail, sizeof detail, "was until %s", iso);
	return store_audit(st, c->who, "unsnooze", c->id, c->c.customer_id,
			   detail);
}

int store_complaint_unsnooze(struct store *st, const struct agent *who,
			     long long id, temas_time *was)
{
	struct snooze_ctx c;
	int rc;

	memset(&c, 0, sizeof c);
	c.who = who;
	c.id = id;
	rc = store_tx_run(st, do_unsnooze, &c);
	if (was != NULL)
		*was = rc == STORE_OK ? c.c.snoozed_until : 0;
	return rc;
}

int store_snooze_acted(struct store *st, long long id)
{
	sqlite3_stmt *s = store_stmt(st, sql_acted);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, store_now(st));
	return store_step_done(st, s, _("cannot change the complaint's state"));
}
