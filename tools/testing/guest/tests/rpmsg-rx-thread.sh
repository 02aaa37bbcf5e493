# SPDX-License-Identifier: GPL-2.0
# The RX thread of each virtio-rpmsg device (ohost-rpmsg/N for virtioN)
# and its scheduling, the rx_priority parameter: by default SCHED_NORMAL
# at nice -20; rx_priority=50 gives the next device's thread SCHED_FIFO 50
# (read from /proc/PID/stat: nice, rt_priority and policy); values out of
# 0..99 are refused with EINVAL.  Received messages are handled in that
# thread (it switches context with echo traffic), and it ends with its
# device.  About 20 s.
. /ohost/lib.sh

param=/sys/module/ohost_virtio_rpmsg/parameters/rx_priority

vrproc_setup

# boot WHAT: start the echo firmware; sets $vd (virtio device), $pid (its
# RX thread) and $stat (/proc/$pid/stat, the fields past the comm)
boot() {
	check "start ($1)" sh -c "echo ohost-echo.elf > $rp/firmware && echo start > $rp/state"
	check "demo channel announced ($1)" \
		wait_for 10 has_channel rpmsg-openamp-demo-channel
	vd=$(basename "$(ls -d "$rp"/*/virtio* | head -n1)")
	pid=$(rx_thread "${vd#virtio}")
	check "RX thread ohost-rpmsg/${vd#virtio} of $vd exists ($1)" test -n "$pid"
	stat=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null)
	echo "# $vd: RX thread $pid: nice $(field 19), rt_priority $(field 40), policy $(field 41)"
}

# rx_thread N: pid of the kernel thread ohost-rpmsg/N, if any
rx_thread() {
	local f
	for f in /proc/[0-9]*/comm; do
		[ "$(cat "$f" 2>/dev/null)" = "ohost-rpmsg/$1" ] &&
			{ f=${f%/comm}; echo "${f#/proc/}"; return 0; }
	done
	return 1
}

# field N: field N of /proc/PID/stat counted from the state (field 3)
field() { echo "$stat" | cut -d' ' -f"$(($1 - 2))"; }

switches() { sed -n 's/^voluntary_ctxt_switches:[[:space:]]*//p' "/proc/$pid/status"; }

# echo_in_thread WHAT: echo traffic, and the RX thread ran for it
echo_in_thread() {
	local before
	before=$(switches)
	check "echo_test ($1)" echo_test -q -n 1
	check "the RX thread handled it ($1: $before -> $(switches) switches)" \
		test "$(switches)" -gt "$((before + 10))"
}

stop() {
	check "stop ($1)" sh -c "echo stop > $rp/state && grep -qx offline $rp/state"
	check "its RX thread ended ($1)" wait_for 5 sh -c "! test -e /proc/$pid/stat"
}

einval() { ! sh -c "echo $1 > $param" 2>/tmp/err && grep -q 'Invalid argument' /tmp/err; }

check "rx_priority is 0 by default" test "$(cat $param)" = 0
boot default
check "default: SCHED_NORMAL (policy 0)" test "$(field 41)" = 0
check "default: nice -20" test "$(field 19)" = -20
echo_in_thread default
stop default

for v in 100 -1 abc ''; do
	check "rx_priority '$v': EINVAL" einval "$v"
done
check "rx_priority 50 accepted" sh -c "echo 50 > $param"
check "... refused values change nothing" \
	sh -c "! echo 100 > $param 2>/dev/null; test \$(cat $param) = 50"
boot "rx_priority 50"
check "rx_priority 50: SCHED_FIFO (policy 1)" test "$(field 41)" = 1
check "rx_priority 50: rt_priority 50" test "$(field 40)" = 50
echo_in_thread "rx_priority 50"
stop "rx_priority 50"

check "rx_priority 0 again" sh -c "echo 0 > $param"
boot "rx_priority 0"
check "rx_priority 0: SCHED_NORMAL again" test "$(field 41)" = 0
stop "rx_priority 0"

done_testing
