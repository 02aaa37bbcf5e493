# SPDX-License-Identifier: GPL-2.0
# ohost_vrproc's debugfs counters and measurements, which make bench reads:
# "kicks" counts the doorbells of the vrings, "floor" times doorbell round
# trips (the daemon's PING command) and copies into the shared window.
# Every malformed request is refused with EINVAL, and nothing is measured
# while the remote is not running.
. /ohost/lib.sh

vrproc_setup
d=/sys/kernel/debug/remoteproc/$(basename "$rp")
floor=$d/floor

# write_err TEXT: what writing TEXT to the floor file reports (empty: done)
write_err() {
	sh -c "echo '$1' > $floor" 2>&1 | sed 's/.*: //'
}
# field NAME: a number of the last measurement's JSON object
field() {
	sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$floor"
}
kicks() { cat "$d/kicks"; }

check "debugfs has kicks and floor" test -r "$d/kicks" -a -w "$floor"
check_fails "nothing measured yet: reading floor fails" cat "$floor"
check "a stopped remote is not measured (ENODEV)" \
	test "$(write_err '10 0')" = "No such device"

echo ohost-echo.elf > "$rp/firmware"
check "start echo firmware" sh -c "echo start > $rp/state"
check "channel announced" wait_for 5 has_channel rpmsg-openamp-demo-channel

for bad in "0 0" "10001 0" "abc" "5" "5 1073741825" "5 5 x" "-1 5"; do
	err=$(write_err "$bad")
	check "floor refuses '$bad' (got: ${err:-success})" \
		test "$err" = "Invalid argument"
done

check "floor: 50 pings and 1 MiB copied" sh -c "echo '50 1048576' > $floor"
sed 's/^/# floor: /' "$floor"
min=$(field rtt_min_ns); med=$(field rtt_median_ns)
p99=$(field rtt_p99_ns); max=$(field rtt_max_ns)
check "50 round trips timed" test "$(field pings)" = 50
check "round trips ordered: 0 < min <= median <= p99 <= max" \
	test "${min:-0}" -gt 0 -a "$min" -le "$med" -a "$med" -le "$p99" \
		-a "$p99" -le "$max"
check "1 MiB copied at a measured rate, write-combined and write-back" \
	test "$(field copy_bytes)" = 1048576 -a "$(field copy_mb_per_s)" -gt 0 \
		-a "$(field copy_wb_mb_per_s)" -gt 0
# (echo_test ends the echo app: last)
k0=$(kicks)
check "echo_test after measuring: 2 rounds" echo_test -q -n 2
k1=$(kicks)
echo "# kicks: $k0 before echo_test, $k1 after"
check "echo_test's messages rang the remote's doorbell" test "$k1" -gt "$k0"

check "stop" sh -c "echo stop > $rp/state"
check "after stop: a new measurement is refused" \
	test "$(write_err '1 0')" = "No such device"
check "after stop: the last measurement is still there" \
	test "$(field pings)" = 50
done_testing
