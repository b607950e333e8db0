/*
 * macro_file.c: the macro file format (temas-macro(5)): reading it into
 * macros, checking every line, and writing a macro back in the same
 * form.  No database here: what only the store can check (logins,
 * templates) is checked when the macros are saved.
 *
 *   # comment
 *   macro wrong-item
 *   description Wrong item sent: exchange
 *   tag wrong-item
 *   priority high
 *   note Exchange started; courier pick-up booked.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "temas/complaint.h"
#include "temas/i18n.h"
#include "temas/macro.h"
#include "temas/store.h"
#include "temas/tag.h"
#include "temas/text.h"

static const char *const kinds[MACRO_KIND_COUNT] = {
	"status", "priority", "tag", "untag", "assign", "note", "reply",
};
static const char *const priorities[] = { "low", "normal", "high", "urgent" };

const char *macro_kind_name(enum macro_kind k)
{
	return k >= 0 && k < MACRO_KIND_COUNT ? kinds[k] : "?";
}

void macro_free(struct macro *m)
{
	int i;

	if (m == NULL)
		return;
	for (i = 0; m->acts != NULL && i < m->nacts; i++) {
		free(m->acts[i].arg);
		free(m->acts[i].text);
	}
	free(m->acts);
	free(m->name);
	free(m->description);
	memset(m, 0, sizeof *m);
}

void macro_free_all(struct macro *ms, int n)
{
	int i;

	for (i = 0; ms != NULL && i < n; i++)
		macro_free(&ms[i]);
	free(ms);
}

struct parse {
	const char *file;
	int line;
	char *err;
	size_t errsz;
	struct macro *ms;
	int n, cap;
};

static int bad(struct parse *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct parse *p, int line, const char *fmt, ...)
{
	va_list ap;
	int k = snprintf(p->err, p->errsz, "%s:%d: ", p->file, line);

	if (k < 0 || (size_t)k >= p->errsz)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + k, p->errsz - (size_t)k, fmt, ap);
	va_end(ap);
	return -1;
}

static int blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* One word: no blank inside. */
static int one_word(const char *s)
{
	for (; *s; s++)
		if (blank(*s))
			return 0;
	return 1;
}

int macro_name_check(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (s == NULL || *s == '\0' || *s == '-' || !one_word(s) ||
	    !text_validate_utf8(s, strlen(s)))
		return -1;
	for (; *u; u++)
		if (*u < 0x20 || *u == 0x7f)
			return -1;
	return 0;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static int add_action(struct parse *p, enum macro_kind k, const char *arg,
		      const char *text)
{
	struct macro *m = &p->ms[p->n - 1];
	struct macro_action *a;

	if ((a = realloc(m->acts, sizeof *a * (size_t)(m->nacts + 1))) == NULL)
		return bad(p, p->line, "%s", _("out of memory"));
	m->acts = a;
	a = &m->acts[m->nacts];
	memset(a, 0, sizeof *a);
	a->kind = k;
	a->line = p->line;
	if ((arg != NULL && (a->arg = strdup(arg)) == NULL) ||
	    (text != NULL && (a->text = strdup(text)) == NULL)) {
		free(a->arg);
		return bad(p, p->line, "%s", _("out of memory"));
	}
	m->nacts++;
	return 0;
}

static int end_macro(struct parse *p)
{
	if (p->n > 0 && p->ms[p->n - 1].nacts == 0)
		return bad(p, p->ms[p->n - 1].line, _("macro '%s' has no actions"),
			   p->ms[p->n - 1].name);
	return 0;
}

static int start_macro(struct parse *p, const char *name)
{
	struct macro *m;
	int i;

	if (*name == '\0')
		return bad(p, p->line, "%s", _("'macro' needs a name"));
	if (macro_name_check(name) != 0)
		return bad(p, p->line,
			   _("'%s' is not a macro name (one word, no control character, not starting with '-')"),
			   name);
	for (i = 0; i < p->n; i++)
		if (strcmp(p->ms[i].name, name) == 0)
			return bad(p, p->line,
				   _("macro '%s' is defined twice (first on line %d)"),
				   name, p->ms[i].line);
	if (end_macro(p) != 0)
		return -1;
	if (p->n == p->cap) {
		int cap = p->cap ? p->cap * 2 : 8;

		if ((m = realloc(p->ms, sizeof *m * (size_t)cap)) == NULL)
			return bad(p, p->line, "%s", _("out of memory"));
		p->ms = m;
		p->cap = cap;
	}
	m = &p->ms[p->n];
	memset(m, 0, sizeof *m);
	m->line = p->line;
	if ((m->name = strdup(name)) == NULL || (m->description = strdup("")) == NULL) {
		free(m->name);
		return bad(p, p->line, "%s", _("out of memory"));
	}
	p->n++;
	return 0;
}

static int status_line(struct parse *p, const char *rest)
{
	enum complaint_status to;
	size_t w = 0;
	char *state;
	const char *note;
	int rc;

	while (rest[w] && !blank(rest[w]))
		w++;
	note = rest + w;
	while (blank(*note))
		note++;
	if ((state = dup_n(rest, w)) == NULL)
		return bad(p, p->line, "%s", _("out of memory"));
	if (store_status_parse(state, &to) != STORE_OK) {
		rc = bad(p, p->line,
			 _("'%s' is not a state (new, open, pending, escalated, resolved, closed)"),
			 state);
	} else if (to == ST_RESOLVED && *note == '\0') {
		rc = bad(p, p->line, "%s",
			 _("'status resolved' needs the resolution note after it"));
	} else if (to != ST_RESOLVED && *note != '\0') {
		rc = bad(p, p->line,
			 _("only 'status resolved' takes a note; write the note on a 'note' line"));
	} else {
		rc = add_action(p, MACRO_STATUS, state, *note ? note : NULL);
	}
	free(state);
	return rc;
}

static int action_line(struct parse *p, enum macro_kind k, const char *rest)
{
	const char *why;
	size_t i;

	if (k == MACRO_STATUS)
		return status_line(p, rest);
	if (k == MACRO_NOTE)
		return add_action(p, k, NULL, rest);
	if (!one_word(rest))
		return bad(p, p->line, _("'%s' takes one word, not '%s'"),
			   kinds[k], rest);
	switch (k) {
	case MACRO_PRIORITY:
		for (i = 0; i < sizeof priorities / sizeof priorities[0]; i++)
			if (strcmp(rest, priorities[i]) == 0)
				break;
		if (i == sizeof priorities / sizeof priorities[0])
			return bad(p, p->line,
				   _("'%s' is not a priority (low, normal, high, urgent)"),
				   rest);
		break;
	case MACRO_TAG:
	case MACRO_UNTAG:
		if (text_tag_check(rest, &why) != 0)
			return bad(p, p->line, _("bad tag '%s': %s"), rest, why);
		break;
	default:
		break;
	}
	return add_action(p, k, rest, NULL);
}

/* One line, its blanks at both ends taken off; NUL-terminated. */
static int one_line(struct parse *p, char *s)
{
	char *rest, *end = s + strlen(s);
	const unsigned char *u;
	int k;

	while (end > s && (blank(end[-1]) || end[-1] == '\r'))
		*--end = '\0';
	while (blank(*s))
		s++;
	if (*s == '\0' || *s == '#')
		return 0;
	if (!text_validate_utf8(s, strlen(s)))
		return bad(p, p->line, "%s", _("the line is not UTF-8 text"));
	for (u = (const unsigned char *)s; *u; u++)
		if ((*u < 0x20 && *u != '\t') || *u == 0x7f)
			return bad(p, p->line, _("control character 0x%02x in the line"), *u);
	for (rest = s; *rest && !blank(*rest); rest++)
		;
	if (*rest != '\0') {
		*rest++ = '\0';
		while (blank(*rest))
			rest++;
	}
	if (strcmp(s, "macro") == 0)
		return start_macro(p, rest);
	for (k = 0; k < MACRO_KIND_COUNT; k++)
		if (strcmp(s, kinds[k]) == 0)
			break;
	if (k == MACRO_KIND_COUNT && strcmp(s, "description") != 0)
		return bad(p, p->line,
			   _("unknown word '%s'; a line starts with macro, description, status, priority, tag, untag, assign, note or reply"),
			   s);
	if (p->n == 0)
		return bad(p, p->line, _("'%s' before any 'macro NAME' line"), s);
	if (*rest == '\0')
		return bad(p, p->line, _("'%s' needs a value"), s);
	if (k == MACRO_KIND_COUNT) {
		struct macro *m = &p->ms[p->n - 1];

		if (m->description[0] != '\0')
			return bad(p, p->line, _("macro '%s' has a description already"),
				   m->name);
		free(m->description);
		if ((m->description = strdup(rest)) == NULL)
			return bad(p, p->line, "%s", _("out of memory"));
		return 0;
	}
	return action_line(p, (enum macro_kind)k, rest);
}

int macro_parse(const char *buf, size_t len, const char *file,
		struct macro **out, int *n, char *err, size_t errsz)
{
	struct parse p = { file, 0, err, errsz, NULL, 0, 0 };
	size_t at = 0, e;
	char *line;
	int rc = 0;

	*out = NULL;
	*n = 0;
	err[0] = '\0';
	if (memchr(buf, '\0', len) != NULL) {
		p.line = 1;
		for (e = 0; buf[e] != '\0'; e++)
			p.line += buf[e] == '\n';
		rc = bad(&p, p.line, "%s", _("a NUL byte: this is not a text file"));
	}
	while (rc == 0 && at < len) {
		for (e = at; e < len && buf[e] != '\n'; e++)
			;
		p.line++;
		if ((line = dup_n(buf + at, e - at)) == NULL)
			rc = bad(&p, p.line, "%s", _("out of memory"));
		else
			rc = one_line(&p, line);
		free(line);
		at = e + 1;
	}
	if (rc == 0)
		rc = end_macro(&p);
	if (rc == 0 && p.n == 0)
		rc = bad(&p, p.line > 0 ? p.line : 1, "%s",
			 _("no macro in the file (a macro starts with a 'macro NAME' line)"));
	if (rc != 0) {
		macro_free_all(p.ms, p.n);
		return -1;
	}
	*out = p.ms;
	*n = p.n;
	return 0;
}

/* ---- writing ---- */

struct buf {
	char *s;
	size_t len, cap;
	int oom;
};

static void put(struct buf *b, const char *a, const char *c, const char *d)
{
	const char *parts[3] = { a, c, d };
	size_t need = 0;
	int i;

	for (i = 0; i < 3; i++)
		need += parts[i] ? strlen(parts[i]) : 0;
	if (b->oom)
		return;
	if (b->len + need + 1 > b->cap) {
		size_t cap = (b->len + need + 1) * 2;
		char *s = realloc(b->s, cap);

		if (s == NULL) {
			b->oom = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	for (i = 0; i < 3; i++) {
		if (parts[i] == NULL)
			continue;
		memcpy(b->s + b->len, parts[i], strlen(parts[i]));
		b->len += strlen(parts[i]);
	}
	b->s[b->len] = '\0';
}

int macro_format(const struct macro *m, char **out)
{
	struct buf b = { NULL, 0, 0, 0 };
	int i;

	put(&b, "macro ", m->name, "\n");
	if (m->description != NULL && m->description[0] != '\0')
		put(&b, "description ", m->description, "\n");
	for (i = 0; i < m->nacts; i++) {
		const struct macro_action *a = &m->acts[i];

		put(&b, macro_kind_name(a->kind), " ", a->arg ? a->arg : a->text);
		if (a->arg != NULL && a->text != NULL)
			put(&b, " ", a->text, NULL);
		put(&b, "\n", NULL, NULL);
	}
	if (b.oom) {
		free(b.s);
		*out = NULL;
		return -1;
	}
	*out = b.s;
	return 0;
}
