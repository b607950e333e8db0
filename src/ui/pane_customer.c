/*
 * pane_customer.c: the customer header above the orders: who this is,
 * how much they matter, how unhappy they have been, and contact data
 * masked (privacy: the full number and address are not on screen).
 * Who else is on the complaint ("ayse is typing") is said here too, so
 * two agents do not answer the same customer.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/customer.h"
#include "temas/draft.h"
#include "temas/i18n.h"
#include "temas/relate.h"
#include "temas/store.h"
#include "temas/text.h"

struct customer_state {
	struct customer c;
	struct customer_summary sum;
	long long loaded_id;     /* 0: nothing loaded */
	int stale;
	long long others_for;    /* the complaint others was read for */
	char others[320];        /* "ayse is typing  linked #7", or "" */
	long long merged_into;   /* the record this one was merged into, or 0 */
	struct customer_merge_made *merged;   /* the records merged into this one */
	int nmerged;
};

static int customer_init(struct ui *ui, struct pane *p)
{
	struct customer_state *s = calloc(1, sizeof *s);

	if (s == NULL)
		return STORE_ERROR;
	s->stale = 1;
	p->state = s;
	return STORE_OK;
}

static void customer_fini(struct pane *p)
{
	struct customer_state *s = p->state;

	if (s != NULL)
		store_customer_merges_free(s->merged, s->nmerged);
	free(p->state);
	p->state = NULL;
}

static void customer_invalidate(struct ui *ui, struct pane *p, int sel_changed)
{
	struct customer_state *s = p->state;

	s->stale = 1;
	if (sel_changed)
		s->loaded_id = 0;
}

static int customer_needs_load(struct ui *ui, struct pane *p)
{
	struct customer_state *s = p->state;

	return s->stale || s->others_for != ui->complaint_id;
}

/*
 * After who else is on the complaint: other open complaints about the
 * same order (merge or link them), then its merge and links.
 */
static int describe_relations(struct ui *ui, struct customer_state *s)
{
	long long into, *ids;
	char rel[200];
	size_t len;
	int n, rc = store_complaint_same_order(ui->st, ui->complaint_id, &ids, &n);

	if (rc != STORE_OK)
		return rc;
	/* As many as the line has room for: the pane shows half of it. */
	text_append_ids(s->others, sizeof s->others, "  ", _("same order open "),
			ids, n);
	free(ids);
	rc = store_complaint_relations(ui->st, ui->complaint_id, &into, &ids, &n);
	if (rc == STORE_NOTFOUND)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	store_relations_describe(into, ids, n, rel, sizeof rel);
	free(ids);
	len = strlen(s->others);
	if (rel[0])
		snprintf(s->others + len, sizeof s->others - len, "%s%s",
			 len ? "  " : "", rel);
	return STORE_OK;
}

/* The records merged into this one (a person's old address, a second
 * phone), with when and by whom, or the one it was merged into. */
static int read_merges(struct ui *ui, struct customer_state *s)
{
	store_customer_merges_free(s->merged, s->nmerged);
	s->merged = NULL;
	s->nmerged = 0;
	s->merged_into = s->c.merged_into;
	if (s->merged_into != 0)
		return STORE_OK;
	return store_customer_merges_made(ui->st, s->c.id, &s->merged, &s->nmerged);
}

/* "merged from #9 #12" in at most cols columns: the ids that fit, then
 * how many more ("merged from #9 +3"); "merged into #4"; or "". */
static void describe_merges(const struct customer_state *s, int cols,
			    char *buf, size_t n)
{
	const char *lead = _("merged from ");
	char more[32];
	size_t len;
	int i, left;

	buf[0] = '\0';
	if (s->merged_into != 0) {
		snprintf(buf, n, _("merged into #%lld"), s->merged_into);
		return;
	}
	for (i = 0; i < s->nmerged; i++) {
		len = strlen(buf);
		snprintf(buf + len, n - len, "%s#%lld", i ? " " : lead,
			 s->merged[i].id);
		left = s->nmerged - i - 1;
		more[0] = '\0';
		if (left > 0)
			snprintf(more, sizeof more, " +%d", left);
		/* The first is always named; the others while they fit with
		 * the count of those left out after them. */
		if (i > 0 && (strlen(buf) + sizeof more >= n ||
			      text_width(buf) + text_width(more) > cols)) {
			buf[len] = '\0';
			break;
		}
	}
	if (i < s->nmerged)
		snprintf(buf + strlen(buf), n - strlen(buf), " +%d",
			 s->nmerged - i);
}

/* "merged from #9 (2026-05-28, deniz) #12 (2026-06-01, ece)": each
 * record with when and by whom it was merged, in the console's date form.
 * 1 when all of it fits in cols columns (and in buf), else 0: then the
 * ids alone say it.  A login may come from any file an import read, so
 * it is made safe on its own before it joins the line: an escape
 * sequence left open in it would swallow what follows. */
static int describe_merges_made(struct ui *ui, const struct customer_state *s,
				int cols, char *buf, size_t n)
{
	char date[TEXT_DATE_MAX], login[200], one[sizeof date + sizeof login + 64];
	size_t len;
	int i, w;

	buf[0] = '\0';
	if (s->merged_into != 0 || s->nmerged == 0 || cols <= 0)
		return 0;
	for (i = 0; i < s->nmerged; i++) {
		ui_date(ui, s->merged[i].at, date, sizeof date);
		ui_clean(s->merged[i].login, login, sizeof login);
		/* A login too long for the buffer may have been cut. */
		if (strlen(login) + 4 >= sizeof login)
			break;
		if (login[0])
			/* TRANSLATORS: a record merged into the customer
			 * shown: its number, the date of the merge and the
			 * login of who made it. */
			snprintf(one, sizeof one, _("#%lld (%s, %s)"),
				 s->merged[i].id, date, login);
		else
			snprintf(one, sizeof one, _("#%lld (%s)"), s->merged[i].id,
				 date);
		len = strlen(buf);
		w = snprintf(buf + len, n - len, "%s%s", i ? " " : _("merged from "),
			     one);
		if (w < 0 || (size_t)w >= n - len || text_width(buf) > cols)
			break;
	}
	if (i == s->nmerged)
		return 1;
	buf[0] = '\0';
	return 0;
}

static int customer_load(struct ui *ui, struct pane *p)
{
	struct customer_state *s = p->state;
	int rc;

	struct presence *others;
	int n;

	s->stale = 0;
	s->loaded_id = 0;
	s->others[0] = '\0';
	s->others_for = ui->complaint_id;
	if (ui->customer_id == 0)
		return STORE_OK;
	if (ui->complaint_id != 0) {
		rc = store_presence_list(ui->st, ui->complaint_id, ui->me.id,
					 &others, &n);
		if (rc != STORE_OK)
			return rc;
		store_presence_describe(others, n, ui->complaint_id, s->others,
					sizeof s->others);
		free(others);
		if ((rc = describe_relations(ui, s)) != STORE_OK)
			return rc;
	}
	rc = store_customer_get(ui->st, ui->customer_id, &s->c);
	if (rc == STORE_NOTFOUND)
		return STORE_OK;
	if (rc == STORE_OK)
		rc = read_merges(ui, s);
	if (rc == STORE_OK)
		rc = store_customer_summary(ui->st, ui->customer_id, &s->sum);
	if (rc == STORE_OK)
		s->loaded_id = ui->customer_id;
	return rc;
}

/*
 * Three lines at 80 columns; four when the pane is narrower but taller
 * (the side-by-side layout), so no figure is cut off.
 */
static void customer_draw(struct ui *ui, struct pane *p, int focused)
{
	struct customer_state *s = p->state;
	const struct rect *r = &p->rect;
	char line[2 * UI_TEXT_MAX], name[2 * UI_TEXT_MAX], since[TEXT_DATE_MAX];
	char contact[2 * UI_TEXT_MAX];
	char money[64], nps[16];
	char first[UI_TEXT_MAX], last[UI_TEXT_MAX];
	char phone[64], email[200], tier[160], figures[300], merged[UI_TEXT_MAX];
	int x, w, y = r->y, four = r->h >= 4, ow = 0, mw = 0, room;

	if (s->loaded_id == 0) {
		ui_put(ui, r->y, r->x + 1, _("No complaint selected."), r->w - 1,
		       EL_DIM, 0);
		return;
	}
	/* Each part made safe on its own, so that an escape sequence left
	 * open in one cannot swallow the other; without a name, the
	 * store's masked stand-in. */
	if (text_or(s->c.first_name)[0] || text_or(s->c.last_name)[0])
		snprintf(name, sizeof name, "%s %s",
			 ui_clean(s->c.first_name, first, sizeof first),
			 ui_clean(s->c.last_name, last, sizeof last));
	else
		ui_clean(text_or(s->c.name), name, sizeof name);
	ui_date(ui, s->c.created_at, since, sizeof since);
	snprintf(tier, sizeof tier, _("%s, customer since %s"), ui_label(s->c.tier), since);
	ui_money(ui, s->sum.lifetime_value, s->sum.currency, money, sizeof money);
	if (s->sum.last_nps >= 0)
		snprintf(nps, sizeof nps, "%d", s->sum.last_nps);
	else
		snprintf(nps, sizeof nps, "-");
	snprintf(figures, sizeof figures,
		 P_("lifetime value %s | last NPS %s | %d complaint in %d days",
		    "lifetime value %s | last NPS %s | %d complaints in %d days",
		    s->sum.complaints_90d),
		 money, nps, s->sum.complaints_90d, CUSTOMER_RECENT_DAYS);

	x = r->x + 1;
	w = s->sum.churn_risk ? r->w - 16 : r->w - 1;
	if (s->others[0]) {
		ow = text_width(s->others);
		if (ow > r->w / 2)
			ow = r->w / 2;
		w -= ow + 2;
		ui_put_right(ui, y, r->x + w + 1, s->others, ow, EL_ALERT);
	}
	x += ui_put(ui, y, x, name, w, EL_TITLE, 0) + 2;
	if (!four)
		ui_put(ui, y, x, tier, r->x + w - x, EL_NORMAL, 0);
	if (s->sum.churn_risk)
		ui_put_right(ui, y, r->x + r->w - 15, _("! CHURN RISK"), 14,
			     EL_ALERT);
	y++;
	if (four) {
		snprintf(line, sizeof line,
			 P_("%s | %d order", "%s | %d orders", s->sum.orders),
			 tier, s->sum.orders);
		ui_put(ui, y++, r->x + 1, line, r->w - 1, EL_NORMAL, 0);
		ui_put(ui, y++, r->x + 1, figures, r->w - 1, EL_NORMAL, 0);
	} else {
		snprintf(line, sizeof line,
			 P_("%d order | %s", "%d orders | %s", s->sum.orders),
			 s->sum.orders, figures);
		ui_put(ui, y++, r->x + 1, line, r->w - 1, EL_NORMAL, 0);
	}
	if (y >= r->y + r->h)
		return;
	if (s->c.erased_at) {
		snprintf(line, sizeof line, "%s", _("personal data erased on request"));
	} else {
		if (text_mask_phone(s->c.phone, phone, sizeof phone) < 0 || !phone[0])
			snprintf(phone, sizeof phone, "-");
		if (text_mask_email(s->c.email, email, sizeof email) < 0 || !email[0])
			snprintf(email, sizeof email, "-");
		/* :reveal, audited, lasts until the selection changes. */
		if (ui->revealed_id == s->c.id) {
			snprintf(phone, sizeof phone, "%s", s->c.phone[0] ? s->c.phone : "-");
			snprintf(email, sizeof email, "%s", s->c.email[0] ? s->c.email : "-");
		}
		snprintf(line, sizeof line, _("phone %s | e-mail %s | %s"), phone, email,
			 s->c.city[0] ? s->c.city : "-");
	}
	/*
	 * Merged records at the end of the contact line: their contact data
	 * is this person's too.  Each with when and by whom it was merged
	 * while that fits beside the contact data whole (or in the third of
	 * the line the merges always have); else the ids alone, in a third,
	 * the first whole even if it takes up to half the line.
	 */
	room = r->w - 3 - text_width(ui_clean(line, contact, sizeof contact));
	if (room < r->w / 3)
		room = r->w / 3;
	if (describe_merges_made(ui, s, room, merged, sizeof merged)) {
		mw = text_width(merged);
	} else {
		describe_merges(s, r->w / 3, merged, sizeof merged);
		mw = text_width(merged);
		if (mw > r->w / 2)
			mw = r->w / 2;
	}
	if (merged[0]) {
		ui_put_right(ui, y, r->x + r->w - mw - 1, merged, mw, EL_ALERT);
		mw += 2;
	}
	ui_put(ui, y, r->x + 1, line, r->w - 1 - mw, EL_DIM, 0);
}

int pane_customer_loaded(struct pane *p, long long customer_id)
{
	struct customer_state *s = p->state;

	return customer_id != 0 && s->loaded_id == customer_id;
}

const struct pane_ops pane_customer_ops = {
	.name = "customer",
	.init = customer_init,
	.fini = customer_fini,
	.invalidate = customer_invalidate,
	.needs_load = customer_needs_load,
	.load = customer_load,
	.draw = customer_draw,
};
