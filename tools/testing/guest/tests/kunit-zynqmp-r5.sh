# SPDX-License-Identifier: GPL-2.0
# KUnit suites of the ZynqMP R5 driver (ohost_zynqmp_r5_pure: modes, TCM
# map, boot vector, EEMI packing; ohost_zynqmp_r5_core: translation, power
# sequence, attach detection, error paths against a fake firmware;
# ohost_zynqmp_r5_mbox: kicks, drops, RX ack, missing channels against a
# tiny mailbox controller); needs a kernel with CONFIG_KUNIT (debug).
. /ohost/lib.sh
kunit_run ohost_zynqmp_r5_test
