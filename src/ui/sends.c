/*
 * sends.c: a reply's e-mail handed to the mail server in the background.
 *
 * Once a reply and its outbox row are committed, a thread with a database
 * connection of its own hands that one message to sendmail
 * (deliver_reply); the rest of the queue is `temas send`'s.  A slow or
 * hung mail server holds up that thread only: the console goes on at
 * once, saying the reply is queued, and says where it stands when the
 * thread is done (sent, refused, or queued again with the reason).
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "temas/deliver.h"
#include "temas/i18n.h"
#include "temas/outbox.h"
#include "temas/store.h"

struct ui_send {
	struct ui_send *next;
	pthread_t thread;
	struct store *st;          /* the thread's own connection */
	const struct deliver_conf *dc;
	long long interaction_id, complaint_id;
	char *channel;
	int rc;                    /* deliver_reply's */
	char err[512];             /* why it could not run at all */
	char state[16];            /* the outbox row's state after */
	char *why;                 /* what the mail server said, if anything */
	atomic_int done;
};

/* Hand-overs the console did not wait for when it ended. */
static struct ui_send *left_running;

static void *send_main(void *arg)
{
	struct ui_send *j = arg;
	struct deliver_stats ds;

	j->rc = deliver_reply(j->st, j->dc, j->interaction_id, &ds, j->err, sizeof j->err);
	if (store_outbox_state(j->st, j->interaction_id, j->state, sizeof j->state,
			       NULL) != STORE_OK)
		j->state[0] = '\0';
	j->why = store_outbox_error(j->st, j->interaction_id);
	store_close(j->st);
	j->st = NULL;
	atomic_store(&j->done, 1);
	return NULL;
}

static void send_free(struct ui_send *j)
{
	free(j->channel);
	free(j->why);
	free(j);
}

int ui_send_start(struct ui *ui, long long interaction_id, long long complaint_id,
		  const char *channel)
{
	struct ui_send *j = calloc(1, sizeof *j);
	char err[512];

	if (j == NULL || (j->channel = strdup(channel)) == NULL) {
		free(j);
		ui_message(ui, 1, "%s", _("out of memory"));
		return -1;
	}
	if (store_open_like(&j->st, ui->st, err, sizeof err) != STORE_OK) {
		ui_message(ui, 1, _("reply queued, not sent: %s"), err);
		send_free(j);
		return -1;
	}
	j->dc = ui->opt->deliver;
	j->interaction_id = interaction_id;
	j->complaint_id = complaint_id;
	atomic_init(&j->done, 0);
	if (pthread_create(&j->thread, NULL, send_main, j) != 0) {
		store_close(j->st);
		ui_message(ui, 1, "%s", _("reply queued, not sent: cannot start the hand-over; "
					  "'temas send' sends it"));
		send_free(j);
		return -1;
	}
	j->next = ui->sends;
	ui->sends = j;
	ui_message(ui, 0, _("reply queued for delivery on %s; handing it to the mail server"),
		   channel);
	return 0;
}

/* Where a finished hand-over left the reply, on the status line. */
static void say(struct ui *ui, const struct ui_send *j)
{
	if (j->rc != 0)
		ui_message(ui, 1, _("reply on complaint %lld queued, not sent: %s"),
			   j->complaint_id, j->err);
	else if (strcmp(j->state, "sent") == 0)
		ui_message(ui, 0, _("reply on complaint %lld sent by e-mail"), j->complaint_id);
	else if (strcmp(j->state, "failed") == 0)
		ui_message(ui, 1, _("reply on complaint %lld failed: the mail server refused it: "
				    "%s (see the supervisor view)"), j->complaint_id,
			   j->why ? j->why : _("no reason given"));
	else if (j->why != NULL)
		ui_message(ui, 1, _("reply on complaint %lld queued for delivery on %s: %s; "
				    "it is tried again later"), j->complaint_id, j->channel, j->why);
	else
		ui_message(ui, 0, _("reply on complaint %lld queued for delivery on %s"),
			   j->complaint_id, j->channel);
}

int ui_sends_poll(struct ui *ui)
{
	struct ui_send **p = &ui->sends, *j;
	int n = 0;

	while ((j = *p) != NULL) {
		if (!atomic_load(&j->done)) {
			p = &j->next;
			continue;
		}
		pthread_join(j->thread, NULL);
		*p = j->next;
		say(ui, j);
		send_free(j);
		n++;
	}
	return n;
}

int ui_sends_running(const struct ui *ui)
{
	const struct ui_send *j;
	int n = 0;

	for (j = ui->sends; j != NULL; j = j->next)
		n += !atomic_load(&j->done);
	return n;
}

int ui_sends_end(struct ui *ui, int wait_ms)
{
	struct timespec tick = { 0, 50 * 1000000L };
	int waited = 0, left;

	while (ui_sends_running(ui) > 0 && waited < wait_ms) {
		nanosleep(&tick, NULL);
		waited += 50;
	}
	ui_sends_poll(ui);
	left = ui_sends_running(ui);
	/* A hand-over still running is left to end with the process: its
	 * claim on the message lapses and 'temas send' sends it.  Kept
	 * here, it is still the thread's to write to. */
	while (ui->sends != NULL) {
		struct ui_send *j = ui->sends;

		ui->sends = j->next;
		pthread_detach(j->thread);
		j->next = left_running;
		left_running = j;
	}
	return left;
}
