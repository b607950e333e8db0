/*
 * sla_bench.c: how long due times take in working time.
 *
 *   sla_bench [--complaints N] [--runs K] CALENDAR_FILE
 *
 * N complaints (default 20000) opened at moments spread over a year
 * (2025-07-01 to 2026-06-30, so both of the calendar's religious holidays
 * and a year's end are crossed), on a channel whose due times count the
 * calendar's working time, with the default policies' durations (1 to 168
 * hours).  Three figures, each the median of K runs, in ms for all N:
 * the two due times as the store computes them for one complaint (the
 * zone entered and left for each), the same for a batch in one zone
 * entry, and with the calendar parsed again for each complaint, as
 * opening a complaint does.  One TSV row each: figure, median, min, max.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "temas/calendar.h"
#include "temas/sla.h"
#include "temas/store.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

enum mode { PER_CALL, ONE_ZONE, PARSE_EACH };

static int run(const char *text, enum mode m, int n, const temas_time *opened,
	       const struct sla_policy *pol, long long *check)
{
	char err[256];
	struct calendar *cal = NULL;
	int i;

	*check = 0;
	if (m != PARSE_EACH && (cal = calendar_parse(text, "bench", err, sizeof err)) == NULL)
		return fprintf(stderr, "sla_bench: %s\n", err), -1;
	if (m == ONE_ZONE && calendar_zone_enter(cal) != STORE_OK)
		return -1;
	for (i = 0; i < n; i++) {
		temas_time fr, res;

		if (m == PARSE_EACH &&
		    (cal = calendar_parse(text, "bench", err, sizeof err)) == NULL)
			return fprintf(stderr, "sla_bench: %s\n", err), -1;
		if (sla_compute(opened[i], &pol[i % 4], cal, &fr, &res) != STORE_OK)
			return fprintf(stderr, "sla_bench: no due time\n"), -1;
		*check += res - fr;
		if (m == PARSE_EACH) {
			calendar_free(cal);
			cal = NULL;
		}
	}
	if (m == ONE_ZONE)
		calendar_zone_leave(cal);
	calendar_free(cal);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct sla_policy pol[4] = {
		{ 3600, 4 * 3600, 0 }, { 4 * 3600, 24 * 3600, 0 },
		{ 8 * 3600, 72 * 3600, 0 }, { 24 * 3600, 7 * 86400, 0 } };
	static const char *const names[3] = {
		"due times, zone per complaint (ms)",
		"due times, one zone for all (ms)",
		"due times, calendar parsed each time (ms)" };
	int n = 20000, runs = 7, i, k, m;
	const char *file = NULL;
	temas_time *opened;
	unsigned long long seed = 1;
	FILE *f;
	char *text;
	size_t got;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--complaints") == 0 && i + 1 < argc)
			n = atoi(argv[++i]);
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else
			file = argv[i];
	}
	if (file == NULL || n <= 0 || runs <= 0 || runs > 99) {
		fprintf(stderr, "usage: sla_bench [--complaints N] [--runs K] CALENDAR_FILE\n");
		return 2;
	}
	if ((f = fopen(file, "rb")) == NULL || (text = malloc(1 << 20)) == NULL) {
		perror(file);
		return 1;
	}
	got = fread(text, 1, (1 << 20) - 1, f);
	fclose(f);
	text[got] = '\0';
	opened = malloc((size_t)n * sizeof *opened);
	if (opened == NULL)
		return 1;
	for (i = 0; i < n; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		/* 2025-07-01 00:00 UTC plus up to 365 days */
		opened[i] = 1751328000LL + (temas_time)((seed >> 33) % (365LL * 86400));
	}
	for (m = 0; m < 3; m++) {
		double t[99];
		long long check = 0;

		for (k = 0; k < runs; k++) {
			double t0 = now_ms();

			if (run(text, (enum mode)m, n, opened, pol, &check) != 0)
				return 1;
			t[k] = now_ms() - t0;
		}
		qsort(t, (size_t)runs, sizeof t[0], cmp_double);
		printf("%s, %d complaints\t%.1f\t%.1f\t%.1f\n", names[m], n,
		       t[runs / 2], t[0], t[runs - 1]);
	}
	free(opened);
	free(text);
	return 0;
}
