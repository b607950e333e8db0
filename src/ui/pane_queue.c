/*
 * pane_queue.c: the queue of open complaints, most urgent first.
 *
 * Holds only the rows on screen; the count line and the total are read
 * when the data or the filter changes.  The selected row is what every
 * customer pane shows, so the main loop asks this pane for it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/complaint.h"
#include "temas/customer.h"
#include "temas/filter.h"
#include "temas/i18n.h"
#include "temas/queue.h"
#include "temas/snooze.h"
#include "temas/store.h"
#include "temas/text.h"
#include "temas/when.h"

#define DUE_SOON_SECS 3600

/* The filters by name on screen, in enum queue_filter order. */
static const char *const filter_label[QUEUE_FILTER_COUNT] = {
	N_("all"), N_("mine"), N_("unassigned"), N_("breached"), N_("snoozed"),
};

struct queue_state {
	struct list list;
	struct queue_query q;
	struct queue_row *rows;
	int cap;
	struct queue_counts counts;
	int stale;
	int counts_stale;
	long long sel_id;          /* keep this complaint selected on reload */
	struct channel_stat *channels;
	int nchannels;
	int channel_idx;           /* -1: every channel */
	int due_w;                 /* widest time left of the rows held */
	char view[TAG_MAX_BYTES];  /* the saved view shown; "" none */
};

static int queue_init(struct ui *ui, struct pane *p)
{
	struct queue_state *s = calloc(1, sizeof *s);

	if (s == NULL)
		return STORE_ERROR;
	list_reset(&s->list, 1);
	s->q.filter = QUEUE_ALL;
	s->q.agent_id = ui->me.id;
	s->stale = 1;
	s->counts_stale = 1;
	s->channel_idx = -1;
	p->state = s;
	if (store_channel_list(ui->st, &s->channels, &s->nchannels) != STORE_OK)
		s->nchannels = 0;
	return STORE_OK;
}

static void queue_fini(struct pane *p)
{
	struct queue_state *s = p->state;

	if (s != NULL) {
		free(s->rows);
		free(s->channels);
	}
	free(s);
	p->state = NULL;
}

static struct queue_row *row_at(struct queue_state *s, int idx)
{
	if (idx < s->list.page_off || idx >= s->list.page_off + s->list.page_n)
		return NULL;
	return &s->rows[idx - s->list.page_off];
}

static void queue_layout(struct ui *ui, struct pane *p)
{
	struct queue_state *s = p->state;

	list_set_lines(&s->list, p->rect.h - 2);
	if (s->list.height > s->cap) {
		struct queue_row *r = realloc(s->rows, sizeof *r * s->list.height);

		if (r != NULL) {
			s->rows = r;
			s->cap = s->list.height;
		}
		s->list.page_valid = 0;
	}
}

static void queue_invalidate(struct ui *ui, struct pane *p, int sel_changed)
{
	struct queue_state *s = p->state;

	s->stale = 1;
	s->counts_stale = 1;
}

static int queue_needs_load(struct ui *ui, struct pane *p)
{
	struct queue_state *s = p->state;
	int off, lim;

	return s->stale || s->counts_stale ||
	       list_page_needed(&s->list, &off, &lim);
}

/* Marks are kept by complaint id; one that left the queue as filtered
 * (closed, taken under "unassigned", filtered away) is no longer marked:
 * an action never reaches a complaint the agent cannot see. */
static int drop_gone_marks(struct ui *ui, struct queue_state *s)
{
	const long long *ids;
	int n = ui_marked_ids(ui, &ids), i, in, rc;

	for (i = n - 1; i >= 0; i--) {
		rc = store_queue_has(ui->st, &s->q, ids[i], &in);
		if (rc != STORE_OK)
			return rc;
		if (!in)
			ui_mark_drop(ui, ids[i]);
	}
	return STORE_OK;
}

static int queue_load(struct ui *ui, struct pane *p)
{
	struct queue_state *s = p->state;
	struct queue_row *cur = row_at(s, s->list.sel);
	int total, off, lim, n, i, rc, was_stale = s->stale;

	if (cur != NULL)
		s->sel_id = cur->c.id;
	if (s->counts_stale) {
		rc = store_queue_counts(ui->st, ui->me.id, &s->counts);
		if (rc != STORE_OK)
			return rc;
		s->counts_stale = 0;
	}
	if (s->stale) {
		rc = store_queue_total(ui->st, &s->q, &total);
		if (rc != STORE_OK)
			return rc;
		list_set_total(&s->list, total);
		s->list.page_valid = 0;
		s->stale = 0;
		if ((rc = drop_gone_marks(ui, s)) != STORE_OK)
			return rc;
	}
	if (!list_page_needed(&s->list, &off, &lim))
		return STORE_OK;
	if (lim > s->cap)
		lim = s->cap;
	rc = store_queue_list(ui->st, &s->q, off, lim, s->rows, &n);
	if (rc != STORE_OK)
		return rc;
	list_page_loaded(&s->list, off, n);
	/* Rows moved under the selection (a claim elsewhere, a new complaint):
	 * follow the complaint, not the position, when it is on the page. */
	cur = row_at(s, s->list.sel);
	if (was_stale && s->sel_id && (cur == NULL || cur->c.id != s->sel_id)) {
		for (i = 0; i < n; i++) {
			if (s->rows[i].c.id == s->sel_id) {
				s->list.sel = off + i;
				break;
			}
		}
	}
	return STORE_OK;
}

struct cols {
	int left, chan, prio, cust, who, watch, subj;
};

/* The widest time left of the rows held: the due column is never
 * narrower, so no value is ever cut. */
static int due_width(struct ui *ui, struct queue_state *s)
{
	char buf[32];
	int i, w = 0, k;

	for (i = 0; i < s->list.page_n; i++) {
		if (text_format_duration(s->rows[i].c.due_at - store_now(ui->st),
					 buf, sizeof buf) < 0)
			continue;
		k = text_width(buf);
		if (k > w)
			w = k;
	}
	return w;
}

static void columns(int w, int due, struct cols *c)
{
	int wide = w >= 100;

	c->left = due + 1 > 8 ? due + 1 : 8;
	c->chan = wide ? 11 : 8;
	c->prio = 7;
	c->cust = wide ? 22 : w >= 80 ? 17 : 14;
	c->who = wide ? 12 : w >= 80 ? 9 : 8;
	c->watch = w >= 110 ? 12 : 0;
	c->subj = w - 3 - c->left - c->chan - c->prio - c->cust - c->who -
		  c->watch;
	if (c->subj < 4)
		c->subj = 4;
}

static void draw_row(struct ui *ui, void *ctx, int idx, const struct rect *r,
		     int selected)
{
	struct queue_state *s = ctx;
	struct queue_row *row = row_at(s, idx);
	enum ui_elem el = ui_row_style(selected), due_el;
	enum snooze_state zz;
	long long left, now;
	char buf[32];
	struct cols c;
	int x;

	if (row == NULL)
		return;
	columns(r->w, s->due_w, &c);
	ui_row_begin(ui, r, selected);
	now = store_now(ui->st);
	left = row->c.due_at - now;
	zz = snooze_state_of(&row->c, now);
	x = r->x + 1;
	due_el = selected ? el : left < 0 ? EL_BREACHED
			      : left < DUE_SOON_SECS ? EL_DUE_SOON : el;
	/* One column of marks: back from a snooze, asleep, or breached (the
	 * due time says so too, in red and with its minus). */
	if (zz == SNOOZE_BACK)
		ui_put(ui, r->y, x, SNOOZE_MARK_BACK, 1, selected ? el : EL_DUE_SOON, 0);
	else if (zz == SNOOZE_ASLEEP)
		ui_put(ui, r->y, x, SNOOZE_MARK_ASLEEP, 1, selected ? el : EL_DIM, 0);
	else
		ui_put(ui, r->y, x, left < 0 ? "!" : " ", 1,
		       left < 0 ? EL_BREACHED : el, 0);
	/* The gap in the due time's style, as its padding is: on the
	 * terminal one run of attributes rather than three. */
	ui_put(ui, r->y, x + 1, " ", 1, due_el, 0);
	/* Marked (t), as neomutt's tagged messages: a * of its own. */
	if (ui_mark_has(ui, row->c.id))
		ui_put(ui, r->y, x + 1, "*", 1, el, 0);
	x += 2;
	if (text_format_duration(left, buf, sizeof buf) < 0)
		snprintf(buf, sizeof buf, "?");
	ui_put_right(ui, r->y, x, buf, c.left - 1, due_el);
	x += c.left;
	ui_put(ui, r->y, x, row->c.channel, c.chan - 1, el, 0);
	x += c.chan;
	ui_put(ui, r->y, x, ui_label(row->c.priority), c.prio - 1, el, 0);
	x += c.prio;
	ui_put(ui, r->y, x, row->c.customer_name, c.cust - 1, el, 0);
	x += c.cust;
	{
		int used = 0;

		/* Asleep: when it comes back; back: what was to be done then;
		 * then the tags, dimmed, then the subject in what is left. */
		if (zz != SNOOZE_NONE) {
			const char *what = row->c.snooze_note;

			if (zz == SNOOZE_ASLEEP) {
				text_when_format(row->c.snoozed_until, now, buf,
						 sizeof buf);
				what = buf;
			}
			if (what != NULL && what[0] != '\0')
				used = ui_put(ui, r->y, x, what, c.subj - 1,
					      selected ? el : EL_DIM, 0) + 1;
		}
		if (row->tags != NULL && row->tags[0] != '\0' && used < c.subj - 1) {
			char *t = malloc(strlen(row->tags) + 3);

			if (t != NULL) {
				sprintf(t, "[%s]", row->tags);
				used += ui_put(ui, r->y, x + used, t,
					       c.subj - 1 - used,
					       selected ? el : EL_DIM, 0) + 1;
				free(t);
			}
		}
		if (used < c.subj - 1)
			ui_put(ui, r->y, x + used, row->c.subject,
			       c.subj - 1 - used, el, 0);
	}
	x += c.subj;
	ui_put(ui, r->y, x, row->c.assignee_login[0] ? row->c.assignee_login : "-",
	       c.who - 1, el, 0);
	x += c.who;
	if (c.watch)
		ui_put(ui, r->y, x, row->watchers, c.watch - 1, el, 0);
}

static void queue_draw(struct ui *ui, struct pane *p, int focused)
{
	struct queue_state *s = p->state;
	struct rect body = p->rect;
	char title[400 + TAG_MAX_BYTES * 2], words[300 + TAG_MAX_BYTES];
	struct cols c;
	int x, y = p->rect.y + 1;

	if (s->view[0]) {
		filter_format(&s->q, words, sizeof words);
		snprintf(title, sizeof title, _("View %s: %s (%d)"), s->view,
			 words, s->list.total);
	} else if (s->q.status[0] || s->q.assignee[0] || s->q.lang[0] ||
		   s->q.text[0]) {
		filter_format(&s->q, words, sizeof words);
		snprintf(title, sizeof title, _("Queue: %s (%d)"), words,
			 s->list.total);
	} else if (s->q.tag[0])
		snprintf(title, sizeof title, _("Queue: %s, %s, tag %s (%d)"),
			 _(filter_label[s->q.filter < QUEUE_FILTER_COUNT ? s->q.filter : 0]),
			 s->q.channel[0] ? s->q.channel : _("every channel"),
			 s->q.tag, s->list.total);
	else
		snprintf(title, sizeof title, _("Queue: %s, %s (%d)"),
			 _(filter_label[s->q.filter < QUEUE_FILTER_COUNT ? s->q.filter : 0]),
			 s->q.channel[0] ? s->q.channel : _("every channel"),
			 s->list.total);
	if (ui->nmarks > 0) {
		size_t len = strlen(title);

		snprintf(title + len, sizeof title - len,
			 P_(", %d marked", ", %d marked", ui->nmarks),
			 (int)ui->nmarks);
	}
	ui_title(ui, &p->rect, title, focused);
	s->due_w = due_width(ui, s);
	columns(p->rect.w, s->due_w, &c);
	ui_fill(ui, y, p->rect.x, p->rect.w, EL_HEADING);
	x = p->rect.x + 3;
	ui_put_right(ui, y, x, _("due"), c.left - 1, EL_HEADING);
	x += c.left;
	ui_put(ui, y, x, _("channel"), c.chan - 1, EL_HEADING, 0);
	x += c.chan;
	ui_put(ui, y, x, _("prio"), c.prio - 1, EL_HEADING, 0);
	x += c.prio;
	ui_put(ui, y, x, _("customer"), c.cust - 1, EL_HEADING, 0);
	x += c.cust;
	ui_put(ui, y, x, _("subject"), c.subj - 1, EL_HEADING, 0);
	x += c.subj;
	ui_put(ui, y, x, _("holder"), c.who - 1, EL_HEADING, 0);
	x += c.who;
	if (c.watch)
		ui_put(ui, y, x, _("looking"), c.watch - 1, EL_HEADING, 0);
	body.y += 2;
	body.h -= 2;
	if (s->list.total == 0) {
		ui_put(ui, body.y, body.x + 2,
		       ui_empty_text(p, _("No open complaints here.")),
		       body.w - 2, EL_DIM, 0);
		return;
	}
	list_draw(ui, &s->list, &body, focused, draw_row, s);
}

static void cycle_channel(struct queue_state *s)
{
	s->channel_idx++;
	if (s->channel_idx >= s->nchannels)
		s->channel_idx = -1;
	if (s->channel_idx < 0)
		s->q.channel[0] = '\0';
	else
		snprintf(s->q.channel, sizeof s->q.channel, "%s",
			 s->channels[s->channel_idx].code);
}

static int queue_key(struct ui *ui, struct pane *p, enum ui_action a,
                     struct effect *fx)
{
	struct queue_state *s = p->state;

	switch (a) {
	case ACT_FILTER:
		s->q.filter = (enum queue_filter)((s->q.filter + 1) %
						  QUEUE_FILTER_COUNT);
		break;
	case ACT_CHANNEL:
		cycle_channel(s);
		break;
	case ACT_MARK:
		/* t: mark or unmark, then on to the next row (neomutt).  Keys
		 * typed ahead may come before the page is read. */
		if (queue_needs_load(ui, p) &&
		    (p->unread = queue_load(ui, p) != STORE_OK))
			return 1;
		if (row_at(s, s->list.sel) == NULL)
			return 1;
		ui_mark_toggle(ui, row_at(s, s->list.sel)->c.id);
		list_act(&s->list, ACT_DOWN);
		return 1;
	default:
		return list_act(&s->list, a);
	}
	s->view[0] = '\0';
	s->list.sel = 0;
	s->list.top = 0;
	s->sel_id = 0;
	s->stale = 1;
	return 1;
}

static int queue_cursor(struct ui *ui, struct pane *p, int *y, int *x)
{
	struct queue_state *s = p->state;
	struct rect body = p->rect;

	body.y += 2;
	*y = list_cursor_y(&s->list, &body);
	*x = body.x;
	return 1;
}

int pane_queue_selected(struct pane *p, long long *complaint_id,
			long long *customer_id)
{
	struct queue_state *s = p->state;
	struct queue_row *r = row_at(s, s->list.sel);

	*complaint_id = r ? r->c.id : 0;
	*customer_id = r ? r->c.customer_id : 0;
	return r != NULL;
}

void pane_queue_status(struct pane *p, char *buf, size_t n)
{
	struct queue_state *s = p->state;

	int len = snprintf(buf, n, _("open %d | mine %d | unassigned %d | breached %d"),
			   s->counts.open, s->counts.mine, s->counts.unassigned,
			   s->counts.breached);

	if (s->counts.snoozed > 0 && len >= 0 && (size_t)len < n)
		snprintf(buf + len, n - (size_t)len, _(" | snoozed %d"),
			 s->counts.snoozed);
}

long long pane_queue_next_wake(struct pane *p)
{
	struct queue_state *s = p->state;

	return s->counts.next_wake;
}

long long pane_queue_next_due(struct pane *p)
{
	struct queue_state *s = p->state;

	return s->counts.next_due;
}

void pane_queue_set_query(struct pane *p, const struct queue_query *q,
			  const char *view)
{
	struct queue_state *s = p->state;
	long long me = s->q.agent_id;
	int i;

	s->q = *q;
	s->q.agent_id = me;
	snprintf(s->view, sizeof s->view, "%s", view ? view : "");
	s->channel_idx = -1;
	for (i = 0; i < s->nchannels; i++)
		if (strcmp(s->channels[i].code, s->q.channel) == 0)
			s->channel_idx = i;
	s->list.sel = 0;
	s->list.top = 0;
	s->sel_id = 0;
	s->stale = 1;
}

void pane_queue_query(struct pane *p, struct queue_query *q, char *view,
		      size_t viewsz)
{
	struct queue_state *s = p->state;

	*q = s->q;
	if (view != NULL)
		snprintf(view, viewsz, "%s", s->view);
}

/* Where complaint id sits in the filtered queue, walking it a page at a
 * time (a command typed once, not something done per frame); -1 absent. */
static int queue_find(struct ui *ui, struct queue_state *s, long long id,
		      int *pos)
{
	struct queue_row *rows;
	int off = 0, n, i, rc = STORE_OK;

	rows = calloc(256, sizeof *rows);
	if (rows == NULL)
		return STORE_ERROR;
	*pos = -1;
	do {
		rc = store_queue_list(ui->st, &s->q, off, 256, rows, &n);
		for (i = 0; rc == STORE_OK && i < n && *pos < 0; i++)
			if (rows[i].c.id == id)
				*pos = off + i;
		off += n;
	} while (rc == STORE_OK && n == 256 && *pos < 0);
	free(rows);
	return rc;
}

int pane_queue_select(struct ui *ui, struct pane *p, long long complaint_id)
{
	struct queue_state *s = p->state;
	struct complaint c;
	int pos, total;

	if (queue_find(ui, s, complaint_id, &pos) != STORE_OK)
		return 0;
	if (pos < 0 && filter_any(&s->q)) {
		struct queue_query all;

		memset(&all, 0, sizeof all);
		pane_queue_set_query(p, &all, NULL);
		if (queue_find(ui, s, complaint_id, &pos) != STORE_OK)
			return 0;
	}
	/* Not in the active queue while snoozed: among the snoozed. */
	if (pos < 0 && s->q.filter != QUEUE_SNOOZED &&
	    store_complaint_get(ui->st, complaint_id, &c) == STORE_OK &&
	    snooze_state_of(&c, store_now(ui->st)) == SNOOZE_ASLEEP) {
		struct queue_query asleep;

		memset(&asleep, 0, sizeof asleep);
		asleep.filter = QUEUE_SNOOZED;
		pane_queue_set_query(p, &asleep, NULL);
		if (queue_find(ui, s, complaint_id, &pos) != STORE_OK)
			return 0;
	}
	if (pos < 0 || store_queue_total(ui->st, &s->q, &total) != STORE_OK)
		return 0;
	list_set_total(&s->list, total);
	s->list.sel = pos;
	s->list.top = pos - s->list.height / 2 > 0 ? pos - s->list.height / 2 : 0;
	s->list.page_valid = 0;
	s->list.page_n = 0;
	s->sel_id = complaint_id;
	s->stale = 1;
	return 1;
}

int pane_queue_each(struct ui *ui, struct pane *p,
		    int (*cb)(void *ctx, const struct queue_row *r), void *ctx)
{
	struct queue_state *s = p->state;

	return store_queue_each(ui->st, &s->q, 0, cb, ctx);
}

const struct pane_ops pane_queue_ops = {
	.name = "queue",
	.init = queue_init,
	.fini = queue_fini,
	.layout = queue_layout,
	.invalidate = queue_invalidate,
	.needs_load = queue_needs_load,
	.load = queue_load,
	.draw = queue_draw,
	.key = queue_key,
	.cursor = queue_cursor,
};
