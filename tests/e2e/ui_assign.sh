#!/bin/sh
# ui_assign.sh: a running console makes its agent online for
# auto-assignment; a complaint that arrives meanwhile on a channel with a
# rule shows up in that agent's queue, assigned, without a key; the
# supervisor view shows the agent's load against their capacity; when the
# console quits, its agent is no longer online.  At 80x24, in English and
# in Turkish.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux not installed"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/ui.db"
me=$(id -un)
ui_db "$db"
seed_sql "$db" "UPDATE agents SET role='supervisor', capacity=8 WHERE login='$me';
	INSERT INTO assign_rules(channel, mode, updated_at, updated_by)
	VALUES('email', 'round-robin', 0, '$me')"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
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
# A supervisor sets a channel's rule from the console, as assign-rule set.
tui_type ":assign-rule email le"
tui_keys Tab
check "Tab completes the mode" tui_wait ":assign-rule email least-loaded"
tui_type " language"
tui_keys Enter
check ":assign-rule: said on the status line" tui_wait \
	"email: new complaints are assigned to the least loaded agent"
check_eq ":assign-rule: the rule stored, with its skill" "least-loaded|0|1|$me" \
	"$(q "SELECT mode, skill_channel, skill_lang, updated_by FROM assign_rules WHERE channel='email'")"
check_eq ":assign-rule: audited" 1 \
	"$(q "SELECT count(*) FROM audit WHERE action LIKE 'assign-rule%'")"
tui_type ":assign-rule email sometimes"
tui_keys Enter
check ":assign-rule: a bad mode is named" tui_wait "'sometimes' is not a mode"
tui_type ":assign-rule faks off"
tui_keys Enter
check ":assign-rule: an unknown channel is named" tui_wait "faks"
check_eq ":assign-rule: bad input changed nothing" "email|least-loaded" \
	"$(q "SELECT channel, mode FROM assign_rules")"
tui_type ":assign-rule email off"
tui_keys Enter
check ":assign-rule off: said" tui_wait "email: auto-assignment off"
check_eq ":assign-rule off: the rule is gone" 0 "$(q "SELECT count(*) FROM assign_rules")"
seed_sql "$db" "INSERT INTO assign_rules(channel, mode, updated_at, updated_by)
	VALUES('email', 'round-robin', 0, '$me')"
tui_keys q q
check "the console quit: its heartbeat is withdrawn" until_q \
	"SELECT count(*) FROM agent_seen" 0
tui_stop

# The same in Turkish: the second arrival is said to be assigned in
# Turkish, shows up in the queue, and the supervisor view's load column.
if locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' && command -v msgfmt >/dev/null 2>&1; then
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
	LC_ALL=tr_TR.UTF-8 TUI_ENV="TEMAS_NOW=$UI_NOW TEMAS_LOCALEDIR=$T_TMP/locale" \
		tui_start 80 24 -d "$db"
	check "Turkish: the running console says its agent is online" until_q \
		"SELECT count(*) FROM agent_seen s JOIN agents a ON a.id=s.agent_id WHERE a.login='$me'" 1
	tui_type ":filter mine"
	tui_keys Enter
	check "Turkish: my queue holds the first arrival" tui_wait "benim 1"
	printf '{"channel": "email", "from": "ikinci@example.com", "name": "Ece Kaya", "subject": "Kargo hasarlı geldi", "text": "Merhaba"}\n' |
		TEMAS_DB="$db" TEMAS_NOW=$UI_NOW LC_ALL=tr_TR.UTF-8 TEMAS_LOCALEDIR="$T_TMP/locale" \
		"$TEMAS" ingest --json > "$T_TMP/in" 2> "$T_TMP/err"
	check_contains "Turkish: the arrival is said assigned to me" "$me" "$(cat "$T_TMP/err")"
	check_not_contains "Turkish: said in Turkish" "assigned to" "$(cat "$T_TMP/err")"
	check "Turkish: it shows up in my queue without a key" tui_wait "Kargo hasarlı" 5
	check "Turkish: the count line" tui_wait "benim 2"
	tui_keys S
	check "Turkish: the supervisor view's load column" tui_wait "yük"
	check_contains "Turkish: my load against my capacity, online" "2/8" \
		"$(tui_screen | grep "^ *>\? *$me ")"
	check_contains "Turkish: my row says online" "evet" "$(tui_screen | grep "^ *>\? *$me ")"
	check_eq "Turkish: 24 lines" 24 "$(tui_screen | wc -l)"
	tui_keys q q
	tui_stop
else
	skip "the console in Turkish" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi
finish
