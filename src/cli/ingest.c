/*
 * ingest.c: `temas ingest`, one message on standard input filed as an
 * inbound interaction: an e-mail as a mail server delivers it to a pipe,
 * or with --json a one-line object from a social-media or web gateway.
 * Prints the complaint id.  Bad input exits 1 and writes nothing, so the
 * mail server keeps the message and reports the failure.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "temas/cli.h"
#include "temas/i18n.h"
#include "temas/ingest.h"
#include "temas/json.h"
#include "temas/mail.h"
#include "temas/parse.h"
#include "temas/store.h"
#include "temas/text.h"

#define INGEST_MAX (10u << 20)

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
	"channel", "from", "phone", "name", "subject", "text", "at", "message_id", NULL
};

static int from_json(struct cli *c, const char *buf, size_t len,
		     struct json_object *o, struct ingest_msg *m)
{
	char err[256];
	const struct json_member *v;
	const char *why;
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
			cli_error(c, _("ingest: field '%s': unknown (known: channel, from, phone, "
				       "name, subject, text, at, message_id)"), o->m[i].key);
			return -1;
		}
		if (o->m[i].type != JSON_STRING && o->m[i].type != JSON_NULL) {
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
	if (m->from_addr == NULL && m->phone == NULL) {
		cli_error(c, _("ingest: field 'from': give 'from' (e-mail) or 'phone'"));
		return -1;
	}
	if (m->from_addr && (strchr(m->from_addr, '@') == NULL || strchr(m->from_addr, ' '))) {
		cli_error(c, _("ingest: field 'from': '%s' is not an e-mail address"), m->from_addr);
		return -1;
	}
	if (FIELD("at") && text_parse_iso_time(FIELD("at"), &m->at, &why) != 0) {
		cli_error(c, _("ingest: field 'at': '%s': %s"), FIELD("at"), why);
		return -1;
	}
#undef FIELD
	return 0;
}

int cli_ingest(struct cli *c, int argc, char **argv)
{
	struct ingest_msg m;
	struct ingest_result r;
	struct json_object o = { 0 };
	struct mail mail = { 0 };
	char *buf = NULL, err[256];
	size_t len;
	int json = 0, i, rc, status = EXIT_FAIL;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf(_("Usage: temas ingest [--json] < MESSAGE\n\n"
				 "File one inbound message from standard input: an e-mail\n"
				 "(RFC 5322, MIME) or, with --json, one object such as\n"
				 "  {\"channel\":\"social\",\"from\":\"a@b.tr\",\"phone\":\"...\","
				 "\"name\":\"...\",\n"
				 "   \"subject\":\"...\",\"text\":\"...\",\"at\":\"2025-03-01T10:00:00Z\","
				 "\"message_id\":\"...\"}\n"
				 "The sender is matched to a customer by e-mail or phone (or added),\n"
				 "the message joins their open complaint on that channel (or opens\n"
				 "one) and the complaint id is printed.  The same message id twice\n"
				 "is filed once.  At most 10 MB.\n"));
			return EXIT_OK;
		} else {
			cli_error(c, _("ingest: unknown argument '%s' (see 'temas ingest --help')"),
				  argv[i]);
			return EXIT_USAGE;
		}
	}
	if (read_all(c, &buf, &len) != 0)
		return EXIT_FAIL;
	memset(&m, 0, sizeof m);
	if (len == 0) {
		cli_error(c, _("ingest: no message on standard input"));
		goto out;
	}
	if (json) {
		if (from_json(c, buf, len, &o, &m) != 0)
			goto out;
	} else {
		if (mail_parse(buf, len, &mail, err, sizeof err) != 0) {
			cli_error(c, _("ingest: %s"), err);
			goto out;
		}
		m.channel = "email";
		m.from_addr = mail.from_addr;
		m.name = mail.from_name;
		m.subject = mail.subject;
		m.body = mail.body;
		m.at = mail.date;
		m.message_id = mail.message_id;
		if (*m.body == '\0') {
			cli_error(c, _("ingest: the message has no text"));
			goto out;
		}
	}
	m.category = guess_category(m.subject, m.body);
	rc = store_ingest(c->st, &m, &r);
	if (rc != STORE_OK) {
		cli_error(c, _("ingest: %s"), store_errmsg(c->st));
		goto out;
	}
	if (r.duplicate)
		cli_error(c, _("ingest: message %s was filed before; nothing changed"),
			  m.message_id);
	printf("%lld\n", r.complaint_id);
	status = EXIT_OK;
out:
	json_object_free(&o);
	mail_free(&mail);
	free(buf);
	return status;
}
