# SPDX-License-Identifier: GPL-2.0
# rpmsg-lite-style firmware (run imx-lite): ohost-m4-lite-echo.elf has no
# resource table; the device tree says openamp-host,fixed-vrings = <256>,
# so the driver builds the table itself with the vrings at vdev0vring0/1;
# vrprocd --imx-rpmsg-lite reads no table, brings the link up only at
# Linux's first kick and then announces its channel.  echo_test passes,
# in two boots.
. /ohost/lib.sh

command -v echo_test >/dev/null || { echo "# no echo_test"; exit 4; }
modprobe ohost_testhook_mu
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_imx_rproc" modprobe ohost_imx_rproc
r=$(imx_rproc)
check "an i.MX remoteproc" test -n "$r"
[ -n "$r" ] || done_testing
for round in 1 2; do
	echo ohost-m4-lite-echo.elf > "$r/firmware"
	check "round $round: start the image without a resource table" \
		sh -c "echo start > $r/state"
	check "round $round: channel announced after the first kick" \
		wait_for 10 rproc_has_chan "$r"
	check "round $round: echo_test" echo_test -q -n 1 -d "$(rproc_chan_of "$r")"
	check "round $round: stop" sh -c "echo stop > $r/state"
done
check "rmmod ohost_imx_rproc" rmmod ohost_imx_rproc
done_testing
