#!/bin/sh
# cli_escalation.sh: escalation rules from the shell: supervisors add and
# remove them (audited, bad input refused by name), eight processes running
# the due rules at once act exactly once per complaint and rule, and a
# plain write by any process runs them too.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/esc.db"
me=$(id -un)
# The rules are set up before the complaints are due, and run after.
export TEMAS_DB="$db" TZ=UTC TEMAS_NOW=1796380000

run_cmd agent add "$me" --supervisor --name "Şule Demir"
run_cmd agent add mudur --supervisor --name "Selin Aksoy"
run_cmd agent add ayse --name "Ayşe Kaya"
seed_sql "$db" "INSERT INTO customers(id, first_name, last_name, lang, created_at)
	VALUES(1, 'İpek', 'Işık', 'tr', 1);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
INSERT INTO complaints(customer_id, channel, subject, opened_at, first_response_due,
	resolution_due) SELECT 1, 'email', 'Kargo ' || i, 1796300000, 1796390000 + i,
	1796900000 FROM n;"

run_cmd escalation list
check_eq "no rules: says how to add one" "no escalation rules: temas escalation add NAME ..." "$OUT"
run_cmd escalation add late
check_eq "no --on: exit 2" 2 "$RC"
check_eq "no --on: says what to give" "temas: --on: give first-response or resolution" "$ERR"
run_cmd escalation add late --on first-response
check_eq "no action: exit 2" 2 "$RC"
run_cmd escalation add late --on first-response --before soon --raise-priority
check_eq "bad --before: named" "temas: --before: 'soon' is not a number of minutes" "$ERR"
run_cmd escalation add late --on first-response --assign ayse
check_eq "assign to an agent: exit 1" 1 "$RC"
check_eq "assign to an agent: refused by name" "temas: 'ayse' is not an active supervisor" "$ERR"
seed_sql "$db" "UPDATE agents SET role='agent' WHERE login='$me'"
run_cmd escalation add late --on first-response --raise-priority
check_eq "an agent may not add rules: exit 5" 5 "$RC"
seed_sql "$db" "UPDATE agents SET role='supervisor' WHERE login='$me'"

run_cmd escalation add late --on first-response --raise-priority
check_eq "add: exit 0" 0 "$RC"
run_cmd escalation add to-mudur --on first-response --assign mudur
run_cmd escalation add soon --on resolution --before 60 --priority urgent --channel phone
check_eq "a warning rule on one channel" 0 "$RC"
run_cmd escalation list
check_contains "list: the rule and its action" \
	"late             first-response     0 min before  channel *          priority raise" "$OUT"

# run_many N NAME: N processes running the due rules at once, each
# writing what it said to $T_TMP/NAME.I.
run_many() {
	i=0
	while [ $i -lt "$1" ]; do
		"$TEMAS" escalation run > "$T_TMP/$2.$i" 2>&1 &
		i=$((i + 1))
	done
	wait
}

# Eight processes at once over 300 breached complaints and two rules.
export TEMAS_NOW=1796392800
run_many 8 run
check_eq "every process finished cleanly" "" \
	"$(cat "$T_TMP"/run.* | grep -v '^[0-9]* escalations$')"
check_eq "the processes acted 600 times in all" 600 \
	"$(cat "$T_TMP"/run.* | awk '{ n += $1 } END { print n }')"
check_eq "each rule once per complaint (audit)" "600 600" \
	"$(sqlite3 "$db" "SELECT count(*), count(DISTINCT complaint_id || '/' || detail)
		FROM audit WHERE action='escalate'" | tr '|' ' ')"
check_eq "every complaint raised one step and handed to mudur" 300 \
	"$(sqlite3 "$db" "SELECT count(*) FROM complaints c JOIN agents a ON a.id=c.assignee_id
		WHERE c.priority='high' AND a.login='mudur'")"
run_cmd escalation run
check_eq "run again: nothing left" "0 escalations" "$OUT"

# Any write runs the due rules: the resolution warning an hour ahead.
seed_sql "$db" "UPDATE complaints SET channel='phone' WHERE id=7"
TEMAS_NOW=1796896500 "$TEMAS" note 7 --text "Kargo firması arandı" >/dev/null 2>&1
check_eq "a note (a write) ran the warning rule" urgent \
	"$(sqlite3 "$db" "SELECT priority FROM complaints WHERE id=7")"

run_cmd escalation remove soon
check_eq "remove: exit 0" 0 "$RC"
run_cmd escalation remove soon
check_eq "remove again: exit 3" 3 "$RC"
check_eq "adds and removes are audited" 4 \
	"$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action LIKE 'escalation-%'")"

# A rule that tags: four processes at the resolution breach, one tag each.
run_cmd escalation add tagit --on resolution --tag "two words"
check_eq "a bad tag: exit 1" 1 "$RC"
check_contains "a bad tag: named" "bad tag 'two words'" "$ERR"
run_cmd escalation add tagit --on resolution --raise-priority --tag x
check_eq "two actions: exit 2" 2 "$RC"
run_cmd escalation add gecikti --on resolution --tag gecikmiş
check_eq "a tag rule: exit 0" 0 "$RC"
run_cmd escalation list
check_contains "list: the tag rule" "channel *          tag      gecikmiş" "$OUT"
seed_sql "$db" "INSERT INTO complaint_tags(complaint_id, tag, added_at) VALUES(9, 'gecikmiş', 1)"
export TEMAS_NOW=1796900001
run_many 4 tag
check_eq "the tag rule acted 300 times in all" 300 \
	"$(cat "$T_TMP"/tag.* | awk '{ n += $1 } END { print n }')"
check_eq "every complaint carries the tag once" "300 300" \
	"$(sqlite3 "$db" "SELECT count(*), count(DISTINCT complaint_id) FROM complaint_tags
		WHERE tag='gecikmiş'" | tr '|' ' ')"
check_eq "one audit row per complaint" 300 \
	"$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action='escalate'
		AND detail='rule gecikti (breach): tag +gecikmiş'")"

# A rule that hands complaints to a supervisor who has left the team hands
# them to nobody, and says so.
run_cmd escalation add to-sinan --on resolution --before 30 --assign mudur
check_eq "a second assign rule" 0 "$RC"
seed_sql "$db" "INSERT INTO complaints(customer_id, channel, subject, opened_at,
	first_response_due, resolution_due) VALUES(1, 'email', 'Geç kalan', 1796900000,
	1796990000, 1796991000)"
late=$(sqlite3 "$db" "SELECT max(id) FROM complaints")
run_cmd agent remove mudur
check_eq "mudur leaves the team" 0 "$RC"
TEMAS_NOW=1796989300 run_cmd escalation run
check_eq "the rule ran" 0 "$RC"
check_eq "the complaint is nobody's" "" \
	"$(sqlite3 "$db" "SELECT assignee_id FROM complaints WHERE id=$late")"
check_eq "the audit says why" "rule to-sinan (warning): not assigned: mudur is no longer an agent" \
	"$(sqlite3 "$db" "SELECT detail FROM audit WHERE action='escalate' AND complaint_id=$late
		AND detail LIKE 'rule to-sinan%'")"
finish
