#!/bin/sh
# import_surveys.sh: `temas import surveys` brings a team's existing NPS
# and CSAT answers in (CSV and JSON lines), so that the supervisor's
# figures count them; a bad score, kind or time names FILE:LINE and the
# field and imports nothing; importing the same file again counts nothing
# twice, whether the answers have an id of their own or not.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/t.db"
data="$TEMAS_SRCDIR/tests/data"
"$TEMAS" -d "$db" agent add "$(id -un)" --supervisor >/dev/null
"$TEMAS" -d "$db" agent add zeynep >/dev/null
for k in customers orders order-lines complaints; do
	"$TEMAS" -d "$db" import "$k" "$data/$k.csv" >/dev/null
done
k3=$(sqlite3 "$db" "SELECT id FROM complaints WHERE ext_id='K-3'")

# The overall figures of March 2025, from the report's JSON.
period="--since 2025-03-01 --until 2025-04-01"
figure() {   # figure FIELD: the overall satisfaction figure
	# shellcheck disable=SC2086
	"$TEMAS" -d "$db" report $period --format json > "$T_TMP/r.json"
	sqlite3 :memory: "SELECT json_extract(j.value, '\$.$1') FROM
		json_each(json_extract(readfile('$T_TMP/r.json'), '\$.satisfaction')) j
		WHERE json_extract(j.value, '\$.key') = 'overall'"
}
check_eq "before: no CSAT answer counted" 0 "$(figure csat_answers)"
check_eq "before: no NPS answer counted" 0 "$(figure nps_answers)"

# No ext_id column: the key is customer, complaint, kind and time.  The
# complaint is named by its ext_id or by its temas number.
cat > "$T_TMP/s.csv" <<EOF
customer_ext_id,complaint,kind,score,at,comment
C001,K-1,CSAT,4,2025-03-02T10:00:00Z,iyi
C002,,nps,9,2025-03-02T11:00:00+03:00,
C003,$k3,csat,2,2025-03-03,yavaş
C004,,NPS,3,2025-03-04,too slow
EOF
run_cmd -d "$db" import surveys "$T_TMP/s.csv"
check_eq "csv: exit 0" 0 "$RC"
check_contains "csv: count reported" "imported 4 surveys" "$OUT"
check_eq "csv: stored with kind, score, channel of the complaint, comment" \
	"csat|4|email|iyi" \
	"$(sqlite3 "$db" "SELECT s.kind, s.score, s.channel, s.comment FROM surveys s
		JOIN customers c ON c.id=s.customer_id WHERE c.ext_id='C001'")"
check_eq "csv: a complaint named by its temas number" "$k3|social" \
	"$(sqlite3 "$db" "SELECT complaint_id, channel FROM surveys WHERE score=2")"
check_eq "csv: time with an offset stored as UTC" 1740902400 \
	"$(sqlite3 "$db" "SELECT at FROM surveys WHERE kind='nps' AND score=9")"
check_eq "after: CSAT answers counted" 2 "$(figure csat_answers)"
check_eq "after: CSAT average" 3.0 "$(figure csat)"
check_eq "after: NPS answers counted" 2 "$(figure nps_answers)"
check_eq "after: NPS (one promoter, one detractor)" 0 "$(figure nps)"

before=$(sqlite3 "$db" ".dump surveys")
run_cmd -d "$db" import surveys "$T_TMP/s.csv"
check_eq "csv again: exit 0" 0 "$RC"
check_eq "csv again: no answer counted twice" "$before" "$(sqlite3 "$db" ".dump surveys")"
check_eq "csv again: the figures stay" 2 "$(figure csat_answers)"

# A changed score with the same natural key replaces the answer.
sed 's/C001,K-1,CSAT,4/C001,K-1,CSAT,5/' "$T_TMP/s.csv" > "$T_TMP/s2.csv"
"$TEMAS" -d "$db" import surveys "$T_TMP/s2.csv" >/dev/null
check_eq "same key, new score: updated, not added" "4|5" \
	"$(sqlite3 "$db" "SELECT count(*), (SELECT score FROM surveys WHERE comment='iyi') FROM surveys")"

# JSON lines, with the team's own answer ids as the key.
cat > "$T_TMP/s.jsonl" <<'EOF'
{"type":"survey","ext_id":"NPS-77","customer_ext_id":"C002","kind":"nps","score":10,"at":"2025-03-05T09:00:00Z","comment":"çok iyi"}
{"type":"survey","ext_id":"CS-8","customer_ext_id":"C001","complaint":"K-1","kind":"csat","score":"1","at":"2025-03-05T10:00:00Z"}
EOF
run_cmd -d "$db" import --jsonl "$T_TMP/s.jsonl"
check_eq "jsonl: exit 0" 0 "$RC"
check_eq "jsonl: stored by their ids" "CS-8|1
NPS-77|10" "$(sqlite3 "$db" "SELECT ext_id, score FROM surveys WHERE ext_id IS NOT NULL ORDER BY 1")"
check_eq "jsonl: counted" 3 "$(figure csat_answers)"
"$TEMAS" -d "$db" import --jsonl "$T_TMP/s.jsonl" >/dev/null
check_eq "jsonl again: no answer counted twice" 6 "$(sqlite3 "$db" "SELECT count(*) FROM surveys")"

# Export writes what import reads back unchanged.
"$TEMAS" -d "$db" export surveys > "$T_TMP/out.csv"
before=$(sqlite3 "$db" ".dump surveys")
run_cmd -d "$db" import surveys "$T_TMP/out.csv"
check_eq "export read back: exit 0" 0 "$RC"
check_eq "export read back: nothing changed" "$before" "$(sqlite3 "$db" ".dump surveys")"

# Bad rows: FILE:LINE: field, exit 1, nothing imported (the good rows
# before the bad one included).
bad() {   # bad NAME LINE MESSAGE: the file's line 2 is good
	printf '%s\n' "customer_ext_id,complaint,kind,score,at,comment" \
		"C004,,csat,5,2025-03-06,good row" "$2" > "$T_TMP/$1.csv"
	before=$(sqlite3 "$db" ".dump")
	run_cmd -d "$db" import surveys "$T_TMP/$1.csv"
	check_eq "$1: exit 1" 1 "$RC"
	check_eq "$1: message" "temas: $T_TMP/$1.csv:3: $3" "$(printf '%s\n' "$ERR" | head -1)"
	check_contains "$1: nothing imported" "nothing imported" "$ERR"
	check_eq "$1: database unchanged" "$before" "$(sqlite3 "$db" ".dump")"
}
bad csat-high "C001,K-1,csat,6,2025-03-06," \
	"field 'score': 6 is not a CSAT score (1 to 5)"
bad csat-zero "C001,K-1,csat,0,2025-03-06," \
	"field 'score': 0 is not a CSAT score (1 to 5)"
bad nps-high "C002,,nps,11,2025-03-06," \
	"field 'score': 11 is not an NPS score (0 to 10)"
bad score-word "C002,,nps,ten,2025-03-06," \
	"field 'score': 'ten': not a whole number"
bad kind "C002,,ces,3,2025-03-06," \
	"field 'kind': 'ces' is not one of: nps, csat"
bad time "C002,,nps,3,06.03.2025," \
	"field 'at': '06.03.2025': not a date (use 2025-03-01 or 2025-03-01T10:00:00Z)"
bad no-time "C002,,nps,3,," \
	"field 'at': required, but empty"
bad customer "C999,,nps,3,2025-03-06," \
	"field 'customer_ext_id': no customer with ext_id 'C999'"
bad complaint "C001,K-404,csat,3,2025-03-06," \
	"field 'complaint': no complaint with ext_id or number 'K-404'"
bad other-customer "C002,K-1,csat,3,2025-03-06," \
	"field 'complaint': complaint 'K-1' belongs to another customer"
bad twice "C004,,csat,5,2025-03-06,again" \
	"the same answer (customer, complaint, kind and time) appears twice in the file (first on line 2)"

printf '%s\n' '{"type":"survey","customer_ext_id":"C001","kind":"csat","score":9,"at":"2025-03-06"}' \
	> "$T_TMP/bad.jsonl"
before=$(sqlite3 "$db" ".dump")
run_cmd -d "$db" import --jsonl "$T_TMP/bad.jsonl"
check_eq "jsonl bad score: message" \
	"temas: $T_TMP/bad.jsonl:1: field 'score': 9 is not a CSAT score (1 to 5)" \
	"$(printf '%s\n' "$ERR" | head -1)"
check_eq "jsonl bad score: database unchanged" "$before" "$(sqlite3 "$db" ".dump")"

# A value with escape sequences never reaches the terminal raw.
printf 'customer_ext_id,kind,score,at\nC001,"\033]0;owned\007x",3,2025-03-07\n' \
	> "$T_TMP/esc.csv"
run_cmd -d "$db" import surveys "$T_TMP/esc.csv"
check_contains "hostile kind: refused" "field 'kind'" "$ERR"
check_not_contains "hostile kind: no escape in the message" "$(printf '\033')" "$ERR"

run_cmd import --help
check_contains "help lists the survey kind" "surveys (JSON type \"survey\")" "$OUT"
finish
