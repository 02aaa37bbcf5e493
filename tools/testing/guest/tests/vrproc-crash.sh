# SPDX-License-Identifier: GPL-2.0
# Virtual remote processor: the remote crashes in the middle of echo
# traffic (run vrproc-crash: vrprocd --inject crash-after=N).  The daemon
# reports it in the control area, the driver calls rproc_report_crash,
# the remoteproc core recovers (stop + start), and echo works again.
. /ohost/lib.sh

chan() { has_channel rpmsg-openamp-demo-channel; }
crashed() { kmsg | grep -q "$name: crash detected in"; }
recovered() { kmsg | grep -q "$name: remote processor .* is now up" && chan; }

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev")
name=$(basename "$rp")

echo ohost-echo.elf > "$rp/firmware"
check "start echo firmware" sh -c "echo start > $rp/state"
check "channel announced" wait_for 5 chan
dmesg -c > /dev/null
check_fails "echo_test fails when the remote crashes" \
	timeout 10 echo_test -q -n 1 -t 500 --no-shutdown
check "crash reported" wait_for 5 crashed
check "recovered: up again, channel back" wait_for 10 recovered
kmsg | grep "$name" | sed 's/^/# /'
check "state running" grep -qx running "$rp/state"
check "echo_test after recovery" echo_test -q -n 1 -t 10000
check "stop" sh -c "echo stop > $rp/state"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
done_testing
