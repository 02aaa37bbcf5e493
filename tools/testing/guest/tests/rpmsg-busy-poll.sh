# SPDX-License-Identifier: GPL-2.0
# Busy polling of the RX ring (busy_poll_us of the virtio device, and the
# module's default for new devices).  Off by default: traffic finds no
# message by polling (busy_poll_hits stays 0).  On: pipelined traffic
# finds some (hits > 0), with and without VIRTIO_RING_F_EVENT_IDX, every
# echoed byte checked.  Values out of 0..5000 are refused with EINVAL and
# change nothing.  A stop in the middle of polled traffic, and a start
# after it, work.  Times and interrupt counts are printed, not judged.
. /ohost/lib.sh

has_chan() { has_channel rpmsg-openamp-demo-channel; }
param=/sys/module/ohost_virtio_rpmsg/parameters/busy_poll_us

vrproc_setup

# boot IMAGE WHAT: start the remote with IMAGE; sets $vd, the virtio device
boot() {
	check "start $1 ($2)" sh -c "echo $1 > $rp/firmware && echo start > $rp/state"
	check "demo channel announced ($2)" wait_for 10 has_chan
	vd=$(ls -d "$rp"/*/virtio* | head -n1)
}

stop() { check "stop ($1)" sh -c "echo stop > $rp/state && grep -qx offline $rp/state"; }

hits() { cat "$vd/busy_poll_hits"; }

# einval FILE VALUE: writing VALUE to FILE fails with EINVAL
einval() {
	! sh -c "echo $2 > $1" 2>/tmp/err && grep -q 'Invalid argument' /tmp/err
}

# traffic WHAT: round trips and 1 and 8 in flight, every echo checked
traffic() {
	local rc
	rpmsg-bench --sizes 64,496 --inflight 1,8 --io-uring 0 --mmsg 0 \
		--rtt-count 100 --messages 400 --label "$1" > /tmp/bench.out
	rc=$?
	grep '"test":"rtt"' /tmp/bench.out | sed 's/^/# bench: /'
	check "rpmsg-bench, polling $1: every echo correct" test "$rc" -eq 0
}

# The echo app answers its first peer only: one client per boot.
boot ohost-echo.elf off
check "busy_poll_us is 0 by default" test "$(cat "$vd/busy_poll_us")" = 0
for v in 5001 4294967296 -1 abc ''; do
	check "busy_poll_us '$v': EINVAL" einval "$vd/busy_poll_us" "$v"
done
check "busy_poll_us 5000 accepted" sh -c "echo 5000 > $vd/busy_poll_us"
check "... and refused values change nothing" \
	sh -c "! echo 5001 > $vd/busy_poll_us; test \$(cat $vd/busy_poll_us) = 5000"
check "busy_poll_us 0 accepted" sh -c "echo 0 > $vd/busy_poll_us"
check_fails "busy_poll_hits is read-only" sh -c "echo 1 > $vd/busy_poll_hits"
traffic off
echo "# polling hits (off): $(hits)"
check "off: no message found by polling" test "$(hits)" = 0
stop off

check "module default busy_poll_us 5001: EINVAL" einval "$param" 5001
check "module default busy_poll_us 5000" sh -c "echo 5000 > $param"
boot ohost-echo.elf on
check "a new device takes the module's default" \
	test "$(cat "$vd/busy_poll_us")" = 5000
traffic on
echo "# polling hits (on): $(hits)"
check "on: messages found by polling" test "$(hits)" -gt 0
stop on

boot ohost-echo-evidx.elf "on, EVENT_IDX"
traffic "on, EVENT_IDX"
echo "# polling hits (on, EVENT_IDX): $(hits)"
check "on, EVENT_IDX: messages found by polling" test "$(hits)" -gt 0
rpmsg-bench --sizes 496 --inflight 8 --io-uring 0 --mmsg 0 --rtt-count 10 \
	--messages 1000000 --label stop > /dev/null 2>&1 &
bench=$!
sleep 2
h=$(hits)
stop "in the middle of polled traffic"
echo "# polling hits before the stop: $h"
wait "$bench"
echo "# rpmsg-bench, cut off by the stop: exit $?"

boot ohost-echo.elf "on, after a stop under traffic"
check "echo_test with polling on" timeout 120 echo_test -q -n 1 --no-shutdown
stop "on, after a stop under traffic"
echo 0 > "$param"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
check "rmmod ohost_rpmsg_char" rmmod ohost_rpmsg_char
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
done_testing
