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

/* A part that is not the message's text: decoded bytes, a safe name. */
struct mail_part {
	char *name;          /* from mail_safe_filename: never a path */
	char *type;          /* media type, lower case */
	char *data;
	size_t len;
};

struct mail {
	char *from_name;     /* display name, "" when none */
	char *from_addr;     /* the address in From: */
	char *subject;       /* "" when none */
	char *message_id;    /* without angle brackets; "" when none */
	long long date;      /* UTC seconds; 0 when missing or unreadable */
	char *body;          /* UTF-8 text ("" for a bounce or attachments only) */
	int body_was_html;
	char *in_reply_to;   /* the first id of In-Reply-To, "" when none */
	char *references;    /* the ids of References, blank-separated */
	char *auto_submitted, *precedence, *x_loop;  /* as sent, "" when absent */
	char *x_autoreply;   /* X-Autoreply or X-Autorespond, "" when absent */
	/* A delivery status notification (RFC 3464) about one of our messages: */
	int is_dsn;
	char *dsn_action;    /* "failed", "delayed", ... ("" when unreadable) */
	char *dsn_status;    /* "5.1.1" */
	char *dsn_diagnostic;
	char *dsn_message_id;  /* the returned message's id, "" when none */
	struct mail_part *att;  /* data NULL: listed, not kept (unreadable, or
				 * beyond the number kept) */
	size_t natt;
	/* What the reader had to make of it, one remark a line ("" when
	 * none): text read as Windows-1254, a part left out and why. */
	char *notes;
};

/*
 * 0 on success; -1 with a one-line reason in err.  Free with mail_free.
 * One bad part does not refuse the message: text in a wrong or unknown
 * charset is read as Windows-1254, an unreadable alternative or
 * attachment is left out with a remark in notes.
 */
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

/*
 * A file name a sender gave, made safe to show and to save under: the
 * last path component, no control characters or shell-hostile marks, no
 * leading dot, at most 120 bytes; "attachment" when nothing is left.
 */
char *mail_safe_filename(const char *name);

/*
 * Why a message must not be answered nor open a complaint, or NULL:
 * "auto-submitted" (Auto-Submitted other than no, X-Autoreply,
 * X-Autorespond, Precedence auto_reply), "bulk" (Precedence bulk, junk
 * or list), "loop" (X-Loop names our address), "own" (From is
 * our address), "mailer-daemon" (from a mail system, or a bounce).
 * own_addr may be NULL.
 */
const char *mail_quarantine_reason(const struct mail *m, const char *own_addr);

/* ---- writing: mail_out.c ---- */

struct mail_attachment {
	const char *name;        /* file name shown to the customer */
	const char *type;        /* media type; NULL: application/octet-stream */
	const char *data;
	size_t len;
};

struct mail_out {
	const char *from;        /* the team's address: "Destek <destek@x.com.tr>" */
	const char *to_name;     /* the customer's name, "" for none */
	const char *to_addr;
	const char *subject;     /* the complaint's subject as it is */
	long long complaint_id;  /* for "Re: SUBJECT [#ID]" */
	const char *message_id;  /* without angle brackets */
	const char *in_reply_to; /* the customer's last message id, or NULL */
	const char *const *references;
	size_t nreferences;
	long long date;          /* UTC seconds */
	const char *body;        /* UTF-8, LF line ends */
	const struct mail_attachment *att;
	size_t natt;
	int auto_generated;      /* "Auto-Submitted: auto-generated" (RFC 3834) */
};

/*
 * The whole message (malloc'd, LF line ends, *len bytes), or NULL with a
 * reason in err for a bad From, To or message id.
 */
char *mail_compose(const struct mail_out *m, size_t *len, char *err, size_t errsz);
/* "Re: SUBJECT [#ID]": no second "Re:" and no second tag; malloc'd. */
char *mail_reply_subject(const char *subject, long long complaint_id);
/* Quoted-printable of UTF-8 text (malloc'd). */
char *mail_qp_encode(const char *text);
/* 1 for an address that can stand between angle brackets as it is. */
int mail_address_ok(const char *addr);
/* "Name <a@b>", "\"Name\" <a@b>" or "a@b" into malloc'd name ("" for none)
 * and address; -1 when it is none of these. */
int mail_address_split(const char *s, char **name, char **addr);

#endif
