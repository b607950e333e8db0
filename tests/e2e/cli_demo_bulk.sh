#!/bin/sh
# cli_demo_bulk.sh: `temas demo` fills its tables in bulk with the
# summary and search triggers suspended, then builds the summaries and the
# search index once.  The result must be what the triggers would have made:
# the same demo rows copied into a new database with every trigger live
# (the slow path) give the same schema, the same summaries, the same words
# in the search index and the same answers to searches.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	skip "demo bulk path" "no sqlite3 shell to copy the rows with"
	finish
fi

export TEMAS_NOW=1760000000
fast="$T_TMP/fast.db"
slow="$T_TMP/slow.db"
demo_db "$fast" --customers 300 --seed 11

run_cmd -d "$fast" reindex --summaries --check
check_eq "summaries equal a full recount: exit 0" 0 "$RC"
check_eq "summaries equal a full recount: says so" "summaries: exact" "$OUT"

# The slow path: a new database, the demo's rows copied in with the
# triggers on (the search triggers of the messages queue them; temas
# indexes the queue before its first search).
run_cmd init -d "$slow"
check_eq "init the slow copy: exit 0" 0 "$RC"
sql="ATTACH '$fast' AS f; BEGIN; DELETE FROM main.agents;"
for t in agents customers orders order_lines complaints interactions surveys; do
	# Named columns: SELECT * would bring the generated ones too.
	cols=$(sqlite3 "$fast" "SELECT group_concat(name, ', ') FROM pragma_table_info('$t')")
	sql="$sql INSERT INTO main.$t($cols) SELECT $cols FROM f.$t ORDER BY rowid;"
done
sqlite3 -bail "$slow" "$sql COMMIT;" 2>"$T_TMP/copy.err"
check_eq "rows copied with the triggers on" "" "$(cat "$T_TMP/copy.err")"
check "the slow copy queued messages to index" test \
	"$(sqlite3 "$slow" 'SELECT count(*) FROM search_queue')" -gt 1000

# differ SQL_A SQL_B: rows in one answer and not in the other, both ways,
# the first read from the demo database, the second from the slow copy.
differ() {
	sqlite3 "$slow" "ATTACH '$fast' AS f;
		SELECT (SELECT count(*) FROM ($1 EXCEPT $2))
		     + (SELECT count(*) FROM ($2 EXCEPT $1))"
}

check_eq "same schema" 0 \
	"$(differ 'SELECT type, name, tbl_name, sql FROM f.sqlite_schema' \
		  'SELECT type, name, tbl_name, sql FROM main.sqlite_schema')"

# Rows all zero are what the triggers leave when a count moves on; the
# recount has none (as in summary.c).
for t in summary_customer_orders:1 summary_order_days:'firsts <> 0 OR lasts <> 0' \
	 summary_agent_days:'replies <> 0 OR with_history <> 0' \
	 summary_agent_hours:'replies <> 0 OR with_history <> 0' \
	 summary_survey_days:1 summary_survey_hours:1 \
	 summary_complaint_days:'complaints <> 0' \
	 summary_complaint_hours:'complaints <> 0' summary_tag_days:'complaints <> 0'; do
	tab=${t%%:*} where=${t#*:}
	# The demo tags nothing: summary_tag_days stays empty.
	[ "$tab" = summary_tag_days ] ||
		check "summary rows: $tab is not empty" test \
			"$(sqlite3 "$fast" "SELECT count(*) FROM $tab")" -gt 0
	check_eq "summary rows: $tab as the triggers keep it" 0 \
		"$(differ "SELECT * FROM f.$tab WHERE $where" \
			  "SELECT * FROM main.$tab WHERE $where")"
done

# The first search indexes what the copy queued.
run_cmd -d "$slow" search --format tsv zzqqxxnothing
check_eq "slow copy: queue indexed" 0 "$(sqlite3 "$slow" 'SELECT count(*) FROM search_queue')"

for t in search_customer search_order search_interaction; do
	check_eq "index: $t has a row per indexed row" 0 \
		"$(differ "SELECT * FROM f.${t}_docsize" "SELECT * FROM main.${t}_docsize")"
done
for t in search_customer search_order search_interaction; do
	check_eq "index: $t configured as the migrations left it" 0 \
		"$(differ "SELECT * FROM f.${t}_config" "SELECT * FROM main.${t}_config")"
done
check_eq "index: the same words kept for prefixes" 0 \
	"$(differ 'SELECT term FROM f.search_terms' 'SELECT term FROM main.search_terms')"
check_eq "index: search is on" 0 \
	"$(sqlite3 "$fast" 'SELECT suspended FROM search_state')"

cname=$(sqlite3 "$fast" 'SELECT last_name FROM customers WHERE id = 17')
number=$(sqlite3 "$fast" 'SELECT number FROM orders WHERE id = 40')
phone=$(sqlite3 "$fast" "SELECT replace(phone, ' ', '') FROM customers WHERE id = 23")
for q in "$cname" "$number" "$phone" iade kargo 'sipari*' 's*' '5*' \
	 '"kredi kart*"' 'hesab*' gmail refund; do
	run_cmd -d "$fast" search --format tsv --limit 500 "$q"
	a=$OUT
	check "search '$q': finds something" test -n "$a"
	run_cmd -d "$slow" search --format tsv --limit 500 "$q"
	check_eq "search '$q': the same rows as with the triggers" "$a" "$OUT"
done

finish
