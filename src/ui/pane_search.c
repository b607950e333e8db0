/*
 * pane_search.c: what `/` found, grouped by kind (customers, orders,
 * messages) under a heading each, in the queue's place.  Enter opens the
 * customer of the selected hit: their open complaint when they have one,
 * else their orders and timeline.  Everything shown came from customers,
 * so it goes through the sanitising draw functions like any other pane.
 *
 * The results are one answer to one query: they are kept as they are when
 * other processes write (a search is not a live view) until the next
 * search.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/i18n.h"
#include "temas/search.h"
#include "temas/store.h"
#include "temas/text.h"

#define PER_KIND 20

struct search_row {
	int heading;            /* 1: a kind's heading; kind says which */
	enum search_kind kind;
	int hit;                /* index in res.hits */
};

struct search_state {
	struct list list;
	struct search_results res;
	struct search_row *rows;
	int nrows;
	char query[256];
};

static int search_init(struct ui *ui, struct pane *p)
{
	struct search_state *s = calloc(1, sizeof *s);

	if (s == NULL)
		return STORE_ERROR;
	list_reset(&s->list, 1);
	p->state = s;
	return STORE_OK;
}

static void search_clear(struct search_state *s)
{
	search_results_free(&s->res);
	memset(&s->res, 0, sizeof s->res);
	free(s->rows);
	s->rows = NULL;
	s->nrows = 0;
}

static void search_fini(struct pane *p)
{
	struct search_state *s = p->state;

	if (s != NULL)
		search_clear(s);
	free(s);
	p->state = NULL;
}

static void search_layout(struct ui *ui, struct pane *p)
{
	struct search_state *s = p->state;

	list_set_lines(&s->list, p->rect.h - 1);
}

static void search_invalidate(struct ui *ui, struct pane *p, int sel_changed)
{
}

static int search_needs_load(struct ui *ui, struct pane *p)
{
	return 0;
}

static int search_load(struct ui *ui, struct pane *p)
{
	return STORE_OK;
}

static void draw_hit(struct ui *ui, const struct rect *r, int selected,
		     const struct search_hit *h)
{
	enum ui_elem el = ui_row_style(selected);
	char buf[600], when[TEXT_DATE_MAX], money[64];
	int x = r->x + 2, end = r->x + r->w;

	ui_row_begin(ui, r, selected);
	switch (h->kind) {
	case SEARCH_CUSTOMERS:
		x += ui_put(ui, r->y, x, h->customer_name, 26, el, 1) + 1;
		x += ui_put(ui, r->y, x, h->title, 16, el, 1) + 1;
		x += ui_put(ui, r->y, x, h->detail, 10, el, 1) + 1;
		if (h->complaint_id) {
			snprintf(buf, sizeof buf, _("open complaint #%lld"),
				 h->complaint_id);
			ui_put(ui, r->y, x, buf, end - x,
			       selected ? el : EL_ALERT, 0);
		}
		break;
	case SEARCH_ORDERS:
		ui_date(ui, h->at, when, sizeof when);
		ui_money(ui, h->amount, h->currency, money, sizeof money);
		x += ui_put(ui, r->y, x, h->title, 14, el, 1) + 1;
		x += ui_put(ui, r->y, x, when, 10, el, 1) + 1;
		x += ui_put(ui, r->y, x, h->detail, 10, el, 1) + 1;
		ui_put_right(ui, r->y, x, money, 14, el);
		x += 15;
		ui_put(ui, r->y, x, h->customer_name, end - x, el, 0);
		break;
	default:
		ui_date(ui, h->at, when, sizeof when);
		x += ui_put(ui, r->y, x, when, 10, el, 1) + 1;
		x += ui_put(ui, r->y, x, h->channel, 8, el, 1) + 1;
		x += ui_put(ui, r->y, x, h->customer_name, 18, el, 1) + 1;
		snprintf(buf, sizeof buf, "%s: %s", h->title, h->detail);
		ui_put(ui, r->y, x, buf, end - x, el, 0);
		break;
	}
}

static void draw_row(struct ui *ui, void *ctx, int idx, const struct rect *r,
		     int selected)
{
	struct search_state *s = ctx;
	const struct search_row *row = &s->rows[idx];
	char buf[160];
	enum search_kind k = row->kind;

	if (!row->heading) {
		draw_hit(ui, r, selected, &s->res.hits[row->hit]);
		return;
	}
	if (s->res.more[k])
		snprintf(buf, sizeof buf, _("%s (%d shown, more match)"),
			 search_kind_name(k), s->res.count[k]);
	else
		snprintf(buf, sizeof buf, "%s (%d)", search_kind_name(k),
			 s->res.count[k]);
	ui_fill(ui, r->y, r->x, r->w, EL_HEADING);
	ui_put(ui, r->y, r->x + 1, buf, r->w - 1, EL_HEADING, 0);
}

static void search_draw(struct ui *ui, struct pane *p, int focused)
{
	struct search_state *s = p->state;
	struct rect body = p->rect;
	char title[400];

	snprintf(title, sizeof title,
		 _("Search: %s (%d found; Enter opens, q back)"), s->query,
		 s->res.nhits);
	ui_title(ui, &p->rect, title, focused);
	body.y += 1;
	body.h -= 1;
	if (s->res.nhits == 0) {
		ui_put(ui, body.y, body.x + 2,
		       _("Nothing found.  Words match from their start; "
			 "add * to a word for more."), body.w - 2, EL_DIM, 0);
		return;
	}
	list_draw(ui, &s->list, &body, focused, draw_row, s);
}

/* Headings are not selectable: step over them in the direction moved. */
static void skip_heading(struct search_state *s, int dir)
{
	while (s->list.sel >= 0 && s->list.sel < s->nrows &&
	       s->rows[s->list.sel].heading)
		s->list.sel += dir;
	if (s->list.sel >= s->nrows || s->list.sel < 0) {
		s->list.sel = dir > 0 ? s->nrows - 1 : 0;
		while (s->list.sel > 0 && s->list.sel < s->nrows &&
		       s->rows[s->list.sel].heading)
			s->list.sel -= dir;
	}
	if (s->list.top > s->list.sel)
		s->list.top = s->list.sel;
	/* Keep the heading of the first hit in view. */
	if (s->list.sel > 0 && s->list.top == s->list.sel &&
	    s->rows[s->list.sel - 1].heading)
		s->list.top--;
}

static int search_key(struct ui *ui, struct pane *p, enum ui_action a,
                      struct effect *fx)
{
	struct search_state *s = p->state;
	const struct search_hit *h;
	int before = s->list.sel;

	if (a == ACT_OPEN) {
		if (s->nrows == 0 || s->rows[s->list.sel].heading)
			return 1;
		h = &s->res.hits[s->rows[s->list.sel].hit];
		fx->flags |= FX_OPEN;
		fx->customer_id = h->customer_id;
		fx->complaint_id = h->complaint_id;
		return 1;
	}
	if (!list_act(&s->list, a))
		return 0;
	skip_heading(s, s->list.sel >= before ? 1 : -1);
	return 1;
}

static int search_cursor(struct ui *ui, struct pane *p, int *y, int *x)
{
	struct search_state *s = p->state;
	struct rect body = p->rect;

	body.y += 1;
	*y = list_cursor_y(&s->list, &body);
	*x = body.x;
	return 1;
}

static int build_rows(struct search_state *s)
{
	int i, n = 0, k = -1;

	s->rows = calloc((size_t)s->res.nhits + SEARCH_NKINDS, sizeof *s->rows);
	if (s->rows == NULL)
		return -1;
	for (i = 0; i < s->res.nhits; i++) {
		if ((int)s->res.hits[i].kind != k) {
			k = (int)s->res.hits[i].kind;
			s->rows[n].heading = 1;
			s->rows[n++].kind = (enum search_kind)k;
		}
		s->rows[n].kind = s->res.hits[i].kind;
		s->rows[n++].hit = i;
	}
	s->nrows = n;
	return 0;
}

int pane_search_run(struct ui *ui, struct pane *p, const char *query)
{
	struct search_state *s = p->state;
	int rc;

	search_clear(s);
	rc = store_search(ui->st, query, PER_KIND, &s->res);
	if (rc != STORE_OK) {
		memset(&s->res, 0, sizeof s->res);
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return -1;
	}
	if (build_rows(s) != 0) {
		search_clear(s);
		ui_message(ui, 1, "%s", _("out of memory"));
		return -1;
	}
	snprintf(s->query, sizeof s->query, "%s", query);
	list_reset(&s->list, 1);
	list_set_total(&s->list, s->nrows);
	list_page_loaded(&s->list, 0, s->nrows);
	s->list.sel = 0;
	skip_heading(s, 1);
	s->list.top = 0;
	return 0;
}

const struct pane_ops pane_search_ops = {
	.name = "search",
	.init = search_init,
	.fini = search_fini,
	.layout = search_layout,
	.invalidate = search_invalidate,
	.needs_load = search_needs_load,
	.load = search_load,
	.draw = search_draw,
	.key = search_key,
	.cursor = search_cursor,
};
