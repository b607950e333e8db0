# Every test speaks TAP, so the driver counts each test case.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_EXTENSIONS = .sh
SH_LOG_DRIVER = $(LOG_DRIVER)
AM_TESTS_ENVIRONMENT = \
	TEMAS='$(abs_top_builddir)/tests/temas-test'; export TEMAS; \
	TEMAS_SHIPPED='$(abs_top_builddir)/temas'; export TEMAS_SHIPPED; \
	TEMAS_SRCDIR='$(abs_top_srcdir)'; export TEMAS_SRCDIR; \
	TEMAS_BUILDDIR='$(abs_top_builddir)'; export TEMAS_BUILDDIR; \
	LC_ALL=C.UTF-8; export LC_ALL; \
	LSAN_OPTIONS='suppressions=$(abs_top_srcdir)/tests/lsan.supp:print_suppressions=0'; \
	export LSAN_OPTIONS; \
	ASAN_OPTIONS='abort_on_error=0:detect_stack_use_after_return=1'; export ASAN_OPTIONS; \
	UBSAN_OPTIONS='print_stacktrace=1:halt_on_error=1'; export UBSAN_OPTIONS; \
	CK_DEFAULT_TIMEOUT=300; export CK_DEFAULT_TIMEOUT; \
	unset TEMAS_DB XDG_DATA_HOME;

# The tests run the program built from the same sources with one addition:
# it honours TEMAS_NOW, the pinned clock that makes screens and SLA figures
# repeat.  The installed temas is built without it (tests/e2e/cli_clock.sh).
noinst_PROGRAMS = tests/temas-test
tests_temas_test_SOURCES = src/main.c
tests_temas_test_CFLAGS = $(temas_CFLAGS) -DTEMAS_TEST_CLOCK=1
tests_temas_test_LDADD = $(temas_LDADD)

# One statement a line, so that branches adding tests merge cleanly.
FAST_TESTS =
EXTRA_DIST += tests/unit/harness.h tests/e2e/lib.sh tests/lsan.supp
EXTRA_DIST += tests/unit/fixture.h
EXTRA_DIST += tests/unit/minidb.h
EXTRA_DIST += tests/e2e/postfix.sh
TEST_UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SQLITE_CFLAGS)
TEST_UNIT_LIBS = $(TEMAS_CLI_LIB) $(TEMAS_STORE_LIB) $(TEMAS_TEXT_LIB) \
	$(CHECK_LIBS) $(SQLITE_LIBS) $(LIBINTL) -lm

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_config
tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_config_LDADD = $(TEST_UNIT_LIBS)

check_PROGRAMS += tests/unit/test_cmdline
tests_unit_test_cmdline_SOURCES = tests/unit/test_cmdline.c
tests_unit_test_cmdline_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_cmdline_LDADD = $(TEST_UNIT_LIBS)

check_PROGRAMS += tests/unit/test_customer
tests_unit_test_customer_SOURCES = tests/unit/test_customer.c
tests_unit_test_customer_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_customer_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_edit
tests_unit_test_edit_SOURCES = tests/unit/test_edit.c
tests_unit_test_edit_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_edit_LDADD = $(TEST_UNIT_LIBS)

check_PROGRAMS += tests/unit/test_faults
tests_unit_test_faults_SOURCES = tests/unit/test_faults.c
tests_unit_test_faults_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_faults_LDADD = $(TEST_UNIT_LIBS)

check_PROGRAMS += tests/unit/test_calendar
tests_unit_test_calendar_SOURCES = tests/unit/test_calendar.c
tests_unit_test_calendar_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_calendar_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_assign
tests_unit_test_assign_SOURCES = tests/unit/test_assign.c
tests_unit_test_assign_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_assign_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_escalate
tests_unit_test_escalate_SOURCES = tests/unit/test_escalate.c
tests_unit_test_escalate_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_escalate_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_macro
tests_unit_test_macro_SOURCES = tests/unit/test_macro.c
tests_unit_test_macro_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_macro_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_flow
tests_unit_test_flow_SOURCES = tests/unit/test_flow.c
tests_unit_test_flow_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_flow_LDADD = $(TEST_UNIT_LIBS)

check_PROGRAMS += tests/unit/test_input
tests_unit_test_input_SOURCES = tests/unit/test_input.c
tests_unit_test_input_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_input_LDADD = $(TEST_UNIT_LIBS)

check_PROGRAMS += tests/unit/test_keymap
tests_unit_test_keymap_SOURCES = tests/unit/test_keymap.c
tests_unit_test_keymap_CFLAGS = $(TEST_UNIT_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_keymap_LDADD = $(TEMAS_UI_LIB) $(TEST_UNIT_LIBS) $(NCURSES_LIBS) \
	$(LIBEDIT_LIBS)

check_PROGRAMS += tests/unit/test_locale
tests_unit_test_locale_SOURCES = tests/unit/test_locale.c
tests_unit_test_locale_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_locale_LDADD = $(TEST_UNIT_LIBS)

check_PROGRAMS += tests/unit/test_metrics
tests_unit_test_metrics_SOURCES = tests/unit/test_metrics.c
tests_unit_test_metrics_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_metrics_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_summary
tests_unit_test_summary_SOURCES = tests/unit/test_summary.c
tests_unit_test_summary_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_summary_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_demo
tests_unit_test_demo_SOURCES = tests/unit/test_demo.c
tests_unit_test_demo_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_demo_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_turn
tests_unit_test_turn_SOURCES = tests/unit/test_turn.c
tests_unit_test_turn_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_turn_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_store
tests_unit_test_store_SOURCES = tests/unit/test_store.c
tests_unit_test_store_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_store_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_query
tests_unit_test_query_SOURCES = tests/unit/test_query.c
tests_unit_test_query_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_query_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_filter
tests_unit_test_filter_SOURCES = tests/unit/test_filter.c
tests_unit_test_filter_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_filter_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_queue
tests_unit_test_queue_SOURCES = tests/unit/test_queue.c
tests_unit_test_queue_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_queue_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_search
tests_unit_test_search_SOURCES = tests/unit/test_search.c
tests_unit_test_search_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_search_LDADD = $(TEST_UNIT_LIBS)

check_PROGRAMS += tests/unit/test_search_lift
tests_unit_test_search_lift_SOURCES = tests/unit/test_search_lift.c
tests_unit_test_search_lift_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_search_lift_LDADD = $(TEST_UNIT_LIBS)

check_PROGRAMS += tests/unit/test_text
tests_unit_test_text_SOURCES = tests/unit/test_text.c
tests_unit_test_text_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_text_LDADD = $(TEST_UNIT_LIBS)

check_PROGRAMS += tests/unit/test_theme
tests_unit_test_theme_SOURCES = tests/unit/test_theme.c
tests_unit_test_theme_CFLAGS = $(TEST_UNIT_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_theme_LDADD = $(TEMAS_UI_LIB) $(TEST_UNIT_LIBS) $(NCURSES_LIBS)

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
check_PROGRAMS += tests/unit/test_mail_out
tests_unit_test_mail_out_SOURCES = tests/unit/test_mail_out.c
tests_unit_test_mail_out_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_mail_out_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_parse
tests_unit_test_parse_SOURCES = tests/unit/test_parse.c
tests_unit_test_parse_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_parse_LDADD = $(TEST_UNIT_LIBS)
check_PROGRAMS += tests/unit/test_when
tests_unit_test_when_SOURCES = tests/unit/test_when.c
tests_unit_test_when_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_when_LDADD = $(TEST_UNIT_LIBS)
else
TESTS += tests/unit/no_check.sh
FAST_TESTS += tests/unit/no_check.sh
endif
EXTRA_DIST += tests/unit/no_check.sh

# Fuzz harnesses, built with a plain main() that replays the stored corpus
# (tests/fuzz/corpus/<target>/) as TAP; tests/fuzz/run.sh does the fuzzing.
TEST_FUZZ_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/tests/fuzz
check_PROGRAMS += tests/fuzz/fuzz_text
tests_fuzz_fuzz_text_SOURCES = tests/fuzz/fuzz_text.c tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_text_CFLAGS = $(TEST_FUZZ_CFLAGS)
tests_fuzz_fuzz_text_LDADD = $(TEMAS_TEXT_LIB) $(LIBINTL) -lm
check_PROGRAMS += tests/fuzz/fuzz_theme
tests_fuzz_fuzz_theme_SOURCES = tests/fuzz/fuzz_theme.c tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_theme_CFLAGS = $(TEST_FUZZ_CFLAGS) $(NCURSES_CFLAGS)
tests_fuzz_fuzz_theme_LDADD = $(TEMAS_UI_LIB) $(TEMAS_TEXT_LIB) $(NCURSES_LIBS) $(LIBINTL) -lm
check_PROGRAMS += tests/fuzz/fuzz_config
tests_fuzz_fuzz_config_SOURCES = tests/fuzz/fuzz_config.c tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_config_CFLAGS = $(TEST_FUZZ_CFLAGS)
tests_fuzz_fuzz_config_LDADD = $(TEMAS_TEXT_LIB) $(LIBINTL) -lm
check_PROGRAMS += tests/fuzz/fuzz_csv
tests_fuzz_fuzz_csv_SOURCES = tests/fuzz/fuzz_csv.c tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_csv_CFLAGS = $(TEST_FUZZ_CFLAGS)
tests_fuzz_fuzz_csv_LDADD = $(TEMAS_TEXT_LIB) $(LIBINTL) -lm
check_PROGRAMS += tests/fuzz/fuzz_edit
tests_fuzz_fuzz_edit_SOURCES = tests/fuzz/fuzz_edit.c tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_edit_CFLAGS = $(TEST_FUZZ_CFLAGS)
tests_fuzz_fuzz_edit_LDADD = $(TEMAS_TEXT_LIB) $(LIBINTL) -lm
check_PROGRAMS += tests/fuzz/fuzz_json
tests_fuzz_fuzz_json_SOURCES = tests/fuzz/fuzz_json.c tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_json_CFLAGS = $(TEST_FUZZ_CFLAGS)
tests_fuzz_fuzz_json_LDADD = $(TEMAS_TEXT_LIB) $(LIBINTL) -lm
check_PROGRAMS += tests/fuzz/fuzz_mail_out
tests_fuzz_fuzz_mail_out_SOURCES = tests/fuzz/fuzz_mail_out.c tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_mail_out_CFLAGS = $(TEST_FUZZ_CFLAGS)
tests_fuzz_fuzz_mail_out_LDADD = $(TEMAS_TEXT_LIB) $(LIBINTL) -lm
check_PROGRAMS += tests/fuzz/fuzz_mail
tests_fuzz_fuzz_mail_SOURCES = tests/fuzz/fuzz_mail.c tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_mail_CFLAGS = $(TEST_FUZZ_CFLAGS)
tests_fuzz_fuzz_mail_LDADD = $(TEMAS_TEXT_LIB) $(LIBINTL) -lm
check_PROGRAMS += tests/fuzz/fuzz_parse
tests_fuzz_fuzz_parse_SOURCES = tests/fuzz/fuzz_parse.c tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_parse_CFLAGS = $(TEST_FUZZ_CFLAGS)
tests_fuzz_fuzz_parse_LDADD = $(TEMAS_TEXT_LIB) $(LIBINTL) -lm
check_PROGRAMS += tests/fuzz/fuzz_query
tests_fuzz_fuzz_query_SOURCES = tests/fuzz/fuzz_query.c tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_query_CFLAGS = $(TEST_FUZZ_CFLAGS)
tests_fuzz_fuzz_query_LDADD = $(TEMAS_TEXT_LIB) $(LIBINTL) -lm
EXTRA_DIST += tests/fuzz/run.sh tests/fuzz/corpus

TESTS += $(check_PROGRAMS)

E2E_TESTS =
E2E_TESTS += tests/e2e/claim_race.sh
E2E_TESTS += tests/e2e/cli_act_as.sh
E2E_TESTS += tests/e2e/cli_assign.sh
E2E_TESTS += tests/e2e/cli_calendar.sh
E2E_TESTS += tests/e2e/cli_escalation.sh
E2E_TESTS += tests/e2e/cli_macro.sh
E2E_TESTS += tests/e2e/ui_macro.sh
E2E_TESTS += tests/e2e/cli_config.sh
E2E_TESTS += tests/e2e/cli_demo.sh
E2E_TESTS += tests/e2e/cli_demo_bulk.sh
E2E_TESTS += tests/e2e/cli_diskfull.sh
E2E_TESTS += tests/e2e/data_long.sh
E2E_TESTS += tests/e2e/cli_ingest_from.sh
E2E_TESTS += tests/e2e/import_team.sh
E2E_TESTS += tests/e2e/cli_faults.sh
E2E_TESTS += tests/e2e/cli_flow.sh
E2E_TESTS += tests/e2e/cli_merge.sh
E2E_TESTS += tests/e2e/cli_customer_merge.sh
E2E_TESTS += tests/e2e/cli_merge_contacts.sh
E2E_TESTS += tests/e2e/cli_duplicates.sh
E2E_TESTS += tests/e2e/cli_snooze.sh
E2E_TESTS += tests/e2e/cli_split.sh
E2E_TESTS += tests/e2e/cli_same_order.sh
E2E_TESTS += tests/e2e/cli_help.sh
E2E_TESTS += tests/e2e/cli_hostile.sh
E2E_TESTS += tests/e2e/cli_init.sh
E2E_TESTS += tests/e2e/cli_input_files.sh
E2E_TESTS += tests/e2e/cli_mail_in.sh
E2E_TESTS += tests/e2e/cli_open.sh
E2E_TESTS += tests/e2e/cli_output.sh
E2E_TESTS += tests/e2e/cli_perm.sh
E2E_TESTS += tests/e2e/cli_rights.sh
E2E_TESTS += tests/e2e/cli_agents.sh
E2E_TESTS += tests/e2e/cli_agent_remove.sh
E2E_TESTS += tests/e2e/cli_channel_codes.sh
E2E_TESTS += tests/e2e/cli_backup.sh
E2E_TESTS += tests/e2e/cli_clock.sh
E2E_TESTS += tests/e2e/cli_plant.sh
E2E_TESTS += tests/e2e/cli_queue_limit.sh
E2E_TESTS += tests/e2e/cli_wait.sh
E2E_TESTS += tests/e2e/cli_doctor.sh
E2E_TESTS += tests/e2e/cli_erase_trace.sh
E2E_TESTS += tests/e2e/cli_report.sh
E2E_TESTS += tests/e2e/cli_search.sh
E2E_TESTS += tests/e2e/cli_send.sh
E2E_TESTS += tests/e2e/cli_send_long.sh
E2E_TESTS += tests/e2e/mail_names.sh
E2E_TESTS += tests/e2e/cli_csat.sh
E2E_TESTS += tests/e2e/plans.sh
E2E_TESTS += tests/e2e/ui_csat.sh
E2E_TESTS += tests/e2e/cli_tags.sh
E2E_TESTS += tests/e2e/concurrency.sh
E2E_TESTS += tests/e2e/crash.sh
E2E_TESTS += tests/e2e/data_io.sh
E2E_TESTS += tests/e2e/data_relations.sh
E2E_TESTS += tests/e2e/data_reimport.sh
E2E_TESTS += tests/e2e/data_merge_io.sh
E2E_TESTS += tests/e2e/data_contact_io.sh
E2E_TESTS += tests/e2e/data_merge_meta_io.sh
E2E_TESTS += tests/e2e/dist_files.sh
E2E_TESTS += tests/e2e/doc.sh
E2E_TESTS += tests/e2e/import.sh
E2E_TESTS += tests/e2e/import_search.sh
E2E_TESTS += tests/e2e/import_surveys.sh
E2E_TESTS += tests/e2e/install.sh
E2E_TESTS += tests/e2e/mail_postfix.sh
E2E_TESTS += tests/e2e/po_tr.sh
E2E_TESTS += tests/e2e/readme.sh
E2E_TESTS += tests/e2e/ui_bounds.sh
E2E_TESTS += tests/e2e/ui_compose.sh
E2E_TESTS += tests/e2e/ui_draft_removed.sh
E2E_TESTS += tests/e2e/ui_config.sh
E2E_TESTS += tests/e2e/ui_fit80.sh
E2E_TESTS += tests/e2e/ui_follow.sh
E2E_TESTS += tests/e2e/ui_hostile.sh
E2E_TESTS += tests/e2e/ui_nameless.sh
E2E_TESTS += tests/e2e/ui_many_agents.sh
E2E_TESTS += tests/e2e/ui_many_channels.sh
E2E_TESTS += tests/e2e/ui_hostile_more.sh
E2E_TESTS += tests/e2e/ui_layout.sh
E2E_TESTS += tests/e2e/ui_live.sh
E2E_TESTS += tests/e2e/ui_writes.sh
E2E_TESTS += tests/e2e/ui_changes.sh
E2E_TESTS += tests/e2e/ui_terminal_gone.sh
E2E_TESTS += tests/e2e/ui_idle.sh
E2E_TESTS += tests/e2e/ui_paste.sh
E2E_TESTS += tests/e2e/ui_prompt.sh
E2E_TESTS += tests/e2e/ui_prompt_nopty.sh
E2E_TESTS += tests/e2e/ui_queue.sh
E2E_TESTS += tests/e2e/ui_send_mail.sh
E2E_TESTS += tests/e2e/ui_start.sh
E2E_TESTS += tests/e2e/ui_wait.sh
E2E_TESTS += tests/e2e/ui_assign.sh
E2E_TESTS += tests/e2e/ui_attach.sh
E2E_TESTS += tests/e2e/ui_quarantine.sh
E2E_TESTS += tests/e2e/ui_unreadable.sh
E2E_TESTS += tests/e2e/ui_merge.sh
E2E_TESTS += tests/e2e/ui_merge_customer.sh
E2E_TESTS += tests/e2e/ui_merge_seen.sh
E2E_TESTS += tests/e2e/ui_merge_seen_page.sh
E2E_TESTS += tests/e2e/ui_merge_seen_back.sh
E2E_TESTS += tests/e2e/ui_order_change_seen.sh
E2E_TESTS += tests/e2e/ui_moved_reply_message.sh
E2E_TESTS += tests/e2e/ui_seen_clock_back.sh
E2E_TESTS += tests/e2e/cli_show_merge_race.sh
E2E_TESTS += tests/e2e/ui_split.sh
E2E_TESTS += tests/e2e/ui_typeahead.sh
E2E_TESTS += tests/e2e/ui_super.sh
E2E_TESTS += tests/e2e/ui_rules.sh
E2E_TESTS += tests/e2e/ui_tags.sh
E2E_TESTS += tests/e2e/ui_bulk.sh
E2E_TESTS += tests/e2e/ui_bulk_macro.sh
E2E_TESTS += tests/e2e/ui_views.sh
E2E_TESTS += tests/e2e/cli_batch.sh
E2E_TESTS += tests/e2e/cli_bulk.sh
E2E_TESTS += tests/e2e/ui_snooze.sh
E2E_TESTS += tests/e2e/ui_templates.sh
E2E_TESTS += tests/e2e/ui_golden.sh
E2E_TESTS += tests/e2e/ui_bytes.sh
E2E_TESTS += tests/e2e/ui_turkish.sh

TESTS += $(E2E_TESTS)
EXTRA_DIST += $(E2E_TESTS)
EXTRA_DIST += tests/e2e/ui_fixture.sql
EXTRA_DIST += tests/e2e/golden

# make check-fast: the unit tests, the fuzz corpora replayed, and a few
# end-to-end tests (commands, manual, the console's whole screens): a
# quick run while working.  make check runs everything.
FAST_TESTS += $(check_PROGRAMS)
FAST_TESTS += tests/e2e/cli_flow.sh
FAST_TESTS += tests/e2e/cli_merge.sh
FAST_TESTS += tests/e2e/cli_snooze.sh
FAST_TESTS += tests/e2e/cli_split.sh
FAST_TESTS += tests/e2e/dist_files.sh
FAST_TESTS += tests/e2e/doc.sh
FAST_TESTS += tests/e2e/ui_golden.sh
check-fast: all
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(FAST_TESTS)'

# make update-goldens: write the console's expected screens
# (tests/e2e/golden/) from what it draws now; review with git diff.
update-goldens: all
	TEMAS_UPDATE_GOLDEN=1 $(MAKE) $(AM_MAKEFLAGS) check TESTS='tests/e2e/ui_golden.sh'
.PHONY: check-fast update-goldens
EXTRA_DIST += tests/data

# Benchmarks: built on demand (make bench, make tests/bench/search_bench),
# never by check.
EXTRA_PROGRAMS = tests/bench/search_bench
tests_bench_search_bench_SOURCES = tests/bench/search_bench.c
tests_bench_search_bench_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
tests_bench_search_bench_LDADD = $(TEMAS_STORE_LIB) $(TEMAS_TEXT_LIB) \
	$(SQLITE_LIBS) $(LIBINTL) -lm
EXTRA_PROGRAMS += tests/bench/recall_bench
tests_bench_recall_bench_SOURCES = tests/bench/recall_bench.c
tests_bench_recall_bench_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
tests_bench_recall_bench_LDADD = $(TEMAS_STORE_LIB) $(TEMAS_TEXT_LIB) \
	$(SQLITE_LIBS) $(LIBINTL) -lm
EXTRA_PROGRAMS += tests/bench/sla_bench
tests_bench_sla_bench_SOURCES = tests/bench/sla_bench.c
tests_bench_sla_bench_CFLAGS = $(AM_CFLAGS)
tests_bench_sla_bench_LDADD = $(TEMAS_STORE_LIB) $(TEMAS_TEXT_LIB) \
	$(SQLITE_LIBS) $(LIBINTL) -lm
# Also drives the console in the tests that count what it writes.
noinst_PROGRAMS += tests/bench/ptydrive
tests_bench_ptydrive_SOURCES = tests/bench/ptydrive.c
tests_bench_ptydrive_LDADD = -lutil
EXTRA_PROGRAMS += tests/bench/herd
tests_bench_herd_SOURCES = tests/bench/herd.c
tests_bench_herd_LDADD = -lutil
EXTRA_PROGRAMS += tests/bench/store_bench
tests_bench_store_bench_SOURCES = tests/bench/store_bench.c
tests_bench_store_bench_CFLAGS = $(AM_CFLAGS)
tests_bench_store_bench_LDADD = $(TEMAS_STORE_LIB) $(TEMAS_TEXT_LIB) \
	$(SQLITE_LIBS) $(LIBINTL) -lm
EXTRA_DIST += tests/bench/run.sh tests/bench/load.sh tests/bench/first_screen.sql
EXTRA_DIST += tests/bench/assign.sh tests/bench/ingest.sh
EXTRA_DIST += tests/bench/mail.sh
EXTRA_DIST += tests/bench/bytes.sh
CLEANFILES += $(EXTRA_PROGRAMS)
