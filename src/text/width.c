/*
 * width.c - how many terminal columns a code point or a string takes.
 *
 * The screen is laid out in columns, and Turkish, CJK and emoji text must
 * not push a row out of line.  wcwidth() is asked first so that temas
 * agrees with the curses library drawing the text; when it cannot answer
 * (a non-UTF-8 locale, a character newer than the C library) the built-in
 * Unicode table decides, so results never depend on the locale for
 * characters the table knows.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* wcwidth */
#endif

#include <limits.h>
#include <string.h>
#include <wchar.h>

#include "temas/text.h"
#include "text_internal.h"

static int
in_ranges(uint32_t cp, const struct cp_range *r, size_t n)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].first)
            hi = mid;
        else if (cp > r[mid].last)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

static int
table_width(uint32_t cp)
{
    if (in_ranges(cp, text_zero_width_ranges, text_zero_width_count))
        return 0;
    if (in_ranges(cp, text_wide_ranges, text_wide_count))
        return 2;
    return 1;
}

int
text_width_cp(uint32_t cp)
{
    int w;

    if (cp >= 0x20 && cp < 0x7F)
        return 1;
    if (cp == '\t' || cp == '\n')
        return 1;
    if (cp == TEXT_CP_INVALID)
        return 1; /* drawn as U+FFFD */
    if (text_is_unsafe_cp(cp))
        return 0; /* never drawn */
#if WCHAR_MAX >= 0x10FFFF
    w = wcwidth((wchar_t)cp);
    if (w >= 0)
        return w;
#endif
    w = table_width(cp);
    return w;
}

int
text_width_len(const char *s, size_t len)
{
    size_t i = 0, k;
    uint32_t cp;
    long long total = 0;

    if (s == NULL)
        return 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            cp = (unsigned char)s[i];
            k = 1;
        } else {
            k = text_decode_utf8(s + i, len - i, &cp);
        }
        total += text_width_cp(cp);
        if (total >= INT_MAX)
            return INT_MAX;
        i += k;
    }
    return (int)total;
}

int
text_width(const char *s)
{
    return s == NULL ? 0 : text_width_len(s, strlen(s));
}
