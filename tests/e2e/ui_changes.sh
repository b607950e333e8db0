#!/bin/sh
# ui_changes.sh: another process's commit makes the console read again
# only the panes that show what changed.  A presence heartbeat (the same
# agent on the same complaint, a newer time) reads nothing; a claim reads
# the queue and shows it.  Each frame's header counts the panes read
# ("loads") and the other processes' commits noticed ("others").
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
q() { sqlite3 "$db" "$1"; }
field() { printf '%s\n' "$FRAME_HEAD" | sed -n "s/.* $1 \([0-9]*\).*/\1/p"; }

# wait_field NAME N: wait (rounds of frames; a minute at most, a hang and
# not a speed limit) until the header's NAME is at least N.
wait_field() {
	_r=0
	while [ $_r -lt 600 ]; do
		FRAME_HEAD=$(head -1 "$T_FRAME" 2>/dev/null)
		[ "$(field "$1")" -ge "$2" ] 2>/dev/null && return 0
		sleep 0.1; _r=$((_r + 1))
	done
	return 1
}

# Another agent looks at the second complaint, its heartbeat far ahead
# of any clock so that no beat purges it.
q "INSERT INTO presence(agent_id, complaint_id, activity, pid, heartbeat_at)
   VALUES(900001, 900002, 'viewing', 1, 4000000000)"
frame_start 80 24 "$db"
# Let the console settle: its own presence and audit row written.
check "the console rests" wait_field writes 2
sleep 1
FRAME_HEAD=$(head -1 "$T_FRAME")
loads0=$(field loads) others0=$(field others)

q "UPDATE presence SET heartbeat_at = heartbeat_at + 5 WHERE agent_id = 900001"
check "the heartbeat is noticed" wait_field others $((others0 + 1))
check_eq "a heartbeat reads no pane" "$loads0" "$(field loads)"
q "UPDATE presence SET heartbeat_at = heartbeat_at + 5 WHERE agent_id = 900001"
check "a second heartbeat is noticed" wait_field others $((others0 + 2))
check_eq "nor does a second one" "$loads0" "$(field loads)"

q "UPDATE complaints SET assignee_id = 900001 WHERE id = 900001"
check "the claim is noticed" wait_field others $((others0 + 3))
loads1=$(field loads)
check "a claim elsewhere reads the panes again" test "$loads1" -gt "$loads0"
check "and the queue shows it" tui_wait "zehra" 5
finish
