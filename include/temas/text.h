/*
 * text.h - UTF-8 handling for temas: decoding, making customer text safe
 * for a terminal, display width, fitting and wrapping, Turkish-aware search
 * folding, and formatting of money, durations, times and masked contacts.
 *
 * Pure C11 and libc; no curses, no database.  Nothing here keeps state
 * between calls.  Decoding and width do not depend on the locale (wcwidth()
 * is consulted, with a built-in table as fallback when it cannot answer).
 * Every function that writes into a caller's buffer NUL-terminates it when
 * its size is nonzero and never writes past it.  NULL strings read as "".
 */
#ifndef TEMAS_TEXT_H
#define TEMAS_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* ---- UTF-8 (utf8.c) ---- */

/* Stored in *cp by text_decode_utf8 for an ill-formed sequence. */
#define TEXT_CP_INVALID 0xFFFFFFFFu
#define TEXT_CP_REPLACEMENT 0xFFFDu

/*
 * Decode one code point from s (at most len bytes).  Returns the number of
 * bytes consumed (0 only when len is 0).  An ill-formed sequence - bad lead
 * byte, stray continuation byte, overlong form, surrogate, value above
 * U+10FFFF, or a sequence cut short - sets *cp to TEXT_CP_INVALID and
 * consumes its maximal ill-formed prefix (at least one byte), so that each
 * such prefix becomes exactly one U+FFFD, as the Unicode standard advises.
 */
size_t text_decode_utf8(const char *s, size_t len, uint32_t *cp);

/* Characters (code points, counted by their lead bytes) in len bytes of
 * UTF-8. */
size_t text_utf8_chars(const char *s, size_t len);

/* Encode cp into out (4 bytes room).  Returns 1..4, or 0 for a surrogate or
 * a value above U+10FFFF. */
size_t text_encode_utf8(uint32_t cp, char out[4]);

/* 1 if the len bytes of s are well-formed UTF-8, else 0. */
int text_validate_utf8(const char *s, size_t len);

/* ---- Sanitising (sanitize.c) ---- */

/* Keep '\n' instead of turning it into a space. */
#define TEXT_KEEP_NEWLINES 0x1

/*
 * Return a malloc'd, NUL-terminated, well-formed UTF-8 copy of the len
 * bytes of s that is safe to draw on a terminal: every C0/C1 control and
 * DEL is removed (tab becomes a space; '\n' is kept with TEXT_KEEP_NEWLINES
 * and otherwise becomes a space; '\r' is dropped), whole escape sequences
 * and control strings (CSI, OSC, DCS, SOS, PM, APC, in 7-bit and 8-bit
 * form) are removed, bidi controls and invisible zero-width characters are
 * removed, and ill-formed bytes become U+FFFD.  Runs in linear time.
 * NULL s reads as empty.  Returns NULL only when memory runs out.
 */
char *text_sanitize(const char *s, size_t len, int flags);

/* 1 if cp must never reach the terminal (controls, bidi, zero-width). */
int text_is_unsafe_cp(uint32_t cp);

/* ---- Display width (width.c, fit.c, wrap.c) ---- */

/*
 * Terminal columns of one code point: 0 for combining marks and other
 * zero-width characters, 2 for wide (East Asian, most emoji), else 1.
 * Tab and newline count 1 (they are drawn as a space); other controls 0.
 */
int text_width_cp(uint32_t cp);

/* Display columns of a UTF-8 string; ill-formed bytes count 1 each (they
 * are drawn as U+FFFD). */
int text_width(const char *s);
int text_width_len(const char *s, size_t len);

/*
 * Copy s into out so that it takes at most cols columns.  When s is wider,
 * it is cut and "…" (U+2026) is put right after the last character kept,
 * occupying the last column (or the one before it when a wide character
 * had to be dropped there).  A code point is never split and combining
 * marks stay with their base.  With pad nonzero, spaces fill the result to
 * exactly cols columns.  Tab and newline become spaces, other controls are
 * dropped and ill-formed bytes become U+FFFD, so the result is always
 * well-formed.  If outsz is too small, the output stops at a code point
 * boundary.  Returns the number of bytes written, not counting the NUL.
 * cols <= 0 gives "".
 */
size_t text_fit(const char *s, int cols, char *out, size_t outsz, int pad);
size_t text_fit_len(const char *s, size_t len, int cols, char *out,
                    size_t outsz, int pad);

/* One wrapped line: bytes [off, off+len) of the wrapped text. */
struct text_line {
    size_t off;
    size_t len;
    int width; /* display columns of those bytes */
};

/*
 * Word-wrap s into lines of at most cols columns, breaking at spaces where
 * possible and inside a word only when the word alone is wider than cols.
 * '\n' always ends a line.  Spaces at a soft break are not part of either
 * line; spaces after '\n' (indentation) are kept.  Fills at most maxlines
 * entries of lines (lines may be NULL when maxlines is 0) and returns the
 * total number of lines the text needs, so a caller can size a scroll
 * region first.  A single character wider than cols gets a line to itself.
 * cols < 1 is taken as 1.  Empty text is one empty line.
 */
int text_wrap(const char *s, int cols, struct text_line *lines, int maxlines);

/* ---- Search folding (fold.c) ---- */

/*
 * Fold len bytes of s for Turkish-aware, accent-insensitive matching:
 * everything lowercased; I ı i İ (and i or I followed by U+0307) all become
 * "i"; ş→s ç→c ğ→g ö→o ü→u â→a î→i û→u and the other Latin-1 and Latin
 * Extended-A letters to their base letters (ß→ss, æ→ae, œ→oe, ł→l...);
 * combining diacritics U+0300-U+036F are dropped so decomposed text folds
 * like composed text; ill-formed bytes become U+FFFD.
 * Writes whole code points only and NUL-terminates when outsz > 0.  Returns
 * the length the whole folded text needs (like snprintf): a value >= outsz
 * means out holds a truncated prefix.  Does not allocate.
 */
size_t text_fold_tr_buf(const char *s, size_t len, char *out, size_t outsz);

/* Malloc'd folded copy of the string s; NULL only when memory runs out. */
char *text_fold_tr(const char *s);

/* 1 if a and b fold to the same text, else 0.  Does not allocate. */
int text_fold_eq(const char *a, const char *b);

/* The 64-bit FNV-1a hash of len bytes (utf8.c): keys of hash tables. */
uint64_t text_hash(const char *s, size_t len);

/* ---- Text that is not UTF-8 (encoding.c) ---- */

/* The legacy Turkish encoding bytes s[0..len) look like: "WINDOWS-1254",
 * "ISO-8859-9", or NULL when no byte is a Turkish letter in them. */
const char *text_legacy_guess(const char *s, size_t len);

/* The first bytes of a file, s[0..len), as UTF-16 or UTF-32 (a byte
 * order mark, or NUL bytes where ASCII text in them has its zeros):
 * "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", or NULL. */
const char *text_wide_guess(const char *s, size_t len);

/*
 * Convert len bytes in encoding `from` (an iconv name) to UTF-8 in *out
 * (malloc'd, NUL-terminated, *outlen bytes).  0; -1 for an encoding iconv
 * does not know; -2 when memory runs out; -3 for bytes that are not text
 * in that encoding (*bad is the offset of the first).
 */
int text_to_utf8(const char *from, const char *in, size_t len, char **out,
		 size_t *outlen, size_t *bad);

/* ---- Turkish roots for search (stem.c) ---- */

/* A root of a word: its first len bytes, the last of them replaced by
 * last when last is not 0 ("hesab" of "hesabım" given as "hesap"). */
struct text_root {
	size_t len;
	char last;
};

/*
 * The roots the folded word w[0..n) may have: every way its end parses as
 * a chain of Turkish nominal suffixes (plural, possessive, case, -ki, the
 * copula), shortest root first, at most max of them.  The word itself is
 * not among them.  A word with anything but a-z, or shorter than four
 * letters, has none.  Returns how many were stored.
 */
int text_stem_roots(const char *w, size_t n, struct text_root *out, int max);

/* ---- Formatting (format.c, mask.c) ----
 *
 * These return the length written (not counting the NUL), or -1 when the
 * arguments are invalid or the result does not fit, in which case buf holds
 * "" (when n > 0).  A cut-off amount or time would be misleading.
 */

/*
 * Money in minor units with its currency code (NULL or "" for none; the
 * code must be 1-8 ASCII letters or digits).  Decimal places follow the
 * currency (JPY 0, KWD 3, most 2).  English: "-1,234.56 TRY".  Turkish
 * (turkish nonzero): "-1.234,56 TL"; TRY is written "TL".
 */
int text_format_money(long long minor, const char *currency, int turkish,
                      char *buf, size_t n);

/* Compact duration for SLA time left: "45s", "12m", "3h05m", "2d04h",
 * and from 100 days on days alone, "429d"; negative values (breached)
 * get a leading "-". */
int text_format_duration(long long secs, char *buf, size_t n);

/*
 * A day as YYYY-MM-DD (local midnight; end_of_day moves to the next
 * midnight, so that a period ending on it includes it) or Unix seconds,
 * into *out.  -1 for anything else, 31 February included.
 */
int text_parse_day(const char *s, int end_of_day, long long *out);

/* UTC Unix seconds as local time with strftime format fmt (NULL for
 * "%Y-%m-%d %H:%M"). */
int text_format_time(long long utc, const char *fmt, char *buf, size_t n);

/* Nonzero when the locale category (LC_MONETARY, LC_TIME, ...) is set to
 * Turkish: the turkish flag for text_format_money. */
int text_locale_turkish(int category);
/* The date and time format for the LC_TIME locale ("%d.%m.%Y %H:%M" in
 * Turkish, "%Y-%m-%d %H:%M" otherwise), used when none is configured. */
const char *text_locale_date_format(void);
/* The same for a date alone ("%d.%m.%Y" or "%Y-%m-%d"). */
const char *text_locale_day_format(void);
/*
 * The date part of a date-and-time format, for places that show a day
 * alone: fmt up to its first time-of-day conversion (%H, %M, %R, %c, ...)
 * with the separators before it dropped, so "%d.%m.%Y %H:%M" gives
 * "%d.%m.%Y".  A format that starts with the time is kept whole.
 * -1 when buf is too small.
 */
int text_day_format(const char *fmt, char *buf, size_t n);
/*
 * Append to the text in buf (size n): sep when buf is not empty, then
 * lead and "#id" for each of the count ids, blank-separated ("same order
 * open #12 #15").  Nothing when count is 0; what does not fit is left
 * off at an id's boundary.  Returns the length of buf.
 */
size_t text_append_ids(char *buf, size_t n, const char *sep, const char *lead,
                       const long long *ids, int count);
/* Bytes enough for a date in any format the configuration accepts. */
#define TEXT_DATE_MAX 128

/*
 * Masked phone number: the country code, the digit after it and the last
 * two digits stay, other digits become '*', separators (space - . ( ) /)
 * stay, anything else is dropped: "+90 532 123 45 12" -> "+90 5** *** ** 12".
 * Short numbers are masked entirely.  NULL or "" gives "".
 */
int text_mask_phone(const char *phone, char *buf, size_t n);

/*
 * Masked e-mail address: first character of the local part and of the
 * domain, and the top-level domain: "ali.veli@example.com" ->
 * "a***@e***.com".  NULL, "" or an address without '@' gives "".
 */
int text_mask_email(const char *email, char *buf, size_t n);

#endif
