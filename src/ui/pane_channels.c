/*
 * pane_channels.c: the cross-channel view: per channel how often this
 * customer was in touch and when last; Enter shows that channel's thread,
 * newest first, q goes back.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/customer.h"
#include "temas/i18n.h"
#include "temas/store.h"
#include "temas/text.h"

struct channels_state {
	struct list list;
	struct channel_stat *stats;
	struct list thread;
	struct interaction *rows;
	int cap;
	int open;                   /* showing one channel's thread */
	struct channel_stat channel;
	int stale;
};

static void clear_rows(struct channels_state *s)
{
	int i;

	for (i = 0; i < s->thread.page_n; i++)
		interaction_clear(&s->rows[i]);
	s->thread.page_n = 0;
	s->thread.page_valid = 0;
}

static int channels_init(struct ui *ui, struct pane *p)
{
	struct channels_state *s = calloc(1, sizeof *s);

	if (s == NULL)
		return STORE_ERROR;
	list_reset(&s->list, 1);
	list_reset(&s->thread, 3);
	s->stale = 1;
	p->state = s;
	return STORE_OK;
}

static void channels_fini(struct pane *p)
{
	struct channels_state *s = p->state;

	if (s != NULL) {
		clear_rows(s);
		free(s->rows);
		free(s->stats);
	}
	free(s);
	p->state = NULL;
}

static void channels_layout(struct ui *ui, struct pane *p)
{
	struct channels_state *s = p->state;
	struct interaction *r;

	list_set_lines(&s->list, p->rect.h - 1);
	s->thread.row_lines = p->rect.h - 1 >= 9 ? 3 : 2;
	list_set_lines(&s->thread, p->rect.h - 1);
	if (s->thread.height > s->cap) {
		clear_rows(s);
		r = realloc(s->rows, sizeof *r * (size_t)s->thread.height);
		if (r != NULL) {
			s->rows = r;
			s->cap = s->thread.height;
		}
	}
}

static void channels_invalidate(struct ui *ui, struct pane *p, int sel_changed)
{
	struct channels_state *s = p->state;

	s->stale = 1;
	if (sel_changed) {
		s->open = 0;
		s->list.sel = 0;
		s->list.top = 0;
	}
}

static int channels_needs_load(struct ui *ui, struct pane *p)
{
	struct channels_state *s = p->state;
	int off, lim;

	return s->stale ||
	       (s->open && list_page_needed(&s->thread, &off, &lim));
}

static int load_thread(struct ui *ui, struct channels_state *s, int fresh)
{
	int total, off, lim, n, rc;

	if (fresh) {
		rc = store_channel_thread_count(ui->st, ui->customer_id,
						s->channel.code, &total);
		if (rc != STORE_OK)
			return rc;
		list_set_total(&s->thread, total);
		clear_rows(s);
	}
	if (!list_page_needed(&s->thread, &off, &lim))
		return STORE_OK;
	if (lim > s->cap)
		lim = s->cap;
	clear_rows(s);
	rc = store_channel_thread(ui->st, ui->customer_id, s->channel.code, off,
				  lim, s->rows, &n);
	if (rc == STORE_OK)
		list_page_loaded(&s->thread, off, n);
	return rc;
}

static int channels_load(struct ui *ui, struct pane *p)
{
	struct channels_state *s = p->state;
	int n = 0, rc, fresh = s->stale;

	if (s->stale) {
		s->stale = 0;
		free(s->stats);
		s->stats = NULL;
		if (ui->customer_id != 0) {
			rc = store_channel_stats(ui->st, ui->customer_id,
						 &s->stats, &n);
			if (rc != STORE_OK) {
				list_set_total(&s->list, 0);
				list_page_loaded(&s->list, 0, 0);
				return rc;
			}
		}
		list_set_total(&s->list, n);
		list_page_loaded(&s->list, 0, n);
	}
	if (s->open && ui->customer_id != 0)
		return load_thread(ui, s, fresh);
	return STORE_OK;
}

static void draw_stat(struct ui *ui, void *ctx, int idx, const struct rect *r,
		      int selected)
{
	struct channels_state *s = ctx;
	const struct channel_stat *c = &s->stats[idx];
	enum ui_elem el = ui_row_style(selected);
	char count[16], when[TEXT_DATE_MAX];
	int x = r->x + 2;

	ui_row_begin(ui, r, selected);
	ui_put(ui, r->y, x, c->name, 22, el, 0);
	x += 23;
	snprintf(count, sizeof count, "%d", c->count);
	ui_put_right(ui, r->y, x, count, 6, c->count ? el : selected ? el : EL_DIM);
	x += 8;
	if (c->last_at)
		ui_time(ui, c->last_at, when, sizeof when);
	else
		snprintf(when, sizeof when, "%s", _("never"));
	ui_put(ui, r->y, x, when, r->x + r->w - x, c->last_at ? el
		: selected ? el : EL_DIM, 0);
}

static void draw_message(struct ui *ui, void *ctx, int idx,
			 const struct rect *r, int selected)
{
	struct channels_state *s = ctx;
	const struct interaction *it = &s->rows[idx - s->thread.page_off];
	struct ui_entry e = {
		.at = it->at, .has_dir = 1, .dir = it->direction,
		.who = it->agent_login, .head = it->subject,
		.head_el = EL_NORMAL, .text = it->body,
	};

	ui_draw_entry(ui, r, selected, &e);
}

static void channels_draw(struct ui *ui, struct pane *p, int focused)
{
	struct channels_state *s = p->state;
	struct rect body = p->rect;
	char title[160];

	body.y++;
	body.h--;
	if (s->open) {
		snprintf(title, sizeof title,
			 P_("Channel %s: %d message (q back)",
			    "Channel %s: %d messages (q back)", s->thread.total),
			 s->channel.name, s->thread.total);
		ui_title(ui, &p->rect, title, focused);
		if (s->thread.total == 0)
			ui_put(ui, body.y, body.x + 2,
			       ui_empty_text(p, _("No messages.")), body.w - 2,
			       EL_DIM, 0);
		list_draw(ui, &s->thread, &body, focused, draw_message, s);
		return;
	}
	ui_title(ui, &p->rect, _("Channels: contacts, last contact"), focused);
	list_draw(ui, &s->list, &body, focused, draw_stat, s);
}

static int channels_key(struct ui *ui, struct pane *p, enum ui_action a,
                        struct effect *fx)
{
	struct channels_state *s = p->state;

	if (s->open) {
		if (a == ACT_BACK) {
			s->open = 0;
			clear_rows(s);
			return 1;
		}
		return list_act(&s->thread, a);
	}
	if (a == ACT_OPEN) {
		if (s->list.total == 0)
			return 1;
		s->channel = s->stats[s->list.sel];
		s->open = 1;
		s->thread.sel = 0;
		s->thread.top = 0;
		s->stale = 1;
		return 1;
	}
	return list_act(&s->list, a);
}

static int channels_cursor(struct ui *ui, struct pane *p, int *y, int *x)
{
	struct channels_state *s = p->state;
	struct rect body = p->rect;

	body.y++;
	*y = list_cursor_y(s->open ? &s->thread : &s->list, &body);
	*x = body.x;
	return 1;
}

const struct pane_ops pane_channels_ops = {
	.name = "channels",
	.init = channels_init,
	.fini = channels_fini,
	.layout = channels_layout,
	.invalidate = channels_invalidate,
	.needs_load = channels_needs_load,
	.load = channels_load,
	.draw = channels_draw,
	.key = channels_key,
	.cursor = channels_cursor,
};
