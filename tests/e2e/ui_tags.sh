#!/bin/sh
# ui_tags.sh: tags in the console at 80x24, in English and in Turkish: shown
# in the queue before the subject without breaking the layout, :tag adds
# and removes them (audited), :filter tag=X shows only the tagged
# complaints, a bad tag is refused with nothing changed, completion offers
# the tags in use.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }

export TZ=UTC
db="$T_TMP/ui.db"
ui_db "$db"
top=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open ORDER BY due_at, id LIMIT 1")
second=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open ORDER BY due_at, id LIMIT 1 OFFSET 1")
# We may tag the top complaint: it is ours.
sqlite3 "$db" "UPDATE complaints SET assignee_id = (SELECT id FROM agents
	WHERE login = '$(id -un)') WHERE id = $top"
seed_sql "$db" "INSERT INTO complaint_tags(complaint_id, tag, added_at)
	VALUES($second, 'kargo', 1), ($second, 'iade', 1)"

frame_start 80 24 "$db"
check_eq "the queue fits 80x24 with tags" fits "$(frame_fits 80 24)"
check_contains "tags before the subject, in name order" "[iade kargo]" \
	"$(printf '%s\n' "$FRAME" | sed -n 5p)"

frame_type ":tag add acil-iade"
frame_keys Enter
frame_wait
check_contains ":tag add: says the tags" "complaint $top: tags acil-iade" "$FRAME"
check_eq ":tag add: stored" "acil-iade" \
	"$(sqlite3 "$db" "SELECT group_concat(tag) FROM complaint_tags WHERE complaint_id = $top")"
check_eq ":tag add: audited" "+acil-iade" \
	"$(sqlite3 "$db" "SELECT detail FROM audit WHERE action = 'tag' AND complaint_id = $top")"
check_contains ":tag add: the queue shows it" "[acil-iade]" \
	"$(printf '%s\n' "$FRAME" | sed -n 4p)"
check_eq "still fits 80x24" fits "$(frame_fits 80 24)"

frame_type ":tag add iki,kelime"
frame_keys Enter
frame_wait
check_contains "a bad tag: the reason" "bad tag 'iki,kelime'" "$FRAME"
check_eq "a bad tag: nothing changed" 1 \
	"$(sqlite3 "$db" "SELECT count(*) FROM complaint_tags WHERE complaint_id = $top")"

frame_type ":tag"
frame_keys Enter
frame_wait
check_contains ":tag alone: the complaint's tags" "complaint $top: tags acil-iade" "$FRAME"

# Completion: the tags in use after :filter tag=
frame_type ":filter tag=ka"
frame_keys Tab
frame_wait
check_contains "Tab completes a tag in use" ":filter tag=kargo" "$FRAME"
frame_keys Enter
frame_wait
check_contains ":filter tag=kargo: the title says so" "tag kargo (1)" "$FRAME"
check_contains ":filter tag=kargo: the tagged complaint" "[iade kargo]" \
	"$(printf '%s\n' "$FRAME" | sed -n 4p)"
check_not_contains ":filter tag=kargo: not the untagged one" "[acil-iade]" "$FRAME"

frame_type ":filter all"
frame_keys Enter
frame_wait
frame_keys g
frame_wait
frame_type ":tag remove acil-iade"
frame_keys Enter
frame_wait
check_eq ":tag remove: gone" 0 \
	"$(sqlite3 "$db" "SELECT count(*) FROM complaint_tags WHERE complaint_id = $top")"
check_contains ":tag remove: says so" "complaint $top has no tags" "$FRAME"

frame_type ":help tag"
frame_keys Enter
frame_wait
check_contains ":help lists :tag" ":tag add|remove TAG..." "$FRAME"
tui_stop

# The same in Turkish.
if locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' && command -v msgfmt >/dev/null 2>&1; then
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
	LC_ALL=tr_TR.UTF-8
	TUI_ENV="TZ=UTC TEMAS_LOCALEDIR=$T_TMP/locale" frame_start 80 24 "$db"
	LC_ALL=C.UTF-8
	check_eq "Turkish: the queue fits 80x24 with tags" fits "$(frame_fits 80 24)"
	frame_type ":tag add şikâyet"
	frame_keys Enter
	frame_wait
	check_contains "Turkish: :tag add says so in Turkish" "şikâyet $top: etiketler şikâyet" "$FRAME"
	frame_type ":filter tag=şikâyet"
	frame_keys Enter
	frame_wait
	check_contains "Turkish: the filter in the title" "etiket şikâyet (1)" "$FRAME"
	check_contains "Turkish: the tag in the row" "[şikâyet] Kargo" "$(printf '%s\n' "$FRAME" | sed -n 4p)"
	check_eq "Turkish: still fits 80x24" fits "$(frame_fits 80 24)"
	tui_stop
else
	skip "the console in Turkish" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi

finish
