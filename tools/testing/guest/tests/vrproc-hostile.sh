# SPDX-License-Identifier: GPL-2.0
# Virtual remote processor with a misbehaving remote (runs
# vrproc-hostile-*: vrprocd --inject hostile-used-id, bad-len, ns-flood,
# ns-no-nul).  Whatever the remote does, Linux must not crash or hang:
# echo traffic ends in bounded time, stop completes and leaves the remote
# offline, and a second start and stop work.
. /ohost/lib.sh

chan() { has_channel rpmsg-openamp-demo-channel; }

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev")

echo ohost-echo.elf > "$rp/firmware"
check "start echo firmware" sh -c "echo start > $rp/state"
if wait_for 5 chan; then
	echo "# channel announced"
	if command -v echo_test >/dev/null; then
		timeout 20 echo_test -q -n 1 -t 500 > /tmp/echo.out 2>&1
		echo "# echo_test exit $?: $(tail -n 2 /tmp/echo.out | tr '\n' ' ')"
	fi
else
	echo "# no channel"
fi
echo "# rpmsg devices: $(ls /sys/bus/rpmsg/devices | wc -l)"
check "stop completes" timeout 30 sh -c "echo stop > $rp/state"
check "state offline" grep -qx offline "$rp/state"
check "start again" sh -c "echo start > $rp/state"
check "stop again" timeout 30 sh -c "echo stop > $rp/state"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
done_testing
