#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzz harnesses of the parsers of remote-, guest- and file-supplied bytes
# (README): build them (clang, libFuzzer, ASan, UBSan), replay every seed
# of corpus/<harness>/ and every input of regressions/<harness>/ (none may
# crash), then fuzz each harness for a bounded time from a scratch copy of
# its corpus in build/fuzz/<harness>/corpus.  An input that crashes is
# saved in regressions/<harness>/ (commit it with the fix) and fails the
# test.  Prints TAP, and per harness: executions, coverage (libFuzzer's
# cov and ft at the end), crashes.  Exits 1 on any failure.
#
#   run.sh [--seconds N] [--runs N] [HARNESS...]
#     --seconds N  fuzz each harness N seconds (default 8: make check)
#     --runs N     N executions each (make fuzz FUZZ_RUNS=N); with
#                  --seconds too, whichever limit comes first
#   FUZZ_OUT=DIR   build and scratch directory (default build/fuzz)
#
# Runtime in make check: 6 harnesses x 8 s of fuzzing, plus about 2 s
# each of start-up and replays, plus the build (-j2): 19 checks.  With 5
# harnesses it measured 80 s from an empty build directory (109 s at 10 s
# a harness while other work kept both cores busy).
# make fuzz FUZZ_SECONDS=N runs it with N.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
OUT=${FUZZ_OUT:-$ROOT/build/fuzz}

seconds=
runs=
while [ $# -gt 0 ]; do
	case "$1" in
	--seconds) seconds=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	-h|--help) sed -n '3,21s/^# \{0,1\}//p' "$0"; exit 0 ;;
	--) shift; break ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
harnesses=${*:-$(make -s -C "$HERE" list)}
# Scratch files (the proxyd harness rebuilds its directory tree after each
# input that wrote to it) on tmpfs: three times the executions of a disk.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	export TMPDIR=/dev/shm
fi
[ -n "$runs" ] || seconds=${seconds:-8}

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
diag() { sed 's/^/# /'; }

# clang and libFuzzer (libclang-rt-14-dev), installed if missing.
if ! command -v clang >/dev/null ||
   ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
	>/dev/null 2>&1; then
	"$ROOT/tools/testing/kernels.sh" fuzz-deps >&2 ||
		{ echo "Bail out! cannot install clang and libFuzzer"; exit 1; }
fi
mkdir -p "$OUT"
if make -s -C "$HERE" -j2 OUT="$OUT" >"$OUT/build.log" 2>&1; then
	ok "harnesses build: $harnesses"
else
	not_ok "harnesses build"
	diag <"$OUT/build.log"
	echo "1..$n"
	exit 1
fi

# replay HARNESS DIR WHAT: every input of DIR once
replay() {
	local h=$1 dir=$2 what=$3 log=$OUT/$1/replay.log files
	files=("$dir"/*)
	if [ ! -e "${files[0]}" ]; then
		ok "$h: no $what to replay"
		return
	fi
	if "$OUT/$h/${h}_fuzz" "${files[@]}" >"$log" 2>&1; then
		ok "$h: ${#files[@]} $what replayed"
	else
		not_ok "$h: $what crash (log: $log)"
		grep -E 'Running: |ERROR|SUMMARY|runtime error' "$log" | tail -n 8 | diag
	fi
}

# fuzz HARNESS: bounded run; report and keep crashes
fuzz() {
	local h=$1 dir=$OUT/$1 log=$OUT/$1/fuzz.log opts crash found=0 \
		execs cov ft t0 dt
	mkdir -p "$dir/corpus" "$dir/artifacts"
	rm -f "$dir/artifacts/"*
	cp -n "$HERE/corpus/$h/"* "$dir/corpus/" 2>/dev/null
	opts=(-timeout=10 -rss_limit_mb=2048 -close_fd_mask=3
	      -print_final_stats=1 "-artifact_prefix=$dir/artifacts/")
	[ -n "$runs" ] && opts+=("-runs=$runs")
	[ -n "$seconds" ] && opts+=("-max_total_time=$seconds")
	[ -f "$HERE/$h.dict" ] && opts+=("-dict=$HERE/$h.dict")
	t0=$(date +%s)
	"$dir/${h}_fuzz" "${opts[@]}" "$dir/corpus" >"$log" 2>&1
	dt=$(($(date +%s) - t0))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2)
	mkdir -p "$HERE/regressions/$h"
	for crash in "$dir/artifacts/"*; do
		[ -e "$crash" ] || continue
		cp "$crash" "$HERE/regressions/$h/"
		found=$((found + 1))
		echo "# $h: kept tools/testing/fuzz/regressions/$h/$(basename "$crash")"
	done
	echo "# $h: ${execs:-?} executions in $dt s, cov ${cov:-?}, ft ${ft:-?}, $found crashes"
	if [ "$found" -eq 0 ] && [ -n "$execs" ]; then
		ok "$h: fuzzed ${execs} executions, no crash"
	else
		not_ok "$h: fuzzing found $found crashes (log: $log)"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" |
			tail -n 8 | diag
	fi
}

for h in $harnesses; do
	if [ ! -x "$OUT/$h/${h}_fuzz" ]; then
		not_ok "$h: no such harness"
		continue
	fi
	mkdir -p "$OUT/$h"
	replay "$h" "$HERE/corpus/$h" "seeds"
	replay "$h" "$HERE/regressions/$h" "regression inputs"
	fuzz "$h"
done

echo "1..$n"
[ $failed -eq 0 ]
