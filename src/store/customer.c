/*
 * customer.c: a customer, the figures of the customer header, and their
 * orders and order lines, read a page at a time, newest first.
 */
#include "config.h"

#include <string.h>

#include "internal.h"
#include "temas/customer.h"
#include "temas/i18n.h"

static const char sql_customer[] =
	"SELECT id, coalesce(ext_id,''), first_name, last_name,"
	" coalesce(email,''), coalesce(phone,''), coalesce(city,''), tier, lang,"
	" created_at, acquisition_cost, coalesce(erased_at,0),"
	" " STORE_CUSTOMER_NAME("customers") ","
	" coalesce((SELECT into_id FROM customer_merges m"
	"  WHERE m.customer_id=customers.id), 0)"
	" FROM customers WHERE id=?1";

/* ?1 customer, ?2 start of the recent window. */
static const char sql_summary[] =
	"SELECT"
	" (SELECT coalesce(sum(total),0) FROM orders WHERE customer_id=?1"
	"   AND status<>'cancelled'),"
	" (SELECT currency FROM orders WHERE customer_id=?1"
	"   ORDER BY placed_at DESC, id DESC LIMIT 1),"
	" (SELECT count(*) FROM orders WHERE customer_id=?1),"
	" (SELECT max(placed_at) FROM orders WHERE customer_id=?1),"
	" (SELECT score FROM surveys WHERE customer_id=?1 AND kind='nps'"
	"   ORDER BY at DESC, id DESC LIMIT 1),"
	" (SELECT count(*) FROM complaints WHERE customer_id=?1"
	"   AND opened_at>=?2),"
	" (SELECT count(*) FROM surveys WHERE customer_id=?1 AND kind='nps'"
	"   AND score<=6 AND at>=?2)";

static const char sql_order_count[] =
	"SELECT count(*) FROM orders WHERE customer_id=?1";
#define ORDER_COLUMNS \
	"SELECT id, customer_id, number, status, total, currency, placed_at" \
	" FROM orders"
static const char sql_orders[] =
	ORDER_COLUMNS " WHERE customer_id=?1"
	" ORDER BY placed_at DESC, id DESC LIMIT ?2 OFFSET ?3";
static const char sql_order[] = ORDER_COLUMNS " WHERE id=?1";
/* Its number as typed, else in capitals (order numbers are written so;
 * "sp-2026-50" means SP-2026-50): the unique index either way. */
static const char sql_order_number[] = ORDER_COLUMNS
	" WHERE number=?1 OR (number=upper(?1) AND upper(?1)<>?1)"
	" ORDER BY number=?1 DESC LIMIT 1";
static const char sql_line_count[] =
	"SELECT count(*) FROM order_lines WHERE order_id=?1";
static const char sql_lines[] =
	"SELECT id, order_id, sku, product, qty, unit_price FROM order_lines"
	" WHERE order_id=?1 ORDER BY id LIMIT ?2 OFFSET ?3";

static const char sql_customer_by_ext[] =
	"SELECT coalesce((SELECT into_id FROM customer_merges m"
	" WHERE m.customer_id=c.id), c.id) FROM customers c WHERE c.ext_id=?1";
static const char sql_complaint_by_ext[] = "SELECT id FROM complaints WHERE ext_id=?1";

static int by_ext(struct store *st, const char *sql, const char *ext,
		  long long *id)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, ext, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return store_fail_sqlite(st, _("cannot look up the id"));
}

int store_customer_by_ext(struct store *st, const char *ext, long long *id)
{
	return by_ext(st, sql_customer_by_ext, ext, id);
}

static const char sql_record_by_ext[] = "SELECT id FROM customers WHERE ext_id=?1";

int store_customer_record_by_ext(struct store *st, const char *ext, long long *id)
{
	return by_ext(st, sql_record_by_ext, ext, id);
}

int store_complaint_by_ext(struct store *st, const char *ext, long long *id)
{
	return by_ext(st, sql_complaint_by_ext, ext, id);
}

int store_customer_get(struct store *st, long long id, struct customer *out)
{
	sqlite3_stmt *s = store_stmt(st, sql_customer);
	int rc;

	memset(out, 0, sizeof *out);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->ext_id = store_col_str(st, s, 1);
		out->first_name = store_col_str(st, s, 2);
		out->last_name = store_col_str(st, s, 3);
		out->email = store_col_str(st, s, 4);
		out->phone = store_col_str(st, s, 5);
		out->city = store_col_str(st, s, 6);
		store_col_text(s, 7, out->tier, sizeof out->tier);
		out->lang = store_col_str(st, s, 8);
		out->created_at = sqlite3_column_int64(s, 9);
		out->acquisition_cost = sqlite3_column_int64(s, 10);
		out->erased_at = sqlite3_column_int64(s, 11);
		out->name = store_col_str(st, s, 12);
		out->merged_into = sqlite3_column_int64(s, 13);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot read the customer"));
	return STORE_OK;
}

int store_customer_summary(struct store *st, long long id,
			   struct customer_summary *out)
{
	sqlite3_stmt *s = store_stmt(st, sql_summary);
	int rc, detractors;

	memset(out, 0, sizeof *out);
	out->last_nps = -1;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, store_now(st) - CUSTOMER_RECENT_DAYS * 86400LL);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->lifetime_value = sqlite3_column_int64(s, 0);
		store_col_text(s, 1, out->currency, sizeof out->currency);
		if (out->currency[0] == '\0')
			strcpy(out->currency, "TRY");
		out->orders = sqlite3_column_int(s, 2);
		out->last_order_at = sqlite3_column_int64(s, 3);
		if (sqlite3_column_type(s, 4) != SQLITE_NULL)
			out->last_nps = sqlite3_column_int(s, 4);
		out->complaints_90d = sqlite3_column_int(s, 5);
		detractors = sqlite3_column_int(s, 6);
		out->negative_experiences = out->complaints_90d + detractors;
		out->churn_risk = out->negative_experiences >= 2;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot read the customer's figures"));
	return STORE_OK;
}

static int count_of(struct store *st, const char *sql, long long id, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql);

	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return store_step_count(st, s, n, _("cannot count rows"));
}

static void read_order(struct store *st, sqlite3_stmt *s, struct order *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(s, 0);
	o->customer_id = sqlite3_column_int64(s, 1);
	o->number = store_col_str(st, s, 2);
	store_col_text(s, 3, o->status, sizeof o->status);
	o->total = sqlite3_column_int64(s, 4);
	store_col_text(s, 5, o->currency, sizeof o->currency);
	o->placed_at = sqlite3_column_int64(s, 6);
}

int store_order_count(struct store *st, long long customer_id, int *n)
{
	return count_of(st, sql_order_count, customer_id, n);
}

int store_order_list(struct store *st, long long customer_id, int offset,
		     int limit, struct order *rows, int *n)
{
	sqlite3_stmt *s;
	int rc = SQLITE_DONE;

	*n = 0;
	if (offset < 0 || limit < 0)
		return STORE_INVALID;
	s = store_stmt(st, sql_orders);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, customer_id);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int(s, 3, offset);
	while (*n < limit && (rc = sqlite3_step(s)) == SQLITE_ROW)
		read_order(st, s, &rows[(*n)++]);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read the orders"));
	return STORE_OK;
}

/* The one order statement s (its key bound) finds, into out. */
static int order_one(struct store *st, sqlite3_stmt *s, struct order *out)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		read_order(st, s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot read the order"));
	return STORE_OK;
}

int store_order_get(struct store *st, long long order_id, struct order *out)
{
	sqlite3_stmt *s = store_stmt(st, sql_order);

	memset(out, 0, sizeof *out);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, order_id);
	return order_one(st, s, out);
}

int store_order_by_number(struct store *st, const char *number,
			  struct order *out)
{
	sqlite3_stmt *s = store_stmt(st, sql_order_number);

	memset(out, 0, sizeof *out);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
	return order_one(st, s, out);
}

int store_order_line_count(struct store *st, long long order_id, int *n)
{
	return count_of(st, sql_line_count, order_id, n);
}

int store_order_lines(struct store *st, long long order_id, int offset,
		      int limit, struct order_line *rows, int *n)
{
	sqlite3_stmt *s;
	int rc = SQLITE_DONE;

	*n = 0;
	if (offset < 0 || limit < 0)
		return STORE_INVALID;
	s = store_stmt(st, sql_lines);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int(s, 3, offset);
	while (*n < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct order_line *l = &rows[(*n)++];

		memset(l, 0, sizeof *l);
		l->id = sqlite3_column_int64(s, 0);
		l->order_id = sqlite3_column_int64(s, 1);
		l->sku = store_col_str(st, s, 2);
		l->product = store_col_str(st, s, 3);
		l->qty = sqlite3_column_int(s, 4);
		l->unit_price = sqlite3_column_int64(s, 5);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read the order lines"));
	return STORE_OK;
}
