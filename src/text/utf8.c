/*
 * utf8.c - decoding and encoding single UTF-8 code points.
 *
 * Everything else in src/text walks strings with text_decode_utf8, so this
 * is the one place that decides what is well-formed.  It follows the
 * Unicode table of well-formed byte sequences (no overlongs, no surrogates,
 * nothing above U+10FFFF) and never looks past the length it is given.
 */
#include "temas/text.h"

size_t
text_decode_utf8(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char lo = 0x80, hi = 0xBF;
    size_t need, i;
    uint32_t c;

    if (s == NULL || len == 0) {
        *cp = TEXT_CP_INVALID;
        return 0;
    }
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    /* The second byte's allowed range is what rules out overlongs,
     * surrogates and values past U+10FFFF. */
    if (p[0] >= 0xC2 && p[0] <= 0xDF) {
        need = 1;
        c = p[0] & 0x1F;
    } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        need = 2;
        c = p[0] & 0x0F;
        if (p[0] == 0xE0)
            lo = 0xA0;
        else if (p[0] == 0xED)
            hi = 0x9F;
    } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        need = 3;
        c = p[0] & 0x07;
        if (p[0] == 0xF0)
            lo = 0x90;
        else if (p[0] == 0xF4)
            hi = 0x8F;
    } else {
        *cp = TEXT_CP_INVALID;
        return 1;
    }
    for (i = 1; i <= need; i++) {
        if (i >= len || p[i] < lo || p[i] > hi) {
            *cp = TEXT_CP_INVALID;
            return i;
        }
        c = (c << 6) | (p[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = c;
    return need + 1;
}

size_t
text_encode_utf8(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp <= 0x10FFFF) {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

int
text_validate_utf8(const char *s, size_t len)
{
    size_t i = 0, k;
    uint32_t cp;

    if (s == NULL)
        return len == 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        k = text_decode_utf8(s + i, len - i, &cp);
        if (cp == TEXT_CP_INVALID)
            return 0;
        i += k;
    }
    return 1;
}

uint64_t text_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

size_t text_utf8_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}
