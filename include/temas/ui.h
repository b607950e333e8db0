/*
 * ui.h: the interactive console.  Everything curses lives behind this.
 */
#ifndef TEMAS_UI_H
#define TEMAS_UI_H

struct store;

struct ui_options {
	const char *login;      /* Unix login of the agent */
	const char *theme;      /* theme name or path, NULL for default */
};

/* Run the console until the user quits; returns an exit status. */
int ui_run(struct store *st, const struct ui_options *opt);

#endif
