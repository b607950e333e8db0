#!/bin/sh
# cli_bulk.sh: claim, release, status, resolve and assign take several
# complaints (temas's numbers or the team's ids) or --filter EXPR (the
# console's filter grammar); each complaint is its own transaction, so
# one taken meanwhile by another agent is named on stderr, the others are
# done, and the exit status is 6.  temas queue --filter reads the same
# grammar (state, holder, language, words the Turkish way).  Saved views:
# view save, list, remove; sharing is a supervisor's.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/bulk.db"
me=$(id -un)
run_cmd -d "$db" agent add "$me" --supervisor
check_eq "bootstrap supervisor" 0 "$RC"
for a in ayse mehmet; do
	"$TEMAS" -d "$db" agent add "$a" >/dev/null || echo "Bail out! agent add $a"
done
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, lang, created_at) VALUES
 (1, 'Işık', 'Yılmaz', 'tr', 1), (2, 'John', 'Smith', 'en', 1);
INSERT INTO complaints(id, ext_id, customer_id, channel, subject, opened_at,
  first_response_due, resolution_due) VALUES
 (1, 'K-1', 1, 'email', 'Kargo gecikti', 1, 4000000000, 4000000000),
 (2, 'K-2', 1, 'phone', 'Fatura yanlış', 1, 4000000001, 4000000001),
 (3, 'K-3', 2, 'email', 'Late parcel', 1, 4000000002, 4000000002),
 (4, NULL, 2, 'web', 'Refund please', 1, 4000000003, 4000000003),
 (5, NULL, 1, 'email', 'İade istiyorum', 1, 4000000004, 4000000004),
 (6, NULL, 2, 'chat', 'Wrong size', 1, 4000000005, 4000000005);
INSERT INTO complaint_tags(complaint_id, tag, added_at) VALUES (4, 'kargo', 1), (6, 'kargo', 1);"

holders() {
	sqlite3 "$db" "SELECT group_concat(coalesce(a.login, '-'), ' ') FROM
		(SELECT * FROM complaints ORDER BY id) c LEFT JOIN agents a ON a.id = c.assignee_id"
}

# Several complaints, by number and by the team's id.
run_cmd -d "$db" claim 1 K-2 --as mehmet
check_eq "claim two: exit 0" 0 "$RC"
check_eq "claim two: one line each, naming the agent claimed for" "complaint 1 claimed for mehmet
complaint 2 claimed for mehmet" "$OUT"
check_eq "claim two: held" "mehmet mehmet - - - -" "$(holders)"

# One of three taken meanwhile by another agent: the others still done.
"$TEMAS" -d "$db" claim 4 --as ayse >/dev/null
run_cmd -d "$db" claim K-3 4 5 --as mehmet
check_eq "one taken meanwhile: exit 6 (some done, some not)" 6 "$RC"
check_eq "one taken meanwhile: the others done" "complaint 3 claimed for mehmet
complaint 5 claimed for mehmet" "$OUT"
check_eq "one taken meanwhile: named on stderr" "temas: complaint 4 is already taken by ayse" "$ERR"
check_eq "one taken meanwhile: holders" "mehmet mehmet mehmet ayse mehmet -" "$(holders)"
check_eq "one taken meanwhile: two claims audited" 2 \
	"$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'claim' AND complaint_id IN (3, 5)")"
# All refused: the refusal's own status, as with one complaint.
run_cmd -d "$db" claim 4 --as mehmet
check_eq "one complaint taken: exit 4 as before" 4 "$RC"
run_cmd -d "$db" claim 4 4 --as mehmet
check_eq "none done of several: the first refusal's status" 4 "$RC"

# --filter: the console's grammar picks them from the queue.
run_cmd -d "$db" release --filter "assignee=mehmet channel=email" --as mehmet
check_eq "release --filter: exit 0" 0 "$RC"
check_eq "release --filter: the email ones of mehmet" "complaint 1 is back in the queue
complaint 3 is back in the queue
complaint 5 is back in the queue" "$OUT"
run_cmd -d "$db" claim --filter "unassigned tag=kargo" --as mehmet
check_eq "claim --filter tag: exit 0" 0 "$RC"
check_eq "claim --filter tag: the one free kargo" "complaint 6 claimed for mehmet" "$OUT"
run_cmd -d "$db" status --filter "mine" pending --as mehmet
check_eq "status --filter mine: exit 0" 0 "$RC"
check_eq "status --filter mine: his two" "complaint 2 is pending
complaint 6 is pending" "$OUT"
run_cmd -d "$db" assign 1 3 5 ayse
check_eq "assign several: exit 0" 0 "$RC"
check_eq "assign several: held by ayse" "ayse mehmet ayse ayse ayse mehmet" "$(holders)"
run_cmd -d "$db" resolve --filter "assignee=ayse text=iade" --note "İade yapıldı" --as ayse
check_eq "resolve --filter text=, folded: exit 0" 0 "$RC"
check_eq "resolve --filter text=: the İade one" "complaint 5 is resolved" "$OUT"
run_cmd -d "$db" status 2 9 open --as mehmet
check_eq "a complaint that does not exist among several: exit 6" 6 "$RC"
check_contains "the missing one is named" "9" "$ERR"

# Bad input: nothing changed, the word and its column named.
before=$(holders)
run_cmd -d "$db" claim --filter "unassigned kargo" --as mehmet
check_eq "bad filter: exit 2" 2 "$RC"
check_contains "bad filter: the word and its column" "unknown word 'kargo'" "$ERR"
check_contains "bad filter: at column 12" "at column 12" "$ERR"
run_cmd -d "$db" claim 1 --filter "all" --as mehmet
check_eq "ids and a filter: exit 2" 2 "$RC"
run_cmd -d "$db" claim --as mehmet
check_eq "neither ids nor a filter: exit 2" 2 "$RC"
run_cmd -d "$db" claim --filter "status=escalated" --as mehmet
check_eq "a filter that picks none: exit 3" 3 "$RC"
check_eq "no open complaint matches" "temas: no open complaint matches the filter" "$ERR"
run_cmd -d "$db" claim --filter "text=\"açık" --as mehmet
check_eq "an unclosed quote: exit 2" 2 "$RC"
check_eq "bad input changed nothing" "$before" "$(holders)"

# temas queue --filter: state, holder, language, words.
run_cmd -d "$db" queue --filter "lang=en" --format tsv
check_eq "queue --filter lang=en: John's three open" "3 4 6" "$(printf '%s\n' "$OUT" | cut -f1 | tr '\n' ' ' | sed 's/ $//')"
run_cmd -d "$db" queue --filter "text=isik" --format tsv
check_eq "queue --filter text=isik finds the customer Işık" "1 2" "$(printf '%s\n' "$OUT" | cut -f1 | tr '\n' ' ' | sed 's/ $//')"
run_cmd -d "$db" queue --filter "status=pending assignee=mehmet" --format tsv
check_eq "queue --filter status= assignee=" "6" "$(printf '%s\n' "$OUT" | cut -f1 | tr '\n' ' ' | sed 's/ $//')"
run_cmd -d "$db" queue --filter "status=closed"
check_eq "queue --filter a closed state: exit 2" 2 "$RC"

# Saved views.
run_cmd -d "$db" view save benim mine tag=kargo --as mehmet
check_eq "view save: exit 0" 0 "$RC"
check_eq "view save: says so" "view benim saved" "$OUT"
run_cmd -d "$db" view save herkes breached --shared --as mehmet
check_eq "an agent shares a view: refused, exit 5" 5 "$RC"
check_eq "an agent shares a view: why" "temas: only a supervisor can share a view" "$ERR"
run_cmd -d "$db" view save acil "unassigned text=\"kargo geç\"" --shared
check_eq "a supervisor shares a view: exit 0" 0 "$RC"
run_cmd -d "$db" view save kötü "mine kargo" --as mehmet
check_eq "a view with a bad filter: exit 2" 2 "$RC"
check_contains "a view with a bad filter: named" "unknown word 'kargo'" "$ERR"
run_cmd -d "$db" view save "geç kargo" breached --as mehmet
check_eq "a view name with a blank: exit 2" 2 "$RC"
check_eq "a view name with a blank: the reason speaks of a view name" \
	"temas: bad view name 'geç kargo': a view name cannot hold blanks, commas or control characters" "$ERR"
run_cmd -d "$db" view list --as mehmet
check_eq "view list: his own and the shared one" "acil	$me	shared	unassigned text=\"kargo geç\"
benim	mehmet	own	mine tag=kargo" "$OUT"
run_cmd -d "$db" view list --as ayse
check_eq "view list: another agent sees only the shared one" "acil	$me	shared	unassigned text=\"kargo geç\"" "$OUT"
run_cmd -d "$db" view remove acil --as mehmet
check_eq "removing another's shared view: exit 3" 3 "$RC"
run_cmd -d "$db" view remove benim --as mehmet
check_eq "view remove: exit 0" 0 "$RC"
run_cmd -d "$db" view list --as mehmet
check_eq "view remove: gone" "acil	$me	shared	unassigned text=\"kargo geç\"" "$OUT"

finish
