#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A Debian 12 arm64 root filesystem for full-system tests: what a user has
# after a minimal install of Debian on a board, plus the stock kernel's
# image and headers packages and DKMS, so that the project's packages can
# be installed into it with apt as a user would.  Cached outside the
# repository, keyed by ROOTFS_RECIPE, the package list and the kernel
# version; a second run does nothing.
#
#   rootfs.sh prepare TARGET    build if missing; print the cache directory
#   rootfs.sh path TARGET       print the cache directory (no build)
#
# The directory holds disk.img (raw ext4, label ohost-root; boot it with
# snapshot=on so the cache stays pristine), vmlinuz and initrd.img (made
# by the guest's own initramfs-tools), and krel.
#
# Built with debootstrap --foreign from Debian's archive; the second stage
# and the kernel packages' maintainer scripts run in a chroot through
# qemu-user-static (binfmt_misc).  Takes about 15 minutes on 2 cores, once.
# The guest runs, at every boot, /ohost/run from the disk labelled
# ohost-test when one is attached (ohost-test.service below); that is how
# tools/testing/vmtest.py (BOOT=rootfs) drives it.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${OHOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openamp-host}
MIRROR=${OHOST_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
# A minimal board install plus what building modules with DKMS needs.
# apt must find every dependency of the project's packages here: the
# test guest has no network.
PACKAGES="systemd-sysv udev dbus kmod initramfs-tools linux-base dkms gcc
	make libc6-dev dpkg-dev patch lsb-release fakeroot procps
	e2fsprogs util-linux libelf1 libssl3"

# Bump when the image is built differently: part of the cache key.
ROOTFS_RECIPE=3

log() { echo "rootfs: $*" >&2; }
die() { echo "rootfs: error: $*" >&2; exit 1; }

usage() { die "usage: $0 {prepare|path} debian-6.1|debian-6.12"; }

[ $# = 2 ] || usage
verb=$1 target=$2
case "$target" in debian-6.1|debian-6.12) ;; *) usage ;; esac

envf=$("$HERE/kernels.sh" env "$target")
# shellcheck disable=SC1090
. "$envf"
key=$(echo "$ROOTFS_RECIPE $PACKAGES $KREL $SUITE" | sha256sum | cut -c1-12)
out=$CACHE/rootfs/$target-$key

case "$verb" in
path) echo "$out"; exit 0 ;;
prepare) ;;
*) usage ;;
esac

if [ -s "$out/disk.img" ]; then
	echo "$out"
	exit 0
fi

# qemu-aarch64 registered with binfmt_misc (flag F: works inside chroot).
ensure_binfmt() {
	"$HERE/kernels.sh" rootfs-deps
	if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
		mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc ||
			die "cannot mount binfmt_misc"
	fi
	if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
		update-binfmts --enable qemu-aarch64 ||
			die "cannot register qemu-aarch64 with binfmt_misc"
	fi
}

# The arm64 kernel packages of $KREL (image, headers and what the headers
# package depends on exactly), downloaded into the shared deb cache.
kernel_debs() {
	local image hdr dep name
	image=$(ls "$CACHE/debs/linux-image-${KREL}_"*_arm64.deb)
	hdr=$(ls "$CACHE/debs/linux-headers-${KREL}_"*_arm64.deb)
	echo "$image" "$hdr"
	dpkg-deb -f "$hdr" Depends | tr ',' '\n' |
	sed -n 's/^ *\(linux-[^ ]*\).*/\1/p' | while read -r name; do
		dep=$(ls "$CACHE/debs/${name}_"*.deb 2>/dev/null | head -n1 || true)
		if [ -z "$dep" ]; then
			(cd "$CACHE/debs" &&
			 { apt-get download -q "$name:arm64" ||
			   apt-get download -q "$name"; } >&2) ||
				die "apt-get download $name failed"
			dep=$(ls "$CACHE/debs/${name}_"*.deb | head -n1)
		fi
		echo "$dep"
	done
}

stage=$CACHE/rootfs/.stage-$target-$key
cleanup() {
	umount "$stage/proc" 2>/dev/null || true
	umount "$stage/sys" 2>/dev/null || true
	# --one-file-system: never follow into a mount left behind.
	rm -rf --one-file-system "$stage"
}

mkdir -p "$CACHE/rootfs"
exec 9>"$CACHE/rootfs/.lock"
flock 9
if [ -s "$out/disk.img" ]; then
	echo "$out"
	exit 0
fi
ensure_binfmt
cleanup
trap cleanup EXIT
t0=$SECONDS

log "debootstrap $SUITE arm64 into $stage"
mkdir -p "$CACHE/rootfs/archives"
debootstrap --arch=arm64 --foreign --variant=minbase \
	--cache-dir="$CACHE/rootfs/archives" \
	--include="$(echo $PACKAGES | tr ' ' ',')" \
	"$SUITE" "$stage" "$MIRROR" >&2 || die "debootstrap (first stage) failed"
log "second stage (qemu-user)"
chroot "$stage" /debootstrap/debootstrap --second-stage >&2 ||
	die "debootstrap --second-stage failed"

# The initramfs needs only what mounts this guest's root; the default
# (most of the kernel's modules) takes many minutes through qemu-user.
sed -i 's/^MODULES=.*/MODULES=list/' "$stage/etc/initramfs-tools/initramfs.conf"
printf '%s\n' virtio_pci virtio_blk ext4 >> "$stage/etc/initramfs-tools/modules"

log "kernel $KREL packages"
mkdir -p "$stage/tmp/kernel"
# shellcheck disable=SC2046
cp $(kernel_debs) "$stage/tmp/kernel/"
mount -t proc proc "$stage/proc"
mount -t sysfs sysfs "$stage/sys"
chroot "$stage" sh -c 'DEBIAN_FRONTEND=noninteractive dpkg -i /tmp/kernel/*.deb' >&2 ||
	die "installing the kernel packages failed"
umount "$stage/proc" "$stage/sys"
rm -rf "$stage/tmp/kernel"
# build is an absolute link, into the guest's /usr/src.
[ -f "$stage/usr/src/linux-headers-$KREL/Makefile" ] &&
	[ -L "$stage/lib/modules/$KREL/build" ] || die "no headers for $KREL in the rootfs"

log "configuring"
echo ohost-board > "$stage/etc/hostname"
printf '/dev/vda / ext4 defaults 0 1\n' > "$stage/etc/fstab"
passwd_root=$(chroot "$stage" passwd -d root 2>&1) || die "passwd: $passwd_root"
# The guest is driven through its serial console by the test run; a login
# prompt there would only interleave with the test's output.
ln -sf /dev/null "$stage/etc/systemd/system/serial-getty@ttyAMA0.service"
ln -sf /dev/null "$stage/etc/systemd/system/getty@tty1.service"
# Nothing that fetches from the network in a guest that has none.
for t in apt-daily.timer apt-daily-upgrade.timer; do
	ln -sf /dev/null "$stage/etc/systemd/system/$t"
done
mkdir -p "$stage/ohost"
cat > "$stage/etc/systemd/system/ohost-test.service" <<'EOF'
[Unit]
Description=openamp-host test run from the disk labelled ohost-test
Requires=dev-disk-by\x2dlabel-ohost\x2dtest.device
After=dev-disk-by\x2dlabel-ohost\x2dtest.device

[Service]
# simple, not oneshot: boot completes while the tests run, as on a board
# where a user logs in and installs packages.
Type=simple
ExecStart=/bin/sh -c 'mount -o ro /dev/disk/by-label/ohost-test /ohost && exec /bin/sh /ohost/run'
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyAMA0

[Install]
WantedBy=multi-user.target
EOF
ln -sf /etc/systemd/system/ohost-test.service \
	"$stage/etc/systemd/system/multi-user.target.wants/ohost-test.service"
chroot "$stage" apt-get clean

log "disk image"
mkdir -p "$out.tmp"
cp "$stage/boot/vmlinuz-$KREL" "$out.tmp/vmlinuz"
cp "$stage/boot/initrd.img-$KREL" "$out.tmp/initrd.img"
echo "$KREL" > "$out.tmp/krel"
size_mb=$(( $(du -sm --one-file-system "$stage" | cut -f1) + 1024 ))
mke2fs -q -t ext4 -L ohost-root -d "$stage" "$out.tmp/disk.img" "${size_mb}M" ||
	die "mke2fs failed"
rm -rf "$out"
mv "$out.tmp" "$out"
log "ready in $((SECONDS - t0)) s: $out"
echo "$out"
