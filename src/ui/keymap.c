/*
 * keymap.c: the one table of key bindings.
 *
 * Every key the console understands is a row here, with the help text the
 * `?` screen prints, so the help can never disagree with the keys.
 * The compose screen takes typed text before this table; only its
 * control keys (send, template, editor) are looked up here.
 *
 * The configuration's `bind KEY ACTION` lines lay a struct keymap over the
 * table; key and action names are parsed here too, next to the table they
 * name, so the help screen, the manual and the bindings agree.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* The stable words of the configuration; "none" unbinds a key. */
static const char *const action_names[ACT_COUNT] = {
	[ACT_NONE] = "none",
	[ACT_COMMAND] = "command",
	[ACT_SEARCH] = "search",
	[ACT_UP] = "up",
	[ACT_DOWN] = "down",
	[ACT_PAGE_UP] = "page-up",
	[ACT_PAGE_DOWN] = "page-down",
	[ACT_HOME] = "first",
	[ACT_END] = "last",
	[ACT_OPEN] = "open",
	[ACT_BACK] = "back",
	[ACT_QUIT] = "quit",
	[ACT_NEXT_PANE] = "next-pane",
	[ACT_PREV_PANE] = "previous-pane",
	[ACT_HELP] = "help",
	[ACT_FILTER] = "filter",
	[ACT_CHANNEL] = "channel",
	[ACT_REDRAW] = "redraw",
	[ACT_CLAIM] = "claim",
	[ACT_RELEASE] = "release",
	[ACT_REPLY] = "reply",
	[ACT_NOTE] = "note",
	[ACT_STATUS] = "status",
	[ACT_SEND] = "send",
	[ACT_TEMPLATE] = "template",
	[ACT_EDITOR] = "editor",
	[ACT_SUPERVISOR] = "supervisor",
	[ACT_MARK] = "mark",
	[ACT_ASSIGN] = "assign",
	[ACT_PERIOD] = "period",
};

/* Names of keys that are not one printable character; the first name of
 * a code is the one shown. */
static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Enter", '\n' }, { "Return", '\n' },
	{ "Tab", '\t' }, { "Shift-Tab", KEY_BTAB },
	{ "Space", ' ' }, { "Esc", 27 }, { "Escape", 27 },
	{ "Up", KEY_UP }, { "Down", KEY_DOWN },
	{ "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "PgUp", KEY_PPAGE }, { "PageUp", KEY_PPAGE },
	{ "PgDn", KEY_NPAGE }, { "PageDown", KEY_NPAGE },
	{ "Home", KEY_HOME }, { "End", KEY_END },
	{ "Insert", KEY_IC }, { "Delete", KEY_DC },
};

#define NKEY_NAMES (sizeof key_names / sizeof key_names[0])
#define FKEYS_MAX 24

/* Enter arrives as \n, \r or KEY_ENTER depending on the terminal; a
 * binding of Enter is a binding of all three. */
static int key_canonical(int key)
{
	return key == '\r' || key == KEY_ENTER ? '\n' : key;
}

int keymap_parse_key(const char *name, int *key)
{
	const char *p = NULL;
	size_t i;
	char *end;
	long f;

	if (name[0] != '\0' && name[1] == '\0' &&
	    (unsigned char)name[0] > ' ' && (unsigned char)name[0] < 0x7f) {
		*key = (unsigned char)name[0];
		return 0;
	}
	for (i = 0; i < NKEY_NAMES; i++) {
		if (strcasecmp(name, key_names[i].name) == 0) {
			*key = key_names[i].key;
			return 0;
		}
	}
	if (name[0] == '^')
		p = name + 1;
	else if (strncasecmp(name, "Ctrl-", 5) == 0)
		p = name + 5;
	else if (strncasecmp(name, "C-", 2) == 0)
		p = name + 2;
	if (p != NULL) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) ||
		    p[1] != '\0')
			return -1;
		*key = key_canonical(CTRL(*p));
		return 0;
	}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' &&
	    name[1] <= '9') {
		f = strtol(name + 1, &end, 10);
		if (*end != '\0' || f < 1 || f > FKEYS_MAX)
			return -1;
		*key = KEY_F((int)f);
		return 0;
	}
	return -1;
}

/* Keys that cbreak mode leaves to the terminal: they interrupt, suspend
 * or stop output and never reach the console. */
static int key_reserved(int key)
{
	return key == CTRL('c') || key == CTRL('z') || key == CTRL('s') ||
	       key == CTRL('q');
}

void keymap_key_name(int key, char *buf, size_t n)
{
	size_t i;

	key = key_canonical(key);
	for (i = 0; i < NKEY_NAMES; i++) {
		if (key_names[i].key == key) {
			snprintf(buf, n, "%s", key_names[i].name);
			return;
		}
	}
	if (key >= KEY_F(1) && key <= KEY_F(FKEYS_MAX))
		snprintf(buf, n, "F%d", key - KEY_F(0));
	else if (key >= 1 && key <= 26)
		snprintf(buf, n, "Ctrl-%c", 'A' + key - 1);
	else if (key > ' ' && key < 0x7f)
		snprintf(buf, n, "%c", key);
	else
		snprintf(buf, n, "#%d", key);
}

int keymap_parse_action(const char *name, enum ui_action *a)
{
	int i;

	for (i = 0; i < ACT_COUNT; i++) {
		if (action_names[i] && strcmp(name, action_names[i]) == 0) {
			*a = (enum ui_action)i;
			return 0;
		}
	}
	return -1;
}

const char *keymap_action_name(enum ui_action a)
{
	return (int)a >= 0 && a < ACT_COUNT ? action_names[a] : NULL;
}

/* "down, up, ..." in table order, for the message naming a bad action. */
static void action_list(char *buf, size_t n)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < ACT_COUNT && len < n; i++) {
		if (action_names[i] == NULL)
			continue;
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
					len ? ", " : "", action_names[i]);
	}
}

static void bind_error(const struct ui_binding *b, char *err, size_t errsz,
		       const char *why)
{
	snprintf(err, errsz, "%s:%ld: bind: %s", b->file ? b->file : "?",
		 b->line, why);
}

int keymap_init(struct keymap *km, const struct ui_binding *binds, size_t n,
		char *err, size_t errsz)
{
	char why[768], list[512], name[32];
	enum ui_action a;
	size_t i, j;
	int key;

	km->b = NULL;
	km->n = 0;
	if (n == 0)
		return 0;
	km->b = calloc(n, sizeof *km->b);
	if (km->b == NULL) {
		snprintf(err, errsz, "%s", _("out of memory"));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (keymap_parse_key(binds[i].key, &key) != 0) {
			snprintf(why, sizeof why,
				 _("unknown key '%.32s' (keys: a letter or sign, ^X or Ctrl-X, F1 to F24, Enter, Tab, Shift-Tab, Space, Esc, Up, Down, Left, Right, PgUp, PgDn, Home, End, Insert, Delete)"),
				 binds[i].key);
			goto fail;
		}
		if (key_reserved(key)) {
			keymap_key_name(key, name, sizeof name);
			snprintf(why, sizeof why,
				 _("%s cannot be bound: the terminal keeps it"),
				 name);
			goto fail;
		}
		if (keymap_parse_action(binds[i].action, &a) != 0) {
			action_list(list, sizeof list);
			snprintf(why, sizeof why,
				 _("unknown action '%.32s' (actions: %s)"),
				 binds[i].action, list);
			goto fail;
		}
		/* Two names of one key ("^F", "Ctrl-F"): the later wins. */
		for (j = 0; j < km->n; j++)
			if (km->b[j].key == key)
				break;
		km->b[j].key = key;
		km->b[j].action = a;
		if (j == km->n)
			km->n++;
	}
	return 0;
fail:
	bind_error(&binds[i], err, errsz, why);
	keymap_free(km);
	return -1;
}

void keymap_free(struct keymap *km)
{
	free(km->b);
	km->b = NULL;
	km->n = 0;
}

enum ui_action keymap_lookup(const struct keymap *km, int key)
{
	size_t i;
	int k = key_canonical(key);

	for (i = 0; km != NULL && i < km->n; i++)
		if (km->b[i].key == k)
			return km->b[i].action;
	for (i = 0; i < NKEYS; i++)
		if (keymap[i].key == key)
			return keymap[i].action;
	return ACT_NONE;
}

/* Is the key a named row of the table (shown there, not again)? */
static int key_in_table(int key)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (keymap[i].key == key && keymap[i].name != NULL)
			return 1;
	return 0;
}

static void append_key(char *keys, size_t n, size_t *len, const char *name)
{
	if (*len >= n - 1)
		return;
	*len += (size_t)snprintf(keys + *len, n - *len, "%s%s",
				 *len ? ", " : "", name);
	if (*len >= n)
		*len = n - 1;
}

int keymap_help_line(const struct keymap *km, int line, char *buf, size_t n)
{
	char keys[96], name[32];
	size_t i, j, len;
	int k = 0;

	for (i = 0; i < NKEYS; i++) {
		if (keymap[i].help == NULL)
			continue;
		if (k++ != line)
			continue;
		keys[0] = '\0';
		len = 0;
		/* The effective keys: the table's, unless rebound away, then
		 * the configuration's new ones. */
		for (j = 0; j < NKEYS; j++) {
			if (keymap[j].name == NULL ||
			    keymap_lookup(km, keymap[j].key) != keymap[i].action)
				continue;
			append_key(keys, sizeof keys, &len, keymap[j].name);
		}
		for (j = 0; km != NULL && j < km->n; j++) {
			if (km->b[j].action != keymap[i].action ||
			    key_in_table(km->b[j].key))
				continue;
			keymap_key_name(km->b[j].key, name, sizeof name);
			append_key(keys, sizeof keys, &len, name);
		}
		snprintf(buf, n, "%-20s %s", keys, _(keymap[i].help));
		return 1;
	}
	return 0;
}

int ui_check_bindings(const struct ui_binding *binds, size_t n, char *err,
		      size_t errsz)
{
	struct keymap km;

	if (keymap_init(&km, binds, n, err, errsz) != 0)
		return -1;
	keymap_free(&km);
	return 0;
}
