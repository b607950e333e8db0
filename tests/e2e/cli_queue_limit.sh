#!/bin/sh
# cli_queue_limit.sh: `temas queue` never drops rows without saying so.
# For a person (text) it shows 50 and a last line says how many there
# are; for a script (tsv, json) it gives every row unless --limit asks
# for fewer, and then says on standard error (standard output stays
# data) how many were left out.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

TEMAS_NOW=1740830400; export TEMAS_NOW     # 2025-03-01T12:00:00Z
db="$T_TMP/q.db"
"$TEMAS" -d "$db" agent add "$(id -un)" --supervisor >/dev/null
printf 'ext_id,first_name\nC1,Ali\n' > "$T_TMP/c.csv"
{
	echo "ext_id,customer_ext_id,channel,priority,category,subject,status,opened_at"
	i=1
	while [ $i -le 120 ]; do
		ch=social; [ $i -gt 70 ] && ch=email
		echo "K$i,C1,$ch,normal,other,Konu $i,open,2025-02-2$((i % 5))T10:00:00Z"
		i=$((i + 1))
	done
} > "$T_TMP/k.csv"
"$TEMAS" -d "$db" import customers "$T_TMP/c.csv" >/dev/null || echo "Bail out! customers"
"$TEMAS" -d "$db" import complaints "$T_TMP/k.csv" >/dev/null || echo "Bail out! complaints"

lines() { [ -z "$1" ] && echo 0 || printf '%s\n' "$1" | wc -l | tr -d ' '; }

run_cmd -d "$db" queue
check_eq "text: 50 rows and a last line" 51 "$(lines "$OUT")"
check_eq "text: the last line says how many there are" \
	"50 of 120 shown; --limit 0 shows all" "$(printf '%s\n' "$OUT" | tail -n 1)"
run_cmd -d "$db" queue --limit 0
check_eq "text --limit 0: every row, no such line" 120 "$(lines "$OUT")"
run_cmd -d "$db" queue --channel social --limit 70
check_eq "text: a limit that cuts nothing says nothing" 70 "$(lines "$OUT")"

run_cmd -d "$db" queue --format tsv
check_eq "tsv: every row by default" "120|" "$(lines "$OUT")|$ERR"
run_cmd -d "$db" queue --unassigned --channel social --format tsv
check_eq "tsv: the README's script gets every row" "70|" "$(lines "$OUT")|$ERR"
run_cmd -d "$db" queue --format tsv --limit 50
check_eq "tsv --limit 50: 50 rows" 50 "$(lines "$OUT")"
check_eq "tsv --limit 50: says so on standard error" \
	"temas: queue: 50 of 120 shown; --limit 0 shows all" "$ERR"
run_cmd -d "$db" queue --format json
check_eq "json: every row by default" "120|" \
	"$(printf '%s\n' "$OUT" | grep -c '"id":')|$ERR"
run_cmd -d "$db" queue --format json --limit 10 --channel email
check_eq "json --limit 10: 10 objects" 10 "$(printf '%s\n' "$OUT" | grep -c '"id":')"
check_eq "json --limit 10: says so on standard error" \
	"temas: queue: 10 of 50 shown; --limit 0 shows all" "$ERR"
check "json --limit 10: standard output is still one JSON array" \
	sqlite3 :memory: "SELECT json('$(printf '%s' "$OUT" | tr -d "'")')"

finish
