#!/bin/sh
# cli_agent_remove.sh: `agent remove` takes an agent off the team: what
# they held goes back to the queue in the same transaction, they leave
# every complaint's presence, and nothing more is done in their name, not
# even from a console they still have open.  A gateway account is taken
# off the same way; the last supervisor stays.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

me=$(id -un)
db="$T_TMP/r.db"
ui_db "$db"
seed_sql "$db" "UPDATE agents SET role = 'supervisor' WHERE login = '$me';
	INSERT OR IGNORE INTO agents(login, name, role, created_at)
		VALUES('mudur', 'Selin Aksoy', 'supervisor', 0), ('ayse', 'Ayşe', 'agent', 0),
			('can', 'Can', 'agent', 0);
	UPDATE agents SET active = 1, role = 'agent' WHERE login IN ('ayse', 'can');
	UPDATE agents SET active = 1, role = 'supervisor' WHERE login = 'mudur';
	UPDATE complaints SET assignee_id = NULL WHERE assignee_id =
		(SELECT id FROM agents WHERE login = 'ayse')"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
set -- $(q "SELECT id FROM complaints WHERE is_open AND assignee_id IS NULL ORDER BY id LIMIT 4")
c1=$1 c2=$2 c3=$3 c4=$4
ayse=$(q "SELECT id FROM agents WHERE login = 'ayse'")

run_cmd -d "$db" claim "$c1" "$c2" --as ayse
check_eq "ayse claims two" 0 "$RC"
seed_sql "$db" "INSERT INTO presence(agent_id, complaint_id, activity, pid, heartbeat_at)
	VALUES($ayse, $c3, 'typing', 1, strftime('%s', 'now'))"
# A resolved complaint of hers stays hers: it is history, not work.
q "UPDATE complaints SET assignee_id = $ayse, status = 'resolved',
	resolved_at = opened_at + 60 WHERE id = $c4"

run_cmd -d "$db" agent remove ayse
check_eq "remove: done" 0 "$RC"
check_eq "remove: says what came back" \
	"agent ayse removed; 2 complaints they held are back in the queue" "$OUT"
check_eq "remove: both back in the queue" "|" \
	"$(q "SELECT group_concat(coalesce(assignee_id, ''), '|') FROM complaints WHERE id IN ($c1, $c2)")"
check_eq "remove: the resolved one stays hers" "$ayse" \
	"$(q "SELECT assignee_id FROM complaints WHERE id = $c4")"
check_eq "remove: each release audited, in the supervisor's name" \
	"$me|$c1|ayse $me|$c2|ayse" \
	"$(q "SELECT group_concat(login || '|' || complaint_id || '|' || detail, ' ') FROM
		(SELECT * FROM audit WHERE action = 'release' AND detail = 'ayse' ORDER BY complaint_id)")"
check_eq "remove: audited" "$me|ayse" \
	"$(q "SELECT login || '|' || detail FROM audit WHERE action = 'agent-remove'")"
check_eq "remove: inactive" 0 "$(q "SELECT active FROM agents WHERE login = 'ayse'")"
check_eq "remove: out of every presence" 0 \
	"$(q "SELECT count(*) FROM presence WHERE agent_id = $ayse")"
run_cmd -d "$db" agent list
check_match "list: shown inactive" '^ayse +agent +Ayşe Yılmaz \(inactive\)$' "$OUT"

run_cmd -d "$db" claim "$c1" --as ayse
check_eq "a removed agent cannot be acted for" 3 "$RC"
check_contains "... and is named" "no active agent 'ayse'" "$ERR"
run_cmd -d "$db" agent remove ayse
check_eq "removing again: not found" 3 "$RC"
check_contains "... says so" "no active agent or gateway account 'ayse'" "$ERR"
run_cmd -d "$db" agent remove 'no body'
check_eq "not a login: usage" 2 "$RC"
run_cmd -d "$db" agent remove
check_eq "no login: usage" 2 "$RC"
run_cmd -d "$db" claim "$c1" --as can
check_eq "what she held can be claimed by another" 0 "$RC"

# An import may name her in history, not as the holder of open work.
seed_sql "$db" "UPDATE customers SET ext_id = 'CRM-1' WHERE id = 900001"
printf 'ext_id,customer_ext_id,channel,subject,status,assignee_login,opened_at,resolution\nK-1,CRM-1,phone,Eski,open,ayse,2023-05-01T10:00:00Z,\n' \
	> "$T_TMP/open.csv"
run_cmd -d "$db" import complaints "$T_TMP/open.csv"
check_eq "import: an open complaint held by her: refused" 1 "$RC"
check_contains "... by line and field" \
	"open.csv:2: field 'assignee_login': 'ayse' is no longer an agent: an open complaint is held by someone on the team or by nobody" "$ERR"
sed 's/,open,ayse,\(.*\),$/,closed,ayse,\1,Çözüldü/' "$T_TMP/open.csv" > "$T_TMP/closed.csv"
run_cmd -d "$db" import complaints "$T_TMP/closed.csv"
check_eq "import: a closed one of hers is history: imported" 0 "$RC"
check_eq "... held by her" "$ayse" "$(q "SELECT assignee_id FROM complaints WHERE ext_id = 'K-1'")"
# ... and her messages up to when she left, none after.
sleep 1
after=$(date -u +%Y-%m-%dT%H:%M:%SZ)
printf 'ext_id,customer_ext_id,channel,direction,agent_login,at,body\nM-1,CRM-1,phone,out,ayse,2023-05-01T10:00:00Z,Aradım.\n' > "$T_TMP/old.csv"
run_cmd -d "$db" import interactions "$T_TMP/old.csv"
check_eq "import: her message from before she left: imported" 0 "$RC"
printf 'ext_id,customer_ext_id,channel,direction,agent_login,at,body\nM-2,CRM-1,phone,out,ayse,%s,Yine ben.\n' "$after" > "$T_TMP/new.csv"
run_cmd -d "$db" import interactions "$T_TMP/new.csv"
check_eq "import: a message in her name after she left: refused" 1 "$RC"
check_contains "... by line and field" \
	"new.csv:2: field 'agent_login': 'ayse' left the team before this message's time" "$ERR"

# ---- she comes back with add, holding nothing ----
run_cmd -d "$db" agent add ayse --name "Ayşe Kaya"
check_eq "add brings her back" 0 "$RC"
check_eq "back, holding nothing open" 0 \
	"$(q "SELECT count(*) FROM complaints WHERE assignee_id = $ayse AND is_open")"
run_cmd -d "$db" claim "$c2" --as ayse
check_eq "back: she can claim again" 0 "$RC"

# Brought back without --name, an agent keeps the name they had.
run_cmd -d "$db" agent remove can
run_cmd -d "$db" agent add can
check_eq "back without --name: the name kept" "Can|1" \
	"$(q "SELECT name || '|' || active FROM agents WHERE login = 'can'")"

# ---- gateway accounts ----
run_cmd -d "$db" agent add mailgw --gateway
check_eq "gateway added" 0 "$RC"
run_cmd -d "$db" agent remove mailgw
check_eq "gateway removed" 0 "$RC"
check_eq "gateway: says so" "gateway account mailgw removed" "$OUT"
check_eq "gateway: gone" 0 "$(q "SELECT count(*) FROM gateways WHERE login = 'mailgw'")"
check_eq "gateway: audited" "$me|mailgw" \
	"$(q "SELECT login || '|' || detail FROM audit WHERE action = 'gateway-remove'")"

# ---- supervisors ----
run_cmd -d "$db" agent remove mudur
check_eq "another supervisor removed" 0 "$RC"
check_eq "... saying none came back" \
	"agent mudur removed; 0 complaints they held are back in the queue" "$OUT"
run_cmd -d "$db" agent remove "$me"
check_eq "the last supervisor: refused" 5 "$RC"
check_contains "... says why" "last active supervisor" "$ERR"
check_eq "... and stays" 1 "$(q "SELECT active FROM agents WHERE login = '$me'")"
q "UPDATE agents SET role = 'agent' WHERE login = '$me';
	UPDATE agents SET active = 1 WHERE login = 'mudur'"
run_cmd -d "$db" agent remove can
check_eq "an agent cannot remove agents" 5 "$RC"
check_eq "... and can stays" 1 "$(q "SELECT active FROM agents WHERE login = 'can'")"

# ---- a console left open acts no more ----
q "UPDATE agents SET role = 'supervisor' WHERE login = '$me';
	UPDATE complaints SET assignee_id = NULL WHERE is_open"
ui_start 100 30 "$db"
run_cmd -d "$db" agent remove "$me"
check_eq "a supervisor takes themselves off" 0 "$RC"
tui_keys c
check "the console's claim is refused" tui_wait "no longer an agent of this team"
check_contains "... saying how to come back" \
	"$me is no longer an agent of this team; a supervisor can add them back with 'temas agent add $me'" \
	"$(tui_message)"
check_eq "... and nothing is held" 0 \
	"$(q "SELECT count(*) FROM complaints WHERE assignee_id IS NOT NULL AND is_open")"
check_eq "... nor audited in the removed name" 0 \
	"$(q "SELECT count(*) FROM audit WHERE login = '$me' AND action = 'claim'")"
tui_stop
finish
