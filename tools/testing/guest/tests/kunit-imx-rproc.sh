# SPDX-License-Identifier: GPL-2.0
# KUnit suites of the i.MX M4/M7 driver (ohost_imx_rproc_pure: every SoC's
# translation table at its boundaries, TCM memories and alias windows;
# ohost_imx_rproc_core: SRC start/stop/detect against a fake regmap, the
# SiP SMC against a fake conduit, attach and the resource table copy, the
# openamp-host,fixed-vrings table, error paths; ohost_imx_rproc_mbox: MU
# message encoding, per-vqid coalescing, rxdb, missing channels against a
# tiny mailbox controller); needs a kernel with CONFIG_KUNIT (debug).
. /ohost/lib.sh
kunit_run ohost_imx_rproc_test
