/*
 * keymap.c: the one table of key bindings.
 *
 * Every key the console understands is a row here, with the help text the
 * `?` screen prints, so the help can never disagree with the keys.
 * The compose screen takes typed text before this table; only its
 * control keys (send, template, editor) are looked up here.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "temas/i18n.h"

#define CTRL(c) ((c) & 0x1f)

struct binding {
	int key;
	const char *name;       /* as shown in help */
	enum ui_action action;
	const char *help;       /* first binding of an action carries it */
};

static const struct binding keymap[] = {
	{ 'j', "j", ACT_DOWN, N_("move down") },
	{ KEY_DOWN, "Down", ACT_DOWN, NULL },
	{ 'k', "k", ACT_UP, N_("move up") },
	{ KEY_UP, "Up", ACT_UP, NULL },
	{ KEY_NPAGE, "PgDn", ACT_PAGE_DOWN, N_("page down") },
	{ CTRL('f'), "Ctrl-F", ACT_PAGE_DOWN, NULL },
	{ ' ', "Space", ACT_PAGE_DOWN, NULL },
	{ KEY_PPAGE, "PgUp", ACT_PAGE_UP, N_("page up") },
	{ CTRL('b'), "Ctrl-B", ACT_PAGE_UP, NULL },
	{ 'g', "g", ACT_HOME, N_("first row") },
	{ KEY_HOME, "Home", ACT_HOME, NULL },
	{ 'G', "G", ACT_END, N_("last row") },
	{ KEY_END, "End", ACT_END, NULL },
	{ '\n', "Enter", ACT_OPEN,
	  N_("open: order lines, channel thread, whole message") },
	{ '\r', NULL, ACT_OPEN, NULL },
	{ KEY_ENTER, NULL, ACT_OPEN, NULL },
	{ '\t', "Tab", ACT_NEXT_PANE, N_("next pane") },
	{ KEY_BTAB, "Shift-Tab", ACT_PREV_PANE, N_("previous pane") },
	{ 'f', "f", ACT_FILTER,
	  N_("queue filter: all, mine, unassigned, breached") },
	{ 'C', "C", ACT_CHANNEL, N_("queue channel: every channel, then each") },
	{ 'q', "q", ACT_BACK, N_("back; in the queue, quit; Esc in compose: close, keep the draft") },
	{ 27, "Esc", ACT_BACK, NULL },
	{ 'Q', "Q", ACT_QUIT, N_("quit") },
	{ '?', "?", ACT_HELP, N_("this help") },
	{ ':', ":", ACT_COMMAND,
	  N_("command line (Tab completes, Up recalls, Esc or Ctrl-C cancels)") },
	{ '/', "/", ACT_SEARCH,
	  N_("search customers, orders and messages; Enter opens") },
	{ KEY_F(1), "F1", ACT_HELP, NULL },
	{ CTRL('l'), "Ctrl-L", ACT_REDRAW, N_("redraw the screen") },
	{ 'c', "c", ACT_CLAIM, N_("claim the selected complaint") },
	{ 'R', "R", ACT_RELEASE, N_("release it back to the queue") },
	{ 'r', "r", ACT_REPLY, N_("reply to the customer on the complaint's channel") },
	{ 'n', "n", ACT_NOTE, N_("write an internal note") },
	{ 's', "s", ACT_STATUS, N_("change the status; resolving asks for a note") },
	{ CTRL('x'), "Ctrl-X", ACT_SEND, N_("compose: send") },
	{ KEY_F(2), "F2", ACT_SEND, NULL },
	{ CTRL('t'), "Ctrl-T", ACT_TEMPLATE,
	  N_("compose: insert a template for the channel") },
	{ CTRL('e'), "Ctrl-E", ACT_EDITOR, N_("compose: edit in $EDITOR") },
	{ 'S', "S", ACT_SUPERVISOR,
	  N_("supervisor view: queues, backlog, NPS, churn (supervisors)") },
	{ 'x', "x", ACT_MARK, N_("supervisor: mark a complaint to reassign") },
	{ 'a', "a", ACT_ASSIGN, N_("supervisor: reassign the marked complaints") },
	{ 'p', "p", ACT_PERIOD, N_("supervisor: period of 7, 30 or 90 days") },
};

#define NKEYS (sizeof keymap / sizeof keymap[0])

enum ui_action keymap_lookup(int key)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (keymap[i].key == key)
			return keymap[i].action;
	return ACT_NONE;
}

int keymap_help_line(int line, char *buf, size_t n)
{
	char keys[64];
	size_t i, j, len;
	int k = 0;

	for (i = 0; i < NKEYS; i++) {
		if (keymap[i].help == NULL)
			continue;
		if (k++ != line)
			continue;
		keys[0] = '\0';
		len = 0;
		for (j = 0; j < NKEYS; j++) {
			if (keymap[j].action != keymap[i].action ||
			    keymap[j].name == NULL)
				continue;
			len += (size_t)snprintf(keys + len, sizeof keys - len,
						"%s%s", len ? ", " : "",
						keymap[j].name);
			if (len >= sizeof keys)
				len = sizeof keys - 1;
		}
		snprintf(buf, n, "%-20s %s", keys, _(keymap[i].help));
		return 1;
	}
	return 0;
}
