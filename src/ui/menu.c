/*
 * menu.c: a small list of choices drawn over the bottom of the screen,
 * one a line, so that it fits 80 columns in any language however many
 * choices there are (the status a complaint moves to).  Each choice is a
 * command line: picking it runs that line like any key.
 */
#include "config.h"

#include <string.h>

#include "internal.h"
#include "temas/i18n.h"

const char *menu_key(struct menu *m, int ch)
{
	int i;

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
	case '\n':
	case '\r':
	case KEY_ENTER:
		m->open = 0;
		return m->n > 0 ? m->item[m->sel].line : NULL;
	default:
		break;
	}
	for (i = 0; i < m->n; i++) {
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
	char line[160];
	const char *foot = _("Enter or the letter picks, Esc cancels");
	int w = ui->cols, h = m->n + 2, y, i;

	if (h > ui->lines - 2)
		h = ui->lines - 2;
	y = ui->lines - 1 - h;
	ui_fill(ui, y, 0, w, EL_BAR);
	ui_put(ui, y, 1, m->title, w - 2, EL_BAR, 0);
	for (i = 0; i < m->n && i < h - 2; i++) {
		enum ui_elem el = i == m->sel ? EL_SELECTED : EL_NORMAL;

		ui_fill(ui, y + 1 + i, 0, w, el);
		snprintf(line, sizeof line, "%c  %s", m->item[i].key,
			 m->item[i].label);
		ui_put(ui, y + 1 + i, 2, line, w - 3, el, 0);
	}
	ui_fill(ui, y + h - 1, 0, w, EL_DIM);
	ui_put(ui, y + h - 1, 1, foot, w - 2, EL_DIM, 0);
	move(y + 1 + m->sel, 2);
}
