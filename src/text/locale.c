/*
 * locale.c: which conventions the user's locale asks for, so that amounts
 * and dates follow them: "1.234,56 TL" and 30.09.2026 in Turkey.
 *
 * Only the locale's name is consulted: the C library's own monetary data
 * for tr_TR differs between versions, and the forms shown are the
 * product's to choose.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "temas/text.h"

static int names_turkish(const char *name)
{
	/* "tr", "tr_TR", "tr_TR.UTF-8", "tr_CY@euro": the language is "tr". */
	return name != NULL && strncmp(name, "tr", 2) == 0 &&
	       (name[2] == '\0' || name[2] == '_' || name[2] == '.' ||
		name[2] == '@');
}

int text_locale_turkish(int category)
{
	return names_turkish(setlocale(category, NULL));
}

const char *text_locale_date_format(void)
{
	return text_locale_turkish(LC_TIME) ? "%d.%m.%Y %H:%M" : "%Y-%m-%d %H:%M";
}

const char *text_locale_day_format(void)
{
	return text_locale_turkish(LC_TIME) ? "%d.%m.%Y" : "%Y-%m-%d";
}
