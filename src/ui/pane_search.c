/*
 * pane_search.c: what `/` found, grouped by kind (customers, orders,
 * messages) under a heading each, in the queue's place.  The title says
 * how many rows match in all; each kind shows its best PER_KIND and
 * loads PER_KIND more as the selection moves past them.  The selected
 * hit's customer is shown in the panes below as the selection moves (n
 * and N step from hit to hit); Enter opens it: their open complaint when
 * they have one, else their orders and timeline.  Everything shown came
 * from customers, so it goes through the sanitising draw functions like
 * any other pane.
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
/* Never more per kind: the store ranks only the newest few hundred. */
#define MAX_PER_KIND 500

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
	char *query;
	int limit[SEARCH_NKINDS];       /* hits asked for, per kind */
	long long total[SEARCH_NKINDS]; /* rows that match, per kind */
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

/* "1,234" (English) or "1.234" (Turkish); "1,000+" when the store
 * stopped counting (more than SEARCH_COUNT_MAX), or when more says so. */
static void count_str_more(const struct ui *ui, long long n, int more,
			   char *buf, size_t sz)
{
	char digits[32];
	size_t len, i, k = 0;

	if (n > SEARCH_COUNT_MAX && !more) {
		n = SEARCH_COUNT_MAX;
		more = 1;
	}
	snprintf(digits, sizeof digits, "%lld", n < 0 ? 0 : n);
	len = strlen(digits);
	for (i = 0; i < len && k + 2 < sz; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[k++] = ui->turkish ? '.' : ',';
		buf[k++] = digits[i];
	}
	if (more && k + 1 < sz)
		buf[k++] = '+';
	buf[k] = '\0';
}

static void count_str(const struct ui *ui, long long n, char *buf, size_t sz)
{
	count_str_more(ui, n, 0, buf, sz);
}

/* The matches of every kind: the counted ones, "+" when a kind had more. */
static void total_found(const struct ui *ui, const struct search_state *s,
			char *buf, size_t sz)
{
	long long t = 0;
	int k, more = 0;

	for (k = 0; k < SEARCH_NKINDS; k++) {
		more |= s->total[k] > SEARCH_COUNT_MAX;
		t += s->total[k] > SEARCH_COUNT_MAX ? SEARCH_COUNT_MAX : s->total[k];
	}
	count_str_more(ui, t, more, buf, sz);
}

static void search_fini(struct pane *p)
{
	struct search_state *s = p->state;

	if (s != NULL) {
		search_clear(s);
		free(s->query);
	}
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
	char buf[160], all[32];
	enum search_kind k = row->kind;

	if (!row->heading) {
		draw_hit(ui, r, selected, &s->res.hits[row->hit]);
		return;
	}
	count_str(ui, s->total[k], all, sizeof all);
	if (s->total[k] > s->res.count[k])
		snprintf(buf, sizeof buf, _("%s: %s found, best %d shown"),
			 search_kind_name(k), all, s->res.count[k]);
	else
		snprintf(buf, sizeof buf, "%s (%s)", search_kind_name(k), all);
	ui_fill(ui, r->y, r->x, r->w, EL_HEADING);
	ui_put(ui, r->y, r->x + 1, buf, r->w - 1, EL_HEADING, 0);
}

static void search_draw(struct ui *ui, struct pane *p, int focused)
{
	struct search_state *s = p->state;
	struct rect body = p->rect;
	char title[400], all[32];

	total_found(ui, s, all, sizeof all);
	snprintf(title, sizeof title,
		 _("Search: %s (%s found; n next, Enter opens, q back)"),
		 s->query ? s->query : "", all);
	ui_title(ui, &p->rect, title, focused);
	body.y += 1;
	body.h -= 1;
	if (s->res.nhits == 0) {
		ui_put(ui, body.y, body.x + 2, _("Nothing found."),
		       body.w - 2, EL_DIM, 0);
		ui_put(ui, body.y + 1, body.x + 2,
		       _("Words match from their start; add * to a word for more."),
		       body.w - 2, EL_DIM, 0);
		return;
	}
	list_draw(ui, &s->list, &body, focused, draw_row, s);
}

/* Headings are not selectable: step over them in the direction moved,
 * or back the other way at either end. */
static void skip_heading(struct search_state *s, int dir)
{
	int i;

	for (i = s->list.sel; i >= 0 && i < s->nrows; i += dir)
		if (!s->rows[i].heading)
			break;
	if (i < 0 || i >= s->nrows)
		for (i = s->list.sel; i >= 0 && i < s->nrows; i -= dir)
			if (!s->rows[i].heading)
				break;
	if (i >= 0 && i < s->nrows)
		s->list.sel = i;
	if (s->list.top > s->list.sel)
		s->list.top = s->list.sel;
	/* Keep the heading of the first hit in view. */
	if (s->list.sel > 0 && s->list.top == s->list.sel &&
	    s->rows[s->list.sel - 1].heading)
		s->list.top--;
}

static int build_rows(struct search_state *s)
{
	int i, n = 0, k = -1;

	free(s->rows);
	s->rows = calloc((size_t)s->res.nhits + SEARCH_NKINDS, sizeof *s->rows);
	s->nrows = 0;
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
	list_set_total(&s->list, s->nrows);
	list_page_loaded(&s->list, 0, s->nrows);
	return 0;
}

/* The hits again, with the limits as they are now. */
static int fetch(struct ui *ui, struct search_state *s)
{
	struct search_results r;

	if (store_search_limits(ui->st, s->query, s->limit, &r) != STORE_OK) {
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return -1;
	}
	search_results_free(&s->res);
	s->res = r;
	if (build_rows(s) != 0) {
		ui_message(ui, 1, "%s", _("out of memory"));
		return -1;
	}
	return 0;
}

/* The row of the last hit of the selected row's kind. */
static int last_of_kind(const struct search_state *s, int row)
{
	enum search_kind k = s->rows[row].kind;

	while (row + 1 < s->nrows && !s->rows[row + 1].heading &&
	       s->rows[row + 1].kind == k)
		row++;
	return row;
}

/* Moving down past the hits of a kind that has more: load more of it,
 * the selection staying on its hit. */
static void page_in(struct ui *ui, struct search_state *s, int step)
{
	enum search_kind k;
	struct search_hit was;
	int i, before;

	if (s->nrows == 0 || s->rows[s->list.sel].heading)
		return;
	k = s->rows[s->list.sel].kind;
	if (s->list.sel + step <= last_of_kind(s, s->list.sel) ||
	    s->res.count[k] >= s->total[k] || !s->res.more[k] ||
	    s->limit[k] >= MAX_PER_KIND)
		return;
	was = s->res.hits[s->rows[s->list.sel].hit];
	before = s->res.count[k];
	s->limit[k] += PER_KIND;
	if (fetch(ui, s) != 0)
		return;
	for (i = 0; i < s->nrows; i++)
		if (!s->rows[i].heading &&
		    s->res.hits[s->rows[i].hit].kind == was.kind &&
		    s->res.hits[s->rows[i].hit].id == was.id)
			s->list.sel = i;
	/* The store had no more to rank: stop asking. */
	if (s->res.count[k] == before)
		s->limit[k] = MAX_PER_KIND;
}

static int search_key(struct ui *ui, struct pane *p, enum ui_action a,
		      struct effect *fx)
{
	struct search_state *s = p->state;
	const struct search_hit *h;
	int before = s->list.sel, dir;

	if (s->nrows == 0)
		return a == ACT_OPEN;
	if (a == ACT_OPEN) {
		if (s->rows[s->list.sel].heading)
			return 1;
		h = &s->res.hits[s->rows[s->list.sel].hit];
		fx->flags |= FX_OPEN;
		fx->customer_id = h->customer_id;
		fx->complaint_id = h->complaint_id;
		return 1;
	}
	if (a == ACT_NEXT_HIT || a == ACT_PREV_HIT) {
		/* One hit on, over a heading when there is one. */
		dir = a == ACT_NEXT_HIT ? 1 : -1;
		if (dir > 0)
			page_in(ui, s, 1);
		if (s->list.sel + dir >= 0 && s->list.sel + dir < s->nrows)
			s->list.sel += dir;
		list_set_lines(&s->list, s->list.height);
	} else {
		if (a == ACT_DOWN)
			page_in(ui, s, 1);
		else if (a == ACT_PAGE_DOWN)
			page_in(ui, s, s->list.height);
		if (!list_act(&s->list, a))
			return 0;
	}
	dir = a == ACT_HOME ? 1 : a == ACT_END ? -1
	      : s->list.sel >= before ? 1 : -1;
	skip_heading(s, dir);
	/* The customer panes below follow the hit. */
	h = &s->res.hits[s->rows[s->list.sel].hit];
	fx->flags |= FX_SHOW;
	fx->customer_id = h->customer_id;
	fx->complaint_id = h->complaint_id;
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

int pane_search_run(struct ui *ui, struct pane *p, const char *query)
{
	struct search_state *s = p->state;
	char *q = strdup(query);
	int k;

	if (q == NULL) {
		ui_message(ui, 1, "%s", _("out of memory"));
		return -1;
	}
	search_clear(s);
	free(s->query);
	s->query = q;
	for (k = 0; k < SEARCH_NKINDS; k++)
		s->limit[k] = PER_KIND;
	if (store_search_count(ui->st, query, s->total) != STORE_OK) {
		memset(s->total, 0, sizeof s->total);
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return -1;
	}
	list_reset(&s->list, 1);
	list_set_lines(&s->list, p->rect.h - 1);
	if (fetch(ui, s) != 0) {
		search_clear(s);
		return -1;
	}
	s->list.sel = 0;
	skip_heading(s, 1);
	s->list.top = 0;
	return 0;
}

int pane_search_selected(struct pane *p, long long *customer_id,
			 long long *complaint_id)
{
	struct search_state *s = p->state;
	const struct search_hit *h;

	if (s->nrows == 0 || s->rows[s->list.sel].heading)
		return 0;
	h = &s->res.hits[s->rows[s->list.sel].hit];
	*customer_id = h->customer_id;
	*complaint_id = h->complaint_id;
	return 1;
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
