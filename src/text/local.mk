TEMAS_TEXT_LIB = libtemas_text.a
noinst_LIBRARIES += libtemas_text.a
libtemas_text_a_SOURCES = \
	src/text/config.c \
	src/text/csv.c \
	src/text/fit.c \
	src/text/fold.c \
	src/text/format.c \
	src/text/json.c \
	src/text/locale.c \
	src/text/mail.c \
	src/text/mask.c \
	src/text/parse.c \
	src/text/sanitize.c \
	src/text/text_internal.h \
	src/text/utf8.c \
	src/text/width.c \
	src/text/width_table.c \
	src/text/wrap.c
