/*
 * fold.c - Turkish-aware folding of text for search and filters.
 *
 * Agents type "cagri" and expect to find "ÇAĞRI", and "istanbul" must
 * find "İSTANBUL" and "Istanbul" alike.  A locale's lowercasing cannot
 * give that (Turkish rules turn I into ı, other locales turn İ into i̇), so
 * this file folds every dotted and dotless i to "i", Turkish and other
 * Latin letters to their bare base letters, and other scripts to lower
 * case.  Its output feeds the full-text index tokenizer and in-memory
 * filters; folding is the same whatever the locale, so an index built in
 * one locale is searched correctly from another.
 */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "temas/text.h"

/* U+00C0 .. U+017F to lowercase base letters; NULL keeps the character
 * (the multiplication and division signs). */
static const char *const latin_fold[] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i",
    "i", "i", "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u",
    "u", "y", "th", "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e",
    "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", NULL,
    "o", "u", "u", "u", "u", "y", "th", "y", "a", "a", "a", "a", "a", "a",
    "c", "c", "c", "c", "c", "c", "c", "c", "d", "d", "d", "d", "e", "e", "e",
    "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g", "g", "g", "g", "g",
    "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i", "i", "i",
    "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o",
    "o", "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s",
    "s", "s", "s", "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u",
    "u", "u", "u", "u", "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z",
    "z", "z", "z", "z", "s",
};

#define LATIN_FIRST 0xC0
#define LATIN_LAST 0x17F

_Static_assert(sizeof latin_fold / sizeof latin_fold[0] ==
                   LATIN_LAST - LATIN_FIRST + 1,
               "latin_fold must cover U+00C0..U+017F");

/* Fold one unit into o (room for 8 bytes); returns bytes written. */
static size_t
fold_cp(uint32_t cp, char *o)
{
    const char *m;
    wint_t lw;
    size_t n;

    if (cp < 0x80) {
        o[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
        return 1;
    }
    if (cp == TEXT_CP_INVALID) {
        memcpy(o, "\xEF\xBF\xBD", 3);
        return 3;
    }
    /* Combining diacritics: decomposed "s" + cedilla folds like "ş",
     * and "i" + combining dot above like "i". */
    if (cp >= 0x300 && cp <= 0x36F)
        return 0;
    /* Invisible characters would split words that look whole. */
    if (cp == 0xAD || (cp >= 0xA0 && text_is_unsafe_cp(cp)))
        return 0;
    if (cp >= LATIN_FIRST && cp <= LATIN_LAST) {
        m = latin_fold[cp - LATIN_FIRST];
        if (m != NULL) {
            n = strlen(m);
            memcpy(o, m, n);
            return n;
        }
        return text_encode_utf8(cp, o);
    }
    /* Greek and Cyrillic capitals, here so they fold in any locale. */
    if ((cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) ||
        (cp >= 0x410 && cp <= 0x42F))
        return text_encode_utf8(cp + 0x20, o);
    if (cp >= 0x400 && cp <= 0x40F)
        return text_encode_utf8(cp + 0x50, o);
#if WCHAR_MAX >= 0x10FFFF
    lw = towlower((wint_t)cp);
    if (lw != WEOF && (uint32_t)lw != cp) {
        n = text_encode_utf8((uint32_t)lw, o);
        if (n > 0)
            return n;
    }
#else
    (void)lw;
#endif
    n = text_encode_utf8(cp, o);
    return n;
}

static size_t
next_unit(const char *s, size_t len, uint32_t *cp)
{
    if ((unsigned char)s[0] < 0x80) {
        *cp = (unsigned char)s[0];
        return 1;
    }
    return text_decode_utf8(s, len, cp);
}

size_t
text_fold_tr_buf(const char *s, size_t len, char *out, size_t outsz)
{
    size_t i = 0, k, n, need = 0, pos = 0;
    int full = out == NULL || outsz == 0;
    unsigned char c;
    uint32_t cp;
    char tmp[8];

    if (s == NULL)
        len = 0;
    while (i < len) {
        c = (unsigned char)s[i];
        if (c < 0x80) {
            /* The common case: plain ASCII, one byte in, one byte out. */
            if (!full) {
                if (pos + 1 < outsz)
                    out[pos++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
                else
                    full = 1;
            }
            need++;
            i++;
            continue;
        }
        k = next_unit(s + i, len - i, &cp);
        n = fold_cp(cp, tmp);
        if (!full) {
            if (pos + n < outsz) {
                memcpy(out + pos, tmp, n);
                pos += n;
            } else {
                full = 1;
            }
        }
        need += n;
        i += k;
    }
    if (out != NULL && outsz > 0)
        out[pos] = '\0';
    return need;
}

char *
text_fold_tr(const char *s)
{
    size_t len, need;
    char *out;

    if (s == NULL)
        s = "";
    len = strlen(s);
    need = text_fold_tr_buf(s, len, NULL, 0);
    if (need == SIZE_MAX)
        return NULL;
    out = malloc(need + 1);
    if (out == NULL)
        return NULL;
    text_fold_tr_buf(s, len, out, need + 1);
    return out;
}

/* Streams the folded bytes of a string one at a time. */
struct fold_iter {
    const char *s;
    size_t len;
    size_t pos;
    char buf[8];
    size_t blen;
    size_t bpos;
};

/* Next folded byte, or -1 at the end. */
static int
fold_iter_next(struct fold_iter *it)
{
    uint32_t cp;
    size_t k;

    while (it->bpos == it->blen) {
        if (it->pos >= it->len)
            return -1;
        k = next_unit(it->s + it->pos, it->len - it->pos, &cp);
        it->pos += k;
        it->blen = fold_cp(cp, it->buf);
        it->bpos = 0;
    }
    return (unsigned char)it->buf[it->bpos++];
}

int
text_fold_eq(const char *a, const char *b)
{
    struct fold_iter x = {0}, y = {0};
    int ca, cb;

    x.s = a != NULL ? a : "";
    x.len = strlen(x.s);
    y.s = b != NULL ? b : "";
    y.len = strlen(y.s);
    do {
        ca = fold_iter_next(&x);
        cb = fold_iter_next(&y);
        if (ca != cb)
            return 0;
    } while (ca != -1);
    return 1;
}
