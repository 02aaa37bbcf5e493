# SPDX-License-Identifier: GPL-2.0
# TX back-pressure against a remote that stops consuming (vrprocd
# --inject die-after=N, no restart): O_NONBLOCK writes get EAGAIN once
# every TX buffer is in flight, poll() drops POLLOUT, blocking writes time
# out after send_timeout_ms (ETIMEDOUT) or, with 0, wait for a signal, and
# poll() from another thread never waits behind such a writer; a
# writer blocked when the remote is stopped is released.
. /ohost/lib.sh

has_chan() { has_channel rpmsg-openamp-demo-channel; }

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_virtio_rpmsg send_timeout_ms=700
modprobe ohost_rpmsg_char
modprobe ohost_vrproc devices="$dev" 2>/dev/null
rp=$(rproc_of "$dev" 2>/dev/null)
[ -n "$rp" ] || { echo "# no remoteproc on $dev"; exit 4; }

echo ohost-echo.elf > "$rp/firmware"
check "start" sh -c "echo start > $rp/state"
check "demo channel announced" wait_for 10 has_chan
rpmsg-misuse -b > /tmp/bp.out
rc=$?
sed 's/^/# backpressure: /' /tmp/bp.out
check "rpmsg-misuse -b: every check passed" test "$rc" -eq 0

# A writer sleeping for a TX buffer with no timeout is released by stop.
echo 0 > /sys/module/ohost_virtio_rpmsg/parameters/send_timeout_ms
c=$(ls /sys/bus/rpmsg/devices/ | grep '\.rpmsg-openamp-demo-channel\.')
if [ ! -e "/sys/bus/rpmsg/drivers/rpmsg_chrdev/$c" ]; then
	echo rpmsg_chrdev > "/sys/bus/rpmsg/devices/$c/driver_override"
	echo "$c" > /sys/bus/rpmsg/drivers/rpmsg_chrdev/bind
fi
n=$(ls "/sys/bus/rpmsg/devices/$c/rpmsg/" 2>/dev/null | head -n1)
if [ -n "$n" ]; then
	( while :; do echo stuck || exit 1; done > "/dev/$n" ) 2>/tmp/w.err &
	pid=$!
	sleep 1
	check "writer still blocked" kill -0 "$pid"
	echo stop > "$rp/state"
	ended() { ! kill -0 "$pid" 2>/dev/null; }
	check "stop releases the blocked writer" wait_for 5 ended
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	sed 's/^/# writer: /' /tmp/w.err
else
	not_ok "channel's endpoint device"
	echo stop > "$rp/state"
fi
check "remote offline" grep -qx offline "$rp/state"
rmmod ohost_vrproc
rmmod ohost_rpmsg_char
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
done_testing
