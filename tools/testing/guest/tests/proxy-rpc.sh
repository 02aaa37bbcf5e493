# SPDX-License-Identifier: GPL-2.0
# End to end: the virtual remote runs ohost-rpc.elf (what OpenAMP's
# rpc_demo does through rpmsg_retarget) and rpmsg-proxyd serves it over
# /dev/rpmsg_proxyN: the remote writes a file, reads it back, prints to the
# console, reads a line from it, fails to escape the root, sends TERM.
# Needs the run's vrprocd daemon.
. /ohost/lib.sh

chan() { has_channel rpmsg-openamp-demo-channel; }
TEXT="This is a test string being written to file.."

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
[ -e /lib/firmware/ohost-rpc.elf ] || { echo "# no ohost-rpc.elf"; exit 4; }
modprobe ohost_virtio_rpmsg
check "modprobe ohost_rpmsg_proxy" modprobe ohost_rpmsg_proxy
check "modprobe ohost_vrproc devices=$dev" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev" 2>/dev/null)
[ -n "$rp" ] || { not_ok "remoteproc registered"; done_testing; }
trace=/sys/kernel/debug/remoteproc/$(basename "$rp")/trace0

run_rpc() {	# run_rpc ROOT INPUT: serve one rpc session
	echo ohost-rpc.elf > "$rp/firmware"
	check "start ohost-rpc.elf" sh -c "echo start > $rp/state"
	check "demo channel announced" wait_for 5 chan
	echo "$2" | timeout 60 rpmsg-proxyd --root "$1" --bind --wait 5 -v \
		> /tmp/console.out 2> /tmp/proxyd.err
	rc=$?
	sed 's/^/# proxyd: /' /tmp/proxyd.err
	tr -d '\r' < /tmp/console.out | sed 's/^/# console: /'
	sed 's/^/# trace0: /' "$trace" 2>/dev/null
}

mkdir -p /tmp/rpcroot/sub
run_rpc /tmp/rpcroot "Alice"
check "rpmsg-proxyd exits 0 on TERM (exit $rc)" test "$rc" -eq 0
check "remote.file written inside the root" \
	sh -c "[ \"\$(cat /tmp/rpcroot/remote.file)\" = \"$TEXT\" ]"
check "remote's printf reached the console" \
	grep -q "Remote>Rpmsg based retargetting to proxy initialized" /tmp/console.out
check "remote's scanf read the console line" \
	grep -q "Remote>User name = 'Alice'" /tmp/console.out
check "remote read the file back and compared" \
	grep -q "contents match" /tmp/console.out
check "no stray NUL on the console" \
	sh -c "tr -d '\\000' < /tmp/console.out | cmp -s - /tmp/console.out"
check "escape attempt refused and logged" grep -q 'rpc-escape.file" refused' /tmp/proxyd.err
check_fails "nothing created outside the root" test -e /tmp/rpc-escape.file
check "remote reports PASS" grep -q "rpc: PASS" "$trace"
check "channel destroyed after TERM" wait_for 5 sh -c '! ls /sys/bus/rpmsg/devices/ | grep -q "\.rpmsg-openamp-demo-channel\."'
check "proxy device gone with it" wait_for 5 sh -c '! ls /dev/rpmsg_proxy* >/dev/null 2>&1'
check "stop" sh -c "echo stop > $rp/state"

# Second boot of the remote: a new channel, a new session, appending.
run_rpc /tmp/rpcroot "Bob"
check "second session: exit 0" test "$rc" -eq 0
check "second session: console" grep -q "User name = 'Bob'" /tmp/console.out
check "second session: file appended" \
	sh -c "[ \"\$(cat /tmp/rpcroot/remote.file)\" = \"$TEXT$TEXT\" ]"
check "stop again" sh -c "echo stop > $rp/state"

# A channel named "rpmsg-proxy" is bound by the driver's id table, and the
# daemon finds /dev/rpmsg_proxyN by itself.  While it serves, a second
# daemon is turned away with a clear error.
pchan() { has_channel rpmsg-proxy; }
mkdir -p /tmp/rpcroot2
echo ohost-rpc-proxy.elf > "$rp/firmware"
check "start ohost-rpc-proxy.elf" sh -c "echo start > $rp/state"
check "rpmsg-proxy channel announced" wait_for 5 pchan
check "bound by the id table: /dev/rpmsg_proxy0" wait_for 5 test -c /dev/rpmsg_proxy0
rm -f /tmp/stdin.fifo
mkfifo /tmp/stdin.fifo
exec 7<>/tmp/stdin.fifo
rpmsg-proxyd --root /tmp/rpcroot2 --wait 5 -v <&7 > /tmp/console.out 2> /tmp/proxyd.err &
pid=$!
check "first daemon serving, remote waits at scanf" \
	wait_for 10 grep -q "Enter name" /tmp/console.out
rpmsg-proxyd --root /tmp/rpcroot2 --device /dev/rpmsg_proxy0 2> /tmp/second.err
rc=$?
sed 's/^/# second: /' /tmp/second.err
check "second daemon on the same device: exit 3 (got $rc)" test "$rc" -eq 3
check "second daemon says the device is busy" grep -qi "busy" /tmp/second.err
rpmsg-proxyd --root /tmp/rpcroot2 2> /tmp/third.err
rc=$?
check "auto-discovery finds no free device: exit 3 (got $rc)" test "$rc" -eq 3
echo Carol >&7
wait $pid
rc=$?
exec 7>&-
sed 's/^/# proxyd: /' /tmp/proxyd.err
tr -d '\r' < /tmp/console.out | sed 's/^/# console: /'
check "first daemon: exit 0 on TERM (got $rc)" test "$rc" -eq 0
check "console line reached the remote" grep -q "User name = 'Carol'" /tmp/console.out
check "file written in the second root" test -s /tmp/rpcroot2/remote.file
check "remote reports PASS (rpmsg-proxy)" grep -q "rpc: PASS" "$trace"
check "rpmsg-proxy channel destroyed after TERM" wait_for 5 sh -c '! ls /sys/bus/rpmsg/devices/ | grep -q "\.rpmsg-proxy\."'
check "stop" sh -c "echo stop > $rp/state"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
check "rmmod ohost_rpmsg_proxy" rmmod ohost_rpmsg_proxy
done_testing
