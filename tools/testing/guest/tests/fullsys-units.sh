# SPDX-License-Identifier: GPL-2.0
# Full system (BOOT=rootfs), after fullsys-install: the packaged udev rules
# and systemd units on a booted Debian system.  The remote is the virtual
# remote processor, configured the way a developer without a board would
# (modprobe.d); the firmware is the project's echo image in /lib/firmware.
# An unprivileged user in group rpmsg runs the packaged echo_test through
# the stable /dev/rpmsg/<remote>/ names; one outside the group is refused.
. /ohost/lib.sh

dev=$(ivshmem_dev) || { echo "# no ivshmem-doorbell device"; exit 4; }
check "group rpmsg exists" getent group rpmsg

# A module option is how a user points the virtual remote at its device.
echo "options ohost_vrproc devices=$dev" > /etc/modprobe.d/ohost-vrproc.conf
check "modprobe ohost_vrproc" modprobe ohost_vrproc
rp=$(rproc_of "$dev" 2>/dev/null)
[ -n "$rp" ] || { not_ok "remoteproc on $dev"; done_testing; }
name=$(cat "$rp/name")
echo "# remote processor: $(basename "$rp") named '$name'"
unit="openamp-rproc@$name.service"

# A minimal install has no firmware packages, so no /lib/firmware yet.
mkdir -p /lib/firmware
cp /ohost/firmware/ohost-echo.elf /lib/firmware/
mkdir -p /etc/openamp-host
echo "FIRMWARE=ohost-echo.elf" > "/etc/openamp-host/$name.conf"
check "systemctl start $unit" systemctl start "$unit"
systemctl status --no-pager "$unit" 2>&1 | sed 's/^/# status: /' | tail -n 12
check "$unit active" systemctl is-active -q "$unit"
check "remote running" grep -qx running "$rp/state"
check "firmware is the configured one" grep -qx ohost-echo.elf "$rp/firmware"

chan=rpmsg-openamp-demo-channel
check "the transport module loads by alias: channel announced" \
	wait_for 10 has_channel "$chan"
check "/dev/rpmsg/$name/ctrl is a link to an rpmsg_ctrl node" wait_for 10 \
	sh -c "readlink -f /dev/rpmsg/$name/ctrl | grep -q '^/dev/rpmsg_ctrl[0-9]'"
# Binding a channel writes driver_override: root's part, done once.
check "ohost-cli rpmsg bind (root)" \
	ohost-cli rpmsg bind --wait 5 --rproc "$name" --service "$chan"
check "/dev/rpmsg/$name/$chan is a link to an rpmsg node" wait_for 10 \
	sh -c "readlink -f /dev/rpmsg/$name/$chan | grep -q '^/dev/rpmsg[0-9]'"
ls -l /dev/rpmsg* /dev/rpmsg/"$name"/ 2>&1 | sed 's/^/# /'
for node in /dev/rpmsg_ctrl* /dev/rpmsg[0-9]*; do
	[ -c "$node" ] || continue
	check "$node: group rpmsg, mode 0660" \
		test "$(stat -c '%G %a' "$node")" = "rpmsg 660"
done
if grep -q '^CONFIG_REMOTEPROC_CDEV=y' "/boot/config-$(uname -r)"; then
	check "/dev/remoteproc/$name links to the remoteproc node" \
		sh -c "readlink -f /dev/remoteproc/$name | grep -q '^/dev/remoteproc[0-9]'"
else
	skip "/dev/remoteproc/$name: kernel without CONFIG_REMOTEPROC_CDEV"
fi

useradd -m -G rpmsg alice 2>/dev/null
useradd -m bob 2>/dev/null
# bob first: the demo firmware removes its channel when echo_test ends,
# so after alice's run bob would find no channel instead of a refusal.
runuser -u bob -- timeout 60 /usr/bin/echo_test -q -n 1 > /tmp/bob.out 2>&1
rc=$?
sed 's/^/# bob: /' /tmp/bob.out | tail -n 3
check "bob (not in group rpmsg) is refused (exit $rc)" test "$rc" -ne 0
check "bob's refusal says permission" grep -qi 'permission' /tmp/bob.out
check "alice (group rpmsg): packaged echo_test passes" \
	runuser -u alice -- timeout 60 /usr/bin/echo_test -q -n 2

check "systemctl stop $unit" systemctl stop "$unit"
check "remote offline after stop" grep -qx offline "$rp/state"

# A firmware that does not exist: the unit fails and its log carries the
# kernel's own reason, not only an exit status.
echo "FIRMWARE=no-such-firmware.elf" > "/etc/openamp-host/$name.conf"
check_fails "start with a missing firmware fails" systemctl start "$unit"
journalctl -q --no-pager -u "$unit" | tail -n 8 | sed 's/^/# journal: /'
check "the unit's log has the kernel's reason" sh -c \
	"journalctl -q --no-pager -u '$unit' | grep -Eq 'no-such-firmware.elf.*(failed|error -2)|request_firmware failed'"
check "remote still offline" grep -qx offline "$rp/state"

# The proxy: the rpc firmware writes a file, prints to its console and
# ends the session with TERM; openamp-proxy@ serves it from its state
# directory, sandboxed, as a dynamic user in group rpmsg.
proxy="openamp-proxy@$name.service"
cp /ohost/firmware/ohost-rpc.elf /lib/firmware/
echo "FIRMWARE=ohost-rpc.elf" > "/etc/openamp-host/$name.conf"
systemctl reset-failed "$unit"
check "systemctl start $proxy (starts $unit too)" systemctl start "$proxy"
check "the remote's session ends: proxyd exits 0 on TERM" wait_for 60 sh -c \
	"systemctl show -p ExecMainStatus --value '$proxy' | grep -qx 0 &&
	 ! systemctl is-active -q '$proxy'"
journalctl -q --no-pager -u "$proxy" | tail -n 15 | sed 's/^/# journal: /'
state=/var/lib/openamp-proxy/$name
check "remote.file written in $state" \
	grep -q "This is a test string" "$state/remote.file"
check "the remote's console reached the journal" sh -c \
	"journalctl -q --no-pager -u '$proxy' | grep -q 'retargetting to proxy initialized'"
check "the escape attempt was refused" sh -c \
	"journalctl -q --no-pager -u '$proxy' | grep -q 'rpc-escape.file.*refused'"
check_fails "nothing written outside the state directory" \
	sh -c "ls /var/lib/openamp-proxy/rpc-escape.file /var/lib/rpc-escape.file 2>/dev/null | grep -q ."
check "stop $unit" systemctl stop "$unit"

# Back to the echo firmware; the shutdown at the end stops it (ExecStop).
echo "FIRMWARE=ohost-echo.elf" > "/etc/openamp-host/$name.conf"
check "start again" systemctl start "$unit"
check "bind again after the restart" \
	ohost-cli rpmsg bind --wait 5 --rproc "$name" --service "$chan"
check "echo_test as alice after a restart" \
	runuser -u alice -- timeout 60 echo_test -q -n 1
done_testing
