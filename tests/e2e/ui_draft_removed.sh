#!/bin/sh
# ui_draft_removed.sh: an agent removed from the team while their console
# has a reply open writes no more drafts.  The agent types, the draft is
# kept; a supervisor removes them from a shell; what the agent types next
# stays in the editor, the status line says they are no longer an agent,
# once (the console does not try again on every tick: another message
# stays), the drafts table keeps the earlier text.  Esc asks again, is
# refused and keeps the text; once the agent is added back, what they type
# is kept on the clock again, without Esc, and Esc keeps the whole text.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

ui_setup
# Another supervisor, so that the one login a test has may be taken off.
seed_sql "$db" "INSERT OR IGNORE INTO agents(login, name, role, created_at)
	VALUES('mudur', 'Müdür', 'supervisor', 0);
	UPDATE agents SET role = 'supervisor', active = 1 WHERE login = 'mudur'"
draft() {
	q "SELECT body FROM drafts WHERE complaint_id = 900001 AND kind = 'reply'
	   AND agent_id = (SELECT id FROM agents WHERE login = '$me')"
}
# draft_is TEXT: waits (up to 10 s) for the saved draft to be TEXT.
draft_is() {
	_end=$(( $(date +%s) + 10 ))
	while [ "$(draft)" != "$1" ] && [ "$(date +%s)" -le "$_end" ]; do
		sleep 0.1
	done
	[ "$(draft)" = "$1" ]
}
gone="$me is no longer an agent of this team; a supervisor can add them back with 'temas agent add $me'"

ui_start 80 24 "$db"
check "the complaint is on screen" tui_wait "Zeynep Kayaoğlu"
tui_wait "FX-1003"
tui_keys r
check "the reply opens" tui_wait "Reply to Zeynep Kayaoğlu on email"
tui_type "Merhaba Zeynep Hanım,"
check "what is typed is kept as a draft" draft_is "Merhaba Zeynep Hanım,"
saved_at=$(q "SELECT updated_at FROM drafts WHERE complaint_id = 900001")

# The shell's login stands in for a supervisor for one command.
q "UPDATE agents SET role = 'supervisor' WHERE login = '$me'"
run_cmd -d "$db" agent remove "$me"
check_eq "a supervisor removes the agent" 0 "$RC"
tui_type " siparişiniz yolda."
check "the status line says they are no longer an agent" tui_wait "no longer an agent of this team"
check_contains "... in the words every refused write uses" "$gone" "$(tui_message)"
check_eq "the drafts table keeps the earlier text" "Merhaba Zeynep Hanım,|$saved_at" \
	"$(q "SELECT body || '|' || updated_at FROM drafts WHERE complaint_id = 900001")"
check_contains "the editor keeps all of it" "Merhaba Zeynep Hanım, siparişiniz yolda." \
	"$(tui_screen)"

# Said once: with more text waiting to be kept, another message stays.
tui_type " Saygılarımla"
tui_wait "Saygılarımla"
sleep 3
tui_keys C-o
tui_wait ":attach" 5
tui_type "$T_TMP/no-such-file"
tui_keys Enter
check "another message on the status line" tui_wait "cannot attach $T_TMP/no-such-file"
sleep 3
check_contains "the refusal is not said again on every tick" \
	"cannot attach $T_TMP/no-such-file" "$(tui_message)"
check_eq "the draft is still the earlier text" "Merhaba Zeynep Hanım," "$(draft)"

# Esc asks again: refused, the text stays on screen.
tui_keys Escape
check "Esc: refused, said again" tui_wait "no longer an agent of this team"
check_contains "Esc: the compose stays open with the text" \
	"Merhaba Zeynep Hanım, siparişiniz yolda. Saygılarımla" "$(tui_screen)"
check_eq "Esc: nothing written" "Merhaba Zeynep Hanım," "$(draft)"

# Added back (by the other supervisor: this login can do nothing now),
# the next words typed are kept on the clock again, with no Esc.
q "UPDATE agents SET active = 1 WHERE login = '$me'"
tui_type " Ayşe"
check "added back, typing keeps the draft again" \
	draft_is "Merhaba Zeynep Hanım, siparişiniz yolda. Saygılarımla Ayşe"
tui_keys Escape
check "Esc: the draft kept" tui_wait "draft kept"
check_eq "the whole text is the draft" "Merhaba Zeynep Hanım, siparişiniz yolda. Saygılarımla Ayşe" \
	"$(draft)"
tui_stop
finish
