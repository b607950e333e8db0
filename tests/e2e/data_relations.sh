#!/bin/sh
# data_relations.sh: everything exported from one database imports into
# another that already holds data of its own (other ids), and every row
# keeps its relations there: order line to order, order and complaint to
# customer, message to complaint, survey answer to complaint.  Rows refer
# to each other by the keys the import looks them up by, never by a
# number that means another row in the second database.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

a="$T_TMP/a.db"
b="$T_TMP/b.db"
data="$TEMAS_SRCDIR/tests/data"
kinds="customers orders order-lines complaints interactions surveys"

"$TEMAS" -d "$a" demo -n 40 --supervisor -q || echo "Bail out! demo"
# The second database: its own customers, orders and complaints first, so
# that the demo's rows get other ids there; and the agents the files name.
"$TEMAS" -d "$b" agent add "$(id -un)" --supervisor >/dev/null
for login in $(sqlite3 "$a" "SELECT login FROM agents WHERE login <> '$(id -un)'"); do
	"$TEMAS" -d "$b" agent add "$login" >/dev/null
done
for k in customers orders order-lines complaints interactions; do
	"$TEMAS" -d "$b" import "$k" "$data/$k.csv" >/dev/null || echo "Bail out! import $k"
done
check "the demo has survey answers about complaints" \
	test "$(sqlite3 "$a" "SELECT count(*) FROM surveys WHERE complaint_id IS NOT NULL")" -gt 0

for f in csv jsonl; do
	rm -f "$b.$f"; cp "$b" "$b.$f"
	for k in $kinds; do
		"$TEMAS" -d "$a" export "$k" --format $f > "$T_TMP/$k.$f"
		if [ $f = csv ]; then
			run_cmd -d "$b.$f" import "$k" "$T_TMP/$k.$f"
		else
			run_cmd -d "$b.$f" import --jsonl "$T_TMP/$k.$f"
		fi
		check_eq "$f: $k import into the other database: exit 0" 0 "$RC"
		[ "$RC" = 0 ] || echo "# $ERR"
	done
done

# The relations, each named by outside keys: as the export writes them in
# the first database, as they are stored in the second.
ck="coalesce(c.ext_id, 'temas-c' || c.id)"
kk="CASE WHEN k.id IS NULL THEN NULL ELSE coalesce(k.ext_id, 'temas-k' || k.id) END"
ik="coalesce(i.ext_id, 'temas-i' || i.id)"
relations() {   # relations DB: one line a relation, sorted
	sqlite3 "$1" "
	SELECT 'order', o.number, $ck FROM orders o JOIN customers c ON c.id=o.customer_id
	 WHERE $ck IN (SELECT value FROM json_each('$keys'));
	SELECT 'line', o.number, l.sku, l.qty FROM order_lines l JOIN orders o ON o.id=l.order_id
	 JOIN customers c ON c.id=o.customer_id WHERE $ck IN (SELECT value FROM json_each('$keys'));
	SELECT 'complaint', $kk, $ck, o.number FROM complaints k JOIN customers c ON c.id=k.customer_id
	 LEFT JOIN orders o ON o.id=k.order_id WHERE $ck IN (SELECT value FROM json_each('$keys'));
	SELECT 'message', $ik, $ck, $kk FROM interactions i JOIN customers c ON c.id=i.customer_id
	 LEFT JOIN complaints k ON k.id=i.complaint_id WHERE $ck IN (SELECT value FROM json_each('$keys'));
	SELECT 'survey', $ck, $kk, s.kind, s.score, s.at FROM surveys s
	 JOIN customers c ON c.id=s.customer_id LEFT JOIN complaints k ON k.id=s.complaint_id
	 WHERE $ck IN (SELECT value FROM json_each('$keys'));" | sort
}
keys=$(sqlite3 "$a" "SELECT json_group_array(coalesce(ext_id, 'temas-c' || id)) FROM customers")
relations "$a" > "$T_TMP/rel.a"
for f in csv jsonl; do
	relations "$b.$f" > "$T_TMP/rel.b"
	check_eq "$f: the same relations in the other database" "" \
		"$(diff "$T_TMP/rel.a" "$T_TMP/rel.b")"
	check_eq "$f: the other database's own complaints kept their customers" \
		"$(sqlite3 "$b" "SELECT k.ext_id, c.ext_id FROM complaints k JOIN customers c ON c.id=k.customer_id ORDER BY 1")" \
		"$(sqlite3 "$b.$f" "SELECT k.ext_id, c.ext_id FROM complaints k JOIN customers c ON c.id=k.customer_id WHERE k.ext_id NOT LIKE 'temas-%' ORDER BY 1")"
done
check "every survey answer of the demo is in the other database" \
	test "$(grep -c '^survey' "$T_TMP/rel.a")" -gt 0

finish
