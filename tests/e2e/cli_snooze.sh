#!/bin/sh
# cli_snooze.sh: `temas snooze ID WHEN [--note TEXT]` and `temas unsnooze
# ID` from a shell: the complaint leaves the queue until its time (listed
# by --snooze'd, marked z), comes back marked @ in every format, and the
# mark goes when someone acts on it; the rules of claim (held by another
# agent: refused unless supervisor; unassigned: claimed), a resolved
# complaint refused, a bad or past time refused with nothing changed; a
# message from the customer or a resolution ends a snooze; audited.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/snooze.db"
me=$(id -un)
# Thursday 3 December 2026, 11:30 UTC; Monday 7 December 10:00 UTC.
NOW=1796297400
MON10=1796637600
export TEMAS_DB="$db" TZ=UTC TEMAS_NOW=$NOW

run_cmd agent add "$me" --supervisor --name "Şule Demir"
run_cmd agent add ayse --name "Ayşe Kaya"
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, lang, created_at) VALUES(7, 'İpek', 'Işık', 'tr', 1);
INSERT INTO complaints(id, ext_id, customer_id, channel, subject, opened_at,
  first_response_due, resolution_due) VALUES
  (3, NULL, 7, 'email', 'Kargo nerede?', 1, 2000000000, 2000000000),
  (4, NULL, 7, 'email', 'Fatura yanlış', 1, 2000000001, 2000000001),
  (5, 'K-9', 7, 'chat', 'İade', 1, 2000000002, 2000000002),
  (6, NULL, 7, 'chat', 'Eski', 1, 2000000003, 2000000003);"
run_cmd claim 4 --as ayse
run_cmd status 6 resolved --note bitti
check_eq "set-up: 6 resolved" 0 "$RC"
# The first agent of a file is its supervisor; here we are an agent.
sqlite3 "$db" "UPDATE agents SET role='agent' WHERE login='$me'"

snoozed() { sqlite3 "$db" "SELECT id || ':' || snoozed_until FROM complaints WHERE snoozed_until IS NOT NULL ORDER BY id"; }
audits() { sqlite3 "$db" "SELECT count(*) FROM audit WHERE action IN ('snooze','unsnooze')"; }

run_cmd snooze 3 monday 10:00 --note "müşteri geri arayacak"
check_eq "snooze: exit 0" 0 "$RC"
check_eq "snooze: says what happened (and that it took it)" \
	"complaint 3 is yours, snoozed until Mon 7 Dec 10:00" "$OUT"
check_eq "snooze: stored" "3:$MON10" "$(snoozed)"
check_eq "snooze: an unassigned complaint is claimed with it" "$me" \
	"$(sqlite3 "$db" "SELECT login FROM complaints c JOIN agents a ON a.id=c.assignee_id WHERE c.id=3")"
check_eq "snooze: audited, with the claim" "claim|
snooze|until 2026-12-07T10:00:00Z: müşteri geri arayacak" \
	"$(sqlite3 "$db" "SELECT action, detail FROM audit WHERE complaint_id=3 AND action IN ('claim','snooze') ORDER BY id")"

run_cmd queue
check_not_contains "queue: a snoozed complaint is not in the active queue" "Kargo nerede" "$OUT"
check_contains "queue: the others are" "Fatura yanlış" "$OUT"
run_cmd queue --snoozed
check_contains "queue --snoozed: listed, marked z, with its time" \
	"z email      normal  İpek Işık            $me" "$OUT"
check_contains "queue --snoozed: its time before the subject" "Mon 7 Dec 10:00 Kargo nerede?" "$OUT"
check_not_contains "queue --snoozed: only the snoozed" "Fatura" "$OUT"
run_cmd queue --snoozed --format tsv
check_eq "queue --format tsv: snoozed_until and state last" \
	"3	2026-12-07T10:00:00Z	asleep" "$(printf '%s\n' "$OUT" | cut -f1,13,14)"
run_cmd queue --snoozed --format json
check_contains "queue --format json: the snooze" \
	'"snoozed_until":"2026-12-07T10:00:00Z","snooze":"asleep"}' "$OUT"
run_cmd show complaint 3
check_contains "show complaint: the snooze" \
	"Snoozed:  until Mon 7 Dec 10:00, by $me: müşteri geri arayacak" "$OUT"

# Its time comes: back in the queue, marked @, the note in show.
TEMAS_NOW=$MON10 run_cmd queue
check_contains "at its time: back, marked @" "@ email      normal  İpek Işık" "$OUT"
TEMAS_NOW=$MON10 run_cmd queue --format tsv
check_eq "at its time: tsv says back" "3	2026-12-07T10:00:00Z	back" \
	"$(printf '%s\n' "$OUT" | grep '^3	' | cut -f1,13,14)"
TEMAS_NOW=$MON10 run_cmd show complaint 3
check_contains "at its time: show says since when" \
	"Snoozed:  back since Mon 7 Dec 10:00 (snoozed by $me): müşteri geri arayacak" "$OUT"
# A change of state before the time leaves the snooze; after it, ends it.
run_cmd status 3 pending
check_eq "a change of state before the time: still snoozed" "3:$MON10" "$(snoozed)"
TEMAS_NOW=$MON10 run_cmd note 3 --text "aradım, yarın tekrar"
check_eq "a note once back: the mark goes" "" "$(snoozed)"
TEMAS_NOW=$MON10 run_cmd queue
check_not_contains "a note once back: no mark" "@ email" "$OUT"

# Held by another agent: refused for an agent, nothing changed.
before=$(audits)
run_cmd snooze 4 +2h
check_eq "held by ayse: exit 5" 5 "$RC"
check_eq "held by ayse: says so" \
	"temas: complaint 4 is held by ayse; only they or a supervisor can snooze it" "$ERR"
check_eq "held by ayse: nothing changed" "" "$(snoozed)"
# A resolved complaint: refused.
run_cmd snooze 6 +2h
check_eq "resolved: exit 5" 5 "$RC"
check_eq "resolved: says so" \
	"temas: complaint 6 is resolved; only open complaints can be snoozed" "$ERR"
# Bad times: exit 2, the word named, nothing changed.
run_cmd snooze 5 mondy 10
check_eq "an unknown word: exit 2" 2 "$RC"
check_eq "an unknown word: named" \
	"temas: snooze: 'mondy' is not a time (try +2h, tomorrow 9:00, mon 10:00)" "$ERR"
run_cmd snooze 5 2026-12-01 10:00
check_eq "a past time: exit 2" 2 "$RC"
check_eq "a past time: says so" "temas: snooze: '2026-12-01 10:00' is in the past" "$ERR"
run_cmd snooze 5 tomorrow 25:00
check_eq "a bad hour: named" "temas: snooze: '25:00' is not a time of day (00:00 to 23:59)" "$ERR"
run_cmd snooze 5 tomorrow 9:00 please
check_eq "words after the time: exit 2" 2 "$RC"
check_eq "words after the time: named" \
	"temas: snooze: 'please' after the time is not understood (a note goes after --note)" "$ERR"
run_cmd snooze 5
check_eq "no time: usage, exit 2" 2 "$RC"
run_cmd snooze 99 +2h
check_eq "no such complaint: exit 3" 3 "$RC"
check_eq "bad input: nothing changed" "|$before" "$(snoozed)|$(audits)"

# A supervisor may snooze another agent's complaint; it stays theirs.
sqlite3 "$db" "UPDATE agents SET role='supervisor' WHERE login='$me'"
run_cmd snooze 4 +2h
check_eq "supervisor: exit 0" 0 "$RC"
check_eq "supervisor: says so (not taken)" "complaint 4 snoozed until Thu 3 Dec 13:30" "$OUT"
check_eq "supervisor: still ayse's" "ayse" \
	"$(sqlite3 "$db" "SELECT login FROM complaints c JOIN agents a ON a.id=c.assignee_id WHERE c.id=4")"
run_cmd unsnooze 4
check_eq "unsnooze: says what happened" \
	"complaint 4 unsnoozed (it was until Thu 3 Dec 13:30)" "$OUT"
check_eq "unsnooze: audited" "was until 2026-12-03T13:30:00Z" \
	"$(sqlite3 "$db" "SELECT detail FROM audit WHERE action='unsnooze' AND complaint_id=4")"
before=$(audits)
run_cmd unsnooze 4
check_eq "unsnooze when not snoozed: says so" "complaint 4 was not snoozed" "$OUT"
check_eq "unsnooze when not snoozed: nothing audited" "$before" "$(audits)"

# The team's own id works; a message from the customer brings it back.
run_cmd snooze K-9 +1d
check_eq "by ext id: exit 0" 0 "$RC"
check_eq "by ext id: stored" "5:$((NOW + 86400))" "$(snoozed)"
seed_sql "$db" "INSERT INTO interactions(customer_id, complaint_id, channel,
	direction, at, body) VALUES(7, 5, 'chat', 'in', $((NOW + 60)), 'Hâlâ bekliyorum')"
check_eq "the customer writes: back at once" "5:$((NOW + 60))" "$(snoozed)"
run_cmd snooze 5 +1d
run_cmd resolve 5 --note "iade edildi"
check_eq "resolved: the snooze ends with it" "" "$(snoozed)"

finish
