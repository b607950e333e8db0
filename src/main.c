/*
 * main.c: arguments, locale and the table of subcommands.
 *
 * `temas` alone opens the console; `temas COMMAND ...` runs a subcommand.
 * The database is opened here, once, with the flags the command asks for,
 * so every command reports a bad database file the same way.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "temas/agent.h"
#include "temas/cli.h"
#include "temas/config.h"
#include "temas/deliver.h"
#include "temas/i18n.h"
#include "temas/parse.h"
#include "temas/store.h"
#include "temas/survey.h"
#include "temas/ui.h"

/* MTA_EXIT: a mail server pipes to it; trouble that may pass (the
 * configuration, the database) is EX_TEMPFAIL so the server retries. */
/* BOOTSTRAP: a database with no agent yet lets anyone run it (setting up
 * a new file), as `temas agent add` does. */
/* NO_BATCH: makes or replaces the file, reads standard input, or is
 * `batch` itself: not one of the lines of a batch. */
/* OWN_HELP: answers --help itself, with every option; the others are
 * answered by command_help, from this table. */
enum { NEEDS_DB = 1, CREATES_DB = 2, MTA_EXIT = 4, BOOTSTRAP = 8, NO_BATCH = 16,
       OWN_HELP = 32 };
#define EX_TEMPFAIL 75

#define TEMAS_COPYRIGHT_YEARS "2026"

struct command {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
	int db;                 /* 0, NEEDS_DB or NEEDS_DB|CREATES_DB */
	const char *summary;
	/* Who may run it, checked before it runs.  Commands that act as an
	 * agent (claim, reply, ...) check that themselves, with --as. */
	enum cli_need need;
};

static int run_batch(struct cli *c, int argc, char **argv);

static const struct command commands[] = {
	{ "agent", cli_agent, NEEDS_DB | CREATES_DB,
	  N_("add an agent (add LOGIN [--name N] [--supervisor]), rename or change a role (set LOGIN [--name N] [--supervisor | --agent]), take one off the team (remove LOGIN), list them, set capacity and skills"), NEED_NOBODY },
	{ "assign", cli_assign, NEEDS_DB,
	  N_("hand complaints to an agent (supervisors): assign ID... LOGIN"), NEED_NOBODY },
	{ "assign-rule", cli_assign_rule, NEEDS_DB,
	  N_("auto-assignment of new complaints: assign-rule list, set CHANNEL MODE (supervisors)"),
	  NEED_AGENT },
	{ "attachment", cli_attachment, NEEDS_DB,
	  N_("files that came with messages: attachment list ID, save ID FILE"), NEED_AGENT },
	{ "backup", cli_backup, NEEDS_DB | OWN_HELP,
	  N_("copy the live database to a new file: backup FILE (supervisors)"),
	  NEED_SUPERVISOR },
	{ "batch", run_batch, NEEDS_DB | NO_BATCH | OWN_HELP,
	  N_("run commands read from standard input, one a line, in one process"),
	  NEED_NOBODY },
	{ "calendar", cli_calendar, NEEDS_DB,
	  N_("business-hours calendars: calendar list, show NAME, import FILE, assign CHANNEL NAME"),
	  NEED_AGENT },
	{ "claim", cli_claim, NEEDS_DB, N_("take complaints: claim ID... or --filter EXPR"), NEED_NOBODY },
	{ "demo", cli_demo, NEEDS_DB | CREATES_DB | NO_BATCH | OWN_HELP,
	  N_("generate a demo database (--customers N, --seed S)"), NEED_NOBODY },
	{ "doctor", cli_doctor, OWN_HELP,
	  N_("show the database's files, modes, owners, journal, schema, integrity"),
	  NEED_NOBODY },
	{ "duplicates", cli_duplicates, NEEDS_DB,
	  N_("customer records with one e-mail or phone, to merge: duplicates [--by email|phone]"),
	  NEED_SUPERVISOR },
	{ "erase", cli_erase, NEEDS_DB | OWN_HELP,
	  N_("erase a customer's personal data (customer ID [--yes])"), NEED_SUPERVISOR },
	{ "escalation", cli_escalation, NEEDS_DB,
	  N_("rules that act at or before a due time: escalation list, add, remove, run"),
	  NEED_AGENT },
	{ "export", cli_export, NEEDS_DB | OWN_HELP,
	  N_("write customers, orders, ... as CSV or JSON lines"), NEED_SUPERVISOR },
	{ "import", cli_import, NEEDS_DB | CREATES_DB | BOOTSTRAP | OWN_HELP,
	  N_("add or update customers, orders, ... from CSV or JSON lines"), NEED_SUPERVISOR },
	{ "ingest", cli_ingest, NEEDS_DB | MTA_EXIT | NO_BATCH | OWN_HELP,
	  N_("file one e-mail (or --json message) from standard input"), NEED_INGEST },
	{ "init", cli_init, NO_BATCH,
	  N_("create a shared team database (--group G, --supervisor LOGIN)"), NEED_NOBODY },
	{ "link", cli_link, NEEDS_DB,
	  N_("link two related complaints: link A B"), NEED_NOBODY },
	{ "macro", cli_macro, NEEDS_DB,
	  N_("named sets of actions: macro list, show, add FILE, remove, apply NAME ID..."),
	  NEED_AGENT },
	{ "merge", cli_merge, NEEDS_DB,
	  N_("merge a duplicate complaint into another: merge SRC INTO; two records of one customer: merge customer SRC INTO"), NEED_NOBODY },
	{ "note", cli_note, NEEDS_DB,
	  N_("add an internal note: note ID (--file F | --text T)"), NEED_NOBODY },
	{ "outbox", cli_outbox, NEEDS_DB,
	  N_("replies waiting for a gateway: outbox --channel CH, ack ID, fail ID"), NEED_INGEST },
	{ "quarantine", cli_quarantine, NEEDS_DB,
	  N_("e-mail held back (auto-replies, loops, bulk): list, release ID"), NEED_AGENT },
	{ "queue", cli_queue, NEEDS_DB | OWN_HELP,
	  N_("list open complaints, most urgent first (--mine, --breached, ...)"), NEED_AGENT },
	{ "reindex", cli_reindex, NEEDS_DB | OWN_HELP,
	  N_("rebuild the search index"), NEED_AGENT },
	{ "release", cli_release, NEEDS_DB,
	  N_("put complaints back in the queue: release ID... or --filter EXPR"), NEED_NOBODY },
	{ "reply", cli_reply, NEEDS_DB,
	  N_("answer a complaint: reply ID (--template NAME | --file F | --text T)"), NEED_NOBODY },
	{ "resolve", cli_resolve, NEEDS_DB,
	  N_("resolve complaints: resolve ID... --note TEXT"), NEED_NOBODY },
	{ "search", cli_search, NEEDS_DB | OWN_HELP,
	  N_("find customers, orders and interactions (--format text|tsv|json)"), NEED_AGENT },
	{ "report", cli_report, NEEDS_DB | OWN_HELP,
	  N_("supervisor figures for a period (--since, --until, --format)"), NEED_NOBODY },
	{ "send", cli_send, NEEDS_DB,
	  N_("hand queued e-mail replies to the mail server (sendmail)"), NEED_INGEST },
	{ "show", cli_show, NEEDS_DB,
	  N_("print a complaint or a customer: show complaint|customer ID"), NEED_NOBODY },
	{ "snooze", cli_snooze, NEEDS_DB,
	  N_("out of the queue until a time: snooze ID WHEN [--note TEXT]"),
	  NEED_NOBODY },
	{ "split", cli_split, NEEDS_DB,
	  N_("split a customer's message off into a new complaint: split MESSAGE"),
	  NEED_NOBODY },
	{ "status", cli_status, NEEDS_DB,
	  N_("change complaints' state: status ID... STATE [--note TEXT]"), NEED_NOBODY },
	{ "tag", cli_tag, NEEDS_DB,
	  N_("tag complaints: tag ID... add|remove TAG..., or show their tags"),
	  NEED_NOBODY },
	{ "tags", cli_tags, NEEDS_DB,
	  N_("list the tags in use with open and all complaints"), NEED_AGENT },
	{ "templates", cli_templates, NEEDS_DB,
	  N_("reply templates: templates load FILE | templates list"), NEED_NOBODY },
	{ "unsnooze", cli_unsnooze, NEEDS_DB,
	  N_("back in the queue now: unsnooze ID"), NEED_NOBODY },
	{ "view", cli_view, NEEDS_DB,
	  N_("saved queue filters: view save NAME FILTER [--shared], list, remove NAME"),
	  NEED_AGENT },
};

#ifdef TEMAS_TEST_CLOCK
/* The number in the file TEMAS_NOW_FILE names; 0 (the pinned clock)
 * when it cannot be read. */
static long long test_clock_file(void *path)
{
	FILE *f = fopen(path, "r");
	long long t = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%lld", &t) != 1)
		t = 0;
	fclose(f);
	return t;
}
#endif

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, _("Usage: temas [-d FILE] [COMMAND [ARGS]]\n"
		       "Terminal console for customer-service teams.\n\n"
		       "With no command, open the console.\n\n"
		       "Options:\n"
		       "  -d, --db FILE   database file (default: $TEMAS_DB, the\n"
		       "                  'database' setting in the configuration\n"
		       "                  file, or $XDG_DATA_HOME/temas/temas.db)\n"
		       "  -h, --help      show this help and exit\n"
		       "  -V, --version   show the version and exit\n\n"
		       "Commands:\n"));
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(out, _("\nExit status: 0 success, 1 failure (the output not written too),\n"
		       "2 usage error, 3 not found, 4 conflict (taken by another agent,\n"
		       "or an agent added twice),\n"
		       "5 refused by a rule, 6 of several, some done and some refused;\n"
		       "ingest, for mail servers: 65 never fileable, 75 try again later.\n\n"
		       "Configuration: %s/temas/config, then\n"
		       "$XDG_CONFIG_HOME/temas/config (~/.config/temas/config).\n"
		       "Full documentation: man temas\n"), SYSCONFDIR);
}

/* `temas COMMAND --help` for a command that does not answer it itself:
 * its line of the command list, and where every option is. */
static void command_help(const struct command *cmd)
{
	printf(_("Usage: temas [-d FILE] %s ...\n"), cmd->name);
	printf("%s\n", _(cmd->summary));
	printf(_("Every option: man temas (COMMANDS, %s).\n"), cmd->name);
}

static void version(void)
{
	printf("temas %s\n", PACKAGE_VERSION);
	printf("Copyright (C) %s the temas authors.\n", TEMAS_COPYRIGHT_YEARS);
	printf(_("There is NO WARRANTY, to the extent permitted by law.\n"));
}

/* The command called name, or NULL once the message saying there is
 * none is printed. */
static const struct command *find_command(const struct cli *c, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	cli_error(c, _("unknown command '%s' (see 'temas --help')"), name);
	return NULL;
}

/*
 * Take -d FILE / --db FILE / --db=FILE out of argv wherever it stands, so
 * `temas -d x demo` and `temas demo -d x` mean the same.  Returns the
 * remaining argc, or -1 on a missing argument.
 */
static int take_db_option(int argc, char **argv, const char **db)
{
	int i, o = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[o++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "-d") == 0 || strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc)
				return -1;
			*db = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			*db = argv[i] + 5;
		} else {
			argv[o++] = argv[i];
		}
	}
	argv[o] = NULL;
	return o;
}

/* Create the default database's directory (0770: shared by a team group). */
static void make_parent_dirs(const char *path)
{
	char buf[4096];
	char *p;

	snprintf(buf, sizeof buf, "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0770) != 0 && errno != EEXIST)
			return;
		*p = '/';
	}
}

/*
 * The database file: -d, then $TEMAS_DB, then the configuration's
 * `database` (a leading ~/ is the home directory), then the XDG default.
 * *make_dirs is set for the paths temas chose itself, whose directories it
 * may create.
 */
static int resolve_db(const struct config *cfg, const char **db, char *buf,
		      size_t n, int *make_dirs)
{
	const char *env = getenv("TEMAS_DB");
	const char *conf = config_get(cfg, "database");
	const char *home = getenv("HOME");
	int w;

	*make_dirs = 0;
	if (*db != NULL)
		return EXIT_OK;
	if ((env == NULL || *env == '\0') && conf != NULL) {
		if (strncmp(conf, "~/", 2) == 0 && home && *home)
			w = snprintf(buf, n, "%s/%s", home, conf + 2);
		else
			w = snprintf(buf, n, "%s", conf);
		if (w < 0 || (size_t)w >= n)
			return EXIT_USAGE;
		*db = buf;
		return EXIT_OK;
	}
	if (store_default_path(buf, n) != STORE_OK)
		return EXIT_USAGE;
	*db = buf;
	*make_dirs = 1;
	return EXIT_OK;
}

/*
 * The configuration's key bindings for the console, checked now so that a
 * wrong key or action stops every command, as any other bad line does.
 * The strings stay owned by cfg.
 */
static int load_bindings(const struct config *cfg, struct ui_binding **out,
			 size_t *nout, char *err, size_t errsz)
{
	size_t i, n = config_binding_count(cfg);
	struct ui_binding *b;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return EXIT_OK;
	b = calloc(n, sizeof *b);
	if (b == NULL) {
		snprintf(err, errsz, "%s", _("out of memory"));
		return EXIT_FAIL;
	}
	/* Both only fail past the count, which stops the loop anyway. */
	for (i = 0; i < n; i++)
		if (config_binding(cfg, i, &b[i].key, &b[i].action) != CONFIG_OK ||
		    config_binding_origin(cfg, i, &b[i].file, &b[i].line) != CONFIG_OK)
			break;
	n = i;
	if (ui_check_bindings(b, n, err, errsz) != 0) {
		free(b);
		return EXIT_FAIL;
	}
	*out = b;
	*nout = n;
	return EXIT_OK;
}

static int asks_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

/* Run cmd (argv[0] its name) after checking who may, and write the
 * act-as audit row its own writes did not carry (it only read, or was
 * refused). */
static int run_command(struct cli *c, const struct command *cmd, int argc,
		       char **argv)
{
	int rc = EXIT_OK;

	if (c->st != NULL && !asks_help(argc, argv))
		rc = cli_require(c, cmd->name, cmd->need, (cmd->db & BOOTSTRAP) != 0);
	/* A mail server keeps a message it could not hand over and tries
	 * again, so a refused pipe loses nothing. */
	if (rc != EXIT_OK && (cmd->db & MTA_EXIT))
		rc = EX_TEMPFAIL;
	else if (rc == EXIT_OK)
		rc = cmd->run(c, argc, argv);
	/* A usage shown on --help (cli_parse) is a success. */
	if (rc == EXIT_HELP)
		rc = EXIT_OK;
	if (c->st != NULL && store_audit_flush(c->st) != STORE_OK) {
		cli_error(c, "%s", store_errmsg(c->st));
		if (rc == EXIT_OK)
			rc = EXIT_FAIL;
	}
	return rc;
}

/* One line of a batch: any command but those that make the file, read
 * standard input or choose another database. */
static int batch_line(struct cli *c, int argc, char **argv)
{
	const struct command *cmd;
	const char *other = NULL;
	int rc;

	/* Read as the command line's -d is read, wherever it stands, and
	 * before the command's name, which it may come before. */
	if (strcmp(argv[0], "-d") == 0 || strcmp(argv[0], "--db") == 0 ||
	    strncmp(argv[0], "--db=", 5) == 0)
		other = argv[0];
	else
		argc = take_db_option(argc, argv, &other);
	if (argc < 0 || other != NULL) {
		cli_error(c, "%s", _("a batch has one database, the one it was started on; -d cannot be given in a line"));
		return EXIT_USAGE;
	}
	if ((cmd = find_command(c, argv[0])) == NULL)
		return EXIT_USAGE;
	if (cmd->db & NO_BATCH) {
		cli_error(c, _("%s cannot run in a batch"), cmd->name);
		return EXIT_USAGE;
	}
	c->batch = 1;
	rc = run_command(c, cmd, argc, argv);
	c->batch = 0;
	return rc;
}

static int run_batch(struct cli *c, int argc, char **argv)
{
	return cli_batch(c, argc, argv, batch_line);
}

static const char *current_login(void)
{
	struct passwd *pw = getpwuid(getuid());

	if (pw != NULL && pw->pw_name != NULL)
		return pw->pw_name;
	return NULL;
}

#if ENABLE_NLS
/* Where the message catalogues are: TEMAS_LOCALEDIR when set (the tests
 * point it at a catalogue built from the source tree), else the installed
 * ones, else, for a temas not yet installed, the copy `make` keeps in the
 * build tree, so build/temas speaks Turkish as the README promises. */
static const char *catalogue_dir(void)
{
	const char *env = getenv("TEMAS_LOCALEDIR");

	if (env != NULL && *env != '\0')
		return env;
#ifdef TEMAS_BUILD_LOCALEDIR
	if (access(LOCALEDIR "/tr/LC_MESSAGES/" PACKAGE ".mo", R_OK) != 0
	    && access(TEMAS_BUILD_LOCALEDIR "/tr/LC_MESSAGES/" PACKAGE ".mo",
		      R_OK) == 0)
		return TEMAS_BUILD_LOCALEDIR;
#endif
	return LOCALEDIR;
}
#endif

/* The satisfaction question as configured (checked when the file was
 * read): off unless "csat = on". */
static void csat_configure(struct store *st, const struct config *cfg)
{
	struct csat_conf cc = { 0, CSAT_DELAY_DEFAULT, CSAT_TEMPLATE_DEFAULT };
	const char *v = config_get(cfg, "csat"), *why;
	long long secs;

	cc.on = v != NULL && strcmp(v, "on") == 0;
	v = config_get(cfg, "csat_delay");
	if (v != NULL && text_parse_duration(v, &secs, &why) == 0)
		cc.delay = secs;
	v = config_get(cfg, "csat_template");
	if (v != NULL)
		snprintf(cc.template_name, sizeof cc.template_name, "%s", v);
	store_csat_set(st, &cc);
}

/*
 * A command's output reached its file, as coreutils' close_stdout checks:
 * a full disk or a closed pipe behind `temas queue > file` is a failure
 * with a message, not a cut file and exit 0.  A command that failed
 * already (export, report and batch check their own writes) keeps its
 * status and message.
 */
static int output_written(struct cli *c, const struct command *cmd, int rc)
{
	int failed = fflush(stdout) != 0, err = errno;

	if (!failed && !ferror(stdout))
		return rc;
	if (rc == EXIT_FAIL || rc == EX_TEMPFAIL)
		return rc;
	if (failed)
		cli_error(c, _("cannot write the output: %s"), strerror(err));
	else
		cli_error(c, "%s", _("cannot write the output"));
	return (cmd->db & MTA_EXIT) ? EX_TEMPFAIL : EXIT_FAIL;
}

int main(int argc, char **argv)
{
	const struct command *cmd = NULL;
	const char *db = NULL;
	char defpath[4096];
	struct cli c = { 0 };
	struct store *st = NULL;
	char err[1024];
	struct config *cfg;
	struct ui_binding *binds = NULL;
	size_t nbinds = 0;
	int rc, flags, make_dirs = 0;

	setlocale(LC_ALL, "");
#if ENABLE_NLS
	bindtextdomain(PACKAGE, catalogue_dir());
	textdomain(PACKAGE);
#endif
	c.prog = "temas";
	/* Customer data and the audit trail must not be reachable through a
	 * privileged binary. */
	if (getuid() != geteuid() || getgid() != getegid()) {
		cli_error(&c, _("refusing to run setuid or setgid"));
		return EXIT_FAIL;
	}
	umask(007);
	/* Past a file size limit a write should fail with a message (the
	 * transaction rolls back), not kill the process mid-write. */
	signal(SIGXFSZ, SIG_IGN);
	argc = take_db_option(argc, argv, &db);
	if (argc < 0 || (db != NULL && *db == '\0')) {
		cli_error(&c, _("option -d needs a file name"));
		return EXIT_USAGE;
	}
	if (argc > 1) {
		if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
			version();
			return EXIT_OK;
		}
		cmd = find_command(&c, argv[1]);
		if (cmd == NULL)
			return EXIT_USAGE;
		if (argc > 2 && !(cmd->db & OWN_HELP) &&
		    (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
			command_help(cmd);
			return output_written(&c, cmd, EXIT_OK);
		}
	}
	c.login = current_login();
	if (c.login == NULL) {
		cli_error(&c, _("cannot tell who is running temas (no passwd entry for uid %ld)"),
			  (long)getuid());
		return EXIT_FAIL;
	}
	cfg = config_new();
	if (cfg == NULL) {
		cli_error(&c, _("out of memory"));
		return EXIT_FAIL;
	}
	/* A broken configuration is reported before anything is opened, so a
	 * typo never runs the console against the wrong file or theme. */
	if (config_load_default(cfg, SYSCONFDIR, err, sizeof err) != CONFIG_OK) {
		cli_error(&c, "%s", err);
		config_free(cfg);
		return cmd && (cmd->db & MTA_EXIT) ? EX_TEMPFAIL : EXIT_FAIL;
	}
	rc = load_bindings(cfg, &binds, &nbinds, err, sizeof err);
	if (rc != EXIT_OK) {
		cli_error(&c, "%s", err);
		config_free(cfg);
		return rc;
	}
	rc = resolve_db(cfg, &db, defpath, sizeof defpath, &make_dirs);
	if (rc != EXIT_OK) {
		cli_error(&c, _("no database: give -d FILE or set TEMAS_DB"));
		free(binds);
		config_free(cfg);
		return cmd && (cmd->db & MTA_EXIT) ? EX_TEMPFAIL : rc;
	}
	if (cmd == NULL || (cmd->db & NEEDS_DB)) {
		if (make_dirs)
			make_parent_dirs(db);
		flags = (cmd && (cmd->db & CREATES_DB)) ? STORE_CREATE : 0;
		rc = store_open(&st, db, flags, err, sizeof err);
		if (rc != STORE_OK) {
			cli_error(&c, "%s", err);
			free(binds);
			config_free(cfg);
			if (cmd && (cmd->db & MTA_EXIT))
				return EX_TEMPFAIL;
			return rc == STORE_NOTFOUND ? EXIT_NOTFOUND : EXIT_FAIL;
		}
		if (store_warning(st))
			cli_error(&c, "%s", store_warning(st));
		if (cmd != NULL)
			store_wait_for_commands(st);
		csat_configure(st, cfg);
#ifdef TEMAS_TEST_CLOCK
		/* The test suite's build pins the clock so that screens and SLA
		 * figures repeat.  The installed program has no such door: a
		 * forged clock would backdate replies and erase SLA breaches. */
		if (getenv("TEMAS_NOW"))
			store_set_clock(st, strtoll(getenv("TEMAS_NOW"), NULL, 10));
		/* A clock the test moves on while the console runs idle. */
		if (getenv("TEMAS_NOW_FILE"))
			store_set_clock_source(st, test_clock_file,
					       getenv("TEMAS_NOW_FILE"));
		/* The requests prepared, with their plans (tests/plans.sh). */
		if (getenv("TEMAS_PLAN_LOG"))
			store_set_plan_log(st, getenv("TEMAS_PLAN_LOG"));
#endif
	}
	c.st = st;
	c.db_path = db;
	c.cfg = cfg;
	if (cmd != NULL) {
		rc = run_command(&c, cmd, argc - 1, argv + 1);
		rc = output_written(&c, cmd, rc);
	} else {
		/* TEMAS_THEME wins over the file, as TEMAS_DB does; the
		 * console reads it when no theme is passed. */
		const char *env_theme = getenv("TEMAS_THEME");
		struct deliver_conf dc;
		struct ui_options uo = {
			.deliver = &dc,
			.login = c.login,
			.theme = env_theme && *env_theme ? NULL
							 : config_get(cfg, "theme"),
			.date_format = config_get(cfg, "date_format"),
			.binds = binds,
			.nbinds = nbinds,
			.cfg = cfg,
		};

		deliver_conf_from(&dc, cfg);
		if (config_get(cfg, "attachment_max_kb"))
			uo.attachment_max = atoll(config_get(cfg, "attachment_max_kb")) * 1024;
		rc = ui_run(st, &uo);
	}
	free(binds);
	config_free(cfg);
	store_close(st);
	return rc;
}
