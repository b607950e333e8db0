#!/bin/sh
# cli_assign.sh: auto-assignment from the shell.  Supervisors set a
# channel's rule and agents' capacity and skills (agents may only list
# them; bad input refused by name, nothing changed); ingest and import say
# what the rule did; fifty `temas ingest` processes at once against five
# agents with a capacity of eight give no complaint twice and put nobody
# over capacity, the rest waiting unassigned; a claim by hand still works.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/assign.db"
me=$(id -un)
export TEMAS_DB="$db" TZ=UTC TEMAS_NOW=1796380000

run_cmd agent add "$me" --supervisor --name "Şule Demir"
for a in a1 a2 a3 a4 a5 off; do
	run_cmd agent add $a
done
# Consoles running: a heartbeat now for a1..a5; "off" ran an hour ago.
seed_sql "$db" "INSERT INTO agent_seen(agent_id, pid, seen_at)
	SELECT id, 1, 1796380000 FROM agents WHERE login GLOB 'a[1-5]';
	INSERT INTO agent_seen(agent_id, pid, seen_at)
	SELECT id, 1, 1796376400 FROM agents WHERE login='off';"

# ---- bad input, and rights ----
run_cmd assign-rule set email fastest
check_eq "unknown mode: exit 2" 2 "$RC"
check_eq "unknown mode: named" \
	"temas: assign-rule set: 'fastest' is not a rule; give round-robin, least-loaded or off" "$ERR"
run_cmd assign-rule set fax round-robin
check_eq "unknown channel: exit 1" 1 "$RC"
check_eq "unknown channel: named" "temas: unknown channel 'fax'" "$ERR"
run_cmd assign-rule set email round-robin --skill colour
check_eq "unknown skill: exit 2" 2 "$RC"
check_eq "unknown skill: named" \
	"temas: assign-rule set: --skill 'colour': give channel, language or channel,language" "$ERR"
run_cmd assign-rule set email
check_eq "no mode: exit 2" 2 "$RC"
run_cmd agent capacity a1 lots
check_eq "not a number: exit 2" 2 "$RC"
check_eq "not a number: named" \
	"temas: agent capacity: 'lots' is not a number of complaints (0 to 100000) or none" "$ERR"
run_cmd agent capacity nobody 3
check_eq "capacity of no agent: exit 3" 3 "$RC"
check_eq "capacity of no agent: named" "temas: no active agent 'nobody'" "$ERR"
run_cmd agent skills a1 --channels email,fax
check_eq "unknown channel skill: exit 2" 2 "$RC"
check_eq "unknown channel skill: named" "temas: agent skills: --channels: unknown channel 'fax'" "$ERR"
run_cmd agent skills a1 --channels email --languages 'tr,k@'
check_eq "bad language: exit 2" 2 "$RC"
check_eq "bad language: named" \
	"temas: agent skills: --languages: 'k@' is not a language tag (BCP 47: tr, en, pt-BR)" "$ERR"
run_cmd agent skills a1
check_eq "skills without a list: exit 2" 2 "$RC"
check_eq "nothing of the bad input was kept" "0 0 0 0" \
	"$(sqlite3 "$db" "SELECT (SELECT count(*) FROM assign_rules), (SELECT count(*) FROM agent_skills),
		(SELECT count(capacity) FROM agents), (SELECT count(*) FROM audit
		WHERE action IN ('assign-rule', 'agent-capacity', 'agent-skills'))" | tr '|' ' ')"
seed_sql "$db" "UPDATE agents SET role='agent' WHERE login='$me'"
run_cmd assign-rule set email round-robin
check_eq "an agent may not set rules: exit 5" 5 "$RC"
check_eq "an agent may not set rules: says so" "temas: only a supervisor can change assignment rules" "$ERR"
run_cmd agent capacity a1 8
check_eq "an agent may not set capacity: exit 5" 5 "$RC"
run_cmd agent skills a1 --languages tr
check_eq "an agent may not set skills: exit 5" 5 "$RC"
run_cmd assign-rule list
check_eq "an agent may list them" 0 "$RC"
seed_sql "$db" "UPDATE agents SET role='supervisor' WHERE login='$me'"

# ---- setting them ----
run_cmd assign-rule set email least-loaded
check_eq "set: says what it does" "email: new complaints are assigned to the least loaded agent" "$OUT"
run_cmd agent capacity off 8
for a in a1 a2 a3 a4 a5; do
	run_cmd agent capacity $a 8
done
check_eq "capacity: says so" "a5: at most 8 open complaints by auto-assignment" "$OUT"
run_cmd agent skills a1 --channels email,chat --languages TR,en-GB
check_eq "skills: exit 0" 0 "$RC"
run_cmd assign-rule list
check_contains "list: the channel's rule" "email        least-loaded  -" "$OUT"
check_contains "list: another channel is off" "chat         off           -" "$OUT"
check_contains "list: an agent's load, capacity and skills (languages lower case)" \
	"a1               agent      yes    0/8       chat,email           en-gb,tr" "$OUT"
check_contains "list: an agent not seen lately is offline" \
	"off              agent      no     0/8       -                    -" "$OUT"
check_eq "each change audited in the supervisor's name" 9 \
	"$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE login='$me'
		AND action IN ('assign-rule', 'agent-capacity', 'agent-skills')")"

# ---- fifty arrivals at once ----
# A process that waits for the write lock longer than its limit exits 75
# having written nothing, and the mail server runs it again: so here, up
# to ten times (a loaded machine, or the sanitizers' build, is slow).
i=1
while [ $i -le 50 ]; do
	(
		n=0
		while [ $n -lt 10 ]; do
			printf '{"channel": "email", "from": "musteri%d@example.com", "subject": "Kargo %d", "text": "Siparişim gelmedi."}\n' $i $i |
				"$TEMAS" ingest --json > "$T_TMP/in.$i" 2> "$T_TMP/err.$i"
			rc=$?
			[ $rc -eq 75 ] || break
			n=$((n + 1))
		done
		echo $rc > "$T_TMP/rc.$i"
	) &
	i=$((i + 1))
done
wait
check_eq "every process filed its message" 50 "$(cat "$T_TMP"/in.* | grep -c '^[0-9][0-9]*$')"
check_eq "and exited 0" 50 "$(cat "$T_TMP"/rc.* | grep -c '^0$')"
check_eq "fifty complaints, none filed twice" 50 "$(sqlite3 "$db" "SELECT count(*) FROM complaints")"
check_eq "every process said what became of it" 50 \
	"$(cat "$T_TMP"/err.* | grep -c -e '^temas: ingest: complaint [0-9]* assigned to a[1-5] (least-loaded)$' \
		-e '^temas: ingest: complaint [0-9]* left unassigned: no agent is online and below capacity$')"
check_eq "no complaint assigned twice (audit)" "40 40" \
	"$(sqlite3 "$db" "SELECT count(*), count(DISTINCT complaint_id) FROM audit
		WHERE action='auto-assign' AND detail LIKE 'auto-assigned%'" | tr '|' ' ')"
check_eq "no agent over capacity: five agents at eight" "a1 8,a2 8,a3 8,a4 8,a5 8" \
	"$(sqlite3 "$db" "SELECT group_concat(login || ' ' || n) FROM (SELECT a.login, count(*) AS n
		FROM complaints c JOIN agents a ON a.id=c.assignee_id WHERE c.is_open
		GROUP BY a.login ORDER BY a.login)")"
check_eq "the rest wait unassigned, said so in the audit" "10 10" \
	"$(sqlite3 "$db" "SELECT (SELECT count(*) FROM complaints WHERE assignee_id IS NULL),
		(SELECT count(*) FROM audit WHERE action='auto-assign' AND detail LIKE 'left unassigned%')" | tr '|' ' ')"
check_eq "the audit and the complaints agree" 0 \
	"$(sqlite3 "$db" "SELECT count(*) FROM audit u JOIN complaints c ON c.id=u.complaint_id
		JOIN agents a ON a.id=c.assignee_id WHERE u.action='auto-assign'
		AND u.detail <> 'auto-assigned to ' || a.login || ' by rule email least-loaded'")"
run_cmd assign-rule list
check_contains "list: the loads" "a3               agent      yes    8/8" "$OUT"

# ---- by hand ----
taken=$(sqlite3 "$db" "SELECT min(id) FROM complaints WHERE assignee_id IS NOT NULL")
free=$(sqlite3 "$db" "SELECT min(id) FROM complaints WHERE assignee_id IS NULL")
run_cmd claim "$taken" --as off
check_eq "an auto-assigned complaint cannot be claimed by another: exit 4" 4 "$RC"
run_cmd claim "$free" --as off
check_eq "a waiting one is claimed by hand" 0 "$RC"

# ---- round-robin, skills, off ----
run_cmd assign-rule set chat round-robin --skill channel,language
check_eq "set with skills" "chat: new complaints are assigned round-robin" "$OUT"
run_cmd agent capacity a1 none
check_eq "capacity none: says so" "a1: no limit of open complaints" "$OUT"
printf '{"channel": "chat", "from": "john@example.com", "name": "John Smith", "subject": "Hi", "text": "Where is it?"}\n' > "$T_TMP/chat.json"
seed_sql "$db" "INSERT INTO customers(first_name, last_name, email, lang, created_at)
	VALUES('John', 'Smith', 'john@example.com', 'en-GB', 1)"
run_cmd ingest --json < "$T_TMP/chat.json"
check_contains "the one agent with the channel and language" "assigned to a1 (round-robin)" "$ERR"
printf '{"channel": "chat", "from": "ipek@example.com", "subject": "Merhaba", "text": "Nerede?"}\n' > "$T_TMP/chat2.json"
run_cmd ingest --json < "$T_TMP/chat2.json"
check_contains "a Turkish customer on chat: a1 speaks tr" "assigned to a1" "$ERR"
run_cmd assign-rule set chat off
check_eq "off: says so" "chat: auto-assignment off" "$OUT"
printf '{"channel": "chat", "from": "other@example.com", "subject": "x", "text": "y"}\n' > "$T_TMP/chat3.json"
run_cmd ingest --json < "$T_TMP/chat3.json"
check_eq "no rule: only the number, as before" "" "$ERR"

# ---- import says what the rule did ----
cat > "$T_TMP/c.csv" <<'EOF'
ext_id,customer_ext_id,channel,subject,opened_at
K-1,C9,email,Fatura,2026-12-01T10:00:00Z
K-2,C9,email,Fatura,2026-12-01T10:00:00Z
EOF
seed_sql "$db" "INSERT INTO customers(ext_id, first_name, last_name, created_at) VALUES('C9', 'Can', 'Er', 1);
	UPDATE agents SET capacity=9 WHERE login='a2'; UPDATE agents SET capacity=8 WHERE login='a1'"
run_cmd import complaints "$T_TMP/c.csv"
check_contains "import: counts what the rule did" \
	"c.csv: new open complaints auto-assigned 1, left unassigned (no agent online below capacity) 1" "$OUT"

finish
