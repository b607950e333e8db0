# postfix.sh: a private Postfix for the mail tests and benchmarks (sourced).
#
#   why=$(postfix_missing) && skip "$why"   a reason it cannot run here
#   postfix_config DIR      write DIR/etc/{main,master}.cf; sets pf_etc,
#                           pf_box (a mailbox directory anyone may write)
#
# Its own configuration, queue and data directories live under DIR; it
# has no network listener (mail enters through sendmail/postdrop), sends
# nothing off the machine, and delivers to the domain temas.test through
# the aliases file DIR/etc/aliases that the caller writes.

postfix_missing() {
	command -v postfix >/dev/null 2>&1 || { echo "Postfix is not installed (Debian package postfix)"; return 0; }
	[ -x /usr/sbin/sendmail ] || { echo "no /usr/sbin/sendmail"; return 0; }
	[ "$(id -u)" -eq 0 ] || { echo "a private Postfix master must be started as root"; return 0; }
	id postfix >/dev/null 2>&1 && getent group postdrop >/dev/null 2>&1 ||
		{ echo "the postfix user or postdrop group is missing"; return 0; }
	getent passwd nobody >/dev/null 2>&1 || { echo "no user nobody for the alias pipe"; return 0; }
	return 1
}

postfix_config() {
	pf=$1
	pf_etc="$pf/etc"
	pf_box="$pf/mail"
	mkdir -p "$pf_etc" "$pf/queue" "$pf/data" "$pf_box"
	chown postfix "$pf/data"
	chmod 755 "$(dirname "$pf")" "$pf"
	chmod 1777 "$pf_box"
	cat > "$pf_etc/main.cf" <<EOF2
compatibility_level = 3.6
queue_directory = $pf/queue
data_directory = $pf/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = temas.test
mydomain = temas.test
myorigin = temas.test
mydestination = temas.test
local_recipient_maps =
alias_maps = hash:$pf_etc/aliases
alias_database = hash:$pf_etc/aliases
default_transport = error:no mail leaves this test
relay_transport = error:no mail leaves this test
maillog_file = $pf/maillog
maillog_file_prefixes = $pf
biff = no
# A delivery that says "try again later" (temas ingest exits 75 while the
# database is busy) is tried again within seconds, not the default minutes,
# so the tests see the retry that keeps the message.
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
EOF2
	# No smtpd: mail enters through sendmail/postdrop only.
	cat > "$pf_etc/master.cf" <<'EOF2'
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF2
}
