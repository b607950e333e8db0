/*
 * flow.h: what the workflow subcommands (agent, claim, reply, show, ...)
 * share: who is running them, option parsing, and turning a store status
 * into a message and an exit code.
 */
#ifndef TEMAS_CLI_FLOW_H
#define TEMAS_CLI_FLOW_H

#include <stddef.h>
#include <stdio.h>

#include "temas/cli.h"
#include "temas/model.h"

struct cli_opt {
	const char *name;      /* "--note" */
	const char **value;    /* set for an option with an argument */
	int *flag;             /* set to 1 for a flag */
};

/*
 * Split argv[1..] into the options in opts (NULL-terminated by name) and
 * positional arguments.  EXIT_USAGE with a message on a bad option or a
 * positional count outside [minpos, maxpos].
 */
int cli_parse(struct cli *c, int argc, char **argv, const struct cli_opt *opts,
	      char **pos, int minpos, int maxpos, int *npos, const char *usage);

/*
 * The agent running the command: the Unix login, or with --as LOGIN
 * (supervisors only, audited) another agent.  EXIT_OK or an exit code
 * after printing why.
 */
int cli_whoami(struct cli *c, const char *as, struct agent *me);

/*
 * Write an audit row for what the Unix login running temas did (an agent,
 * or during set-up nobody yet: the login is recorded all the same).
 * detail is printf-formatted and may be of any length.
 */
int cli_audit_self(struct cli *c, const char *action, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* EXIT_OK when the login running temas is an active supervisor, else
 * `refusal` printed and EXIT_DENIED (or why it is no agent at all). */
int cli_need_supervisor(struct cli *c, const char *refusal);

/* A subcommand: `temas calendar list` runs { "list", fn } with argv[0]
 * "list". */
struct cli_sub {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
};
/* Run the subcommand argv[1] names, or print `usage` (EXIT_USAGE). */
int cli_run_sub(struct cli *c, int argc, char **argv, const struct cli_sub *subs,
		size_t n, const char *usage);

/* Print store_errmsg() and map a STORE_* status to an exit code. */
int cli_store_exit(struct cli *c, int rc);

/* A positive complaint or customer id; EXIT_USAGE with a message if not. */
int cli_parse_id(struct cli *c, const char *s, const char *what, long long *id);

/*
 * A complaint or customer named as temas numbers it (digits) or as the
 * team knows it: its ext_id, with "ext:" in front when it is all digits
 * ("ext:1042").  EXIT_NOTFOUND, with a message, when neither names one.
 */
int cli_parse_ref(struct cli *c, const char *s, int complaint, long long *id);
/* The same for a customer record that holds the team's id itself, merged
 * into another or not (store_customer_record_by_ext): to merge it, where
 * the record it was merged into would stand for it in cli_parse_ref. */
int cli_parse_customer_record(struct cli *c, const char *s, long long *id);

/*
 * The complaints a command acts on: refs (numbers or the team's ids), or
 * with filter (filter.h's grammar, "mine" being me) those of the queue it
 * picks, most urgent first.  *ids is malloc'd.  EXIT_USAGE for both or
 * neither, a bad filter; EXIT_NOTFOUND when the filter picks none.
 */
struct agent;
int cli_targets(struct cli *c, char **refs, int nrefs, const char *filter,
		const struct agent *me, long long **ids, int *n);
/* The exit status after doing several: EXIT_OK when all were done, the
 * first refusal's when none was, EXIT_PARTIAL when some were. */
int cli_targets_exit(int ndone, int nfailed, int first_fail);

/* Local time in the configuration's date_format, else the locale's
 ("2024-05-01 14:03"); "-" for 0. */
void cli_time(const struct cli *c, temas_time t, char *buf, size_t n);

/*
 * Say on standard error (a warning: nothing is refused) that the new
 * complaint id is about the same order as other open complaints of its
 * customer, as `temas show complaint` does; where names the source
 * ("ingest", "FILE:LINE"), already safe to print.  Returns how many
 * others there are (0: nothing said), -1 when the store could not tell.
 */
int cli_warn_same_order(struct cli *c, const char *where, long long id);
/* The same in two steps, for an import that may still roll back: the
 * others now (all of them, in *ids for the caller to free; -1 and said
 * when the store cannot tell), the warning once it is committed. */
int cli_same_order(struct cli *c, long long id, long long **ids, int *n);
void cli_say_same_order(struct cli *c, const char *where, long long id,
			const long long *ids, int n);

/* Print text that may come from a customer with no control characters. */
void cli_put_safe(FILE *f, const char *s, const char *indent);

/* The same for one field of a tab-separated line: no line end added,
 * tabs and line breaks become blanks. */
void cli_put_field(FILE *f, const char *s);

/* Read a whole UTF-8 text file (at most 256 KiB) into *out. */
int cli_read_text(struct cli *c, const char *path, char **out);

/* sendmail's conventions (sysexits.h) for a program an MTA pipes to,
 * and for a mailer temas runs. */
#define EX_DATAERR_CODE 65
#define EX_TEMPFAIL_CODE 75

#endif
