#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side test of the documentation (Documentation/, make docs): the
# Sphinx build passes with -W (not one warning), every page is reachable
# from index's toctree, every ioctl and struct of include/uapi/linux/*.h
# and every upstream rpmsg ioctl the drivers handle is in the uAPI
# reference, the local paths README.md and the pages name exist, the
# supported-kernels table matches tools/testing/runs/*, conf.py's release
# is debian/changelog's.  Each consistency check is also run on a mutated
# copy, where it must fail.  Installs python3-sphinx (kernels.sh
# docs-deps).  Prints TAP; exits 1 on any failure.  About 15 s.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
DOC=$ROOT/Documentation
CHECK=$HERE/check_docs.py
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
# check NAME CMD...: ok when CMD succeeds; its output as TAP comments.
check() {
	local name=$1 out; shift
	if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name"; fi
	[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
}
# refuted NAME CMD...: ok when CMD fails (a mutant the check must catch).
refuted() {
	local name=$1 out; shift
	if out=$("$@" 2>&1); then
		not_ok "$name (the check passed a mutant)"
	else
		ok "$name"
	fi
	[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
}

echo "1..14"

check "python3-sphinx installed (kernels.sh docs-deps)" \
	"$ROOT/tools/testing/kernels.sh" docs-deps

# -E: a fresh environment, so that no warning hides in a cached page.
build_log=$TMP/sphinx.log
if sphinx-build -q -E -W --keep-going -b html "$DOC" "$TMP/html" \
	> "$build_log" 2>&1 && ! grep -q WARNING "$build_log"; then
	ok "sphinx-build -W: no warning"
else
	not_ok "sphinx-build -W: no warning"
fi
sed 's/^/# /' "$build_log" | head -n 40

missing=()
for rst in $(python3 -c 'import sys; sys.path.insert(0, sys.argv[1])
import check_docs
print("\n".join(check_docs.rst_files(sys.argv[2])))' "$HERE" "$DOC"); do
	[ -s "$TMP/html/$rst.html" ] || missing+=("$rst")
done
if [ ${#missing[@]} -eq 0 ]; then
	ok "every page built to HTML"
else
	not_ok "every page built to HTML (missing: ${missing[*]})"
fi

check "every page reachable from index's toctree" python3 "$CHECK" toctree "$DOC"
mkdir -p "$TMP/orphan"
cp -r "$DOC"/*.rst "$DOC/conf.py" "$TMP/orphan/"
printf 'Orphan\n======\n' > "$TMP/orphan/orphan.rst"
refuted "toctree check catches a page no toctree lists" \
	python3 "$CHECK" toctree "$TMP/orphan"

# Sphinx itself, with the project's conf.py, fails -W on an orphan.
mkdir -p "$TMP/mini"
cp "$DOC/conf.py" "$TMP/mini/"
printf 'Index\n=====\n\n.. toctree::\n\n   page\n' > "$TMP/mini/index.rst"
printf 'Page\n====\n' > "$TMP/mini/page.rst"
printf 'Orphan\n======\n' > "$TMP/mini/orphan.rst"
refuted "sphinx-build -W with conf.py fails on an orphan page" \
	sphinx-build -q -E -W -b html "$TMP/mini" "$TMP/mini-html"

check "every ioctl and uAPI struct in uapi.rst" \
	python3 "$CHECK" ioctls "$DOC" "$ROOT"
mkdir -p "$TMP/ioctl/include/uapi/linux" "$TMP/ioctl/drivers"
cp "$ROOT"/include/uapi/linux/*.h "$TMP/ioctl/include/uapi/linux/"
ln -s "$ROOT/drivers/rpmsg" "$TMP/ioctl/drivers/rpmsg"
printf '#define OHOST_RPMSG_UNDOCUMENTED \\\n\t_IOR(0xB9, 0x7f, __u32)\n' \
	>> "$TMP/ioctl/include/uapi/linux/ohost_rpmsg.h"
refuted "ioctl check catches an undocumented ioctl" \
	python3 "$CHECK" ioctls "$DOC" "$TMP/ioctl"
cp "$ROOT"/include/uapi/linux/*.h "$TMP/ioctl/include/uapi/linux/"
printf 'struct ohost_rpmsg_undocumented {\n\t__u32 x;\n};\n' \
	>> "$TMP/ioctl/include/uapi/linux/ohost_rpmsg.h"
refuted "ioctl check catches an undocumented struct" \
	python3 "$CHECK" ioctls "$DOC" "$TMP/ioctl"

check "local paths in README.md and Documentation/*.rst exist" \
	python3 "$CHECK" links "$ROOT" "$ROOT/README.md" "$DOC"/*.rst
printf 'See tools/no-such-tool/main.c and [the guide](Documentation/gone.md).\n' \
	> "$TMP/links.md"
refuted "link check catches paths that do not exist" \
	python3 "$CHECK" links "$ROOT" "$TMP/links.md"

check "supported-kernels.rst matches tools/testing/runs/*" \
	python3 "$CHECK" kernels "$DOC" "$ROOT"
mkdir -p "$TMP/runs/tools/testing"
cp -r "$ROOT/tools/testing/runs" "$TMP/runs/tools/testing/"
sed -i 's/^KERNELS=.*/KERNELS=debian-6.1/' "$TMP/runs/tools/testing/runs/basic"
refuted "kernels check catches a run whose targets changed" \
	python3 "$CHECK" kernels "$DOC" "$TMP/runs"

check "conf.py release is debian/changelog's version" \
	python3 "$CHECK" version "$DOC" "$ROOT"

[ "$fails" -eq 0 ]
