# SPDX-License-Identifier: GPL-2.0
# make bench's latency under load (tools/bench/bench.py, --hog): 64-byte
# round trips through /dev/rpmsgN (rpmsg-bench, this project's stack)
# with the guest idle ("idle"), with a busy loop on every CPU ("hog"),
# and with the busy loops while the RX thread runs SCHED_FIFO 50
# (rx_priority=50; rpmsg-bench itself stays at nice 0: the initramfs's
# busybox has neither nice nor chrt) ("hog-prio").  The busy
# loops run at nice 0 and are killed after each measurement, and at the
# latest after HOG_SECONDS by timeout.  Every echo is checked; the times
# are printed (# bench: JSON lines), not judged.
. /ohost/lib.sh

HOG_SECONDS=120
param=/sys/module/ohost_virtio_rpmsg/parameters/rx_priority
hogs=

vrproc_setup

# hog_start: one busy loop per CPU, bounded in time
hog_start() {
	local i=0
	while [ "$i" -lt "$(nproc)" ]; do
		timeout -s KILL "$HOG_SECONDS" sh -c 'while :; do :; done' &
		hogs="$hogs $!"
		i=$((i + 1))
	done
	sleep 1	# let them take the CPUs
}

hog_stop() {
	# shellcheck disable=SC2086
	[ -z "$hogs" ] || kill -KILL $hogs 2>/dev/null
	wait
	hogs=
}

# measure LABEL: boot the echo firmware, 1000 round trips of 64 bytes, stop
measure() {
	local label=$1 rc
	check "start ($label)" sh -c "echo ohost-echo.elf > $rp/firmware && echo start > $rp/state"
	check "demo channel announced ($label)" \
		wait_for 10 has_channel rpmsg-openamp-demo-channel
	rpmsg-bench --sizes 64 --inflight 1 --messages 50 --io-uring 0 \
		--mmsg 0 --rtt-count 1000 --label "$label" > /tmp/bench.out
	rc=$?
	grep '"test":"rtt"' /tmp/bench.out | sed 's/^/# bench: /'
	check "rpmsg-bench ($label): every echo correct" test "$rc" -eq 0
	check "stop ($label)" sh -c "echo stop > $rp/state && grep -qx offline $rp/state"
}

echo "# kernel $(uname -r) $(uname -v), $(nproc) CPUs"
measure idle
hog_start
measure hog
hog_stop

echo 50 > "$param"
hog_start
measure hog-prio
hog_stop
echo 0 > "$param"

done_testing
