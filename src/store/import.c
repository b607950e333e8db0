/*
 * import.c: the store side of import and export.
 *
 * Rows arrive with their values' form already checked; here they are
 * matched to what the database knows (customers by ext_id, orders by
 * number, channels, agents) and upserted with one prepared statement per
 * kind, so a million rows cost a million steps and nothing more.  Export
 * reads with the same column tables, so what it writes reads back in.
 * Complaints without explicit due times get them from the SLA policy by
 * the same rule as complaints opened in temas (store_sla_due).
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "temas/agent.h"
#include "temas/assign.h"
#include "temas/customer.h"
#include "temas/i18n.h"
#include "temas/import.h"
#include "temas/parse.h"
#include "temas/search.h"

#define ERASED_MARK "[erased]"

static const char *const tiers[] = { "standard", "silver", "gold", "platinum", NULL };
static const char *const order_statuses[] = {
	"placed", "shipped", "delivered", "cancelled", "returned", NULL
};
static const char *const directions[] = { "in", "out", "note", NULL };
static const char *const priorities[] = { "low", "normal", "high", "urgent", NULL };
static const char *const complaint_statuses[] = {
	"new", "open", "pending", "escalated", "resolved", "closed", NULL
};

enum { C_EXT, C_FIRST, C_LAST, C_EMAIL, C_PHONE, C_CITY, C_TIER, C_LANG,
       C_CREATED, C_ACQ, C_ERASED, C_MERGED, C_MERGED_AT, C_MERGED_BY, C_N };
static const struct imp_column customer_cols[C_N] = {
	{ "ext_id", IMP_TEXT, 1, NULL, N_("the customer's id in your systems (key)") },
	{ "first_name", IMP_TEXT, 0, NULL, N_("may be empty: shown by e-mail, phone or id") },
	{ "last_name", IMP_TEXT, 0, NULL, NULL },
	{ "email", IMP_TEXT, 0, NULL, N_("name@example.com") },
	{ "phone", IMP_TEXT, 0, NULL, N_("at least five digits") },
	{ "city", IMP_TEXT, 0, NULL, NULL },
	{ "tier", IMP_TEXT, 0, tiers, NULL },
	{ "lang", IMP_LANG, 0, NULL, N_("a BCP 47 tag: tr, en, pt-BR (default: tr)") },
	{ "created_at", IMP_TIME, 0, NULL, N_("customer since (default: now)") },
	{ "acquisition_cost", IMP_MONEY, 0, NULL, N_("zero or more") },
	{ "erased_at", IMP_TIME, 0, NULL, N_("set when personal data was erased") },
	{ "merged_into", IMP_TEXT, 0, NULL,
	  N_("the key of the customer this record was merged into (see 'temas merge customer')") },
	{ "merged_at", IMP_TIME, 0, NULL,
	  N_("when it was merged, with merged_by (default: the time of the import)") },
	{ "merged_by", IMP_TEXT, 0, NULL,
	  N_("the login of who merged it, with merged_at (default: who imports)") },
};

enum { O_NUMBER, O_CUST, O_STATUS, O_TOTAL, O_CURRENCY, O_PLACED, O_N };
static const struct imp_column order_cols[O_N] = {
	{ "number", IMP_TEXT, 1, NULL, N_("order number (key)") },
	{ "customer_ext_id", IMP_TEXT, 1, NULL, NULL },
	{ "status", IMP_TEXT, 1, order_statuses, NULL },
	{ "total", IMP_MONEY, 1, NULL, NULL },
	{ "currency", IMP_TEXT, 0, NULL, N_("three capital letters (default: TRY)") },
	{ "placed_at", IMP_TIME, 1, NULL, NULL },
};

enum { L_ORDER, L_SKU, L_PRODUCT, L_QTY, L_PRICE, L_N };
static const struct imp_column line_cols[L_N] = {
	{ "order_number", IMP_TEXT, 1, NULL, N_("key, with sku") },
	{ "sku", IMP_TEXT, 1, NULL, NULL },
	{ "product", IMP_TEXT, 1, NULL, NULL },
	{ "qty", IMP_INT, 1, NULL, N_("1 or more") },
	{ "unit_price", IMP_MONEY, 1, NULL, NULL },
};

enum { I_EXT, I_CUST, I_COMPLAINT, I_CHANNEL, I_DIR, I_AGENT, I_AT, I_SUBJECT,
       I_BODY, I_SEEN, I_N };
static const struct imp_column interaction_cols[I_N] = {
	{ "ext_id", IMP_TEXT, 1, NULL, N_("message id (key)") },
	{ "customer_ext_id", IMP_TEXT, 1, NULL, NULL },
	{ "complaint_ext_id", IMP_TEXT, 0, NULL, NULL },
	{ "channel", IMP_TEXT, 1, NULL, N_("a channel code: phone, email, web, ...") },
	{ "direction", IMP_TEXT, 1, directions, NULL },
	{ "agent_login", IMP_TEXT, 0, NULL, N_("an existing agent's login") },
	{ "at", IMP_TIME, 1, NULL, NULL },
	{ "subject", IMP_TEXT, 0, NULL, NULL },
	{ "body", IMP_TEXT, 1, NULL, NULL },
	{ "history_seen_at", IMP_TIME, 0, NULL, NULL },
};

enum { K_EXT, K_CUST, K_ORDER, K_CHANNEL, K_PRIO, K_CAT, K_SUBJECT, K_STATUS,
       K_ASSIGNEE, K_OPENED, K_FR_DUE, K_RES_DUE, K_FR_AT, K_RES_AT, K_CLOSED,
       K_RESOLUTION, K_CONTACT, K_N };
static const struct imp_column complaint_cols[K_N] = {
	{ "ext_id", IMP_TEXT, 1, NULL, N_("complaint id (key)") },
	{ "customer_ext_id", IMP_TEXT, 1, NULL, NULL },
	{ "order_number", IMP_TEXT, 0, NULL, NULL },
	{ "channel", IMP_TEXT, 1, NULL, NULL },
	{ "priority", IMP_TEXT, 0, priorities, NULL },
	{ "category", IMP_TEXT, 0, NULL, N_("default: other") },
	{ "subject", IMP_TEXT, 0, NULL, N_("default: the category") },
	{ "status", IMP_TEXT, 0, complaint_statuses, NULL },
	{ "assignee_login", IMP_TEXT, 0, NULL, NULL },
	{ "opened_at", IMP_TIME, 1, NULL, NULL },
	{ "first_response_due", IMP_TIME, 0, NULL, N_("default: from the SLA policy") },
	{ "resolution_due", IMP_TIME, 0, NULL, N_("default: from the SLA policy") },
	{ "first_response_at", IMP_TIME, 0, NULL, N_("not before opened_at") },
	{ "resolved_at", IMP_TIME, 0, NULL, N_("not before opened_at") },
	{ "closed_at", IMP_TIME, 0, NULL, N_("not before opened_at") },
	{ "resolution", IMP_TEXT, 0, NULL, N_("required when resolved or closed") },
	{ "contact", IMP_TEXT, 0, NULL,
	  N_("the key of the record replies go to, when not the customer's own "
	     "(see 'temas merge customer')") },
};

/* A survey answer's key is its ext_id when the file has one, else the
 * customer, complaint, kind and time together: the same answer imported
 * twice is one answer either way. */
enum { S_EXT, S_CUST, S_COMPLAINT, S_KIND, S_SCORE, S_AT, S_COMMENT, S_CHANNEL, S_N };
static const struct imp_column survey_cols[S_N] = {
	{ "ext_id", IMP_TEXT, 0, NULL,
	  N_("the answer's id in your systems (key; when empty the key is customer, complaint, kind and time)") },
	{ "customer_ext_id", IMP_TEXT, 1, NULL, NULL },
	{ "complaint", IMP_TEXT, 0, NULL, N_("the complaint's ext_id or temas number") },
	{ "kind", IMP_TEXT, 1, NULL, N_("nps or csat (any case)") },
	{ "score", IMP_INT, 1, NULL, N_("NPS 0 to 10, CSAT 1 to 5") },
	{ "at", IMP_TIME, 1, NULL, N_("when the customer answered") },
	{ "comment", IMP_TEXT, 0, NULL, NULL },
	{ "channel", IMP_TEXT, 0, NULL, N_("where it was asked (default: the complaint's channel)") },
};

#define NO_ALT { -1, -1, -1, -1 }
static const struct imp_kind_info kinds[IMP_NKINDS] = {
	{ "customers", "customer", customer_cols, C_N, { C_EXT, -1 }, NO_ALT },
	{ "orders", "order", order_cols, O_N, { O_NUMBER, -1 }, NO_ALT },
	{ "order-lines", "order_line", line_cols, L_N, { L_ORDER, L_SKU }, NO_ALT },
	{ "interactions", "interaction", interaction_cols, I_N, { I_EXT, -1 }, NO_ALT },
	{ "complaints", "complaint", complaint_cols, K_N, { K_EXT, -1 }, NO_ALT },
	{ "surveys", "survey", survey_cols, S_N, { S_EXT, -1 },
	  { S_CUST, S_COMPLAINT, S_KIND, S_AT } },
};

const struct imp_kind_info *store_import_kind(enum imp_kind k)
{
	return (unsigned)k < IMP_NKINDS ? &kinds[k] : NULL;
}

int store_import_kind_find(const char *name)
{
	int k;

	for (k = 0; k < IMP_NKINDS; k++)
		if (strcmp(kinds[k].name, name) == 0 || strcmp(kinds[k].type, name) == 0)
			return k;
	return -1;
}

static int refuse(struct imp_error *e, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(struct imp_error *e, int col, const char *fmt, ...)
{
	va_list ap;

	e->col = col;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return STORE_INVALID;
}

static void bind_opt_text(sqlite3_stmt *s, int idx, const struct imp_value *v)
{
	if (v->s != NULL)
		sqlite3_bind_text(s, idx, v->s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, idx);
}

static void bind_opt_int(sqlite3_stmt *s, int idx, const struct imp_value *v)
{
	if (v->s != NULL)
		sqlite3_bind_int64(s, idx, v->i);
	else
		sqlite3_bind_null(s, idx);
}

/*
 * Rows made inside temas have no ext_id; export names them by their
 * number, "temas-c12" (a customer), "temas-k7" (a complaint), "temas-i40"
 * (a message).  Read back into a database, such a key is first an ext_id
 * like any other (what an import into another database made of it), and
 * else this database's own row of that number, when that row has no
 * ext_id and the file's time for it (created, opened, at) and customer are
 * the row's: so an export imported into the database it came from changes
 * the rows it came from and adds none, while another database's customer
 * 12, made at another time, is a new customer here keyed "temas-c12".  The
 * own row takes the key as its ext_id, so the rows of the next files
 * (an order's customer, a message's complaint) find it by that key alone;
 * a key is never taken for a number without the row's own time.
 */
static long long own_number(const char *key, char kind)
{
	size_t n;

	if (key == NULL || strncmp(key, "temas-", 6) != 0 || key[6] != kind)
		return 0;
	key += 7;
	n = strlen(key);
	if (n == 0 || n > 18 || key[0] < '1' || key[0] > '9' ||
	    strspn(key, "0123456789") != n)
		return 0;
	return strtoll(key, NULL, 10);
}

/* No customer has key; a key export gave a row temas made names a
 * customer here once the customers file it came with is imported. */
static int no_customer(struct imp_error *e, int col, const char *key)
{
	if (own_number(key, 'c') > 0)
		return refuse(e, col, _("no customer with ext_id '%s' (a customer temas made "
					"is known by it once the customers file it came with "
					"is imported)"), key);
	return refuse(e, col, _("no customer with ext_id '%s'"), key);
}

/* A record merged into another (customer_merge.c) names the one it was
 * merged into: the rows of a file that name it go there. */
static const char sql_cust_by_ext[] =
	"SELECT l.id, l.erased_at IS NOT NULL FROM customers c"
	" JOIN customers l ON l.id=coalesce((SELECT m.into_id FROM customer_merges m"
	"  WHERE m.customer_id=c.id), c.id)"
	" WHERE c.ext_id=?1";

/* The customer's id (the record it was merged into, if it was) and
 * whether their data was erased. */
static int customer_ref(struct store *st, const char *ext, long long *id, int *erased)
{
	sqlite3_stmt *s = store_stmt(st, sql_cust_by_ext);
	long long v[2];
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, ext, -1, SQLITE_STATIC);
	rc = store_step_ints(st, s, v, 2, _("cannot look up a customer"));
	if (rc == STORE_OK) {
		*id = v[0];
		*erased = (int)v[1];
	}
	return rc;
}

static const char sql_order_by_number[] =
	"SELECT id, customer_id FROM orders WHERE number=?1";
static const char sql_complaint_by_ext[] =
	"SELECT id, customer_id FROM complaints WHERE ext_id=?1";

/* A row's id and customer by its outside key (sql binds key as ?1). */
static int ref_of(struct store *st, const char *sql, const char *key,
		  long long *id, long long *customer, const char *what)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	long long v[2];
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = store_step_ints(st, s, v, 2, what);
	if (rc == STORE_OK) {
		*id = v[0];
		*customer = v[1];
	}
	return rc;
}

static int order_ref(struct store *st, const char *number, long long *id,
		     long long *customer)
{
	return ref_of(st, sql_order_by_number, number, id, customer,
		      _("cannot look up an order"));
}

static int complaint_ref(struct store *st, const char *ext, long long *id,
			 long long *customer)
{
	return ref_of(st, sql_complaint_by_ext, ext, id, customer,
		      _("cannot look up a complaint"));
}

/* When key names this database's own row (own_number) that is there
 * without an ext_id, nothing has key as its ext_id, and sql_same (?1 the
 * number, ?2 the time, ?3 the customer) says it is the file's row, the
 * row takes key as its ext_id (sql_claim: ?1 the number, ?2 the key). */
static int own_row(struct store *st, const char *key, char kind,
		   const char *sql_ext, const char *sql_same,
		   const char *sql_claim, long long at, long long customer)
{
	sqlite3_stmt *s;
	long long one;
	int rc;

	if (own_number(key, kind) == 0)
		return STORE_OK;
	if ((s = store_stmt(st, sql_ext)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = store_step_ints(st, s, &one, 1, _("cannot look up a row"));
	if (rc != STORE_NOTFOUND)
		return rc == STORE_OK ? STORE_OK : rc;
	if ((s = store_stmt(st, sql_same)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, own_number(key, kind));
	sqlite3_bind_int64(s, 2, at);
	sqlite3_bind_int64(s, 3, customer);
	rc = store_step_ints(st, s, &one, 1, _("cannot look up a row"));
	if (rc != STORE_OK)
		return rc == STORE_NOTFOUND ? STORE_OK : rc;
	if ((s = store_stmt(st, sql_claim)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, own_number(key, kind));
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	return store_step_done(st, s, _("cannot write an import key"));
}

static const char sql_channel[] = "SELECT 1 FROM channels WHERE code=?1";

static int channel_known(struct store *st, const char *code, int *known)
{
	sqlite3_stmt *s = store_stmt(st, sql_channel);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read the channels"));
	*known = rc == SQLITE_ROW;
	return STORE_OK;
}

static const char sql_agent_id[] = "SELECT id, active FROM agents WHERE login=?1";
/* When an agent was last taken off the team (0: never by temas). */
static const char sql_agent_left[] =
	"SELECT coalesce(max(at), 0) FROM audit WHERE action='agent-remove' AND detail=?1";

/* An agent named in imported history must exist (active or not): an
 * import never creates an account, so a file cannot mint agents.  *active
 * (when asked) says whether they are still on the team. */
static int agent_ref(struct store *st, const char *login, long long *id,
		     int *active)
{
	sqlite3_stmt *s = store_stmt(st, sql_agent_id);
	long long v[2];
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, login, -1, SQLITE_STATIC);
	rc = store_step_ints(st, s, v, 2, _("cannot read agents"));
	if (rc == STORE_OK) {
		*id = v[0];
		if (active != NULL)
			*active = (int)v[1];
	}
	return rc;
}

/*
 * Customers are read into a staging table and written a chunk at a time,
 * as the sqlite3 shell's INSERT ... SELECT does: one statement per chunk
 * instead of one per row (each of which would set up the tier check's
 * list and the triggers again).  Every value was checked on the way in
 * (check_value, the tiers above), and a key appears once per file, so a
 * chunk fails only as the database fails (a full disk), and the whole
 * import is then undone.  Fields with a default keep their stored value
 * when left empty; an erased customer's personal data is never written
 * back.  Rows of another kind first write the customers before them (an
 * order names its customer).
 */
#define IMPORT_CHUNK 8192
static const char sql_stage_create[] =
	"CREATE TEMP TABLE IF NOT EXISTS import_customers(ext_id TEXT,"
	" first_name TEXT, last_name TEXT, email TEXT, phone TEXT, city TEXT,"
	" tier TEXT, lang TEXT, created_at INTEGER, acquisition_cost INTEGER,"
	" erased_at INTEGER, own INTEGER);"
	"DELETE FROM temp.import_customers";
static const char sql_stage_put[] =
	"INSERT INTO temp.import_customers VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	" ?9, ?10, ?11, ?12)";
/* A key of this database's own customer (own_number) that is that
 * customer: no ext_id here, none there, the same time of creation. */
static const char sql_stage_own[] =
	"UPDATE temp.import_customers AS s SET own=NULL"
	" WHERE own IS NOT NULL AND (EXISTS(SELECT 1 FROM customers x WHERE x.ext_id=s.ext_id)"
	"  OR NOT EXISTS(SELECT 1 FROM customers c WHERE c.id=s.own"
	"   AND c.ext_id IS NULL AND c.created_at=s.created_at))";
static const char sql_stage_claim[] =
	"UPDATE customers SET ext_id=s.ext_id FROM temp.import_customers s"
	" WHERE customers.id=s.own";
static const char sql_stage_update[] =
	"UPDATE customers SET first_name=coalesce(s.first_name, ''),"
	"  last_name=coalesce(s.last_name, ''), email=s.email, phone=s.phone,"
	"  city=s.city, tier=coalesce(s.tier, customers.tier),"
	"  lang=coalesce(s.lang, customers.lang),"
	"  created_at=coalesce(s.created_at, customers.created_at),"
	"  acquisition_cost=coalesce(s.acquisition_cost, customers.acquisition_cost),"
	"  erased_at=s.erased_at"
	" FROM temp.import_customers s"
	" WHERE customers.ext_id=s.ext_id AND customers.erased_at IS NULL";
static const char sql_stage_insert[] =
	"INSERT INTO customers(ext_id, first_name, last_name, email, phone, city,"
	" tier, lang, created_at, acquisition_cost, erased_at)"
	" SELECT ext_id, coalesce(first_name, ''), coalesce(last_name, ''), email,"
	"  phone, city, coalesce(tier, 'standard'), coalesce(lang, 'tr'),"
	"  coalesce(created_at, ?1), coalesce(acquisition_cost, 0), erased_at"
	" FROM temp.import_customers s"
	" WHERE NOT EXISTS(SELECT 1 FROM customers c WHERE c.ext_id=s.ext_id)"
	" ORDER BY s.rowid";
static const char sql_stage_clear[] = "DELETE FROM temp.import_customers";

/* Write the customers staged so far. */
static int stage_flush(struct store *st)
{
	sqlite3_stmt *s;

	if (st->import_staged == 0)
		return STORE_OK;
	if (store_exec(st, sql_stage_own) != STORE_OK ||
	    store_exec(st, sql_stage_claim) != STORE_OK ||
	    store_exec(st, sql_stage_update) != STORE_OK)
		return STORE_ERROR;
	s = store_stmt(st, sql_stage_insert);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, store_now(st));
	if (store_step_done(st, s, _("cannot write the customers")) != STORE_OK)
		return STORE_ERROR;
	if (store_exec(st, sql_stage_clear) != STORE_OK)
		return STORE_ERROR;
	st->import_staged = 0;
	return STORE_OK;
}

static int import_customer(struct store *st, const struct imp_value *v,
			   struct imp_error *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_stage_put);
	int i;

	(void)e;
	if (s == NULL)
		return STORE_ERROR;
	for (i = C_EXT; i <= C_LANG; i++)
		bind_opt_text(s, i + 1, &v[i]);
	bind_opt_int(s, 9, &v[C_CREATED]);
	bind_opt_int(s, 10, &v[C_ACQ]);
	bind_opt_int(s, 11, &v[C_ERASED]);
	if (own_number(v[C_EXT].s, 'c') > 0)
		sqlite3_bind_int64(s, 12, own_number(v[C_EXT].s, 'c'));
	if (store_step_done(st, s, _("cannot write a customer")) != STORE_OK)
		return STORE_ERROR;
	if (++st->import_staged >= IMPORT_CHUNK)
		return stage_flush(st);
	return STORE_OK;
}

static const char sql_order[] =
	"INSERT INTO orders(customer_id, number, status, total, currency, placed_at)"
	" VALUES(?1, ?2, ?3, ?4, coalesce(?5, 'TRY'), ?6)"
	" ON CONFLICT(number) DO UPDATE SET customer_id=excluded.customer_id,"
	"  status=excluded.status, total=excluded.total,"
	"  currency=coalesce(?5, currency), placed_at=excluded.placed_at";

static int import_order(struct store *st, const struct imp_value *v,
			struct imp_error *e)
{
	sqlite3_stmt *s;
	long long cust, order, ocust;
	int erased, rc;
	const char *cur = v[O_CURRENCY].s;

	if (cur != NULL && (strlen(cur) != 3 || cur[0] < 'A' || cur[0] > 'Z' ||
			    cur[1] < 'A' || cur[1] > 'Z' || cur[2] < 'A' || cur[2] > 'Z'))
		return refuse(e, O_CURRENCY, _("not a currency code (three capital letters, e.g. TRY)"));
	rc = customer_ref(st, v[O_CUST].s, &cust, &erased);
	if (rc == STORE_NOTFOUND)
		return no_customer(e, O_CUST, v[O_CUST].s);
	if (rc != STORE_OK)
		return rc;
	/* An order keeps its customer: moved, it would show in another
	 * person's history, under complaints of the first. */
	rc = order_ref(st, v[O_NUMBER].s, &order, &ocust);
	if (rc == STORE_OK && ocust != cust)
		return refuse(e, O_CUST, _("order '%s' is customer %lld's here; "
					   "an import never moves an order to another customer"),
			      v[O_NUMBER].s, ocust);
	if (rc != STORE_OK && rc != STORE_NOTFOUND)
		return rc;
	s = store_stmt(st, sql_order);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, cust);
	bind_opt_text(s, 2, &v[O_NUMBER]);
	bind_opt_text(s, 3, &v[O_STATUS]);
	sqlite3_bind_int64(s, 4, v[O_TOTAL].i);
	bind_opt_text(s, 5, &v[O_CURRENCY]);
	sqlite3_bind_int64(s, 6, v[O_PLACED].i);
	return store_step_done(st, s, _("cannot write an order"));
}

static const char sql_line_update[] =
	"UPDATE order_lines SET product=?3, qty=?4, unit_price=?5"
	" WHERE order_id=?1 AND sku=?2";
static const char sql_line_insert[] =
	"INSERT INTO order_lines(order_id, sku, product, qty, unit_price)"
	" VALUES(?1, ?2, ?3, ?4, ?5)";

static int import_line(struct store *st, const struct imp_value *v,
		       struct imp_error *e)
{
	long long order, cust;
	int rc, pass;

	if (v[L_QTY].i < 1)
		return refuse(e, L_QTY, _("must be 1 or more"));
	/* An order line's quantity is an int everywhere it is read. */
	if (v[L_QTY].i > INT_MAX)
		return refuse(e, L_QTY, _("must be at most %d"), INT_MAX);
	rc = order_ref(st, v[L_ORDER].s, &order, &cust);
	if (rc == STORE_NOTFOUND)
		return refuse(e, L_ORDER, _("no order with number '%s'"), v[L_ORDER].s);
	if (rc != STORE_OK)
		return rc;
	/* Lines have no key of their own: (order, sku) is the key. */
	for (pass = 0; pass < 2; pass++) {
		sqlite3_stmt *s = store_stmt(st, pass ? sql_line_insert : sql_line_update);

		if (s == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, order);
		bind_opt_text(s, 2, &v[L_SKU]);
		bind_opt_text(s, 3, &v[L_PRODUCT]);
		sqlite3_bind_int64(s, 4, v[L_QTY].i);
		sqlite3_bind_int64(s, 5, v[L_PRICE].i);
		if (store_step_done(st, s, _("cannot write an order line")) != STORE_OK)
			return STORE_ERROR;
		if (pass == 0 && sqlite3_changes(st->db) > 0)
			break;
	}
	return STORE_OK;
}

static const char sql_interaction[] =
	"INSERT INTO interactions(ext_id, customer_id, complaint_id, channel,"
	" direction, agent_id, at, subject, body, history_seen_at)"
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	/* No subject: the text's first line. */
	"  coalesce(?8, nullif(substr(?9, 1, instr(?9 || char(10), char(10)) - 1), '')),"
	"  ?9, ?10)"
	" ON CONFLICT(ext_id) DO UPDATE SET customer_id=excluded.customer_id,"
	"  complaint_id=excluded.complaint_id, channel=excluded.channel,"
	"  direction=excluded.direction, agent_id=excluded.agent_id, at=excluded.at,"
	"  subject=CASE WHEN ?8 IS NULL THEN interactions.subject ELSE ?8 END,"
	"  body=excluded.body,"
	"  history_seen_at=excluded.history_seen_at";
static const char sql_interaction_ext[] =
	"SELECT 1 FROM interactions WHERE ext_id=?1";
static const char sql_interaction_same[] =
	"SELECT 1 FROM interactions WHERE id=?1 AND ext_id IS NULL AND at=?2"
	" AND customer_id=?3";
static const char sql_interaction_claim[] =
	"UPDATE interactions SET ext_id=?2 WHERE id=?1";

static int import_interaction(struct store *st, const struct imp_value *v,
			      struct imp_error *e)
{
	sqlite3_stmt *s;
	long long cust, complaint = 0, kcust = 0, agent = 0;
	int erased, known, rc;

	rc = customer_ref(st, v[I_CUST].s, &cust, &erased);
	if (rc == STORE_NOTFOUND)
		return no_customer(e, I_CUST, v[I_CUST].s);
	if (rc != STORE_OK)
		return rc;
	if (v[I_COMPLAINT].s != NULL) {
		rc = complaint_ref(st, v[I_COMPLAINT].s, &complaint, &kcust);
		if (rc == STORE_NOTFOUND)
			return refuse(e, I_COMPLAINT, _("no complaint with ext_id '%s'"),
				      v[I_COMPLAINT].s);
		if (rc != STORE_OK)
			return rc;
		if (kcust != cust)
			return refuse(e, I_COMPLAINT, _("complaint '%s' belongs to another customer"),
				      v[I_COMPLAINT].s);
	}
	if (channel_known(st, v[I_CHANNEL].s, &known) != STORE_OK)
		return STORE_ERROR;
	if (!known)
		return refuse(e, I_CHANNEL, _("unknown channel '%s'"), v[I_CHANNEL].s);
	if (v[I_AGENT].s != NULL) {
		int active;
		long long left = 0;

		rc = agent_ref(st, v[I_AGENT].s, &agent, &active);
		if (rc == STORE_NOTFOUND)
			return refuse(e, I_AGENT, _("no agent with login '%s' (add it first "
						    "with 'temas agent add')"), v[I_AGENT].s);
		if (rc != STORE_OK)
			return rc;
		/* History may name who has left, up to when they left. */
		if (!active && (s = store_stmt(st, sql_agent_left)) != NULL) {
			sqlite3_bind_text(s, 1, v[I_AGENT].s, -1, SQLITE_STATIC);
			if (sqlite3_step(s) == SQLITE_ROW)
				left = sqlite3_column_int64(s, 0);
			sqlite3_reset(s);
			if (left > 0 && v[I_AT].i > left)
				return refuse(e, I_AGENT, _("'%s' left the team before this message's "
							    "time; nothing is written in their name after"),
					      v[I_AGENT].s);
		}
	}
	if (own_row(st, v[I_EXT].s, 'i', sql_interaction_ext, sql_interaction_same,
		    sql_interaction_claim, v[I_AT].i, cust) != STORE_OK)
		return STORE_ERROR;
	s = store_stmt(st, sql_interaction);
	if (s == NULL)
		return STORE_ERROR;
	bind_opt_text(s, 1, &v[I_EXT]);
	sqlite3_bind_int64(s, 2, cust);
	if (complaint)
		sqlite3_bind_int64(s, 3, complaint);
	bind_opt_text(s, 4, &v[I_CHANNEL]);
	bind_opt_text(s, 5, &v[I_DIR]);
	if (agent)
		sqlite3_bind_int64(s, 6, agent);
	sqlite3_bind_int64(s, 7, v[I_AT].i);
	if (erased) {
		if (v[I_SUBJECT].s)
			sqlite3_bind_text(s, 8, ERASED_MARK, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 9, ERASED_MARK, -1, SQLITE_STATIC);
	} else {
		bind_opt_text(s, 8, &v[I_SUBJECT]);
		bind_opt_text(s, 9, &v[I_BODY]);
	}
	bind_opt_int(s, 10, &v[I_SEEN]);
	return store_step_done(st, s, _("cannot write an interaction"));
}

static const char sql_complaint[] =
	"INSERT INTO complaints(ext_id, customer_id, order_id, channel, priority,"
	" category, subject, status, assignee_id, opened_at, first_response_due,"
	" resolution_due, first_response_at, resolved_at, closed_at, resolution)"
	" VALUES(?1, ?2, ?3, ?4, ?5, coalesce(?6, 'other'),"
	"  coalesce(?7, ?6, 'other'), coalesce(?8, 'new'),"
	"  ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
	" ON CONFLICT(ext_id) DO UPDATE SET customer_id=excluded.customer_id,"
	"  order_id=excluded.order_id, channel=excluded.channel,"
	"  priority=excluded.priority, category=coalesce(?6, category),"
	"  subject=coalesce(?7, subject), status=coalesce(?8, status),"
	"  assignee_id=excluded.assignee_id, opened_at=excluded.opened_at,"
	"  first_response_due=excluded.first_response_due,"
	"  resolution_due=excluded.resolution_due,"
	"  first_response_at=excluded.first_response_at,"
	"  resolved_at=excluded.resolved_at, closed_at=excluded.closed_at,"
	"  resolution=excluded.resolution";
static const char sql_complaint_same[] =
	"SELECT 1 FROM complaints WHERE id=?1 AND ext_id IS NULL AND opened_at=?2"
	" AND customer_id=?3";
static const char sql_complaint_claim[] =
	"UPDATE complaints SET ext_id=?2 WHERE id=?1";

static const char sql_complaint_known[] =
	"SELECT 1 FROM complaints WHERE ext_id=?1";

/* A complaint's contact (migration 38) is the record that holds the key
 * itself, merged or not: the record its replies go to. */
static const char sql_contact_record[] = "SELECT id FROM customers WHERE ext_id=?1";
static const char sql_complaint_contact[] =
	"INSERT OR REPLACE INTO complaint_contacts(complaint_id, customer_id)"
	" SELECT id, ?2 FROM complaints WHERE ext_id=?1";

static int import_complaint(struct store *st, const struct imp_value *v,
			    struct imp_error *e)
{
	sqlite3_stmt *s;
	long long cust, order = 0, ocust = 0, assignee = 0, fr = 0, res = 0;
	long long contact = 0, id;
	const char *prio = v[K_PRIO].s ? v[K_PRIO].s : "normal";
	const char *status = v[K_STATUS].s;
	int erased, known, rc, existed = 0;

	rc = customer_ref(st, v[K_CUST].s, &cust, &erased);
	if (rc == STORE_NOTFOUND)
		return no_customer(e, K_CUST, v[K_CUST].s);
	if (rc != STORE_OK)
		return rc;
	if (v[K_ORDER].s != NULL) {
		rc = order_ref(st, v[K_ORDER].s, &order, &ocust);
		if (rc == STORE_NOTFOUND)
			return refuse(e, K_ORDER, _("no order with number '%s'"), v[K_ORDER].s);
		if (rc != STORE_OK)
			return rc;
		if (ocust != cust)
			return refuse(e, K_ORDER, _("order '%s' belongs to another customer"),
				      v[K_ORDER].s);
	}
	if (channel_known(st, v[K_CHANNEL].s, &known) != STORE_OK)
		return STORE_ERROR;
	if (!known)
		return refuse(e, K_CHANNEL, _("unknown channel '%s'"), v[K_CHANNEL].s);
	if (status != NULL && (strcmp(status, "resolved") == 0 || strcmp(status, "closed") == 0) &&
	    v[K_RESOLUTION].s == NULL)
		return refuse(e, K_RESOLUTION, _("required when the status is %s"), status);
	rc = store_sla_due(st, v[K_CHANNEL].s, prio, v[K_OPENED].i, &fr, &res);
	if (rc == STORE_NOTFOUND && (v[K_FR_DUE].s == NULL || v[K_RES_DUE].s == NULL))
		return refuse(e, K_CHANNEL, _("no SLA policy for channel '%s', priority %s"),
			      v[K_CHANNEL].s, prio);
	if (rc == STORE_ERROR)
		return rc;
	if (v[K_ASSIGNEE].s != NULL) {
		int active;

		rc = agent_ref(st, v[K_ASSIGNEE].s, &assignee, &active);
		if (rc == STORE_NOTFOUND)
			return refuse(e, K_ASSIGNEE, _("no agent with login '%s' (add it first "
						       "with 'temas agent add')"), v[K_ASSIGNEE].s);
		if (rc != STORE_OK)
			return rc;
		/* History may name who has left; open work goes to the team. */
		if (!active && (status == NULL || (strcmp(status, "resolved") != 0 &&
						   strcmp(status, "closed") != 0)))
			return refuse(e, K_ASSIGNEE, _("'%s' is no longer an agent: an open "
						       "complaint is held by someone on the team "
						       "or by nobody"), v[K_ASSIGNEE].s);
	}
	/* An empty contact leaves the complaint's contact as it is: a file
	 * written before the column was there does not forget where replies
	 * go.  A row that names a merged record as its customer came from
	 * that record: its replies go there, as a message from its address
	 * would (ingest.c), while the complaint is the kept record's. */
	if (v[K_CONTACT].s != NULL || v[K_CUST].s != NULL) {
		const char *key = v[K_CONTACT].s != NULL ? v[K_CONTACT].s : v[K_CUST].s;

		if ((s = store_stmt(st, sql_contact_record)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		rc = store_step_ints(st, s, &contact, 1, _("cannot look up a customer"));
		if (rc == STORE_NOTFOUND && v[K_CONTACT].s != NULL)
			return no_customer(e, K_CONTACT, v[K_CONTACT].s);
		if (rc != STORE_OK && rc != STORE_NOTFOUND)
			return rc;
		if (v[K_CONTACT].s == NULL && (rc == STORE_NOTFOUND || contact == cust))
			contact = 0;
	}
	if (own_row(st, v[K_EXT].s, 'k', sql_complaint_known, sql_complaint_same,
		    sql_complaint_claim, v[K_OPENED].i, cust) != STORE_OK)
		return STORE_ERROR;
	if (v[K_EXT].s != NULL) {
		long long one;

		if ((s = store_stmt(st, sql_complaint_known)) == NULL)
			return STORE_ERROR;
		bind_opt_text(s, 1, &v[K_EXT]);
		rc = store_step_ints(st, s, &one, 1, _("cannot read the complaints"));
		if (rc != STORE_OK && rc != STORE_NOTFOUND)
			return rc;
		existed = rc == STORE_OK;
	}
	s = store_stmt(st, sql_complaint);
	if (s == NULL)
		return STORE_ERROR;
	bind_opt_text(s, 1, &v[K_EXT]);
	sqlite3_bind_int64(s, 2, cust);
	if (order)
		sqlite3_bind_int64(s, 3, order);
	bind_opt_text(s, 4, &v[K_CHANNEL]);
	sqlite3_bind_text(s, 5, prio, -1, SQLITE_STATIC);
	bind_opt_text(s, 6, &v[K_CAT]);
	if (erased)
		sqlite3_bind_text(s, 7, ERASED_MARK, -1, SQLITE_STATIC);
	else
		bind_opt_text(s, 7, &v[K_SUBJECT]);
	bind_opt_text(s, 8, &v[K_STATUS]);
	if (assignee)
		sqlite3_bind_int64(s, 9, assignee);
	sqlite3_bind_int64(s, 10, v[K_OPENED].i);
	sqlite3_bind_int64(s, 11, v[K_FR_DUE].s ? v[K_FR_DUE].i : fr);
	sqlite3_bind_int64(s, 12, v[K_RES_DUE].s ? v[K_RES_DUE].i : res);
	bind_opt_int(s, 13, &v[K_FR_AT]);
	bind_opt_int(s, 14, &v[K_RES_AT]);
	bind_opt_int(s, 15, &v[K_CLOSED]);
	if (erased && v[K_RESOLUTION].s)
		sqlite3_bind_text(s, 16, ERASED_MARK, -1, SQLITE_STATIC);
	else
		bind_opt_text(s, 16, &v[K_RESOLUTION]);
	if (store_step_done(st, s, _("cannot write a complaint")) != STORE_OK)
		return STORE_ERROR;
	id = sqlite3_last_insert_rowid(st->db);
	if (contact) {
		if ((s = store_stmt(st, sql_complaint_contact)) == NULL)
			return STORE_ERROR;
		bind_opt_text(s, 1, &v[K_EXT]);
		sqlite3_bind_int64(s, 2, contact);
		if (store_step_done(st, s, _("cannot write a complaint")) != STORE_OK)
			return STORE_ERROR;
	}
	if (!existed && (status == NULL || (strcmp(status, "resolved") != 0 &&
					    strcmp(status, "closed") != 0)))
		e->opened = id;
	/* A complaint new to temas, open and nobody's, is an arrival: its
	 * channel's assignment rule applies (assign.c checks open and nobody's). */
	if (!existed && !assignee) {
		struct assign_outcome out;

		return store_assign_arrival(st, id, &out);
	}
	return STORE_OK;
}

/* A complaint named by its ext_id, or else by its temas number. */
static const char sql_complaint_by_number[] =
	"SELECT id, customer_id FROM complaints WHERE id=?1";

static int complaint_ref_any(struct store *st, const char *key, long long *id,
			     long long *customer)
{
	sqlite3_stmt *s;
	const char *p = key;
	long long v[2];
	int rc = complaint_ref(st, key, id, customer);

	if (rc != STORE_NOTFOUND)
		return rc;
	if (*p == '#')
		p++;
	if (*p < '1' || *p > '9' || strspn(p, "0123456789") != strlen(p) || strlen(p) > 18)
		return STORE_NOTFOUND;
	if ((s = store_stmt(st, sql_complaint_by_number)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, strtoll(p, NULL, 10));
	rc = store_step_ints(st, s, v, 2, _("cannot look up a complaint"));
	if (rc == STORE_OK) {
		*id = v[0];
		*customer = v[1];
	}
	return rc;
}

/* ?4: the channel the file gives, else the complaint's (the answer
 * counts for it), else, updating, the one stored. */
#define SURVEY_CHANNEL "coalesce(?4, (SELECT k.channel FROM complaints k WHERE k.id=?3))"
static const char sql_survey_ext[] =
	"INSERT INTO surveys(ext_id, customer_id, complaint_id, channel, kind, score,"
	" comment, at) VALUES(?1, ?2, ?3, " SURVEY_CHANNEL ", ?5, ?6, ?7, ?8)"
	" ON CONFLICT(ext_id) WHERE ext_id IS NOT NULL DO UPDATE SET"
	"  customer_id=excluded.customer_id, complaint_id=excluded.complaint_id,"
	"  channel=coalesce(excluded.channel, surveys.channel), kind=excluded.kind,"
	"  score=excluded.score,"
	"  comment=excluded.comment, at=excluded.at";
static const char sql_survey_update[] =
	"UPDATE surveys SET score=?6, comment=?7,"
	" channel=coalesce(" SURVEY_CHANNEL ", channel)"
	" WHERE ext_id IS NULL AND customer_id=?2 AND complaint_id IS ?3"
	" AND kind=?5 AND at=?8";
static const char sql_survey_insert[] =
	"INSERT INTO surveys(ext_id, customer_id, complaint_id, channel, kind, score,"
	" comment, at) VALUES(?1, ?2, ?3, " SURVEY_CHANNEL ", ?5, ?6, ?7, ?8)";

static int import_survey(struct store *st, const struct imp_value *v,
			 struct imp_error *e)
{
	long long cust, complaint = 0, kcust = 0;
	const char *kind;
	int erased, rc, pass;

	if (strcasecmp(v[S_KIND].s, "nps") == 0)
		kind = "nps";
	else if (strcasecmp(v[S_KIND].s, "csat") == 0)
		kind = "csat";
	else
		return refuse(e, S_KIND, _("'%s' is not one of: nps, csat"), v[S_KIND].s);
	if (strcmp(kind, "nps") == 0 && (v[S_SCORE].i < 0 || v[S_SCORE].i > 10))
		return refuse(e, S_SCORE, _("%lld is not an NPS score (0 to 10)"),
			      v[S_SCORE].i);
	if (strcmp(kind, "csat") == 0 && (v[S_SCORE].i < 1 || v[S_SCORE].i > 5))
		return refuse(e, S_SCORE, _("%lld is not a CSAT score (1 to 5)"),
			      v[S_SCORE].i);
	rc = customer_ref(st, v[S_CUST].s, &cust, &erased);
	if (rc == STORE_NOTFOUND)
		return no_customer(e, S_CUST, v[S_CUST].s);
	if (rc != STORE_OK)
		return rc;
	if (v[S_COMPLAINT].s != NULL) {
		rc = complaint_ref_any(st, v[S_COMPLAINT].s, &complaint, &kcust);
		if (rc == STORE_NOTFOUND)
			return refuse(e, S_COMPLAINT,
				      _("no complaint with ext_id or number '%s'"),
				      v[S_COMPLAINT].s);
		if (rc != STORE_OK)
			return rc;
		if (kcust != cust)
			return refuse(e, S_COMPLAINT, _("complaint '%s' belongs to another customer"),
				      v[S_COMPLAINT].s);
	}
	if (v[S_CHANNEL].s != NULL) {
		int known;

		if (channel_known(st, v[S_CHANNEL].s, &known) != STORE_OK)
			return STORE_ERROR;
		if (!known)
			return refuse(e, S_CHANNEL, _("unknown channel '%s'"), v[S_CHANNEL].s);
	}
	for (pass = v[S_EXT].s != NULL ? 2 : 0; pass < 3; pass++) {
		static const char *const sqls[3] = {
			sql_survey_update, sql_survey_insert, sql_survey_ext
		};
		sqlite3_stmt *s = store_stmt(st, sqls[pass]);

		if (s == NULL)
			return STORE_ERROR;
		bind_opt_text(s, 1, &v[S_EXT]);
		sqlite3_bind_int64(s, 2, cust);
		if (complaint)
			sqlite3_bind_int64(s, 3, complaint);
		bind_opt_text(s, 4, &v[S_CHANNEL]);
		sqlite3_bind_text(s, 5, kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 6, v[S_SCORE].i);
		if (erased && v[S_COMMENT].s)
			sqlite3_bind_text(s, 7, ERASED_MARK, -1, SQLITE_STATIC);
		else
			bind_opt_text(s, 7, &v[S_COMMENT]);
		sqlite3_bind_int64(s, 8, v[S_AT].i);
		if (store_step_done(st, s, _("cannot write a survey answer")) != STORE_OK)
			return STORE_ERROR;
		if (pass == 0 && sqlite3_changes(st->db) > 0)
			break;
		if (pass == 1)
			break;
	}
	return STORE_OK;
}

/*
 * A customers row's merged_into, once every row of the file is in: the
 * record keyed src merged into the one keyed into (or, when that one was
 * merged itself, the one it was merged into), by the rules of
 * store_customer_merge, in the import's transaction.  Already merged
 * there, it is a file read back and nothing is done, unless the file
 * says the merge was made at another time or by another login: the
 * file's replace them, as any imported value replaces the stored one,
 * and an audit row says what they were.  The import's rights are the
 * merge's: a supervisor, or anyone while the database has no agent yet
 * (a new database filled from an export); the audit rows are under
 * login, now.  The merge itself is recorded as made at at by by (the
 * file's merged_at and merged_by) when by is given, else now under
 * login.  Merged records both erased are an export's record of an
 * erasure, which took the merged record along.
 */
static const char sql_merge_src[] =
	"SELECT c.id, coalesce((SELECT m.into_id FROM customer_merges m"
	" WHERE m.customer_id=c.id), 0) FROM customers c WHERE c.ext_id=?1";
static const char sql_merge_made[] =
	"SELECT merged_at, login FROM customer_merges WHERE customer_id=?1";
static const char sql_merge_restate[] =
	"UPDATE customer_merges SET merged_at=?2, login=?3 WHERE customer_id=?1";

static const char sql_merge_born[] =
	"SELECT max(created_at) FROM customers WHERE id IN (?1, ?2)";

/* How far after now a file's merge time may be, in seconds.  The file
 * may come from a machine whose clock runs a little ahead of this one's:
 * a merge made there a moment before the export reads as made minutes
 * from now here.  Such a time is kept as written; one later than this is
 * no clock's error and is refused. */
#define MERGE_CLOCK_SKEW (10 * 60)

/* A merge's time and login from a file: not later than now (but for
 * MERGE_CLOCK_SKEW) nor before both records (src, into) were there, a
 * login's form, and not in the name of an agent who had left the team by
 * then.  History may name who was never on this team (a merge made in
 * the database the file came from, by someone since gone). */
static int merge_made_check(struct store *st, long long src, long long into,
			    long long at, const char *by, struct imp_error *e)
{
	sqlite3_stmt *s;
	long long id, left = 0, born = 0;
	char t[32], b[32];
	int active, rc;

	text_format_iso_time(at, t, sizeof t);
	if (at > store_now(st) + MERGE_CLOCK_SKEW)
		return refuse(e, C_MERGED_AT, _("'%s' is later than now: a merge is not "
						"made in the future"), t);
	if ((s = store_stmt(st, sql_merge_born)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, src);
	sqlite3_bind_int64(s, 2, into);
	if ((rc = store_step_ints(st, s, &born, 1,
				  _("cannot look up a customer"))) != STORE_OK)
		return rc;
	if (at <= 0 || at < born) {
		text_format_iso_time(born, b, sizeof b);
		return refuse(e, C_MERGED_AT, _("'%s' is before %s, when the later of the "
						"two records was created: a merge is made "
						"once both exist"), t, b);
	}
	if (!store_login_valid(by))
		return refuse(e, C_MERGED_BY, _("'%s' is not a Unix login (letters, digits, "
						"'.', '_', '-'; at most 32 characters; not "
						"starting with '-')"), by);
	rc = agent_ref(st, by, &id, &active);
	if (rc == STORE_NOTFOUND || (rc == STORE_OK && active))
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_agent_left)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, by, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		left = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (left > 0 && at > left)
		return refuse(e, C_MERGED_BY, _("'%s' left the team before this merge's "
						"time; nothing is written in their name after"),
			      by);
	return STORE_OK;
}

/* An existing merge of id given at and by: the same is nothing to do;
 * else the file's time and login replace the stored ones, by a merge's
 * rights. */
static int merge_restate(struct store *st, const struct agent *who, long long id,
			 long long at, const char *by, struct imp_error *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_merge_made);
	char detail[256], was_t[32], t[32], *was_by;
	long long was_at;
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? STORE_OK
					 : store_fail_sqlite(st, _("cannot read the customer"));
	}
	was_at = sqlite3_column_int64(s, 0);
	was_by = store_col_strdup(s, 1);
	sqlite3_reset(s);
	if (was_by == NULL)
		return store_fail(st, "%s", _("out of memory"));
	if (was_at == at && strcmp(was_by, by) == 0) {
		free(was_by);
		return STORE_OK;
	}
	if (who->role != ROLE_SUPERVISOR) {
		free(was_by);
		return refuse(e, C_MERGED_AT, "%s", _("only a supervisor can merge customers"));
	}
	text_format_iso_time(was_at, was_t, sizeof was_t);
	text_format_iso_time(at, t, sizeof t);
	snprintf(detail, sizeof detail, "merged at %s by %s, as imported (was at %s by %s)",
		 t, by, was_t, was_by);
	free(was_by);
	if ((s = store_stmt(st, sql_merge_restate)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, at);
	sqlite3_bind_text(s, 3, by, -1, SQLITE_STATIC);
	if (store_step_done(st, s, _("cannot merge the customers")) != STORE_OK)
		return STORE_ERROR;
	return store_audit(st, who, "customer_merge_restated", 0, id, detail);
}

int store_import_merge(struct store *st, const char *login, const char *src,
		       const char *into, long long at, const char *by,
		       int *merged, struct imp_error *e)
{
	struct agent who;
	sqlite3_stmt *s;
	long long v[2], to, agents;
	int erased, rc;

	e->col = C_MERGED;
	e->msg[0] = '\0';
	e->opened = 0;
	*merged = 0;
	if (stage_flush(st) != STORE_OK)
		return STORE_ERROR;
	if ((s = store_stmt(st, sql_merge_src)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, src, -1, SQLITE_STATIC);
	rc = store_step_ints(st, s, v, 2, _("cannot look up a customer"));
	if (rc == STORE_NOTFOUND)
		return no_customer(e, C_EXT, src);
	if (rc != STORE_OK)
		return rc;
	rc = customer_ref(st, into, &to, &erased);
	if (rc == STORE_NOTFOUND)
		return no_customer(e, C_MERGED, into);
	if (rc != STORE_OK)
		return rc;
	if (to == v[0])
		return refuse(e, C_MERGED, _("'%s' is this customer's own record, or one "
					     "merged into it: a customer is not merged "
					     "into itself"), into);
	if (by != NULL && (rc = merge_made_check(st, v[0], to, at, by, e)) != STORE_OK)
		return rc;
	if (v[1] == to && by == NULL)
		return STORE_OK;
	rc = store_agent_by_login(st, login, &who);
	if (rc == STORE_NOTFOUND) {
		if (store_agent_count(st, &agents) != STORE_OK)
			return STORE_ERROR;
		memset(&who, 0, sizeof who);
		who.login = login;
		who.role = agents == 0 ? ROLE_SUPERVISOR : ROLE_AGENT;
	} else if (rc != STORE_OK) {
		return rc;
	}
	if (v[1] == to)
		return merge_restate(st, &who, v[0], at, by, e);
	if (who.role != ROLE_SUPERVISOR)
		return refuse(e, C_MERGED, "%s", _("only a supervisor can merge customers"));
	rc = store_customer_merge_as(st, &who, v[0], to, STORE_MERGE_ERASED_PAIR,
				     at, by, NULL);
	if (rc == STORE_DENIED || rc == STORE_NOTFOUND)
		return refuse(e, C_MERGED, "%s", store_errmsg(st));
	if (rc == STORE_OK)
		*merged = 1;
	return rc;
}

int store_import_begin(struct store *st, int bulk)
{
	store_assign_counts(st, 1, NULL, NULL);
	/* A big import touches every page of three indexes; with SQLite's
	 * small default cache it would spill and reread them constantly. */
	if (store_exec(st, "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY") != STORE_OK)
		return STORE_ERROR;
	if (store_tx_begin(st) != STORE_OK)
		return STORE_ERROR;
	st->import_staged = 0;
	/* Inside the transaction: a rollback resumes the index by itself. */
	if (store_exec(st, sql_stage_create) != STORE_OK ||
	    (bulk ? store_search_suspend(st) : store_search_defer(st)) != STORE_OK ||
	    (bulk && store_summaries_suspend(st) != STORE_OK)) {
		store_tx_rollback(st);
		store_search_settle(st, 0);
		return STORE_ERROR;
	}
	return STORE_OK;
}

int store_import_finish(struct store *st, int commit, int bulk)
{
	int rc = STORE_OK;

	if (commit)
		rc = stage_flush(st);
	st->import_staged = 0;
	if (rc == STORE_OK && commit)
		rc = bulk ? store_search_rebuild(st, NULL, NULL)
			  : store_search_settle(st, 1);
	if (rc == STORE_OK && commit && bulk)
		rc = store_summaries_refill(st);
	if (rc == STORE_OK)
		rc = commit ? store_tx_commit(st) : store_tx_rollback(st);
	if (rc != STORE_OK && commit)
		store_tx_rollback(st);
	if (!bulk)
		store_search_settle(st, 0);
	store_exec(st, "PRAGMA cache_size=-2000; PRAGMA temp_store=DEFAULT");
	return rc;
}

int store_import_row(struct store *st, enum imp_kind k, const struct imp_value *v,
		     struct imp_error *e)
{
	e->col = -1;
	e->msg[0] = '\0';
	e->opened = 0;
	if (k != IMP_CUSTOMER && stage_flush(st) != STORE_OK)
		return STORE_ERROR;
	switch (k) {
	case IMP_CUSTOMER: return import_customer(st, v, e);
	case IMP_ORDER: return import_order(st, v, e);
	case IMP_ORDER_LINE: return import_line(st, v, e);
	case IMP_INTERACTION: return import_interaction(st, v, e);
	case IMP_COMPLAINT: return import_complaint(st, v, e);
	case IMP_SURVEY: return import_survey(st, v, e);
	default: return store_fail(st, _("unknown kind of row"));
	}
}

/* Export: one SELECT per kind, columns in the order of the tables above.
 * Rows created inside temas have no external key; they get a stable one
 * from their id so that the file can be read back. */
static const char sql_exp_customers[] =
	"SELECT coalesce(c.ext_id, 'temas-c' || c.id), c.first_name, c.last_name,"
	" c.email, c.phone, c.city, c.tier, c.lang, c.created_at, c.acquisition_cost,"
	" c.erased_at, (SELECT coalesce(t.ext_id, 'temas-c' || t.id)"
	"  FROM customers t WHERE t.id=m.into_id), m.merged_at, m.login"
	" FROM customers c LEFT JOIN customer_merges m ON m.customer_id=c.id"
	" WHERE c.created_at >= ?1 ORDER BY c.id";
static const char sql_exp_orders[] =
	"SELECT o.number, coalesce(c.ext_id, 'temas-c' || c.id), o.status, o.total,"
	" o.currency, o.placed_at"
	" FROM orders o JOIN customers c ON c.id=o.customer_id"
	" WHERE o.placed_at >= ?1 ORDER BY o.id";
static const char sql_exp_lines[] =
	"SELECT o.number, l.sku, l.product, l.qty, l.unit_price"
	" FROM order_lines l JOIN orders o ON o.id=l.order_id"
	" WHERE o.placed_at >= ?1 ORDER BY l.id";
static const char sql_exp_interactions[] =
	"SELECT coalesce(i.ext_id, 'temas-i' || i.id), coalesce(c.ext_id, 'temas-c' || c.id),"
	" CASE WHEN k.id IS NULL THEN NULL ELSE coalesce(k.ext_id, 'temas-k' || k.id) END,"
	" i.channel, i.direction, a.login, i.at, i.subject, i.body, i.history_seen_at"
	" FROM interactions i JOIN customers c ON c.id=i.customer_id"
	" LEFT JOIN complaints k ON k.id=i.complaint_id"
	" LEFT JOIN agents a ON a.id=i.agent_id"
	" WHERE i.at >= ?1 ORDER BY i.id";
static const char sql_exp_complaints[] =
	"SELECT coalesce(k.ext_id, 'temas-k' || k.id), coalesce(c.ext_id, 'temas-c' || c.id),"
	" o.number, k.channel, k.priority, k.category, k.subject, k.status, a.login,"
	" k.opened_at, k.first_response_due, k.resolution_due, k.first_response_at,"
	" k.resolved_at, k.closed_at, k.resolution,"
	" CASE WHEN t.id IS NULL THEN NULL ELSE coalesce(t.ext_id, 'temas-c' || t.id) END"
	" FROM complaints k JOIN customers c ON c.id=k.customer_id"
	" LEFT JOIN orders o ON o.id=k.order_id"
	" LEFT JOIN agents a ON a.id=k.assignee_id"
	" LEFT JOIN complaint_contacts cc ON cc.complaint_id=k.id"
	" LEFT JOIN customers t ON t.id=cc.customer_id"
	" WHERE k.opened_at >= ?1 ORDER BY k.id";
static const char sql_exp_surveys[] =
	"SELECT s.ext_id, coalesce(c.ext_id, 'temas-c' || c.id),"
	" CASE WHEN k.id IS NULL THEN NULL ELSE coalesce(k.ext_id, 'temas-k' || k.id) END,"
	" s.kind, s.score, s.at, s.comment, s.channel"
	" FROM surveys s JOIN customers c ON c.id=s.customer_id"
	" LEFT JOIN complaints k ON k.id=s.complaint_id"
	" WHERE s.at >= ?1 ORDER BY s.id";

int store_export(struct store *st, enum imp_kind k, long long since,
		 imp_row_fn cb, void *ctx)
{
	static const char *const sqls[IMP_NKINDS] = {
		sql_exp_customers, sql_exp_orders, sql_exp_lines,
		sql_exp_interactions, sql_exp_complaints, sql_exp_surveys,
	};
	struct imp_value v[32];
	const struct imp_kind_info *ki = store_import_kind(k);
	sqlite3_stmt *s;
	int rc, i, stop = 0;

	if (ki == NULL)
		return store_fail(st, _("unknown kind of row"));
	s = store_stmt(st, sqls[k]);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, since ? since : -(1LL << 62));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (i = 0; i < ki->ncols; i++) {
			int null = sqlite3_column_type(s, i) == SQLITE_NULL;

			if (ki->cols[i].type == IMP_TEXT || ki->cols[i].type == IMP_LANG) {
				v[i].s = null ? NULL : (const char *)sqlite3_column_text(s, i);
				v[i].i = 0;
			} else {
				v[i].i = sqlite3_column_int64(s, i);
				v[i].s = null ? NULL : "";
			}
		}
		stop = cb(ctx, v);
		if (stop)
			break;
	}
	sqlite3_reset(s);
	if (stop)
		return stop;
	if (rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read rows to export"));
	return STORE_OK;
}
