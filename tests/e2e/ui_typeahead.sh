#!/bin/sh
# ui_typeahead.sh: keys typed ahead act where the keys before them led.
# "jc" sent at once claims the row j moved to, not the one it left;
# "jj:claim<Enter>" claims the third row; an action after moves while the
# customer panes wait for the queue to rest still acts on the new row.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

ui_setup
q() { sqlite3 -cmd ".timeout 5000" "$db" "$1"; }
held() { q "SELECT coalesce(group_concat(c.id, ' '), '-') FROM complaints c JOIN agents a ON a.id=c.assignee_id WHERE a.login='$me' AND c.id IN ($r1, $r2, $r3) ORDER BY c.id"; }

# The fixture's first three rows: 900001, 900002, 900003 (by due time).
ui_start 80 24 "$db"
# The queue's first three rows, as the console orders them.
TEMAS_NOW=$UI_NOW "$TEMAS" -d "$db" queue --format tsv | cut -f1 | head -3 > "$T_TMP/rows"
r1=$(sed -n 1p "$T_TMP/rows"); r2=$(sed -n 2p "$T_TMP/rows"); r3=$(sed -n 3p "$T_TMP/rows")
check_eq "the fixture's first two rows" "900001 900002" "$r1 $r2"
check "the first row is selected" tui_wait ">! -30d00h email   high   Zeynep Kayaoğlu"
tui_keys j c
check "jc: the status line names the second complaint" \
	tui_wait "complaint 900002 is yours now"
check_eq "jc claimed the row moved to" 900002 "$(held)"
tui_keys k
tui_wait ">! -30d00h email" 5
tui_keys j j :
tui_type "claim"
tui_keys Enter
check "jj:claim: the third complaint" tui_wait "complaint $r3 is yours now"
check_eq "jj:claim claimed the third row" "$(printf '%s\n' "$r2" "$r3" | sort -n | tr '\n' ' ' | sed 's/ $//')" "$(held)"
tui_stop

# With a long hold window the customer panes wait, and the claim still
# goes to the row reached.
q "UPDATE complaints SET assignee_id=NULL WHERE id IN ($r2, $r3)"
TUI_ENV="TEMAS_HOLD_MS=5000" ui_start 80 24 "$db"
tui_keys j j c
check "while the panes wait: the status line names the third" \
	tui_wait "complaint $r3 is yours now"
check_eq "while the panes wait: the third row claimed" "$r3" "$(held)"
tui_stop
finish
