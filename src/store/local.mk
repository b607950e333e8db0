TEMAS_STORE_LIB = libtemas_store.a
noinst_LIBRARIES += libtemas_store.a
libtemas_store_a_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
libtemas_store_a_SOURCES =
libtemas_store_a_SOURCES += src/store/agent.c
libtemas_store_a_SOURCES += src/store/customer.c
libtemas_store_a_SOURCES += src/store/db.c
libtemas_store_a_SOURCES += src/store/internal.h
libtemas_store_a_SOURCES += src/store/model.c
libtemas_store_a_SOURCES += src/store/queue.c
libtemas_store_a_SOURCES += src/store/metrics.c
libtemas_store_a_SOURCES += src/store/schema.c
libtemas_store_a_SOURCES += src/store/search.c
libtemas_store_a_SOURCES += src/store/search_sql.h
libtemas_store_a_SOURCES += src/store/team.c
libtemas_store_a_SOURCES += src/store/timeline.c
libtemas_store_a_SOURCES = \
	src/store/agent.c \
	src/store/db.c \
	src/store/demo.c \
	src/store/demo_data.h \
	src/store/schema.c \
	src/store/internal.h
