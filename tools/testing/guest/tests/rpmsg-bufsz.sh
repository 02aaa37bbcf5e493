# SPDX-License-Identifier: GPL-2.0
# VIRTIO_RPMSG_F_BUFSZ: a remote that offers it says its buffer sizes in the
# vdev config space (ohost-echo-bufsz.elf: 4112 bytes both ways) and gets
# them, whatever rx/tx_buf_size say, with a 4096-byte MTU; a remote that
# does not offer it gets 512-byte buffers; the largest buffers, 64 KiB
# (ohost-echo-64k.elf, 64 a vring), carry 65520-byte payloads; a bad config
# space (version 2) is refused at probe with a message, and stop works.
. /ohost/lib.sh

has_chan() { has_channel rpmsg-openamp-demo-channel; }
online() { kmsg | grep -c "rpmsg host is online (${2:-256}+${2:-256} buffers of $1/$1 bytes)"; }
refused() { kmsg | grep -q 'buffer size config: version 2, size 13; want version 1'; }

vrproc_setup
trace=/sys/kernel/debug/remoteproc/$(basename "$rp")/trace0

n4112=$(online 4112)
echo ohost-echo-bufsz.elf > "$rp/firmware"
check "start ohost-echo-bufsz.elf" sh -c "echo start > $rp/state"
check "demo channel announced" wait_for 10 has_chan
check "the remote's 4112-byte buffers, not rx/tx_buf_size's 512" \
	test "$(online 4112)" -gt "$n4112"
grep 'gfeatures' "$trace" | sed 's/^/# trace0: /'
check "VIRTIO_RPMSG_F_BUFSZ (bit 1) negotiated" \
	sh -c "grep 'gfeatures' $trace | tail -n1 | grep -q 'gfeatures 0x3\b'"
check "4096-byte payloads both ways, every byte checked" \
	rpmsg-bench --quick --sizes 1,2048,4096
check "stop" sh -c "echo stop > $rp/state"

n64k=$(online 65536 64)
echo ohost-echo-64k.elf > "$rp/firmware"
check "start ohost-echo-64k.elf" sh -c "echo start > $rp/state"
check "demo channel announced" wait_for 10 has_chan
check "64+64 buffers of 65536 bytes" test "$(online 65536 64)" -gt "$n64k"
check "65520-byte payloads both ways, every byte checked" \
	rpmsg-bench --quick --sizes 1,4096,65520 --inflight 1,8,64
check "stop" sh -c "echo stop > $rp/state"

n512=$(online 512)
echo ohost-echo.elf > "$rp/firmware"
check "start ohost-echo.elf (no BUFSZ)" sh -c "echo start > $rp/state"
check "demo channel announced" wait_for 10 has_chan
check "512-byte buffers without the feature" test "$(online 512)" -gt "$n512"
check "echo_test" echo_test -q -n 1
check "stop" sh -c "echo stop > $rp/state"

echo ohost-bad-bufsz.elf > "$rp/firmware"
check "start ohost-bad-bufsz.elf (the remote boots)" sh -c "echo start > $rp/state"
check "probe refuses config space version 2, saying why" wait_for 10 refused
check_fails "no channel" has_chan
check "stop" sh -c "echo stop > $rp/state"

rmmod ohost_vrproc
rmmod ohost_rpmsg_char
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
done_testing
