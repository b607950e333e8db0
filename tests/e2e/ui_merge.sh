#!/bin/sh
# ui_merge.sh: :merge and :link in the console at 80x24, in English and
# Turkish: the duplicate's message moves to the complaint that stays, the
# status line says so, the customer header shows the link; merging into
# itself and bad words are refused with a message, changing nothing.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }
db="$T_TMP/ui.db"
ui_db "$db"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
# A duplicate of 900001 (same customer), due first so it is selected first.
dup() {
	q "INSERT INTO complaints(id, customer_id, channel, priority, subject, status,
	  opened_at, first_response_due, resolution_due) VALUES
	  ($1, 900001, 'chat', 'high', 'Kargo yine gecikti', 'open',
	  1697000000, 1700000000 - 40*86400, 1700000000 + 86400);
	INSERT INTO interactions(customer_id, complaint_id, channel, direction, at, body)
	  VALUES(900001, $1, 'chat', 'in', 1699600000, 'Yine yazıyorum');"
}
colon() { tui_keys :; tui_type "$1"; tui_keys Enter; }
dup 900011

ui_start 80 24 "$db"
colon "merge 900011"
check "merging into itself is refused by name" \
	tui_wait "complaint 900011 cannot be merged into itself"
colon "merge abc"
check "a word that is no number: the usage" tui_wait "usage: :merge INTO"
colon "merge 900001 --sideways"
check "an unknown option is named" tui_wait "'--sideways' is not understood"
check_eq "refusals changed nothing" "open|" \
	"$(q "SELECT status, coalesce(merged_into,'') FROM complaints WHERE id=900011")"
colon "merge 900001"
check "the status line says what moved" \
	tui_wait "complaint 900011 merged into 900001 (1 interaction moved)"
check_eq "the duplicate is closed, pointing at the target" "closed|900001" \
	"$(q "SELECT status, merged_into FROM complaints WHERE id=900011")"
check_eq "its message is on the target" 900001 \
	"$(q "SELECT complaint_id FROM interactions WHERE body='Yine yazıyorum'")"
check "the queue no longer lists the duplicate" tui_wait_gone "Kargo yine gecikti"
colon "link 900003"
check "link: the status line says so" tui_wait "complaints 900001 and 900003 are linked"
check "the customer header shows the link" tui_wait "linked #900003"
colon "link"
check "link with no id: the usage" tui_wait "usage: :link ID"
check "the screen fits 80x24" tui_wait "linked #900003"
lines=$(tui_screen | wc -l)
check_eq "24 lines" 24 "$lines"
tui_stop

if locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' && command -v msgfmt >/dev/null 2>&1; then
	dup 900012
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
	LC_ALL=tr_TR.UTF-8 TUI_ENV="TEMAS_NOW=$UI_NOW TEMAS_LOCALEDIR=$T_TMP/locale" \
		tui_start 80 24 -d "$db"
	tui_wait "Kuyruk" 10
	colon "merge 900012"
	check "Turkish: merging into itself refused" \
		tui_wait "900012 numaralı şikâyet kendisiyle birleştirilemez"
	colon "merge 900001"
	check "Turkish: the merge is said" \
		tui_wait "900012 numaralı şikâyet 900001 ile birleşti (1 etkileşim taşındı)"
	check "Turkish: the header shows the link" tui_wait "bağlı #900003"
	tui_stop
else
	skip "Turkish: merge and link" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi
finish
