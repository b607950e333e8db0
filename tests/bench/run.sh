#!/bin/sh
# run.sh: the benchmark behind `make bench`.  Speed is measured and printed
# next to its target, never asserted.
#
#   run.sh [--small] [--sizes N,N...] [--runs K] [--seed S]
#
# For each size (customers; default 10000 and 1000000) a demo database is
# generated once and kept in the cache ($BENCH_CACHE, default
# $BENCH_DIR/cache), named by size and seed.  Each figure is taken K times
# (default 7) and printed as median, min and max in one table, which is
# also written to $BENCH_DIR/results-YYYYmmdd-HHMMSS.txt.
#
# Needs from the caller (make bench sets them): TEMAS (the program),
# BENCH_BIN (where ptydrive and store_bench are), BENCH_DIR.
set -u

sizes=10000,1000000
runs=7
seed=1
while [ $# -gt 0 ]; do
	case $1 in
	--small) sizes=10000 ;;
	--sizes) shift; sizes=${1:?--sizes needs a list} ;;
	--sizes=*) sizes=${1#--sizes=} ;;
	--runs) shift; runs=${1:?--runs needs a number} ;;
	--runs=*) runs=${1#--runs=} ;;
	--seed) shift; seed=${1:?--seed needs a number} ;;
	--seed=*) seed=${1#--seed=} ;;
	*) echo "run.sh: unknown argument '$1'; usage: run.sh [--small] [--sizes N,N...] [--runs K] [--seed S]" >&2
	   exit 2 ;;
	esac
	shift
done
case $runs in ''|*[!0-9]*|0) echo "run.sh: --runs: '$runs' is not a positive number" >&2; exit 2 ;; esac

: "${TEMAS:?run.sh: TEMAS is not set (run it with make bench)}"
: "${BENCH_BIN:?run.sh: BENCH_BIN is not set (run it with make bench)}"
: "${BENCH_DIR:?run.sh: BENCH_DIR is not set (run it with make bench)}"
BENCH_CACHE=${BENCH_CACHE:-$BENCH_DIR/cache}
here=$(cd "$(dirname "$0")" && pwd)
ptydrive=$BENCH_BIN/ptydrive
store_bench=$BENCH_BIN/store_bench
command -v sqlite3 >/dev/null 2>&1 || { echo "run.sh: the sqlite3 shell is needed for the floor" >&2; exit 1; }

# The screen the first-screen figures and the page sizes of
# first_screen.sql are for.
COLS=120
ROWS=40
# Concurrent `temas claim` processes, and complaints fought over per run.
WORKERS=20
PER_RUN=10

mkdir -p "$BENCH_DIR" "$BENCH_CACHE" || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/temas-bench.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
samples=$work/samples
: > "$samples"
me=$(id -un)
# The same terminal description on every machine, for comparable bytes;
# none of the user's settings, and the search history kept apart.
TERM=xterm-256color
XDG_CONFIG_HOME=$work/config
XDG_STATE_HOME=$work/state
EDITRC=$work/editrc
export TERM XDG_CONFIG_HOME XDG_STATE_HOME EDITRC
unset TEMAS_THEME NO_COLOR

ms_now() { date +%s%N | sed 's/......$//'; }   # milliseconds (GNU date)
sample() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$samples"; }   # size figure value
log() { printf '%s\n' "$*" >&2; }

# The cached database of N customers, generated on first use.
cached_db() {
	db=$BENCH_CACHE/demo-$1-s$seed.db
	if [ ! -f "$db" ]; then
		log "generating $db (once; a million customers take minutes)"
		rm -f "$db.tmp" "$db.tmp-wal" "$db.tmp-shm"
		t0=$(ms_now)
		"$TEMAS" -d "$db.tmp" demo --customers "$1" --seed "$seed" --quiet || {
			log "run.sh: demo generation failed"; exit 1; }
		echo $(( $(ms_now) - t0 )) > "$db.ms"
		mv "$db.tmp" "$db" || exit 1
	fi
	# How long the demo took when the cached file was made.
	[ -f "$db.ms" ] && sample "$1" "demo --customers $1 (s)" \
		"$(awk '{ printf "%.1f", $1 / 1000 }' "$db.ms")"
	echo "$db"
}

# The console: first screen; Tab twice to the timeline (past the orders,
# whose customer may have only one), one row down (j), a page down
# (Space); back to the queue (q) and the next complaint (j), which opens
# its customer: header, orders and timeline read and drawn; a search for
# a common word, one for a common name and a prefix, each drawn with the first
# hit's customer.  The peak RSS is the whole session's.
bench_console() {   # size db
	r=1
	while [ "$r" -le "$runs" ]; do
		"$ptydrive" -c $COLS -r $ROWS -k '\t' -k '\t' -k j -k ' ' -k q -k j \
			-k '/kargo\r' -k q -k '/mehmet\r' -k q -k '/sipari*\r' \
			-- "$TEMAS" -d "$2" > "$work/pty" 2> "$work/pty.err" || {
			log "run.sh: console run failed: $(cat "$work/pty.err")"; return 1; }
		awk -F '\t' -v size="$1" '
			NR == 1 { print size "\tfirst screen (ms)\t" $2
				  print size "\tfirst screen (bytes)\t" $3 }
			NR == 4 { print size "\tmove one row: j in timeline (ms)\t" $2
				  print size "\tmove one row: j in timeline (bytes)\t" $3 }
			NR == 5 { print size "\tscroll timeline a page (ms)\t" $2
				  print size "\tscroll timeline a page (bytes)\t" $3 }
			NR == 7 { print size "\topen customer: j in queue (ms)\t" $2
				  print size "\topen customer: j in queue (bytes)\t" $3 }
			NR == 8 { print size "\tsearch: /kargo Enter (ms)\t" $2
				  print size "\tsearch: /kargo Enter (bytes)\t" $3 }
			NR == 10 { print size "\tsearch: /mehmet Enter (ms)\t" $2 }
			NR == 12 { print size "\tsearch: /sipari* Enter (ms)\t" $2 }
			$1 == "rss_kb" { printf "%s\tconsole peak RSS (MB)\t%.1f\n", size, $2 / 1024 }
		' "$work/pty" >> "$samples"
		r=$((r + 1))
	done
}

# The floor: the same reads by the sqlite3 shell, timed the same way.
bench_floor() {   # size db
	agent=$(sqlite3 "$2" "SELECT id FROM agents WHERE login='$me'")
	cust=$(sqlite3 "$2" "SELECT customer_id FROM complaints WHERE is_open
		ORDER BY due_at, id LIMIT 1")
	r=1
	while [ "$r" -le "$runs" ]; do
		"$ptydrive" -e -c $COLS -r $ROWS -- sqlite3 -bail \
			-cmd ".parameter init" -cmd ".parameter set @login '$me'" \
			-cmd ".parameter set @me ${agent:-0}" \
			-cmd ".parameter set @cust ${cust:-0}" \
			"$2" ".read $here/first_screen.sql" > "$work/pty" 2>&1 || {
			log "run.sh: sqlite3 floor failed: $(cat "$work/pty")"; return 1; }
		awk -F '\t' -v size="$1" '$1 == "exit" {
			print size "\tsqlite3 first screen (ms)\t" $2 }' "$work/pty" >> "$samples"
		r=$((r + 1))
	done
}

# In-process store figures for screens the console does not have yet.
bench_store() {   # size db
	"$store_bench" --runs "$runs" "$2" > "$work/store" || return 1
	awk -F '\t' -v size="$1" '
		$1 ~ /^search / { print size "\t" $1 " (store, ms)\t" $2; next }
		$1 == "supervisor" { print size "\tsupervisor figures, all (store, ms)\t" $2; next }
		$1 == "supervisor full scan" { print size "\tsupervisor figures, full scan (store, ms)\t" $2; next }
		$1 == "open customer" { print size "\topen customer (store, ms)\t" $2 }
	' "$work/store" >> "$samples"
}

# A copy of the database on which the user is a supervisor, with WORKERS
# more agents: for the supervisor screen and the claims, which write.
make_copy() {   # db
	cdb=$work/copy.db
	log "copying the database"
	sqlite3 "$1" ".backup '$cdb'" || return 1
	chmod o= "$cdb" || return 1
	sqlite3 "$cdb" "INSERT OR IGNORE INTO agents(login, name, created_at)
		VALUES('$me', '$me', 0);
		UPDATE agents SET role='supervisor' WHERE login='$me'" || return 1
	w=1
	while [ $w -le $WORKERS ]; do
		# 4: already an agent (a database that had the bench before).
		"$TEMAS" -d "$cdb" agent add "bench$w" >/dev/null 2>&1 ||
			[ $? -eq 4 ] || return 1
		w=$((w + 1))
	done
}

# The supervisor screen (S), then Tab through its sections to Churn/CLV,
# which is read only once shown: the console draws the section empty,
# and reads it when its wait for a key next times out (half a second),
# so the figure is from the Tab to the frame that shows it.
bench_super() {   # size
	r=1
	while [ "$r" -le "$runs" ]; do
		"$ptydrive" -c $COLS -r $ROWS -k S -k '\t' -k '\t' -k '\t' -k '\t' -k '' \
			-- "$TEMAS" -d "$cdb" > "$work/pty" 2> "$work/pty.err" || {
			log "run.sh: supervisor run failed: $(cat "$work/pty.err")"; return 1; }
		awk -F '\t' -v size="$1" '
			NR == 2 { print size "\tsupervisor screen: S (ms)\t" $2
				  print size "\tsupervisor screen: S (bytes)\t" $3 }
			NR == 6 { tab = $2 }
			NR == 7 { print size "\tsupervisor churn section: Tab (ms)\t" tab + $2 }
			$1 == "rss_kb" { printf "%s\tsupervisor console peak RSS (MB)\t%.1f\n", size, $2 / 1024 }
		' "$work/pty" >> "$samples"
		r=$((r + 1))
	done
}

# `temas report --format json` (the last 30 days) start to exit, from the
# summary tables and, for comparison, with --full-scan (from the rows).
bench_report() {   # size
	for how in summaries full; do
		r=1
		while [ "$r" -le "$runs" ]; do
			t0=$(ms_now)
			if [ $how = full ]; then
				"$TEMAS" -d "$cdb" report --format json --full-scan > /dev/null
			else
				"$TEMAS" -d "$cdb" report --format json > /dev/null
			fi || { log "run.sh: temas report failed"; return 1; }
			t1=$(ms_now)
			if [ $how = full ]; then
				sample "$1" "report --format json, full scan (ms)" $((t1 - t0))
			else
				sample "$1" "report --format json (ms)" $((t1 - t0))
			fi
			r=$((r + 1))
		done
	done
}

# WORKERS processes claim the same PER_RUN complaints, in the same order,
# each as its own agent (--as, by the user made supervisor) on the copy.
bench_claims() {   # size
	sqlite3 "$cdb" "SELECT id FROM complaints WHERE is_open AND assignee_id IS NULL
		ORDER BY id LIMIT $((runs * PER_RUN))" > "$work/ids"
	if [ "$(wc -l < "$work/ids")" -lt $((runs * PER_RUN)) ]; then
		log "run.sh: fewer than $((runs * PER_RUN)) unassigned complaints; claims skipped"
		return 0
	fi
	: > "$work/rc"
	r=1
	while [ "$r" -le "$runs" ]; do
		ids=$(sed -n "$(( (r - 1) * PER_RUN + 1 )),$(( r * PER_RUN ))p" "$work/ids")
		t0=$(ms_now)
		w=1
		while [ $w -le $WORKERS ]; do
			(
				for id in $ids; do
					"$TEMAS" -d "$cdb" claim "$id" --as "bench$w" \
						>/dev/null 2>>"$work/claim.err"
					echo "$?" >> "$work/rc.$w"
				done
			) &
			w=$((w + 1))
		done
		wait
		t1=$(ms_now)
		awk -v n=$((WORKERS * PER_RUN)) -v ms=$((t1 - t0)) -v size="$1" 'BEGIN {
			printf "%s\tclaims/s, %d processes\t%.1f\n", size, '$WORKERS', n * 1000 / (ms > 0 ? ms : 1) }' >> "$samples"
		cat "$work"/rc.* >> "$work/rc"
		rm -f "$work"/rc.*
		r=$((r + 1))
	done
	errors=$(grep -c -v -e '^0$' -e '^4$' "$work/rc")
	won=$(grep -c '^0$' "$work/rc")
	# A claim while another agent holds it: two claims of one complaint
	# with no release between them.
	double=$(sqlite3 "$cdb" "
		SELECT count(*) FROM audit a WHERE a.action = 'claim' AND (
		  SELECT b.action FROM audit b WHERE b.complaint_id = a.complaint_id
		    AND b.action IN ('claim', 'release') AND b.id < a.id
		  ORDER BY b.id DESC LIMIT 1) = 'claim'")
	sample "$1" "double claims (audit)" "$double"
	sample "$1" "claim errors (not won, not taken)" "$errors"
	sample "$1" "claims won, of $((runs * PER_RUN))" "$won"
}

. "$here/load.sh"
. "$here/assign.sh"
. "$here/ingest.sh"

started=$(date +%Y%m%d-%H%M%S)
log "import: $IMPORT_ROWS customers, temas and the sqlite3 floor"
bench_import || exit 1
for size in $(echo "$sizes" | tr ',' ' '); do
	case $size in ''|*[!0-9]*) echo "run.sh: --sizes: '$size' is not a number" >&2; exit 2 ;; esac
	db=$(cached_db "$size") || exit 1
	log "size $size: console"
	bench_console "$size" "$db" || exit 1
	log "size $size: sqlite3 floor"
	bench_floor "$size" "$db" || exit 1
	log "size $size: store"
	bench_store "$size" "$db" || exit 1
	make_copy "$db" || exit 1
	log "size $size: $AFTER_BULK messages filed one after another"
	bench_after_bulk "$size" || exit 1
	log "size $size: supervisor screen"
	bench_super "$size" || exit 1
	log "size $size: report"
	bench_report "$size" || exit 1
	log "size $size: claims"
	bench_claims "$size" || exit 1
	log "size $size: arrivals with auto-assignment"
	bench_arrivals "$size" || exit 1
	log "size $size: filing one message"
	bench_ingest "$size" || exit 1
	# Hundreds of processes: on the largest size only.
	if [ "$size" = "$(echo "$sizes" | tr ',' '\n' | tail -1)" ]; then
		log "size $size: $AGENTS agents, $ROUNDS rounds of claim, note, release"
		bench_agents "$size" processes || exit 1
		log "size $size: the same through one temas batch per agent"
		bench_agents "$size" batch || exit 1
		log "size $size: $CONSOLES idle consoles, $IDLE_SECS s"
		bench_idle "$size" || exit 1
		log "size $size: $WATCHERS consoles while $CLAIMERS agents claim"
		bench_refresh "$size" || exit 1
	fi
	rm -f "$cdb" "$cdb-wal" "$cdb-shm"
done

# One table: figures in the order first seen, each size in turn.
result=$BENCH_DIR/results-$started.txt
{
	echo "temas benchmark $started: sizes $sizes (customers), $runs runs, seed $seed"
	echo "machine: $(uname -sm), $(nproc 2>/dev/null || echo '?') CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
	echo "console: ${COLS}x$ROWS; targets are printed, not asserted"
	echo
	first=$(echo "$sizes" | cut -d, -f1)
	awk -F '\t' -v first="$first" '
	# Median, min and max of the values of one size and figure.
	function stats(z, f,   n, i, j, t) {
		n = cnt[z, f]
		for (i = 1; i <= n; i++)
			v[i] = val[z, f, i]
		for (i = 2; i <= n; i++) {   # insertion sort: a handful of values
			t = v[i]
			for (j = i - 1; j >= 1 && v[j] > t; j--)
				v[j + 1] = v[j]
			v[j + 1] = t
		}
		med[z, f] = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		lo[z, f] = v[1]
		hi[z, f] = v[n]
	}
	function target(f) {
		if (f == "first screen (ms)") return "<= 2x floor"
		if (f ~ /^move one row.*bytes/) return "< 200"
		if (f ~ /bytes/) return "-"
		if (f ~ /^open customer/) return "<= 5 ms"
		if (f ~ /^search/) return "<= 10 ms"
		if (f ~ /RSS/) return "<= 16 MB"
		if (f ~ /^double claims/ || f ~ /^claim errors/) return "0"
		if (f ~ /^double assignments/ || f ~ /^agents above capacity/ || f ~ /^arrival errors/) return "0"
		if (f == "supervisor figures, all (store, ms)" || f == "report --format json (ms)")
			return "<= 100 ms, flat"
		if (f ~ /^demo --customers 1000000/) return "<= 90 s"
		if (f ~ /^ingest: /) return "flat 10k -> 1M"
		if (f ~ /^filing after a bulk build: slowest/) return "<= 1000 ms"
		if (f ~ /^import customers/) return "<= 1.5x floor"
		if (f ~ /agents.*: failed/ || f ~ /is locked/) return "0"
		if (f ~ /claim p99/ || f ~ /^refresh.*p99/) return "<= 1000 ms"
		if (f ~ /^idle CPU, /) return "<= 5 (200 consoles)"
		return "-"
	}
	function fmt(x) { return x == int(x) ? sprintf("%d", x) : sprintf("%.2f", x) }
	function row(label, f, z, fl, ratio, tg) {
		printf "%-40s %8s %9s %9s %9s %9s %6s  %s\n", label, z, fmt(med[z, f]),
			fmt(lo[z, f]), fmt(hi[z, f]), fl, ratio, tg
	}
	{
		if (!(($2) in seenf)) { seenf[$2] = 1; figs[++nf] = $2 }
		if (!(($1) in seens)) { seens[$1] = 1; szs[++ns] = $1 }
		val[$1, $2, ++cnt[$1, $2]] = $3 + 0
	}
	END {
		for (s = 1; s <= ns; s++)
			for (k = 1; k <= nf; k++)
				if (cnt[szs[s], figs[k]] > 0)
					stats(szs[s], figs[k])
		fl0 = "sqlite3 first screen (ms)"
		fli = "sqlite3 import floor (rows/s)"
		printf "%-40s %8s %9s %9s %9s %9s %6s  %s\n", "figure", "size",
			"median", "min", "max", "floor", "ratio", "target"
		for (k = 1; k <= nf; k++) {
			f = figs[k]
			if (f == fl0 || f == fli)
				continue
			for (s = 1; s <= ns; s++) {
				z = szs[s]
				if (cnt[z, f] == 0)
					continue
				if (f ~ /^import customers/ && cnt[z, fli] > 0 && med[z, f] > 0)
					row(f, f, z, fmt(med[z, fli]),
					    sprintf("%.2f", med[z, fli] / med[z, f]), target(f))
				else if (f == "first screen (ms)" && cnt[z, fl0] > 0 && med[z, fl0] > 0)
					row(f, f, z, fmt(med[z, fl0]),
					    sprintf("%.2f", med[z, f] / med[z, fl0]), target(f))
				else
					row(f, f, z, "-", "-", target(f))
			}
			if (f != "first screen (ms)" || cnt[first, f] == 0 || med[first, f] <= 0)
				continue
			for (s = 1; s <= ns; s++) {
				z = szs[s]
				if (z == first || cnt[z, f] == 0)
					continue
				row("first screen vs " first " (ms)", f, z, fmt(med[first, f]),
				    sprintf("%.2f", med[z, f] / med[first, f]),
				    "<= 1.5x the " first " size")
			}
		}
	}' "$samples"
	echo
	echo "floor: the same reads by the sqlite3 shell (tests/bench/first_screen.sql), start to exit."
	echo "import: $IMPORT_ROWS generated customers into a new database; its floor is the sqlite3"
	echo "shell's .import into a table and one INSERT ... SELECT into customers, same triggers"
	echo "(ratio: floor rows/s over temas rows/s).  Agents: $AGENTS processes, $ROUNDS rounds of"
	echo "claim, note, release, each as its own agent (--as); claim times are whole commands."
	echo "Idle: $CONSOLES consoles in pseudo-terminals on the queue, CPU (utime+stime from"
	echo "/proc/PID/stat) over $IDLE_SECS s.  Refresh: $WATCHERS consoles while $CLAIMERS agents claim"
	echo "$ROUNDS times each; from a claim command's end to each console's frame showing it."
	echo "Every console is the same agent (the user running the benchmark)."
	echo "(store): timed in-process by store_bench, the store's share of the console's figures:"
	echo "search (top 50 of each kind), every supervisor figure at once (churn included), and"
	echo "opening a customer.  The first run of each also prepares its statements."
	echo
	echo "search recall and precision: $BENCH_BIN/recall_bench, generated Turkish and English"
	echo "complaint messages, fold-and-suffix ground truth; each query as typed (words) and as a"
	echo "prefix.  Target: recall >= 0.95 and precision >= 0.9 as typed."
	"$BENCH_BIN/recall_bench" "$work/recall.db" ||
		echo "recall_bench failed"
	echo
	echo "SLA due times in working time: $BENCH_BIN/sla_bench, 20000 open complaints opened over a"
	echo "year (2025-07-01 to 2026-06-30) on a channel with the shipped Turkish calendar; the"
	echo "first response and resolution due of each, median/min/max of $runs runs (ms)."
	"$BENCH_BIN/sla_bench" --runs "$runs" "$here/../../calendars/tr.cal" ||
		echo "sla_bench failed"
	echo
	sh "$here/bytes.sh" "$ptydrive" "$TEMAS" "$(cached_db "$first")" "$work" ||
		echo "bytes.sh failed"
} > "$result"
cat "$result"
echo "written to $result" >&2
