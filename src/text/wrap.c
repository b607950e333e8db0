/*
 * wrap.c - word-wrapping text into screen lines.
 *
 * Message bodies in the timeline and the compose pane are shown wrapped
 * to the pane's width.  The wrapper only reports where each line starts
 * and ends in the original bytes, so a pane can lay out a long message
 * without allocating anything per line and draw each line with
 * text_fit_len.
 */
#include <limits.h>
#include <string.h>

#include "temas/text.h"

struct wrap_out {
    struct text_line *lines;
    int max;
    int n;
};

static void
emit(struct wrap_out *w, size_t off, size_t len, int width)
{
    if (w->n < w->max) {
        w->lines[w->n].off = off;
        w->lines[w->n].len = len;
        w->lines[w->n].width = width;
    }
    if (w->n < INT_MAX)
        w->n++;
}

static int
is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t';
}

int
text_wrap(const char *s, int cols, struct text_line *lines, int maxlines)
{
    struct wrap_out w = {lines, lines == NULL ? 0 : maxlines, 0};
    size_t len, i = 0, k, start = 0;
    size_t brk_end = 0;  /* end of the text before the last space run */
    size_t resume = 0;   /* start of the word after that run */
    int width = 0, brk_width = 0, resume_width = 0, cw;
    int have_brk = 0, in_space = 0;
    uint32_t cp;

    if (w.max < 0)
        w.max = 0;
    if (cols < 1)
        cols = 1;
    len = s == NULL ? 0 : strlen(s);

    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            cp = (unsigned char)s[i];
            k = 1;
        } else {
            k = text_decode_utf8(s + i, len - i, &cp);
        }

        if (cp == '\n') {
            emit(&w, start, (in_space && have_brk ? brk_end : i) - start,
                 in_space && have_brk ? brk_width : width);
            i += k;
            start = i;
            width = 0;
            have_brk = in_space = 0;
            continue;
        }

        cw = text_width_cp(cp);

        if (is_space(cp)) {
            if (width + cw > cols) {
                /* The line is full at a space: end it and skip the run. */
                emit(&w, start, (in_space && have_brk ? brk_end : i) - start,
                     in_space && have_brk ? brk_width : width);
                while (i < len && is_space((unsigned char)s[i]))
                    i++;
                start = i;
                width = 0;
                have_brk = in_space = 0;
                continue;
            }
            if (!in_space && i > start) {
                brk_end = i;
                brk_width = width;
                have_brk = 1;
            }
            in_space = 1;
            width += cw;
            i += k;
            resume = i;
            resume_width = width;
            continue;
        }

        in_space = 0;
        if (cw > 0 && width + cw > cols) {
            if (have_brk) {
                /* Soft break at the last space; the word moves down. */
                emit(&w, start, brk_end - start, brk_width);
                start = resume;
                width -= resume_width;
                have_brk = 0;
                continue; /* the word may still be too long */
            }
            if (width > 0) {
                /* A word longer than the line: break inside it. */
                emit(&w, start, i - start, width);
                start = i;
                width = 0;
                continue;
            }
            /* A character wider than the whole line stands alone. */
        }
        width += cw;
        i += k;
    }
    if (start < len || w.n == 0)
        emit(&w, start, (in_space && have_brk ? brk_end : len) - start,
             in_space && have_brk ? brk_width : width);
    return w.n;
}
