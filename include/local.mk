noinst_HEADERS += \
	include/temas/agent.h \
	include/temas/cli.h \
	include/temas/customer.h \
	include/temas/i18n.h \
	include/temas/model.h \
	include/temas/queue.h \
	include/temas/store.h \
	include/temas/text.h \
	include/temas/ui.h
