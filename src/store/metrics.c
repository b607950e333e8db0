/*
 * metrics.c: the supervisor's figures.
 *
 * Figures over a period read the summary tables of migration 21, which
 * triggers keep exact in the transactions that change the rows: the
 * whole UTC days inside the period from the summaries, the partial days
 * at its ends from the rows (through the indexes migration 3 adds), so a
 * figure costs the same on ten thousand customers as on a million and
 * is exact for any period in any time zone.  The open complaints (the
 * queues, the backlog, the breach count) are counted the same way by
 * migration 30, by agent, channel, due hour and opening hour, the
 * partial hours read from partial indexes over them; the customers at
 * churn risk are found from each one's last two events (migration 31).
 * The full-scan queries (the *_scan statements) compute the same
 * answers from the rows alone: store_metrics_full_scan switches to them,
 * and the tests hold the summaries to them.  Arithmetic that could divide
 * by zero is done under a CASE, and "no data" travels as a flag.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/i18n.h"
#include "temas/metrics.h"
#include "temas/sla.h"

#define WEEK_SECS 604800LL
#define YEAR_SECS 31557600.0    /* 365.25 days */

#define QUEUES_SQL(Q, R, M) \
	"WITH " Q R M \
	" p AS (SELECT agent_id AS a, max(hb) AS hb FROM (SELECT agent_id," \
	"  heartbeat_at AS hb FROM presence UNION ALL SELECT agent_id, seen_at" \
	"  FROM agent_seen) GROUP BY agent_id)" \
	"SELECT * FROM (" \
	" SELECT ag.id AS id, ag.login AS login, ag.name, ag.role," \
	"  coalesce(q.open, 0), coalesce(q.pending, 0), coalesce(q.breached, 0)," \
	"  coalesce(q.oldest, 0), coalesce(r.n, 0), coalesce(m.cnt, 0)," \
	"  coalesce(m.med, -1), coalesce(p.hb >= ?1 - ?6, 0)," \
	"  coalesce(ag.capacity, -1)" \
	" FROM agents ag LEFT JOIN q ON q.a = ag.id LEFT JOIN r ON r.a = ag.id" \
	"  LEFT JOIN m ON m.a = ag.id LEFT JOIN p ON p.a = ag.id" \
	" WHERE ag.active = 1 OR q.a IS NOT NULL" \
	" UNION ALL" \
	" SELECT 0, '', '', 'agent', q.open, q.pending, q.breached, q.oldest," \
	"  0, 0, -1, 0, -1 FROM q WHERE q.a IS NULL)" \
	"ORDER BY id = 0, login"
/*
 * The open complaints not yet due at ?1 (of the agents agent_id is `g`,
 * their complaints' where `c`, read from index): the hours from ?11, the first whole hour
 * at or after ?1, from summary_open_due, the rest from the rows.
 */
#define OPEN_NOT_DUE(g, c, index) \
	" ((SELECT coalesce(sum(complaints), 0) FROM summary_open_due" \
	"   WHERE hour >= ?11 AND agent_id " g ") +" \
	"  (SELECT count(*) FROM complaints INDEXED BY " index \
	"   WHERE " c " AND is_open AND due_at >= ?1 AND due_at < ?11))"
/* The complaints held by agent g (0: by nobody). */
#define OPEN_AGENT(g) "assignee_id IS nullif(" g ", 0)"
/* Each agent's median time to a first response in [?4, ?5). */
#define FIRST_RESPONSES \
	" FROM complaints WHERE first_response_at >= ?4 AND first_response_at < ?5" \
	"  AND assignee_id IS NOT NULL"
static const char sql_queues_scan[] = QUEUES_SQL(
	"q AS (SELECT assignee_id AS a,"
	"   sum(status<>'pending') AS open, sum(status='pending') AS pending,"
	"   sum(due_at < ?1) AS breached, min(opened_at) AS oldest"
	"  FROM complaints INDEXED BY complaints_open_agent WHERE is_open"
	"  GROUP BY assignee_id),",
	" r AS (SELECT agent_id AS a, count(*) AS n FROM interactions"
	"  WHERE direction='out' AND at >= ?2 AND at < ?3"
	"   AND agent_id IS NOT NULL GROUP BY agent_id),",
	" f AS (SELECT assignee_id AS a, first_response_at - opened_at AS d,"
	"   row_number() OVER (PARTITION BY assignee_id"
	"    ORDER BY first_response_at - opened_at) AS rn,"
	"   count(*) OVER (PARTITION BY assignee_id) AS cnt" FIRST_RESPONSES "),"
	/* The middle row for an odd count, the two middle rows for an even one. */
	" m AS (SELECT a, max(cnt) AS cnt, CAST(round(avg(d)) AS INTEGER) AS med"
	"  FROM f WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY a),");
/*
 * Replies per agent (a, n, h: replies and those with the history seen)
 * over [from, to) split as spans() splits it: whole days [dlo, dhi) from
 * summary_agent_days, whole hours [hlo, dlo) and [dhi, hhi) from
 * summary_agent_hours, the rest from the rows.
 */
#define REPLIES_EDGE(from, to) \
	" SELECT agent_id AS a, 1 AS n," \
	"  history_seen_at IS NOT NULL AND history_seen_at <= at AS h" \
	" FROM interactions WHERE direction = 'out' AND at >= " from \
	"  AND at < " to " AND agent_id IS NOT NULL"
#define REPLIES_HOURS(from, to) \
	" SELECT agent_id, replies, with_history FROM summary_agent_hours" \
	"  WHERE hour >= " from " AND hour < " to
#define REPLIES_PARTS(from, to, hlo, dlo, dhi, hhi) \
	" SELECT agent_id AS a, replies AS n, with_history AS h" \
	"  FROM summary_agent_days WHERE day >= " dlo " AND day < " dhi \
	" UNION ALL" REPLIES_HOURS(hlo, dlo) " UNION ALL" REPLIES_HOURS(dhi, hhi) \
	" UNION ALL" REPLIES_EDGE(from, hlo) " UNION ALL" REPLIES_EDGE(hhi, to)
/*
 * The window functions sort the period's first responses in SQL; here
 * first_response_medians() sorts them in memory (sql_first_responses)
 * and fills the medians in after (m is empty).
 */
static const char sql_queues[] = QUEUES_SQL(
	"o AS (SELECT agent_id AS g,"
	"   sum(CASE WHEN pending THEN 0 ELSE complaints END) AS open,"
	"   sum(CASE WHEN pending THEN complaints ELSE 0 END) AS pending,"
	"   sum(complaints) AS n FROM summary_open GROUP BY agent_id"
	"  HAVING sum(complaints) > 0),"
	" q AS (SELECT nullif(g, 0) AS a, open, pending, n -" OPEN_NOT_DUE("= g",
	OPEN_AGENT("g"), "complaints_assignee") " AS breached,"
	"  (SELECT min(opened_at) FROM complaints"
	"    INDEXED BY complaints_open_oldest"
	"    WHERE " OPEN_AGENT("g") " AND is_open) AS oldest FROM o),",
	" r AS (SELECT a, sum(n) AS n FROM ("
	REPLIES_PARTS("?2", "?3", "?9", "?7", "?8", "?10") ") GROUP BY a),",
	" m AS (SELECT 0 AS a, 0 AS cnt, -1 AS med WHERE ?4 IS NULL AND ?5 IS NULL),");
static const char sql_first_responses[] =
	"SELECT assignee_id, first_response_at - opened_at" FIRST_RESPONSES;

/* Counted in the order of complaints_open_age, each channel's sort after. */
static const char sql_backlog_scan[] =
	"SELECT b.* FROM (SELECT channel,"
	" sum(?1 - opened_at < 3600),"
	" sum(?1 - opened_at >= 3600 AND ?1 - opened_at < 14400),"
	" sum(?1 - opened_at >= 14400 AND ?1 - opened_at < 86400),"
	" sum(?1 - opened_at >= 86400 AND ?1 - opened_at < 259200),"
	" sum(?1 - opened_at >= 259200), count(*)"
	" FROM complaints WHERE is_open GROUP BY channel) b"
	" LEFT JOIN channels ch ON ch.code = b.channel ORDER BY ch.sort, b.channel";

/*
 * The same from the summaries: each channel's open complaints opened at or
 * after ?2 to ?5 (one second after 1, 4, 24 and 72 hours before ?1); the
 * whole hours from ?6 to ?9 (the first at or after each) from
 * summary_open_age, the partial hours before them from the rows.
 */
#define BACKLOG_SINCE(from, hour) \
	" coalesce(sum(a.complaints * (a.hour >= " hour ")), 0) +" \
	"  (SELECT count(*) FROM complaints INDEXED BY complaints_open_age" \
	"   WHERE channel = t.ch AND is_open AND opened_at >= " from \
	"   AND opened_at < " hour ")"
static const char sql_backlog[] =
	"WITH t AS (SELECT channel AS ch, sum(complaints) AS n FROM summary_open"
	"  GROUP BY channel HAVING sum(complaints) > 0),"
	" b AS (SELECT t.ch, t.n,"
	BACKLOG_SINCE("?2", "?6") " AS c1," BACKLOG_SINCE("?3", "?7") " AS c4,"
	BACKLOG_SINCE("?4", "?8") " AS c24," BACKLOG_SINCE("?5", "?9") " AS c72"
	"  FROM t LEFT JOIN summary_open_age a ON a.channel = t.ch"
	"   AND a.hour >= ?9 GROUP BY t.ch)"
	"SELECT b.ch, c1, c4 - c1, c24 - c4, c72 - c24, n - c72, n FROM b"
	" LEFT JOIN channels ch ON ch.code = b.ch ORDER BY ch.sort, b.ch";

static const char sql_breach_count_scan[] =
	"SELECT count(*) FROM complaints WHERE is_open AND due_at < ?1";
/* Every open complaint less those not yet due; ?11 as in OPEN_NOT_DUE. */
static const char sql_breach_count[] =
	"SELECT (SELECT coalesce(sum(complaints), 0) FROM summary_open) -"
	OPEN_NOT_DUE("IS NOT NULL", "1", "complaints_queue");
static const char sql_breaches[] =
	"SELECT " STORE_COMPLAINT_COLUMNS
	" FROM complaints c JOIN customers cu ON cu.id = c.customer_id"
	" LEFT JOIN agents a ON a.id = c.assignee_id"
	" WHERE c.is_open AND c.due_at < ?1 ORDER BY c.due_at, c.id"
	" LIMIT ?2 OFFSET ?3";

/* Shared by the satisfaction queries: the answer counts and the scores. */
#define SAT_AGG \
	" sum(s.kind = 'nps') AS n, sum(s.kind = 'nps' AND s.score >= 9) AS pr," \
	" sum(s.kind = 'nps' AND s.score BETWEEN 7 AND 8) AS pa," \
	" sum(s.kind = 'nps' AND s.score <= 6) AS de," \
	" sum(s.kind = 'csat') AS cn," \
	" avg(CASE WHEN s.kind = 'csat' THEN s.score END) AS cs"
#define SAT_OUT \
	"SELECT k, ag, wk, coalesce(n, 0), coalesce(pr, 0), coalesce(pa, 0)," \
	" coalesce(de, 0)," \
	" CASE WHEN n > 0 THEN CAST(round(100.0 * (pr - de) / n) AS INTEGER) END," \
	" coalesce(cn, 0), cs FROM "

static const char sql_sat_overall_scan[] =
	SAT_OUT "(SELECT '' AS k, 0 AS ag, 0 AS wk," SAT_AGG
	" FROM surveys s WHERE s.at >= ?1 AND s.at < ?2)";
static const char sql_sat_channel_scan[] =
	SAT_OUT "(SELECT coalesce(s.channel, c.channel) AS k, 0 AS ag, 0 AS wk,"
	SAT_AGG
	" FROM surveys s LEFT JOIN complaints c ON c.id = s.complaint_id"
	" WHERE s.at >= ?1 AND s.at < ?2"
	" AND coalesce(s.channel, c.channel) IS NOT NULL"
	" GROUP BY coalesce(s.channel, c.channel))"
	" ORDER BY (SELECT sort FROM channels WHERE code = k), k";
static const char sql_sat_agent_scan[] =
	SAT_OUT "(SELECT a.login AS k, a.id AS ag, 0 AS wk," SAT_AGG
	" FROM surveys s JOIN complaints c ON c.id = s.complaint_id"
	" JOIN agents a ON a.id = c.assignee_id"
	" WHERE s.at >= ?1 AND s.at < ?2 GROUP BY a.id) ORDER BY k";
static const char sql_sat_weeks[] =
	SAT_OUT "(SELECT '' AS k, 0 AS ag, ?1 + (s.at - ?1) / 604800 * 604800 AS wk,"
	SAT_AGG
	" FROM surveys s WHERE s.at >= ?1 AND s.at < ?2"
	" GROUP BY (s.at - ?1) / 604800) ORDER BY wk";

/*
 * The same figures from the summary: the whole days [?3, ?4) from
 * summary_survey_days, the partial days at the ends of [?1, ?2) from the
 * rows, each row keyed by channel (ch) and agent (ag) as the summary is.
 */
#define SAT_ROW \
	" s.kind = 'nps' AS n, s.kind = 'nps' AND s.score >= 9 AS pr," \
	" s.kind = 'nps' AND s.score BETWEEN 7 AND 8 AS pa," \
	" s.kind = 'nps' AND s.score <= 6 AS de, s.kind = 'csat' AS cn," \
	" CASE WHEN s.kind = 'csat' THEN s.score ELSE 0 END AS cs"
#define SAT_EDGE(from, to) \
	" SELECT coalesce(s.channel, c.channel, '') AS ch," \
	"  coalesce(c.assignee_id, 0) AS ag," SAT_ROW \
	" FROM surveys s LEFT JOIN complaints c ON c.id = s.complaint_id" \
	" WHERE s.at >= " from " AND s.at < " to
#define SAT_PARTS \
	" (SELECT channel AS ch, agent_id AS ag, nps AS n, promoters AS pr," \
	"  passives AS pa, detractors AS de, csat AS cn, csat_sum AS cs" \
	"  FROM summary_survey_days WHERE day >= ?3 AND day < ?4" \
	" UNION ALL" SAT_EDGE("?1", "?3") " UNION ALL" SAT_EDGE("?4", "?2") ") x"
#define SAT_SUMS \
	" sum(x.n) AS n, sum(x.pr) AS pr, sum(x.pa) AS pa, sum(x.de) AS de," \
	" sum(x.cn) AS cn," \
	" CASE WHEN sum(x.cn) > 0 THEN 1.0 * sum(x.cs) / sum(x.cn) END AS cs"
#define SAT_ANY " HAVING sum(x.n) + sum(x.cn) > 0"

/*
 * The whole team's answers need neither channel nor agent: [?1, ?2) split
 * by spans() into ?3 to ?6, the whole hours from summary_survey_hours and
 * the partial ones from the answers alone.
 */
#define SAT_HOURS(from, to) \
	" SELECT nps, promoters, passives, detractors, csat, csat_sum" \
	"  FROM summary_survey_hours WHERE hour >= " from " AND hour < " to
#define SAT_ROWS(from, to) \
	" SELECT" SAT_ROW " FROM surveys s WHERE s.at >= " from " AND s.at < " to
static const char sql_sat_overall[] =
	SAT_OUT "(SELECT '' AS k, 0 AS ag, 0 AS wk," SAT_SUMS " FROM"
	" (SELECT nps AS n, promoters AS pr, passives AS pa, detractors AS de,"
	"  csat AS cn, csat_sum AS cs FROM summary_survey_days"
	"  WHERE day >= ?3 AND day < ?4"
	" UNION ALL" SAT_HOURS("?5", "?3") " UNION ALL" SAT_HOURS("?4", "?6")
	" UNION ALL" SAT_ROWS("?1", "?5") " UNION ALL" SAT_ROWS("?6", "?2") ") x)";
static const char sql_sat_channel[] =
	SAT_OUT "(SELECT x.ch AS k, 0 AS ag, 0 AS wk," SAT_SUMS " FROM" SAT_PARTS
	" WHERE x.ch <> '' GROUP BY x.ch" SAT_ANY ")"
	" ORDER BY (SELECT sort FROM channels WHERE code = k), k";
static const char sql_sat_agent[] =
	SAT_OUT "(SELECT a.login AS k, a.id AS ag, 0 AS wk," SAT_SUMS " FROM" SAT_PARTS
	" JOIN agents a ON a.id = x.ag GROUP BY a.id" SAT_ANY ") ORDER BY k";

/* One pass over the orders index: each customer's first and last order. */
static const char sql_churn_scan[] =
	"SELECT count(*), coalesce(sum(last < ?1), 0),"
	" CASE WHEN count(*) > 0 THEN 1.0 * sum(last < ?1) / count(*) END"
	" FROM (SELECT max(placed_at) AS last FROM orders"
	"  WHERE placed_at < ?2 GROUP BY customer_id HAVING min(placed_at) < ?1)";

/*
 * From the summary, for a window when no order is at or after ?2: the
 * customers whose first order is before ?1 (base) and those whose last
 * one is (churned), whole days before the day of ?1 (?3) from the day
 * counts and the rest from the customers' first and last order times.
 */
static const char sql_churn[] =
	"SELECT (SELECT coalesce(sum(firsts), 0) FROM summary_order_days"
	"  WHERE day < ?3) + (SELECT count(*) FROM summary_customer_orders"
	"  WHERE first_at >= ?3 AND first_at < ?1),"
	" (SELECT coalesce(sum(lasts), 0) FROM summary_order_days WHERE day < ?3)"
	"  + (SELECT count(*) FROM summary_customer_orders"
	"  WHERE last_at >= ?3 AND last_at < ?1)";
static const char sql_churn_latest[] =
	"SELECT count(*) FROM summary_customer_orders WHERE last_at >= ?1";

/*
 * The customers at churn risk: r holds each one's complaints (c) and
 * detractor answers (d) in the period, every figure after it is computed
 * for those few customers alone.
 */
#define RISK_SQL(R) \
	"WITH " R \
	" v AS (SELECT r.cid, r.c, r.d," \
	"   " STORE_CUSTOMER_NAME("cu") " AS name, cu.tier," \
	"   cu.acquisition_cost AS acq," \
	"   max(1.0, (?2 - cu.created_at) / 31557600.0) AS years," \
	"   (SELECT coalesce(sum(o.total), 0) FROM orders o" \
	"     WHERE o.customer_id = r.cid AND o.status <> 'cancelled'" \
	"     AND o.placed_at < ?2) AS rev," \
	"   (SELECT o.currency FROM orders o WHERE o.customer_id = r.cid" \
	"     GROUP BY o.currency ORDER BY count(*) DESC LIMIT 1) AS cur," \
	"   (SELECT count(*) FROM complaints x WHERE x.customer_id = r.cid" \
	"     AND x.is_open) AS openc" \
	"  FROM r JOIN customers cu ON cu.id = r.cid)," \
	" w AS (SELECT *, CAST(round(rev / years) AS INTEGER) AS rpy FROM v)" \
	"SELECT cid, name, tier, c, d, openc, rev, coalesce(cur, 'TRY'), years," \
	" rpy, acq, CAST(round(rpy * ?3) AS INTEGER) - acq AS clv," \
	" count(*) OVER () FROM w ORDER BY clv DESC, cid LIMIT ?4"
/* The complaints opened and the detractor answers given in [?1, ?2). */
#define RISK_EVENTS \
	"  SELECT customer_id AS cid, 1 AS c FROM complaints" \
	"   WHERE opened_at >= ?1 AND opened_at < ?2" \
	"  UNION ALL" \
	"  SELECT customer_id, 0 FROM surveys INDEXED BY surveys_detractors" \
	"   WHERE at >= ?1 AND at < ?2 AND kind = 'nps' AND score <= 6"
static const char sql_risk_scan[] = RISK_SQL(
	"neg AS (" RISK_EVENTS "),"
	" r AS (SELECT cid, sum(c) AS c, sum(1 - c) AS d FROM neg"
	"  GROUP BY cid HAVING count(*) >= 2),");
/*
 * Grouping every event of a period in SQL sorts them through a temporary
 * b-tree; risk_candidates() reads them (sql_risk_events) and sorts them in
 * memory instead, and hands the customers with two or more to sql_risk as
 * a JSON array of [customer, complaints, detractor answers] (?5).
 */
static const char sql_risk_events[] = RISK_EVENTS;
static const char sql_risk[] = RISK_SQL(
	"r AS (SELECT value ->> 0 AS cid, value ->> 1 AS c, value ->> 2 AS d"
	"  FROM json_each(?5)),");
/*
 * With no complaint or detractor answer at or after ?2, the customers
 * with two or more in the period are those whose last two are in it
 * (summary_customer_risk, migration 31), with their counts in the period
 * read from the indexes on the customer: the same array, from the few
 * customers alone.
 */
static const char sql_risk_later[] =
	"SELECT coalesce((SELECT max(opened_at) FROM complaints) >= ?2, 0)"
	" OR coalesce((SELECT max(at) FROM surveys INDEXED BY surveys_detractors"
	"  WHERE kind = 'nps' AND score <= 6) >= ?2, 0)";
static const char sql_risk_kept[] =
	"SELECT json_group_array(json_array(r.customer_id,"
	"  (SELECT count(*) FROM complaints INDEXED BY complaints_customer"
	"   WHERE customer_id = r.customer_id AND opened_at >= ?1"
	"   AND opened_at < ?2),"
	"  (SELECT count(*) FROM surveys INDEXED BY surveys_customer"
	"   WHERE customer_id = r.customer_id AND at >= ?1 AND at < ?2"
	"   AND kind = 'nps' AND score <= 6)))"
	" FROM summary_customer_risk r WHERE prev_at >= ?1";
/*
 * sql_risk when no order is at or after ?2 either: each candidate's
 * revenue is its summary_customer_orders row, so the candidates are ranked
 * from their customer and summary rows alone, and the currency and the
 * open complaints are read for the few shown.
 */
static const char sql_risk_summary[] =
	"WITH r AS (SELECT value ->> 0 AS cid, value ->> 1 AS c, value ->> 2 AS d"
	"  FROM json_each(?5)),"
	" v AS (SELECT r.cid, r.c, r.d,"
	"   " STORE_CUSTOMER_NAME("cu") " AS name, cu.tier,"
	"   cu.acquisition_cost AS acq,"
	"   max(1.0, (?2 - cu.created_at) / 31557600.0) AS years,"
	"   coalesce(o.revenue, 0) AS rev"
	"  FROM r JOIN customers cu ON cu.id = r.cid"
	"  LEFT JOIN summary_customer_orders o ON o.customer_id = r.cid),"
	" w AS (SELECT *, CAST(round(rev / years) AS INTEGER) AS rpy FROM v),"
	" t AS (SELECT *, CAST(round(rpy * ?3) AS INTEGER) - acq AS clv,"
	"   count(*) OVER () AS n FROM w ORDER BY clv DESC, cid LIMIT ?4)"
	"SELECT cid, name, tier, c, d,"
	" (SELECT count(*) FROM complaints x WHERE x.customer_id = t.cid"
	"   AND x.is_open), rev,"
	" coalesce((SELECT o.currency FROM orders o WHERE o.customer_id = t.cid"
	"   GROUP BY o.currency ORDER BY count(*) DESC LIMIT 1), 'TRY'), years,"
	" rpy, acq, clv, n FROM t ORDER BY clv DESC, cid";
static const char sql_orders_later[] =
	"SELECT count(*) FROM (SELECT 1 FROM summary_customer_orders"
	" WHERE last_at >= ?1 LIMIT 1)";
static const char sql_risk_open[] =
	"SELECT id FROM complaints WHERE customer_id = ?1 AND is_open"
	" ORDER BY opened_at, id LIMIT 4";

static const char sql_compliance_scan[] =
	"SELECT i.agent_id, coalesce(a.login, ''), count(*),"
	" sum(i.history_seen_at IS NOT NULL AND i.history_seen_at <= i.at)"
	" FROM interactions i LEFT JOIN agents a ON a.id = i.agent_id"
	" WHERE i.direction = 'out' AND i.at >= ?1 AND i.at < ?2"
	" AND i.agent_id IS NOT NULL GROUP BY i.agent_id ORDER BY 2, 1";

/* [?1, ?2) split by spans() into ?3 to ?6. */
static const char sql_compliance[] =
	"SELECT x.a, coalesce(ag.login, ''), sum(x.n), sum(x.h) FROM ("
	REPLIES_PARTS("?1", "?2", "?5", "?3", "?4", "?6") ") x"
	" LEFT JOIN agents ag ON ag.id = x.a GROUP BY x.a HAVING sum(x.n) > 0"
	" ORDER BY 2, 1";

static const char sql_categories_scan[] =
	"SELECT category, sum(opened_at >= ?2), sum(opened_at < ?2)"
	" FROM complaints WHERE opened_at >= ?1 AND opened_at < ?3"
	" GROUP BY category ORDER BY 2 DESC, 3 DESC, category";
static const char sql_tag_counts_scan[] =
	"SELECT t.tag, sum(c.opened_at >= ?2), sum(c.opened_at < ?2)"
	" FROM complaint_tags t JOIN complaints c ON c.id = t.complaint_id"
	" WHERE c.opened_at >= ?1 AND c.opened_at < ?3"
	" GROUP BY t.tag ORDER BY 2 DESC, 3 DESC, t.tag";

/*
 * The same counts from the summaries: the period [?2, ?3) and the one
 * before it [?1, ?2), whole days [?6, ?7) and [?4, ?5) from the summary,
 * the partial days at their ends from the rows (complaints by opening
 * time through complaints_opened).
 */
#define CAT_EDGE(cur, from, to) \
	" SELECT category AS k, " cur " AS cur, 1 - " cur " AS prev" \
	"  FROM complaints WHERE opened_at >= " from " AND opened_at < " to
#define TAG_EDGE(cur, from, to) \
	" SELECT t.tag AS k, " cur " AS cur, 1 - " cur " AS prev" \
	"  FROM complaints c JOIN complaint_tags t ON t.complaint_id = c.id" \
	"  WHERE c.opened_at >= " from " AND c.opened_at < " to
#define CAT_HOURS(cur, from, to) \
	" SELECT category AS k, " cur " * complaints AS cur," \
	"  (1 - " cur ") * complaints AS prev FROM summary_complaint_hours" \
	"  WHERE hour >= " from " AND hour < " to
/*
 * The rows at the ends: [?2, cl) and [ch, ?3) of the period, [?1, pl) and
 * [ph, ?2) of the one before; more: what lies between them and the days.
 */
#define COUNT_BY(table, key, edge, cl, ch, pl, ph, more) \
	"SELECT x.k, sum(x.cur), sum(x.prev) FROM (" \
	" SELECT " key " AS k, complaints AS cur, 0 AS prev FROM " table \
	"  WHERE day >= ?6 AND day < ?7" \
	" UNION ALL SELECT " key ", 0, complaints FROM " table \
	"  WHERE day >= ?4 AND day < ?5" \
	" UNION ALL" edge("1", "?2", cl) " UNION ALL" edge("1", ch, "?3") \
	" UNION ALL" edge("0", "?1", pl) " UNION ALL" edge("0", ph, "?2") more \
	") x GROUP BY x.k HAVING sum(x.cur) + sum(x.prev) > 0" \
	" ORDER BY 2 DESC, 3 DESC, 1"
/* Categories by hour too: spans() of each period, ?8 to ?11. */
static const char sql_categories[] =
	COUNT_BY("summary_complaint_days", "category", CAT_EDGE, "?10", "?11",
		 "?8", "?9",
		 " UNION ALL" CAT_HOURS("1", "?10", "?6")
		 " UNION ALL" CAT_HOURS("1", "?7", "?11")
		 " UNION ALL" CAT_HOURS("0", "?8", "?4")
		 " UNION ALL" CAT_HOURS("0", "?5", "?9"));
static const char sql_tag_counts[] =
	COUNT_BY("summary_tag_days", "tag", TAG_EDGE, "?6", "?7", "?4", "?5", "");


/* The first second of the UTC day of t. */
static temas_time day_floor(temas_time t)
{
	return t - ((t % 86400) + 86400) % 86400;
}

/* The first whole UTC hour at or after t. */
static temas_time hour_ceil(temas_time t)
{
	temas_time h = t - ((t % 3600) + 3600) % 3600;

	return h < t ? h + 3600 : h;
}

/*
 * The whole UTC days [*lo, *hi) inside [a, b), which the summaries answer
 * for; the rows of [a, *lo) and [*hi, b) are read from the tables.  With
 * no whole day inside, *lo = *hi = b: all of [a, b) is read from the rows.
 */
static void whole_days(temas_time a, temas_time b, temas_time *lo,
		       temas_time *hi)
{
	*lo = day_floor(a);
	if (*lo < a)
		*lo += 86400;
	*hi = day_floor(b);
	if (*lo > *hi)
		*lo = *hi = b;
}

/*
 * [a, b) for the summaries kept by day and by hour: the whole UTC days
 * [*dlo, *dhi), the whole hours [*hlo, *dlo) and [*dhi, *hhi) around
 * them, and the rest, [a, *hlo) and [*hhi, b), read from the rows;
 * a <= *hlo <= *dlo <= *dhi <= *hhi <= b.
 */
static void spans(temas_time a, temas_time b, temas_time *hlo, temas_time *dlo,
		  temas_time *dhi, temas_time *hhi)
{
	*hlo = a - ((a % 3600) + 3600) % 3600;
	if (*hlo < a)
		*hlo += 3600;
	*hhi = b - ((b % 3600) + 3600) % 3600;
	if (*hlo > *hhi)
		*hlo = *hhi = b;
	whole_days(*hlo, *hhi, dlo, dhi);
}

/* spans(a, b) bound to the statement's parameters hlo, dlo, dhi, hhi. */
static void bind_spans(sqlite3_stmt *s, int hlo, int dlo, int dhi, int hhi,
		       temas_time a, temas_time b)
{
	temas_time t[4];

	spans(a, b, &t[0], &t[1], &t[2], &t[3]);
	sqlite3_bind_int64(s, hlo, t[0]);
	sqlite3_bind_int64(s, dlo, t[1]);
	sqlite3_bind_int64(s, dhi, t[2]);
	sqlite3_bind_int64(s, hhi, t[3]);
}

void store_metrics_full_scan(struct store *st, int on)
{
	st->metrics_full_scan = on != 0;
}

static int check_period(struct store *st, const struct metrics_period *p)
{
	if (p == NULL || p->until <= p->since)
		return store_fail(st, _("the period must end after it starts"));
	return STORE_OK;
}

int metrics_local_day(temas_time t, temas_time *start, temas_time *next)
{
	if (sla_local_day_at(t, 0, 0, 0, 0, start) != STORE_OK ||
	    sla_local_day_at(t, 1, 0, 0, 0, next) != STORE_OK)
		return STORE_ERROR;
	return STORE_OK;
}

/* Two integers of a row: the events sorted in memory. */
struct pair {
	sqlite3_int64 a, b;
};

static int pair_cmp(const void *x, const void *y)
{
	const struct pair *p = x, *q = y;

	if (p->a != q->a)
		return (p->a > q->a) - (p->a < q->a);
	return (p->b > q->b) - (p->b < q->b);
}

/*
 * The rows of sql (two integers each) for the period bound at parameters
 * from and from + 1, sorted; *rows is malloc'd.
 */
static int sorted_pairs(struct store *st, const char *sql, int from,
			const struct metrics_period *p, const char *what,
			struct pair **rows, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	struct pair *r = NULL;
	int cap = 0, rc;

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, from, p->since);
	sqlite3_bind_int64(s, from + 1, p->until);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&r, *n, &cap, sizeof *r) != STORE_OK) {
			sqlite3_reset(s);
			free(r);
			*n = 0;
			return STORE_ERROR;
		}
		r[*n].a = sqlite3_column_int64(s, 0);
		r[(*n)++].b = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(r);
		*n = 0;
		return store_fail_sqlite(st, what);
	}
	if (*n > 1)
		qsort(r, (size_t)*n, sizeof *r, pair_cmp);
	*rows = r;
	return STORE_OK;
}

/*
 * Each agent's count of first responses in the period and their median
 * (the mean of the two middle ones for an even count, rounded half away
 * from zero), as the window functions of sql_queues_scan compute them.
 */
static int first_response_medians(struct store *st, const struct metrics_period *p,
				  struct metrics_agent_queue *rows, int nrows)
{
	struct pair *r, key, *hit;
	sqlite3_int64 sum;
	int n, i, lo, hi;

	if (sorted_pairs(st, sql_first_responses, 4, p,
			 _("cannot count the queues"), &r, &n) != STORE_OK)
		return STORE_ERROR;
	for (i = 0; i < nrows; i++) {
		if (rows[i].agent_id == 0 || n == 0)
			continue;
		key.a = rows[i].agent_id;
		key.b = INT64_MIN;
		/* The agent's first response: the first not below key. */
		for (lo = 0, hi = n; lo < hi;) {
			int mid = lo + (hi - lo) / 2;

			if (pair_cmp(&r[mid], &key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		hit = &r[lo];
		for (hi = lo; hi < n && r[hi].a == key.a; hi++)
			;
		if (hi == lo)
			continue;
		rows[i].first_responses = hi - lo;
		sum = hit[(hi - lo - 1) / 2].b + hit[(hi - lo) / 2].b;
		rows[i].median_first_response = (sum + (sum > 0) - (sum < 0)) / 2;
	}
	free(r);
	return STORE_OK;
}

int store_metrics_queues(struct store *st, const struct metrics_period *p,
			 struct metrics_agent_queue **rows, int *n)
{
	struct metrics_agent_queue *out = NULL, *r;
	temas_time now = store_now(st), day0, day1;
	sqlite3_stmt *s;
	int cap = 0, rc;

	*rows = NULL;
	*n = 0;
	if (check_period(st, p) != STORE_OK)
		return STORE_INVALID;
	if (metrics_local_day(now, &day0, &day1) != STORE_OK)
		return store_fail(st, _("cannot tell the local day"));
	s = store_stmt(st, st->metrics_full_scan ? sql_queues_scan : sql_queues);
	if (s == NULL)
		return STORE_ERROR;
	if (!st->metrics_full_scan) {
		bind_spans(s, 9, 7, 8, 10, day0, day1);
		sqlite3_bind_int64(s, 11, hour_ceil(now));
	}
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, day0);
	sqlite3_bind_int64(s, 3, day1);
	sqlite3_bind_int64(s, 4, p->since);
	sqlite3_bind_int64(s, 5, p->until);
	sqlite3_bind_int(s, 6, METRICS_ONLINE_SECS);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&out, *n, &cap, sizeof *out) != STORE_OK) {
			sqlite3_reset(s);
			free(out);
			*n = 0;
			return STORE_ERROR;
		}
		r = &out[(*n)++];
		memset(r, 0, sizeof *r);
		r->agent_id = sqlite3_column_int64(s, 0);
		r->login = store_col_str(st, s, 1);
		r->name = store_col_str(st, s, 2);
		r->role = strcmp((const char *)sqlite3_column_text(s, 3),
				 "supervisor") == 0 ? ROLE_SUPERVISOR : ROLE_AGENT;
		r->open = sqlite3_column_int(s, 4);
		r->pending = sqlite3_column_int(s, 5);
		r->breached = sqlite3_column_int(s, 6);
		r->oldest_open_at = sqlite3_column_int64(s, 7);
		r->replies_today = sqlite3_column_int(s, 8);
		r->first_responses = sqlite3_column_int(s, 9);
		r->median_first_response = sqlite3_column_int64(s, 10);
		r->online = sqlite3_column_int(s, 11);
		r->capacity = sqlite3_column_int(s, 12);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(out);
		*n = 0;
		return store_fail_sqlite(st, _("cannot count the queues"));
	}
	if (!st->metrics_full_scan &&
	    first_response_medians(st, p, out, *n) != STORE_OK) {
		free(out);
		*n = 0;
		return STORE_ERROR;
	}
	*rows = out;
	return STORE_OK;
}

const char *metrics_age_label(int bucket)
{
	switch (bucket) {
	case METRICS_AGE_1H: return _("< 1 h");
	case METRICS_AGE_4H: return _("1-4 h");
	case METRICS_AGE_24H: return _("4-24 h");
	case METRICS_AGE_3D: return _("1-3 d");
	case METRICS_AGE_OLDER: return _("> 3 d");
	default: return "?";
	}
}

int store_metrics_backlog(struct store *st, struct metrics_backlog_row **rows,
			  int *n)
{
	static const temas_time ages[] = { 3600, 14400, 86400, 259200 };
	struct metrics_backlog_row *out = NULL, *r;
	sqlite3_stmt *s = store_stmt(st, st->metrics_full_scan ? sql_backlog_scan
				     : sql_backlog);
	temas_time now = store_now(st);
	int cap = 0, rc, b;

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, now);
	/* Younger than an age: opened after now - age, at or after 1 s later. */
	for (b = 0; !st->metrics_full_scan && b < 4; b++) {
		sqlite3_bind_int64(s, 2 + b, now - ages[b] + 1);
		sqlite3_bind_int64(s, 6 + b, hour_ceil(now - ages[b] + 1));
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&out, *n, &cap, sizeof *out) != STORE_OK) {
			sqlite3_reset(s);
			free(out);
			*n = 0;
			return STORE_ERROR;
		}
		r = &out[(*n)++];
		memset(r, 0, sizeof *r);
		store_col_text(s, 0, r->channel, sizeof r->channel);
		for (b = 0; b < METRICS_AGE_BUCKETS; b++)
			r->count[b] = sqlite3_column_int(s, 1 + b);
		r->total = sqlite3_column_int(s, 6);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(out);
		*n = 0;
		return store_fail_sqlite(st, _("cannot count the backlog"));
	}
	*rows = out;
	return STORE_OK;
}

int store_metrics_breaches(struct store *st, int offset, int max,
			   struct complaint *rows, int *n, int *total)
{
	temas_time now = store_now(st);
	sqlite3_stmt *s;
	int rc;

	*n = 0;
	*total = 0;
	if (offset < 0 || max < 0)
		return store_fail(st, _("bad page of the breach list"));
	s = store_stmt(st, st->metrics_full_scan ? sql_breach_count_scan
		       : sql_breach_count);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, now);
	if (!st->metrics_full_scan)
		sqlite3_bind_int64(s, 11, hour_ceil(now));
	if (store_step_count(st, s, total, _("cannot count the SLA breaches")) != STORE_OK)
		return STORE_ERROR;
	if (max == 0)
		return STORE_OK;
	s = store_stmt(st, sql_breaches);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int(s, 2, max);
	sqlite3_bind_int(s, 3, offset);
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW)
		store_complaint_read(st, s, &rows[(*n)++]);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot list the SLA breaches"));
	return STORE_OK;
}

static void read_score(struct store *st, sqlite3_stmt *s, struct metrics_score *m)
{
	memset(m, 0, sizeof *m);
	m->key = store_col_str(st, s, 0);
	m->agent_id = sqlite3_column_int64(s, 1);
	m->week_start = sqlite3_column_int64(s, 2);
	m->nps_answers = sqlite3_column_int(s, 3);
	m->promoters = sqlite3_column_int(s, 4);
	m->passives = sqlite3_column_int(s, 5);
	m->detractors = sqlite3_column_int(s, 6);
	m->has_nps = sqlite3_column_type(s, 7) != SQLITE_NULL;
	m->nps = m->has_nps ? sqlite3_column_int(s, 7) : 0;
	m->csat_answers = sqlite3_column_int(s, 8);
	m->has_csat = sqlite3_column_type(s, 9) != SQLITE_NULL;
	m->csat = m->has_csat ? sqlite3_column_double(s, 9) : 0.0;
}

static int scores(struct store *st, const char *sql, temas_time since,
		  temas_time until, struct metrics_score **rows, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	struct metrics_score *out = NULL;
	int cap = 0, rc;

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, since);
	sqlite3_bind_int64(s, 2, until);
	if (sqlite3_bind_parameter_count(s) >= 6) {   /* by day and hour */
		bind_spans(s, 5, 3, 4, 6, since, until);
	} else if (sqlite3_bind_parameter_count(s) >= 4) {   /* by day */
		temas_time lo, hi;

		whole_days(since, until, &lo, &hi);
		sqlite3_bind_int64(s, 3, lo);
		sqlite3_bind_int64(s, 4, hi);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&out, *n, &cap, sizeof *out) != STORE_OK) {
			sqlite3_reset(s);
			free(out);
			*n = 0;
			return STORE_ERROR;
		}
		read_score(st, s, &out[(*n)++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(out);
		*n = 0;
		return store_fail_sqlite(st, _("cannot read the survey answers"));
	}
	*rows = out;
	return STORE_OK;
}

/* Weeks without answers get a row too, so a trend has no holes. */
static int fill_weeks(struct store *st, temas_time start, int weeks,
		      struct metrics_satisfaction *out)
{
	struct metrics_score *got = out->weeks, *all;
	int i, j = 0;

	all = calloc((size_t)weeks, sizeof *all);
	if (all == NULL)
		return store_fail(st, _("out of memory"));
	for (i = 0; i < weeks; i++) {
		temas_time ws = start + (temas_time)i * WEEK_SECS;

		if (j < out->nweeks && got[j].week_start == ws)
			all[i] = got[j++];
		all[i].week_start = ws;
	}
	free(got);
	out->weeks = all;
	out->nweeks = weeks;
	return STORE_OK;
}

/*
 * The weekly trend from the summary: each week on its own (its whole days
 * from the summary, its ends from the rows); a week without answers is
 * left as fill_weeks leaves one.
 */
static int summary_weeks(struct store *st, temas_time start, temas_time until,
			 int weeks, struct metrics_satisfaction *out)
{
	struct metrics_score *one;
	int i, n;

	out->weeks = calloc((size_t)weeks, sizeof *out->weeks);
	if (out->weeks == NULL)
		return store_fail(st, _("out of memory"));
	out->nweeks = weeks;
	for (i = 0; i < weeks; i++) {
		temas_time ws = start + (temas_time)i * WEEK_SECS;
		temas_time we = ws + WEEK_SECS < until ? ws + WEEK_SECS : until;

		if (scores(st, sql_sat_overall, ws, we, &one, &n) != STORE_OK)
			return STORE_ERROR;
		if (n == 1 && one[0].nps_answers + one[0].csat_answers > 0)
			out->weeks[i] = one[0];
		free(one);
		out->weeks[i].week_start = ws;
	}
	return STORE_OK;
}

int store_metrics_satisfaction(struct store *st, const struct metrics_period *p,
			       int weeks, struct metrics_satisfaction *out)
{
	int scan = st->metrics_full_scan;
	struct metrics_score *one;
	temas_time wstart;
	int n;

	memset(out, 0, sizeof *out);
	if (check_period(st, p) != STORE_OK)
		return STORE_INVALID;
	if (weeks < 0 || weeks > 520)
		return store_fail(st, _("a trend covers 0 to 520 weeks"));
	if (scores(st, scan ? sql_sat_overall_scan : sql_sat_overall, p->since,
		   p->until, &one, &n) != STORE_OK)
		return STORE_ERROR;
	if (n == 1)
		out->overall = one[0];
	free(one);
	if (scores(st, scan ? sql_sat_channel_scan : sql_sat_channel, p->since,
		   p->until, &out->by_channel, &out->nchannels) != STORE_OK ||
	    scores(st, scan ? sql_sat_agent_scan : sql_sat_agent, p->since,
		   p->until, &out->by_agent, &out->nagents) != STORE_OK)
		goto fail;
	if (weeks > 0) {
		/* The weeks inside the period, from its first day (the last
		 * one cut at its end); of a longer period, its last weeks. */
		temas_time span = p->until - p->since;
		long long inside = (span + WEEK_SECS - 1) / WEEK_SECS;

		if (inside < 1)
			inside = 1;
		if (weeks > inside)
			weeks = (int)inside;
		wstart = weeks == inside ? p->since : p->until - (temas_time)weeks * WEEK_SECS;
		if (!scan) {
			if (summary_weeks(st, wstart, p->until, weeks, out) != STORE_OK)
				goto fail;
		} else if (scores(st, sql_sat_weeks, wstart, p->until, &out->weeks,
				  &out->nweeks) != STORE_OK ||
			   fill_weeks(st, wstart, weeks, out) != STORE_OK)
			goto fail;
	}
	return STORE_OK;
fail:
	metrics_satisfaction_free(out);
	return STORE_ERROR;
}

void metrics_satisfaction_free(struct metrics_satisfaction *s)
{
	if (s == NULL)
		return;
	free(s->by_channel);
	free(s->by_agent);
	free(s->weeks);
	memset(s, 0, sizeof *s);
}

int store_metrics_churn(struct store *st, temas_time until, int days,
			struct metrics_churn *out)
{
	sqlite3_stmt *s;
	double window;
	temas_time start;
	int rc, scan, later = 0;

	memset(out, 0, sizeof *out);
	if (days < 1 || days > 36500)
		return store_fail(st, _("churn window must be 1 to 36500 days"));
	out->days = days;
	start = until - (temas_time)days * 86400;
	/* The summary knows each customer's last order, not the last one
	 * before a time: with orders at or after until, read the orders. */
	scan = st->metrics_full_scan;
	if (!scan) {
		s = store_stmt(st, sql_churn_latest);
		if (s == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, until);
		if (store_step_count(st, s, &later,
				     _("cannot compute the churn rate")) != STORE_OK)
			return STORE_ERROR;
		scan = later > 0;
	}
	s = store_stmt(st, scan ? sql_churn_scan : sql_churn);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, start);
	if (scan)
		sqlite3_bind_int64(s, 2, until);
	else
		sqlite3_bind_int64(s, 3, day_floor(start));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && scan) {
		out->base = sqlite3_column_int(s, 0);
		out->churned = sqlite3_column_int(s, 1);
		out->has_rate = sqlite3_column_type(s, 2) != SQLITE_NULL;
		out->rate = out->has_rate ? sqlite3_column_double(s, 2) : 0.0;
	} else if (rc == SQLITE_ROW) {
		/* As the query above computes them, to the last bit. */
		out->base = sqlite3_column_int(s, 0);
		out->churned = sqlite3_column_int(s, 1);
		out->has_rate = out->base > 0;
		out->rate = out->has_rate ? 1.0 * out->churned / out->base : 0.0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot compute the churn rate"));
	window = days * 86400.0 / YEAR_SECS;
	out->duration_years = METRICS_MAX_YEARS;
	if (out->has_rate && out->rate > 0.0 && window / out->rate < METRICS_MAX_YEARS)
		out->duration_years = window / out->rate;
	return STORE_OK;
}

/*
 * The customers with two or more complaints or detractor answers in the
 * period, as sql_risk reads them: a JSON array in *json (sqlite3_free it).
 */
static int risk_candidates(struct store *st, const struct metrics_period *p,
			   char **json)
{
	struct pair *ev;
	sqlite3_str *out;
	int n, i, j, c, first = 1;

	*json = NULL;
	if (sorted_pairs(st, sql_risk_events, 1, p,
			 _("cannot find customers at churn risk"), &ev, &n) != STORE_OK)
		return STORE_ERROR;
	out = sqlite3_str_new(st->db);
	sqlite3_str_appendchar(out, 1, '[');
	for (i = 0; i < n; i = j) {
		for (j = i, c = 0; j < n && ev[j].a == ev[i].a; j++)
			c += (int)ev[j].b;
		if (j - i < 2)
			continue;
		sqlite3_str_appendf(out, "%s[%lld,%d,%d]", first ? "" : ",",
				    (long long)ev[i].a, c, j - i - c);
		first = 0;
	}
	sqlite3_str_appendchar(out, 1, ']');
	free(ev);
	if (sqlite3_str_errcode(out) != SQLITE_OK) {
		sqlite3_free(sqlite3_str_finish(out));
		return store_fail(st, _("out of memory"));
	}
	*json = sqlite3_str_finish(out);
	return STORE_OK;
}

/*
 * The same array from the summary when no event is at or after the
 * period's end; *json NULL when there is one (risk_candidates reads them).
 */
static int risk_kept(struct store *st, const struct metrics_period *p,
		     char **json)
{
	sqlite3_stmt *s = store_stmt(st, sql_risk_later);
	int later = 0, rc;

	*json = NULL;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 2, p->until);
	if (store_step_count(st, s, &later,
			     _("cannot find customers at churn risk")) != STORE_OK)
		return STORE_ERROR;
	if (later)
		return STORE_OK;
	s = store_stmt(st, sql_risk_kept);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, p->since);
	sqlite3_bind_int64(s, 2, p->until);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*json = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(s, 0));
		if (*json == NULL)
			rc = SQLITE_NOMEM;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot find customers at churn risk"));
	return STORE_OK;
}

static int risk_open_ids(struct store *st, struct metrics_risk *r)
{
	sqlite3_stmt *s = store_stmt(st, sql_risk_open);
	int rc, i = 0;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, r->customer_id);
	while (i < 4 && (rc = sqlite3_step(s)) == SQLITE_ROW)
		r->open_ids[i++] = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (i < 4 && rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot list open complaints"));
	return STORE_OK;
}

int store_metrics_at_risk(struct store *st, const struct metrics_period *p,
			  double duration_years, int max,
			  struct metrics_risk **rows, int *n, int *total)
{
	struct metrics_risk *out = NULL, *r;
	char *json = NULL;
	const char *sql;
	sqlite3_stmt *s;
	int rc, i, later = 0;

	*rows = NULL;
	*n = 0;
	*total = 0;
	if (check_period(st, p) != STORE_OK)
		return STORE_INVALID;
	if (max <= 0)
		return STORE_OK;
	out = calloc((size_t)max, sizeof *out);
	if (out == NULL)
		return store_fail(st, _("out of memory"));
	if (!st->metrics_full_scan &&
	    (risk_kept(st, p, &json) != STORE_OK ||
	     (json == NULL && risk_candidates(st, p, &json) != STORE_OK))) {
		free(out);
		return STORE_ERROR;
	}
	sql = st->metrics_full_scan ? sql_risk_scan : sql_risk;
	if (!st->metrics_full_scan) {
		s = store_stmt(st, sql_orders_later);
		if (s != NULL)
			sqlite3_bind_int64(s, 1, p->until);
		if (s == NULL || store_step_count(st, s, &later,
				     _("cannot find customers at churn risk")) != STORE_OK) {
			sqlite3_free(json);
			free(out);
			return STORE_ERROR;
		}
		if (!later)
			sql = sql_risk_summary;
	}
	s = store_stmt(st, sql);
	if (s == NULL) {
		sqlite3_free(json);
		free(out);
		return STORE_ERROR;
	}
	sqlite3_bind_int64(s, 1, p->since);
	sqlite3_bind_int64(s, 2, p->until);
	sqlite3_bind_double(s, 3, duration_years);
	sqlite3_bind_int(s, 4, max);
	if (json != NULL)
		sqlite3_bind_text(s, 5, json, -1, sqlite3_free);
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		r = &out[(*n)++];
		r->customer_id = sqlite3_column_int64(s, 0);
		r->name = store_col_str(st, s, 1);
		store_col_text(s, 2, r->tier, sizeof r->tier);
		r->complaints = sqlite3_column_int(s, 3);
		r->detractors = sqlite3_column_int(s, 4);
		r->open_complaints = sqlite3_column_int(s, 5);
		r->revenue = sqlite3_column_int64(s, 6);
		store_col_text(s, 7, r->currency, sizeof r->currency);
		r->years = sqlite3_column_double(s, 8);
		r->revenue_per_year = sqlite3_column_int64(s, 9);
		r->acquisition_cost = sqlite3_column_int64(s, 10);
		r->clv = sqlite3_column_int64(s, 11);
		r->duration_years = duration_years;
		*total = sqlite3_column_int(s, 12);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		free(out);
		*n = 0;
		return store_fail_sqlite(st, _("cannot find customers at churn risk"));
	}
	for (i = 0; i < *n; i++) {
		if (risk_open_ids(st, &out[i]) != STORE_OK) {
			free(out);
			*n = 0;
			return STORE_ERROR;
		}
	}
	*rows = out;
	return STORE_OK;
}

int store_metrics_compliance(struct store *st, const struct metrics_period *p,
			     struct metrics_compliance **rows, int *n)
{
	struct metrics_compliance *out = NULL, *r;
	sqlite3_stmt *s;
	int cap = 0, rc, i;

	*rows = NULL;
	*n = 0;
	if (check_period(st, p) != STORE_OK)
		return STORE_INVALID;
	s = store_stmt(st, st->metrics_full_scan ? sql_compliance_scan
					       : sql_compliance);
	if (s == NULL)
		return STORE_ERROR;
	if (!st->metrics_full_scan)
		bind_spans(s, 5, 3, 4, 6, p->since, p->until);
	if (store_grow(st, (void **)&out, 0, &cap, sizeof *out) != STORE_OK)
		return STORE_ERROR;
	memset(&out[0], 0, sizeof out[0]);
	*n = 1;
	sqlite3_bind_int64(s, 1, p->since);
	sqlite3_bind_int64(s, 2, p->until);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&out, *n, &cap, sizeof *out) != STORE_OK) {
			sqlite3_reset(s);
			free(out);
			*n = 0;
			return STORE_ERROR;
		}
		r = &out[(*n)++];
		memset(r, 0, sizeof *r);
		r->agent_id = sqlite3_column_int64(s, 0);
		r->login = store_col_str(st, s, 1);
		r->replies = sqlite3_column_int(s, 2);
		r->with_history = sqlite3_column_int(s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(out);
		*n = 0;
		return store_fail_sqlite(st, _("cannot measure reply compliance"));
	}
	for (i = 1; i < *n; i++) {
		out[0].replies += out[i].replies;
		out[0].with_history += out[i].with_history;
	}
	for (i = 0; i < *n; i++) {
		out[i].has_share = out[i].replies > 0;
		if (out[i].has_share)
			out[i].share = (double)out[i].with_history / out[i].replies;
	}
	*rows = out;
	return STORE_OK;
}

static int count_by(struct store *st, const char *sql, int is_tag,
		    const struct metrics_period *p,
		    struct metrics_category **out, int *n, int *cap)
{
	struct metrics_category *r;
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, p->since - (p->until - p->since));
	sqlite3_bind_int64(s, 2, p->since);
	sqlite3_bind_int64(s, 3, p->until);
	if (!st->metrics_full_scan) {
		temas_time lo, hi;

		whole_days(p->since - (p->until - p->since), p->since, &lo, &hi);
		sqlite3_bind_int64(s, 4, lo);
		sqlite3_bind_int64(s, 5, hi);
		whole_days(p->since, p->until, &lo, &hi);
		sqlite3_bind_int64(s, 6, lo);
		sqlite3_bind_int64(s, 7, hi);
		if (sqlite3_bind_parameter_count(s) >= 11) {   /* by hour too */
			bind_spans(s, 8, 4, 5, 9,
				   p->since - (p->until - p->since), p->since);
			bind_spans(s, 10, 6, 7, 11, p->since, p->until);
		}
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)out, *n, cap, sizeof **out) != STORE_OK) {
			sqlite3_reset(s);
			return STORE_ERROR;
		}
		r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		r->category = store_col_str(st, s, 0);
		r->is_tag = is_tag;
		r->count = sqlite3_column_int(s, 1);
		r->previous = sqlite3_column_int(s, 2);
		r->trend = (r->count > r->previous) - (r->count < r->previous);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot count complaints by category"));
	return STORE_OK;
}

int store_metrics_categories(struct store *st, const struct metrics_period *p,
			     struct metrics_category **rows, int *n)
{
	struct metrics_category *out = NULL;
	int cap = 0, rc;

	*rows = NULL;
	*n = 0;
	if (check_period(st, p) != STORE_OK)
		return STORE_INVALID;
	rc = count_by(st, st->metrics_full_scan ? sql_categories_scan
		      : sql_categories, 0, p, &out, n, &cap);
	if (rc == STORE_OK)
		rc = count_by(st, st->metrics_full_scan ? sql_tag_counts_scan
			      : sql_tag_counts, 1, p, &out, n, &cap);
	if (rc != STORE_OK) {
		free(out);
		*n = 0;
		return rc;
	}
	*rows = out;
	return STORE_OK;
}

int store_metrics_all(struct store *st, const struct metrics_period *p,
		      const struct metrics_options *opt, struct metrics_all *out)
{
	struct metrics_options o = { 365, 8, 50, 20 };

	memset(out, 0, sizeof *out);
	if (opt != NULL) {
		o = *opt;
		if (o.churn_days <= 0)
			o.churn_days = 365;
		if (o.weeks < 0)
			o.weeks = 8;
	}
	if (check_period(st, p) != STORE_OK)
		return STORE_INVALID;
	out->period = *p;
	out->now = store_now(st);
	if (o.breaches > 0) {
		out->breaches = calloc((size_t)o.breaches, sizeof *out->breaches);
		if (out->breaches == NULL)
			return store_fail(st, _("out of memory"));
	}
	/* One read transaction: every figure sees the same snapshot. */
	if (store_exec(st, "BEGIN") != STORE_OK)
		goto fail;
	if (store_metrics_queues(st, p, &out->queues, &out->nqueues) != STORE_OK ||
	    store_metrics_backlog(st, &out->backlog, &out->nbacklog) != STORE_OK ||
	    store_metrics_breaches(st, 0, o.breaches, out->breaches,
				   &out->nbreaches, &out->breaches_total) != STORE_OK ||
	    store_metrics_satisfaction(st, p, o.weeks, &out->sat) != STORE_OK ||
	    store_metrics_churn(st, p->until, o.churn_days, &out->churn) != STORE_OK ||
	    store_metrics_at_risk(st, p, out->churn.duration_years, o.risk,
				  &out->risk, &out->nrisk, &out->risk_total) != STORE_OK ||
	    store_metrics_compliance(st, p, &out->compliance,
				     &out->ncompliance) != STORE_OK ||
	    store_metrics_categories(st, p, &out->categories,
				     &out->ncategories) != STORE_OK) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		goto fail;
	}
	if (store_exec(st, "COMMIT") != STORE_OK)
		goto fail;
	return STORE_OK;
fail:
	metrics_all_free(out);
	return STORE_ERROR;
}

void metrics_all_free(struct metrics_all *m)
{
	if (m == NULL)
		return;
	free(m->queues);
	free(m->backlog);
	free(m->breaches);
	metrics_satisfaction_free(&m->sat);
	free(m->risk);
	free(m->compliance);
	free(m->categories);
	memset(m, 0, sizeof *m);
}
