#!/bin/sh
# ui_live.sh: another process's commit shows up without a keypress;
# opening a customer is audited once per selection, and the order history
# counts as seen only when the orders were on screen.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
me=$(sqlite3 "$db" "SELECT id FROM agents WHERE login = '$(id -un)'")
ui_start 80 24 "$db"
check "fixture complaint on top" tui_wait "Kargo gecikti"

sqlite3 "$db" "UPDATE complaints SET assignee_id = 900001 WHERE id = 900001"
check "a claim elsewhere shows up without a key" tui_wait "zehra" 5
check_contains "on the claimed row" "zehra" "$(tui_line 3)"

q() { sqlite3 "$db" "$1"; }
check_eq "customer opened: audited once" 1 \
	"$(q "SELECT count(*) FROM audit WHERE action = 'customer_open' AND complaint_id = 900001")"
check_eq "orders were on screen: history seen" 1 \
	"$(q "SELECT count(*) FROM history_seen WHERE agent_id = $me AND complaint_id = 900001")"

# Show the timeline tab, go back to the queue (q), move to the next
# complaint: its customer is opened, but its orders are not on screen.
tui_keys Tab Tab
check "timeline tab" tui_wait "> Timeline ("
tui_keys q j
check "next complaint selected" tui_wait "Öztürkmen"
sleep 1
check_eq "second customer audited once" 1 \
	"$(q "SELECT count(*) FROM audit WHERE action = 'customer_open' AND complaint_id = 900002")"
check_eq "orders hidden: history not seen" 0 \
	"$(q "SELECT count(*) FROM history_seen WHERE complaint_id = 900002")"
tui_keys Tab
check "orders shown" tui_wait "FX-2001"
sleep 1
check_eq "orders shown: history seen" 1 \
	"$(q "SELECT count(*) FROM history_seen WHERE agent_id = $me AND complaint_id = 900002")"
check_eq "redraws are not audited" 1 \
	"$(q "SELECT count(*) FROM audit WHERE action = 'customer_open' AND complaint_id = 900001")"
finish
