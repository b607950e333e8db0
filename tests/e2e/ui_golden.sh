#!/bin/sh
# ui_golden.sh: whole screens, compared with the expected screens checked in
# under tests/e2e/golden/: every pane (queue, customer and orders, timeline,
# channels and a channel's thread), compose with its template list, the
# command prompt, the status menu, search results, the help and the
# supervisor view with its period menu; at 80x24 and 120x40, in
# English and in Turkish.  The clock is pinned and the demo data seeded, and
# each screen is the frame in which the console has handled every key sent
# (lib.sh, frame_wait), so the screens are the same on every machine.
#
# A screen that changed on purpose: make update-goldens, then read the diff
# (git diff tests/e2e/golden) before committing it.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

# The bar shows the agent's login: the screens are those of root.  Another
# user runs the console as root of a user namespace of its own.
ui_as_root
export TZ=UTC
db="$T_TMP/golden.db"
ui_db "$db"
sqlite3 "$db" "INSERT OR IGNORE INTO agents(login, name, created_at) VALUES('root', 'root', 0);
	UPDATE agents SET role = 'supervisor' WHERE login = 'root'" || exit 1

turkish=yes
if ! locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$'; then
	turkish="the tr_TR.UTF-8 locale is missing (sh scripts/deps makes it)"
elif ! command -v msgfmt >/dev/null 2>&1; then
	turkish="msgfmt is not installed (Debian package gettext)"
else
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
fi

# start LANG COLS ROWS: the console on a fresh copy of the database.
start() {
	tui_stop
	cp "$db" "$T_TMP/run.db"
	rm -f "$T_TMP/run.db-wal" "$T_TMP/run.db-shm"
	G_NAME="$1-$2x$3"
	# The selection counts as rested at once: the console's presence is
	# written before the first key, as the supervisor view shows it.
	TUI_ENV_MORE="TEMAS_REST_MS=1"
	ui_frame_lang "$1" "$2" "$3" "$T_TMP/run.db"
	TUI_ENV_MORE=
}

# shot NAME: the screen once every key sent is handled, against its golden.
shot() {
	frame_wait && golden "$G_NAME/$1"
}

# screens LANG COLS ROWS: every screen, in one language at one size.
screens() {
	start "$@"
	shot queue
	frame_keys Tab
	shot orders
	frame_keys G Enter
	shot order-lines
	frame_keys q Tab
	shot timeline
	frame_keys Tab
	shot channels
	frame_keys Enter
	shot channel-thread

	start "$@"
	frame_keys '?'
	shot help
	frame_keys q :
	frame_type "cus"
	shot prompt
	frame_keys Escape /
	frame_type "Kargo"
	frame_keys Enter
	shot search

	start "$@"
	frame_keys r
	shot compose-reply
	frame_keys Escape n
	shot compose-note

	start "$@"
	frame_keys r C-t
	shot compose-templates

	start "$@"
	frame_keys c s
	shot status-menu

	start "$@"
	frame_keys S
	shot supervisor
	frame_keys p
	shot supervisor-period
}

for size in "80 24" "120 40"; do
	screens en $size
	if [ "$turkish" = yes ]; then
		screens tr $size
	else
		skip "Turkish screens at $size" "$turkish"
	fi
done
tui_stop
finish
