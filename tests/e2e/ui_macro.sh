#!/bin/sh
# ui_macro.sh: :macro in the console at 80x24, in English and in Turkish:
# Tab completes a macro's name, applying one does all its actions on the
# selected complaint and the status line says so; a macro's reply is sent
# the way every reply is (the orders on screen count) and said to be
# queued; an unknown macro is named with the ones there are; a complaint
# held by another agent is refused with nothing changed.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }

export TZ=UTC
db="$T_TMP/ui.db"
ui_db "$db"
top=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open ORDER BY due_at, id LIMIT 1")
second=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open ORDER BY due_at, id LIMIT 1 OFFSET 1")
# The top complaint is ours; the second is zehra's.
sqlite3 "$db" "UPDATE complaints SET assignee_id = (SELECT id FROM agents
	WHERE login = '$(id -un)') WHERE id = $top;
	UPDATE complaints SET assignee_id = 900001 WHERE id = $second"
status_line() { printf '%s\n' "$FRAME" | sed -n 24p; }
message() { message_of "$FRAME"; }

frame_start 80 24 "$db"
frame_type ":macro wr"
frame_keys Tab
frame_wait
check_contains "Tab completes a macro's name" ":macro wrong-item" "$FRAME"
frame_keys Enter
frame_wait
check_contains ":macro: the status line says what was done" \
	"macro wrong-item applied to #$top" "$(status_line)"
check_eq ":macro: every action done" "yanlis-urun|high|1" \
	"$(sqlite3 "$db" "SELECT (SELECT group_concat(tag) FROM complaint_tags WHERE complaint_id=c.id),
		c.priority, (SELECT count(*) FROM interactions i WHERE i.complaint_id=c.id
		AND i.direction='note' AND i.body LIKE 'Yanlış ürün gönderilmiş%')
		FROM complaints c WHERE c.id = $top")"
check_eq ":macro: audited once" 1 \
	"$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action='macro' AND complaint_id=$top")"
check_contains ":macro: the queue shows the tag" "[yanlis-urun]" "$FRAME"
check_eq "still fits 80x24" fits "$(frame_fits 80 24)"

frame_type ":macro nosuch"
frame_keys Enter
frame_wait
check_contains "an unknown macro: named, with the macros there are" \
	"no macro 'nosuch'; macros: escalate-to-supervisor, refund-done" "$(message)"

# The orders of the top complaint's customer are on screen: the reply goes.
frame_type ":macro refund-done"
frame_keys Enter
frame_wait
check_contains "a reply: queued, not sent" \
	"macro refund-done applied to #$top; reply queued for delivery" "$(status_line)"
check_eq "a reply: in the outbox, the complaint resolved" "1|resolved" \
	"$(sqlite3 "$db" "SELECT count(*), (SELECT status FROM complaints WHERE id=$top)
		FROM outbox WHERE complaint_id=$top")"

# The second complaint (now on top) is zehra's: refused, nothing changed.
frame_keys g
frame_wait
frame_type ":macro wrong-item"
frame_keys Enter
frame_wait
check_contains "held by another agent: says who" \
	"complaint $second is held by zehra" "$(status_line)"
check_eq "held by another agent: nothing changed" "0|normal" \
	"$(sqlite3 "$db" "SELECT (SELECT count(*) FROM complaint_tags WHERE complaint_id=c.id),
		c.priority FROM complaints c WHERE c.id = $second")"

frame_type ":help macro"
frame_keys Enter
frame_wait
check_contains ":help lists :macro" ":macro NAME" "$FRAME"
tui_stop

# The same in Turkish.
if locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' && command -v msgfmt >/dev/null 2>&1; then
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
	third=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open AND assignee_id IS NULL
		ORDER BY due_at, id LIMIT 1")
	LC_ALL=tr_TR.UTF-8
	TUI_ENV="TZ=UTC TEMAS_LOCALEDIR=$T_TMP/locale" frame_start 80 24 "$db"
	LC_ALL=C.UTF-8
	frame_type ":macro wrong-item"
	frame_keys Enter
	frame_wait
	check_contains "Turkish: held by another agent, in Turkish" \
		"$second" "$(status_line)"
	check_not_contains "Turkish: not in English" "is held by" "$(status_line)"
	frame_type ":filter unassigned"
	frame_keys Enter
	frame_wait
	frame_type ":macro esc"
	frame_keys Tab
	frame_wait
	check_contains "Turkish: Tab completes" ":macro escalate-to-supervisor" "$FRAME"
	frame_keys Enter
	frame_wait
	check_contains "Turkish: the status line says it in Turkish" \
		"escalate-to-supervisor makrosu #$third şikâyetine uygulandı" "$(status_line)"
	check_eq "Turkish: done" "urgent|eskalasyon" \
		"$(sqlite3 "$db" "SELECT c.priority, (SELECT group_concat(tag) FROM complaint_tags
			WHERE complaint_id=c.id) FROM complaints c WHERE c.id = $third")"
	frame_type ":macro yok"
	frame_keys Enter
	frame_wait
	check_contains "Turkish: an unknown macro, in Turkish" "'yok' diye bir makro yok" "$(message)"
	check_eq "Turkish: still fits 80x24" fits "$(frame_fits 80 24)"
	tui_stop
else
	skip "the console in Turkish" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi

finish
