/*
 * harness.h: run a Check suite and report every test case as TAP, so the
 * test driver counts real test cases, not test programs.
 */
#ifndef TEMAS_TEST_HARNESS_H
#define TEMAS_TEST_HARNESS_H

#include <check.h>
#include <stdlib.h>

static inline int harness_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
