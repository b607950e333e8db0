#!/bin/sh
# cli_wait.sh: the busy timeout is the whole wait of a write, every retry
# of the transaction included.  Another program holds the write lock far
# longer than the timeout; temas must give up, with its message, while the
# lock is still held (before, it retried forty times, each waiting the whole
# timeout: a 1 s timeout failed only after 44 s).  No clock is read: the
# holder's lock outlives the command or it does not.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/w.db"
demo_db "$db" --customers 5 --supervisor
id=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open ORDER BY id LIMIT 1")

# The holder keeps the lock 20 s, twenty times the timeout given below,
# then says RELEASED.  A command that gives up as it should returns long
# before that; one that retries forty whole timeouts (44 s) does not.
(echo "BEGIN IMMEDIATE; INSERT INTO agents(login,name,created_at) VALUES('holder','H',1); SELECT 'HELD' || '-NOW';"
 sleep 20 & echo $! > "$T_TMP/sleeper"; wait
 echo "SELECT 'RELEASED'; COMMIT;") | sqlite3 -bail "$db" > "$T_TMP/lockout" 2>&1 &
holder=$!
n=0
while ! grep -q HELD-NOW "$T_TMP/lockout" && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
check_eq "another program holds the write lock" "HELD-NOW" "$(cat "$T_TMP/lockout")"

for cmd in "note $id --text waiting" "agent add sabirsiz"; do
	# shellcheck disable=SC2086
	TEMAS_BUSY_TIMEOUT_MS=1000 run_cmd -d "$db" $cmd
	check_eq "${cmd%% *} under a held lock: exit 1" 1 "$RC"
	check_contains "${cmd%% *} under a held lock: says the database is locked" \
		"locked" "$ERR"
	check_eq "${cmd%% *} gave up while the lock was still held" "HELD-NOW" \
		"$(cat "$T_TMP/lockout")"
done
kill "$(cat "$T_TMP/sleeper")" 2>/dev/null
wait "$holder"
check_eq "nothing of ours was written" "0 0" \
	"$(sqlite3 "$db" "SELECT count(*) FROM interactions WHERE body='waiting'") $(sqlite3 "$db" "SELECT count(*) FROM agents WHERE login='sabirsiz'")"
finish
