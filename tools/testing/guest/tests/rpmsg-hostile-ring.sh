# SPDX-License-Identifier: GPL-2.0
# A remote that scribbles on the parts of the split rings only the driver
# may write, and that a transport owning its rings never reads back:
# vrprocd --inject desc-next (every descriptor chained into one cycle
# before each buffer returns) or --inject avail-scribble (consumed avail
# slots and the avail flags overwritten).  The echo demo keeps working
# through two boots (without and with VIRTIO_RING_F_EVENT_IDX), stop,
# start and module removal work, and the kernel reports nothing (no soft
# lockup walking a descriptor chain that never ends).  Linux's virtio
# core (6.1, 6.12) follows NEXT in shared memory when it frees a buffer:
# desc-next soft-locks it in detach_buf_split().
. /ohost/lib.sh

has_chan() { has_channel rpmsg-openamp-demo-channel; }

vrproc_setup

# boot 0 without, boot 1 with VIRTIO_RING_F_EVENT_IDX
i=0
for fw in ohost-echo.elf ohost-echo-evidx.elf; do
	echo "$fw" > "$rp/firmware"
	check "start $fw ($i)" sh -c "echo start > $rp/state"
	check "demo channel announced ($i)" wait_for 10 has_chan
	# one round: 472 payloads, more than the 256 TX buffers, so buffers
	# are reclaimed from the used ring and reused
	check "echo_test, 472 payloads, every echo verified ($i)" \
		timeout 120 echo_test -q -n 1 -t 2000 --no-shutdown
	check "echo_test again, 472 more ($i)" \
		timeout 120 echo_test -q -n 1 -t 2000 --no-shutdown
	check "stop ($i)" sh -c "echo stop > $rp/state"
	check "offline ($i)" grep -qx offline "$rp/state"
	i=$((i + 1))
done
kmsg | grep 'virtio[0-9]*: \(input\|output\):' | tail -n 3 | sed 's/^/# /'
check "no vring reported broken" \
	sh -c "! dmesg | grep -q 'virtio[0-9]*: \(input\|output\):'"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
check "rmmod ohost_rpmsg_char" rmmod ohost_rpmsg_char
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
done_testing
