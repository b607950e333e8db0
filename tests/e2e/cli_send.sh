#!/bin/sh
# cli_send.sh: replies on e-mail are queued with the reply and handed to
# sendmail by `temas send` (here a stand-in program that records what it
# was given and exits as told): sent on 0, retried with backoff on 75 and
# when the program cannot run, failed with the status and the first
# stderr line otherwise, given up after give_up_hours; two senders at
# once send every message exactly once; gateways list, acknowledge and
# fail their channel's messages with `temas outbox`.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

NOW=1740830400; TEMAS_NOW=$NOW; export TEMAS_NOW     # 2025-03-01T12:00:00Z
db="$T_TMP/s.db"
spool="$T_TMP/spool"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }

# The stand-in MTA: the message to spool/N.eml, its arguments to args,
# exit status and stderr from files the test writes.
mail_standin "$spool"
conf() { mail_conf "$@"; }

"$TEMAS" init -d "$db" >/dev/null 2>&1 || echo "Bail out! init failed"
customer_mail() {   # customer_mail ID SUBJECT
	printf 'From: =?UTF-8?B?QXnFn2UgWcSxbG1heg==?= <ayse@example.com>\nTo: destek@example.com.tr\nSubject: %s\nMessage-ID: <%s@customer.example>\nDate: Sat, 1 Mar 2025 11:00:00 +0000\n\nSiparişim nerede?\n' "$2" "$1"
}
customer_mail c1 "Sipariş gecikti" | "$TEMAS" -d "$db" ingest >/dev/null
cid=$(q "SELECT max(id) FROM complaints")
"$TEMAS" -d "$db" show customer "$(q "SELECT customer_id FROM complaints WHERE id=$cid")" >/dev/null

run_cmd -d "$db" reply "$cid" --text "Merhaba Ayşe Hanım, siparişiniz yarın kargoda. Çağrı"
check_eq "reply on e-mail: exit 0" 0 "$RC"
check_contains "reply on e-mail says queued, not sent" "queued for delivery" "$OUT"
check_eq "the outbox row is written with the reply" "queued|email|mail|0" \
	"$(q "SELECT state, channel, transport, attempts FROM outbox")"

# ---- no From configured: a clear error, nothing changes ----
run_cmd -d "$db" send
check_eq "no from: exit 1" 1 "$RC"
check_contains "no from: says what to set" "set 'from = Name <address>'" "$ERR"
check_eq "no from: still queued, never tried" "queued|0" "$(q "SELECT state, attempts FROM outbox")"
printf 'from = Destek\n' > "$XDG_CONFIG_HOME/temas/config"
run_cmd -d "$db" send
check_contains "bad from: names the file and line" "config:1: from: expected an address" "$ERR"

# ---- temporary failure: retried with backoff ----
conf
echo 75 > "$T_TMP/status"
echo "postdrop: warning: queue file write error" > "$T_TMP/say"
run_cmd -d "$db" send
check_eq "EX_TEMPFAIL: exit 0" 0 "$RC"
check_contains "EX_TEMPFAIL: the message named on stderr with the MTA's line" \
	"send: outbox message 1 (complaint $cid) to retry: postdrop: warning: queue file write error" "$ERR"
check_contains "EX_TEMPFAIL: counted" "sent 0, to retry 1, failed 0" "$OUT"
check_eq "EX_TEMPFAIL: queued again with status, first stderr line, next try in 60 s" \
	"queued|1|75|postdrop: warning: queue file write error|60" \
	"$(q "SELECT state, attempts, exit_status, error, next_at - $NOW FROM outbox")"
run_cmd -d "$db" send
check_contains "not due yet: nothing tried" "sent 0, to retry 0, failed 0" "$OUT"
rm -f "$T_TMP/say"
TEMAS_NOW=$((NOW + 61)) run_cmd -d "$db" send
check_eq "second failure: backoff doubles" "2|120" \
	"$(q "SELECT attempts, next_at - $NOW - 61 FROM outbox")"
check_eq "a mail server that says nothing: its status is the reason" \
	"temporary failure, exit 75" "$(q "SELECT error FROM outbox")"

# ---- accepted ----
rm -f "$spool"/*.eml
echo 0 > "$T_TMP/status"; rm -f "$T_TMP/say"
TEMAS_NOW=$((NOW + 200)) run_cmd -d "$db" send
check_contains "accepted: counted as sent" "sent 1, to retry 0, failed 0" "$OUT"
check_eq "accepted: sent, with a message id" "sent|3|1" \
	"$(q "SELECT state, attempts, message_id LIKE 'temas.%@example.com.tr' FROM outbox")"
check_eq "the MTA got -f (bounces to the team), -t -oi" \
	"-f destek@example.com.tr -t -oi" "$(cat "$T_TMP/args")"
msg=$(cat "$spool"/*.eml)
mid=$(q "SELECT message_id FROM outbox")
check_contains "message: Message-ID is the stored one" "Message-ID: <$mid>" "$msg"
check_contains "message: In-Reply-To the customer's message" "In-Reply-To: <c1@customer.example>" "$msg"
check_contains "message: Subject Re: ... [#N], encoded" "Subject: =?UTF-8?B?" "$msg"
printf '%s\n' "$msg" | sed 's/^From: .*/From: test@example.org/; /^ <destek/d' > "$T_TMP/one.eml"
"$TEMAS" -d "$T_TMP/parse.db" init >/dev/null 2>&1
"$TEMAS" -d "$T_TMP/parse.db" ingest < "$T_TMP/one.eml" >/dev/null 2>&1
check_eq "message: reads back: subject intact" "Re: Sipariş gecikti [#$cid]" \
	"$(sqlite3 "$T_TMP/parse.db" "SELECT subject FROM interactions")"
check_eq "message: body intact after quoted-printable" \
	"Merhaba Ayşe Hanım, siparişiniz yarın kargoda. Çağrı" \
	"$(sqlite3 "$T_TMP/parse.db" "SELECT body FROM interactions")"

# ---- permanent failure ----
"$TEMAS" -d "$db" reply "$cid" --text "ikinci" >/dev/null
echo 67 > "$T_TMP/status"
printf 'sendmail: fatal: ayse@example.com: User unknown\nsecond line\n' > "$T_TMP/say"
run_cmd -d "$db" send
check_contains "permanent: counted as failed" "sent 0, to retry 0, failed 1" "$OUT"
check_eq "permanent: exit 1, the message named with the MTA's first line" \
	"1|temas: send: outbox message 2 (complaint $cid) failed: sendmail: fatal: ayse@example.com: User unknown" \
	"$RC|$ERR"
check_eq "permanent: failed with the status and only the first line" \
	"failed|67|sendmail: fatal: ayse@example.com: User unknown" \
	"$(q "SELECT state, exit_status, error FROM outbox ORDER BY id DESC LIMIT 1")"
check_eq "permanent: the thread's ids in References of a later reply" 1 \
	"$(q "SELECT count(*) FROM outbox WHERE state='sent'")"

# ---- the program cannot run: a retry, not a loss; give up after the limit ----
"$TEMAS" -d "$db" reply "$cid" --text "üçüncü" >/dev/null
printf 'sendmail = /nonexistent/sendmail -t -oi\nfrom = Destek <destek@example.com.tr>\ngive_up_hours = 1\n' \
	> "$XDG_CONFIG_HOME/temas/config"
run_cmd -d "$db" send
check_eq "cannot run: exit 1" 1 "$RC"
check_contains "cannot run: the message named, with why" \
	"send: outbox message 3 (complaint $cid) to retry: cannot run /nonexistent/sendmail: No such file or directory" "$ERR"
check_contains "cannot run: the program named" \
	"send: the sendmail program could not be run: /nonexistent/sendmail -t -oi" "$ERR"
check_eq "cannot run: queued again, status 127, says why" \
	"queued|127|cannot run /nonexistent/sendmail: No such file or directory" \
	"$(q "SELECT state, exit_status, error FROM outbox ORDER BY id DESC LIMIT 1")"
TEMAS_NOW=$((NOW + 3700)) run_cmd -d "$db" send
check_eq "past give_up_hours: failed, says it gave up" \
	"failed|gave up after 2 attempts: cannot run /nonexistent/sendmail: No such file or directory" \
	"$(q "SELECT state, error FROM outbox ORDER BY id DESC LIMIT 1")"

# ---- two senders at once: every message exactly once ----
conf
echo 0 > "$T_TMP/status"; rm -f "$T_TMP/say" "$spool"/*.eml
i=0
while [ $i -lt 30 ]; do
	"$TEMAS" -d "$db" reply "$cid" --text "toplu $i" >/dev/null; i=$((i + 1))
done
"$TEMAS" -d "$db" send > "$T_TMP/a.out" 2>&1 &
pa=$!
"$TEMAS" -d "$db" send > "$T_TMP/b.out" 2>&1
wait $pa
check_eq "two senders: all 30 sent" 30 "$(q "SELECT count(*) FROM outbox WHERE state='sent' AND id > 3")"
check_eq "two senders: 30 messages reached the MTA" 30 "$(ls "$spool" | wc -l)"
check_eq "two senders: no message id twice" 30 \
	"$(cat "$spool"/*.eml | sed -n 's/^Message-ID: //p' | sort -u | wc -l)"

# ---- gateways: temas outbox ----
printf '{"channel":"social","from":"mehmet@example.net","name":"Mehmet Öz","text":"Kargom nerede? @firma","message_id":"tw-991"}\n' |
	"$TEMAS" -d "$db" ingest --json >/dev/null
sid=$(q "SELECT max(id) FROM complaints")
"$TEMAS" -d "$db" show customer "$(q "SELECT customer_id FROM complaints WHERE id=$sid")" >/dev/null
run_cmd -d "$db" reply "$sid" --text "Merhaba Mehmet Bey, DM'den yazdık."
oid=$(q "SELECT max(id) FROM outbox")
check_eq "reply on a gateway channel names the gateway's outbox, not temas send" \
	"reply $(q "SELECT interaction_id FROM outbox WHERE id=$oid") on complaint $sid queued in the social gateway's outbox ('temas outbox --channel social')" \
	"$OUT"
run_cmd -d "$db" outbox --channel social --format jsonl
check_eq "outbox jsonl: one line with id, complaint, handle, text, thread" \
	"{\"id\":$oid,\"complaint\":$sid,\"channel\":\"social\",\"customer\":\"mehmet@example.net\",\"name\":\"Mehmet Öz\",\"text\":\"Merhaba Mehmet Bey, DM'den yazdık.\",\"thread\":\"tw-991\",\"queued_at\":\"2025-03-01T12:00:00Z\"}" "$OUT"
run_cmd -d "$db" send
check_eq "temas send leaves gateway messages alone" "queued" "$(q "SELECT state FROM outbox WHERE id=$oid")"
run_cmd -d "$db" outbox ack "$oid" --external-id tw-1002
check_eq "ack: exit 0" 0 "$RC"
check_eq "ack: sent with the external id" "sent|tw-1002" \
	"$(q "SELECT state, external_id FROM outbox WHERE id=$oid")"
run_cmd -d "$db" outbox ack "$oid"
check_eq "ack twice: conflict (exit 4)" 4 "$RC"
check_contains "ack twice: says so" "acknowledged or failed before" "$ERR"
run_cmd -d "$db" outbox --channel social --format jsonl
check_eq "after ack: nothing pending" "" "$OUT"
"$TEMAS" -d "$db" reply "$sid" --text "ikinci" >/dev/null
oid2=$(q "SELECT max(id) FROM outbox")
run_cmd -d "$db" outbox fail "$oid2"
check_eq "fail without --reason: usage (exit 2)" 2 "$RC"
run_cmd -d "$db" outbox fail "$oid2" --reason "account suspended"
check_eq "fail: failed with the reason" "failed|account suspended" \
	"$(q "SELECT state, error FROM outbox WHERE id=$oid2")"
run_cmd -d "$db" outbox ack 1
check_eq "ack of an e-mail message: not found (exit 3)" 3 "$RC"
run_cmd -d "$db" outbox --channel social --format xml
check_eq "bad format: usage (exit 2)" 2 "$RC"
run_cmd -d "$db" outbox --channel sosyal
check_eq "a misspelt channel: not found (exit 3), not an empty list" 3 "$RC"
check_contains "... named" "no channel 'sosyal'" "$ERR"

# ---- channels that deliver nothing queue nothing ----
printf '{"channel":"phone","phone":"05321112233","name":"Ali Can","text":"aradı"}\n' |
	"$TEMAS" -d "$db" ingest --json >/dev/null
pid=$(q "SELECT max(id) FROM complaints")
"$TEMAS" -d "$db" show customer "$(q "SELECT customer_id FROM complaints WHERE id=$pid")" >/dev/null
n=$(q "SELECT count(*) FROM outbox")
run_cmd -d "$db" reply "$pid" --text "geri arandı"
check_contains "phone reply: recorded, not said to be sent" "recorded on complaint $pid (phone delivers nothing: the customer hears it from you)" "$OUT"
check_eq "phone reply: no outbox row" "$n" "$(q "SELECT count(*) FROM outbox")"

# ---- a reply by mail to nobody is refused before it is written ----
printf '{"channel":"web","phone":"+90 555 444 5566","name":"Telefonlu","text":"e-postam yok"}\n' |
	"$TEMAS" -d "$db" ingest --json >/dev/null
wid=$(q "SELECT max(id) FROM complaints")
"$TEMAS" -d "$db" show customer "$(q "SELECT customer_id FROM complaints WHERE id=$wid")" >/dev/null
n=$(q "SELECT count(*) FROM interactions")
run_cmd -d "$db" reply "$wid" --text "Merhaba"
check_eq "no address: refused (exit 5)" 5 "$RC"
check_contains "no address: says why and what to do" \
	"complaint $wid: the customer has no e-mail address a reply can go to; call them and write a note" "$ERR"
check_eq "no address: nothing written" "$n" "$(q "SELECT count(*) FROM interactions")"

# ---- a supervisor answers a complaint another agent holds ----
"$TEMAS" -d "$db" agent add ayse >/dev/null
printf 'From: Zehra <zehra@example.com>\nTo: destek@example.com.tr\nSubject: Kargo\nMessage-ID: <z1@customer.example>\n\nNerede?\n' |
	"$TEMAS" -d "$db" ingest >/dev/null
sid2=$(q "SELECT max(id) FROM complaints")
"$TEMAS" -d "$db" claim "$sid2" --as ayse >/dev/null 2>&1
check_eq "ayse holds it" ayse \
	"$(q "SELECT a.login FROM complaints c JOIN agents a ON a.id=c.assignee_id WHERE c.id=$sid2")"
"$TEMAS" -d "$db" show customer "$(q "SELECT customer_id FROM complaints WHERE id=$sid2")" >/dev/null
run_cmd -d "$db" reply "$sid2" --text "Süpervizör yanıtı"
check_eq "the supervisor's show customer counts for it: replied" 0 "$RC"

# ---- a mail server that never answers is stopped inside the claim's lease ----
cat > "$T_TMP/hang" <<EOF
#!/bin/sh
echo \$\$ > "$T_TMP/hang.pid"
sleep 600 &
echo \$! > "$T_TMP/hang.child"
wait
EOF
chmod +x "$T_TMP/hang"
printf 'sendmail = %s -t -oi\nfrom = Destek <destek@example.com.tr>\n' "$T_TMP/hang" \
	> "$XDG_CONFIG_HOME/temas/config"
"$TEMAS" -d "$db" reply "$cid" --text "asılı sunucu" >/dev/null
hung=$(q "SELECT max(id) FROM outbox")
TEMAS_SEND_LEASE=4 run_cmd -d "$db" send
check_contains "hung: stopped, nothing sent" "sent 0, to retry" "$OUT"
check_eq "hung: queued again with the reason" \
	"queued|75|the mail server did not answer in 2 s; it is tried again later" \
	"$(q "SELECT state, exit_status, error FROM outbox WHERE id=$hung")"
check "hung: the mail server ran" test -s "$T_TMP/hang.pid"
# gone PID: no such process, or one dead and not yet reaped (a zombie).
gone() { _s=$(ps -o stat= -p "$1" 2>/dev/null); [ -z "$_s" ] || [ "${_s#Z}" != "$_s" ]; }
check "hung: and was stopped" gone "$(cat "$T_TMP/hang.pid" 2>/dev/null || echo 999999999)"
check "hung: with what it started" gone "$(cat "$T_TMP/hang.child" 2>/dev/null || echo 999999999)"

finish
