/*
 * fuzz_csv.c: any bytes through the CSV reader; every record it returns
 * must be written back by csv_write_field and read again unchanged, so an
 * export always imports back.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "temas/csv.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	return 0;
}

/* Write the record and read it back with a fresh reader. */
static void round_trip(char **fields, const size_t *lens, size_t n)
{
	char *text = NULL, **again;
	size_t textlen = 0, *alens, an, i;
	FILE *out = open_memstream(&text, &textlen), *in;
	struct csv *c;

	FUZZ_CHECK(out != NULL);
	for (i = 0; i < n; i++) {
		if (i > 0)
			putc(',', out);
		csv_write_field(out, fields[i]);
	}
	putc('\n', out);
	fclose(out);
	in = fmemopen(text, textlen, "r");
	FUZZ_CHECK(in != NULL);
	c = csv_new(in);
	FUZZ_CHECK(c != NULL);
	FUZZ_CHECK(csv_read(c, &again, &alens, &an) == CSV_RECORD);
	FUZZ_CHECK(an == n);
	for (i = 0; i < n; i++)
		FUZZ_CHECK(alens[i] == lens[i] && strcmp(again[i], fields[i]) == 0);
	FUZZ_CHECK(csv_read(c, &again, &alens, &an) == CSV_EOF);
	csv_free(c);
	fclose(in);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f;
	struct csv *c;
	char **fields;
	size_t *lens, n, i;
	long last_line = 0;
	int rc, records = 0, clean;

	if (size == 0)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (f == NULL)
		return 0;
	c = csv_new(f);
	FUZZ_CHECK(c != NULL);
	while ((rc = csv_read(c, &fields, &lens, &n)) != CSV_EOF) {
		FUZZ_CHECK(rc == CSV_RECORD || rc == CSV_BADCOUNT ||
			   rc == CSV_SYNTAX);
		/* Lines only move forward and stay within the input. */
		FUZZ_CHECK(csv_line(c) >= last_line && csv_line(c) >= 1);
		FUZZ_CHECK(csv_line(c) <= (long)size + 1);
		last_line = csv_line(c);
		if (rc != CSV_RECORD) {
			FUZZ_CHECK(*csv_errmsg(c) != '\0');
			FUZZ_CHECK(strchr(csv_errmsg(c), '\n') == NULL);
			FUZZ_CHECK(csv_error_line(c) >= 1 &&
				   csv_error_line(c) <= (long)size + 1);
			if (rc == CSV_SYNTAX)
				break;
			continue;
		}
		FUZZ_CHECK(n >= 1 && n <= CSV_MAX_FIELDS);
		clean = 1;
		for (i = 0; i < n; i++) {
			FUZZ_CHECK(fields[i] != NULL && fields[i][lens[i]] == '\0');
			FUZZ_CHECK(strlen(fields[i]) <= lens[i]);
			if (strlen(fields[i]) != lens[i])
				clean = 0;
		}
		/* A lone empty field is a blank line, which readers skip, and
		 * a byte-order mark that starts a file is not data. */
		if (n == 1 && lens[0] == 0)
			clean = 0;
		if (strncmp(fields[0], "\xEF\xBB\xBF", 3) == 0)
			clean = 0;
		if (clean)
			round_trip(fields, lens, n);
		records++;
	}
	csv_free(c);
	fclose(f);
	return 0;
}
