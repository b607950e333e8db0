#!/bin/sh
# ui_nameless.sh: a customer a team's file gave no name is shown in the
# console by the e-mail masked as the contact line masks it (then the
# phone, the team's id, temas's number), in the queue and in the header,
# never by the whole address.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux not installed"; exit 0; }

db="$T_TMP/ui.db"
ui_db "$db"
cust=$(sqlite3 "$db" "SELECT customer_id FROM complaints WHERE id = 900003")
sqlite3 "$db" "UPDATE complaints SET first_response_due = $UI_NOW - 40*86400
	WHERE id = 900003;
UPDATE customers SET first_name = '', last_name = '', email = 'gizli.kisi@ornek.com.tr',
	phone = '+90 532 765 43 21' WHERE id = $cust"
TUI_ENV="TEMAS_THEME=mono" ui_start 100 30 "$db"

check "the nameless customer's complaint on top" tui_wait "g***@o***.tr"
screen=$(tui_screen)
check_contains "queue row: the masked e-mail" "g***@o***.tr" "$(tui_line 3)"
check_contains "header: the masked e-mail" "g***@o***.tr" \
	"$(printf '%s\n' "$screen" | sed -n '/Customer/,$p' | head -3)"
check_not_contains "the whole address nowhere" "gizli.kisi" "$screen"

# No e-mail: the phone, masked.
tui_stop
sqlite3 "$db" "UPDATE customers SET email = NULL WHERE id = $cust"
TUI_ENV="TEMAS_THEME=mono" ui_start 100 30 "$db"
check "no e-mail: the masked phone" tui_wait "+90 5** *** ** 21"
check_not_contains "the whole phone nowhere" "765 43" "$(tui_screen)"
finish
