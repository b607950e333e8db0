/*
 * filter.c: the queue filter grammar (filter.h), parsed and written back.
 *
 * One parser for the console's :filter, the CLI's --filter and the saved
 * views, so a view saved in one place means the same in the others.  The
 * values are checked for shape here (a tag is a tag, a state is an open
 * state); whether a channel or an agent exists is the store's to say.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "temas/filter.h"
#include "temas/i18n.h"
#include "temas/tag.h"

const char *queue_filter_name(enum queue_filter f)
{
	static const char *const names[QUEUE_FILTER_COUNT] = {
		"all", "mine", "unassigned", "breached", "snoozed"
	};

	return (unsigned)f < QUEUE_FILTER_COUNT ? names[f] : "all";
}

/* The states a complaint in the queue can be in. */
static const char *const open_states[] = { "new", "open", "pending",
					   "escalated" };

static const char words_help[] =
	"all, mine, unassigned, breached, snoozed, channel=, tag=, status=, "
	"assignee=, lang=, text=";

/* A code: letters, digits, '-', '_', '.', at most n - 1 bytes. */
static int is_code(const char *s, size_t n)
{
	size_t len = strlen(s);

	return len > 0 && len < n &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789-_.") == len;
}

static int bad(char *err, size_t errsz, int col, const char *fmt,
	       const char *word, const char *why)
{
	char what[256];

	snprintf(what, sizeof what, fmt, word, why);
	snprintf(err, errsz, _("filter: %s at column %d"), what, col);
	return -1;
}

/*
 * The next word of in from *pos: key=value, the value may be written in
 * double quotes to hold blanks.  word gets it without the quotes.  0 at
 * the end; -1 for an unclosed quote.
 */
static int next_word(const char *in, size_t *pos, char *word, size_t n,
		     int *col)
{
	size_t i = *pos, len = 0;
	int quoted = 0;

	while (in[i] == ' ' || in[i] == '\t')
		i++;
	if (in[i] == '\0')
		return 0;
	*col = (int)i + 1;
	for (; in[i] != '\0'; i++) {
		if (in[i] == '"') {
			quoted = !quoted;
			continue;
		}
		if (!quoted && (in[i] == ' ' || in[i] == '\t'))
			break;
		if (len + 1 < n)
			word[len++] = in[i];
		else
			return -2;
	}
	word[len] = '\0';
	*pos = i;
	return quoted ? -1 : 1;
}

int filter_parse(const char *in, struct queue_query *out, char *err,
		 size_t errsz)
{
	struct queue_query q = *out;
	char word[QUEUE_TEXT_MAX + 16];
	const char *v, *why;
	size_t pos = 0, i;
	int col = 1, r;

	q.filter = QUEUE_ALL;
	q.channel[0] = q.tag[0] = q.status[0] = '\0';
	q.assignee[0] = q.lang[0] = q.text[0] = '\0';
	while ((r = next_word(in, &pos, word, sizeof word, &col)) != 0) {
		if (r == -1)
			return bad(err, errsz, col, _("unclosed quote in '%s'%s"),
				   word, "");
		if (r == -2)
			return bad(err, errsz, col, _("a word longer than %s%s"),
				   "128 bytes", "");
		v = strchr(word, '=');
		if (v == NULL) {
			for (i = 0; i < QUEUE_FILTER_COUNT; i++)
				if (strcmp(word, queue_filter_name((enum queue_filter)i)) == 0)
					break;
			if (i == QUEUE_FILTER_COUNT)
				return bad(err, errsz, col,
					   _("unknown word '%s' (%s)"), word,
					   words_help);
			q.filter = (enum queue_filter)i;
			continue;
		}
		v++;
		if (*v == '\0')
			return bad(err, errsz, col, _("'%s' needs a value%s"),
				   word, "");
		if (strncmp(word, "channel=", 8) == 0) {
			if (!is_code(v, sizeof q.channel))
				return bad(err, errsz, col,
					   _("bad channel '%s'%s"), v, "");
			memcpy(q.channel, v, strlen(v) + 1);
		} else if (strncmp(word, "tag=", 4) == 0) {
			if (text_tag_check(v, &why) != 0)
				return bad(err, errsz, col, _("bad tag '%s': %s"),
					   v, why);
			memcpy(q.tag, v, strlen(v) + 1);
		} else if (strncmp(word, "status=", 7) == 0) {
			for (i = 0; i < sizeof open_states / sizeof *open_states; i++)
				if (strcmp(v, open_states[i]) == 0)
					break;
			if (i == sizeof open_states / sizeof *open_states)
				return bad(err, errsz, col,
					   _("status '%s': the queue holds open states only (%s)"),
					   v, "new, open, pending, escalated");
			memcpy(q.status, v, strlen(v) + 1);
		} else if (strncmp(word, "assignee=", 9) == 0) {
			if (!is_code(v, sizeof q.assignee))
				return bad(err, errsz, col,
					   _("bad login '%s'%s"), v, "");
			memcpy(q.assignee, v, strlen(v) + 1);
		} else if (strncmp(word, "lang=", 5) == 0) {
			if (!is_code(v, sizeof q.lang))
				return bad(err, errsz, col,
					   _("bad language '%s'%s"), v, "");
			memcpy(q.lang, v, strlen(v) + 1);
		} else if (strncmp(word, "text=", 5) == 0) {
			if (strlen(v) >= sizeof q.text)
				return bad(err, errsz, col,
					   _("a word longer than %s%s"),
					   "128 bytes", "");
			for (i = 0; v[i] != '\0'; i++)
				if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
					return bad(err, errsz, col,
						   _("a control character in '%s'%s"),
						   "text=", "");
			memcpy(q.text, v, strlen(v) + 1);
		} else {
			return bad(err, errsz, col, _("unknown word '%s' (%s)"),
				   word, words_help);
		}
	}
	*out = q;
	return 0;
}

static int put(char *out, size_t n, size_t *len, const char *key,
	       const char *v)
{
	int quote = strchr(v, ' ') != NULL || strchr(v, '\t') != NULL;
	int k;

	if (v[0] == '\0')
		return 0;
	k = snprintf(out + *len, n - *len, "%s%s%s%s%s", *len ? " " : "", key,
		     quote ? "\"" : "", v, quote ? "\"" : "");
	if (k < 0 || (size_t)k >= n - *len) {
		*len = n - 1;
		return -1;
	}
	*len += (size_t)k;
	return 0;
}

int filter_format(const struct queue_query *q, char *out, size_t n)
{
	size_t len = 0;
	int rc = 0;

	if (n == 0)
		return -1;
	out[0] = '\0';
	if (q->filter != QUEUE_ALL)
		rc |= put(out, n, &len, "", queue_filter_name(q->filter));
	rc |= put(out, n, &len, "channel=", q->channel);
	rc |= put(out, n, &len, "tag=", q->tag);
	rc |= put(out, n, &len, "status=", q->status);
	rc |= put(out, n, &len, "assignee=", q->assignee);
	rc |= put(out, n, &len, "lang=", q->lang);
	rc |= put(out, n, &len, "text=", q->text);
	if (len == 0)
		rc |= put(out, n, &len, "", "all");
	return rc ? -1 : 0;
}

int filter_any(const struct queue_query *q)
{
	return q->filter != QUEUE_ALL || q->channel[0] || q->tag[0] ||
	       q->status[0] || q->assignee[0] || q->lang[0] || q->text[0];
}
