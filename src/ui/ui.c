/*
 * ui.c: the console's entry point.  (Grows into the main loop.)
 */
#include "config.h"

#include <curses.h>
#include <locale.h>

#include "temas/i18n.h"
#include "temas/ui.h"

int ui_run(struct store *st, const struct ui_options *opt)
{
	(void)st;
	initscr();
	cbreak();
	noecho();
	mvprintw(0, 0, "temas: %s", opt->login);
	mvprintw(2, 0, "%s", _("Press q to quit."));
	refresh();
	while (getch() != 'q')
		;
	endwin();
	return 0;
}
