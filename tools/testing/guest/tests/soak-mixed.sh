# SPDX-License-Identifier: GPL-2.0
# Soak, part 2: soak_minutes (default 30) of mixed traffic in random
# order: echo (echo_test, rpmsg-bench), matrix (mat_mul_demo) and proxy
# (rpmsg-proxyd with ohost-rpc.elf) sessions, a simulated crash under
# echo traffic (remoteproc debugfs: recovery), and unloading the remote's
# driver under echo traffic, then reloading everything.  Meanwhile the
# run's daemon (tools/testing/load/kill-vrprocd) kills vrprocd at random
# and a new one takes over: Linux recovers the remote.
#
# A traffic session may fail only when the remote died under it (the
# kernel logged "daemon restarted under a running remote", or a START or
# STOP the daemon did not acknowledge, during it); any other failure
# fails the test.  Memory before and after as in
# soak-cycles.  Parameters from the kernel command line (the run's
# APPEND=): soak_minutes=N.
. /ohost/lib.sh

minutes=$(soak_param soak_minutes 30)
echo "# soak: $minutes minutes of mixed traffic"

vrproc_up && fw_up ohost-echo.elf && traffic_echo 1 &&
	fw_up ohost-matrix.elf && traffic_matrix 5 &&
	fw_up ohost-rpc.elf && traffic_proxy Ada
check "warm-up: echo, matrix and proxy once" test $? -eq 0
check "warm-up: unloaded" vrproc_down
kmemleak_scan start
mem_snapshot start
check "rpmsg stack and virtual remote up" vrproc_up

crashfile() { echo "/sys/kernel/debug/remoteproc/$(basename "$rp")/crash"; }
up_with_chan() {
	grep -qx running "$rp/state" && has_channel rpmsg-openamp-demo-channel
}

# crash_under_echo: echo traffic, a simulated watchdog crash in the middle;
# the core recovers the remote, then a fresh echo round must pass.
crash_under_echo() {
	fw_up ohost-echo.elf || return 1
	echo_test -q -n 3 -t 10000 --no-shutdown > /tmp/bg.out 2>&1 &
	sleep 1
	echo 1 > "$(crashfile)" || return 1	# RPROC_WATCHDOG
	wait
	wait_for 20 up_with_chan || return 1
	# a new boot of the remote: the next client is its first peer
	traffic_echo 1
}

# unload_under_echo: rmmod the remote's driver while echo traffic runs,
# then unload and reload the whole stack.
unload_under_echo() {
	fw_up ohost-echo.elf || return 1
	echo_test -q -n 3 -t 10000 --no-shutdown > /tmp/bg.out 2>&1 &
	sleep 1
	rmmod ohost_vrproc || return 1
	wait
	vrproc_down && vrproc_up
}

# session ACTION: one traffic session of kind ACTION.
session() {
	case $1 in
	echo) fw_up ohost-echo.elf && traffic_echo 1 ;;
	bench) fw_up ohost-echo.elf && traffic_bench ;;
	matrix) fw_up ohost-matrix.elf && traffic_matrix 20 ;;
	proxy) fw_up ohost-rpc.elf && traffic_proxy Ada ;;
	crash) crash_under_echo ;;
	unload) unload_under_echo ;;
	esac
}

died="daemon restarted under a running remote\|did not acknowledge\|did not stop cleanly\|no remote"
actions="echo bench matrix proxy echo matrix proxy crash unload"
nactions=$(echo "$actions" | wc -w)
t0=$(now_s)
end=$((t0 + minutes * 60))
n=0 failed=0 excused=0 kills=0 worst=0
: > /tmp/tally
while [ "$(now_s)" -lt "$end" ]; do
	n=$((n + 1))
	rnd=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	a=$(echo "$actions" | cut -d' ' -f$((rnd % nactions + 1)))
	dmesg -c > /dev/null
	ts=$(now_s)
	session "$a"
	rc=$?
	dt=$(($(now_s) - ts))
	[ "$dt" -gt "$worst" ] && worst=$dt
	# The remote died under this session when the driver saw a new daemon.
	# (or died during a START or STOP: not acknowledged, no remote).
	killed=0
	dmesg | grep -q "$died" && killed=1
	kills=$((kills + killed))
	if [ $rc -eq 0 ]; then
		echo "$a ok" >> /tmp/tally
		continue
	fi
	if [ $killed -eq 1 ]; then
		excused=$((excused + 1))
		echo "# session $n ($a): failed, the remote died under it: recovering"
		echo "$a excused" >> /tmp/tally
	else
		failed=$((failed + 1))
		echo "# session $n ($a): FAILED (rc $rc)"
		dmesg | sed 's/^/# kmsg: /' | tail -n 20
		tail -n 3 /tmp/*.out /tmp/*.err 2>/dev/null | sed 's/^/# /'
		echo "$a failed" >> /tmp/tally
	fi
	# Back to a known state: the stack reloaded (a failed session may
	# have left the remote anywhere).
	vrproc_down; vrproc_up || { not_ok "reload after session $n"; break; }
done
echo "# $n sessions in $(($(now_s) - t0)) s; longest $worst s"
sort /tmp/tally | uniq -c | sed 's/^ */# sessions: /'
echo "# the remote died (vrprocd killed) during $kills sessions; the run's log counts every kill"
check "every session passed, or the remote died under it ($failed failed, $excused excused)" \
	test "$failed" -eq 0
check "traffic flowed: at least $((nactions)) sessions passed" \
	test "$(grep -c ' ok$' /tmp/tally)" -ge "$nactions"
check "unloaded" vrproc_down
soak_memory_verdict
done_testing
