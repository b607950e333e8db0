/*
 * encoding.c - text that is not UTF-8: what it looks like, and converting
 * it.
 *
 * Teams in Turkey still export files from older systems in ISO-8859-9
 * (Latin-5) or its Windows superset, code page 1254.  Such a file is
 * refused as a whole with one message naming what it looks like, or
 * converted on the fly when the user names the encoding.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "temas/text.h"

/* The Turkish letters of ISO-8859-9 and code page 1254 (the same
 * bytes in both): Ç Ğ İ Ö Ş Ü ç ğ ı ö ş ü and â î û. */
static int turkish_letter(unsigned char b)
{
	static const unsigned char letters[] = {
		0xC7, 0xD0, 0xDD, 0xD6, 0xDE, 0xDC, 0xE7, 0xF0, 0xFD, 0xF6,
		0xFE, 0xFC, 0xE2, 0xEE, 0xFB, 0xC2,
	};
	size_t i;

	for (i = 0; i < sizeof letters; i++)
		if (letters[i] == b)
			return 1;
	return 0;
}

const char *text_legacy_guess(const char *s, size_t len)
{
	size_t i;
	int turkish = 0, c1 = 0;

	for (i = 0; i < len; i++) {
		unsigned char b = (unsigned char)s[i];

		/* Code page 1254 prints in 0x80-0x9F (quotes, dashes, the
		 * euro); ISO-8859-9 has only control codes there. */
		c1 |= b >= 0x80 && b <= 0x9F;
		turkish |= turkish_letter(b);
	}
	if (!turkish)
		return NULL;
	return c1 ? "WINDOWS-1254" : "ISO-8859-9";
}

/* Excel saves "Unicode Text" as UTF-16; read as bytes, its BOM FF FE
 * looks like two Turkish letters of ISO-8859-9, so it is told apart
 * first, by the mark or by the zeros of ASCII letters. */
const char *text_wide_guess(const char *s, size_t len)
{
	const unsigned char *b = (const unsigned char *)s;

	if (len >= 4 && memcmp(b, "\xFF\xFE\0\0", 4) == 0)
		return "UTF-32LE";
	if (len >= 4 && memcmp(b, "\0\0\xFE\xFF", 4) == 0)
		return "UTF-32BE";
	if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE)
		return "UTF-16LE";
	if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF)
		return "UTF-16BE";
	if (len < 4)
		return NULL;
	if (b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0)
		return "UTF-32LE";
	if (b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0)
		return "UTF-32BE";
	if (b[0] != 0 && b[1] == 0 && b[3] == 0)
		return "UTF-16LE";
	if (b[0] == 0 && b[1] != 0 && b[2] == 0)
		return "UTF-16BE";
	return NULL;
}

int text_to_utf8(const char *from, const char *in, size_t len, char **out,
		 size_t *outlen, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", from);
	size_t cap = len * 3 + 16, left = len, room;
	char *buf, *src = (char *)in, *dst;

	*out = NULL;
	*outlen = 0;
	*bad = 0;
	if (cd == (iconv_t)-1)
		return -1;
	buf = malloc(cap);
	if (buf == NULL) {
		iconv_close(cd);
		return -2;
	}
	dst = buf;
	room = cap - 1;
	if (iconv(cd, &src, &left, &dst, &room) == (size_t)-1) {
		*bad = (size_t)(src - in);
		free(buf);
		iconv_close(cd);
		return errno == E2BIG ? -2 : -3;
	}
	iconv_close(cd);
	*dst = '\0';
	*out = buf;
	*outlen = (size_t)(dst - buf);
	return 0;
}
