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

# settled|held CMD...: bytes per j.
per_j() {
	mode=$1; shift
	if [ "$mode" = settled ]; then
		"$ptydrive" -c 80 -r 24 -q 300 $steps -- "$@"
	else
		"$ptydrive" -c 80 -r 24 -q 300 -p 33 -k "$held" -- "$@"
	fi 2>/dev/null | awk -F '\t' -v n=$N '
		NR > 1 && $1 != "rss_kb" { s += $3 }
		END { printf "%.0f", s / n }'
}

t_set=$(per_j settled "$temas" -d "$db")
t_held=$(per_j held "$temas" -d "$db")
g_set=$(cd "$repo" && HOME=$repo TIGRC_USER=/dev/null per_j settled tig)
g_held=$(cd "$repo" && HOME=$repo TIGRC_USER=/dev/null per_j held tig)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
printf '%-34s %8s %8s %6s  %s\n' "bytes per j, 80x24, $TERM" temas tig ratio target
printf '%-34s %8s %8s %6s  %s\n' "j, screen settled each time" "$t_set" "$g_set" \
	"$(ratio "$t_set" "$g_set")" "- (the customer below changes)"
printf '%-34s %8s %8s %6s  %s\n' "j held (33 ms apart)" "$t_held" "$g_held" \
	"$(ratio "$t_held" "$g_held")" "<= 1"
