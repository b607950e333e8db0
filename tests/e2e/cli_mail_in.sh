#!/bin/sh
# cli_mail_in.sh: inbound e-mail beyond one message: a customer's answer
# joins its complaint by In-Reply-To, References or [#N]; auto-replies,
# loops and bulk mail are held in quarantine and a supervisor releases
# them; a bounce marks our reply failed; attachments are kept (up to the
# configured size), listed and saved without overwriting; exit statuses
# follow sendmail's conventions (0, 65, 75); `ingest --maildir` moves
# each message to cur/ only once it is filed, and a rerun files nothing
# twice.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

NOW=1740830400; TEMAS_NOW=$NOW; export TEMAS_NOW
db="$T_TMP/in.db"
mkdir -p "$XDG_CONFIG_HOME/temas"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
printf 'sendmail = %s/sendmail -t -oi\nfrom = Destek <destek@example.com.tr>\n' "$T_TMP" \
	> "$XDG_CONFIG_HOME/temas/config"
printf '#!/bin/sh\ncat > /dev/null\n' > "$T_TMP/sendmail"
chmod +x "$T_TMP/sendmail"
"$TEMAS" init -d "$db" >/dev/null 2>&1 || echo "Bail out! init failed"

mail() {   # mail FROM MESSAGE-ID SUBJECT [EXTRA-HEADER]
	printf 'From: %s\nTo: destek@example.com.tr\nSubject: %s\nMessage-ID: <%s>\n' "$1" "$3" "$2"
	[ -n "${4:-}" ] && printf '%s\n' "$4"
	printf '\nmetin %s\n' "$2"
}
ingest() { run_cmd -d "$db" ingest; }
feed() { mail "$@" > "$T_TMP/msg.eml"; run_cmd -d "$db" ingest < "$T_TMP/msg.eml"; }

feed "Ayşe <ayse@example.com>" a1@c.example "Sipariş gecikti"
c1=$OUT
"$TEMAS" -d "$db" show customer "$(q "SELECT customer_id FROM complaints WHERE id=$c1")" >/dev/null
"$TEMAS" -d "$db" reply "$c1" --text "Yarın kargoda." >/dev/null
"$TEMAS" -d "$db" send >/dev/null
ours=$(q "SELECT message_id FROM outbox")

# ---- threading ----
# She writes from another address: In-Reply-To still finds the complaint.
feed "Ayşe <ayse.y@work.example>" a2@c.example "Re: Sipariş" "In-Reply-To: <$ours>"
check_eq "In-Reply-To our reply: joins its complaint (other sender address)" "$c1" "$OUT"
feed "x <x@other.example>" a3@c.example "Fw: bir şey" "References: <zz@nowhere> <a1@c.example>"
check_eq "References to her first message: joins it" "$c1" "$OUT"
feed "Ayşe <AYSE@example.com>" a4@c.example "Re: Kargo [#$c1] hakkında"
check_eq "[#N] in the subject: joins complaint N (her address, any case)" "$c1" "$OUT"
# Anybody can write [#N]: from someone else it is theirs, not hers.
n=$(q "SELECT count(*) FROM interactions WHERE complaint_id=$c1")
feed "y <y@other.example>" a4y@c.example "Re: Kargo [#$c1] hakkında" 
check_eq "[#N] from another sender: a complaint of their own" 1 \
	"$([ "$OUT" != "$c1" ] && [ -n "$OUT" ] && echo 1)"
check_eq "... nothing added to hers" "$n" "$(q "SELECT count(*) FROM interactions WHERE complaint_id=$c1")"
check_eq "... filed under the sender" "y@other.example" \
	"$(q "SELECT cu.email FROM complaints k JOIN customers cu ON cu.id=k.customer_id WHERE k.id=$OUT")"
# Another customer replying to our e-mail to her does not join it either.
feed "y <y@other.example>" a4z@c.example "Re: Sipariş" "In-Reply-To: <$ours>"
check_eq "our Message-ID from another known customer: theirs" 1 \
	"$([ "$OUT" != "$c1" ] && [ -n "$OUT" ] && echo 1)"
feed "y <y@other.example>" a5@c.example "Re: Kargo [#99999]"
check_eq "[#N] of no complaint: the current rules (a new complaint)" 1 \
	"$([ "$OUT" != "$c1" ] && [ -n "$OUT" ] && echo 1)"
"$TEMAS" -d "$db" resolve "$c1" --note "teslim edildi" >/dev/null
feed "Ayşe <ayse@example.com>" a6@c.example "Re: Sipariş" "In-Reply-To: <$ours>"
check_eq "an answer to a resolved complaint reopens it" "$c1|open" \
	"$OUT|$(q "SELECT status FROM complaints WHERE id=$c1")"
q "UPDATE complaints SET status='closed', closed_at=$NOW WHERE id=$c1"
feed "Ayşe <ayse@example.com>" a7@c.example "Re: Sipariş" "In-Reply-To: <$ours>"
check_eq "an answer to a closed complaint opens a new one" 1 \
	"$([ "$OUT" != "$c1" ] && echo 1)"

# ---- quarantine ----
n=$(q "SELECT count(*) FROM complaints")
feed "Ayşe <ayse@example.com>" ar1@c.example "Otomatik yanıt: Re: Sipariş" "Auto-Submitted: auto-replied"
check_eq "auto-reply: exit 0 (the mail server is done with it)" 0 "$RC"
check_contains "auto-reply: says it is held" "held in quarantine" "$ERR"
check_eq "auto-reply: no complaint, no message" "$n|0" \
	"$(q "SELECT count(*) FROM complaints")|$(q "SELECT count(*) FROM interactions WHERE ext_id='ar1@c.example'")"
feed "news@shop.example" b1@c.example "Kampanya" "Precedence: bulk"
feed "robot@x.example" l1@c.example "Re: Re: Re:" "X-Loop: destek@example.com.tr"
feed "Destek <destek@example.com.tr>" o1@c.example "kendimiz"
feed "MAILER-DAEMON@mx.example" m1@c.example "Delayed Mail"
check_eq "bulk, loop, own address, mailer-daemon: all held, none filed" \
	"5|$n" "$(q "SELECT count(*) FROM quarantine")|$(q "SELECT count(*) FROM complaints")"
feed "news@shop.example" b1@c.example "Kampanya" "Precedence: bulk"
check_eq "the same held message twice is held once" 5 "$(q "SELECT count(*) FROM quarantine")"
run_cmd -d "$db" quarantine list
check_contains "quarantine list: the reason in words" "automatic reply" "$OUT"
check_contains "quarantine list: the sender" "news@shop.example" "$OUT"
hid=$(q "SELECT id FROM quarantine WHERE key='ar1@c.example'")
"$TEMAS" -d "$db" agent add ajan >/dev/null 2>&1
run_cmd -d "$db" quarantine release "$hid"
check_eq "release: exit 0" 0 "$RC"
check_eq "release: filed on her complaint now" 1 \
	"$(q "SELECT count(*) FROM interactions WHERE ext_id='ar1@c.example' AND complaint_id IS NOT NULL")"
check_eq "release: the complaint's number said once, after the commit" \
	"$(q "SELECT complaint_id FROM interactions WHERE ext_id='ar1@c.example'")" "$OUT"
check_eq "release: no longer listed" 0 "$(quarantine_n=$("$TEMAS" -d "$db" quarantine | grep -c 'automatic reply'); echo "$quarantine_n")"
run_cmd -d "$db" quarantine release "$hid"
check_eq "release twice: not found (exit 3)" 3 "$RC"
check_eq "release twice: said once, nothing on stdout" \
	"temas: no held message $hid in the quarantine|" "$ERR|$OUT"

# ---- bounces ----
"$TEMAS" -d "$db" show customer "$(q "SELECT customer_id FROM complaints WHERE id=$c1")" >/dev/null
c2=$(q "SELECT max(id) FROM complaints WHERE customer_id=(SELECT customer_id FROM complaints WHERE id=$c1)")
"$TEMAS" -d "$db" reply "$c2" --text "Tekrar yazıyoruz." >/dev/null
"$TEMAS" -d "$db" send >/dev/null
mid=$(q "SELECT message_id FROM outbox ORDER BY id DESC LIMIT 1")
printf 'From: MAILER-DAEMON@mx.example (Mail Delivery System)\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <bounce1@mx.example>\nAuto-Submitted: auto-replied\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n--B\nContent-Type: text/plain\n\nsorry\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; ayse@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n\n--B\nContent-Type: text/rfc822-headers\n\nMessage-ID: <%s>\n\n--B--\n' "$mid" > "$T_TMP/bounce.eml"
run_cmd -d "$db" ingest < "$T_TMP/bounce.eml"
check_eq "bounce: exit 0" 0 "$RC"
check_eq "bounce: our reply is failed, with the status" "failed|bounced: 5.1.1 smtp; 550 5.1.1 User unknown" \
	"$(q "SELECT state, error FROM outbox WHERE message_id='$mid'")"
check_eq "bounce: no complaint, not held" "0" \
	"$(q "SELECT count(*) FROM quarantine WHERE key='bounce1@mx.example'")"
sed "s/$mid/not-ours@x/" "$T_TMP/bounce.eml" | sed 's/bounce1@/bounce2@/' > "$T_TMP/stray.eml"
run_cmd -d "$db" ingest < "$T_TMP/stray.eml"
check_eq "a bounce for no message of ours: held" 1 \
	"$(q "SELECT count(*) FROM quarantine WHERE key='bounce2@mx.example'")"

# ---- attachments ----
printf 'attachment_max_kb = 1\n' >> "$XDG_CONFIG_HOME/temas/config"
big=$(head -c 3000 /dev/zero | tr '\0' 'x' | base64 -w 76)
printf 'From: Ayşe <ayse@example.com>\nSubject: Re: [#%s] fatura\nMessage-ID: <att1@c.example>\nContent-Type: multipart/mixed; boundary=X\n\n--X\nContent-Type: text/plain; charset=utf-8\n\nFatura ekte.\n--X\nContent-Type: application/pdf; name="=?UTF-8?B?ZmF0dXJhIMWfdWJhdC5wZGY=?="\nContent-Disposition: attachment\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQBAv8=\n--X\nContent-Type: image/png\nContent-Disposition: attachment; filename="../../büyük.png"\nContent-Transfer-Encoding: base64\n\n%s\n--X--\n' "$c2" "$big" > "$T_TMP/att.eml"
run_cmd -d "$db" ingest < "$T_TMP/att.eml"
check_eq "with attachments: filed on the tagged complaint" "$c2" "$OUT"
run_cmd -d "$db" attachment list "$c2"
check_contains "attachment list: the decoded name and type" "application/pdf	fatura şubat.pdf" "$OUT"
check_contains "attachment list: the path taken out of the name, over the limit not kept" \
	"3000	not kept (over the limit)	image/png	büyük.png" "$OUT"
aid=$(q "SELECT id FROM attachments WHERE content_type='application/pdf'")
run_cmd -d "$db" attachment save "$aid" "$T_TMP/f.pdf"
check_eq "save: the bytes as sent" "%PDF-1.4" "$(head -c 8 "$T_TMP/f.pdf")"
check_eq "save: exact size" 11 "$(wc -c < "$T_TMP/f.pdf")"
echo keep > "$T_TMP/exists"
run_cmd -d "$db" attachment save "$aid" "$T_TMP/exists"
check_eq "save over a file: refused (exit 4), file untouched" "4|keep" "$RC|$(cat "$T_TMP/exists")"
check_contains "save over a file: says --force" "--force" "$ERR"
run_cmd -d "$db" attachment save "$aid" "$T_TMP/exists" --force
check_eq "save --force: overwritten" 11 "$(wc -c < "$T_TMP/exists")"
run_cmd -d "$db" attachment save "$(q "SELECT id FROM attachments WHERE content_type='image/png'")" "$T_TMP/big.png"
check_eq "save of one not kept: refused (exit 5)" 5 "$RC"

# ---- one bad part is not the whole message ----
# A Turkish Outlook's bytes under a us-ascii label, an unencoded 8-bit
# From:, an HTML alternative and a PDF whose base64 is broken.
printf 'From: Ay\376e Kaya <ayse.kaya@example.com>\nSubject: iptal\nMessage-ID: <bad1@c.example>\nContent-Type: multipart/mixed; boundary=M\n\n--M\nContent-Type: multipart/alternative; boundary=A\n\n--A\nContent-Type: text/plain; charset=us-ascii\n\nSipari\376 iptal\n--A\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n!!!\n--A--\n--M\nContent-Type: application/pdf; name=dekont.pdf\nContent-Transfer-Encoding: base64\n\nJVBE*Ri0x\n--M--\n' > "$T_TMP/bad.eml"
run_cmd -d "$db" ingest < "$T_TMP/bad.eml"
bc=$OUT
check_eq "bad parts: filed (exit 0), not bounced" 0 "$RC"
check_eq "bad parts: the plain text read as Windows-1254, the name too" "Sipariş iptal|Ayşe" \
	"$(q "SELECT i.body, cu.first_name FROM interactions i JOIN complaints c ON c.id=i.complaint_id JOIN customers cu ON cu.id=c.customer_id WHERE i.ext_id='bad1@c.example'")"
check_contains "bad parts: a note says how the text was read" \
	"ingest: note: the text/plain part was read as Windows-1254 (it said us-ascii)" "$ERR"
check_contains "bad parts: a note names the PDF left unread" \
	"ingest: note: the application/pdf part 'dekont.pdf' has bad base64: listed, not kept" "$ERR"
check_contains "bad parts: the notes in the audit beside the complaint" "the From: header was read as Windows-1254" \
	"$(q "SELECT detail FROM audit WHERE action='mail-note' AND complaint_id=$bc")"
run_cmd -d "$db" attachment list "$bc"
check_contains "bad parts: the PDF listed as not readable" "0	not kept (could not be read)	application/pdf	dekont.pdf" "$OUT"
# Said in the subject alone.
printf 'From: s@o.example\nSubject: Kargom nerede?\nMessage-ID: <subj1@c.example>\n\n' > "$T_TMP/subj.eml"
run_cmd -d "$db" ingest < "$T_TMP/subj.eml"
check_eq "subject only: filed with the subject as its text" "0|Kargom nerede?" \
	"$RC|$(q "SELECT body FROM interactions WHERE ext_id='subj1@c.example'")"
# An 8 MB photo is 11 MB in base64: filed, the photo listed over the limit.
{ printf 'From: p@o.example\nSubject: foto\nMessage-ID: <big1@c.example>\nContent-Type: multipart/mixed; boundary=P\n\n--P\nContent-Type: text/plain\n\nHasarli urun fotografi ekte.\n--P\nContent-Type: image/jpeg; name=hasar.jpg\nContent-Transfer-Encoding: base64\n\n'
  head -c 8388608 /dev/zero | base64 -w 76; printf '\n--P--\n'; } > "$T_TMP/big.eml"
run_cmd -d "$db" ingest < "$T_TMP/big.eml"
check_eq "11 MB message: filed, not bounced" 0 "$RC"
check_eq "11 MB message: the photo listed, not kept (over attachment_max_kb)" "8388608|0" \
	"$(q "SELECT size, data IS NOT NULL FROM attachments WHERE name='hasar.jpg'")"

# ---- exit statuses for a mail server ----
printf 'not mail at all\n' > "$T_TMP/msg.eml"; ingest < "$T_TMP/msg.eml"
check_eq "never fileable: 65 (EX_DATAERR)" 65 "$RC"
(sqlite3 "$db" <<EOF
BEGIN EXCLUSIVE;
.shell sleep 3
COMMIT;
EOF
) >/dev/null 2>&1 &
lock=$!
sleep 0.5
mail "z <z@z.example>" busy1@c.example "busy" > "$T_TMP/msg.eml"
TEMAS_BUSY_TIMEOUT_MS=100 run_cmd -d "$db" ingest < "$T_TMP/msg.eml"
check_eq "database locked: 75 (EX_TEMPFAIL), the mail server retries" 75 "$RC"
wait $lock
feed "z <z@z.example>" busy1@c.example "busy"
check_eq "after the lock: filed" 0 "$RC"
run_cmd -d "$T_TMP/missing/no.db" ingest < "$T_TMP/att.eml"
check_eq "database missing: 75, not a bounce" 75 "$RC"

# ---- a portal's history through ingest --json ----
json() { printf '%s\n' "$1" > "$T_TMP/j.json"; run_cmd -d "$db" ingest --json < "$T_TMP/j.json"; }
json '{"channel":"portal","customer_id":"P-77","name":"Deniz Kaya","subject":"İade","text":"Ürün bozuk çıktı","message_id":"sik-1","at":"2025-02-01T10:00:00Z"}'
pc=$OUT
check_eq "portal complaint: a customer with the portal's id" "P-77|Deniz" \
	"$(q "SELECT cu.ext_id, cu.first_name FROM complaints c JOIN customers cu ON cu.id=c.customer_id WHERE c.id=$pc")"
json '{"channel":"portal","customer_id":"P-77","direction":"out","reply_to":"sik-1","text":"Merhaba, iade sürecini başlattık.","message_id":"sik-1-r1","at":"2025-02-01T12:00:00Z","resolved":true,"rating":4}'
check_eq "company reply: joins the thread" "$pc" "$OUT"
check_eq "company reply: outbound, not queued" "out|0" \
	"$(q "SELECT direction, (SELECT count(*) FROM outbox o WHERE o.interaction_id=i.id) FROM interactions i WHERE ext_id='sik-1-r1'")"
check_eq "company reply: first response, resolved with its text" \
	"1738411200|resolved|Merhaba, iade sürecini başlattık." \
	"$(q "SELECT first_response_at, status, resolution FROM complaints WHERE id=$pc")"
check_eq "rating: a CSAT answer on the complaint" "csat|4" \
	"$(q "SELECT kind, score FROM surveys WHERE complaint_id=$pc")"
# A rating of a matter still open (a message that opens a complaint) is
# not kept: a satisfaction answer is about a settled matter.
json '{"channel":"chat","from":"yeni@example.org","message_id":"rt-1","text":"5 harika","rating":5}'
rc=$OUT
check_eq "rating on a new complaint: filed" 0 "$RC"
check_contains "... the rating said not kept" "the rating was not kept: complaint $rc is not resolved" "$ERR"
check_eq "... no survey row" 0 "$(q "SELECT count(*) FROM surveys WHERE complaint_id=$rc")"
json '{"channel":"portal","customer_id":"P-88","direction":"out","text":"kimse yazmadı"}'
check_eq "company message with nothing to join: 65" 65 "$RC"
check_contains "company message with nothing to join: says why" "needs a complaint to join" "$ERR"
json '{"channel":"portal","customer_id":"P-77","text":"x","rating":6}'
check_eq "rating 6: 65, named" "65|temas: ingest: field 'rating': expected 1 to 5, not '6'" "$RC|$ERR"
json '{"channel":"portal","customer_id":"P-77","text":"x","direction":"sideways"}'
check_contains "bad direction: named" "field 'direction': expected in or out" "$ERR"
# Values quoted in a refusal reach the terminal made safe: no escapes.
esc='\u001b]0;PWNED\u0007\u001b[2J'
for f in "\"at\":\"$esc\"" "\"channel\":\"$esc\"" "\"direction\":\"$esc\"" "\"rating\":\"$esc\"" \
	 "\"x$esc\":\"1\""; do
	case $f in *channel*) obj="{$f,\"customer_id\":\"P-77\",\"text\":\"x\"}" ;;
		*) obj="{\"channel\":\"portal\",\"customer_id\":\"P-77\",\"text\":\"x\",$f}" ;; esac
	json "$obj"
	check_eq "refusal quoting $f: 65, one line, no control character" "65|1|0" \
		"$RC|$(printf '%s\n' "$ERR" | grep -c 'temas: ingest: ')|$(printf '%s' "$ERR" | LC_ALL=C grep -c '[[:cntrl:]]')"
done

# ---- Maildir ----
md="$T_TMP/Maildir"
mkdir -p "$md/new" "$md/cur" "$md/tmp"
i=0
while [ $i -lt 5 ]; do
	mail "k$i <k$i@m.example>" "md$i@c.example" "Maildir $i" > "$md/new/17408304$i.M$i.host"
	i=$((i + 1))
done
mail "k <k@m.example>" "mdar@c.example" "Otomatik" "Auto-Submitted: auto-replied" > "$md/new/17408305.M9.host"
printf 'not mail\n' > "$md/new/17408306.bad.host"
printf 'From: nomid@m.example\nSubject: no id\n\nmetin\n' > "$md/new/17408307.nomid.host"
run_cmd -d "$db" ingest --maildir "$md"
check_eq "maildir: one bad message: exit 65" 65 "$RC"
check_contains "maildir: summary" "filed 6, held 1, bounces 0, left in new/ 1" "$OUT"
check_eq "maildir: only the bad one left in new/" "17408306.bad.host" "$(ls "$md/new")"
check_eq "maildir: the others in cur/ with the info suffix" 7 "$(ls "$md/cur" | grep -c ':2,$')"
# A run killed after the commit and before the move: put them back.
for f in "$md/cur/"*; do b=$(basename "$f"); mv "$f" "$md/new/${b%:2,}"; done
before="$(q "SELECT count(*) FROM interactions")|$(q "SELECT count(*) FROM quarantine")"
run_cmd -d "$db" ingest --maildir "$md"
check_eq "maildir rerun: nothing filed twice (a message without Message-ID neither)" "$before" \
	"$(q "SELECT count(*) FROM interactions")|$(q "SELECT count(*) FROM quarantine")"
check_eq "maildir rerun: moved again" 7 "$(ls "$md/cur" | wc -l)"
run_cmd -d "$db" ingest --maildir "$T_TMP/nodir"
check_eq "maildir missing: 75" 75 "$RC"

# ---- a long References header ----
# Threaded by its newest hundred ids and the first: the id of the thread
# among them joins, wherever the header has it.
refs() {   # refs N POS ID: N filler ids with ID at position POS (from 1)
	_i=1; _out=""
	while [ $_i -le "$1" ]; do
		if [ $_i -eq "$2" ]; then _out="$_out <$3>"; else _out="$_out <f$_i@filler.example>"; fi
		_i=$((_i + 1))
	done
	printf '%s' "$_out"
}
feed "Deniz <deniz2@example.com>" r0@c.example "Sipariş"
cr=$OUT
# (From addresses new to the team: only the thread can join them.)
feed "D <d-new1@example.com>" r1@c.example "Re: x" "References:$(refs 300 300 r0@c.example)"
check_eq "References: the newest id joins" "$cr" "$OUT"
feed "D <d-new2@example.com>" r2@c.example "Re: y" "References:$(refs 300 1 r0@c.example)"
check_eq "References: the first id joins" "$cr" "$OUT"
feed "D <d-new3@example.com>" r3@c.example "Re: z" "References:$(refs 300 150 r0@c.example)"
check_eq "References: one deep in the middle is not looked up (the newest 100 and the first are)" \
	1 "$([ "$OUT" != "$cr" ] && [ -n "$OUT" ] && echo 1)"

# ---- the sender's clock ----
# A Date years back does not open the complaint years ago (an SLA breach
# on arrival, ahead of everyone in the queue); one an hour back is kept.
printf 'From: Acele <acele@example.org>\nTo: destek@example.com.tr\nSubject: Once ben\nMessage-ID: <d1@example.org>\nDate: Sat, 1 Jan 2000 10:00:00 +0000\n\nx\n' > "$T_TMP/old.eml"
run_cmd -d "$db" ingest < "$T_TMP/old.eml"
check_eq "a Date of 2000: opened on arrival" "$NOW|$NOW" \
	"$(q "SELECT k.opened_at, i.at FROM complaints k JOIN interactions i ON i.complaint_id=k.id WHERE k.id=$OUT")"
printf 'From: Saat <saat@example.org>\nTo: destek@example.com.tr\nSubject: Bekledi\nMessage-ID: <d2@example.org>\nDate: Sat, 1 Mar 2025 11:00:00 +0000\n\nx\n' > "$T_TMP/hour.eml"
run_cmd -d "$db" ingest < "$T_TMP/hour.eml"
check_eq "a Date an hour before arrival: kept" "$((NOW - 3600))" \
	"$(q "SELECT opened_at FROM complaints WHERE id=$OUT")"

# ---- after an erasure ----
# A customer's data erased on request: what she writes next, with the tag
# of her open complaint, is not filed under the erased record, where
# nobody could find or answer it.
feed "Deniz <deniz@example.com>" e1@c.example "Fatura"
ce=$OUT
"$TEMAS" -d "$db" erase customer "$(q "SELECT customer_id FROM complaints WHERE id=$ce")" --yes \
	>/dev/null 2>&1 || echo "Bail out! erase"
feed "Deniz <deniz@example.com>" e2@c.example "Re: Fatura [#$ce]"
check_eq "after her erasure: a new customer, a new complaint" "1|deniz@example.com" \
	"$([ "$OUT" != "$ce" ] && echo 1)|$(q "SELECT cu.email FROM complaints k JOIN customers cu ON cu.id=k.customer_id WHERE k.id=$OUT")"
finish
