# SPDX-License-Identifier: GPL-2.0
# A remote that returns one host TX (vring1, "output") buffer twice
# (vrprocd --inject used-dup: a second used entry with the same id right
# after the first, once per boot, without and then with
# VIRTIO_RING_F_EVENT_IDX): the second entry names a buffer that is
# no longer outstanding.  The transport must notice, mark the ring broken
# and say so naming the virtqueue ("virtioN: output: ..."), without any
# kernel report; stop, start and module removal still work.
. /ohost/lib.sh

has_chan() { has_channel rpmsg-openamp-demo-channel; }
nbroken() { kmsg | grep -c 'virtio[0-9]*: output:'; }
more_broken() { [ "$(nbroken)" -gt "$b0" ]; }

vrproc_setup

# boot 0 without, boot 1 with VIRTIO_RING_F_EVENT_IDX
i=0
for fw in ohost-echo.elf ohost-echo-evidx.elf; do
	echo "$fw" > "$rp/firmware"
	b0=$(nbroken)
	check "start $fw ($i)" sh -c "echo start > $rp/state"
	check "demo channel announced ($i)" wait_for 10 has_chan
	# 472 payloads: more than the 256 TX buffers, so a transport that
	# reclaims TX buffers only when it runs out still meets the duplicate
	timeout 120 echo_test -q -n 1 -t 1000 --no-shutdown > /tmp/dup.out 2>&1
	echo "# echo_test exit $? ($i): $(tail -n 1 /tmp/dup.out)"
	check "TX ring reported broken, naming the vq ($i)" wait_for 10 more_broken
	check "stop ($i)" sh -c "echo stop > $rp/state"
	check "offline ($i)" grep -qx offline "$rp/state"
	i=$((i + 1))
done
kmsg | grep 'virtio[0-9]*: output:' | tail -n 2 | sed 's/^/# /'
check "rmmod ohost_vrproc" rmmod ohost_vrproc
check "rmmod ohost_rpmsg_char" rmmod ohost_rpmsg_char
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
done_testing
