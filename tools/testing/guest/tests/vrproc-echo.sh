# SPDX-License-Identifier: GPL-2.0
# Virtual remote processor end to end: the echo firmware answers the
# OpenAMP echo_test over /dev/rpmsgN.  Needs the run's vrprocd daemon.
. /ohost/lib.sh

chan() { has_channel rpmsg-openamp-demo-channel; }
nochan() { ! chan; }

# second_run DESC PROGRAM...: the remote's app ended and removed its channel
# (as OpenAMP's demos do on the shutdown message): a second run must fail
# cleanly, quickly, with exit 3 (no service).
second_run() {
	local desc=$1 rc
	shift
	check "the remote removed its channel after the shutdown message" \
		wait_for 5 nochan
	timeout 30 "$@" -q -w 1 > /tmp/second.out 2>&1
	rc=$?
	tail -n 2 /tmp/second.out | sed 's/^/# second run: /'
	check "$desc fails cleanly: exit 3, no hang (got $rc)" test "$rc" -eq 3
}

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev")

echo ohost-echo.elf > "$rp/firmware"
check "start echo firmware" sh -c "echo start > $rp/state"
check "channel announced" wait_for 5 chan
check "echo_test: 2 rounds, every echo verified" echo_test -q -n 2
second_run "a second echo_test" echo_test -n 1
check "stop" sh -c "echo stop > $rp/state"
check "start again" sh -c "echo start > $rp/state"
check "echo_test after restart" echo_test -q -n 1
check "stop again" sh -c "echo stop > $rp/state"

if command -v mat_mul_demo >/dev/null; then
	echo ohost-matrix.elf > "$rp/firmware"
	check "start matrix firmware" sh -c "echo start > $rp/state"
	check "matrix channel announced" wait_for 5 chan
	check "mat_mul_demo" mat_mul_demo
	second_run "a second mat_mul_demo" mat_mul_demo
	check "stop matrix" sh -c "echo stop > $rp/state"
else
	skip "mat_mul_demo not built"
fi
check "rmmod ohost_vrproc" rmmod ohost_vrproc
done_testing
