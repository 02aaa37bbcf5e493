# SPDX-License-Identifier: GPL-2.0
# Attach and detach (run imx-recovery): vrprocd --imx-preboot started the
# M4 with ohost-m4-echo.elf before Linux, as U-Boot's bootaux, so the
# driver finds SCR != 0xB: state "detached"; "start" attaches through the
# resource table at 0xb80ff000: "attached", echo works; detach leaves the
# core running (SCR 0x8), also across rmmod and modprobe of the driver, a
# second attach works, and rmmod of the driver while attached stops it
# (stop itself: imx-autoboot, imx-cycles).
. /ohost/lib.sh

command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
check_scr "M4 running before Linux (preboot): SCR 0x8" 0x8
check "load ohost_testhook_mu" modprobe ohost_testhook_mu
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_imx_rproc" modprobe ohost_imx_rproc
r=$(imx_rproc)
check "an i.MX remoteproc" test -n "$r"
[ -n "$r" ] || done_testing
echo "# state: $(cat "$r/state")"
check "state detached (probe found it running; no auto boot)" grep -qx detached "$r/state"
check "attach with start" sh -c "echo start > $r/state"
check "state attached" grep -qx attached "$r/state"
check "channel announced by the running core" wait_for 10 rproc_has_chan "$r"
check "echo_test through the attached core" echo_test -q -n 1 -d "$(rproc_chan_of "$r")"
check "detach" sh -c "echo detach > $r/state"
check "state detached" grep -qx detached "$r/state"
check_scr "M4 still running after detach: SCR 0x8" 0x8
# Unloading the driver shuts down only running or attached processors.
check "rmmod ohost_imx_rproc with the core detached" rmmod ohost_imx_rproc
check_scr "M4 still running after rmmod: SCR 0x8" 0x8
check "modprobe ohost_imx_rproc again" modprobe ohost_imx_rproc
r=$(imx_rproc)
check "found running again: state detached" grep -qx detached "$r/state"
check "attach again" sh -c "echo start > $r/state"
check "state attached again" grep -qx attached "$r/state"
check "channel back" wait_for 10 rproc_has_chan "$r"
check "echo_test after the second attach" echo_test -q -n 1 -d "$(rproc_chan_of "$r")"
check "rmmod ohost_imx_rproc with the core attached" rmmod ohost_imx_rproc
check_scr "M4 held in reset by the unload: SCR 0xB" 0xb
done_testing
