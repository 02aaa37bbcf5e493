// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test: loading this module leaks one allocation.  kmemleak
 * on the debug kernel must report it and the harness must fail the run
 * (tools/testing/runs/selftest-debug); it is never loaded otherwise.
 */
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/slab.h>

static void *ohost_selftest_ptr;

static int __init ohost_selftest_leak_init(void)
{
	/* Drop the only reference: nothing can ever free this. */
	WRITE_ONCE(ohost_selftest_ptr, kmalloc(96, GFP_KERNEL));
	WRITE_ONCE(ohost_selftest_ptr, NULL);
	return 0;
}
module_init(ohost_selftest_leak_init);

static void __exit ohost_selftest_leak_exit(void)
{
}
module_exit(ohost_selftest_leak_exit);

MODULE_DESCRIPTION("openamp-host harness self-test: leaks an allocation");
MODULE_LICENSE("GPL");
