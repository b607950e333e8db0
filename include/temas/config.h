/*
 * config.h: the configuration files, read once at start-up.
 *
 * The system file ($(sysconfdir)/temas/config) is read first and the user's
 * ($XDG_CONFIG_HOME/temas/config) second, so the user's settings win.
 * Lines are `key = value`, `bind KEY COMMAND`, `# comments` and blank lines.
 * The parser only checks and stores; the program decides what a value means.
 */
#ifndef TEMAS_CONFIG_H
#define TEMAS_CONFIG_H

#include <stddef.h>

struct config;

enum config_status {
	CONFIG_OK = 0,
	CONFIG_ERROR = -1,     /* the message names file, line and problem */
	CONFIG_NOMEM = -2,
};

/* An empty configuration; NULL when out of memory. */
struct config *config_new(void);
void config_free(struct config *cfg);

/*
 * Parse text as if read from a file called name (used in messages), on top
 * of what cfg holds.  On a bad line writes "NAME:LINE: problem" into err and
 * leaves cfg as it was.
 */
int config_parse(struct config *cfg, const char *name, const char *text,
		 char *err, size_t errsz);
/* Read one file; a missing file is not an error (nothing changes). */
int config_load_file(struct config *cfg, const char *path, char *err,
		     size_t errsz);
/*
 * The system file, then the user's file.  sysconfdir is the directory that
 * holds temas/config (normally SYSCONFDIR).
 */
int config_load_default(struct config *cfg, const char *sysconfdir, char *err,
			size_t errsz);
/* The user's file path: $XDG_CONFIG_HOME/temas/config or ~/.config/... */
int config_user_path(char *buf, size_t n);

/* A key's value (database, theme, date_format, churn_days, sendmail,
 * from, give_up_hours, attachment_max_kb, csat, csat_delay,
 * csat_template); NULL when not set. */
const char *config_get(const struct config *cfg, const char *key);

/* Key bindings in file order; a later binding of a key replaces the first. */
size_t config_binding_count(const struct config *cfg);
/* The i-th binding; CONFIG_ERROR when i is out of range. */
int config_binding(const struct config *cfg, size_t i, const char **key,
		   const char **action);
/*
 * Where the i-th binding was read (the file name given to config_parse and
 * its line), so that the program can name it when the key or action is
 * one it does not know.  CONFIG_ERROR when i is out of range.
 */
int config_binding_origin(const struct config *cfg, size_t i,
			  const char **file, long *line);

#endif
