/*
 * customer_merge.c: two records of one person made one (see
 * store_customer_merge in temas/customer.h).
 *
 * The record merged away stays as it was, and a row of customer_merges
 * (migration 37) points it at the record that stays: its address, phone
 * and the team's id go on naming the person, so a message from the old
 * address, an import under the old id, or a search for the old name all
 * reach the record that stays.  Every pointer names a record that is not
 * merged itself: a record merged into another takes the records merged
 * into it along, so one step always reaches the live record.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/customer.h"
#include "temas/i18n.h"
#include "temas/parse.h"

struct cmerge {
	const struct agent *who;
	long long src, into;
	int flags;
	struct customer_merge_counts *n;
	/* A merge made before, read from a file: when and by whom (by NULL:
	 * a merge made now, by who). */
	long long at;
	const char *by;
};

static const char sql_side[] =
	"SELECT coalesce((SELECT into_id FROM customer_merges m"
	" WHERE m.customer_id=c.id), 0), coalesce(c.erased_at, 0)"
	" FROM customers c WHERE c.id=?1";

/* Moves of the person's rows; ?1 the record merged away, ?2 the other.
 * The complaints moved keep the record they came from as the one their
 * replies go to, unless an earlier merge gave them one. */
static const char sql_keep_contacts[] =
	"INSERT OR IGNORE INTO complaint_contacts(complaint_id, customer_id)"
	" SELECT id, ?1 FROM complaints WHERE customer_id=?1 AND ?2 <> ?1";
/* The order history either record's complaints were seen with is not the
 * history they have now: it is looked at again before a reply.  Each
 * agent's rows are looked up by its key, (agent, complaint): the rows of
 * a complaint alone have no index, and the table grows with every reply. */
static const char sql_unsee[] =
	"DELETE FROM history_seen WHERE agent_id IN (SELECT id FROM agents)"
	" AND complaint_id IN"
	" (SELECT id FROM complaints WHERE customer_id IN (?1, ?2))";
static const char sql_move_orders[] =
	"UPDATE orders SET customer_id=?2 WHERE customer_id=?1";
static const char sql_move_complaints[] =
	"UPDATE complaints SET customer_id=?2 WHERE customer_id=?1";
static const char sql_move_interactions[] =
	"UPDATE interactions SET customer_id=?2 WHERE customer_id=?1";
static const char sql_move_surveys[] =
	"UPDATE surveys SET customer_id=?2 WHERE customer_id=?1";
static const char sql_repoint[] =
	"UPDATE customer_merges SET into_id=?2 WHERE into_id=?1";
static const char sql_tombstone[] =
	"INSERT INTO customer_merges(customer_id, into_id, merged_at, login)"
	" VALUES(?1, ?2, ?3, ?4)";
/*
 * What the record that stays lacks is taken from the other: a name, an
 * address, a phone, a city.  It is a customer since the earlier of the
 * two dates, at the higher of the two tiers.
 */
#define TIER_RANK(T) \
	"CASE " T " WHEN 'platinum' THEN 3 WHEN 'gold' THEN 2" \
	" WHEN 'silver' THEN 1 ELSE 0 END"
static const char sql_fill[] =
	"UPDATE customers SET"
	" first_name=CASE WHEN trim(customers.first_name)=''"
	"  AND trim(customers.last_name)='' THEN s.first_name"
	"  ELSE customers.first_name END,"
	" last_name=CASE WHEN trim(customers.first_name)=''"
	"  AND trim(customers.last_name)='' THEN s.last_name"
	"  ELSE customers.last_name END,"
	" email=coalesce(nullif(customers.email, ''), s.email),"
	" phone=coalesce(nullif(customers.phone, ''), s.phone),"
	" city=coalesce(nullif(customers.city, ''), s.city),"
	" created_at=min(customers.created_at, s.created_at),"
	" tier=CASE WHEN " TIER_RANK("s.tier") " > " TIER_RANK("customers.tier")
	"  THEN s.tier ELSE customers.tier END"
	" FROM (SELECT first_name, last_name, email, phone, city, created_at, tier"
	"  FROM customers WHERE id=?1) AS s"
	" WHERE customers.id=?2";
/* The pointers into the customer, by customer_merges_into: a record
 * merged into one that was merged on was pointed at the last one then,
 * so each merge adds its record and the records it brings along. */
static const char sql_merged_list[] =
	"SELECT customer_id FROM customer_merges WHERE into_id=?1 ORDER BY customer_id";
static const char sql_merged_made[] =
	"SELECT customer_id, merged_at, login FROM customer_merges WHERE into_id=?1"
	" ORDER BY customer_id";

static int read_side(struct store *st, long long id, long long *merged_into,
		     long long *erased_at)
{
	sqlite3_stmt *s = store_stmt(st, sql_side);
	long long two[2];
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = store_step_ints(st, s, two, 2, _("cannot read the customer"));
	if (rc == STORE_NOTFOUND)
		return store_refuse(st, STORE_NOTFOUND, _("no customer with id %lld"), id);
	if (rc != STORE_OK)
		return rc;
	*merged_into = two[0];
	*erased_at = two[1];
	return STORE_OK;
}

static int move(struct store *st, const char *sql, long long from, long long to,
		int *changed)
{
	return store_run_pair(st, sql, from, to, changed,
			      _("cannot merge the customers"));
}

static int check(struct store *st, const struct cmerge *m)
{
	long long a_into = 0, a_erased = 0, b_into = 0, b_erased = 0;
	int rc;

	if ((rc = read_side(st, m->src, &a_into, &a_erased)) != STORE_OK ||
	    (rc = read_side(st, m->into, &b_into, &b_erased)) != STORE_OK)
		return rc;
	if (a_into)
		return store_refuse(st, STORE_DENIED,
				    _("customer %lld is already merged into %lld"),
				    m->src, a_into);
	if (b_into)
		return store_refuse(st, STORE_DENIED,
				    _("customer %lld was merged into %lld; merge into %lld instead"),
				    m->into, b_into, b_into);
	/* An erasure takes the records merged into the erased one along,
	 * so a merge of two erased records is one an export recorded. */
	if ((m->flags & STORE_MERGE_ERASED_PAIR) && a_erased && b_erased)
		return STORE_OK;
	if (a_erased)
		return store_refuse(st, STORE_DENIED,
				    _("customer %lld is erased; an erased record is merged into nothing"),
				    m->src);
	if (b_erased)
		return store_refuse(st, STORE_DENIED,
				    _("customer %lld is erased; nothing is merged into an erased record"),
				    m->into);
	return STORE_OK;
}

static int do_merge(struct store *st, void *vctx)
{
	struct cmerge *m = vctx;
	sqlite3_stmt *s;
	char detail[256], made[128] = "", t[32];
	int rc;

	if ((rc = check(st, m)) != STORE_OK)
		return rc;
	memset(m->n, 0, sizeof *m->n);
	if ((rc = move(st, sql_fill, m->src, m->into, NULL)) != STORE_OK ||
	    (rc = move(st, sql_unsee, m->src, m->into, NULL)) != STORE_OK ||
	    (rc = move(st, sql_move_orders, m->src, m->into, &m->n->orders)) != STORE_OK ||
	    (rc = move(st, sql_keep_contacts, m->src, m->into, NULL)) != STORE_OK ||
	    (rc = move(st, sql_move_complaints, m->src, m->into,
		       &m->n->complaints)) != STORE_OK ||
	    (rc = move(st, sql_move_interactions, m->src, m->into,
		       &m->n->messages)) != STORE_OK ||
	    (rc = move(st, sql_move_surveys, m->src, m->into, &m->n->surveys)) != STORE_OK ||
	    (rc = move(st, sql_repoint, m->src, m->into, &m->n->records)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_tombstone)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, m->src);
	sqlite3_bind_int64(s, 2, m->into);
	sqlite3_bind_int64(s, 3, m->by != NULL ? m->at : store_now(st));
	sqlite3_bind_text(s, 4, m->by != NULL ? m->by : m->who->login, -1,
			  SQLITE_TRANSIENT);
	if (store_step_done(st, s, _("cannot merge the customers")) != STORE_OK)
		return STORE_ERROR;
	/* The audit row is who wrote it, now; a merge read from a file says
	 * when and by whom it was made. */
	if (m->by != NULL) {
		text_format_iso_time(m->at, t, sizeof t);
		snprintf(made, sizeof made, " (imported: merged at %s by %s)", t, m->by);
	}
	snprintf(detail, sizeof detail,
		 "from %lld: %d orders, %d complaints, %d messages, %d surveys%s",
		 m->src, m->n->orders, m->n->complaints, m->n->messages,
		 m->n->surveys, made);
	if ((rc = store_audit(st, m->who, "customer_merged_in", 0, m->into,
			      detail)) != STORE_OK)
		return rc;
	snprintf(detail, sizeof detail, "into %lld%s", m->into, made);
	return store_audit(st, m->who, "customer_merge", 0, m->src, detail);
}

/* Who may merge (who NULL: any, as an import), and not a record into
 * itself. */
static int may_merge(struct store *st, const struct agent *who, long long src,
		     long long into)
{
	if (who != NULL && who->role != ROLE_SUPERVISOR)
		return store_refuse(st, STORE_DENIED, "%s",
				    _("only a supervisor can merge customers"));
	if (src == into)
		return store_refuse(st, STORE_DENIED,
				    _("customer %lld cannot be merged into itself"), src);
	return STORE_OK;
}

int store_customer_merge_as(struct store *st, const struct agent *who,
			    long long src, long long into, int flags,
			    long long at, const char *by,
			    struct customer_merge_counts *n)
{
	struct customer_merge_counts none;
	struct cmerge m = { who, src, into, flags, n != NULL ? n : &none, at, by };
	int rc;

	if ((rc = may_merge(st, NULL, src, into)) != STORE_OK)
		return rc;
	return store_tx_run(st, do_merge, &m);
}

int store_customer_merge(struct store *st, const struct agent *who,
			 long long src, long long into,
			 struct customer_merge_counts *n)
{
	int rc;

	if ((rc = may_merge(st, who, src, into)) != STORE_OK)
		return rc;
	return store_customer_merge_as(st, who, src, into, 0, 0, NULL, n);
}

int store_customer_merge_check(struct store *st, const struct agent *who,
			       long long src, long long into)
{
	struct cmerge m = { who, src, into, 0, NULL, 0, NULL };
	int rc;

	if ((rc = may_merge(st, who, src, into)) != STORE_OK)
		return rc;
	return check(st, &m);
}

int store_customer_merged(struct store *st, long long id, long long **ids,
			  int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_merged_list);

	*ids = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return store_step_ids(st, s, ids, n, _("cannot read the customer"));
}

void store_customer_merges_free(struct customer_merge_made *m, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(m[i].login);
	free(m);
}

int store_customer_merges_made(struct store *st, long long id,
			       struct customer_merge_made **out, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_merged_made);
	struct customer_merge_made *m = NULL;
	int cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow(st, (void **)&m, *n, &cap, sizeof *m) != STORE_OK)
			goto fail;
		m[*n].id = sqlite3_column_int64(s, 0);
		m[*n].at = sqlite3_column_int64(s, 1);
		if ((m[*n].login = store_col_strdup(s, 2)) == NULL) {
			store_fail(st, "%s", _("out of memory"));
			goto fail;
		}
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_customer_merges_free(m, *n);
		*n = 0;
		return store_fail_sqlite(st, _("cannot read the customer"));
	}
	*out = m;
	return STORE_OK;
fail:
	sqlite3_reset(s);
	store_customer_merges_free(m, *n);
	*n = 0;
	return STORE_ERROR;
}

/* ---- records that may be one person ---- */

#define NOT_MERGED(C) \
	" AND " C ".erased_at IS NULL AND NOT EXISTS(SELECT 1 FROM customer_merges m" \
	" WHERE m.customer_id=" C ".id)"
/* The groups, newest first: the key as the oldest record writes it, their
 * ids lowest first, how many groups there are in all. */
#define OLDEST_OF(X) "substr(min(printf('%020d', id) || " X "), 21)"
static const char sql_dup_email[] =
	"WITH g AS (SELECT " OLDEST_OF("email") " AS k, group_concat(id, ' ') AS ids,"
	"  max(id) AS newest FROM (SELECT id, email FROM customers c"
	"  WHERE c.email IS NOT NULL AND c.email <> ''" NOT_MERGED("c")
	"  ORDER BY c.email COLLATE NOCASE, c.id)"
	" GROUP BY email COLLATE NOCASE HAVING count(*) > 1)"
	" SELECT k, ids, count(*) OVER () FROM g ORDER BY newest DESC LIMIT ?1";
/* A phone by its last ten digits: "+90 532 111 22 33" and "0532 111 2233"
 * are one number. */
static const char sql_dup_phone[] =
	"WITH g AS (SELECT " OLDEST_OF("phone") " AS k, group_concat(id, ' ') AS ids,"
	"  max(id) AS newest FROM (SELECT id, phone,"
	"  substr(" STORE_PHONE_DIGITS ", -10) AS d FROM customers c"
	"  WHERE c.phone IS NOT NULL" NOT_MERGED("c") " ORDER BY d, c.id)"
	" WHERE length(d) >= 7 GROUP BY d HAVING count(*) > 1)"
	" SELECT k, ids, count(*) OVER () FROM g ORDER BY newest DESC LIMIT ?1";

struct dup_group {
	char *key;
	long long *ids;
	int n;
};

static void dup_free(struct dup_group *g, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(g[i].key);
		free(g[i].ids);
	}
	free(g);
}

/* One row's ids, "3 17 42", into g->ids. */
static int dup_ids(struct store *st, struct dup_group *g, const char *p)
{
	int cap = 0;
	char *end;

	while (p != NULL && *p != '\0') {
		long long v = strtoll(p, &end, 10);

		if (end == p)
			break;
		if (store_grow(st, (void **)&g->ids, g->n, &cap, sizeof *g->ids) != STORE_OK)
			return STORE_ERROR;
		g->ids[g->n++] = v;
		p = end;
	}
	return STORE_OK;
}

/* The groups are read whole before fn sees the first, so that fn may use
 * the store (a name looked up) while no statement of this is running. */
int store_customer_duplicates(struct store *st, enum customer_dup_by by,
			      int limit, customer_dup_fn fn, void *ctx,
			      long long *groups)
{
	sqlite3_stmt *s = store_stmt(st, by == CUSTOMER_DUP_PHONE ? sql_dup_phone
							       : sql_dup_email);
	struct dup_group *g = NULL;
	int n = 0, cap = 0, rc, i;

	*groups = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(s, 0);

		*groups = sqlite3_column_int64(s, 2);
		if (store_grow(st, (void **)&g, n, &cap, sizeof *g) != STORE_OK)
			goto fail;
		memset(&g[n], 0, sizeof g[n]);
		n++;
		if ((g[n - 1].key = strdup(key ? key : "")) == NULL) {
			store_fail(st, "%s", _("out of memory"));
			goto fail;
		}
		if (dup_ids(st, &g[n - 1], (const char *)sqlite3_column_text(s, 1)) !=
		    STORE_OK)
			goto fail;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		dup_free(g, n);
		return store_fail_sqlite(st, _("cannot read the customers"));
	}
	for (i = 0; i < n; i++)
		if (fn(ctx, g[i].key, g[i].ids, g[i].n) != 0)
			break;
	dup_free(g, n);
	return STORE_OK;
fail:
	sqlite3_reset(s);
	dup_free(g, n);
	return STORE_ERROR;
}
