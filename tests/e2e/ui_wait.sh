#!/bin/sh
# ui_wait.sh: the console never freezes on another program's lock.  While
# a write waits, the status line says so, keys typed meanwhile are kept and
# handled afterwards in order, Esc gives the action up (nothing changed,
# and the screen says so); once the lock is gone the action completes.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP the sqlite3 shell is not installed"; exit 0; }

db="$T_TMP/wait.db"
ui_db "$db"
me=$(id -un)
mine() {
	sqlite3 "$db" "SELECT count(*) FROM complaints c JOIN agents a
		ON a.id = c.assignee_id WHERE a.login = '$me'"
}

# Another program takes the write lock and keeps it until told.
lock_sql="BEGIN IMMEDIATE; INSERT INTO agents(login, name, created_at) VALUES('holder', 'H', 1);"

TUI_ENV="TEMAS_BUSY_TIMEOUT_MS=120000" ui_start 80 24 "$db"
before=$(mine)
tui_keys j
sleep 0.3
first=$(tui_screen | grep '^>' | sed -n 2p)

hold_lock "$db" "$lock_sql"
tui_keys c
if tui_wait "waiting for the database" 20; then
	ok "a claim under another program's lock says it is waiting"
else
	not_ok "a claim under another program's lock says it is waiting" "$(tui_screen)"
fi
check_contains "the wait tells how to give up" "Esc gives up" "$(tui_line 23)"
tui_keys Escape
if tui_wait "you gave up waiting" 20; then
	ok "Esc gives the claim up, and the screen says so"
else
	not_ok "Esc gives the claim up, and the screen says so" "$(tui_screen)"
fi
check_eq "given up: nothing was claimed" "$before" "$(mine)"
check_not_contains "given up: no waiting message left" "waiting for the database" \
	"$(tui_screen)"

# A second try, with a key typed while it waits; then the lock goes.
tui_keys c
tui_wait "waiting for the database" 20 || not_ok "second wait shown" "$(tui_screen)"
tui_keys k
sleep 0.3
check_eq "while waiting the key is kept, not yet handled" "$first" \
	"$(tui_screen | grep '^>' | sed -n 2p)"
release_lock
n=0
while [ "$(mine)" -ne $((before + 1)) ] && [ $n -lt 300 ]; do
	sleep 0.1; n=$((n + 1))
done
check_eq "once the lock is gone the claim completes" $((before + 1)) "$(mine)"
open_mine=$(sqlite3 "$db" "SELECT count(*) FROM complaints c JOIN agents a
	ON a.id = c.assignee_id WHERE a.login = '$me' AND c.is_open")
if tui_wait "mine $open_mine " 20; then
	ok "the screen shows the claim"
else
	not_ok "the screen shows the claim" "$(tui_screen)"
fi
tui_wait_gone "waiting for the database" 10
moved=$(tui_screen | grep '^>' | sed -n 2p)
if [ -n "$first" ] && [ "$moved" != "$first" ]; then
	ok "the key typed while waiting is handled afterwards"
else
	not_ok "the key typed while waiting is handled afterwards" "before: $first" "after: $moved"
fi
check_contains "the console is still running" "Queue:" "$(tui_screen)"
tui_stop

finish
