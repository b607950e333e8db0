/*
 * layout.c: where each pane goes for the terminal's size.
 *
 * At 80x24 the queue is on top and the customer header stays below it,
 * with tabs for the orders, the timeline and the channels.  From 120x30
 * the queue takes the left side and the right side shows the customer
 * header, the orders and, under tabs, the timeline or the channels, so
 * the order history is on screen the whole time.  Below 80x24 nothing but
 * a request for a bigger terminal is drawn.
 *
 * Composing keeps that promise: at 80x24 the text area takes the queue's
 * place under the customer header and the newest orders; side by side it
 * takes the queue's side and the right side stays as it was.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/i18n.h"
#include "temas/store.h"
#include "temas/text.h"

#define WIDE_COLS 120
#define WIDE_LINES 30
#define RIGHT_MIN 56

static struct rect mk(int y, int x, int h, int w)
{
	struct rect r = { y, x, h > 0 ? h : 0, w > 0 ? w : 0 };

	return r;
}

void layout_apply(struct ui *ui)
{
	struct pane *q = &ui->panes[PANE_QUEUE], *c = &ui->panes[PANE_CUSTOMER];
	struct pane *o = &ui->panes[PANE_ORDERS], *t = &ui->panes[PANE_TIMELINE];
	struct pane *ch = &ui->panes[PANE_CHANNELS];
	struct pane *cm = &ui->panes[PANE_COMPOSE];
	int composing = ui->focus == PANE_COMPOSE;
	int lines = LINES, cols = COLS, body, qh, right, left, oh, i;
	struct rect lower;

	ui->lines = lines;
	ui->cols = cols;
	ui->too_small = cols < UI_MIN_COLS || lines < UI_MIN_LINES;
	for (i = 0; i < PANE_COUNT; i++)
		ui->panes[i].visible = 0;
	if (ui->too_small)
		return;
	ui->wide = cols >= WIDE_COLS && lines >= WIDE_LINES;
	/* The focused pane decides the tab, so focus is never hidden. */
	if (ui->focus == PANE_TIMELINE)
		ui->tab = TAB_TIMELINE;
	else if (ui->focus == PANE_CHANNELS)
		ui->tab = TAB_CHANNELS;
	else if ((ui->focus == PANE_ORDERS || composing) && !ui->wide)
		ui->tab = TAB_ORDERS;
	ui->r_bar = mk(0, 0, 1, cols);
	ui->r_status = mk(lines - 1, 0, 1, cols);
	body = lines - 2;
	if (!ui->wide) {
		qh = body * 5 / 12;
		q->rect = mk(1, 0, qh, cols);
		ui->r_tabs = mk(1 + qh, 0, 1, cols);
		c->rect = mk(2 + qh, 0, 3, cols);
		lower = mk(5 + qh, 0, body - qh - 4, cols);
		ui->sep_x = -1;
		o->rect = t->rect = ch->rect = lower;
		o->visible = ui->tab == TAB_ORDERS;
		if (composing) {
			/* Header, tab bar, five newest orders, then the text. */
			c->rect = mk(1, 0, 3, cols);
			ui->r_tabs = mk(4, 0, 1, cols);
			o->rect = mk(5, 0, 6, cols);
			cm->rect = mk(11, 0, body - 10, cols);
		}
	} else {
		right = cols * 9 / 20;
		if (right < RIGHT_MIN)
			right = RIGHT_MIN;
		left = cols - right - 1;
		q->rect = mk(1, 0, body, left);
		ui->sep_x = left;
		/* Four header lines: the figures do not fit one line here. */
		c->rect = mk(1, left + 1, 4, right);
		oh = (body - 4) * 2 / 5;
		o->rect = mk(5, left + 1, oh, right);
		ui->r_tabs = mk(5 + oh, left + 1, 1, right);
		lower = mk(6 + oh, left + 1, body - 5 - oh, right);
		t->rect = ch->rect = lower;
		o->visible = 1;
		cm->rect = q->rect;
	}
	q->visible = !composing;
	cm->visible = composing;
	c->visible = 1;
	/* Side by side, the orders tab leaves the timeline below them. */
	t->visible = ui->tab == TAB_TIMELINE ||
		     (ui->wide && ui->tab == TAB_ORDERS);
	ch->visible = ui->tab == TAB_CHANNELS;
	/* Search results take the queue's place until q. */
	ui->panes[PANE_SEARCH].visible = ui->focus == PANE_SEARCH;
	if (ui->focus == PANE_SEARCH) {
		ui->panes[PANE_SEARCH].rect = q->rect;
		q->visible = 0;
	}
	for (i = 0; i < PANE_COUNT; i++)
		if (ui->panes[i].ops->layout)
			ui->panes[i].ops->layout(ui, &ui->panes[i]);
}

static void draw_tabs(struct ui *ui)
{
	static const char *const names[TAB_COUNT] = {
		N_("Customer+Orders"), N_("Timeline"), N_("Channels")
	};
	const struct rect *r = &ui->r_tabs;
	char label[64];
	int i, x = r->x + 1, end = r->x + r->w;

	ui_fill(ui, r->y, r->x, r->w, EL_TAB);
	for (i = ui->wide ? TAB_TIMELINE : 0; i < TAB_COUNT; i++) {
		int active = i == ui->tab ||
			     (ui->wide && i == TAB_TIMELINE && ui->tab == TAB_ORDERS);

		snprintf(label, sizeof label, active ? "[%s]" : " %s ", _(names[i]));
		x += ui_put(ui, r->y, x, label, end - x,
			    active ? EL_TAB_ACTIVE : EL_TAB, 0) + 1;
	}
	if (end - x > 24)
		ui_put_right(ui, r->y, end - 22, _("Tab: next pane"), 21, EL_DIM);
}

void layout_draw_frame(struct ui *ui, int with_tabs)
{
	char buf[300], when[TEXT_DATE_MAX];
	int y;

	ui_fill(ui, ui->r_bar.y, 0, ui->cols, EL_BAR);
	snprintf(buf, sizeof buf, _("temas | %s (%s)"), ui->me.name, ui->me.login);
	ui_put(ui, 0, 1, buf, ui->cols - 20, EL_BAR, 0);
	ui_time(ui, store_now(ui->st), when, sizeof when);
	ui_put_right(ui, 0, ui->cols - 18, when, 17, EL_BAR);
	if (with_tabs) {
		draw_tabs(ui);
		if (ui->sep_x >= 0)
			for (y = 1; y < ui->lines - 1; y++)
				mvaddch(y, ui->sep_x, ACS_VLINE);
	}
	layout_draw_status(ui);
}

/* Rows a long message may take, the status line's included. */
#define MESSAGE_ROWS 4

void layout_draw_long_message(struct ui *ui)
{
	struct text_line lines[MESSAGE_ROWS];
	int cols = ui->cols - 2, n, rows, i, y;

	if (ui->message[0] == '\0' || cols < 1 ||
	    text_width(ui->message) <= cols)
		return;
	n = text_wrap(ui->message, cols, lines, MESSAGE_ROWS);
	rows = n < MESSAGE_ROWS ? n : MESSAGE_ROWS;
	/* Never over the top bar. */
	if (rows > ui->r_status.y)
		rows = ui->r_status.y;
	for (i = 0; i < rows; i++) {
		char *line = strndup(ui->message + lines[i].off, lines[i].len);
		int last = i == rows - 1 && n > rows;

		y = ui->r_status.y - rows + 1 + i;
		ui_fill(ui, y, 0, ui->cols, ui->message_error ? EL_ERROR : EL_BAR);
		if (line == NULL)
			continue;
		/* A message longer still keeps its last row's room for the
		 * mark that says so. */
		ui_put(ui, y, 1, line, last ? cols - 1 : cols,
		       ui->message_error ? EL_ERROR : EL_BAR, 0);
		if (last)
			ui_put(ui, y, cols, "…", 1,
			       ui->message_error ? EL_ERROR : EL_BAR, 0);
		free(line);
	}
}

void layout_draw_status(struct ui *ui)
{
	char buf[300];

	ui_fill(ui, ui->r_status.y, 0, ui->cols, EL_BAR);
	/* A message wider than its place takes the hint's too, rather than
	 * lose its end. */
	if (ui->message[0] && text_width(ui->message) > ui->cols - 20) {
		ui_put(ui, ui->r_status.y, 1, ui->message, ui->cols - 2,
		       ui->message_error ? EL_ERROR : EL_BAR, 0);
		return;
	}
	if (ui->message[0]) {
		ui_put(ui, ui->r_status.y, 1, ui->message, ui->cols - 20,
		       ui->message_error ? EL_ERROR : EL_BAR, 0);
	} else {
		pane_queue_status(&ui->panes[PANE_QUEUE], buf, sizeof buf);
		ui_put(ui, ui->r_status.y, 1, buf, ui->cols - 20, EL_BAR, 0);
	}
	ui_put_right(ui, ui->r_status.y, ui->cols - 18, _("? help  q quit"), 17,
		     EL_BAR);
}
