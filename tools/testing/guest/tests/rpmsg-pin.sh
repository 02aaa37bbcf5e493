# SPDX-License-Identifier: GPL-2.0
# An open /dev/rpmsgN or /dev/rpmsg_proxyN holds its channel device, whose
# release is code of ohost_virtio_rpmsg: while the file is open the
# transport module cannot be unloaded, after close it can, and the last
# close after the remote and its virtio device are gone runs no freed code
# (the harness fails the run on an oops).  Needs the run's vrprocd.
. /ohost/lib.sh

chan() { ls /sys/bus/rpmsg/devices/ | grep '\.rpmsg-openamp-demo-channel\.'; }
loaded() { grep -q "^$1 " /proc/modules; }

# up: transport + remote with the echo firmware, demo channel announced
up() {
	modprobe ohost_virtio_rpmsg && modprobe ohost_vrproc devices="$dev" &&
		rp=$(rproc_of "$dev") && echo ohost-echo.elf > "$rp/firmware" &&
		echo start > "$rp/state" && wait_for 10 chan
}

# bind DRIVER: the demo channel to DRIVER through driver_override
bind() {
	local c
	c=$(chan) || return 1
	echo "$1" > "/sys/bus/rpmsg/devices/$c/driver_override" &&
		echo "$c" > "/sys/bus/rpmsg/drivers/$1/bind"
}

# pinned WHAT: with fd 3 open on WHAT, the remote goes; the transport
# stays until fd 3 is closed.
pinned() {
	check "rmmod ohost_vrproc with $1 open" rmmod ohost_vrproc
	check_fails "rmmod ohost_virtio_rpmsg refused while $1 is open" \
		rmmod ohost_virtio_rpmsg
	check "ohost_virtio_rpmsg still loaded" loaded ohost_virtio_rpmsg
	echo "# refcnt $(cat /sys/module/ohost_virtio_rpmsg/refcnt 2>/dev/null)"
	exec 3>&-
	check "rmmod ohost_virtio_rpmsg after close" rmmod ohost_virtio_rpmsg
	check_fails "ohost_virtio_rpmsg gone" loaded ohost_virtio_rpmsg
}

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_rpmsg_char
modprobe ohost_rpmsg_proxy

check "echo firmware up" up
check "demo channel bound to rpmsg_chrdev" bind rpmsg_chrdev
n=$(ls "/sys/bus/rpmsg/devices/$(chan)/rpmsg/" 2>/dev/null | head -n1)
if [ -n "$n" ] && [ -c "/dev/$n" ]; then
	exec 3<> "/dev/$n"
	ok "/dev/$n open"
	pinned "/dev/$n"
else
	not_ok "open the channel's /dev/rpmsgN"
	rmmod ohost_vrproc
	rmmod ohost_virtio_rpmsg
fi

check "echo firmware up again" up
check "demo channel bound to ohost_rpmsg_proxy" bind ohost_rpmsg_proxy
check "/dev/rpmsg_proxy0 appears" wait_for 5 test -c /dev/rpmsg_proxy0
if [ -c /dev/rpmsg_proxy0 ]; then
	exec 3<> /dev/rpmsg_proxy0
	ok "/dev/rpmsg_proxy0 open"
	pinned /dev/rpmsg_proxy0
else
	not_ok "open /dev/rpmsg_proxy0"
	rmmod ohost_vrproc
	rmmod ohost_virtio_rpmsg
fi

check "rmmod ohost_rpmsg_proxy" rmmod ohost_rpmsg_proxy
check "rmmod ohost_rpmsg_char" rmmod ohost_rpmsg_char
done_testing
