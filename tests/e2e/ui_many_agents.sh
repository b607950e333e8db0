#!/bin/sh
# ui_many_agents.sh: a team of three hundred agents in the console: :assign
# takes the last of them (it was checked against the first 256), and Tab
# completes any login, the candidates being those the typed letters begin
# (the room for them was taken by the first 64 agents).
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux not installed"; exit 0; }

db="$T_TMP/ui.db"
ui_db "$db"
me=$(id -un)
sqlite3 "$db" "UPDATE agents SET role = 'supervisor' WHERE login = '$me';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
INSERT INTO agents(login, name, created_at) SELECT printf('z%03d', i), 'Temsilci ' || i, 1 FROM n"
ui_start 80 24 "$db"
sel=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open ORDER BY due_at, id LIMIT 1")

tui_keys :
tui_type "assign z29"
tui_keys Tab
check "Tab lists the logins the letters begin" tui_wait "z290  z291"
check_contains "... up to the last of them" "z299" "$(tui_screen)"
tui_keys C-u
tui_type "assign z30"
tui_keys Tab
check "Tab completes the 300th login" tui_wait ":assign z300"
tui_keys Enter
check ":assign takes the 300th agent" tui_wait "assigned to z300"
check_eq "... in the database" z300 \
	"$(sqlite3 "$db" "SELECT a.login FROM complaints c JOIN agents a ON a.id = c.assignee_id WHERE c.id = $sel")"
tui_keys :
tui_type "assign z301"
tui_keys Enter
check "an unknown login is still refused by name" tui_wait "unknown agent 'z301'"
tui_stop
finish
