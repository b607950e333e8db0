#!/bin/sh
# readme.sh: the README's "Data in and out" examples for gateways and
# scripts run as written (temas on the PATH, TEMAS_DB set) and do what the
# README says they do.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

db="$T_TMP/readme.db"
demo_db "$db" --customers 40
mkdir -p "$T_TMP/bin"
printf '#!/bin/sh\nexec "%s" "$@"\n' "$TEMAS" > "$T_TMP/bin/temas"
chmod +x "$T_TMP/bin/temas"

# The indented block that follows the README line naming it.
example() {
	awk -v after="$1" '
		index($0, after) { on = 1; next }
		on && /^    / { print; seen = 1; next }
		on && seen { exit }' "$TEMAS_SRCDIR/README"
}

ingest=$(example "channels send one JSON object:")
check_contains "the ingest example is found" "ingest --json" "$ingest"
out=$(cd "$T_TMP" && PATH="$T_TMP/bin:$PATH" TEMAS_DB="$db" sh -c "$ingest" 2>&1)
check_eq "the ingest example runs" 0 $?
check_eq "it prints the complaint number" "" "$(printf '%s' "$out" | tr -d '0-9\n')"
check_eq "the message is filed on social media" 1 \
	"$(sqlite3 "$db" "SELECT count(*) FROM interactions
		WHERE channel = 'social' AND body = 'Faturam iki kere kesilmiş'")"

queue=$(example "A script reads the queue with")
check_contains "the queue example is found" "--format tsv" "$queue"
out=$(cd "$T_TMP" && PATH="$T_TMP/bin:$PATH" TEMAS_DB="$db" sh -c "$queue" 2>&1)
check_eq "the queue example runs" 0 $?
check_contains "and lists the ingested complaint" "	Ayşe Y.	" "$out"
finish
