# load.sh: the load figures of `make bench`, read by run.sh (which sets
# TEMAS, BENCH_BIN, work, runs, sample, log and the copy $cdb).
#
#   bench_import          import rows/s next to the sqlite3 shell's floor
#   bench_agents SIZE [MODE]  AGENTS agents claiming, noting and releasing
#                         back to back, a process per command or one
#                         `temas batch` each: errors, "database is
#                         locked", claim p50/p99
#   bench_idle SIZE       CONSOLES idle consoles: CPU in per cent of one core
#   bench_refresh SIZE    WATCHERS consoles while CLAIMERS agents claim: from
#                         each claim to each console's frame showing it
#
# Sizes come from the environment (defaults in brackets): BENCH_IMPORT_ROWS
# [100000], BENCH_AGENTS [200], BENCH_ROUNDS [3], BENCH_CONSOLES [200],
# BENCH_IDLE_SECS [30], BENCH_WATCHERS [20], BENCH_CLAIMERS [50].  Process
# counts and rounds bound the work; the only clock is the one measured.

IMPORT_ROWS=${BENCH_IMPORT_ROWS:-100000}
AGENTS=${BENCH_AGENTS:-200}
ROUNDS=${BENCH_ROUNDS:-3}
CONSOLES=${BENCH_CONSOLES:-200}
IDLE_SECS=${BENCH_IDLE_SECS:-30}
WATCHERS=${BENCH_WATCHERS:-20}
CLAIMERS=${BENCH_CLAIMERS:-50}
herd=$BENCH_BIN/herd
command -v bash >/dev/null 2>&1 || { echo "load.sh: bash is needed (its clock)" >&2; exit 1; }

# p50 and p99 of the numbers in a file, one a line.
percentiles() {   # FILE LABEL SIZE
	sort -n "$1" | awk -v label="$2" -v size="$3" '
		{ v[NR] = $1 }
		END {
			if (NR == 0) exit
			i50 = int(NR * 0.50 + 0.999); i99 = int(NR * 0.99 + 0.999)
			printf "%s\t%s p50 (ms)\t%s\n", size, label, v[i50 < 1 ? 1 : i50]
			printf "%s\t%s p99 (ms)\t%s\n", size, label, v[i99 < 1 ? 1 : i99]
			printf "%s\t%s max (ms)\t%s\n", size, label, v[NR]
		}' >> "$samples"
}

# A customers file of IMPORT_ROWS rows, the same every time.
import_file() {
	awk -v n="$IMPORT_ROWS" 'BEGIN {
		print "ext_id,first_name,last_name,email,phone,city,tier,lang,created_at,acquisition_cost"
		split("Ayşe Mehmet Zeynep Mustafa Elif Emre Gülşen Oğuz Şule İbrahim", fn, " ")
		split("Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Arslan Doğan", ln, " ")
		split("İstanbul Ankara İzmir Bursa Antalya Konya", city, " ")
		split("standard silver gold platinum", tier, " ")
		for (i = 1; i <= n; i++)
			printf "B%07d,%s,%s,b%d@example.com,+90 5%02d %03d %02d %02d,%s,%s,tr,2024-%02d-%02dT10:00:00Z,%d.%02d\n",
				i, fn[i % 10 + 1], ln[int(i / 10) % 10 + 1], i, 30 + i % 20,
				i % 1000, i % 100, (i * 7) % 100, city[i % 6 + 1], tier[i % 4 + 1],
				i % 12 + 1, i % 28 + 1, i % 500, i % 100
	}' > "$work/import.csv"
}

# The floor: the sqlite3 shell loads the same file into a table and moves
# it into customers with one INSERT ... SELECT, the same triggers firing.
floor_sql() {
	cat <<'EOF'
BEGIN;
CREATE TEMP TABLE raw(ext_id TEXT, first_name TEXT, last_name TEXT, email TEXT,
  phone TEXT, city TEXT, tier TEXT, lang TEXT, created_at TEXT, acquisition_cost TEXT);
.import --csv --skip 1 import.csv raw
INSERT INTO customers(ext_id, first_name, last_name, email, phone, city, tier,
  lang, created_at, acquisition_cost)
SELECT ext_id, first_name, last_name, nullif(email, ''), nullif(phone, ''),
  nullif(city, ''), coalesce(nullif(tier, ''), 'standard'),
  coalesce(nullif(lang, ''), 'tr'), unixepoch(created_at),
  CAST(round(CAST(acquisition_cost AS REAL) * 100) AS INTEGER) FROM raw;
COMMIT;
EOF
}

bench_import() {
	import_file
	floor_sql > "$work/floor.sql"
	rm -f "$work/empty.db"
	"$TEMAS" -d "$work/empty.db" init >/dev/null 2>&1 || {
		log "load.sh: temas init failed"; return 1; }
	r=1
	n=$((runs < 3 ? runs : 3))
	while [ "$r" -le "$n" ]; do
		rm -f "$work/imp.db" "$work/imp.db-wal" "$work/imp.db-shm"
		cp "$work/empty.db" "$work/imp.db"
		t0=$(ms_now)
		"$TEMAS" -d "$work/imp.db" import customers "$work/import.csv" >/dev/null 2>"$work/imp.err" || {
			log "load.sh: import failed: $(cat "$work/imp.err")"; return 1; }
		t1=$(ms_now)
		rm -f "$work/imp.db" "$work/imp.db-wal" "$work/imp.db-shm"
		cp "$work/empty.db" "$work/imp.db"
		(cd "$work" && sqlite3 -bail imp.db ".read floor.sql") || {
			log "load.sh: the sqlite3 floor failed"; return 1; }
		t2=$(ms_now)
		awk -v n="$IMPORT_ROWS" -v a=$((t1 - t0)) -v b=$((t2 - t1)) 'BEGIN {
			printf "-\timport customers, %d rows (rows/s)\t%.0f\n", n, n * 1000 / (a > 0 ? a : 1)
			printf "-\tsqlite3 import floor (rows/s)\t%.0f\n", n * 1000 / (b > 0 ? b : 1) }' >> "$samples"
		r=$((r + 1))
	done
}

# Agents bench1..N (name = login, so the queue's holder column shows it).
add_agents() {   # PREFIX COUNT
	sqlite3 "$cdb" "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $2)
		INSERT OR IGNORE INTO agents(login, name, created_at)
		SELECT '$1' || i, '$1' || i, 0 FROM k" || return 1
}

# One agent's rounds as a new temas process per command: claim, note and
# release its own complaint, ROUNDS times, back to back.  A line per
# command: its name, exit status and, for a claim, its time in ms.
agent_processes() {   # TEMAS DB ID LOGIN ROUNDS OUT [GATE]
	bash -c '
		temas=$1 db=$2 id=$3 me=$4 rounds=$5 out=$6
		# The clock is read without a subshell: a fork per reading
		# would take CPU from the commands being measured.
		r=1
		while [ $r -le $rounds ]; do
			t0=${EPOCHREALTIME/./}
			"$temas" -d "$db" claim "$id" --as "$me" >/dev/null 2>>"$out.err"
			rc=$?
			t1=${EPOCHREALTIME/./}
			echo "claim $rc $(( (t1 - t0) / 1000 ))" >> "$out"
			"$temas" -d "$db" note "$id" --as "$me" --text "round $r" >/dev/null 2>>"$out.err"
			echo "note $? 0" >> "$out"
			"$temas" -d "$db" release "$id" --as "$me" >/dev/null 2>>"$out.err"
			echo "release $? 0" >> "$out"
			r=$((r + 1))
		done' agent "$1" "$2" "$3" "$4" "$5" "$6"
}

# The same rounds through one `temas batch` per agent: each command a
# line, its frame ("LINE EXIT BYTES" and the bytes) read back before the
# next is sent, as a gateway would.  A gateway starts once a shift, so
# each agent first shows its complaint (started, pages read), says it is
# ready, and waits at the gate (a FIFO: opening it blocks until the
# driver opens it too, which lets every agent go at once, no polling).
agent_batch() {   # TEMAS DB ID LOGIN ROUNDS OUT GATE
	LC_ALL=C bash -c '
		temas=$1 db=$2 id=$3 me=$4 rounds=$5 out=$6 gate=$7
		coproc T { exec "$temas" -d "$db" batch 2>>"$out.err"; }
		in=${T[0]} to=${T[1]}
		cmd() {   # NAME LINE
			t0=${EPOCHREALTIME/./}
			printf "%s\n" "$2" >&"$to"
			if ! read -r line rc len <&"$in"; then
				echo "$1 eof 0" >> "$out"
				return 1
			fi
			[ "$len" -gt 0 ] && read -r -N "$len" body <&"$in"
			t1=${EPOCHREALTIME/./}
			[ "$1" = warm ] || echo "$1 $rc $(( (t1 - t0) / 1000 ))" >> "$out"
		}
		# An agent whose batch died is counted ready (its "warm eof"
		# line a failed command), so the driver never waits for it.
		if ! cmd warm "show complaint $id"; then
			: > "$out.ready"
			exit 1
		fi
		: > "$out.ready"
		exec {g}<"$gate"
		r=1
		while [ $r -le $rounds ]; do
			cmd claim "claim $id --as $me" || break
			cmd note "note $id --as $me --text \"round $r\"" || break
			cmd release "release $id --as $me" || break
			r=$((r + 1))
		done
		exec {to}>&-
		wait' agent "$@"
}

# AGENTS agents, each as its own agent (--as, by the user made
# supervisor), claim, note and release their own complaint, ROUNDS times,
# back to back; MODE processes (a temas process per command) or batch
# (one `temas batch` per agent).  Every command's exit status and message
# is kept.
bench_agents() {   # size [MODE]
	mode=${2:-processes}
	add_agents a "$AGENTS" || return 1
	sqlite3 "$cdb" "SELECT id FROM complaints WHERE is_open AND assignee_id IS NULL
		ORDER BY id DESC LIMIT $AGENTS" > "$work/agent_ids"
	if [ "$(wc -l < "$work/agent_ids")" -lt "$AGENTS" ]; then
		log "load.sh: fewer than $AGENTS unassigned complaints; agents skipped"
		return 0
	fi
	rm -f "$work"/agent.* "$work/gate"
	mkfifo "$work/gate" || return 1
	w=1
	for id in $(cat "$work/agent_ids"); do
		"agent_$mode" "$TEMAS" "$cdb" "$id" "a$w" "$ROUNDS" "$work/agent.$w" \
			"$work/gate" &
		w=$((w + 1))
	done
	if [ "$mode" = batch ]; then
		# Every agent ready, or ten minutes' worth of looks.
		i=0
		while [ "$(ls "$work" | grep -c '^agent\.[0-9]*\.ready$')" -lt "$AGENTS" ] &&
			[ $i -lt 6000 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		[ $i -lt 6000 ] || log "load.sh: not every batch agent started"
	fi
	t0=$(ms_now)
	# Opened for reading and writing, a FIFO never blocks: the gate opens.
	exec 8<>"$work/gate"
	wait
	exec 8>&-
	t1=$(ms_now)
	# agent.N holds the figures, agent.N.err the messages.
	cat "$work"/agent.*[0-9] > "$work/agents.all" 2>/dev/null
	cat "$work"/agent.*.err > "$work/agents.err" 2>/dev/null
	n=$(wc -l < "$work/agents.all")
	label="$AGENTS agents ($mode)"
	awk -v size="$1" -v label="$label" -v ms=$((t1 - t0)) -v n="$n" '
		$2 != 0 { bad++ }
		END {
			printf "%s\t%s: commands/s\t%.1f\n", size, label, n * 1000 / (ms > 0 ? ms : 1)
			printf "%s\t%s: failed commands, of %d\t%d\n", size, label, n, bad
		}' "$work/agents.all" >> "$samples"
	sample "$1" "$label: \"database is locked\"" "$(grep -c -i 'locked' "$work/agents.err")"
	awk '$1 == "claim" && $2 == 0 { print $3 }' "$work/agents.all" > "$work/claim_ms"
	percentiles "$work/claim_ms" "$label: claim" "$1"
	if [ -s "$work/agents.err" ]; then
		log "load.sh: agents' messages (first 5):"
		sort "$work/agents.err" | uniq -c | sort -rn | head -5 >&2
	fi
	# The next run starts from the same state: nobody holds them.
	sqlite3 "$cdb" "UPDATE complaints SET assignee_id = NULL WHERE id IN
		($(paste -sd, "$work/agent_ids"))" || return 1
}

# CONSOLES consoles open on the queue, nobody typing: their CPU over
# IDLE_SECS, after ten seconds to start and settle.
bench_idle() {   # size
	"$herd" idle -n "$CONSOLES" -w 10 -t "$IDLE_SECS" -c 120 -r 40 -- \
		"$TEMAS" -d "$cdb" > "$work/idle" 2> "$work/idle.err" || {
		log "load.sh: idle consoles failed: $(cat "$work/idle.err")"; return 1; }
	awk -F '\t' -v size="$1" -v n="$CONSOLES" '
		$1 == "cpu_pct_total" { print size "\tidle CPU, " n " consoles (% of one core)\t" $2 }
		$1 == "cpu_pct_each" { print size "\tidle CPU per console (% of one core)\t" $2 }
	' "$work/idle" >> "$samples"
}

# WATCHERS consoles, tall enough to show CLAIMERS * ROUNDS complaints at
# the top of the queue, while CLAIMERS agents claim them, one new agent
# per claim so that its login in the holder column marks that claim.
# From each claim command's end (its commit is just before) to each
# console's first frame that shows the claimer.
bench_refresh() {   # size
	n=$((CLAIMERS * ROUNDS))
	rows=$((n + 12))
	sqlite3 "$cdb" "UPDATE complaints SET assignee_id = NULL WHERE id IN
		(SELECT id FROM complaints WHERE is_open ORDER BY due_at, id LIMIT $n)" || return 1
	sqlite3 "$cdb" "SELECT id FROM complaints WHERE is_open ORDER BY due_at, id LIMIT $n" \
		> "$work/refresh_ids"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		add_agents "k${r}c" "$CLAIMERS" || return 1
		r=$((r + 1))
	done
	rm -rf "$work/frames" "$work/stop" "$work/claims"
	mkdir -p "$work/frames"
	: > "$work/words"
	"$herd" watch -n "$WATCHERS" -o "$work/frames" -s "$work/stop" -W "$work/words" \
		-c 120 -r "$rows" -- "$TEMAS" -d "$cdb" > "$work/watch" 2> "$work/watch.err" &
	hp=$!
	i=0
	while [ "$(head -1 "$work/watch" 2>/dev/null)" != ready ] && [ $i -lt 1200 ]; do
		sleep 0.1; i=$((i + 1))
		kill -0 $hp 2>/dev/null || break
	done
	if [ "$(head -1 "$work/watch" 2>/dev/null)" != ready ]; then
		log "load.sh: the watching consoles did not start: $(cat "$work/watch.err")"
		touch "$work/stop"; wait $hp; return 1
	fi
	c=1
	while [ $c -le "$CLAIMERS" ]; do
		bash -c '
			temas=$1 db=$2 c=$3 nclaim=$4 rounds=$5 ids=$6 words=$7 out=$8
			r=1
			while [ $r -le $rounds ]; do
				id=$(sed -n "$(( (r - 1) * nclaim + c ))p" "$ids")
				me="k${r}c$c"
				echo "$me" >> "$words"
				"$temas" -d "$db" claim "$id" --as "$me" >/dev/null 2>&1
				rc=$?
				t=${EPOCHREALTIME/./}
				echo "$me $rc $((t / 1000))" >> "$out"
				r=$((r + 1))
			done' claimer "$TEMAS" "$cdb" "$c" "$CLAIMERS" "$ROUNDS" \
			"$work/refresh_ids" "$work/words" "$work/claims" &
		c=$((c + 1))
	done
	wait_claimers() {
		while [ "$(wc -l < "$work/claims" 2>/dev/null || echo 0)" -lt "$n" ]; do
			sleep 0.2
		done
	}
	wait_claimers
	# Time for the last claims to reach every console; a hang, not a limit.
	sleep 5
	touch "$work/stop"
	wait $hp
	awk -v size="$1" -v w="$WATCHERS" -v n="$n" -v out="$work/refresh_ms" '
		FILENAME ~ /claims$/ { if ($2 == 0) done[$1] = $3; next }
		$1 == "seen" && ($2 in done) { d = $4 - done[$2]; print (d < 0 ? 0 : d) > out; seen++ }
		END {
			printf "%s\trefresh: claims shown, of %d x %d consoles\t%d\n", size, n, w, seen
		}' "$work/claims" "$work/watch" >> "$samples"
	percentiles "$work/refresh_ms" "refresh, $WATCHERS consoles, $CLAIMERS claimers" "$1"
}
