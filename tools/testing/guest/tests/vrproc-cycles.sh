# SPDX-License-Identifier: GPL-2.0
# Virtual remote processor: 50 stop/start cycles of the echo firmware; the
# rpmsg channel must come back every time.  Needs the run's vrprocd daemon.
. /ohost/lib.sh

chan() { has_channel rpmsg-openamp-demo-channel; }

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_vrproc" modprobe ohost_vrproc devices="$dev"
rp=$(rproc_of "$dev")
echo ohost-echo.elf > "$rp/firmware"

# The run gives this test 900 s (vrproc-cycles:900): on a slow (debug, shared)
# machine, stop early and say so rather than time out.
cycles=50
budget=800
t0=$(cut -d. -f1 /proc/uptime)
bad_start=0 bad_run=0 bad_chan=0 bad_stop=0 bad_off=0
i=0
while [ $i -lt "$cycles" ]; do
	if [ $(($(cut -d. -f1 /proc/uptime) - t0)) -ge $budget ]; then
		skip "only $i of $cycles cycles within ${budget} s"
		cycles=$i
		break
	fi
	i=$((i + 1))
	echo start > "$rp/state" || bad_start=$((bad_start + 1))
	grep -qx running "$rp/state" || bad_run=$((bad_run + 1))
	wait_for 5 chan || bad_chan=$((bad_chan + 1))
	echo stop > "$rp/state" || bad_stop=$((bad_stop + 1))
	grep -qx offline "$rp/state" || bad_off=$((bad_off + 1))
done
[ $bad_start -eq 0 ] && ok "$cycles starts" || not_ok "$bad_start of $cycles starts failed"
[ $bad_run -eq 0 ] && ok "running after every start" || not_ok "$bad_run times not running"
[ $bad_chan -eq 0 ] && ok "channel announced every time" || not_ok "$bad_chan times no channel"
[ $bad_stop -eq 0 ] && ok "$cycles stops" || not_ok "$bad_stop stops failed"
[ $bad_off -eq 0 ] && ok "offline after every stop" || not_ok "$bad_off times not offline"
check_fails "no channel left behind" chan
check "rmmod ohost_vrproc" rmmod ohost_vrproc
done_testing
