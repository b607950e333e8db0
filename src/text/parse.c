/*
 * parse.c: strict readers for the values in imported files (ISO 8601
 * times, decimal amounts, integers, UTF-8) and the writers that produce the
 * same forms on export.  Strict on purpose: a value that could mean two
 * things ("12.345": twelve thousand or twelve and a bit?) is refused, so an
 * import never stores a guess.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "temas/i18n.h"
#include "temas/parse.h"
#include "temas/text.h"

int text_utf8_check(const char *str, size_t n, size_t *bad)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t k = text_decode_utf8(str + i, n - i, &cp);

		/* NUL is well-formed but cannot live in a C string value. */
		if (cp == TEXT_CP_INVALID || cp == 0) {
			if (bad)
				*bad = i;
			return -1;
		}
		i += k;
	}
	return 0;
}

long long text_days_from_civil(int y, int m, int d)
{
	/* Howard Hinnant's algorithm: exact for every Gregorian date. */
	long long yy = (long long)y - (m <= 2);
	long long era = (yy >= 0 ? yy : yy - 399) / 400;
	long long yoe = yy - era * 400;
	long long doy = (153LL * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static int digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dm[m - 1];
}

int text_parse_iso_time(const char *s, long long *out, const char **why)
{
	int y, mo, d, h = 0, mi = 0, se = 0, oh, om, sign;
	const char *p;
	long long t;

	*why = _("not a date (use 2025-03-01 or 2025-03-01T10:00:00Z)");
	if (strlen(s) < 10 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) {
		*why = _("no such day in the calendar");
		return -1;
	}
	p = s + 10;
	if (*p == '\0') {
		*out = text_days_from_civil(y, mo, d) * 86400;
		return 0;
	}
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if (digits(p, 2, &h) || p[2] != ':' || digits(p + 3, 2, &mi))
		return -1;
	p += 5;
	if (*p == ':') {
		if (digits(p + 1, 2, &se))
			return -1;
		p += 3;
		if (*p == '.' || *p == ',') {
			p++;
			if (*p < '0' || *p > '9')
				return -1;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	if (h > 23 || mi > 59 || se > 60) {
		*why = _("time of day out of range");
		return -1;
	}
	t = text_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
		*out = t;
		return 0;
	}
	if (*p != '+' && *p != '-') {
		*why = _("time zone missing (end with Z or +03:00)");
		return -1;
	}
	sign = *p == '-' ? -1 : 1;
	if (digits(p + 1, 2, &oh))
		return -1;
	p += 3;
	if (*p == ':')
		p++;
	if (digits(p, 2, &om) || p[2] != '\0' || oh > 14 || om > 59) {
		*why = _("bad time zone offset (use +03:00)");
		return -1;
	}
	*out = t - sign * (oh * 3600 + om * 60);
	return 0;
}

int text_parse_amount(const char *s, long long *out, const char **why)
{
	const char *p = s;
	long long whole = 0;
	int neg = 0, ndig = 0, frac = 0, nfrac = 0;

	*why = _("not an amount (use 1234.56)");
	if (*p == '-') {
		neg = 1;
		p++;
	}
	for (; *p >= '0' && *p <= '9'; p++, ndig++) {
		if (whole > (LLONG_MAX / 100 - 9) / 10) {
			*why = _("amount too large");
			return -1;
		}
		whole = whole * 10 + (*p - '0');
	}
	if (ndig == 0)
		return -1;
	if (*p == '.' || *p == ',') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++, nfrac++)
			if (nfrac < 2)
				frac = frac * 10 + (*p - '0');
		if (nfrac == 0)
			return -1;
		if (nfrac > 2) {
			*why = _("more than two decimals (thousands separators are not accepted)");
			return -1;
		}
		if (nfrac == 1)
			frac *= 10;
	}
	if (*p != '\0')
		return -1;
	*out = (whole * 100 + frac) * (neg ? -1 : 1);
	return 0;
}

int text_parse_int(const char *s, long long *out, const char **why)
{
	const char *p = s;
	long long v = 0;
	int neg = 0;

	*why = _("not a whole number");
	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (*p == '\0')
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		if (v > (LLONG_MAX - 9) / 10) {
			*why = _("number too large");
			return -1;
		}
		v = v * 10 + (*p - '0');
	}
	*out = neg ? -v : v;
	return 0;
}

int text_parse_duration(const char *s, long long *out, const char **why)
{
	const char *p = s;
	long long total = 0;

	*why = _("not a duration (use 90s, 30m, 2h, 1d or 1h30m)");
	if (*p == '\0')
		return -1;
	if (strcmp(p, "0") == 0) {
		*out = 0;
		return 0;
	}
	while (*p) {
		long long v = 0, unit;

		if (*p < '0' || *p > '9')
			return -1;
		for (; *p >= '0' && *p <= '9'; p++) {
			v = v * 10 + (*p - '0');
			if (v > 1000000)
				return -1;
		}
		switch (*p++) {
		case 's': unit = 1; break;
		case 'm': unit = 60; break;
		case 'h': unit = 3600; break;
		case 'd': unit = 86400; break;
		default: return -1;
		}
		total += v * unit;
		if (total > 366 * 86400LL) {
			*why = _("longer than a year");
			return -1;
		}
	}
	*out = total;
	return 0;
}

int text_parse_csat_reply(const char *text, const char **comment, size_t *clen)
{
	const char *p = text, *e;
	int score;

	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p < '1' || *p > '5')
		return 0;
	score = *p++ - '0';
	if (*p >= '0' && *p <= '9')
		return 0;
	/* 4.5 and 3,5 are not answers on a scale of whole numbers. */
	if ((*p == '.' || *p == ',') && p[1] >= '0' && p[1] <= '9')
		return 0;
	if (*p == '/') {
		if (p[1] != '5' || (p[2] >= '0' && p[2] <= '9'))
			return 0;
		p += 2;
	}
	while (*p == ' ' || *p == '\t' || *p == '-' || *p == ':' || *p == ',' ||
	       *p == '.' || *p == '!' || *p == ';' || *p == ')')
		p++;
	e = p + strcspn(p, "\n");
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*comment = p;
	*clen = (size_t)(e - p);
	return score;
}

void text_format_iso_time(long long utc, char *buf, size_t n)
{
	long long days = utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
	long long secs = utc - days * 86400;
	/* Inverse of text_days_from_civil (Hinnant's civil_from_days). */
	long long z = days + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long y = yoe + era * 400;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	long long d = doy - (153 * mp + 2) / 5 + 1;
	long long m = mp < 10 ? mp + 3 : mp - 9;

	if (m <= 2)
		y++;
	snprintf(buf, n, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", y, m, d,
		 secs / 3600, secs / 60 % 60, secs % 60);
}

void text_format_amount(long long minor, char *buf, size_t n)
{
	unsigned long long a = minor < 0 ? 0ULL - (unsigned long long)minor
					 : (unsigned long long)minor;

	snprintf(buf, n, "%s%llu.%02llu", minor < 0 ? "-" : "", a / 100, a % 100);
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int text_lang_tag_valid(const char *s)
{
	size_t n = 0, len = strlen(s), i;
	int first = 1;

	if (len == 0 || len > 35 || s[len - 1] == '-')
		return 0;
	for (i = 0; i <= len; i++) {
		if (s[i] == '-' || s[i] == '\0') {
			/* The language: letters only, 2-3 (or a registered 4-8). */
			if (n == 0 || n > 8 || (first && n < 2))
				return 0;
			first = 0;
			n = 0;
			continue;
		}
		if (!is_alpha(s[i]) && (first || s[i] < '0' || s[i] > '9'))
			return 0;
		n++;
	}
	return 1;
}

int text_email_check(const char *s, const char **why)
{
	const char *at = strchr(s, '@'), *p;

	for (p = s; *p; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			*why = _("an e-mail address holds no blank or control character");
			return -1;
		}
	}
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL) {
		*why = _("an e-mail address is name@domain, with one '@'");
		return -1;
	}
	p = strrchr(at + 1, '.');
	if (p == NULL || p == at + 1 || p[1] == '\0') {
		*why = _("an e-mail address's domain has a dot: name@example.com");
		return -1;
	}
	return 0;
}

int text_phone_check(const char *s, const char **why)
{
	int digits = 0;

	/* Words may come with the digits ("dahili 12", "ext. 5"). */
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if ((unsigned char)*s < ' ' || *s == 0x7f) {
			*why = _("a phone number holds no control character");
			return -1;
		}
	}
	if (digits < 5) {
		*why = _("a phone number has at least five digits");
		return -1;
	}
	return 0;
}
