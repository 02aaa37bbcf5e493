# SPDX-License-Identifier: GPL-2.0
# A hostile remote (vrprocd --inject bad-len --inject ns-no-nul
# --inject ns-flood=N): used lengths beyond the buffer are ignored (the
# header's length counts), a name-service message without NUL is dropped
# with a rate-limited report, and a name-service flood stops at
# ohost_virtio_rpmsg.max_channels.  The kernel must report no WARN/BUG.
. /ohost/lib.sh

has_chan() { has_channel rpmsg-openamp-demo-channel; }

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_virtio_rpmsg max_channels=16
modprobe ohost_rpmsg_char
modprobe ohost_vrproc devices="$dev" 2>/dev/null
rp=$(rproc_of "$dev" 2>/dev/null)
[ -n "$rp" ] || { echo "# no remoteproc on $dev"; exit 4; }

dmesg -c >/dev/null
echo ohost-echo.elf > "$rp/firmware"
check "start" sh -c "echo start > $rp/state"
# the flood comes before the demo channel, which may then be refused
wait_for 5 sh -c "dmesg | grep -q 'max_channels (16) reached'"
n=$(ls /sys/bus/rpmsg/devices/ | grep -c '^virtio0\.')
echo "# $n rpmsg devices on virtio0"
check "channels capped: $n <= 16 + rpmsg_ctrl" test "$n" -le 17
check "flood refusal reported" sh -c "dmesg | grep -q 'max_channels (16) reached'"
check "name service message without NUL dropped" \
	sh -c "dmesg | grep -q 'name service: malformed message'"

echo 64 > /sys/module/ohost_virtio_rpmsg/parameters/max_channels
echo stop > "$rp/state"
check "stop with a flood of channels" grep -qx offline "$rp/state"
check "no channel left" sh -c '! ls /sys/bus/rpmsg/devices | grep -q "^virtio0\.rpmsg-flood"'

# With room for every channel, the demo channel comes up and works even
# though the remote lies about used lengths.
check "start again, room for all" sh -c "echo start > $rp/state"
check "demo channel announced" wait_for 10 has_chan
check "echo_test with a lying remote" echo_test -q -n 1 --no-shutdown
echo stop > "$rp/state"
rmmod ohost_vrproc
rmmod ohost_rpmsg_char
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
done_testing
