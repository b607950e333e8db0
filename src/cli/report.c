/*
 * report.c: `temas report`, the supervisor's figures for cron and e-mail.
 *
 * The figures come from store_metrics_all(); this file only parses the
 * options and writes them as text for people, or as CSV (RFC 4180, one
 * row per figure: section, key, field, value) or one JSON document for
 * programs.  CSV and JSON share one emitter so they always carry the same
 * figures.  Numbers are written without the locale's decimal comma:
 * programs read them back.
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "temas/agent.h"
#include "temas/cli.h"
#include "temas/config.h"
#include "temas/i18n.h"
#include "temas/metrics.h"
#include "temas/store.h"
#include "temas/text.h"

enum fmt { FMT_TEXT, FMT_CSV, FMT_JSON };

/* ---- values ------------------------------------------------------------ */

/* A fixed-point number with '.' whatever LC_NUMERIC says. */
static void fixed(char *buf, size_t n, double v, int decimals)
{
	long long scale = 1, x, ip, fp;
	int i;

	for (i = 0; i < decimals; i++)
		scale *= 10;
	x = llround(fabs(v) * (double)scale);
	ip = x / scale;
	fp = x % scale;
	if (decimals > 0)
		snprintf(buf, n, "%s%lld.%0*lld", v < 0 && x != 0 ? "-" : "", ip,
			 decimals, fp);
	else
		snprintf(buf, n, "%s%lld", v < 0 && x != 0 ? "-" : "", ip);
}

static void money(char *buf, size_t n, long long minor, const char *cur)
{
	if (text_format_money(minor, cur, text_locale_turkish(LC_MONETARY), buf, n) < 0)
		snprintf(buf, n, "%lld", minor);
}

static void local_time(char *buf, size_t n, long long t, int with_time)
{
	time_t tt = (time_t)t;
	struct tm tm;
	size_t w = 0;

	if (localtime_r(&tt, &tm) != NULL)
		w = with_time ? strftime(buf, n, text_locale_date_format(), &tm)
			      : strftime(buf, n, text_locale_day_format(), &tm);
	if (w == 0)
		snprintf(buf, n, "%lld", t);
}

static void utc_iso(char *buf, size_t n, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, n, "%lld", t);
}

static void span(char *buf, size_t n, long long secs)
{
	if (text_format_duration(secs, buf, n) < 0)
		snprintf(buf, n, "?");
}

/*
 * Customer text in a column of w display cells, made harmless first; the
 * last column of a line (w < 0) is not padded.
 */
static void cell(FILE *f, const char *s, int w)
{
	char out[512];
	char *safe = text_sanitize(s, strlen(s), 0);

	text_fit(safe ? safe : "?", w < 0 ? -w : w, out, sizeof out, w > 0);
	free(safe);
	fputs(out, f);
}

/*
 * A column heading right-aligned in w display cells: translated headings
 * differ in length and in bytes per letter, so printf widths would not do.
 */
static void head(FILE *f, const char *s, int w)
{
	int pad = w - text_width(s);

	fprintf(f, " %*s%s", pad > 0 ? pad : 0, "", s);
}

static int utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && strcmp(cs, "UTF-8") == 0;
}

/* ---- CSV and JSON: one emitter ------------------------------------------ */

struct emit {
	FILE *f;
	enum fmt fmt;
	const char *section;
	char key[96];
	int nsections, nrecords, nfields;
};

static void json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	while (*p) {
		int len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2
			: (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
		int i, ok = len > 0 && !(len == 2 && *p < 0xC2);

		for (i = 1; ok && i < len; i++)
			ok = (p[i] & 0xC0) == 0x80;
		if (!ok) {
			fputs("\\ufffd", f);
			p++;
			continue;
		}
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fwrite(p, 1, (size_t)len, f);
		p += len;
	}
	fputc('"', f);
}

/*
 * RFC 4180 field.  Text that a spreadsheet would run as a formula gets a
 * leading apostrophe; numbers are never text here, so none is altered.
 */
static void csv_field(FILE *f, const char *s, int is_text)
{
	const char *p;
	int quote = 0;

	if (is_text && (*s == '=' || *s == '+' || *s == '-' || *s == '@')) {
		fputs("\"'", f);
		quote = 2;
	} else {
		for (p = s; *p; p++)
			if (*p == ',' || *p == '"' || *p == '\r' || *p == '\n')
				quote = 1;
		if (quote)
			fputc('"', f);
	}
	for (p = s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	if (quote)
		fputc('"', f);
}

static void e_begin(struct emit *e)
{
	if (e->fmt == FMT_JSON)
		fputs("{", e->f);
	else
		fputs("section,key,field,value\r\n", e->f);
}

static void e_end(struct emit *e)
{
	if (e->fmt == FMT_JSON)
		fputs("\n}\n", e->f);
}

static void e_section(struct emit *e, const char *name)
{
	e->section = name;
	e->nrecords = 0;
	if (e->fmt == FMT_JSON) {
		fputs(e->nsections++ ? ",\n" : "\n", e->f);
		json_string(e->f, name);
		fputs(": [", e->f);
	}
}

static void e_section_end(struct emit *e)
{
	if (e->fmt == FMT_JSON)
		fputs(e->nrecords ? "\n]" : "]", e->f);
}

static void e_record(struct emit *e, const char *key)
{
	snprintf(e->key, sizeof e->key, "%s", key);
	e->nfields = 0;
	if (e->fmt == FMT_JSON) {
		fputs(e->nrecords ? ",\n  {\"key\": " : "\n  {\"key\": ", e->f);
		json_string(e->f, key);
	}
	e->nrecords++;
}

static void e_record_end(struct emit *e)
{
	if (e->fmt == FMT_JSON)
		fputs("}", e->f);
}

/* raw: the value as JSON spells it (number, null, true) or NULL for text. */
static void e_field(struct emit *e, const char *name, const char *raw,
		    const char *text)
{
	if (e->fmt == FMT_JSON) {
		fputs(", ", e->f);
		json_string(e->f, name);
		fputs(": ", e->f);
		if (raw != NULL)
			fputs(raw, e->f);
		else
			json_string(e->f, text);
		return;
	}
	csv_field(e->f, e->section, 1);
	fputc(',', e->f);
	csv_field(e->f, e->key, 1);
	fputc(',', e->f);
	csv_field(e->f, name, 1);
	fputc(',', e->f);
	if (raw == NULL)
		csv_field(e->f, text, 1);
	else if (strcmp(raw, "null") != 0)
		csv_field(e->f, raw, 0);
	fputs("\r\n", e->f);
}

static void e_int(struct emit *e, const char *name, long long v)
{
	char b[32];

	snprintf(b, sizeof b, "%lld", v);
	e_field(e, name, b, NULL);
}

static void e_num(struct emit *e, const char *name, int has, double v, int dec)
{
	char b[64];

	if (!has) {
		e_field(e, name, "null", NULL);
		return;
	}
	fixed(b, sizeof b, v, dec);
	e_field(e, name, b, NULL);
}

static void e_opt_int(struct emit *e, const char *name, int has, long long v)
{
	if (has)
		e_int(e, name, v);
	else
		e_field(e, name, "null", NULL);
}

static void e_bool(struct emit *e, const char *name, int v)
{
	e_field(e, name, e->fmt == FMT_JSON ? (v ? "true" : "false")
					    : (v ? "1" : "0"), NULL);
}

static void e_str(struct emit *e, const char *name, const char *s)
{
	e_field(e, name, NULL, s);
}

static void e_score(struct emit *e, const char *key, const struct metrics_score *s)
{
	e_record(e, key);
	e_int(e, "nps_answers", s->nps_answers);
	e_int(e, "promoters", s->promoters);
	e_int(e, "passives", s->passives);
	e_int(e, "detractors", s->detractors);
	e_opt_int(e, "nps", s->has_nps, s->nps);
	e_int(e, "csat_answers", s->csat_answers);
	e_num(e, "csat", s->has_csat, s->csat, 2);
	e_record_end(e);
}

static const char *const bucket_keys[METRICS_AGE_BUCKETS] = {
	"under_1h", "1h_to_4h", "4h_to_24h", "1d_to_3d", "over_3d",
};

static void emit_all(FILE *f, enum fmt fmt, const struct metrics_all *m)
{
	struct emit e = { .f = f, .fmt = fmt };
	char b[64], ids[96];
	int i, j, k;

	e_begin(&e);
	e_section(&e, "period");
	e_record(&e, "period");
	e_int(&e, "since", m->period.since);
	e_int(&e, "until", m->period.until);
	utc_iso(b, sizeof b, m->period.since);
	e_str(&e, "since_utc", b);
	utc_iso(b, sizeof b, m->period.until);
	e_str(&e, "until_utc", b);
	e_int(&e, "generated_at", m->now);
	e_int(&e, "churn_days", m->churn.days);
	e_record_end(&e);
	e_section_end(&e);

	e_section(&e, "queues");
	for (i = 0; i < m->nqueues; i++) {
		const struct metrics_agent_queue *q = &m->queues[i];

		e_record(&e, q->agent_id ? q->login : "(unassigned)");
		e_int(&e, "agent_id", q->agent_id);
		e_str(&e, "name", q->name);
		e_int(&e, "open", q->open);
		e_int(&e, "pending", q->pending);
		e_int(&e, "breached", q->breached);
		e_opt_int(&e, "oldest_open_age_secs", q->oldest_open_at > 0,
			  m->now - q->oldest_open_at);
		e_int(&e, "replies_today", q->replies_today);
		e_int(&e, "first_responses", q->first_responses);
		e_opt_int(&e, "median_first_response_secs",
			  q->median_first_response >= 0, q->median_first_response);
		e_bool(&e, "online", q->online);
		e_record_end(&e);
	}
	e_section_end(&e);

	e_section(&e, "backlog");
	for (i = 0; i < m->nbacklog; i++) {
		e_record(&e, m->backlog[i].channel);
		for (j = 0; j < METRICS_AGE_BUCKETS; j++)
			e_int(&e, bucket_keys[j], m->backlog[i].count[j]);
		e_int(&e, "total", m->backlog[i].total);
		e_record_end(&e);
	}
	e_section_end(&e);

	e_section(&e, "breach_count");
	e_record(&e, "open");
	e_int(&e, "breaches", m->breaches_total);
	e_int(&e, "listed", m->nbreaches);
	e_record_end(&e);
	e_section_end(&e);

	e_section(&e, "breaches");
	for (i = 0; i < m->nbreaches; i++) {
		const struct complaint *c = &m->breaches[i];

		snprintf(b, sizeof b, "%lld", c->id);
		e_record(&e, b);
		e_str(&e, "channel", c->channel);
		e_str(&e, "priority", c->priority);
		e_str(&e, "assignee", c->assignee_login);
		e_str(&e, "customer", c->customer_name);
		e_str(&e, "subject", c->subject);
		e_int(&e, "due_at", c->due_at);
		e_int(&e, "overdue_secs", m->now - c->due_at);
		e_record_end(&e);
	}
	e_section_end(&e);

	e_section(&e, "satisfaction");
	e_score(&e, "overall", &m->sat.overall);
	e_section_end(&e);
	e_section(&e, "satisfaction_by_channel");
	for (i = 0; i < m->sat.nchannels; i++)
		e_score(&e, m->sat.by_channel[i].key, &m->sat.by_channel[i]);
	e_section_end(&e);
	e_section(&e, "satisfaction_by_agent");
	for (i = 0; i < m->sat.nagents; i++)
		e_score(&e, m->sat.by_agent[i].key, &m->sat.by_agent[i]);
	e_section_end(&e);
	e_section(&e, "satisfaction_weekly");
	for (i = 0; i < m->sat.nweeks; i++) {
		local_time(b, sizeof b, m->sat.weeks[i].week_start, 0);
		e_score(&e, b, &m->sat.weeks[i]);
	}
	e_section_end(&e);

	e_section(&e, "churn");
	e_record(&e, "customers");
	e_int(&e, "days", m->churn.days);
	e_int(&e, "base", m->churn.base);
	e_int(&e, "churned", m->churn.churned);
	e_num(&e, "rate", m->churn.has_rate, m->churn.rate, 4);
	e_num(&e, "expected_years", 1, m->churn.duration_years, 2);
	e_int(&e, "at_risk", m->risk_total);
	e_record_end(&e);
	e_section_end(&e);

	e_section(&e, "at_risk");
	for (i = 0; i < m->nrisk; i++) {
		const struct metrics_risk *r = &m->risk[i];
		size_t o = 0;

		ids[0] = '\0';
		for (j = 0; j < 4 && r->open_ids[j]; j++)
			o += (size_t)snprintf(ids + o, sizeof ids - o, "%s%lld",
					      j ? " " : "", r->open_ids[j]);
		snprintf(b, sizeof b, "%lld", r->customer_id);
		e_record(&e, b);
		e_str(&e, "name", r->name);
		e_str(&e, "tier", r->tier);
		e_int(&e, "complaints", r->complaints);
		e_int(&e, "detractor_answers", r->detractors);
		e_int(&e, "open_complaints", r->open_complaints);
		e_str(&e, "open_complaint_ids", ids);
		e_str(&e, "currency", r->currency);
		e_int(&e, "revenue", r->revenue);
		e_num(&e, "years_as_customer", 1, r->years, 2);
		e_int(&e, "revenue_per_year", r->revenue_per_year);
		e_num(&e, "expected_years", 1, r->duration_years, 2);
		e_int(&e, "acquisition_cost", r->acquisition_cost);
		e_int(&e, "clv", r->clv);
		e_record_end(&e);
	}
	e_section_end(&e);

	e_section(&e, "compliance");
	for (i = 0; i < m->ncompliance; i++) {
		const struct metrics_compliance *c = &m->compliance[i];

		e_record(&e, i == 0 ? "overall" : c->login);
		e_int(&e, "replies", c->replies);
		e_int(&e, "with_history_seen", c->with_history);
		e_num(&e, "share", c->has_share, c->share, 4);
		e_record_end(&e);
	}
	e_section_end(&e);

	for (k = 0; k < 2; k++) {
		e_section(&e, k ? "tags" : "categories");
		for (i = 0; i < m->ncategories; i++) {
			const struct metrics_category *c = &m->categories[i];

			if (c->is_tag != k)
				continue;
			e_record(&e, c->category);
			e_int(&e, "count", c->count);
			e_int(&e, "previous", c->previous);
			e_str(&e, "trend", c->trend > 0 ? "up" : c->trend < 0 ? "down" : "same");
			e_record_end(&e);
		}
		e_section_end(&e);
	}
	e_end(&e);
}

/* ---- text for people ---------------------------------------------------- */

static void pct(char *buf, size_t n, int has, double share)
{
	if (!has) {
		snprintf(buf, n, "%s", _("no data"));
		return;
	}
	fixed(buf, n, share * 100.0, 1);
	strncat(buf, " %", n - strlen(buf) - 1);
}

static void score_line(FILE *f, const char *label, const struct metrics_score *s)
{
	char nps[48], csat[48];

	if (s->has_nps)
		snprintf(nps, sizeof nps, "%+d", s->nps);
	else
		snprintf(nps, sizeof nps, "%s", _("no data"));
	if (s->has_csat)
		fixed(csat, sizeof csat, s->csat, 2);
	else
		snprintf(csat, sizeof csat, "%s", _("no data"));
	fputs("  ", f);
	cell(f, label, 16);
	fprintf(f, " %8s  %5d  %3d/%3d/%3d   %8s  %5d\n", nps, s->nps_answers,
		s->promoters, s->passives, s->detractors, csat, s->csat_answers);
}

static void print_text(FILE *f, const struct metrics_all *m)
{
	int utf8 = utf8_locale();
	char a[160], b[160], c[64], d[64];
	int i, j;

	local_time(a, sizeof a, m->period.since, 1);
	local_time(b, sizeof b, m->period.until, 1);
	fprintf(f, _("temas report: %s to %s (local time)\n"), a, b);

	fprintf(f, "\n%s\n", _("Queues by agent"));
	fputs("  ", f);
	cell(f, _("agent"), 16);
	head(f, _("open"), 5);
	head(f, _("pend"), 5);
	head(f, _("breach"), 6);
	head(f, _("oldest"), 8);
	head(f, _("today"), 6);
	head(f, _("1st resp med"), 13);
	head(f, _("online"), 6);
	fputc('\n', f);
	for (i = 0; i < m->nqueues; i++) {
		const struct metrics_agent_queue *q = &m->queues[i];

		fputs("  ", f);
		cell(f, q->agent_id ? q->login : _("(unassigned)"), 16);
		if (q->oldest_open_at > 0)
			span(a, sizeof a, m->now - q->oldest_open_at);
		else
			snprintf(a, sizeof a, "-");
		if (q->median_first_response >= 0) {
			span(c, sizeof c, q->median_first_response);
			snprintf(b, sizeof b, "%s (%d)", c, q->first_responses);
		} else {
			snprintf(b, sizeof b, "-");
		}
		fprintf(f, " %5d %5d %6d %8s %6d %13s", q->open, q->pending,
			q->breached, a, q->replies_today, b);
		head(f, q->agent_id ? (q->online ? _("yes") : _("no")) : "", 6);
		fputc('\n', f);
	}

	fprintf(f, "\n%s\n  ", _("Backlog by age (open complaints)"));
	cell(f, _("channel"), 12);
	for (j = 0; j < METRICS_AGE_BUCKETS; j++)
		head(f, metrics_age_label(j), 7);
	head(f, _("total"), 7);
	fputc('\n', f);
	for (i = 0; i < m->nbacklog; i++) {
		fprintf(f, "  %-12s", m->backlog[i].channel);
		for (j = 0; j < METRICS_AGE_BUCKETS; j++)
			fprintf(f, " %7d", m->backlog[i].count[j]);
		fprintf(f, " %7d\n", m->backlog[i].total);
	}

	fprintf(f, "\n");
	fprintf(f, _("SLA breaches: %d open complaints past due (most overdue first)\n"),
		m->breaches_total);
	for (i = 0; i < m->nbreaches; i++) {
		const struct complaint *cp = &m->breaches[i];

		span(a, sizeof a, m->now - cp->due_at);
		fprintf(f, "  #%-7lld %-10s %-8s ", cp->id, cp->channel, a);
		cell(f, cp->assignee_id ? cp->assignee_login : "-", 10);
		fputc(' ', f);
		cell(f, cp->customer_name, 18);
		fputc(' ', f);
		cell(f, cp->subject, -30);
		fputc('\n', f);
	}

	fprintf(f, "\n%s\n", _("Satisfaction (NPS: promoters 9-10 minus detractors 0-6; CSAT 1-5)"));
	fprintf(f, "  %-16s", "");
	head(f, _("NPS"), 8);
	fputc(' ', f);
	head(f, _("n"), 5);
	fputc(' ', f);
	head(f, _("pro/pas/det"), 11);
	fputs("  ", f);
	head(f, _("CSAT"), 8);
	fputc(' ', f);
	head(f, _("n"), 5);
	fputc('\n', f);
	score_line(f, _("overall"), &m->sat.overall);
	for (i = 0; i < m->sat.nchannels; i++)
		score_line(f, m->sat.by_channel[i].key, &m->sat.by_channel[i]);
	for (i = 0; i < m->sat.nagents; i++) {
		snprintf(a, sizeof a, "@%s", m->sat.by_agent[i].key);
		score_line(f, a, &m->sat.by_agent[i]);
	}
	if (m->sat.nweeks > 0) {
		fprintf(f, "  %s\n", _("weekly trend (week starting):"));
		for (i = 0; i < m->sat.nweeks; i++) {
			local_time(a, sizeof a, m->sat.weeks[i].week_start, 0);
			score_line(f, a, &m->sat.weeks[i]);
		}
	}

	fprintf(f, "\n%s\n", _("Churn and customer value"));
	pct(a, sizeof a, m->churn.has_rate, m->churn.rate);
	fprintf(f, _("  churn rate: %s (%d of %d customers who had ordered before the last %d days ordered nothing in them)\n"),
		a, m->churn.churned, m->churn.base, m->churn.days);
	fixed(b, sizeof b, m->churn.duration_years, 1);
	fprintf(f, _("  expected customer lifetime: %s years (window / churn rate, at most %d)\n"),
		b, (int)METRICS_MAX_YEARS);
	fprintf(f, _("  at churn risk (2+ complaints or detractor answers in the period): %d customers; top %d by CLV\n"),
		m->risk_total, m->nrisk);
	if (m->nrisk > 0) {
		fputs("  ", f);
		cell(f, _("cust"), 8);
		fputc(' ', f);
		cell(f, _("name"), 18);
		head(f, _("cmp"), 4);
		head(f, _("det"), 4);
		head(f, _("open"), 4);
		head(f, _("revenue/yr"), 14);
		head(f, _("yrs"), 5);
		head(f, _("dur"), 5);
		head(f, _("acq cost"), 12);
		head(f, _("CLV"), 14);
		fputc('\n', f);
	}
	for (i = 0; i < m->nrisk; i++) {
		const struct metrics_risk *r = &m->risk[i];

		fprintf(f, "  %-8lld ", r->customer_id);
		cell(f, r->name, 18);
		money(a, sizeof a, r->revenue_per_year, r->currency);
		fixed(b, sizeof b, r->years, 1);
		fixed(c, sizeof c, r->duration_years, 1);
		fprintf(f, " %4d %4d %4d %14s %5s %5s", r->complaints,
			r->detractors, r->open_complaints, a, b, c);
		money(a, sizeof a, r->acquisition_cost, r->currency);
		money(d, sizeof d, r->clv, r->currency);
		fprintf(f, " %12s %14s\n", a, d);
	}

	fprintf(f, "\n%s\n", _("Replies sent with the order history seen first"));
	for (i = 0; i < m->ncompliance; i++) {
		const struct metrics_compliance *cp = &m->compliance[i];

		pct(a, sizeof a, cp->has_share, cp->share);
		fputs("  ", f);
		cell(f, i == 0 ? _("overall") : cp->login, 16);
		fprintf(f, " %8s  (%d / %d)\n", a, cp->with_history, cp->replies);
	}

	fprintf(f, "\n%s\n", _("Complaints by category (this period, previous period)"));
	for (i = 0; i < m->ncategories; i++) {
		const struct metrics_category *cg = &m->categories[i];
		const char *arrow = cg->trend > 0 ? (utf8 ? "↑" : "up")
				  : cg->trend < 0 ? (utf8 ? "↓" : "down")
				  : (utf8 ? "=" : "same");

		if (cg->is_tag && (i == 0 || !cg[-1].is_tag))
			fprintf(f, "\n%s\n",
				_("Complaints by tag (this period, previous period)"));
		fputs("  ", f);
		cell(f, cg->category, 20);
		fprintf(f, " %6d %6d  %s\n", cg->count, cg->previous, arrow);
	}
}

/* ---- options ------------------------------------------------------------ */

static void report_usage(FILE *f)
{
	fputs(_("Usage: temas report [--since DATE] [--until DATE] [--churn-days N]\n"
		"                    [--format text|csv|json] [--full-scan]\n"
		"The supervisor's figures for a period (default: the last 30 days).\n"
		"DATE is YYYY-MM-DD (local time; --until includes that day) or Unix\n"
		"seconds.  --churn-days: a customer who ordered nothing in that many days\n"
		"counts as lost (default: churn_days in the configuration, else 365).\n"
		"--full-scan: compute every figure from the data itself, not from the\n"
		"summary tables (the same figures, slowly; to check them).\n"
		"Supervisors only.\n"), f);
}

int cli_report(struct cli *c, int argc, char **argv)
{
	struct metrics_options mo = { 365, 8, 50, 20 };
	struct metrics_period p = { 0, 0 };
	struct metrics_all m;
	struct agent me;
	enum fmt fmt = FMT_TEXT;
	int have_since = 0, have_until = 0, full_scan = 0, i, rc;

	/* The configuration's churn window is the default; the parser has
	 * checked it is a number of days in range. */
	if (c->cfg && config_get(c->cfg, "churn_days"))
		mo.churn_days = atoi(config_get(c->cfg, "churn_days"));
	for (i = 1; i < argc; i++) {
		const char *opt = argv[i], *val = NULL, *eq;
		char name[32];
		size_t nl;

		if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0) {
			report_usage(stdout);
			return EXIT_OK;
		}
		if (strncmp(opt, "--", 2) != 0) {
			cli_error(c, _("report: unexpected argument '%s'"), opt);
			return EXIT_USAGE;
		}
		if (strcmp(opt, "--full-scan") == 0) {
			full_scan = 1;
			continue;
		}
		eq = strchr(opt, '=');
		nl = eq ? (size_t)(eq - opt) : strlen(opt);
		snprintf(name, sizeof name, "%.*s", (int)(nl < 31 ? nl : 31), opt);
		if (strcmp(name, "--since") != 0 && strcmp(name, "--until") != 0 &&
		    strcmp(name, "--churn-days") != 0 && strcmp(name, "--format") != 0) {
			cli_error(c, _("report: unknown option '%s' (see 'temas report --help')"),
				  opt);
			return EXIT_USAGE;
		}
		if (eq != NULL)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else {
			cli_error(c, _("report: %s needs a value"), name);
			return EXIT_USAGE;
		}
		if (strcmp(name, "--since") == 0) {
			if (text_parse_day(val, 0, &p.since) != 0) {
				cli_error(c, _("report: --since: '%s' is not a date (YYYY-MM-DD)"), val);
				return EXIT_USAGE;
			}
			have_since = 1;
		} else if (strcmp(name, "--until") == 0) {
			if (text_parse_day(val, 1, &p.until) != 0) {
				cli_error(c, _("report: --until: '%s' is not a date (YYYY-MM-DD)"), val);
				return EXIT_USAGE;
			}
			have_until = 1;
		} else if (strcmp(name, "--churn-days") == 0) {
			char *end;
			long v = strtol(val, &end, 10);

			if (*val == '\0' || *end != '\0' || v < 1 || v > 36500) {
				cli_error(c, _("report: --churn-days: '%s' is not a number of days (1 to 36500)"),
					  val);
				return EXIT_USAGE;
			}
			mo.churn_days = (int)v;
		} else if (strcmp(val, "text") == 0) {
			fmt = FMT_TEXT;
		} else if (strcmp(val, "csv") == 0) {
			fmt = FMT_CSV;
		} else if (strcmp(val, "json") == 0) {
			fmt = FMT_JSON;
		} else {
			cli_error(c, _("report: --format: '%s' is not one of text, csv, json"), val);
			return EXIT_USAGE;
		}
	}
	if (!have_until)
		p.until = store_now(c->st);
	if (!have_since)
		p.since = p.until - 30 * 86400LL;
	if (p.since >= p.until) {
		cli_error(c, _("report: --since must be before --until"));
		return EXIT_USAGE;
	}

	rc = store_agent_by_login(c->st, c->login, &me);
	if (rc == STORE_NOTFOUND) {
		cli_error(c, _("report: supervisors only (you are %s, not a temas agent)"),
			  c->login);
		return EXIT_DENIED;
	}
	if (rc != STORE_OK) {
		cli_error(c, "report: %s", store_errmsg(c->st));
		return EXIT_FAIL;
	}
	if (me.role != ROLE_SUPERVISOR) {
		cli_error(c, _("report: supervisors only (you are %s, an agent)"), c->login);
		return EXIT_DENIED;
	}

	store_metrics_full_scan(c->st, full_scan);
	if (store_metrics_all(c->st, &p, &mo, &m) != STORE_OK) {
		cli_error(c, "report: %s", store_errmsg(c->st));
		return EXIT_FAIL;
	}
	if (fmt == FMT_TEXT)
		print_text(stdout, &m);
	else
		emit_all(stdout, fmt, &m);
	metrics_all_free(&m);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error(c, _("report: cannot write the report"));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
