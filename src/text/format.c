/*
 * format.c - money, durations and times as the agent reads them.
 *
 * The database keeps money in minor units and times as UTC seconds; the
 * screen shows "1.234,56 TL", "3h05m" and local time.  Doing it here keeps
 * the conventions in one place and the panes free of arithmetic.  A value
 * that does not fit its buffer is not cut short: a clipped amount reads as
 * a different amount.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* localtime_r */
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "temas/text.h"

/* Write the formatted text, or "" and -1 if it does not fit. */
static int
finish(char *buf, size_t n, int r)
{
    if (r < 0 || (size_t)r >= n) {
        buf[0] = '\0';
        return -1;
    }
    return r;
}

static int
ascii_upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
}

static int
ascii_alnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* Minor-unit digits of an ISO 4217 currency (ISO 4217 exponents). */
static int
currency_decimals(const char *code)
{
    static const char *const zero[] = {"BIF", "CLP", "DJF", "GNF", "ISK",
                                       "JPY", "KMF", "KRW", "PYG", "RWF",
                                       "UGX", "UYI", "VND", "VUV", "XAF",
                                       "XOF", "XPF"};
    static const char *const three[] = {"BHD", "IQD", "JOD", "KWD",
                                        "LYD", "OMR", "TND"};
    size_t i;

    for (i = 0; i < sizeof zero / sizeof zero[0]; i++)
        if (strcmp(code, zero[i]) == 0)
            return 0;
    for (i = 0; i < sizeof three / sizeof three[0]; i++)
        if (strcmp(code, three[i]) == 0)
            return 3;
    return 2;
}

int
text_format_money(long long minor, const char *currency, int turkish,
                  char *buf, size_t n)
{
    char code[9] = "";
    char whole[40];  /* 20 digits and up to 6 separators, written backwards */
    char digits[40];
    char frac[8];
    unsigned long long mag, unit = 1, w, f;
    size_t i, len = 0;
    int dec, grp = 0;
    const char *shown;

    if (buf == NULL || n == 0)
        return -1;
    buf[0] = '\0';
    if (currency != NULL) {
        len = strlen(currency);
        if (len > 8)
            return -1;
        for (i = 0; i < len; i++) {
            if (!ascii_alnum((unsigned char)currency[i]))
                return -1;
            code[i] = (char)ascii_upper((unsigned char)currency[i]);
        }
        code[len] = '\0';
    }

    dec = currency_decimals(code);
    for (i = 0; i < (size_t)dec; i++)
        unit *= 10;
    /* Negate in unsigned arithmetic so LLONG_MIN has a magnitude too. */
    mag = minor < 0 ? 0ULL - (unsigned long long)minor
                    : (unsigned long long)minor;
    w = mag / unit;
    f = mag % unit;

    len = 0;
    do {
        if (grp == 3) {
            whole[len++] = turkish ? '.' : ',';
            grp = 0;
        }
        whole[len++] = (char)('0' + w % 10);
        w /= 10;
        grp++;
    } while (w > 0);
    for (i = 0; i < len; i++)
        digits[i] = whole[len - 1 - i];
    digits[len] = '\0';

    frac[0] = '\0';
    if (dec > 0) {
        frac[0] = turkish ? ',' : '.';
        for (i = (size_t)dec; i >= 1; i--) {
            frac[i] = (char)('0' + f % 10);
            f /= 10;
        }
        frac[dec + 1] = '\0';
    }

    shown = code;
    if (turkish && strcmp(code, "TRY") == 0)
        shown = "TL";
    return finish(buf, n,
                  snprintf(buf, n, "%s%s%s%s%s", minor < 0 ? "-" : "",
                           digits, frac, shown[0] != '\0' ? " " : "",
                           shown));
}

int
text_format_duration(long long secs, char *buf, size_t n)
{
    unsigned long long mag;
    const char *sign = secs < 0 ? "-" : "";
    int r;

    if (buf == NULL || n == 0)
        return -1;
    mag = secs < 0 ? 0ULL - (unsigned long long)secs
                   : (unsigned long long)secs;
    if (mag < 60)
        r = snprintf(buf, n, "%s%llus", sign, mag);
    else if (mag < 3600)
        r = snprintf(buf, n, "%s%llum", sign, mag / 60);
    else if (mag < 86400)
        r = snprintf(buf, n, "%s%lluh%02llum", sign, mag / 3600,
                     mag % 3600 / 60);
    else if (mag < 100ULL * 86400)
        r = snprintf(buf, n, "%s%llud%02lluh", sign, mag / 86400,
                     mag % 86400 / 3600);
    else
        /* Past 99 days the hours say nothing and only widen the column. */
        r = snprintf(buf, n, "%s%llud", sign, mag / 86400);
    return finish(buf, n, r);
}

int
text_format_time(long long utc, const char *fmt, char *buf, size_t n)
{
    time_t t = (time_t)utc;
    struct tm tm;
    size_t r;

    if (buf == NULL || n == 0)
        return -1;
    buf[0] = '\0';
    if (fmt == NULL)
        fmt = "%Y-%m-%d %H:%M";
    if ((long long)t != utc || localtime_r(&t, &tm) == NULL)
        return -1;
    if (fmt[0] == '\0')
        return 0;
    r = strftime(buf, n, fmt, &tm);
    if (r == 0) {
        buf[0] = '\0'; /* too small (or an empty result; both read "") */
        return -1;
    }
    return (int)r;
}

int
text_parse_day(const char *s, int end_of_day, long long *out)
{
    struct tm tm;
    char *end;
    int y, mo, d, n = 0;
    long long v;
    time_t t;

    if (*s != '\0' && strspn(s, "0123456789") == strlen(s)) {
        v = strtoll(s, &end, 10);
        if (*end == '\0' && v >= 0 && v < 253402300800LL) {
            *out = v;
            return 0;
        }
        return -1;
    }
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10 ||
        s[n] != '\0' || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31)
        return -1;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d + (end_of_day ? 1 : 0);
    tm.tm_isdst = -1;
    t = mktime(&tm);
    if (t == (time_t)-1)
        return -1;
    /* mktime normalises 31 February into March: refuse it instead. */
    if (!end_of_day && (tm.tm_mday != d || tm.tm_mon != mo - 1))
        return -1;
    if (end_of_day && d > 28) {
        struct tm chk = { .tm_year = y - 1900, .tm_mon = mo - 1,
                  .tm_mday = d, .tm_hour = 12, .tm_isdst = -1 };

        if (mktime(&chk) == (time_t)-1 || chk.tm_mday != d)
            return -1;
    }
    *out = (long long)t;
    return 0;
}

size_t
text_append_ids(char *buf, size_t n, const char *sep, const char *lead,
                const long long *ids, int count)
{
    size_t len = strlen(buf);
    int i, r;

    for (i = 0; i < count; i++) {
        r = snprintf(buf + len, n - len, "%s%s#%lld",
                     i ? " " : (len ? sep : ""), i ? "" : lead, ids[i]);
        if (r < 0 || (size_t)r >= n - len) {
            buf[len] = '\0';
            break;
        }
        len += (size_t)r;
    }
    return len;
}
