#!/bin/sh
# cli_backup.sh: `temas backup FILE` gives a sound copy of a database that
# is being written to (a plain cp of a live WAL database can catch it
# half-way), never replaces a file, and restores by the procedure in temas(1).
# The writer runs a fixed number of rounds, not a time.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/live.db"
demo_db "$db" --customers 30 --supervisor
id=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open ORDER BY id LIMIT 1")
notes() { sqlite3 "$1" "SELECT count(*) FROM interactions WHERE direction='note'"; }

rounds=150
(
	i=0
	while [ $i -lt $rounds ]; do
		"$TEMAS" -d "$db" note "$id" --text "round $i" >/dev/null 2>&1 ||
			echo "note $i failed" >> "$T_TMP/writer.err"
		i=$((i + 1))
	done
	echo done > "$T_TMP/writer.done"
) &
writer=$!

n=0 good=0 modes_ok=0 opened=0
while [ $n -lt 8 ]; do
	out="$T_TMP/b$n.db"
	"$TEMAS" -d "$db" backup "$out" >/dev/null 2>"$T_TMP/b.err" || cat "$T_TMP/b.err"
	[ "$(sqlite3 "$out" 'PRAGMA integrity_check' 2>&1)" = ok ] && good=$((good + 1))
	[ "$(stat -c %a "$out" 2>/dev/null)" = 600 ] && modes_ok=$((modes_ok + 1))
	[ $n -eq 0 ] && jm=$(sqlite3 "$out" 'PRAGMA journal_mode')
	"$TEMAS" -d "$out" queue --limit 1 >/dev/null 2>&1 && opened=$((opened + 1))
	n=$((n + 1))
done
wait $writer
check_eq "the writer finished its rounds" "done" "$(cat "$T_TMP/writer.done" 2>/dev/null)"
check_eq "no write failed while backups ran" "" "$(cat "$T_TMP/writer.err" 2>/dev/null)"
check_eq "8 backups under concurrent writes pass integrity_check" 8 "$good"
check_eq "every backup is mode 0600" 8 "$modes_ok"
check_eq "every backup opens as a temas database" 8 "$opened"
check_eq "a backup is one file with a rollback journal" "delete" \
	"$jm"
check "no temporary file is left beside the backups" \
	sh -c "! ls '$T_TMP' | grep -q '\.db\.'"
first=$(notes "$T_TMP/b0.db") last=$(notes "$T_TMP/b7.db")
check "later backups hold at least as many notes as earlier ones" test "$first" -le "$last"

# A backup never replaces a file.
echo precious > "$T_TMP/exists.db"
run_cmd -d "$db" backup "$T_TMP/exists.db"
check_eq "backup onto an existing file: exit 1" 1 "$RC"
check_contains "backup onto an existing file: says so" "already exists" "$ERR"
check_eq "the existing file is untouched" precious "$(cat "$T_TMP/exists.db")"
run_cmd -d "$db" backup "$T_TMP/no/such/dir/x.db"
check_eq "backup into a missing directory: exit 1" 1 "$RC"
check_contains "backup into a missing directory: names the file" "$T_TMP/no/such/dir/x.db" "$ERR"
check_eq "each backup is an audit row" 8 \
	"$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action='backup'")"

# Restore as temas(1) says: stop the consoles, put the copy in place, remove
# the old -wal and -shm, check.
final=$(notes "$db")
cp "$T_TMP/b7.db" "$T_TMP/restore.new" && mv "$T_TMP/restore.new" "$db" &&
	rm -f "$db-wal" "$db-shm"
check_eq "restored database passes integrity_check" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
check_eq "restored database holds the backup's notes" "$last" "$(notes "$db")"
check "the restore went back in time (fewer or as many notes)" test "$last" -le "$final"
run_cmd -d "$db" queue --limit 1
check_eq "temas works on the restored database" 0 "$RC"
finish
