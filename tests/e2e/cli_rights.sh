#!/bin/sh
# cli_rights.sh: the roles hold on every command-line path, not only in the
# console.  A login that is not an agent can run nothing that reads or
# writes the team's data; an agent cannot export, erase or import; every
# export and import is one audit row; an import never creates an agent;
# text and logins from the command line are checked like text from files,
# and what `agent list` prints is clean.  The other user is uid 65534
# ("nobody"), so the test needs root and setpriv(1); without them it skips.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

me=$(id -un)
db="$T_TMP/team/t.db"
mkdir "$T_TMP/team"
demo_db "$db" --customers 20 --supervisor
data="$TEMAS_SRCDIR/tests/data"
dump() { sqlite3 "$db" .dump; }
audit_count() { sqlite3 "$db" "SELECT count(*) FROM audit WHERE action='$1'"; }

# ---- what a supervisor's export and import leave behind ----
run_cmd -d "$db" export customers
check_eq "supervisor: export customers works" 0 "$RC"
check_eq "export: one audit row with kind, format and row count" \
	"$me|kind=customers format=csv rows=20 since=0" \
	"$(sqlite3 "$db" "SELECT login, detail FROM audit WHERE action='export'")"

# ---- arguments are text like files are ----
bad=$(printf 'caf\351')   # Latin-1, not UTF-8
id=$(sqlite3 "$db" "SELECT id FROM complaints WHERE is_open ORDER BY id LIMIT 1")
before=$(dump)
run_cmd -d "$db" note "$id" --text "$bad"
check_eq "note --text with invalid UTF-8: usage error" 2 "$RC"
check_contains "note --text: says what is wrong" "option --text: not valid UTF-8 text" "$ERR"
run_cmd -d "$db" reply "$id" --text "$bad"
check_eq "reply --text with invalid UTF-8: usage error" 2 "$RC"
run_cmd -d "$db" resolve "$id" --note "$bad"
check_eq "resolve --note with invalid UTF-8: usage error" 2 "$RC"
run_cmd -d "$db" agent add ayla --name "$bad"
check_eq "agent add --name with invalid UTF-8: usage error" 2 "$RC"
run_cmd -d "$db" agent add ayla --name "$(printf 'Ayla\033]0;owned\007')"
check_eq "agent add --name with an escape sequence: refused" 2 "$RC"
check_contains "agent add --name: says why" "without control characters" "$ERR"
run_cmd -d "$db" agent add "$(printf 'x\033[31mred')"
check_eq "agent add with an escape in the login: refused" 2 "$RC"
check_not_contains "the refusal does not echo the escape" "$(printf '\033')" "$ERR"
run_cmd -d "$db" agent add -- "-rf"
check_eq "agent add with a login starting with '-': refused" 2 "$RC"
run_cmd -d "$db" agent add "$(printf 'a%.0s' $(seq 33))"
check_eq "agent add with a 33-character login: refused" 2 "$RC"
check_eq "nothing was written by the refused commands" "$before" "$(dump)"

# A name planted behind temas's back is printed clean.
sqlite3 "$db" "INSERT INTO agents(login,name,role,active,created_at)
	VALUES('planted', 'Evil' || char(27) || ']52;c;aGk=' || char(7) || 'Name', 'agent', 1, 0)"
run_cmd -d "$db" agent list
check_contains "agent list shows the planted agent" "planted" "$OUT"
check_not_contains "agent list prints no escape character" "$(printf '\033')" "$OUT"
check_not_contains "agent list prints no BEL" "$(printf '\007')" "$OUT"

if ! can_drop_privileges; then
	reason="needs root and setpriv(1) to run as a second user"
	for t in "non-agent refused: queue" "non-agent refused: search" \
		"non-agent refused: import" "non-agent refused: reindex" \
		"non-agent refused: export" "non-agent refused: erase" \
		"non-agent ingest: tempfail" "non-agent: nothing changed" \
		"agent: queue works" "agent: search works" "agent: export refused" \
		"agent: erase refused" "agent: import refused" "agent: nothing changed" \
		"gateway: ingest files" "gateway: queue refused"; do
		skip "$t" "$reason"
	done
	finish
	exit $?
fi

# The second user reaches the file the way a team member does.
chmod 755 "$T_TMP"
chown -R 65534:65534 "$T_TMP/team"
other=$(getent passwd 65534 | cut -d: -f1)

# ---- a login that is not an agent ----
before=$(dump)
for cmd in "queue" "search kargo" "import customers $data/customers.csv" "reindex" \
	"export customers" "erase customer 1 --yes"; do
	# shellcheck disable=SC2086
	run_as_nobody -d "$db" $cmd
	check_eq "non-agent refused: ${cmd%% *}" "5" "$RC"
done
check_contains "non-agent: the message names the command and the fix" \
	"erase: you ($other) are not a temas agent; a supervisor can add you with 'temas agent add $other'" "$ERR"
OUT=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$TEMAS" -d "$db" ingest \
	< "$data/mail/kargo.eml" 2>"$T_TMP/stderr"); RC=$?
check_eq "non-agent ingest: tempfail, so the mail server keeps the message" 75 "$RC"
check_contains "non-agent ingest: says how to allow it" "agent add $other --gateway" \
	"$(cat "$T_TMP/stderr")"
check_eq "non-agent: nothing changed" "$before" "$(dump)"

# ---- an agent who is not a supervisor ----
"$TEMAS" -d "$db" agent add "$other" >/dev/null
before=$(dump)
run_as_nobody -d "$db" queue
check_eq "agent: queue works" 0 "$RC"
run_as_nobody -d "$db" search --format tsv kargo
check_eq "agent: search works" "0" "$RC"
run_as_nobody -d "$db" export customers
check_eq "agent: export refused" 5 "$RC"
check_contains "agent: export says supervisors only" "export: supervisors only" "$ERR"
check_eq "agent: export printed nothing" "" "$OUT"
run_as_nobody -d "$db" erase customer 1 --yes
check_eq "agent: erase refused" 5 "$RC"
run_as_nobody -d "$db" import customers "$data/customers.csv"
check_eq "agent: import refused" 5 "$RC"
check_eq "agent: nothing changed" "$before" "$(dump)"

# ---- a gateway account files mail and nothing else ----
sqlite3 "$db" "UPDATE agents SET active=0 WHERE login='$other'"
"$TEMAS" -d "$db" agent add "$other" --gateway >/dev/null
check_eq "gateway: added with an audit row" 1 "$(audit_count gateway-add)"
OUT=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$TEMAS" -d "$db" ingest \
	< "$data/mail/kargo.eml" 2>"$T_TMP/stderr"); RC=$?
check_eq "gateway: ingest files" 0 "$RC"
run_as_nobody -d "$db" queue
check_eq "gateway: queue refused" 5 "$RC"
finish
