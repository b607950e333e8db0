#!/bin/sh
# cli_act_as.sh: a supervisor acting for an agent (--as) is in the audit log
# once per command, just before what the command did (in the same
# transaction), whether the command wrote, only read, or was refused.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

me=$(id -un)
db="$T_TMP/as.db"
export TEMAS_DB="$db"
for who in "$me --supervisor" ayse can; do
	# shellcheck disable=SC2086
	"$TEMAS" agent add $who >/dev/null || { echo "Bail out! agent add $who"; exit 1; }
done
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, lang, created_at) VALUES(7, 'İpek', 'Işık', 'tr', 1);
INSERT INTO complaints(id, customer_id, channel, subject, opened_at,
  first_response_due, resolution_due) VALUES(5, 7, 'email', 'Kargo nerede?', 1, 2, 3);"
audit() { sqlite3 "$db" "SELECT group_concat(login || ':' || action || ':' || coalesce(detail, ''), ' ')
	FROM (SELECT * FROM audit WHERE id > $1 ORDER BY id)"; }
last() { sqlite3 "$db" "SELECT coalesce(max(id), 0) FROM audit"; }

n=$(last)
run_cmd claim 5 --as ayse
check_eq "claim for ayse: exit 0" 0 "$RC"
check_eq "claim for ayse: names her" "complaint 5 claimed for ayse" "$OUT"
check_eq "claim for ayse: act-as, then the claim in her name" \
	"$me:act-as:as ayse ayse:claim:" "$(audit "$n")"
run_cmd claim 5 --as ayse
check_eq "claim again for ayse: says she holds it" "complaint 5 is already held by ayse" "$OUT"

n=$(last)
run_cmd claim 5 --as can
check_eq "claim refused (ayse holds it): exit 4" 4 "$RC"
check_eq "a refused command's act-as is still written, alone" \
	"$me:act-as:as can" "$(audit "$n")"

n=$(last)
run_cmd show complaint 5 --as can
check_eq "show for can: exit 0" 0 "$RC"
check_eq "a command that only reads writes its act-as" \
	"$me:act-as:as can" "$(audit "$n")"

n=$(last)
run_cmd release 5
check_eq "own command: no act-as" "" "$(audit "$n" | grep act-as)"

n=$(last)
run_cmd claim 5 --as "$me"
check_eq "acting as oneself is no act-as" "" "$(audit "$n" | grep act-as)"
check_eq "claim as oneself: yours" "complaint 5 is yours" "$OUT"

run_cmd release 5
run_cmd snooze 5 +1h --as can
check_eq "snooze for can: exit 0" 0 "$RC"
check_contains "snooze for can: names him" "complaint 5 claimed for can, snoozed until" "$OUT"
finish
