# SPDX-License-Identifier: GPL-2.0
# Past the 16-bit ring indices: 140 echo_test rounds (66080 messages each
# way, more than 65536) so that avail->idx and used->idx of both vrings
# wrap, with VIRTIO_RING_F_EVENT_IDX (used_event / avail_event compared
# across the wrap) and without it.  Every echo is checked.
. /ohost/lib.sh

has_chan() { has_channel rpmsg-openamp-demo-channel; }

vrproc_setup

for fw in ohost-echo-evidx.elf ohost-echo.elf; do
	echo "$fw" > "$rp/firmware"
	check "start $fw" sh -c "echo start > $rp/state"
	check "demo channel announced ($fw)" wait_for 10 has_chan
	t0=$(date +%s)
	check "echo_test -n 140: 66080 echoes, indices wrapped ($fw)" \
		timeout 400 echo_test -q -n 140 --no-shutdown
	echo "# $fw: $(($(date +%s) - t0)) s"
	check "stop ($fw)" sh -c "echo stop > $rp/state"
done
check "rmmod ohost_vrproc" rmmod ohost_vrproc
done_testing
