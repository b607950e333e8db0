# Every test speaks TAP, so the driver counts each test case.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_EXTENSIONS = .sh
SH_LOG_DRIVER = $(LOG_DRIVER)
AM_TESTS_ENVIRONMENT = \
	TEMAS='$(abs_top_builddir)/temas'; export TEMAS; \
	TEMAS_SRCDIR='$(abs_top_srcdir)'; export TEMAS_SRCDIR; \
	TEMAS_BUILDDIR='$(abs_top_builddir)'; export TEMAS_BUILDDIR; \
	LC_ALL=C.UTF-8; export LC_ALL; \
	LSAN_OPTIONS='suppressions=$(abs_top_srcdir)/tests/lsan.supp:print_suppressions=0'; \
	export LSAN_OPTIONS; \
	ASAN_OPTIONS='abort_on_error=0:detect_stack_use_after_return=1'; export ASAN_OPTIONS; \
	UBSAN_OPTIONS='print_stacktrace=1:halt_on_error=1'; export UBSAN_OPTIONS; \
	unset TEMAS_DB XDG_DATA_HOME;

EXTRA_DIST += tests/unit/harness.h tests/e2e/lib.sh tests/lsan.supp
TEST_UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SQLITE_CFLAGS)
TEST_UNIT_LIBS = $(TEMAS_CLI_LIB) $(TEMAS_STORE_LIB) $(TEMAS_TEXT_LIB) \
	$(CHECK_LIBS) $(SQLITE_LIBS) $(LIBINTL) -lm

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_config
tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_config_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_locale
tests_unit_test_locale_SOURCES = tests/unit/test_locale.c
tests_unit_test_locale_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_locale_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_store
tests_unit_test_store_SOURCES = tests/unit/test_store.c
tests_unit_test_store_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_store_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_text
tests_unit_test_text_SOURCES = tests/unit/test_text.c
tests_unit_test_text_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_text_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_csv
tests_unit_test_csv_SOURCES = tests/unit/test_csv.c
tests_unit_test_csv_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_csv_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_json
tests_unit_test_json_SOURCES = tests/unit/test_json.c
tests_unit_test_json_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_json_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_mail
tests_unit_test_mail_SOURCES = tests/unit/test_mail.c
tests_unit_test_mail_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_mail_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_parse
tests_unit_test_parse_SOURCES = tests/unit/test_parse.c
tests_unit_test_parse_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_parse_LDADD = $(TEST_UNIT_LIBS)
endif

TESTS += $(check_PROGRAMS)
TESTS += \
	tests/e2e/cli_config.sh \
	tests/e2e/cli_init.sh \
	tests/e2e/cli_open.sh \
	tests/e2e/data_io.sh \
	tests/e2e/doc.sh \
	tests/e2e/import.sh \
	tests/e2e/install.sh \
	tests/e2e/po_tr.sh
EXTRA_DIST += \
	tests/e2e/cli_config.sh \
	tests/e2e/cli_init.sh \
	tests/e2e/cli_open.sh \
	tests/e2e/data_io.sh \
	tests/e2e/doc.sh \
	tests/e2e/import.sh \
	tests/e2e/install.sh \
	tests/e2e/po_tr.sh

EXTRA_DIST += tests/data
