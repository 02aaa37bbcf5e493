// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the transport's own split-ring driver (ohost_vring.c,
 * include/ohost/vring.h).  Each case lays a vring out in kernel memory
 * with vring_init() and plays the remote on it: it reads what the driver
 * published, writes used entries, and scribbles over what a hostile remote
 * can write - descriptors, avail entries, used ids, lengths and indexes.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/virtio_byteorder.h>
#include <linux/virtio_ring.h>

#include <ohost/vring.h>

/* The rings here are little endian, as on every Linux-side OpenAMP host. */
#define v16(x)		__virtio16_to_cpu(true, x)
#define to_v16(x)	__cpu_to_virtio16(true, x)
#define v32(x)		__virtio32_to_cpu(true, x)
#define to_v32(x)	__cpu_to_virtio32(true, x)
#define v64(x)		__virtio64_to_cpu(true, x)
#define to_v64(x)	__cpu_to_virtio64(true, x)

#define NUM		8
#define BUF_SIZE	512
#define BUF_ADDR(id)	(0x80000000ULL + (id) * BUF_SIZE)

struct vring_case {
	struct vring vr;
	struct ohost_vring r;
	u16 dev_last_avail;	/* the remote's next avail index */
	u16 dev_used;		/* the remote's used index */
};

/* A ring of NUM buffers, all bound; @rx: the remote writes them. */
static struct vring_case *vring_case_new(struct kunit *test, bool event_idx,
					 bool rx)
{
	struct vring_case *c;
	void *mem;
	u16 i;

	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	mem = kunit_kzalloc(test, vring_size(NUM, 16), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	vring_init(&c->vr, NUM, mem, 16);
	KUNIT_ASSERT_EQ(test, ohost_vring_init(&c->r, &c->vr, NULL, "test",
					       true, event_idx, rx), 0);
	for (i = 0; i < NUM; i++)
		KUNIT_ASSERT_EQ(test, ohost_vring_set_buf(&c->r, i, BUF_ADDR(i),
							  BUF_SIZE), 0);
	return c;
}

static void vring_case_exit(struct kunit *test)
{
	struct vring_case *c = test->priv;

	if (c)
		ohost_vring_release(&c->r);
}

static struct vring_case *start(struct kunit *test, bool event_idx, bool rx)
{
	test->priv = vring_case_new(test, event_idx, rx);
	return test->priv;
}

/* The remote takes the next avail entry: its head, or -1. */
static int dev_take(struct vring_case *c)
{
	if (v16(c->vr.avail->idx) == c->dev_last_avail)
		return -1;
	return v16(c->vr.avail->ring[c->dev_last_avail++ % NUM]);
}

static void dev_put_used(struct vring_case *c, u32 id, u32 len)
{
	struct vring_used_elem *e = &c->vr.used->ring[c->dev_used % NUM];

	e->id = to_v32(id);
	e->len = to_v32(len);
	c->dev_used++;
	c->vr.used->idx = to_v16(c->dev_used);
}

/* Post and publish every buffer; the remote takes them all. */
static void post_all(struct kunit *test, struct vring_case *c)
{
	u16 i;

	for (i = 0; i < NUM; i++)
		KUNIT_ASSERT_EQ(test, ohost_vring_post(&c->r, i, 100), 0);
	ohost_vring_kick_prepare(&c->r);
	for (i = 0; i < NUM; i++)
		KUNIT_ASSERT_EQ(test, dev_take(c), i);
}

static void vring_test_bad_size(struct kunit *test)
{
	struct ohost_vring r;
	struct vring vr = { .num = 6 };

	KUNIT_EXPECT_EQ(test, ohost_vring_init(&r, &vr, NULL, "t", true,
					       false, false), -EINVAL);
	vr.num = 0;
	KUNIT_EXPECT_EQ(test, ohost_vring_init(&r, &vr, NULL, "t", true,
					       false, false), -EINVAL);
}

/* What the remote reads: full descriptors, avail entries, then the index. */
static void vring_test_post_publishes(struct kunit *test)
{
	struct vring_case *c = start(test, false, false);
	struct vring_desc *d = &c->vr.desc[3];

	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 3, 100), 0);
	KUNIT_EXPECT_EQ(test, v16(c->vr.avail->idx), 0);
	KUNIT_EXPECT_TRUE(test, ohost_vring_kick_prepare(&c->r));
	KUNIT_EXPECT_EQ(test, v16(c->vr.avail->idx), 1);
	KUNIT_EXPECT_EQ(test, v16(c->vr.avail->ring[0]), 3);
	KUNIT_EXPECT_EQ(test, v64(d->addr), BUF_ADDR(3));
	KUNIT_EXPECT_EQ(test, v32(d->len), 100);
	KUNIT_EXPECT_EQ(test, v16(d->flags), 0);
	/* nothing new: no kick */
	KUNIT_EXPECT_FALSE(test, ohost_vring_kick_prepare(&c->r));
}

static void vring_test_post_errors(struct kunit *test)
{
	struct vring_case *c = start(test, false, false);

	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, NUM, 10), -EINVAL);
	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 0, BUF_SIZE + 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 0, 10), 0);
	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 0, 10), -EBUSY);
	KUNIT_EXPECT_EQ(test, ohost_vring_set_buf(&c->r, 0, 0, 1), -EBUSY);
	KUNIT_EXPECT_EQ(test, ohost_vring_set_buf(&c->r, NUM, 0, 1), -EINVAL);
}

/* A receive ring offers whole, device-writable buffers. */
static void vring_test_rx_desc(struct kunit *test)
{
	struct vring_case *c = start(test, false, true);

	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, v32(c->vr.desc[1].len), BUF_SIZE);
	KUNIT_EXPECT_EQ(test, v16(c->vr.desc[1].flags),
			VRING_DESC_F_WRITE);
}

static void vring_test_no_notify_flag(struct kunit *test)
{
	struct vring_case *c = start(test, false, false);

	c->vr.used->flags = to_v16(VRING_USED_F_NO_NOTIFY);
	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 0, 10), 0);
	KUNIT_EXPECT_FALSE(test, ohost_vring_kick_prepare(&c->r));
}

static void vring_test_get_in_order(struct kunit *test)
{
	struct vring_case *c = start(test, false, false);
	u32 len;

	post_all(test, c);
	KUNIT_EXPECT_EQ(test, ohost_vring_get(&c->r, &len), -EAGAIN);
	dev_put_used(c, 5, 100);
	dev_put_used(c, 2, 7);
	KUNIT_EXPECT_EQ(test, ohost_vring_get(&c->r, &len), 5);
	KUNIT_EXPECT_EQ(test, len, 100);
	KUNIT_EXPECT_EQ(test, ohost_vring_get(&c->r, &len), 2);
	KUNIT_EXPECT_EQ(test, len, 7);
	KUNIT_EXPECT_EQ(test, ohost_vring_get(&c->r, &len), -EAGAIN);
	KUNIT_EXPECT_EQ(test, c->r.busy, NUM - 2);
	/* the buffer can go out again */
	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 5, 10), 0);
}

static void vring_test_len_clamped(struct kunit *test)
{
	struct vring_case *c = start(test, false, true);
	u32 len;

	post_all(test, c);
	dev_put_used(c, 0, BUF_SIZE + 4096);
	KUNIT_EXPECT_EQ(test, ohost_vring_get(&c->r, &len), 0);
	KUNIT_EXPECT_EQ(test, len, BUF_SIZE);
	KUNIT_EXPECT_EQ(test, c->r.bad_len, 1UL);
	KUNIT_EXPECT_FALSE(test, c->r.broken);
}

/*
 * The hang of Linux 6.1's virtio_ring: F_NEXT on every descriptor.  Here
 * descriptors are never read back: the buffer comes back alone, and its
 * next post rewrites the descriptor.
 */
static void vring_test_desc_scribble(struct kunit *test)
{
	struct vring_case *c = start(test, false, false);
	u32 len;
	int i;

	post_all(test, c);
	for (i = 0; i < NUM; i++) {
		c->vr.desc[i].flags = to_v16(VRING_DESC_F_NEXT |
						  VRING_DESC_F_INDIRECT);
		c->vr.desc[i].next = to_v16(i);
		c->vr.desc[i].addr = to_v64(0xdead0000);
		c->vr.desc[i].len = to_v32(~0U);
	}
	/* and the avail ring too */
	for (i = 0; i < NUM; i++)
		c->vr.avail->ring[i] = to_v16(0xffff);
	dev_put_used(c, 4, 10);
	KUNIT_EXPECT_EQ(test, ohost_vring_get(&c->r, &len), 4);
	KUNIT_EXPECT_EQ(test, c->r.busy, NUM - 1);
	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 4, 20), 0);
	ohost_vring_kick_prepare(&c->r);
	KUNIT_EXPECT_EQ(test, v16(c->vr.desc[4].flags), 0);
	KUNIT_EXPECT_EQ(test, v64(c->vr.desc[4].addr), BUF_ADDR(4));
	KUNIT_EXPECT_EQ(test, v32(c->vr.desc[4].len), 20);
	KUNIT_EXPECT_EQ(test, dev_take(c), 4);
}

static void expect_broken(struct kunit *test, struct vring_case *c)
{
	u32 len;

	KUNIT_EXPECT_TRUE(test, c->r.broken);
	KUNIT_EXPECT_EQ(test, ohost_vring_get(&c->r, &len), -EIO);
	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 0, 1), -EIO);
	KUNIT_EXPECT_FALSE(test, ohost_vring_kick_prepare(&c->r));
	KUNIT_EXPECT_FALSE(test, ohost_vring_more_used(&c->r));
	KUNIT_EXPECT_FALSE(test, ohost_vring_irq_may_be_lost(&c->r));
}

static void vring_test_id_out_of_range(struct kunit *test)
{
	struct vring_case *c = start(test, false, false);
	u32 len;

	post_all(test, c);
	dev_put_used(c, NUM + 5, 10);
	KUNIT_EXPECT_EQ(test, ohost_vring_get(&c->r, &len), -EIO);
	expect_broken(test, c);
}

/* A returned id that the remote does not hold: returned twice. */
static void vring_test_id_twice(struct kunit *test)
{
	struct vring_case *c = start(test, false, false);
	u32 len;

	post_all(test, c);
	dev_put_used(c, 6, 10);
	dev_put_used(c, 6, 10);
	KUNIT_EXPECT_EQ(test, ohost_vring_get(&c->r, &len), 6);
	KUNIT_EXPECT_EQ(test, ohost_vring_get(&c->r, &len), -EIO);
	expect_broken(test, c);
}

/* A buffer never posted: bound, but not held by the remote. */
static void vring_test_id_never_posted(struct kunit *test)
{
	struct vring_case *c = start(test, false, false);
	u32 len;

	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 0, 1), 0);
	ohost_vring_kick_prepare(&c->r);
	dev_put_used(c, 1, 1);
	KUNIT_EXPECT_EQ(test, ohost_vring_get(&c->r, &len), -EIO);
	expect_broken(test, c);
}

/* used->idx further ahead than the buffers the remote holds. */
static void vring_test_idx_ahead(struct kunit *test)
{
	struct vring_case *c = start(test, false, false);

	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 0, 1), 0);
	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 1, 1), 0);
	ohost_vring_kick_prepare(&c->r);
	c->vr.used->idx = to_v16(3);
	KUNIT_EXPECT_TRUE(test, ohost_vring_more_used(&c->r));
	expect_broken(test, c);
}

static void vring_test_flags_cb(struct kunit *test)
{
	struct vring_case *c = start(test, false, false);

	/* starts disabled */
	KUNIT_EXPECT_EQ(test, v16(c->vr.avail->flags),
			VRING_AVAIL_F_NO_INTERRUPT);
	post_all(test, c);
	KUNIT_EXPECT_TRUE(test, ohost_vring_enable_cb(&c->r));
	KUNIT_EXPECT_EQ(test, v16(c->vr.avail->flags), 0);
	ohost_vring_disable_cb(&c->r);
	KUNIT_EXPECT_EQ(test, v16(c->vr.avail->flags),
			VRING_AVAIL_F_NO_INTERRUPT);
	/* a buffer came back while off: enabling says so */
	dev_put_used(c, 0, 1);
	KUNIT_EXPECT_FALSE(test, ohost_vring_enable_cb(&c->r));
}

static void vring_test_event_idx_cb(struct kunit *test)
{
	struct vring_case *c = start(test, true, false);
	u32 len;

	post_all(test, c);
	dev_put_used(c, 0, 1);
	dev_put_used(c, 1, 1);
	KUNIT_EXPECT_EQ(test, ohost_vring_get(&c->r, &len), 0);
	KUNIT_EXPECT_EQ(test, ohost_vring_get(&c->r, &len), 1);
	KUNIT_EXPECT_TRUE(test, ohost_vring_enable_cb(&c->r));
	/* "interrupt me when you pass entry 2"; flags are left alone */
	KUNIT_EXPECT_EQ(test, v16(vring_used_event(&c->vr)), 2);
	KUNIT_EXPECT_EQ(test, v16(c->vr.avail->flags), 0);
}

static void vring_test_event_idx_kick(struct kunit *test)
{
	struct vring_case *c = start(test, true, false);

	/* the remote wants a kick once avail passes entry 1 */
	vring_avail_event(&c->vr) = to_v16(1);
	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 0, 1), 0);
	KUNIT_EXPECT_FALSE(test, ohost_vring_kick_prepare(&c->r));
	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 1, 1), 0);
	KUNIT_EXPECT_TRUE(test, ohost_vring_kick_prepare(&c->r));
	/* busy remote: avail_event behind, no kick for more */
	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 2, 1), 0);
	KUNIT_EXPECT_FALSE(test, ohost_vring_kick_prepare(&c->r));
	/* NO_NOTIFY means nothing with event index */
	vring_avail_event(&c->vr) = to_v16(3);
	c->vr.used->flags = to_v16(VRING_USED_F_NO_NOTIFY);
	KUNIT_EXPECT_EQ(test, ohost_vring_post(&c->r, 3, 1), 0);
	KUNIT_EXPECT_TRUE(test, ohost_vring_kick_prepare(&c->r));
}

/* Buffers 0..n-1 once round the ring: avail and used advance by @n. */
static void cycle(struct kunit *test, struct vring_case *c, unsigned int n)
{
	u32 len;
	int id;

	while (n--) {
		KUNIT_ASSERT_EQ(test, ohost_vring_post(&c->r, 0, 1), 0);
		ohost_vring_kick_prepare(&c->r);
		id = dev_take(c);
		KUNIT_ASSERT_EQ(test, id, 0);
		dev_put_used(c, id, 1);
		KUNIT_ASSERT_EQ(test, ohost_vring_get(&c->r, &len), 0);
	}
}

/*
 * Indexes wrap at 65536; the virtio core's vring_interrupt() drops an
 * interrupt that finds used->idx at 0, which the ring says ahead of time.
 */
static void vring_test_wrap(struct kunit *test)
{
	struct vring_case *c = start(test, false, false);
	u32 len;
	int i;

	cycle(test, c, 65536 - 2 * NUM);
	KUNIT_EXPECT_FALSE(test, ohost_vring_irq_may_be_lost(&c->r));
	post_all(test, c);	/* the remote holds NUM buffers */
	KUNIT_EXPECT_FALSE(test, ohost_vring_irq_may_be_lost(&c->r));
	for (i = 0; i < NUM; i++) {
		dev_put_used(c, i, 1);
		KUNIT_ASSERT_EQ(test, ohost_vring_get(&c->r, &len), i);
		KUNIT_ASSERT_EQ(test, ohost_vring_post(&c->r, i, 1), 0);
		ohost_vring_kick_prepare(&c->r);
		KUNIT_ASSERT_EQ(test, dev_take(c), i);
	}
	/* last_used = 65536 - NUM, NUM held: the remote can end at 0 */
	KUNIT_EXPECT_TRUE(test, ohost_vring_irq_may_be_lost(&c->r));
	for (i = 0; i < NUM; i++) {
		dev_put_used(c, i, 1);
		KUNIT_ASSERT_EQ(test, ohost_vring_get(&c->r, &len), i);
	}
	/* past the wrap, and nothing held */
	KUNIT_EXPECT_EQ(test, c->r.last_used, 0);
	KUNIT_EXPECT_FALSE(test, ohost_vring_irq_may_be_lost(&c->r));
	cycle(test, c, 3);
	KUNIT_EXPECT_EQ(test, c->r.last_used, 3);
	KUNIT_EXPECT_FALSE(test, c->r.broken);
}

static struct kunit_case ohost_vring_cases[] = {
	KUNIT_CASE(vring_test_bad_size),
	KUNIT_CASE(vring_test_post_publishes),
	KUNIT_CASE(vring_test_post_errors),
	KUNIT_CASE(vring_test_rx_desc),
	KUNIT_CASE(vring_test_no_notify_flag),
	KUNIT_CASE(vring_test_get_in_order),
	KUNIT_CASE(vring_test_len_clamped),
	KUNIT_CASE(vring_test_desc_scribble),
	KUNIT_CASE(vring_test_id_out_of_range),
	KUNIT_CASE(vring_test_id_twice),
	KUNIT_CASE(vring_test_id_never_posted),
	KUNIT_CASE(vring_test_idx_ahead),
	KUNIT_CASE(vring_test_flags_cb),
	KUNIT_CASE(vring_test_event_idx_cb),
	KUNIT_CASE(vring_test_event_idx_kick),
	KUNIT_CASE(vring_test_wrap),
	{}
};

static struct kunit_suite ohost_vring_suite = {
	.name = "ohost_vring",
	.exit = vring_case_exit,
	.test_cases = ohost_vring_cases,
};

kunit_test_suite(ohost_vring_suite);

MODULE_DESCRIPTION("KUnit tests for the rpmsg transport's split-ring driver");
MODULE_LICENSE("GPL");
