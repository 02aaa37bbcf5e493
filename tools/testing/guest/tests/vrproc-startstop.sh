# SPDX-License-Identifier: GPL-2.0
# Virtual remote processor: bind the ivshmem-doorbell device, start the echo
# firmware through sysfs, see the rpmsg vdev and the name-service
# announcement, stop it again.  Needs the run's vrprocd daemon.
. /ohost/lib.sh

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
modprobe ohost_virtio_rpmsg
modprobe ohost_rpmsg_char
check "modprobe ohost_vrproc devices=$dev" modprobe ohost_vrproc devices="$dev"
rp=$(ls -d /sys/bus/pci/devices/"$dev"/remoteproc/remoteproc* 2>/dev/null | head -n1)
if [ -z "$rp" ]; then
	not_ok "remoteproc registered for $dev"
	done_testing
fi
ok "remoteproc registered: $(basename "$rp")"
check "state is offline" grep -qx offline "$rp/state"

echo ohost-echo.elf > "$rp/firmware"
check "start ohost-echo.elf" sh -c "echo start > $rp/state"
check "state is running" grep -qx running "$rp/state"
chan() { has_channel rpmsg-openamp-demo-channel; }
check "name service announced rpmsg-openamp-demo-channel" wait_for 5 chan
ls /sys/bus/rpmsg/devices/ | sed 's/^/# rpmsg: /'
trace=$(cat /sys/kernel/debug/remoteproc/$(basename "$rp")/trace0 2>/dev/null)
echo "$trace" | sed 's/^/# trace0: /'
check "remote's trace buffer shows the app" sh -c "echo '$trace' | grep -q 'app echo'"

check "stop" sh -c "echo stop > $rp/state"
check "state is offline again" grep -qx offline "$rp/state"
check_fails "channel gone" chan

check "start again" sh -c "echo start > $rp/state"
check "running again" grep -qx running "$rp/state"
check "channel back" wait_for 5 chan
check "stop again" sh -c "echo stop > $rp/state"
check "rmmod ohost_vrproc" rmmod ohost_vrproc

# Without devices=, the driver binds nothing until told to.
bound() { [ -e /sys/bus/pci/devices/"$dev"/driver ] && ls -d /sys/bus/pci/devices/"$dev"/remoteproc/remoteproc* >/dev/null 2>&1; }
check "modprobe ohost_vrproc without devices=" modprobe ohost_vrproc
check_fails "binds nothing by itself" bound
echo "1af4 1110" > /sys/bus/pci/drivers/ohost_vrproc/new_id
check "new_id 1af4 1110 binds the device" wait_for 2 bound
echo "$dev" > /sys/bus/pci/drivers/ohost_vrproc/unbind
check_fails "unbind" bound
check "rmmod" rmmod ohost_vrproc
check "modprobe again" modprobe ohost_vrproc
echo ohost_vrproc > /sys/bus/pci/devices/"$dev"/driver_override
echo "$dev" > /sys/bus/pci/drivers_probe
check "driver_override binds the device" wait_for 2 bound
echo > /sys/bus/pci/devices/"$dev"/driver_override
check "rmmod after driver_override" rmmod ohost_vrproc
done_testing
