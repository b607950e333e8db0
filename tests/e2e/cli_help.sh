#!/bin/sh
# cli_help.sh: every command answers --help (and -h) with its usage on
# standard output and exit 0, wherever --help stands among its words;
# 27 of them called it an unknown option and exited 2.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/help.db"
demo_db "$db" --customers 50
cmds=$("$TEMAS" --help | awk '/^Commands:/ { f = 1; next } f && /^  [a-z]/ { print $1 }')
check "temas --help lists the commands" [ "$(printf '%s\n' "$cmds" | wc -l)" -gt 30 ]
for cmd in $cmds; do
	for h in --help -h; do
		run_cmd -d "$db" "$cmd" "$h"
		check_eq "$cmd $h: exit 0, nothing on stderr" "0|" "$RC|$ERR"
		check_match "$cmd $h: a usage naming the command" \
			"^Usage: temas .*$cmd" "$(printf '%s\n' "$OUT" | head -1)"
	done
done
# After other words, and without a database for the commands that do not
# answer it themselves.
run_cmd -d "$db" claim 5 --help
check_eq "claim 5 --help: exit 0" 0 "$RC"
check_match "claim 5 --help: the usage" "^Usage: temas claim ID" "$OUT"
run_cmd -d "$db" agent add someone --help
check_eq "agent add someone --help: exit 0, nobody added" "0|0" \
	"$RC|$(sqlite3 "$db" "SELECT count(*) FROM agents WHERE login = 'someone'")"
OUT=$(env -u TEMAS_DB XDG_DATA_HOME="$T_TMP/none" "$TEMAS" note --help 2>&1)
check_eq "note --help with no database: exit 0" 0 "$?"
check_contains "note --help with no database: the usage" "Usage: temas [-d FILE] note" "$OUT"
finish
