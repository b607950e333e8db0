#!/bin/sh
# cli_csat.sh: with `csat = on`, resolving a complaint queues one
# satisfaction question on its channel, due after csat_delay; `temas send`
# (the stand-in MTA of cli_send.sh) does not hand it over before then and
# does after; the customer's reply "4 çok iyi" in its thread is recorded as
# a CSAT answer (the supervisor's figure changes) and does not reopen the
# complaint; a second reply is an ordinary message; a complaint resolved
# again is not asked twice; gateways and the [#N] tag work too; phone
# complaints get no question.  The clock is pinned (TEMAS_NOW): time moves
# by setting it, never by waiting.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

NOW=1740830400; TEMAS_NOW=$NOW; export TEMAS_NOW     # 2025-03-01T12:00:00Z
db="$T_TMP/s.db"
spool="$T_TMP/spool"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }

# The stand-in MTA of cli_send.sh (lib.sh).
mail_standin "$spool"
conf() { mail_conf "$@"; }
conf 'csat = on
csat_delay = 2h'
mails() { find "$spool" -name '*.eml' | wc -l | tr -d ' '; }
last_mail() { find "$spool" -name '*.eml' | sort | tail -1; }

"$TEMAS" init -d "$db" >/dev/null 2>&1 || echo "Bail out! init failed"
mail_in() {   # mail_in ID SUBJECT BODY [IN-REPLY-TO]; $FROM: the sender
	printf 'From: =?UTF-8?B?QXnFn2UgWcSxbG1heg==?= <%s>\nTo: destek@example.com.tr\nSubject: %s\nMessage-ID: <%s@customer.example>\n%sDate: Sat, 1 Mar 2025 11:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n%s\n' \
		"${FROM:-ayse@example.com}" "$2" "$1" "${4:+In-Reply-To: $4
}" "$3"
}
mail_in c1 "Sipariş gecikti" "Siparişim nerede?" | "$TEMAS" -d "$db" ingest >/dev/null
cid=$(q "SELECT max(id) FROM complaints")
csat_rows() { q "SELECT count(*) FROM csat_questions"; }
figure() {   # figure FIELD: the overall satisfaction figure of March 2025
	"$TEMAS" -d "$db" report --since 2025-03-01 --until 2025-04-01 --format json \
		> "$T_TMP/r.json"
	sqlite3 :memory: "SELECT json_extract(j.value, '\$.$1') FROM
		json_each(json_extract(readfile('$T_TMP/r.json'), '\$.satisfaction')) j
		WHERE json_extract(j.value, '\$.key') = 'overall'"
}
check_eq "before: no CSAT answer" 0 "$(figure csat_answers)"

# ---- resolve: the question is queued with the resolution ----
run_cmd -d "$db" resolve "$cid" --note "Kargo teslim edildi"
check_eq "resolve: exit 0" 0 "$RC"
check_contains "resolve: says the question is queued" \
	"satisfaction question queued; it goes out from" "$OUT"
check_eq "one question row for the complaint" 1 "$(csat_rows)"
check_eq "its outbox row: queued by mail, due 2 hours after the resolution" \
	"queued|mail|$((NOW + 7200))" \
	"$(q "SELECT o.state, o.transport, o.next_at FROM outbox o
		JOIN csat_questions c ON c.interaction_id=o.interaction_id")"
check_eq "the question is written by temas, not by an agent" "out||Memnuniyet sorusu ($cid)" \
	"$(q "SELECT i.direction, i.agent_id, i.subject FROM interactions i
		JOIN csat_questions c ON c.interaction_id=i.id")"
check_eq "audited with the resolution" 1 \
	"$(q "SELECT count(*) FROM audit WHERE action='csat_queued' AND complaint_id=$cid")"

# ---- not before its time ----
run_cmd -d "$db" send
check_contains "send at resolution time: nothing sent" "sent 0," "$OUT"
TEMAS_NOW=$((NOW + 7199)) run_cmd -d "$db" send
check_contains "send a second before: nothing sent" "sent 0," "$OUT"
check_eq "the MTA got nothing" 0 "$(mails)"
check_eq "still queued" queued "$(q "SELECT state FROM outbox")"
TEMAS_NOW=$((NOW + 7200)) run_cmd -d "$db" send
check_contains "send at its time: sent" "sent 1," "$OUT"
check_eq "the MTA got it" 1 "$(mails)"
check_eq "recorded sent" sent "$(q "SELECT state FROM outbox")"
m=$(last_mail)
check_contains "the mail: subject with the tag" "Memnuniyet sorusu ($cid) [#$cid]" \
	"$(grep -i '^Subject:' "$m" | head -1)"
check_contains "the mail: answers the customer's message" "c1@customer.example" \
	"$(grep -i '^In-Reply-To:' "$m")"
check_contains "the mail: goes to the customer" "<ayse@example.com>" "$(sed '/^$/q' "$m")"
qid=$(grep -i '^Message-ID:' "$m" | sed 's/^[^:]*: *//' | tr -d '\r')
check "the mail has a Message-ID" test -n "$qid"

# ---- the answer ----
TEMAS_NOW=$((NOW + 9000)); export TEMAS_NOW
# Someone else answering with the tag is not her answer, nor in her case.
FROM=rakip@evil.example mail_in s1 "Re: Memnuniyet sorusu ($cid) [#$cid]" "1 berbat" > "$T_TMP/s1.eml"
run_cmd -d "$db" ingest < "$T_TMP/s1.eml"
check_eq "a stranger's tagged answer: filed" 0 "$RC"
check_eq "... as a complaint of their own" 1 "$([ "$OUT" != "$cid" ] && [ -n "$OUT" ] && echo 1)"
check_not_contains "... not said to be an answer" "satisfaction answer" "$ERR"
check_eq "... no survey row" 0 "$(q "SELECT count(*) FROM surveys")"
check_eq "... her complaint stays resolved" resolved \
	"$(q "SELECT status FROM complaints WHERE id=$cid")"
mail_in r1 "Re: Memnuniyet sorusu ($cid) [#$cid]" "4 çok iyi
ilginiz için teşekkürler

> Hizmetimizden ne kadar memnun kaldınız?" "$qid" > "$T_TMP/r1.eml"
run_cmd -d "$db" ingest < "$T_TMP/r1.eml"
check_eq "answer: filed on its complaint" "$cid" "$OUT"
check_contains "answer: said to be an answer" "satisfaction answer for complaint $cid: 4 of 5" "$ERR"
check_eq "answer: a CSAT row with score, comment and channel" "csat|4|çok iyi|email|$cid" \
	"$(q "SELECT kind, score, comment, channel, complaint_id FROM surveys")"
check_eq "answer: the complaint stays resolved" resolved \
	"$(q "SELECT status FROM complaints WHERE id=$cid")"
check_eq "answer: the question is answered" 1 \
	"$(q "SELECT count(*) FROM csat_questions WHERE survey_id IS NOT NULL")"
check_eq "answer: the message itself is in the timeline" 1 \
	"$(q "SELECT count(*) FROM interactions WHERE ext_id='r1@customer.example' AND complaint_id=$cid")"
check_eq "answer: the supervisor's CSAT count" 1 "$(figure csat_answers)"
check_eq "answer: the supervisor's CSAT score" 4.0 "$(figure csat)"
run_cmd -d "$db" ingest < "$T_TMP/r1.eml"
check_eq "the same mail again: still one answer" 1 "$(q "SELECT count(*) FROM surveys")"

# ---- a second reply is an ordinary message ----
mail_in r2 "Re: Memnuniyet sorusu ($cid) [#$cid]" "5 aslında" "$qid" |
	"$TEMAS" -d "$db" ingest >/dev/null 2>"$T_TMP/err"
check_eq "second reply: no second answer" 1 "$(q "SELECT count(*) FROM surveys")"
check_eq "second reply: reopens, as any reply does" open \
	"$(q "SELECT status FROM complaints WHERE id=$cid")"

# ---- resolved again: not asked again ----
run_cmd -d "$db" resolve "$cid" --note "Tekrar çözüldü"
check_eq "resolved again: exit 0" 0 "$RC"
check_not_contains "resolved again: no question" "satisfaction question" "$OUT"
check_eq "resolved again: still one question" 1 "$(csat_rows)"
check_eq "resolved again: no new outbox row" 1 "$(q "SELECT count(*) FROM outbox")"

# ---- a reply that is no score is an ordinary message ----
mail_in c2 "İade" "İadem ne oldu?" | "$TEMAS" -d "$db" ingest >/dev/null
c2=$(q "SELECT max(id) FROM complaints")
"$TEMAS" -d "$db" resolve "$c2" --note "İade yapıldı" >/dev/null
TEMAS_NOW=$((TEMAS_NOW + 7200)) "$TEMAS" -d "$db" send >/dev/null
q2=$(grep -i '^Message-ID:' "$(last_mail)" | sed 's/^[^:]*: *//' | tr -d '\r')
for text in "Teşekkürler" "45 dakika bekledim" "4.5" "4/10 idi"; do
	mail_in "n$(echo "$text" | tr -dc 'a-z0-9')" "Re: x" "$text" "$q2" |
		"$TEMAS" -d "$db" ingest >/dev/null 2>&1
	check_eq "'$text' is no answer" 1 "$(q "SELECT count(*) FROM surveys")"
done
check_eq "no answer: the complaint is reopened as usual" open \
	"$(q "SELECT status FROM complaints WHERE id=$c2")"

# ---- the [#N] tag with the question's subject, without thread headers ----
FROM=fatma@example.com; export FROM
mail_in c3 "Fatura" "Faturam yanlış" | "$TEMAS" -d "$db" ingest >/dev/null
c3=$(q "SELECT max(id) FROM complaints")
"$TEMAS" -d "$db" resolve "$c3" --note "Düzeltildi" >/dev/null
mail_in t0 "Re: Memnuniyet sorusu ($c3) [#$c3]" "3" | "$TEMAS" -d "$db" ingest >/dev/null 2>&1
check_eq "tag before the question was sent: no answer" 1 "$(q "SELECT count(*) FROM surveys")"
"$TEMAS" -d "$db" resolve "$c3" --note "Düzeltildi" >/dev/null 2>&1
TEMAS_NOW=$((TEMAS_NOW + 7200)) "$TEMAS" -d "$db" send >/dev/null
mail_in t1 "Re: başka bir konu [#$c3]" "2 kutu eksik geldi" | "$TEMAS" -d "$db" ingest >/dev/null 2>&1
check_eq "tag without the question's subject: no answer" 1 "$(q "SELECT count(*) FROM surveys")"
"$TEMAS" -d "$db" resolve "$c3" --note "Düzeltildi" >/dev/null 2>&1
mail_in t2 "Re: Memnuniyet sorusu ($c3) [#$c3]" "5/5 süper" |
	"$TEMAS" -d "$db" ingest >/dev/null 2>&1
check_eq "tag and the question's subject: the answer" "5|süper" \
	"$(q "SELECT score, comment FROM surveys WHERE complaint_id=$c3")"

# ---- a gateway's channel: not listed before its time, answered by reply_to ----
printf '{"channel":"chat","from":"mehmet@example.net","name":"Mehmet Öz","text":"Kargom nerede?","message_id":"ch-1"}\n' |
	"$TEMAS" -d "$db" ingest --json >/dev/null
c4=$(q "SELECT max(id) FROM complaints")
run_cmd -d "$db" resolve "$c4" --note "Teslim edildi"
check_contains "chat: queued" "satisfaction question queued" "$OUT"
check_eq "chat: the gateway sees nothing before its time" "" \
	"$("$TEMAS" -d "$db" outbox --channel chat)"
gw=$(TEMAS_NOW=$((TEMAS_NOW + 7200)) "$TEMAS" -d "$db" outbox --channel chat --format jsonl)
check_contains "chat: the gateway gets it at its time" "1 ile 5 arasında bir rakamla" "$gw"
oid=$(q "SELECT o.id FROM outbox o JOIN csat_questions c ON c.interaction_id=o.interaction_id
	WHERE c.complaint_id=$c4")
"$TEMAS" -d "$db" outbox ack "$oid" --external-id chat-q-1 >/dev/null
printf '{"channel":"chat","from":"mehmet@example.net","text":"5/5 \\u001b]0;owned\\u0007çok hızlıydınız","message_id":"ch-2","reply_to":"chat-q-1"}\n' \
	> "$T_TMP/ch2.json"
run_cmd -d "$db" ingest --json < "$T_TMP/ch2.json"
check_eq "chat: the answer recorded" "5|chat" \
	"$(q "SELECT score, channel FROM surveys WHERE complaint_id=$c4")"
check_contains "chat: the comment kept" "çok hızlıydınız" \
	"$(q "SELECT comment FROM surveys WHERE complaint_id=$c4")"
check_not_contains "chat: no escape from the customer's text on the terminal" \
	"$(printf '\033')" "$OUT$ERR"

# ---- phone: nothing to send a question with ----
printf '{"channel":"phone","phone":"05321112233","name":"Ali Can","text":"aradı"}\n' |
	"$TEMAS" -d "$db" ingest --json >/dev/null
c5=$(q "SELECT max(id) FROM complaints")
n=$(q "SELECT count(*) FROM outbox")
run_cmd -d "$db" resolve "$c5" --note "Telefonda çözüldü"
check_not_contains "phone: no question" "satisfaction question" "$OUT"
check_eq "phone: no outbox row" "$n" "$(q "SELECT count(*) FROM outbox")"
check_eq "phone: no question row" 0 "$(q "SELECT count(*) FROM csat_questions WHERE complaint_id=$c5")"

# ---- off by default; no template: none, and the audit log says why ----
conf ''
FROM=kemal@example.com
mail_in c6 "Kapı" "Kapı kırık" | "$TEMAS" -d "$db" ingest >/dev/null
c6=$(q "SELECT max(id) FROM complaints")
run_cmd -d "$db" resolve "$c6" --note "Değişti"
check_not_contains "off: no question" "satisfaction question" "$OUT"
check_eq "off: no question row" 0 "$(q "SELECT count(*) FROM csat_questions WHERE complaint_id=$c6")"
conf 'csat = on
csat_template = nosuch'
FROM=zeki@example.com
mail_in c7 "Renk" "Renk farklı" | "$TEMAS" -d "$db" ingest >/dev/null
c7=$(q "SELECT max(id) FROM complaints")
run_cmd -d "$db" resolve "$c7" --note "Değişti"
check_eq "no template: the resolution stands" resolved "$(q "SELECT status FROM complaints WHERE id=$c7")"
check_not_contains "no template: no question said" "satisfaction question" "$OUT"
check_contains "no template: the audit log says why" "no template 'nosuch'" \
	"$(q "SELECT detail FROM audit WHERE action='csat_skipped' AND complaint_id=$c7")"

# ---- a bad setting is named with its file and line ----
conf 'csat = on
csat_delay = soon'
run_cmd -d "$db" queue
check_eq "bad csat_delay: exit 1" 1 "$RC"
check_contains "bad csat_delay: file, line and key" "config:4: csat_delay: not a duration" "$ERR"
conf 'csat = yes'
run_cmd -d "$db" queue
check_contains "bad csat: file, line and key" "config:3: csat: expected on or off" "$ERR"
finish
