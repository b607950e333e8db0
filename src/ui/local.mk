TEMAS_UI_LIB = libtemas_ui.a
noinst_LIBRARIES += libtemas_ui.a
libtemas_ui_a_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(LIBEDIT_CFLAGS)
# Themes are found in the source tree too, so a build runs uninstalled.
libtemas_ui_a_CPPFLAGS = $(AM_CPPFLAGS) \
	-DTEMAS_THEME_SRCDIR=\"$(abs_top_srcdir)/themes\"
libtemas_ui_a_SOURCES = \
	src/ui/draw.c \
	src/ui/internal.h \
	src/ui/keymap.c \
	src/ui/layout.c \
	src/ui/list.c \
	src/ui/pane_channels.c \
	src/ui/pane_customer.c \
	src/ui/pane_orders.c \
	src/ui/pane_queue.c \
	src/ui/pane_timeline.c \
	src/ui/theme.c \
	src/ui/ui.c
