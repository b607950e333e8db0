#!/bin/sh
# ui_merge_customer.sh: :merge-customer in the console at 80x24.  A second
# record of a customer (another address, an order and a message of its
# own) is merged into the customer on screen: an agent is refused in the
# store's words and nothing changes; a supervisor is asked for the
# number, a wrong answer or Esc merges nothing, the right one moves the
# order, the complaint and the message, the status line counts them, the
# header says "merged from #N" (with when and by whom where there is
# room) and the panes show what moved; :customer
# on the old number shows the record that stays, saying so.  A missing,
# unknown or ambiguous SRC gets a message of its own.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

ui_setup
# 900004: Zeynep's old record (900001 stays), with an order, an open
# complaint and its message; 900005: a third record, named by e-mail.
seed_sql "$db" "
INSERT INTO customers(id, ext_id, first_name, last_name, email, phone, city, tier, created_at) VALUES
 (900004, 'OLD-4', 'Zeynep', 'Kaya', 'zeynep.eski@example.net', NULL, 'İzmir', 'standard', 1500000000),
 (900005, NULL, 'Zeynep', 'K.', 'zk@example.org', NULL, NULL, 'standard', 1550000000);
INSERT INTO orders(id, customer_id, number, status, total, currency, placed_at) VALUES
 (900006, 900004, 'FX-3001', 'delivered', 2500, 'TRY', 1560000000);
INSERT INTO complaints(id, customer_id, channel, priority, subject, status,
  opened_at, first_response_due, resolution_due) VALUES
 (900004, 900004, 'web', 'low', 'Eski hesabim', 'open',
  1697000000, 1700000000 + 200*86400, 1700000000 + 300*86400);
INSERT INTO interactions(customer_id, complaint_id, channel, direction, at, subject, body)
  VALUES(900004, 900004, 'web', 'in', 1699700000, 'Eski adres', 'Eski adresimden yaziyorum');
UPDATE agents SET role = 'agent' WHERE login = '$me';"
colon() { tui_keys :; tui_type "$1"; tui_keys Enter; }
# line N: screen line N (from 0), trailing blanks aside, once it has
# settled: as soon as it equals WANT (up to 10 s), else as it is then.
line() {
	_end=$(( $(date +%s) + 10 ))
	while :; do
		_l=$(tui_line "$1" | sed 's/ *$//')
		[ "$_l" = "${2:-}" ] || [ "$(date +%s)" -gt "$_end" ] && break
		sleep 0.1
	done
	printf '%s' "$_l"
}
check_line() { check_eq "$1" "$3" "$(line "$2" "$3")"; }   # check_line NAME N WANT
# lines N M WANT: the same for lines N to M (from 0), joined by newlines.
lines() {
	_end=$(( $(date +%s) + 10 ))
	while :; do
		_l=$(tui_screen | sed -n "$(($1 + 1)),$(($2 + 1))p" | sed 's/ *$//')
		[ "$_l" = "$3" ] || [ "$(date +%s)" -gt "$_end" ] && break
		sleep 0.1
	done
	printf '%s' "$_l"
}
check_lines() { check_eq "$1" "$4" "$(lines "$2" "$3" "$4")"; }   # check_lines NAME N M WANT
# state: what a merge would change, as the database has it.
state() {
	q "SELECT (SELECT count(*) FROM customer_merges),
	  (SELECT group_concat(customer_id) FROM orders WHERE id=900006),
	  (SELECT customer_id FROM complaints WHERE id=900004),
	  (SELECT customer_id FROM interactions WHERE subject='Eski adres')"
}
before="0|900004|900004|900004"

# An agent: the store's refusal, before any question.
ui_start 80 24 "$db"
check "the customer of the first complaint is on screen" tui_wait "Zeynep Kayaoğlu"
colon "merge-customer 900004"
check "an agent is refused in the store's words" \
	tui_wait "only a supervisor can merge customers"
want=$(printf ' %-64s? help  q quit' 'only a supervisor can merge customers')
check_line "the refusal is the status line" 23 "$want"
check_eq "an agent's attempt changes nothing" "$before" "$(state)"
tui_stop

q "UPDATE agents SET role = 'supervisor' WHERE login = '$me'"
ui_start 80 24 "$db"
tui_wait "Zeynep Kayaoğlu"
colon "merge-customer"
check "no SRC: the usage" tui_wait "usage: :merge-customer SRC"
colon "merge-customer 999999"
check "an unknown number: the store says so" tui_wait "no customer with id 999999"
colon "merge-customer nobody-such@example.com"
check "an address no one has" tui_wait "no customer matches 'nobody-such@example.com'"
colon "merge-customer Zeynep"
check "a name several customers have: give the number" \
	tui_wait "'Zeynep' matches more than one customer: give the number"
colon "merge-customer 900001"
check "into itself: refused" tui_wait "customer 900001 cannot be merged into itself"
check_eq "refusals changed nothing" "$before" "$(state)"

# The question, on the lines above the prompt.
colon "merge-customer 900004"
check "the question is asked" tui_wait "Type 900004 to merge, Esc cancels:"
check_line "the question names both records" 21 \
	" Merge customer 900004 (Zeynep Kaya) into 900001? Its orders, complaints and"
check_line "and says it is for good" 22 \
	" messages move to 900001; this cannot be undone."
check_line "the prompt line asks for the number" 23 \
	"Type 900004 to merge, Esc cancels:"
tui_type "123"
tui_keys Enter
check "a wrong answer merges nothing" \
	tui_wait "not confirmed (900004 was to be typed): nothing merged"
check_eq "a wrong answer changed nothing" "$before" "$(state)"
colon "merge-customer 900004"
tui_wait "Type 900004 to merge"
tui_keys Enter
check "an empty answer merges nothing" \
	tui_wait "not confirmed (900004 was to be typed): nothing merged"
colon "merge-customer zk@example.org"
check "SRC by e-mail address: its record is asked about" \
	tui_wait "Merge customer 900005 (Zeynep K.) into 900001?"
tui_keys Up
check_line "an earlier answer is not offered again (Up)" 23 \
	"Type 900005 to merge, Esc cancels:"
tui_keys Escape
check "Esc: the question goes" tui_wait_gone "Merge customer 900005"
check_eq "Esc merged nothing" 0 "$(q "SELECT count(*) FROM customer_merges")"

# The merge, with the timeline in sight (the orders out of it).
tui_keys Tab Tab
check "the timeline in sight" tui_wait "> Timeline ("
colon "merge-customer 900004"
tui_wait "Type 900004 to merge"
tui_type "900004"
tui_keys Enter
check "the status line says what moved" tui_wait \
	"customer 900004 merged into 900001 (moved: orders 1, complaints 1, messages 1,"
check_eq "the whole message" \
	"customer 900004 merged into 900001 (moved: orders 1, complaints 1, messages 1, surveys 0)" \
	"$(tui_screen | tail -2 | tr -d '\n' | sed 's/^ //')"
check_eq "the database: the order, the complaint and the message moved" \
	"1|900001|900001|900001" "$(state)"
check_eq "the merge is recorded with who did it" "900004|900001|$me" \
	"$(q "SELECT customer_id, into_id, login FROM customer_merges")"
check "the timeline shows the moved message" tui_wait "Eski adresimden yaziyorum"
check_lines "the timeline: the moved message first, as the customer's" 14 16 \
"> Timeline (11)
> 2023-11-11 10:53 web        in   Eski adres
    Eski adresimden yaziyorum"
# The orders seen before are not the customer's orders now.
tui_keys r
check "a reply waits for the merged order history" \
	tui_wait "open the customer's order history first"
check "the header says what was merged in" tui_wait "merged from #900004"
check_line "the header's contact line ends with it" 13 \
	" phone +90 5** *** ** 33 | e-mail z***@e***.com | İzmir     merged from #900004"
check_line "the header counts the moved order" 12 \
	" 4 orders | lifetime value 1,320.50 TRY | last NPS 3 | 2 complaints in 90 days"
check_line "the orders pane lists it" 18 \
	"  2019-06-08 FX-3001          delivered         25.00 TRY"
check_line "the queue shows the moved complaint as the customer's" 6 \
	"      200d web     low    Zeynep Kayaoğlu  Eski hesabim                -"
tui_keys Tab Tab
check "the channels pane" tui_wait "Channels: contacts"
check_line "the channels: the web form message counted" 17 \
	"  Web form                    1  2023-11-11 10:53"
tui_keys Escape Escape
colon "customer 900004"
check "the old number: the record that stays, saying so" \
	tui_wait "customer 900004 was merged into customer 900001, shown here"
want=$(printf ' %-64s? help  q quit' 'customer 900004 was merged into customer 900001, shown here')
check_line "the status line says it" 23 "$want"
check_line "the header is the record that stays" 11 \
	" Zeynep Kayaoğlu  gold, customer since 2017-07-14                  ! CHURN RISK"
tui_keys Escape
colon "customer ext:OLD-4"
check "the old record's team id: the record that stays, saying so" \
	tui_wait "customer 900004 was merged into customer 900001, shown here"
check_line "the header is the record that stays, by the team's id too" 11 \
	" Zeynep Kayaoğlu  gold, customer since 2017-07-14                  ! CHURN RISK"
colon "merge-customer ext:OLD-4"
check "by the team's id: the record that holds it, refused as merged" \
	tui_wait "customer 900004 is already merged into 900001"
colon "merge-customer 900004"
check "merging it again: refused" \
	tui_wait "customer 900004 is already merged into 900001"

# Another supervisor merges the record on screen meanwhile: the header says
# where it went, and merging into it is refused.
colon "customer 900005"
check "a third record on screen" tui_wait "Zeynep K.  standard"
run_cmd -d "$db" merge customer 900005 900001 --yes
check_eq "merged from the command line" 0 "$RC"
check "the header says where it went" tui_wait "merged into #900001"
colon "merge-customer 900003"
check "nothing is merged into a merged record" \
	tui_wait "customer 900005 was merged into 900001; merge into 900001 instead"
check_eq "900003 is as it was" 0 \
	"$(q "SELECT count(*) FROM customer_merges WHERE customer_id=900003")"
colon "help merge-customer"
check "the help lists it" tui_wait ":merge-customer SRC"
check_eq "its help row" \
"                   :merge-customer SRC
                       merge customer SRC (a second record of the same person)
                       into the customer shown: its orders, complaints and
                       messages move; asks for SRC's number first (supervisors)" \
	"$(tui_screen | sed -n '/:merge-customer SRC/,+3p' | sed 's/ *$//')"
tui_stop

# Side by side (120x40) the header is narrower: the first record whole,
# then how many more.
ui_start 120 40 "$db"
check "120x40: the header" tui_wait "merged from #900004 +1"
check_eq "120x40: the contact line" \
	" phone +90 5** *** ** 33 | e-ma… merged from #900004 +1" \
	"$(tui_line 4 | sed 's/.*│//; s/ *$//')"
tui_stop

# Where the header has room, each merged record says when and by whom it
# was merged, in the console's date form; a login is drawn made safe on
# its own (an escape sequence in it, even one left open, neither reaches
# the terminal nor swallows what follows).  Where there is not room for
# all of it, the ids alone, as above.
q "UPDATE customer_merges SET merged_at = 1780000000,
     login = 'deniz' || char(27) || ']2;pwned' WHERE customer_id = 900004;
   UPDATE customer_merges SET merged_at = 1785000000,
     login = 'ece' || char(27) || '[2J' WHERE customer_id = 900005"
ui_start 160 24 "$db"
title=$(tui_title)
check "160x24: when and by whom" tui_wait "merged from #900004 (2026-05-28, deniz) #900005 (2026-07-25, ece)"
check_line "160x24: the contact line, whole, then the merges" 13 \
	"$(printf ' %s%39s%s' 'phone +90 5** *** ** 33 | e-mail z***@e***.com | İzmir' '' \
		'merged from #900004 (2026-05-28, deniz) #900005 (2026-07-25, ece)')"
check_not_contains "160x24: the login's escape sequence is not drawn" "pwned" "$(tui_screen)"
check_eq "160x24: ... nor sent (the pane's title)" "$title" "$(tui_title)"
tui_stop
ui_start 100 24 "$db"
check "100x24: no room for when and by whom: the ids" tui_wait "merged from #900004 #900005"
check_line "100x24: the contact line" 13 \
	"$(printf ' %s%17s%s' 'phone +90 5** *** ** 33 | e-mail z***@e***.com | İzmir' '' \
		'merged from #900004 #900005')"
check_not_contains "100x24: no date or login" "deniz" "$(tui_screen)"
tui_stop

if locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' && command -v msgfmt >/dev/null 2>&1; then
	seed_sql "$db" "INSERT INTO customers(id, first_name, last_name, email, tier, created_at)
		VALUES (900006, 'Zeynep', 'Kaya', 'zk2@example.org', 'standard', 1600000000)"
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
	LC_ALL=tr_TR.UTF-8 TUI_ENV="TEMAS_NOW=$UI_NOW TEMAS_LOCALEDIR=$T_TMP/locale" \
		tui_start 80 24 -d "$db"
	tui_wait "Kuyruk" 10
	colon "merge-customer 900006"
	tui_wait "900006 yazın"
	# Meanwhile another agent closes the complaint on screen: the queue
	# moves on to Ali's, and the answer still merges what was asked.
	q "UPDATE complaints SET status='closed' WHERE id=900001"
	check "the screen moves on under the question" tui_wait "Ali Öztürkmen  "
	check "Turkish: the question" \
		tui_wait "Birleştirmek için 900006 yazın, Esc vazgeçer:"
	check_lines "Turkish: the question, on three lines" 20 22 \
		" 900006 numaralı müşteri (Zeynep Kaya) 900001 ile birleştirilsin mi?
 Siparişleri, şikâyetleri ve mesajları 900001 numaralı müşteriye taşınır; bu
 geri alınamaz."
	tui_type 900006
	tui_keys Enter
	check "Turkish: what moved" tui_wait \
		"900006 numaralı müşteri 900001 ile birleştirildi (taşınan: sipariş 0,"
	check "Turkish: the header, as many as fit" tui_wait "birleştirilen #900004 +2"
	check_line "back on the record that stays" 11 \
		" Zeynep Kayaoğlu  altın, 14.07.2017 tarihinden beri müşteri       ! KAYIP RİSKİ"
	check_eq "900006 merged into 900001" 900001 \
		"$(q "SELECT into_id FROM customer_merges WHERE customer_id=900006")"
	tui_stop
else
	skip "Turkish: :merge-customer" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi
finish
