#!/bin/sh
# mail_names.sh: a customer's name, however hostile, addresses the reply
# to the customer and to nobody else.  Senders' names with RFC 5322
# specials (':' '@' ',' ';' '"' '\' '<' '>' '(' ')'), line breaks sent
# in encoded words, Turkish letters and very long names are filed without
# control characters; replies to them, and to names already stored with
# control characters, are read back by an independent RFC 5322 parser
# (Python's email package) whose To: list must be exactly the customer's
# one address, with no header but the ones temas writes.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

NOW=1740830400; TEMAS_NOW=$NOW; export TEMAS_NOW
db="$T_TMP/n.db"
spool="$T_TMP/spool"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
mail_standin "$spool"
mail_conf
"$TEMAS" init -d "$db" >/dev/null 2>&1 || echo "Bail out! init failed"

b64() { printf "$1" | base64 | tr -d '\n'; }
long_tr="Çok Uzun İsimli Müşteri: Şükrü Öğüt, Gülşen Çağlar; <ığdır@örnek.example> ve \"diğerleri\" (hepsi) bir arada yazılmış"
long_ascii="Customer Relations Department of the Very Long Company Name Incorporated Worldwide Limited"
long_special="Support: info@competitor.example, sales@competitor.example; \"urgent\" <x@y.example> (see)"

# TAG<TAB>From: value as the sender wrote it.  Each tag is the local part
# of the sender's address and of their message's id.
cat > "$T_TMP/senders" <<EOF
colon	"Destek: bilgi@rakip.example" <colon@example.org>
crlf	=?UTF-8?B?$(b64 'Ali\r\nBcc: evil@attacker.example')?= <crlf@example.org>
crlfq	=?UTF-8?Q?Veli=0D=0ACc:_evil@attacker.example?= <crlfq@example.org>
tab	=?UTF-8?B?$(b64 'Tab\tName\001\033[31m Red')?= <tab@example.org>
at	"bilgi@rakip.example" <at@example.org>
comma	"Kargo, Lojistik" <comma@example.org>
semi	"a;b:c" <semi@example.org>
quote	"Ali \\"Baba\\" Kaya" <quote@example.org>
bslash	"back\\\\slash \\\\" <bslash@example.org>
angle	"<evil@attacker.example>" <angle@example.org>
paren	"(yorum) Ali )(" <paren@example.org>
group	"Undisclosed:;" <group@example.org>
turkish	=?UTF-8?Q?Ay=C5=9Fe_=C3=87elik_=C4=B0=C4=9Fde?= <turkish@example.org>
trraw	Şükrü Öztürk <trraw@example.org>
trcolon	=?UTF-8?B?$(b64 'Şükrü: ığdır@örnek.example')?= <trcolon@example.org>
longtr	=?UTF-8?B?$(b64 "$long_tr")?= <longtr@example.org>
longascii	$long_ascii <longascii@example.org>
longspec	=?UTF-8?B?$(b64 "$long_special")?= <longspec@example.org>
encword	"=?UTF-8?B?QmNjOiBldmls?=" <encword@example.org>
onlycrlf	=?UTF-8?B?$(b64 '\r\n')?= <onlycrlf@example.org>
EOF

n=0
while IFS='	' read -r tag from; do
	printf 'From: %s\nTo: destek@example.com.tr\nSubject: Sipariş %s\nMessage-ID: <%s@customer.example>\nDate: Sat, 1 Mar 2025 11:00:00 +0000\n\nMerhaba\n' \
		"$from" "$tag" "$tag" > "$T_TMP/in.eml"
	"$TEMAS" -d "$db" ingest < "$T_TMP/in.eml" > "$T_TMP/ingest.out" 2>&1 ||
		not_ok "ingest $tag" "$(cat "$T_TMP/ingest.out")"
	n=$((n + 1))
done < "$T_TMP/senders"
check_eq "every sender filed as a new customer" "$n" \
	"$(q "SELECT count(*) FROM customers WHERE email LIKE '%@example.org'")"
check_eq "names filed without control characters" 0 \
	"$(q "SELECT count(*) FROM customers WHERE first_name || last_name GLOB '*[$(printf '\001-\037\177')]*'")"
check_eq "a name broken by an encoded line break is one line" \
	"Ali Bcc:|evil@attacker.example" \
	"$(q "SELECT first_name, last_name FROM customers WHERE email='crlf@example.org'")"
check_eq "a name that was only a line break: the address's local part" \
	"onlycrlf|" "$(q "SELECT first_name, last_name FROM customers WHERE email='onlycrlf@example.org'")"
cust=$(q "SELECT id FROM customers WHERE email='crlf@example.org'")
run_cmd -d "$db" show customer "$cust"
check_contains "show: the name on one line" "Ali Bcc: evil@attacker.example" "$OUT"
check_eq "show: no carriage return" 0 "$(printf '%s' "$OUT" | tr -cd '\r' | wc -c)"

# Names stored with control characters before they were cleaned on filing
# (or by hand): the header gets blanks for them.
while IFS='	' read -r tag first last; do
	printf 'From: %s <%s@example.org>\nTo: destek@example.com.tr\nSubject: Sipariş %s\nMessage-ID: <%s@customer.example>\nDate: Sat, 1 Mar 2025 11:00:00 +0000\n\nMerhaba\n' \
		"$tag" "$tag" "$tag" "$tag" | "$TEMAS" -d "$db" ingest >/dev/null 2>&1
	q "UPDATE customers SET first_name=$first, last_name=$last WHERE email='$tag@example.org'"
done <<'EOF'
storedcrlf	'Ali' || char(13, 10) || 'Bcc: evil@attacker.example' || char(13, 10) || 'X:'	''
storedlf	'Ayşe' || char(10) || 'To: evil@attacker.example,'	'Kaya' || char(10)
storedc1	'Nel' || char(133) || 'Cc: evil@attacker.example'	'Ls' || char(8232) || 'Bcc: x@y.example'
storedctl	char(13, 10, 9)	char(10)
storeddel	'Del' || char(127) || char(0x1b) || '[2J'	'"q\'
EOF

# A reply to each, handed to the stand-in MTA.
for id in $(q "SELECT id FROM complaints ORDER BY id"); do
	"$TEMAS" -d "$db" show customer "$(q "SELECT customer_id FROM complaints WHERE id=$id")" >/dev/null 2>&1
	"$TEMAS" -d "$db" reply "$id" --text "yanıt" >/dev/null 2>&1 ||
		not_ok "reply on complaint $id"
done
run_cmd -d "$db" send
total=$(q "SELECT count(*) FROM customers WHERE email LIKE '%@example.org'")
check_contains "every reply accepted" "sent $total, to retry 0, failed 0" "$OUT"
check_eq "one message per customer" "$total" "$(ls "$spool" | wc -l)"
check_eq "no control character but the line ends in any header" "" \
	"$(for f in "$spool"/*.eml; do sed '/^$/q' "$f" | LC_ALL=C grep -n "[$(printf '\001-\011\013-\037\177')]" | sed "s|^|$(basename "$f"):|"; done)"
check_eq "headers are ASCII" "" \
	"$(for f in "$spool"/*.eml; do sed '/^$/q' "$f" | LC_ALL=C grep -n "$(printf '[\200-\377]')"; done)"

if ! python3 -c 'import email.policy, sqlite3' 2>/dev/null; then
	skip "an RFC 5322 parser reads exactly the customer's address" \
		"python3 with its email and sqlite3 modules is not installed"
	finish
	exit
fi

# Each message: read by Python's email package (policy=default), which
# must find no group, exactly one To address, the customer's, with their
# name as filed (control characters as blanks; runs of blanks compared as
# one, as Python keeps the fold between two encoded words of a name as a
# blank), one From, and no header temas does not write.  One line per
# message: "ok TAG" or "bad TAG: why".
cat > "$T_TMP/read.py" <<'EOF'
import email, email.policy, glob, os, re, sqlite3, sys

db = sqlite3.connect(sys.argv[1])
ctl = re.compile('[\x00-\x1f\x7f-\x9f\u2028\u2029]')
ours = {'date', 'from', 'to', 'subject', 'message-id', 'in-reply-to',
        'references', 'mime-version', 'content-type',
        'content-transfer-encoding'}
for path in sorted(glob.glob(os.path.join(sys.argv[2], '*.eml'))):
    with open(path, 'rb') as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    irt = str(m['In-Reply-To'] or '')
    tag = irt.strip('<>').split('@')[0]
    addr = tag + '@example.org'
    row = db.execute("SELECT trim(first_name || ' ' || last_name) FROM customers"
                     " WHERE email=?", (addr,)).fetchone()
    why = []
    if row is None:
        why.append('no customer for In-Reply-To %r' % irt)
        row = ('',)
    want = ' '.join(ctl.sub(' ', row[0]).split())
    try:
        to = m['To']
        if to is None:
            why.append('no To')
        else:
            if [g.display_name for g in to.groups] != [None]:
                why.append('To is %d groups, named %r' % (
                    len(to.groups), [g.display_name for g in to.groups]))
            got = [(a.display_name, a.addr_spec) for a in to.addresses]
            if [a for _, a in got] != [addr]:
                why.append('To addresses %r, not [%r]' % ([a for _, a in got], addr))
            elif ' '.join(got[0][0].split()) != want:
                why.append('To name %r, not %r' % (got[0][0], want))
            if to.defects:
                why.append('To defects %r' % (to.defects,))
        fr = m['From']
        if fr is None or [a.addr_spec for a in fr.addresses] != ['destek@example.com.tr']:
            why.append('From is %r' % (str(fr),))
        extra = sorted(set(k.lower() for k in m.keys()) - ours)
        if extra:
            why.append('headers temas does not write: %r' % (extra,))
        if len(m.get_all('To', [])) != 1:
            why.append('%d To headers' % len(m.get_all('To', [])))
    except Exception as e:
        why.append('the parser gave up: %s: %s' % (type(e).__name__, e))
    print(('bad %s: ' % tag) + '; '.join(why) if why else 'ok ' + tag)
EOF
python3 "$T_TMP/read.py" "$db" "$spool" > "$T_TMP/read.out" 2>&1
check_eq "the parser read every message" "$total" "$(grep -c '^ok \|^bad ' "$T_TMP/read.out")"
while read -r verdict tag rest; do
	case "$verdict" in
	ok) ok "parser: the reply to '$tag' goes to that customer alone" ;;
	bad) not_ok "parser: the reply to '${tag%:}' goes to that customer alone" "$rest" \
		"$(sed -n '/^To:/,/^[^ ]/p' "$(grep -l "^In-Reply-To: <${tag%:}@" "$spool"/*.eml)" | head -6)" ;;
	*) not_ok "parser output" "$verdict $tag $rest" ;;
	esac
done < "$T_TMP/read.out"

finish
