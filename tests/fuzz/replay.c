/*
 * replay.c: run a fuzz harness over stored inputs without libFuzzer.
 *
 * `make check` builds every harness with this main() and runs it with no
 * arguments: it then replays tests/fuzz/corpus/<target>/ (the target is
 * the program name after "fuzz_") and reports one TAP line per input, so
 * an input that once broke a parser is tried again on every build, with
 * and without the sanitizers.  A broken promise aborts, which the TAP
 * driver reports as an error naming the last input started.  Given files
 * as arguments, it replays just those (for reproducing a crash).
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL, *nb;
	size_t n = 0, cap = 0, got;

	if (f == NULL)
		return -1;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		if (got == 0)
			break;
		n += got;
	}
	fclose(f);
	/* Said before the run, so a crash is traced to its input. */
	fprintf(stderr, "# replaying %s\n", path);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_corpus(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, **nn, path[8192];
	size_t n = 0, i;
	int failed = 0;

	if (d == NULL) {
		printf("1..1\nnot ok 1 - corpus %s cannot be read\n", dir);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		nn = realloc(names, (n + 1) * sizeof *names);
		if (nn == NULL || (nn[n] = strdup(e->d_name)) == NULL) {
			perror("replay");
			exit(99);
		}
		names = nn;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_name);
	printf("1..%zu\n", n);
	fflush(stdout);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (replay_file(path) == 0) {
			printf("ok %zu - %s\n", i + 1, names[i]);
		} else {
			printf("not ok %zu - %s cannot be read\n", i + 1, names[i]);
			failed = 1;
		}
		fflush(stdout);
		free(names[i]);
	}
	free(names);
	return failed;
}

int main(int argc, char **argv)
{
	const char *src = getenv("TEMAS_SRCDIR");
	const char *prog = strrchr(argv[0], '/');
	char dir[4096];
	int i;

	LLVMFuzzerInitialize(&argc, &argv);
	if (argc > 1) {
		for (i = 1; i < argc; i++)
			if (replay_file(argv[i]) != 0) {
				perror(argv[i]);
				return 1;
			}
		return 0;
	}
	prog = prog ? prog + 1 : argv[0];
	if (strncmp(prog, "lt-", 3) == 0)
		prog += 3;
	if (strncmp(prog, "fuzz_", 5) == 0)
		prog += 5;
	snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", src ? src : ".", prog);
	return replay_corpus(dir);
}
