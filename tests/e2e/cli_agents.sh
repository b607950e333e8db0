#!/bin/sh
# cli_agents.sh: `agent add` adds and never rewrites an agent that is
# there; `agent set` is the one way to rename an agent or change its role;
# no path leaves the team without an active supervisor.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

me=$(id -un)
db="$T_TMP/a.db"
row() { sqlite3 "$db" "SELECT role || '|' || name || '|' || active FROM agents WHERE login='$1'"; }
audit_count() { sqlite3 "$db" "SELECT count(*) FROM audit WHERE action='$1'"; }

"$TEMAS" -d "$db" agent add "$me" --supervisor --name "Selin Aksoy" >/dev/null ||
	{ echo "Bail out! agent add $me"; exit 1; }

# ---- adding a login that is an agent changes nothing ----
run_cmd -d "$db" agent add "$me"
check_eq "re-adding the only supervisor: conflict" 4 "$RC"
check_contains "re-adding: says it is there and how to change it" \
	"$me is already an agent (supervisor, Selin Aksoy); 'temas agent set'" "$ERR"
check_eq "re-adding: role and name kept" "supervisor|Selin Aksoy|1" "$(row "$me")"
check_eq "re-adding: no audit row" 1 "$(audit_count agent-add)"
run_cmd -d "$db" agent add "$me" --supervisor
check_eq "re-adding as a supervisor: conflict too" 4 "$RC"
run_cmd -d "$db" agent add ayse --name "Ayşe"
check_eq "a new agent: added" 0 "$RC"
run_cmd -d "$db" agent add ayse --supervisor
check_eq "re-adding an agent as a supervisor: conflict" 4 "$RC"
check_eq "re-adding an agent: role and name kept" "agent|Ayşe|1" "$(row ayse)"

# ---- an inactive agent comes back with add ----
sqlite3 "$db" "UPDATE agents SET active=0 WHERE login='ayse'"
run_cmd -d "$db" agent add ayse --name "Ayşe Kaya"
check_eq "an inactive agent: added back" 0 "$RC"
check_eq "added back with the new name" "agent|Ayşe Kaya|1" "$(row ayse)"

# ---- agent set ----
run_cmd -d "$db" agent set "$me" --agent
check_eq "demoting the last supervisor: refused" 5 "$RC"
check_contains "demoting the last supervisor: says why" "last active supervisor" "$ERR"
check_eq "the last supervisor stays one" "supervisor|Selin Aksoy|1" "$(row "$me")"
run_cmd -d "$db" agent set ayse --agent --supervisor
check_eq "set: --agent and --supervisor: usage error" 2 "$RC"
run_cmd -d "$db" agent set ayse
check_eq "set: nothing to change: usage error" 2 "$RC"
run_cmd -d "$db" agent set nobody-here --name X
check_eq "set: an unknown login: not found" 3 "$RC"
run_cmd -d "$db" agent set ayse --supervisor --name "Ayşe K."
check_eq "set: promote and rename" 0 "$RC"
check_eq "set: says what it made" "agent ayse is now a supervisor: Ayşe K." "$OUT"
check_eq "set: the row" "supervisor|Ayşe K.|1" "$(row ayse)"
check_eq "set: audited" "$me|ayse role=supervisor name=Ayşe K." \
	"$(sqlite3 "$db" "SELECT login || '|' || detail FROM audit WHERE action='agent-set'")"
run_cmd -d "$db" agent set "$me" --agent
check_eq "set: demote with another supervisor left" 0 "$RC"
check_eq "set: demoted, name kept" "agent|Selin Aksoy|1" "$(row "$me")"
run_cmd -d "$db" agent set ayse --name "Ayşe"
check_eq "set: an agent may not change agents" 5 "$RC"
check_eq "set by an agent: nothing changed" "supervisor|Ayşe K.|1" "$(row ayse)"
run_cmd -d "$db" agent add "$me" --supervisor
check_eq "an agent cannot re-add itself as a supervisor" 5 "$RC"

# ---- a fresh database cannot be locked out ----
db="$T_TMP/fresh.db"
"$TEMAS" -d "$db" init >/dev/null 2>&1 || { echo "Bail out! init"; exit 1; }
run_cmd -d "$db" agent add "$me"
check_eq "fresh: re-adding the supervisor init made: conflict" 4 "$RC"
check_eq "fresh: still a supervisor" supervisor \
	"$(sqlite3 "$db" "SELECT role FROM agents WHERE login='$me'")"
run_cmd -d "$db" agent add ayse
check_eq "fresh: the supervisor still adds agents" 0 "$RC"
# ---- gateway accounts: added once, and never over an agent ----
db="$T_TMP/g.db"
"$TEMAS" -d "$db" agent add "$me" --supervisor >/dev/null || echo "Bail out! agent add"
"$TEMAS" -d "$db" agent add ayse >/dev/null || echo "Bail out! agent add ayse"
run_cmd -d "$db" agent add posta --gateway
check_eq "a gateway account: added" "0|agent posta added (gateway)" "$RC|$OUT"
run_cmd -d "$db" agent add posta --gateway
check_eq "the same gateway again: conflict, nothing said on stdout" "4|" "$RC|$OUT"
check_eq "the same gateway again: said so" "temas: posta is already a gateway account" "$ERR"
run_cmd -d "$db" agent add ayse --gateway
check_eq "an agent as a gateway: conflict" 4 "$RC"
check_contains "an agent as a gateway: said why" "ayse is already an agent" "$ERR"
check_eq "one gateway row, one audit row" "1|1" \
	"$(sqlite3 "$db" "SELECT count(*) FROM gateways")|$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'gateway-add'")"
finish
