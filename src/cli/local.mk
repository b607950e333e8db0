TEMAS_CLI_LIB = libtemas_cli.a
noinst_LIBRARIES += libtemas_cli.a
libtemas_cli_a_SOURCES = \
	src/cli/cli.c \
	src/cli/demo.c \
	src/cli/erase.c \
	src/cli/export.c \
	src/cli/import.c \
	src/cli/ingest.c \
	src/cli/init.c \
	src/cli/queue.c
