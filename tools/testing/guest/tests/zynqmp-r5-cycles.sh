# SPDX-License-Identifier: GPL-2.0
# 100 stop/start cycles of RPU0 through the ZynqMP R5 driver (run
# zynqmp-r5-lockstep): every boot announces its channel, every 20th runs
# one echo_test round.  Prints the time a cycle takes.
. /ohost/lib.sh

CL=/sys/firmware/devicetree/base/remoteproc@ffe00000
CYCLES=100
command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
modprobe ohost_testhook_ipi_bridge
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_zynqmp_r5" modprobe ohost_zynqmp_r5
r=$(r5_rprocs | head -n1 | cut -d' ' -f2)
check "an R5 remoteproc" test -n "$r"
echo ohost-r5-echo.elf > "$r/firmware"
stop_start_cycles "$r" "$CYCLES"
check "rmmod ohost_zynqmp_r5" rmmod ohost_zynqmp_r5
done_testing
