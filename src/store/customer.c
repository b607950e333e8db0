/*
 * customer.c: a customer and their orders, as the customer header and the
 * order history show them.
 */
#include "config.h"

#include <string.h>

#include "internal.h"
#include "temas/customer.h"
#include "temas/i18n.h"

static const char sql_get[] =
	"SELECT id, ext_id, first_name, last_name, email, phone, city, tier,"
	" lang, created_at, acquisition_cost, erased_at"
	" FROM customers WHERE id=?1";
static const char sql_orders[] =
	"SELECT id, customer_id, number, status, total, currency, placed_at"
	" FROM orders WHERE customer_id=?1 ORDER BY placed_at DESC, id DESC";

int store_customer_get(struct store *st, long long id, struct customer *out)
{
	sqlite3_stmt *s = store_stmt(st, sql_get);
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(s, 0);
		store_col_text(s, 1, out->ext_id, sizeof out->ext_id);
		store_col_text(s, 2, out->first_name, sizeof out->first_name);
		store_col_text(s, 3, out->last_name, sizeof out->last_name);
		store_col_text(s, 4, out->email, sizeof out->email);
		store_col_text(s, 5, out->phone, sizeof out->phone);
		store_col_text(s, 6, out->city, sizeof out->city);
		store_col_text(s, 7, out->tier, sizeof out->tier);
		store_col_text(s, 8, out->lang, sizeof out->lang);
		out->created_at = sqlite3_column_int64(s, 9);
		out->acquisition_cost = sqlite3_column_int64(s, 10);
		out->erased_at = sqlite3_column_int64(s, 11);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE) {
		store_fail(st, _("no customer %lld"), id);
		return STORE_NOTFOUND;
	}
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot read the customer"));
	return STORE_OK;
}

int store_customer_orders(struct store *st, long long customer_id,
			  struct order *rows, int max, int *n)
{
	sqlite3_stmt *s = store_stmt(st, sql_orders);
	int rc = SQLITE_DONE;

	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, customer_id);
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct order *o = &rows[(*n)++];

		memset(o, 0, sizeof *o);
		o->id = sqlite3_column_int64(s, 0);
		o->customer_id = sqlite3_column_int64(s, 1);
		store_col_text(s, 2, o->number, sizeof o->number);
		store_col_text(s, 3, o->status, sizeof o->status);
		o->total = sqlite3_column_int64(s, 4);
		store_col_text(s, 5, o->currency, sizeof o->currency);
		o->placed_at = sqlite3_column_int64(s, 6);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read the orders"));
	return STORE_OK;
}
