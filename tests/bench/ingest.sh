# ingest.sh: the filing figures of `make bench`, read by run.sh (which
# sets TEMAS, work, runs, sample, ms_now and the copy $cdb).
#
#   bench_after_bulk SIZE  AFTER_BULK messages from new addresses, filed
#                       one after another by `temas ingest` on the copy
#                       of the file the demo built in bulk, before any
#                       other write: the slowest and the median (ms)
#   bench_ingest SIZE   one message at a time, filed by `temas ingest`:
#                       a chat from a customer's phone, a chat from a
#                       phone no customer has, a mail from an address no
#                       customer has; the process's whole run each (ms)
#
# Before each message temas finds its sender among every customer, by the
# phone's digits or the address whatever its case.  The floor is the
# sqlite3 shell finding a sender by the same phone digits with the same
# request (its start included), so the figures say whether filing grows
# with the customers: it read every customer until the lookups had
# indexes of their own.
# Each message adds a customer and a message to the search indexes.  An
# index the demo merged into one piece used to be merged whole again by
# one of the first few hundred writes, inside that write: seconds at 100k
# customers, most of a minute at a million.
AFTER_BULK=400
bench_after_bulk() {   # size
	: > "$work/lat"
	: > "$work/after.err"
	i=1
	while [ $i -le $AFTER_BULK ]; do
		t0=$(ms_now)
		printf '{"channel":"email","from":"bulk-%s-%s@example.net","subject":"Kargo","text":"Siparişim %s hâlâ gelmedi, kargo firması iade diyor"}\n' \
			"$1" "$i" "$i" | "$TEMAS" -d "$cdb" ingest --json >/dev/null 2>>"$work/after.err" ||
			{ log "after bulk: message $i: $(tail -1 "$work/after.err")"; return 1; }
		echo $(($(ms_now) - t0)) >> "$work/lat"
		i=$((i + 1))
	done
	sort -n "$work/lat" > "$work/lat.sorted"
	sample "$1" "filing after a bulk build: slowest of $AFTER_BULK (ms)" "$(tail -1 "$work/lat.sorted")"
	sample "$1" "filing after a bulk build: median of $AFTER_BULK (ms)" "$(sed -n "$((AFTER_BULK / 2))p" "$work/lat.sorted")"
}

bench_ingest() {   # size
	phone=$(sqlite3 "$cdb" "SELECT phone FROM customers WHERE phone IS NOT NULL
		AND erased_at IS NULL ORDER BY id DESC LIMIT 1")
	digits=$(printf '%s' "$phone" | tr -cd '0-9' | sed 's/^90//; s/^0//')
	: > "$work/ingest.err"
	r=1
	while [ "$r" -le "$runs" ]; do
		t0=$(ms_now)
		printf '{"channel":"chat","phone":"%s","text":"Merhaba","message_id":"bench-known-%s-%s"}\n' \
			"$phone" "$1" "$r" | "$TEMAS" -d "$cdb" ingest --json >/dev/null 2>>"$work/ingest.err"
		t1=$(ms_now)
		printf '{"channel":"chat","phone":"0 599 %03d %04d","text":"Merhaba","message_id":"bench-new-%s-%s"}\n' \
			$((r % 1000)) $(($1 % 10000)) "$1" "$r" |
			"$TEMAS" -d "$cdb" ingest --json >/dev/null 2>>"$work/ingest.err"
		t2=$(ms_now)
		printf 'From: Yeni <bench-%s-%s@example.net>\nTo: destek@example.com.tr\nSubject: Kargo\nMessage-ID: <bench-%s-%s@example.net>\n\nSiparişim nerede?\n' \
			"$1" "$r" "$1" "$r" | "$TEMAS" -d "$cdb" ingest >/dev/null 2>>"$work/ingest.err"
		t3=$(ms_now)
		sqlite3 "$cdb" "SELECT id FROM customers WHERE erased_at IS NULL AND phone IS NOT NULL
			AND replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''),
			'(', ''), ')', ''), '+', ''), '.', '') IN ('$digits', '0$digits', '90$digits')
			ORDER BY id LIMIT 1" >/dev/null
		t4=$(ms_now)
		sample "$1" "ingest: chat from a customer's phone (ms)" $((t1 - t0))
		sample "$1" "ingest: chat from a new phone (ms)" $((t2 - t1))
		sample "$1" "ingest: mail from a new address (ms)" $((t3 - t2))
		sample "$1" "sqlite3 sender by phone, floor (ms)" $((t4 - t3))
		r=$((r + 1))
	done
	[ -s "$work/ingest.err" ] && log "ingest: $(head -3 "$work/ingest.err")"
	return 0
}
