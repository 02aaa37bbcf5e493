# SPDX-License-Identifier: GPL-2.0
# ohost_virtio_rpmsg and ohost_rpmsg_char without a remote: drivers appear
# under their upstream names, module parameters are validated, repeated
# load/unload is clean, and an in-tree rpmsg_char (if this kernel has one)
# makes ohost_rpmsg_char refuse to load with one clear message.
. /ohost/lib.sh

P=/sys/module/ohost_virtio_rpmsg/parameters

check "modprobe ohost_virtio_rpmsg" modprobe ohost_virtio_rpmsg
check "modprobe ohost_rpmsg_char" modprobe ohost_rpmsg_char
check "virtio driver ohost_virtio_rpmsg" test -d /sys/bus/virtio/drivers/ohost_virtio_rpmsg
check "rpmsg driver rpmsg_chrdev" test -d /sys/bus/rpmsg/drivers/rpmsg_chrdev
check "rpmsg driver rpmsg_ctrl" test -d /sys/bus/rpmsg/drivers/rpmsg_ctrl
check "no leftover probe driver" test ! -e /sys/bus/rpmsg/drivers/ohost_rpmsg_char

# param VALUE: write must succeed; bad_param VALUE: write must fail
param() { echo "$2" > "$P/$1" 2>/dev/null && [ "$(cat "$P/$1")" = "$2" ]; }
bad_param() { ! echo "$2" > "$P/$1" 2>/dev/null; }

check "rx_buf_num 1024 accepted" param rx_buf_num 1024
check "tx_buf_num 1 accepted" param tx_buf_num 1
check_fails "rx_buf_num 3 (not a power of two) refused" param rx_buf_num 3
check_fails "tx_buf_num 0 refused" param tx_buf_num 0
check_fails "tx_buf_num 2048 (over the cap) refused" param tx_buf_num 2048
check "rx_buf_num unchanged by refused writes" grep -qx 1024 "$P/rx_buf_num"
check "rx_buf_size 4096 accepted" param rx_buf_size 4096
check "tx_buf_size 64 accepted" param tx_buf_size 64
check_fails "tx_buf_size 48 (too small) refused" param tx_buf_size 48
check_fails "rx_buf_size 520 (not 16-aligned) refused" param rx_buf_size 520
check_fails "rx_buf_size 65552 (over 64 KiB) refused" param rx_buf_size 65552
check_fails "rx_buf_size abc refused" param rx_buf_size abc
for p in rx_buf_num:256 tx_buf_num:256 rx_buf_size:512 tx_buf_size:512; do
	param "${p%%:*}" "${p#*:}"
done
check "defaults restored" grep -qx 512 "$P/tx_buf_size"
check "send_timeout_ms default 15000" grep -qx 15000 "$P/send_timeout_ms"

check "rmmod ohost_rpmsg_char" rmmod ohost_rpmsg_char
check "rmmod ohost_virtio_rpmsg" rmmod ohost_virtio_rpmsg
check_fails "modprobe with rx_buf_num=5 fails" \
	modprobe ohost_virtio_rpmsg rx_buf_num=5
check "modprobe with rx_buf_num=64 tx_buf_size=1024" \
	modprobe ohost_virtio_rpmsg rx_buf_num=64 tx_buf_size=1024
check "rmmod again" rmmod ohost_virtio_rpmsg

i=0
while [ $i -lt 3 ]; do
	modprobe ohost_virtio_rpmsg && modprobe ohost_rpmsg_char &&
		rmmod ohost_rpmsg_char && rmmod ohost_virtio_rpmsg ||
		break
	i=$((i + 1))
done
check "3 load/unload cycles" test $i -eq 3

check "modules gone" sh -c '! grep -q "^ohost_\(virtio_rpmsg\|rpmsg_char\) " /proc/modules'

# "modprobe rpmsg_char" and "modprobe rpmsg_ctrl" (module aliases) load
# ours on a kernel without the in-tree modules; modprobe prefers a real
# module of that name where there is one.
intree() { grep -q "/$1\.ko" "/lib/modules/$(uname -r)/modules.dep"; }
if intree rpmsg_char; then
	skip "modprobe rpmsg_char loads ours: this kernel has its own rpmsg_char"
else
	check "modprobe rpmsg_char (alias) succeeds" modprobe rpmsg_char
	check "modprobe rpmsg_char loaded ohost_rpmsg_char" \
		grep -q '^ohost_rpmsg_char ' /proc/modules
	rmmod ohost_rpmsg_char 2>/dev/null
	check "modprobe rpmsg_ctrl (alias) loads ohost_rpmsg_char" \
		sh -c 'modprobe rpmsg_ctrl && grep -q "^ohost_rpmsg_char " /proc/modules'
	rmmod ohost_rpmsg_char 2>/dev/null
fi

# The in-tree rpmsg_char registers rpmsg_chrdev first: ours must refuse,
# with our one message and not the driver core's.
if intree rpmsg_char && modprobe rpmsg_char 2>/dev/null; then
	dmesg -c >/dev/null
	check_fails "ohost_rpmsg_char refused while rpmsg_char is loaded" \
		modprobe ohost_rpmsg_char
	# busybox tries finit_module, then init_module: one line per attempt
	n=$(kmsg | grep -c 'ohost_rpmsg_char: drivers rpmsg_chrdev/rpmsg_ctrl already registered')
	m=$(kmsg | grep -c 'ohost_rpmsg_char')
	check "one explanation per load attempt, nothing else ($n of $m)" \
		test "$n" -ge 1 -a "$n" -eq "$m"
	check_fails "no driver-core 'already registered' error" \
		sh -c "dmesg | grep -q 'is already registered, aborting'"
	rmmod rpmsg_ctrl 2>/dev/null
	check "rmmod rpmsg_char" rmmod rpmsg_char
	check "ohost_rpmsg_char loads once it is gone" modprobe ohost_rpmsg_char
	rmmod ohost_rpmsg_char
else
	skip "in-tree rpmsg_char not available on this kernel"
fi
done_testing
