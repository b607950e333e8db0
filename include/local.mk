noinst_HEADERS += \
	include/temas/agent.h \
	include/temas/cli.h \
	include/temas/csv.h \
	include/temas/i18n.h \
	include/temas/import.h \
	include/temas/json.h \
	include/temas/mail.h \
	include/temas/model.h \
	include/temas/parse.h \
	include/temas/store.h \
	include/temas/ui.h
