#!/bin/sh
# ui_split.sh: :split in the console at 80x24, in English and Turkish: the
# customer's message selected in the timeline becomes a complaint of its
# own, linked; a reply, an entry that is no message and bad words are
# refused by name; another open complaint about the same order is pointed
# out in the customer header until the two are linked.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }
db="$T_TMP/ui.db"
ui_db "$db"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
# The newest entry of Zeynep's timeline: a second subject in complaint 900001.
q "INSERT INTO interactions(id, customer_id, complaint_id, channel, direction, at, subject, body)
  VALUES(900101, 900001, 900001, 'email', 'in', 1699900000, 'Fatura da yanlış',
  'Faturam da yanlış kesilmiş.');
INSERT INTO complaints(id, customer_id, order_id, channel, priority, subject, status,
  opened_at, first_response_due, resolution_due) VALUES
  (900021, 900001, 900002, 'chat', 'low', 'Kargo hakkında', 'open',
  1697000000, 1700000000 + 500*86400, 1700000000 + 600*86400);"
reply=$(q "SELECT id FROM interactions WHERE complaint_id=900001 AND direction='out'")
colon() { tui_keys :; tui_type "$1"; tui_keys Enter; }

ui_start 80 24 "$db"
check "the header names the other open complaint about the same order" \
	tui_wait "same order open #900021"
colon "split abc"
check "a word that is no number: the usage" tui_wait "usage: :split [MESSAGE]"
colon "split $reply"
check "a reply is refused by name" \
	tui_wait "message $reply is not the customer's (it is a reply or a note)"
check_eq "refusals changed nothing" "900001|0" \
	"$(q "SELECT complaint_id, (SELECT count(*) FROM complaint_links) FROM interactions WHERE id=900101")"
colon "split"
check "with the timeline hidden, no message is taken unseen" \
	tui_wait "select a customer's message in the timeline first"
colon "split abc"
tui_keys Tab Tab
check "the timeline is shown" tui_wait "Faturam da yanlış kesilmiş"
tui_keys j
colon "split"
check "a survey answer is no message: said" \
	tui_wait "select a customer's message in the timeline first"
tui_keys j
colon "split abc"
colon "split"
check "the agent's reply selected: refused" \
	tui_wait "message $reply is not the customer's"
tui_keys k k
colon "split"
check "the timeline's selected message is split off" \
	tui_wait "message 900101 split off complaint 900001 into new complaint 900022 (linked)"
check_eq "the message is on the new complaint" 900022 \
	"$(q "SELECT complaint_id FROM interactions WHERE id=900101")"
check_eq "the new complaint: same customer and order, its subject" \
	"900001|900002|Fatura da yanlış" \
	"$(q "SELECT customer_id, order_id, subject FROM complaints WHERE id=900022")"
check "the queue lists the new complaint" tui_wait "Fatura da yanlış"
check "the header shows the link" tui_wait "linked #900022"
colon "link 900021"
check "once linked, the same-order warning goes" tui_wait_gone "same order open"
lines=$(tui_screen | wc -l)
check_eq "24 lines" 24 "$lines"
tui_stop

if locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' && command -v msgfmt >/dev/null 2>&1; then
	q "INSERT INTO interactions(id, customer_id, complaint_id, channel, direction, at, subject, body)
	  VALUES(900102, 900001, 900001, 'email', 'in', 1699950000, 'İade', 'İade istiyorum.');
	INSERT INTO complaints(id, customer_id, order_id, channel, priority, subject, status,
	  opened_at, first_response_due, resolution_due) VALUES
	  (900031, 900001, 900002, 'chat', 'low', 'Yine kargo', 'open',
	  1697000000, 1700000000 + 500*86400, 1700000000 + 600*86400);"
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
	LC_ALL=tr_TR.UTF-8 TUI_ENV="TEMAS_NOW=$UI_NOW TEMAS_LOCALEDIR=$T_TMP/locale" \
		tui_start 80 24 -d "$db"
	tui_wait "Kuyruk" 10
	check "Turkish: the same-order warning" tui_wait "aynı sipariş açık #900031"
	colon "split $reply"
	check "Turkish: a reply is refused" \
		tui_wait "$reply numaralı mesaj müşterinin değil"
	tui_keys Tab Tab
	tui_wait "İade istiyorum" 5
	colon "split"
	check "Turkish: the split is said" \
		tui_wait "900102 numaralı mesaj yeni şikâyet 900032 oldu (900001 ile bağlı)"
	tui_stop
else
	skip "Turkish: split" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi
finish
