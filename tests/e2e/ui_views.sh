#!/bin/sh
# ui_views.sh: saved views and the wider filter grammar in the console at
# 80x24, in English and in Turkish: :view save keeps the queue's filter
# under a name shown in the title, v picks a view from a list (or the
# whole queue) that scrolls to every view, :view NAME switches, Tab
# completes the names; a supervisor shares one and another agent sees
# it; :filter takes state, holder, language and words, and names a bad
# word.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }
ui_as_root

export TZ=UTC
db="$T_TMP/views.db"
ui_db "$db"
seed_sql "$db" "INSERT OR IGNORE INTO agents(login, name, created_at) VALUES('root', 'root', 0);
	UPDATE agents SET role = 'supervisor' WHERE login = 'root'"

start() { ui_frame_lang "$1" 80 24 "$db"; }
title() { printf '%s\n' "$FRAME" | sed -n 2p; }
status() { message_of "$FRAME"; }

start en
frame_type ":filter breached"
frame_keys Enter
frame_type ":view save gecikmis"
frame_keys Enter
frame_wait && golden "views/en-80x24-saved"
check_contains ":view save says so, with the filter" "view gecikmis saved: breached" "$(status)"
check_eq ":view save: stored" "gecikmis|0|breached" \
	"$(sqlite3 "$db" "SELECT name, shared, filter FROM views")"
frame_type ":filter all"
frame_keys Enter
frame_wait
check_contains ":filter leaves the view" "Queue: all, every channel (4)" "$(title)"
frame_keys v
frame_wait && golden "views/en-80x24-menu"
frame_keys 1
frame_wait
check_contains "v 1 shows the view, its name in the title" "View gecikmis: breached (3)" "$(title)"
frame_keys v 0
frame_wait
check_contains "v 0: the whole queue again" "Queue: all, every channel (4)" "$(title)"
frame_type ":view gec"
frame_keys Tab
frame_wait
check_contains "Tab completes a view's name" ":view gecikmis" "$(status)"
frame_keys Enter
frame_wait
check_contains ":view NAME switches" "View gecikmis: breached (3)" "$(title)"
frame_type ":view yok"
frame_keys Enter
frame_wait
check_contains "an unknown view: the views named" "no view 'yok'; views: gecikmis" "$(status)"
frame_type ":view save ekip --shared"
frame_keys Enter
frame_wait
check_contains "a supervisor shares a view" "view ekip saved, shared with the team" "$(status)"
# A name of 30 three-byte letters (90 bytes, within a tag's 32
# characters): the list shows it and runs it whole.
long=$(awk 'BEGIN { for (i = 0; i < 30; i++) printf "€" }')
frame_type ":view save $long"
frame_keys Enter
frame_wait
frame_type ":view gecikmis"
frame_keys Enter
frame_wait
frame_keys v
frame_wait
check_contains "a long name is listed whole" "3  $long" "$FRAME"
frame_keys 3
frame_wait
check_contains "a long name picked from the list is the view shown" "View $long: breached (3)" "$(title)"
frame_type ":view remove $long"
frame_keys Enter
frame_wait
${TEMAS_AS_ROOT:-} "$TEMAS" -d "$db" view list --as zehra > "$T_TMP/zehra.out" 2>&1
check_eq "another agent sees the shared view" "ekip	root	shared	breached" "$(cat "$T_TMP/zehra.out")"
# The filter grammar's new words, and a bad one.
frame_type ':filter status=open lang=tr text="kargo gec"'
frame_keys Enter
frame_wait
check_contains "state, language and words: the title says the filter" \
	'Queue: status=open lang=tr text="kargo gec" (1)' "$(title)"
check_contains "text= finds the subject the Turkish way" "Kargo gecikti" "$(printf '%s\n' "$FRAME" | sed -n 4p)"
frame_type ":filter assignee=nobody"
frame_keys Enter
frame_wait
check_contains "an unknown agent is named" "unknown agent 'nobody'" "$(status)"
frame_type ":filter status=closed"
frame_keys Enter
frame_wait
check_contains "a closed state is refused" "the queue holds open states only" "$(status)"
check_contains "a refused filter changed nothing" 'text="kargo gec" (1)' "$(title)"
check_eq "still fits 80x24" fits "$(frame_fits 80 24)"
frame_type ":help view"
frame_keys Enter
frame_wait
check_contains ":help shows :view and its key" "v" "$(printf '%s\n' "$FRAME" | grep ':view')"
tui_stop

# Fourteen views and more: the list scrolls to every one (it stopped at
# the twelfth), says how many are above and below, and the one picked
# is the one shown.
many="$T_TMP/many.db"
sqlite3 "$db" ".backup '$many'"
chmod --reference="$db" "$many"
root=$(sqlite3 "$many" "SELECT id FROM agents WHERE login = 'root'")
seed_sql "$many" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)
	INSERT INTO views(name, owner_id, filter, created_at)
	SELECT printf('v%02d', i), $root, 'breached', 0 FROM n"
ui_frame_lang en 80 24 "$many"
frame_keys v
frame_wait
check_contains "14 views: the last is listed" "v12" "$FRAME"
frame_keys j j j j j j j j j j j j j j j
frame_wait
check_contains "14 views: j moves to the last" "v12" "$(printf '%s\n' "$FRAME" | sed -n 22p)"
frame_keys Enter
frame_wait
check_contains "14 views: Enter shows the last" "View v12: breached (3)" "$(title)"
seed_sql "$many" "WITH RECURSIVE n(i) AS (SELECT 13 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
	INSERT INTO views(name, owner_id, filter, created_at)
	SELECT printf('v%02d', i), $root, 'all', 0 FROM n"
for size in "120 50" "100 30" "80 24"; do
	set -- $size
	ui_frame_lang en "$1" "$2" "$many"
	frame_keys v
	frame_wait
	rows=$(($2 - 4))
	check_contains "62 views at $1x$2: more below, said" "$((63 - rows)) more below" \
		"$(printf '%s\n' "$FRAME" | sed -n "$(($2 - 1))p")"
	check_not_contains "... none above" "more above" "$FRAME"
	frame_keys G
	frame_wait
	check_contains "... G: the last one listed" "v60" "$(printf '%s\n' "$FRAME" | sed -n "$(($2 - 2))p")"
	check_contains "... more above, said" "$((63 - rows)) more above" \
		"$(printf '%s\n' "$FRAME" | sed -n "$(($2 - rows - 2))p")"
	check_not_contains "... none below" "more below" "$FRAME"
	frame_keys k Enter
	frame_wait
	check_contains "... k Enter: the one above it is shown" "View v59: all" "$(title)"
	check_eq "... fits $1x$2" fits "$(frame_fits "$1" "$2")"
done
frame_keys v PageDown PageDown
frame_wait
check_contains "PgDn moves by a page: more above and below" "more above" "$FRAME"
check_contains "... and below" "more below" "$FRAME"
frame_keys Q S Tab ? Escape
frame_wait
check_contains "other keys do nothing in the list" "View v59: all" "$(title)"
check_not_contains "... nor behind it" "Supervisor" "$FRAME"
tui_stop

if locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' && command -v msgfmt >/dev/null 2>&1; then
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
	start tr
	frame_type ":view gecikmis"
	frame_keys Enter
	frame_wait && golden "views/tr-80x24-view"
	frame_keys v
	frame_wait && golden "views/tr-80x24-menu"
	frame_keys Escape
	frame_type ":view save yeni"
	frame_keys Enter
	frame_wait
	check_contains "Turkish: :view save says so" "yeni" "$(status)"
	check_eq "Turkish: still fits 80x24" fits "$(frame_fits 80 24)"
	tui_stop
else
	skip "the console in Turkish" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi

finish
