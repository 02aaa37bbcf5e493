# SPDX-License-Identifier: GPL-2.0
# Soak, part 1: soak_cycles (default 1000) stop/start cycles of the
# virtual remote with the echo firmware, one echo_test round (472 payloads,
# each checked) in every cycle.  Memory before and after (kmemleak, slab,
# modules) as comments; fails on a leak or unreclaimable slab growth
# beyond the bound below.  Parameters from the kernel command line (the
# run's APPEND=): soak_cycles=N.
. /ohost/lib.sh

cycles=$(soak_param soak_cycles 1000)
echo "# soak: $cycles cycles"

# Warm-up: one of everything, so that caches created on first use (slab
# caches, kmalloc slabs, lockdep classes) belong to the baseline.
vrproc_up && fw_up ohost-echo.elf && traffic_echo 1
check "warm-up: echo firmware and one echo_test round" test $? -eq 0
check "warm-up: unloaded" vrproc_down
kmemleak_scan start
mem_snapshot start

check "rpmsg stack and virtual remote up" vrproc_up
t0=$(now_s)
fail=
i=0
while [ $i -lt "$cycles" ]; do
	i=$((i + 1))
	echo start > "$rp/state" || { fail="start $i"; break; }
	wait_for 10 has_channel rpmsg-openamp-demo-channel || { fail="channel $i"; break; }
	traffic_echo 1 || { fail="echo $i: $(tail -n1 /tmp/echo.out)"; break; }
	echo stop > "$rp/state" || { fail="stop $i"; break; }
	grep -qx offline "$rp/state" || { fail="offline $i"; break; }
	[ $((i % 100)) = 0 ] && echo "# $i cycles, $(($(now_s) - t0)) s"
	# Only the latest cycle's kernel messages stay (a failure shows
	# them); reports reach the console as they happen (loglevel 5).
	dmesg -c > /dev/null
done
echo "# $i cycles in $(($(now_s) - t0)) s${fail:+, first failure: $fail}"
check "$cycles stop/start cycles, $cycles echo_test rounds ($((cycles * 472)) payloads) verified" \
	test -z "$fail"
check "unloaded" vrproc_down
soak_memory_verdict
done_testing
