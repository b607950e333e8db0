#!/bin/sh
# run.sh [SECONDS] [TARGET...]: build every fuzz harness with libFuzzer,
# AddressSanitizer and UBSan (clang), and run each for SECONDS (default 60).
#
# Seeds come from tests/fuzz/corpus/<target>/ and are never written to;
# what the fuzzer learns goes to <build>/corpus/<target>/ and crashing
# inputs to <build>/crash-<target>-*.  The build directory is build-fuzz/
# at the top of the source tree, or $FUZZ_BUILD.  Not part of `make check`:
# there the stored corpus is replayed through the same harnesses instead.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
bdir=${FUZZ_BUILD:-$src/build-fuzz}
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
command -v clang >/dev/null || { echo "run.sh: clang is needed" >&2; exit 1; }

[ -x "$src/configure" ] || (cd "$src" && ./bootstrap)
mkdir -p "$bdir"
if [ ! -f "$bdir/Makefile" ]; then
	(cd "$bdir" && "$src/configure" -q CC=clang \
		CFLAGS="-g -O1 -fsanitize=fuzzer-no-link $san")
fi
make -s -C "$bdir" libtemas_text.a libtemas_ui.a

targets=$*
if [ -z "$targets" ]; then
	for f in "$src"/tests/fuzz/fuzz_*.c; do
		t=${f##*/fuzz_}
		targets="$targets ${t%.c}"
	done
fi

status=0
for t in $targets; do
	bin="$bdir/fuzz_$t"
	case $t in
	theme) libs="$bdir/libtemas_ui.a $bdir/libtemas_text.a $(pkg-config --libs ncursesw)"
	       inc=$(pkg-config --cflags ncursesw) ;;
	*)     libs="$bdir/libtemas_text.a"; inc="" ;;
	esac
	clang -g -O1 -fsanitize=fuzzer $san -I"$src/include" -I"$bdir" $inc \
		-I"$src/tests/fuzz" "$src/tests/fuzz/fuzz_$t.c" $libs -lm -o "$bin"
	mkdir -p "$bdir/corpus/$t"
	log="$bdir/fuzz-$t.log"
	echo "fuzz $t: ${secs}s"
	if "$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 \
		-rss_limit_mb=4096 -print_final_stats=1 \
		-artifact_prefix="$bdir/crash-$t-" \
		"$bdir/corpus/$t" "$src/tests/fuzz/corpus/$t" >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "fuzz $t: ok, ${execs:-?} executions, corpus $(ls "$bdir/corpus/$t" | wc -l) files"
	else
		status=1
		echo "fuzz $t: FAILED, see $log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*broken promise)' "$log" | head -5
		ls "$bdir"/crash-"$t"-* 2>/dev/null | head -3
	fi
done
exit $status
