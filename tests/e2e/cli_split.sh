#!/bin/sh
# cli_split.sh: temas split: a customer's message leaves its complaint for
# a new one of the same customer and order, held by the same agent, linked
# and audited; a reply, a note, the only message, a merged complaint,
# another agent's complaint and bad words are refused and change nothing.
# Two open complaints about one order are pointed out by show, until they
# are linked or merged.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/split.db"
me=$(id -un)
export TEMAS_DB="$db" TZ=UTC

run_cmd agent add "$me" --supervisor
run_cmd agent add ayse
run_cmd agent add can
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, created_at) VALUES(7, 'İpek', 'Işık', 1), (8, 'Can', 'Ak', 1);
INSERT INTO orders(id, customer_id, number, status, total, placed_at) VALUES
  (50, 7, 'SP-50', 'delivered', 1000, 1), (60, 7, 'SP-60', 'delivered', 500, 1);
INSERT INTO complaints(id, customer_id, order_id, channel, priority, category,
  subject, opened_at, first_response_due, resolution_due, assignee_id, status) VALUES
  (1, 7, 50, 'email', 'high', 'delivery', 'Kargo gecikti', 100, 200, 300,
   (SELECT id FROM agents WHERE login='can'), 'open'),
  (2, 7, 60, 'chat', 'normal', 'other', 'Tek mesaj', 100, 200, 300, NULL, 'new'),
  (3, 7, 60, 'chat', 'normal', 'other', 'Birleşen', 100, 200, 300, NULL, 'closed');
UPDATE complaints SET merged_into=2 WHERE id=3;
INSERT INTO interactions(id, customer_id, complaint_id, channel, direction, at, subject, body) VALUES
  (1, 7, 1, 'email', 'in', 1000, 'Kargo gecikti', 'kargom gelmedi'),
  (2, 7, 1, 'email', 'out', 2000, 'Re: Kargo gecikti', 'bakıyoruz'),
  (3, 7, 1, 'email', 'in', 3000, 'Fatura yanlış', 'faturam da yanlış kesilmiş'),
  (4, 7, 2, 'chat', 'in', 1000, NULL, 'tek mesaj'),
  (5, 7, 3, 'chat', 'in', 1000, NULL, 'birleşen'),
  (6, 7, 3, 'chat', 'in', 1100, NULL, 'birleşen iki'),
  (7, 7, NULL, 'phone', 'in', 1000, NULL, 'serbest');
UPDATE interactions SET agent_id=(SELECT id FROM agents WHERE login='can') WHERE id=2;"

snapshot() { sqlite3 "$db" "SELECT count(*) FROM complaints; SELECT group_concat(id||'>'||coalesce(complaint_id,'-'),' ') FROM interactions; SELECT count(*) FROM audit WHERE action LIKE 'split%'; SELECT count(*) FROM complaint_links;"; }
before=$(snapshot)

run_cmd split 3 --as ayse
check_eq "another agent's complaint: exit 5" 5 "$RC"
check_eq "another agent's complaint: message" \
	"temas: complaint 1 is held by can; only they or a supervisor can split it" "$ERR"
run_cmd split 2 --as can
check_eq "a reply: exit 5" 5 "$RC"
check_eq "a reply: message" \
	"temas: message 2 is not the customer's (it is a reply or a note); only a customer's message can open a complaint" "$ERR"
run_cmd split 4
check_eq "the only message: exit 5" 5 "$RC"
check_eq "the only message: message" \
	"temas: message 4 is the only one of complaint 2; there is nothing to split off" "$ERR"
run_cmd split 5
check_eq "a merged complaint: exit 5" 5 "$RC"
check_eq "a merged complaint: message" \
	"temas: complaint 3 is merged into 2; split from 2 instead" "$ERR"
run_cmd split 7
check_eq "a message of no complaint: exit 5" 5 "$RC"
check_eq "a message of no complaint: message" \
	"temas: message 7 belongs to no complaint; there is nothing to split it from" "$ERR"
run_cmd split 99
check_eq "no such message: exit 3" 3 "$RC"
check_eq "no such message: message" "temas: no message 99" "$ERR"
run_cmd split x3
check_eq "a word: exit 2" 2 "$RC"
run_cmd split
check_eq "no message: exit 2" 2 "$RC"
check_contains "no message: usage" "temas split MESSAGE" "$ERR"
run_cmd split 3 --subject
check_eq "--subject without text: exit 2" 2 "$RC"
check_eq "refusals changed nothing" "$before" "$(snapshot)"

run_cmd show complaint 1
check_contains "show: messages carry their number" "(customer)  (message 3)" "$OUT"

run_cmd split 3 --as can
check_eq "split by the holder: exit 0" 0 "$RC"
check_eq "split: says what happened" \
	"message 3 split off complaint 1 into new complaint 4 (the two are linked)" "$OUT"
check_eq "the message moved, the others stayed" "1>1 2>1 3>4 4>2 5>3 6>3 7>-" \
	"$(sqlite3 "$db" "SELECT group_concat(id||'>'||coalesce(complaint_id,'-'),' ') FROM interactions")"
check_eq "new complaint: customer, order, channel, priority, category, subject, opened at the message, held by can, open" \
	"7|50|email|high|delivery|Fatura yanlış|3000|can|open" \
	"$(sqlite3 "$db" "SELECT c.customer_id, c.order_id, c.channel, c.priority, c.category, c.subject, c.opened_at, a.login, c.status FROM complaints c JOIN agents a ON a.id=c.assignee_id WHERE c.id=4")"
check_eq "due times from the SLA policy, not copied" 1 \
	"$(sqlite3 "$db" "SELECT first_response_due > 3000 AND resolution_due >= first_response_due FROM complaints WHERE id=4")"
check_eq "the two are linked" "1|4" "$(sqlite3 "$db" "SELECT a, b FROM complaint_links")"
check_eq "both sides audited, by can" "split|1|message 3 to 4|can split-from|4|message 3 from 1|can" \
	"$(sqlite3 "$db" "SELECT group_concat(a.action||'|'||a.complaint_id||'|'||a.detail||'|'||g.login,' ') FROM audit a JOIN agents g ON g.id=a.agent_id WHERE a.action LIKE 'split%'")"
run_cmd show complaint 4
check_contains "show: the new complaint has the message" "faturam da yanlış kesilmiş" "$OUT"
check_contains "show: the new complaint is linked" "Linked:   1" "$OUT"
check_not_contains "show: linked ones are not warned about" "Same order" "$OUT"

# A split with a subject of its own, by a supervisor, from an unheld complaint.
seed_sql "$db" "INSERT INTO interactions(id, customer_id, complaint_id, channel, direction, at, body) VALUES
  (8, 7, 2, 'chat', 'in', 1200, 'ikinci konu');"
run_cmd split 8 --subject "İade talebi"
check_eq "split with --subject: exit 0" 0 "$RC"
check_eq "the subject given; nobody holds it" "İade talebi|-|new" \
	"$(sqlite3 "$db" "SELECT subject, coalesce(assignee_id,'-'), status FROM complaints WHERE id=5")"

# Two open complaints of one customer about one order, not linked: said.
seed_sql "$db" "INSERT INTO complaints(id, customer_id, order_id, channel, subject, opened_at,
  first_response_due, resolution_due) VALUES (9, 7, 50, 'phone', 'Yine kargo', 100, 200, 300),
  (10, 7, 50, 'chat', 'Kapalı', 100, 200, 300), (11, 8, NULL, 'chat', 'Siparişsiz', 100, 200, 300);
UPDATE complaints SET status='resolved' WHERE id=10;"
run_cmd show complaint 9
check_contains "show: another open complaint about the same order" \
	"Same order, also open: 1 4  (temas merge, or temas link if they are separate)" "$OUT"
run_cmd show complaint 11
check_not_contains "show: no order, no warning" "Same order" "$OUT"
run_cmd link 9 1
run_cmd link 9 4
run_cmd show complaint 9
check_not_contains "show: once linked, no warning" "Same order" "$OUT"

finish
