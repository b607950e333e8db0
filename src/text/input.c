/*
 * input.c: the small decisions the compose screen takes about its input,
 * kept out of curses so that they can be tested alone: putting UTF-8
 * characters back together from the single bytes a terminal sends, when a
 * draft being typed is due to be written to the database, and how $EDITOR
 * becomes an argument vector without a shell ever seeing customer text.
 */
#include "config.h"

#include <string.h>

#include "temas/edit.h"

static int utf8_len(unsigned char b)
{
	if (b < 0x80)
		return 1;
	if (b >= 0xC2 && b <= 0xDF)
		return 2;
	if (b >= 0xE0 && b <= 0xEF)
		return 3;
	if (b >= 0xF0 && b <= 0xF4)
		return 4;
	return 1;   /* stray continuation or bad lead: one U+FFFD */
}

int text_input_feed(struct text_input *in, unsigned char byte, char out[8])
{
	int n = 0;

	if (in->have > 0 && (byte & 0xC0) != 0x80) {
		/* The pending character was cut short: let the buffer turn it
		 * into U+FFFD, then start again with this byte. */
		memcpy(out, in->pend, (size_t)in->have);
		n = in->have;
		in->have = 0;
	}
	if (in->have == 0) {
		in->need = utf8_len(byte);
		if (in->need == 1) {
			out[n++] = (char)byte;
			return n;
		}
	}
	in->pend[in->have++] = (char)byte;
	if (in->have < in->need)
		return n;
	memcpy(out + n, in->pend, (size_t)in->have);
	n += in->have;
	in->have = 0;
	return n;
}

int text_draft_due(long long now_ms, long long first_ms, long long last_ms)
{
	if (first_ms < 0)
		return 0;
	return now_ms - last_ms >= TEXT_DRAFT_IDLE_MS ||
	       now_ms - first_ms >= TEXT_DRAFT_MAX_MS;
}

int text_editor_argv(const char *editor, const char *path, char **argv,
		     int max, char *buf, size_t bufsz)
{
	size_t used = 0, len;
	const char *p = editor ? editor : "";
	int n = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		len = strcspn(p, " \t");
		if (n + 3 > max || used + len + 1 > bufsz)
			return -1;
		memcpy(buf + used, p, len);
		buf[used + len] = '\0';
		argv[n++] = buf + used;
		used += len + 1;
		p += len;
	}
	if (n == 0)
		return -1;
	argv[n++] = (char *)path;
	argv[n] = NULL;
	return n;
}
