TEMAS_UI_LIB = libtemas_ui.a
noinst_LIBRARIES += libtemas_ui.a
libtemas_ui_a_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(LIBEDIT_CFLAGS)
libtemas_ui_a_SOURCES =
libtemas_ui_a_SOURCES += src/ui/ui.c
