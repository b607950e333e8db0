#!/bin/sh
# ui_templates.sh: the template list in the compose screen names each
# template by its subject in the customer's language, the one Enter inserts;
# the inserted text leaves the cursor where the agent writes next: on an
# empty line before the closing, or after a one-paragraph template.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/ui.db"
ui_db "$db"
seed_sql "$db" "INSERT INTO templates(name, channel, lang, subject, body) VALUES
	('callback', 'phone', 'en', 'Call back EN', 'Hello {customer.first_name}, we called.'),
	('callback', 'phone', 'tr', 'Geri arama TR', 'Merhaba {customer.first_name}, aradık.'),
	('closing', 'phone', 'tr', 'Kapanış TR', 'Merhaba {customer.first_name},' || char(10)
	 || char(10) || 'Talebiniz inceleniyor.' || char(10) || char(10)
	 || 'Saygılarımızla,' || char(10) || '{agent.name}' || char(10))"
ui_start 80 24 "$db"
tui_keys j
check "Turkish-speaking customer's complaint selected, his orders drawn" tui_wait "FX-2001"
tui_keys c
tui_wait "complaint 900002 is yours now"
tui_keys r
check "compose opens" tui_wait "Reply to Ali Öztürkmen on phone"
tui_keys C-t
check "template list" tui_wait "Templates for phone"
check "listed by the Turkish subject" tui_wait "Geri arama TR" 3
check_not_contains "not by the English one" "Call back EN" "$(tui_screen)"
tui_keys Enter
check "Enter inserts the Turkish text" tui_wait "Merhaba Ali, aradık."
tui_type "EK"
tui_keys Escape
check "draft kept" tui_wait "draft kept"
check_eq "one paragraph: the agent writes on a line of its own after it" \
	"$(printf 'Merhaba Ali, aradık.\n\nEK')" \
	"$(sqlite3 "$db" "SELECT body FROM drafts WHERE complaint_id = 900002")"
seed_sql "$db" "DELETE FROM drafts"
tui_keys r
check "compose opens for the closing template" tui_wait "Reply to Ali Öztürkmen on phone"
tui_keys C-t
tui_wait "Kapanış TR" >/dev/null
tui_keys j Enter
check "the closing template is inserted" tui_wait "Saygılarımızla,"
tui_type "Kargonuz yarın teslim edilecek."
tui_keys Escape
check "draft kept again" tui_wait "draft kept"
me=$(sqlite3 "$db" "SELECT name FROM agents WHERE login = '$(id -un)'")
check_eq "the agent writes between the body and the closing" \
	"$(printf 'Merhaba Ali,\n\nTalebiniz inceleniyor.\n\nKargonuz yarın teslim edilecek.\n\nSaygılarımızla,\n%s' "$me")" \
	"$(sqlite3 "$db" "SELECT body FROM drafts WHERE complaint_id = 900002")"
tui_stop

seed_sql "$db" "UPDATE customers SET lang = 'en' WHERE id = 900003;
	DELETE FROM drafts"
ui_start 80 24 "$db"
tui_keys j
tui_wait "FX-2001"   # his orders drawn: the reply may start
tui_keys r
check "compose opens again" tui_wait "Reply to Ali Öztürkmen on phone"
tui_keys C-t
check "English-speaking customer: the English subject" tui_wait "Call back EN" 3
check_not_contains "not the Turkish one" "Geri arama TR" "$(tui_screen)"
tui_stop

# Any number of templates: a channel with 175 names in three languages
# (525 rows) lists every name once, scrolls to the last, inserts it; the
# command line lists all 528 rows of the channel.
seed_sql "$db" "DELETE FROM drafts;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 175),
 l(lang) AS (VALUES ('tr'), ('en'), ('de'))
INSERT INTO templates(name, channel, lang, subject, body)
 SELECT printf('z%03d', i), 'phone', lang, printf('Konu %03d %s', i, upper(lang)),
  printf('Metin %03d %s', i, lang) FROM n, l"
run_cmd -d "$db" templates list --channel phone
check_eq "templates list: every row of the channel" 528 "$(printf '%s\n' "$OUT" | grep -c ' phone ')"
check_contains "templates list: the last one" "z175                 phone      tr   Konu 175 TR" "$OUT"
ui_start 80 24 "$db"
tui_keys j
tui_wait "FX-2001"
tui_keys r
tui_wait "Reply to Ali Öztürkmen on phone" >/dev/null
tui_keys C-t
check "many templates: the list opens" tui_wait "Templates for phone"
i=0
while [ $i -lt 18 ]; do tui_keys j j j j j j j j j j; i=$((i + 1)); done
check "many templates: scrolled to the last name, in English" tui_wait "Konu 175 EN"
check_not_contains "many templates: each name once (no Turkish row)" "Konu 175 TR" "$(tui_screen)"
tui_keys Enter
check "many templates: the last one is inserted" tui_wait "Metin 175 en"
tui_stop
finish
