// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz harness: the kernel driver's split virtqueue, drivers/rpmsg/
 * ohost_vring.c (the transport's rings, whose used side the remote
 * writes), built from the driver's own file with the stand-ins of
 * kshim/.  The ring lives in an exactly sized buffer, as in shared
 * memory; the input plays both the driver (post, kick, get, callbacks)
 * and a hostile remote writing anything anywhere in the ring.
 *
 * Input: a config byte (bits 0-2: ring size 2^n; bit 3: event index;
 * bit 4: a receive ring; bit 5: big-endian ring), then operations, each
 * an op byte and its arguments (see step()).
 *
 * Beyond memory errors, the harness keeps its own model of which buffers
 * the remote holds and checks the driver against it: a buffer comes back
 * from ohost_vring_get() only if the remote holds it, at most its size
 * long; a held buffer cannot be posted again; the driver's count of held
 * buffers is the model's; a broken ring stays broken and gives nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ohost/vring.h>

#define MAX_NUM		128
#define ALIGN		16

struct model {
	bool held[MAX_NUM];
	u32 size[MAX_NUM];
	unsigned int busy;
};

struct input {
	const uint8_t *p;
	size_t left;
};

static void must(int cond)
{
	if (!cond)
		abort();
}

static unsigned int take(struct input *in, unsigned int bytes)
{
	unsigned int v = 0, i;

	for (i = 0; i < bytes && in->left; i++, in->left--)
		v |= (unsigned int)*in->p++ << (8 * i);
	return v;
}

static void do_post(struct ohost_vring *r, struct model *m, struct input *in)
{
	unsigned int id = take(in, 1) % (r->vr.num + 2), len = take(in, 2);
	bool broken = ohost_vring_broken(r);
	int ret = ohost_vring_post(r, (u16)id, len);

	if (broken) {
		must(ret == -EIO);
		return;
	}
	if (id >= r->vr.num) {
		must(ret == -EINVAL);
		return;
	}
	if (m->held[id]) {
		must(ret == -EBUSY);
		return;
	}
	if (ret)
		return;		/* -EINVAL: longer than the buffer */
	must(r->writable || len <= m->size[id]);
	m->held[id] = true;
	m->busy++;
}

static void do_get(struct ohost_vring *r, struct model *m)
{
	bool broken = ohost_vring_broken(r);
	u32 len = 0;
	int id = ohost_vring_get(r, &len);

	if (broken)
		must(id == -EIO);
	if (id < 0) {
		must(id == -EIO || id == -EAGAIN);
		must((id == -EIO) == ohost_vring_broken(r));
		return;
	}
	must((unsigned int)id < r->vr.num && m->held[id]);
	must(len <= m->size[id]);
	m->held[id] = false;
	m->busy--;
}

static void do_set_buf(struct ohost_vring *r, struct model *m,
		       struct input *in)
{
	unsigned int id = take(in, 1) % r->vr.num;
	u32 size = take(in, 2);
	int ret = ohost_vring_set_buf(r, (u16)id, 0x1000ULL * id, size);

	must(ret == (m->held[id] ? -EBUSY : 0));
	if (!ret)
		m->size[id] = size;
}

/* The remote writes @bytes bytes at @off of the ring (clamped to it). */
static void remote_write(uint8_t *ring, size_t ring_size, size_t off,
			 struct input *in, unsigned int bytes)
{
	unsigned int v = take(in, bytes), i;

	for (i = 0; i < bytes && off + i < ring_size; i++)
		ring[off + i] = (uint8_t)(v >> (8 * i));
}

/* One operation; false at the end of the input. */
static bool step(struct ohost_vring *r, struct model *m, struct input *in,
		 uint8_t *ring, size_t ring_size)
{
	size_t used_off = (uint8_t *)r->vr.used - ring;
	unsigned int slot;

	if (!in->left)
		return false;
	switch (take(in, 1) % 12) {
	case 0:
		do_post(r, m, in);
		break;
	case 1:
		ohost_vring_kick_prepare(r);
		break;
	case 2:
		do_get(r, m);
		break;
	case 3:		/* the remote returns a buffer: used->ring[slot] */
		slot = take(in, 1) % r->vr.num;
		remote_write(ring, ring_size, used_off + 4 + 8 * slot, in, 4);
		remote_write(ring, ring_size, used_off + 8 + 8 * slot, in, 4);
		break;
	case 4:		/* used->idx */
		remote_write(ring, ring_size, used_off + 2, in, 2);
		break;
	case 5:		/* used->flags and avail_event */
		remote_write(ring, ring_size, used_off, in, 2);
		remote_write(ring, ring_size, used_off + 4 + 8 * r->vr.num,
			     in, 2);
		break;
	case 6:		/* anywhere: descriptors, the avail ring */
		remote_write(ring, ring_size, take(in, 2) % ring_size, in, 4);
		break;
	case 7:
		ohost_vring_more_used(r);
		break;
	case 8:
		ohost_vring_enable_cb(r);
		break;
	case 9:
		ohost_vring_disable_cb(r);
		break;
	case 10:
		ohost_vring_irq_may_be_lost(r);
		break;
	case 11:
		do_set_buf(r, m, in);
		break;
	}
	must(r->busy == m->busy);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct ohost_vring r;
	struct model m = { 0 };
	unsigned int cfg, num, i;
	struct vring vr;
	size_t ring_size;
	uint8_t *ring;

	if (!size)
		return 0;
	cfg = take(&in, 1);
	num = 1U << (cfg & 7);
	ring_size = vring_size(num, ALIGN);
	ring = calloc(1, ring_size);	/* exact size: ASan sees overruns */
	must(ring != NULL);
	vring_init(&vr, num, ring, ALIGN);
	must(ohost_vring_init(&r, &vr, NULL, "fuzz", !(cfg & 0x20),
			      cfg & 0x08, cfg & 0x10) == 0);
	for (i = 0; i < num; i++) {
		m.size[i] = 512;
		must(ohost_vring_set_buf(&r, (u16)i, 0x1000ULL * i, 512) == 0);
	}
	while (step(&r, &m, &in, ring, ring_size))
		;
	ohost_vring_release(&r);
	free(ring);
	return 0;
}
