# SPDX-License-Identifier: GPL-2.0
# The board-less R5 before any R5 driver: vrprocd --platform zynqmp
# --zynqmp-preboot loaded ohost-r5-echo.elf into RPU0's TCM and DDR before
# Linux booted and marked the core running (stub state host_running), so
# GET_NODE_STATUS(RPU0) says PM_NODE_RUNNING, as after a bootloader; RPU1
# is off.  FORCE_POWERDOWN of RPU0 stops the daemon's core, which then
# withdraws its "running".  The calls go through the IPI test client's
# smc file (run zynqmp-r5-daemon, split mode: the client has a mailbox of
# its own).
. /ohost/lib.sh

D=/sys/kernel/debug/ohost_ipi_client
smc() { echo "$*" > $D/smc && cat $D/smc; }
# status NODE: GET_NODE_STATUS payload[1] (a0[63:32])
status() { smc c2000003 "$1" | cut -d' ' -f1; }
is_running() { [ "$(status "$1")" = 100000000 ]; }
is_off() { [ "$(status "$1")" = 0 ]; }

check "load ohost_testhook_ipi_bridge" modprobe ohost_testhook_ipi_bridge
check "load ohost_testhook_ipi_client" modprobe ohost_testhook_ipi_client
if ! check "client probed on its own mailbox" test -e $D/smc; then
	done_testing
fi
check "FEATURE_CHECK(GET_NODE_STATUS): v2 (attach detection)" \
	[ "$(smc c200003f 3)" = "200000000 0 0 0" ]
check "RPU0 running before Linux touched it (preboot)" \
	wait_for 10 is_running 7
check "RPU1 off" [ "$(status 8)" = 0 ]
check "force power down RPU0" [ "$(smc c2000008 7 2)" = "0 0 0 0" ]
check "RPU0 off after the daemon saw the power down" \
	wait_for 5 is_off 7
check "rmmod ohost_testhook_ipi_client" rmmod ohost_testhook_ipi_client
check "rmmod ohost_testhook_ipi_bridge" rmmod ohost_testhook_ipi_bridge
done_testing
