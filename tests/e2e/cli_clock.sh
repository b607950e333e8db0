#!/bin/sh
# cli_clock.sh: the clock the tests pin (TEMAS_NOW) exists only in the test
# suite's build.  The program that is installed ignores it, so nobody can
# backdate a reply to hide an SLA breach or write history in 2001.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/c.db"
demo_db "$db" --customers 10 --supervisor
id=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open ORDER BY id LIMIT 1")
last_note_at() { sqlite3 "$db" "SELECT max(at) FROM interactions WHERE direction='note'"; }

check "the shipped program exists beside the test build" test -x "$TEMAS_SHIPPED"
TEMAS_NOW=978307200 "$TEMAS_SHIPPED" -d "$db" note "$id" --text "backdated?" >/dev/null
at=$(last_note_at)
now=$(date +%s)
check "installed temas: TEMAS_NOW=2001 does not backdate a note (at $at)" \
	test "$at" -ge $((now - 600)) -a "$at" -le $((now + 600))
check "installed temas: no audit row in 2001 either" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE at < 1000000000")" -eq 0
check "installed temas: the string TEMAS_NOW is not in the program" \
	sh -c "! grep -q TEMAS_NOW '$TEMAS_SHIPPED'"
TEMAS_NOW=978307200 "$TEMAS" -d "$db" note "$id" --text "test clock" >/dev/null
check_eq "the test build honours the pinned clock" 978307200 \
	"$(sqlite3 "$db" "SELECT at FROM interactions WHERE body='test clock'")"
finish
