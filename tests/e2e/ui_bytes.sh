#!/bin/sh
# ui_bytes.sh: what the console sends to the terminal when the queue's
# selection moves, row by row: a driver in a pseudo-terminal
# (tests/bench/ptydrive -w) follows the cursor through the bytes and says
# on which screen rows something was printed or erased, and in how many
# separate runs, and how many bytes went to each row (a cursor movement
# counting for the row it arrives on).  Rows, runs and shares of bytes,
# not times, so the checks hold on any machine.  At 80x24 the top bar is
# screen row 1, the queue's rows are rows 4-10, the tab bar row 11, the
# customer header rows 12-14, the orders rows 15-23, the status line 24.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

drive="$TEMAS_BUILDDIR/tests/bench/ptydrive"
if [ ! -x "$drive" ]; then
	skip "bytes sent per move" "tests/bench/ptydrive is not built"
	finish
	exit 0
fi

db="$T_TMP/ui.db"
ui_db "$db"
# Four more open complaints, due after the fixture's, so that seven rows
# fill the queue's part of the screen.
seed_sql "$db" "INSERT INTO complaints(customer_id, channel, subject, opened_at,
	first_response_due, resolution_due)
	SELECT id, 'email', 'Kargo ' || id, $UI_NOW - 3600, $UI_NOW + 86400 + id,
	$UI_NOW + 90000 + id FROM customers
	WHERE id NOT IN (SELECT customer_id FROM complaints) ORDER BY id LIMIT 4"
# The second complaint in the queue is the first one's customer's too.
first=$(sqlite3 "$db" "SELECT customer_id FROM complaints WHERE is_open
	ORDER BY due_at, id LIMIT 1")
second=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open
	ORDER BY due_at, id LIMIT 1 OFFSET 1")
seed_sql "$db" "UPDATE complaints SET customer_id = $first WHERE id = $second"
third=$(sqlite3 "$db" "SELECT customer_id FROM complaints WHERE is_open
	ORDER BY due_at, id LIMIT 1 OFFSET 2")
[ "$third" != "$first" ] || { echo "Bail out! the fixture's third complaint is the first customer's"; exit 1; }

# drive HOLD_MS ARGS...: the console at 80x24 under the driver; the
# driver's lines in $T_TMP/drive.
drive() {
	hold=$1; shift
	(cd "$T_TMP" && env TERM=screen-256color TEMAS_NOW=$UI_NOW \
		TEMAS_HOLD_MS="$hold" "$drive" -w -c 80 -r 24 "$@" -- "$TEMAS" -d "$db") \
		> "$T_TMP/drive" 2> "$T_TMP/drive.err"
}
# rows_of N: the rows line after the driver's step N (from 1).
rows_of() { awk -v n="$1" '$1 == "rows" && ++k == n { $1 = ""; print }' "$T_TMP/drive"; }
# runs ROW ROWS: how many runs ROWS gives ROW (0 for none).
runs() { echo "$2" | tr ' ' '\n' | awk -F: -v r="$1" '$1 == r { n = $2 } END { print n + 0 }'; }
# below ROW ROWS: the rows from ROW down that were written.
below() { echo "$2" | tr ' ' '\n' | awk -F: -v r="$1" '$1 != "" && $1 >= r' | tr '\n' ' '; }
# bytes_of N: the bytes line after step N; first_bytes: what the first
# screen took.
bytes_of() { awk -v n="$1" '$1 == "bytes" && ++k == n { $1 = ""; print }' "$T_TMP/drive"; }
first_bytes() { awk -F '\t' '$1 == "first" { print $3 }' "$T_TMP/drive"; }
# byte_rows BYTES: the rows that got bytes, one a line.
byte_rows() { echo "$1" | tr ' ' '\n' | awk -F: '$1 != "" { print $1 }'; }
# total BYTES: all the bytes of a step.
total() { echo "$1" | tr ' ' '\n' | awk -F: '{ s += $2 } END { print s + 0 }'; }

# One move, then another, each waited for: no key is held.
if drive 0 -k j -k j; then
	same=$(rows_of 1)
	other=$(rows_of 2)
	check_eq "same customer: only the queue's rows are written" "" "$(below 11 "$same")"
	check "same customer: the row left and the row reached are written" \
		test "$(runs 4 "$same")" -ge 1 -a "$(runs 5 "$same")" -ge 1
	check "another customer: the customer header is written, once" \
		test "$(runs 12 "$other")" -eq 1
	check_eq "another customer: the tab bar is not written" 0 "$(runs 11 "$other")"
	# Every byte of the move, cursor movements and attributes included.
	check_eq "same customer: every byte goes to the two rows the selection moved between" \
		"" "$(byte_rows "$(bytes_of 1)" | grep -vxE '4|5' | tr '\n' ' ')"
	check_eq "another customer: no byte goes to the top bar, the tab bar or the status line" \
		"" "$(byte_rows "$(bytes_of 2)" | grep -xE '1|11|24' | tr '\n' ' ')"
	# The screen is never sent again whole (clear, clearok, redrawwin):
	# the next customer's panes and two queue rows are well under half
	# of the first screen.
	moved=$(total "$(bytes_of 2)")
	whole=$(first_bytes)
	check "another customer: under half the bytes of the whole screen ($moved of $whole)" \
		test "$moved" -gt 0 -a $((moved * 2)) -lt "${whole:-0}"
else
	not_ok "the driver runs the console" "$(cat "$T_TMP/drive.err")"
fi

# Six moves a key each, 300 ms apart: a held j, when moves closer than
# four seconds count as held.  The customer panes are blanked at most
# once and drawn once, when the queue has settled; a move not held would
# draw the customer of every row passed (five of them).
if drive 4000 -p 300 -k jjjjjj; then
	held=$(rows_of 1)
	check "held key: the customer header is written at most three times, not per move" \
		test "$(runs 12 "$held")" -le 3
	check "held key: the customer reached is drawn once the queue settles" \
		test "$(runs 12 "$held")" -ge 1
	check "held key: the queue's rows moved" test "$(runs 10 "$held")" -ge 1
else
	not_ok "the driver runs the console, keys held" "$(cat "$T_TMP/drive.err")"
fi
finish
