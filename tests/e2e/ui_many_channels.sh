#!/bin/sh
# ui_many_channels.sh: a company with three hundred channels in the
# console: :filter channel= takes the last of them (the channels were read
# 32 at a time, and one was then looked for among the first 256 words, the
# rest called unknown), and Tab completes it.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux not installed"; exit 0; }

db="$T_TMP/ui.db"
ui_db "$db"
sqlite3 "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 291)
INSERT INTO channels(code, name, sort) SELECT printf('k%03d', i), 'Kanal ' || i, 100 + i FROM n"
check_eq "the database has 300 channels" 300 "$(sqlite3 "$db" "SELECT count(*) FROM channels")"
sel=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open ORDER BY due_at, id LIMIT 1")
sqlite3 "$db" "UPDATE complaints SET channel = 'k291' WHERE id = $sel"
ui_start 80 24 "$db"

tui_keys :
tui_type "filter channel=k29"
tui_keys Tab
check "Tab lists the 300th channel" tui_wait "channel=k291"
tui_keys C-u
tui_type "filter channel=k291"
tui_keys Enter
check ":filter takes the 300th channel" tui_wait "Queue: all, k291 (1)"
check_not_contains "... and does not call it unknown" "unknown channel" "$(tui_screen)"
tui_keys :
tui_type "filter channel=k292"
tui_keys Enter
check "an unknown channel is still refused by name" tui_wait "unknown channel 'k292'"
check_contains "... the channels listed" "channels: phone, email" "$(tui_screen)"
tui_stop
finish
