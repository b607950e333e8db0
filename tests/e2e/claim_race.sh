#!/bin/sh
# claim_race.sh: many agents claim from one queue at once.  Claims are a
# compare-and-set, so the audit trail never shows a complaint claimed twice
# in one open period, and every attempt either wins (exit 0) or is told who
# won (exit 4) -- never a database error.
#
# Each worker acts for its own agent with --as, which a supervisor may use;
# the test's own login is bootstrapped as that supervisor.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/race.db"
me=$(id -un)
workers=16
complaints=10

run_cmd -d "$db" agent add "$me" --supervisor
check_eq "bootstrap supervisor" 0 "$RC"
i=1
while [ $i -le $workers ]; do
	"$TEMAS" -d "$db" agent add "a$i" >/dev/null || echo "Bail out! agent add a$i"
	i=$((i + 1))
done
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, created_at) VALUES(1, 'Ayşe', 'Yılmaz', 1);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $complaints)
INSERT INTO complaints(customer_id, channel, subject, opened_at, first_response_due,
  resolution_due) SELECT 1, 'email', 'race ' || i, 1, 2, 3 FROM n;"

# worker N: walk the queue once in the same order as everyone else, claim,
# and give back every other complaint won so that it is fought over again.
# A fixed amount of work, not a time: a slow machine races just the same.
worker() {
	n=$1
	won=0
	id=1
	while [ $id -le $complaints ]; do
		out=$("$TEMAS" -d "$db" claim "$id" --as "a$n" 2>>"$T_TMP/err.$n")
		rc=$?
		echo "claim $rc" >> "$T_TMP/rc.$n"
		case "$out" in *"already held by a$n"*) echo mine >> "$T_TMP/rc.$n"; rc=mine ;; esac
		if [ "$rc" = 0 ]; then
			won=$((won + 1))
			if [ $((won % 2)) -eq 1 ]; then
				"$TEMAS" -d "$db" release "$id" --as "a$n" >/dev/null \
					2>>"$T_TMP/err.$n"
				echo "release $?" >> "$T_TMP/rc.$n"
			fi
		fi
		id=$((id + 1))
	done
}

i=1
while [ $i -le $workers ]; do
	worker $i &
	i=$((i + 1))
done
wait

cat "$T_TMP"/rc.* > "$T_TMP/all.rc"
cat "$T_TMP"/err.* > "$T_TMP/all.err" 2>/dev/null
attempts=$(grep -c '^claim' "$T_TMP/all.rc")
mine=$(grep -c '^mine$' "$T_TMP/all.rc")
wins=$(( $(grep -c '^claim 0$' "$T_TMP/all.rc") - mine ))
taken=$(grep -c '^claim 4$' "$T_TMP/all.rc")
other=$(grep -v -e '^claim 0$' -e '^claim 4$' -e '^release 0$' -e '^mine$' "$T_TMP/all.rc" |
	sort | uniq -c)
echo "# $attempts claim attempts by $workers processes: $wins won, $taken taken"
check_eq "every worker tried every complaint" $((workers * complaints)) "$attempts"
check_eq "every claim won or was told it is taken; every release worked" "" "$other"
check "the race was real: some claims lost" test "$taken" -gt 0
bad_err=$(grep -v 'is already taken by a[0-9]*$' "$T_TMP/all.err" | head -3)
check_eq "no other error message" "" "$bad_err"

# In the audit trail, between two claims of one complaint there is always a
# release, and a release is by the agent who held it.
double=$(sqlite3 "$db" "
SELECT count(*) FROM audit a WHERE a.action = 'claim' AND (
  SELECT b.action FROM audit b WHERE b.complaint_id = a.complaint_id
    AND b.action IN ('claim', 'release') AND b.id < a.id
  ORDER BY b.id DESC LIMIT 1) = 'claim'")
check_eq "no complaint claimed twice in one open period" 0 "$double"
claims=$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action='claim'")
check_eq "one claim audit row per won claim" "$wins" "$claims"
wrong_release=$(sqlite3 "$db" "
SELECT count(*) FROM audit a WHERE a.action = 'release' AND a.login <> (
  SELECT b.login FROM audit b WHERE b.complaint_id = a.complaint_id
    AND b.action = 'claim' AND b.id < a.id ORDER BY b.id DESC LIMIT 1)")
check_eq "every release by the holder" 0 "$wrong_release"
holder_mismatch=$(sqlite3 "$db" "
SELECT count(*) FROM complaints c WHERE c.assignee_id IS NOT (
  SELECT CASE b.action WHEN 'claim' THEN b.agent_id END FROM audit b
  WHERE b.complaint_id = c.id AND b.action IN ('claim', 'release')
  ORDER BY b.id DESC LIMIT 1)")
check_eq "each complaint is held by its last claimant" 0 "$holder_mismatch"
check_eq "database intact" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"

finish
