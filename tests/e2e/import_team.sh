#!/bin/sh
# import_team.sh: a team's own files import without being rewritten:
# columns renamed (--map, --column) or left out (--ignore-column), names
# and subjects that are missing, any BCP 47 language, a file in a legacy
# Turkish encoding refused once by name or converted with --encoding; bad
# options and map files are named with FILE:LINE and change nothing.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/t.db"
TEMAS_NOW=1740830400; export TEMAS_NOW
"$TEMAS" -d "$db" agent add "$(id -un)" --supervisor >/dev/null
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
cd "$T_TMP" || exit 1

printf 'Müşteri No,Ad,Soyad,E-posta,Dil,Notlar\nM1,Ayşe,Kaya,a@x.com,pt-BR,vip\nM2,,,b@y.com,tr,\n' > team.csv
printf '# our CRM export\next_id = Müşteri No\nfirst_name = Ad\nlast_name=Soyad\n\nemail = E-posta\n' > team.map

run_cmd -d "$db" import customers --map team.map --column lang=Dil team.csv
check_eq "a column neither mapped nor ignored is refused: exit 1" 1 "$RC"
check_contains "... and named, with the way out" \
	"team.csv:1: unknown column 'Notlar' for customers (rename it with --column COLUMN=Notlar or --map FILE, or leave it out with --ignore-column Notlar)" "$ERR"
check_eq "... and nothing imported" 0 "$(q "SELECT count(*) FROM customers")"

run_cmd -d "$db" import customers --map team.map --column lang=Dil --ignore-column Notlar team.csv
check_eq "mapped and ignored: imported" "0" "$RC"
check_eq "the mapped values" "M1|Ayşe|Kaya|a@x.com|pt-BR" \
	"$(q "SELECT ext_id, first_name, last_name, email, lang FROM customers WHERE ext_id='M1'")"
check_eq "a customer without a name is kept" "M2||" \
	"$(q "SELECT ext_id, first_name, last_name FROM customers WHERE ext_id='M2'")"

# Without a name the customer is shown by the e-mail, masked as it is
# until revealed: in the queue, by show, in the console and in search.
printf 'ext_id,customer_ext_id,channel,subject,opened_at\nK1,M2,email,,2025-03-01T08:00:00Z\n' > k.csv
run_cmd -d "$db" import complaints k.csv
check_eq "a complaint without a subject: imported" "0" "$RC"
check_eq "... its subject is the category" "other" "$(q "SELECT subject FROM complaints WHERE ext_id='K1'")"
run_cmd -d "$db" queue
check_contains "a nameless customer is listed by the e-mail, masked" "b***@y***.com" "$OUT"
check_not_contains "... never whole" "b@y.com" "$OUT"
m2=$(q "SELECT id FROM customers WHERE ext_id='M2'")
run_cmd -d "$db" show customer "$m2"
check_eq "show: a nameless customer by the masked e-mail" "Customer $m2  b***@y***.com" \
	"$(printf '%s\n' "$OUT" | head -1)"
check_not_contains "show: the e-mail never whole" "b@y.com" "$OUT"
run_cmd -d "$db" search "b@y.com"
check_contains "search: found by the e-mail, named masked" "b***@y***.com" "$OUT"
check_not_contains "search: the e-mail never whole" "b@y.com" "$OUT"
printf 'ext_id,customer_ext_id,channel,direction,at,subject,body\nI1,M2,email,in,2025-03-01T08:00:00Z,,Kargom gelmedi\nsatır iki\n' > i.csv
printf 'ext_id,customer_ext_id,channel,direction,at,subject,body\nI1,M2,email,in,2025-03-01T08:00:00Z,,"Kargom gelmedi\nikinci satır"\n' > i.csv
run_cmd -d "$db" import interactions i.csv
check_eq "a message without a subject: imported" "0" "$RC"
check_eq "... its subject is the first line of the text" "Kargom gelmedi" \
	"$(q "SELECT subject FROM interactions WHERE ext_id='I1'")"

# Languages: any BCP 47 tag; templates fall back to the primary subtag.
printf 'ext_id,first_name,last_name,lang\nL1,Ana,Silva,pt_BR\n' > lang.csv
run_cmd -d "$db" import customers lang.csv
check_eq "a malformed language tag: exit 1" 1 "$RC"
check_contains "... named" "field 'lang': 'pt_BR' is not a language tag" "$ERR"
printf '=== hello email pt\nOlá {customer.first_name}.\n=== hello email tr\nMerhaba {customer.first_name}.\n' > t.txt
run_cmd -d "$db" templates load t.txt
check_eq "a template in Portuguese loads" 0 "$RC"
printf 'ext_id,customer_ext_id,channel,subject,opened_at\nK2,M1,email,Pedido,2025-03-01T08:00:00Z\n' > k2.csv
"$TEMAS" -d "$db" import complaints k2.csv >/dev/null
"$TEMAS" -d "$db" show customer M1 >/dev/null
run_cmd -d "$db" reply K2 --template hello
check_eq "a reply for a pt-BR customer" 0 "$RC"
check_eq "... uses the pt template" "Olá Ayşe." \
	"$(q "SELECT body FROM interactions WHERE direction='out' ORDER BY id DESC LIMIT 1")"

# Map files and options that are wrong say where, and change nothing.
n=$(q "SELECT count(*) FROM customers")
printf 'ext_id = Müşteri No\nthis line has no equals sign\n' > bad.map
run_cmd -d "$db" import customers --map bad.map team.csv
check_eq "a bad map line: named FILE:LINE" \
	"temas: bad.map:2: expected 'COLUMN = the file's column'" "$ERR"
printf 'shoe_size = Notlar\n' > bad2.map
run_cmd -d "$db" import customers --map bad2.map team.csv
check_contains "a map naming no column of the kind" "bad2.map:1: 'shoe_size' is not a column of customers" "$ERR"
run_cmd -d "$db" import customers --column ext_id=Yok --ignore-column Notlar team.csv
check_contains "a rename of a column the file lacks" "--column: the file has no column 'Yok'" "$ERR"
run_cmd -d "$db" import customers --column ext_id team.csv
check_eq "--column without '=': exit 2" 2 "$RC"
run_cmd -d "$db" import customers --map team.map --map bad2.map team.csv
check_eq "two --map: exit 2, not the last one silently" 2 "$RC"
check_eq "nothing changed by any of them" "$n" "$(q "SELECT count(*) FROM customers")"

# A legacy Turkish encoding: one message, then --encoding converts.
printf 'ext_id,first_name,last_name\nE1,Ay\376e,K\375z\nE2,\320\374l,Bey\nE3,\336ule,\335nce\n' > latin5.csv
run_cmd -d "$db" import customers latin5.csv
check_eq "ISO-8859-9: exit 1" 1 "$RC"
check_eq "ISO-8859-9: one message naming it, with the iconv line" \
	"temas: latin5.csv:2: the file is not UTF-8: it looks like ISO-8859-9 (a byte 0xFE); convert it with 'iconv -f ISO-8859-9 -t UTF-8 latin5.csv > latin5.csv.utf8', or import it with --encoding ISO-8859-9
temas: latin5.csv: nothing imported" "$ERR"
printf 'ext_id,first_name,last_name\nW1,\223Ay\376e\224,K\375z\n' > cp1254.csv
run_cmd -d "$db" import customers cp1254.csv
check_contains "Windows-1254 (curly quotes): named as such" "it looks like WINDOWS-1254" "$ERR"
run_cmd -d "$db" import customers --encoding ISO-8859-9 latin5.csv
check_eq "--encoding ISO-8859-9: imported" "0" "$RC"
check_eq "... converted" "Ayşe Kız|Ğül Bey|Şule İnce" \
	"$(q "SELECT first_name || ' ' || last_name FROM customers WHERE ext_id LIKE 'E%' ORDER BY ext_id" | tr '\n' '|' | sed 's/|$//')"
run_cmd -d "$db" import customers --encoding WINDOWS-1254 cp1254.csv
check_eq "--encoding WINDOWS-1254: curly quotes kept" "“Ayşe”" \
	"$(q "SELECT first_name FROM customers WHERE ext_id='W1'")"
run_cmd -d "$db" import customers --encoding KLINGON latin5.csv
check_eq "an unknown encoding: exit 1" 1 "$RC"
check_contains "... named" "--encoding: unknown encoding 'KLINGON'" "$ERR"
# UTF-16 and UTF-32 (Excel's "Unicode Text"), with a byte order mark or
# without: named as such, with the --encoding that reads them; never taken
# for a legacy Turkish file.
printf 'ext_id,first_name\nU1,Ay\303\237e\n' > u8.csv
for enc in UTF-16 UTF-16LE UTF-16BE UTF-32 UTF-32LE UTF-32BE; do
	iconv -f UTF-8 -t $enc u8.csv > wide.csv
	case $enc in
	UTF-16|UTF-32) name=${enc}LE
		# iconv writes its machine's order after the mark
		[ "$(od -An -tx1 -N1 wide.csv | tr -d ' ')" = fe ] && name=${enc}BE
		[ "$(od -An -tx1 -N1 wide.csv | tr -d ' ')" = 00 ] && name=${enc}BE ;;
	*) name=$enc ;;
	esac
	run_cmd -d "$db" import --dry-run customers wide.csv
	check_eq "$enc: exit 1" 1 "$RC"
	check_eq "$enc: named, with the --encoding and the iconv line" \
		"temas: wide.csv:1: the file is $name, not UTF-8: import it with --encoding $name, or convert it with 'iconv -f $name -t UTF-8 wide.csv > wide.csv.utf8'
temas: wide.csv: nothing imported" "$ERR"
	run_cmd -d "$db" import --dry-run customers --encoding $name wide.csv
	check_eq "$enc: --encoding $name reads it" "0|wide.csv: 1 rows are valid; nothing imported (dry run)" "$RC|$OUT"
	printf '{"type":"customer","ext_id":"U1"}\n' | iconv -f UTF-8 -t $enc > wide.jsonl
	run_cmd -d "$db" import --dry-run --jsonl wide.jsonl
	check_eq "$enc JSON lines: named" \
		"temas: wide.jsonl:1: the file is $name, not UTF-8: import it with --encoding $name, or convert it with 'iconv -f $name -t UTF-8 wide.jsonl > wide.jsonl.utf8'
temas: wide.jsonl: nothing imported" "$ERR"
	run_cmd -d "$db" import --dry-run --encoding $name --jsonl wide.jsonl
	check_eq "$enc JSON lines: --encoding $name reads it" 0 "$RC"
done
finish
