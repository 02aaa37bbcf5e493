# SPDX-License-Identifier: GPL-2.0
# Virtual remote processor: a crash with coredump enabled produces a
# devcoredump that is an ELF file with the remote's memory in it (the
# glue adds one dump segment per memory and sets class and machine), and
# recovery brings the remote back.
. /ohost/lib.sh

chan() { has_channel rpmsg-openamp-demo-channel; }
recovered() { kmsg | grep -q "$name: remote processor .* is now up" && chan; }
dump() {
	for d in /sys/class/devcoredump/devcd*; do
		[ -e "$d/data" ] && echo "$d" && return 0
	done
	return 1
}
# u LEN OFFSET FILE: little-endian unsigned integer of LEN bytes
u() { od -A n -t u"$1" -j "$2" -N "$1" "$3" | tr -d ' '; }

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
command -v od >/dev/null && command -v cmp >/dev/null ||
	{ echo "# busybox without od/cmp"; exit 4; }
modprobe ohost_virtio_rpmsg
check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev")
name=$(basename "$rp")
crash=/sys/kernel/debug/remoteproc/$name/crash
[ -w "$crash" ] || { echo "# no $crash"; exit 4; }
for d in /sys/class/devcoredump/devcd*; do
	[ -e "$d/data" ] && echo 1 > "$d/data"	# drop older dumps
done

check "coredump enabled" sh -c "echo enabled > $rp/coredump"
echo ohost-echo.elf > "$rp/firmware"
check "start echo firmware" sh -c "echo start > $rp/state"
check "channel announced" wait_for 5 chan
dmesg -c > /dev/null
echo 2 > "$crash"	# RPROC_FATAL_ERROR, as rproc_report_crash() of a driver
check "recovered: up again, channel back" wait_for 10 recovered
check "a devcoredump appeared" wait_for 5 dump
d=$(dump)
f=/tmp/rproc.core
cat "$d/data" > "$f" 2>/dev/null
echo 1 > "$d/data" 2>/dev/null
size=$(wc -c < "$f")
echo "# dump: $size bytes"
check "ELF magic" [ "$(od -A n -t x1 -N 4 "$f" | tr -d ' ')" = 7f454c46 ]
check "ELF64 (class of the firmware)" [ "$(u 1 4 "$f")" = 2 ]
check "machine AArch64 (183)" [ "$(u 2 18 "$f")" = 183 ]
phnum=$(u 2 56 "$f")
check "program headers: $phnum > 0" [ "${phnum:-0}" -gt 0 ]
# The remote's memory: 0xf0000 bytes (vrprocd's layout).
check "bigger than the remote's memory" [ "$size" -gt $((0xf0000)) ]
# The firmware's first PT_LOAD (file offset 0x1000, 0x45 bytes, at the
# start of the remote's memory) is in the first dumped segment.
phoff=$(u 8 32 "$f")
off=$(u 8 $((phoff + 8)) "$f")
dd if="$f" of=/tmp/seg.dump bs=1 skip="$off" count=69 2>/dev/null
dd if=/lib/firmware/ohost-echo.elf of=/tmp/seg.fw bs=1 skip=4096 count=69 2>/dev/null
check "the loaded segment is in the dump" cmp -s /tmp/seg.dump /tmp/seg.fw
rm -f "$f" /tmp/seg.dump /tmp/seg.fw
check "stop" sh -c "echo stop > $rp/state"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
done_testing
