# SPDX-License-Identifier: GPL-2.0
# Full system (BOOT=rootfs): install this tree's Debian packages on a stock
# Debian 12 arm64 system with apt, as a user would, and check that DKMS
# built and installed every module natively for the running kernel.  The
# guest has no network: apt must find every dependency installed.
. /ohost/lib.sh

krel=$(uname -r)
t0=$(date +%s)
apt-get install -y -q /ohost/debs/*.deb > /tmp/apt.log 2>&1
rc=$?
t1=$(date +%s)
sed 's/^/# apt: /' /tmp/apt.log | tail -n 25
check "apt install of $(ls /ohost/debs | tr '\n' ' ')($((t1 - t0)) s)" \
	test "$rc" -eq 0

for pkg in $(ls /ohost/debs | sed 's/_.*//'); do
	check "package $pkg is installed" sh -c \
		"dpkg-query -W -f='\${Status}' $pkg | grep -qx 'install ok installed'"
done

# Where the time goes: DKMS's build log starts with the date it began
# and was last written when the build ended.
for log in /var/lib/dkms/openamp-host/*/"$krel"/*/log/make.log \
	/var/lib/dkms/openamp-host/*/build/make.log; do
	[ -f "$log" ] || continue
	begin=$(date -d "$(sed -n 2p "$log")" +%s 2>/dev/null || echo "$t0")
	echo "# dkms build: $(( $(stat -c %Y "$log") - begin )) s of the" \
		"$((t1 - t0)) s install ($log)"
	break
done

dkms status > /tmp/dkms.out 2>&1
sed 's/^/# dkms: /' /tmp/dkms.out
check "dkms: openamp-host installed for $krel" \
	grep -Eq "^openamp-host/[^,]+, $krel, aarch64: installed" /tmp/dkms.out

# Every module the package builds, in updates/dkms, loadable by name.
# shellcheck disable=SC2016
modules=$(bash -c '. /usr/src/openamp-host-*/dkms.conf; echo "${BUILT_MODULE_NAME[@]}"')
check "dkms.conf names modules" test -n "$modules"
for m in $modules; do
	path=$(modinfo -n "$m" 2>/dev/null)
	case "$path" in
	/lib/modules/"$krel"/updates/dkms/*) ok "$m: $path" ;;
	*) not_ok "$m: in updates/dkms (modinfo -n: '${path:-none}')" ;;
	esac
	check "$m: vermagic is the running kernel's" sh -c \
		"modinfo -F vermagic $m | grep -q '^$krel '"
done
done_testing
