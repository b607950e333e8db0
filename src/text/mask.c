/*
 * mask.c - phone numbers and e-mail addresses shown masked.
 *
 * Customers' contact data stays hidden on screen until an agent reveals
 * it (and the reveal is audited).  The masked forms keep just enough to
 * tell two contacts apart on a call: the country and the last digits of a
 * phone number, the first letters and top-level domain of an address.
 * Input may come from anywhere, so only known-harmless characters are
 * copied through.
 */
#include <string.h>

#include "temas/text.h"

struct writer {
    char *out;
    size_t size;
    size_t len;
    int full;
};

static void
put(struct writer *w, const char *p, size_t n)
{
    if (w->full || w->len + n + 1 > w->size) {
        w->full = 1;
        return;
    }
    memcpy(w->out + w->len, p, n);
    w->len += n;
    w->out[w->len] = '\0';
}

static int
finish(struct writer *w)
{
    if (w->full) {
        w->out[0] = '\0';
        return -1;
    }
    return (int)w->len;
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int
is_phone_separator(char c)
{
    return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' ||
           c == '/';
}

/* Length of the ITU calling code at the start of d (E.164 zones: 1 and 7
 * are one digit, the listed pairs two, everything else three). */
static size_t
calling_code_len(const char *d, size_t nd)
{
    static const char two[] = "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 "
                              "47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 "
                              "64 65 66 81 82 84 86 90 91 92 93 94 95 98";
    char pair[3];

    if (nd == 0)
        return 0;
    if (d[0] == '1' || d[0] == '7')
        return 1;
    if (nd < 2)
        return nd;
    pair[0] = d[0];
    pair[1] = d[1];
    pair[2] = '\0';
    if (strstr(two, pair) != NULL)
        return 2;
    return nd < 3 ? nd : 3;
}

int
text_mask_phone(const char *phone, char *buf, size_t n)
{
    struct writer w = {buf, n, 0, 0};
    char digits[64];
    size_t nd = 0, keep_lead = 0, keep_tail = 2, i, d, group = 0;
    const char *p;
    int intl = 0, lead_plus = 0;

    if (buf == NULL || n == 0)
        return -1;
    buf[0] = '\0';
    if (phone == NULL)
        return 0;

    for (p = phone; *p == ' '; p++)
        ;
    if (*p == '+') {
        intl = lead_plus = 1;
        for (i = 1; is_digit(p[i]); i++)
            group++;
    }
    for (i = 0; p[i] != '\0'; i++) {
        if (is_digit(p[i])) {
            if (nd < sizeof digits)
                digits[nd] = p[i];
            nd++;
        }
    }
    if (nd == 0)
        return 0;

    if (intl) {
        /* "+90 532 ..." says where the code ends; "+90532..." does not. */
        keep_lead = group >= 1 && group <= 3
                        ? group
                        : calling_code_len(digits, nd < 64 ? nd : 64);
        keep_lead++; /* the first digit after it: mobile or landline */
    } else if (nd >= 2 && digits[0] == '0' && digits[1] == '0') {
        keep_lead = 2 + calling_code_len(digits + 2, nd < 64 ? nd - 2 : 62);
        keep_lead++;
    } else if (digits[0] == '0') {
        keep_lead = 2; /* national trunk prefix and the next digit */
    }
    /* Too few digits left hidden: show less. */
    if (nd < keep_lead + keep_tail + 4)
        keep_lead = 0;
    if (nd < keep_tail + 4)
        keep_tail = 0;

    d = 0;
    for (i = 0; p[i] != '\0'; i++) {
        if (is_digit(p[i])) {
            if (d < keep_lead || d >= nd - keep_tail)
                put(&w, p + i, 1);
            else
                put(&w, "*", 1);
            d++;
        } else if (p[i] == '+' && i == 0 && lead_plus) {
            put(&w, "+", 1);
        } else if (is_phone_separator(p[i])) {
            put(&w, p + i, 1);
        }
    }
    return finish(&w);
}

/* Copy the first character of s[0..len) if it is harmless to show. */
static void
put_first_char(struct writer *w, const char *s, size_t len)
{
    uint32_t cp;
    size_t k;

    if (len == 0)
        return;
    k = text_decode_utf8(s, len, &cp);
    if (cp == TEXT_CP_INVALID || cp == ' ' || cp == '.' ||
        text_is_unsafe_cp(cp) || text_width_cp(cp) == 0)
        return;
    put(w, s, k);
}

/* A top-level domain worth showing: 1-24 letters, digits or hyphens. */
static int
is_tld(const char *s, size_t len)
{
    size_t i;

    if (len == 0 || len > 24)
        return 0;
    for (i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              is_digit(c) || c == '-'))
            return 0;
    }
    return 1;
}

int
text_mask_email(const char *email, char *buf, size_t n)
{
    struct writer w = {buf, n, 0, 0};
    const char *at, *dom, *dot;
    size_t dlen;

    if (buf == NULL || n == 0)
        return -1;
    buf[0] = '\0';
    if (email == NULL || (at = strrchr(email, '@')) == NULL)
        return 0;

    put_first_char(&w, email, (size_t)(at - email));
    put(&w, "***@", 4);
    dom = at + 1;
    dlen = strlen(dom);
    put_first_char(&w, dom, dlen);
    put(&w, "***", 3);
    dot = strrchr(dom, '.');
    if (dot != NULL && dot > dom && is_tld(dot + 1, strlen(dot + 1)))
        put(&w, dot, strlen(dot));
    return finish(&w);
}
