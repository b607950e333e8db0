#!/bin/sh
# cli_same_order.sh: a new complaint about an order the customer already
# has an open complaint about is pointed out where it is opened, not only
# by `show` and the console: `temas ingest` (an e-mail and --json) names
# the order a message mentions (one of that customer's orders) and warns;
# `temas import complaints` warns once it is committed, a line per such
# complaint naming FILE:LINE, and still imports; `temas split` warns of a
# third complaint about the order.  Nothing is refused; no other order,
# a closed complaint, another customer's order number, a linked complaint
# or a message filed twice gives no warning.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

NOW=1764936000; TEMAS_NOW=$NOW; export TEMAS_NOW TZ=UTC
base="$T_TMP/base.db"
db="$T_TMP/t.db"
me=$(id -un)
"$TEMAS" init -d "$base" >/dev/null 2>&1 || echo "Bail out! init failed"
"$TEMAS" -d "$base" agent add "$me" --supervisor >/dev/null 2>&1
seed_sql "$base" "
INSERT INTO customers(id, ext_id, first_name, last_name, email, created_at) VALUES
  (7, 'C7', 'İpek', 'Işık', 'ipek@example.com', 1),
  (8, 'C8', 'Can', 'Ak', 'can@example.com', 1);
INSERT INTO orders(id, customer_id, number, status, total, placed_at) VALUES
  (50, 7, 'SP-2026-50', 'delivered', 1000, 1), (60, 7, 'SP-2026-60', 'delivered', 500, 1),
  (80, 8, 'SP-2026-80', 'delivered', 700, 1);
INSERT INTO complaints(id, customer_id, order_id, channel, priority, category,
  subject, opened_at, first_response_due, resolution_due, status) VALUES
  (1, 7, 50, 'phone', 'normal', 'delivery', 'Kargo gecikti', 100, 200, 300, 'open');
INSERT INTO interactions(id, customer_id, complaint_id, channel, direction, at, body) VALUES
  (1, 7, 1, 'phone', 'in', 1000, 'kargom gelmedi'),
  (2, 7, 1, 'phone', 'in', 2000, 'faturam da yanlış');"
fresh() { cp "$base" "$db"; rm -f "$db-wal" "$db-shm"; }
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
warning() {   # warning WHERE NEW ORDER OTHERS FIRST
	printf 'temas: %s: complaint %s is about order %s, as open complaint%s %s of the same customer %s: merge them (temas merge %s %s), or link them if they are separate (temas link)' \
		"$1" "$2" "$3" "$(case $4 in *,*) echo s;; esac)" "$4" \
		"$(case $4 in *,*) echo are;; *) echo is;; esac)" "$2" "$5"
}

# ---- ingest ----
fresh
mail() {   # mail FROM MESSAGE-ID SUBJECT BODY
	printf 'From: %s\nTo: destek@example.com\nSubject: %s\nMessage-ID: <%s>\n\n%s\n' \
		"$1" "$3" "$2" "$4"
}
# An e-mail naming her order (in small letters, in a sentence) opens a
# complaint about it, the phone complaint about it being still open.
mail "İpek <ipek@example.com>" m1@x "Yine ben" "Siparişim sp-2026-50, hâlâ gelmedi." > "$T_TMP/m1.eml"
run_cmd -d "$db" ingest < "$T_TMP/m1.eml"
n1=$OUT
check_eq "ingest e-mail: filed" 0 "$RC"
check_eq "ingest e-mail: the new complaint is about the order named" 50 \
	"$(q "SELECT order_id FROM complaints WHERE id = '$n1'")"
check_eq "ingest e-mail: warns, naming both and the order" \
	"$(warning ingest "$n1" SP-2026-50 1 1)" "$ERR"
# The same message again: filed once, nothing said.
run_cmd -d "$db" ingest < "$T_TMP/m1.eml"
check_eq "ingest twice: the same complaint" "$n1" "$OUT"
check_not_contains "ingest twice: no warning" "same customer" "$ERR"
# --json, the number in the subject: two open ones about the order now.
run_cmd -d "$db" ingest --json <<EOF
{"channel":"social","from":"ipek@example.com","subject":"SP-2026-50 nerede?","text":"Cevap yok","message_id":"j1"}
EOF
n2=$OUT
check_eq "ingest --json: filed" 0 "$RC"
check_eq "ingest --json: warns of both open ones" \
	"$(warning ingest "$n2" SP-2026-50 "1, $n1" 1)" "$ERR"
# Her other order, about which nothing is open: its order, no warning.
run_cmd -d "$db" ingest --json <<EOF
{"channel":"chat","from":"ipek@example.com","text":"SP-2026-60/ faturası?","message_id":"j2"}
EOF
check_eq "another order: filed" 0 "$RC"
check_eq "another order: the complaint is about it" 60 \
	"$(q "SELECT order_id FROM complaints WHERE id = '$OUT'")"
check_eq "another order: no warning" "" "$ERR"
# Another customer's order number, a longer number, a word: no order.
mail "Can <can@example.com>" m2@x "SP-2026-50" "SP-2026-500 ve XSP-2026-50" > "$T_TMP/m2.eml"
run_cmd -d "$db" ingest < "$T_TMP/m2.eml"
check_eq "another customer's order number: filed" 0 "$RC"
check_eq "another customer's order number: no order" "" \
	"$(q "SELECT order_id FROM complaints WHERE id = '$OUT'")"
check_eq "another customer's order number: no warning" "" "$ERR"
# Linked with it: they are separate on purpose; a new one warns of the
# others only.
"$TEMAS" -d "$db" link 1 "$n1" >/dev/null
run_cmd -d "$db" ingest --json <<EOF
{"channel":"web","from":"ipek@example.com","text":"SP-2026-50","message_id":"j3"}
EOF
check_eq "ingest after two are linked: a third names them all" \
	"$(warning ingest "$OUT" SP-2026-50 "1, $n1, $n2" 1)" "$ERR"

# ---- import complaints ----
fresh
cat > "$T_TMP/k.csv" <<'EOF'
ext_id,customer_ext_id,order_number,channel,subject,status,opened_at,resolution
K-1,C7,SP-2026-50,web,Yine kargo,open,2026-12-01T10:00:00Z,
K-2,C7,SP-2026-60,web,Fatura,open,2026-12-01T10:00:00Z,
K-3,C7,SP-2026-60,email,Fatura yine,new,2026-12-02T10:00:00Z,
K-4,C7,SP-2026-50,web,Kapandı,resolved,2026-12-02T10:00:00Z,İade edildi
K-5,C8,,web,Siparişsiz,new,2026-12-02T10:00:00Z,
EOF
run_cmd -d "$db" import complaints "$T_TMP/k.csv" --dry-run
check_eq "import --dry-run: no warning" "" "$ERR"
run_cmd -d "$db" import complaints "$T_TMP/k.csv"
check_eq "import: still succeeds" 0 "$RC"
check_contains "import: all five imported" "imported 5 complaints" "$OUT"
k1=$(q "SELECT id FROM complaints WHERE ext_id = 'K-1'")
k2=$(q "SELECT id FROM complaints WHERE ext_id = 'K-2'")
k3=$(q "SELECT id FROM complaints WHERE ext_id = 'K-3'")
check_eq "import: a line per such complaint, FILE:LINE, the new and the existing one" \
	"$(warning "$T_TMP/k.csv:2" "$k1" SP-2026-50 1 1)
$(warning "$T_TMP/k.csv:4" "$k3" SP-2026-60 "$k2" "$k2")" "$ERR"
run_cmd -d "$db" import complaints "$T_TMP/k.csv"
check_eq "import again: the same complaints, not new: no warning" "" "$ERR"
check_eq "import again: succeeds" 0 "$RC"

# ---- split ----
fresh
seed_sql "$db" "
INSERT INTO complaints(id, customer_id, order_id, channel, priority, category,
  subject, opened_at, first_response_due, resolution_due, status) VALUES
  (2, 7, 50, 'email', 'normal', 'delivery', 'Aynı sipariş', 100, 200, 300, 'open'),
  (3, 7, 60, 'phone', 'normal', 'other', 'Fatura', 100, 200, 300, 'open');
INSERT INTO interactions(id, customer_id, complaint_id, channel, direction, at, body) VALUES
  (3, 7, 2, 'email', 'in', 1000, 'nerede'),
  (4, 7, 3, 'phone', 'in', 1000, 'fatura'),
  (5, 7, 3, 'phone', 'in', 2000, 'fatura iki');"
run_cmd -d "$db" split 2
check_eq "split: done" 0 "$RC"
s1=$(q "SELECT max(id) FROM complaints")
check_contains "split: says the new complaint" "into new complaint $s1" "$OUT"
check_eq "split: the other open one about the order named (not the linked one)" \
	"$(warning split "$s1" SP-2026-50 2 2)" "$ERR"
run_cmd -d "$db" split 5
check_eq "split, nothing else about the order: done" 0 "$RC"
check_eq "split, nothing else about the order: no warning" "" "$ERR"

# Any number of others are named, not the first few: twelve open
# complaints about the order, twelve numbers in the warning.
fresh
q "WITH RECURSIVE n(i) AS (SELECT 101 UNION ALL SELECT i + 1 FROM n WHERE i < 111)
 INSERT INTO complaints(id, customer_id, order_id, channel, priority, category,
  subject, opened_at, first_response_due, resolution_due, status)
 SELECT i, 7, 50, 'phone', 'normal', 'delivery', 'Kargo ' || i, 100 + i, 200, 300, 'open' FROM n"
mail "İpek <ipek@example.com>" m12@x "Yine" "Siparişim SP-2026-50 nerede?" > "$T_TMP/m12.eml"
run_cmd -d "$db" ingest < "$T_TMP/m12.eml"
check_eq "ingest with twelve others: filed" 0 "$RC"
check_eq "ingest with twelve others: all twelve named" \
	"$(warning ingest "$OUT" SP-2026-50 "1, $(seq -s ', ' 101 111)" 1)" "$ERR"

# A held e-mail released by a supervisor is filed as ingest files it, and
# what the filing says is said whole once the release has committed: two
# hundred others about the order, two hundred numbers (the release kept
# what the filing said in a buffer of 1,024 bytes, and cut the rest).
fresh
q "WITH RECURSIVE n(i) AS (SELECT 1001 UNION ALL SELECT i + 1 FROM n WHERE i < 1199)
 INSERT INTO complaints(id, customer_id, order_id, channel, priority, category,
  subject, opened_at, first_response_due, resolution_due, status)
 SELECT i, 7, 50, 'phone', 'normal', 'delivery', 'Kargo ' || i, 100 + i, 200, 300, 'open' FROM n"
printf 'From: İpek <ipek@example.com>\nTo: destek@example.com\nSubject: Otomatik yanıt: SP-2026-50\nMessage-ID: <held1@x>\nAuto-Submitted: auto-replied\n\nSiparişim SP-2026-50 nerede?\n' \
	> "$T_TMP/held.eml"
run_cmd -d "$db" ingest < "$T_TMP/held.eml"
check_contains "an auto-reply naming the order: held" "held in quarantine" "$ERR"
hid=$(q "SELECT id FROM quarantine WHERE key = 'held1@x'")
run_cmd -d "$db" quarantine release "$hid"
check_eq "release: filed" 0 "$RC"
check_eq "release: the new complaint is about the order" 50 \
	"$(q "SELECT order_id FROM complaints WHERE id = '$OUT'")"
check_eq "release: the warning names all two hundred others" \
	"$(warning ingest "$OUT" SP-2026-50 "1, $(seq -s ', ' 1001 1199)" 1)" "$ERR"

finish
