#!/bin/sh
# crash.sh: temas killed at the worst moment loses nothing but what was
# in flight.  kill -9 in the middle of a big import leaves none of its
# rows and a sound file; kill -9 of a console leaves a database the next
# console opens; SIGHUP (the SSH session dropped) and SIGTERM end the
# console with the terminal restored.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/crash.db"
TEMAS_NOW=1700000000 demo_db "$db" --customers 50
me=$(id -un)
sqlite3 "$db" "INSERT OR IGNORE INTO agents(login, name, created_at) VALUES('$me', 'Me', 1);
	UPDATE agents SET role = 'supervisor' WHERE login = '$me'"
customers=$(sqlite3 "$db" 'SELECT count(*) FROM customers')

# --- kill -9 during an import, while it holds its write transaction and
# has written rows inside it.  The import reads from a pipe that is kept
# open, so it is still at work when killed however fast it is: 20,000
# rows are fed (more than two of the chunks it writes customers in; the
# pipe holds 64 KiB at most, so nearly all were read), then it waits for
# more.
mkfifo "$T_TMP/big.fifo"
"$TEMAS" -d "$db" import customers "$T_TMP/big.fifo" >/dev/null 2>&1 &
imp=$!
exec 3>"$T_TMP/big.fifo"
awk 'BEGIN { print "ext_id,first_name,last_name,city";
	for (i = 1; i <= 20000; i++) printf "KILL%d,Ayşe,Yılmaz %d,İzmir\n", i, i }' >&3
n=0
while kill -0 "$imp" 2>/dev/null &&
	sqlite3 -cmd '.timeout 0' "$db" 'BEGIN IMMEDIATE; ROLLBACK;' >/dev/null 2>&1 &&
	[ $n -lt 400 ]; do
	sleep 0.05; n=$((n + 1))
done
check "import: it holds the write lock" test $n -lt 400
kill -9 "$imp" 2>/dev/null
wait "$imp"
rc=$?
exec 3>&-
check_eq "import: killed while it was writing" 137 "$rc"
check_eq "import: none of its rows" 0 \
	"$(sqlite3 "$db" "SELECT count(*) FROM customers WHERE ext_id LIKE 'KILL%'")"
check_eq "import: the customers before it are all there" "$customers" \
	"$(sqlite3 "$db" 'SELECT count(*) FROM customers')"
check_eq "import: database intact" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
run_cmd -d "$db" import customers "$TEMAS_SRCDIR/tests/data/customers.csv"
check_eq "import: the next import works" 0 "$RC"

# --- kill -9 of a console.
TUI_ENV="TEMAS_NOW=1700000000" tui_start 80 24 -d "$db"
check "console: started" tui_wait "Queue:"
tui_keys Enter
tui_wait "> Orders ("
kill -9 "$(tui_temas_pid)"
check "console: killed" tui_wait "TEMAS-EXITED 137" 20
tui_stop
check_eq "console: database intact after kill -9" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
TUI_ENV="TEMAS_NOW=1700000000" tui_start 80 24 -d "$db"
check "console: the next console opens the database" tui_wait "Queue:"

# --- SIGHUP and SIGTERM: the console ends and gives the terminal back.
for pair in "HUP 1" "TERM 15"; do
	sig=${pair% *}
	[ "$sig" = TERM ] && { TUI_ENV="TEMAS_NOW=1700000000" tui_start 80 24 -d "$db"; tui_wait "Queue:"; }
	tui_keys Tab
	tui_wait "> Orders (" || tui_wait "> Timeline ("
	kill -$sig "$(tui_temas_pid)"
	code=$((128 + ${pair#* }))
	check "SIG$sig: exits with status $code" tui_wait "TEMAS-EXITED $code"
	check_eq "SIG$sig: alternate screen left" 0 \
		"$(tmux -S "$T_SOCK" display-message -p -t t '#{alternate_on}')"
	check_eq "SIG$sig: cursor shown again" 1 \
		"$(tmux -S "$T_SOCK" display-message -p -t t '#{cursor_flag}')"
	tui_stop
done
check_eq "signals: database intact" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"

finish
