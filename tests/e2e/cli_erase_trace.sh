#!/bin/sh
# cli_erase_trace.sh: after `temas erase`, no copy of the erased words is
# left anywhere in the database's files: not in the tables, not in the
# search index's segments (a contentless index keeps deleted words until
# its segments are merged), not in freed pages, not in the WAL.  The words
# are planted through ingest so that they are indexed; the raw bytes of the
# files are searched before (they must be there, or the check proves
# nothing) and after.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/e.db"
demo_db "$db" --customers 40 --supervisor
# Distinctive words: an identity number, a surname, a word of her message,
# and their folded forms as the index stores them.
printf '%s\n' '{"channel":"social","phone":"0555 918 27 36","name":"Qüvvetnur Xanthoğlu","text":"Kimlik numaram 73910482615, zümrütkuşu siparişim gelmedi","message_id":"ig-erase-1"}' |
	"$TEMAS" -d "$db" ingest --json >/dev/null || echo "Bail out! ingest failed"
cust=$(sqlite3 "$db" "SELECT customer_id FROM interactions WHERE ext_id='ig-erase-1'")
"$TEMAS" -d "$db" reindex >/dev/null 2>&1
"$TEMAS" -d "$db" search --format tsv zümrütkuşu >/dev/null 2>&1
raw() { cat "$db" "$db-wal" 2>/dev/null | grep -a -c -e "$1" ; }
for w in 73910482615 zümrütkuşu xanthoglu; do
	check "before erasure the raw file holds '$w'" test "$(raw "$w")" -gt 0
done

run_cmd -d "$db" erase customer "$cust" --yes
check_eq "erase: exit 0" 0 "$RC"
for w in 73910482615 zümrütkuşu zumrutkusu Xanthoğlu xanthoglu Qüvvetnur "918 27 36"; do
	check_eq "after erasure no copy of '$w' in the database's files" 0 "$(raw "$w")"
done
run_cmd -d "$db" search --format tsv zumrutkusu
check_eq "the erased word finds nothing" 3 "$RC"
check_eq "the database is sound" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
run_cmd -d "$db" search --format tsv sipariş
check_eq "other customers' messages are still found" 0 "$RC"
finish
