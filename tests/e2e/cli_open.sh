#!/bin/sh
# cli_open.sh: every way a database file can be wrong gets one clear line
# naming the file and the problem, a non-zero exit status, and no change.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/t.db"

run_cmd -d "$T_TMP/missing.db"
check_eq "missing database: exit 3" 3 "$RC"
check_eq "missing database: message" \
	"temas: $T_TMP/missing.db: no such database (create one with 'temas init' or 'temas demo')" "$ERR"
check "missing database: file not created" test ! -e "$T_TMP/missing.db"

run_cmd demo -d "$T_TMP/no/such/dir/t.db"
check_eq "missing directory: exit 1" 1 "$RC"
check_eq "missing directory: message" \
	"temas: $T_TMP/no/such/dir/t.db: cannot create database: directory $T_TMP/no/such/dir does not exist" "$ERR"

printf 'id,name\n1,Ayşe\n%0200d\n' 0 > "$T_TMP/data.csv"
cp "$T_TMP/data.csv" "$T_TMP/data.orig"
run_cmd demo -d "$T_TMP/data.csv"
check_eq "not a database: message" "temas: $T_TMP/data.csv: not a SQLite database" "$ERR"
check "not a database: file unchanged" cmp -s "$T_TMP/data.csv" "$T_TMP/data.orig"

: > "$T_TMP/empty.db"
run_cmd -d "$T_TMP/empty.db"
check_eq "empty file: message" "temas: $T_TMP/empty.db: file is empty, not a temas database" "$ERR"
check_eq "empty file: exit 1" 1 "$RC"

run_cmd -d "$db" demo --customers 50
check_eq "demo on a new file: exit 0" 0 "$RC"
check "demo database has the schema" test "$(sqlite3 "$db" 'PRAGMA user_version')" -ge 1

sqlite3 "$db" 'PRAGMA user_version=999' >/dev/null
sum=$(sqlite3 "$db" 'SELECT count(*) FROM customers')
run_cmd -d "$db"
check_eq "newer schema: refused" 1 "$RC"
check_contains "newer schema: message" "schema version 999 is newer than this temas understands" "$ERR"
check_eq "newer schema: data untouched" "$sum" "$(sqlite3 "$db" 'SELECT count(*) FROM customers')"

run_cmd --bogus-command
check_eq "unknown command: exit 2" 2 "$RC"
check_contains "unknown command: message names it" "unknown command '--bogus-command'" "$ERR"

run_cmd --version
check_contains "--version" "temas " "$OUT"
run_cmd --help
check_contains "--help lists demo" "demo" "$OUT"

# An empty file name is a usage error, named as one.
run_cmd -d '' queue
check_eq "-d '': exit 2" 2 "$RC"
check_eq "-d '': says so" "temas: option -d needs a file name" "$ERR"
finish
