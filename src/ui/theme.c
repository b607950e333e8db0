/*
 * theme.c: colour themes in one small syntax, one file per theme.
 *
 *     # comment
 *     selected = fg=black,bg=cyan,bold
 *     breached = fg=brightred,bold
 *
 * Colours are the eight names (black red green yellow blue magenta cyan
 * white), their bright variants (brightred...), colourN / colorN for
 * 0-255, and default.  Attributes: bold dim underline reverse italic
 * (italics) blink none.
 * A theme only says what it changes; the built-in default fills the rest.
 * A bad line names the file and line and the whole theme falls back to
 * the default, so a typo never leaves the screen half-coloured.  Without
 * colour (NO_COLOR, monochrome terminal) the attributes still apply, and
 * the default theme marks everything that matters with an attribute too.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/i18n.h"
#include "temas/path.h"

#ifndef TEMAS_THEME_SRCDIR
#define TEMAS_THEME_SRCDIR ""
#endif

#define THEME_MAX_BYTES (64 * 1024)

static const char *const elem_names[EL_COUNT] = {
	"normal", "bar", "title", "title.focus", "heading",
	"selected", "selected.blur", "breached", "due-soon", "dim",
	"tab", "tab.active", "alert", "error", "inbound", "outbound",
	"note"
};

static const char *const colour_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

const char *theme_elem_name(enum ui_elem e)
{
	return (unsigned)e < EL_COUNT ? elem_names[e] : "?";
}

static void set(struct theme *t, enum ui_elem e, short fg, short bg,
		unsigned attrs)
{
	t->el[e].fg = fg;
	t->el[e].bg = bg;
	t->el[e].attrs = attrs;
}

void theme_default(struct theme *t)
{
	int i;

	for (i = 0; i < EL_COUNT; i++)
		set(t, (enum ui_elem)i, COLOUR_DEFAULT, COLOUR_DEFAULT, 0);
	set(t, EL_BAR, 7, 4, STYLE_REVERSE);
	set(t, EL_TITLE, COLOUR_DEFAULT, COLOUR_DEFAULT, STYLE_BOLD);
	set(t, EL_TITLE_FOCUS, 0, 6, STYLE_BOLD | STYLE_REVERSE);
	set(t, EL_HEADING, COLOUR_DEFAULT, COLOUR_DEFAULT, STYLE_UNDERLINE);
	set(t, EL_SELECTED, 0, 6, STYLE_REVERSE);
	set(t, EL_SELECTED_BLUR, COLOUR_DEFAULT, COLOUR_DEFAULT, STYLE_UNDERLINE);
	set(t, EL_BREACHED, 1, COLOUR_DEFAULT, STYLE_BOLD);
	set(t, EL_DUE_SOON, 3, COLOUR_DEFAULT, 0);
	set(t, EL_DIM, COLOUR_DEFAULT, COLOUR_DEFAULT, STYLE_DIM);
	set(t, EL_TAB, COLOUR_DEFAULT, COLOUR_DEFAULT, 0);
	set(t, EL_TAB_ACTIVE, COLOUR_DEFAULT, COLOUR_DEFAULT,
	    STYLE_BOLD | STYLE_REVERSE);
	set(t, EL_ALERT, 1, COLOUR_DEFAULT, STYLE_BOLD);
	set(t, EL_ERROR, 7, 1, STYLE_BOLD | STYLE_REVERSE);
	set(t, EL_INBOUND, 6, COLOUR_DEFAULT, 0);
	set(t, EL_OUTBOUND, 2, COLOUR_DEFAULT, 0);
	set(t, EL_NOTE, 3, COLOUR_DEFAULT, STYLE_DIM);
}

static int parse_colour(const char *s, short *out)
{
	char *end;
	long v;
	int i;

	if (strcmp(s, "default") == 0) {
		*out = COLOUR_DEFAULT;
		return 0;
	}
	for (i = 0; i < 8; i++) {
		if (strcmp(s, colour_names[i]) == 0) {
			*out = (short)i;
			return 0;
		}
		if (strncmp(s, "bright", 6) == 0 &&
		    strcmp(s + 6, colour_names[i]) == 0) {
			*out = (short)(i + 8);
			return 0;
		}
	}
	if (strncmp(s, "colour", 6) == 0)
		s += 6;
	else if (strncmp(s, "color", 5) == 0)
		s += 5;
	else
		return -1;
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end != '\0' || v < 0 || v > 255)
		return -1;
	*out = (short)v;
	return 0;
}

static int parse_attr(const char *s, unsigned *attrs)
{
	static const struct { const char *name; unsigned bit; } names[] = {
		{ "bold", STYLE_BOLD }, { "dim", STYLE_DIM },
		{ "underline", STYLE_UNDERLINE }, { "reverse", STYLE_REVERSE },
		{ "italic", STYLE_ITALIC }, { "italics", STYLE_ITALIC },
		{ "blink", STYLE_BLINK },
	};
	size_t i;

	if (strcmp(s, "none") == 0) {
		*attrs = 0;
		return 0;
	}
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i].name) == 0) {
			*attrs |= names[i].bit;
			return 0;
		}
	}
	return -1;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* One "element = style" line into t; -1 with the problem in err. */
static int parse_line(char *line, struct theme *t, char *err, size_t errsz)
{
	char *eq = strchr(line, '='), *name, *item, *save = NULL;
	struct style st = { COLOUR_DEFAULT, COLOUR_DEFAULT, 0 };
	int e;

	if (eq == NULL) {
		snprintf(err, errsz, "%s", _("expected 'element = style'"));
		return -1;
	}
	*eq = '\0';
	name = trim(line);
	for (e = 0; e < EL_COUNT; e++)
		if (strcmp(name, elem_names[e]) == 0)
			break;
	if (e == EL_COUNT) {
		snprintf(err, errsz, _("unknown element '%.40s'"), name);
		return -1;
	}
	for (item = strtok_r(eq + 1, ",", &save); item != NULL;
	     item = strtok_r(NULL, ",", &save)) {
		item = trim(item);
		if (*item == '\0')
			continue;
		if (strncmp(item, "fg=", 3) == 0 || strncmp(item, "bg=", 3) == 0) {
			short *c = item[0] == 'f' ? &st.fg : &st.bg;

			if (parse_colour(trim(item + 3), c) != 0) {
				snprintf(err, errsz, _("unknown colour '%.40s'"),
					 trim(item + 3));
				return -1;
			}
		} else if (parse_attr(item, &st.attrs) != 0) {
			snprintf(err, errsz, _("unknown attribute '%.40s'"), item);
			return -1;
		}
	}
	t->el[e] = st;
	return 0;
}

int theme_parse(const char *text, const char *file, struct theme *t,
		char *err, size_t errsz)
{
	struct theme work = *t;
	char line[512], why[256];
	const char *p = text, *nl;
	size_t len;
	int lineno = 0;
	char *s, *hash;

	while (*p != '\0') {
		lineno++;
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		if (len >= sizeof line) {
			snprintf(err, errsz, _("%s:%d: line too long"), file, lineno);
			return -1;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (nl != NULL);
		if (memchr(line, '\0', len) != NULL || strlen(line) != len) {
			snprintf(err, errsz, _("%s:%d: not a text line"), file, lineno);
			return -1;
		}
		hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		s = trim(line);
		if (*s == '\0')
			continue;
		if (parse_line(s, &work, why, sizeof why) != 0) {
			snprintf(err, errsz, "%s:%d: %s", file, lineno, why);
			return -1;
		}
	}
	*t = work;
	return 0;
}

static int read_file(const char *path, char **out, char *err, size_t errsz)
{
	FILE *f = text_path_open_read(path, err, errsz);
	char *buf;
	size_t n;

	*out = NULL;
	if (f == NULL)
		return -1;
	buf = malloc(THEME_MAX_BYTES + 1);
	if (buf == NULL) {
		fclose(f);
		snprintf(err, errsz, "%s: %s", path, strerror(ENOMEM));
		return -1;
	}
	n = fread(buf, 1, THEME_MAX_BYTES + 1, f);
	fclose(f);
	if (n > THEME_MAX_BYTES) {
		free(buf);
		snprintf(err, errsz, _("%s: larger than %d bytes, not a theme"),
			 path, THEME_MAX_BYTES);
		return -1;
	}
	if (memchr(buf, '\0', n) != NULL) {
		free(buf);
		snprintf(err, errsz, _("%s: binary file, not a theme"), path);
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	return 0;
}

static int valid_name(const char *name)
{
	const char *p;

	if (*name == '\0' || strlen(name) > 64)
		return 0;
	for (p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return 0;
	return 1;
}

static int find_theme(const char *name, char *path, size_t n)
{
	const char *dirs[3];
	FILE *f;
	int i;

	dirs[0] = getenv("TEMAS_THEME_DIR");
	dirs[1] = PKGDATADIR "/themes";
	dirs[2] = TEMAS_THEME_SRCDIR;
	for (i = 0; i < 3; i++) {
		if (dirs[i] == NULL || dirs[i][0] == '\0')
			continue;
		snprintf(path, n, "%s/%s.theme", dirs[i], name);
		f = fopen(path, "rb");
		if (f != NULL) {
			fclose(f);
			return 0;
		}
	}
	return -1;
}

int theme_load(const char *name, struct theme *t, char *err, size_t errsz)
{
	char path[4096];
	char *text;
	int rc;

	theme_default(t);
	err[0] = '\0';
	if (name == NULL || *name == '\0')
		return 0;
	if (strchr(name, '/') != NULL) {
		snprintf(path, sizeof path, "%s", name);
	} else if (!valid_name(name)) {
		snprintf(err, errsz, _("theme '%.64s': not a theme name"), name);
		return -1;
	} else if (find_theme(name, path, sizeof path) != 0) {
		snprintf(err, errsz, _("theme '%s' not found"), name);
		return -1;
	}
	if (read_file(path, &text, err, errsz) != 0)
		return -1;
	rc = theme_parse(text, path, t, err, errsz);
	free(text);
	if (rc != 0)
		theme_default(t);
	return rc;
}

static short usable(short c)
{
	if (c == COLOUR_DEFAULT)
		return c;
	if (c < COLORS)
		return c;
	if (c >= 8 && c < 16)
		return (short)(c - 8);
	return COLOUR_DEFAULT;
}

void theme_apply(const struct theme *t, int use_colour, attr_t out[EL_COUNT])
{
	int i;

	for (i = 0; i < EL_COUNT; i++) {
		const struct style *s = &t->el[i];
		attr_t a = A_NORMAL;

		if (s->attrs & STYLE_BOLD)
			a |= A_BOLD;
		if (s->attrs & STYLE_DIM)
			a |= A_DIM;
		if (s->attrs & STYLE_UNDERLINE)
			a |= A_UNDERLINE;
		if (s->attrs & STYLE_REVERSE)
			a |= A_REVERSE;
		if (s->attrs & STYLE_BLINK)
			a |= A_BLINK;
#ifdef A_ITALIC
		if (s->attrs & STYLE_ITALIC)
			a |= A_ITALIC;
#endif
		if (use_colour && (s->fg != COLOUR_DEFAULT ||
				   s->bg != COLOUR_DEFAULT) && i + 1 < COLOR_PAIRS) {
			init_pair((short)(i + 1), usable(s->fg), usable(s->bg));
			a |= COLOR_PAIR(i + 1);
			/* The colours carry the look; reverse would swap them. */
			if (s->bg != COLOUR_DEFAULT)
				a &= ~(attr_t)A_REVERSE;
		}
		out[i] = a;
	}
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

int theme_list(char (*names)[65], int max)
{
	const char *dirs[3];
	struct dirent *e;
	DIR *d;
	int i, j, n = 0;

	dirs[0] = getenv("TEMAS_THEME_DIR");
	dirs[1] = PKGDATADIR "/themes";
	dirs[2] = TEMAS_THEME_SRCDIR;
	for (i = 0; i < 3; i++) {
		if (dirs[i] == NULL || dirs[i][0] == '\0' ||
		    (d = opendir(dirs[i])) == NULL)
			continue;
		while (n < max && (e = readdir(d)) != NULL) {
			size_t len = strlen(e->d_name);
			int dup = 0;

			if (len <= 6 || len - 6 > 64 ||
			    strcmp(e->d_name + len - 6, ".theme") != 0)
				continue;
			snprintf(names[n], 65, "%.*s", (int)(len - 6), e->d_name);
			if (!valid_name(names[n]))
				continue;
			for (j = 0; j < n && !dup; j++)
				dup = strcmp(names[j], names[n]) == 0;
			if (!dup)
				n++;
		}
		closedir(d);
	}
	qsort(names, (size_t)n, sizeof *names, name_cmp);
	return n;
}

int ui_set_theme(struct ui *ui, const char *name, char *err, size_t errsz)
{
	struct theme t;

	if (theme_load(name, &t, err, errsz) != 0)
		return -1;
	theme_apply(&t, ui->use_colour, ui->attr);
	bkgdset(ui->attr[EL_NORMAL] | ' ');
	clearok(curscr, TRUE);
	return 0;
}
