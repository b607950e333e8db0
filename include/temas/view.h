/*
 * view.h: saved views: named queue filters an agent keeps and switches
 * between (`:view NAME`, `temas view`).  A view is its owner's; a
 * supervisor may share one with the whole team.  The filter is kept as
 * text in the grammar of filter.h, checked and written back the one way
 * when saved.
 */
#ifndef TEMAS_VIEW_H
#define TEMAS_VIEW_H

#include "temas/model.h"

struct store;

struct saved_view {
	char *name;
	char *owner;     /* the owner's login */
	int shared;
	char *filter;    /* filter.h's grammar */
};

/*
 * Save who's view name (a new one, or the same name again: replaced).
 * The name is written like a tag (one word, Turkish letters fine).
 * STORE_INVALID for a bad name or filter (the message names it),
 * STORE_DENIED when an agent who is not a supervisor shares it.
 */
int store_view_save(struct store *st, const struct agent *who,
		    const char *name, const char *filter, int shared);
/* Remove who's own view name; STORE_NOTFOUND when they have none. */
int store_view_remove(struct store *st, const struct agent *who,
		      const char *name);
/*
 * The views who may use, by name: their own, and the others' shared ones
 * (their own hides a shared one of the same name).  *out is malloc'd;
 * free it with store_view_list_free.
 */
int store_view_list(struct store *st, const struct agent *who,
		    struct saved_view **out, int *n);
void store_view_list_free(struct saved_view *v, int n);
/* The view of that name among store_view_list's; NULL when none. */
const struct saved_view *store_view_find(const struct saved_view *v, int n,
					 const char *name);

#endif
