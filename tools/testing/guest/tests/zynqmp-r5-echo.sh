# SPDX-License-Identifier: GPL-2.0
# ZynqMP R5 driver end to end (runs zynqmp-r5-lockstep, zynqmp-r5-split):
# vrprocd --platform zynqmp plays the R5 cores.  Every core of the
# cluster gets its own image (RPU1: *-1.elf), runs echo_test and then
# mat_mul_demo, all cores at the same time on their own channels; an
# image with a segment outside every R5 memory is refused.
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

command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
check "load ohost_testhook_ipi_bridge" modprobe ohost_testhook_ipi_bridge
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_zynqmp_r5" modprobe ohost_zynqmp_r5
want=$(ls -d $CL/r5f@* | wc -l)
check "one remoteproc per core in the device tree ($want)" \
	wait_for 5 sh -c "[ \$(ls -d /sys/class/remoteproc/remoteproc* | wc -l) -ge $want ]"
r5_rprocs | sed 's/^/# core /'

# run_all APP PROGRAM...: start APP on every core, run PROGRAM on each
# core's channel at the same time, stop every core.
run_all() {
	local app=$1 c r pids= rc
	shift
	r5_rprocs > /tmp/cores
	while read -r c r; do
		fw "$c" "$app" > "$r/firmware"
		check "core $c: start $(fw "$c" "$app")" sh -c "echo start > $r/state"
		check "core $c: running" grep -qx running "$r/state"
	done < /tmp/cores
	while read -r c r; do
		check "core $c: channel announced" wait_for 10 has_chan "$r"
		"$@" -d "$(chan_of "$r")" > /tmp/out.$c 2>&1 &
		echo "$c $!" >> /tmp/pids.$app
	done < /tmp/cores
	while read -r c p; do
		wait "$p"
		rc=$?
		tail -n 3 /tmp/out.$c | sed "s/^/# core $c: /"
		check "core $c: $1 (exit $rc)" test "$rc" -eq 0
	done < /tmp/pids.$app
	while read -r c r; do
		check "core $c: stop" sh -c "echo stop > $r/state"
		check "core $c: offline" grep -qx offline "$r/state"
	done < /tmp/cores
}

run_all echo echo_test -q -n 2
if command -v mat_mul_demo >/dev/null; then
	run_all matrix mat_mul_demo
else
	skip "mat_mul_demo not built"
fi
r=$(r5_rprocs | head -n1 | cut -d' ' -f2)
echo ohost-r5-bad-segment.elf > "$r/firmware"
check_fails "a segment outside every R5 memory: start refused" \
	sh -c "echo start > $r/state"
check "still offline" grep -qx offline "$r/state"
check "rmmod ohost_zynqmp_r5" rmmod ohost_zynqmp_r5
done_testing
