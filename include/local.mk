noinst_HEADERS += \
	include/temas/agent.h \
	include/temas/cli.h \
	include/temas/complaint.h \
	include/temas/config.h \
	include/temas/customer.h \
	include/temas/draft.h \
	include/temas/edit.h \
	include/temas/i18n.h \
	include/temas/model.h \
	include/temas/sla.h \
	include/temas/store.h \
	include/temas/template.h \
	include/temas/text.h \
	include/temas/ui.h
