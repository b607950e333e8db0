#!/bin/sh
# ui_merge_seen_back.sh: the agent drew Zeynep's orders, went on to the
# next complaint (Ali's), and a supervisor merged another record of
# Zeynep's into hers meanwhile.  Back on Zeynep's complaint the console
# draws her orders again, the merged order among them: those replace the
# look it took before the merge, and r opens the reply at once.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

ui_setup
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, email, tier, created_at) VALUES
 (900004, 'Zeynep', 'Kaya', 'zeynep.eski@example.net', 'standard', 1500000000);
INSERT INTO orders(id, customer_id, number, status, total, currency, placed_at) VALUES
 (900006, 900004, 'FX-3001', 'delivered', 2500, 'TRY', 1699900000);
UPDATE agents SET role = 'supervisor' WHERE login = '$me';"
clock="$T_TMP/clock"
echo "$UI_NOW" > "$clock"

TUI_ENV="TEMAS_NOW_FILE=$clock" ui_start 80 24 "$db"
check "Zeynep's orders are drawn" tui_wait "FX-1003"
sleep 0.5
tui_keys j
check "then Ali's" tui_wait "FX-2001"
sleep 0.5
echo $((UI_NOW + 10)) > "$clock"
TEMAS_NOW=$((UI_NOW + 10)) run_cmd -d "$db" merge customer 900004 900001 --yes
check_eq "merged from the command line" 0 "$RC"
sleep 1
tui_keys k
check "back on Zeynep's complaint, the merged order is drawn" tui_wait "FX-3001"
sleep 0.5
tui_keys r
check "r opens the reply at once" tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_stop
finish
