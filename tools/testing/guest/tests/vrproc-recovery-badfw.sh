# SPDX-License-Identifier: GPL-2.0
# Virtual remote processor: recovery validates the firmware again.  The
# remoteproc core's recovery requests the image again and loads it without
# ops->sanity_check; if the file was replaced by a bad image of the same
# name, the driver's .load must refuse it with the validator's one line
# ("firmware NAME rejected: ...") instead of running it.  Leaves the
# remote offline: run it last in its boot.
. /ohost/lib.sh

chan() { has_channel rpmsg-openamp-demo-channel; }
rejected() { kmsg | grep -q "$name: firmware ohost-swap.elf rejected: "; }

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_virtio_rpmsg
check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev")
name=$(basename "$rp")
crash=/sys/kernel/debug/remoteproc/$name/crash
[ -w "$crash" ] || { echo "# no $crash"; exit 4; }

cp /lib/firmware/ohost-echo.elf /lib/firmware/ohost-swap.elf
echo ohost-swap.elf > "$rp/firmware"
check "start good firmware" sh -c "echo start > $rp/state"
check "channel announced" wait_for 5 chan
# Same name, bad image: a vdev with three vrings (the validator allows 2).
cp /lib/firmware/ohost-bad-3vrings.elf /lib/firmware/ohost-swap.elf
dmesg -c > /dev/null
echo 2 > "$crash"	# RPROC_FATAL_ERROR, as rproc_report_crash() of a driver
check "recovery refuses the replaced image" wait_for 10 rejected
sleep 1
kmsg | grep "$name" | sed 's/^/# /'
n=$(kmsg | grep -c "$name: firmware ohost-swap.elf rejected: ")
check "one line says why" [ "$n" -eq 1 ]
if kmsg | grep -q "$name: remote processor .* is now up"; then
	not_ok "the bad image does not come up"
else
	ok "the bad image does not come up"
fi
check_fails "state is not running" grep -qx running "$rp/state"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
rm -f /lib/firmware/ohost-swap.elf
done_testing
