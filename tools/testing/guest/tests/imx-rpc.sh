# SPDX-License-Identifier: GPL-2.0
# The proxy flow through the i.MX M4 driver (run imx-m4): the M4 runs
# ohost-m4-rpc-proxy.elf (the rpc app on channel "rpmsg-proxy", bound by
# ohost_rpmsg_proxy), rpmsg-proxyd serves its file and console calls.
. /ohost/lib.sh

command -v rpmsg-proxyd >/dev/null || { echo "# no rpmsg-proxyd"; exit 4; }
modprobe ohost_testhook_mu
modprobe ohost_virtio_rpmsg
check "modprobe ohost_rpmsg_proxy" modprobe ohost_rpmsg_proxy
check "modprobe ohost_imx_rproc" modprobe ohost_imx_rproc
r=$(imx_rproc)
check "an i.MX remoteproc" test -n "$r"
pchan() { ls /sys/bus/rpmsg/devices/ | grep -q '\.rpmsg-proxy\.'; }
echo ohost-m4-rpc-proxy.elf > "$r/firmware"
check "start ohost-m4-rpc-proxy.elf" sh -c "echo start > $r/state"
check "rpmsg-proxy channel announced" wait_for 10 pchan
check "/dev/rpmsg_proxy0" wait_for 5 test -c /dev/rpmsg_proxy0
mkdir -p /tmp/m4root
echo Bob | timeout 60 rpmsg-proxyd --root /tmp/m4root --wait 5 > /tmp/console.out 2> /tmp/proxyd.err
rc=$?
tr -d '\r' < /tmp/console.out | sed 's/^/# console: /'
check "rpmsg-proxyd: exit 0 on TERM (got $rc)" test "$rc" -eq 0
check "console line reached the M4" grep -q "User name = 'Bob'" /tmp/console.out
check "file written by the M4" test -s /tmp/m4root/remote.file
check "stop" sh -c "echo stop > $r/state"
check "rmmod ohost_imx_rproc" rmmod ohost_imx_rproc
check "rmmod ohost_rpmsg_proxy" rmmod ohost_rpmsg_proxy
done_testing
