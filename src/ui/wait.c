/*
 * wait.c: the console while another program holds the database's lock.
 *
 * A write that finds the database locked waits for it (up to the busy
 * timeout), and so may a read on a file system without WAL.  The store
 * calls ui_wait_tick between short naps; after a moment it puts "waiting
 * for the database" on the status line and keeps reading the keyboard:
 * Esc gives the action up (the store then fails it, changing nothing)
 * and every other key is kept, in order, and handled once the action is
 * over, as if it had been typed then.  Nothing is drawn but the status
 * line: the panes may be half-way through a reload.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "temas/i18n.h"
#include "temas/store.h"

/* A wait shorter than this goes unmentioned. */
#define WAIT_QUIET_MS 300
/* Work the console does on its own waits no longer than this, unseen,
 * and is tried again later. */
#define BACKGROUND_WAIT_MS 200

static const char *waiting_text(void)
{
	return _("waiting for the database: another program holds it (Esc gives up)");
}

static void keep(struct ui *ui, int ch)
{
	if (ui->nahead == ui->capahead) {
		size_t cap = ui->capahead ? 2 * ui->capahead : 32;
		int *p = realloc(ui->ahead, cap * sizeof *p);

		if (p == NULL)
			return;
		ui->ahead = p;
		ui->capahead = cap;
	}
	ui->ahead[ui->nahead++] = ch;
}

static int wait_tick(void *ctx, long waited_ms)
{
	struct ui *ui = ctx;
	int delay, ch, give_up = 0;

	if (!ui->acting)
		return waited_ms >= BACKGROUND_WAIT_MS;
	if (waited_ms < WAIT_QUIET_MS || isendwin())
		return 0;
	if (!ui->waiting) {
		ui->waiting = 1;
		ui_message(ui, 0, "%s", waiting_text());
		layout_draw_status(ui);
		refresh();
		if (ui->frame_fd >= 0 && write(ui->frame_fd, "\n", 1) != 1)
			ui->frame_fd = -1;
	}
	delay = wgetdelay(stdscr);
	timeout(0);
	while ((ch = getch()) != ERR) {
		if (ch == 27) {
			give_up = 1;
			break;
		}
		keep(ui, ch);
	}
	timeout(delay);
	if (give_up) {
		/* What was typed for the action given up is dropped too. */
		ui->nahead = ui->nextahead = 0;
		flushinp();
	}
	return give_up;
}

void ui_wait_install(struct ui *ui)
{
	store_set_wait(ui->st, wait_tick, ui);
}

int ui_next_key(struct ui *ui)
{
	if (ui->nextahead < ui->nahead) {
		int ch = ui->ahead[ui->nextahead++];

		if (ui->nextahead == ui->nahead)
			ui->nahead = ui->nextahead = 0;
		return ch;
	}
	return getch();
}

void ui_report(struct ui *ui, int rc)
{
	if (rc == STORE_OK || (!ui->acting && store_gave_up(ui->st)))
		return;
	ui_message(ui, 1, "%s", store_errmsg(ui->st));
}

void ui_pane_report(struct ui *ui, struct pane *p, int rc)
{
	/* Given way to a lock, it is only old, and read again later. */
	p->unread = rc != STORE_OK && !store_gave_up(ui->st);
	ui_report(ui, rc);
}

const char *ui_empty_text(const struct pane *p, const char *empty)
{
	return p->unread ? _("Could not be read: see the status line.") : empty;
}

void ui_wait_over(struct ui *ui)
{
	if (!ui->waiting)
		return;
	ui->waiting = 0;
	if (strcmp(ui->message, waiting_text()) == 0)
		ui->message[0] = '\0';
}
