# SPDX-License-Identifier: GPL-2.0
# rpmsg-bench --quick (the program of make bench) on this project's stack:
# round trips and 1..128 messages in flight at every size, every echoed
# byte checked; the numbers are not judged.
. /ohost/lib.sh

if bench_up; then ok "echo firmware up"; else not_ok "echo firmware up"; done_testing; fi
check "this project's transport" test "$(bench_stack)" = project
rpmsg-bench --quick --label quick > /tmp/bench.out
rc=$?
sed 's/^/# bench: /' /tmp/bench.out
check "rpmsg-bench --quick: every echo correct" test "$rc" -eq 0
check "one JSON line per measurement (4 sizes x 5)" \
	test "$(grep -c '^{"label":"quick"' /tmp/bench.out)" -eq 20
check "rpmsg-bench --help" sh -c 'rpmsg-bench --help | grep -q "^usage:"'
check "rpmsg-bench refuses a size over 4096 (exit 2)" \
	sh -c 'rpmsg-bench --sizes 4097 2>/dev/null; test $? -eq 2'
check "remote stops" sh -c "echo stop > $rp/state"
done_testing
