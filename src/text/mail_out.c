/*
 * mail_out.c: the e-mail writer behind `temas send`.
 *
 * One reply becomes one RFC 5322 message a sendmail(8) program accepts
 * on its standard input: ASCII headers (Turkish text as RFC 2047 encoded
 * words, folded under 78 columns), a UTF-8 body in quoted-printable, and
 * attachments as base64 MIME parts.  Lines end in LF, as sendmail expects
 * from a local program.  Nothing the customer or the agent typed can add
 * a header: line breaks and control characters in header text are blanks.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "temas/i18n.h"
#include "temas/mail.h"

struct buf {
	char *s;
	size_t n, cap;
	int oom;
};

static void bput(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap : 1024;
		char *ns;

		while (nc < b->n + n + 1)
			nc *= 2;
		ns = realloc(b->s, nc);
		if (ns == NULL) {
			b->oom = 1;
			return;
		}
		b->s = ns;
		b->cap = nc;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void bputs(struct buf *b, const char *s)
{
	bput(b, s, strlen(s));
}

static void bprintf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void bprintf(struct buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int w;

	va_start(ap, fmt);
	w = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (w < 0)
		return;
	if ((size_t)w < sizeof small) {
		bput(b, small, (size_t)w);
		return;
	}
	{
		char *big = malloc((size_t)w + 1);

		if (big == NULL) {
			b->oom = 1;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)w + 1, fmt, ap);
		va_end(ap);
		bput(b, big, (size_t)w);
		free(big);
	}
}

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void b64_put(struct buf *b, const unsigned char *s, size_t n)
{
	size_t i;
	char q[4];

	for (i = 0; i + 2 < n; i += 3) {
		q[0] = b64[s[i] >> 2];
		q[1] = b64[((s[i] & 3) << 4) | (s[i + 1] >> 4)];
		q[2] = b64[((s[i + 1] & 15) << 2) | (s[i + 2] >> 6)];
		q[3] = b64[s[i + 2] & 63];
		bput(b, q, 4);
	}
	if (i < n) {
		q[0] = b64[s[i] >> 2];
		if (i + 1 < n) {
			q[1] = b64[((s[i] & 3) << 4) | (s[i + 1] >> 4)];
			q[2] = b64[(s[i + 1] & 15) << 2];
		} else {
			q[1] = b64[(s[i] & 3) << 4];
			q[2] = '=';
		}
		q[3] = '=';
		bput(b, q, 4);
	}
}

/*
 * Header text: a copy with CR, LF, tabs and the other C0 and C1 controls,
 * DEL and the Unicode line and paragraph separators as blanks (a parser
 * that splits lines at any of them must not find a header in a name).
 */
static char *header_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	char *c = malloc(strlen((const char *)p) + 1), *w = c;

	if (c == NULL)
		return NULL;
	while (*p) {
		if (*p < 0x20 || *p == 0x7f) {
			*w++ = ' ';
			p++;
		} else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			*w++ = ' ';
			p += 2;
		} else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
			*w++ = ' ';
			p += 3;
		} else {
			*w++ = (char)*p++;
		}
	}
	*w = '\0';
	return c;
}

static int is_plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* Length of the UTF-8 sequence a lead byte starts (1 for stray bytes). */
static size_t u8len(unsigned char c)
{
	if (c >= 0xf0 && c < 0xf8)
		return 4;
	if (c >= 0xe0)
		return c < 0xf0 ? 3 : 1;
	if (c >= 0xc0)
		return 2;
	return 1;
}

static size_t longest_word(const char *s)
{
	size_t best = 0;

	while (*s) {
		size_t l = strcspn(s, " ");

		if (l > best)
			best = l;
		s += l;
		s += strspn(s, " ");
	}
	return best;
}

#define FOLD_WORDS 0x1    /* encoded words even for plain ASCII */
#define FOLD_PHRASE 0x2   /* encoded words end before a blank when they can */

/*
 * Write a header "Name: value" folded under 78 columns.  Plain ASCII text
 * is folded at blanks unless FOLD_WORDS is set; anything else becomes a
 * run of B-encoded words of at most 45 bytes of UTF-8 each (75 columns),
 * split between characters.  In a display name (FOLD_PHRASE) a word ends
 * before a blank where one is: some readers (Python's email package) keep
 * the fold between two encoded words of a phrase as a blank, which then
 * falls beside a blank of the name instead of inside a word.
 */
static void header_fold(struct buf *b, const char *name, const char *value,
			int how)
{
	size_t col;

	bprintf(b, "%s:", name);
	col = strlen(name) + 1;
	if (!(how & FOLD_WORDS) && is_plain_ascii(value) && strstr(value, "=?") == NULL &&
	    longest_word(value) + col + 1 <= 78) {
		const char *p = value;

		while (*p) {
			size_t ws = strspn(p, " "), wl;

			p += ws;
			if (*p == '\0')
				break;
			wl = strcspn(p, " ");
			if (col + 1 + wl > 78 && col > strlen(name) + 1) {
				bputs(b, "\n");
				col = 0;
			}
			bputs(b, " ");
			bput(b, p, wl);
			col += 1 + wl;
			p += wl;
		}
	} else {
		const unsigned char *p = (const unsigned char *)value;
		int first = 1;

		while (*p) {
			size_t take = 0, room;

			/* An encoded word is 12 columns of frame and 4 for each
			 * 3 bytes; the first shares its line with the name. */
			room = first ? 78 - col - 1 : 77;
			room = room > 12 ? (room - 12) / 4 * 3 : 0;
			if (room > 45)
				room = 45;
			if (room < 6) {
				bputs(b, "\n");   /* the word's blank follows */
				room = 45;
			}
			while (p[take]) {
				size_t l = u8len(p[take]);
				size_t k;

				for (k = 1; k < l; k++)
					if (p[take + k] == '\0')
						break;
				if (k < l)
					l = k;
				if (take + l > room)
					break;
				take += l;
			}
			if ((how & FOLD_PHRASE) && p[take] != '\0' && p[take] != ' ') {
				size_t sp = take;

				while (sp > 0 && p[sp] != ' ')
					sp--;
				if (sp > 0)
					take = sp;
			}
			bputs(b, first ? " " : "\n ");
			bputs(b, "=?UTF-8?B?");
			b64_put(b, p, take);
			bputs(b, "?=");
			p += take;
			first = 0;
		}
	}
	bputs(b, "\n");
}

static void header_text(struct buf *b, const char *name, const char *value)
{
	header_fold(b, name, value, 0);
}

/* RFC 5322 atext: a name of these and blanks is a phrase of atoms. */
static int is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/*
 * A display name as an RFC 5322 phrase, so that a parser finds exactly
 * the one address after it: a quoted string (with '"' and '\\' escaped)
 * when it fits the line, else the atoms folded at blanks when it is only
 * atoms, else encoded words.  A special (':' '@' ',' '<' ...) is never
 * bare: "Destek: a@b" unquoted reads as a group naming another address.
 */
static void address_header(struct buf *b, const char *hname, const char *name,
			   const char *addr)
{
	char *cn = header_clean(name), *s, *e;
	size_t qlen = 2;
	int ascii, atoms = 1;

	if (cn == NULL) {
		b->oom = 1;
		return;
	}
	for (s = cn; *s == ' '; s++)
		;
	for (e = s + strlen(s); e > s && e[-1] == ' '; e--)
		;
	*e = '\0';
	ascii = is_plain_ascii(s) && strstr(s, "=?") == NULL;
	for (e = s; *e; e++) {
		qlen += 1 + (*e == '"' || *e == '\\');
		if (*e != ' ' && !is_atext((unsigned char)*e))
			atoms = 0;
	}
	if (*s == '\0') {
		bprintf(b, "%s: <%s>\n", hname, addr);
	} else if (ascii && strlen(hname) + 2 + qlen + 3 + strlen(addr) <= 78) {
		bprintf(b, "%s: \"", hname);
		for (e = s; *e; e++) {
			if (*e == '"' || *e == '\\')
				bputs(b, "\\");
			bput(b, e, 1);
		}
		bprintf(b, "\" <%s>\n", addr);
	} else {
		struct buf w = { 0 };

		header_fold(&w, hname, s, FOLD_PHRASE | (ascii && atoms ? 0 : FOLD_WORDS));
		if (w.oom || w.n == 0) {
			free(w.s);
			free(cn);
			b->oom = 1;
			return;
		}
		w.s[--w.n] = '\0';  /* the line end: the address follows */
		bputs(b, w.s);
		bprintf(b, "\n <%s>\n", addr);
		free(w.s);
	}
	free(cn);
}

/* An address we can put between angle brackets without changing headers. */
int mail_address_ok(const char *a)
{
	const char *at, *p;

	if (a == NULL || *a == '\0' || strlen(a) > 254)
		return 0;
	for (p = a; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("<>()[]\\,;:\"", *p) != NULL)
			return 0;
	at = strchr(a, '@');
	return at != NULL && at != a && at[1] != '\0' && strchr(at + 1, '@') == NULL;
}

int mail_address_split(const char *s, char **name, char **addr)
{
	const char *lt = strrchr(s, '<'), *gt;
	const char *ns, *ne;
	char *n, *a;

	*name = *addr = NULL;
	if (lt == NULL) {
		ns = s + strspn(s, " \t");
		ne = ns + strcspn(ns, " \t");
		if (ns[strcspn(ns, " \t") + strspn(ne, " \t")] != '\0')
			return -1;
		a = strndup(ns, (size_t)(ne - ns));
		n = strdup("");
	} else {
		gt = strchr(lt, '>');
		if (gt == NULL || gt[1 + strspn(gt + 1, " \t")] != '\0')
			return -1;
		a = strndup(lt + 1, (size_t)(gt - lt - 1));
		ns = s + strspn(s, " \t");
		ne = lt;
		while (ne > ns && (ne[-1] == ' ' || ne[-1] == '\t'))
			ne--;
		if (ne - ns >= 2 && *ns == '"' && ne[-1] == '"') {
			ns++;
			ne--;
		}
		n = strndup(ns, (size_t)(ne - ns));
	}
	if (a == NULL || n == NULL || !mail_address_ok(a)) {
		free(a);
		free(n);
		return -1;
	}
	*name = n;
	*addr = a;
	return 0;
}

char *mail_reply_subject(const char *subject, long long complaint_id)
{
	char tag[32], *clean, *out;
	const char *s;
	size_t n;

	clean = header_clean(subject);
	if (clean == NULL)
		return NULL;
	s = clean + strspn(clean, " ");
	snprintf(tag, sizeof tag, "[#%lld]", complaint_id);
	n = strlen(s) + strlen(tag) + 8;
	out = malloc(n);
	if (out == NULL) {
		free(clean);
		return NULL;
	}
	/* "Re: Re: Re:" helps nobody; neither does a second tag. */
	snprintf(out, n, "%s%s%s%s", strncasecmp(s, "re:", 3) == 0 ? "" : "Re: ", s,
		 strstr(s, tag) ? "" : (*s ? " " : ""), strstr(s, tag) ? "" : tag);
	free(clean);
	return out;
}

/*
 * Quoted-printable (RFC 2045 6.7) of a UTF-8 text with LF line ends:
 * lines of at most 76 columns, trailing blanks encoded, and the two line
 * starts some transports change ("From " and a dot) encoded too.
 */
static int qp_literal(const unsigned char *p, size_t col)
{
	if (col == 0 && (*p == '.' || strncmp((const char *)p, "From ", 5) == 0))
		return 0;
	if (*p == ' ' || *p == '\t')
		return p[1] != '\n' && p[1] != '\0' && !(p[1] == '\r' && p[2] == '\n');
	return *p >= 33 && *p <= 126 && *p != '=';
}

static void qp_put(struct buf *b, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t col = 0;
	char enc[4];

	while (*p) {
		if (*p == '\r' && p[1] == '\n') {
			p++;
			continue;
		}
		if (*p == '\n') {
			bputs(b, "\n");
			col = 0;
			p++;
			continue;
		}
		/* Room for the soft line break '=' in column 76. */
		if (col + (qp_literal(p, col) ? 1 : 3) > 75) {
			bputs(b, "=\n");
			col = 0;
		}
		if (qp_literal(p, col)) {
			bput(b, (const char *)p, 1);
			col++;
		} else {
			snprintf(enc, sizeof enc, "=%02X", *p);
			bput(b, enc, 3);
			col += 3;
		}
		p++;
	}
}

char *mail_qp_encode(const char *text)
{
	struct buf b = { 0 };

	bputs(&b, "");
	qp_put(&b, text);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* "report.pdf" stays as it is; "fatura ş.pdf" gets RFC 2231 encoding. */
static void disposition(struct buf *b, const char *fname)
{
	const unsigned char *p;

	if (is_plain_ascii(fname) && strpbrk(fname, "\"\\") == NULL) {
		bprintf(b, "Content-Disposition: attachment; filename=\"%s\"\n", fname);
		return;
	}
	bputs(b, "Content-Disposition: attachment;\n filename*=UTF-8''");
	for (p = (const unsigned char *)fname; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(".-_~", *p))
			bput(b, (const char *)p, 1);
		else
			bprintf(b, "%%%02X", *p);
	}
	bputs(b, "\n");
}

static void date_header(struct buf *b, long long at)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mons[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)at;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL) {
		t = 0;
		gmtime_r(&t, &tm);
	}
	bprintf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\n", days[tm.tm_wday],
		tm.tm_mday, mons[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		tm.tm_sec);
}

/* Message ids are written between angle brackets: no blanks or brackets. */
static int id_ok(const char *id)
{
	const char *p;

	if (id == NULL || *id == '\0')
		return 0;
	for (p = id; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    *p == '<' || *p == '>')
			return 0;
	return 1;
}

char *mail_compose(const struct mail_out *m, size_t *len, char *err, size_t errsz)
{
	struct buf b = { 0 };
	char *fname = NULL, *faddr = NULL, *subj = NULL;
	char boundary[64];
	size_t i, col;
	unsigned long h = 5381;
	const char *p;

	if (mail_address_split(m->from ? m->from : "", &fname, &faddr) != 0) {
		snprintf(err, errsz, _("the From address '%s' is not valid"),
			 m->from ? m->from : "");
		return NULL;
	}
	if (!mail_address_ok(m->to_addr)) {
		snprintf(err, errsz, "%s", _("the customer's e-mail address is not valid"));
		goto fail;
	}
	if (!id_ok(m->message_id)) {
		snprintf(err, errsz, "%s", _("the message id is not valid"));
		goto fail;
	}
	subj = mail_reply_subject(m->subject, m->complaint_id);
	if (subj == NULL)
		goto nomem;
	date_header(&b, m->date);
	address_header(&b, "From", fname, faddr);
	address_header(&b, "To", m->to_name, m->to_addr);
	header_text(&b, "Subject", subj);
	bprintf(&b, "Message-ID: <%s>\n", m->message_id);
	/* So out-of-office responders leave it unanswered (RFC 3834). */
	if (m->auto_generated)
		bputs(&b, "Auto-Submitted: auto-generated\n");
	if (id_ok(m->in_reply_to))
		bprintf(&b, "In-Reply-To: <%s>\n", m->in_reply_to);
	col = 0;
	for (i = 0; i < m->nreferences; i++) {
		size_t l;

		if (!id_ok(m->references[i]))
			continue;
		l = strlen(m->references[i]) + 3;
		if (col == 0) {
			bputs(&b, "References:");
			col = 11;
		} else if (col + l > 78) {
			bputs(&b, "\n");
			col = 0;
		}
		bprintf(&b, " <%s>", m->references[i]);
		col += l;
	}
	if (col)
		bputs(&b, "\n");
	bputs(&b, "MIME-Version: 1.0\n");
	for (p = m->message_id; *p; p++)
		h = h * 33 + (unsigned char)*p;
	/* "=_" never occurs in quoted-printable or base64 text. */
	snprintf(boundary, sizeof boundary, "=_temas_%lx_%lld", h, m->complaint_id);
	if (m->natt > 0) {
		bprintf(&b, "Content-Type: multipart/mixed; boundary=\"%s\"\n\n", boundary);
		bputs(&b, "This is a MIME message.\n\n");
		bprintf(&b, "--%s\n", boundary);
	}
	bputs(&b, "Content-Type: text/plain; charset=UTF-8\n"
		  "Content-Transfer-Encoding: quoted-printable\n\n");
	qp_put(&b, m->body ? m->body : "");
	if (b.n == 0 || b.s[b.n - 1] != '\n')
		bputs(&b, "\n");
	for (i = 0; i < m->natt; i++) {
		const struct mail_attachment *a = &m->att[i];
		char *an = header_clean(a->name && *a->name ? a->name : "attachment");
		const char *type = a->type && *a->type && is_plain_ascii(a->type) &&
				   strchr(a->type, '/') && !strpbrk(a->type, " ;\"")
				   ? a->type : "application/octet-stream";
		size_t k;

		if (an == NULL)
			goto nomem;
		bprintf(&b, "\n--%s\n", boundary);
		bprintf(&b, "Content-Type: %s\n", type);
		bputs(&b, "Content-Transfer-Encoding: base64\n");
		disposition(&b, an);
		free(an);
		bputs(&b, "\n");
		for (k = 0; k < a->len; k += 57) {
			b64_put(&b, (const unsigned char *)a->data + k,
				a->len - k < 57 ? a->len - k : 57);
			bputs(&b, "\n");
		}
	}
	if (m->natt > 0)
		bprintf(&b, "\n--%s--\n", boundary);
	if (b.oom)
		goto nomem;
	free(fname);
	free(faddr);
	free(subj);
	*len = b.n;
	return b.s;
nomem:
	snprintf(err, errsz, "%s", _("out of memory"));
fail:
	free(b.s);
	free(fname);
	free(faddr);
	free(subj);
	return NULL;
}
