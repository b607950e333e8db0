/*
 * json.h: a small strict parser for one flat JSON object per line
 * (JSON Lines imports, messages piped to `temas ingest --json`).
 *
 * Values are strings, numbers, true, false or null; nested objects and
 * arrays are refused.  Strings are decoded (\uXXXX with surrogate pairs) to
 * UTF-8; numbers are kept as their source text so that amounts are read
 * by the same rules as in CSV files.
 */
#ifndef TEMAS_JSON_H
#define TEMAS_JSON_H

#include <stddef.h>
#include <stdio.h>

enum json_type { JSON_STRING, JSON_NUMBER, JSON_TRUE, JSON_FALSE, JSON_NULL };

struct json_member {
	const char *key;
	enum json_type type;
	const char *value;     /* text of strings and numbers, "true"/"false"; NULL for null */
};

struct json_object {
	struct json_member *m;
	size_t n;
	char *buf;             /* owns every key and value */
};

/*
 * Parse s[0..len) as one object.  0 on success; -1 with "column N: reason"
 * in err (columns are 1-based bytes).  On success free with json_object_free.
 */
int json_parse_object(const char *s, size_t len, struct json_object *out,
		      char *err, size_t errsz);
void json_object_free(struct json_object *o);

/* The member named key, or NULL. */
const struct json_member *json_get(const struct json_object *o, const char *key);

/* Write s as a JSON string literal (quotes included) to f. */
void json_write_string(FILE *f, const char *s);

#endif
