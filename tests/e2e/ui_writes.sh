#!/bin/sh
# ui_writes.sh: looking writes nothing.  Moving the queue's selection row
# by row (a held j) makes no write transaction at all; once the selection
# rests, its presence and one customer-open audit row are written, and
# the order history seen is kept in memory until a reply records it.
# The console's own count of committed writes is in each frame's header.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
# A queue longer than the 21 rows the test moves over, one customer each.
seed_sql "$db" "INSERT INTO complaints(customer_id, channel, priority, subject,
	  status, opened_at, first_response_due, resolution_due)
	SELECT id, 'email', 'normal', 'Sıra ' || i, 'open', $UI_NOW - 3600,
	  $UI_NOW + 3600 * i, $UI_NOW + 86400 * i
	FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM customers)
	WHERE i <= 30"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
# Rest is 3 s here, so that a slow machine between two keys is not
# taken for a selection that rests.
TUI_ENV="TEMAS_REST_MS=3000" frame_start 80 24 "$db"
check "the first row rested on: presence and audit written" frame_field_wait writes 2
w0=$(frame_field writes)
check_eq "resting writes presence and one audit row, nothing else" 2 "$w0"
opened0=$(q "SELECT count(*) FROM audit WHERE action = 'customer_open'")

moved=0 extra=
i=0
while [ $i -lt 20 ]; do
	frame_keys j
	frame_wait || break
	w=$(frame_field writes)
	[ "$w" = "$w0" ] || extra="$extra key $((i + 1)): $w;"
	moved=$((moved + 1))
	i=$((i + 1))
done
check_eq "20 rows moved over one at a time" 20 "$moved"
check_eq "no write while moving" "" "$extra"
check_eq "no audit row for the rows passed over" "$opened0" \
	"$(q "SELECT count(*) FROM audit WHERE action = 'customer_open'")"
check_eq "order history seen kept in memory, not written" 0 \
	"$(q "SELECT count(*) FROM history_seen")"

check "rested on the 21st row: written" frame_field_wait writes $((w0 + 1))
sleep 1
frame_shown
check_eq "rest writes presence and one audit row" $((w0 + 2)) "$(frame_field writes)"
check_eq "one customer-open row more" $((opened0 + 1)) \
	"$(q "SELECT count(*) FROM audit WHERE action = 'customer_open'")"
check_eq "presence is on the row rested on" 1 \
	"$(q "SELECT count(*) FROM presence p JOIN audit a ON a.complaint_id = p.complaint_id
	      WHERE a.id = (SELECT max(id) FROM audit WHERE action = 'customer_open')")"
finish
