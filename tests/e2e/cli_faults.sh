#!/bin/sh
# cli_faults.sh: a damaged file, a lock held by another process past the
# busy timeout, a full disk and a file size limit each give one clear line
# and a non-zero exit, never a crash, and leave the data as it was.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

mnt=""
trap '[ -n "$mnt" ] && umount "$mnt" 2>/dev/null; t_cleanup' EXIT

# Overwrite bytes [from, to) of a file with 0xA5.
damage() {
	head -c $(($3 - $2)) /dev/zero | tr '\0' '\245' |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# --- A valid header over a garbage schema page.
db="$T_TMP/bad.db"
"$TEMAS" demo -d "$db" >/dev/null 2>&1
damage "$db" 100 4096
sum=$(cksum < "$db")
run_cmd demo -d "$db"
check_eq "damaged schema page: exit 1" 1 "$RC"
check_contains "damaged schema page: says corrupt" "$db: " "$ERR"
check_contains "damaged schema page: says corrupt" "database is corrupt" "$ERR"
check_eq "damaged schema page: one line" 1 "$(printf '%s\n' "$ERR" | wc -l)"
check_eq "damaged schema page: file unchanged" "$sum" "$(cksum < "$db")"

# --- Locked by another process for longer than the busy timeout.  With
# a rollback journal an exclusive lock keeps even readers out.
db="$T_TMP/locked.db"
"$TEMAS" init -d "$db" >/dev/null 2>&1
sqlite3 "$db" 'PRAGMA journal_mode=DELETE' >/dev/null
mkfifo "$T_TMP/lockcmd"
sqlite3 "$db" < "$T_TMP/lockcmd" >/dev/null 2>&1 &
holder=$!
exec 3>"$T_TMP/lockcmd"
echo "BEGIN EXCLUSIVE; INSERT INTO agents(login,name,created_at) VALUES('holder','H',1);" >&3
n=0
while sqlite3 -cmd '.timeout 0' "$db" 'SELECT 1' >/dev/null 2>&1 && [ $n -lt 100 ]; do
	sleep 0.1; n=$((n + 1))
done
TEMAS_BUSY_TIMEOUT_MS=300 run_cmd agent add locked1 -d "$db"
check_eq "locked: exit 1" 1 "$RC"
check_eq "locked: message" \
	"temas: $db: database request failed: database is locked by another process" "$ERR"
check_not_contains "locked: no SQLite error code" "SQLITE" "$ERR"
echo "COMMIT;" >&3
exec 3>&-
wait "$holder"
check_eq "locked: the holder's write survives" 1 \
	"$(sqlite3 "$db" "SELECT count(*) FROM agents WHERE login='holder'")"

# Released within the timeout: temas waits instead of failing.
(echo "BEGIN EXCLUSIVE; INSERT INTO agents(login,name,created_at) VALUES('h2','H',1);"
 sleep 1; echo "COMMIT;") | sqlite3 "$db" >/dev/null 2>&1 &
holder=$!
n=0
while sqlite3 -cmd '.timeout 0' "$db" 'SELECT 1' >/dev/null 2>&1 && [ $n -lt 100 ]; do
	sleep 0.05; n=$((n + 1))
done
TEMAS_BUSY_TIMEOUT_MS=20000 run_cmd agent add later1 -d "$db"
check_eq "lock released in time: temas waits and succeeds" "0" "$RC$ERR"
check_eq "lock released in time: the write is there" 1 \
	"$(sqlite3 "$db" "SELECT count(*) FROM agents WHERE login='later1'")"
wait "$holder"

# --- A file size limit (ulimit -f): the write fails with a message, the
# process is not killed by SIGXFSZ.
db="$T_TMP/limit.db"
(ulimit -f 64; exec "$TEMAS" demo -d "$db") >/dev/null 2>"$T_TMP/err"
rc=$?
check_eq "file size limit: exit 1, not killed" 1 "$rc"
check_contains "file size limit: message" "file too large" "$(cat "$T_TMP/err")"
check_eq "file size limit: one line" 1 "$(wc -l < "$T_TMP/err")"
if [ -e "$db" ]; then
	check_eq "file size limit: what is there is sound" ok \
		"$(sqlite3 "$db" 'PRAGMA integrity_check')"
else
	ok "file size limit: no file left behind"
fi
run_cmd demo -d "$db"
check_eq "file size limit: works once the limit is gone" "0" "$RC$ERR"

# --- A full disk: a small tmpfs (needs root and mount(8)).
mkdir "$T_TMP/full"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=2m tmpfs "$T_TMP/full" 2>/dev/null; then
	mnt="$T_TMP/full"
	dd if=/dev/zero of="$mnt/filler" bs=4k status=none 2>/dev/null
	rm -f "$mnt/filler"
	dd if=/dev/zero of="$mnt/filler" bs=4k count=488 status=none
	db="$mnt/t.db"
	run_cmd init -d "$db"
	check_eq "disk full: exit 1" 1 "$RC"
	check_contains "disk full: message" "$db: " "$ERR"
	check_contains "disk full: says disk is full" "disk is full" "$ERR"
	check_eq "disk full: one line" 1 "$(printf '%s\n' "$ERR" | wc -l)"
	if [ -s "$db" ]; then
		check_eq "disk full: what is there is sound" ok \
			"$(sqlite3 "$db" 'PRAGMA integrity_check')"
	else
		ok "disk full: no partial database"
	fi
	rm -f "$mnt/filler"
	run_cmd init -d "$db"
	check_eq "disk full: works once there is room" "0" "$RC$ERR"
	check_eq "disk full: sound afterwards" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
	umount "$mnt" && mnt=""
else
	for t in "disk full: exit 1" "disk full: message" "disk full: says disk is full" \
		"disk full: one line" "disk full: no partial database" \
		"disk full: works once there is room" "disk full: sound afterwards"; do
		skip "$t" "cannot mount a small tmpfs here (needs root)"
	done
fi

finish
