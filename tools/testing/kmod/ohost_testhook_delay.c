// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: widen a race window on purpose.  A kprobe on a kernel
 * function (default virtqueue_enable_cb) busy-waits delay_ms before the
 * function runs, when its argument number vq_arg is a virtqueue named
 * vq_name (vring_interrupt takes it as argument 1), or with ohost_ring a
 * struct ohost_vring of that name (the transport's own rings, e.g.
 * ohost_vring_enable_cb: load ohost_virtio_rpmsg first).
 * A guest test uses it to make "buffers come back between the transport's
 * last look and re-enabling the callback" happen every time instead of
 * once in a million.  Never loaded outside such a test; delay_ms is 0
 * (no delay) until the test arms it.
 */
#include <linux/delay.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/virtio.h>

#include <ohost/vring.h>

static char *symbol = "virtqueue_enable_cb";
module_param(symbol, charp, 0444);
MODULE_PARM_DESC(symbol, "function that takes a struct virtqueue *");

static unsigned int vq_arg;
module_param(vq_arg, uint, 0444);
MODULE_PARM_DESC(vq_arg, "which argument (from 0) is the virtqueue");

static char *vq_name = "output";
module_param(vq_name, charp, 0444);
MODULE_PARM_DESC(vq_name, "only virtqueues of this name are delayed");

static bool ohost_ring;
module_param(ohost_ring, bool, 0444);
MODULE_PARM_DESC(ohost_ring, "the argument is a struct ohost_vring, not a virtqueue");

static unsigned int delay_ms;
module_param(delay_ms, uint, 0644);
MODULE_PARM_DESC(delay_ms, "busy-wait before the function runs (0: off)");

static unsigned int hits;
module_param(hits, uint, 0444);
MODULE_PARM_DESC(hits, "how many calls were delayed (tests check the hook fired)");

static int testhook_pre(struct kprobe *p, struct pt_regs *regs)
{
	const void *arg = (void *)regs_get_kernel_argument(regs, vq_arg);
	unsigned int ms = READ_ONCE(delay_ms);
	const char *name = NULL;

	if (ms && arg)
		name = ohost_ring ? ((const struct ohost_vring *)arg)->name :
				    ((const struct virtqueue *)arg)->name;
	if (name && !strcmp(name, vq_name)) {
		WRITE_ONCE(hits, hits + 1);
		mdelay(ms);
	}
	return 0;
}

static struct kprobe testhook_kp = {
	.pre_handler = testhook_pre,
};

static int __init testhook_init(void)
{
	int ret;

	testhook_kp.symbol_name = symbol;
	ret = register_kprobe(&testhook_kp);
	if (ret)
		pr_err("ohost_testhook_delay: cannot probe %s: %d\n", symbol, ret);
	return ret;
}
module_init(testhook_init);

static void __exit testhook_exit(void)
{
	unregister_kprobe(&testhook_kp);
}
module_exit(testhook_exit);

MODULE_DESCRIPTION("openamp-host test hook: delay a virtqueue or vring function (tests only)");
MODULE_LICENSE("GPL");
