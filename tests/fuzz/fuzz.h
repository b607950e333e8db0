/*
 * fuzz.h: what every fuzz harness shares.
 *
 * A harness is one LLVMFuzzerTestOneInput that feeds its bytes to a parser
 * or text function and checks the promises that function's header makes.
 * A broken promise aborts, so libFuzzer, the sanitizers and the corpus
 * replay in `make check` all see it as a crash.
 */
#ifndef TEMAS_FUZZ_H
#define TEMAS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                   \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: broken promise: %s\n",     \
				__FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

#endif
