#!/bin/sh
# concurrency.sh: about fifty processes on one database, each for a fixed
# number of rounds (never a time limit: a slow machine does the same work,
# only later) - agents claiming, noting, replying, resolving and releasing from the same
# queue at once.  Nothing is lost (every command that said it succeeded is
# in the database), no complaint is ever held by two agents, and nobody
# is told "database is locked".  Meanwhile a reader searches and views,
# an import adds customers, and a console shows the others' changes.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/busy.db"
me=$(id -un)
workers=${CONCURRENCY_WORKERS:-48}
complaints=40
rounds=${CONCURRENCY_ROUNDS:-4}    # replies come in round 3
export TEMAS_DB="$db" TZ=UTC

"$TEMAS" agent add "$me" --supervisor >/dev/null || { echo "Bail out! bootstrap"; exit 1; }
i=1
while [ $i -le $workers ]; do
	"$TEMAS" agent add "a$i" >/dev/null || { echo "Bail out! agent add a$i"; exit 1; }
	i=$((i + 1))
done
seed_sql "$db" "
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
INSERT INTO customers(id, first_name, last_name, email, created_at)
  SELECT i, 'Müşteri', 'No ' || i, 'musteri' || i || '@example.com', 1 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
INSERT INTO orders(id, customer_id, number, status, total, placed_at)
  SELECT i, i, 'TR-' || i, 'shipped', 1000 * i, 1 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $complaints)
INSERT INTO complaints(id, customer_id, order_id, channel, subject, opened_at,
  first_response_due, resolution_due)
  SELECT i, (i - 1) % 10 + 1, (i - 1) % 10 + 1, 'email', 'yük ' || i, 1, 2, 3 FROM n;"

# Each worker walks the queue from its own place; what it wins it notes,
# sometimes answers (after looking at the customer's orders), sometimes
# resolves (the last ten complaints only, so the queue does not run dry),
# and otherwise gives back.  Every success and failure is logged.
worker() {
	n=$1 k=0
	log="$T_TMP/log.$n" err="$T_TMP/err.$n"
	while [ $k -lt $rounds ]; do
		k=$((k + 1))
		id=$(( (n * 7 + k) % complaints + 1 ))
		cust=$(( (id - 1) % 10 + 1 ))
		"$TEMAS" claim "$id" --as "a$n" >/dev/null 2>>"$err"
		rc=$?
		echo "claim $rc" >> "$log"
		[ $rc -eq 0 ] || continue
		"$TEMAS" note "$id" --as "a$n" --text "not $n-$k" >/dev/null 2>>"$err"
		rc=$?
		echo "note $rc not $n-$k" >> "$log"
		if [ $((k % 3)) -eq 0 ]; then
			"$TEMAS" show customer "$cust" --as "a$n" >/dev/null 2>>"$err"
			echo "show $?" >> "$log"
			"$TEMAS" reply "$id" --as "a$n" --text "yanıt $n-$k" >/dev/null 2>>"$err"
			rc=$?
			echo "reply $rc yanıt $n-$k" >> "$log"
		fi
		if [ "$id" -gt $((complaints - 10)) ] && [ $((k % 2)) -eq 0 ]; then
			"$TEMAS" resolve "$id" --as "a$n" --note "çözüldü $n-$k" >/dev/null 2>>"$err"
			rc=$?
			echo "resolve $rc $id" >> "$log"
			[ $rc -eq 0 ] && continue
		fi
		"$TEMAS" release "$id" --as "a$n" >/dev/null 2>>"$err"
		echo "release $?" >> "$log"
	done
}

# The console's queue lists complaint 1's holder, a1, in its last column.
tui_wait_holder() {
	n=0
	while [ $n -lt 150 ]; do
		tui_screen | grep -q ' a1 *$' && return 0
		sleep 0.2; n=$((n + 1))
	done
	return 1
}

# A reader: searches and complaint views while the others write.
reader() {
	r=0
	while [ $r -lt $((rounds * 3)) ]; do
		r=$((r + 1))
		"$TEMAS" search "Müşteri" >/dev/null 2>>"$T_TMP/err.reader"
		echo "search $?" >> "$T_TMP/log.reader"
		"$TEMAS" show complaint 7 >/dev/null 2>>"$T_TMP/err.reader"
		echo "view $?" >> "$T_TMP/log.reader"
	done
}

# An import of new customers in the middle of it all, all or nothing.
awk 'BEGIN { print "ext_id,first_name,last_name";
	for (i = 1; i <= 2000; i++) printf "IMP%d,İthal,Müşteri %d\n", i, i }' > "$T_TMP/imp.csv"
importer() {
	sleep 1
	"$TEMAS" import customers "$T_TMP/imp.csv" >/dev/null 2>"$T_TMP/err.import"
	echo "import $?" > "$T_TMP/log.import"
}

# A console watching the queue: it must show the others' claims.
TUI_ENV="TEMAS_DB=$db" tui_start 100 30
tui_wait "Queue:" || not_ok "console starts" "$(tui_screen)"

i=1
while [ $i -le $workers ]; do
	worker $i &
	i=$((i + 1))
done
reader &
importer &
wait

cat "$T_TMP"/log.* > "$T_TMP/all.log"
cat "$T_TMP"/err.* > "$T_TMP/all.err" 2>/dev/null
claims=$(grep -c '^claim' "$T_TMP/all.log")
won=$(grep -c '^claim 0$' "$T_TMP/all.log")
notes=$(grep -c '^note 0 ' "$T_TMP/all.log")
replies=$(grep -c '^reply 0 ' "$T_TMP/all.log")
resolves=$(grep -c '^resolve 0 ' "$T_TMP/all.log")
echo "# $workers workers, $rounds rounds: $claims claims ($won won), $notes notes, $replies replies, $resolves resolved"
check "claims were won and lost" test "$won" -gt 0 -a "$won" -lt "$claims"
check "notes and replies were written" test "$notes" -gt 0 -a "$replies" -gt 0
check "the reader read" grep -q '^search 0$' "$T_TMP/log.reader"
check_eq "the import went through whole" "import 0 2000" \
	"$(cat "$T_TMP/log.import") $(sqlite3 "$db" "SELECT count(*) FROM customers WHERE ext_id LIKE 'IMP%'")"
check_eq "every command succeeded or lost a claim" "" \
	"$(grep -v -e '^claim [04]$' -e '^[a-z]* 0\b' "$T_TMP/all.log" | sort | uniq -c | head -5)"
check_eq "nobody was told the database is locked" 0 "$(grep -ci 'locked' "$T_TMP/all.err")"
check_eq "no message but 'already taken'" "" \
	"$(grep -v -e 'is already taken by a[0-9]*$' -e 'is already resolved' "$T_TMP/all.err" | head -3)"

# Zero lost writes: every note and reply that exited 0 is there, once.
sed -n 's/^note 0 //p' "$T_TMP/all.log" | sort > "$T_TMP/notes.want"
sqlite3 "$db" "SELECT body FROM interactions WHERE direction='note' AND body LIKE 'not %'" |
	sort > "$T_TMP/notes.have"
check "every acknowledged note is stored exactly once" cmp -s "$T_TMP/notes.want" "$T_TMP/notes.have"
sed -n 's/^reply 0 //p' "$T_TMP/all.log" | sort > "$T_TMP/replies.want"
sqlite3 "$db" "SELECT body FROM interactions WHERE direction='out' AND body LIKE 'yanıt %'" |
	sort > "$T_TMP/replies.have"
check "every acknowledged reply is stored exactly once" cmp -s "$T_TMP/replies.want" "$T_TMP/replies.have"
check_eq "every acknowledged resolve is resolved" \
	"$(sed -n 's/^resolve 0 //p' "$T_TMP/all.log" | sort -un | tr '\n' ' ')" \
	"$(sqlite3 "$db" "SELECT id FROM complaints WHERE status='resolved' ORDER BY id" | tr '\n' ' ')"

# Never two holders: between two claims of a complaint there is a release
# or a resolve.
double=$(sqlite3 "$db" "
SELECT count(*) FROM audit a WHERE a.action = 'claim' AND (
  SELECT b.action FROM audit b WHERE b.complaint_id = a.complaint_id
    AND b.action IN ('claim', 'release') AND b.id < a.id
  ORDER BY b.id DESC LIMIT 1) = 'claim'")
check_eq "no complaint held by two agents at once" 0 "$double"
check_eq "one claim in the audit log per claim won" "$won" \
	"$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action='claim'")"
check_eq "database intact" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"

# Every worker gave its complaints back; one more claim from outside must
# reach the console that has been watching all along.
# (The queue's first rows are on screen whatever the load did to due times.)
top=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open ORDER BY due_at, id LIMIT 1")
run_cmd claim "$top" --as a1
check_eq "one more claim after the load" 0 "$RC$ERR"
check "the console shows another agent's claim" tui_wait_holder
tui_keys Q
check "the console quits normally" tui_wait "TEMAS-EXITED 0"
finish
