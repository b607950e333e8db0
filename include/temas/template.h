/*
 * template.h: reply templates per channel and language, and the filling of
 * their {placeholders}.
 *
 * Filling is pure text work (no database); the store keeps the templates
 * and gathers the values for a complaint.
 */
#ifndef TEMAS_TEMPLATE_H
#define TEMAS_TEMPLATE_H

#include <stddef.h>

#include "temas/model.h"

struct store;

/* One placeholder's value; value NULL means "known but not available". */
struct text_field {
	const char *name;    /* "customer.first_name" */
	const char *value;
};

/*
 * Fill {name} placeholders from fields; "{{" and "}}" give literal braces.
 * On success *out is malloc'd.  An unknown placeholder, one without a value,
 * or an unclosed brace is an error: returns -1 with a message naming it and
 * its line and column (in characters, from 1) in err.  0 on success.
 */
int text_template_fill(const char *tmpl, const struct text_field *fields,
		       size_t nfields, char **out, char *err, size_t errsz);

/* The placeholders templates may use. */
extern const char *const text_template_names[];
extern const size_t text_template_nnames;

/*
 * Check that tmpl uses only those placeholders and closes its braces.
 * 0 when it does; else -1 with the position and the problem in what.
 */
int text_template_check(const char *tmpl, int *line, int *col, char *what,
			size_t whatsz);

struct template_row {
	long long id;
	const char *name;
	char channel[16];
	const char *lang;
	const char *subject;
	char *body;          /* owned */
};

void template_row_clear(struct template_row *t);
/* Clear rows[0..n), then free the array. */
void template_rows_free(struct template_row *rows, int n);

/*
 * Load a template file (blocks "=== NAME CHANNEL LANG", an optional
 * "Subject: ..." line, then the body) into the database: every template
 * is added or replaced, all or nothing.  A bad file changes nothing and
 * err says "FILE:LINE: problem".  *count gets the number loaded.
 */
int store_template_load_file(struct store *st, const char *path, int *count,
			     char *err, size_t errsz);

/* Templates, by name, channel and language: all of them, in a new array
 * (*rows)[0..*n) (NULL for none); clear each row, then free the array. */
int store_template_list(struct store *st, const char *channel,
			struct template_row **rows, int *n);
/*
 * The template `name` for the complaint's channel in the customer's
 * language (falling back to tr, then en), filled in for this complaint and
 * agent.  *out malloc'd.  STORE_NOTFOUND when there is no such template for
 * the channel; STORE_INVALID with the placeholder named when filling fails.
 */
int store_template_render(struct store *st, const char *name,
			  long long complaint_id, const struct agent *who,
			  char **out);
/* The same, and its Subject line filled in too (*subject malloc'd, NULL
 * when the template has none). */
int store_template_render_parts(struct store *st, const char *name,
				long long complaint_id, const struct agent *who,
				char **subject, char **out);

#endif
