/*
 * pane_super.c: the supervisor view (S): the team's figures in sections
 * that Tab walks - queues by agent, backlog by age, SLA breaches, NPS and
 * CSAT with a weekly trend, churn and customer value, reply compliance,
 * complaint categories - and, from an agent's row, that agent's queue,
 * where complaints are marked and reassigned.
 *
 * Each section is formatted into rows of text for the width at hand and
 * shown through the generic list, so it scrolls at 80x24 and uses the
 * room a larger terminal gives.  Churn reads every customer's orders,
 * which is too slow for each refresh on a large database, so it is read
 * only when its section is shown, and kept for a few minutes.
 */
#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/calendar.h"
#include "temas/complaint.h"
#include "temas/edit.h"
#include "temas/escalate.h"
#include "temas/i18n.h"
#include "temas/ingest.h"
#include "temas/metrics.h"
#include "temas/outbox.h"
#include "temas/queue.h"
#include "temas/store.h"
#include "temas/text.h"

#define CHURN_KEEP_SECS 600
#define DRILL_MAX 500
#define ROW_BYTES 512

enum section {
	SEC_QUEUES = 0, SEC_BACKLOG, SEC_BREACHES, SEC_SATISFACTION,
	SEC_CHURN, SEC_COMPLIANCE, SEC_CATEGORIES, SEC_MAIL, SEC_RULES, SEC_COUNT
};

enum mode { MODE_SECTIONS = 0, MODE_AGENT, MODE_PICK };

struct row {
	char text[ROW_BYTES];
	enum ui_elem el;
	long long id;           /* agent or complaint; 0 for none */
	long long held;         /* a held e-mail (quarantine); 0 for none */
};

struct super_state {
	enum section sec;
	enum mode mode;
	int days;                       /* period: the last N days; 0: */
	temas_time fixed_since;         /* these dates, [since, until) */
	temas_time fixed_until;
	struct metrics_period period;
	temas_time now;
	int stale;

	struct metrics_agent_queue *queues;
	int nqueues;
	struct metrics_backlog_row *backlog;
	int nbacklog;
	struct complaint breaches[100];
	int nbreaches, breaches_total;
	struct metrics_satisfaction sat;
	struct metrics_compliance *comp;
	int ncomp;
	struct metrics_category *cats;
	int ncats;
	struct outbox_item *failed;
	int nfailed;
	struct quarantine_row *held;
	int nheld;
	struct calendar_info *cals;
	int ncals;
	struct escalate_rule *rules;
	int nrules;

	int churn_loaded, churn_wanted;
	temas_time churn_at;
	int churn_days_of;              /* period the churn figures are for */
	struct metrics_churn churn;
	struct metrics_risk *risk;
	int nrisk, risk_total;

	/* One agent's queue. */
	long long agent_id;             /* -1: the unassigned pile */
	char agent_login[64];
	struct queue_row *aq;
	int naq, aq_total;
	long long *marked;
	int nmarked;
	/* Choosing whom to reassign to: what was typed narrows the agents. */
	char pick[64];
	struct text_input pick_in;

	char header[2][ROW_BYTES];
	struct row *rows;
	int nrows, caprows;
	struct list list;
	int width;
};

static int utf8_term(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && strcmp(cs, "UTF-8") == 0;
}

/* ---- formatting helpers ---------------------------------------------- */

/* Append s fitted to w columns (right-aligned when right) to buf. */
static void cat_col(char *buf, const char *s, int w, int right)
{
	char fit[ROW_BYTES];
	size_t len = strlen(buf);
	int pad;

	if (w <= 0 || len + 1 >= ROW_BYTES)
		return;
	text_fit(s, w, fit, sizeof fit, 0);
	pad = w - text_width(fit);
	/* A row cut at its end is fine: it is fitted to the screen anyway. */
	if (right ? snprintf(buf + len, ROW_BYTES - len, "%*s%s ", pad, "", fit) < 0
		  : snprintf(buf + len, ROW_BYTES - len, "%s%*s ", fit, pad, "") < 0)
		buf[len] = '\0';
}

static void cat_int(char *buf, long long v, int w)
{
	char n[32];

	snprintf(n, sizeof n, "%lld", v);
	cat_col(buf, n, w, 1);
}

static void fmt_pct(char *buf, size_t n, int has, double share)
{
	if (has)
		snprintf(buf, n, "%d%%", (int)(share * 100.0 + 0.5));
	else
		snprintf(buf, n, "%s", "-");
}

static void fmt_dur(char *buf, size_t n, long long secs)
{
	if (text_format_duration(secs, buf, n) < 0)
		snprintf(buf, n, "?");
}

/*
 * A trend as one character per week: eight levels of a block in UTF-8,
 * of plain ASCII elsewhere; a blank for a week without answers.
 */
static void sparkline(char *buf, size_t n, const struct metrics_score *w,
		      int nweeks, int csat)
{
	static const char *const blocks[8] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
	};
	static const char ascii[] = "_.-:=+*#";
	int utf8 = utf8_term(), i, lvl, has;
	size_t len = 0;
	double v;

	buf[0] = '\0';
	for (i = 0; i < nweeks && len + 4 < n; i++) {
		has = csat ? w[i].has_csat : w[i].has_nps;
		if (!has) {
			buf[len++] = ' ';
			buf[len] = '\0';
			continue;
		}
		v = csat ? (w[i].csat - 1.0) / 4.0 : (w[i].nps + 100) / 200.0;
		lvl = (int)(v * 7.0 + 0.5);
		lvl = lvl < 0 ? 0 : lvl > 7 ? 7 : lvl;
		if (utf8) {
			memcpy(buf + len, blocks[lvl], 3);
			len += 3;
		} else {
			buf[len++] = ascii[lvl];
		}
		buf[len] = '\0';
	}
}

/* ---- rows -------------------------------------------------------------- */

static struct row *add_row(struct super_state *s, enum ui_elem el, long long id)
{
	struct row *r;

	if (s->nrows == s->caprows) {
		int cap = s->caprows ? s->caprows * 2 : 64;

		r = realloc(s->rows, sizeof *r * (size_t)cap);
		if (r == NULL)
			return NULL;
		s->rows = r;
		s->caprows = cap;
	}
	r = &s->rows[s->nrows++];
	r->text[0] = '\0';
	r->el = el;
	r->id = id;
	r->held = 0;
	return r;
}

static void text_row(struct super_state *s, enum ui_elem el, const char *t)
{
	struct row *r = add_row(s, el, 0);

	if (r != NULL)
		snprintf(r->text, sizeof r->text, "%s", t);
}

static int is_marked(const struct super_state *s, long long id)
{
	int i;

	for (i = 0; i < s->nmarked; i++)
		if (s->marked[i] == id)
			return 1;
	return 0;
}

static void build_queues(struct super_state *s, int w)
{
	int name = w - 69 > 12 ? (w - 69 > 30 ? 30 : w - 69) : 12;
	char a[64], b[64];
	int i;

	s->header[0][0] = '\0';
	cat_col(s->header[0], _("agent"), name, 0);
	/* Open and pending against the limit auto-assignment keeps to. */
	cat_col(s->header[0], _("load"), 6, 1);
	cat_col(s->header[0], _("open"), 5, 1);
	cat_col(s->header[0], _("pend"), 5, 1);
	cat_col(s->header[0], _("breach"), 6, 1);
	cat_col(s->header[0], _("oldest"), 7, 1);
	cat_col(s->header[0], _("today"), 5, 1);
	cat_col(s->header[0], _("1st resp"), 9, 1);
	cat_col(s->header[0], _("online"), 6, 1);
	for (i = 0; i < s->nqueues; i++) {
		const struct metrics_agent_queue *q = &s->queues[i];
		struct row *r = add_row(s, q->breached ? EL_BREACHED : EL_NORMAL,
					q->agent_id ? q->agent_id : -1);

		if (r == NULL)
			return;
		cat_col(r->text, q->agent_id ? q->login : _("(unassigned)"), name, 0);
		if (q->agent_id && q->capacity >= 0)
			snprintf(a, sizeof a, "%d/%d", q->open + q->pending, q->capacity);
		else if (q->agent_id)
			snprintf(a, sizeof a, "%d", q->open + q->pending);
		else
			a[0] = '\0';
		cat_col(r->text, a, 6, 1);
		cat_int(r->text, q->open, 5);
		cat_int(r->text, q->pending, 5);
		cat_int(r->text, q->breached, 6);
		if (q->oldest_open_at)
			fmt_dur(a, sizeof a, s->now - q->oldest_open_at);
		else
			snprintf(a, sizeof a, "-");
		cat_col(r->text, a, 7, 1);
		cat_int(r->text, q->replies_today, 5);
		if (q->median_first_response >= 0)
			fmt_dur(b, sizeof b, q->median_first_response);
		else
			snprintf(b, sizeof b, "-");
		cat_col(r->text, b, 9, 1);
		cat_col(r->text, q->agent_id ? (q->online ? _("yes") : _("no")) : "",
			6, 1);
	}
	snprintf(s->header[1], ROW_BYTES, "%s",
		 _("Enter: the agent's queue, to reassign from"));
}

static void build_backlog(struct super_state *s, int w)
{
	int cw = w >= 100 ? 9 : 7, b, i;
	int tot[METRICS_AGE_BUCKETS + 1] = { 0 };
	struct row *r;

	(void)w;
	s->header[0][0] = '\0';
	cat_col(s->header[0], _("channel"), 12, 0);
	for (b = 0; b < METRICS_AGE_BUCKETS; b++)
		cat_col(s->header[0], metrics_age_label(b), cw, 1);
	cat_col(s->header[0], _("total"), cw, 1);
	snprintf(s->header[1], ROW_BYTES, "%s",
		 _("Open complaints by time since they were opened"));
	for (i = 0; i < s->nbacklog; i++) {
		r = add_row(s, EL_NORMAL, 0);
		if (r == NULL)
			return;
		cat_col(r->text, s->backlog[i].channel, 12, 0);
		for (b = 0; b < METRICS_AGE_BUCKETS; b++) {
			cat_int(r->text, s->backlog[i].count[b], cw);
			tot[b] += s->backlog[i].count[b];
		}
		cat_int(r->text, s->backlog[i].total, cw);
		tot[METRICS_AGE_BUCKETS] += s->backlog[i].total;
	}
	r = add_row(s, EL_HEADING, 0);
	if (r == NULL)
		return;
	cat_col(r->text, _("all"), 12, 0);
	for (b = 0; b <= METRICS_AGE_BUCKETS; b++)
		cat_int(r->text, tot[b], cw);
}

static void build_breaches(struct super_state *s, int w)
{
	int subj = w - 58 > 10 ? w - 58 : 10;
	char a[64];
	int i;

	snprintf(s->header[1], ROW_BYTES,
		 _("%d open complaints past due, most overdue first"),
		 s->breaches_total);
	s->header[0][0] = '\0';
	cat_col(s->header[0], "#", 7, 1);
	cat_col(s->header[0], _("overdue"), 7, 1);
	cat_col(s->header[0], _("channel"), 10, 0);
	cat_col(s->header[0], _("agent"), 10, 0);
	cat_col(s->header[0], _("customer"), 10, 0);
	cat_col(s->header[0], _("subject"), subj, 0);
	for (i = 0; i < s->nbreaches; i++) {
		const struct complaint *c = &s->breaches[i];
		struct row *r = add_row(s, EL_BREACHED, c->id);

		if (r == NULL)
			return;
		cat_int(r->text, c->id, 7);
		fmt_dur(a, sizeof a, s->now - c->due_at);
		cat_col(r->text, a, 7, 1);
		cat_col(r->text, c->channel, 10, 0);
		cat_col(r->text, c->assignee_id ? c->assignee_login : "-", 10, 0);
		cat_col(r->text, c->customer_name, 10, 0);
		cat_col(r->text, c->subject, subj, 0);
	}
	/* The list is the most overdue; the rest are said, with where to
	 * find them all. */
	if (s->breaches_total > s->nbreaches) {
		struct row *r = add_row(s, EL_DIM, 0);

		if (r != NULL)
			snprintf(r->text, ROW_BYTES,
				 _("  %d more past due: the queue's filter 'breached' shows them all"),
				 s->breaches_total - s->nbreaches);
	}
}

static void score_row(struct super_state *s, const char *label,
		      const struct metrics_score *m, int name)
{
	struct row *r = add_row(s, EL_NORMAL, 0);
	char a[32];

	if (r == NULL)
		return;
	cat_col(r->text, label, name, 0);
	if (m->has_nps && m->nps != 0)
		snprintf(a, sizeof a, "%+d", m->nps);
	else if (m->has_nps)
		snprintf(a, sizeof a, "0");
	else
		snprintf(a, sizeof a, "%s", _("no data"));
	cat_col(r->text, a, 8, 1);
	cat_int(r->text, m->nps_answers, 5);
	if (m->has_csat)
		snprintf(a, sizeof a, "%d.%02d", (int)(m->csat * 100 + 0.5) / 100,
			 (int)(m->csat * 100 + 0.5) % 100);
	else
		snprintf(a, sizeof a, "%s", _("no data"));
	cat_col(r->text, a, 8, 1);
	cat_int(r->text, m->csat_answers, 5);
}

static void build_satisfaction(struct super_state *s, int w)
{
	const struct metrics_satisfaction *m = &s->sat;
	int name = w >= 100 ? 24 : 16, i, cw = 7, first;
	char line[ROW_BYTES], spark[64], a[32], d[32];
	struct row *r;

	snprintf(s->header[1], ROW_BYTES, "%s",
		 _("NPS: promoters (9-10) minus detractors (0-6), in percent; CSAT: 1-5"));
	s->header[0][0] = '\0';
	cat_col(s->header[0], "", name, 0);
	cat_col(s->header[0], _("NPS"), 8, 1);
	cat_col(s->header[0], _("n"), 5, 1);
	cat_col(s->header[0], _("CSAT"), 8, 1);
	cat_col(s->header[0], _("n"), 5, 1);
	score_row(s, _("overall"), &m->overall, name);
	if (m->nweeks > 0) {
		sparkline(spark, sizeof spark, m->weeks, m->nweeks, 0);
		snprintf(line, sizeof line, _("NPS by week  [%s]"), spark);
		text_row(s, EL_HEADING, line);
		sparkline(spark, sizeof spark, m->weeks, m->nweeks, 1);
		snprintf(line, sizeof line, _("CSAT by week [%s]"), spark);
		text_row(s, EL_HEADING, line);
		/* The same weeks as numbers, as many as fit on a line. */
		first = m->nweeks - (w - name - 2) / cw;
		if (first < 0)
			first = 0;
		r = add_row(s, EL_DIM, 0);
		if (r != NULL) {
			cat_col(r->text, _("week of"), name, 0);
			for (i = first; i < m->nweeks; i++) {
				text_format_time(m->weeks[i].week_start, "%m-%d", d,
						 sizeof d);
				cat_col(r->text, d, cw - 1, 1);
			}
		}
		r = add_row(s, EL_NORMAL, 0);
		if (r != NULL) {
			cat_col(r->text, _("NPS"), name, 0);
			for (i = first; i < m->nweeks; i++) {
				if (m->weeks[i].has_nps)
					snprintf(a, sizeof a, "%+d", m->weeks[i].nps);
				else
					snprintf(a, sizeof a, "-");
				cat_col(r->text, a, cw - 1, 1);
			}
		}
		r = add_row(s, EL_NORMAL, 0);
		if (r != NULL) {
			cat_col(r->text, _("CSAT"), name, 0);
			for (i = first; i < m->nweeks; i++) {
				if (m->weeks[i].has_csat)
					snprintf(a, sizeof a, "%.1f", m->weeks[i].csat);
				else
					snprintf(a, sizeof a, "-");
				cat_col(r->text, a, cw - 1, 1);
			}
		}
	}
	if (m->nchannels > 0)
		text_row(s, EL_HEADING, _("By channel"));
	for (i = 0; i < m->nchannels; i++)
		score_row(s, m->by_channel[i].key, &m->by_channel[i], name);
	if (m->nagents > 0)
		text_row(s, EL_HEADING, _("By agent (assignee of the complaint)"));
	for (i = 0; i < m->nagents; i++)
		score_row(s, m->by_agent[i].key, &m->by_agent[i], name);
}

static void build_churn(struct super_state *s, int w)
{
	int name = w - 56 > 12 ? (w - 56 > 30 ? 30 : w - 56) : 12, i;
	char line[ROW_BYTES], a[64], b[64];
	struct row *r;

	s->header[0][0] = '\0';
	if (!s->churn_loaded) {
		snprintf(s->header[1], ROW_BYTES, "%s",
			 _("Computing churn over every customer's orders..."));
		return;
	}
	fmt_pct(a, sizeof a, s->churn.has_rate, s->churn.rate);
	snprintf(s->header[1], ROW_BYTES,
		 _("Churn %s: %d of %d customers ordered nothing in %d days"),
		 a, s->churn.churned, s->churn.base, s->churn.days);
	snprintf(line, sizeof line,
		 _("Lifetime %.1f years; %d at risk (2+ complaints or detractor answers)"),
		 s->churn.duration_years, s->risk_total);
	text_row(s, EL_HEADING, line);
	text_row(s, EL_DIM, _("CLV = revenue/year x expected years - acquisition cost"));
	r = add_row(s, EL_HEADING, 0);
	if (r != NULL) {
		cat_col(r->text, _("customer"), name, 0);
		cat_col(r->text, _("cmp"), 3, 1);
		cat_col(r->text, _("open"), 4, 1);
		cat_col(r->text, _("revenue/yr"), 14, 1);
		cat_col(r->text, _("acq cost"), 11, 1);
		cat_col(r->text, _("CLV"), 14, 1);
	}
	for (i = 0; i < s->nrisk; i++) {
		const struct metrics_risk *k = &s->risk[i];

		r = add_row(s, k->open_complaints ? EL_ALERT : EL_NORMAL,
			    k->open_ids[0]);
		if (r == NULL)
			return;
		cat_col(r->text, k->name, name, 0);
		cat_int(r->text, k->complaints + k->detractors, 3);
		cat_int(r->text, k->open_complaints, 4);
		if (text_format_money(k->revenue_per_year, k->currency, 0, a,
				      sizeof a) < 0)
			snprintf(a, sizeof a, "?");
		cat_col(r->text, a, 14, 1);
		if (text_format_money(k->acquisition_cost, k->currency, 0, b,
				      sizeof b) < 0)
			snprintf(b, sizeof b, "?");
		cat_col(r->text, b, 11, 1);
		if (text_format_money(k->clv, k->currency, 0, a, sizeof a) < 0)
			snprintf(a, sizeof a, "?");
		cat_col(r->text, a, 14, 1);
	}
}

static void build_compliance(struct super_state *s, int w)
{
	char a[32];
	int i;

	(void)w;
	snprintf(s->header[1], ROW_BYTES, "%s",
		 _("Replies sent after the order history was on screen"));
	s->header[0][0] = '\0';
	cat_col(s->header[0], _("agent"), 20, 0);
	cat_col(s->header[0], _("share"), 6, 1);
	cat_col(s->header[0], _("seen"), 7, 1);
	cat_col(s->header[0], _("replies"), 8, 1);
	for (i = 0; i < s->ncomp; i++) {
		const struct metrics_compliance *c = &s->comp[i];
		struct row *r = add_row(s, i == 0 ? EL_HEADING
					: (c->has_share && c->share < 0.9) ? EL_ALERT
					: EL_NORMAL, 0);

		if (r == NULL)
			return;
		cat_col(r->text, i == 0 ? _("overall") : c->login, 20, 0);
		fmt_pct(a, sizeof a, c->has_share, c->share);
		cat_col(r->text, a, 6, 1);
		cat_int(r->text, c->with_history, 7);
		cat_int(r->text, c->replies, 8);
	}
}

static void build_categories(struct super_state *s, int w)
{
	int utf8 = utf8_term(), i;

	(void)w;
	snprintf(s->header[1], ROW_BYTES, "%s",
		 _("Complaints opened: this period against the one before"));
	s->header[0][0] = '\0';
	cat_col(s->header[0], _("category"), 24, 0);
	cat_col(s->header[0], _("now"), 6, 1);
	cat_col(s->header[0], _("before"), 7, 1);
	for (i = 0; i < s->ncats; i++) {
		const struct metrics_category *c = &s->cats[i];
		struct row *r;

		/* The tags follow the categories under a heading of their own. */
		if (c->is_tag && (i == 0 || !c[-1].is_tag)) {
			if ((r = add_row(s, EL_HEADING, 0)) == NULL)
				return;
			cat_col(r->text, _("tag"), 24, 0);
			cat_col(r->text, _("now"), 6, 1);
			cat_col(r->text, _("before"), 7, 1);
		}
		r = add_row(s, c->trend > 0 ? EL_ALERT : EL_NORMAL, 0);
		if (r == NULL)
			return;
		cat_col(r->text, c->category, 24, 0);
		cat_int(r->text, c->count, 6);
		cat_int(r->text, c->previous, 7);
		cat_col(r->text, c->trend > 0 ? (utf8 ? "\xe2\x86\x91" : "up")
			: c->trend < 0 ? (utf8 ? "\xe2\x86\x93" : "down") : "=", 4, 0);
	}
}

/* Replies that did not reach the customer, and mail held back. */
static const char *held_reason(const char *code)
{
	if (strcmp(code, "auto-submitted") == 0)
		return _("auto-reply");
	if (strcmp(code, "bulk") == 0)
		return _("bulk");
	if (strcmp(code, "loop") == 0)
		return _("loop");
	if (strcmp(code, "own") == 0)
		return _("ours");
	return _("mailer");
}

static void build_mail(struct super_state *s, int w)
{
	int rest = w - 40 > 12 ? w - 40 : 12;
	char when[32];
	int i;

	snprintf(s->header[1], ROW_BYTES,
		 _("%d failed deliveries; %d e-mails held (Enter on one releases and files it)"),
		 s->nfailed, s->nheld);
	s->header[0][0] = '\0';
	cat_col(s->header[0], "#", 7, 1);
	cat_col(s->header[0], _("state"), 8, 0);
	cat_col(s->header[0], _("channel"), 9, 0);
	cat_col(s->header[0], _("customer"), 12, 0);
	cat_col(s->header[0], _("reason"), rest, 0);
	for (i = 0; i < s->nfailed; i++) {
		const struct outbox_item *f = &s->failed[i];
		struct row *r = add_row(s, EL_ALERT, f->complaint_id);

		if (r == NULL)
			return;
		cat_int(r->text, f->complaint_id, 7);
		cat_col(r->text, _("failed"), 8, 0);
		cat_col(r->text, f->channel, 9, 0);
		cat_col(r->text, f->to_name, 12, 0);
		cat_col(r->text, f->error, rest, 0);
	}
	for (i = 0; i < s->nheld; i++) {
		const struct quarantine_row *q = &s->held[i];
		struct row *r = add_row(s, EL_NORMAL, 0);

		if (r == NULL)
			return;
		r->held = q->id;
		snprintf(when, sizeof when, "%lld", q->id);
		cat_col(r->text, when, 7, 1);
		cat_col(r->text, _("held"), 8, 0);
		cat_col(r->text, held_reason(q->reason), 9, 0);
		cat_col(r->text, q->from_addr, 12, 0);
		cat_col(r->text, q->subject, rest, 0);
	}
}

/* The rules the SLA runs by: calendars (which channels count working
 * time by them) and escalation rules (what they did so far). */
static void build_rules(struct super_state *s, int w)
{
	int rest = w - 46 > 10 ? w - 46 : 10, i;
	char num[96], act[ROW_BYTES];

	snprintf(num, sizeof num, P_("%d calendar", "%d calendars", s->ncals),
		 s->ncals);
	snprintf(s->header[1], ROW_BYTES,
		 P_("%s, %d escalation rule (temas calendar, temas escalation)",
		    "%s, %d escalation rules (temas calendar, temas escalation)",
		    s->nrules), num, s->nrules);
	s->header[0][0] = '\0';
	cat_col(s->header[0], _("name"), 12, 0);
	cat_col(s->header[0], _("kind"), 9, 0);
	cat_col(s->header[0], _("when / zone"), 19, 0);
	cat_col(s->header[0], _("channels / action"), rest, 0);
	for (i = 0; i < s->ncals; i++) {
		const struct calendar_info *c = &s->cals[i];
		struct row *r = add_row(s, EL_NORMAL, 0);

		if (r == NULL)
			return;
		cat_col(r->text, c->name, 12, 0);
		cat_col(r->text, _("calendar"), 9, 0);
		cat_col(r->text, c->zone, 19, 0);
		snprintf(act, sizeof act, "%s", *c->channels ? c->channels :
			 _("(no channel)"));
		if (c->year_first > 0)
			snprintf(act + strlen(act), sizeof act - strlen(act),
				 _("; holidays %d-%d"), c->year_first, c->year_last);
		cat_col(r->text, act, rest, 0);
	}
	for (i = 0; i < s->nrules; i++) {
		const struct escalate_rule *e = &s->rules[i];
		int reply = e->target == ESC_FIRST_RESPONSE;
		struct row *r = add_row(s, EL_NORMAL, 0);

		if (r == NULL)
			return;
		cat_col(r->text, e->name, 12, 0);
		cat_col(r->text, _("rule"), 9, 0);
		if (e->before_secs > 0)
			snprintf(num, sizeof num, reply ? _("reply due -%lld min") :
				 _("resolve due -%lld min"), e->before_secs / 60);
		else
			snprintf(num, sizeof num, "%s", reply ? _("reply due") :
				 _("resolve due"));
		cat_col(r->text, num, 19, 0);
		snprintf(act, sizeof act, P_("%s: %s %s (%lld done)",
					     "%s: %s %s (%lld done)", e->fired),
			 e->channel && *e->channel ? e->channel : "*",
			 e->action == ESC_PRIORITY ? _("priority") :
			 e->action == ESC_TAG ? _("tag") : _("assign"), e->arg,
			 e->fired);
		cat_col(r->text, act, rest, 0);
	}
}

static void build_agent(struct super_state *s, int w)
{
	int subj = w - 52 > 10 ? w - 52 : 10, i;
	char a[64];

	snprintf(s->header[1], ROW_BYTES,
		 _("x mark  a reassign marked (or this one)  q back  - %d marked"),
		 s->nmarked);
	s->header[0][0] = '\0';
	cat_col(s->header[0], "", 1, 0);
	cat_col(s->header[0], "#", 7, 1);
	cat_col(s->header[0], _("due in"), 7, 1);
	cat_col(s->header[0], _("channel"), 10, 0);
	cat_col(s->header[0], _("customer"), 14, 0);
	cat_col(s->header[0], _("subject"), subj, 0);
	for (i = 0; i < s->naq; i++) {
		const struct complaint *c = &s->aq[i].c;
		struct row *r = add_row(s, c->due_at < s->now ? EL_BREACHED
					: EL_NORMAL, c->id);

		if (r == NULL)
			return;
		cat_col(r->text, is_marked(s, c->id) ? "*" : " ", 1, 0);
		cat_int(r->text, c->id, 7);
		fmt_dur(a, sizeof a, c->due_at - s->now);
		cat_col(r->text, a, 7, 1);
		cat_col(r->text, c->channel, 10, 0);
		cat_col(r->text, c->customer_name, 14, 0);
		cat_col(r->text, c->subject, subj, 0);
	}
}

/* 1 when the words typed in the pick list are in the agent's login or
 * name, the Turkish way ("zey" finds Zeynep, "isik" Işık). */
static int pick_matches(const struct super_state *s,
			const struct metrics_agent_queue *q)
{
	char want[sizeof s->pick * 4], got[ROW_BYTES];

	if (s->pick[0] == '\0')
		return 1;
	text_fold_tr_buf(s->pick, strlen(s->pick), want, sizeof want);
	text_fold_tr_buf(q->login, strlen(q->login), got, sizeof got);
	if (strstr(got, want) != NULL)
		return 1;
	text_fold_tr_buf(q->name, strlen(q->name), got, sizeof got);
	return strstr(got, want) != NULL;
}

static void build_pick(struct super_state *s, int w)
{
	int i;

	(void)w;
	if (s->pick[0] != '\0')
		snprintf(s->header[1], ROW_BYTES,
			 _("Reassign %d complaints to: %s_  (Enter chooses, Esc cancels)"),
			 s->nmarked, s->pick);
	else
		snprintf(s->header[1], ROW_BYTES,
			 _("Reassign %d complaints to: (type to narrow, Enter chooses, Esc cancels)"),
			 s->nmarked);
	s->header[0][0] = '\0';
	for (i = 0; i < s->nqueues; i++) {
		const struct metrics_agent_queue *q = &s->queues[i];
		struct row *r;

		if (q->agent_id == 0 || q->agent_id == s->agent_id ||
		    !pick_matches(s, q))
			continue;
		r = add_row(s, EL_NORMAL, q->agent_id);
		if (r == NULL)
			return;
		cat_col(r->text, q->login, 20, 0);
		cat_col(r->text, q->name, 30, 0);
		snprintf(r->text + strlen(r->text), ROW_BYTES - strlen(r->text),
			 _("%d open"), q->open + q->pending);
	}
}

static void build(struct super_state *s, int w)
{
	int keep = s->list.sel;

	s->nrows = 0;
	s->header[0][0] = s->header[1][0] = '\0';
	if (s->mode == MODE_AGENT)
		build_agent(s, w);
	else if (s->mode == MODE_PICK)
		build_pick(s, w);
	else switch (s->sec) {
	case SEC_QUEUES: build_queues(s, w); break;
	case SEC_BACKLOG: build_backlog(s, w); break;
	case SEC_BREACHES: build_breaches(s, w); break;
	case SEC_SATISFACTION: build_satisfaction(s, w); break;
	case SEC_CHURN: build_churn(s, w); break;
	case SEC_COMPLIANCE: build_compliance(s, w); break;
	case SEC_MAIL: build_mail(s, w); break;
	case SEC_RULES: build_rules(s, w); break;
	default: build_categories(s, w); break;
	}
	list_set_total(&s->list, s->nrows);
	s->list.sel = keep;
	list_set_total(&s->list, s->nrows);
	list_page_loaded(&s->list, 0, s->nrows);
	s->width = w;
}

/* ---- pane operations -------------------------------------------------- */

static void free_figures(struct super_state *s)
{
	free(s->queues);
	free(s->backlog);
	metrics_satisfaction_free(&s->sat);
	free(s->comp);
	free(s->cats);
	while (s->nfailed > 0)
		outbox_item_clear(&s->failed[--s->nfailed]);
	free(s->failed);
	s->failed = NULL;
	quarantine_rows_free(s->held, s->nheld);
	s->held = NULL;
	s->nheld = 0;
	calendar_info_free(s->cals, s->ncals);
	s->cals = NULL;
	s->ncals = 0;
	free(s->rules);
	s->rules = NULL;
	s->nrules = 0;
	s->queues = NULL;
	s->backlog = NULL;
	s->comp = NULL;
	s->cats = NULL;
	s->nqueues = s->nbacklog = s->ncomp = s->ncats = 0;
}

static int super_init(struct ui *ui, struct pane *p)
{
	struct super_state *s = calloc(1, sizeof *s);

	(void)ui;
	if (s == NULL)
		return STORE_ERROR;
	s->days = 30;
	s->stale = 1;
	list_reset(&s->list, 1);
	p->state = s;
	return STORE_OK;
}

static void super_fini(struct pane *p)
{
	struct super_state *s = p->state;

	if (s != NULL) {
		free_figures(s);
		free(s->risk);
		free(s->aq);
		free(s->marked);
		free(s->rows);
	}
	free(s);
	p->state = NULL;
}

static void super_layout(struct ui *ui, struct pane *p)
{
	struct super_state *s = p->state;

	(void)ui;
	/* Lines: section tabs, period, note, column header, then rows. */
	list_set_lines(&s->list, p->rect.h - 4);
	build(s, p->rect.w - 2);
}

static void super_invalidate(struct ui *ui, struct pane *p, int sel_changed)
{
	struct super_state *s = p->state;

	(void)sel_changed;
	s->stale = 1;
	if (s->churn_loaded && store_now(ui->st) - s->churn_at > CHURN_KEEP_SECS)
		s->churn_loaded = 0;
}

static int super_needs_load(struct ui *ui, struct pane *p)
{
	struct super_state *s = p->state;

	(void)ui;
	return s->stale || (s->churn_wanted && !s->churn_loaded);
}

static int load_agent_queue(struct ui *ui, struct super_state *s)
{
	struct queue_query q = { 0 };
	struct queue_row *rows;
	int n = 0, total = 0, rc;

	q.filter = s->agent_id > 0 ? QUEUE_MINE : QUEUE_UNASSIGNED;
	q.agent_id = s->agent_id > 0 ? s->agent_id : ui->me.id;
	rc = store_queue_total(ui->st, &q, &total);
	if (rc != STORE_OK)
		return rc;
	if (total > DRILL_MAX)
		total = DRILL_MAX;
	rows = calloc((size_t)(total > 0 ? total : 1), sizeof *rows);
	if (rows == NULL)
		return STORE_ERROR;
	rc = store_queue_list(ui->st, &q, 0, total, rows, &n);
	if (rc != STORE_OK) {
		free(rows);
		return rc;
	}
	free(s->aq);
	s->aq = rows;
	s->naq = n;
	return STORE_OK;
}

static int super_load(struct ui *ui, struct pane *p)
{
	struct super_state *s = p->state;
	int rc = STORE_OK;

	s->now = store_now(ui->st);
	if (s->days > 0) {
		s->period.until = s->now;
		s->period.since = s->now - (temas_time)s->days * 86400;
	} else {
		s->period.since = s->fixed_since;
		s->period.until = s->fixed_until;
	}
	if (s->stale) {
		s->stale = 0;
		free_figures(s);
		rc = store_metrics_queues(ui->st, &s->period, &s->queues, &s->nqueues);
		if (rc == STORE_OK)
			rc = store_metrics_backlog(ui->st, &s->backlog, &s->nbacklog);
		if (rc == STORE_OK)
			rc = store_metrics_breaches(ui->st, 0, 100, s->breaches,
						    &s->nbreaches, &s->breaches_total);
		if (rc == STORE_OK)
			rc = store_metrics_satisfaction(ui->st, &s->period, 8, &s->sat);
		if (rc == STORE_OK)
			rc = store_metrics_compliance(ui->st, &s->period, &s->comp,
						      &s->ncomp);
		if (rc == STORE_OK)
			rc = store_metrics_categories(ui->st, &s->period, &s->cats,
						      &s->ncats);
		if (rc == STORE_OK)
			rc = store_outbox_failed_list(ui->st, &s->failed, &s->nfailed);
		if (rc == STORE_OK)
			rc = store_quarantine_list(ui->st, &s->held, &s->nheld);
		if (rc == STORE_OK)
			rc = store_calendar_list(ui->st, &s->cals, &s->ncals);
		if (rc == STORE_OK)
			rc = store_escalate_list(ui->st, &s->rules, &s->nrules);
		if (rc == STORE_OK && s->mode != MODE_SECTIONS)
			rc = load_agent_queue(ui, s);
	}
	if (rc == STORE_OK && s->churn_wanted && !s->churn_loaded) {
		s->churn_wanted = 0;
		free(s->risk);
		s->risk = NULL;
		s->nrisk = 0;
		rc = store_metrics_churn(ui->st, s->period.until, 365, &s->churn);
		if (rc == STORE_OK)
			rc = store_metrics_at_risk(ui->st, &s->period,
						   s->churn.duration_years, 20,
						   &s->risk, &s->nrisk,
						   &s->risk_total);
		if (rc == STORE_OK) {
			s->churn_loaded = 1;
			s->churn_at = s->now;
			s->churn_days_of = s->days;
		}
	}
	build(s, p->rect.w - 2);
	return rc;
}

static const char *section_name(int sec)
{
	switch (sec) {
	case SEC_QUEUES: return _("Queues");
	case SEC_BACKLOG: return _("Backlog");
	case SEC_BREACHES: return _("Breaches");
	case SEC_SATISFACTION: return _("NPS/CSAT");
	case SEC_CHURN: return _("Churn/CLV");
	case SEC_COMPLIANCE: return _("Replies");
	case SEC_MAIL: return _("Mail");
	case SEC_RULES: return _("SLA rules");
	default: return _("Categories");
	}
}

static void draw_row(struct ui *ui, void *ctx, int idx, const struct rect *r,
		     int selected)
{
	struct super_state *s = ctx;
	const struct row *row = &s->rows[idx];
	int x = ui_row_begin(ui, r, selected);

	ui_put(ui, r->y, r->x + x + 1, row->text, r->w - x - 1,
	       selected ? ui_row_style(selected) : row->el, 0);
}

static void super_draw(struct ui *ui, struct pane *p, int focused)
{
	struct super_state *s = p->state;
	struct rect body = p->rect;
	char line[ROW_BYTES], from[TEXT_DATE_MAX], to[TEXT_DATE_MAX];
	int i, first, x = p->rect.x + 1, w, more;
	int right = p->rect.x + p->rect.w;

	if (s->width != p->rect.w - 2)
		build(s, p->rect.w - 2);
	/* The section tabs, from the first one that lets the current one
	 * show whole ("<" says some are off to the left). */
	ui_fill(ui, p->rect.y, p->rect.x, p->rect.w, EL_TAB);
	for (first = 0; first < (int)s->sec; first++) {
		for (w = 2, i = first; i <= (int)s->sec; i++)
			w += text_width(section_name(i)) + 3;
		if (w <= p->rect.w - 1)
			break;
	}
	if (first > 0)
		x += ui_put(ui, p->rect.y, x, "<", 1, EL_TAB, 0) + 1;
	/* Tabs that do not all fit leave the last column to ">", which says
	 * some are off to the right, as "<" does on the left. */
	for (w = x - 1, i = first; i < SEC_COUNT; i++)
		w += text_width(section_name(i)) + 3;
	more = w > right;
	for (i = first; i < SEC_COUNT && x < right - more; i++) {
		snprintf(line, sizeof line, " %s ", section_name(i));
		w = ui_put(ui, p->rect.y, x, line, right - more - x,
			   i == (int)s->sec && s->mode == MODE_SECTIONS
			   ? EL_TAB_ACTIVE : EL_TAB, 0);
		x += w + 1;
	}
	if (more)
		ui_put(ui, p->rect.y, right - 1, ">", 1, EL_TAB, 0);
	text_format_time(s->period.since, ui->day_fmt, from, sizeof from);
	/* A period of dates ends at the midnight after its last day. */
	text_format_time(s->period.until - (s->days > 0 ? 0 : 1), ui->day_fmt,
			 to, sizeof to);
	if (s->mode == MODE_SECTIONS && s->days > 0)
		snprintf(line, sizeof line,
			 _("Supervisor - last %d days (%s to %s)  Tab section  p period"),
			 s->days, from, to);
	else if (s->mode == MODE_SECTIONS)
		snprintf(line, sizeof line,
			 _("Supervisor - %s to %s  Tab section  p period"), from, to);
	else
		snprintf(line, sizeof line, _("Supervisor - queue of %s"),
			 s->agent_id > 0 ? s->agent_login : _("(unassigned)"));
	ui_title(ui, &(struct rect){ p->rect.y + 1, p->rect.x, 1, p->rect.w },
		 line, focused);
	ui_put(ui, p->rect.y + 2, p->rect.x + 1, s->header[1], p->rect.w - 2,
	       EL_DIM, 1);
	ui_put(ui, p->rect.y + 3, p->rect.x + 2, s->header[0], p->rect.w - 2,
	       EL_HEADING, 1);
	body.y += 4;
	body.h -= 4;
	if (s->sec == SEC_CHURN && s->mode == MODE_SECTIONS && !s->churn_loaded)
		s->churn_wanted = 1;
	if (s->nrows == 0 && !(s->sec == SEC_CHURN && !s->churn_loaded))
		ui_put(ui, body.y, body.x + 3, _("Nothing here."), body.w - 4,
		       EL_DIM, 0);
	list_draw(ui, &s->list, &body, focused, draw_row, s);
}

static void toggle_mark(struct super_state *s, long long id)
{
	long long *m;
	int i;

	for (i = 0; i < s->nmarked; i++) {
		if (s->marked[i] == id) {
			s->marked[i] = s->marked[--s->nmarked];
			return;
		}
	}
	m = realloc(s->marked, sizeof *m * (size_t)(s->nmarked + 1));
	if (m == NULL)
		return;
	s->marked = m;
	s->marked[s->nmarked++] = id;
}

/* The login of an agent of the queues; NULL when none has that id. */
static const char *agent_login(const struct super_state *s, long long id)
{
	int i;

	for (i = 0; i < s->nqueues; i++)
		if (s->queues[i].agent_id == id)
			return s->queues[i].login;
	return NULL;
}

int pane_super_marked(struct pane *p, const long long **ids)
{
	struct super_state *s = p->state;

	*ids = s->marked;
	return s->nmarked;
}

void pane_super_assigned(struct pane *p)
{
	struct super_state *s = p->state;

	s->nmarked = 0;
	s->stale = 1;
}

/* Out of the pick list, back to the agent's queue. */
static void pick_leave(struct ui *ui, struct pane *p)
{
	struct super_state *s = p->state;

	s->mode = MODE_AGENT;
	s->pick[0] = '\0';
	list_reset(&s->list, 1);
	super_layout(ui, p);
}

/* The selected agent takes the marked complaints; none selected (every
 * agent narrowed away): nothing happens. */
static void pick_choose(struct ui *ui, struct pane *p, struct effect *fx)
{
	struct super_state *s = p->state;
	const struct row *row = s->nrows > 0 && s->list.sel < s->nrows
				? &s->rows[s->list.sel] : NULL;

	if (row == NULL || row->id == 0 || agent_login(s, row->id) == NULL)
		return;
	/* The reassigning is the assign command's. */
	fx->flags |= FX_RUN;
	snprintf(fx->line, sizeof fx->line, "assign %s", agent_login(s, row->id));
	s->stale = 1;
	pick_leave(ui, p);
}

static int super_key(struct ui *ui, struct pane *p, enum ui_action a,
                     struct effect *fx)
{
	struct super_state *s = p->state;
	const struct row *row;

	if (list_act(&s->list, a))
		return 1;
	row = s->nrows > 0 && s->list.sel < s->nrows ? &s->rows[s->list.sel] : NULL;
	switch (s->mode) {
	case MODE_SECTIONS:
		if (a == ACT_NEXT_PANE || a == ACT_PREV_PANE) {
			s->sec = (s->sec + (a == ACT_NEXT_PANE ? 1 : SEC_COUNT - 1)) %
				 SEC_COUNT;
			list_reset(&s->list, 1);
			super_layout(ui, p);
			return 1;
		}
		if (a == ACT_OPEN && s->sec == SEC_MAIL && row != NULL && row->held) {
			/* Releasing is the release-held command's. */
			fx->flags |= FX_RUN;
			snprintf(fx->line, sizeof fx->line, "release-held %lld",
				 row->held);
			s->stale = 1;
			return 1;
		}
		if (a == ACT_OPEN && s->sec == SEC_QUEUES && row != NULL && row->id) {
			int i;

			s->agent_id = row->id;
			s->agent_login[0] = '\0';
			for (i = 0; i < s->nqueues; i++)
				if (s->queues[i].agent_id == row->id)
					snprintf(s->agent_login, sizeof s->agent_login,
						 "%s", s->queues[i].login);
			s->mode = MODE_AGENT;
			s->nmarked = 0;
			s->stale = 1;
			list_reset(&s->list, 1);
			super_layout(ui, p);
			return 1;
		}
		return 0;
	case MODE_AGENT:
		if (a == ACT_MARK && row != NULL && row->id) {
			toggle_mark(s, row->id);
			build(s, s->width);
			list_act(&s->list, ACT_DOWN);
			return 1;
		}
		if (a == ACT_ASSIGN && row != NULL) {
			if (s->nmarked == 0 && row->id)
				toggle_mark(s, row->id);
			if (s->nmarked == 0)
				return 1;
			s->mode = MODE_PICK;
			s->pick[0] = '\0';
			memset(&s->pick_in, 0, sizeof s->pick_in);
			list_reset(&s->list, 1);
			super_layout(ui, p);
			return 1;
		}
		if (a == ACT_BACK) {
			s->mode = MODE_SECTIONS;
			s->nmarked = 0;
			s->stale = 1;
			list_reset(&s->list, 1);
			super_layout(ui, p);
			return 1;
		}
		return a == ACT_NEXT_PANE || a == ACT_PREV_PANE;
	case MODE_PICK:
		if (a == ACT_OPEN)
			pick_choose(ui, p, fx);
		else if (a == ACT_BACK)
			pick_leave(ui, p);
		return 1;
	}
	return 0;
}

/*
 * The pick list waits for a choice and takes every key while it is open:
 * moving, Enter, Esc (q before anything is typed), and text, which
 * narrows the agents; any other key does nothing, never acts on the view
 * behind the list (p, the period, picked by the Enter meant here).
 */
static int super_rawkey(struct ui *ui, struct pane *p, int ch,
			struct effect *fx)
{
	struct super_state *s = p->state;
	char out[8];
	size_t len;
	int n;

	if (s->mode != MODE_PICK)
		return 0;
	switch (ch) {
	case 27:
		pick_leave(ui, p);
		return 1;
	case '\n':
	case '\r':
	case KEY_ENTER:
		pick_choose(ui, p, fx);
		return 1;
	case KEY_UP:
		list_act(&s->list, ACT_UP);
		return 1;
	case KEY_DOWN:
		list_act(&s->list, ACT_DOWN);
		return 1;
	case KEY_PPAGE:
		list_act(&s->list, ACT_PAGE_UP);
		return 1;
	case KEY_NPAGE:
		list_act(&s->list, ACT_PAGE_DOWN);
		return 1;
	case KEY_HOME:
		list_act(&s->list, ACT_HOME);
		return 1;
	case KEY_END:
		list_act(&s->list, ACT_END);
		return 1;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		len = strlen(s->pick);
		while (len > 0 && (s->pick[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0)
			len--;
		s->pick[len] = '\0';
		memset(&s->pick_in, 0, sizeof s->pick_in);
		break;
	default:
		if (ch == 'q' && s->pick[0] == '\0') {
			pick_leave(ui, p);
			return 1;
		}
		if (ch < 0x20 || ch > 0xff || ch == 0x7f)
			return 1;
		n = text_input_feed(&s->pick_in, (unsigned char)ch, out);
		len = strlen(s->pick);
		if (n <= 0 || len + (size_t)n >= sizeof s->pick)
			return 1;
		memcpy(s->pick + len, out, (size_t)n);
		s->pick[len + (size_t)n] = '\0';
		break;
	}
	/* The list narrowed or widened: its first agent is selected. */
	s->list.sel = 0;
	build(s, s->width);
	s->list.sel = 0;
	list_set_total(&s->list, s->nrows);
	return 1;
}

void pane_super_set_period(struct pane *p, int days, long long since,
			   long long until)
{
	struct super_state *s = p->state;

	s->days = days;
	s->fixed_since = since;
	s->fixed_until = until;
	s->stale = 1;
	s->churn_loaded = 0;
}

static int super_cursor(struct ui *ui, struct pane *p, int *y, int *x)
{
	struct super_state *s = p->state;
	struct rect body = p->rect;

	(void)ui;
	body.y += 4;
	body.h -= 4;
	if (s->nrows == 0)
		return 0;
	*y = list_cursor_y(&s->list, &body);
	*x = body.x;
	return 1;
}

const struct pane_ops pane_super_ops = {
	.name = "supervisor",
	.init = super_init,
	.fini = super_fini,
	.layout = super_layout,
	.invalidate = super_invalidate,
	.needs_load = super_needs_load,
	.load = super_load,
	.draw = super_draw,
	.key = super_key,
	.rawkey = super_rawkey,
	.cursor = super_cursor,
};
