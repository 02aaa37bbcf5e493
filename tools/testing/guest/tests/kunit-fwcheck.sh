# SPDX-License-Identifier: GPL-2.0
# KUnit suites of the firmware validator (ohost_fwcheck_elf, _find, _rsc,
# _walk, _check); needs a kernel with CONFIG_KUNIT (the debug target).
. /ohost/lib.sh
kunit_run ohost_fwcheck_test
