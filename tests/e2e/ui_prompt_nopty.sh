#!/bin/sh
# ui_prompt_nopty.sh: the : and / prompts where no pseudo-terminal can be
# had.  The running console's limit on open files is lowered to the
# descriptors it already holds, so opening a pseudo-terminal fails (as it
# does when a system has none left); the prompts then edit with the line
# editor of the compose screen and still complete, edit, recall and run
# commands and searches.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

if ! command -v prlimit >/dev/null 2>&1 || [ ! -d /proc/self/fd ]; then
	echo "1..0 # SKIP needs prlimit(1) (util-linux) and /proc"
	exit 0
fi

db="$T_TMP/ui.db"
ui_db "$db"
ui_start 80 24 "$db"
last() { tui_line 23; }
# first_of_last C: the last line's first character once it is C (up to
# 10 s: the console draws after the key, later on a loaded machine), else
# as it is then.
first_of_last() {
	_n=0
	while [ "$(last | cut -c1)" != "$1" ] && [ $_n -lt 100 ]; do
		sleep 0.1; _n=$((_n + 1))
	done
	last | cut -c1
}
pid=$(tui_temas_pid) || { not_ok "temas runs" "$(tui_screen)"; finish; exit 1; }

# The lowest free descriptor: with the limit there, no new one opens.
free=0
while [ -e "/proc/$pid/fd/$free" ]; do
	free=$((free + 1))
done
if ! prlimit --pid "$pid" --nofile="$free:" 2>"$T_TMP/prlimit.err"; then
	echo "1..0 # SKIP cannot lower the open-file limit: $(cat "$T_TMP/prlimit.err")"
	tui_stop
	exit 0
fi
check_contains "the limit is in force" "$free" \
	"$(grep 'Max open files' "/proc/$pid/limits")"

tui_keys :
check_eq "the prompt is on the last line" ":" "$(first_of_last :)"
check_eq "the cursor is after the colon" "1,23" "$(tui_cursor)"
check_eq "no pseudo-terminal was opened" "" \
	"$(ls -l "/proc/$pid/fd" | grep ptmx)"
tui_type fil
tui_keys Tab
check "Tab completes the command name" tui_wait ":filter"
check_eq "and puts a space after it" "8,23" "$(tui_cursor)"
tui_type breachedx
tui_keys BSpace
tui_keys Enter
want=$(sqlite3 "$db" "SELECT count(*) FROM complaints WHERE is_open AND due_at < $UI_NOW")
check "the line runs: the queue is filtered" \
	tui_wait "Queue: breached, every channel ($want)"

# Home, then a letter typed at the start of the line.
tui_keys :
tui_type "ilter mine"
tui_keys Home
tui_type f
tui_keys Enter
check "Home and typing at the start" tui_wait "Queue: mine"

# Up recalls the lines of this session; Ctrl-U clears one; Esc cancels.
tui_keys : Up
check "Up recalls the last line" tui_wait ":filter mine"
tui_keys Up
check "Up again, the one before" tui_wait ":filter breached"
tui_keys C-u
tui_type "filter all"
tui_keys Enter
check "Ctrl-U cleared the recalled line" tui_wait "Queue: all"
tui_keys :
tui_type "filter breached"
tui_keys Escape
check "Esc cancels" tui_wait_gone ":filter breached"
check_contains "and runs nothing" "Queue: all" "$(tui_screen)"

# The / line: a search typed in Turkish without its letters.
row=$(sqlite3 -separator '|' "$db" "SELECT first_name,
	substr(first_name, 1, length(first_name) - 2) || substr(first_name, -1)
	FROM customers WHERE first_name GLOB '*[ışğçöüİŞĞÇÖÜ]*' ORDER BY id LIMIT 1")
cname=${row%%|*}
edited=${row#*|}
ascii=$(printf '%s' "$cname" | sed 'y/ışğçöüİŞĞÇÖÜ/isgcouISGCOU/')
tui_keys /
check_eq "the search line opens" "/" "$(first_of_last /)"
tui_type "$ascii"
tui_keys Enter
check "the search runs" tui_wait "Search: $ascii ("
check "and finds the customer" tui_wait "$cname"
tui_keys q

# Text in Turkish is edited by characters, not bytes.
tui_keys :
tui_type "customer ${cname}x"
tui_keys BSpace Left BSpace
check "Backspace and Left move over whole characters" \
	tui_wait ":customer $edited"
tui_keys Escape
tui_keys :
tui_type q
tui_keys Enter
check ":q quits" tui_wait "TEMAS-EXITED 0"
tui_stop
finish
