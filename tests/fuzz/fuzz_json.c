/*
 * fuzz_json.c: any bytes through the JSON object parser.  A parsed object
 * written back with json_write_string must parse to the same members, and
 * a refusal must name a column inside the input.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "temas/json.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	return 0;
}

static void write_value(FILE *f, const struct json_member *m)
{
	switch (m->type) {
	case JSON_STRING: json_write_string(f, m->value); break;
	case JSON_NUMBER: fputs(m->value, f); break;
	case JSON_TRUE: fputs("true", f); break;
	case JSON_FALSE: fputs("false", f); break;
	case JSON_NULL: fputs("null", f); break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_object o, p;
	char err[256], *text = NULL;
	size_t textlen = 0, i;
	FILE *out;
	long col;

	memset(err, 'x', sizeof err);
	if (json_parse_object((const char *)data, size, &o, err, sizeof err) != 0) {
		FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
		FUZZ_CHECK(strncmp(err, "column ", 7) == 0);
		col = strtol(err + 7, NULL, 10);
		FUZZ_CHECK(col >= 1 && col <= (long)size + 1);
		FUZZ_CHECK(strchr(err, '\n') == NULL);
		return 0;
	}
	for (i = 0; i < o.n; i++) {
		FUZZ_CHECK(o.m[i].key != NULL);
		FUZZ_CHECK(json_get(&o, o.m[i].key) != NULL);
		FUZZ_CHECK((o.m[i].value == NULL) == (o.m[i].type == JSON_NULL));
	}
	out = open_memstream(&text, &textlen);
	FUZZ_CHECK(out != NULL);
	putc('{', out);
	for (i = 0; i < o.n; i++) {
		if (i > 0)
			putc(',', out);
		json_write_string(out, o.m[i].key);
		putc(':', out);
		write_value(out, &o.m[i]);
	}
	putc('}', out);
	fclose(out);
	FUZZ_CHECK(json_parse_object(text, textlen, &p, err, sizeof err) == 0);
	FUZZ_CHECK(p.n == o.n);
	for (i = 0; i < o.n; i++) {
		FUZZ_CHECK(strcmp(p.m[i].key, o.m[i].key) == 0);
		FUZZ_CHECK(p.m[i].type == o.m[i].type);
		FUZZ_CHECK((p.m[i].value == NULL && o.m[i].value == NULL) ||
			   strcmp(p.m[i].value, o.m[i].value) == 0);
	}
	json_object_free(&p);
	json_object_free(&o);
	free(text);
	return 0;
}
