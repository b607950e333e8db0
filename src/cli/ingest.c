/*
 * ingest.c: `temas ingest`, one message on standard input filed as an
 * inbound interaction: an e-mail as a mail server delivers it to a pipe,
 * or with --json a one-line object from a social-media or web gateway.
 * Prints the complaint id.  Exit statuses follow sendmail's conventions:
 * 0 filed, 65 for a message that can never be filed (nothing written),
 * 75 when the database cannot take it now, so the mail server retries.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "flow.h"

/* The References an incoming mail is threaded by: its newest ones. */
#define THREAD_REFS_MAX 100

/* How far before its arrival a message's Date is believed, in seconds. */
#define MAIL_DATE_SKEW 86400
#include "temas/cli.h"
#include "temas/config.h"
#include "temas/customer.h"
#include "temas/agent.h"
#include "temas/assign.h"
#include "temas/i18n.h"
#include "temas/ingest.h"
#include "temas/json.h"
#include "temas/mail.h"
#include "temas/outbox.h"
#include "temas/parse.h"
#include "temas/path.h"
#include "temas/store.h"
#include "temas/text.h"

/* Well above attachment_max_kb's 10 MB with base64's third on top, so a
 * photo of that size is kept; doc/temas.1 names the figure. */
#define INGEST_MAX (32u << 20)

/* Read all of stdin, up to INGEST_MAX bytes.  -1 on error or too big. */
static int read_all(struct cli *c, char **out, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);

	if (buf == NULL)
		goto nomem;
	for (;;) {
		size_t got;

		if (n == cap) {
			char *nb;

			if (cap > INGEST_MAX) {
				free(buf);
				cli_error(c, _("ingest: message larger than %u MB"),
					  INGEST_MAX >> 20);
				return -1;
			}
			cap *= 2;
			nb = realloc(buf, cap);
			if (nb == NULL)
				goto nomem;
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, stdin);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(stdin)) {
		free(buf);
		cli_error(c, _("ingest: cannot read standard input"));
		return -1;
	}
	if (n > INGEST_MAX) {
		free(buf);
		cli_error(c, _("ingest: message larger than %u MB"), INGEST_MAX >> 20);
		return -1;
	}
	*out = buf;
	*len = n;
	return 0;
nomem:
	free(buf);
	cli_error(c, _("out of memory"));
	return -1;
}

/* Keywords in Turkish and English, compared after Turkish folding. */
static const char *guess_category(const char *subject, const char *body)
{
	static const struct { const char *word, *category; } words[] = {
		{ "iade", "refund" }, { "refund", "refund" }, { "geri ödeme", "refund" },
		{ "fatura", "invoice" }, { "invoice", "invoice" },
		{ "kargo", "delivery" }, { "delivery", "delivery" },
		{ "teslimat", "delivery" },
	};
	char *fs = text_fold_tr(subject ? subject : "");
	char *fb = text_fold_tr(body ? body : "");
	const char *cat = "other";
	size_t i;

	for (i = 0; fs && fb && i < sizeof words / sizeof words[0]; i++) {
		char *w = text_fold_tr(words[i].word);

		if (w && (strstr(fs, w) || strstr(fb, w))) {
			free(w);
			cat = words[i].category;
			break;
		}
		free(w);
	}
	free(fs);
	free(fb);
	return cat;
}

static const char *const json_fields[] = {
	"channel", "from", "phone", "name", "subject", "text", "at", "message_id",
	"direction", "reply_to", "customer_id", "rating", "resolved", NULL
};

/* local@domain.tld, no spaces: what the store may keep as an e-mail. */
static int looks_like_address(const char *s)
{
	const char *at = strchr(s, '@');

	return at != NULL && at != s && strchr(at + 1, '.') != NULL &&
	       strchr(at + 1, '@') == NULL && strpbrk(s, " \t\r\n<>,;") == NULL;
}

/*
 * A refusal quoting a value of the object: the value made safe for the
 * terminal first (it is the sender's text and may hold escapes).
 */
static void json_refuse(struct cli *c, const char *fmt, const char *value,
			const char *why) __attribute__((format(printf, 2, 0)));

static void json_refuse(struct cli *c, const char *fmt, const char *value,
			const char *why)
{
	char *safe = text_sanitize(value, strlen(value), 0);

	if (why != NULL)
		cli_error(c, fmt, safe ? safe : "", why);
	else
		cli_error(c, fmt, safe ? safe : "");
	free(safe);
}

static int from_json(struct cli *c, const char *buf, size_t len,
		     struct json_object *o, struct ingest_msg *m,
		     const char **thread_ref)
{
	char err[256];
	const struct json_member *v;
	const char *why, *dir, *rating;
	size_t i, n = len;

	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		n--;
	if (memchr(buf, '\n', n) != NULL) {
		cli_error(c, _("ingest: expected one JSON object on one line"));
		return -1;
	}
	if (json_parse_object(buf, n, o, err, sizeof err) != 0) {
		cli_error(c, _("ingest: JSON %s"), err);
		return -1;
	}
	for (i = 0; i < o->n; i++) {
		const char *const *f;

		for (f = json_fields; *f; f++)
			if (strcmp(*f, o->m[i].key) == 0)
				break;
		if (*f == NULL) {
			json_refuse(c, _("ingest: field '%s': unknown (known: channel, from, phone, "
					 "name, subject, text, at, message_id, direction, reply_to, "
					 "customer_id, rating, resolved)"), o->m[i].key, NULL);
			return -1;
		}
		if (strcmp(o->m[i].key, "resolved") == 0) {
			if (o->m[i].type != JSON_TRUE && o->m[i].type != JSON_FALSE &&
			    o->m[i].type != JSON_NULL) {
				cli_error(c, _("ingest: field 'resolved': expected true or false"));
				return -1;
			}
		} else if (o->m[i].type != JSON_STRING && o->m[i].type != JSON_NULL &&
			   !(o->m[i].type == JSON_NUMBER &&
			     (strcmp(o->m[i].key, "rating") == 0 ||
			      strcmp(o->m[i].key, "customer_id") == 0))) {
			cli_error(c, _("ingest: field '%s': expected a string"), o->m[i].key);
			return -1;
		}
	}
#define FIELD(name) ((v = json_get(o, name)) != NULL && v->value && *v->value ? v->value : NULL)
	m->channel = FIELD("channel");
	m->from_addr = FIELD("from");
	m->phone = FIELD("phone");
	m->name = FIELD("name");
	m->subject = FIELD("subject");
	m->body = FIELD("text");
	m->message_id = FIELD("message_id");
	if (m->channel == NULL) {
		cli_error(c, _("ingest: field 'channel': required, but missing"));
		return -1;
	}
	if (m->body == NULL) {
		cli_error(c, _("ingest: field 'text': required, but missing"));
		return -1;
	}
	if (m->from_addr == NULL && m->phone == NULL && FIELD("customer_id") == NULL) {
		cli_error(c, _("ingest: field 'from': give 'from' (e-mail) or 'phone'"));
		return -1;
	}
	m->customer_ext = FIELD("customer_id");
	/* Not an e-mail address: a handle (a social-media or chat account),
	 * taken only when it is a known customer's id; anything else would
	 * make a customer out of noise. */
	if (m->from_addr && !looks_like_address(m->from_addr)) {
		long long id;
		int rc = strchr(m->from_addr, ' ') || strchr(m->from_addr, '\n')
			 ? STORE_NOTFOUND
			 : store_customer_by_ext(c->st, m->from_addr, &id);

		if (rc != STORE_OK && rc != STORE_NOTFOUND) {
			cli_error(c, _("ingest: %s"), store_errmsg(c->st));
			return -1;
		}
		if (rc == STORE_NOTFOUND) {
			char *safe = text_sanitize(m->from_addr, strlen(m->from_addr), 0);

			cli_error(c, _("ingest: field 'from': '%s' is neither an e-mail address nor the handle of a known customer (give customer_id or phone for a new one)"),
				  safe ? safe : "");
			free(safe);
			return -1;
		}
		if (m->customer_ext == NULL)
			m->customer_ext = m->from_addr;
		m->from_addr = NULL;
	}
	dir = FIELD("direction");
	if (dir != NULL && strcmp(dir, "in") != 0) {
		if (strcmp(dir, "out") != 0) {
			json_refuse(c, _("ingest: field 'direction': expected in or out, not '%s'"),
				    dir, NULL);
			return -1;
		}
		m->outbound = 1;
	}
	if ((thread_ref[0] = FIELD("reply_to")) != NULL) {
		m->thread_ids = thread_ref;
		m->nthread_ids = 1;
	}
	if ((rating = FIELD("rating")) != NULL) {
		char *end;
		long r = strtol(rating, &end, 10);

		if (*end != '\0' || r < 1 || r > 5) {
			json_refuse(c, _("ingest: field 'rating': expected 1 to 5, not '%s'"),
				    rating, NULL);
			return -1;
		}
		m->rating = (int)r;
	}
	m->resolved = (v = json_get(o, "resolved")) != NULL && v->type == JSON_TRUE;
	if (FIELD("at") && text_parse_iso_time(FIELD("at"), &m->at, &why) != 0) {
		json_refuse(c, _("ingest: field 'at': '%s': %s"), FIELD("at"), why);
		return -1;
	}
#undef FIELD
	return 0;
}

/* A key for a message without a Message-ID: a digest of its bytes, so a
 * rerun or an MTA's retry files it once. */
static void digest_key(const char *buf, size_t len, char *out, size_t n)
{
	unsigned long long h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)buf[i];
		h *= 1099511628211ULL;
	}
	snprintf(out, n, "digest-%016llx-%zu@temas", h, len);
}

/* The last "[#N]" in a subject, 0 when none. */
static long long subject_tag(const char *subject)
{
	const char *p = subject, *last = NULL;
	long long id = 0;

	while ((p = strstr(p, "[#")) != NULL) {
		last = p;
		p += 2;
	}
	if (last != NULL) {
		char *end;
		long long v = strtoll(last + 2, &end, 10);

		if (end > last + 2 && *end == ']' && v > 0)
			id = v;
	}
	return id;
}

struct ingest_opts {
	const char *own;            /* our address, from the configuration */
	long long att_max;          /* bytes; larger attachments are listed only */
	int release;                /* a released message: no quarantine */
	int quiet;                  /* maildir: one summary, not a line each */
};

struct ingest_tally {
	int filed, held, bounces, left;
	int assigned, unassigned;   /* new complaints, by their channel's rule */
	long long complaint;        /* the last message's complaint; 0: none */
};

/*
 * File one message (its category guessed from its words) and say what
 * became of it: the complaint number on stdout, a note on stderr when it
 * was filed before.  0, or as sendmail expects EX_DATAERR for a message
 * that can never be filed and EX_TEMPFAIL for trouble that may pass.
 */
static int file_message(struct cli *c, struct ingest_msg *m, const char *key,
			int quiet, struct ingest_tally *t)
{
	struct ingest_result r;
	int rc;

	m->category = guess_category(m->subject, m->body);
	rc = store_ingest(c->st, m, &r);
	if (rc != STORE_OK) {
		cli_error(c, _("ingest: %s"), store_errmsg(c->st));
		return rc == STORE_INVALID ? EX_DATAERR_CODE : EX_TEMPFAIL_CODE;
	}
	if (r.duplicate && !quiet)
		cli_error(c, _("ingest: message %s was filed before; nothing changed"), key);
	else if (r.csat_score > 0 && !quiet)
		cli_error(c, _("ingest: a satisfaction answer for complaint %lld: %d of 5"),
			  r.complaint_id, r.csat_score);
	if (r.rating_unkept)
		cli_error(c, _("ingest: the rating was not kept: complaint %lld is not resolved"),
			  r.complaint_id);
	t->complaint = r.complaint_id;
	if (!quiet)
		printf("%lld\n", r.complaint_id);
	/* A new complaint about an order the customer already complains
	 * about elsewhere: said even in a maildir's run, for someone to
	 * merge or link them. */
	if (r.new_complaint)
		cli_warn_same_order(c, "ingest", r.complaint_id);
	/* What the channel's assignment rule did, beside the number (which
	 * scripts read alone from stdout). */
	if (r.assigned.result == ASSIGN_DONE) {
		t->assigned++;
		if (!quiet)
			cli_error(c, _("ingest: complaint %lld assigned to %s (%s)"),
				  r.complaint_id, r.assigned.login,
				  assign_mode_name(r.assigned.mode));
	} else if (r.assigned.result == ASSIGN_NOBODY) {
		t->unassigned++;
		if (!quiet)
			cli_error(c, _("ingest: complaint %lld left unassigned: no agent is "
				       "online and below capacity"), r.complaint_id);
	}
	return 0;
}

/*
 * What the reader made of a message it could not read as it was sent
 * (a charset guessed, a part left out): on stderr for the mail log and
 * in the audit beside the complaint, for whoever wonders at the text.
 */
static void mail_notes(struct cli *c, const struct mail *mail, long long complaint,
		       int quiet)
{
	const char *p = mail->notes;

	while (!quiet && *p) {
		size_t k = strcspn(p, "\n");

		cli_error(c, _("ingest: note: %.*s"), (int)k, p);
		p += k + (p[k] == '\n');
	}
	if (store_audit(c->st, NULL, "mail-note", complaint, 0, mail->notes) != STORE_OK)
		cli_error(c, _("ingest: %s"), store_errmsg(c->st));
}

/*
 * File one raw e-mail: a bounce for one of our messages marks it failed;
 * an auto-reply, loop, bulk mail or stray bounce is held in quarantine;
 * anything else joins its thread or the current rules' complaint.
 * Returns 0, EX_DATAERR (never fileable) or EX_TEMPFAIL (try again).
 */
static int file_mail(struct cli *c, const char *buf, size_t len,
		     const struct ingest_opts *o, struct ingest_tally *t)
{
	struct mail mail = { 0 };
	struct ingest_msg m;
	struct ingest_attachment *att = NULL;
	const char **ids = NULL;
	char err[256], digest[64], *refs = NULL;
	const char *key;
	const char *why;
	size_t i, nids = 0;
	int rc, status = EX_DATAERR_CODE;

	if (mail_parse(buf, len, &mail, err, sizeof err) != 0) {
		cli_error(c, _("ingest: %s"), err);
		return EX_DATAERR_CODE;
	}
	digest_key(buf, len, digest, sizeof digest);
	key = *mail.message_id ? mail.message_id : digest;
	if (mail.is_dsn && *mail.dsn_message_id &&
	    (strcasecmp(mail.dsn_action, "failed") == 0 ||
	     (*mail.dsn_action == '\0' && mail.dsn_status[0] == '5'))) {
		char reason[512];
		long long oid;

		snprintf(reason, sizeof reason, _("bounced: %s %.400s"),
			 *mail.dsn_status ? mail.dsn_status : "5.0.0", mail.dsn_diagnostic);
		rc = store_outbox_bounce(c->st, mail.dsn_message_id, reason, &oid);
		if (rc == STORE_OK) {
			if (!o->quiet)
				cli_error(c, _("ingest: a bounce: outbox message %lld failed"), oid);
			t->bounces++;
			status = 0;
			goto out;
		}
		if (rc != STORE_NOTFOUND) {
			cli_error(c, _("ingest: %s"), store_errmsg(c->st));
			status = EX_TEMPFAIL_CODE;
			goto out;
		}
	}
	if (!o->release && (why = mail_quarantine_reason(&mail, o->own)) != NULL) {
		long long qid;

		if (store_quarantine_add(c->st, key, why, mail.from_addr, mail.subject,
					 buf, len, &qid) != STORE_OK) {
			cli_error(c, _("ingest: %s"), store_errmsg(c->st));
			status = EX_TEMPFAIL_CODE;
			goto out;
		}
		if (!o->quiet)
			cli_error(c, _("ingest: held in quarantine as %lld (%s)"), qid, why);
		t->held++;
		status = 0;
		goto out;
	}
	if (*mail.body == '\0' && mail.natt == 0 && *mail.subject == '\0') {
		cli_error(c, _("ingest: the message has no text"));
		goto out;
	}
	memset(&m, 0, sizeof m);
	m.channel = "email";
	m.from_addr = mail.from_addr;
	m.name = mail.from_name;
	m.subject = mail.subject;
	/* A message said in its subject alone is its subject. */
	m.body = *mail.body ? mail.body : mail.natt ? _("(attachments only)") : mail.subject;
	/* The Date is the sender's clock: one more than a day before the
	 * message reached us (a dead clock battery, a sender jumping the
	 * queue, a breach put on the team) is not when the matter opened;
	 * it arrived now.  A day covers mail that waited in queues. */
	m.at = mail.date >= store_now(c->st) - MAIL_DATE_SKEW ? mail.date : 0;
	m.message_id = key;
	/* In-Reply-To first, then References from the newest. */
	refs = strdup(mail.references);
	ids = calloc(2 + strlen(mail.references) / 2, sizeof *ids);
	att = calloc(mail.natt + 1, sizeof *att);
	if (refs == NULL || ids == NULL || att == NULL) {
		cli_error(c, _("out of memory"));
		status = EX_TEMPFAIL_CODE;
		goto out;
	}
	if (*mail.in_reply_to)
		ids[nids++] = mail.in_reply_to;
	{
		/* From the end, one pass: the newest THREAD_REFS_MAX, and the
		 * first, which started the thread.  A References header of a
		 * hundred thousand ids (hostile, or a loop) is read in
		 * milliseconds instead of looked up id by id for minutes. */
		char *p = refs + strlen(refs), *first = refs;
		size_t taken = 0;

		while (*first == ' ')
			first++;
		while (p > refs && taken < THREAD_REFS_MAX) {
			char *sp = p;

			*p = '\0';
			while (sp > refs && sp[-1] != ' ')
				sp--;
			if (*sp != '\0') {
				ids[nids++] = sp;
				taken++;
			}
			p = sp > refs ? sp - 1 : refs;
		}
		if (p > refs && *first != '\0') {
			char *end = first;

			while (*end != '\0' && *end != ' ')
				end++;
			*end = '\0';
			ids[nids++] = first;
		}
	}
	m.thread_ids = ids;
	m.nthread_ids = nids;
	m.tag_complaint = subject_tag(mail.subject);
	/* Released from the quarantine, it is filed, but "1 Ocak'a kadar
	 * izindeyim" is no score. */
	why = mail_quarantine_reason(&mail, o->own);
	m.auto_reply = why != NULL && strcmp(why, "auto-submitted") == 0;
	for (i = 0; i < mail.natt; i++) {
		att[i].name = mail.att[i].name;
		att[i].type = mail.att[i].type;
		att[i].len = mail.att[i].len;
		att[i].data = (long long)mail.att[i].len <= o->att_max ? mail.att[i].data : NULL;
	}
	m.att = att;
	m.natt = mail.natt;
	status = file_message(c, &m, key, o->quiet, t);
	if (status == 0)
		t->filed++;
	if (status == 0 && *mail.notes)
		mail_notes(c, &mail, t->complaint, o->quiet);
out:
	free(refs);
	free(ids);
	free(att);
	mail_free(&mail);
	return status;
}

/* Read a whole file of at most INGEST_MAX bytes.  -1 when unreadable or too big. */
static int read_file(const char *path, char **out, size_t *len)
{
	char err[512];
	FILE *f = text_path_open_read(path, err, sizeof err);
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (f == NULL)
		return -1;
	do {
		if (n == cap) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			if (cap > 2 * (size_t)INGEST_MAX || (nb = realloc(buf, cap + 1)) == NULL) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f) || n > INGEST_MAX) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Every message in DIR/new, oldest name first; each moves to DIR/cur only
 * after its transaction committed, so a run killed at any moment and run
 * again files each message exactly once (the second time it is known by
 * its Message-ID or digest).  A message that can never be filed stays in
 * new/ and is named; a busy database stops the run with EX_TEMPFAIL.
 */
static int ingest_maildir(struct cli *c, const char *dir, const struct ingest_opts *o)
{
	struct ingest_tally t = { 0, 0, 0, 0, 0, 0, 0 };
	char newdir[4096], path[8192], dest[8192];
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *e;
	DIR *d;
	int status = 0;

	snprintf(newdir, sizeof newdir, "%s/new", dir);
	d = opendir(newdir);
	if (d == NULL) {
		cli_error(c, _("ingest: %s: %s"), newdir, strerror(errno));
		return EX_TEMPFAIL_CODE;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);

			if (nn == NULL)
				break;
			names = nn;
		}
		if ((names[n] = strdup(e->d_name)) == NULL)
			break;
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, by_name);
	for (i = 0; i < n && status != EX_TEMPFAIL_CODE; i++) {
		char *buf;
		size_t len;
		int rc;

		snprintf(path, sizeof path, "%s/%s", newdir, names[i]);
		if (read_file(path, &buf, &len) != 0) {
			cli_error(c, _("ingest: %s: cannot read it, or larger than %u MB; left in new/"),
				  path, INGEST_MAX >> 20);
			t.left++;
			continue;
		}
		rc = file_mail(c, buf, len, o, &t);
		free(buf);
		if (rc == EX_DATAERR_CODE) {
			cli_error(c, _("ingest: %s: left in new/"), path);
			t.left++;
			continue;
		}
		if (rc != 0) {
			status = rc;
			break;
		}
		snprintf(dest, sizeof dest, "%s/cur/%s%s", dir, names[i],
			 strstr(names[i], ":2,") ? "" : ":2,");
		if (rename(path, dest) != 0) {
			cli_error(c, _("ingest: cannot move %s to cur/: %s"), path, strerror(errno));
			status = EX_TEMPFAIL_CODE;
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	printf(_("filed %d, held %d, bounces %d, left in new/ %d\n"), t.filed, t.held,
	       t.bounces, t.left);
	if (t.assigned + t.unassigned > 0)
		printf(_("auto-assigned %d, left unassigned (no agent online below capacity) %d\n"),
		       t.assigned, t.unassigned);
	if (status == 0 && t.left > 0)
		status = EX_DATAERR_CODE;
	return status;
}

static void ingest_usage(void)
{
	printf(_("Usage: temas ingest [--json | --maildir DIR] < MESSAGE\n\n"
		 "File one inbound message from standard input: an e-mail\n"
		 "(RFC 5322, MIME) or, with --json, one object such as\n"
		 "  {\"channel\":\"social\",\"from\":\"a@b.tr\",\"phone\":\"...\","
		 "\"name\":\"...\",\n"
		 "   \"subject\":\"...\",\"text\":\"...\",\"at\":\"2025-03-01T10:00:00Z\","
		 "\"message_id\":\"...\"}\n"
		 "The sender is matched to a customer by e-mail or phone (or added),\n"
		 "the message joins the complaint it answers (In-Reply-To, References\n"
		 "or [#N] in the subject), else their open complaint on that channel\n"
		 "(or opens one) and the complaint id is printed.  Auto-replies,\n"
		 "loops, bulk mail and stray bounces are held in quarantine; a bounce\n"
		 "for one of our replies marks it failed.  The same message twice is\n"
		 "filed once.  At most 32 MB.  With --maildir, every message in\n"
		 "DIR/new is filed and moved to DIR/cur.\n\n"
		 "Exit status as a mail server expects: 0 filed, 65 a message that\n"
		 "can never be filed, 75 try again later (database busy).\n"));
	printf("%s", _("\nA gateway's history (--json) may also give \"direction\": \"out\"\n"
		       "(the company's own message, joining a complaint), \"reply_to\" (an\n"
		       "earlier message's id), \"customer_id\" (the customer's id there),\n"
		       "\"rating\" (1-5 satisfaction) and \"resolved\": true.\n"));
	printf("%s", _("\nA new complaint is about the order that one of the customer's\n"
		       "order numbers in the subject or text names; when another of their\n"
		       "complaints about it is open, standard error says so.\n"));
}

int cli_ingest(struct cli *c, int argc, char **argv)
{
	struct ingest_msg m;
	struct ingest_tally t = { 0, 0, 0, 0, 0, 0, 0 };
	struct ingest_opts o = { NULL, 10LL << 20, 0, 0 };
	struct json_object jo = { 0 };
	const char *thread_ref[1];
	char *buf = NULL, *fname = NULL, *faddr = NULL;
	const char *maildir = NULL, *v;
	size_t len;
	int json = 0, i, status = EX_DATAERR_CODE;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--maildir") == 0 && i + 1 < argc) {
			maildir = argv[++i];
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			ingest_usage();
			return EXIT_OK;
		} else {
			cli_error(c, _("ingest: unknown argument '%s' (see 'temas ingest --help')"),
				  argv[i]);
			return EXIT_USAGE;
		}
	}
	if (json && maildir) {
		cli_error(c, _("ingest: --json and --maildir exclude each other"));
		return EXIT_USAGE;
	}
	if (c->cfg && (v = config_get(c->cfg, "from")) != NULL &&
	    mail_address_split(v, &fname, &faddr) == 0)
		o.own = faddr;
	if (c->cfg && (v = config_get(c->cfg, "attachment_max_kb")) != NULL)
		o.att_max = atoll(v) * 1024;
	if (maildir) {
		o.quiet = 1;
		status = ingest_maildir(c, maildir, &o);
		goto out;
	}
	if (read_all(c, &buf, &len) != 0)
		goto out;
	if (len == 0) {
		cli_error(c, _("ingest: no message on standard input"));
		goto out;
	}
	if (!json) {
		status = file_mail(c, buf, len, &o, &t);
		goto out;
	}
	memset(&m, 0, sizeof m);
	if (from_json(c, buf, len, &jo, &m, thread_ref) != 0)
		goto out;
	status = file_message(c, &m, m.message_id, 0, &t);
out:
	json_object_free(&jo);
	free(buf);
	free(fname);
	free(faddr);
	return status;
}

int cli_file_released(struct cli *c, const char *buf, size_t len, int quiet,
		      long long *complaint)
{
	struct ingest_opts o = { NULL, 10LL << 20, 1, quiet };
	struct ingest_tally t = { 0, 0, 0, 0, 0, 0, 0 };
	const char *v;
	int rc;

	if (c->cfg && (v = config_get(c->cfg, "attachment_max_kb")) != NULL)
		o.att_max = atoll(v) * 1024;
	rc = file_mail(c, buf, len, &o, &t);
	*complaint = t.complaint;
	return rc;
}
