#!/bin/sh
# data_io.sh: export reads back in (CSV and JSON lines round trips),
# e-mails and JSON messages are filed by `temas ingest` (matched,
# attached, idempotent, refused when malformed), `temas erase` removes
# personal data but keeps the accounts, and `temas queue` lists and
# filters the open complaints.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

TEMAS_NOW=1740830400; export TEMAS_NOW     # 2025-03-01T12:00:00Z
db="$T_TMP/a.db"
data="$TEMAS_SRCDIR/tests/data"
mail="$data/mail"
kinds="customers orders order-lines complaints interactions"

# The files name agent zeynep; an import never creates agents.
"$TEMAS" -d "$db" agent add "$(id -un)" --supervisor >/dev/null
"$TEMAS" -d "$db" agent add zeynep >/dev/null
for k in $kinds; do
	"$TEMAS" -d "$db" import "$k" "$data/$k.csv" >/dev/null || echo "Bail out! import $k"
done
"$TEMAS" -d "$db" import --jsonl "$data/mixed.jsonl" >/dev/null || echo "Bail out! jsonl"

count() { sqlite3 "$db" "$1"; }

# ---- ingest ----
run_cmd -d "$db" ingest < "$mail/kargo.eml"
check_eq "e-mail: exit 0" 0 "$RC"
k1=$(count "SELECT id FROM complaints WHERE ext_id='K-1'")
check_eq "e-mail from a known customer (other case) joins her open e-mail complaint" "$k1" "$OUT"
check_eq "e-mail: body filed" "Merhaba,
S-1002 numaralı siparişim hâlâ gelmedi. Kargo takip numarası çalışmıyor.

Ayşe" "$(count "SELECT body FROM interactions WHERE ext_id='20250301.1@mail.example.com'")"
check_eq "e-mail: RFC 2047 subject decoded" "Kargo hala gelmedi" \
	"$(count "SELECT subject FROM interactions WHERE ext_id='20250301.1@mail.example.com'")"
check_eq "e-mail: Date header read (+0300)" 1740821400 \
	"$(count "SELECT at FROM interactions WHERE ext_id='20250301.1@mail.example.com'")"

before=$(sqlite3 "$db" .dump)
run_cmd -d "$db" ingest < "$mail/kargo.eml"
check_eq "same Message-ID again: exit 0" 0 "$RC"
check_eq "same Message-ID again: same complaint printed" "$k1" "$OUT"
check_contains "same Message-ID again: says so" "was filed before" "$ERR"
check_eq "same Message-ID again: nothing written" "$before" "$(sqlite3 "$db" .dump)"


run_cmd -d "$db" ingest < "$mail/followup.eml"
check_eq "follow-up attaches to the same complaint" "$k1" "$OUT"
check_eq "complaint now has three messages" 3 \
	"$(count "SELECT count(*) FROM interactions WHERE complaint_id=$k1")"

ncust=$(count "SELECT count(*) FROM customers")
run_cmd -d "$db" ingest < "$mail/iade-new-sender.eml"
check_eq "new sender: exit 0" 0 "$RC"
new=$OUT
check_eq "new sender: customer created from the display name" "Hakan|Doğan|hakan.dogan@example.net" \
	"$(count "SELECT c.first_name, c.last_name, c.email FROM complaints k JOIN customers c ON c.id=k.customer_id WHERE k.id=$new" | tr '\n' ' ' | sed 's/ $//')"
check_eq "new sender: one more customer" $((ncust + 1)) "$(count "SELECT count(*) FROM customers")"
check_eq "new complaint: channel, priority, category from 'iade', ISO-8859-9 subject" \
	"email|normal|refund|İade talebi - yanlış beden" \
	"$(count "SELECT channel, priority, category, subject FROM complaints WHERE id=$new")"
check_eq "new complaint: SLA due times from the policy" "28800|259200" \
	"$(count "SELECT first_response_due - opened_at, resolution_due - opened_at FROM complaints WHERE id=$new")"
check_eq "multipart: the plain part (quoted-printable, ISO-8859-9) is filed" \
	"Merhaba, aldığım ayakkabı küçük geldi, iade etmek istiyorum." \
	"$(count "SELECT body FROM interactions WHERE ext_id='x77@example.net'")"

run_cmd -d "$db" ingest --json < "$mail/social.json"
check_eq "json: exit 0" 0 "$RC"
check_eq "json: phone 0532… matched +90 532… (customer C001)" "C001|social|invoice" \
	"$(count "SELECT c.ext_id, k.channel, k.category FROM complaints k JOIN customers c ON c.id=k.customer_id WHERE k.id=$OUT")"

bad_ingest() {   # bad_ingest NAME MESSAGE ARGS... < input
	name=$1 msg=$2; shift 2
	before=$(sqlite3 "$db" .dump)
	run_cmd -d "$db" ingest "$@"
	check_eq "$name: exit 65 (EX_DATAERR: the mail server bounces it)" 65 "$RC"
	check_eq "$name: message" "temas: $msg" "$ERR"
	check_eq "$name: nothing written" "$before" "$(sqlite3 "$db" .dump)"
}
bad_ingest "not an e-mail" "ingest: line 1 is not a header (not an e-mail?)" < "$mail/not-mail.txt"
bad_ingest "no From" "ingest: no From: header" < "$mail/no-from.eml"
bad_ingest "empty input" "ingest: no message on standard input" < /dev/null
printf 'From: a@b.tr\nContent-Type: text/plain; charset=x-klingon\n\nqapla\n' > "$T_TMP/cs.eml"
bad_ingest "unknown charset" "ingest: unknown charset 'x-klingon'" < "$T_TMP/cs.eml"
printf '{"channel":"fax","from":"a@b.tr","text":"x"}\n' > "$T_TMP/fax.json"
bad_ingest "json: unknown channel" "ingest: unknown channel 'fax'" --json < "$T_TMP/fax.json"
printf '{"channel":"social","text":"x"}\n' > "$T_TMP/anon.json"
bad_ingest "json: no sender" "ingest: field 'from': give 'from' (e-mail) or 'phone'" --json < "$T_TMP/anon.json"
printf '{"channel":"social","from":"a@b.tr"}\n' > "$T_TMP/notext.json"
bad_ingest "json: no text" "ingest: field 'text': required, but missing" --json < "$T_TMP/notext.json"
printf '{"channel":"social","from":"a@b.tr","text":"x",}\n' > "$T_TMP/broken.json"
bad_ingest "json: syntax" "ingest: JSON column 48: expected a member name in quotes" --json < "$T_TMP/broken.json"
head -c 11000000 /dev/zero | tr '\0' 'a' > "$T_TMP/big.eml"
bad_ingest "too big" "ingest: message larger than 10 MB" < "$T_TMP/big.eml"

# ---- queue ----
run_cmd -d "$db" queue --format tsv
check_eq "queue: exit 0" 0 "$RC"
check_eq "queue: open complaints only, most urgent first" \
	"$(count "SELECT id FROM complaints WHERE status NOT IN ('resolved','closed') ORDER BY due_at, id")" \
	"$(printf '%s\n' "$OUT" | cut -f1)"
run_cmd -d "$db" queue --breached --format tsv
check_eq "queue --breached: only past due (K-3 and WK-1)" \
	"$(count "SELECT id FROM complaints WHERE ext_id IN ('K-3','WK-1') ORDER BY due_at")" \
	"$(printf '%s\n' "$OUT" | cut -f1)"
run_cmd -d "$db" queue --channel social --limit 1 --format tsv
check_eq "queue --channel --limit" "social" "$(printf '%s\n' "$OUT" | cut -f5)"
check_eq "queue --limit 1: one row" 1 "$(printf '%s\n' "$OUT" | wc -l)"
run_cmd -d "$db" queue --format json --limit 2
check_contains "queue json: an array of objects" '[{"id":' "$OUT"
run_cmd -d "$db" queue --format xml
check_eq "queue: bad format is a usage error" 2 "$RC"
sqlite3 "$db" "UPDATE complaints SET subject='x' || char(27) || '[2J evil' WHERE ext_id='K-3'"
run_cmd -d "$db" queue
check_not_contains "queue text: escape sequences are not printed" "$(printf '\033')" "$OUT"

# ---- round trips ----
# A new database knows no agents; the ones the history names come first.
add_agents() {
	"$TEMAS" -d "$1" agent add "$(id -un)" --supervisor >/dev/null
	"$TEMAS" -d "$1" agent add zeynep >/dev/null
}
b="$T_TMP/b.db"
add_agents "$b"
for k in $kinds; do
	"$TEMAS" -d "$db" export "$k" > "$T_TMP/a-$k.csv"
	run_cmd -d "$b" import "$k" "$T_TMP/a-$k.csv"
	check_eq "csv round trip: import $k" 0 "$RC"
done
for k in $kinds; do
	"$TEMAS" -d "$b" export "$k" > "$T_TMP/b-$k.csv"
	check "csv round trip: $k exports are identical" cmp -s "$T_TMP/a-$k.csv" "$T_TMP/b-$k.csv"
done
check_eq "csv round trip: row counts" "$(wc -l < "$T_TMP/a-interactions.csv")" \
	"$(wc -l < "$T_TMP/b-interactions.csv")"

c="$T_TMP/c.db"
add_agents "$c"
for k in $kinds; do "$TEMAS" -d "$db" export "$k" --format jsonl; done > "$T_TMP/all.jsonl"
run_cmd -d "$c" import --jsonl "$T_TMP/all.jsonl"
check_eq "jsonl round trip: import" 0 "$RC"
for k in $kinds; do
	check_eq "jsonl round trip: $k" "$(cat "$T_TMP/a-$k.csv")" "$("$TEMAS" -d "$c" export "$k")"
done

run_cmd -d "$db" export orders --since 2025-02-15
check_eq "export --since keeps later rows" "number,customer_ext_id,status,total,currency,placed_at
S-1002,C001,shipped,89.50,TRY,2025-02-27T07:15:00Z
S-1004,C004,placed,42.00,EUR,2025-03-01T09:00:00Z" "$OUT"

# ---- erase ----
id=$(count "SELECT id FROM customers WHERE ext_id='C001'")
totals=$(count "SELECT number, total, placed_at FROM orders WHERE customer_id=$id ORDER BY number")
"$TEMAS" -d "$db" search --format tsv Faturam > "$T_TMP/found-before"
check_contains "search finds the message before erasure" "Faturam" "$(cat "$T_TMP/found-before")"
run_cmd -d "$db" erase customer "$id" < /dev/null
check_eq "erase without --yes off a terminal: refused" 2 "$RC"
check_contains "erase refusal names --yes" "give --yes" "$ERR"
check_eq "erase refused: data still there" "Ayşe" "$(count "SELECT first_name FROM customers WHERE id=$id")"
run_cmd -d "$db" erase customer 99999 --yes
check_eq "erase unknown customer: exit 3" 3 "$RC"
run_cmd -d "$db" erase customer "$id" --yes
check_eq "erase: exit 0" 0 "$RC"
check_eq "erase: name, e-mail, phone, city" "Silindi|$id|||" \
	"$(count "SELECT first_name, last_name, email, phone, city FROM customers WHERE id=$id")"
check_eq "erase: every message text replaced" 0 \
	"$(count "SELECT count(*) FROM interactions WHERE customer_id=$id AND (body != '[erased]' OR subject != '[erased]')")"
check_eq "erase: complaint subjects replaced" 0 \
	"$(count "SELECT count(*) FROM complaints WHERE customer_id=$id AND subject != '[erased]'")"
check_eq "erase: no trace of the text anywhere" "" \
	"$(sqlite3 "$db" .dump | grep -e 'siparişim S-1002' -e 'ayse.yilmaz@example.com' -e 'Faturam iki kere' | grep -v 'INSERT INTO audit')"
check_eq "erase: orders keep amounts and dates" "$totals" \
	"$(count "SELECT number, total, placed_at FROM orders WHERE customer_id=$id ORDER BY number")"
check_eq "erase: the search index forgets the text" "" \
	"$("$TEMAS" -d "$db" search --format tsv Faturam)"
check_eq "erase: the search index forgets the e-mail address" "" \
	"$("$TEMAS" -d "$db" search --format tsv ayse.yilmaz)"
check_eq "erase: audited" "erase|$id" "$(count "SELECT action, customer_id FROM audit WHERE action='erase'")"
"$TEMAS" -d "$db" import customers "$data/customers.csv" >/dev/null
check_eq "erase: re-importing the old file does not bring the data back" "Silindi" \
	"$(count "SELECT first_name FROM customers WHERE id=$id")"

# The same id from another sender or on another channel is another
# message: two gateways each numbering from 1, a web form whose every
# mail says <1@localhost>.  Each is filed, and each once.
gw() { printf '{"channel":"%s","from":"%s","text":"%s","message_id":"1001"}\n' "$1" "$2" "$3" \
	> "$T_TMP/gw.json"; run_cmd -d "$db" ingest --json < "$T_TMP/gw.json"; }
gw chat c1@example.org "chat mesajı"
kc=$OUT
gw social s1@example.org "sosyal mesaj"
check_eq "the same id on another channel: filed (exit 0)" 0 "$RC"
check_eq "... as the sender's own complaint" 1 "$([ "$OUT" != "$kc" ] && [ -n "$OUT" ] && echo 1)"
check_eq "... with its text" "sosyal mesaj" \
	"$(count "SELECT body FROM interactions WHERE complaint_id=$OUT")"
ks=$OUT
gw social s1@example.org "sosyal mesaj"
check_eq "delivered again: the same complaint" "$ks" "$OUT"
check_contains "... said to be filed before" "was filed before" "$ERR"
check_eq "... and once only" 1 "$(count "SELECT count(*) FROM interactions WHERE body='sosyal mesaj'")"
for who in a b; do
	printf 'From: %s <%s@example.org>\nSubject: Form\nMessage-ID: <1@localhost>\n\nform %s\n' "$who" "$who" "$who" \
		> "$T_TMP/form.eml"
	run_cmd -d "$db" ingest < "$T_TMP/form.eml"
done
check_eq "one Message-ID from two senders: both filed" "1 1" \
	"$(count "SELECT count(*) FROM interactions WHERE body='form a'") $(count "SELECT count(*) FROM interactions WHERE body='form b'")"

finish
