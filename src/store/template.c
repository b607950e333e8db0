/*
 * template.c: reply templates in the database, the file they are loaded
 * from, and filling one in for a complaint.
 *
 * The file format is meant to be edited by a team lead with any editor:
 *
 *   # comment lines before the first template
 *   === apology web tr
 *   Subject: Şikayetiniz hakkında
 *   Sayın {customer.name},
 *   ...
 *
 * A block runs to the next "===" line; blank lines around a body are
 * dropped.  A file is loaded all or nothing, and a bad one is reported as
 * FILE:LINE: problem.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/complaint.h"
#include "temas/customer.h"
#include "temas/i18n.h"
#include "temas/parse.h"
#include "temas/path.h"
#include "temas/template.h"
#include "temas/text.h"

#define TEMPLATE_FILE_MAX (1024 * 1024)

static const char sql_upsert[] =
	"INSERT INTO templates(name, channel, lang, subject, body)"
	" VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(name, channel, lang)"
	" DO UPDATE SET subject=excluded.subject, body=excluded.body";
static const char sql_channel[] = "SELECT 1 FROM channels WHERE code=?1";
static const char sql_list[] =
	"SELECT id, name, channel, lang, subject, body FROM templates"
	" WHERE ?1 IS NULL OR channel=?1 ORDER BY name, channel, lang";
static const char sql_find[] =
	"SELECT id, name, channel, lang, subject, body FROM templates"
	" WHERE name=?1 AND channel=?2"
	/* The customer's language, its primary subtag (pt for pt-BR), then
	 * the team's (Turkish), then English. */
	" ORDER BY lang=?3 DESC, lang=substr(?3, 1, instr(?3 || '-', '-') - 1) DESC,"
	" lang='tr' DESC, lang='en' DESC, lang LIMIT 1";
static const char sql_order[] =
	"SELECT number, total, currency, placed_at FROM orders WHERE id=?1";

void template_row_clear(struct template_row *t)
{
	free(t->body);
	t->body = NULL;
}

struct tdef {
	char name[64], channel[16], lang[36];
	char *subject;          /* NULL: none; whole, however long */
	char *body;
	int line;
};

struct load_ctx {
	struct tdef *defs;
	int n;
};

static int name_ok(const char *s, size_t max, const char *extra)
{
	size_t n = strlen(s);

	if (n == 0 || n >= max)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      strchr(extra, *s)))
			return 0;
	return 1;
}

/* Well-formed UTF-8 with no control characters but tab and line ends. */
static int utf8_ok(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == 0x7f ||
		    (s[i] < 0x20 && s[i] != '\n' && s[i] != '\t' && s[i] != '\r'))
			return 0;
	return text_validate_utf8((const char *)s, n);
}

static int channel_exists(struct store *st, const char *code, int *yes)
{
	sqlite3_stmt *s = store_stmt(st, sql_channel);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	*yes = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read channels"));
	return STORE_OK;
}

static void free_defs(struct load_ctx *c)
{
	int i;

	for (i = 0; i < c->n; i++) {
		free(c->defs[i].subject);
		free(c->defs[i].body);
	}
	free(c->defs);
	c->defs = NULL;
	c->n = 0;
}

/* Close the block being read: trim blank lines, check the body. */
static int finish_def(struct tdef *d, const char *path, char *err, size_t errsz,
		      int body_line)
{
	char *b = d->body ? d->body : NULL;
	size_t len;
	int line, col, skipped = 0;
	char what[200];

	if (b != NULL) {
		char *start = b;

		while (*start == '\n') {
			start++;
			skipped++;
		}
		len = strlen(start);
		while (len > 0 && (start[len - 1] == '\n' || start[len - 1] == ' '))
			len--;
		memmove(b, start, len);
		b[len] = '\0';
	}
	if (b == NULL || *b == '\0') {
		snprintf(err, errsz, _("%s:%d: template '%s' has an empty body"),
			 path, d->line, d->name);
		return STORE_INVALID;
	}
	if (text_template_check(b, &line, &col, what, sizeof what) != 0) {
		snprintf(err, errsz, _("%s:%d: column %d: %s"), path,
			 body_line + skipped + line - 1, col, what);
		return STORE_INVALID;
	}
	return STORE_OK;
}

static int append_line(struct tdef *d, const char *s, size_t n)
{
	size_t old = d->body ? strlen(d->body) : 0;
	char *p = realloc(d->body, old + n + 2);

	if (p == NULL)
		return -1;
	memcpy(p + old, s, n);
	p[old + n] = '\n';
	p[old + n + 1] = '\0';
	d->body = p;
	return 0;
}

static int parse_file(struct store *st, const char *path, char *text,
		      struct load_ctx *c, char *err, size_t errsz)
{
	char *line = text, *next;
	int lineno = 0, cap = 0, body_line = 0, rc, i;
	struct tdef *cur = NULL;

	for (; line != NULL && *line != '\0'; line = next) {
		size_t n;

		lineno++;
		next = strchr(line, '\n');
		n = next ? (size_t)(next - line) : strlen(line);
		if (next)
			*next++ = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (strncmp(line, "===", 3) == 0) {
			char f[4][300];
			int k;

			if (cur != NULL &&
			    (rc = finish_def(cur, path, err, errsz, body_line)) != STORE_OK)
				return rc;
			k = sscanf(line + 3, "%299s %299s %299s %299s", f[0], f[1], f[2], f[3]);
			if (k != 3) {
				snprintf(err, errsz,
					 _("%s:%d: expected '=== NAME CHANNEL LANG'"),
					 path, lineno);
				return STORE_INVALID;
			}
			if (!name_ok(f[0], 64, "_-.")) {
				snprintf(err, errsz,
					 _("%s:%d: field 'name': '%.64s' is not a-z, 0-9, '_', '-', '.'"),
					 path, lineno, f[0]);
				return STORE_INVALID;
			}
			k = 0;
			if (name_ok(f[1], 16, "") &&
			    channel_exists(st, f[1], &k) != STORE_OK)
				return STORE_ERROR;
			if (!k) {
				snprintf(err, errsz,
					 _("%s:%d: field 'channel': unknown channel '%.32s'"),
					 path, lineno, f[1]);
				return STORE_INVALID;
			}
			if (!text_lang_tag_valid(f[2])) {
				snprintf(err, errsz,
					 _("%s:%d: field 'lang': '%.40s' is not a language tag (BCP 47: tr, en, pt-BR)"),
					 path, lineno, f[2]);
				return STORE_INVALID;
			}
			for (i = 0; i < c->n; i++) {
				if (strcmp(c->defs[i].name, f[0]) == 0 &&
				    strcmp(c->defs[i].channel, f[1]) == 0 &&
				    strcmp(c->defs[i].lang, f[2]) == 0) {
					snprintf(err, errsz,
						 _("%s:%d: template '%s %s %s' already defined on line %d"),
						 path, lineno, f[0], f[1], f[2],
						 c->defs[i].line);
					return STORE_INVALID;
				}
			}
			if (c->n == cap) {
				struct tdef *p;

				cap = cap ? cap * 2 : 16;
				p = realloc(c->defs, sizeof *p * (size_t)cap);
				if (p == NULL)
					return store_fail(st, _("out of memory"));
				c->defs = p;
			}
			cur = &c->defs[c->n++];
			memset(cur, 0, sizeof *cur);
			/* Lengths were checked by name_ok. */
			memcpy(cur->name, f[0], strlen(f[0]) + 1);
			memcpy(cur->channel, f[1], strlen(f[1]) + 1);
			memcpy(cur->lang, f[2], strlen(f[2]) + 1);
			cur->line = lineno;
			body_line = lineno + 1;
			if (next != NULL && strncmp(next, "Subject:", 8) == 0) {
				char *e = strchr(next, '\n');
				size_t sl = e ? (size_t)(e - next) : strlen(next);
				const char *v = next + 8;

				while (*v == ' ')
					v++;
				while (sl > 0 && (next[sl - 1] == '\r' || next[sl - 1] == ' '))
					sl--;
				if ((size_t)(v - next) < sl &&
				    (cur->subject = strndup(v, sl - (size_t)(v - next))) == NULL)
					return store_fail(st, _("out of memory"));
				lineno++;
				body_line++;
				next = e ? e + 1 : NULL;
			}
			continue;
		}
		if (cur == NULL) {
			size_t k = 0;

			while (k < n && (line[k] == ' ' || line[k] == '\t'))
				k++;
			if (k == n || line[k] == '#')
				continue;
			snprintf(err, errsz,
				 _("%s:%d: text before the first '=== NAME CHANNEL LANG' line"),
				 path, lineno);
			return STORE_INVALID;
		}
		if (append_line(cur, line, n) != 0)
			return store_fail(st, _("out of memory"));
	}
	if (cur == NULL) {
		snprintf(err, errsz, _("%s: no templates in the file"), path);
		return STORE_INVALID;
	}
	return finish_def(cur, path, err, errsz, body_line);
}

static int do_load(struct store *st, void *vctx)
{
	struct load_ctx *c = vctx;
	int i;

	for (i = 0; i < c->n; i++) {
		sqlite3_stmt *s = store_stmt(st, sql_upsert);

		if (s == NULL)
			return STORE_ERROR;
		sqlite3_bind_text(s, 1, c->defs[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, c->defs[i].channel, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, c->defs[i].lang, -1, SQLITE_STATIC);
		store_bind_text(s, 4, c->defs[i].subject, 1);
		sqlite3_bind_text(s, 5, c->defs[i].body, -1, SQLITE_STATIC);
		if (store_step_done(st, s, _("cannot save a template")) != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

int store_template_load_file(struct store *st, const char *path, int *count,
			     char *err, size_t errsz)
{
	struct load_ctx c = { NULL, 0 };
	FILE *f;
	char *text;
	size_t got;
	int rc;

	if (count)
		*count = 0;
	err[0] = '\0';
	f = text_path_open_read(path, err, errsz);
	if (f == NULL)
		return STORE_NOTFOUND;
	text = malloc(TEMPLATE_FILE_MAX + 1);
	if (text == NULL) {
		fclose(f);
		snprintf(err, errsz, _("%s: out of memory"), path);
		return STORE_ERROR;
	}
	got = fread(text, 1, TEMPLATE_FILE_MAX + 1, f);
	if (ferror(f)) {
		snprintf(err, errsz, _("%s: cannot read: %s"), path, strerror(errno));
		fclose(f);
		free(text);
		return STORE_ERROR;
	}
	fclose(f);
	if (got > TEMPLATE_FILE_MAX) {
		snprintf(err, errsz, _("%s: file is larger than %d bytes"), path,
			 TEMPLATE_FILE_MAX);
		free(text);
		return STORE_INVALID;
	}
	text[got] = '\0';
	if (!utf8_ok((const unsigned char *)text, got)) {
		size_t start = 0, end, lineno = 1;

		/* Name the first bad line so that the file can be fixed. */
		for (;; lineno++, start = end + 1) {
			end = start;
			while (end < got && text[end] != '\n')
				end++;
			if (!utf8_ok((const unsigned char *)text + start, end - start) ||
			    end >= got)
				break;
		}
		snprintf(err, errsz,
			 _("%s:%zu: not UTF-8 text, or control characters in it"),
			 path, lineno);
		free(text);
		return STORE_INVALID;
	}
	rc = parse_file(st, path, text, &c, err, errsz);
	free(text);
	if (rc == STORE_OK) {
		rc = store_tx_run(st, do_load, &c);
		if (rc != STORE_OK)
			snprintf(err, errsz, "%s", store_errmsg(st));
		else if (count)
			*count = c.n;
	} else if (err[0] == '\0') {
		snprintf(err, errsz, "%s", store_errmsg(st));
	}
	free_defs(&c);
	return rc;
}

static void read_row(struct store *st, sqlite3_stmt *s, struct template_row *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(s, 0);
	t->name = store_col_str(st, s, 1);
	store_col_text(s, 2, t->channel, sizeof t->channel);
	t->lang = store_col_str(st, s, 3);
	t->subject = store_col_str(st, s, 4);
	t->body = store_col_strdup(s, 5);
}

void template_rows_free(struct template_row *rows, int n)
{
	while (n > 0)
		template_row_clear(&rows[--n]);
	free(rows);
}

int store_template_list(struct store *st, const char *channel,
			struct template_row **out, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_list);
	struct template_row *rows = NULL;
	int rc = SQLITE_DONE, cap = 0;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, channel, 1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&rows, *n, &cap, sizeof *rows) != STORE_OK)
			break;
		read_row(st, s, &rows[*n]);
		if (rows[*n].body == NULL)
			break;
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW) {
		template_rows_free(rows, *n);
		*n = 0;
		return store_fail(st, "%s", _("out of memory"));
	}
	if (rc != SQLITE_DONE) {
		template_rows_free(rows, *n);
		*n = 0;
		return store_fail_sqlite(st, _("cannot read templates"));
	}
	*out = rows;
	return STORE_OK;
}

int store_template_render(struct store *st, const char *name,
			  long long complaint_id, const struct agent *who,
			  char **out)
{
	return store_template_render_parts(st, name, complaint_id, who, NULL, out);
}

int store_template_render_parts(struct store *st, const char *name,
				long long complaint_id, const struct agent *who,
				char **subject, char **out)
{
	struct complaint c;
	struct customer cu;
	struct template_row t;
	sqlite3_stmt *s;
	char idbuf[24], date[32] = "", total[64] = "", err[300];
	const char *number = "", *fullname;
	int rc, have_order = 0, turkish;

	*out = NULL;
	if (subject != NULL)
		*subject = NULL;
	if ((rc = store_complaint_get(st, complaint_id, &c)) != STORE_OK)
		return rc;
	if ((rc = store_customer_get(st, c.customer_id, &cu)) != STORE_OK)
		return rc;
	turkish = strcmp(text_or(cu.lang), "en") != 0;
	if ((s = store_stmt(st, sql_find)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, c.channel, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, cu.lang, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_row(st, s, &t);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE) {
		store_fail(st, _("no template '%s' for channel %s"), name, c.channel);
		return STORE_NOTFOUND;
	}
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot read templates"));
	if (t.body == NULL)
		return store_fail(st, _("out of memory"));
	if (c.order_id > 0) {
		if ((s = store_stmt(st, sql_order)) == NULL) {
			template_row_clear(&t);
			return STORE_ERROR;
		}
		sqlite3_bind_int64(s, 1, c.order_id);
		if (sqlite3_step(s) == SQLITE_ROW) {
			time_t placed = (time_t)sqlite3_column_int64(s, 3);
			struct tm tm;
			char cur[8];

			number = store_col_str(st, s, 0);
			store_col_text(s, 2, cur, sizeof cur);
			if (text_format_money(sqlite3_column_int64(s, 1), cur,
					      turkish, total, sizeof total) < 0)
				snprintf(total, sizeof total, "%lld %s",
					 sqlite3_column_int64(s, 1), cur);
			if (localtime_r(&placed, &tm) != NULL)
				strftime(date, sizeof date,
					 turkish ? "%d.%m.%Y" : "%Y-%m-%d", &tm);
			have_order = 1;
		}
		sqlite3_reset(s);
	}
	snprintf(idbuf, sizeof idbuf, "%lld", c.id);
	{
		char *both = NULL;

		if (asprintf(&both, "%s %s", text_or(cu.first_name),
			     text_or(cu.last_name)) < 0)
			return store_fail(st, _("out of memory"));
		fullname = store_intern(st, both, strlen(both));
		free(both);
	}
	{
		const struct text_field f[] = {
			{ "agent.name", who ? who->name : NULL },
			{ "complaint.id", idbuf },
			{ "complaint.subject", c.subject },
			{ "customer.first_name", cu.first_name },
			{ "customer.last_name", cu.last_name },
			{ "customer.name", fullname },
			{ "order.date", have_order ? date : NULL },
			{ "order.number", have_order ? number : NULL },
			{ "order.total", have_order ? total : NULL },
		};

		if (text_template_fill(t.body, f, sizeof f / sizeof f[0], out, err,
				       sizeof err) != 0) {
			template_row_clear(&t);
			store_fail(st, _("template '%s' (%s, %s): %s"), name, c.channel,
				   t.lang, err);
			return STORE_INVALID;
		}
		if (subject != NULL && t.subject != NULL && *t.subject != '\0' &&
		    text_template_fill(t.subject, f, sizeof f / sizeof f[0], subject, err,
				       sizeof err) != 0) {
			free(*out);
			*out = NULL;
			template_row_clear(&t);
			store_fail(st, _("template '%s' (%s, %s): %s"), name, c.channel,
				   t.lang, err);
			return STORE_INVALID;
		}
	}
	template_row_clear(&t);
	return STORE_OK;
}
