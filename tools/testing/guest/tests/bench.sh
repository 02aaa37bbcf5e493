# SPDX-License-Identifier: GPL-2.0
# make bench, one boot: rpmsg-bench's full run on whichever rpmsg stack the
# run loaded, against the echo firmware without and with
# VIRTIO_RING_F_EVENT_IDX, and on this project's stack also with 64 KiB
# buffers (VIRTIO_RPMSG_F_BUFSZ, which the in-tree transport does not
# know: it would get 512-byte buffers) and with busy polling ("poll");
# then the time to load a 16 MiB firmware image (fwload-bench).
# tools/bench/bench.py reads the "# bench: " JSON lines.
. /ohost/lib.sh

if bench_up; then ok "echo firmware up"; else not_ok "echo firmware up"; done_testing; fi
stack=$(bench_stack)
dbg=/sys/kernel/debug/remoteproc/$(basename "$rp")
echo "# stack $stack: $(lsmod | grep -E 'rpmsg|vrproc' | awk '{print $1}' | tr '\n' ' ')"

# poll_hits NAME: the messages busy polling found during fw NAME's run
# (busy_poll_hits, this project's transport only), as a "poll_hits" line
poll_hits() {
	local f
	f=$(ls "$rp"/*/virtio*/busy_poll_hits 2>/dev/null | head -n1)
	[ -n "$f" ] || return 0
	echo "# bench: {\"fw\":\"$1\",\"label\":\"$stack\",\"test\":\"poll_hits\",\"size\":0,\"busy_poll_us\":$(cat "${f%_hits}_us"),\"hits\":$(cat "$f")}"
}

# bench_fw NAME IMAGE [OPTION...]: the whole run against firmware IMAGE,
# each JSON line tagged "fw":NAME
bench_fw() {
	local rc name=$1 image=$2
	shift 2
	echo "$image" > "$rp/firmware" && echo start > "$rp/state" &&
		wait_for 5 has_channel rpmsg-openamp-demo-channel
	rpmsg-bench --allocs --kicks "$dbg/kicks" --label "$stack" "$@" \
		> /tmp/bench.out
	rc=$?
	sed "s/^{/{\"fw\":\"$name\",/; s/^/# bench: /" /tmp/bench.out
	check "rpmsg-bench on the $stack stack, $image: every echo correct" \
		test "$rc" -eq 0
	poll_hits "$name"
	check "remote stops ($image)" sh -c "echo stop > $rp/state"
}

# io_uring on Linux's own rpmsg_char: its requests never completed in this
# project's tests (6.1: the device lacks FMODE_NOWAIT; no io-wq worker
# started, nothing echoed in 5 s).  So the in-tree runs leave io_uring out,
# and a probe of its own says whether it works, as a "uring_probe" line.
uring_probe() {
	local out ok=false
	echo ohost-echo.elf > "$rp/firmware" && echo start > "$rp/state" &&
		wait_for 5 has_channel rpmsg-openamp-demo-channel
	if out=$(rpmsg-bench --sizes 496 --inflight 1 --io-uring 8 --mmsg 0 \
			--rtt-count 10 --messages 64 2>&1); then
		ok=true
	fi
	echo "# bench: {\"fw\":\"plain\",\"label\":\"$stack\",\"test\":\"uring_probe\",\"size\":496,\"ok\":$ok,\"detail\":\"$(echo "$out" | grep -v '^{' | tr -d '"\\' | tr '\n' ' ')\"}"
	echo stop > "$rp/state"
}

# The platform's floor, with the echo firmware that bench_up started idle:
# doorbell round trips and copies into the shared window (fw "floor")
if echo "2000 268435456" > "$dbg/floor"; then
	sed "s/^{/{\"fw\":\"floor\",\"label\":\"$stack\",\"test\":\"floor\",\"size\":0,/; s/^/# bench: /" "$dbg/floor"
else
	not_ok "floor measured on the $stack stack"
fi

# then stop it, and one image after the other
echo stop > "$rp/state"
uring=
if [ "$stack" = intree ]; then
	uring_probe
	uring="--io-uring 0"
fi
bench_fw plain ohost-echo.elf $uring
bench_fw evidx ohost-echo-evidx.elf $uring
[ "$stack" = project ] && bench_fw big ohost-echo-64k.elf \
	--sizes 496,4096,16384,65520 --inflight 1,8,32,64 --rtt-count 300

# Busy polling (this project's stack only: busy_poll_us), fw "poll": the
# firmware and runs of "plain", one message per call, round trips and 1
# and 128 in flight, with every new device polling for 200 us (the
# module's default).  200 us: in a boot that tried 50, 200 and 500 us, 50
# changed next to nothing and 500 doubled the CPU per message and the
# round trip (the guest's spinning vCPU takes a host CPU from vrprocd).
if [ "$stack" = project ]; then
	poll=/sys/module/ohost_virtio_rpmsg/parameters/busy_poll_us
	echo 200 > "$poll"
	bench_fw poll ohost-echo.elf --inflight 1,128 --io-uring 0 --mmsg 0
	echo 0 > "$poll"
fi

# The transport alone: the in-kernel client, no system calls (fw "kernel")
echo ohost-echo.elf > "$rp/firmware" && echo start > "$rp/state" &&
	wait_for 5 has_channel rpmsg-openamp-demo-channel
check "ohost_rpmsg_kbench bound on the $stack stack" kbench_bind
for size in 1 64 256 496; do
	for w in 1 8 32 128; do
		count=2000
		[ "$w" = 1 ] && count=1000
		if out=$(kbench_run "$size" "$w" "$count"); then
			echo "$out" | sed "s/^{/{\"fw\":\"kernel\",\"label\":\"$stack\",/; s/^/# bench: /"
		else
			not_ok "kbench $size bytes, $w in flight"
		fi
	done
done
check "remote stops (kernel client)" sh -c "echo stop > $rp/state"

# The firmware load (fw "load"): a 16 MiB image against the small one and
# against reading + copying its file once (the run's daemon serves
# --mem-size 0x10f0000 and LARGE_FIRMWARE carries the image)
bench_fwload
done_testing
