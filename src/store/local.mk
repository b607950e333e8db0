TEMAS_STORE_LIB = libtemas_store.a
noinst_LIBRARIES += libtemas_store.a
libtemas_store_a_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
libtemas_store_a_SOURCES = \
	src/store/agent.c \
	src/store/complaint.c \
	src/store/customer.c \
	src/store/db.c \
	src/store/draft.c \
	src/store/presence.c \
	src/store/schema.c \
	src/store/sla.c \
	src/store/team.c \
	src/store/template.c \
	src/store/tx.c \
	src/store/internal.h
