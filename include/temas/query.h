/*
 * query.h: what an agent types into a search box, parsed and turned into
 * a safe full-text match expression.
 *
 * Pure text work, no database: words, "phrases", a trailing * for a
 * prefix, implicit AND.  Every term is folded (text_fold_tr) and written
 * back double-quoted, so nothing the user types can become full-text
 * syntax.  A query that cannot mean anything gets a one-line message that
 * says where ("search: unclosed quote at column 7").
 */
#ifndef TEMAS_QUERY_H
#define TEMAS_QUERY_H

#include <stddef.h>
#include <stdint.h>

#define QUERY_MAX_BYTES 256
#define QUERY_MAX_TERMS 32
/* Room for the longest match expression a valid query can produce. */
#define QUERY_MAX_EXPR 4096

struct query_term {
	const char *text;   /* folded; points into query.buf */
	int phrase;         /* written in quotes */
	int prefix;         /* ended with '*' */
	int column;         /* 1-based column of the term in the input */
};

struct query {
	struct query_term terms[QUERY_MAX_TERMS];
	int nterms;
	char buf[QUERY_MAX_BYTES * 4];
};

/*
 * Parse in into q.  Returns 0, or -1 with a message such as
 * "search: unclosed quote at column 7" in err.
 */
int query_parse(const char *in, struct query *q, char *err, size_t errsz);

/*
 * Write q as a full-text MATCH expression into out (QUERY_MAX_EXPR bytes
 * are always enough).  Terms are ANDed.  A run of two or more plain
 * all-digit words ("532 123 45 12") also matches the digits written
 * together, and a number longer than ten digits also matches its last ten,
 * so a phone number is found however it is typed.  Returns 0, or -1 when
 * out is too small.
 */
int query_to_match(const struct query *q, char *out, size_t outsz);

/*
 * The words a prefix stands for: expand(ctx, prefix, len, phrase, buf,
 * bufsz) writes the words that start with prefix one after another into
 * buf, each ended by '\0', and returns how many; 0 or -1 leaves the
 * prefix as a prefix.  phrase says where the prefix is: QUERY_ALONE, a
 * word alone; QUERY_IN_PHRASE, the last word of a phrase ("kredi kart*",
 * or "SP-2023*", the phrase "sp 2023*"), where its place among the other
 * words counts; QUERY_IN_PHRASE_PART, a word of a phrase that goes on
 * after it ("kredi kart* borc").  Except in the last case a word may end
 * with '*': a narrower prefix ("2023" and "20230*"), written as FTS5's
 * own prefix.  QUERY_EXPAND_BYTES is buf's size.
 */
#define QUERY_EXPAND_BYTES 4096
enum { QUERY_ALONE = 0, QUERY_IN_PHRASE = 1, QUERY_IN_PHRASE_PART = 2 };
typedef int (*query_expand_fn)(void *ctx, const char *prefix, size_t len,
			       int phrase, char *buf, size_t bufsz);

/*
 * query_to_match, with a prefix word (alone, or ending a phrase: "kredi
 * kart*") written as the words expand gives, for the index's tokenizer
 * to take as one word with those forms: "kredi \x01kart\x02karti"; with
 * narrower prefixes among them, each form in its place, joined by OR:
 * ("\x012023" OR "20230" * OR "20231" *).  -1 when out is too small.
 */
int query_to_match_expand(const struct query *q, query_expand_fn expand,
			  void *ctx, char *out, size_t outsz);

/*
 * query_to_match_expand, saying which phrases of the expression (FTS5
 * numbers them from 0 as they come) are one prefix written as
 * alternatives joined by OR: count of them from first, for a ranking
 * that counts them as the one prefix they are; nphrase is how many there
 * are in all.
 */
struct query_groups {
	int n;
	int first[QUERY_MAX_TERMS];
	int count[QUERY_MAX_TERMS];
	int nphrase;
};

int query_to_match_groups(const struct query *q, query_expand_fn expand,
			  void *ctx, char *out, size_t outsz,
			  struct query_groups *groups);

/* query_parse then query_to_match. */
int query_compile(const char *in, char *out, size_t outsz,
		  char *err, size_t errsz);

/*
 * 1 if cp belongs to a word (letters, digits, combining marks, most
 * non-ASCII letters), 0 for spaces, punctuation and symbols.  The search
 * index splits text with the same rule.
 */
int query_is_word_cp(uint32_t cp);

#endif
