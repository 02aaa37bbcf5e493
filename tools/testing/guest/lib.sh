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

# ---- soak and load runs (runs/soak-*, runs/load-*) ----

# soak_param NAME DEFAULT: a duration or count from the kernel command
# line (the run's APPEND=, e.g. soak_cycles=20: the kernel hands NAME=VALUE
# without a dot to init's environment), else DEFAULT.
soak_param() {
	local v
	eval "v=\${$1:-}"
	case "$v" in
	''|*[!0-9]*) echo "$2" ;;
	*) echo "$v" ;;
	esac
}

now_s() { cut -d. -f1 /proc/uptime; }

# vrproc_up: this project's rpmsg stack and the virtual remote on the
# first ivshmem-doorbell device; sets $dev and $rp.
vrproc_up() {
	dev=$(ivshmem_dev) || return 1
	modprobe ohost_virtio_rpmsg && modprobe ohost_rpmsg_char &&
		modprobe ohost_rpmsg_proxy &&
		modprobe ohost_vrproc devices="$dev" || return 1
	rp=$(rproc_of "$dev" 2>/dev/null)
	[ -n "$rp" ]
}

# vrproc_down: stop the remote, unload this project's modules, remove
# what the traffic left in /tmp: the state a memory snapshot compares.
vrproc_down() {
	local m
	[ -n "${rp:-}" ] && [ -e "$rp/state" ] &&
		! grep -qx offline "$rp/state" && echo stop > "$rp/state"
	# busybox rmmod stops at the first module not loaded: one at a time
	for m in ohost_vrproc ohost_rpmsg_proxy ohost_rpmsg_char \
		ohost_virtio_rpmsg ohost_rproc; do
		grep -q "^$m " /proc/modules && rmmod "$m"
	done
	rm -rf /tmp/rpcroot /tmp/*.out /tmp/*.err
	! grep -q '^ohost_' /proc/modules
}

# fw_up FIRMWARE: (re)start the remote $rp with FIRMWARE, wait for the demo
# channel (10 s: a debug kernel on a loaded host is slow).
fw_up() {
	if ! grep -qx offline "$rp/state"; then
		echo stop > "$rp/state" || return 1
	fi
	echo "$1" > "$rp/firmware" && echo start > "$rp/state" &&
		wait_for 10 has_channel rpmsg-openamp-demo-channel
}

# traffic_echo ROUNDS: echo_test, 472 payloads a round, each checked for
# its number, size and every byte; a lost echo is an error (10 s bound).
traffic_echo() {
	echo_test -q -n "$1" -t 10000 --no-shutdown > /tmp/echo.out 2>&1 &&
		grep -q "^echo_test: $1 rounds of 472 payloads, 0 errors" /tmp/echo.out
}

# traffic_matrix ROUNDS: mat_mul_demo, every product checked.
traffic_matrix() {
	mat_mul_demo -q -n "$1" -t 10000 --no-shutdown > /tmp/mat.out 2>&1 &&
		grep -q "^mat_mul_demo: $1 rounds, 0 errors" /tmp/mat.out
}

# traffic_proxy NAME: one rpmsg-proxyd session with ohost-rpc.elf running
# (fw_up first): the remote writes a file, reads it back, prints, reads
# NAME from the console and ends the session (TERM).
traffic_proxy() {
	rm -rf /tmp/rpcroot
	mkdir -p /tmp/rpcroot
	echo "$1" | timeout 60 rpmsg-proxyd --root /tmp/rpcroot --bind --wait 5 \
		> /tmp/console.out 2> /tmp/proxyd.err &&
		grep -q "contents match" /tmp/console.out &&
		grep -q "User name = '$1'" /tmp/console.out
}

# traffic_bench: rpmsg-bench, 100 round trips and 500 messages 16 in
# flight, of 64 and of 496 bytes, every echo checked for its sequence
# number and bytes; its JSON lines in /tmp/bench.out.
traffic_bench() {
	rpmsg-bench --label load --sizes 64,496 --inflight 16 --io-uring 0 \
		--mmsg 0 --rtt-count 100 --messages 500 --timeout 10000 \
		> /tmp/bench.out 2> /tmp/bench.err
}

# bench_worst FIELD: the largest FIELD (max_us, gap_max_us) in /tmp/bench.out.
bench_worst() {
	sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" /tmp/bench.out | sort -n | tail -n1
}

# bench_messages: messages rpmsg-bench counted as echoed, all runs.
bench_messages() {
	sed -n 's/.*"messages":\([0-9]*\).*/\1/p' /tmp/bench.out |
		awk '{ s += $1 } END { print s + 0 }'
}

# mem_snapshot LABEL: after the caller's cleanup, drop the page cache and
# shrink every slab cache (with KASAN that also empties its quarantine of
# freed objects), then print the memory figures as comments and keep
# /tmp/mem.LABEL.* for mem_growth.
mem_snapshot() {
	local l=$1 f
	sync
	echo 3 > /proc/sys/vm/drop_caches
	for f in /sys/kernel/slab/*/shrink; do
		echo 1 > "$f" 2>/dev/null
	done
	grep -E '^(MemAvailable|Slab|SReclaimable|SUnreclaim|VmallocUsed|Percpu):' \
		/proc/meminfo > "/tmp/mem.$l.meminfo"
	sed "s/^/# $l: /" "/tmp/mem.$l.meminfo"
	if [ -r /proc/slabinfo ]; then
		# name active_objs num_objs objsize
		awk 'NR > 2 { print $1, $2, $3, $4 }' /proc/slabinfo > "/tmp/mem.$l.slab"
		grep '^kmalloc-' "/tmp/mem.$l.slab" | sed "s/^/# $l: slab /"
	fi
	cut -d' ' -f1,2 /proc/modules | sort > "/tmp/mem.$l.modules"
	sed "s/^/# $l: module /" "/tmp/mem.$l.modules"
}

# mem_kb LABEL FIELD: FIELD of /proc/meminfo at snapshot LABEL, in kB.
mem_kb() {
	awk -v f="$2:" '$1 == f { print $2 }' "/tmp/mem.$1.meminfo"
}

# slab_growth A B: the 8 caches whose memory grew most from snapshot A to
# B, as comments (a leak's likely home).
slab_growth() {
	[ -r "/tmp/mem.$1.slab" ] || return 0
	awk 'NR == FNR { a[$1] = $3 * $4; next }
	     { d = $3 * $4 - a[$1]; if (d > 0) printf "%d %s\n", d / 1024, $1 }' \
		"/tmp/mem.$1.slab" "/tmp/mem.$2.slab" | sort -rn | head -n 8 |
		sed 's/^\([0-9]*\) \(.*\)/# slab growth: \2 +\1 kB/'
}

# kmemleak_scan LABEL: scan now; print the count of unreferenced objects
# (their reports too: the harness fails the run on them).  Returns the
# count in $leaks; 0 and "not available" without kmemleak.
kmemleak_scan() {
	leaks=0
	if [ ! -e /sys/kernel/debug/kmemleak ]; then
		echo "# $1: kmemleak not available on this kernel"
		return 0
	fi
	# An object is reported once it was unreferenced in two scans and
	# older than 5 s (min_age).
	echo scan > /sys/kernel/debug/kmemleak
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > /tmp/kmemleak.out
	leaks=$(grep -c 'unreferenced object' /tmp/kmemleak.out)
	sed 's/^/# kmemleak: /' /tmp/kmemleak.out
	echo "# $1: kmemleak: $leaks unreferenced objects"
}

# hog_start SECONDS: one busy loop per guest CPU, each bounded by SECONDS;
# their pids in $hogs.
hog_start() {
	local i n
	n=$(grep -c '^processor' /proc/cpuinfo)
	hogs=
	i=0
	while [ $i -lt "$n" ]; do
		timeout "$1" sh -c 'while :; do :; done' &
		hogs="$hogs $!"
		i=$((i + 1))
	done
}

# cpu_busy_ticks / cpu_all_ticks: the all-CPU line of /proc/stat.
cpu_busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
cpu_all_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }

# proc_ticks PID: user + system CPU ticks of process PID.
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# load_traffic: the echo, matrix and proxy streams once each, every
# message checked; one check per stream, the worst latencies as comments
# (not judged: the bound is only the tools' 10 s per message).
load_traffic() {
	local t0 t1 rtt gap got
	check "echo firmware up" fw_up ohost-echo.elf
	t0=$(date +%s)
	if traffic_echo 1; then
		ok "echo_test: 472 of 472 payloads echoed and verified ($(($(date +%s) - t0)) s)"
	else
		not_ok "echo_test: $(tail -n1 /tmp/echo.out)"
		sed 's/^/# echo_test: /' /tmp/echo.out | tail -n 5
	fi
	# The echo remote answers the first endpoint that wrote to it: a
	# fresh boot for the next client.
	check "echo firmware restarted" fw_up ohost-echo.elf
	if traffic_bench; then
		rtt=$(bench_worst max_us)
		gap=$(bench_worst gap_max_us)
		got=$(bench_messages)
		sed 's/^/# bench: /' /tmp/bench.out
		ok "rpmsg-bench: every echo in sequence and intact"
		# 2 sizes x (100 round trips + 500 pipelined)
		check "rpmsg-bench: 1200 of 1200 messages echoed ($got)" \
			test "$got" -eq 1200
		echo "# worst-case echo round trip: $rtt us; longest gap between echoes: $gap us"
	else
		not_ok "rpmsg-bench: an echo missing, wrong or late"
		sed 's/^/# bench: /' /tmp/bench.out /tmp/bench.err | tail -n 5
	fi
	check "matrix firmware up" fw_up ohost-matrix.elf
	t0=$(date +%s)
	if traffic_matrix 20; then
		t1=$(date +%s)
		ok "mat_mul_demo: 20 of 20 products verified ($((t1 - t0)) s)"
	else
		not_ok "mat_mul_demo: $(tail -n1 /tmp/mat.out)"
	fi
	check "rpc firmware up" fw_up ohost-rpc.elf
	t0=$(date +%s)
	if traffic_proxy Ada; then
		ok "rpmsg-proxyd: rpc session complete, file read back, console line in ($(($(date +%s) - t0)) s)"
	else
		not_ok "rpmsg-proxyd session"
		sed 's/^/# proxyd: /' /tmp/proxyd.err | tail -n 5
	fi
}

# soak_memory_verdict: scan for leaks, snapshot "end", compare with the
# snapshot "start" taken in the same state (nothing of this project
# loaded, caches dropped and shrunk).  The bound: unreclaimable slab may
# grow by at most 2 MiB.  A leak of one 512-byte rpmsg buffer per
# message, or of a few hundred bytes per cycle, exceeds it many times
# over; what it allows is the noise of a debug kernel (per-CPU slabs
# refilled, kmemleak and lockdep bookkeeping, a kernel log line's
# allocations).  Leaks the slab figure cannot see, kmemleak does.
soak_memory_verdict() {
	local s0 s1 a0 a1
	kmemleak_scan end
	mem_snapshot end
	s0=$(mem_kb start SUnreclaim)
	s1=$(mem_kb end SUnreclaim)
	a0=$(mem_kb start MemAvailable)
	a1=$(mem_kb end MemAvailable)
	echo "# memory: SUnreclaim $s0 -> $s1 kB ($((s1 - s0)) kB); MemAvailable $a0 -> $a1 kB ($((a1 - a0)) kB)"
	slab_growth start end
	if [ -e /sys/kernel/debug/kmemleak ]; then
		check "kmemleak: no unreferenced object ($leaks)" test "$leaks" -eq 0
	else
		skip "kmemleak: not in this kernel"
	fi
	check "SUnreclaim grew by less than 2048 kB ($((s1 - s0)) kB)" \
		test $((s1 - s0)) -lt 2048
	check "same modules loaded, same sizes, as at the start" \
		cmp -s /tmp/mem.start.modules /tmp/mem.end.modules
}
