noinst_HEADERS += include/temas/agent.h
noinst_HEADERS += include/temas/cli.h
noinst_HEADERS += include/temas/config.h
noinst_HEADERS += include/temas/customer.h
noinst_HEADERS += include/temas/i18n.h
noinst_HEADERS += include/temas/metrics.h
noinst_HEADERS += include/temas/model.h
noinst_HEADERS += include/temas/query.h
noinst_HEADERS += include/temas/queue.h
noinst_HEADERS += include/temas/search.h
noinst_HEADERS += include/temas/store.h
noinst_HEADERS += include/temas/text.h
noinst_HEADERS += include/temas/ui.h
noinst_HEADERS += \
	include/temas/agent.h \
	include/temas/cli.h \
	include/temas/demo.h \
	include/temas/i18n.h \
	include/temas/model.h \
	include/temas/store.h \
	include/temas/text.h \
	include/temas/ui.h
