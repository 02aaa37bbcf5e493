# SPDX-License-Identifier: GPL-2.0
# Attach and detach (run zynqmp-r5-recovery): vrprocd --zynqmp-preboot
# started RPU0 with ohost-r5-echo.elf before Linux booted, so the driver
# finds it running (GET_NODE_STATUS): state "detached"; "start" attaches
# through the rsc_tbl_data metadata: state "attached", echo works, detach leaves the
# core running (the IPI test client's smc file asks the stub), a second
# attach works, and stop powers it down.
. /ohost/lib.sh

CL=/sys/firmware/devicetree/base/remoteproc@ffe00000
# r5_rprocs: "CORE SYSFS-DIR" per R5 remoteproc, core 0 first
r5_rprocs() {
	local r n
	for r in /sys/class/remoteproc/remoteproc*; do
		n=$(basename "$(readlink -f "$r/device/of_node")")
		case $n in r5f@*) echo "${n#r5f@} $r" ;; esac
	done | sort
}
fw() { [ "$1" = 0 ] && echo "ohost-r5-$2.elf" || echo "ohost-r5-$2-$1.elf"; }
# chan_of RPROC: the demo channel's rpmsg device under this remoteproc
chan_of() {
	local v
	v=$(basename "$(ls -d "$1"/*/virtio* 2>/dev/null | head -n1)")
	[ -n "$v" ] && ls /sys/bus/rpmsg/devices/ | grep "^$v\.rpmsg-openamp-demo-channel\." | head -n1
}
has_chan() { [ -n "$(chan_of "$1")" ]; }
D=/sys/kernel/debug/ohost_ipi_client
smc() { echo "$*" > $D/smc && cat $D/smc; }
rpu0_running() { [ "$(smc c2000003 7 | cut -d' ' -f1)" = 100000000 ]; }

command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
check "load ohost_testhook_ipi_bridge" modprobe ohost_testhook_ipi_bridge
check "load ohost_testhook_ipi_client" modprobe ohost_testhook_ipi_client
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "RPU0 running before the driver (preboot)" rpu0_running
check "modprobe ohost_zynqmp_r5" modprobe ohost_zynqmp_r5
r=$(r5_rprocs | head -n1 | cut -d' ' -f2)
check "an R5 remoteproc" test -n "$r"
echo "# state: $(cat "$r/state")"
check "state detached (probe found it running; no auto boot)" \
	grep -qx detached "$r/state"
check "attach with start" sh -c "echo start > $r/state"
check "state attached" grep -qx attached "$r/state"
check "channel announced by the running core" wait_for 10 has_chan "$r"
check "echo_test through the attached core" echo_test -q -n 1 -d "$(chan_of "$r")"
check "detach" sh -c "echo detach > $r/state"
check "state detached" grep -qx detached "$r/state"
check "RPU0 still running after detach" rpu0_running
check "attach again" sh -c "echo start > $r/state"
check "state attached again" grep -qx attached "$r/state"
check "channel back" wait_for 10 has_chan "$r"
check "echo_test after the second attach" echo_test -q -n 1 -d "$(chan_of "$r")"
check "stop" sh -c "echo stop > $r/state"
check "state offline" grep -qx offline "$r/state"
rpu0_off() { ! rpu0_running; }
check "RPU0 powered down by stop" rpu0_off
check "rmmod ohost_zynqmp_r5" rmmod ohost_zynqmp_r5
check "rmmod ohost_testhook_ipi_client" rmmod ohost_testhook_ipi_client
done_testing
