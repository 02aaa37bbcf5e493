// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg character devices, compatible with Linux's rpmsg_char + rpmsg_ctrl:
 *
 *  - driver "rpmsg_ctrl" binds the transport's rpmsg_ctrl device and
 *    creates /dev/rpmsg_ctrlN (RPMSG_CREATE_EPT_IOCTL, RPMSG_CREATE_DEV_IOCTL,
 *    RPMSG_RELEASE_DEV_IOCTL);
 *  - driver "rpmsg_chrdev" binds "rpmsg-raw" channels (the one name in its id
 *    table, as in Linux 6.1), or any channel through driver_override + bind,
 *    and creates /dev/rpmsgN on its endpoint;
 *  - /dev/rpmsgN (class "rpmsg", attributes name, src, dst) reads and writes
 *    one message per call.
 *
 * File semantics (kept from upstream unless stated):
 *  - one opener at a time: a second open() fails with -EBUSY;
 *  - read() returns one message; a buffer shorter than the message gets the
 *    first bytes and the rest is discarded (upstream truncates too);
 *  - write() sends one message; more than the MTU fails with -EMSGSIZE
 *    before anything is allocated; blocking writes wait for a TX buffer as
 *    long as the transport allows (ohost_virtio_rpmsg.send_timeout_ms, then
 *    -ETIMEDOUT), O_NONBLOCK gives -EAGAIN;
 *  - poll(): EPOLLIN with a message queued, EPOLLOUT when a send would not
 *    block (if the transport says so), EPOLLPRI when the remote changed its
 *    flow control (kernels with RPMSG_GET_OUTGOING_FLOWCONTROL); once the
 *    endpoint is gone EPOLLHUP, with EPOLLIN while messages are left,
 *    EPOLLERR after that.  (new) poll() never waits for a blocked writer;
 *  - unknown ioctls fail with -EINVAL, as upstream; RPMSG_GET_OUTGOING_ and
 *    RPMSG_SET_INCOMING_FLOWCONTROL as in Linux 6.12, where the uapi header
 *    has them;
 *  - once the channel or endpoint is gone, write fails with -EPIPE; (new)
 *    read first returns what was received before, then -EPIPE;
 *  - (new) at most max_queued messages wait to be read; more are dropped;
 *  - (new) at most max_endpoints devices of RPMSG_CREATE_EPT live per
 *    control device, and at most max_user_endpoints of them per user if
 *    set; one more fails with -ENOSPC;
 *  - (new) no allocation per message once traffic flows: a writer copies
 *    into the file's own buffer, and received messages land in buffers
 *    that read() gives back for reuse (up to RPMSG_SPARE_BYTES of them);
 *  - (new) io_uring and RWF_NOWAIT: read and write never block when asked
 *    not to (FMODE_NOWAIT, IOCB_NOWAIT), they fail with -EAGAIN instead;
 *  - (new, opt-in) <uapi/linux/ohost_rpmsg.h>: batches of messages per
 *    call (OHOST_RPMSG_SEND_MMSG, OHOST_RPMSG_RECV_MMSG), the MTU
 *    (OHOST_RPMSG_GET_MTU);
 *  - (new) while a file is open the transport module cannot be unloaded:
 *    the file's reference on the channel device pins it (rpmsg_pin.h).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdev.h>
#include <linux/cred.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/rpmsg.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <uapi/linux/ohost_rpmsg.h>
#include <uapi/linux/rpmsg.h>

#include <ohost/compat.h>
#include <ohost/rpmsg_internal.h>
#include <ohost/rpmsg_pin.h>

#define RPMSG_DEV_MAX	(MINORMASK + 1)

/*
 * Receive buffers kept for reuse per endpoint device: enough for a reader
 * that falls behind by a few hundred small messages, bounded in bytes so a
 * burst of 64 KiB messages does not pin megabytes for the file's lifetime.
 */
#define RPMSG_SPARE_BYTES	SZ_1M
#define RPMSG_SPARE_MIN		8
#define RPMSG_RX_BUF_MAX	SZ_64K	/* the transports' largest message */

static unsigned int max_queued = 512;
module_param(max_queued, uint, 0644);
MODULE_PARM_DESC(max_queued, "Messages queued per endpoint device before dropping (default 512)");

/*
 * RPMSG_CREATE_EPT devices outlive the file that asked for them, so the
 * bound is per control device, not per open file: without it, anyone who
 * may open /dev/rpmsg_ctrlN fills the minor space and kernel memory.
 */
static unsigned int max_endpoints = 64;
module_param(max_endpoints, uint, 0644);
MODULE_PARM_DESC(max_endpoints, "Endpoint devices (RPMSG_CREATE_EPT) per control device; more fail with ENOSPC (default 64)");

/*
 * Everyone in the device nodes' group shares max_endpoints; this keeps one
 * user (real uid, as RLIMIT_NPROC counts) from taking all of it.
 */
static unsigned int max_user_endpoints;
module_param(max_user_endpoints, uint, 0644);
MODULE_PARM_DESC(max_user_endpoints, "Endpoint devices (RPMSG_CREATE_EPT) per user and control device; more fail with ENOSPC (default 0: no limit but max_endpoints)");

static dev_t rpmsg_major;
static DEFINE_IDA(rpmsg_minor_ida);
static DEFINE_IDA(rpmsg_ept_ida);
static DEFINE_IDA(rpmsg_ctrl_ida);

/**
 * struct rpmsg_eptdev - endpoint device, /dev/rpmsgN
 * @dev:	the device; one reference per open file, one until destroyed
 * @cdev:	its character device
 * @pin:	a reference on the rpmsg device the endpoint lives on, and on
 *		the module that releases it, held until @dev is released: the
 *		transport's poll wait queue must outlive every file that may
 *		be polled
 * @chinfo:	name and addresses the endpoint is opened with
 * @ept_lock:	mutex protecting @rpdev, @ept and @default_ept's use, taken
 *		around sends (which may sleep for a TX buffer)
 * @use_lock:	mutex for the users of @ept that must not wait behind a
 *		sender (poll, the flow-control ioctls): @ept changes under
 *		both @ept_lock and @use_lock, so either keeps it alive.  Never
 *		held across anything that waits for the remote.
 * @rpdev:	the rpmsg device, NULL once the endpoint device is destroyed
 * @ept:	the endpoint while the file is open
 * @default_ept: the channel's own endpoint (rpmsg_chrdev), reused on open
 * @queue:	received messages (the skb queue has its own spinlock, since
 *		the RX callback may run in atomic context)
 * @spare:	read messages' buffers, reused by the RX callback (its own
 *		spinlock, as @queue)
 * @spare_max:	how many buffers @spare keeps
 * @rx_buf_size: the size received messages are allocated with (the
 *		endpoint's MTU), so that any message fits a spare buffer
 * @tx_lock:	mutex serialising writers over @tx_buf; taken before
 *		@ept_lock, never by the endpoint's destruction, so a writer
 *		stalled in its copy from user memory cannot hold that up
 * @tx_buf:	a writer's copy of its message
 * @tx_buf_size: the size of @tx_buf
 * @readq:	readers and pollers waiting for @queue or for the end
 * @creator:	real uid of the task that created the device
 * @remote_flow_restricted: the remote asked us to stop sending (flow_cb)
 * @remote_flow_updated: it changed that since the last
 *		RPMSG_GET_OUTGOING_FLOWCONTROL (EPOLLPRI)
 */
struct rpmsg_eptdev {
	struct device dev;
	struct cdev cdev;
	struct ohost_rpmsg_pin pin;
	struct rpmsg_channel_info chinfo;

	struct mutex ept_lock;		/* @rpdev, @ept; held across sends */
	struct mutex use_lock;		/* @ept for poll and ioctls */
	struct rpmsg_device *rpdev;
	struct rpmsg_endpoint *ept;
	struct rpmsg_endpoint *default_ept;

	struct sk_buff_head queue;
	struct sk_buff_head spare;
	unsigned int spare_max;
	unsigned int rx_buf_size;
	wait_queue_head_t readq;
	kuid_t creator;

	struct mutex tx_lock;		/* @tx_buf; writers */
	void *tx_buf;
	size_t tx_buf_size;
	bool remote_flow_restricted;
	bool remote_flow_updated;
};

/**
 * struct rpmsg_ctrldev - control device, /dev/rpmsg_ctrlN
 * @dev:	the device; one reference per open file, one until removed
 * @cdev:	its character device
 * @ctrl_lock:	mutex serialising ioctls against removal
 * @rpdev:	the rpmsg_ctrl device, NULL once removed
 */
struct rpmsg_ctrldev {
	struct device dev;
	struct cdev cdev;
	struct mutex ctrl_lock;		/* ioctls vs. removal */
	struct rpmsg_device *rpdev;
};

#define dev_to_eptdev(d) container_of(d, struct rpmsg_eptdev, dev)
#define dev_to_ctrldev(d) container_of(d, struct rpmsg_ctrldev, dev)

/* ---- endpoint devices ---- */

/* Detaches the endpoint from the device; the caller destroys it. */
static struct rpmsg_endpoint *rpmsg_eptdev_take_ept(struct rpmsg_eptdev *eptdev)
{
	struct rpmsg_endpoint *ept = eptdev->ept;

	lockdep_assert_held(&eptdev->ept_lock);
	mutex_lock(&eptdev->use_lock);
	WRITE_ONCE(eptdev->ept, NULL);
	mutex_unlock(&eptdev->use_lock);
	return ept != eptdev->default_ept ? ept : NULL;
}

/* Destroys the device side; open files keep the memory and get -EPIPE. */
static int rpmsg_eptdev_destroy(struct device *dev, void *data)
{
	struct rpmsg_eptdev *eptdev = dev_to_eptdev(dev);
	struct rpmsg_endpoint *ept;

	mutex_lock(&eptdev->ept_lock);
	if (!eptdev->rpdev) {		/* already destroyed */
		mutex_unlock(&eptdev->ept_lock);
		return 0;
	}
	eptdev->rpdev = NULL;
	ept = rpmsg_eptdev_take_ept(eptdev);
	if (ept)
		rpmsg_destroy_ept(ept);
	mutex_unlock(&eptdev->ept_lock);

	wake_up_interruptible_all(&eptdev->readq);

	cdev_device_del(&eptdev->cdev, &eptdev->dev);
	put_device(&eptdev->dev);
	return 0;
}

/* A buffer for a received message: a spare one if it fits, else a new one. */
static struct sk_buff *rpmsg_eptdev_rx_buf(struct rpmsg_eptdev *eptdev,
					   unsigned int len)
{
	struct sk_buff *skb = skb_dequeue(&eptdev->spare);

	if (skb && skb_tailroom(skb) >= len)
		return skb;
	consume_skb(skb);
	return alloc_skb(max(len, READ_ONCE(eptdev->rx_buf_size)), GFP_ATOMIC);
}

/* Keeps a read message's buffer for the next one, within @spare_max. */
static void rpmsg_eptdev_recycle(struct rpmsg_eptdev *eptdev,
				 struct sk_buff *skb)
{
	if (skb_queue_len_lockless(&eptdev->spare) >= eptdev->spare_max) {
		consume_skb(skb);
		return;
	}
	skb_trim(skb, 0);
	skb_queue_tail(&eptdev->spare, skb);
}

static int rpmsg_ept_cb(struct rpmsg_device *rpdev, void *buf, int len,
			void *priv, u32 addr)
{
	struct rpmsg_eptdev *eptdev = priv;
	struct sk_buff *skb;

	if (!eptdev)
		return 0;

	/*
	 * Without the queue lock: a reader may dequeue meanwhile, so at worst
	 * one message is dropped that would just have fitted.  The bound is
	 * a guard against a flooding remote, not an exact limit.
	 */
	if (skb_queue_len_lockless(&eptdev->queue) >= READ_ONCE(max_queued)) {
		dev_warn_ratelimited(&eptdev->dev, "reader too slow, message dropped\n");
		return -ENOBUFS;
	}

	skb = rpmsg_eptdev_rx_buf(eptdev, len);
	if (!skb)
		return -ENOMEM;
	skb_put_data(skb, buf, len);
	skb_queue_tail(&eptdev->queue, skb);

	wake_up_interruptible(&eptdev->readq);
	return 0;
}

#ifdef RPMSG_GET_OUTGOING_FLOWCONTROL
/* Flow control as Linux 6.12's rpmsg_char (the uapi header has it since 6.5). */
static int rpmsg_ept_flow_cb(struct rpmsg_device *rpdev, void *priv,
			     bool enable)
{
	struct rpmsg_eptdev *eptdev = priv;

	if (!eptdev)
		return 0;
	WRITE_ONCE(eptdev->remote_flow_restricted, enable);
	WRITE_ONCE(eptdev->remote_flow_updated, true);
	wake_up_interruptible(&eptdev->readq);
	return 0;
}

static void rpmsg_eptdev_set_flow_cb(struct rpmsg_endpoint *ept)
{
	ept->flow_cb = rpmsg_ept_flow_cb;
}

static long rpmsg_eptdev_flow_ioctl(struct rpmsg_eptdev *eptdev,
				    unsigned int cmd, unsigned long arg)
{
	int ret;

	if (cmd == RPMSG_GET_OUTGOING_FLOWCONTROL) {
		WRITE_ONCE(eptdev->remote_flow_updated, false);
		return put_user(READ_ONCE(eptdev->remote_flow_restricted),
				(int __user *)arg);
	}

	/* RPMSG_SET_INCOMING_FLOWCONTROL: the argument is the value */
	if (arg > 1)
		return -EINVAL;
	mutex_lock(&eptdev->use_lock);
	/* upstream has the core WARN and return -EINVAL without an endpoint */
	ret = eptdev->ept ? rpmsg_set_flow_control(eptdev->ept, arg,
						   eptdev->chinfo.dst) : -EINVAL;
	mutex_unlock(&eptdev->use_lock);
	return ret;
}
#else
static void rpmsg_eptdev_set_flow_cb(struct rpmsg_endpoint *ept)
{
}
#endif

/*
 * Received messages are allocated at the endpoint's MTU, so that every
 * spare buffer fits any message; the spares are bounded in bytes.
 */
static void rpmsg_eptdev_size_rx_bufs(struct rpmsg_eptdev *eptdev,
				      struct rpmsg_endpoint *ept)
{
	ssize_t mtu = rpmsg_get_mtu(ept);
	unsigned int size = mtu > 0 ? min_t(ssize_t, mtu, RPMSG_RX_BUF_MAX) : 0;

	WRITE_ONCE(eptdev->rx_buf_size, size);
	/* without an MTU, buffers are as large as messages: count the largest */
	eptdev->spare_max = clamp_t(unsigned int,
				    RPMSG_SPARE_BYTES / (size ?: RPMSG_RX_BUF_MAX),
				    RPMSG_SPARE_MIN, READ_ONCE(max_queued));
}

static int rpmsg_eptdev_open(struct inode *inode, struct file *filp)
{
	struct rpmsg_eptdev *eptdev = container_of(inode->i_cdev,
						   struct rpmsg_eptdev, cdev);
	struct rpmsg_endpoint *ept;
	int ret = 0;

	mutex_lock(&eptdev->ept_lock);
	if (!eptdev->rpdev) {
		ret = -ENETRESET;
	} else if (eptdev->ept) {
		ret = -EBUSY;
	} else {
		ept = eptdev->default_ept ?:
			rpmsg_create_ept(eptdev->rpdev, rpmsg_ept_cb, eptdev,
					 eptdev->chinfo);
		if (!ept) {
			dev_err(&eptdev->dev, "failed to open %s\n",
				eptdev->chinfo.name);
			ret = -EINVAL;
		} else {
			get_device(&eptdev->dev);
			rpmsg_eptdev_size_rx_bufs(eptdev, ept);
			rpmsg_eptdev_set_flow_cb(ept);
			mutex_lock(&eptdev->use_lock);
			WRITE_ONCE(eptdev->ept, ept);
			mutex_unlock(&eptdev->use_lock);
			filp->private_data = eptdev;
			filp->f_mode |= FMODE_NOWAIT;
		}
	}
	mutex_unlock(&eptdev->ept_lock);
	return ret;
}

static int rpmsg_eptdev_release(struct inode *inode, struct file *filp)
{
	struct rpmsg_eptdev *eptdev = filp->private_data;
	struct rpmsg_endpoint *ept;

	mutex_lock(&eptdev->ept_lock);
	ept = rpmsg_eptdev_take_ept(eptdev);
	if (ept)
		rpmsg_destroy_ept(ept);
	mutex_unlock(&eptdev->ept_lock);
	WRITE_ONCE(eptdev->remote_flow_updated, false);

	skb_queue_purge(&eptdev->queue);
	skb_queue_purge(&eptdev->spare);
	kfree(eptdev->tx_buf);		/* no writer is left: the file goes */
	eptdev->tx_buf = NULL;
	eptdev->tx_buf_size = 0;
	put_device(&eptdev->dev);
	return 0;
}

static bool rpmsg_eptdev_readable(struct rpmsg_eptdev *eptdev)
{
	return !skb_queue_empty_lockless(&eptdev->queue) ||
	       !READ_ONCE(eptdev->ept);
}

static struct sk_buff *rpmsg_eptdev_next(struct rpmsg_eptdev *eptdev,
					 bool nonblock)
{
	struct sk_buff *skb;

	for (;;) {
		/* what arrived before the endpoint went is still delivered */
		skb = skb_dequeue(&eptdev->queue);
		if (skb)
			return skb;
		if (!READ_ONCE(eptdev->ept))
			return ERR_PTR(-EPIPE);
		if (nonblock)
			return ERR_PTR(-EAGAIN);
		if (wait_event_interruptible(eptdev->readq,
					     rpmsg_eptdev_readable(eptdev)))
			return ERR_PTR(-ERESTARTSYS);
	}
}

/* O_NONBLOCK, or RWF_NOWAIT and io_uring's non-blocking attempts */
static bool rpmsg_eptdev_nowait(const struct kiocb *iocb)
{
	return iocb->ki_filp->f_flags & O_NONBLOCK ||
	       iocb->ki_flags & IOCB_NOWAIT;
}

static ssize_t rpmsg_eptdev_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct rpmsg_eptdev *eptdev = iocb->ki_filp->private_data;
	struct sk_buff *skb;
	size_t use;
	ssize_t ret;

	skb = rpmsg_eptdev_next(eptdev, rpmsg_eptdev_nowait(iocb));
	if (IS_ERR(skb))
		return PTR_ERR(skb);

	/* one message per read; what does not fit is dropped, as upstream */
	use = min_t(size_t, iov_iter_count(to), skb->len);
	ret = copy_to_iter(skb->data, use, to) == use ? use : -EFAULT;
	rpmsg_eptdev_recycle(eptdev, skb);
	return ret;
}

/* The MTU of the open endpoint, or an errno. */
static ssize_t rpmsg_eptdev_mtu(struct rpmsg_eptdev *eptdev)
{
	ssize_t mtu;

	if (mutex_lock_interruptible(&eptdev->ept_lock))
		return -ERESTARTSYS;
	mtu = eptdev->ept ? rpmsg_get_mtu(eptdev->ept) : -EPIPE;
	mutex_unlock(&eptdev->ept_lock);
	/* a transport without get_mtu leaves the check to its send */
	return mtu == -ENOTSUPP || mtu == -EOPNOTSUPP ? SSIZE_MAX : mtu;
}

static int rpmsg_eptdev_send(struct rpmsg_eptdev *eptdev, void *buf,
			     size_t len, bool nonblock)
{
	int ret;

	if (mutex_lock_interruptible(&eptdev->ept_lock))
		return -ERESTARTSYS;
	if (!eptdev->ept) {
		ret = -EPIPE;
	} else if (nonblock) {
		ret = rpmsg_trysendto(eptdev->ept, buf, len, eptdev->chinfo.dst);
		if (ret == -ENOMEM)
			ret = -EAGAIN;
	} else {
		ret = rpmsg_sendto(eptdev->ept, buf, len, eptdev->chinfo.dst);
	}
	mutex_unlock(&eptdev->ept_lock);
	return ret;
}

/*
 * The writers' buffer, grown to @len (at least the MTU's worth, so that it
 * is allocated once).  Only ever grown, freed when the file is released.
 */
static int rpmsg_eptdev_tx_reserve(struct rpmsg_eptdev *eptdev, size_t len,
				   ssize_t mtu)
{
	size_t size = max_t(size_t, len, min_t(ssize_t, mtu, RPMSG_RX_BUF_MAX));
	void *buf;

	lockdep_assert_held(&eptdev->tx_lock);
	if (len <= eptdev->tx_buf_size && eptdev->tx_buf)
		return 0;
	buf = kmalloc(size ?: 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	kfree(eptdev->tx_buf);
	eptdev->tx_buf = buf;
	eptdev->tx_buf_size = size;
	return 0;
}

/* Writers one at a time; one that must not block does not wait for another. */
static int rpmsg_eptdev_tx_lock(struct rpmsg_eptdev *eptdev, bool nowait)
{
	if (nowait)
		return mutex_trylock(&eptdev->tx_lock) ? 0 : -EAGAIN;
	return mutex_lock_interruptible(&eptdev->tx_lock) ? -ERESTARTSYS : 0;
}

static ssize_t rpmsg_eptdev_write_iter(struct kiocb *iocb,
				       struct iov_iter *from)
{
	struct rpmsg_eptdev *eptdev = iocb->ki_filp->private_data;
	bool nowait = rpmsg_eptdev_nowait(iocb);
	size_t len = iov_iter_count(from);
	ssize_t mtu;
	int ret;

	mtu = rpmsg_eptdev_mtu(eptdev);
	if (mtu < 0)
		return mtu;
	if (len > (size_t)mtu || len > INT_MAX)
		return -EMSGSIZE;

	ret = rpmsg_eptdev_tx_lock(eptdev, nowait);
	if (ret)
		return ret;
	ret = rpmsg_eptdev_tx_reserve(eptdev, len, mtu);
	if (!ret && !copy_from_iter_full(eptdev->tx_buf, len, from))
		ret = -EFAULT;
	if (!ret)
		ret = rpmsg_eptdev_send(eptdev, eptdev->tx_buf, len, nowait);
	mutex_unlock(&eptdev->tx_lock);
	return ret < 0 ? ret : len;
}

static __poll_t rpmsg_eptdev_poll(struct file *filp, poll_table *wait)
{
	struct rpmsg_eptdev *eptdev = filp->private_data;
	__poll_t mask = 0;

	poll_wait(filp, &eptdev->readq, wait);

	if (!skb_queue_empty_lockless(&eptdev->queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(eptdev->remote_flow_updated))
		mask |= EPOLLPRI;

	/*
	 * Not under @ept_lock, which a writer waiting for a TX buffer holds:
	 * poll() must not wait for it.
	 */
	mutex_lock(&eptdev->use_lock);
	if (eptdev->ept)
		mask |= rpmsg_poll(eptdev->ept, filp, wait);
	else	/* as read(): the queue first, then the error */
		mask |= mask & EPOLLIN ? EPOLLHUP : EPOLLERR | EPOLLHUP;
	mutex_unlock(&eptdev->use_lock);
	return mask;
}

/* ---- (new) batches of messages: <uapi/linux/ohost_rpmsg.h> ---- */

/**
 * struct rpmsg_mmsg_call - a batch ioctl's argument, checked
 * @msgs:	the user's array of messages
 * @count:	its entries
 * @nowait:	O_NONBLOCK or OHOST_RPMSG_MMSG_DONTWAIT
 */
struct rpmsg_mmsg_call {
	struct ohost_rpmsg_mmsg __user *msgs;
	unsigned int count;
	bool nowait;
};

static int rpmsg_mmsgs_get(struct rpmsg_mmsg_call *call,
			   const struct file *filp, const void __user *arg)
{
	struct ohost_rpmsg_mmsgs batch;

	if (copy_from_user(&batch, arg, sizeof(batch)))
		return -EFAULT;
	if (!batch.count || batch.count > OHOST_RPMSG_MMSG_MAX ||
	    batch.flags & ~OHOST_RPMSG_MMSG_DONTWAIT)
		return -EINVAL;
	call->msgs = u64_to_user_ptr(batch.msgs);
	call->count = batch.count;
	call->nowait = filp->f_flags & O_NONBLOCK ||
		       batch.flags & OHOST_RPMSG_MMSG_DONTWAIT;
	return 0;
}

/* One message of a batch, as write() sends it; @tx_lock held. */
static int rpmsg_eptdev_send_user(struct rpmsg_eptdev *eptdev,
				  const struct ohost_rpmsg_mmsg *m,
				  ssize_t mtu, bool nowait)
{
	int ret;

	if (m->len > mtu)
		return -EMSGSIZE;
	ret = rpmsg_eptdev_tx_reserve(eptdev, m->len, mtu);
	if (ret)
		return ret;
	if (copy_from_user(eptdev->tx_buf, u64_to_user_ptr(m->buf), m->len))
		return -EFAULT;
	return rpmsg_eptdev_send(eptdev, eptdev->tx_buf, m->len, nowait);
}

/* Return: messages sent, or the first one's errno. */
static long rpmsg_eptdev_send_mmsg(struct file *filp, void __user *arg)
{
	struct rpmsg_eptdev *eptdev = filp->private_data;
	struct rpmsg_mmsg_call call;
	struct ohost_rpmsg_mmsg m;
	unsigned int i;
	ssize_t mtu;
	int ret;

	ret = rpmsg_mmsgs_get(&call, filp, arg);
	if (ret)
		return ret;
	mtu = rpmsg_eptdev_mtu(eptdev);
	if (mtu < 0)
		return mtu;
	mtu = min_t(ssize_t, mtu, INT_MAX);

	ret = rpmsg_eptdev_tx_lock(eptdev, call.nowait);
	if (ret)
		return ret;
	for (i = 0; i < call.count; i++) {
		ret = copy_from_user(&m, &call.msgs[i], sizeof(m)) ? -EFAULT :
		      rpmsg_eptdev_send_user(eptdev, &m, mtu, call.nowait);
		if (ret)
			break;
	}
	mutex_unlock(&eptdev->tx_lock);
	return i ?: ret;
}

/*
 * One received message into the user's buffer of @m, as read() does; its
 * length into @um->msg_len.  A message whose copy faults is lost, as in
 * read().
 */
static int rpmsg_eptdev_recv_user(struct rpmsg_eptdev *eptdev,
				  const struct ohost_rpmsg_mmsg *m,
				  struct ohost_rpmsg_mmsg __user *um,
				  bool nowait)
{
	struct sk_buff *skb;
	unsigned int use;
	int ret = 0;

	skb = rpmsg_eptdev_next(eptdev, nowait);
	if (IS_ERR(skb))
		return PTR_ERR(skb);
	use = min(m->len, skb->len);
	if (copy_to_user(u64_to_user_ptr(m->buf), skb->data, use) ||
	    put_user(skb->len, &um->msg_len))
		ret = -EFAULT;
	rpmsg_eptdev_recycle(eptdev, skb);
	return ret;
}

/* Return: messages received (the first waited for), or an errno. */
static long rpmsg_eptdev_recv_mmsg(struct file *filp, void __user *arg)
{
	struct rpmsg_eptdev *eptdev = filp->private_data;
	struct rpmsg_mmsg_call call;
	struct ohost_rpmsg_mmsg m;
	unsigned int i;
	int ret;

	ret = rpmsg_mmsgs_get(&call, filp, arg);
	if (ret)
		return ret;
	for (i = 0; i < call.count; i++) {
		/* the descriptor first: a bad one must not cost a message */
		ret = copy_from_user(&m, &call.msgs[i], sizeof(m)) ? -EFAULT :
		      rpmsg_eptdev_recv_user(eptdev, &m, &call.msgs[i],
					     call.nowait || i);
		if (ret)
			break;
	}
	return i ?: ret;
}

static long rpmsg_eptdev_ioctl(struct file *filp, unsigned int cmd,
			       unsigned long arg)
{
	struct rpmsg_eptdev *eptdev = filp->private_data;
	ssize_t mtu;

	switch (cmd) {
	case OHOST_RPMSG_SEND_MMSG:
		return rpmsg_eptdev_send_mmsg(filp, (void __user *)arg);
	case OHOST_RPMSG_RECV_MMSG:
		return rpmsg_eptdev_recv_mmsg(filp, (void __user *)arg);
	case OHOST_RPMSG_GET_MTU:
		mtu = rpmsg_eptdev_mtu(eptdev);
		if (mtu < 0)
			return mtu;
		return put_user(min_t(ssize_t, mtu, U32_MAX),
				(__u32 __user *)arg);
	case RPMSG_DESTROY_EPT_IOCTL:
		/* the channel's own endpoint goes with the channel */
		if (eptdev->default_ept)
			return -EINVAL;
		return rpmsg_eptdev_destroy(&eptdev->dev, NULL);
#ifdef RPMSG_GET_OUTGOING_FLOWCONTROL
	case RPMSG_GET_OUTGOING_FLOWCONTROL:
	case RPMSG_SET_INCOMING_FLOWCONTROL:
		return rpmsg_eptdev_flow_ioctl(eptdev, cmd, arg);
#endif
	default:
		return -EINVAL;		/* as upstream, not -ENOTTY */
	}
}

static const struct file_operations rpmsg_eptdev_fops = {
	.owner = THIS_MODULE,
	.open = rpmsg_eptdev_open,
	.release = rpmsg_eptdev_release,
	.read_iter = rpmsg_eptdev_read_iter,
	.write_iter = rpmsg_eptdev_write_iter,
	.poll = rpmsg_eptdev_poll,
	.unlocked_ioctl = rpmsg_eptdev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static ssize_t name_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", dev_to_eptdev(dev)->chinfo.name);
}
static DEVICE_ATTR_RO(name);

static ssize_t src_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%d\n", dev_to_eptdev(dev)->chinfo.src);
}
static DEVICE_ATTR_RO(src);

static ssize_t dst_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%d\n", dev_to_eptdev(dev)->chinfo.dst);
}
static DEVICE_ATTR_RO(dst);

static struct attribute *rpmsg_eptdev_attrs[] = {
	&dev_attr_name.attr,
	&dev_attr_src.attr,
	&dev_attr_dst.attr,
	NULL
};
ATTRIBUTE_GROUPS(rpmsg_eptdev);

static void rpmsg_eptdev_release_device(struct device *dev)
{
	struct rpmsg_eptdev *eptdev = dev_to_eptdev(dev);

	if (dev->id >= 0)
		ida_free(&rpmsg_ept_ida, dev->id);
	if (dev->devt)
		ida_free(&rpmsg_minor_ida, MINOR(dev->devt));
	skb_queue_purge(&eptdev->queue);
	skb_queue_purge(&eptdev->spare);
	kfree(eptdev->tx_buf);
	mutex_destroy(&eptdev->tx_lock);
	mutex_destroy(&eptdev->use_lock);
	mutex_destroy(&eptdev->ept_lock);
	/* last: this may be what lets the transport module go */
	ohost_rpmsg_pin_put(&eptdev->pin);
	kfree(eptdev);
}

/* Minor and name; on failure the caller puts the initialised device. */
static int rpmsg_number(struct device *dev, struct ida *ida, const char *fmt)
{
	int ret;

	ret = ida_alloc_max(&rpmsg_minor_ida, RPMSG_DEV_MAX - 1, GFP_KERNEL);
	if (ret < 0)
		return ret;
	dev->devt = MKDEV(MAJOR(rpmsg_major), ret);

	ret = ida_alloc(ida, GFP_KERNEL);
	if (ret < 0)
		return ret;
	dev->id = ret;
	return dev_set_name(dev, fmt, ret);
}

static struct rpmsg_eptdev *rpmsg_eptdev_create(struct rpmsg_device *rpdev,
						struct device *parent,
						struct rpmsg_channel_info *chinfo,
						struct rpmsg_endpoint *default_ept)
{
	struct rpmsg_eptdev *eptdev;
	struct device *dev;
	int ret;

	eptdev = kzalloc(sizeof(*eptdev), GFP_KERNEL);
	if (!eptdev)
		return ERR_PTR(-ENOMEM);

	ret = ohost_rpmsg_pin_get(&eptdev->pin, rpdev);
	if (ret) {
		kfree(eptdev);
		return ERR_PTR(ret);
	}

	dev = &eptdev->dev;
	device_initialize(dev);
	dev->release = rpmsg_eptdev_release_device;
	dev->id = -1;

	eptdev->rpdev = rpdev;
	eptdev->chinfo = *chinfo;
	eptdev->default_ept = default_ept;
	eptdev->creator = current_uid();
	mutex_init(&eptdev->ept_lock);
	mutex_init(&eptdev->use_lock);
	mutex_init(&eptdev->tx_lock);
	skb_queue_head_init(&eptdev->queue);
	skb_queue_head_init(&eptdev->spare);
	init_waitqueue_head(&eptdev->readq);

	dev->class = OHOST_RPMSG_CLASS;
	dev->parent = parent;
	dev->groups = rpmsg_eptdev_groups;
	cdev_init(&eptdev->cdev, &rpmsg_eptdev_fops);
	eptdev->cdev.owner = THIS_MODULE;

	ret = rpmsg_number(dev, &rpmsg_ept_ida, "rpmsg%d");
	if (!ret)
		ret = cdev_device_add(&eptdev->cdev, dev);
	if (ret) {
		put_device(dev);
		return ERR_PTR(ret);
	}
	return eptdev;
}

/* ---- rpmsg_chrdev: a channel's own endpoint as /dev/rpmsgN ---- */

static void rpmsg_chrdev_set_priv(struct rpmsg_endpoint *ept, void *priv)
{
	/* the transport calls back under cb_lock */
	mutex_lock(&ept->cb_lock);
	ept->priv = priv;
	mutex_unlock(&ept->cb_lock);
}

static int rpmsg_chrdev_probe(struct rpmsg_device *rpdev)
{
	struct rpmsg_channel_info chinfo = {
		.src = rpdev->src,
		.dst = rpdev->dst,
	};
	struct rpmsg_eptdev *eptdev;

	strscpy_pad(chinfo.name, rpdev->id.name, sizeof(chinfo.name));
	eptdev = rpmsg_eptdev_create(rpdev, &rpdev->dev, &chinfo, rpdev->ept);
	if (IS_ERR(eptdev))
		return PTR_ERR(eptdev);
	rpmsg_chrdev_set_priv(rpdev->ept, eptdev);
	return 0;
}

static void rpmsg_chrdev_remove(struct rpmsg_device *rpdev)
{
	/* the core destroys rpdev->ept after us: stop it reaching eptdev */
	rpmsg_chrdev_set_priv(rpdev->ept, NULL);
	device_for_each_child(&rpdev->dev, NULL, rpmsg_eptdev_destroy);
}

/*
 * "rpmsg-raw" only, as Linux 6.1.  (6.12.58+ also lists TI's "rpmsg_chrdev",
 * which then binds by itself and makes the driver_override + bind flow of
 * existing applications fail with -EBUSY.)
 */
static const struct rpmsg_device_id rpmsg_chrdev_id_table[] = {
	{ .name = "rpmsg-raw" },
	{ },
};
MODULE_DEVICE_TABLE(rpmsg, rpmsg_chrdev_id_table);

static struct rpmsg_driver rpmsg_chrdev_driver = {
	.probe = rpmsg_chrdev_probe,
	.remove = rpmsg_chrdev_remove,
	.callback = rpmsg_ept_cb,
	.id_table = rpmsg_chrdev_id_table,
	.drv.name = "rpmsg_chrdev",
};

/* ---- rpmsg_ctrl: /dev/rpmsg_ctrlN ---- */

static int rpmsg_ctrldev_open(struct inode *inode, struct file *filp)
{
	struct rpmsg_ctrldev *ctrldev = container_of(inode->i_cdev,
						     struct rpmsg_ctrldev, cdev);

	get_device(&ctrldev->dev);
	filp->private_data = ctrldev;
	return 0;
}

static int rpmsg_ctrldev_release(struct inode *inode, struct file *filp)
{
	struct rpmsg_ctrldev *ctrldev = filp->private_data;

	put_device(&ctrldev->dev);
	return 0;
}

struct rpmsg_ept_count {
	kuid_t uid;
	unsigned int all;
	unsigned int of_uid;
};

static int rpmsg_count_child(struct device *dev, void *data)
{
	struct rpmsg_ept_count *count = data;

	count->all++;
	if (uid_eq(dev_to_eptdev(dev)->creator, count->uid))
		count->of_uid++;
	return 0;
}

/*
 * Its children are the endpoint devices not destroyed yet: full for the
 * caller at max_endpoints of them, or at max_user_endpoints of the
 * caller's.
 */
static bool rpmsg_ctrldev_full(struct rpmsg_ctrldev *ctrldev)
{
	struct rpmsg_ept_count count = { .uid = current_uid() };
	unsigned int user_max = READ_ONCE(max_user_endpoints);

	lockdep_assert_held(&ctrldev->ctrl_lock);
	device_for_each_child(&ctrldev->dev, &count, rpmsg_count_child);
	return count.all >= READ_ONCE(max_endpoints) ||
	       (user_max && count.of_uid >= user_max);
}

static int rpmsg_ctrldev_cmd(struct rpmsg_ctrldev *ctrldev, unsigned int cmd,
			     struct rpmsg_channel_info *chinfo)
{
	struct rpmsg_eptdev *eptdev;

	lockdep_assert_held(&ctrldev->ctrl_lock);
	switch (cmd) {
	case RPMSG_CREATE_EPT_IOCTL:
		/* as when the minors run out (ida_alloc_max) */
		if (rpmsg_ctrldev_full(ctrldev))
			return -ENOSPC;
		eptdev = rpmsg_eptdev_create(ctrldev->rpdev, &ctrldev->dev,
					     chinfo, NULL);
		return PTR_ERR_OR_ZERO(eptdev);
	case RPMSG_CREATE_DEV_IOCTL:
		if (!rpmsg_create_channel(ctrldev->rpdev, chinfo))
			return -ENXIO;
		return 0;
	case RPMSG_RELEASE_DEV_IOCTL:
		return rpmsg_release_channel(ctrldev->rpdev, chinfo);
	}
	return -EINVAL;
}

static long rpmsg_ctrldev_ioctl(struct file *filp, unsigned int cmd,
				unsigned long arg)
{
	struct rpmsg_ctrldev *ctrldev = filp->private_data;
	struct rpmsg_endpoint_info eptinfo;
	struct rpmsg_channel_info chinfo;
	int ret;

	if (cmd != RPMSG_CREATE_EPT_IOCTL && cmd != RPMSG_CREATE_DEV_IOCTL &&
	    cmd != RPMSG_RELEASE_DEV_IOCTL)
		return -EINVAL;		/* as upstream, not -ENOTTY */
	if (copy_from_user(&eptinfo, (void __user *)arg, sizeof(eptinfo)))
		return -EFAULT;

	memcpy(chinfo.name, eptinfo.name, RPMSG_NAME_SIZE);
	chinfo.name[RPMSG_NAME_SIZE - 1] = '\0';
	chinfo.src = eptinfo.src;
	chinfo.dst = eptinfo.dst;

	if (mutex_lock_interruptible(&ctrldev->ctrl_lock))
		return -ERESTARTSYS;
	ret = ctrldev->rpdev ? rpmsg_ctrldev_cmd(ctrldev, cmd, &chinfo) : -ENODEV;
	mutex_unlock(&ctrldev->ctrl_lock);
	return ret;
}

static const struct file_operations rpmsg_ctrldev_fops = {
	.owner = THIS_MODULE,
	.open = rpmsg_ctrldev_open,
	.release = rpmsg_ctrldev_release,
	.unlocked_ioctl = rpmsg_ctrldev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static void rpmsg_ctrldev_release_device(struct device *dev)
{
	struct rpmsg_ctrldev *ctrldev = dev_to_ctrldev(dev);

	if (dev->id >= 0)
		ida_free(&rpmsg_ctrl_ida, dev->id);
	if (dev->devt)
		ida_free(&rpmsg_minor_ida, MINOR(dev->devt));
	kfree(ctrldev);
}

static int rpmsg_ctrldev_probe(struct rpmsg_device *rpdev)
{
	struct rpmsg_ctrldev *ctrldev;
	struct device *dev;
	int ret;

	ctrldev = kzalloc(sizeof(*ctrldev), GFP_KERNEL);
	if (!ctrldev)
		return -ENOMEM;

	dev = &ctrldev->dev;
	device_initialize(dev);
	dev->release = rpmsg_ctrldev_release_device;
	dev->id = -1;
	dev->parent = &rpdev->dev;
	dev->class = OHOST_RPMSG_CLASS;
	ctrldev->rpdev = rpdev;
	mutex_init(&ctrldev->ctrl_lock);
	cdev_init(&ctrldev->cdev, &rpmsg_ctrldev_fops);
	ctrldev->cdev.owner = THIS_MODULE;

	ret = rpmsg_number(dev, &rpmsg_ctrl_ida, "rpmsg_ctrl%d");
	if (!ret)
		ret = cdev_device_add(&ctrldev->cdev, dev);
	if (ret) {
		put_device(dev);
		return ret;
	}
	dev_set_drvdata(&rpdev->dev, ctrldev);
	return 0;
}

static void rpmsg_ctrldev_remove(struct rpmsg_device *rpdev)
{
	struct rpmsg_ctrldev *ctrldev = dev_get_drvdata(&rpdev->dev);

	/* no ioctl is running or will run on rpdev */
	mutex_lock(&ctrldev->ctrl_lock);
	ctrldev->rpdev = NULL;
	mutex_unlock(&ctrldev->ctrl_lock);

	device_for_each_child(&ctrldev->dev, NULL, rpmsg_eptdev_destroy);
	cdev_device_del(&ctrldev->cdev, &ctrldev->dev);
	put_device(&ctrldev->dev);
}

static struct rpmsg_driver rpmsg_ctrldev_driver = {
	.probe = rpmsg_ctrldev_probe,
	.remove = rpmsg_ctrldev_remove,
	.drv.name = "rpmsg_ctrl",
};

/* ---- module ---- */

static int rpmsg_probe_dummy(struct rpmsg_device *rpdev)
{
	return -ENODEV;
}

/* Never matches a device: only registered to learn the rpmsg bus. */
static struct rpmsg_driver rpmsg_bus_probe_driver = {
	.probe = rpmsg_probe_dummy,
	.drv.name = KBUILD_MODNAME,
};

/*
 * The in-tree rpmsg_char/rpmsg_ctrl register the same driver names; the
 * driver core would refuse ours with a terse message.  Say what to do.
 */
static int rpmsg_check_in_tree(void)
{
	typeof(rpmsg_bus_probe_driver.drv.bus) bus;
	bool taken;
	int ret;

	ret = register_rpmsg_driver(&rpmsg_bus_probe_driver);
	if (ret)
		return ret;
	bus = rpmsg_bus_probe_driver.drv.bus;
	taken = driver_find(rpmsg_chrdev_driver.drv.name, bus) ||
		driver_find(rpmsg_ctrldev_driver.drv.name, bus);
	unregister_rpmsg_driver(&rpmsg_bus_probe_driver);

	if (taken) {
		pr_err("drivers rpmsg_chrdev/rpmsg_ctrl already registered: unload the in-tree rpmsg_ctrl and rpmsg_char modules first (modprobe -r rpmsg_ctrl rpmsg_char)\n");
		return -EBUSY;
	}
	return 0;
}

static int __init rpmsg_char_init(void)
{
	int ret;

	ret = rpmsg_check_in_tree();
	if (ret)
		return ret;

	ret = alloc_chrdev_region(&rpmsg_major, 0, RPMSG_DEV_MAX, "rpmsg");
	if (ret < 0)
		return ret;

	ret = register_rpmsg_driver(&rpmsg_chrdev_driver);
	if (ret)
		goto free_region;
	ret = register_rpmsg_driver(&rpmsg_ctrldev_driver);
	if (ret)
		goto unregister_chrdev;
	return 0;

unregister_chrdev:
	unregister_rpmsg_driver(&rpmsg_chrdev_driver);
free_region:
	unregister_chrdev_region(rpmsg_major, RPMSG_DEV_MAX);
	return ret;
}
module_init(rpmsg_char_init);

static void __exit rpmsg_char_exit(void)
{
	unregister_rpmsg_driver(&rpmsg_ctrldev_driver);
	unregister_rpmsg_driver(&rpmsg_chrdev_driver);
	unregister_chrdev_region(rpmsg_major, RPMSG_DEV_MAX);
}
module_exit(rpmsg_char_exit);

MODULE_ALIAS("rpmsg:rpmsg_ctrl");
/*
 * "modprobe rpmsg_char" / "modprobe rpmsg_ctrl" load this module on kernels
 * without the in-tree ones; where those exist, modprobe prefers the real
 * module of that name, so this never shadows them.
 */
MODULE_ALIAS("rpmsg_char");
MODULE_ALIAS("rpmsg_ctrl");
MODULE_DESCRIPTION("rpmsg character devices: rpmsg_ctrl and rpmsg_chrdev (openamp-host)");
MODULE_LICENSE("GPL");
