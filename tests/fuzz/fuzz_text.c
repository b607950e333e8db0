/*
 * fuzz_text.c: customer text through sanitising, fitting, wrapping and
 * folding, checking what include/temas/text.h promises for any bytes.
 *
 * The first input byte picks the column count and flags, the rest is the
 * text, so the fuzzer explores widths and contents together.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "temas/text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	/* The console runs in a UTF-8 locale; wcwidth() then answers. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	return 0;
}

/* Nothing a terminal would act on: every code point is printable. */
static void check_safe(const char *s, size_t len, int newlines_ok)
{
	size_t i = 0, k;
	uint32_t cp;

	FUZZ_CHECK(text_validate_utf8(s, len));
	while (i < len) {
		k = text_decode_utf8(s + i, len - i, &cp);
		FUZZ_CHECK(k > 0 && cp != TEXT_CP_INVALID);
		if (!(newlines_ok && cp == '\n'))
			FUZZ_CHECK(!text_is_unsafe_cp(cp));
		i += k;
	}
}

static void fuzz_sanitize(const char *s, size_t len, int flags)
{
	char *a = text_sanitize(s, len, flags), *b;
	size_t alen;

	FUZZ_CHECK(a != NULL);
	alen = strlen(a);
	FUZZ_CHECK(alen <= len * 3);
	check_safe(a, alen, flags & TEXT_KEEP_NEWLINES);
	/* Clean text is left alone: sanitising twice changes nothing. */
	b = text_sanitize(a, alen, flags);
	FUZZ_CHECK(b != NULL && strcmp(a, b) == 0);
	free(b);
	free(a);
}

static void fuzz_fit(const char *s, size_t len, int cols, size_t outsz, int pad)
{
	char *out = malloc(outsz ? outsz : 1);
	size_t n;

	FUZZ_CHECK(out != NULL);
	if (outsz > 0)
		memset(out, 'x', outsz);
	n = text_fit_len(s, len, cols, out, outsz, pad);
	if (outsz == 0) {
		FUZZ_CHECK(n == 0);
		free(out);
		return;
	}
	FUZZ_CHECK(n < outsz && out[n] == '\0' && strlen(out) == n);
	check_safe(out, n, 0);
	FUZZ_CHECK(text_width_len(out, n) <= (cols > 0 ? cols : 0));
	/* With room enough, padding fills the cell exactly. */
	if (pad && cols > 0 && outsz > len * 3 + (size_t)cols + 4)
		FUZZ_CHECK(text_width_len(out, n) == cols);
	/* A text that fits is kept whole (apart from what is unsafe). */
	if (cols > 0 && outsz > len * 3 + (size_t)cols + 4 &&
	    text_width_len(s, len) <= cols)
		FUZZ_CHECK(strstr(out, "\xE2\x80\xA6") == NULL ||
			   memmem(s, len, "\xE2\x80\xA6", 3) != NULL);
	free(out);
}

/* Code points that take at least one column. */
static int visible_chars(const char *s, size_t len)
{
	size_t i = 0, k;
	uint32_t cp;
	int n = 0;

	while (i < len) {
		k = text_decode_utf8(s + i, len - i, &cp);
		if (text_width_cp(cp) > 0)
			n++;
		i += k;
	}
	return n;
}

static void fuzz_wrap(const char *s, int cols)
{
	size_t len = strlen(s), end = 0;
	int total = text_wrap(s, cols, NULL, 0), n, i, w = cols < 1 ? 1 : cols;
	struct text_line *lines;

	FUZZ_CHECK(total >= 1);
	lines = calloc((size_t)total, sizeof *lines);
	FUZZ_CHECK(lines != NULL);
	n = text_wrap(s, cols, lines, total);
	FUZZ_CHECK(n == total);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(lines[i].off >= end);
		FUZZ_CHECK(lines[i].off + lines[i].len <= len);
		FUZZ_CHECK(lines[i].width ==
			   text_width_len(s + lines[i].off, lines[i].len));
		/* Only a single character wider than the line may overflow. */
		if (lines[i].width > w)
			FUZZ_CHECK(visible_chars(s + lines[i].off,
						 lines[i].len) == 1);
		end = lines[i].off + lines[i].len;
	}
	/* Filling fewer slots than needed still reports the full count. */
	if (total > 1)
		FUZZ_CHECK(text_wrap(s, cols, lines, total - 1) == total);
	free(lines);
}

static void fuzz_fold(const char *s, size_t len, size_t small)
{
	size_t need = text_fold_tr_buf(s, len, NULL, 0), got;
	char *full = malloc(need + 1), *part = malloc(small + 1), *again;

	FUZZ_CHECK(full != NULL && part != NULL);
	got = text_fold_tr_buf(s, len, full, need + 1);
	FUZZ_CHECK(got == need && full[need] == '\0');
	/* NUL folds to NUL; otherwise the result is one C string. */
	if (memchr(s, '\0', len) == NULL)
		FUZZ_CHECK(strlen(full) == need);
	FUZZ_CHECK(text_validate_utf8(full, need));
	/* A short buffer holds a whole-code-point prefix of the result. */
	got = text_fold_tr_buf(s, len, part, small + 1);
	FUZZ_CHECK(got == need);
	FUZZ_CHECK(strlen(part) <= small && strncmp(full, part, strlen(part)) == 0);
	FUZZ_CHECK(text_validate_utf8(part, strlen(part)));
	again = text_fold_tr(s);
	FUZZ_CHECK(again != NULL);
	if (memchr(s, '\0', len) == NULL)
		FUZZ_CHECK(strcmp(again, full) == 0);
	FUZZ_CHECK(text_fold_eq(s, s));
	free(again);
	free(part);
	free(full);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int cols, flags;
	size_t len, outsz;
	char *s;

	if (size == 0)
		return 0;
	/* Low bits: columns 0..63 (0 and -1 exercise the edge cases); high
	 * bits: keep newlines, pad. */
	cols = (data[0] & 0x3f) == 0x3f ? -1 : (data[0] & 0x3f);
	flags = (data[0] & 0x40) ? TEXT_KEEP_NEWLINES : 0;
	len = size - 1;
	s = malloc(len + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data + 1, len);
	s[len] = '\0';

	fuzz_sanitize(s, len, flags);
	outsz = len * 3 + (size_t)(cols > 0 ? cols : 0) + 8;
	fuzz_fit(s, len, cols, outsz, data[0] & 0x80);
	fuzz_fit(s, len, cols, (size_t)(data[0] & 0x0f), data[0] & 0x80);
	fuzz_wrap(s, cols);
	fuzz_fold(s, len, (size_t)(data[0] & 0x1f));
	free(s);
	return 0;
}
