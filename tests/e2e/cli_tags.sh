#!/bin/sh
# cli_tags.sh: tags on complaints from a shell: several complaints at once
# (one refused, the others still done and the refused one named), bad tags
# refused with nothing changed, the queue's tag filter in every format,
# the tags in use, and the audit rows.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/tags.db"
me=$(id -un)
export TEMAS_DB="$db" TZ=UTC

run_cmd agent add "$me" --supervisor --name "Şule Demir"
run_cmd agent add ayse --name "Ayşe Kaya"
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, lang, created_at) VALUES(7, 'İpek', 'Işık', 'tr', 1);
INSERT INTO complaints(id, customer_id, channel, subject, opened_at,
  first_response_due, resolution_due) VALUES
  (3, 7, 'email', 'Kargo nerede?', 1, 2000000000, 2000000000),
  (4, 7, 'email', 'Fatura yanlış', 1, 2000000001, 2000000001),
  (5, 7, 'chat', 'İade', 1, 2000000002, 2000000002);"
run_cmd claim 4 --as ayse
# The first agent of a file is its supervisor; here we are an agent.
sqlite3 "$db" "UPDATE agents SET role='agent' WHERE login='$me'"

count() { sqlite3 "$db" "SELECT count(*) FROM complaint_tags"; }

# Several at once: 4 is ayse's, so it is refused and named; 3 and 5 are done.
run_cmd tag 3 4 5 add kargo gecikme
check_eq "tag 3 4 5: one refused, exit 5" 5 "$RC"
check_eq "tag 3 4 5: the refused one named" \
	"temas: complaint 4 is held by ayse; only they or a supervisor can change it" "$ERR"
check_contains "tag 3 4 5: 3 done" "complaint 3 tagged" "$OUT"
check_contains "tag 3 4 5: 5 done" "complaint 5 tagged" "$OUT"
check_eq "tag 3 4 5: four rows (two tags on two complaints)" 4 "$(count)"
check_eq "tag: one audit row per complaint" "3|+kargo +gecikme
5|+kargo +gecikme" \
	"$(sqlite3 "$db" "SELECT complaint_id, detail FROM audit WHERE action='tag' ORDER BY complaint_id")"

run_cmd tag 3 add kargo
check_eq "a tag already there: exit 0" 0 "$RC"
check_eq "a tag already there: no second row" 4 "$(count)"
check_eq "a tag already there: no audit row (nothing changed)" 2 \
	"$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action='tag'")"

run_cmd tag 3 5
check_eq "tag without a verb: each complaint's tags, in name order" "3	gecikme kargo
5	gecikme kargo" "$OUT"

run_cmd tag 5 add İadeŞüpheli
check_eq "Turkish letters are fine" 0 "$RC"
run_cmd tag 5 remove gecikme
check_eq "remove: exit 0" 0 "$RC"
check_eq "remove: audited" "-gecikme" \
	"$(sqlite3 "$db" "SELECT detail FROM audit WHERE action='tag' ORDER BY id DESC LIMIT 1")"
run_cmd tag 5
check_eq "remove: gone" "5	kargo İadeŞüpheli" "$OUT"

# Bad tags: a clear message, exit 2, nothing changed.
before=$(count)
run_cmd tag 3 add "iki kelime"
check_eq "a blank in a tag: exit 2" 2 "$RC"
check_eq "a blank in a tag: message" \
	"temas: bad tag 'iki kelime': a tag cannot hold blanks, commas or control characters" "$ERR"
run_cmd tag 3 add "a,b"
check_eq "a comma in a tag: exit 2" 2 "$RC"
run_cmd tag 3 add "$(printf 'x\033[31my')"
check_eq "an escape in a tag: exit 2" 2 "$RC"
check_not_contains "an escape in a tag: not echoed" "$(printf '\033')" "$ERR"
run_cmd tag 3 add "$(printf 'bad\377')"
check_eq "a tag that is not UTF-8: exit 2" 2 "$RC"
check_contains "a tag that is not UTF-8: message" "a tag must be UTF-8 text" "$ERR"
run_cmd tag 3 add 123456789012345678901234567890123
check_eq "a tag of 33 characters: exit 2" 2 "$RC"
check_contains "a tag of 33 characters: message" "at most 32 characters" "$ERR"
run_cmd tag 3 add ğğğğğğğğğğğğğğğğğğğğğğğğğğğğğğğğ
check_eq "32 Turkish letters (64 bytes) are a tag" 0 "$RC"
run_cmd tag 3 remove ğğğğğğğğğğğğğğğğğğğğğğğğğğğğğğğğ
audits=$(sqlite3 "$db" "SELECT count(*) FROM audit")
run_cmd tag 3 add -- -x
check_eq "a tag starting with '-': exit 2" 2 "$RC"
run_cmd tag 3 add ok "iki kelime"
check_eq "one bad tag among good ones: exit 2" 2 "$RC"
check_eq "bad tags changed nothing" "$before" "$(count)"
run_cmd tag 3 add
check_eq "no tag given: exit 2" 2 "$RC"
run_cmd tag add x
check_eq "no complaint given: exit 2" 2 "$RC"
run_cmd tag 3 99 add x
check_eq "an unknown complaint among them: exit 3" 3 "$RC"
check_eq "an unknown complaint: nothing changed" "$before" "$(count)"
check_eq "bad input wrote no audit row" "$audits" \
	"$(sqlite3 "$db" "SELECT count(*) FROM audit")"

# The queue's filter.
run_cmd queue --tag kargo --format tsv
check_eq "queue --tag: only the tagged ones" "3
5" "$(printf '%s\n' "$OUT" | cut -f1)"
check_eq "queue tsv: tags are the last column" "gecikme kargo" \
	"$(printf '%s\n' "$OUT" | head -1 | cut -f12)"
run_cmd queue --tag kargo
check_contains "queue text: tags before the subject" "[gecikme kargo] Kargo nerede?" "$OUT"
run_cmd queue --tag İadeŞüpheli --format json
check_contains "queue json: tags as a list" '"tags":["kargo","İadeŞüpheli"]' "$OUT"
run_cmd queue --tag yok
check_eq "queue --tag nobody has: empty" "no open complaints" "$OUT"
run_cmd queue --tag "a b"
check_eq "queue --tag with a bad tag: exit 2" 2 "$RC"

run_cmd tags
check_eq "tags: each with open and all complaints" "gecikme	1	1
kargo	2	2
İadeŞüpheli	1	1" "$OUT"
run_cmd tags x
check_eq "tags takes no arguments: exit 2" 2 "$RC"

# A supervisor may tag what someone else holds.
sqlite3 "$db" "UPDATE agents SET role='supervisor' WHERE login='$me'"
run_cmd tag 4 add fatura
check_eq "a supervisor tags another's complaint" 0 "$RC"

# The report counts complaints per tag.
run_cmd report --since 1970-01-01 --format json
check_contains "report: a tags section" '"tags"' "$OUT"
run_cmd report --since 1970-01-01
check_contains "report text: complaints by tag" "Complaints by tag" "$OUT"

# A tag is one word however it is typed: the first spelling is the one
# kept, the others find it, filter by it and remove it.
run_cmd tag 3 add İptal
run_cmd tag 5 add iptal IPTAL ıptal
check_eq "a tag typed four ways: one tag, on two complaints" "İptal	2	2" \
	"$("$TEMAS" tags | grep -i 'ptal')"
check_eq "the spelling first used is the one filed" "3|İptal
5|İptal" "$(sqlite3 "$db" "SELECT complaint_id, tag FROM complaint_tags
	WHERE tag LIKE '%ptal' ORDER BY 1")"
check_eq "the audit says the spelling filed" "5|+İptal" \
	"$(sqlite3 "$db" "SELECT complaint_id, detail FROM audit WHERE action='tag'
	ORDER BY id DESC LIMIT 1")"
run_cmd queue --tag IPTAL --format tsv
check_eq "queue --tag in capitals finds both" "3
5" "$(printf '%s\n' "$OUT" | cut -f1 | sort)"
run_cmd tag 5 remove iptal
check_eq "removed as typed in small letters" "3|İptal" \
	"$(sqlite3 "$db" "SELECT complaint_id, tag FROM complaint_tags
	WHERE tag LIKE '%ptal' ORDER BY 1")"

# A file of an older schema, where the spellings were tags of their own,
# is mended on upgrade: the spelling most used stays, the others become
# it (a complaint with two of them keeps one), and the counters agree.
sqlite3 "$db" "DROP TABLE tag_names; PRAGMA user_version = 31;
 INSERT INTO complaint_tags(complaint_id, tag, added_at) VALUES
  (3, 'HASAR', 1), (4, 'hasar', 1), (5, 'hasar', 1), (5, 'Hasar', 1);"
run_cmd tags
check_eq "upgrade: one tag, the most used spelling, on each complaint once" \
	"hasar	3	3" "$(printf '%s\n' "$OUT" | grep -i '^hasar')"
check_eq "upgrade: the rows respelled" "3|hasar
4|hasar
5|hasar" "$(sqlite3 "$db" "SELECT complaint_id, tag FROM complaint_tags
	WHERE lower(tag) = 'hasar' ORDER BY 1")"
run_cmd reindex --summaries --check
check_eq "upgrade: the tag counters agree with the rows" 0 "$RC"

finish
