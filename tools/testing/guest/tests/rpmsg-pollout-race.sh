# SPDX-License-Identifier: GPL-2.0
# EPOLLOUT must not be lost when TX buffers come back between the
# transport's last look at the used ring and re-enabling its TX-complete
# callback (no interrupt announces those).  The run's remote holds
# returned buffers back (vrprocd --inject tx-hold=100) and gives them back
# while the host still has the callback off (it honours NO_INTERRUPT);
# ohost_testhook_delay holds ohost_vring_enable_cb() on the TX ring for
# 300 ms so that the return lands in that window every time.  POLLOUT is
# due about 400 ms after the ring filled; a lost wakeup shows only when
# poll() times out (6 s), so 4 s tells them apart even on a loaded host.  The
# messages go to an address where nothing answers, so that no reply wakes
# the poller for another reason.
. /ohost/lib.sh

has_chan() { has_channel rpmsg-openamp-demo-channel; }

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_virtio_rpmsg	# before the hook: it probes a function of it
modprobe ohost_testhook_delay symbol=ohost_vring_enable_cb ohost_ring=1 2>/dev/null ||
	{ echo "# no kprobes in this kernel: ohost_testhook_delay not built"; exit 4; }
modprobe ohost_rpmsg_char
modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev" 2>/dev/null)
[ -n "$rp" ] || { not_ok "remoteproc registered"; done_testing; }

echo ohost-echo.elf > "$rp/firmware"
check "start" sh -c "echo start > $rp/state"
check "demo channel announced" wait_for 10 has_chan
echo 300 > /sys/module/ohost_testhook_delay/parameters/delay_ms
rpmsg-pollout --timeout 6000 --within 4000 --rounds 3 --dst 4096 > /tmp/po.out 2>&1
rc=$?
echo 0 > /sys/module/ohost_testhook_delay/parameters/delay_ms
sed 's/^/# pollout: /' /tmp/po.out
hits=$(cat /sys/module/ohost_testhook_delay/parameters/hits)
check "the hook held ohost_vring_enable_cb() on the TX ring ($hits times)" test "$hits" -gt 0
check "POLLOUT after every full ring, buffers returned inside the window (exit $rc)" \
	test "$rc" -eq 0
check "stop" sh -c "echo stop > $rp/state"
rmmod ohost_vrproc
rmmod ohost_rpmsg_char
rmmod ohost_virtio_rpmsg
check "rmmod ohost_testhook_delay" rmmod ohost_testhook_delay
done_testing
