/*
 * fuzz_parse.c: any bytes as an imported time, amount or number.  What
 * parses must format and parse back to the same value (an export reads
 * back unchanged); a refusal gives a reason.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "temas/parse.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), buf[64];
	const char *why = NULL;
	long long v, w;
	size_t bad;

	FUZZ_CHECK(s != NULL);
	memcpy(s, data, size);
	s[size] = '\0';
	if (text_utf8_check((const char *)data, size, &bad) != 0)
		FUZZ_CHECK(bad < size);

	why = NULL;
	if (text_parse_iso_time(s, &v, &why) == 0) {
		text_format_iso_time(v, buf, sizeof buf);
		FUZZ_CHECK(text_parse_iso_time(buf, &w, &why) == 0 && w == v);
	} else {
		FUZZ_CHECK(why != NULL && *why != '\0');
	}
	why = NULL;
	if (text_parse_amount(s, &v, &why) == 0) {
		text_format_amount(v, buf, sizeof buf);
		FUZZ_CHECK(text_parse_amount(buf, &w, &why) == 0 && w == v);
	} else {
		FUZZ_CHECK(why != NULL && *why != '\0');
	}
	why = NULL;
	if (text_parse_int(s, &v, &why) == 0) {
		snprintf(buf, sizeof buf, "%lld", v);
		FUZZ_CHECK(text_parse_int(buf, &w, &why) == 0 && w == v);
	} else {
		FUZZ_CHECK(why != NULL && *why != '\0');
	}
	free(s);
	return 0;
}
