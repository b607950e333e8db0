/*
 * mail.c: the e-mail reader behind `temas ingest`.
 *
 * It handles what real mail clients send to a support address: folded
 * headers, encoded-word subjects in UTF-8 or a Turkish 8-bit charset,
 * multipart messages with a plain and an HTML version and attachments,
 * quoted-printable and base64.  It is not a general MIME library: it
 * finds one readable text and refuses what it cannot read, with a reason.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "temas/i18n.h"
#include "temas/mail.h"
#include "temas/parse.h"

#define MAIL_MAX_DEPTH 8
#define MAIL_MAX_HEADERS 512
#define MAIL_MAX_ATTACHMENTS 64

struct hdr {
	char *name;
	char *value;   /* unfolded */
	size_t len, cap;   /* of value: a folded header grows in one pass */
};

struct hdrs {
	struct hdr h[MAIL_MAX_HEADERS];
	size_t n;
};

struct text {
	char *s;
	size_t n, cap;
};

static void errf(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void errf(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

static int treserve(struct text *t, size_t n)
{
	if (t->n + n + 1 > t->cap) {
		size_t nc = t->cap ? t->cap : 256;
		char *ns;

		while (nc < t->n + n + 1)
			nc *= 2;
		ns = realloc(t->s, nc);
		if (ns == NULL)
			return -1;
		t->s = ns;
		t->cap = nc;
	}
	return 0;
}

static int tput(struct text *t, const char *s, size_t n)
{
	if (treserve(t, n))
		return -1;
	memcpy(t->s + t->n, s, n);
	t->n += n;
	t->s[t->n] = '\0';
	return 0;
}

static void hdrs_free(struct hdrs *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->h[i].name);
		free(h->h[i].value);
	}
	h->n = 0;
}

static const char *hdr_get(const struct hdrs *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcasecmp(h->h[i].name, name) == 0)
			return h->h[i].value;
	return NULL;
}

/*
 * Read the header block of s[0..n) (LF line ends).  *body gets the offset
 * of the body.  A message whose first line is not a header is refused.
 */
static int read_headers(const char *s, size_t n, struct hdrs *h, size_t *body,
			char *err, size_t errsz)
{
	size_t pos = 0;
	long line = 1;

	h->n = 0;
	while (pos < n) {
		const char *eol = memchr(s + pos, '\n', n - pos);
		size_t ll = eol ? (size_t)(eol - (s + pos)) : n - pos;
		const char *l = s + pos;
		size_t next = pos + ll + (eol ? 1 : 0);

		if (ll == 0) {
			*body = next;
			return 0;
		}
		if (l[0] == ' ' || l[0] == '\t') {
			struct hdr *last;
			size_t old;
			char *nv;

			if (h->n == 0) {
				errf(err, errsz, _("line %ld: continuation line before any header"), line);
				return -1;
			}
			last = &h->h[h->n - 1];
			old = last->len;
			if (old + ll + 1 > last->cap) {
				size_t cap = (old + ll + 1) * 2;

				if ((nv = realloc(last->value, cap)) == NULL)
					goto nomem;
				last->value = nv;
				last->cap = cap;
			}
			memcpy(last->value + old, l, ll);
			last->value[old + ll] = '\0';
			last->len = old + ll;
		} else {
			const char *colon = memchr(l, ':', ll);
			size_t k, vs;

			if (colon == NULL || colon == l) {
				errf(err, errsz, _("line %ld is not a header (not an e-mail?)"), line);
				return -1;
			}
			for (k = 0; l + k < colon; k++) {
				unsigned char c = (unsigned char)l[k];

				if (c <= 32 || c >= 127) {
					errf(err, errsz, _("line %ld is not a header (not an e-mail?)"), line);
					return -1;
				}
			}
			if (h->n == MAIL_MAX_HEADERS) {
				errf(err, errsz, _("too many header lines"));
				return -1;
			}
			vs = (size_t)(colon - l) + 1;
			h->h[h->n].name = strndup(l, (size_t)(colon - l));
			h->h[h->n].value = strndup(l + vs, ll - vs);
			h->h[h->n].len = ll - vs;
			h->h[h->n].cap = ll - vs + 1;
			h->n++;
			if (h->h[h->n - 1].name == NULL || h->h[h->n - 1].value == NULL)
				goto nomem;
		}
		pos = next;
		line++;
	}
	*body = n;
	return 0;
nomem:
	errf(err, errsz, _("out of memory"));
	return -1;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
		e--;
	*e = '\0';
	return s;
}

/*
 * The message ids of an In-Reply-To or References value, without angle
 * brackets, blank-separated (malloc'd; "" for none).  Ids with anything
 * but printable ASCII are left out: they are looked up, never shown.
 */
static char *id_list(const char *v, int first_only)
{
	char *out = malloc(strlen(v ? v : "") + 1), *w = out;
	const char *p = v ? v : "";

	if (out == NULL)
		return NULL;
	while ((p = strchr(p, '<')) != NULL) {
		const char *e = strchr(p + 1, '>');
		const char *q;
		int ok = 1;

		if (e == NULL)
			break;
		for (q = p + 1; q < e; q++)
			if ((unsigned char)*q <= 0x20 || (unsigned char)*q >= 0x7f || *q == '<')
				ok = 0;
		if (ok && e > p + 1) {
			if (w > out)
				*w++ = ' ';
			memcpy(w, p + 1, (size_t)(e - p - 1));
			w += e - p - 1;
			if (first_only)
				break;
		}
		p = e + 1;
	}
	*w = '\0';
	return out;
}

static char *first_id(const char *v)
{
	return id_list(v, 1);
}

/* Charset names are short tokens.  Anything else is refused without being
 * echoed: the reason is shown to an agent, and the name is sender's text. */
static int is_charset_name(const char *s)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		if (!((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z') ||
		      (s[n] >= '0' && s[n] <= '9') || strchr("-_.:+()", s[n]) != NULL))
			return 0;
	return n > 0 && n <= 40;
}

char *mail_to_utf8(const char *charset, const char *s, size_t n,
		   char *err, size_t errsz)
{
	iconv_t cd;
	char *out, *ip, *op;
	size_t cap, il, ol;
	size_t bad;

	if (charset == NULL || *charset == '\0' || strcasecmp(charset, "utf-8") == 0 ||
	    strcasecmp(charset, "utf8") == 0 || strcasecmp(charset, "us-ascii") == 0) {
		if (text_utf8_check(s, n, &bad) != 0) {
			errf(err, errsz, _("text is not valid UTF-8 (byte %zu)"), bad + 1);
			return NULL;
		}
		return strndup(s, n);
	}
	if (!is_charset_name(charset)) {
		errf(err, errsz, _("charset name is not valid"));
		return NULL;
	}
	cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1) {
		errf(err, errsz, _("unknown charset '%s'"), charset);
		return NULL;
	}
	cap = n * 4 + 16;
	out = malloc(cap);
	if (out == NULL) {
		iconv_close(cd);
		errf(err, errsz, _("out of memory"));
		return NULL;
	}
	ip = (char *)s;
	il = n;
	op = out;
	ol = cap - 1;
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		errf(err, errsz, _("text is not valid %s"), charset);
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*op = '\0';
	if (text_utf8_check(out, (size_t)(op - out), &bad) != 0) {
		errf(err, errsz, _("text holds a NUL byte"));
		free(out);
		return NULL;
	}
	return out;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode base64 in place semantics: out must hold n bytes.  -1 on bad input. */
static long b64_decode(const char *s, size_t n, char *out)
{
	unsigned long acc = 0;
	int bits = 0, pad = 0;
	size_t i;
	long o = 0;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i], v;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		if (pad)
			return -1;
		v = b64val(c);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xFF);
		}
	}
	if (pad > 2)
		return -1;
	return o;
}

/* Quoted-printable; in headers (q=1) '_' is a space.  out holds n bytes. */
static long qp_decode(const char *s, size_t n, char *out, int q)
{
	size_t i;
	long o = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '=' && i + 1 < n && s[i + 1] == '\n') {
			i++;
			continue;
		}
		if (c == '=' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
			continue;
		}
		if (c == '=' && q)
			return -1;
		out[o++] = (q && c == '_') ? ' ' : c;
	}
	return o;
}

/* Convert the bytes of adjacent encoded words at once: a client may
 * split one multi-byte character over two words. */
static int flush_raw(struct text *t, struct text *raw, const char *cs,
		     char *err, size_t errsz)
{
	char *conv;
	int rc;

	if (raw->n == 0)
		return 0;
	conv = mail_to_utf8(cs, raw->s, raw->n, err, errsz);
	raw->n = 0;
	if (conv == NULL)
		return -1;
	rc = tput(t, conv, strlen(conv));
	free(conv);
	if (rc)
		errf(err, errsz, _("out of memory"));
	return rc;
}

char *mail_decode_header(const char *v, char *err, size_t errsz)
{
	struct text t = { 0 }, raw = { 0 };
	const char *p = v, *pending_ws = NULL;
	char pend_cs[64] = "";
	size_t pending_n = 0, bad;
	int last_encoded = 0;

	if (tput(&t, "", 0))
		goto nomem;
	while (*p) {
		const char *q1, *end;
		char charset[64], enc;

		if (p[0] == '=' && p[1] == '?' &&
		    (q1 = strchr(p + 2, '?')) != NULL && q1[1] != '\0' && q1[2] == '?' &&
		    (end = strstr(q1 + 3, "?=")) != NULL &&
		    (size_t)(q1 - (p + 2)) < sizeof charset &&
		    memchr(p, ' ', (size_t)(end - p)) == NULL &&
		    ((enc = (char)toupper((unsigned char)q1[1])) == 'B' || enc == 'Q')) {
			const char *q2 = q1 + 3;
			char *star;
			long dn;

			memcpy(charset, p + 2, (size_t)(q1 - (p + 2)));
			charset[q1 - (p + 2)] = '\0';
			star = strchr(charset, '*');
			if (star)
				*star = '\0';
			if (raw.n && strcasecmp(charset, pend_cs) != 0 &&
			    flush_raw(&t, &raw, pend_cs, err, errsz))
				goto fail;
			/* White space between two encoded words is dropped. */
			if (pending_n && !last_encoded && tput(&t, pending_ws, pending_n))
				goto nomem;
			pending_n = 0;
			if (treserve(&raw, (size_t)(end - q2)))
				goto nomem;
			dn = enc == 'B' ? b64_decode(q2, (size_t)(end - q2), raw.s + raw.n)
					: qp_decode(q2, (size_t)(end - q2), raw.s + raw.n, 1);
			if (dn < 0) {
				errf(err, errsz, _("bad %c-encoded word in a header"), enc);
				goto fail;
			}
			raw.n += (size_t)dn;
			snprintf(pend_cs, sizeof pend_cs, "%s", charset);
			last_encoded = 1;
			p = end + 2;
			continue;
		}
		if (*p == ' ' || *p == '\t') {
			if (pending_n == 0)
				pending_ws = p;
			pending_n++;
			p++;
			continue;
		}
		if (flush_raw(&t, &raw, pend_cs, err, errsz))
			goto fail;
		if (pending_n && tput(&t, pending_ws, pending_n))
			goto nomem;
		pending_n = 0;
		last_encoded = 0;
		if (tput(&t, p, 1))
			goto nomem;
		p++;
	}
	if (flush_raw(&t, &raw, pend_cs, err, errsz))
		goto fail;
	if (pending_n && tput(&t, pending_ws, pending_n))
		goto nomem;
	free(raw.s);
	if (text_utf8_check(t.s, t.n, &bad) != 0) {
		free(t.s);
		errf(err, errsz, _("header is not valid UTF-8 and not encoded"));
		return NULL;
	}
	return t.s;
nomem:
	errf(err, errsz, _("out of memory"));
fail:
	free(raw.s);
	free(t.s);
	return NULL;
}

/* A parameter of a Content-Type style value (malloc'd), or NULL. */
static char *param(const char *v, const char *name)
{
	const char *p = strchr(v, ';');
	size_t nl = strlen(name);

	while (p != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, name, nl) == 0) {
			const char *q = p + nl;

			while (*q == ' ')
				q++;
			if (*q == '=') {
				q++;
				while (*q == ' ')
					q++;
				if (*q == '"') {
					const char *e = strchr(q + 1, '"');

					return e ? strndup(q + 1, (size_t)(e - q - 1)) : NULL;
				}
				return strndup(q, strcspn(q, "; \t"));
			}
		}
		p = strchr(p, ';');
	}
	return NULL;
}

/* "text/plain; charset=..." → "text/plain" lowercased into buf.  A type
 * that is not a MIME token (it is sender's text, shown and stored) is
 * application/octet-stream. */
static void media_type(const char *v, char *buf, size_t n)
{
	size_t i = 0, k;

	if (v == NULL) {
		snprintf(buf, n, "text/plain");
		return;
	}
	while (*v == ' ' || *v == '\t')
		v++;
	while (*v && *v != ';' && *v != ' ' && i + 1 < n)
		buf[i++] = (char)tolower((unsigned char)*v++);
	buf[i] = '\0';
	/* Longer than RFC 6838 allows (127 + '/' + 127): no type, never a
	 * cut one. */
	if (*v && *v != ';' && *v != ' ' && *v != '\t') {
		snprintf(buf, n, "application/octet-stream");
		return;
	}
	for (k = 0; k < i; k++)
		if (!isalnum((unsigned char)buf[k]) && strchr("!#$&^_.+-/", buf[k]) == NULL) {
			snprintf(buf, n, "application/octet-stream");
			return;
		}
}

struct found {
	char *plain;
	char *html;
	struct mail *m;          /* DSN fields and attachments go here */
};

/* The value of attribute name ("href") in the tag [p, e), in a new
 * string; NULL when it has none (or out of memory). */
static char *tag_attr(const char *p, const char *e, const char *name)
{
	size_t nl = strlen(name);
	const char *q;

	for (q = p + 1; q + nl < e; q++) {
		const char *v, *end;
		char quote = 0;
		char *out;

		if (strncasecmp(q, name, nl) != 0 || !isspace((unsigned char)q[-1]))
			continue;
		v = q + nl;
		while (v < e && isspace((unsigned char)*v))
			v++;
		if (v >= e || *v != '=')
			continue;
		v++;
		while (v < e && isspace((unsigned char)*v))
			v++;
		if (v < e && (*v == '"' || *v == '\''))
			quote = *v++;
		for (end = v; end < e && (quote ? *end != quote : !isspace((unsigned char)*end));
		     end++)
			;
		if ((out = malloc((size_t)(end - v) + 1)) == NULL)
			return NULL;
		memcpy(out, v, (size_t)(end - v));
		out[end - v] = '\0';
		return out;
	}
	return NULL;
}

/*
 * Strip tags and decode entities: enough to read a message.  A link keeps
 * where it points ("foto (https://...)"), table cells stay apart
 * ("Tutar | 120 €"), and the named entities a mail program writes, the
 * Turkish letters among them, are the characters they name.
 */
static char *html_to_text(const char *s)
{
	struct text t = { 0 };
	const char *p = s;
	char *href = NULL;
	size_t link_at = 0;

	if (tput(&t, "", 0))
		return NULL;
	while (*p) {
		if (*p == '<') {
			const char *e = strchr(p, '>');
			char tag[16];
			size_t k = 0;
			const char *q = p + 1;

			if (e == NULL)
				break;
			if (*q == '/')
				q++;
			while (k + 1 < sizeof tag && isalnum((unsigned char)*q))
				tag[k++] = (char)tolower((unsigned char)*q++);
			tag[k] = '\0';
			if (p[1] != '/' && (strcmp(tag, "script") == 0 || strcmp(tag, "style") == 0)) {
				const char *close = strcasestr(e, strcmp(tag, "script") == 0
							? "</script" : "</style");

				e = close ? strchr(close, '>') : NULL;
				if (e == NULL)
					break;
			} else if (strcmp(tag, "br") == 0 || strcmp(tag, "p") == 0 ||
				   strcmp(tag, "div") == 0 || strcmp(tag, "li") == 0 ||
				   strcmp(tag, "tr") == 0 || strcmp(tag, "h1") == 0 ||
				   strcmp(tag, "h2") == 0 || strcmp(tag, "h3") == 0) {
				if (tput(&t, "\n", 1))
					goto nomem;
			} else if (p[1] != '/' && (strcmp(tag, "td") == 0 || strcmp(tag, "th") == 0)) {
				/* A cell after another on its row. */
				if (t.n > 0 && t.s[t.n - 1] != '\n' && tput(&t, " | ", 3))
					goto nomem;
			} else if (strcmp(tag, "a") == 0 && p[1] != '/') {
				free(href);
				href = tag_attr(p, e, "href");
				link_at = t.n;
			} else if (strcmp(tag, "a") == 0 && href != NULL) {
				/* Unless the link's text is where it points. */
				size_t hl = strlen(href);

				if (*href && strncasecmp(href, "javascript:", 11) != 0 &&
				    !(t.n - link_at == hl && memcmp(t.s + link_at, href, hl) == 0) &&
				    (tput(&t, " (", 2) || tput(&t, href, hl) || tput(&t, ")", 1)))
					goto nomem;
				free(href);
				href = NULL;
			}
			p = e + 1;
			continue;
		}
		if (*p == '&') {
			static const struct { const char *e; const char *u; } ents[] = {
				{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
				{ "&quot;", "\"" }, { "&apos;", "'" }, { "&#39;", "'" },
				{ "&nbsp;", " " }, { "&euro;", "€" }, { "&pound;", "£" },
				{ "&copy;", "©" }, { "&reg;", "®" }, { "&trade;", "™" },
				{ "&deg;", "°" }, { "&ndash;", "–" }, { "&mdash;", "—" },
				{ "&hellip;", "…" }, { "&bull;", "•" }, { "&middot;", "·" },
				{ "&laquo;", "«" }, { "&raquo;", "»" }, { "&lsquo;", "‘" },
				{ "&rsquo;", "’" }, { "&ldquo;", "“" }, { "&rdquo;", "”" },
				{ "&times;", "×" }, { "&ccedil;", "ç" }, { "&Ccedil;", "Ç" },
				{ "&ouml;", "ö" }, { "&Ouml;", "Ö" }, { "&uuml;", "ü" },
				{ "&Uuml;", "Ü" }, { "&scedil;", "ş" }, { "&Scedil;", "Ş" },
				{ "&gbreve;", "ğ" }, { "&Gbreve;", "Ğ" }, { "&imath;", "ı" },
				{ "&inodot;", "ı" }, { "&Idot;", "İ" }, { "&acirc;", "â" },
				{ "&Acirc;", "Â" }, { "&icirc;", "î" }, { "&ucirc;", "û" },
				{ "&auml;", "ä" }, { "&Auml;", "Ä" }, { "&eacute;", "é" },
				{ "&szlig;", "ß" },
			};
			size_t i;
			int done = 0;

			for (i = 0; i < sizeof ents / sizeof ents[0]; i++) {
				size_t el = strlen(ents[i].e);

				/* Named entities are case-sensitive (&ouml; is not &Ouml;);
				 * the five of XML are met in capitals too. */
				if (i < 6 ? strncasecmp(p, ents[i].e, el) == 0
					  : strncmp(p, ents[i].e, el) == 0) {
					if (tput(&t, ents[i].u, strlen(ents[i].u)))
						goto nomem;
					p += el;
					done = 1;
					break;
				}
			}
			if (!done && p[1] == '#') {
				char *e;
				unsigned long cp = (p[2] == 'x' || p[2] == 'X')
					? strtoul(p + 3, &e, 16) : strtoul(p + 2, &e, 10);
				char u[4];
				size_t un = 0;

				if (*e == ';' && cp > 0 && cp < 0x110000 &&
				    !(cp >= 0xD800 && cp <= 0xDFFF)) {
					if (cp < 0x80) {
						u[un++] = (char)cp;
					} else if (cp < 0x800) {
						u[un++] = (char)(0xC0 | (cp >> 6));
						u[un++] = (char)(0x80 | (cp & 0x3F));
					} else if (cp < 0x10000) {
						u[un++] = (char)(0xE0 | (cp >> 12));
						u[un++] = (char)(0x80 | ((cp >> 6) & 0x3F));
						u[un++] = (char)(0x80 | (cp & 0x3F));
					} else {
						u[un++] = (char)(0xF0 | (cp >> 18));
						u[un++] = (char)(0x80 | ((cp >> 12) & 0x3F));
						u[un++] = (char)(0x80 | ((cp >> 6) & 0x3F));
						u[un++] = (char)(0x80 | (cp & 0x3F));
					}
					if (tput(&t, u, un))
						goto nomem;
					p = e + 1;
					done = 1;
				}
			}
			if (done)
				continue;
		}
		if (*p == '\n' || *p == '\t')
			if (tput(&t, " ", 1))
				goto nomem;
		if (*p != '\n' && *p != '\t' && tput(&t, p, 1))
			goto nomem;
		p++;
	}
	free(href);
	return t.s;
nomem:
	free(href);
	free(t.s);
	return NULL;
}

/* Tidy a body: trim lines' trailing blanks, squeeze blank-line runs. */
static void tidy(char *s)
{
	char *r = s, *w = s, *line_end_w;
	int blank_run = 0, any = 0;

	while (*r) {
		char *eol = strchr(r, '\n');
		size_t ll = eol ? (size_t)(eol - r) : strlen(r);
		char *ls = r;

		while (ll > 0 && (ls[ll - 1] == ' ' || ls[ll - 1] == '\t'))
			ll--;
		if (ll == 0) {
			blank_run++;
		} else {
			size_t lead = 0;

			if (any && blank_run > 0)
				*w++ = '\n';
			if (any)
				*w++ = '\n';
			blank_run = 0;
			while (lead < ll && any == 0 && (ls[lead] == ' ' || ls[lead] == '\t'))
				lead++;
			memmove(w, ls + lead, ll - lead);
			w += ll - lead;
			any = 1;
		}
		r = eol ? eol + 1 : r + strlen(r);
	}
	line_end_w = w;
	*line_end_w = '\0';
}


/* The bytes of a part body after its transfer encoding (malloc'd). */
static char *decode_body(const char *s, size_t n, const char *cte, size_t *outn)
{
	char enc[32], *raw = malloc(n + 1);
	long dn;

	if (raw == NULL)
		return NULL;
	media_type(cte ? cte : "7bit", enc, sizeof enc);
	if (strcmp(enc, "base64") == 0) {
		dn = b64_decode(s, n, raw);
		if (dn < 0) {
			free(raw);
			return NULL;
		}
	} else if (strcmp(enc, "quoted-printable") == 0) {
		dn = qp_decode(s, n, raw, 0);
	} else {
		memcpy(raw, s, n);
		dn = (long)n;
	}
	raw[dn] = '\0';
	*outn = (size_t)dn;
	return raw;
}

/* "UTF-8''fatura%20%C5%9Fubat.pdf" (RFC 2231) to UTF-8; NULL if not that. */
static char *rfc2231_value(const char *v)
{
	const char *q = strstr(v, "''");
	char cs[48], *raw, *out, err[64];
	size_t o = 0;

	if (q == NULL || (size_t)(q - v) >= sizeof cs)
		return NULL;
	memcpy(cs, v, (size_t)(q - v));
	cs[q - v] = '\0';
	raw = malloc(strlen(q) + 1);
	if (raw == NULL)
		return NULL;
	for (q += 2; *q; q++) {
		if (*q == '%' && hexval(q[1]) >= 0 && hexval(q[2]) >= 0) {
			raw[o++] = (char)(hexval(q[1]) * 16 + hexval(q[2]));
			q += 2;
		} else {
			raw[o++] = *q;
		}
	}
	out = mail_to_utf8(cs[0] ? cs : NULL, raw, o, err, sizeof err);
	free(raw);
	return out;
}

/* The file name a sender gave a part, decoded; NULL when none. */
static char *part_name(const char *ct, const char *cd)
{
	static const char *const keys[] = { "filename*", "filename", "name*", "name" };
	size_t i;

	for (i = 0; i < 4; i++) {
		const char *v = i < 2 ? cd : ct;
		char *p, *d, err[64];

		if (v == NULL || (p = param(v, keys[i])) == NULL)
			continue;
		if (strchr(keys[i], '*'))
			d = rfc2231_value(p);
		else
			d = mail_decode_header(p, err, sizeof err);
		free(p);
		if (d != NULL && *d != '\0')
			return d;
		free(d);
	}
	return NULL;
}

char *mail_safe_filename(const char *name)
{
	const char *base = name ? name : "";
	const char *p;
	char *out, *w;
	size_t n;

	for (p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	while (*base == '.' || *base == ' ')
		base++;
	out = malloc(strlen(base) + 16);
	if (out == NULL)
		return NULL;
	for (w = out, p = base; *p; p++) {
		unsigned char c = (unsigned char)*p;

		*w++ = (c < 0x20 || c == 0x7f || strchr("<>:\"|?*", c)) ? '_' : (char)c;
	}
	*w = '\0';
	/* At most 120 bytes, cut between characters; valid UTF-8 only. */
	n = strlen(out);
	if (n > 120) {
		n = 120;
		while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80)
			n--;
		out[n] = '\0';
	}
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
	if (n == 0 || text_utf8_check(out, n, NULL) != 0)
		snprintf(out, 16, "attachment");
	return out;
}

static int add_attachment(const char *s, size_t n, const char *type, const char *ct,
			  const char *cte, const char *cd, struct mail *m,
			  char *err, size_t errsz)
{
	struct mail_part *np, *a;
	char *name, *data;
	size_t len;

	if (m == NULL)
		return 0;
	if (m->natt >= MAIL_MAX_ATTACHMENTS) {
		errf(err, errsz, _("more than %d attachments"), MAIL_MAX_ATTACHMENTS);
		return -1;
	}
	data = decode_body(s, n, cte, &len);
	if (data == NULL) {
		errf(err, errsz, _("bad base64 in the %s part"), type);
		return -1;
	}
	name = part_name(ct, cd);
	np = realloc(m->att, (m->natt + 1) * sizeof *np);
	if (np == NULL) {
		free(name);
		free(data);
		errf(err, errsz, _("out of memory"));
		return -1;
	}
	m->att = np;
	a = &m->att[m->natt];
	a->name = mail_safe_filename(name);
	a->type = strdup(type);
	a->data = data;
	a->len = len;
	free(name);
	m->natt++;
	if (a->name == NULL || a->type == NULL) {
		errf(err, errsz, _("out of memory"));
		return -1;
	}
	return 0;
}

/* A copy of a header value, trimmed, "" for none; NULL when out of memory. */
static char *hdup(const char *v)
{
	char *c = strdup(v ? v : ""), *t;

	if (c == NULL)
		return NULL;
	t = trim(c);
	memmove(c, t, strlen(t) + 1);
	return c;
}

/* Only printable ASCII of a header meant for a machine (status, ids). */
static int ascii_only(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/*
 * The delivery-status part of a bounce (RFC 3464): per-message fields,
 * then a group per recipient.  The first recipient whose action is
 * "failed" wins, else the first.
 */
static int read_dsn(const char *s, size_t n, struct mail *m, char *err, size_t errsz)
{
	size_t pos = 0;

	if (m == NULL)
		return 0;
	m->is_dsn = 1;
	while (pos < n) {
		struct hdrs *h = calloc(1, sizeof *h);
		size_t body = 0;
		const char *act, *st, *diag;

		if (h == NULL) {
			errf(err, errsz, _("out of memory"));
			return -1;
		}
		while (pos < n && s[pos] == '\n')
			pos++;
		if (pos >= n || read_headers(s + pos, n - pos, h, &body, err, errsz) != 0) {
			hdrs_free(h);
			free(h);
			/* A report we cannot read is still a report. */
			return 0;
		}
		act = hdr_get(h, "Action");
		st = hdr_get(h, "Status");
		diag = hdr_get(h, "Diagnostic-Code");
		if (act != NULL && (m->dsn_action == NULL ||
				    (strcasecmp(m->dsn_action, "failed") != 0 &&
				     strcasecmp(trim((char *)act), "failed") == 0))) {
			free(m->dsn_action);
			free(m->dsn_status);
			free(m->dsn_diagnostic);
			m->dsn_action = hdup(act);
			m->dsn_status = hdup(st);
			m->dsn_diagnostic = hdup(diag);
			if (!m->dsn_action || !m->dsn_status || !m->dsn_diagnostic) {
				hdrs_free(h);
				free(h);
				errf(err, errsz, _("out of memory"));
				return -1;
			}
			if (!ascii_only(m->dsn_action) || !ascii_only(m->dsn_status) ||
			    !ascii_only(m->dsn_diagnostic)) {
				m->dsn_status[0] = m->dsn_diagnostic[0] = '\0';
				if (!ascii_only(m->dsn_action))
					m->dsn_action[0] = '\0';
			}
		}
		hdrs_free(h);
		free(h);
		pos += body;
	}
	return 0;
}

/* The returned message (or its headers) in a bounce: its Message-ID. */
static int read_returned(const char *s, size_t n, struct mail *m, char *err, size_t errsz)
{
	struct hdrs *h;
	size_t body;
	const char *v;

	if (m == NULL || (m->dsn_message_id && *m->dsn_message_id))
		return 0;
	h = calloc(1, sizeof *h);
	if (h == NULL) {
		errf(err, errsz, _("out of memory"));
		return -1;
	}
	if (read_headers(s, n, h, &body, err, errsz) == 0 &&
	    (v = hdr_get(h, "Message-ID")) != NULL) {
		free(m->dsn_message_id);
		m->dsn_message_id = first_id(v);
	}
	hdrs_free(h);
	free(h);
	return 0;
}

static int walk(const char *s, size_t n, int depth, const char *default_type,
		struct found *f, char *err, size_t errsz);

static int walk_multipart(const char *s, size_t n, const char *boundary, int depth,
			  int digest, struct found *f, char *err, size_t errsz)
{
	size_t bl = strlen(boundary), pos = 0, part_start = 0;
	int in_part = 0;

	while (pos < n) {
		const char *eol = memchr(s + pos, '\n', n - pos);
		size_t ll = eol ? (size_t)(eol - (s + pos)) : n - pos;
		const char *l = s + pos;
		size_t next = pos + ll + (eol ? 1 : 0);

		if (ll >= bl + 2 && l[0] == '-' && l[1] == '-' &&
		    memcmp(l + 2, boundary, bl) == 0) {
			int closing = ll >= bl + 4 && l[bl + 2] == '-' && l[bl + 3] == '-';

			if (in_part) {
				size_t end = pos > part_start ? pos - 1 : part_start;

				if (walk(s + part_start, end - part_start, depth + 1,
					 digest ? "message/rfc822" : "text/plain",
					 f, err, errsz))
					return -1;
			}
			if (closing)
				return 0;
			in_part = 1;
			part_start = next;
		}
		pos = next;
	}
	if (!in_part) {
		/* The boundary is the sender's text: not echoed. */
		errf(err, errsz, _("multipart message without any part for its boundary"));
		return -1;
	}
	/* No closing delimiter: take what is there. */
	return walk(s + part_start, n - part_start, depth + 1,
		    digest ? "message/rfc822" : "text/plain", f, err, errsz);
}

static int walk(const char *s, size_t n, int depth, const char *default_type,
		struct found *f, char *err, size_t errsz)
{
	struct hdrs *h;
	size_t body;
	const char *ct, *cte, *cd;
	char type[256];
	int rc = -1;

	if (depth > MAIL_MAX_DEPTH) {
		errf(err, errsz, _("MIME parts nested too deeply"));
		return -1;
	}
	h = calloc(1, sizeof *h);
	if (h == NULL) {
		errf(err, errsz, _("out of memory"));
		return -1;
	}
	if (read_headers(s, n, h, &body, err, errsz))
		goto out;
	ct = hdr_get(h, "Content-Type");
	if (ct == NULL)
		media_type(default_type, type, sizeof type);
	else
		media_type(ct, type, sizeof type);
	cte = hdr_get(h, "Content-Transfer-Encoding");
	cd = hdr_get(h, "Content-Disposition");
	if (strncmp(type, "multipart/", 10) == 0) {
		char *b = param(ct, "boundary");

		if (b == NULL || *b == '\0') {
			free(b);
			errf(err, errsz, _("multipart message without a boundary"));
			goto out;
		}
		rc = walk_multipart(s + body, n - body, b, depth,
				    strcmp(type, "multipart/digest") == 0, f, err, errsz);
		free(b);
		goto out;
	}
	if (strcmp(type, "message/delivery-status") == 0) {
		rc = read_dsn(s + body, n - body, f->m, err, errsz);
		goto out;
	}
	if (strcmp(type, "message/rfc822") == 0 || strcmp(type, "text/rfc822-headers") == 0) {
		rc = read_returned(s + body, n - body, f->m, err, errsz);
		goto out;
	}
	if ((cd != NULL && strncasecmp(trim((char *)cd), "attachment", 10) == 0) ||
	    (strcmp(type, "text/plain") != 0 && strcmp(type, "text/html") != 0) ||
	    (strcmp(type, "text/plain") == 0 && f->plain != NULL) ||
	    (strcmp(type, "text/html") == 0 && f->html != NULL)) {
		rc = add_attachment(s + body, n - body, type, ct, cte, cd, f->m, err, errsz);
		goto out;
	}
	if ((strcmp(type, "text/plain") == 0 && f->plain == NULL) ||
	    (strcmp(type, "text/html") == 0 && f->html == NULL)) {
		char *raw, *cs, *conv, enc[32];
		long dn;

		media_type(cte ? cte : "7bit", enc, sizeof enc);
		raw = malloc(n - body + 1);
		if (raw == NULL) {
			errf(err, errsz, _("out of memory"));
			goto out;
		}
		if (strcmp(enc, "base64") == 0) {
			dn = b64_decode(s + body, n - body, raw);
			if (dn < 0) {
				free(raw);
				errf(err, errsz, _("bad base64 in the %s part"), type);
				goto out;
			}
		} else if (strcmp(enc, "quoted-printable") == 0) {
			dn = qp_decode(s + body, n - body, raw, 0);
		} else {
			memcpy(raw, s + body, n - body);
			dn = (long)(n - body);
		}
		cs = ct ? param(ct, "charset") : NULL;
		conv = mail_to_utf8(cs, raw, (size_t)dn, err, errsz);
		if (conv == NULL && cs == NULL) {
			char why[160];

			snprintf(why, sizeof why, "%s", err);
			errf(err, errsz, _("%s part names no charset and %s"), type, why);
		}
		free(cs);
		free(raw);
		if (conv == NULL)
			goto out;
		if (strcmp(type, "text/plain") == 0)
			f->plain = conv;
		else
			f->html = conv;
	}
	rc = 0;
out:
	hdrs_free(h);
	free(h);
	return rc;
}

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

/* RFC 5322 date: [Day,] D Mon YYYY HH:MM[:SS] (+hhmm | GMT | UT | Z). */
static long long parse_date(const char *v)
{
	int d, y, h, mi, se = 0, m, k;
	char mon[4], zone[8] = "";
	const char *p = strchr(v, ',');
	long long t;

	p = p ? p + 1 : v;
	if (sscanf(p, " %d %3s %d %d:%d%n", &d, mon, &y, &h, &mi, &k) < 5)
		return 0;
	p += k;
	if (*p == ':') {
		if (sscanf(p, ":%d%n", &se, &k) < 1)
			return 0;
		p += k;
	}
	sscanf(p, " %7s", zone);
	for (m = 0; m < 12; m++)
		if (strcasecmp(mon, months[m]) == 0)
			break;
	if (m == 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return 0;
	if (y < 100)
		y += y < 50 ? 2000 : 1900;
	t = text_days_from_civil(y, m + 1, d) * 86400 + h * 3600 + mi * 60 + se;
	if ((zone[0] == '+' || zone[0] == '-') && isdigit((unsigned char)zone[1])) {
		long z = strtol(zone + 1, NULL, 10);

		t -= (zone[0] == '-' ? -1 : 1) * ((z / 100) * 3600 + (z % 100) * 60);
	}
	return t;
}

/* Split From: into display name and address. */
static int parse_from(const char *v, struct mail *m, char *err, size_t errsz)
{
	const char *lt = strrchr(v, '<');
	char *name = NULL, *addr;

	if (lt != NULL) {
		const char *gt = strchr(lt, '>');
		char *raw, *r, *w;

		if (gt == NULL) {
			errf(err, errsz, _("From: address not closed with '>'"));
			return -1;
		}
		addr = strndup(lt + 1, (size_t)(gt - lt - 1));
		raw = strndup(v, (size_t)(lt - v));
		if (addr == NULL || raw == NULL) {
			free(addr);
			free(raw);
			errf(err, errsz, _("out of memory"));
			return -1;
		}
		r = trim(raw);
		if (*r == '"') {
			/* Quoted string: drop the quotes, undo backslash escapes. */
			for (w = r, r++; *r && *r != '"'; r++) {
				if (*r == '\\' && r[1])
					r++;
				*w++ = *r;
			}
			*w = '\0';
			r = trim(raw);
		}
		name = mail_decode_header(r, err, errsz);
		free(raw);
		if (name == NULL) {
			free(addr);
			return -1;
		}
	} else {
		const char *paren = strchr(v, '(');

		addr = strndup(v, paren ? (size_t)(paren - v) : strlen(v));
		name = strdup("");
		if (addr == NULL || name == NULL) {
			free(addr);
			free(name);
			errf(err, errsz, _("out of memory"));
			return -1;
		}
	}
	{
		char *a = trim(addr);

		memmove(addr, a, strlen(a) + 1);
	}
	if (text_utf8_check(addr, strlen(addr), NULL) != 0) {
		errf(err, errsz, _("From: address is not valid UTF-8"));
		free(addr);
		free(name);
		return -1;
	}
	if (strchr(addr, '@') == NULL || strpbrk(addr, " \t<>\"") != NULL ||
	    addr[0] == '@' || addr[strlen(addr) - 1] == '@') {
		errf(err, errsz, _("From: has no valid address"));
		free(addr);
		free(name);
		return -1;
	}
	{
		char *tn = trim(name);

		memmove(name, tn, strlen(tn) + 1);
	}
	m->from_addr = addr;
	m->from_name = name;
	return 0;
}

void mail_free(struct mail *m)
{
	size_t i;

	free(m->from_name);
	free(m->from_addr);
	free(m->subject);
	free(m->message_id);
	free(m->body);
	free(m->in_reply_to);
	free(m->references);
	free(m->auto_submitted);
	free(m->precedence);
	free(m->x_loop);
	free(m->dsn_action);
	free(m->dsn_status);
	free(m->dsn_diagnostic);
	free(m->dsn_message_id);
	for (i = 0; i < m->natt; i++) {
		free(m->att[i].name);
		free(m->att[i].type);
		free(m->att[i].data);
	}
	free(m->att);
	memset(m, 0, sizeof *m);
}

int mail_parse(const char *buf, size_t len, struct mail *m, char *err, size_t errsz)
{
	struct hdrs *h = NULL;
	struct found f = { NULL, NULL, NULL };
	char *s = NULL, *w;
	size_t i, body, n;
	const char *v;

	memset(m, 0, sizeof *m);
	if (len == 0) {
		errf(err, errsz, _("empty message"));
		return -1;
	}
	if (memchr(buf, '\0', len) != NULL) {
		errf(err, errsz, _("message holds a NUL byte"));
		return -1;
	}
	/* Work on LF line ends only. */
	s = malloc(len + 1);
	if (s == NULL)
		goto nomem;
	for (i = 0, w = s; i < len; i++)
		if (!(buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n'))
			*w++ = buf[i];
	*w = '\0';
	n = (size_t)(w - s);
	/* An mbox "From " envelope line may precede the headers. */
	w = s;
	if (n > 5 && memcmp(s, "From ", 5) == 0) {
		char *eol = memchr(s, '\n', n);

		w = eol ? eol + 1 : s + n;
	}
	n -= (size_t)(w - s);
	h = calloc(1, sizeof *h);
	if (h == NULL)
		goto nomem;
	if (read_headers(w, n, h, &body, err, errsz))
		goto fail;
	v = hdr_get(h, "From");
	if (v == NULL) {
		errf(err, errsz, _("no From: header"));
		goto fail;
	}
	if (parse_from(v, m, err, errsz))
		goto fail;
	v = hdr_get(h, "Subject");
	m->subject = mail_decode_header(v ? v : "", err, errsz);
	if (m->subject == NULL)
		goto fail;
	{
		char *t = trim(m->subject);

		memmove(m->subject, t, strlen(t) + 1);
	}
	v = hdr_get(h, "Message-ID");
	{
		char *id = strdup(v ? v : ""), *t, *e;

		if (id == NULL)
			goto nomem;
		t = trim(id);
		if (*t == '<')
			t++;
		e = strchr(t, '>');
		if (e)
			*e = '\0';
		memmove(id, t, strlen(t) + 1);
		m->message_id = id;
		if (text_utf8_check(id, strlen(id), NULL) != 0) {
			errf(err, errsz, _("Message-ID is not valid UTF-8"));
			goto fail;
		}
	}
	v = hdr_get(h, "Date");
	m->date = v ? parse_date(v) : 0;
	m->in_reply_to = first_id(hdr_get(h, "In-Reply-To"));
	m->references = id_list(hdr_get(h, "References"), 0);
	m->auto_submitted = hdup(hdr_get(h, "Auto-Submitted"));
	m->precedence = hdup(hdr_get(h, "Precedence"));
	m->x_loop = hdup(hdr_get(h, "X-Loop"));
	if (!m->in_reply_to || !m->references || !m->auto_submitted ||
	    !m->precedence || !m->x_loop)
		goto nomem;
	hdrs_free(h);
	free(h);
	h = NULL;
	f.m = m;
	if (walk(w, n, 0, "text/plain", &f, err, errsz))
		goto fail;
	if (m->is_dsn && (m->dsn_action == NULL || m->dsn_status == NULL ||
			  m->dsn_diagnostic == NULL)) {
		free(m->dsn_action);
		free(m->dsn_status);
		free(m->dsn_diagnostic);
		m->dsn_action = strdup("");
		m->dsn_status = strdup("");
		m->dsn_diagnostic = strdup("");
	}
	if (m->dsn_message_id == NULL)
		m->dsn_message_id = strdup("");
	if (m->is_dsn && (!m->dsn_action || !m->dsn_status || !m->dsn_diagnostic))
		goto nomem;
	if (m->dsn_message_id == NULL)
		goto nomem;
	if (f.plain != NULL) {
		m->body = f.plain;
		f.plain = NULL;
	} else if (f.html != NULL) {
		m->body = html_to_text(f.html);
		m->body_was_html = 1;
		if (m->body == NULL)
			goto nomem;
	} else if (m->is_dsn || m->natt > 0) {
		m->body = strdup("");
		if (m->body == NULL)
			goto nomem;
	} else {
		errf(err, errsz, _("no text/plain or text/html part in the message"));
		goto fail;
	}
	tidy(m->body);
	free(f.plain);
	free(f.html);
	free(s);
	return 0;
nomem:
	errf(err, errsz, _("out of memory"));
fail:
	if (h) {
		hdrs_free(h);
		free(h);
	}
	free(f.plain);
	free(f.html);
	free(s);
	mail_free(m);
	return -1;
}

const char *mail_quarantine_reason(const struct mail *m, const char *own_addr)
{
	char first[32];
	size_t k;
	const char *at = strrchr(m->from_addr, '@');
	size_t local = at ? (size_t)(at - m->from_addr) : strlen(m->from_addr);

	if (m->auto_submitted && *m->auto_submitted) {
		k = strcspn(m->auto_submitted, " \t;(");
		if (k != 2 || strncasecmp(m->auto_submitted, "no", 2) != 0)
			return "auto-submitted";
	}
	if (m->precedence && *m->precedence) {
		snprintf(first, sizeof first, "%.*s",
			 (int)strcspn(m->precedence, " \t;("), m->precedence);
		if (strcasecmp(first, "bulk") == 0 || strcasecmp(first, "junk") == 0 ||
		    strcasecmp(first, "list") == 0)
			return "bulk";
	}
	if (own_addr && *own_addr && m->x_loop && strcasestr(m->x_loop, own_addr))
		return "loop";
	if (own_addr && *own_addr && strcasecmp(m->from_addr, own_addr) == 0)
		return "own";
	if (m->is_dsn || (local == 13 && strncasecmp(m->from_addr, "mailer-daemon", 13) == 0))
		return "mailer-daemon";
	return NULL;
}
