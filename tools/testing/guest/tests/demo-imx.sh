# SPDX-License-Identifier: GPL-2.0
# make demo, third part: the same OpenAMP demos through the i.MX M4
# driver (QEMU virt with an i.MX8MM-style M4 node, the SRC and the MU
# played by guest RAM pages and vrprocd).  Each step is also a check.
. /ohost/lib.sh

say() { echo "== $*"; }
strs() { tr '\0' ' ' < "$1" | sed 's/ $//'; }	# a DT string list
N=/sys/firmware/devicetree/base/imx8mm-cm4

say "Linux $(uname -r), unmodified; the device tree node is NXP's fsl,imx8mm-cm4"
echo "   compatible $(strs $N/compatible), mbox-names $(strs $N/mbox-names)"
modprobe ohost_testhook_mu	# test only: the MU, over the host's doorbell
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
say "insmod ohost_imx_rproc"
check "modprobe ohost_imx_rproc" modprobe ohost_imx_rproc
r=$(imx_rproc)
check "an i.MX remoteproc" test -n "$r"
[ -n "$r" ] || done_testing
echo "   $r ($(cat "$r/name")), state $(cat "$r/state"), SCR $(imx_scr)"

say "echo firmware: echo ohost-m4-echo.elf > firmware; echo start > state"
echo ohost-m4-echo.elf > "$r/firmware"
check "start ohost-m4-echo.elf" sh -c "echo start > $r/state"
echo "   state $(cat "$r/state"), SCR $(imx_scr) (0x8: running)"
check "channel announced" wait_for 10 rproc_has_chan "$r"
echo "   rpmsg device $(rproc_chan_of "$r")"
say "echo_test: 472 payloads of 17..488 bytes, verified"
echo_test -n 1 -d "$(rproc_chan_of "$r")" > /tmp/echo.out 2>&1
rc=$?
grep 'Error count\|rounds of' /tmp/echo.out | sed 's/^/   /'
check "echo_test, 0 errors (exit $rc)" test "$rc" -eq 0
check "stop" sh -c "echo stop > $r/state"
echo "   state $(cat "$r/state"), SCR $(imx_scr) (0xb: held in reset)"

say "matrix firmware"
echo ohost-m4-matrix.elf > "$r/firmware"
check "start ohost-m4-matrix.elf" sh -c "echo start > $r/state"
check "channel announced" wait_for 10 rproc_has_chan "$r"
mat_mul_demo -d "$(rproc_chan_of "$r")" > /tmp/mat.out 2>&1
rc=$?
tail -n 8 /tmp/mat.out | sed 's/^/   /'
check "mat_mul_demo: product verified (exit $rc)" test "$rc" -eq 0
check "stop" sh -c "echo stop > $r/state"

say "a firmware segment outside every M4 memory is refused"
echo ohost-m4-bad-segment.elf > "$r/firmware"
dmesg -c > /dev/null
check_fails "start ohost-m4-bad-segment.elf refused" sh -c "echo start > $r/state 2>/dev/null"
kmsg | grep 'rejected' | sed 's/^/   dmesg: /'
check "rmmod ohost_imx_rproc" rmmod ohost_imx_rproc
say "done"
done_testing
