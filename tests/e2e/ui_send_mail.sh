#!/bin/sh
# ui_send_mail.sh: a reply on e-mail typed in the console is handed to the
# mail server at once and the status line says "sent" only once it took
# the message ("queued", with the mail server's reason and that it will be
# retried, while it has not); the mail server starts with no signal
# blocked, although the console blocks SIGIO for its own use; a reply on
# chat is said to wait in the chat gateway's outbox.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
spool="$T_TMP/spool"
mkdir -p "$spool" "$XDG_CONFIG_HOME/temas"
# The stand-in mail server: its blocked-signal mask (hexadecimal, as the
# kernel shows it) to a file, the message to the spool when it accepts,
# the exit status from a file.  Perl, not sh: a shell clears the mask as
# it starts, and would hide what temas handed on.
command -v perl >/dev/null 2>&1 || { echo "1..0 # SKIP perl is needed for the stand-in mail server"; exit 0; }
cat > "$T_TMP/sendmail" <<PL
#!/usr/bin/perl
open(my \$s, '<', '/proc/self/status') or die;
while (<\$s>) {
	if (/^SigBlk:\\s*(\\S+)/) {
		open(my \$o, '>', '$T_TMP/sigblk') or die; print \$o "\$1\\n"; close \$o;
	}
}
local \$/; my \$m = <STDIN>;
if (open(my \$f, '<', '$T_TMP/say')) { print STDERR <\$f>; }
my \$rc = 0;
if (open(my \$f, '<', '$T_TMP/status')) { \$rc = int(<\$f>); }
if (\$rc == 0) {
	open(my \$o, '>', '$spool/' . \$\$ . '.eml') or die; print \$o \$m; close \$o;
}
exit \$rc;
PL
chmod +x "$T_TMP/sendmail"
mail_conf
[ -r /proc/self/status ] || { echo "1..0 # SKIP no /proc to read a process's signal mask"; exit 0; }

ui_start 80 24 "$db"
check "e-mail complaint on top" tui_wait "Kargo gecikti"
tui_keys c
check "claimed" tui_wait "complaint 900001 is yours now"
check "its orders are in view" tui_wait "FX-1001"
tui_screen >&2
tui_keys r
check "compose opens on e-mail" tui_wait "Reply to Zeynep Kayaoğlu on email"

# The mail server refuses for now: the status line says queued, not sent.
echo 75 > "$T_TMP/status"
tui_type "Kargonuz yarın teslim edilecek."
tui_keys C-x
check "a refused hand-over reads queued, not sent" tui_wait "reply queued for delivery on email"
check_contains "with the reason, and that it will be retried" \
	"reply queued for delivery on email, to be retried: temporary failure, exit 75" \
	"$(tui_message)"
check_not_contains "nothing says sent" "sent by e-mail" "$(tui_screen)"
check_eq "the outbox keeps it queued, tried once" "queued|1" \
	"$(q "SELECT state, attempts FROM outbox")"

# The mail server's mask: SIGIO (29) is bit 0x10000000.
check_eq "the mail server ran" 1 "$([ -s "$T_TMP/sigblk" ] && echo 1)"
check_eq "the mail server starts with no signal blocked" 0000000000000000 \
	"$(cat "$T_TMP/sigblk")"

# Accepted: the next reply goes, and the one queued before goes with it
# once it is due again.
echo 0 > "$T_TMP/status"
q "UPDATE outbox SET next_at = 0"
tui_keys r
tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_type "Ek bilgi: kargo kodu KR-77."
tui_keys C-x
check "an accepted hand-over reads sent" tui_wait "reply sent by e-mail"
check_eq "both replies went" "sent|sent" \
	"$(q "SELECT group_concat(state, '|') FROM (SELECT state FROM outbox ORDER BY id)")"
check_eq "two messages reached the mail server" 2 "$(ls "$spool" | wc -l)"
check_contains "the second carries the agent's text" "KR-77" "$(cat "$spool"/*.eml)"

# A mail server that says why: its first line of error on the status line.
echo 75 > "$T_TMP/status"
printf 'postdrop: warning: queue file write error\nmore\n' > "$T_TMP/say"
tui_keys r
tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_type "Üçüncü yanıt."
tui_keys C-x
check "a refused hand-over with a reason reads queued" tui_wait "reply queued for delivery on email"
check_contains "the mail server's first line, and that it will be retried" \
	"reply queued for delivery on email, to be retried: postdrop: warning: queue file write error" \
	"$(tui_message)"
tui_stop

# A reply on chat waits for the chat gateway, which `temas send` never is.
q "UPDATE complaints SET channel='chat' WHERE id=900001"
ui_start 80 24 "$db"
tui_wait "Kargo gecikti"
n=0
while ! tui_screen | grep -q '^>.*Kargo gecikti' && [ $n -lt 6 ]; do
	tui_keys j; sleep 0.3; n=$((n + 1))
done
tui_wait "FX-1001"
tui_keys r
check "compose opens on chat" tui_wait "Reply to Zeynep Kayaoğlu on chat"
tui_type "Sohbetten yazıyoruz."
tui_keys C-x
check "a reply on chat names its gateway's outbox" tui_wait "reply queued in the chat gateway's outbox"
check_eq "it waits in the chat gateway's outbox" "chat|gateway|queued" \
	"$(q "SELECT channel, transport, state FROM outbox ORDER BY id DESC LIMIT 1")"
finish
