TEMAS_TEXT_LIB = libtemas_text.a
noinst_LIBRARIES += libtemas_text.a
libtemas_text_a_SOURCES = \
	src/text/csv.c \
	src/text/json.c \
	src/text/mail.c \
	src/text/parse.c
