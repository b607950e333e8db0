#!/bin/sh
# cli_diskfull.sh: a disk that fills up while the database is closed, so
# that the WAL's shared-memory file cannot be made.  Commands that only
# read still work (with one line saying the disk is full and where);
# commands that write say "disk is full", naming the file system, and
# change nothing; the console opens, says why nothing can be changed, and
# keys typed after a refused action never run as queue commands.
# Needs root and mount(8) for a small tmpfs; otherwise every case SKIPs.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

mnt=""
trap '[ -n "$mnt" ] && umount "$mnt" 2>/dev/null; t_cleanup' EXIT
names="read: queue works|read: the warning names the full disk|read: search works|read: show works|write: note exit 1|write: note says disk is full|write: names the file system|write: nothing changed|console: opens on the queue|console: says the disk is full|console: typed keys do not run as commands|console: nothing changed|room again: writes work"
mkdir "$T_TMP/full"
if [ "$(id -u)" -ne 0 ] ||
   ! mount -t tmpfs -o size=2048k,mode=0755 tmpfs "$T_TMP/full" 2>/dev/null; then
	echo "$names" | tr '|' '\n' | while read -r t; do
		T_COUNT=$((T_COUNT + 1))
		echo "ok $T_COUNT - $t # SKIP cannot mount a small tmpfs here (needs root)"
	done
	echo "1..$(echo "$names" | tr '|' '\n' | wc -l)"
	exit 0
fi
mnt="$T_TMP/full"
db="$mnt/t.db"
TEMAS_NOW=1700000000 "$TEMAS" demo -d "$db" --customers 30 --supervisor >/dev/null 2>&1 ||
	{ echo "Bail out! demo on tmpfs failed"; exit 1; }
rm -f "$db-wal" "$db-shm"
notes() { sqlite3 -cmd "PRAGMA locking_mode=EXCLUSIVE" "$db" \
	"SELECT count(*) FROM interactions WHERE direction = 'note'" | tail -1; }
before=$(notes)
dd if=/dev/zero of="$mnt/filler" bs=1k count=4096 status=none 2>/dev/null
rm -f "$db-shm"

run_cmd -d "$db" queue
check_eq "read: queue works" 0 "$RC"
check_contains "read: the warning names the full disk" \
	"disk is full (tmpfs on $mnt): reading only" "$ERR"
run_cmd -d "$db" search kargo
check_eq "read: search works" "0" "$RC"
run_cmd -d "$db" show complaint 1
check_eq "read: show works" "0" "$RC"

run_cmd -d "$db" note 1 --text "merhaba"
check_eq "write: note exit 1" 1 "$RC"
check_contains "write: note says disk is full" "disk is full" "$ERR"
check_contains "write: names the file system" "tmpfs on $mnt" "$ERR"
check_eq "write: nothing changed" "$before" "$(notes)"

if command -v tmux >/dev/null 2>&1; then
	TUI_ENV="TEMAS_NOW=1700000000" tui_start 80 24 -d "$db"
	if tui_wait "Queue:" 10; then ok "console: opens on the queue"
	else not_ok "console: opens on the queue" "$(tui_screen)"; fi
	check_contains "console: says the disk is full" "disk is full" "$(tui_message)"
	# n, then what the agent types for the note; q would quit the queue.
	tui_keys n
	tui_type "qq"
	sleep 1
	check_not_contains "console: typed keys do not run as commands" \
		"TEMAS-EXITED" "$(tui_screen)"
	tui_stop
	check_eq "console: nothing changed" "$before" "$(notes)"
else
	skip "console: opens on the queue" "tmux is not installed"
	skip "console: says the disk is full" "tmux is not installed"
	skip "console: typed keys do not run as commands" "tmux is not installed"
	skip "console: nothing changed" "tmux is not installed"
fi

rm -f "$mnt/filler"
run_cmd -d "$db" note 1 --text "merhaba"
check_eq "room again: writes work" "0" "$RC$ERR"
umount "$mnt" && mnt=""
finish
