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

int text_tag_check(const char *s, const char **why)
{
	size_t len, i = 0, k;
	uint32_t cp;
	int chars = 0;

	if (s == NULL || *s == '\0') {
		*why = _("a tag cannot be empty");
		return -1;
	}
	len = strlen(s);
	if (!text_validate_utf8(s, len)) {
		*why = _("a tag must be UTF-8 text");
		return -1;
	}
	if (s[0] == '-') {
		*why = _("a tag cannot start with '-'");
		return -1;
	}
	while (i < len) {
		k = text_decode_utf8(s + i, len - i, &cp);
		if (k == 0)
			k = 1;
		if (text_is_unsafe_cp(cp) || cp == ' ' || cp == ',' ||
		    cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200F) ||
		    cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) {
			*why = _("a tag cannot hold blanks, commas or control characters");
			return -1;
		}
		i += k;
		if (++chars > TAG_MAX_CHARS) {
			*why = _("a tag is at most 32 characters");
			return -1;
		}
	}
	return 0;
}
