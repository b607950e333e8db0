/*
 * parse.h: reading the small values that arrive in imported files and
 * messages (times, amounts, whole numbers, UTF-8 checks) and writing them
 * back in the same form, so that an export reads back in unchanged.
 *
 * Each parser takes a NUL-terminated string and returns 0 on success or -1
 * with a short reason (a static, translatable string) in *why.
 */
#ifndef TEMAS_PARSE_H
#define TEMAS_PARSE_H

#include <stddef.h>

/* 0 when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or NUL);
 * else -1 and the offset of the first bad byte in *bad (may be NULL). */
int text_utf8_check(const char *s, size_t n, size_t *bad);

/* ISO 8601: YYYY-MM-DD (midnight UTC), YYYY-MM-DDTHH:MM[:SS[.fff]] with Z
 * or +HH:MM / -HH:MM (a space may stand for T).  UTC seconds in *out. */
int text_parse_iso_time(const char *s, long long *out, const char **why);

/* A decimal amount with at most two decimals, '.' or ',' as the decimal
 * mark, optional leading '-': "1234.56" → 123456 minor units. */
int text_parse_amount(const char *s, long long *out, const char **why);

/* A whole number in decimal, optional leading '-'. */
int text_parse_int(const char *s, long long *out, const char **why);

/* A span of time: "0", or one or more NUMBER+UNIT with units s, m, h
 * and d ("90s", "30m", "2h", "1h30m"), a year at most.  Seconds. */
int text_parse_duration(const char *s, long long *out, const char **why);

/*
 * A customer's answer to a satisfaction question: the text (after blank
 * lines and spaces) starts with a score 1 to 5 standing alone ("4",
 * "4 çok iyi", "5/5", "3 - yavaş"; not "45", "4.5" or "4/10").  Returns
 * the score, or 0 when the text is no answer; the rest of that first
 * line is the comment (*comment, *clen bytes, possibly 0).
 */
int text_parse_csat_reply(const char *text, const char **comment, size_t *clen);

/* "2025-03-01T10:00:00Z"; buf needs 21 bytes or more. */
void text_format_iso_time(long long utc, char *buf, size_t n);
/* 123456 → "1234.56"; -5 → "-0.05". */
void text_format_amount(long long minor, char *buf, size_t n);

/* A well-formed BCP 47 language tag ("tr", "en-GB", "pt-BR",
 * "zh-Hant-TW"): a language of 2-3 letters (or 4-8), then subtags of 1-8
 * letters or digits, separated by '-', 35 bytes at most.  1 or 0. */
int text_lang_tag_valid(const char *s);

/*
 * An e-mail address as a customer record holds one: a local part, one
 * '@' and a domain with a dot, no blank or control character.  A phone
 * number: at least five digits, no control character.  0, or -1 with
 * *why saying what is wrong.
 */
int text_email_check(const char *s, const char **why);
int text_phone_check(const char *s, const char **why);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
long long text_days_from_civil(int y, int m, int d);

#endif
