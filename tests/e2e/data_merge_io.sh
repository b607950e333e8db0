#!/bin/sh
# data_merge_io.sh: export and import know about merged customers.  The
# customers export names, for a record merged into another, the key of
# the record that stays (merged_into); rows of a file that name a merged
# record's key go to the record that stays; a customers file's
# merged_into is merged once the file's rows are in, refused by line and
# field when it names nothing, the row itself or a chain with no end, and
# nothing is then written.  An export read into a new database makes the
# same merges; read back into its own database it changes nothing.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

export TZ=UTC TEMAS_NOW=1790000000
me=$(id -un)
db="$T_TMP/a.db"
kinds="customers orders order-lines complaints interactions surveys"
tables="customers orders order_lines complaints interactions surveys customer_merges"
demo_db "$db" -n 40 --supervisor -q
q() { sqlite3 "$1" "$2"; }
# A customer's key as export gives it.
KEY="coalesce(ext_id, 'temas-c' || id)"
counts() {
	for t in $tables; do printf '%s ' "$(q "$1" "SELECT count(*) FROM $t")"; done
}
rows() {
	for t in $tables; do
		q "$1" "SELECT * FROM $t ORDER BY 1" | cut -d'|' -f1,3-
	done
}
# Each merged record's key and the key of the record it went into.
merges() {
	q "$1" "SELECT group_concat(a || '>' || b, ' ') FROM (SELECT
		(SELECT $KEY FROM customers WHERE id = m.customer_id) AS a,
		(SELECT $KEY FROM customers WHERE id = m.into_id) AS b
		FROM customer_merges m ORDER BY a)"
}
# Each customer's key with how many orders, complaints, messages and
# surveys they have.
owned() {
	q "$1" "SELECT group_concat(k, ' ') FROM (SELECT $KEY || ':' ||
		(SELECT count(*) FROM orders WHERE customer_id = c.id) || ',' ||
		(SELECT count(*) FROM complaints WHERE customer_id = c.id) || ',' ||
		(SELECT count(*) FROM interactions WHERE customer_id = c.id) || ',' ||
		(SELECT count(*) FROM surveys WHERE customer_id = c.id) AS k
		FROM customers c ORDER BY $KEY)"
}

q "$db" "UPDATE customers SET ext_id = 'CRM-' || id WHERE id IN (3, 4)"
run_cmd -d "$db" merge customer 2 1 --yes
check_eq "merge 2 into 1: exit 0" 0 "$RC"
run_cmd -d "$db" merge customer 4 3 --yes
check_eq "merge CRM-4 into CRM-3: exit 0" 0 "$RC"

# ---- 1. the customers export names the record that stays ----
for f in csv jsonl; do
	for k in $kinds; do
		"$TEMAS" -d "$db" export "$k" --format $f > "$T_TMP/$k.$f" || echo "Bail out! export $k"
	done
done
check_eq "export: merged_into follows the columns of old, then the merge's time and login" \
	"ext_id,first_name,last_name,email,phone,city,tier,lang,created_at,acquisition_cost,erased_at,merged_into,merged_at,merged_by" \
	"$(head -1 "$T_TMP/customers.csv")"
check_eq "export: a record made in temas names the other's temas key" "temas-c1" \
	"$(grep '^temas-c2,' "$T_TMP/customers.csv" | awk -F, '{ print $12 }')"
check_eq "export: a record with an ext_id names the other's ext_id" "CRM-3" \
	"$(grep '^CRM-4,' "$T_TMP/customers.csv" | awk -F, '{ print $12 }')"
check_eq "export: the records that stay and the others name nothing" "38" \
	"$(awk -F, 'NR > 1 && $12 == ""' "$T_TMP/customers.csv" | wc -l)"
check_contains "export jsonl: merged_into" '"ext_id":"temas-c2",' \
	"$(grep '"merged_into":"temas-c1"' "$T_TMP/customers.jsonl")"
check_eq "export jsonl: only the two merged records have it" 2 \
	"$(grep -c '"merged_into"' "$T_TMP/customers.jsonl")"
check_eq "export: no other row names a merged record" 0 \
	"$(cat "$T_TMP"/orders.csv "$T_TMP"/complaints.csv "$T_TMP"/interactions.csv "$T_TMP"/surveys.csv |
		grep -c ',temas-c2,\|,CRM-4,')"

# ---- 2. rows naming a merged record's key go to the record that stays ----
before=$(owned "$db")
printf 'number,customer_ext_id,status,total,placed_at\nMRG-1,CRM-4,placed,10.00,2026-01-02\n' > "$T_TMP/o.csv"
run_cmd -d "$db" import orders "$T_TMP/o.csv"
check_eq "an order naming CRM-4: exit 0" 0 "$RC"
printf 'ext_id,customer_ext_id,channel,opened_at,order_number\nMRG-K,CRM-4,email,2026-01-02,MRG-1\n' > "$T_TMP/k.csv"
run_cmd -d "$db" import complaints "$T_TMP/k.csv"
check_eq "a complaint naming CRM-4 and its order: exit 0" 0 "$RC"
[ "$RC" = 0 ] || echo "# $ERR"
printf '{"type":"interaction","ext_id":"MRG-I","customer_ext_id":"CRM-4","complaint_ext_id":"MRG-K","channel":"email","direction":"in","at":"2026-01-02T10:00:00Z","body":"eski adresten"}\n' > "$T_TMP/i.jsonl"
run_cmd -d "$db" import --jsonl "$T_TMP/i.jsonl"
check_eq "a message naming CRM-4 and its complaint: exit 0" 0 "$RC"
printf 'customer_ext_id,complaint,kind,score,at\nCRM-4,MRG-K,nps,9,2026-01-03\n' > "$T_TMP/s.csv"
run_cmd -d "$db" import surveys "$T_TMP/s.csv"
check_eq "a survey naming CRM-4 and its complaint: exit 0" 0 "$RC"
check_eq "each went to CRM-3" "3|3|3|3" "$(q "$db" "SELECT
	(SELECT customer_id FROM orders WHERE number = 'MRG-1') || '|' ||
	(SELECT customer_id FROM complaints WHERE ext_id = 'MRG-K') || '|' ||
	(SELECT customer_id FROM interactions WHERE ext_id = 'MRG-I') || '|' ||
	(SELECT customer_id FROM surveys WHERE at = 1767398400)")"
check_eq "... and none to CRM-4" "0" "$(q "$db" "SELECT
	(SELECT count(*) FROM orders WHERE customer_id = 4) + (SELECT count(*) FROM complaints WHERE customer_id = 4) +
	(SELECT count(*) FROM interactions WHERE customer_id = 4) + (SELECT count(*) FROM surveys WHERE customer_id = 4)")"
q "$db" "DELETE FROM surveys WHERE at = 1767398400; DELETE FROM interactions WHERE ext_id = 'MRG-I';
	DELETE FROM complaints WHERE ext_id = 'MRG-K'; DELETE FROM orders WHERE number = 'MRG-1'"
check_eq "(taken out again)" "$before" "$(owned "$db")"

# ---- 4b. read back into its own database: nothing changes ----
rows "$db" > "$T_TMP/before"
before=$(counts "$db")
for k in $kinds; do
	run_cmd -d "$db" import "$k" "$T_TMP/$k.csv"
	check_eq "own database, csv: $k: exit 0" 0 "$RC"
	[ "$RC" = 0 ] || echo "# $ERR"
done
check_not_contains "own database: no merge made again" "merged" "$OUT"
check_eq "own database: no row added" "$before" "$(counts "$db")"
rows "$db" > "$T_TMP/after"
check "own database: every row as it was, the merges too" cmp -s "$T_TMP/before" "$T_TMP/after"
for k in $kinds; do
	run_cmd -d "$db" import --jsonl "$T_TMP/$k.jsonl"
	check_eq "own database, jsonl: $k: exit 0" 0 "$RC"
done
rows "$db" > "$T_TMP/after"
check "own database, jsonl: every row as it was" cmp -s "$T_TMP/before" "$T_TMP/after"
for k in $kinds; do
	"$TEMAS" -d "$db" export "$k" > "$T_TMP/again-$k.csv"
	check "own database: $k exported again is the same file" cmp -s "$T_TMP/$k.csv" "$T_TMP/again-$k.csv"
done
run_cmd -d "$db" reindex --summaries --check
check_eq "own database: the summaries are exact" "0" "$RC"

# A file's row for a merged record changes that record's own data and
# leaves it merged.
printf 'ext_id,city\nCRM-4,Kars\n' > "$T_TMP/c4.csv"
run_cmd -d "$db" import customers "$T_TMP/c4.csv"
check_eq "the merged record's own row: exit 0" 0 "$RC"
check_eq "... changes its own city, leaves it merged" "Kars|3" \
	"$(q "$db" "SELECT city, (SELECT into_id FROM customer_merges WHERE customer_id = 4) FROM customers WHERE id = 4")"
check_eq "... and not the kept record's" "0" "$(q "$db" "SELECT count(*) FROM customers WHERE id = 3 AND city = 'Kars'")"
q "$db" "UPDATE customers SET city = (SELECT city FROM customers WHERE id = 3) WHERE id = 4"

# ---- 4a. into a new database: the same merges, the same rows moved ----
import_all() {   # import_all DB FORMAT: the export into DB, agents made after the customers
	for k in $kinds; do
		if [ "$2" = csv ]; then
			run_cmd -d "$1" import "$k" "$T_TMP/$k.csv"
		else
			run_cmd -d "$1" import --jsonl "$T_TMP/$k.jsonl"
		fi
		check_eq "new database, $2: $k: exit 0" 0 "$RC"
		[ "$RC" = 0 ] || echo "# $ERR"
		if [ "$k" = customers ]; then
			check_eq "new database, $2: says what was merged" \
				"$k.$2: 2 customer records merged into the records that stay" \
				"$(echo "$OUT" | sed -n 2p | sed 's|.*/||')"
			q "$db" "SELECT login || ' ' || role FROM agents" | while read -r l role; do
				if [ "$role" = supervisor ]; then
					"$TEMAS" -d "$1" agent add "$l" --supervisor >/dev/null
				else
					"$TEMAS" -d "$1" agent add "$l" >/dev/null
				fi
			done
			"$TEMAS" -d "$1" agent add "$me" --supervisor >/dev/null 2>&1
		fi
	done
}
want_merges=$(merges "$db") want_owned=$(owned "$db")
old=$(q "$db" "SELECT email FROM customers WHERE id = 2")
printf '{"channel":"email","from":"%s","text":"yine ben","message_id":"old"}\n' "$old" |
	"$TEMAS" -d "$db" ingest --json >/dev/null 2>&1
check_eq "the old address finds the record that stays" 1 \
	"$(q "$db" "SELECT customer_id FROM interactions WHERE ext_id = 'old'")"
for f in csv jsonl; do
	nb="$T_TMP/new-$f.db"
	import_all "$nb" $f
	check_eq "new database, $f: the same merges" "$want_merges" "$(merges "$nb")"
	check_eq "new database, $f: recorded under who made them" "$me $me" \
		"$(q "$nb" "SELECT group_concat(login, ' ') FROM customer_merges")"
	check_eq "new database, $f: every customer has the same rows" "$want_owned" "$(owned "$nb")"
	# (Interactions leave out: a message without a subject takes its
	# first line as one on the way in.)
	for k in customers orders order-lines complaints surveys; do
		"$TEMAS" -d "$nb" export "$k" > "$T_TMP/new-$k.csv"
		check "new database, $f: $k exported is the first export" cmp -s "$T_TMP/$k.csv" "$T_TMP/new-$k.csv"
	done
	run_cmd -d "$nb" reindex --summaries --check
	check_eq "new database, $f: the summaries are exact" "0" "$RC"
	# A message from the old address reaches the record that stays.
	printf '{"channel":"email","from":"%s","text":"yine ben","message_id":"old-%s"}\n' "$old" "$f" |
		"$TEMAS" -d "$nb" ingest --json >/dev/null 2>&1
	check_eq "new database, $f: the old address finds the record that stays" "temas-c1" \
		"$(q "$nb" "SELECT c.ext_id FROM interactions i JOIN customers c ON c.id = i.customer_id WHERE i.ext_id = 'old-$f'")"
done

# ---- 3. a customers file's merged_into: chains and refusals ----
nb="$T_TMP/new-csv.db"
snap() { rows "$nb"; counts "$nb"; q "$nb" "SELECT count(*) FROM audit"; }
snap > "$T_TMP/snap"
header='ext_id,first_name,last_name,created_at,merged_into'
refused() {   # refused NAME FILE-CONTENT EXPECTED-MESSAGE...
	what=$1
	printf '%s\n%b' "$header" "$2" > "$T_TMP/m.csv"
	shift 2
	run_cmd -d "$nb" import customers "$T_TMP/m.csv"
	check_eq "$what: exit 1" 1 "$RC"
	for m in "$@"; do
		check_contains "$what: named by file, line and field" "temas: $T_TMP/m.csv:$m" "$ERR"
	done
	snap > "$T_TMP/snap2"
	check "$what: nothing changed" cmp -s "$T_TMP/snap" "$T_TMP/snap2"
	run_cmd -d "$nb" import --dry-run customers "$T_TMP/m.csv"
	check_eq "$what: a dry run refuses it too" 1 "$RC"
}
refused "a missing key" 'X1,Ali,Veli,2026-01-01,\nX2,Ayşe,Veli,2026-01-01,NOPE\n' \
	"3: field 'merged_into': no customer with ext_id 'NOPE'"
refused "a missing temas key" 'X1,Ali,Veli,2026-01-01,temas-c99\n' \
	"2: field 'merged_into': no customer with ext_id 'temas-c99' (a customer temas made is known by it once the customers file it came with is imported)"
refused "itself" 'X1,Ali,Veli,2026-01-01,\nX2,Ayşe,Veli,2026-01-01,X2\n' \
	"3: field 'merged_into': 'X2' is this customer's own record, or one merged into it: a customer is not merged into itself"
refused "into a record merged into it" 'temas-c1,,,,temas-c2\n' \
	"2: field 'merged_into': 'temas-c2' is this customer's own record, or one merged into it: a customer is not merged into itself"
refused "a chain round" 'X1,Ali,Veli,2026-01-01,X2\nX2,Ayşe,Veli,2026-01-01,X3\nX3,Can,Veli,2026-01-01,X2\n' \
	"2: field 'merged_into': 'X2' leads round to a record merged into it, by the file's merged_into: the chain has no end" \
	"3: field 'merged_into': 'X3' leads round to a record merged into it, by the file's merged_into: the chain has no end" \
	"4: field 'merged_into': 'X2' leads round to a record merged into it, by the file's merged_into: the chain has no end"
c3=$(q "$nb" "SELECT id FROM customers WHERE ext_id = 'CRM-3'")
refused "a record merged elsewhere already" 'CRM-4,,,,temas-c1\n' \
	"2: field 'merged_into': customer $((c3 + 1)) is already merged into $c3"
printf '%s\nX1,Ali,Veli,2026-01-01,X2\nX2,Ayşe,Veli,2026-01-01,X3\nX3,Can,Veli,2026-01-01,\nX4,Cem,Veli,2026-01-01,CRM-4\n' "$header" > "$T_TMP/m.csv"
run_cmd -d "$nb" import customers "$T_TMP/m.csv"
check_eq "a chain with an end: exit 0" 0 "$RC"
check_eq "... each merged into its end; into a merged record, the record that stays" \
	"X1>X3 X2>X3 X4>CRM-3" \
	"$(q "$nb" "SELECT group_concat(a.ext_id || '>' || b.ext_id, ' ') FROM customer_merges m
		JOIN customers a ON a.id = m.customer_id JOIN customers b ON b.id = m.into_id
		WHERE a.ext_id LIKE 'X%' ORDER BY a.ext_id")"
run_cmd -d "$nb" reindex --summaries --check
check_eq "... the summaries are exact" "0" "$RC"

# ---- who may: an agent may not import; a supervisor and a new file may ----
printf '%s\nY1,Ali,Veli,2026-01-01,Y2\nY2,Ayşe,Veli,2026-01-01,\n' "$header" > "$T_TMP/y.csv"
q "$nb" "UPDATE agents SET role = 'agent' WHERE login = '$me'"
run_cmd -d "$nb" import customers "$T_TMP/y.csv"
check_eq "an agent: refused" 5 "$RC"
check_eq "... nothing merged" 0 "$(q "$nb" "SELECT count(*) FROM customers WHERE ext_id LIKE 'Y%'")"
q "$nb" "UPDATE agents SET role = 'supervisor' WHERE login = '$me'"
run_cmd -d "$nb" import customers "$T_TMP/y.csv"
check_eq "a supervisor: exit 0" 0 "$RC"
check_eq "... merged, recorded under them" "Y1>Y2 $me" "$(q "$nb" "SELECT a.ext_id || '>' || b.ext_id || ' ' || m.login
	FROM customer_merges m JOIN customers a ON a.id = m.customer_id JOIN customers b ON b.id = m.into_id
	WHERE a.ext_id = 'Y1'")"

# ---- merged records both erased (an erasure took the merged one along) ----
eb="$T_TMP/e.db"
demo_db "$eb" -n 10 --supervisor -q
"$TEMAS" -d "$eb" merge customer 2 1 --yes >/dev/null
run_cmd -d "$eb" erase customer 1 --yes
check_eq "erase the record that stays: exit 0" 0 "$RC"
"$TEMAS" -d "$eb" export customers > "$T_TMP/e.csv"
run_cmd -d "$T_TMP/e2.db" import customers "$T_TMP/e.csv"
check_eq "erased merged records into a new database: exit 0" 0 "$RC"
[ "$RC" = 0 ] || echo "# $ERR"
check_eq "... merged there too" "temas-c2>temas-c1" "$(merges "$T_TMP/e2.db")"
printf '%s\nZ1,Ali,Veli,2026-01-01,temas-c1\n' "$header" > "$T_TMP/z.csv"
run_cmd -d "$T_TMP/e2.db" import customers "$T_TMP/z.csv"
check_eq "a live record into an erased one: refused" 1 "$RC"
check_contains "... by line and field" "z.csv:2: field 'merged_into': customer" "$ERR"
finish
