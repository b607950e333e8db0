#!/bin/sh
# mail.sh: the mail benchmark and crash test behind `make bench-mail`.
#
#   mail.sh [--messages N] [--rounds K]
#
# Through a private Postfix (tests/e2e/postfix.sh):
#  1. throughput: N queued replies, `temas send` until the last one is in
#     the customer's Maildir: messages per second handed to sendmail, and
#     from the queue to delivered;
#  2. `temas send` killed (SIGKILL) K times mid-run over N more replies,
#     then run to the end: messages lost and messages sent twice, counted
#     by Message-ID in the Maildir;
#  3. `temas ingest --maildir` killed K times mid-run over N messages (one
#     in ten without a Message-ID), then run to the end: messages lost
#     (never filed) and filed twice.
# Rounds are counted, not timed; the kill comes after a random 0-300 ms.
# Needs TEMAS; runs as root (Postfix), prints results, exits 1 when a
# message was lost or doubled.
set -u
n=1000
rounds=100
while [ $# -gt 0 ]; do
	case $1 in
	--messages) shift; n=${1:?--messages needs a number} ;;
	--rounds) shift; rounds=${1:?--rounds needs a number} ;;
	*) echo "mail.sh: usage: mail.sh [--messages N] [--rounds K]" >&2; exit 2 ;;
	esac
	shift
done
: "${TEMAS:?mail.sh: TEMAS is not set (run it with make bench-mail)}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../e2e/postfix.sh"
if why=$(postfix_missing); then
	echo "mail.sh: cannot run: $why" >&2
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/temas-mailbench.XXXXXX")
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config"
mkdir -p "$HOME" "$XDG_CONFIG_HOME/temas"
postfix_config "$tmp/pf"
trap 'postfix -c "$pf_etc" stop >/dev/null 2>&1; rm -rf "$tmp"' EXIT
printf 'ayse: %s/ayse/\n' "$pf_box" > "$pf_etc/aliases"
postalias -c "$pf_etc" "$pf_etc/aliases" && postfix -c "$pf_etc" start >/dev/null 2>&1 || {
	echo "mail.sh: Postfix does not start" >&2; exit 77; }
printf 'sendmail = /usr/sbin/sendmail -C %s -t -oi\nfrom = Destek <destek@temas.test>\n' \
	"$pf_etc" > "$XDG_CONFIG_HOME/temas/config"
db="$tmp/b.db"
"$TEMAS" init -d "$db" >/dev/null
printf 'From: Ayse <ayse@temas.test>\nSubject: Kargo\nMessage-ID: <b1@temas.test>\n\nNerede?\n' |
	"$TEMAS" -d "$db" ingest >/dev/null
q() { sqlite3 "$db" "$1"; }
now_ms() { date +%s%3N; }
delivered() { ls "$pf_box/ayse/new" 2>/dev/null | wc -l; }
wait_delivered() {   # wait_delivered N: poll until N messages are in the Maildir
	_k=0
	while [ "$(delivered)" -lt "$1" ] && [ $_k -lt 6000 ]; do sleep 0.05; _k=$((_k + 1)); done
}
# queue N: N replies by one agent on the complaint, as store_complaint_reply
# writes them (interaction and outbox row), in one transaction.
queue() {
	q "BEGIN;
	WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $1)
	INSERT INTO interactions(customer_id, complaint_id, channel, direction, agent_id, at, body)
	  SELECT c.customer_id, c.id, 'email', 'out', 1, strftime('%s','now'),
	         'Yanıt ' || k.i || ': siparişiniz yolda, çok üzgünüz.'
	  FROM k, complaints c;
	INSERT INTO outbox(interaction_id, complaint_id, channel, transport, queued_at, next_at)
	  SELECT id, complaint_id, 'email', 'mail', at, at FROM interactions i
	  WHERE direction='out' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.interaction_id=i.id);
	COMMIT;"
}
random_ms() { awk -v s="$1$$" 'BEGIN { srand(s); printf "%.3f", rand() * 0.3 }'; }

# ---- 1. throughput ----
queue "$n"
t0=$(now_ms)
"$TEMAS" -d "$db" send >/dev/null
t1=$(now_ms)
wait_delivered "$n"
t2=$(now_ms)
got=$(delivered)
echo "throughput: $n messages; temas send to sendmail: $(awk "BEGIN{printf \"%.0f\", $n*1000/($t1-$t0)}") msg/s;" \
	"queue to delivered (Maildir): $(awk "BEGIN{printf \"%.0f\", $got*1000/($t2-$t0)}") msg/s ($got delivered)"

# ---- 2. temas send killed mid-run ----
rm -f "$pf_box/ayse/new/"*
base=$(q "SELECT count(*) FROM outbox")
queue "$n"
r=0
while [ $r -lt "$rounds" ]; do
	"$TEMAS" -d "$db" send >/dev/null 2>&1 &
	p=$!
	sleep "$(random_ms $r)"
	kill -KILL $p 2>/dev/null
	wait $p 2>/dev/null
	r=$((r + 1))
done
left=$(q "SELECT count(*) FROM outbox WHERE id > $base AND state <> 'sent'")
claimed=$(q "SELECT count(*) FROM outbox WHERE id > $base AND state = 'sending'")
sleep 2
TEMAS_SEND_LEASE=1 "$TEMAS" -d "$db" send >/dev/null 2>&1
wait_delivered "$n"
sleep 2
total=$(cat "$pf_box/ayse/new/"* | grep -c '^Message-ID: <temas\.')
unique=$(cat "$pf_box/ayse/new/"* | sed -n 's/^Message-ID: <\(temas\..*\)>$/\1/p' | sort -u | wc -l)
sent=$(q "SELECT count(*) FROM outbox WHERE id > $base AND state='sent'")
send_lost=$((n - unique))
send_doubled=$((total - unique))
echo "temas send killed $rounds times over $n messages: $left not yet sent after the kills" \
	"($claimed left claimed by a killed sender); after one more run: $sent marked sent," \
	"$unique delivered, lost $send_lost, sent twice $send_doubled"

# ---- 3. temas ingest --maildir killed mid-run ----
md="$tmp/Maildir"
mkdir -p "$md/new" "$md/cur" "$md/tmp"
i=0
while [ $i -lt "$n" ]; do
	if [ $((i % 10)) -eq 9 ]; then
		printf 'From: k%d@m.example\nSubject: no id %d\n\nmetin %d\n' $i $i $i
	else
		printf 'From: k%d@m.example\nSubject: m %d\nMessage-ID: <md%d@m.example>\n\nmetin %d\n' $i $i $i $i
	fi > "$md/new/$((1000000 + i)).M$i.host"
	i=$((i + 1))
done
before=$(q "SELECT count(*) FROM interactions WHERE direction='in'")
r=0
while [ $r -lt "$rounds" ]; do
	"$TEMAS" -d "$db" ingest --maildir "$md" >/dev/null 2>&1 &
	p=$!
	sleep "$(random_ms $((r + 7)))"
	kill -KILL $p 2>/dev/null
	wait $p 2>/dev/null
	r=$((r + 1))
done
left=$(ls "$md/new" | wc -l)
"$TEMAS" -d "$db" ingest --maildir "$md" >/dev/null 2>&1
filed=$(( $(q "SELECT count(*) FROM interactions WHERE direction='in'") - before ))
distinct=$(q "SELECT count(DISTINCT subject) FROM interactions WHERE direction='in' AND (subject LIKE 'm %' OR subject LIKE 'no id %')")
in_lost=$((n - distinct))
in_doubled=$((filed - distinct))
echo "temas ingest --maildir killed $rounds times over $n messages: $left still in new/ after the kills;" \
	"after one more run: $(ls "$md/new" | wc -l) in new/, $(ls "$md/cur" | wc -l) in cur/," \
	"filed $filed, lost $in_lost, filed twice $in_doubled"
[ "$send_lost" -eq 0 ] && [ "$send_doubled" -eq 0 ] && [ "$in_lost" -eq 0 ] && [ "$in_doubled" -eq 0 ]
