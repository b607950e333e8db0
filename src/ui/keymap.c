/*
 * keymap.c: keys are data: each key names a command line.
 *
 * The built-in keys are rows here; each runs a line of the command table
 * (commands.c), as a key of tmux or tig does, so a key and the `:`
 * command it stands for cannot differ, and the `?` screen prints the
 * keys next to the commands they run.  The configuration's
 * `bind KEY COMMAND...` lines lay a struct keymap over the table; key
 * names are parsed here, next to the table they name.
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
	const char *name;       /* as shown in help; NULL: another code of
				 * a key named already (Enter) */
	const char *line;       /* the command line it runs */
	int pane;               /* only there (enum pane_id), as tig's
				 * keymaps per view; 0: everywhere */
};

/* A pane's own keys come before the others; 0 is "everywhere", so the
 * rows keep the pane id plus one. */
#define IN(pane) ((pane) + 1)
#define ANY 0

static const struct binding keymap[] = {
	{ 'j', "j", "down", ANY },
	{ KEY_DOWN, "Down", "down", ANY },
	{ 'k', "k", "up", ANY },
	{ KEY_UP, "Up", "up", ANY },
	{ KEY_NPAGE, "PgDn", "page-down", ANY },
	{ CTRL('f'), "Ctrl-F", "page-down", ANY },
	{ ' ', "Space", "page-down", ANY },
	{ KEY_PPAGE, "PgUp", "page-up", ANY },
	{ CTRL('b'), "Ctrl-B", "page-up", ANY },
	{ 'g', "g", "first", ANY },
	{ KEY_HOME, "Home", "first", ANY },
	{ 'G', "G", "last", ANY },
	{ KEY_END, "End", "last", ANY },
	{ '\n', "Enter", "open", ANY },
	{ '\r', NULL, "open", ANY },
	{ KEY_ENTER, NULL, "open", ANY },
	{ '\t', "Tab", "next-pane", ANY },
	{ KEY_BTAB, "Shift-Tab", "previous-pane", ANY },
	{ 'f', "f", "filter", ANY },
	{ 'C', "C", "channel", ANY },
	{ 'v', "v", "view", ANY },
	{ 'q', "q", "back", ANY },
	{ 27, "Esc", "cancel", ANY },
	{ 'Q', "Q", "quit", ANY },
	{ '?', "?", "help", ANY },
	{ KEY_F(1), "F1", "help", ANY },
	{ ':', ":", "command", ANY },
	{ '/', "/", "search", ANY },
	{ CTRL('l'), "Ctrl-L", "redraw", ANY },
	{ 'c', "c", "claim", ANY },
	{ 'R', "R", "release", ANY },
	{ 'r', "r", "reply", ANY },
	{ 'n', "n", "note", ANY },
	{ 's', "s", "status", ANY },
	{ 'z', "z", "snooze", ANY },
	{ 'm', "m", "macro", ANY },
	{ CTRL('x'), "Ctrl-X", "send", ANY },
	{ KEY_F(2), "F2", "send", ANY },
	{ CTRL('t'), "Ctrl-T", "template", ANY },
	{ CTRL('e'), "Ctrl-E", "editor", ANY },
	/* In compose, where ':' is text: the command line, ready to attach. */
	{ CTRL('o'), "Ctrl-O", "command attach", IN(PANE_COMPOSE) },
	{ 'S', "S", "supervisor", ANY },
	{ 'x', "x", "mark", ANY },
	/* neomutt's tag-and-apply: t marks, ; makes the next key act on
	 * every marked complaint. */
	{ 't', "t", "mark", ANY },
	{ 'T', "T", "mark-all", ANY },
	{ 'u', "u", "unmark", ANY },
	{ ';', ";", "marked", ANY },
	{ 'a', "a", "assign", ANY },
	{ 'p', "p", "period", ANY },
	/* In search results, as in less and vi: the next and previous hit. */
	{ 'n', "n", "next-hit", IN(PANE_SEARCH) },
	{ 'N', "N", "previous-hit", IN(PANE_SEARCH) },
};

#define NKEYS (sizeof keymap / sizeof keymap[0])

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

const char *keymap_builtin_line(int i)
{
	size_t k, j;
	int seen = 0;

	for (k = 0; k < NKEYS; k++) {
		for (j = 0; j < k; j++)
			if (strcmp(keymap[j].line, keymap[k].line) == 0)
				break;
		if (j < k)
			continue;
		if (seen++ == i)
			return keymap[k].line;
	}
	return NULL;
}

static void bind_error(const struct ui_binding *b, char *err, size_t errsz,
		       const char *why)
{
	snprintf(err, errsz, "%s:%ld: bind: %s", b->file ? b->file : "?",
		 b->line, why);
}

int keymap_init(struct keymap *km, const struct ui_binding *binds, size_t n,
		keymap_check_fn check, char *err, size_t errsz)
{
	char why[768], name[32], *line;
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
		line = NULL;
		if (strcmp(binds[i].action, "none") != 0) {
			if (check != NULL &&
			    check(binds[i].action, why, sizeof why) != 0)
				goto fail;
			line = strdup(binds[i].action);
			if (line == NULL) {
				snprintf(why, sizeof why, "%s", _("out of memory"));
				goto fail;
			}
		}
		/* Two names of one key ("^F", "Ctrl-F"): the later wins. */
		for (j = 0; j < km->n; j++)
			if (km->b[j].key == key)
				break;
		if (j < km->n)
			free(km->b[j].line);
		km->b[j].key = key;
		km->b[j].line = line;
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
	size_t i;

	for (i = 0; i < km->n; i++)
		free(km->b[i].line);
	free(km->b);
	km->b = NULL;
	km->n = 0;
}

const char *keymap_lookup(const struct keymap *km, int key, int pane)
{
	size_t i;
	int k = key_canonical(key);

	for (i = 0; km != NULL && i < km->n; i++)
		if (km->b[i].key == k)
			return km->b[i].line;
	for (i = 0; i < NKEYS; i++)
		if (keymap[i].key == key && keymap[i].pane != 0 &&
		    keymap[i].pane == IN(pane))
			return keymap[i].line;
	for (i = 0; i < NKEYS; i++)
		if (keymap[i].key == key && keymap[i].pane == 0)
			return keymap[i].line;
	return NULL;
}

/* Is the key a named row of the table (shown there, not again)? */
static int key_in_table(int key)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (keymap[i].key == key && keymap[i].name != NULL &&
		    keymap[i].pane == 0)
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

/*
 * 1 when a key running bound leads to the command line line: bound is
 * line, or opens the command line holding it ("command attach", Ctrl-O
 * in compose, is a key of :attach).
 */
static int leads_to(const char *bound, const char *line)
{
	static const char cmd[] = "command ";
	size_t n = strlen(line);

	if (strcmp(bound, line) == 0)
		return 1;
	if (strncmp(bound, cmd, sizeof cmd - 1) != 0)
		return 0;
	bound += sizeof cmd - 1;
	while (*bound == ' ')
		bound++;
	return strncmp(bound, line, n) == 0 &&
	       (bound[n] == '\0' || bound[n] == ' ');
}

void keymap_keys_for(const struct keymap *km, const char *line, char *buf,
		     size_t n)
{
	const char *l;
	char name[32];
	size_t j, len = 0;

	buf[0] = '\0';
	/* The table's keys, unless rebound away, then the configuration's
	 * new ones. */
	for (j = 0; j < NKEYS; j++) {
		l = keymap_lookup(km, keymap[j].key, keymap[j].pane - 1);
		if (keymap[j].name == NULL || l == NULL || !leads_to(l, line))
			continue;
		append_key(buf, n, &len, keymap[j].name);
	}
	for (j = 0; km != NULL && j < km->n; j++) {
		if (km->b[j].line == NULL || !leads_to(km->b[j].line, line) ||
		    key_in_table(km->b[j].key))
			continue;
		keymap_key_name(km->b[j].key, name, sizeof name);
		append_key(buf, n, &len, name);
	}
}
