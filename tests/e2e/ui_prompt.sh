#!/bin/sh
# ui_prompt.sh: the : and / prompt in the console: Tab completion, the
# queue filter (its count as SQLite has it), errors that name the valid
# words, opening a customer by e-mail, a search typed without Turkish
# letters, history across sessions, :reveal and its audit row, a live
# theme switch, Esc cancelling, and a 20 KB paste that is cut, not fatal.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
ui_start 80 24 "$db"
last() { tui_line 23; }

tui_keys :
tui_type fil
tui_keys Tab
check "Tab completes the command name" tui_wait ":filter"
check_eq "and puts a space after it" "8,23" "$(tui_cursor)"
tui_type breached
tui_keys Enter
check ":filter breached filters the queue" tui_wait "Queue: breached"
want=$(sqlite3 "$db" "SELECT count(*) FROM complaints WHERE is_open AND due_at < $UI_NOW")
check_contains "the breached count is the database's" "Queue: breached, every channel ($want)" "$(tui_screen)"

tui_keys :
tui_type "filter channel=f"
tui_keys Tab
check "nothing completes channel=f" tui_wait "(no completions)"
tui_type "ax"
tui_keys Enter
check "an unknown channel is named" tui_wait "unknown channel 'fax'"
check_contains "the valid channels are listed, whole" "channels: phone, email, web, chat, social, portal,
 store, aftersales, accounting" "$(tui_screen | tail -2)"
check_contains "the filter did not change" "Queue: breached" "$(tui_screen)"

tui_keys :
tui_type clam
tui_keys Enter
check "a mistyped command gets a suggestion" tui_wait "unknown command 'clam'; did you mean 'claim'?"

# The selected complaint: the first row of the breached queue.
first=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open AND due_at < $UI_NOW
	ORDER BY due_at, id LIMIT 1")
holder() { sqlite3 "$db" "SELECT coalesce(a.login, '-') FROM complaints c
	LEFT JOIN agents a ON a.id = c.assignee_id WHERE c.id = $first"; }
tui_keys :
tui_type claim
tui_keys Enter
check ":claim takes the complaint" tui_wait "complaint $first is yours"
check_eq "the database says so" "$(id -un)" "$(holder)"
tui_keys :
tui_type "status fixed"
tui_keys Enter
check "an unknown status is named" tui_wait "unknown status 'fixed'; states: new, open"
tui_keys :
tui_type "status pen"
tui_keys Tab
check "status names complete" tui_wait ":status pending"
tui_keys Enter
check ":status pending moves it" tui_wait "complaint $first is now pending"
check_eq "the database has it pending" pending \
	"$(sqlite3 "$db" "SELECT status FROM complaints WHERE id = $first")"
tui_keys :
tui_type release
tui_keys Enter
check ":release gives it back" tui_wait "complaint $first is back in the queue"
check_eq "the database has it unassigned" - "$(holder)"

tui_keys :
tui_type "no such thing"
tui_keys Escape
check "Esc cancels the line" tui_wait_gone ":no such thing"

# A customer with no open complaint, by e-mail address.
row=$(sqlite3 -separator '|' "$db" "SELECT email, first_name || ' ' || last_name,
	(SELECT count(*) FROM orders o WHERE o.customer_id = c.id) FROM customers c
	WHERE email IS NOT NULL AND id NOT IN
	(SELECT customer_id FROM complaints WHERE is_open) ORDER BY id LIMIT 1")
email=${row%%|*}; rest=${row#*|}; name=${rest%|*}; norders=${rest##*|}
tui_keys :
tui_type "customer $email"
tui_keys Enter
check ":customer EMAIL opens the customer" tui_wait "$name"
check "their orders are on screen" tui_wait "> Orders ($norders)"
check_eq "opening was audited" 1 "$(sqlite3 "$db" "SELECT count(*) FROM audit
	WHERE action = 'customer_open' AND customer_id =
	(SELECT id FROM customers WHERE email = '$email')")"

# A customer whose name has Turkish letters, typed without them, upper case.
row=$(sqlite3 -separator '|' "$db" "SELECT first_name || ' ' || last_name, phone, id
	FROM customers WHERE first_name GLOB '*[ışğçöüİŞĞÇÖÜ]*' AND phone IS NOT NULL
	GROUP BY first_name, last_name HAVING count(*) = 1 ORDER BY id LIMIT 1")
tname=${row%%|*}; rest=${row#*|}; tphone=${rest%|*}; tid=${rest##*|}
typed=$(printf '%s' "$tname" | sed -e 's/[ıİ]/i/g' -e 's/[şŞ]/s/g' -e 's/[ğĞ]/g/g' \
	-e 's/[çÇ]/c/g' -e 's/[öÖ]/o/g' -e 's/[üÜ]/u/g' | tr '[:lower:]' '[:upper:]')
case $typed in
*[!\ A-Z]* | "") not_ok "the search text is plain upper-case ASCII" "$typed" ;;
*) ok "the search text is plain upper-case ASCII" ;;
esac
tui_keys /
tui_type "$typed"
tui_keys Enter
check "/ search lists the customer" tui_wait "> Search: $typed"
check_contains "the customer is a hit" "$tname" "$(tui_screen)"
check_contains "hits are grouped under a heading" "Customers (" "$(tui_screen)"
tui_keys Enter
check "Enter opens their orders" tui_wait "> Orders ("
check_contains "the header is theirs" "$tname" "$(tui_screen | sed -n '/Customer+Orders/,$p')"

tui_keys :
tui_type reveal
tui_keys Enter
check ":reveal shows the full phone" tui_wait "$tphone"
check_eq "the reveal was audited" 1 "$(sqlite3 "$db" "SELECT count(*) FROM audit
	WHERE action = 'reveal' AND customer_id = $tid")"

# The default theme draws in colour; mono has attributes only.
colours() {   # foreground colour escapes on screen
	tui_screen_esc | grep -a -E -c "$(printf '\033')\[([0-9]+;)*(3[0-7]|38;5;[0-9]+)(;[0-9]+)*m"
}
check "colours before" [ "$(colours)" -gt 0 ]
tui_keys :
tui_type "theme mono"
tui_keys Enter
check ":theme mono switches" tui_wait "theme mono"
sleep 0.3
check_eq "no colours after" 0 "$(colours)"
tui_keys :
tui_type "theme nosuch"
tui_keys Enter
check "an unknown theme lists the themes" tui_wait "themes: "
check_contains "the themes are listed" "themes: default, " "$(last)"

tui_keys :
tui_type help
tui_keys Enter
check ":help shows the help" tui_wait "Keys and commands (q or ? to close)"
check_contains "keys and commands on one row" "f                :filter all|mine|unassigned" "$(tui_screen)"
tui_keys q
check "q closes the help" tui_wait_gone "Keys and commands (q or ? to close)"
# :help NAME opens the help at that command's row.
tui_keys :
tui_type "help search"
tui_keys Enter
check ":help search shows the help" tui_wait "Keys and commands (q or ? to close)"
check_contains "at the command's row" "/                :search" "$(tui_line 3)"
check_not_contains "scrolled past the first rows" ":down" "$(tui_screen)"
tui_keys q

# A 20 KB paste: cut at the cap with a message, the console lives on.
head -c 20000 /dev/zero | tr '\0' 'x' > "$T_TMP/paste"
tmux -S "$T_SOCK" load-buffer "$T_TMP/paste"
tui_keys :
tmux -S "$T_SOCK" paste-buffer -t t
check "a long paste is cut with a message" tui_wait "the line is cut at 4096 bytes" 30
check_contains "the line scrolls sideways" "<xxx" "$(last)"
tui_keys Escape
check "Esc closes the long line" tui_wait_gone "<xxx"
tui_keys :
tui_type q
tui_keys Enter
check ":q quits" tui_wait "TEMAS-EXITED 0"

hist="$XDG_STATE_HOME/temas/history-search"
check_eq "the search is in the history file" "$typed" "$(tail -1 "$hist")"
check_eq "the history directory is private" 700 "$(stat -c %a "$XDG_STATE_HOME/temas")"
check_eq "the history file is private" 600 "$(stat -c %a "$hist")"
check "commands have their own history" grep -qx "filter breached" \
	"$XDG_STATE_HOME/temas/history-commands"

# A new console recalls the last session's search with Up.
tui_stop
ui_start 80 24 "$db"
tui_keys /
tui_keys Up
check "Up recalls the previous session's search" tui_wait "/$typed"
tui_keys Escape
tui_keys :
tui_keys Up
check "commands recall their own history" tui_wait ":q"
tui_keys Escape
# Ctrl-C cancels it too, as in a shell, and the console goes on.
tui_keys :
tui_type "ctrl c line"
check "the line is typed" tui_wait ":ctrl c line"
tui_keys C-c
check "Ctrl-C cancels the line" tui_wait_gone ":ctrl c line" 3
check "Ctrl-C at the prompt leaves the console running" tui_wait "Queue:"
# A message wider than the status line is shown whole, on the lines
# above it, not cut where the reason begins.
tui_keys :
tui_type "tag add $(printf '%070d' 0 | tr 0 a)"
tui_keys Enter
check "a long message keeps its reason" tui_wait "tag is at most 32 characters"
# :order opens the customer of an order by its number: as typed or in
# small letters, and an erased customer's order too (orders are kept, out
# of the search index).
tui_keys :
tui_type "order fx-1002"
tui_keys Enter
check ":order in small letters finds the order" tui_wait "order FX-1002: Zeynep Kayaoğlu"
sqlite3 -cmd ".timeout 10000" "$db" "UPDATE customers SET erased_at = $UI_NOW WHERE id = 900003"
tui_keys :
tui_type "order FX-2001"
tui_keys Enter
check ":order finds an erased customer's order" tui_wait "order FX-2001: "
tui_keys :
tui_type "order FX-9999"
tui_keys Enter
check ":order says when there is no such order" tui_wait "no order numbered 'FX-9999'"
tui_keys Q
finish
