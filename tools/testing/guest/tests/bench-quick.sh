# SPDX-License-Identifier: GPL-2.0
# rpmsg-bench --quick (the program of make bench) on this project's stack:
# round trips, 1..128 messages in flight and io_uring batches at every
# size, every echoed byte checked; the numbers are not judged, except the
# allocations per message.
. /ohost/lib.sh

if bench_up; then ok "echo firmware up"; else not_ok "echo firmware up"; done_testing; fi
check "this project's transport" test "$(bench_stack)" = project
rpmsg-bench --quick --label quick > /tmp/bench.out
rc=$?
sed 's/^/# bench: /' /tmp/bench.out
check "rpmsg-bench --quick: every echo correct" test "$rc" -eq 0
check "one JSON line per measurement (4 sizes x 7)" \
	test "$(grep -c '^{"label":"quick"' /tmp/bench.out)" -eq 28
check "io_uring batches of 32 at every size" \
	test "$(grep -c '"test":"uring".*"inflight":32' /tmp/bench.out)" -eq 4
check "SEND_MMSG/RECV_MMSG batches of 32 at every size" \
	test "$(grep -c '"test":"mmsg".*"inflight":32' /tmp/bench.out)" -eq 4
# No allocation per message once traffic flows (TX into the file's own
# buffer, RX buffers reused): every kmalloc and kmem_cache_alloc in the
# guest counts, so the bound leaves room only for the background and the
# first buffers of a run.  The old path took 3 (TX copy, skb head, data).
kicks=/sys/kernel/debug/remoteproc/$(basename "$rp")/kicks
if rpmsg-bench --allocs --kicks "$kicks" --label allocs --sizes 1,496 \
	--inflight 1,32 --io-uring 0 --rtt-count 300 --messages 2000 \
	> /tmp/allocs.out; then
	sed 's/^/# allocs: /' /tmp/allocs.out
	check "allocations counted: one line per measurement (2 sizes x 4)" \
		test "$(grep -c '"allocs_per_msg":' /tmp/allocs.out)" -eq 8
	worst=$(sed -n 's/.*"allocs_per_msg":\([0-9.]*\).*/\1/p' /tmp/allocs.out |
		sort -n | tail -1)
	echo "# most allocations per message: $worst"
	check "at most 0.1 allocations per message (worst: $worst)" \
		awk -v w="$worst" 'BEGIN { exit !(w != "" && w <= 0.1) }'
	# the doorbell to the remote rings while messages flow
	kicked=$(sed -n 's/.*"kicks_per_msg":\([0-9.]*\).*/\1/p' /tmp/allocs.out |
		awk '$1 > 0' | wc -l)
	check "host kicks counted: above 0 in $kicked of 8 measurements" \
		test "$kicked" -eq 8
else
	not_ok "rpmsg-bench --allocs"
fi
# make bench's in-kernel client on a fresh start (the echo goes to the
# first peer): every echo checked in the kernel, a wrong one fails the run.
echo stop > "$rp/state"
echo start > "$rp/state" && wait_for 5 has_channel rpmsg-openamp-demo-channel
check "ohost_rpmsg_kbench bound to the demo channel" kbench_bind
for args in "1 1 50" "496 1 50" "496 32 200" "64 128 300"; do
	out=$(kbench_run $args)
	echo "# kbench $args: $out"
	check "kbench (size inflight count) $args: every echo correct" \
		sh -c "echo '$out' | grep -q '\"test\":\"kernel\"'"
done
check_fails "kbench refuses a size over the MTU (496)" \
	sh -c "echo '497 1 1' > $kb/kbench_run"
check "rpmsg-bench --help" sh -c 'rpmsg-bench --help | grep -q "^usage:"'
check "rpmsg-bench: a --kicks file without a counter is a setup failure (exit 3)" \
	sh -c 'rpmsg-bench --kicks /proc/version 2>/dev/null; test $? -eq 3'
check "rpmsg-bench refuses a size over 65520 (exit 2)" \
	sh -c 'rpmsg-bench --sizes 65521 2>/dev/null; test $? -eq 2'
check "remote stops" sh -c "echo stop > $rp/state"
done_testing
