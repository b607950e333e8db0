#!/bin/sh
# cli_doctor.sh: `temas doctor` shows a supervisor each file of the
# database with owner, group and mode, marks what is wrong (a journal an
# agent made private, a file open to others, a directory anyone may write),
# and reports journal mode, schema version and integrity.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

team="$T_TMP/team"
mkdir "$team"; chmod 750 "$team"
db="$team/t.db"
demo_db "$db" --customers 5 --supervisor
me=$(id -un) grp=$(id -gn)

run_cmd -d "$db" doctor
check_eq "healthy: exit 0" 0 "$RC"
check_contains "healthy: the database line" "database  $db: 0660 $me:$grp" "$OUT"
check_contains "healthy: the directory line" "directory $team: 0750 $me:$grp" "$OUT"
check_contains "healthy: journal mode" "journal   wal" "$OUT"
check_contains "healthy: schema version" \
	"schema    $(sqlite3 "$db" 'PRAGMA user_version')" "$OUT"
check_contains "healthy: integrity" "integrity ok" "$OUT"
check_contains "healthy: says so" "no problem found" "$OUT"

# An agent's chmod 600 on the -wal locks the rest of the team out.
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
: > "$db-wal"; chmod 600 "$db-wal"
run_cmd -d "$db" doctor
check_eq "private -wal: exit 1" 1 "$RC"
check_contains "private -wal: names the file, mode and owner" \
	"wal       $db-wal: 0600 $me:$grp  <- the group cannot read and write it" "$OUT"
check_contains "private -wal: counts it" "1 problem(s) found" "$OUT"

chmod 666 "$db-wal"
run_cmd -d "$db" doctor
check_contains "-wal open to others: marked" "$db-wal: 0666 $me:$grp  <- open to others" "$OUT"
check_contains "-wal open to others: temas refuses it, and doctor says why" \
	"open      $db: refusing $db-wal, which others may read or write" "$OUT"
check_contains "-wal open to others: two problems" "2 problem(s) found" "$OUT"
rm -f "$db-wal"

chmod 777 "$team"
run_cmd -d "$db" doctor
check_contains "directory anyone may write: marked" "directory $team: 0777 $me:$grp  <- anyone may write here" "$OUT"
chmod 750 "$team"

# A -wal owned by someone outside the team: the rule temas opens by.
if [ "$(id -u)" -eq 0 ] && getent passwd 65534 >/dev/null; then
	: > "$db-wal"; chown 65534 "$db-wal"; chmod 660 "$db-wal"
	run_cmd -d "$db" doctor
	check_contains "-wal owned outside the team: marked" \
		"$db-wal: 0660 $(getent passwd 65534 | cut -d: -f1):$grp  <- owned outside the team" "$OUT"
	rm -f "$db-wal"
else
	skip "-wal owned outside the team: marked" "needs root to give a file to uid 65534"
fi

run_cmd -d "$db" doctor extra
check_eq "doctor takes no arguments" 2 "$RC"
finish
