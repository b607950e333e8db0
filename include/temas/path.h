/*
 * path.h: file-name arithmetic that opening and creating a database both
 * need, and opening a file that a command reads.
 */
#ifndef TEMAS_PATH_H
#define TEMAS_PATH_H

#include <stddef.h>
#include <stdio.h>

/*
 * The directory part of path into buf (n bytes, NUL-terminated, cut when
 * short): everything before the last '/', "/" for a file in the root and
 * "." for a bare file name.
 */
void text_path_dir(const char *path, char *buf, size_t n);

/*
 * Open path for reading: every file a command is given to read goes
 * through here.  A directory or a block device is refused by name
 * ("PATH: is a directory"), as is a file that cannot be opened ("PATH:
 * cannot open: why"); err gets the message (errsz bytes) and errno says
 * why (EISDIR, EINVAL, or fopen's).  Pipes and terminals are read.
 */
FILE *text_path_open_read(const char *path, char *err, size_t errsz);

#endif
