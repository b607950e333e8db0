TEMAS_STORE_LIB = libtemas_store.a
noinst_LIBRARIES += libtemas_store.a
libtemas_store_a_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
libtemas_store_a_SOURCES = \
	src/store/agent.c \
	src/store/db.c \
	src/store/import.c \
	src/store/ingest.c \
	src/store/queuecli.c \
	src/store/schema.c \
	src/store/team.c \
	src/store/internal.h
