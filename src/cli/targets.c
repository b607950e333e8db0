/*
 * targets.c: the complaints a workflow command acts on: ids named on the
 * command line (temas's numbers or the team's own), or those of the queue
 * a filter picks (`--filter "unassigned tag=kargo"`, the grammar of the
 * console's :filter).  Each is then done in its own transaction, so one
 * refused is reported and the others are still done.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "temas/filter.h"
#include "temas/i18n.h"
#include "temas/queue.h"
#include "temas/store.h"
#include "temas/text.h"

struct collect {
	long long *ids;
	int n, cap;
};

static int collect_one(void *ctx, const struct queue_row *r)
{
	struct collect *c = ctx;
	long long *m;

	if (c->n == c->cap) {
		m = realloc(c->ids, (size_t)(c->cap * 2 + 16) * sizeof *m);
		if (m == NULL)
			return STORE_ERROR;
		c->ids = m;
		c->cap = c->cap * 2 + 16;
	}
	c->ids[c->n++] = r->c.id;
	return 0;
}

int cli_targets(struct cli *c, char **refs, int nrefs, const char *filter,
		const struct agent *me, long long **ids, int *n)
{
	struct collect col = { NULL, 0, 0 };
	struct queue_query q;
	char err[512];
	int i, rc;

	*ids = NULL;
	*n = 0;
	if ((filter != NULL) == (nrefs > 0)) {
		cli_error(c, "%s", _("give complaint numbers or --filter EXPR, not both"));
		return EXIT_USAGE;
	}
	if (filter == NULL) {
		col.ids = calloc((size_t)nrefs, sizeof *col.ids);
		if (col.ids == NULL) {
			cli_error(c, "%s", _("out of memory"));
			return EXIT_FAIL;
		}
		for (i = 0; i < nrefs; i++) {
			rc = cli_parse_ref(c, refs[i], 1, &col.ids[i]);
			if (rc != EXIT_OK) {
				free(col.ids);
				return rc;
			}
		}
		*ids = col.ids;
		*n = nrefs;
		return EXIT_OK;
	}
	memset(&q, 0, sizeof q);
	q.agent_id = me->id;
	if (filter_parse(filter, &q, err, sizeof err) != 0) {
		char *safe = text_sanitize(err, strlen(err), 0);

		cli_error(c, "%s", safe ? safe : err);
		free(safe);
		return EXIT_USAGE;
	}
	rc = store_queue_each(c->st, &q, 0, collect_one, &col);
	if (rc != STORE_OK) {
		free(col.ids);
		return cli_store_exit(c, rc);
	}
	if (col.n == 0) {
		free(col.ids);
		cli_error(c, "%s", _("no open complaint matches the filter"));
		return EXIT_NOTFOUND;
	}
	*ids = col.ids;
	*n = col.n;
	return EXIT_OK;
}

int cli_targets_exit(int ndone, int nfailed, int first_fail)
{
	if (nfailed == 0)
		return EXIT_OK;
	if (ndone == 0)
		return first_fail;
	return EXIT_PARTIAL;
}
