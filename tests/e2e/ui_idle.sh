#!/bin/sh
# ui_idle.sh: a console nobody types in draws nothing until something it
# shows changes (every frame costs its CPU, and two hundred consoles on
# one host add up), and then draws the change.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
marks="$T_TMP/marks"
: > "$marks"
# Every finished frame is a line on descriptor 3.
TUI_ENV="TEMAS_FRAME_FD=3" ui_start 80 24 "$db 3>>$marks"

# The selection rests: its presence is written, then all is quiet.
n=0
while [ "$(sqlite3 "$db" 'SELECT count(*) FROM presence')" = 0 ] && [ $n -lt 100 ]; do
	sleep 0.1; n=$((n + 1))
done
check_eq "the selection's presence is written" 1 "$(sqlite3 "$db" 'SELECT count(*) FROM presence')"
sleep 1
m0=$(wc -l < "$marks")
# Six passes of the loop (one every half second); at most one own
# presence heartbeat (every five seconds) among them.
sleep 3
m1=$(wc -l < "$marks")
check "idle for 3 s: at most one frame (a heartbeat), not one per pass" \
	[ $((m1 - m0)) -le 1 ]

# Another process changes what the queue shows: drawn at once.
first=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open ORDER BY due_at, id LIMIT 1")
sqlite3 "$db" "UPDATE complaints SET subject = 'Idle no more' WHERE id = $first"
check "a change committed elsewhere is drawn" tui_wait "Idle no more"
check "and marked as a frame" [ "$(wc -l < "$marks")" -gt "$m1" ]
tui_stop
finish
