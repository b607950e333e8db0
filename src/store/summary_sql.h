/*
 * summary_sql.h: the SQL that computes the supervisor's summary tables
 * (migrations 21, 25, 26, 30 and 31) from the rows they count.  The migration fills them
 * with it, a bulk load and `temas reindex --summaries` rebuild them with
 * it, and the check compares the kept tables with it.
 */
#ifndef TEMAS_STORE_SUMMARY_SQL_H
#define TEMAS_STORE_SUMMARY_SQL_H

/* The UTC day (its first second) of a time, for times before 1970 too. */
#define SUMMARY_DAY(x) "((" x ") - ((" x ") % 86400 + 86400) % 86400)"
/* The UTC hour (its first second) of a time. */
#define SUMMARY_HOUR(x) "((" x ") - ((" x ") % 3600 + 3600) % 3600)"
/* One order row's share of its customer's revenue. */
#define SUMMARY_REVENUE(r) \
	"CASE WHEN " r ".status <> 'cancelled' THEN " r ".total ELSE 0 END"

/* Each summary table's rows, recomputed; in the tables' column order. */
#define SUMMARY_CUSTOMER_ORDERS_SQL \
	"SELECT customer_id, min(placed_at), max(placed_at), count(*)," \
	" sum(" SUMMARY_REVENUE("orders") ") FROM orders GROUP BY customer_id"
#define SUMMARY_ORDER_DAYS_SQL \
	"SELECT day, sum(f), sum(l) FROM (" \
	" SELECT " SUMMARY_DAY("min(placed_at)") " AS day, 1 AS f, 0 AS l" \
	"  FROM orders GROUP BY customer_id" \
	" UNION ALL SELECT " SUMMARY_DAY("max(placed_at)") ", 0, 1" \
	"  FROM orders GROUP BY customer_id) GROUP BY day"
#define SUMMARY_AGENT_DAYS_SQL \
	"SELECT " SUMMARY_DAY("at") ", agent_id, count(*)," \
	" sum(history_seen_at IS NOT NULL AND history_seen_at <= at)" \
	" FROM interactions WHERE direction = 'out' AND agent_id IS NOT NULL" \
	" GROUP BY 1, 2"
#define SUMMARY_AGENT_HOURS_SQL \
	"SELECT " SUMMARY_HOUR("at") ", agent_id, count(*)," \
	" sum(history_seen_at IS NOT NULL AND history_seen_at <= at)" \
	" FROM interactions WHERE direction = 'out' AND agent_id IS NOT NULL" \
	" GROUP BY 1, 2"
#define SUMMARY_SURVEY_HOURS_SQL \
	"SELECT " SUMMARY_HOUR("at") ", sum(kind = 'nps')," \
	" sum(kind = 'nps' AND score >= 9)," \
	" sum(kind = 'nps' AND score BETWEEN 7 AND 8)," \
	" sum(kind = 'nps' AND score <= 6), sum(kind = 'csat')," \
	" sum(CASE WHEN kind = 'csat' THEN score ELSE 0 END)" \
	" FROM surveys GROUP BY 1"
#define SUMMARY_SURVEY_DAYS_SQL \
	"SELECT " SUMMARY_DAY("s.at") ", coalesce(s.channel, c.channel, '')," \
	" coalesce(c.assignee_id, 0), sum(s.kind = 'nps')," \
	" sum(s.kind = 'nps' AND s.score >= 9)," \
	" sum(s.kind = 'nps' AND s.score BETWEEN 7 AND 8)," \
	" sum(s.kind = 'nps' AND s.score <= 6), sum(s.kind = 'csat')," \
	" sum(CASE WHEN s.kind = 'csat' THEN s.score ELSE 0 END)" \
	" FROM surveys s LEFT JOIN complaints c ON c.id = s.complaint_id" \
	" GROUP BY 1, 2, 3"
#define SUMMARY_COMPLAINT_DAYS_SQL \
	"SELECT " SUMMARY_DAY("opened_at") ", category, count(*)" \
	" FROM complaints GROUP BY 1, 2"
#define SUMMARY_COMPLAINT_HOURS_SQL \
	"SELECT " SUMMARY_HOUR("opened_at") ", category, count(*)" \
	" FROM complaints GROUP BY 1, 2"
#define SUMMARY_TAG_DAYS_SQL \
	"SELECT " SUMMARY_DAY("c.opened_at") ", t.tag, count(*)" \
	" FROM complaint_tags t JOIN complaints c ON c.id = t.complaint_id" \
	" GROUP BY 1, 2"

#define SUMMARY_OPEN_SQL \
	"SELECT coalesce(assignee_id, 0), channel, status = 'pending', count(*)" \
	" FROM complaints WHERE is_open GROUP BY 1, 2, 3"
#define SUMMARY_OPEN_DUE_SQL \
	"SELECT " SUMMARY_HOUR("due_at") ", coalesce(assignee_id, 0), count(*)" \
	" FROM complaints WHERE is_open GROUP BY 1, 2"
#define SUMMARY_OPEN_AGE_SQL \
	"SELECT " SUMMARY_HOUR("opened_at") ", channel, count(*)" \
	" FROM complaints WHERE is_open GROUP BY 1, 2"

/*
 * Each customer's last two "negative" events (a complaint opened, a
 * detractor answer): the latest time and the one before it (NULL with one).
 */
#define SUMMARY_NEGATIVE_EVENTS \
	"SELECT customer_id AS cid, opened_at AS at FROM complaints" \
	" UNION ALL SELECT customer_id, at FROM surveys" \
	"  WHERE kind = 'nps' AND score <= 6"
#define SUMMARY_CUSTOMER_RISK_SQL \
	"SELECT cid, max(at), CASE WHEN count(*) > 1 THEN min(at) END FROM (" \
	" SELECT cid, at, row_number() OVER (PARTITION BY cid ORDER BY at DESC)" \
	"  AS rn FROM (" SUMMARY_NEGATIVE_EVENTS ")) WHERE rn <= 2 GROUP BY cid"

/*
 * Refill every summary table.  The triggers are off meanwhile (the tables
 * are written whole here); the caller's transaction makes it one step.
 */
#define SUMMARY_REBUILD_DAYS(AGENT_DAYS, COMPLAINT_DAYS) \
	"UPDATE summary_state SET suspended = 1;" \
	"DELETE FROM summary_customer_orders; DELETE FROM summary_order_days;" \
	"DELETE FROM summary_agent_days; DELETE FROM summary_survey_days;" \
	"DELETE FROM summary_complaint_days; DELETE FROM summary_tag_days;" \
	"INSERT INTO summary_customer_orders " SUMMARY_CUSTOMER_ORDERS_SQL ";" \
	"INSERT INTO summary_order_days SELECT day, sum(f), sum(l) FROM (" \
	" SELECT " SUMMARY_DAY("first_at") " AS day, 1 AS f, 0 AS l" \
	"  FROM summary_customer_orders" \
	" UNION ALL SELECT " SUMMARY_DAY("last_at") ", 0, 1" \
	"  FROM summary_customer_orders) GROUP BY day;" \
	"INSERT INTO summary_agent_days " AGENT_DAYS ";" \
	"INSERT INTO summary_survey_days " SUMMARY_SURVEY_DAYS_SQL ";" \
	"INSERT INTO summary_complaint_days " COMPLAINT_DAYS ";" \
	"INSERT INTO summary_tag_days " SUMMARY_TAG_DAYS_SQL ";" \
	"UPDATE summary_state SET suspended = 0;"
/* Migration 21's refill, from the rows counted. */
#define SUMMARY_REBUILD_SQL \
	SUMMARY_REBUILD_DAYS(SUMMARY_AGENT_DAYS_SQL, SUMMARY_COMPLAINT_DAYS_SQL)
/* The tables migrations 25 and 26 add, refilled the same way after the others. */
#define SUMMARY_REBUILD_HOURS_SQL \
	"UPDATE summary_state SET suspended = 1;" \
	"DELETE FROM summary_agent_hours; DELETE FROM summary_survey_hours;" \
	"DELETE FROM summary_complaint_hours;" \
	"INSERT INTO summary_agent_hours " SUMMARY_AGENT_HOURS_SQL ";" \
	"INSERT INTO summary_survey_hours " SUMMARY_SURVEY_HOURS_SQL ";" \
	"INSERT INTO summary_complaint_hours " SUMMARY_COMPLAINT_HOURS_SQL ";" \
	"UPDATE summary_state SET suspended = 0;"
/* The tables of migrations 30 and 31, the same way. */
#define SUMMARY_REBUILD_OPEN_SQL \
	"UPDATE summary_state SET suspended = 1;" \
	"DELETE FROM summary_open; DELETE FROM summary_open_due;" \
	"DELETE FROM summary_open_age;" \
	"INSERT INTO summary_open " SUMMARY_OPEN_SQL ";" \
	"INSERT INTO summary_open_due " SUMMARY_OPEN_DUE_SQL ";" \
	"INSERT INTO summary_open_age " SUMMARY_OPEN_AGE_SQL ";" \
	"DELETE FROM summary_customer_risk;" \
	"INSERT INTO summary_customer_risk " SUMMARY_CUSTOMER_RISK_SQL ";" \
	"UPDATE summary_state SET suspended = 0;"
/*
 * A refill once the hours' tables are whole: a UTC hour lies in one UTC
 * day, so the agents' and the complaints' days are the sums of their
 * hours, and the messages, the biggest table, are read once, not twice.
 */
#define SUMMARY_REFILL_DAYS_SQL \
	SUMMARY_REBUILD_DAYS( \
		"SELECT " SUMMARY_DAY("hour") ", agent_id, sum(replies)," \
		" sum(with_history) FROM summary_agent_hours GROUP BY 1, 2", \
		"SELECT " SUMMARY_DAY("hour") ", category, sum(complaints)" \
		" FROM summary_complaint_hours GROUP BY 1, 2")

#endif
