#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Apply the ohost_zynqmp_r5 overlay to a ZCU102 DTB of Debian's 6.1 or 6.12
# kernel and check the result.
#
#   zcu102-apply.sh [--dtbo-dir DIR] lockstep|split BASE.dtb OUT.dtb
#
# The kernel series is recognised from BASE: /zynqmp_ipi (6.1) or
# /remoteproc-split@ffe00000 (6.12).  The overlays name the GIC by its
# phandle value (the DTBs have no __symbols__); the result is refused when
# that value is not BASE's GIC phandle.  Exit 0 on success, 1 on refusal,
# 2 on usage errors.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
DTBO_DIR=$HERE/../build/dts
if [ "${1:-}" = --dtbo-dir ]; then DTBO_DIR=$2; shift 2; fi
[ $# -eq 3 ] || { echo "usage: $0 [--dtbo-dir DIR] lockstep|split BASE.dtb OUT.dtb" >&2; exit 2; }
mode=$1 base=$2 out=$3
case "$mode" in lockstep|split) ;; *) echo "$0: mode must be lockstep or split" >&2; exit 2;; esac
die() { echo "zcu102-apply: $*" >&2; rm -f "$out"; exit 1; }

GIC=/axi/interrupt-controller@f9010000
fdtget "$base" / compatible 2>/dev/null | grep -q 'xlnx,zynqmp-zcu102' ||
	die "$base: not a ZCU102 DTB"
if fdtget "$base" /remoteproc-split@ffe00000 compatible >/dev/null 2>&1; then
	series=6.12
elif fdtget "$base" /zynqmp_ipi compatible >/dev/null 2>&1; then
	series=6.1
else
	die "$base: neither a Debian 6.1 (/zynqmp_ipi) nor a 6.12 (/remoteproc-split@ffe00000) ZCU102 DTB"
fi
if fdtget "$base" /zynqmp-ipi-rpu0 compatible >/dev/null 2>&1; then
	die "$base: already has /zynqmp-ipi-rpu0 (overlay applied twice?)"
fi
dtbo=$DTBO_DIR/zcu102-r5-$mode-$series.dtbo
[ -r "$dtbo" ] || die "$dtbo: missing (make -C dts)"
fdtoverlay -i "$base" -o "$out" "$dtbo" || die "fdtoverlay failed"

gic=$(fdtget -t u "$base" $GIC phandle) || die "$base: no GIC at $GIC"
for ipi in /zynqmp-ipi-rpu0 /zynqmp-ipi-rpu1; do
	p=$(fdtget -t u "$out" $ipi interrupt-parent 2>/dev/null) || continue
	[ "$p" = "$gic" ] ||
		die "$ipi interrupt-parent is $p, but the GIC's phandle in $base is $gic: fix with fdtput -t u $out $ipi interrupt-parent $gic"
done
[ "$(fdtget -t u "$out" $GIC phandle)" = "$gic" ] || die "the GIC's phandle changed"
echo "$out: $(basename "$dtbo") applied to $(basename "$base")"
