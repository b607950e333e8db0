/*
 * survey.c: the CSAT question after a resolution, and its answer.
 *
 * The question is an outgoing interaction of the complaint written by
 * temas (no agent), from the team's template, with an outbox row whose
 * next_at is the resolution time plus the delay: the mail sender and the
 * gateways take no row before its time.  csat_questions holds one row per
 * complaint ever asked, so a complaint reopened and resolved again is not
 * asked twice, and the answer recorded, so a second reply is not counted.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/i18n.h"
#include "temas/parse.h"
#include "temas/survey.h"
#include "temas/template.h"

void store_csat_set(struct store *st, const struct csat_conf *conf)
{
	st->csat_on = conf->on;
	st->csat_delay = conf->delay;
	snprintf(st->csat_template, sizeof st->csat_template, "%s",
		 conf->template_name[0] ? conf->template_name : CSAT_TEMPLATE_DEFAULT);
}

long long store_csat_queued(const struct store *st)
{
	return st->csat_queued;
}

static const char sql_asked[] =
	"SELECT 1 FROM csat_questions WHERE complaint_id=?1";
static const char sql_target[] =
	"SELECT k.customer_id, k.channel, ch.delivery IS NOT NULL,"
	" cu.erased_at IS NOT NULL"
	" FROM complaints k JOIN channels ch ON ch.code=k.channel"
	" JOIN customers cu ON cu.id=k.customer_id WHERE k.id=?1";
static const char sql_question[] =
	"INSERT INTO interactions(customer_id, complaint_id, channel, direction,"
	" at, subject, body) VALUES(?1, ?2, ?3, 'out', ?4, ?5, ?6) RETURNING id";
static const char sql_queue[] =
	"INSERT INTO outbox(interaction_id, complaint_id, channel, transport,"
	" queued_at, next_at)"
	" SELECT ?1, ?2, code, delivery, ?3, ?4 FROM channels WHERE code=?5";
static const char sql_record_asked[] =
	"INSERT INTO csat_questions(complaint_id, interaction_id, asked_at)"
	" VALUES(?1, ?2, ?3)";

/* Why no question went out, for the audit log: a team that turned the
 * question on and lacks a template for a channel can see it. */
static int skipped(struct store *st, const struct agent *who, long long id,
		   long long customer, const char *why)
{
	return store_audit(st, who, "csat_skipped", id, customer, why);
}

int store_csat_ask(struct store *st, const struct agent *who, long long id)
{
	sqlite3_stmt *s;
	long long customer, iid, now = store_now(st), due;
	char channel[16], detail[300];
	char *subject = NULL, *body = NULL;
	int rc, delivers, erased;

	st->csat_queued = 0;
	if (!st->csat_on)
		return STORE_OK;
	if ((s = store_stmt(st, sql_asked)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = store_step_ints(st, s, &iid, 1, _("cannot read the survey questions"));
	if (rc == STORE_OK)
		return STORE_OK;             /* asked before: once per complaint */
	if (rc != STORE_NOTFOUND)
		return rc;
	if ((s = store_stmt(st, sql_target)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		customer = sqlite3_column_int64(s, 0);
		store_col_text(s, 1, channel, sizeof channel);
		delivers = sqlite3_column_int(s, 2);
		erased = sqlite3_column_int(s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot read the complaint"));
	/* A phone call or a store visit carries no message from us. */
	if (!delivers || erased)
		return STORE_OK;
	rc = store_template_render_parts(st, st->csat_template, id, who, &subject, &body);
	if (rc == STORE_NOTFOUND || rc == STORE_INVALID) {
		snprintf(detail, sizeof detail, "%.290s", st->errmsg);
		return skipped(st, who, id, customer, detail);
	}
	if (rc != STORE_OK)
		return rc;
	due = now + st->csat_delay;
	rc = STORE_ERROR;
	if ((s = store_stmt(st, sql_question)) == NULL)
		goto out;
	sqlite3_bind_int64(s, 1, customer);
	sqlite3_bind_int64(s, 2, id);
	sqlite3_bind_text(s, 3, channel, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 4, now);
	store_bind_text(s, 5, subject, 1);
	store_bind_text(s, 6, body, 0);
	if (store_step_ints(st, s, &iid, 1, _("cannot queue the satisfaction question")) !=
	    STORE_OK)
		goto out;
	if ((s = store_stmt(st, sql_queue)) == NULL)
		goto out;
	sqlite3_bind_int64(s, 1, iid);
	sqlite3_bind_int64(s, 2, id);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int64(s, 4, due);
	sqlite3_bind_text(s, 5, channel, -1, SQLITE_TRANSIENT);
	if (store_step_done(st, s, _("cannot queue the satisfaction question")) != STORE_OK)
		goto out;
	if ((s = store_stmt(st, sql_record_asked)) == NULL)
		goto out;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, iid);
	sqlite3_bind_int64(s, 3, now);
	if (store_step_done(st, s, _("cannot queue the satisfaction question")) != STORE_OK)
		goto out;
	snprintf(detail, sizeof detail, "interaction %lld; due %lld", iid, due);
	rc = store_audit(st, who, "csat_queued", id, customer, detail);
	if (rc == STORE_OK)
		st->csat_queued = due;
out:
	free(subject);
	free(body);
	return rc;
}

/* The question a message answers: by its thread (the question's own
 * Message-ID, or a gateway's id for it), or by the [#N] tag when the
 * subject also holds the question's subject. */
static const char sql_by_ref[] =
	"SELECT q.complaint_id FROM csat_questions q"
	" WHERE q.interaction_id IN (SELECT interaction_id FROM outbox WHERE message_id=?1"
	"  UNION ALL SELECT interaction_id FROM outbox WHERE external_id=?1)";
static const char sql_by_tag[] =
	"SELECT coalesce(i.subject, '') FROM csat_questions q"
	" JOIN interactions i ON i.id=q.interaction_id"
	" JOIN outbox o ON o.interaction_id=q.interaction_id"
	" WHERE q.complaint_id=?1 AND o.state='sent'";
static const char sql_open_question[] =
	"SELECT k.customer_id FROM csat_questions q JOIN complaints k ON k.id=q.complaint_id"
	" WHERE q.complaint_id=?1 AND q.survey_id IS NULL";

int store_csat_match(struct store *st, const char *const *ids, size_t nids,
		     long long tag, const char *subject, const char *body,
		     long long *complaint, long long *customer, int *score,
		     const char **comment, size_t *clen)
{
	sqlite3_stmt *s;
	long long cid = 0;
	size_t i;
	int rc;

	*score = text_parse_csat_reply(body ? body : "", comment, clen);
	if (*score == 0)
		return STORE_NOTFOUND;
	for (i = 0; i < nids && cid == 0; i++) {
		if (ids[i] == NULL || *ids[i] == '\0')
			continue;
		if ((s = store_stmt(st, sql_by_ref)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_text(s, 1, ids[i], -1, SQLITE_STATIC);
		rc = store_step_ints(st, s, &cid, 1, _("cannot read the survey questions"));
		if (rc == STORE_NOTFOUND)
			cid = 0;
		else if (rc != STORE_OK)
			return rc;
	}
	if (cid == 0 && tag > 0 && subject != NULL) {
		const char *asked;

		if ((s = store_stmt(st, sql_by_tag)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, tag);
		rc = sqlite3_step(s);
		/* The question's subject whole, compared while the row is read. */
		if (rc == SQLITE_ROW &&
		    (asked = (const char *)sqlite3_column_text(s, 0)) != NULL &&
		    asked[0] != '\0' && strstr(subject, asked) != NULL)
			cid = tag;
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_fail_sqlite(st, _("cannot read the survey questions"));
	}
	if (cid == 0)
		return STORE_NOTFOUND;
	/* Answered before: the next reply is an ordinary message. */
	if ((s = store_stmt(st, sql_open_question)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, cid);
	rc = store_step_ints(st, s, customer, 1, _("cannot read the survey questions"));
	if (rc == STORE_OK)
		*complaint = cid;
	return rc;
}

static const char sql_answer[] =
	"INSERT INTO surveys(customer_id, complaint_id, channel, kind, score, comment, at)"
	" SELECT customer_id, id, channel, 'csat', ?2, ?3, ?4 FROM complaints WHERE id=?1"
	" RETURNING id";
static const char sql_answered[] =
	"UPDATE csat_questions SET survey_id=?2 WHERE complaint_id=?1 AND survey_id IS NULL";

int store_csat_record(struct store *st, long long complaint, int score,
		      const char *comment, size_t clen, long long at)
{
	sqlite3_stmt *s = store_stmt(st, sql_answer);
	long long sid;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, complaint);
	sqlite3_bind_int(s, 2, score);
	if (clen > 0)
		sqlite3_bind_text(s, 3, comment, (int)clen, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 4, at);
	if (store_step_ints(st, s, &sid, 1, _("cannot record the survey answer")) != STORE_OK)
		return STORE_ERROR;
	if ((s = store_stmt(st, sql_answered)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, complaint);
	sqlite3_bind_int64(s, 2, sid);
	if (store_step_done(st, s, _("cannot record the survey answer")) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(st->db) != 1)
		return store_fail(st, "%s", _("the survey question was answered meanwhile"));
	return STORE_OK;
}
