#!/bin/sh
# ui_terminal_gone.sh: a console whose terminal goes away without a
# hangup signal reaching it (a terminal emulator killed while the console
# runs in a session of its own, as under su or setsid) ends as on a
# hangup, keeping the draft, instead of reading the end of input for ever
# on a spinning core.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v setsid >/dev/null 2>&1 || { echo "1..0 # SKIP setsid is not installed"; exit 0; }
db="$T_TMP/ui.db"
ui_db "$db"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
# setsid: the pane's terminal is not the console's controlling terminal,
# so closing it sends the console no SIGHUP.
TUI_PREFIX="setsid -w" ui_start 80 24 "$db"
tui_keys n
check "note compose opens" tui_wait "Internal note on complaint"
tui_type "yarım kalan not"
tui_wait "yarım kalan not"
pid=$(pgrep -f "^$TEMAS -d $db" | head -1)
check "the console runs" test -n "$pid"
tmux -S "$T_SOCK" kill-server >/dev/null 2>&1
# Rounds, not seconds: a sanitizer build on a loaded machine is slow.
n=0
while [ $n -lt 300 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; n=$((n + 1)); done
check "it ends once the terminal is gone" sh -c "! kill -0 $pid 2>/dev/null"
check_eq "the text typed is kept as a draft" "yarım kalan not" \
	"$(q "SELECT body FROM drafts WHERE kind='note'")"
finish
