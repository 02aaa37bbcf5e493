# SPDX-License-Identifier: GPL-2.0
# KUnit suite of the transport's own split-ring driver (ohost_vring.c) against
# a hostile remote; needs a kernel with CONFIG_KUNIT (the debug target).
. /ohost/lib.sh
kunit_run ohost_vring_test
