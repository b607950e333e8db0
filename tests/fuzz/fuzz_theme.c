/*
 * fuzz_theme.c: any bytes as a theme file.  A bad theme is named with its
 * line and leaves the theme as it was; a good one holds only colours
 * 0-255 or the default and known attributes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "../../src/ui/internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme t, before;
	char *text = malloc(size + 1), err[512];
	int i;

	FUZZ_CHECK(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	theme_default(&t);
	before = t;
	if (theme_parse(text, "fuzz.theme", &t, err, sizeof err) != 0) {
		FUZZ_CHECK(strncmp(err, "fuzz.theme:", 11) == 0);
		FUZZ_CHECK(strchr(err, '\n') == NULL);
		FUZZ_CHECK(memcmp(&t, &before, sizeof t) == 0);
	}
	for (i = 0; i < EL_COUNT; i++) {
		FUZZ_CHECK(t.el[i].fg >= COLOUR_DEFAULT && t.el[i].fg <= 255);
		FUZZ_CHECK(t.el[i].bg >= COLOUR_DEFAULT && t.el[i].bg <= 255);
		FUZZ_CHECK((t.el[i].attrs & ~(STYLE_BOLD | STYLE_DIM | STYLE_UNDERLINE |
					       STYLE_REVERSE | STYLE_ITALIC |
					       STYLE_BLINK)) == 0);
	}
	free(text);
	return 0;
}
