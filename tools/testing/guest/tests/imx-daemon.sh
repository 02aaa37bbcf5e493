# SPDX-License-Identifier: GPL-2.0
# The board-less M4 before any i.MX driver (run imx-attach): vrprocd
# --platform imx --imx-preboot loaded ohost-m4-echo.elf and set the SRC's
# SCR to "running" (0x8) before Linux booted; the test MU controller
# probes on the ivshmem device (its page, held by the driver, is not
# readable through /dev/mem: the e2e tests prove it).
# A stop (0xB) written to SCR stops the daemon's core and reads back 0xB
# (held reset: the pulse bit stays); a start (0xE) reads back 0x8 once the
# daemon has emulated the self-clearing reset bits.  Leaves the core
# running, as preboot did, for the attach test.
. /ohost/lib.sh

SCR=0xb860000c
scr() { printf '%#x' $(( $(devmem $SCR 32) & 0xf )); }
scr_is() { [ "$(scr)" = "$1" ]; }

[ -e /dev/mem ] || { echo "# no /dev/mem"; exit 4; }
check "SCR running (0x8) before Linux touched it (preboot)" scr_is 0x8
check "load ohost_testhook_mu" modprobe ohost_testhook_mu
check "test MU probed" wait_for 5 sh -c 'dmesg | grep -q "test MU: page"'
devmem $SCR 32 0xb
sleep 0.2
check "stop (0xB) reads back 0xB" scr_is 0xb
devmem $SCR 32 0xe
check "start (0xE) reads back 0x8: self-clearing bits emulated" \
	wait_for 5 scr_is 0x8
check "rmmod ohost_testhook_mu" rmmod ohost_testhook_mu
check "modprobe ohost_testhook_mu again" modprobe ohost_testhook_mu
done_testing
