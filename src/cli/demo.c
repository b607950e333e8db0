/*
 * demo.c: `temas demo`, a generated demo database.
 */
#include "config.h"

#include "temas/cli.h"

int cli_demo(struct cli *c, int argc, char **argv)
{
	(void)c; (void)argc; (void)argv;
	return EXIT_OK;
}
