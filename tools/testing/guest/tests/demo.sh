# SPDX-License-Identifier: GPL-2.0
# make demo: the OpenAMP flows on a stock kernel, told step by step.  Each
# step is also a check, so `make check` proves the demo still works.
. /ohost/lib.sh

say() { echo "== $*"; }

chan() { has_channel rpmsg-openamp-demo-channel; }
state() { cat "$rp/state"; }

say "Linux $(uname -r), unmodified; the remote is vrprocd on the host"
dev=$(ivshmem_dev) || { not_ok "no ivshmem-doorbell device"; done_testing; }

say "loading openamp-host modules"
for m in ohost_virtio_rpmsg ohost_rpmsg_char ohost_rpmsg_proxy; do
	check "modprobe $m" modprobe "$m"
done
check "modprobe ohost_vrproc devices=$dev" modprobe ohost_vrproc devices="$dev"
lsmod | grep '^ohost\|^rpmsg_core' | sed 's/^/   /'
echo "   kernel taint: $(cat /proc/sys/kernel/tainted) (O: out of tree, E: unsigned)"
rp=$(rproc_of "$dev")
echo "   $rp: $(cat "$rp/name"), state $(state)"

say "resource table of ohost-echo.elf (rproc-fwcheck)"
rproc-fwcheck /lib/firmware/ohost-echo.elf | sed 's/^/   /'

say "echo firmware: echo ohost-echo.elf > firmware; echo start > state"
echo ohost-echo.elf > "$rp/firmware"
check "start echo firmware" sh -c "echo start > $rp/state"
echo "   state: $(state)"
check "channel announced" wait_for 5 chan
ls /sys/bus/rpmsg/devices/ | sed 's/^/   rpmsg device: /'
say "echo_test: 472 payloads of 17..488 bytes, each verified"
echo_test -n 1 > /tmp/echo.out 2>&1
rc=$?
grep -v 'received payload' /tmp/echo.out | grep . | sed 's/^/   /'
echo "   ($(grep -c 'received payload' /tmp/echo.out) payloads echoed)"
[ $rc -eq 0 ] && ok "echo_test: 0 errors" || not_ok "echo_test exit $rc"

say "matrix firmware: stop, switch firmware, start"
check "stop" sh -c "echo stop > $rp/state"
echo ohost-matrix.elf > "$rp/firmware"
check "start matrix firmware" sh -c "echo start > $rp/state"
echo "   state: $(state), firmware $(cat "$rp/firmware")"
check "matrix channel announced" wait_for 5 chan
mat_mul_demo > /tmp/mat.out 2>&1
rc=$?
sed 's/^/   /' /tmp/mat.out | tail -n 24
[ $rc -eq 0 ] && ok "mat_mul_demo: product verified" || not_ok "mat_mul_demo exit $rc"
check "stop matrix" sh -c "echo stop > $rp/state"

say "proxy firmware (OpenAMP rpc_demo): the remote's file I/O and console served by Linux"
echo "   rpmsg-proxyd --root /tmp/remote-root --bind: the remote's files stay inside that root"
echo ohost-rpc.elf > "$rp/firmware"
check "start rpc firmware" sh -c "echo start > $rp/state"
check "rpc channel announced" wait_for 5 chan
mkdir -p /tmp/remote-root
echo "Ada" | timeout 60 rpmsg-proxyd --root /tmp/remote-root --bind --wait 5 \
	> /tmp/console.out 2> /tmp/proxyd.err
rc=$?
tr -d '\r' < /tmp/console.out | grep . | sed 's/^/   console: /' | head -n 12
echo "   files the remote wrote: $(cd /tmp/remote-root && ls)"
echo "   remote.file: $(cat /tmp/remote-root/remote.file 2>/dev/null)"
[ $rc -eq 0 ] && ok "rpmsg-proxyd: session ended by the remote (TERM)" ||
	{ not_ok "rpmsg-proxyd exit $rc"; sed 's/^/#   /' /tmp/proxyd.err; }
check "remote's scanf got the console line" grep -q "User name = 'Ada'" /tmp/console.out
check "stop rpc" sh -c "echo stop > $rp/state"

say "bad firmware is refused before the remoteproc core touches it"
echo ohost-bad-3vrings.elf > "$rp/firmware"
dmesg -c > /dev/null
check_fails "start ohost-bad-3vrings.elf refused" sh -c "echo start > $rp/state 2>/dev/null"
kmsg | grep 'rejected' | sed 's/^/   dmesg: /'
echo "   state: $(state)"
[ "$(state)" = offline ] && ok "state stays offline" || not_ok "state $(state)"
echo ohost-echo.elf > "$rp/firmware"

check "rmmod ohost_vrproc" rmmod ohost_vrproc
say "done"
done_testing
