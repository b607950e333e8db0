/*
 * team.c: what setting up a team database asks of the store: whether a
 * file already holds someone's work, so that `temas init` never runs over it.
 */
#include "config.h"

#include "internal.h"
#include "temas/i18n.h"

int store_has_data(struct store *st, int *has)
{
	static const char sql[] =
		"SELECT EXISTS(SELECT 1 FROM agents) OR EXISTS(SELECT 1 FROM customers)"
		" OR EXISTS(SELECT 1 FROM complaints) OR EXISTS(SELECT 1 FROM interactions)"
		" OR EXISTS(SELECT 1 FROM audit)";
	sqlite3_stmt *s = store_stmt(st, sql);

	*has = 0;
	if (s == NULL)
		return STORE_ERROR;
	if (sqlite3_step(s) != SQLITE_ROW)
		return store_fail_sqlite(st, _("cannot read the database"));
	*has = sqlite3_column_int(s, 0) != 0;
	sqlite3_reset(s);
	return STORE_OK;
}
