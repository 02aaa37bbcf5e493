# SPDX-License-Identifier: GPL-2.0
# 100 stop/start cycles of RPU0 through the ZynqMP R5 driver (run
# zynqmp-r5-lockstep): every boot announces its channel, every 20th runs
# one echo_test round.  Prints the time a cycle takes.
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
CYCLES=100
command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
modprobe ohost_testhook_ipi_bridge
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_zynqmp_r5" modprobe ohost_zynqmp_r5
r=$(r5_rprocs | head -n1 | cut -d' ' -f2)
check "an R5 remoteproc" test -n "$r"
echo ohost-r5-echo.elf > "$r/firmware"
t0=$(date +%s)
fail=
for i in $(seq 1 $CYCLES); do
	echo start > "$r/state" || { fail="start $i"; break; }
	wait_for 10 has_chan "$r" || { fail="channel $i"; break; }
	if [ $((i % 20)) = 0 ]; then
		echo_test -q -n 1 -d "$(chan_of "$r")" > /tmp/echo.out 2>&1 ||
			{ fail="echo $i"; break; }
	fi
	echo stop > "$r/state" || { fail="stop $i"; break; }
	grep -qx offline "$r/state" || { fail="offline $i"; break; }
done
t1=$(date +%s)
echo "# $CYCLES cycles in $((t1 - t0)) s${fail:+, first failure: $fail}"
check "$CYCLES stop/start cycles" test -z "$fail"
check "rmmod ohost_zynqmp_r5" rmmod ohost_zynqmp_r5
done_testing
