#!/bin/sh
# ui_bulk_macro.sh: a macro on every marked complaint, at 80x24 in English
# and in Turkish.  Three are marked; another agent takes the second one
# (between two keys); ;m opens the command line for the
# macro's name (Tab completes it there too) and the macro is applied to
# each marked complaint in its own transaction: the taken one is named on
# the status line and stays marked, the other two get every action.
# With complaints marked, :macro NAME acts on them and not on the selected
# one; with none marked, on the selected one.  An unknown macro changes
# nothing and keeps the marks.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }
# The bar and the holder column show logins: the screens are those of
# root, as in ui_bulk.sh.
ui_as_root

export TZ=UTC
db="$T_TMP/bulkmacro.db"
ui_db "$db"
# root is an agent, not a supervisor: a complaint another agent holds is
# refused to its macros.
seed_sql "$db" "INSERT OR IGNORE INTO agents(login, name, created_at) VALUES('root', 'root', 0);
	UPDATE agents SET role = 'agent' WHERE login = 'root'"
ids=$(sqlite3 "$db" "SELECT group_concat(id, ' ') FROM (SELECT id FROM complaints
	WHERE is_open ORDER BY due_at, id)")
set -- $ids
c1=$1 c2=$2 c3=$3 c4=$4

# take LOGIN ID: another agent takes a complaint, as her console's claim
# does (the compare-and-set on the row); `temas claim --as` would need
# root to be a supervisor, whose macros a holder does not stop.
take() {
	sqlite3 "$T_TMP/run.db" "UPDATE complaints SET assignee_id = (SELECT id FROM agents
		WHERE login = '$1') WHERE id = $2 AND assignee_id IS NULL; SELECT changes()"
}

start() { ui_frame_copy "$1" "$db" "$T_TMP/run.db"; }
q() { sqlite3 "$T_TMP/run.db" "$1"; }
status_line() { printf '%s\n' "$FRAME" | tail -1; }
message() { message_of "$FRAME"; }
title_line() { printf '%s\n' "$FRAME" | sed -n 2p; }
# got ID: "priority|tags|macro notes|macro audits" of a complaint.
got() {
	q "SELECT c.priority, coalesce((SELECT group_concat(tag) FROM complaint_tags
		WHERE complaint_id = c.id), '-'),
		(SELECT count(*) FROM interactions i WHERE i.complaint_id = c.id
			AND i.direction = 'note' AND i.body LIKE 'Yanlış ürün gönderilmiş%'),
		(SELECT count(*) FROM audit WHERE action = 'macro' AND complaint_id = c.id)
		FROM complaints c WHERE c.id = $1"
}

# bulk LANG: mark three, another agent takes the second, ;m wrong-item.
bulk() {
	start "$1"
	before2=$(got "$c2") before4=$(got "$c4")
	frame_keys t t t
	frame_wait
	check_eq "$1: zehra takes $c2 meanwhile" 1 "$(take zehra "$c2")"
	frame_keys '\;' m
	frame_wait
	check_eq "$1: ;m opens the line with :marked macro" ":marked macro" "$(status_line)"
	frame_type "wr"
	frame_keys Tab
	frame_wait
	check_eq "$1: Tab completes the macro after :marked macro" \
		":marked macro wrong-item" "$(status_line)"
	frame_keys Enter
	frame_wait && golden "bulk/$1-80x24-macro"
	check_eq "$1: the first marked got every action" "high|yanlis-urun|1|1" "$(got "$c1")"
	check_eq "$1: the third marked got every action" "high|yanlis-urun|1|1" "$(got "$c3")"
	check_eq "$1: the taken one is unchanged" "$before2" "$(got "$c2")"
	check_eq "$1: the unmarked one is unchanged" "$before4" "$(got "$c4")"
	check_eq "$1: still fits 80x24" fits "$(frame_fits 80 24)"
}

bulk en
check_contains "the status line names the one taken" \
	"macro applied to 2 of 3; complaint $c2 is held by zehra" "$(status_line)"
check_contains "the taken one stays marked" ", 1 marked" "$(title_line)"

# An unknown macro on the marked: named, nothing changed, still marked.
frame_type ":marked macro nosuch"
frame_keys Enter
frame_wait
check_contains ":marked macro NOSUCH: named with the macros there are" \
	"no macro 'nosuch'; macros: escalate-to-supervisor" "$(message)"
check_contains ":marked macro NOSUCH: still marked" ", 1 marked" "$(title_line)"
check_eq ":marked macro NOSUCH: no macro audited beyond the two" 2 \
	"$(q "SELECT count(*) FROM audit WHERE action = 'macro'")"

# With a complaint marked, :macro NAME acts on the marked one, not on the
# selected one.  u unmarks zehra's; g t marks the first (the selection
# moves to the second).
frame_keys u g t
frame_wait
check_contains "one marked again" ", 1 marked" "$(title_line)"
frame_type ":macro escalate-to-supervisor"
frame_keys Enter
frame_wait
check_contains ":macro with one marked: says how many" \
	"macro escalate-to-supervisor applied to 1 complaint" "$(status_line)"
check_eq ":macro with one marked: the marked one escalated" urgent \
	"$(q "SELECT priority FROM complaints WHERE id = $c1")"
check_eq ":macro with one marked: the selected one untouched" 0 \
	"$(q "SELECT count(*) FROM audit WHERE action = 'macro' AND detail LIKE 'escalate%'
		AND complaint_id <> $c1")"
check_not_contains ":macro with one marked: done, unmarked" "marked" "$(title_line)"

# m: the command line for a macro's name; with none marked, the selected
# complaint (the fourth, unassigned) gets it.
frame_keys G m
frame_wait
check_eq "m opens the line with :macro" ":macro" "$(status_line)"
frame_type "wrong-item"
frame_keys Enter
frame_wait
check_contains "m, none marked: the selected one" "macro wrong-item applied to #$c4" "$(status_line)"
check_eq "m, none marked: done on it" "high|yanlis-urun|1|1" "$(got "$c4")"

frame_type ":help marked"
frame_keys Enter
frame_wait
check_contains ":help: :marked takes a macro" "macro; alone: the next key" "$FRAME"
frame_keys q
frame_type ":help macro"
frame_keys Enter
frame_wait
check_contains ":help: m is the key of :macro" "  m                :macro NAME" "$FRAME"
check_contains ":help: :macro acts on the marked" "or to each marked one" "$FRAME"
tui_stop

if locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' && command -v msgfmt >/dev/null 2>&1; then
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
	bulk tr
	check_contains "Turkish: the taken one named, in Turkish" "$c2" "$(status_line)"
	check_not_contains "Turkish: not in English" "applied to" "$(status_line)"
	tui_stop
else
	skip "the console in Turkish" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi

finish
