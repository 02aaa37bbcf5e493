#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side test of the Debian packaging (debian/, make deb): builds the
# packages, checks lintian's verdict and the packages' contents, then has
# DKMS build the -dkms package's sources for the debian-6.1 and debian-6.12
# arm64 kernels, cross, in trees of its own under a temporary directory:
# nothing is installed and /var/lib/dkms is not touched.  Also checks that
# dkms.conf's BUILD_EXCLUSIVE rules refuse unfit kernels.  Prints TAP;
# exits 1 on any failure.  About 2.5 minutes on 2 cores.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
OUT=$ROOT/build/deb

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
# The exit status of the last command, as a test.
result() { if [ $? = 0 ]; then ok "$@"; else not_ok "$@"; fi; }
diag() { sed 's/^/# /' "$@"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t0=$SECONDS

"$ROOT/tools/build-deb.sh" > "$tmp/build.log" 2>&1 ||
	{ diag "$tmp/build.log" | tail -30; echo "Bail out! make deb failed"; exit 1; }
ok "make deb ($((SECONDS - t0)) s)"
ver=$(dpkg-parsechangelog -l "$ROOT/debian/changelog" -SVersion)
dkms_deb=$OUT/openamp-host-dkms_${ver}_all.deb

# lintian (run by make deb on both .changes)
if [ -s "$OUT/lintian.txt" ] && ! grep -q '^E: ' "$OUT/lintian.txt"; then
	ok "lintian: no errors ($(grep -c '^W: ' "$OUT/lintian.txt") warnings)"
else
	not_ok "lintian: no errors"; diag "$OUT/lintian.txt"
fi

# The production modules: every obj-m of drivers/*/Kbuild.
modules=$(sed -n 's/^obj-m *+= *//p' "$ROOT"/drivers/*/Kbuild | tr ' ' '\n' |
	sed -n 's/\.o$//p' | sort)

# Package contents
dpkg-deb -c "$dkms_deb" | awk '{print $6}' > "$tmp/dkms.list"
src=./usr/src/openamp-host-$ver
missing=
for f in dkms.conf Kbuild drivers/remoteproc/Kbuild drivers/rpmsg/Kbuild \
	include/ohost/compat.h include/uapi/linux/ohost_rpmsg.h; do
	grep -qx "$src/$f" "$tmp/dkms.list" || missing="$missing $f"
done
[ -z "$missing" ]
result "dkms package: dkms.conf, Kbuild files and headers under /usr/src/openamp-host-$ver${missing:+ (missing:$missing)}"
! grep -q "^$src/tools" "$tmp/dkms.list" &&
	[ "$(cd "$ROOT" && ls drivers/*/*.c | sed "s|^|$src/|" | sort)" = \
	  "$(grep "^$src/drivers/[^/]*/[^/]*\.c$" "$tmp/dkms.list" | sort)" ]
result "dkms package: every module source is shipped, no tools/"
dpkg-deb -x "$dkms_deb" "$tmp/dkms"
conf=$tmp/dkms/usr/src/openamp-host-$ver/dkms.conf
grep -qx "PACKAGE_VERSION=\"$ver\"" "$conf"
result "dkms.conf: PACKAGE_VERSION $ver"

for arch in amd64 arm64; do
	deb=$OUT/openamp-host-tools_${ver}_$arch.deb
	dpkg-deb -c "$deb" | awk '{print $6}' > "$tmp/tools.list"
	dpkg-deb -x "$deb" "$tmp/tools-$arch"
	missing=
	for p in rproc-fwcheck rpmsg-proxyd echo_test mat_mul_demo; do
		grep -qx "./usr/bin/$p" "$tmp/tools.list" || missing="$missing $p"
		grep -qx "./usr/share/man/man1/$p.1.gz" "$tmp/tools.list" ||
			missing="$missing $p.1"
	done
	[ -z "$missing" ]
	result "tools package ($arch): programs in /usr/bin, man pages${missing:+ (missing:$missing)}"
done
notarm=
for p in rproc-fwcheck rpmsg-proxyd echo_test mat_mul_demo; do
	readelf -h "$tmp/tools-arm64/usr/bin/$p" | grep -q "Machine: *AArch64" ||
		notarm="$notarm $p"
done
[ -z "$notarm" ]
result "tools package (arm64): AArch64 programs${notarm:+ (not:$notarm)}"
# Every long option of a program's --help is in its man page.
for p in rproc-fwcheck rpmsg-proxyd echo_test mat_mul_demo; do
	opts=$("$tmp/tools-amd64/usr/bin/$p" --help | grep -o -- '--[a-z0-9-]*[a-z0-9]' | sort -u)
	page=$(zcat "$tmp/tools-amd64/usr/share/man/man1/$p.1.gz" | sed 's/\\-/-/g')
	lost=
	for o in $opts; do grep -q -- "$o\b" <<<"$page" || lost="$lost $o"; done
	[ -n "$opts" ] && [ -z "$lost" ]
	result "$p.1 documents every option of $p --help${lost:+ (missing:$lost)}"
done

# dkms.conf cross compiles only when the host is not arm64.
make_cmd() {	# HOST-MACHINE DKMS-ARCH
	bash -c 'uname() { echo "$0"; }; arch=$1 kernel_source_dir=/k dkms_tree=/t
		. "$2"; echo "${MAKE[0]}"' "$1" "$2" "$conf"
}
[[ "$(make_cmd x86_64 aarch64)" == *" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-" ]]
result "dkms.conf: cross build on x86_64 for aarch64"
[ "$(make_cmd aarch64 aarch64)" = "make -C /k M=/t/openamp-host/$ver/build" ]
result "dkms.conf: nothing extra for a native arm64 build"

# dkms build in trees of its own; the MOK key is generated in $tmp.
# sign_file: on a board, dkms finds it through /lib/modules/KREL/build.
dkms_build() {	# KREL KDIR ARCH
	rm -rf "$tmp/dkmstree"; mkdir -p "$tmp/dkmstree" "$tmp/inst"
	env mok_signing_key="$tmp/mok.key" mok_certificate="$tmp/mok.pub" \
		sign_file="$2/scripts/sign-file" parallel_jobs="$(nproc)" \
		dkms build -m openamp-host -v "$ver" --dkmstree "$tmp/dkmstree" \
		--sourcetree "$tmp/dkms/usr/src" --installtree "$tmp/inst" \
		-k "$1" --kernelsourcedir "$2" -a "$3" > "$tmp/dkms.log" 2>&1
}
for target in debian-6.1 debian-6.12; do
	envf=$("$ROOT/tools/testing/kernels.sh" prepare "$target" 2>/dev/null) ||
		{ not_ok "dkms build for $target: no kernel target"; continue; }
	KREL=$(sed -n 's/^KREL=//p' "$envf")
	KDIR=$(sed -n 's/^KDIR=//p' "$envf")
	t=$SECONDS
	if ! dkms_build "$KREL" "$KDIR" aarch64; then
		not_ok "dkms build for $KREL"
		diag "$tmp/dkms.log" | tail -20
		find "$tmp/dkmstree" -name make.log -exec tail -20 {} \; | diag
		continue
	fi
	ok "dkms build for $KREL ($((SECONDS - t)) s)"
	mdir=$tmp/dkmstree/openamp-host/$ver/$KREL/aarch64/module
	built=$(cd "$mdir" 2>/dev/null && ls | sed 's/\.ko$//' | sort)
	[ -n "$built" ] && [ "$built" = "$modules" ]
	result "$KREL: the production modules, no others (${built//$'\n'/ }))"
	bad=
	for ko in "$mdir"/*.ko; do
		[ "$(modinfo -F vermagic "$ko")" = "$KREL SMP mod_unload modversions aarch64" ] ||
			bad="$bad $(basename "$ko"):$(modinfo -F vermagic "$ko")"
	done
	[ -z "$bad" ]
	result "$KREL: vermagic '$KREL SMP mod_unload modversions aarch64'${bad:+ (wrong:$bad)}"
	bad=
	for ko in "$mdir"/*.ko; do
		[ "$(modinfo -F signer "$ko")" = "DKMS module signing key" ] ||
			bad="$bad $(basename "$ko")"
	done
	[ -z "$bad" ]
	result "$KREL: signed with DKMS's MOK key${bad:+ (unsigned:$bad)}"
done

# BUILD_EXCLUSIVE: a kernel without CONFIG_REMOTEPROC (a shadow of the
# debian-6.1 headers with its own .config), and an x86_64 build.
envf=$("$ROOT/tools/testing/kernels.sh" env debian-6.1 2>/dev/null)
KREL=$(sed -n 's/^KREL=//p' "$envf")
KDIR=$(sed -n 's/^KDIR=//p' "$envf")
mkdir "$tmp/kdir"
for f in "$KDIR"/* "$KDIR"/.[!.]*; do
	[ "$(basename "$f")" = .config ] || ln -s "$f" "$tmp/kdir/"
done
grep -v '^CONFIG_REMOTEPROC=' "$KDIR/.config" > "$tmp/kdir/.config"
refused() {	# KDIR ARCH
	dkms_build "$KREL" "$1" "$2"
	if [ $? = 77 ] && [ -z "$(find "$tmp/dkmstree" -name '*.ko')" ] &&
		grep -q "BUILD_EXCLUSIVE directive which does not match" "$tmp/dkms.log"; then
		return 0
	fi
	diag "$tmp/dkms.log"
	return 1
}
refused "$tmp/kdir" aarch64
result "dkms refuses a kernel without CONFIG_REMOTEPROC"
refused "$KDIR" x86_64
result "dkms refuses an x86_64 build"

echo "# $((SECONDS - t0)) s"
echo "1..$n"
[ $failed -eq 0 ]
