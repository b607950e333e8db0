/*
 * batch.c: `temas batch`: commands read from standard input, one a line,
 * run one after another by this one process on the database it opened.
 *
 * A gateway or a script that runs many commands pays for starting temas
 * and opening the database once, not once a command.  Each command is
 * still its own transaction with its own rights check, exactly as on the
 * command line, so a batch is never a way round a rule.
 *
 * What each command printed is sent as one frame:
 *
 *	LINE EXIT BYTES\n
 *	BYTES bytes of the command's standard output
 *
 * so a reader never has to guess where one command's output ends, even
 * when it quotes customer text.  Messages go to standard error as
 * "temas: line N: ...".
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "temas/cli.h"
#include "temas/cmdline.h"
#include "temas/i18n.h"
#include "temas/store.h"
#include "temas/text.h"

static void batch_help(void)
{
	printf(_("Usage: temas batch < COMMANDS\n\n"
		 "Run the commands on standard input, one a line, as 'temas COMMAND\n"
		 "ARGS' would, in one process: claim, note, release, reply, status,\n"
		 "show, search, queue, ...  Words are split as a shell splits them\n"
		 "with its quotes ('...', \"...\", \\); nothing else is expanded.\n"
		 "Empty lines and lines starting with # are skipped.\n\n"
		 "For each command, standard output gets a line 'LINE EXIT BYTES'\n"
		 "followed by the BYTES bytes the command printed.  Messages go to\n"
		 "standard error as 'temas: line N: ...'.  Each command is its own\n"
		 "transaction.  demo, init, ingest and batch cannot run in a batch,\n"
		 "nor can a command read standard input.  See temas(1), BATCH.\n"));
}

/* Copy what the command wrote to the capture file onto standard output,
 * after its frame's header. */
static int send_frame(FILE *cap, long line, int rc)
{
	char buf[65536];
	long long len;
	size_t n;

	if (fflush(cap) != 0 || (len = (long long)ftello(cap)) < 0)
		return -1;
	rewind(cap);
	printf("%ld %d %lld\n", line, rc, len);
	while ((n = fread(buf, 1, sizeof buf, cap)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return -1;
	if (ferror(cap))
		return -1;
	rewind(cap);
	if (ftruncate(fileno(cap), 0) != 0)
		return -1;
	return fflush(stdout) == 0 ? 0 : -1;
}

/* Run one line's words with standard output going to cap.  The exit code
 * of the command, or of what stopped it from running. */
static int run_captured(struct cli *c, FILE *cap, int argc, char **argv,
			cli_batch_fn run)
{
	int saved, rc;

	fflush(stdout);
	if ((saved = dup(STDOUT_FILENO)) < 0 ||
	    dup2(fileno(cap), STDOUT_FILENO) < 0) {
		cli_error(c, _("cannot capture the output: %s"), strerror(errno));
		if (saved >= 0)
			close(saved);
		return EXIT_FAIL;
	}
	rc = run(c, argc, argv);
	fflush(stdout);
	/* The command's stdout position is the capture file's: both are the
	 * same open file, so the frame's length is where it stopped. */
	if (dup2(saved, STDOUT_FILENO) < 0) {
		close(saved);
		return -1;
	}
	close(saved);
	clearerr(stdout);
	return rc;
}

int cli_batch(struct cli *c, int argc, char **argv, cli_batch_fn run)
{
	const char *prog = c->prog;
	char *line = NULL, **words, where[64];
	size_t cap_len = 0, col;
	ssize_t got;
	long lineno = 0;
	int in, rc, nwords, done = 0, failed = 0;
	FILE *cmds, *cap;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		batch_help();
		return EXIT_OK;
	}
	if (argc > 1) {
		cli_error(c, _("batch: unexpected argument '%s'; usage: %s"), argv[1],
			  "temas batch < COMMANDS");
		return EXIT_USAGE;
	}
	/* The commands come on a descriptor of their own; a command that
	 * reads standard input finds it empty, not the rest of the batch. */
	if ((in = dup(STDIN_FILENO)) < 0 || (cmds = fdopen(in, "r")) == NULL ||
	    freopen("/dev/null", "r", stdin) == NULL) {
		cli_error(c, _("batch: cannot read the commands: %s"), strerror(errno));
		return EXIT_FAIL;
	}
	if ((cap = tmpfile()) == NULL) {
		cli_error(c, _("batch: cannot make a file for the output: %s"),
			  strerror(errno));
		fclose(cmds);
		return EXIT_FAIL;
	}
	while ((got = getline(&line, &cap_len, cmds)) >= 0) {
		lineno++;
		snprintf(where, sizeof where, _("%s: line %ld"), prog, lineno);
		c->prog = where;
		if (got > 0 && line[got - 1] == '\n')
			line[--got] = '\0';
		if (got > 0 && line[got - 1] == '\r')
			line[--got] = '\0';
		if (memchr(line, '\0', (size_t)got) != NULL) {
			cli_error(c, "%s", _("a NUL byte in the line; not run"));
			rc = EXIT_USAGE;
		} else if (!text_validate_utf8(line, (size_t)got)) {
			cli_error(c, "%s", _("not valid UTF-8 text; not run"));
			rc = EXIT_USAGE;
		} else {
			rc = cmdline_split(line, &words, &nwords, &col);
			if (rc == -1) {
				cli_error(c, _("column %zu: a quote or backslash is not closed; not run"),
					  col);
				rc = EXIT_USAGE;
			} else if (rc != 0) {
				cli_error(c, "%s", _("out of memory"));
				rc = EXIT_FAIL;
			} else if (nwords == 0) {
				continue;       /* blank or a comment: no frame */
			} else {
				rc = run_captured(c, cap, nwords, words, run);
				free(words);
				/* No row outlives its command: the text
				 * its rows held goes with it. */
				if (c->st != NULL)
					store_forget_texts(c->st);
			}
		}
		if (rc < 0 || send_frame(cap, lineno, rc) != 0) {
			c->prog = prog;
			cli_error(c, _("batch: cannot write the output: %s"), strerror(errno));
			failed++;
			break;
		}
		if (rc == EXIT_OK)
			done++;
		else
			failed++;
	}
	c->prog = prog;
	if (ferror(cmds)) {
		cli_error(c, _("batch: cannot read the commands: %s"), strerror(errno));
		failed++;
	}
	free(line);
	fclose(cap);
	fclose(cmds);
	if (failed == 0)
		return EXIT_OK;
	return done > 0 ? EXIT_PARTIAL : EXIT_FAIL;
}
