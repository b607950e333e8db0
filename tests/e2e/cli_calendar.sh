#!/bin/sh
# cli_calendar.sh: business-hours calendars from the shell and on screen:
# importing (supervisors only, a bad line named FILE:LINE and nothing
# changed), listing, showing, assigning to a channel (audited), due times
# of complaints opened then counted in working time (same-day channels
# excepted), and the console's due column counting down to that time.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }
[ -f /usr/share/zoneinfo/Europe/Istanbul ] || [ -f "${TZDIR:-/nonexistent}/Europe/Istanbul" ] ||
	{ echo "1..0 # SKIP no time zone data (Debian package tzdata)"; exit 0; }

db="$T_TMP/cal.db"
me=$(id -un)
export TEMAS_DB="$db" TZ=Europe/Istanbul
# Friday 2026-12-04 17:00 in Istanbul.
FRI17=1796392800
export TEMAS_NOW=$FRI17

run_cmd agent add "$me" --supervisor --name "Şule Demir"
run_cmd agent add ayse --name "Ayşe Kaya"

run_cmd calendar list
check_eq "list with none: exit 0" 0 "$RC"
check_eq "list with none: says how to add one" "no calendars: temas calendar import FILE" "$OUT"

run_cmd calendar import --shipped tr
check_eq "shipped calendar imports" 0 "$RC"
check_contains "import says what it stored" "calendar tr stored from" "$OUT"
run_cmd calendar show tr
check_contains "show gives the text back, source named" "Diyanet İşleri Başkanlığı" "$OUT"
check_contains "show: Ramazan Bayramı 2025" "holiday 2025-03-30..2025-04-01 Ramazan Bayramı" "$OUT"

# A bad line: named, and nothing changed (the stored calendar stays).
printf 'zone Europe/Istanbul\nhours mon-fri 09:00-18:00\nholiday 2026-13-01 x\n' > "$T_TMP/tr.cal"
run_cmd calendar import "$T_TMP/tr.cal"
check_eq "bad line: exit 1" 1 "$RC"
check_eq "bad line: FILE:LINE: what" \
	"temas: $T_TMP/tr.cal:3: holiday: '2026-13-01' is not a date (YYYY-MM-DD, or MM-DD for every year)" "$ERR"
check_eq "bad line: the stored calendar is unchanged" 1 \
	"$(sqlite3 "$db" "SELECT count(*) FROM calendars WHERE name='tr' AND body LIKE '%Diyanet%'")"
printf 'zone Mars/Olympus\n' > "$T_TMP/mars.cal"
run_cmd calendar import "$T_TMP/mars.cal"
check_eq "unknown zone: FILE:LINE" \
	"temas: $T_TMP/mars.cal:1: zone: 'Mars/Olympus' is not a known time zone (like Europe/Istanbul)" "$ERR"
run_cmd calendar import "$T_TMP/none.cal"
check_eq "missing file: exit 1" 1 "$RC"
run_cmd calendar import --shipped ../../etc/passwd
check_eq "shipped name with a path: exit 3" 3 "$RC"
run_cmd calendar import
check_eq "import with nothing: exit 2" 2 "$RC"

# Agents read; only supervisors change.
printf 'zone Europe/Istanbul\nhours mon-sat 10:00-14:00\n' > "$T_TMP/store.cal"
seed_sql "$db" "UPDATE agents SET role='agent' WHERE login='$me'"
run_cmd calendar list
check_eq "an agent may list" 0 "$RC"
run_cmd calendar import "$T_TMP/store.cal" shop
check_eq "an agent may not import: exit 5" 5 "$RC"
check_eq "an agent may not import: message" "temas: only a supervisor can change calendars" "$ERR"
run_cmd calendar assign email tr
check_eq "an agent may not assign: exit 5" 5 "$RC"
seed_sql "$db" "UPDATE agents SET role='supervisor' WHERE login='$me'"
run_cmd calendar import "$T_TMP/store.cal" shop
check_eq "import under a name" 0 "$RC"

run_cmd calendar assign email tr
check_eq "assign: exit 0" 0 "$RC"
check_eq "assign: says so" "channel email: due times count working time in calendar tr" "$OUT"
run_cmd calendar assign social tr
run_cmd calendar assign fax tr
check_eq "assign to an unknown channel: exit 3" 3 "$RC"
check_eq "unknown channel named" "temas: unknown channel 'fax'" "$ERR"
run_cmd calendar assign email nope
check_eq "assign an unknown calendar: exit 3" 3 "$RC"
check_eq "unknown calendar named" "temas: no calendar 'nope'" "$ERR"
run_cmd calendar list
check_contains "list: tr with its zone, years and channels" \
	"tr           zone Europe/Istanbul     35 holidays, years 2024-2026 channels: email social" "$OUT"
check_contains "list: shop with no channel" "shop         zone Europe/Istanbul      0 holidays, years -" "$OUT"
check_eq "every change is audited" \
	"calendar-set $me tr zone=Europe/Istanbul holidays=35 years=2024-2026
calendar-set $me shop zone=Europe/Istanbul holidays=0 years=0-0
calendar-assign $me email tr
calendar-assign $me social tr" \
	"$(sqlite3 -separator ' ' "$db" "SELECT action, login, detail FROM audit
		WHERE action LIKE 'calendar-%' ORDER BY id")"

# Complaints opened on Friday at 17:00: e-mail counts working hours (8h to
# the first answer: 1h Friday + 7h Monday = Monday 16:00), social media
# keeps its same-day rule, phone (no calendar) the wall clock.
for ch in email social phone; do
	echo "{\"channel\":\"$ch\",\"phone\":\"0532 111 22 33\",\"name\":\"Kemal Sunal\",\"text\":\"Siparişim nerede?\",\"message_id\":\"m-$ch\"}" |
		"$TEMAS" ingest --json >/dev/null 2>"$T_TMP/ingest.err" ||
		{ not_ok "ingest on $ch" "$(cat "$T_TMP/ingest.err")"; }
done
due() { sqlite3 "$db" "SELECT first_response_due - opened_at FROM complaints WHERE channel='$1'"; }
check_eq "e-mail: due Monday 16:00 (71 hours later)" $((71 * 3600)) "$(due email)"
check_eq "social media: the end of the day" $((7 * 3600 - 1)) "$(due social)"
check_eq "phone, no calendar: 8 hours on the clock" $((8 * 3600)) "$(due phone)"
id=$(sqlite3 "$db" "SELECT id FROM complaints WHERE channel='email'")
run_cmd show complaint "$id"
check_contains "show: first response due Monday 16:00" "first response due 2026-12-07 16:00" "$OUT"

run_cmd calendar assign email none
check_eq "assign none: says so" "channel email: due times count all hours" "$OUT"
check_eq "assign none: the channel has no calendar" "" \
	"$(sqlite3 "$db" "SELECT calendar FROM channels WHERE code='email'")"

# The console: the due column counts down to Monday 16:00, not to 01:00.
TUI_ENV="TEMAS_NOW=$FRI17 TZ=Europe/Istanbul" tui_start 80 24 -d "$db"
if tui_wait "Queue:"; then
	# Only the e-mail complaint is due in working time; on the wall clock
	# it would show 8h00m, as the phone one does.
	check_eq "console: the due column, most urgent first" \
		"6h59m 8h00m 2d23h" \
		"$(tui_screen | sed -n '4,6p' | grep -o '^[> ] *[0-9][0-9dhm]*' | tr -d '> ' | tr '\n' ' ' | sed 's/ $//')"
else
	not_ok "console starts" "$(tui_screen)"
fi
tui_stop

# Pending on the customer stops the clock; their answer starts it again.
# The e-mail complaint waits from Friday 17:30 to Tuesday 10:00: the 7.5
# working hours left to its first answer run to Tuesday 17:30.
run_cmd calendar assign email tr
TEMAS_NOW=1796394600 "$TEMAS" status "$id" pending >/dev/null 2>"$T_TMP/st.err"
check_eq "pending: the clock stopped at 17:30" 1796394600 \
	"$(sqlite3 "$db" "SELECT paused_at FROM complaints WHERE id=$id")"
echo '{"channel":"email","phone":"0532 111 22 33","name":"Kemal Sunal","text":"Adresim doğru.","message_id":"m-answer"}' |
	TEMAS_NOW=1796713200 "$TEMAS" ingest --json >/dev/null 2>"$T_TMP/ingest.err"
check_eq "the customer's answer reopens it" open \
	"$(sqlite3 "$db" "SELECT status FROM complaints WHERE id=$id")"
check_eq "and the first answer is due Tuesday 17:30" 1796740200 \
	"$(sqlite3 "$db" "SELECT first_response_due FROM complaints WHERE id=$id")"

finish
