/*
 * cli.c: what every subcommand shares: error printing in one format.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <string.h>

#include "flow.h"
#include "temas/cli.h"
#include "temas/i18n.h"
#include "temas/macro.h"
#include "temas/store.h"
#include "temas/template.h"

/* Keep one message in h; -1 when there is no memory for it. */
static int held_keep(struct cli_held *h, const char *fmt, va_list ap)
{
	va_list aq;
	size_t need, cap;
	char *p;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return -1;
	need = h->len + (size_t)n + 1;
	if (need > h->cap) {
		cap = h->cap ? h->cap : 256;
		while (cap < need)
			cap *= 2;
		if ((p = realloc(h->text, cap)) == NULL)
			return -1;
		h->text = p;
		h->cap = cap;
	}
	vsnprintf(h->text + h->len, (size_t)n + 1, fmt, ap);
	h->len = need;
	return 0;
}

void cli_held_clear(struct cli_held *h)
{
	h->len = 0;
}

void cli_held_say(const struct cli *c, struct cli_held *h)
{
	size_t at;

	for (at = 0; at < h->len; at += strlen(h->text + at) + 1)
		cli_error(c, "%s", h->text + at);
	free(h->text);
	h->text = NULL;
	h->len = h->cap = 0;
}

void cli_error(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	if (c != NULL && c->held != NULL) {
		va_start(ap, fmt);
		if (held_keep(c->held, fmt, ap) == 0) {
			va_end(ap);
			return;
		}
		va_end(ap);
		/* No memory to keep it: said now rather than lost. */
	}
	if (c != NULL && c->errbuf != NULL && c->errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(c->errbuf, c->errsz, fmt, ap);
		va_end(ap);
		return;
	}
	fprintf(stderr, "%s: ", c && c->prog ? c->prog : "temas");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#ifndef TEMAS_TEMPLATE_SRCDIR
#define TEMAS_TEMPLATE_SRCDIR ""
#endif
#ifndef TEMAS_MACRO_SRCDIR
#define TEMAS_MACRO_SRCDIR ""
#endif

/* The shipped data file `file`: in the directory $env names, else the
 * installed data directory `sub`, else the source tree (so an uninstalled
 * build works).  0 and its path, or -1 when there is none. */
static int find_data(const char *env, const char *sub, const char *srcdir,
		     const char *file, char *path, size_t n)
{
	char installed[4096];
	const char *dirs[3];
	int i;

	snprintf(installed, sizeof installed, "%s/%s", PKGDATADIR, sub);
	dirs[0] = getenv(env);
	dirs[1] = installed;
	dirs[2] = srcdir;
	for (i = 0; i < 3; i++) {
		if (dirs[i] == NULL || *dirs[i] == '\0')
			continue;
		snprintf(path, n, "%s/%s", dirs[i], file);
		if (access(path, R_OK) == 0)
			return 0;
	}
	return -1;
}

/*
 * Load the shipped reply templates into a new database: from
 * $TEMAS_TEMPLATE_DIR, else the installed data directory, else the source
 * tree.  Returns the count loaded, 0 when no template file was found, -1
 * on a bad file (message printed).
 */
int cli_load_default_templates(const struct cli *c, struct store *st)
{
	char path[4096], err[512];
	int n = 0;

	if (find_data("TEMAS_TEMPLATE_DIR", "templates", TEMAS_TEMPLATE_SRCDIR,
		      "default.txt", path, sizeof path) != 0)
		return 0;
	if (store_template_load_file(st, path, &n, err, sizeof err) != 0) {
		cli_error(c, "%s", err);
		return -1;
	}
	return n;
}

int cli_load_default_macros(const struct cli *c, struct store *st)
{
	char path[4096], err[1024], *buf;
	struct macro *ms;
	FILE *f;
	long len;
	int n = 0, rc;

	if (find_data("TEMAS_MACRO_DIR", "macros", TEMAS_MACRO_SRCDIR,
		      "default.macros", path, sizeof path) != 0)
		return 0;
	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    (buf = malloc((size_t)len + 1)) == NULL) {
		cli_error(c, _("%s: cannot read: %s"), path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return -1;
	}
	len = (long)fread(buf, 1, (size_t)len, f);
	fclose(f);
	rc = macro_parse(buf, (size_t)len, path, &ms, &n, err, sizeof err);
	free(buf);
	if (rc != 0) {
		cli_error(c, "%s", err);
		return -1;
	}
	rc = store_macro_save(st, NULL, ms, n, 1, path);
	macro_free_all(ms, n);
	if (rc != STORE_OK) {
		cli_error(c, "%s", store_errmsg(st));
		return -1;
	}
	return n;
}

int cli_need_supervisor(struct cli *c, const char *refusal)
{
	struct agent me;
	int rc;

	if ((rc = cli_whoami(c, NULL, &me)) != EXIT_OK)
		return rc;
	if (me.role != ROLE_SUPERVISOR) {
		cli_error(c, "%s", refusal);
		return EXIT_DENIED;
	}
	return EXIT_OK;
}

int cli_run_sub(struct cli *c, int argc, char **argv, const struct cli_sub *subs,
		size_t n, const char *usage)
{
	size_t i;

	for (i = 0; argc >= 2 && i < n; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(c, argc - 1, argv + 1);
	cli_error(c, "%s", usage);
	return EXIT_USAGE;
}
