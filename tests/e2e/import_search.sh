#!/bin/sh
# import_search.sh: what an import writes is searchable when it commits,
# and what it replaced is not.  An import gives the search index its rows
# in one pass at the end, not row by row; a refused import leaves the
# index as it was and keeping it current for every other writer.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/t.db"
"$TEMAS" -d "$db" agent add "$(id -un)" --supervisor >/dev/null

found() {   # found QUERY: the search's text output, or "none"
	out=$("$TEMAS" -d "$db" search "$@" 2>/dev/null) || out=none
	printf '%s\n' "$out"
}

printf '%s\n' 'ext_id,first_name,last_name,email,phone' \
	'c1,Gülşen,Yıldırım,gulsen@example.com,+90 532 111 22 33' \
	'c2,Ahmet,Kırmızıgül,,' > "$T_TMP/c.csv"
run_cmd -d "$db" import customers "$T_TMP/c.csv"
check_eq "customers: exit 0" 0 "$RC"
check_contains "an imported name is found" "Gülşen Yıldırım" "$(found yildirim)"
check_contains "found by a folded query" "Ahmet Kırmızıgül" "$(found KIRMIZIGUL)"
check_contains "found by phone digits" "Gülşen Yıldırım" "$(found 5321112233)"

printf '%s\n' 'ext_id,first_name,last_name,email,phone' \
	'c1,Gülşen,Akbulut,gulsen@example.com,+90 532 111 22 33' > "$T_TMP/c2.csv"
run_cmd -d "$db" import customers "$T_TMP/c2.csv"
check_eq "renamed: exit 0" 0 "$RC"
check_contains "the new name is found" "Gülşen Akbulut" "$(found akbulut)"
check_eq "the old name is gone from the index" none "$(found yildirim)"

printf '%s\n' 'number,customer_ext_id,status,total,placed_at' \
	'ZX-4711,c1,placed,10.00,2025-01-02T10:00:00Z' > "$T_TMP/o.csv"
run_cmd -d "$db" import orders "$T_TMP/o.csv"
check_contains "an imported order is found" "ZX-4711" "$(found ZX-4711)"

printf '%s\n' 'ext_id,customer_ext_id,channel,direction,at,subject,body' \
	'm1,c1,email,in,2025-01-03T10:00:00Z,Kargo,Paketim ezik geldi' \
	'm2,c2,phone,in,2025-01-03T11:00:00Z,,Faturam yanlış' > "$T_TMP/i.csv"
run_cmd -d "$db" import interactions "$T_TMP/i.csv"
check_contains "an imported message is found" "ezik" "$(found --format tsv ezik)"
printf '%s\n' 'ext_id,customer_ext_id,channel,direction,at,subject,body' \
	'm1,c1,email,in,2025-01-03T10:00:00Z,Kargo,Paketim kırık geldi' > "$T_TMP/i2.csv"
run_cmd -d "$db" import interactions "$T_TMP/i2.csv"
check_contains "a message's new text is found" "kırık" "$(found --format tsv kirik)"
check_eq "its old text is gone from the index" none "$(found ezik)"

# A refused file: its good first row must not reach the index either.
printf '%s\n' 'ext_id,first_name,last_name,tier' \
	'c3,Zerrin,Ozansoy,gold' 'c4,Bad,Row,diamond' > "$T_TMP/bad.csv"
run_cmd -d "$db" import customers "$T_TMP/bad.csv"
check_eq "refused: exit 1" 1 "$RC"
check_eq "a refused file's rows are not found" none "$(found ozansoy)"
check_eq "the index is not left suspended" 0 \
	"$(sqlite3 "$db" 'SELECT suspended FROM search_state')"
check_eq "nothing is left queued" 0 "$(sqlite3 "$db" 'SELECT count(*) FROM search_queue')"

# Other writers keep the index current after an import (their triggers
# are on again), and a rebuild finds exactly what the import indexed.
sqlite3 "$db" "INSERT INTO customers(ext_id, first_name, last_name, created_at)
	VALUES('c9', 'Nermin', 'Taşdelen', 0)"
check_contains "a row written by another program is found" "Nermin" "$(found tasdelen)"
before=$(found --format tsv gulsen; found --format tsv kirik; found --format tsv ZX-4711)
"$TEMAS" -d "$db" reindex >/dev/null 2>&1
check_eq "a rebuilt index finds the same" "$before" \
	"$(found --format tsv gulsen; found --format tsv kirik; found --format tsv ZX-4711)"
check_eq "rebuilt: the old name is still not found" none "$(found yildirim)"
finish
