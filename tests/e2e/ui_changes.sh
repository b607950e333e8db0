#!/bin/sh
# ui_changes.sh: another process's commit makes the console read again
# only the panes that show what changed.  A presence heartbeat (the same
# agent on the same complaint, a newer time) reads nothing; a claim reads
# the queue and shows it.  Each frame's header counts the panes read
# ("loads") and the other processes' commits noticed ("others").
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
# Another agent looks at the second complaint, its heartbeat far ahead
# of any clock so that no beat purges it.
q "INSERT INTO presence(agent_id, complaint_id, activity, pid, heartbeat_at)
   VALUES(900001, 900002, 'viewing', 1, 4000000000)"
frame_start 80 24 "$db"
# Let the console settle: its own presence and audit row written.
check "the console rests" frame_field_wait writes 2
sleep 1
loads0=$(frame_field loads) others0=$(frame_field others)

q "UPDATE presence SET heartbeat_at = heartbeat_at + 5 WHERE agent_id = 900001"
check "the heartbeat is noticed" frame_field_wait others $((others0 + 1))
check_eq "a heartbeat reads no pane" "$loads0" "$(frame_field loads)"
q "UPDATE presence SET heartbeat_at = heartbeat_at + 5 WHERE agent_id = 900001"
check "a second heartbeat is noticed" frame_field_wait others $((others0 + 2))
check_eq "nor does a second one" "$loads0" "$(frame_field loads)"

q "UPDATE complaints SET assignee_id = 900001 WHERE id = 900001"
check "the claim is noticed" frame_field_wait others $((others0 + 3))
loads1=$(frame_field loads)
check "a claim elsewhere reads the panes again" test "$loads1" -gt "$loads0"
check "and the queue shows it" tui_wait "zehra" 5
finish
