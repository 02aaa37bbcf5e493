# SPDX-License-Identifier: GPL-2.0
# The kernel came up through the ZynqMP EL3 stub (BOOT=zynqmp-stub) and the
# stock kernel's own built-in drivers took the stub for ZynqMP firmware:
# PSCI over SMC, zynqmp_firmware (PM API and TrustZone versions), its power
# domain cell, and both zynqmp-ipi mailbox controllers.  (PSCI SYSTEM_OFF
# is proven by the run ending: init's poweroff -f must stop QEMU.)
. /ohost/lib.sh

# init cleared the syslog buffer; /dev/kmsg still has the boot messages.
timeout 1 cat /dev/kmsg > /tmp/boot.kmsg 2>/dev/null
booted() {
	grep -q "$1" /tmp/boot.kmsg
}

check "PSCI 1.0 found over SMC" booted "psci: PSCIv1.0 detected in firmware"
check "SMCCC v1.1" booted "psci: SMC Calling Convention v1.1"
check "zynqmp_firmware: PM API v1.1" \
	booted "zynqmp_firmware_probe Platform Management API v1.1"
check "zynqmp_firmware: TrustZone v1.0" \
	booted "zynqmp_firmware_probe Trustzone version v1.0"
check "zynqmp_firmware bound" \
	test -e /sys/bus/platform/drivers/zynqmp_firmware/firmware:zynqmp-firmware
check "PM domain cell bound" \
	sh -c 'ls /sys/bus/platform/drivers/zynqmp_power_controller/ | grep -q zynqmp'
for n in 1 2; do
	check "zynqmp-ipi bound to zynqmp-ipi$n" \
		test -e /sys/bus/platform/drivers/zynqmp-ipi/zynqmp-ipi$n
done
check "IPI mailbox to RPU0 registered" \
	booted "mailbox@ff990600: Registered ZynqMP IPI mbox with TX/RX channels"
check "IPI mailbox to RPU1 registered" \
	booted "mailbox@ff990640: Registered ZynqMP IPI mbox with TX/RX channels"
check "IPI interrupt requested" grep -q "zynqmp-ipi" /proc/interrupts
check_fails "no zynqmp errors" grep -qi "zynqmp.*\(fail\|error\)" /tmp/boot.kmsg
done_testing
