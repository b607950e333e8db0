/*
 * path.c: the directory of a file name, for the store (does the directory
 * of a new database exist?) and `temas init` (which directory to share);
 * and the one way a file named to be read is opened, so that every
 * command says the same of a directory given in its place.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "temas/i18n.h"
#include "temas/path.h"

void text_path_dir(const char *path, char *buf, size_t n)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, n, ".");
	else if (slash == path)
		snprintf(buf, n, "/");
	else
		snprintf(buf, n, "%.*s", (int)(slash - path), path);
}

FILE *text_path_open_read(const char *path, char *err, size_t errsz)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	const char *why = NULL;
	int e = 0;

	if (f == NULL) {
		e = errno;
		snprintf(err, errsz, _("%s: cannot open: %s"), path, strerror(e));
		errno = e;
		return NULL;
	}
	/* fopen opens a directory for reading; only the reads fail. */
	if (fstat(fileno(f), &sb) != 0) {
		e = errno;
		why = strerror(e);
	} else if (S_ISDIR(sb.st_mode)) {
		e = EISDIR;
		why = _("is a directory");
	} else if (S_ISBLK(sb.st_mode) || S_ISSOCK(sb.st_mode)) {
		e = EINVAL;
		why = _("is not a regular file");
	}
	if (why == NULL)
		return f;
	fclose(f);
	snprintf(err, errsz, "%s: %s", path, why);
	errno = e;
	return NULL;
}
