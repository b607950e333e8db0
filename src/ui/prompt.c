/*
 * prompt.c: the `:` command line and the `/` search line, edited through
 * libedit on the console's bottom line.
 *
 * Why this way: libedit's own line reading (el_gets on a line of its own,
 * between def_prog_mode/endwin and reset_prog_mode) is simple, but for as
 * long as the agent types, the bottom line belongs to libedit and not to
 * curses: the terminal leaves the alternate screen on many terminals, the
 * status line and anything the refresh would draw are lost, and a
 * terminal resize meanwhile is not seen.  So libedit edits the line and
 * curses draws it:
 *
 *  - libedit runs unbuffered (EL_UNBUFFERED): each call handles one key.
 *    Keys reach it from the console's getch loop through EL_GETCFN, never
 *    from the terminal.
 *  - Its terminal is not ours.  Its output stream is /dev/null, and the
 *    terminal it puts into raw mode and back is a private pseudo-terminal
 *    (drained, never shown): libedit refuses to edit (plain line input,
 *    no keys) unless its descriptors are terminals, and given the real
 *    one it would change its modes behind curses' back.
 *  - The line is drawn from el_wline() by draw.c's sanitising functions:
 *    UTF-8 and wide characters measured by display width, and a line
 *    longer than the screen scrolls sideways to keep the cursor in view.
 *
 * Where no pseudo-terminal can be had (none left, or a limit on open
 * files reached), the line is edited by the compose screen's line editor
 * (text/edit.c) instead: the same keys for moving and deleting, Tab
 * completion and history, without ~/.editrc.
 *
 * Emacs keys by default; ~/.editrc (or $EDITRC) is read, so `bind -v`
 * there gives vi keys as in any libedit program.  Esc cancels (in vi mode,
 * Esc on an empty line; Ctrl-C always).  Each kind of line has its own history, kept across sessions in
 * $XDG_STATE_HOME/temas/history-commands and history-search and written
 * after each entry (cmdline.c).  A line is capped at CMDLINE_LINE_MAX
 * bytes, so a runaway paste is cut with a message rather than fed to the
 * search.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "internal.h"
#include "temas/cmdline.h"
#include "temas/edit.h"
#include "temas/i18n.h"
#include "temas/text.h"

#define QUEUE_MAX 16

struct prompt {
	EditLine *el;
	HistoryW *hist[PROMPT_KINDS];
	struct cmdline_history file[PROMPT_KINDS];
	char path[PROMPT_KINDS][4096];
	int has_path[PROMPT_KINDS];
	enum prompt_kind kind;
	int active;
	int master, slave;
	FILE *in, *out;
	/* Keys waiting for libedit, as wide characters. */
	wchar_t q[QUEUE_MAX];
	int qn, qpos;
	/* A UTF-8 character arriving byte by byte from getch. */
	unsigned char u8[4];
	int u8n, u8need;
	int capped;
	int hscroll;               /* columns of the line hidden on the left */
	struct ui *ui;
	char (*cand)[COMPLETE_LEN];
	char hint[512];            /* completions offered, above the line */
	/* Without a pseudo-terminal: the line editor of text/edit.c. */
	int fallback;
	struct text_edit ed;
	int hist_pos;              /* history line shown; n: the new line */
	char *ended;               /* the line Enter ended, for prompt_key */
	/* PROMPT_CONFIRM: the question above the line, and what the line
	 * says before the answer. */
	char ask[320], label[128];
};

#define CTRL(c) ((c) & 0x1f)

static const char *const kind_file[PROMPT_KINDS] = { "commands", "search",
						      NULL };

static int prompt_getc(EditLine *el, wchar_t *wc)
{
	struct prompt *p;

	if (el_wget(el, EL_CLIENTDATA, &p) != 0 || p->qpos >= p->qn) {
		*wc = L'\0';
		return 0;
	}
	*wc = p->q[p->qpos++];
	return 1;
}

/* The line (or the part before the cursor) as UTF-8; malloc'd. */
static char *line_utf8(const LineInfoW *li, int to_cursor)
{
	const wchar_t *w, *end = to_cursor ? li->cursor : li->lastchar;
	size_t n = (size_t)(end - li->buffer), k = 0;
	char *out = malloc(n * 4 + 1);

	if (out == NULL)
		return NULL;
	for (w = li->buffer; w < end; w++) {
		if (*w == L'\n')
			continue;
		k += text_encode_utf8((uint32_t)*w, out + k);
	}
	out[k] = '\0';
	return out;
}

static size_t line_bytes(const LineInfoW *li)
{
	const wchar_t *w;
	size_t k = 0;
	char tmp[4];

	for (w = li->buffer; w < li->lastchar; w++)
		k += text_encode_utf8((uint32_t)*w, tmp);
	return k;
}

static wchar_t *to_wide(const char *s)
{
	size_t len = strlen(s), k = 0, i = 0;
	wchar_t *w = malloc((len + 1) * sizeof *w);
	uint32_t cp;

	if (w == NULL)
		return NULL;
	while (i < len) {
		i += text_decode_utf8(s + i, len - i, &cp);
		w[k++] = cp == TEXT_CP_INVALID ? (wchar_t)TEXT_CP_REPLACEMENT
					       : (wchar_t)cp;
	}
	w[k] = L'\0';
	return w;
}

/* The line (or the part before the cursor) as UTF-8, whichever editor
 * holds it; malloc'd. */
static char *current(struct prompt *p, int to_cursor)
{
	if (p->fallback)
		return strndup(p->ed.buf, to_cursor ? p->ed.cur : p->ed.len);
	return line_utf8(el_wline(p->el), to_cursor);
}

static size_t current_bytes(struct prompt *p)
{
	return p->fallback ? p->ed.len : line_bytes(el_wline(p->el));
}

/* ---- history ---- */

static void history_fill(struct prompt *p, int k)
{
	HistEventW ev;
	wchar_t *w;
	int i;

	history_w(p->hist[k], &ev, H_CLEAR);
	for (i = 0; i < p->file[k].n; i++) {
		w = to_wide(p->file[k].line[i]);
		if (w != NULL)
			history_w(p->hist[k], &ev, H_ENTER, w);
		free(w);
	}
}

static void history_record(struct ui *ui, struct prompt *p, const char *line)
{
	int k = p->kind;

	/* An answer to a question is no line to recall. */
	if (k == PROMPT_CONFIRM)
		return;
	if (!p->has_path[k]) {
		cmdline_history_add(&p->file[k], line);
	} else if (cmdline_history_record(&p->file[k], p->path[k], line) != 0) {
		ui_message(ui, 1, _("history not saved: %s: %s"), p->path[k],
			   strerror(errno));
	}
	history_fill(p, k);
}

/* ---- completion ---- */

static int folded_len(const char *s)
{
	return (int)text_fold_tr_buf(s, strlen(s), NULL, 0);
}

/*
 * Tab: the candidates for the word before the cursor; the hint above the
 * line lists them when there are several.  Returns the number matched;
 * *start is where the word begins, and when *replace the word is to be
 * replaced by common (losing nothing typed).
 */
static int complete_word(struct prompt *p, const char *before, size_t *start,
			 char *common, size_t commonsz, int *replace)
{
	const char *cands[COMPLETE_MAX];
	int match[COMPLETE_MAX];
	size_t hl = 0;
	int n, m, i;

	n = commands_candidates(p->ui, p->kind, before, start, p->cand);
	for (i = 0; i < n; i++)
		cands[i] = p->cand[i];
	m = cmdline_complete(before + *start, cands, n, match, COMPLETE_MAX,
			     common, commonsz);
	p->hint[0] = '\0';
	*replace = 0;
	if (m == 0) {
		snprintf(p->hint, sizeof p->hint, "%s", _("(no completions)"));
		return 0;
	}
	if (m > 1) {
		for (i = 0; i < m && i < COMPLETE_MAX && hl + 4 < sizeof p->hint;
		     i++)
			hl += (size_t)snprintf(p->hint + hl, sizeof p->hint - hl,
					       "%s%s", i ? "  " : "",
					       cands[match[i]]);
		if (hl >= sizeof p->hint)
			hl = sizeof p->hint - 1;
	}
	if (folded_len(common) >= folded_len(before + *start)) {
		*replace = 1;
		if (m == 1 && common[0] && common[strlen(common) - 1] != '=')
			strncat(common, " ", commonsz - strlen(common) - 1);
	}
	return m;
}

static unsigned char prompt_complete(EditLine *el, int ch)
{
	struct prompt *p;
	char common[COMPLETE_LEN], *before;
	size_t start;
	wchar_t *w;
	int i, m, replace, chars = 0;
	uint32_t cp;

	(void)ch;
	if (el_wget(el, EL_CLIENTDATA, &p) != 0)
		return CC_ERROR;
	before = line_utf8(el_wline(el), 1);
	if (before == NULL)
		return CC_ERROR;
	m = complete_word(p, before, &start, common, sizeof common, &replace);
	if (m == 0) {
		free(before);
		return CC_REFRESH_BEEP;
	}
	/* Replace the word only when that loses nothing typed. */
	if (replace) {
		for (i = (int)start; before[i] != '\0';) {
			i += (int)text_decode_utf8(before + i, strlen(before + i),
						   &cp);
			chars++;
		}
		if (chars > 0)
			el_wdeletestr(el, chars);
		w = to_wide(common);
		if (w != NULL)
			el_winsertstr(el, w);
		free(w);
	}
	free(before);
	return CC_REFRESH;
}

/* The same for the fallback editor. */
static void fallback_complete(struct prompt *p)
{
	char common[COMPLETE_LEN], *before = current(p, 1);
	size_t start;
	int replace;

	if (before == NULL)
		return;
	if (complete_word(p, before, &start, common, sizeof common,
			  &replace) > 0 && replace) {
		while (p->ed.cur > start)
			text_edit_backspace(&p->ed);
		text_edit_insert(&p->ed, common, strlen(common));
	}
	free(before);
}

/* ---- setting up ---- */

/* libedit's own terminal: a pseudo-terminal only it uses. */
static int open_private_tty(struct prompt *p)
{
	const char *name;

	p->master = posix_openpt(O_RDWR | O_NOCTTY);
	if (p->master < 0 || grantpt(p->master) != 0 ||
	    unlockpt(p->master) != 0 || (name = ptsname(p->master)) == NULL)
		return -1;
	p->slave = open(name, O_RDWR | O_NOCTTY);
	if (p->slave < 0)
		return -1;
	fcntl(p->master, F_SETFD, FD_CLOEXEC);
	fcntl(p->master, F_SETFL, fcntl(p->master, F_GETFL) | O_NONBLOCK);
	fcntl(p->slave, F_SETFD, FD_CLOEXEC);
	p->in = fdopen(p->slave, "r");
	p->out = fopen("/dev/null", "we");
	return p->in && p->out ? 0 : -1;
}

static void close_private_tty(struct prompt *p)
{
	if (p->in != NULL)
		fclose(p->in);
	else if (p->slave >= 0)
		close(p->slave);
	if (p->out != NULL)
		fclose(p->out);
	if (p->master >= 0)
		close(p->master);
	p->in = p->out = NULL;
	p->master = p->slave = -1;
}

static void bind_keys(struct prompt *p)
{
	el_wset(p->el, EL_ADDFN, L"temas-complete",
		L"Complete a command, an argument or a name", prompt_complete);
	el_wset(p->el, EL_BIND, L"^I", L"temas-complete", NULL);
}

static void prompt_destroy(struct prompt *p)
{
	int k;

	if (p == NULL)
		return;
	if (p->el != NULL)
		el_end(p->el);
	for (k = 0; k < PROMPT_KINDS; k++) {
		if (p->hist[k] != NULL)
			history_wend(p->hist[k]);
		cmdline_history_free(&p->file[k]);
	}
	close_private_tty(p);
	if (p->fallback)
		text_edit_free(&p->ed);
	free(p->ended);
	free(p->cand);
	free(p);
}

static struct prompt *prompt_create(struct ui *ui)
{
	struct prompt *p = calloc(1, sizeof *p);
	void *ours;
	HistEventW ev;
	int k;

	if (p == NULL)
		return NULL;
	p->ui = ui;
	p->master = p->slave = -1;
	p->cand = calloc(COMPLETE_MAX, sizeof *p->cand);
	if (p->cand == NULL) {
		prompt_destroy(p);
		return NULL;
	}
	if (open_private_tty(p) == 0) {
		/* libedit reads the terminal description through the same
		 * terminfo library as curses, which makes it the current one:
		 * put curses' back. */
		ours = ui_terminfo_save();
		/* libedit edits only when both its descriptors are
		 * terminals; what it writes goes to its output stream,
		 * /dev/null. */
		p->el = el_init_fd("temas", p->in, p->out, p->out, p->slave,
				   p->slave, fileno(p->out));
		if (p->el != NULL) {
			el_wset(p->el, EL_EDITOR, L"emacs");
			el_wset(p->el, EL_CLIENTDATA, p);
			el_wset(p->el, EL_GETCFN, prompt_getc);
			bind_keys(p);
			el_source(p->el, NULL);
			/* After the user's file: `bind -v` there starts a
			 * fresh map. */
			bind_keys(p);
		}
		ui_terminfo_restore(ours);
	}
	if (p->el == NULL) {
		/* No terminal for libedit: the line editor of compose. */
		close_private_tty(p);
		if (text_edit_init(&p->ed, "", 0) != 0) {
			prompt_destroy(p);
			return NULL;
		}
		p->fallback = 1;
	}
	for (k = 0; k < PROMPT_KINDS; k++) {
		cmdline_history_init(&p->file[k], CMDLINE_HISTORY_MAX);
		p->hist[k] = history_winit();
		if (p->hist[k] == NULL) {
			prompt_destroy(p);
			return NULL;
		}
		history_w(p->hist[k], &ev, H_SETSIZE, CMDLINE_HISTORY_MAX);
		history_w(p->hist[k], &ev, H_SETUNIQUE, 1);
		p->has_path[k] = kind_file[k] != NULL &&
			cmdline_history_path(kind_file[k], p->path[k],
					     sizeof p->path[k]) == 0;
		if (p->has_path[k] &&
		    cmdline_history_load(&p->file[k], p->path[k]) != 0)
			ui_message(ui, 1, _("history not read: %s: %s"),
				   p->path[k], strerror(errno));
		history_fill(p, k);
	}
	return p;
}

/* ---- the line's life ---- */

void prompt_open(struct ui *ui, enum prompt_kind kind, const char *text)
{
	struct prompt *p;
	wchar_t *w;

	if (ui->prompt == NULL) {
		ui->prompt = prompt_create(ui);
		if (ui->prompt == NULL) {
			ui_message(ui, 1, "%s", _("out of memory"));
			return;
		}
	}
	p = ui->prompt;
	p->kind = kind;
	p->active = 1;
	p->ask[0] = p->label[0] = '\0';
	p->capped = 0;
	p->hscroll = 0;
	p->hint[0] = '\0';
	p->qn = p->qpos = 0;
	p->u8n = p->u8need = 0;
	if (p->fallback) {
		text_edit_free(&p->ed);
		if (text_edit_init(&p->ed, text, strlen(text)) != 0) {
			p->active = 0;
			ui_message(ui, 1, "%s", _("out of memory"));
			return;
		}
		p->hist_pos = p->file[kind].n;
	} else {
		el_wset(p->el, EL_HIST, history_w, p->hist[kind]);
		/* Turning unbuffered mode on starts an empty line. */
		el_wset(p->el, EL_UNBUFFERED, 0);
		el_wset(p->el, EL_UNBUFFERED, 1);
		w = text[0] ? to_wide(text) : NULL;
		if (w != NULL)
			el_winsertstr(p->el, w);
		free(w);
	}
	ui->message[0] = '\0';
}

void prompt_confirm(struct ui *ui, const char *ask, const char *label)
{
	prompt_open(ui, PROMPT_CONFIRM, "");
	if (!prompt_active(ui))
		return;
	snprintf(ui->prompt->ask, sizeof ui->prompt->ask, "%s", ask);
	snprintf(ui->prompt->label, sizeof ui->prompt->label, "%s", label);
}

int prompt_active(const struct ui *ui)
{
	return ui->prompt != NULL && ui->prompt->active;
}

void prompt_cancel(struct ui *ui)
{
	if (ui->prompt != NULL)
		ui->prompt->active = 0;
}

void prompt_free(struct ui *ui)
{
	prompt_destroy(ui->prompt);
	ui->prompt = NULL;
}

/* Enter: the line goes to history and to the main loop. */
static void finish(struct ui *ui, struct prompt *p)
{
	char *line = current(p, 0);
	size_t len;

	p->active = 0;
	if (line == NULL) {
		ui_message(ui, 1, "%s", _("out of memory"));
		return;
	}
	/* libedit ends the line with the newline that ended it. */
	len = strlen(line);
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\n'))
		line[--len] = '\0';
	/* An empty answer is an answer: not the one asked for. */
	if (len == 0 && p->kind != PROMPT_CONFIRM) {
		free(line);
		return;
	}
	history_record(ui, p, line);
	free(p->ended);
	p->ended = line;
}

static int line_ended(struct prompt *p)
{
	const LineInfoW *li = el_wline(p->el);

	return li->lastchar > li->buffer && li->lastchar[-1] == L'\n';
}

/* Anything written to the private terminal is thrown away, so that it
 * can never fill up and block. */
static void drain(struct prompt *p)
{
	char buf[256];

	while (read(p->master, buf, sizeof buf) > 0)
		;
}

/* Hand the queued keys to libedit, one command at a time. */
static void run(struct ui *ui, struct prompt *p)
{
	int n;

	while (p->active && p->qpos < p->qn) {
		el_wgets(p->el, &n);
		if (line_ended(p))
			finish(ui, p);
	}
	/* What was typed after Enter is not the next line. */
	p->qn = p->qpos = 0;
	drain(p);
}

static void push(struct prompt *p, wchar_t c)
{
	char u8[4];

	if (p->fallback) {
		/* A character typed: straight into the line. */
		text_edit_insert(&p->ed, u8,
				 (size_t)text_encode_utf8((uint32_t)c, u8));
		return;
	}
	if (p->qn < QUEUE_MAX)
		p->q[p->qn++] = c;
}

static void push_seq(struct prompt *p, const char *s)
{
	for (; *s; s++)
		push(p, (wchar_t)(unsigned char)*s);
}

static int vi_mode(struct prompt *p)
{
	const wchar_t *ed = NULL;

	return !p->fallback && el_wget(p->el, EL_EDITOR, &ed) == 0 && ed != NULL &&
	       wcscmp(ed, L"vi") == 0;
}

/* A character that would make the line longer than the cap is refused. */
static int room_for(struct ui *ui, struct prompt *p, size_t bytes)
{
	if (current_bytes(p) + bytes <= CMDLINE_LINE_MAX)
		return 1;
	ui_message(ui, 1, _("the line is cut at %d bytes"), CMDLINE_LINE_MAX);
	p->capped = 1;
	return 0;
}

static void utf8_byte(struct ui *ui, struct prompt *p, int ch)
{
	uint32_t cp;

	if (p->u8need == 0) {
		p->u8n = 0;
		p->u8need = ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC0 ? 2 : 1;
	}
	p->u8[p->u8n++] = (unsigned char)ch;
	if (p->u8n < p->u8need && (ch & 0xC0) != 0x80 && p->u8n > 1) {
		/* A new lead byte cut the character short. */
		p->u8need = 0;
		return;
	}
	if (p->u8n < p->u8need)
		return;
	text_decode_utf8((const char *)p->u8, (size_t)p->u8n, &cp);
	p->u8need = 0;
	if (cp == TEXT_CP_INVALID || text_is_unsafe_cp(cp))
		return;
	if (room_for(ui, p, (size_t)p->u8n))
		push(p, (wchar_t)cp);
}

/* Up and Down in the fallback editor: the history of this kind of line. */
static void history_step(struct prompt *p, int dir)
{
	const struct cmdline_history *h = &p->file[p->kind];
	const char *line;
	int pos = p->hist_pos + dir;

	if (pos < 0 || pos > h->n)
		return;
	p->hist_pos = pos;
	line = pos < h->n ? h->line[pos] : "";
	text_edit_free(&p->ed);
	if (text_edit_init(&p->ed, line, strlen(line)) != 0)
		text_edit_init(&p->ed, "", 0);
}

static void fallback_key(struct ui *ui, struct prompt *p, int ch)
{
	struct text_edit *e = &p->ed;

	switch (ch) {
	case '\n': case '\r': case KEY_ENTER:
		finish(ui, p);
		break;
	case '\t':
		fallback_complete(p);
		break;
	case KEY_UP: case CTRL('p'):
		history_step(p, -1);
		break;
	case KEY_DOWN: case CTRL('n'):
		history_step(p, 1);
		break;
	case KEY_LEFT: case CTRL('b'):
		text_edit_left(e);
		break;
	case KEY_RIGHT: case CTRL('f'):
		text_edit_right(e);
		break;
	case KEY_HOME: case CTRL('a'):
		e->cur = 0;
		break;
	case KEY_END: case CTRL('e'):
		e->cur = e->len;
		break;
	case KEY_BACKSPACE: case 127: case CTRL('h'):
		text_edit_backspace(e);
		break;
	case KEY_DC:
		text_edit_delete(e);
		break;
	case CTRL('u'):
		while (e->cur > 0)
			text_edit_backspace(e);
		break;
	case CTRL('k'):
		while (e->cur < e->len)
			text_edit_delete(e);
		break;
	case CTRL('w'):
		while (e->cur > 0 && e->buf[e->cur - 1] == ' ')
			text_edit_backspace(e);
		while (e->cur > 0 && e->buf[e->cur - 1] != ' ')
			text_edit_backspace(e);
		break;
	default:
		if (ch >= 0x80 && ch < 0x100) {
			utf8_byte(ui, p, ch);
		} else if (ch >= 0x20 && ch < 0x7f) {
			p->u8need = 0;
			if (room_for(ui, p, 1))
				push(p, (wchar_t)ch);
		}
		break;
	}
}

char *prompt_key(struct ui *ui, int ch, enum prompt_kind *kind)
{
	struct prompt *p = ui->prompt;
	char *line;

	*kind = p->kind;
	p->hint[0] = ch == '\t' ? p->hint[0] : '\0';
	if (ch == 27 && !vi_mode(p)) {
		/* Esc cancels.  Meta keys are Esc and a key too, and a key
		 * typed quickly after Esc cannot be told from one; cancelling
		 * must never fail, so emacs Meta bindings are not offered. */
		prompt_cancel(ui);
		return NULL;
	} else if ((ch == 27 && vi_mode(p) && current_bytes(p) == 0) ||
		   (ch == 4 && current_bytes(p) == 0)) {
		/* Esc on an empty vi line, or Ctrl-D on an empty line. */
		prompt_cancel(ui);
		return NULL;
	}
	if (p->fallback)
		fallback_key(ui, p, ch);
	else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER)
		push(p, L'\n');
	else if (ch == KEY_UP)
		push_seq(p, "\033[A");
	else if (ch == KEY_DOWN)
		push_seq(p, "\033[B");
	else if (ch == KEY_RIGHT)
		push_seq(p, "\033[C");
	else if (ch == KEY_LEFT)
		push_seq(p, "\033[D");
	else if (ch == KEY_HOME)
		push_seq(p, "\033[H");
	else if (ch == KEY_END)
		push_seq(p, "\033[F");
	else if (ch == KEY_DC)
		push_seq(p, "\033[3~");
	else if (ch == KEY_BACKSPACE)
		push(p, 0x7f);
	else if (ch >= 0x80 && ch < 0x100)
		utf8_byte(ui, p, ch);
	else if (ch >= 0x20 && ch < 0x7f) {
		p->u8need = 0;
		if (room_for(ui, p, 1))
			push(p, (wchar_t)ch);
	} else if (ch >= 0 && ch < 0x20)
		push(p, (wchar_t)ch);
	if (!p->fallback)
		run(ui, p);
	line = p->ended;
	p->ended = NULL;
	return line;
}

/* The question of a PROMPT_CONFIRM line, wrapped, ending above it. */
#define ASK_ROWS 3
static void draw_ask(struct ui *ui, struct prompt *p, int y)
{
	struct text_line lines[ASK_ROWS];
	int n = text_wrap(p->ask, ui->cols - 2, lines, ASK_ROWS), i, row;

	if (n > ASK_ROWS)
		n = ASK_ROWS;
	if (n > y - 1)
		n = y - 1;
	for (i = 0; i < n; i++) {
		char *line = strndup(p->ask + lines[i].off, lines[i].len);

		row = y - n + i;
		ui_fill(ui, row, 0, ui->cols, EL_ALERT);
		if (line != NULL)
			ui_put(ui, row, 1, line, ui->cols - 2, EL_ALERT, 0);
		free(line);
	}
}

void prompt_draw(struct ui *ui)
{
	struct prompt *p = ui->prompt;
	char *before = current(p, 1), *all = current(p, 0);
	char *cb = NULL, *ca = NULL;
	const char *s, *lead = p->kind == PROMPT_COMMAND ? ":" :
			       p->kind == PROMPT_SEARCH ? "/" : p->label;
	int y = ui->lines - 1, lw = text_width(lead), avail, wb, skipped = 0, w;
	uint32_t cp;
	size_t len, i = 0, n;

	if (before == NULL || all == NULL)
		goto out;
	cb = text_sanitize(before, strlen(before), 0);
	ca = text_sanitize(all, strlen(all), 0);
	if (cb == NULL || ca == NULL)
		goto out;
	/* The label leaves room for an answer. */
	if (lw > ui->cols * 2 / 3)
		lw = ui->cols * 2 / 3;
	avail = ui->cols - 1 - lw;
	/* Above the line: the completions offered, or why typing stopped;
	 * a question, on as many lines as it takes. */
	if (p->hint[0])
		ui_put(ui, y - 1, 0, p->hint, ui->cols, EL_BAR, 1);
	else if (p->capped)
		ui_put(ui, y - 1, 0, ui->message, ui->cols, EL_ERROR, 1);
	else if (p->ask[0])
		draw_ask(ui, p, y);
	ui_fill(ui, y, 0, ui->cols, EL_NORMAL);
	ui_put(ui, y, 0, lead, lw, p->kind == PROMPT_CONFIRM ? EL_ALERT : EL_NORMAL,
	       0);
	/* Scroll sideways so that the cursor stays on screen. */
	wb = text_width(cb);
	if (wb - p->hscroll >= avail)
		p->hscroll = wb - avail + avail / 4;
	if (wb < p->hscroll)
		p->hscroll = wb > avail / 2 ? wb - avail / 2 : 0;
	len = strlen(ca);
	while (i < len && skipped < p->hscroll) {
		n = text_decode_utf8(ca + i, len - i, &cp);
		w = text_width_cp(cp == TEXT_CP_INVALID ? TEXT_CP_REPLACEMENT : cp);
		if (skipped + w > p->hscroll)
			break;
		skipped += w;
		i += n;
	}
	s = ca + i;
	if (p->hscroll > 0)
		ui_put(ui, y, lw - 1, "<", 1, EL_DIM, 0);
	ui_put(ui, y, lw, s, avail + 1, EL_NORMAL, 0);
	move(y, lw + wb - skipped);
out:
	free(before);
	free(all);
	free(cb);
	free(ca);
}
