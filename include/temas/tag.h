/*
 * tag.h: tags on complaints: short words ("kargo", "iade") an agent puts
 * on a complaint to group, find and count them.
 *
 * A tag is 1 to TAG_MAX_CHARS characters of UTF-8 with no control
 * character, blank, comma or leading '-' (it must read as one word on a
 * command line and in the queue's list).  Letters of any language are
 * fine.  Tags are kept as typed: "Kargo" and "kargo" are two tags.
 */
#ifndef TEMAS_TAG_H
#define TEMAS_TAG_H

#include <stddef.h>

#include "temas/model.h"

struct store;

#define TAG_MAX_CHARS 32
/* Room for the longest tag in bytes, with its NUL. */
#define TAG_MAX_BYTES (TAG_MAX_CHARS * 4 + 1)

/* 0 when s is a valid tag; else -1 and a short reason in *why. */
int text_tag_check(const char *s, const char **why);
/* The same rules for a saved view's name, the reason naming it so. */
int text_view_name_check(const char *s, const char **why);

/*
 * Add the tags in add[] and remove those in del[] on complaint id, in one
 * transaction with one audit row ("tag", "+a -b").  Tags already there
 * (or already absent) change nothing.  The holder of the complaint, a
 * supervisor, or anyone while it is unassigned may tag it; who NULL is
 * the program's own rules.  STORE_INVALID for a bad tag (message names
 * it), STORE_NOTFOUND, STORE_DENIED as the other complaint actions.
 */
int store_complaint_tag(struct store *st, const struct agent *who,
			long long id, const char *const *add, int nadd,
			const char *const *del, int ndel);

/* The complaint's tags, space-separated in name order ("" for none);
 * the text is the store's (interned). */
int store_complaint_tags(struct store *st, long long id, const char **tags);

/* Every tag in use with the number of open complaints carrying it, by
 * name; *rows malloc'd (free it), names interned. */
struct tag_count {
	const char *tag;
	int open;
	int total;
};
int store_tag_list(struct store *st, struct tag_count **rows, int *n);

#endif
