#!/bin/sh
# cli_show_merge_race.sh: `temas show customer X` prints X's orders, then
# records the order history of X's open complaints as seen, in another
# transaction.  A merge of another record into X that commits in
# between (here: while show is stopped at the recording, as it is when
# it waits for the write lock a merge holds) leaves the printed orders
# without the merged record's: nothing is recorded as seen then, show
# says so, and `temas reply` is refused until the customer is shown
# again.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v gdb >/dev/null 2>&1 || { echo "1..0 # SKIP gdb is not installed"; exit 0; }
ui_fixture
# 900004: a second record of Zeynep (900001), with an order and an open
# complaint of its own.
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, email, tier, created_at) VALUES
 (900004, 'Zeynep', 'Kaya', 'zeynep.eski@example.net', 'standard', 1500000000);
INSERT INTO orders(id, customer_id, number, status, total, currency, placed_at) VALUES
 (900006, 900004, 'FX-3001', 'delivered', 2500, 'TRY', 1699900000);
INSERT INTO complaints(id, customer_id, channel, priority, category, subject,
  status, opened_at, first_response_due, resolution_due)
  SELECT 900009, 900004, channel, priority, category, 'Eski kayıt', status,
  opened_at, first_response_due, resolution_due FROM complaints WHERE id = 900001;
UPDATE agents SET role = 'supervisor' WHERE login = '$me';"
cat > "$T_TMP/race.gdb" <<EOG
set pagination off
set breakpoint pending on
break store_history_mark_customer
run
shell TEMAS_NOW=$UI_NOW "$TEMAS" -d "$db" merge customer 900004 900001 --yes >"$T_TMP/merge.out" 2>&1
continue
EOG
# LeakSanitizer cannot run under a debugger: the sanitized build's leak
# check is left to every other test.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
TEMAS_NOW=$UI_NOW gdb -q -batch -x "$T_TMP/race.gdb" --args "$TEMAS" -d "$db" \
	show customer 900001 >"$T_TMP/show.out" 2>&1
grep -q "^Breakpoint 1[.0-9]*, store_history_mark_customer" "$T_TMP/show.out" || {
	echo "1..0 # SKIP gdb cannot stop temas here (no ptrace?)"; exit 0; }
check_contains "merged while show was printing" "merged into 900001" "$(cat "$T_TMP/merge.out")"
check_contains "her orders were printed" "FX-1003" "$(cat "$T_TMP/show.out")"
check_not_contains "the printed orders lack the merged record's" "FX-3001" \
	"$(grep -v '^\[\|^Breakpoint\|^[0-9]' "$T_TMP/show.out")"
check_contains "show says nothing was marked" \
	"customer 900001 was merged with another record while the orders were read; nothing was marked as seen: show the customer again" \
	"$(cat "$T_TMP/show.out")"
check_contains "exit status 4, a lost race" "exited with code 04" "$(cat "$T_TMP/show.out")"
check_eq "nothing is recorded as seen: those orders were not all hers" 0 \
	"$(q "SELECT count(*) FROM history_seen")"
TEMAS_NOW=$((UI_NOW + 60)) run_cmd -d "$db" reply 900009 --text "Merhaba"
check "a reply to the merged record's complaint is refused" test "$RC" -ne 0
TEMAS_NOW=$((UI_NOW + 60)) run_cmd -d "$db" reply 900001 --text "Merhaba"
check "a reply to her own complaint is refused" test "$RC" -ne 0
check_contains "... until her orders are shown" "open the customer's order history first" \
	"$ERR"
TEMAS_NOW=$((UI_NOW + 60)) run_cmd -d "$db" show customer 900001
check_eq "shown again, with the merged record's order" 0 "$RC"
check_contains "... FX-3001 among them" "FX-3001" "$OUT"
TEMAS_NOW=$((UI_NOW + 60)) run_cmd -d "$db" reply 900009 --text "Merhaba"
check_eq "then the reply goes" 0 "$RC"
finish
