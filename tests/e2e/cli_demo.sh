#!/bin/sh
# cli_demo.sh: `temas demo` on the real binary: messages, exit codes, the
# refusal to touch a file with data, repeatable output, tty progress.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

me=$(id -un)
export TEMAS_NOW=1760000000

for bad in abc 0 -5 10000001 12x 1e3 ''; do
	run_cmd demo -d "$T_TMP/bad.db" --customers "$bad"
	check_eq "--customers '$bad': exit 2" 2 "$RC"
	check_eq "--customers '$bad': message" \
		"temas: demo: --customers: '$bad' is not a whole number from 1 to 10000000" "$ERR"
done
check_eq "bad counts write no data" 0 "$(sqlite3 "$T_TMP/bad.db" 'SELECT count(*) FROM customers')"

run_cmd demo -d "$T_TMP/bad.db" --seed x1
check_eq "bad seed: exit 2" 2 "$RC"
check_contains "bad seed: message" "temas: demo: --seed: 'x1' is not a whole number" "$ERR"

run_cmd demo -d "$T_TMP/bad.db" --frobnicate
check_eq "unknown option: exit 2" 2 "$RC"
check_eq "unknown option: message" \
	"temas: demo: unknown option '--frobnicate' (see 'temas demo --help')" "$ERR"

run_cmd demo -d "$T_TMP/bad.db" --customers
check_eq "missing value: exit 2" 2 "$RC"
check_eq "missing value: message" "temas: demo: option '--customers' needs a value" "$ERR"

run_cmd demo -d "$T_TMP/bad.db" extra
check_eq "stray argument: exit 2" 2 "$RC"

run_cmd demo --help
check_eq "--help: exit 0" 0 "$RC"
check_contains "--help: usage" "Usage: temas demo" "$OUT"

db="$T_TMP/demo.db"
run_cmd demo -d "$db" --customers 300
check_eq "new file: exit 0" 0 "$RC"
check_eq "new file: quiet stderr when small and not a terminal" "" "$ERR"
check_contains "new file: summary" "$db: 300 customers," "$OUT"
check_contains "new file: names the agent" "(you are '$me')" "$OUT"
check_eq "customer count" 300 "$(sqlite3 "$db" 'SELECT count(*) FROM customers')"
check_eq "integrity" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
check_eq "foreign keys" "" "$(sqlite3 "$db" 'PRAGMA foreign_key_check')"
check_eq "back in WAL mode" wal "$(sqlite3 "$db" 'PRAGMA journal_mode')"
check_eq "current user is an agent" agent \
	"$(sqlite3 "$db" "SELECT role FROM agents WHERE login = '$me'")"

before=$(sqlite3 "$db" .dump | cksum)
run_cmd demo -d "$db" --customers 10
check_eq "file with data: exit 1" 1 "$RC"
check_eq "file with data: message" \
	"temas: $db: already has data; demo data goes into a new file" "$ERR"
check_eq "file with data: unchanged" "$before" "$(sqlite3 "$db" .dump | cksum)"

run_cmd demo -d "$T_TMP/same.db" --customers 300 --quiet
check_eq "--quiet: exit 0" 0 "$RC"
check_eq "--quiet: no output" "" "$OUT$ERR"
check_eq "same seed and clock: same content" "$before" "$(sqlite3 "$T_TMP/same.db" .dump | cksum)"

run_cmd demo -d "$T_TMP/other.db" --customers 300 --seed 2 --quiet
check "other seed: other content" test "$before" != "$(sqlite3 "$T_TMP/other.db" .dump | cksum)"

run_cmd demo -d "$T_TMP/sup.db" --customers 5 --supervisor --quiet
check_eq "--supervisor" supervisor \
	"$(sqlite3 "$T_TMP/sup.db" "SELECT role FROM agents WHERE login = '$me'")"

run_cmd demo -d "$T_TMP/default.db" --quiet
check_eq "default size" 2000 "$(sqlite3 "$T_TMP/default.db" 'SELECT count(*) FROM customers')"

# On a terminal every run shows its progress on stderr.
tui_start 100 20 demo -d "$T_TMP/tty.db" --customers 100
if tui_wait "TEMAS-EXITED 0" 60; then ok "tty run finishes"; else not_ok "tty run finishes" "$(tui_screen)"; fi
screen=$(tui_screen)
check_contains "tty: progress names a stage" "demo: interactions…" "$screen"
check_contains "tty: progress ends" "demo: done in" "$screen"
tui_stop

# Ctrl-C stops a run: its transaction is rolled back and the new file is
# left empty, not marked unfinished, ready for another run.
stop="$T_TMP/stop.db"
tui_start 100 20 demo -d "$stop" --customers 200000
if tui_wait "demo: orders…" 60; then ok "big run starts"; else not_ok "big run starts" "$(tui_screen)"; fi
tui_keys C-c
if tui_wait "TEMAS-EXITED 1" 60; then ok "Ctrl-C: exit 1"; else not_ok "Ctrl-C: exit 1" "$(tui_screen)"; fi
check_contains "Ctrl-C: says the file holds nothing" "demo: stopped;" "$(tui_screen)"
tui_stop
check_eq "Ctrl-C: no customers" 0 "$(sqlite3 "$stop" 'SELECT count(*) FROM customers')"
check_eq "Ctrl-C: not marked unfinished" 0 "$(sqlite3 "$stop" 'PRAGMA application_id')"
check_eq "Ctrl-C: integrity" ok "$(sqlite3 "$stop" 'PRAGMA integrity_check')"
run_cmd demo -d "$stop" --customers 5 --quiet
check_eq "Ctrl-C: the file takes another run" 0 "$RC"

# The shipped reply templates come with the demo, for every channel.
check_eq "demo loads the reply templates" \
	"$(grep -c '^=== ' "$TEMAS_SRCDIR/templates/default.txt")" \
	"$(sqlite3 "$db" 'SELECT count(*) FROM templates')"
mkdir -p "$T_TMP/tpl"
printf '=== thanks email tr\nSubject: x\nMerhaba {customer.nosuch}\n' > "$T_TMP/tpl/default.txt"
TEMAS_TEMPLATE_DIR="$T_TMP/tpl" run_cmd demo -d "$T_TMP/tpl.db" --customers 5 --quiet
check_eq "a bad template file fails the demo" 1 "$RC"
check_contains "a bad template file is named with its line" "$T_TMP/tpl/default.txt:" "$ERR"

# The search index is built in one pass at the end and then kept current.
check_eq "search index is live after demo" 0 "$(sqlite3 "$db" 'SELECT suspended FROM search_state')"
row=$(sqlite3 "$db" "SELECT id || ' ' || email FROM customers ORDER BY id DESC LIMIT 1")
run_cmd -d "$db" search --format tsv "\"${row#* }\""
check_contains "demo customers are found by search" "$(printf 'customers\t%s\t' "${row%% *}")" "$OUT"
n=$(sqlite3 "$db" "SELECT count(*) FROM interactions WHERE body LIKE '%kargo%' OR body LIKE '%Kargo%'")
run_cmd -d "$db" search --format tsv kargo
check "demo messages are found by search" test "$n" -gt 0 -a -n "$(printf '%s' "$OUT" | grep '^interactions')"

finish
