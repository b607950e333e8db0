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

# The write turns (a System V semaphore of the file): none while nobody
# writes; held, with who waits; one temas does not trust is a problem.
run_cmd -d "$db" doctor
check_contains "turns: none while nobody writes" "turns     none: no command is writing" "$OUT"
sem() {   # make|give|take|waiting|remove DB [MODE]
	perl -MIPC::SysV=ftok,IPC_CREAT,IPC_EXCL,GETNCNT,IPC_RMID -e '
		my ($what, $db, $mode) = @ARGV;
		my $key = ftok($db, ord("T")) or die "ftok: $!";
		if ($what eq "make") {
			defined(semget($key, 3, oct($mode) | IPC_CREAT | IPC_EXCL)) or die "semget: $!";
			exit 0;
		}
		my $id = semget($key, 0, 0);
		defined $id or die "semget: $!";
		if ($what eq "give") { semop($id, pack("s!3", 0, 1, 0)) or die "semop: $!" }
		elsif ($what eq "take") { semop($id, pack("s!3", 0, -1, 0)) or die "semop: $!" }
		elsif ($what eq "waiting") { print semctl($id, 0, GETNCNT, 0), "\n" }
		elsif ($what eq "remove") { semctl($id, 0, IPC_RMID, 0) }
	' "$@"
}
if command -v perl >/dev/null 2>&1 && sem make "$db" 0660 2>/dev/null; then
	sem give "$db"; sem take "$db"
	run_cmd -d "$db" doctor
	check_eq "turns: a held turn is no problem" 0 "$RC"
	check_match "turns: held, nobody waiting" \
		"turns     semaphore [0-9]+ \(key 0x[0-9a-f]+\): a command writes, 0 waiting" "$OUT"
	TEMAS_BUSY_TIMEOUT_MS=60000 "$TEMAS" -d "$db" agent add waiter > "$T_TMP/waiter.out" 2>&1 &
	waiter=$!
	i=0
	while [ "$(sem waiting "$db")" != 1 ] && [ $i -lt 2000 ]; do sleep 0.05; i=$((i + 1)); done
	run_cmd -d "$db" doctor
	check_match "turns: a command queued behind it" \
		"turns     semaphore [0-9]+ \(key 0x[0-9a-f]+\): a command writes, 1 waiting" "$OUT"
	sem give "$db"
	wait $waiter
	check_eq "turns: the queued command writes once the turn is given" 0 "$?"
	run_cmd -d "$db" doctor
	check_contains "turns: the last one out removed the set" "turns     none: no command is writing" "$OUT"

	sem make "$db" 0666
	run_cmd -d "$db" doctor
	check_eq "turns: an untrusted set is a problem" 1 "$RC"
	check_match "turns: says why and how to remove it" \
		"turns     semaphore ([0-9]+) \(key 0x[0-9a-f]+\), made by uid $(id -u), is not one temas trusts \(another program's, or open to others\): commands write without turns  <- remove it: ipcrm -s [0-9]+" "$OUT"
	run_cmd -d "$db" agent add unqueued
	check_eq "turns: commands still write beside it" 0 "$RC"
	sem remove "$db"
else
	for n in 1 2 3 4 5 6 7 8 9; do
		skip "turns $n" "no perl or no System V semaphores here"
	done
fi

run_cmd -d "$db" doctor extra
check_eq "doctor takes no arguments" 2 "$RC"
finish
