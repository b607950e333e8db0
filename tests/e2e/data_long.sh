#!/bin/sh
# data_long.sh: values of any length survive.  A customer id, names and an
# order number of 200 bytes each go through import, `temas show`, the
# console (whole where they fit, with an ellipsis where they do not), a
# template filled into a reply and export, and come out byte for byte.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/long.db"
me=$(id -un)
TEMAS_NOW=1740830400; export TEMAS_NOW
"$TEMAS" -d "$db" agent add "$me" --supervisor >/dev/null
long() {   # long PREFIX: PREFIX then digits to 200 bytes
	printf '%s' "$1"; i=${#1}
	while [ "$i" -lt 200 ]; do printf '%d' $((i % 10)); i=$((i + 1)); done
}
ext=$(long "MUSTERI-")
first="Ayşe$(long "")"
last="Yılmaz$(long "")"
number=$(long "SIP-2025-")
check_eq "the order number is 200 bytes" 200 "$(printf '%s' "$number" | wc -c)"
check "the first name is over 200 bytes" [ "$(printf '%s' "$first" | wc -c)" -gt 200 ]

printf 'ext_id,first_name,last_name,email,lang\n%s,%s,%s,ayse@example.com,tr\n' \
	"$ext" "$first" "$last" > "$T_TMP/customers.csv"
printf 'number,customer_ext_id,status,total,currency,placed_at\n%s,%s,shipped,10.00,TRY,2025-02-27T10:15:00Z\n' \
	"$number" "$ext" > "$T_TMP/orders.csv"
printf 'ext_id,customer_ext_id,order_number,channel,priority,category,subject,status,opened_at\nK-LONG,%s,%s,email,normal,delivery,Kargo gecikti,open,2025-03-01T08:00:00Z\n' \
	"$ext" "$number" > "$T_TMP/complaints.csv"
for k in customers orders complaints; do
	run_cmd -d "$db" import "$k" "$T_TMP/$k.csv"
	check_eq "import $k" "0" "$RC$ERR"
done
check_eq "stored whole: the order number" "$number" \
	"$(sqlite3 "$db" "SELECT number FROM orders")"
cust=$(sqlite3 "$db" "SELECT id FROM customers")
complaint=$(sqlite3 "$db" "SELECT id FROM complaints")

run_cmd -d "$db" show customer "$cust"
check_contains "show: the whole name" "$first $last" "$OUT"
check_contains "show: the whole order number" "$number" "$OUT"
run_cmd -d "$db" show complaint "$complaint"
check_contains "show complaint: the whole customer name" "$first $last" "$OUT"

printf '=== siparis email tr\nSubject: Siparişiniz\nSayın {customer.name}, {order.number} numaralı siparişiniz yolda.\n' \
	> "$T_TMP/t.txt"
run_cmd -d "$db" templates load "$T_TMP/t.txt"
check_eq "template loaded" 0 "$RC"
"$TEMAS" -d "$db" show customer "$cust" >/dev/null   # the order history, seen
run_cmd -d "$db" reply "$complaint" --template siparis
check_eq "reply from the template" "0" "$RC"
body=$(sqlite3 "$db" "SELECT body FROM interactions WHERE direction = 'out'")
check_contains "the reply body has the whole order number" "$number numaralı" "$body"
check_contains "the reply body has the whole name" "Sayın $first $last," "$body"

run_cmd -d "$db" export orders
check_contains "export: the whole order number" "$number" "$OUT"
run_cmd -d "$db" export customers
check_contains "export: the whole customer id" "$ext" "$OUT"
check_contains "export: the whole first name" "$first" "$OUT"

# Many rows survive as well as long ones: `temas show` gives a complaint's
# 250 messages, 30 links and 29 open complaints about its order, and a
# customer's 230 orders and 70 open complaints, every one of them.
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, created_at) VALUES (900, 'Çok', 'Kayıt', 1);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 230)
INSERT INTO orders(id, customer_id, number, status, total, placed_at)
 SELECT 5000 + i, 900, 'COK-' || i, 'delivered', 100 * i, 1700000000 + i * 3600 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70)
INSERT INTO complaints(id, customer_id, channel, subject, opened_at,
  first_response_due, resolution_due)
 SELECT 9000 + i, 900, 'email', 'Konu ' || i, 1700000000 + i, 4000000000, 4000000000 FROM n;
UPDATE complaints SET order_id = 5001 WHERE id BETWEEN 9041 AND 9070;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
INSERT INTO interactions(customer_id, complaint_id, channel, direction, at, body)
 SELECT 900, 9001, 'email', 'in', 1700000000 + i * 60, 'mesaj numara ' || i FROM n;
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 31)
INSERT INTO complaint_links(a, b, at, login) SELECT 9001, 9000 + i, 1, 'x' FROM n;"
ids() { seq -s ' ' "$1" "$2"; }
run_cmd -d "$db" show complaint 9001
check_eq "show complaint: all 250 messages" 250 "$(printf '%s\n' "$OUT" | grep -c '(message [0-9]*)$')"
check_contains "show complaint: the newest message" "    mesaj numara 250" "$OUT"
check_eq "show complaint: all 30 links" "Linked:   $(ids 9002 9031)" \
	"$(printf '%s\n' "$OUT" | grep '^Linked:')"
run_cmd -d "$db" show complaint 9041
check_contains "show complaint: all 29 others about the same order" \
	"Same order, also open: $(ids 9042 9070)  (temas merge" "$OUT"
run_cmd -d "$db" show customer 900
check_contains "show customer: the count of all orders" "Orders (230):" "$OUT"
check_eq "show customer: every order listed" 230 "$(printf '%s\n' "$OUT" | grep -c '^  COK-[0-9]* ')"
check_contains "show customer: the oldest order" "  COK-1 " "$OUT"
check_eq "show customer: all 70 open complaints" "Open complaints (70): $(ids 9001 9070)" \
	"$(printf '%s\n' "$OUT" | grep '^Open complaints')"

# Every lookup takes the team's own ids too.
run_cmd -d "$db" show customer "$ext"
check_contains "show customer by the team's 200-byte id" "Customer $cust " "$OUT"
run_cmd -d "$db" show complaint K-LONG
check_contains "show complaint by the team's id" "Complaint $complaint " "$OUT"
run_cmd -d "$db" claim K-LONG
check_eq "claim by the team's id" "0" "$RC"
check_eq "claimed" "$me" "$(sqlite3 "$db" "SELECT a.login FROM complaints c
	JOIN agents a ON a.id = c.assignee_id WHERE c.ext_id = 'K-LONG'")"
run_cmd -d "$db" show customer NOSUCH-1
check_eq "an unknown id: exit 3" 3 "$RC"
check_eq "an unknown id: named" \
	"temas: no customer with the id 'NOSUCH-1' (temas's number or the team's ext_id)" "$ERR"
sqlite3 "$db" "UPDATE customers SET ext_id = '1042' WHERE id = $cust"
run_cmd -d "$db" show customer ext:1042
check_contains "ext:DIGITS names the team's numeric id" "Customer $cust " "$OUT"
run_cmd -d "$db" show customer 1042
check_eq "digits alone are temas's number" 3 "$RC"
sqlite3 "$db" "UPDATE customers SET ext_id = '$ext' WHERE id = $cust"

# The console: at 120 columns the name does not fit its place: cut with
# an ellipsis, never silently; the order number's start is there.
if command -v tmux >/dev/null 2>&1; then
	TUI_ENV="TEMAS_NOW=$TEMAS_NOW" tui_start 120 40 -d "$db"
	if tui_wait "SIP-2025-" 10; then
		ok "console: the order is listed"
	else
		not_ok "console: the order is listed" "$(tui_screen)"
	fi
	line=$(tui_screen | grep "SIP-2025-" | head -1)
	check_contains "console: a cut order number ends in an ellipsis" "…" "$line"
	name=$(tui_screen | grep "Ayşe" | head -1)
	check_contains "console: a cut name ends in an ellipsis" "…" "$name"
	tui_keys :
	tui_type "customer $ext"
	tui_keys Enter
	if tui_wait "Ayşe" 10 && ! tui_screen | grep -q "no customer"; then
		ok "console: :customer takes the team's id"
	else
		not_ok "console: :customer takes the team's id" "$(tui_screen)"
	fi
	tui_stop
else
	skip "console: the order is listed" "tmux is not installed"
	skip "console: a cut order number ends in an ellipsis" "tmux is not installed"
	skip "console: a cut name ends in an ellipsis" "tmux is not installed"
	skip "console: :customer takes the team's id" "tmux is not installed"
fi
# Two ids of 1,500 bytes that differ only in their last byte are two
# customers: the file's duplicate check keeps the whole key (it kept the
# first 1,023 bytes and called the second row a duplicate of the first).
same=$(printf '%01200d' 0)
printf 'ext_id,first_name\n%s-1,Bir\n%s-2,İki\n' "$same$(printf '%0290d' 0)" \
	"$same$(printf '%0290d' 0)" > "$T_TMP/twins.csv"
run_cmd -d "$db" import customers "$T_TMP/twins.csv"
check_eq "ids alike but for their end: both imported" "0|" "$RC|$ERR"
check_eq "ids alike but for their end: two customers" 2 \
	"$(sqlite3 "$db" "SELECT count(*) FROM customers WHERE length(ext_id) = 1492")"

# Text written by the store from other text keeps all of it: a new
# customer's name from a sender's name of 300 bytes (cut at 200 bytes,
# inside a letter), a note on a complaint whose subject is 300 bytes (its
# subject cut at 255), a resolution note of 650 bytes in the audit row
# (cut at 600) and a template's subject of 300 bytes (cut at 255).
sender="a$(printf 'Ş%.0s' $(seq 150))"
printf 'From: "%s Yılmaz" <uzun.ad@example.com>\nTo: destek@example.com\nSubject: Uzun ad\nMessage-ID: <long-sender@x>\n\nMerhaba\n' \
	"$sender" > "$T_TMP/long.eml"
run_cmd -d "$db" ingest < "$T_TMP/long.eml"
check_eq "ingest: filed" 0 "$RC"
check_eq "a sender's name of 301 bytes: the first name whole" "$sender" \
	"$(sqlite3 "$db" "SELECT first_name FROM customers WHERE email = 'uzun.ad@example.com'")"
lk=$OUT
subject="Konu-$(printf 'ğ%.0s' $(seq 150))-SON"
sqlite3 "$db" "UPDATE complaints SET subject = '$subject' WHERE id = $lk"
run_cmd -d "$db" note "$lk" --text "not"
check_eq "note: done" 0 "$RC"
check_eq "a note on a complaint of a long subject: the subject whole" "$subject" \
	"$(sqlite3 "$db" "SELECT subject FROM interactions WHERE complaint_id = $lk AND direction = 'note'")"
why="$(printf 'r%.0s' $(seq 650))-SON"
run_cmd -d "$db" status "$lk" pending --note "$why"
check_eq "status with a note of 654 bytes: done" 0 "$RC"
check_eq "the audit keeps the note whole" "new -> pending: $why" \
	"$(sqlite3 "$db" "SELECT detail FROM audit WHERE action = 'status' AND complaint_id = $lk ORDER BY id DESC LIMIT 1")"
tsubject="Yanıt $(printf 'ü%.0s' $(seq 150)) SON"
printf '=== uzun email tr\nSubject: %s\nMerhaba\n' "$tsubject" > "$T_TMP/long.tmpl"
run_cmd -d "$db" templates load "$T_TMP/long.tmpl"
check_eq "templates load: done" 0 "$RC"
check_eq "a template's subject of 306 bytes: whole" "$tsubject" \
	"$(sqlite3 "$db" "SELECT subject FROM templates WHERE name = 'uzun'")"

finish
