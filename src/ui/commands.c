/*
 * commands.c: the one table of `:` commands.
 *
 * Each row says the command's name, its arguments as help shows them,
 * what each argument completes from, the help line and the function that
 * runs it.  The `?` screen, Tab completion and the "did you mean" of a
 * mistyped name are all read from this table, so they cannot disagree.
 * A command that fails says so on the status line, naming the bad word
 * and the words that would have been understood.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/cmdline.h"
#include "temas/complaint.h"
#include "temas/customer.h"
#include "temas/i18n.h"
#include "temas/queue.h"
#include "temas/search.h"
#include "temas/store.h"
#include "temas/text.h"

_Static_assert(COMPLETE_LEN == SEARCH_COMPLETION_LEN,
	       "completion rows are the store's");

#define MAX_AGENTS 256
#define MAX_CHANNELS 32
#define MAX_THEMES 32
#define CUSTOMER_HITS 20

enum arg_kind {
	ARG_NONE = 0, ARG_AGENT, ARG_STATUS, ARG_FILTER, ARG_CUSTOMER,
	ARG_ORDER, ARG_THEME, ARG_TEXT
};

struct command {
	const char *name;
	const char *args;             /* as help shows them */
	enum arg_kind arg[2];         /* what the first two arguments complete */
	const char *help;
	void (*run)(struct ui *ui, const char *args);
};

static void cmd_assign(struct ui *ui, const char *args);
static void cmd_claim(struct ui *ui, const char *args);
static void cmd_customer(struct ui *ui, const char *args);
static void cmd_filter(struct ui *ui, const char *args);
static void cmd_help(struct ui *ui, const char *args);
static void cmd_order(struct ui *ui, const char *args);
static void cmd_quit(struct ui *ui, const char *args);
static void cmd_release(struct ui *ui, const char *args);
static void cmd_reveal(struct ui *ui, const char *args);
static void cmd_status(struct ui *ui, const char *args);
static void cmd_supervisor(struct ui *ui, const char *args);
static void cmd_theme(struct ui *ui, const char *args);

static const struct command commands[] = {
	{ "assign", N_("LOGIN"), { ARG_AGENT, ARG_NONE },
	  N_("hand the complaint to another agent (supervisors)"), cmd_assign },
	{ "claim", "", { ARG_NONE, ARG_NONE },
	  N_("take the selected complaint"), cmd_claim },
	{ "customer", N_("ID|E-MAIL|PHONE|NAME"), { ARG_CUSTOMER, ARG_NONE },
	  N_("open a customer: their open complaint, else their orders"),
	  cmd_customer },
	{ "filter", "mine|unassigned|breached|all|channel=X",
	  { ARG_FILTER, ARG_FILTER }, N_("filter the queue"), cmd_filter },
	{ "help", "", { ARG_NONE, ARG_NONE },
	  N_("the keys and these commands"), cmd_help },
	{ "order", N_("NUMBER"), { ARG_ORDER, ARG_NONE },
	  N_("open the customer of an order"), cmd_order },
	{ "q", "", { ARG_NONE, ARG_NONE }, N_("quit"), cmd_quit },
	{ "quit", "", { ARG_NONE, ARG_NONE }, N_("quit"), cmd_quit },
	{ "release", "", { ARG_NONE, ARG_NONE },
	  N_("give the complaint back to the queue"), cmd_release },
	{ "reveal", "", { ARG_NONE, ARG_NONE },
	  N_("show the customer's full phone and e-mail (audited)"),
	  cmd_reveal },
	{ "status", N_("STATE [NOTE]"), { ARG_STATUS, ARG_TEXT },
	  N_("move the complaint to a state; resolving needs a note"),
	  cmd_status },
	{ "supervisor", "", { ARG_NONE, ARG_NONE },
	  N_("open the supervisor view (supervisors only)"), cmd_supervisor },
	{ "theme", N_("NAME"), { ARG_THEME, ARG_NONE },
	  N_("switch the colour theme"), cmd_theme },
};

#define NCOMMANDS ((int)(sizeof commands / sizeof commands[0]))

/* ---- lists of valid words, for completion and for error messages ---- */

struct words {
	char (*w)[COMPLETE_LEN];
	int n, max;
};

/* Add prefix and s as one word (cut at a character boundary). */
static void words_add2(struct words *ws, const char *prefix, const char *s)
{
	size_t a = strlen(prefix), b = strlen(s);
	char *w;

	if (ws->n >= ws->max)
		return;
	w = ws->w[ws->n++];
	if (a > COMPLETE_LEN - 1)
		a = COMPLETE_LEN - 1;
	if (a + b > COMPLETE_LEN - 1)
		b = COMPLETE_LEN - 1 - a;
	while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
		b--;
	memcpy(w, prefix, a);
	memcpy(w + a, s, b);
	w[a + b] = '\0';
}

static void words_add(struct words *ws, const char *s)
{
	words_add2(ws, "", s);
}

/* "a, b, c" (at most about n bytes, then "…"). */
static void words_join(const struct words *ws, char *buf, size_t n)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < ws->n; i++) {
		size_t need = strlen(ws->w[i]) + 2;

		if (len + need + 8 >= n) {
			snprintf(buf + len, n - len, ", \xe2\x80\xa6");
			return;
		}
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
					i ? ", " : "", ws->w[i]);
	}
}

static void list_channels(struct ui *ui, struct words *ws, const char *prefix)
{
	struct channel_stat ch[MAX_CHANNELS];
	int n, i;

	if (store_channel_list(ui->st, ch, MAX_CHANNELS, &n) != STORE_OK)
		return;
	for (i = 0; i < n; i++)
		words_add2(ws, prefix, ch[i].code);
}

static void list_agents(struct ui *ui, struct words *ws)
{
	struct agent *a = calloc(MAX_AGENTS, sizeof *a);
	int n, i;

	if (a == NULL)
		return;
	if (store_agent_list(ui->st, a, MAX_AGENTS, &n) == STORE_OK)
		for (i = 0; i < n; i++)
			if (a[i].active)
				words_add(ws, a[i].login);
	free(a);
}

static void list_statuses(struct words *ws)
{
	int i;

	for (i = 0; i < ST_COUNT; i++)
		words_add(ws, store_status_name((enum complaint_status)i));
}

static void list_filters(struct ui *ui, struct words *ws)
{
	int i;

	for (i = 0; i < QUEUE_FILTER_COUNT; i++)
		words_add(ws, queue_filter_name((enum queue_filter)i));
	list_channels(ui, ws, "channel=");
}

static void list_themes(struct words *ws)
{
	char names[MAX_THEMES][65];
	int n = theme_list(names, MAX_THEMES), i;

	for (i = 0; i < n; i++)
		words_add(ws, names[i]);
}

static void list_commands(struct words *ws)
{
	int i;

	for (i = 0; i < NCOMMANDS; i++)
		words_add(ws, commands[i].name);
}

static int words_has(const struct words *ws, const char *w)
{
	int i;

	for (i = 0; i < ws->n; i++)
		if (strcmp(ws->w[i], w) == 0)
			return 1;
	return 0;
}

/* A words list on the heap, for the error paths. */
static int words_new(struct words *ws)
{
	ws->w = calloc(MAX_AGENTS, sizeof *ws->w);
	ws->n = 0;
	ws->max = ws->w ? MAX_AGENTS : 0;
	return ws->w ? 0 : -1;
}

/* ---- the commands ---- */

static int need_complaint(struct ui *ui)
{
	if (ui->complaint_id != 0)
		return 1;
	ui_message(ui, 1, "%s", _("no complaint selected"));
	return 0;
}

static int no_args(struct ui *ui, const char *name, const char *args)
{
	if (args[0] == '\0')
		return 1;
	ui_message(ui, 1, _(":%s takes no arguments"), name);
	return 0;
}

static void done(struct ui *ui, int rc)
{
	if (rc != STORE_OK)
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
	ui_changed(ui);
}

/* The same functions as the c and R keys. */
static void cmd_claim(struct ui *ui, const char *args)
{
	if (no_args(ui, "claim", args) && need_complaint(ui))
		pane_compose_claim(ui);
}

static void cmd_release(struct ui *ui, const char *args)
{
	if (no_args(ui, "release", args) && need_complaint(ui))
		pane_compose_release(ui);
}

static void cmd_assign(struct ui *ui, const char *args)
{
	struct words ws;
	char login[128], list[200];
	size_t pos = 0;
	int rc;

	if (!need_complaint(ui))
		return;
	if (!cmdline_word(args, &pos, login, sizeof login) ||
	    args[pos] != '\0') {
		ui_message(ui, 1, "%s", _("usage: :assign LOGIN"));
		return;
	}
	if (words_new(&ws) != 0)
		return;
	list_agents(ui, &ws);
	if (!words_has(&ws, login)) {
		words_join(&ws, list, sizeof list);
		ui_message(ui, 1, _("unknown agent '%s'; agents: %s"), login, list);
		free(ws.w);
		return;
	}
	free(ws.w);
	rc = store_complaint_assign(ui->st, &ui->me, ui->complaint_id, login);
	done(ui, rc);
	if (rc == STORE_OK)
		ui_message(ui, 0, _("complaint %lld assigned to %s"),
			   ui->complaint_id, login);
}

static void cmd_status(struct ui *ui, const char *args)
{
	enum complaint_status to;
	struct complaint c;
	struct words ws;
	char word[64], list[200];
	size_t pos = 0;
	int rc;

	if (!need_complaint(ui))
		return;
	if (!cmdline_word(args, &pos, word, sizeof word)) {
		ui_message(ui, 1, "%s", _("usage: :status STATE [NOTE]"));
		return;
	}
	if (store_status_parse(word, &to) != STORE_OK) {
		if (words_new(&ws) != 0)
			return;
		list_statuses(&ws);
		words_join(&ws, list, sizeof list);
		free(ws.w);
		ui_message(ui, 1, _("unknown status '%s'; states: %s"), word, list);
		return;
	}
	rc = store_complaint_get(ui->st, ui->complaint_id, &c);
	if (rc != STORE_OK) {
		done(ui, rc);
		return;
	}
	if (!store_status_allowed(c.status, to)) {
		store_status_targets(c.status, list, sizeof list);
		ui_message(ui, 1, _("complaint %lld cannot go from %s to %s; from %s: %s"),
			   c.id, store_status_name(c.status), word,
			   store_status_name(c.status), list);
		return;
	}
	rc = store_complaint_set_status(ui->st, &ui->me, c.id, to,
					args[pos] ? args + pos : NULL);
	done(ui, rc);
	if (rc == STORE_OK)
		ui_message(ui, 0, _("complaint %lld is now %s"), c.id,
			   store_status_name(to));
}

static void cmd_filter(struct ui *ui, const char *args)
{
	struct words ws;
	char word[128], list[300], channel[16] = "";
	size_t pos = 0;
	int filter = QUEUE_ALL, i, seen = 0;

	if (words_new(&ws) != 0)
		return;
	while (cmdline_word(args, &pos, word, sizeof word)) {
		seen = 1;
		if (strncmp(word, "channel=", 8) == 0) {
			ws.n = 0;
			list_channels(ui, &ws, "");
			if (!words_has(&ws, word + 8)) {
				words_join(&ws, list, sizeof list);
				ui_message(ui, 1,
					   _("unknown channel '%s'; channels: %s"),
					   word + 8, list);
				free(ws.w);
				return;
			}
			snprintf(channel, sizeof channel, "%.15s", word + 8);
			continue;
		}
		for (i = 0; i < QUEUE_FILTER_COUNT; i++)
			if (strcmp(word, queue_filter_name((enum queue_filter)i)) == 0)
				break;
		if (i == QUEUE_FILTER_COUNT) {
			ws.n = 0;
			for (i = 0; i < QUEUE_FILTER_COUNT; i++)
				words_add(&ws, queue_filter_name((enum queue_filter)i));
			words_add(&ws, "channel=CODE");
			words_join(&ws, list, sizeof list);
			ui_message(ui, 1, _("unknown filter '%s'; filters: %s"), word,
				   list);
			free(ws.w);
			return;
		}
		filter = i;
	}
	free(ws.w);
	if (!seen) {
		ui_message(ui, 1, "%s",
			   _("usage: :filter mine|unassigned|breached|all|channel=X"));
		return;
	}
	pane_queue_set_filter(&ui->panes[PANE_QUEUE], filter, channel);
	ui->pinned = 0;
	ui_focus(ui, PANE_QUEUE);
}

/* The ? screen, scrolled to where the commands start (k goes up to the
 * keys). */
static void cmd_help(struct ui *ui, const char *args)
{
	char line[256];
	int keys = 0;

	while (keymap_help_line(keys, line, sizeof line))
		keys++;
	ui->help_open = 1;
	ui->help_top = keys + 1;
}

static void cmd_quit(struct ui *ui, const char *args)
{
	ui->quit = 1;
}

static void cmd_supervisor(struct ui *ui, const char *args)
{
	if (!ui->super_open)
		ui_super_toggle(ui);
}

static void cmd_theme(struct ui *ui, const char *args)
{
	struct words ws;
	char name[80], err[300], list[200];
	size_t pos = 0;

	if (!cmdline_word(args, &pos, name, sizeof name) || args[pos] != '\0') {
		ui_message(ui, 1, "%s", _("usage: :theme NAME"));
		return;
	}
	if (ui_set_theme(ui, name, err, sizeof err) == 0) {
		ui_message(ui, 0, _("theme %s"), name);
		return;
	}
	if (words_new(&ws) != 0)
		return;
	list_themes(&ws);
	words_join(&ws, list, sizeof list);
	free(ws.w);
	ui_message(ui, 1, _("%s; themes: %s"), err, list);
}

static void cmd_reveal(struct ui *ui, const char *args)
{
	if (!no_args(ui, "reveal", args))
		return;
	if (ui->customer_id == 0) {
		ui_message(ui, 1, "%s", _("no customer on screen"));
		return;
	}
	/* No audit row, no reveal. */
	if (store_audit(ui->st, &ui->me, "reveal", ui->complaint_id,
			ui->customer_id, NULL) != STORE_OK) {
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return;
	}
	ui->revealed_id = ui->customer_id;
	ui_message(ui, 0, "%s",
		   _("contact data shown until the selection changes (audited)"));
}

static int all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* The digits of a phone number, the last ten (the national number). */
static void phone_key(const char *s, char *out, size_t n)
{
	char d[64];
	size_t k = 0;

	for (; *s && k < sizeof d - 1; s++)
		if (isdigit((unsigned char)*s))
			d[k++] = *s;
	d[k] = '\0';
	snprintf(out, n, "%s", k > 10 ? d + k - 10 : d);
}

static int same_contact(const struct customer *c, const char *key)
{
	char a[64], b[64];

	if (strchr(key, '@') != NULL)
		return text_fold_eq(c->email, key);
	phone_key(key, a, sizeof a);
	phone_key(c->phone, b, sizeof b);
	return strlen(a) >= 7 && strcmp(a, b) == 0;
}

static void open_hit_or_list(struct ui *ui, const char *query,
			     struct search_results *r, const char *what)
{
	if (r->count[SEARCH_CUSTOMERS] == 1) {
		ui_open_customer(ui, r->hits[0].customer_id,
				 r->hits[0].complaint_id);
		return;
	}
	if (r->count[SEARCH_CUSTOMERS] == 0) {
		ui_message(ui, 1, _("no customer matches '%s'"), what);
		return;
	}
	pane_search_run(ui, &ui->panes[PANE_SEARCH], query);
}

static void cmd_customer(struct ui *ui, const char *args)
{
	struct search_results r;
	struct customer c;
	long long ids[1];
	int i, n, rc, exact = -1;

	if (args[0] == '\0') {
		ui_message(ui, 1, "%s", _("usage: :customer ID|E-MAIL|PHONE|NAME"));
		return;
	}
	if (all_digits(args) && strlen(args) < 10) {
		rc = store_customer_get(ui->st, atoll(args), &c);
		if (rc == STORE_NOTFOUND) {
			ui_message(ui, 1, _("no customer #%s"), args);
			return;
		}
		if (rc != STORE_OK) {
			done(ui, rc);
			return;
		}
		rc = store_complaint_open_ids(ui->st, c.id, ids, 1, &n);
		ui_open_customer(ui, c.id, rc == STORE_OK && n > 0 ? ids[0] : 0);
		return;
	}
	memset(&r, 0, sizeof r);
	rc = store_search(ui->st, args, CUSTOMER_HITS, &r);
	if (rc != STORE_OK) {
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return;
	}
	/* An e-mail address or a phone number names one customer even when
	 * its words match others too. */
	for (i = 0; i < r.nhits; i++) {
		if (r.hits[i].kind != SEARCH_CUSTOMERS)
			continue;
		if (store_customer_get(ui->st, r.hits[i].customer_id, &c) ==
		    STORE_OK && same_contact(&c, args)) {
			exact = i;
			break;
		}
	}
	if (exact >= 0)
		ui_open_customer(ui, r.hits[exact].customer_id,
				 r.hits[exact].complaint_id);
	else
		open_hit_or_list(ui, args, &r, args);
	search_results_free(&r);
}

static void cmd_order(struct ui *ui, const char *args)
{
	struct search_results r;
	char number[128];
	size_t pos = 0;
	int i, rc;

	if (!cmdline_word(args, &pos, number, sizeof number) ||
	    args[pos] != '\0') {
		ui_message(ui, 1, "%s", _("usage: :order NUMBER"));
		return;
	}
	memset(&r, 0, sizeof r);
	rc = store_search(ui->st, number, CUSTOMER_HITS, &r);
	if (rc != STORE_OK) {
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return;
	}
	for (i = 0; i < r.nhits; i++)
		if (r.hits[i].kind == SEARCH_ORDERS &&
		    text_fold_eq(r.hits[i].title, number))
			break;
	if (i < r.nhits) {
		ui_open_customer(ui, r.hits[i].customer_id,
				 r.hits[i].complaint_id);
		ui_message(ui, 0, _("order %s: %s"), r.hits[i].title,
			   r.hits[i].customer_name);
	} else {
		ui_message(ui, 1, _("no order numbered '%s'"), number);
	}
	search_results_free(&r);
}

/* ---- dispatch ---- */

static const struct command *find(const char *name)
{
	int i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

void commands_run(struct ui *ui, const char *line)
{
	const char *names[NCOMMANDS];
	const struct command *c;
	char name[64], rest[CMDLINE_LINE_MAX + 1];
	size_t pos = 0, len;
	int i, s;

	if (!cmdline_word(line, &pos, name, sizeof name))
		return;
	snprintf(rest, sizeof rest, "%s", line + pos);
	len = strlen(rest);
	while (len > 0 && (rest[len - 1] == ' ' || rest[len - 1] == '\t'))
		rest[--len] = '\0';
	c = find(name);
	if (c != NULL) {
		c->run(ui, rest);
		return;
	}
	for (i = 0; i < NCOMMANDS; i++)
		names[i] = commands[i].name;
	s = cmdline_suggest(name, names, NCOMMANDS);
	if (s >= 0)
		ui_message(ui, 1, _("unknown command '%s'; did you mean '%s'?"),
			   name, names[s]);
	else
		ui_message(ui, 1, _("unknown command '%s'; :help lists them"),
			   name);
}

/* ---- completion ---- */

static void customer_names(struct ui *ui, const char *arg,
			   struct words *ws)
{
	char first[COMPLETE_LEN];
	size_t pos = 0;
	int n;

	cmdline_word(arg, &pos, first, sizeof first);
	if (store_complete_customer_names(ui->st, first, ws->w + ws->n,
					  ws->max - ws->n, &n) == STORE_OK)
		ws->n += n;
}

static void candidates_for(struct ui *ui, enum arg_kind kind,
			   const char *word, struct words *ws)
{
	int n;

	switch (kind) {
	case ARG_AGENT:
		list_agents(ui, ws);
		break;
	case ARG_STATUS:
		list_statuses(ws);
		break;
	case ARG_FILTER:
		list_filters(ui, ws);
		break;
	case ARG_THEME:
		list_themes(ws);
		break;
	case ARG_CUSTOMER:
		customer_names(ui, word, ws);
		break;
	case ARG_ORDER:
		if (store_complete_order_numbers(ui->st, word, ws->w + ws->n,
						 ws->max - ws->n, &n) == STORE_OK)
			ws->n += n;
		break;
	default:
		break;
	}
}

int commands_candidates(struct ui *ui, enum prompt_kind kind,
			const char *line, size_t *start,
			char (*cands)[COMPLETE_LEN])
{
	struct words ws = { cands, 0, COMPLETE_MAX };
	const struct command *c;
	char name[64], word[COMPLETE_LEN];
	size_t pos = 0, wstart;
	int argi = 0;

	if (kind == PROMPT_SEARCH) {
		/* A search completes the last word to a customer's name. */
		wstart = strlen(line);
		while (wstart > 0 && line[wstart - 1] != ' ')
			wstart--;
		*start = wstart;
		customer_names(ui, line + wstart, &ws);
		return ws.n;
	}
	while (line[pos] == ' ')
		pos++;
	*start = pos;
	if (strchr(line + pos, ' ') == NULL) {
		list_commands(&ws);
		return ws.n;
	}
	cmdline_word(line, &pos, name, sizeof name);
	c = find(name);
	if (c == NULL)
		return 0;
	/* A customer is named by all the words that follow. */
	if (c->arg[0] == ARG_CUSTOMER) {
		*start = pos;
		candidates_for(ui, ARG_CUSTOMER, line + pos, &ws);
		return ws.n;
	}
	for (;;) {
		wstart = pos;
		if (!cmdline_word(line, &pos, word, sizeof word) ||
		    line[pos - 1] != ' ')
			break;
		argi++;
	}
	*start = wstart;
	if (argi > 1)
		return 0;
	candidates_for(ui, c->arg[argi], line + wstart, &ws);
	return ws.n;
}

int commands_help_line(int i, char *buf, size_t n)
{
	char head[80];

	if (i == 0) {
		snprintf(buf, n, "%s", "");
		return 1;
	}
	if (i == 1) {
		snprintf(buf, n, "%s", _("Commands (type : first; Tab completes)"));
		return 1;
	}
	i -= 2;
	if (i < 0 || i >= NCOMMANDS)
		return 0;
	snprintf(head, sizeof head, ":%s %s", commands[i].name,
		 commands[i].args[0] ? _(commands[i].args) : "");
	snprintf(buf, n, "%-28s %s", head, _(commands[i].help));
	return 1;
}
