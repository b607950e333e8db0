#!/bin/sh
# ui_compose.sh: answering in the console: claim (and a lost claim), the
# order history rule, a reply from a template that lands on the timeline
# and in the database, $EDITOR run without a shell, drafts that survive a
# hangup and a kill -9 (resolution notes too), another agent's presence,
# and resolving.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
me=$(sqlite3 "$db" "SELECT id FROM agents WHERE login = '$(id -un)'")
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
seed_sql "$db" "INSERT INTO templates(name, channel, lang, subject, body)
	VALUES('callback', 'phone', 'tr', 'Geri arama',
	       'Merhaba {customer.first_name}, {order.number} için aradık.')"
# The editor: says how many arguments it got and appends to the file.
cat > "$T_TMP/ed.sh" <<EOF
#!/bin/sh
echo "\$#" > "$T_TMP/ed.args"
echo "\$1" > "$T_TMP/ed.path"
printf ' EDITED' >> "\$1"
EOF
chmod +x "$T_TMP/ed.sh"
# A $TMPDIR of more than 600 bytes holds the draft file as well.
tmpdir=$T_TMP/$(printf 'd%.0s' $(seq 100))
for i in 1 2 3 4 5; do tmpdir=$tmpdir/$(printf "$i%.0s" $(seq 100)); done
mkdir -p "$tmpdir"
TUI_ENV="EDITOR=$T_TMP/ed.sh TMPDIR=$tmpdir"
ui_start 80 24 "$db"
check "fixture complaint on top" tui_wait "Kargo gecikti"

# Someone else holds the top complaint: claiming it is refused by name.
q "UPDATE complaints SET assignee_id = 900001 WHERE id = 900001"
tui_wait "zehra" 5
tui_keys c
check "lost claim names the holder" tui_wait "already taken by zehra"
q "UPDATE complaints SET assignee_id = NULL WHERE id = 900001"

# Hide the orders (timeline tab), move to the second complaint, claim it.
tui_keys Tab Tab
tui_wait "> Timeline ("
tui_keys q j
check "second complaint selected" tui_wait "Öztürkmen"
tui_keys c
check "claim confirmed" tui_wait "complaint 900002 is yours now"
check_eq "claim in the database" "$me" \
	"$(q "SELECT assignee_id FROM complaints WHERE id = 900002")"

tui_keys r
check "reply before the orders: refused on screen" \
	tui_wait "open the customer's order history first"
check "the orders are brought into view" tui_wait "FX-2001"
sleep 1
check_eq "the orders on screen: kept by the console until the reply" 0 \
	"$(q "SELECT count(*) FROM history_seen WHERE agent_id = $me AND complaint_id = 900002")"
check_eq "nothing was sent" 0 \
	"$(q "SELECT count(*) FROM interactions WHERE complaint_id = 900002 AND direction = 'out'")"

tui_keys r
check "compose opens" tui_wait "Reply to Ali Öztürkmen on phone"
check_contains "orders stay in view while composing" "FX-2001" "$(tui_screen)"
tui_keys C-t
check "template list for the channel" tui_wait "Templates for phone"
tui_keys Enter
check "template filled in" tui_wait "Merhaba Ali, FX-2001 için aradık."
tui_type "Çok üzgünüz, ığüşöç."
tui_wait "ığüşöç."
tui_keys C-e
check "the editor ran and its text came back" tui_wait "ığüşöç. EDITED"
check_eq "the editor got the file path only" 1 "$(cat "$T_TMP/ed.args")"
check_match "... a file in the long \$TMPDIR" "^$tmpdir/temas-draft-......\$" "$(cat "$T_TMP/ed.path")"
check_eq "the temporary file is gone" "" \
	"$(find "$tmpdir" -maxdepth 1 -name 'temas-draft-*' 2>/dev/null)"
tui_keys C-x
check "recorded, not said to be sent" tui_wait "reply recorded on phone"
check "the reply is on the timeline" tui_wait "out  $(id -un)"
check_contains "with its text" "Merhaba Ali, FX-2001" "$(tui_screen)"
# The agent's text goes on a line of its own after the template's.
body="$(printf 'Merhaba Ali, FX-2001 için aradık.\n\nÇok üzgünüz, ığüşöç. EDITED')"
check_eq "reply stored, history seen recorded" "out|$body|1" \
	"$(q "SELECT direction, body, history_seen_at IS NOT NULL FROM interactions
	      WHERE complaint_id = 900002 AND direction = 'out'")"
check_eq "the reply's transaction recorded when the orders were seen" 1 \
	"$(q "SELECT count(*) FROM history_seen h JOIN interactions i
	      ON i.complaint_id = h.complaint_id AND i.history_seen_at = h.at
	      WHERE h.agent_id = $me AND h.complaint_id = 900002 AND i.direction = 'out'")"
check_eq "reply audited" 1 \
	"$(q "SELECT count(*) FROM audit WHERE action = 'reply' AND complaint_id = 900002")"
check_eq "first response time set" "$UI_NOW" \
	"$(q "SELECT first_response_at FROM complaints WHERE id = 900002")"
check "queue due is the resolution due now" tui_wait " 1d00h phone"
check_eq "no draft left behind" 0 \
	"$(q "SELECT count(*) FROM drafts WHERE complaint_id = 900002")"

# Resolving asks for the note.
tui_keys s
check "status choices" tui_wait "make it:"
tui_keys r
check "resolution note asked for" tui_wait "Resolution note for complaint 900002"
tui_type "Fatura düzeltildi."
tui_keys C-x
check "resolved" tui_wait "complaint 900002 resolved"
check_eq "resolution stored" "resolved|Fatura düzeltildi." \
	"$(q "SELECT status, resolution FROM complaints WHERE id = 900002")"

# Another agent typing on the top complaint shows in its header.
tui_keys q g
tui_wait "Zeynep Kayaoğlu  gold"
q "INSERT INTO presence(agent_id, complaint_id, activity, pid, heartbeat_at)
   VALUES(900001, 900001, 'typing', 1, $UI_NOW)"
check "another agent's presence is shown" tui_wait "zehra is typing" 5
# Once the selection rests (rounds, not a speed limit).
_r=0
while [ $_r -lt 100 ] &&
	[ "$(q "SELECT activity FROM presence WHERE agent_id = $me")" != viewing ]; do
	sleep 0.1; _r=$((_r + 1))
done
check_eq "this console says it is viewing" viewing \
	"$(q "SELECT activity FROM presence WHERE agent_id = $me")"

# A note typed on the top complaint, then the terminal hangs up.
tui_keys n
check "note compose opens" tui_wait "Internal note on complaint 900001"
check_eq "this console says it is typing" typing \
	"$(q "SELECT activity FROM presence WHERE agent_id = $me AND complaint_id = 900001")"
tui_type "Müşteri yarın arayacak"
tui_wait "yarın arayacak"
kill -HUP "$(tui_temas_pid)"
check "hangup ends the console" tui_wait "TEMAS-EXITED 129"
check_eq "draft saved on hangup" "Müşteri yarın arayacak" \
	"$(q "SELECT body FROM drafts WHERE agent_id = $me AND complaint_id = 900001 AND kind = 'note'")"
check_eq "presence left on hangup" 0 \
	"$(q "SELECT count(*) FROM presence WHERE agent_id = $me")"

tui_stop
ui_start 80 24 "$db"
tui_wait "Kargo gecikti"
tui_keys n
check "the draft is restored" tui_wait "Müşteri yarın arayacak"
check_eq "with the cursor at its end" "23,12" "$(tui_cursor)"

# Typing, a pause, more typing, then kill -9: the paused text was saved.
tui_keys End
tui_type " -- ilk"
tui_wait "ilk"
sleep 3
tui_type " ikinci"
tui_wait "ikinci"
kill -9 "$(tui_temas_pid)"
tui_wait "TEMAS-EXITED"
case "$(q "SELECT body FROM drafts WHERE agent_id = $me AND complaint_id = 900001 AND kind = 'note'")" in
"Müşteri yarın arayacak -- ilk"*) ok "draft kept up to the pause after kill -9" ;;
*) not_ok "draft kept up to the pause after kill -9" \
	"$(q "SELECT body FROM drafts WHERE complaint_id = 900001")" ;;
esac

# A resolution note is a draft too: kept after the pause when the
# console is killed, on hangup and on Esc, restored as one, and gone
# with the resolution.  The note's own draft stays.
rdraft() {
	q "SELECT body FROM drafts WHERE agent_id = $me AND complaint_id = 900001 AND kind = 'resolution'"
}
tui_stop
ui_start 80 24 "$db"
tui_wait "Kargo gecikti"
tui_keys s
tui_wait "make it:"
tui_keys r
check "resolution note asked for on the top complaint" \
	tui_wait "Resolution note for complaint 900001"
tui_type "Müşteriyle görüşüldü, iade yapıldı."
tui_wait "iade yapıldı."
sleep 4
kill -9 "$(tui_temas_pid)"
tui_wait "TEMAS-EXITED"
check_eq "resolution note kept after kill -9" "Müşteriyle görüşüldü, iade yapıldı." \
	"$(rdraft)"
tui_stop
ui_start 80 24 "$db"
tui_wait "Kargo gecikti"
tui_keys s
tui_wait "make it:"
tui_keys r
check "the resolution note is restored" tui_wait "Müşteriyle görüşüldü, iade yapıldı."
check_contains "... and said so" "draft restored" "$(tui_message)"
tui_keys End
tui_type " Kargo"
tui_wait "yapıldı. Kargo"
kill -HUP "$(tui_temas_pid)"
check "hangup ends the console again" tui_wait "TEMAS-EXITED 129"
check_eq "resolution note saved on hangup" "Müşteriyle görüşüldü, iade yapıldı. Kargo" \
	"$(rdraft)"
tui_stop
ui_start 80 24 "$db"
tui_wait "Kargo gecikti"
tui_keys s
tui_wait "make it:"
tui_keys r
tui_wait "yapıldı. Kargo"
tui_keys End
tui_type " geldi."
tui_wait "Kargo geldi."
tui_keys Escape
check "Esc keeps the resolution note" tui_wait "draft kept"
check_eq "... in the database at once" "Müşteriyle görüşüldü, iade yapıldı. Kargo geldi." \
	"$(rdraft)"
tui_keys s
tui_wait "make it:"
tui_keys r
check "... and brings it back" tui_wait "Kargo geldi."
tui_keys C-x
check "resolved with the kept note" tui_wait "complaint 900001 resolved"
check_eq "the resolution is the note" "resolved|Müşteriyle görüşüldü, iade yapıldı. Kargo geldi." \
	"$(q "SELECT status, resolution FROM complaints WHERE id = 900001")"
check_eq "its draft went with it" "" "$(rdraft)"
check_eq "the note's draft stays" 1 \
	"$(q "SELECT count(*) FROM drafts WHERE agent_id = $me AND complaint_id = 900001 AND kind = 'note'")"
finish
