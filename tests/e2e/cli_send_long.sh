#!/bin/sh
# cli_send_long.sh: a reply's headers are whole however long the data:
# the Message-ID keeps a sender domain of any length, and a thread longer
# than a hundred messages still threads the reply under the customer's
# last message (References: the first message and the newest ones).
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

NOW=1740830400; TEMAS_NOW=$NOW; export TEMAS_NOW
db="$T_TMP/s.db"
spool="$T_TMP/spool"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
mail_standin "$spool"
# A domain of 220 characters: labels of 60, within what DNS allows.
label=$(printf 'a%.0s' $(seq 60))
dom="$label.$label.$label.destek-example.com.tr"
printf 'sendmail = %s -t -oi\nfrom = Destek <destek@%s>\n' "$T_TMP/sendmail" "$dom" \
	> "$XDG_CONFIG_HOME/temas/config"

"$TEMAS" init -d "$db" >/dev/null 2>&1 || echo "Bail out! init failed"
printf 'From: Ayse <ayse@example.com>\nTo: destek@example.com.tr\nSubject: Kargo\nMessage-ID: <m1@customer.example>\nDate: Sat, 1 Mar 2025 11:00:00 +0000\n\nSiparişim nerede?\n' |
	"$TEMAS" -d "$db" ingest >/dev/null
cid=$(q "SELECT max(id) FROM complaints")
# 149 more messages of hers on the complaint, each a minute later.
seed_sql "$db" "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
	INSERT INTO interactions(customer_id, complaint_id, channel, direction, subject, body, at, ext_id)
	SELECT c.customer_id, c.id, 'email', 'in', 'Kargo', 'yine ' || i, $NOW - 3600 + i * 60,
		'm' || i || '@customer.example' FROM n, complaints c WHERE c.id = $cid"
"$TEMAS" -d "$db" show customer "$(q "SELECT customer_id FROM complaints WHERE id=$cid")" >/dev/null
run_cmd -d "$db" reply "$cid" --text "Kargonuz yolda."
check_eq "reply queued" 0 "$RC"
TEMAS_NOW=$((NOW + 60)) run_cmd -d "$db" send
check_contains "sent" "sent 1, to retry 0, failed 0" "$OUT"
msg=$(cat "$spool"/*.eml)
mid=$(q "SELECT message_id FROM outbox")
check_match "the stored id keeps the whole domain" "^temas\\.[0-9]+\\.[0-9a-f]{18}@$dom\$" "$mid"
check_contains "the message carries it" "Message-ID: <$mid>" "$msg"
check_contains "in reply to her last message" "In-Reply-To: <m150@customer.example>" "$msg"
refs=$(printf '%s\n' "$msg" | awk '/^References:/ { on = 1 } on && /^[^ R]/ { on = 0 } on' |
	grep -o '<[^>]*>' | tr '\n' ' ')
check_eq "References: the first and the newest 99, in order" \
	"<m1@customer.example> $(seq 52 150 | sed 's/.*/<m&@customer.example>/' | tr '\n' ' ')" "$refs"
finish
