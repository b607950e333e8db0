TEMAS_CLI_LIB = libtemas_cli.a
noinst_LIBRARIES += libtemas_cli.a
libtemas_cli_a_SOURCES =
libtemas_cli_a_SOURCES += src/cli/cli.c
libtemas_cli_a_SOURCES += src/cli/demo.c
libtemas_cli_a_SOURCES += src/cli/init.c
libtemas_cli_a_SOURCES += src/cli/report.c
libtemas_cli_a_SOURCES += src/cli/search.c
