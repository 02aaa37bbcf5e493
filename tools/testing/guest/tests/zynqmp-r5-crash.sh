# SPDX-License-Identifier: GPL-2.0
# Crash recovery and coredump (run zynqmp-r5-recovery: vrprocd --inject
# crash-after=N): the "R5" stops serving in the middle of echo traffic.
# Nothing signals that on a ZynqMP, so the crash is reported through
# debugfs (RPROC_FATAL_ERROR); the driver's recovery powers the core down,
# dumps it (an ELF32 ARM core file holding the TCM and DDR segments),
# reloads and wakes it, and the daemon serves the new boot.
. /ohost/lib.sh

CL=/sys/firmware/devicetree/base/remoteproc@ffe00000
command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
check "load ohost_testhook_ipi_bridge" modprobe ohost_testhook_ipi_bridge
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
modprobe ohost_zynqmp_r5
r=$(r5_rprocs | head -n1 | cut -d' ' -f2)
name=$(basename "$r")
check "an R5 remoteproc" test -n "$r"
grep -qx offline "$r/state" || echo stop > "$r/state"
echo ohost-r5-echo.elf > "$r/firmware"
check "start" sh -c "echo start > $r/state"
check "channel announced" wait_for 10 r5_has_chan "$r"
check_fails "echo_test fails: the R5 stopped serving" \
	timeout 120 echo_test -q -n 5 -t 5000 --no-shutdown -d "$(r5_chan_of "$r")"
check "recovery enabled" grep -qx enabled "$r/recovery"
# the remoteproc core dumps nothing unless asked to (default "disabled")
check "coredump enabled" sh -c "echo enabled > $r/coredump"
check "report the crash through debugfs" \
	sh -c "echo 2 > /sys/kernel/debug/remoteproc/$name/crash"
up() { grep -qx running "$r/state" && r5_has_chan "$r"; }
check "recovered: running, channel back" wait_for 20 up
check "echo_test after recovery" echo_test -q -n 1 -d "$(r5_chan_of "$r")"
cd=$(ls -d /sys/class/devcoredump/devcd* 2>/dev/null | head -n1)
check "a coredump was taken" test -n "$cd"
if [ -n "$cd" ]; then
	cat "$cd/data" > /tmp/r5.core
	check_arm32_core /tmp/r5.core 4096
	check "coredump holds the app descriptor (TCM) and the xamp metadata (DDR)" \
		sh -c 'grep -q OAPP /tmp/r5.core && grep -q pmax /tmp/r5.core'
	echo 1 > "$cd/data"
fi
check "stop" sh -c "echo stop > $r/state"
check "rmmod ohost_zynqmp_r5" rmmod ohost_zynqmp_r5
done_testing
