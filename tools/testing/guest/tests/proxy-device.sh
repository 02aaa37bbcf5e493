# SPDX-License-Identifier: GPL-2.0
# /dev/rpmsg_proxyN (ohost_rpmsg_proxy) against the virtual remote's echo
# app: binding through driver_override, the first message, ioctls,
# message boundaries, EMSGSIZE, poll, O_NONBLOCK, exclusive open, the
# bounded receive queue, and the channel going away under an open file.
# Needs the run's vrprocd daemon and proxy-devtest (built by
# tools/testing/proxy/run.sh).
. /ohost/lib.sh

chan() { ls /sys/bus/rpmsg/devices/ | grep 'rpmsg-openamp-demo-channel'; }

# Bind the demo channel to the proxy driver, as a user (or rpmsg-proxyd -b)
# would: the driver does not claim that channel name by itself.
bind_proxy() {
	local ch
	ch=$(chan) || return 1
	echo ohost_rpmsg_proxy > "/sys/bus/rpmsg/devices/$ch/driver_override" &&
	echo "$ch" > /sys/bus/rpmsg/drivers/ohost_rpmsg_proxy/bind
}

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
command -v proxy-devtest >/dev/null || { echo "# proxy-devtest not built"; exit 4; }
modprobe ohost_virtio_rpmsg
check "modprobe ohost_rpmsg_proxy" modprobe ohost_rpmsg_proxy
check "driver registered" test -d /sys/bus/rpmsg/drivers/ohost_rpmsg_proxy
check "modprobe ohost_vrproc devices=$dev" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev" 2>/dev/null)
[ -n "$rp" ] || { not_ok "remoteproc registered"; done_testing; }

echo ohost-echo.elf > "$rp/firmware"
check "start ohost-echo.elf" sh -c "echo start > $rp/state"
check "demo channel announced" wait_for 5 chan
ch=$(chan)
check_fails "demo channel not bound by the id table" \
	test -e "/sys/bus/rpmsg/devices/$ch/driver"
check "bind through driver_override" bind_proxy
check "/dev/rpmsg_proxy0 appears" wait_for 5 test -c /dev/rpmsg_proxy0
check "device under its channel" test -d "/sys/bus/rpmsg/devices/$ch/rpmsg_proxy0"

proxy-devtest basic /dev/rpmsg_proxy0 > /tmp/devtest.out 2>&1
rc=$?
while IFS= read -r line; do
	case "$line" in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) not_ok "${line#not ok - }" ;;
	*) echo "# $line" ;;
	esac
done < /tmp/devtest.out
[ $rc -eq 0 ] || not_ok "proxy-devtest basic exit $rc"
check "flood reported in the kernel log" \
	sh -c 'dmesg | grep -q "receive queue full"'

# The channel goes away while a process holds the device (and another one
# sleeps in read()): both get EPIPE, and nothing is used after free.
rm -f /tmp/ready
proxy-devtest gone /dev/rpmsg_proxy0 /tmp/ready > /tmp/gone.out 2>&1 &
pid=$!
check "holder ready" wait_for 10 test -e /tmp/ready
check "stop the remote under the open file" sh -c "echo stop > $rp/state"
wait $pid
rc=$?
while IFS= read -r line; do
	case "$line" in
	"ok - "*) ok "gone: ${line#ok - }" ;;
	"not ok - "*) not_ok "gone: ${line#not ok - }" ;;
	*) echo "# $line" ;;
	esac
done < /tmp/gone.out
[ $rc -eq 0 ] || not_ok "proxy-devtest gone exit $rc"

# A new channel after a restart gets a device again.
check "start again" sh -c "echo start > $rp/state"
check "channel back" wait_for 5 chan
check "bind again" bind_proxy
check "device back" wait_for 5 sh -c 'ls /dev/rpmsg_proxy* >/dev/null 2>&1'
check "stop" sh -c "echo stop > $rp/state"
check "device gone with the channel" wait_for 5 sh -c '! ls /dev/rpmsg_proxy* >/dev/null 2>&1'
check "rmmod ohost_vrproc" rmmod ohost_vrproc
check "rmmod ohost_rpmsg_proxy" rmmod ohost_rpmsg_proxy
done_testing
