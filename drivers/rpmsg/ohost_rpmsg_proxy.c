// SPDX-License-Identifier: GPL-2.0
/*
 * RPMsg proxy character device
 *
 * OpenAMP firmware built with open-amp's rpmsg_retarget (the rpc_demo
 * application) sends its open/read/write/close calls as messages and waits
 * for Linux to serve them.  This driver gives each such channel a character
 * device, /dev/rpmsg_proxyN, through which a daemon (tools/rpmsg-proxyd)
 * receives the requests and sends the answers, one message per read() and
 * per write().
 *
 * It binds channels named "rpmsg-proxy" by itself and, through
 * driver_override only, any other channel, such as the OpenAMP demo channel
 * "rpmsg-openamp-demo-channel" that the unmodified rpc_demo announces.
 * See Documentation/rpmsg-proxy.rst.
 */

#define pr_fmt(fmt)	KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/rpmsg.h>
#include <linux/sched/signal.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/wait.h>

#include <uapi/linux/ohost_rpmsg_proxy.h>

#include <ohost/rpmsg_pin.h>

#define PROXY_MINORS		256
/* Payload limit when the transport cannot tell: the OpenAMP default. */
#define PROXY_DEFAULT_MTU	496
/*
 * The proxy protocol's header: u32 id, i32 f1, i32 f2, u32 data_len, little
 * endian.  The remote waits for an answer to OPEN, CLOSE, WRITE and READ
 * (ids 1 to 4); TERM (6) ends the session and is never answered.
 */
#define PROXY_HDR_LEN		16
#define PROXY_ID_OPEN		1
#define PROXY_ID_READ		4

static_assert(sizeof(struct ohost_rpmsg_proxy_addr) == 8);
static_assert(_IOC_SIZE(OHOST_RPMSG_PROXY_GET_ADDR) ==
	      sizeof(struct ohost_rpmsg_proxy_addr));
static_assert(_IOC_SIZE(OHOST_RPMSG_PROXY_GET_MTU) == sizeof(__u32));

static unsigned int rx_queue_max = 64;
module_param(rx_queue_max, uint, 0444);
MODULE_PARM_DESC(rx_queue_max,
		 "messages queued per device before new ones are dropped (default 64)");

static dev_t proxy_devt;
static DEFINE_IDA(proxy_minor_ida);

/**
 * struct proxy_dev - one /dev/rpmsg_proxyN, bound to one rpmsg channel
 * @dev:	the character device's struct device.  Its reference count
 *		keeps this structure alive: one reference for the channel
 *		binding (dropped in remove), one for the endpoint, i.e. the RX
 *		path (dropped once the endpoint is destroyed and no callback
 *		can run any more), one per open file.
 * @cdev:	the character device; a child of @dev, so @dev outlives it
 * @pin:	the channel and the module that releases it (the transport),
 *		held until @dev is released: a poller may still sit on the
 *		transport's TX wait queue, which lives as long as the channel's
 *		device does (the driver core drops the parent reference of @dev
 *		already when the channel goes)
 * @lock:	protects @ept, @open, @hello_sent and @inflight.  A mutex:
 *		it is held across rpmsg_sendto(), which sleeps while the
 *		transport has no free buffer, so that the endpoint cannot be
 *		destroyed under a sender, and so that an answer and the
 *		dropping of the request it answers are one step.  Never taken
 *		in the RX callback.
 * @use_lock:	keeps @ept alive for poll and ioctls, which must not wait
 *		behind a sender holding @lock: @ept is cleared under both.
 *		Never held across anything that waits for the remote.
 * @ept:	our endpoint on the channel, at a dynamically allocated
 *		address; NULL once the channel is gone
 * @open:	a file has the device open (it is exclusive)
 * @hello_sent:	the first message, from which the remote learns our
 *		address, has been sent on this channel
 * @inflight:	the request last handed to userspace by read(), kept until
 *		it is answered: a write() drops it, a later read() replaces
 *		it, and the release of the file puts it back at the head of
 *		@queue, so that a daemon killed before it answered does not
 *		take the request, and with it the remote's session, along.
 *		Only requests the remote waits on are kept (not TERM, not
 *		what is no proxy request).  Protected by @lock; freed at the
 *		latest by the release of @dev.
 * @gone:	the channel went away; written under @lock, read locklessly
 *		by readers and pollers (who still drain @queue)
 * @dst:	the remote's address, where writes go
 * @mtu:	largest payload of one message
 * @queue:	received messages, oldest first.  Its own spinlock
 *		(@queue.lock, irq-safe) protects it: the RX callback may run in
 *		atomic context.
 * @read_lock:	serialises readers, so that the message a reader measured
 *		against its buffer is the one it dequeues
 * @readq:	readers and pollers wait here for @queue or for @gone
 * @dropped:	messages dropped because @queue was full
 */
struct proxy_dev {
	struct device dev;
	struct cdev cdev;
	struct ohost_rpmsg_pin pin;

	struct mutex lock;		/* @ept, @open, @hello_sent, @inflight */
	struct mutex use_lock;		/* @ept for poll and ioctls */
	struct rpmsg_endpoint *ept;
	bool open;
	bool hello_sent;
	struct sk_buff *inflight;
	bool gone;
	u32 dst;
	size_t mtu;

	struct sk_buff_head queue;
	struct mutex read_lock;		/* one reader at a time */
	wait_queue_head_t readq;
	atomic_t dropped;
};

#define dev_to_proxy(d)		container_of(d, struct proxy_dev, dev)
#define cdev_to_proxy(c)	container_of(c, struct proxy_dev, cdev)

static void proxy_drop(struct proxy_dev *proxy, int len, u32 src)
{
	atomic_inc(&proxy->dropped);
	dev_warn_ratelimited(&proxy->dev,
			     "receive queue full (%u), dropped %d bytes from 0x%x\n",
			     rx_queue_max, len, src);
}

static int proxy_rx_cb(struct rpmsg_device *rpdev, void *data, int len,
		       void *priv, u32 src)
{
	struct proxy_dev *proxy = priv;
	struct sk_buff *skb;
	unsigned long flags;

	/* The proxy protocol has no empty message; read() would look like EOF. */
	if (len <= 0)
		return 0;

	if (skb_queue_len_lockless(&proxy->queue) >= rx_queue_max) {
		proxy_drop(proxy, len, src);
		return 0;
	}

	skb = alloc_skb(len, GFP_ATOMIC);
	if (!skb) {
		proxy_drop(proxy, len, src);
		return 0;
	}
	skb_put_data(skb, data, len);

	spin_lock_irqsave(&proxy->queue.lock, flags);
	if (skb_queue_len(&proxy->queue) < rx_queue_max) {
		__skb_queue_tail(&proxy->queue, skb);
		skb = NULL;
	}
	spin_unlock_irqrestore(&proxy->queue.lock, flags);

	if (skb) {
		kfree_skb(skb);
		proxy_drop(proxy, len, src);
		return 0;
	}

	wake_up_interruptible(&proxy->readq);
	return 0;
}

/*
 * An OpenAMP remote answers whoever sent it the first message, so the
 * first open of a channel sends one, as OpenAMP's own proxy_app does.  Later
 * opens do not: the remote already knows our (unchanged) address, and
 * open-amp's rpmsg_retarget would take any unsolicited message for the
 * answer to the request it is waiting on.
 */
static int proxy_say_hello(struct proxy_dev *proxy, bool nonblock)
{
	char hello[] = "init_msg";
	int ret;

	lockdep_assert_held(&proxy->lock);

	if (proxy->hello_sent)
		return 0;
	if (proxy->dst == RPMSG_ADDR_ANY)
		return -ENOTCONN;

	if (nonblock) {
		ret = rpmsg_trysendto(proxy->ept, hello, sizeof(hello),
				      proxy->dst);
		if (ret == -ENOMEM)
			ret = -EAGAIN;
	} else {
		ret = rpmsg_sendto(proxy->ept, hello, sizeof(hello), proxy->dst);
		if (ret == -ERESTARTSYS && !signal_pending(current))
			ret = -ETIMEDOUT;
	}
	if (!ret)
		proxy->hello_sent = true;
	return ret;
}

static int proxy_open(struct inode *inode, struct file *filp)
{
	struct proxy_dev *proxy = cdev_to_proxy(inode->i_cdev);
	int ret;

	ret = stream_open(inode, filp);
	if (ret)
		return ret;

	mutex_lock(&proxy->lock);
	if (!proxy->ept)
		ret = -ENODEV;
	else if (proxy->open)
		ret = -EBUSY;
	else
		ret = proxy_say_hello(proxy, filp->f_flags & O_NONBLOCK);
	if (!ret) {
		proxy->open = true;
		get_device(&proxy->dev);
		filp->private_data = proxy;
	}
	mutex_unlock(&proxy->lock);

	return ret;
}

/*
 * The file goes with a request read but not answered (its daemon died or
 * gave up): the remote still waits for the answer, so the request goes
 * back to the head of the queue, where the next opener reads it first.
 * The queue may then hold one message more than rx_queue_max; the RX
 * callback still drops new messages beyond it.
 */
static void proxy_requeue_inflight(struct proxy_dev *proxy)
{
	struct sk_buff *skb = proxy->inflight;

	lockdep_assert_held(&proxy->lock);

	if (!skb)
		return;
	proxy->inflight = NULL;
	spin_lock_irq(&proxy->queue.lock);
	__skb_queue_head(&proxy->queue, skb);
	spin_unlock_irq(&proxy->queue.lock);
}

static int proxy_release(struct inode *inode, struct file *filp)
{
	struct proxy_dev *proxy = filp->private_data;

	mutex_lock(&proxy->lock);
	/* Before the device is free again: the next opener finds it queued. */
	proxy_requeue_inflight(proxy);
	proxy->open = false;
	mutex_unlock(&proxy->lock);
	put_device(&proxy->dev);

	return 0;
}

/*
 * A request the remote waits on: a whole header and OPEN, CLOSE, WRITE or
 * READ.  Not TERM, which is never answered (the session is over), nor what
 * is no proxy request at all (e.g. an echo when a test binds an echo
 * channel): handing those to the next opener again would be wrong.
 */
static bool proxy_awaits_answer(const struct sk_buff *skb)
{
	__le32 id;

	if (skb->len < PROXY_HDR_LEN)
		return false;
	memcpy(&id, skb->data, sizeof(id));
	return le32_to_cpu(id) >= PROXY_ID_OPEN &&
	       le32_to_cpu(id) <= PROXY_ID_READ;
}

/*
 * Take the oldest message if it fits in @room bytes.  Returns the message,
 * NULL when there is none, or ERR_PTR(-EMSGSIZE) leaving it queued.
 */
static struct sk_buff *proxy_take(struct proxy_dev *proxy, size_t room)
{
	struct sk_buff *skb;

	lockdep_assert_held(&proxy->read_lock);

	spin_lock_irq(&proxy->queue.lock);
	skb = skb_peek(&proxy->queue);
	if (skb && skb->len > room)
		skb = ERR_PTR(-EMSGSIZE);
	else if (skb)
		__skb_unlink(skb, &proxy->queue);
	spin_unlock_irq(&proxy->queue.lock);

	return skb;
}

static struct sk_buff *proxy_wait_message(struct proxy_dev *proxy,
					  size_t room, bool nonblock)
{
	struct sk_buff *skb;

	for (;;) {
		/*
		 * What the remote sent before its channel went is still
		 * delivered (its last words are often TERM); after that, -EPIPE.
		 */
		skb = proxy_take(proxy, room);
		if (skb)
			return skb;
		if (READ_ONCE(proxy->gone))
			return ERR_PTR(-EPIPE);
		if (nonblock)
			return ERR_PTR(-EAGAIN);
		if (wait_event_interruptible(proxy->readq,
					     !skb_queue_empty_lockless(&proxy->queue) ||
					     READ_ONCE(proxy->gone)))
			return ERR_PTR(-ERESTARTSYS);
	}
}

static ssize_t proxy_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct proxy_dev *proxy = iocb->ki_filp->private_data;
	bool nonblock = (iocb->ki_filp->f_flags & O_NONBLOCK) ||
			(iocb->ki_flags & IOCB_NOWAIT);
	struct sk_buff *skb, *old;
	ssize_t ret;

	if (mutex_lock_interruptible(&proxy->read_lock))
		return -ERESTARTSYS;

	skb = proxy_wait_message(proxy, iov_iter_count(to), nonblock);
	if (IS_ERR(skb)) {
		ret = PTR_ERR(skb);
		goto unlock;
	}

	ret = skb->len;
	if (copy_to_iter(skb->data, skb->len, to) != skb->len) {
		/* Put it back where it was: the message is not lost. */
		spin_lock_irq(&proxy->queue.lock);
		__skb_queue_head(&proxy->queue, skb);
		spin_unlock_irq(&proxy->queue.lock);
		ret = -EFAULT;
		goto unlock;
	}

	/*
	 * A request is delivered, not consumed: it stays in flight until it
	 * is answered.  Any read gives up the previous request in flight
	 * (one the daemon chose not to answer, such as a malformed one).
	 */
	if (!proxy_awaits_answer(skb)) {
		consume_skb(skb);
		skb = NULL;
	}
	mutex_lock(&proxy->lock);
	old = proxy->inflight;
	proxy->inflight = skb;
	mutex_unlock(&proxy->lock);
	consume_skb(old);

unlock:
	mutex_unlock(&proxy->read_lock);
	return ret;
}

/* Send one message; once it is sent, the request in flight is answered. */
static int proxy_send(struct proxy_dev *proxy, void *buf, size_t len,
		      bool nonblock)
{
	struct sk_buff *answered = NULL;
	int ret;

	if (mutex_lock_interruptible(&proxy->lock))
		return -ERESTARTSYS;

	if (!proxy->ept) {
		ret = -EPIPE;
	} else if (nonblock) {
		ret = rpmsg_trysendto(proxy->ept, buf, len, proxy->dst);
		if (ret == -ENOMEM)
			ret = -EAGAIN;
	} else {
		ret = rpmsg_sendto(proxy->ept, buf, len, proxy->dst);
		/* Some transports say -ERESTARTSYS when they time out. */
		if (ret == -ERESTARTSYS && !signal_pending(current))
			ret = -ETIMEDOUT;
	}
	if (!ret) {
		answered = proxy->inflight;
		proxy->inflight = NULL;
	}
	mutex_unlock(&proxy->lock);
	consume_skb(answered);

	return ret;
}

static ssize_t proxy_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct proxy_dev *proxy = iocb->ki_filp->private_data;
	bool nonblock = (iocb->ki_filp->f_flags & O_NONBLOCK) ||
			(iocb->ki_flags & IOCB_NOWAIT);
	size_t len = iov_iter_count(from);
	void *buf;
	int ret;

	if (READ_ONCE(proxy->gone))
		return -EPIPE;
	/* One write is one message: check the size before allocating. */
	if (len > proxy->mtu)
		return -EMSGSIZE;
	if (!len)
		return 0;

	buf = kmalloc(len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	if (copy_from_iter_full(buf, len, from))
		ret = proxy_send(proxy, buf, len, nonblock);
	else
		ret = -EFAULT;
	kfree(buf);

	return ret ? ret : len;
}

static __poll_t proxy_poll(struct file *filp, poll_table *wait)
{
	struct proxy_dev *proxy = filp->private_data;
	__poll_t mask = 0;

	poll_wait(filp, &proxy->readq, wait);

	if (!skb_queue_empty_lockless(&proxy->queue))
		mask |= EPOLLIN | EPOLLRDNORM;

	/* Gone: hang-up, and an error once nothing is left to read. */
	if (READ_ONCE(proxy->gone))
		return mask ? mask | EPOLLHUP : EPOLLERR | EPOLLHUP;

	/*
	 * Writability comes from the transport (free TX buffers).  Ask it only
	 * when the caller wants to know: rpmsg_poll() queues the caller on the
	 * transport's own wait queue, which a sleeping poller then holds.
	 */
	if (poll_requested_events(wait) & (EPOLLOUT | EPOLLWRNORM)) {
		/* not @lock: a writer waiting for a TX buffer holds it */
		mutex_lock(&proxy->use_lock);
		if (proxy->ept)
			mask |= rpmsg_poll(proxy->ept, filp, wait);
		mutex_unlock(&proxy->use_lock);
	}

	return mask;
}

static long proxy_ioctl(struct file *filp, unsigned int cmd,
			unsigned long arg)
{
	struct proxy_dev *proxy = filp->private_data;
	void __user *argp = (void __user *)arg;
	struct ohost_rpmsg_proxy_addr addr = {};
	__u32 mtu;

	switch (cmd) {
	case OHOST_RPMSG_PROXY_GET_ADDR:
		mutex_lock(&proxy->use_lock);
		if (proxy->ept) {
			addr.src = proxy->ept->addr;
			addr.dst = proxy->dst;
		}
		mutex_unlock(&proxy->use_lock);
		if (READ_ONCE(proxy->gone))
			return -EPIPE;
		return copy_to_user(argp, &addr, sizeof(addr)) ? -EFAULT : 0;
	case OHOST_RPMSG_PROXY_GET_MTU:
		if (READ_ONCE(proxy->gone))
			return -EPIPE;
		mtu = proxy->mtu;
		return put_user(mtu, (__u32 __user *)argp);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations proxy_fops = {
	.owner		= THIS_MODULE,
	.open		= proxy_open,
	.release	= proxy_release,
	.read_iter	= proxy_read_iter,
	.write_iter	= proxy_write_iter,
	.poll		= proxy_poll,
	.unlocked_ioctl	= proxy_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static ssize_t rx_dropped_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&dev_to_proxy(dev)->dropped));
}
static DEVICE_ATTR_RO(rx_dropped);

static ssize_t rx_queued_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  skb_queue_len_lockless(&dev_to_proxy(dev)->queue));
}
static DEVICE_ATTR_RO(rx_queued);

static struct attribute *proxy_attrs[] = {
	&dev_attr_rx_dropped.attr,
	&dev_attr_rx_queued.attr,
	NULL
};
ATTRIBUTE_GROUPS(proxy);

static void proxy_dev_release(struct device *dev)
{
	struct proxy_dev *proxy = dev_to_proxy(dev);

	/* Normally NULL: the release of the last file re-queued it. */
	kfree_skb(proxy->inflight);
	skb_queue_purge(&proxy->queue);
	if (MAJOR(dev->devt))
		ida_free(&proxy_minor_ida, MINOR(dev->devt));
	mutex_destroy(&proxy->read_lock);
	mutex_destroy(&proxy->use_lock);
	mutex_destroy(&proxy->lock);
	/* last: this may be what lets the transport module go */
	ohost_rpmsg_pin_put(&proxy->pin);
	kfree(proxy);
}

/* Returns a proxy holding one device reference, or an ERR_PTR. */
static struct proxy_dev *proxy_alloc(struct rpmsg_device *rpdev)
{
	struct proxy_dev *proxy;
	int minor, ret;

	proxy = kzalloc(sizeof(*proxy), GFP_KERNEL);
	if (!proxy)
		return ERR_PTR(-ENOMEM);

	/* in probe: the transport is bound to the channel's parent */
	ret = ohost_rpmsg_pin_get(&proxy->pin, rpdev);
	if (ret) {
		kfree(proxy);
		return ERR_PTR(ret);
	}

	device_initialize(&proxy->dev);
	proxy->dev.release = proxy_dev_release;
	proxy->dev.parent = &rpdev->dev;
	proxy->dev.groups = proxy_groups;
	mutex_init(&proxy->lock);
	mutex_init(&proxy->use_lock);
	mutex_init(&proxy->read_lock);
	skb_queue_head_init(&proxy->queue);
	init_waitqueue_head(&proxy->readq);
	proxy->dst = rpdev->dst;

	minor = ida_alloc_max(&proxy_minor_ida, PROXY_MINORS - 1, GFP_KERNEL);
	if (minor < 0) {
		ret = minor;
		goto put_dev;
	}
	proxy->dev.devt = MKDEV(MAJOR(proxy_devt), minor);

	ret = dev_set_name(&proxy->dev, "rpmsg_proxy%d", minor);
	if (ret)
		goto put_dev;

	cdev_init(&proxy->cdev, &proxy_fops);
	proxy->cdev.owner = THIS_MODULE;
	return proxy;

put_dev:
	put_device(&proxy->dev);
	return ERR_PTR(ret);
}

/* The endpoint holds a device reference until it is destroyed. */
static int proxy_create_ept(struct proxy_dev *proxy,
			    struct rpmsg_device *rpdev)
{
	struct rpmsg_channel_info chinfo = {
		.src = RPMSG_ADDR_ANY,
		.dst = rpdev->dst,
	};
	struct rpmsg_endpoint *ept;
	ssize_t mtu;

	strscpy(chinfo.name, rpdev->id.name, sizeof(chinfo.name));

	get_device(&proxy->dev);
	ept = rpmsg_create_ept(rpdev, proxy_rx_cb, proxy, chinfo);
	if (!ept) {
		put_device(&proxy->dev);
		return -ENOMEM;
	}

	mtu = rpmsg_get_mtu(ept);
	proxy->mtu = mtu > 0 ? mtu : PROXY_DEFAULT_MTU;
	proxy->ept = ept;
	return 0;
}

static void proxy_destroy_ept(struct proxy_dev *proxy)
{
	struct rpmsg_endpoint *ept;

	mutex_lock(&proxy->lock);
	WRITE_ONCE(proxy->gone, true);
	ept = proxy->ept;
	mutex_lock(&proxy->use_lock);
	proxy->ept = NULL;
	mutex_unlock(&proxy->use_lock);
	mutex_unlock(&proxy->lock);

	/* Once this returns the RX callback is not running and never will. */
	rpmsg_destroy_ept(ept);
	put_device(&proxy->dev);

	/* Readers and pollers see @gone: they drain @queue, then fail. */
	wake_up_interruptible_all(&proxy->readq);
}

static int proxy_probe(struct rpmsg_device *rpdev)
{
	struct proxy_dev *proxy;
	int ret;

	proxy = proxy_alloc(rpdev);
	if (IS_ERR(proxy))
		return dev_err_probe(&rpdev->dev, PTR_ERR(proxy),
				     "cannot allocate the proxy device\n");

	ret = proxy_create_ept(proxy, rpdev);
	if (ret) {
		dev_err(&rpdev->dev, "cannot create an endpoint\n");
		goto put_dev;
	}

	ret = cdev_device_add(&proxy->cdev, &proxy->dev);
	if (ret) {
		dev_err(&rpdev->dev, "cannot add %s: %d\n",
			dev_name(&proxy->dev), ret);
		goto destroy_ept;
	}

	dev_set_drvdata(&rpdev->dev, proxy);
	dev_info(&rpdev->dev, "%s: 0x%x -> 0x%x, mtu %zu\n",
		 dev_name(&proxy->dev), proxy->ept->addr, proxy->dst, proxy->mtu);
	return 0;

destroy_ept:
	proxy_destroy_ept(proxy);
put_dev:
	put_device(&proxy->dev);
	return ret;
}

static void proxy_remove(struct rpmsg_device *rpdev)
{
	struct proxy_dev *proxy = dev_get_drvdata(&rpdev->dev);

	/* No new open from here on; open files drain, then fail with -EPIPE. */
	cdev_device_del(&proxy->cdev, &proxy->dev);
	proxy_destroy_ept(proxy);
	put_device(&proxy->dev);
}

static const struct rpmsg_device_id proxy_id_table[] = {
	{ .name = "rpmsg-proxy" },
	{ },
};
MODULE_DEVICE_TABLE(rpmsg, proxy_id_table);

static struct rpmsg_driver proxy_driver = {
	.drv.name	= KBUILD_MODNAME,
	.id_table	= proxy_id_table,
	.probe		= proxy_probe,
	.remove		= proxy_remove,
};

static int __init proxy_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&proxy_devt, 0, PROXY_MINORS, "rpmsg_proxy");
	if (ret < 0) {
		pr_err("cannot allocate char device numbers: %d\n", ret);
		return ret;
	}

	ret = register_rpmsg_driver(&proxy_driver);
	if (ret < 0) {
		pr_err("cannot register the rpmsg driver: %d\n", ret);
		goto unregister_region;
	}
	return 0;

unregister_region:
	unregister_chrdev_region(proxy_devt, PROXY_MINORS);
	return ret;
}
module_init(proxy_init);

static void __exit proxy_exit(void)
{
	unregister_rpmsg_driver(&proxy_driver);
	unregister_chrdev_region(proxy_devt, PROXY_MINORS);
	ida_destroy(&proxy_minor_ida);
}
module_exit(proxy_exit);

MODULE_DESCRIPTION("openamp-host RPMsg proxy character device");
MODULE_LICENSE("GPL");
