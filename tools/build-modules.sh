#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build every module against one kernel target (or an explicit KDIR) in a
# build directory of its own, so targets never share objects.
#
#   build-modules.sh TARGET          a target of tools/testing/kernels.sh
#   build-modules.sh --kdir DIR      any kbuild tree (a board's kernel)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ARCH=${ARCH:-arm64}
CROSS_COMPILE=${CROSS_COMPILE-aarch64-linux-gnu-}
export ARCH CROSS_COMPILE

if [ "${1:-}" = "--kdir" ]; then
	KDIR=$(cd "$2" && pwd)
	name=custom
	KREL=$(cat "$KDIR/include/config/kernel.release" 2>/dev/null || echo "")
else
	name=$1
	envf=$("$ROOT/tools/testing/kernels.sh" prepare "$name")
	# shellcheck disable=SC1090
	. "$envf"
fi

out="$ROOT/build/$name"
mkdir -p "$out"
# Builds of one target share a directory: one at a time.
exec 9>"$out.lock"
flock 9
# Mirror the sources; kbuild writes objects next to them.
( cd "$ROOT" && find Kbuild drivers include tools/testing/kmod tools/bench/kmod -type f \
	\( -name Kbuild -o -name '*.c' -o -name '*.h' \) -print0 |
  while IFS= read -r -d '' f; do
	mkdir -p "$out/$(dirname "$f")"
	cmp -s "$f" "$out/$f" || cp "$f" "$out/$f"
  done )
# Drop sources that no longer exist in the tree.
# (kbuild's generated *.mod.c are not sources.)
( cd "$out" && find . \( -name '*.c' -o -name '*.h' -o -name Kbuild \) \
	! -name '*.mod.c' -type f |
  while read -r f; do [ -e "$ROOT/$f" ] || rm -f "$f"; done )

make -C "$KDIR" M="$out" W=1 -j"$(nproc)" modules

# Every module must carry the target's vermagic, or it will not load.
if [ -n "${KREL:-}" ]; then
	bad=0
	while IFS= read -r ko; do
		vm=$(modinfo -F vermagic "$ko")
		case "$vm" in
		"$KREL "*) ;;
		*) echo "build-modules: $ko: vermagic '$vm' != $KREL" >&2; bad=1 ;;
		esac
	done < <(find "$out" -name '*.ko')
	[ $bad -eq 0 ]
fi
echo "build-modules: $name: $(find "$out" -name '*.ko' | wc -l) modules in build/$name"
