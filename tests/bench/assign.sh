# assign.sh: the auto-assignment figure of `make bench`, read by run.sh
# (which sets TEMAS, work, runs, sample, ms_now and the copy $cdb).
#
#   bench_arrivals SIZE   ARRIVALS processes file a message each at once on
#                         a channel with auto-assignment: arrivals/s, p99
#                         latency, double assignments, agents over capacity
#
# ARRIVALS processes at once each file one new complaint (temas ingest
# --json) on a channel with auto-assignment (least-loaded) against
# ASSIGN_AGENTS online agents of capacity ASSIGN_CAP, on the copy.  Each
# process's time from start to exit is its arrival's latency (filing and
# assignment in one transaction, the process's start included).  Before
# each run the bench agents' complaints are closed, so every run starts
# with room for ASSIGN_AGENTS * ASSIGN_CAP.
ARRIVALS=50
ASSIGN_AGENTS=5
ASSIGN_CAP=8
bench_arrivals() {   # size
	w=1
	while [ $w -le $ASSIGN_AGENTS ]; do
		# 4: already an agent (an earlier size's run on this copy).
		{ "$TEMAS" -d "$cdb" agent add "arr$w" >/dev/null 2>&1 || [ $? -eq 4 ]; } &&
			"$TEMAS" -d "$cdb" agent capacity "arr$w" $ASSIGN_CAP >/dev/null || return 1
		w=$((w + 1))
	done
	"$TEMAS" -d "$cdb" assign-rule set email least-loaded >/dev/null || return 1
	ag="SELECT id FROM agents WHERE login GLOB 'arr[0-9]*'"
	: > "$work/arr.err"
	r=1
	while [ "$r" -le "$runs" ]; do
		# Online for the run: a heartbeat an hour ahead (no console runs).
		sqlite3 "$cdb" "UPDATE complaints SET status='closed', resolution='bench',
			closed_at=strftime('%s','now') WHERE assignee_id IN ($ag) AND is_open;
			INSERT OR REPLACE INTO agent_seen(agent_id, pid, seen_at)
			SELECT id, 1, strftime('%s','now') + 3600 FROM agents WHERE id IN ($ag)" || return 1
		: > "$work/lat"
		t0=$(ms_now)
		i=1
		while [ $i -le $ARRIVALS ]; do
			(
				a0=$(ms_now)
				printf '{"channel": "email", "from": "arrival-%d-%d@example.com", "subject": "Kargo", "text": "Siparişim gelmedi."}\n' \
					"$r" "$i" | "$TEMAS" -d "$cdb" ingest --json >/dev/null 2>>"$work/arr.err" ||
					echo "exit $?" >> "$work/arr.err"
				a1=$(ms_now)
				echo $((a1 - a0)) >> "$work/lat"
			) &
			i=$((i + 1))
		done
		wait
		t1=$(ms_now)
		awk -v n=$ARRIVALS -v ms=$((t1 - t0)) -v size="$1" 'BEGIN {
			printf "%s\tarrivals/s, %d processes at once\t%.1f\n", size, n, n * 1000 / (ms > 0 ? ms : 1) }' >> "$samples"
		sort -n "$work/lat" | awk -v size="$1" '{ v[NR] = $1 } END {
			i = int(NR * 0.99 + 0.999); if (i < 1) i = 1
			printf "%s\tarrival p99 latency, filed and assigned (ms)\t%d\n", size, v[i]
			printf "%s\tarrival median latency (ms)\t%d\n", size, v[int((NR + 1) / 2)] }' >> "$samples"
		sample "$1" "arrivals assigned, of $ARRIVALS (room for $((ASSIGN_AGENTS * ASSIGN_CAP)))" \
			"$(sqlite3 "$cdb" "SELECT count(*) FROM complaints WHERE assignee_id IN ($ag) AND is_open")"
		sample "$1" "agents above capacity" "$(sqlite3 "$cdb" "SELECT count(*) FROM (SELECT assignee_id
			FROM complaints WHERE assignee_id IN ($ag) AND is_open GROUP BY assignee_id
			HAVING count(*) > $ASSIGN_CAP)")"
		r=$((r + 1))
	done
	sample "$1" "double assignments (audit)" "$(sqlite3 "$cdb" "SELECT count(*) - count(DISTINCT complaint_id)
		FROM audit WHERE action = 'auto-assign' AND detail LIKE 'auto-assigned%'")"
	sample "$1" "arrival errors" "$(grep -c -v -e ' assigned to arr' -e 'left unassigned' "$work/arr.err")"
	# What they said, in the log: the work directory goes at the end.
	grep -v -e ' assigned to arr' -e 'left unassigned' "$work/arr.err" |
		sed "s/^/size $1: arrival error: /" | head -20 >&2
}
