# SPDX-License-Identifier: GPL-2.0
#
# Shell helpers for guest tests (busybox sh).  A test prints one KTAP
# line per check with ok/not_ok/skip, ends with `done_testing`, and exits
# 0 when every check passed (4 when the whole test was skipped).

_ohost_n=0
_ohost_fail=0

ok() {
	_ohost_n=$((_ohost_n + 1))
	echo "ok $_ohost_n $*"
}

not_ok() {
	_ohost_n=$((_ohost_n + 1))
	_ohost_fail=$((_ohost_fail + 1))
	echo "not ok $_ohost_n $*"
}

skip() {
	_ohost_n=$((_ohost_n + 1))
	echo "ok $_ohost_n $* # SKIP"
}

# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# check_fails DESCRIPTION COMMAND...: ok when the command fails.
check_fails() {
	local desc=$1
	shift
	if "$@"; then not_ok "$desc"; else ok "$desc"; fi
}

# wait_for SECONDS COMMAND...: poll until the command succeeds.
wait_for() {
	local t=$(($1 * 10))
	shift
	while [ $t -gt 0 ]; do
		"$@" 2>/dev/null && return 0
		sleep 0.1
		t=$((t - 1))
	done
	return 1
}

# Messages the kernel logged since the test started (no timestamps).
kmsg() {
	dmesg | sed 's/^\[[^]]*\] //'
}

# Load a kernel module and its dependencies (modules.dep made on the host).
load() {
	modprobe "$@"
}

done_testing() {
	echo "1..$_ohost_n"
	[ $_ohost_fail -eq 0 ]
	exit $?
}

# KUnit: load a test module and print the KTAP it produced.  The suites
# run at load time; their output goes to the kernel log at KERN_INFO.
kunit_run() {
	local mod=$1 out
	modprobe kunit || return 1
	dmesg -c >/dev/null
	modprobe "$mod" || { echo "# cannot load $mod"; return 1; }
	out=$(dmesg | sed -n 's/^\[[^]]*\] //p' |
	      sed -n '/KTAP version\|^ *# Subtest\|^ *ok \|^ *not ok \|^ *[0-9]*\.\.[0-9]*$\|^ *# /p')
	echo "$out"
	rmmod "$mod"
	# Fail when any case failed or nothing ran at all.
	echo "$out" | grep -q '^ *ok ' || return 1
	! echo "$out" | grep -q '^ *not ok '
}

# PCI address of the first ivshmem-doorbell device (the virtual remote).
ivshmem_dev() {
	local d
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor")" = 0x1af4 ] &&
		[ "$(cat "$d/device")" = 0x1110 ] && basename "$d" && return 0
	done
	return 1
}

# has_channel NAME: an rpmsg device for channel NAME exists.
has_channel() {
	ls /sys/bus/rpmsg/devices/ | grep -q "\.$1\."
}

# The remoteproc sysfs directory of PCI device $1.
rproc_of() {
	ls -d /sys/bus/pci/devices/"$1"/remoteproc/remoteproc* | head -n1
}

# vrproc_setup: this project's transport and char device, and the virtual
# remote on the first ivshmem-doorbell device; sets $dev and $rp.  Skips the
# test (exit 4) without the device; no remoteproc on it is a failure.
vrproc_setup() {
	dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
	modprobe ohost_virtio_rpmsg
	modprobe ohost_rpmsg_char
	check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
	rp=$(rproc_of "$dev" 2>/dev/null)
	[ -n "$rp" ] || { not_ok "remoteproc on $dev"; done_testing; }
}

# ---- platform drivers (ZynqMP R5, i.MX M4): shared checks ----

# stop_start_cycles RPROC N: N start/stop cycles of RPROC's firmware, an
# echo every 20th; one check, and the time and first failure as a comment.
stop_start_cycles() {
	local r=$1 n=$2 i t0 fail=
	t0=$(date +%s)
	for i in $(seq 1 "$n"); do
		echo start > "$r/state" || { fail="start $i"; break; }
		wait_for 10 rproc_has_chan "$r" || { fail="channel $i"; break; }
		if [ $((i % 20)) = 0 ]; then
			echo_test -q -n 1 -d "$(rproc_chan_of "$r")" > /tmp/echo.out 2>&1 ||
				{ fail="echo $i"; break; }
		fi
		echo stop > "$r/state" || { fail="stop $i"; break; }
		grep -qx offline "$r/state" || { fail="offline $i"; break; }
	done
	echo "# $n cycles in $(($(date +%s) - t0)) s${fail:+, first failure: $fail}"
	check "$n stop/start cycles" test -z "$fail"
}

# check_arm32_core FILE MIN: FILE is a coredump of more than MIN bytes,
# ELF32 little endian for EM_ARM.
check_arm32_core() {
	local size
	size=$(wc -c < "$1")
	echo "# coredump: $size bytes"
	check "coredump non-empty" test "$size" -gt "$2"
	check "coredump: ELF32 (class 1), little endian" \
		[ "$(od -An -tx1 -j4 -N2 "$1" | tr -d ' ')" = 0101 ]
	check "coredump: EM_ARM (40)" \
		[ "$(od -An -tu2 -j18 -N2 "$1" | tr -d ' ')" = 40 ]
}

# ---- ZynqMP R5 (ohost_zynqmp_r5 under the EL3 stub) ----

# r5_rprocs: "CORE SYSFS-DIR" per R5 remoteproc, core 0 first.
r5_rprocs() {
	local r n
	for r in /sys/class/remoteproc/remoteproc*; do
		n=$(basename "$(readlink -f "$r/device/of_node")")
		case $n in r5f@*) echo "${n#r5f@} $r" ;; esac
	done | sort
}

# r5_fw CORE APP: the firmware image of APP for CORE (RPU1: *-1.elf).
r5_fw() { [ "$1" = 0 ] && echo "ohost-r5-$2.elf" || echo "ohost-r5-$2-$1.elf"; }

# rproc_chan_of RPROC: the demo channel's rpmsg device under this remoteproc.
rproc_chan_of() {
	local v
	v=$(basename "$(ls -d "$1"/*/virtio* 2>/dev/null | head -n1)")
	[ -n "$v" ] && ls /sys/bus/rpmsg/devices/ | grep "^$v\.rpmsg-openamp-demo-channel\." | head -n1
}

rproc_has_chan() { [ -n "$(rproc_chan_of "$1")" ]; }
r5_chan_of() { rproc_chan_of "$@"; }
r5_has_chan() { rproc_has_chan "$@"; }

# ---- i.MX M4 (ohost_imx_rproc on tools/testing/imx/virt-imx8mm.dtso) ----

# imx_rproc: the remoteproc sysfs directory of the imx8mm-cm4 node.
imx_rproc() {
	local r
	for r in /sys/class/remoteproc/remoteproc*; do
		[ "$(basename "$(readlink -f "$r/device/of_node")")" = imx8mm-cm4 ] &&
			echo "$r" && return 0
	done
	return 1
}

# imx_scr: SRC_M4RCR's low nibble (0xb: held in reset, 0x8: running).
imx_scr() { printf '%#x' $(( $(devmem 0xb860000c 32) & 0xf )); }

imx_scr_is() { [ "$(imx_scr)" = "$1" ]; }

# check_scr DESCRIPTION VALUE: SCR reads VALUE within 5 s (skipped on a
# kernel without /dev/mem: the debug target).
check_scr() {
	if [ ! -e /dev/mem ]; then
		skip "$1 (no /dev/mem)"
		return
	fi
	check "$1" wait_for 5 imx_scr_is "$2"
}

# imx_up RPROC: running (or attached) with its demo channel announced.
imx_up() { grep -qx 'running\|attached' "$1/state" && rproc_has_chan "$1"; }

# ---- rpmsg-bench (tools/bench) ----

# bench_stack: which rpmsg transport is loaded: project or intree.
bench_stack() {
	if [ -d /sys/module/ohost_virtio_rpmsg ]; then echo project
	elif [ -d /sys/module/virtio_rpmsg_bus ]; then echo intree
	else echo none; fi
}

# kbench_bind: the demo channel, just announced (an echo remote answers
# its first peer: this endpoint), bound to ohost_rpmsg_kbench, make bench's
# in-kernel echo client; sets $kb (the channel's sysfs directory).
kbench_bind() {
	local ch
	ch=$(ls /sys/bus/rpmsg/devices/ | grep '\.rpmsg-openamp-demo-channel\.' |
		head -n1)
	[ -n "$ch" ] || return 1
	kb=/sys/bus/rpmsg/devices/$ch
	modprobe ohost_rpmsg_kbench &&
		echo ohost_rpmsg_kbench > "$kb/driver_override" &&
		echo "$ch" > /sys/bus/rpmsg/drivers/ohost_rpmsg_kbench/bind
}

# kbench_run SIZE INFLIGHT COUNT: one measurement of the in-kernel client;
# prints its JSON line (fails when an echo is missing or wrong).
kbench_run() {
	echo "$1 $2 $3" > "$kb/kbench_run" && cat "$kb/kbench_result"
}

# bench_fwload: make bench's firmware load on whichever stack is loaded:
# fwload-bench boots $rp (offline) with ohost-echo-16m.elf and
# ohost-echo.elf alternately, 5 times each, and reads + copies the 16 MiB
# file; prints its line as "# bench: " with "fw":"load".
bench_fwload() {
	local out stack
	stack=$(bench_stack)
	if out=$(fwload-bench --boot "$rp" --big ohost-echo-16m.elf \
			--small ohost-echo.elf --runs 5 --label "$stack" \
			--channel rpmsg-openamp-demo-channel); then
		echo "$out" | sed 's/^{/{"fw":"load",/; s/^/# bench: /'
		ok "firmware load timed on the $stack stack (16 MiB image and small, 5 boots each)"
	else
		not_ok "firmware load timed on the $stack stack"
	fi
}

# bench_up: load the rpmsg stack by its upstream names (this project's
# modules answer to them unless Linux's own are in the initramfs: runs with
# INTREE=1), the virtual remote with the echo firmware, and wait for the
# demo channel.  Sets $rp (the remoteproc sysfs directory).
bench_up() {
	local dev
	dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; return 1; }
	modprobe virtio_rpmsg_bus && modprobe rpmsg_char &&
		modprobe rpmsg_ctrl || return 1
	modprobe ohost_vrproc devices="$dev" || return 1
	rp=$(rproc_of "$dev" 2>/dev/null)
	[ -n "$rp" ] || { echo "# no remoteproc on $dev"; return 1; }
	grep -qx offline "$rp/state" || echo stop > "$rp/state"
	echo ohost-echo.elf > "$rp/firmware" && echo start > "$rp/state" &&
		wait_for 5 has_channel rpmsg-openamp-demo-channel
}
