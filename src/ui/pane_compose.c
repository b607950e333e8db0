/*
 * pane_compose.c: the compose screen for a reply, an internal note or a
 * resolution note.  The commands (commands.c) open it, send from it and
 * bring templates and $EDITOR to it; the pane itself edits text.
 *
 * The text area sits under the customer header and the newest orders
 * (layout.c), because replying with the order history in view is what
 * the product promises.  What is typed is kept in the database as a
 * draft a second or two behind the keyboard, on Esc and on hangup, so a
 * dropped SSH session loses almost nothing.  This pane also beats this
 * console's presence (viewing, typing) so that others see it.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/assign.h"
#include "temas/complaint.h"
#include "temas/customer.h"
#include "temas/deliver.h"
#include "temas/draft.h"
#include "temas/edit.h"
#include "temas/i18n.h"
#include "temas/ingest.h"
#include "temas/mail.h"
#include "temas/outbox.h"
#include "temas/store.h"
#include "temas/survey.h"
#include "temas/template.h"
#include "temas/text.h"

#define CTRL(c) ((c) & 0x1f)
/* A console counts as online, and its presence as current, for
 * PRESENCE_STALE_SECS after its last beat: two beats a window, so one
 * beat late (a locked database, a loaded host) still keeps it. */
#define BEAT_MS (PRESENCE_STALE_SECS * 1000 / 2)


struct compose_state {
	int open;
	enum compose_kind kind;
	struct complaint c;
	struct text_edit ed;
	struct text_input in;
	int scroll;                 /* first wrapped line shown */
	int back_focus;             /* where Esc returns */
	long long first_dirty_ms;   /* -1: the draft in the store is current */
	int refused;                /* a save refused: no timed save until a change */
	long long last_change_ms;

	struct template_row *tpl;    /* the picker's rows, one a name */
	int ntpl, tsel, picking;

	char *attached;             /* names of the files attached so far */

	long long beat_complaint;   /* 0: no presence row of ours */
	enum presence_activity beat_act;
	long long beat_ms;
	long long alive_ms;         /* the console's own heartbeat (assign.h) */
};

static enum direction kind_dir(enum compose_kind k)
{
	return k == COMPOSE_NOTE ? DIR_NOTE : DIR_OUT;
}

static enum draft_kind kind_draft(enum compose_kind k)
{
	return k == COMPOSE_NOTE ? DRAFT_NOTE
	       : k == COMPOSE_RESOLVE ? DRAFT_RESOLUTION : DRAFT_REPLY;
}

static int compose_init(struct ui *ui, struct pane *p)
{
	struct compose_state *s = calloc(1, sizeof *s);

	if (s == NULL)
		return STORE_ERROR;
	s->first_dirty_ms = -1;
	p->state = s;
	p->focusable = 0;
	return STORE_OK;
}

static void templates_free(struct compose_state *s)
{
	template_rows_free(s->tpl, s->ntpl);
	s->tpl = NULL;
	s->ntpl = 0;
	s->picking = 0;
}

static void compose_fini(struct pane *p)
{
	struct compose_state *s = p->state;

	if (s != NULL) {
		if (s->open)
			text_edit_free(&s->ed);
		templates_free(s);
		free(s->attached);
	}
	free(s);
	p->state = NULL;
}

static void compose_invalidate(struct ui *ui, struct pane *p, int sel_changed)
{
}

static int compose_needs_load(struct ui *ui, struct pane *p)
{
	return 0;
}

static int compose_load(struct ui *ui, struct pane *p)
{
	return STORE_OK;
}

/* A change after a refused save asks the store once more, at the usual
 * pace: a burst of typing is one try, said at most once if refused
 * again; an agent added back has their drafts kept again. */
static void touched(struct compose_state *s)
{
	s->last_change_ms = ui_mono_ms();
	if (s->refused) {
		s->refused = 0;
		s->first_dirty_ms = s->last_change_ms;
	}
	if (s->first_dirty_ms < 0)
		s->first_dirty_ms = s->last_change_ms;
}

static int save_draft(struct ui *ui, struct compose_state *s)
{
	long long agent = ui->me.id, id = s->c.id;
	int rc;

	if (!s->open || s->first_dirty_ms < 0)
		return STORE_OK;
	if (s->ed.len == 0)
		rc = store_draft_delete(ui->st, agent, id, kind_draft(s->kind));
	else
		rc = store_draft_save(ui->st, agent, id, kind_draft(s->kind),
				      s->ed.buf, (long long)s->ed.cur);
	if (rc == STORE_OK || rc == STORE_NOTFOUND) {
		s->first_dirty_ms = -1;
		s->refused = 0;
		return STORE_OK;
	}
	/* Refused (the agent was removed meanwhile): said once, and not
	 * asked again every tick; the text stays in the editor, and Esc, a
	 * send or more typing asks again. */
	s->refused = rc == STORE_DENIED;
	ui_report(ui, rc);
	return rc;
}

static void close_compose(struct compose_state *s, struct effect *fx)
{
	text_edit_free(&s->ed);
	templates_free(s);
	free(s->attached);
	s->attached = NULL;
	s->open = 0;
	s->first_dirty_ms = -1;
	s->refused = 0;
	fx->flags |= FX_FOCUS;
	fx->pane = s->back_focus;
}

void pane_compose_open(struct ui *ui, struct pane *p, enum compose_kind kind,
		       const struct complaint *c, struct effect *fx)
{
	struct compose_state *s = p->state;
	char *body = NULL;
	long long cursor = 0;
	temas_time at;
	int rc, restored = 0;

	if (s->open)
		return;
	rc = store_draft_load(ui->st, ui->me.id, c->id, kind_draft(kind),
			      &body, &cursor, &at);
	if (rc != STORE_OK && rc != STORE_NOTFOUND) {
		ui_report(ui, rc);
		/* The text typed after the key was meant for the compose
		 * screen, not for the queue. */
		flushinp();
		return;
	}
	restored = rc == STORE_OK;
	if (text_edit_init(&s->ed, body ? body : "",
			   cursor > 0 ? (size_t)cursor : 0) != 0) {
		free(body);
		ui_message(ui, 1, "%s", _("out of memory"));
		flushinp();
		return;
	}
	free(body);
	s->c = *c;
	s->kind = kind;
	s->open = 1;
	free(s->attached);
	if (store_draft_attachment_names(ui->st, ui->me.id, s->c.id,
					 s->kind == COMPOSE_NOTE, &s->attached) != STORE_OK)
		s->attached = NULL;
	s->scroll = 0;
	s->first_dirty_ms = -1;
	s->refused = 0;
	memset(&s->in, 0, sizeof s->in);
	s->back_focus = ui->focus == PANE_COMPOSE ? PANE_QUEUE : ui->focus;
	fx->flags |= FX_FOCUS;
	fx->pane = PANE_COMPOSE;
	if (restored)
		ui_message(ui, 0, "%s", _("draft restored"));
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\n')
			return 0;
	return 1;
}

/*
 * A reply on a channel that delivers is queued with the reply; by e-mail
 * it is handed to the mail server at once, in the background (sends.c),
 * and the status line says sent only once the mail server took it.
 */
static void say_delivery(struct ui *ui, const char *channel, long long iid,
			 long long complaint_id)
{
	char state[16];
	int by_mail = 0;
	int rc = store_outbox_state(ui->st, iid, state, sizeof state, &by_mail);

	if (rc == STORE_NOTFOUND)
		ui_message(ui, 0, _("reply recorded on %s (this channel delivers nothing: "
				    "the customer hears it from you)"), channel);
	else if (rc != STORE_OK)
		ui_message(ui, 1, "%s", store_errmsg(ui->st));
	else if (by_mail && ui->opt->deliver != NULL)
		ui_send_start(ui, iid, complaint_id, channel);
	else if (!by_mail)
		/* `temas send` never takes it: the channel's gateway does. */
		ui_message(ui, 0, _("reply queued in the %s gateway's outbox"), channel);
	else
		ui_message(ui, 0, _("reply queued for delivery on %s"), channel);
}

void pane_compose_send(struct ui *ui, struct pane *p, struct effect *fx)
{
	struct compose_state *s = p->state;
	long long iid;
	int rc;

	if (blank(s->ed.buf)) {
		ui_message(ui, 1, "%s", _("nothing to send: the text is empty"));
		return;
	}
	/* If sending fails, what was typed is still in the store. */
	if (save_draft(ui, s) != STORE_OK)
		return;
	if (s->kind == COMPOSE_RESOLVE)
		rc = store_complaint_set_status(ui->st, &ui->me, s->c.id,
						ST_RESOLVED, s->ed.buf);
	else
		rc = store_complaint_reply_seen(ui->st, &ui->me, s->c.id,
						kind_dir(s->kind), s->ed.buf,
						ui_history_seen(ui, s->c.id),
						&iid);
	if (rc != STORE_OK) {
		ui_report(ui, rc);
		/* Refused for orders seen before a merge: the ones read
		 * again count. */
		if (rc == STORE_DENIED && s->kind == COMPOSE_REPLY)
			ui_history_recheck(ui, s->c.id);
		return;
	}
	if (s->kind == COMPOSE_REPLY)
		say_delivery(ui, s->c.channel, iid, s->c.id);
	else if (s->kind == COMPOSE_NOTE)
		ui_message(ui, 0, "%s", _("note added"));
	else if (store_csat_queued(ui->st) > 0)
		ui_message(ui, 0, _("complaint %lld resolved; satisfaction question queued"),
			   s->c.id);
	else
		ui_message(ui, 0, _("complaint %lld resolved"), s->c.id);
	s->first_dirty_ms = -1;
	close_compose(s, fx);
	fx->flags |= FX_RELOAD;
	/* Show what was written where it now lives.  A reply moves the
	 * complaint to its resolution due, often off the queue's page: the
	 * selection follows it, or the next key would act on another one. */
	if (s->kind != COMPOSE_RESOLVE) {
		fx->flags |= FX_OPEN;
		fx->customer_id = s->c.customer_id;
		fx->complaint_id = s->c.id;
		fx->pane = PANE_TIMELINE;
	}
}

/* A media type from the file name: what a mail program needs to show it. */
static const char *guess_type(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".pdf", "application/pdf" }, { ".png", "image/png" },
		{ ".jpg", "image/jpeg" }, { ".jpeg", "image/jpeg" },
		{ ".gif", "image/gif" }, { ".txt", "text/plain" },
		{ ".csv", "text/csv" }, { ".html", "text/html" },
		{ ".zip", "application/zip" },
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcasecmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

void pane_compose_attach(struct ui *ui, struct pane *p, const char *path)
{
	struct compose_state *s = p->state;
	long long max = ui->opt->attachment_max > 0 ? ui->opt->attachment_max
						    : 10LL << 20;
	char *data = NULL, *name;
	size_t len = 0, cap = 0, got;
	struct stat sb;
	FILE *f;
	int delivers = 1;

	if (s->kind == COMPOSE_RESOLVE) {
		ui_message(ui, 1, "%s", _("a resolution note takes no attachments"));
		return;
	}
	/* Said before the agent believes the file reached the customer. */
	if (s->kind == COMPOSE_REPLY &&
	    store_channel_delivers(ui->st, s->c.channel, &delivers) == STORE_OK && !delivers) {
		ui_message(ui, 1, _("cannot attach: %s delivers nothing, so the file would reach "
				    "nobody; attach it to a note to keep it"), s->c.channel);
		return;
	}
	while (*path == ' ')
		path++;
	if (*path == '\0') {
		ui_message(ui, 1, "%s", _("usage: :attach FILE"));
		return;
	}
	if (!text_validate_utf8(path, strlen(path))) {
		ui_message(ui, 1, "%s", _("cannot attach: the file name is not valid UTF-8"));
		return;
	}
	f = fopen(path, "rb");
	if (f == NULL) {
		ui_message(ui, 1, _("cannot attach %s: %s"), path, strerror(errno));
		return;
	}
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(f);
		ui_message(ui, 1, _("cannot attach %s: not a regular file"), path);
		return;
	}
	if (sb.st_size > max) {
		fclose(f);
		ui_message(ui, 1, _("cannot attach %s: %lld KB, over the limit of %lld KB (attachment_max_kb)"),
			   path, (long long)(sb.st_size + 1023) / 1024, max / 1024);
		return;
	}
	do {
		if (len == cap) {
			char *nd = (long long)cap <= max
				   ? realloc(data, cap = cap ? cap * 2 : 65536) : NULL;

			if (nd == NULL) {
				free(data);
				fclose(f);
				ui_message(ui, 1, _("cannot attach %s: over the limit of %lld KB (attachment_max_kb)"),
					   path, max / 1024);
				return;
			}
			data = nd;
		}
		got = fread(data + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	if (ferror(f) || (long long)len > max) {
		int failed = ferror(f), e = errno;

		fclose(f);
		free(data);
		ui_message(ui, 1, _("cannot attach %s: %s"), path,
			   failed ? strerror(e) : _("it grew over the limit while read"));
		return;
	}
	fclose(f);
	name = mail_safe_filename(strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	if (name == NULL ||
	    store_draft_attach(ui->st, ui->me.id, s->c.id, s->kind == COMPOSE_NOTE,
			       name, guess_type(name),
			       data ? data : "", len) != STORE_OK) {
		ui_message(ui, 1, "%s", name ? store_errmsg(ui->st) : _("out of memory"));
	} else {
		ui_message(ui, 0, s->kind == COMPOSE_NOTE
			   ? _("attached %s (%zu bytes); it goes with the note")
			   : _("attached %s (%zu bytes); it goes with the reply"), name, len);
		char *names;

		if (store_draft_attachment_names(ui->st, ui->me.id, s->c.id,
						 s->kind == COMPOSE_NOTE,
						 &names) == STORE_OK) {
			free(s->attached);
			s->attached = names;
		}
	}
	free(name);
	free(data);
}

/* The order store_template_render picks a language in. */
static int lang_rank(const char *lang, const char *customer_lang)
{
	if (strcmp(lang, customer_lang) == 0)
		return 0;
	return strcmp(lang, "tr") == 0 ? 1 : strcmp(lang, "en") == 0 ? 2 : 3;
}

void pane_compose_templates(struct ui *ui, struct pane *p)
{
	struct compose_state *s = p->state;
	struct template_row *rows;
	struct customer cu;
	int n, i, rc;

	templates_free(s);
	rc = store_customer_get(ui->st, s->c.customer_id, &cu);
	if (rc != STORE_OK && rc != STORE_NOTFOUND) {
		ui_report(ui, rc);
		return;
	}
	rc = store_template_list(ui->st, s->c.channel, &rows, &n);
	if (rc != STORE_OK) {
		ui_report(ui, rc);
		return;
	}
	/* The rows move into tpl: each name once, so never more than n. */
	s->tpl = rows;
	/* One row a name, in the language the store will fill it in, so the
	 * subject shown is the text Enter inserts. */
	for (i = 0; i < n; i++) {
		struct template_row *last =
			s->ntpl > 0 ? &s->tpl[s->ntpl - 1] : NULL;

		if (last != NULL && strcmp(last->name, rows[i].name) == 0) {
			if (lang_rank(rows[i].lang, cu.lang) <
			    lang_rank(last->lang, cu.lang)) {
				template_row_clear(last);
				*last = rows[i];
			} else {
				template_row_clear(&rows[i]);
			}
			continue;
		}
		s->tpl[s->ntpl++] = rows[i];
	}
	if (s->ntpl == 0) {
		ui_message(ui, 1, _("no templates for the channel %s"),
			   s->c.channel);
		return;
	}
	s->tsel = 0;
	s->picking = 1;
}

/*
 * A template is a greeting, a body and a closing (a sign-off and a name).
 * What the agent writes goes after the body: the text is inserted with an
 * empty line of its own before the closing paragraph, and the cursor is
 * left on it; a template of one paragraph gets it after, on a line of its
 * own.
 */
static int insert_with_room(struct text_edit *e, const char *text)
{
	size_t len = strlen(text), cut, at;
	const char *p, *last = NULL;

	while (len > 0 && text[len - 1] == '\n')
		len--;
	for (p = text; (p = strstr(p, "\n\n")) != NULL && p < text + len; p++)
		last = p;
	if (last == NULL)
		return text_edit_insert(e, text, len) != 0 ||
		       text_edit_insert(e, "\n\n", 2) != 0 ? -1 : 0;
	cut = (size_t)(last - text);
	if (text_edit_insert(e, text, cut) != 0 ||
	    text_edit_insert(e, "\n\n", 2) != 0)
		return -1;
	at = e->cur;
	while (cut < len && text[cut] == '\n')
		cut++;
	if (text_edit_insert(e, "\n\n", 2) != 0 ||
	    text_edit_insert(e, text + cut, len - cut) != 0)
		return -1;
	e->cur = at;
	e->goal = -1;
	return 0;
}

static void insert_template(struct ui *ui, struct compose_state *s)
{
	char *text = NULL;
	int rc;

	rc = store_template_render(ui->st, s->tpl[s->tsel].name, s->c.id,
				   &ui->me, &text);
	templates_free(s);
	if (rc != STORE_OK) {
		ui_report(ui, rc);
		return;
	}
	if (insert_with_room(&s->ed, text) != 0)
		ui_message(ui, 1, "%s", _("out of memory"));
	free(text);
	touched(s);
}

static int pick_key(struct ui *ui, struct compose_state *s, int ch)
{
	switch (ch) {
	case 27:
		templates_free(s);
		break;
	case KEY_UP:
	case 'k':
		if (s->tsel > 0)
			s->tsel--;
		break;
	case KEY_DOWN:
	case 'j':
		if (s->tsel + 1 < s->ntpl)
			s->tsel++;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		insert_template(ui, s);
		break;
	default:
		break;
	}
	return 1;
}

/* Read the whole file; NULL on failure (errno set). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *n;
	size_t cap = 0, got;

	*len = 0;
	if (f == NULL)
		return NULL;
	for (;;) {
		if (cap - *len < 4096) {
			n = realloc(buf, cap + 65536);
			if (n == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = n;
			cap += 65536;
		}
		got = fread(buf + *len, 1, cap - *len - 1, f);
		*len += got;
		if (got == 0)
			break;
	}
	buf[*len] = '\0';
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static int write_all(int fd, const char *s, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, s, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * Ctrl-E: the text in the agent's own editor.  The editor is run directly
 * with the file's path as its only argument: no shell ever sees the text.
 */
static void edit_in(struct ui *ui, struct pane *p, struct effect *fx, char *path);

void pane_compose_editor(struct ui *ui, struct pane *p, struct effect *fx)
{
	const char *tmp = getenv("TMPDIR");
	size_t n;
	char *path;

	/* $TMPDIR of any length (mkstemp says if it is too long). */
	tmp = tmp && *tmp ? tmp : "/tmp";
	n = strlen(tmp) + sizeof "/temas-draft-XXXXXX";
	if ((path = malloc(n)) == NULL) {
		ui_message(ui, 1, "%s", _("out of memory"));
		return;
	}
	snprintf(path, n, "%s/temas-draft-XXXXXX", tmp);
	edit_in(ui, p, fx, path);
	free(path);
}

/* The editor on a new file named by the template path. */
static void edit_in(struct ui *ui, struct pane *p, struct effect *fx, char *path)
{
	struct compose_state *s = p->state;
	char words[512], *argv[16], *text;
	const char *editor = getenv("EDITOR");
	struct sigaction ign, old_int;
	size_t len;
	pid_t pid;
	int fd, status = 0, had_nl;

	if (text_editor_argv(editor && *editor ? editor : "vi", path, argv,
			     16, words, sizeof words) < 0) {
		ui_message(ui, 1, "%s", _("EDITOR is empty or too long"));
		return;
	}
	fd = mkstemp(path);
	if (fd < 0) {
		ui_message(ui, 1, _("cannot make a temporary file: %s"),
			   strerror(errno));
		return;
	}
	if (write_all(fd, s->ed.buf, s->ed.len) != 0) {
		ui_message(ui, 1, _("cannot write %s: %s"), path, strerror(errno));
		close(fd);
		unlink(path);
		return;
	}
	close(fd);
	had_nl = s->ed.len > 0 && s->ed.buf[s->ed.len - 1] == '\n';
	def_prog_mode();
	endwin();
	pid = fork();
	if (pid == 0) {
		sigset_t none;

		/* The console listens for the store's bell with SIGIO
		 * blocked; the editor starts with nothing blocked. */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execvp(argv[0], argv);
		_exit(127);
	}
	/* Ctrl-C belongs to the editor while it runs. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old_int, NULL);
	reset_prog_mode();
	ui_paste_mode(1);
	clearok(curscr, TRUE);
	refresh();
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ui_message(ui, 1, _("the editor %s failed; the text is unchanged"),
			   argv[0]);
		unlink(path);
		return;
	}
	text = slurp(path, &len);
	unlink(path);
	if (text == NULL) {
		ui_message(ui, 1, _("cannot read the edited text: %s"),
			   strerror(errno));
		return;
	}
	/* Editors end the last line; that newline was not typed. */
	if (!had_nl && len > 0 && text[len - 1] == '\n')
		text[--len] = '\0';
	text_edit_free(&s->ed);
	if (text_edit_init(&s->ed, text, len) != 0) {
		ui_message(ui, 1, "%s", _("out of memory"));
		s->open = 0;
		fx->flags |= FX_FOCUS;
		fx->pane = s->back_focus;
	}
	free(text);
	touched(s);
}

/* Lines of the text area and its width. */
static int text_rows(const struct pane *p)
{
	return p->rect.h - 2 > 1 ? p->rect.h - 2 : 1;
}

static int text_cols(const struct pane *p)
{
	return p->rect.w - 2 > 1 ? p->rect.w - 2 : 1;
}

/* Text and the keys that edit it keep their meaning here, whatever the
 * configuration binds them to outside the compose pane. */
static int editing_key(int ch)
{
	switch (ch) {
	case 27: case 127: case CTRL('h'): case '\n': case '\r': case '\t':
	case KEY_BACKSPACE: case KEY_DC: case KEY_LEFT: case KEY_RIGHT:
	case KEY_UP: case KEY_DOWN: case KEY_HOME: case KEY_END:
	case KEY_PPAGE: case KEY_NPAGE: case KEY_ENTER:
		return 1;
	default:
		return ch >= 0x20 && ch <= 0xff;
	}
}

/* The spaces from the cursor to the next tab stop of its line. */
static size_t tab_room(const struct text_edit *e)
{
	size_t start = e->cur;

	while (start > 0 && e->buf[start - 1] != '\n')
		start--;
	return 8 - (size_t)text_width_len(e->buf + start, e->cur - start) % 8;
}

static int edit_key(struct ui *ui, struct pane *p, struct compose_state *s,
		    int ch, struct effect *fx)
{
	struct text_edit *e = &s->ed;
	int cols = text_cols(p), i;
	char out[8];

	/* Any other key is looked up: send, template, editor, help. */
	if (!editing_key(ch))
		return 0;
	switch (ch) {
	case 27:
		if (save_draft(ui, s) != STORE_OK)
			return 1;
		if (e->len > 0)
			ui_message(ui, 0, "%s", _("draft kept"));
		close_compose(s, fx);
		return 1;
	case KEY_BACKSPACE:
	case 127:
	case CTRL('h'):
		text_edit_backspace(e);
		break;
	case KEY_DC:
		text_edit_delete(e);
		break;
	case KEY_LEFT:
		text_edit_left(e);
		break;
	case KEY_RIGHT:
		text_edit_right(e);
		break;
	case KEY_UP:
		text_edit_up(e, cols);
		break;
	case KEY_DOWN:
		text_edit_down(e, cols);
		break;
	case KEY_HOME:
		text_edit_home(e, cols);
		break;
	case KEY_END:
		text_edit_end(e, cols);
		break;
	case KEY_PPAGE:
		for (i = 0; i < text_rows(p) - 1; i++)
			text_edit_up(e, cols);
		break;
	case KEY_NPAGE:
		for (i = 0; i < text_rows(p) - 1; i++)
			text_edit_down(e, cols);
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (text_edit_insert(e, "\n", 1) != 0)
			ui_message(ui, 1, "%s", _("out of memory"));
		break;
	case '\t':
		/* Spaces to the next stop of 8: a pasted table keeps its
		 * columns apart ("1 499,00", never "1499,00"). */
		if (text_edit_insert(e, "        ", tab_room(e)) != 0)
			ui_message(ui, 1, "%s", _("out of memory"));
		break;
	default:
		if (ch < 0x20 || ch > 0xff)
			return 1;   /* other controls and keys: nothing to type */
		i = text_input_feed(&s->in, (unsigned char)ch, out);
		if (i == 0)
			return 1;
		if (text_edit_insert(e, out, (size_t)i) != 0)
			ui_message(ui, 1, "%s", _("out of memory"));
		break;
	}
	touched(s);
	return 1;
}

static int compose_rawkey(struct ui *ui, struct pane *p, int ch,
			  struct effect *fx)
{
	struct compose_state *s = p->state;

	if (!s->open)
		return 0;
	return s->picking ? pick_key(ui, s, ch) : edit_key(ui, p, s, ch, fx);
}

/* Someone's presence was purged: the queue's "who else looks" and the
 * customer header's line about the others are read again. */
static void presence_gone(struct ui *ui)
{
	struct pane *q = &ui->panes[PANE_QUEUE], *c = &ui->panes[PANE_CUSTOMER];

	q->ops->invalidate(ui, q, 0);
	c->ops->invalidate(ui, c, 0);
}

static void beat(struct ui *ui, struct compose_state *s, long long now)
{
	long long id = s->open ? s->c.id : ui->complaint_id;
	enum presence_activity act = s->open ? PRESENCE_TYPING : PRESENCE_VIEWING;
	long long rang;
	int rc, renew;

	if (id == 0) {
		if (s->beat_complaint != 0 &&
		    store_presence_clear(ui->st, ui->me.id, (long long)getpid()) ==
		    STORE_OK)
			s->beat_complaint = 0;
		/* With no complaint on screen (an empty queue) the console still
		 * says it runs: auto-assignment gives complaints only to agents
		 * whose console does.  A presence beat says it too.  Not while
		 * the selection only moves (its complaint is 0 until it rests):
		 * a write then would read the panes again under the agent. */
		long long qc = 0, qcust = 0;

		pane_queue_selected(&ui->panes[PANE_QUEUE], &qc, &qcust);
		if (s->alive_ms == 0 || qc != 0)
			s->alive_ms = now;
		else if (ui->me.id > 0 && now - s->alive_ms >= BEAT_MS) {
			rang = store_bell_rings(ui->st);
			if (store_agent_alive(ui->st, ui->me.id,
					      (long long)getpid()) == STORE_OK &&
			    store_bell_rings(ui->st) == rang)
				ui->quiet_writes++;
			s->alive_ms = now;
		}
		return;
	}
	if (id == s->beat_complaint && act == s->beat_act &&
	    now - s->beat_ms < BEAT_MS)
		return;
	/* Looking is announced once the selection rests, not per row the
	 * agent moves over. */
	if (!s->open && !ui_rested(ui))
		return;
	renew = id == s->beat_complaint && act == s->beat_act;
	rang = store_bell_rings(ui->st);
	rc = store_presence_beat(ui->st, ui->me.id, id, act, (long long)getpid());
	/* The same row again: only its time moved, which no screen shows;
	 * unless the beat purged a gone console's row, which this screen
	 * may show (the others hear the bell). */
	if (rc == STORE_OK && store_bell_rings(ui->st) == rang)
		ui->quiet_writes++;
	else if (rc == STORE_OK && renew)
		presence_gone(ui);
	/* A missed beat is retried at the next one; it is not worth more than
	 * a line in the status bar when nothing else is said there. */
	if (rc != STORE_OK && !ui->message[0])
		ui_report(ui, rc);
	s->beat_complaint = id;
	s->beat_act = act;
	s->beat_ms = now;
}

static void compose_tick(struct ui *ui, struct pane *p)
{
	struct compose_state *s = p->state;
	long long now = ui_mono_ms();

	if (s->open && !s->refused &&
	    text_draft_due(now, s->first_dirty_ms, s->last_change_ms))
		save_draft(ui, s);
	beat(ui, s, now);
}

long long pane_compose_beat_left(struct ui *ui)
{
	struct compose_state *s = ui->panes[PANE_COMPOSE].state;
	long long last, left;

	if (s == NULL)
		return BEAT_MS;
	last = s->beat_complaint != 0 ? s->beat_ms : s->alive_ms;
	left = last + BEAT_MS - ui_mono_ms();
	return left > 0 ? left : 0;
}

int pane_compose_is_open(struct ui *ui)
{
	struct compose_state *s = ui->panes[PANE_COMPOSE].state;

	return s != NULL && s->open && !s->picking;
}

void pane_compose_leave(struct ui *ui, struct pane *p)
{
	struct compose_state *s = p->state;

	if (s == NULL)
		return;
	save_draft(ui, s);
	store_presence_clear(ui->st, ui->me.id, (long long)getpid());
	if (ui->me.id > 0)
		store_agent_gone(ui->st, ui->me.id, (long long)getpid());
	s->beat_complaint = 0;
	s->alive_ms = 0;
}

static void draw_templates(struct ui *ui, struct pane *p,
			   struct compose_state *s)
{
	const struct rect *r = &p->rect;
	char line[200], *text;
	int i, y = r->y + 1, rows = text_rows(p) - 1, top = 0;

	snprintf(line, sizeof line, _("Templates for %s: Enter inserts, Esc cancels"),
		 s->c.channel);
	ui_put(ui, y++, r->x + 1, line, r->w - 2, EL_HEADING, 1);
	/* More templates than rows: the list scrolls with the selection. */
	if (rows > 0 && s->tsel >= rows)
		top = s->tsel - rows + 1;
	for (i = 0; top + i < s->ntpl && i < rows; i++) {
		const struct template_row *t = &s->tpl[top + i];
		struct rect row = { y + i, r->x, 1, r->w };
		int sel = top + i == s->tsel ? 2 : 0;

		ui_row_begin(ui, &row, sel);
		if (asprintf(&text, "%-20s %s", t->name, t->subject) < 0)
			text = NULL;
		ui_put(ui, y + i, r->x + 2, text ? text : t->name, r->w - 3,
		       ui_row_style(sel), 0);
		free(text);
	}
}

static void compose_draw(struct ui *ui, struct pane *p, int focused)
{
	struct compose_state *s = p->state;
	const struct rect *r = &p->rect;
	struct text_line *lines;
	char title[400], *slice;
	int cols = text_cols(p), rows = text_rows(p), nl, i, cl, cc;

	if (!s->open)
		return;
	if (s->kind == COMPOSE_REPLY)
		snprintf(title, sizeof title, _("Reply to %s on %s: %s"),
			 s->c.customer_name, s->c.channel, s->c.subject);
	else if (s->kind == COMPOSE_NOTE)
		snprintf(title, sizeof title, _("Internal note on complaint %lld: %s"),
			 s->c.id, s->c.subject);
	else
		snprintf(title, sizeof title, _("Resolution note for complaint %lld: %s"),
			 s->c.id, s->c.subject);
	ui_title(ui, r, title, focused);
	if (s->attached && s->attached[0] != '\0' && s->kind != COMPOSE_RESOLVE) {
		/* The keys first: a long list of names is what gets cut. */
		char *foot = NULL;

		/* A note is added, not sent: the key says what it does. */
		if (asprintf(&foot, s->kind == COMPOSE_NOTE
			     ? _("Ctrl-X add note | Esc close | Attached: %s")
			     : _("Ctrl-X send | Esc close | Attached: %s"),
			     s->attached) >= 0) {
			ui_put(ui, r->y + r->h - 1, r->x + 1, foot, r->w - 2, EL_DIM, 0);
			free(foot);
		}
	} else {
		ui_put(ui, r->y + r->h - 1, r->x + 1,
		       s->kind == COMPOSE_RESOLVE
		       ? _("Ctrl-X resolve | Ctrl-E editor | Esc close")
		       : s->kind == COMPOSE_NOTE
		       ? _("Ctrl-X add note | Ctrl-T template | Ctrl-E editor | Ctrl-O attach | Esc close")
		       : _("Ctrl-X send | Ctrl-T template | Ctrl-E editor | Ctrl-O attach | Esc close"),
		       r->w - 2, EL_DIM, 0);
	}
	if (s->picking) {
		draw_templates(ui, p, s);
		return;
	}
	text_edit_cursor(&s->ed, cols, &cl, &cc);
	if (cl < s->scroll)
		s->scroll = cl;
	if (cl >= s->scroll + rows)
		s->scroll = cl - rows + 1;
	nl = text_wrap(s->ed.buf, cols, NULL, 0);
	lines = calloc((size_t)nl, sizeof *lines);
	if (lines == NULL)
		return;
	text_wrap(s->ed.buf, cols, lines, nl);
	for (i = 0; i < rows && s->scroll + i < nl; i++) {
		const struct text_line *l = &lines[s->scroll + i];

		slice = malloc(l->len + 1);
		if (slice == NULL)
			break;
		memcpy(slice, s->ed.buf + l->off, l->len);
		slice[l->len] = '\0';
		ui_put(ui, r->y + 1 + i, r->x + 1, slice, cols, EL_NORMAL, 0);
		free(slice);
	}
	free(lines);
}

static int compose_cursor(struct ui *ui, struct pane *p, int *y, int *x)
{
	struct compose_state *s = p->state;
	int cl, cc;

	if (!s->open)
		return 0;
	if (s->picking) {
		*y = p->rect.y + 2 + s->tsel;
		*x = p->rect.x;
		return 1;
	}
	text_edit_cursor(&s->ed, text_cols(p), &cl, &cc);
	*y = p->rect.y + 1 + cl - s->scroll;
	*x = p->rect.x + 1 + cc;
	return 1;
}

const struct pane_ops pane_compose_ops = {
	.name = "compose",
	.init = compose_init,
	.fini = compose_fini,
	.invalidate = compose_invalidate,
	.needs_load = compose_needs_load,
	.load = compose_load,
	.draw = compose_draw,
	.cursor = compose_cursor,
	.rawkey = compose_rawkey,
	.tick = compose_tick,
};
