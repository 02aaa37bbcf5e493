# SPDX-License-Identifier: GPL-2.0
# A remote that rings every vring vector continuously, a few microseconds
# apart, for as long as it runs, through Linux's stop until its STOP ack
# (vrprocd --inject kick-storm).  Stop removes the virtio device and frees
# its virtqueues while vring interrupts still arrive: the interrupt path
# must never reach a freed virtqueue.  5 start/stop cycles with echo
# traffic, no oops, every cycle works.  Stock kernels only (run
# hostile-storm): on the debug kernel vrproc-stop-race holds the race
# window open on purpose, where KASAN sees it.
. /ohost/lib.sh

CYCLES=5

chan() { has_channel rpmsg-openamp-demo-channel; }

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev")
echo ohost-echo.elf > "$rp/firmware"

i=0 bad=
while [ $i -lt $CYCLES ] && [ -z "$bad" ]; do
	i=$((i + 1))
	echo start > "$rp/state" || bad="start"
	[ -z "$bad" ] && { wait_for 10 chan || bad="no channel"; }
	[ -z "$bad" ] && { echo_test -q -n 1 > /tmp/echo.out 2>&1 || bad="echo_test"; }
	[ -z "$bad" ] && { echo stop > "$rp/state" || bad="stop"; }
	[ -z "$bad" ] && { grep -qx offline "$rp/state" || bad="not offline"; }
done
[ -n "$bad" ] && sed 's/^/# echo_test: /' /tmp/echo.out
check "$CYCLES start/echo/stop cycles under a kick storm${bad:+ (cycle $i: $bad)}" \
	test -z "$bad"
grep -qx offline "$rp/state" || echo stop > "$rp/state"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
done_testing
