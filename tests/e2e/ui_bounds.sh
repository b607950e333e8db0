#!/bin/sh
# ui_bounds.sh: the console at the edges of what a terminal can be -
# shrunk to one cell and back, resized many times in a row, a terminal
# type that cannot address the screen (dumb) and one with no terminfo
# entry.  Each gives a clear message or a sane screen, never a crash,
# and the console keeps answering keys.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"

frame_start 80 24 "$db"
pid=$(tui_temas_pid)
tui_resize 1 1
sleep 0.5
check "1x1: still running" kill -0 "$pid"
tui_resize 80 24
check "1x1 and back: the queue is drawn again" tui_wait "> Queue:"
check_contains "1x1 and back: bar intact" "temas |" "$(tui_line 0)"

# A window manager dragging the corner: many sizes in quick succession,
# some below the minimum, ending at a normal size.
for size in "10 3" "200 60" "79 23" "2 50" "150 5" "81 25" "1 1" "120 40"; do
	tui_resize $size
	sleep 0.05
done
tui_resize 100 30
check "resize storm: still running" kill -0 "$pid"
check "resize storm: drawn at the final size" tui_wait "> Queue:"
# The terminal clips to its window; what the console drew is its own.
frame_wait 100 30
check_contains "resize storm: the console lays out 100x30" "layout 100x30" "$FRAME_HEAD"
check_eq "resize storm: 30 lines drawn, none wider than the window" fits \
	"$(frame_fits 100 30)"
check_contains "resize storm: the status line is the last" "? help" \
	"$(printf '%s\n' "$FRAME" | sed -n 30p)"
tui_keys Tab
check "resize storm: keys still work" tui_wait "> Orders ("
tui_keys Q
check "resize storm: quits normally" tui_wait "TEMAS-EXITED 0"
tui_stop

# Below the minimum size the console says what it needs.
ui_start 80 24 "$db"
tui_resize 60 10
check "too small: says so" tui_wait "terminal too small"
tui_resize 80 24
check "too small and back: the queue returns" tui_wait "> Queue:"
tui_stop

# A 100 KB paste into a note: the text lands in the draft, nothing is
# sent, the console still answers.
me=$(sqlite3 "$db" "SELECT id FROM agents WHERE login = '$(id -un)'")
notes=$(sqlite3 "$db" "SELECT count(*) FROM interactions WHERE direction = 'note'")
awk 'BEGIN { for (i = 1; i <= 2000; i++) printf "satır %d: yapıştırılan metin çğıöşü\n", i;
	printf "SONRASI" }' > "$T_TMP/paste.txt"
ui_start 80 24 "$db"
tui_wait "Kargo gecikti"
tui_keys n
check "paste: note compose opens" tui_wait "Internal note on complaint"
tmux -S "$T_SOCK" load-buffer "$T_TMP/paste.txt"
tmux -S "$T_SOCK" paste-buffer -p -t t
check "paste: the end of the paste is shown" tui_wait "SONRASI" 30
tui_type " SON"
check "paste: typing goes on after it" tui_wait "SONRASI SON" 10
tui_keys Escape
sleep 1
check_eq "paste: nothing was sent" "$notes" \
	"$(sqlite3 "$db" "SELECT count(*) FROM interactions WHERE direction = 'note'")"
check_eq "paste: the whole text and what was typed after it are in the draft" \
	$(( $(wc -m < "$T_TMP/paste.txt") + 4 )) \
	"$(sqlite3 "$db" "SELECT length(body) FROM drafts WHERE agent_id = $me AND kind = 'note'")"
tui_keys q Q
check "paste: quits normally" tui_wait "TEMAS-EXITED 0"
tui_stop

# Very long lines at the command and search prompts: a clear message,
# and the console keeps answering.
long=$(awk 'BEGIN { for (i = 0; i < 600; i++) printf "uzunçğış "; }')
# prompt_closed: waits (a minute at most: typing 5,400 characters under
# a sanitizer on a loaded machine is slow) until the last line is no
# longer the prompt the keys went to.
prompt_closed() {
	_n=0
	while [ $_n -lt 600 ]; do
		case "$(tui_line 23)" in :*|/*) ;; *) return 0 ;; esac
		sleep 0.1; _n=$((_n + 1))
	done
	return 1
}
# prompt_open C: waits until the last line is the prompt C opened.
prompt_open() {
	_n=0
	while [ $_n -lt 100 ]; do
		case "$(tui_line 23)" in "$1"*) return 0 ;; esac
		sleep 0.1; _n=$((_n + 1))
	done
	return 1
}
ui_start 80 24 "$db"
pid=$(tui_temas_pid)
tui_keys :
check "long command line: the prompt opens" prompt_open :
tui_type "$long"
tui_keys Enter
check "long command line: the prompt closes" prompt_closed
check "long command line: still running" kill -0 "$pid"
check_contains "long command line: a one-line message in the status line" \
	"uzun" "$(tui_line 23)"
tui_keys /
check "long search: the prompt opens" prompt_open /
tui_type "$long"
tui_keys Enter
check "long search: the prompt closes" prompt_closed
check "long search: still running" kill -0 "$pid"
check_contains "long search: says the query is too long" "too long" "$(tui_screen)"
tui_keys Tab
check "long lines: keys still work" tui_wait "> Orders ("
check_contains "long lines: bar intact" "temas |" "$(tui_line 0)"
tui_keys Q
tui_stop

# Terminals that cannot run the console: no terminfo entry, or one that
# cannot move the cursor (it would show only the last line drawn).
for term in dumb nonexistent-terminal; do
	TUI_TERM=$term TUI_ENV="TEMAS_NOW=$UI_NOW" tui_start 80 24 -d "$db"
	check "TERM=$term: temas ends" tui_wait "TEMAS-EXITED" 10
	s=$(tui_screen)
	check_contains "TERM=$term: exit status 1" "TEMAS-EXITED 1" "$s"
	check_eq "TERM=$term: one line from temas, naming the terminal" 1 \
		"$(printf '%s\n' "$s" | grep -c "^temas: .*'$term'")"
	tui_stop
done
check_eq "database intact" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
finish
