# SPDX-License-Identifier: GPL-2.0
# KUnit suite of the transport's shared-memory checks (ohost_shmem_contiguous);
# needs a kernel with CONFIG_KUNIT (the debug target).
. /ohost/lib.sh
kunit_run ohost_shmem_test
