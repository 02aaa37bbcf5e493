# SPDX-License-Identifier: GPL-2.0
# A 16 MiB firmware image (ohost-echo-16m.elf: one PT_LOAD of 16 MiB of
# pseudo-random bytes at da 0x3ee00000) loads into the bigger remote
# memory (vrprocd --mem-size 0x10f0000), byte for byte: the daemon hashes
# what Linux loaded at START (--checksum 0x3ee00000:0x1000000, in the
# trace buffer) and the hash must equal that of the segment in the file.
# Its app answers echo_test; make bench's fwload-bench runs (numbers not
# judged).  Needs the run's LARGE_FIRMWARE=ohost-echo-16m.elf.
. /ohost/lib.sh

fw=/lib/firmware/ohost-echo-16m.elf
[ -f "$fw" ] || { not_ok "$fw in the initramfs (LARGE_FIRMWARE=)"; done_testing; }
if bench_up; then ok "echo firmware up"; else not_ok "echo firmware up"; done_testing; fi
echo stop > "$rp/state"
trace=/sys/kernel/debug/remoteproc/$(basename "$rp")/trace0

want=$(fwload-bench --segment-sums "$fw" | grep '^0x3ee00000 0x1000000 ')
echo "# segment in the file: $want"
check "the file's 16 MiB segment hashed" test -n "$want"
echo ohost-echo-16m.elf > "$rp/firmware"
check "start ohost-echo-16m.elf" sh -c "echo start > $rp/state"
check "demo channel announced" wait_for 5 has_channel rpmsg-openamp-demo-channel
got=$(grep -o 'vrproc: checksum .*' "$trace" | tail -n 1)
echo "# the daemon at START: $got"
check "the remote's memory holds the 16 MiB segment byte for byte" \
	test "$got" = "vrproc: checksum $want"
check "echo_test against the 16 MiB image's app" echo_test -q -n 2
check "stop" sh -c "echo stop > $rp/state"

out=$(fwload-bench --boot "$rp" --big ohost-echo-16m.elf --small ohost-echo.elf \
	--runs 1 --channel rpmsg-openamp-demo-channel --label check)
rc=$?
echo "# fwload-bench: $out"
check "fwload-bench --boot: both images booted and stopped, one JSON line" \
	sh -c "test $rc -eq 0 && echo '$out' | grep -q '^{\"label\":\"check\",\"test\":\"fwload\",.*\"ratio\":'"
check "remote offline after fwload-bench" grep -qx offline "$rp/state"
done_testing
