# SPDX-License-Identifier: GPL-2.0
# 100 stop/start cycles of the M4 through ohost_imx_rproc (run imx-m4):
# every boot announces its channel, every 20th runs one echo_test round;
# then the test MU and the driver unload cleanly.  Prints the time a
# cycle takes.
. /ohost/lib.sh

CYCLES=100
command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
modprobe ohost_testhook_mu
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_imx_rproc" modprobe ohost_imx_rproc
r=$(imx_rproc)
check "an i.MX remoteproc" test -n "$r"
echo ohost-m4-echo.elf > "$r/firmware"
stop_start_cycles "$r" "$CYCLES"
check "start once more" sh -c "echo start > $r/state"
check_fails "rmmod ohost_testhook_mu refused while the driver holds its channels" \
	rmmod ohost_testhook_mu
check "stop" sh -c "echo stop > $r/state"
check "rmmod ohost_imx_rproc" rmmod ohost_imx_rproc
check "rmmod ohost_testhook_mu" rmmod ohost_testhook_mu
done_testing
