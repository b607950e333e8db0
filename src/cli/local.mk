TEMAS_CLI_LIB = libtemas_cli.a
noinst_LIBRARIES += libtemas_cli.a
libtemas_cli_a_SOURCES = \
	src/cli/agent.c \
	src/cli/claim.c \
	src/cli/cli.c \
	src/cli/demo.c \
	src/cli/flow.h \
	src/cli/init.c \
	src/cli/reply.c \
	src/cli/show.c \
	src/cli/templates.c
