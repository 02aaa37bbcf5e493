#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Obtain the kernel targets openamp-host builds and tests against, into a
# cache outside the repository.  Idempotent: a second run does nothing.
#
#   kernels.sh prepare TARGET   fetch/build TARGET, print its env file path
#   kernels.sh env TARGET       print the env file path (prepare if missing)
#   kernels.sh list             print the known targets
#
# Targets: debian-6.1, debian-6.12 (Debian's stock arm64 kernels, unpacked,
# never installed), debian-6.1-rt, debian-6.12-rt (the same kernels' PREEMPT_RT
# flavour, also unpacked) and debug (linux-source-6.1 built with the
# fragment in tools/testing/debug.config).
#
# The env file defines KREL (uname -r), KDIR (kbuild dir for M= builds),
# IMAGE (bootable Image), MODROOT (root holding lib/modules/$KREL).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${OHOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openamp-host}
TARGETS="debian-6.1 debian-6.12 debian-6.1-rt debian-6.12-rt debug"
# Bump when prepare_debug builds differently: part of the debug cache key.
DEBUG_RECIPE=1

log() { echo "kernels: $*" >&2; }
# A fresh Debian machine often runs unattended-upgrades right after boot:
# wait for the dpkg/apt lock instead of failing on it.
APT_WAIT=(-o DPkg::Lock::Timeout=900)
die() { echo "kernels: error: $*" >&2; exit 1; }

# apt's arm64 lists: needed for `apt-get download <pkg>:arm64`.
ensure_arm64_lists() {
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		dpkg --add-architecture arm64
		rm -f "$CACHE/.apt-updated"
	fi
	mkdir -p "$CACHE"
	# Refresh daily: "newest" means newest, and old lists point at
	# packages the archive has since dropped.
	if [ -z "$(find "$CACHE/.apt-updated" -mmin -1440 2>/dev/null)" ] ||
	   ! apt-cache show linux-image-arm64:arm64 >/dev/null 2>&1; then
		log "apt-get update"
		apt-get "${APT_WAIT[@]}" update -q >&2
		touch "$CACHE/.apt-updated"
	fi
}

# Install host (amd64/all) packages when missing.  Never an :arm64 one:
# its dependencies would replace the host toolchain.
host_install() {
	local missing=() p
	for p in "$@"; do
		case "$p" in *:arm64) die "refusing to install $p";; esac
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	ensure_arm64_lists
	log "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get "${APT_WAIT[@]}" install -y -q \
		--no-install-recommends "${missing[@]}" >&2
}

HOST_PKGS="qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross stress-ng
	device-tree-compiler cpio kmod xz-utils bc flex bison libssl-dev
	libelf-dev make gcc python3 sparse dt-schema"

# Newest package a meta package depends on, e.g. linux-image-6.1.0-56-arm64.
newest_dep() {
	apt-cache depends "$1" 2>/dev/null |
		sed -n 's/^ *Depends: \([^: ]*\).*/\1/p' | head -n1
}

# The dependency of package $1 whose name matches the regex $2, e.g. the
# -common headers (linux-headers-6.1.0-57-common-rt for the RT flavour)
# or the linux-kbuild package: as the archive says, not as guessed.
dep_matching() {
	apt-cache depends "$1" 2>/dev/null |
		sed -n 's/^ *Depends: <\{0,1\}\([^:> ]*\).*/\1/p' |
		grep -m1 -x -- "$2"
}

# Download an arm64 package (cached) and unpack it into $2.
fetch_unpack() {
	local pkg=$1 dest=$2 deb
	mkdir -p "$CACHE/debs" "$dest"
	deb=$(ls "$CACHE/debs/${pkg}_"*_arm64.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		log "downloading $pkg:arm64"
		(cd "$CACHE/debs" && apt-get download -q "$pkg:arm64" >&2 2>/dev/null) ||
			die "apt-get download $pkg:arm64 failed"
		deb=$(ls "$CACHE/debs/${pkg}_"*_arm64.deb | head -n1)
	fi
	dpkg-deb -x "$deb" "$dest"
}

# Decompress modules and generate modules.dep, so the initramfs builder
# can resolve dependencies and busybox can load plain .ko files.
index_modules() {
	local root=$1 krel=$2
	find "$root/lib/modules/$krel" -name '*.ko.xz' -exec xz -d -f {} +
	depmod -b "$root" "$krel"
}

# The headers package links scripts/ (and tools/) relative to /usr/src;
# unpacked elsewhere, point them at the host's installed linux-kbuild.
relink_kbuild() {
	local hdr=$1 l target
	for l in "$hdr"/scripts "$hdr"/tools; do
		[ -L "$l" ] || continue
		target=$(readlink "$l")
		case "$target" in
		../../lib/*) ln -sfn "/usr/${target#../../}" "$l" ;;
		esac
		[ -e "$l" ] || die "$l -> $(readlink "$l"): missing (linux-kbuild?)"
	done
}

write_env() {
	local envf=$1; shift
	printf '%s\n' "$@" > "$envf.tmp"
	mv "$envf.tmp" "$envf"
}

# An -rt target must be a PREEMPT_RT kernel and the others must not:
# the meta package decides what "rt" means, the kernel's config proves it.
check_preempt() {
	local target=$1 cfg=$2 rt=n want=n
	grep -qx 'CONFIG_PREEMPT_RT=y' "$cfg" && rt=y
	case "$target" in *-rt) want=y ;; esac
	[ "$rt" = "$want" ] || die "$target: CONFIG_PREEMPT_RT=$rt in $cfg"
}

prepare_stock() {
	local target=$1 meta krel dir flavour_hdr common kbuild
	ensure_arm64_lists
	case "$target" in
	debian-6.1)     meta=linux-image-arm64:arm64 ;;
	debian-6.12)    meta=linux-image-6.12-arm64:arm64 ;;
	debian-6.1-rt)  meta=linux-image-rt-arm64:arm64 ;;
	debian-6.12-rt) meta=linux-image-6.12-rt-arm64:arm64 ;;
	esac
	local img
	img=$(newest_dep "$meta")
	[ -n "$img" ] || die "cannot resolve $meta"
	krel=${img#linux-image-}
	dir="$CACHE/$target/$krel"
	if [ -e "$dir/env" ]; then echo "$dir/env"; return; fi
	rm -rf "$dir"
	flavour_hdr=linux-headers-$krel
	common=$(dep_matching "$flavour_hdr:arm64" 'linux-headers-.*-common.*')
	kbuild=$(dep_matching "$flavour_hdr:arm64" 'linux-kbuild-.*')
	if [ -z "$common" ] || [ -z "$kbuild" ]; then
		die "cannot resolve the -common and kbuild packages of $flavour_hdr"
	fi
	host_install $HOST_PKGS "$common" "$kbuild"
	fetch_unpack "$img" "$dir/root"
	fetch_unpack "$flavour_hdr" "$dir/root"
	relink_kbuild "$dir/root/usr/src/linux-headers-$krel"
	check_preempt "$target" "$dir/root/usr/src/linux-headers-$krel/.config"
	index_modules "$dir/root" "$krel"
	write_env "$dir/env" \
		"KREL=$krel" \
		"KDIR=$dir/root/usr/src/linux-headers-$krel" \
		"IMAGE=$dir/root/boot/vmlinuz-$krel" \
		"MODROOT=$dir/root"
	echo "$dir/env"
}

prepare_debug() {
	local src ver key dir build nproc
	host_install $HOST_PKGS linux-source-6.1
	src=$(ls /usr/src/linux-source-6.1.tar.xz)
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
	key=$( (cat "$HERE/debug.config"; echo "recipe $DEBUG_RECIPE") |
		sha256sum | cut -c1-12)
	dir="$CACHE/debug/$ver-$key"
	if [ -e "$dir/env" ]; then echo "$dir/env"; return; fi
	rm -rf "$dir"
	mkdir -p "$dir"
	log "unpacking $src"
	tar -C "$dir" -xf "$src"
	mv "$dir/linux-source-6.1" "$dir/src"
	build="$dir/build"
	mkdir -p "$build"
	local mk=(make -C "$dir/src" O="$build" ARCH=arm64
		  CROSS_COMPILE=aarch64-linux-gnu- -j"$(nproc)")
	"${mk[@]}" allnoconfig >&2
	(cd "$build" && ARCH=arm64 "$dir/src/scripts/kconfig/merge_config.sh" \
		-m .config "$HERE/debug.config" >&2)
	"${mk[@]}" olddefconfig >&2
	check_config "$build/.config" "$HERE/debug.config"
	log "building debug kernel (several minutes)"
	"${mk[@]}" Image modules >&2
	"${mk[@]}" INSTALL_MOD_PATH="$dir/root" modules_install >&2
	local krel
	krel=$(cat "$build/include/config/kernel.release")
	depmod -b "$dir/root" "$krel"
	write_env "$dir/env" \
		"KREL=$krel" \
		"KDIR=$build" \
		"IMAGE=$build/arch/arm64/boot/Image" \
		"MODROOT=$dir/root"
	echo "$dir/env"
}

# Every option the fragment asks for must have survived olddefconfig:
# a silently dropped KASAN would make the debug target worthless.
check_config() {
	local cfg=$1 frag=$2 line bad=0
	while IFS= read -r line; do
		case "$line" in CONFIG_*=*) ;; *) continue ;; esac
		grep -qx "$line" "$cfg" || { log "config lost: $line"; bad=1; }
	done < "$frag"
	[ $bad -eq 0 ] || die "debug.config does not apply cleanly"
}

prepare() {
	case "$1" in
	debian-6.1|debian-6.12|debian-6.1-rt|debian-6.12-rt) prepare_stock "$1" ;;
	debug) prepare_debug ;;
	*) die "unknown target '$1' (known: $TARGETS)" ;;
	esac
}

# busybox-static for the guest initramfs (arm64, unpacked only).
prepare_busybox() {
	local dir="$CACHE/busybox"
	if [ ! -x "$dir/bin/busybox" ]; then
		ensure_arm64_lists
		rm -rf "$dir.tmp"
		fetch_unpack busybox-static "$dir.tmp"
		rm -rf "$dir"
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir/bin/busybox"
}

case "${1:-}" in
prepare|env) [ $# -eq 2 ] || die "usage: $0 $1 TARGET"; prepare "$2" ;;
busybox) prepare_busybox ;;
host-deps) host_install $HOST_PKGS ;;
bench-deps) host_install $HOST_PKGS python3-matplotlib linux-source-6.1 ;;
# make deb and its test (tools/testing/deb): packaging tools, amd64/all only.
deb-deps) host_install $HOST_PKGS debhelper dh-dkms dkms lintian ;;
# The full-system guest's root filesystem (tools/testing/rootfs.sh).
rootfs-deps) host_install $HOST_PKGS debootstrap qemu-user-static binfmt-support e2fsprogs ;;
# make docs and its test (tools/testing/docs): Sphinx only, not HOST_PKGS.
docs-deps) host_install python3-sphinx ;;
# make fuzz and its test (tools/testing/fuzz): clang and libFuzzer.
fuzz-deps) host_install $HOST_PKGS clang libclang-rt-14-dev ;;
list) echo "$TARGETS" ;;
*) die "usage: $0 {prepare|env} TARGET | busybox | host-deps | bench-deps | deb-deps | rootfs-deps | docs-deps | fuzz-deps | list" ;;
esac
