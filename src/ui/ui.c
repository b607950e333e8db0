/*
 * ui.c: the console's main loop.
 *
 * One loop: read what the visible panes need (the queue first, since its
 * selected row is the customer every other pane shows), draw into the
 * curses buffer, send the difference to the terminal, wait up to half a
 * second for a key.  When the wait ends with no key the loop asks SQLite
 * whether another process committed (PRAGMA data_version, a cheap read)
 * and only then reads the visible panes again.  Keys typed ahead are all
 * handled before anything is read, so holding j does not open every
 * customer on the way.
 */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/cli.h"
#include "temas/i18n.h"
#include "temas/store.h"
#include "temas/text.h"

#define POLL_MS 500

/* Set by the signal handler, read by the loop; nothing else is global. */
static volatile sig_atomic_t ui_signal;

static void on_signal(int sig)
{
	ui_signal = sig;
}

/*
 * SIGHUP (the SSH session dropped) and SIGTERM: whatever must survive the
 * session is saved here before the terminal is restored: the draft being
 * written, and this console's presence is withdrawn.
 */
static void ui_on_hangup(struct ui *ui)
{
	pane_compose_leave(ui, &ui->panes[PANE_COMPOSE]);
}

static const struct pane_ops *const pane_table[PANE_COUNT] = {
	[PANE_QUEUE] = &pane_queue_ops,
	[PANE_CUSTOMER] = &pane_customer_ops,
	[PANE_ORDERS] = &pane_orders_ops,
	[PANE_TIMELINE] = &pane_timeline_ops,
	[PANE_CHANNELS] = &pane_channels_ops,
	[PANE_COMPOSE] = &pane_compose_ops,
	[PANE_SEARCH] = &pane_search_ops,
};

/* The order Tab walks. */
static const int focus_order[] = {
	PANE_QUEUE, PANE_ORDERS, PANE_TIMELINE, PANE_CHANNELS
};
#define NFOCUS ((int)(sizeof focus_order / sizeof focus_order[0]))

static void report(struct ui *ui, int rc)
{
	if (rc != STORE_OK)
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
}

static int seen_has(const struct ui *ui, long long id)
{
	size_t i;

	for (i = 0; i < ui->nseen; i++)
		if (ui->seen[i] == id)
			return 1;
	return 0;
}

static void seen_add(struct ui *ui, long long id)
{
	long long *n;

	if (ui->nseen == ui->capseen) {
		size_t cap = ui->capseen ? ui->capseen * 2 : 64;

		n = realloc(ui->seen, cap * sizeof *n);
		if (n == NULL)
			return;
		ui->seen = n;
		ui->capseen = cap;
	}
	ui->seen[ui->nseen++] = id;
}

static void invalidate_all(struct ui *ui, int first, int sel_changed)
{
	int i;

	for (i = first; i < PANE_COUNT; i++)
		ui->panes[i].ops->invalidate(ui, &ui->panes[i], sel_changed);
}

void ui_changed(struct ui *ui)
{
	invalidate_all(ui, 0, 0);
}

static void load_pane(struct ui *ui, int i)
{
	struct pane *p = &ui->panes[i];

	if (p->visible && p->ops->needs_load(ui, p))
		report(ui, p->ops->load(ui, p));
}

/* Read what the visible panes need; follow the queue's selection. */
static void settle(struct ui *ui)
{
	long long complaint, customer;
	int i;

	if (ui->too_small)
		return;
	if (ui->super_open) {
		if (ui->super.ops->needs_load(ui, &ui->super))
			report(ui, ui->super.ops->load(ui, &ui->super));
		return;
	}
	load_pane(ui, PANE_QUEUE);
	pane_queue_selected(&ui->panes[PANE_QUEUE], &complaint, &customer);
	if (ui->pinned && complaint == ui->pin_queue_id) {
		complaint = ui->complaint_id;
		customer = ui->customer_id;
	} else {
		ui->pinned = 0;
	}
	if (complaint != ui->complaint_id) {
		ui->revealed_id = 0;
		ui->complaint_id = complaint;
		ui->audit_pending = complaint != 0;
		if (customer != ui->customer_id) {
			ui->customer_id = customer;
			invalidate_all(ui, PANE_QUEUE + 1, 1);
		}
	}
	for (i = PANE_QUEUE + 1; i < PANE_COUNT; i++)
		load_pane(ui, i);
	/* The customer was read and will be drawn now: that is opening it. */
	if (ui->audit_pending &&
	    pane_customer_loaded(&ui->panes[PANE_CUSTOMER], ui->customer_id)) {
		ui->audit_pending = 0;
		report(ui, store_audit(ui->st, &ui->me, "customer_open",
				       ui->complaint_id, ui->customer_id, NULL));
	}
}

/* The orders were on screen for this complaint: record it, once. */
static void mark_history_seen(struct ui *ui)
{
	struct pane *o = &ui->panes[PANE_ORDERS];

	if (ui->too_small || ui->help_open || ui->super_open || !o->visible ||
	    ui->complaint_id == 0 || seen_has(ui, ui->complaint_id) ||
	    !pane_orders_showing(o, ui->customer_id))
		return;
	if (store_history_mark_seen(ui->st, ui->me.id, ui->complaint_id) ==
	    STORE_OK)
		seen_add(ui, ui->complaint_id);
	else
		report(ui, STORE_ERROR);
}

static void poll_changes(struct ui *ui)
{
	long long v;

	long long minute = store_now(ui->st) / 60;

	if (store_data_version(ui->st, &v) != STORE_OK)
		return;
	/* A complaint passes its due time without anybody committing: the
	 * breached count and markers follow the clock too. */
	if (v != ui->data_version || minute != ui->clock_minute) {
		ui->data_version = v;
		ui->clock_minute = minute;
		invalidate_all(ui, 0, 0);
		ui->super.ops->invalidate(ui, &ui->super, 0);
	}
}

static void draw_too_small(struct ui *ui)
{
	char msg[128];
	int w, y = LINES / 2, x;

	snprintf(msg, sizeof msg, _("terminal too small (need %d\xc3\x97%d)"),
		 UI_MIN_COLS, UI_MIN_LINES);
	w = text_width(msg);
	x = w < COLS ? (COLS - w) / 2 : 0;
	ui_put(ui, y, x, msg, COLS - x, EL_NORMAL, 0);
	move(y, x);
}

/* The keys, then the commands: both printed from their tables. */
static int help_line(const struct ui *ui, int i, char *buf, size_t n)
{
	int keys = 0;

	if (keymap_help_line(&ui->keys, i, buf, n))
		return 1;
	while (keymap_help_line(&ui->keys, keys, buf, n))
		keys++;
	return commands_help_line(i - keys, buf, n);
}

static void draw_help(struct ui *ui)
{
	struct rect r = { 1, 0, ui->lines - 2, ui->cols };
	char line[256];
	int i, n = 0;

	while (help_line(ui, n, line, sizeof line))
		n++;
	if (ui->help_top > n - (r.h - 2))
		ui->help_top = n - (r.h - 2);
	if (ui->help_top < 0)
		ui->help_top = 0;
	ui_title(ui, &r, _("Keys (q or ? to close)"), 1);
	for (i = 0; i < r.h - 2 && help_line(ui, ui->help_top + i, line,
					       sizeof line); i++)
		ui_put(ui, r.y + 2 + i, 2, line, r.w - 3, EL_NORMAL, 1);
	move(r.y, 0);
}

static void draw(struct ui *ui)
{
	struct pane *f;
	int i, y, x;

	erase();
	if (ui->too_small) {
		draw_too_small(ui);
	} else {
		layout_draw_frame(ui, !ui->help_open && !ui->super_open);
		if (ui->help_open) {
			draw_help(ui);
		} else if (ui->super_open) {
			ui->super.ops->draw(ui, &ui->super, 1);
			if (ui->super.ops->cursor(ui, &ui->super, &y, &x))
				move(y, x);
		} else {
			for (i = 0; i < PANE_COUNT; i++)
				if (ui->panes[i].visible)
					ui->panes[i].ops->draw(ui, &ui->panes[i],
							       i == ui->focus);
			f = &ui->panes[ui->focus];
			/* The cursor sits on the selected row, where screen
			 * readers and magnifiers look. */
			if (f->ops->cursor && f->ops->cursor(ui, f, &y, &x))
				move(y, x);
			if (prompt_active(ui))
				prompt_draw(ui);
		}
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* The supervisor view takes the whole screen between the two bars. */
static void super_place(struct ui *ui)
{
	struct pane *p = &ui->super;

	p->rect.y = 1;
	p->rect.x = 0;
	p->rect.h = ui->lines - 2;
	p->rect.w = ui->cols;
	p->ops->layout(ui, p);
}

void ui_super_toggle(struct ui *ui)
{
	if (ui->super_open) {
		ui->super_open = 0;
		return;
	}
	if (ui->me.role != ROLE_SUPERVISOR) {
		ui_message(ui, 1, _("Supervisors only (you are %s, an agent)."),
			   ui->me.login);
		return;
	}
	ui->super_open = 1;
	ui->super.ops->invalidate(ui, &ui->super, 1);
	super_place(ui);
}

static void focus_pane(struct ui *ui, int id)
{
	ui->focus = id;
	layout_apply(ui);
}

void ui_focus(struct ui *ui, int id)
{
	focus_pane(ui, id);
}

/* A pane that takes raw keys (text being typed) sees them first. */
static int raw_key(struct ui *ui, int ch)
{
	int i;

	for (i = 0; i < PANE_COUNT; i++)
		if (ui->panes[i].ops->rawkey &&
		    ui->panes[i].ops->rawkey(ui, &ui->panes[i], ch))
			return 1;
	return 0;
}

static void tick(struct ui *ui)
{
	int i;

	for (i = 0; i < PANE_COUNT; i++)
		if (ui->panes[i].ops->tick)
			ui->panes[i].ops->tick(ui, &ui->panes[i]);
}

static void focus_step(struct ui *ui, int dir)
{
	int i;

	for (i = 0; i < NFOCUS; i++)
		if (focus_order[i] == ui->focus)
			break;
	i = (i + dir + NFOCUS) % NFOCUS;
	focus_pane(ui, focus_order[i]);
}

void ui_paste_mode(int on)
{
	putp(on ? "\033[?2004h" : "\033[?2004l");
	fflush(stdout);
}

/*
 * A key that arrives inside a bracketed paste: text for the compose editor
 * or the prompt line, dropped anywhere else.  Control characters other
 * than newline and tab are dropped, and a newline does not run a command.
 */
static void pasted_key(struct ui *ui, int ch)
{
	if (ch >= KEY_MIN || ch == 127 || (ch < 32 && ch != '\n' && ch != '\t'))
		return;
	if (prompt_active(ui)) {
		if (ch != '\n' && ch != '\t')
			prompt_key(ui, ch);
		return;
	}
	if (!ui->too_small && !ui->help_open && !ui->super_open &&
	    pane_compose_is_open(ui))
		raw_key(ui, ch);
}

static void handle_key(struct ui *ui, int ch)
{
	enum ui_action a;
	struct pane *p;

	if (ch == KEY_PASTE_BEGIN || ch == KEY_PASTE_END) {
		ui->pasting = ch == KEY_PASTE_BEGIN;
		return;
	}
	if (ui->pasting) {
		pasted_key(ui, ch);
		return;
	}
	if (ch == KEY_RESIZE) {
		layout_apply(ui);
		if (ui->super_open && !ui->too_small)
			super_place(ui);
		clearok(curscr, TRUE);
		return;
	}
	if (prompt_active(ui)) {
		prompt_key(ui, ch);
		return;
	}
	a = keymap_lookup(&ui->keys, ch);
	ui->message[0] = '\0';
	if (!ui->too_small && !ui->help_open && !ui->super_open &&
	    raw_key(ui, ch))
		return;
	if (a == ACT_QUIT || (ui->too_small && a == ACT_BACK)) {
		ui->quit = 1;
		return;
	}
	if (ui->too_small)
		return;
	if (ui->help_open) {
		if (a == ACT_BACK || a == ACT_HELP)
			ui->help_open = 0;
		else if (a == ACT_DOWN)
			ui->help_top++;
		else if (a == ACT_UP)
			ui->help_top--;
		return;
	}
	if (ui->super_open && a != ACT_HELP && a != ACT_REDRAW) {
		if (a != ACT_NONE && ui->super.ops->key(ui, &ui->super, a))
			return;
		if (a == ACT_BACK || a == ACT_SUPERVISOR)
			ui->super_open = 0;
		return;
	}
	switch (a) {
	case ACT_SUPERVISOR:
		ui_super_toggle(ui);
		return;
	case ACT_HELP:
		ui->help_open = 1;
		ui->help_top = 0;
		return;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		return;
	case ACT_COMMAND:
		prompt_open(ui, PROMPT_COMMAND);
		return;
	case ACT_SEARCH:
		prompt_open(ui, PROMPT_SEARCH);
		return;
	case ACT_NEXT_PANE:
		focus_step(ui, 1);
		return;
	case ACT_PREV_PANE:
		focus_step(ui, -1);
		return;
	default:
		break;
	}
	p = &ui->panes[ui->focus];
	if (a != ACT_NONE && p->ops->key && p->ops->key(ui, p, a))
		return;
	if (a == ACT_OPEN && ui->focus == PANE_QUEUE)
		focus_pane(ui, PANE_ORDERS);
	else if (a == ACT_BACK && ui->focus != PANE_QUEUE)
		focus_pane(ui, PANE_QUEUE);
	else if (a == ACT_BACK && ch != 27)
		ui->quit = 1;   /* q; Esc is "cancel" and never quits by accident */
}

void ui_open_customer(struct ui *ui, long long customer_id,
		      long long complaint_id)
{
	long long qc, qcust;

	if (complaint_id != 0 &&
	    pane_queue_select(ui, &ui->panes[PANE_QUEUE], complaint_id)) {
		/* The queue leads again; settle() reads the selection anew. */
		ui->pinned = 0;
		ui->complaint_id = 0;
		ui->customer_id = 0;
		focus_pane(ui, PANE_ORDERS);
		return;
	}
	/* Not in the queue (no open complaint): the customer panes show the
	 * customer until the queue's selection moves. */
	pane_queue_selected(&ui->panes[PANE_QUEUE], &qc, &qcust);
	ui->pinned = 1;
	ui->pin_queue_id = qc;
	ui->revealed_id = 0;
	ui->complaint_id = complaint_id;
	ui->customer_id = customer_id;
	ui->audit_pending = 0;
	invalidate_all(ui, PANE_QUEUE + 1, 1);
	report(ui, store_audit(ui->st, &ui->me, "customer_open", complaint_id,
			       customer_id, NULL));
	focus_pane(ui, PANE_ORDERS);
}

int ui_set_theme(struct ui *ui, const char *name, char *err, size_t errsz)
{
	struct theme t;

	if (theme_load(name, &t, err, errsz) != 0)
		return -1;
	theme_apply(&t, ui->use_colour, ui->attr);
	bkgdset(ui->attr[EL_NORMAL] | ' ');
	clearok(curscr, TRUE);
	return 0;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: the wait for a key ends at once. */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

static int start_panes(struct ui *ui)
{
	int i;

	for (i = 0; i < PANE_COUNT; i++) {
		ui->panes[i].ops = pane_table[i];
		ui->panes[i].focusable = i != PANE_CUSTOMER;
		if (pane_table[i]->init(ui, &ui->panes[i]) != STORE_OK)
			return -1;
	}
	ui->super.ops = &pane_super_ops;
	return pane_super_ops.init(ui, &ui->super) == STORE_OK ? 0 : -1;
}

static void stop_panes(struct ui *ui)
{
	int i;

	for (i = 0; i < PANE_COUNT; i++)
		if (ui->panes[i].ops && ui->panes[i].ops->fini)
			ui->panes[i].ops->fini(&ui->panes[i]);
	if (ui->super.ops && ui->super.ops->fini)
		ui->super.ops->fini(&ui->super);
}

int ui_run(struct store *st, const struct ui_options *opt)
{
	struct ui ctx;
	struct ui *ui = &ctx;
	struct theme theme;
	char err[512];
	const char *theme_name, *nc;
	SCREEN *scr;
	char *cup;
	int rc, ch, status = EXIT_OK;

	memset(ui, 0, sizeof *ui);
	ui->st = st;
	ui->opt = opt;
	ui->on_hangup = ui_on_hangup;
	ui->frame_fd = getenv("TEMAS_FRAME_FD") ?
		       atoi(getenv("TEMAS_FRAME_FD")) : -1;
	ui->frame_file = getenv("TEMAS_FRAME_FILE");
	rc = store_agent_by_login(st, opt->login, &ui->me);
	if (rc == STORE_NOTFOUND) {
		fprintf(stderr, _("temas: you (%s) are not a temas agent; a supervisor can add you with 'temas agent add %s'\n"),
			opt->login, opt->login);
		return EXIT_DENIED;
	}
	if (rc != STORE_OK) {
		fprintf(stderr, "temas: %s\n", store_errmsg(st));
		return EXIT_FAIL;
	}
	theme_name = opt->theme ? opt->theme : getenv("TEMAS_THEME");
	if (theme_load(theme_name, &theme, err, sizeof err) != 0)
		ui_message(ui, 1, _("%s (using the default theme)"), err);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s\n", _("temas: the console needs a terminal"));
		return EXIT_FAIL;
	}
	ui->turkish = text_locale_turkish(LC_MONETARY);
	ui->time_fmt = opt->date_format ? opt->date_format
					: text_locale_date_format();
	if (!opt->date_format ||
	    text_day_format(opt->date_format, ui->day_fmt, sizeof ui->day_fmt) != 0)
		snprintf(ui->day_fmt, sizeof ui->day_fmt, "%s",
			 text_locale_day_format());
	/* main checked the bindings; what can fail here is memory. */
	if (keymap_init(&ui->keys, opt->binds, opt->nbinds, err, sizeof err) != 0) {
		fprintf(stderr, "temas: %s\n", err);
		return EXIT_FAIL;
	}
	store_data_version(st, &ui->data_version);
	if (start_panes(ui) != 0) {
		stop_panes(ui);
		keymap_free(&ui->keys);
		fprintf(stderr, "%s\n", _("temas: out of memory"));
		return EXIT_FAIL;
	}
	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		stop_panes(ui);
		keymap_free(&ui->keys);
		fprintf(stderr, _("temas: cannot use terminal type '%s'\n"),
			getenv("TERM") ? getenv("TERM") : "");
		return EXIT_FAIL;
	}
	/* A terminal that cannot move the cursor (TERM=dumb) would show
	 * only the last line drawn, over and over. */
	cup = tigetstr("cup");
	if (cup == NULL || cup == (char *)-1) {
		endwin();
		delscreen(scr);
		stop_panes(ui);
		keymap_free(&ui->keys);
		fprintf(stderr, _("temas: terminal type '%s' cannot move the cursor; the console needs one that can, such as xterm or screen\n"),
			getenv("TERM") ? getenv("TERM") : "");
		return EXIT_FAIL;
	}
	install_signals();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	define_key("\033[200~", KEY_PASTE_BEGIN);
	define_key("\033[201~", KEY_PASTE_END);
	ui_paste_mode(1);
	set_escdelay(25);
	nc = getenv("NO_COLOR");
	ui->use_colour = has_colors() && (nc == NULL || *nc == '\0');
	if (ui->use_colour) {
		start_color();
		use_default_colors();
	}
	theme_apply(&theme, ui->use_colour, ui->attr);
	bkgdset(ui->attr[EL_NORMAL] | ' ');
	timeout(POLL_MS);
	layout_apply(ui);
	while (!ui->quit) {
		/* Ctrl-C at the prompt cancels the line, as in a shell. */
		if (ui_signal == SIGINT && prompt_active(ui)) {
			ui_signal = 0;
			prompt_cancel(ui);
		}
		if (ui_signal) {
			if (ui_signal != SIGINT) {
				ui->on_hangup(ui);
				status = 128 + ui_signal;
			}
			break;
		}
		poll_changes(ui);
		tick(ui);
		settle(ui);
		draw(ui);
		mark_history_seen(ui);
		if (ui->frame_file)
			ui_frame_dump(ui);
		if (ui->frame_fd >= 0 && write(ui->frame_fd, "\n", 1) != 1)
			ui->frame_fd = -1;
		ch = getch();
		if (ch == ERR)
			continue;
		ui->keys_handled += ch != KEY_RESIZE;
		handle_key(ui, ch);
		timeout(0);
		while (!ui->quit && (ch = getch()) != ERR) {
			ui->keys_handled += ch != KEY_RESIZE;
			handle_key(ui, ch);
		}
		timeout(POLL_MS);
	}
	if (status == EXIT_OK)
		pane_compose_leave(ui, &ui->panes[PANE_COMPOSE]);
	ui_paste_mode(0);
	endwin();
	delscreen(scr);
	prompt_free(ui);
	stop_panes(ui);
	keymap_free(&ui->keys);
	free(ui->seen);
	return status;
}
