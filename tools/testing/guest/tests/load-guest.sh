# SPDX-License-Identifier: GPL-2.0
# Echo, matrix and proxy traffic while the guest's own CPUs are saturated:
# one busy loop per CPU (bounded by timeout) beside the traffic.  Every
# message is checked; a lost one fails.  /proc/stat and each hog's CPU
# time prove the hogs ran.  The worst round trip is printed, not judged.
# About 30 s on a stock kernel.
. /ohost/lib.sh

vrproc_up || { not_ok "rpmsg stack and virtual remote up"; done_testing; }
ok "rpmsg stack and virtual remote up"
hz=100		# USER_HZ: /proc/stat and /proc/PID/stat count in 10 ms ticks
busy0=$(cpu_busy_ticks)
all0=$(cpu_all_ticks)
t0=$(cut -d' ' -f1 /proc/uptime)
hog_start 240
load_traffic
t1=$(cut -d' ' -f1 /proc/uptime)
busy1=$(cpu_busy_ticks)
all1=$(cpu_all_ticks)
wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 100 }')
n=0
for pid in $hogs; do
	n=$((n + 1))
	ticks=$(proc_ticks "$pid")
	echo "# hog $n (pid $pid): $ticks ticks of CPU in $wall ticks"
	# Two hogs and the traffic share 2 CPUs: each hog gets well over a
	# third; 25% leaves room for the traffic's own share.
	check "hog $n ran beside the traffic (>= 25% of the time)" \
		test $((ticks * 4)) -ge "$wall"
	kill "$pid" 2>/dev/null
done
check "one hog per CPU ($n)" test "$n" -eq "$(grep -c '^processor' /proc/cpuinfo)"
busy=$((busy1 - busy0))
all=$((all1 - all0))
echo "# guest CPUs busy $busy of $all ticks during the traffic (hz $hz)"
check "guest CPUs saturated: idle below 10%" test $((busy * 10)) -ge $((all * 9))
wait
check "stop" sh -c "echo stop > $rp/state"
check "unload" vrproc_down
done_testing
