#!/bin/sh
# ui_hostile_more.sh: a customer built to break the console - every kind
# of terminal control string (CSI, OSC title and clipboard, DCS, SOS, PM,
# APC, a full reset, a bracketed-paste end marker, cursor and screen-mode
# changes), C1 controls, bidi overrides, zero-width characters and
# invalid UTF-8 in the name, an order and messages on several channels,
# plus a 1 MB message and a 10,000-line message.  On every pane the
# screen stays intact, the title and the clipboard are untouched, the
# cursor and screen mode stay the console's own, and keys still work.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
E="char(27)"
# Everything a terminal would act on, with a marker inside each payload.
H="$E || ']0;pwned-title' || char(7) || $E || ']2;pwned2' || $E || '\\'
 || $E || ']52;c;cHduZWQ=' || char(7) || $E || 'P+q544e' || $E || '\\'
 || $E || 'Xpwned-sos' || $E || '\\' || $E || '^pwned-pm' || $E || '\\'
 || $E || '_pwned-apc' || $E || '\\' || $E || '[201~' || $E || '[200~'
 || $E || '[10;10H' || $E || '[?1049l' || $E || '[?25l' || $E || '[2J'
 || $E || 'c' || $E || '[31;5m' || char(155) || '2J' || char(157) || 'pwned-c1' || char(156)
 || char(8238) || char(8203) || char(8206) || char(8294) || char(65279)
 || CAST(X'C0AFFF' AS TEXT)"
cat > "$T_TMP/hostile.sql" <<SQL
INSERT INTO customers(id, first_name, last_name, email, phone, city, tier, created_at)
 VALUES (900010, 'Kötü' || $H || 'Kişi', 'Soyad' || $H || 'SON',
  'x' || $H || '@example.com', '+90' || $H || '555', 'Şehir' || $H, 'gold', 1600000000);
INSERT INTO orders(id, customer_id, number, status, total, currency, placed_at)
 VALUES (900010, 900010, 'NO' || $H || '1', 'shipped', 100, 'TRY', 1690000000);
INSERT INTO order_lines(order_id, sku, product, qty, unit_price)
 VALUES (900010, 'SKU' || $H, 'Ürün' || $H || 'ADI', 1, 100);
INSERT INTO complaints(id, customer_id, order_id, channel, priority, subject, status,
  opened_at, first_response_due, resolution_due)
 VALUES (900010, 900010, 900010, 'chat', 'urgent', 'KONU' || $H || 'SONU', 'open',
  1690000000, 1700000000 - 60*86400, 1700000000 - 50*86400);
INSERT INTO interactions(customer_id, complaint_id, channel, direction, at, subject, body) VALUES
 (900010, 900010, 'chat', 'in', 1699600000, 'Sohbet' || $H, 'SOHBET-BAŞ' || $H || 'SOHBET-SON'),
 (900010, 900010, 'social', 'in', 1699500000, 'Tweet' || $H, 'SOSYAL-BAŞ' || $H || 'SOSYAL-SON'),
 (900010, NULL, 'email', 'in', 1699400000, 'Büyük',
  'MEGA-BAŞ ' || replace(hex(zeroblob(120000)), '00', 'ab' || $E || '[2Jçd ') || ' MEGA-SON'),
 (900010, NULL, 'email', 'in', 1699300000, 'Uzun',
  'SATIR-BAŞ' || char(10) || replace(hex(zeroblob(10000)), '00', 'satır' || char(10)) || 'SATIR-SON');
-- A sequence left open at the end of one field must not swallow the
-- next field when the console puts them on one line.
INSERT INTO customers(id, first_name, last_name, city, tier, created_at)
 VALUES (900011, 'Yarım' || $E || ']', 'Dizi', 'Van' || $E || '[', 'gold', 1600000000);
INSERT INTO orders(id, customer_id, number, status, total, currency, placed_at)
 VALUES (900011, 900011, 'YD' || $E || '[', 'delivered', 100, 'TRY', 1690000000);
INSERT INTO complaints(id, customer_id, order_id, channel, priority, subject, status,
  opened_at, first_response_due, resolution_due)
 VALUES (900011, 900011, 900011, 'chat', 'urgent', 'Yarım', 'open',
  1690000000, 1700000000 - 55*86400, 1700000000 - 50*86400);
SQL
sqlite3 -bail "$db" < "$T_TMP/hostile.sql" || { echo "Bail out! hostile.sql"; exit 1; }
check_eq "the 1 MB message is stored" 1 \
	"$(sqlite3 "$db" "SELECT count(*) FROM interactions WHERE length(body) > 1000000")"

# Let applications set tmux buffers (OSC 52), so a clipboard write would show.
tmux -S "$T_SOCK" -f /dev/null new-session -d -s boot \; set -g set-clipboard on
TUI_ENV="TEMAS_THEME=mono" frame_start 80 24 "$db"
title=$(tui_title)
cursor=$(tmux -S "$T_SOCK" display-message -p -t t '#{cursor_flag} #{alternate_on}')

# intact PANE: the console's own frame, title, clipboard and modes.
intact() {
	s=$(tui_screen)
	check_contains "$1: bar intact" "temas |" "$(tui_line 0)"
	# The terminal clips and wraps; so the console's own frame is measured,
	# and the terminal must show exactly that frame: a control that got
	# through, or a character measured differently, would move the text.
	if frame_shown; then
		ok "$1: the terminal shows the frame as drawn"
		check_eq "$1: 24 lines drawn, none wider than 80 columns" fits \
			"$(frame_fits 80 24)"
	fi
	check_not_contains "$1: no payload on screen" "pwned" "$s"
	check_not_contains "$1: no bidi override" "$(printf '\342\200\256')" "$s"
	check_eq "$1: pane title unchanged" "$title" "$(tui_title)"
	check_eq "$1: clipboard untouched" "" \
		"$(tmux -S "$T_SOCK" list-buffers 2>/dev/null)"
	check_eq "$1: cursor and screen mode unchanged" "$cursor" \
		"$(tmux -S "$T_SOCK" display-message -p -t t '#{cursor_flag} #{alternate_on}')"
}

check "queue: the hostile complaint is first" tui_wait "KONU"
intact "queue"
# The queue row joins the two names in the store: each must be made safe
# before the join, or the sequence open in the first swallows the last.
check_contains "queue row: an open sequence in the first name leaves the last" \
	"Yarım Dizi" "$(printf '%s\n' "$(tui_screen)" | grep -m1 'Yarım')"
tui_keys Enter
check "orders: the hostile order" tui_wait "> Orders ("
check_contains "customer header keeps the name" "Kötü" "$(tui_screen)"
intact "orders"
tui_keys Enter
check "order lines open" tui_wait "lines (q back)"
check_contains "order line text kept" "Ürün" "$(tui_screen)"
intact "order lines"
tui_keys q Tab
check "timeline shows the chat message" tui_wait "SOHBET-SON"
intact "timeline"
tui_keys G
sleep 0.5
tui_keys g
check "timeline: still at work after jumping through 1 MB" tui_wait "SOHBET-SON"
intact "timeline after scrolling"
tui_keys Tab
check "channels pane" tui_wait "> Channels:"
intact "channels"
tui_keys Enter
sleep 0.5
intact "channel thread"
tui_keys q BTab BTab BTab
check "back at the queue" tui_wait "> Queue:"
tui_keys j Enter
check "second customer's orders" tui_wait "> Orders ("
check_contains "an open sequence in the first name leaves the last name" \
	"Yarım Dizi" "$(tui_screen)"
tui_keys Enter
check "its order opens" tui_wait "lines (q back)"
check_contains "an open sequence in the order number leaves the status" \
	"YD, delivered" "$(tui_screen)"
tui_keys q Tab
check "its timeline" tui_wait "> Timeline ("
check_contains "timeline: the order's status survives its number" \
	"YD delivered" "$(tui_screen)"
tui_keys BTab BTab
check "back at the queue again" tui_wait "> Queue:"
tui_keys '?'
check "help still answers" tui_wait "next pane"
tui_keys q Q
check "quits normally" tui_wait "TEMAS-EXITED 0"

# The same name in the command-line queue and in search results.
run_cmd -d "$db" queue
check_contains "temas queue: the last name survives an open first" \
	"Yarım Dizi" "$(printf '%s\n' "$OUT" | grep -m1 '^ *900011 ')"
run_cmd -d "$db" search Dizi
check_eq "temas search Dizi: exit 0" 0 "$RC"
check_contains "temas search: the last name survives an open first" \
	"Yarım Dizi" "$(printf '%s\n' "$OUT" | grep -m1 'Yarım')"
finish
