/*
 * csv.h: a strict, streaming RFC 4180 reader.
 *
 * Records are read one at a time from a FILE*, so memory stays bounded by
 * the longest record (CSV_MAX_RECORD), not the file.  Quoted fields may hold
 * commas, doubled quotes and line breaks; lines end in CRLF or LF; a UTF-8
 * byte-order mark at the start is skipped; blank lines are skipped.  The
 * first record fixes the number of fields every later record must have.
 */
#ifndef TEMAS_CSV_H
#define TEMAS_CSV_H

#include <stddef.h>
#include <stdio.h>

#define CSV_MAX_RECORD (8u << 20)
#define CSV_MAX_FIELDS 256

enum csv_result {
	CSV_RECORD = 1,     /* a record is in *fields */
	CSV_EOF = 0,
	CSV_BADCOUNT = -1,  /* record read but its field count is wrong: the
			       reader can go on with the next record */
	CSV_SYNTAX = -2,    /* malformed input: stop reading */
	CSV_NOMEM = -3,
	CSV_WIDE = -4,      /* the file is UTF-16 or UTF-32: csv_errmsg names
			       which (an iconv name) */
};

struct csv;

/* Read from f (not closed by csv_free).  NULL when out of memory. */
struct csv *csv_new(FILE *f);
void csv_free(struct csv *c);

/*
 * Read the next record.  On CSV_RECORD, fields[0..*n) point at
 * NUL-terminated values owned by the reader, valid until the next call.
 * lens (may be NULL) gets each field's length: a NUL byte inside a field
 * makes it shorter than strlen suggests, and callers refuse such fields.
 */
int csv_read(struct csv *c, char ***fields, size_t **lens, size_t *n);

/* Physical line (1-based) where the last record read, or failed, starts. */
long csv_line(const struct csv *c);
/* After CSV_BADCOUNT / CSV_SYNTAX: the reason, and the line it was seen. */
const char *csv_errmsg(const struct csv *c);
long csv_error_line(const struct csv *c);

/* Write one field to f, quoted when it needs to be. */
void csv_write_field(FILE *f, const char *s);

#endif
