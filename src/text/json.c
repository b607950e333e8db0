/*
 * json.c: the flat-object JSON parser and the string writer used by
 * export and `temas queue --format json`.
 *
 * Recursive descent over one object.  Decoded keys and values are written
 * into one buffer no longer than the input (escapes only shrink), so a
 * parse is two allocations however many members it has.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "temas/i18n.h"
#include "temas/json.h"
#include "temas/parse.h"

struct jp {
	const char *s;
	size_t len, pos;
	char *out;
	size_t olen;
	char *err;
	size_t errsz;
};

static int jfail(struct jp *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int jfail(struct jp *p, const char *fmt, ...)
{
	va_list ap;
	int k = snprintf(p->err, p->errsz, _("column %zu: "), p->pos + 1);

	if (k < 0 || (size_t)k >= p->errsz)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + k, p->errsz - (size_t)k, fmt, ap);
	va_end(ap);
	return -1;
}

static void skip_ws(struct jp *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
				   p->s[p->pos] == '\r' || p->s[p->pos] == '\n'))
		p->pos++;
}

static int hex4(struct jp *p, unsigned *v)
{
	size_t i;

	*v = 0;
	if (p->pos + 4 > p->len)
		return jfail(p, _("short \\u escape"));
	for (i = 0; i < 4; i++) {
		char c = p->s[p->pos + i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return jfail(p, _("bad \\u escape"));
	}
	p->pos += 4;
	return 0;
}

static void put_utf8(struct jp *p, unsigned long cp)
{
	char *o = p->out + p->olen;

	if (cp < 0x80) {
		o[0] = (char)cp;
		p->olen += 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		p->olen += 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		p->olen += 3;
	} else {
		o[0] = (char)(0xF0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (char)(0x80 | (cp & 0x3F));
		p->olen += 4;
	}
}

/* At an opening quote: decode into out; *at gets the value's offset. */
static int string(struct jp *p, size_t *at)
{
	size_t run, bad;

	p->pos++;
	*at = p->olen;
	for (;;) {
		unsigned char c;

		if (p->pos >= p->len)
			return jfail(p, _("string not closed"));
		c = (unsigned char)p->s[p->pos];
		if (c == '"') {
			p->pos++;
			p->out[p->olen++] = '\0';
			return 0;
		}
		if (c < 0x20)
			return jfail(p, _("control character in a string (use an escape)"));
		if (c == '\\') {
			unsigned v, lo;

			if (p->pos + 1 >= p->len)
				return jfail(p, _("string not closed"));
			p->pos++;
			switch (p->s[p->pos++]) {
			case '"': p->out[p->olen++] = '"'; break;
			case '\\': p->out[p->olen++] = '\\'; break;
			case '/': p->out[p->olen++] = '/'; break;
			case 'b': p->out[p->olen++] = '\b'; break;
			case 'f': p->out[p->olen++] = '\f'; break;
			case 'n': p->out[p->olen++] = '\n'; break;
			case 'r': p->out[p->olen++] = '\r'; break;
			case 't': p->out[p->olen++] = '\t'; break;
			case 'u':
				if (hex4(p, &v))
					return -1;
				if (v >= 0xDC00 && v <= 0xDFFF) {
					p->pos -= 6;
					return jfail(p, _("lone low surrogate in \\u escape"));
				}
				if (v >= 0xD800 && v <= 0xDBFF) {
					if (p->pos + 2 > p->len || p->s[p->pos] != '\\' ||
					    p->s[p->pos + 1] != 'u')
						return jfail(p, _("high surrogate not followed by a low one"));
					p->pos += 2;
					if (hex4(p, &lo))
						return -1;
					if (lo < 0xDC00 || lo > 0xDFFF) {
						p->pos -= 6;
						return jfail(p, _("high surrogate not followed by a low one"));
					}
					put_utf8(p, 0x10000 + ((unsigned long)(v - 0xD800) << 10) +
						    (lo - 0xDC00));
					break;
				}
				if (v == 0) {
					p->pos -= 6;
					return jfail(p, _("\\u0000 is not allowed"));
				}
				put_utf8(p, v);
				break;
			default:
				p->pos--;
				return jfail(p, _("unknown escape"));
			}
			continue;
		}
		/* A run of plain bytes: copy it after checking its UTF-8. */
		run = 0;
		while (p->pos + run < p->len) {
			unsigned char d = (unsigned char)p->s[p->pos + run];

			if (d == '"' || d == '\\' || d < 0x20)
				break;
			run++;
		}
		if (text_utf8_check(p->s + p->pos, run, &bad) != 0) {
			p->pos += bad;
			return jfail(p, _("invalid UTF-8"));
		}
		memcpy(p->out + p->olen, p->s + p->pos, run);
		p->olen += run;
		p->pos += run;
	}
}

static int number(struct jp *p, size_t *at)
{
	size_t b = p->pos;
	const char *s = p->s;

	if (p->pos < p->len && s[p->pos] == '-')
		p->pos++;
	if (p->pos < p->len && s[p->pos] == '0') {
		p->pos++;
	} else if (p->pos < p->len && s[p->pos] >= '1' && s[p->pos] <= '9') {
		while (p->pos < p->len && s[p->pos] >= '0' && s[p->pos] <= '9')
			p->pos++;
	} else {
		return jfail(p, _("bad number"));
	}
	if (p->pos < p->len && s[p->pos] == '.') {
		p->pos++;
		if (p->pos >= p->len || s[p->pos] < '0' || s[p->pos] > '9')
			return jfail(p, _("bad number"));
		while (p->pos < p->len && s[p->pos] >= '0' && s[p->pos] <= '9')
			p->pos++;
	}
	if (p->pos < p->len && (s[p->pos] == 'e' || s[p->pos] == 'E')) {
		p->pos++;
		if (p->pos < p->len && (s[p->pos] == '+' || s[p->pos] == '-'))
			p->pos++;
		if (p->pos >= p->len || s[p->pos] < '0' || s[p->pos] > '9')
			return jfail(p, _("bad number"));
		while (p->pos < p->len && s[p->pos] >= '0' && s[p->pos] <= '9')
			p->pos++;
	}
	*at = p->olen;
	memcpy(p->out + p->olen, s + b, p->pos - b);
	p->olen += p->pos - b;
	p->out[p->olen++] = '\0';
	return 0;
}

static int word(struct jp *p, const char *w)
{
	size_t n = strlen(w);

	if (p->pos + n > p->len || memcmp(p->s + p->pos, w, n) != 0)
		return jfail(p, _("unexpected character"));
	p->pos += n;
	return 0;
}

struct slot { size_t key, value; enum json_type type; };

int json_parse_object(const char *s, size_t len, struct json_object *o,
		      char *err, size_t errsz)
{
	struct jp p = { s, len, 0, NULL, 0, err, errsz };
	struct slot *slots = NULL;
	size_t n = 0, cap = 0, i, j;

	memset(o, 0, sizeof *o);
	p.out = malloc(len + 1);
	if (p.out == NULL) {
		snprintf(err, errsz, _("out of memory"));
		return -1;
	}
	skip_ws(&p);
	if (p.pos >= len || s[p.pos] != '{') {
		jfail(&p, _("expected '{' (one JSON object per line)"));
		goto fail;
	}
	p.pos++;
	skip_ws(&p);
	if (p.pos < len && s[p.pos] == '}') {
		p.pos++;
		goto done;
	}
	for (;;) {
		struct slot sl;
		size_t key_pos;
		char c;

		skip_ws(&p);
		key_pos = p.pos;
		if (p.pos >= len || s[p.pos] != '"') {
			jfail(&p, _("expected a member name in quotes"));
			goto fail;
		}
		if (string(&p, &sl.key))
			goto fail;
		skip_ws(&p);
		if (p.pos >= len || s[p.pos] != ':') {
			jfail(&p, _("expected ':'"));
			goto fail;
		}
		p.pos++;
		skip_ws(&p);
		c = p.pos < len ? s[p.pos] : '\0';
		sl.value = 0;
		if (c == '"') {
			sl.type = JSON_STRING;
			if (string(&p, &sl.value))
				goto fail;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			sl.type = JSON_NUMBER;
			if (number(&p, &sl.value))
				goto fail;
		} else if (c == 't') {
			sl.type = JSON_TRUE;
			if (word(&p, "true"))
				goto fail;
		} else if (c == 'f') {
			sl.type = JSON_FALSE;
			if (word(&p, "false"))
				goto fail;
		} else if (c == 'n') {
			sl.type = JSON_NULL;
			if (word(&p, "null"))
				goto fail;
		} else if (c == '{' || c == '[') {
			jfail(&p, _("nested objects and arrays are not accepted"));
			goto fail;
		} else {
			jfail(&p, p.pos >= len ? _("line ends inside the object")
					       : _("expected a value"));
			goto fail;
		}
		for (i = 0; i < n; i++) {
			if (strcmp(p.out + slots[i].key, p.out + sl.key) == 0) {
				p.pos = key_pos;
				jfail(&p, _("member \"%s\" appears twice"), p.out + sl.key);
				goto fail;
			}
		}
		if (n == cap) {
			struct slot *ns;

			cap = cap ? cap * 2 : 16;
			ns = realloc(slots, cap * sizeof *ns);
			if (ns == NULL) {
				snprintf(err, errsz, _("out of memory"));
				goto fail;
			}
			slots = ns;
		}
		slots[n++] = sl;
		skip_ws(&p);
		if (p.pos < len && s[p.pos] == ',') {
			p.pos++;
			continue;
		}
		if (p.pos < len && s[p.pos] == '}') {
			p.pos++;
			break;
		}
		jfail(&p, p.pos >= len ? _("line ends inside the object")
				       : _("expected ',' or '}'"));
		goto fail;
	}
done:
	skip_ws(&p);
	if (p.pos != len) {
		jfail(&p, _("text after the object"));
		goto fail;
	}
	o->m = calloc(n ? n : 1, sizeof *o->m);
	if (o->m == NULL) {
		snprintf(err, errsz, _("out of memory"));
		goto fail;
	}
	for (j = 0; j < n; j++) {
		o->m[j].key = p.out + slots[j].key;
		o->m[j].type = slots[j].type;
		if (slots[j].type == JSON_STRING || slots[j].type == JSON_NUMBER)
			o->m[j].value = p.out + slots[j].value;
		else if (slots[j].type == JSON_TRUE)
			o->m[j].value = "true";
		else if (slots[j].type == JSON_FALSE)
			o->m[j].value = "false";
	}
	o->n = n;
	o->buf = p.out;
	free(slots);
	return 0;
fail:
	free(slots);
	free(p.out);
	return -1;
}

void json_object_free(struct json_object *o)
{
	free(o->m);
	free(o->buf);
	memset(o, 0, sizeof *o);
}

const struct json_member *json_get(const struct json_object *o, const char *key)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->m[i].key, key) == 0)
			return &o->m[i];
	return NULL;
}

void json_write_string(FILE *f, const char *s)
{
	const unsigned char *p;

	putc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20 || *p == 0x7F)
				fprintf(f, "\\u%04x", *p);
			else
				putc(*p, f);
		}
	}
	putc('"', f);
}
