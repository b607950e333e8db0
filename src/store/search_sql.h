/*
 * search_sql.h: the text each search index holds for a row, written once.
 *
 * The index tables are contentless: removing a row means handing the
 * index the very text it was given, so the triggers (schema.c, with new.
 * and old.) and the rebuild (search.c, with a table alias) must compute it
 * with the same expressions.  R is a string literal naming the row.
 *
 * Plain SQL only, so that every writer keeps the index current:
 * SEARCH_FOLD folds the dotless ı that the unicode61 tokenizer leaves
 * alone (it folds case and removes the other Turkish diacritics itself);
 * SEARCH_NUMBER_KEY adds a number's digits written together and its last
 * ten digits, so "+90 (532) 123 45 12" is found as 5321234512 or
 * 905321234512 as well as by its parts.
 *
 * SEARCH_KEPT says whether an order or a message (R, with a customer_id)
 * is in its index: while its customer is not erased (migration 28).  One
 * expression for the triggers, the rebuild and the deferred indexing
 * alike, since a contentless index must never be told to remove a row it
 * does not hold.
 */
#ifndef TEMAS_STORE_SEARCH_SQL_H
#define TEMAS_STORE_SEARCH_SQL_H

#define SEARCH_FOLD(X) "replace(" X ", 'ı', 'i')"
#define SEARCH_DIGITS(X) \
	"replace(replace(replace(replace(replace(replace(replace(" X \
	", ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', ''), '/', '')"
#define SEARCH_NUMBER_KEY(X) \
	"(coalesce(" X ", '') || ' ' || " SEARCH_DIGITS("coalesce(" X ", '')") \
	" || ' ' || substr(" SEARCH_DIGITS("coalesce(" X ", '')") ", -10))"

#define SEARCH_CUSTOMER_COLS "rowid, name, email, phone"
#define SEARCH_CUSTOMER_VALUES(R) \
	R ".id, " SEARCH_FOLD(R ".first_name || ' ' || " R ".last_name") ", " \
	SEARCH_FOLD("coalesce(" R ".email, '')") ", " SEARCH_NUMBER_KEY(R ".phone")

#define SEARCH_ORDER_COLS "rowid, number"
#define SEARCH_ORDER_VALUES(R) R ".id, " SEARCH_NUMBER_KEY(R ".number")

#define SEARCH_INTERACTION_COLS "rowid, subject, body"
#define SEARCH_INTERACTION_VALUES(R) \
	R ".id, " SEARCH_FOLD("coalesce(" R ".subject, '')") ", " \
	SEARCH_FOLD(R ".body")

#define SEARCH_KEPT(R) \
	"(SELECT erased_at FROM customers WHERE id = " R ".customer_id) IS NULL"

/* The settings of the index table T while a rebuild fills it, and FTS5's
 * defaults put back after, leaving the configuration the migrations
 * wrote (search.c says why; search_side.c builds the messages' index the
 * same way). */
#define BULK_HASHSIZE "8388608"
#define FTS_CONFIG(T, AUTO, CRISIS, HASH) \
	"INSERT INTO " T "(" T ", rank) VALUES('automerge', " AUTO ");" \
	"INSERT INTO " T "(" T ", rank) VALUES('crisismerge', " CRISIS ");" \
	"INSERT INTO " T "(" T ", rank) VALUES('hashsize', " HASH ");"
#define FTS_BULK(T) FTS_CONFIG(T, "0", "1000", BULK_HASHSIZE)
#define FTS_DEFAULTS(T) FTS_CONFIG(T, "4", "16", "1048576") \
	"DELETE FROM main." T "_config" \
	" WHERE k IN ('automerge', 'crisismerge', 'hashsize');"

/* Merge every segment of the index table T into one ('optimize'), then
 * move that segment to where no later write merges it again in one go
 * (search_lift.c says why).  The move must follow the 'optimize' at once,
 * on the same connection, before anything reads the index again. */
#define FTS5_OPTIMIZE(T) \
	"INSERT INTO " T "(" T ") VALUES('optimize');" \
	"UPDATE main." T "_data SET block = temas_fts_lift(block) WHERE id = 10;"

/* Rows of a table per statement in a rebuild.  The index writes what it
 * holds in memory at the start of each statement, so the messages' index
 * built on another connection takes its rows in the same batches. */
#define REBUILD_BATCH 50000

#endif
