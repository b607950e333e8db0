#!/bin/sh
# mail_postfix.sh: the whole conversation through a real mail server.
# A private Postfix (its own configuration, queue and data directories in
# the test's temporary directory, no network listener) delivers locally:
# the customer's mailbox is a Maildir, the team's address an alias that
# pipes to `temas ingest`.  A reply typed in the console arrives with the
# right headers and the Turkish text intact; the customer's answer comes
# back through the alias onto the same complaint; an auto-reply is held;
# a bounce marks the reply failed; a stopped or broken mail server gives
# a retry, not a loss.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

. "$TEMAS_SRCDIR/tests/e2e/postfix.sh"
skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}
why=$(postfix_missing) && skip_all "$why"
command -v tmux >/dev/null 2>&1 || skip_all "tmux is not installed"
postfix_config "$T_TMP/pf"
etc=$pf_etc
box=$pf_box
dbdir="$T_TMP/team"
db="$dbdir/team.db"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
sm() { /usr/sbin/sendmail -C "$etc" "$@"; }

# The team: a database the alias pipe (run as nobody) may write, through
# the group temas init sets up.
cfg="$XDG_CONFIG_HOME/temas/config"
mkdir -p "$XDG_CONFIG_HOME/temas"
chmod 755 "$XDG_CONFIG_HOME" "$XDG_CONFIG_HOME/temas" "$HOME"
printf 'sendmail = /usr/sbin/sendmail -C %s -t -oi\nfrom = Müşteri Hizmetleri <destek@temas.test>\n' \
	"$etc" > "$cfg"
chmod 644 "$cfg"
nogroup=$(id -gn nobody)
"$TEMAS" init -d "$db" --group "$nogroup" >/dev/null 2>"$T_TMP/init.err" ||
	skip_all "cannot make a database nobody can write: $(cat "$T_TMP/init.err")"
"$TEMAS" -d "$db" agent add nobody >/dev/null 2>&1
cat > "$etc/aliases" <<EOF
ayse: $box/ayse/
destek: "|/usr/bin/env XDG_CONFIG_HOME=$XDG_CONFIG_HOME HOME=$HOME $TEMAS ingest -d $db"
EOF
postalias -c "$etc" "$etc/aliases" 2>"$T_TMP/pf.err" || skip_all "postalias: $(cat "$T_TMP/pf.err")"
chown nobody "$etc/aliases.db"   # the pipe runs as the owner of the alias file
postfix -c "$etc" start >/dev/null 2>"$T_TMP/pf.err" ||
	skip_all "Postfix does not start here: $(tail -1 "$T_TMP/pf.err")"
trap 'postfix -c "$etc" stop >/dev/null 2>&1; t_cleanup' EXIT

# wait_for N COMMAND: run COMMAND until it succeeds, at most N rounds of 0.2 s.
wait_for() {
	_n=$1; shift
	while [ "$_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.2; _n=$((_n - 1))
	done
	return 1
}
delivered() { [ "$(ls "$box/ayse/new" 2>/dev/null | wc -l)" -ge "$1" ]; }
count_is() { [ "$(q "$1")" = "$2" ]; }

# ---- the customer writes; the alias pipes it to temas ----
printf 'From: =?UTF-8?B?QXnFn2UgWcSxbG1heg==?= <ayse@temas.test>\nTo: destek@temas.test\nSubject: =?UTF-8?Q?Sipari=C5=9Fim_gelmedi?=\nMessage-ID: <ilk@temas.test>\n\nSiparişim hâlâ gelmedi.\n' |
	sm -f ayse@temas.test -t -oi
check "the customer's mail is filed through the alias pipe" \
	wait_for 100 count_is "SELECT count(*) FROM complaints" 1
cid=$(q "SELECT id FROM complaints")

# ---- the reply, typed in the console ----
tui_start 100 30 -d "$db"
check "console starts on the complaint" tui_wait "Siparişim gelmedi"
# The first r may be refused until the (empty) order history was shown.
tui_keys r
if ! tui_wait "Reply to" 3; then
	sleep 1
	tui_keys r
fi
check "compose opens" tui_wait "Reply to"
tui_type "Merhaba Ayşe Hanım, siparişiniz yarın kargoda. Çağrı Işık — İyi günler"
tui_wait "İyi günler"
printf '%%PDF-1.4 fatura\n' > "$T_TMP/fatura şubat.pdf"
tui_keys C-o
check "Ctrl-O: the command line, ready to attach" tui_wait ":attach"
tui_type "$T_TMP/fatura şubat.pdf"
tui_keys Enter
check "attached: said on the status line" tui_wait "attached fatura şubat.pdf"
check "attached: shown under the text" tui_wait "Attached: fatura şubat.pdf"
tui_keys C-x
check "the status line says sent only once the mail server took it" tui_wait "sent by e-mail"
check "the timeline shows it sent" tui_wait "[sent]"
tui_stop
check "the reply arrives in the customer's Maildir" wait_for 100 delivered 1
msg=$(cat "$box/ayse/new/"*)
mid=$(q "SELECT message_id FROM outbox")
check_contains "delivered: Message-ID" "Message-ID: <$mid>" "$msg"
check_contains "delivered: In-Reply-To the customer's message" "In-Reply-To: <ilk@temas.test>" "$msg"
check_contains "delivered: References" "References: <ilk@temas.test>" "$msg"
check_contains "delivered: To the customer" "<ayse@temas.test>" "$msg"
check_contains "delivered: the envelope sender is the team (bounces come home)" \
	"Return-Path: <destek@temas.test>" "$msg"
check_contains "delivered: quoted-printable UTF-8" "Content-Transfer-Encoding: quoted-printable" "$msg"
check_contains "delivered: the attachment, its Turkish name encoded" \
	"filename*=UTF-8''fatura%20%C5%9Fubat.pdf" "$msg"
check_contains "delivered: the attachment's bytes" "$(printf '%%PDF-1.4 fatura\n' | base64)" "$msg"
# Read it back with a mail reader (ours, on a scratch database).
"$TEMAS" init -d "$T_TMP/read.db" >/dev/null 2>&1
sed 's/^From: .*/From: reader@temas.test/; /^ <destek@temas.test>$/d' "$box/ayse/new/"* > "$T_TMP/read.eml"
"$TEMAS" -d "$T_TMP/read.db" ingest < "$T_TMP/read.eml" >/dev/null 2>&1
check_eq "delivered: the attachment reads back" "application/pdf|fatura şubat.pdf|16" \
	"$(sqlite3 "$T_TMP/read.db" "SELECT content_type, name, size FROM attachments")"
check_eq "delivered: Subject Re: ... [#N], Turkish intact" "Re: Siparişim gelmedi [#$cid]" \
	"$(sqlite3 "$T_TMP/read.db" "SELECT subject FROM interactions")"
check_eq "delivered: the Turkish text intact" \
	"Merhaba Ayşe Hanım, siparişiniz yarın kargoda. Çağrı Işık — İyi günler" \
	"$(sqlite3 "$T_TMP/read.db" "SELECT body FROM interactions")"

# ---- her answer, through the alias, on the same complaint ----
printf 'From: Ayse <ayse@temas.test>\nTo: destek@temas.test\nSubject: Re: Siparisim gelmedi\nMessage-ID: <cevap@temas.test>\nIn-Reply-To: <%s>\nReferences: <ilk@temas.test> <%s>\n\nTeşekkürler, bekliyorum.\n' "$mid" "$mid" |
	sm -f ayse@temas.test -t -oi
check "her answer is filed" wait_for 100 count_is \
	"SELECT count(*) FROM interactions WHERE ext_id='cevap@temas.test'" 1
check_eq "her answer joins the same complaint" "$cid" \
	"$(q "SELECT complaint_id FROM interactions WHERE ext_id='cevap@temas.test'")"
check_eq "and opens no other" 1 "$(q "SELECT count(*) FROM complaints")"

# ---- her out-of-office reply is held ----
printf 'From: Ayse <ayse@temas.test>\nTo: destek@temas.test\nSubject: Out of office\nMessage-ID: <ooo@temas.test>\nAuto-Submitted: auto-replied\nIn-Reply-To: <%s>\n\nI am away.\n' "$mid" |
	sm -f ayse@temas.test -t -oi
check "the auto-reply is held in quarantine" wait_for 100 count_is \
	"SELECT count(*) FROM quarantine WHERE key='ooo@temas.test'" 1
check_eq "the auto-reply is not on the complaint" 0 \
	"$(q "SELECT count(*) FROM interactions WHERE ext_id='ooo@temas.test'")"

# ---- a reply to an address that does not exist bounces back ----
printf 'From: Kayip <kayip@temas.test>\nTo: destek@temas.test\nSubject: Fatura\nMessage-ID: <kayip1@temas.test>\n\nFaturam yanlış.\n' |
	sm -f kayip@temas.test -t -oi
check "a second customer's mail is filed" wait_for 100 count_is \
	"SELECT count(*) FROM complaints" 2
c2=$(q "SELECT max(id) FROM complaints")
"$TEMAS" -d "$db" show customer "$(q "SELECT customer_id FROM complaints WHERE id=$c2")" >/dev/null
run_cmd -d "$db" reply "$c2" --text "Faturanızı düzelttik."
check_eq "the reply to the second customer is queued" "0|queued" \
	"$RC|$(q "SELECT state FROM outbox WHERE complaint_id=$c2")"
[ "$RC" = 0 ] || echo "# $ERR"
run_cmd -d "$db" send
check_contains "the reply to a missing mailbox is accepted by the server" "sent 1" "$OUT"
check "its bounce comes back through ingest and marks it failed" wait_for 150 count_is \
	"SELECT state FROM outbox WHERE complaint_id=$c2" failed
check_contains "with the server's status" "bounced: 5." \
	"$(q "SELECT error FROM outbox WHERE complaint_id=$c2")"

# ---- a stopped server: the queue keeps it; a broken one: a retry ----
postfix -c "$etc" stop >/dev/null 2>&1
"$TEMAS" -d "$db" reply "$cid" --text "İkinci yanıt: kargo yola çıktı." >/dev/null
run_cmd -d "$db" send
check_contains "server stopped: sendmail still takes it (maildrop)" "sent 1" "$OUT"
mv "$pf/queue" "$pf/queue.off"
"$TEMAS" -d "$db" reply "$cid" --text "Üçüncü yanıt." >/dev/null
run_cmd -d "$db" send
check_contains "queue unusable: a retry, not a loss" "to retry 1" "$OUT"
check_eq "queue unusable: queued with the server's status 75" "queued|75" \
	"$(q "SELECT state, exit_status FROM outbox ORDER BY id DESC LIMIT 1")"
mv "$pf/queue.off" "$pf/queue"
postfix -c "$etc" start >/dev/null 2>&1
TEMAS_NOW=$(($(date +%s) + 120)) run_cmd -d "$db" send
check_contains "the server back: the retry is sent" "sent 1" "$OUT"
check "both later replies are delivered" wait_for 150 delivered 3
check_eq "nothing went twice" 3 "$(cat "$box/ayse/new/"* | grep -c '^Message-ID: <temas\.')"

# ---- the supervisor sees the failed delivery and the held auto-reply ----
tui_start 120 30 -d "$db"
tui_wait "Queue:"
tui_keys S
tui_wait "Supervisor"
tui_keys Tab Tab Tab Tab Tab Tab Tab
check "supervisor view: the Mail section" tui_wait "1 failed deliveries; 1 e-mails held"
check_contains "supervisor view: the bounce's reason" "bounced: 5." "$(tui_screen)"
check_contains "supervisor view: the held auto-reply" "Out of office" "$(tui_screen)"
tui_stop

finish
