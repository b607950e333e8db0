noinst_HEADERS += \
	include/temas/agent.h \
	include/temas/cli.h \
	include/temas/config.h \
	include/temas/csv.h \
	include/temas/i18n.h \
	include/temas/import.h \
	include/temas/ingest.h \
	include/temas/json.h \
	include/temas/mail.h \
	include/temas/model.h \
	include/temas/parse.h \
	include/temas/queuecli.h \
	include/temas/store.h \
	include/temas/text.h \
	include/temas/ui.h
