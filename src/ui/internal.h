/*
 * internal.h: what the files of src/ui/ share and nobody else sees.
 *
 * The console is a set of panes behind one small operations table
 * (struct pane_ops); the main loop in ui.c knows panes only through it.
 * All UI state lives in one struct ui, passed to every function; the only
 * other mutable state is the signal flags in ui.c.
 */
#ifndef TEMAS_UI_INTERNAL_H
#define TEMAS_UI_INTERNAL_H

#include <curses.h>
#include <stddef.h>

#include "temas/complaint.h"
#include "temas/model.h"
#include "temas/store.h"
#include "temas/tag.h"
#include "temas/ui.h"

struct store;
struct ui;
struct pane;

struct rect {
	int y, x, h, w;
};

/* ---- what intent becomes ----
 *
 * Every key and every `:` line becomes a command line, and every command
 * line is run by one row of the command table (commands.c).  A command
 * changes the data or the selection and says what the main loop must do
 * next as effect flags; panes only navigate (the actions below) and draw.
 */

/* The navigation a pane is asked for; a pane knows nothing else. */
enum ui_action {
	ACT_NONE = 0,
	ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HOME, ACT_END,
	ACT_OPEN, ACT_BACK, ACT_NEXT_PANE, ACT_PREV_PANE,
	ACT_FILTER, ACT_CHANNEL, ACT_MARK, ACT_ASSIGN,
	ACT_NEXT_HIT, ACT_PREV_HIT,
	ACT_COUNT
};

/* What the main loop does after a command or a pane's key (ui.c
 * applies them in this order). */
#define FX_RELOAD   0x001u  /* data changed: read every pane again */
#define FX_OPEN     0x002u  /* show customer_id (and complaint_id) */
#define FX_FOCUS    0x004u  /* focus pane */
#define FX_PUSH     0x008u  /* open screen over the panes */
#define FX_POP      0x010u  /* close the screen on top */
#define FX_PROMPT   0x020u  /* open the prompt of kind prompt */
#define FX_REDRAW   0x040u  /* repaint the whole terminal */
#define FX_NAV      0x080u  /* hand nav to the focused pane or screen */
#define FX_STAY     0x100u  /* with FX_NAV: back never quits (Esc) */
#define FX_QUIT     0x200u
#define FX_RUN      0x800u  /* run the command line line (a pane's choice
			     * that is a command: reassign to the agent
			     * picked) */
#define FX_SHOW     0x400u  /* show customer_id in the panes below, focus
			     * staying (a search hit selected) */

enum ui_screen { SCREEN_HELP = 1, SCREEN_SUPER };
/* PROMPT_CONFIRM: a question answered by typing a word back (a step that
 * cannot be undone); its lines are kept in no history. */
enum prompt_kind { PROMPT_COMMAND = 0, PROMPT_SEARCH, PROMPT_CONFIRM,
		   PROMPT_KINDS };

struct effect {
	unsigned flags;
	int pane;                       /* FX_FOCUS: enum pane_id */
	long long customer_id;          /* FX_OPEN */
	long long complaint_id;
	enum ui_screen screen;          /* FX_PUSH */
	int help_top;                   /* FX_PUSH of SCREEN_HELP */
	enum prompt_kind prompt;        /* FX_PROMPT */
	char prompt_text[128];          /* with FX_PROMPT: the line to start;
					 * PROMPT_CONFIRM: what the line says
					 * before the answer */
	char prompt_ask[320];           /* PROMPT_CONFIRM: the question */
	char line[128];                 /* FX_RUN */
	enum ui_action nav;             /* FX_NAV */
};

/* ---- keymap.c: keys are data: each names a command line ---- */

/* The configuration's bindings, laid over the built-in table; line NULL
 * unbinds the key. */
struct keymap_bind {
	int key;
	char *line;
};
struct keymap {
	struct keymap_bind *b;
	size_t n;
};

/* The key code for a name ("j", "^F", "Ctrl-F", "F5", "PgDn"); -1 when
 * no key has that name. */
int keymap_parse_key(const char *name, int *key);
/* The name the help screen shows for a key ("Ctrl-F", "F5", "J"). */
void keymap_key_name(int key, char *buf, size_t n);
/* Checks a binding's command line: 0, or -1 with the problem in why. */
typedef int (*keymap_check_fn)(const char *line, char *why, size_t n);
/* Parse the bindings into km, each line checked by check; -1 with
 * "FILE:LINE: bind: problem" in err. */
int keymap_init(struct keymap *km, const struct ui_binding *binds, size_t n,
		keymap_check_fn check, char *err, size_t errsz);
void keymap_free(struct keymap *km);
/* The command line of a key in a pane (enum pane_id; -1 for none): the
 * bindings first, then the pane's own keys, then the table (km may be
 * NULL); NULL when the key does nothing. */
const char *keymap_lookup(const struct keymap *km, int key, int pane);
/* The keys that run exactly this command line, "j, Down", in the
 * table's order then the configuration's. */
void keymap_keys_for(const struct keymap *km, const char *line, char *buf,
		     size_t n);
/* The i-th built-in command line with a key (each once); NULL past the
 * end. */
const char *keymap_builtin_line(int i);

/* ---- theme.c: one style syntax, one file per theme ---- */

enum ui_elem {
	EL_NORMAL = 0, EL_BAR, EL_TITLE, EL_TITLE_FOCUS, EL_HEADING,
	EL_SELECTED, EL_SELECTED_BLUR, EL_BREACHED, EL_DUE_SOON, EL_DIM,
	EL_TAB, EL_TAB_ACTIVE, EL_ALERT, EL_ERROR, EL_INBOUND, EL_OUTBOUND,
	EL_NOTE, EL_COUNT
};

#define STYLE_BOLD      0x01u
#define STYLE_DIM       0x02u
#define STYLE_UNDERLINE 0x04u
#define STYLE_REVERSE   0x08u
#define STYLE_ITALIC    0x10u
#define STYLE_BLINK     0x20u

#define COLOUR_DEFAULT (-1)

struct style {
	short fg, bg;           /* 0-255 or COLOUR_DEFAULT */
	unsigned attrs;         /* STYLE_* */
};

struct theme {
	struct style el[EL_COUNT];
};

const char *theme_elem_name(enum ui_elem e);
void theme_default(struct theme *t);
/*
 * Parse theme text on top of t.  On a bad line returns -1 with
 * "FILE:LINE: problem" in err and leaves t unchanged.
 */
int theme_parse(const char *text, const char *file, struct theme *t,
		char *err, size_t errsz);
/*
 * Load a theme by name (looked up in $TEMAS_THEME_DIR, the installed theme
 * directory, then the source tree's) or by path (anything with a '/').
 * On failure t holds the built-in default and err says why.
 */
int theme_load(const char *name, struct theme *t, char *err, size_t errsz);
/* Curses attributes for each element; colours only when use_colour. */
void theme_apply(const struct theme *t, int use_colour, attr_t out[EL_COUNT]);
/* Names of the installed themes (up to max, sorted, no duplicates). */
int theme_list(char (*names)[65], int max);

/* ---- list.c: a scrolled list of rows with a selection ---- */

struct list {
	int total;        /* rows in the whole list */
	int sel;          /* selected row */
	int top;          /* first visible row */
	int height;       /* visible rows */
	int row_lines;    /* screen lines per row (>= 1) */
	int page_off;     /* rows [page_off, page_off + page_n) are held */
	int page_n;
	int page_valid;
};

typedef void (*list_row_fn)(struct ui *ui, void *ctx, int index,
			    const struct rect *r, int selected);

void list_reset(struct list *l, int row_lines);
void list_set_total(struct list *l, int total);
/* lines: screen lines for the rows; keeps the selection visible. */
void list_set_lines(struct list *l, int lines);
/* Move for a list action; 1 when it was one. */
int list_act(struct list *l, enum ui_action a);
/* 1 when visible rows are not held: *off, *limit is the page to read. */
int list_page_needed(const struct list *l, int *off, int *limit);
void list_page_loaded(struct list *l, int off, int n);
/* Draw the visible rows in r through fn; the selected one gets the cursor. */
void list_draw(struct ui *ui, const struct list *l, const struct rect *r,
	       int focused, list_row_fn fn, void *ctx);
int list_cursor_y(const struct list *l, const struct rect *r);

/* ---- draw.c: every string drawn goes through here ---- */

/*
 * Draw s at (y, x) in at most cols columns: sanitised, fitted on display
 * width with an ellipsis, padded with spaces when pad.  Returns columns used.
 */
/*
 * Customer text made safe on its own, into buf, before it is put on one
 * line with other text: an escape sequence left open at the end of one
 * field would otherwise swallow the text that follows it.  Returns buf.
 */
const char *ui_clean(const char *s, char *buf, size_t n);
int ui_put(struct ui *ui, int y, int x, const char *s, int cols,
	   enum ui_elem el, int pad);
/* Same, right-aligned in cols columns. */
void ui_put_right(struct ui *ui, int y, int x, const char *s, int cols,
		  enum ui_elem el);
/* Fill a line of the rect with blanks in a style. */
void ui_fill(struct ui *ui, int y, int x, int cols, enum ui_elem el);
/* A pane title line: "Name  detail", highlighted when focused. */
void ui_title(struct ui *ui, const struct rect *r, const char *title,
	      int focused);
/* Style of a list row: 0 plain, 1 selected, 2 selected and focused. */
enum ui_elem ui_row_style(int selected);
/* Blank the row in its style and draw the '>' selection marker; returns
 * the columns used. */
int ui_row_begin(struct ui *ui, const struct rect *r, int selected);
/* One history entry: a heading line, then its text wrapped below. */
struct ui_entry {
	long long at;
	const char *channel;
	int has_dir;
	enum direction dir;
	const char *who;
	const char *head;
	enum ui_elem head_el;
	const char *text;
};
void ui_draw_entry(struct ui *ui, const struct rect *r, int selected,
		   const struct ui_entry *e);
/* A whole text, wrapped, from line *scroll (clamped). */
void ui_draw_text(struct ui *ui, const struct rect *r, const char *text,
		  int *scroll);
/* A date and time, or a date alone, in the configured format (else the
 * locale's); "-" for no time. */
void ui_time(const struct ui *ui, long long utc, char *buf, size_t n);
void ui_date(const struct ui *ui, long long utc, char *buf, size_t n);
/* The translated word for a stored code (priority, order or complaint
 * status); an unknown code is shown as it is. */
const char *ui_label(const char *code);
void ui_money(struct ui *ui, long long minor, const char *currency,
	      char *buf, size_t n);

/* ---- panes ---- */

struct pane_ops {
	const char *name;
	/* Allocate p->state.  STORE_OK or an error. */
	int (*init)(struct ui *ui, struct pane *p);
	void (*fini)(struct pane *p);
	/* p->rect changed: size the lists to it. */
	void (*layout)(struct ui *ui, struct pane *p);
	/* Drop what was read: the selection changed or data did. */
	void (*invalidate)(struct ui *ui, struct pane *p, int selection_changed);
	/* 1 when draw needs a load first (stale, or rows scrolled in). */
	int (*needs_load)(struct ui *ui, struct pane *p);
	/* Read from the store what draw needs.  STORE_OK or an error. */
	int (*load)(struct ui *ui, struct pane *p);
	/* Draw into p->rect from what load read; no store access. */
	void (*draw)(struct ui *ui, struct pane *p, int focused);
	/* Navigate; 1 when handled.  What the main loop must do then goes
	 * in fx. */
	int (*key)(struct ui *ui, struct pane *p, enum ui_action a,
		   struct effect *fx);
	/* Where the terminal cursor goes when focused; 0 for none. */
	int (*cursor)(struct ui *ui, struct pane *p, int *y, int *x);
	/* Optional: while focused, sees each key before the keymap (text
	 * entry); 1 when it took the key. */
	int (*rawkey)(struct ui *ui, struct pane *p, int ch, struct effect *fx);
	/* Optional: once a loop turn, visible or not (timers: drafts,
	 * presence heartbeats). */
	void (*tick)(struct ui *ui, struct pane *p);
};

struct pane {
	const struct pane_ops *ops;
	void *state;
	struct rect rect;
	int visible;
	int focusable;
	int unread;             /* its last load failed: what it holds is old */
};

/* Where a pane that holds nothing would say so ("No orders."): when its
 * last load failed, that it could not be read instead, for an empty pane
 * of a database that cannot be read is no news of an empty queue. */
const char *ui_empty_text(const struct pane *p, const char *empty);

enum pane_id {
	PANE_QUEUE = 0, PANE_CUSTOMER, PANE_ORDERS, PANE_TIMELINE,
	PANE_CHANNELS,
	PANE_COMPOSE,
	PANE_SEARCH,
	PANE_COUNT
};

extern const struct pane_ops pane_queue_ops;
extern const struct pane_ops pane_customer_ops;
extern const struct pane_ops pane_orders_ops;
extern const struct pane_ops pane_timeline_ops;
extern const struct pane_ops pane_channels_ops;
extern const struct pane_ops pane_compose_ops;
/* The supervisor view: a screen of its own, outside the layout. */
extern const struct pane_ops pane_super_ops;
extern const struct pane_ops pane_search_ops;

/* The queue pane drives the selection: what its selected row is. */
int pane_queue_selected(struct pane *p, long long *complaint_id,
			long long *customer_id);
/* cb with every row of the queue as filtered, in its order. */
struct queue_row;
int pane_queue_each(struct ui *ui, struct pane *p,
		    int (*cb)(void *ctx, const struct queue_row *r), void *ctx);
/* The queue pane's count line for the status bar. */
void pane_queue_status(struct pane *p, char *buf, size_t n);
/* When the first snoozed complaint comes back (0: none asleep). */
long long pane_queue_next_wake(struct pane *p);
/* When the next open complaint falls due (0: none): the counts change. */
long long pane_queue_next_due(struct pane *p);
/* Is the customer pane holding this customer (loaded)? */
int pane_customer_loaded(struct pane *p, long long customer_id);
/* Is the orders pane showing the orders list of this customer?  look gets
 * the look read before them (store_customer_look; at 0). */
int pane_orders_showing(struct pane *p, long long customer_id,
			struct history_look *look);
/* Save the open draft and leave presence (on exit and on hangup). */
void pane_compose_leave(struct ui *ui, struct pane *p);
/* Nonzero while the compose editor is open (it takes typed text). */
int pane_compose_is_open(struct ui *ui);
/* Milliseconds until the console's next heartbeat is due (0: now). */
long long pane_compose_beat_left(struct ui *ui);
/* Ask the terminal to mark pastes (again after an external editor). */
void ui_paste_mode(int on);
struct complaint;
enum compose_kind { COMPOSE_REPLY, COMPOSE_NOTE, COMPOSE_RESOLVE };
/* Open the compose screen on complaint c (a reply is refused until the
 * orders were on screen: fx then focuses them). */
void pane_compose_open(struct ui *ui, struct pane *p, enum compose_kind kind,
		       const struct complaint *c, struct effect *fx);
/* The compose screen's commands: send, pick a template, $EDITOR. */
void pane_compose_send(struct ui *ui, struct pane *p, struct effect *fx);
void pane_compose_templates(struct ui *ui, struct pane *p);
long long pane_timeline_message(struct pane *p);
void pane_compose_editor(struct ui *ui, struct pane *p, struct effect *fx);
/* :attach FILE: the file goes with the reply being written. */
void pane_compose_attach(struct ui *ui, struct pane *p, const char *path);
/* Select this complaint in the queue (the filter falls back to "all"
 * when it hides it); 1 when it is there. */
int pane_queue_select(struct ui *ui, struct pane *p, long long complaint_id);
/* Show the queue as q filters it (its agent_id is the pane's own); view
 * the saved view's name, NULL for none. */
struct queue_query;
void pane_queue_set_query(struct pane *p, const struct queue_query *q,
			  const char *view);
/* The queue's filter now, and the view's name ("" none) when view. */
void pane_queue_query(struct pane *p, struct queue_query *q, char *view,
		      size_t viewsz);
/* The supervisor view's period: the last days, or (days 0) the dates
 * [since, until). */
void pane_super_set_period(struct pane *p, int days, long long since,
			   long long until);
/* The supervisor view's marked complaints (*ids valid until the view
 * changes); and that they were reassigned. */
int pane_super_marked(struct pane *p, const long long **ids);
void pane_super_assigned(struct pane *p);
/* The customer (and complaint) of the selected hit; 0 when none. */
int pane_search_selected(struct pane *p, long long *customer_id,
			 long long *complaint_id);
/* Run a search and show its results; -1 (message on the status line)
 * when the query is malformed or the store fails. */
int pane_search_run(struct ui *ui, struct pane *p, const char *query);

/* ---- menu.c: a list to pick one of some choices ---- */

struct menu_item {
	int key;                /* the letter that picks it; 0 none */
	char label[96];
	/* The command line it runs: a command and a whole name (a view's
	 * is up to TAG_MAX_BYTES), never cut. */
	char line[TAG_MAX_BYTES + 32];
};
/* As many choices as there are (saved views: one each); the lines that
 * fit are shown, scrolled to the selection. */
struct menu {
	int open;
	char title[160];
	struct menu_item *item;  /* n of them, room for cap */
	int n, cap, sel;
	int top;                 /* the first one shown */
};

/* A new menu in m, with no choice yet (the room of the last is kept). */
void menu_begin(struct menu *m);
/* A choice more, picked by key (0: by moving only); NULL when out of
 * memory. */
struct menu_item *menu_add(struct menu *m, int key);
void menu_free(struct menu *m);
/* A key while the menu is open on a screen of lines: the command line
 * picked (a pointer into the menu, valid until the next menu), or NULL.
 * Any key that is not the menu's does nothing. */
const char *menu_key(struct menu *m, int ch, int lines);
/* Draw the menu over the bottom of the screen. */
void menu_draw(struct ui *ui, struct menu *m);

/* ---- prompt.c: the : and / lines, edited through libedit ---- */

/* Open the prompt on the bottom line, holding text (may be ""). */
void prompt_open(struct ui *ui, enum prompt_kind kind, const char *text);
/* Open a PROMPT_CONFIRM line: ask above it, label before the answer.
 * Enter hands the answer over, an empty one too; Esc cancels. */
void prompt_confirm(struct ui *ui, const char *ask, const char *label);
int prompt_active(const struct ui *ui);
/* A key while the prompt is open; when it ends a line, that line
 * (malloc'd) and *kind its kind; else NULL. */
char *prompt_key(struct ui *ui, int ch, enum prompt_kind *kind);
void prompt_cancel(struct ui *ui);
/* Draw the prompt over the status line and put the cursor in it. */
void prompt_draw(struct ui *ui);
void prompt_free(struct ui *ui);

/* terminfo.c: take curses' terminal description back after a library
 * that read its own (libedit) made that one current. */
void *ui_terminfo_save(void);
void ui_terminfo_restore(void *saved);

/* ---- commands.c: the one table of commands ---- */

#define COMPLETE_MAX 64
#define COMPLETE_LEN 196

/* Where a command line is run: some commands make no sense everywhere. */
enum cmd_context { CTX_MAIN, CTX_COMPOSE, CTX_SUPER, CTX_HELP, CTX_SMALL };

/* Run a command line (without the ':'); what it asks of the main loop
 * goes in fx.  A command not for ctx does nothing (typed: says so). */
void commands_run(struct ui *ui, const char *line, enum cmd_context ctx,
		  int typed, struct effect *fx);
/* The answer typed at a PROMPT_CONFIRM line (the step asked for is in
 * ui: a customer merge); what it asks of the main loop goes in fx. */
void commands_confirmed(struct ui *ui, const char *answer, struct effect *fx);
/* 0 when line names a command with arguments it may take (a binding's
 * check); -1 with the problem in why. */
int commands_check_line(const char *line, char *why, size_t n);
/*
 * Completion candidates for the end of line (the text before the cursor):
 * *start gets the byte offset of the word being completed.  Returns the
 * number of candidates put in cands (at most COMPLETE_MAX).
 */
int commands_candidates(struct ui *ui, enum prompt_kind kind,
			const char *line, size_t *start,
			char (*cands)[COMPLETE_LEN]);
/* Row i of the help, read from the table: the keys in effect, the
 * command as typed and what it does; 0 past the end. */
struct help_row {
	char keys[96];
	char usage[96];
	const char *help;
};
int commands_help_row(const struct keymap *km, int i, struct help_row *r);
/* The index of the first help row of a command (for :help NAME). */
int commands_help_index(const char *name);

/* ---- marks.c: complaints marked in the queue (t), acted on together (;) ---- */

/* The marked complaints, in the order marked; *ids is valid until the
 * marks change.  Returns how many. */
int ui_marked_ids(const struct ui *ui, const long long **ids);
int ui_mark_has(const struct ui *ui, long long id);
/* Mark it, or unmark it when marked; 1 when it is marked now. */
int ui_mark_toggle(struct ui *ui, long long id);
void ui_mark_drop(struct ui *ui, long long id);
void ui_marks_clear(struct ui *ui);
void ui_marks_free(struct ui *ui);
/*
 * One marked complaint's part of a bulk action: 0 when done, else -1 with
 * why it was refused in why (when whysz > 0; store_errmsg's words).  It
 * does its own transaction(s), so one refusal leaves the others done.
 */
typedef int (*ui_bulk_fn)(struct ui *ui, long long id, void *ctx, char *why,
			  size_t whysz);
/*
 * Run fn on every marked complaint.  Those done are unmarked, those
 * refused stay marked and the status line says some_fmt (%d done, %d in
 * all, %s the first refusal: "3 of 4 claimed; complaint 45 is already
 * taken by ayse").  Returns how many were refused: 0 when all were done
 * (the caller says so), -1 when none is marked (said).
 */
int ui_bulk_run(struct ui *ui, ui_bulk_fn fn, void *ctx, const char *some_fmt);

/* ---- layout.c ---- */

/*
 * Bracketed paste: the terminal wraps pasted text in these two keys, so a
 * paste is text, never keys (a pasted Ctrl-X must not send, a pasted q must
 * not quit).
 */
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)

#define UI_MIN_COLS 80
#define UI_MIN_LINES 24

enum { TAB_ORDERS = 0, TAB_TIMELINE, TAB_CHANNELS, TAB_COUNT };

/* Place panes for the screen size and the lower tab; sets visibility. */
void layout_apply(struct ui *ui);
/* Draw the frame: title bar, tab bar, separators, status line. */
void layout_draw_frame(struct ui *ui, int with_tabs);
/* The status line alone: the message, or the queue's counts. */
void layout_draw_status(struct ui *ui);
/* A message wider than the status line, drawn over the panes: its lines
 * end on the status line, as many as it needs up to a few. */
void layout_draw_long_message(struct ui *ui);

/* ---- wait.c: while another program holds the database ---- */

/* Make the store call back while it waits for a lock: the status line
 * says so, keys typed meanwhile are kept for afterwards, Esc gives up. */
void ui_wait_install(struct ui *ui);
/* The next key: one kept while waiting, else getch(). */
int ui_next_key(struct ui *ui);
/* After the action that waited: take the waiting message away. */
void ui_wait_over(struct ui *ui);
/* A failed store call's message on the status line; none for work the
 * console does on its own that gave way to another program's lock (it is
 * tried again later). */
void ui_report(struct ui *ui, int rc);
/* ui_report for a pane's load, remembering whether the pane was read. */
void ui_pane_report(struct ui *ui, struct pane *p, int rc);

/* Room for the part of a value a line can show: more bytes than the
 * widest pane has columns (four bytes each), so a longer value is still
 * longer than its place and is drawn with an ellipsis, never cut short
 * unseen. */
#define UI_TEXT_MAX 1200

/* ---- ui.c: the context ---- */

struct ui {
	struct store *st;
	const struct ui_options *opt;
	struct agent me;
	struct keymap keys;        /* the table with the configuration's binds */
	const char *time_fmt;      /* strftime format of a date and time */
	char day_fmt[128];         /* and of a date alone */
	attr_t attr[EL_COUNT];
	int use_colour;
	int turkish;               /* Turkish money format */
	int cols, lines;
	int too_small;
	int wide;                  /* side-by-side layout */
	struct pane panes[PANE_COUNT];
	int focus;                 /* enum pane_id */
	int tab;                   /* TAB_* shown in the tabbed area */
	struct rect r_bar, r_tabs, r_status;
	int sep_x;                 /* column of the vertical rule; -1 none */

	/* The selection every customer pane follows. */
	long long complaint_id;
	long long customer_id;
	int audit_pending;

	/* When the selection last moved (monotonic ms); what is written for
	 * looking (presence, the customer-open audit row) waits until it has
	 * rested rest_ms, so holding j writes nothing. */
	long long moved_ms;
	int rest_ms;
	/* A held key: the selection moved again within hold_ms of the last
	 * move.  While holding, the customer panes are neither read nor
	 * drawn (their lines are left blank, not showing another customer);
	 * they are read once the queue has settled for hold_ms, so a held j
	 * sends the queue's two changed rows a step and the customer once. */
	int holding;
	int hold_ms;

	/* Complaints whose orders this session drew: when (UTC; 0 not, or
	 * no longer the customer's orders), whose and how many records had
	 * been merged into them (temas/complaint.h).  Kept here, written
	 * with the reply that needs them. */
	struct seen_at { long long complaint_id; struct history_look look; } *seen;
	size_t nseen, capseen;

	long long data_version;
	struct store_changes changes; /* as of the last reload, per concern */
	unsigned long loads;         /* panes read; frames show it to tests */
	unsigned long commits_seen;  /* other processes' commits noticed */
	long long own_commits;       /* this console's, as of the last poll */
	long long clock_minute;      /* reload when the minute turns: due times pass */
	long long woke;              /* the wake-up time last reloaded for */
	long long clock_seen;        /* the clock at the last look for changes */
	int pasting;                 /* between KEY_PASTE_BEGIN and _END */
	char message[1024];
	int message_error;
	int waiting;                 /* the status line says we wait */
	int acting;                  /* handling a key: waits are the agent's */
	int *ahead;                  /* keys typed while waiting */
	size_t nahead, capahead, nextahead;
	int help_open;
	int help_top;
	struct menu menu;          /* a small list of choices (s) */
	int super_open;
	struct pane super;
	int quit;
	/* How the loop sleeps (ui.c, wait_ms): the store's bell, -1 when
	 * there is none to listen for and data_version is asked every
	 * POLL_MS; with it, asked every idle_ms and whenever it rings. */
	int bell_fd;
	int idle_ms;
	long long checked_ms;        /* the last look for changes (monotonic) */
	/* Heartbeats that only renewed the time (pane_compose.c): they
	 * change nothing on any screen, this one's included. */
	long long quiet_writes;
	/* TEMAS_STATS_FILE: what the loop did, rewritten every pass, for the
	 * tests that count an idle console's work (framedump.c). */
	const char *stats_file;
	unsigned long passes, checks, reads, bells, frames;
	/* The benchmark driver's pipe: a line per finished frame; -1 none. */
	int frame_fd;
	/* TEMAS_FRAME_FILE: each finished frame written out (framedump.c). */
	const char *frame_file;
	unsigned long keys_handled; /* keys read, resizes not counted */
	/* What the last frame was drawn from: a pass of the loop that
	 * changed none of it draws nothing, so an idle console costs a
	 * poll every half second (ui.c, frame_stale). */
	int redraw;                 /* a key or resize since the last frame */
	unsigned long drawn_loads, drawn_seen;
	long long drawn_writes, drawn_minute;
	char drawn_message[1024];
	/* Called on SIGHUP/SIGTERM before the terminal is restored. */
	void (*on_hangup)(struct ui *ui);

	/* The : and / line (prompt.c); NULL until first opened. */
	struct prompt *prompt;
	/* Replies being handed to the mail server (sends.c). */
	struct ui_send *sends;
	/* Complaints marked in the queue (marks.c), by id. */
	long long *marks;
	size_t nmarks, capmarks;
	/* ; was pressed: the next key acts on the marked complaints. */
	int prefix;
	/* The customer whose phone and e-mail :reveal unmasked; 0 none. */
	long long revealed_id;
	/* A customer merge asked for (:merge-customer), waiting for the
	 * number of the record merged away typed back; 0 none. */
	long long merge_src, merge_into;
	/* The prompt chose the selection (a customer with no complaint in
	 * the queue); it holds while the queue's own stays pin_queue_id. */
	int pinned;
	long long pin_queue_id;
};

/* Write the loop's counters to ui->stats_file. */
void ui_stats_dump(struct ui *ui);
/* Monotonic milliseconds. */
long long ui_mono_ms(void);
/* 1 when the selection has not moved for rest_ms. */
int ui_rested(const struct ui *ui);
/* What this session knows of the complaint's orders on screen: NULL when
 * they were never drawn, or are no longer the customer's orders. */
const struct history_look *ui_history_seen(const struct ui *ui,
					   long long complaint_id);
/* The customer's order history changed (a merge): what this session saw
 * of it for their complaints is not what they have now. */
void ui_history_unsee(struct ui *ui, long long customer_id);
/* The same for one complaint when a record was merged into its customer,
 * or it moved to another (by any process), since its orders were drawn:
 * then why (translated), and they are to be drawn again; else NULL. */
const char *ui_history_recheck(struct ui *ui, long long complaint_id);

/* Write the finished frame to ui->frame_file, for the screen tests. */
void ui_frame_dump(const struct ui *ui);

/* Switch the theme (theme.c); -1 with the reason in err. */
int ui_set_theme(struct ui *ui, const char *name, char *err, size_t errsz);

/* A one-line message in the status line (error when is_error). */
/* sends.c: hand reply interaction_id's e-mail to the mail server on a
 * thread of its own, saying it is queued; -1 (said) when it cannot. */
int ui_send_start(struct ui *ui, long long interaction_id, long long complaint_id,
		  const char *channel);
/* Say where finished hand-overs left their replies; how many finished. */
int ui_sends_poll(struct ui *ui);
int ui_sends_running(const struct ui *ui);
/* At the end: wait up to wait_ms for hand-overs still running; how many
 * were still running then. */
int ui_sends_end(struct ui *ui, int wait_ms);

void ui_message(struct ui *ui, int is_error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
