#!/bin/sh
# ui_assign.sh: a running console makes its agent online for
# auto-assignment; a complaint that arrives meanwhile on a channel with a
# rule shows up in that agent's queue, assigned, without a key; the
# supervisor view shows the agent's load against their capacity; when the
# console quits, its agent is no longer online.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux not installed"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/ui.db"
me=$(id -un)
ui_db "$db"
seed_sql "$db" "UPDATE agents SET role='supervisor', capacity=8 WHERE login='$me';
	INSERT INTO assign_rules(channel, mode, updated_at, updated_by)
	VALUES('email', 'round-robin', 0, '$me')"
q() { sqlite3 "$db" "$1"; }
# until SQL VALUE: wait (rounds, not a speed limit) for a query's answer.
until_q() {
	_r=0
	while [ $_r -lt 100 ]; do
		[ "$(q "$1")" = "$2" ] && return 0
		sleep 0.1; _r=$((_r + 1))
	done
	return 1
}

ui_start 80 24 "$db"
check "the running console says its agent is online" until_q \
	"SELECT count(*) FROM agent_seen s JOIN agents a ON a.id=s.agent_id WHERE a.login='$me'" 1
tui_type ":filter mine"
tui_keys Enter
check "my queue is empty" tui_wait "mine 0"

printf '{"channel": "email", "from": "yeni@example.com", "name": "Nur Yılmaz", "subject": "Fatura iki kez kesildi", "text": "Merhaba"}\n' |
	TEMAS_DB="$db" TEMAS_NOW=$UI_NOW "$TEMAS" ingest --json > "$T_TMP/in" 2> "$T_TMP/err"
check_eq "the arrival went to the online agent" "temas: ingest: complaint $(cat "$T_TMP/in") assigned to $me (round-robin)" \
	"$(cat "$T_TMP/err")"
check "it shows up in my queue without a key" tui_wait "Fatura iki kez" 5
row=$(tui_screen | grep "Fatura iki kez")
check_contains "assigned to me on its row" "$me" "$row"
check_contains "the count line" "mine 1" "$(tui_screen)"

tui_keys S
check "supervisor view" tui_wait "load"
check_contains "my load against my capacity" "1/8" "$(tui_screen | grep "^ *>\? *$me ")"
check_contains "my row says online" "yes" "$(tui_screen | grep "^ *>\? *$me ")"
tui_keys q q
check "the console quit: its heartbeat is withdrawn" until_q \
	"SELECT count(*) FROM agent_seen" 0
tui_stop
finish
