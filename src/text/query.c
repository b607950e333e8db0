/*
 * query.c: parsing a search box into terms and writing them as a full-text
 * MATCH expression.
 *
 * Kept apart from the store so it can be tested without a database and so
 * the one rule of what a word is (query_is_word_cp) is shared by the query
 * and by the index's tokenizer.  Safety comes from the output form: every
 * term is a double-quoted string with quotes doubled, and the only syntax
 * written around them is AND, OR, parentheses and the prefix star.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "temas/i18n.h"
#include "temas/query.h"
#include "temas/text.h"

/* The national part of a phone number: the index keeps it too. */
#define PHONE_NATIONAL_DIGITS 10
/* Fewer digits than this in a run of numbers is not a phone or order key. */
#define DIGIT_RUN_MIN 7

int query_is_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z');
	if (cp == TEXT_CP_INVALID || cp == TEXT_CP_REPLACEMENT)
		return 0;
	if (cp < 0xC0)                      /* C1 controls, Latin-1 signs */
		return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
	if (cp == 0xD7 || cp == 0xF7)       /* multiplication, division */
		return 0;
	if (cp >= 0x2000 && cp <= 0x2BFF)   /* punctuation, symbols, arrows */
		return 0;
	if (cp >= 0x3000 && cp <= 0x303F)   /* CJK punctuation */
		return 0;
	if (cp >= 0xFE10 && cp <= 0xFE6F)   /* vertical and small forms */
		return 0;
	if (cp >= 0xFF00 && cp <= 0xFF0F)   /* full-width punctuation */
		return 0;
	if (cp >= 0x1F000 && cp <= 0x1FAFF) /* emoji and pictographs */
		return 0;
	return 1;
}

static int fail(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errsz, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* 1-based column (in characters) of byte offset off of s. */
static int column_of(const char *s, size_t off)
{
	return 1 + (int)text_utf8_chars(s, off);
}

static int has_word_cp_len(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = text_decode_utf8(s + i, len - i, &cp);
		if (query_is_word_cp(cp))
			return 1;
		i += n;
	}
	return 0;
}

static int has_word_cp(const char *s)
{
	return has_word_cp_len(s, strlen(s));
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Fold bytes [from, to) of in as one more term of q. */
static int add_term(struct query *q, size_t *used, const char *in, size_t from,
		    size_t to, int phrase, int prefix, char *err, size_t errsz)
{
	size_t room = sizeof q->buf - *used, need;
	char *dst = q->buf + *used;
	struct query_term *t;

	need = text_fold_tr_buf(in + from, to - from, dst, room);
	if (need >= room)
		return fail(err, errsz, _("search: query is too long (more than %d bytes)"),
			    QUERY_MAX_BYTES);
	/* A term with nothing to match ("-", "...") is left out quietly:
	 * people type separators between words. */
	if (!has_word_cp(dst))
		return 0;
	if (q->nterms >= QUERY_MAX_TERMS)
		return fail(err, errsz, _("search: too many terms (at most %d)"),
			    QUERY_MAX_TERMS);
	t = &q->terms[q->nterms++];
	t->text = dst;
	t->phrase = phrase;
	t->prefix = prefix;
	t->column = column_of(in, from);
	*used += need + 1;
	return 0;
}

int query_parse(const char *in, struct query *q, char *err, size_t errsz)
{
	size_t len, i = 0, used = 0, start, end;
	int prefix, had_any = 0;

	memset(q, 0, sizeof *q);
	if (err != NULL && errsz > 0)
		err[0] = '\0';
	if (in == NULL)
		in = "";
	len = strlen(in);
	if (len > QUERY_MAX_BYTES)
		return fail(err, errsz, _("search: query is too long (more than %d bytes)"),
			    QUERY_MAX_BYTES);
	if (!text_validate_utf8(in, len)) {
		size_t ok = 0, n;
		uint32_t cp;

		while (ok < len) {
			n = text_decode_utf8(in + ok, len - ok, &cp);
			if (cp == TEXT_CP_INVALID)
				break;
			ok += n;
		}
		return fail(err, errsz, _("search: invalid UTF-8 at column %d"),
			    column_of(in, ok));
	}
	while (i < len) {
		if (is_space(in[i])) {
			i++;
			continue;
		}
		had_any = 1;
		if (in[i] == '"') {
			start = i + 1;
			end = start;
			while (end < len && in[end] != '"')
				end++;
			if (end >= len)
				return fail(err, errsz,
					    _("search: unclosed quote at column %d"),
					    column_of(in, i));
			i = end + 1;
			prefix = 0;
			if (i < len && in[i] == '*') {
				prefix = 1;
				i++;
			}
			if (i < len && !is_space(in[i]) && in[i] != '"')
				return fail(err, errsz,
					    _("search: put a space after the closing quote at column %d"),
					    column_of(in, i - 1));
			if (add_term(q, &used, in, start, end, 1, prefix, err,
				     errsz) != 0)
				return -1;
			continue;
		}
		start = i;
		while (i < len && !is_space(in[i]) && in[i] != '"')
			i++;
		end = i;
		prefix = 0;
		if (in[end - 1] == '*') {
			size_t k;

			for (k = start; k < end - 1; k++)
				if (in[k] == '*')
					return fail(err, errsz,
						    _("search: '*' can only end a word (column %d)"),
						    column_of(in, k));
			end--;
			prefix = 1;
			if (end == start || !has_word_cp_len(in + start, end - start))
				return fail(err, errsz,
					    _("search: '*' needs a word before it (column %d)"),
					    column_of(in, end));
		} else {
			size_t k;

			for (k = start; k < end; k++)
				if (in[k] == '*')
					return fail(err, errsz,
						    _("search: '*' can only end a word (column %d)"),
						    column_of(in, k));
		}
		if (add_term(q, &used, in, start, end, 0, prefix, err, errsz) != 0)
			return -1;
	}
	if (!had_any)
		return fail(err, errsz, _("search: empty query"));
	if (q->nterms == 0)
		return fail(err, errsz, _("search: no letters or digits to search for"));
	return 0;
}

struct out {
	char *p;
	size_t n, len;
	int overflow;
	query_expand_fn expand;
	void *ctx;
	int joined;             /* the next string goes on with the last phrase */
	struct query_groups *groups;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->overflow || o->len + n >= o->n) {
		o->overflow = 1;
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* A double-quoted string: the match syntax's only escape is "" for ".
 * It is a phrase of its own (FTS5 numbers them as they come) unless "+"
 * joined it to the one before. */
static void put_quoted(struct out *o, const char *s, size_t n)
{
	size_t i;

	if (!o->joined && o->groups != NULL)
		o->groups->nphrase++;
	o->joined = 0;

	put(o, "\"", 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			put(o, "\"\"", 2);
		else
			put(o, s + i, 1);
	}
	put(o, "\"", 1);
}

/* Only plain folded words (letters a-z and digits) are looked up. */
static int plain_word(const char *w)
{
	if (*w == '\0')
		return 0;
	for (; *w; w++)
		if (!((*w >= 'a' && *w <= 'z') || (*w >= '0' && *w <= '9')))
			return 0;
	return 1;
}

/* Where the word a term ends with begins: after its last byte that is
 * not part of a word ("sp-2023" -> 3), 0 for a word alone. */
static size_t last_word_start(const char *s, size_t n)
{
	size_t i = 0, k, start = 0;
	uint32_t cp;

	while (i < n) {
		k = text_decode_utf8(s + i, n - i, &cp);
		i += k;
		if (!query_is_word_cp(cp))
			start = i;
	}
	return start;
}

/*
 * A prefix word as the words it stands for, when the caller knows them:
 * "HEAD\1w1\2w2\2w3", HEAD being what comes before it in its phrase
 * ("" for a word alone), \1 telling the tokenizer that the word after it
 * is meant exactly and \2 that the next is another word in the same
 * place.  So the prefix stays one word of the phrase, standing for
 * several.  When some of them are narrower prefixes ("2023" and "20230*",
 * "20231*", ...), which only a phrase alone may have, it is each of them
 * in its place, joined by OR: ("HEAD\1w1" OR "HEADp1" * OR ...).  0 when
 * the prefix is left as it is.
 */
static int put_expanded(struct out *o, const char *head, size_t hlen,
			const char *word, int phrase)
{
	char words[QUERY_EXPAND_BYTES], *one;
	const char *w = words;
	size_t len = hlen, wl, at;
	int n, i, narrower = 0;

	if (o->expand == NULL || !plain_word(word))
		return 0;
	n = o->expand(o->ctx, word, strlen(word), phrase, words, sizeof words);
	if (n <= 0)
		return 0;
	for (i = 0, at = 0; i < n; i++, at += wl + 1) {
		wl = strlen(words + at);
		if (wl > 0 && words[at + wl - 1] == '*')
			narrower++;
	}
	if (narrower > 0 && phrase == QUERY_IN_PHRASE_PART)
		return 0;
	one = malloc(hlen + sizeof words + 1);
	if (one == NULL)
		return 0;
	memcpy(one, head, hlen);
	if (narrower > 0 && o->groups != NULL &&
	    o->groups->n < QUERY_MAX_TERMS) {
		o->groups->first[o->groups->n] = o->groups->nphrase;
		o->groups->count[o->groups->n++] = n;
	}
	if (narrower > 0)
		put(o, "(", 1);
	for (i = 0; i < n; i++, w += wl + 1) {
		wl = strlen(w);
		if (narrower > 0) {
			int star = w[wl - 1] == '*';

			len = hlen;
			if (i > 0)
				puts_(o, " OR ");
			if (!star)
				one[len++] = '\x01';
			memcpy(one + len, w, wl - (size_t)star);
			put_quoted(o, one, len + wl - (size_t)star);
			if (star)
				put(o, " *", 2);
			continue;
		}
		one[len++] = i == 0 ? '\x01' : '\x02';
		memcpy(one + len, w, wl);
		len += wl;
	}
	if (narrower > 0)
		put(o, ")", 1);
	else
		put_quoted(o, one, len);
	free(one);
	return 1;
}

/* "+": the string after it goes on with the phrase before. */
static void put_plus(struct out *o)
{
	puts_(o, " + ");
	o->joined = 1;
}

/* A '*' inside a phrase ends a prefix word when it follows a word's
 * last byte and precedes a space or the phrase's end. */
static int phrase_star_at(const char *s, size_t i)
{
	return s[i] == '*' && i > 0 && !is_space(s[i - 1]) && s[i - 1] != '*' &&
	       (s[i + 1] == '\0' || is_space(s[i + 1]));
}

/*
 * A piece of a phrase that ends at a prefix word ("kredi kart", or
 * "sp-2023" typed as SP-2023*): its words before the last as they are,
 * the last as the words it stands for when the caller knows them, else
 * as FTS5's prefix: "kredi kart" *.  alone: the piece is the whole phrase.
 */
static void put_prefix_piece(struct out *o, const char *s, size_t n, int alone)
{
	char word[QUERY_MAX_BYTES + 1];
	size_t head = last_word_start(s, n);

	if (n - head < sizeof word) {
		memcpy(word, s + head, n - head);
		word[n - head] = '\0';
		if (put_expanded(o, s, head, word, alone ? QUERY_IN_PHRASE :
				 QUERY_IN_PHRASE_PART))
			return;
	}
	put_quoted(o, s, n);
	put(o, " *", 2);
}

/*
 * A phrase with prefix words inside ("kredi kart* borc") is written as
 * phrases joined by '+', each ending at a prefix word: "kredi kart" * +
 * "borc".  FTS5 marks only the last token of a quoted string as a prefix,
 * so the phrase is cut after every such word.  A star anywhere else is
 * left in the string, where the tokenizer drops it as a separator.
 */
static void put_phrase(struct out *o, const char *s, int prefix)
{
	size_t start = 0, i;
	int parts = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (!phrase_star_at(s, i) || !has_word_cp_len(s + start, i - start))
			continue;
		if (parts++ > 0)
			put_plus(o);
		put_prefix_piece(o, s + start, i - start,
				 parts == 1 && !has_word_cp(s + i + 1));
		start = i + 1;
	}
	if (parts > 0 && !has_word_cp(s + start))
		return;
	if (parts > 0)
		put_plus(o);
	if (prefix)
		put_prefix_piece(o, s + start, strlen(s + start), parts == 0);
	else
		put_quoted(o, s + start, strlen(s + start));
}

static void put_term(struct out *o, const struct query_term *t)
{
	if (t->phrase) {
		put_phrase(o, t->text, t->prefix);
		return;
	}
	if (t->prefix && put_expanded(o, "", 0, t->text, QUERY_ALONE))
		return;
	/* "SP-2023*" is the phrase "sp 2023*", its last word a prefix. */
	if (t->prefix && last_word_start(t->text, strlen(t->text)) > 0) {
		put_prefix_piece(o, t->text, strlen(t->text), 1);
		return;
	}
	put_quoted(o, t->text, strlen(t->text));
	if (t->prefix)
		put(o, " *", 2);
}

/* Digits of a term made only of digits and separators, or 0 digits. */
static size_t numeric_digits(const struct query_term *t, char *dig, size_t room)
{
	const char *s;
	size_t n = 0;

	if (t->phrase || t->prefix)
		return 0;
	for (s = t->text; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (n + 1 >= room)
				return 0;
			dig[n++] = *s;
		} else if ((unsigned char)*s >= 0x80 ||
			   (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) {
			return 0;
		}
	}
	dig[n] = '\0';
	return n;
}

/* Alternatives for a number: the digits together and the national part. */
static void put_number_keys(struct out *o, const char *dig, size_t n)
{
	puts_(o, " OR ");
	put_quoted(o, dig, n);
	if (n > PHONE_NATIONAL_DIGITS) {
		puts_(o, " OR ");
		put_quoted(o, dig + n - PHONE_NATIONAL_DIGITS, PHONE_NATIONAL_DIGITS);
	}
}

int query_to_match(const struct query *q, char *outbuf, size_t outsz)
{
	return query_to_match_expand(q, NULL, NULL, outbuf, outsz);
}

int query_to_match_expand(const struct query *q, query_expand_fn expand,
			  void *ctx, char *outbuf, size_t outsz)
{
	return query_to_match_groups(q, expand, ctx, outbuf, outsz, NULL);
}

int query_to_match_groups(const struct query *q, query_expand_fn expand,
			  void *ctx, char *outbuf, size_t outsz,
			  struct query_groups *groups)
{
	struct out o = { outbuf, outsz, 0, 0, expand, ctx, 0, groups };
	char dig[QUERY_MAX_BYTES + 1], one[QUERY_MAX_BYTES + 1];
	int i = 0, j, k;

	if (groups != NULL)
		memset(groups, 0, sizeof *groups);
	if (outsz == 0)
		return -1;
	outbuf[0] = '\0';
	while (i < q->nterms) {
		size_t total = 0, n;
		int plain_number;

		if (i > 0)
			puts_(&o, " AND ");
		/* Extend j over a run of numeric words. */
		for (j = i; j < q->nterms; j++) {
			n = numeric_digits(&q->terms[j], one, sizeof one);
			if (n == 0 || total + n > QUERY_MAX_BYTES)
				break;
			memcpy(dig + total, one, n);
			total += n;
		}
		dig[total] = '\0';
		plain_number = j == i + 1 && strlen(q->terms[i].text) == total;
		if (j > i && total >= DIGIT_RUN_MIN &&
		    (j > i + 1 || !plain_number || total > PHONE_NATIONAL_DIGITS)) {
			puts_(&o, "((");
			for (k = i; k < j; k++) {
				if (k > i)
					puts_(&o, " AND ");
				put_term(&o, &q->terms[k]);
			}
			puts_(&o, ")");
			put_number_keys(&o, dig, total);
			puts_(&o, ")");
			i = j;
			continue;
		}
		put_term(&o, &q->terms[i]);
		i++;
	}
	return o.overflow ? -1 : 0;
}

int query_compile(const char *in, char *out, size_t outsz, char *err,
		  size_t errsz)
{
	struct query q;

	if (query_parse(in, &q, err, errsz) != 0)
		return -1;
	if (query_to_match(&q, out, outsz) != 0)
		return fail(err, errsz, _("search: query is too long (more than %d bytes)"),
			    QUERY_MAX_BYTES);
	return 0;
}
