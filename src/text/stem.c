/*
 * stem.c - the roots a folded Turkish word may have, for search.
 *
 * Turkish builds words by adding suffixes to a root: "iade" (refund) is
 * also "iadesi", "iademi", "iadesinin"; "hesap" (account) is "hesabım",
 * "hesabımdan".  A customer writes the inflected word, an agent searches
 * for the root, and whole-word search finds half of what the agent means.
 *
 * Rather than one stem per word (a stemmer has to guess which reading is
 * meant, and a wrong guess loses the word for good), this file lists every
 * way the end of a word parses as a chain of nominal suffixes in their
 * order: plural, possessive, case, the relative -ki and the copula -DIr,
 * each in the forms vowel harmony, the buffer letters and the consonant
 * before it allow.  The search index holds a word together with all its
 * roots, and a query word stands for itself or any of its roots, so
 * "siparişimi" and "siparişlerde" meet in "siparis" while "kartal" never
 * parses as "kart" + a suffix and is not found for "kart".  A root that
 * ends in b, d or g before a vowel is also given with p, t or k, the
 * consonant the bare word has ("hesabım" -> "hesap").
 *
 * Input is already folded (fold.c: lower case, ı and i alike, ş→s, ğ→g,
 * ö→o, ü→u), so harmony pairs such as -ım/-im/-um/-üm fold to -im/-um.
 * Words with anything but the letters a-z are left alone, as are English
 * words, which rarely parse as Turkish suffix chains and, when they do,
 * only gain a root nobody searches for.
 */
#include <string.h>

#include "temas/text.h"

/* A root shorter than this is no root: "su" and "el" would match half
 * the language. */
#define ROOT_MIN 3
/* Suffix chains longer than this are not parsed. */
#define CHAIN_MAX 14

enum slot { S_PLURAL, S_POSS, S_CASE, S_KI, S_CASE2, S_COP, S_END };

/* Morphemes of one slot: those that follow a vowel, those that follow a
 * consonant, and those that follow either.  NULL-terminated. */
struct morphemes {
	const char *const *after_vowel;
	const char *const *after_consonant;
};

static const char *const pl_any[] = { "lar", "ler", NULL };
static const char *const poss_v[] = { "m", "n", "si", "su", "miz", "muz",
	"niz", "nuz", "lari", "leri", NULL };
static const char *const poss_c[] = { "im", "um", "in", "un", "i", "u",
	"imiz", "umuz", "iniz", "unuz", "lari", "leri", NULL };
static const char *const case_v[] = { "yi", "yu", "ya", "ye", "nin", "nun",
	"da", "de", "dan", "den", "yla", "yle", "ni", "nu", "na", "ne",
	"nda", "nde", "ndan", "nden", NULL };
static const char *const case_c[] = { "i", "u", "a", "e", "in", "un",
	"da", "de", "ta", "te", "dan", "den", "tan", "ten", "la", "le", NULL };
static const char *const ki_any[] = { "ki", NULL };
static const char *const case2_v[] = { "ni", "ne", "nde", "nden", "nin",
	"ler", "leri", NULL };
static const char *const cop_any[] = { "dir", "dur", "tir", "tur", NULL };

static const struct morphemes slots[S_END] = {
	[S_PLURAL] = { pl_any, pl_any },
	[S_POSS] = { poss_v, poss_c },
	[S_CASE] = { case_v, case_c },
	[S_KI] = { ki_any, ki_any },
	[S_CASE2] = { case2_v, NULL },
	[S_COP] = { cop_any, cop_any },
};

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* 1 if s[0..n) parses as suffixes of the slots from `from` on, after a
 * letter that is a vowel when vowel is set. */
static int chain(const char *s, size_t n, int from, int vowel)
{
	int slot, k;

	if (n == 0)
		return 1;
	for (slot = from; slot < S_END; slot++) {
		const char *const *list = vowel ? slots[slot].after_vowel
						: slots[slot].after_consonant;

		for (k = 0; list != NULL && list[k] != NULL; k++) {
			size_t m;

			/* Most morphemes differ at once: the index calls this
			 * for every word of every message. */
			if (list[k][0] != s[0])
				continue;
			m = strlen(list[k]);
			if (m <= n && memcmp(s, list[k], m) == 0 &&
			    chain(s + m, n - m, slot + 1, is_vowel(list[k][m - 1])))
				return 1;
		}
	}
	return 0;
}

static int plain_word(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return 0;
	return 1;
}

static int add(struct text_root *out, int got, int max, size_t len, char last)
{
	int i;

	for (i = 0; i < got; i++)
		if (out[i].len == len && out[i].last == last)
			return got;
	if (got < max) {
		out[got].len = len;
		out[got].last = last;
		got++;
	}
	return got;
}

int text_stem_roots(const char *w, size_t n, struct text_root *out, int max)
{
	size_t k;
	int got = 0;

	if (max <= 0 || n <= ROOT_MIN || !plain_word(w, n))
		return 0;
	for (k = ROOT_MIN; k < n && got < max; k++) {
		const char *rest = w + k;
		size_t rn = n - k;
		char end = w[k - 1];

		if (rn > CHAIN_MAX || !chain(rest, rn, S_PLURAL, is_vowel(end)))
			continue;
		got = add(out, got, max, k, 0);
		if (is_vowel(rest[0])) {
			char bare = end == 'b' ? 'p' : end == 'd' ? 't' :
				    end == 'g' ? 'k' : 0;

			if (bare)
				got = add(out, got, max, k, bare);
		}
	}
	return got;
}
