/*
 * deliver.c: one queued reply at a time to sendmail(8).
 *
 * The message is written to an unlinked temporary file first and that
 * file is the MTA's standard input, so the MTA never sees a message cut
 * short by temas dying mid-write (which its EOF would accept).  On Linux
 * the MTA is killed with temas (PR_SET_PDEATHSIG), so a sender killed
 * while the MTA runs leaves a claim whose message was not taken.  Exit status 0 is "accepted" (sent), EX_TEMPFAIL (75), a
 * signal or a command that cannot run are temporary (queued again with
 * backoff until give_up), anything else is a permanent failure with the
 * status and the first line the MTA wrote on its standard error.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "flow.h"
#include "temas/config.h"
#include "temas/deliver.h"
#include "temas/i18n.h"
#include "temas/ingest.h"
#include "temas/mail.h"
#include "temas/outbox.h"
#include "temas/store.h"

#define MAX_ARGS 32

void deliver_conf_from(struct deliver_conf *dc, const struct config *cfg)
{
	const char *v;

	dc->sendmail = cfg ? config_get(cfg, "sendmail") : NULL;
	if (dc->sendmail == NULL)
		dc->sendmail = DELIVER_SENDMAIL;
	dc->from = cfg ? config_get(cfg, "from") : NULL;
	v = cfg ? config_get(cfg, "give_up_hours") : NULL;
	dc->give_up = (v ? atoll(v) : DELIVER_GIVE_UP_HOURS) * 3600LL;
	dc->lease = DELIVER_LEASE;
	dc->report = NULL;
	dc->report_arg = NULL;
	v = getenv("TEMAS_SEND_LEASE");
	if (v && atoll(v) > 0)
		dc->lease = atoll(v);
}

long long deliver_backoff(int attempts)
{
	long long d = 60;

	while (--attempts > 0 && d < 3600)
		d *= 2;
	return d < 3600 ? d : 3600;
}

/* A Message-ID nobody else will make: time, random bits, our domain. */
/* A new message id, temas.TIME.RANDOM@the sender's domain, in a new
 * string (NULL when out of memory); the domain whole, however long. */
static char *new_message_id(const char *from_addr)
{
	unsigned char r[9] = { 0 };
	const char *dom = strrchr(from_addr, '@');
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	char hex[19], *id;
	size_t i, n;

	if (fd < 0 || read(fd, r, sizeof r) != (ssize_t)sizeof r) {
		unsigned long x = (unsigned long)getpid() * 2654435761UL ^
				  (unsigned long)clock();

		for (i = 0; i < sizeof r; i++, x >>= 3)
			r[i] ^= (unsigned char)x;
	}
	if (fd >= 0)
		close(fd);
	for (i = 0; i < sizeof r; i++)
		snprintf(hex + 2 * i, 3, "%02x", r[i]);
	dom = dom ? dom + 1 : "localhost";
	n = strlen(dom) + sizeof hex + 32;
	if ((id = malloc(n)) != NULL)
		snprintf(id, n, "temas.%lld.%s@%s", (long long)time(NULL), hex, dom);
	return id;
}

/*
 * The thread's "a@x b@y ..." (oldest first) as a vector pointing into s
 * (changed), *n of them, or NULL when out of memory.  A thread longer
 * than REFS_KEEP is trimmed as RFC 5322 (3.6.4) allows, to its first
 * message and the newest REFS_KEEP - 1: what threads the reply in every
 * reader, in a header that stays far below what mail servers accept.
 */
#define REFS_KEEP 100
static const char **split_refs(char *s, size_t *n)
{
	const char **v = NULL, **g;
	size_t cap = 0;
	char *save = NULL, *t;

	*n = 0;
	for (t = strtok_r(s, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			if ((g = realloc(v, cap * sizeof *v)) == NULL) {
				free(v);
				return NULL;
			}
			v = g;
		}
		v[(*n)++] = t;
	}
	if (*n > REFS_KEEP) {
		memmove(v + 1, v + *n - (REFS_KEEP - 1), (REFS_KEEP - 1) * sizeof *v);
		*n = REFS_KEEP;
	}
	if (v == NULL)
		v = malloc(sizeof *v);
	return v;
}

/* The first line of the MTA's complaint, printable ASCII only. */
static void first_line(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i, o = 0;

	while (n > 0 && (*s == '\n' || *s == ' ')) {
		s++;
		n--;
	}
	for (i = 0; i < n && s[i] != '\n' && o + 1 < outsz; i++)
		out[o++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	out[o] = '\0';
}

/* The mail server and whatever it started, stopped; 1 for timed_out. */
static int stop_group(pid_t pid)
{
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	return 1;
}

static long long monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec;
}

/*
 * Run the sendmail command with the message file as its input.  *status
 * gets its exit status (-1 for a signal); err the first stderr line.  A
 * mail server that has not answered in timeout seconds is stopped and the
 * message is tried again later (EX_TEMPFAIL): well inside the claim's
 * lease, so that no other sender takes the message for one whose sender
 * died and sends it a second time.
 */
static int run_sendmail(const char *cmd, const char *sender, int msgfd,
			long long timeout, int *status, char *err, size_t errsz)
{
	char *copy = strdup(cmd), *argv[MAX_ARGS + 1], *save = NULL, *t;
	char ebuf[4096];
	size_t en = 0;
	long long deadline;
	int argc = 0, pfd[2], ws, timed_out = 0;
	pid_t pid, parent;

	*status = -1;
	err[0] = '\0';
	if (copy == NULL) {
		snprintf(err, errsz, "%s", _("out of memory"));
		return -1;
	}
	for (t = strtok_r(copy, " \t", &save); t && argc < MAX_ARGS - 2;
	     t = strtok_r(NULL, " \t", &save)) {
		argv[argc++] = t;
		/* Bounces go to the team's address, where ingest files them. */
		if (argc == 1) {
			argv[argc++] = (char *)"-f";
			argv[argc++] = (char *)sender;
		}
	}
	argv[argc] = NULL;
	if (argc == 0 || pipe(pfd) != 0) {
		snprintf(err, errsz, "%s", argc == 0 ? _("the sendmail command is empty")
						      : strerror(errno));
		free(copy);
		return -1;
	}
	parent = getpid();
	pid = fork();
	if (pid < 0) {
		snprintf(err, errsz, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		free(copy);
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		sigset_t none;

		/* A group of its own: stopped, it is stopped with whatever
		 * it started (postdrop, a relay's client). */
		setpgid(0, 0);

		/* The console blocks SIGIO to read its bell from a signalfd;
		 * the mail server starts with nothing blocked. */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);

#ifdef __linux__
		/* If temas dies before the MTA answered, the MTA dies too and
		 * takes nothing (a submission cut short is dropped), so the
		 * message is sent again without being sent twice: the window
		 * for a double is only the moment between the MTA's exit and
		 * the commit that records it. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
			_exit(EX_TEMPFAIL_CODE);
#endif
		signal(SIGINT, SIG_IGN);
		signal(SIGPIPE, SIG_DFL);
		dup2(msgfd, 0);
		if (null >= 0)
			dup2(null, 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		execv(argv[0], argv);
		dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);   /* as the child does: whichever runs first */
	close(pfd[1]);
	deadline = monotonic_s() + timeout;
	for (;;) {
		char junk[512];
		struct pollfd pf = { pfd[0], POLLIN, 0 };
		long long left = deadline - monotonic_s();
		ssize_t r;

		if (left <= 0 || (poll(&pf, 1, (int)(left > 60 ? 60000 : left * 1000)) == 0 &&
				  monotonic_s() >= deadline)) {
			timed_out = stop_group(pid);
			break;
		}
		if (!(pf.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		r = read(pfd[0], en < sizeof ebuf ? ebuf + en : junk,
			 en < sizeof ebuf ? sizeof ebuf - en : sizeof junk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (en < sizeof ebuf)
			en += (size_t)r;
	}
	close(pfd[0]);
	/* Its stderr closed is not its end: the deadline holds for the wait too. */
	for (;;) {
		pid_t w = waitpid(pid, &ws, timed_out ? 0 : WNOHANG);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			snprintf(err, errsz, "waitpid: %s", strerror(errno));
			free(copy);
			return -1;
		}
		if (w == 0 && monotonic_s() >= deadline) {
			timed_out = stop_group(pid);
		} else if (w == 0) {
			nanosleep(&(struct timespec){ .tv_nsec = 20 * 1000 * 1000 }, NULL);
		}
	}
	free(copy);
	if (timed_out) {
		*status = EX_TEMPFAIL_CODE;
		snprintf(err, errsz, _("the mail server did not answer in %lld s; it is tried again later"),
			 timeout);
		return 0;
	}
	first_line(ebuf, en, err, errsz);
	if (WIFEXITED(ws))
		*status = WEXITSTATUS(ws);
	else if (err[0] == '\0')
		snprintf(err, errsz, _("the sendmail command was killed by signal %d"),
			 WTERMSIG(ws));
	return 0;
}

/* Write the message to an unlinked temporary file, positioned at 0. */
static int message_file(const char *msg, size_t len)
{
	FILE *f = tmpfile();
	int fd;

	if (f == NULL)
		return -1;
	if (fwrite(msg, 1, len, f) != len || fflush(f) != 0) {
		fclose(f);
		return -1;
	}
	fd = dup(fileno(f));
	fclose(f);
	if (fd >= 0 && lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* How long the mail server may take: half the claim's lease. */
static long long sendmail_timeout(const struct deliver_conf *dc)
{
	return dc->lease > 1 ? dc->lease / 2 : 1;
}

/* One due message (only that of reply `only` when not 0): 0 when one
 * was handled, 1 when none is due, -1 on a failure of the store. */
static int deliver_one(struct store *st, const struct deliver_conf *dc,
		       const char *claimer, const char *from_addr, long long only,
		       struct deliver_stats *ds, char *err, size_t errsz)
{
	struct outbox_item it;
	struct mail_out mo;
	struct attachment_row *rows = NULL;
	struct mail_attachment *att = NULL;
	int nrows = 0, i;
	const char **refs = NULL;
	char *mid, why[512];
	char *msg;
	size_t len;
	int rc, status = -1, fd, temporary;

	if ((mid = new_message_id(from_addr)) == NULL) {
		snprintf(err, errsz, "%s", _("out of memory"));
		return -1;
	}
	rc = only ? store_outbox_claim_reply(st, claimer, mid, dc->lease, only, &it)
		  : store_outbox_claim(st, claimer, mid, dc->lease, &it);
	free(mid);
	if (rc == STORE_NOTFOUND)
		return 1;
	if (rc != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		return -1;
	}
	memset(&mo, 0, sizeof mo);
	mo.from = dc->from;
	mo.to_name = it.to_name;
	mo.to_addr = it.to_addr;
	mo.subject = it.subject;
	mo.complaint_id = it.complaint_id;
	mo.message_id = it.message_id;
	mo.in_reply_to = *it.in_reply_to ? it.in_reply_to : NULL;
	mo.references = refs = split_refs(it.references, &mo.nreferences);
	mo.date = store_now(st);
	mo.body = it.body;
	mo.auto_generated = it.auto_generated;
	if (refs == NULL) {
		snprintf(why, sizeof why, "%s", _("out of memory"));
		rc = store_outbox_retry(st, it.id, claimer,
					store_now(st) + deliver_backoff(it.attempts), -1, why);
		ds->retry += rc == STORE_OK;
		goto done;
	}
	if (store_attachment_rows_of(st, it.interaction_id, &rows, &nrows) != STORE_OK ||
	    (nrows > 0 && (att = calloc((size_t)nrows, sizeof *att)) == NULL)) {
		snprintf(why, sizeof why, "%s", store_errmsg(st));
		rc = store_outbox_retry(st, it.id, claimer,
					store_now(st) + deliver_backoff(it.attempts), -1, why);
		ds->retry += rc == STORE_OK;
		goto done;
	}
	for (i = 0; i < nrows; i++) {
		att[i].name = rows[i].name;
		att[i].type = rows[i].type;
		att[i].data = rows[i].data;
		att[i].len = (size_t)rows[i].size;
	}
	mo.att = att;
	mo.natt = (size_t)nrows;
	msg = mail_compose(&mo, &len, why, sizeof why);
	if (msg == NULL) {
		/* Nothing an MTA or a retry can change. */
		rc = store_outbox_failed(st, it.id, claimer, -1, why);
		ds->failed += rc == STORE_OK;
		if (rc == STORE_OK && dc->report)
			dc->report(dc->report_arg, it.id, it.complaint_id, 1, why);
		goto done;
	}
	fd = message_file(msg, len);
	free(msg);
	if (fd < 0) {
		snprintf(why, sizeof why, _("cannot write a temporary file: %s"), strerror(errno));
		status = -1;
		temporary = 1;
	} else {
		if (run_sendmail(dc->sendmail, from_addr, fd, sendmail_timeout(dc), &status,
				 why, sizeof why) != 0) {
			status = -1;
			ds->cannot_run++;
		}
		close(fd);
		temporary = status != 0 && (status == EX_TEMPFAIL_CODE || status == 127 ||
					    status == -1);
	}
	/* 127: the child's "could not run it" after execv. */
	ds->cannot_run += status == 127;
	/* A mail server that says nothing: its status is the reason. */
	if (temporary && why[0] == '\0') {
		if (status >= 0)
			snprintf(why, sizeof why, _("temporary failure, exit %d"), status);
		else
			snprintf(why, sizeof why, "%s", _("temporary failure"));
	}
	if (status == 0) {
		rc = store_outbox_sent(st, it.id, claimer);
		ds->sent += rc == STORE_OK;
	} else if (temporary && store_now(st) - it.queued_at < dc->give_up) {
		rc = store_outbox_retry(st, it.id, claimer,
					store_now(st) + deliver_backoff(it.attempts),
					status, why);
		ds->retry += rc == STORE_OK;
		if (rc == STORE_OK && dc->report)
			dc->report(dc->report_arg, it.id, it.complaint_id, 0, why);
	} else {
		if (temporary) {
			char gave[sizeof why];

			snprintf(gave, sizeof gave, "%s", why);
			snprintf(why, sizeof why, _("gave up after %d attempts: %.400s"),
				 it.attempts, gave);
		}
		rc = store_outbox_failed(st, it.id, claimer, status,
					 why[0] ? why : _("the MTA refused the message"));
		ds->failed += rc == STORE_OK;
		if (rc == STORE_OK && dc->report)
			dc->report(dc->report_arg, it.id, it.complaint_id, 1,
				   why[0] ? why : _("the MTA refused the message"));
	}
done:
	attachment_rows_free(rows, nrows);
	free(att);
	free(refs);
	if (rc == STORE_CONFLICT) {
		ds->lost++;
		rc = STORE_OK;
	}
	outbox_item_clear(&it);
	if (rc != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		return -1;
	}
	return 0;
}

/* Deliver up to max due messages (0: all), or reply `only`'s alone. */
static int deliver_run(struct store *st, const struct deliver_conf *dc, int max,
		       long long only, struct deliver_stats *ds, char *err,
		       size_t errsz)
{
	char claimer[300], host[256], *name = NULL, *addr = NULL;
	int n, rc = 0;

	memset(ds, 0, sizeof *ds);
	if (dc->from == NULL || *dc->from == '\0') {
		snprintf(err, errsz, "%s",
			 _("no sender address: set 'from = Name <address>' in the configuration"));
		return -1;
	}
	if (mail_address_split(dc->from, &name, &addr) != 0) {
		snprintf(err, errsz, _("configuration: from: '%s' is not an address"), dc->from);
		return -1;
	}
	if (gethostname(host, sizeof host) != 0)
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	snprintf(claimer, sizeof claimer, "%s:%ld", host, (long)getpid());
	for (n = 0; max <= 0 || n < max; n++) {
		rc = deliver_one(st, dc, claimer, addr, only, ds, err, errsz);
		if (rc != 0 || only)
			break;
	}
	free(name);
	free(addr);
	return rc < 0 ? -1 : 0;
}

int deliver_mail(struct store *st, const struct deliver_conf *dc, int max,
		 struct deliver_stats *ds, char *err, size_t errsz)
{
	return deliver_run(st, dc, max, 0, ds, err, errsz);
}

int deliver_reply(struct store *st, const struct deliver_conf *dc,
		  long long interaction_id, struct deliver_stats *ds, char *err,
		  size_t errsz)
{
	return deliver_run(st, dc, 1, interaction_id, ds, err, errsz);
}
