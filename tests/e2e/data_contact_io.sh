#!/bin/sh
# data_contact_io.sh: export and import carry where a complaint's replies
# go when that is not its customer's own address (a complaint a merge
# moved keeps the record it came from).  The complaints export names that
# record's key in a last column, contact (left out of a JSON lines object
# when empty); an import gives the row's complaint that record, the one
# holding the key itself, merged or not; a key that names nothing is
# refused by line and field and nothing is written; an empty contact, or
# a file without the column, leaves a complaint's contact as it is; a row
# whose customer is a merged record's key has that record.  Read
# back into its own database the export changes nothing; read into a new
# one, the replies go to the same addresses as before.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

export TZ=UTC TEMAS_NOW=1740830400     # 2025-03-01T12:00:00Z
me=$(id -un)
db="$T_TMP/a.db"
spool="$T_TMP/spool"
kinds="customers orders order-lines complaints interactions surveys"
q() { sqlite3 -cmd ".timeout 10000" "$1" "$2"; }
mail_standin "$spool"
mail_conf

KEY="coalesce(ext_id, 'temas-c' || id)"
# Each complaint's key with the key of the record its replies go to.
contacts() {
	q "$1" "SELECT group_concat(k || '>' || c, ' ') FROM (SELECT
		coalesce(k.ext_id, 'temas-k' || k.id) AS k,
		coalesce(t.ext_id, 'temas-c' || t.id) || '=' || coalesce(t.email, '') AS c
		FROM complaint_contacts cc JOIN complaints k ON k.id = cc.complaint_id
		JOIN customers t ON t.id = cc.customer_id ORDER BY k)"
}
mail() {   # mail DB FROM ID SUBJECT
	printf 'From: <%s>\nTo: destek@example.com.tr\nSubject: %s\nMessage-ID: <%s@customer.example>\nDate: Sat, 1 Mar 2025 11:00:00 +0000\n\nMerhaba\n' \
		"$2" "$4" "$3" | "$TEMAS" -d "$1" ingest >/dev/null 2>&1
}
complaint_of() { q "$1" "SELECT complaint_id FROM interactions WHERE ext_id = '$2@customer.example'"; }
last_to() {   # the newest message's To: header, unfolded
	awk '/^$/ { exit } /^To:/ { to = $0; on = 1; next }
		on && /^[ \t]/ { sub(/^[ \t]+/, " "); to = to $0; next } { on = 0 }
		END { print to }' "$(find "$spool" -name '*.eml' | sort | tail -1)"
}
answer() {   # answer DB COMPLAINT TEXT: the order history seen, a reply, sent
	"$TEMAS" -d "$1" show customer "$(q "$1" "SELECT customer_id FROM complaints WHERE id = $2")" >/dev/null
	run_cmd -d "$1" reply "$2" --text "$3"
	[ "$RC" = 0 ] || echo "# reply: $ERR"
	"$TEMAS" -d "$1" send >/dev/null 2>&1
}

# CRM-1 stays, with a second record made in temas (temas-c2); CRM-3 stays,
# with CRM-4.  Each second record wrote from its own address first.
"$TEMAS" -d "$db" agent add "$me" --supervisor >/dev/null
seed_sql "$db" "
INSERT INTO customers(id, ext_id, first_name, last_name, email, created_at) VALUES
 (1, 'CRM-1', 'Ayşe', 'Yılmaz', 'ayse@example.com', 1),
 (2, NULL, 'Ayse', 'K', 'ayse.k@work.example', 2),
 (3, 'CRM-3', 'Can', 'Demir', 'can@example.com', 3),
 (4, 'CRM-4', 'Can', 'D', 'can.eski@example.com', 4);"
mail "$db" ayse.k@work.example w1 "İş adresinden"
mail "$db" can.eski@example.com e1 "Eski adresten"
mail "$db" ayse@example.com h1 "Ev adresinden"
k1=$(complaint_of "$db" w1) k2=$(complaint_of "$db" e1) k3=$(complaint_of "$db" h1)
run_cmd -d "$db" merge customer 2 1 --yes
check_eq "merge 2 into CRM-1: exit 0" 0 "$RC"
run_cmd -d "$db" merge customer 4 3 --yes
check_eq "merge CRM-4 into CRM-3: exit 0" 0 "$RC"
want="temas-k$k1>temas-c2=ayse.k@work.example temas-k$k2>CRM-4=can.eski@example.com"
check_eq "the moved complaints keep the records they came from" "$want" "$(contacts "$db")"

# ---- the column, in CSV and JSON lines ----
for f in csv jsonl; do
	for k in $kinds; do
		"$TEMAS" -d "$db" export "$k" --format $f > "$T_TMP/$k.$f" || echo "Bail out! export $k"
	done
done
check_match "export: the header ends with contact" ',resolution,contact$' "$(head -1 "$T_TMP/complaints.csv")"
check_eq "export: a record made in temas is named by its temas key" "temas-c2" \
	"$(grep "^temas-k$k1," "$T_TMP/complaints.csv" | awk -F, '{ print $NF }')"
check_eq "export: a merged record with an ext_id is named by it" "CRM-4" \
	"$(grep "^temas-k$k2," "$T_TMP/complaints.csv" | awk -F, '{ print $NF }')"
check_eq "export: a complaint on its customer's own address names nothing" "" \
	"$(grep "^temas-k$k3," "$T_TMP/complaints.csv" | awk -F, '{ print $NF }')"
check_contains "export jsonl: contact" '"contact":"CRM-4"' \
	"$(grep "\"ext_id\":\"temas-k$k2\"" "$T_TMP/complaints.jsonl")"
check_eq "export jsonl: only the two complaints have it" 2 \
	"$(grep -c '"contact"' "$T_TMP/complaints.jsonl")"

# ---- read back into its own database: nothing changes ----
snap() {   # every complaint and contact, and how many rows of each
	q "$1" "SELECT * FROM complaints ORDER BY id" | cut -d'|' -f1,3-
	q "$1" "SELECT * FROM complaint_contacts ORDER BY 1; SELECT count(*) FROM customers;
		SELECT count(*) FROM interactions; SELECT count(*) FROM customer_merges"
}
snap "$db" > "$T_TMP/before"
for f in csv jsonl; do
	for k in customers complaints; do
		if [ $f = csv ]; then
			run_cmd -d "$db" import "$k" "$T_TMP/$k.csv"
		else
			run_cmd -d "$db" import --jsonl "$T_TMP/$k.jsonl"
		fi
		check_eq "own database, $f: $k: exit 0" 0 "$RC"
		[ "$RC" = 0 ] || echo "# $ERR"
	done
	snap "$db" > "$T_TMP/after"
	check "own database, $f: every complaint and contact as it was" cmp -s "$T_TMP/before" "$T_TMP/after"
	"$TEMAS" -d "$db" export complaints > "$T_TMP/again.csv"
	check "own database, $f: complaints exported again is the same file" \
		cmp -s "$T_TMP/complaints.csv" "$T_TMP/again.csv"
done

# ---- into a new database: the same contacts, replies to the same addresses ----
answer "$db" "$k1" "Yanıt bir."
check_eq "source: the moved complaint is answered at the old address" \
	'To: "Ayse K" <ayse.k@work.example>' "$(last_to)"
answer "$db" "$k2" "Yanıt iki."
check_eq "source: the merged record with an ext_id too" \
	'To: "Can D" <can.eski@example.com>' "$(last_to)"
for f in csv jsonl; do
	nb="$T_TMP/new-$f.db"
	"$TEMAS" -d "$nb" agent add "$me" --supervisor >/dev/null
	for k in $kinds; do
		if [ $f = csv ]; then
			run_cmd -d "$nb" import "$k" "$T_TMP/$k.csv"
		else
			run_cmd -d "$nb" import --jsonl "$T_TMP/$k.jsonl"
		fi
		check_eq "new database, $f: $k: exit 0" 0 "$RC"
		[ "$RC" = 0 ] || echo "# $ERR"
	done
	check_eq "new database, $f: the same contacts" "$want" "$(contacts "$nb")"
	"$TEMAS" -d "$nb" export complaints > "$T_TMP/new.csv"
	check "new database, $f: complaints exported is the first export" \
		cmp -s "$T_TMP/complaints.csv" "$T_TMP/new.csv"
	n1=$(q "$nb" "SELECT id FROM complaints WHERE ext_id = 'temas-k$k1'")
	n2=$(q "$nb" "SELECT id FROM complaints WHERE ext_id = 'temas-k$k2'")
	n3=$(q "$nb" "SELECT id FROM complaints WHERE ext_id = 'temas-k$k3'")
	answer "$nb" "$n1" "Yanıt bir."
	check_eq "new database, $f: answered at the old address, as in the source" \
		'To: "Ayse K" <ayse.k@work.example>' "$(last_to)"
	answer "$nb" "$n2" "Yanıt iki."
	check_eq "new database, $f: the merged record with an ext_id too" \
		'To: "Can D" <can.eski@example.com>' "$(last_to)"
	answer "$nb" "$n3" "Yanıt üç."
	check_eq "new database, $f: the kept record's own complaint at its own address" \
		'To: =?UTF-8?B?QXnFn2UgWcSxbG1heg==?= <ayse@example.com>' "$(last_to)"
done

# ---- a key that names nothing: refused, nothing written ----
nb="$T_TMP/new-csv.db"
full() { snap "$nb"; q "$nb" "SELECT count(*) FROM audit"; }
full > "$T_TMP/snap"
refused() {   # refused NAME FILE-CONTENT EXPECTED-MESSAGE
	printf 'ext_id,customer_ext_id,channel,opened_at,contact\n%b' "$2" > "$T_TMP/k.csv"
	run_cmd -d "$nb" import complaints "$T_TMP/k.csv"
	check_eq "$1: exit 1" 1 "$RC"
	check_contains "$1: named by file, line and field" "temas: $T_TMP/k.csv:$3" "$ERR"
	full > "$T_TMP/snap2"
	check "$1: nothing changed" cmp -s "$T_TMP/snap" "$T_TMP/snap2"
	run_cmd -d "$nb" import --dry-run complaints "$T_TMP/k.csv"
	check_eq "$1: a dry run refuses it too" 1 "$RC"
}
refused "a missing key" 'NEW-1,CRM-1,email,2025-03-01,\nNEW-2,CRM-1,email,2025-03-01,NOPE\n' \
	"3: field 'contact': no customer with ext_id 'NOPE'"
refused "a missing key on a complaint that has one" "temas-k$k1,CRM-1,email,2025-03-01,NOPE\n" \
	"2: field 'contact': no customer with ext_id 'NOPE'"
refused "a missing temas key" 'NEW-1,CRM-1,email,2025-03-01,temas-c99\n' \
	"2: field 'contact': no customer with ext_id 'temas-c99' (a customer temas made is known by it once the customers file it came with is imported)"

# ---- an empty contact, or a file without the column, leaves it ----
cut -d, -f1-16 "$T_TMP/complaints.csv" > "$T_TMP/old.csv"
check_eq "(the old file has no contact)" 0 "$(grep -c contact "$T_TMP/old.csv")"
run_cmd -d "$nb" import complaints "$T_TMP/old.csv"
check_eq "a file without the column: exit 0" 0 "$RC"
check_eq "... every contact kept" "$want" "$(contacts "$nb")"
sed 's/,temas-c2$/,/; s/,CRM-4$/,/' "$T_TMP/complaints.csv" > "$T_TMP/empty.csv"
run_cmd -d "$nb" import complaints "$T_TMP/empty.csv"
check_eq "empty contacts: exit 0" 0 "$RC"
check_eq "... every contact kept" "$want" "$(contacts "$nb")"
sed 's/,"contact":"[^"]*"//' "$T_TMP/complaints.jsonl" > "$T_TMP/old.jsonl"
check_eq "(the old JSON lines have no contact)" 0 "$(grep -c contact "$T_TMP/old.jsonl")"
run_cmd -d "$nb" import --jsonl "$T_TMP/old.jsonl"
check_eq "JSON lines without contact: exit 0" 0 "$RC"
[ "$RC" = 0 ] || echo "# $ERR"
check_eq "... every contact kept" "$want" "$(contacts "$nb")"

# ---- a contact replaces the one there; a new complaint takes one ----
printf 'ext_id,customer_ext_id,channel,opened_at,contact\ntemas-k%s,CRM-3,email,2025-03-01T11:00:00Z,CRM-3\nNEW-3,CRM-1,email,2025-03-01,temas-c2\n' \
	"$k2" > "$T_TMP/k.csv"
run_cmd -d "$nb" import complaints "$T_TMP/k.csv"
check_eq "a new contact: exit 0" 0 "$RC"
[ "$RC" = 0 ] || echo "# $ERR"
check_eq "... replaces the one there; the new complaint has its own" \
	"NEW-3>temas-c2=ayse.k@work.example temas-k$k1>temas-c2=ayse.k@work.example temas-k$k2>CRM-3=can@example.com" \
	"$(contacts "$nb")"

# ---- a row naming a merged record as its customer came from it ----
printf 'ext_id,customer_ext_id,channel,opened_at\nNEW-4,CRM-4,email,2025-03-01\nNEW-5,CRM-3,email,2025-03-01\n' \
	> "$T_TMP/k.csv"
run_cmd -d "$nb" import complaints "$T_TMP/k.csv"
check_eq "a merged record's key as the customer: exit 0" 0 "$RC"
[ "$RC" = 0 ] || echo "# $ERR"
check_eq "... the complaint is the kept record's" "CRM-3|CRM-3" \
	"$(q "$nb" "SELECT group_concat(c.ext_id, '|') FROM complaints k JOIN customers c
		ON c.id = k.customer_id WHERE k.ext_id IN ('NEW-4', 'NEW-5')")"
check_eq "... and its replies go to the merged record; the kept record's own key sets none" \
	"NEW-3>temas-c2=ayse.k@work.example NEW-4>CRM-4=can.eski@example.com temas-k$k1>temas-c2=ayse.k@work.example temas-k$k2>CRM-3=can@example.com" \
	"$(contacts "$nb")"
finish
