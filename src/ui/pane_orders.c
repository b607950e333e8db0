/*
 * pane_orders.c: the selected customer's orders, newest first; Enter
 * shows an order's lines, q goes back.  The main loop asks whether the
 * order list is on screen, because that is what the "order history seen"
 * rule records.
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

struct orders_state {
	struct list list;
	struct order *rows;
	int cap;
	struct list lines;          /* the order's lines when open */
	struct order_line *lrows;
	int lcap;
	int open;                   /* showing one order's lines */
	struct order order;
	long long loaded_customer;
	/* The look at the customer whose orders were last read, read
	 * before them: the records merged into it, the changes to its
	 * orders. */
	struct history_look look;
	int stale;
};

static int orders_init(struct ui *ui, struct pane *p)
{
	struct orders_state *s = calloc(1, sizeof *s);

	if (s == NULL)
		return STORE_ERROR;
	list_reset(&s->list, 1);
	list_reset(&s->lines, 1);
	s->stale = 1;
	p->state = s;
	return STORE_OK;
}

static void orders_fini(struct pane *p)
{
	struct orders_state *s = p->state;

	if (s != NULL) {
		free(s->rows);
		free(s->lrows);
	}
	free(s);
	p->state = NULL;
}

static int grow(void **rows, int *cap, int want, size_t size)
{
	void *r;

	if (want <= *cap)
		return 0;
	r = realloc(*rows, size * (size_t)want);
	if (r == NULL)
		return -1;
	*rows = r;
	*cap = want;
	return 1;
}

static void orders_layout(struct ui *ui, struct pane *p)
{
	struct orders_state *s = p->state;
	void *rows = s->rows, *lrows = s->lrows;

	list_set_lines(&s->list, p->rect.h - 1);
	list_set_lines(&s->lines, p->rect.h - 1);
	if (grow(&rows, &s->cap, s->list.height, sizeof *s->rows) != 0)
		s->list.page_valid = 0;
	s->rows = rows;
	if (grow(&lrows, &s->lcap, s->lines.height, sizeof *s->lrows) != 0)
		s->lines.page_valid = 0;
	s->lrows = lrows;
}

static void orders_invalidate(struct ui *ui, struct pane *p, int sel_changed)
{
	struct orders_state *s = p->state;

	s->stale = 1;
	if (sel_changed) {
		list_reset(&s->list, 1);
		list_set_lines(&s->list, p->rect.h - 1);
		s->open = 0;
		s->loaded_customer = 0;
	}
}

static int orders_needs_load(struct ui *ui, struct pane *p)
{
	struct orders_state *s = p->state;
	int off, lim;

	if (s->stale)
		return 1;
	if (s->open)
		return list_page_needed(&s->lines, &off, &lim);
	return list_page_needed(&s->list, &off, &lim);
}

static int load_lines(struct ui *ui, struct orders_state *s, int fresh)
{
	int total, off, lim, n, rc;

	if (fresh) {
		rc = store_order_get(ui->st, s->order.id, &s->order);
		if (rc == STORE_NOTFOUND) {
			s->open = 0;
			return STORE_OK;
		}
		if (rc == STORE_OK)
			rc = store_order_line_count(ui->st, s->order.id, &total);
		if (rc != STORE_OK)
			return rc;
		list_set_total(&s->lines, total);
		s->lines.page_valid = 0;
	}
	if (!list_page_needed(&s->lines, &off, &lim))
		return STORE_OK;
	if (lim > s->lcap)
		lim = s->lcap;
	rc = store_order_lines(ui->st, s->order.id, off, lim, s->lrows, &n);
	if (rc == STORE_OK)
		list_page_loaded(&s->lines, off, n);
	return rc;
}

static int orders_load(struct ui *ui, struct pane *p)
{
	struct orders_state *s = p->state;
	int total, off, lim, n, rc, fresh = s->stale;

	if (s->stale) {
		struct history_look look = { 0, 0, 0, 0 };

		s->stale = 0;
		s->loaded_customer = 0;
		if (ui->customer_id == 0) {
			list_set_total(&s->list, 0);
			s->list.page_valid = 0;
			return STORE_OK;
		}
		/* The records merged into the customer and the changes to its
		 * orders, read before the orders: a merge or a change committed
		 * in between leaves the orders newer than the look, which the
		 * reply's check refuses (and they are read again), never
		 * older. */
		rc = store_customer_look(ui->st, ui->customer_id, &look);
		if (rc == STORE_OK)
			rc = store_order_count(ui->st, ui->customer_id, &total);
		if (rc != STORE_OK)
			return rc;
		/* A record merged into the customer on screen, or an order of
		 * its that came in or changed: the list starts again from the
		 * newest, as at the first look, rather than where it was
		 * scrolled to before. */
		if (s->look.customer_id == look.customer_id &&
		    store_history_look_stale(&s->look, &look) != NULL)
			list_reset(&s->list, 1);
		s->look = look;
		list_set_total(&s->list, total);
		s->list.page_valid = 0;
	}
	if (list_page_needed(&s->list, &off, &lim)) {
		if (lim > s->cap)
			lim = s->cap;
		rc = store_order_list(ui->st, ui->customer_id, off, lim, s->rows, &n);
		if (rc != STORE_OK)
			return rc;
		list_page_loaded(&s->list, off, n);
	}
	s->loaded_customer = ui->customer_id;
	if (s->open)
		return load_lines(ui, s, fresh);
	return STORE_OK;
}

static void draw_order(struct ui *ui, void *ctx, int idx, const struct rect *r,
		       int selected)
{
	struct orders_state *s = ctx;
	const struct order *o = &s->rows[idx - s->list.page_off];
	enum ui_elem el = ui_row_style(selected);
	char date[TEXT_DATE_MAX], money[64];
	int x = r->x + 2, amount_w = 16;

	ui_row_begin(ui, r, selected);
	ui_date(ui, o->placed_at, date, sizeof date);
	ui_put(ui, r->y, x, date, 10, el, 0);
	x += 11;
	ui_put(ui, r->y, x, o->number, 16, el, 0);
	x += 17;
	ui_put(ui, r->y, x, ui_label(o->status), 10, el, 0);
	x += 11;
	ui_money(ui, o->total, o->currency, money, sizeof money);
	if (x + amount_w > r->x + r->w)
		amount_w = r->x + r->w - x;
	ui_put_right(ui, r->y, x, money, amount_w, el);
}

static void draw_line(struct ui *ui, void *ctx, int idx, const struct rect *r,
		      int selected)
{
	struct orders_state *s = ctx;
	const struct order_line *l = &s->lrows[idx - s->lines.page_off];
	enum ui_elem el = ui_row_style(selected);
	char qty[16], price[64], total[64];
	temas_money line;
	int x = r->x + 2, prod_w = r->w - 2 - 11 - 5 - 14 - 14;

	ui_row_begin(ui, r, selected);
	ui_put(ui, r->y, x, l->sku, 10, el, 0);
	x += 11;
	ui_put(ui, r->y, x, l->product, prod_w - 1, el, 0);
	x += prod_w;
	snprintf(qty, sizeof qty, "%d", l->qty);
	ui_put_right(ui, r->y, x, qty, 4, el);
	x += 5;
	ui_money(ui, l->unit_price, s->order.currency, price, sizeof price);
	ui_put_right(ui, r->y, x, price, 13, el);
	x += 14;
	/* Imported prices are only bounded by the column type. */
	if (__builtin_mul_overflow(l->unit_price, (temas_money)l->qty, &line))
		snprintf(total, sizeof total, "%s", "?");
	else
		ui_money(ui, line, s->order.currency, total, sizeof total);
	ui_put_right(ui, r->y, x, total, 13, el);
}

static void orders_draw(struct ui *ui, struct pane *p, int focused)
{
	struct orders_state *s = p->state;
	struct rect body = p->rect;
	char title[UI_TEXT_MAX + 200], money[64];
	char number[UI_TEXT_MAX], status[sizeof s->order.status];

	body.y++;
	body.h--;
	if (s->open) {
		ui_money(ui, s->order.total, s->order.currency, money, sizeof money);
		snprintf(title, sizeof title, _("Order %s, %s, %s: %d lines (q back)"),
			 ui_clean(s->order.number, number, sizeof number),
			 ui_clean(s->order.status, status, sizeof status), money,
			 s->lines.total);
		ui_title(ui, &p->rect, title, focused);
		list_draw(ui, &s->lines, &body, focused, draw_line, s);
		return;
	}
	snprintf(title, sizeof title, _("Orders (%d)"), s->list.total);
	ui_title(ui, &p->rect, title, focused);
	if (ui->customer_id != 0 && s->list.total == 0)
		ui_put(ui, body.y, body.x + 2, ui_empty_text(p, _("No orders.")),
		       body.w - 2, EL_DIM, 0);
	list_draw(ui, &s->list, &body, focused, draw_order, s);
}

static int orders_key(struct ui *ui, struct pane *p, enum ui_action a,
                      struct effect *fx)
{
	struct orders_state *s = p->state;
	int idx = s->list.sel - s->list.page_off;

	if (s->open) {
		if (a == ACT_BACK) {
			s->open = 0;
			return 1;
		}
		return list_act(&s->lines, a);
	}
	if (a == ACT_OPEN) {
		if (s->list.total == 0 || idx < 0 || idx >= s->list.page_n)
			return 1;
		s->order = s->rows[idx];
		s->open = 1;
		list_reset(&s->lines, 1);
		list_set_lines(&s->lines, p->rect.h - 1);
		/* Reads the order afresh, so its lines match its status. */
		s->stale = 1;
		return 1;
	}
	return list_act(&s->list, a);
}

static int orders_cursor(struct ui *ui, struct pane *p, int *y, int *x)
{
	struct orders_state *s = p->state;
	struct rect body = p->rect;

	body.y++;
	*y = list_cursor_y(s->open ? &s->lines : &s->list, &body);
	*x = body.x;
	return 1;
}

int pane_orders_showing(struct pane *p, long long customer_id,
			struct history_look *look)
{
	struct orders_state *s = p->state;

	*look = s->look;
	return customer_id != 0 && !s->open && !s->stale &&
	       s->loaded_customer == customer_id &&
	       s->look.customer_id == customer_id;
}

const struct pane_ops pane_orders_ops = {
	.name = "orders",
	.init = orders_init,
	.fini = orders_fini,
	.layout = orders_layout,
	.invalidate = orders_invalidate,
	.needs_load = orders_needs_load,
	.load = orders_load,
	.draw = orders_draw,
	.key = orders_key,
	.cursor = orders_cursor,
};
