/*
 * mail.h: reading one RFC 5322 / MIME e-mail into the few things an
 * inbound interaction needs: sender, subject, message id, date and the
 * text of the body, all converted to UTF-8.
 *
 * Headers may be folded and hold RFC 2047 encoded words (UTF-8,
 * ISO-8859-9 and any charset iconv knows).  In multipart messages the
 * text/plain part is preferred, else text/html with the tags taken out.
 * Bodies may be quoted-printable or base64.
 */
#ifndef TEMAS_MAIL_H
#define TEMAS_MAIL_H

#include <stddef.h>

struct mail {
	char *from_name;     /* display name, "" when none */
	char *from_addr;     /* the address in From: */
	char *subject;       /* "" when none */
	char *message_id;    /* without angle brackets; "" when none */
	long long date;      /* UTC seconds; 0 when missing or unreadable */
	char *body;          /* UTF-8 text */
	int body_was_html;
};

/* 0 on success; -1 with a one-line reason in err.  Free with mail_free. */
int mail_parse(const char *buf, size_t len, struct mail *out,
	       char *err, size_t errsz);
void mail_free(struct mail *m);

/*
 * Decode RFC 2047 encoded words in a header value to UTF-8 (malloc'd).
 * NULL with a reason in err on an unknown charset or bad encoding.
 */
char *mail_decode_header(const char *value, char *err, size_t errsz);

/* Convert n bytes from charset to UTF-8 (malloc'd, NUL-terminated). */
char *mail_to_utf8(const char *charset, const char *s, size_t n,
		   char *err, size_t errsz);

#endif
