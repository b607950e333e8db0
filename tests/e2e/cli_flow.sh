#!/bin/sh
# cli_flow.sh: the reply workflow from a shell: who may act, claiming,
# "order history first", templates, states, and the exit codes for each.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/flow.db"
me=$(id -un)
export TEMAS_DB="$db" TZ=UTC

run_cmd agent list
check_eq "agent list on a new database" 0 "$RC"
run_cmd claim 1
check_eq "not an agent: exit 5" 5 "$RC"
check_eq "not an agent: message" \
	"temas: you ($me) are not a temas agent; a supervisor can add you with 'temas agent add $me'" "$ERR"
run_cmd agent add "$me" --supervisor --name "Şule Demir"
check_eq "first agent bootstraps" 0 "$RC"
run_cmd agent add ayse --name "Ayşe Kaya"
check_eq "supervisor adds an agent" 0 "$RC"
run_cmd agent add can

run_cmd templates load "$TEMAS_SRCDIR/templates/default.txt"
check_eq "shipped templates load" 0 "$RC"
printf '=== x email tr\nSayın {customer.nam}\n' > "$T_TMP/bad.txt"
run_cmd templates load "$T_TMP/bad.txt"
check_eq "bad template file: exit 1" 1 "$RC"
check_eq "bad template file: message" \
	"temas: $T_TMP/bad.txt:2: column 7: unknown placeholder {customer.nam}" "$ERR"

seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, email, lang, created_at) VALUES(7, 'İpek', 'Işık', 'ipek@example.com', 'tr', 1);
INSERT INTO orders(id, customer_id, number, status, total, placed_at)
  VALUES(3, 7, 'TR-7003', 'shipped', 259990, 1714500000);
INSERT INTO complaints(id, customer_id, order_id, channel, subject, opened_at,
  first_response_due, resolution_due) VALUES(5, 7, 3, 'email', 'Kargo nerede?', 1, 2, 3);"

run_cmd claim 5 --as ayse
check_eq "claim: exit 0" 0 "$RC"
run_cmd claim 5 --as can
check_eq "claim taken: exit 4" 4 "$RC"
check_eq "claim taken: names the holder" "temas: complaint 5 is already taken by ayse" "$ERR"
run_cmd claim 99 --as can
check_eq "claim missing: exit 3" 3 "$RC"
# Not a number: the team's own id, which names no complaint here.
run_cmd claim abc
check_eq "claim of an unknown id: exit 3" 3 "$RC"
check_contains "claim of an unknown id: named" "no complaint with the id 'abc'" "$ERR"
run_cmd claim 0
check_eq "claim of number 0: exit 2" 2 "$RC"

run_cmd reply 5 --as ayse --template order-delay
check_eq "reply before the orders: exit 5" 5 "$RC"
check_eq "reply before the orders: message" \
	"temas: complaint 5: open the customer's order history first ('temas show customer 7')" "$ERR"
run_cmd note 5 --as ayse --text "müşteri aradı"
check_eq "a note needs no order history" 0 "$RC"

run_cmd show customer 7 --as ayse
check_eq "show customer: exit 0" 0 "$RC"
check_contains "show customer lists the order" "TR-7003" "$OUT"
check_eq "showing the customer is audited" 1 \
	"$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action='history-seen' AND login='ayse' AND complaint_id=5")"

run_cmd reply 5 --as ayse --template nosuch
check_eq "unknown template: exit 3" 3 "$RC"
run_cmd reply 5 --as ayse --template order-delay
check_eq "reply after the orders: exit 0" 0 "$RC"
run_cmd show complaint 5 --as ayse
check_contains "the reply is on the timeline, filled in" "2.599,90 TL tutarındaki TR-7003" "$OUT"
check_contains "the timeline shows the note" "müşteri aradı" "$OUT"
check_eq "reply row records when the history was seen" 1 \
	"$(sqlite3 "$db" "SELECT count(*) FROM interactions WHERE direction='out' AND history_seen_at IS NOT NULL")"

run_cmd status 5 closed --as ayse
check_eq "illegal transition: exit 5" 5 "$RC"
check_eq "illegal transition: message" \
	"temas: complaint 5 cannot go from open to closed; from open it can go to: pending, escalated, resolved" "$ERR"
run_cmd status 5 sleeping --as ayse
check_eq "unknown state: exit 2" 2 "$RC"
run_cmd resolve 5 --as ayse
check_eq "resolve without a note: exit 5" 5 "$RC"
run_cmd resolve 5 --as ayse --note "Kargo teslim edildi"
check_eq "resolve with a note" 0 "$RC"
run_cmd status 5 closed --as ayse
check_eq "close after resolving" 0 "$RC"
# Closed is for good: what a note is told agrees with what status says.
run_cmd note 5 --text "bir not daha"
check_eq "note on a closed complaint, as a supervisor: refused" 5 "$RC"
check_eq "note on a closed complaint: says it is never reopened" \
	"temas: complaint 5 is closed: it takes no more replies or notes, and a closed complaint is never reopened" "$ERR"
run_cmd status 5 open
check_contains "and status agrees: closed goes nowhere" "from closed it can go to: none" "$ERR"

run_cmd assign 5 can --as ayse
check_eq "agents cannot assign" 5 "$RC"

# Demoted to an agent, the running user may no longer act for others.
# (another supervisor first: the last one cannot be demoted)
"$TEMAS" agent add sefa --supervisor >/dev/null
run_cmd agent set "$me" --agent
check_eq "supervisor demotes themself" 0 "$RC"
run_cmd claim 5 --as ayse
check_eq "an agent cannot act as another" 5 "$RC"
check_eq "--as refused: message" \
	"temas: only a supervisor can act as another agent (--as ayse)" "$ERR"
run_cmd agent add mallory
check_eq "an agent cannot add agents" 5 "$RC"

# Amounts follow the interface's locale, whatever the customer's language.
cust=$(sqlite3 "$db" "SELECT customer_id FROM orders WHERE currency = 'TRY'
	AND total >= 100000 LIMIT 1")
if [ -n "$cust" ]; then
	run_cmd -d "$db" show customer "$cust"
	check_match "show customer: English amounts in a C locale" \
		'[0-9]\.[0-9]{2} TRY$' "$OUT"
	if locale -a 2>/dev/null | grep -qi '^tr_TR.utf-\{0,1\}8$'; then
		OUT=$(LC_ALL=tr_TR.UTF-8 "$TEMAS" -d "$db" show customer "$cust" 2>&1)
		check_match "show customer: Turkish amounts in a Turkish locale" \
			'[0-9],[0-9]{2} TL$' "$OUT"
	else
		echo "ok $((T_COUNT += 1)) - show customer: Turkish amounts # SKIP no tr_TR.UTF-8 locale"
	fi
fi

finish
