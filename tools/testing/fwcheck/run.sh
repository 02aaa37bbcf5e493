#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side test of tools/rproc-fwcheck: generate good and bad firmware
# images (mkimages.py), run the tool on each and check its exit status and
# reason, then its command line.  Prints TAP; exits 1 on any failure.
#
#   run.sh [TOOL]      default: build/tools/host/rproc-fwcheck (built here)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
TOOL=${1:-$ROOT/build/tools/host/rproc-fwcheck}

if [ $# -eq 0 ]; then
	make -s -C "$ROOT/tools" "$TOOL" >&2 || { echo "Bail out! cannot build $TOOL"; exit 1; }
fi
[ -x "$TOOL" ] || { echo "Bail out! $TOOL is not executable"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$HERE/mkimages.py" "$tmp/img" || { echo "Bail out! mkimages.py failed"; exit 1; }

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
diag() { sed 's/^/# /' "$@"; }

# run OPTIONS... FILE: sets rc, and out/err files
run() {
	"$TOOL" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# One line per image check: FILE EXIT OPTIONS REASON (tab-separated).
while IFS=$'\t' read -r file want opts reason; do
	f=$tmp/img/$file
	[ "$opts" = - ] && opts=
	desc="$file${opts:+ $opts}"
	# shellcheck disable=SC2086 # OPTIONS are words
	run $opts "$f"
	if [ "$rc" != "$want" ]; then
		not_ok "$desc: exit $rc, expected $want"
		diag "$tmp/out" "$tmp/err"
		continue
	fi
	if [ "$want" = 0 ]; then
		if [ -s "$tmp/err" ] || ! grep -qF -- "$reason" "$tmp/out"; then
			not_ok "$desc: accepted, but output lacks '$reason'"
			diag "$tmp/out" "$tmp/err"
		else
			ok "$desc: accepted"
		fi
		continue
	fi
	# Exactly one line "FILE: rejected: REASON..." and nothing on stdout.
	line=$(head -n1 "$tmp/err")
	if [ "$(wc -l <"$tmp/err")" -ne 1 ] || [ -s "$tmp/out" ] ||
	   [ "${line#"$f: rejected: "}" = "$line" ] ||
	   ! grep -qF -- "$reason" "$tmp/err"; then
		not_ok "$desc: rejection does not say '$reason'"
		diag "$tmp/out" "$tmp/err"
	else
		ok "$desc: rejected: $reason"
	fi
done <"$tmp/img/expect.tsv"

# Command line.
img=$tmp/img
run --help
if [ $rc -eq 0 ] && grep -q '^Usage: ' "$tmp/out"; then ok "--help: usage, exit 0"
else not_ok "--help: exit $rc"; fi
run
if [ $rc -eq 2 ] && [ -s "$tmp/err" ]; then ok "no FILE: exit 2"
else not_ok "no FILE: exit $rc"; fi
run --bogus "$img/good-elf32-arm.elf"
if [ $rc -eq 2 ]; then ok "unknown option: exit 2"; else not_ok "unknown option: exit $rc"; fi
run --machine sparc "$img/good-elf32-arm.elf"
if [ $rc -eq 2 ] && grep -q "bad machine 'sparc'" "$tmp/err"; then ok "bad --machine: exit 2"
else not_ok "bad --machine: exit $rc"; fi
run --max-vrings 256 "$img/good-elf32-arm.elf"
if [ $rc -eq 2 ]; then ok "bad --max-vrings: exit 2"; else not_ok "bad --max-vrings: exit $rc"; fi
run "$img/does-not-exist.elf"
if [ $rc -eq 2 ] && grep -q "does-not-exist.elf: No such file" "$tmp/err"; then
	ok "missing file: exit 2"
else not_ok "missing file: exit $rc"; fi
run "$img/good-elf32-arm.elf" "$img/not-elf.bin" "$img/good-elf64-aarch64.elf"
if [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
   grep -q "good-elf64-aarch64.elf: ok" "$tmp/out"; then
	ok "good, bad, good: exit 1, every file checked"
else not_ok "good, bad, good: exit $rc"; fi
run "$img/not-elf.bin" "$img/does-not-exist.elf"
if [ $rc -eq 2 ]; then ok "rejected and missing: exit 2"; else not_ok "rejected and missing: exit $rc"; fi
run --quiet "$img/good-elf32-arm.elf" "$img/good-elf64-aarch64.elf"
if [ $rc -eq 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; then
	ok "--quiet: silent on good images"
else not_ok "--quiet: exit $rc or output"; fi
run --quiet "$img/vring-num-not-pow2.elf"
if [ $rc -eq 1 ] && grep -q "rejected: " "$tmp/err"; then ok "--quiet: still reports rejections"
else not_ok "--quiet rejection: exit $rc"; fi
: >"$tmp/empty"
run "$tmp/empty"
if [ $rc -eq 1 ] && grep -q "empty: rejected: not an ELF file" "$tmp/err"; then
	ok "empty file: rejected"
else not_ok "empty file: exit $rc"; fi

echo "1..$n"
[ $failed -eq 0 ]
