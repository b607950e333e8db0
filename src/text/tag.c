/*
 * tag.c: what a tag may be.  One word a person types and reads: no
 * control character, blank or comma, not starting with '-' (it would
 * read as an option), and short enough for a queue's column.
 */
#include "config.h"

#include <string.h>

#include "temas/i18n.h"
#include "temas/tag.h"
#include "temas/text.h"

/* The reasons, worded for a tag ([0]) and for a view's name ([1]). */
static const char *const why_empty[2] = {
	N_("a tag cannot be empty"), N_("a view name cannot be empty") };
static const char *const why_utf8[2] = {
	N_("a tag must be UTF-8 text"), N_("a view name must be UTF-8 text") };
static const char *const why_dash[2] = {
	N_("a tag cannot start with '-'"), N_("a view name cannot start with '-'") };
static const char *const why_blank[2] = {
	N_("a tag cannot hold blanks, commas or control characters"),
	N_("a view name cannot hold blanks, commas or control characters") };
static const char *const why_long[2] = {
	N_("a tag is at most 32 characters"), N_("a view name is at most 32 characters") };

static int word_check(const char *s, int view, const char **why)
{
	size_t len, i = 0, k;
	uint32_t cp;
	int chars = 0;

	if (s == NULL || *s == '\0') {
		*why = _(why_empty[view]);
		return -1;
	}
	len = strlen(s);
	if (!text_validate_utf8(s, len)) {
		*why = _(why_utf8[view]);
		return -1;
	}
	if (s[0] == '-') {
		*why = _(why_dash[view]);
		return -1;
	}
	while (i < len) {
		k = text_decode_utf8(s + i, len - i, &cp);
		if (k == 0)
			k = 1;
		if (text_is_unsafe_cp(cp) || cp == ' ' || cp == ',' ||
		    cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200F) ||
		    cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) {
			*why = _(why_blank[view]);
			return -1;
		}
		i += k;
		if (++chars > TAG_MAX_CHARS) {
			*why = _(why_long[view]);
			return -1;
		}
	}
	return 0;
}

int text_tag_check(const char *s, const char **why)
{
	return word_check(s, 0, why);
}

int text_view_name_check(const char *s, const char **why)
{
	return word_check(s, 1, why);
}
