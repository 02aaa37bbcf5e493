# SPDX-License-Identifier: GPL-2.0
# make demo, second part: the same OpenAMP demos through the ZynqMP R5
# driver, on the stock kernel's own zynqmp_firmware and zynqmp-ipi (QEMU
# virt with an EL3 monitor standing in for the ZynqMP firmware, vrprocd
# playing both R5 cores in split mode).  Each step is also a check.
. /ohost/lib.sh

say() { echo "== $*"; }
CL=/sys/firmware/devicetree/base/remoteproc@ffe00000

say "Linux $(uname -r), unmodified; ZynqMP firmware interface and IPI mailbox are its own"
ls /sys/bus/platform/drivers/zynqmp_firmware/ /sys/bus/platform/drivers/zynqmp-ipi/ 2>/dev/null |
	grep -v 'bind\|uevent\|^$' | sed 's/^/   /'
say "insmod ohost_zynqmp_r5: xlnx,cluster-mode $(od -An -tu1 $CL/xlnx,cluster-mode | awk '{print $4}') (0: split, one remoteproc per core)"
modprobe ohost_testhook_ipi_bridge	# test only: the host's doorbell becomes the IPI
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_zynqmp_r5" modprobe ohost_zynqmp_r5
wait_for 5 sh -c "[ \$(r5_rprocs | wc -l) -ge 2 ]"
r5_rprocs | while read -r c r; do
	echo "   RPU$c: $r ($(cat "$r/name")), state $(cat "$r/state")"
done

r5_rprocs > /tmp/cores
say "echo firmware on both cores: echo ohost-r5-echo*.elf > firmware; echo start > state"
while read -r c r; do
	r5_fw "$c" echo > "$r/firmware"
	check "RPU$c: start $(r5_fw "$c" echo)" sh -c "echo start > $r/state"
done < /tmp/cores
while read -r c r; do
	check "RPU$c: channel announced" wait_for 10 r5_has_chan "$r"
	echo "   RPU$c: rpmsg device $(r5_chan_of "$r")"
done < /tmp/cores
say "echo_test on both cores at once: 472 payloads of 17..488 bytes each, verified"
while read -r c r; do
	echo_test -n 1 -d "$(r5_chan_of "$r")" > /tmp/echo.$c 2>&1 &
	echo "$c $!" >> /tmp/pids
done < /tmp/cores
while read -r c p; do
	wait "$p"
	rc=$?
	grep 'Error count\|rounds of' /tmp/echo.$c | sed "s/^/   RPU$c: /"
	check "RPU$c: echo_test, 0 errors (exit $rc)" test "$rc" -eq 0
done < /tmp/pids
while read -r c r; do
	check "RPU$c: stop" sh -c "echo stop > $r/state"
done < /tmp/cores

read -r c r < /tmp/cores
say "matrix firmware on RPU$c"
r5_fw "$c" matrix > "$r/firmware"
check "RPU$c: start matrix firmware" sh -c "echo start > $r/state"
check "RPU$c: channel announced" wait_for 10 r5_has_chan "$r"
mat_mul_demo -d "$(r5_chan_of "$r")" > /tmp/mat.out 2>&1
rc=$?
tail -n 8 /tmp/mat.out | sed 's/^/   /'
check "mat_mul_demo: product verified (exit $rc)" test "$rc" -eq 0
check "RPU$c: stop" sh -c "echo stop > $r/state"

say "a firmware segment outside every R5 memory is refused"
echo ohost-r5-bad-segment.elf > "$r/firmware"
dmesg -c > /dev/null
check_fails "start ohost-r5-bad-segment.elf refused" sh -c "echo start > $r/state 2>/dev/null"
kmsg | grep 'rejected' | sed 's/^/   dmesg: /'
check "rmmod ohost_zynqmp_r5" rmmod ohost_zynqmp_r5
say "done"
done_testing
