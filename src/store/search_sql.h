/*
 * search_sql.h: the text each search index holds for a row, written once.
 *
 * The index tables are contentless: removing a row means handing the
 * index the very text it was given, so the triggers (schema.c, with new.
 * and old.) and the rebuild (search.c, with a table alias) must compute it
 * with the same expressions.  R is a string literal naming the row.
 */
#ifndef TEMAS_STORE_SEARCH_SQL_H
#define TEMAS_STORE_SEARCH_SQL_H

#define SEARCH_CUSTOMER_COLS "rowid, name, email, phone"
#define SEARCH_CUSTOMER_VALUES(R) \
	R ".id, " R ".first_name || ' ' || " R ".last_name, " \
	"coalesce(" R ".email, ''), temas_number_key(" R ".phone)"

#define SEARCH_ORDER_COLS "rowid, number"
#define SEARCH_ORDER_VALUES(R) R ".id, temas_number_key(" R ".number)"

#define SEARCH_INTERACTION_COLS "rowid, subject, body"
#define SEARCH_INTERACTION_VALUES(R) \
	R ".id, coalesce(" R ".subject, ''), " R ".body"

#endif
