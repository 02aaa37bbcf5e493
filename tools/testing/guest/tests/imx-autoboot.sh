# SPDX-License-Identifier: GPL-2.0
# fsl,auto-boot (run imx-autoboot, virt-imx8mm-auto-boot.dtso): the M4 runs
# before Linux (--imx-preboot), so the driver attaches to it at probe,
# without a "start"; echo works.  After a stop, a new probe (rmmod,
# modprobe) boots the device tree's firmware-name on its own.
. /ohost/lib.sh

command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
check "load ohost_testhook_mu" modprobe ohost_testhook_mu
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_imx_rproc" modprobe ohost_imx_rproc
r=$(imx_rproc)
check "an i.MX remoteproc" test -n "$r"
[ -n "$r" ] || done_testing
attached() { grep -qx attached "$r/state"; }
check "attached at probe to the M4 U-Boot started (auto-boot)" wait_for 10 attached
check "channel announced" wait_for 10 rproc_has_chan "$r"
check "echo_test through the auto-attached core" echo_test -q -n 1 -d "$(rproc_chan_of "$r")"
check "stop" sh -c "echo stop > $r/state"
check_scr "M4 held in reset: SCR 0xB" 0xb
check "rmmod ohost_imx_rproc" rmmod ohost_imx_rproc
check "modprobe ohost_imx_rproc again" modprobe ohost_imx_rproc
r=$(imx_rproc)
running() { grep -qx running "$r/state"; }
check "booted at probe: running, firmware $(cat "$r/firmware" 2>/dev/null)" wait_for 10 running
check "firmware-name from the device tree" grep -qx ohost-m4-echo.elf "$r/firmware"
check "channel announced" wait_for 10 rproc_has_chan "$r"
check "echo_test through the auto-booted core" echo_test -q -n 1 -d "$(rproc_chan_of "$r")"
check "stop" sh -c "echo stop > $r/state"
check "rmmod ohost_imx_rproc" rmmod ohost_imx_rproc
done_testing
