/*
 * import.h: bulk data in and out of the store, one row at a time.
 *
 * Each kind of row (customers, orders, ...) is described by a column
 * table that import, export and `temas import --help` share, so the
 * formats cannot drift apart.  The caller parses files (CSV, JSON lines)
 * and checks each value's form; the store checks what needs the database
 * (references, channels) and writes, inside the caller's transaction.
 */
#ifndef TEMAS_IMPORT_H
#define TEMAS_IMPORT_H

struct store;

enum imp_kind {
	IMP_CUSTOMER, IMP_ORDER, IMP_ORDER_LINE, IMP_INTERACTION, IMP_COMPLAINT,
	IMP_SURVEY, IMP_NKINDS
};

enum imp_type {
	IMP_TEXT,    /* UTF-8 text */
	IMP_LANG,    /* a BCP 47 language tag */
	IMP_TIME,    /* ISO 8601 in files, UTC seconds in .i */
	IMP_MONEY,   /* 1234.56 in files, minor units in .i */
	IMP_INT,     /* whole number in .i */
};

struct imp_column {
	const char *name;
	enum imp_type type;
	int required;
	const char *const *choices;   /* the allowed values, NULL-terminated; NULL = any */
	const char *help;             /* one line for --help */
};

struct imp_kind_info {
	const char *name;             /* "order-lines": CLI and file kind */
	const char *type;             /* "order_line": JSON lines "type" */
	const struct imp_column *cols;
	int ncols;
	int key[2];                   /* columns forming the external key; -1 unused */
	/* When key[0]'s value is empty: the columns that are the key
	 * instead (a natural key), -1 unused; all -1 when key[0] is required. */
	int alt_key[4];
};

/* A value: s is NULL when empty or absent; i holds the parsed number. */
struct imp_value {
	const char *s;
	long long i;
};

struct imp_error {
	int col;                      /* column at fault, -1 for the row */
	char msg[256];
	/* A row that was taken and opened a complaint new to temas (not yet
	 * closed): its id, else 0.  For the warnings about it. */
	long long opened;
};

const struct imp_kind_info *store_import_kind(enum imp_kind k);
/* Kind by CLI name ("customers") or JSON type ("customer"); -1 if none. */
int store_import_kind_find(const char *name);

/* One transaction around a whole import, with a cache sized for it.
 * bulk: many rows are coming; the search index is suspended and rebuilt
 * in one pass when the import commits, which is several times faster
 * than indexing row by row.  finish commits (commit != 0) or rolls back;
 * give it the same bulk. */
int store_import_begin(struct store *st, int bulk);
int store_import_finish(struct store *st, int commit, int bulk);

/*
 * Insert or update one row (upsert by its external key).  v has ncols
 * values in column order, already checked for form.  STORE_INVALID with e
 * filled when the row is refused (unknown reference, channel, ...).
 */
int store_import_row(struct store *st, enum imp_kind k, const struct imp_value *v,
		     struct imp_error *e);

/*
 * A customers row's merged_into, after every row of the file is in: the
 * customer keyed src merged into the one keyed into (the record it was
 * merged into, when it was), by store_customer_merge's rules, audited
 * under login.  by (with at): the row's merged_by and merged_at, the
 * merge recorded as made then by them (an unknown login is history and
 * kept, as is a time up to ten minutes after now, a clock ahead where the
 * file was made; a time later than that or before both records, a login
 * not of a login's form, or one who had left the team by then is
 * refused); NULL: made now by login.  The caller follows the file's own
 * chains (A into B, B into C: A into C).  Nothing is done when src is
 * merged there already (*merged 0; 1 when merged now), but for a by and
 * at other than the stored ones, which replace them.  Who may import may
 * merge: a supervisor, or anyone while the database has no agent.
 * STORE_INVALID with e filled (e->col the column at fault) when refused:
 * a missing key, the record itself, one merged elsewhere or erased, a bad
 * time or login.
 */
int store_import_merge(struct store *st, const char *login, const char *src,
		       const char *into, long long at, const char *by,
		       int *merged, struct imp_error *e);

/*
 * Call cb for each row of kind k changed or created at or after since
 * (0 = all), in id order, with values in column order.  A non-zero
 * return from cb stops the export and is returned.
 */
typedef int (*imp_row_fn)(void *ctx, const struct imp_value *v);
int store_export(struct store *st, enum imp_kind k, long long since,
		 imp_row_fn cb, void *ctx);

#endif
