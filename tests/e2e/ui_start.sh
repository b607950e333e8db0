#!/bin/sh
# ui_start.sh: starting and stopping the console: NO_COLOR and the mono
# theme, a broken theme file, a login that is not an agent, and SIGTERM
# restoring the terminal.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
no_colour() { ! printf '%s' "$1" | grep -Eq '\[(3[0-7]|4[0-7]|38;5|48;5)[;m]|;[34][0-7]m'; }

TUI_ENV="NO_COLOR=1" ui_start 80 24 "$db"
check "NO_COLOR: no colours" no_colour "$(tui_screen_esc)"
check_contains "NO_COLOR: selection still marked" ">" "$(tui_line 3)"
tui_stop

TUI_ENV="TEMAS_THEME=mono" ui_start 80 24 "$db"
check "mono theme: no colours" no_colour "$(tui_screen_esc)"
tui_stop

printf 'bar = bold\nselected = fg=mauve\n' > "$T_TMP/bad.theme"
TUI_ENV="TEMAS_THEME=$T_TMP/bad.theme" ui_start 80 24 "$db"
check_contains "bad theme: file:line in the status line" \
	"bad.theme:2: unknown colour 'mauve'" "$(tui_screen)"

kill -TERM "$(tui_temas_pid)"
check "SIGTERM: exits" tui_wait "TEMAS-EXITED 143"
check_eq "SIGTERM: terminal restored" 0 \
	"$(tmux -S "$T_SOCK" display-message -p -t t '#{alternate_on}')"
tui_stop

login=$(id -un)
sqlite3 "$db" "UPDATE agents SET active = 0 WHERE login = '$login'"
run_cmd -d "$db"
check_eq "not an agent: refused" 5 "$RC"
check_eq "not an agent: message" \
	"temas: you ($login) are not a temas agent; a supervisor can add you with 'temas agent add $login'" "$ERR"
finish
