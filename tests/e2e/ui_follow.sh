#!/bin/sh
# ui_follow.sh: after a reply or a note the customer panes stay on that
# complaint's customer, even when the reply moved the complaint (its due
# time is now the resolution due) past the rows on screen.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
# Enough urgent complaints between the first response and the resolution
# due that the answered complaint leaves the 80x24 queue page.
seed_sql "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)
	INSERT INTO complaints(customer_id, channel, priority, subject, status,
		opened_at, first_response_due, resolution_due)
	SELECT 900001, 'chat', 'normal', 'Bekleyen ' || i, 'open', $UI_NOW - 600,
		$UI_NOW + i * 600, $UI_NOW + 2 * 86400 FROM n"
ui_start 80 24 "$db"
tui_keys j
check "second complaint selected, his orders drawn" tui_wait "FX-2001"
tui_keys c
tui_wait "complaint 900002 is yours now"
tui_keys r
check "compose opens" tui_wait "Reply to Ali Öztürkmen on phone"
tui_type "Kargonuz yolda."
tui_wait "Kargonuz yolda."
tui_keys C-x
check "recorded, not said to be sent" tui_wait "reply recorded on phone"
check_eq "the complaint now waits for its resolution" "$((UI_NOW + 86400))" \
	"$(q "SELECT due_at FROM complaints WHERE id = 900002")"
check "the timeline shows the reply" tui_wait "Kargonuz yolda."
check_contains "of the customer answered" "Ali Öztürkmen" "$(tui_screen)"

tui_keys n
check "note compose opens" tui_wait "Internal note on complaint 900002"
tui_type "Kargo aranacak."
tui_wait "Kargo aranacak."
tui_keys C-x
check "note added" tui_wait "note added"
check_eq "the note is on the complaint answered" 900002 \
	"$(q "SELECT complaint_id FROM interactions WHERE body = 'Kargo aranacak.'")"
check "the timeline shows the note" tui_wait "Kargo aranacak."
check_contains "still that customer" "Ali Öztürkmen" "$(tui_screen)"
tui_stop
finish
