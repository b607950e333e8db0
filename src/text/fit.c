/*
 * fit.c - cutting or padding text to a fixed number of columns.
 *
 * Every list row and header field on screen is a fixed-width cell.  This
 * file makes any text fill exactly such a cell: cut at a character
 * boundary with an ellipsis, never leaving half a wide character or a
 * combining mark without its base, and padded so columns line up.
 */
#include <string.h>

#include "temas/text.h"

struct writer {
    char *out;
    size_t size; /* bytes available, including room for the NUL */
    size_t len;
    int full;    /* once something did not fit, nothing more is written */
};

static void
put(struct writer *w, const char *p, size_t n)
{
    if (w->full)
        return;
    if (w->len + n + 1 > w->size) {
        w->full = 1;
        return;
    }
    memcpy(w->out + w->len, p, n);
    w->len += n;
}

/* Next unit of s: its code point (or TEXT_CP_INVALID) and byte length. */
static size_t
next_unit(const char *s, size_t len, uint32_t *cp)
{
    if ((unsigned char)s[0] < 0x80) {
        *cp = (unsigned char)s[0];
        return 1;
    }
    return text_decode_utf8(s, len, cp);
}

static void
put_unit(struct writer *w, const char *p, size_t k, uint32_t cp)
{
    if (cp == TEXT_CP_INVALID)
        put(w, "\xEF\xBF\xBD", 3);
    else if (cp == '\t' || cp == '\n')
        put(w, " ", 1);
    else if (!text_is_unsafe_cp(cp))
        put(w, p, k);
}

size_t
text_fit_len(const char *s, size_t len, int cols, char *out, size_t outsz,
             int pad)
{
    struct writer w = {out, outsz, 0, 0};
    size_t i, k;
    uint32_t cp;
    long long total = 0;
    int used = 0, budget, cw, truncated;

    if (out == NULL || outsz == 0)
        return 0;
    out[0] = '\0';
    if (cols <= 0)
        return 0;
    if (s == NULL)
        len = 0;

    for (i = 0; i < len && total <= cols; i += k) {
        k = next_unit(s + i, len - i, &cp);
        total += text_width_cp(cp);
    }
    truncated = total > cols;
    budget = truncated ? cols - 1 : cols; /* leave a column for "…" */

    for (i = 0; i < len; i += k) {
        k = next_unit(s + i, len - i, &cp);
        cw = text_width_cp(cp);
        if (cw > 0 && used + cw > budget)
            break;
        put_unit(&w, s + i, k, cp);
        used += cw;
    }
    if (truncated) {
        put(&w, "\xE2\x80\xA6", 3);
        used++;
    }
    while (pad && used < cols) {
        put(&w, " ", 1);
        used++;
    }
    out[w.len] = '\0';
    return w.len;
}

size_t
text_fit(const char *s, int cols, char *out, size_t outsz, int pad)
{
    return text_fit_len(s, s == NULL ? 0 : strlen(s), cols, out, outsz, pad);
}
