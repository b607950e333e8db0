/*
 * test_mail.c: the e-mail reader: folded headers, RFC 2047 subjects in
 * UTF-8 and ISO-8859-9, multipart choices, quoted-printable, base64,
 * HTML fallback, and the refusals with their reasons.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
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
	ck_assert_str_eq(m.body, "Merhaba & iyi günler\n\nİade şart");
	ck_assert_int_eq(m.body_was_html, 1);
	mail_free(&m);
}
END_TEST

/* A header folded over thousands of lines unfolds whole, in order. */
START_TEST(long_folded_header)
{
	size_t n = 5000, i, len = 0, cap = 64 + n * 16;
	char *msg = malloc(cap), *want = malloc(n * 16);
	struct mail m;

	ck_assert_ptr_nonnull(msg);
	ck_assert_ptr_nonnull(want);
	len = (size_t)snprintf(msg, cap, "From: a@b.tr\nSubject: s");
	want[0] = 's';
	want[1] = '\0';
	for (i = 0; i < n; i++) {
		char part[16];

		snprintf(part, sizeof part, " p%zu", i);
		len += (size_t)snprintf(msg + len, cap - len, "\n%s", part);
		strcat(want, part);
	}
	snprintf(msg + len, cap - len, "\n\nmetin\n");
	ck_assert_int_eq(parse(msg, &m), 0);
	ck_assert_str_eq(m.subject, want);
	mail_free(&m);
	free(msg);
	free(want);
}
END_TEST

/* What an HTML-only mail says survives as text: where a link points,
 * the cells of a row apart, the entities a mail program writes. */
START_TEST(html_links_tables_entities)
{
	struct mail m;

	ck_assert_int_eq(parse("From: a@b.tr\n"
			       "Content-Type: text/html; charset=utf-8\n\n"
			       "<p>Hasar <a href=\"https://foto.example/abc.jpg\">fotoğraf</a>, "
			       "<a href='https://x.example/'>https://x.example/</a></p>"
			       "<table><tr><th>Tutar</th><td>120&euro;</td></tr>"
			       "<tr><td>Kargo</td><td>&Ccedil;&scedil;&gbreve; &ndash; &Ouml;</td></tr></table>\n",
			       &m), 0);
	ck_assert_str_eq(m.body, "Hasar fotoğraf (https://foto.example/abc.jpg), "
			 "https://x.example/\n\nTutar | 120€\n\nKargo | Çşğ – Ö");
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
	refuse("From: a@b.tr\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n"
	       "!!!\n", "bad base64 in the image/png part");
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


START_TEST(thread_headers)
{
	struct mail m;

	ck_assert_int_eq(parse("From: a@b.tr\n"
			       "In-Reply-To: <temas.1.ab@example.com.tr> (Destek's message of\n"
			       " Sat, 1 Mar 2025)\n"
			       "References: <c1@customer.example>\n"
			       "\t<temas.1.ab@example.com.tr> <bad id@x> <>\n"
			       "Subject: Re: Kargo [#12]\n\nTamam\n", &m), 0);
	ck_assert_str_eq(m.in_reply_to, "temas.1.ab@example.com.tr");
	ck_assert_str_eq(m.references, "c1@customer.example temas.1.ab@example.com.tr");
	mail_free(&m);
	ck_assert_int_eq(parse("From: a@b.tr\n\nx\n", &m), 0);
	ck_assert_str_eq(m.in_reply_to, "");
	ck_assert_str_eq(m.references, "");
	ck_assert_int_eq(m.is_dsn, 0);
	mail_free(&m);
}
END_TEST

/* A Postfix bounce, as local(8) or smtp(8) writes it. */
static const char postfix_bounce[] =
	"Return-Path: <>\n"
	"From: MAILER-DAEMON@mx.example.com.tr (Mail Delivery System)\n"
	"Subject: Undelivered Mail Returned to Sender\n"
	"To: destek@example.com.tr\n"
	"Auto-Submitted: auto-replied\n"
	"MIME-Version: 1.0\n"
	"Content-Type: multipart/report; report-type=delivery-status;\n"
	"\tboundary=\"2F1A.1740830400/mx.example.com.tr\"\n"
	"Message-Id: <20250301120000.2F1A@mx.example.com.tr>\n"
	"\n"
	"This is a MIME-encapsulated message.\n"
	"\n"
	"--2F1A.1740830400/mx.example.com.tr\n"
	"Content-Description: Notification\n"
	"Content-Type: text/plain; charset=us-ascii\n"
	"\n"
	"This is the mail system at host mx.example.com.tr.\n"
	"\n"
	"I'm sorry to have to inform you that your message could not\n"
	"be delivered to one or more recipients.\n"
	"\n"
	"--2F1A.1740830400/mx.example.com.tr\n"
	"Content-Description: Delivery report\n"
	"Content-Type: message/delivery-status\n"
	"\n"
	"Reporting-MTA: dns; mx.example.com.tr\n"
	"X-Postfix-Queue-ID: 2F1A\n"
	"Arrival-Date: Sat,  1 Mar 2025 12:00:00 +0000 (UTC)\n"
	"\n"
	"Final-Recipient: rfc822; ayse@example.com\n"
	"Original-Recipient: rfc822;ayse@example.com\n"
	"Action: failed\n"
	"Status: 5.1.1\n"
	"Remote-MTA: dns; mail.example.com\n"
	"Diagnostic-Code: smtp; 550 5.1.1 <ayse@example.com>: Recipient address\n"
	"    rejected: User unknown in local recipient table\n"
	"\n"
	"--2F1A.1740830400/mx.example.com.tr\n"
	"Content-Description: Undelivered Message Headers\n"
	"Content-Type: text/rfc822-headers\n"
	"\n"
	"From: =?UTF-8?B?RGVzdGVr?= <destek@example.com.tr>\n"
	"To: ayse@example.com\n"
	"Subject: =?UTF-8?B?UmU6IEthcmdv?=\n"
	"Message-ID: <temas.1740830400.0a1b2c@example.com.tr>\n"
	"\n"
	"--2F1A.1740830400/mx.example.com.tr--\n";

START_TEST(dsn_postfix)
{
	struct mail m;

	ck_assert_int_eq(parse(postfix_bounce, &m), 0);
	ck_assert_int_eq(m.is_dsn, 1);
	ck_assert_str_eq(m.dsn_action, "failed");
	ck_assert_str_eq(m.dsn_status, "5.1.1");
	ck_assert_str_eq(m.dsn_diagnostic, "smtp; 550 5.1.1 <ayse@example.com>: Recipient "
			 "address    rejected: User unknown in local recipient table");
	ck_assert_str_eq(m.dsn_message_id, "temas.1740830400.0a1b2c@example.com.tr");
	ck_assert_str_eq(m.from_addr, "MAILER-DAEMON@mx.example.com.tr");
	ck_assert_str_eq(mail_quarantine_reason(&m, "destek@example.com.tr"), "auto-submitted");
	ck_assert_int_eq(m.natt, 0);
	mail_free(&m);
}
END_TEST

/* Exim's and Exchange's bounces: the whole message returned, two recipients. */
START_TEST(dsn_message_rfc822_and_recipients)
{
	struct mail m;

	ck_assert_int_eq(parse("From: Mail Delivery System <Mailer-Daemon@mx.example.net>\n"
			       "Content-Type: multipart/report; report-type=delivery-status; boundary=b1\n"
			       "\n--b1\nContent-Type: text/plain\n\nfailed\n"
			       "--b1\nContent-Type: message/delivery-status\n\n"
			       "Reporting-MTA: dns; mx.example.net\n\n"
			       "Final-Recipient: rfc822; a@x\nAction: delayed\nStatus: 4.4.1\n\n"
			       "Final-Recipient: rfc822; b@x\nAction: failed\nStatus: 5.2.2\n"
			       "Diagnostic-Code: smtp; 552 mailbox full\n"
			       "--b1\nContent-Type: message/rfc822\n\n"
			       "From: destek@example.com.tr\nMessage-ID:\n <temas.2.ff@example.com.tr>\n"
			       "Subject: x\n\nbody\n--b1--\n", &m), 0);
	ck_assert_int_eq(m.is_dsn, 1);
	ck_assert_str_eq(m.dsn_action, "failed");
	ck_assert_str_eq(m.dsn_status, "5.2.2");
	ck_assert_str_eq(m.dsn_diagnostic, "smtp; 552 mailbox full");
	ck_assert_str_eq(m.dsn_message_id, "temas.2.ff@example.com.tr");
	ck_assert_str_eq(mail_quarantine_reason(&m, NULL), "mailer-daemon");
	mail_free(&m);
	/* A report we cannot read is still a bounce, with nothing in it. */
	ck_assert_int_eq(parse("From: Mailer-Daemon@x.tr\n"
			       "Content-Type: multipart/report; boundary=b\n\n"
			       "--b\nContent-Type: message/delivery-status\n\n"
			       " broken\n--b--\n", &m), 0);
	ck_assert_int_eq(m.is_dsn, 1);
	ck_assert_str_eq(m.dsn_action, "");
	ck_assert_str_eq(m.dsn_message_id, "");
	mail_free(&m);
}
END_TEST

START_TEST(attachments_kept)
{
	struct mail m;

	ck_assert_int_eq(parse("From: a@b.tr\n"
			       "Content-Type: multipart/mixed; boundary=xx\n\n"
			       "--xx\nContent-Type: text/plain; charset=utf-8\n\nFaturam ekte.\n"
			       "--xx\nContent-Type: application/pdf; name=\"=?UTF-8?B?ZmF0dXJhIMWfdWJhdC5wZGY=?=\"\n"
			       "Content-Disposition: attachment\n"
			       "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQBAv8=\n"
			       "--xx\nContent-Type: image/jpeg\n"
			       "Content-Disposition: attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd\n"
			       "Content-Transfer-Encoding: base64\n\n/9j/\n"
			       "--xx\nContent-Type: text/plain\nContent-Disposition: attachment;"
			       " filename=\"notlar.txt\"\n\nnot\n"
			       "--xx--\n", &m), 0);
	ck_assert_str_eq(m.body, "Faturam ekte.");
	ck_assert_int_eq(m.natt, 3);
	ck_assert_str_eq(m.att[0].name, "fatura şubat.pdf");
	ck_assert_str_eq(m.att[0].type, "application/pdf");
	ck_assert_int_eq(m.att[0].len, 11);
	ck_assert_int_eq(memcmp(m.att[0].data, "%PDF-1.4\x01\x02\xff", 11), 0);
	ck_assert_str_eq(m.att[1].name, "passwd");
	ck_assert_str_eq(m.att[1].type, "image/jpeg");
	ck_assert_int_eq(m.att[1].len, 3);
	ck_assert_str_eq(m.att[2].name, "notlar.txt");
	ck_assert_str_eq(m.att[2].type, "text/plain");
	mail_free(&m);
	/* A message that is only a file: no text, one attachment. */
	ck_assert_int_eq(parse("From: a@b.tr\nContent-Type: application/pdf\n\n%PDF\n", &m), 0);
	ck_assert_str_eq(m.body, "");
	ck_assert_int_eq(m.natt, 1);
	ck_assert_str_eq(m.att[0].name, "attachment");
	mail_free(&m);
}
END_TEST

/* A media type is kept whole up to the longest RFC 6838 allows, and one
 * longer is no type at all, never a cut one. */
START_TEST(long_media_types)
{
	char sub[128], over[300], msg[1024];
	struct mail m;

	memset(sub, 'x', sizeof sub - 1);
	sub[sizeof sub - 1] = '\0';
	memcpy(sub, "vnd.", 4);
	memset(over, 'y', sizeof over - 1);
	over[sizeof over - 1] = '\0';
	snprintf(msg, sizeof msg, "From: a@b.tr\nContent-Type: multipart/mixed; boundary=xx\n\n"
		 "--xx\nContent-Type: text/plain\n\nEkte.\n"
		 "--xx\nContent-Type: application/%s; name=a.bin\n\nA\n"
		 "--xx\nContent-Type: application/%s; name=b.bin\n\nB\n"
		 "--xx--\n", sub, over);
	ck_assert_int_eq(parse(msg, &m), 0);
	ck_assert_int_eq(m.natt, 2);
	ck_assert_int_eq(strlen(m.att[0].type), strlen("application/") + 127);
	ck_assert_int_eq(strncmp(m.att[0].type, "application/vnd.xxx", 19), 0);
	ck_assert_str_eq(m.att[1].type, "application/octet-stream");
	mail_free(&m);
}
END_TEST

START_TEST(safe_filenames)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "rapor.pdf", "rapor.pdf" },
		{ "../../etc/passwd", "passwd" },
		{ "C:\\Users\\ayse\\fatura.pdf", "fatura.pdf" },
		{ ".bashrc", "bashrc" },
		{ "a\x1b[31mb.txt", "a_[31mb.txt" },
		{ "what?<>|*.txt", "what_____.txt" },
		{ "", "attachment" },
		{ "dir/", "attachment" },
		{ "...", "attachment" },
		{ "\xff\xfe.txt", "attachment" },
	};
	size_t i;
	char *s, big[300];

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = mail_safe_filename(cases[i].in);
		ck_assert_msg(strcmp(s, cases[i].out) == 0, "%s -> %s", cases[i].in, s);
		free(s);
	}
	memset(big, 0, sizeof big);
	for (i = 0; i < 70; i++)
		strcat(big, "ş");
	s = mail_safe_filename(big);
	ck_assert_int_eq(strlen(s), 120);
	free(s);
}
END_TEST

static const char *reason_of(const char *headers)
{
	static char buf[64];
	struct mail m;
	char msg[1024];
	const char *r;

	snprintf(msg, sizeof msg, "%s\n\nmetin\n", headers);
	ck_assert_int_eq(parse(msg, &m), 0);
	r = mail_quarantine_reason(&m, "destek@example.com.tr");
	snprintf(buf, sizeof buf, "%s", r ? r : "-");
	mail_free(&m);
	return buf;
}

/* Header samples as real mail systems send them. */
START_TEST(quarantine_rules)
{
	/* Gmail's vacation responder. */
	ck_assert_str_eq(reason_of("From: Ayse <ayse@gmail.com>\nAuto-Submitted: auto-replied\n"
				   "Subject: Out of office"), "auto-submitted");
	/* Exchange / Outlook automatic reply. */
	ck_assert_str_eq(reason_of("From: ayse@corp.example\n"
				   "Auto-Submitted: auto-generated\n"
				   "X-Auto-Response-Suppress: All\nSubject: Otomatik yanıt: Kargo"),
			 "auto-submitted");
	ck_assert_str_eq(reason_of("From: ayse@x.tr\nAuto-Submitted: auto-notified; owner-email=\"a@x\""),
			 "auto-submitted");
	ck_assert_str_eq(reason_of("From: ayse@x.tr\nAuto-Submitted: No"), "-");
	ck_assert_str_eq(reason_of("From: ayse@x.tr\nAuto-Submitted: no (a human)"), "-");
	/* A newsletter, a mailing list, a junk sender. */
	ck_assert_str_eq(reason_of("From: news@shop.example\nPrecedence: bulk\n"
				   "List-Unsubscribe: <mailto:u@shop.example>"), "bulk");
	ck_assert_str_eq(reason_of("From: l@lists.example\nPrecedence: list\n"
				   "List-Id: <dev.lists.example>"), "bulk");
	ck_assert_str_eq(reason_of("From: x@y.example\nPrecedence: JUNK"), "bulk");
	ck_assert_str_eq(reason_of("From: x@y.example\nPrecedence: first-class"), "-");
	/* A loop: a responder that echoes our X-Loop, our own address. */
	ck_assert_str_eq(reason_of("From: robot@x.example\nX-Loop: Destek@Example.com.tr"), "loop");
	ck_assert_str_eq(reason_of("From: robot@x.example\nX-Loop: other@x.example"), "-");
	ck_assert_str_eq(reason_of("From: Destek <DESTEK@example.com.tr>"), "own");
	ck_assert_str_eq(reason_of("From: MAILER-DAEMON@mx.example.net (Mail Delivery System)"),
			 "mailer-daemon");
	ck_assert_str_eq(reason_of("From: mailer-daemon@googlemail.com"), "mailer-daemon");
	/* People who are not robots. */
	ck_assert_str_eq(reason_of("From: Ayşe Yılmaz <ayse@example.com>\nSubject: Re: Kargo [#3]"),
			 "-");
	ck_assert_str_eq(reason_of("From: mailer@shop.example"), "-");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mail");
	TCase *tc = tcase_create("mail");

	tcase_add_test(tc, simple_plain_crlf);
	tcase_add_test(tc, long_media_types);
	tcase_add_test(tc, html_links_tables_entities);
	tcase_add_test(tc, long_folded_header);
	tcase_add_test(tc, folded_headers_and_quoted_name);
	tcase_add_test(tc, rfc2047_utf8_base64_subject);
	tcase_add_test(tc, rfc2047_iso_8859_9_q_subject);
	tcase_add_test(tc, rfc2047_adjacent_words_join);
	tcase_add_test(tc, multipart_alternative_prefers_plain);
	tcase_add_test(tc, multipart_mixed_base64_and_attachment);
	tcase_add_test(tc, thread_headers);
	tcase_add_test(tc, dsn_postfix);
	tcase_add_test(tc, dsn_message_rfc822_and_recipients);
	tcase_add_test(tc, attachments_kept);
	tcase_add_test(tc, safe_filenames);
	tcase_add_test(tc, quarantine_rules);
	tcase_add_test(tc, html_only_is_stripped);
	tcase_add_test(tc, iso_8859_9_body_converted);
	tcase_add_test(tc, mbox_envelope_line_skipped);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, nul_byte_refused);
	suite_add_tcase(s, tc);
	return harness_run(s);
}
