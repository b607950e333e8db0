#!/bin/sh
# ui_moved_reply_message.sh: the agent has Zeynep's orders on screen when
# her complaint is moved to another customer record (here by a writer the
# console hears of only when it next asks, as it is for the moment before
# it notices an import).  No record was merged into anyone: r refuses, and
# says that the complaint moved, as the store's refusal does, not that a
# record was merged into the customer.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }
db="$T_TMP/ui.db"
ui_db "$db"
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, email, tier, created_at) VALUES
 (900004, 'Zeynep', 'Kaya', 'zeynep.eski@example.net', 'standard', 1500000000);
INSERT INTO orders(id, customer_id, number, status, total, currency, placed_at) VALUES
 (900006, 900004, 'FX-3001', 'delivered', 2500, 'TRY', 1699900000);"
TUI_ENV="TEMAS_IDLE_MS=60000" ui_start 80 24 "$db"
check "her orders are drawn" tui_wait "FX-1003"
sleep 0.5
sqlite3 -cmd ".timeout 10000" "$db" \
	"UPDATE complaints SET customer_id = 900004 WHERE id = 900001"
tui_keys r
tui_wait "first" 5
check_contains "r says the complaint moved" \
	"the complaint has moved to another customer record" "$(tui_message)"
check_not_contains "... not that a record was merged into the customer" \
	"another record was merged into this customer" "$(tui_message)"
tui_stop
finish
