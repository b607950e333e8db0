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
EXTRA_DIST += tests/unit/minidb.h
TEST_UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SQLITE_CFLAGS)
TEST_UNIT_LIBS = $(TEMAS_CLI_LIB) $(TEMAS_STORE_LIB) $(TEMAS_TEXT_LIB) \
	$(CHECK_LIBS) $(SQLITE_LIBS) $(LIBINTL) -lm

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_customer
tests_unit_test_customer_SOURCES = tests/unit/test_customer.c
tests_unit_test_customer_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_customer_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_queue
tests_unit_test_queue_SOURCES = tests/unit/test_queue.c
tests_unit_test_queue_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_queue_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_store
tests_unit_test_store_SOURCES = tests/unit/test_store.c
tests_unit_test_store_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_store_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_theme
tests_unit_test_theme_SOURCES = tests/unit/test_theme.c
tests_unit_test_theme_CFLAGS = $(TEST_UNIT_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_theme_LDADD = $(TEMAS_UI_LIB) $(TEST_UNIT_LIBS) $(NCURSES_LIBS)

check_PROGRAMS += tests/unit/test_text
tests_unit_test_text_SOURCES = tests/unit/test_text.c
tests_unit_test_text_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_text_LDADD = $(TEST_UNIT_LIBS)
endif

TESTS += $(check_PROGRAMS)
TESTS += \
	tests/e2e/cli_open.sh \
	tests/e2e/ui_hostile.sh \
	tests/e2e/ui_layout.sh \
	tests/e2e/ui_live.sh \
	tests/e2e/ui_queue.sh \
	tests/e2e/ui_start.sh
EXTRA_DIST += \
	tests/e2e/cli_open.sh \
	tests/e2e/ui_fixture.sql \
	tests/e2e/ui_hostile.sh \
	tests/e2e/ui_layout.sh \
	tests/e2e/ui_live.sh \
	tests/e2e/ui_queue.sh \
	tests/e2e/ui_start.sh
