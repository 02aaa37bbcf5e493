# SPDX-License-Identifier: GPL-2.0
# End to end on the virtual remote processor (needs the run's vrprocd):
# the OpenAMP demo flow of openamp-system-reference (driver_override + bind,
# rpmsg_ctrl endpoint, echo_test and mat_mul_demo), a channel removed under
# an open file, and remoteproc stop/start cycles.
. /ohost/lib.sh

chan() { ls /sys/bus/rpmsg/devices/ | grep '\.rpmsg-openamp-demo-channel\.'; }
has_chan() { chan >/dev/null; }

# rp_boot FIRMWARE: (re)start the remote with FIRMWARE, wait for its channel
rp_boot() {
	grep -qx offline "$rp/state" || echo stop > "$rp/state"
	echo "$1" > "$rp/firmware" && echo start > "$rp/state" &&
		wait_for 5 has_chan
}

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
modprobe ohost_vrproc devices="$dev" 2>/dev/null
rp=$(rproc_of "$dev" 2>/dev/null)
[ -n "$rp" ] || { echo "# no remoteproc on $dev"; exit 4; }

check "echo firmware up, channel announced" rp_boot ohost-echo.elf
c=$(chan)
echo "# channel $c"
v=${c%%.*}
check "rpmsg_ctrl device $v.rpmsg_ctrl.0.0" \
	test -d "/sys/bus/rpmsg/devices/$v.rpmsg_ctrl.0.0/rpmsg"
check "driver_override unset reads (null)" \
	grep -qx '(null)' "/sys/bus/rpmsg/devices/$c/driver_override"

check "echo_test -n 2 (reference flow)" echo_test -q -n 2 --no-shutdown
check "driver_override now rpmsg_chrdev" \
	grep -qx rpmsg_chrdev "/sys/bus/rpmsg/devices/$c/driver_override"
check "channel bound to rpmsg_chrdev" \
	test -e /sys/bus/rpmsg/drivers/rpmsg_chrdev/"$c"
check "echo_test again (already bound)" echo_test -q -n 1 --no-shutdown

# The channel's own /dev/rpmsgN goes away under a blocked reader.
n=$(ls "/sys/bus/rpmsg/devices/$c/rpmsg/" 2>/dev/null | head -n1)
if [ -n "$n" ] && [ -c "/dev/$n" ]; then
	cat "/dev/$n" > /dev/null 2>/tmp/cat.err &
	pid=$!
	sleep 0.3
	check "stop with a reader blocked on /dev/$n" \
		sh -c "echo stop > $rp/state"
	ended() { ! kill -0 "$pid" 2>/dev/null; }
	check "reader ended" wait_for 3 ended
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	cat /tmp/cat.err | sed 's/^/# cat: /'
	check "channel gone after stop" sh -c '! ls /sys/bus/rpmsg/devices | grep -q demo-channel'
else
	not_ok "channel's endpoint device /dev/rpmsgN"
fi

i=0
while [ $i -lt 3 ]; do
	rp_boot ohost-echo.elf && echo_test -q -n 1 --no-shutdown >/dev/null ||
		break
	i=$((i + 1))
done
check "3 stop/start cycles with an echo round each" test $i -eq 3

check "echo firmware for the misuse tests" rp_boot ohost-echo.elf
rpmsg-misuse > /tmp/misuse.out
rc=$?
sed 's/^/# misuse: /' /tmp/misuse.out
check "rpmsg-misuse: every check passed" test "$rc" -eq 0
check "echo_test with shutdown message" echo_test -q -n 1

check "matrix firmware" rp_boot ohost-matrix.elf
check "mat_mul_demo -n 3 (one 296-byte message, as the reference)" \
	mat_mul_demo -q -n 3 --no-shutdown
check "mat_mul_demo -n 3 --split (two 148-byte messages)" \
	mat_mul_demo -q -n 3 --split

echo stop > "$rp/state"
check "remote stopped" grep -qx offline "$rp/state"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
check "rmmod ohost_rpmsg_char" rmmod ohost_rpmsg_char
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
done_testing
