#!/bin/sh
# ui_seen_clock_back.sh: the console's clock steps back (a time server
# setting a fast clock right) after it drew a complaint's orders.  The
# orders are on screen and no record was merged into the customer: the
# reply goes, its look at the orders recorded as made by now, whether
# sent at once or after the orders are drawn again.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

ui_setup
clock="$T_TMP/clock"
echo $((UI_NOW + 600)) > "$clock"

TUI_ENV="TEMAS_NOW_FILE=$clock" ui_start 80 24 "$db"
check "the complaint's customer is on screen" tui_wait "Zeynep Kayaoğlu"
check "with her orders" tui_wait "FX-1003"
sleep 0.5
# The clock is set back five minutes.
echo $((UI_NOW + 300)) > "$clock"
tui_keys r
check "the reply opens: the orders were on screen" \
	tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_type "Siparişiniz yolda."
tui_wait "Siparişiniz yolda."
tui_keys C-x
sleep 1
check_not_contains "not refused with the orders on screen" \
	"open the customer's order history first" "$(tui_message)"
# Whatever the agent does: leave the reply, go to another complaint and
# back (the orders drawn again), try again.
tui_keys Escape
sleep 0.5
tui_keys j
sleep 0.5
tui_keys k
check "the orders are drawn again" tui_wait "FX-1003"
sleep 0.5
tui_keys r
tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_keys C-x
sleep 1
check_not_contains "the orders drawn again count" \
	"open the customer's order history first" "$(tui_message)"
check_eq "the reply went" 1 "$(sent)"
tui_stop
finish
