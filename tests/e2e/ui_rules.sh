#!/bin/sh
# ui_rules.sh: the rules the SLA runs by, from the console at 80x24, in
# English and Turkish: the supervisor view's last section lists calendars
# (with their channels) and escalation rules (with what they did), its tab
# shown whole though the tabs are wider than the screen; :calendar assigns
# a calendar to a channel (Tab completes both; supervisors only; bad words
# and unknown names refused, nothing changed); :escalate runs the rules
# that are due.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }
db="$T_TMP/ui.db"
me=$(id -un)
ui_db "$db"
q() { sqlite3 -cmd ".timeout 5000" "$db" "$1"; }
export TEMAS_NOW=$UI_NOW
q "UPDATE agents SET role='supervisor' WHERE login='$me'"
run_cmd -d "$db" calendar import "$TEMAS_SRCDIR/calendars/tr.cal"
check_eq "the shipped calendar imports" 0 "$RC"
due=$(q "SELECT count(*) FROM complaints WHERE is_open AND channel='phone'
  AND first_response_at IS NULL AND first_response_due <= $UI_NOW")
check_eq "one breached phone complaint in the fixture" 1 "$due"
colon() { tui_keys :; tui_type "$1"; tui_keys Enter; }

q "UPDATE agents SET role='agent' WHERE login='$me'"
ui_start 80 24 "$db"
colon "calendar email tr"
check "an agent may not change calendars" \
	tui_wait "only a supervisor can change calendars"
check_eq "nothing changed" "" "$(q "SELECT coalesce(calendar,'') FROM channels WHERE code='email'")"
tui_stop

q "UPDATE agents SET role='supervisor' WHERE login='$me'"
ui_start 80 24 "$db"
tui_keys S
tui_wait "Supervisor - last" 5
tui_keys BTab
check "the last section's tab is shown whole, the first ones off to the left" \
	tui_wait " <  Breaches   NPS/CSAT   Churn/CLV   Replies   Categories   Mail   SLA rules"
check_eq "the section, as it was before any change (80 columns)" \
"$(printf '%s\n' \
" 1 calendar, 0 escalation rules (temas calendar, temas escalation)" \
"  name         kind      when / zone         channels / action" \
"> tr           calendar  Europe/Istanbul     (no channel); holidays 2024-2026" \
"")" \
	"$(tui_screen | sed -n '4,7p' | sed 's/ *$//')"
colon "calendar email"
check "a missing word: the usage" tui_wait "usage: :calendar CHANNEL NAME|none"
colon "calendar email nosuch"
check "an unknown calendar is named" tui_wait "no calendar 'nosuch'"
colon "calendar pigeon tr"
check "an unknown channel is named" tui_wait "pigeon"
check_eq "refusals changed nothing" "" "$(q "SELECT group_concat(calendar) FROM channels")"
# Tab completes a channel, then a calendar (or none).
tui_keys :
tui_type "calendar em"
tui_keys Tab
check "Tab completes a channel" tui_wait ":calendar email"
tui_type "t"
tui_keys Tab
check "Tab completes a calendar" tui_wait ":calendar email tr"
tui_keys Enter
check "the assignment is said" \
	tui_wait "channel email: due times count working time in calendar tr"
check "the section lists the channel under the calendar" \
	tui_wait "email; holidays 2024-2026"
check_eq "stored" "tr" "$(q "SELECT calendar FROM channels WHERE code='email'")"
check_eq "audited" 1 "$(q "SELECT count(*) FROM audit WHERE detail LIKE '%email%' AND action LIKE 'calendar%'")"
# A rule put in behind temas's back: the console's writes ran the rules
# already (and, with the clock pinned, will not run them again by
# themselves), so only :escalate can act on it.
q "INSERT INTO escalation_rules(name, target, before_secs, channel, action, arg,
  created_at, created_by) VALUES('phone-late', 'first_response', 0, 'phone',
  'priority', 'urgent', 0, 'test');"
colon "escalate"
check "the rules due now act, and say how often" \
	tui_wait "escalation rules acted on 1 complaint"
check_eq "the breached phone complaint was raised" urgent \
	"$(q "SELECT priority FROM complaints WHERE id=900002")"
check "the section counts what the rule did" \
	tui_wait "phone-late   rule      reply due           phone: priority urgent (1 done)"
colon "escalate"
check "once only: nothing more is due" tui_wait "no escalation rule is due"
colon "calendar email none"
check "back to all hours" tui_wait "channel email: due times count all hours"
lines=$(tui_screen | wc -l)
check_eq "24 lines" 24 "$lines"
tui_stop

if locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' && command -v msgfmt >/dev/null 2>&1; then
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
	LC_ALL=tr_TR.UTF-8 TUI_ENV="TEMAS_NOW=$UI_NOW TEMAS_LOCALEDIR=$T_TMP/locale" \
		tui_start 80 24 -d "$db"
	tui_wait "Kuyruk" 10
	tui_keys S
	tui_wait "Yönetici" 5
	tui_keys BTab
	check "Turkish: the section's tab" tui_wait "SLA kuralları"
	check "Turkish: a rule and what it did" tui_wait "phone: öncelik urgent (1 kez)"
	colon "escalate"
	check "Turkish: nothing due" tui_wait "zamanı gelmiş yükseltme kuralı yok"
	tui_stop
else
	skip "Turkish: SLA rules" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi
finish
