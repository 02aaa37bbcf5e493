# SPDX-License-Identifier: GPL-2.0
# A request outlives the daemon that read it: the virtual remote runs
# ohost-rpc.elf and waits at scanf, i.e. rpmsg-proxyd has read its READ
# request and blocks on its stdin (a FIFO).  The daemon is killed with
# SIGKILL before it answers.  The request must go back to the device's
# queue, so that a second rpmsg-proxyd on the same device serves it and the
# session ends with TERM.  Then the channel goes away under a request in
# flight.  Needs the run's vrprocd daemon.
. /ohost/lib.sh

chan() { has_channel rpmsg-openamp-demo-channel; }

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
[ -e /lib/firmware/ohost-rpc.elf ] || { echo "# no ohost-rpc.elf"; exit 4; }
modprobe ohost_virtio_rpmsg
check "modprobe ohost_rpmsg_proxy" modprobe ohost_rpmsg_proxy
check "modprobe ohost_vrproc devices=$dev" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev" 2>/dev/null)
[ -n "$rp" ] || { not_ok "remoteproc registered"; done_testing; }
trace=/sys/kernel/debug/remoteproc/$(basename "$rp")/trace0

show() {	# show NAME: the daemon's log and console, as comments
	sed "s/^/# $1: /" "/tmp/$1.err"
	tr -d '\r' < "/tmp/$1.out" | sed "s/^/# $1 console: /"
}

mkdir -p /tmp/killroot
echo ohost-rpc.elf > "$rp/firmware"
check "start ohost-rpc.elf" sh -c "echo start > $rp/state"
check "demo channel announced" wait_for 5 chan

# First daemon: its stdin is a FIFO nobody writes to, so it blocks in the
# remote's scanf with the READ request read and unanswered.
rm -f /tmp/first.fifo /tmp/second.fifo
mkfifo /tmp/first.fifo /tmp/second.fifo
exec 7<>/tmp/first.fifo
rpmsg-proxyd --root /tmp/killroot --bind --wait 5 -v <&7 \
	> /tmp/first.out 2> /tmp/first.err &
pid=$!
check "first daemon serving, remote waits at scanf" \
	wait_for 10 grep -q "Enter name" /tmp/first.out
proxy=$(ls -d /dev/rpmsg_proxy* 2>/dev/null | head -n1)
check "proxy device exists ($proxy)" test -c "$proxy"
# The prompt comes before the READ: wait until the daemon, having read
# the request, sleeps in read() on its stdin (arm64 read is syscall 63).
check "first daemon blocked reading its stdin for the remote" \
	wait_for 10 grep -q '^63 0x0 ' "/proc/$pid/syscall"
kill -9 "$pid"
wait "$pid"
rc=$?
exec 7>&-
show first
check "first daemon killed by SIGKILL (exit $rc)" test "$rc" -eq 137
check_fails "first daemon saw no TERM" grep -q "TERM" /tmp/first.err
sysfs=$(ls -d /sys/bus/rpmsg/devices/*/"$(basename "$proxy")" 2>/dev/null)
queued=$(cat "$sysfs/rx_queued" 2>/dev/null)
check "unanswered READ back in the queue (rx_queued $queued)" \
	test "$queued" = 1
check "device can be opened again" sh -c "exec 3< $proxy"

# Second daemon on the same device: it must get the READ again.
exec 8<>/tmp/second.fifo
timeout 20 rpmsg-proxyd --root /tmp/killroot --device "$proxy" -v <&8 \
	> /tmp/second.out 2> /tmp/second.err &
pid=$!
echo Dave >&8
wait "$pid"
rc=$?
exec 8>&-
show second
sed 's/^/# trace0: /' "$trace" 2>/dev/null
check "second daemon: exit 0 on TERM (got $rc)" test "$rc" -eq 0
check_fails "second daemon not refused" grep -qi "busy" /tmp/second.err
check "remote's scanf got the second daemon's line" \
	grep -q "Remote>User name = 'Dave'" /tmp/second.out
check "remote said goodbye" grep -q "going down" /tmp/second.out
check "first daemon printed no more than the prompt" \
	sh -c "! grep -q \"User name\\|going down\" /tmp/first.out"
printf "Remote>User name = 'Dave'\r\n\r\nRemote> Firmware's rpmsg-rpc-channel going down! \r\n" \
	> /tmp/second.expected
check "second daemon's console: exactly the rest of the session" \
	cmp -s /tmp/second.expected /tmp/second.out
check "no stray NUL on the console" \
	sh -c "tr -d '\\000' < /tmp/second.out | cmp -s - /tmp/second.out"
check "remote reports PASS" grep -q "rpc: PASS" "$trace"
check "remote's file written inside the root" test -s /tmp/killroot/remote.file
check "channel destroyed after TERM" wait_for 5 sh -c '! ls /sys/bus/rpmsg/devices/ | grep -q "\.rpmsg-openamp-demo-channel\."'
check "proxy device gone with it" wait_for 5 sh -c '! ls /dev/rpmsg_proxy* >/dev/null 2>&1'
check "stop" sh -c "echo stop > $rp/state"

# The channel goes away under a daemon with a request in flight; then the
# daemon dies.  The request goes back to the queue of a device without a
# channel and is freed with it (KASAN and kmemleak watch on debug).
check "start ohost-rpc.elf again" sh -c "echo start > $rp/state"
check "demo channel announced again" wait_for 5 chan
exec 7<>/tmp/first.fifo
rpmsg-proxyd --root /tmp/killroot --bind --wait 5 -v <&7 \
	> /tmp/third.out 2> /tmp/third.err &
pid=$!
check "third daemon serving, remote waits at scanf" \
	wait_for 10 grep -q "Enter name" /tmp/third.out
check "third daemon blocked reading its stdin for the remote" \
	wait_for 10 grep -q '^63 0x0 ' "/proc/$pid/syscall"
check "stop the remote under the request in flight" \
	sh -c "echo stop > $rp/state"
check "proxy device gone under the open file" \
	wait_for 5 sh -c '! ls /dev/rpmsg_proxy* >/dev/null 2>&1'
kill -9 "$pid"
wait "$pid"
rc=$?
exec 7>&-
show third
check "third daemon killed by SIGKILL (exit $rc)" test "$rc" -eq 137
check "rmmod ohost_vrproc" rmmod ohost_vrproc
check "rmmod ohost_rpmsg_proxy" rmmod ohost_rpmsg_proxy
done_testing
