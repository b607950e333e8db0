#!/bin/sh
# ui_attach.sh: compose's :attach (Ctrl-O) at 80x24: a file with a Turkish
# name is attached, listed under the text and kept with what is sent; a
# missing file, a directory and a file over attachment_max_kb each get a
# clear line and attach nothing, as does a reply on a channel that delivers
# nothing; the key line fits 80 columns, and the help lists the key.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
db="$T_TMP/ui.db"
ui_db "$db"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
mkdir -p "$XDG_CONFIG_HOME/temas"
printf 'attachment_max_kb = 4\n' > "$XDG_CONFIG_HOME/temas/config"
printf '%%PDF-1.4 fatura\n' > "$T_TMP/fatura şubat.pdf"
head -c 6000 /dev/zero > "$T_TMP/big.bin"

ui_start 80 24 "$db"
tui_wait "Kargo gecikti"
tui_keys n
check "note compose opens" tui_wait "Internal note on complaint"
check_contains "the key line fits 80 columns, whole" \
	"Ctrl-X add note | Ctrl-T template | Ctrl-E editor | Ctrl-O attach | Esc close" \
	"$(tui_screen)"
tui_type "Fatura ekte."
attach() {
	tui_keys C-o
	tui_wait ":attach" 5
	tui_type "$1"
	tui_keys Enter
}
attach "$T_TMP/yok.pdf"
check "missing file: named, with the reason" tui_wait "cannot attach $T_TMP/yok.pdf: No such file"
attach "$T_TMP"
check "directory: not a regular file" tui_wait "not a regular file"
attach "$T_TMP/big.bin"
check "over the limit: says so, with the setting" tui_wait "over the limit of 4 KB"
check_eq "nothing attached yet" 0 "$(q "SELECT count(*) FROM draft_attachments")"
attach "$T_TMP/fatura şubat.pdf"
check "attached: said on the status line" tui_wait "attached fatura şubat.pdf"
check "attached: listed under the text" tui_wait "Attached: fatura şubat.pdf"
check_contains "attached: a note's key still says add note" \
	"Ctrl-X add note | Esc close | Attached: fatura şubat.pdf" "$(tui_screen)"
check_eq "the file waits with the draft" 1 "$(q "SELECT count(*) FROM draft_attachments")"
tui_keys C-x
check "the note is saved" tui_wait_gone "Internal note on complaint"
check_eq "the files went with the note" "fatura şubat.pdf|16|application/pdf" \
	"$(q "SELECT a.name, a.size, a.content_type FROM attachments a
	      JOIN interactions i ON i.id = a.interaction_id
	      WHERE i.id = (SELECT max(id) FROM interactions) ORDER BY a.id LIMIT 1")"
check_eq "the draft's files are gone" 0 "$(q "SELECT count(*) FROM draft_attachments")"
# The help lists the key.
tui_type ":help attach"
tui_keys Enter
check "help at :attach" tui_wait ":attach FILE"
check_match "the help lists Ctrl-O for :attach" "^ *Ctrl-O +:attach FILE " "$(tui_screen)"
tui_stop

# A note's file stays the note's: the reply written next does not carry
# it to the customer.
ui_start 80 24 "$db"
tui_wait "Kargo gecikti"
tui_keys n
tui_wait "Internal note on complaint"
tui_type "İç not."
attach "$T_TMP/fatura şubat.pdf"
check "note: said to go with the note" tui_wait "it goes with the note"
tui_keys Escape
tui_wait_gone "Internal note on complaint"
tui_keys r
check "reply compose opens" tui_wait "Reply to"
check_not_contains "the reply lists no file" "Attached:" "$(tui_screen)"
tui_type "Müşteriye yanıt."
tui_keys C-x
tui_wait_gone "Reply to"
check_eq "the reply went without the note's file" 0 \
	"$(q "SELECT count(*) FROM attachments a JOIN interactions i ON i.id = a.interaction_id
	      WHERE i.body = 'Müşteriye yanıt.'")"
check_eq "the note's file still waits with the note" "note|fatura şubat.pdf" \
	"$(q "SELECT kind || '|' || name FROM draft_attachments")"
tui_stop

# A reply on a channel that delivers nothing takes no file: it would
# reach nobody while the agent believed it had.
ui_start 80 24 "$db"
tui_keys :
tui_type "filter channel=phone"
tui_keys Enter
check "the phone complaint selected, its orders drawn" tui_wait "FX-2001"
tui_keys c
tui_wait "is yours now"
tui_keys r
check "reply compose on phone" tui_wait "Reply to Ali Öztürkmen on phone"
attach "$T_TMP/fatura şubat.pdf"
check "phone: refused, saying why" \
	tui_wait "cannot attach: phone delivers nothing"
check_eq "phone: nothing attached" 0 "$(q "SELECT count(*) FROM draft_attachments WHERE kind = 'reply'")"
tui_stop

finish
