// SPDX-License-Identifier: GPL-2.0
/*
 * Virtio-based remote processor messaging transport (VIRTIO_ID_RPMSG).
 *
 * Same wire protocol and sysfs names as Linux's virtio_rpmsg_bus, for
 * kernels that ship rpmsg_core.ko without it.  Differences from upstream:
 * the name service is handled here (no rpmsg_ns.ko needed), buffer sizes
 * and counts are per direction and configurable, received messages are
 * processed in a kernel thread of the device with a budget and bounded
 * against a hostile remote, the send timeout is a parameter, poll() reports EPOLLOUT,
 * and the shared state is reference-counted so that channels, endpoints and
 * pollers may outlive a remoteproc stop.
 *
 * Received messages are handled in a kernel thread per device (a kthread
 * worker, "ohost-rpmsg/N" for virtioN), not in the context that delivers
 * the vring interrupt (see vrp_recv_done()); its scheduling policy and
 * priority are the rx_priority parameter's, so that on a PREEMPT_RT
 * kernel the RX path can be ranked against the system's other real-time
 * threads.
 *
 * The vrings are driven here (include/ohost/vring.h), not through the
 * virtio core's virtqueue_add/get_buf(), which trust what the remote
 * writes into shared memory: the virtqueues only deliver interrupts and
 * notifications.  VIRTIO_RING_F_EVENT_IDX is used when the remote offers
 * it.
 *
 * Buffer addresses in the vring descriptors are CPU physical addresses of
 * the buffers (as upstream: the remoteproc virtio device does not use the
 * DMA API), taken from dma_alloc_coherent() on the remoteproc vdev, i.e. its
 * "vdev%dbuffer" carveout when the firmware declares one.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-mapping.h>
#include <linux/idr.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/rpmsg.h>
#include <linux/rpmsg/byteorder.h>
#include <linux/rpmsg/ns.h>
#include <linux/processor.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>
#include <linux/timekeeping.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_ring.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <uapi/linux/sched/types.h>

#include <ohost/compat.h>
#include <ohost/rpmsg_internal.h>
#include <ohost/rpmsg_wire.h>
#include <ohost/shmem.h>
#include <ohost/vring.h>

/* Feature bit: the remote supports name service announcements. */
#define VIRTIO_RPMSG_F_NS	0
/*
 * Feature bit: the remote says the buffer sizes in the config space
 * (struct vrp_bufsz_config), as in AMD's "Enhance RPMsg buffer management"
 * series.
 */
#define VIRTIO_RPMSG_F_BUFSZ	1

/**
 * struct vrp_bufsz_config - config space with %VIRTIO_RPMSG_F_BUFSZ
 * @version:	1
 * @size:	size of this structure, at least the 13 bytes of version 1
 * @rpmsg_buf_align: alignment of every buffer's address, a power of two
 * @txbuf_size:	size of the buffers Linux sends in (vring1), header included
 * @rxbuf_size:	size of the buffers Linux receives in (vring0)
 */
struct vrp_bufsz_config {
	u8 version;
	__le16 size;
	__le16 rpmsg_buf_align;
	__le32 txbuf_size;
	__le32 rxbuf_size;
} __packed;

#define VRP_BUFSZ_VERSION	1
#define VRP_MAX_BUF_ALIGN	PAGE_SIZE	/* chunks start on a page */

/* Addresses below this are reserved for fixed services (53 = name service). */
#define VRP_RESERVED_ADDRESSES	1024

#define VRP_MAX_BUFS		1024	/* per direction */
#define VRP_MIN_BUF_SIZE	64	/* header + a name service message */
#define VRP_MAX_BUF_SIZE	65536	/* the header's len is 16 bits */
#define VRP_BUF_ALIGN		16
#define VRP_RX_BUDGET		64	/* messages per pass of the RX work */
#define VRP_BUSY_POLL_MAX_US	5000	/* vrp_rx_busy_poll(); busy_poll_us's text */
#define VRP_WATCH_MAX		(HZ / 10)	/* see vrp_watch_work() */

/* ---- module parameters ---- */

static unsigned int rx_buf_num = 256;
static unsigned int tx_buf_num = 256;
static unsigned int rx_buf_size = 512;
static unsigned int tx_buf_size = 512;
static unsigned int send_timeout_ms = 15000;
static unsigned int max_channels = 64;
static unsigned int busy_poll_us;
static unsigned int rx_priority;

static int vrp_param_set_num(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int ret;

	ret = kstrtouint(val, 0, &n);
	if (ret)
		return ret;
	if (!n || n > VRP_MAX_BUFS || !is_power_of_2(n)) {
		pr_err("%s must be a power of two in 1..%u\n", kp->name,
		       VRP_MAX_BUFS);
		return -EINVAL;
	}
	*(unsigned int *)kp->arg = n;
	return 0;
}

static int vrp_param_set_size(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int ret;

	ret = kstrtouint(val, 0, &n);
	if (ret)
		return ret;
	if (n < VRP_MIN_BUF_SIZE || n > VRP_MAX_BUF_SIZE ||
	    !IS_ALIGNED(n, VRP_BUF_ALIGN)) {
		pr_err("%s must be a multiple of %u in %u..%u\n", kp->name,
		       VRP_BUF_ALIGN, VRP_MIN_BUF_SIZE, VRP_MAX_BUF_SIZE);
		return -EINVAL;
	}
	*(unsigned int *)kp->arg = n;
	return 0;
}

/*
 * busy_poll_us, of the module or of a device: 0..VRP_BUSY_POLL_MAX_US in
 * decimal; anything else is -EINVAL, also a number too large for kstrtouint.
 */
static int vrp_parse_busy_poll(const char *val, unsigned int *us)
{
	if (kstrtouint(val, 10, us) || *us > VRP_BUSY_POLL_MAX_US)
		return -EINVAL;
	return 0;
}

static int vrp_param_set_busy_poll(const char *val,
				   const struct kernel_param *kp)
{
	unsigned int us;
	int ret;

	ret = vrp_parse_busy_poll(val, &us);
	if (ret)
		return ret;
	*(unsigned int *)kp->arg = us;
	return 0;
}

/* rx_priority: 0 (SCHED_NORMAL) or a SCHED_FIFO priority, 1..99. */
static int vrp_param_set_rx_priority(const char *val,
				     const struct kernel_param *kp)
{
	unsigned int prio;

	if (kstrtouint(val, 10, &prio) || prio > MAX_RT_PRIO - 1)
		return -EINVAL;
	*(unsigned int *)kp->arg = prio;
	return 0;
}

static const struct kernel_param_ops vrp_num_ops = {
	.set = vrp_param_set_num,
	.get = param_get_uint,
};

static const struct kernel_param_ops vrp_size_ops = {
	.set = vrp_param_set_size,
	.get = param_get_uint,
};

static const struct kernel_param_ops vrp_busy_poll_ops = {
	.set = vrp_param_set_busy_poll,
	.get = param_get_uint,
};

static const struct kernel_param_ops vrp_rx_priority_ops = {
	.set = vrp_param_set_rx_priority,
	.get = param_get_uint,
};

module_param_cb(rx_buf_num, &vrp_num_ops, &rx_buf_num, 0644);
MODULE_PARM_DESC(rx_buf_num,
		 "RX (remote to host) buffers, power of two, capped by vring0 size (default 256)");
module_param_cb(tx_buf_num, &vrp_num_ops, &tx_buf_num, 0644);
MODULE_PARM_DESC(tx_buf_num,
		 "TX (host to remote) buffers, power of two, capped by vring1 size (default 256)");
module_param_cb(rx_buf_size, &vrp_size_ops, &rx_buf_size, 0644);
MODULE_PARM_DESC(rx_buf_size, "RX buffer size in bytes incl. 16-byte header (default 512)");
module_param_cb(tx_buf_size, &vrp_size_ops, &tx_buf_size, 0644);
MODULE_PARM_DESC(tx_buf_size, "TX buffer size in bytes incl. 16-byte header (default 512)");
module_param(send_timeout_ms, uint, 0644);
MODULE_PARM_DESC(send_timeout_ms,
		 "How long a blocking send waits for a TX buffer, ms; 0 = forever (default 15000)");
module_param(max_channels, uint, 0644);
MODULE_PARM_DESC(max_channels, "Channels per virtio device, bounds name-service floods (default 64)");
module_param_cb(busy_poll_us, &vrp_busy_poll_ops, &busy_poll_us, 0644);
MODULE_PARM_DESC(busy_poll_us,
		 "Default busy_poll_us of new devices: RX polls for more messages this long, us, before it waits for an interrupt; 0..5000 (default 0: off)");
module_param_cb(rx_priority, &vrp_rx_priority_ops, &rx_priority, 0644);
MODULE_PARM_DESC(rx_priority,
		 "Scheduling of each new device's RX thread (ohost-rpmsg/N for virtioN): 0 = SCHED_NORMAL at nice -20, 1..99 = SCHED_FIFO at that priority; read at probe (default 0)");

/* ---- state ---- */

/**
 * struct vrp_chunk - one allocation of buffers from the vdev's pool
 * @va:		kernel address
 * @dma:	its DMA handle (for dma_free_coherent() only)
 */
struct vrp_chunk {
	void *va;
	dma_addr_t dma;
};

/**
 * struct vrp_bufs - the buffers of one direction and their vring
 * @num:	number of buffers
 * @size:	size of one buffer, header included; also their distance in a
 *		chunk, so a multiple of any alignment the remote asks for
 * @buf:	kernel address of buffer i
 * @chunks:	the allocations holding them, @per_chunk buffers each
 * @nchunks:	entries of @chunks
 * @per_chunk:	buffers per chunk
 * @chunk_size: bytes per chunk, a power of two
 * @ring:	the vring; buffer i is its descriptor i
 */
struct vrp_bufs {
	unsigned int num;
	unsigned int size;
	void **buf;
	struct vrp_chunk *chunks;
	unsigned int nchunks;
	unsigned int per_chunk;
	size_t chunk_size;
	struct ohost_vring ring;
};

/**
 * struct ohost_vrp - one virtio rpmsg device
 * @refcount:	the probe holds one reference, every channel device one;
 *		the struct (locks, @sendq, @endpoints) lives until the last
 *		put, the virtqueues and buffers only until remove.
 * @vdev:	the virtio device
 * @rvq:	RX virtqueue (vring0, remote to host): its interrupts
 * @svq:	TX virtqueue (vring1, host to remote): its interrupts and
 *		notifications
 * @rx:		RX buffers and vring0; only @rx_work touches the ring once
 *		the device is ready, so it needs no lock.
 * @tx:		TX buffers and vring1, under @tx_lock
 * @little_endian: byte order of the wire format
 * @rx_bounce:	copy of the message being dispatched: the remote can rewrite
 *		shared memory at any time, callbacks must not see that.
 * @rx_lock:	spinlock (the RX callback may run in hard IRQ context)
 *		ordering @rx_stopped against queueing @rx_work.
 * @rx_stopped:	no more RX work (or watch) may be queued; busy polling
 *		also reads it without the lock, to end early
 * @rx_work:	drains @rx, dispatches, re-posts; requeues itself past
 *		%VRP_RX_BUDGET messages so that one device cannot hog a CPU.
 * @rx_worker:	the device's RX thread, which runs @rx_work; its policy and
 *		priority are rx_priority's at probe (vrp_rx_worker_create())
 * @watch:	looks at both rings again while an interrupt may be lost
 *		(vrp_watch_work()); on system_highpri_wq, not @rx_worker, so
 *		that it still wakes pollers while an endpoint callback of
 *		@rx_work blocks in a send
 * @watch_delay: its current period, in jiffies (RX work only)
 * @busy_poll_us: how long the RX work polls vring0 for more messages
 *		before it waits for an interrupt (vrp_rx_busy_poll()); 0: not
 *		at all.  Written through sysfs at any time, read once a pass.
 * @busy_poll_hits: messages that polling found; written by the RX work
 *		only, read through sysfs
 * @tx_lock:	mutex (kicking the remote may sleep) protecting @svq,
 *		@tx_free, @tx_nfree, @tx_cb_users, @tx_poll_armed, @tx_nowait
 *		and @tx_gone; serialises concurrent senders.
 * @tx_free:	stack of free TX buffers (descriptor ids)
 * @tx_nfree:	entries in @tx_free
 * @tx_cb_users: senders sleeping for a buffer plus one while @tx_poll_armed;
 *		the TX-complete callback is enabled while it is non-zero.
 * @tx_poll_armed: a poller found no buffer and needs the TX-complete wakeup
 * @tx_nowait:	remove is in progress: senders that would wait fail
 * @tx_gone:	the virtqueues are going away: every send fails, no endpoint
 *		can be created; written under both @tx_lock and
 *		@endpoints_lock, so either protects a read.
 * @sendq:	senders and pollers waiting for a TX buffer
 * @endpoints_lock: mutex protecting @endpoints (lookups happen in the RX
 *		work, which may sleep in endpoint callbacks anyway).
 * @endpoints:	local address -> struct rpmsg_endpoint
 * @channels_lock: mutex protecting @registering, @nregistering and
 *		@stopping, so that the duplicate and @max_channels checks of a
 *		new channel count the ones still being registered.  Never held
 *		across a registration: that probes drivers and may announce
 *		(send), and must not stall the name service or other ioctls.
 * @registering: channels between their checks and the end of their
 *		rpmsg_register_device() (struct vrp_pending)
 * @nregistering: entries in @registering
 * @registered_wq: woken when @nregistering drops to 0
 * @release_lock: mutex serialising channel releases (name-service destroy,
 *		RPMSG_RELEASE_DEV) with each other and with remove, so that a
 *		device is unregistered once.
 * @stopping:	remove has begun: no channel is created or released; set
 *		under both @channels_lock and @release_lock
 * @ns_ept:	name service endpoint (address 53), when negotiated
 * @ctrl:	the rpmsg_ctrl device
 * @rcu:	for the RCU-delayed free that wake_up_pollfree() requires
 */
struct ohost_vrp {
	struct kref refcount;
	struct virtio_device *vdev;
	struct virtqueue *rvq, *svq;
	struct vrp_bufs rx, tx;
	bool little_endian;
	void *rx_bounce;

	spinlock_t rx_lock;		/* @rx_stopped vs. @rx_work */
	bool rx_stopped;
	struct kthread_work rx_work;
	struct kthread_worker *rx_worker;
	struct delayed_work watch;
	unsigned long watch_delay;
	unsigned int busy_poll_us;
	unsigned long busy_poll_hits;

	struct mutex tx_lock;		/* @svq and TX buffers */
	u16 *tx_free;
	unsigned int tx_nfree;
	unsigned int tx_cb_users;
	bool tx_poll_armed;
	bool tx_nowait;
	bool tx_gone;
	wait_queue_head_t sendq;

	struct mutex endpoints_lock;	/* @endpoints */
	struct idr endpoints;

	struct mutex channels_lock;	/* channel creation */
	struct list_head registering;
	unsigned int nregistering;
	wait_queue_head_t registered_wq;
	struct mutex release_lock;	/* channel release */
	bool stopping;
	struct rpmsg_endpoint *ns_ept;
	struct rpmsg_device *ctrl;
	struct rcu_head rcu;
};

/**
 * struct vrp_channel - an rpmsg device on a virtio rpmsg device
 * @rpdev:	the rpmsg device
 * @vrp:	its virtio rpmsg device (a counted reference)
 */
struct vrp_channel {
	struct rpmsg_device rpdev;
	struct ohost_vrp *vrp;
};

/**
 * struct vrp_pending - a channel being registered (on the creator's stack:
 *		a failed registration frees the channel itself)
 * @node:	entry in &ohost_vrp.registering
 * @chinfo:	its name and addresses
 */
struct vrp_pending {
	struct list_head node;
	struct rpmsg_channel_info chinfo;
};

#define to_vrp_channel(_rpdev) container_of(_rpdev, struct vrp_channel, rpdev)

static struct ohost_vrp *rpdev_to_vrp(struct rpmsg_device *rpdev)
{
	return to_vrp_channel(rpdev)->vrp;
}

static void vrp_free(struct kref *kref)
{
	struct ohost_vrp *vrp = container_of(kref, struct ohost_vrp, refcount);

	idr_destroy(&vrp->endpoints);
	/*
	 * Users that poll hold their rpmsg device, hence @vrp, until their
	 * files are gone (see vrp_ept_poll()).  Should one not, an epoll
	 * still registered on @sendq is detached here rather than left to a
	 * use after free; hence also the RCU-delayed free.
	 */
	wake_up_pollfree(&vrp->sendq);
	kfree_rcu(vrp, rcu);
}

static void vrp_put(struct ohost_vrp *vrp)
{
	kref_put(&vrp->refcount, vrp_free);
}

static u32 vrp32_to_cpu(struct ohost_vrp *vrp, __rpmsg32 v)
{
	return __rpmsg32_to_cpu(vrp->little_endian, v);
}

static __rpmsg32 cpu_to_vrp32(struct ohost_vrp *vrp, u32 v)
{
	return __cpu_to_rpmsg32(vrp->little_endian, v);
}

/* ---- buffers ---- */

/*
 * Shared memory may be in the linear map (CMA, reserved memory) or in the
 * vmalloc area (a memremap()ed carveout or PCI BAR).  In the latter case a
 * buffer must be physically contiguous, which vrp_bufs_alloc() verified at
 * probe (ohost_shmem_contiguous()), so the address of its first byte
 * describes it (what the virtio core's sg_phys() gives for it).
 */
static u64 vrp_buf_addr(void *va)
{
	if (is_vmalloc_addr(va))
		return page_to_phys(vmalloc_to_page(va)) + offset_in_page(va);
	return virt_to_phys(va);
}

static void *vrp_buf(struct vrp_bufs *b, unsigned int id)
{
	return b->buf[id];
}

/*
 * A pool declared with dma_declare_coherent_memory() (the vdev buffer
 * carveout) hands out power-of-two sized blocks: one allocation of 256
 * buffers of 4112 bytes would take 2 MiB for 1 MiB of buffers.  Buffers
 * are allocated in chunks of VRP_CHUNK_SIZE (or one buffer's power of two,
 * if larger) instead, which wastes less than a buffer per chunk.
 */
#define VRP_CHUNK_SIZE	SZ_64K

static void vrp_bufs_free(struct ohost_vrp *vrp, struct vrp_bufs *b)
{
	unsigned int i;

	for (i = 0; b->chunks && i < b->nchunks; i++)
		dma_free_coherent(vrp->vdev->dev.parent, b->chunk_size,
				  b->chunks[i].va, b->chunks[i].dma);
	kfree(b->chunks);
	b->chunks = NULL;
	b->nchunks = 0;
	kfree(b->buf);
	b->buf = NULL;
	ohost_vring_release(&b->ring);
}

/* Chunks of @b until every buffer has one; false when the pool ran out. */
static bool vrp_bufs_fill(struct ohost_vrp *vrp, struct vrp_bufs *b)
{
	unsigned int want = DIV_ROUND_UP(b->num, b->per_chunk);
	struct vrp_chunk *c;
	unsigned int i;

	while (b->nchunks < want) {
		c = &b->chunks[b->nchunks];
		c->va = dma_alloc_coherent(vrp->vdev->dev.parent, b->chunk_size,
					   &c->dma, GFP_KERNEL);
		if (!c->va)
			return false;
		for (i = 0; i < b->per_chunk; i++) {
			unsigned int id = b->nchunks * b->per_chunk + i;

			if (id < b->num)
				b->buf[id] = c->va + (size_t)i * b->size;
		}
		b->nchunks++;
	}
	return true;
}

/* @what: "rx" or "tx", as in the module parameters' names */
static int vrp_bufs_alloc(struct ohost_vrp *vrp, struct vrp_bufs *b,
			  const char *what)
{
	struct device *dev = &vrp->vdev->dev;
	unsigned int i, fit;

	b->chunk_size = max_t(size_t, VRP_CHUNK_SIZE,
			      roundup_pow_of_two(b->size));
	b->per_chunk = b->chunk_size / b->size;
	b->buf = kcalloc(b->num, sizeof(*b->buf), GFP_KERNEL);
	b->chunks = kcalloc(DIV_ROUND_UP(b->num, b->per_chunk),
			    sizeof(*b->chunks), GFP_KERNEL);
	if (!b->buf || !b->chunks)
		return -ENOMEM;

	if (!vrp_bufs_fill(vrp, b)) {
		/* not dev_err_probe(): it says nothing about -ENOMEM */
		fit = b->nchunks * b->per_chunk;
		dev_err(dev, "the vdev buffer pool has room for %u of %u %s buffers of %u bytes (%zu KiB chunks); set fewer or smaller ones (%s_buf_num, %s_buf_size)\n",
			fit, b->num, what, b->size, b->chunk_size / SZ_1K,
			what, what);
		return -ENOMEM;
	}

	for (i = 0; i < b->num; i++) {
		if (!ohost_shmem_contiguous(b->buf[i], b->size)) {
			dev_err(dev, "%s buffer %u is not physically contiguous memory\n",
				what, i);
			return -EINVAL;
		}
	}
	return 0;
}

/* Descriptor i of @b's vring is buffer i, for good. */
static int vrp_bufs_bind(struct vrp_bufs *b)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < b->num && !err; i++)
		err = ohost_vring_set_buf(&b->ring, i, vrp_buf_addr(vrp_buf(b, i)),
					  b->size);
	return err;
}

/* ---- endpoints ---- */

static void vrp_ept_release(struct kref *kref)
{
	kfree(container_of(kref, struct rpmsg_endpoint, refcount));
}

static const struct rpmsg_endpoint_ops vrp_endpoint_ops;

/* Bind a new endpoint to @addr, or to a free dynamic address for ANY. */
static struct rpmsg_endpoint *vrp_create_ept(struct ohost_vrp *vrp,
					     struct rpmsg_device *rpdev,
					     rpmsg_rx_cb_t cb, void *priv,
					     u32 addr)
{
	struct rpmsg_endpoint *ept;
	int start, end, id;

	if (addr == RPMSG_ADDR_ANY) {
		start = VRP_RESERVED_ADDRESSES;
		end = 0;
	} else if (addr <= INT_MAX) {
		start = addr;
		end = addr == INT_MAX ? 0 : addr + 1;
	} else {
		return NULL;	/* the idr holds non-negative ints only */
	}

	ept = kzalloc(sizeof(*ept), GFP_KERNEL);
	if (!ept)
		return NULL;
	kref_init(&ept->refcount);
	mutex_init(&ept->cb_lock);
	ept->rpdev = rpdev;
	ept->cb = cb;
	ept->priv = priv;
	ept->ops = &vrp_endpoint_ops;

	mutex_lock(&vrp->endpoints_lock);
	id = vrp->tx_gone ? -ENODEV :
		idr_alloc(&vrp->endpoints, ept, start, end, GFP_KERNEL);
	if (id >= 0)
		ept->addr = id;
	mutex_unlock(&vrp->endpoints_lock);

	if (id < 0) {
		/* not dev_dbg: @vrp outlives its vdev, the ctrl device does not */
		pr_debug("no endpoint at 0x%x: %d\n", addr, id);
		kref_put(&ept->refcount, vrp_ept_release);
		return NULL;
	}
	return ept;
}

static void vrp_destroy_ept_of(struct ohost_vrp *vrp, struct rpmsg_endpoint *ept)
{
	/* New messages can no longer find it ... */
	mutex_lock(&vrp->endpoints_lock);
	idr_remove(&vrp->endpoints, ept->addr);
	mutex_unlock(&vrp->endpoints_lock);

	/* ... and one being delivered has finished. */
	mutex_lock(&ept->cb_lock);
	ept->cb = NULL;
	mutex_unlock(&ept->cb_lock);

	kref_put(&ept->refcount, vrp_ept_release);
}

static struct rpmsg_endpoint *vrp_get_ept(struct ohost_vrp *vrp, u32 addr)
{
	struct rpmsg_endpoint *ept;

	mutex_lock(&vrp->endpoints_lock);
	ept = addr <= INT_MAX ? idr_find(&vrp->endpoints, addr) : NULL;
	if (ept)
		kref_get(&ept->refcount);
	mutex_unlock(&vrp->endpoints_lock);
	return ept;
}

/* ---- transmit ---- */

/*
 * Takes a free TX buffer, reclaiming used ones from the remote first.
 * Return: its id, or -ENOBUFS.
 */
static int vrp_tx_take(struct ohost_vrp *vrp)
{
	u32 len;
	int id;

	lockdep_assert_held(&vrp->tx_lock);
	if (vrp->tx_gone)
		return -ENOBUFS;
	while (vrp->tx_nfree < vrp->tx.num &&
	       (id = ohost_vring_get(&vrp->tx.ring, &len)) >= 0)
		vrp->tx_free[vrp->tx_nfree++] = id;
	if (!vrp->tx_nfree)
		return -ENOBUFS;
	return vrp->tx_free[--vrp->tx_nfree];
}

static void vrp_tx_give_back(struct ohost_vrp *vrp, int id)
{
	lockdep_assert_held(&vrp->tx_lock);
	vrp->tx_free[vrp->tx_nfree++] = id;
}

/*
 * The watch: see ohost_vring_irq_may_be_lost().  While a ring's next
 * interrupt may be dropped by the virtio core, the watch looks at it again
 * every @watch_delay jiffies instead: it runs the RX work and wakes
 * senders and pollers, who look themselves.
 */
static void vrp_watch_arm(struct ohost_vrp *vrp, unsigned long delay)
{
	queue_delayed_work(system_highpri_wq, &vrp->watch, delay);
}

/*
 * Enables the TX-complete callback for one more user.  Returns false when
 * used buffers arrived while it was off: no interrupt will announce those,
 * so the caller must look again instead of sleeping.
 */
static bool vrp_tx_cb_get(struct ohost_vrp *vrp)
{
	lockdep_assert_held(&vrp->tx_lock);
	if (vrp->tx_cb_users++)
		return true;	/* already on: every return interrupts */
	return ohost_vring_enable_cb(&vrp->tx.ring);
}

static void vrp_tx_cb_put(struct ohost_vrp *vrp)
{
	lockdep_assert_held(&vrp->tx_lock);
	if (!--vrp->tx_cb_users && !vrp->tx_gone)
		ohost_vring_disable_cb(&vrp->tx.ring);
}

/*
 * How long a sender may sleep before it must look at the TX ring itself:
 * a jiffy when the wakeup may never come, because the TX interrupt may be
 * dropped (ohost_vring_irq_may_be_lost()).
 */
static long vrp_tx_wait_step(struct ohost_vrp *vrp, long left)
{
	lockdep_assert_held(&vrp->tx_lock);
	if (!vrp->tx_gone && ohost_vring_irq_may_be_lost(&vrp->tx.ring))
		return min(left, 1L);
	return left;
}

/*
 * A poller is done waiting once buffers are left over after a take: it was
 * woken when they came back and will re-arm if it polls again and finds none.
 */
static void vrp_tx_poll_disarm(struct ohost_vrp *vrp)
{
	lockdep_assert_held(&vrp->tx_lock);
	if (vrp->tx_poll_armed && vrp->tx_nfree) {
		vrp->tx_poll_armed = false;
		vrp_tx_cb_put(vrp);
	}
}

/*
 * wait_woken() loop: no sleeping lock is taken while !TASK_RUNNING.
 * Return: a TX buffer id or an errno.
 */
static int vrp_tx_wait(struct ohost_vrp *vrp)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	unsigned int ms = READ_ONCE(send_timeout_ms);
	long left = ms ? msecs_to_jiffies(ms) : MAX_SCHEDULE_TIMEOUT;
	long step;
	int id;

	add_wait_queue(&vrp->sendq, &wait);
	for (;;) {
		mutex_lock(&vrp->tx_lock);
		id = vrp_tx_take(vrp);
		if (id < 0 && vrp->tx_nowait)
			id = -ENODEV;
		step = vrp_tx_wait_step(vrp, left);
		mutex_unlock(&vrp->tx_lock);
		if (id != -ENOBUFS)
			break;
		if (signal_pending(current)) {
			id = -ERESTARTSYS;
			break;
		}
		if (!left) {
			id = -ETIMEDOUT;
			break;
		}
		step -= wait_woken(&wait, TASK_INTERRUPTIBLE, step);
		if (left != MAX_SCHEDULE_TIMEOUT)
			left -= step;
	}
	remove_wait_queue(&vrp->sendq, &wait);
	return id;
}

/* Return: a TX buffer id or an errno. */
static int vrp_tx_get_buf(struct ohost_vrp *vrp, bool wait)
{
	int id;

	mutex_lock(&vrp->tx_lock);
	id = vrp_tx_take(vrp);
	if (id >= 0) {
		vrp_tx_poll_disarm(vrp);
	} else if (!wait || vrp->tx_gone) {
		id = vrp->tx_gone ? -ENODEV : -ENOMEM;
	} else if (vrp->tx_nowait) {
		id = -ENODEV;
	} else {
		/*
		 * The TX-complete callback wakes us: enable it while we wait.
		 * Buffers that came back before it was on are found by the
		 * first take of vrp_tx_wait().
		 */
		vrp_tx_cb_get(vrp);
	}
	mutex_unlock(&vrp->tx_lock);
	if (id != -ENOBUFS)
		return id;

	id = vrp_tx_wait(vrp);

	mutex_lock(&vrp->tx_lock);
	vrp_tx_cb_put(vrp);
	mutex_unlock(&vrp->tx_lock);
	return id;
}

static int vrp_tx_post(struct ohost_vrp *vrp, int id, unsigned int len)
{
	int err;

	mutex_lock(&vrp->tx_lock);
	err = vrp->tx_gone ? -ENODEV :
		ohost_vring_post(&vrp->tx.ring, id,
				 sizeof(struct rpmsg_hdr) + len);
	if (err)
		vrp_tx_give_back(vrp, id);	/* not lost */
	else if (ohost_vring_kick_prepare(&vrp->tx.ring))
		virtqueue_notify(vrp->svq);	/* under the lock: @svq may go */
	mutex_unlock(&vrp->tx_lock);
	return err;
}

static int vrp_send(struct rpmsg_device *rpdev, u32 src, u32 dst,
		    const void *data, int len, bool wait)
{
	struct ohost_vrp *vrp = rpdev_to_vrp(rpdev);
	struct rpmsg_hdr *msg;
	int err, id;

	if (src == RPMSG_ADDR_ANY || dst == RPMSG_ADDR_ANY)
		return -EINVAL;
	if (len < 0 || (unsigned int)len > vrp->tx.size - sizeof(*msg))
		return -EMSGSIZE;

	id = vrp_tx_get_buf(vrp, wait);
	if (id < 0)
		return id;
	msg = vrp_buf(&vrp->tx, id);

	msg->src = cpu_to_vrp32(vrp, src);
	msg->dst = cpu_to_vrp32(vrp, dst);
	msg->reserved = 0;
	msg->len = __cpu_to_rpmsg16(vrp->little_endian, len);
	msg->flags = 0;
	memcpy(msg->data, data, len);

	err = vrp_tx_post(vrp, id, len);
	if (err)
		dev_err_ratelimited(&rpdev->dev, "cannot queue a message: %d\n", err);
	return err;
}

static void vrp_xmit_done(struct virtqueue *svq)
{
	struct ohost_vrp *vrp = svq->vdev->priv;

	wake_up_interruptible(&vrp->sendq);
}

/* ---- endpoint operations ---- */

static void vrp_ept_destroy(struct rpmsg_endpoint *ept)
{
	vrp_destroy_ept_of(rpdev_to_vrp(ept->rpdev), ept);
}

static int vrp_ept_send(struct rpmsg_endpoint *ept, void *data, int len)
{
	return vrp_send(ept->rpdev, ept->addr, ept->rpdev->dst, data, len, true);
}

static int vrp_ept_sendto(struct rpmsg_endpoint *ept, void *data, int len,
			  u32 dst)
{
	return vrp_send(ept->rpdev, ept->addr, dst, data, len, true);
}

static int vrp_ept_send_offchannel(struct rpmsg_endpoint *ept, u32 src,
				   u32 dst, void *data, int len)
{
	return vrp_send(ept->rpdev, src, dst, data, len, true);
}

static int vrp_ept_trysend(struct rpmsg_endpoint *ept, void *data, int len)
{
	return vrp_send(ept->rpdev, ept->addr, ept->rpdev->dst, data, len, false);
}

static int vrp_ept_trysendto(struct rpmsg_endpoint *ept, void *data, int len,
			     u32 dst)
{
	return vrp_send(ept->rpdev, ept->addr, dst, data, len, false);
}

static int vrp_ept_trysend_offchannel(struct rpmsg_endpoint *ept, u32 src,
				      u32 dst, void *data, int len)
{
	return vrp_send(ept->rpdev, src, dst, data, len, false);
}

/*
 * EPOLLOUT when a send would not block.  @sendq must stay valid for as long
 * as the poller may be registered on it: it lives in the refcounted
 * struct ohost_vrp, so a user that polls must hold a reference on its
 * rpmsg_device until its file is released (ohost_rpmsg_char does).
 */
static __poll_t vrp_ept_poll(struct rpmsg_endpoint *ept, struct file *filp,
			     poll_table *wait)
{
	struct ohost_vrp *vrp = rpdev_to_vrp(ept->rpdev);
	__poll_t mask = 0;
	int id;

	poll_wait(filp, &vrp->sendq, wait);

	mutex_lock(&vrp->tx_lock);
	id = vrp_tx_take(vrp);
	if (id < 0 && !vrp->tx_gone && !vrp->tx_poll_armed) {
		vrp->tx_poll_armed = true;
		/* buffers returned between the take and the enable: again */
		if (!vrp_tx_cb_get(vrp))
			id = vrp_tx_take(vrp);
	}
	if (id >= 0) {
		vrp_tx_give_back(vrp, id);
		vrp_tx_poll_disarm(vrp);
		mask = EPOLLOUT | EPOLLWRNORM;
	} else if (vrp->tx_gone) {
		mask = EPOLLERR;
	} else if (!vrp->tx_nowait &&
		   ohost_vring_irq_may_be_lost(&vrp->tx.ring)) {
		vrp_watch_arm(vrp, 1);	/* the wakeup may never come */
	}
	mutex_unlock(&vrp->tx_lock);
	return mask;
}

static ssize_t vrp_ept_get_mtu(struct rpmsg_endpoint *ept)
{
	return rpdev_to_vrp(ept->rpdev)->tx.size - sizeof(struct rpmsg_hdr);
}

static const struct rpmsg_endpoint_ops vrp_endpoint_ops = {
	.destroy_ept = vrp_ept_destroy,
	.send = vrp_ept_send,
	.sendto = vrp_ept_sendto,
	.send_offchannel = vrp_ept_send_offchannel,
	.trysend = vrp_ept_trysend,
	.trysendto = vrp_ept_trysendto,
	.trysend_offchannel = vrp_ept_trysend_offchannel,
	.poll = vrp_ept_poll,
	.get_mtu = vrp_ept_get_mtu,
};

/* ---- channels ---- */

static const struct rpmsg_device_ops vrp_device_ops;

static void vrp_channel_release(struct device *dev)
{
	struct rpmsg_device *rpdev = to_rpmsg_device(dev);
	struct vrp_channel *vch = to_vrp_channel(rpdev);

	ohost_rpmsg_free_driver_override(rpdev);
	vrp_put(vch->vrp);
	kfree(vch);
}

static struct vrp_channel *vrp_channel_alloc(struct ohost_vrp *vrp)
{
	struct vrp_channel *vch;

	vch = kzalloc(sizeof(*vch), GFP_KERNEL);
	if (!vch)
		return NULL;
	kref_get(&vrp->refcount);
	vch->vrp = vrp;
	vch->rpdev.ops = &vrp_device_ops;
	vch->rpdev.little_endian = vrp->little_endian;
	vch->rpdev.dev.parent = &vrp->vdev->dev;
	vch->rpdev.dev.release = vrp_channel_release;
	return vch;
}

static int vrp_count_child(struct device *dev, void *data)
{
	(*(unsigned int *)data)++;
	return 0;
}

/* The duplicate check of rpmsg_find_device(), over @registering. */
static bool vrp_channel_registering(struct ohost_vrp *vrp,
				    struct rpmsg_channel_info *chinfo)
{
	struct vrp_pending *p;

	lockdep_assert_held(&vrp->channels_lock);
	list_for_each_entry(p, &vrp->registering, node) {
		if (!strncmp(p->chinfo.name, chinfo->name, RPMSG_NAME_SIZE) &&
		    (chinfo->src == RPMSG_ADDR_ANY || chinfo->src == p->chinfo.src) &&
		    (chinfo->dst == RPMSG_ADDR_ANY || chinfo->dst == p->chinfo.dst))
			return true;
	}
	return false;
}

static bool vrp_channel_allowed(struct ohost_vrp *vrp,
				struct rpmsg_channel_info *chinfo)
{
	struct device *dev = &vrp->vdev->dev;
	unsigned int n = 0;
	struct device *tmp;

	lockdep_assert_held(&vrp->channels_lock);
	tmp = rpmsg_find_device(dev, chinfo);
	if (tmp || vrp_channel_registering(vrp, chinfo)) {
		put_device(tmp);
		dev_warn_ratelimited(dev, "channel %s:%x:%x already exists\n",
				     chinfo->name, chinfo->src, chinfo->dst);
		return false;
	}
	device_for_each_child(dev, &n, vrp_count_child);
	/* registered ones are children already, the others are about to be */
	n += vrp->nregistering;
	if (n > READ_ONCE(max_channels)) {	/* the ctrl device is a child too */
		dev_warn_ratelimited(dev, "channel %s refused: max_channels (%u) reached\n",
				     chinfo->name, READ_ONCE(max_channels));
		return false;
	}
	return true;
}

/*
 * Checks a new channel and reserves its place in @registering, so that the
 * checks of the next one count it until it is a registered child.
 */
static struct vrp_channel *vrp_channel_reserve(struct ohost_vrp *vrp,
					       struct rpmsg_channel_info *chinfo,
					       struct vrp_pending *pending)
{
	struct vrp_channel *vch = NULL;
	struct rpmsg_device *rpdev;

	mutex_lock(&vrp->channels_lock);
	if (vrp->stopping || !vrp_channel_allowed(vrp, chinfo))
		goto unlock;
	vch = vrp_channel_alloc(vrp);
	if (!vch)
		goto unlock;
	rpdev = &vch->rpdev;
	rpdev->src = chinfo->src;
	rpdev->dst = chinfo->dst;
	/* server channels have a fixed local address and are announced */
	rpdev->announce = rpdev->src != RPMSG_ADDR_ANY;
	strscpy_pad(rpdev->id.name, chinfo->name, sizeof(rpdev->id.name));
	pending->chinfo = *chinfo;
	list_add_tail(&pending->node, &vrp->registering);
	vrp->nregistering++;
unlock:
	mutex_unlock(&vrp->channels_lock);
	return vch;
}

static void vrp_channel_registered(struct ohost_vrp *vrp,
				   struct vrp_pending *pending)
{
	mutex_lock(&vrp->channels_lock);
	list_del(&pending->node);
	if (!--vrp->nregistering)
		wake_up_all(&vrp->registered_wq);
	mutex_unlock(&vrp->channels_lock);
}

/*
 * Creates a channel device.  Callers: the name service (RX work) and
 * RPMSG_CREATE_DEV.  The registration (which probes the channel's driver)
 * runs without @channels_lock held.
 */
static struct rpmsg_device *vrp_create_channel(struct ohost_vrp *vrp,
					       struct rpmsg_channel_info *chinfo)
{
	struct vrp_pending pending;
	struct vrp_channel *vch;
	int err;

	vch = vrp_channel_reserve(vrp, chinfo, &pending);
	if (!vch)
		return NULL;
	/* on failure the core has put the device: vrp_channel_release() */
	err = rpmsg_register_device(&vch->rpdev);
	vrp_channel_registered(vrp, &pending);
	return err ? NULL : &vch->rpdev;
}

static struct rpmsg_device *vrp_op_create_channel(struct rpmsg_device *rpdev,
						  struct rpmsg_channel_info *chinfo)
{
	return vrp_create_channel(rpdev_to_vrp(rpdev), chinfo);
}

/*
 * rpmsg_unregister_device(), except that the rpmsg_ctrl device cannot be
 * released through itself (RPMSG_RELEASE_DEV "rpmsg_ctrl" 0 0).
 */
static int vrp_release_channel(struct ohost_vrp *vrp,
			       struct rpmsg_channel_info *chinfo)
{
	struct device *dev;
	int ret = 0;

	mutex_lock(&vrp->release_lock);
	dev = vrp->stopping ? NULL : rpmsg_find_device(&vrp->vdev->dev, chinfo);
	if (!dev)
		ret = vrp->stopping ? -ENODEV : -EINVAL;
	else if (dev == &vrp->ctrl->dev)
		ret = -EPERM;
	else
		device_unregister(dev);
	mutex_unlock(&vrp->release_lock);
	put_device(dev);
	return ret;
}

static int vrp_op_release_channel(struct rpmsg_device *rpdev,
				  struct rpmsg_channel_info *chinfo)
{
	return vrp_release_channel(rpdev_to_vrp(rpdev), chinfo);
}

static struct rpmsg_endpoint *vrp_op_create_ept(struct rpmsg_device *rpdev,
						rpmsg_rx_cb_t cb, void *priv,
						struct rpmsg_channel_info chinfo)
{
	return vrp_create_ept(rpdev_to_vrp(rpdev), rpdev, cb, priv, chinfo.src);
}

static int vrp_announce(struct rpmsg_device *rpdev, u32 flags)
{
	struct ohost_vrp *vrp = rpdev_to_vrp(rpdev);
	struct rpmsg_ns_msg nsm;
	int err;

	if (!rpdev->announce || !rpdev->ept ||
	    !virtio_has_feature(vrp->vdev, VIRTIO_RPMSG_F_NS))
		return 0;

	strscpy_pad(nsm.name, rpdev->id.name, sizeof(nsm.name));
	nsm.addr = cpu_to_vrp32(vrp, rpdev->ept->addr);
	nsm.flags = cpu_to_vrp32(vrp, flags);

	err = rpmsg_sendto(rpdev->ept, &nsm, sizeof(nsm), RPMSG_NS_ADDR);
	if (err)
		dev_err(&rpdev->dev, "failed to announce service: %d\n", err);
	return err;
}

static int vrp_op_announce_create(struct rpmsg_device *rpdev)
{
	return vrp_announce(rpdev, RPMSG_NS_CREATE);
}

static int vrp_op_announce_destroy(struct rpmsg_device *rpdev)
{
	return vrp_announce(rpdev, RPMSG_NS_DESTROY);
}

static const struct rpmsg_device_ops vrp_device_ops = {
	.create_channel = vrp_op_create_channel,
	.release_channel = vrp_op_release_channel,
	.create_ept = vrp_op_create_ept,
	.announce_create = vrp_op_announce_create,
	.announce_destroy = vrp_op_announce_destroy,
};

/* ---- name service ---- */

static int vrp_ns_cb(struct rpmsg_device *unused, void *data, int len,
		     void *priv, u32 src)
{
	struct ohost_vrp *vrp = priv;
	struct device *dev = &vrp->vdev->dev;
	struct rpmsg_channel_info chinfo;
	struct ohost_rpmsg_ns_req req;
	int err;

	err = ohost_rpmsg_ns_parse(data, len, vrp->little_endian, &req);
	if (err == -EMSGSIZE) {
		dev_warn_ratelimited(dev, "name service: bad message size %d\n", len);
		return err;
	}
	if (err) {
		dev_warn_ratelimited(dev, "name service: malformed message from 0x%x\n",
				     src);
		return err;
	}

	strscpy_pad(chinfo.name, req.name, sizeof(chinfo.name));
	chinfo.src = RPMSG_ADDR_ANY;
	chinfo.dst = req.addr;
	dev_dbg(dev, "name service: %s %s addr 0x%x\n",
		req.destroy ? "destroy" : "create", chinfo.name, chinfo.dst);

	if (req.destroy) {
		if (vrp_release_channel(vrp, &chinfo))
			dev_warn_ratelimited(dev, "name service: no channel %s at 0x%x\n",
					     chinfo.name, chinfo.dst);
	} else {
		/* failures are reported where they happen */
		vrp_create_channel(vrp, &chinfo);
	}
	return 0;
}

/* ---- receive ---- */

static void vrp_rx_dispatch(struct ohost_vrp *vrp, const struct rpmsg_hdr *msg)
{
	u32 dst = vrp32_to_cpu(vrp, msg->dst);
	struct rpmsg_endpoint *ept;

	ept = vrp_get_ept(vrp, dst);
	if (!ept) {
		dev_warn_ratelimited(&vrp->vdev->dev,
				     "message from 0x%x to unbound address 0x%x dropped\n",
				     vrp32_to_cpu(vrp, msg->src), dst);
		return;
	}

	mutex_lock(&ept->cb_lock);
	if (ept->cb)
		ept->cb(ept->rpdev, (void *)msg->data,
			__rpmsg16_to_cpu(vrp->little_endian, msg->len),
			ept->priv, vrp32_to_cpu(vrp, msg->src));
	mutex_unlock(&ept->cb_lock);

	kref_put(&ept->refcount, vrp_ept_release);
}

/*
 * One used RX buffer: the message is copied out of shared memory, its
 * length checked in the copy (ohost_rpmsg_rx_copy()), before anything
 * looks at it.
 */
static void vrp_rx_one(struct ohost_vrp *vrp, const struct rpmsg_hdr *shared)
{
	struct rpmsg_hdr *msg = vrp->rx_bounce;

	if (ohost_rpmsg_rx_copy(msg, shared, vrp->rx.size,
				vrp->little_endian) < 0) {
		dev_warn_ratelimited(&vrp->vdev->dev,
				     "message of %u bytes does not fit a %u-byte buffer, dropped\n",
				     __rpmsg16_to_cpu(vrp->little_endian, msg->len),
				     vrp->rx.size);
		return;
	}
	vrp_rx_dispatch(vrp, msg);
}

static void vrp_rx_repost(struct ohost_vrp *vrp, unsigned int id)
{
	int err = ohost_vring_post(&vrp->rx.ring, id, 0);

	/* cannot happen: the ring just handed the buffer back */
	if (err && err != -EIO)
		dev_err_ratelimited(&vrp->vdev->dev, "RX buffer %u lost: %d\n",
				    id, err);
}

/* Poll while the next interrupt may be lost, less often while idle. */
static void vrp_rx_watch(struct ohost_vrp *vrp, bool idle)
{
	unsigned long flags;

	if (!ohost_vring_irq_may_be_lost(&vrp->rx.ring)) {
		vrp->watch_delay = 1;
		return;
	}
	if (idle)
		vrp->watch_delay = min(2 * vrp->watch_delay, VRP_WATCH_MAX);
	else
		vrp->watch_delay = 1;
	spin_lock_irqsave(&vrp->rx_lock, flags);
	if (!vrp->rx_stopped)
		vrp_watch_arm(vrp, vrp->watch_delay);
	spin_unlock_irqrestore(&vrp->rx_lock, flags);
}

static void vrp_rx_schedule(struct ohost_vrp *vrp)
{
	unsigned long flags;

	spin_lock_irqsave(&vrp->rx_lock, flags);
	if (!vrp->rx_stopped)
		kthread_queue_work(vrp->rx_worker, &vrp->rx_work);
	spin_unlock_irqrestore(&vrp->rx_lock, flags);
}

/* Up to @budget used RX buffers handled and posted again; how many. */
static unsigned int vrp_rx_drain(struct ohost_vrp *vrp, unsigned int budget)
{
	struct ohost_vring *ring = &vrp->rx.ring;
	unsigned int n = 0;
	u32 len;
	int id;

	while (n < budget && (id = ohost_vring_get(ring, &len)) >= 0) {
		vrp_rx_one(vrp, vrp_buf(&vrp->rx, id));
		vrp_rx_repost(vrp, id);
		n++;
	}
	if (ohost_vring_kick_prepare(ring))
		virtqueue_notify(vrp->rvq);
	return n;
}

/*
 * Busy polling (busy_poll_us, off by default): with RX interrupts still
 * off, keep looking at the used ring for up to @us and handle messages as
 * they come, rather than wait for the remote's next interrupt.  A remote
 * that answers within @us then costs neither its interrupt nor the wakeup
 * of this work (host thread wake-ups on the ivshmem platform), at the
 * price of a CPU spinning for up to @us after each batch.  The deadline
 * is fixed when polling begins, so messages do not prolong it.  Polling
 * stops early when another task wants this CPU, at @budget messages (the
 * work then runs again, as for a full pass), when the device stops
 * (vrp_stop() waits for the work) and when the remote breaks the ring.
 *
 * VRP_BUSY_POLL_MAX_US bounds a pass: Linux 6.5 and later mark per-CPU
 * work that runs 10 ms without sleeping CPU-intensive; half that leaves
 * room for handling the budget's messages.
 *
 * Return: messages handled.
 */
static unsigned int vrp_rx_busy_poll(struct ohost_vrp *vrp, unsigned int us,
				     unsigned int budget)
{
	struct ohost_vring *ring = &vrp->rx.ring;
	u64 end = ktime_get_ns() + (u64)us * NSEC_PER_USEC;
	unsigned int n = 0;

	while (n < budget && !need_resched() && !READ_ONCE(vrp->rx_stopped) &&
	       !ohost_vring_broken(ring)) {
		if (ohost_vring_more_used(ring))
			n += vrp_rx_drain(vrp, budget - n);
		else if (ktime_get_ns() < end)
			cpu_relax();
		else
			break;
	}
	WRITE_ONCE(vrp->busy_poll_hits, vrp->busy_poll_hits + n);
	return n;
}

static void vrp_rx_work(struct kthread_work *work)
{
	struct ohost_vrp *vrp = container_of(work, struct ohost_vrp, rx_work);
	struct ohost_vring *ring = &vrp->rx.ring;
	unsigned int n, us;

	ohost_vring_disable_cb(ring);
	n = vrp_rx_drain(vrp, VRP_RX_BUDGET);
	/* only while messages flow: not on the watch's idle ticks */
	us = READ_ONCE(vrp->busy_poll_us);
	if (us && n && n < VRP_RX_BUDGET)
		n += vrp_rx_busy_poll(vrp, us, VRP_RX_BUDGET - n);

	/* over budget, or buffers came in while callbacks were off: again */
	if (n == VRP_RX_BUDGET || !ohost_vring_enable_cb(ring))
		kthread_queue_work(vrp->rx_worker, &vrp->rx_work);
	else
		vrp_rx_watch(vrp, !n);
}

/*
 * Not the RX work's job here, in the interrupt's own context, as in-tree: an
 * endpoint callback may block in a send (a channel's driver announcing its
 * removal after a name-service destroy, while the remote stalls TX), and
 * would hold the remoteproc driver's interrupt thread, and with it the
 * stop of the remote, for as long (run hostile-nsstall).
 */
static void vrp_recv_done(struct virtqueue *rvq)
{
	vrp_rx_schedule(rvq->vdev->priv);
}

static void vrp_watch_work(struct work_struct *work)
{
	struct ohost_vrp *vrp = container_of(to_delayed_work(work),
					     struct ohost_vrp, watch);

	vrp_rx_schedule(vrp);
	wake_up_interruptible(&vrp->sendq);
}

/* ---- probe / remove ---- */

static struct ohost_vrp *vrp_alloc(struct virtio_device *vdev)
{
	struct ohost_vrp *vrp;

	vrp = kzalloc(sizeof(*vrp), GFP_KERNEL);
	if (!vrp)
		return NULL;
	kref_init(&vrp->refcount);
	vrp->vdev = vdev;
	vrp->little_endian = virtio_is_little_endian(vdev);
	spin_lock_init(&vrp->rx_lock);
	kthread_init_work(&vrp->rx_work, vrp_rx_work);
	INIT_DELAYED_WORK(&vrp->watch, vrp_watch_work);
	vrp->watch_delay = 1;
	vrp->busy_poll_us = READ_ONCE(busy_poll_us);
	mutex_init(&vrp->tx_lock);
	init_waitqueue_head(&vrp->sendq);
	mutex_init(&vrp->endpoints_lock);
	idr_init(&vrp->endpoints);
	mutex_init(&vrp->channels_lock);
	INIT_LIST_HEAD(&vrp->registering);
	init_waitqueue_head(&vrp->registered_wq);
	mutex_init(&vrp->release_lock);
	/* RX stays off until the device is ready: see vrp_start() */
	vrp->rx_stopped = true;
	return vrp;
}

/* The virtqueue's vring, driven by this driver from now on. */
static int vrp_ring_init(struct ohost_vrp *vrp, struct vrp_bufs *b,
			 struct virtqueue *vq, bool rx)
{
	struct virtio_device *vdev = vrp->vdev;
	int err;

	err = ohost_vring_init(&b->ring, virtqueue_get_vring(vq), &vdev->dev,
			       vq->name, virtio_is_little_endian(vdev),
			       virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX),
			       rx);
	if (err)
		dev_err(&vdev->dev, "%s: cannot drive the vring: %d\n",
			vq->name, err);
	return err;
}

static bool vrp_bufsz_ok(u32 size, u32 align)
{
	return size >= VRP_MIN_BUF_SIZE && size <= VRP_MAX_BUF_SIZE &&
	       IS_ALIGNED(size, align);
}

/*
 * The remote chose the buffer sizes (%VIRTIO_RPMSG_F_BUFSZ): they replace
 * rx_buf_size and tx_buf_size.  Buffers lie @size apart in page-aligned
 * chunks, so sizes that are multiples of an alignment of at most a page
 * give aligned buffers.  A remote that offers the feature expects
 * exactly its sizes, so a bad config space fails the probe rather than
 * falling back to 512 bytes that the remote would not expect.
 */
static int vrp_read_bufsz(struct ohost_vrp *vrp)
{
	struct virtio_device *vdev = vrp->vdev;
	struct vrp_bufsz_config cfg;
	u32 rx, tx, align;
	u16 size;

	/* a config space shorter than @cfg is not read at all: zeroes */
	memset(&cfg, 0, sizeof(cfg));
	virtio_cread_bytes(vdev, 0, &cfg, sizeof(cfg));
	size = le16_to_cpu(cfg.size);
	align = le16_to_cpu(cfg.rpmsg_buf_align);
	tx = le32_to_cpu(cfg.txbuf_size);
	rx = le32_to_cpu(cfg.rxbuf_size);
	if (cfg.version != VRP_BUFSZ_VERSION || size < sizeof(cfg)) {
		dev_err(&vdev->dev, "buffer size config: version %u, size %u; want version %u of at least %zu bytes\n",
			cfg.version, size, VRP_BUFSZ_VERSION, sizeof(cfg));
		return -EINVAL;
	}
	if (!is_power_of_2(align) || align > VRP_MAX_BUF_ALIGN ||
	    !vrp_bufsz_ok(rx, align) || !vrp_bufsz_ok(tx, align)) {
		dev_err(&vdev->dev, "buffer size config: rx %u, tx %u bytes aligned to %u; want multiples of a power-of-two alignment up to %lu, in %u..%u\n",
			rx, tx, align, VRP_MAX_BUF_ALIGN, VRP_MIN_BUF_SIZE,
			VRP_MAX_BUF_SIZE);
		return -EINVAL;
	}
	vrp->rx.size = rx;
	vrp->tx.size = tx;
	dev_dbg(&vdev->dev, "remote's buffer sizes: rx %u, tx %u, aligned to %u\n",
		rx, tx, align);
	return 0;
}

static int vrp_find_vqs(struct ohost_vrp *vrp)
{
	struct virtqueue *vqs[2];
	int err;

	err = ohost_virtio_find_vqs2(vrp->vdev, vqs, vrp_recv_done, "input",
				     vrp_xmit_done, "output");
	if (err)
		return dev_err_probe(&vrp->vdev->dev, err, "no virtqueues\n");
	vrp->rvq = vqs[0];
	vrp->svq = vqs[1];

	vrp->rx.num = min(READ_ONCE(rx_buf_num),
			  virtqueue_get_vring_size(vrp->rvq));
	vrp->tx.num = min(READ_ONCE(tx_buf_num),
			  virtqueue_get_vring_size(vrp->svq));
	vrp->rx.size = READ_ONCE(rx_buf_size);
	vrp->tx.size = READ_ONCE(tx_buf_size);
	return 0;
}

/*
 * The buffer sizes the remote asks for, the vrings, buffers, the TX free
 * stack, the RX bounce buffer; RX buffers posted.
 */
static int vrp_setup_bufs(struct ohost_vrp *vrp)
{
	unsigned int i;
	int err;

	if (virtio_has_feature(vrp->vdev, VIRTIO_RPMSG_F_BUFSZ)) {
		err = vrp_read_bufsz(vrp);
		if (err)
			return err;
	}
	err = vrp_ring_init(vrp, &vrp->rx, vrp->rvq, true);
	if (!err)
		err = vrp_ring_init(vrp, &vrp->tx, vrp->svq, false);
	if (err)
		return err;

	vrp->tx_free = kcalloc(vrp->tx.num, sizeof(*vrp->tx_free), GFP_KERNEL);
	vrp->rx_bounce = kmalloc(vrp->rx.size, GFP_KERNEL);
	if (!vrp->tx_free || !vrp->rx_bounce)
		return -ENOMEM;

	err = vrp_bufs_alloc(vrp, &vrp->rx, "rx");
	if (err)
		return err;
	err = vrp_bufs_alloc(vrp, &vrp->tx, "tx");
	if (err)
		return err;

	err = vrp_bufs_bind(&vrp->rx);
	if (!err)
		err = vrp_bufs_bind(&vrp->tx);
	if (err)
		return err;

	for (i = 0; i < vrp->tx.num; i++)
		vrp->tx_free[i] = i;
	vrp->tx_nfree = vrp->tx.num;

	for (i = 0; i < vrp->rx.num; i++) {
		err = ohost_vring_post(&vrp->rx.ring, i, 0);
		if (err)
			return err;
	}
	dev_dbg(&vrp->vdev->dev, "%u RX buffers of %u bytes, %u TX of %u\n",
		vrp->rx.num, vrp->rx.size, vrp->tx.num, vrp->tx.size);
	return 0;
}

static void vrp_free_bufs(struct ohost_vrp *vrp)
{
	vrp_bufs_free(vrp, &vrp->tx);
	vrp_bufs_free(vrp, &vrp->rx);
	kfree(vrp->rx_bounce);
	kfree(vrp->tx_free);
}

/* /sys/bus/rpmsg/devices/virtioN.rpmsg_ctrl.0.0, bound by rpmsg_ctrl */
static int vrp_add_ctrl(struct ohost_vrp *vrp)
{
	struct vrp_channel *vch;
	int err;

	vch = vrp_channel_alloc(vrp);
	if (!vch)
		return -ENOMEM;
	/* on failure the core has put the device: vrp_channel_release() */
	err = rpmsg_ctrldev_register_device(&vch->rpdev);
	if (err)
		return dev_err_probe(&vrp->vdev->dev, err, "no rpmsg_ctrl device\n");
	vrp->ctrl = &vch->rpdev;
	return 0;
}

static int vrp_unregister_child(struct device *dev, void *data)
{
	device_unregister(dev);
	return 0;
}

static struct lock_class_key vrp_ns_cb_lock_key;

/*
 * virtio_device_ready() less its WARN_ON(DRIVER_OK already set): the
 * status is read back from the resource table, which the remote can write
 * at any time, and a remote must not be able to raise a kernel warning.
 */
static void vrp_device_ready(struct virtio_device *vdev)
{
	u8 status = vdev->config->get_status(vdev);

	if (status & VIRTIO_CONFIG_S_DRIVER_OK)
		dev_warn(&vdev->dev, "remote wrote the vdev status: %#x before DRIVER_OK\n",
			 status);
#ifdef CONFIG_VIRTIO_HARDEN_NOTIFICATION
	virtio_synchronize_cbs(vdev);
	__virtio_unbreak_device(vdev);
#endif
	vdev->config->set_status(vdev, status | VIRTIO_CONFIG_S_DRIVER_OK);
}

static int vrp_start(struct ohost_vrp *vrp)
{
	struct virtio_device *vdev = vrp->vdev;
	bool notify;
	int err;

	if (virtio_has_feature(vdev, VIRTIO_RPMSG_F_NS)) {
		vrp->ns_ept = vrp_create_ept(vrp, NULL, vrp_ns_cb, vrp,
					     RPMSG_NS_ADDR);
		if (!vrp->ns_ept)
			return -ENOMEM;
		/*
		 * Channels are created, and their drivers probed, under the
		 * name service's cb_lock; probes may take their own.
		 */
		lockdep_set_class(&vrp->ns_ept->cb_lock, &vrp_ns_cb_lock_key);
	}

	err = vrp_add_ctrl(vrp);
	if (err)
		return err;

	/*
	 * The remote may start sending as soon as it sees DRIVER_OK.  RX
	 * interrupts before this point were ignored (a remote may ring at any
	 * time): drain whatever is already there once.
	 */
	spin_lock_irq(&vrp->rx_lock);
	WRITE_ONCE(vrp->rx_stopped, false);
	spin_unlock_irq(&vrp->rx_lock);
	notify = ohost_vring_kick_prepare(&vrp->rx.ring);
	vrp_device_ready(vdev);
	if (notify)
		virtqueue_notify(vrp->rvq);
	kthread_queue_work(vrp->rx_worker, &vrp->rx_work);
	return 0;
}

/* No channel is created or released from now on, none is half-made. */
static void vrp_stop_channels(struct ohost_vrp *vrp)
{
	mutex_lock(&vrp->release_lock);
	mutex_lock(&vrp->channels_lock);
	vrp->stopping = true;
	mutex_unlock(&vrp->channels_lock);
	mutex_unlock(&vrp->release_lock);
	wait_event(vrp->registered_wq, !READ_ONCE(vrp->nregistering));
}

/* Undoes vrp_start() and stops both directions; the device stays alive. */
static void vrp_stop(struct ohost_vrp *vrp)
{
	/*
	 * Senders that would sleep fail first: the RX work (a name-service
	 * destroy whose channel announces its end, a driver's callback) may
	 * be one of them, and stopping must not wait out its send timeout.
	 * Channels can still say goodbye with buffers that are free.
	 */
	mutex_lock(&vrp->tx_lock);
	vrp->tx_nowait = true;
	mutex_unlock(&vrp->tx_lock);
	wake_up_all(&vrp->sendq);

	spin_lock_irq(&vrp->rx_lock);
	WRITE_ONCE(vrp->rx_stopped, true);	/* also ends busy polling */
	spin_unlock_irq(&vrp->rx_lock);
	/* neither re-arms the other now: see vrp_rx_schedule(), vrp_rx_watch() */
	kthread_cancel_work_sync(&vrp->rx_work);
	cancel_delayed_work_sync(&vrp->watch);

	/*
	 * Not under a lock: rpmsg_ctrl's remove waits for its ioctls, which
	 * may be waiting for one.
	 */
	vrp_stop_channels(vrp);
	device_for_each_child(&vrp->vdev->dev, NULL, vrp_unregister_child);

	if (vrp->ns_ept)
		vrp_destroy_ept_of(vrp, vrp->ns_ept);
	vrp->ns_ept = NULL;

	mutex_lock(&vrp->endpoints_lock);
	mutex_lock(&vrp->tx_lock);
	vrp->tx_gone = true;
	mutex_unlock(&vrp->tx_lock);
	if (!idr_is_empty(&vrp->endpoints))
		dev_warn(&vrp->vdev->dev, "endpoints left behind by rpmsg drivers\n");
	mutex_unlock(&vrp->endpoints_lock);
}

/*
 * The RX thread of @vrp, scheduled as rx_priority says.  The default, 0,
 * is what a high-priority workqueue gave the RX work before: SCHED_NORMAL
 * at nice -20.  1..99: SCHED_FIFO at that priority, so that received
 * messages preempt ordinary tasks (in-tree handles RX in the interrupt
 * thread, SCHED_FIFO 50, see vrp_recv_done()); on PREEMPT_RT, where
 * interrupt handlers are threads too, the admin ranks it against them.
 */
static int vrp_rx_worker_create(struct ohost_vrp *vrp)
{
	unsigned int prio = READ_ONCE(rx_priority);
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = prio ? SCHED_FIFO : SCHED_NORMAL,
		.sched_priority = prio,
		.sched_nice = prio ? 0 : MIN_NICE,
	};
	struct kthread_worker *worker;
	int err;

	worker = kthread_create_worker(0, "ohost-rpmsg/%d", vrp->vdev->index);
	if (IS_ERR(worker))
		return PTR_ERR(worker);
	err = sched_setattr_nocheck(worker->task, &attr);
	if (err) {
		kthread_destroy_worker(worker);
		return err;
	}
	vrp->rx_worker = worker;
	return 0;
}

static int vrp_probe(struct virtio_device *vdev)
{
	struct ohost_vrp *vrp;
	int err;

	BUILD_BUG_ON(sizeof(struct rpmsg_hdr) != 16);
	BUILD_BUG_ON(sizeof(struct rpmsg_ns_msg) != 40);

	vrp = vrp_alloc(vdev);
	if (!vrp)
		return -ENOMEM;

	err = vrp_rx_worker_create(vrp);
	if (err)
		goto put_vrp;

	/*
	 * The vq callbacks may run as soon as the vqs exist (a remote rings
	 * when it likes): they find @vrp, with RX stopped, from the start.
	 */
	vdev->priv = vrp;
	err = vrp_find_vqs(vrp);
	if (err)
		goto destroy_worker;

	err = vrp_setup_bufs(vrp);
	if (err)
		goto free_bufs;

	err = vrp_start(vrp);
	if (err)
		goto stop;

	dev_info(&vdev->dev, "rpmsg host is online (%u+%u buffers of %u/%u bytes)\n",
		 vrp->rx.num, vrp->tx.num, vrp->rx.size, vrp->tx.size);
	return 0;

stop:
	vrp_stop(vrp);
	virtio_reset_device(vdev);
free_bufs:
	vdev->config->del_vqs(vdev);
	vrp_free_bufs(vrp);
destroy_worker:
	kthread_destroy_worker(vrp->rx_worker);
	vdev->priv = NULL;
put_vrp:
	vrp_put(vrp);
	return err;
}

static void vrp_remove(struct virtio_device *vdev)
{
	struct ohost_vrp *vrp = vdev->priv;

	vrp_stop(vrp);
	virtio_reset_device(vdev);
	vdev->config->del_vqs(vdev);
	vrp_free_bufs(vrp);
	kthread_destroy_worker(vrp->rx_worker);
	vdev->priv = NULL;
	vrp_put(vrp);
	/*
	 * Once more, last: the virtio core WARNs if it reads a status other
	 * than 0 back after this returns, and the status lives in the
	 * resource table, which the remote may write at any time.  The reset
	 * above must come before del_vqs(); after it, tearing down the RX
	 * thread and the buffers left a remote milliseconds to write it
	 * (vrprocd --storm, seed 14).  What is left is the few instructions
	 * to the core's read: Documentation/threat-model.rst.
	 */
	virtio_reset_device(vdev);
}

/*
 * /sys/bus/virtio/devices/virtioN/: driver attributes, so the driver core
 * creates them after probe and removes them (waiting for readers and
 * writers) before remove: vdev->priv is the device's while they exist.
 */
static ssize_t busy_poll_us_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct ohost_vrp *vrp = dev_to_virtio(dev)->priv;

	return sysfs_emit(buf, "%u\n", READ_ONCE(vrp->busy_poll_us));
}

static ssize_t busy_poll_us_store(struct device *dev,
				  struct device_attribute *attr,
				  const char *buf, size_t count)
{
	struct ohost_vrp *vrp = dev_to_virtio(dev)->priv;
	unsigned int us;
	int ret;

	ret = vrp_parse_busy_poll(buf, &us);
	if (ret)
		return ret;
	WRITE_ONCE(vrp->busy_poll_us, us);
	return count;
}
static DEVICE_ATTR_RW(busy_poll_us);

static ssize_t busy_poll_hits_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	struct ohost_vrp *vrp = dev_to_virtio(dev)->priv;

	return sysfs_emit(buf, "%lu\n", READ_ONCE(vrp->busy_poll_hits));
}
static DEVICE_ATTR_RO(busy_poll_hits);

static struct attribute *vrp_attrs[] = {
	&dev_attr_busy_poll_us.attr,
	&dev_attr_busy_poll_hits.attr,
	NULL
};
ATTRIBUTE_GROUPS(vrp);

static const struct virtio_device_id vrp_id_table[] = {
	{ VIRTIO_ID_RPMSG, VIRTIO_DEV_ANY_ID },
	{ 0 },
};
MODULE_DEVICE_TABLE(virtio, vrp_id_table);

static unsigned int vrp_features[] = {
	VIRTIO_RPMSG_F_NS,
	VIRTIO_RPMSG_F_BUFSZ,
};

static struct virtio_driver vrp_driver = {
	.feature_table		= vrp_features,
	.feature_table_size	= ARRAY_SIZE(vrp_features),
	.driver.name		= KBUILD_MODNAME,
	.driver.owner		= THIS_MODULE,
	.driver.dev_groups	= vrp_groups,
	.id_table		= vrp_id_table,
	.probe			= vrp_probe,
	.remove			= vrp_remove,
};
module_virtio_driver(vrp_driver);

/*
 * What the OpenAMP demo READMEs tell users to load.  modprobe prefers a
 * module of that very name, so an in-tree one is never shadowed.
 */
MODULE_ALIAS("virtio_rpmsg_bus");
MODULE_ALIAS("rpmsg_ns");
MODULE_DESCRIPTION("Virtio-based remote processor messaging transport (openamp-host)");
MODULE_LICENSE("GPL");
