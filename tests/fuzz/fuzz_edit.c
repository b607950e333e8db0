/*
 * fuzz_edit.c: the compose buffer under any sequence of typing, pasting,
 * deleting and cursor moves.  After every step the buffer is well-formed
 * UTF-8 without controls (but '\n'), the cursor sits on a character
 * boundary, and the drawn cursor stays inside the wrapped text.
 *
 * Input: one byte for the width, then operations: a byte picks the
 * operation; an insertion takes a length byte and that many bytes.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "temas/edit.h"
#include "temas/text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	return 0;
}

static void check_state(const struct text_edit *e, int cols)
{
	size_t i;
	int line, col, lines;

	FUZZ_CHECK(e->buf != NULL && e->len < e->cap && e->buf[e->len] == '\0');
	FUZZ_CHECK(strlen(e->buf) == e->len);
	FUZZ_CHECK(text_validate_utf8(e->buf, e->len));
	for (i = 0; i < e->len; i++)
		FUZZ_CHECK((unsigned char)e->buf[i] >= 0x20 || e->buf[i] == '\n');
	FUZZ_CHECK(e->cur <= e->len);
	FUZZ_CHECK(e->cur == e->len || ((unsigned char)e->buf[e->cur] & 0xC0) != 0x80);
	text_edit_cursor(e, cols, &line, &col);
	lines = text_wrap(e->buf, cols, NULL, 0);
	FUZZ_CHECK(line >= 0 && col >= 0 && col <= cols);
	/* The cursor may sit just past the last wrapped line. */
	FUZZ_CHECK(line <= lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct text_edit e;
	size_t i = 1, k;
	char *draft;
	int cols;

	if (size < 2)
		return 0;
	cols = data[0] % 80 + 1;
	/* Start from the input itself, as a draft reloaded from the database. */
	draft = malloc(size);
	FUZZ_CHECK(draft != NULL);
	memcpy(draft, data + 1, size - 1);
	draft[size - 1] = '\0';
	FUZZ_CHECK(text_edit_init(&e, draft, (size_t)data[1] % size) == 0);
	check_state(&e, cols);
	text_edit_free(&e);
	free(draft);

	FUZZ_CHECK(text_edit_init(&e, "", 0) == 0);
	while (i < size) {
		switch (data[i++] % 11) {
		case 0:
		case 1:
			k = i < size ? data[i++] % 24 : 0;
			if (k > size - i)
				k = size - i;
			FUZZ_CHECK(text_edit_insert(&e, (const char *)data + i, k) == 0);
			i += k;
			break;
		case 2: text_edit_backspace(&e); break;
		case 3: text_edit_delete(&e); break;
		case 4: text_edit_left(&e); break;
		case 5: text_edit_right(&e); break;
		case 6: text_edit_up(&e, cols); break;
		case 7: text_edit_down(&e, cols); break;
		case 8: text_edit_home(&e, cols); break;
		case 9: text_edit_end(&e, cols); break;
		default:
			/* A resize: the same text at another width. */
			cols = (int)(i < size ? data[i++] % 80 : 0) + 1;
			break;
		}
		check_state(&e, cols);
	}
	text_edit_free(&e);
	return 0;
}
