/*
 * config.c: the configuration file parser (see temas/config.h).
 *
 * Pure text work: no curses, no database.  A file is parsed into a copy of
 * the configuration and swapped in only when every line is good, so a
 * broken file changes nothing and its first bad line is named in the
 * message.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "temas/config.h"
#include "temas/i18n.h"
#include "temas/mail.h"
#include "temas/parse.h"
#include "temas/path.h"

enum { KEY_DATABASE, KEY_THEME, KEY_DATE_FORMAT, KEY_CHURN_DAYS,
       KEY_SENDMAIL, KEY_FROM, KEY_GIVE_UP_HOURS, KEY_ATTACHMENT_MAX_KB,
       KEY_CSAT, KEY_CSAT_DELAY, KEY_CSAT_TEMPLATE, NKEYS };

static const char *const key_names[NKEYS] = {
	"database", "theme", "date_format", "churn_days",
	"sendmail", "from", "give_up_hours", "attachment_max_kb",
	"csat", "csat_delay", "csat_template",
};

struct config_bind {
	char *key;
	char *action;
	char *file;             /* where it was read, for the program's messages */
	long line;
};

struct config {
	char *values[NKEYS];
	struct config_bind *binds;
	size_t nbinds, cap;
};

/* Longest date the screen is asked to hold; a format beyond it is a typo. */
#define DATE_MAX 64
#define CHURN_DAYS_MAX 36500

struct config *config_new(void)
{
	return calloc(1, sizeof(struct config));
}

static void config_clear(struct config *cfg)
{
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		free(cfg->values[i]);
		cfg->values[i] = NULL;
	}
	for (i = 0; i < cfg->nbinds; i++) {
		free(cfg->binds[i].key);
		free(cfg->binds[i].action);
		free(cfg->binds[i].file);
	}
	free(cfg->binds);
	cfg->binds = NULL;
	cfg->nbinds = cfg->cap = 0;
}

void config_free(struct config *cfg)
{
	if (cfg == NULL)
		return;
	config_clear(cfg);
	free(cfg);
}

static int set_value(struct config *cfg, int key, const char *v)
{
	char *copy = strdup(v);

	if (copy == NULL)
		return CONFIG_NOMEM;
	free(cfg->values[key]);
	cfg->values[key] = copy;
	return CONFIG_OK;
}

static int add_binding(struct config *cfg, const char *key, const char *action,
		       const char *file, long line)
{
	char *k = NULL, *a, *f;
	size_t i;

	a = strdup(action);
	f = strdup(file);
	if (a == NULL || f == NULL)
		goto nomem;
	for (i = 0; i < cfg->nbinds; i++) {
		if (strcmp(cfg->binds[i].key, key) == 0) {
			free(cfg->binds[i].action);
			free(cfg->binds[i].file);
			cfg->binds[i].action = a;
			cfg->binds[i].file = f;
			cfg->binds[i].line = line;
			return CONFIG_OK;
		}
	}
	if (cfg->nbinds == cfg->cap) {
		size_t cap = cfg->cap ? cfg->cap * 2 : 16;
		struct config_bind *b = realloc(cfg->binds, cap * sizeof *b);

		if (b == NULL)
			goto nomem;
		cfg->binds = b;
		cfg->cap = cap;
	}
	k = strdup(key);
	if (k == NULL)
		goto nomem;
	cfg->binds[cfg->nbinds].key = k;
	cfg->binds[cfg->nbinds].action = a;
	cfg->binds[cfg->nbinds].file = f;
	cfg->binds[cfg->nbinds].line = line;
	cfg->nbinds++;
	return CONFIG_OK;
nomem:
	free(a);
	free(f);
	return CONFIG_NOMEM;
}

static int config_copy(struct config *dst, const struct config *src)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (src->values[i] && set_value(dst, (int)i, src->values[i]) != CONFIG_OK)
			return CONFIG_NOMEM;
	for (i = 0; i < src->nbinds; i++)
		if (add_binding(dst, src->binds[i].key, src->binds[i].action,
				src->binds[i].file, src->binds[i].line) != CONFIG_OK)
			return CONFIG_NOMEM;
	return CONFIG_OK;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/*
 * Check a strftime format: every conversion must be one the C library
 * knows, and the result must fit on one screen line.  Writes the problem
 * into why.
 */
static int check_date_format(const char *fmt, char *why, size_t n)
{
	static const char convs[] = "aAbBcCdDeFgGhHIjklmMpPrRsStTuUVwWxXyYzZ%";
	const char *p;
	char out[DATE_MAX * 2];
	struct tm tm = { .tm_year = 126, .tm_mon = 8, .tm_mday = 30,
			 .tm_hour = 23, .tm_min = 59, .tm_sec = 59,
			 .tm_wday = 3, .tm_yday = 272 };

	if (*fmt == '\0') {
		snprintf(why, n, "%s", _("empty format"));
		return CONFIG_ERROR;
	}
	for (p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		while (*p && strchr("_-0^#", *p))
			p++;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == 'E' || *p == 'O')
			p++;
		if (*p == '\0') {
			snprintf(why, n, _("format ends with a lone '%%'"));
			return CONFIG_ERROR;
		}
		if (*p == 'n' || *p == 't') {
			snprintf(why, n, _("'%%%c' puts a line break or tab in a screen line"), *p);
			return CONFIG_ERROR;
		}
		if (strchr(convs, *p) == NULL) {
			if ((unsigned char)*p < 0x80)
				snprintf(why, n, _("unknown conversion '%%%c'"), *p);
			else
				snprintf(why, n, _("unknown conversion after '%%'"));
			return CONFIG_ERROR;
		}
	}
	/* The format is the user's by design; its conversions were checked above. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (strftime(out, sizeof out, fmt, &tm) == 0 || strlen(out) > DATE_MAX) {
#pragma GCC diagnostic pop
		snprintf(why, n, _("a date is longer than %d bytes in this format"),
			 DATE_MAX);
		return CONFIG_ERROR;
	}
	return CONFIG_OK;
}

static int check_churn_days(const char *v)
{
	char *end;
	long d;

	if (!isdigit((unsigned char)*v))
		return CONFIG_ERROR;
	errno = 0;
	d = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || d < 1 || d > CHURN_DAYS_MAX)
		return CONFIG_ERROR;
	return CONFIG_OK;
}

/* Split "KEY COMMAND..." (already after "bind"): a key, then a command
 * line of the console, checked against its command table by the
 * program (the configuration knows no commands). */
static int split_binding(char *rest, char **key, char **action)
{
	char *p = trim(rest);

	*key = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (*p == '\0' || p == *key)
		return CONFIG_ERROR;
	*p++ = '\0';
	*action = trim(p);
	return **action == '\0' ? CONFIG_ERROR : CONFIG_OK;
}

static int parse_line(struct config *cfg, char *line, const char *name,
		      long lineno, char *why, size_t n)
{
	char *s = trim(line), *eq, *key, *val, *bkey, *bact;
	size_t len;
	int k;

	if (*s == '\0' || *s == '#')
		return CONFIG_OK;
	for (key = s; *key; key++) {
		if ((unsigned char)*key < 0x20 && *key != '\t') {
			snprintf(why, n, "%s", _("control character in line"));
			return CONFIG_ERROR;
		}
	}
	if (strncmp(s, "bind", 4) == 0 && (s[4] == ' ' || s[4] == '\t')) {
		if (split_binding(s + 4, &bkey, &bact) != CONFIG_OK) {
			snprintf(why, n, "%s", _("expected 'bind KEY COMMAND'"));
			return CONFIG_ERROR;
		}
		return add_binding(cfg, bkey, bact, name, lineno);
	}
	eq = strchr(s, '=');
	if (eq == NULL) {
		snprintf(why, n, "%s", _("expected 'key = value'"));
		return CONFIG_ERROR;
	}
	*eq = '\0';
	key = trim(s);
	val = trim(eq + 1);
	if (*key == '\0') {
		snprintf(why, n, "%s", _("expected 'key = value'"));
		return CONFIG_ERROR;
	}
	for (k = 0; k < NKEYS; k++)
		if (strcmp(key, key_names[k]) == 0)
			break;
	if (k == NKEYS) {
		snprintf(why, n, _("unknown key '%.64s'"), key);
		return CONFIG_ERROR;
	}
	/* Quotes keep leading or trailing spaces, e.g. in a date format. */
	len = strlen(val);
	if (len >= 2 && val[0] == '"' && val[len - 1] == '"') {
		val[len - 1] = '\0';
		val++;
	}
	if (*val == '\0') {
		snprintf(why, n, _("%s: missing value"), key);
		return CONFIG_ERROR;
	}
	if (k == KEY_DATE_FORMAT) {
		char detail[256];

		if (check_date_format(val, detail, sizeof detail) != CONFIG_OK) {
			snprintf(why, n, "date_format: %s", detail);
			return CONFIG_ERROR;
		}
	} else if (k == KEY_FROM) {
		char *fname, *faddr;

		if (mail_address_split(val, &fname, &faddr) != 0) {
			snprintf(why, n, "%s", _("from: expected an address such as "
						 "Destek <destek@example.com.tr>"));
			return CONFIG_ERROR;
		}
		free(fname);
		free(faddr);
	} else if (k == KEY_GIVE_UP_HOURS || k == KEY_ATTACHMENT_MAX_KB) {
		char *end;
		long h = strtol(val, &end, 10);

		if (k == KEY_ATTACHMENT_MAX_KB && (*end != '\0' || h < 0 || h > 10240)) {
			snprintf(why, n, "%s", _("attachment_max_kb: expected a whole number of "
						 "kilobytes from 0 to 10240"));
			return CONFIG_ERROR;
		}
		if (k == KEY_GIVE_UP_HOURS && (*end != '\0' || h < 1 || h > 8760)) {
			snprintf(why, n, "%s", _("give_up_hours: expected a whole number of "
						 "hours from 1 to 8760"));
			return CONFIG_ERROR;
		}
	} else if (k == KEY_SENDMAIL && val[0] != '/') {
		snprintf(why, n, "%s", _("sendmail: expected an absolute path to the "
					 "program, then its arguments"));
		return CONFIG_ERROR;
	} else if (k == KEY_CSAT && strcmp(val, "on") != 0 && strcmp(val, "off") != 0) {
		snprintf(why, n, "%s", _("csat: expected on or off"));
		return CONFIG_ERROR;
	} else if (k == KEY_CSAT_DELAY) {
		long long secs;
		const char *what;

		if (text_parse_duration(val, &secs, &what) != 0) {
			snprintf(why, n, "csat_delay: %s", what);
			return CONFIG_ERROR;
		}
	} else if (k == KEY_CSAT_TEMPLATE &&
		   (strlen(val) >= 64 || strspn(val, "abcdefghijklmnopqrstuvwxyz0123456789_-.") !=
		    strlen(val))) {
		snprintf(why, n, "%s", _("csat_template: expected a template name (a-z, 0-9, _ - .)"));
		return CONFIG_ERROR;
	} else if (k == KEY_CHURN_DAYS && check_churn_days(val) != CONFIG_OK) {
		snprintf(why, n, _("churn_days: expected a whole number of days from 1 to %d"),
			 CHURN_DAYS_MAX);
		return CONFIG_ERROR;
	}
	return set_value(cfg, k, val);
}

int config_parse(struct config *cfg, const char *name, const char *text,
		 char *err, size_t errsz)
{
	struct config tmp = { 0 };
	const char *p = text, *nl;
	char *line = NULL, why[512];
	size_t cap = 0, len;
	long lineno = 0;
	int rc = CONFIG_OK;

	if (err && errsz)
		err[0] = '\0';
	if (config_copy(&tmp, cfg) != CONFIG_OK) {
		rc = CONFIG_NOMEM;
		goto out;
	}
	while (*p) {
		lineno++;
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		if (len + 1 > cap) {
			char *bigger = realloc(line, len + 1);

			if (bigger == NULL) {
				rc = CONFIG_NOMEM;
				goto out;
			}
			line = bigger;
			cap = len + 1;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[len - 1] = '\0';
		why[0] = '\0';
		rc = parse_line(&tmp, line, name, lineno, why, sizeof why);
		if (rc != CONFIG_OK)
			break;
		p = nl ? nl + 1 : p + len;
	}
	if (rc == CONFIG_ERROR && err && errsz)
		snprintf(err, errsz, "%s:%ld: %s", name, lineno, why);
out:
	if (rc == CONFIG_NOMEM && err && errsz)
		snprintf(err, errsz, _("%s: out of memory"), name);
	if (rc == CONFIG_OK) {
		struct config old = *cfg;

		*cfg = tmp;
		tmp = old;
	}
	config_clear(&tmp);
	free(line);
	return rc;
}

int config_load_file(struct config *cfg, const char *path, char *err,
		     size_t errsz)
{
	FILE *f;
	char *text = NULL;
	size_t len = 0, cap = 0, got;
	int rc;

	f = text_path_open_read(path, err, errsz);
	if (f == NULL) {
		if (errno == ENOENT || errno == ENOTDIR) {
			err[0] = '\0';
			return CONFIG_OK;
		}
		return CONFIG_ERROR;
	}
	for (;;) {
		if (cap - len < 4096) {
			char *bigger;

			cap = cap ? cap * 2 : 8192;
			bigger = realloc(text, cap);
			if (bigger == NULL) {
				free(text);
				fclose(f);
				snprintf(err, errsz, _("%s: out of memory"), path);
				return CONFIG_NOMEM;
			}
			text = bigger;
		}
		got = fread(text + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errsz, _("%s: cannot read: %s"), path, strerror(errno));
		free(text);
		fclose(f);
		return CONFIG_ERROR;
	}
	fclose(f);
	text[len] = '\0';
	if (memchr(text, '\0', len) != NULL) {
		snprintf(err, errsz, _("%s: not a text file"), path);
		free(text);
		return CONFIG_ERROR;
	}
	rc = config_parse(cfg, path, text, err, errsz);
	free(text);
	return rc;
}

int config_user_path(char *buf, size_t n)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	int w;

	/* The XDG rules say a relative $XDG_CONFIG_HOME is to be ignored. */
	if (xdg && *xdg == '/')
		w = snprintf(buf, n, "%s/temas/config", xdg);
	else if (home && *home)
		w = snprintf(buf, n, "%s/.config/temas/config", home);
	else
		return CONFIG_ERROR;
	return (w < 0 || (size_t)w >= n) ? CONFIG_ERROR : CONFIG_OK;
}

int config_load_default(struct config *cfg, const char *sysconfdir, char *err,
			size_t errsz)
{
	char path[4096];
	int rc, w;

	if (sysconfdir && *sysconfdir) {
		w = snprintf(path, sizeof path, "%s/temas/config", sysconfdir);
		if (w > 0 && (size_t)w < sizeof path) {
			rc = config_load_file(cfg, path, err, errsz);
			if (rc != CONFIG_OK)
				return rc;
		}
	}
	if (config_user_path(path, sizeof path) != CONFIG_OK)
		return CONFIG_OK;
	return config_load_file(cfg, path, err, errsz);
}

const char *config_get(const struct config *cfg, const char *key)
{
	int k;

	if (cfg == NULL || key == NULL)
		return NULL;
	for (k = 0; k < NKEYS; k++)
		if (strcmp(key, key_names[k]) == 0)
			return cfg->values[k];
	return NULL;
}

size_t config_binding_count(const struct config *cfg)
{
	return cfg ? cfg->nbinds : 0;
}

int config_binding(const struct config *cfg, size_t i, const char **key,
		   const char **action)
{
	if (cfg == NULL || i >= cfg->nbinds)
		return CONFIG_ERROR;
	*key = cfg->binds[i].key;
	*action = cfg->binds[i].action;
	return CONFIG_OK;
}

int config_binding_origin(const struct config *cfg, size_t i,
			  const char **file, long *line)
{
	if (cfg == NULL || i >= cfg->nbinds)
		return CONFIG_ERROR;
	*file = cfg->binds[i].file;
	*line = cfg->binds[i].line;
	return CONFIG_OK;
}
