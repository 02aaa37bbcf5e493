# SPDX-License-Identifier: GPL-2.0
# The remote chooses the status it answers a command with: one that is not
# a protocol errno (the run's vrprocd answers the first START with 512,
# which is -ERESTARTSYS inside the kernel) must reach userspace as EIO with
# one line that names it, never as a kernel-internal errno.
. /ohost/lib.sh

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_virtio_rpmsg
check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev")
echo ohost-echo.elf > "$rp/firmware"
dmesg -c > /dev/null
sh -c "echo start > $rp/state" 2> /tmp/start.err
rc=$?
sed 's/^/# start: /' /tmp/start.err
check "start refused (exit $rc)" test "$rc" -ne 0
check "write(2) fails with EIO" grep -q "Input/output error" /tmp/start.err
check "one line names the remote's status" \
	sh -c "dmesg | grep -q 'status 512, not one the protocol defines'"
check "remote offline" grep -qx offline "$rp/state"
check "the next start works" sh -c "echo start > $rp/state"
check "stop" sh -c "echo stop > $rp/state"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
rmmod ohost_virtio_rpmsg
done_testing
