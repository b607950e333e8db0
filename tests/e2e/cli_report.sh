#!/bin/sh
# cli_report.sh: `temas report` refuses non-supervisors and bad options with
# one clear line, and its CSV and JSON parse back (with SQLite's own CSV
# reader and json_valid) to the same figures, hostile text included.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/t.db"
me=$(id -un)
export TZ=UTC
export TEMAS_NOW=1700000000          # Tue 2023-11-14 22:13:20 UTC
now=$TEMAS_NOW
demo_db "$db" --customers 50

# The caller is not an agent at all, then an agent, then a supervisor.
sqlite3 "$db" "UPDATE agents SET login = login || '-renamed' WHERE login = '$me'"
run_cmd -d "$db" report
check_eq "not an agent: exit 5" 5 "$RC"
check_eq "not an agent: message" \
	"temas: report: supervisors only (you are $me, not a temas agent)" "$ERR"
sqlite3 "$db" "INSERT INTO agents(login, name, role, created_at)
	VALUES('$me', 'Me', 'agent', 0)"
run_cmd -d "$db" report
check_eq "agent: exit 5" 5 "$RC"
check_eq "agent: message" "temas: report: supervisors only (you are $me, an agent)" "$ERR"
check_eq "agent: nothing on stdout" "" "$OUT"
sqlite3 "$db" "UPDATE agents SET role = 'supervisor' WHERE login = '$me'"

# Hand-made rows with known figures and hostile text, ids far from the demo's.
esc=$(printf '\033')
sqlite3 "$db" "
INSERT INTO agents(id, login, name, role, created_at)
	VALUES(900001, 'e2e-agent', 'E2E Agent', 'agent', 0);
INSERT INTO customers(id, first_name, last_name, created_at) VALUES
	(900001, '=HYPERLINK(\"x\")', 'Öztürk, \"Ş\"', $now - 400 * 86400);
INSERT INTO complaints(id, customer_id, channel, status, assignee_id, opened_at,
	first_response_due, resolution_due, category, subject) VALUES
	(900001, 900001, 'email', 'open', 900001, 1000000000, 1000003600,
	 1000086400, 'e2e, \"quoted\"' || char(10) || 'line', 'red ${esc}[31mALERT${esc}[0m'),
	(900002, 900001, 'phone', 'pending', 900001, $now - 3 * 86400,
	 $now + 86400, $now + 2 * 86400, 'e2e, \"quoted\"' || char(10) || 'line', 'ok'),
	(900003, 900001, 'phone', 'open', 900001, $now - 20 * 86400,
	 $now + 86400, $now + 2 * 86400, 'e2e-old', 'ok');"

run_cmd -d "$db" report --since=xx
check_eq "bad --since: exit 2" 2 "$RC"
check_eq "bad --since: message" \
	"temas: report: --since: 'xx' is not a date (YYYY-MM-DD)" "$ERR"
run_cmd -d "$db" report --until 2023-02-30
check_eq "impossible --until date refused" \
	"temas: report: --until: '2023-02-30' is not a date (YYYY-MM-DD)" "$ERR"
run_cmd -d "$db" report --format xml
check_eq "bad --format: message" \
	"temas: report: --format: 'xml' is not one of text, csv, json" "$ERR"
run_cmd -d "$db" report --churn-days 0
check_eq "bad --churn-days: exit 2" 2 "$RC"
run_cmd -d "$db" report --since 2023-11-10 --until 2023-11-01
check_eq "reversed period refused" \
	"temas: report: --since must be before --until" "$ERR"
run_cmd -d "$db" report --bogus
check_contains "unknown option named" "unknown option '--bogus'" "$ERR"

run_cmd -d "$db" report
check_eq "text: exit 0" 0 "$RC"
check_contains "text: period in local time" "2023-10-15 22:13 to 2023-11-14 22:13" "$OUT"
check_contains "text: most overdue breach listed" "#900001" "$OUT"
check_contains "text: subject shown without its escape sequence" "red ALERT" "$OUT"
check_not_contains "text: no escape byte reaches the terminal" "$esc" "$OUT"
check_contains "text: agent's queue" "e2e-agent" "$OUT"

# CSV: read back by SQLite's CSV importer; every record has four fields.
"$TEMAS" -d "$db" report --format csv > "$T_TMP/r.csv" 2>"$T_TMP/csv.err"
check_eq "csv: exit 0" 0 "$?"
check_eq "csv: header" "section,key,field,value" "$(head -1 "$T_TMP/r.csv" | tr -d '\r')"
imp=$(sqlite3 "$T_TMP/csv.db" ".import --csv $T_TMP/r.csv r" 2>&1)
check_eq "csv: every record has four fields" "" "$imp"
csv() {   # csv SECTION KEY FIELD: the value the CSV gives
	sqlite3 "$T_TMP/csv.db" "SELECT value FROM r WHERE section = '$1'
		AND key = '$2' AND field = '$3'"
}
hostile=$(printf 'e2e, "quoted"\nline')
hq=$(printf '%s' "$hostile" | sed "s/'/''/g")
check_eq "csv: quoted, multi-line category key survives" 1 \
	"$(csv categories "$hq" count)"
check_eq "csv: agent's open count" 2 "$(csv queues e2e-agent open)"
check_eq "csv: agent's pending count" 1 "$(csv queues e2e-agent pending)"
check_eq "csv: agent's breaches" 1 "$(csv queues e2e-agent breached)"
check_eq "csv: breach subject kept as data" "red ${esc}[31mALERT${esc}[0m" \
	"$(csv breaches 900001 subject)"
check_eq "csv: formula-like text is defused" \
	"'=HYPERLINK(\"x\") Öztürk, \"Ş\"" "$(csv breaches 900001 customer)"
check_eq "csv: no-data figures are empty" "" "$(csv queues e2e-agent median_first_response_secs)"

# JSON: one valid document with the same figures.
"$TEMAS" -d "$db" report --format json > "$T_TMP/r.json"
check_eq "json: exit 0" 0 "$?"
check_eq "json: valid" 1 "$(sqlite3 :memory: "SELECT json_valid(readfile('$T_TMP/r.json'))")"
js() {   # js SECTION KEY FIELD: the value the JSON gives
	sqlite3 :memory: "SELECT json_extract(j.value, '\$.$3') FROM
		json_each(json_extract(readfile('$T_TMP/r.json'), '\$.$1')) j
		WHERE json_extract(j.value, '\$.key') = '$2'"
}
check_eq "json: category count as in CSV" "$(csv categories "$hq" count)" \
	"$(js categories "$hq" count)"
check_eq "json: breach subject as in CSV" "$(csv breaches 900001 subject)" \
	"$(js breaches 900001 subject)"
check_eq "json: breach count as in CSV" "$(csv breach_count open breaches)" \
	"$(js breach_count open breaches)"
check_eq "json: nps as in CSV" "$(csv satisfaction overall nps)" \
	"$(js satisfaction overall nps)"
check_eq "json: no data is null" "null" \
	"$(sqlite3 :memory: "SELECT json_type(j.value, '\$.median_first_response_secs')
		FROM json_each(json_extract(readfile('$T_TMP/r.json'), '\$.queues')) j
		WHERE json_extract(j.value, '\$.key') = 'e2e-agent'")"

# A period given by dates: the complaint opened on 2023-11-11 is outside
# 1 to 10 November, and --until includes its whole day.
"$TEMAS" -d "$db" report --since 2023-11-01 --until 2023-11-10 --format json \
	> "$T_TMP/p.json"
check_eq "dates: since is local midnight" 1698796800 \
	"$(sqlite3 :memory: "SELECT json_extract(readfile('$T_TMP/p.json'), '\$.period[0].since')")"
check_eq "dates: until includes its day" 1699660800 \
	"$(sqlite3 :memory: "SELECT json_extract(readfile('$T_TMP/p.json'), '\$.period[0].until')")"
check_eq "dates: category outside the period" "" \
	"$(sqlite3 :memory: "SELECT 1 FROM json_each(json_extract(readfile('$T_TMP/p.json'),
		'\$.categories')) j WHERE json_extract(j.value, '\$.key') = '$hq'
		AND json_extract(j.value, '\$.count') > 0")"
run_cmd -d "$db" report --since 1698796800 --until 1699660800 --churn-days 30 --format csv
check_contains "unix seconds and churn days accepted" "churn,customers,days,30" "$OUT"


# The figures come from the summary tables; --full-scan reads the rows
# and gives the same report.  The hand-made rows above went in through
# the sqlite3 shell: the triggers kept the summaries anyway.
for fmt in json csv text; do
	run_cmd -d "$db" report --format $fmt --since 2023-10-01
	sum=$OUT
	run_cmd -d "$db" report --format $fmt --since 2023-10-01 --full-scan
	check_eq "$fmt: --full-scan gives the same report" "$sum" "$OUT"
done
run_cmd -d "$db" reindex --summaries --check
check_eq "summaries exact after the demo and the shell's rows" \
	"0 summaries: exact" "$RC $OUT"
# A summary row changed behind the triggers' back is found, and the
# figure it feeds is wrong until the rebuild.
sqlite3 "$db" "UPDATE summary_complaint_days SET complaints = complaints + 5
	WHERE category = 'e2e-old'"
run_cmd -d "$db" reindex --summaries --check
check_eq "a wrong summary row found: exit 1" 1 "$RC"
check_contains "a wrong summary row counted" "summaries: 2 rows differ" "$OUT"
run_cmd -d "$db" report --format csv --since 2023-10-01
check_contains "the wrong row shows in the report" "e2e-old,count,6" "$OUT"
run_cmd -d "$db" reindex --summaries
check_eq "rebuild: exit 0, silent" "0 " "$RC $OUT"
run_cmd -d "$db" reindex --summaries --check
check_eq "exact again after the rebuild" "0 summaries: exact" "$RC $OUT"
run_cmd -d "$db" report --format csv --since 2023-10-01
check_contains "the report right again" "e2e-old,count,1" "$OUT"
run_cmd -d "$db" reindex --check
check_eq "--check alone refused" "2 temas: reindex: --check goes with --summaries" \
	"$RC $ERR"

finish
