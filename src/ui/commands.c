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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/calendar.h"
#include "temas/cli.h"
#include "temas/assign.h"
#include "temas/cmdline.h"
#include "temas/complaint.h"
#include "temas/customer.h"
#include "temas/filter.h"
#include "temas/escalate.h"
#include "temas/i18n.h"
#include "temas/macro.h"
#include "temas/outbox.h"
#include "temas/queue.h"
#include "temas/relate.h"
#include "temas/search.h"
#include "temas/snooze.h"
#include "temas/store.h"
#include "temas/survey.h"
#include "temas/tag.h"
#include "temas/text.h"
#include "temas/view.h"
#include "temas/when.h"

_Static_assert(COMPLETE_LEN == SEARCH_COMPLETION_LEN,
	       "completion rows are the store's");

#define MAX_WORDS 256      /* words listed in a message: the first of them */
#define MAX_THEMES 32
#define CUSTOMER_HITS 20

enum arg_kind {
	ARG_NONE = 0, ARG_AGENT, ARG_STATUS, ARG_FILTER, ARG_CUSTOMER,
	ARG_ORDER, ARG_THEME, ARG_TEXT, ARG_COMMAND, ARG_TAGVERB, ARG_TAG,
	ARG_VIEW, ARG_WHEN, ARG_MACRO, ARG_CHANNEL, ARG_CALENDAR,
	ARG_ASSIGN_MODE
};

/* Where a command may run besides the main screen. */
#define F_NOARGS  0x01u   /* takes no arguments (checked in bindings too) */
#define F_COMPOSE 0x02u   /* while the compose screen takes text */
#define F_SCREEN  0x04u   /* over the supervisor view and the help */
#define F_STAY    0x08u   /* back that never quits */

struct command {
	const char *name;
	const char *args;             /* as help shows them */
	enum arg_kind arg[2];         /* what the first two arguments complete */
	unsigned flags;               /* F_* */
	const char *help;
	/* Runs the command: returns FX_* flags, their details in fx. */
	unsigned (*run)(struct ui *ui, const struct command *c,
			const char *args, struct effect *fx);
	enum ui_action nav;           /* for cmd_nav: what the pane is asked */
};

#define CMD_FN(name) static unsigned name(struct ui *ui, \
	const struct command *c, const char *args, struct effect *fx)

CMD_FN(cmd_nav);
CMD_FN(cmd_assign);
CMD_FN(cmd_attach);
CMD_FN(cmd_claim);
CMD_FN(cmd_command);
CMD_FN(cmd_customer);
CMD_FN(cmd_editor);
CMD_FN(cmd_filter);
CMD_FN(cmd_help);
CMD_FN(cmd_link);
CMD_FN(cmd_mark_all);
CMD_FN(cmd_marked);
CMD_FN(cmd_unmark);
CMD_FN(cmd_view);
CMD_FN(cmd_macro);
CMD_FN(cmd_merge);
CMD_FN(cmd_merge_customer);
CMD_FN(cmd_calendar);
CMD_FN(cmd_assign_rule);
CMD_FN(cmd_escalate);
CMD_FN(cmd_split);
CMD_FN(cmd_note);
CMD_FN(cmd_period);
CMD_FN(cmd_order);
CMD_FN(cmd_quit);
CMD_FN(cmd_redraw);
CMD_FN(cmd_release);
CMD_FN(cmd_release_held);
CMD_FN(cmd_reply);
CMD_FN(cmd_reveal);
CMD_FN(cmd_search);
CMD_FN(cmd_send);
CMD_FN(cmd_snooze);
CMD_FN(cmd_status);
CMD_FN(cmd_supervisor);
CMD_FN(cmd_tag);
CMD_FN(cmd_template);
CMD_FN(cmd_theme);
CMD_FN(cmd_unsnooze);
static unsigned show_results(struct ui *ui, struct effect *fx);
static char *macro_named(struct ui *ui, const char *args);
static unsigned marked_macro(struct ui *ui, const char *name);

#define NAV(name, act, flags, help) \
	{ name, "", { ARG_NONE, ARG_NONE }, F_NOARGS | F_SCREEN | (flags), \
	  help, cmd_nav, act }
#define NOARGS { ARG_NONE, ARG_NONE }

/*
 * The one table of everything the agent can ask of the console.  Keys
 * (keymap.c and the configuration's `bind KEY COMMAND`), the `:` line,
 * Tab completion, the `?` screen and "did you mean" all read these rows;
 * the manual documents each (tests/e2e/ui_config.sh checks it does).
 *
 * To add a command: one row here (name, arguments as help shows them,
 * what the first two arguments complete from, F_* flags, the help line)
 * and its function, which does the work through the store and returns
 * FX_* flags for the main loop (reload, focus a pane, open a customer,
 * push or pop a screen, open the prompt); a key for it is a row in
 * keymap.c; a line in doc/temas.1 and its translation in po/tr.po.
 * Rows are in the order the help screen shows them.
 */
static const struct command commands[] = {
	NAV("down", ACT_DOWN, 0, N_("move down")),
	NAV("up", ACT_UP, 0, N_("move up")),
	NAV("page-down", ACT_PAGE_DOWN, 0, N_("page down")),
	NAV("page-up", ACT_PAGE_UP, 0, N_("page up")),
	NAV("first", ACT_HOME, 0, N_("first row")),
	NAV("last", ACT_END, 0, N_("last row")),
	NAV("open", ACT_OPEN, 0,
	    N_("open: order lines, channel thread, whole message")),
	NAV("next-pane", ACT_NEXT_PANE, 0, N_("next pane")),
	NAV("previous-pane", ACT_PREV_PANE, 0, N_("previous pane")),
	{ "filter", "all|mine|unassigned|breached|snoozed|KEY=VALUE...",
	  { ARG_FILTER, ARG_FILTER }, 0,
	  N_("queue filter: all, mine, unassigned, breached, snoozed; channel, tag, state, holder, language, words"),
	  cmd_filter,
	  ACT_FILTER },
	NAV("channel", ACT_CHANNEL, 0,
	    N_("queue channel: every channel, then each")),
	{ "view", N_("[NAME|save NAME [--shared]|remove NAME]"),
	  { ARG_VIEW, ARG_VIEW }, 0,
	  N_("saved views: show one, save the queue's filter as one; alone, pick one"),
	  cmd_view, ACT_NONE },
	NAV("back", ACT_BACK, 0, N_("back; in the queue, quit")),
	NAV("cancel", ACT_BACK, F_STAY,
	    N_("back, never quit; in compose: close, keep the draft")),
	{ "quit", "", NOARGS, F_NOARGS | F_SCREEN, N_("quit"), cmd_quit,
	  ACT_NONE },
	{ "q", "", NOARGS, F_NOARGS | F_SCREEN, N_("quit"), cmd_quit,
	  ACT_NONE },
	{ "help", N_("[COMMAND]"), { ARG_COMMAND, ARG_NONE },
	  F_COMPOSE | F_SCREEN, N_("this help"), cmd_help, ACT_NONE },
	{ "command", N_("[TEXT]"), { ARG_COMMAND, ARG_NONE }, F_SCREEN | F_COMPOSE,
	  N_("command line, holding TEXT (Tab completes, Up recalls, Esc or Ctrl-C cancels)"),
	  cmd_command, ACT_NONE },
	{ "search", N_("[WORDS]"), { ARG_CUSTOMER, ARG_NONE }, 0,
	  N_("search customers, orders and messages; Enter opens"),
	  cmd_search, ACT_NONE },
	{ "redraw", "", NOARGS, F_NOARGS | F_COMPOSE | F_SCREEN,
	  N_("redraw the screen"), cmd_redraw, ACT_NONE },
	{ "claim", "", NOARGS, F_NOARGS,
	  N_("claim the selected complaint"), cmd_claim, ACT_NONE },
	{ "release", "", NOARGS, F_NOARGS,
	  N_("release it back to the queue"), cmd_release, ACT_NONE },
	{ "reply", "", NOARGS, F_NOARGS,
	  N_("reply to the customer on the complaint's channel"), cmd_reply,
	  ACT_NONE },
	{ "note", "", NOARGS, F_NOARGS, N_("write an internal note"),
	  cmd_note, ACT_NONE },
	{ "status", N_("[STATE [NOTE]]"), { ARG_STATUS, ARG_TEXT }, 0,
	  N_("change the status; resolving asks for a note"), cmd_status,
	  ACT_NONE },
	{ "tag", N_("add|remove TAG..."), { ARG_TAGVERB, ARG_TAG }, 0,
	  N_("add or remove tags on the complaint; without words, its tags"),
	  cmd_tag, ACT_NONE },
	{ "snooze", N_("WHEN [NOTE]"), { ARG_WHEN, ARG_NONE }, 0,
	  N_("out of the queue until WHEN (+2h, tomorrow 9:00, mon 10:00, 14:30); then back, marked @ until acted on; z marks one asleep (:filter snoozed); the SLA runs on"),
	  cmd_snooze, ACT_NONE },
	{ "unsnooze", "", NOARGS, F_NOARGS,
	  N_("back in the active queue now, unmarked"), cmd_unsnooze, ACT_NONE },
	{ "send", "", NOARGS, F_NOARGS | F_COMPOSE, N_("compose: send"),
	  cmd_send, ACT_NONE },
	{ "template", "", NOARGS, F_NOARGS | F_COMPOSE,
	  N_("compose: insert a template for the channel"), cmd_template,
	  ACT_NONE },
	{ "editor", "", NOARGS, F_NOARGS | F_COMPOSE,
	  N_("compose: edit in $EDITOR"), cmd_editor, ACT_NONE },
	{ "attach", N_("FILE"), { ARG_TEXT, ARG_NONE }, F_COMPOSE,
	  N_("compose: attach a file to the reply"), cmd_attach, ACT_NONE },
	{ "macro", N_("NAME"), { ARG_MACRO, ARG_NONE }, 0,
	  N_("apply a macro (a named set of actions) to the complaint, or to each marked one"),
	  cmd_macro, ACT_NONE },
	{ "merge", N_("INTO [--other-customer]"), NOARGS, 0,
	  N_("merge the selected complaint into complaint INTO (it closes, pointing there)"),
	  cmd_merge, ACT_NONE },
	{ "link", N_("ID"), NOARGS, 0,
	  N_("link the selected complaint with complaint ID"), cmd_link, ACT_NONE },
	{ "split", N_("[MESSAGE]"), NOARGS, 0,
	  N_("split a customer's message (the timeline's selected one) off into a new complaint"),
	  cmd_split, ACT_NONE },
	{ "supervisor", "", NOARGS, F_NOARGS | F_SCREEN,
	  N_("supervisor view: queues, backlog, NPS, churn (supervisors)"),
	  cmd_supervisor, ACT_NONE },
	NAV("next-hit", ACT_NEXT_HIT, 0,
	    N_("search results: the next hit, its customer shown below")),
	NAV("previous-hit", ACT_PREV_HIT, 0, N_("search results: the previous hit")),
	NAV("mark", ACT_MARK, 0,
	    N_("mark or unmark the complaint (supervisor view: to reassign)")),
	{ "mark-all", "", NOARGS, F_NOARGS,
	  N_("mark every complaint the queue shows (:filter first)"),
	  cmd_mark_all, ACT_NONE },
	{ "unmark", "", NOARGS, F_NOARGS, N_("unmark every marked complaint"),
	  cmd_unmark, ACT_NONE },
	{ "marked", N_("[COMMAND]"), { ARG_COMMAND, ARG_NONE }, 0,
	  N_("act on the marked: claim, release, status, assign, tag, macro; alone: the next key"),
	  cmd_marked, ACT_NONE },
	{ "assign", N_("[LOGIN]"), { ARG_AGENT, ARG_NONE }, F_SCREEN,
	  N_("hand the complaint to an agent; in the supervisor view, the marked ones"),
	  cmd_assign, ACT_ASSIGN },
	{ "calendar", N_("CHANNEL NAME|none"), { ARG_CHANNEL, ARG_CALENDAR }, F_SCREEN,
	  N_("count the channel's due times in working time of calendar NAME (supervisors)"),
	  cmd_calendar, ACT_NONE },
	{ "assign-rule", N_("CHANNEL round-robin|least-loaded|off [SKILLS]"),
	  { ARG_CHANNEL, ARG_ASSIGN_MODE }, F_SCREEN,
	  N_("auto-assign the channel's new complaints; SKILLS: channel,language (supervisors)"),
	  cmd_assign_rule, ACT_NONE },
	{ "escalate", "", NOARGS, F_NOARGS | F_SCREEN,
	  N_("run the escalation rules that are due now"), cmd_escalate, ACT_NONE },
	{ "release-held", N_("ID"), { ARG_TEXT, ARG_NONE }, F_SCREEN,
	  N_("supervisor: release a held e-mail and file it as it came"),
	  cmd_release_held, ACT_NONE },
	{ "period", N_("[DAYS|FROM [TO]]"), NOARGS, F_SCREEN,
	  N_("supervisor: the last DAYS days, or the dates FROM to TO (YYYY-MM-DD)"),
	  cmd_period, ACT_NONE },
	{ "customer", N_("ID|EXT-ID|E-MAIL|PHONE|NAME"), { ARG_CUSTOMER, ARG_NONE },
	  0, N_("open a customer: their open complaint, else their orders"),
	  cmd_customer, ACT_NONE },
	{ "merge-customer", N_("SRC"), { ARG_CUSTOMER, ARG_NONE }, 0,
	  N_("merge customer SRC (a second record of the same person) into the customer shown: its orders, complaints and messages move; asks for SRC's number first (supervisors)"),
	  cmd_merge_customer, ACT_NONE },
	{ "order", N_("NUMBER"), { ARG_ORDER, ARG_NONE }, 0,
	  N_("open the customer of an order"), cmd_order, ACT_NONE },
	{ "reveal", "", NOARGS, F_NOARGS,
	  N_("show the customer's full phone and e-mail (audited)"),
	  cmd_reveal, ACT_NONE },
	{ "theme", N_("NAME"), { ARG_THEME, ARG_NONE }, 0,
	  N_("switch the colour theme"), cmd_theme, ACT_NONE },
};

#define NCOMMANDS ((int)(sizeof commands / sizeof commands[0]))

/* ---- lists of valid words, for completion and for error messages ---- */

struct words {
	char (*w)[COMPLETE_LEN];
	int n, max;
	/* Completion: only the words the typed one begins (folded the
	 * Turkish way, as the prompt matches), so that the room for
	 * candidates goes to those that can match.  NULL: every word. */
	const char *match;
};

/* Add prefix and s as one word (cut at a character boundary). */
static void words_add2(struct words *ws, const char *prefix, const char *s)
{
	size_t a = strlen(prefix), b = strlen(s);
	const char *one;
	char *w;

	if (ws->n >= ws->max)
		return;
	w = ws->w[ws->n];
	if (a > COMPLETE_LEN - 1)
		a = COMPLETE_LEN - 1;
	if (a + b > COMPLETE_LEN - 1)
		b = COMPLETE_LEN - 1 - a;
	while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
		b--;
	memcpy(w, prefix, a);
	memcpy(w + a, s, b);
	w[a + b] = '\0';
	one = w;
	if (ws->match == NULL ||
	    cmdline_complete(ws->match, &one, 1, NULL, 0, NULL, 0) == 1)
		ws->n++;
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
	struct channel_stat *ch;
	int n, i;

	if (store_channel_list(ui->st, &ch, &n) != STORE_OK)
		return;
	for (i = 0; i < n; i++)
		words_add2(ws, prefix, ch[i].code);
	free(ch);
}

static void list_agents_as(struct ui *ui, struct words *ws,
			   const char *prefix)
{
	struct agent *a;
	long long total;
	int n, i;

	/* Every agent, however many the team has. */
	if (store_agent_count(ui->st, &total) != STORE_OK || total <= 0 ||
	    total > INT_MAX || (a = calloc((size_t)total, sizeof *a)) == NULL)
		return;
	if (store_agent_list(ui->st, a, (int)total, &n) == STORE_OK)
		for (i = 0; i < n; i++)
			if (a[i].active)
				words_add2(ws, prefix, a[i].login);
	free(a);
}

static void list_agents(struct ui *ui, struct words *ws)
{
	list_agents_as(ui, ws, "");
}

static void list_statuses(struct words *ws)
{
	int i;

	for (i = 0; i < ST_COUNT; i++)
		words_add(ws, store_status_name((enum complaint_status)i));
}

static void list_tags(struct ui *ui, struct words *ws, const char *prefix)
{
	struct tag_count *t;
	int n, i;

	if (store_tag_list(ui->st, &t, &n) != STORE_OK)
		return;
	for (i = 0; i < n; i++)
		words_add2(ws, prefix, t[i].tag);
	free(t);
}

static void list_macros(struct ui *ui, struct words *ws)
{
	struct macro *ms;
	int n, i;

	if (store_macro_list(ui->st, &ms, &n) != STORE_OK)
		return;
	for (i = 0; i < n; i++)
		words_add(ws, ms[i].name);
	macro_free_all(ms, n);
}

static void list_filters(struct ui *ui, struct words *ws)
{
	int i;

	for (i = 0; i < QUEUE_FILTER_COUNT; i++)
		words_add(ws, queue_filter_name((enum queue_filter)i));
	list_channels(ui, ws, "channel=");
	list_tags(ui, ws, "tag=");
	for (i = 0; i < ST_COUNT; i++)
		if (i != ST_RESOLVED && i != ST_CLOSED)
			words_add2(ws, "status=",
				   store_status_name((enum complaint_status)i));
	list_agents_as(ui, ws, "assignee=");
	words_add(ws, "lang=");
	words_add(ws, "text=");
}

static void list_calendars(struct ui *ui, struct words *ws)
{
	struct calendar_info *c;
	int n, i;

	if (store_calendar_list(ui->st, &c, &n) != STORE_OK)
		return;
	for (i = 0; i < n; i++)
		words_add(ws, c[i].name);
	calendar_info_free(c, n);
	words_add(ws, "none");
}

static void add_view_names(struct words *ws, const struct saved_view *v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		words_add(ws, v[i].name);
}

static void list_views(struct ui *ui, struct words *ws)
{
	struct saved_view *v;
	int n;

	if (store_view_list(ui->st, &ui->me, &v, &n) != STORE_OK)
		return;
	add_view_names(ws, v, n);
	store_view_list_free(v, n);
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

/* A words list on the heap, for the error paths. */
static int words_new(struct words *ws)
{
	ws->w = calloc(MAX_WORDS, sizeof *ws->w);
	ws->n = 0;
	ws->max = ws->w ? MAX_WORDS : 0;
	ws->match = NULL;
	return ws->w ? 0 : -1;
}

/* ---- the commands ---- */

/* 1 when login is an active agent; else 0, the agents listed. */
static int known_agent(struct ui *ui, const char *login)
{
	struct words ws;
	struct agent a;
	char list[200];
	int rc = store_agent_by_login(ui->st, login, &a);

	if (rc == STORE_OK && a.active)
		return 1;
	if (rc != STORE_OK && rc != STORE_NOTFOUND) {
		ui_report(ui, rc);
		return 0;
	}
	if (words_new(&ws) != 0)
		return 0;
	list_agents(ui, &ws);
	words_join(&ws, list, sizeof list);
	ui_message(ui, 1, _("unknown agent '%s'; agents: %s"), login, list);
	free(ws.w);
	return 0;
}

/* 1 with the state word names; else 0, the states listed. */
static int known_state(struct ui *ui, const char *word,
		       enum complaint_status *to)
{
	struct words ws;
	char list[200];

	if (store_status_parse(word, to) == STORE_OK)
		return 1;
	if (words_new(&ws) != 0)
		return 0;
	list_statuses(&ws);
	words_join(&ws, list, sizeof list);
	free(ws.w);
	ui_message(ui, 1, _("unknown status '%s'; states: %s"), word, list);
	return 0;
}

static int need_complaint(struct ui *ui)
{
	if (ui->complaint_id != 0)
		return 1;
	ui_message(ui, 1, "%s", _("no complaint selected"));
	return 0;
}

/* The complaint under the selection, read now (its holder may have
 * changed since the queue was drawn). */
static int selected(struct ui *ui, struct complaint *c)
{
	int rc;

	if (!need_complaint(ui))
		return STORE_NOTFOUND;
	rc = store_complaint_get(ui->st, ui->complaint_id, c);
	if (rc != STORE_OK)
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
	return rc;
}

static unsigned done(struct ui *ui, int rc)
{
	if (rc != STORE_OK)
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
	return FX_RELOAD;
}

/* A navigation: the focused pane (or the screen on top) does it. */
CMD_FN(cmd_nav)
{
	fx->nav = c->nav;
	return FX_NAV | (c->flags & F_STAY ? FX_STAY : 0);
}

CMD_FN(cmd_claim)
{
	struct complaint cp;
	char holder[64];
	int rc;

	if (selected(ui, &cp) != STORE_OK)
		return 0;
	rc = store_complaint_claim(ui->st, &ui->me, cp.id, holder, sizeof holder);
	if (rc != STORE_OK)
		return done(ui, rc);
	if (holder[0])
		ui_message(ui, 0, _("complaint %lld is already yours"), cp.id);
	else
		ui_message(ui, 0, _("complaint %lld is yours now"), cp.id);
	return FX_RELOAD;
}

CMD_FN(cmd_release)
{
	struct complaint cp;
	int rc;

	if (selected(ui, &cp) != STORE_OK)
		return 0;
	rc = store_complaint_release(ui->st, &ui->me, cp.id);
	if (rc != STORE_OK)
		return done(ui, rc);
	ui_message(ui, 0, _("complaint %lld is back in the queue"), cp.id);
	return FX_RELOAD;
}

/* A reply needs the complaint to be this agent's to answer, and its
 * order history to have been on screen. */
CMD_FN(cmd_reply)
{
	struct complaint cp;
	const char *why;
	long long seen = 0;
	int rc;

	if (selected(ui, &cp) != STORE_OK)
		return 0;
	if (cp.assignee_id != 0 && cp.assignee_id != ui->me.id &&
	    ui->me.role != ROLE_SUPERVISOR) {
		ui_message(ui, 1, _("complaint %lld is held by %s; only they can reply"),
			   cp.id, cp.assignee_login);
		return 0;
	}
	rc = store_history_seen_at(ui->st, ui->me.id, cp.id, &seen);
	if (rc != STORE_OK)
		return done(ui, rc);
	if (seen == 0 && (why = ui_history_recheck(ui, cp.id)) != NULL) {
		ui_message(ui, 1, "%s", why);
		fx->pane = PANE_ORDERS;
		return FX_FOCUS;
	}
	if (seen == 0 && ui_history_seen(ui, cp.id) == NULL) {
		/* Bringing the orders on screen is what marks them seen; the
		 * next r then opens the reply. */
		ui_message(ui, 1, "%s", _("open the customer's order history first"));
		fx->pane = PANE_ORDERS;
		return FX_FOCUS;
	}
	pane_compose_open(ui, &ui->panes[PANE_COMPOSE], COMPOSE_REPLY, &cp, fx);
	return fx->flags;
}

CMD_FN(cmd_note)
{
	struct complaint cp;

	if (selected(ui, &cp) != STORE_OK)
		return 0;
	pane_compose_open(ui, &ui->panes[PANE_COMPOSE], COMPOSE_NOTE, &cp, fx);
	return fx->flags;
}

static int composing(struct ui *ui, const struct command *c)
{
	if (pane_compose_is_open(ui))
		return 1;
	ui_message(ui, 1, _(":%s works in the compose screen"), c->name);
	return 0;
}

CMD_FN(cmd_send)
{
	if (composing(ui, c))
		pane_compose_send(ui, &ui->panes[PANE_COMPOSE], fx);
	return fx->flags;
}

CMD_FN(cmd_template)
{
	if (composing(ui, c))
		pane_compose_templates(ui, &ui->panes[PANE_COMPOSE]);
	return 0;
}

CMD_FN(cmd_editor)
{
	if (composing(ui, c))
		pane_compose_editor(ui, &ui->panes[PANE_COMPOSE], fx);
	return fx->flags;
}

/* The other complaint of :merge and :link: a number, or an error named. */
static int other_id(struct ui *ui, const char *word, const char *usage,
		    long long *id)
{
	char *end;

	*id = strtoll(word, &end, 10);
	if (word[0] == '\0' || *id <= 0 || (*end != '\0' && *end != ' ')) {
		ui_message(ui, 1, "%s", usage);
		return 0;
	}
	return 1;
}

CMD_FN(cmd_merge)
{
	struct complaint cp;
	long long into;
	const char *flag;
	int moved = 0, other = 0, rc;

	(void)c;
	(void)fx;
	if (!other_id(ui, args, _("usage: :merge INTO [--other-customer] (the complaint that stays)"),
		      &into))
		return 0;
	flag = strchr(args, ' ');
	if (flag != NULL) {
		flag += strspn(flag, " ");
		if (strcmp(flag, "--other-customer") != 0) {
			ui_message(ui, 1, _("'%s' is not understood; usage: :merge INTO [--other-customer]"),
				   flag);
			return 0;
		}
		other = 1;
	}
	if (selected(ui, &cp) != STORE_OK)
		return 0;
	rc = store_complaint_merge(ui->st, &ui->me, cp.id, into, other, &moved);
	if (rc != STORE_OK)
		return done(ui, rc);
	ui_message(ui, 0, P_("complaint %lld merged into %lld (%d interaction moved)",
			     "complaint %lld merged into %lld (%d interactions moved)",
			     moved), cp.id, into, moved);
	return FX_RELOAD;
}

CMD_FN(cmd_link)
{
	struct complaint cp;
	long long other;
	int already = 0, rc;

	(void)c;
	(void)fx;
	if (!other_id(ui, args, _("usage: :link ID (the related complaint)"), &other))
		return 0;
	if (strchr(args, ' ') != NULL) {
		ui_message(ui, 1, "%s", _("usage: :link ID (the related complaint)"));
		return 0;
	}
	if (selected(ui, &cp) != STORE_OK)
		return 0;
	rc = store_complaint_link(ui->st, &ui->me, cp.id, other, &already);
	if (rc != STORE_OK)
		return done(ui, rc);
	if (already)
		ui_message(ui, 0, _("complaints %lld and %lld were already linked"),
			   cp.id, other);
	else
		ui_message(ui, 0, _("complaints %lld and %lld are linked"), cp.id,
			   other);
	return FX_RELOAD;
}

CMD_FN(cmd_split)
{
	static const char usage[] =
		N_("usage: :split [MESSAGE] (without a number: the message selected in the timeline)");
	long long msg, from = 0, id = 0;
	int rc;

	(void)c;
	(void)fx;
	if (args[0] != '\0') {
		if (!other_id(ui, args, _(usage), &msg))
			return 0;
		if (strchr(args, ' ') != NULL) {
			ui_message(ui, 1, "%s", _(usage));
			return 0;
		}
	} else if ((msg = pane_timeline_message(&ui->panes[PANE_TIMELINE])) == 0) {
		ui_message(ui, 1, "%s",
			   _("select a customer's message in the timeline first (Tab to it), or give its number: :split MESSAGE"));
		return 0;
	}
	rc = store_interaction_split(ui->st, &ui->me, msg, NULL, &from, &id);
	if (rc != STORE_OK)
		return done(ui, rc);
	ui_message(ui, 0, _("message %lld split off complaint %lld into new complaint %lld (linked)"),
		   msg, from, id);
	return FX_RELOAD;
}

/* In the supervisor view: each marked complaint through the workflow's
 * assign, checked and audited. */
static unsigned assign_marked(struct ui *ui, const char *login)
{
	const long long *ids;
	char err[256] = "";
	int n = pane_super_marked(&ui->super, &ids), moved = 0, failed = 0, i;

	if (n == 0) {
		ui_message(ui, 1, "%s", _("no complaint is marked (x marks one)"));
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (store_complaint_assign(ui->st, &ui->me, ids[i], login) ==
		    STORE_OK)
			moved++;
		else if (failed++ == 0)
			snprintf(err, sizeof err, "%s", store_errmsg(ui->st));
	}
	if (failed)
		ui_message(ui, 1, _("Reassigned %d of %d: %s"), moved,
			   moved + failed, err);
	else
		ui_message(ui, 0, _("Reassigned %d complaints to %s."), moved, login);
	pane_super_assigned(&ui->super);
	return FX_RELOAD;
}

CMD_FN(cmd_attach)
{
	(void)fx;
	if (composing(ui, c))
		pane_compose_attach(ui, &ui->panes[PANE_COMPOSE], args);
	return 0;
}

/* The same release as `temas quarantine release ID`: the command's own
 * code, its message brought to the status line. */
CMD_FN(cmd_calendar)
{
	char channel[64], name[128];
	size_t pos = 0;
	int rc;

	(void)c;
	(void)fx;
	if (!cmdline_word(args, &pos, channel, sizeof channel) ||
	    !cmdline_word(args, &pos, name, sizeof name) || args[pos] != '\0') {
		ui_message(ui, 1, "%s", _("usage: :calendar CHANNEL NAME|none"));
		return 0;
	}
	if (ui->me.role != ROLE_SUPERVISOR) {
		ui_message(ui, 1, "%s", _("only a supervisor can change calendars"));
		return 0;
	}
	rc = store_calendar_assign(ui->st, ui->me.login, channel,
				   strcmp(name, "none") == 0 ? NULL : name);
	if (rc != STORE_OK)
		return done(ui, rc);
	if (strcmp(name, "none") == 0)
		ui_message(ui, 0, _("channel %s: due times count all hours"), channel);
	else
		ui_message(ui, 0, _("channel %s: due times count working time in calendar %s"),
			   channel, name);
	return FX_RELOAD;
}

/* The same rule as `temas assign-rule set`, from the console. */
CMD_FN(cmd_assign_rule)
{
	char channel[64], mode[32], skill[64] = "";
	size_t pos = 0;
	int m, skills = 0, rc;

	(void)c;
	(void)fx;
	if (!cmdline_word(args, &pos, channel, sizeof channel) ||
	    !cmdline_word(args, &pos, mode, sizeof mode) ||
	    (cmdline_word(args, &pos, skill, sizeof skill) && args[pos] != '\0')) {
		ui_message(ui, 1, "%s",
			   _("usage: :assign-rule CHANNEL round-robin|least-loaded|off [channel,language]"));
		return 0;
	}
	if ((m = assign_mode_parse(mode)) < 0) {
		ui_message(ui, 1, _("'%s' is not a mode: round-robin, least-loaded or off"), mode);
		return 0;
	}
	if (skill[0] != '\0' && (m == ASSIGN_OFF || assign_skills_parse(skill, &skills) != 0)) {
		ui_message(ui, 1, _("'%s': skills are channel, language or channel,language, with a rule"),
			   skill);
		return 0;
	}
	if (ui->me.role != ROLE_SUPERVISOR) {
		ui_message(ui, 1, "%s", _("only a supervisor can change assignment rules"));
		return 0;
	}
	rc = store_assign_rule_set(ui->st, ui->me.login, channel, (enum assign_mode)m, skills);
	if (rc != STORE_OK)
		return done(ui, rc);
	if (m == ASSIGN_OFF)
		ui_message(ui, 0, _("%s: auto-assignment off"), channel);
	else
		ui_message(ui, 0, _("%s: new complaints are assigned %s"), channel,
			   m == ASSIGN_ROUND_ROBIN ? _("round-robin") : _("to the least loaded agent"));
	return FX_RELOAD;
}

CMD_FN(cmd_escalate)
{
	int fired = 0, rc;

	(void)c;
	(void)fx;
	(void)args;
	rc = store_escalate_run(ui->st, &fired);
	if (rc != STORE_OK)
		return done(ui, rc);
	if (fired == 0)
		ui_message(ui, 0, "%s", _("no escalation rule is due"));
	else
		ui_message(ui, 0, P_("escalation rules acted on %d complaint",
				     "escalation rules acted on %d complaints", fired),
			   fired);
	return FX_RELOAD;
}

CMD_FN(cmd_release_held)
{
	char err[512] = "";
	struct cli cl = { ui->st, store_path(ui->st), ui->opt->login, "temas",
			  ui->opt->cfg, err, sizeof err, NULL, 0 };
	long long id;
	char *end;

	(void)fx;
	(void)c;
	id = strtoll(args, &end, 10);
	if (args[0] == '\0' || *end != '\0' || id <= 0) {
		ui_message(ui, 1, "%s", _("usage: :release-held ID (the number in the supervisor view's Mail list)"));
		return 0;
	}
	if (cli_release_held(&cl, id, 1) != EXIT_OK) {
		ui_message(ui, 1, "%s", err[0] ? err : _("the held e-mail was not released"));
		return 0;
	}
	/* What filing it said (another open complaint about the same
	 * order, say) is said with it, not dropped. */
	if (err[0])
		ui_message(ui, 0, _("held e-mail %lld released and filed; %s"), id, err);
	else
		ui_message(ui, 0, _("held e-mail %lld released and filed"), id);
	return FX_RELOAD;
}

CMD_FN(cmd_assign)
{
	char login[128];
	size_t pos = 0;
	int rc;

	/* Without a login, in the supervisor view: pick the agent for its
	 * marked complaints. */
	if (args[0] == '\0' && ui->super_open) {
		fx->nav = c->nav;
		return FX_NAV;
	}
	if (!cmdline_word(args, &pos, login, sizeof login) ||
	    args[pos] != '\0') {
		ui_message(ui, 1, "%s", _("usage: :assign LOGIN"));
		return 0;
	}
	if (ui->super_open)
		return assign_marked(ui, login);
	if (!need_complaint(ui))
		return 0;
	if (!known_agent(ui, login))
		return 0;
	rc = store_complaint_assign(ui->st, &ui->me, ui->complaint_id, login);
	done(ui, rc);
	if (rc == STORE_OK)
		ui_message(ui, 0, _("complaint %lld assigned to %s"),
			   ui->complaint_id, login);
	return FX_RELOAD;
}

/* Each state is picked by its first letter: n o p e r c. */
static int state_key(enum complaint_status to)
{
	return store_status_name(to)[0];
}

/* s: the states the complaint may go to, as a small list. */
static unsigned status_menu(struct ui *ui, const struct complaint *cp)
{
	struct menu *m = &ui->menu;
	struct menu_item *it;
	enum complaint_status to;
	int i;

	menu_begin(m);
	snprintf(m->title, sizeof m->title, _("complaint %lld is %s; make it:"),
		 cp->id, ui_label(store_status_name(cp->status)));
	for (i = 0; i < ST_COUNT; i++) {
		to = (enum complaint_status)i;
		if (!store_status_allowed(cp->status, to))
			continue;
		if ((it = menu_add(m, state_key(to))) == NULL)
			break;
		snprintf(it->label, sizeof it->label, "%s",
			 ui_label(store_status_name(to)));
		snprintf(it->line, sizeof it->line, "status %s",
			 store_status_name(to));
	}
	if (m->n == 0) {
		ui_message(ui, 1, _("complaint %lld is %s: no state follows"),
			   cp->id, store_status_name(cp->status));
		return 0;
	}
	m->open = 1;
	return 0;
}

CMD_FN(cmd_status)
{
	enum complaint_status to;
	struct complaint cp;
	char word[64], list[200];
	size_t pos = 0;
	int rc;

	if (selected(ui, &cp) != STORE_OK)
		return 0;
	if (!cmdline_word(args, &pos, word, sizeof word))
		return status_menu(ui, &cp);
	if (!known_state(ui, word, &to))
		return 0;
	if (!store_status_allowed(cp.status, to)) {
		store_status_targets(cp.status, list, sizeof list);
		/* Short enough for the status line at 80 columns. */
		ui_message(ui, 1, _("cannot go from %s to %s; from %s: %s"),
			   store_status_name(cp.status), word,
			   store_status_name(cp.status), list);
		return 0;
	}
	/* Resolving without a note: the note is written in compose. */
	if (to == ST_RESOLVED && args[pos] == '\0') {
		pane_compose_open(ui, &ui->panes[PANE_COMPOSE], COMPOSE_RESOLVE,
				  &cp, fx);
		return fx->flags;
	}
	rc = store_complaint_set_status(ui->st, &ui->me, cp.id, to,
					args[pos] ? args + pos : NULL);
	done(ui, rc);
	if (rc == STORE_OK && store_csat_queued(ui->st) > 0)
		ui_message(ui, 0, _("complaint %lld is now %s; satisfaction question queued"),
			   cp.id, ui_label(store_status_name(to)));
	else if (rc == STORE_OK)
		ui_message(ui, 0, _("complaint %lld is now %s"), cp.id,
			   ui_label(store_status_name(to)));
	return FX_RELOAD;
}

/* 1 when channel is "" or a channel of the database; else 0, the
 * channels listed. */
static int known_channel(struct ui *ui, const char *channel)
{
	struct channel_stat *ch;
	struct words ws;
	char list[300];
	int n, i, rc, yes = 0;

	if (channel[0] == '\0')
		return 1;
	/* Checked against every channel: the words list keeps only the
	 * first of them, enough for the message. */
	if ((rc = store_channel_list(ui->st, &ch, &n)) != STORE_OK) {
		ui_report(ui, rc);
		return 0;
	}
	for (i = 0; i < n && !yes; i++)
		yes = strcmp(ch[i].code, channel) == 0;
	if (!yes && words_new(&ws) == 0) {
		for (i = 0; i < n; i++)
			words_add(&ws, ch[i].code);
		words_join(&ws, list, sizeof list);
		ui_message(ui, 1, _("unknown channel '%s'; channels: %s"), channel,
			   list);
		free(ws.w);
	}
	free(ch);
	return yes;
}

/* Show the queue as the filter text says; 0 (message said) when it
 * says nothing the queue can show. */
static int apply_filter(struct ui *ui, const char *text, const char *view)
{
	struct queue_query q;
	char err[512];

	pane_queue_query(&ui->panes[PANE_QUEUE], &q, NULL, 0);
	if (filter_parse(text, &q, err, sizeof err) != 0) {
		ui_message(ui, 1, "%s", err);
		return 0;
	}
	if (!known_channel(ui, q.channel) ||
	    (q.assignee[0] && !known_agent(ui, q.assignee)))
		return 0;
	pane_queue_set_query(&ui->panes[PANE_QUEUE], &q, view);
	ui->pinned = 0;
	return 1;
}

CMD_FN(cmd_filter)
{
	/* Without a word: the next filter, as the f key. */
	if (args[0] == '\0') {
		fx->nav = c->nav;
		return FX_NAV;
	}
	if (!apply_filter(ui, args, NULL))
		return 0;
	fx->pane = PANE_QUEUE;
	return FX_FOCUS;
}

static void show_tags(struct ui *ui)
{
	const char *now;

	if (store_complaint_tags(ui->st, ui->complaint_id, &now) != STORE_OK)
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
	else if (now[0])
		ui_message(ui, 0, _("complaint %lld: tags %s"), ui->complaint_id,
			   now);
	else
		ui_message(ui, 0, _("complaint %lld has no tags"),
			   ui->complaint_id);
}

/* :tag add|remove TAG...: the selected complaint's tags. */
CMD_FN(cmd_tag)
{
	char verb[16], **tags = NULL;
	size_t pos = 0, room = strlen(args) + 1;
	int n = 0, add, rc, i;

	(void)c;
	(void)fx;
	if (!need_complaint(ui))
		return 0;
	if (!cmdline_word(args, &pos, verb, sizeof verb)) {
		show_tags(ui);
		return 0;
	}
	if (strcmp(verb, "add") != 0 && strcmp(verb, "remove") != 0) {
		ui_message(ui, 1, "%s", _("usage: :tag add|remove TAG..."));
		return 0;
	}
	add = verb[0] == 'a';
	tags = calloc(room, sizeof *tags);
	for (i = 0; tags != NULL && i < (int)room; i++) {
		tags[i] = malloc(room);
		if (tags[i] == NULL || !cmdline_word(args, &pos, tags[i], room))
			break;
		n++;
	}
	if (tags == NULL || n == 0) {
		ui_message(ui, 1, "%s", _("usage: :tag add|remove TAG..."));
		rc = STORE_OK;
	} else {
		rc = store_complaint_tag(ui->st, &ui->me, ui->complaint_id,
					 add ? (const char *const *)tags : NULL,
					 add ? n : 0,
					 add ? NULL : (const char *const *)tags,
					 add ? 0 : n);
		if (rc != STORE_OK)
			ui_message(ui, 1, "%s", store_errmsg(ui->st));
		else
			show_tags(ui);
	}
	for (i = 0; tags != NULL && i < (int)room && tags[i] != NULL; i++)
		free(tags[i]);
	free(tags);
	return n > 0 && rc == STORE_OK ? FX_RELOAD : 0;
}

/* ---- the marked complaints (t), acted on together (; or :marked) ---- */

static int bulk_result(struct ui *ui, int rc, char *why, size_t n)
{
	if (rc == STORE_OK)
		return 0;
	if (n > 0)
		snprintf(why, n, "%s", store_errmsg(ui->st));
	return -1;
}

static int bulk_claim(struct ui *ui, long long id, void *ctx, char *why,
		      size_t n)
{
	char holder[64];
	int rc = store_complaint_claim(ui->st, &ui->me, id, holder, sizeof holder);

	/* ctx counts the complaints that were ours already. */
	if (rc == STORE_OK && holder[0] != '\0')
		(*(int *)ctx)++;
	return bulk_result(ui, rc, why, n);
}

static int bulk_release(struct ui *ui, long long id, void *ctx, char *why,
			size_t n)
{
	(void)ctx;
	return bulk_result(ui, store_complaint_release(ui->st, &ui->me, id),
			   why, n);
}

static int bulk_assign(struct ui *ui, long long id, void *ctx, char *why,
		       size_t n)
{
	return bulk_result(ui, store_complaint_assign(ui->st, &ui->me, id, ctx),
			   why, n);
}

struct bulk_status {
	enum complaint_status to;
	const char *note;
};

static int bulk_status(struct ui *ui, long long id, void *ctx, char *why,
		       size_t n)
{
	struct bulk_status *b = ctx;

	return bulk_result(ui, store_complaint_set_status(ui->st, &ui->me, id,
							  b->to, b->note),
			   why, n);
}

struct bulk_tag {
	int add, n;
	const char *const *tags;
};

static int bulk_tag(struct ui *ui, long long id, void *ctx, char *why,
		    size_t n)
{
	struct bulk_tag *b = ctx;

	return bulk_result(ui, store_complaint_tag(ui->st, &ui->me, id,
						   b->add ? b->tags : NULL,
						   b->add ? b->n : 0,
						   b->add ? NULL : b->tags,
						   b->add ? 0 : b->n),
			   why, n);
}

/* ;s: every state, each complaint checked on its own when it runs. */
static void marked_status_menu(struct ui *ui)
{
	struct menu *m = &ui->menu;
	struct menu_item *it;
	enum complaint_status to;
	int i;

	menu_begin(m);
	snprintf(m->title, sizeof m->title,
		 P_("%d marked complaint; make it:", "%d marked complaints; make them:",
		    ui->nmarks), (int)ui->nmarks);
	for (i = 0; i < ST_COUNT; i++) {
		to = (enum complaint_status)i;
		if ((it = menu_add(m, state_key(to))) == NULL)
			break;
		snprintf(it->label, sizeof it->label, "%s",
			 ui_label(store_status_name(to)));
		snprintf(it->line, sizeof it->line, "marked status %s",
			 store_status_name(to));
	}
	m->open = 1;
}

static unsigned marked_status(struct ui *ui, const char *args, struct effect *fx)
{
	struct bulk_status b;
	char word[64];
	size_t pos = 0;
	int n = (int)ui->nmarks;

	if (!cmdline_word(args, &pos, word, sizeof word)) {
		marked_status_menu(ui);
		return 0;
	}
	if (!known_state(ui, word, &b.to))
		return 0;
	b.note = args[pos] ? args + pos : NULL;
	if (b.to == ST_RESOLVED && b.note == NULL) {
		/* One note for them all, typed on the line. */
		ui_message(ui, 1, "%s", _("resolving the marked needs a note: type it"));
		fx->prompt = PROMPT_COMMAND;
		snprintf(fx->prompt_text, sizeof fx->prompt_text, "%s",
			 "marked status resolved ");
		return FX_PROMPT;
	}
	if (ui_bulk_run(ui, bulk_status, &b, _("%d of %d changed; %s")) == 0)
		ui_message(ui, 0, P_("%d complaint is now %s",
				     "%d complaints are now %s", n), n,
			   ui_label(store_status_name(b.to)));
	return FX_RELOAD;
}

static unsigned marked_assign(struct ui *ui, const char *args, struct effect *fx)
{
	char login[128];
	size_t pos = 0;
	int n = (int)ui->nmarks;

	if (!cmdline_word(args, &pos, login, sizeof login)) {
		fx->prompt = PROMPT_COMMAND;
		snprintf(fx->prompt_text, sizeof fx->prompt_text, "%s",
			 "marked assign ");
		return FX_PROMPT;
	}
	if (args[pos] != '\0') {
		ui_message(ui, 1, "%s", _("usage: :marked assign LOGIN"));
		return 0;
	}
	if (!known_agent(ui, login))
		return 0;
	if (ui_bulk_run(ui, bulk_assign, login, _("%d of %d assigned; %s")) == 0)
		ui_message(ui, 0, P_("%d complaint assigned to %s",
				     "%d complaints assigned to %s", n), n, login);
	return FX_RELOAD;
}

static unsigned marked_tag(struct ui *ui, const char *args)
{
	struct bulk_tag b;
	char verb[16], **tags;
	size_t pos = 0, room = strlen(args) + 1;
	int i, n = (int)ui->nmarks;

	if (!cmdline_word(args, &pos, verb, sizeof verb) ||
	    (strcmp(verb, "add") != 0 && strcmp(verb, "remove") != 0)) {
		ui_message(ui, 1, "%s", _("usage: :marked tag add|remove TAG..."));
		return 0;
	}
	tags = calloc(room, sizeof *tags);
	b.add = verb[0] == 'a';
	b.n = 0;
	for (i = 0; tags != NULL && i < (int)room; i++) {
		tags[i] = malloc(room);
		if (tags[i] == NULL || !cmdline_word(args, &pos, tags[i], room))
			break;
		b.n++;
	}
	if (tags == NULL || b.n == 0) {
		ui_message(ui, 1, "%s", _("usage: :marked tag add|remove TAG..."));
	} else {
		b.tags = (const char *const *)tags;
		if (ui_bulk_run(ui, bulk_tag, &b, b.add ? _("%d of %d tagged; %s")
						  : _("%d of %d untagged; %s")) == 0)
			ui_message(ui, 0, b.add ? P_("%d complaint tagged",
						     "%d complaints tagged", n)
						: P_("%d complaint untagged",
						     "%d complaints untagged", n), n);
	}
	for (i = 0; tags != NULL && i < (int)room && tags[i] != NULL; i++)
		free(tags[i]);
	free(tags);
	return b.n > 0 ? FX_RELOAD : 0;
}

/*
 * :marked COMMAND: the command for every marked complaint.  Alone (the ;
 * key) it waits for a key, whose command then runs this way, as
 * neomutt's tag-prefix.
 */
CMD_FN(cmd_marked)
{
	char verb[64];
	size_t pos = 0;
	int n = (int)ui->nmarks;

	(void)c;
	if (n == 0) {
		ui_message(ui, 1, "%s", _("no complaint is marked (t marks one)"));
		return 0;
	}
	if (!cmdline_word(args, &pos, verb, sizeof verb)) {
		ui->prefix = 1;
		ui_message(ui, 0, P_("%d marked: the next key acts on it (Esc: none)",
				     "%d marked: the next key acts on them all (Esc: none)",
				     n), n);
		return 0;
	}
	while (args[pos] == ' ')
		pos++;
	if (strcmp(verb, "claim") == 0 && args[pos] == '\0') {
		int mine = 0;

		if (ui_bulk_run(ui, bulk_claim, &mine, _("%d of %d claimed; %s")) != 0)
			return FX_RELOAD;
		if (mine == 0)
			ui_message(ui, 0, P_("%d complaint claimed",
					     "%d complaints claimed", n), n);
		else {
			char got[96];

			/* Only the ones taken now count as claimed. */
			snprintf(got, sizeof got, P_("%d complaint claimed",
						     "%d complaints claimed", n - mine),
				 n - mine);
			ui_message(ui, 0, P_("%s; %d was already yours",
					     "%s; %d were already yours", mine), got, mine);
		}
		return FX_RELOAD;
	}
	if (strcmp(verb, "release") == 0 && args[pos] == '\0') {
		if (ui_bulk_run(ui, bulk_release, NULL, _("%d of %d released; %s")) == 0)
			ui_message(ui, 0, P_("%d complaint released",
					     "%d complaints released", n), n);
		return FX_RELOAD;
	}
	if (strcmp(verb, "status") == 0)
		return marked_status(ui, args + pos, fx);
	if (strcmp(verb, "assign") == 0)
		return marked_assign(ui, args + pos, fx);
	if (strcmp(verb, "tag") == 0)
		return marked_tag(ui, args + pos);
	if (strcmp(verb, "macro") == 0 && args[pos] == '\0') {
		/* ;m: the command line, for the macro's name (Tab). */
		fx->prompt = PROMPT_COMMAND;
		snprintf(fx->prompt_text, sizeof fx->prompt_text, "%s",
			 "marked macro ");
		return FX_PROMPT;
	}
	if (strcmp(verb, "macro") == 0) {
		char *name = macro_named(ui, args + pos);
		unsigned fxs = name != NULL ? marked_macro(ui, name) : 0;

		free(name);
		return fxs;
	}
	if (strcmp(verb, "command") == 0) {
		/* ;: the command line, ready for the command. */
		fx->prompt = PROMPT_COMMAND;
		snprintf(fx->prompt_text, sizeof fx->prompt_text, "%s", "marked ");
		return FX_PROMPT;
	}
	if (strcmp(verb, "cancel") == 0)
		return 0;
	ui_message(ui, 1, _(":%s does not act on marked complaints (claim, release, status, assign, tag, macro do)"),
		   verb);
	return 0;
}

static int mark_one(void *ctx, const struct queue_row *r)
{
	struct ui *ui = ctx;

	if (!ui_mark_has(ui, r->c.id))
		ui_mark_toggle(ui, r->c.id);
	return 0;
}

CMD_FN(cmd_mark_all)
{
	int rc;

	(void)c;
	(void)args;
	(void)fx;
	rc = pane_queue_each(ui, &ui->panes[PANE_QUEUE], mark_one, ui);
	if (rc != STORE_OK) {
		ui_report(ui, rc);
		return 0;
	}
	ui_message(ui, 0, P_("%d complaint marked", "%d complaints marked",
			     ui->nmarks), (int)ui->nmarks);
	return 0;
}

CMD_FN(cmd_unmark)
{
	(void)c;
	(void)args;
	(void)fx;
	ui_marks_clear(ui);
	ui_message(ui, 0, "%s", _("no complaint is marked now"));
	return 0;
}

/* v: the views to pick from, and the whole queue. */
static void view_menu(struct ui *ui)
{
	/* A letter each while they last; not j, k, g or q, which move in the
	 * list or close it. */
	static const char keys[] = "123456789abcdefhilmnoprstuvwxyz";
	struct menu *m = &ui->menu;
	struct menu_item *it;
	struct saved_view *v;
	int n, i;

	if (store_view_list(ui->st, &ui->me, &v, &n) != STORE_OK) {
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return;
	}
	if (n == 0) {
		ui_message(ui, 1, "%s", _("no saved view yet: :view save NAME keeps the queue's filter"));
		return;
	}
	menu_begin(m);
	snprintf(m->title, sizeof m->title, "%s", _("saved views:"));
	if ((it = menu_add(m, '0')) != NULL) {
		snprintf(it->label, sizeof it->label, "%s",
			 _("none: the whole queue"));
		snprintf(it->line, sizeof it->line, "filter all");
	}
	for (i = 0; it != NULL && i < n; i++) {
		size_t len;

		it = menu_add(m, i < (int)sizeof keys - 1 ? keys[i] : 0);
		if (it == NULL)
			break;
		len = text_fit(v[i].name, TAG_MAX_CHARS * 2, it->label,
			       sizeof it->label, 0);
		snprintf(it->label + len, sizeof it->label - len, "%s",
			 v[i].shared ? _(" (shared)") : "");
		snprintf(it->line, sizeof it->line, "view %s", v[i].name);
	}
	store_view_list_free(v, n);
	if (it == NULL) {
		ui_message(ui, 1, "%s", _("out of memory"));
		return;
	}
	m->open = 1;
}

static unsigned view_save(struct ui *ui, const char *args)
{
	struct queue_query q;
	char name[TAG_MAX_BYTES + 8], flag[16] = "", text[512];
	size_t pos = 0;
	int shared, rc;

	if (!cmdline_word(args, &pos, name, sizeof name) ||
	    (cmdline_word(args, &pos, flag, sizeof flag) &&
	     strcmp(flag, "--shared") != 0) || args[pos] != '\0') {
		ui_message(ui, 1, "%s", _("usage: :view save NAME [--shared]"));
		return 0;
	}
	shared = flag[0] != '\0';
	pane_queue_query(&ui->panes[PANE_QUEUE], &q, NULL, 0);
	/* Never a cut filter: read back, it would be another one. */
	if (filter_format(&q, text, sizeof text) != 0) {
		ui_message(ui, 1, "%s", _("the filter is too long"));
		return 0;
	}
	rc = store_view_save(ui->st, &ui->me, name, text, shared);
	if (rc != STORE_OK) {
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return 0;
	}
	pane_queue_set_query(&ui->panes[PANE_QUEUE], &q, name);
	ui_message(ui, 0, shared ? _("view %s saved, shared with the team: %s")
				 : _("view %s saved: %s"), name, text);
	return 0;
}

/* :view NAME, :view save NAME [--shared], :view remove NAME; alone, the
 * views to pick from. */
CMD_FN(cmd_view)
{
	const struct saved_view *one;
	struct saved_view *v;
	char word[TAG_MAX_BYTES + 8];
	size_t pos = 0;
	int n, rc, shown;

	(void)c;
	if (!cmdline_word(args, &pos, word, sizeof word)) {
		view_menu(ui);
		return 0;
	}
	if (strcmp(word, "save") == 0)
		return view_save(ui, args + pos);
	if (strcmp(word, "remove") == 0) {
		if (!cmdline_word(args, &pos, word, sizeof word) || args[pos]) {
			ui_message(ui, 1, "%s", _("usage: :view remove NAME"));
			return 0;
		}
		rc = store_view_remove(ui->st, &ui->me, word);
		if (rc != STORE_OK)
			ui_message(ui, 1, "%s", store_errmsg(ui->st));
		else
			ui_message(ui, 0, _("view %s removed"), word);
		return 0;
	}
	if (args[pos] != '\0') {
		ui_message(ui, 1, "%s", _("usage: :view NAME"));
		return 0;
	}
	if (store_view_list(ui->st, &ui->me, &v, &n) != STORE_OK) {
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return 0;
	}
	one = store_view_find(v, n, word);
	if (one == NULL) {
		struct words ws;
		char list[300];

		if (words_new(&ws) == 0) {
			add_view_names(&ws, v, n);
			words_join(&ws, list, sizeof list);
			ui_message(ui, 1, _("no view '%s'; views: %s"), word,
				   ws.n ? list : _("none yet"));
			free(ws.w);
		}
		store_view_list_free(v, n);
		return 0;
	}
	shown = apply_filter(ui, one->filter, one->name);
	store_view_list_free(v, n);
	if (!shown)
		return 0;
	fx->pane = PANE_QUEUE;
	return FX_FOCUS;
}

/* :snooze WHEN [NOTE]: the words after the time are the note.  Alone
 * (the z key), the command line holding it, for the time. */
CMD_FN(cmd_snooze)
{
	struct complaint cp;
	char err[256], when[64];
	const char *note;
	long long until, now = store_now(ui->st);
	size_t used;
	int claimed = 0, rc;

	(void)c;
	if (args[0] == '\0') {
		if (!need_complaint(ui))
			return 0;
		fx->prompt = PROMPT_COMMAND;
		snprintf(fx->prompt_text, sizeof fx->prompt_text, "snooze ");
		return FX_PROMPT;
	}
	if (selected(ui, &cp) != STORE_OK)
		return 0;
	if (text_when_parse(args, now, &until, &used, err, sizeof err) != 0) {
		ui_message(ui, 1, "%s", err);
		return 0;
	}
	note = args + used;
	note += strspn(note, " \t");
	rc = store_complaint_snooze(ui->st, &ui->me, cp.id, until,
				    note[0] ? note : NULL, &claimed);
	if (rc != STORE_OK)
		return done(ui, rc);
	text_when_format(until, now, when, sizeof when);
	if (claimed)
		ui_message(ui, 0, _("complaint %lld is yours, snoozed until %s"),
			   cp.id, when);
	else
		ui_message(ui, 0, _("complaint %lld snoozed until %s"), cp.id,
			   when);
	return FX_RELOAD;
}

CMD_FN(cmd_unsnooze)
{
	struct complaint cp;
	char when[64];
	long long was = 0;
	int rc;

	(void)c;
	(void)fx;
	if (selected(ui, &cp) != STORE_OK)
		return 0;
	rc = store_complaint_unsnooze(ui->st, &ui->me, cp.id, &was);
	if (rc != STORE_OK)
		return done(ui, rc);
	if (was == 0) {
		ui_message(ui, 0, _("complaint %lld was not snoozed"), cp.id);
		return 0;
	}
	text_when_format(was, store_now(ui->st), when, sizeof when);
	ui_message(ui, 0, _("complaint %lld unsnoozed (it was until %s)"),
		   cp.id, when);
	return FX_RELOAD;
}

/* What a snooze time may start with, English and Turkish. */
static void list_when(struct words *ws)
{
	static const char *const w[] = {
		"+30m", "+1h", "+2h", "+1d", "+1w", "tomorrow", "today",
		"monday", "tuesday", "wednesday", "thursday", "friday",
		"saturday", "sunday", "yarın", "bugün", "pazartesi", "salı",
		"çarşamba", "perşembe", "cuma", "cumartesi", "pazar",
	};
	size_t i;

	for (i = 0; i < sizeof w / sizeof w[0]; i++)
		words_add(ws, w[i]);
}

/* A reply a macro wrote: 1 when it waits in the outbox (a channel that
 * delivers), 0 when it was recorded as sent. */
static int macro_reply_queued(struct ui *ui, const struct macro_result *r)
{
	char state[16];

	return r->reply_id != 0 &&
	       store_outbox_state(ui->st, r->reply_id, state, sizeof state,
				  NULL) == STORE_OK;
}

/* What one macro did, for the status line: a reply is queued, not sent,
 * on a channel that delivers. */
static void say_macro(struct ui *ui, const char *name, long long id,
		      const struct macro_result *r)
{
	if (macro_reply_queued(ui, r))
		ui_message(ui, 0, _("macro %s applied to #%lld; reply queued for delivery"),
			   name, id);
	else if (r->reply_id != 0)
		ui_message(ui, 0, _("macro %s applied to #%lld; reply sent"), name, id);
	else
		ui_message(ui, 0, _("macro %s applied to #%lld"), name, id);
}

/*
 * The macro the command line names, checked; NULL (said on the status
 * line, with the macros there are) when there is none of that name.  The
 * caller frees it.
 */
static char *macro_named(struct ui *ui, const char *args)
{
	struct macro m;
	struct words ws;
	char *name, list[300];
	size_t pos = 0, room = strlen(args) + 1;

	if ((name = calloc(1, room)) == NULL) {
		ui_message(ui, 1, "%s", _("out of memory"));
		return NULL;
	}
	if (cmdline_word(args, &pos, name, room) && args[pos] == '\0' &&
	    macro_name_check(name) == 0 &&
	    store_macro_get(ui->st, name, &m) == STORE_OK) {
		macro_free(&m);
		return name;
	}
	if (words_new(&ws) == 0) {
		list_macros(ui, &ws);
		words_join(&ws, list, sizeof list);
		if (name[0] == '\0' || args[pos] != '\0')
			ui_message(ui, 1, _("usage: :macro NAME; macros: %s"),
				   ws.n ? list : "-");
		else
			ui_message(ui, 1, _("no macro '%s'; macros: %s"), name,
				   ws.n ? list : "-");
		free(ws.w);
	}
	free(name);
	return NULL;
}

struct bulk_macro {
	const char *name;
	int queued;             /* replies waiting in the outbox */
};

static int bulk_macro(struct ui *ui, long long id, void *ctx, char *why,
		      size_t n)
{
	struct bulk_macro *b = ctx;
	struct macro_result r;
	int rc;

	rc = store_macro_apply(ui->st, &ui->me, b->name, id,
			       ui_history_seen(ui, id), &r);
	if (rc == STORE_DENIED)
		ui_history_recheck(ui, id);
	if (rc == STORE_OK && macro_reply_queued(ui, &r))
		b->queued++;
	return bulk_result(ui, rc, why, n);
}

/* The macro on every marked complaint, each in its own transaction: a
 * reply in it goes only where that customer's orders have been on
 * screen, as every reply does. */
static unsigned marked_macro(struct ui *ui, const char *name)
{
	struct bulk_macro b = { name, 0 };
	int n = (int)ui->nmarks;

	if (ui_bulk_run(ui, bulk_macro, &b, _("macro applied to %d of %d; %s")) != 0)
		return FX_RELOAD;
	if (b.queued > 0)
		ui_message(ui, 0, P_("macro %s applied to %d complaints; %d reply queued for delivery",
				     "macro %s applied to %d complaints; %d replies queued for delivery",
				     b.queued), name, n, b.queued);
	else
		ui_message(ui, 0, P_("macro %s applied to %d complaint",
				     "macro %s applied to %d complaints", n), name, n);
	return FX_RELOAD;
}

/*
 * :macro NAME: apply it to the selected complaint in one transaction of
 * the store, or, when complaints are marked, to each marked one (as
 * :marked macro).  Without a name (m), the command line holding it, where
 * Tab offers the macros.
 */
CMD_FN(cmd_macro)
{
	struct macro_result r;
	char *name;
	long long id;
	unsigned fxs = 0;

	(void)c;
	if (args[0] == '\0') {
		fx->prompt = PROMPT_COMMAND;
		snprintf(fx->prompt_text, sizeof fx->prompt_text, "macro ");
		return FX_PROMPT;
	}
	if ((name = macro_named(ui, args)) == NULL)
		return 0;
	if (ui->nmarks > 0) {
		fxs = marked_macro(ui, name);
	} else if (need_complaint(ui)) {
		id = ui->complaint_id;
		if (store_macro_apply(ui->st, &ui->me, name, id,
				      ui_history_seen(ui, id), &r) == STORE_OK) {
			say_macro(ui, name, id, &r);
			fxs = FX_RELOAD;
		} else {
			ui_message(ui, 1, "%s", store_errmsg(ui->st));
			ui_history_recheck(ui, id);
		}
	}
	free(name);
	return fxs;
}

static const struct command *find(const char *name)
{
	int i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* The help screen; over it, the same key closes it.  :help NAME opens
 * it at that command. */
CMD_FN(cmd_help)
{
	char name[64];
	size_t pos = 0;

	if (ui->help_open)
		return FX_POP;
	fx->screen = SCREEN_HELP;
	fx->help_top = 0;
	if (cmdline_word(args, &pos, name, sizeof name)) {
		if (find(name) == NULL) {
			ui_message(ui, 1, _("unknown command '%s'; :help lists them"),
				   name);
			return 0;
		}
		fx->help_top = commands_help_index(name);
	}
	return FX_PUSH;
}

CMD_FN(cmd_quit)
{
	return FX_QUIT;
}

CMD_FN(cmd_redraw)
{
	return FX_REDRAW;
}

/* The : line; with words, it starts holding them (and a blank after, for
 * what the agent adds), as tmux's command-prompt -I. */
CMD_FN(cmd_command)
{
	fx->prompt = PROMPT_COMMAND;
	if (args[0] != '\0')
		snprintf(fx->prompt_text, sizeof fx->prompt_text, "%s ", args);
	return FX_PROMPT;
}

/* p in the supervisor view: a few usual periods, or dates typed. */
static void period_menu(struct ui *ui)
{
	static const int days[] = { 7, 30, 90, 365 };
	static const char keys[] = "73ny";
	struct menu *m = &ui->menu;
	struct menu_item *it;
	size_t i;

	menu_begin(m);
	snprintf(m->title, sizeof m->title, "%s", _("period of the figures:"));
	for (i = 0; i < sizeof days / sizeof days[0]; i++) {
		if ((it = menu_add(m, keys[i])) == NULL)
			return;
		snprintf(it->label, sizeof it->label, _("the last %d days"),
			 days[i]);
		snprintf(it->line, sizeof it->line, "period %d", days[i]);
	}
	if ((it = menu_add(m, 'd')) == NULL)
		return;
	snprintf(it->label, sizeof it->label, "%s",
		 _("dates: FROM TO (YYYY-MM-DD)..."));
	snprintf(it->line, sizeof it->line, "%s", "command period");
	m->open = 1;
}

CMD_FN(cmd_period)
{
	char a[64], b[64];
	size_t pos = 0;
	long long since, until;
	int have_b, n;

	if (!cmdline_word(args, &pos, a, sizeof a)) {
		if (ui->super_open)
			period_menu(ui);
		else
			ui_message(ui, 1, "%s", _("the period is the supervisor view's (S)"));
		return 0;
	}
	have_b = cmdline_word(args, &pos, b, sizeof b);
	if (args[pos] != '\0') {
		ui_message(ui, 1, "%s", _("usage: :period DAYS or :period FROM [TO], dates as YYYY-MM-DD"));
		return 0;
	}
	if (!have_b && strlen(a) <= 5 && strspn(a, "0123456789") == strlen(a)) {
		n = atoi(a);
		if (n >= 1 && n <= 36500) {
			pane_super_set_period(&ui->super, n, 0, 0);
			return 0;
		}
	}
	if (strlen(a) != 10 || text_parse_day(a, 0, &since) != 0) {
		ui_message(ui, 1, _("'%s' is not a date (YYYY-MM-DD) or a number of days"),
			   a);
		return 0;
	}
	if (!have_b) {
		until = store_now(ui->st);
	} else if (strlen(b) != 10 || text_parse_day(b, 1, &until) != 0) {
		ui_message(ui, 1, _("'%s' is not a date (YYYY-MM-DD)"), b);
		return 0;
	}
	if (until <= since) {
		ui_message(ui, 1, _("the period ends before it begins (%s)"), a);
		return 0;
	}
	pane_super_set_period(&ui->super, 0, since, until);
	return 0;
}

/* Without words, the / line; with them, the search itself. */
CMD_FN(cmd_search)
{
	if (args[0] == '\0') {
		fx->prompt = PROMPT_SEARCH;
		return FX_PROMPT;
	}
	if (pane_search_run(ui, &ui->panes[PANE_SEARCH], args) != 0)
		return 0;
	return show_results(ui, fx);
}

/* S opens the view and, over it, closes it. */
CMD_FN(cmd_supervisor)
{
	if (ui->super_open)
		return FX_POP;
	if (ui->me.role != ROLE_SUPERVISOR) {
		ui_message(ui, 1, _("Supervisors only (you are %s, an agent)."),
			   ui->me.login);
		return 0;
	}
	fx->screen = SCREEN_SUPER;
	return FX_PUSH;
}

CMD_FN(cmd_theme)
{
	struct words ws;
	char name[80], err[300], list[200];
	size_t pos = 0;

	if (!cmdline_word(args, &pos, name, sizeof name) || args[pos] != '\0') {
		ui_message(ui, 1, "%s", _("usage: :theme NAME"));
		return 0;
	}
	if (ui_set_theme(ui, name, err, sizeof err) == 0) {
		ui_message(ui, 0, _("theme %s"), name);
		return 0;
	}
	if (words_new(&ws) != 0)
		return 0;
	list_themes(&ws);
	words_join(&ws, list, sizeof list);
	free(ws.w);
	ui_message(ui, 1, _("%s; themes: %s"), err, list);
	return 0;
}

CMD_FN(cmd_reveal)
{
	if (ui->customer_id == 0) {
		ui_message(ui, 1, "%s", _("no customer on screen"));
		return 0;
	}
	/* No audit row, no reveal. */
	if (store_audit(ui->st, &ui->me, "reveal", ui->complaint_id,
			ui->customer_id, NULL) != STORE_OK) {
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return 0;
	}
	ui->revealed_id = ui->customer_id;
	ui_message(ui, 0, "%s",
		   _("contact data shown until the selection changes (audited)"));
	return 0;
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

/* The results in the queue's place, the first hit's customer below. */
static unsigned show_results(struct ui *ui, struct effect *fx)
{
	fx->pane = PANE_SEARCH;
	if (!pane_search_selected(&ui->panes[PANE_SEARCH], &fx->customer_id,
				  &fx->complaint_id))
		return FX_FOCUS;
	return FX_FOCUS | FX_SHOW;
}

static unsigned open_customer(struct effect *fx, long long customer_id,
			      long long complaint_id)
{
	fx->customer_id = customer_id;
	fx->complaint_id = complaint_id;
	return FX_OPEN;
}

static unsigned open_hit_or_list(struct ui *ui, const char *query,
				 struct search_results *r, const char *what,
				 struct effect *fx)
{
	if (r->count[SEARCH_CUSTOMERS] == 1)
		return open_customer(fx, r->hits[0].customer_id,
				     r->hits[0].complaint_id);
	if (r->count[SEARCH_CUSTOMERS] == 0) {
		ui_message(ui, 1, _("no customer matches '%s'"), what);
		return 0;
	}
	if (pane_search_run(ui, &ui->panes[PANE_SEARCH], query) != 0)
		return 0;
	return show_results(ui, fx);
}

/* The customer's oldest open complaint, 0 for none (or unreadable). */
static long long oldest_open(struct ui *ui, long long customer_id)
{
	long long *ids, first = 0;
	int n;

	if (store_complaint_open_ids(ui->st, customer_id, &ids, &n) == STORE_OK &&
	    n > 0)
		first = ids[0];
	free(ids);
	return first;
}

/* Open the customer record cu, or, when it was merged into another, that
 * one, saying so. */
static unsigned open_record(struct ui *ui, struct effect *fx,
			    const struct customer *cu)
{
	long long id = cu->id;

	if (cu->merged_into != 0) {
		ui_message(ui, 0, _("customer %lld was merged into customer %lld, shown here"),
			   cu->id, cu->merged_into);
		id = cu->merged_into;
	}
	return open_customer(fx, id, oldest_open(ui, id));
}

CMD_FN(cmd_customer)
{
	struct search_results r;
	struct customer cu;
	unsigned flags;
	int i, rc, exact = -1;

	if (args[0] == '\0') {
		ui_message(ui, 1, "%s", _("usage: :customer ID|EXT-ID|E-MAIL|PHONE|NAME"));
		return 0;
	}
	if (all_digits(args) && strlen(args) < 10) {
		rc = store_customer_get(ui->st, atoll(args), &cu);
		if (rc == STORE_NOTFOUND) {
			ui_message(ui, 1, _("no customer #%s"), args);
			return 0;
		}
		if (rc != STORE_OK)
			return done(ui, rc);
		return open_record(ui, fx, &cu);
	}
	/* The team's own id (ext:ID when it is all digits) names one. */
	{
		const char *ext = strncmp(args, "ext:", 4) == 0 ? args + 4 : args;
		long long cid;

		rc = store_customer_record_by_ext(ui->st, ext, &cid);
		if (rc == STORE_OK) {
			if ((rc = store_customer_get(ui->st, cid, &cu)) != STORE_OK)
				return done(ui, rc);
			return open_record(ui, fx, &cu);
		}
		if (rc != STORE_NOTFOUND)
			return done(ui, rc);
		if (ext != args) {
			ui_message(ui, 1, _("no customer with the id '%s'"), ext);
			return 0;
		}
	}
	memset(&r, 0, sizeof r);
	rc = store_search(ui->st, args, CUSTOMER_HITS, &r);
	if (rc != STORE_OK) {
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return 0;
	}
	/* An e-mail address or a phone number names one customer even when
	 * its words match others too. */
	for (i = 0; i < r.nhits; i++) {
		if (r.hits[i].kind != SEARCH_CUSTOMERS)
			continue;
		if (store_customer_get(ui->st, r.hits[i].customer_id, &cu) ==
		    STORE_OK && same_contact(&cu, args)) {
			exact = i;
			break;
		}
	}
	if (exact >= 0)
		flags = open_customer(fx, r.hits[exact].customer_id,
				      r.hits[exact].complaint_id);
	else
		flags = open_hit_or_list(ui, args, &r, args, fx);
	search_results_free(&r);
	return flags;
}

/*
 * The record :merge-customer merges away, named as :customer names one:
 * its number, the team's id, its e-mail address or phone, or words only
 * one customer matches.  0 (the reason said) when none or several do.
 */
static long long merge_source(struct ui *ui, const char *args)
{
	struct search_results r;
	struct customer cu;
	const char *ext = strncmp(args, "ext:", 4) == 0 ? args + 4 : args;
	long long id = 0, one = 0;
	int i, rc, several = 0;

	if (all_digits(args) && strlen(args) < 10)
		return atoll(args);
	/* The record that holds the id itself: one merged already is
	 * refused, not taken for the one it was merged into. */
	rc = store_customer_record_by_ext(ui->st, ext, &id);
	if (rc == STORE_OK)
		return id;
	if (rc != STORE_NOTFOUND) {
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return 0;
	}
	if (ext != args) {
		ui_message(ui, 1, _("no customer with the id '%s'"), ext);
		return 0;
	}
	memset(&r, 0, sizeof r);
	if (store_search(ui->st, args, CUSTOMER_HITS, &r) != STORE_OK) {
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return 0;
	}
	for (i = 0; i < r.nhits && id == 0; i++) {
		if (r.hits[i].kind != SEARCH_CUSTOMERS)
			continue;
		if (one != 0 && r.hits[i].customer_id != one)
			several = 1;
		one = r.hits[i].customer_id;
		if (store_customer_get(ui->st, one, &cu) == STORE_OK &&
		    same_contact(&cu, args))
			id = one;
	}
	search_results_free(&r);
	if (id == 0 && !several)
		id = one;
	if (id == 0 && one == 0)
		ui_message(ui, 1, _("no customer matches '%s'"), args);
	else if (id == 0)
		ui_message(ui, 1, _("'%s' matches more than one customer: give the number of the one to merge (:customer %s lists them)"),
			   args, args);
	return id;
}

/*
 * :merge-customer SRC: two records of one person made one, the record on
 * screen staying (store_customer_merge).  It cannot be undone, so the
 * supervisor types SRC's number back (commands_confirmed does the rest);
 * a refusal comes before that, in the store's words.
 */
CMD_FN(cmd_merge_customer)
{
	struct customer cu;
	char name[UI_TEXT_MAX];
	long long src, into = ui->customer_id;

	(void)c;
	if (args[0] == '\0') {
		ui_message(ui, 1, "%s", _("usage: :merge-customer SRC (the record merged into the customer shown)"));
		return 0;
	}
	if (into == 0) {
		ui_message(ui, 1, "%s", _("no customer on screen: open the one that stays first (:customer ID)"));
		return 0;
	}
	if ((src = merge_source(ui, args)) == 0)
		return 0;
	if (store_customer_merge_check(ui->st, &ui->me, src, into) != STORE_OK ||
	    store_customer_get(ui->st, src, &cu) != STORE_OK) {
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return 0;
	}
	ui->merge_src = src;
	ui->merge_into = into;
	snprintf(fx->prompt_ask, sizeof fx->prompt_ask,
		 _("Merge customer %lld (%s) into %lld? Its orders, complaints and messages move to %lld; this cannot be undone."),
		 src, ui_clean(text_or(cu.name), name, sizeof name), into, into);
	snprintf(fx->prompt_text, sizeof fx->prompt_text,
		 _("Type %lld to merge, Esc cancels: "), src);
	fx->prompt = PROMPT_CONFIRM;
	return FX_PROMPT;
}

void commands_confirmed(struct ui *ui, const char *answer, struct effect *fx)
{
	struct customer_merge_counts n;
	long long src = ui->merge_src, into = ui->merge_into;
	char want[32];

	memset(fx, 0, sizeof *fx);
	ui->merge_src = ui->merge_into = 0;
	if (src == 0)
		return;
	answer += strspn(answer, " ");
	snprintf(want, sizeof want, "%lld", src);
	if (strcmp(answer, want) != 0) {
		ui_message(ui, 1, _("not confirmed (%lld was to be typed): nothing merged"),
			   src);
		return;
	}
	if (store_customer_merge(ui->st, &ui->me, src, into, &n) != STORE_OK) {
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return;
	}
	/* As the store forgets it: the orders seen are not theirs now. */
	ui_history_unsee(ui, into);
	if (n.records > 0)
		ui_message(ui, 0, _("customer %lld merged into %lld (moved: orders %d, complaints %d, messages %d, surveys %d; records merged into it before: %d)"),
			   src, into, n.orders, n.complaints, n.messages,
			   n.surveys, n.records);
	else
		ui_message(ui, 0, _("customer %lld merged into %lld (moved: orders %d, complaints %d, messages %d, surveys %d)"),
			   src, into, n.orders, n.complaints, n.messages,
			   n.surveys);
	fx->flags = FX_RELOAD;
	/* The screen moved on meanwhile: back to the record that stays. */
	if (ui->customer_id != into)
		fx->flags |= open_customer(fx, into, oldest_open(ui, into));
}

CMD_FN(cmd_order)
{
	struct search_results r;
	struct order o;
	struct customer cu;
	char shown[UI_TEXT_MAX], name[UI_TEXT_MAX];
	size_t pos = 0, room = strlen(args) + 1;
	char *number = malloc(room);
	unsigned flags = 0;
	int i, rc;

	/* An order number of any length: the word is never longer than the
	 * line it came in. */
	if (number == NULL || !cmdline_word(args, &pos, number, room) ||
	    args[pos] != '\0') {
		free(number);
		ui_message(ui, 1, "%s", _("usage: :order NUMBER"));
		return 0;
	}
	/* The number itself first: an order of an erased customer is kept
	 * (and out of the search index), and a number of many words is not
	 * lost among the hits of its words. */
	rc = store_order_by_number(ui->st, number, &o);
	if (rc == STORE_OK) {
		flags = open_customer(fx, o.customer_id, oldest_open(ui, o.customer_id));
		if (store_customer_get(ui->st, o.customer_id, &cu) != STORE_OK)
			cu.name = NULL;
		ui_message(ui, 0, _("order %s: %s"),
			   ui_clean(o.number, shown, sizeof shown),
			   ui_clean(cu.name ? cu.name : "?", name, sizeof name));
		free(number);
		return flags;
	}
	if (rc != STORE_NOTFOUND) {
		free(number);
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return 0;
	}
	memset(&r, 0, sizeof r);
	rc = store_search(ui->st, number, CUSTOMER_HITS, &r);
	if (rc != STORE_OK) {
		free(number);
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
		return 0;
	}
	for (i = 0; i < r.nhits; i++)
		if (r.hits[i].kind == SEARCH_ORDERS &&
		    text_fold_eq(r.hits[i].title, number))
			break;
	if (i < r.nhits) {
		flags = open_customer(fx, r.hits[i].customer_id,
				      r.hits[i].complaint_id);
		ui_message(ui, 0, _("order %s: %s"), r.hits[i].title,
			   r.hits[i].customer_name);
	} else {
		ui_message(ui, 1, _("no order numbered '%s'"), number);
	}
	free(number);
	search_results_free(&r);
	return flags;
}

/* ---- dispatch ---- */

/* The command a line names, and where its arguments start; NULL (with
 * the problem in why) when none. */
static const struct command *parse_line(const char *line, size_t *argpos,
					char *why, size_t n)
{
	const char *names[NCOMMANDS];
	const struct command *c;
	char name[64];
	size_t pos = 0;
	int i, s;

	if (!cmdline_word(line, &pos, name, sizeof name)) {
		snprintf(why, n, "%s", _("no command given"));
		return NULL;
	}
	while (line[pos] == ' ' || line[pos] == '\t')
		pos++;
	*argpos = pos;
	c = find(name);
	if (c != NULL)
		return c;
	for (i = 0; i < NCOMMANDS; i++)
		names[i] = commands[i].name;
	s = cmdline_suggest(name, names, NCOMMANDS);
	if (s >= 0)
		snprintf(why, n, _("unknown command '%s'; did you mean '%s'?"),
			 name, names[s]);
	else
		snprintf(why, n, _("unknown command '%s'; :help lists them"),
			 name);
	return NULL;
}

static int allowed(const struct command *c, enum cmd_context ctx)
{
	switch (ctx) {
	case CTX_MAIN:
		return 1;
	case CTX_COMPOSE:
		return (c->flags & F_COMPOSE) != 0;
	default:
		return (c->flags & F_SCREEN) != 0;
	}
}

void commands_run(struct ui *ui, const char *line, enum cmd_context ctx,
		  int typed, struct effect *fx)
{
	const struct command *c;
	char why[256], rest[CMDLINE_LINE_MAX + 1];
	size_t pos = 0, len;

	memset(fx, 0, sizeof *fx);
	c = parse_line(line, &pos, why, sizeof why);
	if (c == NULL) {
		ui_message(ui, 1, "%s", why);
		return;
	}
	if (!allowed(c, ctx)) {
		if (typed)
			ui_message(ui, 1, _(":%s is not available here"), c->name);
		return;
	}
	snprintf(rest, sizeof rest, "%s", line + pos);
	len = strlen(rest);
	while (len > 0 && (rest[len - 1] == ' ' || rest[len - 1] == '\t'))
		rest[--len] = '\0';
	if ((c->flags & F_NOARGS) && rest[0] != '\0') {
		ui_message(ui, 1, _(":%s takes no arguments"), c->name);
		return;
	}
	fx->flags |= c->run(ui, c, rest, fx);
}

int commands_check_line(const char *line, char *why, size_t n)
{
	const struct command *c;
	char name[64];
	size_t pos = 0, len;
	int i;

	c = parse_line(line, &pos, why, n);
	len = 0;
	if (c == NULL && cmdline_word(line, &len, name, sizeof name)) {
		/* In a configuration file: every command it could name. */
		len = (size_t)snprintf(why, n, _("unknown command '%.32s' (commands: "),
				       name);
		for (i = 0; i < NCOMMANDS && len < n; i++)
			len += (size_t)snprintf(why + len, n - len, "%s%s",
						i ? ", " : "", commands[i].name);
		if (len < n)
			snprintf(why + len, n - len, ")");
	}
	if (c == NULL)
		return -1;
	if ((c->flags & F_NOARGS) && line[pos] != '\0') {
		snprintf(why, n, _(":%s takes no arguments"), c->name);
		return -1;
	}
	return 0;
}

int ui_check_bindings(const struct ui_binding *binds, size_t n, char *err,
		      size_t errsz)
{
	struct keymap km;

	if (keymap_init(&km, binds, n, commands_check_line, err, errsz) != 0)
		return -1;
	keymap_free(&km);
	return 0;
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
	case ARG_TAGVERB:
		words_add(ws, "add");
		words_add(ws, "remove");
		break;
	case ARG_TAG:
		list_tags(ui, ws, "");
		break;
	case ARG_VIEW:
		list_views(ui, ws);
		words_add(ws, "save");
		words_add(ws, "remove");
		break;
	case ARG_WHEN:
		list_when(ws);
		break;
	case ARG_MACRO:
		list_macros(ui, ws);
		break;
	case ARG_CHANNEL:
		list_channels(ui, ws, "");
		break;
	case ARG_CALENDAR:
		list_calendars(ui, ws);
		break;
	case ARG_ASSIGN_MODE:
		words_add(ws, "round-robin");
		words_add(ws, "least-loaded");
		words_add(ws, "off");
		break;
	case ARG_COMMAND:
		list_commands(ws);
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
	struct words ws = { cands, 0, COMPLETE_MAX, NULL };
	const struct command *c;
	char name[64], word[COMPLETE_LEN];
	size_t pos = 0, wstart;
	int argi = 0, n;

	if (kind == PROMPT_CONFIRM)
		return 0;
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
		ws.match = line + pos;
		list_commands(&ws);
		return ws.n;
	}
	cmdline_word(line, &pos, name, sizeof name);
	c = find(name);
	if (c == NULL)
		return 0;
	/* :marked COMMAND ...: the rest completes as that command would. */
	if (c->run == cmd_marked) {
		n = commands_candidates(ui, kind, line + pos, start, cands);
		*start += pos;
		return n;
	}
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
	/* Every word after the first takes what the second does (tags). */
	if (argi > 1 && (c->arg[1] == ARG_TAG || c->arg[1] == ARG_FILTER))
		argi = 1;
	if (argi > 1)
		return 0;
	ws.match = line + wstart;
	candidates_for(ui, c->arg[argi], line + wstart, &ws);
	return ws.n;
}

int commands_help_row(const struct keymap *km, int i, struct help_row *r)
{
	const struct command *c;

	if (i < 0 || i >= NCOMMANDS)
		return 0;
	c = &commands[i];
	keymap_keys_for(km, c->name, r->keys, sizeof r->keys);
	snprintf(r->usage, sizeof r->usage, ":%s%s%s", c->name,
		 c->args[0] ? " " : "", c->args[0] ? _(c->args) : "");
	r->help = _(c->help);
	return 1;
}

int commands_help_index(const char *name)
{
	const struct command *c = find(name);

	return c != NULL ? (int)(c - commands) : 0;
}
