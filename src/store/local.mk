TEMAS_STORE_LIB = libtemas_store.a
noinst_LIBRARIES += libtemas_store.a
libtemas_store_a_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
libtemas_store_a_SOURCES = \
	src/store/agent.c \
	src/store/customer.c \
	src/store/db.c \
	src/store/model.c \
	src/store/queue.c \
	src/store/schema.c \
	src/store/timeline.c \
	src/store/internal.h
