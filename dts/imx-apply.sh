#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Apply the ohost_imx_rproc overlay to an i.MX8MM or i.MX8MP EVK DTB of
# Debian's 6.1 or 6.12 kernel and check the result.
#
#   imx-apply.sh [--dtbo-dir DIR] [--fix-phandles] BASE.dtb OUT.dtb
#
# The SoC is recognised from BASE's root compatible.  The overlays of DTBs
# without __symbols__ name the SRC and the clock controller by their phandle
# VALUES (dts/imx8mm-evk-m4-*.dtso); each candidate overlay of the SoC is
# applied in turn and the first whose values are BASE's own is kept.  When
# none fits (a DTB of another kernel build), the result is refused, or,
# with --fix-phandles, the values are rewritten from BASE with fdtput.
# Exit 0 on success, 1 on refusal, 2 on usage errors.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
DTBO_DIR=$HERE/../build/dts
fix=0
usage() { echo "usage: $0 [--dtbo-dir DIR] [--fix-phandles] BASE.dtb OUT.dtb" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case "$1" in
	--dtbo-dir) [ $# -ge 2 ] || usage; DTBO_DIR=$2; shift 2 ;;
	--fix-phandles) fix=1; shift ;;
	-h|--help) usage ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || usage
base=$1 out=$2
die() { echo "imx-apply: $*" >&2; rm -f "$out"; exit 1; }
get() { fdtget "$@" 2>/dev/null; }

CCM=/soc@0/bus@30000000/clock-controller@30380000
SRC=/soc@0/bus@30000000/reset-controller@30390000
MU=/soc@0/bus@30800000/mailbox@30aa0000
compat=$(get "$base" / compatible) || die "$base: not a DTB"
case " $compat " in
*" fsl,imx8mm "*) soc=imx8mm core=/imx8mm-cm4 stem=imx8mm-evk-m4 clk=246 ;;
*" fsl,imx8mp "*) soc=imx8mp core=/imx8mp-cm7 stem=imx8mp-evk-m7 clk=305 ;;
*) die "$base: neither an i.MX8MM nor an i.MX8MP DTB ($compat)" ;;
esac
get "$base" $core compatible >/dev/null && die "$base: already has $core (overlay applied twice?)"
ccm=$(get -t u "$base" $CCM phandle) || die "$base: no phandle on $CCM"
src=$(get -t u "$base" $SRC phandle) || die "$base: no phandle on $SRC"
mu_base=$(get -t u "$base" $MU phandle) || mu_base=

# fits: 0 if $out's literal phandles are BASE's and the MU kept its own
# (else the reason on stdout)
fits() {
	local v c
	if [ -n "$mu_base" ]; then
		v=$(get -t u "$out" $MU phandle)
		[ "$v" = "$mu_base" ] || { echo "the MU's phandle changed ($mu_base -> $v)"; return 1; }
	fi
	read -r -a c <<<"$(get -t u "$out" $core clocks)"
	if [ "${c[0]:-}" != "$ccm" ] || [ "${c[1]:-}" != $clk ]; then
		echo "clocks <${c[*]}>, want <$ccm $clk>"; return 1
	fi
	if [ $soc = imx8mm ]; then
		v=$(get -t u "$out" $core syscon)
		[ "$v" = "$src" ] || { echo "syscon <$v>, want <$src>"; return 1; }
	fi
}

# try PASS: apply each candidate; pass 1 rewrites the values of the first
# that applies without moving the MU's phandle.
try() {
	local r
	for dtbo in "$DTBO_DIR/$stem"-*.dtbo; do
		[ -r "$dtbo" ] || die "$DTBO_DIR/$stem-*.dtbo: missing (make -C dts)"
		if ! fdtoverlay -i "$base" -o "$out" "$dtbo" 2>/dev/null; then
			[ "$1" = 0 ] && why="$why $(basename "$dtbo"): does not apply;"
			continue
		fi
		r=$(fits) && return 0
		[ "$1" = 0 ] && why="$why $(basename "$dtbo"): $r;"
		if [ "$1" = 1 ] && [ "${r#the MU}" = "$r" ]; then
			fdtput -t u "$out" $core clocks "$ccm" $clk || die "fdtput clocks failed"
			[ $soc = imx8mm ] && { fdtput -t u "$out" $core syscon "$src" || die "fdtput syscon failed"; }
			echo "imx-apply: $(basename "$dtbo"): phandle values rewritten from $(basename "$base")" >&2
			return 0
		fi
		rm -f "$out"
	done
	return 1
}
why=
try 0 || { [ $fix = 1 ] && try 1; } ||
	die "no overlay fits $base:$why (--fix-phandles rewrites the values)"

# The result: the MU reached, no base phandle changed.
mu=$(get -t u "$out" $MU phandle) || die "the MU ($MU) has no phandle"
[ -z "$mu_base" ] || [ "$mu" = "$mu_base" ] || die "the MU's phandle changed ($mu_base -> $mu)"
read -r -a mb <<<"$(get -t u "$out" $core mboxes)"
for i in 0 3 6; do
	[ "${mb[$i]:-}" = "$mu" ] || die "$core mboxes <${mb[*]}> do not all name the MU ($mu)"
done
[ "$(get -t u "$out" $CCM phandle)" = "$ccm" ] || die "the clock controller's phandle changed"
[ "$(get -t u "$out" $SRC phandle)" = "$src" ] || die "the SRC's phandle changed"
echo "$out: $(basename "$dtbo") applied to $(basename "$base")"
