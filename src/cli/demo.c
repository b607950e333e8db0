/*
 * demo.c: `temas demo`, a generated demo database.
 *
 * Parses the options, shows progress for big runs, and leaves the work to
 * store_demo_generate().  Refuses a file that already holds data: demo
 * customers mixed into real ones could never be told apart again.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "temas/cli.h"
#include "temas/demo.h"
#include "temas/i18n.h"
#include "temas/store.h"

/* The run a signal stops (SIGINT, SIGTERM, SIGHUP): its transaction is
 * rolled back, and a new file is left empty and usable, not unfinished
 * (store_demo_generate). */
static struct store *stop_store;
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
	store_interrupt(stop_store);
}

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define NSTOP (sizeof stop_signals / sizeof stop_signals[0])

/* A signal ignored when temas started (a job in the background of a
 * script) stays ignored. */
static void catch_stops(struct store *st, struct sigaction *old)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	stop_store = st;
	stop_signal = 0;
	for (i = 0; i < NSTOP; i++)
		if (sigaction(stop_signals[i], &sa, &old[i]) == 0 &&
		    old[i].sa_handler == SIG_IGN)
			sigaction(stop_signals[i], &old[i], NULL);
}

static void release_stops(const struct sigaction *old)
{
	size_t i;

	for (i = 0; i < NSTOP; i++)
		sigaction(stop_signals[i], &old[i], NULL);
	stop_store = NULL;
}

/* Below this many customers a run takes well under a second. */
#define DEMO_PROGRESS_FROM 50000

struct demo_progress {
	struct timespec start;
};

static double elapsed(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	       (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static const char *stage_name(enum demo_stage s)
{
	switch (s) {
	case DEMO_STAGE_CUSTOMERS: return _("customers");
	case DEMO_STAGE_ORDERS: return _("orders");
	case DEMO_STAGE_COMPLAINTS: return _("complaints");
	case DEMO_STAGE_INTERACTIONS: return _("interactions");
	case DEMO_STAGE_SURVEYS: return _("surveys");
	case DEMO_STAGE_INDEXES: return _("indexes");
	case DEMO_STAGE_SEARCH: return _("search index");
	case DEMO_STAGE_COUNT: break;
	}
	return "";
}

static void show_stage(void *arg, enum demo_stage s)
{
	struct demo_progress *p = arg;

	/* TRANSLATORS: progress line, e.g. "demo: orders… 3.2 s" */
	fprintf(stderr, _("demo: %s… %.1f s\n"), stage_name(s), elapsed(&p->start));
	fflush(stderr);
}

/* A whole number in [lo, hi]; 0 when s is one. */
static int parse_count(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	long long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_seed(const char *s, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

/* The first field of the password entry's comment: the person's name. */
static void full_name(const char *login, char *buf, size_t n)
{
	struct passwd *pw = getpwnam(login);
	size_t len;

	buf[0] = '\0';
	if (pw == NULL || pw->pw_gecos == NULL)
		return;
	len = strcspn(pw->pw_gecos, ",");
	if (len >= n)
		len = n - 1;
	memcpy(buf, pw->pw_gecos, len);
	buf[len] = '\0';
}

static void usage(FILE *out)
{
	fprintf(out, _("Usage: temas demo [-d FILE] [--customers N] [--seed S] [--supervisor] [--quiet]\n"
		       "Fill a new database with realistic demo data.\n\n"
		       "  -n, --customers N  how many customers (1 to %lld, default %lld)\n"
		       "  -s, --seed S       the same seed gives the same data (default %llu)\n"
		       "      --supervisor   make you a supervisor instead of an agent\n"
		       "  -q, --quiet        print nothing on success\n"
		       "  -h, --help         show this help\n"),
		DEMO_MAX_CUSTOMERS, DEMO_DEFAULT_CUSTOMERS, DEMO_DEFAULT_SEED);
}

int cli_demo(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "customers", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "supervisor", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct demo_options o = {
		.customers = DEMO_DEFAULT_CUSTOMERS,
		.seed = DEMO_DEFAULT_SEED,
		.login = c->login,
	};
	struct demo_counts n;
	struct demo_progress p;
	struct sigaction stops[NSTOP];
	char name[128];
	int opt, quiet = 0, rc;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":n:s:qh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			if (parse_count(optarg, 1, DEMO_MAX_CUSTOMERS, &o.customers) != 0) {
				cli_error(c, _("demo: --customers: '%s' is not a whole number from 1 to %lld"),
					  optarg, DEMO_MAX_CUSTOMERS);
				return EXIT_USAGE;
			}
			break;
		case 's':
			if (parse_seed(optarg, &o.seed) != 0) {
				cli_error(c, _("demo: --seed: '%s' is not a whole number from 0 to %llu"),
					  optarg, (unsigned long long)-1);
				return EXIT_USAGE;
			}
			break;
		case 'S':
			o.supervisor = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case ':':
			cli_error(c, _("demo: option '%s' needs a value"), argv[optind - 1]);
			return EXIT_USAGE;
		default:
			cli_error(c, _("demo: unknown option '%s' (see 'temas demo --help')"),
				  argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error(c, _("demo: unexpected argument '%s' (see 'temas demo --help')"),
			  argv[optind]);
		return EXIT_USAGE;
	}
	full_name(c->login, name, sizeof name);
	o.name = name[0] ? name : NULL;
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	if (!quiet && (o.customers >= DEMO_PROGRESS_FROM || isatty(STDERR_FILENO))) {
		o.progress = show_stage;
		o.progress_arg = &p;
	}
	catch_stops(c->st, stops);
	rc = store_demo_generate(c->st, &o, &n);
	release_stops(stops);
	if (rc != STORE_OK && stop_signal) {
		cli_error(c, _("demo: stopped; %s holds no demo data"), c->db_path);
		return EXIT_FAIL;
	}
	if (rc != STORE_OK) {
		cli_error(c, "%s", store_errmsg(c->st));
		return rc == STORE_INVALID ? EXIT_USAGE : EXIT_FAIL;
	}
	if (cli_load_default_templates(c, c->st) < 0 ||
	    cli_load_default_macros(c, c->st) < 0)
		return EXIT_FAIL;
	if (o.progress)
		fprintf(stderr, _("demo: done in %.1f s\n"), elapsed(&p.start));
	if (!quiet)
		printf(_("%s: %lld customers, %lld orders, %lld contacts, %lld complaints (%lld open), %lld survey answers, %lld agents (you are '%s')\n"),
		       c->db_path, n.customers, n.orders, n.interactions, n.complaints,
		       n.open_complaints, n.surveys, n.agents, c->login);
	return EXIT_OK;
}
