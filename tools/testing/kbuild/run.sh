#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side test of the build's layout detection (drivers/rpmsg/Kbuild):
# the private struct rpmsg_endpoint_ops is laid out from the target's
# headers, and a kernel whose exports contradict its headers must be
# refused with a clear message rather than built with a wrong layout.
# Uses the debian-6.1 target (whose header has no rpmsg_set_flow_control)
# through a shadow kbuild directory whose Module.symvers claims the export.
# Prints TAP; exits 1 on any failure.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

envf=$("$ROOT/tools/testing/kernels.sh" prepare debian-6.1) ||
	{ echo "Bail out! no debian-6.1 target"; exit 1; }
# shellcheck disable=SC1090
. "$envf"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Everything of the headers directory, but our own Module.symvers.
mkdir "$tmp/kdir"
for f in "$KDIR"/* "$KDIR"/.[!.]*; do
	[ -e "$f" ] || continue
	case "$(basename "$f")" in Module.symvers) continue ;; esac
	ln -s "$f" "$tmp/kdir/"
done
cp "$KDIR/Module.symvers" "$tmp/kdir/Module.symvers"
mkdir -p "$tmp/src"
cp -r "$ROOT/Kbuild" "$ROOT/drivers" "$ROOT/include" "$tmp/src/"
mkdir -p "$tmp/src/tools/testing" "$tmp/src/tools/bench" &&
	cp -r "$ROOT/tools/testing/kmod" "$tmp/src/tools/testing/" &&
	cp -r "$ROOT/tools/bench/kmod" "$tmp/src/tools/bench/"

build() {
	make -C "$tmp/kdir" M="$tmp/src" ARCH=arm64 \
		CROSS_COMPILE=aarch64-linux-gnu- -j2 modules > "$tmp/out" 2>&1
}

# (That the unmodified target builds is shown by every module build.)
# A kernel that exports rpmsg_set_flow_control although its header lacks it.
printf '0x00000000\trpmsg_set_flow_control\tdrivers/rpmsg/rpmsg_core\tEXPORT_SYMBOL_GPL\t\n' \
	>> "$tmp/kdir/Module.symvers"
if build; then
	not_ok "contradicting exports are refused"
else
	if grep -q "disagree about rpmsg_set_flow_control" "$tmp/out"; then
		ok "contradicting exports are refused with a clear message"
	else
		not_ok "contradicting exports are refused with a clear message"
		sed 's/^/# /' "$tmp/out" | tail -20
	fi
fi

echo "1..$n"
[ $failed -eq 0 ]
