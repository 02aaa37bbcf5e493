// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test: loading this module triggers one WARN.  The harness
 * must judge any run that loads it as failed (tools/testing/runs/
 * selftest-warn); it is never loaded otherwise.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init ohost_selftest_warn_init(void)
{
	WARN(1, "ohost_selftest_warn: deliberate warning for the harness\n");
	return 0;
}
module_init(ohost_selftest_warn_init);

static void __exit ohost_selftest_warn_exit(void)
{
}
module_exit(ohost_selftest_warn_exit);

MODULE_DESCRIPTION("openamp-host harness self-test: triggers a WARN");
MODULE_LICENSE("GPL");
