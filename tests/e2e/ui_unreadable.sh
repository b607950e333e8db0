#!/bin/sh
# ui_unreadable.sh: a database whose complaints cannot be read (their
# pages overwritten) opens to a queue that says it could not be read, and
# why on the status line, never "No open complaints here.", which would
# tell the agent the queue is empty.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }
db="$T_TMP/ui.db"
demo_db "$db" --customers 200
size=$(sqlite3 "$db" "PRAGMA page_size")
# The complaints table and its indexes: each root page filled with 0xAA.
for page in $(sqlite3 "$db" "SELECT rootpage FROM sqlite_master
	WHERE tbl_name = 'complaints' AND rootpage > 0"); do
	head -c "$size" /dev/zero | tr '\000' '\252' |
		dd of="$db" bs="$size" seek=$((page - 1)) conv=notrunc 2>/dev/null
done
run_cmd -d "$db" queue
check_contains "the command line says the queue cannot be read" "database is corrupt" "$ERR"

tui_start 80 24 -d "$db"
check "the console starts" tui_wait "Queue:"
check "the queue says it could not be read" \
	tui_wait "Could not be read: see the status line."
check_not_contains "and not that it is empty" "No open complaints here." "$(tui_screen)"
check_contains "the status line says why" "database is corrupt" "$(tui_line 23)"
tui_keys Q
check "quits normally" tui_wait "TEMAS-EXITED 0"
finish
