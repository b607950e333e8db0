#!/bin/sh
# cli_init.sh: `temas init` makes a database a team can share: file 0660,
# directory set-group-ID 2770 owned by the group, the supervisor
# registered; it refuses to run over a team's data and, when it cannot do
# the job, leaves nothing behind.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

group=$(id -gn)
me=$(id -un)
mode() { stat -c %a "$1"; }
grp() { stat -c %G "$1"; }

db="$T_TMP/team/desk/temas.db"
run_cmd init -d "$db" --group "$group"
check_eq "init: exit 0" 0 "$RC"
check_contains "init: says what it made" "$db" "$OUT"
check_eq "file mode 660" 660 "$(mode "$db")"
check_eq "directory mode 2770" 2770 "$(mode "$T_TMP/team/desk")"
check_eq "parent directory lets the group through" 2750 "$(mode "$T_TMP/team")"
check_eq "directory group" "$group" "$(grp "$T_TMP/team/desk")"
check_eq "file group" "$group" "$(grp "$db")"
check_eq "no WAL files left with other modes" "" \
	"$(find "$T_TMP/team/desk" -name 'temas.db-*' ! -perm 660)"
check_eq "current login is the supervisor" "$me|supervisor" \
	"$(sqlite3 "$db" "SELECT login, role FROM agents")"
check_eq "init is in the audit log" "init" \
	"$(sqlite3 "$db" "SELECT action FROM audit")"
test "$(sqlite3 "$db" 'PRAGMA user_version')" -ge 1 &&
	ok "schema version set" || not_ok "schema version set"

sum=$(md5sum < "$db")
run_cmd init -d "$db"
check_eq "second init: exit 1" 1 "$RC"
check_eq "second init: message" \
	"temas: init: $db: already initialised (it holds a team's data; nothing was changed)" "$ERR"
check_eq "second init: file unchanged" "$sum" "$(md5sum < "$db")"

run_cmd init -d "$T_TMP/new/x.db" --group no-such-group-here
check_eq "unknown group: exit 2" 2 "$RC"
check_eq "unknown group: message" "temas: init: unknown group 'no-such-group-here'" "$ERR"
check "unknown group: nothing created" test ! -e "$T_TMP/new"

run_cmd init -d "$T_TMP/new/x.db" --supervisor no-such-user-here
check_eq "unknown supervisor: exit 2" 2 "$RC"
check "unknown supervisor: nothing created" test ! -e "$T_TMP/new"

if getent passwd nobody >/dev/null; then
	run_cmd init -d "$T_TMP/other.db" --supervisor nobody
	check_eq "--supervisor LOGIN: registered" "nobody|supervisor" \
		"$(sqlite3 "$T_TMP/other.db" "SELECT login, role FROM agents")"
fi

run_cmd init -d "$T_TMP/y.db" --colour
check_eq "unknown option: exit 2" 2 "$RC"
check_eq "unknown option: message" "temas: init: unknown argument '--colour'" "$ERR"

: > "$T_TMP/empty.db"
run_cmd init -d "$T_TMP/empty.db"
check_eq "empty file: initialised" 0 "$RC"

printf 'not a database %0200d\n' 0 > "$T_TMP/text.db"
cp "$T_TMP/text.db" "$T_TMP/text.orig"
run_cmd init -d "$T_TMP/text.db"
check_eq "not a database: exit 1" 1 "$RC"
check "not a database: file unchanged" cmp -s "$T_TMP/text.db" "$T_TMP/text.orig"

# A group this user is not in can only be refused to someone other than root.
if [ "$(id -u)" -ne 0 ]; then
	other=$(getent group | cut -d: -f1,3 | while IFS=: read -r g gid; do
		id -G | tr ' ' '\n' | grep -qx "$gid" || { echo "$g"; break; }; done)
	run_cmd init -d "$T_TMP/deny/x.db" --group "$other"
	check_eq "group not mine: exit 5" 5 "$RC"
	check_contains "group not mine: message" "not permitted" "$ERR"
	check "group not mine: nothing created" test ! -e "$T_TMP/deny"
elif can_drop_privileges && getent group staff >/dev/null 2>&1; then
	# Root may give files to any group: the checks run as nobody.
	chmod 755 "$T_TMP"
	mkdir -p "$T_TMP/open" && chmod 1777 "$T_TMP/open"
	run_as_nobody init -d "$T_TMP/open/deny/x.db" --group staff
	check_eq "group not mine: exit 5" 5 "$RC"
	check_contains "group not mine: message" "not permitted" "$ERR"
	check "group not mine: nothing created" test ! -e "$T_TMP/open/deny"
	# A member of 300 groups, the one given the files last: still a member.
	OUT=$(setpriv --reuid=65534 --regid=65534 --groups="$(seq -s, 1000 1298),50" \
		"$TEMAS" init -d "$T_TMP/open/many/x.db" --group staff 2>"$T_TMP/stderr")
	RC=$?
	ERR=$(grep -v '^==[0-9]*==' "$T_TMP/stderr")
	check_eq "a member of 300 groups: init done" "0 " "$RC $ERR"
	check_eq "a member of 300 groups: the file's group" staff \
		"$(stat -c %G "$T_TMP/open/many/x.db" 2>/dev/null)"
else
	skip "group not mine: refused" "root cannot drop privileges here (setpriv) or has no group staff"
	skip "a member of 300 groups: init done" "root cannot drop privileges here (setpriv) or has no group staff"
fi

finish
