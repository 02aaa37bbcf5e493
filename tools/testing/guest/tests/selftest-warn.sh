# SPDX-License-Identifier: GPL-2.0
# Harness self-test: a module that WARNs.  Every check here passes; the
# harness must still fail the run because of the kernel report.
. /ohost/lib.sh
check "load ohost_selftest_warn" modprobe ohost_selftest_warn
done_testing
