#!/bin/sh
# cli_channel_codes.sh: a channel's code is 1 to 15 small letters,
# digits, '-' or '_', refused otherwise by the database itself, whichever
# program writes it (a longer one was cut wherever a row named it, and a
# reply on it reached no outbox); a code of the full length works end to
# end: a reply on it is queued for its gateway under the whole code.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/c.db"
demo_db "$db" -n 10 --supervisor -q
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1" 2>&1; }
n=$(q "SELECT count(*) FROM channels")

for bad in instagram-direct WhatsApp "two words" ""; do
	out=$(q "INSERT INTO channels(code, name, sort) VALUES('$bad', 'X', 90)")
	check_contains "'$bad' refused, saying why" \
		"a channel code is 1 to 15 small letters, digits, - or _" "$out"
done
out=$(q "UPDATE channels SET code = 'a-much-too-long-code' WHERE code = 'store'")
check_contains "renamed too long: refused" "a channel code is 1 to 15" "$out"
check_eq "nothing added" "$n" "$(q "SELECT count(*) FROM channels")"

check_eq "fifteen: accepted" "" \
	"$(q "INSERT INTO channels(code, name, sort, delivery) VALUES('instagram-dm-tr', 'Instagram', 90, 'gateway')")"
cust=$(q "SELECT min(id) FROM customers")
seed_sql "$db" "INSERT INTO complaints(customer_id, channel, subject, opened_at,
	first_response_due, resolution_due) VALUES($cust, 'instagram-dm-tr', 'DM', 1, 2, 3)"
k=$(q "SELECT max(id) FROM complaints")
"$TEMAS" -d "$db" show customer "$cust" >/dev/null
run_cmd -d "$db" reply "$k" --text "Merhaba"
check_eq "a reply on it: exit 0" 0 "$RC"
check_eq "queued for its gateway under the whole code" "instagram-dm-tr|gateway|queued" \
	"$(q "SELECT channel || '|' || transport || '|' || state FROM outbox")"
run_cmd -d "$db" outbox --channel instagram-dm-tr --format jsonl
check_contains "the gateway lists it" "Merhaba" "$OUT"
finish
