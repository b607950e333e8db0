#!/bin/sh
# cli_perm.sh: least privilege.  temas refuses to run setuid or setgid,
# creates its database 0660 in a 0770 directory whatever the umask, and a
# file or directory the user may not write gets one clear line and no
# change.  Permissions are tested as an unprivileged user (the suite may
# run as root, for whom they do not apply).
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

mode() { stat -c %a "$1"; }

# The default path: $XDG_DATA_HOME/temas/temas.db, made on first use.
for mask in 000 022 077; do
	xdg="$T_TMP/xdg$mask"
	(umask $mask; XDG_DATA_HOME="$xdg" "$TEMAS" demo >/dev/null 2>"$T_TMP/err")
	rc=$?
	check_eq "umask $mask: demo on the default path succeeds" "0" "$rc$(cat "$T_TMP/err")"
	check_eq "umask $mask: directory is 0770" 770 "$(mode "$xdg/temas" 2>&1)"
	check_eq "umask $mask: database is 0660" 660 "$(mode "$xdg/temas/temas.db" 2>&1)"
done

if ! can_drop_privileges; then
	reason="needs root and setpriv(1) to test as another user"
	for t in "setuid refused" "setgid refused" "setuid to another user refused" \
		"read-only file" "unreadable file" "read-only directory" \
		"new file in read-only directory"; do
		skip "$t" "$reason"
	done
	finish
	exit $?
fi
chmod 755 "$T_TMP"

# A privileged copy of the binary.  On a nosuid mount the bits do nothing.
mkdir "$T_TMP/bin"
chmod 755 "$T_TMP/bin"
cp "$TEMAS" "$T_TMP/bin/temas"
if findmnt -no OPTIONS -T "$T_TMP/bin" 2>/dev/null | grep -q nosuid; then
	for t in "setuid refused" "setgid refused" "setuid to another user refused"; do
		skip "$t" "$T_TMP is mounted nosuid"
	done
else
	refuse="temas: refusing to run setuid or setgid"
	# In the sanitizer build, LeakSanitizer cannot inspect a process whose
	# ids differ, nor read its options then; its "==pid==" lines are not
	# temas's output.
	unsan() { ERR=$(printf '%s\n' "$ERR" | grep -v '^==[0-9]*=='); }
	chown 0:0 "$T_TMP/bin/temas"
	chmod 4755 "$T_TMP/bin/temas"
	TEMAS="$T_TMP/bin/temas" run_as_nobody --version
	unsan
	check_eq "setuid refused" "1 $refuse" "$RC $ERR"
	check_eq "setuid refused: nothing printed" "" "$OUT"
	chmod 2755 "$T_TMP/bin/temas"
	TEMAS="$T_TMP/bin/temas" run_as_nobody --version
	unsan
	check_eq "setgid refused" "1 $refuse" "$RC $ERR"
	chown 65534:65534 "$T_TMP/bin/temas"
	chmod 4755 "$T_TMP/bin/temas"
	TEMAS="$T_TMP/bin/temas" run_cmd --version
	unsan
	check_eq "setuid to another user refused" "1 $refuse" "$RC $ERR"
fi

# Owned by root, readable by its group: the other user may read but not write.
db="$T_TMP/ro.db"
"$TEMAS" demo -d "$db" >/dev/null 2>&1
chgrp 65534 "$db"
chmod 640 "$db"
sum=$(cksum < "$db")
run_as_nobody demo -d "$db"
check_eq "read-only file: message" \
	"1 temas: $db: database is read-only (Permission denied)" "$RC $ERR"
check_eq "read-only file: unchanged" "$sum" "$(cksum < "$db")"

chmod 600 "$db"
run_as_nobody demo -d "$db"
check_eq "unreadable file: message" \
	"1 temas: $db: cannot read database: Permission denied" "$RC $ERR"

# The file is the user's, the directory is not: no room for the journal.
mkdir "$T_TMP/rodir"
chmod 755 "$T_TMP/rodir"
db="$T_TMP/rodir/t.db"
"$TEMAS" demo -d "$db" >/dev/null 2>&1
chown 65534:65534 "$db"
sum=$(cksum < "$db")
run_as_nobody demo -d "$db"
check_eq "read-only directory: message" \
	"1 temas: $db: database request failed: the directory holding the database is not writable" "$RC $ERR"
check_eq "read-only directory: unchanged" "$sum" "$(cksum < "$db")"

run_as_nobody demo -d "$T_TMP/rodir/new.db"
check_eq "new file in read-only directory" \
	"1 temas: $T_TMP/rodir/new.db: cannot create database: directory $T_TMP/rodir is not writable" \
	"$RC $ERR"

finish
