#!/bin/sh
# cli_merge.sh: temas merge and temas link: interactions move, the merged
# complaint closes pointing at the one that stays, both audited; merging
# into itself, into a closed one, across customers and with bad words is
# refused with a message and changes nothing.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/merge.db"
me=$(id -un)
export TEMAS_DB="$db" TZ=UTC

run_cmd agent add "$me" --supervisor
run_cmd agent add ayse
run_cmd agent add can
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, created_at) VALUES(7, 'İpek', 'Işık', 1), (8, 'Can', 'Ak', 1);
INSERT INTO complaints(id, customer_id, channel, subject, opened_at,
  first_response_due, resolution_due) VALUES
  (1, 7, 'email', 'Kargo nerede?', 1, 2, 3),
  (2, 7, 'chat', 'Kargo gelmedi', 1, 2, 3),
  (3, 8, 'email', 'Fatura', 1, 2, 3),
  (4, 7, 'email', 'Eski', 1, 2, 3);
INSERT INTO interactions(customer_id, complaint_id, channel, direction, at, body) VALUES
  (7, 1, 'email', 'in', 10, 'ilk mesaj'),
  (7, 2, 'chat', 'in', 20, 'ikinci mesaj'),
  (7, 2, 'chat', 'in', 30, 'üçüncü mesaj');
UPDATE complaints SET status='closed' WHERE id=4;"

snapshot() { sqlite3 "$db" "SELECT group_concat(id||':'||status||':'||coalesce(merged_into,'-'),' ') FROM complaints; SELECT group_concat(id||'>'||complaint_id,' ') FROM interactions; SELECT count(*) FROM audit WHERE action IN ('merge','merged-in','link');"; }
before=$(snapshot)

run_cmd merge 2 2
check_eq "merge into itself: exit 5" 5 "$RC"
check_eq "merge into itself: message" "temas: complaint 2 cannot be merged into itself" "$ERR"
run_cmd merge 2 3
check_eq "merge across customers: exit 5" 5 "$RC"
check_eq "merge across customers: message" \
	"temas: complaints 2 and 3 belong to different customers (7, 8); a supervisor may merge them with --other-customer" "$ERR"
run_cmd merge 2 3 --other-customer --as ayse
check_eq "another customer's, not a supervisor: exit 5" 5 "$RC"
check_eq "another customer's, not a supervisor: message" \
	"temas: only a supervisor can merge complaints of different customers" "$ERR"
run_cmd merge 2 4
check_eq "merge into a closed one: exit 5" 5 "$RC"
check_eq "merge into a closed one: message" \
	"temas: complaint 4 is closed; merge only into an open complaint" "$ERR"
run_cmd merge 2 99
check_eq "merge into a missing one: exit 3" 3 "$RC"
check_contains "merge into a missing one: named" "99" "$ERR"
run_cmd merge 2
check_eq "merge with one id: exit 2" 2 "$RC"
check_contains "merge with one id: usage" "temas merge SRC INTO" "$ERR"
run_cmd merge 2 1 --sideways
check_eq "merge with an unknown option: exit 2" 2 "$RC"
run_cmd merge x2 1
check_eq "merge of a word that names nothing: exit 3" 3 "$RC"
sqlite3 "$db" "UPDATE complaints SET assignee_id=(SELECT id FROM agents WHERE login='can') WHERE id=1"
run_cmd merge 2 1 --as ayse
check_eq "merge into a complaint another agent holds: exit 5" 5 "$RC"
check_eq "merge into another agent's: message" \
	"temas: complaint 1 is held by can; only they or a supervisor can merge it" "$ERR"
check_eq "refusals changed nothing" "$before" "$(snapshot)"

run_cmd merge 2 1
check_eq "merge: exit 0" 0 "$RC"
check_eq "merge: says what moved" "complaint 2 merged into 1 (2 interactions moved)" "$OUT"
check_eq "interactions moved to the target" "1>1 2>1 3>1" \
	"$(sqlite3 "$db" "SELECT group_concat(id||'>'||complaint_id,' ') FROM interactions")"
check_eq "the source is closed and points at the target" "closed|1|merged into 1" \
	"$(sqlite3 "$db" "SELECT status, merged_into, resolution FROM complaints WHERE id=2")"
check_eq "both sides audited" "merge|2|into 1, 2 interactions merged-in|1|from 2, 2 interactions" \
	"$(sqlite3 "$db" "SELECT group_concat(action||'|'||complaint_id||'|'||detail,' ') FROM audit WHERE action LIKE 'merge%'")"
run_cmd show complaint 2
check_contains "show: the merged one points to the target" "Merged into: 1" "$OUT"
run_cmd show complaint 1
check_contains "show: the target has the moved messages" "üçüncü mesaj" "$OUT"
run_cmd merge 2 1
check_eq "merge again: exit 5" 5 "$RC"
check_eq "merge again: message" "temas: complaint 2 is already merged into 1" "$ERR"

sqlite3 "$db" "UPDATE complaints SET assignee_id=NULL WHERE id=1"
run_cmd merge 3 1 --other-customer
check_eq "a supervisor merges across customers with the flag: exit 0" 0 "$RC"
check_eq "across customers: 0 interactions" "complaint 3 merged into 1 (0 interactions moved)" "$OUT"

seed_sql "$db" "INSERT INTO complaints(id, customer_id, channel, subject, opened_at,
  first_response_due, resolution_due) VALUES (5, 8, 'email', 'Başka', 1, 2, 3);"
run_cmd link 1 5
check_eq "link: exit 0" 0 "$RC"
check_eq "link: message" "complaints 1 and 5 are linked" "$OUT"
run_cmd link 5 1
check_eq "link again, other order: exit 0" 0 "$RC"
check_eq "link again: says so" "complaints 5 and 1 were already linked" "$OUT"
check_eq "one link row" 1 "$(sqlite3 "$db" "SELECT count(*) FROM complaint_links")"
check_eq "link audited on both" 2 "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action='link'")"
run_cmd show complaint 1
check_contains "show: the link on one side" "Linked:   5" "$OUT"
run_cmd show complaint 5
check_contains "show: the link on the other side" "Linked:   1" "$OUT"
run_cmd link 5 5
check_eq "link to itself: exit 5" 5 "$RC"
check_eq "link to itself: message" "temas: complaint 5 cannot be linked to itself" "$ERR"
run_cmd link 5 77
check_eq "link to a missing one: exit 3" 3 "$RC"
run_cmd link 5
check_eq "link with one id: exit 2" 2 "$RC"
check_contains "link with one id: usage" "temas link A B" "$ERR"

# ---- drafts go with the merge ----
ay=$(sqlite3 "$db" "SELECT id FROM agents WHERE login='ayse'")
cn=$(sqlite3 "$db" "SELECT id FROM agents WHERE login='can'")
seed_sql "$db" "INSERT INTO complaints(id, customer_id, channel, subject, opened_at,
  first_response_due, resolution_due) VALUES (10, 7, 'email', 'A', 1, 2, 3),
  (11, 7, 'email', 'B', 1, 2, 3);
INSERT INTO drafts(agent_id, complaint_id, kind, body, updated_at) VALUES
  ($ay, 10, 'note', 'ayşenin notu', 1), ($cn, 10, 'reply', 'canın yanıtı', 1),
  ($ay, 10, 'resolution', 'çözüm notu', 1), ($ay, 11, 'note', 'öbür not', 1);
INSERT INTO draft_attachments(agent_id, complaint_id, name, content_type, size, data)
  VALUES ($cn, 10, 'f.pdf', 'application/pdf', 1, x'25');"
run_cmd merge 10 11
check_eq "one agent's two note drafts: refused (exit 4)" 4 "$RC"
check_eq "... saying whose and which" \
	"temas: ayse has a note draft on both 10 and 11; it is sent or discarded on one of them before they are merged" "$ERR"
check_eq "... and nothing merged" open \
	"$(sqlite3 "$db" "SELECT CASE WHEN status='closed' THEN 'closed' ELSE 'open' END FROM complaints WHERE id=10")"
seed_sql "$db" "DELETE FROM drafts WHERE complaint_id=11"
run_cmd merge 10 11
check_eq "merged" 0 "$RC"
check_eq "the drafts moved with it, a resolution note's too" \
	"$ay:note:ayşenin notu $ay:resolution:çözüm notu $cn:reply:canın yanıtı" \
	"$(sqlite3 "$db" "SELECT group_concat(agent_id || ':' || kind || ':' || body, ' ') FROM
		(SELECT * FROM drafts WHERE complaint_id=11 ORDER BY agent_id, kind)")"
check_eq "and the draft's file" "11" \
	"$(sqlite3 "$db" "SELECT complaint_id FROM draft_attachments WHERE name='f.pdf'")"
check_eq "nothing left on the closed one" 0 "$(sqlite3 "$db" "SELECT count(*) FROM drafts WHERE complaint_id=10")"

finish
