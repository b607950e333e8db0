#!/bin/sh
# cli_plant.sh: a database that strangers can plant, swap or read is refused
# with a message naming the file and the fix: a directory anyone may write,
# a -wal or -shm made in advance open to all or by someone outside the
# team, a journal file that is a symbolic link.  A symbolic link at the
# database path is followed with a warning, and refused by init.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

team="$T_TMP/team"
mkdir "$team"
db="$team/t.db"
demo_db "$db" --customers 5 --supervisor
dump() { sqlite3 "$db" .dump; }

# A sticky world-writable directory, like /tmp.
chmod 1777 "$team"
run_cmd -d "$db" queue
check_eq "directory anyone may write: refused" 1 "$RC"
check_contains "directory anyone may write: names it and the fix" \
	"refusing a database in $team, which anyone may write" "$ERR"
check_contains "directory anyone may write: says chmod o-w" "chmod o-w $team" "$ERR"
run_cmd -d "$team/new.db" demo --customers 1
check_eq "no new database in a directory anyone may write" "1 no" \
	"$RC $([ -e "$team/new.db" ] && echo yes || echo no)"
chmod 755 "$team"

# A -wal planted in advance, open to all.
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
rm -f "$db-wal" "$db-shm"
: > "$db-wal"; chmod 666 "$db-wal"
before=$(cksum < "$db")
run_cmd -d "$db" queue
check_eq "planted -wal open to all: refused" 1 "$RC"
check_contains "planted -wal: names the file, its mode and the fix" \
	"refusing $db-wal, which others may read or write (mode 0666): chmod o= $db-wal" "$ERR"
check_eq "planted -wal: the database is untouched" "$before" "$(cksum < "$db")"
rm -f "$db-wal"

# A -shm that is a symbolic link.
ln -s "$T_TMP/elsewhere" "$db-shm"
run_cmd -d "$db" queue
check_eq "-shm as a symbolic link: refused" 1 "$RC"
check_contains "-shm as a symbolic link: says so" "refusing $db-shm, a symbolic link" "$ERR"
rm -f "$db-shm"

# A symbolic link at the database path: followed, with a warning.
ln -s "$db" "$T_TMP/link.db"
run_cmd -d "$T_TMP/link.db" queue --limit 1
check_eq "link at the database path: works" 0 "$RC"
check_contains "link at the database path: warns" "$T_TMP/link.db is a symbolic link" "$ERR"
run_cmd init -d "$T_TMP/link.db"
check_eq "init onto a symbolic link: refused" 5 "$RC"
check_contains "init onto a symbolic link: says so" "is a symbolic link" "$ERR"
ln -s "$T_TMP/nowhere.db" "$T_TMP/dangling.db"
run_cmd init -d "$T_TMP/dangling.db"
check_eq "init onto a dangling link: refused, nothing created" "5 no" \
	"$RC $([ -e "$T_TMP/nowhere.db" ] && echo yes || echo no)"

if ! can_drop_privileges; then
	skip "-wal made private by one member: the others are refused" "needs root and setpriv(1)"
	skip "-wal made private: names the file, mode and owner" "needs root and setpriv(1)"
	skip "-wal owned by an outsider: refused" "needs root and setpriv(1)"
	skip "-wal owned by an outsider: names the owner" "needs root and setpriv(1)"
	finish
	exit $?
fi
# One member's chmod 600 on the -wal locks the others out: they are told
# which file, its mode and its owner.
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
rm -f "$db-wal" "$db-shm"
chmod 755 "$T_TMP"; chgrp -R 65534 "$team"; chmod 770 "$team"; chmod 660 "$db"
: > "$db-wal"; chmod 600 "$db-wal"
run_as_nobody -d "$db" agent list
check_eq "-wal made private by one member: the others are refused" 1 "$RC"
check_contains "-wal made private: names the file, mode and owner" \
	"cannot use $db-wal (mode 0600, owner $(id -un)): its owner or a supervisor can fix it with chmod 660 $db-wal" "$ERR"

# A -wal made by someone outside the team (not the owner, not in the group).
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
rm -f "$db-wal" "$db-shm"
chgrp root "$db"
: > "$db-wal"; chown 65534:65534 "$db-wal"; chmod 660 "$db-wal"
run_cmd -d "$db" queue
check_eq "-wal owned by an outsider: refused" 1 "$RC"
check_contains "-wal owned by an outsider: names the owner" \
	"refusing $db-wal, which belongs to $(getent passwd 65534 | cut -d: -f1), who is neither the database's owner nor in its group" "$ERR"
finish
