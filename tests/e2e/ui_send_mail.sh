#!/bin/sh
# ui_send_mail.sh: a reply on e-mail typed in the console is handed to the
# mail server at once, in the background, and the status line says "sent"
# only once it took the message ("queued", with the mail server's reason
# or its exit status, while it has not); only the agent's own reply goes,
# the rest of the queue is `temas send`'s; a mail server that hangs holds
# up nothing on screen; the mail server starts with no signal blocked,
# although the console blocks SIGIO for its own use; a reply on chat is
# said to wait in the chat gateway's outbox.
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

# wait_message TEXT [ROUNDS]: the status line's message, whole, holds
# TEXT (rounds of 0.1 s, 200 unless given).
wait_message() {
	_n=0
	while [ $_n -lt "${2:-200}" ]; do
		case "$(tui_message)" in *"$1"*) return 0 ;; esac
		sleep 0.1; _n=$((_n + 1))
	done
	echo "# message: $(tui_message)"
	return 1
}
ui_start 80 24 "$db"
check "e-mail complaint on top" tui_wait "Kargo gecikti"
tui_keys c
check "claimed" tui_wait "complaint 900001 is yours now"
check "its orders are in view" tui_wait "FX-1001"
tui_keys r
check "compose opens on e-mail" tui_wait "Reply to Zeynep Kayaoğlu on email"

# The mail server refuses for now: the status line says queued, not sent.
echo 75 > "$T_TMP/status"
tui_type "Kargonuz yarın teslim edilecek."
tui_keys C-x
check "a refused hand-over reads queued, with the exit status as the reason" \
	wait_message "reply on complaint 900001 queued for delivery on email: temporary failure, exit 75; it is tried again later"
check_not_contains "nothing says sent" "sent by e-mail" "$(tui_screen)"
check_eq "the outbox keeps it queued, tried once" "queued|1" \
	"$(q "SELECT state, attempts FROM outbox")"

# The mail server's mask: SIGIO (29) is bit 0x10000000.
check_eq "the mail server ran" 1 "$([ -s "$T_TMP/sigblk" ] && echo 1)"
check_eq "the mail server starts with no signal blocked" 0000000000000000 \
	"$(cat "$T_TMP/sigblk")"

# Accepted: the next reply goes; the one queued before, due again, is
# left to `temas send`.
echo 0 > "$T_TMP/status"
q "UPDATE outbox SET next_at = 0"
tui_keys r
tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_type "Ek bilgi: kargo kodu KR-77."
tui_keys C-x
check "an accepted hand-over reads sent" wait_message "reply on complaint 900001 sent by e-mail"
check_eq "only the agent's own reply went" "queued|sent" \
	"$(q "SELECT group_concat(state, '|') FROM (SELECT state FROM outbox ORDER BY id)")"
check_eq "one message reached the mail server" 1 "$(ls "$spool" | wc -l)"
check_contains "it carries the agent's text" "KR-77" "$(cat "$spool"/*.eml)"
check "the timeline marks it sent" tui_wait "[sent]"

# A mail server that hangs: the console says queued at once and goes on
# answering keys; the hand-over ends on its own when the server does.
cat > "$T_TMP/slow" <<SH
#!/bin/sh
touch "$T_TMP/slow.started"
while [ ! -e "$T_TMP/slow.go" ]; do sleep 0.1; done
cat > "$spool/slow.eml"
SH
chmod +x "$T_TMP/slow"
mail_conf
sed -i "s|^sendmail = .*|sendmail = $T_TMP/slow|" "$XDG_CONFIG_HOME/temas/config"
tui_stop
ui_start 80 24 "$db"
tui_keys :
tui_type "filter channel=email"
tui_keys Enter
check "the e-mail complaint alone in the queue" tui_wait "Queue: all, email (1)"
tui_keys r
check "compose opens again" tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_type "Yavaş sunucu."
tui_keys C-x
check "queued at once, handed on in the background" \
	wait_message "reply queued for delivery on email; handing it to the mail server"
started() {
	_n=0
	while [ $_n -lt 300 ] && [ ! -e "$T_TMP/slow.started" ]; do sleep 0.1; _n=$((_n + 1)); done
	[ -e "$T_TMP/slow.started" ]
}
check "the mail server was started" started
tui_keys /
tui_type "zzqq"
check "keys are answered while it hangs" tui_wait "/zzqq" 5
tui_keys Escape
check_not_contains "nothing says sent yet" "sent by e-mail" "$(tui_screen)"
touch "$T_TMP/slow.go"
check "once it takes the message, the console says so" \
	wait_message "reply on complaint 900001 sent by e-mail" 300

# A mail server that says why: its first line of error is the reason.
tui_stop
mail_conf
echo 75 > "$T_TMP/status"
printf 'postdrop: warning: queue file write error\nmore\n' > "$T_TMP/say"
ui_start 80 24 "$db"
tui_keys :
tui_type "filter channel=email"
tui_keys Enter
tui_wait "Queue: all, email (1)"
tui_keys r
tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_type "Üçüncü yanıt."
tui_keys C-x
check "a refused hand-over reads queued, with the mail server's first line" \
	wait_message "reply on complaint 900001 queued for delivery on email: postdrop: warning: queue file write error; it is tried again later"
rm -f "$T_TMP/say"

# A reply on chat waits for the chat gateway, which `temas send` never is.
tui_stop
q "UPDATE complaints SET channel='chat' WHERE id=900001"
ui_start 80 24 "$db"
tui_keys :
tui_type "filter channel=chat"
tui_keys Enter
tui_wait "Queue: all, chat (1)"
tui_keys r
check "compose opens on chat" tui_wait "Reply to Zeynep Kayaoğlu on chat"
tui_type "Sohbetten yazıyoruz."
tui_keys C-x
check "a reply on chat names its gateway's outbox" \
	wait_message "reply queued in the chat gateway's outbox"
check_eq "it waits in the chat gateway's outbox" "chat|gateway|queued" \
	"$(q "SELECT channel, transport, state FROM outbox ORDER BY id DESC LIMIT 1")"

# Quitting while a reply is still with the mail server: the console waits
# a moment, then says, once the screen is given back, that it has not
# gone yet and who sends it.
rm -f "$T_TMP/slow.go" "$T_TMP/slow.started"
tui_stop
q "UPDATE complaints SET channel='email' WHERE id=900001"
sed -i "s|^sendmail = .*|sendmail = $T_TMP/slow|" "$XDG_CONFIG_HOME/temas/config"
ui_start 80 24 "$db"
tui_keys :
tui_type "filter channel=email"
tui_keys Enter
tui_wait "Queue: all, email (1)"
tui_keys r
check "compose opens once more" tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_type "Çıkmadan önce."
tui_keys C-x
check "handed on" started
tui_keys :
tui_type q
tui_keys Enter
check "the console ends" tui_wait "TEMAS-EXITED" 60
check_contains "it says the reply is still on its way, and who sends it" \
	"1 reply was still with the mail server when the console ended; 'temas send' sends it if it did not go" \
	"$(tui_screen | tr -d '\n')"
touch "$T_TMP/slow.go"
finish
