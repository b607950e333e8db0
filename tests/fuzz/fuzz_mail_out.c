/*
 * fuzz_mail_out.c: any text as a reply's subject, customer name and body.
 * The message written is well-formed: header lines under 79 columns and
 * ASCII, body lines under 77, no header a customer's text could add, and
 * our own reader reads it back with the subject's tag and the id intact.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "temas/mail.h"
#include "temas/text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mail_out mo;
	struct mail back;
	char *buf, *parts[3], *msg, err[256], *p;
	size_t len, i, k = 0;
	int in_body = 0;

	buf = malloc(size + 1);
	FUZZ_CHECK(buf != NULL);
	memcpy(buf, data, size);
	buf[size] = '\0';
	/* NUL-free valid UTF-8 only: what the store can hold. */
	if (strlen(buf) != size || !text_validate_utf8(buf, size)) {
		free(buf);
		return 0;
	}
	parts[0] = parts[1] = parts[2] = buf + size;
	for (p = buf, i = 0; i < 3; i++) {
		parts[i] = p;
		p = strchr(p, '\x01');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	memset(&mo, 0, sizeof mo);
	mo.from = "Müşteri Hizmetleri <destek@example.com.tr>";
	mo.subject = parts[0];
	mo.to_name = parts[1];
	mo.body = parts[2];
	mo.to_addr = "ayse@example.com";
	mo.complaint_id = 42;
	mo.message_id = "temas.1.ab@example.com.tr";
	mo.date = 1740823200LL;
	msg = mail_compose(&mo, &len, err, sizeof err);
	FUZZ_CHECK(msg != NULL);
	FUZZ_CHECK(strlen(msg) == len);
	for (p = msg; *p; ) {
		size_t l = strcspn(p, "\n");

		if (l == 0 && !in_body) {
			in_body = 1;
		} else if (!in_body) {
			FUZZ_CHECK(l <= 78);
			for (i = 0; i < l; i++)
				FUZZ_CHECK((unsigned char)p[i] >= 0x20 && (unsigned char)p[i] < 0x7f);
			/* Only the headers we write start a line. */
			if (p[0] != ' ')
				k++;
		} else {
			FUZZ_CHECK(l <= 76);
		}
		p += l + (p[l] == '\n');
	}
	FUZZ_CHECK(k == 8);
	FUZZ_CHECK(mail_parse(msg, len, &back, err, sizeof err) == 0);
	FUZZ_CHECK(strstr(back.subject, "[#42]") != NULL);
	FUZZ_CHECK(strcmp(back.message_id, "temas.1.ab@example.com.tr") == 0);
	mail_free(&back);
	free(msg);
	free(buf);
	return 0;
}
