# SPDX-License-Identifier: GPL-2.0
# Virtual remote processor: the daemon dies in the middle of echo traffic
# (run vrproc-kill: vrprocd --inject die-after=N).  Linux must not hang:
# the echo test fails in bounded time, stop completes and leaves the
# remote offline, a start without a daemon fails with a clear error.
# QEMU 7.2's ivshmem cannot reconnect to a restarted server, so the run
# keeps the daemon dead; should a daemon answer again (a future QEMU), the
# remote must start and echo.
. /ohost/lib.sh

ivshmem_dev() {
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor")" = 0x1af4 ] &&
		[ "$(cat "$d/device")" = 0x1110 ] && basename "$d" && return 0
	done
	return 1
}
chan() { ls /sys/bus/rpmsg/devices/ | grep -q 'rpmsg-openamp-demo-channel'; }
now() { cut -d. -f1 /proc/uptime; }

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
rp=$(ls -d /sys/bus/pci/devices/"$dev"/remoteproc/remoteproc* | head -n1)
name=$(basename "$rp")

echo ohost-echo.elf > "$rp/firmware"
check "start echo firmware" sh -c "echo start > $rp/state"
check "channel announced" wait_for 5 chan
# echo_test waits -t ms for each echo and goes on with the next payload,
# so bound it: it must not succeed, and Linux must not wedge meanwhile.
check_fails "echo_test fails once the daemon is gone" \
	timeout 10 echo_test -q -n 1 -t 500 --no-shutdown

dmesg -c > /dev/null
t0=$(now)
check "stop completes without the daemon" sh -c "echo stop > $rp/state"
t1=$(now)
[ $((t1 - t0)) -le 10 ] && ok "stop took $((t1 - t0)) s" ||
	not_ok "stop took $((t1 - t0)) s"
check "state offline" grep -qx offline "$rp/state"
kmsg | grep "$name" | sed 's/^/# /'
check_fails "channel gone" chan

# Without a daemon, start fails with a clear error.
if sh -c "echo start > $rp/state"; then
	ok "start with a restarted daemon"
	check "running" grep -qx running "$rp/state"
	check "channel back" wait_for 5 chan
	check "echo_test with the new daemon" echo_test -q -n 1 -t 2000
	check "stop" sh -c "echo stop > $rp/state"
else
	kmsg | grep "$name" | tail -n 3 | sed 's/^/# /'
	check "start without a daemon fails, state offline" grep -qx offline "$rp/state"
	if kmsg | grep "$name" | grep -q "did not acknowledge\|not ready\|no remote"; then
		ok "the log says the remote does not answer"
	else
		not_ok "no clear error in the log"
	fi
fi
check "rmmod ohost_vrproc" rmmod ohost_vrproc
done_testing
