#!/bin/sh
# data_merge_meta_io.sh: a customer merge keeps its time and the login
# that made it through export and import.  The customers export writes
# them after merged_into (merged_at, merged_by); an import redoes the
# merge as made then by them, in customer_merges, while its audit rows
# are the importer's, now, and name the merge's time and login.  A file
# without the two columns (an older export) imports as before; read back
# into its own database an export changes nothing; a time or login that
# cannot be a merge's is refused by file, line and field, and nothing is
# written.  A time at most ten minutes after now is a clock running a
# little ahead where the file was made, and kept.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

export TZ=UTC TEMAS_NOW=1790000000
me=$(id -un)
db="$T_TMP/a.db"
q() { sqlite3 "$1" "$2"; }
merges() { q "$1" "SELECT * FROM customer_merges ORDER BY customer_id"; }
# What an import may not touch when it refuses.
snap() {
	q "$1" "SELECT * FROM customers ORDER BY id"
	merges "$1"
	q "$1" "SELECT count(*) FROM audit"
}

demo_db "$db" -n 20 --supervisor -q
"$TEMAS" -d "$db" agent add deniz --supervisor >/dev/null || echo "Bail out! agent add"
"$TEMAS" -d "$db" agent add ece --supervisor >/dev/null || echo "Bail out! agent add"
TEMAS_NOW=1780000000 run_cmd -d "$db" merge customer 2 1 --yes --as deniz
check_eq "deniz merges 2 into 1: exit 0" 0 "$RC"
TEMAS_NOW=1785000000 run_cmd -d "$db" merge customer 4 3 --yes
check_eq "$me merges 4 into 3: exit 0" 0 "$RC"
TEMAS_NOW=1786000000 run_cmd -d "$db" merge customer 6 5 --yes --as ece
check_eq "ece merges 6 into 5: exit 0" 0 "$RC"
# ece leaves the team: her merge is history.
TEMAS_NOW=1787000000 run_cmd -d "$db" agent remove ece
check_eq "ece leaves the team: exit 0" 0 "$RC"
check_eq "the merges, as made" "2|1|1780000000|deniz
4|3|1785000000|$me
6|5|1786000000|ece" "$(merges "$db")"

# ---- 1. the export writes each merge's time and login ----
"$TEMAS" -d "$db" export customers > "$T_TMP/c.csv" || echo "Bail out! export"
"$TEMAS" -d "$db" export customers --format jsonl > "$T_TMP/c.jsonl" || echo "Bail out! export"
check_eq "export: merged_at and merged_by close the header" \
	"erased_at,merged_into,merged_at,merged_by" \
	"$(head -1 "$T_TMP/c.csv" | cut -d, -f11-)"
check_eq "export: a merge's key, time (as the other times) and login" \
	"temas-c2,temas-c1,2026-05-28T20:26:40Z,deniz
temas-c4,temas-c3,2026-07-25T17:20:00Z,$me
temas-c6,temas-c5,2026-08-06T07:06:40Z,ece" \
	"$(awk -F, 'NR > 1 && $12 != "" { print $1 "," $12 "," $13 "," $14 }' "$T_TMP/c.csv")"
check_eq "export: a record not merged has neither" 17 \
	"$(awk -F, 'NR > 1 && $12 == "" && $13 == "" && $14 == ""' "$T_TMP/c.csv" | wc -l)"
check_contains "export jsonl: the merge's time and login" \
	'"merged_into":"temas-c1","merged_at":"2026-05-28T20:26:40Z","merged_by":"deniz"}' \
	"$(grep '"ext_id":"temas-c2"' "$T_TMP/c.jsonl")"
check_eq "export jsonl: only merged records have them" "3 3" \
	"$(grep -c '"merged_at"' "$T_TMP/c.jsonl") $(grep -c '"merged_by"' "$T_TMP/c.jsonl")"

# ---- 2. into a new database: the same merges, made when and by whom they were ----
for f in csv jsonl; do
	nb="$T_TMP/new-$f.db"
	if [ $f = csv ]; then
		run_cmd -d "$nb" import customers "$T_TMP/c.csv"
	else
		run_cmd -d "$nb" import --jsonl "$T_TMP/c.jsonl"
	fi
	check_eq "new database, $f: exit 0" 0 "$RC"
	[ "$RC" = 0 ] || echo "# $ERR"
	check_eq "new database, $f: customer_merges is the source's, row for row" \
		"$(merges "$db")" "$(merges "$nb")"
	check_eq "new database, $f: the audit rows are the importer's, now, naming the merge's time and login" \
		"1790000000|$me|customer_merge|2|into 1 (imported: merged at 2026-05-28T20:26:40Z by deniz)
1790000000|$me|customer_merge|4|into 3 (imported: merged at 2026-07-25T17:20:00Z by $me)
1790000000|$me|customer_merge|6|into 5 (imported: merged at 2026-08-06T07:06:40Z by ece)" \
		"$(q "$nb" "SELECT at, login, action, customer_id, detail FROM audit WHERE action = 'customer_merge' ORDER BY customer_id")"
	check_contains "new database, $f: ... on the kept record too" \
		"from 2: 0 orders, 0 complaints, 0 messages, 0 surveys (imported: merged at 2026-05-28T20:26:40Z by deniz)" \
		"$(q "$nb" "SELECT detail FROM audit WHERE action = 'customer_merged_in' AND customer_id = 1")"
	check_eq "new database, $f: nothing written in deniz's or ece's name" 0 \
		"$(q "$nb" "SELECT count(*) FROM audit WHERE login IN ('deniz', 'ece')")"
	"$TEMAS" -d "$nb" agent add "$me" --supervisor >/dev/null 2>&1
	"$TEMAS" -d "$nb" export customers > "$T_TMP/again.csv"
	check "new database, $f: exported again, the same file" cmp -s "$T_TMP/c.csv" "$T_TMP/again.csv"
	run_cmd -d "$nb" show customer 2
	check_eq "new database, $f: show customer as in the source" \
		"$("$TEMAS" -d "$db" show customer 2 | head -5)" "$(printf '%s\n' "$OUT" | head -5)"
	check_contains "new database, $f: show customer: when and by whom" \
		"Merged into this record: 2 (2026-05-28 20:26, by deniz)" "$OUT"
done

# ---- 3. read back into its own database: nothing changes ----
snap "$db" > "$T_TMP/before"
audit_n=$(q "$db" "SELECT count(*) FROM audit")
for f in csv jsonl; do
	if [ $f = csv ]; then
		run_cmd -d "$db" import customers "$T_TMP/c.csv"
	else
		run_cmd -d "$db" import --jsonl "$T_TMP/c.jsonl"
	fi
	check_eq "own database, $f: exit 0" 0 "$RC"
	check_not_contains "own database, $f: no merge made again" "merged" "$OUT"
done
check_eq "own database: the merges as they were" "$(sed -n '/^2|1|/,/^6|5|/p' "$T_TMP/before")" "$(merges "$db")"
check_eq "own database: no audit row but the two imports'" "import import" \
	"$(q "$db" "SELECT group_concat(action, ' ') FROM audit WHERE id > (SELECT id FROM audit ORDER BY id LIMIT 1 OFFSET $((audit_n - 1)))")"

# ---- 4. an older export, without the two columns: as before ----
cut -d, -f1-12 "$T_TMP/c.csv" > "$T_TMP/old.csv"
check_eq "(the older file ends with merged_into)" "acquisition_cost,erased_at,merged_into" \
	"$(head -1 "$T_TMP/old.csv" | cut -d, -f10-)"
ob="$T_TMP/old.db"
run_cmd -d "$ob" import customers "$T_TMP/old.csv"
check_eq "older file, new database: exit 0" 0 "$RC"
check_eq "older file, new database: merged now, by who imports" "2|1|1790000000|$me
4|3|1790000000|$me
6|5|1790000000|$me" "$(merges "$ob")"
check_eq "older file: the audit rows say nothing of an earlier merge" "into 1|into 3|into 5" \
	"$(q "$ob" "SELECT group_concat(detail, '|') FROM (SELECT detail FROM audit WHERE action = 'customer_merge' ORDER BY customer_id)")"
run_cmd -d "$db" import customers "$T_TMP/old.csv"
check_eq "older file, own database: exit 0" 0 "$RC"
check_eq "older file, own database: the merges as they were" \
	"$(sed -n '/^2|1|/,/^6|5|/p' "$T_TMP/before")" "$(merges "$db")"
# The new export read into the database the older one went into gives
# the merges their time and login, and says what they were.
TEMAS_NOW=1791000000 run_cmd -d "$ob" import customers "$T_TMP/c.csv"
check_eq "new file over the older one's merges: exit 0" 0 "$RC"
check_eq "... the merges take the file's time and login" "$(merges "$db")" "$(merges "$ob")"
check_eq "... an audit row each, the importer's, saying what they were" \
	"1791000000|$me|2|merged at 2026-05-28T20:26:40Z by deniz, as imported (was at 2026-09-21T14:13:20Z by $me)
1791000000|$me|4|merged at 2026-07-25T17:20:00Z by $me, as imported (was at 2026-09-21T14:13:20Z by $me)
1791000000|$me|6|merged at 2026-08-06T07:06:40Z by ece, as imported (was at 2026-09-21T14:13:20Z by $me)" \
	"$(q "$ob" "SELECT at, login, customer_id, detail FROM audit WHERE action = 'customer_merge_restated' ORDER BY customer_id")"
check_not_contains "... and no merge made again" "merged into" "$OUT"
"$TEMAS" -d "$ob" agent add "$me" --supervisor >/dev/null 2>&1
run_cmd -d "$ob" show customer 5
check_contains "... show customer says so" "Merged into this record: 6 (2026-08-06 07:06, by ece)" "$OUT"

# ---- 5. a merge by someone never on this team is history, kept ----
header='ext_id,first_name,last_name,created_at,merged_into,merged_at,merged_by'
printf '%s\nG1,Ali,Veli,2026-01-01,G2,2026-02-03T04:05:06Z,gone.person\nG2,Ayşe,Veli,2026-01-01,,,\n' \
	"$header" > "$T_TMP/g.csv"
run_cmd -d "$db" import customers "$T_TMP/g.csv"
check_eq "a login not of this team: exit 0" 0 "$RC"
check_eq "... kept as the merge's" "1770091506|gone.person" \
	"$(q "$db" "SELECT m.merged_at || '|' || m.login FROM customer_merges m JOIN customers c ON c.id = m.customer_id WHERE c.ext_id = 'G1'")"
# ece, before she left.
printf '%s\nH1,Ali,Veli,2026-01-01,H2,2026-08-10,ece\nH2,Ayşe,Veli,2026-01-01,,,\n' \
	"$header" > "$T_TMP/h.csv"
run_cmd -d "$db" import customers "$T_TMP/h.csv"
check_eq "one who has left, before they left: exit 0" 0 "$RC"
[ "$RC" = 0 ] || echo "# $ERR"

# ---- 6. a file from a machine whose clock runs a little ahead ----
# Now is 2026-09-21T14:13:20Z.  A merge made there a moment before the
# export reads as made a few minutes from now here: up to ten minutes,
# kept as written.
printf '%s\nK1,Ali,Veli,2026-01-01,K2,2026-09-21T14:18:20Z,deniz\nK2,Ayşe,Veli,2026-01-01,,,\nL1,Ali,Veli,2026-01-01,L2,2026-09-21T14:23:20Z,deniz\nL2,Ayşe,Veli,2026-01-01,,,\n' \
	"$header" > "$T_TMP/k.csv"
run_cmd -d "$db" import customers "$T_TMP/k.csv"
check_eq "a time 5 and 10 minutes after now (a clock ahead): exit 0" 0 "$RC"
[ "$RC" = 0 ] || echo "# $ERR"
check_eq "... kept as written" "K1|1790000300|deniz
L1|1790000600|deniz" \
	"$(q "$db" "SELECT c.ext_id || '|' || m.merged_at || '|' || m.login FROM customer_merges m JOIN customers c ON c.id = m.customer_id WHERE c.ext_id IN ('K1', 'L1') ORDER BY c.ext_id")"
"$TEMAS" -d "$db" export customers > "$T_TMP/k2.csv" || echo "Bail out! export"
check_eq "... and exported as written" "K1,K2,2026-09-21T14:18:20Z,deniz" \
	"$(awk -F, '$1 == "K1" { print $1 "," $12 "," $13 "," $14 }' "$T_TMP/k2.csv")"

# ---- 7. a time or login that cannot be a merge's: refused, nothing written ----
refused() {   # refused NAME FORMAT FILE-CONTENT EXPECTED-MESSAGE
	what=$1
	snap "$db" > "$T_TMP/snap"
	if [ "$2" = csv ]; then
		file="$T_TMP/m.csv"
		printf '%s\n%b' "$header" "$3" > "$file"
		run_cmd -d "$db" import customers "$file"
	else
		file="$T_TMP/m.jsonl"
		printf '%b' "$3" > "$file"
		run_cmd -d "$db" import --jsonl "$file"
	fi
	check_eq "$what: exit 1" 1 "$RC"
	check_contains "$what: named by file, line and field" "temas: $file:$4" "$ERR"
	snap "$db" > "$T_TMP/snap2"
	check "$what: nothing changed" cmp -s "$T_TMP/snap" "$T_TMP/snap2"
}
refused "a time that is none" csv 'R1,Ali,Veli,2026-01-01,R2,2026-13-01,deniz\nR2,Can,Veli,2026-01-01,,,\n' \
	"2: field 'merged_at': '2026-13-01': "
refused "a time 11 minutes after now" csv 'R1,Ali,Veli,2026-01-01,R2,2026-09-21T14:24:20Z,deniz\nR2,Can,Veli,2026-01-01,,,\n' \
	"2: field 'merged_at': '2026-09-21T14:24:20Z' is later than now: a merge is not made in the future"
refused "a time a second more than 10 minutes after now" csv 'R1,Ali,Veli,2026-01-01,R2,2026-09-21T14:23:21Z,deniz\nR2,Can,Veli,2026-01-01,,,\n' \
	"2: field 'merged_at': '2026-09-21T14:23:21Z' is later than now"
refused "the time of a merge there already, 11 minutes after now" csv 'temas-c2,,,,temas-c1,2026-09-21T14:24:20Z,deniz\n' \
	"2: field 'merged_at': '2026-09-21T14:24:20Z' is later than now"
refused "a time without merged_into" csv 'R1,Ali,Veli,2026-01-01,,2026-01-02,\n' \
	"2: field 'merged_at': given, but merged_into is empty: only a record merged into another has a merge's time and login"
refused "a login without merged_into" csv 'R1,Ali,Veli,2026-01-01,,,deniz\n' \
	"2: field 'merged_by': given, but merged_into is empty: only a record merged into another has a merge's time and login"
refused "a time without a login" csv 'R2,Can,Veli,2026-01-01,,,\nR1,Ali,Veli,2026-01-01,R2,2026-01-02,\n' \
	"3: field 'merged_by': empty, while merged_at is given: a merge's time and who made it come together"
refused "a login without a time" csv 'R1,Ali,Veli,2026-01-01,R2,,deniz\nR2,Can,Veli,2026-01-01,,,\n' \
	"2: field 'merged_at': empty, while merged_by is given: a merge's time and who made it come together"
refused "a login that is none" csv 'R1,Ali,Veli,2026-01-01,R2,2026-01-02,deniz yılmaz\nR2,Can,Veli,2026-01-01,,,\n' \
	"2: field 'merged_by': 'deniz yılmaz' is not a Unix login"
refused "one who had left the team by then" csv 'R1,Ali,Veli,2026-01-01,R2,2026-08-29T10:40:00Z,ece\nR2,Can,Veli,2026-01-01,,,\n' \
	"2: field 'merged_by': 'ece' left the team before this merge's time; nothing is written in their name after"
refused "the time of a merge there already, by one who had left by then" csv 'temas-c2,,,,temas-c1,2026-08-29,ece\n' \
	"2: field 'merged_by': 'ece' left the team before this merge's time"
refused "a time before the records were made" csv 'R1,Ali,Veli,2026-01-01,R2,2025-06-01,deniz\nR2,Can,Veli,2026-01-01,,,\n' \
	"2: field 'merged_at': '2025-06-01T00:00:00Z' is before "
refused "a time before one of the records was made" csv 'R1,Ali,Veli,2024-01-01,R2,2025-06-01,deniz\nR2,Can,Veli,2026-01-01,,,\n' \
	"2: field 'merged_at': '2025-06-01T00:00:00Z' is before "
refused "the first second of 1970" csv 'R1,Ali,Veli,1969-01-01,R2,1970-01-01T00:00:00Z,deniz\nR2,Can,Veli,1969-01-01,,,\n' \
	"2: field 'merged_at': '1970-01-01T00:00:00Z' is before "
refused "jsonl: a time later than now" jsonl '{"type":"customer","ext_id":"J1","merged_into":"G2","merged_at":"2027-01-01","merged_by":"deniz"}\n' \
	"1: field 'merged_at': '2027-01-01T00:00:00Z' is later than now"
refused "jsonl: a login without merged_into" jsonl '{"type":"customer","ext_id":"J2","merged_by":"deniz"}\n' \
	"1: field 'merged_by': given, but merged_into is empty"
run_cmd -d "$db" import --dry-run customers "$T_TMP/m.csv"
check_eq "a dry run refuses them too" 1 "$RC"

finish
