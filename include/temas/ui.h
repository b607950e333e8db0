/*
 * ui.h: the interactive console.  Everything curses lives behind this.
 */
#ifndef TEMAS_UI_H
#define TEMAS_UI_H

#include <stddef.h>

struct deliver_conf;
struct store;

/* A `bind KEY COMMAND` line of the configuration, as written. */
struct ui_binding {
	const char *key;        /* "J", "^F", "Ctrl-F", "F5", "PgDn", ... */
	const char *action;     /* a command line: "down", "filter mine" */
	const char *file;       /* where it was read, for messages */
	long line;
};

struct ui_options {
	const char *login;      /* Unix login of the agent */
	const char *theme;      /* theme name or path, NULL for default */
	/* strftime format for dates on screen; NULL for the locale's */
	const char *date_format;
	/* Bindings over the built-in keys, a later one winning. */
	const struct ui_binding *binds;
	size_t nbinds;
	/* How replies go out by e-mail, right after they are committed. */
	const struct deliver_conf *deliver;
	/* The largest file compose attaches, in bytes (0: 10 MB). */
	long long attachment_max;
	/* The configuration, for work the console shares with the commands
	 * (filing a released e-mail); may be NULL. */
	const struct config *cfg;
};

/*
 * Check that every binding names a key and an action the console knows;
 * -1 with "FILE:LINE: bind: problem" in err on the first that does not.
 */
int ui_check_bindings(const struct ui_binding *binds, size_t n, char *err,
		      size_t errsz);

/* Run the console until the user quits; returns an exit status. */
int ui_run(struct store *st, const struct ui_options *opt);

#endif
