#!/bin/sh
# import.sh: `temas import` writes good files, refuses every kind of bad
# row with FILE:LINE: field 'x': problem, and then leaves the database
# exactly as it was (the whole file is one transaction).
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/t.db"
data="$TEMAS_SRCDIR/tests/data"

# The files name agent zeynep: an import never creates agents, so the
# supervisor adds her first.
"$TEMAS" -d "$db" agent add "$(id -un)" --supervisor >/dev/null
"$TEMAS" -d "$db" agent add zeynep >/dev/null
for k in customers orders order-lines complaints interactions; do
	run_cmd -d "$db" import "$k" "$data/$k.csv"
	check_eq "good $k: exit 0" 0 "$RC"
done
check_contains "good customers: count reported" "imported 4 customers" \
	"$("$TEMAS" -d "$db" import customers "$data/customers.csv")"
check_eq "customers stored" 4 "$(sqlite3 "$db" 'SELECT count(*) FROM customers')"
check_eq "comma decimal read as kuruş" 7550 \
	"$(sqlite3 "$db" "SELECT acquisition_cost FROM customers WHERE ext_id='C002'")"
check_eq "offset time stored as UTC" 1673764200 \
	"$(sqlite3 "$db" "SELECT created_at FROM customers WHERE ext_id='C001'")"
check_eq "quoted field with comma" "Smith, Jr." \
	"$(sqlite3 "$db" "SELECT last_name FROM customers WHERE ext_id='C004'")"
check_eq "order total in kuruş" 124990 \
	"$(sqlite3 "$db" "SELECT total FROM orders WHERE number='S-1001'")"
check_eq "quoted body with a line break" "Merhaba,
siparişim S-1002 hâlâ gelmedi." \
	"$(sqlite3 "$db" "SELECT body FROM interactions WHERE ext_id='<m1@example.com>'")"
check_eq "SLA due times from the policy (email normal: 8 h)" 28800 \
	"$(sqlite3 "$db" "SELECT first_response_due - opened_at FROM complaints WHERE ext_id='K-1'")"
check_eq "the agent named in the file is linked" "zeynep" \
	"$(sqlite3 "$db" "SELECT a.login FROM interactions i JOIN agents a ON a.id=i.agent_id WHERE i.ext_id='call-78'")"
check_eq "each import is one audit row with file, kind and counts" \
	"import|file=$data/customers.csv kind=customers customers=4" \
	"$(sqlite3 "$db" "SELECT action, detail FROM audit WHERE action='import' ORDER BY id LIMIT 1")"

# An unknown agent is refused, not created: a file cannot mint accounts.
printf '%s\n' 'ext_id,customer_ext_id,complaint_ext_id,channel,direction,agent_login,at,subject,body' \
	'x-1,C002,K-2,phone,out,mallory,2025-01-21T09:00:00Z,,forged' > "$T_TMP/mallory.csv"
before=$(sqlite3 "$db" ".dump agents interactions")
run_cmd -d "$db" import interactions "$T_TMP/mallory.csv"
check_eq "unknown agent login: exit 1" 1 "$RC"
check_contains "unknown agent login: FILE:LINE: field named" \
	"$T_TMP/mallory.csv:2: field 'agent_login': no agent with login 'mallory'" "$ERR"
check_eq "unknown agent login: no agent created, nothing written" "$before" \
	"$(sqlite3 "$db" ".dump agents interactions")"

dump() { sqlite3 "$db" .dump; }
# A search index may rewrite its internal pages on an update that changes
# nothing: compare the data itself.
data_dump() { sqlite3 "$db" ".dump customers orders order_lines complaints interactions agents"; }
before=$(data_dump)
for k in customers orders order-lines complaints interactions; do
	"$TEMAS" -d "$db" import "$k" "$data/$k.csv" >/dev/null 2>&1
done
check_eq "re-importing the same files changes nothing" "$before" "$(data_dump)"

run_cmd -d "$db" import --jsonl "$data/mixed.jsonl"
check_eq "jsonl: exit 0" 0 "$RC"
check_eq "jsonl: surrogate pair decoded" "Kupalardan biri kırık 😞" \
	"$(sqlite3 "$db" "SELECT body FROM interactions WHERE ext_id='web-1'")"
check_eq "jsonl: number amount" 19990 \
	"$(sqlite3 "$db" "SELECT total FROM orders WHERE number='W-77'")"

# bad KIND FILE MESSAGE: the exact first message, exit 1, nothing changed.
bad() {
	kind=$1 file=$2 msg=$3
	before=$(dump)
	if [ "$kind" = jsonl ]; then
		run_cmd -d "$db" import --jsonl "$file"
	else
		run_cmd -d "$db" import "$kind" "$file"
	fi
	check_eq "$file: exit 1" 1 "$RC"
	check_eq "$file: message" "temas: $msg" "$(printf '%s\n' "$ERR" | head -1)"
	check_contains "$file: says nothing was imported" "nothing imported" "$ERR"
	check_eq "$file: database unchanged" "$before" "$(dump)"
}

cd "$data/bad" || exit 1
bad customers customers-missing-field.csv \
	"customers-missing-field.csv:3: field 'ext_id': required, but empty"
bad customers customers-duplicate.csv \
	"customers-duplicate.csv:4: field 'ext_id': 'C100' appears twice in the file (first on line 2)"
bad customers customers-bad-utf8.csv \
	"customers-bad-utf8.csv:3: the file is not UTF-8: it looks like ISO-8859-9 (a byte 0xFC); convert it with 'iconv -f ISO-8859-9 -t UTF-8 customers-bad-utf8.csv > customers-bad-utf8.csv.utf8', or import it with --encoding ISO-8859-9"
bad customers customers-column-count.csv \
	"customers-column-count.csv:3: expected 10 fields, found 6"
bad customers customers-unknown-column.csv \
	"customers-unknown-column.csv:1: unknown column 'shoe_size' for customers (rename it with --column COLUMN=shoe_size or --map FILE, or leave it out with --ignore-column shoe_size)"
bad customers customers-missing-column.csv \
	"customers-missing-column.csv:1: required column 'ext_id' is missing"
bad customers customers-bare-quote.csv \
	"customers-bare-quote.csv:3: quote inside an unquoted field"
bad customers customers-unterminated-quote.csv \
	"customers-unterminated-quote.csv:3: quoted field not closed before the end of the file"
bad customers customers-bad-tier.csv \
	"customers-bad-tier.csv:2: field 'tier': 'diamond' is not one of: standard, silver, gold, platinum"
bad customers customers-bad-email.csv \
	"customers-bad-email.csv:3: field 'email': 'not-an-email': an e-mail address is name@domain, with one '@'"
bad customers customers-bad-phone.csv \
	"customers-bad-phone.csv:2: field 'phone': 'abc': a phone number has at least five digits"
bad customers customers-negative-cost.csv \
	"customers-negative-cost.csv:2: field 'acquisition_cost': '-5.00': cannot be below zero"
bad complaints complaints-resolved-before-opened.csv \
	"complaints-resolved-before-opened.csv:2: field 'resolved_at': '2025-02-28T10:00:00Z' is before opened_at '2025-03-01T10:00:00Z'"
bad orders orders-bad-date.csv \
	"orders-bad-date.csv:3: field 'placed_at': '01.03.2025': not a date (use 2025-03-01 or 2025-03-01T10:00:00Z)"
bad orders orders-bad-amount.csv \
	"orders-bad-amount.csv:3: field 'total': '12.345': more than two decimals (thousands separators are not accepted)"
bad orders orders-letters-amount.csv \
	"orders-letters-amount.csv:2: field 'total': '12 TL': not an amount (use 1234.56)"
bad orders orders-empty-amount.csv \
	"orders-empty-amount.csv:2: field 'total': required, but empty"
bad orders orders-unknown-customer.csv \
	"orders-unknown-customer.csv:3: field 'customer_ext_id': no customer with ext_id 'C999'"
bad order-lines order-lines-unknown-order.csv \
	"order-lines-unknown-order.csv:3: field 'order_number': no order with number 'S-9999'"
bad order-lines order-lines-duplicate.csv \
	"order-lines-duplicate.csv:3: field 'sku': 'NEW-1' appears twice for order_number 'S-1001' (first on line 2)"
bad order-lines order-lines-huge-qty.csv \
	"order-lines-huge-qty.csv:2: field 'qty': must be at most 2147483647"
bad complaints complaints-unknown-channel.csv \
	"complaints-unknown-channel.csv:3: field 'channel': unknown channel 'fax'"
bad complaints complaints-unknown-order.csv \
	"complaints-unknown-order.csv:2: field 'order_number': no order with number 'S-4040'"
bad interactions interactions-unknown-complaint.csv \
	"interactions-unknown-complaint.csv:2: field 'complaint_ext_id': no complaint with ext_id 'K-404'"
bad interactions interactions-bad-direction.csv \
	"interactions-bad-direction.csv:2: field 'direction': 'sideways' is not one of: in, out, note"
bad jsonl bad.jsonl \
	"bad.jsonl:2: column 55: expected a member name in quotes"
bad jsonl unknown-type.jsonl \
	"unknown-type.jsonl:2: field 'type': unknown type 'invoice' (customer, order, order_line, interaction, complaint, survey)"
bad jsonl unknown-field.jsonl \
	"unknown-field.jsonl:1: field 'shoe': unknown field for type customer"
bad jsonl jsonl-bad-amount.jsonl \
	"jsonl-bad-amount.jsonl:1: field 'total': '1.999': more than two decimals (thousands separators are not accepted)"

# Many bad rows: the first 20 are listed, then the import stops.
{
	echo "number,customer_ext_id,status,total,placed_at"
	i=0
	while [ $i -lt 30 ]; do
		echo "N-$i,C001,placed,x$i,2025-03-01"
		i=$((i + 1))
	done
} > "$T_TMP/many.csv"
before=$(dump)
run_cmd -d "$db" import orders "$T_TMP/many.csv"
check_eq "many errors: 20 listed and a summary" 21 "$(printf '%s\n' "$ERR" | wc -l)"
check_contains "many errors: summary line" "stopped after 20 problems; nothing imported" "$ERR"
check_contains "many errors: the 20th is line 21" "many.csv:21: field 'total'" "$ERR"
check_not_contains "many errors: the 21st is not read" "many.csv:22:" "$ERR"
check_eq "many errors: database unchanged" "$before" "$(dump)"

# --dry-run checks and writes nothing.
printf 'ext_id,first_name,last_name\nD1,Dry,Run\n' > "$T_TMP/dry.csv"
run_cmd -d "$db" import --dry-run customers "$T_TMP/dry.csv"
check_eq "dry run: exit 0" 0 "$RC"
check_contains "dry run: says so" "1 rows are valid; nothing imported (dry run)" "$OUT"
check_eq "dry run: database unchanged" "$before" "$(dump)"

run_cmd -d "$db" import customers "$T_TMP/no-such.csv"
check_eq "missing file: exit 1" 1 "$RC"
check_eq "missing file: message" "temas: $T_TMP/no-such.csv: cannot open: No such file or directory" "$ERR"
run_cmd -d "$db" import gadgets x.csv
check_eq "unknown kind: usage error" 2 "$RC"
check_contains "unknown kind: message" "unknown kind 'gadgets'" "$ERR"
run_cmd import --help
check_contains "help lists the columns" "customer_ext_id" "$OUT"
check_contains "help marks required columns" "*ext_id" "$OUT"

# A customer file read from standard input with CRLF and a BOM.
printf '\357\273\277ext_id,first_name,last_name\r\nS1,Stdin,Okur\r\n' |
	"$TEMAS" -d "$db" import customers - >/dev/null 2>"$T_TMP/err"
check_eq "stdin, BOM, CRLF" "Stdin" \
	"$(sqlite3 "$db" "SELECT first_name FROM customers WHERE ext_id='S1'")"

# More customers than one written chunk (8,192): every row lands once, in
# the file's order; a second file updates some on both sides of the chunk
# boundary and adds new ones, an empty tier keeping the stored one.
awk 'BEGIN { print "ext_id,first_name,last_name,tier"
	for (i = 1; i <= 9000; i++) printf "M%05d,Ad%d,Soyad,%s\n", i, i, (i % 2 ? "gold" : "silver") }' \
	> "$T_TMP/many-customers.csv"
run_cmd -d "$db" import customers "$T_TMP/many-customers.csv"
check_eq "9,000 customers: exit 0" 0 "$RC"
check_eq "9,000 customers: each once" "9000|9000" \
	"$(sqlite3 "$db" "SELECT count(*), count(DISTINCT ext_id) FROM customers WHERE ext_id LIKE 'M%'")"
check_eq "9,000 customers: ids in the file's order" 0 \
	"$(sqlite3 "$db" "SELECT count(*) FROM customers a JOIN customers b ON b.id=a.id+1 WHERE a.ext_id LIKE 'M%' AND b.ext_id LIKE 'M%' AND b.ext_id<a.ext_id")"
printf 'ext_id,first_name,last_name,tier\nM00001,Bir,Yeni,\nM08193,Sekiz,Yeni,platinum\nM09000,Son,Yeni,\nN00001,Taze,Musteri,\n' \
	> "$T_TMP/many-again.csv"
run_cmd -d "$db" import customers "$T_TMP/many-again.csv"
check_eq "re-import: exit 0" 0 "$RC"
check_eq "re-import: updated on both sides of a chunk, empty tier kept" \
	"M00001|Bir|gold
M08193|Sekiz|platinum
M09000|Son|silver
N00001|Taze|standard" \
	"$(sqlite3 "$db" "SELECT ext_id, first_name, tier FROM customers WHERE ext_id IN ('M00001','M08193','M09000','N00001') ORDER BY ext_id")"
check_eq "re-import: one new customer" 9001 \
	"$(sqlite3 "$db" "SELECT count(*) FROM customers WHERE ext_id LIKE 'M%' OR ext_id LIKE 'N%'")"
check_eq "re-import: found by search" 1 \
	"$("$TEMAS" -d "$db" search --format tsv taze 2>/dev/null | grep -c Taze)"

finish
