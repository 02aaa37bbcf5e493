# SPDX-License-Identifier: GPL-2.0
# A remote that, on a name-service announcement from Linux, stops consuming
# the host->remote ring and 1 s later destroys the announced channel
# (vrprocd --inject ns-destroy-stall; the ring stays stalled until STOP or
# 20 s).  rpmsg-fill creates an announced channel (RPMSG_CREATE_DEV with a
# source address) and fills every TX buffer with O_NONBLOCK writes before
# the destroy arrives.  The destroy unregisters the channel from the RX
# work, whose remove announces "destroy" with a blocking send that cannot
# get a buffer.  With send_timeout_ms=0, stop must still finish promptly:
# stop fails blocked senders before it waits for the RX work.
. /ohost/lib.sh

chan() { has_channel rpmsg-openamp-demo-channel; }
up() { echo "# $(cut -d' ' -f1 /proc/uptime): $*"; }
uptime_s() { cut -d. -f1 /proc/uptime; }	# wait_for's N is not wall time

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
command -v rpmsg-fill >/dev/null || { echo "# no rpmsg-fill"; exit 4; }
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev")
echo 0 > /sys/module/ohost_virtio_rpmsg/parameters/send_timeout_ms

echo ohost-echo.elf > "$rp/firmware"
check "start" sh -c "echo start > $rp/state"
check "demo channel announced" wait_for 10 chan
rpmsg-fill rpmsg-raw 1280 1280 > /tmp/fill.out 2>&1
rc=$?
sed 's/^/# rpmsg-fill: /' /tmp/fill.out
check "announced channel created, every TX buffer in flight" test "$rc" -eq 0
up "filled"
# the remote's destroy comes 1 s after the announcement; Linux's RX work
# then sits in the channel's remove, waiting for a TX buffer
sleep 2
up "stopping"
rm -f /tmp/stop.rc /tmp/stop.t
t0=$(uptime_s)
( echo stop > "$rp/state"; echo $? > /tmp/stop.rc; uptime_s > /tmp/stop.t ) &
pid=$!
stopped() { [ -s /tmp/stop.t ]; }
# today's driver: stop ends only when the remote's stall does (20 s)
wait_for 60 stopped
wait "$pid" 2>/dev/null
up "stop returned"
t=$(($(cat /tmp/stop.t 2>/dev/null || echo 9999) - t0))
check "stop finishes within 15 s with send_timeout_ms=0 (took ${t} s)" \
	test "$t" -le 15
check "stop succeeded" grep -qx 0 /tmp/stop.rc
check "remote offline" grep -qx offline "$rp/state"
echo 15000 > /sys/module/ohost_virtio_rpmsg/parameters/send_timeout_ms
check "rmmod ohost_vrproc" rmmod ohost_vrproc
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
done_testing
