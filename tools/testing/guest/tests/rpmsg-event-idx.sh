# SPDX-License-Identifier: GPL-2.0
# VIRTIO_RING_F_EVENT_IDX: firmware ohost-echo-evidx.elf offers it, the
# transport negotiates it (the remote's trace shows gfeatures), and the
# remote then interrupts by used_event and is kicked by avail_event.  The
# echo demo and pipelined traffic (rpmsg-bench --quick: up to 128 messages
# in flight) work with every byte checked; the interrupt counts of the
# ivshmem vectors are printed, not judged.
. /ohost/lib.sh

has_chan() { has_channel rpmsg-openamp-demo-channel; }
irqs() { grep "$dev" /proc/interrupts | sed 's/^/# irq: /'; }

vrproc_setup
trace=/sys/kernel/debug/remoteproc/$(basename "$rp")/trace0

# boot_evidx N: start the EVENT_IDX image, check it was negotiated
boot_evidx() {
	check "start ohost-echo-evidx.elf ($1)" sh -c "echo start > $rp/state"
	check "demo channel announced ($1)" wait_for 10 has_chan
	grep 'gfeatures' "$trace" | sed 's/^/# trace0: /'
	check "EVENT_IDX (bit 29) negotiated ($1)" \
		grep -q 'gfeatures 0x2000000[0-9a-f] (event index)' "$trace"
	echo "# interrupts before ($1):"; irqs
}

# The echo app answers its first peer only: one client per boot.
echo ohost-echo-evidx.elf > "$rp/firmware"
boot_evidx 0
check "echo_test, 2 x 472 payloads" timeout 120 echo_test -q -n 2 --no-shutdown
echo "# interrupts after (0):"; irqs
check "stop (0)" sh -c "echo stop > $rp/state"
boot_evidx 1
rpmsg-bench --quick --label evidx > /tmp/bench.out
rc=$?
sed 's/^/# bench: /' /tmp/bench.out
check "rpmsg-bench --quick, up to 128 in flight: every echo correct" \
	test "$rc" -eq 0
echo "# interrupts after (1):"; irqs
check "stop (1)" sh -c "echo stop > $rp/state"

echo ohost-echo.elf > "$rp/firmware"
check "start ohost-echo.elf (no EVENT_IDX offered)" sh -c "echo start > $rp/state"
check "demo channel announced" wait_for 10 has_chan
check "EVENT_IDX not negotiated" \
	sh -c "grep 'gfeatures' $trace | grep -qv 'event index'"
check "echo_test without EVENT_IDX" timeout 120 echo_test -q -n 1 --no-shutdown
check "stop" sh -c "echo stop > $rp/state"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
check "rmmod ohost_rpmsg_char" rmmod ohost_rpmsg_char
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
done_testing
