# seed.sh: put hand-made rows into a test database (sourced).
#
# The search index keeps itself current through triggers that call
# functions only temas defines, so the sqlite3 shell cannot insert into the
# indexed tables while they are there.  seed_sql sets them aside, runs the
# SQL, puts them back, and lets temas rebuild the index.
seed_sql() {   # seed_sql DB SQL
	_db=$1
	sqlite3 "$_db" "SELECT sql || ';' FROM sqlite_schema
		WHERE type = 'trigger' AND name LIKE 'search%'" > "$T_TMP/triggers.sql"
	_drops=$(sqlite3 "$_db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_schema
		WHERE type = 'trigger' AND name LIKE 'search%'")
	sqlite3 "$_db" "BEGIN; $_drops $2; $(cat "$T_TMP/triggers.sql") COMMIT;" ||
		{ echo "Bail out! seeding $_db failed"; exit 1; }
	if [ -s "$T_TMP/triggers.sql" ]; then
		"$TEMAS" -d "$_db" reindex >/dev/null 2>&1 ||
			{ echo "Bail out! reindex of $_db failed"; exit 1; }
	fi
}
