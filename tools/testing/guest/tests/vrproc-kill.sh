# SPDX-License-Identifier: GPL-2.0
# Virtual remote processor: the daemon dies in the middle of echo traffic
# (vrprocd --inject die-after=N).  Linux must not hang: the echo test
# fails in bounded time and stop completes.
#  - run vrproc-kill: no new daemon; start then fails with a clear error.
#  - run vrproc-restart: the harness restarts the daemon, which takes the
#    QEMU connection over from its keeper; Linux sees the new session,
#    reports a crash, the core recovers, and echo works again.
. /ohost/lib.sh

chan() { has_channel rpmsg-openamp-demo-channel; }
now() { cut -d. -f1 /proc/uptime; }
restarted() { kmsg | grep -q "$name: daemon restarted under a running remote"; }
recovered() { kmsg | grep -q "$name: remote processor .* is now up" && chan; }

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev")
name=$(basename "$rp")

echo ohost-echo.elf > "$rp/firmware"
check "start echo firmware" sh -c "echo start > $rp/state"
check "channel announced" wait_for 5 chan
dmesg -c > /dev/null
# echo_test waits -t ms for each echo and goes on with the next payload,
# so bound it: it must not succeed, and Linux must not wedge meanwhile.
check_fails "echo_test fails once the daemon is gone" \
	timeout 10 echo_test -q -n 1 -t 500 --no-shutdown

if wait_for 10 restarted; then
	ok "new daemon session noticed under the running remote"
	check "recovered: up again, channel back" wait_for 10 recovered
	check "state running" grep -qx running "$rp/state"
	check "echo_test with the new daemon" echo_test -q -n 1 -t 10000
	check "stop" sh -c "echo stop > $rp/state"
	check "start again" sh -c "echo start > $rp/state"
	check "echo_test again" echo_test -q -n 1 -t 10000
	check "stop again" sh -c "echo stop > $rp/state"
else
	t0=$(now)
	check "stop completes without the daemon" sh -c "echo stop > $rp/state"
	t1=$(now)
	[ $((t1 - t0)) -le 10 ] && ok "stop took $((t1 - t0)) s" ||
		not_ok "stop took $((t1 - t0)) s"
	check "state offline" grep -qx offline "$rp/state"
	check_fails "channel gone" chan
	check_fails "start without a daemon fails" sh -c "echo start > $rp/state"
	check "state offline" grep -qx offline "$rp/state"
	if kmsg | grep "$name" | grep -q "did not acknowledge\|not ready\|no remote"; then
		ok "the log says the remote does not answer"
	else
		not_ok "no clear error in the log"
	fi
fi
kmsg | grep "$name" | sed 's/^/# /'
check "rmmod ohost_vrproc" rmmod ohost_vrproc
done_testing
