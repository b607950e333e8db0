/*
 * queuecli.c: the queue query behind `temas queue`.  It reads the same
 * partial index (complaints_queue on due_at WHERE is_open) as the console.
 */
#include "config.h"

#include <string.h>

#include "internal.h"
#include "temas/i18n.h"
#include "temas/queuecli.h"

static const char sql_queue[] =
	"SELECT k.id, k.customer_id, coalesce(k.order_id, 0), k.channel, k.priority,"
	" k.category, k.subject, k.status, coalesce(k.assignee_id, 0),"
	" coalesce(a.login, ''), c.first_name || ' ' || c.last_name, k.opened_at,"
	" k.first_response_due, k.resolution_due, k.due_at,"
	" coalesce(k.first_response_at, 0)"
	" FROM complaints k JOIN customers c ON c.id=k.customer_id"
	" LEFT JOIN agents a ON a.id=k.assignee_id"
	" WHERE k.is_open"
	"  AND (?1 != 1 OR k.assignee_id = ?2)"
	"  AND (?1 != 2 OR k.assignee_id IS NULL)"
	"  AND (?1 != 3 OR k.due_at < ?4)"
	"  AND (?3 IS NULL OR k.channel = ?3)"
	" ORDER BY k.due_at, k.id LIMIT ?5";

static enum complaint_status status_of(const char *s)
{
	static const char *const names[ST_COUNT] = {
		"new", "open", "pending", "escalated", "resolved", "closed"
	};
	int i;

	for (i = 0; i < ST_COUNT; i++)
		if (strcmp(s, names[i]) == 0)
			return (enum complaint_status)i;
	return ST_OPEN;
}

int store_queue_cli_each(struct store *st, enum queue_cli_filter filter,
			 long long agent_id, const char *channel, int limit,
			 int (*cb)(void *ctx, const struct complaint *k), void *ctx)
{
	sqlite3_stmt *s = store_stmt(st, sql_queue);
	struct complaint k;
	char status[16];
	int rc, stop = 0;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, (int)filter);
	sqlite3_bind_int64(s, 2, agent_id);
	store_bind_text(s, 3, channel, 1);
	sqlite3_bind_int64(s, 4, store_now(st));
	sqlite3_bind_int64(s, 5, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&k, 0, sizeof k);
		k.id = sqlite3_column_int64(s, 0);
		k.customer_id = sqlite3_column_int64(s, 1);
		k.order_id = sqlite3_column_int64(s, 2);
		store_col_text(s, 3, k.channel, sizeof k.channel);
		store_col_text(s, 4, k.priority, sizeof k.priority);
		store_col_text(s, 5, k.category, sizeof k.category);
		store_col_text(s, 6, k.subject, sizeof k.subject);
		store_col_text(s, 7, status, sizeof status);
		k.status = status_of(status);
		k.assignee_id = sqlite3_column_int64(s, 8);
		store_col_text(s, 9, k.assignee_login, sizeof k.assignee_login);
		store_col_text(s, 10, k.customer_name, sizeof k.customer_name);
		k.opened_at = sqlite3_column_int64(s, 11);
		k.first_response_due = sqlite3_column_int64(s, 12);
		k.resolution_due = sqlite3_column_int64(s, 13);
		k.due_at = sqlite3_column_int64(s, 14);
		k.first_response_at = sqlite3_column_int64(s, 15);
		stop = cb(ctx, &k);
		if (stop)
			break;
	}
	sqlite3_reset(s);
	if (stop)
		return stop;
	if (rc != SQLITE_DONE)
		return store_fail_sqlite(st, _("cannot read the queue"));
	return STORE_OK;
}
