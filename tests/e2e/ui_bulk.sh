#!/bin/sh
# ui_bulk.sh: marking complaints in the queue and acting on all of them, at
# 80x24 in English and in Turkish.  t marks (a * of its own, the count in
# the title) and moves down; ; then c claims every marked complaint, each
# in its own transaction: one taken meanwhile by another agent (through
# the CLI, between two keys) is named on the status line and stays marked,
# the others are claimed.  Marks follow the complaint, not the row, and go
# when it leaves the queue; T marks all the queue shows, u unmarks all,
# ;: and :marked act on them, a command that cannot is refused.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }
# The bar and the holder column show logins: the screens are those of
# root, as in ui_golden.sh.
ui_as_root

export TZ=UTC
db="$T_TMP/bulk.db"
ui_db "$db"
seed_sql "$db" "INSERT OR IGNORE INTO agents(login, name, created_at) VALUES('root', 'root', 0);
	UPDATE agents SET role = 'supervisor' WHERE login = 'root'"
# The four complaints of the fixture, most urgent first.
ids=$(sqlite3 "$db" "SELECT group_concat(id, ' ') FROM (SELECT id FROM complaints
	WHERE is_open ORDER BY due_at, id)")
set -- $ids
c1=$1 c2=$2 c3=$3 c4=$4

# as LOGIN ARGS...: temas on the test database for another agent.
as() {
	_who=$1; shift
	${TEMAS_AS_ROOT:-} "$TEMAS" -d "$T_TMP/run.db" "$@" --as "$_who" >"$T_TMP/as.out" 2>&1
}

# start LANG: the console on a fresh copy of the database, 80x24.
start() { ui_frame_copy "$1" "$db" "$T_TMP/run.db"; }

holders() {
	sqlite3 "$T_TMP/run.db" "SELECT group_concat(coalesce(a.login, '-'), ' ')
		FROM (SELECT * FROM complaints WHERE id IN ($c1, $c2, $c3, $c4) ORDER BY due_at, id) c
		LEFT JOIN agents a ON a.id = c.assignee_id"
}

# bulk LANG: mark three, another agent takes the second, claim all three.
bulk() {
	start "$1"
	frame_keys t t t
	frame_wait && golden "bulk/$1-80x24-marked"
	# Between two keys, zehra takes the second marked complaint.
	as zehra claim "$c2"
	check_eq "$1: zehra took $c2 from the shell" 0 "$?"
	frame_keys '\;' c
	frame_wait && golden "bulk/$1-80x24-claimed"
	check_eq "$1: the other two are claimed, the taken one is zehra's" \
		"root zehra root -" "$(holders)"
	check_eq "$1: two claims audited for root" 2 \
		"$(sqlite3 "$T_TMP/run.db" "SELECT count(*) FROM audit a JOIN agents g ON g.id = a.agent_id
			WHERE a.action = 'claim' AND g.login = 'root'")"
	check_eq "$1: still fits 80x24" fits "$(frame_fits 80 24)"
}

bulk en
check_contains "the status line names the one taken" \
	"2 of 3 claimed; complaint $c2 is already taken by zehra" "$(printf '%s\n' "$FRAME" | tail -1)"
check_contains "the taken one stays marked" ", 1 marked" "$(printf '%s\n' "$FRAME" | sed -n 2p)"

# u unmarks every marked complaint.
frame_keys u
frame_wait
check_not_contains "u: no mark is left" "marked (" "$(printf '%s\n' "$FRAME" | sed -n 2p)"
check_not_contains "u: no * in the queue" "*" "$(printf '%s\n' "$FRAME" | sed -n 4,7p)"

# A mark follows the complaint when the rows move, and goes when the
# complaint leaves the queue as filtered.
frame_type ":filter unassigned"
frame_keys Enter
frame_wait
frame_keys T
frame_wait
check_contains "T marks all the queue shows" "1 complaint marked" "$FRAME"
check_contains "T: the count in the title" ", 1 marked" "$(printf '%s\n' "$FRAME" | sed -n 2p)"
seen=$(frame_field others)
as zehra claim "$c4"
frame_field_wait others $((seen + 1))
frame_keys j
frame_wait
check_not_contains "a complaint that leaves the queue is no longer marked" "marked" \
	"$(printf '%s\n' "$FRAME" | sed -n 2p)"

# ; with nothing marked, and a command that does not act on marked ones.
frame_keys '\;'
frame_wait
check_contains "; with none marked says so" "no complaint is marked (t marks one)" "$FRAME"
frame_type ":filter all"
frame_keys Enter g t t
frame_wait
check_contains "t on the first two" ", 2 marked" "$(printf '%s\n' "$FRAME" | sed -n 2p)"
frame_type ":marked reply"
frame_keys Enter
frame_wait
check_contains ":marked reply is refused" ":reply does not act on marked complaints" "$FRAME"
# ;: the command line, ready for a command on the marked ones.
frame_keys '\;' :
frame_wait
check_eq ";: opens the line with :marked" ":marked" "$(printf '%s\n' "$FRAME" | tail -1)"
frame_type "tag add toplu"
frame_keys Enter
frame_wait
check_contains ":marked tag add: both tagged" "2 complaints tagged" "$FRAME"
check_eq ":marked tag add: stored on both" 2 \
	"$(sqlite3 "$T_TMP/run.db" "SELECT count(*) FROM complaint_tags WHERE tag = 'toplu'")"
check_eq ":marked tag add: each audited" 2 \
	"$(sqlite3 "$T_TMP/run.db" "SELECT count(*) FROM audit WHERE action = 'tag' AND detail = '+toplu'")"
check_not_contains "done: the marks are gone" "marked" "$(printf '%s\n' "$FRAME" | sed -n 2p)"
# ;s: a state for every marked complaint; each is checked on its own.
frame_keys g t t '\;' s
frame_wait
check_contains ";s: the states for the marked" "2 marked complaints; make them:" "$FRAME"
frame_keys p
frame_wait
check_contains ";s p: both pending" "2 complaints are now pending" "$FRAME"
check_eq ";s p: stored" 2 \
	"$(sqlite3 "$T_TMP/run.db" "SELECT count(*) FROM complaints WHERE id IN ($c1, $c2) AND status = 'pending'")"
# :marked claim counts only the complaints it took; the ones that were
# already root's are said apart.
as zehra release "$c2"
as zehra release "$c4"
frame_type ":filter all"
frame_keys Enter T
frame_wait
check_contains "T marks the four" ", 4 marked" "$(printf '%s\n' "$FRAME" | sed -n 2p)"
frame_type ":marked claim"
frame_keys Enter
frame_wait
check_contains ":marked claim: two taken, two were root's" \
	"2 complaints claimed; 2 were already yours" "$(printf '%s\n' "$FRAME" | tail -1)"
check_eq ":marked claim: all root's" "root root root root" "$(holders)"
frame_type ":help marked"
frame_keys Enter
frame_wait
check_contains ":help shows :marked" ":marked [COMMAND]" "$FRAME"
check_contains ":help shows the ; key" ";" "$(printf '%s\n' "$FRAME" | grep ':marked')"
tui_stop

if locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' && command -v msgfmt >/dev/null 2>&1; then
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
	bulk tr
	tui_stop
else
	skip "the console in Turkish" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi

finish
