#!/bin/sh
# cli_batch.sh: `temas batch` runs the commands of standard input, one a
# line, in one process: each its own transaction and rights check, each
# output framed as "LINE EXIT BYTES" and the bytes; messages named by
# line; lines that cannot run (a quote left open, a NUL, bad UTF-8, a
# command that makes a file or reads standard input, another database)
# change nothing and the batch goes on; the exit status says whether all,
# some or none were done.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP sqlite3 shell not installed"; exit 0; }

db="$T_TMP/batch.db"
me=$(id -un)
export TEMAS_NOW=1700000000
run_cmd -d "$db" agent add "$me" --supervisor
check_eq "bootstrap supervisor" 0 "$RC"
"$TEMAS" -d "$db" agent add ayse >/dev/null || echo "Bail out! agent add ayse"
seed_sql "$db" "
INSERT INTO customers(id, first_name, last_name, lang, created_at) VALUES
 (1, 'Işık', 'Yılmaz', 'tr', 1);
INSERT INTO complaints(id, ext_id, customer_id, channel, subject, opened_at,
  first_response_due, resolution_due) VALUES
 (1, 'K-1', 1, 'email', 'Kargo gecikti', 1, 4000000000, 4000000000),
 (2, 'K-2', 1, 'phone', 'Fatura yanlış', 1, 4000000001, 4000000001);"

batch() {   # batch INPUT: OUT, ERR, RC of `temas batch` fed INPUT
	printf '%s' "$1" > "$T_TMP/in"
	"$TEMAS" -d "$db" batch < "$T_TMP/in" > "$T_TMP/out" 2> "$T_TMP/err"
	RC=$?
	OUT=$(cat "$T_TMP/out")
	ERR=$(cat "$T_TMP/err")
}

# The whole output, byte for byte: a frame per command, none for a blank
# line or a comment; lengths in bytes (ı, ş are two each).
batch 'claim 1

# a comment
note K-1 --text "Kargo '"'"'yarın'"'"' çıkacak, \"söz\""
tag 1 add kargo  acil
release 1 --as ayse
'
check_eq "claim, note, tag, refused release: exit 6 (some done, some not)" 6 "$RC"
check_eq "frames: line, exit, bytes, then the bytes" "1 0 21
complaint 1 is yours
4 0 28
note 1 added to complaint 1
5 0 19
complaint 1 tagged
6 5 0" "$OUT"
check_eq "the refusal named by its line" "temas: line 6: complaint 1 is held by $me; only they or a supervisor can release it" "$ERR"
check_eq "the note's text as written, quotes and all" "Kargo 'yarın' çıkacak, \"söz\"" \
	"$(sqlite3 "$db" "SELECT body FROM interactions WHERE complaint_id = 1 AND direction = 'note'")"
check_eq "held by the batch's user" "$me" \
	"$(sqlite3 "$db" "SELECT a.login FROM complaints c JOIN agents a ON a.id = c.assignee_id WHERE c.id = 1")"

# A frame counts bytes, not characters or lines: a reader that takes
# BYTES bytes lands on the next header.
batch 'show complaint 2
show customer 1
'
check_eq "two shows: exit 0" 0 "$RC"
awk_frames() {   # the headers found by skipping each frame's bytes
	LC_ALL=C awk 'BEGIN { RS = "\001" } {
		s = $0
		while (length(s) > 0) {
			nl = index(s, "\n"); h = substr(s, 1, nl - 1)
			split(h, f, " "); print h
			s = substr(s, nl + 1 + f[3])
		} }' "$T_TMP/out"
}
check_eq "frames walked by their byte counts" "1 0 $("$TEMAS" -d "$db" show complaint 2 | LC_ALL=C wc -c)
2 0 $("$TEMAS" -d "$db" show customer 1 | LC_ALL=C wc -c)" "$(awk_frames)"
check_contains "the customer's name in the frame" "Işık Yılmaz" "$OUT"

# Lines that cannot run: named, a frame with exit 2 and no bytes, nothing
# changed, and the batch goes on.
before=$(sqlite3 "$db" "SELECT count(*) FROM audit")
printf 'tag 2 add "açık\nbogus 1\ndemo --customers 5\ningest\ninit --group x\nbatch\nclaim 2 -d %s/other.db\nclaim 2 --db=x\nnote 2 --text\n' "$T_TMP" > "$T_TMP/bad"
printf 'note 2 --text \377\nnote 2 --text a\000b\ntag 2 add ok\r\n' >> "$T_TMP/bad"
"$TEMAS" -d "$db" batch < "$T_TMP/bad" > "$T_TMP/out" 2> "$T_TMP/err"
RC=$?
check_eq "bad lines and one good: exit 6" 6 "$RC"
check_eq "bad lines: exit 2, no bytes, each; the CRLF line runs" "1 2 0
2 2 0
3 2 0
4 2 0
5 2 0
6 2 0
7 2 0
8 2 0
9 2 0
10 2 0
11 2 0
12 0 19
complaint 2 tagged" "$(cat "$T_TMP/out")"
check_eq "bad lines: each named" "temas: line 1: column 11: a quote or backslash is not closed; not run
temas: line 2: unknown command 'bogus' (see 'temas --help')
temas: line 3: demo cannot run in a batch
temas: line 4: ingest cannot run in a batch
temas: line 5: init cannot run in a batch
temas: line 6: batch cannot run in a batch
temas: line 7: a batch has one database, the one it was started on; -d cannot be given in a line
temas: line 8: a batch has one database, the one it was started on; -d cannot be given in a line
temas: line 9: note: option --text needs a value
temas: line 10: not valid UTF-8 text; not run
temas: line 11: a NUL byte in the line; not run" "$(cat "$T_TMP/err")"
check_eq "bad lines: only the good line's write" 1 \
	$(( $(sqlite3 "$db" "SELECT count(*) FROM audit") - before ))
check "no other database made" test ! -e "$T_TMP/other.db"
check_eq "no demo rows" 1 "$(sqlite3 "$db" "SELECT count(*) FROM customers")"

# A command that reads standard input finds it empty: the rest of the
# batch is not eaten as a note.
batch 'note 2 --file -
tag 2 add sonra
'
check_eq "a note from standard input: refused as a usage error, then the next line runs" "1 2 0
2 0 19
complaint 2 tagged" "$OUT"
check_eq "no note made of the batch's lines" 0 \
	"$(sqlite3 "$db" "SELECT count(*) FROM interactions WHERE complaint_id = 2 AND direction = 'note'")"
# Every command that would read standard input says why it cannot, with
# exit 2 and no bytes, as the README says (imports said 'empty file' or
# imported nothing with exit 0); -d before the command's name is named.
batch 'import --dry-run customers -
import --jsonl -
macro add -
calendar import -
-d other.db queue
'
check_eq "standard input in a batch: each line exit 2, no bytes" "1 2 0
2 2 0
3 2 0
4 2 0
5 2 0" "$OUT"
check_eq "standard input in a batch: each named" "temas: line 1: import: '-' reads standard input, which in a batch is the batch's commands: give a file
temas: line 2: import: '-' reads standard input, which in a batch is the batch's commands: give a file
temas: line 3: macro: '-' reads standard input, which in a batch is the batch's commands: give a file
temas: line 4: file: '-' reads standard input, which in a batch is the batch's commands: give a file
temas: line 5: a batch has one database, the one it was started on; -d cannot be given in a line" "$ERR"

# Exit status: all done 0, none done 1, nothing at all 0 and no output.
batch 'tag 2 remove sonra
'
check_eq "all done: exit 0" 0 "$RC"
batch 'claim 99
release 99
'
check_eq "none done: exit 1" 1 "$RC"
check_eq "none done: two frames with their own exits" "1 3 0
2 3 0" "$OUT"
batch '# nothing

'
check_eq "only a comment: exit 0" 0 "$RC"
check_eq "only a comment: no frame" "" "$OUT"

# A long line: a note of 100,000 characters arrives whole.
long=$(awk 'BEGIN { for (i = 0; i < 10000; i++) printf "uzun satır"; }')
batch "note 2 --text '$long'
"
check_eq "a 100,000-character note: exit 0" 0 "$RC"
check_eq "a 100,000-character note: stored whole" 100000 \
	"$(sqlite3 "$db" "SELECT length(body) FROM interactions WHERE complaint_id = 2 AND direction = 'note'")"

# Each line is its own transaction, and its rights are read when it runs:
# a line's write is seen by others before the next line is sent, and a
# supervisor made an agent in between is refused the next line.
rm -f "$T_TMP/cmds"
mkfifo "$T_TMP/cmds"
"$TEMAS" -d "$db" batch < "$T_TMP/cmds" > "$T_TMP/live" 2> "$T_TMP/live.err" &
bp=$!
exec 7> "$T_TMP/cmds"
echo "claim 2" >&7
n=0
while ! grep -q "is yours" "$T_TMP/live" && [ $n -lt 100 ]; do
	sleep 0.1; n=$((n + 1))
done
check_eq "claimed while the batch waits for its next line" "$me" \
	"$(sqlite3 "$db" "SELECT a.login FROM complaints c JOIN agents a ON a.id = c.assignee_id WHERE c.id = 2")"
sqlite3 "$db" "UPDATE agents SET role = 'agent' WHERE login = '$me'"
echo "release 2 --as ayse" >&7
echo "export customers" >&7
exec 7>&-
wait $bp
check_eq "rights read at each line: exit 6" 6 "$?"
check_eq "rights read at each line: refused frames" "2 5 0
3 5 0" "$(sed 1,2d "$T_TMP/live")"
check_match "rights read at each line: --as needs a supervisor now" \
	"^temas: line 2: .*supervisor" "$(cat "$T_TMP/live.err")"
check_eq "rights read at each line: still held" "$me" \
	"$(sqlite3 "$db" "SELECT a.login FROM complaints c JOIN agents a ON a.id = c.assignee_id WHERE c.id = 2")"

# A batch open all day keeps no customer's text past its command: sixty
# customers with 200,000-character names (12 MB of text) shown one after
# the other leave its memory where the first one left it.
seed_sql "$db" "
WITH RECURSIVE n(i) AS (SELECT 101 UNION ALL SELECT i + 1 FROM n WHERE i < 160)
INSERT INTO customers(id, first_name, last_name, lang, created_at)
 SELECT i, 'N' || i || substr(hex(zeroblob(100000)), 1, 200000), 'Uzun', 'tr', 1
 FROM n;"
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$1/status"; }
frames() { grep -c '^[0-9]* 0 [0-9]*$' "$T_TMP/long" 2>/dev/null; }
wait_frames() {   # wait_frames N: until N frames are out (at most 60 s)
	n=0
	while [ "$(frames)" -lt "$1" ] && [ $n -lt 600 ]; do
		sleep 0.1; n=$((n + 1))
	done
}
if [ -r /proc/self/status ]; then
	rm -f "$T_TMP/cmds"
	mkfifo "$T_TMP/cmds"
	# Freed memory goes back at once under the address sanitizer too.
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=0" \
		"$TEMAS" -d "$db" batch < "$T_TMP/cmds" > "$T_TMP/long" 2> "$T_TMP/long.err" &
	bp=$!
	exec 7> "$T_TMP/cmds"
	echo "show customer 101" >&7
	echo "show customer 102" >&7
	wait_frames 2
	first=$(rss $bp)
	i=103
	while [ $i -le 160 ]; do echo "show customer $i" >&7; i=$((i + 1)); done
	wait_frames 60
	last=$(rss $bp)
	exec 7>&-
	wait $bp
	check_eq "sixty long customers shown: exit 0" 0 "$?"
	check_eq "sixty long customers shown: sixty frames" 60 "$(frames)"
	check_contains "the last one shown in full" "N160000000" "$(tail -c 400000 "$T_TMP/long")"
	check "memory after sixty long customers within 4 MB of after two (${first:-?} kB, then ${last:-?} kB)" \
		test -n "$first" -a -n "$last" -a "$((${last:-0} - ${first:-0}))" -lt 4096
else
	skip "memory of a long batch" "no /proc/PID/status here"
fi

# --help, and arguments batch does not take.
run_cmd -d "$db" batch --help
check_eq "batch --help: exit 0" 0 "$RC"
check_contains "batch --help: the frame described" "LINE EXIT BYTES" "$OUT"
run_cmd -d "$db" batch extra
check_eq "batch extra: usage error" 2 "$RC"
check_eq "batch extra: named" "temas: batch: unexpected argument 'extra'; usage: temas batch < COMMANDS" "$ERR"

finish
