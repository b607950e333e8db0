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

/* Conversions that show the time of day (or the whole date and time). */
static int time_conversion(char c)
{
	return c != '\0' && strchr("HIklMpPrRSTXcsz+Z", c) != NULL;
}

int text_day_format(const char *fmt, char *buf, size_t n)
{
	const char *p, *cut = NULL;
	size_t len;

	for (p = fmt; *p && cut == NULL; p++) {
		const char *start = p;

		if (*p != '%')
			continue;
		p++;
		while (*p && strchr("_-0^#", *p))
			p++;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == 'E' || *p == 'O')
			p++;
		if (*p == '\0')
			break;
		if (time_conversion(*p))
			cut = start;
	}
	len = cut ? (size_t)(cut - fmt) : strlen(fmt);
	/* Separators before the time: spaces and ASCII signs, but never the
	 * % of an escaped "%%". */
	while (cut && len > 0 && strchr(" \t,;:.-/|@", fmt[len - 1]) != NULL)
		len--;
	if (len == 0 || memchr(fmt, '%', len) == NULL)
		len = strlen(fmt);
	if (len >= n)
		return -1;
	memcpy(buf, fmt, len);
	buf[len] = '\0';
	return 0;
}
