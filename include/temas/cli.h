/*
 * cli.h: the subcommands (`temas demo`, `temas queue`, ...).
 *
 * main.c parses the global options, opens the database with the flags a
 * command asks for, and calls the command with its own arguments
 * (argv[0] is the command name).  Commands print results on stdout and
 * one-line errors on stderr, and return one of the exit codes below.
 */
#ifndef TEMAS_CLI_H
#define TEMAS_CLI_H

struct config;
struct store;

enum cli_exit {
	EXIT_OK = 0,
	EXIT_FAIL = 1,       /* runtime error: database, file, input */
	EXIT_USAGE = 2,      /* bad arguments */
	EXIT_NOTFOUND = 3,   /* no such complaint, customer, ... */
	EXIT_CONFLICT = 4,   /* lost a race: complaint already taken */
	EXIT_DENIED = 5,     /* a rule refuses it (role, order history unseen) */
	EXIT_PARTIAL = 6,    /* of several complaints, some done, some refused */
	/* Never an exit status: --help answered with the usage (cli_parse);
	 * the command's runner exits 0. */
	EXIT_HELP = 100,
};

struct cli {
	struct store *st;       /* NULL for commands that open nothing */
	const char *db_path;
	const char *login;      /* Unix login running temas */
	const char *prog;       /* "temas" */
	const struct config *cfg;  /* the configuration files' settings */
	/* When set, cli_error writes its message here (the last one wins)
	 * rather than on stderr: the console shows it on its status line. */
	char *errbuf;
	size_t errsz;
	/* When set, cli_error keeps every message here instead, to be said
	 * once a run that may be tried again is over (cli_held_say). */
	struct cli_held *held;
	/* Running a line of `temas batch`: standard input is the batch's
	 * commands, so '-' for a file is refused (cli_stdin_refused). */
	int batch;
};

/* Messages kept, each ending in a NUL, however many and long. */
struct cli_held {
	char *text;
	size_t len, cap;
};

/* Say what h holds, in order, as cli_error says it (to stderr, the
 * console's buffer, or an outer hold), and empty h. */
void cli_held_say(const struct cli *c, struct cli_held *h);
/* Forget what h holds (a run tried again says it anew). */
void cli_held_clear(struct cli_held *h);

/* path is "-" in a batch: said (naming what), and nonzero. */
int cli_stdin_refused(const struct cli *c, const char *what, const char *path);

/* Who may run a command; checked before the command runs. */
enum cli_need {
	NEED_NOBODY = 0,     /* anyone who can open the file */
	NEED_AGENT,          /* an active agent */
	NEED_SUPERVISOR,     /* an active supervisor */
	NEED_INGEST,         /* an active agent or a gateway account */
};

/*
 * EXIT_OK when the Unix login running temas meets need, else a message
 * naming the command and what is missing, and EXIT_DENIED.  With
 * bootstrap, a database that has no agent at all lets anyone in (setting
 * up a new file, as `temas agent add` does).
 */
int cli_require(struct cli *c, const char *cmd, enum cli_need need,
		int bootstrap);

/* Print "temas: " and a formatted message on stderr. */
void cli_error(const struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* File a raw e-mail released from quarantine (no quarantine rules);
 * 0, 65 or 75 as `temas ingest` exits, *complaint the complaint it joined
 * or opened (0: none).  Unless quiet, its number goes to stdout. */
int cli_file_released(struct cli *c, const char *buf, size_t len, int quiet,
		      long long *complaint);

/* Release held e-mail id and file it, in one transaction; supervisors
 * only (EXIT_DENIED otherwise).  An exit code; messages by cli_error. */
int cli_release_held(struct cli *c, long long id, int quiet);

/* "automatic reply", "mail loop", ... for a quarantine reason code. */
const char *cli_quarantine_reason(const char *code);

/* Runs one line of a batch: argv[0] is the command's name. */
typedef int (*cli_batch_fn)(struct cli *c, int argc, char **argv);
/* `temas batch`: each line of standard input run by run, its output
 * framed on stdout (batch.c). */
int cli_batch(struct cli *c, int argc, char **argv, cli_batch_fn run);

int cli_agent(struct cli *c, int argc, char **argv);
/* agent capacity LOGIN N|none; agent skills LOGIN --channels/--languages */
int cli_agent_capacity(struct cli *c, int argc, char **argv);
int cli_agent_skills(struct cli *c, int argc, char **argv);
int cli_assign_rule(struct cli *c, int argc, char **argv);
int cli_attachment(struct cli *c, int argc, char **argv);
int cli_backup(struct cli *c, int argc, char **argv);
int cli_assign(struct cli *c, int argc, char **argv);
int cli_calendar(struct cli *c, int argc, char **argv);
int cli_claim(struct cli *c, int argc, char **argv);
int cli_link(struct cli *c, int argc, char **argv);
int cli_macro(struct cli *c, int argc, char **argv);
int cli_merge(struct cli *c, int argc, char **argv);
int cli_split(struct cli *c, int argc, char **argv);
/* Load the shipped reply templates; count, 0 when none found, -1 on error. */
int cli_load_default_templates(const struct cli *c, struct store *st);
/* Load (or replace) the shipped macros, after the templates they use;
 * the same counts. */
int cli_load_default_macros(const struct cli *c, struct store *st);

int cli_demo(struct cli *c, int argc, char **argv);
/* Inspects the database file itself: it opens it read-only, or not at all. */
int cli_doctor(struct cli *c, int argc, char **argv);
int cli_erase(struct cli *c, int argc, char **argv);
int cli_duplicates(struct cli *c, int argc, char **argv);
int cli_escalation(struct cli *c, int argc, char **argv);
int cli_export(struct cli *c, int argc, char **argv);
int cli_import(struct cli *c, int argc, char **argv);
int cli_ingest(struct cli *c, int argc, char **argv);
int cli_outbox(struct cli *c, int argc, char **argv);
int cli_quarantine(struct cli *c, int argc, char **argv);
int cli_queue(struct cli *c, int argc, char **argv);
/* Opens (and creates) the database itself: it sets modes and groups. */
int cli_init(struct cli *c, int argc, char **argv);
int cli_note(struct cli *c, int argc, char **argv);
int cli_reindex(struct cli *c, int argc, char **argv);
int cli_release(struct cli *c, int argc, char **argv);
int cli_reply(struct cli *c, int argc, char **argv);
int cli_resolve(struct cli *c, int argc, char **argv);
int cli_search(struct cli *c, int argc, char **argv);
int cli_report(struct cli *c, int argc, char **argv);
int cli_send(struct cli *c, int argc, char **argv);
int cli_show(struct cli *c, int argc, char **argv);
int cli_snooze(struct cli *c, int argc, char **argv);
int cli_status(struct cli *c, int argc, char **argv);
int cli_tag(struct cli *c, int argc, char **argv);
int cli_tags(struct cli *c, int argc, char **argv);
int cli_view(struct cli *c, int argc, char **argv);
int cli_templates(struct cli *c, int argc, char **argv);
int cli_unsnooze(struct cli *c, int argc, char **argv);

#endif
