// SPDX-License-Identifier: GPL-2.0
/*
 * ohost_rpmsg_kbench: make bench's in-kernel echo client (in the spirit of
 * Xilinx's rpmsg_echo_test_kern_app), so that a transport is measured
 * alone, without system calls, character device or copies to user space.
 * It uses only the rpmsg API, so the same module measures this project's
 * transport and Linux's own virtio_rpmsg_bus.
 *
 * It binds no channel by itself (empty id table): bind the echo channel
 * as rpmsg_chrdev is bound, through driver_override:
 *
 *   echo ohost_rpmsg_kbench > /sys/bus/rpmsg/devices/$ch/driver_override
 *   echo $ch > /sys/bus/rpmsg/drivers/ohost_rpmsg_kbench/bind
 *
 * then run a measurement by writing "SIZE INFLIGHT COUNT" to the channel
 * device's kbench_run attribute (the write returns when it is done, or
 * fails: -ETIMEDOUT when an echo is late, -EBADMSG when one is wrong) and
 * read the result, one JSON object, from kbench_result.  The remote must
 * echo to the channel's endpoint (an echo remote answers its first
 * peer: start it afresh).  Messages are <ohost/bench_pattern.h>, every
 * echoed byte is checked in the receive callback.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/rpmsg.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include <ohost/bench_pattern.h>

#define KBENCH_MAX_COUNT	1000000
#define KBENCH_MAX_INFLIGHT	1024
#define KBENCH_TIMEOUT		(5 * HZ)	/* per echo */

static unsigned char *kbench_table;	/* the messages, read only */

/**
 * struct kbench - one bound channel
 * @rpdev:	the channel
 * @run_lock:	mutex: one measurement at a time, and @result
 * @lock:	spinlock between the receive callback and the runner, for
 *		@size, @count, @received, @bad, @rtt_start and @rtt_ns
 * @echoed:	woken by the receive callback
 * @size:	payload size of the run, 0 while none runs
 * @count:	echoes the run waits for
 * @received:	echoes received and found correct
 * @bad:	an echo was wrong (length, a byte, or one too many)
 * @rtt_start:	with one message in flight: when it was sent
 * @rtt_ns:	with one message in flight: each round trip
 * @result:	the last run's JSON line
 */
struct kbench {
	struct rpmsg_device *rpdev;
	struct mutex run_lock;		/* runs, @result */
	spinlock_t lock;		/* callback vs. runner */
	wait_queue_head_t echoed;
	unsigned int size;
	unsigned int count;
	unsigned int received;
	bool bad;
	ktime_t rtt_start;
	u64 *rtt_ns;
	char result[256];
};

static int kbench_cb(struct rpmsg_device *rpdev, void *data, int len,
		     void *priv, u32 src)
{
	struct kbench *kb = dev_get_drvdata(&rpdev->dev);
	unsigned long flags;
	bool ok;

	if (!kb)
		return 0;
	spin_lock_irqsave(&kb->lock, flags);
	ok = kb->size && len == kb->size && kb->received < kb->count &&
	     !memcmp(data, ohost_bench_message(kbench_table, kb->received),
		     len);
	if (!ok) {
		kb->bad = true;
	} else {
		if (kb->rtt_ns)
			kb->rtt_ns[kb->received] =
				ktime_to_ns(ktime_sub(ktime_get(),
						      kb->rtt_start));
		kb->received++;
	}
	spin_unlock_irqrestore(&kb->lock, flags);
	wake_up(&kb->echoed);
	return 0;
}

/* Echoes so far, or -EBADMSG once one was wrong. */
static int kbench_received(struct kbench *kb)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&kb->lock, flags);
	ret = kb->bad ? -EBADMSG : kb->received;
	spin_unlock_irqrestore(&kb->lock, flags);
	return ret;
}

/* Waits until more than @seen echoes are in; the new count or an errno. */
static int kbench_wait(struct kbench *kb, int seen)
{
	long left;
	int got;

	left = wait_event_interruptible_timeout(kb->echoed,
						(got = kbench_received(kb)) != seen,
						KBENCH_TIMEOUT);
	if (left < 0)
		return left;
	return left ? got : -ETIMEDOUT;
}

static int kbench_send(struct kbench *kb, unsigned int seq)
{
	unsigned long flags;

	spin_lock_irqsave(&kb->lock, flags);
	kb->rtt_start = ktime_get();
	spin_unlock_irqrestore(&kb->lock, flags);
	return rpmsg_send(kb->rpdev->ept,
			  (void *)ohost_bench_message(kbench_table, seq),
			  kb->size);
}

/* Keeps @inflight messages in flight until @count are echoed. */
static int kbench_pump(struct kbench *kb, unsigned int inflight,
		       unsigned int count)
{
	unsigned int sent = 0;
	int got = 0, ret;

	while ((unsigned int)got < count) {
		while (sent < count && sent - got < inflight) {
			ret = kbench_send(kb, sent);
			if (ret)
				return ret;
			sent++;
		}
		got = kbench_wait(kb, got);
		if (got < 0)
			return got;
	}
	return 0;
}

static int kbench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void kbench_report(struct kbench *kb, unsigned int inflight,
			  unsigned int count, u64 ns)
{
	u64 mps = div64_u64((u64)count * NSEC_PER_SEC, ns ?: 1);
	u64 bps = div64_u64((u64)count * kb->size * NSEC_PER_SEC, ns ?: 1);
	u32 frac;
	u64 mb = div_u64_rem(bps, 1000000, &frac);
	int n;

	n = scnprintf(kb->result, sizeof(kb->result),
		      "{\"test\":\"kernel\",\"size\":%u,\"inflight\":%u,\"messages\":%u,\"msgs_per_s\":%llu,\"mb_per_s\":%llu.%06u",
		      kb->size, inflight, count, mps, mb, frac);
	if (kb->rtt_ns) {
		sort(kb->rtt_ns, count, sizeof(u64), kbench_cmp_u64, NULL);
		n += scnprintf(kb->result + n, sizeof(kb->result) - n,
			       ",\"median_us\":%llu,\"p99_us\":%llu,\"max_us\":%llu",
			       div_u64(kb->rtt_ns[count / 2], 1000),
			       div_u64(kb->rtt_ns[count * 99ULL / 100], 1000),
			       div_u64(kb->rtt_ns[count - 1], 1000));
	}
	scnprintf(kb->result + n, sizeof(kb->result) - n, "}\n");
}

static void kbench_set_run(struct kbench *kb, unsigned int size,
			   unsigned int count, u64 *rtt_ns)
{
	unsigned long flags;

	spin_lock_irqsave(&kb->lock, flags);
	kb->size = size;
	kb->count = count;
	kb->received = 0;
	kb->bad = false;
	kb->rtt_ns = rtt_ns;
	spin_unlock_irqrestore(&kb->lock, flags);
}

static int kbench_run(struct kbench *kb, unsigned int size,
		      unsigned int inflight, unsigned int count)
{
	u64 *rtt_ns = NULL;
	ktime_t t0;
	int ret;

	if (inflight == 1) {
		rtt_ns = kvcalloc(count, sizeof(*rtt_ns), GFP_KERNEL);
		if (!rtt_ns)
			return -ENOMEM;
	}
	kbench_set_run(kb, size, count, rtt_ns);
	t0 = ktime_get();
	ret = kbench_pump(kb, inflight, count);
	if (!ret)
		kbench_report(kb, inflight, count,
			      ktime_to_ns(ktime_sub(ktime_get(), t0)));
	kbench_set_run(kb, 0, 0, NULL);	/* late echoes are dropped */
	kvfree(rtt_ns);
	return ret;
}

static ssize_t kbench_run_store(struct device *dev,
				struct device_attribute *attr,
				const char *buf, size_t len)
{
	struct kbench *kb = dev_get_drvdata(dev);
	unsigned int size, inflight, count;
	ssize_t mtu;
	int ret;

	if (sscanf(buf, "%u %u %u", &size, &inflight, &count) != 3 ||
	    !size || size > OHOST_BENCH_MAX_MSG || !inflight ||
	    inflight > KBENCH_MAX_INFLIGHT || !count ||
	    count > KBENCH_MAX_COUNT)
		return -EINVAL;
	mtu = rpmsg_get_mtu(kb->rpdev->ept);
	if (mtu >= 0 && size > mtu)
		return -EMSGSIZE;

	if (mutex_lock_interruptible(&kb->run_lock))
		return -ERESTARTSYS;
	kb->result[0] = '\0';
	ret = kbench_run(kb, size, inflight, count);
	mutex_unlock(&kb->run_lock);
	return ret ?: len;
}
static DEVICE_ATTR_WO(kbench_run);

static ssize_t kbench_result_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	struct kbench *kb = dev_get_drvdata(dev);
	ssize_t ret;

	mutex_lock(&kb->run_lock);
	ret = sysfs_emit(buf, "%s", kb->result);
	mutex_unlock(&kb->run_lock);
	return ret;
}
static DEVICE_ATTR_RO(kbench_result);

static struct attribute *kbench_attrs[] = {
	&dev_attr_kbench_run.attr,
	&dev_attr_kbench_result.attr,
	NULL
};
ATTRIBUTE_GROUPS(kbench);

static int kbench_probe(struct rpmsg_device *rpdev)
{
	struct kbench *kb;

	kb = devm_kzalloc(&rpdev->dev, sizeof(*kb), GFP_KERNEL);
	if (!kb)
		return -ENOMEM;
	kb->rpdev = rpdev;
	mutex_init(&kb->run_lock);
	spin_lock_init(&kb->lock);
	init_waitqueue_head(&kb->echoed);
	dev_set_drvdata(&rpdev->dev, kb);
	dev_info(&rpdev->dev, "kbench: endpoint 0x%x, remote 0x%x\n",
		 rpdev->ept->addr, rpdev->dst);
	return 0;
}

static void kbench_remove(struct rpmsg_device *rpdev)
{
	/* a run in progress holds the device: sysfs removal waits for it */
	dev_set_drvdata(&rpdev->dev, NULL);
}

static const struct rpmsg_device_id kbench_id_table[] = {
	{ },
};

static struct rpmsg_driver kbench_driver = {
	.drv.name = KBUILD_MODNAME,
	.drv.dev_groups = kbench_groups,
	.id_table = kbench_id_table,
	.probe = kbench_probe,
	.callback = kbench_cb,
	.remove = kbench_remove,
};

static int __init kbench_init(void)
{
	int ret;

	kbench_table = vmalloc(OHOST_BENCH_TABLE_SIZE);
	if (!kbench_table)
		return -ENOMEM;
	ohost_bench_table_init(kbench_table);
	ret = register_rpmsg_driver(&kbench_driver);
	if (ret)
		vfree(kbench_table);
	return ret;
}
module_init(kbench_init);

static void __exit kbench_exit(void)
{
	unregister_rpmsg_driver(&kbench_driver);
	vfree(kbench_table);
}
module_exit(kbench_exit);

MODULE_DESCRIPTION("make bench's in-kernel rpmsg echo client");
MODULE_LICENSE("GPL");
