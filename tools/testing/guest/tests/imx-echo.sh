# SPDX-License-Identifier: GPL-2.0
# i.MX M4 driver end to end (run imx-m4): vrprocd --platform imx plays an
# i.MX8MM M4 whose SRC and MU are pages of guest RAM.  echo_test and
# mat_mul_demo through ohost_imx_rproc, and an image with a segment
# outside every M4 memory refused with one line saying why.
. /ohost/lib.sh

command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
check "load ohost_testhook_mu" modprobe ohost_testhook_mu
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_imx_rproc" modprobe ohost_imx_rproc
r=$(imx_rproc)
check "an i.MX remoteproc for imx8mm-cm4" test -n "$r"
[ -n "$r" ] || done_testing
check "offline: SCR at its reset value 0xB" grep -qx offline "$r/state"

# run FIRMWARE PROGRAM...: boot FIRMWARE, run PROGRAM on its channel, stop.
run() {
	local fw=$1 rc
	shift
	echo "$fw" > "$r/firmware"
	check "$fw: start" sh -c "echo start > $r/state"
	check "$fw: running" grep -qx running "$r/state"
	check_scr "$fw: SCR 0x8 (started, reset bits cleared)" 0x8
	check "$fw: channel announced" wait_for 10 rproc_has_chan "$r"
	"$@" -d "$(rproc_chan_of "$r")" > /tmp/out 2>&1
	rc=$?
	tail -n 3 /tmp/out | sed 's/^/# /'
	check "$fw: $1 (exit $rc)" test "$rc" -eq 0
	check "$fw: stop" sh -c "echo stop > $r/state"
	check "$fw: offline" grep -qx offline "$r/state"
	check_scr "$fw: SCR 0xB (held in reset)" 0xb
}

run ohost-m4-echo.elf echo_test -q -n 2
if command -v mat_mul_demo >/dev/null; then
	run ohost-m4-matrix.elf mat_mul_demo
else
	skip "mat_mul_demo not built"
fi

fw=ohost-m4-bad-segment.elf
echo "$fw" > "$r/firmware"
dmesg -c | sed 's/^/# kmsg: /'	# what came before, still shown
check_fails "$fw: start refused" sh -c "echo start > $r/state"
check "$fw: still offline" grep -qx offline "$r/state"
check_scr "$fw: the M4 was never started (SCR 0xB)" 0xb
# the driver's own report: one line (the core adds its generic ones)
lines=$(kmsg | grep -v 'Boot failed\|powering up\|direct-loading\|Booting fw image\|releasing\|Failed to load program segments')
echo "$lines" | sed 's/^/# /'
n=$(echo "$lines" | grep -c .)
check "$fw: one line says why ($n)" [ "$n" -eq 1 ]
check "rmmod ohost_imx_rproc" rmmod ohost_imx_rproc
done_testing
