/*
 * path.h: file-name arithmetic that opening and creating a database both
 * need (no file system access here, only the string).
 */
#ifndef TEMAS_PATH_H
#define TEMAS_PATH_H

#include <stddef.h>

/*
 * The directory part of path into buf (n bytes, NUL-terminated, cut when
 * short): everything before the last '/', "/" for a file in the root and
 * "." for a bare file name.
 */
void text_path_dir(const char *path, char *buf, size_t n);

#endif
