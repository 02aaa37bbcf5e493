#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dt-check.sh: apply overlays onto base DTBs with fdtoverlay and validate
# each result with dt-schema's dt-validate against this project's bindings
# (Documentation/devicetree/bindings) plus dt-schema's core schemas.
#
#   dt-check.sh [--schema processed.json] BASE.dtb OVERLAY [BASE OVERLAY]...
#
# OVERLAY is a .dtbo, or a .dtso compiled here with the flags of
# dts/Makefile.  Prints "ok: OVERLAY on BASE" or "FAIL: OVERLAY on BASE"
# and the reasons, indented, per pair.  Exit 0 if every pair passes, 1 if
# one fails, 2 on usage or tool errors.
#
# What is an error.  Debian's board DTBs do not validate cleanly against
# dt-schema 2022.08 (pinctrl groups, hundreds of compatibles whose bindings
# live in Linux, not in dt-schema), so validating a whole result would be
# noise about nodes this project does not own.  The base DTB is validated
# too, in the same dt-validate run (-m: unmatched compatibles reported),
# and a result fails on
#  - any error from one of the project's own schemas, on any node (Debian
#    6.12's stock xlnx,zynqmp-r5fss nodes included, which the overlays
#    rewrite);
#  - any other error or unmatched compatible that the base does not have:
#    it is on a node the overlay added or changed, so the overlay caused
#    it.  An unknown compatible on one of our nodes is therefore an error.
#    The one exception is FOREIGN below: compatibles our overlays use
#    whose bindings are Linux's (not in dt-schema 2022.08 nor here);
#    tools/testing/dtbs*/run.sh check those nodes property by property.
# Base errors are matched by text (node name, message, schema), so an
# overlay error identical to one the base already has goes unreported.
# Before dt-validate, a result whose interrupt-parent names no interrupt
# controller fails (bad_interrupt_parents below).
set -u
export LC_ALL=C	# sort and comm agree
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BINDINGS=$ROOT/Documentation/devicetree/bindings
DTC_FLAGS=(-@ -Wno-interrupts_property -Wno-clocks_property)	# dts/Makefile's, both
FOREIGN=" shared-dma-pool xlnx,zynqmp-ipi-mailbox xlnx,zynqmp-ipi-dest-mailbox "

usage() {
	echo "usage: $0 [--schema processed-schema.json] BASE.dtb OVERLAY.dts[o]|.dtbo [BASE OVERLAY]..." >&2
	exit 2
}
die() { echo "$0: $*" >&2; exit 2; }

schema=
case "${1:-}" in
--schema) [ $# -ge 2 ] || usage; schema=$2; shift 2 ;;
-h|--help) usage ;;
esac
if [ $# -lt 2 ] || [ $(($# % 2)) -ne 0 ]; then usage; fi
for t in dtc fdtoverlay dt-validate dt-mk-schema; do
	command -v $t >/dev/null || die "$t missing (apt-get install device-tree-compiler dt-schema)"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -z "$schema" ]; then
	schema=$tmp/schema.json
	dt-mk-schema -j -o "$schema" "$BINDINGS" >"$tmp/mk.err" 2>&1 ||
		{ cat "$tmp/mk.err" >&2; die "dt-mk-schema failed"; }
fi
[ -r "$schema" ] || die "$schema: not readable"

# bad_interrupt_parents DTB: nodes whose interrupt-parent is not an
# interrupt controller, e.g. an overlay's literal GIC phandle on a DTB of
# the other kernel series.  dt-validate 2022.08 loops forever on them
# (dtb.py: fixup_interrupts with 0 cells), so they are found first.
bad_interrupt_parents() {
	dtc -I dtb -O dts -o - "$1" 2>/dev/null | awk '
	function here() { return path == "" ? "/" : path }
	/ \{$/ { path = depth == 0 ? "" : path "/" $1; stack[++depth] = path; next }
	/^[ \t]*\};$/ { path = stack[--depth]; next }
	{
		v = ""
		if (match($0, /<0x[0-9a-f]+>;$/)) { v = substr($0, RSTART + 3, RLENGTH - 5); sub(/^0+/, "", v) }
	}
	/^[ \t]*phandle = </ { ph[v] = here() }
	/^[ \t]*#interrupt-cells = / { ic[here()] = 1 }
	/^[ \t]*interrupt-parent = </ { ip[here()] = v }
	END {
		for (p in ip) {
			t = ph[ip[p]]
			if (t == "") print p ": interrupt-parent <0x" ip[p] "> is no node"
			else if (!(t in ic)) print p ": interrupt-parent <0x" ip[p] "> is " t ", which has no #interrupt-cells"
		}
	}'
}

# Copies under simple names: dt-validate's messages start with the file's
# absolute path, which must not contain ": ".
declare -a DESC BASEOF
declare -A BASE_ID	# base path -> base-N.dtb
i=0 nbases=0
while [ $# -gt 0 ]; do
	base=$1 ovl=$2
	shift 2
	i=$((i + 1))
	DESC[i]="$ovl on $base"
	[ -r "$base" ] || die "$base: not readable"
	if [ -z "${BASE_ID[$base]:-}" ]; then
		nbases=$((nbases + 1))
		BASE_ID[$base]=base-$nbases.dtb
		cp "$base" "$tmp/${BASE_ID[$base]}"
		bad_interrupt_parents "$base" >"$tmp/pre-base"
		[ ! -s "$tmp/pre-base" ] || { cat "$tmp/pre-base" >&2; die "$base: not validated"; }
	fi
	BASEOF[i]=${BASE_ID[$base]}
	case "$ovl" in
	*.dtbo) cp "$ovl" "$tmp/ovl-$i.dtbo" || die "$ovl: not readable" ;;
	*) dtc "${DTC_FLAGS[@]}" -I dts -O dtb -o "$tmp/ovl-$i.dtbo" "$ovl" 2>"$tmp/dtc-$i.err" ||
		{ cat "$tmp/dtc-$i.err" >&2; die "$ovl: dtc failed"; }
		cat "$tmp/dtc-$i.err" >&2 ;;	# warnings: shown, not judged here
	esac
	if ! fdtoverlay -i "$tmp/${BASEOF[i]}" -o "$tmp/result-$i.dtb" "$tmp/ovl-$i.dtbo" >"$tmp/fo-$i.err" 2>&1; then
		{ echo "fdtoverlay failed"; cat "$tmp/fo-$i.err"; } >"$tmp/pre-$i"
		rm -f "$tmp/result-$i.dtb"
	elif bad_interrupt_parents "$tmp/result-$i.dtb" >"$tmp/pre-$i" && [ -s "$tmp/pre-$i" ]; then
		rm -f "$tmp/result-$i.dtb"	# dt-validate would hang on it
	fi
done

# One dt-validate run for everything: its start-up costs seconds.
# It exits 0 whatever it finds; non-zero means it crashed (on a bad DTB,
# a broken schema) and has not looked at every file.
(cd "$tmp" && shopt -s nullglob && dt-validate -m -s "$schema" base-*.dtb result-*.dtb) >"$tmp/val.out" 2>&1 ||
	{ cat "$tmp/val.out" >&2; die "dt-validate failed"; }
# One line per message: FILE <tab> message ~ continuation lines.
awk '
function flush() { if (file != "") print file "\t" msg }
/^\t/ { msg = msg " ~ " substr($0, 2); next }
{
	flush()
	i = index($0, ": ")
	if (i == 0) { file = "?"; msg = $0; next }
	file = substr($0, 1, i - 1); sub(/:[0-9]+:[0-9]+$/, "", file); sub(/.*\//, "", file)
	msg = substr($0, i + 2)
}
END { flush() }' "$tmp/val.out" >"$tmp/msgs"
messages() { awk -F'\t' -v f="$1" '$1 == f { print $2 }' "$tmp/msgs" | sort; }

# foreign_only MESSAGE: an unmatched-compatible message naming only FOREIGN
# compatibles (the list is Python's: ['a,b', 'c'])
foreign_only() {
	local list c
	case "$1" in *": failed to match any schema with compatible: ['"*"']") ;; *) return 1 ;; esac
	list=${1##*compatible: \[\'}
	list=${list%\']}
	while IFS= read -r c; do
		case "$FOREIGN" in *" $c "*) ;; *) return 1 ;; esac
	done < <(echo "${list//\', \'/$'\n'}")
}

failed=0
if grep -q '^?' "$tmp/msgs"; then	# a line naming no file: not understood
	echo "FAIL: dt-validate said"; sed -n 's/^?\t/  /p' "$tmp/msgs"; failed=1
fi
for ((k = 1; k <= i; k++)); do
	if [ ! -e "$tmp/result-$k.dtb" ]; then
		cp "$tmp/pre-$k" "$tmp/why"
	else
		: >"$tmp/why"
		messages "result-$k.dtb" >"$tmp/r"
		messages "${BASEOF[k]}" >"$tmp/b"
		grep -F "From schema: $BINDINGS/" "$tmp/r" >>"$tmp/why"
		comm -13 "$tmp/b" "$tmp/r" | grep -vF "From schema: $BINDINGS/" |
		while IFS= read -r m; do
			foreign_only "$m" || echo "$m"
		done >>"$tmp/why"
	fi
	if [ -s "$tmp/why" ]; then
		echo "FAIL: ${DESC[k]}"; sed 's/^/  /' "$tmp/why"; failed=1
	else
		echo "ok: ${DESC[k]}"
	fi
done
exit $failed
