# SPDX-License-Identifier: GPL-2.0
# A remote returning an out-of-range used id (vrprocd --inject
# hostile-used-id): the transport marks the RX ring broken, messages stop,
# and stop, start and module removal still work without any kernel report.
. /ohost/lib.sh

has_chan() { has_channel rpmsg-openamp-demo-channel; }

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
modprobe ohost_vrproc devices="$dev" 2>/dev/null
rp=$(rproc_of "$dev" 2>/dev/null)
[ -n "$rp" ] || { echo "# no remoteproc on $dev"; exit 4; }

echo ohost-echo.elf > "$rp/firmware"
i=0
while [ $i -lt 2 ]; do
	check "start ($i)" sh -c "echo start > $rp/state"
	check "demo channel announced ($i)" wait_for 10 has_chan
	check_fails "echo_test gets no echo from a broken ring ($i)" \
		echo_test -q -n 1 -t 1000 --no-shutdown
	check "stop ($i)" sh -c "echo stop > $rp/state"
	i=$((i + 1))
done
rmmod ohost_vrproc
rmmod ohost_rpmsg_char
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
done_testing
