#!/bin/sh
# bytes.sh: bytes sent to the terminal per j at 80x24, the console's queue
# beside tig's main view on the same terminal description, for `make
# bench` (run.sh calls it).
#
#   bytes.sh PTYDRIVE TEMAS DB WORKDIR
#
# Two ways of pressing j, N times each from the top of the list: one at a
# time, the screen settled after each (the customer panes below the queue
# show each complaint's customer), and held (a key every 33 ms, as
# auto-repeat sends it).  A frame is output followed by 300 ms of silence,
# for both programs alike.  tig runs on a generated repository of plain
# one-line commits with Turkish subjects, in a page taller than N.
#
# tig's main view alone redraws two rows and its status line per j; the
# console redraws two queue rows and the customer panes below, which show
# the next complaint's customer.  So the settled j is also split by rows
# (queue, customer panes, bars), and tig is measured doing the same job:
# the main view with the commit's diff split below it, Down moving the
# selection and the diff following it.
set -u
ptydrive=$1 temas=$2 db=$3 work=$4
# tig runs in its repository: the tools by absolute path.
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
ptydrive=$(abs "$ptydrive") temas=$(abs "$temas") db=$(abs "$db")
N=20
TERM=xterm-256color
export TERM

if ! command -v tig >/dev/null 2>&1 || ! command -v git >/dev/null 2>&1; then
	echo "bytes per j: tig or git is not installed (apt-get install tig); skipped"
	exit 0
fi
repo=$work/tigrepo
rm -rf "$repo"
mkdir -p "$repo" && (
	cd "$repo" && git init -q . && i=1 &&
	while [ $i -le 200 ]; do
		echo "$i" > f && git add f &&
		GIT_AUTHOR_DATE="2026-01-01T00:00:00" GIT_COMMITTER_DATE="2026-01-01T00:00:00" \
		git -c user.name="Ayşe Yılmaz" -c user.email=ayse@example.com \
			commit -q -m "Sipariş iadesi için kargo takibi düzeltmesi $i" || exit 1
		i=$((i + 1))
	done
) || { echo "bytes per j: cannot make the tig repository; skipped"; exit 0; }

steps=
k=1
while [ $k -le $N ]; do steps="$steps -k j"; k=$((k + 1)); done
held=$(printf "%${N}s" | tr ' ' j)

# settled|held|split CMD...: bytes per j (split: Enter opens the diff
# below, not counted, then Down N times).
per_j() {
	mode=$1; shift
	case $mode in
	settled) "$ptydrive" -c 80 -r 24 -q 300 $steps -- "$@" ;;
	held) "$ptydrive" -c 80 -r 24 -q 300 -p 33 -k "$held" -- "$@" ;;
	split) "$ptydrive" -c 80 -r 24 -q 300 -k '\r' $downs -- "$@" ;;
	esac 2>/dev/null | awk -F '\t' -v n=$N -v skip=$([ "$mode" = split ] && echo 2 || echo 1) '
		NR > skip && $1 != "rss_kb" { s += $3 }
		END { printf "%.0f", s / n }'
}
downs=
k=1
while [ $k -le $N ]; do downs="$downs -k \\eOB"; k=$((k + 1)); done

# The settled j's bytes by the rows they went to, at 80x24: the queue
# (rows 2-10), the tab bar and the customer panes (11-23), the two bars
# (1 and 24).
t_rows=$("$ptydrive" -w -c 80 -r 24 -q 300 $steps -- "$temas" -d "$db" 2>/dev/null |
	awk -v n=$N '$1 == "bytes" {
		for (i = 2; i <= NF; i++) {
			split($i, rb, ":")
			if (rb[1] >= 2 && rb[1] <= 10) q += rb[2]
			else if (rb[1] >= 11 && rb[1] <= 23) c += rb[2]
			else b += rb[2]
		}
	}
	END { printf "%.0f %.0f %.0f", q / n, c / n, b / n }')
t_set=$(per_j settled "$temas" -d "$db")
t_held=$(per_j held "$temas" -d "$db")
g_set=$(cd "$repo" && HOME=$repo TIGRC_USER=/dev/null per_j settled tig)
g_held=$(cd "$repo" && HOME=$repo TIGRC_USER=/dev/null per_j held tig)
g_split=$(cd "$repo" && HOME=$repo TIGRC_USER=/dev/null per_j split tig)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
printf '%-34s %8s %8s %6s  %s\n' "bytes per j, 80x24, $TERM" temas tig ratio target
printf '%-34s %8s %8s %6s  %s\n' "j, screen settled each time" "$t_set" "$g_set" \
	"$(ratio "$t_set" "$g_set")" "- (the customer below changes)"
printf '%-34s %8s %8s %6s  %s\n' "j held (33 ms apart)" "$t_held" "$g_held" \
	"$(ratio "$t_held" "$g_held")" "<= 1"
set -- $t_rows
printf '%-34s %8s %8s %6s  %s\n' "  of which queue rows" "$1" "$g_set" \
	"$(ratio "$1" "$g_set")" "<= 1 (tig: its two rows and status)"
printf '%-34s %8s %8s %6s  %s\n' "  of which customer panes, bars" "$2, $3" "-" "-" \
	"- (a different customer)"
printf '%-34s %8s %8s %6s  %s\n' "j settled; tig: Down, diff below" "$t_set" "$g_split" \
	"$(ratio "$t_set" "$g_split")" "<= 1 (both redraw the lower pane)"
