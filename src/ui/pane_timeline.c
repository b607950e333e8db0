/*
 * pane_timeline.c: everything the customer did with the company, newest
 * first, on every channel: messages and calls, orders, survey answers,
 * complaints opened and resolved.  Each entry shows its first lines;
 * Enter shows the whole text.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/customer.h"
#include "temas/i18n.h"
#include "temas/store.h"

struct timeline_state {
	struct list list;
	struct timeline_item *rows;
	int cap;
	int detail;               /* showing one entry whole */
	int scroll;
	long long loaded_customer;
	int stale;
};

static void clear_rows(struct timeline_state *s)
{
	int i;

	for (i = 0; i < s->list.page_n; i++)
		timeline_item_clear(&s->rows[i]);
	s->list.page_n = 0;
	s->list.page_valid = 0;
}

static int timeline_init(struct ui *ui, struct pane *p)
{
	struct timeline_state *s = calloc(1, sizeof *s);

	if (s == NULL)
		return STORE_ERROR;
	list_reset(&s->list, 3);
	s->stale = 1;
	p->state = s;
	return STORE_OK;
}

static void timeline_fini(struct pane *p)
{
	struct timeline_state *s = p->state;

	if (s != NULL) {
		clear_rows(s);
		free(s->rows);
	}
	free(s);
	p->state = NULL;
}

static void timeline_layout(struct ui *ui, struct pane *p)
{
	struct timeline_state *s = p->state;
	struct timeline_item *r;

	/* Three lines an entry when there is room for three entries. */
	s->list.row_lines = p->rect.h - 1 >= 9 ? 3 : 2;
	list_set_lines(&s->list, p->rect.h - 1);
	if (s->list.height > s->cap) {
		clear_rows(s);
		r = realloc(s->rows, sizeof *r * (size_t)s->list.height);
		if (r != NULL) {
			s->rows = r;
			s->cap = s->list.height;
		}
	}
}

static void timeline_invalidate(struct ui *ui, struct pane *p, int sel_changed)
{
	struct timeline_state *s = p->state;

	s->stale = 1;
	if (sel_changed) {
		s->list.sel = 0;
		s->list.top = 0;
		s->detail = 0;
		s->loaded_customer = 0;
	}
}

static int timeline_needs_load(struct ui *ui, struct pane *p)
{
	struct timeline_state *s = p->state;
	int off, lim;

	return s->stale || list_page_needed(&s->list, &off, &lim);
}

static int timeline_load(struct ui *ui, struct pane *p)
{
	struct timeline_state *s = p->state;
	int total = 0, off, lim, n, rc;

	if (s->stale) {
		s->stale = 0;
		s->loaded_customer = 0;
		if (ui->customer_id != 0) {
			rc = store_timeline_count(ui->st, ui->customer_id, &total);
			if (rc != STORE_OK)
				return rc;
		}
		list_set_total(&s->list, total);
		clear_rows(s);
	}
	s->loaded_customer = ui->customer_id;
	if (ui->customer_id == 0 || !list_page_needed(&s->list, &off, &lim))
		return STORE_OK;
	if (lim > s->cap)
		lim = s->cap;
	clear_rows(s);
	rc = store_timeline_list(ui->st, ui->customer_id, off, lim, s->rows, &n);
	if (rc != STORE_OK)
		return rc;
	list_page_loaded(&s->list, off, n);
	return STORE_OK;
}

static const char *delivery_word(const char *state)
{
	if (strcmp(state, "sent") == 0)
		return _("[sent]");
	if (strcmp(state, "failed") == 0)
		return _("[failed]");
	if (state[0] != '\0')
		return _("[queued]");
	return "";
}

static const char *attachments_word(long long n, char *buf, size_t sz)
{
	if (n <= 0)
		return "";
	snprintf(buf, sz, P_(" [%lld attachment]", " [%lld attachments]", n), n);
	return buf;
}

/* The heading of an entry: what happened, in words. */
static void describe(struct ui *ui, const struct timeline_item *t,
		     struct ui_entry *e, char *head, size_t n)
{
	char money[64], title[UI_TEXT_MAX];

	memset(e, 0, sizeof *e);
	e->at = t->at;
	e->channel = t->channel;
	e->head = head;
	e->head_el = EL_NORMAL;
	e->text = t->text;
	switch (t->kind) {
	case TL_INTERACTION:
		e->has_dir = 1;
		e->dir = t->direction;
		e->who = t->agent_login;
		/* Whether a reply reached the customer is part of what
		 * happened: "sent" only once the mail server took it. */
		snprintf(head, n, "%s%s%s%s", delivery_word(t->status),
			 t->status[0] ? " " : "", t->title,
			 attachments_word(t->amount, money, sizeof money));
		if (strcmp(t->status, "failed") == 0)
			e->head_el = EL_ALERT;
		break;
	case TL_ORDER:
		ui_money(ui, t->amount, t->currency, money, sizeof money);
		snprintf(head, n, _("order %s %s, %s"),
			 ui_clean(t->title, title, sizeof title),
			 ui_label(t->status), money);
		break;
	case TL_SURVEY:
		if (strcmp(t->title, "nps") == 0)
			snprintf(head, n, _("survey: NPS %lld%s"), t->amount,
				 t->amount <= 6 ? _(" (detractor)")
				 : t->amount >= 9 ? _(" (promoter)") : "");
		else
			snprintf(head, n, _("survey: CSAT %lld of 5"), t->amount);
		if (strcmp(t->title, "nps") == 0 && t->amount <= 6)
			e->head_el = EL_ALERT;
		break;
	case TL_COMPLAINT_OPENED:
		snprintf(head, n, _("complaint #%lld opened (%s): %s"), t->ref_id,
			 ui_label(t->status), t->title);
		e->head_el = EL_ALERT;
		break;
	case TL_COMPLAINT_RESOLVED:
		snprintf(head, n, _("complaint #%lld %s: %s"), t->ref_id,
			 ui_label(t->status), t->title);
		break;
	}
}

static void draw_item(struct ui *ui, void *ctx, int idx, const struct rect *r,
		      int selected)
{
	struct timeline_state *s = ctx;
	struct ui_entry e;
	char head[400];

	describe(ui, &s->rows[idx - s->list.page_off], &e, head, sizeof head);
	ui_draw_entry(ui, r, selected, &e);
}

static void timeline_draw(struct ui *ui, struct pane *p, int focused)
{
	struct timeline_state *s = p->state;
	struct rect body = p->rect;
	char title[160], head[400];
	struct ui_entry e;
	int idx = s->list.sel - s->list.page_off;

	body.y++;
	body.h--;
	if (s->detail && idx >= 0 && idx < s->list.page_n) {
		ui_title(ui, &p->rect, _("Timeline: whole entry (q back)"), focused);
		describe(ui, &s->rows[idx], &e, head, sizeof head);
		e.text = NULL;
		body.h = 1;
		ui_draw_entry(ui, &body, 0, &e);
		body.y++;
		body.h = p->rect.h - 2;
		ui_draw_text(ui, &body, s->rows[idx].text, &s->scroll);
		return;
	}
	snprintf(title, sizeof title, _("Timeline (%d)"), s->list.total);
	ui_title(ui, &p->rect, title, focused);
	if (ui->customer_id != 0 && s->list.total == 0)
		ui_put(ui, body.y, body.x + 2, ui_empty_text(p, _("Nothing yet.")),
		       body.w - 2, EL_DIM, 0);
	list_draw(ui, &s->list, &body, focused, draw_item, s);
}

static int timeline_key(struct ui *ui, struct pane *p, enum ui_action a,
                        struct effect *fx)
{
	struct timeline_state *s = p->state;

	if (s->detail) {
		switch (a) {
		case ACT_BACK:
			s->detail = 0;
			return 1;
		case ACT_UP:
			s->scroll--;
			return 1;
		case ACT_DOWN:
			s->scroll++;
			return 1;
		case ACT_PAGE_UP:
			s->scroll -= p->rect.h - 3;
			return 1;
		case ACT_PAGE_DOWN:
			s->scroll += p->rect.h - 3;
			return 1;
		case ACT_HOME:
			s->scroll = 0;
			return 1;
		case ACT_END:
			/* Drawing clamps it to the last screenful. */
			s->scroll = INT_MAX;
			return 1;
		default:
			return 0;
		}
	}
	if (a == ACT_OPEN) {
		if (s->list.total > 0) {
			s->detail = 1;
			s->scroll = 0;
		}
		return 1;
	}
	return list_act(&s->list, a);
}

/* The message the timeline's selection is on, for :split; 0 if none or
 * the timeline is not on screen (the agent must see what they split). */
long long pane_timeline_message(struct pane *p)
{
	struct timeline_state *s = p->state;
	int idx = s->list.sel - s->list.page_off;

	if (!p->visible || idx < 0 || idx >= s->list.page_n ||
	    s->rows[idx].kind != TL_INTERACTION)
		return 0;
	return s->rows[idx].ref_id;
}

static int timeline_cursor(struct ui *ui, struct pane *p, int *y, int *x)
{
	struct timeline_state *s = p->state;
	struct rect body = p->rect;

	body.y++;
	*y = s->detail ? body.y : list_cursor_y(&s->list, &body);
	*x = body.x;
	return 1;
}

const struct pane_ops pane_timeline_ops = {
	.name = "timeline",
	.init = timeline_init,
	.fini = timeline_fini,
	.layout = timeline_layout,
	.invalidate = timeline_invalidate,
	.needs_load = timeline_needs_load,
	.load = timeline_load,
	.draw = timeline_draw,
	.key = timeline_key,
	.cursor = timeline_cursor,
};
