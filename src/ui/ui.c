/*
 * ui.c: the console's main loop.
 *
 * One loop: read what the visible panes need (the queue first, since its
 * selected row is the customer every other pane shows), draw into the
 * curses buffer, send the difference to the terminal, then sleep until a
 * key, the store's bell (another process committed a change some screen
 * shows), or the next thing due: the selection coming to rest, the
 * heartbeat, the clock's minute, a snoozed complaint waking.  Only when
 * the store says another process committed are the visible panes read
 * again.  Keys typed ahead are all handled before anything is read, so
 * holding j does not open every customer on the way.
 */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/cli.h"
#include "temas/complaint.h"
#include "temas/customer.h"
#include "temas/draft.h"
#include "temas/i18n.h"
#include "temas/store.h"
#include "temas/text.h"

/* How often data_version is asked while something may be due soon, and
 * at most how often a console looks again after a bell (a burst of
 * commits is one look per POLL_MS, not one per commit). */
#define POLL_MS 500
/* Idle and listening for the store's bell: the longest sleep, as long
 * as the heartbeat's (pane_compose.c), so one wake-up does both.
 * Writers that ring no bell (another program writing the file) are
 * seen within it. */
#define IDLE_MS (PRESENCE_STALE_SECS * 1000 / 2)
/* How long the selection stays put before looking counts as opening. */
#define UI_REST_MS 1000
/* Moves closer together than this are a held key (auto-repeat is 25-30
 * a second; a network may bunch or spread them a little). */
#define UI_HOLD_MS 120

/* Set by the signal handler, read by the loop; nothing else is global. */
static volatile sig_atomic_t ui_signal;

/* 1 when the terminal on standard input is gone (hung up, closed). */
static int terminal_gone(void)
{
	struct pollfd pf = { STDIN_FILENO, POLLIN, 0 };
	int avail = 0;

	if (poll(&pf, 1, 0) <= 0)
		return 0;
	if (pf.revents & (POLLHUP | POLLERR | POLLNVAL))
		return 1;
	/* Readable with nothing to read: the end of it. */
	return (pf.revents & POLLIN) && ioctl(STDIN_FILENO, FIONREAD, &avail) == 0 &&
	       avail == 0;
}

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

long long ui_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ui_rested(const struct ui *ui)
{
	return ui_mono_ms() - ui->moved_ms >= ui->rest_ms;
}

/* Milliseconds until a held key counts as released; 0 once it has. */
static int ui_hold_left(const struct ui *ui)
{
	long long left = ui->hold_ms - (ui_mono_ms() - ui->moved_ms);

	return left > 0 ? (int)left : 0;
}

/*
 * How long the loop may sleep before something is due: a held key's
 * release; with no bell to listen for, POLL_MS as before; otherwise the
 * first of the selection coming to rest (presence, audit), the next
 * heartbeat, the clock's next minute (the header, the due times), a
 * snoozed complaint waking, and idle_ms.  Typing (compose, the prompt)
 * keeps POLL_MS: a draft is saved on a timer.  As tmux and tig do, an
 * idle console sleeps until a key, a bell or its next deadline.
 */
static int wait_ms(struct ui *ui)
{
	long long ms, left, now, wake, frac;
	struct timespec ts;

	if (ui->holding)
		return ui_hold_left(ui);
	/* A reply being handed over is looked at often, to say how it went. */
	if (ui_sends_running(ui) > 0)
		return POLL_MS < 250 ? POLL_MS : 250;
	if (ui->bell_fd < 0 || pane_compose_is_open(ui) || prompt_active(ui))
		return POLL_MS;
	ms = ui->idle_ms;
	left = ui->rest_ms - (ui_mono_ms() - ui->moved_ms);
	if (left > 0 && left < ms)
		ms = left;
	left = pane_compose_beat_left(ui);
	if (left < ms)
		ms = left;
	/* The store's clock is in seconds: the wall clock's milliseconds
	 * place the turn of the second (a few ms after it, not before). */
	clock_gettime(CLOCK_REALTIME, &ts);
	frac = ts.tv_nsec / 1000000;
	now = store_now(ui->st);
	left = (60 - now % 60) * 1000 - frac + 5;
	if (left < ms)
		ms = left;
	wake = pane_queue_next_wake(&ui->panes[PANE_QUEUE]);
	if (wake > now && (wake - now) * 1000 - frac + 5 < ms)
		ms = (wake - now) * 1000 - frac + 5;
	return ms > 0 ? (int)ms : 0;
}

/*
 * The next key, waiting at most ms for it.  Listening for the bell, the
 * wait is ppoll on the terminal and the bell with the console's signals
 * let in only there, so a signal or a resize that comes just before the
 * wait still ends it.  A bell rung within POLL_MS of the last look is
 * looked at when POLL_MS is over.  ERR when nothing was typed.
 */
static int wait_key(struct ui *ui, int ms)
{
	struct pollfd fds[2];
	struct timespec ts;
	sigset_t block, old;
	long long until, now, gap;
	int ch, n = 2;

	if (ui->bell_fd < 0 || ui->nextahead < ui->nahead) {
		timeout(ms);
		ch = ui_next_key(ui);
		timeout(POLL_MS);
		return ch;
	}
	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, &old);
	timeout(0);
	ch = ui_next_key(ui);
	until = ui_mono_ms() + ms;
	fds[0].fd = STDIN_FILENO;
	fds[1].fd = ui->bell_fd;
	fds[0].events = fds[1].events = POLLIN;
	while (ch == ERR && !ui_signal && (now = ui_mono_ms()) < until) {
		ts.tv_sec = (time_t)((until - now) / 1000);
		ts.tv_nsec = (long)((until - now) % 1000) * 1000000L;
		if (ppoll(fds, (nfds_t)n, &ts, &old) <= 0 || fds[0].revents)
			break;
		if (n == 2 && fds[1].revents) {
			if (store_bell_drain(ui->st) > 0)
				ui->bells++;
			gap = ui->checked_ms + POLL_MS - ui_mono_ms();
			if (gap <= 0)
				break;
			n = 1;
			if (until > ui_mono_ms() + gap)
				until = ui_mono_ms() + gap;
		}
	}
	if (ch == ERR)
		ch = ui_next_key(ui);
	sigprocmask(SIG_SETMASK, &old, NULL);
	timeout(POLL_MS);
	return ch;
}

static void invalidate_all(struct ui *ui, int first, int sel_changed);

static struct seen_at *seen_find(const struct ui *ui, long long complaint_id)
{
	size_t i;

	for (i = 0; i < ui->nseen; i++)
		if (ui->seen[i].complaint_id == complaint_id)
			return &ui->seen[i];
	return NULL;
}

const struct history_look *ui_history_seen(const struct ui *ui,
					   long long complaint_id)
{
	const struct seen_at *e = seen_find(ui, complaint_id);

	return e != NULL && e->look.at != 0 ? &e->look : NULL;
}

void ui_history_unsee(struct ui *ui, long long customer_id)
{
	struct complaint c;
	size_t i;

	/* One that cannot be read now is looked at again too. */
	for (i = 0; i < ui->nseen; i++)
		if (store_complaint_get(ui->st, ui->seen[i].complaint_id, &c) !=
		    STORE_OK || c.customer_id == customer_id)
			ui->seen[i].look.at = 0;
}

/* Asked when another process committed something of the customer's, and
 * when the store refused a reply: a merge another process made is
 * otherwise unknown here.  When orders seen before are no longer good,
 * says why (the store's words); the customer's panes are read again, and
 * the orders drawn then count. */
const char *ui_history_recheck(struct ui *ui, long long complaint_id)
{
	struct seen_at *e = seen_find(ui, complaint_id);
	struct history_look now;
	const char *why;

	if (e == NULL || e->look.at == 0 ||
	    store_complaint_look(ui->st, complaint_id, &now) != STORE_OK ||
	    (why = store_history_look_stale(&e->look, &now)) == NULL)
		return NULL;
	e->look.at = 0;
	invalidate_all(ui, PANE_QUEUE + 1, 0);
	return why;
}

static void seen_add(struct ui *ui, long long id,
		     const struct history_look *look)
{
	struct seen_at *n;

	if (ui->nseen == ui->capseen) {
		size_t cap = ui->capseen ? ui->capseen * 2 : 64;

		n = realloc(ui->seen, cap * sizeof *n);
		if (n == NULL)
			return;
		ui->seen = n;
		ui->capseen = cap;
	}
	ui->seen[ui->nseen].complaint_id = id;
	ui->seen[ui->nseen++].look = *look;
}

static void invalidate_all(struct ui *ui, int first, int sel_changed)
{
	int i;

	for (i = first; i < PANE_COUNT; i++)
		ui->panes[i].ops->invalidate(ui, &ui->panes[i], sel_changed);
}

/* This process wrote: read every pane again (data_version only tells
 * of other connections' commits). */
static void ui_changed(struct ui *ui)
{
	invalidate_all(ui, 0, 0);
	ui->super.ops->invalidate(ui, &ui->super, 0);
}

static void load_pane(struct ui *ui, int i)
{
	struct pane *p = &ui->panes[i];

	if (p->visible && p->ops->needs_load(ui, p)) {
		ui->loads++;
		ui_pane_report(ui, p, p->ops->load(ui, p));
	}
}

/* Read what the visible panes need; follow the queue's selection. */
static void follow_queue(struct ui *ui);

static void settle(struct ui *ui)
{
	int i;

	if (ui->too_small)
		return;
	if (ui->super_open) {
		if (ui->super.ops->needs_load(ui, &ui->super)) {
			ui->loads++;
			ui_pane_report(ui, &ui->super,
				       ui->super.ops->load(ui, &ui->super));
		}
		return;
	}
	follow_queue(ui);
	/* The queue is still moving: the customer panes wait. */
	if (ui->holding)
		return;
	for (i = PANE_QUEUE + 1; i < PANE_COUNT; i++)
		load_pane(ui, i);
	/* The customer was drawn and the selection rests on it: that is
	 * opening it.  Rows passed over on the way are not. */
	if (ui->audit_pending && ui_rested(ui) &&
	    pane_customer_loaded(&ui->panes[PANE_CUSTOMER], ui->customer_id)) {
		int rc = store_audit(ui->st, &ui->me, "customer_open",
				     ui->complaint_id, ui->customer_id, NULL);

		/* Given way to another program's lock: written later. */
		ui->audit_pending = rc != STORE_OK && store_gave_up(ui->st);
		ui_report(ui, rc);
	}
}

/*
 * The complaint and customer the console acts on are the queue's
 * selection: taken from it after every key, so keys typed ahead ("jc")
 * act on the row the moves before them reached, not the one they left.
 * Only the queue's page is read here; the other panes wait for settle().
 */
static void follow_queue(struct ui *ui)
{
	long long complaint = 0, customer = 0;

	if (ui->too_small || ui->super_open)
		return;
	load_pane(ui, PANE_QUEUE);
	pane_queue_selected(&ui->panes[PANE_QUEUE], &complaint, &customer);
	if (ui->pinned && complaint == ui->pin_queue_id) {
		complaint = ui->complaint_id;
		customer = ui->customer_id;
	} else {
		ui->pinned = 0;
	}
	if (complaint != ui->complaint_id) {
		long long now = ui_mono_ms();

		ui->holding = now - ui->moved_ms < ui->hold_ms;
		ui->revealed_id = 0;
		ui->complaint_id = complaint;
		ui->audit_pending = complaint != 0;
		ui->moved_ms = now;
		if (customer != ui->customer_id) {
			ui->customer_id = customer;
			invalidate_all(ui, PANE_QUEUE + 1, 1);
		}
	} else if (ui->holding && !ui_hold_left(ui)) {
		ui->holding = 0;
		/* The frame drawn while holding was not marked finished. */
		ui->redraw = 1;
	}
}

/* The orders are on screen for this complaint: remember when, once,
 * with whose they are and the records merged into them when they were
 * read.  Orders read again after a merge this session had not noticed
 * for the complaint (it was not on screen) replace the look before it.
 * Nothing is written: the reply that needs it records it. */
static void mark_history_seen(struct ui *ui)
{
	struct pane *o = &ui->panes[PANE_ORDERS];
	struct history_look look;
	struct complaint c;
	struct seen_at *e;

	if (ui->too_small || ui->help_open || ui->super_open || !o->visible ||
	    ui->complaint_id == 0 ||
	    !pane_orders_showing(o, ui->customer_id, &look))
		return;
	e = seen_find(ui, ui->complaint_id);
	if (e != NULL && e->look.at != 0 &&
	    store_history_look_stale(&e->look, &look) == NULL)
		return;
	/* Only the orders of the record the complaint belongs to now: a
	 * merge of it into another may not have been noticed yet. */
	if (store_complaint_get(ui->st, ui->complaint_id, &c) != STORE_OK ||
	    c.customer_id != ui->customer_id)
		return;
	look.at = store_now(ui->st);
	if (e == NULL)
		seen_add(ui, ui->complaint_id, &look);
	else
		e->look = look;
}

/*
 * Another process committed: mark only the panes that show what kind of
 * thing changed.  A presence heartbeat changes no counter, so an idle
 * console reads one small row and draws nothing new.
 */
static void reload_changed(struct ui *ui, const struct store_changes *c)
{
	struct complaint cp;
	int all = c->queue != ui->changes.queue;

	if (all) {
		invalidate_all(ui, 0, 0);
	} else {
		if (c->customer != ui->changes.customer)
			invalidate_all(ui, PANE_QUEUE + 1, 0);
		/* The queue's "who else looks" column and the customer
		 * header's line about the others. */
		if (c->presence != ui->changes.presence) {
			ui->panes[PANE_QUEUE].ops->invalidate(ui,
				&ui->panes[PANE_QUEUE], 0);
			ui->panes[PANE_CUSTOMER].ops->invalidate(ui,
				&ui->panes[PANE_CUSTOMER], 0);
		}
	}
	if (all || c->customer != ui->changes.customer) {
		ui->super.ops->invalidate(ui, &ui->super, 0);
		/* Perhaps a merge into the customer on screen: the orders
		 * read again now are the ones that count. */
		if (ui->complaint_id != 0)
			ui_history_recheck(ui, ui->complaint_id);
		/* The complaint on screen follows its customer into the
		 * record it was merged into (the queue, hidden behind a
		 * reply, may not have been read again). */
		if (ui->complaint_id != 0 &&
		    store_complaint_get(ui->st, ui->complaint_id, &cp) == STORE_OK &&
		    cp.customer_id != 0 && cp.customer_id != ui->customer_id) {
			ui->customer_id = cp.customer_id;
			ui->revealed_id = 0;
			ui->audit_pending = 1;
			invalidate_all(ui, PANE_QUEUE + 1, 1);
		}
	}
	ui->changes = *c;
}

/*
 * The counters are read before data_version: when no other process has
 * committed since the last look, what they moved by is this console's own
 * writes (already on screen) and becomes the new baseline; a commit of
 * another process in between changes data_version and is reloaded.
 */
static void poll_changes(struct ui *ui)
{
	struct store_changes c;
	long long v, now = store_now(ui->st), minute = now / 60;
	long long wake = pane_queue_next_wake(&ui->panes[PANE_QUEUE]);
	long long due = pane_queue_next_due(&ui->panes[PANE_QUEUE]);
	long long mine = store_tx_count(ui->st) - ui->quiet_writes;
	int own = mine != ui->own_commits, have = 0;

	/* A heartbeat that only renewed the time moved no counter. */
	if (own) {
		ui->own_commits = mine;
		ui->reads++;
		have = store_changes_read(ui->st, &c) == STORE_OK;
	}
	ui->checks++;
	ui->checked_ms = ui_mono_ms();
	if (store_data_version(ui->st, &v) != STORE_OK)
		return;
	if (v != ui->data_version) {
		ui->data_version = v;
		ui->commits_seen++;
		if (!own) {
			ui->reads++;
			have = store_changes_read(ui->st, &c) == STORE_OK;
		}
		if (have) {
			reload_changed(ui, &c);
		} else {
			invalidate_all(ui, 0, 0);
			ui->super.ops->invalidate(ui, &ui->super, 0);
		}
	} else if (have) {
		ui->changes = c;
	}
	/* A complaint passes its due time, or a snoozed one comes back,
	 * without anybody committing: the queue follows the clock.  The
	 * time left on each row and the header's clock are drawn from the
	 * clock, so a turn of the minute is a frame and nothing read; the
	 * queue is read again once a complaint has fallen due (its counts
	 * and the breached filter), the customer's panes when a snoozed
	 * complaint wakes. */
	ui->clock_seen = now;
	if (minute != ui->clock_minute ||
	    (wake > 0 && now >= wake && wake != ui->woke)) {
		ui->clock_minute = minute;
		if (wake > 0 && now >= wake) {
			ui->woke = wake;
			invalidate_all(ui, 0, 0);
		} else if (due > 0 && now >= due) {
			ui->panes[PANE_QUEUE].ops->invalidate(ui,
				&ui->panes[PANE_QUEUE], 0);
		}
		ui->super.ops->invalidate(ui, &ui->super, 0);
	}
}

/*
 * Whether the screen may differ from the last frame: a key was handled,
 * a pane was read, this console committed, the minute turned (the
 * header's clock) or the status line changed.  Otherwise a pass of the
 * loop draws nothing: a presence heartbeat, another console's or this
 * one's, changes nothing shown and costs no frame.  A
 * frame file's header counts other processes' commits, so with one
 * each commit noticed is a frame.
 */
static int frame_stale(struct ui *ui)
{
	long long writes = store_tx_count(ui->st) - ui->quiet_writes;

	if (!ui->redraw && ui->drawn_loads == ui->loads &&
	    (ui->frame_file == NULL || ui->drawn_seen == ui->commits_seen) &&
	    ui->drawn_writes == writes &&
	    ui->drawn_minute == ui->clock_minute &&
	    strcmp(ui->drawn_message, ui->message) == 0)
		return 0;
	ui->redraw = 0;
	ui->drawn_loads = ui->loads;
	ui->drawn_seen = ui->commits_seen;
	ui->drawn_writes = writes;
	ui->drawn_minute = ui->clock_minute;
	snprintf(ui->drawn_message, sizeof ui->drawn_message, "%s", ui->message);
	return 1;
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

/*
 * Line i of the help, from the command table: the keys, the command as
 * typed and what it does; a row too wide for the screen puts what it
 * does on lines of its own below, indented and wrapped, so nothing is
 * ever cut.  0 past the end.
 */
#define HELP_KEYS 16
#define HELP_INDENT (HELP_KEYS + 5)

static int help_fits(const struct help_row *r, int width)
{
	return HELP_KEYS + 1 + text_width(r->usage) + 2 + text_width(r->help) <=
	       width;
}

/* Screen lines of a row: one, or one and the wrapped text. */
static int help_row_lines(const struct help_row *r, int width)
{
	return help_fits(r, width) ? 1
	       : 1 + text_wrap(r->help, width - HELP_INDENT, NULL, 0);
}

static int help_line(const struct ui *ui, int width, int i, char *buf,
		     size_t n)
{
	struct text_line *lines;
	struct help_row r;
	int row, nl, k;

	for (row = 0; commands_help_row(&ui->keys, row, &r); row++) {
		nl = help_row_lines(&r, width);
		if (i >= nl) {
			i -= nl;
			continue;
		}
		if (i == 0 && nl == 1)
			snprintf(buf, n, "%-*s %s  %s", HELP_KEYS, r.keys,
				 r.usage, r.help);
		else if (i == 0)
			snprintf(buf, n, "%-*s %s", HELP_KEYS, r.keys, r.usage);
		if (i == 0)
			return 1;
		lines = calloc((size_t)nl - 1, sizeof *lines);
		if (lines == NULL)
			return 0;
		text_wrap(r.help, width - HELP_INDENT, lines, nl - 1);
		k = i - 1;
		snprintf(buf, n, "%*s%.*s", HELP_INDENT, "", (int)lines[k].len,
			 r.help + lines[k].off);
		free(lines);
		return 1;
	}
	return 0;
}

/* The help line where a command's row starts. */
static int help_line_of_row(const struct ui *ui, int width, int row)
{
	struct help_row r;
	int k, line = 0;

	for (k = 0; k < row && commands_help_row(&ui->keys, k, &r); k++)
		line += help_row_lines(&r, width);
	return line;
}

static void draw_help(struct ui *ui)
{
	struct rect r = { 1, 0, ui->lines - 2, ui->cols };
	char line[512];
	int i, n = 0, width = r.w - 3;

	while (help_line(ui, width, n, line, sizeof line))
		n++;
	if (ui->help_top > n - (r.h - 2))
		ui->help_top = n - (r.h - 2);
	if (ui->help_top < 0)
		ui->help_top = 0;
	ui_title(ui, &r, _("Keys and commands (q or ? to close)"), 1);
	for (i = 0; i < r.h - 2 && help_line(ui, width, ui->help_top + i, line,
					       sizeof line); i++)
		ui_put(ui, r.y + 2 + i, 2, line, width, EL_NORMAL, 1);
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
			for (i = 0; i < PANE_COUNT; i++) {
				struct pane *p = &ui->panes[i];

				/* While a key is held the customer panes
				 * stay blank rather than show the customer
				 * of a row passed over. */
				if (!p->visible || (ui->holding &&
				    i != PANE_QUEUE && p->ops->needs_load(ui, p)))
					continue;
				p->ops->draw(ui, p, i == ui->focus);
			}
			f = &ui->panes[ui->focus];
			/* The cursor sits on the selected row, where screen
			 * readers and magnifiers look. */
			if (f->ops->cursor && f->ops->cursor(ui, f, &y, &x))
				move(y, x);
		}
		/* Over whatever is on screen. */
		layout_draw_long_message(ui);
		if (ui->menu.open)
			menu_draw(ui, &ui->menu);
		if (prompt_active(ui))
			prompt_draw(ui);
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

static void focus_pane(struct ui *ui, int id)
{
	ui->focus = id;
	layout_apply(ui);
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

static void apply(struct ui *ui, const struct effect *fx, int depth);
static void run_line(struct ui *ui, const char *line, int typed);

/* The customer panes show this customer (and complaint) until the
 * queue's selection moves; opening them is audited when they are drawn. */
static void pin_customer(struct ui *ui, long long customer_id,
			 long long complaint_id)
{
	long long qc, qcust;

	pane_queue_selected(&ui->panes[PANE_QUEUE], &qc, &qcust);
	ui->pinned = 1;
	ui->pin_queue_id = qc;
	ui->revealed_id = 0;
	ui->complaint_id = complaint_id;
	ui->customer_id = customer_id;
	ui->audit_pending = 1;
	ui->moved_ms = ui_mono_ms();
	invalidate_all(ui, PANE_QUEUE + 1, 1);
}

/* The selection moved to this customer (and complaint, 0 for none):
 * :customer, :order, a search hit, a reply sent.  Their orders come
 * next. */
static void open_customer(struct ui *ui, long long customer_id,
			  long long complaint_id)
{
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
	pin_customer(ui, customer_id, complaint_id);
	ui->audit_pending = 0;
	ui_report(ui, store_audit(ui->st, &ui->me, "customer_open", complaint_id,
			       customer_id, NULL));
	focus_pane(ui, PANE_ORDERS);
}

/* A search hit selected: its customer in the panes below, the focus
 * staying on the results.  Opening them is audited once they are drawn,
 * so stepping through hits quickly audits only what was on screen. */
static void show_customer(struct ui *ui, long long customer_id,
			  long long complaint_id)
{
	if (customer_id != ui->customer_id || complaint_id != ui->complaint_id)
		pin_customer(ui, customer_id, complaint_id);
}

static void push_screen(struct ui *ui, const struct effect *fx)
{
	if (fx->screen == SCREEN_HELP) {
		ui->help_open = 1;
		ui->help_top = help_line_of_row(ui, ui->cols - 3, fx->help_top);
	} else if (fx->screen == SCREEN_SUPER && !ui->super_open) {
		ui->super_open = 1;
		ui->super.ops->invalidate(ui, &ui->super, 1);
		super_place(ui);
	}
}

static void pop_screen(struct ui *ui)
{
	if (ui->help_open)
		ui->help_open = 0;
	else
		ui->super_open = 0;
}

/* Navigation goes to the screen on top, else to the focused pane; what
 * a pane does not take, the layout does (Enter on the queue moves to the
 * orders, back moves to the queue, back in the queue quits). */
static void navigate(struct ui *ui, const struct effect *fx, int depth)
{
	struct effect sub;
	struct pane *p;
	enum ui_action a = fx->nav;

	memset(&sub, 0, sizeof sub);
	if (ui->help_open) {
		if (a == ACT_DOWN)
			ui->help_top++;
		else if (a == ACT_UP)
			ui->help_top--;
		else if (a == ACT_PAGE_DOWN)
			ui->help_top += ui->lines - 4;
		else if (a == ACT_PAGE_UP)
			ui->help_top -= ui->lines - 4;
		else if (a == ACT_HOME)
			ui->help_top = 0;
		else if (a == ACT_END)
			ui->help_top = 1 << 20;
		else if (a == ACT_BACK)
			ui->help_open = 0;
		return;
	}
	if (ui->super_open) {
		if (!ui->super.ops->key(ui, &ui->super, a, &sub) &&
		    a == ACT_BACK)
			ui->super_open = 0;
		apply(ui, &sub, depth + 1);
		return;
	}
	switch (a) {
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
	if (p->ops->key && p->ops->key(ui, p, a, &sub)) {
		apply(ui, &sub, depth + 1);
		return;
	}
	if (a == ACT_OPEN && ui->focus == PANE_QUEUE)
		focus_pane(ui, PANE_ORDERS);
	else if (a == ACT_BACK && ui->focus != PANE_QUEUE)
		focus_pane(ui, PANE_QUEUE);
	else if (a == ACT_BACK && !(fx->flags & FX_STAY))
		ui->quit = 1;   /* q; Esc is "cancel" and never quits by accident */
}

/* Do what a command or a pane asked, in the order the flags are listed
 * in internal.h. */
static void apply(struct ui *ui, const struct effect *fx, int depth)
{
	unsigned f = fx->flags;

	if (depth > 2)
		return;
	if (f & FX_RELOAD)
		ui_changed(ui);
	if (f & FX_OPEN)
		open_customer(ui, fx->customer_id, fx->complaint_id);
	if (f & FX_SHOW)
		show_customer(ui, fx->customer_id, fx->complaint_id);
	if (f & FX_FOCUS)
		focus_pane(ui, fx->pane);
	if (f & FX_POP)
		pop_screen(ui);
	if (f & FX_PUSH)
		push_screen(ui, fx);
	if ((f & FX_PROMPT) && fx->prompt == PROMPT_CONFIRM)
		prompt_confirm(ui, fx->prompt_ask, fx->prompt_text);
	else if (f & FX_PROMPT)
		prompt_open(ui, fx->prompt, fx->prompt_text);
	if (f & FX_REDRAW)
		clearok(curscr, TRUE);
	if (f & FX_NAV)
		navigate(ui, fx, depth);
	if (f & FX_RUN)
		run_line(ui, fx->line, 0);
	if (f & FX_QUIT)
		ui->quit = 1;
}

static enum cmd_context context(struct ui *ui)
{
	if (ui->too_small)
		return CTX_SMALL;
	if (ui->help_open)
		return CTX_HELP;
	if (ui->super_open)
		return CTX_SUPER;
	if (ui->focus == PANE_COMPOSE)
		return CTX_COMPOSE;
	return CTX_MAIN;
}

/* Every key, every line typed at a prompt and every menu choice ends
 * here: a command line run by the command table. */
static void run_line(struct ui *ui, const char *line, int typed)
{
	enum cmd_context ctx = context(ui);
	struct effect fx;

	commands_run(ui, line, ctx, typed, &fx);
	if (ctx == CTX_SMALL) {
		/* Only leaving makes sense on a screen too small to use. */
		if ((fx.flags & FX_QUIT) ||
		    ((fx.flags & FX_NAV) && fx.nav == ACT_BACK))
			ui->quit = 1;
		return;
	}
	apply(ui, &fx, 0);
}

static void prompt_done(struct ui *ui, char *line, enum prompt_kind kind)
{
	char *search;
	size_t n;

	if (kind == PROMPT_COMMAND) {
		run_line(ui, line, 1);
	} else if (kind == PROMPT_CONFIRM) {
		struct effect fx;

		commands_confirmed(ui, line, &fx);
		apply(ui, &fx, 0);
	} else {
		/* The / line is the search command's argument. */
		n = strlen(line) + sizeof "search ";
		search = malloc(n);
		if (search == NULL) {
			ui_message(ui, 1, "%s", _("out of memory"));
		} else {
			snprintf(search, n, "search %s", line);
			run_line(ui, search, 1);
		}
		free(search);
	}
	free(line);
}

/*
 * A key that arrives inside a bracketed paste: text for the compose editor
 * or the prompt line, dropped anywhere else.  Control characters other
 * than newline and tab are dropped, and a newline does not run a command.
 */
static void pasted_key(struct ui *ui, int ch)
{
	struct effect fx;
	struct pane *p = &ui->panes[ui->focus];
	enum prompt_kind kind;
	char *line;

	if (ch >= KEY_MIN || ch == 127 || (ch < 32 && ch != '\n' && ch != '\t'))
		return;
	if (prompt_active(ui)) {
		if (ch != '\n' && ch != '\t') {
			line = prompt_key(ui, ch, &kind);
			if (line != NULL)
				prompt_done(ui, line, kind);
		}
		return;
	}
	memset(&fx, 0, sizeof fx);
	if (context(ui) == CTX_COMPOSE && pane_compose_is_open(ui) &&
	    p->ops->rawkey && p->ops->rawkey(ui, p, ch, &fx))
		apply(ui, &fx, 0);
}

static void marked_line(struct ui *ui, const char *line)
{
	size_t n = strlen(line) + sizeof "marked ";
	char *m = malloc(n);

	if (m == NULL) {
		ui_message(ui, 1, "%s", _("out of memory"));
		return;
	}
	snprintf(m, n, "marked %s", line);
	run_line(ui, m, 0);
	free(m);
}

static void handle_key(struct ui *ui, int ch)
{
	struct effect fx;
	struct pane *p;
	enum prompt_kind kind;
	const char *line;
	char *typed;

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
		typed = prompt_key(ui, ch, &kind);
		if (typed != NULL)
			prompt_done(ui, typed, kind);
		return;
	}
	ui->message[0] = '\0';
	if (ui->menu.open && !ui->too_small) {
		line = menu_key(&ui->menu, ch, ui->lines);
		if (line != NULL)
			run_line(ui, line, 0);
		return;
	}
	memset(&fx, 0, sizeof fx);
	/* A list of the supervisor view that waits for a choice takes every
	 * key before any is looked up. */
	if (context(ui) == CTX_SUPER && ui->super.ops->rawkey &&
	    ui->super.ops->rawkey(ui, &ui->super, ch, &fx)) {
		ui->prefix = 0;
		apply(ui, &fx, 0);
		return;
	}
	/* The compose editor takes text before any key is looked up. */
	p = &ui->panes[ui->focus];
	if (context(ui) == CTX_COMPOSE && p->ops->rawkey &&
	    p->ops->rawkey(ui, p, ch, &fx)) {
		apply(ui, &fx, 0);
		return;
	}
	line = keymap_lookup(&ui->keys, ch, ui->focus);
	if (ui->prefix) {
		/* After ;: this key's command, for every marked complaint. */
		ui->prefix = 0;
		if (line != NULL)
			marked_line(ui, line);
		return;
	}
	if (line != NULL)
		run_line(ui, line, 0);
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
	int rc, ch, status = EXIT_OK, unsent;

	memset(ui, 0, sizeof *ui);
	ui->st = st;
	ui->opt = opt;
	ui->on_hangup = ui_on_hangup;
	ui->frame_fd = getenv("TEMAS_FRAME_FD") ?
		       atoi(getenv("TEMAS_FRAME_FD")) : -1;
	ui->frame_file = getenv("TEMAS_FRAME_FILE");
	ui->stats_file = getenv("TEMAS_STATS_FILE");
	ui->bell_fd = -1;
	ui->idle_ms = getenv("TEMAS_IDLE_MS") ? atoi(getenv("TEMAS_IDLE_MS")) : 0;
	if (ui->idle_ms <= 0)
		ui->idle_ms = IDLE_MS;
	ui->rest_ms = getenv("TEMAS_REST_MS") ? atoi(getenv("TEMAS_REST_MS")) : 0;
	if (ui->rest_ms <= 0)
		ui->rest_ms = UI_REST_MS;
	ui->hold_ms = getenv("TEMAS_HOLD_MS") ? atoi(getenv("TEMAS_HOLD_MS")) : -1;
	if (ui->hold_ms < 0)
		ui->hold_ms = UI_HOLD_MS;
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
	if (keymap_init(&ui->keys, opt->binds, opt->nbinds,
			commands_check_line, err, sizeof err) != 0) {
		fprintf(stderr, "temas: %s\n", err);
		return EXIT_FAIL;
	}
	store_data_version(st, &ui->data_version);
	store_changes_read(st, &ui->changes);
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
	/* TEMAS_NO_BELL: as where nothing can be listened for (tests). */
	if (getenv("TEMAS_NO_BELL") == NULL)
		ui->bell_fd = store_bell_open(st);
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
	/* What the terminal would otherwise hide: a full disk, a link. */
	if (store_warning(st))
		ui_message(ui, 1, "%s", store_warning(st));
	bkgdset(ui->attr[EL_NORMAL] | ' ');
	timeout(POLL_MS);
	ui_wait_install(ui);
	layout_apply(ui);
	ui->redraw = 1;
	while (!ui->quit) {
		/* Ctrl-C at the prompt cancels the line, as in a shell. */
		if (ui_signal == SIGINT && prompt_active(ui)) {
			ui_signal = 0;
			prompt_cancel(ui);
			/* No key came: the line leaves the screen now. */
			ui->redraw = 1;
		}
		if (ui_signal) {
			if (ui_signal != SIGINT) {
				ui->on_hangup(ui);
				status = 128 + ui_signal;
			}
			break;
		}
		ui->passes++;
		poll_changes(ui);
		tick(ui);
		if (ui_sends_poll(ui) > 0)
			ui->redraw = 1;
		ui_wait_over(ui);
		settle(ui);
		if (frame_stale(ui)) {
			ui->frames++;
			draw(ui);
			/* A frame is finished when nothing waits for the queue
			 * to settle. */
			if (ui->frame_file && !ui->holding)
				ui_frame_dump(ui);
			if (ui->frame_fd >= 0 && !ui->holding &&
			    write(ui->frame_fd, "\n", 1) != 1)
				ui->frame_fd = -1;
		}
		mark_history_seen(ui);
		if (ui->stats_file)
			ui_stats_dump(ui);
		ch = wait_key(ui, wait_ms(ui));
		if (ch == ERR) {
			/* A terminal that went away without a hangup (its
			 * emulator killed) reads as the end of input for ever:
			 * it is a hangup, not a key to wait for again. */
			if (terminal_gone())
				ui_signal = SIGHUP;
			continue;
		}
		ui->redraw = 1;
		ui->keys_handled += ch != KEY_RESIZE;
		ui->acting = 1;
		handle_key(ui, ch);
		ui->acting = 0;
		timeout(0);
		while (!ui->quit && (ch = ui_next_key(ui)) != ERR) {
			follow_queue(ui);
			ui->keys_handled += ch != KEY_RESIZE;
			ui->acting = 1;
			handle_key(ui, ch);
			ui->acting = 0;
		}
		timeout(POLL_MS);
	}
	if (status == EXIT_OK)
		pane_compose_leave(ui, &ui->panes[PANE_COMPOSE]);
	/* A reply still being handed over gets a moment to finish; a
	 * hangup waits for nothing. */
	if (status == EXIT_OK && ui_sends_running(ui) > 0) {
		ui_message(ui, 0, "%s", _("handing a reply to the mail server before leaving..."));
		draw(ui);
	}
	unsent = ui_sends_end(ui, status == EXIT_OK ? 5000 : 0);
	ui_paste_mode(0);
	endwin();
	/* Said where it can be read, once the screen is given back. */
	if (unsent > 0)
		fprintf(stderr, P_("temas: %d reply was still with the mail server when the "
				   "console ended; 'temas send' sends it if it did not go\n",
				   "temas: %d replies were still with the mail server when the "
				   "console ended; 'temas send' sends them if they did not go\n",
				   unsent), unsent);
	delscreen(scr);
	prompt_free(ui);
	menu_free(&ui->menu);
	stop_panes(ui);
	keymap_free(&ui->keys);
	store_set_wait(st, NULL, NULL);
	free(ui->ahead);
	free(ui->seen);
	ui_marks_free(ui);
	return status;
}
