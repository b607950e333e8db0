#!/bin/sh
# data_reimport.sh: an export imported back into the database it came
# from adds nothing and moves nothing: the rows temas made (keyed
# temas-c12, temas-k7, temas-i40 by the export) are found again by their
# number and their own time, changes in the file land on them, and a
# second export is the first byte for byte.  Another database's rows with
# the same numbers but other times stay other rows.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/a.db"
kinds="customers orders order-lines complaints interactions surveys"
tables="customers orders order_lines complaints interactions surveys"
TEMAS_NOW=1790000000 demo_db "$db" -n 40 --supervisor -q
q() { sqlite3 "$1" "$2"; }
# Every row of every table the import writes, without the ext_id column
# (which the rows temas made take on the way back).
rows() {
	for t in $tables; do
		q "$1" "SELECT * FROM $t ORDER BY id" | cut -d'|' -f1,3-
	done
}
counts() {
	for t in $tables; do printf '%s ' "$(q "$1" "SELECT count(*) FROM $t")"; done
}
rows "$db" > "$T_TMP/before"
before=$(counts "$db")
check "the demo has rows of every kind" test "$(echo $before | tr ' ' '\n' | grep -c '^0$')" -eq 0
check_eq "the demo made its rows without ext_id" 0 \
	"$(q "$db" "SELECT count(*) FROM customers WHERE ext_id IS NOT NULL")"

for f in csv jsonl; do
	for k in $kinds; do
		"$TEMAS" -d "$db" export "$k" --format $f > "$T_TMP/$k.$f" || echo "Bail out! export $k"
	done
done
for k in $kinds; do
	run_cmd -d "$db" import "$k" "$T_TMP/$k.csv"
	check_eq "csv: $k back into its database: exit 0" 0 "$RC"
	[ "$RC" = 0 ] || echo "# $ERR"
done
check_eq "csv: no row added" "$before" "$(counts "$db")"
rows "$db" > "$T_TMP/after"
check "csv: every row as it was" cmp -s "$T_TMP/before" "$T_TMP/after"
check_eq "csv: each customer found by its number" "temas-c1|temas-c7" \
	"$(q "$db" "SELECT group_concat(ext_id, '|') FROM customers WHERE id IN (1, 7)")"
for k in $kinds; do
	"$TEMAS" -d "$db" export "$k" > "$T_TMP/again-$k.csv"
	check "csv: $k exported again is the same file" cmp -s "$T_TMP/$k.csv" "$T_TMP/again-$k.csv"
done
for k in $kinds; do
	run_cmd -d "$db" import --jsonl "$T_TMP/$k.jsonl"
	check_eq "jsonl: $k back: exit 0" 0 "$RC"
done
check_eq "jsonl: no row added" "$before" "$(counts "$db")"
rows "$db" > "$T_TMP/after"
check "jsonl: every row as it was" cmp -s "$T_TMP/before" "$T_TMP/after"

# ---- a survey answer keeps the channel it was asked on ----
check_eq "the export names the channel" "ext_id,customer_ext_id,complaint,kind,score,at,comment,channel" \
	"$(head -1 "$T_TMP/surveys.csv")"
printf 'customer_ext_id,kind,score,at,channel\ntemas-c1,nps,9,2026-01-02T03:04:05Z,nosuch\n' > "$T_TMP/bad-survey.csv"
run_cmd -d "$db" import surveys "$T_TMP/bad-survey.csv"
check_eq "an unknown channel: refused" 1 "$RC"
check_contains "... by line and field" "bad-survey.csv:2: field 'channel': unknown channel 'nosuch'" "$ERR"
printf 'customer_ext_id,kind,score,at,channel\ntemas-c1,nps,9,2026-01-02T03:04:05Z,chat\n' > "$T_TMP/survey.csv"
run_cmd -d "$db" import surveys "$T_TMP/survey.csv"
check_eq "a known channel: stored" "0|chat" \
	"$RC|$(q "$db" "SELECT channel FROM surveys WHERE customer_id = 1 AND at = 1767323045")"

# ---- a change in the file lands on the row it names; the same number
# made at another time is another row ----
db2="$T_TMP/b.db"
TEMAS_NOW=1790000000 demo_db "$db2" -n 40 --supervisor -q
"$TEMAS" -d "$db2" export customers > "$T_TMP/b-customers.csv"
sed -i 's/^\(temas-c3,[^,]*,[^,]*,[^,]*,[^,]*,\)[^,]*,/\1Kars,/' "$T_TMP/b-customers.csv"
check_contains "the file was changed" "Kars" "$(grep '^temas-c3,' "$T_TMP/b-customers.csv")"
# Customer 4 in the file was made a day later than customer 4 here.
c4=$(grep '^temas-c4,' "$T_TMP/b-customers.csv" | grep -o '[0-9-]*T[0-9:]*Z' | head -1)
later=$(date -u -d "$(echo "$c4" | tr T ' ' | tr -d Z) UTC + 1 day" +%Y-%m-%dT%H:%M:%SZ)
sed -i "/^temas-c4,/s/$c4/$later/" "$T_TMP/b-customers.csv"
check_contains "the time was changed" "$later" "$(grep '^temas-c4,' "$T_TMP/b-customers.csv")"
n=$(q "$db2" "SELECT count(*) FROM customers")
run_cmd -d "$db2" import customers "$T_TMP/b-customers.csv"
check_eq "changed: exit 0" 0 "$RC"
check_eq "changed: the city of customer 3" "Kars" "$(q "$db2" "SELECT city FROM customers WHERE id = 3")"
check_eq "another time: one customer more, keyed by the file" "$((n + 1))|1" \
	"$(q "$db2" "SELECT count(*), (SELECT count(*) FROM customers WHERE ext_id = 'temas-c4' AND id <> 4) FROM customers")"
check_eq "another time: customer 4 here untouched" "" \
	"$(q "$db2" "SELECT ext_id FROM customers WHERE id = 4")"

# ---- another database's rows stay other rows ----
# (Another seed: other people, made at other times.)
a="$db"
ka=$(q "$a" "SELECT count(*) FROM complaints")
db3="$T_TMP/c.db"
TEMAS_NOW=1790000000 demo_db "$db3" -n 40 --seed 2 --supervisor -q
n3=$(q "$db3" "SELECT count(*) FROM customers")
k3=$(q "$db3" "SELECT count(*) FROM complaints")
k1=$(q "$db3" "SELECT customer_id || '|' || subject FROM complaints WHERE id = 1")
# (The demos number their orders alike: the complaints come without them.)
run_cmd -d "$db3" import customers "$T_TMP/customers.csv"
check_eq "other database: customers: exit 0" 0 "$RC"
run_cmd -d "$db3" import complaints "$T_TMP/complaints.csv" --ignore-column order_number
check_eq "other database: complaints: exit 0" 0 "$RC"
run_cmd -d "$db3" import orders "$T_TMP/orders.csv"
check_eq "other database: its orders are not moved to the file's customers" 1 "$RC"
check_match "... each named by line" \
	"orders\.csv:[0-9]+: field 'customer_ext_id': order 'SP-[0-9-]+' is customer [0-9]+'s here; an import never moves an order to another customer\$" "$ERR"
check_eq "... and none is moved" 0 \
	"$(q "$db3" "SELECT count(*) FROM orders WHERE customer_id > $n3")"
check_eq "other database: every customer new" "$((n3 * 2))" "$(q "$db3" "SELECT count(*) FROM customers")"
check_eq "other database: every complaint new" "$((k3 + ka))" \
	"$(q "$db3" "SELECT count(*) FROM complaints")"
check_eq "other database: its complaint 1 stays its own" "$k1|" \
	"$(q "$db3" "SELECT customer_id || '|' || subject || '|' || coalesce(ext_id, '') FROM complaints WHERE id = 1")"
finish
