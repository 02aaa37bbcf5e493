#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rpmsg-devname (tools/rpmsg-devname), the udev helper behind
# /dev/rpmsg/RPROC/... and /dev/remoteproc/RPROC, against a sysfs tree made
# here in the layout of Linux 6.1/6.12 (remoteprocK/remoteprocK#vdevJbuffer/
# virtioN/<channel>/rpmsg/rpmsgM): the names, the second virtio device, a
# device of no remote processor, and hostile channel names from the remote
# ("../..", '/', control bytes, "ctrl").  The same program on real sysfs:
# the guest test ohost-cli (runs/e2e).  Prints TAP; about 3 s.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
make -s -C "$ROOT/tools" "$ROOT/build/tools/host/rpmsg-devname" >/dev/null ||
	{ echo "Bail out! cannot build rpmsg-devname"; exit 1; }
BIN=$ROOT/build/tools/host/rpmsg-devname

n=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
SYS=$tmp/sys

# is WANT-OUTPUT WANT-RC ARGS...: rpmsg-devname --sysfs $SYS ARGS
is() {
	local want=$1 wantrc=$2 out rc
	shift 2
	out=$("$BIN" --sysfs "$SYS" "$@" 2>"$tmp/err"); rc=$?
	n=$((n + 1))
	if [ "$out" = "$want" ] && [ "$rc" = "$wantrc" ]; then
		echo "ok $n - $* -> '$out' (exit $rc)"
	else
		failed=$((failed + 1))
		echo "not ok $n - $*: got '$out' (exit $rc), want '$want' (exit $wantrc)"
		sed 's/^/# /' "$tmp/err"
	fi
}

# class_dev CLASS PATH-UNDER-DEVICES: the device and its /sys/class link
class_dev() {
	mkdir -p "$SYS/devices/$2" "$SYS/class/$1"
	ln -s "../../devices/$2" "$SYS/class/$1/$(basename "$2")"
}
RP=pci0000:00/0000:00:01.0/remoteproc/remoteproc0
V0=$RP/remoteproc0#vdev0buffer/virtio0
V1=$RP/remoteproc0#vdev1buffer/virtio1
class_dev remoteproc "$RP"
echo 0000:00:01.0 > "$SYS/devices/$RP/name"
class_dev rpmsg "$V0/virtio0.rpmsg_ctrl.0.0/rpmsg/rpmsg_ctrl0"
class_dev rpmsg "$V1/virtio1.rpmsg_ctrl.0.0/rpmsg/rpmsg_ctrl1"
# ept NUMBER NAME [VIRTIO]: /dev/rpmsgNUMBER on a channel of virtio0 (or 1)
ept() {
	local v=${3:-0} d
	[ "$v" = 0 ] && d=$V0 || d=$V1
	d=$d/virtio$v.chan.-1.1024/rpmsg/rpmsg$1
	class_dev rpmsg "$d"
	printf '%s\n' "$2" > "$SYS/devices/$d/name"
}
ept 0 rpmsg-openamp-demo-channel
ept 1 ctrl
ept 2 ../../etc/passwd
ept 3 "$(printf 'a/b c\033[31m\tz')"
ept 4 ..
ept 5 ""
ept 6 rpmsg-raw 1
ept 7 "$(printf '\xc3\xa9t\xc3\xa9')"
# A device of no remote processor (e.g. Qualcomm GLINK's rpmsg_ctrl).
class_dev rpmsg platform/soc/glink/rpmsg/rpmsg_ctrl9
mkdir -p "$SYS/devices/platform/soc/glink/remoteproc"

is "remoteproc/0000:00:01.0" 0 remoteproc0
is "remoteproc/0000:00:01.0" 0 "/devices/$RP"
is "rpmsg/0000:00:01.0/ctrl" 0 rpmsg_ctrl0
is "rpmsg/0000:00:01.0/ctrl" 0 "/devices/$V0/virtio0.rpmsg_ctrl.0.0/rpmsg/rpmsg_ctrl0"
is "rpmsg/0000:00:01.0/vdev1/ctrl" 0 rpmsg_ctrl1
is "rpmsg/0000:00:01.0/rpmsg-openamp-demo-channel rpmsg/0000:00:01.0/rpmsg-openamp-demo-channel.0" 0 rpmsg0
is "rpmsg/0000:00:01.0/vdev1/rpmsg-raw rpmsg/0000:00:01.0/vdev1/rpmsg-raw.6" 0 rpmsg6
# hostile names: one component, printable, never '.'-led, never ctrl's link
is "rpmsg/0000:00:01.0/ctrl.1" 0 rpmsg1
is "rpmsg/0000:00:01.0/_._.._etc_passwd rpmsg/0000:00:01.0/_._.._etc_passwd.2" 0 rpmsg2
is "rpmsg/0000:00:01.0/a_b_c__31m_z rpmsg/0000:00:01.0/a_b_c__31m_z.3" 0 rpmsg3
is "rpmsg/0000:00:01.0/_. rpmsg/0000:00:01.0/_..4" 0 rpmsg4
is "" 1 rpmsg5
is "rpmsg/0000:00:01.0/__t__ rpmsg/0000:00:01.0/__t__.7" 0 rpmsg7
# a hostile remote processor name
echo "../x/y" > "$SYS/devices/$RP/name"
is "remoteproc/_._x_y" 0 remoteproc0
is "rpmsg/_._x_y/ctrl" 0 rpmsg_ctrl0
: > "$SYS/devices/$RP/name"
is "" 1 remoteproc0
echo 0000:00:01.0 > "$SYS/devices/$RP/name"
# not ours, not there, misuse
is "" 1 rpmsg_ctrl9
is "" 1 rpmsg99
is "" 1 ../rpmsg0
is "" 2
is "" 2 rpmsg0 rpmsg1

echo "1..$n"
[ "$failed" -eq 0 ]
