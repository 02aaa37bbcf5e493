#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side test of the ZCU102 overlays (dts/) for ohost_zynqmp_r5.
# Compiles every overlay (no dtc warnings), applies each onto every
# ZCU102 DTB Debian ships with the matching kernel series (kernels.sh), and
# checks the result with fdtget: the cluster node, mode and status; each
# core's memory-region and mboxes followed to the nodes the driver expects;
# the IPI controllers; base phandles unchanged (Debian 12's fdtoverlay
# overwrites a labelled base node's phandle) and no new dangling reference.
# Then mutants of the overlays that the checks must reject, and the
# zcu102-apply.sh helper.  dt-schema (the binding, its examples, the
# overlays validated on Debian's DTBs): tools/testing/dt-validate/run.sh.
# Prints TAP; exits 1 on any failure.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
DTS=$ROOT/dts
DTC_FLAGS=(-@ -Wno-interrupts_property)	# as dts/Makefile
GIC=/axi/interrupt-controller@f9010000
FW=/firmware/zynqmp-firmware

for t in dtc fdtoverlay fdtget fdtput; do
	command -v $t >/dev/null || { echo "Bail out! $t missing (device-tree-compiler)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
diag() { sed 's/^/# /' "$@"; }

# The base DTBs of both series, fetched in parallel (kernels.sh is slow to
# answer even from its cache).
for s in 6.1 6.12; do
	"$ROOT/tools/testing/kernels.sh" env debian-$s >"$tmp/env-$s" 2>"$tmp/env-$s.err" &
done
wait
declare -A BASES
for s in 6.1 6.12; do
	envf=$(cat "$tmp/env-$s")
	if [ -z "$envf" ] || [ ! -r "$envf" ]; then
		echo "Bail out! kernels.sh env debian-$s failed"; diag "$tmp/env-$s.err"; exit 1
	fi
	MODROOT=$(sed -n 's/^MODROOT=//p' "$envf")
	KREL=$(sed -n 's/^KREL=//p' "$envf")
	BASES[$s]=$(ls "$MODROOT/usr/lib/linux-image-$KREL/xilinx/"zynqmp-zcu102-*.dtb 2>/dev/null)
	[ "$(echo "${BASES[$s]}" | wc -w)" -eq 4 ] ||
		{ echo "Bail out! debian-$s: expected 4 ZCU102 DTBs under $MODROOT"; exit 1; }
done

# --- 1. compile ------------------------------------------------------------
compile() {	# SRC OUT: 0 if dtc succeeds with an empty stderr
	dtc "${DTC_FLAGS[@]}" -I dts -O dtb -o "$2" "$1" 2>"$tmp/dtc.err" && [ ! -s "$tmp/dtc.err" ]
}
for src in "$DTS"/zcu102-*.dtso; do	# the i.MX ones: dtbs-imx/run.sh
	name=$(basename "$src" .dtso)
	if compile "$src" "$tmp/$name.dtbo"; then
		ok "$name: compiles, no dtc warning"
	else
		not_ok "$name: dtc"; diag "$tmp/dtc.err"
	fi
	# Without -Wno-interrupts_property the literal GIC phandle is the only
	# thing dtc may complain about.
	dtc -@ -I dts -O dtb -o /dev/null "$src" 2>"$tmp/dtc.err"
	if grep -v '(interrupts_property)' "$tmp/dtc.err" | grep -q .; then
		not_ok "$name: warnings besides interrupts_property"; diag "$tmp/dtc.err"
	else
		ok "$name: interrupts_property is the only check disabled"
	fi
done

# --- 2. apply and check -----------------------------------------------------
# Helpers on the current result $out (and base $base); each check appends
# one line to $tmp/why on failure.
why() { echo "$*" >>"$tmp/why"; }
get() { fdtget "$@" 2>/dev/null; }
expect() {	# WHAT WANT GOT
	[ "$2" = "$3" ] || why "$1: '$3', expected '$2'"
}
# phandle -> node path, for the nodes an overlay may point at.
build_map() {
	local parent child p
	: >"$tmp/map"
	for parent in /reserved-memory /zynqmp-ipi-rpu0 /zynqmp-ipi-rpu1 /zynqmp_ipi /zynqmp-ipi; do
		for child in $(get -l "$out" $parent); do
			p=$(get -t u "$out" "$parent/$child" phandle) && echo "$p $parent/$child" >>"$tmp/map"
		done
	done
}
resolve() { awk -v p="$1" '$1 == p { print $2; exit }' "$tmp/map"; }

hex() { printf '%x' "$1"; }

# check_core CORE IDX: memory-region and mboxes of CORE lead to RPU IDX's nodes
check_core() {
	local core=$1 i=$2 names want region p path mb ipi
	local fw=$((0x3ed00000 + i * 0x200000))
	get "$out" "$core" compatible >/dev/null || { why "$core: missing"; return; }
	region=$(get -t u "$out" "$core" memory-region) || { why "$core: no memory-region"; return; }
	names=
	for p in $region; do
		path=$(resolve "$p")
		[ -n "$path" ] || { why "$core: memory-region phandle $p dangles"; return; }
		names="$names ${path##*/}"
		case "${path##*/}" in vdev0buffer@*)
			expect "$path compatible" shared-dma-pool "$(get "$out" "$path" compatible)" ;;
		esac
		get "$out" "$path" no-map >/dev/null || why "$path: no no-map"
	done
	want=" memory@$(hex $fw) vdev0buffer@$(hex $((fw + 0x48000))) vdev0vring0@$(hex $((fw + 0x40000))) vdev0vring1@$(hex $((fw + 0x44000)))"
	expect "$core memory-region" "$want" "$names"
	# sizes: fw 256 KiB, vrings 16 KiB, buffers 1 MiB
	for p in "memory@$(hex $fw) $fw 262144" "vdev0vring0@$(hex $((fw + 0x40000))) $((fw + 0x40000)) 16384" \
		 "vdev0vring1@$(hex $((fw + 0x44000))) $((fw + 0x44000)) 16384" \
		 "vdev0buffer@$(hex $((fw + 0x48000))) $((fw + 0x48000)) 1048576"; do
		set -- $p
		expect "/reserved-memory/$1 reg" "0 $2 0 $3" "$(get -t u "$out" "/reserved-memory/$1" reg)"
	done
	expect "$core mbox-names" "tx rx" "$(get "$out" "$core" mbox-names)"
	read -r -a mb <<<"$(get -t u "$out" "$core" mboxes)"
	[ ${#mb[@]} -eq 4 ] && [ "${mb[0]}" = "${mb[2]}" ] && [ "${mb[1]}" = 0 ] && [ "${mb[3]}" = 1 ] ||
		{ why "$core mboxes: '${mb[*]}', expected <P 0 P 1>"; return; }
	path=$(resolve "${mb[0]}")
	[ -n "$path" ] || { why "$core: mboxes phandle ${mb[0]} dangles"; return; }
	ipi=/zynqmp-ipi-rpu$i
	local base_addr=$((0xff990600 + i * 0x40)) remote=$((0xff9900c0 + i * 0x200))
	expect "$core mboxes target" "$ipi/mailbox@$(hex $base_addr)" "$path"
	expect "$path compatible" xlnx,zynqmp-ipi-dest-mailbox "$(get "$out" "$path" compatible)"
	expect "$path reg" "0 $base_addr 0 32 0 $((base_addr + 32)) 0 32 0 $remote 0 32 0 $((remote + 32)) 0 32" \
		"$(get -t u "$out" "$path" reg)"
	expect "$path reg-names" "local_request_region local_response_region remote_request_region remote_response_region" \
		"$(get "$out" "$path" reg-names)"
	expect "$path #mbox-cells" 1 "$(get -t u "$out" "$path" '#mbox-cells')"
	expect "$path xlnx,ipi-id" $((i + 1)) "$(get -t u "$out" "$path" xlnx,ipi-id)"
	expect "$ipi compatible" xlnx,zynqmp-ipi-mailbox "$(get "$out" $ipi compatible)"
	expect "$ipi xlnx,ipi-id" 7 "$(get -t u "$out" $ipi xlnx,ipi-id)"
	expect "$ipi interrupts" "0 29 4" "$(get -t u "$out" $ipi interrupts)"
	expect "$ipi interrupt-parent (the GIC)" "$(get -t u "$base" $GIC phandle)" \
		"$(get -t u "$out" $ipi interrupt-parent)"
}

# check SERIES MODE: the whole result
check() {
	local series=$1 mode=$2 cl other c ipi cores
	: >"$tmp/why"
	build_map
	# base phandles and nodes the overlay must leave alone
	for p in $GIC $FW; do
		expect "$p phandle" "$(get -t u "$base" $p phandle)" "$(get -t u "$out" $p phandle)"
	done
	expect "/memory@0 reg" "$(get -t x "$base" /memory@0 reg)" "$(get -t x "$out" /memory@0 reg)"
	# zynqmp-ipi oopses on a second child (6.1.0-57 and 6.12.117): the
	# stock IPI0 controller keeps its one child, ours have one each.
	for ipi in /zynqmp_ipi /zynqmp-ipi /zynqmp-ipi-rpu0 /zynqmp-ipi-rpu1; do
		get "$out" $ipi compatible >/dev/null || continue
		c=$(get -l "$out" $ipi | wc -l)
		[ "$c" -eq 1 ] || why "$ipi: $c children (zynqmp-ipi probes only one)"
	done
	# no new dangling reference: dtc's own phandle checks on the whole tree
	local wb
	wb=$tmp/w.$(echo "$base" | md5sum | cut -c1-8)
	[ -e "$wb" ] || dtc -I dtb -O dts -o /dev/null "$base" 2>&1 | sed 's/^[^:]*: //' | sort >"$wb"
	dtc -I dtb -O dts -o /dev/null "$out" 2>&1 | sed 's/^[^:]*: //' | sort >"$tmp/w.out"
	comm -13 "$wb" "$tmp/w.out" | sed 's/^/new dtc warning: /' >>"$tmp/why"
	# exactly one enabled cluster, the right one
	cl=/remoteproc@ffe00000 other=
	if [ "$series" = 6.12 ]; then
		other=/remoteproc-split@ffe00000
		[ "$mode" = split ] && { cl=/remoteproc-split@ffe00000; other=/remoteproc@ffe00000; }
		expect "$other status" disabled "$(get "$out" $other status)"
	fi
	c=0
	for node in $(get -l "$out" / | grep '^remoteproc'); do
		case "$(get "$out" "/$node" compatible)" in xlnx,zynqmp-r5fss)
			[ "$(get "$out" "/$node" status || echo okay)" = okay ] && c=$((c + 1)) ;;
		esac
	done
	expect "enabled xlnx,zynqmp-r5fss nodes" 1 $c
	expect "$cl status" okay "$(get "$out" $cl status || echo okay)"
	expect "$cl compatible" xlnx,zynqmp-r5fss "$(get "$out" $cl compatible)"
	if [ "$mode" = lockstep ]; then
		expect "$cl xlnx,cluster-mode" 1 "$(get -t u "$out" $cl xlnx,cluster-mode)"
		expect "$cl xlnx,tcm-mode" 1 "$(get -t u "$out" $cl xlnx,tcm-mode)"
		expect "$cl/r5f@0 reg-names" "atcm0 btcm0 atcm1 btcm1" "$(get "$out" $cl/r5f@0 reg-names)"
		cores=1
	else
		expect "$cl xlnx,cluster-mode" 0 "$(get -t u "$out" $cl xlnx,cluster-mode)"
		expect "$cl xlnx,tcm-mode" 0 "$(get -t u "$out" $cl xlnx,tcm-mode)"
		expect "$cl/r5f@1 reg" "1 0 0 65536 1 131072 0 65536" "$(get -t u "$out" $cl/r5f@1 reg)"
		cores=2
	fi
	check_core $cl/r5f@0 0
	[ $cores = 2 ] && check_core $cl/r5f@1 1
	if [ "$series" = 6.12 ]; then
		# every stock core node rewritten (their old region phandles are gone)
		check_core $other/r5f@0 0
		check_core $other/r5f@1 1
		[ "$mode" = lockstep ] && check_core $cl/r5f@1 1
		for c in $cl/r5f@0 $other/r5f@0; do
			p=$(get -t u "$out" $c power-domains | awk '{ print $1 }')
			expect "$c power-domains provider" "$(get -t u "$base" $FW phandle)" "$p"
		done
	else
		get "$out" $cl/r5f@0 power-domains >/dev/null && why "$cl/r5f@0: power-domains on 6.1"
	fi
	[ ! -s "$tmp/why" ]
}

declare -A DTBO	# series-mode -> compiled overlay
for s in 6.1 6.12; do
	for mode in lockstep split; do
		DTBO[$s-$mode]=$tmp/zcu102-r5-$mode-$s.dtbo
		for base in ${BASES[$s]}; do
			out=$tmp/out.dtb
			desc="$mode-$s on $(basename "$base")"
			if ! fdtoverlay -i "$base" -o "$out" "${DTBO[$s-$mode]}" 2>"$tmp/fo.err"; then
				not_ok "$desc: fdtoverlay failed"; diag "$tmp/fo.err"; continue
			fi
			if check $s $mode; then
				ok "$desc: applies, checks pass"
			else
				not_ok "$desc"; diag "$tmp/why"
			fi
		done
	done
done

# --- 3. negative checks -----------------------------------------------------
b61=$(echo "${BASES[6.1]}" | head -n1) b612=$(echo "${BASES[6.12]}" | head -n1)
out=$tmp/out.dtb
# expect_reject DESC SERIES MODE BASE DTBO PATTERN: fdtoverlay fails, or the
# checks fail with a reason matching PATTERN.
expect_reject() {
	local desc=$1 series=$2 mode=$3 dtbo=$5 pat=$6
	base=$4
	if ! fdtoverlay -i "$base" -o "$out" "$dtbo" 2>"$tmp/fo.err"; then
		if [ "$pat" = fdtoverlay ]; then ok "$desc: fdtoverlay refuses"
		else not_ok "$desc: fdtoverlay failed, expected a check failure"; diag "$tmp/fo.err"; fi
		return
	fi
	if check "$series" "$mode"; then
		not_ok "$desc: not detected"
	elif grep -q -- "$pat" "$tmp/why"; then
		ok "$desc: detected ($(grep -m1 -- "$pat" "$tmp/why"))"
	else
		not_ok "$desc: rejected, but not for '$pat'"; diag "$tmp/why"
	fi
}
expect_reject "6.12 overlay on a 6.1 DTB" 6.1 split "$b61" "${DTBO[6.12-split]}" fdtoverlay
expect_reject "6.1 overlay on a 6.12 DTB" 6.12 lockstep "$b612" "${DTBO[6.1-lockstep]}" \
	"interrupt-parent (the GIC)"
expect_reject "6.1 overlay on a 6.12 DTB" 6.12 lockstep "$b612" "${DTBO[6.1-lockstep]}" \
	"new dtc warning"

# mutant NAME SRC SED-SCRIPT [EXTRA-TEXT]: a modified overlay, compiled
mutant() {
	sed "$3" "$DTS/$2.dtso" >"$tmp/$1.dtso"
	[ $# -ge 4 ] && printf '%s\n' "$4" >>"$tmp/$1.dtso"
	cmp -s "$DTS/$2.dtso" "$tmp/$1.dtso" && { echo "# mutant $1 did not change $2"; return 1; }
	dtc "${DTC_FLAGS[@]}" -I dts -O dtb -o "$tmp/$1.dtbo" "$tmp/$1.dtso" 2>/dev/null
}
# The naive overlay: label the GIC and reference it.
if mutant gic-label zcu102-r5-lockstep-6.1 's/interrupt-parent = <0x4>;/interrupt-parent = <\&gic>;/' \
	'&{/axi} { gic: interrupt-controller@f9010000 { interrupt-controller; }; };'; then
	expect_reject "mutant labelling the GIC" 6.1 lockstep "$b61" "$tmp/gic-label.dtbo" "$GIC phandle"
else not_ok "mutant gic-label: no overlay"; fi
# A second child under the stock IPI0 controller (oopses zynqmp-ipi).
if mutant ipi0-child zcu102-r5-lockstep-6.1 's/^\tzynqmp-ipi-rpu0 {/\tzynqmp_ipi {/; s/interrupt-parent = <0x4>;.*//; s/interrupts = <0 29 4>;//; s/xlnx,ipi-id = <7>;//; s/compatible = "xlnx,zynqmp-ipi-mailbox";//'; then
	expect_reject "mutant with a child under /zynqmp_ipi" 6.1 lockstep "$b61" "$tmp/ipi0-child.dtbo" "children"
else not_ok "mutant ipi0-child: no overlay"; fi
if mutant no-pool zcu102-r5-split-6.12 '0,/compatible = "shared-dma-pool";/s///'; then
	expect_reject "mutant vdev0buffer without shared-dma-pool" 6.12 split "$b612" "$tmp/no-pool.dtbo" "shared-dma-pool"
else not_ok "mutant no-pool: no overlay"; fi
if mutant rename zcu102-r5-split-6.1 's/rpu1vdev0vring1: vdev0vring1@/rpu1vdev0vring1: rpu1vdev0vring1@/'; then
	expect_reject "mutant region renamed" 6.1 split "$b61" "$tmp/rename.dtbo" "memory-region"
else not_ok "mutant rename: no overlay"; fi
if mutant partial zcu102-r5-lockstep-6.12 '/^&{\/remoteproc-split@ffe00000\/r5f@1} {/,/^};/d'; then
	expect_reject "mutant leaving a stock core unrewritten" 6.12 lockstep "$b612" "$tmp/partial.dtbo" "new dtc warning\|dangles"
else not_ok "mutant partial: no overlay"; fi
if mutant wrong-gic zcu102-r5-split-6.12 's/<0x5>;/<0x4>;/'; then
	expect_reject "mutant with the 6.1 GIC value" 6.12 split "$b612" "$tmp/wrong-gic.dtbo" "interrupt-parent (the GIC)"
else not_ok "mutant wrong-gic: no overlay"; fi

# --- 4. dts/zcu102-apply.sh ---------------------------------------------------
mkdir -p "$tmp/dtbo"
for s in 6.1 6.12; do for mode in lockstep split; do cp "${DTBO[$s-$mode]}" "$tmp/dtbo/"; done; done
apply() { "$DTS/zcu102-apply.sh" --dtbo-dir "$tmp/dtbo" "$@" >"$tmp/ap.out" 2>"$tmp/ap.err"; rc=$?; }
apply split "$b612" "$tmp/ap.dtb"
if [ $rc -eq 0 ] && grep -q 'zcu102-r5-split-6.12.dtbo applied' "$tmp/ap.out"; then
	ok "zcu102-apply.sh: picks the 6.12 overlay for a 6.12 DTB"
else not_ok "zcu102-apply.sh 6.12: exit $rc"; diag "$tmp/ap.out" "$tmp/ap.err"; fi
apply lockstep "$tmp/ap.dtb" "$tmp/ap2.dtb"
if [ $rc -eq 1 ] && grep -q 'applied twice' "$tmp/ap.err"; then ok "zcu102-apply.sh: refuses a second application"
else not_ok "zcu102-apply.sh twice: exit $rc"; diag "$tmp/ap.err"; fi
cp "$b61" "$tmp/gic.dtb" && fdtput -t u "$tmp/gic.dtb" $GIC phandle 99
apply lockstep "$tmp/gic.dtb" "$tmp/ap3.dtb"
if [ $rc -eq 1 ] && grep -q "the GIC's phandle in" "$tmp/ap.err" && [ ! -e "$tmp/ap3.dtb" ]; then
	ok "zcu102-apply.sh: refuses a DTB whose GIC phandle differs"
else not_ok "zcu102-apply.sh other GIC: exit $rc"; diag "$tmp/ap.err"; fi
apply sideways "$b61" "$tmp/ap4.dtb"
if [ $rc -eq 2 ]; then ok "zcu102-apply.sh: bad mode, exit 2"; else not_ok "zcu102-apply.sh bad mode: exit $rc"; fi

echo "1..$n"
[ $failed -eq 0 ]
