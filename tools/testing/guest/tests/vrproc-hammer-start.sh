# SPDX-License-Identifier: GPL-2.0
# A remote that writes garbage into vring0's used ring (index bumped, an
# out-of-range id in slot 0) and rings vring0's vector from the moment
# START is acknowledged until DRIVER_OK (vrprocd --inject hammer-start=N:
# the first N boots).  Each hammered boot starts the remote while the
# transport is not loaded and loads it then, so that its probe (virtqueues
# created, RX buffers posted, callbacks possible) runs while vring
# interrupts are being forwarded.  A correct transport does not oops: the
# transport marks the RX ring broken and says so (or the channel comes
# up anyway), stop works, and a later boot with a sane remote runs the echo
# demo.  Keep HAMMERED equal to the run's hammer-start=N.
. /ohost/lib.sh

HAMMERED=8

chan() { has_channel rpmsg-openamp-demo-channel; }
# the transport's broken-ring report for the host RX ring ("input")
nbroken() { kmsg | grep -c 'virtio[0-9]*: input:'; }
outcome() { chan || [ "$(nbroken)" -gt "$b0" ]; }

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
rmmod ohost_virtio_rpmsg 2>/dev/null
modprobe ohost_rpmsg_char
check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev")
echo ohost-echo.elf > "$rp/firmware"

i=0 bad=
while [ $i -lt $HAMMERED ] && [ -z "$bad" ]; do
	i=$((i + 1))
	b0=$(nbroken)
	grep -q "^ohost_virtio_rpmsg " /proc/modules && bad="transport still loaded"
	[ -z "$bad" ] && { echo start > "$rp/state" || bad="start"; }
	sleep 0.1
	[ -z "$bad" ] && { modprobe ohost_virtio_rpmsg || bad="modprobe"; }
	[ -z "$bad" ] && { wait_for 10 outcome || bad="neither channel nor broken ring"; }
	[ -z "$bad" ] && { echo stop > "$rp/state" || bad="stop"; }
	[ -z "$bad" ] && { grep -qx offline "$rp/state" || bad="not offline"; }
	[ -z "$bad" ] && { rmmod ohost_virtio_rpmsg || bad="rmmod"; }
done
kmsg | grep 'virtio[0-9]*: input:' | tail -n 2 | sed 's/^/# /'
check "$HAMMERED hammered boots, transport loaded under the hammer${bad:+ (boot $i: $bad)}" \
	test -z "$bad"

modprobe ohost_virtio_rpmsg
check "start (sane remote)" sh -c "echo start > $rp/state"
check "channel announced" wait_for 10 chan
check "echo_test after the hammered boots" echo_test -q -n 1
check "stop" sh -c "echo stop > $rp/state"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
done_testing
