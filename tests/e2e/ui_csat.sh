#!/bin/sh
# ui_csat.sh: resolving in the console with `csat = on` says that the
# satisfaction question was queued (and only then), at 80x24, in English
# and Turkish; the question waits in the outbox until csat_delay.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
mkdir -p "$XDG_CONFIG_HOME/temas"
printf 'csat = on\ncsat_delay = 30m\n' > "$XDG_CONFIG_HOME/temas/config"
# The two e-mail complaints of the fixture at the top of the queue.
top=$(q "SELECT id FROM complaints WHERE is_open ORDER BY due_at, id LIMIT 1")
q "UPDATE complaints SET channel = 'email' WHERE id = $top"

frame_start 80 24 "$db"
frame_type ":status resolved Kargo teslim edildi"
frame_keys Enter
frame_wait
check_contains "the status line says the question is queued" \
	"complaint $top is now resolved; satisfaction question queued" "$FRAME"
check_eq "still fits 80x24" fits "$(frame_fits 80 24)"
check_eq "the question waits in the outbox for 30 minutes" "queued|$((UI_NOW + 1800))" \
	"$(q "SELECT o.state, o.next_at FROM outbox o JOIN csat_questions c
		ON c.interaction_id = o.interaction_id WHERE c.complaint_id = $top")"
tui_stop

# Reopened and resolved again: no second question, and no such words.
q "UPDATE complaints SET status = 'open', resolved_at = NULL WHERE id = $top"
frame_start 80 24 "$db"
frame_type ":status resolved Tekrar"
frame_keys Enter
frame_wait
check_contains "resolved again: said plainly" "complaint $top is now resolved" "$FRAME"
check_not_contains "resolved again: no question claimed" "satisfaction" "$FRAME"
check_eq "resolved again: one question" 1 "$(q "SELECT count(*) FROM csat_questions")"
tui_stop

if locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' && command -v msgfmt >/dev/null 2>&1; then
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
	next=$(q "SELECT id FROM complaints WHERE is_open ORDER BY due_at, id LIMIT 1")
	q "UPDATE complaints SET channel = 'email' WHERE id = $next"
	LC_ALL=tr_TR.UTF-8
	TUI_ENV="TZ=UTC TEMAS_LOCALEDIR=$T_TMP/locale" frame_start 80 24 "$db"
	LC_ALL=C.UTF-8
	frame_type ":status resolved Çözüldü"
	frame_keys Enter
	frame_wait
	check_contains "Turkish: the question is said to be queued" \
		"memnuniyet sorusu kuyrukta" "$FRAME"
	check_eq "Turkish: still fits 80x24" fits "$(frame_fits 80 24)"
	tui_stop
else
	skip "the console in Turkish" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi
finish
