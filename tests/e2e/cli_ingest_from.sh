#!/bin/sh
# cli_ingest_from.sh: `temas ingest --json` takes a From that is an e-mail
# address or the handle of a known customer, and refuses anything else
# with a message naming the field (exit 65, nothing written).
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/j.db"
TEMAS_NOW=1740830400; export TEMAS_NOW
"$TEMAS" -d "$db" agent add "$(id -un)" --supervisor >/dev/null
printf 'ext_id,first_name,last_name\n@ayse_k,Ayşe,Kaya\n' > "$T_TMP/c.csv"
"$TEMAS" -d "$db" import customers "$T_TMP/c.csv" >/dev/null
feed() {
	printf '{"channel":"social","from":"%s","text":"merhaba"}\n' "$1" > "$T_TMP/m.json"
	run_cmd -d "$db" ingest --json < "$T_TMP/m.json"
}

feed "@ayse_k"
check_eq "a known customer's handle: filed" 0 "$RC"
check_eq "filed under that customer" "Ayşe" "$(sqlite3 "$db" "SELECT c.first_name
	FROM complaints k JOIN customers c ON c.id = k.customer_id WHERE k.id = ${OUT:-0}")"
n=$(sqlite3 "$db" "SELECT count(*) FROM customers")
for bad in "@nobody" "garbage text" "a@b" "x@"; do
	feed "$bad"
	check_eq "'$bad': exit 65 (never fileable)" 65 "$RC"
	check_contains "'$bad': named, with the field" \
		"field 'from': '$bad' is neither an e-mail address nor the handle of a known customer" "$ERR"
done
check_eq "refused: no customer made of noise" "$n" "$(sqlite3 "$db" "SELECT count(*) FROM customers")"
feed "yeni@example.com"
check_eq "an e-mail address: filed" 0 "$RC"
check_eq "a new customer for it" $((n + 1)) "$(sqlite3 "$db" "SELECT count(*) FROM customers")"
finish
