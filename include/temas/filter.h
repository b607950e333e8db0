/*
 * filter.h: the queue filter as typed: `:filter` in the console, `temas
 * queue --filter`, `temas claim --filter` and the saved views all read
 * this one grammar.
 *
 * Words separated by blanks, all of them holding (AND):
 *   all | mine | unassigned | breached | snoozed   who holds it, past due,
 *                  or snoozed until a time still ahead
 *   channel=CODE   tag=TAG   status=STATE (an open one: new, open,
 *   pending, escalated)   assignee=LOGIN   lang=CODE (the customer's)
 *   text=WORD or text="SOME WORDS" (in the subject or the customer's
 *   name, the Turkish way: "isik" finds "IŞIK")
 * Pure text work: which channels and agents exist is the caller's to
 * check.
 */
#ifndef TEMAS_FILTER_H
#define TEMAS_FILTER_H

#include <stddef.h>

#include "temas/queue.h"

/*
 * Parse in into q (its filter words only; agent_id is left as it is).
 * Returns 0, or -1 with a message naming the word and its column in err
 * ("filter: unknown word 'x' at column 6 (...)"); q is then unchanged.
 */
int filter_parse(const char *in, struct queue_query *q, char *err,
		 size_t errsz);

/* q's filter words written back in the grammar ("all" for none), as a
 * saved view keeps them.  out is always terminated; -1 when cut short. */
int filter_format(const struct queue_query *q, char *out, size_t n);

/* 1 when q holds anything beyond "all". */
int filter_any(const struct queue_query *q);

#endif
