#!/bin/sh
# ui_live.sh: another process's commit shows up without a keypress;
# opening a customer is audited once per selection rested on, and the
# order history counts as seen only when the orders were on screen (kept
# by the console, recorded with the reply).
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
me=$(sqlite3 "$db" "SELECT id FROM agents WHERE login = '$(id -un)'")
ui_start 80 24 "$db"
check "fixture complaint on top" tui_wait "Kargo gecikti"

sqlite3 "$db" "UPDATE complaints SET assignee_id = 900001 WHERE id = 900001"
check "a claim elsewhere shows up without a key" tui_wait "zehra" 5
check_contains "on the claimed row" "zehra" "$(tui_line 3)"

q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
# opened N COMPLAINT: wait (rounds, not a speed limit) for N audit rows.
opened() {
	_r=0
	while [ $_r -lt 100 ]; do
		[ "$(q "SELECT count(*) FROM audit WHERE action = 'customer_open'
			AND complaint_id = $2")" = "$1" ] && return 0
		sleep 0.1; _r=$((_r + 1))
	done
	return 1
}
check "customer opened: audited once" opened 1 900001
check_eq "orders were on screen: nothing written for it" 0 \
	"$(q "SELECT count(*) FROM history_seen WHERE agent_id = $me")"

# Show the timeline tab, go back to the queue (q), move to the next
# complaint: its customer is opened, but its orders are not on screen.
tui_keys Tab Tab
check "timeline tab" tui_wait "> Timeline ("
tui_keys q j
check "next complaint selected" tui_wait "Öztürkmen"
check "second customer audited once" opened 1 900002
tui_keys r
check "orders hidden: history not seen, no reply" \
	tui_wait "open the customer's order history first"
check "orders shown" tui_wait "FX-2001"
tui_keys q r
check "orders shown: history seen, the reply opens" tui_wait "Reply to"
check_eq "still nothing written for it" 0 \
	"$(q "SELECT count(*) FROM history_seen WHERE agent_id = $me")"
check_eq "redraws are not audited" 1 \
	"$(q "SELECT count(*) FROM audit WHERE action = 'customer_open' AND complaint_id = 900001")"
finish
