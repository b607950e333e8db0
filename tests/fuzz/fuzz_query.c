/*
 * fuzz_query.c: any search box input through the query parser.  A query
 * that parses must compile to an expression that fits QUERY_MAX_EXPR and
 * in which every double quote is paired, so nothing typed can escape a
 * quoted term and become full-text syntax; a refused query gets one line
 * starting "search: ".
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "temas/query.h"
#include "temas/text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	return 0;
}

/* Outside quotes only the operator, spaces, parentheses and '*' may
 * appear; inside, a quote is always doubled. */
static void check_expr(const char *e)
{
	int in = 0;
	const char *p;

	for (p = e; *p; p++) {
		if (*p == '"') {
			if (in && p[1] == '"') {
				p++;
				continue;
			}
			in = !in;
			continue;
		}
		if (!in)
			FUZZ_CHECK(strchr(" ()*ANDORNT", *p) != NULL);
	}
	FUZZ_CHECK(!in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct query *q;
	char *in, err[256], *out;
	int i;

	in = malloc(size + 1);
	q = malloc(sizeof *q);
	out = malloc(QUERY_MAX_EXPR);
	FUZZ_CHECK(in && q && out);
	memcpy(in, data, size);
	in[size] = '\0';
	if (query_parse(in, q, err, sizeof err) != 0) {
		FUZZ_CHECK(strncmp(err, "search: ", 8) == 0);
		FUZZ_CHECK(strchr(err, '\n') == NULL);
	} else {
		FUZZ_CHECK(q->nterms >= 0 && q->nterms <= QUERY_MAX_TERMS);
		for (i = 0; i < q->nterms; i++) {
			FUZZ_CHECK(q->terms[i].text >= q->buf &&
				   q->terms[i].text < q->buf + sizeof q->buf);
			FUZZ_CHECK(text_validate_utf8(q->terms[i].text,
						      strlen(q->terms[i].text)));
			FUZZ_CHECK(q->terms[i].column >= 1 &&
				   (size_t)q->terms[i].column <= size + 1);
		}
		FUZZ_CHECK(query_to_match(q, out, QUERY_MAX_EXPR) == 0);
		FUZZ_CHECK(strlen(out) < QUERY_MAX_EXPR);
		check_expr(out);
		/* Too small a buffer is refused, never overrun. */
		if (strlen(out) > 0) {
			char small[8];

			if (strlen(out) >= sizeof small)
				FUZZ_CHECK(query_to_match(q, small, sizeof small) != 0);
		}
	}
	free(out);
	free(q);
	free(in);
	return 0;
}
