#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side test of the Debian packaging (debian/, make deb): builds the
# packages, checks lintian's verdict and the packages' contents (programs,
# man pages, the library packages with their symbols, soname and pkg-config
# file, udev rules that give no world access, sysusers, systemd units
# checked by systemd-analyze verify), then has
# DKMS build the -dkms package's sources for the debian-6.1 and debian-6.12
# arm64 kernels, cross, in trees of its own under a temporary directory:
# nothing is installed and /var/lib/dkms is not touched.  Also checks that
# dkms.conf's BUILD_EXCLUSIVE rules refuse unfit kernels.  Prints TAP;
# exits 1 on any failure.  About 4 minutes on 2 cores (468 s measured on a
# machine shared with other jobs; make deb alone 188 s).
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
	grep '^W: ' "$OUT/lintian.txt" | diag
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

PROGRAMS="rproc-fwcheck rpmsg-proxyd echo_test mat_mul_demo ohost-cli"
for arch in amd64 arm64; do
	deb=$OUT/openamp-host-tools_${ver}_$arch.deb
	dpkg-deb -c "$deb" | awk '{print $6}' > "$tmp/tools.list"
	dpkg-deb -x "$deb" "$tmp/tools-$arch"
	dpkg-deb -e "$deb" "$tmp/tools-$arch/DEBIAN"
	# and the library the programs link, as on a system
	dpkg-deb -x "$OUT/libohost-rpmsg0_${ver}_$arch.deb" "$tmp/tools-$arch"
	missing=
	for p in $PROGRAMS; do
		grep -qx "./usr/bin/$p" "$tmp/tools.list" || missing="$missing $p"
	done
	# A man page for every program in /usr/bin, whatever it is.
	while read -r p; do
		grep -qx "./usr/share/man/man1/$p.1.gz" "$tmp/tools.list" ||
			missing="$missing $p.1"
	done < <(sed -n 's|^\./usr/bin/\(..*\)$|\1|p' "$tmp/tools.list")
	[ -z "$missing" ]
	result "tools package ($arch): programs in /usr/bin, a man page for each${missing:+ (missing:$missing)}"
	missing=
	for f in usr/libexec/openamp-host/rpmsg-devname \
		usr/lib/udev/rules.d/60-openamp-host.rules \
		usr/lib/sysusers.d/openamp-host.conf \
		lib/systemd/system/openamp-rproc@.service \
		lib/systemd/system/openamp-proxy@.service \
		usr/share/bash-completion/completions/ohost-cli; do
		grep -qx "./$f" "$tmp/tools.list" || missing="$missing /$f"
	done
	[ -z "$missing" ]
	result "tools package ($arch): udev rules and helper, sysusers, units, completion${missing:+ (missing:$missing)}"
	grep -qx 'g rpmsg -' "$tmp/tools-$arch/usr/lib/sysusers.d/openamp-host.conf" &&
		grep -q '^ *systemd-sysusers .*openamp-host\.conf' "$tmp/tools-$arch/DEBIAN/postinst"
	result "tools package ($arch): group rpmsg, created by systemd-sysusers in postinst"
	! grep -q 'openamp-rproc\|openamp-proxy' "$tmp/tools-$arch/DEBIAN/postinst"
	result "tools package ($arch): postinst neither enables nor starts the template units"
	dpkg-deb -f "$deb" Depends | grep -q "libohost-rpmsg0 (>= 0.1.0)"
	result "tools package ($arch): depends on libohost-rpmsg0 (>= 0.1.0) (the symbols file)"
done
notarm=
for p in $PROGRAMS ../libexec/openamp-host/rpmsg-devname; do
	readelf -h "$tmp/tools-arm64/usr/bin/$p" | grep -q "Machine: *AArch64" ||
		notarm="$notarm $p"
done
[ -z "$notarm" ]
result "tools package (arm64): AArch64 programs${notarm:+ (not:$notarm)}"
# Every long option of a program's --help is in its man page (ohost-cli:
# of each command group's --help).
help_of() {
	local -x LD_LIBRARY_PATH
	LD_LIBRARY_PATH=$tmp/tools-amd64/usr/lib/$(dpkg-architecture -aamd64 -qDEB_HOST_MULTIARCH)
	if [ "$1" = ohost-cli ]; then
		for g in "" rproc rpmsg; do "$tmp/tools-amd64/usr/bin/$1" $g --help; done
	else
		"$tmp/tools-amd64/usr/bin/$1" --help
	fi
}
for p in $PROGRAMS; do
	opts=$(help_of "$p" | grep -o -- '--[a-z0-9-]*[a-z0-9]' | sort -u)
	page=$(zcat "$tmp/tools-amd64/usr/share/man/man1/$p.1.gz" | sed 's/\\-/-/g')
	lost=
	for o in $opts; do grep -q -- "$o\b" <<<"$page" || lost="$lost $o"; done
	[ -n "$opts" ] && [ -z "$lost" ]
	result "$p.1 documents every option of $p --help${lost:+ (missing:$lost)}"
done

# udev: the nodes go to group rpmsg with mode 0660; no rule gives the
# world any access (a MODE whose last digit is not 0).
rules=$tmp/tools-amd64/usr/lib/udev/rules.d/60-openamp-host.rules
world=$(grep -o 'MODE="[0-7]*"' "$rules" | grep -v '0"$')
[ -z "$world" ] && grep -q 'KERNEL=="rpmsg_ctrl\[0-9\]\*|rpmsg\[0-9\]\*", GROUP="rpmsg", MODE="0660"' "$rules" &&
	! grep -q 'OWNER=\|TAG+="uaccess"' "$rules"
result "udev rules: rpmsg_ctrlN and rpmsgN in group rpmsg, 0660; no world access${world:+ ($world)}"
grep -q 'PROGRAM="/usr/libexec/openamp-host/rpmsg-devname %p", SYMLINK+="%c"' "$rules"
result "udev rules: the links come from the packaged rpmsg-devname"

# systemd-analyze verify of both template units, in a root of the
# package's files plus this host's targets (no output, exit 0).
if command -v systemd-analyze > /dev/null && [ -d /lib/systemd/system ]; then
	vroot=$tmp/tools-amd64
	cp -n /lib/systemd/system/*.target /lib/systemd/system/systemd-modules-load.service \
		"$vroot/lib/systemd/system/" 2>/dev/null
	for u in openamp-rproc@vrproc0.service openamp-proxy@vrproc0.service; do
		if out=$(systemd-analyze verify --man=no --root="$vroot" "$u" 2>&1) &&
			[ -z "$out" ]; then
			ok "systemd-analyze verify $u"
		else
			not_ok "systemd-analyze verify $u: $out"
		fi
	done
else
	for u in openamp-rproc@ openamp-proxy@; do
		ok "systemd-analyze verify $u.service # SKIP no systemd-analyze on this host"
	done
fi
rproc_unit=$tmp/tools-amd64/lib/systemd/system/openamp-rproc@.service
proxy_unit=$tmp/tools-amd64/lib/systemd/system/openamp-proxy@.service
# shellcheck disable=SC2016 # systemd's variables, verbatim
grep -qx 'ExecStart=/usr/bin/ohost-cli rproc start %I $FIRMWARE' "$rproc_unit" &&
	grep -qx 'EnvironmentFile=-/etc/openamp-host/%I.conf' "$rproc_unit" &&
	grep -qx 'Type=oneshot' "$rproc_unit" && grep -qx 'RemainAfterExit=yes' "$rproc_unit"
result "openamp-rproc@: oneshot, FIRMWARE from /etc/openamp-host/NAME.conf"
missing=
for k in DynamicUser=yes SupplementaryGroups=rpmsg StateDirectory=openamp-proxy/%I \
	ProtectSystem=strict ProtectHome=yes PrivateTmp=yes PrivateNetwork=yes \
	NoNewPrivileges=yes RestrictAddressFamilies=none DevicePolicy=closed \
	'DeviceAllow=char-rpmsg rw' CapabilityBoundingSet= BindsTo=openamp-rproc@%i.service; do
	grep -qx -- "$k" "$proxy_unit" || missing="$missing '$k'"
done
grep -q '^ExecStart=/usr/bin/rpmsg-proxyd --root %S/openamp-proxy/%I ' "$proxy_unit" ||
	missing="$missing ExecStart"
[ -z "$missing" ]
result "openamp-proxy@: rpmsg-proxyd confined to its StateDirectory, sandboxed${missing:+ (missing:$missing)}"

# The library packages.
ma=$(dpkg-architecture -aamd64 -qDEB_HOST_MULTIARCH)
lib_deb=$OUT/libohost-rpmsg0_${ver}_amd64.deb
dev_deb=$OUT/libohost-rpmsg-dev_${ver}_amd64.deb
dpkg-deb -x "$lib_deb" "$tmp/lib"
dpkg-deb -x "$dev_deb" "$tmp/lib"
dpkg-deb -e "$lib_deb" "$tmp/lib-control"
so=$tmp/lib/usr/lib/$ma/libohost-rpmsg.so.0
[ "$(readlink "$so")" = libohost-rpmsg.so.0.1.0 ] &&
	readelf -d "$so" | grep -q 'SONAME.*\[libohost-rpmsg\.so\.0\]'
result "libohost-rpmsg0: libohost-rpmsg.so.0 -> .so.0.1.0, soname libohost-rpmsg.so.0"
# Every exported function has the version OHOST_RPMSG_0.1, and the
# shipped symbols file (dpkg-gensymbols -c4 checked it) lists exactly them.
exported=$(objdump -T "$so" | awk '$2 == "g" && $4 == ".text" {print $7 "@" $6}' | sort)
listed=$(sed -n 's/^ \(ohost_[a-z_]*@[A-Z_0-9.]*\) .*/\1/p' "$tmp/lib-control/symbols" | sort)
unversioned=$(grep -v '@OHOST_RPMSG_0\.1$' <<<"$exported")
[ -n "$exported" ] && [ -z "$unversioned" ] && [ "$exported" = "$listed" ] &&
	[ "$(dpkg-deb -f "$lib_deb" Multi-Arch)" = same ]
result "libohost-rpmsg0: $(wc -l <<<"$exported") symbols, all OHOST_RPMSG_0.1, as DEBIAN/symbols lists them${unversioned:+ (unversioned: $unversioned)}"
missing=
for f in usr/include/ohost-rpmsg.h usr/lib/$ma/libohost-rpmsg.a \
	usr/lib/$ma/pkgconfig/ohost-rpmsg.pc; do
	[ -f "$tmp/lib/$f" ] || missing="$missing /$f"
done
[ "$(readlink "$tmp/lib/usr/lib/$ma/libohost-rpmsg.so")" = libohost-rpmsg.so.0 ] ||
	missing="$missing libohost-rpmsg.so-link"
[ -z "$missing" ]
result "libohost-rpmsg-dev: header, archive, .so link, ohost-rpmsg.pc${missing:+ (missing:$missing)}"
page=$(zcat "$tmp/lib/usr/share/man/man3/libohost-rpmsg.3.gz" 2>/dev/null)
lost=
while read -r f; do
	grep -q "${f%@*} ()" <<<"$page" || lost="$lost ${f%@*}"
done <<<"$exported"
[ -n "$page" ] && [ -z "$lost" ]
result "libohost-rpmsg-dev: libohost-rpmsg.3 names every exported function${lost:+ (missing:$lost)}"
# A program built with pkg-config against the packages, run on this host.
cat > "$tmp/user.c" <<'EOC'
#include <stdio.h>
#include <ohost-rpmsg.h>
int main(void)
{
	struct ohost_rproc **list;
	int n = ohost_rproc_list(&list);

	ohost_rproc_list_free(list, n);
	printf("%d\n", n >= 0);
	return n < 0;
}
EOC
flags=$(PKG_CONFIG_SYSROOT_DIR=$tmp/lib PKG_CONFIG_LIBDIR=$tmp/lib/usr/lib/$ma/pkgconfig \
	pkg-config --cflags --libs ohost-rpmsg 2>&1)
# shellcheck disable=SC2086
cc -o "$tmp/user" "$tmp/user.c" $flags > "$tmp/cc.log" 2>&1 &&
	[ "$(LD_LIBRARY_PATH=$tmp/lib/usr/lib/$ma "$tmp/user")" = 1 ] &&
	readelf -d "$tmp/user" | grep -q 'NEEDED.*\[libohost-rpmsg\.so\.0\]'
result "pkg-config ohost-rpmsg: a program builds and links libohost-rpmsg.so.0 ($flags)"
diag "$tmp/cc.log"

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
