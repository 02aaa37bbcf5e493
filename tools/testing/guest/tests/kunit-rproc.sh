# SPDX-License-Identifier: GPL-2.0
# KUnit suites of the remoteproc glue (ohost_rproc_mem: da_to_va and
# policy regions; ohost_rproc_glue: resource-table carveouts, nothing
# left on failure, the interrupt gate's place among the subdevices);
# needs a kernel with CONFIG_KUNIT (the debug target).
. /ohost/lib.sh
kunit_run ohost_rproc_test
