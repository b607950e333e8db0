/*
 * recall_bench.c: how much of what an agent means does search find?
 *
 *   recall_bench [--messages N] [--seed S] DB
 *
 * Generates a corpus of Turkish (and some English) complaint messages
 * into a new database DB, the way customers write them: the words an agent
 * looks for carry Turkish suffixes ("iadesi", "kartımdan", "hesabım"),
 * some messages are in capitals, some typed without Turkish letters
 * ("siparisim"), and words that only begin like a searched word
 * ("kartal", "paralel") come up too; a third of the time the word is
 * written bare.  The ground truth of a query is
 * fold-and-suffix: a message is relevant when one of its words, folded
 * the Turkish way, is one of the inflected forms of the searched word (for
 * a phrase, the forms in a row).  Each query runs as an agent types it
 * (whole words) and as a prefix ("iade*", "kredi kart*"); for each the
 * index's full match set is compared with the truth, and recall and
 * precision are printed per query and over all of them, one TSV row each.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store/internal.h"
#include "temas/query.h"
#include "temas/store.h"
#include "temas/text.h"

#define MAX_FORMS 12
#define MAX_WORDS 24

struct concept {
	const char *whole;              /* what the agent types */
	const char *prefix;             /* the same as a prefix query */
	const char *forms[MAX_FORMS];   /* inflected forms: relevant */
	const char *lookalikes[4];      /* other words with the same start */
	const char *before;             /* a phrase: this word comes first */
	int english;
};

static const struct concept concepts[] = {
	{ "iade", "iade*", { "iade", "iadesi", "iademi", "iadem", "iadeyi",
	  "iadeler", "iadesini", "iademin", "iadeden", "iadesinin" }, { 0 }, 0, 0 },
	{ "kart", "kart*", { "kart", "kartı", "kartım", "kartımdan", "kartlarım",
	  "karta", "kartta", "karttan", "kartımı" },
	  { "kartal", "kartvizit", "kartuş" }, 0, 0 },
	{ "sipariş", "sipariş*", { "sipariş", "siparişim", "siparişimi",
	  "siparişler", "siparişlerim", "siparişimden", "siparişe", "siparişi",
	  "siparişimin" }, { 0 }, 0, 0 },
	{ "kargo", "kargo*", { "kargo", "kargom", "kargoya", "kargodan",
	  "kargonun", "kargoyu", "kargolar", "kargoda" }, { 0 }, 0, 0 },
	{ "hesap", "hesap*", { "hesap", "hesabım", "hesabımdan", "hesaba",
	  "hesapta", "hesaplar", "hesabımı", "hesabı" }, { 0 }, 0, 0 },
	{ "fatura", "fatura*", { "fatura", "faturam", "faturamı", "faturayı",
	  "faturalar", "faturada", "faturası" }, { 0 }, 0, 0 },
	{ "ürün", "ürün*", { "ürün", "ürünü", "ürünüm", "ürünümü", "ürünler",
	  "ürünlerim", "üründe", "ürünün" }, { 0 }, 0, 0 },
	{ "para", "para*", { "para", "param", "paramı", "parayı", "paralar",
	  "paramın", "paranın" }, { "paralel", "paraşüt" }, 0, 0 },
	{ "iptal", "iptal*", { "iptal", "iptali", "iptalini", "iptalim",
	  "iptale" }, { 0 }, 0, 0 },
	{ "ödeme", "ödeme*", { "ödeme", "ödemem", "ödemeyi", "ödemeler",
	  "ödemede", "ödemesi" }, { 0 }, 0, 0 },
	{ "kutu", "kutu*", { "kutu", "kutusu", "kutuyu", "kutular" },
	  { "kutup" }, 0, 0 },
	{ "\"kredi kartı\"", "\"kredi kart*\"", { "kart", "kartı", "kartım",
	  "kartımdan", "kartlarım", "karta", "kartımı" }, { 0 }, "kredi", 0 },
	{ "refund", "refund*", { "refund" }, { "refundable" }, 0, 1 },
	{ "delivery", "delivery*", { "delivery" }, { 0 }, 0, 1 },
};
#define NCONCEPTS ((int)(sizeof concepts / sizeof concepts[0]))

static const char *const filler_tr[] = {
	"ve", "ama", "çok", "hâlâ", "bu", "bir", "için", "hiç", "daha", "neden",
	"lütfen", "yardım", "edin", "bekliyorum", "gün", "oldu", "geldi",
	"gelmedi", "ulaşmadı", "kredi", "merhaba", "iki", "kez", "çekildi",
	"bloke", "yanlış", "eksik", "hasarlı", "teşekkürler", "acil", "dün",
	"hafta", "önce", "şikâyet", "müşteri", "hizmetleri", "cevap", "vermedi",
};
static const char *const filler_en[] = {
	"my", "order", "was", "late", "please", "help", "the", "package",
	"never", "arrived", "and", "I", "want", "a", "thanks", "again",
};

static unsigned long long rng_state;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng_state >> 33) % n);
}

static void die(struct store *st, const char *what)
{
	fprintf(stderr, "recall_bench: %s: %s\n", what,
		st ? sqlite3_errmsg(st->db) : "");
	exit(1);
}

/* Turkish letters as someone without a Turkish keyboard types them. */
static void asciify(const char *in, char *out, size_t outsz)
{
	text_fold_tr_buf(in, strlen(in), out, outsz);
}

static void upper_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

static int folded_eq(const char *a, const char *b)
{
	char fa[128], fb[128];

	text_fold_tr_buf(a, strlen(a), fa, sizeof fa);
	text_fold_tr_buf(b, strlen(b), fb, sizeof fb);
	return strcmp(fa, fb) == 0;
}

static int is_form(const struct concept *c, const char *w)
{
	int k;

	for (k = 0; k < MAX_FORMS && c->forms[k]; k++)
		if (folded_eq(c->forms[k], w))
			return 1;
	return 0;
}

/* Fold-and-suffix ground truth for one message's words. */
static int relevant(const struct concept *c, char words[][64], int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (!is_form(c, words[i]))
			continue;
		if (c->before == NULL)
			return 1;
		if (i > 0 && folded_eq(c->before, words[i - 1]))
			return 1;
	}
	return 0;
}

/* One message: filler with one or two searched words (or lookalikes). */
static int make_message(char words[][64], int *english)
{
	int n = 0, want = 5 + (int)rnd(7), picks = 1 + (int)rnd(2), p, i;

	*english = rnd(10) == 0;
	for (i = 0; i < want; i++) {
		const char *w = *english ?
			filler_en[rnd(sizeof filler_en / sizeof filler_en[0])] :
			filler_tr[rnd(sizeof filler_tr / sizeof filler_tr[0])];

		snprintf(words[n++], 64, "%s", w);
	}
	for (p = 0; p < picks && n + 2 < MAX_WORDS; p++) {
		const struct concept *c;
		const char *w;
		int at, nlook = 0, nform = 0, k;

		do
			c = &concepts[rnd(NCONCEPTS)];
		while (c->english != *english);
		while (nlook < 4 && c->lookalikes[nlook])
			nlook++;
		while (nform < MAX_FORMS && c->forms[nform])
			nform++;
		w = nlook > 0 && rnd(6) == 0 ? c->lookalikes[rnd((unsigned)nlook)] :
			rnd(3) == 0 ? c->forms[0] : c->forms[rnd((unsigned)nform)];
		at = (int)rnd((unsigned)n + 1);
		if (c->before != NULL) {
			for (k = n + 1; k > at + 1; k--)
				memcpy(words[k], words[k - 2], 64);
			snprintf(words[at], 64, "%s", c->before);
			snprintf(words[at + 1], 64, "%s", w);
			n += 2;
		} else {
			for (k = n; k > at; k--)
				memcpy(words[k], words[k - 1], 64);
			snprintf(words[at], 64, "%s", w);
			n++;
		}
	}
	return n;
}

static void write_body(char words[][64], int n, char *body, size_t sz)
{
	static const char *const punct[] = { "", "", "", ",", ".", "!", "?" };
	size_t o = 0;
	int i, caps = rnd(8) == 0, plain = rnd(5) == 0;

	body[0] = '\0';
	for (i = 0; i < n; i++) {
		char w[128];

		if (plain)
			asciify(words[i], w, sizeof w);
		else
			memcpy(w, words[i], strnlen(words[i], 63) + 1);
		if (caps)
			upper_ascii(w);
		o += (size_t)snprintf(body + o, sz - o, "%s%s%s", i ? " " : "",
				      w, punct[rnd(7)]);
		if (o >= sz)
			die(NULL, "message too long");
	}
}

struct score {
	long relevant, found, hit;
};

static void count_query(struct store *st, const char *query,
			const unsigned char *truth, int nmsg, struct score *sc)
{
	char expr[QUERY_MAX_EXPR], err[256];
	sqlite3_stmt *s;
	long long id;

	if (query_compile(query, expr, sizeof expr, err, sizeof err) != 0)
		die(NULL, err);
	if (sqlite3_prepare_v2(st->db, "SELECT rowid FROM search_interaction"
			       " WHERE search_interaction MATCH ?1", -1, &s,
			       NULL) != SQLITE_OK)
		die(st, "prepare");
	sqlite3_bind_text(s, 1, expr, -1, SQLITE_STATIC);
	memset(sc, 0, sizeof *sc);
	while (sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		sc->found++;
		if (id >= 1 && id <= nmsg && truth[id - 1])
			sc->hit++;
	}
	sqlite3_finalize(s);
	for (id = 0; id < nmsg; id++)
		sc->relevant += truth[id];
}

static double ratio(long a, long b)
{
	return b > 0 ? (double)a / (double)b : 1.0;
}

int main(int argc, char **argv)
{
	int nmsg = 2400, i, c, mode, n, english;
	unsigned long long seed = 16;
	const char *db = NULL;
	struct store *st;
	char err[1024], words[MAX_WORDS][64], body[4096];
	unsigned char *truth[NCONCEPTS];
	struct score total[2];
	sqlite3_stmt *ins;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--messages") == 0 && i + 1 < argc)
			nmsg = atoi(argv[++i]);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else
			db = argv[i];
	}
	if (db == NULL || nmsg < 1) {
		fprintf(stderr, "usage: recall_bench [--messages N] [--seed S] DB\n");
		return 2;
	}
	rng_state = seed;
	if (store_open(&st, db, STORE_CREATE, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "recall_bench: %s\n", err);
		return 1;
	}
	if (sqlite3_exec(st->db, "BEGIN; INSERT INTO customers(first_name,"
			 " last_name, created_at) VALUES('Ayşe', 'Yılmaz', 0)",
			 NULL, NULL, NULL) != SQLITE_OK)
		die(st, "customer");
	if (sqlite3_prepare_v2(st->db, "INSERT INTO interactions(id, customer_id,"
			       " channel, direction, at, body) VALUES(?1, 1,"
			       " 'email', 'in', ?1, ?2)", -1, &ins, NULL) != SQLITE_OK)
		die(st, "prepare");
	for (c = 0; c < NCONCEPTS; c++)
		if ((truth[c] = calloc((size_t)nmsg, 1)) == NULL)
			die(NULL, "out of memory");
	for (i = 0; i < nmsg; i++) {
		n = make_message(words, &english);
		for (c = 0; c < NCONCEPTS; c++)
			truth[c][i] = (unsigned char)relevant(&concepts[c], words, n);
		write_body(words, n, body, sizeof body);
		sqlite3_bind_int(ins, 1, i + 1);
		sqlite3_bind_text(ins, 2, body, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die(st, "insert");
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		die(st, "commit");

	printf("query\tas typed\trelevant\tfound\trecall\tprecision\n");
	memset(total, 0, sizeof total);
	for (c = 0; c < NCONCEPTS; c++) {
		for (mode = 0; mode < 2; mode++) {
			const char *q = mode ? concepts[c].prefix : concepts[c].whole;
			struct score sc;

			count_query(st, q, truth[c], nmsg, &sc);
			printf("%s\t%s\t%ld\t%ld\t%.3f\t%.3f\n", q,
			       mode ? "prefix" : "words", sc.relevant, sc.found,
			       ratio(sc.hit, sc.relevant), ratio(sc.hit, sc.found));
			total[mode].relevant += sc.relevant;
			total[mode].found += sc.found;
			total[mode].hit += sc.hit;
		}
	}
	for (mode = 0; mode < 2; mode++)
		printf("all (%d messages)\t%s\t%ld\t%ld\t%.3f\t%.3f\n", nmsg,
		       mode ? "prefix" : "words", total[mode].relevant,
		       total[mode].found, ratio(total[mode].hit, total[mode].relevant),
		       ratio(total[mode].hit, total[mode].found));
	for (c = 0; c < NCONCEPTS; c++)
		free(truth[c]);
	store_close(st);
	return 0;
}
