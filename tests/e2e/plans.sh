#!/bin/sh
# plans.sh: no request of the everyday commands reads a whole table that
# grows with the customers.  Each command runs with TEMAS_PLAN_LOG (the test
# build only), which writes every request the store prepares with SQLite's
# plan for it; a plan step "SCAN <table>" with no index, on one of the
# tables below, fails the command's case and names the request.  The plans
# are SQLite's own, the same on this small demo as on a million customers
# (no table here has statistics), so the check needs no large database and
# no clock.  The last cases check the checker: an export, which reads every
# customer by design, is caught.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

TEMAS_NOW=1700000000; export TEMAS_NOW
db="$T_TMP/p.db"
spool="$T_TMP/spool"
plans="$T_TMP/plans"
BIG="attachments audit complaint_links complaint_tags complaints csat_questions customers escalations_fired history_seen interactions order_lines orders outbox quarantine surveys summary_customer_orders summary_customer_risk"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }

demo_db "$db" --customers 300
mail_standin "$spool"
mail_conf
me=$(id -un)
q "UPDATE agents SET role='supervisor' WHERE login='$me'" || echo "Bail out! no agent $me"

# scans LOG: the requests of LOG with a plan step that reads a big table
# whole, one "TABLE<TAB>request" line each.  A step names a table by its
# alias when the request gives one, so an alias is looked up in the request.
scans() {
	awk -v big="$BIG" '
	BEGIN { n = split(big, b, " "); for (i = 1; i <= n; i++) isbig[b[i]] = 1 }
	/^SQL / { sql = substr($0, 5); next }
	# A row written with VALUES reads nothing but the foreign keys that
	# refer to its table, which SQLite looks up only while a deferred
	# constraint is broken: those steps are left out.
	sql ~ /^(INSERT|REPLACE) / && sql !~ /SELECT/ { next }
	/^PLAN / {
		d = substr($0, 6); sub(/^[|` -]*/, "", d)
		if (d !~ /^SCAN [A-Za-z_0-9]+$/) next
		t = substr(d, 6)
		if (t in isbig) { print t "\t" sql; next }
		for (x in isbig)
			if (sql ~ ("(^|[ (,])" x "( AS)? " t "([ ,)]|$)")) {
				print x "\t" sql; next
			}
	}' "$1" | sort -u
}

# plan NAME ARGS...: run temas ARGS with its own plan log, then one case:
# the command succeeded and no request read a big table whole.
plan() {
	name=$1; shift
	log="$plans.$T_COUNT"
	rm -f "$log"
	OUT=$(TEMAS_PLAN_LOG="$log" "$TEMAS" -d "$db" "$@" 2>"$T_TMP/stderr" </dev/null)
	RC=$?
	plan_check "$name" "$log"
}
# plan_in NAME FILE ARGS...: the same, with FILE as standard input.
plan_in() {
	name=$1 in=$2; shift 2
	log="$plans.$T_COUNT"
	rm -f "$log"
	OUT=$(TEMAS_PLAN_LOG="$log" "$TEMAS" -d "$db" "$@" 2>"$T_TMP/stderr" <"$in")
	RC=$?
	plan_check "$name" "$log"
}
plan_check() {
	if [ "$RC" -ne 0 ] && [ "$RC" -ne 3 ]; then
		not_ok "$1: exit $RC" "$(cat "$T_TMP/stderr")"
		return
	fi
	if ! grep -q '^PLAN ' "$2" 2>/dev/null; then
		not_ok "$1: no request was logged"
		return
	fi
	found=$(scans "$2")
	if [ -n "$found" ]; then
		not_ok "$1: reads a whole table" "$found"
	else
		ok "$1: every request uses an index"
	fi
}

# ---- messages coming in ----
known=$(q "SELECT email FROM customers WHERE email IS NOT NULL AND erased_at IS NULL ORDER BY id DESC LIMIT 1")
kphone=$(q "SELECT phone FROM customers WHERE phone IS NOT NULL AND erased_at IS NULL ORDER BY id DESC LIMIT 1")
[ -n "$known" ] && [ -n "$kphone" ] || echo "Bail out! the demo has no customer with an address and a phone"
mail() {   # mail FROM ID SUBJECT [IN-REPLY-TO]
	printf 'From: Müşteri <%s>\nTo: destek@example.com.tr\nSubject: %s\nMessage-ID: <%s@customer.example>\n%sDate: Tue, 14 Nov 2023 22:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\nSiparişim nerede?\n' \
		"$1" "$3" "$2" "${4:+In-Reply-To: $4
}" > "$T_TMP/mail"
}
mail yeni.musteri@example.net m1 "Kargo gecikti"
plan_in "ingest: mail from a new address" "$T_TMP/mail" ingest
mail "$known" m2 "İade talebi"
plan_in "ingest: mail from a customer's address" "$T_TMP/mail" ingest
cid=$(q "SELECT complaint_id FROM interactions WHERE ext_id LIKE 'm2@%'")
mail "$known" m3 "Re: [#$cid] İade talebi" "<m2@customer.example>"
plan_in "ingest: an answer in the thread" "$T_TMP/mail" ingest
printf '{"channel":"chat","phone":"%s","text":"Merhaba"}\n' "$kphone" > "$T_TMP/json"
plan_in "ingest --json: a chat from a customer's phone" "$T_TMP/json" ingest --json
printf '{"channel":"phone","phone":"0 599 000 00 01","text":"Yeni arayan"}\n' > "$T_TMP/json"
plan_in "ingest --json: a call from a new number" "$T_TMP/json" ingest --json

# ---- the queue and one complaint ----
plan "queue" queue
plan "queue --mine" queue --mine
plan "queue --breached" queue --breached
plan "queue with a filter of language and text" queue --filter "lang=tr text=müşteri"
plan "claim" claim "$cid"
plan "show complaint" show complaint "$cid"
cust=$(q "SELECT customer_id FROM complaints WHERE id=$cid")
plan "show customer" show customer "$cust"
plan "note" note "$cid" --text "Kargo firması arandı"
plan "reply" reply "$cid" --text "Siparişiniz yarın teslim edilecek."
plan "send" send
plan "tag" tag "$cid" add kargo
plan "snooze" snooze "$cid" 2h
plan "unsnooze" unsnooze "$cid"
plan "resolve" resolve "$cid" --note "Teslim edildi"

# ---- two complaints of one customer, an agent leaving, an erasure ----
two=$(q "SELECT customer_id FROM complaints WHERE is_open GROUP BY customer_id HAVING count(*) >= 2 LIMIT 1")
if [ -z "$two" ]; then
	mail "$known" m4 "Fatura hatalı"
	"$TEMAS" -d "$db" ingest < "$T_TMP/mail" >/dev/null 2>&1
	printf '{"channel":"chat","from":"%s","text":"Fatura?"}\n' "$known" |
		"$TEMAS" -d "$db" ingest --json >/dev/null 2>&1
	two=$(q "SELECT customer_id FROM complaints WHERE is_open GROUP BY customer_id HAVING count(*) >= 2 LIMIT 1")
fi
a=$(q "SELECT min(id) FROM complaints WHERE customer_id=${two:-0} AND is_open")
b=$(q "SELECT max(id) FROM complaints WHERE customer_id=${two:-0} AND is_open")
plan "link" link "$a" "$b"
plan "assign" assign "$a" "$me"
plan "status" status "$a" pending
plan "release" release "$a"
plan "merge" merge "$b" "$a"
msg=$(q "SELECT max(id) FROM interactions WHERE complaint_id=$a AND direction='in'")
plan "split" split "$msg"
gone=$(q "SELECT a.login FROM agents a WHERE a.login <> '$me' AND a.role='agent' AND EXISTS(SELECT 1 FROM complaints c WHERE c.assignee_id=a.id AND c.is_open) LIMIT 1")
plan "agent remove" agent remove "${gone:-ayse}"
other=$(q "SELECT id FROM customers WHERE erased_at IS NULL AND id <> ${two:-0} ORDER BY id DESC LIMIT 1")
plan "merge customer" merge customer "$other" "$two" --yes
plan "show customer, merged away" show customer "$other"
plan "erase customer" erase customer "$two" --yes

# ---- gateways, search, figures ----
chat=$(q "SELECT id FROM complaints WHERE channel='chat' AND is_open ORDER BY id LIMIT 1")
if [ -n "$chat" ]; then
	"$TEMAS" -d "$db" claim "$chat" >/dev/null 2>&1
	"$TEMAS" -d "$db" reply "$chat" --text "Merhaba, yardımcı olayım." >/dev/null 2>&1
	plan "outbox --channel chat" outbox --channel chat
else
	not_ok "the demo has an open chat complaint"
fi
plan "search: a word" search sipariş
plan "search: a prefix" search "sipari*"
plan "search: a phone" search "$kphone"
plan "report" report --format json
plan "tags" tags
plan "escalation run" escalation run

# ---- the console: moving, resting, a search, a customer, the supervisor ----
log="$plans.console"
rm -f "$log"
TUI_ENV="TEMAS_PLAN_LOG=$log TEMAS_REST_MS=200" ui_start 100 30 "$db"
tui_keys j; sleep 0.5; tui_keys j; sleep 0.5; tui_keys k; sleep 0.5
tui_keys /
tui_type "sipariş"
tui_keys Enter
tui_wait "> Search: sipariş" || not_ok "console: the search is shown" "$(tui_screen)"
tui_keys Enter
tui_wait "> Orders (" || not_ok "console: a hit opens the customer" "$(tui_screen)"
tui_keys Escape; sleep 0.3
tui_keys S
tui_wait "Supervisor - last 30 days" || not_ok "console: the supervisor view" "$(tui_screen)"
tui_keys q; sleep 0.3
tui_keys q
tui_wait "TEMAS-EXITED" || not_ok "console: quits" "$(tui_screen)"
tui_stop
RC=0
plan_check "console" "$log"

# ---- the checker can fail ----
log="$plans.export"
TEMAS_PLAN_LOG="$log" "$TEMAS" -d "$db" export customers >/dev/null 2>&1
check_contains "the checker finds the export reading every customer" \
	"customers	SELECT" "$(scans "$log")"
printf 'SQL SELECT x FROM outbox o WHERE 1\nPLAN SCAN o\n\n' > "$log"
check_contains "the checker finds a table read whole by its alias" \
	"outbox	SELECT x FROM outbox o" "$(scans "$log")"

finish
