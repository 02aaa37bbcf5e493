# SPDX-License-Identifier: GPL-2.0
# Virtual remote processor: every bad firmware image is refused with one
# line in the kernel log that names the image, the state stays offline,
# and a good image still starts afterwards.  Needs the run's vrprocd.
. /ohost/lib.sh

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_virtio_rpmsg
check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev")
name=$(basename "$rp")

for fw in ohost-bad-norsc.elf ohost-bad-segment.elf ohost-bad-truncated.elf \
	  ohost-bad-3vrings.elf; do
	echo "$fw" > "$rp/firmware"
	dmesg -c > /dev/null
	check_fails "$fw: start refused" sh -c "echo start > $rp/state"
	check "$fw: state stays offline" grep -qx offline "$rp/state"
	# The driver's own report: one line naming the image (the core adds
	# its generic "Boot failed" and the firmware loader its own line).
	lines=$(kmsg | grep "$name" | grep -v 'Boot failed\|powering up\|direct-loading\|Booting fw image\|releasing' )
	echo "$lines" | sed 's/^/# /'
	n=$(echo "$lines" | grep -c .)
	if [ "$n" -eq 1 ] && echo "$lines" | grep -q "$fw\|resource table\|vring"; then
		ok "$fw: one line says why"
	else
		not_ok "$fw: $n lines of reason"
	fi
done

echo ohost-echo.elf > "$rp/firmware"
check "good firmware starts after the bad ones" sh -c "echo start > $rp/state"
check "running" grep -qx running "$rp/state"
check "stop" sh -c "echo stop > $rp/state"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
done_testing
