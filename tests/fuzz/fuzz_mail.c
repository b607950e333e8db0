/*
 * fuzz_mail.c: any bytes as an inbound e-mail.  A message that parses
 * gives well-formed UTF-8 in every field (customer text is stored as
 * UTF-8 and sanitised from there); a refusal is one line.  Header decoding
 * is fuzzed on the same bytes.  The bounce (DSN) reader's fields are
 * printable ASCII, thread ids hold no blanks or brackets, attachment
 * names are never paths, and the quarantine rules give a known reason.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "temas/mail.h"
#include "temas/text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	return 0;
}

/* A message for the agent: one line, nothing a terminal would act on. */
static void check_err(const char *err)
{
	const unsigned char *p;

	FUZZ_CHECK(err[0] != '\0');
	for (p = (const unsigned char *)err; *p; p++)
		FUZZ_CHECK(*p >= 0x20 && *p != 0x7f);
	FUZZ_CHECK(text_validate_utf8(err, strlen(err)));
}

static void check_text(const char *s)
{
	FUZZ_CHECK(s != NULL);
	FUZZ_CHECK(text_validate_utf8(s, strlen(s)));
}

static void check_ascii(const char *s)
{
	FUZZ_CHECK(s != NULL);
	for (; *s; s++)
		FUZZ_CHECK((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f);
}

/* Blank-separated ids: printable ASCII, no brackets, no empty id. */
static void check_ids(const char *s)
{
	check_ascii(s);
	FUZZ_CHECK(strchr(s, '<') == NULL && strchr(s, '>') == NULL);
	FUZZ_CHECK(strstr(s, "  ") == NULL && s[0] != ' ');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mail m;
	char err[512], *hdr, *v;
	const char *r;
	size_t i;

	memset(&m, 0, sizeof m);
	err[0] = '\0';
	if (mail_parse((const char *)data, size, &m, err, sizeof err) == 0) {
		check_text(m.from_name);
		check_text(m.from_addr);
		check_text(m.subject);
		check_text(m.message_id);
		check_text(m.body);
		FUZZ_CHECK(m.body_was_html == 0 || m.body_was_html == 1);
		check_ids(m.in_reply_to);
		check_ids(m.references);
		check_ids(m.dsn_message_id);
		if (m.is_dsn) {
			check_ascii(m.dsn_action);
			check_ascii(m.dsn_status);
			check_ascii(m.dsn_diagnostic);
		}
		for (i = 0; i < m.natt; i++) {
			check_text(m.att[i].name);
			FUZZ_CHECK(m.att[i].name[0] != '\0' && m.att[i].name[0] != '.');
			FUZZ_CHECK(strchr(m.att[i].name, '/') == NULL);
			FUZZ_CHECK(strlen(m.att[i].name) <= 120);
			/* Not kept: unreadable (no bytes) or beyond the 64th. */
			FUZZ_CHECK(m.att[i].data != NULL || m.att[i].len == 0 || i >= 64);
		}
		check_text(m.notes);
		r = mail_quarantine_reason(&m, "destek@example.com.tr");
		FUZZ_CHECK(r == NULL || strcmp(r, "auto-submitted") == 0 ||
			   strcmp(r, "bulk") == 0 || strcmp(r, "loop") == 0 ||
			   strcmp(r, "own") == 0 || strcmp(r, "mailer-daemon") == 0);
		mail_free(&m);
	} else {
		check_err(err);
	}
	/* The same bytes as one header value. */
	hdr = malloc(size + 1);
	FUZZ_CHECK(hdr != NULL);
	memcpy(hdr, data, size);
	hdr[size] = '\0';
	err[0] = '\0';
	v = mail_decode_header(hdr, err, sizeof err);
	if (v != NULL) {
		check_text(v);
		free(v);
	} else {
		check_err(err);
	}
	free(hdr);
	return 0;
}
