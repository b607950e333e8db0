/*
 * path.c: the directory of a file name, for the store (does the directory
 * of a new database exist?) and `temas init` (which directory to share).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

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
