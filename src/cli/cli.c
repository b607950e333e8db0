/*
 * cli.c: what every subcommand shares: error printing in one format.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "temas/cli.h"

void cli_error(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", c && c->prog ? c->prog : "temas");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
