#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make deb: the Debian packages (debian/) in build/deb/:
#   openamp-host_<v>.dsc/.tar.xz           source (3.0 native)
#   openamp-host-dkms_<v>_all.deb          module sources + dkms.conf
#   openamp-host-tools_<v>_amd64.deb       tools, native build
#   openamp-host-tools_<v>_arm64.deb       tools, cross built for the board
# then lintian on both .changes (build/deb/lintian.txt; fails on errors).
# dpkg-buildpackage writes to the parent of the tree it builds, so it builds
# a copy of the sources, build/deb/openamp-host-<v>/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/deb

"$ROOT/tools/testing/kernels.sh" deb-deps
ver=$(dpkg-parsechangelog -l "$ROOT/debian/changelog" -SVersion)
src=$OUT/openamp-host-$ver
rm -rf "$OUT"
mkdir -p "$src"
# The sources as git sees them (committed or not, but not ignored: files
# deleted but not yet committed are skipped), or everything but build/
# outside a git checkout.
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$ROOT" && git ls-files -z -co --exclude-standard |
		tar --null -T - --ignore-failed-read -cf -) | tar -C "$src" -xf -
else
	tar -C "$ROOT" --exclude=./build -cf - . | tar -C "$src" -xf -
fi

cd "$src"
# Source, the arch-independent package and the amd64 tools.
dpkg-buildpackage -us -uc
# The arm64 tools, cross compiled with gcc-aarch64-linux-gnu.  -d: the
# arm64 build dependencies can never be installed on this host (an :arm64
# package would replace the host's toolchain; see
# tools/testing/kernels.sh), and debhelper runs from the host anyway.
dpkg-buildpackage -aarm64 -B -d -us -uc

cd "$OUT"
lintian --fail-on error --info --display-info \
	"openamp-host_${ver}_amd64.changes" "openamp-host_${ver}_arm64.changes" \
	> lintian.txt 2>&1 && rc=0 || rc=$?
cat lintian.txt
ls -1 "$OUT"/*.deb
exit "$rc"
