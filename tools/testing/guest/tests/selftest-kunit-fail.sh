# SPDX-License-Identifier: GPL-2.0
# Harness self-test: a KUnit suite with a deliberately failing case.
. /ohost/lib.sh
kunit_run ohost_selftest_kunit_fail
