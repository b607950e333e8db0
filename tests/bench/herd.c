/*
 * herd.c: many consoles at once, each in its own pseudo-terminal, for the
 * load figures of `make bench`: what idle consoles cost, and how soon each
 * console shows what other processes committed.
 *
 *   herd idle  -n N -w WARM -t WINDOW [-c COLS] [-r ROWS] -- PROGRAM ARGS...
 *   herd watch -n N -o DIR -s STOPFILE -W WORDS [-c COLS] [-r ROWS] -- PROGRAM ARGS...
 *
 * Every console marks its finished frames on TEMAS_FRAME_FD (one pipe per
 * console); the terminal's output is read and dropped, as a terminal
 * would.  Both modes first wait for every console's first frame.
 *
 * idle: after WARM seconds, reads each console's CPU time (utime + stime,
 * /proc/PID/stat) at the start and the end of a WINDOW-second window and
 * prints "cpu_pct_total", "cpu_pct_each" (per cent of one core) and
 * "frames" (frames the consoles drew in the window).
 *
 * watch: each console writes its frames to DIR/frame.I (TEMAS_FRAME_FILE);
 * prints "ready" once all are up, then on every frame reads the console's
 * screen and, for each word of the file WORDS (read again as it grows,
 * one word a line) not yet seen by that console, notes when the screen
 * first shows it.  Stops when STOPFILE exists; prints "seen WORD I MS"
 * (MS: wall clock, milliseconds since the epoch) for every sighting.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct console {
	pid_t pid;
	int master, frames;
	int up;
	unsigned char *seen;   /* per word: shown yet */
};

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long long wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* utime + stime of pid, in clock ticks; -1 when gone. */
static long long cpu_ticks(pid_t pid)
{
	char path[64], buf[4096], *p;
	unsigned long long ut, st;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');   /* the command name may hold spaces */
	if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
				&ut, &st) != 2)
		return -1;
	return (long long)(ut + st);
}

static int spawn(struct console *c, int idx, struct winsize *ws, const char *dir,
		 char **argv)
{
	int fds[2];
	char buf[4096];

	if (pipe2(fds, O_CLOEXEC) != 0)
		return -1;
	c->pid = forkpty(&c->master, NULL, NULL, ws);
	if (c->pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (c->pid == 0) {
		int fd = dup(fds[1]);

		snprintf(buf, sizeof buf, "%d", fd);
		setenv("TEMAS_FRAME_FD", buf, 1);
		if (dir != NULL) {
			snprintf(buf, sizeof buf, "%s/frame.%d", dir, idx);
			setenv("TEMAS_FRAME_FILE", buf, 1);
		}
		if (getenv("TERM") == NULL)
			setenv("TERM", "xterm-256color", 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	c->frames = fds[0];
	fcntl(c->master, F_SETFL, O_NONBLOCK);
	fcntl(c->frames, F_SETFL, O_NONBLOCK);
	return 0;
}

/* Read what is there on every console; returns the frames marked, and
 * calls on_frame(i) for each console that marked one. */
static long pump(struct console *c, int n, int timeout_ms, void (*on_frame)(int, void *),
		 void *ctx)
{
	struct pollfd *p = calloc((size_t)n * 2, sizeof *p);
	char buf[65536];
	long frames = 0;
	int i;

	if (p == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		p[2 * i].fd = c[i].master;
		p[2 * i].events = POLLIN;
		p[2 * i + 1].fd = c[i].frames;
		p[2 * i + 1].events = POLLIN;
	}
	if (poll(p, (nfds_t)n * 2, timeout_ms) > 0) {
		for (i = 0; i < n; i++) {
			while (p[2 * i].revents & POLLIN && read(c[i].master, buf, sizeof buf) > 0)
				;
			if (p[2 * i + 1].revents & POLLIN) {
				ssize_t r = read(c[i].frames, buf, sizeof buf), k;
				int marked = 0;

				for (k = 0; k < r; k++)
					marked += buf[k] == '\n';
				if (marked > 0) {
					frames += marked;
					c[i].up = 1;
					if (on_frame)
						on_frame(i, ctx);
				}
			}
		}
	}
	free(p);
	return frames;
}

static int wait_up(struct console *c, int n, int timeout_s)
{
	double until = mono_ms() + timeout_s * 1e3;
	int i, up;

	for (;;) {
		pump(c, n, 200, NULL, NULL);
		for (up = 0, i = 0; i < n; i++)
			up += c[i].up;
		if (up == n)
			return 0;
		if (mono_ms() > until) {
			fprintf(stderr, "herd: %d of %d consoles drew no first frame in %d s\n",
				n - up, n, timeout_s);
			return -1;
		}
	}
}

static void stop_all(struct console *c, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (c[i].pid > 0)
			kill(c[i].pid, SIGTERM);
	for (i = 0; i < n; i++) {
		double until = mono_ms() + 5000;

		while (c[i].pid > 0 && waitpid(c[i].pid, NULL, WNOHANG) == 0) {
			char buf[4096];

			if (mono_ms() > until) {
				kill(c[i].pid, SIGKILL);
				waitpid(c[i].pid, NULL, 0);
				break;
			}
			while (read(c[i].master, buf, sizeof buf) > 0)
				;
			usleep(10000);
		}
		close(c[i].master);
		close(c[i].frames);
	}
}

/* ---- watch ---- */

#define MAX_WORDS 16384

struct watch {
	struct console *c;
	const char *dir, *words_path;
	char *words[MAX_WORDS];
	int nwords;
	long words_off;
};

/* The words added to the file since the last look, whole lines only. */
static void load_words(struct watch *w)
{
	FILE *f = fopen(w->words_path, "r");
	char line[256];

	if (f == NULL)
		return;
	if (fseek(f, w->words_off, SEEK_SET) != 0) {
		fclose(f);
		return;
	}
	while (w->nwords < MAX_WORDS && fgets(line, sizeof line, f) != NULL) {
		size_t n = strlen(line);

		if (line[n - 1] != '\n')
			break;   /* a line still being written */
		w->words_off += (long)n;
		line[n - 1] = '\0';
		if ((w->words[w->nwords] = strdup(line)) != NULL)
			w->nwords++;
	}
	fclose(f);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, r;
	char buf[8192];
	FILE *m;

	if (f == NULL)
		return NULL;
	m = open_memstream(&text, &len);
	if (m != NULL) {
		while ((r = fread(buf, 1, sizeof buf, f)) > 0)
			fwrite(buf, 1, r, m);
		fclose(m);
	}
	fclose(f);
	return text;
}

static void on_frame_watch(int i, void *ctx)
{
	struct watch *w = ctx;
	char path[4096], *screen;
	long long at = wall_ms();
	int k;

	load_words(w);
	snprintf(path, sizeof path, "%s/frame.%d", w->dir, i);
	screen = slurp(path);
	if (screen == NULL)
		return;
	for (k = 0; k < w->nwords; k++) {
		if (w->c[i].seen[k] || strstr(screen, w->words[k]) == NULL)
			continue;
		w->c[i].seen[k] = 1;
		printf("seen\t%s\t%d\t%lld\n", w->words[k], i, at);
	}
	free(screen);
}

static void usage(void)
{
	fprintf(stderr, "usage: herd idle -n N -w WARM -t WINDOW [-c COLS] [-r ROWS] -- PROGRAM ARGS...\n"
			"       herd watch -n N -o DIR -s STOPFILE -W WORDS [-c COLS] [-r ROWS] -- PROGRAM ARGS...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	const char *dir = NULL, *stop = NULL, *words = NULL, *mode;
	struct console *c;
	int n = 0, warm = 5, window = 30, opt, i, idle;
	long hz = sysconf(_SC_CLK_TCK);

	if (argc < 2)
		usage();
	mode = argv[1];
	idle = strcmp(mode, "idle") == 0;
	if (!idle && strcmp(mode, "watch") != 0)
		usage();
	optind = 2;
	while ((opt = getopt(argc, argv, "n:w:t:c:r:o:s:W:")) != -1) {
		switch (opt) {
		case 'n': n = atoi(optarg); break;
		case 'w': warm = atoi(optarg); break;
		case 't': window = atoi(optarg); break;
		case 'c': ws.ws_col = (unsigned short)atoi(optarg); break;
		case 'r': ws.ws_row = (unsigned short)atoi(optarg); break;
		case 'o': dir = optarg; break;
		case 's': stop = optarg; break;
		case 'W': words = optarg; break;
		default: usage();
		}
	}
	if (n < 1 || optind >= argc || window < 1 ||
	    (!idle && (dir == NULL || stop == NULL || words == NULL)))
		usage();
	signal(SIGPIPE, SIG_IGN);
	c = calloc((size_t)n, sizeof *c);
	if (c == NULL)
		return 1;
	for (i = 0; i < n; i++) {
		if (!idle && (c[i].seen = calloc(MAX_WORDS, 1)) == NULL)
			return 1;
		if (spawn(&c[i], i, &ws, idle ? NULL : dir, argv + optind) != 0) {
			perror("herd: forkpty");
			stop_all(c, i);
			return 1;
		}
	}
	if (wait_up(c, n, 60 + n) != 0) {
		stop_all(c, n);
		return 1;
	}
	if (idle) {
		long long t0 = 0, t1 = 0, v;
		double start, until, secs;
		long frames = 0;

		until = mono_ms() + warm * 1e3;
		while (mono_ms() < until)
			pump(c, n, 200, NULL, NULL);
		for (i = 0; i < n; i++)
			if ((v = cpu_ticks(c[i].pid)) >= 0)
				t0 += v;
		start = mono_ms();
		until = start + window * 1e3;
		while (mono_ms() < until)
			frames += pump(c, n, 200, NULL, NULL);
		for (i = 0; i < n; i++)
			if ((v = cpu_ticks(c[i].pid)) >= 0)
				t1 += v;
		secs = (mono_ms() - start) / 1e3;
		printf("cpu_pct_total\t%.2f\n", 100.0 * (double)(t1 - t0) / (double)hz / secs);
		printf("cpu_pct_each\t%.4f\n", 100.0 * (double)(t1 - t0) / (double)hz / secs / n);
		printf("frames\t%ld\n", frames);
	} else {
		struct watch w = { .c = c, .dir = dir, .words_path = words };

		printf("ready\n");
		fflush(stdout);
		while (access(stop, F_OK) != 0)
			pump(c, n, 200, on_frame_watch, &w);
		for (i = 0; i < w.nwords; i++)
			free(w.words[i]);
	}
	fflush(stdout);
	stop_all(c, n);
	for (i = 0; i < n; i++)
		free(c[i].seen);
	free(c);
	return 0;
}
