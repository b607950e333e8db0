#!/bin/sh
# ui_paste.sh: a paste is text, never keys, and Esc never quits.  A pasted q does not quit, a
# pasted Ctrl-X does not send, a pasted Esc does not close the editor,
# control characters never reach the draft, and a tab, pasted or typed,
# is spaces to the next stop of 8.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
me=$(sqlite3 "$db" "SELECT id FROM agents WHERE login = '$(id -un)'")
sent() { sqlite3 "$db" "SELECT count(*) FROM interactions WHERE agent_id = $me"; }
before=$(sent)
ui_start 80 24 "$db"
check "fixture complaint on top" tui_wait "Kargo gecikti"

printf 'qqQ:q\n' > "$T_TMP/keys"
tui_paste "$T_TMP/keys"
sleep 1
check_not_contains "a pasted q does not quit" "TEMAS-EXITED" "$(tui_screen)"
check "still the queue" tui_wait "Kargo gecikti"

tui_keys n
check "note compose opens" tui_wait "Internal note on complaint 900001"
printf 'Merhaba\030 dünya\033q\033[2J sonra\n' > "$T_TMP/text"
tui_paste "$T_TMP/text"
check "pasted text lands in the editor" tui_wait "Merhaba dünyaq[2J sonra"
check "the editor is still open" tui_wait "Internal note on complaint 900001"
check_eq "a pasted Ctrl-X sent nothing" "$before" "$(sent)"
tui_keys Escape
check "Esc typed by hand still closes" tui_wait_gone "Internal note on complaint 900001"
draft=$(sqlite3 "$db" "SELECT body FROM drafts WHERE agent_id = $me AND kind = 'note'")
check_contains "the draft keeps the pasted text" "Merhaba dünyaq" "$draft"
check "no control characters in the draft" sh -c \
	'! printf "%s" "$1" | tr -d "\n" | LC_ALL=C grep -q "[[:cntrl:]]"' - "$draft"

# In the queue Esc cancels and never quits; q does.
tui_keys Escape
sleep 0.5
check_not_contains "Esc in the queue does not quit" "TEMAS-EXITED" "$(tui_screen)"
tui_keys q
check "q in the queue quits" tui_wait "TEMAS-EXITED 0"
tui_stop

# Tabs in a pasted table, and one typed: spaces to the next stop of 8,
# so the numbers of two columns stay two numbers (they were run
# together: "Kazak1499,00").
sqlite3 "$db" "DELETE FROM drafts"
ui_start 80 24 "$db"
tui_keys n
check "note compose opens again" tui_wait "Internal note on complaint 900001"
printf 'Ürün\tAdet\tFiyat\nKazak\t1\t499,00' > "$T_TMP/table"
tui_paste "$T_TMP/table"
check "a pasted tab is spaces to the next stop" tui_wait "Kazak   1       499,00"
tui_keys Tab
tui_type "x"
check "a typed one too" tui_wait "499,00  x"
tui_keys C-x
check "the note is added" tui_wait "note added"
check_eq "the note keeps the columns apart, with no tab" \
	"$(printf 'Ürün    Adet    Fiyat\nKazak   1       499,00  x')" \
	"$(sqlite3 "$db" "SELECT body FROM interactions WHERE agent_id = $me
		AND direction = 'note' ORDER BY id DESC LIMIT 1")"
tui_stop
finish
