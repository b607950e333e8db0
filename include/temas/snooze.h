/*
 * snooze.h: "call back on Monday at 10".  A snoozed complaint leaves the
 * active queue until its time and comes back then, marked, until someone
 * acts on it: a reply, a note, a change of state, another snooze or an
 * unsnooze.  A message from the customer brings it back at once; a
 * resolved or closed complaint keeps no snooze.
 *
 * Snoozing does not stop the SLA clock (the pending state does): a
 * complaint put away past its due time is breached all the same.
 */
#ifndef TEMAS_SNOOZE_H
#define TEMAS_SNOOZE_H

#include "temas/model.h"

struct store;

/* Where a complaint is with its snooze at a time. */
enum snooze_state {
	SNOOZE_NONE = 0,
	SNOOZE_ASLEEP,   /* out of the active queue until snoozed_until */
	SNOOZE_BACK,     /* its time has come; marked until acted on */
};

/* The queue's mark for a complaint asleep and back ("!" is a breach). */
#define SNOOZE_MARK_ASLEEP "z"
#define SNOOZE_MARK_BACK "@"

/* The longest reminder note, in bytes. */
#define SNOOZE_NOTE_MAX 1000

enum snooze_state snooze_state_of(const struct complaint *c, temas_time now);

/*
 * Snooze complaint id until `until` (UTC, after now) with an optional
 * note, in one transaction with its audit row ("snooze").  The rules of
 * claim: the holder or a supervisor may; an unassigned complaint is
 * claimed by who in the same transaction (*claimed 1), so the reminder
 * comes back to someone.  STORE_DENIED for a resolved or closed
 * complaint or one held by another agent, STORE_CONFLICT when another
 * agent claimed it first, STORE_INVALID for a time not in the future or
 * a bad note, STORE_NOTFOUND; each with its sentence in store_errmsg().
 */
int store_complaint_snooze(struct store *st, const struct agent *who,
			   long long id, temas_time until, const char *note,
			   int *claimed);

/*
 * Back in the queue now, unmarked (audited as "unsnooze").  *was is the
 * time it was snoozed until, 0 when it was not snoozed (nothing
 * written).  The holder, a supervisor, or anyone while it is unassigned.
 */
int store_complaint_unsnooze(struct store *st, const struct agent *who,
			     long long id, temas_time *was);

#endif
