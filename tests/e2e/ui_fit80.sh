#!/bin/sh
# ui_fit80.sh: at 80x24, in English and in Turkish, the console never cuts
# what the agent needs: the status choices open as a small list with every
# state whole; a due time 429 days past shows whole ("-429d"); G and End
# reach the end of a 5 MB message at once; an inserted template leaves the
# cursor on a line of its own before the closing; the supervisor view takes
# any period, a number of days or two dates; a search says how many rows
# match in all ("1,234 found"), loads more as the agent pages, never
# selects a heading, and shows the selected hit's customer below, n and N
# stepping from hit to hit.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

export TZ=UTC
db="$T_TMP/ui.db"
ui_db "$db"
sqlite3 "$db" "UPDATE agents SET role = 'supervisor' WHERE login = '$(id -un)'"
# The top complaint is 429 days and 13 hours past its first-response due.
seed_sql "$db" "UPDATE complaints SET first_response_due = $UI_NOW - 429*86400 - 13*3600
	WHERE id = 900001;
	INSERT INTO templates(name, channel, lang, subject, body) VALUES
	('0-closing', 'email', 'tr', 'Kapanış', 'Sayın {customer.name},' || char(10)
	 || char(10) || 'Talebiniz inceleniyor.' || char(10) || char(10)
	 || 'Saygılarımızla,' || char(10) || 'Destek');
	INSERT INTO interactions(customer_id, complaint_id, channel, direction,
	 agent_id, at, subject, body) VALUES
	(900001, 900001, 'email', 'in', NULL, $UI_NOW - 60, 'Uzun ileti',
	 'BAŞ-SATIR ' || replace(hex(zeroblob(240000)), '00',
	 'kelime satırı burada' || char(10)) || 'SON-SATIR')"
# 1,234 messages with the word "zambak": the newest is Ali's, the one
# before it Zeynep's.
seed_sql "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
	WHERE i < 1232) INSERT INTO interactions(customer_id, channel, direction,
	at, subject, body) SELECT 900003, 'email', 'in', 1690000000 + i,
	'Zambak', 'zambak çiçeği ' || i FROM n;
	INSERT INTO interactions(customer_id, channel, direction, at, subject, body)
	VALUES (900001, 'email', 'in', 1691000000, 'Zambak', 'zambak Zeynep');
	INSERT INTO interactions(customer_id, channel, direction, at, subject, body)
	VALUES (900003, 'email', 'in', 1691000001, 'Zambak', 'zambak Ali')"
"$TEMAS" -d "$db" reindex >/dev/null 2>&1 || not_ok "reindex"
size=$(sqlite3 "$db" "SELECT length(CAST(body AS BLOB)) FROM interactions
	WHERE subject = 'Uzun ileti'")
check "the long message is over 5 MB" test "$size" -gt 5000000

have_tr=1
if ! locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$' ||
   ! command -v msgfmt >/dev/null 2>&1; then
	have_tr=0
else
	mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
fi

# No line of the screen ends cut short with an ellipsis.
uncut() {
	! tui_screen | grep -q "$1.*…"
}

rested_audited() {   # rested_audited CUSTOMER: wait (rounds) for its audit row
	_r=0
	while [ $_r -lt 100 ]; do
		[ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'customer_open'
			AND customer_id = $1 AND at >= $UI_NOW")" -ge 1 ] && return 0
		sleep 0.1; _r=$((_r + 1))
	done
	return 1
}

session() {   # session en|tr
	lang=$1
	sqlite3 "$db" "UPDATE complaints SET status = 'open' WHERE id = 900001;
		DELETE FROM drafts"
	if [ "$lang" = tr ]; then
		LC_ALL=tr_TR.UTF-8
		TUI_ENV="TEMAS_NOW=$UI_NOW TZ=UTC TEMAS_LOCALEDIR=$T_TMP/locale" \
			tui_start 80 24 -d "$db"
		LC_ALL=C.UTF-8
		queue="Şikâyet kuyruğu"
		title="900001 numaralı şikâyetin durumu açık; yeni durum:"
		asks="yeni durum:"
		states="beklemede yükseltildi çözüldü"
		moved="900001 numaralı şikâyet artık beklemede"
		whole="Zaman çizelgesi: kaydın tamamı"
		period_title="Yönetici - 01.01.2023 - 31.03.2023"
		last7="Yönetici - son 7 gün"
		menu="son 90 gün"
		found="Arama: zambak (1.000+ bulundu;"
		nothing="Hiçbir şey bulunamadı."
		refused="pending durumundan closed olmaz; pending durumundan: "
		helptitle="Tuşlar ve komutlar"
		shown20="1.000+ bulundu, en iyi 20 gösteriliyor"
		shown40="1.000+ bulundu, en iyi 40 gösteriliyor"
	else
		ui_start 80 24 "$db"
		queue="Queue:"
		title="complaint 900001 is open; make it:"
		asks="make it:"
		states="pending escalated resolved"
		moved="complaint 900001 is now pending"
		whole="Timeline: whole entry"
		period_title="Supervisor - 2023-01-01 to 2023-03-31"
		last7="Supervisor - last 7 days"
		menu="the last 90 days"
		found="Search: zambak (1,000+ found;"
		nothing="Nothing found."
		refused="cannot go from pending to closed; from pending: "
		helptitle="Keys and commands"
		shown20="1,000+ found, best 20 shown"
		shown40="1,000+ found, best 40 shown"
	fi
	check "$lang: the console starts" tui_wait "$queue"

	# The due column.
	check "$lang: a due 429 days past is shown whole" tui_wait " -429d email"

	# The status choices: a small list, one state a line, none cut.
	tui_keys s
	check "$lang: s opens the status list" tui_wait "$title"
	for st in $states; do
		check_contains "$lang: state $st whole on its own line" "  $st" \
			"$(tui_screen | grep -E "^  [a-z]  $st *$")"
	done
	check "$lang: the status list is not cut" uncut "$title"
	tui_keys p
	check "$lang: a letter picks the state" tui_wait "$moved"
	check_eq "$lang: the database has it" pending \
		"$(sqlite3 "$db" "SELECT status FROM complaints WHERE id = 900001")"
	tui_keys s Escape
	check "$lang: Esc closes the list" tui_wait_gone "$asks"
	tui_keys :
	tui_type "status closed"
	tui_keys Enter
	check "$lang: a refused state says which it may go to" tui_wait "$refused"
	check "$lang: and that message is whole" uncut "$refused"

	# The help: every page whole, long lines wrapped, not cut.
	tui_keys '?'
	check "$lang: the help opens" tui_wait "$helptitle"
	i=0
	while [ $i -lt 5 ]; do
		check "$lang: help page $i is not cut" uncut ""
		tui_keys PgDn
		i=$((i + 1))
	done
	check "$lang: the help's last page has the last command" tui_wait ":theme"
	tui_keys q

	# The whole message: G and End go to its end at once, g back.
	tui_keys Tab Tab
	check "$lang: the long message is the newest entry" tui_wait "Uzun ileti"
	tui_keys Enter
	check "$lang: the whole message opens" tui_wait "$whole"
	check "$lang: its start shows first" tui_wait "BAŞ-SATIR"
	tui_keys G
	check "$lang: G shows its end" tui_wait "SON-SATIR"
	check_not_contains "$lang: and not its start" "BAŞ-SATIR" "$(tui_screen)"
	tui_keys g
	check "$lang: g goes back to its start" tui_wait "BAŞ-SATIR"
	tui_keys End
	check "$lang: End shows its end too" tui_wait "SON-SATIR"
	tui_keys q q

	# A template: the agent writes before the closing.
	tui_keys r
	check "$lang: compose opens" tui_wait "Zeynep"
	tui_keys C-t
	tui_wait "Kapanış" >/dev/null
	tui_keys Enter
	check "$lang: the template is inserted" tui_wait "Saygılarımızla,"
	check "$lang: the compose keys line is whole" uncut "Ctrl-X"
	tui_type "YAZI-$lang"
	tui_keys Escape
	sleep 0.3
	check_contains "$lang: the text typed is between body and closing" \
		"$(printf 'inceleniyor.\n\nYAZI-%s\n\nSaygılarımızla,' "$lang")" \
		"$(sqlite3 "$db" "SELECT body FROM drafts WHERE complaint_id = 900001")"

	# The supervisor's period: a number of days, or dates.
	tui_keys S
	tui_keys p
	check "$lang: p offers periods" tui_wait "$menu"
	tui_keys 7
	check "$lang: the last 7 days" tui_wait "$last7"
	tui_keys p d
	check "$lang: dates are typed at the prompt" tui_wait ":period"
	tui_type "2023-01-01 2023-03-31"
	tui_keys Enter
	check "$lang: the period of those dates" tui_wait "$period_title"
	check "$lang: the supervisor title is not cut" uncut "$period_title"
	tui_keys :
	tui_type "period 2023-02-30"
	tui_keys Enter
	check "$lang: a date that is not one is named" tui_wait "'2023-02-30'"
	check "$lang: the message is not cut" uncut "2023-02-30"
	check_contains "$lang: and the period is kept" "$period_title" "$(tui_screen)"
	tui_keys S

	# Search: the count (past 1,000 "1,000+"), paging, n and N, g, the customer below.
	tui_wait_gone "$period_title" >/dev/null
	tui_keys /
	tui_type zambak
	tui_keys Enter
	check "$lang: the count of matches, 1,000+ past a thousand" tui_wait "$found"
	check "$lang: the heading says how many are shown" tui_wait "$shown20"
	check_eq "$lang: the first hit is selected, not the heading" "0,3" "$(tui_cursor)"
	check "$lang: its customer is shown below" tui_wait "FX-2001"
	tui_keys n
	check "$lang: n selects the next hit and shows its customer" tui_wait "FX-1002"
	check_eq "$lang: one row down" "0,4" "$(tui_cursor)"
	check_not_contains "$lang: the other customer's orders are gone" "FX-2001" \
		"$(tui_screen)"
	tui_keys N
	check "$lang: N goes back" tui_wait "FX-2001"
	tui_keys n n n g
	sleep 0.3
	check_eq "$lang: g selects the first hit, not the heading" "0,3" "$(tui_cursor)"
	i=0
	while [ $i -lt 22 ]; do
		tui_keys n
		i=$((i + 1))
	done
	check "$lang: stepping past the shown hits loads more" \
		tui_wait "zambak çiçeği 1212"
	tui_keys g
	check "$lang: the heading says more are shown" tui_wait "$shown40"
	# Hits stepped over are not opened; the one the selection rests on is.
	check "$lang: the customer rested on is audited" rested_audited 900003
	tui_keys q /
	tui_type qqqzzzx
	tui_keys Enter
	check "$lang: a search that finds nothing says so" tui_wait "$nothing"
	check "$lang: and how words match, whole" uncut "$nothing"
	check_not_contains "$lang: on a line of its own, not cut" "…" \
		"$(tui_screen | grep '\*')"
	tui_keys q Q
	check "$lang: quits" tui_wait "TEMAS-EXITED 0"
	tui_stop
}

session en
if [ "$have_tr" = 1 ]; then
	session tr
else
	skip "the same in Turkish" "the tr_TR.UTF-8 locale or msgfmt is missing"
fi
finish
