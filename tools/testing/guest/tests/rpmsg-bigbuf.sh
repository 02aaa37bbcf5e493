# SPDX-License-Identifier: GPL-2.0
# Buffers larger than upstream's 512 bytes (rx/tx_buf_size): 4112-byte
# buffers (4 KiB payloads) come out of the 3 MiB vdev buffer pool and carry
# every echo byte for byte, up to 4096 bytes; buffers that cannot fit in
# the pool are refused at probe with a message that says how many fit and
# which parameters to change, and the defaults work again afterwards.
. /ohost/lib.sh

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_rpmsg_char
modprobe ohost_vrproc devices="$dev" 2>/dev/null
rp=$(rproc_of "$dev" 2>/dev/null)
[ -n "$rp" ] || { echo "# no remoteproc on $dev"; exit 4; }
echo ohost-echo.elf > "$rp/firmware"

has_chan() { has_channel rpmsg-openamp-demo-channel; }
online_4112() { kmsg | grep -q 'rpmsg host is online (256+256 buffers of 4112/4112 bytes)'; }
refused_64k() {
	kmsg | grep -q 'vdev buffer pool has room for [0-9]* of 256 rx buffers of 65536 bytes .*(rx_buf_num, rx_buf_size)'
}

# 256 + 256 buffers of 4112 bytes: 2 MiB in one piece each would not fit
check "modprobe rx/tx_buf_size=4112" \
	modprobe ohost_virtio_rpmsg rx_buf_size=4112 tx_buf_size=4112
check "start with 4112-byte buffers" sh -c "echo start > $rp/state"
check "online with 256+256 buffers of 4112 bytes" \
	wait_for 10 online_4112
check "demo channel announced" wait_for 10 has_chan
check "rpmsg-bench --quick with 1..4096-byte payloads, every byte checked" \
	rpmsg-bench --quick --sizes 1,496,2048,4096
check "stop" sh -c "echo stop > $rp/state"
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg

# 256 + 256 buffers of 64 KiB: 32 MiB, far more than the pool
check "modprobe rx/tx_buf_size=65536" \
	modprobe ohost_virtio_rpmsg rx_buf_size=65536 tx_buf_size=65536
check "start (the remote boots; the transport refuses)" sh -c "echo start > $rp/state"
check "probe says how many 64 KiB buffers fit and what to change" \
	wait_for 10 refused_64k
check_fails "no channel with buffers that do not fit" has_chan
check "stop" sh -c "echo stop > $rp/state"
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg

check "modprobe with the defaults" modprobe ohost_virtio_rpmsg
check "start" sh -c "echo start > $rp/state"
check "echo_test with 512-byte buffers" echo_test -q -n 1
check "stop" sh -c "echo stop > $rp/state"
rmmod ohost_vrproc
rmmod ohost_rpmsg_char
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
done_testing
