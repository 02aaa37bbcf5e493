# SPDX-License-Identifier: GPL-2.0
# Two-way IPI between Linux (stock zynqmp-ipi driver, test client module)
# and the host "R5" (tools/testing/zynqmp/r5host.py) through the EL3 stub:
# Linux's notify reaches the host through the stub state page, the host's
# ack ends Linux's tx-done poll, and the host's reply comes back as the IPI
# interrupt (ivshmem doorbell -> ohost_testhook_ipi_bridge -> SPI).  Then
# power/boot calls made to the stub are seen by the host.
. /ohost/lib.sh

D=/sys/kernel/debug/ohost_ipi_client
ROUNDS=20

check "load ohost_testhook_ipi_bridge" modprobe ohost_testhook_ipi_bridge
check "bridge bound to the ivshmem doorbell" \
	sh -c 'ls /sys/bus/pci/drivers/ohost_testhook_ipi_bridge/ | grep -q :'
check "load ohost_testhook_ipi_client" modprobe ohost_testhook_ipi_client
if ! check "client has its tx and rx channels" test -e $D/send; then
	done_testing
fi

rx_count() {
	cut -d' ' -f1 $D/rx
}

# send MSG: write it to the tx channel (returns after the host's ack).
send() {
	printf '%s' "$1" > $D/send
}

# rx_is N TEXT: the Nth message received is TEXT.
rx_is() {
	[ "$(cat $D/rx)" = "$1 32 $2" ]
}

n0=$(rx_count)
acked=0 replied=0 first=
for i in $(seq 1 $ROUNDS); do
	if send "ping $i"; then
		acked=$((acked + 1))
	else
		: "${first:=send $i: no tx-done}"
		continue
	fi
	if wait_for 5 rx_is $((n0 + i)) "pong ping $i"; then
		replied=$((replied + 1))
	else
		: "${first:=reply $i: rx is '$(cat $D/rx)'}"
		break
	fi
done
[ -n "$first" ] && echo "# first failure: $first"
check "$ROUNDS requests acknowledged by the host (tx-done)" \
	[ $acked -eq $ROUNDS ]
check "$ROUNDS replies received through the IPI interrupt" \
	[ $replied -eq $ROUNDS ]
check "every reply came by doorbell" \
	[ "$(cat /sys/module/ohost_testhook_ipi_bridge/parameters/doorbells)" -ge $ROUNDS ]

# smc FID X1 X2 X3: one ZynqMP SiP call; prints "a0 a1 a2 a3".
smc() {
	echo "$*" > $D/smc && cat $D/smc
}

# ask: the host's summary of RPU0 ("p r w b m t", see r5host.py).
ask() {
	local n
	n=$(rx_count)
	send state && wait_for 5 sh -c "[ \$(cut -d' ' -f1 $D/rx) -gt $n ]" &&
		cut -d' ' -f3- $D/rx
}

check "FEATURE_CHECK(IOCTL): v2, ioctls 0-3" \
	[ "$(smc c200003f 22)" = "200000000 f 0 0" ]
check "unknown SiP call: -1" [ "$(smc c2000099)" = "ffffffff 0 0 0" ]
check "request node TCM_0_A" [ "$(smc c200000d 10000000f 0 0)" = "0 0 0 0" ]
check "TCM_0_A status: on, requested" \
	[ "$(smc c2000003 f)" = "100000000 100000001 0 0" ]
check "ioctl SET_RPU_OPER_MODE split" \
	[ "$(smc c2000022 100000007 1)" = "0 0 0 0" ]
check "ioctl GET_RPU_OPER_MODE: split" \
	[ "$(smc c2000022 7)" = "100000000 0 0 0" ]
check "ioctl TCM_COMB_CONFIG split" [ "$(smc c2000022 300000007 1)" = "0 0 0 0" ]
check "request wakeup RPU0 at 0x7ed00000" \
	[ "$(smc c200000a 7ed0000100000007 0)" = "0 0 0 0" ]
state=$(ask)
echo "# host sees: $state"
check "host sees RPU0 running from 0x7ed00000, split mode" \
	[ "$state" = "p1 r1 w1 b7ed00000 m1 t1" ]
check "force power down RPU0" [ "$(smc c2000008 7)" = "0 0 0 0" ]
check "RPU0 status: off" [ "$(smc c2000003 7)" = "0 0 0 0" ]
state=$(ask)
echo "# host sees: $state"
check "host sees RPU0 stopped" [ "$state" = "p0 r0 w1 b7ed00000 m1 t1" ]
check "release node TCM_0_A" [ "$(smc c200000e f)" = "0 0 0 0" ]

check "rmmod ohost_testhook_ipi_client" rmmod ohost_testhook_ipi_client
check "rmmod ohost_testhook_ipi_bridge" rmmod ohost_testhook_ipi_bridge
done_testing
