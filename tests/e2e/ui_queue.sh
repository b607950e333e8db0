#!/bin/sh
# ui_queue.sh: the console on a demo database: the queue in due order as
# SQLite has it, a customer's orders and order lines, the timeline and
# channel panes, Tab between panes, the help screen, the cursor on the
# selected row.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
# The second customer in the queue gets a message of their own, for the
# timeline to show.
second=$(sqlite3 "$db" "SELECT customer_id FROM complaints WHERE is_open
	ORDER BY due_at, id LIMIT 1 OFFSET 1")
seed_sql "$db" "INSERT INTO interactions(customer_id, channel, direction, at, subject, body)
	VALUES($second, 'phone', 'in', 1699990000, 'Tutar iki kez çekildi', 'Faturam iki kez geldi.')"
ui_start 80 24 "$db"

# The top complaint's customer (fixture) has one complaint in 90 days and
# three orders: singular and plural forms come out right.
check "customer header: one complaint, singular" tui_wait "1 complaint in 90 days"
check_not_contains "customer header: no '1 complaints'" "1 complaints" "$(tui_screen)"
check_contains "customer header: three orders, plural" "3 orders" "$(tui_screen)"

# Queue rows start on screen line 3; the customer column holds 16 columns.
i=3
sqlite3 "$db" "SELECT substr(cu.first_name || ' ' || cu.last_name, 1, 14)
	FROM complaints c JOIN customers cu ON cu.id = c.customer_id
	WHERE c.is_open ORDER BY c.due_at, c.id LIMIT 6" > "$T_TMP/want"
esc=$(printf '\033')
while read -r name; do
	# The hostile fixture customer has its own test (ui_hostile.sh).
	case $name in *"$esc"*) i=$((i + 1)); continue ;; esac
	check_contains "queue row $((i - 2)) is the database's" "$name" "$(tui_line $i)"
	i=$((i + 1))
done < "$T_TMP/want"
check_eq "cursor on the selected row" "0,3" "$(tui_cursor_at 0,3)"

tui_keys j
# The name is already in the queue row; the customer pane is drawn once
# the selection rests, so wait for what only that pane shows: the
# customer's newest order.
newest=$(sqlite3 "$db" "SELECT number FROM orders WHERE customer_id = $second
	ORDER BY placed_at DESC, id DESC LIMIT 1")
check_eq "the second customer has an order" 1 "$([ -n "$newest" ] && echo 1)"
check "moving down opens the next customer" tui_wait "$newest"
check_contains "the pane names the next customer" \
	"$(sqlite3 "$db" "SELECT first_name FROM customers WHERE id = $second")" \
	"$(tui_screen | sed -n '/^ *$/,$p')"
check_eq "cursor follows" "0,4" "$(tui_cursor_at 0,4)"
for n in $(sqlite3 "$db" "SELECT number FROM orders WHERE customer_id = $second
		ORDER BY placed_at DESC, id DESC LIMIT 3"); do
	check_contains "order $n on screen" "$n" "$(tui_screen)"
done

tui_keys Enter
check "Enter moves to the orders" tui_wait "> Orders ("
first=$(sqlite3 "$db" "SELECT id FROM orders WHERE customer_id = $second
	ORDER BY placed_at DESC, id DESC LIMIT 1")
# A price no line total fits in (imports bound it only by the column type).
sqlite3 "$db" "INSERT INTO order_lines(order_id, sku, product, qty, unit_price)
	VALUES($first, 'HUGE-1', 'Overflow', 3, 4611686018427387904)" || exit 1
tui_keys Enter
check "Enter opens the order's lines" tui_wait "lines (q back)"
check_contains "a line total that does not fit shows ?" "?" \
	"$(tui_screen | grep 'HUGE-1' | sed 's/ *$//' | tail -c 2)"
for p in $(sqlite3 "$db" "SELECT sku FROM order_lines WHERE order_id = $first"); do
	check_contains "line $p shown" "$p" "$(tui_screen)"
done
tui_keys q
check "q goes back to the orders" tui_wait "> Orders ("

tui_keys Tab
check "Tab shows the timeline" tui_wait "> Timeline ("
latest=$(sqlite3 "$db" "SELECT subject FROM interactions WHERE customer_id = $second
	ORDER BY at DESC LIMIT 1")
check_eq "the customer's latest message is the one seeded" "Tutar iki kez çekildi" "$latest"
check_contains "timeline has the customer's message" "$latest" "$(tui_screen)"
tui_keys Tab
check "Tab shows the channels" tui_wait "> Channels:"
tui_keys Enter
check "Enter shows a channel's thread" tui_wait "> Channel Phone:"
tui_keys q BTab BTab BTab
check "Shift-Tab walks back to the queue" tui_wait "> Queue:"

tui_keys '?'
check "? shows the help" tui_wait "Keys and commands"
check_contains "help lists Tab" "next pane" "$(tui_screen)"
check_contains "help lists the filter key" "queue filter" "$(tui_screen)"
tui_keys q
check "q closes the help" tui_wait_gone "this help"

tui_keys f
check "f filters: mine" tui_wait "Queue: mine"
tui_keys f
check "f filters: unassigned" tui_wait "Queue: unassigned"
tui_keys Q
check "Q quits" tui_wait "TEMAS-EXITED 0"
finish
