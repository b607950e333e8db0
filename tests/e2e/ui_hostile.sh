#!/bin/sh
# ui_hostile.sh: a customer whose name and message carry escape sequences
# (title, clear screen, colour), C1 controls, a bidi override and invalid
# UTF-8 cannot change the screen, the window title or the colours; the
# text itself stays readable.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
sqlite3 "$db" "UPDATE complaints SET first_response_due = $UI_NOW - 40*86400
	WHERE id = 900003"
TUI_ENV="TEMAS_THEME=mono" ui_start 80 24 "$db"
title=$(tui_title)

check "hostile name shown, sequences gone" tui_wait "EvilMallory"
screen=$(tui_screen)
check_not_contains "no OSC payload" "pwned" "$screen"
check_not_contains "no bidi override" "$(printf '\342\200\256')" "$screen"
check_contains "screen not cleared: bar intact" "temas |" "$(tui_line 0)"
check_contains "rest of the name kept" "Evil" "$(tui_line 3)"
check_eq "pane title unchanged" "$title" "$(tui_title)"
check_not_contains "title not set by the customer" "pwned" "$(tui_title)"
# The mono theme has no colour: any colour on screen came from the data.
check "no colour injected" sh -c "! printf '%s' \"\$1\" | grep -Eq '\[(3[0-7]|38;5)[;m]|;3[0-7]m'" sh \
	"$(tui_screen_esc)"

tui_keys Tab Tab
check "timeline shows the hostile message" tui_wait "VISIBLE-BODY"
screen=$(tui_screen)
check_contains "message text after the sequences kept" "END-BODY" "$screen"
check_not_contains "no OSC payload in the timeline" "pwned" "$screen"
check_contains "invalid UTF-8 shown as U+FFFD" "�" "$screen"
check_eq "pane title still unchanged" "$title" "$(tui_title)"
check_contains "bar still intact" "temas |" "$(tui_line 0)"
finish
