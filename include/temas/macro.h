/*
 * macro.h: macros: a named list of actions (status, priority, tags,
 * assignee, an internal note, a reply from a template) that an agent
 * applies to a complaint in one step.
 *
 * Supervisors write macros in a text file (temas-macro(5)) and load it;
 * the parser here needs no database.  Applying a macro to one complaint
 * is one transaction: every action is done, or none is.
 */
#ifndef TEMAS_MACRO_H
#define TEMAS_MACRO_H

#include <stddef.h>

#include "temas/model.h"

struct history_look;          /* temas/complaint.h */

struct store;

enum macro_kind {
	MACRO_STATUS = 0,    /* arg: a state; text: the resolution note */
	MACRO_PRIORITY,      /* arg: low, normal, high or urgent */
	MACRO_TAG,           /* arg: a tag to add */
	MACRO_UNTAG,         /* arg: a tag to take off */
	MACRO_ASSIGN,        /* arg: "me", "nobody" or an agent's login */
	MACRO_NOTE,          /* text: an internal note */
	MACRO_REPLY,         /* arg: the name of a reply template */
	MACRO_KIND_COUNT
};

struct macro_action {
	enum macro_kind kind;
	char *arg;           /* NULL when the kind takes none */
	char *text;          /* NULL when the kind takes none */
	int line;            /* in the file it came from; 0 from the store */
};

struct macro {
	char *name;
	char *description;   /* "" when none */
	struct macro_action *acts;
	int nacts;
	int line;            /* its "macro" line */
};

/* 0 when s can name a macro: one word of UTF-8 text of any length, no
 * control character, not starting with '-' (it must read as one word on
 * a command line and on the console's `:` line); else -1. */
int macro_name_check(const char *s);

/* The keyword of a kind as files and listings spell it ("status", ...). */
const char *macro_kind_name(enum macro_kind k);

/*
 * Parse a macro file (buf, len bytes; file names it in messages).  On
 * success *out holds *n macros (free with macro_free_all).  A bad line
 * is -1 with "FILE:LINE: what is wrong" in err and nothing in *out.
 * Checks what the text alone can tell: words, states, priorities, tags,
 * names; the store checks logins and templates when it saves.
 */
int macro_parse(const char *buf, size_t len, const char *file,
		struct macro **out, int *n, char *err, size_t errsz);

/* Write m as a macro file would say it (`temas macro show`); the result
 * parses back to the same macro.  *out malloc'd; -1 when out of memory. */
int macro_format(const struct macro *m, char **out);

void macro_free(struct macro *m);
void macro_free_all(struct macro *ms, int n);

/*
 * Save the macros of a parsed file in the name of supervisor `login`,
 * all or nothing, audited (login NULL: the shipped macros a new database
 * is made with, not audited).  A name already stored is refused unless
 * replace; an assign to a login that is no active agent, or a reply
 * template that does not exist, is refused.  STORE_INVALID with
 * "FILE:LINE: ..." (file as given) in store_errmsg().
 */
int store_macro_save(struct store *st, const char *login,
		     const struct macro *ms, int n, int replace,
		     const char *file);
/* Remove macro `name`, audited; STORE_NOTFOUND when there is none. */
int store_macro_remove(struct store *st, const char *login, const char *name);

/* Names and descriptions, by name; nacts counts the actions, acts is
 * NULL.  Free with macro_free_all. */
int store_macro_list(struct store *st, struct macro **out, int *n);
/* One macro with its actions; STORE_NOTFOUND with a message when none. */
int store_macro_get(struct store *st, const char *name, struct macro *out);

/* What applying a macro to one complaint did. */
struct macro_result {
	long long reply_id;   /* the reply it wrote; 0 none */
	int nacts;            /* actions done */
};

/*
 * Apply macro `name` to complaint id as agent who: one transaction,
 * retried on a busy database; one "macro" audit row naming the macro and
 * its actions, besides the rows the actions write themselves (status,
 * tag, note, reply, ...).  A reply goes the way of every reply: refused
 * unless the agent has had the customer's orders on screen (look is
 * the console's memory of that, NULL none), queued in the outbox on a
 * channel that delivers.  A note or reply is refused while the agent has
 * a draft of that kind on the complaint (sending would discard it).
 * STORE_CONFLICT when another agent holds the complaint (and who is no
 * supervisor); STORE_NOTFOUND for no such macro or complaint;
 * STORE_DENIED when a rule refuses an action; nothing is changed then.
 */
int store_macro_apply(struct store *st, const struct agent *who,
		      const char *name, long long id,
		      const struct history_look *look, struct macro_result *res);

#endif
