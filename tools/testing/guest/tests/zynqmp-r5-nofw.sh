# SPDX-License-Identifier: GPL-2.0
# An RPU cluster node but no ZynqMP firmware interface (run
# zynqmp-r5-nofw: the firmware node is disabled, its driver never probes):
# ohost_zynqmp_r5 loads, its probe fails with one clear line naming what
# is missing, no remote processor appears, and the module unloads.
. /ohost/lib.sh

CL=/sys/firmware/devicetree/base/remoteproc@ffe00000
MSG="no ZynqMP firmware interface (zynqmp_pm_get_api_version failed)"

check "the device tree has the cluster node" test -d "$CL"
check "the firmware node is there, disabled" \
	grep -qx disabled /sys/firmware/devicetree/base/firmware/zynqmp-firmware/status
dmesg -c > /dev/null
check "modprobe ohost_zynqmp_r5: the module loads" modprobe ohost_zynqmp_r5
kmsg | sed 's/^/# /'
n=$(dmesg | grep -cF "$MSG")
check "one dmesg line names the missing interface ($n)" [ "$n" = 1 ]
check "that is the only line the driver printed" \
	[ "$(dmesg | grep -c ohost-zynqmp-r5)" = 1 ]
check_fails "no remote processor" ls -d /sys/class/remoteproc/remoteproc0
check_fails "the cluster is not bound" \
	sh -c 'ls /sys/bus/platform/drivers/ohost-zynqmp-r5/ | grep -q remoteproc'
check "rmmod ohost_zynqmp_r5" rmmod ohost_zynqmp_r5
done_testing
