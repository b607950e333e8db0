/*
 * fuzz_config.c: any bytes as a configuration file.  A bad file is named
 * with its line in a one-line message and changes nothing; a good one
 * leaves readable settings and bindings.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "temas/config.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	return 0;
}

static const char *const keys[] = { "database", "theme", "date_format", "churn_days" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *cfg = config_new();
	char *text = malloc(size + 1), err[512];
	const char *before[4], *k, *a;
	size_t i, nb, before_nb;
	int rc;

	FUZZ_CHECK(cfg != NULL && text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	/* A known good base, so "changes nothing" can be seen. */
	FUZZ_CHECK(config_parse(cfg, "base", "theme = mono\nbind j down\n", err,
				sizeof err) == CONFIG_OK);
	for (i = 0; i < 4; i++)
		before[i] = config_get(cfg, keys[i]);
	before_nb = config_binding_count(cfg);
	rc = config_parse(cfg, "fuzz", text, err, sizeof err);
	FUZZ_CHECK(rc == CONFIG_OK || rc == CONFIG_ERROR);
	if (rc == CONFIG_ERROR) {
		FUZZ_CHECK(strncmp(err, "fuzz:", 5) == 0);
		FUZZ_CHECK(strchr(err, '\n') == NULL);
		for (i = 0; i < 4; i++) {
			k = config_get(cfg, keys[i]);
			FUZZ_CHECK((k == NULL && before[i] == NULL) ||
				   (k != NULL && before[i] != NULL && strcmp(k, before[i]) == 0));
		}
		FUZZ_CHECK(config_binding_count(cfg) == before_nb);
	}
	nb = config_binding_count(cfg);
	for (i = 0; i < nb; i++) {
		FUZZ_CHECK(config_binding(cfg, i, &k, &a) == CONFIG_OK);
		FUZZ_CHECK(k != NULL && a != NULL);
	}
	FUZZ_CHECK(config_binding(cfg, nb, &k, &a) == CONFIG_ERROR);
	for (i = 0; i < 4; i++)
		(void)config_get(cfg, keys[i]);
	config_free(cfg);
	free(text);
	return 0;
}
