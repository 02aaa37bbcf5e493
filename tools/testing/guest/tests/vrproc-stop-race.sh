# SPDX-License-Identifier: GPL-2.0
# Stop while a vring interrupt is being delivered.  The remoteproc core
# removes the virtio device (freeing its virtqueues) before it calls the
# driver's stop; a delivery that is under way then must finish before the
# virtqueue goes, and none may start after.  The run's remote rings every
# vring vector continuously (vrprocd --inject kick-storm), and
# ohost_testhook_delay holds each vring_interrupt() on the RX queue for
# 300 ms at its entry, so that a stop always lands inside a delivery.
# On the debug kernel KASAN reports a use after free if the driver lets
# the delivery reach a freed virtqueue.  (Traffic under the storm is
# vrproc-kick-storm's: here the interrupt threads keep the CPUs busy.)
. /ohost/lib.sh

chan() { has_channel rpmsg-openamp-demo-channel; }
hook=/sys/module/ohost_testhook_delay/parameters/delay_ms

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_testhook_delay symbol=vring_interrupt vq_arg=1 vq_name=input 2>/dev/null ||
	{ echo "# no kprobes in this kernel: ohost_testhook_delay not built"; exit 4; }
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev")
echo ohost-echo.elf > "$rp/firmware"

for i in 1 2 3; do
	check "start $i" sh -c "echo start > $rp/state"
	check "channel $i" wait_for 10 chan
	echo 300 > "$hook"
	sleep 1		# the RX queue's deliveries now take 300 ms each
	check "stop $i inside a delivery" sh -c "echo stop > $rp/state"
	echo 0 > "$hook"
	check "offline $i" grep -qx offline "$rp/state"
done
check "start after the races" sh -c "echo start > $rp/state"
check "channel back" wait_for 10 chan
check "stop" sh -c "echo stop > $rp/state"
check "rmmod ohost_vrproc" rmmod ohost_vrproc
rmmod ohost_rpmsg_char
rmmod ohost_virtio_rpmsg
check "rmmod ohost_testhook_delay" rmmod ohost_testhook_delay
done_testing
