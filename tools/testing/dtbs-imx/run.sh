#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side test of the i.MX8MM/8MP EVK overlays (dts/imx8m*.dtso) for
# ohost_imx_rproc.  Compiles every overlay (no dtc warning; the only
# check disabled is clocks_property, for the literal clock-controller
# phandle), applies each onto every imx8mm-evk*/imx8mp-evk* DTB Debian ships
# with the matching kernel series (kernels.sh), and checks the result with
# fdtget: the M4/M7 node; memory-region followed to the reserved-memory
# nodes the driver expects; mboxes to the MU; syscon to the SRC; clocks to
# the CCM; every base phandle and __symbols__ entry unchanged (Debian 12's
# fdtoverlay overwrites a labelled base node's phandle); no new dangling
# reference.  Then mutants the checks must reject and dts/imx-apply.sh.
# dt-schema (the binding, its examples, the overlays validated on Debian's
# DTBs): tools/testing/dt-validate/run.sh.  Prints TAP; exits 1 on any
# failure.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
DTS=$ROOT/dts
DTC_FLAGS=(-@ -Wno-clocks_property)	# as dts/Makefile (IMX_DTC_FLAGS)
CCM=/soc@0/bus@30000000/clock-controller@30380000
SRC=/soc@0/bus@30000000/reset-controller@30390000
MU=/soc@0/bus@30800000/mailbox@30aa0000

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

# The base DTBs of both series (kernels.sh is slow to answer even from its
# cache: both at once).
for s in 6.1 6.12; do
	"$ROOT/tools/testing/kernels.sh" env debian-$s >"$tmp/env-$s" 2>"$tmp/env-$s.err" &
done
wait
declare -A BASES	# series-soc -> DTBs
for s in 6.1 6.12; do
	envf=$(cat "$tmp/env-$s")
	if [ -z "$envf" ] || [ ! -r "$envf" ]; then
		echo "Bail out! kernels.sh env debian-$s failed"; diag "$tmp/env-$s.err"; exit 1
	fi
	MODROOT=$(sed -n 's/^MODROOT=//p' "$envf")
	KREL=$(sed -n 's/^KREL=//p' "$envf")
	d=$MODROOT/usr/lib/linux-image-$KREL/freescale
	BASES[$s-imx8mm]=$(ls "$d"/imx8mm-evk*.dtb 2>/dev/null)
	BASES[$s-imx8mp]=$(ls "$d"/imx8mp-evk*.dtb 2>/dev/null)
	for soc in imx8mm imx8mp; do
		echo "${BASES[$s-$soc]}" | grep -q "/$soc-evk.dtb$" ||
			{ echo "Bail out! debian-$s: no freescale/$soc-evk.dtb under $MODROOT"; exit 1; }
	done
done

# --- 1. compile ------------------------------------------------------------
compile() {	# SRC OUT: 0 if dtc succeeds with an empty stderr
	dtc "${DTC_FLAGS[@]}" -I dts -O dtb -o "$2" "$1" 2>"$tmp/dtc.err" && [ ! -s "$tmp/dtc.err" ]
}
for src in "$DTS"/imx8m*.dtso; do
	name=$(basename "$src" .dtso)
	if compile "$src" "$tmp/$name.dtbo"; then
		ok "$name: compiles, no dtc warning"
	else
		not_ok "$name: dtc"; diag "$tmp/dtc.err"
	fi
	# Without -Wno-clocks_property the literal CCM phandle is the only
	# thing dtc may complain about; the 8MP 6.12 overlay (labels resolved
	# through the base's __symbols__) needs no flag at all.
	dtc -@ -I dts -O dtb -o /dev/null "$src" 2>"$tmp/dtc.err"
	if [ "$name" = imx8mp-evk-m7-6.12 ] && [ -s "$tmp/dtc.err" ]; then
		not_ok "$name: warnings without -Wno-clocks_property"; diag "$tmp/dtc.err"
	elif grep -v '(clocks_property)' "$tmp/dtc.err" | grep -q .; then
		not_ok "$name: warnings besides clocks_property"; diag "$tmp/dtc.err"
	else
		ok "$name: clocks_property is the only check disabled"
	fi
done

# --- 2. apply and check -----------------------------------------------------
# Helpers on the current result $out (and base $base); each check appends
# one line to $tmp/why on failure.  Phandles in hex, as fdtget -t x.
why() { echo "$*" >>"$tmp/why"; }
get() { fdtget "$@" 2>/dev/null; }
expect() {	# WHAT WANT GOT
	[ "$2" = "$3" ] || why "$1: '$3', expected '$2'"
}
# "phandle path" of every node of DTB
phandles() {
	dtc -I dtb -O dts "$1" 2>/dev/null | awk '
	/^[ \t]*[^ \t]+ \{$/ { if ($1 == "/") { d = 0; p[0] = "" } else { d++; p[d] = p[d - 1] "/" $1 }; next }
	/^[ \t]*\};$/ { d--; next }
	/^[ \t]*phandle = </ { v = $3; gsub(/[<>;]/, "", v); sub(/^0x0*/, "", v); print v, (d ? p[d] : "/") }'
}
resolve() { awk -v p="$1" '$1 == p { print $2; exit }' "$tmp/map"; }

# check SOC: the whole result $out against $base
check() {
	local soc=$1 core want names p path mb c sym v fw sh clk
	local ccm src base_mu ccm_want
	: >"$tmp/why"
	phandles "$out" >"$tmp/map"
	# every base phandle unchanged, and no duplicate
	phandles "$base" | sort >"$tmp/map.base"
	sort "$tmp/map" | comm -23 "$tmp/map.base" - | sed 's/^/base phandle changed or lost: /' >>"$tmp/why"
	awk '{ print $1 }' "$tmp/map" | sort | uniq -d | sed 's/^/duplicate phandle /' >>"$tmp/why"
	# every base __symbols__ entry unchanged (6.12's 8MP DTBs have them)
	for sym in $(get -p "$base" /__symbols__); do
		expect "__symbols__ $sym" "$(get "$base" /__symbols__ "$sym")" "$(get "$out" /__symbols__ "$sym")"
	done
	expect "memory node" "$(get -t x "$base" /memory@40000000 reg)" "$(get -t x "$out" /memory@40000000 reg)"
	# no new dangling reference: dtc's own phandle checks on the whole tree
	local wb
	wb=$tmp/w.$(echo "$base" | md5sum | cut -c1-8)
	[ -e "$wb" ] || dtc -I dtb -O dts -o /dev/null "$base" 2>&1 | sed 's/^[^:]*: //' | sort >"$wb"
	dtc -I dtb -O dts -o /dev/null "$out" 2>&1 | sed 's/^[^:]*: //' | sort >"$tmp/w.out"
	comm -13 "$wb" "$tmp/w.out" | sed 's/^/new dtc warning: /' >>"$tmp/why"

	# exactly one M core node, ours
	c=$(get -l "$out" / | grep -c -- '-cm[47]$')
	expect "M-core nodes at /" 1 "$c"
	if [ "$soc" = imx8mm ]; then
		core=/imx8mm-cm4 fw=80000000 sh=b8 ccm_want="fsl,imx8mm-ccm" clk=f6
	else
		core=/imx8mp-cm7 fw=80000000 sh=55 ccm_want="fsl,imx8mp-ccm" clk=131
	fi
	expect "$core compatible" "fsl,$soc-cm$([ $soc = imx8mm ] && echo 4 || echo 7)" "$(get "$out" $core compatible)"
	expect "$core status" okay "$(get "$out" $core status || echo okay)"

	# memory-region: the four rpmsg regions and the M core's DDR
	names=
	for p in $(get -t x "$out" $core memory-region); do
		path=$(resolve "$p")
		[ -n "$path" ] || { why "$core: memory-region phandle $p dangles"; continue; }
		case "$path" in /reserved-memory/*) ;; *) why "$core: memory-region $path not in /reserved-memory" ;; esac
		names="$names ${path##*/}"
		get "$out" "$path" no-map >/dev/null || why "$path: no no-map"
	done
	want=" vdev0buffer@${sh}400000 vdev0vring0@${sh}000000 vdev0vring1@${sh}008000 rsc-table@${sh}0ff000 memory@$fw"
	expect "$core memory-region" "$want" "$names"
	for p in "vdev0buffer@${sh}400000 ${sh}400000 100000" "vdev0vring0@${sh}000000 ${sh}000000 8000" \
		 "vdev0vring1@${sh}008000 ${sh}008000 8000" "rsc-table@${sh}0ff000 ${sh}0ff000 1000" \
		 "memory@$fw $fw 1000000"; do
		set -- $p
		expect "/reserved-memory/$1 reg" "0 $2 0 $3" "$(get -t x "$out" "/reserved-memory/$1" reg)"
	done
	expect "vdev0buffer compatible" shared-dma-pool "$(get "$out" /reserved-memory/vdev0buffer@${sh}400000 compatible)"
	expect "/reserved-memory #address-cells" 2 "$(get -t u "$out" /reserved-memory '#address-cells')"
	expect "/reserved-memory #size-cells" 2 "$(get -t u "$out" /reserved-memory '#size-cells')"
	get "$out" /reserved-memory ranges >/dev/null || why "/reserved-memory: no ranges"
	# every new region inside the RAM of /memory@40000000
	read -r -a v <<<"$(get -t u "$out" /memory@40000000 reg)"
	for p in $(get -l "$out" /reserved-memory); do
		get "$base" "/reserved-memory/$p" reg >/dev/null && continue
		read -r -a mb <<<"$(get -t u "$out" "/reserved-memory/$p" reg)"
		local a=$((mb[0] << 32 | mb[1])) b=$((mb[0] << 32 | mb[1] + mb[3])) in=0 k
		for ((k = 0; k + 3 < ${#v[@]}; k += 4)); do
			local lo=$((v[k] << 32 | v[k + 1])) hi=$((v[k] << 32 | v[k + 1] + v[k + 3]))
			[ $a -ge $lo ] && [ $b -le $hi ] && in=1
		done
		[ $in = 1 ] || why "/reserved-memory/$p is not in RAM (/memory@40000000)"
	done
	# no overlap with the base's own reserved regions (8MP: the DSP's)
	for c in $(get -l "$base" /reserved-memory); do
		read -r -a v <<<"$(get -t u "$base" "/reserved-memory/$c" reg)"
		[ ${#v[@]} -eq 4 ] || continue
		local lo=$((v[0] << 32 | v[1])) hi=$((v[0] << 32 | v[1] + v[3]))
		for p in $(get -l "$out" /reserved-memory); do
			get "$base" "/reserved-memory/$p" reg >/dev/null && continue
			read -r -a mb <<<"$(get -t u "$out" "/reserved-memory/$p" reg)"
			local a=$((mb[0] << 32 | mb[1])) b=$((mb[0] << 32 | mb[1] + mb[3]))
			[ $a -ge $hi ] || [ $b -le $lo ] || why "/reserved-memory/$p overlaps the base's $c"
		done
	done

	# mboxes: tx = <MU 0 1>, rx = <MU 1 1>, rxdb = <MU 3 1>
	expect "$core mbox-names" "tx rx rxdb" "$(get "$out" $core mbox-names)"
	read -r -a mb <<<"$(get -t x "$out" $core mboxes)"
	if [ ${#mb[@]} -ne 9 ]; then
		why "$core mboxes: '${mb[*]}', expected 3 x <MU type 1>"
	else
		expect "$core mboxes cells" "0 1 1 1 3 1" "${mb[1]} ${mb[2]} ${mb[4]} ${mb[5]} ${mb[7]} ${mb[8]}"
		[ "${mb[0]}" = "${mb[3]}" ] && [ "${mb[0]}" = "${mb[6]}" ] || why "$core mboxes: three providers"
		path=$(resolve "${mb[0]}")
		[ -n "$path" ] || why "$core: mboxes phandle ${mb[0]} dangles"
		expect "$core mboxes provider" $MU "$path"
	fi
	expect "$MU compatible" "fsl,$soc-mu fsl,imx6sx-mu" "$(get "$out" $MU compatible)"
	expect "$MU #mbox-cells" 2 "$(get -t u "$out" $MU '#mbox-cells')"
	expect "$MU reg" "30aa0000 10000" "$(get -t x "$out" $MU reg)"
	expect "$MU interrupts" "$(get -t x "$base" $MU interrupts)" "$(get -t x "$out" $MU interrupts)"
	base_mu=$(get -t x "$base" $MU phandle) &&
		expect "$MU phandle (had one in the base)" "$base_mu" "$(get -t x "$out" $MU phandle)"

	# clocks: the M core's root clock at the CCM
	ccm=$(get -t x "$base" $CCM phandle)
	read -r -a c <<<"$(get -t x "$out" $core clocks)"
	expect "$core clocks" "$ccm $clk" "${c[*]}"
	expect "$core clocks provider" $CCM "$(resolve "${c[0]:-0}")"
	expect "$CCM compatible" "$ccm_want" "$(get "$out" $CCM compatible)"
	# syscon: the SRC (MMIO start/stop) on the 8MM; none on the 8MP (SMC)
	if [ "$soc" = imx8mm ]; then
		src=$(get -t x "$base" $SRC phandle)
		p=$(get -t x "$out" $core syscon)
		expect "$core syscon" "$src" "$p"
		expect "$core syscon target" $SRC "$(resolve "${p:-0}")"
		case " $(get "$out" $SRC compatible) " in *" fsl,imx8mm-src "*" syscon "*) ;;
		*) why "$SRC: not an fsl,imx8mm-src syscon" ;; esac
	else
		get "$out" $core syscon >/dev/null && why "$core: syscon on the 8MP (SMC)"
	fi
	[ ! -s "$tmp/why" ]
}

declare -A DTBO	# series-soc -> compiled overlay
for s in 6.1 6.12; do
	DTBO[$s-imx8mm]=$tmp/imx8mm-evk-m4-$s.dtbo
	DTBO[$s-imx8mp]=$tmp/imx8mp-evk-m7-$s.dtbo
	for soc in imx8mm imx8mp; do
		for base in ${BASES[$s-$soc]}; do
			out=$tmp/out.dtb
			desc="$(basename "${DTBO[$s-$soc]}" .dtbo) on $s's $(basename "$base")"
			if ! fdtoverlay -i "$base" -o "$out" "${DTBO[$s-$soc]}" 2>"$tmp/fo.err"; then
				not_ok "$desc: fdtoverlay failed"; diag "$tmp/fo.err"; continue
			fi
			if check $soc; then
				ok "$desc: applies, checks pass"
			else
				not_ok "$desc"; diag "$tmp/why"
			fi
		done
	done
done

# --- 3. negative checks -----------------------------------------------------
mm61=$(echo "${BASES[6.1-imx8mm]}" | grep /imx8mm-evk.dtb) mm612=$(echo "${BASES[6.12-imx8mm]}" | grep /imx8mm-evk.dtb)
mp61=$(echo "${BASES[6.1-imx8mp]}" | grep /imx8mp-evk.dtb) mp612=$(echo "${BASES[6.12-imx8mp]}" | grep /imx8mp-evk.dtb)
out=$tmp/out.dtb
# expect_reject DESC SOC BASE DTBO PATTERN: fdtoverlay fails, or the
# checks fail with a reason matching PATTERN.
expect_reject() {
	local desc=$1 soc=$2 dtbo=$4 pat=$5
	base=$3
	if ! fdtoverlay -i "$base" -o "$out" "$dtbo" 2>"$tmp/fo.err"; then
		if [ "$pat" = fdtoverlay ]; then ok "$desc: fdtoverlay refuses"
		else not_ok "$desc: fdtoverlay failed, expected a check failure"; diag "$tmp/fo.err"; fi
		return
	fi
	if check "$soc"; then
		not_ok "$desc: not detected"
	elif grep -q -- "$pat" "$tmp/why"; then
		ok "$desc: detected ($(grep -m1 -- "$pat" "$tmp/why"))"
	else
		not_ok "$desc: rejected, but not for '$pat'"; diag "$tmp/why"
	fi
}
expect_reject "8MM 6.1 overlay on a 6.12 DTB" imx8mm "$mm612" "${DTBO[6.1-imx8mm]}" "syscon"
expect_reject "8MM 6.12 overlay on a 6.1 DTB" imx8mm "$mm61" "${DTBO[6.12-imx8mm]}" "syscon"
expect_reject "8MP 6.12 overlay on a 6.1 DTB (no __symbols__)" imx8mp "$mp61" "${DTBO[6.12-imx8mp]}" fdtoverlay
expect_reject "8MP 6.1 overlay on a 6.12 DTB (labels the MU, which has a phandle there)" imx8mp "$mp612" \
	"${DTBO[6.1-imx8mp]}" "base phandle changed or lost: d5 $MU"

# mutant NAME SRC SED-SCRIPT [EXTRA-TEXT]: a modified overlay, compiled
mutant() {
	sed "$3" "$DTS/$2.dtso" >"$tmp/$1.dtso"
	[ $# -ge 4 ] && printf '%s\n' "$4" >>"$tmp/$1.dtso"
	cmp -s "$DTS/$2.dtso" "$tmp/$1.dtso" && { echo "# mutant $1 did not change $2"; return 1; }
	dtc "${DTC_FLAGS[@]}" -I dts -O dtb -o "$tmp/$1.dtbo" "$tmp/$1.dtso" 2>/dev/null
}
# run_mutant NAME SRC SOC BASE PATTERN SED [EXTRA]
run_mutant() {
	local name=$1 src=$2 soc=$3 b=$4 pat=$5
	shift 5
	if mutant "$name" "$src" "$@"; then
		expect_reject "mutant $name" "$soc" "$b" "$tmp/$name.dtbo" "$pat"
	else not_ok "mutant $name: no overlay"; fi
}
# The naive overlay: label the SRC and reference it.
run_mutant src-label imx8mm-evk-m4-6.1 imx8mm "$mm61" "base phandle changed" \
	's/syscon = <0x1e>;/syscon = <\&src>;/' \
	'&{/soc@0/bus@30000000} { #address-cells = <1>; #size-cells = <1>; src: reset-controller@30390000 { reg = <0x30390000 0x10000>; }; };'
run_mutant no-pool imx8mm-evk-m4-6.12 imx8mm "$mm612" "shared-dma-pool" '/compatible = "shared-dma-pool";/d'
run_mutant no-map imx8mp-evk-m7-6.1 imx8mp "$mp61" "no no-map" '0,/no-map;/{/no-map;/d}'
run_mutant rename imx8mp-evk-m7-6.12 imx8mp "$mp612" "memory-region" 's/vdev0vring1: vdev0vring1@/vdev0vring1: vring1@/'
run_mutant vring-size imx8mm-evk-m4-6.1 imx8mm "$mm61" "vdev0vring0@b8000000 reg" 's/0xb8000000 0x0 0x8000/0xb8000000 0x0 0x4000/'
run_mutant no-rsc imx8mp-evk-m7-6.12 imx8mp "$mp612" "memory-region" 's/<&rsc_table>, //'
run_mutant mu-index imx8mm-evk-m4-6.12 imx8mm "$mm612" "mboxes cells" 's/<&mu 1 1>/<\&mu 1 0>/'
run_mutant no-rxdb imx8mp-evk-m7-6.1 imx8mp "$mp61" "mbox-names" 's/, "rxdb"//; s/, <&mu 3 1>//'
run_mutant wrong-clk imx8mm-evk-m4-6.1 imx8mm "$mm61" "clocks" 's/clocks = <0x2 246>/clocks = <0x2 77>/'
run_mutant wrong-ccm imx8mp-evk-m7-6.1 imx8mp "$mp61" "clocks" 's/clocks = <0x2 305>/clocks = <0x3 305>/'
run_mutant overlap imx8mp-evk-m7-6.12 imx8mp "$mp612" "overlaps" \
	's/rsc-table@550ff000/rsc-table@92400000/; s/0x550ff000 0x0 0x1000/0x92400000 0x0 0x1000/'
run_mutant outside-ram imx8mm-evk-m4-6.1 imx8mm "$mm61" "not in RAM" \
	's/vdev0buffer@b8400000/vdev0buffer@c0000000/; s/0xb8400000 0x0 0x100000/0xc0000000 0x0 0x100000/'
run_mutant status imx8mm-evk-m4-6.12 imx8mm "$mm612" "status" 's/compatible = "fsl,imx8mm-cm4";/&\n\t\tstatus = "disabled";/'
run_mutant syscon-mp imx8mp-evk-m7-6.12 imx8mp "$mp612" "syscon on the 8MP" 's/compatible = "fsl,imx8mp-cm7";/&\n\t\tsyscon = <\&src>;/'

# --- 4. dts/imx-apply.sh -------------------------------------------------------
mkdir -p "$tmp/dtbo"
cp "$tmp"/imx8m*.dtbo "$tmp/dtbo/"
apply() { "$DTS/imx-apply.sh" --dtbo-dir "$tmp/dtbo" "$@" >"$tmp/ap.out" 2>"$tmp/ap.err"; rc=$?; }
for s in 6.1 6.12; do
	for soc in imx8mm imx8mp; do
		for base in ${BASES[$s-$soc]}; do
			want=$(basename "${DTBO[$s-$soc]}")
			: >"$tmp/why"
			apply "$base" "$tmp/ap.dtb"
			if [ $rc -eq 0 ] && grep -q "$want applied" "$tmp/ap.out" && out=$tmp/ap.dtb && check $soc; then
				ok "imx-apply.sh: picks $want for $s's $(basename "$base")"
			else not_ok "imx-apply.sh $s $(basename "$base"): exit $rc"; diag "$tmp/ap.out" "$tmp/ap.err" "$tmp/why"; fi
		done
	done
done
apply "$mm612" "$tmp/ap.dtb" && apply "$tmp/ap.dtb" "$tmp/ap2.dtb"
if [ $rc -eq 1 ] && grep -q 'applied twice' "$tmp/ap.err"; then ok "imx-apply.sh: refuses a second application"
else not_ok "imx-apply.sh twice: exit $rc"; diag "$tmp/ap.err"; fi
# A DTB of another build: the SRC and CCM phandles moved (swapped with two
# nodes of the base, so that the tree stays consistent).
cp "$mm61" "$tmp/moved.dtb"
fdtput -t x "$tmp/moved.dtb" $SRC phandle 9999
apply "$tmp/moved.dtb" "$tmp/ap3.dtb"
if [ $rc -eq 1 ] && grep -q 'no overlay fits' "$tmp/ap.err" && [ ! -e "$tmp/ap3.dtb" ]; then
	ok "imx-apply.sh: refuses a DTB whose SRC phandle is neither series'"
else not_ok "imx-apply.sh moved SRC: exit $rc"; diag "$tmp/ap.err"; fi
apply --fix-phandles "$tmp/moved.dtb" "$tmp/ap3.dtb"
if [ $rc -eq 0 ] && [ "$(get -t x "$tmp/ap3.dtb" /imx8mm-cm4 syscon)" = 9999 ]; then
	ok "imx-apply.sh --fix-phandles: syscon rewritten to the DTB's SRC"
else not_ok "imx-apply.sh --fix-phandles: exit $rc"; diag "$tmp/ap.err"; fi
apply "$ROOT/README.md" "$tmp/ap4.dtb"
if [ $rc -eq 1 ]; then ok "imx-apply.sh: not a DTB, exit 1"; else not_ok "imx-apply.sh not a DTB: exit $rc"; fi
apply "$mm61"
if [ $rc -eq 2 ]; then ok "imx-apply.sh: usage, exit 2"; else not_ok "imx-apply.sh usage: exit $rc"; fi

echo "1..$n"
[ $failed -eq 0 ]
