#!/bin/sh
# ui_config.sh: the configuration's key bindings and date format reach the
# console: a bound key acts, a key bound to none does nothing, the help
# screen lists the keys in effect, dates follow date_format on screen and
# in `temas show`; compose still takes bound keys as text; a key bound
# to a command line with arguments runs it; a binding naming an unknown
# key or command stops temas with its file and line, and the manual
# documents every command.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
conf="$XDG_CONFIG_HOME/temas/config"
mkdir -p "$XDG_CONFIG_HOME/temas"
ui_db "$db"

printf '# keys\nbind J down\nbind j none\nbind F5 filter unassigned\ndate_format = %%d/%%m/%%Y\n' > "$conf"
ui_start 80 24 "$db"

today=$(date -d "@$UI_NOW" +%d/%m/%Y)
check_contains "title bar clock in date_format" "$today" "$(tui_line 0)"
first=$(sqlite3 "$db" "SELECT customer_id FROM complaints WHERE is_open
	ORDER BY due_at, id LIMIT 1")
placed=$(sqlite3 "$db" "SELECT strftime('%d/%m/%Y', placed_at, 'unixepoch', 'localtime')
	FROM orders WHERE customer_id = $first ORDER BY placed_at DESC, id DESC LIMIT 1")
number=$(sqlite3 "$db" "SELECT number FROM orders WHERE customer_id = $first
	ORDER BY placed_at DESC, id DESC LIMIT 1")
tui_wait "$number" >/dev/null
check_contains "order date in date_format" "$placed $number" "$(tui_screen)"
check_not_contains "no date in the built-in format" \
	"$(date -d "@$UI_NOW" +%Y-%m-%d)" "$(tui_screen)"

second=$(sqlite3 "$db" "SELECT first_name FROM customers WHERE id =
	(SELECT customer_id FROM complaints WHERE is_open
	 ORDER BY due_at, id LIMIT 1 OFFSET 1)")
# j is unbound and J moves down: after both, the second row is selected.
# The help screen opened after them shows once both have been handled.
tui_keys j J '?'
check "help opens" tui_wait "Keys and commands (q or ? to close)"
down=$(tui_screen | grep 'move down')
check_contains "help lists J under move down" "  Down, J " "$down"
check_not_contains "help no longer lists j" "j," "$down"
tui_keys q
check "help closes" tui_wait_gone "Keys and commands (q or ? to close)"
check_eq "J moved the selection one row" "0,4" "$(tui_cursor_at 0,4)"
check "J opened the next customer" tui_wait "$second"
# F5 runs the command line it is bound to, argument and all.
unassigned=$(sqlite3 "$db" "SELECT count(*) FROM complaints WHERE is_open
	AND assignee_id IS NULL")
tui_keys F5
check "a key bound to a command line with an argument runs it" \
	tui_wait "Queue: unassigned, every channel ($unassigned)"
tui_keys :
tui_type "filter all"
tui_keys Enter
tui_wait "Queue: all" >/dev/null
tui_keys g
# In the compose pane the bound J and the unbound j are text.
tui_keys n
check "note compose opens" tui_wait "Internal note on complaint"
tui_type "Jj x"
check "J and j typed in the note" tui_wait "Jj x"
tui_keys Escape
check "draft kept" tui_wait "draft kept"
check_eq "the draft holds the typed keys" "Jj x" \
	"$(sqlite3 "$db" "SELECT body FROM drafts WHERE kind = 'note'")"
tui_keys Q
check "quits" tui_wait "TEMAS-EXITED 0"
tui_stop

id=$(sqlite3 "$db" "SELECT id FROM complaints ORDER BY id LIMIT 1")
opened=$(sqlite3 "$db" "SELECT strftime('%d/%m/%Y', opened_at, 'unixepoch', 'localtime')
	FROM complaints WHERE id = $id")
run_cmd -d "$db" show complaint "$id"
check_contains "show uses date_format" "Opened:   $opened  " "$OUT"

printf 'theme = mono\nbind J fly\n' > "$conf"
run_cmd -d "$db"
check_eq "unknown command: exit 1" 1 "$RC"
check_contains "unknown command: FILE:LINE message" \
	"temas: $conf:2: bind: unknown command 'fly' (commands: down, up, " "$ERR"
commands=$(printf '%s\n' "$ERR" | sed -n 's/.*(commands: \(.*\))$/\1/p' | tr -d ,)
check "the message lists the commands" test -n "$commands"
run_cmd -d "$db" show complaint "$id"
check_eq "unknown command stops commands too" 1 "$RC"

printf 'bind J down 3\n' > "$conf"
run_cmd -d "$db"
check_eq "arguments to a command that takes none: exit 1" 1 "$RC"
check_eq "arguments to a command that takes none: message" \
	"temas: $conf:1: bind: :down takes no arguments" "$ERR"

printf 'bind Hyper-J down\n' > "$conf"
run_cmd -d "$db"
check_eq "unknown key: exit 1" 1 "$RC"
check_contains "unknown key: FILE:LINE message" \
	"temas: $conf:1: bind: unknown key 'Hyper-J' (keys: " "$ERR"

printf '\n\nbind ^C quit\n' > "$conf"
run_cmd -d "$db"
check_eq "a key the terminal keeps: message" \
	"temas: $conf:3: bind: Ctrl-C cannot be bound: the terminal keeps it" "$ERR"

if command -v man >/dev/null 2>&1; then
	text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$TEMAS_SRCDIR/doc/temas.1" 2>/dev/null)
	for a in $commands; do
		check_match "temas.1 documents command $a" "^ +$a {2,}[^ ]" "$text"
	done
else
	skip "temas.1 documents the commands" "man is not installed"
fi

finish
