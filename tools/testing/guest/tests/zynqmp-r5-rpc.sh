# SPDX-License-Identifier: GPL-2.0
# The proxy flow through the ZynqMP R5 driver: RPU0 runs
# ohost-r5-rpc-proxy.elf (the rpc app on channel "rpmsg-proxy", bound by
# ohost_rpmsg_proxy), rpmsg-proxyd serves its file and console calls.
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
command -v rpmsg-proxyd >/dev/null || { echo "# no rpmsg-proxyd"; exit 4; }
modprobe ohost_testhook_ipi_bridge
modprobe ohost_virtio_rpmsg
check "modprobe ohost_rpmsg_proxy" modprobe ohost_rpmsg_proxy
check "modprobe ohost_zynqmp_r5" modprobe ohost_zynqmp_r5
r=$(r5_rprocs | head -n1 | cut -d' ' -f2)
check "an R5 remoteproc" test -n "$r"
pchan() { ls /sys/bus/rpmsg/devices/ | grep -q '\.rpmsg-proxy\.'; }
echo ohost-r5-rpc-proxy.elf > "$r/firmware"
check "start ohost-r5-rpc-proxy.elf" sh -c "echo start > $r/state"
check "rpmsg-proxy channel announced" wait_for 10 pchan
check "/dev/rpmsg_proxy0" wait_for 5 test -c /dev/rpmsg_proxy0
mkdir -p /tmp/r5root
echo Bob | timeout 60 rpmsg-proxyd --root /tmp/r5root --wait 5 > /tmp/console.out 2> /tmp/proxyd.err
rc=$?
tr -d '\r' < /tmp/console.out | sed 's/^/# console: /'
check "rpmsg-proxyd: exit 0 on TERM (got $rc)" test "$rc" -eq 0
check "console line reached the R5" grep -q "User name = 'Bob'" /tmp/console.out
check "file written by the R5" test -s /tmp/r5root/remote.file
check "stop" sh -c "echo stop > $r/state"
check "rmmod ohost_zynqmp_r5" rmmod ohost_zynqmp_r5
check "rmmod ohost_rpmsg_proxy" rmmod ohost_rpmsg_proxy
done_testing
