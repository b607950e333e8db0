# lib.sh: shared helpers for the end-to-end tests (sourced, TAP output).
#
# A test script sources this file, calls the checks below, and ends with
# `finish`.  Terminal tests run the real binary in a private tmux server:
#   tui_start 80 24 -d "$DB"      start temas in an 80x24 pane
#   tui_keys j j Enter            send keys (tmux key names)
#   tui_wait "Orders"             wait until the text is on screen
#   tui_screen                    print the screen
#   tui_stop                      kill the pane and server
set -u

: "${TEMAS:?TEMAS must point at the temas binary}"
: "${TEMAS_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
T_COUNT=0
T_FAILED=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/temas-e2e.XXXXXX")
T_SOCK="$T_TMP/tmux.sock"
export HOME="$T_TMP/home" XDG_STATE_HOME="$T_TMP/state" XDG_CONFIG_HOME="$T_TMP/config"
mkdir -p "$HOME"
trap 't_cleanup' EXIT

# The processes this test started that are still there: their command
# line names its directory.
t_leftover() {
	for _d in /proc/[0-9]*; do
		case "$(tr '\0' ' ' 2>/dev/null < "$_d/cmdline")" in
		*"$T_TMP/"*) echo "${_d#/proc/}" ;;
		esac
	done
}

t_cleanup() {
	tmux -S "$T_SOCK" kill-server >/dev/null 2>&1
	# A console whose terminal went away ends within a second or two.
	# Under AddressSanitizer one may never end: the leak check's
	# stop-the-world waits forever for a thread that the hangup's SIGCONT
	# set running again, and spins, taking a core from every test after
	# it.  What is left after two seconds is killed.
	_n=0
	while [ -n "$(t_leftover)" ] && [ $_n -lt 20 ]; do
		sleep 0.1; _n=$((_n + 1))
	done
	for _p in $(t_leftover); do kill -KILL "$_p" 2>/dev/null; done
	# A console still ending may write one more frame meanwhile.
	_n=0
	until rm -rf "$T_TMP" 2>/dev/null || [ $_n -ge 20 ]; do
		sleep 0.1; _n=$((_n + 1))
	done
}

ok() {   # ok NAME: record a pass
	T_COUNT=$((T_COUNT + 1))
	echo "ok $T_COUNT - $1"
}

not_ok() {   # not_ok NAME [DETAIL...]: record a failure
	T_COUNT=$((T_COUNT + 1))
	T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_COUNT - $1"
	shift
	for line in "$@"; do printf '%s\n' "$line" | sed 's/^/# /'; done
}

skip() {   # skip NAME REASON: a test that cannot run here, and why
	T_COUNT=$((T_COUNT + 1))
	echo "ok $T_COUNT - $1 # SKIP $2"
}

check() {   # check NAME COMMAND...: pass when the command succeeds
	name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name" "command failed: $*"; fi
}

check_eq() {   # check_eq NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "actual:   $3"; fi
}

check_contains() {   # check_contains NAME NEEDLE HAYSTACK
	case "$3" in
	*"$2"*) ok "$1" ;;
	*) not_ok "$1" "missing: $2" "in: $(printf '%s' "$3" | head -c 2000)" ;;
	esac
}

check_match() {   # check_match NAME ERE HAYSTACK: a line of HAYSTACK matches
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		ok "$1"
	else
		not_ok "$1" "no line matches: $2" "in: $(printf '%s' "$3" | head -c 2000)"
	fi
}

check_not_contains() {   # check_not_contains NAME NEEDLE HAYSTACK
	case "$3" in
	*"$2"*) not_ok "$1" "unexpected: $2" ;;
	*) ok "$1" ;;
	esac
}

# run_cmd: run temas, capturing stdout, stderr and the exit status in
# $OUT, $ERR and $RC.
run_cmd() {
	OUT=$("$TEMAS" "$@" 2>"$T_TMP/stderr")
	RC=$?
	ERR=$(cat "$T_TMP/stderr")
}

# run_as_nobody ARGS...: run_cmd as an unprivileged user (uid/gid 65534),
# so that file permissions apply even when the suite runs as root.
# Callers check can_drop_privileges first.
run_as_nobody() {
	OUT=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$TEMAS" "$@" \
		2>"$T_TMP/stderr")
	RC=$?
	ERR=$(cat "$T_TMP/stderr")
}

can_drop_privileges() {   # root with setpriv(1) (util-linux)
	[ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
		setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null
}

demo_db() {   # demo_db FILE [ARGS]: build a small demo database once
	db=$1; shift
	"$TEMAS" demo -d "$db" "$@" >/dev/null 2>"$T_TMP/demo.err" || {
		echo "Bail out! demo failed: $(cat "$T_TMP/demo.err")"; exit 1; }
}

# The tests change the database behind the console's back with the sqlite3
# shell, which rings no bell (src/store/bell.c): the console looks for such
# changes every half second here (TEMAS_IDLE_MS; TUI_ENV may say otherwise).
tui_start() {   # tui_start COLS ROWS ARGS...: start temas in tmux
	cols=$1 rows=$2; shift 2
	tmux -S "$T_SOCK" -f /dev/null new-session -d -s t -x "$cols" -y "$rows" \
		"env TERM=${TUI_TERM:-screen-256color} LC_ALL=${LC_ALL:-C.UTF-8} \
		 HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' \
		 TEMAS_IDLE_MS=500 ${TUI_ENV:-} ${TUI_PREFIX:-} '$TEMAS' $*; printf '\\r\\nTEMAS-EXITED %s\\r\\n' \$?; sleep 30"
	tmux -S "$T_SOCK" set-option -t t remain-on-exit on >/dev/null 2>&1
}

tui_keys() { tmux -S "$T_SOCK" send-keys -t t "$@"; }
tui_type() { tmux -S "$T_SOCK" send-keys -t t -l "$1"; }
# tui_paste FILE: paste FILE's bytes as a terminal does (bracketed when the
# program asked for it).
tui_paste() {
	tmux -S "$T_SOCK" load-buffer "$1" && tmux -S "$T_SOCK" paste-buffer -p -t t
}
tui_screen() { tmux -S "$T_SOCK" capture-pane -p -t t; }
tui_resize() { tmux -S "$T_SOCK" resize-window -t t -x "$1" -y "$2"; }
tui_title() { tmux -S "$T_SOCK" display-message -p -t t '#{pane_title}'; }
tui_cursor() { tmux -S "$T_SOCK" display-message -p -t t '#{cursor_x},#{cursor_y}'; }
# tui_cursor_at X,Y [SECONDS]: wait for the cursor to settle there, then
# print where it is (the screen text can arrive before the final cursor move).
tui_cursor_at() {
	deadline=$(( $(date +%s) + ${2:-5} ))
	while [ "$(tui_cursor)" != "$1" ] && [ "$(date +%s)" -le "$deadline" ]; do
		sleep 0.1
	done
	tui_cursor
}
tui_pid() { tmux -S "$T_SOCK" display-message -p -t t '#{pane_pid}'; }

tui_wait() {   # tui_wait TEXT [SECONDS]: wait until TEXT is on screen
	deadline=$(( $(date +%s) + ${2:-10} ))
	while [ "$(date +%s)" -le "$deadline" ]; do
		case "$(tui_screen)" in *"$1"*) return 0 ;; esac
		sleep 0.1
	done
	return 1
}

tui_wait_gone() {   # tui_wait_gone TEXT [SECONDS]
	deadline=$(( $(date +%s) + ${2:-10} ))
	while [ "$(date +%s)" -le "$deadline" ]; do
		case "$(tui_screen)" in *"$1"*) ;; *) return 0 ;; esac
		sleep 0.1
	done
	return 1
}

tui_stop() { tmux -S "$T_SOCK" kill-server >/dev/null 2>&1; sleep 0.2; }

finish() {   # print the plan and exit non-zero on any failure
	echo "1..$T_COUNT"
	[ "$T_FAILED" -eq 0 ]
}

# hold_lock DB SQL: a sqlite3 shell runs SQL and keeps its transaction
# open until release_lock; returns once it has said the SQL is done.
hold_lock() {
	rm -f "$T_TMP/lockcmd" "$T_TMP/lockout"
	mkfifo "$T_TMP/lockcmd"
	sqlite3 -bail "$1" < "$T_TMP/lockcmd" > "$T_TMP/lockout" 2>&1 &
	holder=$!
	exec 3>"$T_TMP/lockcmd"
	echo "$2 SELECT 'HELD' || '-NOW';" >&3
	n=0
	while ! grep -q HELD-NOW "$T_TMP/lockout" && [ $n -lt 100 ]; do
		sleep 0.1; n=$((n + 1))
	done
}
release_lock() { echo "COMMIT;" >&3; exec 3>&-; wait "$holder"; }

# mail_standin SPOOL: $T_TMP/sendmail, a stand-in MTA that writes each
# message to SPOOL/N.eml and its arguments to $T_TMP/args, and exits with
# the status in $T_TMP/status (0 without it), saying $T_TMP/say on stderr;
# mail_conf [LINES]: the configuration that sends through it.
mail_standin() {
	mkdir -p "$1" "$XDG_CONFIG_HOME/temas"
	cat > "$T_TMP/sendmail" <<EOF
#!/bin/sh

cat > "$1/\$\$.tmp" && mv "$1/\$\$.tmp" "$1/\$(date +%s%N).\$\$.eml"
echo "\$*" > "$T_TMP/args"
[ -f "$T_TMP/say" ] && cat "$T_TMP/say" >&2
exit \$(cat "$T_TMP/status" 2>/dev/null || echo 0)
EOF
	chmod +x "$T_TMP/sendmail"
}
mail_conf() {
	printf 'sendmail = %s -t -oi\nfrom = Müşteri Hizmetleri <destek@example.com.tr>\n%s\n' \
		"$T_TMP/sendmail" "${1:-}" > "$XDG_CONFIG_HOME/temas/config"
}

seed_sql() {   # seed_sql DB SQL: put hand-made rows into a test database
	sqlite3 "$1" "$2" || { echo "Bail out! seeding $1 failed"; exit 1; }
}

# ---- the console ----

UI_NOW=1700000000   # the pinned clock of the console tests

ui_db() {   # ui_db FILE: demo data, the console fixture, and you as an agent
	TEMAS_NOW=$UI_NOW demo_db "$1" --customers 60
	sqlite3 -bail "$1" < "$TEMAS_SRCDIR/tests/e2e/ui_fixture.sql" 2>"$T_TMP/fixture.err" || {
		echo "Bail out! ui_fixture.sql: $(cat "$T_TMP/fixture.err")"; exit 1; }
	sqlite3 "$1" "INSERT OR IGNORE INTO agents(login, name, created_at)
		VALUES('$(id -un)', 'Test Agent', 0)" || exit 1
}

# ui_fixture: the sqlite3 shell (or a SKIP), $db a new database with the
# console fixture (ui_db), $me the user running the test.
ui_fixture() {
	command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }
	db="$T_TMP/ui.db"
	ui_db "$db"
	me=$(id -un)
}

# ui_setup: how most console tests start: tmux (or a SKIP), then
# ui_fixture.
ui_setup() {
	command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
	ui_fixture
}

# q SQL: SQL on $db by the sqlite3 shell, waiting up to 10 s for a lock
# (a test may define its own).
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }

# sent [COMPLAINT]: the replies $me sent on COMPLAINT (900001).
sent() {
	q "SELECT count(*) FROM interactions WHERE complaint_id = ${1:-900001}
	   AND direction = 'out' AND agent_id = (SELECT id FROM agents WHERE login = '$me')"
}
# reply_seen_at COMPLAINT: when the order history was seen, as each reply
# $me sent on COMPLAINT records it.
reply_seen_at() {
	q "SELECT history_seen_at FROM interactions WHERE complaint_id = $1
	   AND direction = 'out' AND agent_id = (SELECT id FROM agents WHERE login = '$me')"
}
# sent_is N [COMPLAINT]: waits (up to 10 s) for N replies sent.
sent_is() {
	_end=$(( $(date +%s) + 10 ))
	while [ "$(sent "${2:-}")" != "$1" ] && [ "$(date +%s)" -le "$_end" ]; do
		sleep 0.1
	done
	[ "$(sent "${2:-}")" = "$1" ]
}

# ui_as_root: screens that show the login are those of root; another user
# runs the console as root of a user namespace of its own (TEMAS_AS_ROOT,
# also for the commands run beside it), else the test is skipped.
ui_as_root() {
	if [ "$(id -u)" -ne 0 ]; then
		if unshare -r true 2>/dev/null; then
			TEMAS_AS_ROOT="unshare -r"
		else
			echo "1..0 # SKIP not root, and no user namespace (unshare -r) to look like root"
			exit 0
		fi
	fi
}

# ui_frame_lang LANG COLS ROWS DB: the console (frame mode, as root with
# ui_as_root) on DB, in English (en) or in Turkish (tr: the catalogue
# compiled into $T_TMP/locale); TUI_ENV_MORE is added to its environment.
ui_frame_lang() {
	tui_stop
	if [ "$1" = tr ]; then
		LC_ALL=tr_TR.UTF-8
		TUI_ENV="TEMAS_LOCALEDIR=$T_TMP/locale TZ=UTC ${TUI_ENV_MORE:-}"
	else
		LC_ALL=C.UTF-8
		TUI_ENV="TZ=UTC ${TUI_ENV_MORE:-}"
	fi
	TUI_PREFIX=${TEMAS_AS_ROOT:-}
	frame_start "$2" "$3" "$4"
	LC_ALL=C.UTF-8
}

# ui_frame_copy LANG DB COPY: the same at 80x24 on a fresh copy of DB.
ui_frame_copy() {
	tui_stop
	cp "$2" "$3"
	rm -f "$3-wal" "$3-shm"
	ui_frame_lang "$1" 80 24 "$3"
}

ui_start() {   # ui_start COLS ROWS DB: the console on DB, clock pinned
	TUI_ENV="TEMAS_NOW=$UI_NOW ${TUI_ENV:-}" tui_start "$1" "$2" -d "$3"
	tui_wait "Queue:" || { not_ok "console starts" "$(tui_screen)"; finish; exit 1; }
}

# The status line's message, whole: one wider than the line is drawn on up
# to four lines ending on it, joined here (a break drops one blank, and
# each line begins after one).
message_of() { printf '%s\n' "$1" | tail -4 | tr -d '\n'; }
tui_message() { message_of "$(tui_screen)"; }

tui_screen_esc() { tmux -S "$T_SOCK" capture-pane -p -e -t t; }
tui_line() { tui_screen | sed -n "$(($1 + 1))p"; }   # tui_line N: screen line N (from 0)
# The pid of temas itself (the pane runs a shell that runs temas).
tui_temas_pid() {   # waits (up to 5 s) for the process to be there
	_n=0
	while [ $_n -lt 50 ]; do
		_p=$(pgrep -x -P "$(tui_pid)" "$(basename "$TEMAS" | cut -c1-15)" | head -1)
		[ -n "$_p" ] && { echo "$_p"; return 0; }
		sleep 0.1; _n=$((_n + 1))
	done
	return 1
}

# ---- whole screens ----
# With TEMAS_FRAME_FILE the console writes each finished frame to a file
# (src/ui/framedump.c): a header "keys N size CxL layout CxL cursor Y,X",
# then the screen.  frame_keys and frame_type count the keys they send;
# frame_wait waits for the frame in which the console has handled all of
# them, and for the terminal to show that frame, so no check depends on
# how fast the machine is.

# frame_start COLS ROWS DB: the console on DB, clock pinned, frames written;
# returns once the first frame is on the terminal.
frame_start() {
	T_FRAME="$T_TMP/frame"
	T_KEYS=0
	rm -f "$T_FRAME"
	TUI_ENV="TEMAS_NOW=$UI_NOW TEMAS_FRAME_FILE=$T_FRAME ${TUI_ENV:-}" \
		tui_start "$1" "$2" -d "$3"
	frame_wait || { not_ok "console starts" "$(tui_screen)"; finish; exit 1; }
}

frame_keys() {   # frame_keys KEY...: tmux key names, one key each
	tui_keys "$@"
	T_KEYS=$((T_KEYS + $#))
}

frame_type() {   # frame_type TEXT: typed as it is, one key a byte
	tui_type "$1"
	T_KEYS=$((T_KEYS + $(printf '%s' "$1" | wc -c)))
}

# frame_wait [COLS ROWS]: wait (at most a minute: a hang, not a speed
# limit) for the frame with every key sent handled (and drawn at COLSxROWS
# when given); then FRAME_HEAD is its header and FRAME its screen.  Fails
# when the keys never all arrive, or more keys arrive than were sent, or
# the terminal never shows what the console drew.
frame_wait() {
	_want=${1:+size $1x$2}
	_n=0
	FRAME_HEAD= FRAME=
	while [ $_n -lt 600 ]; do
		FRAME_HEAD=$(head -1 "$T_FRAME" 2>/dev/null)
		case "$FRAME_HEAD" in
		"keys $T_KEYS "*"$_want"*) break ;;
		esac
		sleep 0.1; _n=$((_n + 1))
	done
	case "$FRAME_HEAD" in
	"keys $T_KEYS "*"$_want"*) ;;
	*) not_ok "frame: $T_KEYS keys handled${_want:+ at $_want}" "last frame: $FRAME_HEAD"
	   return 1 ;;
	esac
	frame_shown
}

# frame_shown: wait for the terminal to show the console's last frame, cell
# for cell (tmux may still be reading the output); then FRAME_HEAD and FRAME
# are that frame.  Fails when it never does: text the terminal took for a
# control, or a character the two measure differently, moved or wrapped
# what the console drew.
frame_shown() {
	_n=0
	while [ $_n -lt 100 ]; do
		_f=$(cat "$T_FRAME" 2>/dev/null)
		FRAME_HEAD=$(printf '%s\n' "$_f" | head -1)
		FRAME=$(printf '%s\n' "$_f" | tail -n +2)
		[ "$(tui_screen | sed 's/ *$//')" = "$FRAME" ] && return 0
		sleep 0.1; _n=$((_n + 1))
	done
	printf '%s\n' "$FRAME" > "$T_TMP/frame.drawn"
	not_ok "frame: the terminal shows what the console drew" \
		"terminal (-) and console (+):" \
		"$(tui_screen | sed 's/ *$//' | diff -u - "$T_TMP/frame.drawn" | tail -n +3 | head -40)"
	return 1
}

# frame_field NAME: a number from the last frame's header (writes: the
# console's committed writes, loads: panes read, others: other processes'
# commits noticed).
frame_field() {
	head -1 "$T_FRAME" 2>/dev/null | sed -n "s/.* $1 \([0-9]*\).*/\1/p"
}

# frame_field_wait NAME N: wait (rounds of frames; a minute at most, a
# hang and not a speed limit) until the header's NAME is at least N; then
# FRAME_HEAD is that header.
frame_field_wait() {
	_r=0
	while [ $_r -lt 600 ]; do
		FRAME_HEAD=$(head -1 "$T_FRAME" 2>/dev/null)
		[ "$(frame_field "$1")" -ge "$2" ] 2>/dev/null && return 0
		sleep 0.1; _r=$((_r + 1))
	done
	return 1
}

# frame_fits COLS ROWS: "fits" when the frame as drawn (its text, in
# display columns) has ROWS lines and none wider than COLS; else what it has.
frame_fits() {
	_w=$(printf '%s\n' "$FRAME" | wc -L)
	_h=$(printf '%s\n' "$FRAME" | wc -l)
	if [ "$_h" -eq "$2" ] && [ "$_w" -le "$1" ]; then
		echo fits
	else
		echo "$_h lines, the widest $_w columns"
	fi
}

# golden NAME: the whole screen (FRAME) equals tests/e2e/golden/NAME.
# TEMAS_UPDATE_GOLDEN=1 writes it instead (make update-goldens); review
# the change with git diff before committing it.
golden() {
	_g="$TEMAS_SRCDIR/tests/e2e/golden/$1"
	if [ "${TEMAS_UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$(dirname "$_g")"
		printf '%s\n' "$FRAME" > "$_g"
		ok "screen $1 # updated"
	elif [ ! -f "$_g" ]; then
		not_ok "screen $1" "no golden screen $_g (make update-goldens writes it)"
	elif [ "$(cat "$_g")" = "$FRAME" ]; then
		ok "screen $1"
	else
		not_ok "screen $1" "the screen differs from tests/e2e/golden/$1 (- expected, + actual);" \
			"if the change is intended, run make update-goldens and review git diff" \
			"$(printf '%s\n' "$FRAME" | diff -u "$_g" - | tail -n +3)"
	fi
}
