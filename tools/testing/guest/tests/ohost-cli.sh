# SPDX-License-Identifier: GPL-2.0
# The command line of libohost-rpmsg (tools/ohost-cli, called as rproc and
# rpmsg) against the echo firmware on the virtual remote: rproc list,
# status, firmware, start, stop with and without --json; rpmsg list, ping
# and echo with every byte checked; misuse exit codes (2 usage, 3 no such
# remote processor or channel, 1 a failed operation); a refused start
# shows the kernel's reason; rpmsg bind; the udev helper rpmsg-devname
# names this remote's real devices (/dev/rpmsg/NAME/..., what
# 60-openamp-host.rules links; its sanitizer: tools/testing/devname).
# Needs the run's vrprocd daemon.
. /ohost/lib.sh

cli=$(command -v ohost-cli) || { echo "# no ohost-cli"; exit 4; }
mkdir -p /tmp/cli
ln -sf "$cli" /tmp/cli/rproc
ln -sf "$cli" /tmp/cli/rpmsg
PATH=/tmp/cli:$PATH

# rc_is WANT COMMAND...: COMMAND exits with WANT; its output in /tmp/cli.out
rc_is() {
	local want=$1 rc
	shift
	"$@" > /tmp/cli.out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/cli.out
	[ "$rc" -eq "$want" ] || { echo "# exit $rc, want $want"; return 1; }
}

# out_has TEXT: the last rc_is output contains TEXT (fixed string)
out_has() { grep -qF -- "$1" /tmp/cli.out; }

# json_is KEY VALUE: the last output has "KEY": "VALUE" (strings) or
# "KEY": VALUE (numbers, true/false)
json_is() {
	grep -qF -- "\"$1\": \"$2\"" /tmp/cli.out ||
		grep -qF -- "\"$1\": $2," /tmp/cli.out ||
		grep -qF -- "\"$1\": $2}" /tmp/cli.out
}

vrproc_setup
name=$(cat "$rp/name")
rdev=$(basename "$rp")
echo "# remote processor $rdev: $name"
chan() { has_channel rpmsg-openamp-demo-channel; }

check "rproc list: exit 0" rc_is 0 rproc list
check "rproc list names $name" out_has "$name"
check "rproc list --json: exit 0" rc_is 0 rproc list --json
check "rproc list --json: device and name" \
	out_has "{\"device\": \"$rdev\", \"name\": \"$name\""
check "rproc status --json: offline" \
	eval "rc_is 0 rproc status '$name' --json && json_is state offline"
# A refused start prints the kernel's own lines about this remote.
check "rproc start NAME missing.elf: exit 1" rc_is 1 rproc start "$name" ohost-missing.elf
check "... shows the kernel's reason" \
	out_has "kernel: remoteproc $rdev: Direct firmware load for ohost-missing.elf failed"
check "rproc start NAME bad firmware: exit 1" \
	rc_is 1 rproc start "$name" ohost-bad-segment.elf
check "... shows the firmware check's reason" \
	eval "out_has 'kernel: ' && out_has 'ohost-bad-segment.elf rejected'"
check "rproc firmware NAME ohost-echo.elf" rc_is 0 rproc firmware "$name" ohost-echo.elf
check "rproc firmware --json reads it back" \
	eval "rc_is 0 rproc --json firmware '$rdev' && json_is firmware ohost-echo.elf"
check "rproc start" rc_is 0 rproc start "$name"
check "rproc status --json: running" \
	eval "rc_is 0 rproc status '$name' --json && json_is state running"
check "channel announced" wait_for 5 chan
check "rproc start again fails: exit 1" rc_is 1 rproc start "$name"
check "rproc firmware while running fails: exit 1" \
	rc_is 1 rproc firmware "$name" ohost-echo.elf

check "rpmsg list shows the demo channel" \
	eval "rc_is 0 rpmsg list && out_has rpmsg-openamp-demo-channel"
check "rpmsg list -r NAME --json: service and remote processor" \
	eval "rc_is 0 rpmsg list -r '$name' --json &&
	       json_is service rpmsg-openamp-demo-channel && json_is rproc '$name'"
check "rpmsg ping" eval "rc_is 0 rpmsg ping -r '$name' && out_has ' us'"
check "rpmsg ping --json" \
	eval "rc_is 0 rpmsg ping --json && json_is ok true && json_is errors 0"
check "rpmsg echo: 200 x 496 bytes, every byte checked" \
	eval "rc_is 0 rpmsg echo -r '$name' -n 200 -l 496 --json &&
	       json_is messages 200 && json_is errors 0 && json_is ok true"
check "rpmsg echo: 50 x 1 byte" rc_is 0 ohost-cli rpmsg echo -n 50 -l 1
check "rproc status lists the channel" \
	eval "rc_is 0 rproc status '$name' && out_has rpmsg-openamp-demo-channel"
check "no endpoint device left behind" \
	sh -c '! ls /sys/class/rpmsg/rpmsg_ctrl*/ | grep -q "^rpmsg[0-9]"'

# The udev helper on this remote's real sysfs devices.
devname=/ohost/bin/rpmsg-devname
for ctrl in /sys/class/rpmsg/rpmsg_ctrl*; do break; done
ctrl=$(basename "$ctrl")
check "rpmsg-devname $rdev: remoteproc/$name" \
	eval "rc_is 0 $devname $rdev && [ \"\$(cat /tmp/cli.out)\" = 'remoteproc/$name' ]"
check "rpmsg-devname $ctrl: rpmsg/$name/ctrl" \
	eval "rc_is 0 $devname $ctrl && [ \"\$(cat /tmp/cli.out)\" = 'rpmsg/$name/ctrl' ]"
check "rpmsg-devname takes udev's devpath" \
	eval "rc_is 0 $devname '$(readlink -f "/sys/class/rpmsg/$ctrl" | sed 's|^/sys||')' &&
	       [ \"\$(cat /tmp/cli.out)\" = 'rpmsg/$name/ctrl' ]"
check "rpmsg bind: exit 0" \
	eval "rc_is 0 rpmsg bind -r '$name' && out_has ': rpmsg_chrdev'"
ept=$(grep -lx rpmsg-openamp-demo-channel /sys/class/rpmsg/rpmsg[0-9]*/name 2>/dev/null |
	head -1 | xargs -r dirname | xargs -r basename)
echo "# bound channel's endpoint device: ${ept:-none}"
check "rpmsg bind: the channel's own /dev/rpmsgN" test -c "/dev/$ept"
want="rpmsg/$name/rpmsg-openamp-demo-channel rpmsg/$name/rpmsg-openamp-demo-channel.${ept#rpmsg}"
check "rpmsg-devname $ept: $want" \
	eval "rc_is 0 $devname '$ept' && [ \"\$(cat /tmp/cli.out)\" = '$want' ]"
check "rpmsg bind again: exit 0" rc_is 0 rpmsg bind -r "$name"
check "rpmsg ping through the bound channel" rc_is 0 rpmsg ping -r "$name"
check "rpmsg bind -s nosuch: exit 3" rc_is 3 rpmsg bind -s nosuch-service
check "rpmsg-devname of a device that is not there: exit 1" \
	rc_is 1 $devname rpmsg999

check "rproc stop" rc_is 0 rproc stop "$name"
check "rproc status --json: offline" \
	eval "rc_is 0 rproc status '$name' --json && json_is state offline"
check "rpmsg list -r NAME --json: no channel" \
	eval "rc_is 0 rpmsg list -r '$name' --json && out_has '[]'"
check "rproc stop again fails: exit 1" rc_is 1 rproc stop "$name"

# misuse
check "rproc status of an unknown remote: exit 3" \
	eval "rc_is 3 rproc status nosuch-rproc &&
	       out_has \"no remote processor 'nosuch-rproc'\""
check "rproc start of an unknown remote: exit 3" rc_is 3 ohost-cli rproc start nosuch-rproc
check "rpmsg ping on an unknown remote: exit 3" \
	eval "rc_is 3 rpmsg ping -r nosuch-rproc &&
	       out_has \"no remote processor 'nosuch-rproc'\""
check "rpmsg ping with the remote stopped: exit 3" \
	eval "rc_is 3 rpmsg ping && out_has 'no rpmsg channel'"
check "rproc --bogus: exit 2" rc_is 2 rproc --bogus list
check "rproc status without NAME: exit 2" rc_is 2 rproc status
check "rproc frobnicate: exit 2" rc_is 2 rproc frobnicate
check "rpmsg echo -l 0: exit 2" rc_is 2 rpmsg echo -l 0
check "ohost-cli without a group: exit 2" rc_is 2 ohost-cli
check "rpmsg --help: exit 0" eval "rc_is 0 rpmsg --help && out_has usage:"

check "rmmod ohost_vrproc" rmmod ohost_vrproc
done_testing
