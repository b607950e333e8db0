#!/bin/sh
# ui_quarantine.sh: held e-mail in the supervisor view's Mail section, at
# 80x24 in English and Turkish: listed with its reason, sender and subject
# (a hostile subject clean), Enter releases one and files it as it came
# (a new complaint), the list and the database say so; an agent who is not
# a supervisor is refused the release by name.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
db="$T_TMP/ui.db"
ui_db "$db"
me=$(id -un)
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
hold() {   # hold MESSAGE-ID SUBJECT: an auto-reply, which ingest holds
	printf 'From: Ayşe <ayse@example.com>\nTo: destek@example.com\nSubject: %s\nMessage-ID: <%s>\nAuto-Submitted: auto-replied\nDate: Tue, 14 Nov 2023 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\nŞu an izindeyim.\n' \
		"$2" "$1" | TEMAS_NOW=$UI_NOW "$TEMAS" -d "$db" ingest >/dev/null 2>&1
}
hold held1@c.example "Otomatik yanıt: Sipariş"
hold held2@c.example "$(printf 'Kötü \033[2J konu')"
check_eq "two e-mails held" 2 "$(q "SELECT count(*) FROM quarantine WHERE released_at IS NULL")"
id1=$(q "SELECT id FROM quarantine WHERE subject LIKE 'Otomatik%'")

# An agent: the release is refused.
ui_start 80 24 "$db"
tui_keys :
tui_type "release-held $id1"
tui_keys Enter
check "an agent is refused the release" tui_wait "only a supervisor can release a held message"
check_eq "refused: still held" 2 "$(q "SELECT count(*) FROM quarantine WHERE released_at IS NULL")"
tui_stop

q "UPDATE agents SET role = 'supervisor' WHERE login = '$me'"
ui_start 80 24 "$db"
tui_keys S
tui_wait "Supervisor - last 30 days"
tui_keys Tab Tab Tab Tab Tab Tab Tab
check "the Mail section lists the held e-mail" tui_wait "2 e-mails held"
check_contains "the hint fits 80 columns" "Enter on one releases" "$(tui_screen)"
check_contains "its reason and subject" "Otomatik yanıt" "$(tui_screen)"
case "$(tui_screen_esc)" in
*"$(printf '\033[2J')"*) not_ok "a hostile subject reaches the screen clean" ;;
*) ok "a hostile subject reaches the screen clean" ;;
esac
n=$(q "SELECT count(*) FROM complaints")
# The held rows come after the failed deliveries: find ours and open it.
row=$(tui_screen | grep -n "Otomatik yanıt" | head -1 | cut -d: -f1)
sel=$(tui_screen | grep -n '^>' | sed -n 2p | cut -d: -f1)
[ -n "$sel" ] || sel=$(tui_screen | grep -n "held" | head -1 | cut -d: -f1)
i=0
while [ "$sel" -lt "$row" ] && [ $i -lt 20 ]; do tui_keys j; sel=$((sel + 1)); i=$((i + 1)); done
tui_keys Enter
check "Enter releases it, and the status line says so" \
	tui_wait "held e-mail $id1 released and filed"
check_eq "released in the database, by the supervisor" "$me" \
	"$(q "SELECT released_by FROM quarantine WHERE id = $id1")"
check_eq "filed as it came: one new complaint" $((n + 1)) "$(q "SELECT count(*) FROM complaints")"
check "the list now holds one" tui_wait "1 e-mails held"
# Released, the e-mail opens a complaint about an order that another of
# his open complaints is about: the status line says so beside the
# release, where it used to say only that the e-mail was filed.
q "UPDATE customers SET email = 'ali@example.com' WHERE id = 900003"
printf 'From: Ali <ali@example.com>\nTo: destek@example.com\nSubject: Otomatik yanıt: FX-2001\nMessage-ID: <held3@c.example>\nAuto-Submitted: auto-replied\nDate: Tue, 14 Nov 2023 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\nFX-2001 nerede?\n' |
	TEMAS_NOW=$UI_NOW "$TEMAS" -d "$db" ingest >/dev/null 2>&1
id3=$(q "SELECT id FROM quarantine WHERE key = 'held3@c.example'")
tui_keys :
tui_type "release-held $id3"
tui_keys Enter
check "a release that files a second complaint about an order says so" \
	tui_wait "held e-mail $id3 released and filed; ingest: complaint"
tui_stop

# The same screen in Turkish fits 80 columns.
if locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' && command -v msgfmt >/dev/null 2>&1; then
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
	LC_ALL=tr_TR.UTF-8 TUI_ENV="TEMAS_NOW=$UI_NOW TEMAS_LOCALEDIR=$T_TMP/locale" \
		tui_start 80 24 -d "$db"
	tui_wait "Kuyruk" 10
	tui_keys S
	tui_wait "Yönetici" 10
	# The tabs do not all fit: the last column says more are to the right.
	check_match "Turkish: the section tabs end in '>' when some are off to the right" \
		'>$' "$(tui_line 1)"
	tui_keys Tab Tab Tab Tab Tab Tab Tab
	if tui_wait "Enter ile" 10; then
		ok "Turkish: the Mail section's hint, whole at 80 columns"
	else
		not_ok "Turkish: the Mail section's hint, whole at 80 columns" "$(tui_screen)"
	fi
	tui_stop
else
	skip "Turkish: the Mail section's hint, whole at 80 columns" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi

# However many deliveries failed, the Mail section counts and lists them
# all: sixty here.
q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
 INSERT INTO interactions(id, customer_id, complaint_id, channel, direction, at, body)
 SELECT 990000 + i, c.customer_id, 900002, 'email', 'out', $UI_NOW, 'yanıt ' || i
 FROM n, (SELECT customer_id FROM complaints WHERE id = 900002) c;
 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
 INSERT INTO outbox(interaction_id, complaint_id, channel, transport, state,
  queued_at, next_at, done_at, error)
 SELECT 990000 + i, 900002, 'email', 'mail', 'failed', $UI_NOW, $UI_NOW,
  $UI_NOW - i, 'sendmail exit ' || i FROM n"
ui_start 80 24 "$db"
tui_keys S
tui_wait "Supervisor - last 30 days" >/dev/null
tui_keys Tab Tab Tab Tab Tab Tab Tab
check "sixty failed deliveries: all counted" tui_wait "60 failed deliveries"
i=0
while [ $i -lt 6 ]; do tui_keys j j j j j j j j j j; i=$((i + 1)); done
check "sixty failed deliveries: the oldest listed" tui_wait "sendmail exit 60"
tui_stop
finish
