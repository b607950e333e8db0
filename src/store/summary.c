/*
 * summary.c: the supervisor's summary tables (migrations 21, 25, 26, 30
 * and 31) rebuilt from the rows they count, and checked against them.
 *
 * Triggers keep the tables exact as rows change; this file is the
 * reference they are held to: the same recomputation fills them after a
 * bulk load (which suspends the triggers inside its transaction) and on
 * `temas reindex --summaries`, and the check reports every row that
 * differs from it.
 */
#include "config.h"

#include <stdio.h>

#include "internal.h"
#include "summary_sql.h"
#include "temas/i18n.h"
#include "temas/metrics.h"

/* Each table beside its recomputation; rows all zero count as absent. */
static const struct {
	const char *kept;
	const char *fresh;
} tables[] = {
	{ "SELECT * FROM summary_customer_orders", SUMMARY_CUSTOMER_ORDERS_SQL },
	{ "SELECT * FROM summary_order_days WHERE firsts <> 0 OR lasts <> 0",
	  SUMMARY_ORDER_DAYS_SQL },
	{ "SELECT * FROM summary_agent_days WHERE replies <> 0 OR with_history <> 0",
	  SUMMARY_AGENT_DAYS_SQL },
	{ "SELECT * FROM summary_agent_hours WHERE replies <> 0 OR with_history <> 0",
	  SUMMARY_AGENT_HOURS_SQL },
	{ "SELECT * FROM summary_survey_days WHERE nps <> 0 OR promoters <> 0"
	  " OR passives <> 0 OR detractors <> 0 OR csat <> 0 OR csat_sum <> 0",
	  SUMMARY_SURVEY_DAYS_SQL },
	{ "SELECT * FROM summary_survey_hours WHERE nps <> 0 OR promoters <> 0"
	  " OR passives <> 0 OR detractors <> 0 OR csat <> 0 OR csat_sum <> 0",
	  SUMMARY_SURVEY_HOURS_SQL },
	{ "SELECT * FROM summary_complaint_hours WHERE complaints <> 0",
	  SUMMARY_COMPLAINT_HOURS_SQL },
	{ "SELECT * FROM summary_complaint_days WHERE complaints <> 0",
	  SUMMARY_COMPLAINT_DAYS_SQL },
	{ "SELECT * FROM summary_tag_days WHERE complaints <> 0",
	  SUMMARY_TAG_DAYS_SQL },
	/* Buckets back at zero are deleted: a zero row is a difference. */
	{ "SELECT * FROM summary_open", SUMMARY_OPEN_SQL },
	{ "SELECT * FROM summary_open_due", SUMMARY_OPEN_DUE_SQL },
	{ "SELECT * FROM summary_open_age", SUMMARY_OPEN_AGE_SQL },
	{ "SELECT * FROM summary_customer_risk", SUMMARY_CUSTOMER_RISK_SQL },
};

int store_summaries_suspend(struct store *st)
{
	return store_exec(st, "UPDATE summary_state SET suspended = 1");
}

int store_summaries_refill(struct store *st)
{
	if (store_exec(st, SUMMARY_REBUILD_HOURS_SQL) != STORE_OK ||
	    store_exec(st, SUMMARY_REFILL_DAYS_SQL) != STORE_OK)
		return STORE_ERROR;
	return store_exec(st, SUMMARY_REBUILD_OPEN_SQL);
}

static int rebuild_tx(struct store *st, void *ctx)
{
	(void)ctx;
	return store_summaries_refill(st);
}

int store_summaries_rebuild(struct store *st)
{
	return store_tx_run(st, rebuild_tx, NULL);
}

/* Rows in one query's answer and not in the other's, both ways. */
static int count_differences(struct store *st, const char *a, const char *b,
			     long long *n)
{
	char *sql = sqlite3_mprintf("SELECT (SELECT count(*) FROM (%s EXCEPT %s)) +"
				    " (SELECT count(*) FROM (%s EXCEPT %s))",
				    a, b, b, a);
	sqlite3_stmt *s;
	int rc;

	if (sql == NULL)
		return store_fail(st, _("out of memory"));
	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return store_fail_sqlite(st, _("cannot check the summaries"));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot check the summaries"));
	return STORE_OK;
}

int store_summaries_check(struct store *st, long long *differences)
{
	long long n = 0;
	size_t i;
	int rc = STORE_OK;

	*differences = 0;
	/* One snapshot for every table. */
	if (store_exec(st, "BEGIN") != STORE_OK)
		return STORE_ERROR;
	for (i = 0; i < sizeof tables / sizeof tables[0] && rc == STORE_OK; i++) {
		rc = count_differences(st, tables[i].kept, tables[i].fresh, &n);
		if (rc == STORE_OK)
			*differences += n;
	}
	sqlite3_exec(st->db, rc == STORE_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	return rc;
}
