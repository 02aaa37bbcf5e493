#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernel-style checks over the project's kernel C: checkpatch --strict on
# every file, and sparse over a full module build against the debug kernel
# (its source tree provides both tools).  Prints TAP, one line a check.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
envf=$("$ROOT/tools/testing/kernels.sh" prepare debug) || exit 2
# shellcheck disable=SC1090
. "$envf"
SRC=$(cd "$KDIR" && readlink -f source 2>/dev/null || true)
[ -d "$SRC/scripts" ] || SRC=$(dirname "$KDIR")/src
CHECKPATCH="$SRC/scripts/checkpatch.pl"

n=0 fail=0
report() {	# report STATUS DESC [OUTPUT]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
	else
		fail=$((fail + 1))
		echo "not ok $n $2"
		printf '%s\n' "$3" | sed 's/^/# /'
	fi
}

cd "$ROOT"
while IFS= read -r f; do
	# compat.h is the one place allowed to test the kernel version.
	ignore=
	[ "$f" = include/ohost/compat.h ] && ignore="--ignore LINUX_VERSION_CODE"
	# shellcheck disable=SC2086
	out=$(perl "$CHECKPATCH" --strict --no-tree --quiet --show-types \
		$ignore -f "$f" 2>&1)
	st=$?
	[ -z "$out" ] || st=1
	report $st "checkpatch $f" "$out"
done < <(git ls-files 'drivers/*.[ch]' 'include/*.h' 'tools/testing/kmod/*.c' 'tools/bench/kmod/*.c')

# sparse: rebuild every module with C=2 and fail on any sparse output.
# Over the copy of the sources that build-modules.sh keeps in build/debug:
# without it, make would check nothing and print nothing.
nsrc=$(find "$ROOT/build/debug/drivers" -name '*.c' ! -name '*.mod.c' 2>/dev/null |
	wc -l)
nfile=$(git ls-files 'drivers/*.c' | wc -l)
[ "$nsrc" -ge "$nfile" ]
report $? "build/debug holds the $nfile driver sources for sparse" \
	"build/debug/drivers has $nsrc of them: run make KERNEL=debug first"
out=$(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
	make -s -C "$KDIR" M="$ROOT/build/debug" C=2 modules 2>&1 |
	grep -E '^[^ ]+\.[ch]:[0-9]+:[0-9]+: (warning|error)')
[ -z "$out" ]
report $? "sparse over all modules (debug kernel)" "$out"

echo "1..$n"
[ $fail -eq 0 ]
