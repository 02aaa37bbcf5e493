# SPDX-License-Identifier: GPL-2.0
# make bench, one boot: rpmsg-bench's full run on whichever rpmsg stack the
# run loaded (tools/bench/bench.py reads the "# bench: " JSON lines).
. /ohost/lib.sh

if bench_up; then ok "echo firmware up"; else not_ok "echo firmware up"; done_testing; fi
stack=$(bench_stack)
echo "# stack $stack: $(lsmod | grep -E 'rpmsg|vrproc' | awk '{print $1}' | tr '\n' ' ')"
rpmsg-bench --label "$stack" > /tmp/bench.out
rc=$?
sed 's/^/# bench: /' /tmp/bench.out
check "rpmsg-bench on the $stack stack: every echo correct" test "$rc" -eq 0
check "remote stops" sh -c "echo stop > $rp/state"
done_testing
