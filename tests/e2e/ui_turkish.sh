#!/bin/sh
# ui_turkish.sh: the console in a Turkish locale speaks Turkish and writes
# amounts and dates the Turkish way: "1.234,56 TL", 14.11.2023.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

if ! locale -a 2>/dev/null | grep -qiE '^tr_TR\.utf-?8$'; then
	echo "1..0 # SKIP the tr_TR.UTF-8 locale is missing (sh scripts/deps makes it)"
	exit 0
fi
if ! command -v msgfmt >/dev/null 2>&1; then
	echo "1..0 # SKIP msgfmt is not installed (Debian package gettext)"
	exit 0
fi

# Amount in kuruş as the Turkish screen writes it: dots between thousands,
# a decimal comma, "TL".
tr_money() {
	m=$1 sign=""
	[ "$m" -lt 0 ] && { sign="-"; m=$((-m)); }
	int=$(printf '%d' $((m / 100)) | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|\.\)/\1.\2\3/' -e 'ta')
	printf '%s%s,%02d TL' "$sign" "$int" $((m % 100))
}
check_eq "tr_money groups thousands" "-1.234.567,08 TL" "$(tr_money -123456708)"

export TZ=UTC
db="$T_TMP/ui.db"
ui_db "$db"
sqlite3 "$db" "UPDATE agents SET role = 'supervisor' WHERE login = '$(id -un)'"
mkdir -p "$T_TMP/locale/tr/LC_MESSAGES"
msgfmt -o "$T_TMP/locale/tr/LC_MESSAGES/temas.mo" "$TEMAS_SRCDIR/po/tr.po"
LC_ALL=tr_TR.UTF-8
TUI_ENV="TEMAS_NOW=$UI_NOW TZ=UTC TEMAS_LOCALEDIR=$T_TMP/locale" tui_start 80 24 -d "$db"
LC_ALL=C.UTF-8
check "queue title in Turkish" tui_wait "Şikâyet kuyruğu: tümü, tüm kanallar"
screen=$(tui_screen)
check_contains "pane tabs in Turkish" "Müşteri+Siparişler" "$screen"
check_contains "timeline tab in Turkish" "Zaman çizelgesi" "$screen"
check_contains "channels tab in Turkish" "Kanallar" "$screen"
check_contains "clock as day.month.year" \
	"$(date -u -d "@$UI_NOW" +'%d.%m.%Y %H:%M')" "$(tui_line 0)"
check_not_contains "no English amounts" " TRY" "$screen"

cust=$(sqlite3 "$db" "SELECT customer_id FROM complaints WHERE is_open
	ORDER BY due_at, id LIMIT 1")
prio=$(sqlite3 "$db" "SELECT priority FROM complaints WHERE is_open
	ORDER BY due_at, id LIMIT 1")
case $prio in
low) want=düşük ;; normal) want=normal ;; high) want=yüksek ;; urgent) want=acil ;;
*) want=$prio ;;
esac
check_contains "priority of the first complaint in Turkish" "$want" "$(tui_line 3)"

sqlite3 -separator ' ' "$db" "SELECT total, placed_at, status, number FROM orders
	WHERE customer_id = $cust AND currency = 'TRY'
	ORDER BY placed_at DESC, id DESC LIMIT 3" > "$T_TMP/orders"
[ -s "$T_TMP/orders" ] || not_ok "the first customer has orders in TRY"
while read -r total at status number; do
	line=$(tui_screen | grep -F "$number")
	check_contains "order $number: amount in Turkish form" "$(tr_money "$total")" "$line"
	check_contains "order $number: date as day.month.year" \
		"$(date -u -d "@$at" +%d.%m.%Y)" "$line"
	case $status in
	placed) want=alındı ;; shipped) want=kargoda ;; delivered) want=teslim ;;
	cancelled) want=iptal ;; returned) want=iade ;; *) want=$status ;;
	esac
	check_contains "order $number: status in Turkish" "$want" "$line"
done < "$T_TMP/orders"

tui_keys '?'
check "help screen in Turkish" tui_wait "Tuşlar"
check_contains "help lines translated" "sonraki bölme" "$(tui_screen)"
tui_keys q
tui_keys Tab Tab
check "timeline shows Turkish dates" tui_wait "> Zaman çizelgesi"
at=$(sqlite3 "$db" "SELECT max(at) FROM interactions WHERE customer_id = $cust")
check_contains "newest interaction dated day.month.year" \
	"$(date -u -d "@$at" +'%d.%m.%Y %H:%M')" "$(tui_screen)"

tui_keys S
check "supervisor view in Turkish" tui_wait "son 30 gün"
check_contains "supervisor period as day.month.year" \
	"($(date -u -d "@$((UI_NOW - 30 * 86400))" +%d.%m.%Y) - $(date -u -d "@$UI_NOW" +%d.%m.%Y))" \
	"$(tui_screen)"
tui_stop

finish
