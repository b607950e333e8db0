/*
 * search_tok.c: the tokenizer of the messages' search index, temas_tr.
 *
 * SQLite's unicode61 tokenizer (case folded, diacritics removed) splits
 * the text; each word then has its dotless ı folded to i, the one Turkish
 * letter unicode61 leaves alone, and is given together with its Turkish
 * roots (text_stem_roots) at the same position, as FTS5 synonyms:
 *
 *  - in a message, the word and its two shortest roots ("kartımdan" is
 *    indexed as kartimdan, kart and karti), which is what a query needs to
 *    meet it, at a cost of one or two postings per inflected word;
 *  - in a query, the word or any of its roots ("siparişimi" asks for
 *    siparisimi, siparisim, siparisi or siparis), so the agent finds the
 *    message whichever form either of them wrote;
 *  - in a prefix query ("sipari*"), the word alone;
 *  - read back by temas (FTS5_TOKENIZE_AUX, search.c), as in a message,
 *    without keeping anything.
 *
 * The roots are a parse of the word's end as Turkish suffixes, so a word
 * that only begins like the searched one ("kartal" for "kart") is not
 * found.  A phrase ("kredi kartı") matches word by word, roots included.
 *
 * Every word a message is indexed under is also kept in search_terms
 * (schema.c, migration 19), once: a prefix query is answered from the
 * words there that start with it (search.c), since FTS5 would gather
 * every match of every such word before giving the first.  A query word
 * right after a \x01 (which only search.c writes) stands for itself
 * alone, without its roots, and one right after a \x02 is another such
 * word in the same place (a synonym, in FTS5's terms).
 *
 * A database with this index can be read and written by any SQLite
 * program: its triggers put the text to index in the search_queue table
 * with plain SQL, and every temas connection indexes what is queued
 * (store_search_catch_up; schema.c, migration 8).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/i18n.h"
#include "temas/text.h"

/* Roots a query word may stand for; roots of distinct lengths a message
 * word is indexed under. */
#define QUERY_ROOTS 8
#define INDEX_ROOT_LENGTHS 2
/* Words a connection remembers having put in search_terms, and the bytes
 * of their text; past three quarters of the slots or the bytes it forgets
 * them all and starts again (a word put twice is ignored). */
#define SEEN_SLOTS (1u << 16)
#define SEEN_BYTES (1u << 20)
/* Words whose roots a connection remembers, one per slot, the last one
 * seen there: a message's words are mostly the same few hundred, and
 * parsing a word's suffixes costs more than indexing it. */
#define STEM_SLOTS 1024u
#define STEM_WORD 23

struct stem_slot {
	unsigned char len;              /* 0: empty */
	unsigned char nroots;
	char word[STEM_WORD];
	unsigned char root_len[QUERY_ROOTS];
	char root_last[QUERY_ROOTS];
};

/* A word known to be in search_terms: its hash, so that a probe
 * compares text only when the word is likely the one, and where its text
 * is in the connection's one block of words. */
struct seen_slot {
	unsigned hash;
	unsigned len;           /* 0: empty */
	unsigned at;
};

/* One per connection: the words this connection knows are in
 * search_terms, the statement that puts one there, and the last roots
 * found.  Nothing is allocated per word. */
struct tr_ctx {
	fts5_api *api;
	sqlite3 *db;
	sqlite3_stmt *keep;     /* prepared once; store_search_tokenizer_release */
	struct seen_slot *seen; /* open addressing, SEEN_SLOTS, on first use */
	char *seen_text;        /* SEEN_BYTES */
	unsigned nseen, seen_used;
	struct stem_slot *stems;        /* STEM_SLOTS, on first use */
};

/* FNV-1a of w[0..n). */
static unsigned word_hash(const char *w, size_t n)
{
	unsigned h = 2166136261u;
	size_t k;

	for (k = 0; k < n; k++)
		h = (h ^ (unsigned char)w[k]) * 16777619u;
	return h;
}

struct tr_tokenizer {
	fts5_tokenizer inner;
	Fts5Tokenizer *inner_tok;
	struct tr_ctx *ctx;
};

struct tr_call {
	void *ctx;
	int (*emit)(void *ctx, int flags, const char *tok, int n, int start,
		    int end);
	int mode;               /* FTS5_TOKENIZE_* of the call */
	const char *text;       /* what is being split */
	struct tr_ctx *terms;
	char *buf;              /* the folded word, then each root */
	size_t cap;
};

static void seen_clear(struct tr_ctx *t)
{
	if (t->seen != NULL)
		memset(t->seen, 0, SEEN_SLOTS * sizeof *t->seen);
	t->nseen = 0;
	t->seen_used = 0;
}

/*
 * Keep a word a message is indexed under in search_terms, unless this
 * connection already did.  Nothing fails here: without the table (an
 * older schema being upgraded; migration 19 fills it from the index) or
 * without memory the word is just not kept now.
 */
static void term_keep(struct tr_ctx *t, const char *w, int n)
{
	static const char sql[] =
		"INSERT OR IGNORE INTO main.search_terms(term) VALUES(?1)";
	unsigned h, i, len = (unsigned)n;
	struct seen_slot *slot;

	if (t == NULL || n <= 0)
		return;
	if (t->seen == NULL) {
		t->seen = calloc(SEEN_SLOTS, sizeof *t->seen);
		t->seen_text = malloc(SEEN_BYTES);
		if (t->seen == NULL || t->seen_text == NULL) {
			free(t->seen);
			free(t->seen_text);
			t->seen = NULL;
			t->seen_text = NULL;
			return;
		}
	}
	h = word_hash(w, len);
	for (i = h & (SEEN_SLOTS - 1); t->seen[i].len != 0; i = (i + 1) & (SEEN_SLOTS - 1)) {
		slot = &t->seen[i];
		if (slot->hash == h && slot->len == len &&
		    memcmp(t->seen_text + slot->at, w, len) == 0)
			return;
	}
	if (t->nseen >= SEEN_SLOTS / 4 * 3 || len > SEEN_BYTES - t->seen_used) {
		seen_clear(t);
		i = h & (SEEN_SLOTS - 1);
	}
	/* A word longer than the whole block is kept, not remembered. */
	if (len <= SEEN_BYTES - t->seen_used) {
		slot = &t->seen[i];
		slot->hash = h;
		slot->len = len;
		slot->at = t->seen_used;
		memcpy(t->seen_text + t->seen_used, w, len);
		t->seen_used += len;
		t->nseen++;
	}
	/* Prepared once per connection: a message often brings a new word
	 * (an order number), and preparing costs more than the insert. */
	if (t->keep == NULL &&
	    sqlite3_prepare_v3(t->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &t->keep, NULL) != SQLITE_OK) {
		t->keep = NULL;
		return;
	}
	sqlite3_bind_text(t->keep, 1, w, n, SQLITE_STATIC);
	sqlite3_step(t->keep);
	sqlite3_reset(t->keep);
	sqlite3_clear_bindings(t->keep);
}

/*
 * text_stem_roots, remembered per connection for words that begin with
 * a letter and fit a slot; a number has no roots and is answered at once,
 * as is a word longer than a slot.
 */
static int stem_roots(struct tr_ctx *t, const char *w, size_t n,
		      struct text_root *out)
{
	struct stem_slot *slot;
	int i, got;

	if (t == NULL || n > STEM_WORD || w[0] < 'a' || w[0] > 'z')
		return text_stem_roots(w, n, out, QUERY_ROOTS);
	if (t->stems == NULL &&
	    (t->stems = calloc(STEM_SLOTS, sizeof *t->stems)) == NULL)
		return text_stem_roots(w, n, out, QUERY_ROOTS);
	slot = &t->stems[word_hash(w, n) & (STEM_SLOTS - 1)];
	if (slot->len == n && memcmp(slot->word, w, n) == 0) {
		for (i = 0; i < slot->nroots; i++) {
			out[i].len = slot->root_len[i];
			out[i].last = slot->root_last[i];
		}
		return slot->nroots;
	}
	got = text_stem_roots(w, n, out, QUERY_ROOTS);
	slot->len = (unsigned char)n;
	slot->nroots = (unsigned char)got;
	memcpy(slot->word, w, n);
	for (i = 0; i < got; i++) {
		/* A root is shorter than its word, which fits a slot. */
		slot->root_len[i] = (unsigned char)out[i].len;
		slot->root_last[i] = out[i].last;
	}
	return got;
}

static int tr_create(void *user, const char **argv, int argc,
		     Fts5Tokenizer **out)
{
	static const char *inner_args[] = { "remove_diacritics", "2" };
	struct tr_ctx *ctx = user;
	fts5_api *api = ctx->api;
	struct tr_tokenizer *t;
	void *inner_user = NULL;

	(void)argv;
	(void)argc;
	t = calloc(1, sizeof *t);
	if (t == NULL)
		return SQLITE_NOMEM;
	t->ctx = ctx;
	if (api->xFindTokenizer(api, "unicode61", &inner_user, &t->inner) !=
	    SQLITE_OK ||
	    t->inner.xCreate(inner_user, inner_args, 2, &t->inner_tok) !=
	    SQLITE_OK) {
		free(t);
		return SQLITE_ERROR;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void tr_delete(Fts5Tokenizer *tok)
{
	struct tr_tokenizer *t = (struct tr_tokenizer *)tok;

	if (t == NULL)
		return;
	t->inner.xDelete(t->inner_tok);
	free(t);
}

static int reserve(struct tr_call *c, size_t n)
{
	char *p;
	size_t cap = c->cap ? c->cap : 64;

	if (n <= c->cap)
		return 0;
	while (cap < n)
		cap *= 2;
	p = realloc(c->buf, cap);
	if (p == NULL)
		return -1;
	c->buf = p;
	c->cap = cap;
	return 0;
}

/* The word with every ı (C4 B1) as i; returns its length. */
static size_t fold_dotless(char *out, const char *in, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if ((unsigned char)in[i] == 0xC4 && i + 1 < n &&
		    (unsigned char)in[i + 1] == 0xB1) {
			out[o++] = 'i';
			i++;
		} else {
			out[o++] = in[i];
		}
	}
	return o;
}

static int tr_word(void *ctx, int flags, const char *tok, int n, int start,
		   int end)
{
	struct tr_call *c = ctx;
	struct text_root roots[QUERY_ROOTS];
	size_t len, rlen;
	int nroots, i, rc, lengths = 0;
	char *word;

	if (n <= 0)
		return SQLITE_OK;
	/* The word, then room for a root with its last letter changed. */
	if (reserve(c, 2 * (size_t)n + 2) != 0)
		return SQLITE_NOMEM;
	word = c->buf;
	len = fold_dotless(word, tok, (size_t)n);
	/* Another word a prefix stands for (search.c): in the same place. */
	if ((c->mode & FTS5_TOKENIZE_QUERY) && start > 0 &&
	    c->text[start - 1] == '\x02')
		return c->emit(c->ctx, FTS5_TOKEN_COLOCATED, word, (int)len,
			       start, end);
	rc = c->emit(c->ctx, flags, word, (int)len, start, end);
	if (c->mode & FTS5_TOKENIZE_DOCUMENT)
		term_keep(c->terms, word, (int)len);
	if (rc != SQLITE_OK || (c->mode & FTS5_TOKENIZE_PREFIX))
		return rc;
	/* One of the words a prefix stands for (search.c): itself only. */
	if ((c->mode & FTS5_TOKENIZE_QUERY) && start > 0 &&
	    c->text[start - 1] == '\x01')
		return rc;
	nroots = stem_roots(c->terms, word, len, roots);
	for (i = 0; i < nroots && rc == SQLITE_OK; i++) {
		char *r = word + len + 1;

		if (!(c->mode & FTS5_TOKENIZE_QUERY)) {
			if (i > 0 && roots[i].len != roots[i - 1].len)
				lengths++;
			if (lengths >= INDEX_ROOT_LENGTHS)
				break;
		}
		rlen = roots[i].len;
		memcpy(r, word, rlen);
		if (roots[i].last)
			r[rlen - 1] = roots[i].last;
		rc = c->emit(c->ctx, FTS5_TOKEN_COLOCATED, r, (int)rlen, start, end);
		if (c->mode & FTS5_TOKENIZE_DOCUMENT)
			term_keep(c->terms, r, (int)rlen);
	}
	return rc;
}

static int tr_tokenize(Fts5Tokenizer *tok, void *ctx, int flags,
		       const char *text, int n,
		       int (*emit)(void *, int, const char *, int, int, int))
{
	struct tr_tokenizer *t = (struct tr_tokenizer *)tok;
	struct tr_call c = { ctx, emit, flags, text, t->ctx, NULL, 0 };
	int rc;

	rc = t->inner.xTokenize(t->inner_tok, &c, flags, text, n, tr_word);
	free(c.buf);
	return rc;
}

static void tr_ctx_free(void *p)
{
	struct tr_ctx *t = p;

	free(t->seen);
	free(t->seen_text);
	free(t->stems);
	/* store_search_tokenizer_release finalized it before the close. */
	free(t);
}

/*
 * What this connection put in search_terms is gone with a rolled-back
 * transaction (a write retried after a busy commit among them): the words
 * it remembers are forgotten, or the retry would not put them back.
 */
static void tr_rolled_back(void *p)
{
	seen_clear(p);
}

void store_search_tokenizer_forget(struct store *st)
{
	struct tr_ctx *t = st->ext[EXT_TOKENIZER];

	if (t != NULL)
		seen_clear(t);
}

void store_search_tokenizer_release(struct store *st)
{
	search_tok_release(st->db, st->ext[EXT_TOKENIZER]);
	st->ext[EXT_TOKENIZER] = NULL;
}

void search_tok_release(sqlite3 *db, struct tr_ctx *t)
{
	if (t != NULL) {
		sqlite3_rollback_hook(db, NULL, NULL);
		sqlite3_finalize(t->keep);
		t->keep = NULL;
	}
}

int search_tok_register(sqlite3 *db, fts5_api *api, struct tr_ctx **out)
{
	static fts5_tokenizer tr = { tr_create, tr_delete, tr_tokenize };
	struct tr_ctx *ctx = calloc(1, sizeof *ctx);

	*out = NULL;
	if (ctx == NULL)
		return SQLITE_NOMEM;
	ctx->api = api;
	ctx->db = db;
	if (api->xCreateTokenizer(api, "temas_tr", ctx, &tr, tr_ctx_free) !=
	    SQLITE_OK)
		return SQLITE_ERROR;
	sqlite3_rollback_hook(db, tr_rolled_back, ctx);
	*out = ctx;
	return SQLITE_OK;
}

int store_search_tokenizer_register(struct store *st, fts5_api *api)
{
	struct tr_ctx *ctx;
	int rc = search_tok_register(st->db, api, &ctx);

	if (rc == SQLITE_NOMEM)
		return store_fail(st, _("search: out of memory"));
	if (rc != SQLITE_OK)
		return store_fail_sqlite(st, _("cannot set up search"));
	st->ext[EXT_TOKENIZER] = ctx;
	return STORE_OK;
}
