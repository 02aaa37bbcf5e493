# SPDX-License-Identifier: GPL-2.0
# A seeded hostile remote (runs storm*: vrprocd --storm SEED,COUNT): every
# boot of the remote is a lifetime with its own seed and 1-4 chaos events
# (corrupt rings, descriptors, rpmsg headers, NS messages, resource table,
# control area; floods, stalls, unanswered commands, crashes, deaths).
# The test keeps starting the remote, sending echo traffic, reading the
# /dev/rpmsg* devices and stopping it, tolerating every error the remote
# causes, until the remote's trace says "storm: over".  The host must stay
# healthy: no kernel report (the harness, and this test per lifetime so
# that it names the seed), no operation longer than OP_MAX s, and at the
# end a clean lifetime passes an echo test and the modules unload (the
# harness's kmemleak scan follows on the debug kernel).
. /ohost/lib.sh

OP_MAX=15		# s: a longer operation is a hang
REPORTS='cut here\|WARNING:\|BUG:\|Oops\|Unable to handle\|KASAN:\|UBSAN:\|circular locking\|recursive locking\|inconsistent lock\|blocked for more\|soft lockup\|rcu.*stall'

# Forks cost milliseconds in an emulated guest: the loop avoids them.
chan() { has_channel rpmsg-openamp-demo-channel; }
cs() { read -r cs _ < /proc/uptime; cs=${cs%.*}${cs#*.}; }	# $cs: 1/100 s
state() { st=; read -r st < "$rp/state"; } 2>/dev/null		# $st
set_state() { echo "$1" > "$rp/state"; } 2>/dev/null

case $(uname -r) in
*-arm64) case $(uname -r) in 6.12*) target=debian-6.12 ;; *) target=debian-6.1 ;; esac
	case $(uname -r) in *-rt-arm64) target=$target-rt ;; esac ;;
*) target=debug ;;
esac

# timed CMD...: run it; remember the first one that took longer than OP_MAX.
# Time per kind of operation (centiseconds), for the summary.
slow= t_state=0 t_echo=0
timed() {
	local t0 rc dt
	cs
	t0=$cs
	"$@"
	rc=$?
	cs
	dt=$((cs - t0))
	case $1 in
	set_state) t_state=$((t_state + dt)) ;;
	*) t_echo=$((t_echo + dt)) ;;
	esac
	[ $dt -le $((OP_MAX * 100)) ] || [ -n "$slow" ] ||
		slow="'$*' took $((dt / 100)) s (seed $seed)"
	return $rc
}

# The remote's trace buffer: $seed of the lifetime running now, $over.
read_trace() {
	local a b c d e
	[ -r "$trace" ] || return
	while read -r a b c d e; do
		[ "$a $b" = "storm: lifetime" ] && seed=$e
		[ "$a $b" = "storm: over" ] && over=1
	done < "$trace"
} 2>/dev/null

reproduce() {
	echo "# reproduce: tools/testing/storm.sh --target $target --seed $1"
	echo "#        or: make storm TARGET=$target SEED=$1"
}

# Readers on whatever endpoint devices exist, in the background for at
# most a second each: the storm and the stop happen under them.
read_devs() {
	local f
	for f in /dev/rpmsg[0-9]*; do
		[ -c "$f" ] && timeout 1 head -c 1 "$f" > /dev/null 2>&1 &
	done
	return 0
}

# Kernel reports: the taint flags every round (WARN, oops, KASAN taint;
# cat: a sysctl file reads only whole, busybox's read takes a byte at a
# time), the log every 8th round and at the end.  $report: the seeds of
# the rounds since the last look.
kernel_report() {
	local t
	t=$(cat /proc/sys/kernel/tainted)
	[ "$t" = "$taint0" ] && [ $((n % 8)) != 0 ] && [ -z "$1" ] && return 1
	dmesg -c > /tmp/kmsg.now 2>/dev/null
	[ "$t" = "$taint0" ] && ! grep -q "$REPORTS" /tmp/kmsg.now && return 1
	sed 's/^/# kmsg: /' /tmp/kmsg.now
	echo "# kernel taint $taint0 -> $t"
	[ "$t" != "$taint0" ] && report=$seed && return 0
	report=$seeds
}

vrproc_setup
name=$(basename "$rp")
trace=/sys/kernel/debug/remoteproc/$name/trace0
echo ohost-echo.elf > "$rp/firmware"
dmesg -c > /dev/null

n=0 over= seed=none seeds= report= starts=0 echoes=0 stuck=0
taint0=$(cat /proc/sys/kernel/tainted)
cs
t0=$cs
while [ -z "$over" ] && [ -z "$report" ] && [ $stuck -lt 20 ]; do
	n=$((n + 1))
	stuck=$((stuck + 1))
	state
	# Progress is a start that leaves offline: one that fails, or that
	# the remoteproc core ignores after a failed recovery (its power
	# count stays raised), must not keep the loop going forever.
	if [ "$st" = offline ]; then
		timed set_state start && starts=$((starts + 1))
		state
		[ "$st" = offline ] || stuck=0
	fi
	read_trace
	[ $((n % 8)) = 1 ] && seeds=
	seeds="${seeds:+$seeds }$seed"
	if [ -z "$over" ]; then
		timed ohost-cli rpmsg echo -r "$name" -w 1 -n 3 \
			-l $(( (n * 37) % 490 + 1 )) -t 100 > /dev/null 2>&1 &&
			echoes=$((echoes + 1))
		[ $((n % 4)) = 0 ] && read_devs
		state
		case $st in
		running|crashed) timed set_state stop ;;
		esac
	fi
	kernel_report
	[ -z "$slow" ] || break
done
wait
[ -n "$report" ] || kernel_report end
cs
echo "# $n rounds in $(( (cs - t0) / 100 )) s: $starts starts, $echoes echo runs passed; last seed $seed"

check "no kernel report in a lifetime${report:+ (seeds $report)}" test -z "$report"
for s in $report; do reproduce "$s"; done
check "every operation within $OP_MAX s${slow:+: $slow}" test -z "$slow"
[ -z "$slow" ] || reproduce "$seed"
echo "# seconds in start/stop $((t_state / 100)), echo $((t_echo / 100))"
state
[ -n "$report" ] && st="stopped at a kernel report" || st="state $st for 20 rounds"
check "the storm ran to its end${over:- ($st)}" test -n "$over"

# The clean lifetime "storm: over" started: echo works end to end.
state
[ "$st" = running ] || set_state start
check "clean lifetime: channel" wait_for 10 chan
check "clean lifetime: echo" timeout 60 ohost-cli rpmsg echo -r "$name" -n 100 -l 256 -t 5000
check "stop" set_state stop
state
# A start written while a recovery had the remote offline for a moment
# holds a second reference of the core's power count, so one stop leaves
# it running; rmmod must tear it down all the same (ohost_rproc_del(); the
# harness fails on the WARNs of children that outlive their parent).
[ "$st" = offline ] || echo "# state $st after one stop: a start raced a recovery"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
check "rmmod ohost_rpmsg_char" rmmod ohost_rpmsg_char
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
done_testing
