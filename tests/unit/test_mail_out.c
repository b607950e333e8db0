/*
 * test_mail_out.c: the e-mail writer: headers (RFC 2047 for Turkish text,
 * folding under 78 columns, no header injection), the reply subject,
 * quoted-printable bodies, attachments, and the round trip through our
 * own reader.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "temas/mail.h"

static char err[256];

static struct mail_out base(void)
{
	struct mail_out m;

	memset(&m, 0, sizeof m);
	m.from = "Müşteri Hizmetleri <destek@example.com.tr>";
	m.to_name = "Ayşe Yılmaz";
	m.to_addr = "ayse@example.com";
	m.subject = "Sipariş gecikti";
	m.complaint_id = 42;
	m.message_id = "temas.1.abc@example.com.tr";
	m.date = 1740823200LL;
	m.body = "Merhaba Ayşe Hanım,\nsiparişiniz yarın kargoda.\n";
	return m;
}

static char *compose(const struct mail_out *m)
{
	size_t len;
	char *s;

	err[0] = '\0';
	s = mail_compose(m, &len, err, sizeof err);
	if (s != NULL)
		ck_assert_uint_eq(strlen(s), len);
	return s;
}

/* Every line of the message is at most max columns. */
static void assert_lines_within(const char *s, size_t max)
{
	while (*s) {
		size_t l = strcspn(s, "\n");

		ck_assert_msg(l <= max, "line of %zu columns: %.*s", l, (int)l, s);
		s += l + (s[l] == '\n');
	}
}

/* The value of header name in msg (unfolded), malloc'd; NULL if absent. */
static char *header(const char *msg, const char *name)
{
	size_t nl = strlen(name);
	const char *p = msg;

	while (*p && *p != '\n') {
		const char *e = strchr(p, '\n');

		if (strncmp(p, name, nl) == 0 && p[nl] == ':') {
			char *v = malloc(strlen(p) + 1), *w = v;
			const char *q = p + nl + 1;

			for (;;) {
				while (*q && *q != '\n')
					*w++ = *q++;
				if (q[0] == '\n' && (q[1] == ' ' || q[1] == '\t')) {
					q++;
					continue;
				}
				break;
			}
			*w = '\0';
			return v;
		}
		p = e ? e + 1 : p + strlen(p);
	}
	return NULL;
}

START_TEST(headers_round_trip)
{
	struct mail_out m = base();
	const char *refs[] = { "a1@customer.example", "temas.0.x@example.com.tr" };
	struct mail parsed;
	char *s, *v, *d;

	m.in_reply_to = "a1@customer.example";
	m.references = refs;
	m.nreferences = 2;
	s = compose(&m);
	ck_assert_msg(s != NULL, "%s", err);
	assert_lines_within(s, 78);
	ck_assert_ptr_nonnull(strstr(s, "\nMessage-ID: <temas.1.abc@example.com.tr>\n"));
	ck_assert_ptr_nonnull(strstr(s, "\nIn-Reply-To: <a1@customer.example>\n"));
	ck_assert_ptr_nonnull(strstr(s, "\nReferences: <a1@customer.example>"
				       " <temas.0.x@example.com.tr>\n"));
	ck_assert_ptr_nonnull(strstr(s, "Date: Sat, 01 Mar 2025 10:00:00 +0000\n"));
	ck_assert_ptr_nonnull(strstr(s, "\nMIME-Version: 1.0\n"));
	ck_assert_ptr_nonnull(strstr(s, "Content-Type: text/plain; charset=UTF-8\n"
				       "Content-Transfer-Encoding: quoted-printable\n"));
	/* Headers are ASCII: Turkish text only as encoded words. */
	for (d = s; *d && !(d[0] == '\n' && d[1] == '\n'); d++)
		ck_assert_int_lt((unsigned char)*d, 0x80);
	v = header(s, "Subject");
	ck_assert_ptr_nonnull(v);
	d = mail_decode_header(v, err, sizeof err);
	ck_assert_str_eq(d, " Re: Sipariş gecikti [#42]");
	free(d);
	free(v);
	ck_assert_int_eq(mail_parse(s, strlen(s), &parsed, err, sizeof err), 0);
	ck_assert_str_eq(parsed.from_name, "Müşteri Hizmetleri");
	ck_assert_str_eq(parsed.from_addr, "destek@example.com.tr");
	ck_assert_str_eq(parsed.subject, "Re: Sipariş gecikti [#42]");
	ck_assert_str_eq(parsed.message_id, "temas.1.abc@example.com.tr");
	ck_assert_str_eq(parsed.body, "Merhaba Ayşe Hanım,\nsiparişiniz yarın kargoda.");
	ck_assert_int_eq(parsed.date, 1740823200LL);
	mail_free(&parsed);
	v = header(s, "To");
	d = mail_decode_header(v, err, sizeof err);
	ck_assert_str_eq(d, " Ayşe Yılmaz <ayse@example.com>");
	free(d);
	free(v);
	free(s);
}
END_TEST

START_TEST(ascii_names_are_quoted)
{
	struct mail_out m = base();
	char *s;

	m.from = "\"Support, Team\" <help@example.com>";
	m.to_name = "John \"JJ\" Smith";
	s = compose(&m);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(strstr(s, "\nFrom: \"Support, Team\" <help@example.com>\n"));
	ck_assert_ptr_nonnull(strstr(s, "\nTo: \"John \\\"JJ\\\" Smith\" <ayse@example.com>\n"));
	free(s);
	m.to_name = "";
	s = compose(&m);
	ck_assert_ptr_nonnull(strstr(s, "\nTo: <ayse@example.com>\n"));
	free(s);
}
END_TEST

/* RFC 5322 atext. */
static int atext(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/*
 * 1 when v, an unfolded To value, is one mailbox: "<addr>" after a
 * display name of quoted strings (escapes as RFC 5322 has them), B-encoded
 * words and atoms only, so that no special outside them can start a
 * group, end the name or add an address.
 */
static int one_mailbox(const char *v, const char *addr)
{
	const char *p = v, *end;
	char tail[300];
	size_t vl = strlen(v), tl;

	snprintf(tail, sizeof tail, " <%s>", addr);
	tl = strlen(tail);
	if (vl < tl || strcmp(v + vl - tl, tail) != 0)
		return 0;
	end = v + vl - tl;
	while (p < end) {
		if (*p == ' ') {
			p++;
		} else if (*p == '"') {
			for (p++; p < end && *p != '"'; p++)
				if ((unsigned char)*p < 0x20 || *p == 0x7f ||
				    (*p == '\\' && ++p == end))
					return 0;
			if (p++ == end || (p < end && *p != ' '))
				return 0;
		} else if (strncmp(p, "=?UTF-8?B?", 10) == 0) {
			p += 10;
			while (p < end && (atext(*p) && *p != '?'))
				p++;
			if (end - p < 2 || p[0] != '?' || p[1] != '=')
				return 0;
			p += 2;
			if (p < end && *p != ' ')
				return 0;
		} else if (atext(*p)) {
			p++;
		} else {
			return 0;
		}
	}
	return 1;
}

START_TEST(display_names_are_one_mailbox)
{
	static const char *const names[] = {
		"Destek: bilgi@rakip.example",
		"bilgi@rakip.example",
		"Kargo, Lojistik",
		"a;b",
		"Ali \"Baba\" Kaya",
		"back\\slash \\",
		"<evil@attacker.example>",
		"x > y",
		"(yorum) Ali )(",
		"Undisclosed:;",
		"Ali\r\nBcc: evil@attacker.example",
		"Veli\nCc: evil@attacker.example\r\nX:",
		"\r\n",
		"Tab\tName\001\033[31m",
		"Nel\xc2\x85" "Cc: x@y.example \xe2\x80\xa8" "Bcc: z@y.example",
		"Ayşe Çelik İğde",
		"Şükrü: ığdır@örnek.example",
		"Support: info@competitor.example, sales@competitor.example; \"urgent\"",
		"Customer Relations Department of the Very Long Company Name Incorporated",
		"Çok Uzun İsimli Müşteri: Şükrü Öğüt, Gülşen Çağlar; <ığdır@örnek.example>"
		" ve \"diğerleri\" (hepsi) bir arada yazılmış",
		"=?UTF-8?B?QmNjOiBldmls?=",
	};
	struct mail_out m = base();
	char *s;
	size_t i;

	m.to_addr = "inj3@example.org";
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *v, *d, *h;

		m.to_name = names[i];
		s = compose(&m);
		ck_assert_msg(s != NULL, "%s: %s", names[i], err);
		assert_lines_within(s, 78);
		for (h = s; *h && !(h[0] == '\n' && h[1] == '\n'); h++)
			ck_assert_msg((unsigned char)*h < 0x80 && *h != 0x7f &&
				      ((unsigned char)*h >= 0x20 || *h == '\n'),
				      "byte %02x in the headers for '%s'",
				      (unsigned char)*h, names[i]);
		v = header(s, "To");
		ck_assert_ptr_nonnull(v);
		ck_assert_msg(one_mailbox(v, m.to_addr), "To:%s  for '%s'", v, names[i]);
		d = mail_decode_header(v, err, sizeof err);
		ck_assert_ptr_nonnull(d);
		for (h = d; *h; h++)
			ck_assert_msg((unsigned char)*h >= 0x20 && *h != 0x7f &&
				      !((unsigned char)h[0] == 0xc2 && (unsigned char)h[1] >= 0x80 &&
					(unsigned char)h[1] <= 0x9f) &&
				      strncmp(h, "\xe2\x80\xa8", 3) != 0,
				      "control character or line separator in the name: %s", d);
		ck_assert_ptr_null(strstr(s, "\nBcc:"));
		ck_assert_ptr_null(strstr(s, "\nCc:"));
		free(d);
		free(v);
		free(s);
	}
	/* The name that made a group of the reply's To: quoted whole; one
	 * too long for a quoted string on the line: encoded words. */
	m.to_name = "Destek: bilgi@rakip.example";
	s = compose(&m);
	ck_assert_ptr_nonnull(strstr(s, "\nTo: \"Destek: bilgi@rakip.example\" <inj3@example.org>\n"));
	free(s);
	m.to_name = "Destek: bilgi@rakip.example, satis@rakip.example, muhasebe@rakip.example";
	s = compose(&m);
	ck_assert_ptr_nonnull(strstr(s, "\nTo: =?UTF-8?B?"));
	free(s);
}
END_TEST

START_TEST(long_subjects_fold)
{
	struct mail_out m = base();
	struct mail parsed;
	char *s, subj[600];
	size_t i;

	/* ASCII folds at blanks; Turkish splits into encoded words, never
	 * inside a character. */
	for (i = 0; i < 40; i++)
		memcpy(subj + i * 12, "kargo gecti ", 12);
	subj[480] = '\0';
	m.subject = subj;
	s = compose(&m);
	assert_lines_within(s, 78);
	ck_assert_int_eq(mail_parse(s, strlen(s), &parsed, err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(parsed.subject, "kargo gecti kargo gecti"));
	ck_assert_ptr_nonnull(strstr(parsed.subject, "[#42]"));
	mail_free(&parsed);
	free(s);
	for (i = 0; i < 50; i++)
		memcpy(subj + i * 9, "çğış ", 9);
	subj[450] = '\0';
	m.subject = subj;
	s = compose(&m);
	assert_lines_within(s, 78);
	ck_assert_int_eq(mail_parse(s, strlen(s), &parsed, err, sizeof err), 0);
	ck_assert_int_eq(strncmp(parsed.subject, "Re: çğış çğış", strlen("Re: çğış çğış")), 0);
	mail_free(&parsed);
	free(s);
}
END_TEST

START_TEST(no_header_injection)
{
	struct mail_out m = base();
	char *s;

	m.subject = "Merhaba\nBcc: spam@evil.example\r\nX-Evil: 1";
	m.to_name = "Ayşe\nBcc: other@evil.example";
	s = compose(&m);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_null(strstr(s, "\nBcc:"));
	ck_assert_ptr_null(strstr(s, "\nX-Evil:"));
	free(s);
	m = base();
	m.to_addr = "ayse@example.com\nBcc: x@evil.example";
	ck_assert_ptr_null(compose(&m));
	ck_assert_str_eq(err, "the customer's e-mail address is not valid");
	m = base();
	m.to_addr = "";
	ck_assert_ptr_null(compose(&m));
	m = base();
	m.from = "Destek";
	ck_assert_ptr_null(compose(&m));
	m = base();
	m.message_id = "a b@c";
	ck_assert_ptr_null(compose(&m));
}
END_TEST

START_TEST(reply_subject)
{
	char *s;

	s = mail_reply_subject("Kargo", 7);
	ck_assert_str_eq(s, "Re: Kargo [#7]");
	free(s);
	s = mail_reply_subject("RE: Kargo [#7]", 7);
	ck_assert_str_eq(s, "RE: Kargo [#7]");
	free(s);
	s = mail_reply_subject("Re: Kargo", 7);
	ck_assert_str_eq(s, "Re: Kargo [#7]");
	free(s);
	s = mail_reply_subject("Kargo [#71]", 7);
	ck_assert_str_eq(s, "Re: Kargo [#71] [#7]");
	free(s);
	s = mail_reply_subject("", 3);
	ck_assert_str_eq(s, "Re: [#3]");
	free(s);
}
END_TEST

START_TEST(quoted_printable)
{
	char *q, line[200];
	struct mail parsed;
	struct mail_out m = base();
	char *s;

	q = mail_qp_encode("a=b  \nFrom here\n.\n..x\ntab\t\nçok");
	ck_assert_str_eq(q, "a=3Db =20\n=46rom here\n=2E\n=2E.x\ntab=09\n=C3=A7ok");
	free(q);
	/* 200 'ş' on one line: soft breaks under 76 columns, never inside =XX. */
	memset(line, 0, sizeof line);
	{
		char big[500] = "";
		int i;

		for (i = 0; i < 100; i++)
			strcat(big, "ş");
		strcat(big, "\nFrom the end");
		q = mail_qp_encode(big);
		assert_lines_within(q, 76);
		ck_assert_ptr_nonnull(strstr(q, "=\n"));
		free(q);
		m.body = big;
		s = compose(&m);
		ck_assert_int_eq(mail_parse(s, strlen(s), &parsed, err, sizeof err), 0);
		ck_assert_str_eq(parsed.body, big);
		mail_free(&parsed);
		free(s);
	}
	/* A line that is exactly 76 columns long needs no soft break. */
	memset(line, 'x', 76);
	line[76] = '\0';
	q = mail_qp_encode(line);
	ck_assert_ptr_nonnull(strstr(q, "=\n"));
	assert_lines_within(q, 76);
	free(q);
	q = mail_qp_encode("ends with blank ");
	ck_assert_str_eq(q, "ends with blank=20");
	free(q);
}
END_TEST

START_TEST(attachments)
{
	struct mail_out m = base();
	struct mail_attachment a[2] = {
		{ "fatura şubat.pdf", "application/pdf", "%PDF-1.4\x01\x02\xff", 11 },
		{ "note.txt", NULL, "hello", 5 },
	};
	struct mail parsed;
	char *s;

	m.att = a;
	m.natt = 2;
	s = compose(&m);
	ck_assert_ptr_nonnull(s);
	assert_lines_within(s, 78);
	ck_assert_ptr_nonnull(strstr(s, "Content-Type: multipart/mixed; boundary=\"=_temas_"));
	ck_assert_ptr_nonnull(strstr(s, "Content-Type: application/pdf\n"
				       "Content-Transfer-Encoding: base64\n"
				       "Content-Disposition: attachment;\n"
				       " filename*=UTF-8''fatura%20%C5%9Fubat.pdf\n\n"
				       "JVBERi0xLjQBAv8=\n"));
	ck_assert_ptr_nonnull(strstr(s, "Content-Type: application/octet-stream\n"
				       "Content-Transfer-Encoding: base64\n"
				       "Content-Disposition: attachment; filename=\"note.txt\"\n\n"
				       "aGVsbG8=\n"));
	ck_assert_ptr_nonnull(strstr(s, "--\n"));
	ck_assert_int_eq(mail_parse(s, strlen(s), &parsed, err, sizeof err), 0);
	ck_assert_str_eq(parsed.body, "Merhaba Ayşe Hanım,\nsiparişiniz yarın kargoda.");
	mail_free(&parsed);
	free(s);
}
END_TEST

START_TEST(address_split)
{
	char *n, *a;

	ck_assert_int_eq(mail_address_split("Destek <destek@x.com.tr>", &n, &a), 0);
	ck_assert_str_eq(n, "Destek");
	ck_assert_str_eq(a, "destek@x.com.tr");
	free(n);
	free(a);
	ck_assert_int_eq(mail_address_split("\"Müşteri, Destek\"  <d@x.tr> ", &n, &a), 0);
	ck_assert_str_eq(n, "Müşteri, Destek");
	free(n);
	free(a);
	ck_assert_int_eq(mail_address_split(" d@x.tr ", &n, &a), 0);
	ck_assert_str_eq(n, "");
	ck_assert_str_eq(a, "d@x.tr");
	free(n);
	free(a);
	ck_assert_int_eq(mail_address_split("Destek", &n, &a), -1);
	ck_assert_int_eq(mail_address_split("a b@x", &n, &a), -1);
	ck_assert_int_eq(mail_address_split("D <d@x.tr> extra", &n, &a), -1);
	ck_assert_int_eq(mail_address_split("D <d@@x.tr>", &n, &a), -1);
	ck_assert_int_eq(mail_address_split("D <d@x.tr", &n, &a), -1);
	ck_assert_int_eq(mail_address_ok("a@b"), 1);
	ck_assert_int_eq(mail_address_ok("@b"), 0);
	ck_assert_int_eq(mail_address_ok("a@"), 0);
	ck_assert_int_eq(mail_address_ok("a@b>x"), 0);
}
END_TEST

START_TEST(references_fold)
{
	struct mail_out m = base();
	const char *refs[12];
	char ids[12][64], *s, *v;
	int i;

	for (i = 0; i < 12; i++) {
		snprintf(ids[i], sizeof ids[i], "message-%02d.abcdefgh@mail.example.com", i);
		refs[i] = ids[i];
	}
	refs[5] = "bad id@x";   /* skipped, not written broken */
	m.references = refs;
	m.nreferences = 12;
	s = compose(&m);
	assert_lines_within(s, 78);
	v = header(s, "References");
	ck_assert_ptr_nonnull(strstr(v, "<message-00.abcdefgh@mail.example.com>"));
	ck_assert_ptr_nonnull(strstr(v, "<message-11.abcdefgh@mail.example.com>"));
	ck_assert_ptr_null(strstr(v, "bad id"));
	free(v);
	free(s);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("mail_out");
	TCase *tc = tcase_create("compose");

	tcase_add_test(tc, headers_round_trip);
	tcase_add_test(tc, ascii_names_are_quoted);
	tcase_add_test(tc, display_names_are_one_mailbox);
	tcase_add_test(tc, long_subjects_fold);
	tcase_add_test(tc, no_header_injection);
	tcase_add_test(tc, reply_subject);
	tcase_add_test(tc, quoted_printable);
	tcase_add_test(tc, attachments);
	tcase_add_test(tc, address_split);
	tcase_add_test(tc, references_fold);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return harness_run(suite());
}
