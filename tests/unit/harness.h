/*
 * harness.h: run a Check suite and report every test case as TAP, so the
 * test driver counts real test cases, not test programs.
 *
 * Check has no notion of a skipped case; a case that cannot run here is
 * announced with harness_skip() before harness_run(), and reported as
 * "ok N - name # SKIP reason" after the cases that ran, never as a pass.
 */
#ifndef TEMAS_TEST_HARNESS_H
#define TEMAS_TEST_HARNESS_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HARNESS_MAX_SKIPS 16

struct harness_skips {
	int n;
	const char *name[HARNESS_MAX_SKIPS];
	const char *reason[HARNESS_MAX_SKIPS];
};

static inline struct harness_skips *harness_skips(void)
{
	static struct harness_skips skips;

	return &skips;
}

/* Report the case NAME as skipped, for REASON (both static strings). */
static inline void harness_skip(const char *name, const char *reason)
{
	struct harness_skips *sk = harness_skips();

	if (sk->n < HARNESS_MAX_SKIPS) {
		sk->name[sk->n] = name;
		sk->reason[sk->n] = reason;
		sk->n++;
	}
}

/* Copy Check's TAP from f to stdout, the plan last and counting skips. */
static inline int harness_copy_tap(FILE *f, const struct harness_skips *sk)
{
	char line[4096];
	int ran = 0, i;

	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "1..%d", &ran) == 1)
			continue;
		fputs(line, stdout);
	}
	for (i = 0; i < sk->n; i++)
		printf("ok %d - %s # SKIP %s\n", ran + i + 1, sk->name[i],
		       sk->reason[i]);
	printf("1..%d\n", ran + sk->n);
	return fflush(stdout) == 0 ? 0 : -1;
}

static inline int harness_run(Suite *s)
{
	const struct harness_skips *sk = harness_skips();
	char tap[4096];
	SRunner *sr = srunner_create(s);
	FILE *f = NULL;
	int failed, fd = -1;

	snprintf(tap, sizeof tap, "%s/temas-tap-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (sk->n > 0 && (fd = mkstemp(tap)) < 0) {
		perror("harness: mkstemp");
		return EXIT_FAILURE;
	}
	srunner_set_tap(sr, sk->n > 0 ? tap : "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (fd >= 0) {
		f = fdopen(fd, "r");
		if (f == NULL || harness_copy_tap(f, sk) != 0)
			failed++;
		if (f != NULL)
			fclose(f);
		else
			close(fd);
		unlink(tap);
	}
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
