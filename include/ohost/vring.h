/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The driver side of a split virtqueue, kept private from the device.
 *
 * Linux's virtio_ring trusts the device: detach_buf_split() follows
 * descriptor flags it reads back from shared memory, so a remote that sets
 * VRING_DESC_F_NEXT on every descriptor makes it loop forever.  A remote
 * processor is not trusted, so the rpmsg transport drives the vrings the
 * remoteproc core allocated itself: every descriptor and avail entry is
 * written from a private copy and never read back, and of what the remote
 * writes only the used ring is read, each entry checked (id in range and
 * outstanding, length within the buffer) before it is believed.
 *
 * Each buffer owns one descriptor for its life (buffer i is descriptor
 * i, never chained): no free list, and an id names the buffer directly.
 *
 * Locking is the caller's: one context at a time per ring.
 */
#ifndef OHOST_VRING_H
#define OHOST_VRING_H

#include <linux/device.h>
#include <linux/types.h>
#include <linux/virtio_ring.h>

/**
 * struct ohost_vring_slot - the driver's copy of one descriptor
 * @addr:	buffer address as the remote sees it (CPU physical)
 * @size:	buffer size: the descriptor length of an RX buffer, the
 *		bound of a TX one
 * @busy:	the remote holds the buffer (between post and its used entry)
 */
struct ohost_vring_slot {
	u64 addr;
	u32 size;
	bool busy;
};

/**
 * struct ohost_vring - one split ring, driven by this side
 * @vr:		the ring in shared memory (desc, avail, used, num)
 * @dev:	for messages
 * @name:	for messages (the virtqueue's name: "input", "output")
 * @slots:	@vr.num descriptors' private copies
 * @little_endian: byte order of the ring (legacy virtio: the guest's)
 * @event_idx:	VIRTIO_RING_F_EVENT_IDX was negotiated
 * @writable:	the remote writes the buffers (an RX ring)
 * @broken:	the remote broke the protocol: nothing is read or posted any
 *		more, until the ring is set up again
 * @cb_on:	the driver asked for interrupts (flags or used_event say so)
 * @avail_idx:	next avail index to fill; published by kick_prepare
 * @kicked_idx:	avail index at the last notification decision
 * @last_used:	next used index to read
 * @used_idx:	used->idx as last read: entries up to it are taken without
 *		reading it again
 * @busy:	buffers the remote holds
 * @bad_len:	used entries that claimed more than their buffer, clamped
 */
struct ohost_vring {
	struct vring vr;
	struct device *dev;
	const char *name;
	struct ohost_vring_slot *slots;
	bool little_endian;
	bool event_idx;
	bool writable;
	bool broken;
	bool cb_on;
	u16 avail_idx;
	u16 kicked_idx;
	u16 last_used;
	u16 used_idx;
	unsigned int busy;
	unsigned long bad_len;
};

int ohost_vring_init(struct ohost_vring *r, const struct vring *vr,
		     struct device *dev, const char *name, bool little_endian,
		     bool event_idx, bool writable);
void ohost_vring_release(struct ohost_vring *r);
int ohost_vring_set_buf(struct ohost_vring *r, u16 id, u64 addr, u32 size);
int ohost_vring_post(struct ohost_vring *r, u16 id, u32 len);
bool ohost_vring_kick_prepare(struct ohost_vring *r);
int ohost_vring_get(struct ohost_vring *r, u32 *len);
bool ohost_vring_more_used(struct ohost_vring *r);
bool ohost_vring_enable_cb(struct ohost_vring *r);
void ohost_vring_disable_cb(struct ohost_vring *r);
bool ohost_vring_irq_may_be_lost(const struct ohost_vring *r);

/* The remote broke the protocol: nothing more comes from this ring. */
static inline bool ohost_vring_broken(const struct ohost_vring *r)
{
	return r->broken;
}

#endif /* OHOST_VRING_H */
