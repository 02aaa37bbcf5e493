# SPDX-License-Identifier: GPL-2.0
# Harness self-test: a module that leaks memory.  Every check passes; the
# kmemleak scan at the end of the run must still fail it.
. /ohost/lib.sh
check "load ohost_selftest_leak" modprobe ohost_selftest_leak
done_testing
