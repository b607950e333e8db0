TEMAS_CLI_LIB = libtemas_cli.a
noinst_LIBRARIES += libtemas_cli.a
# Reply templates are found in the source tree too, so a build runs uninstalled.
libtemas_cli_a_CPPFLAGS = $(AM_CPPFLAGS) \
	-DTEMAS_TEMPLATE_SRCDIR=\"$(abs_top_srcdir)/templates\"
libtemas_cli_a_SOURCES =
libtemas_cli_a_SOURCES += src/cli/agent.c
libtemas_cli_a_SOURCES += src/cli/claim.c
libtemas_cli_a_SOURCES += src/cli/cli.c
libtemas_cli_a_SOURCES += src/cli/demo.c
libtemas_cli_a_SOURCES += src/cli/flow.h
libtemas_cli_a_SOURCES += src/cli/init.c
libtemas_cli_a_SOURCES += src/cli/reply.c
libtemas_cli_a_SOURCES += src/cli/report.c
libtemas_cli_a_SOURCES += src/cli/search.c
libtemas_cli_a_SOURCES += src/cli/show.c
libtemas_cli_a_SOURCES += src/cli/templates.c
