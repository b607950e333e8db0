#!/bin/sh
# ui_merge_seen.sh: the order history rule holds whoever merges.  An agent
# has a complaint's orders on screen and is writing the reply when a
# supervisor, from a shell, merges another record of the customer (with an
# order of its own) into it.  The orders the console drew before are not
# the customer's orders now: it draws them again, with the merged order,
# and those count (it remembers how many records had been merged into the
# customer when it read them), so the reply goes at the first try and
# records when they were on screen, in whatever second.  Merges one after
# another do the same.  A console that has not yet noticed a merge when
# the agent replies is refused, in the store's words, and draws the orders
# again.  A customer merged INTO another record takes the console with
# the complaint to that record, whose orders count.  The console's clock
# is a file the test moves on.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

ui_setup
# 900004: a second record of Zeynep (900001), with an order newer than hers.
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, email, tier, created_at) VALUES
 (900004, 'Zeynep', 'Kaya', 'zeynep.eski@example.net', 'standard', 1500000000);
INSERT INTO customers(id, first_name, last_name, tier, created_at) VALUES
 (900010, 'Zeynep', 'K', 'standard', 1500000000),
 (900011, 'Zeynep', 'Kay', 'standard', 1500000000),
 (900012, 'Zeynep', 'Kayao', 'standard', 1500000000);
INSERT INTO orders(id, customer_id, number, status, total, currency, placed_at) VALUES
 (900006, 900004, 'FX-3001', 'delivered', 2500, 'TRY', 1699900000),
 (900010, 900010, 'FX-5001', 'delivered', 1000, 'TRY', 1699910000),
 (900011, 900011, 'FX-5002', 'delivered', 1000, 'TRY', 1699920000),
 (900012, 900012, 'FX-5003', 'delivered', 1000, 'TRY', 1699930000);
UPDATE agents SET role = 'supervisor' WHERE login = '$me';"
clock="$T_TMP/clock"
echo "$UI_NOW" > "$clock"

TUI_ENV="TEMAS_NOW_FILE=$clock" ui_start 80 24 "$db"
check "the complaint's customer is on screen" tui_wait "Zeynep Kayaoğlu"
check "with her orders" tui_wait "FX-1003"
tui_keys r
check "the reply opens: the orders were on screen" \
	tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_type "Siparişiniz yolda."
tui_wait "Siparişiniz yolda."

# Ten seconds on, the supervisor merges the old record from a shell.
merged_at=$((UI_NOW + 10))
echo "$merged_at" > "$clock"
TEMAS_NOW=$merged_at run_cmd -d "$db" merge customer 900004 900001 --yes
check_eq "merged from the command line" 0 "$RC"
check_eq "nothing recorded as seen any more" 0 \
	"$(q "SELECT count(*) FROM history_seen WHERE complaint_id = 900001")"
check "the console draws the merged order" tui_wait "FX-3001"
# Drawn again after the merge, in the merge's own second: they count.
tui_keys C-x
check "the reply goes at the first try: on the timeline, queued" \
	tui_wait "[queued] Kargo gecikti"
check_eq "one reply sent" 1 "$(sent)"
check_eq "recorded with the time the merged orders were on screen" \
	"$merged_at|Siparişiniz yolda." \
	"$(q "SELECT history_seen_at, body FROM interactions WHERE complaint_id = 900001
	      AND direction = 'out' AND agent_id = (SELECT id FROM agents WHERE login = '$me')")"
check_eq "and in history_seen" "$merged_at" \
	"$(q "SELECT at FROM history_seen WHERE complaint_id = 900001")"

# Three more records merged in, a second apart, while a second reply is
# written; the console's clock moves on once, after the first.  Each
# merge forgets what was seen; the orders drawn after the last count.
tui_keys r
check "a second reply opens" tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_type "Kargonuz bugün teslim edilecek."
tui_wait "Kargonuz bugün teslim edilecek."
t=$merged_at
for k in 900010 900011 900012; do
	t=$((t + 1))
	TEMAS_NOW=$t run_cmd -d "$db" merge customer $k 900001 --yes
	[ "$k" = 900010 ] && echo "$t" > "$clock"
	sleep 0.5
done
check "the last merged order is drawn" tui_wait "FX-5003"
tui_keys C-x
check "after the last merge the reply goes at the first try" sent_is 2
check_eq "recorded with the time of the orders drawn after it" $((merged_at + 1)) \
	"$(q "SELECT history_seen_at FROM interactions WHERE complaint_id = 900001
	      AND direction = 'out' AND body LIKE 'Kargonuz%'")"
tui_stop
merged_at=$t

# A console that sleeps (no bell from the sqlite3 shell, a long idle
# time) has not seen the merge when the key comes: its check refuses, in
# the store's words, and the console draws the orders again, which count.
# Ali (900003), the queue's first complaint now, has a second record too.
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, tier, created_at) VALUES
 (900005, 'Ali', 'Ozturkmen', 'standard', 1500000000),
 (900013, 'Ali', 'Öztürk', 'standard', 1500000000);
INSERT INTO orders(id, customer_id, number, status, total, currency, placed_at) VALUES
 (900007, 900005, 'FX-4001', 'delivered', 1500, 'TRY', 1699950000),
 (900013, 900013, 'FX-6001', 'delivered', 3000, 'TRY', 1699960000);"
TUI_ENV="TEMAS_NOW_FILE=$clock TEMAS_IDLE_MS=600000" ui_start 80 24 "$db"
check "Ali's complaint first, his orders drawn" tui_wait "FX-2001"
check "the header is Ali's" tui_wait "Ali Öztürkmen  silver"
sleep 1
merged_at=$((merged_at + 10))
echo "$merged_at" > "$clock"
# The merge as another program writes it (what temas merge customer does
# to these rows), with no bell.
q "BEGIN;
   UPDATE orders SET customer_id = 900003 WHERE customer_id = 900005;
   INSERT INTO customer_merges(customer_id, into_id, merged_at, login)
     VALUES(900005, 900003, $merged_at, '$me');
   DELETE FROM history_seen WHERE complaint_id = 900002;
   COMMIT;"
check_not_contains "the console has not noticed" "FX-4001" "$(tui_screen)"
tui_keys r
check "the reply is refused: the records were merged since" \
	tui_wait "another record was merged into this customer since"
check "the merged order is drawn" tui_wait "FX-4001"
tui_keys r
check "the orders drawn again count: the reply opens" \
	tui_wait "Reply to Ali Öztürkmen on phone"
tui_type "Faturanız düzeltildi."
tui_wait "Faturanız düzeltildi."

# Now Ali's record is merged INTO another one of his (900013), his
# complaint and orders with it.  The console follows the complaint there
# and the kept record's orders, drawn now, count.
merged_at=$((merged_at + 10))
echo "$merged_at" > "$clock"
TEMAS_NOW=$merged_at run_cmd -d "$db" merge customer 900003 900013 --yes
check_eq "merged away from the command line" 0 "$RC"
check "the console shows the record the complaint belongs to now" \
	tui_wait "FX-6001"
check_contains "... its header" "merged from #900003" "$(tui_screen)"
tui_keys C-x
check "the kept record's orders count: the reply goes" sent_is 1 900002
check_eq "recorded with the time they were on screen" "$merged_at" \
	"$(reply_seen_at 900002)"
tui_stop
finish
