#!/bin/sh
# cli_merge_contacts.sh: after `temas merge customer`, a reply goes back
# where the customer wrote from.  A chat handle's complaint keeps its
# handle on the gateway's outbox, the reply waiting before the merge too;
# a mail thread from the old address is answered at the old address, and
# so is a new complaint that address opens afterwards, while the kept
# record's own address gets the replies to its own complaints.  Once the
# kept record is erased, a reply by mail to the old address is refused
# before anything is written.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

NOW=1740830400; TEMAS_NOW=$NOW; export TEMAS_NOW     # 2025-03-01T12:00:00Z
db="$T_TMP/c.db"
spool="$T_TMP/spool"
me=$(id -un)
export TEMAS_DB="$db" TZ=UTC
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
mail_standin "$spool"
mail_conf

run_cmd agent add "$me" --supervisor
# 1: the record that stays; 2: the same person's work address and chat handle.
seed_sql "$db" "
INSERT INTO customers(id, ext_id, first_name, last_name, email, created_at) VALUES
 (1, 'CRM-1', 'Ayşe', 'Yılmaz', 'ayse@example.com', 1),
 (2, '@ayse_k', 'Ayse', 'K', 'ayse.k@work.example', 2);"
mail() {   # mail FROM ID SUBJECT
	printf 'From: Ayse <%s>\nTo: destek@example.com.tr\nSubject: %s\nMessage-ID: <%s@customer.example>\nDate: Sat, 1 Mar 2025 11:00:00 +0000\n\nMerhaba\n' \
		"$1" "$3" "$2"
}
answer() {   # answer COMPLAINT TEXT: the order history seen, then a reply
	"$TEMAS" show customer "$(q "SELECT customer_id FROM complaints WHERE id=$1")" >/dev/null
	run_cmd reply "$1" --text "$2"
}
last_to() {   # the newest message's To: header, unfolded
	awk '/^$/ { exit } /^To:/ { to = $0; on = 1; next }
		on && /^[ \t]/ { sub(/^[ \t]+/, " "); to = to $0; next } { on = 0 }
		END { print to }' "$(find "$spool" -name '*.eml' | sort | tail -1)"
}
sent() { find "$spool" -name '*.eml' | wc -l | tr -d ' '; }

mail ayse.k@work.example w1 "İş adresinden" | "$TEMAS" ingest >/dev/null 2>&1
work=$(q "SELECT complaint_id FROM interactions WHERE ext_id='w1@customer.example'")
printf '{"channel":"chat","customer_id":"@ayse_k","text":"Kargom?","message_id":"k1"}\n' |
	"$TEMAS" ingest --json >/dev/null 2>&1
chat=$(q "SELECT complaint_id FROM interactions WHERE ext_id='k1'")
check_eq "before: both complaints are record 2's" "2|2" \
	"$(q "SELECT (SELECT customer_id FROM complaints WHERE id=$work), (SELECT customer_id FROM complaints WHERE id=$chat)")"
answer "$chat" "Merhaba, kargonuz yolda."
check_eq "before: the chat reply waits for the handle" '"@ayse_k"' \
	"$("$TEMAS" outbox --channel chat --format jsonl | sed -n 's/.*"customer":\("[^"]*"\).*/\1/p')"

run_cmd merge customer 2 1 --yes
check_eq "merge: exit 0" 0 "$RC"
check_eq "the complaints are the kept record's now" "1|1" \
	"$(q "SELECT (SELECT customer_id FROM complaints WHERE id=$work), (SELECT customer_id FROM complaints WHERE id=$chat)")"
check_eq "the reply that was waiting still goes to the handle" '"@ayse_k"' \
	"$("$TEMAS" outbox --channel chat --format jsonl | sed -n 's/.*"customer":\("[^"]*"\).*/\1/p')"
answer "$chat" "Bir sorunuz daha var mı?"
check_eq "a reply on the chat after the merge goes to the handle too" '"@ayse_k"
"@ayse_k"' "$("$TEMAS" outbox --channel chat --format jsonl | sed -n 's/.*"customer":\("[^"]*"\).*/\1/p')"

answer "$work" "İş adresinize yanıt."
run_cmd send
check_eq "send: exit 0" 0 "$RC"
check_eq "the mail thread from the old address is answered there" \
	'To: "Ayse K" <ayse.k@work.example>' "$(last_to)"

# A new complaint from the old address, after the merge.
run_cmd resolve "$work" --note "Yanıtlandı"
mail ayse.k@work.example w2 "Yeni bir konu" | "$TEMAS" ingest >/dev/null 2>&1
work2=$(q "SELECT complaint_id FROM interactions WHERE ext_id='w2@customer.example'")
check_eq "it is a new complaint of the kept record" "1" \
	"$(q "SELECT customer_id FROM complaints WHERE id=$work2 AND id<>$work")"
answer "$work2" "Yeni konunuza yanıt."
"$TEMAS" send >/dev/null 2>&1
check_eq "it is answered at the address it came from" \
	'To: "Ayse K" <ayse.k@work.example>' "$(last_to)"

# The kept record's own address keeps its own complaints.
run_cmd resolve "$work2" --note "Yanıtlandı"
mail AYSE@example.com h1 "Ev adresinden" | "$TEMAS" ingest >/dev/null 2>&1
home=$(q "SELECT complaint_id FROM interactions WHERE ext_id='h1@customer.example'")
answer "$home" "Ev adresinize yanıt."
"$TEMAS" send >/dev/null 2>&1
check_eq "the kept record's own address is answered there" \
	'To: =?UTF-8?B?QXnFn2UgWcSxbG1heg==?= <ayse@example.com>' "$(last_to)"
check_eq "three replies went out" 3 "$(sent)"

# Erased: the old address is gone with the kept record's data.
run_cmd erase customer 1 --yes
mail ayse.k@work.example w3 "Silinmeden önce" >/dev/null
before=$(q "SELECT count(*) FROM interactions")
answer "$work" "Bu gitmemeli."
check_eq "after the erasure a reply by mail to the old address is refused" 5 "$RC"
check_contains "and says why" "has no e-mail address a reply can go to" "$ERR"
check_eq "nothing was written" "$before" "$(q "SELECT count(*) FROM interactions")"

finish
