#!/bin/sh
# ui_merge_seen_page.sh: the agent has scrolled the orders of a customer
# with many orders down to the oldest when a supervisor merges another
# record of hers, with an order newer than all of hers, into it.  The
# console reads the orders again from the newest, as at the first look,
# not from where the list was scrolled: the merged record's order is on
# screen before the orders drawn count and the reply goes.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

ui_setup
# Thirty old orders of Zeynep (900001), more than the pane holds, and a
# second record of hers (900004) with an order newer than all of them.
vals=""
for i in $(seq 1 30); do
	vals="$vals,($((910000 + i)), 900001, 'OLD-$i', 'delivered', 100, 'TRY', $((1500000000 + i * 1000)))"
done
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, email, tier, created_at) VALUES
 (900004, 'Zeynep', 'Kaya', 'zeynep.eski@example.net', 'standard', 1500000000);
INSERT INTO orders(id, customer_id, number, status, total, currency, placed_at) VALUES
 (900006, 900004, 'FX-3001', 'delivered', 2500, 'TRY', 1699900000)$vals;
UPDATE agents SET role = 'supervisor' WHERE login = '$me';"
clock="$T_TMP/clock"
echo "$UI_NOW" > "$clock"
TUI_ENV="TEMAS_NOW_FILE=$clock" ui_start 80 24 "$db"
check "her orders are drawn" tui_wait "FX-1003"
tui_keys Tab
sleep 0.3
tui_keys G
check "scrolled down to her oldest order" tui_wait "OLD-1 "
echo $((UI_NOW + 10)) > "$clock"
TEMAS_NOW=$((UI_NOW + 10)) run_cmd -d "$db" merge customer 900004 900001 --yes
check_eq "merged from the command line" 0 "$RC"
check "the console reads the orders again" tui_wait "Orders (34)"
check "from the newest: the merged record's order is drawn" tui_wait "FX-3001"
check_not_contains "no longer scrolled to her oldest" "OLD-1 " "$(tui_screen)"
check_not_contains "... nor one row up, where the list was" "OLD-2 " "$(tui_screen)"
tui_keys r
check "the reply opens" tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_type "Siparişiniz yolda."
tui_wait "Siparişiniz yolda."
tui_keys C-x
check "the reply goes" tui_wait "[queued] Kargo gecikti"
check_eq "recorded with the time of the orders drawn after the merge" \
	"$((UI_NOW + 10))" \
	"$(q "SELECT history_seen_at FROM interactions WHERE complaint_id = 900001
	      AND direction = 'out' AND body = 'Siparişiniz yolda.'")"
tui_stop
finish
