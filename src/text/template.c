/*
 * template.c: filling {placeholders} in reply templates.
 *
 * Pure text work, no database: the caller passes the values.  A reply goes
 * to a customer, so nothing is ever filled silently with a blank: an
 * unknown placeholder, a known one without a value, or an unclosed brace
 * stops the fill and names the placeholder and where it is.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "temas/i18n.h"
#include "temas/template.h"

const char *const text_template_names[] = {
	"agent.name",
	"complaint.id",
	"complaint.subject",
	"customer.first_name",
	"customer.last_name",
	"customer.name",
	"order.date",
	"order.number",
	"order.total",
};
const size_t text_template_nnames =
	sizeof text_template_names / sizeof text_template_names[0];

struct buf {
	char *p;
	size_t len, cap;
};

static int buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (b->len + n + 1 > cap)
			cap *= 2;
		p = realloc(b->p, cap);
		if (p == NULL)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* Columns count characters, not bytes: continuation bytes are skipped. */
static void advance(const char *from, const char *to, int *line, int *col)
{
	for (; from < to; from++) {
		if (*from == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)*from & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

struct where {
	int line, col;
	char what[200];
};

enum problem { P_UNCLOSED, P_UNKNOWN, P_NOVALUE };

static void put(struct where *w, int line, int col, enum problem what,
		const char *name, int namelen)
{
	w->line = line;
	w->col = col;
	if (what == P_UNCLOSED)
		snprintf(w->what, sizeof w->what, _("unclosed '{' before '%.*s'"),
			 namelen, name);
	else if (what == P_UNKNOWN)
		snprintf(w->what, sizeof w->what, _("unknown placeholder {%.*s}"),
			 namelen, name);
	else
		snprintf(w->what, sizeof w->what,
			 _("no value for {%.*s} in this complaint"), namelen, name);
}

static int fill(const char *tmpl, const struct text_field *fields,
		size_t nfields, char **out, struct where *w)
{
	struct buf b = { NULL, 0, 0 };
	const char *p = tmpl ? tmpl : "", *mark = p;
	int line = 1, col = 1;

	*out = NULL;
	if (buf_add(&b, "", 0) != 0)
		goto oom;
	while (*p) {
		const char *q;
		size_t i, nlen;

		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			if (buf_add(&b, p, 1) != 0)
				goto oom;
			p += 2;
			continue;
		}
		if (*p != '{') {
			q = p + 1;
			while (*q && *q != '{' && *q != '}')
				q++;
			if (buf_add(&b, p, (size_t)(q - p)) != 0)
				goto oom;
			p = q;
			continue;
		}
		advance(mark, p, &line, &col);
		mark = p;
		q = p + 1;
		while (*q && *q != '}' && *q != '{' && *q != '\n')
			q++;
		nlen = (size_t)(q - p - 1);
		if (*q != '}') {
			put(w, line, col, P_UNCLOSED,
			    p + 1, nlen > 30 ? 30 : (int)nlen);
			goto fail;
		}
		for (i = 0; i < nfields; i++)
			if (strlen(fields[i].name) == nlen &&
			    memcmp(fields[i].name, p + 1, nlen) == 0)
				break;
		if (i == nfields) {
			put(w, line, col, P_UNKNOWN,
			    p + 1, nlen > 60 ? 60 : (int)nlen);
			goto fail;
		}
		if (fields[i].value == NULL) {
			put(w, line, col, P_NOVALUE, p + 1,
			    nlen > 60 ? 60 : (int)nlen);
			goto fail;
		}
		if (buf_add(&b, fields[i].value, strlen(fields[i].value)) != 0)
			goto oom;
		p = q + 1;
	}
	*out = b.p;
	return 0;
oom:
	w->line = w->col = 0;
	snprintf(w->what, sizeof w->what, "%s", _("out of memory"));
fail:
	free(b.p);
	return -1;
}

int text_template_fill(const char *tmpl, const struct text_field *fields,
		       size_t nfields, char **out, char *err, size_t errsz)
{
	struct where w;

	if (fill(tmpl, fields, nfields, out, &w) == 0)
		return 0;
	if (err != NULL && errsz > 0) {
		if (w.line > 0)
			snprintf(err, errsz, _("line %d, column %d: %s"), w.line,
				 w.col, w.what);
		else
			snprintf(err, errsz, "%s", w.what);
	}
	return -1;
}

int text_template_check(const char *tmpl, int *line, int *col, char *what,
			size_t whatsz)
{
	struct text_field f[sizeof text_template_names / sizeof text_template_names[0]];
	struct where w;
	char *out = NULL;
	size_t i;

	for (i = 0; i < text_template_nnames; i++) {
		f[i].name = text_template_names[i];
		f[i].value = "";
	}
	if (fill(tmpl, f, text_template_nnames, &out, &w) == 0) {
		free(out);
		return 0;
	}
	*line = w.line;
	*col = w.col;
	if (what != NULL && whatsz > 0)
		snprintf(what, whatsz, "%s", w.what);
	return -1;
}
