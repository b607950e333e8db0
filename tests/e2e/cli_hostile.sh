#!/bin/sh
# cli_hostile.sh: `temas show` never writes a control character that came
# from the data: an order number, a category, a language or contact data
# imported with escape sequences in them is printed harmless.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/h.db"
TEMAS_NOW=1700000000 demo_db "$db" --customers 20
esc=$(printf '\033')
bel=$(printf '\007')
cid=$(sqlite3 "$db" "SELECT customer_id FROM complaints ORDER BY id LIMIT 1")
seed_sql "$db" "UPDATE customers SET
	email = 'a' || char(27) || '[31mb@x' || char(27) || ']0;pw' || char(7) || '.com',
	phone = '0532' || char(27) || '[2J1112233',
	lang = 't' || char(27) || 'c' WHERE id = $cid;
	UPDATE orders SET number = 'N' || char(27) || '[31mRED' || char(155) || '2J'
	WHERE id = (SELECT min(id) FROM orders WHERE customer_id = $cid);
	UPDATE complaints SET category = 'c' || char(27) || ']0;pw' || char(7) || 'X'
	WHERE id = (SELECT min(id) FROM complaints)"
first=$(sqlite3 "$db" "SELECT min(id) FROM complaints")
csi=$(printf '\302\233')

run_cmd -d "$db" show customer "$cid"
check_eq "show customer: exit 0" 0 "$RC"
check_contains "the order is listed" "RED" "$OUT"
check_not_contains "show customer: no ESC" "$esc" "$OUT"
check_not_contains "show customer: no BEL" "$bel" "$OUT"
check_not_contains "show customer: no C1 CSI" "$csi" "$OUT"

run_cmd -d "$db" show complaint "$first"
check_eq "show complaint: exit 0" 0 "$RC"
check_contains "the category is shown" "X" "$(printf '%s\n' "$OUT" | head -1)"
check_not_contains "show complaint: no ESC" "$esc" "$OUT"
check_not_contains "show complaint: no BEL" "$bel" "$OUT"

# Template subjects are data too.
sqlite3 "$db" "INSERT INTO templates(name, channel, lang, subject, body)
	VALUES('evil', 'email', 'tr', 'Konu' || char(27) || ']0;pwned' || char(7) || 'son', 'x')" || exit 1
run_cmd -d "$db" templates list
check_contains "templates list shows the subject" "Konu" "$OUT"
check_not_contains "templates list: no ESC" "$esc" "$OUT"
check_not_contains "templates list: no BEL" "$bel" "$OUT"
finish
