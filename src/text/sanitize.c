/*
 * sanitize.c - making text from customers harmless before it is drawn.
 *
 * Mail bodies, chat messages and imported records can carry terminal
 * escape sequences (clear the screen, retitle the window, plant a
 * hyperlink, fake a bracketed paste), bidi overrides that reorder what the
 * agent reads, and invisible characters that hide words.  This file strips
 * them with one linear pass over the input.  It parses the way a terminal
 * does (ECMA-48: control strings end at ST, BEL, CAN or SUB, and an ESC
 * inside one starts a new sequence), so nothing a terminal would treat as
 * a control survives, and ordinary text after a sequence is kept.
 */
#include <stdlib.h>
#include <string.h>

#include "temas/text.h"

enum san_state {
    ST_GROUND, /* ordinary text */
    ST_ESC,    /* after ESC */
    ST_CSI,    /* control sequence: parameters and intermediates */
    ST_NF,     /* ESC + intermediates, waiting for the final byte */
    ST_STR,    /* control string (OSC, DCS, SOS, PM, APC) */
    ST_STR_ESC /* ESC inside a control string: ST or a new sequence */
};

#define C_BEL 0x07
#define C_CAN 0x18
#define C_SUB 0x1A
#define C_ESC 0x1B
#define C_DEL 0x7F
#define C1_DCS 0x90
#define C1_SOS 0x98
#define C1_CSI 0x9B
#define C1_ST 0x9C
#define C1_OSC 0x9D
#define C1_PM 0x9E
#define C1_APC 0x9F

int
text_is_unsafe_cp(uint32_t cp)
{
    if (cp < 0x20 || cp == C_DEL || (cp >= 0x80 && cp <= 0x9F))
        return 1;
    switch (cp) {
    case 0x061C: /* Arabic letter mark */
    case 0x200B: /* zero width space */
    case 0x200C: /* zero width non-joiner */
    case 0x200D: /* zero width joiner */
    case 0x200E: /* left-to-right mark */
    case 0x200F: /* right-to-left mark */
    case 0x2060: /* word joiner */
    case 0xFEFF: /* zero width no-break space / BOM */
        return 1;
    default:
        break;
    }
    if (cp >= 0x202A && cp <= 0x202E) /* embeddings and overrides */
        return 1;
    if (cp >= 0x2066 && cp <= 0x2069) /* isolates */
        return 1;
    return cp > 0x10FFFF;
}

static int
is_string_introducer(uint32_t cp)
{
    return cp == C1_OSC || cp == C1_DCS || cp == C1_SOS || cp == C1_PM ||
           cp == C1_APC;
}

/* Start of a control string after ESC: ] P X ^ _ */
static int
is_string_final(uint32_t cp)
{
    return cp == ']' || cp == 'P' || cp == 'X' || cp == '^' || cp == '_';
}

char *
text_sanitize(const char *s, size_t len, int flags)
{
    enum san_state st = ST_GROUND;
    char *out, *o, *shrunk;
    size_t i = 0, k;
    uint32_t cp;
    unsigned char b;

    if (s == NULL)
        len = 0;
    /* An ill-formed byte can grow to the three bytes of U+FFFD. */
    if (len > (SIZE_MAX - 1) / 3)
        return NULL;
    out = malloc(len * 3 + 1);
    if (out == NULL)
        return NULL;
    o = out;

    while (i < len) {
        b = (unsigned char)s[i];
        if (b < 0x80) {
            cp = b;
            k = 1;
        } else {
            k = text_decode_utf8(s + i, len - i, &cp);
            /* A byte 0x80-0x9F after ASCII is an 8-bit C1 control; after
             * another high byte it is the rest of a broken sequence and
             * shows as U+FFFD like the bytes before it. */
            if (cp == TEXT_CP_INVALID && b <= 0x9F &&
                (i == 0 || (unsigned char)s[i - 1] < 0x80))
                cp = b;
        }

        switch (st) {
        case ST_GROUND:
            if (cp == TEXT_CP_INVALID) {
                memcpy(o, "\xEF\xBF\xBD", 3);
                o += 3;
            } else if (cp == C_ESC) {
                st = ST_ESC;
            } else if (cp == C1_CSI) {
                st = ST_CSI;
            } else if (is_string_introducer(cp)) {
                st = ST_STR;
            } else if (cp == '\t') {
                *o++ = ' ';
            } else if (cp == '\n') {
                *o++ = (flags & TEXT_KEEP_NEWLINES) ? '\n' : ' ';
            } else if (!text_is_unsafe_cp(cp)) {
                memcpy(o, s + i, k);
                o += k;
            }
            i += k;
            break;

        case ST_ESC:
            if (cp == '[') {
                st = ST_CSI;
            } else if (is_string_final(cp)) {
                st = ST_STR;
            } else if (cp >= 0x20 && cp <= 0x2F) {
                st = ST_NF;
            } else if (cp == C_ESC) {
                st = ST_ESC;
            } else if (cp >= 0x30 && cp <= 0x7E) {
                st = ST_GROUND; /* two-byte sequence, e.g. ESC c */
            } else if (cp == C_CAN || cp == C_SUB) {
                st = ST_GROUND;
            } else {
                st = ST_GROUND; /* not a sequence: drop the ESC alone */
                continue;
            }
            i += k;
            break;

        case ST_CSI:
            if (cp >= 0x20 && cp <= 0x3F) {
                i += k;
            } else if (cp >= 0x40 && cp <= 0x7E) {
                st = ST_GROUND;
                i += k;
            } else if (cp == C_ESC) {
                st = ST_ESC;
                i += k;
            } else if (cp == C_CAN || cp == C_SUB) {
                st = ST_GROUND;
                i += k;
            } else {
                st = ST_GROUND; /* malformed: drop what came so far */
            }
            break;

        case ST_NF:
            if (cp >= 0x20 && cp <= 0x2F) {
                i += k;
            } else if (cp >= 0x30 && cp <= 0x7E) {
                st = ST_GROUND;
                i += k;
            } else {
                st = ST_GROUND;
            }
            break;

        case ST_STR:
            if (cp == C_ESC)
                st = ST_STR_ESC;
            else if (cp == C_BEL || cp == C1_ST || cp == C_CAN || cp == C_SUB)
                st = ST_GROUND;
            i += k;
            break;

        case ST_STR_ESC:
            if (cp == '\\') {
                st = ST_GROUND;
                i += k;
            } else {
                st = ST_ESC; /* the ESC began a new sequence */
            }
            break;
        }
    }
    *o++ = '\0';

    shrunk = realloc(out, (size_t)(o - out));
    return shrunk != NULL ? shrunk : out;
}
