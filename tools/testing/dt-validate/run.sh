#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dt-schema checks of the project's bindings and overlays (Debian's
# dt-schema 2022.08, installed by kernels.sh with the other host packages):
#  1. every binding under Documentation/devicetree/bindings passes
#     dt-doc-validate;
#  2. every binding's examples (dt-extract-example, as the kernel's
#     dt_binding_check) compile with dtc without warnings and validate with
#     dt-validate -m against the processed schema of our bindings plus
#     dt-schema's core; an unmatched compatible is an error unless it is one
#     of dts/dt-check.sh's FOREIGN ones (bindings that live in Linux);
#  3. every overlay in dts/ is applied onto the DTB Debian ships for its
#     board with the kernel series in its name (-6.1, -6.12) and the result
#     validated by dts/dt-check.sh (see its header for what counts as an
#     error: all of our schemas' findings, plus whatever the overlay adds
#     to what the base DTB already has, unknown compatibles included);
#  4. mutants that must fail: an example and overlays that break the
#     bindings, carry an unknown compatible, add a core-schema error, or
#     name a GIC phandle that is no interrupt controller.
# The schema is processed once, and dt-validate (seconds to start) runs once
# for the examples and once for all overlays.  The overlays' contents
# (phandles, addresses) are tools/testing/dtbs*/run.sh's.
# Runtime: 65-75 s on the shared 2-core machine at load 7-9 (about 15 s
# kernels.sh finding the cached DTBs, 35 s the overlays' dt-validate run).
# Prints TAP; exits 1 on any failure.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
DTS=$ROOT/dts
BINDINGS=$ROOT/Documentation/devicetree/bindings
CHECK=$DTS/dt-check.sh
FOREIGN=$(sed -n 's/^FOREIGN="\(.*\)"$/\1/p' "$CHECK")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
diag() { sed 's/^/# /' "$@"; }

# The base DTBs, and the host packages (dt-schema, device-tree-compiler:
# kernels.sh's HOST_PKGS), all at once: kernels.sh is slow even when it
# has nothing to do.
for s in 6.1 6.12; do
	"$ROOT/tools/testing/kernels.sh" env debian-$s >"$tmp/env-$s" 2>"$tmp/env-$s.err" &
done
"$ROOT/tools/testing/kernels.sh" host-deps >"$tmp/deps.out" 2>&1 ||
	{ echo "Bail out! kernels.sh host-deps failed"; diag "$tmp/deps.out"; exit 1; }
wait
declare -A DTBDIR	# series -> usr/lib/linux-image-KREL
for s in 6.1 6.12; do
	envf=$(cat "$tmp/env-$s")
	if [ -z "$envf" ] || [ ! -r "$envf" ]; then
		echo "Bail out! kernels.sh env debian-$s failed"; diag "$tmp/env-$s.err"; exit 1
	fi
	DTBDIR[$s]=$(sed -n 's/^MODROOT=//p' "$envf")/usr/lib/linux-image-$(sed -n 's/^KREL=//p' "$envf")
done
for t in dtc fdtoverlay dt-doc-validate dt-extract-example dt-mk-schema dt-validate; do
	command -v $t >/dev/null || { echo "Bail out! $t missing (kernels.sh host-deps)"; exit 1; }
done
[ -n "$FOREIGN" ] || { echo "Bail out! no FOREIGN list in $CHECK"; exit 1; }

# --- 1. dt-doc-validate -------------------------------------------------------
mapfile -t YAMLS < <(cd "$BINDINGS" && find . -name '*.yaml' | sed 's|^\./||' | sort)
[ ${#YAMLS[@]} -ge 2 ] || not_ok "bindings: only ${#YAMLS[@]} found under $BINDINGS"
for y in "${YAMLS[@]}"; do
	if (cd "$BINDINGS" && dt-doc-validate -u . "$y") >"$tmp/doc.out" 2>&1 && [ ! -s "$tmp/doc.out" ]; then
		ok "$y: dt-doc-validate"
	else
		not_ok "$y: dt-doc-validate"; diag "$tmp/doc.out"
	fi
done

if ! dt-mk-schema -j -o "$tmp/schema.json" "$BINDINGS" >"$tmp/mk.out" 2>&1; then
	not_ok "dt-mk-schema"; diag "$tmp/mk.out"
	echo "1..$n"; exit 1
fi

# --- 2. examples --------------------------------------------------------------
mkdir "$tmp/ex"
# example NAME YAML: extract and compile; the dtb is validated below
example() {
	dt-extract-example "$2" >"$tmp/ex/$1.dts" 2>"$tmp/ex/$1.err" &&
	dtc -Wno-avoid_unnecessary_addr_size -I dts -O dtb -o "$tmp/ex/$1.dtb" "$tmp/ex/$1.dts" 2>>"$tmp/ex/$1.err"
}
# The mutant: the ZynqMP example's split cluster with lockstep TCM
# (cluster-mode 0 requires tcm-mode 0).
sed 's/xlnx,tcm-mode = <0>;/xlnx,tcm-mode = <1>;/' "$BINDINGS/remoteproc/xlnx,zynqmp-r5fss.yaml" >"$tmp/mutant.yaml"
cmp -s "$tmp/mutant.yaml" "$BINDINGS/remoteproc/xlnx,zynqmp-r5fss.yaml" &&
	not_ok "example mutant: the sed did not change the binding"
declare -A EXOK
for y in "${YAMLS[@]}" mutant; do
	name=$(basename "$y" .yaml)
	src=$BINDINGS/$y
	[ "$y" = mutant ] && src=$tmp/mutant.yaml
	example "$name" "$src" && [ ! -s "$tmp/ex/$name.err" ] && EXOK[$name]=1
done
if ! (cd "$tmp/ex" && dt-validate -m -s "$tmp/schema.json" ./*.dtb) >"$tmp/ex/val.out" 2>&1; then
	not_ok "examples: dt-validate crashed"; diag "$tmp/ex/val.out"
fi
# ex_problems NAME: dt-validate's findings on NAME.dtb, FOREIGN compatibles aside
ex_problems() {
	awk -v f="$1.dtb" -v foreign="$FOREIGN" '
	/^\t/ { if (mine) print; next }
	{
		file = substr($0, 1, index($0, ":") - 1)
		sub(/.*\//, "", file)
		mine = file == f
		if (mine && match($0, /failed to match any schema with compatible: \[.*\]$/)) {
			list = substr($0, RSTART + 45, RLENGTH - 46)
			gsub(/'\''/, "", list)
			k = split(list, cs, /, /)
			known = 1
			for (j = 1; j <= k; j++) if (index(foreign, " " cs[j] " ") == 0) known = 0
			if (known) { mine = 0; next }
		}
		if (mine) print
	}' "$tmp/ex/val.out"
}
for y in "${YAMLS[@]}"; do
	name=$(basename "$y" .yaml)
	if [ -z "${EXOK[$name]:-}" ]; then
		not_ok "$y: examples: extraction or dtc"; diag "$tmp/ex/$name.err"; continue
	fi
	ex_problems "$name" >"$tmp/why"
	if [ -s "$tmp/why" ]; then not_ok "$y: examples validate"; diag "$tmp/why"
	else ok "$y: $(grep -c '^    example-' "$tmp/ex/$name.dts") examples compile and validate"; fi
done
ex_problems mutant >"$tmp/why"
if [ -z "${EXOK[mutant]:-}" ]; then
	not_ok "example mutant: did not compile"; diag "$tmp/ex/mutant.err"
elif grep -q "From schema: $BINDINGS/remoteproc/xlnx,zynqmp-r5fss.yaml" "$tmp/why"; then
	ok "example mutant (split cluster, xlnx,tcm-mode = <1>): rejected"
else
	not_ok "example mutant (split cluster, xlnx,tcm-mode = <1>): accepted"; diag "$tmp/why"
fi

# --- 3. overlays, and 4. overlay mutants ---------------------------------------
# base_for OVERLAY-NAME: the Debian DTB of its board and series
base_for() {
	local s=${1##*-} board
	case "$1" in
	zcu102-*) board=xilinx/zynqmp-zcu102-rev1.0.dtb ;;
	imx8mm-evk-*) board=freescale/imx8mm-evk.dtb ;;
	imx8mp-evk-*) board=freescale/imx8mp-evk.dtb ;;
	*) return 1 ;;
	esac
	[ -n "${DTBDIR[$s]:-}" ] && [ -r "${DTBDIR[$s]}/$board" ] && echo "${DTBDIR[$s]}/$board"
}
# mutant NAME OVERLAY SED: a modified copy of dts/OVERLAY.dtso
mutant() {
	sed "$3" "$DTS/$2.dtso" >"$tmp/$1.dtso"
	cmp -s "$DTS/$2.dtso" "$tmp/$1.dtso" && echo "# mutant $1: the sed did not change $2"
	PAIRS+=("$(base_for "$2")" "$tmp/$1.dtso")
}
PAIRS=()
declare -A WANT	# mutant -> message dt-check.sh must give
for src in "$DTS"/*.dtso; do
	name=$(basename "$src" .dtso)
	if base=$(base_for "$name"); then PAIRS+=("$base" "$src")
	else not_ok "$name: no Debian DTB known for it (add it to base_for)"; fi
done
mutant unknown-core imx8mm-evk-m4-6.1 's/"fsl,imx8mm-cm4"/"fsl,imx8mm-cm4x"/'
WANT[unknown-core]="failed to match any schema with compatible: ['fsl,imx8mm-cm4x']"
mutant unknown-ipi zcu102-r5-lockstep-6.12 's/"xlnx,zynqmp-ipi-mailbox"/"xlnx,zynqmp-ipi"/'
WANT[unknown-ipi]="failed to match any schema with compatible: ['xlnx,zynqmp-ipi']"
mutant split-tcm zcu102-r5-split-6.1 's/xlnx,tcm-mode = <0>;/xlnx,tcm-mode = <1>;/'
WANT[split-tcm]="From schema: $BINDINGS/remoteproc/xlnx,zynqmp-r5fss.yaml"
mutant no-syscon imx8mm-evk-m4-6.1 '/syscon = <0x1e>;/d'
WANT[no-syscon]="'syscon' is a required property"
mutant fixed-vrings imx8mp-evk-m7-6.12 's/compatible = "fsl,imx8mp-cm7";/&\n\t\topenamp-host,fixed-vrings = <100>;/'
WANT[fixed-vrings]="From schema: $BINDINGS/remoteproc/openamp-host,imx-rproc.yaml"
mutant bad-status zcu102-r5-split-6.12 '0,/no-map;/s//&\n\t\t\tstatus = "on";/'
WANT[bad-status]="From schema: /usr/lib/python3/dist-packages/dtschema/schemas/dt-core.yaml"
# The 6.1 overlay on the 6.12 DTB: its literal GIC phandle is a clock
# controller there (and dt-validate 2022.08 would hang on it).
cp "$DTS/zcu102-r5-split-6.1.dtso" "$tmp/wrong-series.dtso"
PAIRS+=("$(base_for zcu102-r5-split-6.12)" "$tmp/wrong-series.dtso")
WANT[wrong-series]="/zynqmp-ipi-rpu0: interrupt-parent <0x4> is /firmware/zynqmp-firmware/clock-controller, which has no #interrupt-cells"

"$CHECK" --schema "$tmp/schema.json" "${PAIRS[@]}" >"$tmp/check.out" 2>"$tmp/check.err"
rc=$?
[ $rc -le 1 ] || { not_ok "dt-check.sh: exit $rc"; diag "$tmp/check.err"; }
# report OVERLAY: dt-check.sh's verdict and reasons on OVERLAY
report() {
	awk -v o="$1" '
	/^(ok|FAIL): / { mine = index($0, " " o " on ") > 0 }
	mine' "$tmp/check.out"
}
for src in "$DTS"/*.dtso; do
	name=$(basename "$src" .dtso)
	base_for "$name" >/dev/null || continue
	report "$src" >"$tmp/why"
	if grep -q '^ok: ' "$tmp/why"; then
		ok "$name on ${name##*-}'s $(basename "$(base_for "$name")"): applies and validates"
	else
		not_ok "$name: dt-check.sh"; diag "$tmp/why"
	fi
done
for m in unknown-core unknown-ipi split-tcm no-syscon fixed-vrings bad-status wrong-series; do
	report "$tmp/$m.dtso" >"$tmp/why"
	if grep -q '^FAIL: ' "$tmp/why" && grep -qF -- "${WANT[$m]}" "$tmp/why"; then
		ok "mutant $m: rejected ($(grep -m1 -F -- "${WANT[$m]}" "$tmp/why" | sed 's/^ *//' | cut -c1-120))"
	else
		not_ok "mutant $m: not rejected with '${WANT[$m]}'"; diag "$tmp/why"
	fi
done

echo "1..$n"
[ $failed -eq 0 ]
