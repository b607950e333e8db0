#!/bin/sh
# ui_order_change_seen.sh: the order history rule holds when the orders
# themselves change.  An agent has a complaint's orders on screen and is
# writing the reply when the shop's own program, from a shell, adds an
# order for the customer and changes the status of another.  The orders
# the console drew before are not all the customer's orders now: it
# draws them again, the new order at the top, and those count, so the
# reply goes at the first try.  A console that has not yet noticed the
# change when the agent replies is refused, in the store's words, and
# draws the orders again, which count.  The console's clock is a file the
# test moves on.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

ui_setup
clock="$T_TMP/clock"
echo "$UI_NOW" > "$clock"
# line_with A B: waits (up to 10 s) for a line of the screen with A, then B.
line_with() {
	_end=$(( $(date +%s) + 10 ))
	until tui_screen | grep -q -- "$1.*$2"; do
		[ "$(date +%s)" -le "$_end" ] || return 1
		sleep 0.1
	done
}

TUI_ENV="TEMAS_NOW_FILE=$clock" ui_start 80 24 "$db"
check "the complaint's customer is on screen" tui_wait "Zeynep Kayaoğlu"
check "with her orders" tui_wait "FX-1003"
check_not_contains "no order FX-7001 yet" "FX-7001" "$(tui_screen)"
tui_keys r
check "the reply opens: the orders were on screen" \
	tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_type "Siparişiniz yolda."
tui_wait "Siparişiniz yolda."

# Ten seconds on, a new order of hers comes in from the shop's program.
t=$((UI_NOW + 10))
echo "$t" > "$clock"
q "INSERT INTO orders(id, customer_id, number, status, total, currency, placed_at)
   VALUES(900020, 900001, 'FX-7001', 'placed', 4200, 'TRY', $t)"
check "the console draws the new order" tui_wait "FX-7001"
tui_keys C-x
check "the reply goes at the first try: on the timeline, queued" \
	tui_wait "[queued] Kargo gecikti"
check_eq "one reply sent" 1 "$(sent)"
check_eq "recorded with the time the new order was on screen" \
	"$t|Siparişiniz yolda." \
	"$(q "SELECT history_seen_at, body FROM interactions WHERE complaint_id = 900001
	      AND direction = 'out' AND agent_id = (SELECT id FROM agents WHERE login = '$me')")"
# The status of an order changes while the timeline, not the orders, is
# on screen: what was recorded as seen goes, and the next reply asks for
# the orders, which the console brings on screen with the new status.
q "UPDATE orders SET status = 'shipped' WHERE id = 900020"
check_eq "nothing recorded as seen any more" 0 \
	"$(q "SELECT count(*) FROM history_seen WHERE complaint_id = 900001")"
check "the timeline shows the new status" line_with "FX-7001" "shipped"
check_not_contains "the orders are not on screen" "Orders (4)" "$(tui_screen)"
tui_keys r
check "the reply asks for the orders first" \
	tui_wait "open the customer's order history first"
check "the orders are drawn, with the new status" \
	line_with "2023-11-14 FX-7001" "shipped"
check_contains "all four" "Orders (4)" "$(tui_screen)"
tui_keys r
check "a second reply opens" tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_type "Kargoya verildi."
tui_wait "Kargoya verildi."
tui_keys C-x
check "the orders drawn after the change count: the reply goes" sent_is 2
tui_stop

# A console that sleeps (no bell from the sqlite3 shell, a long idle
# time) has not seen the new order when the key comes: its check refuses,
# in the store's words, and the console draws the orders again, which
# count.  Ali (900003) has the queue's first complaint now.
TUI_ENV="TEMAS_NOW_FILE=$clock TEMAS_IDLE_MS=600000" ui_start 80 24 "$db"
check "Ali's complaint first, his orders drawn" tui_wait "FX-2001"
sleep 1
t=$((t + 10))
echo "$t" > "$clock"
q "INSERT INTO orders(id, customer_id, number, status, total, currency, placed_at)
   VALUES(900021, 900003, 'FX-7002', 'placed', 800, 'TRY', $t)"
check_not_contains "the console has not noticed" "FX-7002" "$(tui_screen)"
tui_keys r
check "the reply is refused: the orders changed since" \
	tui_wait "the customer's orders changed since their order history"
check "the new order is drawn" tui_wait "FX-7002"
tui_keys r
check "the orders drawn again count: the reply opens" \
	tui_wait "Reply to Ali Öztürkmen on phone"
tui_type "Faturanız düzeltildi."
tui_wait "Faturanız düzeltildi."
tui_keys C-x
check "the reply goes" sent_is 1 900002
check_eq "recorded with the time the new order was on screen" "$t" \
	"$(reply_seen_at 900002)"
tui_stop
finish
