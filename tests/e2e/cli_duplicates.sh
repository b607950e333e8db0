#!/bin/sh
# cli_duplicates.sh: temas duplicates lists the customer records that may
# be one person, for a supervisor to merge: one e-mail address whatever its
# case, one phone however it is written (its last ten digits).  The whole
# output is compared: groups newest first, addresses and phones masked as
# `show customer` masks them, names made safe for the terminal.  Merged and
# erased records are not listed; --limit, --by and --format; bad options
# and an agent are refused.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/dup.db"
me=$(id -un)
export TEMAS_DB="$db" TZ=UTC
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
esc=$(printf '\033')

run_cmd agent add "$me" --supervisor
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, email, phone, created_at) VALUES
 (1, 'Ayşe', 'Yılmaz', 'ayse@example.com', '+90 532 111 22 33', 1),
 (2, 'Ayse', 'Yilmaz', 'AYSE@Example.com', NULL, 2),
 (3, 'Can', 'Ak', 'can@example.com', '0532 111 2233', 3),
 (4, 'Deniz', 'Kara', NULL, '(532) 111-22-33', 4),
 (5, 'Ece', 'Su', 'ece@example.com', '+90 533 000 00 01', 5),
 (6, 'Fatma', 'Öz', 'ece@example.com', '+90 533 000 00 02', 6),
 (7, 'Gül${esc}]0;x${esc}\\\\', 'Ta', 'gul@example.com', '0212 555 0000', 7),
 (8, 'Gül', 'Ta', 'gul@example.com', '+90 212 555 00 00', 8),
 (9, 'Ayşe Nur', 'Yılmaz Demirtaş', NULL, NULL, 9);"

run_cmd duplicates
check_eq "duplicates: exit 0" 0 "$RC"
check_eq "duplicates: the whole list" "Customer records that may be one person; merge a newer one into the oldest with: temas merge customer NEWER OLDEST
One e-mail address:
  g***@e***.com: #7 Gül\\ Ta, #8 Gül Ta
  e***@e***.com: #5 Ece Su, #6 Fatma Öz
  a***@e***.com: #1 Ayşe Yılmaz, #2 Ayse Yilmaz
One phone (its last ten digits):
  02** *** **00: #7 Gül\\ Ta, #8 Gül Ta
  +90 5** *** ** 33: #1 Ayşe Yılmaz, #3 Can Ak, #4 Deniz Kara" "$OUT"
check_not_contains "no escape character reaches the terminal" "$esc" "$OUT"

run_cmd duplicates --by phone --limit 1
check_eq "--by phone --limit 1: the newest group and how many more" "Customer records that may be one person; merge a newer one into the oldest with: temas merge customer NEWER OLDEST
One phone (its last ten digits):
  02** *** **00: #7 Gül\\ Ta, #8 Gül Ta
  ... 1 more (--limit N shows more)" "$OUT"

run_cmd duplicates --by email --format tsv
check_eq "--format tsv: a line a group" "email	g***@e***.com	7 8
email	e***@e***.com	5 6
email	a***@e***.com	1 2" "$OUT"
check_eq "--format tsv: nothing on standard error when all are shown" "" "$ERR"
run_cmd duplicates --by email --format tsv --limit 2
check_eq "--format tsv --limit 2: two lines" 2 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
check_eq "--format tsv --limit 2: standard error says rows were left out" \
	"temas: duplicates: 2 of 3 groups by email shown; --limit N shows more" "$ERR"

# A merged record and an erased one are no longer candidates.
run_cmd merge customer 2 1 --yes
run_cmd erase customer 8 --yes
run_cmd duplicates --format tsv
check_eq "merged and erased records are left out" "email	e***@e***.com	5 6
phone	+90 5** *** ** 33	1 3 4" "$OUT"

# A search lists a merged pair once, and the pair takes one place of the
# --limit: the other Ayşe, ranked after them, is there too.
ids() { printf '%s\n' "$1" | sed -n 's/^{"customers":\[\(.*\)\],"customers_more":\([a-z]*\).*/\1 \2/p' |
	sed 's/{"id":\([0-9]*\)[^}]*}/\1/g'; }
run_cmd search ayse --limit 1 --format json
check_eq "search --limit 1: the merged pair once, and more" "1 true" "$(ids "$OUT")"
run_cmd search ayse --limit 2 --format json
check_eq "search --limit 2: both people, no more" "1,9 false" "$(ids "$OUT")"

before=$(q "SELECT count(*) FROM customer_merges")
run_cmd duplicates --by name
check_eq "--by name: exit 2" 2 "$RC"
check_eq "--by name: message" "temas: duplicates: --by takes email or phone, not 'name'" "$ERR"
run_cmd duplicates --limit 0
check_eq "--limit 0: exit 2" 2 "$RC"
check_eq "--limit 0: message" \
	"temas: duplicates: --limit takes a number from 1 to 1000000, not '0'" "$ERR"
run_cmd duplicates --format json
check_eq "--format json: exit 2" 2 "$RC"
check_eq "--format json: message" "temas: duplicates: --format takes text or tsv, not 'json'" "$ERR"
q "UPDATE agents SET role='agent' WHERE login='$me'"
run_cmd duplicates
check_eq "an agent: exit 5" 5 "$RC"
check_contains "an agent: told it is for supervisors" "supervisor" "$ERR"
check_eq "nothing changed" "$before" "$(q "SELECT count(*) FROM customer_merges")"

finish
