#!/bin/sh
# cli_input_files.sh: a directory (or a device) named where a command
# reads a file is called what it is, in every command that reads one:
# "FILE: is a directory", and the command fails without changing anything.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/t.db"
"$TEMAS" -d "$db" agent add "$(id -un)" --supervisor >/dev/null
cd "$T_TMP" || exit 1
mkdir adir
printf 'ext_id,first_name\nC1,Ali\n' > c.csv
before=$(sqlite3 "$db" .dump)

dir_refused() {   # dir_refused NAME ARGS...: refused, naming the directory
	name=$1; shift
	run_cmd -d "$db" "$@"
	check "$name: fails" test "$RC" -ne 0
	check_contains "$name: says it is a directory" "adir: is a directory" "$ERR"
}
dir_refused "import" import customers adir
dir_refused "import --dry-run" import --dry-run customers adir
dir_refused "import --jsonl" import --jsonl adir
dir_refused "import --map" import customers --map adir c.csv
dir_refused "macro add" macro add adir
dir_refused "calendar import" calendar import adir
dir_refused "templates load" templates load adir
dir_refused "reply --file" reply 1 --file adir
check_eq "nothing changed" "$before" "$(sqlite3 "$db" .dump)"

# A block device is no file to read either; a pipe or /dev/stdin is.
dev=$(find /dev -maxdepth 1 -type b 2>/dev/null | head -n 1)
if [ -n "$dev" ] && [ -r "$dev" ]; then
	run_cmd -d "$db" import --dry-run customers "$dev"
	check_eq "a block device: refused by name" "1|temas: $dev: is not a regular file" \
		"$RC|$(printf '%s\n' "$ERR" | head -n 1)"
else
	skip "a block device: refused by name" "no readable block device"
fi
run_cmd -d "$db" import --dry-run customers /dev/stdin < c.csv
check_eq "/dev/stdin still reads" "0|/dev/stdin: 1 rows are valid; nothing imported (dry run)" "$RC|$OUT"

finish
