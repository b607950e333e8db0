#!/bin/sh
# ui_layout.sh: the layout follows the terminal: stacked at 80x24, side by
# side at 120x40, a clear request below 80x24, and back again cleanly.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
frame_start 80 24 "$db"
check_contains "80x24: tabs below the queue" "[Customer+Orders]" "$(tui_screen)"

tui_resize 120 40
check "120x40: orders and timeline side by side" tui_wait "[Timeline]"
check_contains "120x40: a rule between the sides" "│" "$(tui_line 2)"
check_contains "120x40: orders shown" "Orders (" "$(tui_screen)"

tui_resize 80 24
check "back to 80x24" tui_wait "[Customer+Orders]"
check_not_contains "80x24: no rule left over" "│" "$(tui_screen)"
# The terminal always has 24 lines; what the console drew is its own.
frame_wait 80 24
check_contains "80x24: the console lays out 80x24" "layout 80x24" "$FRAME_HEAD"
check_eq "80x24: 24 lines drawn, none wider than 80 columns" fits "$(frame_fits 80 24)"
check_contains "80x24: the status line is the 24th" "? help" \
	"$(printf '%s\n' "$FRAME" | sed -n 24p)"

tui_resize 60 20
check "60x20: too small" tui_wait "terminal too small (need 80×24)"
check_not_contains "60x20: no broken panes" "Queue:" "$(tui_screen)"
tui_resize 80 24
check "80x24 again: recovers" tui_wait "Queue:"
check_not_contains "80x24 again: message gone" "too small" "$(tui_screen)"
finish
