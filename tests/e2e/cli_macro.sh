#!/bin/sh
# cli_macro.sh: macros from a shell: a supervisor loads a file (a bad line
# named FILE:LINE and nothing kept), lists, shows and removes them; an
# agent applies one to several complaints, each its own transaction (one
# held by someone else is named, the others done, the exit status says
# so); a macro's reply needs the order history and is queued, not sent;
# an unknown macro is named; the shipped macros come with init and demo.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/macro.db"
me=$(id -un)
export TEMAS_DB="$db" TZ=UTC

run_cmd agent add "$me" --supervisor --name "Şule Demir"
run_cmd agent add ayse --name "Ayşe Kaya"
run_cmd templates load "$TEMAS_SRCDIR/templates/default.txt"
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, email, lang, created_at) VALUES(7, 'İpek', 'Işık', 'ipek@example.com', 'tr', 1);
INSERT INTO complaints(id, customer_id, channel, subject, opened_at,
  first_response_due, resolution_due) VALUES
  (3, 7, 'email', 'Kargo nerede?', 1, 2000000000, 2000000000),
  (4, 7, 'email', 'Fatura yanlış', 1, 2000000001, 2000000001),
  (5, 7, 'chat', 'İade', 1, 2000000002, 2000000002),
  (6, 7, 'email', 'Yanlış ürün', 1, 2000000003, 2000000003);"
count() { sqlite3 "$db" "SELECT count(*) FROM $1"; }

run_cmd macro list
check_eq "no macros: says how to add one" \
	"no macros: temas macro add FILE (see temas-macro(5))" "$OUT"

cat > "$T_TMP/good.macros" <<'EOF'
# two macros
macro kargo
description Kargo gecikmesi / courier delay
tag kargo
priority high
note Kargo firması arandı.

macro iade-tamam
tag iade
reply resolved
status resolved İade yapıldı.
EOF
printf 'macro a\ntag x\n\nmacro b\npriority asap\n' > "$T_TMP/bad.macros"
run_cmd macro add "$T_TMP/bad.macros"
check_eq "a bad line: exit 1" 1 "$RC"
check_eq "a bad line: FILE:LINE and what is wrong" \
	"temas: $T_TMP/bad.macros:5: 'asap' is not a priority (low, normal, high, urgent)" "$ERR"
check_eq "a bad line: nothing kept" 0 "$(count macros)"
printf 'macro a\nassign nosuch\n' > "$T_TMP/login.macros"
run_cmd macro add "$T_TMP/login.macros"
check_eq "an unknown login: named with its line" \
	"temas: $T_TMP/login.macros:2: no active agent 'nosuch' (assign takes me, nobody or a login)" "$ERR"
run_cmd macro add "$T_TMP/nosuch.macros"
check_eq "a missing file: exit 1" 1 "$RC"
sqlite3 "$db" "UPDATE agents SET role='agent' WHERE login='$me'"
run_cmd macro add "$T_TMP/good.macros"
check_eq "an agent may not add macros: exit 5" 5 "$RC"
check_eq "an agent may not add macros: says so" "temas: only a supervisor can change macros" "$ERR"
sqlite3 "$db" "UPDATE agents SET role='supervisor' WHERE login='$me'"
run_cmd macro add "$T_TMP/good.macros"
check_eq "add: exit 0" 0 "$RC"
check_eq "add: counted" "2 macros loaded from $T_TMP/good.macros" "$OUT"
run_cmd macro add "$T_TMP/good.macros"
check_eq "a name taken: exit 1" 1 "$RC"
check_eq "a name taken: says how to replace" \
	"temas: $T_TMP/good.macros:2: there is already a macro 'kargo' (load with --replace to change it)" "$ERR"
run_cmd macro add "$T_TMP/good.macros" --replace
check_eq "--replace: exit 0" 0 "$RC"
run_cmd macro list
check_eq "list: name, actions, description" "iade-tamam	3 actions	
kargo	3 actions	Kargo gecikmesi / courier delay" "$OUT"
run_cmd macro show kargo
check_eq "show: as the file says it" "macro kargo
description Kargo gecikmesi / courier delay
tag kargo
priority high
note Kargo firması arandı." "$OUT"
printf '%s\n' "$OUT" | sed 's/^macro kargo/macro kargo2/' > "$T_TMP/again.macros"
run_cmd macro add "$T_TMP/again.macros"
check_eq "what show prints loads again" 0 "$RC"

# Unknown macro, bad id: named, nothing done.
run_cmd macro apply nosuch 3
check_eq "an unknown macro: exit 3" 3 "$RC"
check_eq "an unknown macro: named" "temas: no macro 'nosuch' ('temas macro list')" "$ERR"
run_cmd macro apply kargo 3 x9
check_eq "a bad id: nothing done" "0" "$(count complaint_tags)"
check_eq "a bad id: exit 3" 3 "$RC"

# Several at once: ayse holds 4, so we (an agent now) are refused on it.
run_cmd claim 4 --as ayse
sqlite3 "$db" "UPDATE agents SET role='agent' WHERE login='$me'"
run_cmd macro apply kargo 3 4 5
check_eq "partial: exit 4 (taken by another agent)" 4 "$RC"
check_eq "partial: the two done are said" "macro kargo applied to complaint 3
macro kargo applied to complaint 5" "$OUT"
check_eq "partial: the refused one named, and the count" "temas: complaint 4 is held by ayse
temas: macro kargo: 2 of 3 complaints done" "$ERR"
check_eq "partial: 3 and 5 tagged and raised; 4 untouched" "3|high|1
4|normal|0
5|high|1" "$(sqlite3 "$db" "SELECT c.id, c.priority, (SELECT count(*) FROM complaint_tags t
	WHERE t.complaint_id=c.id AND t.tag='kargo') FROM complaints c WHERE c.id IN (3,4,5)
	ORDER BY c.id")"
check_eq "partial: one note each on 3 and 5" "3|1
5|1" "$(sqlite3 "$db" "SELECT complaint_id, count(*) FROM interactions WHERE direction='note'
	GROUP BY complaint_id ORDER BY 1")"
check_eq "partial: one macro audit row per complaint done" \
	"3|kargo: tag kargo, priority high, note
5|kargo: tag kargo, priority high, note" \
	"$(sqlite3 "$db" "SELECT complaint_id, detail FROM audit WHERE action='macro' ORDER BY 1")"

# In Turkish, the refused complaint is named once.
if locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' && command -v msgfmt >/dev/null 2>&1; then
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
	LC_ALL=tr_TR.UTF-8 TEMAS_LOCALEDIR="$T_TMP/locale" run_cmd macro apply kargo 4
	check_eq "Turkish: held by another agent, said once" "temas: şikâyet 4 ayse üzerinde" "$ERR"
else
	skip "the refusal in Turkish" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi

# A reply in a macro: the order history first, then queued (not sent).
run_cmd macro apply iade-tamam 6
check_eq "reply unseen: exit 5" 5 "$RC"
check_eq "reply unseen: says what to do" \
	"temas: complaint 6: open the customer's order history first ('temas show customer 7')" "$ERR"
check_eq "reply unseen: nothing done" "0|new" \
	"$(sqlite3 "$db" "SELECT count(*), (SELECT status FROM complaints WHERE id=6)
		FROM complaint_tags WHERE complaint_id=6")"
run_cmd show customer 7
run_cmd macro apply iade-tamam 6
check_eq "reply: exit 0" 0 "$RC"
check_contains "reply: queued, not sent" \
	"macro iade-tamam applied to complaint 6; reply" "$OUT"
check_contains "reply: queued, not sent (2)" "queued for delivery ('temas send')" "$OUT"
check_eq "reply: in the outbox, resolved with the note" "1|resolved|İade yapıldı." \
	"$(sqlite3 "$db" "SELECT count(*), c.status, c.resolution FROM outbox o
		JOIN complaints c ON c.id=o.complaint_id WHERE c.id=6")"
# On chat the reply waits for the chat gateway, which `temas send` is not.
run_cmd macro apply iade-tamam 5
check_eq "reply on chat: exit 0" 0 "$RC"
check_eq "reply on chat: names the gateway's outbox" \
	"macro iade-tamam applied to complaint 5; reply $(sqlite3 "$db" "SELECT max(interaction_id) FROM outbox") queued in the chat gateway's outbox ('temas outbox --channel chat')" \
	"$OUT"

# Removing.
sqlite3 "$db" "UPDATE agents SET role='supervisor' WHERE login='$me'"
run_cmd macro remove kargo2
check_eq "remove: exit 0" 0 "$RC"
run_cmd macro remove kargo2
check_eq "remove again: exit 3" 3 "$RC"
check_eq "adds, replaces, removes are audited" 6 \
	"$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action LIKE 'macro-%'")"

# The shipped macros come with a new database.
run_cmd demo -d "$T_TMP/demo.db" --customers 5 --quiet
check_eq "demo loads the shipped macros" \
	"$(grep -c '^macro ' "$TEMAS_SRCDIR/macros/default.macros")" \
	"$(sqlite3 "$T_TMP/demo.db" 'SELECT count(*) FROM macros')"
check_contains "the shipped macros: wrong-item" "wrong-item" \
	"$(TEMAS_DB="$T_TMP/demo.db" "$TEMAS" macro list)"
finish
