# SPDX-License-Identifier: GPL-2.0
# Crash recovery and coredump (run imx-recovery: vrprocd --inject
# crash-after=N): the "M4" stops serving in the middle of echo traffic.
# Nothing signals that on an i.MX, so the crash is reported through
# debugfs (RPROC_FATAL_ERROR); the driver's recovery stops the core (SCR
# 0xB), dumps it (an ELF32 ARM core file with the loaded segments),
# reloads and starts it, and the daemon serves the new boot.
. /ohost/lib.sh

command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
modprobe ohost_testhook_mu
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_imx_rproc" modprobe ohost_imx_rproc
r=$(imx_rproc)
name=$(basename "$r")
check "an i.MX remoteproc" test -n "$r"
[ -n "$r" ] || done_testing
grep -qx offline "$r/state" || echo stop > "$r/state"
echo ohost-m4-echo.elf > "$r/firmware"
check "start" sh -c "echo start > $r/state"
check "channel announced" wait_for 10 rproc_has_chan "$r"
check_fails "echo_test fails: the M4 stopped serving" \
	timeout 60 echo_test -q -n 5 -t 500 --no-shutdown -d "$(rproc_chan_of "$r")"
check "recovery enabled" grep -qx enabled "$r/recovery"
check "coredump enabled" sh -c "echo enabled > $r/coredump"
check "report the crash through debugfs" \
	sh -c "echo 2 > /sys/kernel/debug/remoteproc/$name/crash"
check "recovered: running, channel back" wait_for 20 imx_up "$r"
check "echo_test after recovery" echo_test -q -n 1 -d "$(rproc_chan_of "$r")"
cd=$(ls -d /sys/class/devcoredump/devcd* 2>/dev/null | head -n1)
check "a coredump was taken" test -n "$cd"
if [ -n "$cd" ]; then
	cat "$cd/data" > /tmp/m4.core
	check_arm32_core /tmp/m4.core 1024
	phnum=$(od -An -tu2 -j44 -N2 /tmp/m4.core | tr -d ' ')
	echo "# coredump: $phnum program headers"
	check "coredump: a segment per loaded segment at least (DDR, rsc-table): $phnum" \
		test "$phnum" -ge 2
	check "coredump holds the loaded DDR segment (app descriptor OAPP)" \
		grep -q OAPP /tmp/m4.core
	echo 1 > "$cd/data"
fi
check "stop" sh -c "echo stop > $r/state"
check "rmmod ohost_imx_rproc" rmmod ohost_imx_rproc
done_testing
