#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Replay seeds of the hostile-remote storm (vrprocd --storm, runs storm*):
#
#   tools/testing/storm.sh --target debug --seed 1234 [--count N] [--repeat R]
#
# boots TARGET once with `vrprocd --storm SEED,COUNT,REPEAT` (COUNT 1: just
# that seed; REPEAT: lifetimes per seed, for a race a seed hits only
# sometimes) and the guest test storm; the same run as runs/storm but
# for the seeds.  The log is build/logs/TARGET/storm-seed-SEED.log; exit
# status: vmtest.py's.
set -u

usage() {
	sed -n 's/^# \{0,1\}//; 3,11p' "$0"
	exit "$1"
}

root=$(cd "$(dirname "$0")/../.." && pwd)
target='' seed='' count=1 repeat=1 env=()
while [ $# -gt 0 ]; do
	case $1 in
	--target) target=${2:-}; shift 2 ;;
	--seed) seed=${2:-}; shift 2 ;;
	--count) count=${2:-}; shift 2 ;;
	--repeat) repeat=${2:-}; shift 2 ;;
	--env) env=(--env "${2:-}"); shift 2 ;;
	-h|--help) usage 0 ;;
	*) usage 2 >&2 ;;
	esac
done
[[ -n $target && $seed =~ ^[0-9]+$ && $count =~ ^[1-9][0-9]*$ &&
   $repeat =~ ^[1-9][0-9]*$ ]] || usage 2 >&2

# What the run needs, built if it is not (quick when it is).
make -s -C "$root/tools" >/dev/null && make -s -C "$root/tools/firmware" >/dev/null &&
	"$root/tools/build-modules.sh" "$target" >/dev/null || exit 1

# A run file of its own, next to the logs; the rest as in runs/storm.
dir=$root/build/storm
mkdir -p "$dir"
run=$dir/storm-seed-$seed
sed -e "s/^KERNELS=.*/KERNELS=$target/" -e '/^LONG_KERNELS=/d' \
    -e "s/--storm [0-9,]*/--storm $seed,$count,$repeat/" \
    -e 's/^TESTS=storm:[0-9]*/TESTS=storm:'$((300 + 5 * count * repeat))'/' \
    "$root/tools/testing/runs/storm" > "$run"
exec "$root/tools/testing/vmtest.py" --target "$target" --run "$run" "${env[@]}"
