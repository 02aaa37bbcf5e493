// SPDX-License-Identifier: GPL-2.0
/*
 * The driver side of a split virtqueue, kept private from the device:
 * see include/ohost/vring.h.
 *
 * Barriers are the virtio core's for a device that is not a hypervisor
 * (weak_barriers false, as the remoteproc core creates its virtqueues):
 * dma_wmb() before publishing, dma_rmb() after reading an index, mb()
 * between publishing and reading the other side's notification fields.
 */

#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/virtio_byteorder.h>
#include <asm/barrier.h>

#include <ohost/compat.h>
#include <ohost/vring.h>

static u16 vr16_to_cpu(const struct ohost_vring *r, __virtio16 v)
{
	return __virtio16_to_cpu(r->little_endian, v);
}

static __virtio16 cpu_to_vr16(const struct ohost_vring *r, u16 v)
{
	return __cpu_to_virtio16(r->little_endian, v);
}

/* Reported once per ring: a broken ring says nothing more. */
static void ohost_vring_break(struct ohost_vring *r, const char *what,
			      unsigned int a, unsigned int b)
{
	if (r->broken)
		return;
	r->broken = true;
	dev_err(r->dev, "%s: remote broke the ring: %s (%u, %u); ring stopped\n",
		r->name, what, a, b);
}

/**
 * ohost_vring_init() - take over a split ring
 * @r: the ring's private state, zeroed or released
 * @vr: the ring in shared memory, e.g. virtqueue_get_vring() of a
 *	virtqueue whose buffers are never added through the virtio core
 * @dev: for messages
 * @name: for messages
 * @little_endian: byte order of the ring
 * @event_idx: VIRTIO_RING_F_EVENT_IDX was negotiated
 * @writable: the remote writes the buffers (a receive ring)
 *
 * Interrupts start disabled.  Every buffer needs ohost_vring_set_buf()
 * before it is posted.
 *
 * Return: 0, or -EINVAL for a ring size that is not a power of two in
 * 1..32768, -ENOMEM.
 */
int ohost_vring_init(struct ohost_vring *r, const struct vring *vr,
		     struct device *dev, const char *name, bool little_endian,
		     bool event_idx, bool writable)
{
	if (!vr->num || vr->num > 32768 || !is_power_of_2(vr->num))
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	r->slots = kcalloc(vr->num, sizeof(*r->slots), GFP_KERNEL);
	if (!r->slots)
		return -ENOMEM;
	r->vr = *vr;
	r->dev = dev;
	r->name = name;
	r->little_endian = little_endian;
	r->event_idx = event_idx;
	r->writable = writable;

	WRITE_ONCE(r->vr.avail->idx, cpu_to_vr16(r, 0));
	ohost_vring_disable_cb(r);
	return 0;
}
EXPORT_SYMBOL_OHOST_KUNIT(ohost_vring_init);

/**
 * ohost_vring_release() - free what ohost_vring_init() allocated
 * @r: the ring; the shared memory is not touched
 */
void ohost_vring_release(struct ohost_vring *r)
{
	kfree(r->slots);
	r->slots = NULL;
}
EXPORT_SYMBOL_OHOST_KUNIT(ohost_vring_release);

/**
 * ohost_vring_set_buf() - give descriptor @id its buffer
 * @r: the ring
 * @id: descriptor index, below the ring size, not posted
 * @addr: buffer address as the remote sees it
 * @size: buffer size
 *
 * Return: 0, -EINVAL for an @id out of range, -EBUSY while it is posted.
 */
int ohost_vring_set_buf(struct ohost_vring *r, u16 id, u64 addr, u32 size)
{
	if (id >= r->vr.num)
		return -EINVAL;
	if (r->slots[id].busy)
		return -EBUSY;
	r->slots[id].addr = addr;
	r->slots[id].size = size;
	return 0;
}
EXPORT_SYMBOL_OHOST_KUNIT(ohost_vring_set_buf);

/**
 * ohost_vring_post() - make buffer @id available to the remote
 * @r: the ring
 * @id: descriptor index
 * @len: bytes the remote may read (TX), at most the buffer's size; a
 *	receive ring always offers the whole buffer and ignores it
 *
 * The descriptor is written in full from the private copy, so whatever
 * the remote scribbled over it is gone.  The remote sees the buffer after
 * ohost_vring_kick_prepare().
 *
 * Return: 0, -EIO on a broken ring, -EINVAL for a bad @id or @len,
 * -EBUSY when the remote holds buffer @id already.
 */
int ohost_vring_post(struct ohost_vring *r, u16 id, u32 len)
{
	struct ohost_vring_slot *s;
	struct vring_desc *d;
	u16 slot;

	if (r->broken)
		return -EIO;
	if (id >= r->vr.num)
		return -EINVAL;
	s = &r->slots[id];
	if (s->busy)
		return -EBUSY;
	if (r->writable)
		len = s->size;
	else if (len > s->size)
		return -EINVAL;

	d = &r->vr.desc[id];
	d->addr = __cpu_to_virtio64(r->little_endian, s->addr);
	d->len = __cpu_to_virtio32(r->little_endian, len);
	d->flags = cpu_to_vr16(r, r->writable ? VRING_DESC_F_WRITE : 0);
	d->next = 0;

	slot = r->avail_idx & (r->vr.num - 1);
	r->vr.avail->ring[slot] = cpu_to_vr16(r, id);
	r->avail_idx++;
	s->busy = true;
	r->busy++;
	return 0;
}
EXPORT_SYMBOL_OHOST_KUNIT(ohost_vring_post);

/**
 * ohost_vring_kick_prepare() - publish posted buffers
 * @r: the ring
 *
 * Return: whether the remote wants a notification for them: with event
 * index, when the new buffers pass the avail_event it published; without,
 * unless it set VRING_USED_F_NO_NOTIFY.  Either is a hint from an
 * untrusted side: a remote that asks for no kicks only loses its own.
 */
bool ohost_vring_kick_prepare(struct ohost_vring *r)
{
	u16 old = r->kicked_idx, new = r->avail_idx;

	if (r->broken || old == new)
		return false;
	dma_wmb();	/* descriptors and avail entries before the index */
	WRITE_ONCE(r->vr.avail->idx, cpu_to_vr16(r, new));
	r->kicked_idx = new;
	mb();		/* the index before reading what the remote wants */

	if (r->event_idx)
		return vring_need_event(vr16_to_cpu(r, READ_ONCE(vring_avail_event(&r->vr))),
					new, old);
	return !(vr16_to_cpu(r, READ_ONCE(r->vr.used->flags)) &
		 VRING_USED_F_NO_NOTIFY);
}
EXPORT_SYMBOL_OHOST_KUNIT(ohost_vring_kick_prepare);

/*
 * Used entries not taken yet.  used->idx is read from shared memory only
 * when the entries of the last read are all taken, and checked against
 * the buffers the remote holds: 0 (and the ring broken) if it claims more.
 */
static u16 ohost_vring_pending(struct ohost_vring *r)
{
	u16 n = r->used_idx - r->last_used;

	if (n)
		return n;
	r->used_idx = vr16_to_cpu(r, READ_ONCE(r->vr.used->idx));
	n = r->used_idx - r->last_used;
	if (n > r->busy) {
		ohost_vring_break(r, "used index ahead of the buffers it holds",
				  n, r->busy);
		return 0;
	}
	dma_rmb();	/* the index before the entries it covers */
	return n;
}

/**
 * ohost_vring_get() - take the next buffer the remote returned
 * @r: the ring
 * @len: set to the used length, at most the buffer's size (a longer claim
 *	is clamped and counted in &ohost_vring.bad_len)
 *
 * Return: the buffer's descriptor index, -EAGAIN when there is none,
 * -EIO when the ring is (now) broken: an id out of range or not held by
 * the remote, or more entries than buffers held.
 */
int ohost_vring_get(struct ohost_vring *r, u32 *len)
{
	struct vring_used_elem *e;
	u32 id, used_len;

	if (r->broken)
		return -EIO;
	if (!ohost_vring_pending(r))
		return r->broken ? -EIO : -EAGAIN;

	e = &r->vr.used->ring[r->last_used & (r->vr.num - 1)];
	id = __virtio32_to_cpu(r->little_endian, READ_ONCE(e->id));
	used_len = __virtio32_to_cpu(r->little_endian, READ_ONCE(e->len));
	if (id >= r->vr.num) {
		ohost_vring_break(r, "used id out of range", id, r->vr.num);
		return -EIO;
	}
	if (!r->slots[id].busy) {
		ohost_vring_break(r, "used id not held by the remote", id,
				  r->last_used);
		return -EIO;
	}
	if (used_len > r->slots[id].size) {
		r->bad_len++;
		used_len = r->slots[id].size;
	}

	r->slots[id].busy = false;
	r->busy--;
	r->last_used++;
	*len = used_len;
	return id;
}
EXPORT_SYMBOL_OHOST_KUNIT(ohost_vring_get);

/**
 * ohost_vring_more_used() - has the remote returned buffers not yet taken?
 * @r: the ring
 *
 * Return: true if ohost_vring_get() has something (or finds the ring
 * broken, which it then reports).
 */
bool ohost_vring_more_used(struct ohost_vring *r)
{
	if (r->broken)
		return false;
	return ohost_vring_pending(r) || r->broken;
}
EXPORT_SYMBOL_OHOST_KUNIT(ohost_vring_more_used);

/**
 * ohost_vring_enable_cb() - ask for an interrupt at the next used buffer
 * @r: the ring
 *
 * Return: false if buffers came back meanwhile: no interrupt announces
 * those, the caller must take them before it sleeps (as
 * virtqueue_enable_cb()).
 */
bool ohost_vring_enable_cb(struct ohost_vring *r)
{
	if (r->event_idx)
		WRITE_ONCE(vring_used_event(&r->vr), cpu_to_vr16(r, r->last_used));
	else if (!r->cb_on)
		WRITE_ONCE(r->vr.avail->flags, cpu_to_vr16(r, 0));
	r->cb_on = true;
	mb();		/* the request before looking at the used index */
	return !ohost_vring_more_used(r);
}
EXPORT_SYMBOL_OHOST_KUNIT(ohost_vring_enable_cb);

/**
 * ohost_vring_disable_cb() - interrupts are not needed for now
 * @r: the ring
 *
 * A hint: without event index the remote sees VRING_AVAIL_F_NO_INTERRUPT;
 * with it, used_event simply stays behind, so that at most one more
 * interrupt comes.
 */
void ohost_vring_disable_cb(struct ohost_vring *r)
{
	if (!r->event_idx)
		WRITE_ONCE(r->vr.avail->flags,
			   cpu_to_vr16(r, VRING_AVAIL_F_NO_INTERRUPT));
	r->cb_on = false;
}
EXPORT_SYMBOL_OHOST_KUNIT(ohost_vring_disable_cb);

/**
 * ohost_vring_irq_may_be_lost() - may the next interrupt never reach us?
 * @r: the ring
 *
 * vring_interrupt(), through which every remoteproc delivers vring
 * interrupts, calls the callback only if used->idx differs from the
 * virtio core's own last used index.  The core never sees our buffers,
 * so that index stays 0: an interrupt that finds used->idx at exactly 0
 * (every 65536 buffers) is dropped.  That can happen only while the
 * remote holds enough buffers to bring the index there.
 *
 * Return: true if the caller should poll instead of trusting the next
 * interrupt.
 */
bool ohost_vring_irq_may_be_lost(const struct ohost_vring *r)
{
	u16 to_wrap = -r->last_used;

	return !r->broken && r->busy && to_wrap && to_wrap <= r->busy;
}
EXPORT_SYMBOL_OHOST_KUNIT(ohost_vring_irq_may_be_lost);
