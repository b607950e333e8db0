#!/bin/sh
# ui_snooze.sh: snooze in the console at 80x24, in English and in Turkish:
# :snooze WHEN [NOTE] (and the z key) takes the complaint out of the queue
# and says until when; :filter snoozed shows it, marked z, with its time;
# when the clock reaches that time the console brings it back, marked @
# with its note, though nobody writes anything (the test moves the pinned
# clock on; the frame header says which time each frame looked at);
# :unsnooze takes the mark away; a bad time is refused, nothing changed.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }

export TZ=UTC
db="$T_TMP/ui.db"
clock="$T_TMP/now"
ui_db "$db"
top=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open ORDER BY due_at, id LIMIT 1")
subject=$(sqlite3 "$db" "SELECT subject FROM complaints WHERE id = $top")
# Its first word: with a note before it, the subject is cut at 80 columns.
word=${subject%% *}
sqlite3 "$db" "UPDATE complaints SET assignee_id = (SELECT id FROM agents
	WHERE login = '$(id -un)') WHERE id = $top"
echo "$UI_NOW" > "$clock"

row() { printf '%s\n' "$FRAME" | sed -n "$1p"; }
# at T: the console's clock moves to T; returns with the first frame that
# looked for changes at T or later on the terminal (FRAME).
at() {
	echo "$1" > "$clock"
	frame_field_wait clock "$1" || not_ok "the console's clock reaches $1" "$FRAME_HEAD"
	frame_shown
}

TUI_ENV="TEMAS_NOW_FILE=$clock" frame_start 80 24 "$db"
check_contains "set-up: the complaint on top" "$subject" "$(row 4)"

# 22:13:20 on Tuesday 14 November 2023; two hours later is Wednesday.
frame_type ":snooze +2h müşteri arayacak"
frame_keys Enter
frame_wait
check_contains ":snooze: says until when" "complaint $top snoozed until Wed 15 Nov 00:13" "$FRAME"
check_not_contains ":snooze: gone from the queue" "$subject" "$(printf '%s\n' "$FRAME" | sed -n 3,12p)"
check_eq ":snooze: stored, with its note" "$((UI_NOW + 7200))|müşteri arayacak" \
	"$(sqlite3 "$db" "SELECT snoozed_until, snooze_note FROM complaints WHERE id = $top")"
check_eq ":snooze: audited" 1 \
	"$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'snooze' AND complaint_id = $top")"
check_eq ":snooze: fits 80x24" fits "$(frame_fits 80 24)"

frame_type ":filter snoozed"
frame_keys Enter
frame_wait
check_contains ":filter snoozed: the title" "Queue: snoozed, every channel (1)" "$FRAME"
check_contains ":filter snoozed: marked z, its time before the subject" \
	"Wed 15 Nov 00:13" "$(row 4)"
check_eq ":filter snoozed: the mark in the marks column" "z" "$(row 4 | cut -c2)"
check_contains ":filter snoozed: the count line" "| snoozed 1" "$(row 24)"
check_eq ":filter snoozed: fits 80x24" fits "$(frame_fits 80 24)"
frame_type ":filter all"
frame_keys Enter
frame_wait
# Opening its customer finds it among the snoozed.
frame_type ":customer $(sqlite3 "$db" "SELECT customer_id FROM complaints WHERE id = $top")"
frame_keys Enter
frame_wait
check_contains ":customer: the snoozed complaint found" "Queue: snoozed" "$(row 2)"
check_contains ":customer: selected" ">z" "$(row 4)"
frame_type ":filter all"
frame_keys Enter
frame_wait

# A bad time: refused, the word named, nothing changed.
frame_type ":snooze mondy 10"
frame_keys Enter
frame_wait
check_contains "a bad time: the word named" "'mondy' is not a time (try +2h, tomorrow 9:00, mon 10:00)" "$FRAME"
frame_type ":snooze 2023-11-14 09:00"
frame_keys Enter
frame_wait
check_contains "a past time: says so" "'2023-11-14 09:00' is in the past" "$FRAME"
check_eq "bad times: nothing changed" "1|1" \
	"$(sqlite3 "$db" "SELECT count(*) FROM complaints WHERE snoozed_until IS NOT NULL;
		SELECT count(*) FROM audit WHERE action = 'snooze'" | paste -sd'|')"

# Its time comes while the console sits idle: back on top, marked @, the
# note before the subject.
at $((UI_NOW + 7200))
check_contains "its time: back in the queue" "$word" "$(row 4)"
check_eq "its time: marked @" "@" "$(row 4 | cut -c2)"
check_contains "its time: its note shown" "müşteri arayacak" "$(row 4)"
check_eq "its time: fits 80x24" fits "$(frame_fits 80 24)"
check_eq "its time: nothing was written" 1 \
	"$(sqlite3 "$db" "SELECT count(*) FROM complaints WHERE snoozed_until IS NOT NULL")"

# :unsnooze takes the mark away.
frame_keys g
frame_type ":unsnooze"
frame_keys Enter
frame_wait
check_contains ":unsnooze: says so" "complaint $top unsnoozed (it was until Wed 15 Nov 00:13)" "$FRAME"
check_eq ":unsnooze: the @ gone (the breach mark again)" "!" "$(row 4 | cut -c2)"

# Another agent's snooze from a shell: this console redraws without it.
second=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open AND id <> $top ORDER BY due_at, id LIMIT 1")
second_word=$(sqlite3 "$db" "SELECT subject FROM complaints WHERE id = $second" | cut -d' ' -f1)
others=$(frame_field others)
TEMAS_NOW=$((UI_NOW + 7200)) run_cmd -d "$db" snooze "$second" +1h
check_eq "a snooze from a shell: done" 0 "$RC"
frame_field_wait others $((others + 1)) || not_ok "the console sees the other commit" "$FRAME_HEAD"
frame_shown
check_not_contains "a snooze from a shell: gone from this console's queue" "$second_word" \
	"$(printf '%s\n' "$FRAME" | sed -n 3,12p)"
TEMAS_NOW=$((UI_NOW + 7200)) run_cmd -d "$db" unsnooze "$second"
frame_field_wait others $((others + 2)) || not_ok "the console sees the unsnooze" "$FRAME_HEAD"
frame_shown
check_contains "unsnoozed from a shell: back" "$second_word" "$(printf '%s\n' "$FRAME" | sed -n 3,12p)"

# Within one minute of the clock: only the wake-up time can bring it
# back (the minute's own redraw has passed already).  The z key opens
# the command line for the time.
frame_keys z
frame_wait
check_eq "z: the command line, ready for the time" ":snooze" "$(row 24)"
frame_type "+1m"
frame_keys Enter
frame_wait
wake=$(sqlite3 "$db" "SELECT snoozed_until FROM complaints WHERE id = $top")
check_eq "z +1m: a minute later" "$((UI_NOW + 7200 + 60))" "$wake"
at $((wake - 5))
check_not_contains "5 s before: still away" "$word" "$(row 4)"
at $((wake + 1))
check_contains "1 s after, same minute: back" "$word" "$(row 4)"
check_eq "1 s after: marked @" "@" "$(row 4 | cut -c2)"

# Completion and help.
frame_type ":snoo"
frame_keys Tab
frame_wait
check_eq "Tab completes the command" ":snooze" "$(row 24)"
frame_type "tom"
frame_keys Tab
frame_wait
check_contains "Tab completes the time" ":snooze tomorrow" "$(row 24)"
frame_keys Escape
frame_wait
frame_type ":help snooze"
frame_keys Enter
frame_wait
check_contains ":help: the key and the command" "z" "$(printf '%s\n' "$FRAME" | grep ':snooze WHEN \[NOTE\]')"
check_contains ":help: the marks explained" "marked @" "$FRAME"
tui_stop

# The same in Turkish.
if locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' && command -v msgfmt >/dev/null 2>&1; then
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
	sqlite3 "$db" "UPDATE complaints SET snoozed_until = NULL, snoozed_by = NULL, snooze_note = NULL"
	echo "$UI_NOW" > "$clock"
	LC_ALL=tr_TR.UTF-8
	TUI_ENV="TZ=UTC TEMAS_LOCALEDIR=$T_TMP/locale TEMAS_NOW_FILE=$clock" frame_start 80 24 "$db"
	LC_ALL=C.UTF-8
	frame_type ":snooze pazartesi 10:00 geri ara"
	frame_keys Enter
	frame_wait
	check_contains "Turkish: :snooze says until when, in Turkish" \
		"şikâyet $top ertelendi: Pzt 20 Kas 10:00" "$FRAME"
	check_not_contains "Turkish: gone from the queue" "$subject" "$(printf '%s\n' "$FRAME" | sed -n 3,12p)"
	check_eq "Turkish: fits 80x24" fits "$(frame_fits 80 24)"
	frame_type ":filter snoozed"
	frame_keys Enter
	frame_wait
	check_contains "Turkish: the filter in the title" "ertelenen" "$(row 2)"
	check_contains "Turkish: its time in Turkish" "Pzt 20 Kas 10:00" "$(row 4)"
	frame_type ":snooze salıı"
	frame_keys Enter
	frame_wait
	check_contains "Turkish: a bad time, in Turkish" "'salıı' bir zaman değil" "$FRAME"
	frame_type ":filter all"
	frame_keys Enter
	frame_wait
	at 1700474400
	check_contains "Turkish: back on Monday at 10" "$word" "$(row 4)"
	check_eq "Turkish: marked @" "@" "$(row 4 | cut -c2)"
	check_contains "Turkish: its note" "geri ara" "$(row 4)"
	check_eq "Turkish: still fits 80x24" fits "$(frame_fits 80 24)"
	tui_stop
else
	skip "the console in Turkish" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi

finish
