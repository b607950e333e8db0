/*
 * ptydrive.c: run a program in a pseudo-terminal, send it keys, and measure
 * how long each screen takes and how many bytes it writes to the terminal.
 *
 * The console writes one line to the file descriptor named by
 * TEMAS_FRAME_FD each time it has finished drawing a frame and is idle, so
 * the driver knows a screen is complete without guessing from the output.
 *
 *   ptydrive [-c COLS] [-r ROWS] [-k KEYS]... -- PROGRAM ARGS...
 *   ptydrive -e [-c COLS] [-r ROWS] -- PROGRAM ARGS...
 *
 * Each -k is one step: the keys are written, then the driver waits for the
 * next frame.  Prints one line per step: "step<TAB>ms<TAB>bytes", then
 * "rss_kb<TAB>N" (peak resident set of the child, from wait4).
 *
 * With -e the program is not expected to mark frames: the driver waits for
 * it to exit and prints "exit<TAB>ms<TAB>bytes", so that a program such as
 * the sqlite3 shell is timed the same way, from start to exit.
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
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_STEPS 64

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Decode \e, \n, \r, \t and ^X in a key argument. */
static size_t decode_keys(const char *in, char *out, size_t n)
{
	size_t o = 0;

	while (*in && o + 1 < n) {
		if (in[0] == '\\' && in[1]) {
			switch (in[1]) {
			case 'e': out[o++] = 27; break;
			case 'n': out[o++] = '\n'; break;
			case 'r': out[o++] = '\r'; break;
			case 't': out[o++] = '\t'; break;
			default: out[o++] = in[1]; break;
			}
			in += 2;
		} else if (in[0] == '^' && in[1]) {
			out[o++] = (char)(in[1] & 0x1f);
			in += 2;
		} else {
			out[o++] = *in++;
		}
	}
	return o;
}

/*
 * Read terminal output and frame marks until one frame mark arrives or the
 * timeout passes.  Returns the bytes read from the terminal, -1 on timeout.
 */
static long wait_frame(int master, int frames, int timeout_ms)
{
	char buf[65536];
	long bytes = 0;
	double deadline = now_ms() + timeout_ms;

	for (;;) {
		struct pollfd p[2] = { { master, POLLIN, 0 }, { frames, POLLIN, 0 } };
		int left = (int)(deadline - now_ms());

		if (left <= 0)
			return -1;
		if (poll(p, 2, left) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p[0].revents & POLLIN) {
			ssize_t r = read(master, buf, sizeof buf);

			if (r > 0)
				bytes += r;
		}
		if (p[1].revents & (POLLIN | POLLHUP)) {
			ssize_t r = read(frames, buf, sizeof buf);

			if (r <= 0)
				return -1;
			/* Collect what the terminal got for this frame too. */
			for (;;) {
				struct pollfd q = { master, POLLIN, 0 };

				if (poll(&q, 1, 0) <= 0 || !(q.revents & POLLIN))
					break;
				r = read(master, buf, sizeof buf);
				if (r <= 0)
					break;
				bytes += r;
			}
			return bytes;
		}
		if (p[0].revents & POLLHUP)
			return -1;
	}
}

/* -e: read the terminal until the program exits; time start to exit. */
static int run_to_exit(pid_t pid, int master, double t0)
{
	char buf[65536];
	long bytes = 0;
	struct rusage ru;
	ssize_t r;
	int status;

	for (;;) {
		r = read(master, buf, sizeof buf);
		if (r > 0)
			bytes += r;
		else if (r < 0 && errno == EINTR)
			continue;
		else
			break;  /* EIO: the program closed the terminal */
	}
	if (wait4(pid, &status, 0, &ru) != pid)
		return 1;
	printf("exit\t%.3f\t%ld\n", now_ms() - t0, bytes);
	printf("rss_kb\t%ld\n", ru.ru_maxrss);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

/*
 * The console also marks the frames it draws when a wait for a key times
 * out; drop any such mark (and its output) before sending a step's keys so
 * the step is timed to its own frame.
 */
static void drain(int master, int frames)
{
	char buf[4096];
	struct pollfd p[2] = { { master, POLLIN, 0 }, { frames, POLLIN, 0 } };

	while (poll(p, 2, 0) > 0) {
		if ((p[0].revents & POLLIN) && read(master, buf, sizeof buf) <= 0)
			break;
		if ((p[1].revents & POLLIN) && read(frames, buf, sizeof buf) <= 0)
			break;
		if (!(p[0].revents & POLLIN) && !(p[1].revents & POLLIN))
			break;
	}
}

int main(int argc, char **argv)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	const char *steps[MAX_STEPS];
	int nsteps = 0, i, opt, master, fds[2], status, to_exit = 0;
	char fdbuf[16];
	struct rusage ru;
	pid_t pid;
	double t0;
	long bytes;

	while ((opt = getopt(argc, argv, "c:r:k:e")) != -1) {
		switch (opt) {
		case 'e': to_exit = 1; break;
		case 'c': ws.ws_col = (unsigned short)atoi(optarg); break;
		case 'r': ws.ws_row = (unsigned short)atoi(optarg); break;
		case 'k':
			if (nsteps < MAX_STEPS)
				steps[nsteps++] = optarg;
			break;
		default:
			fprintf(stderr, "usage: ptydrive [-e] [-c COLS] [-r ROWS] [-k KEYS]... -- PROGRAM ARGS...\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "ptydrive: no program given\n");
		return 2;
	}
	if (pipe2(fds, O_CLOEXEC) != 0) {
		perror("ptydrive: pipe");
		return 1;
	}
	t0 = now_ms();
	pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0) {
		perror("ptydrive: forkpty");
		return 1;
	}
	if (pid == 0) {
		int fd = dup(fds[1]);

		snprintf(fdbuf, sizeof fdbuf, "%d", fd);
		setenv("TEMAS_FRAME_FD", fdbuf, 1);
		if (getenv("TERM") == NULL)
			setenv("TERM", "xterm-256color", 1);
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	close(fds[1]);
	if (to_exit)
		return run_to_exit(pid, master, t0);
	bytes = wait_frame(master, fds[0], 30000);
	if (bytes < 0) {
		fprintf(stderr, "ptydrive: no first frame within 30 s\n");
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 1;
	}
	printf("first\t%.3f\t%ld\n", now_ms() - t0, bytes);
	for (i = 0; i < nsteps; i++) {
		char keys[256];
		size_t n = decode_keys(steps[i], keys, sizeof keys);
		double t;

		drain(master, fds[0]);
		t = now_ms();
		if (write(master, keys, n) != (ssize_t)n) {
			perror("ptydrive: write");
			break;
		}
		bytes = wait_frame(master, fds[0], 30000);
		if (bytes < 0) {
			fprintf(stderr, "ptydrive: no frame after step %d (%s)\n", i + 1, steps[i]);
			break;
		}
		printf("%s\t%.3f\t%ld\n", steps[i], now_ms() - t, bytes);
	}
	kill(pid, SIGTERM);
	for (;;) {
		char buf[4096];
		struct pollfd p = { master, POLLIN, 0 };

		if (poll(&p, 1, 2000) <= 0 || read(master, buf, sizeof buf) <= 0)
			break;
	}
	if (wait4(pid, &status, 0, &ru) == pid)
		printf("rss_kb\t%ld\n", ru.ru_maxrss);
	return i == nsteps ? 0 : 1;
}
