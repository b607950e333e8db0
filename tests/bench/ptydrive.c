/*
 * ptydrive.c: run a program in a pseudo-terminal, send it keys, and measure
 * how long each screen takes and how many bytes it writes to the terminal.
 *
 * The console writes one line to the file descriptor named by
 * TEMAS_FRAME_FD each time it has finished drawing a frame and is idle, so
 * the driver knows a screen is complete without guessing from the output.
 *
 *   ptydrive [-c COLS] [-r ROWS] [-p MS] [-q MS] [-w] [-o PREFIX] [-k KEYS]... -- PROGRAM ARGS...
 *   ptydrive -e [-c COLS] [-r ROWS] -- PROGRAM ARGS...
 *
 * Each -k is one step: the keys are written, then the driver waits for the
 * next frame.  Prints one line per step: "step<TAB>ms<TAB>bytes", then
 * "rss_kb<TAB>N" (peak resident set of the child, from wait4).
 *
 * With -p MS the keys of a step are written one byte at a time, MS
 * milliseconds apart (a held key), and the step waits for the frame after
 * the last.  With -w each step's line is followed by "rows<TAB>R:N ...":
 * the screen rows (from 1) the step wrote to, and in how many separate
 * runs (the cursor arriving on the row and something being printed or
 * erased there), as a terminal following the cursor would tell.
 * A "bytes<TAB>R:N ..." line follows it: how many bytes went to each
 * row (a cursor movement counts for the row it arrives on).
 *
 * With -o PREFIX the bytes themselves are kept: the first screen's in
 * PREFIX.0, step N's in PREFIX.N, to be read or decoded (what a frame
 * sent, not only how much).
 *
 * With -q MS a frame is output followed by MS milliseconds of silence
 * rather than a mark: for a program that does not mark its frames (tig),
 * measured the same way as the console.
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
#define VT_ROWS 256

/*
 * Enough of a terminal to know which row each byte lands on: cursor
 * addressing, relative moves, erases, scrolling regions, line feeds.
 * Attributes, character sets and modes are skipped; a UTF-8 character
 * counts as one column.
 */
struct vt {
	int rows, cols;
	int row, col;           /* from 0 */
	int top, bot;           /* scrolling region, from 0 */
	int state;              /* 0 text, 1 after ESC, 2 CSI, 3 string, 4 skip one */
	int param[8], np;
	int here;               /* something was written since arriving on row */
	int runs[VT_ROWS];
	long bytes[VT_ROWS];
	long pend;              /* bytes of the sequence being read */
	int pend_row;           /* the row the cursor was on when it began */
	int homed;              /* it set a scrolling region (cursor home) */
};

static void vt_reset(struct vt *v, int rows, int cols)
{
	memset(v, 0, sizeof *v);
	v->rows = rows < VT_ROWS ? rows : VT_ROWS;
	v->cols = cols;
	v->bot = v->rows - 1;
}

static void vt_goto(struct vt *v, int row, int col)
{
	if (row < 0)
		row = 0;
	if (row >= v->rows)
		row = v->rows - 1;
	if (row != v->row)
		v->here = 0;
	v->row = row;
	v->col = col < 0 ? 0 : col;
}

static void vt_mark(struct vt *v)
{
	if (!v->here)
		v->runs[v->row]++;
	v->here = 1;
}

/* A line feed: down a row, or the region scrolls (its rows move; the
 * row the cursor is on is new). */
static void vt_down(struct vt *v)
{
	if (v->row == v->bot)
		v->here = 0;
	else
		vt_goto(v, v->row + 1, v->col);
}

static int vt_arg(const struct vt *v, int i, int dflt)
{
	return i < v->np && v->param[i] > 0 ? v->param[i] : dflt;
}

static void vt_csi(struct vt *v, int final)
{
	int r;

	switch (final) {
	case 'H': case 'f':
		vt_goto(v, vt_arg(v, 0, 1) - 1, vt_arg(v, 1, 1) - 1);
		break;
	case 'd':
		vt_goto(v, vt_arg(v, 0, 1) - 1, v->col);
		break;
	case 'G': case '`':
		v->col = vt_arg(v, 0, 1) - 1;
		break;
	case 'A':
		vt_goto(v, v->row - vt_arg(v, 0, 1), v->col);
		break;
	case 'B':
		vt_goto(v, v->row + vt_arg(v, 0, 1), v->col);
		break;
	case 'C':
		v->col += vt_arg(v, 0, 1);
		break;
	case 'D':
		v->col -= vt_arg(v, 0, 1);
		if (v->col < 0)
			v->col = 0;
		break;
	case 'K': case 'X': case '@': case 'P':
		vt_mark(v);
		break;
	case 'J':   /* erase below (or all): every row from here down */
		for (r = vt_arg(v, 0, 0) == 0 ? v->row : 0; r < v->rows; r++)
			v->runs[r]++;
		v->here = 1;
		break;
	case 'L': case 'M':   /* rows inserted or deleted: the rest move */
		vt_mark(v);
		break;
	case 'r':
		v->homed = 1;
		v->top = vt_arg(v, 0, 1) - 1;
		v->bot = vt_arg(v, 1, v->rows) - 1;
		if (v->bot >= v->rows)
			v->bot = v->rows - 1;
		vt_goto(v, 0, 0);
		break;
	default:
		break;   /* attributes, modes */
	}
}

/* -o: where the bytes read now are kept, -1 for nowhere. */
static int raw_fd = -1;

static void raw_open(const char *prefix, int step)
{
	char path[4096];

	if (raw_fd >= 0)
		close(raw_fd);
	raw_fd = -1;
	if (prefix == NULL)
		return;
	snprintf(path, sizeof path, "%s.%d", prefix, step);
	raw_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (raw_fd < 0)
		perror(path);
}

static void vt_step(struct vt *v, unsigned char c)
{
	switch (v->state) {
	case 1:   /* after ESC */
		v->state = 0;
		if (c == '[') {
			v->state = 2;
			v->np = 0;
			memset(v->param, 0, sizeof v->param);
		} else if (c == ']' || c == 'P' || c == '_') {
			v->state = 3;
		} else if (c == '(' || c == ')' || c == '#') {
			v->state = 4;
		} else if (c == 'M') {
			if (v->row == v->top)
				v->here = 0;
			else
				vt_goto(v, v->row - 1, v->col);
		} else if (c == 'D') {
			vt_down(v);
		} else if (c == 'E') {
			vt_down(v);
			v->col = 0;
		}
		return;
	case 2:   /* CSI parameters, then the final byte */
		if (c >= '0' && c <= '9') {
			if (v->np == 0)
				v->np = 1;
			if (v->np <= 8)
				v->param[v->np - 1] = v->param[v->np - 1] * 10 + (c - '0');
		} else if (c == ';') {
			v->np++;
		} else if (c >= 0x40 && c <= 0x7e) {
			v->state = 0;
			if (v->np > 8)
				v->np = 8;
			vt_csi(v, c);
		}
		return;
	case 3:   /* a string, up to BEL or ESC \ */
		if (c == 7)
			v->state = 0;
		else if (c == 27)
			v->state = 4;
		return;
	case 4:
		v->state = 0;
		return;
	default:
		break;
	}
	if (c == 27) {
		v->state = 1;
	} else if (c == '\r') {
		v->col = 0;
	} else if (c == '\n' || c == 11 || c == 12) {
		vt_down(v);
	} else if (c == '\b') {
		if (v->col > 0)
			v->col--;
	} else if (c == '\t') {
		v->col = (v->col / 8 + 1) * 8;
	} else if (c >= 32 && c != 127 && (c & 0xC0) != 0x80) {
		if (v->col >= v->cols) {   /* the wrap a full row waits for */
			vt_down(v);
			v->col = 0;
		}
		vt_mark(v);
		v->col++;
	}
}

/* Where byte c goes: a sequence's bytes to the row the cursor is on
 * once it is over, text to the row it is printed on.  Setting a
 * scrolling region sends the cursor home, but is about the rows that
 * scroll: it counts for the row the cursor was on. */
static void vt_byte(struct vt *v, unsigned char c)
{
	if (v->pend++ == 0)
		v->pend_row = v->row;
	vt_step(v, c);
	if (v->state == 0) {
		v->bytes[v->homed ? v->pend_row : v->row] += v->pend;
		v->pend = 0;
		v->homed = 0;
	}
}

static void vt_feed(struct vt *v, const char *buf, size_t n)
{
	size_t i;

	if (raw_fd >= 0 && write(raw_fd, buf, n) != (ssize_t)n) {
		perror("ptydrive: -o");
		close(raw_fd);
		raw_fd = -1;
	}
	for (i = 0; i < n; i++)
		vt_byte(v, (unsigned char)buf[i]);
}

static void vt_report(struct vt *v)
{
	const char *sep = "";
	int r;

	printf("rows\t");
	for (r = 0; r < v->rows; r++) {
		if (v->runs[r] > 0) {
			printf("%s%d:%d", sep, r + 1, v->runs[r]);
			sep = " ";
		}
	}
	printf("\nbytes\t");
	sep = "";
	for (r = 0; r < v->rows; r++) {
		if (v->bytes[r] > 0) {
			printf("%s%d:%ld", sep, r + 1, v->bytes[r]);
			sep = " ";
		}
	}
	printf("\n");
	memset(v->runs, 0, sizeof v->runs);
	memset(v->bytes, 0, sizeof v->bytes);
}

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
static long wait_frame(int master, int frames, int timeout_ms, struct vt *vt)
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

			if (r > 0) {
				bytes += r;
				if (vt)
					vt_feed(vt, buf, (size_t)r);
			}
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
				if (vt)
					vt_feed(vt, buf, (size_t)r);
			}
			return bytes;
		}
		if (p[0].revents & POLLHUP)
			return -1;
	}
}

/* -q: read the terminal until it has been silent for quiet_ms (after
 * something was written, or the timeout).  Returns the bytes read, -1
 * when nothing came at all. */
static long wait_quiet(int master, int quiet_ms, int timeout_ms, struct vt *vt)
{
	char buf[65536];
	long bytes = 0;
	double deadline = now_ms() + timeout_ms;

	for (;;) {
		struct pollfd p = { master, POLLIN, 0 };
		int left = (int)(deadline - now_ms()), n;
		ssize_t r;

		if (left <= 0)
			return bytes > 0 ? bytes : -1;
		n = poll(&p, 1, bytes > 0 && quiet_ms < left ? quiet_ms : left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 && bytes > 0)
			return bytes;
		if (n > 0 && !(p.revents & POLLIN) && (p.revents & (POLLHUP | POLLERR)))
			return bytes > 0 ? bytes : -1;  /* the program has gone */
		if (n <= 0 || !(p.revents & POLLIN))
			continue;
		r = read(master, buf, sizeof buf);
		if (r <= 0)
			return bytes > 0 ? bytes : -1;
		bytes += r;
		if (vt)
			vt_feed(vt, buf, (size_t)r);
	}
}

/* Read the terminal (and drop frame marks) for ms milliseconds: the pause
 * between the keys of a held key.  Returns the bytes read. */
static long pump(int master, int frames, int ms, struct vt *vt)
{
	char buf[65536];
	long bytes = 0;
	double deadline = now_ms() + ms;

	for (;;) {
		struct pollfd p[2] = { { master, POLLIN, 0 }, { frames, POLLIN, 0 } };
		int left = (int)(deadline - now_ms());
		ssize_t r;

		if (left <= 0)
			return bytes;
		if (poll(p, 2, left) <= 0)
			continue;
		if (p[0].revents & POLLIN) {
			r = read(master, buf, sizeof buf);
			if (r > 0) {
				bytes += r;
				if (vt)
					vt_feed(vt, buf, (size_t)r);
			}
		}
		if ((p[1].revents & POLLIN) && read(frames, buf, sizeof buf) <= 0)
			return bytes;
		if ((p[0].revents | p[1].revents) & POLLHUP)
			return bytes;
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
static void drain(int master, int frames, struct vt *vt)
{
	char buf[4096];
	struct pollfd p[2] = { { master, POLLIN, 0 }, { frames, POLLIN, 0 } };

	while (poll(p, 2, 0) > 0) {
		if (p[0].revents & POLLIN) {
			ssize_t r = read(master, buf, sizeof buf);

			if (r <= 0)
				break;
			vt_feed(vt, buf, (size_t)r);
		}
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
	int pause_ms = -1, rows = 0, quiet_ms = 0;
	const char *raw = NULL;
	struct vt vt;
	char fdbuf[16];
	struct rusage ru;
	pid_t pid;
	double t0;
	long bytes;

	while ((opt = getopt(argc, argv, "c:r:k:ep:wq:o:")) != -1) {
		switch (opt) {
		case 'e': to_exit = 1; break;
		case 'p': pause_ms = atoi(optarg); break;
		case 'w': rows = 1; break;
		case 'q': quiet_ms = atoi(optarg); break;
		case 'o': raw = optarg; break;
		case 'c': ws.ws_col = (unsigned short)atoi(optarg); break;
		case 'r': ws.ws_row = (unsigned short)atoi(optarg); break;
		case 'k':
			if (nsteps < MAX_STEPS)
				steps[nsteps++] = optarg;
			break;
		default:
			fprintf(stderr, "usage: ptydrive [-e] [-c COLS] [-r ROWS] [-p MS] [-q MS] [-w] [-o PREFIX] [-k KEYS]... -- PROGRAM ARGS...\n");
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
	vt_reset(&vt, ws.ws_row, ws.ws_col);
	raw_open(raw, 0);
	bytes = quiet_ms > 0 ? wait_quiet(master, quiet_ms, 30000, &vt)
			     : wait_frame(master, fds[0], 30000, &vt);
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
		long paused;

		drain(master, fds[0], &vt);
		raw_open(raw, i + 1);
		memset(vt.runs, 0, sizeof vt.runs);
		memset(vt.bytes, 0, sizeof vt.bytes);
		t = now_ms();
		paused = 0;
		if (pause_ms >= 0) {
			size_t k;

			for (k = 0; k < n; k++) {
				if (write(master, keys + k, 1) != 1)
					break;
				if (k + 1 < n)
					paused += pump(master, fds[0], pause_ms, &vt);
			}
			if (k < n) {
				perror("ptydrive: write");
				break;
			}
		} else if (write(master, keys, n) != (ssize_t)n) {
			perror("ptydrive: write");
			break;
		}
		bytes = quiet_ms > 0 ? wait_quiet(master, quiet_ms, 30000, &vt)
				     : wait_frame(master, fds[0], 30000, &vt);
		if (bytes < 0) {
			fprintf(stderr, "ptydrive: no frame after step %d (%s)\n", i + 1, steps[i]);
			break;
		}
		bytes += paused;
		printf("%s\t%.3f\t%ld\n", steps[i], now_ms() - t, bytes);
		if (rows)
			vt_report(&vt);
	}
	raw_open(NULL, 0);
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
