#!/bin/sh
# ui_super.sh: the supervisor view at 80x24: refused to an agent, its
# sections on screen for a supervisor, and a complaint reassigned from one
# agent's queue to another, audited.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
me=$(id -un)
ui_db "$db"
# Two agents whose logins sort before any other, so their rows come first.
sqlite3 "$db" "
INSERT INTO agents(id, login, name, role, created_at) VALUES
	(900101, '0e2e-from', 'From Agent', 'agent', 0),
	(900102, '0e2e-to', 'To Agent', 'agent', 0);
UPDATE complaints SET assignee_id = 900101 WHERE id = 900002;
UPDATE agents SET role = 'agent' WHERE login = '$me';" || exit 1

ui_start 80 24 "$db"
tui_keys S
check "an agent is refused the supervisor view" \
	tui_wait "Supervisors only (you are $me, an agent)"
check_not_contains "the queue stays" "Supervisor - last" "$(tui_screen)"
tui_type ":supervisor"
tui_keys Enter
sleep 0.5
check "the :supervisor command is refused to an agent too" \
	tui_wait "Supervisors only (you are $me, an agent)"
check_not_contains "still the queue" "Supervisor - last" "$(tui_screen)"
tui_stop

sqlite3 -cmd ".timeout 5000" "$db" \
	"UPDATE agents SET role = 'supervisor' WHERE login = '$me'" || exit 1
ui_start 80 24 "$db"
tui_type ":supervisor"
tui_keys Enter
check ":supervisor opens the supervisor view" tui_wait "Supervisor - last 30 days"
tui_stop

sqlite3 -cmd ".timeout 5000" "$db" \
	"UPDATE agents SET role = 'supervisor' WHERE login = '$me'" || exit 1
ui_start 80 24 "$db"
tui_keys S
check "S opens the supervisor view" tui_wait "Supervisor - last 30 days"
# The title can be drawn before the rows: wait for the whole first frame.
tui_wait "(unassigned)" >/dev/null
screen=$(tui_screen)
check_contains "section tabs fit at 80 columns" "Categories" "$(tui_line 1)"
check_contains "first agent's row" "0e2e-from" "$(tui_line 5)"
check_contains "unassigned pile listed" "(unassigned)" "$screen"

tui_keys Tab Tab Tab
check "Tab walks to NPS and CSAT" tui_wait "NPS by week"
tui_keys Tab
check "churn and customer value" tui_wait "Churn "
tui_keys Tab
check "compliance section" tui_wait "Replies sent after the order history"
tui_keys Tab
check "categories section" tui_wait "this period against the one before"
tui_keys Tab
check "mail section: failed deliveries and held e-mail" tui_wait "failed deliveries;"
tui_keys Tab
check "SLA rules section: calendars and escalation rules" \
	tui_wait "escalation rules (temas calendar, temas escalation)"
tui_keys Tab
check "back round to the queues" tui_wait "the agent's queue, to reassign from"

tui_keys Enter
check "Enter opens the agent's queue" tui_wait "queue of 0e2e-from"
check_contains "the agent's complaint is listed" "900002" "$(tui_screen)"
tui_keys x
check "x marks it" tui_wait "1 marked"
tui_keys a
check "a asks for the new agent" tui_wait "Reassign 1 complaints to"
check_contains "the other agent is offered first" "0e2e-to" "$(tui_line 5)"
# The list waits for a choice and takes every key: typed text narrows
# it (p is a letter here, not the period list behind it), Enter with no
# agent left moves nothing, Backspace widens it again.
tui_type "pzx"
check "typed text narrows the list" tui_wait "Reassign 1 complaints to: pzx_"
check_not_contains "p does not open the period list" "period of the figures" "$(tui_screen)"
check_not_contains "no agent is left" "0e2e-to" "$(tui_screen)"
tui_keys Enter
sleep 0.5
check_contains "Enter with no agent left stays in the list" "to: pzx_" "$(tui_screen)"
check_eq "... and moves nothing" 900101 \
	"$(sqlite3 "$db" "SELECT assignee_id FROM complaints WHERE id = 900002")"
tui_keys BSpace BSpace BSpace
tui_type "E2E-T"
check "the login typed, in any case" tui_wait "to: E2E-T_"
check_contains "... its agent offered first" "0e2e-to" "$(tui_line 5)"
check_eq "... alone" 1 "$(tui_screen | grep -c ' open$')"
tui_keys Enter
check "the reassignment is confirmed" tui_wait "Reassigned 1 complaints to 0e2e-to"
check_eq "the complaint moved" 900102 \
	"$(sqlite3 "$db" "SELECT assignee_id FROM complaints WHERE id = 900002")"
check_eq "the move is audited" "$me|0e2e-from -> 0e2e-to" \
	"$(sqlite3 "$db" "SELECT login, detail FROM audit WHERE action = 'assign'
		AND complaint_id = 900002")"
# The same command typed: the marked ones, and there are none left.
tui_keys :
tui_type "assign 0e2e-to"
tui_keys Enter
check ":assign in the view reassigns the marked ones: none now" \
	tui_wait "no complaint is marked (x marks one)"
tui_keys q q
check "q goes back to the queue" tui_wait "Queue:"
tui_stop

# Without a UTF-8 locale the weekly trend is drawn in plain ASCII.
TUI_ENV="LC_ALL=C" ui_start 80 24 "$db"
tui_keys S Tab Tab Tab
if tui_wait "NPS by week"; then
	line=$(tui_screen | grep "NPS by week")
	check_eq "ASCII trend in the C locale" "" \
		"$(printf '%s' "$line" | LC_ALL=C tr -d '\040-\176')"
else
	not_ok "ASCII trend in the C locale" "$(tui_screen)"
fi
tui_stop

# More breaches than the list holds: the rest are counted below it, with
# where to see them all.
sqlite3 "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
 INSERT INTO complaints(customer_id, channel, subject, opened_at, first_response_due,
  resolution_due)
 SELECT (SELECT customer_id FROM complaints WHERE id = 900002), 'email', 'Gecikme ' || i,
  $UI_NOW - 90 * 86400, $UI_NOW - 80 * 86400 + i, $UI_NOW - 70 * 86400 FROM n"
total=$(sqlite3 "$db" "SELECT count(*) FROM complaints WHERE is_open AND due_at < $UI_NOW")
ui_start 80 24 "$db"
tui_keys S Tab Tab
check "breaches: the total" tui_wait "$total open complaints past due"
i=0
while [ $i -lt 11 ]; do tui_keys j j j j j j j j j j; i=$((i + 1)); done
check "breaches: the rest counted below the list" \
	tui_wait "$((total - 100)) more past due: the queue's filter 'breached' shows them all"
tui_stop
finish
