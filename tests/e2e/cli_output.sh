#!/bin/sh
# cli_output.sh: a command whose output cannot be written (a full disk,
# here /dev/full) says so and fails, instead of leaving a cut file behind
# an exit status of 0; commands that check their own writes say it once.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

if [ ! -c /dev/full ] || ! [ -w /dev/full ]; then
	echo "1..0 # SKIP no writable /dev/full"
	exit 0
fi
db="$T_TMP/out.db"
demo_db "$db" --customers 200
sqlite3 "$db" "UPDATE agents SET role = 'supervisor' WHERE login = '$(id -un)'"
full() {   # full NAME ARGS...: the command with its output on a full disk
	name=$1; shift
	"$TEMAS" -d "$db" "$@" > /dev/full 2> "$T_TMP/err"
	rc=$?
	check_eq "$name: exit 1" 1 "$rc"
	check_eq "$name: says why, once" \
		"temas: cannot write the output: No space left on device" \
		"$(cat "$T_TMP/err")"
}
full "queue" queue
full "queue --format json" queue --format json
full "queue --format tsv" queue --format tsv
full "show customer" show customer 5
full "search" search ali
full "agent list" agent list
full "tags" tags
full "templates list" templates list

# export and report check their own writes: their message, once.
"$TEMAS" -d "$db" export customers > /dev/full 2> "$T_TMP/err"
check_eq "export: exit 1" 1 "$?"
check_eq "export: one message" 1 "$(wc -l < "$T_TMP/err")"
"$TEMAS" -d "$db" report > /dev/full 2> "$T_TMP/err"
check_eq "report: exit 1" 1 "$?"
check_eq "report: one message" 1 "$(wc -l < "$T_TMP/err")"
printf 'queue\n' | "$TEMAS" -d "$db" batch > /dev/full 2> "$T_TMP/err"
check_eq "batch: exit 1" 1 "$?"
check_eq "batch: one message" "temas: batch: cannot write the output: No space left on device" \
	"$(cat "$T_TMP/err")"

# The same commands with somewhere to write: exit 0, nothing said.
"$TEMAS" -d "$db" queue > "$T_TMP/q.txt" 2> "$T_TMP/err"
check_eq "queue to a file: exit 0, nothing on stderr" "0|" "$?|$(cat "$T_TMP/err")"
finish
