#!/bin/sh
# ui_idle.sh: a console nobody types in does no work until something is
# due or something it shows changes.  Counted, not timed: the console
# writes what its loop did to TEMAS_STATS_FILE (passes of the loop, looks
# for other processes' commits, change counters read, wake-ups by the
# store's bell, frames, panes read, writes and the quiet ones among them,
# heartbeats that only renew the time).
#
# 1. Idle from one heartbeat to the next: the heartbeat is its only
#    write, it draws no frame, reads no pane and rings no bell; the loop
#    wakes for it and for little else (its idle sleep is made very long,
#    so only what is due wakes it).
# 2. Another process claims a complaint on screen: its commit rings the
#    bell, which wakes the sleeping console at once; the claim is drawn.
# 3. A writer that rings no bell (the sqlite3 shell) is still seen, at
#    the console's next look (its idle sleep is short here); and so is
#    every change by a console with no bell to listen for
#    (TEMAS_NO_BELL), which looks twice a second.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }

db="$T_TMP/ui.db"
ui_db "$db"
marks="$T_TMP/marks"
# Not beside the database: a file renamed over another in its directory
# is a change of time stamps there, which the console listens for.
mkdir -p "$T_TMP/out"
stats="$T_TMP/out/stats"
: > "$marks"

stat_of() { sed -n "s/.* $1 \([0-9]*\).*/\1/p;s/^$1 \([0-9]*\).*/\1/p" "$stats" 2>/dev/null | head -1; }
# stat_wait NAME N: rounds (a minute at most: a hang, not a speed limit)
# until the console's NAME is at least N.
stat_wait() {
	_r=0
	while [ $_r -lt 600 ]; do
		[ "$(stat_of "$1")" -ge "$2" ] 2>/dev/null && return 0
		sleep 0.1; _r=$((_r + 1))
	done
	return 1
}
snap() {   # snap PREFIX: every counter into PREFIX_NAME
	for _k in passes checks reads bells frames loads writes quiet; do
		eval "${1}_$_k=\$(stat_of $_k)"
	done
}

# Every finished frame is a line on descriptor 3.
TUI_ENV="TEMAS_FRAME_FD=3 TEMAS_STATS_FILE=$stats TEMAS_IDLE_MS=600000" \
	ui_start 120 30 "$db 3>>$marks"

# The selection rests: presence and the customer-open audit row written.
check "the selection rests: its presence and audit written" stat_wait writes 2
check "its first heartbeat comes" stat_wait quiet 1
snap a
check "the next heartbeat comes" stat_wait quiet $((a_quiet + 1))
snap b
b_marks=$(wc -l < "$marks")
check_eq "between two heartbeats: one write, the heartbeat" \
	"1 1" "$((b_writes - a_writes)) $((b_quiet - a_quiet))"
check_eq "no frame drawn for it" "$a_frames" "$b_frames"
check_eq "no pane read" "$a_loads" "$b_loads"
check_eq "no change counter read" "$a_reads" "$b_reads"
check_eq "its own heartbeat rings no bell" "$a_bells" "$b_bells"
check "the loop woke at most twice (the heartbeat, a minute), not every half second: $((b_passes - a_passes))" \
	[ $((b_passes - a_passes)) -le 2 ]
check_eq "one look for others' commits per pass" \
	$((b_passes - a_passes)) $((b_checks - a_checks))

# Another process claims the complaint on top.
first=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open ORDER BY due_at, id LIMIT 1")
check "set-up: nobody holds it" \
	[ -z "$(sqlite3 "$db" "SELECT assignee_id FROM complaints WHERE id = $first")" ]
# The bell is the database file's time stamps; set them back first (which
# the console hears too).
touch -d @1000000000 "$db"
stat_wait bells $((b_bells + 1))
b_bells=$(stat_of bells)
"$TEMAS" -d "$db" claim "$first" > "$T_TMP/claim.out" 2>&1
check "set-up: claimed by another process" [ $? -eq 0 ]
check "the claim rang the bell (the file's time is now)" \
	[ "$(stat -c %Y "$db")" -gt 1000000000 ]
check "the bell woke the console" stat_wait bells $((b_bells + 1))
check "the claim is drawn" stat_wait frames $((b_frames + 1))
check "the queue shows who holds it" tui_wait "$(id -un | cut -c1-8)"
check "and marked as a finished frame" [ "$(wc -l < "$marks")" -gt "$b_marks" ]
tui_stop

# A writer that rings no bell: seen at the next look.
TUI_ENV="TEMAS_IDLE_MS=300" ui_start 120 30 "$db"
sqlite3 "$db" "UPDATE complaints SET subject = 'Idle no more' WHERE id = $first"
check "a change committed by the sqlite3 shell is drawn" tui_wait "Idle no more"
tui_stop

# With nothing to listen for, the console looks twice a second as before.
: > "$stats"
TUI_ENV="TEMAS_NO_BELL=1 TEMAS_STATS_FILE=$stats" ui_start 120 30 "$db"
stat_wait passes 4
snap e
check_eq "no bell listened for" 0 "$e_bells"
sqlite3 "$db" "UPDATE complaints SET subject = 'Polled again' WHERE id = $first"
check "without a bell, a change is drawn at the next look" tui_wait "Polled again"
tui_stop

# The clock moves on, nobody commits: a new minute is a frame (the
# header's clock, the time left on each row) and nothing read; once a
# complaint falls due, the queue is read again and counts it breached.
clock="$T_TMP/out/now"
: > "$stats"
# The consoles before left no presence (a purge by the jumping clock
# would be a change).
sqlite3 "$db" "DELETE FROM presence"
breached() { sqlite3 "$db" "SELECT count(*) FROM complaints WHERE is_open
	AND (snoozed_until IS NULL OR snoozed_until <= $1) AND due_at < $1"; }
due=$(sqlite3 "$db" "SELECT min(due_at) FROM complaints WHERE is_open AND due_at >= $UI_NOW")
# A minute turn well before it, and one just after it.
quiet=$(( (UI_NOW / 60 + 1) * 60 ))
after=$(( (due / 60 + 1) * 60 ))
check "set-up: a complaint falls due after the next minute ($due)" [ "$due" -ge $((quiet + 60)) ]
echo "$UI_NOW" > "$clock"
TUI_ENV="TEMAS_NOW_FILE=$clock TEMAS_STATS_FILE=$stats TEMAS_IDLE_MS=200" \
	frame_start 120 30 "$db"
check "set-up: the count line" tui_wait "breached $(breached $UI_NOW)"
stat_wait writes 2
snap f
echo "$quiet" > "$clock"
check "the minute turns: a frame" stat_wait frames $((f_frames + 1))
snap g
check_eq "and nothing read" "$f_loads" "$g_loads"
echo "$after" > "$clock"
check "a complaint fell due: the queue is read again" stat_wait loads $((g_loads + 1))
check "and counts it breached" tui_wait "breached $(breached $after)"
check "set-up: one more breached than before" \
	[ "$(breached $after)" -gt "$(breached $UI_NOW)" ]
tui_stop
finish
