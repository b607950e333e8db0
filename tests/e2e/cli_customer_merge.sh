#!/bin/sh
# cli_customer_merge.sh: temas merge customer SRC INTO.  A person who wrote
# from a second address and called from a second phone has two records;
# a supervisor merges them.  The orders, complaints, messages and surveys
# move; the kept record takes what it lacked; the old record's address,
# phone and the team's id then find the kept record when a message comes
# in, in `show customer` and in a search; a message from the old address
# answering the kept record's complaint joins it.  Refusals (an agent, no
# --yes away from a terminal, itself, merged already, erased, missing)
# change nothing.  A second merge takes the first one's record along; the
# summaries agree with the rows; an erasure of the kept record erases the
# merged ones.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/cm.db"
me=$(id -un)
export TEMAS_DB="$db" TZ=UTC
TEMAS_NOW=1740830400; export TEMAS_NOW      # 2025-03-01T12:00:00Z
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }

run_cmd agent add "$me" --supervisor
run_cmd agent add ayse
# 7: the record that stays (no phone, standard, since 2024);
# 8: the same person from a second address and phone (gold, since 2021);
# 9: someone else.
seed_sql "$db" "
INSERT INTO customers(id, ext_id, first_name, last_name, email, phone, tier, created_at) VALUES
 (7, 'CRM-7', 'Ayşe', 'Yılmaz', 'ayse@example.com', NULL, 'standard', 1704067200),
 (8, 'CRM-8', 'Ayse', 'Yilmaz', 'ayse.yilmaz@work.example', '+90 532 111 22 33', 'gold', 1609459200),
 (9, NULL, 'Can', 'Ak', 'can@example.com', '+90 533 444 55 66', 'silver', 1609459200);
INSERT INTO orders(id, customer_id, number, status, total, placed_at) VALUES
 (70, 7, 'SP-7001', 'delivered', 10000, 1735689600),
 (80, 8, 'SP-8001', 'delivered', 25000, 1640995200),
 (81, 8, 'SP-8002', 'cancelled', 5000, 1672531200);
INSERT INTO complaints(id, customer_id, channel, subject, opened_at,
  first_response_due, resolution_due) VALUES
 (1, 7, 'email', 'Kargo nerede?', 1740700000, 1740800000, 1740900000),
 (2, 8, 'phone', 'Fatura yanlış', 1740700000, 1740800000, 1740900000);
INSERT INTO interactions(customer_id, complaint_id, channel, direction, at, subject, body) VALUES
 (7, 1, 'email', 'in', 1740700000, 'Kargo nerede?', 'Siparişim gelmedi'),
 (8, 2, 'phone', 'in', 1740700000, NULL, 'Faturada iki kez ücret var'),
 (8, NULL, 'chat', 'in', 1740600000, NULL, 'Merhaba');
INSERT INTO surveys(customer_id, complaint_id, channel, kind, score, at) VALUES
 (8, NULL, 'email', 'nps', 9, 1740600000);"

snapshot() {
	q "SELECT group_concat(customer_id, ' ') FROM (SELECT customer_id FROM orders ORDER BY id);
	   SELECT group_concat(customer_id, ' ') FROM (SELECT customer_id FROM complaints ORDER BY id);
	   SELECT group_concat(customer_id, ' ') FROM (SELECT customer_id FROM interactions ORDER BY id);
	   SELECT group_concat(customer_id, ' ') FROM (SELECT customer_id FROM surveys ORDER BY id);
	   SELECT count(*) FROM customer_merges;
	   SELECT group_concat(id || ':' || coalesce(phone, '-') || ':' || tier, ' ') FROM customers;"
}
before=$(snapshot)

# ---- refusals that change nothing ----
q "UPDATE agents SET role='agent' WHERE login='$me'"
run_cmd merge customer 8 7 --yes
check_eq "an agent: exit 5" 5 "$RC"
check_eq "an agent: message" "temas: only a supervisor can merge customers" "$ERR"
q "UPDATE agents SET role='supervisor' WHERE login='$me'"
run_cmd merge customer 8 7 </dev/null
check_eq "no --yes away from a terminal: exit 2" 2 "$RC"
check_eq "no --yes away from a terminal: message" \
	"temas: merge: not at a terminal; give --yes to merge customer 8 into 7" "$ERR"
run_cmd merge customer 7 7 --yes
check_eq "into itself: exit 5" 5 "$RC"
check_eq "into itself: message" "temas: customer 7 cannot be merged into itself" "$ERR"
run_cmd merge customer 8 404 --yes
check_eq "a missing customer: exit 3" 3 "$RC"
check_eq "a missing customer: message" "temas: no customer with id 404" "$ERR"
run_cmd merge customer -5 7 --yes
check_eq "a bad option: exit 2" 2 "$RC"
check_contains "a bad option: the message names the command" \
	"temas: merge customer: unknown option '-5'" "$ERR"

# At a terminal: what would be refused is said before anything is asked;
# otherwise both records are named and SRC's number is asked for.
if command -v tmux >/dev/null 2>&1; then
	tui_start 160 12 -d "$db" merge customer 8 404
	check "at a terminal, a missing record: exit 3" tui_wait "TEMAS-EXITED 3"
	check_contains "at a terminal, a missing record: said" "no customer with id 404" "$(tui_screen)"
	check_not_contains "at a terminal, a missing record: nothing asked" "to confirm" "$(tui_screen)"
	tui_stop
	tui_start 160 12 -d "$db" merge customer 8 7
	check "at a terminal: SRC's number asked for" tui_wait "Type 8 to confirm:"
	check_contains "at a terminal: both records named" \
		"of customer 8 (Ayse Yilmaz) to customer 7 (Ayşe Yılmaz) and cannot be undone." \
		"$(tui_screen)"
	tui_type 7
	tui_keys Enter
	check "at a terminal, another number typed: exit 1" tui_wait "TEMAS-EXITED 1"
	check_contains "at a terminal, another number typed: not confirmed" \
		"merge: not confirmed; nothing merged" "$(tui_screen)"
	tui_stop
else
	skip "merge customer at a terminal" "tmux is not installed"
fi
check_eq "refusals changed nothing" "$before" "$(snapshot)"

# ---- the merge ----
# ayse holds complaint 1 and has seen record 7's order history.
run_cmd claim 1 --as ayse
run_cmd show customer 7 --as ayse
run_cmd merge customer 8 7 --yes
check_eq "merge: exit 0" 0 "$RC"
check_eq "merge: says what moved" \
	"customer 8 merged into 7 (moved: orders 2, complaints 1, messages 2, surveys 1)" "$OUT"
check_eq "every row of 8 is now 7's (orders, complaints, messages, surveys)" "7 7 7
7 7
7 7 7
7" "$(q "SELECT group_concat(customer_id, ' ') FROM (SELECT customer_id FROM orders WHERE id IN (70,80,81) ORDER BY id);
	SELECT group_concat(customer_id, ' ') FROM (SELECT customer_id FROM complaints ORDER BY id);
	SELECT group_concat(customer_id, ' ') FROM (SELECT customer_id FROM interactions ORDER BY id);
	SELECT group_concat(customer_id, ' ') FROM (SELECT customer_id FROM surveys ORDER BY id)")"
check_eq "the kept record keeps its address and takes the phone, tier and date it lacked" \
	"ayse@example.com|+90 532 111 22 33|gold|1609459200|Ayşe Yılmaz" \
	"$(q "SELECT email, phone, tier, created_at, first_name || ' ' || last_name FROM customers WHERE id=7")"
check_eq "the old record stays as it was, pointing at the kept one" \
	"ayse.yilmaz@work.example|CRM-8|7|$me" \
	"$(q "SELECT c.email, c.ext_id, m.into_id, m.login FROM customers c JOIN customer_merges m ON m.customer_id=c.id WHERE c.id=8")"
check_eq "audited on both records" "customer_merge|8|into 7
customer_merged_in|7|from 8: 2 orders, 1 complaints, 2 messages, 1 surveys" \
	"$(q "SELECT action, customer_id, detail FROM audit WHERE action LIKE 'customer_merge%' ORDER BY action")"
run_cmd reindex --summaries --check
check_eq "the summaries agree with the rows after the merge" 0 "$RC"
run_cmd reply 1 --text "Siparişiniz yolda." --as ayse
check_eq "a reply before the merged order history is looked at: exit 5" 5 "$RC"
check_contains "a reply before the merged order history is looked at: refused" \
	"open the customer's order history first" "$ERR"

# ---- the old record names the kept one ----
run_cmd show customer 8
check_eq "show customer OLD: says so and shows the kept record" \
	"Customer 8 was merged into customer 7.
Customer 7  Ayşe Yılmaz" "$(printf '%s\n' "$OUT" | head -2)"
check_contains "show customer: the kept record lists the merged one" \
	"Merged into this record: 8" "$OUT"
check_contains "show customer: the moved orders are there" "SP-8002" "$OUT"
run_cmd show customer ext:CRM-8
check_eq "the team's id of the old record names the kept one" "Customer 7  Ayşe Yılmaz" \
	"$(printf '%s\n' "$OUT" | head -1)"

mail() {   # mail FROM ID SUBJECT [IN-REPLY-TO]
	printf 'From: Ayse <%s>\nTo: destek@example.com.tr\nSubject: %s\nMessage-ID: <%s@customer.example>\nDate: Sat, 1 Mar 2025 11:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\nMerhaba\n' \
		"$1" "$3" "$2"
}
mail AYSE.YILMAZ@work.example m1 "Yeni konu" | "$TEMAS" ingest >/dev/null 2>&1
check_eq "a mail from the old address (another case) is the kept record's" 7 \
	"$(q "SELECT customer_id FROM interactions WHERE ext_id='m1@customer.example'")"
mail ayse.yilmaz@work.example m2 "Re: [#1] Kargo nerede?" | "$TEMAS" ingest >/dev/null 2>&1
check_eq "the old address answering the kept record's complaint [#1] joins it" 1 \
	"$(q "SELECT complaint_id FROM interactions WHERE ext_id='m2@customer.example'")"
printf '{"channel":"chat","phone":"0532 111 2233","text":"Selam","message_id":"g1"}\n' |
	"$TEMAS" ingest --json >/dev/null 2>&1
check_eq "a chat from the old phone is the kept record's" 7 \
	"$(q "SELECT customer_id FROM interactions WHERE ext_id='g1'")"
check_eq "no new customer was made" 3 "$(q "SELECT count(*) FROM customers")"

run_cmd search yilmaz --format tsv
check_eq "a search matching both records lists the kept one once" 1 \
	"$(printf '%s\n' "$OUT" | awk -F'\t' '$1 == "customers"' | wc -l | tr -d ' ')"
check_match "and it is the kept record" "^customers	7	" "$OUT"
run_cmd search work --format tsv
check_eq "a word of the old record's address alone finds the kept record" "7" \
	"$(printf '%s\n' "$OUT" | awk -F'\t' '$1 == "customers" { print $2 }')"

# ---- refusals after the merge ----
before=$(snapshot)
run_cmd merge customer 8 9 --yes
check_eq "merged already: exit 5" 5 "$RC"
check_eq "merged already: message" "temas: customer 8 is already merged into 7" "$ERR"
run_cmd merge customer 9 8 --yes
check_eq "into a merged record: exit 5" 5 "$RC"
check_eq "into a merged record: message" \
	"temas: customer 8 was merged into 7; merge into 7 instead" "$ERR"
run_cmd merge customer CRM-8 9 --yes
check_eq "the old record by the team's id: exit 5" 5 "$RC"
check_eq "the old record by the team's id is refused as merged, not taken for the kept one" \
	"temas: customer 8 is already merged into 7" "$ERR"
run_cmd erase customer 8 --yes
check_eq "erasing the old record: exit 5" 5 "$RC"
check_eq "erasing the old record: message" \
	"temas: erase: customer 8 was merged into 7; erasing 7 erases both" "$ERR"
check_eq "these refusals changed nothing" "$before" "$(snapshot)"

# ---- a second merge takes the first one's record along ----
run_cmd show customer 7 --as ayse
run_cmd reply 1 --text "Siparişiniz yolda." --as ayse
check_eq "the merged order history looked at: the reply goes" 0 "$RC"
run_cmd show customer 7 --as ayse
run_cmd merge customer 7 9 --yes
check_eq "7 into 9: exit 0" 0 "$RC"
run_cmd reply 1 --text "Kargo yarın gelir." --as ayse
check_eq "merged on: the history looked at before is not 9's: exit 5" 5 "$RC"
check_contains "merged on: refused" "open the customer's order history first" "$ERR"
run_cmd show customer 9 --as ayse
run_cmd reply 1 --text "Kargo yarın gelir." --as ayse
check_eq "9's history looked at: the reply goes" 0 "$RC"
check_eq "both old records now point at 9" "7|9
8|9" "$(q "SELECT customer_id, into_id FROM customer_merges ORDER BY 1")"
mail ayse.yilmaz@work.example m3 "Bir konu daha" | "$TEMAS" ingest >/dev/null 2>&1
check_eq "the first record's old address now finds 9" 9 \
	"$(q "SELECT customer_id FROM interactions WHERE ext_id='m3@customer.example'")"
run_cmd reindex --summaries --check
check_eq "the summaries agree after the second merge" 0 "$RC"

# ---- an erasure of the kept record erases the merged ones ----
run_cmd erase customer 9 --yes
check_eq "erase the kept record: exit 0" 0 "$RC"
check_eq "erase the kept record: the merged records are named" "customer 9 erased
and the records merged into it: 7 8" "$OUT"
check_eq "no address, phone or name of theirs is left" "7|Silindi|7||
8|Silindi|8||
9|Silindi|9||" "$(q "SELECT id, first_name, last_name, coalesce(email, ''), coalesce(phone, '') FROM customers ORDER BY id")"
run_cmd search yilmaz --format tsv
check_eq "the erased names are no longer found" "" \
	"$(printf '%s\n' "$OUT" | awk -F'\t' '$1 == "customers"')"

finish
