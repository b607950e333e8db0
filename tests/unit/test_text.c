/*
 * test_text.c - unit tests for the text module: sanitising, UTF-8,
 * display width, fitting, wrapping, Turkish folding and formatting.
 */
#define _XOPEN_SOURCE 700 /* wcwidth, setenv */

#include <check.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "harness.h"
#include "temas/path.h"
#include "temas/text.h"

#define FFFD "\xEF\xBF\xBD"
#define ELL "\xE2\x80\xA6"

/* Sanitise a NUL-terminated literal and compare. */
static void
check_san(const char *in, int flags, const char *want)
{
    char *out = text_sanitize(in, strlen(in), flags);

    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, want);
    free(out);
}

/* Deterministic pseudo-random bytes for property tests. */
static unsigned
lcg(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7FFF;
}

/* Output must carry no control, escape, bidi or invisible character. */
static void
assert_safe(const char *s, int newlines_ok)
{
    size_t i = 0, len = strlen(s), k;
    uint32_t cp;

    ck_assert(text_validate_utf8(s, len));
    while (i < len) {
        k = text_decode_utf8(s + i, len - i, &cp);
        if (!(newlines_ok && cp == '\n'))
            ck_assert_msg(!text_is_unsafe_cp(cp), "unsafe U+%04X at %zu",
                          (unsigned)cp, i);
        i += k;
    }
}

/* ---- sanitising ---- */

START_TEST(t_utf8_chars)
{
    /* "Çığ" is 3 characters in 6 bytes; a cut inside the last counts its
     * lead byte only. */
    ck_assert_uint_eq(text_utf8_chars("sipari", 6), 6);
    ck_assert_uint_eq(text_utf8_chars("\xc3\x87\xc4\xb1\xc4\x9f", 6), 3);
    ck_assert_uint_eq(text_utf8_chars("\xc3\x87\xc4\xb1\xc4\x9f", 5), 3);
    ck_assert_uint_eq(text_utf8_chars("\xc3\x87\xc4\xb1\xc4\x9f", 4), 2);
    ck_assert_uint_eq(text_utf8_chars("\xe2\x82\xac" "1", 4), 2);
    ck_assert_uint_eq(text_utf8_chars("", 0), 0);
}
END_TEST

START_TEST(t_san_plain)
{
    check_san("Merhaba, siparişiniz yolda.", 0, "Merhaba, siparişiniz yolda.");
}
END_TEST

START_TEST(t_san_csi_clear)
{
    check_san("a\x1b[2Jb", 0, "ab");
}
END_TEST

START_TEST(t_san_csi_sgr)
{
    check_san("\x1b[31mred\x1b[0m text", 0, "red text");
}
END_TEST

START_TEST(t_san_csi_private)
{
    check_san("\x1b[?1049hx\x1b[?25l", 0, "x");
}
END_TEST

START_TEST(t_san_osc_bel)
{
    check_san("\x1b]0;pwned\x07ok", 0, "ok");
}
END_TEST

START_TEST(t_san_osc_st)
{
    check_san("\x1b]0;pwned\x1b\\ok", 0, "ok");
}
END_TEST

START_TEST(t_san_osc_hyperlink)
{
    check_san("\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\", 0,
              "click");
}
END_TEST

START_TEST(t_san_dcs)
{
    check_san("\x1bP1$r0m\x1b\\after", 0, "after");
}
END_TEST

START_TEST(t_san_sos_pm_apc)
{
    check_san("a\x1bXhidden\x1b\\b\x1b^pm\x1b\\c\x1b_apc\x1b\\d", 0, "abcd");
}
END_TEST

START_TEST(t_san_c1_raw_csi)
{
    check_san("a\x9b" "31mb", 0, "ab");
}
END_TEST

START_TEST(t_san_c1_utf8_csi)
{
    check_san("a\xc2\x9b" "2Jb", 0, "ab");
}
END_TEST

START_TEST(t_san_c1_raw_osc)
{
    check_san("\x9d" "0;title\x9c" "x", 0, "x");
}
END_TEST

START_TEST(t_san_c1_utf8_osc_st)
{
    check_san("\xc2\x9d" "0;title\xc2\x9c" "x", 0, "x");
}
END_TEST

START_TEST(t_san_c1_other)
{
    /* NEL as UTF-8 and as a raw byte, raw 0x80 */
    check_san("a\xc2\x85" "b\x85" "c\x80" "d", 0, "abcd");
}
END_TEST

START_TEST(t_san_c1_byte_in_broken_sequence)
{
    /* After another high byte, 0x9b is debris of bad UTF-8, not a CSI. */
    check_san("a\xff\x9b" "31mb", 0, "a" FFFD FFFD "31mb");
}
END_TEST

START_TEST(t_san_bracketed_paste)
{
    check_san("\x1b[201~rm -rf ~\x1b[200~", 0, "rm -rf ~");
}
END_TEST

START_TEST(t_san_two_byte_and_nf)
{
    check_san("\x1b" "c\x1b" "7a\x1b(Bb\x1b#8c", 0, "abc");
}
END_TEST

START_TEST(t_san_esc_at_end)
{
    check_san("abc\x1b", 0, "abc");
    check_san("abc\x1b[12;3", 0, "abc");
}
END_TEST

START_TEST(t_san_unterminated_osc)
{
    check_san("ok\x1b]0;never ends", 0, "ok");
}
END_TEST

START_TEST(t_san_esc_in_string_restarts)
{
    check_san("\x1b]0;t\x1b[31mX", 0, "X");
}
END_TEST

START_TEST(t_san_can_aborts)
{
    check_san("\x1b]0;t\x18visible", 0, "visible");
    check_san("\x1b[3\x1aok", 0, "ok");
}
END_TEST

START_TEST(t_san_csi_broken_by_text)
{
    /* A control sequence interrupted by a non-ASCII letter ends there. */
    check_san("\x1b[3ğüzel", 0, "ğüzel");
}
END_TEST

START_TEST(t_san_esc_before_utf8)
{
    check_san("\x1bşey", 0, "şey");
}
END_TEST

START_TEST(t_san_rtl_override)
{
    check_san("invoice\xe2\x80\xae" "fdp.exe", 0, "invoicefdp.exe");
}
END_TEST

START_TEST(t_san_bidi_all)
{
    check_san("a\xe2\x80\xaa" "b\xe2\x80\xab" "c\xe2\x80\xac" "d\xe2\x80\xad"
              "e\xe2\x81\xa6" "f\xe2\x81\xa7" "g\xe2\x81\xa8" "h\xe2\x81\xa9"
              "i\xe2\x80\x8e" "j\xe2\x80\x8f" "k\xd8\x9c" "l",
              0, "abcdefghijkl");
}
END_TEST

START_TEST(t_san_zero_width)
{
    check_san("pa\xe2\x80\x8bss\xe2\x80\x8cw\xe2\x80\x8do\xe2\x81\xa0r"
              "\xef\xbb\xbf" "d",
              0, "password");
}
END_TEST

START_TEST(t_san_invalid_lone_ff)
{
    check_san("a\xff" "b", 0, "a" FFFD "b");
}
END_TEST

START_TEST(t_san_invalid_truncated_end)
{
    check_san("ab\xe2\x82", 0, "ab" FFFD);
    check_san("ab\xf0\x9f\x98", 0, "ab" FFFD);
    check_san("\xc5", 0, FFFD);
}
END_TEST

START_TEST(t_san_invalid_overlong)
{
    check_san("\xc0\xaf", 0, FFFD FFFD);
    check_san("\xe0\x80\xaf", 0, FFFD FFFD FFFD);
}
END_TEST

START_TEST(t_san_invalid_surrogate)
{
    check_san("x\xed\xa0\x80y", 0, "x" FFFD FFFD FFFD "y");
}
END_TEST

START_TEST(t_san_invalid_above_max)
{
    check_san("\xf4\x90\x80\x80", 0, FFFD FFFD FFFD FFFD);
    check_san("\xf8\x88\x80\x80\x80", 0, FFFD FFFD FFFD FFFD FFFD);
}
END_TEST

START_TEST(t_san_newline_default)
{
    check_san("line1\nline2", 0, "line1 line2");
}
END_TEST

START_TEST(t_san_newline_keep)
{
    check_san("line1\r\nline2\n", TEXT_KEEP_NEWLINES, "line1\nline2\n");
}
END_TEST

START_TEST(t_san_tab_cr_c0_del)
{
    check_san("a\tb\rc\x07" "d\x08" "e\x7f" "f\x01" "g", 0, "a bcdefg");
}
END_TEST

START_TEST(t_san_bounded_len)
{
    char *out = text_sanitize("ab\0cdXYZ", 5, 0);

    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, "abcd");
    free(out);
}
END_TEST

START_TEST(t_san_len_cuts_sequence)
{
    /* len ends inside a UTF-8 sequence: never read the rest. */
    char *out = text_sanitize("a\xc3\xa7", 2, 0);

    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, "a" FFFD);
    free(out);
}
END_TEST

START_TEST(t_san_null_and_empty)
{
    char *out = text_sanitize(NULL, 10, 0);

    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, "");
    free(out);
    out = text_sanitize("", 0, 0);
    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, "");
    free(out);
}
END_TEST

START_TEST(t_san_turkish_passthrough)
{
    const char *s = "Çağrı Şükrü İĞÜŞÖÇ ığüşöç Âlâ";

    check_san(s, 0, s);
}
END_TEST

START_TEST(t_san_large_input)
{
    static const char unit[] = "Çağrı \x1b[31mkırmızı\x1b[0m\n"; /* 28 bytes */
    const char *kept = "Çağrı kırmızı\n";
    size_t ulen = sizeof unit - 1, klen = strlen(kept);
    size_t reps = (1u << 20) / ulen + 1, i;
    char *in = malloc(reps * ulen), *out;

    ck_assert_ptr_nonnull(in);
    for (i = 0; i < reps; i++)
        memcpy(in + i * ulen, unit, ulen);
    out = text_sanitize(in, reps * ulen, TEXT_KEEP_NEWLINES);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(strlen(out), reps * klen);
    ck_assert_int_eq(memcmp(out + (reps - 1) * klen, kept, klen), 0);
    free(in);
    free(out);
}
END_TEST

START_TEST(t_san_random_bytes_safe)
{
    static const char special[] = "\x1b[]\\\x07\x9b\x9c\xc2\xe2\n";
    unsigned st = 12345;
    char in[256];
    int round;
    size_t i;

    for (round = 0; round < 2000; round++) {
        size_t len = lcg(&st) % sizeof in;
        char *out;

        for (i = 0; i < len; i++) {
            unsigned r = lcg(&st);
            /* Bias towards bytes that matter: ESC, C1, UTF-8 leads. */
            in[i] = (char)(r % 4 == 0 ? special[r / 4 % (sizeof special - 1)]
                                      : (int)(r & 0xFF));
        }
        out = text_sanitize(in, len, round & 1 ? TEXT_KEEP_NEWLINES : 0);
        ck_assert_ptr_nonnull(out);
        ck_assert(strlen(out) <= len * 3);
        assert_safe(out, round & 1);
        free(out);
    }
}
END_TEST

/* ---- UTF-8 ---- */

START_TEST(t_utf8_decode_lengths)
{
    uint32_t cp;

    ck_assert_uint_eq(text_decode_utf8("A", 1, &cp), 1);
    ck_assert_uint_eq(cp, 'A');
    ck_assert_uint_eq(text_decode_utf8("\xc4\xb1", 2, &cp), 2);
    ck_assert_uint_eq(cp, 0x131);
    ck_assert_uint_eq(text_decode_utf8("\xe2\x82\xba", 3, &cp), 3);
    ck_assert_uint_eq(cp, 0x20BA);
    ck_assert_uint_eq(text_decode_utf8("\xf0\x9f\x98\x80", 4, &cp), 4);
    ck_assert_uint_eq(cp, 0x1F600);
    ck_assert_uint_eq(text_decode_utf8("x", 0, &cp), 0);
}
END_TEST

START_TEST(t_utf8_decode_invalid)
{
    uint32_t cp;

    ck_assert_uint_eq(text_decode_utf8("\xe2\x82", 2, &cp), 2);
    ck_assert_uint_eq(cp, TEXT_CP_INVALID);
    ck_assert_uint_eq(text_decode_utf8("\xc0\xaf", 2, &cp), 1);
    ck_assert_uint_eq(cp, TEXT_CP_INVALID);
    ck_assert_uint_eq(text_decode_utf8("\xed\xa0\x80", 3, &cp), 1);
    ck_assert_uint_eq(cp, TEXT_CP_INVALID);
    ck_assert_uint_eq(text_decode_utf8("\x80", 1, &cp), 1);
    ck_assert_uint_eq(cp, TEXT_CP_INVALID);
    /* the length limit wins over a complete-looking sequence */
    ck_assert_uint_eq(text_decode_utf8("\xc4\xb1", 1, &cp), 1);
    ck_assert_uint_eq(cp, TEXT_CP_INVALID);
}
END_TEST

START_TEST(t_utf8_roundtrip)
{
    uint32_t cp, back;
    char buf[4];
    size_t n;

    for (cp = 0; cp <= 0x10FFFF; cp += (cp < 0x3000 ? 1 : 97)) {
        n = text_encode_utf8(cp, buf);
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            ck_assert_uint_eq(n, 0);
            continue;
        }
        ck_assert_uint_ne(n, 0);
        ck_assert_uint_eq(text_decode_utf8(buf, n, &back), n);
        ck_assert_uint_eq(back, cp);
    }
    ck_assert_uint_eq(text_encode_utf8(0x110000, buf), 0);
}
END_TEST

START_TEST(t_utf8_validate)
{
    ck_assert(text_validate_utf8("Çağrı 日本 😀", strlen("Çağrı 日本 😀")));
    ck_assert(!text_validate_utf8("a\xff", 2));
    ck_assert(!text_validate_utf8("\xed\xa0\x80", 3));
    ck_assert(text_validate_utf8(NULL, 0));
}
END_TEST

/* ---- width ---- */

START_TEST(t_width_ascii)
{
    ck_assert_int_eq(text_width("hello world"), 11);
    ck_assert_int_eq(text_width(""), 0);
    ck_assert_int_eq(text_width(NULL), 0);
}
END_TEST

START_TEST(t_width_turkish)
{
    ck_assert_int_eq(text_width("Çağrı Şükrü"), 11);
    ck_assert_int_eq(text_width("İıĞğŞşÖöÜüÇç"), 12);
}
END_TEST

START_TEST(t_width_cjk)
{
    ck_assert_int_eq(text_width("日本"), 4);
    ck_assert_int_eq(text_width("a日b"), 4);
}
END_TEST

START_TEST(t_width_combining)
{
    ck_assert_int_eq(text_width("e\xcc\x81"), 1);
    ck_assert_int_eq(text_width("i\xcc\x87stanbul"), 8);
}
END_TEST

START_TEST(t_width_emoji)
{
    if (wcwidth(0x1F600) == 2)
        ck_assert_int_eq(text_width("\xf0\x9f\x98\x80"), 2);
    ck_assert_int_ge(text_width("\xf0\x9f\x98\x80"), 1);
}
END_TEST

START_TEST(t_width_invalid_counts_one)
{
    ck_assert_int_eq(text_width("a\xff" "b"), 3);
}
END_TEST

START_TEST(t_width_without_utf8_locale)
{
    /* wcwidth cannot answer in the C locale; the table must. */
    setlocale(LC_ALL, "C");
    ck_assert_int_eq(text_width("日本"), 4);
    ck_assert_int_eq(text_width("e\xcc\x81"), 1);
    ck_assert_int_eq(text_width("Çağrı Şükrü"), 11);
    ck_assert_int_eq(text_width("\xf0\x9f\x98\x80"), 2);
    setlocale(LC_ALL, "");
}
END_TEST

/* ---- fit ---- */

static void
check_fit(const char *s, int cols, int pad, const char *want)
{
    char out[256];
    size_t n = text_fit(s, cols, out, sizeof out, pad);

    ck_assert_str_eq(out, want);
    ck_assert_uint_eq(n, strlen(want));
}

START_TEST(t_fit_exact)
{
    check_fit("hello", 5, 0, "hello");
    check_fit("hello", 6, 0, "hello");
}
END_TEST

START_TEST(t_fit_truncate_ellipsis)
{
    check_fit("hello", 4, 0, "hel" ELL);
    check_fit("hello", 2, 0, "h" ELL);
    check_fit("hello", 1, 0, ELL);
    check_fit("hello", 0, 0, "");
    check_fit("hello", -3, 1, "");
}
END_TEST

START_TEST(t_fit_pad)
{
    check_fit("ab", 5, 1, "ab   ");
    check_fit("", 3, 1, "   ");
    check_fit("abcdef", 4, 1, "abc" ELL);
}
END_TEST

START_TEST(t_fit_wide_straddle)
{
    check_fit("日本語", 4, 0, "日" ELL);
    check_fit("日本語", 4, 1, "日" ELL " ");
    check_fit("日本語", 5, 0, "日本" ELL);
    check_fit("日本語", 6, 0, "日本語");
    check_fit("日本語", 2, 1, ELL " ");
}
END_TEST

START_TEST(t_fit_combining_kept)
{
    check_fit("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, 0, "e\xcc\x81" ELL);
    check_fit("e\xcc\x81" "e\xcc\x81", 2, 0, "e\xcc\x81" "e\xcc\x81");
}
END_TEST

START_TEST(t_fit_turkish)
{
    check_fit("Çağrı Şükrü", 6, 0, "Çağrı" ELL);
    check_fit("Çağrı Şükrü", 11, 1, "Çağrı Şükrü");
}
END_TEST

START_TEST(t_fit_controls)
{
    check_fit("a\tb\nc\x1b" "d", 10, 0, "a b cd");
    check_fit("x\xff", 5, 0, "x" FFFD);
}
END_TEST

START_TEST(t_fit_small_buffer)
{
    char out[3];

    ck_assert_uint_eq(text_fit("hello", 5, out, sizeof out, 0), 2);
    ck_assert_str_eq(out, "he");
    ck_assert_uint_eq(text_fit("aÇb", 5, out, sizeof out, 0), 1);
    ck_assert_str_eq(out, "a");
    ck_assert_uint_eq(text_fit("abc", 5, out, 0, 0), 0);
    ck_assert_uint_eq(text_fit("abc", 5, NULL, 10, 0), 0);
}
END_TEST

START_TEST(t_fit_len_slice)
{
    char out[32];

    text_fit_len("hello world", 5, 10, out, sizeof out, 1);
    ck_assert_str_eq(out, "hello     ");
}
END_TEST

static const char *const samples[] = {
    "", "a", "hello world", "Çağrı Şükrü", "日本語のテキスト", "a日b本c",
    "e\xcc\x81" "e\xcc\x81" "x", "\xcc\x81" "start mark", "\xf0\x9f\x98\x80 ok",
    "İADE talebi #4512", "tab\there", "x\xff" "y\xe2\x82", "ığüşöç İĞÜŞÖÇ 中文",
};

START_TEST(t_fit_property)
{
    char out[256];
    size_t s;
    int cols, pad, w;

    for (s = 0; s < sizeof samples / sizeof samples[0]; s++) {
        for (cols = 0; cols <= 24; cols++) {
            for (pad = 0; pad <= 1; pad++) {
                size_t n = text_fit(samples[s], cols, out, sizeof out, pad);

                ck_assert_uint_eq(n, strlen(out));
                ck_assert(text_validate_utf8(out, n));
                w = text_width(out);
                ck_assert_int_le(w, cols);
                if (pad)
                    ck_assert_int_eq(w, cols);
                if (text_width(samples[s]) > cols && cols > 0)
                    ck_assert_ptr_nonnull(strstr(out, ELL));
                /* a leading combining mark must not be cut off */
                if (cols > 0 && samples[s][0] == '\xcc')
                    ck_assert_int_eq(memcmp(out, "\xcc\x81", 2), 0);
            }
        }
    }
}
END_TEST

/* ---- wrap ---- */

static void
check_line(const char *s, const struct text_line *l, const char *want)
{
    ck_assert_uint_eq(l->len, strlen(want));
    ck_assert_int_eq(memcmp(s + l->off, want, l->len), 0);
    ck_assert_int_eq(l->width, text_width(want));
}

START_TEST(t_wrap_words)
{
    const char *s = "the quick brown fox";
    struct text_line l[4];

    ck_assert_int_eq(text_wrap(s, 10, l, 4), 2);
    check_line(s, &l[0], "the quick");
    check_line(s, &l[1], "brown fox");
}
END_TEST

START_TEST(t_wrap_exact_fit_and_spaces)
{
    const char *s = "abcd  efgh";
    struct text_line l[4];

    ck_assert_int_eq(text_wrap(s, 4, l, 4), 2);
    check_line(s, &l[0], "abcd");
    check_line(s, &l[1], "efgh");
}
END_TEST

START_TEST(t_wrap_long_word)
{
    const char *s = "abcdefghij";
    struct text_line l[4];

    ck_assert_int_eq(text_wrap(s, 4, l, 4), 3);
    check_line(s, &l[0], "abcd");
    check_line(s, &l[1], "efgh");
    check_line(s, &l[2], "ij");
}
END_TEST

START_TEST(t_wrap_newlines)
{
    const char *s = "a\n\n  b";
    struct text_line l[4];

    ck_assert_int_eq(text_wrap(s, 10, l, 4), 3);
    check_line(s, &l[0], "a");
    check_line(s, &l[1], "");
    check_line(s, &l[2], "  b");
    ck_assert_int_eq(text_wrap("end\n", 10, l, 4), 1);
}
END_TEST

START_TEST(t_wrap_count_only)
{
    struct text_line l[2] = {{99, 99, 99}, {99, 99, 99}};

    /* "one", "two", "thre", "e", "four" */
    ck_assert_int_eq(text_wrap("one two three four", 4, NULL, 0), 5);
    ck_assert_int_eq(text_wrap("one two three four", 4, l, 1), 5);
    ck_assert_uint_eq(l[0].len, 3);
    ck_assert_uint_eq(l[1].off, 99); /* never written past maxlines */
}
END_TEST

START_TEST(t_wrap_empty)
{
    struct text_line l[1];

    ck_assert_int_eq(text_wrap("", 10, l, 1), 1);
    ck_assert_uint_eq(l[0].len, 0);
    ck_assert_int_eq(text_wrap(NULL, 10, l, 1), 1);
}
END_TEST

START_TEST(t_wrap_cjk)
{
    const char *s = "日本語日本語";
    struct text_line l[4];

    ck_assert_int_eq(text_wrap(s, 5, l, 4), 3);
    check_line(s, &l[0], "日本");
    check_line(s, &l[1], "語日");
    check_line(s, &l[2], "本語");
}
END_TEST

START_TEST(t_wrap_turkish_words)
{
    const char *s = "Sayın Çağrı Bey, iadeniz onaylandı.";
    struct text_line l[8];

    ck_assert_int_eq(text_wrap(s, 16, l, 8), 3);
    check_line(s, &l[0], "Sayın Çağrı Bey,");
    check_line(s, &l[1], "iadeniz");
    check_line(s, &l[2], "onaylandı.");
}
END_TEST

START_TEST(t_wrap_combining_not_split)
{
    const char *s = "e\xcc\x81" "e\xcc\x81" "e\xcc\x81";
    struct text_line l[4];

    ck_assert_int_eq(text_wrap(s, 2, l, 4), 2);
    check_line(s, &l[0], "e\xcc\x81" "e\xcc\x81");
    check_line(s, &l[1], "e\xcc\x81");
}
END_TEST

START_TEST(t_wrap_property)
{
    struct text_line l[64];
    size_t s, prev_end;
    int cols, n, i;

    for (s = 0; s < sizeof samples / sizeof samples[0]; s++) {
        for (cols = 2; cols <= 20; cols++) {
            n = text_wrap(samples[s], cols, l, 64);
            ck_assert_int_ge(n, 1);
            ck_assert_int_le(n, 64);
            prev_end = 0;
            for (i = 0; i < n; i++) {
                ck_assert_uint_ge(l[i].off, prev_end);
                ck_assert_uint_le(l[i].off + l[i].len, strlen(samples[s]));
                ck_assert_int_le(l[i].width, cols);
                ck_assert_int_eq(l[i].width,
                                 text_width_len(samples[s] + l[i].off, l[i].len));
                prev_end = l[i].off + l[i].len;
            }
        }
    }
}
END_TEST

/* ---- folding ---- */

static void
check_fold(const char *in, const char *want)
{
    char *out = text_fold_tr(in);

    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, want);
    free(out);
}

START_TEST(t_fold_all_i)
{
    static const char *const is[] = {"I", "ı", "i", "İ", "i\xcc\x87",
                                     "I\xcc\x87"};
    size_t a, b;

    for (a = 0; a < sizeof is / sizeof is[0]; a++) {
        check_fold(is[a], "i");
        for (b = 0; b < sizeof is / sizeof is[0]; b++)
            ck_assert(text_fold_eq(is[a], is[b]));
    }
    check_fold("IıiİIİ", "iiiiii");
}
END_TEST

START_TEST(t_fold_isik)
{
    check_fold("IŞIK", "isik");
    check_fold("ışık", "isik");
    ck_assert(text_fold_eq("IŞIK", "ışık"));
    ck_assert(text_fold_eq("ışık", "Isik"));
    ck_assert(text_fold_eq("Işık", "İŞİK"));
}
END_TEST

START_TEST(t_fold_turkish_words)
{
    check_fold("ÇAĞRI", "cagri");
    check_fold("Şükrü Öztürk", "sukru ozturk");
    check_fold("Âlâ", "ala");
    check_fold("Îmân Ûfuk", "iman ufuk");
}
END_TEST

START_TEST(t_fold_mixed_english)
{
    check_fold("Invoice İADE", "invoice iade");
    check_fold("ORDER #1234-X", "order #1234-x");
}
END_TEST

START_TEST(t_fold_latin)
{
    check_fold("éàñß", "eanss");
    check_fold("ÆØÅ Œuvre", "aeoa oeuvre");
    check_fold("Łódź Straße", "lodz strasse");
    check_fold("2×3", "2×3");
}
END_TEST

START_TEST(t_fold_decomposed)
{
    ck_assert(text_fold_eq("S\xcc\xa7" "u\xcc\x88" "kru\xcc\x88", "Şükrü"));
}
END_TEST

START_TEST(t_fold_other_scripts)
{
    check_fold("ΑΒΓ", "αβγ");
    check_fold("МОСКВА Ёж", "москва ёж");
    check_fold("日本", "日本");
}
END_TEST

START_TEST(t_fold_locale_independent)
{
    setlocale(LC_ALL, "C");
    check_fold("İSTANBUL Işık ÇAĞRI МОСКВА", "istanbul isik cagri москва");
    setlocale(LC_ALL, "");
}
END_TEST

START_TEST(t_fold_invisible_dropped)
{
    check_fold("in\xe2\x80\x8bvoice", "invoice");
}
END_TEST

START_TEST(t_fold_invalid_bytes)
{
    check_fold("A\xff", "a" FFFD);
}
END_TEST

START_TEST(t_fold_buf_truncation)
{
    char out[5];
    size_t need;

    need = text_fold_tr_buf("日本", strlen("日本"), out, sizeof out);
    ck_assert_uint_eq(need, 6);
    ck_assert_str_eq(out, "日");
    need = text_fold_tr_buf("ÇAĞRI", strlen("ÇAĞRI"), NULL, 0);
    ck_assert_uint_eq(need, 5);
    need = text_fold_tr_buf("ABCDEFG", 7, out, sizeof out);
    ck_assert_uint_eq(need, 7);
    ck_assert_str_eq(out, "abcd");
}
END_TEST

START_TEST(t_fold_buf_len_bound)
{
    char out[16];

    ck_assert_uint_eq(text_fold_tr_buf("ABCİ", 3, out, sizeof out), 3);
    ck_assert_str_eq(out, "abc");
    ck_assert_uint_eq(text_fold_tr_buf(NULL, 5, out, sizeof out), 0);
    ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(t_fold_eq_basic)
{
    ck_assert(text_fold_eq(NULL, ""));
    ck_assert(text_fold_eq("", NULL));
    ck_assert(!text_fold_eq("abc", "abd"));
    ck_assert(!text_fold_eq("abc", "ab"));
    ck_assert(!text_fold_eq("ss", "s"));
    ck_assert(text_fold_eq("STRASSE", "straße"));
}
END_TEST

/* ---- money ---- */

static void
check_money(long long v, const char *cur, int tr, const char *want)
{
    char buf[64];
    int n = text_format_money(v, cur, tr, buf, sizeof buf);

    ck_assert_str_eq(buf, want);
    ck_assert_int_eq(n, (int)strlen(want));
}

START_TEST(t_money_english)
{
    check_money(123456, "TRY", 0, "1,234.56 TRY");
    check_money(100, "USD", 0, "1.00 USD");
    check_money(99999, "EUR", 0, "999.99 EUR");
}
END_TEST

START_TEST(t_money_turkish)
{
    check_money(123456, "TRY", 1, "1.234,56 TL");
    check_money(123456, "EUR", 1, "1.234,56 EUR");
    check_money(123456789, "try", 1, "1.234.567,89 TL");
}
END_TEST

START_TEST(t_money_negative)
{
    check_money(-123456, "TRY", 0, "-1,234.56 TRY");
    check_money(-123456, "TRY", 1, "-1.234,56 TL");
    check_money(-5, "TRY", 0, "-0.05 TRY");
}
END_TEST

START_TEST(t_money_zero_small)
{
    check_money(0, "TRY", 0, "0.00 TRY");
    check_money(0, "TRY", 1, "0,00 TL");
    check_money(7, "TRY", 1, "0,07 TL");
}
END_TEST

START_TEST(t_money_large)
{
    check_money(LLONG_MAX, "TRY", 0, "92,233,720,368,547,758.07 TRY");
    check_money(LLONG_MIN, "TRY", 1, "-92.233.720.368.547.758,08 TL");
}
END_TEST

START_TEST(t_money_decimals_by_currency)
{
    check_money(1234, "JPY", 0, "1,234 JPY");
    check_money(1234, "KWD", 0, "1.234 KWD");
    check_money(1234, "KWD", 1, "1,234 KWD");
    check_money(123456, NULL, 0, "1,234.56");
    check_money(123456, "", 1, "1.234,56");
}
END_TEST

START_TEST(t_money_errors)
{
    char buf[8];

    ck_assert_int_eq(text_format_money(100, "T L", 0, buf, sizeof buf), -1);
    ck_assert_str_eq(buf, "");
    ck_assert_int_eq(text_format_money(100, "\x1b[2J", 0, buf, sizeof buf), -1);
    ck_assert_int_eq(text_format_money(123456, "TRY", 0, buf, sizeof buf), -1);
    ck_assert_str_eq(buf, "");
    ck_assert_int_eq(text_format_money(1, "TRY", 0, NULL, 0), -1);
}
END_TEST

/* ---- duration ---- */

static void
check_dur(long long s, const char *want)
{
    char buf[32];
    int n = text_format_duration(s, buf, sizeof buf);

    ck_assert_str_eq(buf, want);
    ck_assert_int_eq(n, (int)strlen(want));
}

START_TEST(t_duration_units)
{
    check_dur(0, "0s");
    check_dur(45, "45s");
    check_dur(59, "59s");
    check_dur(60, "1m");
    check_dur(720, "12m");
    check_dur(3599, "59m");
    check_dur(3600, "1h00m");
    check_dur(11100, "3h05m");
    check_dur(86399, "23h59m");
    check_dur(86400, "1d00h");
    check_dur(187200, "2d04h");
    check_dur(99LL * 86400 + 23 * 3600, "99d23h");
    check_dur(100LL * 86400 + 23 * 3600, "100d");
    check_dur(429LL * 86400 + 13 * 3600, "429d");
}
END_TEST

START_TEST(t_duration_negative)
{
    check_dur(-45, "-45s");
    check_dur(-11100, "-3h05m");
    check_dur(-187200, "-2d04h");
    check_dur(-(429LL * 86400 + 13 * 3600), "-429d");
}
END_TEST

START_TEST(t_duration_extremes)
{
    char buf[4];

    check_dur(LLONG_MIN, "-106751991167300d");
    ck_assert_int_eq(text_format_duration(11100, buf, sizeof buf), -1);
    ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(t_append_ids)
{
    char buf[32] = "";
    const long long ids[] = { 12, 15, 1234567 };

    ck_assert_uint_eq(text_append_ids(buf, sizeof buf, "  ", "open ", ids, 0), 0);
    ck_assert_str_eq(buf, "");
    text_append_ids(buf, sizeof buf, "  ", "open ", ids, 2);
    ck_assert_str_eq(buf, "open #12 #15");
    text_append_ids(buf, sizeof buf, "  ", "linked ", ids + 2, 1);
    ck_assert_str_eq(buf, "open #12 #15  linked #1234567");
    /* What does not fit stops at an id's boundary, never half a number. */
    buf[0] = '\0';
    ck_assert_uint_eq(text_append_ids(buf, 11, "", "ids ", ids, 3), 7);
    ck_assert_str_eq(buf, "ids #12");
}
END_TEST

/* ---- days ---- */

START_TEST(t_parse_day)
{
    long long a = -1, b = -1;

    setenv("TZ", "UTC", 1);
    tzset();
    ck_assert_int_eq(text_parse_day("2024-01-31", 0, &a), 0);
    ck_assert_int_eq(a, 1706659200LL);
    ck_assert_int_eq(text_parse_day("2024-01-31", 1, &b), 0);
    ck_assert_int_eq(b, 1706659200LL + 86400);
    ck_assert_int_eq(text_parse_day("1700000000", 0, &a), 0);
    ck_assert_int_eq(a, 1700000000LL);
    a = 7;
    ck_assert_int_eq(text_parse_day("2024-02-31", 0, &a), -1);
    ck_assert_int_eq(text_parse_day("2024-02-31", 1, &a), -1);
    ck_assert_int_eq(text_parse_day("2024-1-31", 0, &a), -1);
    ck_assert_int_eq(text_parse_day("2024-01-31x", 0, &a), -1);
    ck_assert_int_eq(text_parse_day("yesterday", 0, &a), -1);
    ck_assert_int_eq(text_parse_day("", 0, &a), -1);
    ck_assert_int_eq(a, 7);
}
END_TEST

/* ---- time ---- */

START_TEST(t_time_utc)
{
    char buf[32];

    setenv("TZ", "UTC0", 1);
    tzset();
    ck_assert_int_eq(text_format_time(0, NULL, buf, sizeof buf), 16);
    ck_assert_str_eq(buf, "1970-01-01 00:00");
    text_format_time(1700000000, "%H:%M:%S", buf, sizeof buf);
    ck_assert_str_eq(buf, "22:13:20");
}
END_TEST

START_TEST(t_time_local_offset)
{
    char buf[32];

    setenv("TZ", "TRT-3", 1);
    tzset();
    text_format_time(0, NULL, buf, sizeof buf);
    ck_assert_str_eq(buf, "1970-01-01 03:00");
}
END_TEST

START_TEST(t_time_small_buffer)
{
    char buf[5];

    setenv("TZ", "UTC0", 1);
    tzset();
    ck_assert_int_eq(text_format_time(0, NULL, buf, sizeof buf), -1);
    ck_assert_str_eq(buf, "");
}
END_TEST

/* ---- masking ---- */

static void
check_phone(const char *in, const char *want)
{
    char buf[64];
    int n = text_mask_phone(in, buf, sizeof buf);

    ck_assert_str_eq(buf, want);
    ck_assert_int_eq(n, (int)strlen(want));
}

static void
check_email(const char *in, const char *want)
{
    char buf[64];
    int n = text_mask_email(in, buf, sizeof buf);

    ck_assert_str_eq(buf, want);
    ck_assert_int_eq(n, (int)strlen(want));
}

START_TEST(t_phone_turkish)
{
    check_phone("+90 532 123 45 12", "+90 5** *** ** 12");
}
END_TEST

START_TEST(t_phone_unspaced)
{
    check_phone("+905321234512", "+905*******12");
    check_phone("00905321234512", "00905*******12");
}
END_TEST

START_TEST(t_phone_national)
{
    check_phone("0532 123 45 12", "05** *** ** 12");
    check_phone("(0212) 555-12-34", "(02**) ***-**-34");
}
END_TEST

START_TEST(t_phone_other_countries)
{
    check_phone("+1 (415) 555-2671", "+1 (4**) ***-**71");
    check_phone("+4915123456789", "+491********89");
    check_phone("+358 40 1234567", "+358 4* *****67");
}
END_TEST

START_TEST(t_phone_short_and_malformed)
{
    check_phone("112", "***");
    check_phone("12345", "*****");
    check_phone("1234567", "*****67");
    check_phone("", "");
    check_phone(NULL, "");
    check_phone("call me", "");
    check_phone("+90 532\x1b 123 45 12", "+90 5** *** ** 12");
}
END_TEST

START_TEST(t_phone_small_buffer)
{
    char buf[6];

    ck_assert_int_eq(text_mask_phone("+90 532 123 45 12", buf, sizeof buf), -1);
    ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(t_email_basic)
{
    check_email("ali.veli@example.com", "a***@e***.com");
    check_email("ali@mail.example.com.tr", "a***@m***.tr");
    check_email("çağrı@örnek.com", "ç***@ö***.com");
}
END_TEST

START_TEST(t_email_malformed)
{
    check_email(NULL, "");
    check_email("", "");
    check_email("no-at-sign.com", "");
    check_email("@example.com", "***@e***.com");
    check_email("ali@", "a***@***");
    check_email("ali@localhost", "a***@l***");
    check_email("a@b@c.com", "a***@c***.com");
    check_email("ali@example.", "a***@e***");
}
END_TEST

START_TEST(t_email_hostile)
{
    check_email("\x1b]0;x@evil.com", "***@e***.com");
    check_email("ali@example.c\x1b[2J", "a***@e***");
}
END_TEST

START_TEST(t_email_small_buffer)
{
    char buf[8];

    ck_assert_int_eq(text_mask_email("ali@example.com", buf, sizeof buf), -1);
    ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(t_path_dir)
{
    char buf[16];

    text_path_dir("/var/lib/temas/t.db", buf, sizeof buf);
    ck_assert_str_eq(buf, "/var/lib/temas");
    text_path_dir("/t.db", buf, sizeof buf);
    ck_assert_str_eq(buf, "/");
    text_path_dir("t.db", buf, sizeof buf);
    ck_assert_str_eq(buf, ".");
    text_path_dir("data/", buf, sizeof buf);
    ck_assert_str_eq(buf, "data");
    /* Cut to the buffer, never past it. */
    text_path_dir("/a/very/long/directory/name/t.db", buf, sizeof buf);
    ck_assert_str_eq(buf, "/a/very/long/di");
}
END_TEST

/* The roots of a folded word, as " root root" (a changed last letter
 * written in place). */
static const char *roots(const char *w)
{
    static char out[256];
    struct text_root r[8];
    size_t o = 0;
    int n = text_stem_roots(w, strlen(w), r, 8), i;

    out[0] = '\0';
    for (i = 0; i < n; i++) {
        o += (size_t)snprintf(out + o, sizeof out - o, " %.*s%s",
                              (int)(r[i].len - (r[i].last ? 1 : 0)), w,
                              r[i].last ? (char[2]){ r[i].last, 0 } : "");
    }
    return out;
}

START_TEST(t_stem_roots)
{
    /* Suffix chains in their order: case, possessive + case, plural +
     * possessive, the pronominal n after a third-person possessive. */
    ck_assert_str_eq(roots("iadesi"), " iade iades");
    ck_assert_str_eq(roots("kartimdan"), " kart karti kartim kartimda");
    ck_assert_str_eq(roots("siparislerimi"),
                     " siparis siparisler siparisleri siparislerim");
    ck_assert_str_eq(roots("iadesinin"), " iade iades iadesi iadesin iadesini");
    /* The bare consonant before a vowel: hesabım -> hesap. */
    ck_assert_str_eq(roots("hesabim"), " hesab hesap hesabi");
    /* Words that only begin like a root are not parsed as it. */
    ck_assert_str_eq(roots("kartal"), "");
    ck_assert_str_eq(roots("kutup"), "");
    ck_assert_str_eq(roots("paralel"), "");
    ck_assert_str_eq(roots("refund"), "");
    /* No root shorter than three letters; nothing but a-z is parsed. */
    ck_assert_str_eq(roots("eli"), "");
    ck_assert_str_eq(roots("elimi"), " eli elim");
    ck_assert_str_eq(roots("tm-1234"), "");
    ck_assert_str_eq(roots("kart\xc4\xb1"), "");
    ck_assert_int_eq(text_stem_roots("siparisimden", 12, NULL, 0), 0);
}
END_TEST

static Suite *
text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc;

    tc = tcase_create("sanitize");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, t_utf8_chars);
    tcase_add_test(tc, t_san_plain);
    tcase_add_test(tc, t_san_csi_clear);
    tcase_add_test(tc, t_san_csi_sgr);
    tcase_add_test(tc, t_san_csi_private);
    tcase_add_test(tc, t_san_osc_bel);
    tcase_add_test(tc, t_san_osc_st);
    tcase_add_test(tc, t_san_osc_hyperlink);
    tcase_add_test(tc, t_san_dcs);
    tcase_add_test(tc, t_san_sos_pm_apc);
    tcase_add_test(tc, t_san_c1_raw_csi);
    tcase_add_test(tc, t_san_c1_utf8_csi);
    tcase_add_test(tc, t_san_c1_raw_osc);
    tcase_add_test(tc, t_san_c1_utf8_osc_st);
    tcase_add_test(tc, t_san_c1_other);
    tcase_add_test(tc, t_san_c1_byte_in_broken_sequence);
    tcase_add_test(tc, t_san_bracketed_paste);
    tcase_add_test(tc, t_san_two_byte_and_nf);
    tcase_add_test(tc, t_san_esc_at_end);
    tcase_add_test(tc, t_san_unterminated_osc);
    tcase_add_test(tc, t_san_esc_in_string_restarts);
    tcase_add_test(tc, t_san_can_aborts);
    tcase_add_test(tc, t_san_csi_broken_by_text);
    tcase_add_test(tc, t_san_esc_before_utf8);
    tcase_add_test(tc, t_san_rtl_override);
    tcase_add_test(tc, t_san_bidi_all);
    tcase_add_test(tc, t_san_zero_width);
    tcase_add_test(tc, t_san_invalid_lone_ff);
    tcase_add_test(tc, t_san_invalid_truncated_end);
    tcase_add_test(tc, t_san_invalid_overlong);
    tcase_add_test(tc, t_san_invalid_surrogate);
    tcase_add_test(tc, t_san_invalid_above_max);
    tcase_add_test(tc, t_san_newline_default);
    tcase_add_test(tc, t_san_newline_keep);
    tcase_add_test(tc, t_san_tab_cr_c0_del);
    tcase_add_test(tc, t_san_bounded_len);
    tcase_add_test(tc, t_san_len_cuts_sequence);
    tcase_add_test(tc, t_san_null_and_empty);
    tcase_add_test(tc, t_san_turkish_passthrough);
    tcase_add_test(tc, t_san_large_input);
    tcase_add_test(tc, t_san_random_bytes_safe);
    suite_add_tcase(s, tc);

    tc = tcase_create("utf8");
    tcase_add_test(tc, t_utf8_decode_lengths);
    tcase_add_test(tc, t_utf8_decode_invalid);
    tcase_add_test(tc, t_utf8_roundtrip);
    tcase_add_test(tc, t_utf8_validate);
    suite_add_tcase(s, tc);

    tc = tcase_create("width");
    tcase_add_test(tc, t_width_ascii);
    tcase_add_test(tc, t_width_turkish);
    tcase_add_test(tc, t_width_cjk);
    tcase_add_test(tc, t_width_combining);
    tcase_add_test(tc, t_width_emoji);
    tcase_add_test(tc, t_width_invalid_counts_one);
    tcase_add_test(tc, t_width_without_utf8_locale);
    suite_add_tcase(s, tc);

    tc = tcase_create("fit");
    tcase_add_test(tc, t_fit_exact);
    tcase_add_test(tc, t_fit_truncate_ellipsis);
    tcase_add_test(tc, t_fit_pad);
    tcase_add_test(tc, t_fit_wide_straddle);
    tcase_add_test(tc, t_fit_combining_kept);
    tcase_add_test(tc, t_fit_turkish);
    tcase_add_test(tc, t_fit_controls);
    tcase_add_test(tc, t_fit_small_buffer);
    tcase_add_test(tc, t_fit_len_slice);
    tcase_add_test(tc, t_fit_property);
    suite_add_tcase(s, tc);

    tc = tcase_create("wrap");
    tcase_add_test(tc, t_wrap_words);
    tcase_add_test(tc, t_wrap_exact_fit_and_spaces);
    tcase_add_test(tc, t_wrap_long_word);
    tcase_add_test(tc, t_wrap_newlines);
    tcase_add_test(tc, t_wrap_count_only);
    tcase_add_test(tc, t_wrap_empty);
    tcase_add_test(tc, t_wrap_cjk);
    tcase_add_test(tc, t_wrap_turkish_words);
    tcase_add_test(tc, t_wrap_combining_not_split);
    tcase_add_test(tc, t_wrap_property);
    suite_add_tcase(s, tc);

    tc = tcase_create("fold");
    tcase_add_test(tc, t_fold_all_i);
    tcase_add_test(tc, t_fold_isik);
    tcase_add_test(tc, t_fold_turkish_words);
    tcase_add_test(tc, t_fold_mixed_english);
    tcase_add_test(tc, t_fold_latin);
    tcase_add_test(tc, t_fold_decomposed);
    tcase_add_test(tc, t_fold_other_scripts);
    tcase_add_test(tc, t_fold_locale_independent);
    tcase_add_test(tc, t_fold_invisible_dropped);
    tcase_add_test(tc, t_fold_invalid_bytes);
    tcase_add_test(tc, t_fold_buf_truncation);
    tcase_add_test(tc, t_fold_buf_len_bound);
    tcase_add_test(tc, t_fold_eq_basic);
    suite_add_tcase(s, tc);

    tc = tcase_create("format");
    tcase_add_test(tc, t_money_english);
    tcase_add_test(tc, t_money_turkish);
    tcase_add_test(tc, t_money_negative);
    tcase_add_test(tc, t_money_zero_small);
    tcase_add_test(tc, t_money_large);
    tcase_add_test(tc, t_money_decimals_by_currency);
    tcase_add_test(tc, t_money_errors);
    tcase_add_test(tc, t_duration_units);
    tcase_add_test(tc, t_duration_negative);
    tcase_add_test(tc, t_duration_extremes);
    tcase_add_test(tc, t_append_ids);
    tcase_add_test(tc, t_parse_day);
    tcase_add_test(tc, t_time_utc);
    tcase_add_test(tc, t_time_local_offset);
    tcase_add_test(tc, t_time_small_buffer);
    suite_add_tcase(s, tc);

    tc = tcase_create("mask");
    tcase_add_test(tc, t_phone_turkish);
    tcase_add_test(tc, t_phone_unspaced);
    tcase_add_test(tc, t_phone_national);
    tcase_add_test(tc, t_phone_other_countries);
    tcase_add_test(tc, t_phone_short_and_malformed);
    tcase_add_test(tc, t_phone_small_buffer);
    tcase_add_test(tc, t_email_basic);
    tcase_add_test(tc, t_email_malformed);
    tcase_add_test(tc, t_email_hostile);
    tcase_add_test(tc, t_email_small_buffer);
    tcase_add_test(tc, t_path_dir);
    tcase_add_test(tc, t_stem_roots);
    suite_add_tcase(s, tc);

    return s;
}

int
main(void)
{
    setlocale(LC_ALL, "");
    return harness_run(text_suite());
}
