/*
 * test_mail.c: the e-mail reader: folded headers, RFC 2047 subjects in
 * UTF-8 and ISO-8859-9, multipart choices, quoted-printable, base64,
 * HTML fallback, and the refusals with their reasons.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "temas/mail.h"

static char err[256];

static int parse(const char *s, struct mail *m)
{
	err[0] = '\0';
	return mail_parse(s, strlen(s), m, err, sizeof err);
}

START_TEST(simple_plain_crlf)
{
	struct mail m;

	ck_assert_int_eq(parse("From: Ayşe Yılmaz <Ayse@Example.com>\r\n"
			       "To: destek@example.com\r\n"
			       "Subject: Kargo gecikti\r\n"
			       "Message-ID: <abc-1@mail.example.com>\r\n"
			       "Date: Sat, 1 Mar 2025 13:00:00 +0300\r\n"
			       "\r\n"
			       "Merhaba,\r\nSiparişim gelmedi.\r\n\r\n", &m), 0);
	ck_assert_str_eq(m.from_name, "Ayşe Yılmaz");
	ck_assert_str_eq(m.from_addr, "Ayse@Example.com");
	ck_assert_str_eq(m.subject, "Kargo gecikti");
	ck_assert_str_eq(m.message_id, "abc-1@mail.example.com");
	ck_assert_int_eq(m.date, 1740823200LL);
	ck_assert_str_eq(m.body, "Merhaba,\nSiparişim gelmedi.");
	ck_assert_int_eq(m.body_was_html, 0);
	mail_free(&m);
}
END_TEST

START_TEST(folded_headers_and_quoted_name)
{
	struct mail m;

	ck_assert_int_eq(parse("From: \"Yılmaz, Ayşe \\\"A\\\"\"\n"
			       "  <ayse@example.com>\n"
			       "Subject: a long\n"
			       "\tsubject line\n"
			       "Date: 1 Mar 2025 10:00 GMT\n"
			       "\n"
			       "body\n", &m), 0);
	ck_assert_str_eq(m.from_name, "Yılmaz, Ayşe \"A\"");
	ck_assert_str_eq(m.from_addr, "ayse@example.com");
	ck_assert_str_eq(m.subject, "a long\tsubject line");
	ck_assert_int_eq(m.date, 1740823200LL);
	mail_free(&m);
}
END_TEST

START_TEST(rfc2047_utf8_base64_subject)
{
	struct mail m;

	ck_assert_int_eq(parse("From: =?UTF-8?B?QXnFn2U=?= <a@b.tr>\n"
			       "Subject: =?UTF-8?B?U2lwYXJpxZ9pbSBnZWxtZWRp?=\n\nx\n", &m), 0);
	ck_assert_str_eq(m.subject, "Siparişim gelmedi");
	ck_assert_str_eq(m.from_name, "Ayşe");
	mail_free(&m);
}
END_TEST

START_TEST(rfc2047_iso_8859_9_q_subject)
{
	struct mail m;

	ck_assert_int_eq(parse("From: a@b.tr\n"
			       "Subject: =?ISO-8859-9?Q?=DEikayet=3A_=FD=F0ne_=DDade?=\n\nx\n", &m), 0);
	ck_assert_str_eq(m.subject, "Şikayet: ığne İade");
	ck_assert_str_eq(m.from_name, "");
	ck_assert_str_eq(m.from_addr, "a@b.tr");
	mail_free(&m);
}
END_TEST

START_TEST(rfc2047_adjacent_words_join)
{
	struct mail m;

	/* One character split over two words; the space between is dropped,
	 * the space before plain text is kept. */
	ck_assert_int_eq(parse("From: a@b.tr\n"
			       "Subject: Re: =?UTF-8?B?U2lwYXJpxQ==?=\n =?UTF-8?B?n2lt?= yok\n\nx\n",
			       &m), 0);
	ck_assert_str_eq(m.subject, "Re: Siparişim yok");
	mail_free(&m);
}
END_TEST

START_TEST(multipart_alternative_prefers_plain)
{
	struct mail m;

	ck_assert_int_eq(parse("From: a@b.tr\n"
			       "MIME-Version: 1.0\n"
			       "Content-Type: multipart/alternative; boundary=\"XX\"\n\n"
			       "preamble\n"
			       "--XX\n"
			       "Content-Type: text/html; charset=utf-8\n\n"
			       "<p>HTML version</p>\n"
			       "--XX\n"
			       "Content-Type: text/plain; charset=utf-8\n"
			       "Content-Transfer-Encoding: quoted-printable\n\n"
			       "Fatura =C3=A7ift kesilmi=C5=9F, uzun bir sat=\n"
			       "=C4=B1r.\n"
			       "--XX--\n", &m), 0);
	ck_assert_str_eq(m.body, "Fatura çift kesilmiş, uzun bir satır.");
	ck_assert_int_eq(m.body_was_html, 0);
	mail_free(&m);
}
END_TEST

START_TEST(multipart_mixed_base64_and_attachment)
{
	struct mail m;

	ck_assert_int_eq(parse("From: a@b.tr\n"
			       "Content-Type: multipart/mixed; boundary=outer\n\n"
			       "--outer\n"
			       "Content-Type: application/pdf\n"
			       "Content-Disposition: attachment; filename=fatura.pdf\n"
			       "Content-Transfer-Encoding: base64\n\n"
			       "JVBERi0=\n"
			       "--outer\n"
			       "Content-Type: multipart/alternative; boundary=inner\n\n"
			       "--inner\n"
			       "Content-Type: text/plain; charset=UTF-8\n"
			       "Content-Transfer-Encoding: base64\n\n"
			       "S2FyZ28gbmVyZWRlPyDDh29rIGdl\nw6cga2FsZMSxLgo=\n"
			       "--inner--\n"
			       "--outer--\n", &m), 0);
	ck_assert_str_eq(m.body, "Kargo nerede? Çok geç kaldı.");
	mail_free(&m);
}
END_TEST

START_TEST(html_only_is_stripped)
{
	struct mail m;

	ck_assert_int_eq(parse("From: a@b.tr\n"
			       "Content-Type: text/html; charset=utf-8\n\n"
			       "<html><head><style>p{color:red}</style></head><body>"
			       "<p>Merhaba &amp; iyi g&uuml;nler</p><p>&#304;ade &#x15f;art</p>"
			       "<script>alert(1)</script></body></html>\n", &m), 0);
	ck_assert_str_eq(m.body, "Merhaba & iyi g&uuml;nler\n\nİade şart");
	ck_assert_int_eq(m.body_was_html, 1);
	mail_free(&m);
}
END_TEST

START_TEST(iso_8859_9_body_converted)
{
	struct mail m;

	ck_assert_int_eq(parse("From: a@b.tr\n"
			       "Content-Type: text/plain; charset=iso-8859-9\n"
			       "Content-Transfer-Encoding: 8bit\n\n"
			       "\xDEikayet: \xFE\xFD\xF0\n", &m), 0);
	ck_assert_str_eq(m.body, "Şikayet: şığ");
	mail_free(&m);
}
END_TEST

START_TEST(mbox_envelope_line_skipped)
{
	struct mail m;

	ck_assert_int_eq(parse("From someone@x Sat Mar  1 10:00:00 2025\n"
			       "From: someone@x.tr\nSubject: s\n\nbody\n", &m), 0);
	ck_assert_str_eq(m.from_addr, "someone@x.tr");
	mail_free(&m);
}
END_TEST

static void refuse(const char *msg, const char *why)
{
	struct mail m;

	ck_assert_int_eq(parse(msg, &m), -1);
	ck_assert_str_eq(err, why);
}

START_TEST(refusals)
{
	refuse("", "empty message");
	refuse("hello there\nthis is not mail\n", "line 1 is not a header (not an e-mail?)");
	refuse("Subject: x\n\nbody\n", "no From: header");
	refuse("From: nobody\n\nbody\n", "From: has no valid address");
	refuse("From: X <a@b\n\nbody\n", "From: address not closed with '>'");
	refuse("From: a@b.tr\nSubject: =?X-NO-SUCH?Q?a?=\n\nbody\n",
	       "unknown charset 'X-NO-SUCH'");
	refuse("From: a@b.tr\nSubject: \xC3\x28\n\nbody\n",
	       "header is not valid UTF-8 and not encoded");
	refuse("From: a@b.tr\nContent-Type: multipart/mixed\n\nbody\n",
	       "multipart message without a boundary");
	refuse("From: a@b.tr\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
	       "!!!notbase64\n", "bad base64 in the text/plain part");
	refuse("From: a@b.tr\nContent-Type: application/pdf\n\n%PDF\n",
	       "no text/plain or text/html part in the message");
	refuse("From: a@b.tr\n\nbad \xFF byte\n",
	       "text/plain part names no charset and text is not valid UTF-8 (byte 5)");
	refuse(" folded: first\n\nx\n", "line 1: continuation line before any header");
}
END_TEST

START_TEST(nul_byte_refused)
{
	static const char msg[] = "From: a@b.tr\n\nx\0y\n";
	struct mail m;

	ck_assert_int_eq(mail_parse(msg, sizeof msg - 1, &m, err, sizeof err), -1);
	ck_assert_str_eq(err, "message holds a NUL byte");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mail");
	TCase *tc = tcase_create("mail");

	tcase_add_test(tc, simple_plain_crlf);
	tcase_add_test(tc, folded_headers_and_quoted_name);
	tcase_add_test(tc, rfc2047_utf8_base64_subject);
	tcase_add_test(tc, rfc2047_iso_8859_9_q_subject);
	tcase_add_test(tc, rfc2047_adjacent_words_join);
	tcase_add_test(tc, multipart_alternative_prefers_plain);
	tcase_add_test(tc, multipart_mixed_base64_and_attachment);
	tcase_add_test(tc, html_only_is_stripped);
	tcase_add_test(tc, iso_8859_9_body_converted);
	tcase_add_test(tc, mbox_envelope_line_skipped);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, nul_byte_refused);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
