# SPDX-License-Identifier: GPL-2.0
# KUnit suite ohost_rproc_of: the device tree's memory-region carveouts
# (ohost_rproc_of_mems) on the fixtures of
# tools/testing/kunit/rproc-of-fixtures.dtso, which run "basic" applies
# at boot; every malformed region is refused and nothing is left behind.
# Needs a kernel with CONFIG_KUNIT (the debug target).
. /ohost/lib.sh
kunit_run ohost_rproc_of_test
