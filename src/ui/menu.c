/*
 * menu.c: a list of choices drawn over the bottom of the screen, one a
 * line, so that it fits 80 columns in any language (the state a complaint
 * moves to, a saved view, a period).  Each choice is a command line:
 * picking it runs that line like any key.  More choices than lines: the
 * list scrolls with the selection and says how many are above and below.
 *
 * While it is open the menu takes every key: a key that is not its own
 * does nothing, never acts on the screen behind it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/i18n.h"
#include "temas/text.h"

void menu_begin(struct menu *m)
{
	m->open = 0;
	m->title[0] = '\0';
	m->n = m->sel = m->top = 0;
}

struct menu_item *menu_add(struct menu *m, int key)
{
	struct menu_item *it;

	if (m->n == m->cap) {
		int cap = m->cap ? m->cap * 2 : 16;

		it = realloc(m->item, sizeof *it * (size_t)cap);
		if (it == NULL)
			return NULL;
		m->item = it;
		m->cap = cap;
	}
	it = &m->item[m->n++];
	memset(it, 0, sizeof *it);
	it->key = key;
	return it;
}

void menu_free(struct menu *m)
{
	free(m->item);
	m->item = NULL;
	m->n = m->cap = 0;
	m->open = 0;
}

/* The lines of choices on a screen of that many lines. */
static int menu_rows(const struct menu *m, int lines)
{
	int h = m->n + 2;

	if (h > lines - 2)
		h = lines - 2;
	return h - 2 > 1 ? h - 2 : 1;
}

const char *menu_key(struct menu *m, int ch, int lines)
{
	int page = menu_rows(m, lines) > 1 ? menu_rows(m, lines) - 1 : 1, i;

	switch (ch) {
	case 27:
	case 'q':
		m->open = 0;
		return NULL;
	case KEY_UP:
	case 'k':
		if (m->sel > 0)
			m->sel--;
		return NULL;
	case KEY_DOWN:
	case 'j':
		if (m->sel + 1 < m->n)
			m->sel++;
		return NULL;
	case KEY_HOME:
	case 'g':
		m->sel = 0;
		return NULL;
	case KEY_END:
	case 'G':
		m->sel = m->n > 0 ? m->n - 1 : 0;
		return NULL;
	case KEY_PPAGE:
		m->sel = m->sel > page ? m->sel - page : 0;
		return NULL;
	case KEY_NPAGE:
		m->sel = m->sel + page < m->n ? m->sel + page
					      : (m->n > 0 ? m->n - 1 : 0);
		return NULL;
	case '\n':
	case '\r':
	case KEY_ENTER:
		m->open = 0;
		return m->n > 0 ? m->item[m->sel].line : NULL;
	default:
		break;
	}
	for (i = 0; ch > 0 && i < m->n; i++) {
		if (m->item[i].key == ch) {
			m->open = 0;
			return m->item[i].line;
		}
	}
	return NULL;
}

/* The bottom lines of the screen, across its whole width: the title, a
 * choice a line, how to pick. */
void menu_draw(struct ui *ui, struct menu *m)
{
	char line[160], above[64] = "", below[64] = "";
	const char *foot = _("Enter or the letter picks, Esc cancels");
	int w = ui->cols, rows = menu_rows(m, ui->lines), h = rows + 2, y, i;
	int hidden, right;

	if (m->sel < m->top)
		m->top = m->sel;
	if (m->sel >= m->top + rows)
		m->top = m->sel - rows + 1;
	if (m->top > m->n - rows)
		m->top = m->n - rows;
	if (m->top < 0)
		m->top = 0;
	if (m->top > 0)
		snprintf(above, sizeof above, P_("%d more above", "%d more above",
						 m->top), m->top);
	hidden = m->n - m->top - rows;
	if (hidden > 0)
		snprintf(below, sizeof below, P_("%d more below", "%d more below",
						 hidden), hidden);
	y = ui->lines - 1 - h;
	ui_fill(ui, y, 0, w, EL_BAR);
	right = above[0] ? text_width(above) + 2 : 0;
	ui_put(ui, y, 1, m->title, w - 2 - right, EL_BAR, 0);
	if (above[0])
		ui_put_right(ui, y, w - right, above, right - 1, EL_BAR);
	for (i = 0; m->top + i < m->n && i < rows; i++) {
		const struct menu_item *it = &m->item[m->top + i];
		enum ui_elem el = m->top + i == m->sel ? EL_SELECTED : EL_NORMAL;

		ui_fill(ui, y + 1 + i, 0, w, el);
		snprintf(line, sizeof line, "%c  %s", it->key ? it->key : ' ',
			 it->label);
		ui_put(ui, y + 1 + i, 2, line, w - 3, el, 0);
	}
	ui_fill(ui, y + h - 1, 0, w, EL_DIM);
	right = below[0] ? text_width(below) + 2 : 0;
	ui_put(ui, y + h - 1, 1, foot, w - 2 - right, EL_DIM, 0);
	if (below[0])
		ui_put_right(ui, y + h - 1, w - right, below, right - 1, EL_DIM);
	move(y + 1 + m->sel - m->top, 2);
}
