/*
 * list.c: a scrolled list with a selected row, knowing nothing of what
 * the rows are.
 *
 * The pane that owns a list holds only the page of rows on screen; the
 * list says which page that is (list_page_needed), so scrolling through
 * twenty thousand complaints reads twenty rows at a time.  Rows may take
 * more than one screen line (row_lines), as timeline entries do.
 */
#include "config.h"

#include "internal.h"

void list_reset(struct list *l, int row_lines)
{
	int height = l->height;

	l->total = 0;
	l->sel = 0;
	l->top = 0;
	l->row_lines = row_lines > 0 ? row_lines : 1;
	l->height = height;
	l->page_off = 0;
	l->page_n = 0;
	l->page_valid = 0;
}

static void clamp(struct list *l)
{
	if (l->sel >= l->total)
		l->sel = l->total - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (l->height < 1) {
		l->top = l->sel;
		return;
	}
	if (l->top > l->sel)
		l->top = l->sel;
	if (l->sel >= l->top + l->height)
		l->top = l->sel - l->height + 1;
	/* No empty space below the last row while rows above are hidden. */
	if (l->top > l->total - l->height)
		l->top = l->total - l->height;
	if (l->top < 0)
		l->top = 0;
}

void list_set_total(struct list *l, int total)
{
	l->total = total > 0 ? total : 0;
	clamp(l);
}

void list_set_lines(struct list *l, int lines)
{
	int h = lines / (l->row_lines > 0 ? l->row_lines : 1);

	l->height = h > 0 ? h : 0;
	clamp(l);
}

int list_act(struct list *l, enum ui_action a)
{
	int page = l->height > 1 ? l->height - 1 : 1;

	switch (a) {
	case ACT_UP:
		l->sel--;
		break;
	case ACT_DOWN:
		l->sel++;
		break;
	case ACT_PAGE_UP:
		l->sel -= page;
		l->top -= page;
		break;
	case ACT_PAGE_DOWN:
		l->sel += page;
		l->top += page;
		if (l->top > l->total - l->height)
			l->top = l->total - l->height;
		break;
	case ACT_HOME:
		l->sel = 0;
		break;
	case ACT_END:
		l->sel = l->total - 1;
		break;
	default:
		return 0;
	}
	if (l->top < 0)
		l->top = 0;
	clamp(l);
	return 1;
}

int list_page_needed(const struct list *l, int *off, int *limit)
{
	int want_n = l->total - l->top;

	if (want_n > l->height)
		want_n = l->height;
	if (want_n < 0)
		want_n = 0;
	*off = l->top;
	*limit = want_n;
	if (!l->page_valid)
		return 1;
	return l->top < l->page_off ||
	       l->top + want_n > l->page_off + l->page_n;
}

void list_page_loaded(struct list *l, int off, int n)
{
	l->page_off = off;
	l->page_n = n;
	l->page_valid = 1;
}

void list_draw(struct ui *ui, const struct list *l, const struct rect *r,
	       int focused, list_row_fn fn, void *ctx)
{
	struct rect row;
	int i, y;

	for (i = 0; i < l->height; i++) {
		int idx = l->top + i;

		y = r->y + i * l->row_lines;
		if (y + l->row_lines > r->y + r->h)
			break;
		if (idx >= l->total || idx < l->page_off ||
		    idx >= l->page_off + l->page_n)
			continue;
		row.y = y;
		row.x = r->x;
		row.h = l->row_lines;
		row.w = r->w;
		fn(ui, ctx, idx, &row, idx == l->sel ? (focused ? 2 : 1) : 0);
	}
}

int list_cursor_y(const struct list *l, const struct rect *r)
{
	if (l->total == 0)
		return r->y;
	return r->y + (l->sel - l->top) * l->row_lines;
}
